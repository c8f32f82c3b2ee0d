//! Errors returned by calls.
//!
//! Transport problems ([`TransportError`], [`TimeoutError`]), protocol problems
//! ([`RedirectError`], [`BodyTooLarge`], [`DecodeError`]) and the API's own error responses
//! ([`Error::Api`]) are kept apart so that callers can react to each. No error ever contains
//! a credential: transport errors drop the request URL (which may carry a query credential)
//! and redirect targets are scrubbed.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::response::{RawResponse, excerpt};
use crate::secret::RedactedHeaders;

/// A boxed error, as returned by token providers and hooks.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The error of a call; `E` is the operation's own error type (its documented error
/// responses and unexpected statuses).
///
/// `Display` and [`source`](std::error::Error::source) are those of the wrapped error, so
/// printing the chain (`{e}`, then each `source()`) gives the whole story once.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status; `error` says which (per operation).
    ///
    /// Match it as `Error::Api { error: StartTaskError::NotFound, .. }` (more fields may be
    /// added).
    #[non_exhaustive]
    Api {
        /// The operation's typed error: a documented status, or the raw response of an
        /// unexpected one.
        error: E,
        /// How many attempts were made in all (more than one when error statuses were
        /// retried): the same as [`Error::attempts`].
        attempts: u32,
    },
    /// The request could not be built: bad path/header value, bad URL, missing required
    /// header, token provider failure, refused by a hook, ... Nothing was sent.
    InvalidRequest(InvalidRequest),
    /// The request could not be sent or the response not received (connect, TLS, reset).
    Transport(TransportError),
    /// A connect or request timeout elapsed.
    Timeout(TimeoutError),
    /// The response could not be decoded into the expected type.
    Decode(DecodeError),
    /// A redirect was not followed (other origin, too many hops, bad `Location`).
    Redirect(RedirectError),
    /// The response body exceeded the configured maximum size.
    BodyTooLarge(BodyTooLarge),
}

impl<E> Error<E> {
    /// The HTTP status of the response this error came from, if the runtime saw one.
    ///
    /// `None` for [`Error::Api`]: the typed error `E` carries its status (documented errors
    /// imply it, unexpected responses keep the [`RawResponse`]).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode(e) => Some(e.status()),
            Error::Redirect(e) => Some(e.status),
            Error::BodyTooLarge(e) => Some(e.status),
            _ => None,
        }
    }

    /// How many attempts were made in all: `Some` for every error that got as far as
    /// sending (retries included, the last one being the one reported), `None` only for
    /// [`Error::InvalidRequest`], when nothing was sent.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Api { attempts, .. } => Some(*attempts),
            Error::Transport(e) => Some(e.attempts),
            Error::Timeout(e) => Some(e.attempts),
            Error::Decode(e) => Some(e.0.attempts),
            Error::Redirect(e) => Some(e.attempts),
            Error::BodyTooLarge(e) => Some(e.attempts),
            Error::InvalidRequest(_) => None,
        }
    }

    /// Whether a connect or request timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// Whether the request could not be sent or the response not received.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport(_))
    }

    /// Whether the server answered with an error status of the operation.
    pub fn is_api(&self) -> bool {
        matches!(self, Error::Api { .. })
    }

    /// The operation's typed error, if that is what this is.
    pub fn as_api(&self) -> Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Converts an error that has no API variant (used by the send loop).
    pub(crate) fn widen(error: Error<std::convert::Infallible>) -> Self {
        match error {
            Error::Api { error, .. } => match error {},
            Error::InvalidRequest(e) => Error::InvalidRequest(e),
            Error::Transport(e) => Error::Transport(e),
            Error::Timeout(e) => Error::Timeout(e),
            Error::Decode(e) => Error::Decode(e),
            Error::Redirect(e) => Error::Redirect(e),
            Error::BodyTooLarge(e) => Error::BodyTooLarge(e),
        }
    }

    fn inner(&self) -> &(dyn std::error::Error + 'static)
    where
        E: std::error::Error + 'static,
    {
        match self {
            Error::Api { error, .. } => error,
            Error::InvalidRequest(e) => e,
            Error::Transport(e) => e,
            Error::Timeout(e) => e,
            Error::Decode(e) => e,
            Error::Redirect(e) => e,
            Error::BodyTooLarge(e) => e,
        }
    }
}

impl<E: std::error::Error + 'static> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.inner(), f)
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner().source()
    }
}

