//! The [`Client`], its [`ClientBuilder`], and [`Call`]: one operation invocation and the send
//! loop behind it (retries, timeouts, redirects, credentials, hooks, body limits).

use std::convert::Infallible;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderMap, HeaderName, HeaderValue, LOCATION,
    USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};

use crate::body::UploadBody;
use crate::error::{
    BodyTooLarge, BoxError, Error, InvalidRequest, RedirectError, RedirectKind, TimeoutError,
    TransportError, set_attempts,
};
use crate::hooks::{Hook, HookContext};
use crate::identity::ClientIdentity;
use crate::request::{
    AuthPlacement, Operation, OperationInfo, RequestParts, SecurityRequirement, ServerUrl,
    add_cookie, header_pair, header_value, push_pair, static_header_name,
};
use crate::response::{RawResponse, Response};
use crate::retry::{Outcome, RetryPolicy};
use crate::secret::{Credential, RedactedHeaders, Resolved, SyncProvider, TokenProvider, scrub};
use crate::stream::{Limits, StreamedResponse};

/// Default connect timeout.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default per-attempt request timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default maximum response body size: 8 MiB.
const DEFAULT_MAX_RESPONSE_BODY: usize = 8 * 1024 * 1024;
/// Default maximum number of redirect hops.
const DEFAULT_REDIRECT_LIMIT: usize = 10;
/// Room for a request's path and query in its URL, made without a reallocation (which takes
/// the allocator's lock, contended by other threads) when they fit.
const URL_ROOM: usize = 192;

type Failure = Error<Infallible>;

/// An API client. Cheap to clone (shared state behind an `Arc`); `Debug` never shows
/// credentials.
///
/// Must be used from a Tokio runtime with timers enabled (as `#[tokio::main]` provides).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// `http` was made here (it follows no redirect), not given by the application.
    own_http: bool,
    base_url: Url,
    /// The base URL with a placeholder path of [`URL_ROOM`] bytes: each request's URL is a
    /// clone of it, into which the request's path and query are written without growing it.
    url_room: Url,
    /// The `Host` header for requests to the base URL's origin, made once, when this
    /// client's own HTTP client speaks HTTP/1.1 there (plain `http`): hyper would otherwise
    /// format it per request, into a header map that reqwest copies without room for it.
    host: Option<HeaderValue>,
    credentials: Credentials,
    globals: Arc<HeaderMap>,
    user_agent: Option<HeaderValue>,
    connect_timeout: Option<Duration>,
    /// Per attempt; `Duration::MAX` for none.
    timeout: Duration,
    retry: RetryPolicy,
    max_response_body: usize,
    /// The limit of a streamed body; `None` for none.
    max_stream_body: Option<u64>,
    /// Between two chunks of a streamed body; `None`: the per-attempt `timeout`.
    read_timeout: Option<Duration>,
    redirect_limit: usize,
    hooks: Vec<Arc<dyn Hook>>,
}

impl Client {
    /// Prepares a call of `op`; `.await` it (or call [`Call::send`]) to send it.
    pub fn call<O: Operation>(&self, op: O) -> Call<O> {
        Call {
            client: self.clone(),
            op,
            options: None,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url.as_str())
            .field("credentials", &inner.credentials)
            .field("global_headers", &RedactedHeaders(&inner.globals))
            .field("user_agent", &inner.user_agent)
            .field("connect_timeout", &inner.connect_timeout)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("max_response_body", &inner.max_response_body)
            .field("max_stream_body", &inner.max_stream_body)
            .field("read_timeout", &inner.read_timeout)
            .field("redirect_limit", &inner.redirect_limit)
            .field("hooks", &inner.hooks.len())
            .finish_non_exhaustive()
    }
}

/// Credentials by security scheme, with an optional default for every scheme.
#[derive(Clone, Default)]
struct Credentials {
    default: Option<Credential>,
    /// `user:password` for the HTTP basic schemes ([`ClientBuilder::basic_auth`]).
    basic: Option<Credential>,
    by_scheme: Vec<(&'static str, Credential)>,
}

impl Credentials {
    /// The credential for `scheme`: its own, else (for a basic scheme) the basic one, else
    /// the default.
    fn get(&self, scheme: &str, placement: AuthPlacement) -> Option<&Credential> {
        let basic = match placement {
            AuthPlacement::Basic => self.basic.as_ref(),
            _ => None,
        };
        self.by_scheme
            .iter()
            .find(|(name, _)| *name == scheme)
            .map(|(_, c)| c)
            .or(basic)
            .or(self.default.as_ref())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        if let Some(default) = &self.default {
            map.entry(&"*", default);
        }
        if let Some(basic) = &self.basic {
            map.entry(&"basic", basic);
        }
        map.entries(self.by_scheme.iter().map(|(k, v)| (k, v)));
        map.finish()
    }
}

/// Configures a [`Client`].
///
/// Defaults: connect timeout 10 s, request timeout 30 s per attempt, [`RetryPolicy::default`],
/// response bodies up to 8 MiB, up to 10 same-origin redirects, user agent
/// `<crate name>/<version>`, no credential. All can be changed; nothing else is hidden.
#[derive(Default)]
#[must_use = "a ClientBuilder does nothing until `build` is called"]
pub struct ClientBuilder {
    base_url: Option<String>,
    default_base_url: Option<&'static str>,
    credentials: Credentials,
    global_headers: Vec<(&'static str, String)>,
    http_client: Option<reqwest::Client>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_response_body: Option<usize>,
    max_stream_body: Option<u64>,
    read_timeout: Option<Duration>,
    hooks: Vec<Arc<dyn Hook>>,
    redirect_limit: Option<usize>,
    user_agent: Option<String>,
    default_user_agent: Option<&'static str>,
    identity: Option<ClientIdentity>,
}

impl ClientBuilder {
    /// The server's base URL. Any path prefix is kept: with `https://example.com/plex/`, the
    /// path `/butler` is sent to `https://example.com/plex/butler`. Must be `http` or
    /// `https`, without user info (use [`token`](Self::token)), query or fragment.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The base URL used when [`base_url`](Self::base_url) is not set (for generated code).
    #[doc(hidden)]
    pub fn default_base_url(mut self, url: &'static str) -> Self {
        self.default_base_url = Some(url);
        self
    }

