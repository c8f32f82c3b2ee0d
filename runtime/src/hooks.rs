//! Hooks: observe or adjust every request the client sends.
//!
//! A deliberately small trait instead of `tower` layers or `reqwest-middleware`: it covers
//! logging, metrics, extra headers and request vetoes without adding dependencies (and
//! build time) to every generated crate.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::error::BoxError;

/// Observes or adjusts requests and responses. Register with
/// `ClientBuilder::hook`; hooks run in registration
/// order. All methods have empty defaults.
///
/// `before_request` runs for every HTTP request (each attempt and each followed redirect)
/// *before* the credential is added, so a hook can log the request freely: it never sees
/// the token.
pub trait Hook: Send + Sync + 'static {
    /// Inspects or modifies the outgoing request. An error refuses it: the call fails with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) carrying the error
    /// as its source, and the request is not sent.
    fn before_request(
        &self,
        context: &HookContext,
        request: &mut reqwest::Request,
    ) -> Result<(), BoxError> {
        let _ = (context, request);
        Ok(())
    }

    /// Sees the status and headers of every response received (including ones that are
    /// then retried or redirected), before its body is read.
    fn after_response(&self, context: &HookContext, status: StatusCode, headers: &HeaderMap) {
        let _ = (context, status, headers);
    }

    /// Sees the error a call ends with (once per failed call).
    fn on_error(&self, context: &HookContext, error: &(dyn std::error::Error + 'static)) {
        let _ = (context, error);
    }
}

/// What a hook is told about the call it runs for.
#[derive(Debug, Clone)]
pub struct HookContext {
    operation_id: &'static str,
    method: Method,
    path_template: &'static str,
    attempt: u32,
}

impl HookContext {
    pub(crate) fn new(
        operation_id: &'static str,
        method: Method,
        path_template: &'static str,
    ) -> Self {
        Self {
            operation_id,
            method,
            path_template,
            attempt: 1,
        }
    }

    pub(crate) fn set_attempt(&mut self, attempt: u32) {
        self.attempt = attempt;
    }

    /// The operation's id, e.g. `startTask`.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The operation's HTTP method (a followed 303 redirect may send a GET instead).
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The operation's path template, e.g. `/butler/{butlerTask}`.
    pub fn path_template(&self) -> &'static str {
        self.path_template
    }

    /// The attempt number, starting at 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}
