//! The README's code examples: complete functions, visible as they are (the README is read on
//! GitHub and crates.io, where rustdoc's hidden `# ` lines would show), formatted by
//! prettyplease. Each is also a doctest (`no_run`): rustdoc wraps it in a `main`.

use std::fmt::Write as _;

use super::example::Values;
use crate::model::*;

/// One example function.
pub(super) struct Snippet<'a> {
    krate: &'a str,
    /// `#[cfg(feature = ..)]` on the function, when its items are behind a tag feature (then
    /// its `use` lines go inside it).
    feature: Option<&'a str>,
    is_async: bool,
    /// Crate-root items and `operations` items it names.
    uses: Vec<String>,
    op_uses: Vec<String>,
    /// The statements, before `Ok(())`.
    body: String,
    /// Comments put before the call (values the document leaves unknown).
    notes: Vec<String>,
}

impl<'a> Snippet<'a> {
    pub(super) fn new(krate: &'a str, feature: Option<&'a str>, is_async: bool) -> Self {
        Snippet {
            krate,
            feature,
            is_async,
            uses: Vec::new(),
            op_uses: Vec::new(),
            body: String::new(),
            notes: Vec::new(),
        }
    }

    pub(super) fn uses(&mut self, items: impl IntoIterator<Item = String>) -> &mut Self {
        self.uses.extend(items);
        self
    }

    pub(super) fn line(&mut self, line: &str) -> &mut Self {
        self.body.push_str(line);
        self.body.push('\n');
        self
    }

    /// The fenced code block.
    pub(super) fn render(&mut self) -> String {
        let mut uses = String::new();
        self.uses.sort();
        self.uses.dedup();
        match self.uses.as_slice() {
            [] => {}
            [one] => {
                let _ = writeln!(uses, "use {}::{one};", self.krate);
            }
            many => {
                let _ = writeln!(uses, "use {}::{{{}}};", self.krate, many.join(", "));
            }
        }
        if !self.op_uses.is_empty() {
            let _ = writeln!(
                uses,
                "use {}::operations::{{{}}};",
                self.krate,
                self.op_uses.join(", ")
            );
        }
        let (outer, inner, cfg) = match self.feature {
            Some(f) => (String::new(), uses, format!("#[cfg(feature = \"{f}\")]\n")),
            None => (uses, String::new(), String::new()),
        };
        let asyncness = if self.is_async { "async " } else { "" };
        let text = format!(
            "{outer}{cfg}{asyncness}fn example() -> Result<(), Box<dyn std::error::Error>> {{\n{inner}{}Ok(())\n}}\n",
            self.body
        );
        let pretty = match syn::parse_file(&text) {
            Ok(file) => prettyplease::unparse(&file),
            Err(_) => text,
        };
        format!("```rust,no_run\n{}```\n", spaced(&pretty, &self.notes))
    }
}

