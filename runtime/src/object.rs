//! Serde for the structs a generated crate makes of object schemas, written once here.
//!
//! `#[derive(Serialize, Deserialize)]` expands to some thirty lines per field (a field
//! enum with three visitors, a sequence visitor, duplicate checks, missing-field handling),
//! and on a large document that expansion is most of what the compiler does: GitHub's API
//! (4,500 models) spent 145 of the 160 seconds of its models' type-check in serde's derive
//! code (BENCHMARKS.md, section 6). [`json_object!`](crate::json_object) reads a struct
//! through a table of its fields (one entry per field, read by one routine in
//! `fields.rs`) and writes it in a line per field; [`json_union!`](crate::json_union)
//! takes a line per variant.
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

/// `Deserialize`, `Debug`, `Clone`, `PartialEq` (and `Eq`, if listed) and `Serialize` for a
/// struct read from and written as a JSON object.
///
/// ```ignore
/// json_object! {
///     Deserialize, Debug, Clone, PartialEq, Eq, Serialize for Pet {
///         id: i64 = "id" req,                    // must be present
///         name: Option<String> = "name" null,    // absent is None; None is written as null
///         pet_type: Option<String> = "type" opt, // absent is None; None is left out
///         tags: Vec<String> = "tags" vec,        // absent is empty; empty is left out
///         ..additional                           // every other property, in this map field
///     }
/// }
/// ```
///
/// Attributes before `Serialize` apply to that impl only (`#[cfg(feature = "...")]
/// Serialize` for a type that only responses carry). `Debug`, `Clone` and `PartialEq` behave as their derives
/// do (field order, Rust names); `Eq` is the marker, listed only for structs whose fields
/// are all `Eq` (the generator knows).
///
/// Unknown properties are skipped (or kept in the `..` field). The caller's crate depends
/// on `serde`, as the rest of the generated code does. The expansion is kept small on
/// purpose, for the compiler's sake: one constant table of the fields (JSON name, offset
/// (computed in the constant, no `offset_of!` per field), the slot of the field's type, and
/// one `stringify!` of all the Rust names), the [`Object`](crate::__private::Object) impl that
/// holds it, and one line per trait calling the routine that reads it (`fields.rs`). The
/// table is checked against the struct by a closure that is never called (the struct's
/// exhaustive pattern, returned as a tuple of the given types), which is what makes the
/// `unsafe impl` sound. `Serialize` has a table of its own (its field types need not be
/// `Serialize` unless the impl is compiled), errors returned through `match` rather than
/// `?` (no `Try` resolution).
#[doc(hidden)]
#[macro_export]
macro_rules! json_object {
    (
        @impls [$(#[$serialize:meta])*] [$($eq:ident)?] $name:ident {
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
                // Under a name no type of the caller's can have.
                use $crate::__private as __rt;
                static FIELDS: &[__rt::OutField] = &[$(__rt::OutField::new(
                    $key,
                    ::std::mem::offset_of!($name, $field),
                    <__rt::kinds::$how as __rt::OutOf<$ty>>::OUT,
                ),)*];
                let mut map =
                    $crate::__try!(serializer.serialize_map(::std::option::Option::None));
                // SAFETY: the fields are the struct's (checked below).
                $crate::__try!(unsafe { __rt::serialize_fields(&mut map, self, FIELDS) });
                $(for (key, value) in &self.$extra {
                    $crate::__try!(map.serialize_entry(key, value));
                })?
                map.end()
            }
        }

        // The table is checked against the struct: every field named once (the struct's
        // exhaustive pattern), each of the type its slot is made for.
        const _: fn($name) -> ($($ty,)*) = |object| {
            let $name { $($field,)* $($extra: _,)? } = object;
            ($($field,)*)
        };

        // SAFETY: the table describes the struct (checked above).
        unsafe impl $crate::__private::Object for $name {
            const TABLE: &'static $crate::__private::Table = {
                // Under a name no type of the caller's can have (a field's type may be `Field`).
                use $crate::__private as __rt;
                let object = ::std::mem::MaybeUninit::<$name>::uninit();
                let at = object.as_ptr();
                &__rt::Table {
                    name: ::std::stringify!($name),
                    idents: ::std::stringify!($($field)* $($extra)?),
                    fields: &[$(__rt::Field {
                        name: $key,
                        // SAFETY: a field of the object (no reference made, nothing read).
                        offset: unsafe { (&raw const (*at).$field).byte_offset_from(at) } as usize,
                        slot: <__rt::kinds::$how as __rt::SlotOf<$ty>>::SLOT,
                    },)*],
                    rest: $crate::json_object!(@rest $name $($extra)?),
                }
            };
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize(deserializer)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::__private::debug(self, f)
            }
        }

        impl ::std::clone::Clone for $name {
            fn clone(&self) -> Self {
                $crate::__private::clone(self)
            }
        }

        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                $crate::__private::eq(self, other)
            }
        }

        $(impl ::std::cmp::$eq for $name {})?
    };
    (
        Deserialize, Debug, Clone, PartialEq, Eq, $(#[$serialize:meta])* Serialize
        for $name:ident $fields:tt
    ) => {
        $crate::json_object!(@impls [$(#[$serialize])*] [Eq] $name $fields);
    };
    (
        Deserialize, Debug, Clone, PartialEq, $(#[$serialize:meta])* Serialize
        for $name:ident $fields:tt
    ) => {
        $crate::json_object!(@impls [$(#[$serialize])*] [] $name $fields);
    };
    (@rest $name:ident) => {
        ::std::option::Option::None
    };
    (@rest $name:ident $extra:ident) => {
        ::std::option::Option::Some($crate::__private::Rest::new(
            ::std::mem::offset_of!($name, $extra),
            |object: &$name| &object.$extra,
        ))
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
///
/// A union's catch-all does not count: `T` is read from a `Strict` deserializer, from
/// which a union (`T` itself, not one nested in it) reads only its known variants.
pub fn variant<T: de::DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(Strict(value)).ok()
}

/// Whether a union is read as the variant of an untagged union ([`variant`]): JSON that
/// none of its own variants matches is then an error, not its catch-all.
pub fn strict<'de, D: Deserializer<'de>>() -> bool {
    typeid::of::<D>() == typeid::of::<Strict<'static>>()
}

/// A `&Value` whose reader is asked to be strict (see [`strict`]); only the value itself,
/// not what it contains, which is read from the plain `&Value`.
struct Strict<'a>(&'a serde_json::Value);

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            serde_json::Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// A tagged union's variant, from the JSON it was buffered into.
pub fn tagged_variant<T: de::DeserializeOwned, E: de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// The error for a tagged union, read strictly, whose tag is none of the known ones.
pub fn unknown_tag<E: de::Error>(property: &str, tags: &[&str]) -> E {
    let known: Vec<String> = tags.iter().map(|t| format!("`{t}`")).collect();
    E::custom(format_args!("`{property}` is none of {}", known.join(", ")))
}

/// The error for an untagged union, read strictly, that no variant matches.
pub fn no_variant<E: de::Error>(name: &str) -> E {
    E::custom(format_args!(
        "data did not match any variant of untagged enum {name}"
    ))
}

/// `Serialize` and `Deserialize` for a union (`oneOf`/`anyOf`) whose variants each hold a
/// type: written as the variant's value; read, untagged, as the first variant whose shape
/// the JSON has, or, with `by "property"`, by the value of that property.
///
/// The last variant, after `..`, is the catch-all that keeps the JSON
/// (`serde_json::Value`): read when no variant matches (untagged) or when the tag is none
/// of the known ones (absent or not a string included), and written back as it was read,
/// so a server's new kind of item neither fails the response nor is lost. A known tag whose
/// variant does not read is still an error, and so is JSON of no known variant when the
/// union is itself tried as the variant of an untagged union (`variant`): its catch-all
/// would match anything.
///
/// ```ignore
/// json_union! { Deserialize, Serialize for Shape { Circle(Circle), Square(Square), ..Unknown } }
/// json_union! {
///     Deserialize, Serialize for Pet by "petType" {
///         Cat(Cat) = "cat" | "Cat", Dog(Dog) = "dog", ..Unknown
///     }
/// }
/// ```
///
/// The JSON is buffered as a `serde_json::Value` (serde's untagged derive buffers too).
#[doc(hidden)]
#[macro_export]
macro_rules! json_union {
    (
        Deserialize, $(#[$serialize:meta])* Serialize for $name:ident {
            $($variant:ident($ty:ty),)* ..$unknown:ident
        }
    ) => {
        $crate::json_union!(@serialize [$(#[$serialize])*] $name { $($variant)* $unknown });

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
                if $crate::__private::strict::<D>() {
                    return ::std::result::Result::Err($crate::__private::no_variant(
                        ::std::stringify!($name),
                    ));
                }
                ::std::result::Result::Ok(Self::$unknown(value))
            }
        }
    };
    (
        Deserialize, $(#[$serialize:meta])* Serialize for $name:ident by $property:literal {
            $($variant:ident($ty:ty) = $($tag:literal)|+,)* ..$unknown:ident
        }
    ) => {
        $crate::json_union!(@serialize [$(#[$serialize])*] $name { $($variant)* $unknown });

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
                    _ if $crate::__private::strict::<D>() => ::std::result::Result::Err(
                        $crate::__private::unknown_tag($property, &[$($($tag),+),*]),
                    ),
                    _ => ::std::result::Result::Ok(Self::$unknown(value)),
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
