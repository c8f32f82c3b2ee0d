//! Lenient scalars: a deserializer that reads what a drifting server sends for a scalar.
//!
//! Servers that are not spec-first send `"6230"` where the document declares an integer,
//! `1` or `"true"` for a boolean, `42` for a string. A crate generated with lenient scalars
//! on decodes its responses through [`Lenient`], which wraps any deserializer (the way
//! `serde_path_to_error` does: everything is forwarded, what it contains is wrapped too) and,
//! when the type asks for a scalar, turns what the JSON holds into what was asked for:
//!
//! - an integer or a number from a string holding one (`"6230"`, `"-1"`, `"2.5"`);
//! - a boolean from `0`/`1`, `"0"`/`"1"` and `"true"`/`"false"`;
//! - a string from a number or a boolean (written as JSON writes it).
//!
//! Anything else is given to the type as it is, whose error names what it expected.
//! A type that takes any JSON (`serde_json::Value`, and so a union's buffered value) gets
//! it unchanged. Writing is not affected.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// A deserializer that reads scalars leniently, or (inside) the map, sequence or seed
/// whose values it reads so.
pub struct Lenient<D>(pub D);

/// What the type being read asked for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Whatever the JSON holds.
    Any,
    Number,
    Bool,
    String,
}

/// Forwards a hint to the inner deserializer, with a visitor that wants `Any`.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*))*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* Hint { visitor, want: Want::Any })
        }
    )*};
}