/// A blank line after each run of `use` lines and before the function; the notes as
/// comments before the line that calls the client.
fn spaced(code: &str, notes: &[String]) -> String {
    let mut out = String::with_capacity(code.len());
    let mut prev_use = false;
    let mut noted = notes.is_empty();
    for line in code.lines() {
        let trimmed = line.trim_start();
        let is_use = trimmed.starts_with("use ");
        if prev_use && !is_use {
            out.push('\n');
        }
        prev_use = is_use;
        let calls = trimmed.starts_with("client") || trimmed.starts_with("let result = client");
        if !noted && calls {
            let indent = &line[..line.len() - trimmed.len()];
            for note in notes {
                let _ = writeln!(out, "{indent}// {note}");
            }
            noted = true;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The client of every example: the builder with a base URL, a credential of the right
/// kind, and the client-wide headers the document has examples for.
pub(super) fn builder(api: &Api) -> String {
    let mut s = String::from("let client = Client::builder().base_url(\"http://127.0.0.1:32400\")");
    // Each kind of scheme its own credential: basic schemes a user name and a password,
    // every other one a token.
    let basic = |s: &SecurityScheme| s.placement == AuthPlacement::Basic;
    if api.schemes.iter().any(|s| !basic(s)) {
        s.push_str(".token(\"<YOUR_TOKEN>\")");
    }
    if api.schemes.iter().any(basic) {
        s.push_str(".basic_auth(\"<USER>\", \"<PASSWORD>\")");
    }
    for g in &api.globals {
        if let (Some(ex), Ty::String) = (&g.example, &g.ty) {
            let _ = write!(s, ".{}({:?})", g.rust, ex);
        }
    }
    s.push_str(".build()?;");
    s
}

/// The start of an operation's example: the imports, the client built, and the call's
/// argument (valid values for each required parameter and the body).
fn with_client<'a>(
    api: &Api,
    op: &Operation,
    feature: Option<&'a str>,
    krate: &'a str,
) -> (Snippet<'a>, String) {
    let mut snippet = Snippet::new(krate, feature, true);
    let mut values = Values::new(api);
    let arg = call_argument(&mut values, op, &mut snippet.op_uses);
    snippet.uses(["Client".to_owned()]).uses(values.imports);
    snippet.notes = values.notes;
    snippet.line(&builder(api));
    (snippet, arg)
}

/// The example of an operation: the client, then the call with a valid value for each
/// required parameter and the body.
pub(super) fn operation<'a>(
    api: &Api,
    op: &Operation,
    feature: Option<&'a str>,
    krate: &'a str,
) -> Snippet<'a> {
    let (mut snippet, arg) = with_client(api, op, feature, krate);
    let returns_nothing =
        op.success.iter().all(|r| r.body == RespBody::None) && !op.success_is_enum();
    if returns_nothing {
        snippet.line(&format!("client.{}({arg}).await?;", op.method_name));
    } else {
        snippet.line(&format!(
            "let result = client.{}({arg}).await?;",
            op.method_name
        ));
        snippet.line("println!(\"{result:?}\");");
    }
    snippet
}

/// The example of an operation whose success body is binary, streamed to a file.
pub(super) fn streamed<'a>(
    api: &Api,
    op: &Operation,
    feature: Option<&'a str>,
    krate: &'a str,
) -> Snippet<'a> {
    let (mut snippet, arg) = with_client(api, op, feature, krate);
    snippet.line(&format!(
        "let response = client.{}({arg}).stream().await?;",
        op.method_name
    ));
    snippet.line("let name = response.file_name().unwrap_or_else(|| \"download.bin\".to_owned());");
    snippet.line("let written = response.write_to_file(&name).await?;");
    snippet.line("println!(\"{written} bytes written to {name}\");");
    snippet
}

/// The argument of an operation's method: nothing, the one required value (requests convert
/// `From` it), or the request built by `new` from the required values.
fn call_argument(values: &mut Values<'_>, op: &Operation, op_uses: &mut Vec<String>) -> String {
    if op.params.is_empty() && op.body.is_none() {
        return String::new();
    }
    let params = op
        .params
        .iter()
        .filter(|p| p.required && p.global.is_none());
    let required: Vec<(Ty, &Sample, &str)> = params
        .map(|p| (p.ty.clone(), &p.sample, p.wire.as_str()))
        .chain((op.body.iter().filter(|b| b.required)).map(|b| (b.ty(), &b.sample, "body")))
        .collect();
    if let Some(b) = op.body.as_ref().filter(|b| raw_multipart(b)) {
        values.notes.push(format!(
            "`body`: a `{}` body is sent as it is: build it, with its boundary, yourself",
            b.content_type
        ));
    }
    if let [(ty, sample, path)] = required.as_slice() {
        return values.value(ty, sample, path);
    }
    let args: Vec<String> = required
        .iter()
        .map(|(ty, sample, path)| match ty {
            Ty::String => values.str_literal(sample, path),
            _ => values.value(ty, sample, path),
        })
        .collect();
    op_uses.push(op.request_type.clone());
    format!("{}::new({})", op.request_type, args.join(", "))
}

/// A `multipart/*` body other than a form: raw bytes only the user can make valid.
fn raw_multipart(b: &Body) -> bool {
    b.kind == BodyKind::Bytes && b.content_type.starts_with("multipart/")
}
