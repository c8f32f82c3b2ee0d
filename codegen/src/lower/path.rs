//! The path template: its literal parts and parameters (each `{name}` a declared path
//! parameter), and a query string written into it (not OpenAPI, but real documents have
//! one), whose pairs are sent as query parameters.

use percent_encoding::percent_decode_str;

use super::Lowerer;
use super::params::param_field;
use super::template::{Segment, segments};
use crate::model::{Docs, Param, ParamIn, PathPart, QueryPair, QueryStyle, Ty};
use crate::names::Scope;

/// An operation's path, as sent.
pub(super) struct PathTemplate<'p> {
    /// The template without a query string.
    pub(super) template: &'p str,
    pub(super) parts: Vec<PathPart>,
    /// The fixed pairs of a query string written into the path.
    pub(super) fixed_query: Vec<QueryPair>,
}

impl Lowerer<'_> {
    /// The path `path` of the operation at `ptr`, whose parameters are `params` (to which a
    /// query string in the path adds).
    pub(super) fn path<'p>(
        &mut self,
        ptr: &str,
        path: &'p str,
        params: &mut Vec<Param>,
        field_scope: &mut Scope,
    ) -> PathTemplate<'p> {
        // A query string in it (`/search?query={query}`): its `name={param}` pairs become
        // query parameters.
        let (template, fixed_query) = match path.split_once('?') {
            Some((template, query)) => {
                let fixed = self.query_in_path(ptr, path, query, params, field_scope);
                (template, fixed)
            }
            None => (path, Vec::new()),
        };
        let parts = self.path_parts(ptr, path, template, params);
        PathTemplate {
            template,
            parts,
            fixed_query,
        }
    }

    /// The parts of the path `template` (of the path `path`, as written). A broken template is
    /// an error; the rest of the operation is still checked, so that its other problems are
    /// reported too. A path parameter the path does not use is not sent (a warning).
    fn path_parts(
        &mut self,
        ptr: &str,
        path: &str,
        template: &str,
        params: &[Param],
    ) -> Vec<PathPart> {
        let position = |name: &str| {
            (params.iter()).position(|p| p.location == ParamIn::Path && p.wire == name)
        };
        let mut parts = Vec::new();
        for segment in segments(template) {
            match segment {
                Segment::Literal(text) => parts.push(PathPart::Literal(text.to_owned())),
                Segment::Variable(name) => match position(name) {
                    Some(i) => parts.push(PathPart::Param(i)),
                    None => self.error(ptr, format!("path `{path}` uses `{{{name}}}` but the operation declares no such path parameter")),
                },
                Segment::Unclosed => self.error(ptr, format!("unclosed `{{` in path `{path}`")),
            }
        }
        for p in params {
            let used = position(&p.wire).is_some_and(|i| parts.contains(&PathPart::Param(i)));
            if p.location == ParamIn::Path && !used {
                self.warn(
                    ptr,
                    format!(
                        "path parameter `{}` does not appear in the path; it is not sent",
                        p.wire
                    ),
                );
            }
        }
        parts
    }

    /// Sends the query string `query` written into the path template `path`: each
    /// `name={param}` pair as a query parameter (the parameter the operation declares by that
    /// name, in the path or the query, else a required string); each fixed pair as it is,
    /// returned. A pair whose name is templated is an error.
    fn query_in_path(
        &mut self,
        ptr: &str,
        path: &str,
        query: &str,
        params: &mut Vec<Param>,
        field_scope: &mut Scope,
    ) -> Vec<QueryPair> {
        self.warn(
            ptr,
            format!("path `{path}` has a query string, which OpenAPI does not allow in a path; its pairs are sent as query parameters"),
        );
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let mut fixed = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if name.contains('{') {
                self.error(
                    ptr,
                    format!("path `{path}` has a query string whose pair `{pair}` has a templated name; declare it as a query parameter instead"),
                );
                continue;
            }
            let Some(param) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) else {
                fixed.push(QueryPair {
                    name: decode(name),
                    value: decode(value),
                });
                continue;
            };
            let declared = params
                .iter_mut()
                .find(|p| p.wire == param && matches!(p.location, ParamIn::Path | ParamIn::Query));
            match declared {
                Some(p) => {
                    if p.location == ParamIn::Path {
                        p.location = ParamIn::Query;
                        p.style = QueryStyle::Form { explode: false };
                    }
                    p.wire = decode(name);
                }
                None => {
                    params.push(Param {
                        wire: decode(name),
                        rust: param_field(field_scope, param, ParamIn::Query),
                        location: ParamIn::Query,
                        ty: Ty::String,
                        required: true,
                        doc: Docs {
                            text: None,
                            notes: vec![format!("From the query string of the path `{path}`.")],
                            deprecated: None,
                        },
                        global: None,
                        style: QueryStyle::Form { explode: false },
                        example: None,
                        sample: Default::default(),
                    });
                }
            }
        }
        fixed
    }
}