/// Reads any JSON, with a visitor that wants `$want`.
macro_rules! scalar {
    ($want:ident: $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.0.deserialize_any(Hint { visitor, want: Want::$want })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<D> {
    type Error = D::Error;

    scalar!(Any: deserialize_any);
    scalar!(Bool: deserialize_bool);
    scalar!(Number: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64);
    scalar!(String: deserialize_str deserialize_string);

    forward! {
        deserialize_char() deserialize_bytes() deserialize_byte_buf() deserialize_option()
        deserialize_unit() deserialize_unit_struct(name: &'static str)
        deserialize_newtype_struct(name: &'static str) deserialize_seq()
        deserialize_tuple(len: usize) deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_map()
        deserialize_struct(name: &'static str, fields: &'static [&'static str])
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
        deserialize_identifier()
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Lenient<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        // Property names are strings already.
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(Lenient(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Lenient<A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        self.0.next_element_seed(Lenient(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Lenient<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Lenient(deserializer))
    }
}

/// The type's visitor, given what the JSON holds as what the type asked for (`want`) when
/// it converts; what it contains is read leniently.
struct Hint<V> {
    visitor: V,
    want: Want,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Hint<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        match self.want {
            Want::String => self.visitor.visit_string(v.to_string()),
            _ => self.visitor.visit_bool(v),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        match (self.want, v) {
            (Want::Bool, 0 | 1) => self.visitor.visit_bool(v == 1),
            (Want::String, _) => self.visitor.visit_string(v.to_string()),
            _ => self.visitor.visit_i64(v),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        match (self.want, v) {
            (Want::Bool, 0 | 1) => self.visitor.visit_bool(v == 1),
            (Want::String, _) => self.visitor.visit_string(v.to_string()),
            _ => self.visitor.visit_u64(v),
        }
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<V::Value, E> {
        self.visitor.visit_i128(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<V::Value, E> {
        self.visitor.visit_u128(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        match self.want {
            // As JSON writes it (`2.5`, `1e300`).
            Want::String => match serde_json::Number::from_f64(v) {
                Some(n) => self.visitor.visit_string(n.to_string()),
                None => self.visitor.visit_f64(v),
            },
            _ => self.visitor.visit_f64(v),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        match converted(self.want, v) {
            Some(scalar) => scalar.visit(self.visitor),
            None => self.visitor.visit_str(v),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        match converted(self.want, v) {
            Some(scalar) => scalar.visit(self.visitor),
            None => self.visitor.visit_borrowed_str(v),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        match converted(self.want, &v) {
            Some(scalar) => scalar.visit(self.visitor),
            None => self.visitor.visit_string(v),
        }
    }

    fn visit_char<E: de::Error>(self, v: char) -> Result<V::Value, E> {
        self.visitor.visit_char(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.visitor.visit_bytes(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.visitor.visit_borrowed_bytes(v)
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.visitor.visit_byte_buf(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Lenient(d))
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(Lenient(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(Lenient(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(Lenient(map))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}

/// A scalar read from a string.
enum Scalar {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
}

impl Scalar {
    fn visit<'de, V: Visitor<'de>, E: de::Error>(self, visitor: V) -> Result<V::Value, E> {
        match self {
            Scalar::Bool(v) => visitor.visit_bool(v),
            Scalar::I64(v) => visitor.visit_i64(v),
            Scalar::U64(v) => visitor.visit_u64(v),
            Scalar::F64(v) => visitor.visit_f64(v),
        }
    }
}

/// The scalar that `text` holds, when a `want` is asked for and it holds one.
fn converted(want: Want, text: &str) -> Option<Scalar> {
    match want {
        Want::Bool => match text {
            "1" | "true" => Some(Scalar::Bool(true)),
            "0" | "false" => Some(Scalar::Bool(false)),
            _ => None,
        },
        Want::Number => number(text),
        Want::Any | Want::String => None,
    }
}

/// The number a string holds: as JSON writes numbers (no sign `+`, no spaces, finite).
fn number(text: &str) -> Option<Scalar> {
    let json = text.parse::<serde_json::Number>().ok()?;
    if let Some(v) = json.as_u64() {
        Some(Scalar::U64(v))
    } else if let Some(v) = json.as_i64() {
        Some(Scalar::I64(v))
    } else {
        json.as_f64().map(Scalar::F64)
    }
}

#[cfg(test)]
mod tests {
    use super::Lenient;
    use serde_json::json;

    fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        T::deserialize(Lenient(&mut de))
    }

    #[test]
    fn numbers_from_strings() {
        assert_eq!(read::<i64>(r#""6230""#).unwrap(), 6230);
        assert_eq!(read::<i32>(r#""-7""#).unwrap(), -7);
        assert_eq!(read::<u64>(r#""18446744073709551615""#).unwrap(), u64::MAX);
        assert_eq!(read::<f64>(r#""2.5""#).unwrap(), 2.5);
        assert_eq!(read::<f64>(r#""3""#).unwrap(), 3.0);
        assert_eq!(read::<i64>("12").unwrap(), 12);
        for bad in [
            r#""abc""#, r#""1.5""#, r#"" 1""#, r#""+1""#, r#""NaN""#, "true",
        ] {
            assert!(read::<i64>(bad).is_err(), "{bad}");
        }
        assert!(read::<f64>(r#""inf""#).is_err());
    }

    #[test]
    fn booleans_from_numbers_and_strings() {
        for (text, want) in [
            ("1", true),
            ("0", false),
            (r#""1""#, true),
            (r#""0""#, false),
            (r#""true""#, true),
            (r#""false""#, false),
            ("true", true),
        ] {
            assert_eq!(read::<bool>(text).unwrap(), want, "{text}");
        }
        for bad in ["2", r#""yes""#, r#""True""#, "1.0", "null"] {
            assert!(read::<bool>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn strings_from_numbers_and_booleans() {
        assert_eq!(read::<String>("42").unwrap(), "42");
        assert_eq!(read::<String>("-1").unwrap(), "-1");
        assert_eq!(read::<String>("2.5").unwrap(), "2.5");
        assert_eq!(read::<String>("true").unwrap(), "true");
        assert!(read::<String>("[]").is_err());
        assert!(read::<String>("null").is_err());
    }

    #[test]
    fn contents_are_read_leniently_and_any_json_is_kept() {
        assert_eq!(
            read::<Vec<Option<i64>>>(r#"["1", null, 3]"#).unwrap(),
            [Some(1), None, Some(3)]
        );
        let map: std::collections::BTreeMap<String, bool> = read(r#"{"a": "1", "b": 0}"#).unwrap();
        assert_eq!(
            map.into_iter().collect::<Vec<_>>(),
            [("a".to_owned(), true), ("b".to_owned(), false)]
        );
        assert_eq!(
            read::<serde_json::Value>(r#"{"n": "1"}"#).unwrap(),
            json!({"n": "1"})
        );
    }
}
