//! What every generated per-operation error enum and request struct share, written once:
//! [`ErrorDescription`] with `api_error!` (an error's `status()`,
//! `Display` and `Error`), and `header_setters!` (the setters of the
//! client-wide headers on a request struct).

use std::fmt;

use reqwest::StatusCode;

use crate::response::RawResponse;

/// What a value of a per-operation error enum is: its status and message. Each generated
/// error enum has a `describe` method that makes one per variant; its `status()`, `Display`
/// and `Error` impls (`api_error!`) are written once, here.
#[derive(Debug, Clone, Copy)]
pub enum ErrorDescription<'a> {
    /// A status the document lists by its code, with the whole message (`404 Not Found: No
    /// such task`).
    Documented(StatusCode, &'static str),
    /// A status the document covers by a range (`5XX`) or `default`: the status the server
    /// answered with, and the message printed after it (`503 Service Unavailable: message`).
    Matched(StatusCode, &'static str),
    /// A status the document does not list for the operation: the raw response.
    Unexpected(&'a RawResponse),
}

impl ErrorDescription<'_> {
    /// The HTTP status the server answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Documented(status, _) | Self::Matched(status, _) => *status,
            Self::Unexpected(response) => response.status(),
        }
    }
}

impl fmt::Display for ErrorDescription<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Documented(_, message) => f.write_str(message),
            Self::Matched(status, message) => write!(f, "{status}: {message}"),
            Self::Unexpected(response) => fmt::Display::fmt(response, f),
        }
    }
}

/// The `status()` method and the `Display` and `Error` impls of a generated error enum, from
/// its `describe(&self) -> ErrorDescription<'_>` method.
#[doc(hidden)]
#[macro_export]
macro_rules! api_error {
    ($error:ident) => {
        impl $error {
            /// The HTTP status the server answered with.
            pub fn status(&self) -> $crate::reqwest::StatusCode {
                self.describe().status()
            }
        }

        impl ::std::fmt::Display for $error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.describe(), f)
            }
        }

        impl ::std::error::Error for $error {}
    };
}

/// Setters of client-wide headers on a generated request struct, whose `headers` field holds
/// their values for one call: `header_setters!(product(String), device(String))`.
#[doc(hidden)]
#[macro_export]
macro_rules! header_setters {
    ($($field:ident($ty:ty)),* $(,)?) => {
        $(
            #[doc = ::std::concat!(
                "Sets [`headers.", ::std::stringify!($field),
                "`](Self::headers): this call's value of the header, instead of the client's."
            )]
            #[must_use]
            pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
                self.headers.$field = ::std::option::Option::Some(value.into());
                self
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_description_gives_the_status_and_the_message() {
        let documented = ErrorDescription::Documented(StatusCode::NOT_FOUND, "404 Not Found: gone");
        assert_eq!(documented.status(), StatusCode::NOT_FOUND);
        assert_eq!(documented.to_string(), "404 Not Found: gone");
        let matched = ErrorDescription::Matched(StatusCode::SERVICE_UNAVAILABLE, "Server error");
        assert_eq!(matched.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(matched.to_string(), "503 Service Unavailable: Server error");
    }
}
