//! An operation's error enum: a variant per documented error status and `Unexpected`, its
//! `describe` (status and message per variant) and the runtime's `api_error!`.

use proc_macro2::TokenStream;
use quote::quote;

use super::consts::ModuleConsts;
use super::responses::{carries_status, status_doc};
use super::statuses::{error_message, status_const};
use crate::emit::{Uses, doc_text, ident, lit_str, ty};
use crate::model::*;

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
