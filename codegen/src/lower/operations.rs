//! Operations: which are generated (by tag), in which module, under which names; each one
//! lowered in named steps (parameters, path, body, responses, security, servers), one path
//! item at a time.

use std::collections::BTreeSet;

use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use super::Lowerer;
use super::globals::Globals;
use super::servers::operation_servers;
use crate::Config;
use crate::diag::push_pointer;
use crate::docs::clean_doc;
use crate::load;
use crate::model::{Deprecated, Global, HttpMethod, Module, MutualTls, Operation, SecurityScheme};
use crate::names::{self, Scope};

/// An operation to generate, read from the raw document before its path item is deserialised.
struct Selected {
    /// The tag it is generated under (its module).
    tag: String,
    /// Its path item, as an index into the document's path items.
    item: usize,
    method: HttpMethod,
}

/// Names given out across operations.
struct Naming {
    modules: Vec<Module>,
    /// The crate's own modules, and crates a module must not shadow.
    module_scope: Scope,
    /// Methods on `Client`.
    method_scope: Scope,
    /// The names operations are named from so far (their operationIds, or method and path).
    seen: BTreeSet<String>,
}

/// An operation's names.
pub(super) struct OpNames {
    /// The operationId (or one made from method and path).
    pub(super) id: String,
    /// The method name in camel case, which the operation's types start with.
    pub(super) camel: String,
    method_name: String,
    request_type: String,
    error_type: String,
}

/// What lowering one operation needs to know.
pub(super) struct OpCtx<'o> {
    pub(super) names: OpNames,
    pub(super) method: HttpMethod,
    /// The path as written (with a query string, if the document writes one).
    pub(super) path: &'o str,
    pub(super) ptr: &'o str,
    pub(super) op: &'o oa::Operation,
    pub(super) item: &'o oa::PathItem,
    pub(super) schemes: &'o [SecurityScheme],
    pub(super) mutual_tls: &'o [MutualTls],
}

