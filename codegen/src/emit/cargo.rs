//! `Cargo.toml` of the generated crate and of its runtime crate (`runtime/`, a path
//! dependency). They stand alone (no `workspace = true` keys), so the crate builds wherever it
//! is written.

use crate::Config;

/// Features and dependencies of the runtime crate. Kept few and small on purpose (build cost
/// is benchmarked).
const RUNTIME_DEPENDENCIES: &str = r#"[features]
default = ["rustls", "small-idna"]
## TLS through rustls with the *ring* crypto provider (or the application's process-wide
## default provider, if it installed one). reqwest's own `rustls` feature would build aws-lc,
## which takes longer to compile than everything else together.
rustls = ["reqwest/rustls-no-provider", "dep:rustls", "dep:rustls-platform-verifier"]
## TLS through the platform's native library (OpenSSL, SChannel, Security.framework).
native-tls = ["reqwest/native-tls"]
## HTTP/2, negotiated over TLS (ALPN). Off by default: HTTP/1.1 works with every server and
## HTTP/2 adds a dozen crates to the build.
http2 = ["reqwest/http2"]
## A blocking client (`blocking::Client`) for programs without an async runtime.
blocking = ["tokio/rt"]
## A `tracing` span per call.
tracing = ["dep:tracing"]
## Internationalised host names (IDNA, in the `url` crate that reqwest uses) through the
## unicode-rs crates (`idna_adapter` 1.1) rather than ICU4X (1.2): the same UTS #46 processing
## with 16 fewer crates and a faster cold build; a slightly larger binary and slower handling
## of non-ASCII host names. Without it (`default-features = false`) the application's
## Cargo.lock chooses, as `idna_adapter` documents.
small-idna = ["dep:idna_adapter"]

[dependencies]
bytes = "1"
idna_adapter = { version = "~1.1", optional = true }
percent-encoding = "2"
reqwest = { version = "0.13", default-features = false }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"], optional = true }
rustls-platform-verifier = { version = "0.7", optional = true }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
serde_urlencoded = "0.7"
tokio = { version = "1", features = ["time"] }
tracing = { version = "0.1", optional = true }
"#;

/// The generated crate's features: the runtime's, forwarded (see [`RUNTIME_DEPENDENCIES`]
/// for what each does).
const FEATURES: &[(&str, &str)] = &[
    (
        "rustls",
        "TLS through rustls with the *ring* crypto provider (or the application's process-wide\n## default provider, if it installed one), without compiling aws-lc.",
    ),
    (
        "native-tls",
        "TLS through the platform's native library (OpenSSL, SChannel, Security.framework).",
    ),
    (
        "http2",
        "HTTP/2, negotiated over TLS (ALPN). Off by default: HTTP/1.1 works with every server and\n## HTTP/2 adds a dozen crates to the build.",
    ),
    (
        "blocking",
        "A blocking client (`blocking::Client`) for programs without an async runtime.",
    ),
    ("tracing", "A `tracing` span per call."),
    (
        "small-idna",
        "Internationalised host names through the unicode-rs crates (`idna_adapter` 1.1) rather\n## than ICU4X: 16 fewer crates and a faster cold build.",
    ),
];

/// The runtime crate's package name: the generated crate's, with `-runtime` (each generated
/// crate ships its own copy, so two generated crates never collide in one build).
pub(super) fn runtime_crate(config: &Config) -> String {
    format!("{}-runtime", config.crate_name)
}

pub(super) fn emit(config: &Config, header: &str) -> String {
    let description = toml_string(&config.description);
    let runtime = runtime_crate(config);
    let mut features = String::from("[features]\ndefault = [\"rustls\", \"small-idna\"]\n");
    for (name, doc) in FEATURES {
        features.push_str(&format!("## {doc}\n{name} = [\"{runtime}/{name}\"]\n"));
    }
    format!(
        "{header}\n[package]\nname = {name}\nversion = {version}\nedition = \"2024\"\nrust-version = \"1.85\"\ndescription = {description}\nlicense = \"MIT OR Apache-2.0\"\nreadme = \"README.md\"\npublish = false\n\n{features}\n[dependencies]\n# The spec-independent runtime, shipped in `runtime/` (its own crate, compiled once).\n{runtime} = {{ version = {pinned}, path = \"runtime\", default-features = false }}\nreqwest = {{ version = \"0.13\", default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
        name = toml_string(&config.crate_name),
        version = toml_string(&config.crate_version),
        pinned = toml_string(&format!("={}", config.crate_version)),
    )
}

pub(super) fn emit_runtime(config: &Config, header: &str) -> String {
    let description = toml_string(&format!(
        "The spec-independent runtime of `{}` (HTTP, retries, timeouts, redirects, credentials, hooks, errors), shipped with it.",
        config.crate_name
    ));
    format!(
        "{header}\n[package]\nname = {name}\nversion = {version}\nedition = \"2024\"\nrust-version = \"1.85\"\ndescription = {description}\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n\n{RUNTIME_DEPENDENCIES}",
        name = toml_string(&runtime_crate(config)),
        version = toml_string(&config.crate_version),
    )
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
