//! [`client_types!`](crate::client_types): the `Client`, `ClientBuilder` and
//! `blocking::Client` of a generated crate, thin wrappers around the [`engine`](crate::engine).
//!
//! The generated crate must own these types: it adds an inherent method per operation, the
//! document's client-wide parameters and `from_env` to them, and a crate can only add inherent
//! methods to its own types. Everything else is written once, here, and forwarded.

/// Defines `Client`, `ClientBuilder` and (with the calling crate's `blocking` feature)
/// `blocking::Client` in the calling crate's root. The calling crate defines
/// `Client::builder()` itself (it knows the document's default server), starting from the
/// private `ClientBuilder::with_default_base_url`.
#[doc(hidden)]
#[macro_export]
macro_rules! client_types {
    () => {
        /// An API client: one method per operation, each returning a [`Call`] to `.await`.
        /// Cheap to clone (shared state behind an `Arc`); `Debug` never shows credentials.
        ///
        /// Must be used from a Tokio runtime with timers enabled (as `#[tokio::main]`
        /// provides). Made by [`Client::builder`].
        #[derive(Clone)]
        pub struct Client {
            inner: $crate::engine::Client,
        }

        impl Client {
            /// Prepares a call of `op` (any request struct of this crate); `.await` it (or call
            /// [`Call::send`]) to send it.
            pub fn call<O: $crate::Operation>(&self, op: O) -> $crate::Call<O> {
                self.inner.call(op)
            }
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }

        /// Configures a [`Client`]; made by [`Client::builder`]. (`Default` gives the same
        /// defaults without a base URL, even if the document has a server.)
        ///
        /// Defaults: connect timeout 10 s, request timeout 30 s per attempt,
        /// [`RetryPolicy::default`], response bodies up to 8 MiB, up to 10 same-origin
        /// redirects, user agent `<crate name>/<version>`, no credential. All can be changed;
        /// nothing else is hidden.
        #[must_use = "a ClientBuilder does nothing until `build` is called"]
        pub struct ClientBuilder {
            inner: $crate::engine::ClientBuilder,
        }

        impl ::std::default::Default for ClientBuilder {
            fn default() -> Self {
                Self::with_default_base_url(::std::option::Option::None)
            }
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }

        impl ClientBuilder {
            /// The starting point of `Client::builder`: every default, this crate's user agent
            /// and, if the document has a server, its URL as the default base URL.
            fn with_default_base_url(url: ::std::option::Option<&'static str>) -> Self {
                let inner =
                    $crate::engine::ClientBuilder::default().default_user_agent(::std::concat!(
                        ::std::env!("CARGO_PKG_NAME"),
                        "/",
                        ::std::env!("CARGO_PKG_VERSION")
                    ));
                Self {
                    inner: match url {
                        ::std::option::Option::Some(url) => inner.default_base_url(url),
                        ::std::option::Option::None => inner,
                    },
                }
            }

            fn map(
                self,
                f: impl ::std::ops::FnOnce(
                    $crate::engine::ClientBuilder,
                ) -> $crate::engine::ClientBuilder,
            ) -> Self {
                Self {
                    inner: f(self.inner),
                }
            }

            /// The server's base URL. Any path prefix is kept: with
            /// `https://example.com/plex/`, the path `/butler` is sent to
            /// `https://example.com/plex/butler`. Must be `http` or `https`, without user info
            /// (use [`token`](Self::token)), query or fragment.
            pub fn base_url(self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.map(|b| b.base_url(url))
            }

            /// The credential for every security scheme (an API key, a bearer token, or
            /// `user:password` for HTTP basic), unless [`credential`](Self::credential) sets
            /// one for a specific scheme.
            pub fn token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.map(|b| b.token(token))
            }

            /// HTTP basic credentials (RFC 7617) for the document's basic schemes: sent as
            /// `Authorization: Basic` with the Base64 of `user:password` (UTF-8), never shown in
            /// `Debug` output or errors. They take precedence over [`token`](Self::token) for
            /// those schemes; a user name must not contain `:` (RFC 7617), or the server reads
            /// the rest as the password.
            pub fn basic_auth(
                self,
                user: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.map(|b| b.basic_auth(user, password))
            }

            /// The credential for one security scheme (by its name in the document).
            pub fn credential(
                self,
                scheme: &'static str,
                token: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.map(|b| b.credential(scheme, token))
            }

            /// A provider asked for the credential (for every scheme) before each attempt.
            pub fn token_provider<P: $crate::TokenProvider>(self, provider: P) -> Self {
                self.map(|b| b.token_provider(provider))
            }

            /// A synchronous function asked for the credential (for every scheme) before each
            /// attempt.
            pub fn token_fn<F>(self, f: F) -> Self
            where
                F: ::std::ops::Fn()
                        -> ::std::result::Result<::std::string::String, $crate::BoxError>
                    + ::std::marker::Send
                    + ::std::marker::Sync
                    + 'static,
            {
                self.map(|b| b.token_fn(f))
            }

            /// A client-wide default for a global header parameter, by its name. It is sent by
            /// the operations that declare the parameter, unless the call sets its own value.
            /// (The document's client-wide parameters also have setters of their own.)
            pub fn global_header(
                self,
                name: &'static str,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.map(|b| b.global_header(name, value))
            }

            /// Sends through this `reqwest::Client`, as-is. Build it from
            /// [`http_client_builder`](Self::http_client_builder) (TLS set up, redirects off),
            /// or at least with `.redirect(reqwest::redirect::Policy::none())`: this client
            /// follows redirects itself, and only within the same origin. If the given client
            /// follows a redirect to another origin anyway, the call fails with a
            /// [`RedirectError`] (the credential may already have been sent there).
            /// [`connect_timeout`](Self::connect_timeout) cannot be combined with it.
            pub fn http_client(self, client: $crate::reqwest::Client) -> Self {
                self.map(|b| b.http_client(client))
            }

            /// The connect timeout (default 10 s).
            pub fn connect_timeout(self, timeout: ::std::time::Duration) -> Self {
                self.map(|b| b.connect_timeout(timeout))
            }

            /// The timeout of each attempt, from sending until the body is read (default 30 s;
            /// `Duration::MAX` for none). Overridable per call.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                self.map(|b| b.timeout(timeout))
            }

            /// The retry policy (default [`RetryPolicy::default`]). Overridable per call.
            pub fn retry(self, policy: $crate::RetryPolicy) -> Self {
                self.map(|b| b.retry(policy))
            }

            /// The largest response body accepted, in bytes (default 8 MiB). Not for
            /// streamed bodies ([`Call::stream`]): see
            /// [`max_stream_body`](Self::max_stream_body).
            pub fn max_response_body(self, bytes: usize) -> Self {
                self.map(|b| b.max_response_body(bytes))
            }

            /// The largest streamed response body accepted ([`Call::stream`]), in bytes
            /// (default: no limit).
            pub fn max_stream_body(self, bytes: u64) -> Self {
                self.map(|b| b.max_stream_body(bytes))
            }

            /// How long a streamed response body ([`Call::stream`]) may go without data
            /// (default: the request [`timeout`](Self::timeout); `Duration::MAX` for none).
            /// A streamed call's request timeout ends when the response's headers arrive, so
            /// that it does not cut a long download short; from then on this applies, to each
            /// wait for data.
            pub fn read_timeout(self, timeout: ::std::time::Duration) -> Self {
                self.map(|b| b.read_timeout(timeout))
            }

            /// Adds a hook; hooks run in the order they were added.
            pub fn hook<H: $crate::Hook>(self, hook: H) -> Self {
                self.map(|b| b.hook(hook))
            }

            /// The most redirects followed per attempt (default 10; 0 follows none).
            ///
            /// Redirects (301, 302, 303, 307, 308) are followed only within the same origin
            /// (scheme, host and port), so the credential never reaches another server; a
            /// redirect elsewhere, or one hop too many, fails with [`RedirectError`]. The
            /// method and body are kept, except that 303 turns into a GET without body.
            /// Statuses an operation documents are never followed: they are its responses.
            pub fn redirect_limit(self, hops: usize) -> Self {
                self.map(|b| b.redirect_limit(hops))
            }

            /// The `User-Agent` header (default `<crate name>/<version>`; with
            /// [`http_client`](Self::http_client), that client's own unless set here).
            pub fn user_agent(
                self,
                user_agent: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.map(|b| b.user_agent(user_agent))
            }

            /// A client certificate (chain, leaf first) and its private key, both PEM, for a
            /// server that asks for one (mutual TLS: the document's `mutualTLS` security
            /// schemes). The key is PKCS#8 (`BEGIN PRIVATE KEY`); with the `rustls` feature
            /// alone, PKCS#1 and SEC1 keys work too. Read by [`build`](Self::build), which fails
            /// if they cannot be used, if neither `rustls` nor `native-tls` is enabled, or with
            /// [`http_client`](Self::http_client) (give that client its own identity). The key
            /// never shows in `Debug` output or errors.
            pub fn client_identity(
                self,
                certificate_pem: impl ::std::convert::Into<::std::vec::Vec<u8>>,
                key_pem: impl ::std::convert::Into<::std::vec::Vec<u8>>,
            ) -> Self {
                self.map(|b| b.client_identity(certificate_pem, key_pem))
            }

            /// Builds the client. Fails on an invalid or missing base URL, an invalid header
            /// value, or an HTTP client that cannot be created.
            pub fn build(self) -> ::std::result::Result<Client, $crate::BuildError> {
                self.inner.build().map(|inner| Client { inner })
            }

            /// A `reqwest::ClientBuilder` set up like the HTTP client [`build`](Self::build)
            /// creates: redirects off (this crate follows them itself) and this crate's TLS.
            /// Customise it and pass the result to [`http_client`](Self::http_client).
            ///
            /// With the `rustls` feature (and not `native-tls`), reqwest is built without a
            /// crypto provider of its own (that would compile aws-lc): the TLS configuration is
            /// made here, with the provider the application installed as rustls' process
            /// default if any, else *ring*, and the platform's certificate verifier. A
            /// `reqwest::Client` built elsewhere without a provider would panic in reqwest, so
            /// start from this builder (or enable reqwest's own `rustls` feature, or install a
            /// default provider).
            pub fn http_client_builder()
            -> ::std::result::Result<$crate::reqwest::ClientBuilder, $crate::BuildError> {
                $crate::engine::ClientBuilder::http_client_builder()
            }

            /// Builds a [`blocking::Client`] with this configuration.
            #[cfg(feature = "blocking")]
            pub fn build_blocking(
                self,
            ) -> ::std::result::Result<blocking::Client, $crate::BuildError> {
                self.inner
                    .build_blocking()
                    .map(|inner| blocking::Client { inner })
            }
        }

        /// A blocking client (feature `blocking`): the same pipeline, requests, responses and
        /// errors as the async [`Client`], driven by a private current-thread Tokio runtime.
        ///
        /// It is meant for synchronous code. It also works inside a Tokio context (from
        /// `spawn_blocking`, or even async code, where Tokio forbids a nested `block_on`):
        /// there each call runs on a short-lived helper thread while the caller blocks, so it
        /// never panics, but in async code it blocks that executor thread like any blocking
        /// I/O; prefer the async client there. Dropping it anywhere is fine.
        #[cfg(feature = "blocking")]
        pub mod blocking {
            /// One prepared blocking call; the same options as the async
            /// [`Call`](crate::Call).
            pub use $crate::engine::blocking::Call;

            /// A response whose body is read as it arrives, from [`Call::stream`].
            pub use $crate::engine::blocking::{BodyReader, StreamedResponse};

            /// A blocking API client: one method per operation, each returning a [`Call`] to
            /// `send`. Cheap to clone; built with
            /// [`ClientBuilder::build_blocking`](crate::ClientBuilder::build_blocking).
            ///
            /// Connections it opens are driven by its own runtime, which runs only during a
            /// call; so a `reqwest::Client` given to the builder with `http_client` should not
            /// be used by async code at the same time.
            #[derive(Clone)]
            pub struct Client {
                pub(crate) inner: $crate::engine::blocking::Client,
            }

            impl Client {
                /// Prepares a call of `op`; [`Call::send`] sends it.
                pub fn call<O: $crate::Operation>(&self, op: O) -> Call<O> {
                    self.inner.call(op)
                }
            }

            impl ::std::fmt::Debug for Client {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Debug::fmt(&self.inner, f)
                }
            }
        }
    };
}

