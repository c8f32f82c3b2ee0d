//! The values of the README's examples, as Rust expressions: per parameter and body field
//! the document's own value (`example`, `examples`, `default`, first `enum` value), else one
//! made to meet its schema (format, pattern, bounds, lengths, at least one item of a list);
//! bodies as typed values (struct literals, a concrete variant of a union). Where no valid
//! value can be known, the example says so in a comment ([`Values::notes`]).

use serde_json::Value;

use super::models::field_ty;
use super::synth;
use crate::model::*;

/// How deep a value's structs are built (a required field of a recursive type ends there).
const MAX_DEPTH: usize = 12;

/// Builds the example values of one example, collecting what they need.
pub(super) struct Values<'a> {
    api: &'a Api,
    /// The crate-root items the expressions name (types, `Bytes`, `FilePart`).
    pub(super) imports: Vec<String>,
    /// Comments for the reader: values the document does not make knowable.
    pub(super) notes: Vec<String>,
}

impl<'a> Values<'a> {
    pub(super) fn new(api: &'a Api) -> Self {
        Values {
            api,
            imports: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// An owned value of `ty` for what `sample` describes; `path` names it in notes.
    pub(super) fn value(&mut self, ty: &Ty, sample: &Sample, path: &str) -> String {
        self.expr(ty, sample, sample.value.as_ref(), path, 0)
    }

    /// A string literal (for an `impl Into<String>` argument).
    pub(super) fn str_literal(&mut self, sample: &Sample, path: &str) -> String {
        format!("{:?}", self.string(sample, sample.value.as_ref(), path))
    }

    fn expr(
        &mut self,
        ty: &Ty,
        sample: &Sample,
        given: Option<&Value>,
        path: &str,
        depth: usize,
    ) -> String {
        // A type that only reaches itself (a union whose every variant holds it again, a
        // required field of its own type without `Default`) has no finite value: the
        // example says so rather than recursing without end.
        if depth > 4 * MAX_DEPTH {
            self.notes.push(format!(
                "`{path}`: the schema nests itself without end: replace the `todo!()`"
            ));
            return "todo!(\"a value of a recursive type\")".into();
        }
        match ty {
            Ty::String => format!("{:?}.to_owned()", self.string(sample, given, path)),
            Ty::I32 | Ty::I64 | Ty::U64 => integer(ty, sample, given).to_string(),
            Ty::F32 | Ty::F64 => {
                let v = given
                    .and_then(Value::as_f64)
                    .unwrap_or_else(|| synth::number(sample));
                format!("{v:?}")
            }
            Ty::Bool => given.and_then(Value::as_bool).unwrap_or(true).to_string(),
            Ty::Named(id) => self.named(*id, sample, given, path, depth),
            Ty::Vec(item) => self.list(item, sample, given, path, depth),
            Ty::Map(value) => self.map(value, sample, given, path, depth),
            Ty::Json => json(given),
            Ty::Upload => {
                self.imports.push("UploadBody".into());
                "UploadBody::from(b\"example\")".into()
            }
            Ty::Bytes => {
                self.imports.push("Bytes".into());
                "Bytes::from_static(b\"example\")".into()
            }
            Ty::File => {
                self.imports.push("FilePart".into());
                "FilePart::new(\"contents\").with_file_name(\"example.txt\")".into()
            }
            Ty::Option(inner) => match given {
                Some(Value::Null) => "None".into(),
                _ => format!("Some({})", self.expr(inner, sample, given, path, depth)),
            },
            Ty::Nullable(inner) => {
                self.imports.push("Nullable".into());
                match given {
                    Some(Value::Null) => "Nullable::Null".into(),
                    _ => format!(
                        "Nullable::Value({})",
                        self.expr(inner, sample, given, path, depth)
                    ),
                }
            }
            Ty::Boxed(inner) => {
                format!("Box::new({})", self.expr(inner, sample, given, path, depth))
            }
            Ty::Unit => "()".into(),
        }
    }

    /// The document's string, else one made for the schema, else a placeholder and a note.
    fn string(&mut self, sample: &Sample, given: Option<&Value>, path: &str) -> String {
        match given {
            Some(Value::String(s)) => return s.clone(),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => return v.to_string(),
            _ => {}
        }
        synth::string(sample).unwrap_or_else(|why| {
            self.notes.push(format!(
                "`{path}`: the document gives no example, and {why}: replace \"example\""
            ));
            "example".to_owned()
        })
    }

    /// A list of the document's items, else of one made-up item (or `minItems` of them): a
    /// list in an example is a required one, which an empty list would not fill.
    fn list(
        &mut self,
        item: &Ty,
        sample: &Sample,
        given: Option<&Value>,
        path: &str,
        depth: usize,
    ) -> String {
        let item_sample = sample.items.as_deref().cloned().unwrap_or_default();
        let path = format!("{path}[]");
        let items: Vec<String> = match given.and_then(Value::as_array) {
            Some(values) if !values.is_empty() => values
                .iter()
                .map(|v| self.expr(item, &item_sample, Some(v), &path, depth + 1))
                .collect(),
            _ => {
                let one = self.value_at(item, &item_sample, &path, depth + 1);
                vec![one; sample.min_items.unwrap_or(1).clamp(1, 16)]
            }
        };
        format!("vec![{}]", items.join(", "))
    }

    fn value_at(&mut self, ty: &Ty, sample: &Sample, path: &str, depth: usize) -> String {
        self.expr(ty, sample, sample.value.as_ref(), path, depth)
    }

    fn map(
        &mut self,
        value: &Ty,
        sample: &Sample,
        given: Option<&Value>,
        path: &str,
        depth: usize,
    ) -> String {
        let mut entries: Vec<String> = given
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                let v = self.expr(value, &Sample::default(), Some(v), path, depth + 1);
                format!("({k:?}.to_owned(), {v})")
            })
            .collect();
        // `minProperties`: as many made-up entries as the schema asks for (at most 16).
        let wanted = sample.min_properties.unwrap_or(0).min(16);
        let path = format!("{path}{{}}");
        let value_sample = sample.items.as_deref().cloned().unwrap_or_default();
        for n in entries.len()..wanted {
            let v = self.value_at(value, &value_sample, &path, depth + 1);
            entries.push(format!("(\"key{}\".to_owned(), {v})", n + 1));
        }
        if entries.is_empty() {
            "std::collections::BTreeMap::new()".into()
        } else {
            format!("std::collections::BTreeMap::from([{}])", entries.join(", "))
        }
    }

