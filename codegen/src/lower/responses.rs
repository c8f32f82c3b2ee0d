//! Responses: status matching (an exact code, then a range, then `default`), success and
//! error variants named by reason phrase, response bodies (JSON, text or bytes) and the
//! `Accept` header they make; a `$ref`ed response's body is lowered once, at the
//! component's pointer.

use std::collections::BTreeSet;

use oa::ReferenceOr;
use openapiv3 as oa;

use super::Lowerer;
use super::body::{pick_media, schema_pointer};
use super::operations::OpCtx;
use super::schemas::wrap_nullable;
use crate::diag::push_pointer;
use crate::docs::clean_doc;
use crate::http::{is_json, is_text, media_essence, reason_phrase};
use crate::model::{HttpMethod, Resp, RespBody, StatusMatch, Ty};
use crate::names::{self, Scope};

/// An operation's responses, by outcome.
pub(super) struct Responses {
    /// Sorted in matching order (exact codes, ranges, `default`); never empty.
    pub(super) success: Vec<Resp>,
    pub(super) errors: Vec<Resp>,
    /// The `Accept` header, from the media types of every response body.
    pub(super) accept: Option<String>,
}

/// A response body, and the media types to list in `Accept` for it.
#[derive(Debug, Clone)]
pub(super) struct ResponseBody {
    body: RespBody,
    accept: Vec<String>,
}

/// A documented response: the statuses it covers, its key in `responses`, the response.
struct Entry<'o> {
    status: StatusMatch,
    key: String,
    response: &'o ReferenceOr<oa::Response>,
}

impl Lowerer<'_> {
    /// The responses of an operation. A `default` response is a success when no success
    /// status is documented; nothing documented as success is any 2xx, without a body.
    pub(super) fn responses(&mut self, cx: &OpCtx<'_>) -> Responses {
        let entries = entries(cx.op);
        let has_explicit_success = entries.iter().any(|e| is_success(e.status));
        let n_success = entries.iter().filter(|e| is_success(e.status)).count();
        let r_ptr = push_pointer(cx.ptr, "responses");
        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut media_types: BTreeSet<String> = BTreeSet::new();
        let mut success_scope = Scope::default();
        let mut error_scope = Scope::with_reserved(&["Unexpected"]);
        for entry in &entries {
            let e_ptr = push_pointer(&r_ptr, &entry.key);
            let Some(resolved) = self.inline_or_component(entry.response, &e_ptr) else {
                continue;
            };
            let resp = resolved.item;
            let m = entry.status;
            let reason = reason_variant(m);
            let as_success = is_success(m) || (m == StatusMatch::Default && !has_explicit_success);
            let as_error = !is_success(m);
            let camel = &cx.names.camel;
            let hint = if as_success && !as_error && n_success <= 1 {
                format!("{camel}Response")
            } else if as_success && !as_error {
                format!("{camel}{reason}Body")
            } else {
                format!("{camel}{reason}")
            };
            // 204, 205 and 304 answers, and answers to HEAD, have no body whatever the
            // document says.
            let bodiless =
                cx.method == HttpMethod::Head || matches!(m, StatusMatch::Code(204 | 205 | 304));
            let body = if bodiless {
                if !resp.content.is_empty() {
                    self.warn(
                        &push_pointer(&e_ptr, "content"),
                        "this response never has a body (HTTP); its content is ignored",
                    );
                }
                ResponseBody {
                    body: RespBody::None,
                    accept: Vec::new(),
                }
            } else if let Some(shared) = resolved.component {
                // Named after the component (`NotFound`), or after the status when the
                // component is named by its code (`404` -> `NotFound`).
                self.shared_body(
                    shared,
                    |l| &mut l.shared_bodies,
                    |_| reason.clone(),
                    |l, at, hint| l.response_body(&resp, at, hint),
                )
            } else {
                self.response_body(&resp, &e_ptr, &hint)
            };
            media_types.extend(body.accept);
            let description = clean_doc(&resp.description);
            if as_success {
                success.push(Resp {
                    status: m,
                    variant: success_scope.claim_one(reason.clone()),
                    description: description.clone(),
                    body: body.body.clone(),
                });
            }
            if as_error {
                errors.push(Resp {
                    status: m,
                    variant: error_scope.claim_one(reason),
                    description,
                    body: body.body,
                });
            }
        }
        if success.is_empty() {
            success.push(Resp {
                status: StatusMatch::Range(2),
                variant: "Success".into(),
                description: None,
                body: RespBody::None,
            });
        }
        // Exact codes before ranges before default (matching order).
        success.sort_by_key(|r| r.status);
        errors.sort_by_key(|r| r.status);
        Responses {
            success,
            errors,
            accept: accept_header(&media_types),
        }
    }

    /// The body of a response at `ptr`, and the media types to list in `Accept` for it: the
    /// one typed as JSON, or every text (or every binary) type, which decode alike.
    fn response_body(&mut self, resp: &oa::Response, ptr: &str, hint: &str) -> ResponseBody {
        let none = || ResponseBody {
            body: RespBody::None,
            accept: Vec::new(),
        };
        let Some(pick) = pick_media(resp.content.keys().map(String::as_str), false) else {
            return none();
        };
        let Some(media) = resp.content.get(pick) else {
            return none();
        };
        let essence = media_essence(pick);
        let alike = |same: &dyn Fn(&str) -> bool| -> Vec<String> {
            resp.content
                .keys()
                .filter(|m| same(&media_essence(m)))
                .cloned()
                .collect()
        };
        let content_type = pick.to_owned();
        if is_json(&essence) {
            let body = match &media.schema {
                Some(s) => {
                    let l = self.lower(s, &schema_pointer(ptr, pick), hint);
                    RespBody::Json(wrap_nullable(l))
                }
                None => RespBody::Json(Ty::Json),
            };
            let accept = vec![content_type];
            ResponseBody { body, accept }
        } else if is_text(&essence) {
            let body = RespBody::Text { content_type };
            let accept = alike(&|e| is_text(e));
            ResponseBody { body, accept }
        } else {
            let body = RespBody::Bytes { content_type };
            let accept = alike(&|e| !is_json(e) && !is_text(e));
            ResponseBody { body, accept }
        }
    }
}

