//! `src/operations/`: per operation a request struct (with its `Operation` impl), a success
//! type, an error enum, and the method on `Client`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Uses, doc_text, docs, ident, lit_str, ty, ty_display};
use crate::http::reason_phrase;
use crate::model::*;

pub(super) fn emit_mod(api: &Api) -> TokenStream {
    let mods = api.modules.iter().map(|m| {
        let n = ident(&m.rust);
        let d = doc_text(
            &m.doc
                .clone()
                .unwrap_or_else(|| format!("Operations tagged `{}`.", m.tag)),
        );
        quote! {
            #d
            pub mod #n;
            #[doc(inline)]
            pub use #n::*;
        }
    });
    quote! {
        //! Operations, one module per tag. Every item is also re-exported here.
        #(#mods)*
    }
}

/// The head of a module's file (docs and `use` lists); its items are [`operation`]s.
pub(super) fn module_head(api: &Api, m: &Module, uses: &Uses) -> TokenStream {
    let imports = uses.use_items(api, false);
    let module_doc = m
        .doc
        .clone()
        .unwrap_or_else(|| format!("Operations tagged `{}`.", m.tag));
    let lines = crate::docs::doc_lines(&module_doc);
    quote! {
        #(#![doc = #lines])*
        #imports
    }
}

/// One operation's items: request struct, `Operation` impl, response and error types, and
/// the methods on the clients.
pub(super) fn operation(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let req = ident(&op.request_type);
    let err = ident(&op.error_type);
    let method_name = ident(&op.method_name);
    let client = uses.rt("Client");
    let call = uses.rt("Call");

    // ---- request struct
    let mut fields = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    let mut setters = Vec::new();
    let mut required: Vec<(String, Ty)> = Vec::new();
    let mut all_default = true;
    for p in &op.params {
        let n = ident(&p.rust);
        let mut d = p.doc.clone();
        let location = match p.location {
            ParamIn::Path => "Path",
            ParamIn::Query => "Query",
            ParamIn::Header => "Header",
            ParamIn::Cookie => "Cookie",
        };
        let mut note = format!("{location} parameter `{}`.", p.wire);
        if let Some(g) = p.global {
            note.push_str(&format!(
                " When `None`, the client-wide default set with [`ClientBuilder::{}`](crate::ClientBuilder::{}) is sent.",
                api.globals[g].rust, api.globals[g].rust
            ));
        }
        if let Some(ex) = &p.example {
            if !ex.contains('`') && !ex.contains('\n') {
                note.push_str(&format!(" Example: `{ex}`."));
            }
        }
        d.notes.insert(0, note);
        let fd = docs(&d, "");
        let is_required = p.required && p.global.is_none();
        push_field(
            api,
            uses,
            &n,
            &p.ty,
            is_required,
            fd,
            &mut fields,
            &mut new_args,
            &mut new_inits,
            &mut setters,
            &p.rust,
        );
        if is_required {
            all_default = false;
            required.push((p.rust.clone(), p.ty.clone()));
        }
    }
    if let Some(b) = &op.body {
        let n = ident(&b.rust);
        let bty = b.ty();
        let mut d = b.doc.clone();
        d.notes
            .insert(0, format!("Request body (`{}`).", b.content_type));
        let fd = docs(&d, "");
        push_field(
            api,
            uses,
            &n,
            &bty,
            b.required,
            fd,
            &mut fields,
            &mut new_args,
            &mut new_inits,
            &mut setters,
            &b.rust,
        );
        if b.required {
            all_default = false;
            required.push((b.rust.clone(), bty));
        }
    }
    let default_derive = if all_default {
        quote! { Default, }
    } else {
        quote! {}
    };
    let summary = op
        .summary
        .clone()
        .or_else(|| op.description.clone())
        .unwrap_or_else(|| op.id.clone());
    let first_line = summary.lines().next().unwrap_or_default().to_owned();
    let req_doc = doc_text(&format!(
        "Parameters of [`Client::{}`](crate::Client::{}): {}\n\nBuild it with [`{}::new`] and the setters; it is `#[non_exhaustive]` so that new optional parameters are not breaking changes.",
        op.method_name, op.method_name, first_line, op.request_type
    ));
    let from_impl = if required.len() == 1 {
        let (_, t) = &required[0];
        let tt = ty(api, t, uses);
        Some(quote! {
            impl From<#tt> for #req {
                fn from(value: #tt) -> Self {
                    Self::new(value)
                }
            }
        })
    } else {
        None
    };
    // The constructor takes every required parameter, however many the operation has.
    let many_args = if required.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        quote! {}
    };
    let new_doc = doc_text(if required.is_empty() {
        "A request with no parameters set."
    } else {
        "A request with the required parameters; optional ones are set with the methods below."
    });

    // ---- Operation impl
    let operation_trait = uses.rt("Operation");
    let operation_info = uses.rt("OperationInfo");
    let request_parts = uses.rt("RequestParts");
    let invalid = uses.rt("InvalidRequest");
    let raw = uses.rt("RawResponse");
    let decode_error = uses.rt("DecodeError");
    let build_body = build_fn(api, op, uses);
    let (output_ty, success_def) = success_type(api, op, uses);
    let error_def = error_type(api, op, uses);
    let decode_body = decode_fn(op);
    let info = op_info(api, op, uses);
    let _ = (
        &operation_info,
        &request_parts,
        &invalid,
        &raw,
        &decode_error,
    );

    // ---- client method
    let mut mdoc = String::new();
    if let Some(s) = &op.summary {
        mdoc.push_str(s);
    }
    if let Some(d) = &op.description {
        if op.summary.as_deref() != Some(d.as_str()) {
            if !mdoc.is_empty() {
                mdoc.push_str("\n\n");
            }
            mdoc.push_str(d);
        }
    }
    if mdoc.is_empty() {
        mdoc = format!("The `{}` operation.", op.id);
    }
    let output_name = if let Some(name) = &op.response_type {
        format!("[`{name}`]")
    } else {
        match op.success.first().and_then(|s| s.body.ty()) {
            Some(t) => format!("`{}`", ty_display(api, &t)),
            None => "`()`".to_owned(),
        }
    };
    mdoc.push_str(&format!(
        "\n\n`{} {}` (operation `{}`). Resolves to {} on success; an error status is [`Error::Api`](crate::Error::Api) with a [`{}`].",
        op.http_method, op.path, op.id, output_name, op.error_type
    ));
    if op.deprecated {
        mdoc.push_str("\n\nDeprecated by the API.");
    }
    let mdoc = doc_text(&mdoc);
    let deprecated = if op.deprecated {
        quote! { #[deprecated] }
    } else {
        quote! {}
    };
    let method = if op.params.is_empty() && op.body.is_none() {
        quote! {
            #mdoc
            #deprecated
            pub fn #method_name(&self) -> #call<#req> {
                self.call(#req::new())
            }
        }
    } else {
        quote! {
            #mdoc
            #deprecated
            pub fn #method_name(&self, request: impl Into<#req>) -> #call<#req> {
                self.call(request.into())
            }
        }
    };
    let bdoc = doc_text(&format!(
        "Blocking form of [`Client::{0}`](crate::Client::{0}).",
        op.method_name
    ));
    let blocking_method = if op.params.is_empty() && op.body.is_none() {
        quote! {
            #bdoc
            #deprecated
            pub fn #method_name(&self) -> crate::blocking::Call<#req> {
                self.call(#req::new())
            }
        }
    } else {
        quote! {
            #bdoc
            #deprecated
            pub fn #method_name(&self, request: impl Into<#req>) -> crate::blocking::Call<#req> {
                self.call(request.into())
            }
        }
    };

    quote! {
        #req_doc
        #[derive(Debug, Clone, PartialEq, #default_derive)]
        #[non_exhaustive]
        pub struct #req {
            #(#fields)*
        }

        impl #req {
            #new_doc
            #many_args
            pub fn new(#(#new_args),*) -> Self {
                Self { #(#new_inits),* }
            }
            #(#setters)*
        }

        #from_impl

        impl #operation_trait for #req {
            type Output = #output_ty;
            type Error = #err;
            const INFO: #operation_info = #info;

            fn build(&self, parts: &mut #request_parts) -> Result<(), #invalid> {
                #build_body
            }

            fn decode(response: #raw) -> Result<Result<Self::Output, Self::Error>, #decode_error> {
                #decode_body
            }
        }

        #success_def
        #error_def

        impl #client {
            #method
        }

        #[cfg(feature = "blocking")]
        impl crate::blocking::Client {
            #blocking_method
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_field(
    api: &Api,
    uses: &mut Uses,
    n: &proc_macro2::Ident,
    t: &Ty,
    required: bool,
    doc: TokenStream,
    fields: &mut Vec<TokenStream>,
    new_args: &mut Vec<TokenStream>,
    new_inits: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
    rust: &str,
) {
    let tt = ty(api, t, uses);
    if required {
        fields.push(quote! { #doc pub #n: #tt, });
        new_args.push(quote! { #n: impl Into<#tt> });
        new_inits.push(quote! { #n: #n.into() });
        let sd = doc_text(&format!("Replaces [`{rust}`](Self::{rust})."));
        setters.push(quote! {
            #sd
            #[must_use]
            pub fn #n(mut self, value: impl Into<#tt>) -> Self {
                self.#n = value.into();
                self
            }
        });
    } else {
        fields.push(quote! { #doc pub #n: Option<#tt>, });
        new_inits.push(quote! { #n: None });
        let sd = doc_text(&format!("Sets [`{rust}`](Self::{rust})."));
        setters.push(quote! {
            #sd
            #[must_use]
            pub fn #n(mut self, value: impl Into<#tt>) -> Self {
                self.#n = Some(value.into());
                self
            }
        });
    }
}

/// How a parameter value becomes a string on the wire (path and header parameters), borrowed
/// where it already is one.
fn to_str_expr(api: &Api, t: &Ty, v: TokenStream) -> TokenStream {
    match t {
        Ty::String => quote! { #v.as_str() },
        Ty::Named(id) => match &api.types[id.0].kind {
            TypeKind::StringEnum(_) => quote! { #v.as_str() },
            TypeKind::Alias(inner) => to_str_expr(api, inner, v),
            _ => {
                let owned = super::to_string_expr(api, t, v);
                quote! { #owned.as_str() }
            }
        },
        _ => {
            let owned = super::to_string_expr(api, t, v);
            quote! { #owned.as_str() }
        }
    }
}

fn build_fn(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let mut stmts = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(s) => {
                let s = lit_str(s);
                stmts.push(quote! { parts.path_literal(#s); });
            }
            PathPart::Param(i) => {
                let p = &op.params[*i];
                let n = ident(&p.rust);
                let w = lit_str(&p.wire);
                let value = to_str_expr(api, &p.ty, quote! { self.#n });
                stmts.push(quote! { parts.path_param(#w, #value)?; });
            }
        }
    }
    for QueryPair { name, value } in &op.fixed_query {
        let (name, value) = (lit_str(name), lit_str(value));
        stmts.push(quote! { parts.query(#name, #value); });
    }
    // Headers with a client-wide default: one table, set after the other parameters (the
    // order of distinct headers does not matter).
    let (mut global_lets, mut globals) = (Vec::new(), Vec::new());
    for p in &op.params {
        let n = ident(&p.rust);
        let w = lit_str(&p.wire);
        let required = p.required && p.global.is_none();
        match p.location {
            ParamIn::Path => {}
            ParamIn::Query => {
                let style = uses.rt("QueryStyle");
                let style = match p.style {
                    QueryStyle::Form { explode } => quote! { #style::Form { explode: #explode } },
                    QueryStyle::SpaceDelimited => quote! { #style::SpaceDelimited },
                    QueryStyle::PipeDelimited => quote! { #style::PipeDelimited },
                    QueryStyle::DeepObject => quote! { #style::DeepObject },
                };
                if required {
                    stmts.push(quote! { parts.query_styled(#w, &self.#n, #style)?; });
                } else {
                    stmts.push(quote! {
                        if let Some(value) = &self.#n {
                            parts.query_styled(#w, value, #style)?;
                        }
                    });
                }
            }
            ParamIn::Header | ParamIn::Cookie => {
                let emit_one = |value: TokenStream| -> TokenStream {
                    if p.location == ParamIn::Cookie {
                        let pair = lit_str(&format!(
                            "{}={{}}",
                            p.wire.replace('{', "{{").replace('}', "}}")
                        ));
                        quote! { parts.header("Cookie", &format!(#pair, #value))?; }
                    } else {
                        quote! { parts.header(#w, #value)?; }
                    }
                };
                if p.global.is_some() {
                    let g_required = p.required;
                    let value = to_str_expr(api, &p.ty, quote! { value });
                    let owned = !matches!(&p.ty, Ty::String)
                        && !matches!(&p.ty, Ty::Named(id) if matches!(api.types[id.0].kind, TypeKind::StringEnum(_)));
                    let conv = if owned {
                        // Numbers etc.: formatted first, then borrowed.
                        let text = super::to_string_expr(api, &p.ty, quote! { value });
                        global_lets.push(quote! { let #n = self.#n.as_ref().map(|value| #text); });
                        quote! { #n.as_deref() }
                    } else if matches!(&p.ty, Ty::String) {
                        quote! { self.#n.as_deref() }
                    } else {
                        quote! { self.#n.as_ref().map(|value| #value) }
                    };
                    globals.push(quote! { (#w, #conv, #g_required) });
                } else if required {
                    let value = to_str_expr(api, &p.ty, quote! { self.#n });
                    stmts.push(emit_one(value));
                } else {
                    let value = to_str_expr(api, &p.ty, quote! { value });
                    let one = emit_one(value);
                    stmts.push(quote! {
                        if let Some(value) = &self.#n {
                            #one
                        }
                    });
                }
            }
        }
    }
    if !globals.is_empty() {
        stmts.extend(global_lets);
        // Bound first: prettyplease would print the table inside the call's parentheses.
        stmts.push(quote! {
            let global_headers = [#(#globals),*];
            parts.global_headers(&global_headers)?;
        });
    }
    if let Some(b) = &op.body {
        let n = ident(&b.rust);
        let ct = lit_str(&b.content_type);
        // `v` is a place expression: `self.body`, or `body` (a reference) when optional.
        let call = |v: TokenStream, by_ref: bool| {
            let borrowed = if by_ref {
                quote! { #v }
            } else {
                quote! { &#v }
            };
            match &b.kind {
                BodyKind::Json(_) => quote! { parts.json_body(#borrowed)?; },
                BodyKind::Form(_) => quote! { parts.form_body(#borrowed)?; },
                BodyKind::Multipart(_) => quote! { parts.multipart_body(#borrowed)?; },
                BodyKind::Text => quote! { parts.text_body(#ct, #v.clone()); },
                BodyKind::Bytes => quote! { parts.bytes_body(#ct, #v.clone()); },
            }
        };
        if b.required {
            stmts.push(call(quote! { self.#n }, false));
        } else {
            let c = call(quote! { body }, true);
            stmts.push(quote! {
                if let Some(body) = &self.#n {
                    #c
                }
            });
        }
    }
    quote! {
        #(#stmts)*
        Ok(())
    }
}

fn op_info(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let id = lit_str(&op.id);
    let method = format_ident!("{}", op.http_method.as_str());
    let path = lit_str(&op.path);
    // `OperationInfo` is `#[non_exhaustive]`: built with its `const` constructor and
    // setters, each setter only where the operation differs from the default.
    let accept = op.accept.as_deref().map(|a| {
        let a = lit_str(a);
        quote! { .with_accept(#a) }
    });
    // Imported only when used (the `SECURITY` const names the one, a requirement the
    // other); another operation of the module may need them anyway.
    let req = if op.security.is_empty() {
        ident("SecurityRequirement")
    } else {
        uses.rt("SecurityRequirement")
    };
    let placement = if op.security.iter().any(|alt| !alt.is_empty()) {
        uses.rt("AuthPlacement")
    } else {
        ident("AuthPlacement")
    };
    let alts = op.security.iter().map(|alt| {
        let reqs = alt.iter().map(|i| {
            let s = &api.schemes[*i];
            let name = lit_str(&s.name);
            let p = match &s.placement {
                AuthPlacement::Header(h) => {
                    // In the canonical (lowercase) form, which the runtime uses without
                    // copying; header names are case-insensitive.
                    let h = lit_str(&h.to_ascii_lowercase());
                    quote! { #placement::Header(#h) }
                }
                AuthPlacement::Query(h) => {
                    let h = lit_str(h);
                    quote! { #placement::Query(#h) }
                }
                AuthPlacement::Cookie(h) => {
                    let h = lit_str(h);
                    quote! { #placement::Cookie(#h) }
                }
                AuthPlacement::Bearer => quote! { #placement::Bearer },
                AuthPlacement::Basic => quote! { #placement::Basic },
            };
            quote! { #req::new(#name, #p) }
        });
        quote! { &[#(#reqs),*] }
    });
    // The requirements as a `const` of their own, and the chain in a block: prettyplease
    // prints nested slices inside a call, or a chain whose head does not fit on the item's
    // line, with every element on a line of its own.
    let security_const =
        (!op.security.is_empty()).then(|| quote! { const SECURITY: &[&[#req]] = &[#(#alts),*]; });
    let security = (!op.security.is_empty()).then(|| quote! { .with_security(SECURITY) });
    let servers: Vec<Literal> = op.servers.iter().map(|s| lit_str(s)).collect();
    let servers = (!servers.is_empty()).then(|| quote! { .with_servers(&[#(#servers),*]) });
    let redirects: Vec<Literal> = op
        .success
        .iter()
        .chain(&op.errors)
        .filter_map(|r| match r.status {
            StatusMatch::Code(c) if (300..400).contains(&c) => Some(Literal::u16_unsuffixed(c)),
            _ => None,
        })
        .collect();
    let redirects =
        (!redirects.is_empty()).then(|| quote! { .with_documented_redirects(&[#(#redirects),*]) });
    let info = uses.rt("OperationInfo");
    quote! {
        {
            #security_const
            #info::new(#id, reqwest::Method::#method, #path)
                #accept
                #security
                #servers
                #redirects
        }
    }
}

fn status_doc(r: &Resp) -> String {
    let status = match r.status {
        StatusMatch::Code(c) => match reason_phrase(c) {
            Some(p) => format!("`{c} {p}`"),
            None => format!("`{c}`"),
        },
        StatusMatch::Range(n) => format!("`{n}XX`"),
        StatusMatch::Default => "Any other status (`default`)".to_owned(),
    };
    match &r.description {
        Some(d) => format!("{status}: {d}"),
        None => status,
    }
}

/// Whether a response's variant needs to carry the status (ranges and `default`).
fn carries_status(r: &Resp) -> bool {
    !matches!(r.status, StatusMatch::Code(_))
}

fn success_type(api: &Api, op: &Operation, uses: &mut Uses) -> (TokenStream, TokenStream) {
    let Some(name) = &op.response_type else {
        let t = op
            .success
            .first()
            .and_then(|s| s.body.ty())
            .unwrap_or(Ty::Unit);
        return (ty(api, &t, uses), quote! {});
    };
    let name = ident(name);
    let variants = op.success.iter().map(|r| {
        let v = ident(&r.variant);
        let d = doc_text(&status_doc(r));
        let status_code = quote! { reqwest::StatusCode };
        match (r.body.ty(), carries_status(r)) {
            (Some(t), false) => {
                let t = ty(api, &t, uses);
                quote! { #d #v(#t), }
            }
            (None, false) => quote! { #d #v, },
            (Some(t), true) => {
                let t = ty(api, &t, uses);
                quote! { #d #v { /// The status the server answered with.
                status: #status_code, /// The decoded body.
                body: #t }, }
            }
            (None, true) => quote! { #d #v { /// The status the server answered with.
            status: #status_code }, },
        }
    });
    let doc = doc_text(&format!(
        "The documented successful outcomes of [`Client::{}`](crate::Client::{}), one variant per status.",
        op.method_name, op.method_name
    ));
    (
        quote! { #name },
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants)*
            }
        },
    )
}

fn error_type(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let name = ident(&op.error_type);
    let raw = uses.rt("RawResponse");
    let mut variants = Vec::new();
    let mut display_arms = Vec::new();
    let mut status_arms = Vec::new();
    for r in &op.errors {
        let v = ident(&r.variant);
        let d = doc_text(&status_doc(r));
        let message = match (&r.status, &r.description) {
            (StatusMatch::Code(c), desc) => {
                let mut m = match reason_phrase(*c) {
                    Some(reason) => format!("{c} {reason}"),
                    None => c.to_string(),
                };
                if let Some(desc) = desc {
                    m.push_str(": ");
                    m.push_str(&first_line(desc));
                }
                m
            }
            (_, Some(desc)) => first_line(desc),
            (_, None) => r.variant.clone(),
        };
        let text = lit_str(&message);
        // `{status}: message` as a format string (braces in the message escaped).
        let with_status = lit_str(&format!(
            "{{status}}: {}",
            message.replace('{', "{{").replace('}', "}}")
        ));
        match (r.body.ty(), carries_status(r)) {
            (Some(t), false) => {
                let t = ty(api, &t, uses);
                variants.push(quote! { #d #v(#t), });
                display_arms.push(quote! { Self::#v(_) => f.write_str(#text), });
            }
            (None, false) => {
                variants.push(quote! { #d #v, });
                display_arms.push(quote! { Self::#v => f.write_str(#text), });
            }
            (Some(t), true) => {
                let t = ty(api, &t, uses);
                variants.push(quote! { #d #v {
                    /// The status the server answered with.
                    status: reqwest::StatusCode,
                    /// The decoded body.
                    body: #t,
                }, });
                display_arms.push(quote! { Self::#v { status, .. } => write!(f, #with_status), });
            }
            (None, true) => {
                variants.push(quote! { #d #v {
                    /// The status the server answered with.
                    status: reqwest::StatusCode,
                }, });
                display_arms.push(quote! { Self::#v { status } => write!(f, #with_status), });
            }
        }
        status_arms.push(match r.status {
            StatusMatch::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                if r.body.ty().is_some() {
                    quote! { Self::#v(_) => crate::runtime::__private::status(#c), }
                } else {
                    quote! { Self::#v => crate::runtime::__private::status(#c), }
                }
            }
            _ => quote! { Self::#v { status, .. } => *status, },
        });
    }
    let doc = doc_text(&format!(
        "Error statuses of [`Client::{}`](crate::Client::{}): one variant per documented status, and [`Self::Unexpected`] for any other.",
        op.method_name, op.method_name
    ));
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A status the API document does not list for this operation; keeps the status,
            /// headers and raw body.
            Unexpected(#raw),
        }

        impl #name {
            /// The HTTP status the server answered with.
            pub fn status(&self) -> reqwest::StatusCode {
                match self {
                    #(#status_arms)*
                    Self::Unexpected(response) => response.status(),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::Unexpected(response) => std::fmt::Display::fmt(response, f),
                }
            }
        }

        impl std::error::Error for #name {}
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().to_owned()
}

fn decode_fn(op: &Operation) -> TokenStream {
    let err = ident(&op.error_type);
    let enum_name = op.response_type.as_deref().map(ident);
    let body_expr = |r: &Resp| -> Option<TokenStream> {
        match &r.body {
            RespBody::None => None,
            RespBody::Json(_) => Some(quote! { response.json()? }),
            RespBody::Text { .. } => Some(quote! { response.into_text()? }),
            RespBody::Bytes { .. } => Some(quote! { response.into_bytes() }),
        }
    };
    // Exact codes are matched first and ranges exclude them, so the arms never overlap.
    let exact: Vec<u16> = op
        .success
        .iter()
        .chain(&op.errors)
        .filter_map(|r| match r.status {
            StatusMatch::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    let mut all: Vec<(bool, &Resp)> = op
        .success
        .iter()
        .map(|r| (true, r))
        .chain(op.errors.iter().map(|r| (false, r)))
        .collect();
    all.sort_by_key(|(ok, r)| (r.status, !*ok));
    let mut arms = Vec::new();
    let mut has_default_arm = false;
    let mut uses_status = false;
    for (ok, r) in all {
        let pat = match r.status {
            StatusMatch::Code(c) => {
                let c = Literal::u16_unsuffixed(c);
                quote! { #c }
            }
            // `default` as success covers the 2xx statuses (no other 2xx is documented).
            StatusMatch::Default if ok => range_pattern(200, 299, &exact),
            StatusMatch::Default => {
                has_default_arm = true;
                quote! { _ }
            }
            StatusMatch::Range(n) => range_pattern(n * 100, n * 100 + 99, &exact),
        };
        if pat.is_empty() {
            // Every code of the range is listed on its own: the range never matches.
            continue;
        }
        let v = ident(&r.variant);
        let carries = carries_status(r);
        uses_status |= carries && (!ok || op.success_is_enum());
        let value = match (body_expr(r), carries) {
            (Some(b), false) => quote! { (#b) },
            (None, false) => quote! {},
            (Some(b), true) => quote! { { status, body: #b } },
            (None, true) => quote! { { status } },
        };
        let expr = if ok {
            if let Some(enum_name) = &enum_name {
                quote! { Ok(#enum_name::#v #value) }
            } else {
                match body_expr(r) {
                    Some(b) => quote! { Ok(#b) },
                    None => quote! { Ok(()) },
                }
            }
        } else {
            quote! { Err(#err::#v #value) }
        };
        arms.push(quote! { #pat => #expr, });
    }
    if !has_default_arm {
        arms.push(quote! { _ => Err(#err::Unexpected(response)), });
    }
    let status_binding = if uses_status {
        quote! { let status = response.status(); }
    } else {
        quote! {}
    };
    // Bound before `Ok(..)`: prettyplease would print `Ok(match ..)` with the whole `match`
    // indented inside the call's parentheses.
    quote! {
        #status_binding
        let outcome = match response.status().as_u16() {
            #(#arms)*
        };
        Ok(outcome)
    }
}

/// `lo..=hi` without the codes in `exact`, as an or-pattern of the gaps (`400..=403 |
/// 405..=499`); empty when nothing is left.
fn range_pattern(lo: u16, hi: u16, exact: &[u16]) -> TokenStream {
    let mut pieces = Vec::new();
    let mut start = lo;
    let mut excluded: Vec<u16> = exact
        .iter()
        .copied()
        .filter(|c| (lo..=hi).contains(c))
        .collect();
    excluded.sort_unstable();
    excluded.dedup();
    for c in excluded.into_iter().chain([hi + 1]) {
        if c > start {
            let a = Literal::u16_unsuffixed(start);
            let b = Literal::u16_unsuffixed(c - 1);
            pieces.push(if start == c - 1 {
                quote! { #a }
            } else {
                quote! { #a..=#b }
            });
        }
        start = c + 1;
    }
    quote! { #(#pieces)|* }
}
