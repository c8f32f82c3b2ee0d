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

/// Constants one module's operations share, made once per module: the security requirements
/// (`SECURITY`), the client-wide headers an operation declares (`CLIENT_HEADERS`) and the
/// descriptions of documented error statuses (named after their variant, `NOT_FOUND`). Each
/// distinct value is one constant, whatever number of operations use it.
#[derive(Default)]
pub(super) struct ModuleConsts {
    security: Vec<(Vec<Vec<usize>>, String)>,
    /// The table of `ClientHeaders::DECLARED`, if every operation declares the same headers.
    uniform_headers: Option<Vec<(String, bool)>>,
    headers: Vec<(Vec<(String, bool)>, String)>,
    /// `(status code, message)` of a documented error status, and the constant's name.
    errors: Vec<((u16, String), String)>,
    /// Per operation, by index: its error enum, its own or one it shares.
    error_types: Vec<ErrorType>,
}

/// The error enum of an operation: operations of a module with the same error responses
/// share one enum (the first one's), named by the others with a type alias.
#[derive(Clone)]
enum ErrorType {
    /// Its own, also used by these operations (`(method, error type)`).
    Own(Vec<(String, String)>),
    /// That of the operation with this method and error type.
    Shared(String, String),
}

impl ModuleConsts {
    pub(super) fn new(api: &Api, m: &Module) -> Self {
        let mut scope = crate::names::Scope::default();
        let mut consts = ModuleConsts {
            // The table every operation of the API declares is `ClientHeaders::DECLARED`.
            uniform_headers: uniform_headers(api),
            ..ModuleConsts::default()
        };
        // The first operation with each set of error responses, by index.
        let mut owners = std::collections::BTreeMap::new();
        for (i, op) in m.operations.iter().enumerate() {
            let owner = owners.get(op.errors.as_slice()).copied();
            owners.entry(op.errors.as_slice()).or_insert(i);
            let error_type = match owner {
                Some(o) => {
                    if let ErrorType::Own(users) = &mut consts.error_types[o] {
                        users.push((op.method_name.clone(), op.error_type.clone()));
                    }
                    let owner = &m.operations[o];
                    ErrorType::Shared(owner.method_name.clone(), owner.error_type.clone())
                }
                None => ErrorType::Own(Vec::new()),
            };
            consts.error_types.push(error_type);
            if !op.security.is_empty() && consts.security_of(op).is_none() {
                let name = claim_const(&mut scope, "SECURITY");
                consts.security.push((op.security.clone(), name));
            }
            let declared = declared_headers(api, op);
            if !declared.is_empty() && consts.headers_table(api, op).is_none() {
                let name = claim_const(&mut scope, "CLIENT_HEADERS");
                consts.headers.push((declared, name));
            }
            for r in &op.errors {
                // (A code without a named `StatusCode` constant cannot be made in a `const`
                // on every http 1.x: its description is made in `describe`.)
                let named = |c: u16| STATUS_CONSTANTS.iter().any(|(code, _)| *code == c);
                if let (StatusMatch::Code(c), message) = (r.status, error_message(r))
                    && named(c)
                {
                    let key = (c, message);
                    if !consts.errors.iter().any(|(k, _)| *k == key) {
                        let name = claim_const(&mut scope, &crate::names::screaming(&r.variant));
                        consts.errors.push((key, name));
                    }
                }
            }
        }
        consts
    }

    fn security_of(&self, op: &Operation) -> Option<&str> {
        let found = self.security.iter().find(|(s, _)| *s == op.security);
        found.map(|(_, name)| name.as_str())
    }

