//! Inputs shared by the generation benchmarks: the Butler spec with the config
//! `cargo xtask generate` uses, and synthetic documents the bench builds itself.

use codegen::Config;

/// One benchmark input.
pub struct Input {
    /// Short label: `butler`, `synthetic-100`, ...
    pub name: String,
    /// Number of operations generated.
    pub operations: usize,
    /// The document text.
    pub spec: String,
    pub config: Config,
}

/// Synthetic sizes: the 100, 1,000 and 5,000 operations.
pub const SIZES: [usize; 3] = [100, 1_000, 5_000];

/// The Butler tag of `spec/plex-api-spec.yaml`, configured as `cargo xtask generate` does.
pub fn butler() -> Input {
    let mut config = Config::new("plex-butler");
    config.tags = vec!["Butler".to_owned()];
    Input {
        name: "butler".to_owned(),
        operations: 5,
        spec: include_str!("../../../spec/plex-api-spec.yaml").to_owned(),
        config,
    }
}

/// A synthetic document of `operations` operations (every operation generated).
pub fn synthetic(operations: usize) -> Input {
    Input {
        name: format!("synthetic-{operations}"),
        operations,
        spec: codegen::synthetic::synthetic_spec(operations),
        config: Config::new("synthetic"),
    }
}

/// Every input, smallest first.
pub fn all() -> Vec<Input> {
    let mut inputs = vec![butler()];
    inputs.extend(SIZES.iter().map(|&n| synthetic(n)));
    inputs
}
