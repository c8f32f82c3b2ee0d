//! What an operation sends: `build` (path, query, headers, body) and its `OperationInfo`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::consts::ModuleConsts;
use crate::emit::{Uses, ident, lit_str};
use crate::model::*;

/// How a parameter value becomes a string on the wire (path and header parameters), borrowed
/// where it already is one.
pub(super) fn to_str_expr(api: &Api, t: &Ty, v: TokenStream) -> TokenStream {
    match t {
        Ty::String => quote! { #v.as_str() },
        Ty::Named(id) => match &api.types[id.0].kind {
            TypeKind::StringEnum(_) => quote! { #v.as_str() },
            TypeKind::Alias(inner) => to_str_expr(api, inner, v),
            _ => {
                let owned = crate::emit::to_string_expr(api, t, v);
                quote! { #owned.as_str() }
            }
        },
        _ => {
            let owned = crate::emit::to_string_expr(api, t, v);
            quote! { #owned.as_str() }
        }
    }
}

/// The body of `build`, or `None` when the trait's default (the path as it is) does the same.
pub(super) fn build_fn(
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
    // Client-wide headers are not sent one by one: see below.
    for p in op.params.iter().filter(|p| p.global.is_none()) {
        match p.location {
            ParamIn::Path => {}
            ParamIn::Query => stmts.push(query_param(p, uses)),
            ParamIn::Header | ParamIn::Cookie => stmts.push(header_param(api, p)),
        }
    }
    // Headers with a client-wide default: one table, sent after the other parameters (the
    // order of distinct headers does not matter).
    if let Some(table) = consts.headers_table(api, op) {
        stmts.push(quote! { self.headers.send(parts, #table)?; });
    }
    if let Some(b) = &op.body {
        stmts.push(body(b));
    }
    Some(quote! {
        #(#stmts)*
        Ok(())
    })
}

/// A query parameter, in its style.
fn query_param(p: &Param, uses: &mut Uses) -> TokenStream {
    let (n, w) = (ident(&p.rust), lit_str(&p.wire));
    let style = uses.rt("QueryStyle");
    let style = match p.style {
        QueryStyle::Form { explode } => quote! { #style::Form { explode: #explode } },
        QueryStyle::SpaceDelimited => quote! { #style::SpaceDelimited },
        QueryStyle::PipeDelimited => quote! { #style::PipeDelimited },
        QueryStyle::DeepObject => quote! { #style::DeepObject },
    };
    if p.required {
        quote! { parts.query_styled(#w, &self.#n, #style)?; }
    } else {
        quote! {
            if let Some(value) = &self.#n {
                parts.query_styled(#w, value, #style)?;
            }
        }
    }
}

/// A header or cookie parameter (one without a client-wide default).
fn header_param(api: &Api, p: &Param) -> TokenStream {
    let (n, w) = (ident(&p.rust), lit_str(&p.wire));
    let send = |value: TokenStream| -> TokenStream {
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
    if p.required {
        send(to_str_expr(api, &p.ty, quote! { self.#n }))
    } else {
        let one = send(to_str_expr(api, &p.ty, quote! { value }));
        quote! {
            if let Some(value) = &self.#n {
                #one
            }
        }
    }
}

/// The request body, by its kind.
fn body(b: &Body) -> TokenStream {
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
        call(quote! { self.#n }, false)
    } else {
        let c = call(quote! { body }, true);
        quote! {
            if let Some(body) = &self.#n {
                #c
            }
        }
    }
}

/// `OperationInfo::new(..)` with a setter for each way the operation differs from the
/// default (`OperationInfo` is `#[non_exhaustive]`).
pub(super) fn op_info(op: &Operation, consts: &ModuleConsts, uses: &mut Uses) -> TokenStream {
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
pub(super) const PRETTYPLEASE_MARGIN: usize = 89;
