//! Security: the schemes of `components.securitySchemes` (where a credential goes), and an
//! operation's requirements (its own, else the document's): alternatives of schemes.

use oa::ReferenceOr;
use openapiv3 as oa;

use super::Lowerer;
use crate::diag::push_pointer;
use crate::docs::clean_doc;
use crate::model::{AuthPlacement, SecurityScheme};

impl Lowerer<'_> {
    /// The declared security schemes.
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let mut out = Vec::new();
        let Some(c) = &self.spec.components else {
            return out;
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
        out
    }

    /// The security requirements of the operation `op` at `ptr`: alternatives (OR) of
    /// schemes (AND), as indexes into `schemes`. An alternative naming an undeclared scheme
    /// cannot be met: it is left out with a warning (a client is still made; with no
    /// alternative left, no credential is sent).
    pub(super) fn security(
        &mut self,
        op: &oa::Operation,
        ptr: &str,
        schemes: &[SecurityScheme],
    ) -> Vec<Vec<usize>> {
        let Some(reqs) = op.security.as_ref().or(self.spec.security.as_ref()) else {
            return Vec::new();
        };
        let mut security = Vec::new();
        for (i, req) in reqs.iter().enumerate() {
            let mut alt = Vec::new();
            for scheme in req.keys() {
                match schemes.iter().position(|s| &s.name == scheme) {
                    Some(idx) => alt.push(idx),
                    None => {
                        self.warn(
                            &push_pointer(&push_pointer(ptr, "security"), &i.to_string()),
                            format!("security scheme `{scheme}` is not declared in components.securitySchemes; this alternative is left out"),
                        );
                        alt.clear();
                        break;
                    }
                }
            }
            if alt.len() == req.len() {
                security.push(alt);
            }
        }
        security
    }
}
