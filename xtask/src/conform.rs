//! `cargo xtask conform [--spec FILE]...`: the contract check of generated crates. Each
//! README example of an operation is run against Stoplight Prism mocking the crate's own
//! document (`prism mock --errors`, on 127.0.0.1), and reported per operation: accepted and
//! decoded, refused by the mock (with Prism's violations), not decodable (with the field
//! path), or other. Without `--spec`, the crates checked are `plex-butler` and every fixture
//! crate (as generated, drift checked); with it, each document is generated into
//! `target/conform/crates/`.
//!
//! One harness crate (`target/conform/harness/`) links every crate under test and is compiled
//! once; it shares the workspace's target directory and lock file.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use xtask::{Job, check, workspace_root, write};

/// A refusal or decode failure known to come from Prism, or from a construct no example can
/// make valid, not from the generated client: reported, but not a failure.
struct Known {
    /// The crate and operation it is about, or `None`: any.
    krate: Option<&'static str>,
    op: Option<&'static str>,
    /// Text of the outcome's detail that identifies it.
    text: &'static str,
    reason: &'static str,
}

const KNOWN_LIMITATIONS: &[Known] = &[
    Known {
        krate: None,
        op: None,
        text: "Cannot find serializer for",
        reason: "Prism cannot make a body of a binary media type the document has no example of",
    },
    Known {
        krate: None,
        op: None,
        text: "errors#SCHEMA_TOO_COMPLEX",
        reason: "Prism cannot make a response body of a schema this large or deep; the request was accepted",
    },
    Known {
        krate: None,
        op: None,
        text: "errors#NO_COMPLEX_OBJECT_TEXT",
        reason: "Prism cannot write an object schema as a text response (`text/plain` with an object \
                 schema); the request was accepted",
    },
    Known {
        krate: None,
        op: None,
        text: "NO_RESPONSE_RESPONSE_DEFINED",
        reason: "the operation documents no response (optional in OpenAPI 3.1): Prism has none to send",
    },
    Known {
        krate: None,
        op: None,
        text: "\"location\":[\"response\"",
        reason: "Prism's own mock response breaks the document's schema (recursive schemas, \
                 `oneOf` branches it fills alike); the request was accepted",
    },
    Known {
        krate: Some("fixture-parameters"),
        op: Some("search"),
        text: "Prism crashed",
        reason: "Prism's request validator crashes when an optional array header (`X-Trace-Ids`) is absent",
    },
    Known {
        krate: Some("fixture-bodies"),
        op: Some("get_raw_json"),
        text: "got an empty body",
        reason: "Prism answers a JSON response without a schema or example with an empty body",
    },
    Known {
        krate: Some("fixture-bodies"),
        op: Some("post_batch"),
        text: "",
        reason: "a `multipart/mixed` body is raw bytes the user builds (the example says so)",
    },
];

/// The known limitation an outcome is, if any (never one where the request was refused).
fn known(krate: &str, r: &Outcome) -> Option<&'static Known> {
    if r.detail.contains("\"location\":[\"request\"") {
        return None;
    }
    KNOWN_LIMITATIONS.iter().find(|k| {
        k.krate.is_none_or(|c| c == krate)
            && k.op.is_none_or(|o| o == r.op)
            && r.detail.contains(k.text)
    })
}

/// The harness's `main.rs` (its `examples.rs` is written per run).
const HARNESS_MAIN: &str = include_str!("../conform/main.rs");

/// The base URL the README examples use, replaced by the mock's.
const README_BASE_URL: &str = "\"http://127.0.0.1:32400\"";