    fn named(
        &mut self,
        id: TypeId,
        sample: &Sample,
        given: Option<&Value>,
        path: &str,
        depth: usize,
    ) -> String {
        let def = &self.api.types[id.0];
        let name = def.name.clone();
        match &def.kind {
            TypeKind::Alias(inner) => self.expr(inner, sample, given, path, depth),
            TypeKind::StringEnum(vs) => {
                self.imports.push(name.clone());
                let v = (given.and_then(Value::as_str))
                    .and_then(|g| vs.iter().find(|v| v.value == g))
                    .or(vs.first());
                match v {
                    Some(v) => format!("{name}::{}", v.rust),
                    None => format!("{name}::from(\"value\")"),
                }
            }
            TypeKind::IntEnum(vs) => {
                self.imports.push(name.clone());
                let v = (given.and_then(Value::as_i64))
                    .and_then(|g| vs.iter().find(|v| v.value == g))
                    .or(vs.first());
                match v {
                    Some(v) => format!("{name}::{}", v.rust),
                    None => format!("{name}::from(0)"),
                }
            }
            TypeKind::Struct(s) => self.struct_literal(def, s, given, path, depth),
            TypeKind::Union(u) => self.variant(&name, u, given, path, depth),
        }
    }

    /// A struct literal: the required fields and those the document's value has; the rest
    /// from `Default` (or empty where the type has none).
    fn struct_literal(
        &mut self,
        def: &TypeDef,
        s: &Struct,
        given: Option<&Value>,
        path: &str,
        depth: usize,
    ) -> String {
        self.imports.push(def.name.clone());
        if depth > MAX_DEPTH && def.has_default {
            return format!("{}::default()", def.name);
        }
        let object = given.and_then(Value::as_object);
        let mut fields = Vec::new();
        let mut rest = false;
        for f in &s.fields {
            let declared = field_ty(f, s.form.is_some());
            let own = object.and_then(|o| o.get(&f.wire));
            let value = if f.required || own.is_some() {
                let given = own.or(f.sample.value.as_ref());
                let path = format!("{path}.{}", f.wire);
                self.expr(&declared, &f.sample, given, &path, depth + 1)
            } else if def.has_default {
                rest = true;
                continue;
            } else {
                if matches!(declared, Ty::Nullable(_)) {
                    self.imports.push("Nullable".into());
                }
                empty(&declared)
            };
            fields.push(format!("{}: {value}", f.rust));
        }
        if let Some(a) = &s.additional {
            if def.has_default {
                rest = true;
            } else {
                fields.push(format!("{}: std::collections::BTreeMap::new()", a.rust));
            }
        }
        if rest {
            fields.push("..Default::default()".into());
        }
        format!("{} {{ {} }}", def.name, fields.join(", "))
    }

