//! Insta snapshots of the smaller fixture crates (`fixtures/specs/`): the types and
//! operations each feature group turns into, reviewed as diffs when the generator changes
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test -p codegen --test
//! fixture_snapshots`). The crates themselves are generated into `fixtures/crates/` by
//! `cargo xtask fixtures` and compiled, linted and wire-tested there.

use std::path::Path;

/// The fixtures small enough to review as snapshots (the others are only compiled).
const SNAPSHOTTED: &[&str] = &[
    "types-3-1.yaml",
    "composition.yaml",
    "enums.yaml",
    "parameters.yaml",
    "statuses.yaml",
    "servers-security.yaml",
];

#[test]
fn fixture_outputs() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/specs");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/fixtures");
    settings.bind(|| {
        for file in SNAPSHOTTED {
            let text = std::fs::read_to_string(specs.join(file)).expect("fixture readable");
            let stem = file.rsplit_once('.').map_or(*file, |(s, _)| s);
            let mut config = codegen::Config::new(format!("fixture-{stem}"));
            config.command = "cargo xtask fixtures".into();
            let out = codegen::generate(&text, &config).unwrap_or_else(|e| panic!("{file}: {e}"));
            for (path, contents) in &out.files {
                let reviewed = path == "src/models.rs"
                    || path == "src/servers.rs"
                    || (path.starts_with("src/operations/") && path != "src/operations/mod.rs");
                if reviewed {
                    let name = format!(
                        "{stem}__{}",
                        path.trim_start_matches("src/").replace(['/', '.'], "_")
                    );
                    insta::assert_snapshot!(name, contents);
                }
            }
            let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
            insta::assert_snapshot!(format!("{stem}__warnings"), warnings.join("\n"));
        }
    });
}
