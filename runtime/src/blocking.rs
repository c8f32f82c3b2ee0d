//! A blocking client (feature `blocking`): the same pipeline, requests, responses and errors
//! as the async `Client`, driven by a private current-thread Tokio
//! runtime.
//!
//! It is meant for synchronous code. It also works inside a Tokio context (from
//! `spawn_blocking`, or even async code, where Tokio forbids a nested `block_on`): there each
//! call runs on a short-lived helper thread while the caller blocks, so it never panics, but
//! in async code it blocks that executor thread like any blocking I/O; prefer the async
//! client there. Dropping it anywhere is fine.

use std::fmt;
use std::future::{Future, poll_fn};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Buf, Bytes};
use futures_core::Stream;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::client::{BuildError, Call as AsyncCall, Client as AsyncClient};
use crate::error::{Error, InvalidRequest};
use crate::request::{Operation, ServerUrl};
use crate::response::Response;
use crate::retry::RetryPolicy;
use crate::stream::{BodyStream, StreamedResponse as AsyncStreamed};

/// A blocking API client. Cheap to clone; built with
/// `ClientBuilder::build_blocking`.
///
/// Connections it opens are driven by its own runtime, which runs only during a call; so a
/// `reqwest::Client` given to the builder with `http_client` should not be used by async code
/// at the same time.
#[derive(Clone)]
pub struct Client {
    client: AsyncClient,
    runtime: Arc<Runtime>,
}

/// Owns the runtime; shuts it down without blocking, so dropping is safe in any context.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

impl Client {
    pub(crate) fn new(client: AsyncClient) -> Result<Self, BuildError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| BuildError::new("cannot create the blocking runtime", Some(e.into())))?;
        Ok(Self {
            client,
            runtime: Arc::new(Runtime(Some(runtime))),
        })
    }

    /// Prepares a call of `op`; [`Call::send`] sends it.
    pub fn call<O: Operation>(&self, op: O) -> Call<O> {
        Call {
            call: self.client.call(op),
            runtime: self.runtime.clone(),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client")
            .field(&self.client)
            .finish()
    }
}

/// One prepared blocking call; the same options as the async [`Call`](crate::Call).
#[must_use = "a Call does nothing until it is sent"]
pub struct Call<O: Operation> {
    call: AsyncCall<O>,
    runtime: Arc<Runtime>,
}

impl<O: Operation> Call<O> {
    /// Overrides the per-attempt timeout for this call.
    pub fn timeout(self, timeout: Duration) -> Self {
        self.map(|c| c.timeout(timeout))
    }

    /// Overrides the retry policy for this call.
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.map(|c| c.retry(policy))
    }

    /// Adds a header to this call.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.map(|c| c.header(name, value))
    }

    /// Sends this call to another server.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.map(|c| c.base_url(url))
    }

    /// Sends this call to one of the document's servers instead of the client's base URL.
    pub fn server(self, server: impl ServerUrl) -> Self {
        self.map(|c| c.server(server))
    }

    /// Overrides the maximum response body size for this call.
    pub fn max_response_body(self, bytes: usize) -> Self {
        self.map(|c| c.max_response_body(bytes))
    }

    /// The largest streamed body accepted for this call ([`stream`](Self::stream)).
    pub fn max_stream_body(self, bytes: u64) -> Self {
        self.map(|c| c.max_stream_body(bytes))
    }

    /// How long this call's streamed body may go without data.
    pub fn read_timeout(self, timeout: Duration) -> Self {
        self.map(|c| c.read_timeout(timeout))
    }

    /// Sends the call, blocking until the response's headers arrive; the body is then read
    /// as a [`std::io::Read`] (see the async [`Call::stream`](crate::Call::stream), whose
    /// rules it follows).
    pub fn stream(self) -> Result<StreamedResponse<O::Error>, Error<O::Error>> {
        let runtime = self.runtime.clone();
        let response =
            drive(&self.runtime, self.call.stream()).unwrap_or_else(|e| Err(e.into()))?;
        Ok(StreamedResponse { response, runtime })
    }

    /// Sends the call, blocking until it completes; returns the decoded value.
    pub fn send(self) -> Result<O::Output, Error<O::Error>> {
        self.send_with_response().map(Response::into_value)
    }

    /// Sends the call, blocking until it completes; returns the value with status and headers.
    pub fn send_with_response(self) -> Result<Response<O::Output>, Error<O::Error>> {
        let future = self.call.send_with_response();
        drive(&self.runtime, future).unwrap_or_else(|e| Err(e.into()))
    }

    fn map(self, f: impl FnOnce(AsyncCall<O>) -> AsyncCall<O>) -> Self {
        Self {
            call: f(self.call),
            runtime: self.runtime,
        }
    }
}

