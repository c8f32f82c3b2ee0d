//! Secrets: the token never appears in `Debug`/`Display` of the client, builder, call, raw
//! responses or any error kind, nor in what a hook can see of the outgoing request.

#[macro_use]
mod common;

use std::sync::{Arc, Mutex};

use codegen_runtime::reqwest::Method;
use codegen_runtime::{
    AuthPlacement, BoxError, Error, Hook, HookContext, OperationInfo, RetryPolicy, Secret,
    SecurityRequirement,
};
use common::*;
use tokio::io::AsyncWriteExt;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

probe_info!(
    QueryToken,
    OperationInfo::new("queryToken", Method::GET, "/probe").with_security(&[&[
        SecurityRequirement::new("accessToken", AuthPlacement::Query("X-Plex-Token"))
    ]])
);
probe_info!(
    BearerToken,
    OperationInfo::new("bearerToken", Method::GET, "/probe")
        .with_security(&[&[SecurityRequirement::new("jwt", AuthPlacement::Bearer)]])
);

fn query_probe() -> Probe<QueryToken> {
    Probe::path("/probe")
}

fn assert_text_clean(text: &str) {
    assert!(!text.contains(TOKEN), "token leaked: {text}");
}

async fn serve(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[test]
fn secret_redacts_itself() {
    let secret = Secret::new(TOKEN);
    assert_eq!(format!("{secret}"), "<redacted>");
    assert_eq!(format!("{secret:?}"), "<redacted>");
    assert_eq!(secret.expose(), TOKEN);
}

#[tokio::test]
async fn client_builder_and_call_debug() {
    let builder = Client::builder()
        .base_url("http://127.0.0.1:9/")
        .token(TOKEN)
        .credential("other", TOKEN)
        .global_header("X-Plex-Token", TOKEN)
        .global_header("X-Plex-Product", "tests");
    assert_text_clean(&format!("{builder:?} {builder:#?}"));
    let client = builder.build().unwrap();
    let call = client
        .call(GetThing::new("a"))
        .header("Authorization", TOKEN)
        .header("X-Custom", TOKEN);
    for text in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{call:?}"),
    ] {
        assert_text_clean(&text);
        assert!(
            text.contains("127.0.0.1:9"),
            "debug output lost its content: {text}"
        );
    }
    let with_userinfo = Client::builder().base_url(format!("http://me:{TOKEN}@h/?t={TOKEN}"));
    let text = format!("{with_userinfo:?}");
    assert_text_clean(&text);
    assert!(text.contains("http://h/?<redacted>"), "{text}");
    let provider = Client::builder()
        .base_url("http://127.0.0.1:9/")
        .token_fn(|| Ok(TOKEN.to_owned()));
    assert_text_clean(&format!("{provider:?}"));
}

#[tokio::test]
async fn invalid_request_errors() {
    let server = serve(ResponseTemplate::new(200)).await;
    let bad_token = Client::builder()
        .base_url(server.uri())
        .token(format!("{TOKEN}\n"))
        .build()
        .unwrap();
    let failing_provider = Client::builder()
        .base_url(server.uri())
        .token_fn(|| Err("provider failed".into()))
        .build()
        .unwrap();

    let errors = [
        bad_token.call(GetThing::new("a")).await.unwrap_err(),
        bad_token
            .call(Probe::<BearerToken>::path("/p"))
            .await
            .unwrap_err(),
        failing_provider.call(GetThing::new("a")).await.unwrap_err(),
        client(&server.uri())
            .call(GetThing::new("a"))
            .header("X-Plex-Token", &format!("{TOKEN}\r\n"))
            .await
            .unwrap_err(),
    ];
    for error in &errors {
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert_no_token(error);
    }
}

#[tokio::test]
async fn transport_errors_with_a_query_token() {
    let closed = closed_port().await;
    let reset = raw_server(|mut stream| async move {
        read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial")
            .await;
        let _ = stream.set_zero_linger();
    })
    .await;

    for addr in [closed, reset] {
        let client = builder(&url(addr)).retry(fast_retry()).build().unwrap();
        let error = client.call(query_probe()).await.unwrap_err();
        assert!(error.is_transport(), "{error:?}");
        assert_no_token(&error);
    }
}

#[tokio::test]
async fn timeout_error_with_a_query_token() {
    let server = serve(ResponseTemplate::new(200).set_delay(ms(2_000))).await;
    let client = builder(&server.uri()).timeout(ms(100)).build().unwrap();

    let error = client.call(query_probe()).await.unwrap_err();

    assert!(error.is_timeout());
    assert_no_token(&error);
}

