//! Faults: broken connections, undecodable bodies, oversized bodies, error statuses.

#[macro_use]
mod common;

use codegen_runtime::Error;
use common::*;
use tokio::io::AsyncWriteExt;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TEN_MIB: usize = 10 * 1024 * 1024;

async fn serve(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

fn json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

#[tokio::test]
async fn connection_reset_mid_body() {
    let addr = raw_server(|mut stream| async move {
        read_head(&mut stream).await;
        let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"id\":\"a\",";
        let _ = stream.write_all(head).await;
        let _ = stream.flush().await;
        tokio::time::sleep(ms(20)).await;
        // Linger 0 turns the close into a TCP reset.
        let _ = stream.set_zero_linger();
        drop(stream);
    })
    .await;
    let client = client(&url(addr));

    let error = client.call(GetThing::new("a")).await.unwrap_err();

    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(!transport.is_connect());
    assert!(error.to_string().contains("body"), "{error}");
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn not_http_at_all() {
    let addr = canned_server(b"SSH-2.0-OpenSSH_9.0\r\n").await;

    let error = client(&url(addr))
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    assert!(error.is_transport(), "{error:?}");
}

#[tokio::test]
async fn truncated_json_keeps_status_body_and_path() {
    let body = r#"{"id":"a","count":"#;
    let server = serve(json(body)).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.body().as_ref(), body.as_bytes());
    assert_eq!(decode.path(), Some("count"));
    assert!(decode.message().contains("EOF"), "{}", decode.message());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn wrong_field_type_reports_the_path() {
    let server = serve(json(r#"{"id":"a","count":"many"}"#)).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.path(), Some("count"));
    assert!(error.to_string().contains("at `count`"), "{error}");
}

#[tokio::test]
async fn trailing_garbage_is_a_decode_error() {
    let server = serve(json(r#"{"id":"a","count":1} extra"#)).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

#[tokio::test]
async fn wrong_content_type_is_named() {
    let server =
        serve(ResponseTemplate::new(200).set_body_raw(b"<html>login</html>".to_vec(), "text/html"))
            .await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(
        decode.message().contains("text/html"),
        "{}",
        decode.message()
    );
    assert_eq!(decode.body().as_ref(), b"<html>login</html>");
}

#[tokio::test]
async fn empty_body_with_200_is_a_decode_error() {
    let server = serve(ResponseTemplate::new(200)).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(decode.message().contains("empty body"));
    assert_eq!(decode.path(), None);
}

#[tokio::test]
async fn body_over_the_cap_with_content_length() {
    let server = serve(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; TEN_MIB])).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    let Error::BodyTooLarge(too_large) = &error else {
        panic!("expected BodyTooLarge, got {error:?}");
    };
    assert_eq!(too_large.limit(), 8 * 1024 * 1024);
    assert_eq!(too_large.content_length(), Some(TEN_MIB as u64));
    assert_eq!(too_large.status(), 200);
}

#[tokio::test]
async fn body_over_the_cap_without_content_length() {
    // Chunked: the size is only known while streaming.
    let addr = raw_server(|mut stream| async move {
        read_head(&mut stream).await;
        let head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        if stream.write_all(head).await.is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 * 1024];
        let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
        for _ in 0..(TEN_MIB / chunk.len()) {
            if stream.write_all(&frame).await.is_err() {
                return; // the client gave up, as it should
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    })
    .await;

    let error = client(&url(addr))
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    let Error::BodyTooLarge(too_large) = &error else {
        panic!("expected BodyTooLarge, got {error:?}");
    };
    assert_eq!(too_large.content_length(), None);
}

#[tokio::test]
async fn per_call_body_cap() {
    let server = serve(json(r#"{"id":"a","count":1}"#)).await;
    let client = client(&server.uri());

    let error = client
        .call(GetThing::new("a"))
        .max_response_body(5)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge(_)));

    let thing = client
        .call(GetThing::new("a"))
        .max_response_body(1024)
        .await
        .unwrap();
    assert_eq!(thing.count, 1);
}

#[tokio::test]
async fn documented_error_status_is_a_typed_api_error() {
    let server = serve(ResponseTemplate::new(404)).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    assert!(matches!(
        error,
        Error::Api {
            error: FakeError::NotFound,
            ..
        }
    ));
    assert!(error.is_api());
    assert_eq!(codegen_runtime::__private::status(404), 404);
}

#[tokio::test]
async fn undocumented_status_keeps_the_raw_response() {
    let server = serve(ResponseTemplate::new(418).set_body_string("short and stout")).await;

    let error = client(&server.uri())
        .call(GetThing::new("a"))
        .await
        .unwrap_err();

    let raw = error.as_api().and_then(FakeError::raw).unwrap();
    assert_eq!(raw.status(), 418);
    assert_eq!(raw.text(), "short and stout");
    assert_eq!(
        error.to_string(),
        "unexpected status 418 I'm a teapot: short and stout"
    );
}
