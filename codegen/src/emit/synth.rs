//! Made-up scalar values that a schema accepts, for the README's examples when the
//! document gives none: a value of the `format`, a string matching the `pattern`, a number
//! within the bounds, a string of the allowed length.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

use crate::model::Sample;

/// A string the schema accepts, or why none could be made (for a comment in the example).
pub(crate) fn string(s: &Sample) -> Result<String, String> {
    let made = match &s.pattern {
        Some(p) => {
            // Repeated parts repeated more, until the match is as long as `minLength` asks.
            let min = s.min_length.unwrap_or(0);
            let mut made = None;
            for extra in 0..=64 {
                let Some(m) = pattern_with(p, extra) else {
                    break;
                };
                let long_enough = m.chars().count() >= min;
                made = Some(m);
                if long_enough {
                    break;
                }
            }
            made.ok_or_else(|| format!("a value matching the pattern `{p}` is needed"))?
        }
        None => s
            .format
            .as_deref()
            .and_then(format)
            .unwrap_or("example")
            .to_owned(),
    };
    fit_length(made, s)
}

/// A value of a string `format`, where the format says what a valid one is.
pub(crate) fn format(format: &str) -> Option<&'static str> {
    Some(match format.to_ascii_lowercase().as_str() {
        "uuid" | "guid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "date" => "2024-01-15",
        "date-time" | "datetime" => "2024-01-15T09:30:00Z",
        "time" => "09:30:00",
        "duration" => "P1D",
        "email" | "idn-email" => "user@example.com",
        "uri" | "url" | "iri" => "https://example.com",
        "uri-reference" | "iri-reference" => "https://example.com/path",
        "uri-template" => "https://example.com/{id}",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "ZXhhbXBsZQ==",
        "int32" | "int64" | "integer" | "number" | "decimal" | "double" | "float" => "1",
        "json-pointer" => "/example",
        "regex" => "^example$",
        "password" => "<PASSWORD>",
        _ => return None,
    })
}

/// Pads a made-up string to `minLength` and cuts it to `maxLength`; refuses where that
/// would break its format or pattern.
fn fit_length(made: String, s: &Sample) -> Result<String, String> {
    let len = made.chars().count();
    let min = s.min_length.unwrap_or(0);
    let max = s.max_length.unwrap_or(usize::MAX);
    if (min..=max).contains(&len) {
        return Ok(made);
    }
    if s.pattern.is_some() || s.format.as_deref().is_some_and(|f| format(f).is_some()) {
        return Err(format!(
            "a value of {min} to {max} characters in this format is needed"
        ));
    }
    let mut fitted: String = made.chars().take(max).collect();
    while fitted.chars().count() < min {
        fitted.push('x');
    }
    Ok(fitted)
}

/// An integer within `minimum`/`maximum` (already inclusive), 1 when they allow it.
pub(crate) fn integer(s: &Sample) -> i64 {
    let min = s.minimum.map(|m| m.ceil() as i64);
    let max = s.maximum.map(|m| m.floor() as i64);
    match (min, max) {
        (Some(min), _) if min > 1 || max.is_some_and(|max| max < 1) => min,
        (None, Some(max)) if max < 1 => max,
        _ => 1,
    }
}

/// A number strictly inside the bounds (so an exclusive bound is met too), 1.0 when they
/// allow it.
pub(crate) fn number(s: &Sample) -> f64 {
    match (s.minimum, s.maximum) {
        (Some(min), Some(max)) if !(min < 1.0 && 1.0 < max) => (min + max) / 2.0,
        (Some(min), None) if min >= 1.0 => min + 1.0,
        (None, Some(max)) if max <= 1.0 => max - 1.0,
        _ => 1.0,
    }
}

/// A short string matching `pattern`, where the pattern is one the regex parser reads and
/// its assertions are only anchors; `None` otherwise. ECMA-262 patterns are unanchored, so
/// the shortest match of the whole pattern is a valid value.
#[cfg(test)]
fn pattern(pattern: &str) -> Option<String> {
    pattern_with(pattern, 0)
}

/// A string matching `pattern` whose repeated parts occur `extra` more times than they need
/// (where the repetition allows it).
fn pattern_with(pattern: &str, extra: u32) -> Option<String> {
    // ASCII classes first (`\d`, `\w`, `\s` without Unicode tables; a class such as `[\s\S]`
    // or `[^/]` may then match bytes that are not UTF-8, but only printable ASCII is ever
    // picked from a class), else Unicode mode.
    let parse = |unicode: bool| {
        let mut parser = regex_syntax::ParserBuilder::new()
            .unicode(unicode)
            .utf8(unicode)
            .build();
        parser.parse(pattern).ok()
    };
    let hir = parse(false).or_else(|| parse(true))?;
    let mut out = String::new();
    write_match(&hir, &mut out, 0, extra)?;
    Some(out)
}

/// Appends a string that `hir` matches to `out`.
fn write_match(hir: &Hir, out: &mut String, depth: usize, extra: u32) -> Option<()> {
    if depth > 64 || out.len() > 1024 {
        return None;
    }
    match hir.kind() {
        HirKind::Empty => {}
        HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
        HirKind::Class(class) => out.push(class_char(class)?),
        HirKind::Look(look) => match look {
            Look::Start
            | Look::End
            | Look::StartLF
            | Look::EndLF
            | Look::StartCRLF
            | Look::EndCRLF => {}
            _ => return None,
        },
        HirKind::Repetition(rep) => {
            // One occurrence of an optional or repeated part, where allowed: `[a-z]*` gives
            // `a` rather than nothing, which reads as a value.
            let times = (rep.min.max(1).saturating_add(extra)).min(rep.max.unwrap_or(u32::MAX));
            for _ in 0..times.min(128) {
                write_match(&rep.sub, out, depth + 1, extra)?;
            }
        }
        HirKind::Capture(cap) => write_match(&cap.sub, out, depth + 1, extra)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write_match(part, out, depth + 1, extra)?;
            }
        }
        HirKind::Alternation(alts) => write_match(alts.first()?, out, depth + 1, extra)?,
    }
    Some(())
}

