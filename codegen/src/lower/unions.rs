//! `oneOf`/`anyOf` -> unions: a `null` branch makes the union nullable, one branch left is
//! just that branch, branches of the same Rust type are one variant, and a discriminator is
//! used when every variant has values of its own.

use std::collections::BTreeSet;

use oa::{ReferenceOr, SchemaKind, Type as OaType};
use openapiv3 as oa;
use serde_json::Value;

use super::schemas::wrap_nullable;
use super::{Lowered, Lowerer, Shape};
use crate::diag::{last_token, push_pointer};
use crate::model::{Docs, Ty, TypeKind, Union, UnionVariant};
use crate::names::{self, Scope};

impl Lowerer<'_> {
    /// The `oneOf` or `anyOf` (`key`) at `ptr`.
    pub(super) fn union(
        &mut self,
        branches: &[ReferenceOr<oa::Schema>],
        key: &str,
        discriminator: Option<&oa::Discriminator>,
        ptr: &str,
        hint: &str,
    ) -> Shape {
        let base = push_pointer(ptr, key);
        // `anyOf: [T, {type: null}]` is just a nullable T.
        let non_null: Vec<(usize, &ReferenceOr<oa::Schema>)> = branches
            .iter()
            .enumerate()
            .filter(|(_, b)| !is_null_schema(b))
            .collect();
        let has_null = non_null.len() < branches.len();
        if non_null.len() == 1 {
            let (i, b) = non_null[0];
            let mut l = self.lower(b, &push_pointer(&base, &i.to_string()), hint);
            l.nullable |= has_null;
            return Shape::Ty(l);
        }
        if non_null.is_empty() {
            return Shape::Ty(Lowered::plain(Ty::Unit));
        }
        let (variants, unknown) = self.union_variants(&non_null, discriminator, &base, hint);
        if let [only] = variants.as_slice() {
            return Shape::Ty(Lowered {
                ty: only.ty.clone(),
                nullable: has_null,
            });
        }
        // The discriminator is used when every variant has values of its own.
        let mut seen = BTreeSet::new();
        let distinct = variants
            .iter()
            .all(|v| !v.tags.is_empty() && v.tags.iter().all(|t| seen.insert(t.clone())));
        let property = discriminator
            .map(|d| d.property_name.clone())
            .filter(|_| distinct);
        let kind = TypeKind::Union(Union {
            variants,
            discriminator: property,
            unknown,
        });
        if has_null {
            // Nullable union: the caller wraps it in Option.
            let id = self.named_type(hint, Docs::default(), kind);
            return Shape::Ty(Lowered {
                ty: Ty::Named(id),
                nullable: true,
            });
        }
        Shape::Kind(kind)
    }

    /// The variants of the (non-null) `branches` of a union at `base`, "anything" last, and
    /// the name of its catch-all variant (claimed after them: a branch keeps its name).
    fn union_variants(
        &mut self,
        branches: &[(usize, &ReferenceOr<oa::Schema>)],
        discriminator: Option<&oa::Discriminator>,
        base: &str,
        hint: &str,
    ) -> (Vec<UnionVariant>, String) {
        let mut scope = Scope::default();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for &(i, b) in branches {
            let b_ptr = push_pointer(base, &i.to_string());
            let label = match b {
                ReferenceOr::Reference { reference } => reference
                    .rsplit('/')
                    .next()
                    .map(names::type_name)
                    .unwrap_or_else(|| format!("Variant{i}")),
                ReferenceOr::Item(s) => branch_label(s, i),
            };
            let l = self.lower(b, &b_ptr, &format!("{hint}{label}"));
            let sample = self.sample(b);
            let ty = wrap_nullable(l);
            let tags = match (discriminator, b) {
                (Some(d), ReferenceOr::Reference { reference }) => discriminator_tags(d, reference),
                _ => Vec::new(),
            };
            // Branches of the same Rust type (`string` and `string, format: uuid`) are one
            // variant: the later ones could never be chosen.
            if let Some(same) = variants.iter_mut().find(|v| v.ty == ty) {
                same.tags.extend(tags);
                continue;
            }
            variants.push(UnionVariant {
                rust: scope.claim_one(names::variant_name(&label)),
                ty,
                tags,
                sample,
            });
        }
        // Untagged: the first variant that deserialises wins, so "anything" goes last.
        variants.sort_by_key(|v| v.ty == Ty::Json);
        let unknown = scope.claim(&["Unknown", "UnknownJson"]);
        (variants, unknown)
    }
}

/// The discriminator values that select the branch `reference`: the `mapping` entries that
/// name it (by `$ref` or by schema name), else its schema name (the OpenAPI default).
fn discriminator_tags(d: &oa::Discriminator, reference: &str) -> Vec<String> {
    let name = last_token(reference);
    let mapped: Vec<String> = d
        .mapping
        .iter()
        .filter(|(_, target)| target.as_str() == reference || target.as_str() == name)
        .map(|(value, _)| value.clone())
        .collect();
    if mapped.is_empty() {
        vec![name]
    } else {
        mapped
    }
}

/// A branch's label (its variant's name): its title, or what it is.
fn branch_label(s: &oa::Schema, i: usize) -> String {
    if let Some(t) = &s.schema_data.title {
        return t.clone();
    }
    match &s.schema_kind {
        SchemaKind::Type(OaType::String(_)) => "String".into(),
        SchemaKind::Type(OaType::Integer(_)) => "Integer".into(),
        SchemaKind::Type(OaType::Number(_)) => "Number".into(),
        SchemaKind::Type(OaType::Boolean(_)) => "Boolean".into(),
        SchemaKind::Type(OaType::Array(_)) => "Array".into(),
        SchemaKind::Type(OaType::Object(_)) => "Object".into(),
        _ => format!("Variant{i}"),
    }
}

/// A `type: null` branch (marked by normalising).
fn is_null_schema(s: &ReferenceOr<oa::Schema>) -> bool {
    matches!(s, ReferenceOr::Item(s) if s.schema_data.extensions.get("x-codegen-null").and_then(Value::as_bool) == Some(true))
}
