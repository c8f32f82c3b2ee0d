//! Globals: the header parameters of `x-speakeasy-globals`, set once on the client. An
//! operation's header parameter is one when it is the same `$ref` as an entry or, as
//! Speakeasy matches them (a dereferenced document keeps them), has the same name and type.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Lowerer;
use crate::model::{Global, Param, ParamIn};
use crate::names::{self, Scope};

/// A header parameter of `x-speakeasy-globals`: a client-wide setting that operations
/// declaring the parameter take by default.
struct GlobalDef {
    /// The `$ref` the entry is written as, if any.
    reference: Option<String>,
    /// The header's name (matched case-insensitively, as HTTP header names are).
    header: String,
    /// The setting's name in the SDK (`x-speakeasy-name-override`), if the entry gives one.
    name_override: Option<String>,
}

/// The document's globals, and those operations have used so far.
pub(super) struct Globals {
    defs: Vec<GlobalDef>,
    /// In the order operations first use them.
    list: Vec<Global>,
    /// Entry of `defs` -> index in `list`.
    by_def: BTreeMap<usize, usize>,
    /// Setters on the client builder.
    builder_scope: Scope,
}

impl Globals {
    /// The globals operations use, in the order they first do.
    pub(super) fn into_list(self) -> Vec<Global> {
        self.list
    }

    /// The Rust name of the global at `index`.
    pub(super) fn rust(&self, index: usize) -> &str {
        &self.list[index].rust
    }
}

impl Lowerer<'_> {
    /// The header parameters listed in `x-speakeasy-globals`.
    pub(super) fn globals(&self) -> Globals {
        let defs = (self.spec.extensions.get("x-speakeasy-globals"))
            .and_then(|g| g.get("parameters"))
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(|p| self.global_def(p)).collect())
            .unwrap_or_default();
        Globals {
            defs,
            list: Vec::new(),
            by_def: BTreeMap::new(),
            builder_scope: Scope::with_reserved(names::RESERVED_BUILDER_METHODS),
        }
    }

    /// An entry of `x-speakeasy-globals.parameters`, when it is (or refers to) a header
    /// parameter; other locations are not client-wide settings here and are skipped.
    fn global_def(&self, entry: &Value) -> Option<GlobalDef> {
        let reference = entry.get("$ref").and_then(Value::as_str);
        let param = match reference {
            Some(r) => self.refs.lookup(r).ok()?.value,
            None => entry,
        };
        let header = param.get("name").and_then(Value::as_str)?;
        (param.get("in").and_then(Value::as_str) == Some("header")).then(|| GlobalDef {
            reference: reference.map(str::to_owned),
            header: header.to_owned(),
            name_override: param
                .get("x-speakeasy-name-override")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }

    /// The global (an index into the list) that `param`, declared at `ptr` (through the
    /// `$ref` `via`, if any), is; made when an operation first uses it. A header with the
    /// name of a global but another type stays the operation's own, with a warning.
    pub(super) fn global_for(
        &mut self,
        globals: &mut Globals,
        param: &Param,
        via: Option<&str>,
        name_override: Option<&str>,
        ptr: &str,
    ) -> Option<usize> {
        if param.location != ParamIn::Header {
            return None;
        }
        let by_ref = || {
            let r = via?;
            (globals.defs.iter()).position(|g| g.reference.as_deref() == Some(r))
        };
        let by_name =
            || (globals.defs.iter()).position(|g| g.header.eq_ignore_ascii_case(&param.wire));
        let def = by_ref().or_else(by_name)?;
        if let Some(&g) = globals.by_def.get(&def) {
            if globals.list[g].ty != param.ty {
                self.warn(
                    ptr,
                    format!(
                        "header `{}` has the name of a global parameter (`x-speakeasy-globals`) but another type; it stays this operation's own parameter",
                        param.wire
                    ),
                );
                return None;
            }
            return Some(g);
        }
        let base = (globals.defs[def].name_override.as_deref())
            .or(name_override)
            .map(names::snake)
            .unwrap_or_else(|| {
                let s = names::snake(&param.wire);
                s.strip_prefix("x_").map(str::to_owned).unwrap_or(s)
            });
        globals.list.push(Global {
            // The entry's spelling (an operation may spell it otherwise).
            wire: globals.defs[def].header.clone(),
            rust: (globals.builder_scope).claim(&[base.clone(), format!("{base}_header")]),
            ty: param.ty.clone(),
            doc: param.doc.clone(),
            example: param.example.clone(),
        });
        globals.by_def.insert(def, globals.list.len() - 1);
        Some(globals.list.len() - 1)
    }
}