    /// The user agent used when [`user_agent`](Self::user_agent) is not set (for generated
    /// code: `<crate name>/<version>`).
    #[doc(hidden)]
    pub fn default_user_agent(mut self, user_agent: &'static str) -> Self {
        self.default_user_agent = Some(user_agent);
        self
    }

    /// The credential for every security scheme (an API key, a bearer token, or
    /// `user:password` for HTTP basic), unless [`credential`](Self::credential) sets one for
    /// a specific scheme.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.credentials.default = Some(Credential::fixed(token));
        self
    }

    /// HTTP basic credentials (RFC 7617) for the document's basic schemes: sent as
    /// `Authorization: Basic` with the Base64 of `user:password` (UTF-8). They take precedence
    /// over [`token`](Self::token) for those schemes, not over [`credential`](Self::credential).
    /// The password may hold a `:`; the user name may not (RFC 7617: the server splits at the
    /// first one).
    pub fn basic_auth(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
        let mut pair = user.into();
        pair.push(':');
        pair.push_str(&password.into());
        self.credentials.basic = Some(Credential::fixed(pair));
        self
    }

    /// The credential for one security scheme (by its name in the spec).
    pub fn credential(mut self, scheme: &'static str, token: impl Into<String>) -> Self {
        let credential = Credential::fixed(token);
        self.credentials
            .by_scheme
            .retain(|(name, _)| *name != scheme);
        self.credentials.by_scheme.push((scheme, credential));
        self
    }

    /// A provider asked for the credential (for every scheme) before each attempt.
    pub fn token_provider<P: TokenProvider>(mut self, provider: P) -> Self {
        self.credentials.default = Some(Credential::Provider(Arc::new(provider)));
        self
    }

    /// A synchronous function asked for the credential (for every scheme) before each attempt.
    pub fn token_fn<F>(self, f: F) -> Self
    where
        F: Fn() -> Result<String, BoxError> + Send + Sync + 'static,
    {
        self.token_provider(SyncProvider(f))
    }

    /// A client-wide default for a global header parameter. It is sent by the operations that
    /// declare the parameter, unless the call sets its own value.
    pub fn global_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.global_headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.global_headers.push((name, value.into()));
        self
    }

