//! The sections of `components` (`schemas`, `responses`, ...): their raw entries, which
//! lowering deserialises as it reaches them, or a whole section deserialised at once (the
//! security schemes, for the skeleton).

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::deserialize::ref_or;
use crate::diag::{Diagnostic, Diagnostics, push_pointer};

/// The raw entries of one section of `components` (`schemas`, `responses`, ...) in order,
/// with their pointers; a section that is not an object is reported.
pub(crate) fn component_entries<'v>(
    raw: &'v Value,
    key: &str,
    diags: &mut Diagnostics,
) -> Vec<(&'v str, String, &'v Value)> {
    let base = push_pointer("#/components", key);
    match raw.get("components").and_then(|c| c.get(key)) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(entries)) => entries
            .iter()
            .map(|(name, v)| (name.as_str(), push_pointer(&base, name), v))
            .collect(),
        Some(_) => {
            diags.push(Diagnostic::error(
                base,
                format!("`{key}` must be an object"),
            ));
            Vec::new()
        }
    }
}

/// One section of `components`, each entry deserialised (those that fail are reported and
/// left out).
pub(super) fn section<T: DeserializeOwned>(
    raw: &Value,
    key: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> indexmap::IndexMap<String, ReferenceOr<T>> {
    let mut out = indexmap::IndexMap::new();
    for (name, ptr, value) in component_entries(raw, key, diags) {
        match ref_or::<T>(value, &ptr, what) {
            Ok(t) => {
                out.insert(name.to_owned(), t);
            }
            Err(d) => diags.push(d),
        }
    }
    out
}
