//! Open enums, through the fixtures the runtime expands from its own macros.

use std::collections::BTreeSet;
use std::str::FromStr;

use plex_butler::__private::fixtures::{Color, Level};

#[test]
fn known_string_values_round_trip() {
    assert_eq!(Color::VALUES, ["red", "light blue"]);
    for value in Color::VALUES {
        let color = Color::from(*value);
        assert!(!matches!(color, Color::Unknown(_)), "{value}");
        assert_eq!(color.as_str(), *value);
        assert_eq!(color.to_string(), *value);
        let json = serde_json::to_string(&color).unwrap();
        assert_eq!(json, format!("\"{value}\""));
        assert_eq!(serde_json::from_str::<Color>(&json).unwrap(), color);
    }
    assert_eq!(Color::from_str("light blue"), Ok(Color::LightBlue));
}

#[test]
fn unknown_string_values_are_kept() {
    let color: Color = serde_json::from_str("\"ultraviolet\"").unwrap();
    let Color::Unknown(unknown) = &color else {
        panic!("expected Unknown, got {color:?}");
    };
    assert_eq!(unknown.as_str(), "ultraviolet");
    assert_eq!(color.as_str(), "ultraviolet");
    assert_eq!(format!("{color:>12}"), " ultraviolet");
    assert_eq!(serde_json::to_string(&color).unwrap(), "\"ultraviolet\"");
    assert_eq!(Color::from(String::from("ultraviolet")), color);
    assert_eq!("ultraviolet".parse::<Color>().unwrap(), color);
    // Values are case-sensitive, as on the wire.
    assert!(matches!(Color::from("Red"), Color::Unknown(_)));
    assert!(serde_json::from_str::<Color>("1").is_err());
}

#[test]
fn string_enums_are_ordered_hashable_and_debuggable() {
    let set: BTreeSet<Color> = ["light blue", "zzz", "red", "red"]
        .into_iter()
        .map(Color::from)
        .collect();
    let ordered: Vec<_> = set.iter().map(Color::as_str).collect();
    assert_eq!(ordered, ["red", "light blue", "zzz"]);
    assert_eq!(format!("{:?}", Color::from("zzz")), "Unknown(\"zzz\")");
    assert_eq!(format!("{:?}", Color::Red), "Red");
}

#[test]
fn known_int_values_round_trip() {
    assert_eq!(Level::VALUES, [-1, 1, 10]);
    for value in Level::VALUES {
        let level = Level::from(*value);
        assert!(!matches!(level, Level::Unknown(_)));
        assert_eq!(level.as_i64(), *value);
        assert_eq!(i64::from(level.clone()), *value);
        assert_eq!(level.to_string(), value.to_string());
        let json = serde_json::to_string(&level).unwrap();
        assert_eq!(json, value.to_string());
        assert_eq!(serde_json::from_str::<Level>(&json).unwrap(), level);
    }
    assert_eq!("10".parse::<Level>(), Ok(Level::High));
}

#[test]
fn unknown_int_values_are_kept() {
    let level: Level = serde_json::from_str("42").unwrap();
    let Level::Unknown(unknown) = &level else {
        panic!("expected Unknown, got {level:?}");
    };
    assert_eq!(unknown.as_i64(), 42);
    assert_eq!(serde_json::to_string(&level).unwrap(), "42");
    assert_eq!(level.to_string(), "42");
    assert!("forty-two".parse::<Level>().is_err());
    assert!(serde_json::from_str::<Level>("\"1\"").is_err());
    assert!(serde_json::from_str::<Level>("18446744073709551615").is_err());
}
