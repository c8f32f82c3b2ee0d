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

use crate::model::{Global, Module, Ty, TypeDef, TypeId, TypeKind};
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
    // The last walk (module index + 1) that visited each type.
    let mut seen = vec![0usize; types.len()];
    for (m, module) in modules.iter().enumerate() {
        let mut roots = Vec::new();
        for op in &module.operations {
            roots.extend(op.params.iter().map(|p| p.ty.clone()));
            roots.extend(op.body.iter().map(|b| b.ty()));
            roots.extend(
                op.success
                    .iter()
                    .chain(&op.errors)
                    .filter_map(|r| r.body.ty()),
            );
        }
        for t in reachable(types, &roots, &mut seen, m + 1) {
            reached[t.0].push(m);
        }
    }
    let always_roots: Vec<Ty> = globals.iter().map(|g| g.ty.clone()).collect();
    let always = reachable(types, &always_roots, &mut seen, modules.len() + 1);
    let mut unreferenced = false;
    for (t, def) in types.iter_mut().enumerate() {
        let by = &reached[t];
        def.features = if always.contains(&TypeId(t)) || by.len() == modules.len() {
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

/// The named types `roots` reach, each once; `seen` marks the types visited by `walk`.
fn reachable(types: &[TypeDef], roots: &[Ty], seen: &mut [usize], walk: usize) -> Vec<TypeId> {
    let mut found = Vec::new();
    let mut stack: Vec<&Ty> = roots.iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
                stack.push(inner)
            }
            Ty::Named(id) => {
                let Some(def) = types.get(id.0) else { continue };
                if seen[id.0] == walk {
                    continue;
                }
                seen[id.0] = walk;
                found.push(*id);
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter().map(|a| &a.ty));
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) => stack.push(target),
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    found
}
