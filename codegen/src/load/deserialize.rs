//! JSON value -> typed (`openapiv3`) piece, a failure reported at the JSON pointer of the
//! wrong node: [`from_value`], and [`ref_or`] for what may be a `$ref`. Inside a Schema or a
//! Parameter `serde` loses the path, so the innermost wrong node is found by hand
//! ([`refine`]).

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diag::{Diagnostic, brief, push_pointer};

/// Deserialises `value` as `T`, turning a failure into a diagnostic at the precise pointer.
pub(super) fn from_value<T: DeserializeOwned>(
    value: &Value,
    ptr: &str,
    what: &str,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let mut at = ptr.to_owned();
        for seg in e.path().iter() {
            use serde_path_to_error::Segment;
            match seg {
                Segment::Seq { index } => at = push_pointer(&at, &index.to_string()),
                Segment::Map { key } => at = push_pointer(&at, key),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        let inner = e.into_inner().to_string();
        let msg = if inner.contains("untagged enum ReferenceOr") {
            format!("not a valid {what} (nor a `$ref`)")
        } else if inner.contains("untagged enum") {
            format!("not a valid {what}: {inner}")
        } else {
            format!("invalid {what}: {inner}")
        };
        Diagnostic::error(at, msg)
    })
}

/// Deserialises `value` as `ReferenceOr<T>`, but as `T` directly when it is not a `$ref`, so
/// that a failure keeps its precise path (untagged enums lose it).
pub(crate) fn ref_or<T: DeserializeOwned>(
    value: &Value,
    ptr: &str,
    what: &str,
) -> Result<ReferenceOr<T>, Diagnostic> {
    match value.get("$ref") {
        Some(Value::String(r)) => Ok(ReferenceOr::Reference {
            reference: r.clone(),
        }),
        Some(_) => Err(Diagnostic::error(
            push_pointer(ptr, "$ref"),
            "`$ref` must be a string",
        )),
        None => from_value::<T>(value, ptr, what)
            .map(ReferenceOr::Item)
            .map_err(|d| refine(value, ptr, what, d)),
    }
}

/// [`from_value`], blaming the innermost wrong node of a Schema or Parameter.
pub(crate) fn from_value_refined<T: DeserializeOwned>(
    value: &Value,
    ptr: &str,
    what: &str,
) -> Result<T, Diagnostic> {
    from_value(value, ptr, what).map_err(|d| refine(value, ptr, what, d))
}

/// `serde` loses the path inside flattened and internally tagged types (a Schema, a
/// Parameter); find the innermost node that is wrong instead of blaming the whole object.
fn refine(value: &Value, ptr: &str, what: &str, d: Diagnostic) -> Diagnostic {
    if d.pointer != ptr {
        return d;
    }
    let found = match what {
        "Schema" => locate_schema_error(value, ptr),
        "Parameter" => locate_parameter_error(value, ptr),
        _ => None,
    };
    found.unwrap_or(d)
}

fn locate_parameter_error(value: &Value, ptr: &str) -> Option<Diagnostic> {
    let obj = value.as_object()?;
    if let Some(schema) = obj.get("schema") {
        let s_ptr = push_pointer(ptr, "schema");
        if let Err(d) = ref_or::<openapiv3::Schema>(schema, &s_ptr, "Schema") {
            return Some(d);
        }
    }
    for (key, kind) in [
        ("name", "a string"),
        ("in", "a string"),
        ("description", "a string"),
        ("style", "a string"),
        ("required", "a boolean"),
        ("deprecated", "a boolean"),
        ("explode", "a boolean"),
        ("allowEmptyValue", "a boolean"),
        ("allowReserved", "a boolean"),
    ] {
        if let Some(d) = check_scalar(obj, key, kind, ptr) {
            return Some(d);
        }
    }
    match obj.get("in").and_then(Value::as_str) {
        Some("path" | "query" | "header" | "cookie") => None,
        Some(other) => Some(Diagnostic::error(
            push_pointer(ptr, "in"),
            format!("`in` must be `path`, `query`, `header` or `cookie`, not `{other}`"),
        )),
        None => Some(Diagnostic::error(
            ptr,
            "a Parameter needs `name` and `in` (or a `$ref`)",
        )),
    }
}

/// The innermost sub-schema that does not deserialise, or the keyword of the wrong type.
fn locate_schema_error(value: &Value, ptr: &str) -> Option<Diagnostic> {
    let obj = value.as_object()?;
    let sub = |key: &str, v: &Value, at: String| -> Option<Diagnostic> {
        let _ = key;
        match from_value::<ReferenceOr<openapiv3::Schema>>(v, &at, "Schema") {
            Ok(_) => None,
            Err(d) => Some(locate_schema_error(v, &at).unwrap_or(d)),
        }
    };
    for key in ["properties", "patternProperties"] {
        match obj.get(key) {
            None => {}
            Some(Value::Object(map)) => {
                let base = push_pointer(ptr, key);
                for (name, v) in map {
                    if let Some(d) = sub(key, v, push_pointer(&base, name)) {
                        return Some(d);
                    }
                }
            }
            Some(_) => {
                return Some(Diagnostic::error(
                    push_pointer(ptr, key),
                    format!("`{key}` must be a map of schemas"),
                ));
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        match obj.get(key) {
            None => {}
            Some(Value::Array(list)) => {
                let base = push_pointer(ptr, key);
                for (i, v) in list.iter().enumerate() {
                    if let Some(d) = sub(key, v, push_pointer(&base, &i.to_string())) {
                        return Some(d);
                    }
                }
            }
            Some(_) => {
                return Some(Diagnostic::error(
                    push_pointer(ptr, key),
                    format!("`{key}` must be a list of schemas"),
                ));
            }
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        match obj.get(key) {
            None | Some(Value::Bool(_)) if key == "additionalProperties" => {}
            None => {}
            Some(v) => {
                if let Some(d) = sub(key, v, push_pointer(ptr, key)) {
                    return Some(d);
                }
            }
        }
    }
    for (key, kind) in [
        ("title", "a string"),
        ("description", "a string"),
        ("type", "a string"),
        ("readOnly", "a boolean"),
        ("writeOnly", "a boolean"),
        ("deprecated", "a boolean"),
        ("nullable", "a boolean"),
    ] {
        if let Some(d) = check_scalar(obj, key, kind, ptr) {
            return Some(d);
        }
    }
    if let Some(Value::Array(req)) = obj.get("required") {
        if let Some(i) = req.iter().position(|r| !r.is_string()) {
            return Some(Diagnostic::error(
                push_pointer(&push_pointer(ptr, "required"), &i.to_string()),
                "`required` lists property names (strings)",
            ));
        }
    }
    None
}

/// A keyword whose value must be a string or a boolean.
fn check_scalar(
    obj: &serde_json::Map<String, Value>,
    key: &str,
    kind: &str,
    ptr: &str,
) -> Option<Diagnostic> {
    let v = obj.get(key)?;
    let ok = match kind {
        "a string" => v.is_string(),
        _ => v.is_boolean(),
    };
    (!ok).then(|| {
        Diagnostic::error(
            push_pointer(ptr, key),
            format!("`{key}` must be {kind}, not `{}`", brief(v)),
        )
    })
}
