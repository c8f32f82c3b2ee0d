//! Request building: paths, base URLs, query styles, headers, bodies, credentials, hooks.

#[macro_use]
mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use codegen_runtime::reqwest::{Method, StatusCode, header::HeaderMap};
use codegen_runtime::{
    AuthPlacement, BoxError, Error, Hook, HookContext, InvalidRequest, OperationInfo, QueryStyle,
    RequestParts, RetryPolicy, SecurityRequirement,
};
use common::*;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server answering everything with `{"id":"a","count":1}`.
async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "id": "a", "count": 1 }))
                .insert_header("x-request-id", "r-1"),
        )
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

fn expect_invalid<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
    needle: &str,
) {
    match result {
        Err(Error::InvalidRequest(e)) => {
            assert!(e.to_string().contains(needle), "`{e}` lacks `{needle}`")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

// ---- paths and base URLs ----

#[tokio::test]
async fn path_parameters_are_encoded_as_one_segment() {
    let server = ok_server().await;
    let client = client(&server.uri());

    client.call(GetThing::new("a/b")).await.unwrap();
    client.call(GetThing::new("a b?#%é~.-_")).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/things/a%2Fb");
    assert_eq!(requests[1].url.path(), "/things/a%20b%3F%23%25%C3%A9~.-_");
}

#[tokio::test]
async fn dot_segments_and_empty_values_are_rejected_before_sending() {
    let server = ok_server().await;
    let client = client(&server.uri());

    for id in ["", ".", ".."] {
        expect_invalid(client.call(GetThing::new(id)).await, "path parameter `id`");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = ok_server().await;
    for base in [
        format!("{}/plex/", server.uri()),
        format!("{}/plex", server.uri()),
    ] {
        client(&base).call(GetThing::new("x")).await.unwrap();
    }

    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.url.path() == "/plex/things/x"));
}

probe_info!(
    ElsewhereProbe,
    OperationInfo::new("elsewhere", Method::GET, "/probe").with_servers(&["http://127.0.0.1:1/"])
);

#[tokio::test]
async fn operation_servers_and_per_call_base_url() {
    let server = ok_server().await;
    let client = client(&server.uri());

    // The operation's own server (nothing listens on port 1) wins over the client's.
    let error = client
        .call(Probe::<ElsewhereProbe>::path("/probe"))
        .await
        .unwrap_err();
    assert!(error.is_transport(), "{error:?}");

    // A per-call base URL wins over both.
    client
        .call(Probe::<ElsewhereProbe>::path("/probe"))
        .base_url(format!("{}/api", server.uri()))
        .await
        .unwrap();
    assert_eq!(only_request(&server).await.url.path(), "/api/probe");

    expect_invalid(
        client
            .call(Probe::<GetProbe>::path("/probe"))
            .base_url("not a url")
            .await,
        "base URL",
    );
}

/// Moves every request to another server (a hook may change the URL).
struct Reroute(String);

impl Hook for Reroute {
    fn before_request(
        &self,
        _: &HookContext,
        request: &mut codegen_runtime::reqwest::Request,
    ) -> Result<(), BoxError> {
        let path = request.url().path().to_owned();
        *request.url_mut() = format!("{}{path}", self.0).parse()?;
        Ok(())
    }
}

/// The `Host` header names where the request goes, once: the client's server (a value the
/// client makes once), a per-call server, the server a hook sent the request to, or what the
/// call set itself.
#[tokio::test]
async fn host_header_names_the_server_the_request_goes_to() {
    let (first, second) = (ok_server().await, ok_server().await);
    let authority = |server: &MockServer| server.uri().trim_start_matches("http://").to_owned();
    let hosts = |request: &Request| -> Vec<String> {
        let values = request.headers.get_all("host").iter();
        values.map(|v| v.to_str().unwrap().to_owned()).collect()
    };
    let client = client(&first.uri());

    for _ in 0..2 {
        client
            .call(Probe::<GetProbe>::path("/probe"))
            .await
            .unwrap();
    }
    client
        .call(Probe::<GetProbe>::path("/probe"))
        .header("host", "plex.example")
        .await
        .unwrap();
    let requests = first.received_requests().await.unwrap();
    assert_eq!(hosts(&requests[0]), [authority(&first)]);
    assert_eq!(hosts(&requests[1]), [authority(&first)]);
    assert_eq!(hosts(&requests[2]), ["plex.example"]);

    client
        .call(Probe::<GetProbe>::path("/probe"))
        .base_url(second.uri())
        .await
        .unwrap();
    assert_eq!(hosts(&only_request(&second).await), [authority(&second)]);

    // By name instead of address: another host, the same port.
    let by_name = second.uri().replace("127.0.0.1", "localhost");
    let rerouted = builder(&first.uri())
        .hook(Reroute(by_name.clone()))
        .build()
        .unwrap();
    rerouted
        .call(Probe::<GetProbe>::path("/probe"))
        .await
        .unwrap();
    let requests = second.received_requests().await.unwrap();
    assert_eq!(hosts(&requests[1]), [by_name.trim_start_matches("http://")]);
}

#[tokio::test]
async fn invalid_base_urls_fail_to_build_without_echoing_them() {
    for (base, needle) in [
        ("ftp://example.com", "http or https"),
        ("http://user:hunter2@example.com/", "user info"),
        ("http://example.com/?X-Plex-Token=hunter2", "query"),
        ("::", "invalid base URL"),
    ] {
        let error = Client::builder().base_url(base).build().unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(text.contains(needle), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
    }
    assert!(
        ClientBuilder::default().build().is_err(),
        "no base URL at all"
    );
}

// ---- query styles ----

#[derive(serde::Serialize)]
struct Rgb {
    r: u8,
    g: u8,
}

type BuildQuery = fn(&mut RequestParts) -> Result<(), InvalidRequest>;

#[tokio::test]
async fn query_styles() {
    let server = ok_server().await;
    let client = client(&server.uri());
    let cases: Vec<(BuildQuery, &str)> = vec![
        (
            |p| p.query_styled("id", &[1, 2], QueryStyle::Form { explode: true }),
            "id=1&id=2",
        ),
        (
            |p| p.query_styled("id", &[1, 2], QueryStyle::Form { explode: false }),
            "id=1,2",
        ),
        (
            |p| p.query_styled("id", &["a b", "c"], QueryStyle::SpaceDelimited),
            "id=a%20b%20c",
        ),
        (
            |p| p.query_styled("id", &[1, 2], QueryStyle::PipeDelimited),
            "id=1|2",
        ),
        (
            |p| p.query_styled("c", &Rgb { r: 1, g: 2 }, QueryStyle::Form { explode: true }),
            "g=2&r=1",
        ),
        (
            |p| {
                p.query_styled(
                    "c",
                    &Rgb { r: 1, g: 2 },
                    QueryStyle::Form { explode: false },
                )
            },
            "c=g,2,r,1",
        ),
        (
            |p| p.query_styled("c", &Rgb { r: 1, g: 2 }, QueryStyle::DeepObject),
            "c[g]=2&c[r]=1",
        ),
        (
            |p| {
                let nested =
                    serde_json::json!({ "a": { "b": "x y" }, "tags": ["t1", "t2"], "none": null });
                p.query_styled("f", &nested, QueryStyle::DeepObject)
            },
            "f[a][b]=x%20y&f[tags]=t1&f[tags]=t2",
        ),
        (
            |p| p.query_styled("q", "a b&c=d/é", QueryStyle::Form { explode: true }),
            "q=a%20b%26c%3Dd%2F%C3%A9",
        ),
        (
            |p| p.query_styled("flag", &true, QueryStyle::Form { explode: true }),
            "flag=true",
        ),
        (
            |p| {
                p.query_styled("absent", &None::<u32>, QueryStyle::Form { explode: true })?;
                p.query_styled(
                    "empty",
                    &Vec::<u32>::new(),
                    QueryStyle::Form { explode: false },
                )?;
                p.query("plain", "v 1");
                let map = BTreeMap::from([("k", 1)]);
                p.query_styled("m", &map, QueryStyle::Form { explode: true })
            },
            "plain=v%201&k=1",
        ),
    ];
    for (build, _) in &cases {
        let build = *build;
        client
            .call(Probe::<GetProbe>::new(move |parts| {
                parts.path_literal("/probe");
                build(parts)
            }))
            .await
            .unwrap();
    }

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), cases.len());
    for ((_, expected), request) in cases.iter().zip(&requests) {
        assert_eq!(request.url.query(), Some(*expected));
    }
}

#[tokio::test]
async fn nested_values_need_deep_object() {
    let server = ok_server().await;
    let probe = Probe::<GetProbe>::new(|parts| {
        parts.query_styled("x", &[[1, 2]], QueryStyle::Form { explode: true })
    });

    expect_invalid(
        client(&server.uri()).call(probe).await,
        "query parameter `x`",
    );
}

// ---- headers ----

fn client_id_probe(value: Option<&'static str>, required: bool) -> Probe<GetProbe> {
    Probe::new(move |parts| {
        parts.path_literal("/probe");
        parts.global_header("X-Plex-Client-Identifier", value, required)
    })
}

#[tokio::test]
async fn global_header_default_override_and_missing() {
    let server = ok_server().await;
    let with_default = builder(&server.uri())
        .global_header("X-Plex-Client-Identifier", "default-id")
        .build()
        .unwrap();
    let without = client(&server.uri());

    with_default
        .call(client_id_probe(None, true))
        .await
        .unwrap();
    with_default
        .call(client_id_probe(Some("per-call"), true))
        .await
        .unwrap();
    without.call(client_id_probe(None, false)).await.unwrap();
    expect_invalid(
        without.call(client_id_probe(None, true)).await,
        "`X-Plex-Client-Identifier` is set neither on the client nor on the request",
    );

    let requests = server.received_requests().await.unwrap();
    let ids: Vec<_> = requests
        .iter()
        .map(|r| header(r, "x-plex-client-identifier"))
        .collect();
    assert_eq!(ids, [Some("default-id"), Some("per-call"), None]);
}

#[tokio::test]
async fn extra_headers_accept_and_user_agent() {
    let server = ok_server().await;
    let probe = Probe::<GetProbe>::new(|parts| {
        parts.path_literal("/probe");
        parts.header("X-Op", "from-op")
    });

    client(&server.uri())
        .call(probe)
        .header("X-Extra", "1")
        .header("x-op", "from-call")
        .await
        .unwrap();
    client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap();
    builder(&server.uri())
        .user_agent("my-app/1.0")
        .build()
        .unwrap()
        .call(GetThing::new("a"))
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(header(&requests[0], "x-extra"), Some("1"));
    assert_eq!(header(&requests[0], "x-op"), Some("from-call"));
    assert!(
        header(&requests[0], "user-agent")
            .unwrap()
            .starts_with("codegen-runtime/")
    );
    assert_eq!(header(&requests[1], "accept"), Some("application/json"));
    assert_eq!(header(&requests[2], "user-agent"), Some("my-app/1.0"));
}

#[tokio::test]
async fn invalid_extra_header_fails_at_send() {
    let server = ok_server().await;
    let client = client(&server.uri());

    let error = client
        .call(GetThing::new("a"))
        .header("X-Bad", "a\nb")
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: invalid value for header `X-Bad`"
    );
    expect_invalid(
        client
            .call(GetThing::new("a"))
            .header("bad name", "v")
            .await,
        "header name",
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---- bodies and responses ----

#[tokio::test]
async fn json_body_and_response_metadata() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(|request: &Request| {
            ResponseTemplate::new(201)
                .set_body_raw(request.body.clone(), "application/json")
                .insert_header("x-request-id", "r-9")
        })
        .mount(&server)
        .await;
    let thing = Thing {
        id: "new".into(),
        count: 7,
    };

    let response = client(&server.uri())
        .call(CreateThing {
            thing: thing.clone(),
        })
        .send_with_response()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["x-request-id"], "r-9");
    assert_eq!(response.value(), &thing);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(request.body_json::<Thing>().unwrap(), thing);
    let (status, _, value) = response.into_parts();
    assert_eq!((status.as_u16(), value.count), (201, 7));
}

