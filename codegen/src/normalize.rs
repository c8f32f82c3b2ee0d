//! OpenAPI 3.1 -> the 3.0 shapes that the `openapiv3` crate deserialises.
//!
//! Every rewrite keeps the meaning the generator needs:
//! - `type: [T, "null"]` -> `type: T` + `nullable: true`; several non-null types ->
//!   `anyOf` with one branch per type; `type: "null"` alone -> `{nullable: true}` marked
//!   with `x-codegen-null`.
//! - `const: v` -> `enum: [v]`; numeric `exclusiveMinimum`/`exclusiveMaximum` and other
//!   validation keywords the generator does not use are dropped (they vary between drafts
//!   and would only make deserialisation fail).
//!   The constraints on a value (`pattern`, bounds, lengths, `minItems`) are kept aside in
//!   `x-codegen-constraints` (3.1 numeric exclusive bounds as a bound and a flag), for the
//!   README's examples, which must meet them.
//! - schema `examples: [..]` -> `example`; boolean schemas `true` / `false` -> `{}` / `{not: {}}`.
//! - `$ref` with sibling keywords (3.1 allows them) -> `allOf: [{$ref}]` plus the siblings.
//! - malformed-but-common shapes (`required: true` on a schema, enum values of the wrong
//!   JSON type, array-valued `items`) are repaired with a warning.
//! - a missing `paths` becomes `{}` (3.1 documents may have only webhooks or components).
//! - a string of bytes marked by `contentMediaType` (not text, JSON or XML) gets
//!   `format: binary`, as 3.0 marks it.
//! - an operation without `responses` (optional in 3.1; required in 3.0, so a warning there)
//!   gets `responses: {}`: none documented, any 2xx status is a success without a body.
//! - a 3.1 `mutualTLS` security scheme becomes an `http` scheme marked with [`MUTUAL_TLS`]
//!   (lowering keeps it apart: the client certificate belongs to the TLS layer,
//!   `ClientBuilder::client_identity`, and nothing is sent per request); the requirements
//!   naming it are kept.

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Diagnostics, brief, push_pointer};
use crate::http::{is_json, is_text, media_essence};

/// Keywords a schema may carry whose values are themselves schemas (or maps/lists of them).
const SUB_SCHEMA: &[&str] = &[
    "items",
    "not",
    "additionalProperties",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
];
const SUB_SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
const SUB_SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Validation keywords that are dropped: the generated types do not enforce them.
const DROPPED: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "pattern",
    "contentEncoding",
    "contentSchema",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "$comment",
];

/// The key the value constraints of a schema are kept under (read by `lower/samples.rs`).
pub(crate) const CONSTRAINTS: &str = "x-codegen-constraints";

