//! `src/models.rs`: one Rust type per named schema.

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::BTreeMap;

use super::text::type_text;
use super::{Uses, deprecated, doc_text, docs, ident, lit_str, ty};
use crate::model::{Api, Field, Struct, Ty, TypeDef, TypeKind, Union};

/// The head of `src/models.rs` (docs and `use` lists); its items are [`type_def`]s.
pub(super) fn head(api: &Api, uses: &Uses) -> TokenStream {
    let imports = uses.use_items(api, true);
    quote! {
        //! Request and response body types, from the schemas of the API document.
        #imports
    }
}

pub(super) fn type_def(api: &Api, t: &TypeDef, uses: &mut Uses) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs(&t.doc, &format!("The `{}` schema.", t.name));
    let attr = deprecated::attr(t.doc.deprecated.as_ref());
    match &t.kind {
        TypeKind::Struct(s) => struct_def(api, t, s, &quote! { #doc #attr }, uses),
        TypeKind::StringEnum(variants) => {
            let unknown = uses.rt("UnknownValue");
            let vdefs = variants.iter().map(|v| {
                let vn = ident(&v.rust);
                let d = doc_text(&v.doc.clone().unwrap_or_else(|| format!("`{}`", v.value)));
                quote! { #d #vn, }
            });
            let values: Vec<_> = variants.iter().map(|v| lit_str(&v.value)).collect();
            let vnames: Vec<_> = variants.iter().map(|v| ident(&v.rust)).collect();
            quote! {
                #doc
                ///
                /// Open enum: a value this version of the crate does not know is kept in
                /// [`Self::Unknown`] and sent back unchanged.
                #attr
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#vdefs)*
                    /// A value not known to this version of the crate.
                    Unknown(#unknown),
                }

                impl #name {
                    /// The values known to this version of the crate, in the document's order.
                    pub const VALUES: &'static [&'static str] = &[#(#values),*];

                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#vnames => #values,)*
                            Self::Unknown(v) => v.as_str(),
                        }
                    }
                }

                impl From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #(#values => Self::#vnames,)*
                            other => Self::Unknown(crate::runtime::__private::unknown_value(other)),
                        }
                    }
                }

                crate::runtime::string_enum_impls!(#name);
            }
        }
        TypeKind::IntEnum(variants) => {
            let unknown = uses.rt("UnknownInt");
            let vdefs = variants.iter().map(|v| {
                let vn = ident(&v.rust);
                let d = doc_text(&v.doc.clone().unwrap_or_else(|| format!("`{}`", v.value)));
                quote! { #d #vn, }
            });
            let values: Vec<_> = variants
                .iter()
                .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value))
                .collect();
            let vnames: Vec<_> = variants.iter().map(|v| ident(&v.rust)).collect();
            quote! {
                #doc
                ///
                /// Open enum: a value this version of the crate does not know is kept in
                /// [`Self::Unknown`] and sent back unchanged.
                #attr
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                #[non_exhaustive]
                pub enum #name {
                    #(#vdefs)*
                    /// A value not known to this version of the crate.
                    Unknown(#unknown),
                }

                impl #name {
                    /// The values known to this version of the crate, in the document's order.
                    pub const VALUES: &'static [i64] = &[#(#values),*];

                    /// The value as sent on the wire.
                    pub fn as_i64(&self) -> i64 {
                        match self {
                            #(Self::#vnames => #values,)*
                            Self::Unknown(v) => v.as_i64(),
                        }
                    }
                }

                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #(#values => Self::#vnames,)*
                            other => Self::Unknown(crate::runtime::__private::unknown_int(other)),
                        }
                    }
                }

                crate::runtime::int_enum_impls!(#name);
            }
        }
        TypeKind::Union(Union {
            variants,
            discriminator,
            unknown,
        }) => {
            let eq = if t.is_eq {
                quote! { , Eq }
            } else {
                quote! {}
            };
            let vdefs = variants.iter().map(|v| {
                let vn = ident(&v.rust);
                let vt = ty(api, &v.ty, uses);
                let text = if v.tags.is_empty() {
                    format!("The `{}` form.", v.rust)
                } else {
                    let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
                    format!("The `{}` form ({}).", v.rust, tags.join(", "))
                };
                let d = doc_text(&text);
                quote! { #d #vn(#vt), }
            });
            let (choice, kept) = match discriminator {
                None => (
                    "Untagged: the first variant whose shape matches the JSON is chosen."
                        .to_owned(),
                    "JSON that no variant matches".to_owned(),
                ),
                Some(property) => (
                    format!("Chosen by the value of its `{property}` property."),
                    format!("JSON whose `{property}` is none this version of the crate knows"),
                ),
            };
            let note = doc_text(&choice);
            let kept = doc_text(&format!("{kept} is kept in [`Self::{unknown}`]."));
            let unknown = ident(unknown);
            quote! {
                #doc
                ///
                #note
                #kept
                #attr
                #[derive(Debug, Clone, PartialEq #eq)]
                pub enum #name {
                    #(#vdefs)*
                    /// JSON of a form not known to this version of the crate, kept as it was
                    /// read and sent back unchanged.
                    #unknown(serde_json::Value),
                }
            }
        }
        TypeKind::Alias(target) => {
            let tt = ty(api, target, uses);
            quote! {
                #doc
                #attr
                pub type #name = #tt;
            }
        }
    }
}

