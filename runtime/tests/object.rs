//! `json_object!` and `json_union!`: the JSON a generated model reads and writes.

use codegen_runtime::{json_object, json_union};
use serde_json::json;
use std::collections::BTreeMap;

struct Pet {
    id: i64,
    name: Option<String>,
    kind: Option<String>,
    tags: Vec<String>,
    owner: Option<Box<Pet>>,
}

json_object! {
    Deserialize, Debug, Clone, PartialEq, Serialize for Pet {
        id: i64 = "id" req,
        name: Option<String> = "name" null,
        kind: Option<String> = "type" opt,
        tags: Vec<String> = "tags" vec,
        owner: Option<Box<Pet>> = "owner" opt,
    }
}

struct Open {
    key: String,
    map: BTreeMap<String, serde_json::Value>,
}

json_object! {
    Deserialize, Debug, Clone, PartialEq, Serialize for Open {
        key: String = "key" req,
        ..map
    }
}

#[test]
fn reads_every_kind_of_field_and_skips_unknown_properties() {
    let pet: Pet = serde_json::from_value(json!({
        "id": 7, "name": null, "type": "cat", "tags": ["a"], "extra": {"deep": [1, 2]},
        "owner": {"id": 1, "tags": []}
    }))
    .unwrap();
    let owner = Pet {
        id: 1,
        name: None,
        kind: None,
        tags: vec![],
        owner: None,
    };
    let expected = Pet {
        id: 7,
        name: None,
        kind: Some("cat".into()),
        tags: vec!["a".into()],
        owner: Some(Box::new(owner)),
    };
    assert_eq!(pet, expected);
}

#[test]
fn writes_what_the_document_says_null_kept_absent_left_out() {
    let pet = Pet {
        id: 7,
        name: None,
        kind: None,
        tags: vec![],
        owner: None,
    };
    assert_eq!(
        serde_json::to_string(&pet).unwrap(),
        r#"{"id":7,"name":null}"#
    );
    let pet = Pet {
        name: Some("Rex".into()),
        kind: Some("dog".into()),
        tags: vec!["x".into()],
        ..pet
    };
    assert_eq!(
        serde_json::to_value(&pet).unwrap(),
        json!({"id": 7, "name": "Rex", "type": "dog", "tags": ["x"]})
    );
}

