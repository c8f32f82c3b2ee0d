//! `Cargo.toml` of the generated crate and, when the runtime is vendored, of its runtime crate
//! (`runtime/`). They stand alone (no `workspace = true` keys), so the crate builds wherever it
//! is written.
//!
//! The runtime's own manifest (`runtime/Cargo.toml` of this repository) is the one source of
//! its features and dependencies: a vendored runtime copies its `[features]` and
//! `[dependencies]` tables, and the generated crate forwards each of its features, with the
//! feature's `## ` documentation.

use crate::{Config, RuntimeSource};

/// The runtime crate's manifest, as written in this repository.
const RUNTIME_MANIFEST: &str = include_str!("../../../runtime/Cargo.toml");

/// The runtime crate's package name in this repository.
const RUNTIME_PACKAGE: &str = "codegen-runtime";

/// The runtime's dependency of the generated crate: its name in `[dependencies]` (also the
/// crate the generated `lib.rs` re-exports as `runtime`).
pub(super) fn runtime_crate(config: &Config) -> String {
    match config.runtime {
        // Each generated crate ships its own copy under its own name, so two generated
        // crates never collide in one build.
        RuntimeSource::Vendored => format!("{}-runtime", config.crate_name),
        RuntimeSource::Path(_) => RUNTIME_PACKAGE.to_owned(),
    }
}

/// The tag features of a generated crate (none for a crate of one module): `(feature,
/// tag, module)` in module order, and the feature of the models no operation uses.
#[derive(Debug, Default)]
pub(super) struct TagFeatures {
    pub(super) tags: Vec<(String, String, String)>,
    pub(super) unreferenced: Option<String>,
}

impl TagFeatures {
    pub(super) fn of(api: &crate::model::Api) -> Self {
        TagFeatures {
            tags: api
                .modules
                .iter()
                .filter_map(|m| Some((m.feature.clone()?, m.tag.clone(), m.rust.clone())))
                .collect(),
            unreferenced: api.unreferenced_feature.clone(),
        }
    }
}

/// The generated crate's `Cargo.toml`.
pub(super) fn emit(config: &Config, header: &str, tags: &TagFeatures) -> String {
    let runtime = runtime_crate(config);
    let package = package(
        header,
        &config.crate_name,
        config,
        &config.description,
        Some("README.md"),
    );
    let runtime_features = runtime_features();
    let mut features = format!(
        "[features]\n{}\n",
        default_line(runtime_features.default, tags)
    );
    for feature in runtime_features.features {
        for line in feature.doc {
            features.push_str(line);
            features.push('\n');
        }
        features.push_str(&format!(
            "{} = [\"{runtime}/{}\"]\n",
            feature.name, feature.name
        ));
    }
    for (feature, tag, module) in &tags.tags {
        features.push_str(&format!(
            "## The operations tagged `{}` (`operations::{module}`, their methods on the clients)\n## and the models they use.\n{feature} = []\n",
            tag.replace('\n', " ")
        ));
    }
    if let Some(feature) = &tags.unreferenced {
        features.push_str(&format!(
            "## The models no operation of this crate uses (schemas the document only lists, such as\n## webhook payloads).\n{feature} = []\n"
        ));
    }
    features.push_str(SERIALIZE_ALL);
    let (comment, version, path) = match &config.runtime {
        RuntimeSource::Vendored => (
            "The spec-independent runtime, shipped in `runtime/` (its own crate, compiled once).",
            config.crate_version.as_str(),
            "runtime",
        ),
        RuntimeSource::Path(path) => (
            "The spec-independent runtime: the generator's runtime crate, pinned to its version.",
            runtime_version(),
            path.as_str(),
        ),
    };
    format!(
        "{package}\n{features}\n[dependencies]\n# {comment}\n{runtime} = {{ version = {pinned}, path = {path}, default-features = false }}\nreqwest = {{ version = \"0.13\", default-features = false }}\nserde = \"1\"\nserde_json = \"1\"\n",
        pinned = toml_string(&format!("={version}")),
        path = toml_string(path),
    )
}

/// The generated crate's own feature (see `lower/reach.rs`).
const SERIALIZE_ALL: &str = "\
## `Serialize` for every model, also those that only responses carry (to store them or send
## them on); without it they implement `Deserialize` only, which spares the compiler about
## a third of its serde work on a large API.
serialize-all = []
";

