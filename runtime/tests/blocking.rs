//! The blocking client (feature `blocking`).
#![cfg(feature = "blocking")]

#[macro_use]
mod common;

use codegen_runtime::Error;
use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Starts a mock server (it serves from its own thread) outside any test runtime.
fn start_server() -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/things/flaky"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/things/missing"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/things/slow"))
            .respond_with(ResponseTemplate::new(200).set_delay(ms(2_000)))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({ "id": "a", "count": 3 }))
                    .insert_header("x-request-id", "r-1"),
            )
            .mount(&server)
            .await;
        server
    });
    (runtime, server)
}

#[test]
fn blocking_calls_share_the_pipeline() {
    let (runtime, server) = start_server();
    let client = builder(&server.uri())
        .retry(fast_retry())
        .build_blocking()
        .unwrap();

    let thing = client.call(GetThing::new("a")).send().unwrap();
    assert_eq!(thing.count, 3);

    let response = client
        .call(GetThing::new("flaky"))
        .header("X-Extra", "1")
        .send_with_response()
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(response.headers()["x-request-id"], "r-1");

    let error = client.call(GetThing::new("missing")).send().unwrap_err();
    assert!(matches!(
        error,
        Error::Api {
            error: FakeError::NotFound,
            ..
        }
    ));

    let error = client
        .call(GetThing::new("slow"))
        .timeout(ms(100))
        .retry(codegen_runtime::RetryPolicy::disabled())
        .send()
        .unwrap_err();
    assert!(error.is_timeout());

    let text = format!("{client:?}");
    assert!(
        !text.contains(TOKEN) && text.contains("blocking::Client"),
        "{text}"
    );

    let requests = runtime.block_on(server.received_requests()).unwrap();
    assert!(requests.iter().all(|r| r.headers["x-plex-token"] == TOKEN));
}

#[test]
fn blocking_client_is_usable_from_several_threads() {
    let (_runtime, server) = start_server();
    let client = builder(&server.uri()).build_blocking().unwrap();

    std::thread::scope(|scope| {
        for _ in 0..3 {
            let client = client.clone();
            scope.spawn(move || client.call(GetThing::new("a")).send().unwrap());
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_inside_a_tokio_context_without_panicking() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": "a", "count": 5 })),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build_blocking().unwrap();

    // Straight from async code (blocks this worker, but does not panic) ...
    assert_eq!(client.call(GetThing::new("a")).send().unwrap().count, 5);
    // ... and the recommended way, from `spawn_blocking`.
    let moved = client.clone();
    let thing = tokio::task::spawn_blocking(move || moved.call(GetThing::new("a")).send())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(thing.count, 5);

    drop(client); // dropping its runtime here must not panic either
}

#[test]
fn a_blocking_stream_is_a_read() {
    use std::io::Read;

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let body: Vec<u8> = (0..500_000u32).map(|i| (i % 253) as u8).collect();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(path("/big"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw(body.clone(), "video/mp4")
                    .insert_header("content-disposition", "attachment; filename=\"a.mp4\""),
            )
            .mount(&server)
            .await;
        Mock::given(path("/missing"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        server
    });
    let client = builder(&server.uri()).build_blocking().unwrap();

    let response = client
        .call(Probe::<GetProbe>::path("/big"))
        .stream()
        .unwrap();
    assert_eq!(response.content_length(), Some(500_000));
    assert_eq!(response.content_type(), Some("video/mp4"));
    assert_eq!(response.file_name().as_deref(), Some("a.mp4"));
    let mut reader = response.into_reader();
    let mut read = Vec::new();
    let mut buf = [0u8; 1000];
    loop {
        match reader.read(&mut buf).unwrap() {
            0 => break,
            n => read.extend_from_slice(&buf[..n]),
        }
    }
    assert_eq!(read, body);

    let mut written = Vec::new();
    let response = client
        .call(Probe::<GetProbe>::path("/big"))
        .stream()
        .unwrap();
    assert_eq!(response.write_to(&mut written).unwrap(), 500_000);
    assert_eq!(written, body);

    let error = client
        .call(Probe::<GetProbe>::path("/missing"))
        .stream()
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Api {
                error: FakeError::NotFound,
                ..
            }
        ),
        "{error:?}"
    );

    // From inside a Tokio context too (each read on a helper thread).
    let response = client
        .call(Probe::<GetProbe>::path("/big"))
        .stream()
        .unwrap();
    let copied = runtime.block_on(async {
        let mut sink = Vec::new();
        let n = std::io::copy(&mut response.into_reader(), &mut sink).unwrap();
        (n, sink == body)
    });
    assert_eq!(copied, (500_000, true));
}
