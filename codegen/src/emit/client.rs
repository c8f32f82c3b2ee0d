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

pub(super) fn emit(api: &Api) -> TokenStream {
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
    let imports = uses.use_items(api, false);
    quote! {
        //! The client's spec-dependent configuration: default server and client-wide parameters.
        #imports
        #builder
        #globals
    }
}
