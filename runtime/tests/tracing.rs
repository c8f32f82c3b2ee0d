//! Tracing (feature `tracing`): one span per call with its outcome, events per retry, and
//! never the token.
#![cfg(feature = "tracing")]

#[macro_use]
mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use codegen_runtime::reqwest::Method;
use codegen_runtime::{AuthPlacement, OperationInfo, SecurityRequirement};
use common::*;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

probe_info!(
    QueryToken,
    OperationInfo::new("queryToken", Method::GET, "/probe").with_security(&[&[
        SecurityRequirement::new("accessToken", AuthPlacement::Query("X-Plex-Token"))
    ]])
);

#[tokio::test]
async fn spans_and_retry_events_without_the_token() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": "a", "count": 1 })),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri()).retry(fast_retry()).build().unwrap();

    client.call(GetThing::new("a")).await.unwrap();
    client
        .call(Probe::<QueryToken>::path("/probe"))
        .await
        .unwrap();
    let closed = builder(&url(closed_port().await))
        .retry(fast_retry())
        .build()
        .unwrap();
    closed
        .call(Probe::<QueryToken>::path("/probe"))
        .await
        .unwrap_err();

    let output = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        !output.contains(TOKEN),
        "token leaked into tracing output:\n{output}"
    );
    assert!(output.contains("api_call"), "{output}");
    assert!(output.contains("operation=\"getThing\""), "{output}");
    assert!(output.contains("path=\"/things/{id}\""), "{output}");
    assert!(output.contains("status=200"), "{output}");
    assert!(output.contains("attempts=2"), "{output}");
    assert!(output.contains("attempts=3"), "{output}");
    assert!(output.contains("elapsed_ms="), "{output}");
    assert!(output.contains("retrying"), "{output}");
}
