//! The spec-independent runtime of a generated client: HTTP, retries, timeouts, redirects,
//! credentials, hooks and errors. A crate of its own, so that it is compiled once and not
//! again when the document changes: a generated crate depends on it (by path, or on a copy
//! vendored into its `runtime/` directory when it is generated outside this repository) and
//! re-exports everything public here at its root.
//!
//! ```ignore
//! let client = Client::builder()
//!     .base_url("https://example.com/plex/") // a path prefix is kept
//!     .token(token)                          // or `token_fn` / `token_provider`
//!     .retry(RetryPolicy::default().max_attempts(5))
//!     .build()?;
//!
//! let value = client.some_operation().await?;        // just the value
//! let response = client
//!     .some_operation()
//!     .timeout(Duration::from_secs(5))                 // per-call overrides
//!     .send_with_response()
//!     .await?;                                         // value + status + headers
//! match client.some_operation().await {
//!     Err(Error::Api { error, attempts, .. }) => { /* a documented or unexpected error status */ }
//!     Err(Error::Timeout(e)) => { /* ... */ }
//!     Err(e) => { /* transport, decode, redirect, body too large, invalid request */ }
//!     Ok(value) => { /* ... */ }
//! }
//! ```
//!
//! - Errors keep transport failures ([`TransportError`], [`TimeoutError`]) apart from the
//!   API's own error responses ([`Error::Api`]) and from protocol problems.
//! - The credential is a [`Secret`]: redacted in every `Debug`, `Display`, error and trace,
//!   marked sensitive in headers, added after [`Hook`]s run, and never sent to another
//!   origin (redirects are followed only within the same origin).
//! - Nothing is hidden: every default (timeouts, retries, body limit, redirect limit) is
//!   documented on the generated crate's `ClientBuilder` and can be changed, most of them per call.

#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]
#![warn(missing_docs)]

mod api_error;
#[cfg(feature = "blocking")]
mod blocking;
mod body;
mod client;
mod enums;
mod error;
#[allow(unsafe_code)] // The one module with `unsafe` code; it says why it is sound.
mod fields;
mod hooks;
mod identity;
mod lenient;
mod multipart;
mod nullable;
mod object;
mod request;
mod response;
mod retry;
mod secret;
mod stream;
mod wrappers;

pub use api_error::ErrorDescription;
pub use body::UploadBody;
pub use client::{BuildError, Call};
pub use enums::{UnknownInt, UnknownValue};
pub use error::{
    BodyTooLarge, BoxError, DecodeError, Error, InvalidRequest, RedirectError, RedirectKind,
    TimeoutError, TimeoutKind, TransportError,
};
pub use hooks::{Hook, HookContext};
pub use multipart::{FilePart, Multipart, MultipartForm};
pub use nullable::Nullable;
pub use request::{
    AuthPlacement, DecodeResult, Operation, OperationInfo, QueryStyle, RequestParts,
    SecurityRequirement, ServerUrl,
};
pub use response::{RawResponse, Response};
pub use retry::RetryPolicy;
pub use secret::{Secret, TokenFuture, TokenProvider};
pub use stream::{BodyReader, BodyStream, StreamedResponse};

/// The HTTP client library this crate is built on, for its types (`Method`, `StatusCode`,
/// `header`, `Url`, `Request` for hooks, `Client` for `ClientBuilder::http_client`).
pub use reqwest;

/// Raw bytes, as returned by [`RawResponse::body`].
pub use bytes::Bytes;

/// The engines behind a generated crate's `Client`, `ClientBuilder` and `blocking::Client`.
///
/// A generated crate defines those three types itself (with
/// [`client_types!`](crate::client_types), so that it can add its operations and
/// client-wide parameters to them as inherent methods) and each one wraps its engine here.
/// Use the generated crate's types; these are documented there.
#[doc(hidden)]
pub mod engine {
    pub use crate::client::{Client, ClientBuilder};

    /// The engine of a generated crate's blocking client (feature `blocking`).
    #[cfg(feature = "blocking")]
    pub mod blocking {
        pub use crate::blocking::{BodyReader, Call, Client, StreamedResponse};
    }
}

/// Support for generated code; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use super::enums::{deserialize_open_int, deserialize_open_str};
    pub use super::fields::{
        Absent, Field, Object, OutField, OutOf, Rest, SlotOf, Table, clone, debug, deserialize, eq,
        kinds, serialize_fields,
    };
    pub use super::object::{no_variant, strict, tagged_variant, unknown_tag, variant};
    pub use super::response::{Decoded, Decoder};

    /// A status code from a number the generator took from the document (always valid there;
    /// anything outside 100..=999 maps to 500 rather than panicking).
    pub fn status(code: u16) -> reqwest::StatusCode {
        reqwest::StatusCode::from_u16(code).unwrap_or(reqwest::StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The `Unknown` payload of an open string enum, for the value its `From<&str>` did not
    /// match (only generated code calls this, so an `Unknown` never holds a known value).
    pub fn unknown_value(value: &str) -> super::UnknownValue {
        super::UnknownValue::new(value)
    }

    /// The `Unknown` payload of an open integer enum, as [`unknown_value`].
    pub fn unknown_int(value: i64) -> super::UnknownInt {
        super::UnknownInt::new(value)
    }
}
