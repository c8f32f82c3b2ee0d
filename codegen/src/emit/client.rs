//! `src/client.rs`: the spec-dependent part of the client: its builder entry point (with the
//! document's default server) and the setters of client-wide parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Uses, doc_text, ident, lit_str, ty};
use crate::model::{Api, Ty, TypeKind};

/// Prefix of the environment variables `from_env` reads: the first word of the API's title
/// (`Plex Media Server` -> `PLEX`).
pub(super) fn env_prefix(api: &Api) -> String {
    let word = api
        .title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("API");
    let p = word.to_ascii_uppercase();
    if p.starts_with(|c: char| c.is_ascii_digit()) {
        format!("API{p}")
    } else {
        p
    }
}

/// `(variable, what it sets)` for every variable `from_env` reads.
pub(super) fn env_vars(api: &Api) -> Vec<(String, String)> {
    let p = env_prefix(api);
    let mut out = Vec::new();
    if !api.schemes.is_empty() {
        out.push((
            format!("{p}_TOKEN"),
            "the credential, as `token(..)`".to_owned(),
        ));
    }
    out.push((
        format!("{p}_SERVER_URL"),
        "the base URL, as `base_url(..)`".to_owned(),
    ));
    for g in api.globals.iter().filter(|g| super::is_scalar(api, &g.ty)) {
        out.push((
            format!("{p}_{}", g.rust.to_ascii_uppercase()),
            format!("the `{}` header, as `{}(..)`", g.wire, g.rust),
        ));
    }
    out
}