/// Copies the constraints on a schema's values into [`CONSTRAINTS`], in 3.0's form (an
/// exclusive bound as the bound and `true`), before the keywords are dropped.
fn keep_constraints(obj: &mut Map<String, Value>) {
    let mut kept = Map::new();
    for key in [
        "pattern",
        "minLength",
        "maxLength",
        "minItems",
        "minProperties",
        "minimum",
        "maximum",
    ] {
        if let Some(v) = obj.get(key).filter(|v| v.is_string() || v.is_number()) {
            kept.insert(key.into(), v.clone());
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match obj.get(exclusive) {
            Some(Value::Bool(true)) => {
                kept.insert(exclusive.into(), Value::Bool(true));
            }
            Some(n @ Value::Number(_)) => {
                kept.insert(bound.into(), n.clone());
                kept.insert(exclusive.into(), Value::Bool(true));
            }
            _ => {}
        }
    }
    if !kept.is_empty() {
        obj.insert(CONSTRAINTS.into(), Value::Object(kept));
    }
}

/// Rewrites the whole document in place.
pub(crate) fn normalize(doc: &mut Value, diags: &mut Diagnostics) {
    if let Some(obj) = doc.as_object_mut() {
        if !obj.contains_key("paths") || obj.get("paths").is_some_and(Value::is_null) {
            obj.insert("paths".into(), Value::Object(Map::new()));
        }
    }
    mutual_tls(doc);
    missing_responses(doc, diags);
    walk(doc, "#", diags);
}

/// Gives every operation without `responses` an empty map (none documented), with a
/// warning in a 3.0 document, where `responses` is required.
fn missing_responses(doc: &mut Value, diags: &mut Diagnostics) {
    let is_3_0 = doc
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.0"));
    for_each_operation(doc, |pointer, op| {
        if op.contains_key("responses") {
            return;
        }
        op.insert("responses".into(), Value::Object(Map::new()));
        if is_3_0 {
            diags.push(Diagnostic::warning(
                pointer,
                "an operation without `responses` (3.0 requires them): none are \
                 documented, so any 2xx status is a success without a body",
            ));
        }
    });
}

/// Calls `f` with the pointer and the object of every operation, in `paths` and in
/// `components.pathItems`.
fn for_each_operation(doc: &mut Value, mut f: impl FnMut(String, &mut Map<String, Value>)) {
    for (section, pointer) in [
        ("/paths", "#/paths"),
        ("/components/pathItems", "#/components/pathItems"),
    ] {
        let Some(items) = doc.pointer_mut(section).and_then(Value::as_object_mut) else {
            continue;
        };
        for (path, item) in items.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in crate::model::HttpMethod::ALL {
                if let Some(op) = item.get_mut(method.key()).and_then(Value::as_object_mut) {
                    f(push_pointer(&push_pointer(pointer, path), method.key()), op);
                }
            }
        }
    }
}

/// The extension marking a `mutualTLS` security scheme, rewritten as an `http` scheme.
pub(crate) const MUTUAL_TLS: &str = "x-codegen-mutual-tls";

/// Rewrites each `mutualTLS` security scheme (which `openapiv3` does not read) as an `http`
/// scheme marked with [`MUTUAL_TLS`], keeping its description.
fn mutual_tls(doc: &mut Value) {
    let Some(schemes) = doc
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for scheme in schemes.values_mut() {
        if scheme.get("type").and_then(Value::as_str) != Some("mutualTLS") {
            continue;
        }
        let mut marked = Map::new();
        marked.insert("type".into(), "http".into());
        marked.insert("scheme".into(), "mutualTLS".into());
        if let Some(d) = scheme.get("description").filter(|d| d.is_string()) {
            marked.insert("description".into(), d.clone());
        }
        marked.insert(MUTUAL_TLS.into(), true.into());
        *scheme = Value::Object(marked);
    }
}

/// Walks non-schema parts of the document, handing every schema position to [`schema`].
fn walk(v: &mut Value, ptr: &str, diags: &mut Diagnostics) {
    match v {
        Value::Object(obj) => {
            let keys: Vec<String> = obj.keys().cloned().collect();
            for k in keys {
                if is_opaque_key(&k) {
                    continue;
                }
                let child_ptr = push_pointer(ptr, &k);
                let Some(child) = obj.get_mut(&k) else {
                    continue;
                };
                if k == "parameters" {
                    // Operation and path-item lists, and the components map.
                    match child {
                        Value::Array(list) => {
                            for (i, p) in list.iter_mut().enumerate() {
                                parameter_style(
                                    p,
                                    &push_pointer(&child_ptr, &i.to_string()),
                                    diags,
                                );
                            }
                        }
                        Value::Object(map) if ptr == "#/components" => {
                            for (name, p) in map.iter_mut() {
                                parameter_style(p, &push_pointer(&child_ptr, name), diags);
                            }
                        }
                        _ => {}
                    }
                    walk(child, &child_ptr, diags);
                } else if k == "schema" {
                    schema(child, &child_ptr, diags);
                } else if k == "schemas" && ptr == "#/components" {
                    if let Value::Object(map) = child {
                        for (name, s) in map.iter_mut() {
                            schema(s, &push_pointer(&child_ptr, name), diags);
                        }
                    }
                } else {
                    walk(child, &child_ptr, diags);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &push_pointer(ptr, &i.to_string()), diags);
            }
        }
        _ => {}
    }
}

