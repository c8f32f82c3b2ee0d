//! The harness of `cargo xtask conform`, written into `target/conform/harness/` next to
//! `examples.rs` (the README examples of the crates under test, one module each): runs every
//! example of one crate against the mock server at the given URL, and prints one line per
//! operation (all of them, or those named): `operation<TAB>outcome<TAB>detail`.

mod examples;

use std::sync::Mutex;

use codegen_runtime::reqwest::{StatusCode, header::HeaderMap};
use codegen_runtime::{Hook, HookContext};

/// The `type` of the problem documents Prism answers with.
const PRISM_PROBLEM: &str = "stoplight.io/prism/errors#";

static BASE_URL: Mutex<String> = Mutex::new(String::new());
static SEEN: Mutex<Option<Seen>> = Mutex::new(None);

/// The last response of a call: its status and Prism's violations header.
struct Seen {
    status: u16,
    violations: Option<String>,
}

/// Records each response (every example's client has it).
pub struct Recorder;

impl Hook for Recorder {
    fn after_response(&self, _: &HookContext, status: StatusCode, headers: &HeaderMap) {
        let violations = (headers.get("sl-violations"))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let seen = Seen {
            status: status.as_u16(),
            violations,
        };
        *SEEN.lock().unwrap_or_else(|e| e.into_inner()) = Some(seen);
    }
}

/// The mock server's URL, in place of the examples' base URL.
pub fn base_url() -> String {
    BASE_URL.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, krate, url, only @ ..] = args.as_slice() else {
        eprintln!("usage: conform-harness CRATE BASE_URL [OPERATION]...");
        std::process::exit(2);
    };
    *BASE_URL.lock().unwrap_or_else(|e| e.into_inner()) = url.clone();
    let chosen = |op: &str| only.is_empty() || only.iter().any(|o| o == op);
    for (k, op) in (examples::OPERATIONS.iter()).filter(|(k, op)| k == krate && chosen(op)) {
        *SEEN.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let result = examples::run(k, op).await;
        let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner()).take();
        let (outcome, detail) = outcome(result, seen);
        println!("{op}\t{outcome}\t{}", detail.replace(['\t', '\n'], " "));
    }
}

/// Accepted and decoded; refused by the mock (with its violations); not decodable (with
/// the field path); or something else.
fn outcome(
    result: Result<(), Box<dyn std::error::Error>>,
    seen: Option<Seen>,
) -> (&'static str, String) {
    let Err(error) = result else {
        return ("accepted", String::new());
    };
    let message = error.to_string();
    match seen {
        Some(Seen {
            status,
            violations: Some(v),
        }) if status >= 400 => ("refused", format!("{status}: {v}")),
        Some(Seen { status, .. }) if message.starts_with("failed to decode") => {
            ("undecodable", format!("{status}: {message}"))
        }
        // Prism's own problem types (a refused credential, an unknown route, a response it
        // cannot make).
        Some(Seen { status, .. }) if status >= 400 && message.contains(PRISM_PROBLEM) => {
            ("refused", format!("{status}: {message}"))
        }
        Some(Seen { status, .. }) if status >= 400 => (
            "other",
            format!("{status}, a documented error status: {message}"),
        ),
        _ => ("other", message),
    }
}