    /// Sends through this `reqwest::Client`, as-is. Build it from
    /// [`http_client_builder`](Self::http_client_builder) (TLS set up, redirects off), or at
    /// least with `.redirect(reqwest::redirect::Policy::none())`: this client follows
    /// redirects itself, and only within the same origin. If the given client follows a redirect to another
    /// origin anyway, the call fails with a [`RedirectError`] (the credential may already have
    /// been sent there). [`connect_timeout`](Self::connect_timeout) cannot be combined with it.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The timeout of each attempt, from sending until the body is read (default 30 s;
    /// `Duration::MAX` for none); for a streamed call ([`Call::stream`]), until the
    /// response's headers arrive (then [`read_timeout`](Self::read_timeout) applies).
    /// Overridable per call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]). Overridable per call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The largest response body accepted, in bytes (default 8 MiB). Not for streamed
    /// bodies ([`Call::stream`]), whose limit is [`max_stream_body`](Self::max_stream_body).
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = Some(bytes);
        self
    }

    /// The largest streamed response body accepted ([`Call::stream`]), in bytes (default:
    /// no limit). Checked against `Content-Length` before the body is read, then as it is.
    pub fn max_stream_body(mut self, bytes: u64) -> Self {
        self.max_stream_body = Some(bytes);
        self
    }

    /// How long a streamed response body ([`Call::stream`]) may go without data (default:
    /// the request [`timeout`](Self::timeout); `Duration::MAX` for none). The request timeout
    /// of a streamed call ends when the response's headers arrive, so that it does not cut
    /// a long download short; from then on this applies, to each wait for data.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Adds a hook; hooks run in the order they were added.
    pub fn hook<H: Hook>(mut self, hook: H) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The most redirects followed per attempt (default 10; 0 follows none).
    ///
    /// Redirects (301, 302, 303, 307, 308) are followed only within the same origin (scheme,
    /// host and port), so the credential never reaches another server; a redirect elsewhere,
    /// or one hop too many, fails with [`RedirectError`]. The method and body are kept,
    /// except that 303 turns into a GET without body. Statuses an operation documents are
    /// never followed: they are its responses.
    pub fn redirect_limit(mut self, hops: usize) -> Self {
        self.redirect_limit = Some(hops);
        self
    }

    /// The `User-Agent` header (default `<crate name>/<version>`; with
    /// [`http_client`](Self::http_client), that client's own unless set here).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A client certificate (chain, leaf first) and its private key, both PEM, for servers
    /// that ask for one (mutual TLS). Read by [`build`](Self::build), which fails if they
    /// are not usable, if no TLS feature is built in, or with [`http_client`](Self::http_client)
    /// (that client has its own TLS set-up). The key never shows in `Debug` output or errors.
    pub fn client_identity(
        mut self,
        certificate_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Vec<u8>>,
    ) -> Self {
        self.identity = Some(ClientIdentity::new(certificate_pem.into(), key_pem.into()));
        self
    }

    /// Builds the client. Fails on an invalid or missing base URL, an invalid header value,
    /// or an HTTP client that cannot be created.
    pub fn build(self) -> Result<Client, BuildError> {
        let base = self
            .base_url
            .as_deref()
            .or(self.default_base_url)
            .ok_or_else(|| BuildError::new("no base URL: call `base_url(..)`", None))?;
        let base_url = parse_base_url(base).map_err(|e| BuildError::new(e.0, e.1))?;

        let mut globals = HeaderMap::with_capacity(self.global_headers.len());
        for (name, value) in &self.global_headers {
            let (name, value) = header_pair(name, value).map_err(|e| {
                let source = std::error::Error::source(&e).map(|s| s.to_string().into());
                BuildError::new(format!("invalid global header `{name}`"), source)
            })?;
            globals.insert(name, value);
        }
        // The default is static text: its header value is shared without a reference count.
        let user_agent = match (&self.user_agent, &self.http_client) {
            (Some(ua), _) => Some(HeaderValue::from_str(ua)),
            (None, None) => self
                .default_user_agent
                .map(|ua| HeaderValue::from_maybe_shared(Bytes::from_static(ua.as_bytes()))),
            (None, Some(_)) => None,
        };
        let user_agent = user_agent
            .transpose()
            .map_err(|e| BuildError::new("invalid user agent", Some(e.into())))?;

        let own_http = self.http_client.is_none();
        let (http, connect_timeout) = match (self.http_client, self.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(BuildError::new(
                    "connect_timeout cannot be combined with http_client; set it on that client",
                    None,
                ));
            }
            (Some(_), None) if self.identity.is_some() => {
                return Err(BuildError::new(
                    "client_identity cannot be combined with http_client; give that client its identity",
                    None,
                ));
            }
            (Some(http), None) => (http, None),
            (None, connect_timeout) => {
                let connect_timeout = connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                if base_url.scheme() == "https"
                    && !cfg!(any(feature = "rustls", feature = "native-tls"))
                {
                    return Err(BuildError::new(
                        "an https base URL needs the `rustls` or `native-tls` feature",
                        None,
                    ));
                }
                let http = Self::tls_client_builder(self.identity.as_ref())?
                    .connect_timeout(connect_timeout)
                    .build()
                    .map_err(|e| {
                        BuildError::new("cannot create the HTTP client", Some(e.into()))
                    })?;
                (http, Some(connect_timeout))
            }
        };

        let host = match (own_http, base_url.scheme(), base_url.host_str()) {
            (true, "http", Some(host)) => {
                let host = match base_url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_owned(),
                };
                HeaderValue::from_str(&host).ok()
            }
            _ => None,
        };
        let mut url_room = base_url.clone();
        url_room.set_path(&"x".repeat(URL_ROOM));
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                own_http,
                base_url,
                url_room,
                host,
                credentials: self.credentials,
                globals: Arc::new(globals),
                user_agent,
                connect_timeout,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                retry: self.retry.unwrap_or_default(),
                max_response_body: self.max_response_body.unwrap_or(DEFAULT_MAX_RESPONSE_BODY),
                max_stream_body: self.max_stream_body,
                read_timeout: self.read_timeout,
                redirect_limit: self.redirect_limit.unwrap_or(DEFAULT_REDIRECT_LIMIT),
                hooks: self.hooks,
            }),
        })
    }

    /// A `reqwest::ClientBuilder` set up like the HTTP client [`build`](Self::build) creates:
    /// redirects off (this crate follows them itself) and this crate's TLS. Customise it and
    /// pass the result to [`http_client`](Self::http_client).
    ///
    /// With the `rustls` feature (and not `native-tls`), reqwest is built without a crypto
    /// provider of its own (that would compile aws-lc): the TLS configuration is made here,
    /// with the provider the application installed as rustls' process default if any, else
    /// *ring*, and the platform's certificate verifier. A `reqwest::Client` built elsewhere
    /// without a provider would panic in reqwest, so start from this builder (or enable
    /// reqwest's own `rustls` feature, or install a default provider).
    pub fn http_client_builder() -> Result<reqwest::ClientBuilder, BuildError> {
        Self::tls_client_builder(None)
    }

    /// [`http_client_builder`](Self::http_client_builder) with the client identity, if any,
    /// given to the TLS backend built in (an error without one).
    fn tls_client_builder(
        identity: Option<&ClientIdentity>,
    ) -> Result<reqwest::ClientBuilder, BuildError> {
        let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
        #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
        let builder = builder.tls_backend_preconfigured(rustls_config(identity)?);
        #[cfg(feature = "native-tls")]
        let builder = match identity {
            Some(identity) => builder.identity(identity.native()?),
            None => builder,
        };
        #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
        if identity.is_some() {
            return Err(BuildError::new(
                "a client identity (mutual TLS) needs the `rustls` or `native-tls` feature",
                None,
            ));
        }
        Ok(builder)
    }

    /// Builds a [`blocking::Client`](crate::blocking::Client) with this configuration.
    #[cfg(feature = "blocking")]
    pub fn build_blocking(self) -> Result<crate::blocking::Client, BuildError> {
        crate::blocking::Client::new(self.build()?)
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let globals: Vec<_> = self
            .global_headers
            .iter()
            .map(|(name, value)| {
                let shown = if crate::secret::is_sensitive_name(name) {
                    "<redacted>"
                } else {
                    value.as_str()
                };
                (name, shown)
            })
            .collect();
        f.debug_struct("ClientBuilder")
            .field(
                "base_url",
                &self
                    .base_url
                    .as_deref()
                    .or(self.default_base_url)
                    .map(url_for_debug),
            )
            .field("credentials", &self.credentials)
            .field("global_headers", &globals)
            .field("http_client", &self.http_client.is_some())
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .field("max_stream_body", &self.max_stream_body)
            .field("read_timeout", &self.read_timeout)
            .field("hooks", &self.hooks.len())
            .field("redirect_limit", &self.redirect_limit)
            .field("user_agent", &self.user_agent)
            .field("client_identity", &self.identity)
            .finish()
    }
}

/// The client could not be built. The message never contains credentials or URLs.
#[derive(Debug)]
pub struct BuildError {
    message: String,
    source: Option<BoxError>,
}

