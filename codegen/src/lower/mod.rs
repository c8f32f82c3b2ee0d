//! Lowering: `openapiv3::OpenAPI` -> [`crate::model::Api`].
//!
//! All decisions about shapes and names happen here: which schemas become which Rust
//! types, how statuses map to variants, which headers are client-wide. Problems are
//! collected as diagnostics with the JSON pointer (and operation) where they were found;
//! constructs that cannot be typed precisely fall back to a sound general type with a
//! warning and a note in the item's docs.

use std::collections::{BTreeMap, BTreeSet};

use oa::ReferenceOr;
use openapiv3 as oa;
use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::Config;
use crate::diag::{Diagnostic, Diagnostics, push_pointer};
use crate::docs::clean_doc;
use crate::http::{is_json, is_text, media_essence, reason_phrase};
use crate::load::{self, Loaded};
use crate::model::*;
use crate::names::{self, Scope};

mod cycles;
mod enums;
mod forms;
mod merge;
mod refs;
mod schemas;
mod sizes;
mod structs;
mod traits;
mod unions;

use cycles::{box_recursive_fields, break_alias_cycles};
use enums::string_variants;
use refs::Refs;
use schemas::{value_to_example, wrap_nullable};
use sizes::box_large_variants;
use traits::compute_traits;

pub(crate) fn lower(loaded: &Loaded, config: &Config, diags: &mut Diagnostics) -> Api {
    let mut l = Lowerer {
        raw: &loaded.raw,
        spec: &loaded.api,
        diags,
        types: Vec::new(),
        type_scope: Scope::with_reserved(names::RESERVED_TYPES),
        by_pointer: BTreeMap::new(),
        enum_dedup: BTreeMap::new(),
        op: None,
        refs: Refs::new(&loaded.raw),
        shared_bodies: BTreeMap::new(),
        shared_request_bodies: BTreeMap::new(),
        forms: BTreeMap::new(),
    };
    l.declare_components();
    let schemes = l.security_schemes();
    let servers = l.servers();
    let (mut modules, globals) = l.operations(config, &schemes);
    l.check_unused_components();
    let Lowerer { mut types, .. } = l;
    break_alias_cycles(&mut types);
    box_recursive_fields(&mut types);
    box_large_variants(&mut types, &mut modules);
    compute_traits(&mut types);
    // The model stays alive while the files are made: drop the slack of its longest lists.
    types.shrink_to_fit();
    for m in &mut modules {
        m.operations.shrink_to_fit();
        for op in &mut m.operations {
            op.path_parts.shrink_to_fit();
            op.params.shrink_to_fit();
            op.success.shrink_to_fit();
            op.errors.shrink_to_fit();
        }
    }
    let info = &loaded.api.info;
    Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.as_deref().and_then(clean_doc),
        servers,
        globals,
        schemes,
        types,
        modules,
    }
}

struct Lowerer<'a> {
    raw: &'a Value,
    spec: &'a oa::OpenAPI,
    diags: &'a mut Diagnostics,
    types: Vec<TypeDef>,
    type_scope: Scope,
    /// `$ref` target pointer -> its named type.
    by_pointer: BTreeMap<String, TypeId>,
    /// Inline enums with the same values share one type.
    enum_dedup: BTreeMap<String, TypeId>,
    /// The operation being lowered, for diagnostics.
    op: Option<String>,
    /// `$ref`s followed, and the components read through them.
    refs: Refs<'a>,
    /// The bodies of `$ref`ed responses (`#/components/responses/...`), by the component's
    /// pointer: an inline schema there is one type, however many operations answer with it.
    shared_bodies: BTreeMap<String, (RespBody, Vec<String>)>,
    /// The same for `$ref`ed request bodies (`#/components/requestBodies/...`).
    shared_request_bodies: BTreeMap<String, BodyKind>,
    /// The `multipart/form-data` structs of `$ref`ed schemas, by the `$ref`.
    forms: BTreeMap<String, TypeId>,
}

/// The request field of a parameter named `name`: its snake-case name, or when that is taken
/// (the same name in another location) or reserved, the name qualified by the location
/// (`item_id_query`, `add_query`) rather than numbered.
fn param_field(scope: &mut Scope, name: &str, location: ParamIn) -> String {
    let name = names::snake(name);
    let place = match location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    };
    let qualified = format!("{}_{place}", name.trim_end_matches('_'));
    scope.claim(&[name, qualified])
}

/// A lowered schema use: the type and whether `null` is allowed.
#[derive(Debug, Clone)]
struct Lowered {
    ty: Ty,
    nullable: bool,
}

impl Lowered {
    /// A type that does not admit `null`.
    fn plain(ty: Ty) -> Self {
        Lowered {
            ty,
            nullable: false,
        }
    }
}