/// A `style` that its location does not allow (`style: form` on a header, a leftover
/// `simple` on a query parameter) is dropped with a warning: the location's default applies.
fn parameter_style(p: &mut Value, ptr: &str, diags: &mut Diagnostics) {
    let Some(obj) = p.as_object_mut() else {
        return;
    };
    let (Some(location), Some(style)) = (
        obj.get("in").and_then(Value::as_str),
        obj.get("style").and_then(Value::as_str),
    ) else {
        return;
    };
    let allowed: &[&str] = match location {
        "path" => &["simple", "label", "matrix"],
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "header" => &["simple"],
        "cookie" => &["form"],
        _ => return,
    };
    if !allowed.contains(&style) {
        diags.push(Diagnostic::warning(
            push_pointer(ptr, "style"),
            format!("style `{style}` is not allowed in the {location}; the default style is used"),
        ));
        obj.remove("style");
    }
}

/// Values under these keys are data, not document structure: never rewritten.
fn is_opaque_key(k: &str) -> bool {
    // Not `default`: outside schemas it is the `default` response, whose schemas need
    // rewriting like any other (inside schemas, `schema_object` never walks data keywords).
    matches!(k, "example" | "examples") || k.starts_with("x-")
}

fn schema(v: &mut Value, ptr: &str, diags: &mut Diagnostics) {
    match v {
        Value::Bool(true) => *v = Value::Object(Map::new()),
        Value::Bool(false) => {
            let mut m = Map::new();
            m.insert("not".into(), Value::Object(Map::new()));
            *v = Value::Object(m);
        }
        Value::Object(obj) => schema_object(obj, ptr, diags),
        _ => {} // left to the deserialiser, which reports it with this pointer
    }
}

fn schema_object(obj: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    // Sub-schemas first, so a rewrite below moves already-normalised branches.
    for key in SUB_SCHEMA {
        if let Some(child) = obj.get_mut(*key) {
            if *key == "additionalProperties" && child.is_boolean() {
                continue;
            }
            if *key == "items" && child.is_array() {
                diags.push(Diagnostic::warning(
                    push_pointer(ptr, key),
                    "array-valued `items` (tuple form) is typed as a list of JSON values",
                ));
                *child = Value::Object(Map::new());
                continue;
            }
            schema(child, &push_pointer(ptr, key), diags);
        }
    }
    for key in SUB_SCHEMA_LISTS {
        if let Some(Value::Array(items)) = obj.get_mut(*key) {
            let base = push_pointer(ptr, key);
            for (i, item) in items.iter_mut().enumerate() {
                schema(item, &push_pointer(&base, &i.to_string()), diags);
            }
        }
    }
    for key in SUB_SCHEMA_MAPS {
        if let Some(Value::Object(map)) = obj.get_mut(*key) {
            let base = push_pointer(ptr, key);
            for (name, item) in map.iter_mut() {
                schema(item, &push_pointer(&base, name), diags);
            }
        }
    }

    let encoded = obj.contains_key("contentEncoding");
    keep_constraints(obj);
    for key in DROPPED {
        obj.remove(*key);
    }
    if let Some(Value::Array(examples)) = obj.remove("examples") {
        if !obj.contains_key("example") {
            if let Some(first) = examples.into_iter().next() {
                obj.insert("example".into(), first);
            }
        }
    }
    if let Some(c) = obj.remove("const") {
        if !obj.contains_key("type") {
            if let Some(t) = json_type_of(&c) {
                obj.insert("type".into(), Value::String(t.into()));
            }
        }
        obj.insert("enum".into(), Value::Array(vec![c]));
    }
    if obj.get("required").is_some_and(|r| !r.is_array()) {
        obj.remove("required");
        diags.push(Diagnostic::warning(
            push_pointer(ptr, "required"),
            "`required` on a schema must be a list of property names; ignored",
        ));
    }
    if obj.get("nullable").is_some_and(|n| !n.is_boolean()) {
        obj.remove("nullable");
    }
    if obj.get("format").is_some_and(|f| !f.is_string()) {
        obj.remove("format");
    }

    normalize_type(obj, ptr, diags);
    if !encoded {
        binary_content(obj);
    }
    fix_enum_values(obj, ptr, diags);

    if obj.contains_key("$ref") && obj.len() > 1 {
        ref_with_siblings(obj);
    }
}

