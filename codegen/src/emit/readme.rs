//! `README.md` of the generated crate, also its crate-level rustdoc (`include_str!`), so
//! every example below is compiled as a doctest.

use std::fmt::Write as _;

use super::snippet::{self, Snippet};
use super::ty_display;
use crate::Config;
use crate::http::reason_phrase;
use crate::model::*;

/// The README, after `header` (the generated-file header, as an HTML comment).
pub(super) fn emit(api: &Api, config: &Config, header: String) -> String {
    let krate = config.crate_name.replace('-', "_");
    let mut md = header;
    md.push('\n');
    let tags: Vec<String> = api.modules.iter().map(|m| format!("`{}`", m.tag)).collect();
    let _ = writeln!(md, "# {}\n", config.crate_name);
    let _ = writeln!(
        md,
        "A typed async Rust client for the **{}** API (document version `{}`){}.\n",
        api.title,
        api.version,
        if tags.is_empty() {
            String::new()
        } else {
            format!(": the {} operations", tags.join(", "))
        }
    );
    if let Some(d) = &api.description {
        let _ = writeln!(md, "{d}\n");
    }
    let _ = writeln!(
        md,
        "This crate is generated from the API's OpenAPI document by `{}`; do not edit it by hand.\n",
        config.command
    );

    // ---- getting started
    let _ = writeln!(md, "## Getting started\n");
    let first = api.modules.iter().find_map(|m| {
        let op = m.operations.iter().find(|o| {
            o.params.iter().all(|p| !p.required || p.global.is_some()) && o.body.is_none()
        })?;
        Some((m, op))
    });
    let mut snippet = Snippet::new(&krate, first.and_then(|(m, _)| m.feature.as_deref()), true);
    snippet
        .uses(["Client".to_owned()])
        .line(&snippet::builder(api));
    if let Some((_, op)) = first {
        let call = if op.params.is_empty() {
            format!("client.{}()", op.method_name)
        } else {
            format!(
                "client.{}({krate}::operations::{}::new())",
                op.method_name, op.request_type
            )
        };
        snippet
            .line(&format!("let result = {call}.await?;"))
            .line("println!(\"{result:?}\");");
    }
    let _ = writeln!(md, "{}", snippet.render());

    // ---- servers, auth, globals
    if !api.servers.is_empty() {
        let _ = writeln!(md, "## Servers\n");
        let _ = writeln!(
            md,
            "The client talks to the document's first server unless told otherwise: pick a server with \
             `ClientBuilder::server` (typed variables, defaults from the document), any URL with \
             `ClientBuilder::base_url` (a path prefix such as `https://example.com/plex/` is kept), \
             or override either per call with `.server(..)` / `.base_url(..)` on the call.\n"
        );
        let _ = writeln!(
            md,
            "| Server | URL | Variables (default) |\n| --- | --- | --- |"
        );
        for s in &api.servers {
            let vars: Vec<String> = s
                .variables
                .iter()
                .map(|v| format!("`{}` (`{}`)", v.rust, v.default))
                .collect();
            let _ = writeln!(
                md,
                "| `Server::{}` | `{}` | {} |",
                s.variant,
                s.url,
                cell(&vars.join(", "))
            );
        }
        let s = &api.servers[api.servers.len().min(2) - 1];
        let mut ctor = format!("{}::default()", s.rust);
        if let Some(v) = s.variables.iter().find(|v| v.enumeration.is_none()) {
            let _ = write!(ctor, ".{}(\"{}\")", v.rust, v.default.replace('"', "\\\""));
        }
        let mut snippet = Snippet::new(&krate, None, false);
        snippet
            .uses(["Client".to_owned(), s.rust.clone()])
            .line(&format!(
                "let client = Client::builder().server({ctor}).build()?;"
            ));
        let _ = writeln!(md, "\n{}", snippet.render());
    }
    if !api.schemes.is_empty() {
        let _ = writeln!(md, "## Authentication\n");
        for s in &api.schemes {
            let place = match &s.placement {
                AuthPlacement::Header(h) => format!("the `{h}` header"),
                AuthPlacement::Query(q) => format!("the `{q}` query parameter"),
                AuthPlacement::Cookie(c) => format!("the `{c}` cookie"),
                AuthPlacement::Bearer => "an `Authorization: Bearer` header".to_owned(),
                AuthPlacement::Basic => {
                    "an `Authorization: Basic` header (a user name and a password, set with `ClientBuilder::basic_auth`)".to_owned()
                }
            };
            let _ = writeln!(
                md,
                "- `{}`: sent as {place}. {}",
                s.name,
                one_line(s.doc.as_deref().unwrap_or(""))
            );
        }
        let basic = if api
            .schemes
            .iter()
            .any(|s| s.placement == AuthPlacement::Basic)
        {
            " HTTP basic schemes take a user name and a password: `ClientBuilder::basic_auth(user, password)` \
             (RFC 7617; it takes precedence over `token` for those schemes)."
        } else {
            ""
        };
        let _ = writeln!(
            md,
            "\nSet the credential with `ClientBuilder::token` (all schemes) or `ClientBuilder::credential(scheme, ..)`, \
             or a provider called before every request with `ClientBuilder::token_fn` / `token_provider` (for tokens \
             that expire).{basic} The credential is held in a type that never prints it: it does not appear in `Debug` output, \
             errors, logs or traces, and it is never sent to another origin on a redirect.\n"
        );
    }
    if !api.mutual_tls.is_empty() {
        client_certificate(&mut md, api, &krate);
    }
    if !api.globals.is_empty() {
        let _ = writeln!(md, "## Client-wide parameters\n");
        let _ = writeln!(
            md,
            "These headers are set once on the builder and sent with every operation that declares them; \
             the request structs of those operations hold this call's values in their `headers` field \
             (`ClientHeaders`), each also set by the request's method of the same name.\n"
        );
        let _ = writeln!(
            md,
            "| Builder method | Header | Description |\n| --- | --- | --- |"
        );
        for g in &api.globals {
            let _ = writeln!(
                md,
                "| `{}` | `{}` | {} |",
                g.rust,
                g.wire,
                cell(g.doc.text.as_deref().unwrap_or(""))
            );
        }
        let _ = writeln!(md);
    }

    // ---- environment
    let vars = super::client::env_vars(api);
    let _ = writeln!(md, "## Configuration from the environment\n");
    let _ = writeln!(
        md,
        "`ClientBuilder::from_env()` starts a builder from these variables (read once, when called; \
         unset or empty ones are skipped). Nothing reads the environment implicitly.\n"
    );
    let _ = writeln!(md, "| Variable | Sets |\n| --- | --- |");
    for (v, what) in &vars {
        let _ = writeln!(md, "| `{v}` | {what} |");
    }
    let mut snippet = Snippet::new(&krate, None, false);
    snippet.line(&format!(
        "let client = {krate}::ClientBuilder::from_env().build()?;"
    ));
    let _ = writeln!(md, "\n{}", snippet.render());

    if config.lenient_scalars {
        lenient_scalars(&mut md);
    }

    // ---- tag features
    cargo_features(&mut md, api, config);

    // ---- operations
    let _ = writeln!(md, "## Available operations\n");
    for m in &api.modules {
        if api.modules.len() > 1 {
            let _ = writeln!(md, "### {}\n", m.tag);
        }
        if let Some(feature) = &m.feature {
            let _ = writeln!(md, "Cargo feature: `{feature}`.\n");
        }
        if let Some(d) = &m.doc {
            let _ = writeln!(md, "{}\n", one_line(d));
        }
        for op in &m.operations {
            let name = &op.method_name;
            let _ = match op
                .summary
                .as_deref()
                .map(one_line)
                .filter(|s| !s.is_empty())
            {
                Some(s) => writeln!(md, "* [`{name}`](#{name}) - {s}"),
                None => writeln!(md, "* [`{name}`](#{name})"),
            };
        }
        let _ = writeln!(md);
    }
    for m in &api.modules {
        for op in &m.operations {
            // The README of a large API is the largest generated file, made while every other
            // item is alive: grow it by a quarter at a time, not by doubling.
            if md.capacity() - md.len() < 16 * 1024 {
                md.reserve_exact(md.len() / 4 + 16 * 1024);
            }
            operation(&mut md, api, op, m.feature.as_deref(), &krate);
        }
    }
    conformance(&mut md);
    let location = match config.runtime {
        crate::RuntimeSource::Vendored => {
            "in this crate's `runtime/` directory, a path dependency that ships with it"
        }
        crate::RuntimeSource::Path(_) => {
            "`codegen-runtime` (the generator's runtime crate), a dependency of this crate"
        }
    };
    let runtime = crate::RUNTIME_README
        .replace("{krate}", &krate)
        .replace("{runtime_location}", location);
    md.reserve_exact(runtime.len());
    md.push_str(&runtime);
    md.shrink_to_fit();
    md
}