/// The documented responses in document order, `default` last.
fn entries(op: &oa::Operation) -> Vec<Entry<'_>> {
    let mut entries: Vec<Entry<'_>> = (op.responses.responses.iter())
        .map(|(code, response)| {
            let (status, key) = match code {
                oa::StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
                oa::StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
            };
            Entry {
                status,
                key,
                response,
            }
        })
        .collect();
    if let Some(response) = &op.responses.default {
        entries.push(Entry {
            status: StatusMatch::Default,
            key: "default".into(),
            response,
        });
    }
    entries
}

/// Whether a status is a success (2xx and 3xx: redirects the client did not follow).
fn is_success(m: StatusMatch) -> bool {
    match m {
        StatusMatch::Code(c) => (200..400).contains(&c),
        StatusMatch::Range(r) => r == 2 || r == 3,
        StatusMatch::Default => false,
    }
}

/// The `Accept` header: JSON types first.
fn accept_header(media: &BTreeSet<String>) -> Option<String> {
    if media.is_empty() {
        return None;
    }
    let mut list: Vec<&String> = media.iter().collect();
    list.sort_by_key(|m| (!is_json(&media_essence(m)), m.to_string()));
    Some(
        list.iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// The variant name of a status: its reason phrase (`NotFound`), or what it covers.
fn reason_variant(m: StatusMatch) -> String {
    match m {
        StatusMatch::Code(c) => match reason_phrase(c) {
            Some(r) => names::variant_name(r),
            None => format!("Status{c}"),
        },
        StatusMatch::Range(1) => "Informational".into(),
        StatusMatch::Range(2) => "Success".into(),
        StatusMatch::Range(3) => "Redirection".into(),
        StatusMatch::Range(4) => "ClientError".into(),
        StatusMatch::Range(5) => "ServerError".into(),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_variants() {
        assert_eq!(reason_variant(StatusMatch::Code(200)), "Ok");
        assert_eq!(reason_variant(StatusMatch::Code(418)), "ImATeapot");
        assert_eq!(reason_variant(StatusMatch::Code(299)), "Status299");
        assert_eq!(reason_variant(StatusMatch::Range(4)), "ClientError");
    }
}
