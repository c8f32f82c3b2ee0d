//! The request struct of an operation: its fields (the client-wide headers in one
//! `headers` field), constructor, setters and `From` its only required parameter.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::{Uses, deprecated, doc_text, docs, ident, ty};
use crate::model::*;

/// The request struct: a field per parameter (the client-wide headers in one `headers`
/// field), the constructor with the required ones, a setter per field, and `From` the only
/// required one.
pub(super) fn request_struct(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let req = ident(&op.request_type);
    let mut members = Members::default();
    for p in op.params.iter().filter(|p| p.global.is_none()) {
        let location = match p.location {
            ParamIn::Path => "Path",
            ParamIn::Query => "Query",
            ParamIn::Header => "Header",
            ParamIn::Cookie => "Cookie",
        };
        let mut note = format!("{location} parameter `{}`.", p.wire);
        if let Some(ex) = &p.example {
            if !ex.contains('`') && !ex.contains('\n') {
                note.push_str(&format!(" Example: `{ex}`."));
            }
        }
        let mut d = p.doc.clone();
        d.notes.insert(0, note);
        let field = Member {
            name: ident(&p.rust),
            doc: docs(&d, ""),
            deprecated: deprecated::attr(p.doc.deprecated.as_ref()),
        };
        members.push(api, uses, field, &p.ty, p.required);
    }
    if let Some(b) = &op.body {
        let mut d = b.doc.clone();
        d.notes
            .insert(0, format!("Request body (`{}`).", b.content_type));
        let field = Member {
            name: ident(&b.rust),
            doc: docs(&d, ""),
            deprecated: quote! {},
        };
        members.push(api, uses, field, &b.ty(), b.required);
    }
    members.client_headers(api, op, uses);
    let Members {
        fields,
        new_args,
        new_inits,
        setters,
        required,
    } = members;
    let default_derive = required.is_empty().then(|| quote! { Default, });
    let req_doc = request_doc(op, fields.is_empty());
    let req_deprecated = deprecated::attr(op.deprecated.as_ref());
    let from_impl = match required.as_slice() {
        [only] => {
            let tt = ty(api, only, uses);
            // A binary body is also made from `Bytes` directly, as before it was an
            // `UploadBody`: `client.op(bytes)` keeps working.
            let from_bytes = (*only == Ty::Upload).then(|| {
                quote! {
                    impl From<crate::Bytes> for #req {
                        fn from(value: crate::Bytes) -> Self {
                            Self::new(value)
                        }
                    }
                }
            });
            quote! {
                impl From<#tt> for #req {
                    fn from(value: #tt) -> Self {
                        Self::new(value)
                    }
                }
                #from_bytes
            }
        }
        _ => quote! {},
    };
    // The constructor takes every required parameter, however many the operation has.
    let many_args = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let new_doc = doc_text(if required.is_empty() {
        "A request with no parameters set."
    } else {
        "A request with the required parameters; optional ones are set with the methods below."
    });
    quote! {
        #req_doc
        #req_deprecated
        #[derive(Debug, Clone, PartialEq, #default_derive)]
        #[non_exhaustive]
        pub struct #req {
            #(#fields)*
        }

        impl #req {
            #new_doc
            #many_args
            pub fn new(#(#new_args),*) -> Self {
                Self { #(#new_inits),* }
            }
            #(#setters)*
        }

        #from_impl
    }
}

