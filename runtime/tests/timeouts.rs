//! Timeouts: slow servers, silent servers, per-call overrides, retried timeouts.

#[macro_use]
mod common;

use std::time::{Duration, Instant};

use codegen_runtime::{Error, TimeoutKind};
use common::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn slow_server(delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "id": "a", "count": 1 }))
                .set_delay(delay),
        )
        .mount(&server)
        .await;
    server
}

fn expect_request_timeout<E: std::fmt::Debug>(error: &Error<E>, after: Duration) {
    let Error::Timeout(timeout) = error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(timeout.kind(), TimeoutKind::Request);
    assert_eq!(timeout.after(), Some(after));
    assert!(error.is_timeout());
}

#[tokio::test]
async fn server_slower_than_the_timeout() {
    let server = slow_server(ms(2_000)).await;
    let client = builder(&server.uri()).timeout(ms(150)).build().unwrap();

    let start = Instant::now();
    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert!(start.elapsed() < ms(1_000));
    expect_request_timeout(&error, ms(150));
    assert_eq!(error.attempts(), Some(1));
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[tokio::test]
async fn server_that_accepts_and_never_answers() {
    let addr = raw_server(|mut stream| async move {
        read_head(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(stream);
    })
    .await;
    let client = builder(&url(addr)).timeout(ms(150)).build().unwrap();

    let start = Instant::now();
    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert!(start.elapsed() < ms(1_000));
    expect_request_timeout(&error, ms(150));
}

#[tokio::test]
async fn body_that_stalls_is_covered_by_the_timeout() {
    let addr = raw_server(|mut stream| async move {
        use tokio::io::AsyncWriteExt;
        read_head(&mut stream).await;
        let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":";
        let _ = stream.write_all(head).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let client = builder(&url(addr)).timeout(ms(200)).build().unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    expect_request_timeout(&error, ms(200));
}

#[tokio::test]
async fn per_call_timeout_shortens_the_client_timeout() {
    let server = slow_server(ms(2_000)).await;
    let client = builder(&server.uri()).timeout(ms(5_000)).build().unwrap();

    let start = Instant::now();
    let error = client
        .call(GetThing::new("a"))
        .timeout(ms(100))
        .await
        .unwrap_err();

    assert!(start.elapsed() < ms(1_000));
    expect_request_timeout(&error, ms(100));
}

#[tokio::test]
async fn per_call_timeout_lengthens_the_client_timeout() {
    let server = slow_server(ms(300)).await;
    let client = builder(&server.uri()).timeout(ms(50)).build().unwrap();

    let thing = client
        .call(GetThing::new("a"))
        .timeout(ms(3_000))
        .await
        .unwrap();

    assert_eq!(thing.id, "a");
}

#[tokio::test]
async fn timeouts_are_retried_for_idempotent_methods() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(ms(2_000)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": "b", "count": 2 })),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .timeout(ms(150))
        .retry(fast_retry())
        .build()
        .unwrap();

    let response = client
        .call(GetThing::new("b"))
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
}

#[tokio::test]
async fn timeouts_not_retried_when_disabled() {
    let server = slow_server(ms(2_000)).await;
    let client = builder(&server.uri())
        .timeout(ms(100))
        .retry(fast_retry().retry_timeouts(false))
        .build()
        .unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert_eq!(error.attempts(), Some(1));
}

#[tokio::test]
async fn duration_max_means_no_timeout() {
    let server = slow_server(ms(200)).await;
    let client = builder(&server.uri())
        .timeout(Duration::MAX)
        .build()
        .unwrap();

    assert!(client.call(GetThing::new("a")).await.is_ok());
}

/// A listener with a backlog of one that never accepts: once its queue is full, the kernel
/// drops further SYNs and `connect` hangs, which lets us test the connect timeout on loopback.
#[tokio::test]
async fn connect_timeout() {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    let _listener = socket.listen(1).unwrap();
    // Fill the accept queue.
    let mut fillers = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(stream)) =
            tokio::time::timeout(ms(100), tokio::net::TcpStream::connect(addr)).await
        {
            fillers.push(stream);
        }
    }
    let client = builder(&url(addr))
        .connect_timeout(ms(200))
        .timeout(ms(3_000))
        .build()
        .unwrap();

    let start = Instant::now();
    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert!(start.elapsed() < ms(2_000), "{error:?}");
    let Error::Timeout(timeout) = &error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(timeout.kind(), TimeoutKind::Connect);
    assert_eq!(timeout.after(), Some(ms(200)));
}