#[tokio::test]
async fn form_and_bytes_bodies() {
    let server = ok_server().await;
    let client = client(&server.uri());

    client
        .call(Probe::<PostProbe>::new(|parts| {
            parts.path_literal("/probe");
            parts.form_body(&[("a", "1"), ("b", "x y")])
        }))
        .await
        .unwrap();
    client
        .call(Probe::<PostProbe>::new(|parts| {
            parts.path_literal("/probe");
            parts.bytes_body(
                "application/octet-stream",
                codegen_runtime::Bytes::from_static(b"\x00\x01"),
            );
            Ok(())
        }))
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(requests[0].body, b"a=1&b=x+y");
    assert_eq!(
        header(&requests[1], "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(requests[1].body, b"\x00\x01");
}

#[tokio::test]
async fn delete_without_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    client(&server.uri())
        .call(DeleteThing { id: "x".into() })
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert!(request.body.is_empty());
    assert_eq!(request.url.path(), "/things/x");
}

// ---- credentials ----

macro_rules! placement_probe {
    ($name:ident, $security:expr) => {
        probe_info!(
            $name,
            OperationInfo::new("auth", Method::GET, "/probe").with_security($security)
        );
    };
}

const fn req(scheme: &'static str, placement: AuthPlacement) -> SecurityRequirement {
    SecurityRequirement::new(scheme, placement)
}

placement_probe!(
    InQuery,
    &[&[req("k", AuthPlacement::Query("X-Plex-Token"))]]
);
placement_probe!(InCookie, &[&[req("k", AuthPlacement::Cookie("session"))]]);
placement_probe!(AsBearer, &[&[req("k", AuthPlacement::Bearer)]]);
placement_probe!(AsBasic, &[&[req("k", AuthPlacement::Basic)]]);
placement_probe!(NoAuth, &[]);
placement_probe!(OptionalAuth, &[&[]]);
placement_probe!(
    Both,
    &[&[
        req("a", AuthPlacement::Header("X-A")),
        req("b", AuthPlacement::Header("X-B"))
    ]]
);
placement_probe!(
    EitherOr,
    &[
        &[req("a", AuthPlacement::Header("X-A"))],
        &[req("b", AuthPlacement::Bearer)]
    ]
);

#[tokio::test]
async fn credential_placements() {
    let server = ok_server().await;
    let client = client(&server.uri());
    let basic = builder(&server.uri()).token("user:pass").build().unwrap();

    client.call(GetThing::new("a")).await.unwrap();
    client
        .call(Probe::<InQuery>::new(|p| {
            p.path_literal("/probe");
            p.query("a", "1");
            Ok(())
        }))
        .await
        .unwrap();
    client
        .call(Probe::<InCookie>::path("/probe"))
        .header("Cookie", "theme=dark")
        .await
        .unwrap();
    client
        .call(Probe::<AsBearer>::path("/probe"))
        .await
        .unwrap();
    basic.call(Probe::<AsBasic>::path("/probe")).await.unwrap();

    let r = server.received_requests().await.unwrap();
    assert_eq!(header(&r[0], "x-plex-token"), Some(TOKEN));
    assert_eq!(
        r[1].url.query(),
        Some(format!("a=1&X-Plex-Token={TOKEN}").as_str())
    );
    assert!(header(&r[1], "x-plex-token").is_none());
    assert_eq!(
        header(&r[2], "cookie"),
        Some(format!("theme=dark; session={TOKEN}").as_str())
    );
    assert_eq!(
        header(&r[3], "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(&r[4], "authorization"), Some("Basic dXNlcjpwYXNz"));
}

/// `basic_auth(user, password)` (RFC 7617: Base64 of `user:password` in UTF-8) serves the
/// basic schemes, before `token`; the other schemes keep the token.
#[tokio::test]
async fn basic_auth_is_a_user_and_a_password_for_basic_schemes() {
    let server = ok_server().await;
    let client = builder(&server.uri())
        .basic_auth("Aladdin", "open sesame")
        .build()
        .unwrap();
    client.call(Probe::<AsBasic>::path("/probe")).await.unwrap();
    client
        .call(Probe::<AsBearer>::path("/probe"))
        .await
        .unwrap();
    // A non-ASCII password is encoded as UTF-8 (RFC 7617's `charset="UTF-8"`).
    builder(&server.uri())
        .basic_auth("test", "123£")
        .build()
        .unwrap()
        .call(Probe::<AsBasic>::path("/probe"))
        .await
        .unwrap();
    // A colon in the password is part of it (only the user name cannot hold one), and a
    // non-ASCII user name is UTF-8 too.
    builder(&server.uri())
        .basic_auth("José", "a:b:c")
        .build()
        .unwrap()
        .call(Probe::<AsBasic>::path("/probe"))
        .await
        .unwrap();

    let r = server.received_requests().await.unwrap();
    // RFC 7617 section 2's example.
    assert_eq!(
        header(&r[0], "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    assert_eq!(
        header(&r[1], "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    // RFC 7617 section 2.1's example.
    assert_eq!(
        header(&r[2], "authorization"),
        Some("Basic dGVzdDoxMjPCow==")
    );
    // Base64 of the UTF-8 bytes of `José:a:b:c`.
    assert_eq!(
        header(&r[3], "authorization"),
        Some("Basic Sm9zw6k6YTpiOmM=")
    );
    let debug = format!("{client:?}");
    assert!(
        !debug.contains("sesame") && !debug.contains("Aladdin"),
        "{debug}"
    );
}

#[tokio::test]
async fn cookie_parameters_and_cookie_credential_share_one_header() {
    let server = ok_server().await;
    let probe = Probe::<InCookie>::new(|parts| {
        parts.path_literal("/probe");
        parts.header("Cookie", "a=1")?;
        parts.header("cookie", "b=2")
    });

    client(&server.uri()).call(probe).await.unwrap();

    let request = only_request(&server).await;
    let expected = format!("a=1; b=2; session={TOKEN}");
    assert_eq!(header(&request, "cookie"), Some(expected.as_str()));
}

#[tokio::test]
async fn no_credential_for_empty_or_optional_security() {
    let server = ok_server().await;
    let client = client(&server.uri());

    client.call(Probe::<NoAuth>::path("/probe")).await.unwrap();
    client
        .call(Probe::<OptionalAuth>::path("/probe"))
        .await
        .unwrap();

    for request in server.received_requests().await.unwrap() {
        let leaked = request
            .headers
            .values()
            .any(|v| v.as_bytes() == TOKEN.as_bytes());
        assert!(!leaked && request.url.query().is_none(), "{request:?}");
    }
}

#[tokio::test]
async fn per_scheme_credentials_and_alternatives() {
    let server = ok_server().await;
    let both = Client::builder()
        .base_url(server.uri())
        .credential("a", "key-a")
        .credential("b", "key-b")
        .build()
        .unwrap();
    let only_b = Client::builder()
        .base_url(server.uri())
        .credential("b", "key-b")
        .build()
        .unwrap();
    let none = Client::builder().base_url(server.uri()).build().unwrap();

    both.call(Probe::<Both>::path("/probe")).await.unwrap();
    both.call(Probe::<EitherOr>::path("/probe")).await.unwrap();
    only_b
        .call(Probe::<EitherOr>::path("/probe"))
        .await
        .unwrap();
    none.call(Probe::<EitherOr>::path("/probe")).await.unwrap();

    let r = server.received_requests().await.unwrap();
    assert_eq!(
        (header(&r[0], "x-a"), header(&r[0], "x-b")),
        (Some("key-a"), Some("key-b"))
    );
    assert_eq!(
        (header(&r[1], "x-a"), header(&r[1], "authorization")),
        (Some("key-a"), None)
    );
    assert_eq!(
        (header(&r[2], "x-a"), header(&r[2], "authorization")),
        (None, Some("Bearer key-b"))
    );
    assert_eq!(
        (header(&r[3], "x-a"), header(&r[3], "authorization")),
        (None, None)
    );
}

async fn flaky_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": "a", "count": 1 })),
        )
        .mount(&server)
        .await;
    server
}

fn tokens_sent(requests: &[Request]) -> Vec<&str> {
    requests
        .iter()
        .filter_map(|r| header(r, "x-plex-token"))
        .collect()
}

#[tokio::test]
async fn sync_token_provider_is_called_per_attempt() {
    let server = flaky_server().await;
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let client = Client::builder()
        .base_url(server.uri())
        .retry(fast_retry())
        .token_fn(move || {
            Ok(format!(
                "jwt-{}",
                counter.fetch_add(1, Ordering::SeqCst) + 1
            ))
        })
        .build()
        .unwrap();

    client.call(GetThing::new("a")).await.unwrap();

    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(tokens_sent(&requests), ["jwt-1", "jwt-2", "jwt-3"]);
}

#[tokio::test]
async fn async_token_provider_is_called_per_attempt() {
    let server = flaky_server().await;
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let client = Client::builder()
        .base_url(server.uri())
        .retry(fast_retry())
        .token_provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                tokio::task::yield_now().await;
                Ok::<_, BoxError>(format!("async-{n}"))
            }
        })
        .build()
        .unwrap();

    client.call(GetThing::new("a")).await.unwrap();
    // An operation without security never asks the provider.
    client.call(Probe::<NoAuth>::path("/probe")).await.unwrap();

    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(tokens_sent(&requests), ["async-1", "async-2", "async-3"]);
}

#[tokio::test]
async fn failing_token_provider_is_an_invalid_request() {
    let server = ok_server().await;
    let client = Client::builder()
        .base_url(server.uri())
        .token_fn(|| Err("refresh endpoint down".into()))
        .build()
        .unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    let source = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(source.as_deref(), Some("refresh endpoint down"));
    expect_invalid(Err::<(), _>(error), "security scheme `accessToken`");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// ---- hooks ----

#[derive(Clone, Default)]
struct Recorder {
    name: &'static str,
    events: Arc<Mutex<Vec<String>>>,
}

impl Hook for Recorder {
    fn before_request(
        &self,
        cx: &HookContext,
        request: &mut codegen_runtime::reqwest::Request,
    ) -> Result<(), BoxError> {
        self.events.lock().unwrap().push(format!(
            "{} before {} {} {} #{}",
            self.name,
            cx.operation_id(),
            cx.method(),
            cx.path_template(),
            cx.attempt()
        ));
        request
            .headers_mut()
            .append("x-hooked", self.name.parse().unwrap());
        Ok(())
    }

    fn after_response(&self, cx: &HookContext, status: StatusCode, _headers: &HeaderMap) {
        let event = format!("{} after {} #{}", self.name, status.as_u16(), cx.attempt());
        self.events.lock().unwrap().push(event);
    }

    fn on_error(&self, _cx: &HookContext, error: &(dyn std::error::Error + 'static)) {
        self.events
            .lock()
            .unwrap()
            .push(format!("{} error {error}", self.name));
    }
}

#[tokio::test]
async fn hooks_run_in_order_and_may_modify_requests() {
    let server = flaky_server().await;
    let events = Arc::new(Mutex::new(Vec::new()));
    let hook = |name| Recorder {
        name,
        events: events.clone(),
    };
    let client = builder(&server.uri())
        .retry(fast_retry().max_attempts(2))
        .hook(hook("one"))
        .hook(hook("two"))
        .build()
        .unwrap();

    client.call(GetThing::new("a")).await.unwrap_err();

    let events = events.lock().unwrap().clone();
    assert_eq!(
        events,
        [
            "one before getThing GET /things/{id} #1",
            "two before getThing GET /things/{id} #1",
            "one after 503 #1",
            "two after 503 #1",
            "one before getThing GET /things/{id} #2",
            "two before getThing GET /things/{id} #2",
            "one after 503 #2",
            "two after 503 #2",
            "one error unexpected status 503 Service Unavailable",
            "two error unexpected status 503 Service Unavailable",
        ]
    );
    let requests = server.received_requests().await.unwrap();
    let hooked: Vec<_> = requests[0].headers.get_all("x-hooked").iter().collect();
    assert_eq!(hooked, ["one", "two"]);
}

struct Veto;

impl Hook for Veto {
    fn before_request(
        &self,
        _: &HookContext,
        _: &mut codegen_runtime::reqwest::Request,
    ) -> Result<(), BoxError> {
        Err("maintenance window".into())
    }
}

#[tokio::test]
async fn a_hook_can_refuse_a_request() {
    let server = ok_server().await;
    let client = builder(&server.uri()).hook(Veto).build().unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    expect_invalid(Err::<(), _>(error), "refused by a hook");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn retry_policy_can_be_set_on_client_and_overridden() {
    let server = flaky_server().await;
    let client = builder(&server.uri())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();

    assert!(client.call(GetThing::new("a")).await.is_err());
    assert!(
        client
            .call(GetThing::new("a"))
            .retry(fast_retry())
            .await
            .is_ok()
    );
}

#[test]
fn public_types_are_send_sync_and_static() {
    fn check<T: Send + Sync + 'static>() {}
    check::<Client>();
    check::<ClientBuilder>();
    check::<codegen_runtime::Call<GetThing>>();
    check::<Error<FakeError>>();
    check::<codegen_runtime::RawResponse>();
    check::<codegen_runtime::Response<Thing>>();
    check::<RetryPolicy>();
    check::<codegen_runtime::BuildError>();
}
