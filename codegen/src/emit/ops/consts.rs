//! The constants one module's operations share ([`ModuleConsts`]), made once per module, and
//! which operations share an error enum.

use proc_macro2::TokenStream;
use quote::quote;

use super::statuses::{STATUS_CONSTANTS, error_message, status_const};
use crate::emit::{Uses, ident, lit_str};
use crate::model::*;

/// Constants one module's operations share, made once per module: the security requirements
/// (`SECURITY`), the client-wide headers an operation declares (`CLIENT_HEADERS`) and the
/// descriptions of documented error statuses (named after their variant, `NOT_FOUND`). Each
/// distinct value is one constant, whatever number of operations use it.
#[derive(Default)]
pub(crate) struct ModuleConsts {
    security: Vec<(Vec<Vec<usize>>, String)>,
    /// The table of `ClientHeaders::DECLARED`, if every operation declares the same headers.
    uniform_headers: Option<Vec<(String, bool)>>,
    headers: Vec<(Vec<(String, bool)>, String)>,
    /// `(status code, message)` of a documented error status, and the constant's name.
    errors: Vec<((u16, String), String)>,
    /// Per operation, by index: its error enum, its own or one it shares.
    error_types: Vec<ErrorType>,
}

/// The error enum of an operation: operations of a module with the same error responses
/// share one enum (the first one's), named by the others with a type alias.
#[derive(Clone)]
pub(super) enum ErrorType {
    /// Its own, also used by these operations (`(method, error type)`).
    Own(Vec<(String, String)>),
    /// That of the operation with this method and error type.
    Shared(String, String),
}

impl ModuleConsts {
    /// `uniform_headers`: the table of `ClientHeaders::DECLARED` ([`uniform_headers`]).
    pub(crate) fn new(api: &Api, m: &Module, uniform_headers: Option<Vec<(String, bool)>>) -> Self {
        let mut scope = crate::names::Scope::default();
        let mut consts = ModuleConsts {
            uniform_headers,
            ..ModuleConsts::default()
        };
        // The first operation with each set of error responses, by index.
        let mut owners = std::collections::BTreeMap::new();
        for (i, op) in m.operations.iter().enumerate() {
            let owner = owners.get(op.errors.as_slice()).copied();
            owners.entry(op.errors.as_slice()).or_insert(i);
            let error_type = match owner {
                Some(o) => {
                    if let ErrorType::Own(users) = &mut consts.error_types[o] {
                        users.push((op.method_name.clone(), op.error_type.clone()));
                    }
                    let owner = &m.operations[o];
                    ErrorType::Shared(owner.method_name.clone(), owner.error_type.clone())
                }
                None => ErrorType::Own(Vec::new()),
            };
            consts.error_types.push(error_type);
            if !op.security.is_empty() && consts.security_of(op).is_none() {
                let name = claim_const(&mut scope, "SECURITY");
                consts.security.push((op.security.clone(), name));
            }
            let declared = declared_headers(api, op);
            if !declared.is_empty() && consts.table_of(&declared).is_none() {
                let name = claim_const(&mut scope, "CLIENT_HEADERS");
                consts.headers.push((declared, name));
            }
            for r in &op.errors {
                // (A code without a named `StatusCode` constant cannot be made in a `const`
                // on every http 1.x: its description is made in `describe`.)
                let named = |c: u16| STATUS_CONSTANTS.iter().any(|(code, _)| *code == c);
                if let (StatusMatch::Code(c), message) = (r.status, error_message(r))
                    && named(c)
                {
                    let key = (c, message);
                    if !consts.errors.iter().any(|(k, _)| *k == key) {
                        let name = claim_const(&mut scope, &crate::names::screaming(&r.variant));
                        consts.errors.push((key, name));
                    }
                }
            }
        }
        consts
    }

    pub(super) fn security_of(&self, op: &Operation) -> Option<&str> {
        let found = self.security.iter().find(|(s, _)| *s == op.security);
        found.map(|(_, name)| name.as_str())
    }

    /// The error enum of the module's operation at `index`.
    pub(super) fn error_type(&self, index: usize) -> &ErrorType {
        &self.error_types[index]
    }

    /// The table of client-wide headers `op` passes to `ClientHeaders::send`.
    pub(super) fn headers_table(&self, api: &Api, op: &Operation) -> Option<TokenStream> {
        self.table_of(&declared_headers(api, op))
    }

