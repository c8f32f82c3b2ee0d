//! Schema -> type: what a schema is (a scalar, a list, a map, or a named struct, enum or
//! union), its documentation, and the named type an inline schema gets.

use std::borrow::Borrow;

use oa::{ReferenceOr, SchemaKind, Type as OaType};
use openapiv3 as oa;
use serde_json::Value;

use super::enums::{enum_key, int_variants, string_variants};
use super::{Lowered, Lowerer, Shape};
use crate::diag::push_pointer;
use crate::docs::clean_doc;
use crate::load;
use crate::model::{Deprecated, Docs, Ty, TypeId, TypeKind};
use crate::names;

impl Lowerer<'_> {
    /// Every schema of `components.schemas`, a named type each.
    pub(super) fn declare_components(&mut self) {
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

    /// Fills in the named type `id` from `schema`.
    pub(super) fn define(&mut self, id: TypeId, schema: &oa::Schema, ptr: &str, hint: &str) {
        let doc = schema_docs(schema);
        let kind = match self.kind_of(schema, ptr, hint) {
            Shape::Kind(k) => k,
            Shape::Ty(t) => TypeKind::Alias(t.ty),
        };
        let def = &mut self.types[id.0];
        def.kind = kind;
        def.doc = doc;
    }

    /// Lowers a schema use. Objects, enums and unions become named types (named from
    /// `hint`); everything else is a type expression.
    pub(super) fn lower<S: Borrow<oa::Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        ptr: &str,
        hint: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, ptr),
            ReferenceOr::Item(s) => self.lower_item(s.borrow(), ptr, hint),
        }
    }

    fn lower_item(&mut self, schema: &oa::Schema, ptr: &str, hint: &str) -> Lowered {
        let nullable = schema.schema_data.nullable;
        // An inline schema's own name (`x-speakeasy-name-override`, as Speakeasy names it)
        // when that name is free; else the name from its context, not a numbered copy.
        let own = schema
            .schema_data
            .extensions
            .get("x-speakeasy-name-override")
            .and_then(Value::as_str)
            .map(names::type_name)
            .filter(|name| !name.is_empty() && !self.type_scope.contains(name));
        let hint = own.as_deref().unwrap_or(hint);
        let kind = match self.kind_of(schema, ptr, hint) {
            Shape::Ty(mut l) => {
                l.nullable |= nullable;
                return l;
            }
            Shape::Kind(kind) => kind,
        };
        // Inline enums with the same variants are one type.
        let key = enum_key(&kind);
        let id = match key.as_ref().and_then(|key| self.enum_dedup.get(key)) {
            Some(id) => *id,
            None => {
                let id = self.named_type(hint, schema_docs(schema), kind);
                if let Some(key) = key {
                    self.enum_dedup.insert(key, id);
                }
                id
            }
        };
        Lowered {
            ty: Ty::Named(id),
            nullable,
        }
    }

    /// What a schema is: a plain type expression, or something that needs a named type
    /// (whose name, `hint`, prefixes the names of inline children).
    fn kind_of(&mut self, schema: &oa::Schema, ptr: &str, hint: &str) -> Shape {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let extensions = &schema.schema_data.extensions;
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) => {
                let values: Vec<&String> = s.enumeration.iter().flatten().collect();
                if values.is_empty() {
                    plain(Ty::String)
                } else {
                    Shape::Kind(TypeKind::StringEnum(string_variants(
                        values.into_iter().cloned(),
                        extensions,
                    )))
                }
            }
            SchemaKind::Type(OaType::Integer(i)) => integer(i, extensions),
            SchemaKind::Type(OaType::Number(n)) => plain(match &n.format {
                oa::VariantOrUnknownOrEmpty::Item(oa::NumberFormat::Float) => Ty::F32,
                _ => Ty::F64,
            }),
            SchemaKind::Type(OaType::Boolean(_)) => plain(Ty::Bool),
            SchemaKind::Type(OaType::Array(a)) => self.array(a.items.as_ref(), ptr, hint),
            SchemaKind::Type(OaType::Object(o)) => self.object(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                ptr,
                hint,
                false,
            ),
            SchemaKind::OneOf { one_of } => self.union(one_of, "oneOf", discriminator, ptr, hint),
            SchemaKind::AnyOf { any_of } => self.union(any_of, "anyOf", discriminator, ptr, hint),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, ptr, hint),
            SchemaKind::Not { .. } => plain(Ty::Json),
            SchemaKind::Any(any) => self.kind_of_any(schema, any, ptr, hint),
        }
    }

    /// [`Self::kind_of`] for a schema without a single `type` (a 3.1 `type` list, a
    /// composition next to other keywords, or nothing at all): what its keywords say.
    fn kind_of_any(
        &mut self,
        schema: &oa::Schema,
        any: &oa::AnySchema,
        ptr: &str,
        hint: &str,
    ) -> Shape {
        let data = &schema.schema_data;
        if data
            .extensions
            .get("x-codegen-null")
            .and_then(Value::as_bool)
            == Some(true)
        {
            return plain(Ty::Unit);
        }
        if !any.all_of.is_empty() {
            // Properties beside the `allOf` are one more part of it.
            let own = (!any.properties.is_empty() || !any.required.is_empty()).then(|| {
                super::merge::ObjectParts {
                    properties: any.properties.clone(),
                    required: any.required.clone(),
                    additional: any.additional_properties.clone(),
                }
            });
            return self.all_of(&any.all_of, own, ptr, hint);
        }
        let discriminator = data.discriminator.as_ref();
        if !any.one_of.is_empty() {
            return self.union(&any.one_of, "oneOf", discriminator, ptr, hint);
        }
        if !any.any_of.is_empty() {
            return self.union(&any.any_of, "anyOf", discriminator, ptr, hint);
        }
        if !any.properties.is_empty()
            || any.typ.as_deref() == Some("object")
            || any.additional_properties.is_some()
        {
            return self.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                ptr,
                hint,
                false,
            );
        }
        if let Some(items) = &any.items {
            return self.array(Some(items), ptr, hint);
        }
        if any.enumeration.iter().any(Value::is_string)
            && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
        {
            let values = any
                .enumeration
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned));
            return Shape::Kind(TypeKind::StringEnum(string_variants(
                values,
                &data.extensions,
            )));
        }
        match any.typ.as_deref() {
            Some("string") => plain(Ty::String),
            Some("integer") => plain(Ty::I64),
            Some("number") => plain(Ty::F64),
            Some("boolean") => plain(Ty::Bool),
            Some("array") => plain(Ty::Vec(Box::new(Ty::Json))),
            _ => plain(Ty::Json),
        }
    }

    /// A list of `items` (of anything when there are none).
    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<oa::Schema>>>,
        ptr: &str,
        hint: &str,
    ) -> Shape {
        let items = match items {
            Some(items) => self.lower(items, &push_pointer(ptr, "items"), &format!("{hint}Item")),
            None => Lowered::plain(Ty::Json),
        };
        plain(Ty::Vec(Box::new(wrap_nullable(items))))
    }
}

