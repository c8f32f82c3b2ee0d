//! Loading: document text (YAML or JSON) -> normalised JSON value, and the typed
//! (`openapiv3`) pieces read from it.
//!
//! The `openapiv3` crate models OpenAPI 3.0 only. OpenAPI 3.1 documents are rewritten into
//! the 3.0 shapes it understands first (see [`crate::normalize`]). The normalised JSON value
//! is the document: `$ref`s may point anywhere in it.
//!
//! The document is deserialised piece by piece (each path item, each operation's parameters,
//! responses and body, each component), as lowering needs it, for two reasons: several
//! problems are reported together instead of only the first one, and the typed tree of the
//! whole document (twice the size of the value) is never alive at once.

use openapiv3::{Components, OpenAPI, Paths, ReferenceOr};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, push_pointer};
use crate::model::HttpMethod;
use crate::normalize::normalize;

mod components;
mod deserialize;
mod parse;

pub(crate) use components::component_entries;
use components::section;
use deserialize::from_value;
pub(crate) use deserialize::{from_value_refined, ref_or};

/// A parsed document: the normalised JSON, and the typed skeleton (all but the paths and the
/// components other than the security schemes).
pub(crate) struct Loaded {
    pub(crate) api: OpenAPI,
    pub(crate) raw: Value,
}

/// Parses `text` (YAML or JSON), normalises 3.1 forms and deserialises it.
pub(crate) fn load(text: &str, diags: &mut Diagnostics) -> Option<Loaded> {
    let mut raw = parse::parse_text(text, diags)?;
    check_version(&raw, diags)?;
    normalize(&mut raw, diags);
    let api = deserialize_skeleton(&raw, diags)?;
    Some(Loaded { api, raw })
}

fn check_version(raw: &Value, diags: &mut Diagnostics) -> Option<()> {
    let Some(obj) = raw.as_object() else {
        diags.push(Diagnostic::error(
            "#",
            "the document must be an object (a mapping)",
        ));
        return None;
    };
    match obj.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => Some(()),
        Some(v) => {
            diags.push(Diagnostic::error(
                "#/openapi",
                format!("OpenAPI version `{v}` is not supported (3.0.x and 3.1.x are)"),
            ));
            None
        }
        None if obj.contains_key("swagger") => {
            diags.push(Diagnostic::error(
                "#/swagger",
                "Swagger 2.0 documents are not supported; convert to OpenAPI 3 first",
            ));
            None
        }
        None => {
            diags.push(Diagnostic::error(
                "#/openapi",
                "missing or non-string `openapi` version field",
            ));
            None
        }
    }
}

/// The typed skeleton: everything but the paths and the components, which are read piece by
/// piece while lowering (see [`path_items`], [`path_item`]) so that the typed tree of the
/// whole document is never alive at once. The security schemes are small and needed first,
/// so they are read here.
fn deserialize_skeleton(raw: &Value, diags: &mut Diagnostics) -> Option<OpenAPI> {
    let obj = raw.as_object()?;
    let mut skeleton = serde_json::Map::new();
    for (k, v) in obj {
        if k != "paths" && k != "components" && k != "webhooks" {
            skeleton.insert(k.clone(), v.clone());
        }
    }
    skeleton.insert("paths".into(), Value::Object(Default::default()));
    let mut api: OpenAPI = match from_value(&Value::Object(skeleton), "#", "OpenAPI document") {
        Ok(api) => api,
        Err(d) => {
            diags.push(d);
            // Keep going to report problems in paths and components too.
            OpenAPI::default()
        }
    };
    api.paths = Paths::default();
    api.components = match obj.get("components") {
        None | Some(Value::Null) => None,
        Some(Value::Object(_)) => Some(Components {
            security_schemes: section(raw, "securitySchemes", "Security Scheme", diags),
            ..Default::default()
        }),
        Some(_) => {
            diags.push(Diagnostic::error(
                "#/components",
                "`components` must be an object",
            ));
            None
        }
    };
    Some(api)
}

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

