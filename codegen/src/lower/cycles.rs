//! Recursion in the type graph: a type that contains itself by value (through other types,
//! `Option`s) gets a `Box` where the cycle closes; aliases that reach themselves only through
//! aliases have no finite type and become JSON values.

use std::collections::BTreeMap;

use crate::model::{Ty, TypeDef, TypeKind};

/// By-value edges of the type graph (through `Option`, `Box` is not counted as heap because it
/// is what we add; `Vec`/`BTreeMap` already allocate).
fn by_value_targets(ty: &Ty, out: &mut Vec<usize>) {
    match ty {
        Ty::Named(id) => out.push(id.0),
        Ty::Option(t) => by_value_targets(t, out),
        _ => {}
    }
}

fn type_edges(def: &TypeDef) -> Vec<usize> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                by_value_targets(&f.ty, &mut out);
            }
        }
        TypeKind::Union(u) => {
            for u in &u.variants {
                by_value_targets(&u.ty, &mut out);
            }
        }
        TypeKind::Alias(t) => by_value_targets(t, &mut out),
        _ => {}
    }
    out
}

/// Strongly connected components (iterative Tarjan); returns each node's component index.
fn scc(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut ei)) = call.last_mut() {
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if w >= n {
                    continue;
                }
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

/// Boxes every by-value reference that closes a cycle, so recursive schemas compile.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types.iter().map(type_edges).collect();
    let comp = scc(&edges);
    let cyclic = |from: usize, to: usize| {
        comp[from] == comp[to] && (from != to || edges[from].contains(&to))
    };
    fn boxed(ty: &Ty, from: usize, cyclic: &dyn Fn(usize, usize) -> bool) -> Ty {
        match ty {
            Ty::Named(id) if cyclic(from, id.0) => Ty::Boxed(Box::new(ty.clone())),
            Ty::Option(t) => Ty::Option(Box::new(boxed(t, from, cyclic))),
            other => other.clone(),
        }
    }
    for (i, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.ty = boxed(&f.ty, i, &cyclic);
                }
            }
            TypeKind::Union(u) => {
                for u in &mut u.variants {
                    u.ty = boxed(&u.ty, i, &cyclic);
                }
            }
            TypeKind::Alias(_) | TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
        }
    }
}

/// Every named type an alias mentions, at any depth (`Vec<Option<Named>>` too).
fn named_in(ty: &Ty, out: &mut Vec<usize>) {
    match ty {
        Ty::Named(id) => out.push(id.0),
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => named_in(t, out),
        _ => {}
    }
}

/// Type aliases are expanded, so an alias that reaches itself through other aliases (even
/// inside `Vec`) has no finite type: such aliases become JSON values.
pub(super) fn break_alias_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| {
            let mut out = Vec::new();
            if let TypeKind::Alias(t) = &def.kind {
                named_in(t, &mut out);
                out.retain(|j| matches!(types[*j].kind, TypeKind::Alias(_)));
            }
            out
        })
        .collect();
    let comp = scc(&edges);
    let mut size = BTreeMap::new();
    for c in &comp {
        *size.entry(*c).or_insert(0usize) += 1;
    }
    for (i, def) in types.iter_mut().enumerate() {
        let cyclic = size[&comp[i]] > 1 || edges[i].contains(&i);
        if cyclic {
            def.kind = TypeKind::Alias(Ty::Json);
            def.doc.notes.push(
                "Typed as a JSON value: the schema refers to itself without structure.".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scc_finds_cycles() {
        let edges = vec![vec![1], vec![0], vec![2], vec![]];
        let c = scc(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_ne!(c[2], c[3]);
    }
}
