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
use std::sync::Arc;
use std::time::Duration;

use crate::client::{BuildError, Call as AsyncCall, Client as AsyncClient};
use crate::error::{Error, InvalidRequest};
use crate::request::{Operation, ServerUrl};
use crate::response::Response;
use crate::retry::RetryPolicy;

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

    /// Sends the call, blocking until it completes; returns the decoded value.
    pub fn send(self) -> Result<O::Output, Error<O::Error>> {
        self.send_with_response().map(Response::into_value)
    }

    /// Sends the call, blocking until it completes; returns the value with status and headers.
    pub fn send_with_response(self) -> Result<Response<O::Output>, Error<O::Error>> {
        let Some(runtime) = &self.runtime.0 else {
            return Err(shut_down());
        };
        let future = self.call.send_with_response();
        if tokio::runtime::Handle::try_current().is_err() {
            return runtime.block_on(future);
        }
        // Inside a Tokio context (async code, or `spawn_blocking`) Tokio forbids a nested
        // `block_on` on this thread, so a short-lived helper thread drives the call.
        std::thread::scope(|scope| {
            let helper = std::thread::Builder::new()
                .name("blocking-call".into())
                .spawn_scoped(scope, || runtime.block_on(future));
            match helper {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(e) => Err(Error::InvalidRequest(InvalidRequest::with_source(
                    "cannot start a thread for the blocking call",
                    e,
                ))),
            }
        })
    }

    fn map(self, f: impl FnOnce(AsyncCall<O>) -> AsyncCall<O>) -> Self {
        Self {
            call: f(self.call),
            runtime: self.runtime,
        }
    }
}

fn shut_down<E>() -> Error<E> {
    Error::InvalidRequest(InvalidRequest::new("the blocking runtime has shut down"))
}

impl<O: Operation> fmt::Debug for Call<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Call").field(&self.call).finish()
    }
}
