//! `multipart/form-data` request bodies (RFC 7578): [`FilePart`], [`Multipart`] and the
//! [`MultipartForm`] trait the generated form structs implement.
//!
//! A form is encoded into one buffer, not streamed, so that a retry or a redirect hop can
//! send it again. (reqwest's own `multipart::Form` is a one-shot stream, which could not.)

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use serde_json::Value;

use crate::error::InvalidRequest;

/// A file to upload as one part of a `multipart/form-data` body: its bytes, and the file name
/// and media type the part declares.
///
/// Without a file name the part is named after its form field; without a media type it is
/// sent as the type the API document gives for the field, else `application/octet-stream`.
/// `Debug` shows the length, not the bytes.
///
/// ```ignore
/// let photo = FilePart::new(std::fs::read("cover.jpg")?)
///     .with_file_name("cover.jpg")
///     .with_content_type("image/jpeg");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct FilePart {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file with these bytes.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name the part declares (`filename=` of its `Content-Disposition`).
    #[must_use]
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's media type (its `Content-Type`).
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file name, if one was set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type, if one was set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

impl From<String> for FilePart {
    fn from(text: String) -> Self {
        Self::new(text)
    }
}

impl From<&'static str> for FilePart {
    fn from(text: &'static str) -> Self {
        Self::new(text)
    }
}

/// A request body type sent as `multipart/form-data` (the generator makes one for each such
/// body of the API document): it writes each field as parts of the form.
pub trait MultipartForm {
    /// Appends the parts of every field to `form`: one per value, none for an absent
    /// optional field, one per item of a list.
    fn write_parts(&self, form: &mut Multipart) -> Result<(), InvalidRequest>;
}

/// A `multipart/form-data` body being written (see [`MultipartForm`]).
pub struct Multipart {
    boundary: String,
    buf: Vec<u8>,
}

impl Multipart {
    /// An empty form with a fresh random boundary.
    pub(crate) fn new() -> Self {
        Self {
            boundary: boundary(),
            buf: Vec::new(),
        }
    }

    /// Appends a field's value: a string as it is, a number or boolean as its text, an
    /// object as a JSON part (`application/json`), a list as one part per item, and `null`
    /// (an absent optional field) as nothing.
    pub fn field<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), InvalidRequest> {
        self.value(name, value, None)
    }

    /// [`field`](Self::field) under the media type the document's `encoding` gives the
    /// field (a string is still sent as it is: JSON text, say, for `application/json`).
    pub fn field_with_type<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: &str,
    ) -> Result<(), InvalidRequest> {
        self.value(name, value, Some(content_type))
    }

    /// Appends one file part per item of `files` (a `&FilePart` in a one-element array, an
    /// `&Option<FilePart>` or an `&Vec<FilePart>`).
    pub fn files<'a>(
        &mut self,
        name: &str,
        files: impl IntoIterator<Item = &'a FilePart>,
    ) -> Result<(), InvalidRequest> {
        self.files_with_type(name, files, "application/octet-stream")
    }

    /// [`files`](Self::files) with the media type for files that do not set their own (the
    /// document's `encoding` of the field).
    pub fn files_with_type<'a>(
        &mut self,
        name: &str,
        files: impl IntoIterator<Item = &'a FilePart>,
        content_type: &str,
    ) -> Result<(), InvalidRequest> {
        for file in files {
            let file_name = file.file_name.as_deref().unwrap_or(name);
            let file_type = file.content_type.as_deref().unwrap_or(content_type);
            self.part(name, Some(file_name), Some(file_type), &file.bytes)?;
        }
        Ok(())
    }

    fn value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), InvalidRequest> {
        let value = serde_json::to_value(value).map_err(|e| {
            InvalidRequest::with_source(format!("form field `{name}` cannot be serialized"), e)
        })?;
        match value {
            Value::Array(items) => items
                .iter()
                .filter(|item| !item.is_null())
                .try_for_each(|item| self.value_part(name, item, content_type)),
            Value::Null => Ok(()),
            value => self.value_part(name, &value, content_type),
        }
    }

    fn value_part(
        &mut self,
        name: &str,
        value: &Value,
        content_type: Option<&str>,
    ) -> Result<(), InvalidRequest> {
        let structured = matches!(value, Value::Object(_) | Value::Array(_));
        let content_type = content_type.or(structured.then_some("application/json"));
        match value {
            Value::String(text) => self.part(name, None, content_type, text.as_bytes()),
            other => self.part(name, None, content_type, other.to_string().as_bytes()),
        }
    }

    /// Appends one part. Names are quoted as HTML forms do (`"`, CR and LF
    /// percent-encoded); a media type with a line break is refused.
    fn part(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), InvalidRequest> {
        if content_type.is_some_and(|t| t.bytes().any(|b| b.is_ascii_control())) {
            return Err(InvalidRequest::new(format!(
                "form field `{name}`: its media type contains a control character"
            )));
        }
        let buf = &mut self.buf;
        buf.extend_from_slice(b"--");
        buf.extend_from_slice(self.boundary.as_bytes());
        buf.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        push_quoted(buf, name);
        buf.push(b'"');
        if let Some(file_name) = file_name {
            buf.extend_from_slice(b"; filename=\"");
            push_quoted(buf, file_name);
            buf.push(b'"');
        }
        if let Some(content_type) = content_type {
            buf.extend_from_slice(b"\r\nContent-Type: ");
            buf.extend_from_slice(content_type.as_bytes());
        }
        buf.extend_from_slice(b"\r\n\r\n");
        buf.extend_from_slice(body);
        buf.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// The body's `Content-Type` (with the boundary) and its bytes.
    pub(crate) fn finish(mut self) -> (String, Bytes) {
        self.buf.extend_from_slice(b"--");
        self.buf.extend_from_slice(self.boundary.as_bytes());
        self.buf.extend_from_slice(b"--\r\n");
        let content_type = format!("multipart/form-data; boundary={}", self.boundary);
        (content_type, Bytes::from(self.buf))
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("len", &self.buf.len())
            .finish_non_exhaustive()
    }
}

