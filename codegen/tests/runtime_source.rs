//! How a generated crate gets its runtime: vendored (a self-contained copy in `runtime/`,
//! without the runtime's unit tests) or as a dependency on this repository's runtime crate.

use std::path::Path;

fn butler(runtime: codegen::RuntimeSource) -> codegen::Output {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/plex-api-spec.yaml"),
    )
    .expect("the bundled spec is readable");
    let mut config = codegen::Config::new("demo");
    config.tags = vec!["Butler".into()];
    config.runtime = runtime;
    codegen::generate(&spec, &config).expect("generates")
}

#[test]
fn a_vendored_runtime_is_the_runtime_crate_without_its_tests() {
    let out = butler(codegen::RuntimeSource::Vendored);
    let runtime_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let mut sources = 0;
    for entry in std::fs::read_dir(&runtime_dir).expect("runtime/src is readable") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let original = std::fs::read_to_string(&path).expect("readable");
        let vendored = out
            .files
            .get(&format!("runtime/src/{name}"))
            .unwrap_or_else(|| panic!("runtime/src/{name} is not vendored"));
        assert!(!vendored.contains("#[cfg(test)]"), "{name} keeps its tests");
        syn::parse_file(vendored).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Everything before the tests is copied as it is, after the generated-file header.
        let body = original
            .split("\n#[cfg(test)]\nmod tests")
            .next()
            .unwrap()
            .trim_end();
        assert!(vendored.contains(body), "{name} is not copied verbatim");
        sources += 1;
    }
    assert!(sources >= 10);
    let manifest = &out.files["runtime/Cargo.toml"];
    assert!(manifest.contains("name = \"demo-runtime\""), "{manifest}");
    assert!(!manifest.contains("workspace"), "{manifest}");
    assert!(!manifest.contains("dev-dependencies"), "{manifest}");
    assert!(out.files["Cargo.toml"].contains("path = \"runtime\""));
    assert!(out.files["src/lib.rs"].contains("pub use ::demo_runtime as runtime;"));
}

#[test]
fn a_runtime_dependency_writes_no_runtime_files() {
    let out = butler(codegen::RuntimeSource::Path("../runtime".into()));
    assert!(out.files.keys().all(|f| !f.starts_with("runtime/")));
    assert!(
        out.files["Cargo.toml"]
            .contains("codegen-runtime = { version = \"=0.1.0\", path = \"../runtime\"")
    );
    assert!(out.files["src/lib.rs"].contains("pub use ::codegen_runtime as runtime;"));
    // The rest of the crate is the same either way.
    let vendored = butler(codegen::RuntimeSource::Vendored);
    for (path, contents) in &out.files {
        if path.starts_with("src/operations/") || path == "src/models.rs" {
            assert_eq!(contents, &vendored.files[path], "{path}");
        }
    }
}