/// The "Cargo features" section, when the crate has tag features.
/// The section that says the crate reads responses with lenient scalars.
/// The `mutualTLS` schemes: which operations need a client certificate, and how to give it.
fn client_certificate(md: &mut String, api: &Api, krate: &str) {
    let _ = writeln!(md, "## Client certificate (mutual TLS)\n");
    for s in &api.mutual_tls {
        let _ = writeln!(
            md,
            "- `{}`: a client certificate (`mutualTLS`). {}",
            s.name,
            one_line(s.doc.as_deref().unwrap_or(""))
        );
    }
    let names = |use_: CertificateUse| {
        let ops: Vec<String> = (api.modules.iter())
            .flat_map(|m| &m.operations)
            .filter(|o| o.client_certificate == use_)
            .map(|o| format!("`{}`", o.method_name))
            .collect();
        ops.join(", ")
    };
    let (required, alternative) = (
        names(CertificateUse::Required),
        names(CertificateUse::Alternative),
    );
    let _ = writeln!(md);
    if !required.is_empty() {
        let _ = writeln!(md, "Operations that need it: {required}.\n");
    }
    if !alternative.is_empty() {
        let _ = writeln!(
            md,
            "Operations that accept it in place of another credential: {alternative}.\n"
        );
    }
    let _ = writeln!(
        md,
        "Give the certificate (chain, leaf first) and its private key, both PEM, to \
         `ClientBuilder::client_identity`; the TLS layer presents them to the server, and no \
         request carries anything for them. This needs the `rustls` (default) or `native-tls` \
         feature; the key is PKCS#8 (`BEGIN PRIVATE KEY`) and never appears in `Debug` output \
         or errors. `build()` fails if the pair is not usable.\n"
    );
    let mut snippet = Snippet::new(krate, None, false);
    snippet
        .uses(["Client".to_owned()])
        .line("let certificate = std::fs::read(\"client.pem\")?;")
        .line("let key = std::fs::read(\"client.key\")?;")
        .line("let client = Client::builder()")
        .line("    .base_url(\"https://127.0.0.1:32400\")")
        .line("    .client_identity(certificate, key)")
        .line("    .build()?;");
    let _ = writeln!(md, "{}", snippet.render());
}

