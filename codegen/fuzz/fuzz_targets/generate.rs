//! Fuzz target: any bytes, read as a document, must give files or a `GenerateError`, never a
//! panic. Seed it with `fixtures/specs/` (see README.md, "Fuzzing") so that it starts from
//! real documents and mutates them.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = codegen::Config::new("fuzzed");
    if let Ok(out) = codegen::generate(text, &config) {
        // Whatever is generated is valid Rust.
        for (path, contents) in &out.files {
            if path.ends_with(".rs") {
                assert!(syn::parse_file(contents).is_ok(), "{path} does not parse");
            }
        }
    }
});