pub fn conform(args: impl Iterator<Item = String>) -> Result<(), String> {
    let root = workspace_root();
    let mut specs = Vec::new();
    let mut summary_file = None;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => specs.push(PathBuf::from(args.next().ok_or("--spec needs a FILE")?)),
            "--summary" => {
                summary_file = Some(PathBuf::from(args.next().ok_or("--summary needs a FILE")?));
            }
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let mut crates = Vec::new();
    let outcome = run(&root, &specs, &mut crates);
    if let Some(file) = summary_file {
        let json = summary_json(&crates, outcome.as_ref().err().map(String::as_str));
        std::fs::write(&file, json).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    outcome
}

/// Checks the crates, pushing each one's outcomes as it is done.
fn run(
    root: &Path,
    specs: &[PathBuf],
    crates: &mut Vec<(String, Vec<Outcome>)>,
) -> Result<(), String> {
    let jobs = if specs.is_empty() {
        workspace_jobs(root)?
    } else {
        specs.iter().map(|s| spec_job(root, s)).collect()
    };
    let prism = prism(root)?;
    let harness = build_harness(root, &jobs)?;
    let logs = target_dir(root).join("conform/logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let mut failures = 0;
    let mut summary = String::new();
    for job in &jobs {
        let krate = ident(&job.config.crate_name);
        let log = logs.join(format!("prism-{krate}.log"));
        let results = run_crate(&prism, &harness, job, &krate, &log)?;
        failures += report(&job.config.crate_name, &results, &mut summary);
        crates.push((job.config.crate_name.clone(), results));
    }
    println!("\n{summary}");
    if failures > 0 {
        return Err(format!(
            "{failures} operation(s) refused or not decodable (see above)"
        ));
    }
    Ok(())
}

/// `plex-butler` and every fixture crate, each checked against its document first.
fn workspace_jobs(root: &Path) -> Result<Vec<Job>, String> {
    let mut jobs = vec![Job::default_job(root)];
    jobs.extend(xtask::fixture_jobs(root).map_err(|e| e.to_string())?);
    for job in &jobs {
        check(job).map_err(|e| {
            format!(
                "{}: {e}\n(regenerate with `cargo xtask generate` / `cargo xtask fixtures`)",
                job.out.display()
            )
        })?;
    }
    Ok(jobs)
}

/// A document generated whole into `target/conform/crates/<stem>/`, on this repository's
/// runtime (shared with the workspace build).
fn spec_job(root: &Path, spec: &Path) -> Job {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "spec".into());
    let name = format!("conform-{}", ident(&stem).replace('_', "-"));
    let out = target_dir(root).join("conform/crates").join(&name);
    let mut config = codegen::Config::new(name);
    config.command = "cargo xtask conform".into();
    config.runtime = xtask::runtime_dependency(root, &out);
    Job {
        spec: spec.to_owned(),
        out,
        config,
    }
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// A crate name as a Rust identifier.
fn ident(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Prism, installed from npm (`tools/prism`) as `cargo xtask test` does.
fn prism(root: &Path) -> Result<PathBuf, String> {
    if let Some(bin) = std::env::var_os("PRISM_BIN") {
        return Ok(bin.into());
    }
    let bin = root.join("tools/prism/node_modules/.bin/prism");
    if !bin.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(root.join("tools/prism"))
            .status()
            .map_err(|e| format!("Prism is needed from npm, and npm cannot run: {e}"))?;
        if !status.success() {
            return Err(format!("`npm ci --prefix tools/prism` failed ({status})"));
        }
    }
    Ok(bin)
}

/// Writes the harness (every crate's README examples) and builds it; its binary's path.
fn build_harness(root: &Path, jobs: &[Job]) -> Result<PathBuf, String> {
    let dir = target_dir(root).join("conform/harness");
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    std::fs::create_dir_all(dir.join("src")).map_err(io)?;
    let mut examples = String::from(
        "//! The README examples of the crates under test (written by `cargo xtask conform`).\n\n",
    );
    let mut operations = Vec::new();
    for job in jobs {
        if !job.out.join("Cargo.toml").exists() || specs_only(job) {
            write(job).map_err(|e| format!("{}: {e}", job.spec.display()))?;
        }
        let readme = std::fs::read_to_string(job.out.join("README.md"))
            .map_err(|e| format!("{}: {e}", job.out.display()))?;
        let krate = ident(&job.config.crate_name);
        let _ = writeln!(examples, "pub mod {krate} {{");
        for (op, code) in readme_examples(&readme) {
            let _ = writeln!(examples, "pub mod {op} {{\n{}}}\n", harness_code(&code));
            operations.push((krate.clone(), op));
        }
        examples.push_str("}\n\n");
    }
    examples.push_str(&dispatch(&operations));
    let runtime = root.join(xtask::RUNTIME_DIR);
    let mut manifest = format!(
        "[package]\nname = \"conform-harness\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\
         codegen-runtime = {{ path = {:?} }}\n\
         # The examples' `serde_json::json!` values (free-form fields), as a user's crate has it.\n\
         serde_json = \"1\"\n",
        runtime.display().to_string()
    );
    for job in jobs {
        let out = std::path::absolute(&job.out).unwrap_or_else(|_| job.out.clone());
        let _ = writeln!(
            manifest,
            "{} = {{ path = {:?} }}",
            job.config.crate_name,
            out.display().to_string()
        );
    }
    let files = [
        ("Cargo.toml", manifest),
        ("src/main.rs", HARNESS_MAIN.to_owned()),
        ("src/examples.rs", examples),
    ];
    for (name, text) in files {
        write_if_changed(&dir.join(name), &text).map_err(io)?;
    }
    // The workspace's lock file: the same dependency versions, so their builds are shared.
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock).map_err(io)?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir(root))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the conformance harness does not build (see above)".into());
    }
    Ok(target_dir(root).join("debug/conform-harness"))
}