fn lenient_scalars(md: &mut String) {
    let _ = writeln!(md, "## Lenient scalars\n");
    let _ = writeln!(
        md,
        "This crate is generated with lenient scalars on, for a server that does not always send \
         the types its document declares. In a response, an integer or a number is also read \
         from a string holding one (`\"6230\"`), a boolean from `0`/`1`, `\"0\"`/`\"1\"` and \
         `\"true\"`/`\"false\"`, and a string from a number or a boolean. Anything else that \
         is not of the declared type is still a `DecodeError` naming the field's path. Requests \
         are written exactly as the document says. The JSON of a union is matched against its \
         variants as it was sent, without these conversions.\n"
    );
}

fn cargo_features(md: &mut String, api: &Api, config: &Config) {
    let tagged: Vec<(&Module, &str)> = api
        .modules
        .iter()
        .filter_map(|m| Some((m, m.feature.as_deref()?)))
        .collect();
    let Some(&(first, feature)) = tagged.first() else {
        return;
    };
    let _ = writeln!(md, "## Cargo features\n");
    let unreferenced = api
        .unreferenced_feature
        .as_ref()
        .map(|f| format!(", `{f}`"))
        .unwrap_or_default();
    let _ = writeln!(
        md,
        "Each tag's operations are behind a cargo feature of their own, and each model behind the \
         features of the operations that use it: a build with a few tag features compiles only \
         their operations and the models they reach. The `default` feature enables every tag's \
         feature{unreferenced} and the runtime's defaults (`rustls` and `small-idna`; see \
         \"HTTP client and TLS\").\n"
    );
    let _ = writeln!(md, "| Feature | Operations |\n| --- | --- |");
    for (m, feature) in &tagged {
        let _ = writeln!(
            md,
            "| `{feature}` | `{}` ({} operation{}, `operations::{}`) |",
            cell(&m.tag).replace('`', "'"),
            m.operations.len(),
            if m.operations.len() == 1 { "" } else { "s" },
            m.rust
        );
    }
    if let Some(unreferenced) = &api.unreferenced_feature {
        let _ = writeln!(
            md,
            "| `{unreferenced}` | none: the models no operation uses (schemas the document only lists) |"
        );
    }
    let _ = writeln!(
        md,
        "\nOnly the `{}` operations, over HTTPS:\n\n```toml\n[dependencies]\n{} = {{ version = \"{}\", default-features = false, features = [\"rustls\", \"{feature}\"] }}\n```\n",
        first.tag, config.crate_name, config.crate_version
    );
    let _ = writeln!(
        md,
        "Turning the default features off also turns off `rustls` (and `small-idna`): name \
         `rustls` (or `native-tls`) again, or the client speaks plain HTTP only. Each operation \
         below names its feature.\n"
    );
}