impl Lowerer<'_> {
    /// Every generated operation, in modules by tag, and the client-wide headers they use.
    pub(super) fn operations(
        &mut self,
        config: &Config,
        schemes: &[SecurityScheme],
        mutual_tls: &[MutualTls],
    ) -> (Vec<Module>, Vec<Global>) {
        let items = load::path_items(self.raw, self.diags);
        let selected = self.select_operations(&items, config);
        let mut globals = self.globals();
        let mut naming = Naming {
            modules: Vec::new(),
            module_scope: Scope::with_reserved(&[
                "runtime",
                "models",
                "operations",
                "servers",
                "client",
                "blocking",
                "std",
                "core",
                "alloc",
                "serde",
                "serde_json",
                "reqwest",
                "bytes",
                "tokio",
                "tracing",
            ]),
            method_scope: Scope::with_reserved(names::RESERVED_CLIENT_METHODS),
            seen: BTreeSet::new(),
        };
        let mut selected = selected.into_iter().peekable();
        for (i, (path, item_ptr, raw_item)) in items.into_iter().enumerate() {
            // Problems of the path item itself belong to no operation.
            self.op = None;
            let item = match load::path_item(raw_item, &item_ptr, self.diags) {
                Some(ReferenceOr::Item(item)) => Some(item),
                Some(ReferenceOr::Reference { reference }) => {
                    self.error(
                        &item_ptr,
                        format!("path item `$ref` `{reference}` is not supported"),
                    );
                    None
                }
                None => None,
            };
            while let Some(Selected { tag, method, .. }) = selected.next_if(|s| s.item == i) {
                // An operation that failed to deserialise was reported and is skipped.
                let Some((item, op)) = item.as_ref().and_then(|item| {
                    item.iter()
                        .find(|(m, _)| *m == method.key())
                        .map(|(_, op)| (item, op))
                }) else {
                    continue;
                };
                let (module, names) = self.name_operation(&mut naming, &tag, method, path, op);
                let operation = self.operation(
                    OpCtx {
                        names,
                        method,
                        path,
                        ptr: &push_pointer(&item_ptr, method.key()),
                        op,
                        item,
                        schemes,
                        mutual_tls,
                    },
                    &mut globals,
                );
                naming.modules[module].operations.push(operation);
            }
        }
        self.op = None;
        (naming.modules, globals.into_list())
    }

    /// Which operations are generated, under which tag, in document order. Read from the raw
    /// value; each path item is deserialised later, lowered and dropped before the next one.
    /// A tag asked for that no operation has is an error.
    fn select_operations(
        &mut self,
        items: &[(&str, String, &Value)],
        config: &Config,
    ) -> Vec<Selected> {
        let mut selected = Vec::new();
        let mut all_tags: BTreeSet<String> =
            self.spec.tags.iter().map(|t| t.name.clone()).collect();
        for (i, (_, _, item)) in items.iter().enumerate() {
            // Not an object, or a `$ref`: reported when the item is read.
            let Some(obj) = item.as_object().filter(|o| !o.contains_key("$ref")) else {
                continue;
            };
            for method in HttpMethod::ALL {
                let Some(op) = obj.get(method.key()) else {
                    continue;
                };
                let tags: Vec<&str> = op
                    .get("tags")
                    .and_then(Value::as_array)
                    .map(|t| t.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                all_tags.extend(tags.iter().map(|t| (*t).to_owned()));
                let tag = if config.tags.is_empty() {
                    tags.first().copied().unwrap_or("other").to_owned()
                } else {
                    match config.tags.iter().find(|t| tags.contains(&t.as_str())) {
                        Some(t) => t.clone(),
                        None => continue,
                    }
                };
                selected.push(Selected {
                    tag,
                    item: i,
                    method,
                });
            }
        }
        for t in &config.tags {
            if !selected.iter().any(|s| &s.tag == t) {
                let known: Vec<&str> = all_tags.iter().map(String::as_str).collect();
                self.error(
                    "#/tags",
                    format!(
                        "no operation has the tag `{t}` (tags in the document: {})",
                        known.join(", ")
                    ),
                );
            }
        }
        selected
    }

    /// Names an operation (and makes it the one diagnostics name): its module (made on first
    /// use, returned as an index), method and types.
    fn name_operation(
        &mut self,
        naming: &mut Naming,
        tag: &str,
        method: HttpMethod,
        path: &str,
        op: &oa::Operation,
    ) -> (usize, OpNames) {
        // Rust names come from the operationId, or from method and path (without a query
        // string, see `query_in_path`) when it is missing or has nothing identifier-like
        // (`get /hubs/other` -> `get_hubs_other`).
        let given = op
            .operation_id
            .as_deref()
            .filter(|id| !id.trim().is_empty());
        let name = match given {
            Some(id) if id.chars().any(|c| c.is_ascii_alphanumeric()) => id.to_owned(),
            _ => {
                let template = path.split_once('?').map_or(path, |(t, _)| t);
                format!("{} {template}", method.key())
            }
        };
        let id = given.map_or_else(|| names::camel_lower(&name), str::to_owned);
        // Diagnostics name the operation as the document does.
        self.op = Some(given.map_or_else(|| format!("{method} {path}"), str::to_owned));
        let dup = !naming.seen.insert(name.clone());
        let module = match naming.modules.iter().position(|m| m.tag == tag) {
            Some(i) => i,
            None => {
                let doc = (self.spec.tags.iter())
                    .find(|t| t.name == tag)
                    .and_then(|t| t.description.as_deref())
                    .and_then(clean_doc);
                naming.modules.push(Module {
                    rust: naming.module_scope.claim_one(names::snake(tag)),
                    tag: tag.to_owned(),
                    doc,
                    operations: Vec::new(),
                    feature: None,
                });
                naming.modules.len() - 1
            }
        };
        let tag_camel = names::type_name(tag);
        // A duplicated operationId is qualified by its tag (`hubs_get_all`).
        let qualified = names::snake(&format!("{tag} {name}"));
        let method_name = if dup {
            naming.method_scope.claim(&[qualified])
        } else {
            naming.method_scope.claim(&[names::snake(&name), qualified])
        };
        // The operation's types follow its method (`library_get_tasks` ->
        // `LibraryGetTasksRequest`).
        let camel = names::type_name(&method_name);
        let claim_type = |s: &mut Scope, suffix: &str| {
            let mut candidates = vec![format!("{camel}{suffix}")];
            if !camel.starts_with(&tag_camel) {
                candidates.push(format!("{tag_camel}{camel}{suffix}"));
            }
            s.claim(&candidates)
        };
        let request_type = claim_type(&mut self.type_scope, "Request");
        let error_type = claim_type(&mut self.type_scope, "Error");
        let names = OpNames {
            id,
            camel,
            method_name,
            request_type,
            error_type,
        };
        (module, names)
    }

    /// One operation, step by step.
    fn operation(&mut self, cx: OpCtx<'_>, globals: &mut Globals) -> Operation {
        let mut field_scope = Scope::with_reserved(names::RESERVED_REQUEST_FIELDS);
        let mut params = self.parameters(&cx, globals, &mut field_scope);
        let path = self.path(cx.ptr, cx.path, &mut params, &mut field_scope);
        let body = self.request_body(cx.op, cx.ptr, &cx.names.camel, &mut field_scope);
        let responses = self.responses(&cx);
        let response_type = (responses.success.len() > 1).then(|| {
            let camel = &cx.names.camel;
            (self.type_scope).claim(&[format!("{camel}Response"), format!("{camel}Outcome")])
        });
        let (security, client_certificate) =
            self.security(cx.op, cx.ptr, cx.schemes, cx.mutual_tls);
        let op = cx.op;
        Operation {
            id: cx.names.id,
            method_name: cx.names.method_name,
            request_type: cx.names.request_type,
            response_type,
            error_type: cx.names.error_type,
            http_method: cx.method,
            path: path.template.to_owned(),
            path_parts: path.parts,
            fixed_query: path.fixed_query,
            summary: op.summary.as_deref().and_then(clean_doc),
            description: op.description.as_deref().and_then(clean_doc),
            deprecated: Deprecated::from_flag(op.deprecated, &op.extensions),
            params,
            body,
            success: responses.success,
            errors: responses.errors,
            security,
            client_certificate,
            servers: operation_servers(op, cx.item),
            accept: responses.accept,
        }
    }
}