impl<'a> Lowerer<'a> {
    fn error(&mut self, ptr: &str, msg: impl Into<String>) {
        let d = Diagnostic::error(ptr, msg).in_operation(self.op.as_deref());
        self.diags.push(d);
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

    fn warn(&mut self, ptr: &str, msg: impl Into<String>) {
        let d = Diagnostic::warning(ptr, msg).in_operation(self.op.as_deref());
        self.diags.push(d);
    }

    /// A new named type, its name claimed from `hint`.
    fn named_type(&mut self, hint: &str, doc: Docs, kind: TypeKind) -> TypeId {
        let name = self.type_scope.claim_one(names::type_name(hint));
        let id = self.new_type(name, doc);
        self.types[id.0].kind = kind;
        id
    }

    fn new_type(&mut self, name: String, doc: Docs) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name,
            doc,
            kind: TypeKind::Alias(Ty::Json),
            has_default: false,
            is_eq: false,
        });
        id
    }

    // ---------------------------------------------------------------- components

    fn declare_components(&mut self) {
        let entries = load::component_entries(self.raw, "schemas", self.diags);
        // Names first, so components keep their own names whatever inline types come later.
        let mut ids = Vec::with_capacity(entries.len());
        for (name, ptr, _) in &entries {
            let rust = self.type_scope.claim_one(names::type_name(name));
            let id = self.new_type(rust, Docs::default());
            self.by_pointer.insert(ptr.clone(), id);
            ids.push(id);
        }
        // Each schema is deserialised, lowered and dropped in turn.
        for ((_, ptr, value), id) in entries.into_iter().zip(ids) {
            let schema = match load::ref_or::<oa::Schema>(value, &ptr, "Schema") {
                Ok(s) => s,
                Err(d) => {
                    self.diags.push(d);
                    continue;
                }
            };
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.schema_ref(&reference, &ptr);
                    self.types[id.0].kind = TypeKind::Alias(target.ty);
                }
                ReferenceOr::Item(schema) => {
                    let hint = self.types[id.0].name.clone();
                    self.define(id, &schema, &ptr, &hint);
                }
            }
        }
    }

    // ---------------------------------------------------------------- servers, security

    fn servers(&mut self) -> Vec<Server> {
        let mut scope = Scope::with_reserved(names::RESERVED_TYPES);
        // Server structs share the crate's type namespace.
        let mut out = Vec::new();
        let mut variant_scope = Scope::default();
        for (i, s) in self.spec.servers.iter().enumerate() {
            let ptr = push_pointer("#/servers", &i.to_string());
            let label = s
                .description
                .as_deref()
                .filter(|d| d.split_whitespace().count() <= 5 && !d.trim().is_empty())
                .map(str::to_owned)
                .or_else(|| server_host(&s.url))
                .unwrap_or_else(|| format!("Server {i}"));
            let variant = variant_scope.claim_one(names::variant_name(&label));
            let struct_name = if variant.ends_with("Server") || variant.starts_with("Server") {
                variant.clone()
            } else {
                format!("{variant}Server")
            };
            let rust = self.type_scope.claim(&[struct_name, format!("Server{i}")]);
            let _ = scope.claim_one(rust.clone());
            let mut var_scope = Scope::with_reserved(&["url", "new", "default"]);
            let mut variables = Vec::new();
            if let Some(vars) = &s.variables {
                for (wire, v) in vars {
                    if !s.url.contains(&format!("{{{wire}}}")) {
                        self.warn(
                            &push_pointer(&push_pointer(&ptr, "variables"), wire),
                            "server variable is not used in the URL",
                        );
                    }
                    let rust_var = var_scope.claim_one(names::snake(wire));
                    let enumeration = (!v.enumeration.is_empty()).then(|| VariableEnum {
                        rust: self.type_scope.claim(&[
                            names::type_name(wire),
                            format!("{variant}{}", names::type_name(wire)),
                        ]),
                        variants: string_variants(
                            v.enumeration.iter().cloned(),
                            &Default::default(),
                        ),
                    });
                    variables.push(ServerVariable {
                        wire: wire.clone(),
                        rust: rust_var,
                        default: v.default.clone(),
                        description: v.description.as_deref().and_then(clean_doc),
                        enumeration,
                    });
                }
            }
            let mut rest = s.url.as_str();
            while let Some(start) = rest.find('{') {
                let Some(len) = rest[start..].find('}') else {
                    break;
                };
                let name = &rest[start + 1..start + len];
                if !variables.iter().any(|v| v.wire == name) {
                    self.error(
                        &push_pointer(&ptr, "url"),
                        format!("server URL uses `{{{name}}}` but declares no such variable"),
                    );
                }
                rest = &rest[start + len + 1..];
            }
            out.push(Server {
                rust,
                variant,
                url: s.url.clone(),
                description: s.description.as_deref().and_then(clean_doc),
                variables,
            });
        }
        out
    }

    fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        let Some(c) = &self.spec.components else {
            return out;
        };
        for (name, s) in &c.security_schemes {
            let ptr = push_pointer("#/components/securitySchemes", name);
            let s = match s {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { .. } => {
                    self.warn(
                        &ptr,
                        "`$ref` security schemes are not followed; the scheme is ignored",
                    );
                    continue;
                }
            };
            let (placement, doc) = match s {
                oa::SecurityScheme::APIKey {
                    location,
                    name: key,
                    description,
                    ..
                } => (
                    match location {
                        oa::APIKeyLocation::Header => AuthPlacement::Header(key.clone()),
                        oa::APIKeyLocation::Query => AuthPlacement::Query(key.clone()),
                        oa::APIKeyLocation::Cookie => AuthPlacement::Cookie(key.clone()),
                    },
                    description,
                ),
                oa::SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("basic") => (AuthPlacement::Basic, description),
                oa::SecurityScheme::HTTP { description, .. } => {
                    (AuthPlacement::Bearer, description)
                }
                oa::SecurityScheme::OAuth2 { description, .. }
                | oa::SecurityScheme::OpenIDConnect { description, .. } => {
                    (AuthPlacement::Bearer, description)
                }
            };
            out.push(SecurityScheme {
                name: name.clone(),
                placement,
                doc: doc.as_deref().and_then(clean_doc),
            });
        }
        out
    }

    // ---------------------------------------------------------------- operations

    fn operations(
        &mut self,
        config: &Config,
        schemes: &[SecurityScheme],
    ) -> (Vec<Module>, Vec<Global>) {
        let spec = self.spec;
        let items = load::path_items(self.raw, self.diags);
        // Which operations are generated, under which tag, in document order:
        // (tag, index in `items`, method). Read from the raw value; each path item is
        // deserialised below, lowered and dropped before the next one.
        let mut found: Vec<(String, usize, HttpMethod)> = Vec::new();
        let declared_tags: Vec<&str> = spec.tags.iter().map(|t| t.name.as_str()).collect();
        let mut all_tags: BTreeSet<String> =
            declared_tags.iter().map(|t| (*t).to_owned()).collect();
        for (i, (_, _, item)) in items.iter().enumerate() {
            // Not an object, or a `$ref`: reported when the item is read below.
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
                found.push((tag, i, method));
            }
        }
        for t in &config.tags {
            if !found.iter().any(|f| &f.0 == t) {
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

        // Globals: header parameters listed in `x-speakeasy-globals`.
        let global_defs: Vec<GlobalDef> = spec
            .extensions
            .get("x-speakeasy-globals")
            .and_then(|g| g.get("parameters"))
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(|p| self.global_def(p)).collect())
            .unwrap_or_default();
        let mut globals: Vec<Global> = Vec::new();
        let mut global_by_def: BTreeMap<usize, usize> = BTreeMap::new();
        let mut builder_scope = Scope::with_reserved(names::RESERVED_BUILDER_METHODS);

        let mut method_scope = Scope::with_reserved(names::RESERVED_CLIENT_METHODS);
        let mut modules: Vec<Module> = Vec::new();
        // The crate's own modules, and crates a module must not shadow.
        let mut module_scope = Scope::with_reserved(&[
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
        ]);
        let mut seen_ids: BTreeSet<String> = BTreeSet::new();
        let mut found = found.into_iter().peekable();
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
            while let Some((tag, _, method)) = found.next_if(|f| f.1 == i) {
                // An operation that failed to deserialise was reported and is skipped.
                let Some((item, op)) = item.as_ref().and_then(|item| {
                    item.iter()
                        .find(|(m, _)| *m == method.key())
                        .map(|(_, op)| (item, op))
                }) else {
                    continue;
                };
                let op_ptr = push_pointer(&item_ptr, method.key());
                // Rust names come from the operationId, or from method and path (without a
                // query string, see `query_in_path`) when it is missing or has nothing
                // identifier-like (`get /hubs/other` -> `get_hubs_other`).
                let given = op
                    .operation_id
                    .as_deref()
                    .filter(|id| !id.trim().is_empty());
                let naming = match given {
                    Some(id) if id.chars().any(|c| c.is_ascii_alphanumeric()) => id.to_owned(),
                    _ => {
                        let template = path.split_once('?').map_or(path, |(t, _)| t);
                        format!("{} {template}", method.key())
                    }
                };
                let id = given.map_or_else(|| names::camel_lower(&naming), str::to_owned);
                // Diagnostics name the operation as the document does.
                self.op = Some(given.map_or_else(|| format!("{method} {path}"), str::to_owned));
                let dup = !seen_ids.insert(naming.clone());
                let module_idx = match modules.iter().position(|m| m.tag == tag) {
                    Some(i) => i,
                    None => {
                        let doc = spec
                            .tags
                            .iter()
                            .find(|t| t.name == tag)
                            .and_then(|t| t.description.as_deref())
                            .and_then(clean_doc);
                        modules.push(Module {
                            rust: module_scope.claim_one(names::snake(&tag)),
                            tag: tag.clone(),
                            doc,
                            operations: Vec::new(),
                        });
                        modules.len() - 1
                    }
                };
                let tag_camel = names::type_name(&tag);
                // A duplicated operationId is qualified by its tag (`hubs_get_all`).
                let qualified = names::snake(&format!("{tag} {naming}"));
                let method_name = if dup {
                    method_scope.claim(&[qualified])
                } else {
                    method_scope.claim(&[names::snake(&naming), qualified])
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

                let operation = self.operation(OpCtx {
                    id: &id,
                    camel: &camel,
                    method,
                    path,
                    ptr: &op_ptr,
                    op,
                    item,
                    method_name,
                    request_type,
                    error_type,
                    schemes,
                    global_defs: &global_defs,
                    globals: &mut globals,
                    global_by_def: &mut global_by_def,
                    builder_scope: &mut builder_scope,
                });
                if let Some(o) = operation {
                    modules[module_idx].operations.push(o);
                }
            }
        }
        self.op = None;
        (modules, globals)
    }

    fn operation(&mut self, cx: OpCtx<'_, '_>) -> Option<Operation> {
        let OpCtx {
            id,
            camel,
            method,
            path,
            ptr,
            op,
            item,
            ..
        } = cx;
        // Parameters: path-item level ones first, overridden by operation-level ones.
        let mut params_src: Vec<(String, &ReferenceOr<oa::Parameter>)> = Vec::new();
        let item_ptr = ptr
            .rsplit_once('/')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        for (i, p) in item.parameters.iter().enumerate() {
            params_src.push((
                push_pointer(&push_pointer(&item_ptr, "parameters"), &i.to_string()),
                p,
            ));
        }
        for (i, p) in op.parameters.iter().enumerate() {
            params_src.push((
                push_pointer(&push_pointer(ptr, "parameters"), &i.to_string()),
                p,
            ));
        }
        let mut resolved: Vec<(String, Option<String>, oa::Parameter)> = Vec::new();
        for (p_ptr, p) in params_src {
            let (param, via) = match p {
                ReferenceOr::Item(p) => (p.clone(), None),
                ReferenceOr::Reference { reference } => {
                    match self.component::<oa::Parameter>(reference, &p_ptr) {
                        Some((p, _)) => (p, Some(reference.clone())),
                        None => continue,
                    }
                }
            };
            let data = param.parameter_data_ref();
            if let Some(pos) = resolved.iter().position(|(_, _, q)| {
                q.parameter_data_ref().name == data.name
                    && std::mem::discriminant(q) == std::mem::discriminant(&param)
            }) {
                resolved.remove(pos);
            }
            resolved.push((p_ptr, via, param));
        }

        let mut field_scope = Scope::with_reserved(names::RESERVED_REQUEST_FIELDS);
        let mut params: Vec<Param> = Vec::new();
        for (p_ptr, via, param) in resolved {
            let (location, style) = match &param {
                oa::Parameter::Path { .. } => (ParamIn::Path, QueryStyle::Form { explode: false }),
                oa::Parameter::Header { .. } => {
                    (ParamIn::Header, QueryStyle::Form { explode: false })
                }
                oa::Parameter::Cookie { .. } => {
                    (ParamIn::Cookie, QueryStyle::Form { explode: false })
                }
                oa::Parameter::Query { style, .. } => {
                    let explode = param
                        .parameter_data_ref()
                        .explode
                        .unwrap_or(matches!(style, oa::QueryStyle::Form));
                    (
                        ParamIn::Query,
                        match style {
                            oa::QueryStyle::Form => QueryStyle::Form { explode },
                            oa::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                            oa::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                            oa::QueryStyle::DeepObject => QueryStyle::DeepObject,
                        },
                    )
                }
            };
            let data = param.parameter_data_ref();
            if location == ParamIn::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&data.name.to_ascii_lowercase().as_str())
            {
                // OpenAPI: such header parameters are ignored (the content negotiation and
                // security settings own them).
                continue;
            }
            let name_override = data
                .extensions
                .get("x-speakeasy-name-override")
                .and_then(Value::as_str);
            let hint = names::type_name(name_override.unwrap_or(&data.name));
            let hint = if self.type_scope.contains(&hint)
                && !matches!(
                    data.format,
                    oa::ParameterSchemaOrContent::Schema(ReferenceOr::Reference { .. })
                ) {
                format!("{camel}{hint}")
            } else {
                hint
            };
            let lowered = match &data.format {
                oa::ParameterSchemaOrContent::Schema(s) => {
                    self.lower(s, &push_pointer(&p_ptr, "schema"), &hint)
                }
                oa::ParameterSchemaOrContent::Content(_) => {
                    self.warn(&p_ptr, "parameter with `content` is sent as a JSON string");
                    Lowered::plain(Ty::Json)
                }
            };
            let mut doc = Docs {
                text: data.description.as_deref().and_then(clean_doc),
                notes: Vec::new(),
            };
            if data.deprecated == Some(true) {
                doc.notes.push("Deprecated.".into());
            }
            let example = data.example.as_ref().map(value_to_example);
            let required = data.required || location == ParamIn::Path;
            // A global: the same `$ref` as an entry of `x-speakeasy-globals`, or (as Speakeasy
            // matches them, e.g. in a dereferenced document) the same header name and type.
            let by_ref = || {
                let r = via.as_ref()?;
                (cx.global_defs.iter()).position(|g| g.reference.as_ref() == Some(r))
            };
            let by_name =
                || (cx.global_defs.iter()).position(|g| g.header.eq_ignore_ascii_case(&data.name));
            let def = if location == ParamIn::Header {
                by_ref().or_else(by_name)
            } else {
                None
            };
            let def = def.filter(|d| match cx.global_by_def.get(d) {
                    Some(&g) if cx.globals[g].ty != lowered.ty => {
                        self.warn(
                            &p_ptr,
                            format!(
                                "header `{}` has the name of a global parameter (`x-speakeasy-globals`) but another type; it stays this operation's own parameter",
                                data.name
                            ),
                        );
                        false
                    }
                    _ => true,
                });
            let global = match def {
                Some(def) => Some(match cx.global_by_def.get(&def) {
                    Some(i) => *i,
                    None => {
                        let base = (cx.global_defs[def].name_override.as_deref())
                            .or(name_override)
                            .map(names::snake)
                            .unwrap_or_else(|| {
                                let s = names::snake(&data.name);
                                s.strip_prefix("x_").map(str::to_owned).unwrap_or(s)
                            });
                        cx.globals.push(Global {
                            // The entry's spelling (an operation may spell it otherwise).
                            wire: cx.global_defs[def].header.clone(),
                            rust: cx
                                .builder_scope
                                .claim(&[base.clone(), format!("{base}_header")]),
                            ty: lowered.ty.clone(),
                            doc: doc.clone(),
                            example: example.clone(),
                        });
                        cx.global_by_def.insert(def, cx.globals.len() - 1);
                        cx.globals.len() - 1
                    }
                }),
                None => None,
            };
            let rust = match global {
                Some(g) => field_scope.claim(&[cx.globals[g].rust.clone()]),
                None => param_field(
                    &mut field_scope,
                    name_override.unwrap_or(&data.name),
                    location,
                ),
            };
            params.push(Param {
                wire: data.name.clone(),
                rust,
                location,
                ty: lowered.ty,
                required,
                doc,
                global,
                style,
                example,
            });
        }

        // Path template. A query string in it (`/search?query={query}`) is not OpenAPI, but
        // real documents have one: its `name={param}` pairs become query parameters.
        let mut fixed_query = Vec::new();
        let template = match path.split_once('?') {
            Some((template, query)) => {
                fixed_query = self.query_in_path(ptr, path, query, &mut params, &mut field_scope);
                template
            }
            None => path,
        };
        let mut path_parts = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            if start > 0 {
                path_parts.push(PathPart::Literal(rest[..start].to_owned()));
            }
            // A broken template is an error; the rest of the operation is still checked, so
            // that its other problems are reported too.
            let Some(len) = rest[start..].find('}') else {
                self.error(ptr, format!("unclosed `{{` in path `{path}`"));
                rest = "";
                break;
            };
            let name = &rest[start + 1..start + len];
            match params
                .iter()
                .position(|p| p.location == ParamIn::Path && p.wire == name)
            {
                Some(i) => path_parts.push(PathPart::Param(i)),
                None => {
                    self.error(ptr, format!("path `{path}` uses `{{{name}}}` but the operation declares no such path parameter"));
                }
            }
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            path_parts.push(PathPart::Literal(rest.to_owned()));
        }
        for p in &params {
            if p.location == ParamIn::Path
                && !path_parts.contains(&PathPart::Param(
                    params
                        .iter()
                        .position(|q| q.wire == p.wire && q.location == ParamIn::Path)
                        .unwrap_or(usize::MAX),
                ))
            {
                self.warn(
                    ptr,
                    format!(
                        "path parameter `{}` does not appear in the path; it is not sent",
                        p.wire
                    ),
                );
            }
        }

        // Request body.
        let body = match &op.request_body {
            None => None,
            Some(rb) => {
                let b_ptr = push_pointer(ptr, "requestBody");
                // `shared`: the component's pointer, for a `$ref`ed body.
                let rb = match rb {
                    ReferenceOr::Item(rb) => Some((rb.clone(), None)),
                    ReferenceOr::Reference { reference } => self
                        .component::<oa::RequestBody>(reference, &b_ptr)
                        .map(|(rb, at)| (rb, Some(at))),
                };
                rb.and_then(|(rb, shared)| {
                    self.request_body(&rb, &b_ptr, camel, &mut field_scope, shared)
                })
            }
        };

        // Responses.
        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut media_types: BTreeSet<String> = BTreeSet::new();
        let r_ptr = push_pointer(ptr, "responses");
        let mut entries: Vec<(StatusMatch, String, &ReferenceOr<oa::Response>)> = Vec::new();
        for (code, r) in &op.responses.responses {
            let (m, key) = match code {
                oa::StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
                oa::StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
            };
            entries.push((m, key, r));
        }
        if let Some(d) = &op.responses.default {
            entries.push((StatusMatch::Default, "default".into(), d));
        }
        let has_explicit_success = entries.iter().any(|(m, _, _)| is_success(*m));
        let mut success_scope = Scope::default();
        let mut error_scope = Scope::with_reserved(&["Unexpected"]);
        let n_success = entries.iter().filter(|(m, _, _)| is_success(*m)).count();
        for (m, key, r) in &entries {
            let e_ptr = push_pointer(&r_ptr, key);
            // `shared`: the component's pointer, for a `$ref`ed response.
            let resolved = match r {
                ReferenceOr::Item(r) => Some(((*r).clone(), None)),
                ReferenceOr::Reference { reference } => self
                    .component::<oa::Response>(reference, &e_ptr)
                    .map(|(resp, at)| (resp, Some(at))),
            };
            let Some((resp, shared)) = resolved else {
                continue;
            };
            let reason = reason_variant(*m);
            let as_success =
                is_success(*m) || (*m == StatusMatch::Default && !has_explicit_success);
            let as_error = !is_success(*m);
            let body_hint = if as_success && !as_error && n_success <= 1 {
                format!("{camel}Response")
            } else if as_success && !as_error {
                format!("{camel}{reason}Body")
            } else {
                format!("{camel}{reason}")
            };
            // 204, 205 and 304 answers, and answers to HEAD, have no body whatever the
            // document says.
            let bodiless =
                method == HttpMethod::Head || matches!(m, StatusMatch::Code(204 | 205 | 304));
            let (body, media) = if bodiless {
                if !resp.content.is_empty() {
                    self.warn(
                        &push_pointer(&e_ptr, "content"),
                        "this response never has a body (HTTP); its content is ignored",
                    );
                }
                (RespBody::None, Vec::new())
            } else if let Some(shared) = shared {
                // Named after the component (`NotFound`), or after the status when the
                // component is named by its code (`404` -> `NotFound`); lowered at its own
                // pointer, once.
                match self.shared_bodies.get(&shared) {
                    Some(done) => done.clone(),
                    None => {
                        let hint = self.shared_hint(&shared, |_| reason.clone());
                        let done = self.response_body(&resp, &shared, &hint);
                        self.shared_bodies.insert(shared, done.clone());
                        done
                    }
                }
            } else {
                self.response_body(&resp, &e_ptr, &body_hint)
            };
            media_types.extend(media);
            let description = clean_doc(&resp.description);
            if as_success {
                success.push(Resp {
                    status: *m,
                    variant: success_scope.claim_one(reason.clone()),
                    description: description.clone(),
                    body: body.clone(),
                });
            }
            if as_error {
                errors.push(Resp {
                    status: *m,
                    variant: error_scope.claim_one(reason),
                    description,
                    body,
                });
            }
        }
        if success.is_empty() {
            // Nothing documented as success: any 2xx is a success without a body.
            success.push(Resp {
                status: StatusMatch::Range(2),
                variant: "Success".into(),
                description: None,
                body: RespBody::None,
            });
        }
        // Exact codes before ranges before default (matching order).
        success.sort_by_key(|r| r.status);
        errors.sort_by_key(|r| r.status);

        let response_type = if success.len() > 1 {
            Some(
                self.type_scope
                    .claim(&[format!("{camel}Response"), format!("{camel}Outcome")]),
            )
        } else {
            None
        };

        // Security.
        let reqs = op.security.as_ref().or(self.spec.security.as_ref());
        let mut security = Vec::new();
        if let Some(reqs) = reqs {
            for (i, req) in reqs.iter().enumerate() {
                let mut alt = Vec::new();
                for scheme in req.keys() {
                    match cx.schemes.iter().position(|s| &s.name == scheme) {
                        Some(idx) => alt.push(idx),
                        None => self.error(
                            &push_pointer(&push_pointer(ptr, "security"), &i.to_string()),
                            format!("security scheme `{scheme}` is not declared in components.securitySchemes"),
                        ),
                    }
                }
                security.push(alt);
            }
        }

        // Servers: operation level, then path level.
        let servers_src = if !op.servers.is_empty() {
            &op.servers
        } else {
            &item.servers
        };
        let servers = servers_src.iter().map(resolve_server_url).collect();

        let accept = accept_header(&media_types);
        Some(Operation {
            id: id.to_owned(),
            method_name: cx.method_name,
            request_type: cx.request_type,
            response_type,
            error_type: cx.error_type,
            http_method: method,
            path: template.to_owned(),
            path_parts,
            fixed_query,
            summary: op.summary.as_deref().and_then(clean_doc),
            description: op.description.as_deref().and_then(clean_doc),
            deprecated: op.deprecated,
            params,
            body,
            success,
            errors,
            security,
            servers,
            accept,
        })
    }

    /// Sends the query string `query` written into the path template `path`: each
    /// `name={param}` pair as a query parameter (the parameter the operation declares by that
    /// name, in the path or the query, else a required string); each fixed pair as it is,
    /// returned. A pair whose name is templated is an error.
    fn query_in_path(
        &mut self,
        ptr: &str,
        path: &str,
        query: &str,
        params: &mut Vec<Param>,
        field_scope: &mut Scope,
    ) -> Vec<QueryPair> {
        self.warn(
            ptr,
            format!("path `{path}` has a query string, which OpenAPI does not allow in a path; its pairs are sent as query parameters"),
        );
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let mut fixed = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if name.contains('{') {
                self.error(
                    ptr,
                    format!("path `{path}` has a query string whose pair `{pair}` has a templated name; declare it as a query parameter instead"),
                );
                continue;
            }
            let Some(param) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) else {
                fixed.push(QueryPair {
                    name: decode(name),
                    value: decode(value),
                });
                continue;
            };
            let declared = params
                .iter_mut()
                .find(|p| p.wire == param && matches!(p.location, ParamIn::Path | ParamIn::Query));
            match declared {
                Some(p) => {
                    if p.location == ParamIn::Path {
                        p.location = ParamIn::Query;
                        p.style = QueryStyle::Form { explode: false };
                    }
                    p.wire = decode(name);
                }
                None => {
                    params.push(Param {
                        wire: decode(name),
                        rust: param_field(field_scope, param, ParamIn::Query),
                        location: ParamIn::Query,
                        ty: Ty::String,
                        required: true,
                        doc: Docs {
                            text: None,
                            notes: vec![format!("From the query string of the path `{path}`.")],
                        },
                        global: None,
                        style: QueryStyle::Form { explode: false },
                        example: None,
                    });
                }
            }
        }
        fixed
    }

    fn request_body(
        &mut self,
        rb: &oa::RequestBody,
        ptr: &str,
        camel: &str,
        scope: &mut Scope,
        shared: Option<String>,
    ) -> Option<Body> {
        let pick = pick_media(rb.content.keys().map(String::as_str), true)?;
        let media = rb.content.get(pick)?;
        let essence = media_essence(pick);
        // A `$ref`ed body is lowered once, at the component's pointer, and named after it.
        let kind = match shared {
            Some(shared) => match self.shared_request_bodies.get(&shared) {
                Some(kind) => kind.clone(),
                None => {
                    let hint = self.shared_hint(&shared, names::type_name);
                    let kind = self.body_kind(media, pick, &essence, &shared, &hint);
                    self.shared_request_bodies.insert(shared, kind.clone());
                    kind
                }
            },
            None => self.body_kind(media, pick, &essence, ptr, &format!("{camel}Body")),
        };
        let mut doc = Docs {
            text: rb.description.as_deref().and_then(clean_doc),
            notes: Vec::new(),
        };
        if kind == BodyKind::Bytes {
            doc.notes
                .push(format!("Sent as raw bytes with `Content-Type: {pick}`."));
        }
        Some(Body {
            rust: scope.claim(&["body", "request_body"]),
            kind,
            content_type: pick.to_owned(),
            required: rb.required,
            doc,
        })
    }

    /// The body of a response, and the media types to list in `Accept` for it: the one
    /// typed as JSON, or every text (or every binary) type, which decode alike.
    /// How a request body of media type `pick` is sent; its schema is at `ptr`/content/...
    fn body_kind(
        &mut self,
        media: &oa::MediaType,
        pick: &str,
        essence: &str,
        ptr: &str,
        hint: &str,
    ) -> BodyKind {
        let m_ptr = push_pointer(&push_pointer(&push_pointer(ptr, "content"), pick), "schema");
        if is_json(essence) {
            match &media.schema {
                Some(s) => BodyKind::Json(wrap_nullable(self.lower(s, &m_ptr, hint))),
                None => BodyKind::Json(Ty::Json),
            }
        } else if essence == "application/x-www-form-urlencoded" {
            match &media.schema {
                Some(s) => BodyKind::Form(wrap_nullable(self.lower(s, &m_ptr, hint))),
                None => BodyKind::Form(Ty::Map(Box::new(Ty::String))),
            }
        } else if essence == "multipart/form-data"
            && let Some(form) = self.form(media, &m_ptr, hint)
        {
            BodyKind::Multipart(form)
        } else if is_text(essence) {
            BodyKind::Text
        } else {
            if essence.starts_with("multipart/") {
                self.warn(ptr, "multipart bodies other than forms of an object schema are sent as raw bytes: build the body and set its Content-Type (with the boundary) yourself");
            }
            BodyKind::Bytes
        }
    }

    /// The name of a shared (`$ref`ed) response's or request body's inline body type: the
    /// component's key (`NotFound`), or what `not_a_name` makes of a key that is not one
    /// (`404`); with `Body` after it when a type has the name already (not `NotFound2` next
    /// to a `NotFound` schema).
    fn shared_hint(&self, pointer: &str, not_a_name: impl FnOnce(&str) -> String) -> String {
        let key = pointer.rsplit('/').next().unwrap_or_default();
        let hint = if key.starts_with(|c: char| c.is_ascii_alphabetic()) {
            names::type_name(key)
        } else {
            not_a_name(key)
        };
        if self.type_scope.contains(&hint) {
            format!("{hint}Body")
        } else {
            hint
        }
    }

    fn response_body(
        &mut self,
        resp: &oa::Response,
        ptr: &str,
        hint: &str,
    ) -> (RespBody, Vec<String>) {
        let Some(pick) = pick_media(resp.content.keys().map(String::as_str), false) else {
            return (RespBody::None, Vec::new());
        };
        let Some(media) = resp.content.get(pick) else {
            return (RespBody::None, Vec::new());
        };
        let essence = media_essence(pick);
        let m_ptr = push_pointer(&push_pointer(&push_pointer(ptr, "content"), pick), "schema");
        let alike = |same: &dyn Fn(&str) -> bool| -> Vec<String> {
            resp.content
                .keys()
                .filter(|m| same(&media_essence(m)))
                .cloned()
                .collect()
        };
        if is_json(&essence) {
            let body = match &media.schema {
                Some(s) => RespBody::Json(wrap_nullable(self.lower(s, &m_ptr, hint))),
                None => RespBody::Json(Ty::Json),
            };
            (body, vec![pick.to_owned()])
        } else if is_text(&essence) {
            let body = RespBody::Text {
                content_type: pick.to_owned(),
            };
            (body, alike(&|e| is_text(e)))
        } else {
            let body = RespBody::Bytes {
                content_type: pick.to_owned(),
            };
            (body, alike(&|e| !is_json(e) && !is_text(e)))
        }
    }
}

