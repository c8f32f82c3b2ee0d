//! Serde for the structs a generated crate makes of object schemas, written once here.
//!
//! `#[derive(Serialize, Deserialize)]` expands to some thirty lines per field (a field
//! enum with three visitors, a sequence visitor, duplicate checks, missing-field handling),
//! and on a large document that expansion is most of what the compiler does: GitHub's API
//! (4,500 models) spent 145 of the 160 seconds of its models' type-check in serde's derive
//! code (BENCHMARKS.md, section 5). [`json_object!`](crate::json_object) writes the same
//! JSON in a few lines per field: a `let`, a match arm, a line to build and one to write
//! the field; [`json_union!`](crate::json_union) a line per variant.
//!
//! What the derive did that this does not: accept a JSON array for a struct (serde's
//! derive reads structs from sequences too, which no JSON API sends) and refuse a property
//! that appears twice (the last one wins, as in `serde_json::Value`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// A property name as the deserializer gives it: borrowed from the input when it can be.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned (for a map of the properties a schema does not declare).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The first non-empty name: the first required property found missing.
pub fn first_missing(names: &[&'static str]) -> &'static str {
    names
        .iter()
        .copied()
        .find(|n| !n.is_empty())
        .unwrap_or_default()
}

/// Stores the next value of a map in `slot` (a field's value, in a struct's visitor).
pub fn next_value<'de, T: de::Deserialize<'de>, A: de::MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the next value of a map (an undeclared property).
pub fn skip_value<'de, A: de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// `Serialize` and `Deserialize` for a struct read from and written as a JSON object.
///
/// ```ignore
/// json_object! {
///     Serialize, Deserialize for Pet {
///         id: i64 = "id" req,                    // must be present
///         name: Option<String> = "name" null,    // absent is None; None is written as null
///         pet_type: Option<String> = "type" opt, // absent is None; None is left out
///         tags: Vec<String> = "tags" vec,        // absent is empty; empty is left out
///         ..additional                           // every other property, in this map field
///     }
/// }
/// ```
///
/// Attributes before `Serialize` apply to that impl only (`#[cfg(feature = "...")]` for a
/// type that only responses carry).
///
/// Unknown properties are skipped (or kept in the `..` field). The caller's crate depends
/// on `serde`, as the rest of the generated code does. The expansion is kept small on
/// purpose, for the compiler's sake: field types are given (no inference across the
/// function), each field's work is one call of a function here, errors return through
/// `match` rather than `?`, and the struct is built with one exit for all missing fields.
#[doc(hidden)]
#[macro_export]
macro_rules! json_object {
    (
        $(#[$serialize:meta])* Serialize, Deserialize for $name:ident {
            $($field:ident: $ty:ty = $key:literal $how:ident,)*
            $(..$extra:ident)?
        }
    ) => {
        $(#[$serialize])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut map =
                    $crate::__try!(serializer.serialize_map(::std::option::Option::None));
                $($crate::json_object!(@write $how map $key self.$field);)*
                $(for (key, value) in &self.$extra {
                    $crate::__try!(map.serialize_entry(key, value));
                })?
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                struct __ObjectVisitor;
                impl<'de> ::serde::de::Visitor<'de> for __ObjectVisitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        f: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("an object (", ::std::stringify!($name), ")"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field: ::std::option::Option<$ty> = ::std::option::Option::None;)*
                        $(let mut $extra = ::std::collections::BTreeMap::new();)?
                        while let ::std::option::Option::Some(key) =
                            $crate::__try!(map.next_key::<$crate::__private::Key<'de>>())
                        {
                            $crate::__try!(match key.as_str() {
                                $($key => $crate::__private::next_value(&mut map, &mut $field),)*
                                _ => $crate::json_object!(@other map key $($extra)?),
                            });
                        }
                        // Built without an exit or a call per field (an early return per
                        // field would drop the fields before it: quadratic code).
                        let missing = $crate::__private::first_missing(&[
                            $($crate::json_object!(@missing $how $field $key),)*
                        ]);
                        let ($($crate::json_object!(@present $how $field),)*) = ($($field,)*) else {
                            return ::std::result::Result::Err(
                                <A::Error as ::serde::de::Error>::missing_field(missing),
                            );
                        };
                        $(let $field = $crate::json_object!(@value $how $field);)*
                        ::std::result::Result::Ok($name { $($field,)* $($extra,)? })
                    }
                }
                deserializer.deserialize_map(__ObjectVisitor)
            }
        }
    };
    (@write req $map:ident $key:literal $value:expr) => {
        $crate::__try!($map.serialize_entry($key, &$value))
    };
    (@write opt $map:ident $key:literal $value:expr) => {
        if $value.is_some() {
            $crate::__try!($map.serialize_entry($key, &$value))
        }
    };
    (@write vec $map:ident $key:literal $value:expr) => {
        if !$value.is_empty() {
            $crate::__try!($map.serialize_entry($key, &$value))
        }
    };
    (@write null $map:ident $key:literal $value:expr) => {
        $crate::__try!($map.serialize_entry($key, &$value))
    };
    (@missing req $field:ident $key:literal) => {
        if $field.is_none() { $key } else { "" }
    };
    (@missing $how:ident $field:ident $key:literal) => {
        ""
    };
    (@present req $field:ident) => {
        ::std::option::Option::Some($field)
    };
    (@present $how:ident $field:ident) => {
        $field
    };
    (@value req $field:ident) => {
        $field
    };
    (@value $how:ident $field:ident) => {
        $field.unwrap_or_default()
    };
    (@other $map:ident $key:ident) => {
        $crate::__private::skip_value(&mut $map)
    };
    (@other $map:ident $key:ident $extra:ident) => {
        match $map.next_value() {
            ::std::result::Result::Ok(value) => {
                $extra.insert($key.into_string(), value);
                ::std::result::Result::Ok(())
            }
            ::std::result::Result::Err(e) => ::std::result::Result::Err(e),
        }
    };
}

