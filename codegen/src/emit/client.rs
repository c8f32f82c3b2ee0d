//! `src/client.rs`: the spec-dependent part of the client: its builder entry point (with the
//! document's default server) and the setters of client-wide parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Uses, doc_text, ident, lit_str, ty};
use crate::model::{Api, Ty, TypeKind};

pub(super) fn emit(api: &Api) -> TokenStream {
    let mut uses = Uses::default();
    let builder = if api.servers.is_empty() {
        quote! {
            impl Client {
                /// A builder with the defaults listed on [`ClientBuilder`]. The document lists
                /// no server, so [`ClientBuilder::base_url`] must be set.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder::default()
                }
            }
        }
    } else {
        quote! {
            impl Client {
                /// A builder with the defaults listed on [`ClientBuilder`]; the base URL defaults
                /// to [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL), the document's first server.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder::default().default_base_url(crate::DEFAULT_BASE_URL)
                }
            }
        }
    };
    uses.rt("Client");
    uses.rt("ClientBuilder");
    let setters: Vec<TokenStream> = api
        .globals
        .iter()
        .map(|g| {
            let n = ident(&g.rust);
            let wire = lit_str(&g.wire);
            let mut text = format!("Client-wide default of the `{}` header", g.wire);
            match &g.doc.text {
                Some(d) => text.push_str(&format!(": {d}")),
                None => text.push('.'),
            }
            text.push_str(
                "\n\nSent with every operation that declares this header, unless its request sets its own value.",
            );
            if let Some(ex) = &g.example {
                if !ex.contains('`') && !ex.contains('\n') {
                    text.push_str(&format!(" Example: `{ex}`."));
                }
            }
            let d = doc_text(&text);
            let (arg, conv) = match &g.ty {
                Ty::String => (quote! { impl Into<String> }, quote! { value }),
                Ty::Named(id) if matches!(api.types[id.0].kind, TypeKind::StringEnum(_)) => {
                    let t = ty(api, &g.ty, &mut uses);
                    (quote! { impl Into<#t> }, quote! { value.into().as_str() })
                }
                other => {
                    let t = ty(api, other, &mut uses);
                    (quote! { #t }, quote! { value.to_string() })
                }
            };
            quote! {
                #d
                pub fn #n(self, value: #arg) -> Self {
                    self.global_header(#wire, #conv)
                }
            }
        })
        .collect();
    let globals = if setters.is_empty() {
        quote! {}
    } else {
        quote! {
            impl ClientBuilder {
                #(#setters)*
            }
        }
    };
    let imports = uses.use_items(false);
    quote! {
        //! The client's spec-dependent configuration: default server and client-wide parameters.
        #imports
        #builder
        #globals
    }
}
