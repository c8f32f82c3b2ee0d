//! The spec-independent runtime of the client: HTTP, retries, timeouts, redirects,
//! credentials, hooks and errors. Everything public here is re-exported at the crate root.
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
//!     Err(Error::Api(e)) => { /* a documented or unexpected error status */ }
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
//!   documented on [`ClientBuilder`] and can be changed, most of them per call.

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod enums;
mod error;
mod hooks;
mod request;
mod response;
mod retry;
mod secret;

pub use client::{BuildError, Call, Client, ClientBuilder};
pub use enums::{UnknownInt, UnknownValue};
pub use error::{
    BodyTooLarge, BoxError, DecodeError, Error, InvalidRequest, RedirectError, RedirectKind,
    TimeoutError, TimeoutKind, TransportError,
};
pub use hooks::{Hook, HookContext};
pub use request::{
    AuthPlacement, Operation, OperationInfo, QueryStyle, RequestParts, SecurityRequirement,
};
pub use response::{RawResponse, Response};
pub use retry::RetryPolicy;
pub use secret::{Secret, TokenFuture, TokenProvider};

/// The HTTP client library this crate is built on, for its types (`Method`, `StatusCode`,
/// `header`, `Url`, `Request` for hooks, `Client` for [`ClientBuilder::http_client`]).
pub use reqwest;

/// Raw bytes, as returned by [`RawResponse::body`].
pub use bytes::Bytes;

#[allow(unused_imports)]
pub(crate) use enums::{int_enum_impls, string_enum_impls};

/// Support for generated code; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use super::enums::{deserialize_open_int, deserialize_open_str};

    /// A status code from a number the generator took from the document (always valid there;
    /// anything outside 100..=999 maps to 500 rather than panicking).
    pub fn status(code: u16) -> reqwest::StatusCode {
        reqwest::StatusCode::from_u16(code).unwrap_or(reqwest::StatusCode::INTERNAL_SERVER_ERROR)
    }
}