/// 3.1 marks a string of raw bytes by their media type (`contentMediaType: image/png`, and
/// no `contentEncoding`, checked by the caller); 3.0 by `format: binary`, which is what the
/// generator reads (a binary property of a `multipart/form-data` body is a file part).
/// Text, JSON and XML media types stay strings.
fn binary_content(obj: &mut Map<String, Value>) {
    let Some(media) = obj.get("contentMediaType").and_then(Value::as_str) else {
        return;
    };
    let essence = media_essence(media);
    let textual = is_text(&essence) || is_json(&essence);
    let string = obj.get("type").is_none_or(|t| t == "string");
    if textual || !string || obj.contains_key("format") {
        return;
    }
    obj.insert("type".into(), Value::String("string".into()));
    obj.insert("format".into(), Value::String("binary".into()));
}

fn json_type_of(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => return None,
    })
}

fn normalize_type(obj: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let types: Vec<String> = match obj.get("type") {
        None => return,
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(list)) => {
            let mut out = Vec::new();
            for t in list {
                // YAML reads an unquoted `null` in `type: [null, integer]` as the null value.
                let name = if t.is_null() {
                    Some("null")
                } else {
                    t.as_str()
                };
                match name {
                    Some(s) if !out.iter().any(|o: &String| o == s) => out.push(s.to_owned()),
                    Some(_) => {}
                    None => {
                        let message = format!("`type` entries must be strings, not `{}`", brief(t));
                        diags.push(Diagnostic::error(push_pointer(ptr, "type"), message));
                        // Reported once: deserialising the schema would fail on it again.
                        obj.remove("type");
                        return;
                    }
                }
            }
            out
        }
        Some(other) => {
            let message = format!(
                "`type` must be a string or a list of strings, not `{}`",
                brief(other)
            );
            diags.push(Diagnostic::error(push_pointer(ptr, "type"), message));
            obj.remove("type");
            return;
        }
    };
    const KNOWN: &[&str] = &[
        "string", "number", "integer", "boolean", "array", "object", "null",
    ];
    if let Some(bad) = types.iter().find(|t| !KNOWN.contains(&t.as_str())) {
        diags.push(Diagnostic::error(
            push_pointer(ptr, "type"),
            format!("unknown type `{bad}`"),
        ));
        obj.remove("type");
        return;
    }
    let nullable = types.iter().any(|t| t == "null");
    let rest: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    if nullable {
        obj.insert("nullable".into(), Value::Bool(true));
    }
    match rest.as_slice() {
        [] => {
            obj.remove("type");
            if nullable {
                obj.insert("x-codegen-null".into(), Value::Bool(true));
            }
        }
        [one] => {
            obj.insert("type".into(), Value::String((*one).clone()));
        }
        many => {
            // One branch per type, each with the keywords that apply to it.
            let branches: Vec<Value> = many
                .iter()
                .map(|t| {
                    let mut b = Map::new();
                    b.insert("type".into(), Value::String((*t).clone()));
                    for (k, v) in obj.iter() {
                        if keyword_applies(k, t) {
                            b.insert(k.clone(), v.clone());
                        }
                    }
                    Value::Object(b)
                })
                .collect();
            obj.remove("type");
            obj.retain(|k, _| {
                ![
                    "items",
                    "properties",
                    "additionalProperties",
                    "required",
                    "format",
                    "enum",
                ]
                .contains(&k.as_str())
            });
            obj.insert("anyOf".into(), Value::Array(branches));
        }
    }
}

fn keyword_applies(keyword: &str, ty: &str) -> bool {
    match keyword {
        "items" => ty == "array",
        "properties" | "additionalProperties" | "required" => ty == "object",
        "format" => matches!(ty, "string" | "integer" | "number"),
        "enum" => true,
        _ => false,
    }
}

