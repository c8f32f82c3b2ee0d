//! `allOf`: the parts' properties merged into one struct (following `$ref`s and nested
//! `allOf`s), or the one part that says anything when the others only annotate.

use oa::{ReferenceOr, SchemaKind, Type as OaType};
use openapiv3 as oa;

use super::refs::MAX_REF_HOPS;
use super::structs::Properties;
use super::{Lowered, Lowerer, Shape};
use crate::diag::push_pointer;
use crate::model::Ty;

impl Lowerer<'_> {
    /// An `allOf`: its one meaningful part, or the struct of every part's properties
    /// (`own`: the properties written beside the `allOf`, which are one more part).
    pub(super) fn all_of(
        &mut self,
        parts: &[ReferenceOr<oa::Schema>],
        own: Option<ObjectParts>,
        ptr: &str,
        hint: &str,
    ) -> Shape {
        let base = push_pointer(ptr, "allOf");
        let meaningful: Vec<(usize, &ReferenceOr<oa::Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| !is_annotation_only(p))
            .collect();
        if meaningful.len() == 1 && own.is_none() {
            let (i, p) = meaningful[0];
            return Shape::Ty(self.lower(p, &push_pointer(&base, &i.to_string()), hint));
        }
        // Merge the properties of every object-like part.
        let mut merged = ObjectParts::default();
        for (i, p) in meaningful {
            let p_ptr = push_pointer(&base, &i.to_string());
            match self.object_parts(p, 0) {
                Some(parts) => merged.merge(parts),
                None => {
                    self.warn(
                        &p_ptr,
                        "`allOf` part is not an object; the combination is typed as a JSON value",
                    );
                    return Shape::Ty(Lowered::plain(Ty::Json));
                }
            }
        }
        if let Some(own) = own {
            merged.merge(own);
        }
        self.object(
            &merged.properties,
            &merged.required,
            merged.additional.as_ref(),
            ptr,
            hint,
            false,
        )
    }

    /// The properties of an object-like schema, following `$ref`s and nested `allOf`s.
    pub(super) fn object_parts(
        &self,
        schema: &ReferenceOr<oa::Schema>,
        depth: usize,
    ) -> Option<ObjectParts> {
        if depth > MAX_REF_HOPS {
            return None;
        }
        let s = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                let (schema, hops) = self.refs.schema(reference)?;
                return self.object_parts(&ReferenceOr::Item(schema), depth + hops);
            }
        };
        match &s.schema_kind {
            SchemaKind::Type(OaType::Object(o)) => Some(ObjectParts {
                properties: o.properties.clone(),
                required: o.required.clone(),
                additional: o.additional_properties.clone(),
            }),
            SchemaKind::AllOf { all_of } => self.merge_parts(all_of, depth),
            SchemaKind::Any(a) if !a.all_of.is_empty() => {
                let mut merged = self.merge_parts(&a.all_of, depth)?;
                merged.merge(ObjectParts {
                    properties: a.properties.clone(),
                    required: a.required.clone(),
                    additional: None,
                });
                Some(merged)
            }
            SchemaKind::Any(a) if a.typ.is_none() || a.typ.as_deref() == Some("object") => {
                if a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.items.is_none()
                    && a.enumeration.is_empty()
                {
                    Some(ObjectParts {
                        properties: a.properties.clone(),
                        required: a.required.clone(),
                        additional: a.additional_properties.clone(),
                    })
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// The properties of every part of an `allOf` but annotations, merged.
    fn merge_parts(&self, parts: &[ReferenceOr<oa::Schema>], depth: usize) -> Option<ObjectParts> {
        let mut merged = ObjectParts::default();
        for p in parts.iter().filter(|p| !is_annotation_only(p)) {
            merged.merge(self.object_parts(p, depth + 1)?);
        }
        Some(merged)
    }
}

/// What an object-like schema declares, merged over `allOf`s and `$ref`s.
#[derive(Default)]
pub(super) struct ObjectParts {
    pub(super) properties: Properties,
    pub(super) required: Vec<String>,
    pub(super) additional: Option<oa::AdditionalProperties>,
}

impl ObjectParts {
    /// Adds what `other` declares; the first declaration of a property (or of
    /// `additionalProperties`) wins.
    fn merge(&mut self, other: ObjectParts) {
        for (name, schema) in other.properties {
            self.properties.entry(name).or_insert(schema);
        }
        self.required.extend(other.required);
        if self.additional.is_none() {
            self.additional = other.additional;
        }
    }
}

/// A schema that only annotates (description/title, no type information).
fn is_annotation_only(s: &ReferenceOr<oa::Schema>) -> bool {
    match s {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(a) => {
                a.typ.is_none()
                    && a.properties.is_empty()
                    && a.items.is_none()
                    && a.all_of.is_empty()
                    && a.one_of.is_empty()
                    && a.any_of.is_empty()
                    && a.enumeration.is_empty()
                    && a.additional_properties.is_none()
                    && a.format.is_none()
            }
            _ => false,
        },
    }
}