struct OpCtx<'o, 'g> {
    id: &'o str,
    camel: &'o str,
    method: HttpMethod,
    path: &'o str,
    ptr: &'o str,
    op: &'o oa::Operation,
    item: &'o oa::PathItem,
    method_name: String,
    request_type: String,
    error_type: String,
    schemes: &'o [SecurityScheme],
    global_defs: &'g [GlobalDef],
    globals: &'g mut Vec<Global>,
    /// Entry of `global_defs` -> index in `globals` (made when an operation first uses it).
    global_by_def: &'g mut BTreeMap<usize, usize>,
    builder_scope: &'g mut Scope,
}

enum Shape {
    Ty(Lowered),
    Kind(TypeKind),
}

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

fn is_success(m: StatusMatch) -> bool {
    match m {
        StatusMatch::Code(c) => (200..400).contains(&c),
        StatusMatch::Range(r) => r == 2 || r == 3,
        StatusMatch::Default => false,
    }
}

/// Chooses the media type to type a body with: JSON first, then (for requests) forms,
/// urlencoded before multipart, then text, then the first one.
fn pick_media<'m>(types: impl Iterator<Item = &'m str>, request: bool) -> Option<&'m str> {
    let all: Vec<&str> = types.collect();
    let rank = |m: &&&str| {
        let e = media_essence(m);
        if is_json(&e) {
            0
        } else if request && e == "application/x-www-form-urlencoded" {
            1
        } else if request && e == "multipart/form-data" {
            2
        } else if is_text(&e) {
            3
        } else {
            4
        }
    };
    all.iter().min_by_key(rank).copied()
}

