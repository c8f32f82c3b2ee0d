//! Helpers shared by the integration tests.

/// The text of every operations module of a generated crate, one after another.
pub fn operations(out: &codegen::Output) -> String {
    out.files
        .iter()
        .filter(|(path, _)| path.starts_with("src/operations/"))
        .map(|(_, text)| text.as_str())
        .collect()
}
