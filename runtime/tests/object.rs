//! `json_object!` and `json_union!`: the JSON a generated model reads and writes.

use codegen_runtime::{json_object, json_union};
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, PartialEq)]
struct Pet {
    id: i64,
    name: Option<String>,
    kind: Option<String>,
    tags: Vec<String>,
    owner: Option<Box<Pet>>,
}

json_object! {
    Serialize, Deserialize for Pet {
        id: i64 = "id" req,
        name: Option<String> = "name" null,
        kind: Option<String> = "type" opt,
        tags: Vec<String> = "tags" vec,
        owner: Option<Box<Pet>> = "owner" opt,
    }
}

#[derive(Debug, PartialEq)]
struct Open {
    key: String,
    map: BTreeMap<String, serde_json::Value>,
}

json_object! {
    Serialize, Deserialize for Open {
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
}

json_union! {
    Serialize, Deserialize for Shape {
        Pet(Box<Pet>),
        Number(f64),
        Text(String),
    }
}

#[derive(Debug, PartialEq)]
enum Tagged {
    Pet(Pet),
    Open(Open),
}

json_union! {
    Serialize, Deserialize for Tagged by "type" {
        Pet(Pet) = "cat" | "dog",
        Open(Open) = "open",
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
    let err = serde_json::from_value::<Shape>(json!([1])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "data did not match any variant of untagged enum Shape"
    );
    assert_eq!(
        serde_json::to_value(Shape::Text("t".into())).unwrap(),
        json!("t")
    );
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
    let err = serde_json::from_value::<Tagged>(json!({"type": "bird"})).unwrap_err();
    assert_eq!(err.to_string(), "`type` is none of `cat`, `dog`, `open`");
}
