//! Large enum payloads are boxed, so that no enum (a union, an operation's success or error
//! enum) has a variant much larger than the others.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Module, RespBody, Ty, TypeDef, TypeKind};

/// Enum payloads estimated above this many bytes are boxed, so no enum has a variant much
/// larger than the others (clippy `large_enum_variant` fires at a 200-byte difference).
const MAX_INLINE_VARIANT: usize = 128;

/// An upper estimate of `size_of` for a type on a 64-bit target (`serde_json::Value` counted
/// with `preserve_order`, its larger form). `visiting` breaks cycles (which are boxed anyway).
fn estimated_size(
    ty: &Ty,
    types: &[TypeDef],
    memo: &mut BTreeMap<usize, usize>,
    visiting: &mut BTreeSet<usize>,
) -> usize {
    match ty {
        Ty::Bool => 1,
        Ty::I32 | Ty::F32 => 4,
        Ty::I64 | Ty::U64 | Ty::F64 => 8,
        Ty::Unit => 0,
        Ty::String | Ty::Vec(_) | Ty::Map(_) => 24,
        Ty::Bytes => 32,
        Ty::Upload => 40,
        Ty::File => 80,
        Ty::Json => 80,
        Ty::Boxed(_) => 8,
        Ty::Option(inner) | Ty::Nullable(inner) => estimated_size(inner, types, memo, visiting) + 8,
        Ty::Named(id) => {
            if let Some(size) = memo.get(&id.0) {
                return *size;
            }
            if !visiting.insert(id.0) {
                return 8;
            }
            let size = match &types[id.0].kind {
                TypeKind::Struct(s) => {
                    let fields: usize = s
                        .fields
                        .iter()
                        .map(|f| {
                            let declared = if f.vec_default || (f.required && !f.nullable) {
                                f.ty.clone()
                            } else {
                                Ty::Option(Box::new(f.ty.clone()))
                            };
                            estimated_size(&declared, types, memo, visiting)
                        })
                        .sum();
                    fields + if s.additional.is_some() { 24 } else { 0 }
                }
                TypeKind::StringEnum(_) => 24,
                TypeKind::IntEnum(_) => 16,
                TypeKind::Union(u) => {
                    u.variants
                        .iter()
                        .map(|v| estimated_size(&v.ty, types, memo, visiting))
                        .max()
                        .unwrap_or(0)
                        + 8
                }
                TypeKind::Alias(t) => estimated_size(t, types, memo, visiting),
            };
            visiting.remove(&id.0);
            memo.insert(id.0, size);
            size
        }
    }
}

/// Boxes large payloads of enums: union variants, and the bodies in success and error enums.
pub(super) fn box_large_variants(types: &mut [TypeDef], modules: &mut [Module]) {
    let mut memo = BTreeMap::new();
    let mut large = |ty: &Ty, types: &[TypeDef]| {
        !matches!(ty, Ty::Boxed(_))
            && estimated_size(ty, types, &mut memo, &mut BTreeSet::new()) > MAX_INLINE_VARIANT
    };
    let mut boxed_variants = Vec::new();
    for (i, def) in types.iter().enumerate() {
        if let TypeKind::Union(u) = &def.kind {
            for (j, v) in u.variants.iter().enumerate() {
                if large(&v.ty, types) {
                    boxed_variants.push((i, j));
                }
            }
        }
    }
    for (i, j) in boxed_variants {
        if let TypeKind::Union(u) = &mut types[i].kind {
            let ty = std::mem::replace(&mut u.variants[j].ty, Ty::Unit);
            u.variants[j].ty = Ty::Boxed(Box::new(ty));
        }
    }
    for op in modules.iter_mut().flat_map(|m| &mut m.operations) {
        let success_is_enum = op.success_is_enum();
        let in_enum = op
            .success
            .iter_mut()
            .filter(|_| success_is_enum)
            .chain(op.errors.iter_mut());
        for r in in_enum {
            if let RespBody::Json(ty) = &mut r.body {
                if large(ty, types) {
                    *ty = Ty::Boxed(Box::new(ty.clone()));
                }
            }
        }
    }
}
