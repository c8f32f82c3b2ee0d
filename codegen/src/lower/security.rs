//! Security: the schemes of `components.securitySchemes` (where a credential goes), and an
//! operation's requirements (its own, else the document's): alternatives of schemes. A
//! `mutualTLS` scheme (which `normalize` marks with [`MUTUAL_TLS`]) sends nothing per request:
//! it is kept apart, and an operation only records whether its requirements name one.

use oa::ReferenceOr;
use openapiv3 as oa;

use super::Lowerer;
use crate::diag::push_pointer;
use crate::docs::clean_doc;
use crate::model::{AuthPlacement, CertificateUse, MutualTls, SecurityScheme};
use crate::normalize::MUTUAL_TLS;

impl Lowerer<'_> {
    /// The declared security schemes, and apart from them the `mutualTLS` ones.
    pub(super) fn security_schemes(&mut self) -> (Vec<SecurityScheme>, Vec<MutualTls>) {
        let mut out = Vec::new();
        let mut mutual_tls = Vec::new();
        let Some(c) = &self.spec.components else {
            return (out, mutual_tls);
        };
        for (name, s) in &c.security_schemes {
            let ptr = push_pointer("#/components/securitySchemes", name);
            let s = match s {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { .. } => {
                    self.warn(
                        &ptr,
                        "`$ref` security schemes are not followed; the scheme is ignored",
                    );
                    continue;
                }
            };
            if let oa::SecurityScheme::HTTP {
                description,
                extensions,
                ..
            } = s
                && extensions.contains_key(MUTUAL_TLS)
            {
                mutual_tls.push(MutualTls {
                    name: name.clone(),
                    doc: description.as_deref().and_then(clean_doc),
                });
                continue;
            }
            let (placement, doc) = match s {
                oa::SecurityScheme::APIKey {
                    location,
                    name: key,
                    description,
                    ..
                } => (
                    match location {
                        oa::APIKeyLocation::Header => AuthPlacement::Header(key.clone()),
                        oa::APIKeyLocation::Query => AuthPlacement::Query(key.clone()),
                        oa::APIKeyLocation::Cookie => AuthPlacement::Cookie(key.clone()),
                    },
                    description,
                ),
                oa::SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("basic") => (AuthPlacement::Basic, description),
                oa::SecurityScheme::HTTP { description, .. } => {
                    (AuthPlacement::Bearer, description)
                }
                oa::SecurityScheme::OAuth2 { description, .. }
                | oa::SecurityScheme::OpenIDConnect { description, .. } => {
                    (AuthPlacement::Bearer, description)
                }
            };
            out.push(SecurityScheme {
                name: name.clone(),
                placement,
                doc: doc.as_deref().and_then(clean_doc),
            });
        }
        (out, mutual_tls)
    }

    /// The security requirements of the operation `op` at `ptr`: alternatives (OR) of
    /// schemes (AND), as indexes into `schemes`, and how they use a client certificate. An
    /// alternative naming an undeclared scheme cannot be met: it is left out with a warning
    /// (a client is still made; with no alternative left, no credential is sent). A
    /// `mutualTLS` scheme is left out of its alternative (the TLS layer presents the
    /// certificate), so an alternative of it alone needs nothing per request; such an
    /// alternative goes after the others, since the runtime sends the first one whose
    /// credentials are set and an empty one always is (a key the user set is still sent).
    pub(super) fn security(
        &mut self,
        op: &oa::Operation,
        ptr: &str,
        schemes: &[SecurityScheme],
        mutual_tls: &[MutualTls],
    ) -> (Vec<Vec<usize>>, CertificateUse) {
        let Some(reqs) = op.security.as_ref().or(self.spec.security.as_ref()) else {
            return (Vec::new(), CertificateUse::None);
        };
        let mut security = Vec::new();
        let mut certificate_only = Vec::new();
        let (mut with_certificate, mut without) = (0, 0);
        for (i, req) in reqs.iter().enumerate() {
            let mut alt = Vec::new();
            let mut certificate = false;
            let mut met = true;
            for scheme in req.keys() {
                if mutual_tls.iter().any(|m| &m.name == scheme) {
                    certificate = true;
                    continue;
                }
                match schemes.iter().position(|s| &s.name == scheme) {
                    Some(idx) => alt.push(idx),
                    None => {
                        self.warn(
                            &push_pointer(&push_pointer(ptr, "security"), &i.to_string()),
                            format!("security scheme `{scheme}` is not declared in components.securitySchemes; this alternative is left out"),
                        );
                        met = false;
                        break;
                    }
                }
            }
            if met {
                if certificate && alt.is_empty() && !req.is_empty() {
                    certificate_only.push(alt);
                } else {
                    security.push(alt);
                }
                if certificate {
                    with_certificate += 1;
                } else {
                    without += 1;
                }
            }
        }
        security.append(&mut certificate_only);
        let use_ = match (with_certificate, without) {
            (0, _) => CertificateUse::None,
            (_, 0) => CertificateUse::Required,
            _ => CertificateUse::Alternative,
        };
        (security, use_)
    }
}