fn plain(ty: Ty) -> Shape {
    Shape::Ty(Lowered::plain(ty))
}

/// An integer: an enum when it lists values, else sized by its `format`.
fn integer(i: &oa::IntegerType, extensions: &indexmap::IndexMap<String, Value>) -> Shape {
    let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
    if !values.is_empty() {
        return Shape::Kind(TypeKind::IntEnum(int_variants(&values, extensions)));
    }
    plain(match &i.format {
        oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int32) => Ty::I32,
        oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" || f == "uint32" => Ty::U64,
        _ => Ty::I64,
    })
}

/// The type of a use that may be `null`: `Option<T>`, unless `T` already admits `null`.
pub(super) fn wrap_nullable(l: Lowered) -> Ty {
    if l.nullable && !matches!(l.ty, Ty::Option(_) | Ty::Json | Ty::Unit) {
        Ty::Option(Box::new(l.ty))
    } else {
        l.ty
    }
}

/// A schema's documentation: its description (or title), and notes on its format,
/// deprecation and example.
pub(super) fn schema_docs(s: &oa::Schema) -> Docs {
    let d = &s.schema_data;
    let text = d
        .description
        .as_deref()
        .or(d.title.as_deref())
        .and_then(clean_doc);
    let mut notes = Vec::new();
    let format = match &s.schema_kind {
        SchemaKind::Type(OaType::String(t)) => match &t.format {
            oa::VariantOrUnknownOrEmpty::Item(f) => Some(format!("{f:?}").to_ascii_lowercase()),
            oa::VariantOrUnknownOrEmpty::Unknown(f) => Some(f.clone()),
            oa::VariantOrUnknownOrEmpty::Empty => None,
        },
        _ => None,
    };
    if let Some(f) = format {
        let f = match f.as_str() {
            "datetime" => "date-time".to_owned(),
            _ => f,
        };
        notes.push(format!("Format: `{f}`."));
    }
    let deprecated = Deprecated::from_flag(d.deprecated, &d.extensions);
    if let Some(deprecated) = &deprecated {
        notes.push(deprecated.doc_line());
    }
    if let Some(ex) = &d.example {
        let ex = value_to_example(ex);
        if ex.len() <= 80 && !ex.contains('\n') && !ex.contains('`') {
            notes.push(format!("Example: `{ex}`."));
        }
    }
    Docs {
        text,
        notes,
        deprecated,
    }
}

/// An example value as written in docs: a string as it is, anything else as JSON.
pub(super) fn value_to_example(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
