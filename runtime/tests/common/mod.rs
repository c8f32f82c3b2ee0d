//! Shared fixtures for the runtime tests: the client types a generated crate makes
//! (`client_types!`), fake operations shaped like generated ones, client helpers and raw TCP
//! servers for fault injection. Everything listens on 127.0.0.1 only.
#![allow(dead_code, unused_macros)]

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::time::Duration;

use codegen_runtime::reqwest::Method;
use codegen_runtime::{
    AuthPlacement, DecodeError, InvalidRequest, Operation, OperationInfo, RawResponse,
    RequestParts, RetryPolicy, SecurityRequirement,
};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

// `Client`, `ClientBuilder` and `blocking::Client`, as in a generated crate's root.
codegen_runtime::client_types!();

impl Client {
    /// A builder with every default and no base URL (a generated crate's `builder` starts
    /// from its document's first server).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::with_default_base_url(None)
    }
}

/// The credential every test uses; it must never show up in any output.
pub const TOKEN: &str = "s3cr3t-T0ken-do-not-leak";

/// `X-Plex-Token` header API key, like the Plex spec's `accessToken`.
pub const API_KEY: &[&[SecurityRequirement]] = &[&[SecurityRequirement::new(
    "accessToken",
    AuthPlacement::Header("X-Plex-Token"),
)]];

/// A resource the fake API serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thing {
    pub id: String,
    pub count: u32,
}

/// A per-operation error like the generator emits.
#[derive(Debug)]
pub enum FakeError {
    /// 404.
    NotFound,
    /// Any other non-2xx status.
    Unexpected(RawResponse),
}

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FakeError::NotFound => f.write_str("not found"),
            FakeError::Unexpected(response) => fmt::Display::fmt(response, f),
        }
    }
}

impl std::error::Error for FakeError {}

impl FakeError {
    /// The raw response of an unexpected status.
    pub fn raw(&self) -> Option<&RawResponse> {
        match self {
            FakeError::Unexpected(raw) => Some(raw),
            FakeError::NotFound => None,
        }
    }
}

fn decode_with<T>(
    response: RawResponse,
    ok: impl FnOnce(RawResponse) -> Result<T, DecodeError>,
) -> Result<Result<T, FakeError>, DecodeError> {
    match response.status().as_u16() {
        200..=299 => ok(response).map(Ok),
        404 => Ok(Err(FakeError::NotFound)),
        _ => Ok(Err(FakeError::Unexpected(response))),
    }
}

/// `GET /things/{id}` returning JSON.
pub struct GetThing {
    pub id: String,
}

impl GetThing {
    pub fn new(id: &str) -> Self {
        Self { id: id.to_owned() }
    }
}

impl Operation for GetThing {
    type Output = Thing;
    type Error = FakeError;
    const INFO: OperationInfo = OperationInfo::new("getThing", Method::GET, "/things/{id}")
        .with_accept("application/json")
        .with_security(API_KEY);

    fn build(&self, parts: &mut RequestParts) -> Result<(), InvalidRequest> {
        parts.path_literal("/things/");
        parts.path_param("id", &self.id)
    }

    fn decode(response: RawResponse) -> Result<Result<Thing, FakeError>, DecodeError> {
        decode_with(response, |r| r.json())
    }
}

/// `POST /things` with a JSON body, returning JSON.
pub struct CreateThing {
    pub thing: Thing,
}

impl Operation for CreateThing {
    type Output = Thing;
    type Error = FakeError;
    const INFO: OperationInfo = OperationInfo::new("createThing", Method::POST, "/things")
        .with_accept("application/json")
        .with_security(API_KEY);

    fn build(&self, parts: &mut RequestParts) -> Result<(), InvalidRequest> {
        parts.path_literal("/things");
        parts.json_body(&self.thing)
    }

    fn decode(response: RawResponse) -> Result<Result<Thing, FakeError>, DecodeError> {
        decode_with(response, |r| r.json())
    }
}

/// `DELETE /things/{id}` without a response body.
pub struct DeleteThing {
    pub id: String,
}

