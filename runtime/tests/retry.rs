//! Retries: statuses, backoff budget, `Retry-After`, idempotency, connection errors.

#[macro_use]
mod common;

use std::time::Instant;

use codegen_runtime::{Error, RetryPolicy};
use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn thing_json() -> serde_json::Value {
    serde_json::json!({ "id": "a", "count": 1 })
}

async fn server_failing_then_ok(method_name: &str, failures: u64, status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name))
        .respond_with(ResponseTemplate::new(status))
        .up_to_n_times(failures)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method(method_name))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing_json()))
        .mount(&server)
        .await;
    server
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn retries_503_until_success() {
    let server = server_failing_then_ok("GET", 2, 503).await;
    let client = builder(&server.uri()).retry(fast_retry()).build().unwrap();

    let response = client
        .call(GetThing::new("a"))
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.attempts(), 3);
    assert_eq!(response.value().id, "a");
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn exhausted_budget_returns_last_response_with_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .retry(fast_retry().max_attempts(4))
        .build()
        .unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    let raw = error
        .as_api()
        .and_then(FakeError::raw)
        .expect("unexpected status");
    assert_eq!(raw.status(), 503);
    assert_eq!(raw.attempts(), 4);
    assert_eq!(raw.text(), "busy");
    assert_eq!(request_count(&server).await, 4);
}

#[tokio::test]
async fn statuses_outside_the_set_are_not_retried() {
    let server = server_failing_then_ok("GET", 1, 500).await;
    let client = builder(&server.uri())
        .retry(fast_retry().statuses([503]))
        .build()
        .unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert_eq!(
        error.as_api().and_then(FakeError::raw).unwrap().status(),
        500
    );
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = server_failing_then_ok("POST", 2, 503).await;
    let client = builder(&server.uri()).retry(fast_retry()).build().unwrap();
    let op = CreateThing {
        thing: serde_json::from_value(thing_json()).unwrap(),
    };

    let error = client.call(op).await.unwrap_err();

    let raw = error.as_api().and_then(FakeError::raw).unwrap();
    assert_eq!((raw.status().as_u16(), raw.attempts()), (503, 1));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn post_is_retried_when_the_call_opts_in() {
    let server = server_failing_then_ok("POST", 2, 503).await;
    let client = builder(&server.uri()).build().unwrap();
    let op = CreateThing {
        thing: serde_json::from_value(thing_json()).unwrap(),
    };

    let response = client
        .call(op)
        .retry(fast_retry().retry_non_idempotent(true))
        .header("x-request-tag", "tagged")
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 3);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.body == requests[0].body && !r.body.is_empty())
    );
    // Each attempt's request is built again: the same headers every time.
    let headers = |r: &wiremock::Request| {
        let mut all: Vec<_> = r
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
            .collect();
        all.sort();
        all
    };
    assert_eq!(requests[0].headers.get("x-request-tag").unwrap(), "tagged");
    assert_eq!(
        requests[0].headers.get("content-type").unwrap(),
        "application/json"
    );
    assert!(requests.iter().all(|r| headers(r) == headers(&requests[0])));
}

#[tokio::test]
async fn retry_after_is_capped_by_max_interval() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing_json()))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .initial_interval(ms(1))
        .max_interval(ms(150));
    let client = builder(&server.uri()).retry(policy).build().unwrap();

    let start = Instant::now();
    client.call(GetThing::new("a")).await.unwrap();
    let elapsed = start.elapsed();

    // The wait is exactly the capped Retry-After (no jitter): 150 ms, not 1 s nor ~1 ms.
    assert!(elapsed >= ms(145), "waited only {elapsed:?}");
    assert!(elapsed < ms(900), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_is_honoured_over_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing_json()))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default().initial_interval(ms(1));
    let client = builder(&server.uri()).retry(policy).build().unwrap();

    let start = Instant::now();
    client.call(GetThing::new("a")).await.unwrap();

    assert!(start.elapsed() >= ms(990), "Retry-After: 1 not honoured");
}

#[tokio::test]
async fn retry_after_http_date_in_the_past_retries_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(thing_json()))
        .mount(&server)
        .await;
    // Without Retry-After the wait would be drawn from up to 30 s.
    let policy = RetryPolicy::default()
        .initial_interval(std::time::Duration::from_secs(30))
        .max_interval(std::time::Duration::from_secs(30))
        .max_elapsed(None);
    let client = builder(&server.uri()).retry(policy).build().unwrap();

    let start = Instant::now();
    let response = client
        .call(GetThing::new("a"))
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.attempts(), 2);
    assert!(start.elapsed() < ms(900));
}

#[tokio::test]
async fn retry_that_would_exceed_max_elapsed_is_not_started() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "5"))
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .max_interval(std::time::Duration::from_secs(5))
        .max_elapsed(Some(ms(500)));
    let client = builder(&server.uri()).retry(policy).build().unwrap();

    let start = Instant::now();
    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert!(start.elapsed() < ms(400));
    assert_eq!(
        error.as_api().and_then(FakeError::raw).unwrap().attempts(),
        1
    );
}

#[tokio::test]
async fn connection_refused_ends_within_the_budget() {
    let addr = closed_port().await;
    let policy = RetryPolicy::default()
        .max_attempts(1_000)
        .initial_interval(ms(10))
        .max_interval(ms(40))
        .max_elapsed(Some(ms(300)));
    let client = builder(&url(addr)).retry(policy).build().unwrap();

    let start = Instant::now();
    let error = client.call(GetThing::new("a")).await.unwrap_err();
    let elapsed = start.elapsed();

    assert!(elapsed < ms(1_000), "took {elapsed:?}");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(transport.is_connect());
    assert!(transport.attempts() > 1);
    assert_eq!(error.attempts(), Some(transport.attempts()));
}

#[tokio::test]
async fn connection_refused_is_retried_even_for_post() {
    let addr = closed_port().await;
    let client = builder(&url(addr)).retry(fast_retry()).build().unwrap();
    let op = CreateThing {
        thing: serde_json::from_value(thing_json()).unwrap(),
    };

    let error = client.call(op).await.unwrap_err();

    assert!(error.is_transport());
    assert_eq!(error.attempts(), Some(3));
}

#[tokio::test]
async fn connection_errors_can_be_excluded() {
    let addr = closed_port().await;
    let policy = fast_retry().retry_connection_errors(false);
    let client = builder(&url(addr)).retry(policy).build().unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert_eq!(error.attempts(), Some(1));
}

#[tokio::test]
async fn disabled_policy_makes_one_attempt() {
    let server = server_failing_then_ok("GET", 1, 503).await;
    let client = builder(&server.uri()).retry(fast_retry()).build().unwrap();

    let error = client
        .call(GetThing::new("a"))
        .retry(RetryPolicy::disabled())
        .await
        .unwrap_err();

    assert_eq!(
        error.as_api().and_then(FakeError::raw).unwrap().attempts(),
        1
    );
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn delete_is_retried_as_idempotent() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/things/x"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).retry(fast_retry()).build().unwrap();

    let response = client
        .call(DeleteThing { id: "x".into() })
        .send_with_response()
        .await
        .unwrap();

    assert_eq!((response.status().as_u16(), response.attempts()), (204, 2));
}
