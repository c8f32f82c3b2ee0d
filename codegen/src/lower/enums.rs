//! Enums: string and integer variants (each value once), their names (from the
//! `x-speakeasy-enums`-style extensions, else from the values), and the key under which
//! inline enums with the same variants share one type.

use std::collections::BTreeSet;
use std::fmt::Display;

use indexmap::IndexMap;
use serde_json::Value;

use crate::model::{EnumVariant, TypeKind};
use crate::names::{self, Scope};

/// The variants of a string enum, named by the extensions in `ext` or after their values.
pub(super) fn string_variants(
    values: impl Iterator<Item = String>,
    ext: &IndexMap<String, Value>,
) -> Vec<EnumVariant<String>> {
    variants(values, ext, String::clone)
}

/// The variants of an integer enum, named by the extensions in `ext` or after their values
/// (`Value3`, `Minus1`).
pub(super) fn int_variants(values: &[i64], ext: &IndexMap<String, Value>) -> Vec<EnumVariant<i64>> {
    variants(values.iter().copied(), ext, |v| {
        if *v < 0 {
            format!("Minus{}", v.unsigned_abs())
        } else {
            format!("Value{v}")
        }
    })
}

/// One variant per distinct value, the `i`th named by the `i`th extension name when every
/// name is given, else by `unnamed`.
fn variants<V: Ord + Clone>(
    values: impl Iterator<Item = V>,
    ext: &IndexMap<String, Value>,
    unnamed: impl Fn(&V) -> String,
) -> Vec<EnumVariant<V>> {
    let names = enum_names(ext);
    let mut scope = Scope::default();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, v) in values.enumerate() {
        if !seen.insert(v.clone()) {
            continue;
        }
        let raw = names
            .as_ref()
            .and_then(|n| n.get(i))
            .cloned()
            .unwrap_or_else(|| unnamed(&v));
        out.push(EnumVariant {
            rust: scope.claim_one(names::variant_name(&raw)),
            value: v,
            doc: None,
        });
    }
    out
}

/// Variant names from `x-speakeasy-enums` / `x-enum-varnames` / `x-enumNames`.
fn enum_names(ext: &IndexMap<String, Value>) -> Option<Vec<String>> {
    for key in [
        "x-speakeasy-enums",
        "x-enum-varnames",
        "x-enumNames",
        "x-enum-names",
    ] {
        if let Some(Value::Array(list)) = ext.get(key) {
            let names: Vec<String> = list
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            if names.len() == list.len() {
                return Some(names);
            }
        }
    }
    None
}

/// For an enum, what identifies it: inline enums with the same key are one type.
pub(super) fn enum_key(kind: &TypeKind) -> Option<String> {
    fn key<V: Display>(prefix: &str, variants: &[EnumVariant<V>]) -> String {
        let pairs: Vec<String> = variants
            .iter()
            .map(|v| format!("{}={}", v.rust, v.value))
            .collect();
        format!("{prefix}:{}", pairs.join("\u{0}"))
    }
    match kind {
        TypeKind::StringEnum(v) => Some(key("s", v)),
        TypeKind::IntEnum(v) => Some(key("i", v)),
        _ => None,
    }
}
