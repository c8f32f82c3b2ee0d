//! Text -> JSON value: JSON, or YAML (scalar keys become strings, merge keys applied), with
//! the line and column of a syntax error. Most documents take the [`direct`] path, straight
//! into exact-size values; YAML that needs more goes through `serde_yaml::Value` and
//! [`yaml_to_json`].

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, push_pointer};

/// The document's value: JSON when the text starts with `{` (after any white space), YAML
/// otherwise; a syntax error is reported with its line and column.
pub(super) fn parse_text(text: &str, diags: &mut Diagnostics) -> Option<Value> {
    if text.trim_start().starts_with('{') {
        let mut de = serde_json::Deserializer::from_str(text);
        let parsed = serde::de::DeserializeSeed::deserialize(direct::Direct::JSON, &mut de)
            .and_then(|v| de.end().map(|()| v));
        match parsed {
            Ok(v) => return Some(v),
            Err(e) => {
                diags.push(Diagnostic::error(
                    "#",
                    format!(
                        "invalid JSON at line {} column {}: {e}",
                        e.line(),
                        e.column()
                    ),
                ));
                return None;
            }
        }
    }
    if let Ok(value) = serde::de::DeserializeSeed::deserialize(
        direct::Direct::YAML,
        serde_yaml::Deserializer::from_str(text),
    ) {
        return Some(value);
    }
    let mut yaml = match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(v) => v,
        Err(e) => {
            let at = e
                .location()
                .map(|l| format!(" at line {} column {}", l.line(), l.column()));
            diags.push(Diagnostic::error(
                "#",
                format!("invalid YAML{}: {e}", at.unwrap_or_default()),
            ));
            return None;
        }
    };
    if let Err(e) = yaml.apply_merge() {
        diags.push(Diagnostic::error(
            "#",
            format!("invalid YAML merge key (`<<`): {e}"),
        ));
        return None;
    }
    let mut errors = Vec::new();
    let value = yaml_to_json(yaml, "#", &mut errors);
    let failed = !errors.is_empty();
    for e in errors {
        diags.push(e);
    }
    (!failed).then_some(value)
}

/// JSON, or YAML, straight into a JSON value whose objects, arrays and strings are allocated
/// at their exact size (`serde_json`'s own `Value` grows them by doubling, and the document
/// is the largest thing alive while lowering: the exact sizes make it a third smaller).
///
/// For YAML it also skips `serde_yaml::Value` (a quarter of the time of loading, and its
/// memory), but only for documents that need none of what the full path below handles:
/// merge keys, tags, non-scalar or duplicate keys, non-finite numbers. Any of those, or any
/// error, makes it fail, and the full path then converts the document or reports its
/// problems (so both give the same value for every document this one accepts). For JSON, a
/// duplicate key keeps the last value, as `serde_json` does.
mod direct {
    use std::fmt;

    use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
    use serde_json::Value;

    #[derive(Clone, Copy)]
    pub(super) struct Direct {
        /// YAML input: merge keys and duplicate keys are left to the full path.
        yaml: bool,
    }

    impl Direct {
        pub(super) const JSON: Self = Self { yaml: false };
        pub(super) const YAML: Self = Self { yaml: true };
    }

    impl<'de> DeserializeSeed<'de> for Direct {
        type Value = Value;

        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Direct {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an untagged YAML value")
        }

        fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
            Ok(Value::Bool(b))
        }

        fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
            Ok(Value::from(n))
        }

        fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
            Ok(Value::from(n))
        }

        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
            serde_json::Number::from_f64(n)
                .map(Value::Number)
                .ok_or_else(|| E::custom("non-finite number"))
        }

        fn visit_str<E>(self, s: &str) -> Result<Value, E> {
            Ok(Value::String(s.to_owned()))
        }

        fn visit_string<E>(self, mut s: String) -> Result<Value, E> {
            s.shrink_to_fit();
            Ok(Value::String(s))
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(item) = seq.next_element_seed(self)? {
                items.push(item);
            }
            items.shrink_to_fit();
            Ok(Value::Array(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            // Entries are gathered first so that the map is made at its final size.
            let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some(key) = map.next_key_seed(Key)? {
                if self.yaml && key == "<<" {
                    return Err(de::Error::custom("merge key"));
                }
                entries.push((key, map.next_value_seed(self)?));
            }
            let mut out = serde_json::Map::with_capacity(entries.len());
            for (key, value) in entries {
                if out.insert(key, value).is_some() && self.yaml {
                    return Err(de::Error::custom("duplicate key"));
                }
            }
            Ok(Value::Object(out))
        }
    }

    /// A mapping key: a scalar, as text (the same text the full path gives it).
    struct Key;

    impl<'de> DeserializeSeed<'de> for Key {
        type Value = String;

        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl Visitor<'_> for Key {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a scalar key")
        }

        fn visit_bool<E>(self, b: bool) -> Result<String, E> {
            Ok(b.to_string())
        }

        fn visit_i64<E>(self, n: i64) -> Result<String, E> {
            Ok(n.to_string())
        }

        fn visit_u64<E>(self, n: u64) -> Result<String, E> {
            Ok(n.to_string())
        }

        fn visit_f64<E>(self, n: f64) -> Result<String, E> {
            Ok(serde_yaml::Number::from(n).to_string())
        }

        fn visit_str<E>(self, s: &str) -> Result<String, E> {
            Ok(s.to_owned())
        }

        fn visit_string<E>(self, s: String) -> Result<String, E> {
            Ok(s)
        }

        fn visit_unit<E>(self) -> Result<String, E> {
            Ok("null".to_owned())
        }
    }
}

