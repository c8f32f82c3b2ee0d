//! `src/operations/`: per operation a request struct (with its `Operation` impl), a success
//! type and an error enum; per module the constants its operations share and the methods on
//! the clients. One file a concern:
//!
//! - [`consts`]: the constants a module's operations share, and shared error enums;
//! - [`request`]: the request struct; [`build`]: `build` and `OperationInfo`;
//! - [`responses`]: the success type and `decode`; [`errors`]: the error enum;
//!   [`statuses`]: error messages and `StatusCode` constants;
//! - [`methods`]: the methods on `Client` and `blocking::Client`.

mod build;
mod consts;
mod errors;
mod methods;
mod request;
mod responses;
mod statuses;

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) use consts::{ModuleConsts, header_table, uniform_headers};
pub(crate) use methods::client_methods;

use super::{Uses, doc_text, ident};
use crate::model::*;
use build::{build_fn, op_info};
use consts::ErrorType;
use errors::error_type;
use request::request_struct;
use responses::{decode_fn, success_type};

pub(super) fn emit_mod(api: &Api) -> TokenStream {
    let mods = api.modules.iter().map(|m| {
        let n = ident(&m.rust);
        let d = doc_text(
            &m.doc
                .clone()
                .unwrap_or_else(|| format!("Operations tagged `{}`.", m.tag)),
        );
        let cfg = crate::emit::features::cfg(m.feature.as_slice());
        quote! {
            #d
            #cfg
            pub mod #n;
            #cfg
            #[doc(inline)]
            pub use #n::*;
        }
    });
    // Every operation's decoding, type-erased, for the decoders' fuzz target and property
    // tests: a `const`, so nothing is compiled for it unless it is used.
    let decoders = api.modules.iter().flat_map(|m| {
        let (n, cfg) = (
            ident(&m.rust),
            crate::emit::features::cfg(m.feature.as_slice()),
        );
        m.operations.iter().map(move |op| {
            let req = ident(&op.request_type);
            quote! { #cfg crate::runtime::__private::Decoder::of::<#n::#req>(), }
        })
    });
    let items = quote! {
        //! Operations, one module per tag. Every item is also re-exported here.
        #(#mods)*

        /// Every operation's response decoding (`decode`), its types erased: what the
        /// decoders' fuzz target and property tests call. Not part of the public API.
        #[doc(hidden)]
        pub const DECODERS: &[crate::runtime::__private::Decoder] = &[#(#decoders)*];
    };
    crate::emit::deprecated::allow_uses(api, items)
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
    let head = quote! {
        #(#![doc = #lines])*
        #imports
        #consts
    };
    crate::emit::deprecated::allow_uses(api, head)
}

/// One operation's items: request struct, `Operation` impl, response and error types, and
/// the methods on the clients (`lenient`: responses read with lenient scalars).
pub(super) fn operation(
    api: &Api,
    (index, op): (usize, &Operation),
    consts: &ModuleConsts,
    lenient: bool,
    uses: &mut Uses,
) -> TokenStream {
    let request = request_struct(api, op, uses);
    let operation_impl = operation_impl(api, op, consts, lenient, uses);
    let (_, success_def) = success_type(api, op, uses);
    let error_def = match consts.error_type(index) {
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

/// `impl Operation`: the static facts, `build` (unless the default, the path as it is, does)
/// and `decode`.
fn operation_impl(
    api: &Api,
    op: &Operation,
    consts: &ModuleConsts,
    lenient: bool,
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
    let decode_body = decode_fn(op, lenient);
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