fn operation(md: &mut String, api: &Api, op: &Operation, feature: Option<&str>, krate: &str) {
    let _ = writeln!(md, "## {}\n", op.method_name);
    if let Some(s) = &op.summary {
        let _ = writeln!(md, "{}\n", s);
    }
    if let Some(d) = &op.description {
        if op.summary.as_deref() != Some(d.as_str()) {
            let _ = writeln!(md, "{d}\n");
        }
    }
    let _ = writeln!(
        md,
        "`{} {}`{}\n",
        op.http_method,
        op.path,
        if op.deprecated.is_some() {
            " (deprecated)"
        } else {
            ""
        }
    );
    if let Some(d) = &op.deprecated {
        // The method and the request struct are `#[deprecated]`: using them warns.
        let _ = writeln!(md, "{} The method is `#[deprecated]`.\n", d.doc_line());
    }
    if let Some(feature) = feature {
        let _ = writeln!(md, "Cargo feature: `{feature}`.\n");
    }
    match op.client_certificate {
        CertificateUse::None => {}
        CertificateUse::Required => {
            let _ = writeln!(
                md,
                "Needs a client certificate (mutual TLS): see [Client certificate](#client-certificate-mutual-tls).\n"
            );
        }
        CertificateUse::Alternative => {
            let _ = writeln!(
                md,
                "Accepts a client certificate (mutual TLS) in place of another credential: see [Client certificate](#client-certificate-mutual-tls).\n"
            );
        }
    }

    // Example.
    let _ = writeln!(md, "### Example usage\n");
    let _ = writeln!(
        md,
        "{}",
        snippet::operation(api, op, feature, krate).render()
    );

    // Parameters.
    let _ = writeln!(md, "### Parameters\n");
    if op.params.is_empty() && op.body.is_none() {
        let _ = writeln!(
            md,
            "None besides the client's configuration; per-call options (timeout, retry policy, extra headers, server) are methods on the returned call.\n"
        );
    } else {
        let _ = writeln!(
            md,
            "Fields of {} (required ones are arguments of `new`, optional ones have setters).\n",
            operations_item(&op.request_type, feature)
        );
        let _ = writeln!(
            md,
            "| Parameter | Type | Required | Description |\n| --- | --- | --- | --- |"
        );
        for p in &op.params {
            let loc = match p.location {
                ParamIn::Path => "path",
                ParamIn::Query => "query",
                ParamIn::Header => "header",
                ParamIn::Cookie => "cookie",
            };
            let req = if p.global.is_some() {
                if p.required {
                    "client or call"
                } else {
                    "no (client default)"
                }
            } else if p.required {
                "yes"
            } else {
                "no"
            };
            let desc = format!(
                "{} ({loc} `{}`)",
                one_line(p.doc.text.as_deref().unwrap_or("")),
                p.wire
            );
            let field = match p.global {
                Some(g) => format!("headers.{}", api.globals[g].rust),
                None => p.rust.clone(),
            };
            let _ = writeln!(
                md,
                "| `{}` | `{}` | {} | {} |",
                field,
                ty_display(api, &p.ty),
                req,
                cell(desc.trim())
            );
        }
        if let Some(b) = &op.body {
            let desc = format!(
                "{} (body, `{}`)",
                one_line(b.doc.text.as_deref().unwrap_or("")),
                b.content_type
            );
            let _ = writeln!(
                md,
                "| `{}` | `{}` | {} | {} |",
                b.rust,
                ty_display(api, &b.ty()),
                if b.required { "yes" } else { "no" },
                cell(desc.trim())
            );
        }
        let _ = writeln!(md);
    }

    // Response.
    let _ = writeln!(md, "### Response\n");
    if let Some(name) = &op.response_type {
        let _ = writeln!(
            md,
            "{}, one variant per documented status:\n",
            operations_item(name, feature)
        );
        let _ = writeln!(md, "| Variant | Status | Body |\n| --- | --- | --- |");
        for r in &op.success {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} |",
                r.variant,
                status_text(r.status),
                body_text(api, &r.body)
            );
        }
    } else {
        let body = op
            .success
            .first()
            .map(|r| body_text(api, &r.body))
            .unwrap_or_else(|| "`()`".into());
        let _ = writeln!(
            md,
            "{body}{}",
            if body == "`()`" {
                " (the server answers without a body)"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(md);
    let binary = match op.success.as_slice() {
        [only] if !op.success_is_enum() => match &only.body {
            RespBody::Bytes { content_type } => Some(content_type),
            _ => None,
        },
        _ => None,
    };
    if let Some(content_type) = binary {
        let _ = writeln!(
            md,
            "A large body (`{content_type}`) can be read as it arrives, never whole in memory \
             and without the response body limit: `.stream()` gives a `StreamedResponse` (status, \
             headers, the body as a stream of bytes or an `AsyncRead`); see \
             \"Streamed bodies\" below.\n"
        );
        let _ = writeln!(
            md,
            "{}",
            snippet::streamed(api, op, feature, krate).render()
        );
    }

    // Errors.
    let _ = writeln!(md, "### Errors\n");
    let _ = writeln!(
        md,
        "| Error Type | Status Code | Content Type |\n| --- | --- | --- |"
    );
    for r in &op.errors {
        let ct = match &r.body {
            RespBody::None => "-".to_owned(),
            RespBody::Json(_) => "application/json".to_owned(),
            RespBody::Text { content_type } | RespBody::Bytes { content_type } => {
                content_type.clone()
            }
        };
        let payload = match r.body.ty() {
            Some(t) => format!("(`{}`)", ty_display(api, &t)),
            None => String::new(),
        };
        let _ = writeln!(
            md,
            "| `Error::Api {{ error: {}::{}{}, .. }}` | {} | {} |",
            op.error_type,
            r.variant,
            payload,
            status_text(r.status),
            ct
        );
    }
    let _ = writeln!(
        md,
        "| `Error::Api {{ error: {}::Unexpected(RawResponse), .. }}` | any other status | \\*/\\* |",
        op.error_type
    );
    let _ = writeln!(
        md,
        "| `Error::Transport`, `Error::Timeout`, `Error::Decode`, `Error::Redirect`, `Error::BodyTooLarge`, `Error::InvalidRequest` | - | - |\n"
    );
}

/// How a user checks the examples against a mock server of the document.
fn conformance(md: &mut String) {
    let _ = writeln!(
        md,
        "## Checking the examples against the document\n\n\
         Each example above sends, for every required parameter and body field, the document's own \
         example, default or first enum value, or else a value made to meet its schema (format, \
         pattern, bounds, lengths); a comment says where no valid value can be known. To run them \
         against a mock server of the document, give the example's client the mock's URL: with \
         [Stoplight Prism](https://github.com/stoplightio/prism), `npx @stoplight/prism-cli mock \
         --errors openapi.yaml` serves on `http://127.0.0.1:4010`, refuses (422) a request the \
         document does not allow and answers with the document's examples, which the client must \
         decode. The generator's repository runs every example this way: `cargo xtask conform \
         --spec openapi.yaml` reports, per operation, accepted, refused (with Prism's violations) \
         or not decodable (with the field's path).\n"
    );
}

/// An item of `operations` named in the text: a link to it, except behind a tag feature
/// (the README is the crate's rustdoc, and a link to an item a feature left out would be a
/// broken link in a build without that feature).
fn operations_item(name: &str, feature: Option<&str>) -> String {
    match feature {
        None => format!("[`{name}`](crate::operations::{name})"),
        Some(_) => format!("`operations::{name}`"),
    }
}

fn status_text(m: StatusMatch) -> String {
    match m {
        StatusMatch::Code(c) => match reason_phrase(c) {
            Some(p) => format!("{c} {p}"),
            None => c.to_string(),
        },
        StatusMatch::Range(n) => format!("{n}XX"),
        StatusMatch::Default => "default".into(),
    }
}

fn body_text(api: &Api, b: &RespBody) -> String {
    match b {
        RespBody::None => "`()`".into(),
        RespBody::Json(t) => format!("`{}`", ty_display(api, t)),
        RespBody::Text { content_type } => format!("`String` ({content_type})"),
        RespBody::Bytes { content_type } => format!("`bytes::Bytes` ({content_type})"),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}
