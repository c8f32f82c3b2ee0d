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
//!
//! The steps: [`parse`] (text -> value), the version check, normalising and the typed
//! skeleton (here); then, as lowering reaches them, the path items ([`paths`]) and their
//! operations ([`operations`]), and the entries of `components` ([`components`]), each piece
//! through [`deserialize`] (which locates the wrong node of a failure).

use openapiv3::{Components, OpenAPI, Paths};
use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::normalize::normalize;

mod components;
mod deserialize;
mod operations;
mod parse;
mod paths;

pub(crate) use components::component_entries;
use components::section;
use deserialize::from_value;
pub(crate) use deserialize::{from_value_refined, ref_or};
pub(crate) use paths::{path_item, path_items, unescape_for_lookup};

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

/// The document is an object with an `openapi` version 3.0.x or 3.1.x (a Swagger 2.0 document
/// is named as such).
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

#[cfg(test)]
mod tests {
    use super::*;

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