fn accept_header(media: &BTreeSet<String>) -> Option<String> {
    if media.is_empty() {
        return None;
    }
    let mut list: Vec<&String> = media.iter().collect();
    list.sort_by_key(|m| (!is_json(&media_essence(m)), m.to_string()));
    Some(
        list.iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn reason_variant(m: StatusMatch) -> String {
    match m {
        StatusMatch::Code(c) => match reason_phrase(c) {
            Some(r) => names::variant_name(r),
            None => format!("Status{c}"),
        },
        StatusMatch::Range(1) => "Informational".into(),
        StatusMatch::Range(2) => "Success".into(),
        StatusMatch::Range(3) => "Redirection".into(),
        StatusMatch::Range(4) => "ClientError".into(),
        StatusMatch::Range(5) => "ServerError".into(),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

/// The host of a server URL without variables (`https://plex.tv/api` -> `plex.tv`), to name
/// a server that has no short description.
fn server_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '?', '#']).next()?;
    (!host.is_empty() && !host.contains('{')).then(|| host.to_owned())
}

/// A server URL with every variable replaced by its default.
fn resolve_server_url(s: &oa::Server) -> String {
    let mut url = s.url.clone();
    if let Some(vars) = &s.variables {
        for (k, v) in vars {
            url = url.replace(&format!("{{{k}}}"), &v.default);
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_variants() {
        assert_eq!(reason_variant(StatusMatch::Code(200)), "Ok");
        assert_eq!(reason_variant(StatusMatch::Code(418)), "ImATeapot");
        assert_eq!(reason_variant(StatusMatch::Code(299)), "Status299");
        assert_eq!(reason_variant(StatusMatch::Range(4)), "ClientError");
    }
}