#[tokio::test]
async fn decode_body_too_large_and_api_errors() {
    let bad_json =
        serve(ResponseTemplate::new(200).set_body_raw(b"{".to_vec(), "application/json")).await;
    let huge = serve(ResponseTemplate::new(200).set_body_bytes(vec![0u8; 4096])).await;
    let teapot = serve(
        ResponseTemplate::new(418)
            .insert_header("set-cookie", format!("session={TOKEN}"))
            .insert_header("x-plex-token", TOKEN)
            .set_body_string("no"),
    )
    .await;

    let decode = client(&bad_json.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();
    let too_large = builder(&huge.uri())
        .max_response_body(1024)
        .build()
        .unwrap()
        .call(GetThing::new("a"))
        .await
        .unwrap_err();
    let api = client(&teapot.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    assert!(matches!(decode, Error::Decode(_)));
    assert!(matches!(too_large, Error::BodyTooLarge(_)));
    let raw = api.as_api().and_then(FakeError::raw).unwrap();
    assert_text_clean(&format!("{raw} {raw:?} {raw:#?}"));
    assert!(format!("{raw:?}").contains("418"));
    for error in [&decode, &too_large, &api] {
        assert_no_token(error);
    }
}

#[tokio::test]
async fn redirect_errors() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("/probe?X-Plex-Token={TOKEN}&again=1")),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri()).redirect_limit(2).build().unwrap();

    let error = client.call(query_probe()).await.unwrap_err();

    assert!(matches!(error, Error::Redirect(_)), "{error:?}");
    assert_no_token(&error);
}

#[tokio::test]
async fn jwt_like_query_token_in_a_location_is_scrubbed() {
    const JWT: &str = "eyJhbGciOi.J9-eyJzdWIi_Oi+Jx/Q==";
    let server = MockServer::start().await;
    let encoded = "eyJhbGciOi.J9-eyJzdWIi_Oi%2BJx%2FQ%3D%3D";
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("https://other.invalid/?X-Plex-Token={encoded}"),
        ))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .token(JWT)
        .build()
        .unwrap();

    let error = client.call(query_probe()).await.unwrap_err();

    let requests = server.received_requests().await.unwrap();
    let sent = format!("X-Plex-Token={encoded}");
    assert_eq!(requests[0].url.query(), Some(sent.as_str()));
    let text = format!("{error} {error:?}");
    assert!(!text.contains(encoded) && !text.contains(JWT), "{text}");
    assert!(text.contains("X-Plex-Token=<redacted>"), "{text}");
}

#[tokio::test]
async fn build_errors() {
    let error = Client::builder()
        .base_url(format!("http://me:{TOKEN}@example.com/"))
        .token(TOKEN)
        .build()
        .unwrap_err();
    assert_no_token(&error);
}

/// A hook that logs the outgoing request with `Debug`, as a careless user would.
#[derive(Clone, Default)]
struct DebugLogger(Arc<Mutex<Vec<String>>>);

impl Hook for DebugLogger {
    fn before_request(
        &self,
        _: &HookContext,
        request: &mut codegen_runtime::reqwest::Request,
    ) -> Result<(), BoxError> {
        self.0.lock().unwrap().push(format!("{request:?}"));
        Ok(())
    }

    fn on_error(&self, _: &HookContext, error: &(dyn std::error::Error + 'static)) {
        self.0.lock().unwrap().push(format!("{error:?}"));
    }
}

#[tokio::test]
async fn hooks_never_see_the_token() {
    let server = serve(ResponseTemplate::new(500)).await;
    let logger = DebugLogger::default();
    let client = builder(&server.uri())
        .hook(logger.clone())
        .retry(fast_retry().max_attempts(2))
        .build()
        .unwrap();

    client.call(GetThing::new("a")).await.unwrap_err();
    client.call(query_probe()).await.unwrap_err();
    client
        .call(Probe::<BearerToken>::path("/p"))
        .await
        .unwrap_err();

    let logs = logger.0.lock().unwrap().clone();
    assert_eq!(logs.len(), 9, "{logs:?}");
    for log in &logs {
        assert_text_clean(log);
    }
    // The server did get the credential each time.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 6);
    assert!(
        requests
            .iter()
            .all(|r| format!("{:?} {}", r.headers, r.url).contains(TOKEN))
    );
}

#[tokio::test]
async fn retry_policy_and_disabled_debug_is_plain() {
    let text = format!("{:?}", RetryPolicy::disabled());
    assert!(text.contains("max_attempts: 1"), "{text}");
}
