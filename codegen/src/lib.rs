//! OpenAPI 3.0/3.1 document in, Rust client crate out.
//!
//! ```text
//! text --load/normalise--> openapiv3::OpenAPI --lower--> model::Api --emit--> tokens --prettyplease--> files
//! ```
//!
//! The crate is pure: no file or network IO, no clock, no hash-ordered iteration, so the same
//! input always gives byte-identical output. `xtask` does the IO.

mod diag;
mod docs;
mod emit;
mod http;
mod load;
mod lower;
pub mod model;
pub mod names;
mod normalize;
pub mod synthetic;

use std::collections::BTreeMap;

pub use diag::{Diagnostic, GenerateError, Severity};

/// Spec-independent documentation of the runtime, appended to every generated README.
pub(crate) const RUNTIME_README: &str = include_str!("../../runtime/CLIENT-FEATURES.md");

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Cargo package name of the generated crate, e.g. `plex-butler`.
    pub crate_name: String,
    /// Its version.
    pub crate_version: String,
    /// Its `description` in Cargo.toml.
    pub description: String,
    /// Only operations with one of these tags (all operations when empty).
    pub tags: Vec<String>,
    /// The command that regenerates the crate, named in every generated file's header.
    pub command: String,
    /// Where the generated crate gets its runtime from.
    pub runtime: RuntimeSource,
    /// Lenient scalars: the crate's responses read an integer or a number also from a
    /// string holding one, a boolean also from `0`/`1`, `"0"`/`"1"` and `"true"`/`"false"`,
    /// a string also from a number or a boolean (for servers that are not spec-first).
    /// Requests are written as the document says either way. Off by default.
    pub lenient_scalars: bool,
}

/// Where a generated crate gets the spec-independent runtime (the workspace's `runtime/`
/// crate, `codegen-runtime`), chosen by the generator's caller.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RuntimeSource {
    /// A copy of the runtime in the crate's own `runtime/` directory (package
    /// `<crate>-runtime`, a path dependency pinned to the crate's version): the crate builds
    /// wherever it is written, with no path back into this repository. The default.
    #[default]
    Vendored,
    /// A dependency on the `codegen-runtime` crate at this path (relative to the generated
    /// crate's directory, `/`-separated), pinned to the runtime's version, as progenitor's
    /// output depends on progenitor-client. For crates generated inside this repository.
    Path(String),
}

impl Config {
    /// A config for `crate_name` with every operation and a default description.
    pub fn new(crate_name: impl Into<String>) -> Self {
        let crate_name = crate_name.into();
        Self {
            description: format!(
                "Typed async client generated from an OpenAPI document ({crate_name})."
            ),
            crate_name,
            crate_version: "0.1.0".into(),
            tags: Vec::new(),
            command: "cargo xtask generate".into(),
            runtime: RuntimeSource::Vendored,
            lenient_scalars: false,
        }
    }
}

/// The generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative path (with `/`) -> file contents.
    pub files: BTreeMap<String, String>,
    /// What was approximated (typed as JSON, ignored, ...).
    pub warnings: Vec<Diagnostic>,
}

/// Generates a client crate from the text of an OpenAPI document (YAML or JSON).
///
/// Every problem in the document is reported (not only the first), each with the JSON
/// pointer of the offending node and the operation it belongs to.
pub fn generate(spec: &str, config: &Config) -> Result<Output, GenerateError> {
    let mut diags = diag::Diagnostics::default();
    if !valid_package_name(&config.crate_name) {
        diags.push(Diagnostic::error(
            "#",
            format!("`{}` is not a valid crate name (ASCII letters, digits, `-` and `_`, starting with a letter)", config.crate_name),
        ));
        return Err(diags.into_error());
    }
    let Some(loaded) = load::load(spec, &mut diags) else {
        return Err(diags.into_error());
    };
    let api = lower::lower(&loaded, config, &mut diags);
    // The document is not needed any more: free it before the output is made.
    drop(loaded);
    if diags.has_errors() {
        return Err(diags.into_error());
    }
    match emit::emit(std::borrow::Cow::Owned(api), config) {
        Ok(files) => Ok(Output {
            files,
            warnings: diags.items,
        }),
        Err(message) => {
            diags.push(Diagnostic::error("#", message));
            Err(diags.into_error())
        }
    }
}

fn valid_package_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
}

/// Parses and lowers a document without emitting: the model, or every problem found.
pub fn lower_only(
    spec: &str,
    config: &Config,
) -> Result<(model::Api, Vec<Diagnostic>), GenerateError> {
    let mut diags = diag::Diagnostics::default();
    let Some(loaded) = load::load(spec, &mut diags) else {
        return Err(diags.into_error());
    };
    let api = lower::lower(&loaded, config, &mut diags);
    if diags.has_errors() {
        return Err(diags.into_error());
    }
    Ok((api, diags.items))
}

/// The pipeline's stages one by one, for benchmarks and tools. Not a stable API.
#[doc(hidden)]
pub mod stages {
    use super::*;

    /// A loaded document (parsed, normalised, deserialised).
    pub struct Loaded(pub(crate) load::Loaded);

    /// Stage 1: text -> normalised document.
    pub fn load(spec: &str) -> Result<Loaded, GenerateError> {
        let mut diags = diag::Diagnostics::default();
        match load::load(spec, &mut diags) {
            Some(loaded) if !diags.has_errors() => Ok(Loaded(loaded)),
            _ => Err(diags.into_error()),
        }
    }

    /// Stage 2: document -> model.
    pub fn lower(loaded: &Loaded, config: &Config) -> Result<model::Api, GenerateError> {
        let mut diags = diag::Diagnostics::default();
        let api = lower::lower(&loaded.0, config, &mut diags);
        if diags.has_errors() {
            Err(diags.into_error())
        } else {
            Ok(api)
        }
    }

    /// Stage 3: model -> formatted files.
    pub fn emit(api: &model::Api, config: &Config) -> Result<BTreeMap<String, String>, String> {
        emit::emit(std::borrow::Cow::Borrowed(api), config)
    }
}