fn from_env(api: &Api) -> TokenStream {
    let vars = env_vars(api);
    let list: String = vars
        .iter()
        .map(|(v, what)| format!("\n- `{v}`: {what}"))
        .collect();
    let doc = doc_text(&format!(
        "A builder ([`Client::builder`]) configured from environment variables, read once, now; \
         unset or empty variables are skipped. Nothing else in this crate reads the environment.\n{list}"
    ));
    let doc_with = doc_text(
        "[`from_env`](Self::from_env) with any lookup instead of the process environment (handy in tests).",
    );
    let p = env_prefix(api);
    let mut steps = Vec::new();
    if !api.schemes.is_empty() {
        let v = lit_str(&format!("{p}_TOKEN"));
        steps.push(quote! { if let Some(v) = get(#v) { builder = builder.token(v); } });
    }
    let v = lit_str(&format!("{p}_SERVER_URL"));
    steps.push(quote! { if let Some(v) = get(#v) { builder = builder.base_url(v); } });
    // Only values with a text form can come from the environment.
    for g in api.globals.iter().filter(|g| super::is_scalar(api, &g.ty)) {
        let var = lit_str(&format!("{p}_{}", g.rust.to_ascii_uppercase()));
        let n = ident(&g.rust);
        let set = match &g.ty {
            Ty::String => quote! { builder = builder.#n(v); },
            Ty::Named(id) if matches!(api.types[id.0].kind, TypeKind::StringEnum(_)) => {
                quote! { builder = builder.#n(v.as_str()); }
            }
            _ => quote! {
                if let Ok(v) = v.parse() {
                    builder = builder.#n(v);
                }
            },
        };
        steps.push(quote! { if let Some(v) = get(#var) { #set } });
    }
    quote! {
        #doc
        pub fn from_env() -> Self {
            Self::from_env_with(|name| std::env::var(name).ok())
        }

        #doc_with
        pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Self {
            let get = |name: &str| lookup(name).filter(|v| !v.is_empty());
            let mut builder = Client::builder();
            #(#steps)*
            builder
        }
    }
}

/// `uniform_headers`: the client-wide headers every operation declares, if they all declare
/// the same (`ClientHeaders::DECLARED`).
pub(super) fn emit(api: &Api, uniform_headers: Option<&[(String, bool)]>) -> TokenStream {
    let mut uses = Uses::default();
    let builder = if api.servers.is_empty() {
        quote! {
            impl Client {
                /// A builder with the defaults listed on [`ClientBuilder`]. The document lists
                /// no server, so [`ClientBuilder::base_url`] must be set.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder::with_default_base_url(None)
                }
            }
        }
    } else {
        quote! {
            impl Client {
                /// A builder with the defaults listed on [`ClientBuilder`]; the base URL defaults
                /// to [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL), the document's first server.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder::with_default_base_url(Some(crate::DEFAULT_BASE_URL))
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
                    let text = super::to_string_expr(api, other, quote! { value });
                    (quote! { #t }, text)
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
    let from_env = from_env(api);
    let globals = quote! {
        impl ClientBuilder {
            #from_env
            #(#setters)*
        }
    };
    let headers = client_headers(api, uniform_headers, &mut uses);
    let imports = uses.use_items(api, false);
    quote! {
        //! The client's spec-dependent configuration: default server and client-wide parameters.
        #imports
        #builder
        #globals
        #headers
    }
}

/// `ClientHeaders`, when the document has client-wide headers: their values for one call,
/// the `headers` field of every request struct whose operation declares some, and the one
/// place where they are written into a request.
fn client_headers(
    api: &Api,
    uniform_headers: Option<&[(String, bool)]>,
    uses: &mut Uses,
) -> TokenStream {
    if api.globals.is_empty() {
        return quote! {};
    }
    let mut fields = Vec::new();
    let mut lets = Vec::new();
    let mut values = Vec::new();
    for g in &api.globals {
        let n = ident(&g.rust);
        let wire = lit_str(&g.wire);
        let mut text = g.doc.text.clone().unwrap_or_default();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "Header `{}`. When `None`, the client-wide default set with [`ClientBuilder::{}`] is sent.",
            g.wire, g.rust
        ));
        if let Some(ex) = &g.example {
            if !ex.contains('`') && !ex.contains('\n') {
                text.push_str(&format!(" Example: `{ex}`."));
            }
        }
        let d = doc_text(&text);
        let t = ty(api, &g.ty, uses);
        fields.push(quote! { #d pub #n: Option<#t>, });
        let value = match &g.ty {
            Ty::String => quote! { self.#n.as_deref() },
            Ty::Named(id) if matches!(api.types[id.0].kind, TypeKind::StringEnum(_)) => {
                quote! { self.#n.as_ref().map(|value| value.as_str()) }
            }
            other => {
                // Numbers etc.: formatted first, then borrowed.
                let text = super::to_string_expr(api, other, quote! { value });
                lets.push(quote! { let #n = self.#n.as_ref().map(|value| #text); });
                quote! { #n.as_deref() }
            }
        };
        values.push(quote! { (#wire, #value) });
    }
    // With tag features, `send` and `DECLARED` are compiled with the modules that use them
    // (else they would be dead code), and name the runtime's items by path (else their
    // imports would be unused).
    let (cfg, parts, invalid) = match super::features::client_header_features(api) {
        None => (
            quote! {},
            quote! { RequestParts },
            quote! { InvalidRequest },
        ),
        Some(features) => (
            if features.is_empty() {
                quote! { #[cfg(any())] }
            } else {
                super::features::cfg(&features)
            },
            quote! { crate::RequestParts },
            quote! { crate::InvalidRequest },
        ),
    };
    if cfg.is_empty() {
        uses.rt("RequestParts");
        uses.rt("InvalidRequest");
    }
    let declared = uniform_headers.map(|declared| {
        let table = super::ops::header_table(declared);
        quote! {
            /// The headers every operation with client-wide headers declares, `(name,
            /// required)`, as its `build` passes them to [`send`](Self::send).
            #cfg
            pub(crate) const DECLARED: &[(&str, bool)] = #table;
        }
    });
    quote! {
        /// This call's values of the client-wide headers (set for every call on
        /// [`ClientBuilder`]): the `headers` field of the request struct of every operation
        /// that declares some of them, each also set by the request's setter of the same name.
        /// An operation sends the headers it declares: this call's value where one is set
        /// here, else the client's.
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct ClientHeaders {
            #(#fields)*
        }

        impl ClientHeaders {
            #declared

            /// Adds the headers an operation declares (`(name, required)`), each with this
            /// call's value or the client's; a required one set on neither is an error.
            #cfg
            pub(crate) fn send(&self, parts: &mut #parts, declared: &[(&'static str, bool)]) -> Result<(), #invalid> {
                #(#lets)*
                let values = [#(#values),*];
                for &(name, required) in declared {
                    let value = values.iter().find(|(wire, _)| *wire == name).and_then(|(_, value)| *value);
                    parts.global_header(name, value, required)?;
                }
                Ok(())
            }
        }
    }
}
