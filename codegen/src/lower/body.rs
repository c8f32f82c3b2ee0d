//! Request bodies: which media type is sent (JSON first), and how (a JSON value, a
//! urlencoded form, a multipart form struct, text or raw bytes); a `$ref`ed body is lowered
//! once, at the component's pointer, and named after it.

use openapiv3 as oa;

use super::Lowerer;
use super::samples::first_example;
use super::schemas::wrap_nullable;
use crate::diag::push_pointer;
use crate::docs::clean_doc;
use crate::http::{is_json, is_text, media_essence};
use crate::model::{Body, BodyKind, Docs, Ty};
use crate::names::{self, Scope};

impl Lowerer<'_> {
    /// The request body of the operation `op` at `ptr`, its field claimed in `scope`; its
    /// inline type is named after the operation (`camel`).
    pub(super) fn request_body(
        &mut self,
        op: &oa::Operation,
        ptr: &str,
        camel: &str,
        scope: &mut Scope,
    ) -> Option<Body> {
        let ptr = push_pointer(ptr, "requestBody");
        let resolved = self.inline_or_component(op.request_body.as_ref()?, &ptr)?;
        let rb = resolved.item;
        let pick = pick_media(rb.content.keys().map(String::as_str), true)?;
        let media = rb.content.get(pick)?;
        let essence = media_essence(pick);
        let kind = match resolved.component {
            Some(shared) => self.shared_body(
                shared,
                |l| &mut l.shared_request_bodies,
                names::type_name,
                |l, at, hint| l.body_kind(media, pick, &essence, at, hint),
            ),
            None => self.body_kind(media, pick, &essence, &ptr, &format!("{camel}Body")),
        };
        let mut sample = media
            .schema
            .as_ref()
            .map(|s| self.sample(s))
            .unwrap_or_default();
        if let Some(v) = media
            .example
            .clone()
            .or_else(|| first_example(&media.examples))
        {
            sample.value = Some(v);
        }
        let mut doc = Docs {
            text: rb.description.as_deref().and_then(clean_doc),
            ..Docs::default()
        };
        if kind == BodyKind::Bytes {
            doc.notes.push(format!(
                "Sent as raw bytes with `Content-Type: {pick}`: bytes, a file \
                     ([`UploadBody::file`](crate::UploadBody::file), retried like bytes) or a \
                     stream ([`UploadBody::stream`](crate::UploadBody::stream), sent once: \
                     not retried)."
            ));
        }
        Some(Body {
            rust: scope.claim(&["body", "request_body"]),
            kind,
            content_type: pick.to_owned(),
            required: rb.required,
            doc,
            sample,
        })
    }

    /// How a request body of media type `pick` is sent; its schema is at `ptr`/content/...
    fn body_kind(
        &mut self,
        media: &oa::MediaType,
        pick: &str,
        essence: &str,
        ptr: &str,
        hint: &str,
    ) -> BodyKind {
        let m_ptr = schema_pointer(ptr, pick);
        if is_json(essence) {
            match &media.schema {
                Some(s) => BodyKind::Json(wrap_nullable(self.lower(s, &m_ptr, hint))),
                None => BodyKind::Json(Ty::Json),
            }
        } else if essence == "application/x-www-form-urlencoded" {
            match &media.schema {
                Some(s) => BodyKind::Form(wrap_nullable(self.lower(s, &m_ptr, hint))),
                None => BodyKind::Form(Ty::Map(Box::new(Ty::String))),
            }
        } else if essence == "multipart/form-data"
            && let Some(form) = self.form(media, &m_ptr, hint)
        {
            BodyKind::Multipart(form)
        } else if is_text(essence) {
            BodyKind::Text
        } else {
            if essence.starts_with("multipart/") {
                self.warn(ptr, "multipart bodies other than forms of an object schema are sent as raw bytes: build the body and set its Content-Type (with the boundary) yourself");
            }
            BodyKind::Bytes
        }
    }
}

/// The pointer of the schema of the media type `media` of the body (or response) at `ptr`.
pub(super) fn schema_pointer(ptr: &str, media: &str) -> String {
    push_pointer(
        &push_pointer(&push_pointer(ptr, "content"), media),
        "schema",
    )
}

/// Chooses the media type to type a body with: JSON first, then (for requests) forms,
/// urlencoded before multipart, then text, then the first one.
pub(super) fn pick_media<'m>(
    types: impl Iterator<Item = &'m str>,
    request: bool,
) -> Option<&'m str> {
    let all: Vec<&str> = types.collect();
    let rank = |m: &&&str| {
        let e = media_essence(m);
        if is_json(&e) {
            0
        } else if request && e == "application/x-www-form-urlencoded" {
            1
        } else if request && e == "multipart/form-data" {
            2
        } else if is_text(&e) {
            3
        } else {
            4
        }
    };
    all.iter().min_by_key(rank).copied()
}
