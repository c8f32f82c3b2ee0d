//! The methods of a module's operations on `Client` and `blocking::Client`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{Uses, deprecated, doc_text, ident, ty_display};
use crate::model::*;

/// The methods of a module's operations: one `impl Client` block with a method per
/// operation, and (as text, one operation a line) the `blocking_methods!` invocation that
/// gives `blocking::Client` the blocking form of each.
pub(crate) fn client_methods(api: &Api, m: &Module, uses: &mut Uses) -> (TokenStream, String) {
    let client = uses.rt("Client");
    let methods = m.operations.iter().map(|op| client_method(api, op, uses));
    let methods: Vec<TokenStream> = methods.collect();
    let mut blocking =
        String::from("#[cfg(feature = \"blocking\")]\ncrate::runtime::blocking_methods! {\n");
    for op in &m.operations {
        // The blocking method names the deprecated request struct: allowed there.
        let deprecated = match &op.deprecated {
            None => String::new(),
            Some(Deprecated { note: None }) => "#[deprecated] #[allow(deprecated)] ".to_owned(),
            Some(Deprecated { note: Some(note) }) => format!(
                "#[deprecated(note = {})] #[allow(deprecated)] ",
                proc_macro2::Literal::string(note)
            ),
        };
        let request = if takes_no_input(op) { "" } else { "request" };
        blocking.push_str(&format!(
            "    {deprecated}{}({request}) -> {};\n",
            op.method_name, op.request_type
        ));
    }
    blocking.push_str("}\n");
    (quote! { impl #client { #(#methods)* } }, blocking)
}

/// Whether the operation's methods take no request (it has no parameters and no body).
pub(super) fn takes_no_input(op: &Operation) -> bool {
    op.params.is_empty() && op.body.is_none()
}

/// The operation's method on `Client`.
pub(super) fn client_method(api: &Api, op: &Operation, uses: &mut Uses) -> TokenStream {
    let req = ident(&op.request_type);
    let method_name = ident(&op.method_name);
    let call = uses.rt("Call");
    let mut mdoc = String::new();
    if let Some(s) = &op.summary {
        mdoc.push_str(s);
    }
    if let Some(d) = &op.description {
        if op.summary.as_deref() != Some(d.as_str()) {
            if !mdoc.is_empty() {
                mdoc.push_str("\n\n");
            }
            mdoc.push_str(d);
        }
    }
    if mdoc.is_empty() {
        mdoc = format!("The `{}` operation.", op.id);
    }
    let output_name = if let Some(name) = &op.response_type {
        format!("[`{name}`]")
    } else {
        match op.success.first().and_then(|s| s.body.ty()) {
            Some(t) => format!("`{}`", ty_display(api, &t)),
            None => "`()`".to_owned(),
        }
    };
    mdoc.push_str(&format!(
        "\n\n`{} {}` (operation `{}`). Resolves to {} on success; an error status is [`Error::Api`](crate::Error::Api) with a [`{}`].",
        op.http_method, op.path, op.id, output_name, op.error_type
    ));
    if op
        .success
        .iter()
        .any(|r| matches!(r.body, RespBody::Bytes { .. }))
    {
        mdoc.push_str(
            " A large body can be read as it arrives instead, without the response body limit: \
             [`.stream()`](crate::Call::stream) gives a [`StreamedResponse`](crate::StreamedResponse) \
             to read or write to a file.",
        );
    }
    if let Some(d) = &op.deprecated {
        mdoc.push_str(&format!("\n\n{}", d.doc_line()));
    }
    let mdoc = doc_text(&mdoc);
    // The method names its deprecated request struct: allowed there.
    let deprecated = match deprecated::attr(op.deprecated.as_ref()) {
        attr if attr.is_empty() => attr,
        attr => quote! { #attr #[allow(deprecated)] },
    };
    if takes_no_input(op) {
        quote! {
            #mdoc
            #deprecated
            pub fn #method_name(&self) -> #call<#req> {
                self.call(#req::new())
            }
        }
    } else {
        quote! {
            #mdoc
            #deprecated
            pub fn #method_name(&self, request: impl Into<#req>) -> #call<#req> {
                self.call(request.into())
            }
        }
    }
}
