//! `Cargo.toml` of the generated crate and of its runtime crate (`runtime/`, a path
//! dependency). They stand alone (no `workspace = true` keys), so the crate builds wherever it
//! is written.

use crate::Config;

/// The features, the same in both crates: name, documentation (`## ` lines in the TOML), and
/// what it enables in the runtime crate. The generated crate's feature of the same name
/// enables the runtime's.
const FEATURES: &[(&str, &str, &str)] = &[
    (
        "rustls",
        "TLS through rustls with the *ring* crypto provider (or the application's process-wide\n\
         default provider, if it installed one). reqwest's own `rustls` feature would build aws-lc,\n\
         which takes longer to compile than everything else together.",
        r#""reqwest/rustls-no-provider", "dep:rustls", "dep:rustls-platform-verifier""#,
    ),
    (
        "native-tls",
        "TLS through the platform's native library (OpenSSL, SChannel, Security.framework).",
        r#""reqwest/native-tls""#,
    ),
    (
        "http2",
        "HTTP/2, negotiated over TLS (ALPN). Off by default: HTTP/1.1 works with every server and\n\
         HTTP/2 adds a dozen crates to the build.",
        r#""reqwest/http2""#,
    ),
    (
        "blocking",
        "A blocking client (`blocking::Client`) for programs without an async runtime.",
        r#""tokio/rt""#,
    ),
    ("tracing", "A `tracing` span per call.", r#""dep:tracing""#),
    (
        "small-idna",
        "Internationalised host names (IDNA, in the `url` crate that reqwest uses) through the\n\
         unicode-rs crates (`idna_adapter` 1.1) rather than ICU4X (1.2): the same UTS #46 processing\n\
         with 16 fewer crates and a faster cold build; a slightly larger binary and slower handling\n\
         of non-ASCII host names. Without it (`default-features = false`) the application's\n\
         Cargo.lock chooses, as `idna_adapter` documents.",
        r#""dep:idna_adapter""#,
    ),
];

/// The default features of both crates.
const DEFAULT_FEATURES: &str = r#"["rustls", "small-idna"]"#;

/// Dependencies of the runtime crate. Kept few and small on purpose (build cost is
/// benchmarked).
const RUNTIME_DEPENDENCIES: &str = r#"[dependencies]
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

/// The runtime crate's package name: the generated crate's, with `-runtime` (each generated
/// crate ships its own copy, so two generated crates never collide in one build).
pub(super) fn runtime_crate(config: &Config) -> String {
    format!("{}-runtime", config.crate_name)
}

/// The generated crate's `Cargo.toml`.
pub(super) fn emit(config: &Config, header: &str) -> String {
    let runtime = runtime_crate(config);
    let package = package(
        header,
        &config.crate_name,
        config,
        &config.description,
        Some("README.md"),
    );
    let features = features(|name, _| format!("\"{runtime}/{name}\""));
    format!(
        "{package}\n{features}\n[dependencies]\n# The spec-independent runtime, shipped in `runtime/` (its own crate, compiled once).\n{runtime} = {{ version = {pinned}, path = \"runtime\", default-features = false }}\nreqwest = {{ version = \"0.13\", default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
        pinned = toml_string(&format!("={}", config.crate_version)),
    )
}

/// The runtime crate's `Cargo.toml` (`runtime/Cargo.toml`).
pub(super) fn emit_runtime(config: &Config, header: &str) -> String {
    let description = format!(
        "The spec-independent runtime of `{}` (HTTP, retries, timeouts, redirects, credentials, hooks, errors), shipped with it.",
        config.crate_name
    );
    let package = package(header, &runtime_crate(config), config, &description, None);
    let features = features(|_, enables| enables.to_owned());
    format!("{package}\n{features}\n{RUNTIME_DEPENDENCIES}")
}

/// The `[package]` table (after the generated-file header), the same for both crates but
/// for name, description and README.
fn package(
    header: &str,
    name: &str,
    config: &Config,
    description: &str,
    readme: Option<&str>,
) -> String {
    let readme = readme
        .map(|r| format!("readme = {}\n", toml_string(r)))
        .unwrap_or_default();
    format!(
        "{header}\n[package]\nname = {name}\nversion = {version}\nedition = \"2024\"\nrust-version = \"1.85\"\ndescription = {description}\nlicense = \"MIT OR Apache-2.0\"\n{readme}publish = false\n",
        name = toml_string(name),
        version = toml_string(&config.crate_version),
        description = toml_string(description),
    )
}

/// The `[features]` table, each feature documented and enabling `enables(name, what the
/// runtime's enables)`.
fn features(enables: impl Fn(&str, &str) -> String) -> String {
    let mut out = format!("[features]\ndefault = {DEFAULT_FEATURES}\n");
    for (name, doc, runtime) in FEATURES {
        for line in doc.lines() {
            out.push_str(&format!("## {}\n", line.trim_start()));
        }
        out.push_str(&format!("{name} = [{}]\n", enables(name, runtime)));
    }
    out
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
