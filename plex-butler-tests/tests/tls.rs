//! TLS set-up of the built-in HTTP client, with whichever TLS feature is enabled (`rustls`
//! with the *ring* provider by default; `native-tls` wins when both are on): building a client
//! for an `https` URL works, and a handshake really starts (against a local server that is
//! not TLS, so it fails) and ends in a transport error, never a panic. Everything listens on
//! 127.0.0.1 only.

use plex_butler::{Client, ClientBuilder, Error};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

#[test]
fn https_client_builds() {
    let client = Client::builder()
        .base_url("https://127.0.0.1:32400")
        .token("t")
        .build();
    assert!(client.is_ok(), "{client:?}");
    assert!(
        ClientBuilder::http_client_builder()
            .unwrap()
            .build()
            .is_ok()
    );
}

#[tokio::test]
async fn tls_handshake_with_a_plain_server_is_a_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        // Bounded: the client makes one attempt (retries disabled).
        for _ in 0..8 {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let client = Client::builder()
        .base_url(format!("https://localhost:{}", addr.port()))
        .token("t")
        .retry(plex_butler::RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = client.get_tasks().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}