/// The methods of a generated crate's `blocking::Client`, one per operation, each the blocking
/// form of the `Client` method of the same name: `name() -> Request;` for an operation without
/// parameters, `name(request) -> Request;` for one with (taking `impl Into<Request>`).
/// Attributes (`#[deprecated]`) are kept. Invoked once per operations module, under the
/// calling crate's `blocking` feature.
#[doc(hidden)]
#[macro_export]
#[allow(
    clippy::crate_in_macro_def,
    reason = "`crate` is the generated crate that invokes it, whose `blocking::Client` this extends"
)]
macro_rules! blocking_methods {
    ($($(#[$attr:meta])* $name:ident($($request:ident)?) -> $req:ident;)*) => {
        impl crate::blocking::Client {
            $($crate::blocking_methods!(@method $(#[$attr])* $name($($request)?) -> $req);)*
        }
    };
    (@method $(#[$attr:meta])* $name:ident() -> $req:ident) => {
        #[doc = ::std::concat!(
            "Blocking form of [`Client::", ::std::stringify!($name),
            "`](crate::Client::", ::std::stringify!($name), ")."
        )]
        $(#[$attr])*
        pub fn $name(&self) -> crate::blocking::Call<$req> {
            self.call(<$req>::new())
        }
    };
    (@method $(#[$attr:meta])* $name:ident($request:ident) -> $req:ident) => {
        #[doc = ::std::concat!(
            "Blocking form of [`Client::", ::std::stringify!($name),
            "`](crate::Client::", ::std::stringify!($name), ")."
        )]
        $(#[$attr])*
        pub fn $name(
            &self,
            $request: impl ::std::convert::Into<$req>,
        ) -> crate::blocking::Call<$req> {
            self.call($request.into())
        }
    };
}
