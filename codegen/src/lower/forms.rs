//! `multipart/form-data` bodies -> form structs: a field per property, binary properties
//! as file parts, each part's media type from the `encoding`; one form struct per `$ref`ed
//! schema, however many operations upload it.

use std::borrow::Cow;

use oa::{ReferenceOr, SchemaKind, Type as OaType};
use openapiv3 as oa;

use super::schemas::schema_docs;
use super::{Lowerer, Shape};
use crate::diag::last_token;
use crate::model::{Docs, Struct, Ty, TypeKind};
use crate::names;

impl Lowerer<'_> {
    /// The struct of a `multipart/form-data` body, when its schema is an object with
    /// properties: named from `hint`, or for a `$ref`ed schema `<Schema>Form`, one per schema.
    pub(super) fn form(&mut self, media: &oa::MediaType, ptr: &str, hint: &str) -> Option<Ty> {
        let schema = media.schema.as_ref()?;
        // A part's media type, where `encoding` gives one: the first of a list, not a range.
        let content_types = media.encoding.iter().filter_map(|(wire, encoding)| {
            let first = encoding.content_type.as_deref()?.split(',').next()?.trim();
            (!first.is_empty() && !first.contains('*')).then(|| (wire.clone(), first.to_owned()))
        });
        let (hint, doc) = match schema {
            ReferenceOr::Reference { reference } => {
                // One form per schema, as for JSON bodies, with every user's `encoding` (the
                // first one given for a field wins).
                if let Some(id) = self.forms.get(reference) {
                    if let TypeKind::Struct(Struct {
                        form: Some(known), ..
                    }) = &mut self.types[id.0].kind
                    {
                        for (wire, content_type) in content_types {
                            known.entry(wire).or_insert(content_type);
                        }
                    }
                    return Some(Ty::Named(*id));
                }
                let schema = names::type_name(&last_token(reference));
                let doc = Docs {
                    text: Some(format!("The `{schema}` schema as a form.")),
                    ..Docs::default()
                };
                (format!("{schema}Form"), doc)
            }
            ReferenceOr::Item(s) => (hint.to_owned(), schema_docs(s)),
        };
        let parts = self.object_parts(schema, 0)?;
        if parts.properties.is_empty() {
            return None;
        }
        let Shape::Kind(TypeKind::Struct(mut form)) =
            self.object(&parts.properties, &parts.required, None, ptr, &hint, true)
        else {
            return None;
        };
        form.form = Some(content_types.collect());
        let id = self.named_type(&hint, doc, TypeKind::Struct(form));
        if let ReferenceOr::Reference { reference } = schema {
            self.forms.insert(reference.clone(), id);
        }
        Some(Ty::Named(id))
    }

    /// `FilePart` for a binary string (`format: binary`), `Vec<FilePart>` for a list of
    /// them; following `$ref`s.
    pub(super) fn file_part(&self, schema: &ReferenceOr<Box<oa::Schema>>) -> Option<Ty> {
        let schema = self.schema_of(schema)?;
        match &schema.schema_kind {
            // Only a list of files is a list of parts: the items are not followed further (an
            // array can be its own items).
            SchemaKind::Type(OaType::Array(a)) => {
                let items = self.schema_of(a.items.as_ref()?)?;
                is_binary(&items).then(|| Ty::Vec(Box::new(Ty::File)))
            }
            _ => is_binary(&schema).then_some(Ty::File),
        }
    }

    /// A schema, or the one its `$ref` chain leads to.
    fn schema_of<'s>(
        &self,
        schema: &'s ReferenceOr<Box<oa::Schema>>,
    ) -> Option<Cow<'s, oa::Schema>> {
        match schema {
            ReferenceOr::Item(s) => Some(Cow::Borrowed(s)),
            ReferenceOr::Reference { reference } => {
                self.refs.schema(reference).map(|(s, _)| Cow::Owned(s))
            }
        }
    }
}

/// Whether a schema is a binary string (`format: binary`).
fn is_binary(schema: &oa::Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(OaType::String(s))
            if matches!(s.format, oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Binary))
    )
}