fn struct_def(
    api: &Api,
    t: &TypeDef,
    s: &Struct,
    doc: &TokenStream,
    uses: &mut Uses,
) -> TokenStream {
    let name = ident(&t.name);
    let default = t.has_default.then(|| quote! { Default });
    if let Some(content_types) = &s.form {
        let mut derives = vec![quote! { Debug }, quote! { Clone }, quote! { PartialEq }];
        derives.extend(t.is_eq.then(|| quote! { Eq }));
        derives.extend(default);
        return form_def(api, t, s, content_types, doc, &derives, uses);
    }
    // `Debug`, `Clone`, `PartialEq` and `Eq` come with the serde impls (`serde_impls`), from
    // the struct's field table.
    let derives = default.map(|d| quote! { #[derive(#d)] });
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| field(api, f, false, uses))
        .collect();
    let additional = s.additional.as_ref().map(|a| {
        let n = ident(&a.rust);
        let vt = ty(api, &a.ty, uses);
        quote! {
            /// Properties not declared by the schema (`additionalProperties`).
            pub #n: std::collections::BTreeMap<String, #vt>,
        }
    });
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

/// A struct's `Serialize`, `Deserialize`, `Debug`, `Clone`, `PartialEq` (and `Eq`), by the
/// runtime's `json_object!` (a line per field, read as a table by one routine per trait,
/// where the derives expand to some forty lines per field), as text: one field a line
/// (prettyplease would fill a macro's arguments like a paragraph). `None` for other types.
pub(super) fn serde_impls(api: &Api, t: &TypeDef) -> Option<String> {
    let s = match &t.kind {
        TypeKind::Struct(s @ Struct { form: None, .. }) => s,
        TypeKind::Union(u) => return Some(union_impls(api, t, u)),
        _ => return None,
    };
    let mut lines = String::new();
    for f in &s.fields {
        let declared = field_ty(f, false);
        let how = match &declared {
            _ if f.vec_default => "vec",
            Ty::Option(_) if f.required => "null",
            Ty::Option(_) | Ty::Nullable(_) => "opt",
            _ => "req",
        };
        let declared = type_text(&ty(api, &declared, &mut Uses::default()));
        let wire = lit_str(&f.wire);
        lines.push_str(&format!(
            "        {}: {declared} = {wire} {how},\n",
            ident(&f.rust)
        ));
    }
    if let Some(a) = &s.additional {
        lines.push_str(&format!("        ..{}\n", ident(&a.rust)));
    }
    let eq = if t.is_eq { "Eq, " } else { "" };
    let traits = format!("Deserialize, Debug, Clone, PartialEq, {eq}");
    Some(serde_macro("json_object", t, &traits, "", &lines))
}

/// The invocation of the runtime's `json_object!`/`json_union!` (`what`) for `t`, around
/// its lines; `Serialize` under the `serialize-all` feature unless a request can carry the
/// type (see `lower/reach.rs`).
fn serde_macro(what: &str, t: &TypeDef, traits: &str, by: &str, lines: &str) -> String {
    let cfg = if t.sent {
        ""
    } else {
        "#[cfg(feature = \"serialize-all\")] "
    };
    format!(
        "crate::runtime::{what}! {{\n    {traits}{cfg}Serialize for {}{by} {{\n{lines}    }}\n}}\n",
        t.name
    )
}

/// A union's `Serialize` and `Deserialize`, by the runtime's `json_union!`: untagged, or
/// chosen by the discriminator property (which the variant's own type keeps; serde's
/// internal tagging would remove it).
fn union_impls(api: &Api, t: &TypeDef, u: &Union) -> String {
    let by = match &u.discriminator {
        Some(property) => format!(" by {}", lit_str(property)),
        None => String::new(),
    };
    let mut lines = String::new();
    for v in &u.variants {
        let held = type_text(&ty(api, &v.ty, &mut Uses::default()));
        let tags = if u.discriminator.is_some() {
            let tags: Vec<String> = v.tags.iter().map(|t| lit_str(t).to_string()).collect();
            format!(" = {}", tags.join(" | "))
        } else {
            String::new()
        };
        lines.push_str(&format!("        {}({held}){tags},\n", ident(&v.rust)));
    }
    lines.push_str(&format!("        ..{}\n", ident(&u.unknown)));
    serde_macro("json_union", t, "Deserialize, ", &by, &lines)
}

/// A `multipart/form-data` body: a struct that is written as parts
/// ([`Struct::form`]), not (de)serialised.
fn form_def(
    api: &Api,
    t: &TypeDef,
    s: &Struct,
    content_types: &BTreeMap<String, String>,
    doc: &TokenStream,
    derives: &[TokenStream],
    uses: &mut Uses,
) -> TokenStream {
    let name = ident(&t.name);
    let (form_trait, form_ty, invalid) = (
        uses.rt("MultipartForm"),
        uses.rt("Multipart"),
        uses.rt("InvalidRequest"),
    );
    let mut fields = Vec::with_capacity(s.fields.len());
    let mut writes = Vec::with_capacity(s.fields.len());
    for f in &s.fields {
        fields.push(field(api, f, true, uses));
        let (n, declared) = (ident(&f.rust), field_ty(f, true));
        let wire = lit_str(&f.wire);
        // Files are passed as an iterator of `&FilePart`.
        let files = match &declared {
            Ty::File => Some(quote! { [&self.#n] }),
            Ty::Option(inner) if **inner == Ty::File => Some(quote! { &self.#n }),
            Ty::Vec(inner) if **inner == Ty::File => Some(quote! { &self.#n }),
            Ty::Option(inner) if **inner == Ty::Vec(Box::new(Ty::File)) => {
                Some(quote! { self.#n.iter().flatten() })
            }
            _ => None,
        };
        writes.push(
            match (files, content_types.get(&f.wire).map(|c| lit_str(c))) {
                (Some(files), None) => quote! { form.files(#wire, #files)?; },
                (Some(files), Some(ct)) => quote! { form.files_with_type(#wire, #files, #ct)?; },
                (None, None) => quote! { form.field(#wire, &self.#n)?; },
                (None, Some(ct)) => quote! { form.field_with_type(#wire, &self.#n, #ct)?; },
            },
        );
    }
    quote! {
        #doc
        ///
        /// Sent as `multipart/form-data`: one part per field value (none for an absent
        /// optional field, one per item of a list).
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
        }

        impl #form_trait for #name {
            fn write_parts(&self, form: &mut #form_ty) -> Result<(), #invalid> {
                #(#writes)*
                Ok(())
            }
        }
    }
}

/// The Rust type of a field as declared: with `Option` where the value may be absent or
/// `null`, `Nullable` where it may be either (three states; not in a `form`, which has no
/// `null`).
pub(super) fn field_ty(f: &Field, form: bool) -> Ty {
    if f.vec_default || (f.required && !f.nullable) || matches!(f.ty, Ty::Option(_)) {
        f.ty.clone()
    } else if !f.required && f.nullable && !form {
        Ty::Nullable(Box::new(f.ty.clone()))
    } else {
        Ty::Option(Box::new(f.ty.clone()))
    }
}

/// A field's declaration (`form`: a part of a `multipart/form-data` body).
fn field(api: &Api, f: &Field, form: bool, uses: &mut Uses) -> TokenStream {
    let n = ident(&f.rust);
    let declared = field_ty(f, form);
    let tt = ty(api, &declared, uses);
    let mut doc = f.doc.clone();
    if doc.text.is_none() {
        let what = if form { "part" } else { "property" };
        doc.text = Some(format!("The `{}` {what}.", f.wire));
    }
    let d = docs(&doc, "");
    let attr = deprecated::attr(f.doc.deprecated.as_ref());
    quote! {
        #d
        #attr
        pub #n: #tt,
    }
}