impl BuildError {
    pub(crate) fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        Self {
            message: message.into(),
            source,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the client: {}", self.message)
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// The TLS set-up of the `rustls` feature: the process-wide default provider if the
/// application installed one, else *ring*; the platform verifier; ALPN as the HTTP versions
/// built in. Compiled with `native-tls` too (so it is always checked), used only without it.
#[cfg(feature = "rustls")]
#[cfg_attr(feature = "native-tls", allow(dead_code))]
fn rustls_config(identity: Option<&ClientIdentity>) -> Result<rustls::ClientConfig, BuildError> {
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let tls_error = |e: rustls::Error| BuildError::new("cannot set up TLS", Some(e.into()));
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(tls_error)?;
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier));
    let mut config = match identity {
        None => builder.with_no_client_auth(),
        Some(identity) => {
            let (chain, key) = identity.rustls()?;
            builder.with_client_auth_cert(chain, key).map_err(|e| {
                BuildError::new(
                    "the client certificate and key are not a usable identity",
                    Some(e.into()),
                )
            })?
        }
    };
    config.alpn_protocols = if cfg!(feature = "http2") {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    Ok(config)
}

/// Parses and checks a base URL; the error never repeats the URL (it may hold secrets).
fn parse_base_url(url: &str) -> Result<Url, (&'static str, Option<BoxError>)> {
    let url = Url::parse(url).map_err(|e| ("invalid base URL", Some(e.into())))?;
    if !matches!(url.scheme(), "http" | "https") {
        Err(("the base URL must be http or https", None))
    } else if !url.username().is_empty() || url.password().is_some() {
        Err((
            "the base URL must not contain user info; use a credential",
            None,
        ))
    } else if url.query().is_some() || url.fragment().is_some() {
        Err(("the base URL must not have a query or fragment", None))
    } else {
        Ok(url)
    }
}

/// A URL as `Debug` shows it before validation: without user info and query, which may hold
/// secrets.
fn url_for_debug(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut url) => {
            let _ = url.set_password(None);
            let _ = url.set_username("");
            let query = url.query().map_or("", |_| "?<redacted>").to_owned();
            url.set_query(None);
            format!("{url}{query}")
        }
        Err(_) => "<invalid URL>".to_owned(),
    }
}

/// Per-call settings.
#[derive(Default)]
struct CallOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    headers: Vec<(HeaderName, HeaderValue)>,
    header_error: Option<InvalidRequest>,
    base_url: Option<String>,
    max_response_body: Option<usize>,
    max_stream_body: Option<u64>,
    read_timeout: Option<Duration>,
}

/// One prepared call of operation `O`. `.await` sends it and yields the decoded value;
/// [`send_with_response`](Call::send_with_response) also gives status and headers.
#[must_use = "a Call does nothing until it is awaited or sent"]
pub struct Call<O: Operation> {
    client: Client,
    op: O,
    /// Allocated only when a per-call option is set (rare), to keep calls small.
    options: Option<Box<CallOptions>>,
}

impl<O: Operation> Call<O> {
    fn options(&mut self) -> &mut CallOptions {
        self.options.get_or_insert_with(Box::default)
    }

    /// Overrides the per-attempt timeout for this call (`Duration::MAX` for none).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options().timeout = Some(timeout);
        self
    }

    /// Overrides the retry policy for this call (e.g. to opt a POST into retries).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options().retry = Some(policy);
        self
    }

    /// Adds a header to this call, replacing a same-named one set by the operation (but not
    /// the credential, which is applied last). An invalid name or value fails the call with
    /// [`Error::InvalidRequest`] when it is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match header_pair(name, value) {
            Ok(pair) => self.options().headers.push(pair),
            Err(e) => {
                self.options().header_error.get_or_insert(e);
            }
        }
        self
    }

    /// Sends this call to another server (same rules as [`ClientBuilder::base_url`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.options().base_url = Some(url.into());
        self
    }

    /// Sends this call to one of the document's servers (the generated crate's `Server`, or
    /// one of its server structs) instead of the client's base URL.
    pub fn server(self, server: impl ServerUrl) -> Self {
        self.base_url(server.server_url())
    }

    /// Overrides the maximum response body size for this call (not for a streamed body:
    /// see [`max_stream_body`](Self::max_stream_body)).
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.options().max_response_body = Some(bytes);
        self
    }

    /// The largest streamed body accepted for this call ([`stream`](Self::stream)); the
    /// client's default is no limit.
    pub fn max_stream_body(mut self, bytes: u64) -> Self {
        self.options().max_stream_body = Some(bytes);
        self
    }

    /// How long this call's streamed body may go without data ([`stream`](Self::stream);
    /// `Duration::MAX` for no limit).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.options().read_timeout = Some(timeout);
        self
    }

    /// Sends the call and returns when the response's headers have arrived, with the body
    /// still to be read: for large or binary bodies (downloads), which are then never held in
    /// memory whole.
    ///
    /// - A success status (2xx) gives a [`StreamedResponse`]: status, headers, and the body
    ///   as a stream of bytes, an `AsyncRead`, or written to a file or any writer. Its size
    ///   is limited only by [`max_stream_body`](Self::max_stream_body) (no limit by
    ///   default), not by [`max_response_body`](Self::max_response_body).
    /// - Any other status is read (up to `max_response_body`) and decoded as [`send`](Self::send)
    ///   does: an error status is the same [`Error::Api`] with the operation's typed error;
    ///   a status the operation decodes as a success gives a `StreamedResponse` of the body
    ///   read.
    ///
    /// Retries, redirects, credentials and hooks work as for any call, up to the response's
    /// headers. The request [`timeout`](Self::timeout) covers each attempt up to them; the
    /// body then has the [`read_timeout`](Self::read_timeout) for each wait for data. A
    /// failure while the body is read (a reset, a body shorter than its `Content-Length`,
    /// the stream limit, the read timeout) ends the stream with an [`Error`] and is not
    /// retried.
    pub fn stream(
        self,
    ) -> impl Future<Output = Result<StreamedResponse<O::Error>, Error<O::Error>>> + Send {
        let Call {
            client,
            op,
            options,
        } = self;
        let limits = Limits {
            max_body: options
                .as_ref()
                .and_then(|o| o.max_stream_body)
                .or(client.inner.max_stream_body),
            read_timeout: options
                .as_ref()
                .and_then(|o| o.read_timeout)
                .or(client.inner.read_timeout)
                .or(options.as_ref().and_then(|o| o.timeout))
                .or(Some(client.inner.timeout))
                .filter(|after| tokio::time::Instant::now().checked_add(*after).is_some()),
        };
        async move {
            let info = O::INFO;
            let mut context = HookContext::new(info.id, info.method.clone(), info.path);
            let build = |parts: &mut RequestParts| op.build(parts);
            let received = client
                .execute(&info, &mut context, &build, options, true)
                .await;
            let result = match received {
                Err(e) => Err(Error::widen(e)),
                Ok(Received::Streaming(response, attempts)) => {
                    let hooks =
                        (!client.inner.hooks.is_empty()).then(|| (client.clone(), context.clone()));
                    StreamedResponse::live(*response, attempts, &limits, hooks)
                }
                Ok(Received::Buffered(raw)) => {
                    let (status, attempts) = (raw.status(), raw.attempts());
                    let (headers, body) = (raw.headers().clone(), raw.body().clone());
                    match O::decode(raw) {
                        Ok(Ok(_)) => {
                            Ok(StreamedResponse::buffered(status, headers, body, attempts))
                        }
                        Ok(Err(error)) => Err(Error::Api { error, attempts }),
                        Err(e) => Err(Error::Decode(e)),
                    }
                }
            };
            if let Err(error) = &result {
                client.on_error(&context, error);
            }
            result
        }
    }

    /// Sends the call; returns the decoded value.
    pub fn send(self) -> impl Future<Output = Result<O::Output, Error<O::Error>>> + Send {
        self.run(false, Response::into_value)
    }

    /// Sends the call; returns the decoded value with the response's status and headers.
    pub fn send_with_response(
        self,
    ) -> impl Future<Output = Result<Response<O::Output>, Error<O::Error>>> + Send {
        self.run(true, |response| response)
    }

    /// Sends the call (nothing happens before the future is polled); the response headers
    /// are copied into the result only when `keep_headers` (decoding consumes the raw
    /// response), and `finish` makes the result of the successful response.
    ///
    /// Plain functions returning `async` blocks rather than `async fn`s, here and in
    /// [`Client::execute`]: an `async fn` keeps its arguments in its future besides the
    /// locals they move to, and each call's future is one heap allocation (`IntoFuture`);
    /// nested `async fn`s had made it 3.5 KiB.
    #[allow(clippy::manual_async_fn)]
    fn run<T>(
        self,
        keep_headers: bool,
        finish: fn(Response<O::Output>) -> T,
    ) -> impl Future<Output = Result<T, Error<O::Error>>> + Send {
        let Call {
            client,
            op,
            options,
        } = self;
        async move {
            let info = O::INFO;
            let mut context = HookContext::new(info.id, info.method.clone(), info.path);
            let build = |parts: &mut RequestParts| op.build(parts);
            let result = match client
                .execute(&info, &mut context, &build, options, false)
                .await
            {
                Err(e) => Err(Error::widen(e)),
                Ok(Received::Streaming(..)) => unreachable!("only `stream` streams"),
                Ok(Received::Buffered(raw)) => {
                    let headers = if keep_headers {
                        raw.headers().clone()
                    } else {
                        HeaderMap::new()
                    };
                    let (status, attempts) = (raw.status(), raw.attempts());
                    match O::decode(raw) {
                        Ok(Ok(value)) => {
                            Ok(finish(Response::new(status, headers, value, attempts)))
                        }
                        Ok(Err(error)) => Err(Error::Api { error, attempts }),
                        Err(e) => Err(Error::Decode(e)),
                    }
                }
            };
            if let Err(error) = &result {
                client.on_error(&context, error);
            }
            result
        }
    }
}

