//! What a schema says about its valid values ([`Sample`]): the document's own value
//! (`example`, `default`, first `enum` value) and the constraints a made-up value must meet.
//! Kept for the README's examples, which must be requests the API accepts.
//!
//! Read from the schema's JSON (a `$ref` is followed, never deserialised again): only the
//! keywords of values, so an object schema costs its `example` and `default` alone.

use std::borrow::Borrow;

use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use super::Lowerer;
use crate::model::Sample;
use crate::normalize::CONSTRAINTS;

/// How deep `items` (and `allOf` parts) are followed.
const MAX_DEPTH: usize = 8;

impl Lowerer<'_> {
    /// The sample of a schema use, `$ref`s followed.
    pub(super) fn sample<S: Borrow<oa::Schema>>(&self, schema: &ReferenceOr<S>) -> Sample {
        match schema {
            ReferenceOr::Reference { reference } => self.sample_of_ref(reference, 0),
            ReferenceOr::Item(s) => self.sample_of_schema(s.borrow()),
        }
    }

    /// The sample of an inline schema: an object's own `example`/`default`, else what its
    /// JSON says.
    fn sample_of_schema(&self, schema: &oa::Schema) -> Sample {
        let data = &schema.schema_data;
        if is_object(schema) {
            // Normalising moved `minProperties` aside (`normalize::CONSTRAINTS`).
            let min_properties = (data.extensions.get(CONSTRAINTS))
                .and_then(|c| c.get("minProperties"))
                .and_then(Value::as_u64)
                .map(|n| n as usize);
            let values = match &schema.schema_kind {
                oa::SchemaKind::Type(oa::Type::Object(o)) => o.additional_properties.as_ref(),
                oa::SchemaKind::Any(any) => any.additional_properties.as_ref(),
                _ => None,
            };
            let values = match values {
                Some(oa::AdditionalProperties::Schema(s)) => Some(Box::new(self.sample(s))),
                _ => None,
            };
            return Sample {
                value: data.example.clone().or_else(|| data.default.clone()),
                min_properties,
                items: values,
                ..Sample::default()
            };
        }
        match serde_json::to_value(schema) {
            Ok(v) => self.sample_of_value(&v, 0),
            Err(_) => Sample::default(),
        }
    }

    fn sample_of_ref(&self, reference: &str, depth: usize) -> Sample {
        match self.refs.resolve(reference) {
            Some(v) if depth < MAX_DEPTH => self.sample_of_value(v, depth + 1),
            _ => Sample::default(),
        }
    }

    /// The sample of a schema as JSON.
    fn sample_of_value(&self, v: &Value, depth: usize) -> Sample {
        if let Some(reference) = v.get("$ref").and_then(Value::as_str) {
            return self.sample_of_ref(reference, depth);
        }
        let mut sample = own_sample(v);
        if depth < MAX_DEPTH {
            if let Some(items) = v.get("items") {
                sample.items = Some(Box::new(self.sample_of_value(items, depth + 1)));
            }
            // `allOf` (a `$ref` with siblings, a refined type): each part's keywords, the
            // schema's own first.
            for part in v
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                merge(&mut sample, self.sample_of_value(part, depth + 1));
            }
        }
        sample
    }
}

/// Whether a schema is an object's (its sample is its fields').
fn is_object(schema: &oa::Schema) -> bool {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::Object(_)) => true,
        oa::SchemaKind::Any(any) => !any.properties.is_empty(),
        _ => false,
    }
}

/// The keywords of one schema (not its parts); its constraints are where normalising kept
/// them.
fn own_sample(schema: &Value) -> Sample {
    let v = schema.get(CONSTRAINTS).unwrap_or(&Value::Null);
    let integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    let bound = |key: &str, exclusive: &str, step: f64| {
        let b = v.get(key).and_then(Value::as_f64)?;
        let moved = v.get(exclusive).and_then(Value::as_bool) == Some(true);
        // An exclusive integer bound moves by one; a number's is handled where a value is
        // made (a point strictly inside).
        Some(if moved && integer { b + step } else { b })
    };
    let size = |key: &str| v.get(key).and_then(Value::as_u64).map(|n| n as usize);
    let text = |key: &str| v.get(key).and_then(Value::as_str).map(str::to_owned);
    let first_enum = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|values| values.iter().find(|e| !e.is_null()).cloned());
    Sample {
        value: (schema.get("example").cloned())
            .or_else(|| schema.get("default").cloned())
            .or(first_enum),
        format: schema
            .get("format")
            .and_then(Value::as_str)
            .map(str::to_owned),
        pattern: text("pattern"),
        minimum: bound("minimum", "exclusiveMinimum", 1.0),
        maximum: bound("maximum", "exclusiveMaximum", -1.0),
        min_length: size("minLength"),
        max_length: size("maxLength"),
        min_items: size("minItems"),
        min_properties: size("minProperties"),
        items: None,
    }
}

/// Fills what `sample` lacks from `other`.
fn merge(sample: &mut Sample, other: Sample) {
    fn keep<T>(mine: &mut Option<T>, theirs: Option<T>) {
        if mine.is_none() {
            *mine = theirs;
        }
    }
    keep(&mut sample.value, other.value);
    keep(&mut sample.format, other.format);
    keep(&mut sample.pattern, other.pattern);
    keep(&mut sample.minimum, other.minimum);
    keep(&mut sample.maximum, other.maximum);
    keep(&mut sample.min_length, other.min_length);
    keep(&mut sample.max_length, other.max_length);
    keep(&mut sample.min_items, other.min_items);
    keep(&mut sample.min_properties, other.min_properties);
    keep(&mut sample.items, other.items);
}

/// The first value of a parameter's or media type's `examples` map, where it is inline.
pub(super) fn first_example(
    examples: &indexmap::IndexMap<String, ReferenceOr<oa::Example>>,
) -> Option<Value> {
    examples.values().find_map(|e| match e {
        ReferenceOr::Item(e) => e.value.clone(),
        ReferenceOr::Reference { .. } => None,
    })
}
