//! Per-tag cargo features: a pass over the finished type graph.
//!
//! In a crate of more than one module (tag), each module gets a cargo feature named after
//! its tag ([`names::feature`]), and each named type the features of the modules whose
//! operations reach it: through path, query, header and cookie parameters, request bodies and
//! the bodies of every response (success or error), then transitively through struct fields,
//! `additionalProperties`, union variants and aliases, inside `Vec`, maps, `Option` and
//! `Box`. A type no operation reaches gets [`names::UNREFERENCED_FEATURE`]. A type every
//! module reaches, or that a client-wide header (`ClientHeaders`, always compiled) uses, gets
//! none: it is always compiled. A crate of one module has no tag features, so its output is
//! what it was before they existed.

use super::reach::{reachable, request_types, response_types};
use crate::model::{Global, Module, TypeDef};
use crate::names::{self, Scope};

/// Names the modules' features and records on each type the features that compile it.
/// Returns the feature of the types no operation reaches, if the crate has tag features
/// and such types.
pub(super) fn assign_features(
    types: &mut [TypeDef],
    modules: &mut [Module],
    globals: &[Global],
) -> Option<String> {
    if modules.len() <= 1 {
        return None;
    }
    let mut scope = Scope::with_reserved(names::RESERVED_FEATURES);
    for m in modules.iter_mut() {
        m.feature = Some(scope.claim_kebab(names::feature(&m.tag)));
    }
    // reached[t]: the modules that reach type t, in module order.
    let mut reached: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for (m, module) in modules.iter().enumerate() {
        let roots = module
            .operations
            .iter()
            .flat_map(|op| request_types(op).chain(response_types(op)));
        for (t, reach) in reachable(types, roots).into_iter().enumerate() {
            if reach {
                reached[t].push(m);
            }
        }
    }
    let always = reachable(types, globals.iter().map(|g| g.ty.clone()));
    let mut unreferenced = false;
    for (t, def) in types.iter_mut().enumerate() {
        let by = &reached[t];
        def.features = if always[t] || by.len() == modules.len() {
            Vec::new()
        } else if by.is_empty() {
            unreferenced = true;
            vec![names::UNREFERENCED_FEATURE.to_owned()]
        } else {
            by.iter()
                .filter_map(|&m| modules[m].feature.clone())
                .collect()
        };
    }
    unreferenced.then(|| names::UNREFERENCED_FEATURE.to_owned())
}
