//! `#[deprecated]`: on what the document deprecates (operations, parameters, properties,
//! schemas), and `#[allow(deprecated)]` on exactly the generated items that must use those
//! (an `impl` of a deprecated type, a struct with a field of one, the `use` that imports
//! it), so that the generated crate builds with `-D warnings` while its users are warned.
//! Rustc lints a use of a deprecated item everywhere, in the same crate, in a `#[deprecated]`
//! item and in an `impl` of the deprecated type itself; an `#[allow]` on a macro invocation
//! is ignored, so a macro that must name one is put in an anonymous `const` that carries it.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};

use crate::model::{Api, Deprecated, Deprecations};

/// `#[deprecated]`, with the document's note when it has one; nothing for `None`.
pub(crate) fn attr(deprecated: Option<&Deprecated>) -> TokenStream {
    match deprecated {
        None => quote! {},
        Some(Deprecated { note: Some(note) }) => quote! { #[deprecated(note = #note)] },
        Some(Deprecated { note: None }) => quote! { #[deprecated] },
    }
}

/// `#[allow(deprecated)]` on each item of `items` that uses a deprecated type (one named in
/// [`Deprecations::types`] anywhere but as the name it defines) or is an `impl` of a type
/// with deprecated fields ([`Deprecations::owners`]); a macro invocation that does is
/// wrapped in `#[allow(deprecated)] const _: () = { .. };`. The tokens as they are when
/// the document deprecates nothing, or when they do not parse (for the caller to report).
pub(crate) fn allow_uses(api: &Api, items: TokenStream) -> TokenStream {
    let d = &api.deprecations;
    if d.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        return items;
    };
    let allow = || -> syn::Attribute {
        syn::parse_quote! { #[allow(deprecated)] }
    };
    for item in &mut file.items {
        if !uses_deprecated(d, item) {
            continue;
        }
        match item {
            syn::Item::Macro(m) => {
                let attrs = std::mem::take(&mut m.attrs);
                let mac = &m.mac;
                *item = syn::parse_quote! {
                    #(#attrs)*
                    #[allow(deprecated)]
                    const _: () = { #mac; };
                };
            }
            syn::Item::Const(i) => i.attrs.push(allow()),
            syn::Item::Enum(i) => i.attrs.push(allow()),
            syn::Item::Fn(i) => i.attrs.push(allow()),
            syn::Item::Impl(i) => i.attrs.push(allow()),
            syn::Item::Static(i) => i.attrs.push(allow()),
            syn::Item::Struct(i) => i.attrs.push(allow()),
            syn::Item::Type(i) => i.attrs.push(allow()),
            syn::Item::Use(i) => i.attrs.push(allow()),
            _ => {}
        }
    }
    file.into_token_stream()
}

/// Whether the generated `text` (an invocation of `json_object!`/`json_union!` for the type
/// `name`) must be allowed to use deprecated items: the type, one of its fields or the type
/// of one is deprecated. `text` is then put in an anonymous `const` with the `#[allow]`.
pub(crate) fn allow_text(api: &Api, name: &str, text: String) -> String {
    let d = &api.deprecations;
    if d.is_empty() {
        return text;
    }
    let mentions = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| d.types.contains(word));
    if !(mentions || d.owners.contains(name)) {
        return text;
    }
    let body: String = text.lines().map(|l| format!("    {l}\n")).collect();
    format!("#[allow(deprecated)]\nconst _: () = {{\n{body}}};\n")
}

/// Whether `item` names a deprecated type (other than as the name it defines) or is an
/// `impl` of a type with deprecated fields.
fn uses_deprecated(d: &Deprecations, item: &syn::Item) -> bool {
    let tokens = match item {
        // A definition: its fields, variants or target, not its own name.
        syn::Item::Struct(s) => s.fields.to_token_stream(),
        syn::Item::Enum(e) => {
            let variants = &e.variants;
            quote! { #variants }
        }
        syn::Item::Type(t) => t.ty.to_token_stream(),
        syn::Item::Impl(i) => {
            if let syn::Type::Path(p) = &*i.self_ty {
                let owner = p.path.segments.last().map(|s| s.ident.to_string());
                if owner.is_some_and(|o| d.owners.contains(&o)) {
                    return true;
                }
            }
            i.to_token_stream()
        }
        other => other.to_token_stream(),
    };
    mentions(d, tokens)
}

fn mentions(d: &Deprecations, tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(i) => d.types.contains(&i.to_string()),
        TokenTree::Group(g) => mentions(d, g.stream()),
        _ => false,
    })
}
