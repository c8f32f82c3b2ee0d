//! Redirects: followed only within the same origin, with a hop limit; documented redirects go
//! to `decode`; the credential never leaves the origin.

#[macro_use]
mod common;

use codegen_runtime::reqwest::Method;
use codegen_runtime::{AuthPlacement, Error, OperationInfo, RedirectKind, SecurityRequirement};
use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn redirect(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

async fn mount(server: &MockServer, verb: &str, at: &str, template: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(template)
        .mount(server)
        .await;
}

fn post_probe() -> Probe<PostProbe> {
    Probe::new(|parts| {
        parts.path_literal("/probe");
        parts.text_body("text/plain", "payload".to_owned());
        Ok(())
    })
}

#[tokio::test]
async fn same_origin_redirect_keeps_method_body_and_token() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/probe", redirect(307, "/moved")).await;
    mount(
        &server,
        "POST",
        "/moved",
        ResponseTemplate::new(200).set_body_string("done"),
    )
    .await;

    let body = client(&server.uri()).call(post_probe()).await.unwrap();

    assert_eq!(body, "done");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let moved = &requests[1];
    assert_eq!(moved.url.path(), "/moved");
    assert_eq!(moved.method.as_str(), "POST");
    assert_eq!(moved.body, b"payload");
    assert_eq!(moved.headers.get("x-plex-token").unwrap(), TOKEN);
}

#[tokio::test]
async fn see_other_switches_to_get_without_body() {
    let server = MockServer::start().await;
    mount(&server, "POST", "/probe", redirect(303, "/result")).await;
    mount(
        &server,
        "GET",
        "/result",
        ResponseTemplate::new(200).set_body_string("ok"),
    )
    .await;

    let body = client(&server.uri()).call(post_probe()).await.unwrap();

    assert_eq!(body, "ok");
    let requests = server.received_requests().await.unwrap();
    let result = &requests[1];
    assert_eq!(result.method.as_str(), "GET");
    assert!(result.body.is_empty());
    assert!(result.headers.get("content-type").is_none());
}

#[tokio::test]
async fn cross_origin_redirect_is_not_followed() {
    let other = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&other)
        .await;
    let server = MockServer::start().await;
    let target = format!("{}/elsewhere", other.uri());
    mount(&server, "GET", "/things/a", redirect(302, &target)).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    let Error::Redirect(redirect) = &error else {
        panic!("expected a redirect error, got {error:?}");
    };
    assert_eq!(redirect.kind(), RedirectKind::CrossOrigin);
    assert_eq!(redirect.status(), 302);
    assert_eq!(redirect.location(), Some(target.as_str()));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302));
    assert!(other.received_requests().await.unwrap().is_empty());
    other.verify().await;
}

#[tokio::test]
async fn other_scheme_on_the_same_host_is_another_origin() {
    let server = MockServer::start().await;
    let target = server.uri().replacen("http://", "https://", 1) + "/secure";
    mount(&server, "GET", "/things/a", redirect(301, &target)).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    assert!(matches!(&error, Error::Redirect(r) if r.kind() == RedirectKind::CrossOrigin));
}

#[tokio::test]
async fn hop_limit() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/things/a", redirect(302, "/things/a")).await;
    let client = builder(&server.uri()).redirect_limit(3).build().unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert!(
        matches!(&error, Error::Redirect(r) if r.kind() == RedirectKind::TooManyRedirects),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn redirect_limit_zero_follows_nothing() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/things/a", redirect(308, "/things/b")).await;
    let client = builder(&server.uri()).redirect_limit(0).build().unwrap();

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    assert!(matches!(&error, Error::Redirect(r) if r.kind() == RedirectKind::TooManyRedirects));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

probe_info!(
    DocumentedRedirect,
    OperationInfo::new("signIn", Method::GET, "/probe").with_documented_redirects(&[302])
);

#[tokio::test]
async fn documented_redirects_go_to_decode() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/probe", redirect(302, "/next")).await;

    let error = client(&server.uri())
        .call(Probe::<DocumentedRedirect>::path("/probe"))
        .await
        .unwrap_err();

    let raw = error.as_api().and_then(FakeError::raw).unwrap();
    assert_eq!(raw.status(), 302);
    assert_eq!(raw.headers()["location"], "/next");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn not_modified_is_a_response_not_a_redirect() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/probe", ResponseTemplate::new(304)).await;

    let error = client(&server.uri())
        .call(Probe::<GetProbe>::path("/probe"))
        .await
        .unwrap_err();

    assert_eq!(
        error.as_api().and_then(FakeError::raw).unwrap().status(),
        304
    );
}

#[tokio::test]
async fn unusable_location_is_reported() {
    let server = MockServer::start().await;
    mount(&server, "GET", "/probe", redirect(302, "http://[::1")).await;

    let error = client(&server.uri())
        .call(Probe::<GetProbe>::path("/probe"))
        .await
        .unwrap_err();

    assert!(matches!(&error, Error::Redirect(r) if r.kind() == RedirectKind::InvalidLocation));
}

probe_info!(
    QueryToken,
    OperationInfo::new("queryToken", Method::GET, "/probe").with_security(&[&[
        SecurityRequirement::new("accessToken", AuthPlacement::Query("X-Plex-Token"))
    ]])
);

#[tokio::test]
async fn query_token_in_a_cross_origin_location_is_scrubbed() {
    let server = MockServer::start().await;
    // A proxy that redirects to https and keeps the query, token included.
    let target = format!("https://example.invalid/probe?X-Plex-Token={TOKEN}");
    mount(&server, "GET", "/probe", redirect(301, &target)).await;

    let error = client(&server.uri())
        .call(Probe::<QueryToken>::path("/probe"))
        .await
        .unwrap_err();

    let Error::Redirect(redirect) = &error else {
        panic!("expected a redirect error, got {error:?}");
    };
    assert_eq!(
        redirect.location(),
        Some("https://example.invalid/probe?X-Plex-Token=<redacted>")
    );
    assert_no_token(&error);
}

#[tokio::test]
async fn user_http_client_that_follows_redirects_is_caught() {
    let other = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("elsewhere"))
        .mount(&other)
        .await;
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/probe",
        redirect(302, &format!("{}/x", other.uri())),
    )
    .await;
    // Default reqwest policy: follows redirects (what the docs tell users not to do).
    let http = ClientBuilder::http_client_builder()
        .unwrap()
        .redirect(codegen_runtime::reqwest::redirect::Policy::default())
        .build()
        .unwrap();
    let client = builder(&server.uri()).http_client(http).build().unwrap();

    let error = client
        .call(Probe::<GetProbe>::path("/probe"))
        .await
        .unwrap_err();

    assert!(
        matches!(&error, Error::Redirect(r) if r.kind() == RedirectKind::FollowedByHttpClient),
        "{error:?}"
    );
}