fn list<T: DeserializeOwned>(
    v: &Value,
    ptr: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> Vec<ReferenceOr<T>> {
    let Value::Array(items) = v else {
        diags.push(Diagnostic::error(
            ptr,
            format!("must be a list of {what} objects"),
        ));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match ref_or::<T>(item, &push_pointer(ptr, &i.to_string()), what) {
            Ok(t) => out.push(t),
            Err(d) => diags.push(d),
        }
    }
    out
}

fn operation(v: &Value, ptr: &str, diags: &mut Diagnostics) -> Option<openapiv3::Operation> {
    let Value::Object(obj) = v else {
        diags.push(Diagnostic::error(ptr, "an Operation must be an object"));
        return None;
    };
    let mut shell = obj.clone();
    let params = shell.remove("parameters");
    let body = shell.remove("requestBody");
    let responses = shell.remove("responses");
    shell.remove("callbacks");
    shell.insert("responses".into(), Value::Object(serde_json::Map::new()));
    let before = diags.items.len();
    let mut op: openapiv3::Operation = match from_value(&Value::Object(shell), ptr, "Operation") {
        Ok(o) => o,
        Err(d) => {
            diags.push(d);
            openapiv3::Operation::default()
        }
    };
    if let Some(p) = params {
        op.parameters = list(&p, &push_pointer(ptr, "parameters"), "Parameter", diags);
    }
    if let Some(b) = body {
        match ref_or(&b, &push_pointer(ptr, "requestBody"), "Request Body") {
            Ok(b) => op.request_body = Some(b),
            Err(d) => diags.push(d),
        }
    }
    let r_ptr = push_pointer(ptr, "responses");
    match responses {
        Some(Value::Object(map)) => {
            for (code, r) in map {
                let c_ptr = push_pointer(&r_ptr, &code);
                if code.starts_with("x-") {
                    continue;
                }
                let parsed = match ref_or::<openapiv3::Response>(&r, &c_ptr, "Response") {
                    Ok(p) => p,
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                };
                if code == "default" {
                    op.responses.default = Some(parsed);
                    continue;
                }
                match status_code(&code) {
                    Some(sc) => {
                        op.responses.responses.insert(sc, parsed);
                    }
                    None => diags.push(Diagnostic::error(
                        c_ptr,
                        format!("`{code}` is not a status code, a range like `4XX`, or `default`"),
                    )),
                }
            }
        }
        Some(_) => diags.push(Diagnostic::error(r_ptr, "`responses` must be an object")),
        None => diags.push(Diagnostic::error(
            r_ptr,
            "an operation must have `responses`",
        )),
    }
    (diags.items.len() == before).then_some(op)
}

fn status_code(code: &str) -> Option<openapiv3::StatusCode> {
    let b = code.as_bytes();
    if b.len() != 3 {
        return None;
    }
    if b[1..].eq_ignore_ascii_case(b"XX") && (b'1'..=b'5').contains(&b[0]) {
        return Some(openapiv3::StatusCode::Range(u16::from(b[0] - b'0')));
    }
    code.parse::<u16>()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .map(openapiv3::StatusCode::Code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_refs() {
        assert_eq!(unescape_for_lookup("/paths/~1a%7Bb%7D"), "/paths/~1a{b}");
        assert_eq!(unescape_for_lookup("/x%"), "/x%");
    }

    fn load_err(text: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        let _ = load(text, &mut d);
        assert!(d.has_errors());
        d.items.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn swagger_2_is_rejected_clearly() {
        let e = load_err("swagger: '2.0'\ninfo: {title: t, version: '1'}\n");
        assert_eq!(
            e,
            [
                "error at #/swagger: Swagger 2.0 documents are not supported; convert to OpenAPI 3 first"
            ]
        );
    }

    /// Errors of loading and lowering: paths and components are read while lowering.
    fn lower_err(text: &str) -> Vec<String> {
        let e = crate::lower_only(text, &crate::Config::new("t")).expect_err("fails");
        e.errors().map(ToString::to_string).collect()
    }

    #[test]
    fn several_problems_reported_together() {
        let doc = r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},
          "paths":{"/a":{"get":{"responses":"nope"}},"/b":{"get":{"parameters":[{"name":"x","in":"query","schema":{"type":"string"},"style":42}],"responses":{}}}},
          "components":{"schemas":{"A":{"type":"object","properties":[]}}}}"#;
        let e = lower_err(doc);
        assert!(e.len() >= 3, "{e:#?}");
        assert!(
            e.iter()
                .any(|m| m.starts_with("error at #/paths/~1a/get/responses (operation `GET /a`):")),
            "{e:#?}"
        );
        assert!(
            e.iter()
                .any(|m| m.starts_with("error at #/paths/~1b/get/parameters/0/style")),
            "{e:#?}"
        );
        assert!(
            e.iter().any(|m| m.contains("#/components/schemas/A")),
            "{e:#?}"
        );
    }
}
