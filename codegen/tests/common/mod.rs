//! Helpers shared by the integration tests.

/// The text of every operations module of a generated crate, one after another.
pub fn operations(out: &codegen::Output) -> String {
    out.files
        .iter()
        .filter(|(path, _)| path.starts_with("src/operations/"))
        .map(|(_, text)| text.as_str())
        .collect()
}

/// The text of one generated file, by its path in the crate.
#[allow(dead_code)] // Not every test file that includes this module uses it.
pub fn file<'a>(out: &'a codegen::Output, path: &str) -> &'a str {
    out.files
        .iter()
        .find(|(p, _)| p.as_str() == path)
        .map(|(_, text)| text.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}
