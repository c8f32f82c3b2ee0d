//! Per-tag cargo features in the emitted code: the `#[cfg(..)]` attributes that compile a
//! module, a model or an import only under the features that need it (chosen by
//! `lower/features.rs`). A crate without tag features gets none of them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{Uses, ident, lit_str};
use crate::model::{Api, Module};

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", feature = "b"))]`; nothing for no
/// features (always compiled).
pub(crate) fn cfg<S: AsRef<str>>(features: &[S]) -> TokenStream {
    let names: Vec<_> = features.iter().map(|f| lit_str(f.as_ref())).collect();
    match names.as_slice() {
        [] => quote! {},
        [one] => quote! { #[cfg(feature = #one)] },
        _ => quote! { #[cfg(any(#(feature = #names),*))] },
    }
}

/// [`cfg`] as a line of text (empty for no features), for items written as text.
pub(super) fn cfg_text(features: &[String]) -> String {
    let names: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {f:?}"))
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("#[cfg({one})]\n"),
        _ => format!("#[cfg(any({}))]\n", names.join(", ")),
    }
}

/// `items` with `#[cfg(..)]` for `features` on each of them (nothing changes for no
/// features). Tokens that do not parse are returned as they are, for the caller's parse to
/// report.
pub(super) fn gate_items(items: TokenStream, features: &[String]) -> TokenStream {
    if features.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        return items;
    };
    let tokens = cfg(features);
    // (syn is built without `clone-impls`: an attribute per item.)
    let attr = || -> syn::Attribute {
        syn::parse_quote! { #tokens }
    };
    for item in &mut file.items {
        if let Some(attrs) = item_attrs(item) {
            // After the item's docs, before its derives: where a hand-written one would be.
            let at = attrs
                .iter()
                .position(|a| !a.path().is_ident("doc"))
                .unwrap_or(attrs.len());
            attrs.insert(at, attr());
        }
    }
    quote! { #file }
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Union(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// The imports of `src/models.rs` split by what needs them: the [`Uses`] of the models that
/// are always compiled (for the file's ordinary `use` lists), and `use` items, each under the
/// features of the models that need it, for the crate items only gated models use (an
/// import no compiled item uses would be a warning). `items` is each model's uses, in
/// [`Api::types`] order; the gated models' uses are taken out of it.
pub(super) fn split_model_uses(
    api: &Api,
    items: &mut [Option<(super::Text, Uses)>],
) -> TokenStream {
    if api.modules.iter().all(|m| m.feature.is_none()) {
        return quote! {};
    }
    let mut always: BTreeSet<&'static str> = BTreeSet::new();
    let mut gated: BTreeMap<(&'static str, &'static str), BTreeSet<usize>> = BTreeMap::new();
    // A feature set as the index of its first model (the sets are the models' own lists).
    for (t, item) in items.iter_mut().enumerate() {
        let Some((_, uses)) = item else { continue };
        let features = &api.types[t].features;
        if features.is_empty() {
            always.extend(uses.runtime.iter().copied());
            continue;
        }
        let taken = std::mem::take(uses);
        // Model names are not imported in `models.rs`: keep them.
        uses.models = taken.models;
        for name in taken.runtime {
            gated.entry(("crate", name)).or_default().insert(t);
        }
        for name in taken.reqwest {
            gated.entry(("reqwest", name)).or_default().insert(t);
        }
    }
    let mut out = TokenStream::new();
    for ((krate, name), models) in gated {
        if krate == "crate" && always.contains(name) {
            continue;
        }
        let mut features: Vec<&str> = Vec::new();
        let order = feature_order(api);
        for t in models {
            features.extend(api.types[t].features.iter().map(String::as_str));
        }
        features.sort_by_key(|f| order.get(f).copied().unwrap_or(usize::MAX));
        features.dedup();
        let cfg = cfg(&features);
        let (krate, name) = (ident(krate), ident(name));
        out.extend(quote! { #cfg use #krate::#name; });
    }
    out
}

/// Each feature's rank: the modules' in order, then the unreferenced models'.
fn feature_order(api: &Api) -> BTreeMap<&str, usize> {
    let mut order: BTreeMap<&str, usize> = api
        .modules
        .iter()
        .filter_map(|m| m.feature.as_deref())
        .enumerate()
        .map(|(i, f)| (f, i))
        .collect();
    if let Some(f) = &api.unreferenced_feature {
        order.insert(f, usize::MAX - 1);
    }
    order
}

/// The features under which at least one model is compiled, when no model is compiled
/// without one (then `pub use models::*` needs them too); empty when a model is always
/// compiled.
pub(super) fn models_cfg(api: &Api) -> TokenStream {
    if api.types.iter().any(|t| t.features.is_empty()) {
        return quote! {};
    }
    let order = feature_order(api);
    let mut features: Vec<&str> = api
        .types
        .iter()
        .flat_map(|t| t.features.iter().map(String::as_str))
        .collect();
    features.sort_by_key(|f| order.get(f).copied().unwrap_or(usize::MAX));
    features.dedup();
    cfg(&features)
}

/// The features of the modules whose operations send client-wide headers (through
/// `ClientHeaders::send`): `send` and `DECLARED` are compiled only with one of them. `None`
/// when the crate has no tag features.
pub(super) fn client_header_features(api: &Api) -> Option<Vec<&str>> {
    let features: Vec<&str> = api
        .modules
        .iter()
        .filter(|m| uses_client_headers(m))
        .filter_map(|m| m.feature.as_deref())
        .collect();
    api.modules
        .iter()
        .any(|m| m.feature.is_some())
        .then_some(features)
}

fn uses_client_headers(m: &Module) -> bool {
    m.operations
        .iter()
        .any(|op| op.params.iter().any(|p| p.global.is_some()))
}