/// A readable character of a class: a letter or digit when it has one.
fn class_char(class: &Class) -> Option<char> {
    let has = |c: char| match class {
        Class::Unicode(u) => u.ranges().iter().any(|r| r.start() <= c && c <= r.end()),
        Class::Bytes(b) => {
            u8::try_from(c).is_ok_and(|c| b.ranges().iter().any(|r| r.start() <= c && c <= r.end()))
        }
    };
    let preferred = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain("-_.".chars());
    if let Some(c) = preferred.into_iter().find(|&c| has(c)) {
        return Some(c);
    }
    (' '..='~').find(|&c| has(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(f: impl FnOnce(&mut Sample)) -> Sample {
        let mut s = Sample::default();
        f(&mut s);
        s
    }

    #[test]
    fn formats() {
        let of = |f: &str| string(&sample(|s| s.format = Some(f.into()))).unwrap();
        assert_eq!(of("uuid"), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
        assert_eq!(of("date"), "2024-01-15");
        assert_eq!(of("date-time"), "2024-01-15T09:30:00Z");
        assert_eq!(of("email"), "user@example.com");
        assert_eq!(of("uri"), "https://example.com");
        assert_eq!(of("ipv4"), "192.0.2.1");
        assert_eq!(of("ipv6"), "2001:db8::1");
        assert_eq!(of("something-else"), "example");
    }

    #[test]
    fn patterns() {
        assert_eq!(pattern("^[a-z]{3}-\\d{2}$").as_deref(), Some("aaa-00"));
        assert_eq!(pattern("^(foo|bar)+$").as_deref(), Some("foo"));
        assert_eq!(pattern("[A-Z][a-z]*").as_deref(), Some("Aa"));
        assert_eq!(pattern("^[^/]+$").as_deref(), Some("a"));
        assert_eq!(pattern("^\\w+@\\w+\\.com$").as_deref(), Some("a@a.com"));
        assert_eq!(pattern("^[0-9a-f]{8}$").as_deref(), Some("aaaaaaaa"));
        // A word boundary, a lookahead the regex crate does not read: no value.
        assert_eq!(pattern("\\bword\\b"), None);
        // Any character, written as ECMA-262 documents often do (AWS's ARNs).
        assert_eq!(
            pattern("^(arn:aws:)[\\s\\S]{0,1024}$").as_deref(),
            Some("arn:aws:a")
        );
        assert_eq!(pattern("^(?=.*[0-9]).+$"), None);
    }

    #[test]
    fn pattern_wins_over_format_and_says_when_it_cannot() {
        let s = sample(|s| {
            s.format = Some("uuid".into());
            s.pattern = Some("^id-[0-9]+$".into());
        });
        assert_eq!(string(&s).unwrap(), "id-0");
        let s = sample(|s| s.pattern = Some("(?<=x)y".into()));
        assert!(string(&s).unwrap_err().contains("pattern"));
    }

    #[test]
    fn a_pattern_with_a_minimum_length_repeats_its_repeated_parts() {
        let s = sample(|s| {
            s.pattern = Some("^[0-9]*$".into());
            s.min_length = Some(6);
            s.max_length = Some(10);
        });
        assert_eq!(string(&s).unwrap(), "000000");
        let s = sample(|s| {
            s.pattern = Some("^id-[a-z]{2,4}$".into());
            s.min_length = Some(7);
        });
        assert_eq!(string(&s).unwrap(), "id-aaaa");
        // A fixed-length pattern cannot grow: said so.
        let s = sample(|s| {
            s.pattern = Some("^[0-9]{3}$".into());
            s.min_length = Some(6);
        });
        assert!(string(&s).unwrap_err().contains("6 to"));
    }

    #[test]
    fn lengths() {
        let s = sample(|s| s.min_length = Some(10));
        assert_eq!(string(&s).unwrap(), "examplexxx");
        let s = sample(|s| s.max_length = Some(3));
        assert_eq!(string(&s).unwrap(), "exa");
        let s = sample(|s| {
            s.format = Some("uuid".into());
            s.max_length = Some(8);
        });
        assert!(string(&s).is_err());
    }

    #[test]
    fn bounds() {
        let int = |min: Option<f64>, max: Option<f64>| {
            integer(&sample(|s| {
                s.minimum = min;
                s.maximum = max;
            }))
        };
        assert_eq!(int(None, None), 1);
        assert_eq!(int(Some(5.0), None), 5);
        assert_eq!(int(Some(-3.0), Some(-1.0)), -3);
        assert_eq!(int(None, Some(-2.0)), -2);
        assert_eq!(int(Some(0.0), Some(10.0)), 1);
        let num = |min: Option<f64>, max: Option<f64>| {
            number(&sample(|s| {
                s.minimum = min;
                s.maximum = max;
            }))
        };
        assert_eq!(num(None, None), 1.0);
        assert_eq!(num(Some(0.0), Some(0.5)), 0.25);
        assert_eq!(num(Some(10.0), None), 11.0);
        assert_eq!(num(None, Some(0.0)), -1.0);
    }
}