    /// The table of client-wide headers `op` passes to `ClientHeaders::send`.
    fn headers_table(&self, api: &Api, op: &Operation) -> Option<TokenStream> {
        let declared = declared_headers(api, op);
        if self.uniform_headers.as_ref() == Some(&declared) {
            return Some(quote! { ClientHeaders::DECLARED });
        }
        let found = self.headers.iter().find(|(h, _)| *h == declared);
        found.map(|(_, name)| {
            let name = ident(name);
            quote! { #name }
        })
    }

    fn error_of(&self, code: u16, message: &str) -> Option<&str> {
        let found = self
            .errors
            .iter()
            .find(|((c, m), _)| *c == code && m == message);
        found.map(|(_, name)| name.as_str())
    }

    /// The constants' items.
    fn items(&self, api: &Api, uses: &mut Uses) -> TokenStream {
        let mut security = Vec::new();
        for (alts, name) in &self.security {
            let name = ident(name);
            let alts = security_alternatives(api, alts, uses);
            let req = uses.rt("SecurityRequirement");
            security.push(quote! { const #name: &[&[#req]] = &[#(#alts),*]; });
        }
        let headers = self.headers.iter().map(|(declared, name)| {
            let name = ident(name);
            let pairs = declared.iter().map(|(wire, required)| {
                let wire = lit_str(wire);
                quote! { (#wire, #required) }
            });
            quote! { const #name: &[(&str, bool)] = &[#(#pairs),*]; }
        });
        let mut errors = Vec::new();
        for ((code, message), name) in &self.errors {
            let name = ident(name);
            let description = uses.rt("ErrorDescription");
            let status = status_const(*code, uses);
            let message = lit_str(message);
            errors.push(quote! {
                const #name: #description<'static> = #description::Documented(#status, #message);
            });
        }
        quote! { #(#security)* #(#headers)* #(#errors)* }
    }
}

/// `base`, or when taken `base_2`, `base_3`...
fn claim_const(scope: &mut crate::names::Scope, base: &str) -> String {
    let candidates = std::iter::once(base.to_owned()).chain((2..).map(|n| format!("{base}_{n}")));
    let name = candidates
        .into_iter()
        .find(|c| !scope.contains(c))
        .unwrap_or_else(|| base.to_owned());
    scope.claim_one(name)
}

/// The client-wide headers that every operation declaring some declares, when they all
/// declare the same ones (in the same order, equally required): the usual case, for which
/// `ClientHeaders` holds the table.
pub(super) fn uniform_headers(api: &Api) -> Option<Vec<(String, bool)>> {
    let mut sets = api
        .modules
        .iter()
        .flat_map(|m| &m.operations)
        .map(|op| declared_headers(api, op))
        .filter(|d| !d.is_empty());
    let first = sets.next()?;
    sets.all(|d| d == first).then_some(first)
}

/// The client-wide headers an operation declares, in order: `(name, required)`, each named
/// as the client-wide setting spells it (`ClientHeaders::send` finds it by that name).
fn declared_headers(api: &Api, op: &Operation) -> Vec<(String, bool)> {
    op.params
        .iter()
        .filter_map(|p| Some((api.globals[p.global?].wire.clone(), p.required)))
        .collect()
}

/// The head of a module's file: docs, `use` lists and the constants its operations share;
/// its items are [`operation`]s.
pub(super) fn module_head(
    api: &Api,
    m: &Module,
    consts: &ModuleConsts,
    uses: &Uses,
) -> TokenStream {
    let mut uses = uses.clone();
    let consts = consts.items(api, &mut uses);
    let imports = uses.use_items(api, false);
    let module_doc = m
        .doc
        .clone()
        .unwrap_or_else(|| format!("Operations tagged `{}`.", m.tag));
    let lines = crate::docs::doc_lines(&module_doc);
    quote! {
        #(#![doc = #lines])*
        #imports
        #consts
    }
}

/// One operation's items: request struct, `Operation` impl, response and error types, and
/// the methods on the clients.
pub(super) fn operation(
    api: &Api,
    (index, op): (usize, &Operation),
    consts: &ModuleConsts,
    uses: &mut Uses,
) -> TokenStream {
    let request = request_struct(api, op, uses);
    let operation_impl = operation_impl(api, op, consts, uses);
    let (_, success_def) = success_type(api, op, uses);
    let error_def = match &consts.error_types[index] {
        ErrorType::Own(also) => error_type(api, op, also, consts, uses),
        ErrorType::Shared(method, error) => {
            let doc = doc_text(&format!(
                "Error statuses of [`Client::{0}`](crate::Client::{0}): the same as those of [`Client::{1}`](crate::Client::{1}), [`{2}`].",
                op.method_name, method, error
            ));
            let (name, error) = (ident(&op.error_type), ident(error));
            quote! {
                #doc
                pub type #name = #error;
            }
        }
    };
    quote! {
        #request
        #operation_impl
        #success_def
        #error_def
    }
}

/// The request struct: a field per parameter (the client-wide headers in one `headers`
/// field), the constructor with the required ones, a setter per field, and `From` the only
/// required one.
fn request_struct(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let req = ident(&op.request_type);
    let mut fields = Vec::new();
    let mut new_args = Vec::new();
    let mut new_inits = Vec::new();
    let mut setters = Vec::new();
    let mut required: Vec<Ty> = Vec::new();
    for p in op.params.iter().filter(|p| p.global.is_none()) {
        let n = ident(&p.rust);
        let mut d = p.doc.clone();
        let location = match p.location {
            ParamIn::Path => "Path",
            ParamIn::Query => "Query",
            ParamIn::Header => "Header",
            ParamIn::Cookie => "Cookie",
        };
        let mut note = format!("{location} parameter `{}`.", p.wire);
        if let Some(ex) = &p.example {
            if !ex.contains('`') && !ex.contains('\n') {
                note.push_str(&format!(" Example: `{ex}`."));
            }
        }
        d.notes.insert(0, note);
        let field = Field {
            name: &n,
            rust: &p.rust,
            ty: &p.ty,
            required: p.required,
            doc: docs(&d, ""),
        };
        push_field(
            api,
            uses,
            field,
            &mut fields,
            &mut new_args,
            &mut new_inits,
            &mut setters,
        );
        if p.required {
            required.push(p.ty.clone());
        }
    }
    if let Some(b) = &op.body {
        let n = ident(&b.rust);
        let bty = b.ty();
        let mut d = b.doc.clone();
        d.notes
            .insert(0, format!("Request body (`{}`).", b.content_type));
        let field = Field {
            name: &n,
            rust: &b.rust,
            ty: &bty,
            required: b.required,
            doc: docs(&d, ""),
        };
        push_field(
            api,
            uses,
            field,
            &mut fields,
            &mut new_args,
            &mut new_inits,
            &mut setters,
        );
        if b.required {
            required.push(bty);
        }
    }
    let globals: Vec<&Param> = op.params.iter().filter(|p| p.global.is_some()).collect();
    if !globals.is_empty() {
        let headers = uses.rt("ClientHeaders");
        let list = globals
            .iter()
            .map(|p| {
                let mut h = format!("`{}`", p.wire);
                if p.required {
                    h.push_str(" (required: set here or on the client)");
                }
                h
            })
            .collect::<Vec<_>>()
            .join(", ");
        let d = doc_text(&format!(
            "This call's values of the client-wide headers the operation sends: {list}. Each one left `None` is the client's (see [`ClientHeaders`])."
        ));
        fields.push(quote! { #d pub headers: #headers, });
        new_inits.push(quote! { headers: #headers::default() });
        // A setter per header, unless the operation has a field of that name of its own.
        let own = globals.iter().filter_map(|p| {
            let g = &api.globals[p.global?];
            (p.rust == g.rust).then(|| {
                let n = ident(&g.rust);
                let t = ty(api, &g.ty, uses);
                quote! { #n(#t) }
            })
        });
        setters.push(quote! { crate::runtime::header_setters!(#(#own),*); });
    }
    let default_derive = if required.is_empty() {
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
    let req_doc = doc_text(&if fields.is_empty() {
        format!(
            "Parameters of [`Client::{0}`](crate::Client::{0}): {1}\n\nNone; it is `#[non_exhaustive]` so that parameters can be added without breaking changes.",
            op.method_name, first_line
        )
    } else {
        format!(
            "Parameters of [`Client::{0}`](crate::Client::{0}): {1}\n\nBuild it with [`{2}::new`] and the setters; it is `#[non_exhaustive]` so that new optional parameters are not breaking changes.",
            op.method_name, first_line, op.request_type
        )
    });
    let from_impl = match required.as_slice() {
        [only] => {
            let tt = ty(api, only, uses);
            quote! {
                impl From<#tt> for #req {
                    fn from(value: #tt) -> Self {
                        Self::new(value)
                    }
                }
            }
        }
        _ => quote! {},
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
    }
}

/// `impl Operation`: the static facts, `build` (unless the default, the path as it is, does)
/// and `decode`.
fn operation_impl(
    api: &Api,
    op: &Operation,
    consts: &ModuleConsts,
    uses: &mut Uses,
) -> TokenStream {
    let req = ident(&op.request_type);
    let err = ident(&op.error_type);
    let operation_trait = uses.rt("Operation");
    let operation_info = uses.rt("OperationInfo");
    let raw = uses.rt("RawResponse");
    let decode_result = uses.rt("DecodeResult");
    let build = build_fn(api, op, consts, uses).map(|body| {
        let request_parts = uses.rt("RequestParts");
        let invalid = uses.rt("InvalidRequest");
        quote! {
            fn build(&self, parts: &mut #request_parts) -> Result<(), #invalid> {
                #body
            }
        }
    });
    let (output_ty, _) = success_type(api, op, uses);
    let decode_body = decode_fn(op);
    let info = op_info(op, consts, uses);
    quote! {
        impl #operation_trait for #req {
            type Output = #output_ty;
            type Error = #err;
            const INFO: #operation_info = #info;

            #build

            fn decode(response: #raw) -> #decode_result<Self> {
                #decode_body
            }
        }
    }
}

/// The methods of a module's operations: one `impl Client` block with a method per
/// operation, and (as text, one operation a line) the `blocking_methods!` invocation that
/// gives `blocking::Client` the blocking form of each.
pub(super) fn client_methods(api: &Api, m: &Module, uses: &mut Uses) -> (TokenStream, String) {
    let client = uses.rt("Client");
    let methods = m.operations.iter().map(|op| client_method(api, op, uses));
    let methods: Vec<TokenStream> = methods.collect();
    let mut blocking =
        String::from("#[cfg(feature = \"blocking\")]\ncrate::runtime::blocking_methods! {\n");
    for op in &m.operations {
        let deprecated = if op.deprecated { "#[deprecated] " } else { "" };
        let request = if takes_no_input(op) { "" } else { "request" };
        blocking.push_str(&format!(
            "    {deprecated}{}({request}) -> {};\n",
            op.method_name, op.request_type
        ));
    }
    blocking.push_str("}\n");
    (quote! { impl #client { #(#methods)* } }, blocking)
}

/// Whether the operation's methods take no request (it has no parameters and no body).
fn takes_no_input(op: &Operation) -> bool {
    op.params.is_empty() && op.body.is_none()
}

/// The operation's method on `Client`.
fn client_method(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let req = ident(&op.request_type);
    let method_name = ident(&op.method_name);
    let call = uses.rt("Call");
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
    if takes_no_input(op) {
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
    }
}

/// A field of a request struct, as [`push_field`] declares it.
struct Field<'a> {
    name: &'a proc_macro2::Ident,
    /// Its name, for the setter's docs.
    rust: &'a str,
    ty: &'a Ty,
    required: bool,
    doc: TokenStream,
}

/// Declares `field`: the struct field, the constructor argument (required) or initial `None`,
/// and the setter.
fn push_field(
    api: &Api,
    uses: &mut Uses,
    field: Field<'_>,
    fields: &mut Vec<TokenStream>,
    new_args: &mut Vec<TokenStream>,
    new_inits: &mut Vec<TokenStream>,
    setters: &mut Vec<TokenStream>,
) {
    let Field {
        name: n,
        rust,
        ty: t,
        required,
        doc,
    } = field;
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

/// The body of `build`, or `None` when the trait's default (the path as it is) does the same.
fn build_fn(
    api: &Api,
    op: &Operation,
    consts: &ModuleConsts,
    uses: &mut Uses,
) -> Option<TokenStream> {
    if let ([PathPart::Literal(path)], [], [], None) = (
        op.path_parts.as_slice(),
        op.params.as_slice(),
        op.fixed_query.as_slice(),
        &op.body,
    ) {
        if *path == op.path {
            return None;
        }
    }
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
                    // Sent together, below.
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
    // Headers with a client-wide default: one table per module, sent after the other
    // parameters (the order of distinct headers does not matter).
    if let Some(table) = consts.headers_table(api, op) {
        stmts.push(quote! { self.headers.send(parts, #table)?; });
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
    Some(quote! {
        #(#stmts)*
        Ok(())
    })
}

/// The requirements of each security alternative, as `SecurityRequirement`s.
fn security_alternatives(api: &Api, alts: &[Vec<usize>], uses: &mut Uses) -> Vec<TokenStream> {
    alts.iter()
        .map(|alt| {
            let reqs = alt.iter().map(|i| {
                let s = &api.schemes[*i];
                let name = lit_str(&s.name);
                let placement = uses.rt("AuthPlacement");
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
                let req = uses.rt("SecurityRequirement");
                quote! { #req::new(#name, #p) }
            });
            quote! { &[#(#reqs),*] }
        })
        .collect()
}

/// `OperationInfo::new(..)` with a setter for each way the operation differs from the
/// default (`OperationInfo` is `#[non_exhaustive]`).
fn op_info(op: &Operation, consts: &ModuleConsts, uses: &mut Uses) -> TokenStream {
    let id = lit_str(&op.id);
    let method = format_ident!("{}", op.http_method.as_str());
    let method_type = uses.reqwest("Method");
    let path = lit_str(&op.path);
    let accept = op.accept.as_deref().map(|a| {
        let a = lit_str(a);
        quote! { .with_accept(#a) }
    });
    let security = consts.security_of(op).map(|name| {
        let name = ident(name);
        quote! { .with_security(#name) }
    });
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
    let chain = quote! {
        #info::new(#id, #method_type::#method, #path)
            #accept
            #security
            #servers
            #redirects
    };
    // When `const INFO: OperationInfo = OperationInfo::new(..)` does not fit on a line,
    // prettyplease breaks the call's arguments at a stray indentation; in a block, it breaks
    // the chain instead.
    let head = format!(
        "    const INFO: OperationInfo = OperationInfo::new({:?}, Method::{}, {:?})",
        op.id,
        op.http_method.as_str(),
        op.path
    );
    if head.len() > PRETTYPLEASE_MARGIN {
        quote! { { #chain } }
    } else {
        chain
    }
}

/// The width prettyplease fills lines to.
const PRETTYPLEASE_MARGIN: usize = 89;

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

/// The message of a documented error status: `404 Not Found: <first line of its
/// description>` for a code; the description (or the variant's name) for a range or
/// `default`, whose message follows the status the server sent.
fn error_message(r: &Resp) -> String {
    match (&r.status, &r.description) {
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
    }
}

/// `StatusCode::NOT_FOUND`, or for a code without a named constant a call that makes it.
fn status_const(code: u16, uses: &mut Uses) -> TokenStream {
    match STATUS_CONSTANTS.iter().find(|(c, _)| *c == code) {
        Some((_, name)) => {
            let status = uses.reqwest("StatusCode");
            let name = ident(name);
            quote! { #status::#name }
        }
        None => {
            let code = Literal::u16_unsuffixed(code);
            quote! { crate::runtime::__private::status(#code) }
        }
    }
}

/// The named constants of `http::StatusCode` (http 1.0, which reqwest 0.13 requires at least).
const STATUS_CONSTANTS: &[(u16, &str)] = &[
    (100, "CONTINUE"),
    (101, "SWITCHING_PROTOCOLS"),
    (102, "PROCESSING"),
    (200, "OK"),
    (201, "CREATED"),
    (202, "ACCEPTED"),
    (203, "NON_AUTHORITATIVE_INFORMATION"),
    (204, "NO_CONTENT"),
    (205, "RESET_CONTENT"),
    (206, "PARTIAL_CONTENT"),
    (207, "MULTI_STATUS"),
    (208, "ALREADY_REPORTED"),
    (226, "IM_USED"),
    (300, "MULTIPLE_CHOICES"),
    (301, "MOVED_PERMANENTLY"),
    (302, "FOUND"),
    (303, "SEE_OTHER"),
    (304, "NOT_MODIFIED"),
    (305, "USE_PROXY"),
    (307, "TEMPORARY_REDIRECT"),
    (308, "PERMANENT_REDIRECT"),
    (400, "BAD_REQUEST"),
    (401, "UNAUTHORIZED"),
    (402, "PAYMENT_REQUIRED"),
    (403, "FORBIDDEN"),
    (404, "NOT_FOUND"),
    (405, "METHOD_NOT_ALLOWED"),
    (406, "NOT_ACCEPTABLE"),
    (407, "PROXY_AUTHENTICATION_REQUIRED"),
    (408, "REQUEST_TIMEOUT"),
    (409, "CONFLICT"),
    (410, "GONE"),
    (411, "LENGTH_REQUIRED"),
    (412, "PRECONDITION_FAILED"),
    (413, "PAYLOAD_TOO_LARGE"),
    (414, "URI_TOO_LONG"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
    (416, "RANGE_NOT_SATISFIABLE"),
    (417, "EXPECTATION_FAILED"),
    (418, "IM_A_TEAPOT"),
    (421, "MISDIRECTED_REQUEST"),
    (422, "UNPROCESSABLE_ENTITY"),
    (423, "LOCKED"),
    (424, "FAILED_DEPENDENCY"),
    (426, "UPGRADE_REQUIRED"),
    (428, "PRECONDITION_REQUIRED"),
    (429, "TOO_MANY_REQUESTS"),
    (431, "REQUEST_HEADER_FIELDS_TOO_LARGE"),
    (451, "UNAVAILABLE_FOR_LEGAL_REASONS"),
    (500, "INTERNAL_SERVER_ERROR"),
    (501, "NOT_IMPLEMENTED"),
    (502, "BAD_GATEWAY"),
    (503, "SERVICE_UNAVAILABLE"),
    (504, "GATEWAY_TIMEOUT"),
    (505, "HTTP_VERSION_NOT_SUPPORTED"),
    (506, "VARIANT_ALSO_NEGOTIATES"),
    (507, "INSUFFICIENT_STORAGE"),
    (508, "LOOP_DETECTED"),
    (510, "NOT_EXTENDED"),
    (511, "NETWORK_AUTHENTICATION_REQUIRED"),
];

/// The error enum: a variant per documented error status and `Unexpected`; its `describe`
/// (the status and message of each variant, the documented ones as the module's constants),
/// from which the runtime's `api_error!` makes `status()`, `Display` and `Error`.
fn error_type(
    api: &Api,
    op: &Operation,
    also: &[(String, String)],
    consts: &ModuleConsts,
    uses: &mut Uses,
) -> TokenStream {
    let name = ident(&op.error_type);
    let raw = uses.rt("RawResponse");
    let description = uses.rt("ErrorDescription");
    let mut variants = Vec::new();
    let mut describe_arms = Vec::new();
    for r in &op.errors {
        let v = ident(&r.variant);
        let d = doc_text(&status_doc(r));
        let has_body = r.body.ty().is_some();
        if carries_status(r) {
            let body = r.body.ty().map(|t| {
                let t = ty(api, &t, uses);
                quote! {
                    /// The decoded body.
                    body: #t,
                }
            });
            let status = uses.reqwest("StatusCode");
            variants.push(quote! { #d #v {
                /// The status the server answered with.
                status: #status,
                #body
            }, });
            let message = lit_str(&error_message(r));
            describe_arms.push(
                quote! { Self::#v { status, .. } => #description::Matched(*status, #message), },
            );
        } else {
            let pattern = if has_body {
                let t = ty(api, &r.body.ty().unwrap_or(Ty::Unit), uses);
                variants.push(quote! { #d #v(#t), });
                quote! { Self::#v(_) }
            } else {
                variants.push(quote! { #d #v, });
                quote! { Self::#v }
            };
            let message = error_message(r);
            let value = match consts.error_of(status_code(r), &message) {
                Some(constant) => {
                    let constant = ident(constant);
                    quote! { #constant }
                }
                None => {
                    let status = status_const(status_code(r), uses);
                    let message = lit_str(&message);
                    quote! { #description::Documented(#status, #message) }
                }
            };
            describe_arms.push(quote! { #pattern => #value, });
        }
    }
    let methods: Vec<String> = std::iter::once(&op.method_name)
        .chain(also.iter().map(|(method, _)| method))
        .map(|m| format!("[`Client::{m}`](crate::Client::{m})"))
        .collect();
    let methods = match methods.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => methods.concat(),
    };
    let doc = doc_text(&format!(
        "Error statuses of {methods}: one variant per documented status, and [`Self::Unexpected`] for any other."
    ));
    quote! {
        #doc
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// Any status the document does not list: keeps the status, headers and raw body.
            Unexpected(#raw),
        }

        impl #name {
            fn describe(&self) -> #description<'_> {
                match self {
                    #(#describe_arms)*
                    Self::Unexpected(response) => #description::Unexpected(response),
                }
            }
        }

        crate::runtime::api_error!(#name);
    }
}

/// The code of a response matched by its code (0 for a range or `default`).
fn status_code(r: &Resp) -> u16 {
    match r.status {
        StatusMatch::Code(c) => c,
        _ => 0,
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
