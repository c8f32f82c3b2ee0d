//! Which types derive `Default` and `Eq`.

use crate::model::{Ty, TypeDef, TypeKind};

/// Which types can derive `Default` and `Eq`: a fixpoint from optimistic starting values.
pub(super) fn compute_traits(types: &mut [TypeDef]) {
    for t in types.iter_mut() {
        t.has_default = true;
        t.is_eq = true;
    }
    loop {
        let mut changed = false;
        for i in 0..types.len() {
            let (d, e) = {
                let t = &types[i];
                let field_ok = |ty: &Ty, req: bool, f: &dyn Fn(&Ty) -> bool| !req || f(ty);
                let def = |ty: &Ty| ty_flag(ty, types, true);
                let eq = |ty: &Ty| ty_flag(ty, types, false);
                match &t.kind {
                    TypeKind::Struct(s) => (
                        s.fields
                            .iter()
                            .all(|f| field_ok(&f.ty, f.required && !f.nullable, &def)),
                        s.fields.iter().all(|f| eq(&f.ty))
                            && s.additional.as_ref().is_none_or(|a| eq(&a.ty)),
                    ),
                    TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => (false, true),
                    TypeKind::Union(u) => (false, u.variants.iter().all(|v| eq(&v.ty))),
                    TypeKind::Alias(ty) => (def(ty), eq(ty)),
                }
            };
            let t = &mut types[i];
            if t.has_default && !d {
                t.has_default = false;
                changed = true;
            }
            if t.is_eq && !e {
                t.is_eq = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn ty_flag(ty: &Ty, types: &[TypeDef], default: bool) -> bool {
    match ty {
        Ty::F32 | Ty::F64 | Ty::Json if !default => false,
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => {
            if default && !matches!(ty, Ty::Boxed(_)) {
                true
            } else {
                ty_flag(t, types, default)
            }
        }
        Ty::Named(id) => {
            let t = &types[id.0];
            if default { t.has_default } else { t.is_eq }
        }
        _ => true,
    }
}