/// The `default = [..]` line: the runtime's defaults, then, with tag features, every tag's
/// feature and the unreferenced models' (one a line).
fn default_line(runtime_default: &str, tags: &TagFeatures) -> String {
    if tags.tags.is_empty() {
        return runtime_default.to_owned();
    }
    let inner = runtime_default
        .strip_prefix("default = [")
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or_default();
    let mut line = String::from("default = [\n");
    for name in inner.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        line.push_str(&format!("    {name},\n"));
    }
    line.push_str("    # Every tag's operations (see the README's \"Cargo features\").\n");
    let names = tags
        .tags
        .iter()
        .map(|(f, _, _)| f)
        .chain(&tags.unreferenced);
    for name in names {
        line.push_str(&format!("    {},\n", toml_string(name)));
    }
    line.push(']');
    line
}

/// The vendored runtime crate's `Cargo.toml` (`runtime/Cargo.toml`): its own package table,
/// then the runtime manifest's `[features]` and `[dependencies]` as they are.
pub(super) fn emit_runtime(config: &Config, header: &str) -> String {
    let description = format!(
        "The spec-independent runtime of `{}` (HTTP, retries, timeouts, redirects, credentials, hooks, errors), shipped with it.",
        config.crate_name
    );
    let package = package(header, &runtime_crate(config), config, &description, None);
    format!("{package}\n{}", shared_tables())
}

/// The runtime manifest's `[features]` and `[dependencies]` tables (up to its
/// `[dev-dependencies]`, which are this repository's).
fn shared_tables() -> &'static str {
    let start = RUNTIME_MANIFEST.find("\n[features]\n").map_or(0, |i| i + 1);
    let end = RUNTIME_MANIFEST
        .find("\n[dev-dependencies]")
        .unwrap_or(RUNTIME_MANIFEST.len());
    RUNTIME_MANIFEST[start..end].trim_end_matches('\n')
}

/// The runtime's version (the `version` of its package table).
pub(crate) fn runtime_version() -> &'static str {
    RUNTIME_MANIFEST
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or("0.0.0")
}

/// One feature of the runtime, as its manifest documents it.
struct Feature {
    name: &'static str,
    /// Its `## ` lines, as written.
    doc: Vec<&'static str>,
}

/// The runtime's features: its `default = [..]` line and each feature in order.
struct Features {
    default: &'static str,
    features: Vec<Feature>,
}

fn runtime_features() -> Features {
    let mut out = Features {
        default: "default = []",
        features: Vec::new(),
    };
    let mut doc = Vec::new();
    let table = shared_tables();
    let features = table.split("\n[").next().unwrap_or_default();
    for line in features.lines().skip(1) {
        if line.starts_with("## ") {
            doc.push(line);
        } else if line.starts_with("default = ") {
            out.default = line;
        } else if let Some((name, _)) = line.split_once(" = [") {
            out.features.push(Feature {
                name,
                doc: std::mem::take(&mut doc),
            });
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_and_version_come_from_the_runtime_manifest() {
        let features = runtime_features();
        let names: Vec<&str> = features.features.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "rustls",
                "native-tls",
                "http2",
                "blocking",
                "tracing",
                "small-idna"
            ]
        );
        assert_eq!(features.default, r#"default = ["rustls", "small-idna"]"#);
        // No tag feature can take a runtime feature's name.
        for name in names.iter().chain(&["default"]) {
            assert!(
                crate::names::RESERVED_FEATURES.contains(name),
                "`{name}` is a runtime feature but not in names::RESERVED_FEATURES"
            );
        }
        assert!(features.features.iter().all(|f| !f.doc.is_empty()));
        let version = runtime_version();
        assert!(
            version != "0.0.0" && version.split('.').all(|n| n.parse::<u64>().is_ok()),
            "{version}"
        );
        let tables = shared_tables();
        assert!(tables.starts_with("[features]\n"), "{tables}");
        assert!(tables.contains("\n[dependencies]\n"));
        assert!(!tables.contains("workspace"), "{tables}");
    }

    #[test]
    fn the_runtime_is_a_dependency_by_path_or_vendored() {
        let mut config = Config::new("demo");
        let vendored = emit(&config, "# header\n", &TagFeatures::default());
        assert!(vendored.contains(
            r#"demo-runtime = { version = "=0.1.0", path = "runtime", default-features = false }"#
        ));
        assert!(vendored.contains(r#"blocking = ["demo-runtime/blocking"]"#));
        config.runtime = RuntimeSource::Path("../../runtime".into());
        let by_path = emit(&config, "# header\n", &TagFeatures::default());
        assert!(by_path.contains(
            &format!(
            r#"codegen-runtime = {{ version = "={}", path = "../../runtime", default-features = false }}"#,
            runtime_version()
        )));
        assert!(by_path.contains(r#"blocking = ["codegen-runtime/blocking"]"#));
    }
}
