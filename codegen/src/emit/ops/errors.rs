//! An operation's error enum: a variant per documented error status and `Unexpected`, its
//! `describe` (status and message per variant) and the runtime's `api_error!`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::consts::ModuleConsts;
use super::responses::{carries_status, status_doc};
use crate::emit::{Uses, doc_text, ident, lit_str, ty};
use crate::http::reason_phrase;
use crate::model::*;

/// The message of a documented error status: `404 Not Found: <first line of its
/// description>` for a code; the description (or the variant's name) for a range or
/// `default`, whose message follows the status the server sent.
pub(super) fn error_message(r: &Resp) -> String {
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
pub(super) fn status_const(code: u16, uses: &mut Uses) -> TokenStream {
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
pub(super) const STATUS_CONSTANTS: &[(u16, &str)] = &[
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
pub(super) fn error_type(
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
pub(super) fn status_code(r: &Resp) -> u16 {
    match r.status {
        StatusMatch::Code(c) => c,
        _ => 0,
    }
}

pub(super) fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().to_owned()
}