/// The request struct's documentation.
fn request_doc(op: &Operation, no_fields: bool) -> TokenStream {
    let summary = op
        .summary
        .clone()
        .or_else(|| op.description.clone())
        .unwrap_or_else(|| op.id.clone());
    let first_line = summary.lines().next().unwrap_or_default();
    let mut deprecated = op
        .deprecated
        .as_ref()
        .map(|d| format!("\n\n{}", d.doc_line()))
        .unwrap_or_default();
    doc_text(&if no_fields {
        format!(
            "Parameters of [`Client::{0}`](crate::Client::{0}): {1}\n\nNone; it is `#[non_exhaustive]` so that parameters can be added without breaking changes.{2}",
            op.method_name,
            first_line,
            std::mem::take(&mut deprecated)
        )
    } else {
        format!(
            "Parameters of [`Client::{0}`](crate::Client::{0}): {1}\n\nBuild it with [`{2}::new`] and the setters; it is `#[non_exhaustive]` so that new optional parameters are not breaking changes.{3}",
            op.method_name, first_line, op.request_type, deprecated
        )
    })
}

/// A field of a request struct: its name, docs and `#[deprecated]` (the field's and its
/// setter's).
struct Member {
    name: Ident,
    doc: TokenStream,
    deprecated: TokenStream,
}

/// What the fields of a request struct add to it, as they are declared.
#[derive(Default)]
struct Members {
    fields: Vec<TokenStream>,
    /// The constructor's arguments (the required fields).
    new_args: Vec<TokenStream>,
    /// The constructor's field initialisers.
    new_inits: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    /// The types of the required fields, in order.
    required: Vec<Ty>,
}

impl Members {
    /// Declares a field: the struct field, the constructor argument (required) or initial
    /// `None`, and the setter.
    fn push(&mut self, api: &Api, uses: &mut Uses, field: Member, t: &Ty, required: bool) {
        let Member {
            name: n,
            doc,
            deprecated,
        } = field;
        let tt = ty(api, t, uses);
        let setter_doc = if required {
            self.fields.push(quote! { #doc #deprecated pub #n: #tt, });
            self.new_args.push(quote! { #n: impl Into<#tt> });
            self.new_inits.push(quote! { #n: #n.into() });
            self.required.push(t.clone());
            format!("Replaces [`{n}`](Self::{n}).")
        } else {
            self.fields
                .push(quote! { #doc #deprecated pub #n: Option<#tt>, });
            self.new_inits.push(quote! { #n: None });
            format!("Sets [`{n}`](Self::{n}).")
        };
        let sd = doc_text(&setter_doc);
        let value = if required {
            quote! { value.into() }
        } else {
            quote! { Some(value.into()) }
        };
        self.setters.push(quote! {
            #sd
            #deprecated
            #[must_use]
            pub fn #n(mut self, value: impl Into<#tt>) -> Self {
                self.#n = #value;
                self
            }
        });
    }

    /// The `headers` field, when the operation declares client-wide headers, with a setter
    /// per header (from the runtime's `header_setters!`).
    fn client_headers(&mut self, api: &Api, op: &Operation, uses: &mut Uses) {
        let globals: Vec<&Param> = op.params.iter().filter(|p| p.global.is_some()).collect();
        if globals.is_empty() {
            return;
        }
        let headers = uses.rt("ClientHeaders");
        let list = globals
            .iter()
            .map(|p| {
                let mut h = format!("`{}`", p.wire);
                if p.required {
                    h.push_str(" (required: set here or on the client)");
                }
                h
            })
            .collect::<Vec<_>>()
            .join(", ");
        let d = doc_text(&format!(
            "This call's values of the client-wide headers the operation sends: {list}. Each one left `None` is the client's (see [`ClientHeaders`])."
        ));
        self.fields.push(quote! { #d pub headers: #headers, });
        self.new_inits.push(quote! { headers: #headers::default() });
        // A setter per header, unless the operation has a field of that name of its own.
        let own = globals.iter().filter_map(|p| {
            let g = &api.globals[p.global?];
            (p.rust == g.rust).then(|| {
                let n = ident(&g.rust);
                let t = ty(api, &g.ty, uses);
                quote! { #n(#t) }
            })
        });
        let own: Vec<TokenStream> = own.collect();
        self.setters
            .push(quote! { crate::runtime::header_setters!(#(#own),*); });
    }
}