/// Whether a job's crate is generated by this command (`--spec`), not checked in.
fn specs_only(job: &Job) -> bool {
    job.config.command == "cargo xtask conform"
}

fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text)
}

/// The example of each operation of a generated README: `(method, code)`.
pub(crate) fn readme_examples(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut method = None;
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if let Some(name) = line.strip_prefix("## ") {
            // An operation's section is named by its method; a heading of the document's own
            // prose (in a description) is not one.
            let name = name.trim();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                method = Some(name.to_owned());
            }
        } else if line == "### Example usage" {
            let code: Vec<&str> = lines
                .by_ref()
                .skip_while(|l| !l.starts_with("```rust"))
                .skip(1)
                .take_while(|l| *l != "```")
                .collect();
            if let Some(m) = method.take() {
                out.push((m, code.join("\n")));
            }
        }
    }
    out
}

/// An example as the harness runs it: its function public, its client on the mock's URL
/// with the recording hook, its feature gate dropped (the harness has every feature).
pub(crate) fn harness_code(code: &str) -> String {
    let mut out = String::new();
    for line in code.lines() {
        if line.trim_start().starts_with("#[cfg(feature") {
            continue;
        }
        let line = line
            .replace("async fn example()", "pub async fn run()")
            .replace(README_BASE_URL, "crate::base_url()")
            .replace(".build()?", ".hook(crate::Recorder).build()?")
            .replace("println!(\"{result:?}\");", "let _ = result;")
            // Operation-level servers too: every call goes to the mock.
            .replace(".await?", ".base_url(crate::base_url()).await?");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// `OPERATIONS` and `run(crate, operation)`.
fn dispatch(operations: &[(String, String)]) -> String {
    let mut s = String::from("pub const OPERATIONS: &[(&str, &str)] = &[\n");
    for (k, op) in operations {
        let _ = writeln!(s, "    ({k:?}, {op:?}),");
    }
    s.push_str(
        "];\n\npub async fn run(krate: &str, op: &str) -> Result<(), Box<dyn std::error::Error>> {\n    match (krate, op) {\n",
    );
    for (k, op) in operations {
        let _ = writeln!(s, "        ({k:?}, {op:?}) => {k}::{op}::run().await,");
    }
    s.push_str("        _ => Err(\"no such example\".into()),\n    }\n}\n");
    s
}

/// One operation's outcome, as the harness printed it.
struct Outcome {
    op: String,
    kind: String,
    detail: String,
}

/// Runs a crate's examples against Prism mocking its document. Where Prism crashes (its
/// request validator has bugs), the operation that crashed it is reported as such and the
/// rest run against a new instance. Prism's own log (each request's violations) is written
/// to `log`.
fn run_crate(
    prism: &Path,
    harness: &Path,
    job: &Job,
    krate: &str,
    log: &Path,
) -> Result<Vec<Outcome>, String> {
    let mut done: Vec<Outcome> = Vec::new();
    let mut only: Vec<String> = Vec::new();
    let _ = std::fs::remove_file(log);
    loop {
        let (mut mock, addr) = start_prism(prism, &job.spec, log)?;
        let output = Command::new(harness)
            .args([krate, &format!("http://{addr}")])
            .args(&only)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run the harness: {e}"))?;
        let mut outcomes = parse_outcomes(&String::from_utf8_lossy(&output.stdout));
        let crashed = mock.0.try_wait().ok().flatten().is_some();
        let first_lost = outcomes
            .iter()
            .position(|o| o.kind == "other" && o.detail.contains("could not connect"));
        match first_lost.filter(|_| crashed) {
            Some(i) => {
                let rest: Vec<String> = outcomes[i + 1..].iter().map(|o| o.op.clone()).collect();
                outcomes.truncate(i + 1);
                outcomes[i].kind = "crashed".into();
                outcomes[i].detail = "Prism crashed on this request (a bug of Prism's)".into();
                done.append(&mut outcomes);
                if rest.is_empty() {
                    return Ok(done);
                }
                only = rest;
            }
            None => {
                done.append(&mut outcomes);
                return Ok(done);
            }
        }
    }
}

fn parse_outcomes(text: &str) -> Vec<Outcome> {
    text.lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, '\t');
            Some(Outcome {
                op: parts.next()?.to_owned(),
                kind: parts.next()?.to_owned(),
                detail: parts.next().unwrap_or_default().to_owned(),
            })
        })
        .collect()
}