/// The request could not be built; nothing was sent.
#[derive(Debug)]
pub struct InvalidRequest {
    message: String,
    source: Option<BoxError>,
}

impl InvalidRequest {
    /// An invalid-request error with a message (which must not contain secrets).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn with_source(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self::from_parts(message, Some(source.into()))
    }

    pub(crate) fn from_parts(message: impl Into<String>, source: Option<BoxError>) -> Self {
        Self {
            message: message.into(),
            source,
        }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: {}", self.message)
    }
}

impl std::error::Error for InvalidRequest {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// The request could not be sent or the response could not be received.
#[derive(Debug)]
pub struct TransportError {
    source: reqwest::Error,
    attempts: u32,
    /// For a streamed body that broke off: the bytes received, and the `Content-Length`.
    streamed: Option<(u64, Option<u64>)>,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error) -> Self {
        // The URL may carry a query credential; never keep it.
        Self {
            source: source.without_url(),
            attempts: 1,
            streamed: None,
        }
    }

    /// A streamed response body broke off (a reset, or the connection closed before
    /// `Content-Length` bytes) after `received` bytes.
    pub(crate) fn streamed(source: reqwest::Error, received: u64, expected: Option<u64>) -> Self {
        Self {
            streamed: Some((received, expected)),
            ..Self::new(source)
        }
    }

    /// For a streamed response body that broke off (truncated or reset): how many bytes
    /// had been received.
    pub fn bytes_received(&self) -> Option<u64> {
        self.streamed.map(|(received, _)| received)
    }

    /// For a streamed response body that broke off: the length the server announced
    /// (`Content-Length`), if it did.
    pub fn expected_length(&self) -> Option<u64> {
        self.streamed.and_then(|(_, expected)| expected)
    }

    /// Whether the connection could not be established (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }

    /// How many attempts were made in all.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_connect() {
            "could not connect to the server"
        } else if self.source.is_body() || self.source.is_decode() {
            "error reading the response body"
        } else {
            "error sending the request"
        };
        match self.streamed {
            Some((received, Some(expected))) => write!(
                f,
                "the response body broke off after {received} of {expected} bytes ({})",
                Attempts(self.attempts)
            ),
            Some((received, None)) => write!(
                f,
                "the response body broke off after {received} bytes ({})",
                Attempts(self.attempts)
            ),
            None => write!(f, "{what} ({})", Attempts(self.attempts)),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Which timeout elapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection took too long.
    Connect,
    /// The whole attempt (send, wait, read the body) took too long.
    Request,
    /// A streamed response body: no data arrived for the read timeout.
    Read,
}

/// A connect or request timeout elapsed.
#[derive(Debug)]
pub struct TimeoutError {
    kind: TimeoutKind,
    after: Option<Duration>,
    attempts: u32,
    source: Option<reqwest::Error>,
}

impl TimeoutError {
    pub(crate) fn elapsed(after: Duration) -> Self {
        Self {
            kind: TimeoutKind::Request,
            after: Some(after),
            attempts: 1,
            source: None,
        }
    }

    /// A streamed body's read timeout.
    pub(crate) fn read(after: Duration) -> Self {
        Self {
            kind: TimeoutKind::Read,
            ..Self::elapsed(after)
        }
    }

    pub(crate) fn from_reqwest(source: reqwest::Error, connect_timeout: Option<Duration>) -> Self {
        let connect = source.is_connect();
        Self {
            kind: if connect {
                TimeoutKind::Connect
            } else {
                TimeoutKind::Request
            },
            after: connect.then_some(connect_timeout).flatten(),
            attempts: 1,
            source: Some(source.without_url()),
        }
    }

    /// Which timeout elapsed.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured duration that elapsed, when known.
    pub fn after(&self) -> Option<Duration> {
        self.after
    }

    /// How many attempts were made in all.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connect timeout",
            TimeoutKind::Request => "request timed out",
            TimeoutKind::Read => "no data received on the response body",
        };
        match self.after {
            Some(after) => write!(f, "{what} after {after:?} ({})", Attempts(self.attempts)),
            None => write!(f, "{what} ({})", Attempts(self.attempts)),
        }
    }
}

impl std::error::Error for TimeoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

/// The response could not be decoded. Keeps the status, headers and raw body for inspection.
pub struct DecodeError(Box<DecodeDetails>);

struct DecodeDetails {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    path: Option<String>,
    message: String,
    attempts: u32,
}