impl Operation for DeleteThing {
    type Output = ();
    type Error = FakeError;
    const INFO: OperationInfo =
        OperationInfo::new("deleteThing", Method::DELETE, "/things/{id}").with_security(API_KEY);

    fn build(&self, parts: &mut RequestParts) -> Result<(), InvalidRequest> {
        parts.path_literal("/things/");
        parts.path_param("id", &self.id)
    }

    fn decode(response: RawResponse) -> Result<Result<(), FakeError>, DecodeError> {
        decode_with(response, |_| Ok(()))
    }
}

/// Static facts for a [`Probe`].
pub trait ProbeInfo: Send + Sync + 'static {
    const INFO: OperationInfo;
}

/// Declares a [`ProbeInfo`] type.
macro_rules! probe_info {
    ($name:ident, $info:expr) => {
        pub struct $name;
        impl $crate::common::ProbeInfo for $name {
            const INFO: codegen_runtime::OperationInfo = $info;
        }
    };
}

type BuildFn = Box<dyn Fn(&mut RequestParts) -> Result<(), InvalidRequest> + Send + Sync>;

/// A configurable operation: the test supplies `build`; 2xx decodes to the body text.
pub struct Probe<I> {
    build: BuildFn,
    _info: PhantomData<fn() -> I>,
}

impl<I: ProbeInfo> Probe<I> {
    pub fn new(
        build: impl Fn(&mut RequestParts) -> Result<(), InvalidRequest> + Send + Sync + 'static,
    ) -> Self {
        Self {
            build: Box::new(build),
            _info: PhantomData,
        }
    }

    /// A probe whose path is the given literal.
    pub fn path(path: &'static str) -> Self {
        Self::new(move |parts| {
            parts.path_literal(path);
            Ok(())
        })
    }
}

impl<I: ProbeInfo> Operation for Probe<I> {
    type Output = String;
    type Error = FakeError;
    const INFO: OperationInfo = I::INFO;

    fn build(&self, parts: &mut RequestParts) -> Result<(), InvalidRequest> {
        (self.build)(parts)
    }

    fn decode(response: RawResponse) -> Result<Result<String, FakeError>, DecodeError> {
        decode_with(response, RawResponse::into_text)
    }
}

probe_info!(
    GetProbe,
    OperationInfo::new("getProbe", Method::GET, "/probe").with_security(API_KEY)
);
probe_info!(
    PostProbe,
    OperationInfo::new("postProbe", Method::POST, "/probe").with_security(API_KEY)
);

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A builder for `base` with the test token, no retries and a 5 s timeout.
pub fn builder(base: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base)
        .token(TOKEN)
        .retry(RetryPolicy::disabled())
        .timeout(Duration::from_secs(5))
}

pub fn client(base: &str) -> Client {
    builder(base).build().unwrap()
}

/// Retries with millisecond backoff.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_interval(ms(5))
        .max_interval(ms(20))
}

/// A loopback port nothing listens on.
pub async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

/// A raw TCP server: `handler` gets each accepted connection.
pub async fn raw_server<F, Fut>(handler: F) -> SocketAddr
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handler(stream));
        }
    });
    addr
}

/// Reads one request head (up to the blank line) and returns it.
pub async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

/// A raw server that answers every request with `response` and closes.
pub async fn canned_server(response: &'static [u8]) -> SocketAddr {
    raw_server(move |mut stream| async move {
        read_head(&mut stream).await;
        let _ = stream.write_all(response).await;
        let _ = stream.shutdown().await;
    })
    .await
}

pub fn url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// Asserts that neither `Display`, alternate `Display` nor `Debug` of `value` (nor of any
/// error in its source chain) contains the token.
pub fn assert_no_token(error: &(dyn std::error::Error + 'static)) {
    let mut current = Some(error);
    while let Some(e) = current {
        for text in [
            format!("{e}"),
            format!("{e:#}"),
            format!("{e:?}"),
            format!("{e:#?}"),
        ] {
            assert!(!text.contains(TOKEN), "token leaked: {text}");
        }
        current = e.source();
    }
}