impl<O: Operation> IntoFuture for Call<O> {
    type Output = Result<O::Output, Error<O::Error>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<O: Operation> fmt::Debug for Call<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let none = CallOptions::default();
        let options = self.options.as_deref().unwrap_or(&none);
        let headers: Vec<_> = options.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Call")
            .field("operation", &O::INFO.id)
            .field("client", &self.client)
            .field("timeout", &options.timeout)
            .field("retry", &options.retry)
            .field("extra_headers", &headers)
            .field("base_url", &options.base_url.as_deref().map(url_for_debug))
            .field("max_response_body", &options.max_response_body)
            .field("max_stream_body", &options.max_stream_body)
            .field("read_timeout", &options.read_timeout)
            .finish_non_exhaustive()
    }
}

/// One request, as the operation's `build` and the call's options make it. It is moved into
/// the request it becomes, not copied: a retry or a redirect hop builds it again.
struct Prepared<'a> {
    info: &'a OperationInfo,
    url: Url,
    headers: HeaderMap,
    body: Option<UploadBody>,
    max_body: usize,
}

/// What an attempt received: a response read whole, or (for [`Call::stream`]) one with a
/// success status whose body is still to be read, and the number of attempts.
enum Received {
    Buffered(RawResponse),
    Streaming(Box<reqwest::Response>, u32),
}

impl Received {
    fn status(&self) -> StatusCode {
        match self {
            Received::Buffered(raw) => raw.status(),
            Received::Streaming(response, _) => response.status(),
        }
    }

    fn headers(&self) -> &HeaderMap {
        match self {
            Received::Buffered(raw) => raw.headers(),
            Received::Streaming(response, _) => response.headers(),
        }
    }

    fn set_attempts(&mut self, attempts: u32) {
        match self {
            Received::Buffered(raw) => raw.set_attempts(attempts),
            Received::Streaming(_, n) => *n = attempts,
        }
    }
}

/// Makes a [`Prepared`] request (the same each time).
type Prepare<'a> = dyn Fn() -> Result<Prepared<'a>, Failure> + Send + Sync + 'a;

/// What an operation's `build` is given as.
type Build<'a> = dyn Fn(&mut RequestParts) -> Result<(), InvalidRequest> + Sync + 'a;