/// `openapiv3` types enum values by the schema type; coerce what can be coerced.
fn fix_enum_values(obj: &mut Map<String, Value>, ptr: &str, diags: &mut Diagnostics) {
    let ty = obj.get("type").and_then(Value::as_str).map(str::to_owned);
    let Some(Value::Array(values)) = obj.get_mut("enum") else {
        if obj.get("enum").is_some_and(|e| !e.is_array()) {
            obj.remove("enum");
            diags.push(Diagnostic::warning(
                push_pointer(ptr, "enum"),
                "`enum` must be a list; ignored",
            ));
        }
        return;
    };
    let ok = |v: &Value| match ty.as_deref() {
        Some("string") => v.is_string() || v.is_null(),
        Some("integer") => v.is_i64() || v.is_u64() || v.is_null(),
        Some("number") => v.is_number() || v.is_null(),
        Some("boolean") => v.is_boolean() || v.is_null(),
        _ => true,
    };
    if values.iter().all(ok) {
        return;
    }
    if ty.as_deref() == Some("string") {
        for v in values.iter_mut() {
            if !ok(v) {
                let text = match &*v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                *v = Value::String(text);
            }
        }
        return;
    }
    if ty.as_deref() == Some("integer")
        && values
            .iter()
            .all(|v| v.as_f64().is_some_and(|f| f.fract() == 0.0) || v.is_null())
    {
        for v in values.iter_mut() {
            if let Some(f) = v.as_f64() {
                *v = Value::from(f as i64);
            }
        }
        return;
    }
    obj.remove("enum");
    diags.push(Diagnostic::warning(
        push_pointer(ptr, "enum"),
        "enum values do not match the schema type; the values are not enforced",
    ));
}