/// YAML allows keys that JSON does not (numbers such as unquoted `200:`, booleans); such scalar
/// keys become strings. Non-scalar keys and non-finite numbers are errors.
fn yaml_to_json(value: serde_yaml::Value, ptr: &str, errors: &mut Vec<Diagnostic>) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(f) => Value::Number(f),
                    None => {
                        errors.push(Diagnostic::error(
                            ptr,
                            format!("number `{n}` is not finite"),
                        ));
                        Value::Null
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| yaml_to_json(v, &push_pointer(ptr, &i.to_string()), errors))
                .collect(),
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        errors.push(Diagnostic::error(
                            ptr,
                            format!("mapping key must be a scalar, found {}", yaml_kind(&other)),
                        ));
                        continue;
                    }
                };
                let child = push_pointer(ptr, &key);
                out.insert(key, yaml_to_json(v, &child, errors));
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, ptr, errors),
    }
}

fn yaml_kind(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Sequence(_) => "a sequence",
        serde_yaml::Value::Mapping(_) => "a mapping",
        _ => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full path: `serde_yaml::Value`, merge keys applied, converted.
    fn full(text: &str) -> Value {
        let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).expect("YAML");
        yaml.apply_merge().expect("merge");
        let mut errors = Vec::new();
        let value = yaml_to_json(yaml, "#", &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        value
    }

    fn direct(text: &str) -> Option<Value> {
        serde::de::DeserializeSeed::deserialize(
            direct::Direct::YAML,
            serde_yaml::Deserializer::from_str(text),
        )
        .ok()
    }

    #[test]
    fn direct_yaml_gives_the_full_paths_value() {
        let docs = [
            include_str!("../../../spec/plex-api-spec.yaml"),
            include_str!("../../../fixtures/specs/bodies.yaml"),
            include_str!("../../../fixtures/specs/composition.yaml"),
            include_str!("../../../fixtures/specs/enums.yaml"),
            include_str!("../../../fixtures/specs/names.yaml"),
            include_str!("../../../fixtures/specs/parameters.yaml"),
            include_str!("../../../fixtures/specs/plex-like.yaml"),
            include_str!("../../../fixtures/specs/servers-security.yaml"),
            include_str!("../../../fixtures/specs/statuses.yaml"),
            include_str!("../../../fixtures/specs/types-3-1.yaml"),
            // Keys of every scalar kind, numbers of every form, anchors and aliases, block
            // and quoted strings, standard tags.
            "a:\n  200: {x: 1}\n  2XX: y\n  '404': z\n  1.5: f\n  true: b\n  ~: n\n  0x1F: h\n",
            "n: [1, -2, 18446744073709551615, 1.25, 1e3, 0o17, .5, -0.0]\n",
            "base: &b {k: v, list: [1, 2]}\nuse: *b\ntext: |\n  line one\n  line two\n",
            "s: !!str 123\nq: \"quoted: yes\"\nempty:\nnull_value: null\nflag: no\n",
            "",
        ];
        for doc in docs {
            let direct = direct(doc).unwrap_or_else(|| panic!("direct path fails on {doc:.60}"));
            assert_eq!(direct, full(doc), "{doc:.60}");
        }
    }

    #[test]
    fn json_reads_as_serde_json_reads_it() {
        let synthetic = crate::synthetic::synthetic_spec(40);
        let docs = [
            synthetic.as_str(),
            r#"{"a": 1, "a": 2, "<<": {"k": [1, -2, 18446744073709551615, 1.5e-3, -0.0]}}"#,
            r#"{"esc": "tab\t quote\" \u00e9 \ud83d\ude00", "e": {}, "l": [], "n": null, "b": true}"#,
        ];
        for doc in docs {
            let mut d = Diagnostics::default();
            let ours = parse_text(doc, &mut d).expect("parses");
            let theirs: Value = serde_json::from_str(doc).expect("serde_json parses");
            assert_eq!(ours, theirs, "{doc:.60}");
            // Same order of keys, too.
            assert_eq!(ours.to_string(), theirs.to_string());
        }
        // Trailing text and bad JSON still fail, with a line and column.
        for bad in [r#"{"a": 1} x"#, r#"{"a": [1, }"#] {
            let mut d = Diagnostics::default();
            assert!(parse_text(bad, &mut d).is_none());
            assert!(
                d.items[0].message.contains("invalid JSON at line 1"),
                "{:?}",
                d.items
            );
        }
    }

    #[test]
    fn direct_yaml_leaves_yaml_only_features_to_the_full_path() {
        for doc in [
            "a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n",
            "a: !custom 1\n",
            "a: 1\na: 2\n",
            "a: .nan\n",
            "? [1, 2]\n: x\n",
            "a: 1\n---\nb: 2\n",
            "a: [1, 2\n",
        ] {
            assert_eq!(direct(doc), None, "{doc}");
        }
        // Merge keys still work, through the full path.
        let mut d = Diagnostics::default();
        let v = parse_text("a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n", &mut d).expect("parses");
        assert_eq!(v["b"]["x"], 1);
    }

    #[test]
    fn yaml_integer_keys_become_strings() {
        let mut d = Diagnostics::default();
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n";
        let v = parse_text(doc, &mut d).expect("parses");
        assert!(v.pointer("/paths/~1a/get/responses/200").is_some());
    }

    #[test]
    fn bad_yaml_names_line() {
        let mut d = Diagnostics::default();
        assert!(parse_text("openapi: 3.1.0\ninfo: [unclosed\n", &mut d).is_none());
        assert!(
            d.items[0].message.contains("invalid YAML at line"),
            "{:?}",
            d.items
        );
    }
}
