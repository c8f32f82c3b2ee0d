//! Insta snapshots of the generator's warnings for each fixture document
//! (`fixtures/specs/`): what each feature group could not type precisely, reviewed as diffs
//! when the generator changes (`cargo insta review`, or `INSTA_UPDATE=always cargo test -p
//! codegen --test fixture_snapshots`).
//!
//! The generated code itself has one reviewed copy: the crates in `fixtures/crates/`, written
//! by `cargo xtask fixtures` (its `--check` fails on drift) and compiled, linted and
//! wire-tested there.

use std::path::Path;

#[test]
fn fixture_warnings() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/specs");
    let mut files: Vec<_> = std::fs::read_dir(&specs)
        .expect("fixtures/specs is readable")
        .map(|entry| entry.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/fixtures");
    settings.bind(|| {
        for path in &files {
            let text = std::fs::read_to_string(path).expect("fixture readable");
            let stem = path.file_stem().expect("a file name").to_string_lossy();
            let config = codegen::Config::new(format!("fixture-{stem}"));
            let out = codegen::generate(&text, &config)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
            insta::assert_snapshot!(format!("{stem}__warnings"), warnings.join("\n"));
        }
    });
}