fn ref_with_siblings(obj: &mut Map<String, Value>) {
    let Some(reference) = obj.remove("$ref") else {
        return;
    };
    let mut r = Map::new();
    r.insert("$ref".into(), reference);
    match obj.get_mut("allOf") {
        Some(Value::Array(list)) => list.insert(0, Value::Object(r)),
        _ => {
            obj.insert("allOf".into(), Value::Array(vec![Value::Object(r)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(schema_json: Value) -> (Value, Vec<String>) {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema_json}}});
        let mut d = Diagnostics::default();
        normalize(&mut doc, &mut d);
        (
            doc["components"]["schemas"]["S"].take(),
            d.items.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn binary_content_media_types_are_format_binary() {
        let binary = json!({"type": "string", "format": "binary"});
        assert_eq!(
            norm(json!({"contentMediaType": "image/png"})).0["format"],
            "binary"
        );
        assert_eq!(
            norm(json!({"type": "string", "contentMediaType": "application/octet-stream"})).0,
            json!({"type": "string", "format": "binary", "contentMediaType": "application/octet-stream"})
        );
        let nullable = norm(json!({"type": ["string", "null"], "contentMediaType": "image/png"})).0;
        assert_eq!(
            (&nullable["format"], &nullable["nullable"]),
            (&binary["format"], &json!(true))
        );
        // Text, JSON and XML stay strings; base64 text is not raw bytes; a format is kept.
        for untouched in [
            json!({"type": "string", "contentMediaType": "application/json"}),
            json!({"type": "string", "contentMediaType": "text/csv; charset=utf-8"}),
            json!({"type": "string", "contentMediaType": "application/atom+xml"}),
            json!({"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"}),
            json!({"type": "string", "contentMediaType": "image/png", "format": "uri"}),
            json!({"type": "integer", "contentMediaType": "image/png"}),
        ] {
            let format = norm(untouched.clone()).0.get("format").cloned();
            assert_ne!(format, Some(json!("binary")), "{untouched}");
        }
    }

    #[test]
    fn nullable_type_arrays() {
        assert_eq!(
            norm(json!({"type": ["string", "null"]})).0,
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            norm(json!({"type": ["null", "integer"]})).0,
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            norm(json!({"type": [null, "integer"]})).0,
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            norm(json!({"type": ["integer"]})).0,
            json!({"type": "integer"})
        );
        assert_eq!(
            norm(json!({"type": ["array", "null"], "items": {"type": ["string", "null"]}})).0,
            json!({"type": "array", "nullable": true, "items": {"type": "string", "nullable": true}})
        );
    }

    #[test]
    fn standalone_null_type() {
        assert_eq!(
            norm(json!({"type": "null"})).0,
            json!({"nullable": true, "x-codegen-null": true})
        );
    }

    #[test]
    fn multi_type_becomes_any_of() {
        let (v, _) =
            norm(json!({"type": ["integer", "string"], "format": "int32", "description": "d"}));
        assert_eq!(
            v,
            json!({"description": "d", "anyOf": [{"type": "integer", "format": "int32"}, {"type": "string", "format": "int32"}]})
        );
    }

    #[test]
    fn const_becomes_single_enum() {
        assert_eq!(
            norm(json!({"const": "x"})).0,
            json!({"type": "string", "enum": ["x"]})
        );
        assert_eq!(
            norm(json!({"type": "integer", "const": 3})).0,
            json!({"type": "integer", "enum": [3]})
        );
    }

    #[test]
    fn ref_siblings_and_examples() {
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/T", "description": "d"})).0,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            norm(json!({"type": "string", "examples": ["a", "b"]})).0,
            json!({"type": "string", "example": "a"})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_and_bool_schemas() {
        assert_eq!(
            norm(json!({"type": "number", "exclusiveMinimum": 0})).0,
            json!({"type": "number", "x-codegen-constraints": {"minimum": 0, "exclusiveMinimum": true}})
        );
        assert_eq!(
            norm(json!({"type": "object", "properties": {"a": true, "b": false}})).0,
            json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}})
        );
    }

    #[test]
    fn repairs_are_warned() {
        let (v, w) = norm(
            json!({"type": "object", "required": true, "properties": {"e": {"type": "string", "enum": [1, "b"]}}}),
        );
        assert_eq!(
            v,
            json!({"type": "object", "properties": {"e": {"type": "string", "enum": ["1", "b"]}}})
        );
        assert_eq!(
            w,
            [
                "warning at #/components/schemas/S/required: `required` on a schema must be a list of property names; ignored"
            ]
        );
    }

    #[test]
    fn examples_are_not_rewritten() {
        let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"200": {"description": "x",
            "content": {"application/json": {"schema": {"type": ["string", "null"]}, "example": {"schema": {"type": ["a"]}}}}}}}}}});
        let mut d = Diagnostics::default();
        normalize(&mut doc, &mut d);
        let media = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"], json!({"type": "string", "nullable": true}));
        assert_eq!(media["example"], json!({"schema": {"type": ["a"]}}));
    }

    #[test]
    fn parameter_styles_that_do_not_fit_the_location_are_dropped() {
        let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": [
            {"name": "h", "in": "header", "style": "form", "schema": {"type": "string"}},
            {"name": "q", "in": "query", "style": "deepObject", "schema": {"type": "object"}}
        ]}}}, "components": {"parameters": {"P": {"name": "p", "in": "query", "style": "simple"}}}});
        let mut d = Diagnostics::default();
        normalize(&mut doc, &mut d);
        let params = &doc["paths"]["/a"]["get"]["parameters"];
        assert_eq!(params[0].get("style"), None);
        assert_eq!(params[1]["style"], "deepObject");
        assert_eq!(doc["components"]["parameters"]["P"].get("style"), None);
        let w: Vec<String> = d.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            w,
            [
                "warning at #/paths/~1a/get/parameters/0/style: style `form` is not allowed in the header; the default style is used",
                "warning at #/components/parameters/P/style: style `simple` is not allowed in the query; the default style is used"
            ]
        );
    }

    #[test]
    fn default_responses_are_normalised() {
        let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"default": {
            "description": "x",
            "content": {"application/json": {"schema": {"type": ["string", "null"]}},
                        "text/plain": {"schema": false}}}}}}}});
        normalize(&mut doc, &mut Diagnostics::default());
        let content = &doc["paths"]["/a"]["get"]["responses"]["default"]["content"];
        assert_eq!(
            content["application/json"]["schema"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(content["text/plain"]["schema"], json!({"not": {}}));
    }

    #[test]
    fn missing_paths_added() {
        let mut doc = json!({"openapi": "3.1.0"});
        normalize(&mut doc, &mut Diagnostics::default());
        assert_eq!(doc["paths"], json!({}));
    }
}