/// Writes `text` for a quoted `Content-Disposition` parameter, as the HTML standard encodes
/// form data: `"` as `%22`, CR as `%0D`, LF as `%0A`.
fn push_quoted(buf: &mut Vec<u8>, text: &str) {
    for b in text.bytes() {
        match b {
            b'"' => buf.extend_from_slice(b"%22"),
            b'\r' => buf.extend_from_slice(b"%0D"),
            b'\n' => buf.extend_from_slice(b"%0A"),
            b => buf.push(b),
        }
    }
}

/// A boundary no part is expected to contain: 128 bits from a randomly keyed hash of a
/// per-process counter, so it differs for every body and cannot be guessed from earlier ones.
fn boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let keys = RandomState::new();
    let (a, b) = (keys.hash_one(n), keys.hash_one(!n));
    format!("----form-boundary-{a:016x}{b:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(write: impl FnOnce(&mut Multipart) -> Result<(), InvalidRequest>) -> String {
        let mut form = Multipart::new();
        write(&mut form).unwrap();
        let boundary = form.boundary.clone();
        let (content_type, body) = form.finish();
        assert_eq!(
            content_type,
            format!("multipart/form-data; boundary={boundary}")
        );
        String::from_utf8(body.to_vec())
            .unwrap()
            .replace(&boundary, "B")
    }

    #[test]
    fn fields_and_files_are_parts() {
        let body = encode(|form| {
            form.field("caption", "a \"b\"")?;
            form.field("count", &3)?;
            form.field("tags", &["x", "y"])?;
            form.field("missing", &None::<String>)?;
            form.field("meta", &serde_json::json!({"k": 1}))?;
            let file = FilePart::new(&b"\x00\x01"[..]).with_file_name("a\"b.bin");
            form.files("file", [&file])?;
            form.files_with_type("photo", &Some(FilePart::new("jpeg")), "image/jpeg")
        });
        assert_eq!(
            body,
            "--B\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\na \"b\"\r\n\
             --B\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n3\r\n\
             --B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
             --B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
             --B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":1}\r\n\
             --B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n\
             --B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo\"\r\nContent-Type: image/jpeg\r\n\r\njpeg\r\n\
             --B--\r\n"
        );
    }

    #[test]
    fn a_given_type_labels_the_text_and_a_line_break_is_refused() {
        let body = encode(|form| form.field_with_type("doc", "{\"a\":1}", "application/json"));
        assert!(
            body.contains("Content-Type: application/json\r\n\r\n{\"a\":1}\r\n"),
            "{body}"
        );
        let mut form = Multipart::new();
        let err = form
            .field_with_type("x", "1", "text/plain\r\nX-Evil: 1")
            .unwrap_err();
        assert!(err.to_string().contains("control character"), "{err}");
    }

    #[test]
    fn every_body_has_its_own_boundary() {
        assert_ne!(Multipart::new().boundary, Multipart::new().boundary);
    }
}
