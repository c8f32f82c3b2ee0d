//! What an operation answers: the success type and `decode` (status matching: exact codes,
//! then ranges, then `default`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::{Uses, doc_text, ident, ty};
use crate::http::reason_phrase;
use crate::model::*;

pub(super) fn status_doc(r: &Resp) -> String {
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
pub(super) fn carries_status(r: &Resp) -> bool {
    !matches!(r.status, StatusMatch::Code(_))
}

pub(super) fn success_type(
    api: &Api,
    op: &Operation,
    uses: &mut Uses,
) -> (TokenStream, TokenStream) {
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

/// The body of `decode` (`lenient`: JSON read with lenient scalars, `Config::lenient_scalars`).
pub(super) fn decode_fn(op: &Operation, lenient: bool) -> TokenStream {
    let err = ident(&op.error_type);
    let enum_name = op.response_type.as_deref().map(ident);
    let body_expr = |r: &Resp| -> Option<TokenStream> {
        match &r.body {
            RespBody::None => None,
            RespBody::Json(_) if lenient => Some(quote! { response.json_lenient()? }),
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
pub(super) fn range_pattern(lo: u16, hi: u16, exact: &[u16]) -> TokenStream {
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