    /// The constant holding the table `declared`, if there is one.
    fn table_of(&self, declared: &[(String, bool)]) -> Option<TokenStream> {
        if self.uniform_headers.as_deref() == Some(declared) {
            return Some(quote! { ClientHeaders::DECLARED });
        }
        let found = self.headers.iter().find(|(h, _)| h == declared);
        found.map(|(_, name)| {
            let name = ident(name);
            quote! { #name }
        })
    }

    pub(super) fn error_of(&self, code: u16, message: &str) -> Option<&str> {
        let found = self
            .errors
            .iter()
            .find(|((c, m), _)| *c == code && m == message);
        found.map(|(_, name)| name.as_str())
    }

    /// The constants' items.
    pub(super) fn items(&self, api: &Api, uses: &mut Uses) -> TokenStream {
        let mut security = Vec::new();
        for (alts, name) in &self.security {
            let name = ident(name);
            let alts = security_alternatives(api, alts, uses);
            let req = uses.rt("SecurityRequirement");
            security.push(quote! { const #name: &[&[#req]] = &[#(#alts),*]; });
        }
        let headers = self.headers.iter().map(|(declared, name)| {
            let name = ident(name);
            let table = header_table(declared);
            quote! { const #name: &[(&str, bool)] = #table; }
        });
        let mut errors = Vec::new();
        for ((code, message), name) in &self.errors {
            let name = ident(name);
            let description = uses.rt("ErrorDescription");
            let status = status_const(*code, uses);
            let message = lit_str(message);
            errors.push(quote! {
                const #name: #description<'static> = #description::Documented(#status, #message);
            });
        }
        quote! { #(#security)* #(#headers)* #(#errors)* }
    }
}

/// `base`, or when taken `base_2`, `base_3`...
pub(super) fn claim_const(scope: &mut crate::names::Scope, base: &str) -> String {
    let candidates = std::iter::once(base.to_owned()).chain((2..).map(|n| format!("{base}_{n}")));
    let name = candidates
        .into_iter()
        .find(|c| !scope.contains(c))
        .unwrap_or_else(|| base.to_owned());
    scope.claim_one(name)
}

/// A table of client-wide headers, `&[(name, required), ..]`, as `ClientHeaders::send`
/// takes it.
pub(crate) fn header_table(declared: &[(String, bool)]) -> TokenStream {
    let pairs = declared.iter().map(|(wire, required)| {
        let wire = lit_str(wire);
        quote! { (#wire, #required) }
    });
    quote! { &[#(#pairs),*] }
}

/// The client-wide headers that every operation declaring some declares, when they all
/// declare the same ones (in the same order, equally required): the usual case, for which
/// `ClientHeaders` holds the table.
pub(crate) fn uniform_headers(api: &Api) -> Option<Vec<(String, bool)>> {
    let mut sets = api
        .modules
        .iter()
        .flat_map(|m| &m.operations)
        .map(|op| declared_headers(api, op))
        .filter(|d| !d.is_empty());
    let first = sets.next()?;
    sets.all(|d| d == first).then_some(first)
}

/// The client-wide headers an operation declares, in order: `(name, required)`, each named
/// as the client-wide setting spells it (`ClientHeaders::send` finds it by that name).
pub(super) fn declared_headers(api: &Api, op: &Operation) -> Vec<(String, bool)> {
    op.params
        .iter()
        .filter_map(|p| Some((api.globals[p.global?].wire.clone(), p.required)))
        .collect()
}

/// The requirements of each security alternative, as `SecurityRequirement`s.
fn security_alternatives(api: &Api, alts: &[Vec<usize>], uses: &mut Uses) -> Vec<TokenStream> {
    alts.iter()
        .map(|alt| {
            let reqs = alt.iter().map(|i| {
                let s = &api.schemes[*i];
                let name = lit_str(&s.name);
                let placement = uses.rt("AuthPlacement");
                let p = match &s.placement {
                    AuthPlacement::Header(h) => {
                        // In the canonical (lowercase) form, which the runtime uses without
                        // copying; header names are case-insensitive.
                        let h = lit_str(&h.to_ascii_lowercase());
                        quote! { #placement::Header(#h) }
                    }
                    AuthPlacement::Query(h) => {
                        let h = lit_str(h);
                        quote! { #placement::Query(#h) }
                    }
                    AuthPlacement::Cookie(h) => {
                        let h = lit_str(h);
                        quote! { #placement::Cookie(#h) }
                    }
                    AuthPlacement::Bearer => quote! { #placement::Bearer },
                    AuthPlacement::Basic => quote! { #placement::Basic },
                };
                let req = uses.rt("SecurityRequirement");
                quote! { #req::new(#name, #p) }
            });
            quote! { &[#(#reqs),*] }
        })
        .collect()
}
