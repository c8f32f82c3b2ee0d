//! Responses: the complete [`RawResponse`] handed to an operation's `decode`, and the
//! [`Response<T>`] returned by `send_with_response`.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};

use crate::error::DecodeError;
use crate::lenient::Lenient;
use crate::secret::RedactedHeaders;

/// A complete HTTP response (body fully read, redirects handled).
///
/// `Debug` shows the status, the headers (sensitive ones redacted) and at most 1 KiB of the
/// body; `Display` reads like `unexpected status 418 I'm a teapot: <body excerpt>`, which
/// suits its use as the payload of an operation's "unexpected status" error.
#[derive(Clone)]
pub struct RawResponse(Box<RawParts>);

// Boxed so that error enums holding a `RawResponse` stay small.
#[derive(Clone)]
struct RawParts {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
}

impl RawResponse {
    /// A complete response, as if received in one attempt: to decode a response obtained
    /// some other way, or to test what an operation makes of one
    /// (`GetTasksRequest::decode(RawResponse::new(StatusCode::OK, headers, body))`, with
    /// [`Operation::decode`](crate::Operation::decode)).
    pub fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self(Box::new(RawParts {
            status,
            headers,
            body,
            attempts: 1,
        }))
    }

    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        self.0.attempts = attempts;
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.0.body
    }

    /// The body as text, with invalid UTF-8 replaced by U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.body).into_owned()
    }

    /// How many attempts were made in all to get this response.
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// Deserializes the JSON body. An empty body is an error (a schema expects a value);
    /// a failure reports the path of the failing field and mentions a non-JSON
    /// `Content-Type` if the server sent one.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        self.decode_json(false)
    }

    /// [`json`](Self::json) with lenient scalars, for a crate generated with them on: an
    /// integer or a number is also read from a string holding one, a boolean from `0`/`1`,
    /// `"0"`/`"1"` and `"true"`/`"false"`, a string from a number or a boolean. Anything
    /// else is still an error with the field's path.
    pub fn json_lenient<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        self.decode_json(true)
    }

    fn decode_json<T: serde::de::DeserializeOwned>(&self, lenient: bool) -> Result<T, DecodeError> {
        if self.0.body.iter().all(u8::is_ascii_whitespace) {
            return Err(DecodeError::new(
                self,
                "expected a JSON value, got an empty body",
            ));
        }
        // Fast path: plain serde_json. Tracking the path of every field costs as much as the
        // decoding itself, so only a body that fails is decoded again, for the error's path.
        if let Ok(value) = from_slice(&self.0.body, lenient) {
            return Ok(value);
        }
        let mut de = serde_json::Deserializer::from_slice(&self.0.body);
        let mut track = serde_path_to_error::Track::new();
        let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
        let result = if lenient {
            T::deserialize(Lenient(tracked))
        } else {
            T::deserialize(tracked)
        };
        let (path, error) = match result {
            Ok(value) => match de.end() {
                Ok(()) => return Ok(value),
                Err(e) => (String::new(), e),
            },
            Err(e) => (track.path().to_string(), e),
        };
        // serde quotes the offending value whole (a 1 MiB string: a 1 MiB message).
        let mut message = shorten(error.to_string(), 1024);
        if let Some(ct) = self.content_type().filter(|ct| !is_json(ct)) {
            message = format!("{message} (content type is `{ct}`, not JSON)");
        }
        Err(DecodeError::new(self, message).at_path(path))
    }

    /// The body as text; invalid UTF-8 is a [`DecodeError`].
    pub fn into_text(self) -> Result<String, DecodeError> {
        match std::str::from_utf8(&self.0.body) {
            Ok(text) => Ok(text.to_owned()),
            Err(e) => Err(DecodeError::new(
                &self,
                format!("body is not valid UTF-8: {e}"),
            )),
        }
    }

    /// The raw body.
    pub fn into_bytes(self) -> Bytes {
        self.0.body
    }

    fn content_type(&self) -> Option<&str> {
        self.0.headers.get(CONTENT_TYPE)?.to_str().ok()
    }
}

/// The whole of `body` as a `T`, leniently or not (`serde_json::from_slice`).
fn from_slice<T: serde::de::DeserializeOwned>(body: &[u8], lenient: bool) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = if lenient {
        T::deserialize(Lenient(&mut de))?
    } else {
        T::deserialize(&mut de)?
    };
    de.end()?;
    Ok(value)
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, ...).
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// `message` if it has at most `max` bytes, else its start and its end (where serde says
/// what was expected and where) around `...`.
fn shorten(message: String, max: usize) -> String {
    if message.len() <= max {
        return message;
    }
    let floor = |mut i: usize| {
        while !message.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let head = floor(max / 2);
    let tail = floor(message.len() - max / 4);
    format!("{}...{}", &message[..head], &message[tail..])
}

/// Up to `max` bytes of `body` as lossy text, marked when cut.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    let cut = body.len() > max;
    let mut text = String::from_utf8_lossy(&body[..body.len().min(max)]).into_owned();
    if cut {
        text.push_str("...");
    }
    text
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.0.status)
            .field("headers", &RedactedHeaders(&self.0.headers))
            .field("body", &excerpt(&self.0.body, 1024))
            .field("attempts", &self.0.attempts)
            .finish()
    }
}

impl fmt::Display for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected status {}", self.0.status)?;
        if !self.0.body.is_empty() {
            write!(f, ": {}", excerpt(&self.0.body, 200))?;
        }
        Ok(())
    }
}

/// A successful result together with the response it came from.
#[derive(Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
    attempts: u32,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, value: T, attempts: u32) -> Self {
        Self {
            status,
            headers,
            value,
            attempts,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Takes the decoded value.
    pub fn into_value(self) -> T {
        self.value
    }

    /// How many attempts were made in all.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Splits into status, headers and value.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.value)
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("value", &self.value)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// One operation's response decoding with its types erased, so that a test or a fuzz
/// target can reach every operation of a generated crate: its `operations::DECODERS` lists
/// one per operation (hidden; not part of the public API).
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Decoder {
    operation: fn() -> &'static str,
    decode: fn(RawResponse) -> Result<Decoded, DecodeError>,
}

impl Decoder {
    /// The decoder of operation `O`.
    pub const fn of<O: crate::Operation>() -> Self
    where
        O::Output: fmt::Debug,
    {
        Self {
            operation: operation_id::<O>,
            decode: decode_erased::<O>,
        }
    }

    /// The operation's `operationId`.
    pub fn operation(&self) -> &'static str {
        (self.operation)()
    }

    /// The operation's [`Operation::decode`](crate::Operation::decode), then the result
    /// formatted (so every generated type's `Debug` and every error's `Display` run too).
    pub fn decode(&self, response: RawResponse) -> Result<Decoded, DecodeError> {
        (self.decode)(response)
    }
}

impl fmt::Debug for Decoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoder")
            .field("operation", &self.operation())
            .finish_non_exhaustive()
    }
}

fn operation_id<O: crate::Operation>() -> &'static str {
    O::INFO.id
}

/// What a [`Decoder`] made of a response that decoded: the operation's output (its `Debug`)
/// or its typed error (its `Display`).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A success status, decoded.
    Output(String),
    /// An error status, typed (a documented one, or `Unexpected`).
    Error(String),
}

fn decode_erased<O: crate::Operation>(response: RawResponse) -> Result<Decoded, DecodeError>
where
    O::Output: fmt::Debug,
{
    Ok(match O::decode(response)? {
        Ok(output) => Decoded::Output(format!("{output:?}")),
        Err(error) => Decoded::Error(error.to_string()),
    })
}