/// Prints a crate's outcomes; the number of failures that are ours.
fn report(name: &str, results: &[Outcome], summary: &mut String) -> usize {
    let count = |k: &str| results.iter().filter(|r| r.kind == k).count();
    let mut failures = 0;
    println!("{name}:");
    for r in results {
        let known = known(name, r);
        let fails = matches!(r.kind.as_str(), "refused" | "undecodable") && known.is_none();
        failures += usize::from(fails);
        match (r.kind.as_str(), known) {
            ("accepted", _) => println!("  {}: accepted and decoded", r.op),
            (kind, Some(k)) => println!(
                "  {}: {kind}, a known limitation ({}): {}",
                r.op,
                k.reason,
                excerpt(&r.detail)
            ),
            ("refused", None) => println!("  {}: REFUSED by the mock: {}", r.op, r.detail),
            ("undecodable", None) => println!("  {}: NOT DECODABLE: {}", r.op, r.detail),
            (kind, None) => println!("  {}: {kind}: {}", r.op, r.detail),
        }
    }
    let known_count = results
        .iter()
        .filter(|r| r.kind != "accepted" && known(name, r).is_some())
        .count();
    let _ = writeln!(
        summary,
        "{name}: {} operations, {} accepted, {} refused, {} not decodable, {} crashed the mock, {} other ({known_count} of them known limitations)",
        results.len(),
        count("accepted"),
        count("refused"),
        count("undecodable"),
        count("crashed"),
        count("other")
    );
    failures
}

/// The `--summary` file: per crate, each operation's outcome, its detail and the reason of
/// the known limitation it is, if any; and the error that stopped the run, if one did.
fn summary_json(crates: &[(String, Vec<Outcome>)], error: Option<&str>) -> String {
    let crates: Vec<serde_json::Value> = crates
        .iter()
        .map(|(name, results)| {
            let operations: Vec<serde_json::Value> = results
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "operation": r.op,
                        "outcome": r.kind,
                        "detail": r.detail,
                        "known_limitation": known(name, r).map(|k| k.reason),
                    })
                })
                .collect();
            serde_json::json!({ "crate": name, "operations": operations })
        })
        .collect();
    let json = serde_json::json!({ "crates": crates, "error": error });
    serde_json::to_string_pretty(&json).unwrap_or_default()
}

/// A running `prism mock`, stopped when dropped.
struct Mock(Child);

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_prism(bin: &Path, spec: &Path, log: &Path) -> Result<(Mock, SocketAddr), String> {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))?;
    let child = Command::new(bin)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
        .arg("--errors")
        .arg(spec)
        .stdout(log)
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start Prism ({}): {e}", bin.display()))?;
    let mock = Mock(child);
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("Prism did not listen on {addr} within 60 s"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((mock, addr))
}

/// The start of a long detail (Prism lists every violation).
fn excerpt(detail: &str) -> String {
    match detail.char_indices().nth(300) {
        Some((i, _)) => format!("{}...", &detail[..i]),
        None => detail.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = "## get_pet\n\n### Example usage\n\n```rust,no_run\nuse k::Client;\n\n\
        #[cfg(feature = \"pets\")]\nasync fn example() -> Result<(), Box<dyn std::error::Error>> {\n    \
        let client = Client::builder().base_url(\"http://127.0.0.1:32400\").build()?;\n    \
        let result = client.get_pet(1).await?;\n    println!(\"{result:?}\");\n    Ok(())\n}\n```\n\n\
        ### Parameters\n\n## other\n\nNo example.\n";

    #[test]
    fn finds_each_operation_example() {
        let found = readme_examples(README);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "get_pet");
        assert!(found[0].1.starts_with("use k::Client;"));
        assert!(found[0].1.ends_with('}'));
    }

    #[test]
    fn a_heading_of_the_documents_prose_is_not_an_operation() {
        let readme = README.replace(
            "### Example usage",
            "## Available Client Types\n\nProse.\n\n### Example usage",
        );
        let found = readme_examples(&readme);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "get_pet");
    }

    #[test]
    fn runs_an_example_against_the_mock_with_the_recorder() {
        let code = harness_code(&readme_examples(README)[0].1);
        assert!(!code.contains("cfg(feature"));
        assert!(code.contains("pub async fn run()"));
        assert!(code.contains(".base_url(crate::base_url())"));
        assert!(code.contains(".hook(crate::Recorder).build()?"));
        assert!(code.contains("let _ = result;"));
        assert!(code.contains("get_pet(1).base_url(crate::base_url()).await?"));
    }
}
