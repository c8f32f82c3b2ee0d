//! `paths`: the path items in order, a path item written as a `$ref` followed to the item it
//! refers to, and each path item deserialised operation by operation ([`super::operations`]),
//! problems inside an operation named after it.

use openapiv3::ReferenceOr;
use serde_json::Value;

use super::deserialize::{from_value, ref_or};
use super::operations::{list, operation};
use crate::diag::{Diagnostic, Diagnostics, push_pointer};
use crate::model::HttpMethod;

/// The document's path items in order: (path, pointer, raw item). Problems with `paths`
/// itself and with a path's key are reported; `x-` keys are skipped.
pub(crate) fn path_items<'v>(
    raw: &'v Value,
    diags: &mut Diagnostics,
) -> Vec<(&'v str, String, &'v Value)> {
    let mut out = Vec::new();
    match raw.get("paths") {
        None | Some(Value::Null) => {}
        Some(Value::Object(paths)) => {
            for (path, item) in paths {
                let ptr = push_pointer("#/paths", path);
                if path.starts_with("x-") {
                    continue;
                }
                if !path.starts_with('/') {
                    diags.push(Diagnostic::error(&ptr, "path must start with `/`"));
                    continue;
                }
                if let Some((ptr, item)) = follow_path_item_ref(raw, ptr, item, diags) {
                    out.push((path.as_str(), ptr, item));
                }
            }
        }
        Some(_) => diags.push(Diagnostic::error("#/paths", "`paths` must be an object")),
    }
    out
}

/// A path item written as a local `$ref` (to another path, or to `#/components/pathItems`
/// in 3.1) is the item it refers to, with that item's pointer (where its problems are); a
/// `$ref` that is external, does not resolve or goes round in circles is reported.
fn follow_path_item_ref<'v>(
    raw: &'v Value,
    mut ptr: String,
    mut item: &'v Value,
    diags: &mut Diagnostics,
) -> Option<(String, &'v Value)> {
    let at = ptr.clone();
    let mut seen = Vec::new();
    while let Some(reference) = item.get("$ref").and_then(Value::as_str) {
        let Some(fragment) = reference.strip_prefix('#') else {
            diags.push(Diagnostic::error(
                &at,
                format!("external path item `$ref` `{reference}` is not supported (only local `#/...` references)"),
            ));
            return None;
        };
        let decoded = unescape_for_lookup(fragment);
        let target = raw.pointer(&decoded).filter(|_| !seen.contains(&reference));
        let Some(target) = target else {
            let why = if seen.contains(&reference) {
                "refers back to itself"
            } else {
                "does not resolve to anything in the document"
            };
            diags.push(Diagnostic::error(
                &at,
                format!("path item `$ref` `{reference}` {why}"),
            ));
            return None;
        };
        ptr = format!("#{decoded}");
        seen.push(reference);
        item = target;
    }
    Some((ptr, item))
}

/// `/` pointers in `$ref`s are written escaped (`~1`); serde_json's `pointer` wants the
/// escaped form too, but `$ref`s in the wild also percent-encode. Undo the percent-encoding.
pub(crate) fn unescape_for_lookup(pointer: &str) -> String {
    percent_encoding::percent_decode_str(pointer)
        .decode_utf8_lossy()
        .into_owned()
}

/// A path item, each operation (and each of its parameters, responses and request body)
/// deserialised on its own so that problems are reported together and precisely.
pub(crate) fn path_item(
    item: &Value,
    ptr: &str,
    diags: &mut Diagnostics,
) -> Option<ReferenceOr<openapiv3::PathItem>> {
    let Value::Object(obj) = item else {
        diags.push(Diagnostic::error(ptr, "a Path Item must be an object"));
        return None;
    };
    if let Some(r) = obj.get("$ref") {
        return ref_or::<openapiv3::PathItem>(
            &Value::Object([("$ref".to_owned(), r.clone())].into_iter().collect()),
            ptr,
            "Path Item",
        )
        .map_err(|d| diags.push(d))
        .ok();
    }
    let mut shell = obj.clone();
    for m in HttpMethod::ALL {
        shell.remove(m.key());
    }
    let params = shell.remove("parameters");
    let mut out: openapiv3::PathItem = match from_value(&Value::Object(shell), ptr, "Path Item") {
        Ok(p) => p,
        Err(d) => {
            diags.push(d);
            openapiv3::PathItem::default()
        }
    };
    if let Some(params) = params {
        out.parameters = list(
            &params,
            &push_pointer(ptr, "parameters"),
            "Parameter",
            diags,
        );
    }
    for m in HttpMethod::ALL {
        let Some(op) = obj.get(m.key()) else { continue };
        let op_ptr = push_pointer(ptr, m.key());
        let before = diags.items.len();
        let parsed = operation(op, &op_ptr, diags);
        // Problems inside an operation name it, as lowering does.
        let path = ptr
            .strip_prefix("#/paths/")
            .map(|p| p.replace("~1", "/").replace("~0", "~"))
            .unwrap_or_default();
        let name = match op.get("operationId").and_then(Value::as_str) {
            Some(id) if !id.trim().is_empty() => id.to_owned(),
            _ => format!("{m} {path}"),
        };
        for d in &mut diags.items[before..] {
            if d.operation.is_none() {
                d.operation = Some(name.clone());
            }
        }
        let Some(op) = parsed else {
            continue;
        };
        let slot = match m {
            HttpMethod::Get => &mut out.get,
            HttpMethod::Put => &mut out.put,
            HttpMethod::Post => &mut out.post,
            HttpMethod::Delete => &mut out.delete,
            HttpMethod::Options => &mut out.options,
            HttpMethod::Head => &mut out.head,
            HttpMethod::Patch => &mut out.patch,
            HttpMethod::Trace => &mut out.trace,
        };
        *slot = Some(op);
    }
    Some(ReferenceOr::Item(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_refs() {
        assert_eq!(unescape_for_lookup("/paths/~1a%7Bb%7D"), "/paths/~1a{b}");
        assert_eq!(unescape_for_lookup("/x%"), "/x%");
    }
}
