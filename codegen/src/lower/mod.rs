//! Lowering: `openapiv3::OpenAPI` -> [`crate::model::Api`].
//!
//! All decisions about shapes and names happen here: which schemas become which Rust
//! types, how statuses map to variants, which headers are client-wide. Problems are
//! collected as diagnostics with the JSON pointer (and operation) where they were found;
//! constructs that cannot be typed precisely fall back to a sound general type with a
//! warning and a note in the item's docs.
//!
//! The order: the schemas of `components` ([`schemas`], which the other schema files serve),
//! the security schemes ([`security`]) and servers ([`servers`]), then the operations one
//! path item at a time ([`operations`], in steps: [`params`], [`path`], [`body`],
//! [`responses`]); `$ref`s are followed by [`refs`]. Last, passes over the finished type
//! graph: [`cycles`], [`sizes`], [`traits`], [`features`] (per-tag cargo features).

use std::collections::BTreeMap;

use openapiv3 as oa;
use serde_json::Value;

use crate::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::docs::clean_doc;
use crate::load::Loaded;
use crate::model::*;
use crate::names::{self, Scope};

mod body;
mod cycles;
mod enums;
mod features;
mod forms;
mod globals;
mod merge;
mod operations;
mod params;
mod path;
mod reach;
mod refs;
mod responses;
mod samples;
mod schemas;
mod security;
mod servers;
mod sizes;
mod structs;
mod template;
mod traits;
mod unions;

use cycles::{box_recursive_fields, break_alias_cycles};
use features::assign_features;
use refs::Refs;
use responses::ResponseBody;
use sizes::box_large_variants;
use traits::compute_traits;

/// The model of a loaded document; its problems are added to `diags`.
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
    let (schemes, mutual_tls) = l.security_schemes();
    let servers = l.servers();
    let (mut modules, globals) = l.operations(config, &schemes, &mutual_tls);
    l.check_unused_components();
    let Lowerer { mut types, .. } = l;
    break_alias_cycles(&mut types);
    box_recursive_fields(&mut types);
    box_large_variants(&mut types, &mut modules);
    compute_traits(&mut types);
    reach::mark_sent(&mut types, &modules, &globals);
    let unreferenced_feature = assign_features(&mut types, &mut modules, &globals);
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
    let deprecations = Deprecations::of(&types, &modules);
    Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.as_deref().and_then(clean_doc),
        servers,
        globals,
        schemes,
        mutual_tls,
        types,
        modules,
        unreferenced_feature,
        deprecations,
    }
}

/// Lowering's state: the document, the types made so far and the names they took.
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
    shared_bodies: BTreeMap<String, ResponseBody>,
    /// The same for `$ref`ed request bodies (`#/components/requestBodies/...`).
    shared_request_bodies: BTreeMap<String, BodyKind>,
    /// The `multipart/form-data` structs of `$ref`ed schemas, by the `$ref`.
    forms: BTreeMap<String, TypeId>,
}

/// What a schema is: a plain type expression, or a kind of named type.
enum Shape {
    Ty(Lowered),
    Kind(TypeKind),
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

    /// A new named type (an `Alias(Json)` until it is defined).
    fn new_type(&mut self, name: String, doc: Docs) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name,
            doc,
            kind: TypeKind::Alias(Ty::Json),
            has_default: false,
            is_eq: false,
            sent: true,
            features: Vec::new(),
        });
        id
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

    /// The lowering of a shared (`$ref`ed) response's or request body's inline body: done
    /// once, at the component's `pointer` (`lower` is given it and the hint from
    /// [`Self::shared_hint`]), and kept in `cache` for the component's other users.
    fn shared_body<T: Clone>(
        &mut self,
        pointer: String,
        cache: fn(&mut Self) -> &mut BTreeMap<String, T>,
        not_a_name: impl FnOnce(&str) -> String,
        lower: impl FnOnce(&mut Self, &str, &str) -> T,
    ) -> T {
        if let Some(done) = cache(self).get(&pointer) {
            return done.clone();
        }
        let hint = self.shared_hint(&pointer, not_a_name);
        let done = lower(self, &pointer, &hint);
        cache(self).insert(pointer, done.clone());
        done
    }
}