#[test]
fn a_missing_required_property_is_named_a_nullable_one_is_none() {
    let err = serde_json::from_str::<Pet>(r#"{"name": "Rex"}"#).unwrap_err();
    assert_eq!(err.to_string(), "missing field `id` at line 1 column 15");
    let pet: Pet = serde_json::from_str(r#"{"id": 1}"#).unwrap();
    assert_eq!(pet.name, None);
}

#[test]
fn a_wrong_type_is_an_error_with_its_path() {
    let err = serde_path_to_error::deserialize::<_, Pet>(&mut serde_json::Deserializer::from_str(
        r#"{"id": 1, "owner": {"id": "x"}}"#,
    ))
    .unwrap_err();
    assert_eq!(err.path().to_string(), "owner.id");
    let err = serde_json::from_str::<Pet>("[1]").unwrap_err();
    assert!(err.to_string().contains("an object (Pet)"), "{err}");
}

#[test]
fn escaped_keys_and_later_duplicates_are_read() {
    let pet: Pet = serde_json::from_str(r#"{"i\u0064": 1, "id": 2}"#).unwrap();
    assert_eq!(pet.id, 2);
}

#[test]
fn undeclared_properties_round_trip_through_the_rest_field() {
    let open: Open = serde_json::from_value(json!({"key": "k", "a": 1, "b": [true]})).unwrap();
    assert_eq!(open.map.len(), 2);
    assert_eq!(
        serde_json::to_value(&open).unwrap(),
        json!({"key": "k", "a": 1, "b": [true]})
    );
}

#[derive(Debug, PartialEq)]
enum Shape {
    Pet(Box<Pet>),
    Number(f64),
    Text(String),
    Tagged(Tagged),
    Unknown(serde_json::Value),
}

json_union! {
    Deserialize, Serialize for Shape {
        Pet(Box<Pet>),
        Number(f64),
        Text(String),
        Tagged(Tagged),
        ..Unknown
    }
}

#[derive(Debug, PartialEq)]
enum Tagged {
    Pet(Pet),
    Open(Open),
    Other(serde_json::Value),
}

json_union! {
    Deserialize, Serialize for Tagged by "type" {
        Pet(Pet) = "cat" | "dog",
        Open(Open) = "open",
        ..Other
    }
}

#[test]
fn an_untagged_union_takes_the_first_variant_that_fits() {
    assert_eq!(
        serde_json::from_value::<Shape>(json!(2.5)).unwrap(),
        Shape::Number(2.5)
    );
    assert_eq!(
        serde_json::from_value::<Shape>(json!("s")).unwrap(),
        Shape::Text("s".into())
    );
    let Shape::Pet(pet) = serde_json::from_value::<Shape>(json!({"id": 3})).unwrap() else {
        panic!("not a pet");
    };
    assert_eq!(pet.id, 3);
    assert_eq!(
        serde_json::to_value(Shape::Text("t".into())).unwrap(),
        json!("t")
    );
}

#[test]
fn json_that_no_variant_matches_is_kept_and_written_back() {
    // `Tagged`, tried as a variant, does not take it as its own catch-all.
    let shape = serde_json::from_str::<Shape>(r#"[1,{"type":"bird"}]"#).unwrap();
    assert_eq!(shape, Shape::Unknown(json!([1, {"type": "bird"}])));
    assert_eq!(
        serde_json::to_string(&shape).unwrap(),
        r#"[1,{"type":"bird"}]"#
    );
    let open = serde_json::from_value::<Shape>(json!({"type": "open", "key": "k"})).unwrap();
    assert!(matches!(open, Shape::Tagged(Tagged::Open(_))), "{open:?}");
}

#[test]
fn a_tagged_union_is_chosen_by_its_property_which_the_variant_keeps() {
    let value = json!({"type": "dog", "id": 1});
    let Tagged::Pet(pet) = serde_json::from_value::<Tagged>(value).unwrap() else {
        panic!("not a pet");
    };
    assert_eq!(pet.kind.as_deref(), Some("dog"));
    let open = serde_json::from_value::<Tagged>(json!({"type": "open", "key": "k"})).unwrap();
    assert_eq!(
        serde_json::to_value(&open).unwrap(),
        json!({"type": "open", "key": "k"})
    );
    let bird = json!({"type": "bird", "wings": 2});
    let other = serde_json::from_value::<Tagged>(bird.clone()).unwrap();
    assert_eq!(other, Tagged::Other(bird.clone()));
    assert_eq!(serde_json::to_value(&other).unwrap(), bird);
    let untagged = serde_json::from_value::<Tagged>(json!({"id": 1})).unwrap();
    assert_eq!(untagged, Tagged::Other(json!({"id": 1})));
    let err = serde_json::from_value::<Tagged>(json!({"type": "dog", "id": "x"}));
    assert!(err.is_err(), "a known tag whose variant does not read");
}

/// A field value that counts how many of its kind are alive, and panics when read from `"panic"`.
#[derive(Debug, PartialEq)]
struct Counted(String);

/// A clone counts too, and a clone of `"no clone"` panics.
impl Clone for Counted {
    fn clone(&self) -> Self {
        assert_ne!(self.0, "no clone", "a field's own Clone panicked");
        ALIVE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Counted(self.0.clone())
    }
}

static ALIVE: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);

impl<'de> serde::Deserialize<'de> for Counted {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        assert_ne!(text, "panic", "a field's own Deserialize panicked");
        ALIVE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(Counted(text))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        ALIVE.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

struct Held {
    first: Counted,
    second: Option<Counted>,
    list: Vec<Counted>,
    last: i64,
}

json_object! {
    Deserialize, Debug, Clone, PartialEq, #[cfg(any())] Serialize for Held {
        first: Counted = "first" req,
        second: Option<Counted> = "second" opt,
        list: Vec<Counted> = "list" vec,
        last: i64 = "last" req,
    }
}

/// Every way an object can fail half-built (a missing field, a wrong type, a panic in a
/// field's own `Deserialize`, a property sent twice) drops exactly the values read so far.
#[test]
fn a_half_built_object_drops_exactly_what_it_read() {
    use std::sync::atomic::Ordering::SeqCst;
    let bodies = [
        r#"{"first": "a", "second": "b", "list": ["c", "d"]}"#,
        r#"{"first": "a", "second": "b", "list": ["c"], "last": "x"}"#,
        r#"{"first": "a", "list": ["c", "panic"], "last": 1}"#,
        r#"{"second": "b", "first": "a", "first": "again", "list": [], "last": 1"#,
    ];
    for body in bodies {
        let result = std::panic::catch_unwind(|| serde_json::from_str::<Held>(body));
        assert!(matches!(result, Ok(Err(_)) | Err(_)), "{body}");
        assert_eq!(ALIVE.load(SeqCst), 0, "{body}");
    }
    let held: Held =
        serde_json::from_str(r#"{"first": "a", "first": "b", "list": ["c"], "last": 1}"#).unwrap();
    assert_eq!(held.first.0, "b");
    assert!(held.second.is_none());
    assert_eq!(ALIVE.load(SeqCst), 2);
    let copy = held.clone();
    assert_eq!(copy, held);
    assert_eq!(ALIVE.load(SeqCst), 4);
    drop(copy);
    drop(held);
    assert_eq!(ALIVE.load(SeqCst), 0);
    // A clone that panics half-way drops exactly the fields it cloned.
    let held: Held = serde_json::from_str(
        r#"{"first": "a", "second": "b", "list": ["c", "no clone", "d"], "last": 1}"#,
    )
    .unwrap();
    assert_eq!(ALIVE.load(SeqCst), 5);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| held.clone()));
    assert!(result.is_err());
    assert_eq!(ALIVE.load(SeqCst), 5);
    drop(held);
    assert_eq!(ALIVE.load(SeqCst), 0);
}

/// The twin of `Pet` and `Open` with the derives `json_object!` stands in for.
#[derive(Debug, Clone, PartialEq)]
struct DerivedPet {
    id: i64,
    name: Option<String>,
    kind: Option<String>,
    tags: Vec<String>,
    owner: Option<Box<DerivedPet>>,
}

#[derive(Debug, Clone, PartialEq)]
struct DerivedOpen {
    key: String,
    map: BTreeMap<String, serde_json::Value>,
}

/// `Debug`, `Clone` and `PartialEq` from the table do what the derives do.
#[test]
fn debug_clone_and_eq_are_the_derives() {
    let pet = Pet {
        id: 7,
        name: Some("Rex \"the\" dog".into()),
        kind: None,
        tags: vec!["a".into(), "b".into()],
        owner: Some(Box::new(Pet {
            id: 1,
            name: None,
            kind: Some("cat".into()),
            tags: vec![],
            owner: None,
        })),
    };
    let twin = DerivedPet {
        id: 7,
        name: Some("Rex \"the\" dog".into()),
        kind: None,
        tags: vec!["a".into(), "b".into()],
        owner: Some(Box::new(DerivedPet {
            id: 1,
            name: None,
            kind: Some("cat".into()),
            tags: vec![],
            owner: None,
        })),
    };
    let shown = format!("{pet:?}").replace("Pet", "DerivedPet");
    assert_eq!(shown, format!("{twin:?}"));
    let pretty = format!("{pet:#?}").replace("Pet", "DerivedPet");
    assert_eq!(pretty, format!("{twin:#?}"));
    let copy = pet.clone();
    assert_eq!(copy, pet);
    assert_eq!(copy.owner.as_ref().unwrap().kind.as_deref(), Some("cat"));
    for change in [
        |p: &mut Pet| p.id = 8,
        |p: &mut Pet| p.name = None,
        |p: &mut Pet| p.kind = Some(String::new()),
        |p: &mut Pet| p.tags.pop().map(drop).unwrap_or(()),
        |p: &mut Pet| p.owner.as_mut().unwrap().id = 2,
    ] {
        let mut other = pet.clone();
        change(&mut other);
        assert_ne!(other, pet);
    }

    let open = Open {
        key: "k".into(),
        map: BTreeMap::from([("x".into(), json!([1, {"y": null}]))]),
    };
    let twin = DerivedOpen {
        key: "k".into(),
        map: open.map.clone(),
    };
    assert_eq!(
        format!("{open:#?}").replace("Open", "DerivedOpen"),
        format!("{twin:#?}")
    );
    let mut copy = open.clone();
    assert_eq!(copy, open);
    copy.map.insert("z".into(), json!(1));
    assert_ne!(copy, open);
    assert_eq!(open.map.len(), 1);
}

/// The same object through every deserializer the field tables have a path for (and one
/// they do not: serde_json reading from an `io::Read`).
#[test]
fn every_deserializer_reads_the_same_object() {
    let text = r#"{"id": 7, "name": "Rex", "tags": ["a"], "owner": {"id": 1, "name": null}}"#;
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let expected: Pet = serde_json::from_slice(text.as_bytes()).unwrap();
    assert_eq!(expected.owner.as_ref().unwrap().id, 1);
    assert_eq!(serde_json::from_str::<Pet>(text).unwrap(), expected);
    assert_eq!(
        serde_json::from_value::<Pet>(value.clone()).unwrap(),
        expected
    );
    assert_eq!(
        <Pet as serde::Deserialize>::deserialize(&value).unwrap(),
        expected
    );
    assert_eq!(
        serde_json::from_reader::<_, Pet>(text.as_bytes()).unwrap(),
        expected
    );
    let tracked: Pet = serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_slice(
        text.as_bytes(),
    ))
    .unwrap();
    assert_eq!(tracked, expected);
    let err = serde_path_to_error::deserialize::<_, Pet>(
        &mut serde_json::Deserializer::from_slice(br#"{"id": 1, "owner": {"id": 2, "tags": [1]}}"#),
    )
    .unwrap_err();
    assert_eq!(err.path().to_string(), "owner.tags[0]");
    let err =
        serde_json::from_reader::<_, Pet>(&br#"{"id": 1, "owner": {"id": "x"}}"#[..]).unwrap_err();
    assert!(
        err.to_string().contains("invalid type: string \"x\""),
        "{err}"
    );
}

/// More than 128 fields: which ones were read is kept on the heap.
#[derive(Default)]
struct Wide {
    f0: Option<u8>,
    f1: Option<u8>,
    f2: Option<u8>,
    f3: Option<u8>,
    f4: Option<u8>,
    f5: Option<u8>,
    f6: Option<u8>,
    f7: Option<u8>,
    f8: Option<u8>,
    f9: Option<u8>,
    f10: Option<u8>,
    f11: Option<u8>,
    f12: Option<u8>,
    f13: Option<u8>,
    f14: Option<u8>,
    f15: Option<u8>,
    f16: Option<u8>,
    f17: Option<u8>,
    f18: Option<u8>,
    f19: Option<u8>,
    f20: Option<u8>,
    f21: Option<u8>,
    f22: Option<u8>,
    f23: Option<u8>,
    f24: Option<u8>,
    f25: Option<u8>,
    f26: Option<u8>,
    f27: Option<u8>,
    f28: Option<u8>,
    f29: Option<u8>,
    f30: Option<u8>,
    f31: Option<u8>,
    f32: Option<u8>,
    f33: Option<u8>,
    f34: Option<u8>,
    f35: Option<u8>,
    f36: Option<u8>,
    f37: Option<u8>,
    f38: Option<u8>,
    f39: Option<u8>,
    f40: Option<u8>,
    f41: Option<u8>,
    f42: Option<u8>,
    f43: Option<u8>,
    f44: Option<u8>,
    f45: Option<u8>,
    f46: Option<u8>,
    f47: Option<u8>,
    f48: Option<u8>,
    f49: Option<u8>,
    f50: Option<u8>,
    f51: Option<u8>,
    f52: Option<u8>,
    f53: Option<u8>,
    f54: Option<u8>,
    f55: Option<u8>,
    f56: Option<u8>,
    f57: Option<u8>,
    f58: Option<u8>,
    f59: Option<u8>,
    f60: Option<u8>,
    f61: Option<u8>,
    f62: Option<u8>,
    f63: Option<u8>,
    f64: Option<u8>,
    f65: Option<u8>,
    f66: Option<u8>,
    f67: Option<u8>,
    f68: Option<u8>,
    f69: Option<u8>,
    f70: Option<u8>,
    f71: Option<u8>,
    f72: Option<u8>,
    f73: Option<u8>,
    f74: Option<u8>,
    f75: Option<u8>,
    f76: Option<u8>,
    f77: Option<u8>,
    f78: Option<u8>,
    f79: Option<u8>,
    f80: Option<u8>,
    f81: Option<u8>,
    f82: Option<u8>,
    f83: Option<u8>,
    f84: Option<u8>,
    f85: Option<u8>,
    f86: Option<u8>,
    f87: Option<u8>,
    f88: Option<u8>,
    f89: Option<u8>,
    f90: Option<u8>,
    f91: Option<u8>,
    f92: Option<u8>,
    f93: Option<u8>,
    f94: Option<u8>,
    f95: Option<u8>,
    f96: Option<u8>,
    f97: Option<u8>,
    f98: Option<u8>,
    f99: Option<u8>,
    f100: Option<u8>,
    f101: Option<u8>,
    f102: Option<u8>,
    f103: Option<u8>,
    f104: Option<u8>,
    f105: Option<u8>,
    f106: Option<u8>,
    f107: Option<u8>,
    f108: Option<u8>,
    f109: Option<u8>,
    f110: Option<u8>,
    f111: Option<u8>,
    f112: Option<u8>,
    f113: Option<u8>,
    f114: Option<u8>,
    f115: Option<u8>,
    f116: Option<u8>,
    f117: Option<u8>,
    f118: Option<u8>,
    f119: Option<u8>,
    f120: Option<u8>,
    f121: Option<u8>,
    f122: Option<u8>,
    f123: Option<u8>,
    f124: Option<u8>,
    f125: Option<u8>,
    f126: Option<u8>,
    f127: Option<u8>,
    f128: Option<u8>,
    f129: Option<u8>,
}

json_object! {
    Deserialize, Debug, Clone, PartialEq, #[cfg(any())] Serialize for Wide {
        f0: Option<u8> = "f0" opt,
        f1: Option<u8> = "f1" opt,
        f2: Option<u8> = "f2" opt,
        f3: Option<u8> = "f3" opt,
        f4: Option<u8> = "f4" opt,
        f5: Option<u8> = "f5" opt,
        f6: Option<u8> = "f6" opt,
        f7: Option<u8> = "f7" opt,
        f8: Option<u8> = "f8" opt,
        f9: Option<u8> = "f9" opt,
        f10: Option<u8> = "f10" opt,
        f11: Option<u8> = "f11" opt,
        f12: Option<u8> = "f12" opt,
        f13: Option<u8> = "f13" opt,
        f14: Option<u8> = "f14" opt,
        f15: Option<u8> = "f15" opt,
        f16: Option<u8> = "f16" opt,
        f17: Option<u8> = "f17" opt,
        f18: Option<u8> = "f18" opt,
        f19: Option<u8> = "f19" opt,
        f20: Option<u8> = "f20" opt,
        f21: Option<u8> = "f21" opt,
        f22: Option<u8> = "f22" opt,
        f23: Option<u8> = "f23" opt,
        f24: Option<u8> = "f24" opt,
        f25: Option<u8> = "f25" opt,
        f26: Option<u8> = "f26" opt,
        f27: Option<u8> = "f27" opt,
        f28: Option<u8> = "f28" opt,
        f29: Option<u8> = "f29" opt,
        f30: Option<u8> = "f30" opt,
        f31: Option<u8> = "f31" opt,
        f32: Option<u8> = "f32" opt,
        f33: Option<u8> = "f33" opt,
        f34: Option<u8> = "f34" opt,
        f35: Option<u8> = "f35" opt,
        f36: Option<u8> = "f36" opt,
        f37: Option<u8> = "f37" opt,
        f38: Option<u8> = "f38" opt,
        f39: Option<u8> = "f39" opt,
        f40: Option<u8> = "f40" opt,
        f41: Option<u8> = "f41" opt,
        f42: Option<u8> = "f42" opt,
        f43: Option<u8> = "f43" opt,
        f44: Option<u8> = "f44" opt,
        f45: Option<u8> = "f45" opt,
        f46: Option<u8> = "f46" opt,
        f47: Option<u8> = "f47" opt,
        f48: Option<u8> = "f48" opt,
        f49: Option<u8> = "f49" opt,
        f50: Option<u8> = "f50" opt,
        f51: Option<u8> = "f51" opt,
        f52: Option<u8> = "f52" opt,
        f53: Option<u8> = "f53" opt,
        f54: Option<u8> = "f54" opt,
        f55: Option<u8> = "f55" opt,
        f56: Option<u8> = "f56" opt,
        f57: Option<u8> = "f57" opt,
        f58: Option<u8> = "f58" opt,
        f59: Option<u8> = "f59" opt,
        f60: Option<u8> = "f60" opt,
        f61: Option<u8> = "f61" opt,
        f62: Option<u8> = "f62" opt,
        f63: Option<u8> = "f63" opt,
        f64: Option<u8> = "f64" opt,
        f65: Option<u8> = "f65" opt,
        f66: Option<u8> = "f66" opt,
        f67: Option<u8> = "f67" opt,
        f68: Option<u8> = "f68" opt,
        f69: Option<u8> = "f69" opt,
        f70: Option<u8> = "f70" opt,
        f71: Option<u8> = "f71" opt,
        f72: Option<u8> = "f72" opt,
        f73: Option<u8> = "f73" opt,
        f74: Option<u8> = "f74" opt,
        f75: Option<u8> = "f75" opt,
        f76: Option<u8> = "f76" opt,
        f77: Option<u8> = "f77" opt,
        f78: Option<u8> = "f78" opt,
        f79: Option<u8> = "f79" opt,
        f80: Option<u8> = "f80" opt,
        f81: Option<u8> = "f81" opt,
        f82: Option<u8> = "f82" opt,
        f83: Option<u8> = "f83" opt,
        f84: Option<u8> = "f84" opt,
        f85: Option<u8> = "f85" opt,
        f86: Option<u8> = "f86" opt,
        f87: Option<u8> = "f87" opt,
        f88: Option<u8> = "f88" opt,
        f89: Option<u8> = "f89" opt,
        f90: Option<u8> = "f90" opt,
        f91: Option<u8> = "f91" opt,
        f92: Option<u8> = "f92" opt,
        f93: Option<u8> = "f93" opt,
        f94: Option<u8> = "f94" opt,
        f95: Option<u8> = "f95" opt,
        f96: Option<u8> = "f96" opt,
        f97: Option<u8> = "f97" opt,
        f98: Option<u8> = "f98" opt,
        f99: Option<u8> = "f99" opt,
        f100: Option<u8> = "f100" opt,
        f101: Option<u8> = "f101" opt,
        f102: Option<u8> = "f102" opt,
        f103: Option<u8> = "f103" opt,
        f104: Option<u8> = "f104" opt,
        f105: Option<u8> = "f105" opt,
        f106: Option<u8> = "f106" opt,
        f107: Option<u8> = "f107" opt,
        f108: Option<u8> = "f108" opt,
        f109: Option<u8> = "f109" opt,
        f110: Option<u8> = "f110" opt,
        f111: Option<u8> = "f111" opt,
        f112: Option<u8> = "f112" opt,
        f113: Option<u8> = "f113" opt,
        f114: Option<u8> = "f114" opt,
        f115: Option<u8> = "f115" opt,
        f116: Option<u8> = "f116" opt,
        f117: Option<u8> = "f117" opt,
        f118: Option<u8> = "f118" opt,
        f119: Option<u8> = "f119" opt,
        f120: Option<u8> = "f120" opt,
        f121: Option<u8> = "f121" opt,
        f122: Option<u8> = "f122" opt,
        f123: Option<u8> = "f123" opt,
        f124: Option<u8> = "f124" opt,
        f125: Option<u8> = "f125" opt,
        f126: Option<u8> = "f126" opt,
        f127: Option<u8> = "f127" opt,
        f128: Option<u8> = "f128" opt,
        f129: Option<u8> = "f129" req,
    }
}

#[test]
fn an_object_of_more_than_128_fields_is_read() {
    let wide: Wide = serde_json::from_str(r#"{"f0": 1, "f128": 2, "f129": 3}"#).unwrap();
    assert_eq!(
        (wide.f0, wide.f1, wide.f128, wide.f129),
        (Some(1), None, Some(2), Some(3))
    );
    let err = serde_json::from_str::<Wide>(r#"{"f0": 1}"#).unwrap_err();
    assert!(err.to_string().starts_with("missing field `f129`"), "{err}");
}

/// Every serializer writes the same object: serde_json's own (compact), `to_value`, and one
/// the field tables have no path of their own for (pretty printing, through a `Value`).
#[test]
fn every_serializer_writes_the_same_object() {
    let pet = Pet {
        id: 7,
        name: Some("Rex".into()),
        kind: None,
        tags: vec!["a".into()],
        owner: Some(Box::new(Pet {
            id: 1,
            name: None,
            kind: Some("cat".into()),
            tags: vec![],
            owner: None,
        })),
    };
    let expected = json!({
        "id": 7, "name": "Rex", "tags": ["a"], "owner": {"id": 1, "name": null, "type": "cat"}
    });
    assert_eq!(serde_json::to_value(&pet).unwrap(), expected);
    assert_eq!(
        serde_json::to_string(&pet).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
    assert_eq!(
        serde_json::to_string_pretty(&pet).unwrap(),
        serde_json::to_string_pretty(&expected).unwrap()
    );
}

/// A field named by a raw identifier.
struct Raw {
    r#type: String,
}

json_object! {
    Deserialize, Debug, Clone, PartialEq, Eq, Serialize for Raw {
        r#type: String = "type" req,
    }
}

/// `Debug` shows a raw identifier as the derive does, without its `r#`; `Eq` is implemented.
#[test]
fn debug_shows_raw_identifiers_without_their_prefix() {
    #[derive(Debug)]
    struct Derived {
        r#type: String,
    }
    let raw: Raw = serde_json::from_str(r#"{"type": "x"}"#).unwrap();
    let derived = Derived { r#type: "x".into() };
    assert_eq!(
        format!("{raw:?}").replace("Raw", "Derived"),
        format!("{derived:?}")
    );
    assert_eq!(raw.r#type, derived.r#type);
    fn eq<T: Eq>(a: &T, b: &T) -> bool {
        a == b
    }
    assert!(eq(&raw, &raw.clone()));
}
