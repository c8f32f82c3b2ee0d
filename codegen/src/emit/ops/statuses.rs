//! Documented statuses as generated code names them: the messages of error statuses and
//! the named constants of `StatusCode`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::{Uses, ident};
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

/// The first line of a description, trimmed.
fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().to_owned()
}
