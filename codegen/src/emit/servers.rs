//! `src/servers.rs`: the document's servers as typed values, and base-URL selection.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_text, ident, lit_str};
use crate::model::{Api, Server, VariableEnum};

pub(super) fn emit(api: &Api) -> TokenStream {
    if api.servers.is_empty() {
        return quote! {
            //! The API document lists no servers: set one with [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
        };
    }
    let mut items = Vec::new();
    for s in &api.servers {
        items.push(server_struct(s));
    }
    let variants = api.servers.iter().map(|s| {
        let v = ident(&s.variant);
        let t = ident(&s.rust);
        let d = doc_text(&format!(
            "{} (`{}`).",
            s.description.clone().unwrap_or_else(|| s.variant.clone()),
            s.url
        ));
        quote! { #d #v(#t), }
    });
    let url_arms = api.servers.iter().map(|s| {
        let v = ident(&s.variant);
        quote! { Self::#v(server) => server.url(), }
    });
    let froms = api.servers.iter().map(|s| {
        let v = ident(&s.variant);
        let t = ident(&s.rust);
        quote! {
            impl From<#t> for Server {
                fn from(server: #t) -> Self {
                    Self::#v(server)
                }
            }
        }
    });
    // `Call::server` (a runtime method) takes any of them.
    let server_urls = std::iter::once(ident("Server"))
        .chain(api.servers.iter().map(|s| ident(&s.rust)))
        .map(|t| {
            quote! {
                impl crate::ServerUrl for #t {
                    fn server_url(&self) -> String {
                        self.url()
                    }
                }
            }
        });
    let first = ident(&api.servers[0].variant);
    let default_url = lit_str(&default_url(&api.servers[0]));
    quote! {
        //! The servers listed by the API document, with typed variables and the document's
        //! defaults. Choose one with [`ClientBuilder::server`](crate::ClientBuilder::server) or per
        //! call with [`Call::server`](crate::Call::server); any URL works with `base_url`.

        /// One of the servers of the API document.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// The URL with every variable substituted.
            pub fn url(&self) -> String {
                match self {
                    #(#url_arms)*
                }
            }
        }

        impl Default for Server {
            /// The document's first server, with its default variables.
            fn default() -> Self {
                Self::#first(Default::default())
            }
        }

        #(#froms)*

        /// The URL of the default server (the document's first, with default variables).
        pub const DEFAULT_BASE_URL: &str = #default_url;

        impl crate::ClientBuilder {
            /// Uses one of the document's servers as the base URL.
            pub fn server(self, server: impl Into<Server>) -> Self {
                self.base_url(server.into().url())
            }
        }

        #(#server_urls)*

        #(#items)*
    }
}

fn default_url(s: &Server) -> String {
    let mut url = s.url.clone();
    for v in &s.variables {
        url = url.replace(&format!("{{{}}}", v.wire), &v.default);
    }
    url
}

fn server_struct(s: &Server) -> TokenStream {
    let name = ident(&s.rust);
    let doc = doc_text(&format!(
        "{}: `{}`.\n\n`Default` gives the document's default for every variable.",
        s.description.clone().unwrap_or_else(|| s.variant.clone()),
        s.url
    ));
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut setters = Vec::new();
    let mut enums = Vec::new();
    for v in &s.variables {
        let n = ident(&v.rust);
        let mut text = v
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{}` variable.", v.wire));
        text.push_str(&format!("\n\nDefault: `{}`.", v.default));
        let d = doc_text(&text);
        let default = lit_str(&v.default);
        let sd = doc_text(&format!("Sets [`{0}`](Self::{0}).", v.rust));
        match &v.enumeration {
            Some(VariableEnum {
                rust: ename,
                variants: values,
            }) => {
                let e = ident(ename);
                fields.push(quote! { #d pub #n: #e, });
                defaults.push(quote! { #n: #e::from(#default) });
                setters.push(quote! {
                    #sd
                    #[must_use]
                    pub fn #n(mut self, value: impl Into<#e>) -> Self {
                        self.#n = value.into();
                        self
                    }
                });
                let vnames: Vec<_> = values.iter().map(|x| ident(&x.rust)).collect();
                let vals: Vec<_> = values.iter().map(|x| lit_str(&x.value)).collect();
                let edoc = doc_text(&format!(
                    "Allowed values of the `{}` server variable.",
                    v.wire
                ));
                let vdocs: Vec<_> = values
                    .iter()
                    .map(|x| lit_str(&format!(" `{}`", x.value)))
                    .collect();
                enums.push(quote! {
                    #edoc
                    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                    #[non_exhaustive]
                    pub enum #e {
                        #( #[doc = #vdocs] #vnames, )*
                        /// A value the document does not list.
                        Unknown(crate::UnknownValue),
                    }

                    impl #e {
                        /// The values the document lists.
                        pub const VALUES: &'static [&'static str] = &[#(#vals),*];

                        /// The value as substituted into the URL.
                        pub fn as_str(&self) -> &str {
                            match self {
                                #(Self::#vnames => #vals,)*
                                Self::Unknown(v) => v.as_str(),
                            }
                        }
                    }

                    impl From<&str> for #e {
                        fn from(value: &str) -> Self {
                            match value {
                                #(#vals => Self::#vnames,)*
                                other => Self::Unknown(crate::runtime::__private::unknown_value(other)),
                            }
                        }
                    }

                    crate::runtime::string_enum_impls!(#e);
                });
            }
            None => {
                fields.push(quote! { #d pub #n: String, });
                defaults.push(quote! { #n: #default.to_owned() });
                setters.push(quote! {
                    #sd
                    #[must_use]
                    pub fn #n(mut self, value: impl Into<String>) -> Self {
                        self.#n = value.into();
                        self
                    }
                });
            }
        }
    }
    // The URL template as a format string: `{name}` -> the field.
    let mut fmt = String::new();
    let mut args = Vec::new();
    let mut rest = s.url.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        fmt.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let var = &rest[start + 1..start + len];
        match s.variables.iter().find(|v| v.wire == var) {
            Some(v) => {
                fmt.push_str("{}");
                let n = ident(&v.rust);
                args.push(if v.enumeration.is_some() {
                    quote! { self.#n.as_str() }
                } else {
                    quote! { self.#n }
                });
            }
            None => fmt.push_str(
                &rest[start..start + len + 1]
                    .replace('{', "{{")
                    .replace('}', "}}"),
            ),
        }
        rest = &rest[start + len + 1..];
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let url_body = if args.is_empty() {
        let fmt = lit_str(&fmt.replace("{{", "{").replace("}}", "}"));
        quote! { #fmt.to_owned() }
    } else if fmt == "{}" {
        let arg = &args[0];
        quote! { #arg.to_string() }
    } else {
        let fmt = lit_str(&fmt);
        quote! { format!(#fmt, #(#args),*) }
    };
    // Without variables there is nothing to default: derive it.
    let (derive_default, default_impl) = if s.variables.is_empty() {
        (quote! { Default, }, quote! {})
    } else {
        (
            quote! {},
            quote! {
                impl Default for #name {
                    fn default() -> Self {
                        Self { #(#defaults),* }
                    }
                }
            },
        )
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, #derive_default)]
        pub struct #name {
            #(#fields)*
        }

        #default_impl

        impl #name {
            #(#setters)*

            /// The URL with the variables substituted.
            pub fn url(&self) -> String {
                #url_body
            }
        }

        #(#enums)*
    }
}