/// `?` for generated code, as a `match`: the compiler checks it faster (it needs no
/// `Try`/`FromResidual` resolution), which adds up over thousands of fields.
#[doc(hidden)]
#[macro_export]
macro_rules! __try {
    ($result:expr) => {
        match $result {
            ::std::result::Result::Ok(value) => value,
            ::std::result::Result::Err(error) => return ::std::result::Result::Err(error),
        }
    };
}

/// The variant of an untagged union that `value` has the shape of, if it has that of `T`.
pub fn variant<T: de::DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// A tagged union's variant, from the JSON it was buffered into.
pub fn tagged_variant<T: de::DeserializeOwned, E: de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// The error for a tagged union whose tag is none of the known ones.
pub fn unknown_tag<E: de::Error>(property: &str, tags: &[&str]) -> E {
    let known: Vec<String> = tags.iter().map(|t| format!("`{t}`")).collect();
    E::custom(format_args!("`{property}` is none of {}", known.join(", ")))
}

/// The error for an untagged union that no variant matches.
pub fn no_variant<E: de::Error>(name: &str) -> E {
    E::custom(format_args!(
        "data did not match any variant of untagged enum {name}"
    ))
}

/// `Serialize` and `Deserialize` for a union (`oneOf`/`anyOf`) whose variants each hold a
/// type: written as the variant's value; read, untagged, as the first variant whose shape
/// the JSON has, or, with `by "property"`, by the value of that property.
///
/// ```ignore
/// json_union! { Serialize, Deserialize for Shape { Circle(Circle), Square(Square), } }
/// json_union! {
///     Serialize, Deserialize for Pet by "petType" { Cat(Cat) = "cat" | "Cat", Dog(Dog) = "dog", }
/// }
/// ```
///
/// The JSON is buffered as a `serde_json::Value` (serde's untagged derive buffers too).
#[doc(hidden)]
#[macro_export]
macro_rules! json_union {
    (
        $(#[$serialize:meta])* Serialize, Deserialize for $name:ident {
            $($variant:ident($ty:ty),)*
        }
    ) => {
        $crate::json_union!(@serialize [$(#[$serialize])*] $name { $($variant)* });

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = $crate::__try!(
                    <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)
                );
                $(if let ::std::option::Option::Some(v) = $crate::__private::variant::<$ty>(&value) {
                    return ::std::result::Result::Ok(Self::$variant(v));
                })*
                ::std::result::Result::Err($crate::__private::no_variant(::std::stringify!($name)))
            }
        }
    };
    (
        $(#[$serialize:meta])* Serialize, Deserialize for $name:ident by $property:literal {
            $($variant:ident($ty:ty) = $($tag:literal)|+,)*
        }
    ) => {
        $crate::json_union!(@serialize [$(#[$serialize])*] $name { $($variant)* });

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = $crate::__try!(
                    <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)
                );
                match value.get($property).and_then(::serde_json::Value::as_str) {
                    $(::std::option::Option::Some($($tag)|+) => {
                        $crate::__private::tagged_variant(value).map(Self::$variant)
                    })*
                    _ => ::std::result::Result::Err($crate::__private::unknown_tag(
                        $property,
                        &[$($($tag),+),*],
                    )),
                }
            }
        }
    };
    (@serialize [$(#[$serialize:meta])*] $name:ident { $($variant:ident)* }) => {
        $(#[$serialize])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
    };
}