impl DecodeError {
    /// A decode error about `response` (for hand-written or generated `decode` functions).
    pub fn new(response: &RawResponse, message: impl Into<String>) -> Self {
        Self(Box::new(DecodeDetails {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.body().clone(),
            path: None,
            message: message.into(),
            attempts: response.attempts(),
        }))
    }

    pub(crate) fn at_path(mut self, path: String) -> Self {
        self.0.path = Some(path).filter(|p| !p.is_empty() && p != ".");
        self
    }

    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The headers of the response.
    pub fn headers(&self) -> &HeaderMap {
        &self.0.headers
    }

    /// The raw body of the response.
    pub fn body(&self) -> &Bytes {
        &self.0.body
    }

    /// The path of the field that failed to decode (e.g. `items[0].id`), if known.
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &*self.0;
        f.debug_struct("DecodeError")
            .field("status", &d.status)
            .field("path", &d.path)
            .field("message", &d.message)
            .field("headers", &RedactedHeaders(&d.headers))
            .field("body", &excerpt(&d.body, 1024))
            .field("attempts", &d.attempts)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &*self.0;
        write!(f, "failed to decode the response (status {})", d.status)?;
        if let Some(path) = &d.path {
            write!(f, " at `{path}`")?;
        }
        write!(f, ": {}", d.message)
    }
}

impl std::error::Error for DecodeError {}

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectKind {
    /// The target is on another origin (scheme, host or port differ).
    CrossOrigin,
    /// More than the configured number of hops.
    TooManyRedirects,
    /// The `Location` header could not be read or resolved.
    InvalidLocation,
    /// A user-supplied `reqwest::Client` followed a redirect to another origin by itself.
    FollowedByHttpClient,
    /// A redirect (307, 308) would send the body again, and it is a stream, sent once.
    BodyNotReplayable,
}

/// A redirect response that was not followed.
#[derive(Debug)]
pub struct RedirectError {
    status: StatusCode,
    location: Option<String>,
    kind: RedirectKind,
    attempts: u32,
}

impl RedirectError {
    pub(crate) fn new(status: StatusCode, location: Option<String>, kind: RedirectKind) -> Self {
        Self {
            status,
            location,
            kind,
            attempts: 1,
        }
    }

    /// The status of the redirect response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The redirect target (credentials scrubbed), if there was one.
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// Why it was not followed.
    pub fn kind(&self) -> RedirectKind {
        self.kind
    }
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.kind {
            RedirectKind::CrossOrigin => "redirect to another origin not followed",
            RedirectKind::TooManyRedirects => "too many redirects",
            RedirectKind::InvalidLocation => "redirect with an invalid Location",
            RedirectKind::FollowedByHttpClient => {
                "the HTTP client followed a redirect to another origin"
            }
            RedirectKind::BodyNotReplayable => {
                "redirect not followed: the request's streamed body cannot be sent again"
            }
        };
        write!(f, "{why} (status {}", self.status)?;
        if let Some(location) = &self.location {
            write!(f, ", location {location}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for RedirectError {}

/// The response body was larger than the configured maximum.
#[derive(Debug)]
pub struct BodyTooLarge {
    status: StatusCode,
    limit: usize,
    content_length: Option<u64>,
    attempts: u32,
}

impl BodyTooLarge {
    pub(crate) fn new(status: StatusCode, limit: usize, content_length: Option<u64>) -> Self {
        Self {
            status,
            limit,
            content_length,
            attempts: 1,
        }
    }

    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The configured maximum, in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The `Content-Length` the server announced, if any.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "response body exceeds the limit of {} bytes (status {}",
            self.limit, self.status
        )?;
        if let Some(len) = self.content_length {
            write!(f, ", content-length {len}")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for BodyTooLarge {}

/// Records the final attempt count on errors that carry one.
pub(crate) fn set_attempts<E>(error: &mut Error<E>, attempts: u32) {
    match error {
        Error::Transport(e) => e.attempts = attempts,
        Error::Timeout(e) => e.attempts = attempts,
        Error::Decode(e) => e.0.attempts = attempts,
        Error::Redirect(e) => e.attempts = attempts,
        Error::BodyTooLarge(e) => e.attempts = attempts,
        Error::Api { attempts: n, .. } => *n = attempts,
        Error::InvalidRequest(_) => {}
    }
}

/// Formats "1 attempt" / "3 attempts".
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 attempt"),
            n => write!(f, "{n} attempts"),
        }
    }
}