impl Client {
    /// Shows `error`, the error a call ends with, to every hook.
    pub(crate) fn on_error(
        &self,
        context: &HookContext,
        error: &(dyn std::error::Error + 'static),
    ) {
        for hook in &self.inner.hooks {
            hook.on_error(context, error);
        }
    }

    /// The non-generic part of a call: everything between `build` and `decode`. The first
    /// request is prepared now (when the call's future is first polled); the returned future
    /// sends it, with retries, and reads the response (with `stream`, a success's body is
    /// left to be read).
    ///
    /// A request whose body is a stream is sent once: not retried.
    #[allow(clippy::manual_async_fn)]
    fn execute<'a>(
        &'a self,
        info: &'a OperationInfo,
        context: &'a mut HookContext,
        build: &'a Build<'a>,
        mut options: Option<Box<CallOptions>>,
        stream: bool,
    ) -> impl Future<Output = Result<Received, Failure>> + Send + 'a {
        #[cfg(feature = "tracing")]
        let span = tracing::info_span!(
            "api_call",
            operation = info.id,
            method = %info.method,
            path = info.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
            error = tracing::field::Empty,
        );
        let inner = &*self.inner;
        let header_error = options.as_mut().and_then(|o| o.header_error.take());
        let retry = options.as_mut().and_then(|o| o.retry.take());
        let timeout = options
            .as_ref()
            .and_then(|o| o.timeout)
            .unwrap_or(inner.timeout);
        let prepare = move || self.prepare(info, build, options.as_deref());
        let mut first = Some(match header_error {
            Some(error) => Err(Error::InvalidRequest(error)),
            None => prepare(),
        });
        let once =
            matches!(&first, Some(Ok(Prepared { body: Some(body), .. })) if !body.is_replayable());
        let future = async move {
            let retry = retry.as_ref().unwrap_or(&inner.retry);
            let start = Instant::now();

            let mut attempt = 0;
            let mut result = loop {
                attempt += 1;
                context.set_attempt(attempt);
                let prepared = match first.take().unwrap_or_else(&prepare) {
                    Ok(prepared) => prepared,
                    // Nothing was sent.
                    Err(error) if attempt == 1 => return Err(error),
                    Err(error) => break Err(error),
                };
                // Boxed: the attempt's state is a small allocation of its own rather than
                // part of the call's (which then stays small enough for the allocator's
                // fast path).
                let exchange = Box::pin(self.attempt(prepared, &prepare, context, stream));
                let result = if timeout == Duration::MAX {
                    exchange.await
                } else {
                    tokio::time::timeout(timeout, exchange)
                        .await
                        .unwrap_or_else(|_| Err(Error::Timeout(TimeoutError::elapsed(timeout))))
                };
                if once {
                    break result;
                }
                let outcome = match &result {
                    Ok(response) => Outcome::Status(response.status()),
                    Err(Error::Transport(e)) if e.is_connect() => Outcome::ConnectError,
                    Err(Error::Transport(_)) => Outcome::TransportError,
                    Err(Error::Timeout(e)) => Outcome::Timeout {
                        connect: e.kind() == crate::error::TimeoutKind::Connect,
                    },
                    Err(_) => break result,
                };
                if !(retry.attempts_left(attempt) && retry.should_retry(&info.method, outcome)) {
                    break result;
                }
                let delay = retry.delay(attempt, result.as_ref().ok().map(Received::headers));
                if !retry.fits_budget(start.elapsed(), delay) {
                    break result;
                }
                #[cfg(feature = "tracing")]
                tracing::info!(
                    attempt,
                    delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                    reason = ?outcome,
                    "retrying"
                );
                tokio::time::sleep(delay).await;
            };

            match &mut result {
                Ok(response) => response.set_attempts(attempt),
                Err(error) => set_attempts(error, attempt),
            }
            #[cfg(feature = "tracing")]
            {
                let span = tracing::Span::current();
                match &result {
                    Ok(response) => span.record("status", response.status().as_u16()),
                    Err(error) => span.record("error", tracing::field::display(error)),
                };
                span.record("attempts", attempt);
                span.record(
                    "elapsed_ms",
                    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
                );
            }
            result
        };
        #[cfg(feature = "tracing")]
        let future = tracing::Instrument::instrument(future, span);
        future
    }

    /// Makes the request `build` describes, on the call's server (else the operation's, else
    /// the client's). Its header map is made at its final size, with room for the
    /// credentials and for reqwest's own defaults: growing a map takes the allocator's lock,
    /// which other threads contend for.
    fn prepare<'a>(
        &self,
        info: &'a OperationInfo,
        build: &Build<'_>,
        options: Option<&CallOptions>,
    ) -> Result<Prepared<'a>, Failure> {
        let inner = &*self.inner;
        let mut parts = RequestParts::new(inner.globals.clone());
        build(&mut parts).map_err(Error::InvalidRequest)?;
        let parse = |url: &str| {
            parse_base_url(url).map_err(|(message, source)| {
                Error::InvalidRequest(InvalidRequest::from_parts(message, source))
            })
        };
        // A server of this call or operation is parsed, and its own path is the prefix; the
        // client's base URL lends its prefix to the clone with room.
        let server = options.and_then(|o| o.base_url.as_deref());
        let (mut url, roomy) = match server.or(info.servers.first().copied()) {
            Some(url) => (parse(url)?, false),
            None => (inner.url_room.clone(), true),
        };
        let base = if roomy {
            inner.base_url.path()
        } else {
            url.path()
        };
        let prefix = base.trim_end_matches('/');
        if prefix.is_empty() && parts.path.starts_with('/') {
            url.set_path(&parts.path);
        } else {
            let mut path = String::with_capacity(prefix.len() + 1 + parts.path.len());
            path.push_str(prefix);
            if !parts.path.starts_with('/') {
                path.push('/');
            }
            path.push_str(&parts.path);
            url.set_path(&path);
        }
        url.set_query(Some(parts.query.as_str()).filter(|q| !q.is_empty()));

        let extra = options.map_or(&[][..], |o| &o.headers[..]);
        let credentials = info.security.iter().map(|alt| alt.len()).max();
        let mut headers = parts.headers;
        // Accept, User-Agent, Content-Type; the credentials; reqwest's defaults.
        headers.reserve(3 + extra.len() + credentials.unwrap_or(0) + 2);
        if let Some(accept) = info.accept {
            let accept = HeaderValue::from_maybe_shared(Bytes::from_static(accept.as_bytes()))
                .map_err(|e| InvalidRequest::with_source("invalid Accept value", e))
                .map_err(Error::InvalidRequest)?;
            headers.insert(ACCEPT, accept);
        }
        if let Some(user_agent) = &inner.user_agent {
            headers
                .entry(USER_AGENT)
                .or_insert_with(|| user_agent.clone());
        }
        for (name, value) in extra {
            headers.insert(name, value.clone());
        }
        let body = match parts.body {
            Some((content_type, body)) => {
                let content_type = HeaderValue::from_str(&content_type)
                    .map_err(|e| InvalidRequest::with_source("invalid Content-Type", e))
                    .map_err(Error::InvalidRequest)?;
                headers.insert(CONTENT_TYPE, content_type);
                Some(body)
            }
            None => None,
        };
        let max_body = options.and_then(|o| o.max_response_body);
        Ok(Prepared {
            info,
            url,
            headers,
            body,
            max_body: max_body.unwrap_or(inner.max_response_body),
        })
    }

    /// One attempt: resolve the credential, send, follow same-origin redirects, read the body.
    /// (A plain function returning an `async` block: `prepared` then has one place in the
    /// future, not two.)
    #[allow(clippy::manual_async_fn)]
    fn attempt<'f, 'p: 'f>(
        &'f self,
        prepared: Prepared<'p>,
        prepare: &'f Prepare<'p>,
        context: &'f HookContext,
        stream: bool,
    ) -> impl Future<Output = Result<Received, Failure>> + Send + 'f {
        let (info, max_body) = (prepared.info, prepared.max_body);
        let once = prepared.body.as_ref().is_some_and(|b| !b.is_replayable());
        let mut next = Some(prepared);
        async move {
            let inner = &*self.inner;
            let credentials = self.resolve_credentials(info.security).await?;
            let mut method = info.method.clone();
            // Where the last redirect led.
            let mut redirected: Option<Url> = None;
            // After a 303, the request turns into a GET without body (and its headers).
            let mut see_other = false;
            let mut hops = 0;
            // (Blocks end the life of values not needed across an `.await`, which keeps them
            // out of this future.)
            let read = loop {
                let (sent_url, sent) = {
                    let Prepared {
                        url,
                        mut headers,
                        body,
                        ..
                    } = match next.take() {
                        Some(prepared) => prepared,
                        None => prepare()?,
                    };
                    let url = redirected.clone().unwrap_or(url);
                    let body = if see_other {
                        headers.remove(CONTENT_TYPE);
                        headers.remove(CONTENT_LENGTH);
                        None
                    } else {
                        body
                    };
                    let mut request = reqwest::Request::new(method.clone(), url);
                    *request.headers_mut() = headers;
                    *request.body_mut() = body
                        .map(UploadBody::into_reqwest)
                        .transpose()
                        .map_err(Error::InvalidRequest)?;
                    for hook in &inner.hooks {
                        hook.before_request(context, &mut request).map_err(|e| {
                            let refused =
                                InvalidRequest::with_source("request refused by a hook", e);
                            Error::InvalidRequest(refused)
                        })?;
                    }
                    // Hooks have run: from here on the request carries the credential. Its
                    // URL before any credential in its query is kept where it cannot be known
                    // otherwise: a hook may have changed it, and an application's HTTP client
                    // may follow redirects by itself.
                    let sent_url =
                        (!inner.hooks.is_empty() || !inner.own_http).then(|| request.url().clone());
                    if let Some(host) = &inner.host {
                        let (url, base) = (request.url(), &inner.base_url);
                        if url.scheme() == "http"
                            && url.host_str() == base.host_str()
                            && url.port() == base.port()
                        {
                            request.headers_mut().entry(HOST).or_insert(host.clone());
                        }
                    }
                    apply_credentials(&mut request, &credentials).map_err(Error::InvalidRequest)?;
                    (sent_url, inner.http.execute(request))
                };
                let response = sent.await.map_err(|e| self.classify(e))?;
                for hook in &inner.hooks {
                    hook.after_response(context, response.status(), response.headers());
                }
                // Where the request went, for a redirect to be resolved against: kept above,
                // else where the last redirect led, else the prepared URL made again.
                let request_url = || match (&sent_url, &redirected) {
                    (Some(url), _) | (None, Some(url)) => Ok(url.clone()),
                    (None, None) => prepare().map(|prepared| prepared.url),
                };
                let Some(target) = self.redirect_target(
                    &response,
                    sent_url.as_ref(),
                    request_url,
                    info,
                    &credentials,
                    &mut hops,
                )?
                else {
                    if stream && response.status().is_success() {
                        return Ok(Received::Streaming(Box::new(response), 1));
                    }
                    break read_body(response, max_body, |e| self.classify(e));
                };
                if once && response.status() != StatusCode::SEE_OTHER {
                    let kind = RedirectKind::BodyNotReplayable;
                    return Err(Error::Redirect(RedirectError::new(
                        response.status(),
                        None,
                        kind,
                    )));
                }
                if response.status() == StatusCode::SEE_OTHER && method != Method::HEAD {
                    method = Method::GET;
                    see_other = true;
                }
                #[cfg(feature = "tracing")]
                tracing::debug!(
                    status = response.status().as_u16(),
                    hop = hops,
                    "following a same-origin redirect"
                );
                redirected = Some(target);
            };
            read.await.map(Received::Buffered)
        }
    }

    /// Where to go next: `None` for a final response; an error for a redirect that must not
    /// be followed (other origin, too many hops, unusable `Location`) or that an
    /// application's HTTP client followed to another origin by itself. `sent_url`: the URL
    /// the request went to, where it was kept; `request_url` makes it when it is needed.
    fn redirect_target(
        &self,
        response: &reqwest::Response,
        sent_url: Option<&Url>,
        request_url: impl FnOnce() -> Result<Url, Failure>,
        info: &OperationInfo,
        credentials: &[(AuthPlacement, Resolved<'_>)],
        hops: &mut usize,
    ) -> Result<Option<Url>, Failure> {
        let status = response.status();
        let secrets = || credentials.iter().map(|(_, resolved)| &*resolved.secret);
        let refuse = |location: &str, kind| {
            let location = Some(scrub(location, secrets()));
            Err(Error::Redirect(RedirectError::new(status, location, kind)))
        };
        // (This crate's own HTTP client follows no redirect: its response's URL is the
        // request's. Comparing whole URLs first spares building two origins.)
        if let Some(sent) = sent_url
            && response.url() != sent
            && response.url().origin() != sent.origin()
        {
            return refuse(response.url().as_str(), RedirectKind::FollowedByHttpClient);
        }
        let location = match response.headers().get(LOCATION) {
            Some(location)
                if is_redirect(status) && !info.documented_redirects.contains(&status.as_u16()) =>
            {
                location
            }
            _ => return Ok(None),
        };
        let request_url = request_url()?;
        let shown = String::from_utf8_lossy(location.as_bytes());
        let Some(target) = location
            .to_str()
            .ok()
            .and_then(|l| request_url.join(l).ok())
        else {
            return refuse(&shown, RedirectKind::InvalidLocation);
        };
        if target.origin() != request_url.origin() {
            return refuse(&shown, RedirectKind::CrossOrigin);
        }
        *hops += 1;
        if *hops > self.inner.redirect_limit {
            return refuse(&shown, RedirectKind::TooManyRedirects);
        }
        Ok(Some(target))
    }

    /// Picks the first satisfiable security alternative and fetches its credentials.
    /// No alternative satisfiable (no credential configured): nothing is sent, and the
    /// server decides.
    async fn resolve_credentials(
        &self,
        security: &[&[SecurityRequirement]],
    ) -> Result<Vec<(AuthPlacement, Resolved<'_>)>, Failure> {
        let credentials = &self.inner.credentials;
        let Some(alternative) = security.iter().find(|alt| {
            alt.iter()
                .all(|req| credentials.get(req.scheme, req.placement).is_some())
        }) else {
            return Ok(Vec::new());
        };
        let mut all = Vec::with_capacity(alternative.len());
        for requirement in alternative.iter() {
            let Some(credential) = credentials.get(requirement.scheme, requirement.placement)
            else {
                continue;
            };
            let resolved = credential.resolve().await.map_err(|e| {
                let message = format!(
                    "the credential for security scheme `{}` could not be obtained",
                    requirement.scheme
                );
                Error::InvalidRequest(InvalidRequest::with_source(message, e))
            })?;
            all.push((requirement.placement, resolved));
        }
        Ok(all)
    }

    fn classify(&self, error: reqwest::Error) -> Failure {
        if error.is_timeout() {
            Error::Timeout(TimeoutError::from_reqwest(
                error,
                self.inner.connect_timeout,
            ))
        } else {
            Error::Transport(TransportError::new(error))
        }
    }
}

/// The statuses that are followed as redirects (others, like 300 and 304, are responses).
fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// Puts each credential where its scheme says; header values are marked sensitive.
fn apply_credentials(
    request: &mut reqwest::Request,
    credentials: &[(AuthPlacement, Resolved<'_>)],
) -> Result<(), InvalidRequest> {
    fn set(headers: &mut HeaderMap, name: &'static str, value: &str) -> Result<(), InvalidRequest> {
        // Always sensitive, so `header_pair`'s check of the name is not needed.
        let header = static_header_name(name)?;
        let mut value = header_value(name, value)?;
        value.set_sensitive(true);
        headers.insert(header, value);
        Ok(())
    }
    for (placement, resolved) in credentials {
        let secret = resolved.secret.expose();
        let headers = request.headers_mut();
        match placement {
            AuthPlacement::Header(name) => match resolved.header {
                Some(value) => {
                    headers.insert(static_header_name(name)?, value.clone());
                }
                None => set(headers, name, secret)?,
            },
            AuthPlacement::Bearer => set(headers, "authorization", &format!("Bearer {secret}"))?,
            AuthPlacement::Basic => {
                let encoded = base64(secret.as_bytes());
                set(headers, "authorization", &format!("Basic {encoded}"))?;
            }
            AuthPlacement::Cookie(name) => add_cookie(headers, &format!("{name}={secret}"))?,
            AuthPlacement::Query(name) => {
                let mut query = request.url().query().unwrap_or_default().to_owned();
                push_pair(&mut query, name, secret);
                request.url_mut().set_query(Some(&query));
            }
        }
    }
    Ok(())
}

/// Reads the body, refusing more than `limit` bytes (checked against `Content-Length` first,
/// then while streaming).
async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
    classify: impl Fn(reqwest::Error) -> Failure,
) -> Result<RawResponse, Failure> {
    let status = response.status();
    let content_length = response.content_length();
    let too_large = || Error::BodyTooLarge(BodyTooLarge::new(status, limit, content_length));
    let limit_u64 = u64::try_from(limit).unwrap_or(u64::MAX);
    if content_length.is_some_and(|len| len > limit_u64) {
        return Err(too_large());
    }
    let capacity = content_length.map_or(0, |len| usize::try_from(len).unwrap_or(0));
    // A body that arrives in one chunk (the usual case for small JSON) is kept as it is;
    // only a second chunk makes a buffer the chunks are copied into.
    let mut first: Option<Bytes> = None;
    let mut buffer: Vec<u8> = Vec::new();
    let mut total = 0;
    while let Some(chunk) = response.chunk().await.map_err(&classify)? {
        if chunk.len() > limit - total {
            return Err(too_large());
        }
        total += chunk.len();
        if first.is_none() && buffer.is_empty() {
            first = Some(chunk);
            continue;
        }
        if let Some(first) = first.take() {
            buffer.reserve(capacity.max(total));
            buffer.extend_from_slice(&first);
        }
        buffer.extend_from_slice(&chunk);
    }
    let body = first.unwrap_or_else(|| Bytes::from(buffer));
    let headers = std::mem::take(response.headers_mut());
    Ok(RawResponse::new(status, headers, body))
}

/// Standard base64 with padding (for HTTP basic credentials).
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
