//! Which types the operations send and which they only receive.
//!
//! `Serialize` is written for a type only where a request can carry it (or no operation
//! uses it at all: a model the user may send or store anywhere); a type that responses
//! alone reach gets it only with the generated crate's `serialize-all` feature. Every type
//! keeps `Deserialize`. On GitHub's API this is most of the models, and their `Serialize`
//! was about a third of the compiler's serde work (BENCHMARKS.md, section 5).

use crate::model::{Body, Global, Module, Operation, Ty, TypeDef, TypeId, TypeKind};

/// Sets [`TypeDef::sent`] on every type that a request (parameter or body), or a type no
/// response reaches, can carry.
pub(super) fn mark_sent(types: &mut [TypeDef], modules: &[Module], globals: &[Global]) {
    let ops = || modules.iter().flat_map(|m| &m.operations);
    let received = reachable(types, ops().flat_map(response_types));
    let requests = ops().flat_map(request_types);
    let unreceived = (0..types.len())
        .filter(|&i| !received[i])
        .map(|i| Ty::Named(TypeId(i)));
    let sent = reachable(
        types,
        requests
            .chain(globals.iter().map(|g| g.ty.clone()))
            .chain(unreceived),
    );
    for (t, sent) in types.iter_mut().zip(sent) {
        t.sent = sent;
    }
}

/// The types an operation's request carries: its parameters' and its body's.
pub(super) fn request_types(op: &Operation) -> impl Iterator<Item = Ty> + '_ {
    let params = op.params.iter().map(|p| p.ty.clone());
    params.chain(op.body.as_ref().map(Body::ty))
}

/// The types an operation's responses carry, success and error.
pub(super) fn response_types(op: &Operation) -> impl Iterator<Item = Ty> + '_ {
    let responses = op.success.iter().chain(&op.errors);
    responses.filter_map(|r| r.body.ty())
}

/// For each type, whether it is reachable from `roots` through fields, variants, aliases and
/// containers.
pub(super) fn reachable(types: &[TypeDef], roots: impl IntoIterator<Item = Ty>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut stack: Vec<Ty> = roots.into_iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
                stack.push(*inner);
            }
            Ty::Named(id) if !seen[id.0] => {
                seen[id.0] = true;
                match &types[id.0].kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| f.ty.clone()));
                        stack.extend(s.additional.iter().map(|a| a.ty.clone()));
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.clone())),
                    TypeKind::Alias(target) => stack.push(target.clone()),
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    seen
}
