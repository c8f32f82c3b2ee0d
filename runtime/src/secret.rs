//! Credentials: the redacting [`Secret`] type and the [`TokenProvider`] trait.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;

use crate::error::BoxError;

/// A credential (token, API key, `user:password` pair) that never shows itself.
///
/// `Debug` and `Display` both print `<redacted>`; the only way to read the value is the
/// explicitly named [`Secret::expose`]. Cloning is cheap (the value is shared).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Arc::from(value.into()))
    }

    /// The credential itself. Take care not to log what this returns.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

/// The future returned by [`TokenProvider::token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, BoxError>> + Send + 'a>>;

/// Supplies the credential for each request, so that short-lived tokens (JWTs) can be
/// refreshed.
///
/// The client calls [`token`](TokenProvider::token) once per attempt (retries ask again), and
/// only for operations whose security requirements need a credential. An error from the
/// provider fails the call with [`Error::InvalidRequest`](crate::Error::InvalidRequest)
/// before anything is sent.
///
/// Any `Fn() -> impl Future<Output = Result<T, BoxError>>` closure (with `T: Into<Secret>`,
/// e.g. `String`) is a provider; for a synchronous function use
/// `ClientBuilder::token_fn`.
///
/// ```ignore
/// let client = Client::builder()
///     .token_provider(|| async { Ok::<_, BoxError>(fetch_jwt().await?) })
///     .build()?;
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// Returns the credential to use for the next attempt.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut, T> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<T, BoxError>> + Send + 'static,
    T: Into<Secret>,
{
    fn token(&self) -> TokenFuture<'_> {
        let fut = self();
        Box::pin(async move { fut.await.map(Into::into) })
    }
}

/// Adapts a synchronous function into a [`TokenProvider`] (see `ClientBuilder::token_fn`).
pub(crate) struct SyncProvider<F>(pub(crate) F);

impl<F> TokenProvider for SyncProvider<F>
where
    F: Fn() -> Result<String, BoxError> + Send + Sync + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        let result = (self.0)().map(Secret::from);
        Box::pin(std::future::ready(result))
    }
}

/// Where a credential comes from.
#[derive(Clone)]
pub(crate) enum Credential {
    /// A fixed credential, with its value as a sensitive header value made once (for an API
    /// key in a header, the usual placement), or `None` if it is not a valid header value
    /// (the call that needs it fails then, saying why).
    Static(Secret, Option<HeaderValue>),
    Provider(Arc<dyn TokenProvider>),
}

/// A credential obtained for one attempt: a fixed one is borrowed from the client (its
/// shared reference counts are not touched by every call, from every thread).
pub(crate) struct Resolved<'c> {
    pub(crate) secret: Cow<'c, Secret>,
    /// The secret as a sensitive header value, if already made.
    pub(crate) header: Option<&'c HeaderValue>,
}

impl Credential {
    /// A fixed credential.
    pub(crate) fn fixed(token: impl Into<String>) -> Self {
        let secret = Secret::new(token);
        let header = HeaderValue::from_str(secret.expose())
            .ok()
            .map(|mut value| {
                value.set_sensitive(true);
                value
            });
        Credential::Static(secret, header)
    }

    /// The value to send for one attempt.
    pub(crate) async fn resolve(&self) -> Result<Resolved<'_>, BoxError> {
        match self {
            Credential::Static(secret, header) => Ok(Resolved {
                secret: Cow::Borrowed(secret),
                header: header.as_ref(),
            }),
            Credential::Provider(provider) => Ok(Resolved {
                secret: Cow::Owned(provider.token().await?),
                header: None,
            }),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Static(..) => f.write_str("Static(<redacted>)"),
            Credential::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}

/// Header names whose values are treated as secrets wherever the runtime prints headers
/// (and which are marked sensitive when set): anything mentioning auth, token, key, secret,
/// password, session or cookie, e.g. `Authorization`, `X-Plex-Token`, `Set-Cookie`.
pub(crate) fn is_sensitive_name(name: &str) -> bool {
    const MARKERS: [&str; 7] = [
        "auth", "token", "key", "secret", "passw", "session", "cookie",
    ];
    // Case-insensitive substring search, without allocating (it runs for every header set).
    let name = name.as_bytes();
    MARKERS.iter().any(|m| {
        name.windows(m.len())
            .any(|w| w.eq_ignore_ascii_case(m.as_bytes()))
    })
}

/// `Debug` for a header map that prints `<redacted>` for sensitive values.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a reqwest::header::HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if value.is_sensitive() || is_sensitive_name(name.as_str()) {
                map.entry(&name.as_str(), &"<redacted>");
            } else {
                map.entry(&name.as_str(), value);
            }
        }
        map.finish()
    }
}

/// Replaces every occurrence of each secret in `text`, raw or percent-encoded (as this
/// runtime encodes query values, or with every non-alphanumeric byte encoded).
pub(crate) fn scrub<'a>(text: &str, secrets: impl IntoIterator<Item = &'a Secret>) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let mut out = text.to_owned();
    for secret in secrets
        .into_iter()
        .map(Secret::expose)
        .filter(|s| !s.is_empty())
    {
        let component = utf8_percent_encode(secret, crate::request::COMPONENT).to_string();
        let strict = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
        for needle in [secret, &component, &strict] {
            if out.contains(needle) {
                out = out.replace(needle, "<redacted>");
            }
        }
    }
    out
}
