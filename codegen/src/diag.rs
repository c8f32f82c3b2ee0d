//! Diagnostics: every problem names where (a JSON pointer, and the operation when there is
//! one) and what.

use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The document was understood, but something was approximated (e.g. typed as
    /// `serde_json::Value`). Generation goes on.
    Warning,
    /// The document is invalid or unsupported at this place. Generation fails.
    Error,
}

/// One problem found in the input document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// JSON pointer (RFC 6901) of the offending node, e.g. `#/paths/~1butler/get`.
    pub pointer: String,
    /// The operation the node belongs to, when it belongs to one.
    pub operation: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            pointer: pointer.into(),
            operation: None,
            message: message.into(),
        }
    }

    pub(crate) fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            pointer: pointer.into(),
            operation: None,
            message: message.into(),
        }
    }

    pub(crate) fn in_operation(mut self, operation: Option<&str>) -> Self {
        if self.operation.is_none() {
            self.operation = operation.map(str::to_owned);
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level} at {}", self.pointer)?;
        if let Some(op) = &self.operation {
            write!(f, " (operation `{op}`)")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A value as compact JSON for a message, cut after 60 characters.
pub(crate) fn brief(value: &serde_json::Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// Generation failed; holds every error found (not only the first) and the warnings so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError {
    /// All diagnostics, errors first, each group in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl GenerateError {
    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        writeln!(
            f,
            "the OpenAPI document has {n} error{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for d in &self.diagnostics {
            writeln!(f, "  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for GenerateError {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn push_pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// The last reference token of a JSON pointer, unescaped (`#/components/schemas/a~1b` ->
/// `a/b`): a component's key.
pub(crate) fn last_token(pointer: &str) -> String {
    let token = pointer.rsplit('/').next().unwrap_or_default();
    token.replace("~1", "/").replace("~0", "~")
}

/// Collects diagnostics while a pass runs.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    pub(crate) items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub(crate) fn into_error(mut self) -> GenerateError {
        // A node reached twice (a component, and a `$ref` to it) is reported once.
        let mut seen = std::collections::BTreeSet::new();
        self.items
            .retain(|d| seen.insert((d.severity, d.pointer.clone(), d.message.clone())));
        // Errors first; each group keeps document order (stable sort).
        self.items.sort_by_key(|d| std::cmp::Reverse(d.severity));
        GenerateError {
            diagnostics: self.items,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(
            push_pointer("#/paths", "/butler/{task}"),
            "#/paths/~1butler~1{task}"
        );
        assert_eq!(push_pointer("#", "a~b"), "#/a~0b");
    }

    #[test]
    fn display_names_place_operation_and_problem() {
        let d = Diagnostic::error("#/paths/~1x/get", "dangling $ref").in_operation(Some("getX"));
        assert_eq!(
            d.to_string(),
            "error at #/paths/~1x/get (operation `getX`): dangling $ref"
        );
    }
}
