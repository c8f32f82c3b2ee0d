//! `cargo xtask generate [--check] [--spec FILE] [--tag TAG]... [--out DIR] [--crate-name NAME]`

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{Job, Report, check, workspace_root, write};

const USAGE: &str = "\
usage: cargo xtask generate [--check] [--spec FILE] [--tag TAG]... [--out DIR] [--crate-name NAME]
       cargo xtask test [-- CARGO TEST ARGS]

test: installs Stoplight Prism (npm, for the contract test) when npm is available, then runs
      `cargo test --workspace --all-features`.

With no options, regenerates plex-butler/ from spec/plex-api-spec.yaml (tag Butler).
  --check              write nothing; fail, naming the files, if the output on disk differs
  --spec FILE          the OpenAPI 3.0/3.1 document (YAML or JSON); with --spec, every
                       operation is generated unless --tag is given
  --tag TAG            only operations with this tag (repeatable)
  --out DIR            where to write the crate (default: plex-butler/, or required with --spec)
  --crate-name NAME    the crate's package name (default: the --out directory's name)
  --version VERSION    the crate's version (default: 0.1.0)";

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("test") {
        return test(std::env::args().skip(2).filter(|a| a != "--").collect());
    }
    match run() {
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
    raw: Vec<String>,
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
