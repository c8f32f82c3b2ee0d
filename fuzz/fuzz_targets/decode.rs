//! Fuzz target: any response to any operation of `plex-butler` or of a fixture crate must
//! decode to a typed value (the output or the operation's typed error) or a `DecodeError`
//! that keeps the status and the raw body; never a panic. The input's first byte picks the
//! operation, the next two the status, the fourth the `Content-Type`; the rest is the body.
//! Seed it with `fuzz/seeds/` and the dictionary `fuzz/decode.dict` (README.md, "Fuzzing").

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use plex_butler::reqwest::StatusCode;
use plex_butler::reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use plex_butler::runtime::__private::{Decoded, Decoder};
use plex_butler::{Bytes, RawResponse};

#[path = "../../fixtures/wire-tests/src/decoders.rs"]
#[allow(dead_code)] // `vocabulary` is the property test's.
mod decoders;

static DECODERS: LazyLock<Vec<(&'static str, Decoder)>> = LazyLock::new(decoders::all);

const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json"),
    None,
    Some("text/plain; charset=utf-8"),
    Some("application/octet-stream"),
];

fuzz_target!(|data: &[u8]| {
    let [pick, s0, s1, ct, body @ ..] = data else {
        return;
    };
    let (krate, decoder) = DECODERS[usize::from(*pick) % DECODERS.len()];
    let code = 100 + u16::from_le_bytes([*s0, *s1]) % 500;
    let Ok(status) = StatusCode::from_u16(code) else {
        return;
    };
    let mut headers = HeaderMap::new();
    if let Some(ct) = CONTENT_TYPES[usize::from(*ct) % CONTENT_TYPES.len()] {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    let body = Bytes::copy_from_slice(body);
    match decoder.decode(RawResponse::new(status, headers, body.clone())) {
        Ok(Decoded::Output(_) | Decoded::Error(_)) => {}
        Err(e) => {
            let what = format!("{krate} {}", decoder.operation());
            assert_eq!(e.status(), status, "{what}");
            assert_eq!(e.body(), &body, "{what}");
            assert!(e.path() != Some("") && e.path() != Some("."), "{what}");
            assert!(e.message().len() < 1200, "{what}");
            let _ = (e.to_string(), format!("{e:?}"));
        }
    }
});
