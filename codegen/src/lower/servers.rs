//! Servers: the document's servers (a struct each, named from its description or host, with
//! its variables, an enum for those with `enum` values) and an operation's own server URLs.

use openapiv3 as oa;

use super::Lowerer;
use super::enums::string_variants;
use super::template::{Segment, segments};
use crate::diag::push_pointer;
use crate::docs::clean_doc;
use crate::model::{Server, ServerVariable, VariableEnum};
use crate::names::{self, Scope};

impl Lowerer<'_> {
    /// The document's servers. Server structs share the crate's type namespace.
    pub(super) fn servers(&mut self) -> Vec<Server> {
        let mut variant_scope = Scope::default();
        let spec = self.spec;
        (spec.servers.iter().enumerate())
            .map(|(i, s)| self.server(i, s, &mut variant_scope))
            .collect()
    }

    /// The `i`th server, its variant of the `Server` enum claimed in `variant_scope`.
    fn server(&mut self, i: usize, s: &oa::Server, variant_scope: &mut Scope) -> Server {
        let ptr = push_pointer("#/servers", &i.to_string());
        let label = s
            .description
            .as_deref()
            .filter(|d| d.split_whitespace().count() <= 5 && !d.trim().is_empty())
            .map(str::to_owned)
            .or_else(|| server_host(&s.url))
            .unwrap_or_else(|| format!("Server {i}"));
        let variant = variant_scope.claim_one(names::variant_name(&label));
        let struct_name = if variant.ends_with("Server") || variant.starts_with("Server") {
            variant.clone()
        } else {
            format!("{variant}Server")
        };
        let rust = self.type_scope.claim(&[struct_name, format!("Server{i}")]);
        let variables = self.server_variables(s, &ptr, &variant);
        for segment in segments(&s.url) {
            match segment {
                Segment::Variable(name) if !variables.iter().any(|v| v.wire == name) => {
                    self.error(
                        &push_pointer(&ptr, "url"),
                        format!("server URL uses `{{{name}}}` but declares no such variable"),
                    );
                }
                _ => {}
            }
        }
        Server {
            rust,
            variant,
            url: s.url.clone(),
            description: s.description.as_deref().and_then(clean_doc),
            variables,
        }
    }

    /// The variables of the server `s` at `ptr`; an enum's name is prefixed with the server's
    /// `variant` when a type has the variable's name already.
    fn server_variables(
        &mut self,
        s: &oa::Server,
        ptr: &str,
        variant: &str,
    ) -> Vec<ServerVariable> {
        let mut var_scope = Scope::with_reserved(&["url", "new", "default"]);
        let mut variables = Vec::new();
        for (wire, v) in s.variables.iter().flatten() {
            if !s.url.contains(&format!("{{{wire}}}")) {
                self.warn(
                    &push_pointer(&push_pointer(ptr, "variables"), wire),
                    "server variable is not used in the URL",
                );
            }
            let rust = var_scope.claim_one(names::snake(wire));
            let enumeration = (!v.enumeration.is_empty()).then(|| VariableEnum {
                rust: self.type_scope.claim(&[
                    names::type_name(wire),
                    format!("{variant}{}", names::type_name(wire)),
                ]),
                variants: string_variants(v.enumeration.iter().cloned(), &Default::default()),
            });
            variables.push(ServerVariable {
                wire: wire.clone(),
                rust,
                default: v.default.clone(),
                description: v.description.as_deref().and_then(clean_doc),
                enumeration,
            });
        }
        variables
    }
}

/// The server URLs of an operation: its own, else its path item's (none: the client's).
pub(super) fn operation_servers(op: &oa::Operation, item: &oa::PathItem) -> Vec<String> {
    let servers = if !op.servers.is_empty() {
        &op.servers
    } else {
        &item.servers
    };
    servers.iter().map(resolve_server_url).collect()
}

/// The host of a server URL without variables (`https://plex.tv/api` -> `plex.tv`), to name
/// a server that has no short description.
fn server_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', ':', '?', '#']).next()?;
    (!host.is_empty() && !host.contains('{')).then(|| host.to_owned())
}

/// A server URL with every variable replaced by its default.
fn resolve_server_url(s: &oa::Server) -> String {
    let mut url = s.url.clone();
    if let Some(vars) = &s.variables {
        for (k, v) in vars {
            url = url.replace(&format!("{{{k}}}"), &v.default);
        }
    }
    url
}