/// Why [`drive`] could not run a future.
enum DriveError {
    ShutDown,
    Thread(io::Error),
}

impl<E> From<DriveError> for Error<E> {
    fn from(error: DriveError) -> Self {
        Error::InvalidRequest(match error {
            DriveError::ShutDown => InvalidRequest::new("the blocking runtime has shut down"),
            DriveError::Thread(e) => {
                InvalidRequest::with_source("cannot start a thread for the blocking call", e)
            }
        })
    }
}

impl From<DriveError> for io::Error {
    fn from(error: DriveError) -> Self {
        match error {
            DriveError::ShutDown => io::Error::other("the blocking runtime has shut down"),
            DriveError::Thread(e) => e,
        }
    }
}

/// Runs `future` to completion on the client's runtime, blocking.
fn drive<F>(runtime: &Runtime, future: F) -> Result<F::Output, DriveError>
where
    F: Future + Send,
    F::Output: Send,
{
    let Some(runtime) = &runtime.0 else {
        return Err(DriveError::ShutDown);
    };
    if tokio::runtime::Handle::try_current().is_err() {
        return Ok(runtime.block_on(future));
    }
    // Inside a Tokio context (async code, or `spawn_blocking`) Tokio forbids a nested
    // `block_on` on this thread, so a short-lived helper thread drives the future.
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("blocking-call".into())
            .spawn_scoped(scope, || runtime.block_on(future));
        match helper {
            Ok(handle) => Ok(handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))),
            Err(e) => Err(DriveError::Thread(e)),
        }
    })
}

/// A response of the blocking client whose body is read as it arrives
/// ([`Call::stream`]): a [`std::io::Read`], so `std::io::copy(&mut response, &mut file)`
/// writes it to a file. Each read waits for the next chunk (at most the read timeout). A
/// body error is an [`io::Error`] whose [`get_ref`](io::Error::get_ref) is the call's
/// [`Error`].
pub struct StreamedResponse<E> {
    response: AsyncStreamed<E>,
    runtime: Arc<Runtime>,
}

impl<E: std::error::Error + Send + Sync + 'static> StreamedResponse<E> {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// How many attempts were made in all.
    pub fn attempts(&self) -> u32 {
        self.response.attempts()
    }

    /// The body's length as the server announced it (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The `Content-Type` header, if it is text.
    pub fn content_type(&self) -> Option<&str> {
        self.response.content_type()
    }

    /// The file name the server suggests in `Content-Disposition`, if any (see the async
    /// [`StreamedResponse::file_name`](crate::StreamedResponse::file_name)).
    pub fn file_name(&self) -> Option<String> {
        self.response.file_name()
    }

    /// The body as a reader.
    pub fn into_reader(self) -> BodyReader<E> {
        let runtime = self.runtime;
        BodyReader {
            stream: self.response.into_stream(),
            runtime,
            chunk: Bytes::new(),
        }
    }

    /// Writes the whole body to `writer`; returns how many bytes were written.
    pub fn write_to<W: io::Write + ?Sized>(self, writer: &mut W) -> io::Result<u64> {
        let mut reader = self.into_reader();
        let mut written = 0;
        while let Some(chunk) = reader.next_chunk()? {
            writer.write_all(&chunk)?;
            written += chunk.len() as u64;
        }
        writer.flush()?;
        Ok(written)
    }
}

impl<E> fmt::Debug for StreamedResponse<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::StreamedResponse")
            .field(&self.response)
            .finish()
    }
}

/// The body of a blocking [`StreamedResponse`] as a [`std::io::Read`].
pub struct BodyReader<E> {
    stream: BodyStream<E>,
    runtime: Arc<Runtime>,
    /// What is left of the last chunk.
    chunk: Bytes,
}

impl<E: std::error::Error + Send + Sync + 'static> BodyReader<E> {
    /// The next chunk, waiting for it; `None` at the end.
    fn next_chunk(&mut self) -> io::Result<Option<Bytes>> {
        if !self.chunk.is_empty() {
            return Ok(Some(std::mem::take(&mut self.chunk)));
        }
        let stream = &mut self.stream;
        let next = drive(
            &self.runtime,
            poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)),
        )?;
        next.transpose().map_err(io::Error::other)
    }
}

impl<E: std::error::Error + Send + Sync + 'static> io::Read for BodyReader<E> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.chunk.is_empty() {
            match self.next_chunk()? {
                Some(chunk) => self.chunk = chunk,
                None => return Ok(0),
            }
        }
        let n = self.chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        self.chunk.advance(n);
        Ok(n)
    }
}

impl<E> fmt::Debug for BodyReader<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::BodyReader")
            .field("stream", &self.stream)
            .field("buffered", &self.chunk.len())
            .finish()
    }
}

impl<O: Operation> fmt::Debug for Call<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Call").field(&self.call).finish()
    }
}