    /// A union's variant: the one the document's value names (by discriminator) or has the
    /// shape of, else the first that is not "anything".
    fn variant(
        &mut self,
        name: &str,
        u: &Union,
        given: Option<&Value>,
        path: &str,
        depth: usize,
    ) -> String {
        self.imports.push(name.to_owned());
        let tag =
            (u.discriminator.as_deref()).and_then(|d| given?.get(d)?.as_str().map(str::to_owned));
        // Deep in a recursive value, a variant that ends it (a scalar), if there is one.
        let scalar = |v: &&UnionVariant| {
            !matches!(
                v.ty,
                Ty::Named(_) | Ty::Boxed(_) | Ty::Vec(_) | Ty::Map(_) | Ty::Option(_)
            )
        };
        let chosen = (depth > MAX_DEPTH)
            .then(|| u.variants.iter().find(scalar))
            .flatten()
            .or_else(|| {
                let t = tag.as_deref()?;
                u.variants.iter().find(|v| v.tags.iter().any(|x| x == t))
            })
            .or_else(|| given.and_then(|g| u.variants.iter().find(|v| fits(self.api, &v.ty, g))))
            .or_else(|| u.variants.iter().find(|v| v.ty != Ty::Json))
            .or(u.variants.first());
        let Some(v) = chosen else {
            return format!("{name}::default()");
        };
        // The discriminator property carries the variant's tag.
        let mut own = given.cloned().or_else(|| v.sample.value.clone());
        if let (Some(d), Some(t)) = (&u.discriminator, v.tags.first()) {
            let object = own.get_or_insert_with(|| Value::Object(Default::default()));
            if let Some(o) = object.as_object_mut() {
                o.insert(d.clone(), Value::String(t.clone()));
            }
        }
        let inner = self.expr(&v.ty, &v.sample, own.as_ref(), path, depth + 1);
        format!("{name}::{}({inner})", v.rust)
    }
}

/// An integer of the type's range: the document's, else one within the bounds.
fn integer(ty: &Ty, sample: &Sample, given: Option<&Value>) -> i128 {
    let (min, max) = match ty {
        Ty::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        Ty::U64 => (0, i128::from(u64::MAX)),
        _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
    };
    let given =
        given.and_then(|v| (v.as_i64().map(i128::from)).or_else(|| v.as_u64().map(i128::from)));
    given
        .filter(|v| (min..=max).contains(v))
        .unwrap_or_else(|| i128::from(synth::integer(sample)).clamp(min, max))
}

/// A JSON value: the document's, written with `json!` (where its text is also Rust's: JSON's
/// `\u` escapes are not), else an empty object.
fn json(given: Option<&Value>) -> String {
    match given.map(Value::to_string) {
        Some(text) if !text.contains("\\u") => format!("serde_json::json!({text})"),
        _ => "serde_json::json!({})".into(),
    }
}

/// The empty value of a field that is neither required nor given, in a struct without
/// `Default`.
fn empty(ty: &Ty) -> String {
    match ty {
        Ty::Vec(_) => "Vec::new()".into(),
        Ty::Map(_) => "std::collections::BTreeMap::new()".into(),
        Ty::Nullable(_) => "Nullable::Absent".into(),
        _ => "None".into(),
    }
}

/// Whether a JSON value has the shape of `ty` (to pick a union's variant for it).
fn fits(api: &Api, ty: &Ty, v: &Value) -> bool {
    match (ty, v) {
        (Ty::String, Value::String(_)) | (Ty::Bool, Value::Bool(_)) => true,
        (Ty::I32 | Ty::I64 | Ty::U64, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::F32 | Ty::F64, Value::Number(_)) => true,
        (Ty::Vec(_), Value::Array(_)) | (Ty::Map(_), Value::Object(_)) => true,
        (Ty::Option(t) | Ty::Nullable(t) | Ty::Boxed(t), v) => fits(api, t, v),
        (Ty::Named(id), v) => match (&api.types[id.0].kind, v) {
            (TypeKind::Alias(t), v) => fits(api, t, v),
            (TypeKind::StringEnum(_), Value::String(_)) => true,
            (TypeKind::IntEnum(_), Value::Number(_)) => true,
            (TypeKind::Struct(s), Value::Object(o)) => s
                .fields
                .iter()
                .filter(|f| f.required)
                .all(|f| o.contains_key(&f.wire)),
            (TypeKind::Union(_), _) => true,
            _ => false,
        },
        _ => false,
    }
}
