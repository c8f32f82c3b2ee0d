//! Object schemas -> structs: a field per property (named, documented, typed, with its
//! inline schema named after it), and a flattened map for `additionalProperties`.

use indexmap::IndexMap;
use oa::{ReferenceOr, SchemaKind, Type as OaType};
use openapiv3 as oa;

use super::schemas::{schema_docs, wrap_nullable};
use super::{Lowered, Lowerer, Shape};
use crate::diag::push_pointer;
use crate::model::{AdditionalProperties, Docs, Field, Struct, Ty, TypeKind};
use crate::names::{self, Scope};

/// The properties of an object schema, by their wire names.
pub(super) type Properties = IndexMap<String, ReferenceOr<Box<oa::Schema>>>;

impl Lowerer<'_> {
    /// An object schema's struct; for a `multipart/form-data` body (`form`), binary
    /// properties are file parts.
    pub(super) fn object(
        &mut self,
        properties: &Properties,
        required: &[String],
        additional: Option<&oa::AdditionalProperties>,
        ptr: &str,
        hint: &str,
        form: bool,
    ) -> Shape {
        let additional_ty = self.additional_properties(additional, ptr, hint);
        if properties.is_empty() {
            // A pure map (or a free-form object).
            return Shape::Ty(Lowered::plain(Ty::Map(Box::new(
                additional_ty.unwrap_or(Ty::Json),
            ))));
        }
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(properties.len());
        let props_ptr = push_pointer(ptr, "properties");
        for (wire, prop) in properties {
            let p_ptr = push_pointer(&props_ptr, wire);
            let l = match form.then(|| self.file_part(prop)).flatten() {
                Some(ty) => Lowered::plain(ty),
                None => {
                    let hint = self.property_hint(wire, prop, hint);
                    self.lower(prop, &p_ptr, &hint)
                }
            };
            let doc = match prop {
                ReferenceOr::Item(s) => schema_docs(s),
                ReferenceOr::Reference { .. } => Docs::default(),
            };
            let sample = self.sample(prop);
            let req = required.iter().any(|r| r == wire);
            let vec_default = !req && !l.nullable && matches!(l.ty, Ty::Vec(_));
            fields.push(Field {
                rust: scope.claim_one(names::snake(wire)),
                wire: wire.clone(),
                doc,
                ty: l.ty,
                required: req,
                nullable: l.nullable,
                vec_default,
                sample,
            });
        }
        let additional = additional_ty.map(|ty| AdditionalProperties {
            rust: scope.claim_one("additional_properties".into()),
            ty,
        });
        Shape::Kind(TypeKind::Struct(Struct {
            fields,
            additional,
            form: None,
        }))
    }

    /// The type of the values of the properties an object does not declare, if it keeps them.
    fn additional_properties(
        &mut self,
        additional: Option<&oa::AdditionalProperties>,
        ptr: &str,
        hint: &str,
    ) -> Option<Ty> {
        match additional {
            Some(oa::AdditionalProperties::Any(true)) => Some(Ty::Json),
            Some(oa::AdditionalProperties::Any(false)) | None => None,
            Some(oa::AdditionalProperties::Schema(s)) => {
                let l = self.lower(
                    s,
                    &push_pointer(ptr, "additionalProperties"),
                    &format!("{hint}Value"),
                );
                Some(wrap_nullable(l))
            }
        }
    }

    /// The name of a property's inline type: the property's own name, or prefixed by the
    /// struct's (`hint`) when a type has it already. For an array, the name its items would
    /// take (`ErrorsItem`) is the one checked, so that a second `errors` list gets
    /// `BadRequestErrorsItem`, not `ErrorsItem2`.
    fn property_hint(&self, wire: &str, prop: &ReferenceOr<Box<oa::Schema>>, hint: &str) -> String {
        let child_hint = names::type_name(wire);
        let probe = match prop {
            ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Type(OaType::Array(_))) => {
                format!("{child_hint}Item")
            }
            _ => child_hint.clone(),
        };
        if self.type_scope.contains(&probe) {
            format!("{hint}{child_hint}")
        } else {
            child_hint
        }
    }
}
