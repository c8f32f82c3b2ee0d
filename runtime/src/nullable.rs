//! [`Nullable`]: a property that the document makes both optional and nullable.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of a property that may be left out, sent as `null`, or sent with a value: three
/// different requests. In a PATCH, [`Absent`](Nullable::Absent) leaves the property as it
/// is, [`Null`](Nullable::Null) clears it and [`Value`](Nullable::Value) sets it. A response
/// keeps the same distinction: a property the server left out is `Absent`, one it sent as
/// `null` is `Null`.
///
/// Generated structs use it for the properties that are optional *and* nullable (an
/// `Option` for those that are one or the other). `Absent` is the default, so
/// `..Default::default()` leaves every such property out.
///
/// ```ignore
/// let patch = PlaylistPatch {
///     summary: Nullable::Null,                 // sent as `"summary": null`: cleared
///     rating: Nullable::Value(5),              // sent as `"rating": 5`
///     ..Default::default()                     // everything else left out: unchanged
/// };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// Left out: not sent, or not received.
    Absent,
    /// `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is left out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (`None` when absent or `null`).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Takes the value, if there is one (`None` when absent or `null`).
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> Default for Nullable<T> {
    /// [`Nullable::Absent`].
    fn default() -> Self {
        Nullable::Absent
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// Written as `null` or the value. A struct leaves an absent property out (the field kind
/// `opt` of `json_object!`), so `Absent` is written only on its own, as `null`.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => serializer.serialize_some(value),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// Read as `Null` or a value; a struct gives a property it did not receive its default,
/// `Absent`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[test]
    fn three_states_read_and_written() {
        let read = |json: &str| serde_json::from_str::<Nullable<u8>>(json).unwrap();
        assert_eq!(read("null"), Nullable::Null);
        assert_eq!(read("5"), Nullable::Value(5));
        assert!(Nullable::<u8>::default().is_absent());
        assert_eq!(
            serde_json::to_string(&Nullable::<u8>::Null).unwrap(),
            "null"
        );
        assert_eq!(serde_json::to_string(&Nullable::Value(5u8)).unwrap(), "5");
        assert_eq!(Nullable::Value(5u8).into_option(), Some(5));
        assert_eq!(Nullable::<u8>::Null.as_option(), None);
    }
}
