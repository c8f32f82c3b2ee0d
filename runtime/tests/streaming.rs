//! Streamed bodies: downloads read as they arrive (`Call::stream`), uploads from files and
//! streams (`UploadBody`), and how each fails. Raw TCP servers and wiremock, on 127.0.0.1.

#[macro_use]
mod common;

use std::future::poll_fn;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use codegen_runtime::reqwest::header::HeaderMap;
use codegen_runtime::reqwest::{Method, StatusCode};
use codegen_runtime::{
    BodyStream, Bytes, Error, Hook, HookContext, OperationInfo, RedirectKind, RetryPolicy,
    TimeoutKind, UploadBody,
};
use common::*;
use futures_core::Stream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

probe_info!(
    PutProbe,
    OperationInfo::new("putProbe", Method::PUT, "/probe").with_security(API_KEY)
);

/// The next chunk of a body stream.
async fn next<E: std::error::Error + 'static>(
    stream: &mut BodyStream<E>,
) -> Option<Result<Bytes, Error<E>>> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

/// Every chunk, until the end or the first error.
async fn collect<E: std::error::Error + 'static>(
    stream: &mut BodyStream<E>,
) -> Result<Vec<u8>, Error<E>> {
    let mut all = Vec::new();
    while let Some(chunk) = next(stream).await {
        all.extend_from_slice(&chunk?);
    }
    Ok(all)
}

/// A head announcing `length` bytes of octets (no length: the body ends with the connection).
fn head(length: Option<usize>) -> String {
    let length = length.map_or(String::new(), |n| format!("content-length: {n}\r\n"));
    format!(
        "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/octet-stream\r\n\
         content-disposition: attachment; filename=\"part.mkv\"\r\n{length}\r\n"
    )
}

/// The byte at `i` of the test pattern.
fn pattern(i: usize) -> u8 {
    (i % 251) as u8
}

fn pattern_bytes(n: usize) -> Vec<u8> {
    (0..n).map(pattern).collect()
}

/// A server sending `length` bytes of the pattern in chunks of `chunk`, announcing
/// `announce` (default: the length), then `end`ing the connection as told.
async fn octet_server(length: usize, announce: Option<usize>, reset: bool) -> std::net::SocketAddr {
    raw_server(move |mut stream| async move {
        read_head(&mut stream).await;
        let _ = stream.write_all(head(announce).as_bytes()).await;
        let body = pattern_bytes(length);
        for chunk in body.chunks(4096) {
            if stream.write_all(chunk).await.is_err() {
                return;
            }
        }
        let _ = stream.flush().await;
        tokio::time::sleep(ms(20)).await;
        if reset {
            let _ = stream.set_zero_linger();
        } else {
            let _ = stream.shutdown().await;
        }
        drop(stream);
    })
    .await
}

#[tokio::test]
async fn a_download_is_streamed_with_its_status_and_headers() {
    let addr = octet_server(300_000, Some(300_000), false).await;
    let client = client(&url(addr));

    let response = client
        .call(Probe::<GetProbe>::path("/file"))
        .max_response_body(1024) // not for streams
        .stream()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.content_length(), Some(300_000));
    assert_eq!(response.content_type(), Some("application/octet-stream"));
    assert_eq!(response.file_name().as_deref(), Some("part.mkv"));
    assert_eq!(response.attempts(), 1);
    let mut stream = response.into_stream();
    let body = collect(&mut stream).await.unwrap();
    assert_eq!(body, pattern_bytes(300_000));
    assert_eq!(stream.bytes_received(), 300_000);
    assert!(next(&mut stream).await.is_none(), "the stream stays ended");

    // To a file, and through `AsyncRead`.
    let dir = std::env::temp_dir().join(format!("codegen-runtime-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("download.bin");
    let response = client
        .call(Probe::<GetProbe>::path("/file"))
        .stream()
        .await
        .unwrap();
    assert_eq!(response.write_to_file(&file).await.unwrap(), 300_000);
    assert_eq!(std::fs::read(&file).unwrap(), pattern_bytes(300_000));
    let mut reader = client
        .call(Probe::<GetProbe>::path("/file"))
        .stream()
        .await
        .unwrap()
        .into_reader();
    let mut read = Vec::new();
    reader.read_to_end(&mut read).await.unwrap();
    assert_eq!(read.len(), 300_000);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn an_error_status_is_decoded_as_for_any_call() {
    let server = MockServer::start().await;
    Mock::given(path("/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such part"))
        .mount(&server)
        .await;
    Mock::given(path("/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/flaky"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"after a retry".to_vec()))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).retry(fast_retry()).build().unwrap();

    let error = client
        .call(Probe::<GetProbe>::path("/missing"))
        .stream()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Api {
                error: FakeError::NotFound,
                attempts: 1,
                ..
            }
        ),
        "{error:?}"
    );

    let response = client
        .call(Probe::<GetProbe>::path("/flaky"))
        .stream()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(&response.bytes().await.unwrap()[..], b"after a retry");
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error_saying_how_much_came() {
    let addr = octet_server(50_000, Some(100_000), false).await;

    let response = client(&url(addr))
        .call(Probe::<GetProbe>::path("/file"))
        .stream()
        .await
        .unwrap();
    let mut stream = response.into_stream();
    let error = collect(&mut stream).await.unwrap_err();

    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(transport.bytes_received(), Some(50_000));
    assert_eq!(transport.expected_length(), Some(100_000));
    assert_eq!(error.attempts(), Some(1));
    assert!(error.to_string().contains("50000 of 100000"), "{error}");
    assert!(
        next(&mut stream).await.is_none(),
        "an error ends the stream"
    );
}

#[tokio::test]
async fn a_reset_mid_body_is_a_transport_error() {
    // Announced but not sent, the connection then reset.
    let addr = octet_server(60_000, Some(1_000_000), true).await;

    let mut stream = client(&url(addr))
        .call(Probe::<GetProbe>::path("/file"))
        .stream()
        .await
        .unwrap()
        .into_stream();
    let error = collect(&mut stream).await.unwrap_err();

    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(!transport.is_connect());
    assert!(transport.bytes_received().is_some_and(|n| n <= 60_000));
}

#[tokio::test]
async fn a_body_over_the_stream_limit_is_refused() {
    // Announced: refused before any of it is read.
    let addr = octet_server(100_000, Some(100_000), false).await;
    let client = builder(&url(addr)).max_stream_body(10_000).build().unwrap();
    let error = client
        .call(Probe::<GetProbe>::path("/file"))
        .stream()
        .await
        .unwrap_err();
    let Error::BodyTooLarge(too_large) = &error else {
        panic!("expected BodyTooLarge, got {error:?}");
    };
    assert_eq!(too_large.limit(), 10_000);
    assert_eq!(too_large.content_length(), Some(100_000));

    // Not announced (the body ends with the connection): refused as it passes the limit.
    let addr = octet_server(100_000, None, false).await;
    let mut stream = self::client(&url(addr))
        .call(Probe::<GetProbe>::path("/file"))
        .max_stream_body(50_000)
        .stream()
        .await
        .unwrap()
        .into_stream();
    let error = collect(&mut stream).await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge(_)), "{error:?}");
    assert!(stream.bytes_received() <= 50_000);

    // Within the limit: read whole.
    let addr = octet_server(100_000, None, false).await;
    let mut stream = self::client(&url(addr))
        .call(Probe::<GetProbe>::path("/file"))
        .max_stream_body(100_000)
        .stream()
        .await
        .unwrap()
        .into_stream();
    assert_eq!(collect(&mut stream).await.unwrap().len(), 100_000);
}

/// A server that sends the head and a first chunk, then `pause`s before each next chunk.
async fn trickle_server(chunks: usize, pause: Duration) -> std::net::SocketAddr {
    raw_server(move |mut stream| async move {
        read_head(&mut stream).await;
        let _ = stream.write_all(head(Some(chunks * 100)).as_bytes()).await;
        for _ in 0..chunks {
            if stream.write_all(&[7u8; 100]).await.is_err() {
                return;
            }
            let _ = stream.flush().await;
            tokio::time::sleep(pause).await;
        }
    })
    .await
}

#[tokio::test]
async fn the_request_timeout_ends_at_the_head_and_the_read_timeout_applies_to_each_wait() {
    // 10 chunks 100 ms apart: a second in all, past the 300 ms request timeout.
    let addr = trickle_server(10, ms(100)).await;
    let client = builder(&url(addr)).timeout(ms(300)).build().unwrap();
    let mut stream = client
        .call(Probe::<GetProbe>::path("/slow"))
        .stream()
        .await
        .unwrap()
        .into_stream();
    assert_eq!(collect(&mut stream).await.unwrap().len(), 1000);

    // A wait longer than the read timeout fails the stream.
    let addr = trickle_server(3, ms(2_000)).await;
    let mut stream = self::client(&url(addr))
        .call(Probe::<GetProbe>::path("/stall"))
        .read_timeout(ms(200))
        .stream()
        .await
        .unwrap()
        .into_stream();
    let error = collect(&mut stream).await.unwrap_err();
    let Error::Timeout(timeout) = &error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(timeout.kind(), TimeoutKind::Read);
    assert_eq!(timeout.after(), Some(ms(200)));

    // A slow consumer is not a slow server: the wait starts when the stream is polled.
    let addr = octet_server(20_000, Some(20_000), false).await;
    let mut stream = self::client(&url(addr))
        .call(Probe::<GetProbe>::path("/file"))
        .read_timeout(ms(100))
        .stream()
        .await
        .unwrap()
        .into_stream();
    tokio::time::sleep(ms(300)).await;
    assert_eq!(collect(&mut stream).await.unwrap().len(), 20_000);
}

#[tokio::test]
async fn a_stream_dropped_by_the_caller_closes_the_connection_and_leaves_nothing_running() {
    let closed = Arc::new(AtomicUsize::new(0));
    let seen = closed.clone();
    let addr = raw_server(move |mut stream| {
        let closed = seen.clone();
        async move {
            read_head(&mut stream).await;
            let _ = stream.write_all(head(Some(1 << 40)).as_bytes()).await;
            // An endless body, until the client goes away.
            let chunk = vec![1u8; 16 * 1024];
            while stream.write_all(&chunk).await.is_ok() {}
            closed.fetch_add(1, Ordering::SeqCst);
        }
    })
    .await;
    let client = client(&url(addr));
    let metrics = tokio::runtime::Handle::current().metrics();
    let before = metrics.num_alive_tasks();

    let mut stream = client
        .call(Probe::<GetProbe>::path("/endless"))
        .stream()
        .await
        .unwrap()
        .into_stream();
    for _ in 0..10 {
        next(&mut stream).await.unwrap().unwrap();
    }
    drop(stream);

    // The server sees the connection close; the connection task is gone (only the
    // listener's task and none of the client's remain).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while closed.load(Ordering::SeqCst) == 0 || metrics.num_alive_tasks() > before {
        assert!(tokio::time::Instant::now() < deadline, "still running");
        tokio::time::sleep(ms(10)).await;
    }
    // The client is still fine.
    let addr = octet_server(10, Some(10), false).await;
    let response = client
        .call(Probe::<GetProbe>::path("/small"))
        .base_url(url(addr))
        .stream()
        .await
        .unwrap();
    assert_eq!(response.bytes().await.unwrap().len(), 10);
}

#[derive(Default)]
struct Recorder {
    responses: Mutex<Vec<StatusCode>>,
    errors: Mutex<Vec<String>>,
}

struct Recording(Arc<Recorder>);

impl Hook for Recording {
    fn after_response(&self, _: &HookContext, status: StatusCode, headers: &HeaderMap) {
        assert!(headers.contains_key("content-length"));
        self.0.responses.lock().unwrap().push(status);
    }

    fn on_error(&self, context: &HookContext, error: &(dyn std::error::Error + 'static)) {
        let line = format!("{}: {error}", context.operation_id());
        self.0.errors.lock().unwrap().push(line);
    }
}

#[tokio::test]
async fn hooks_see_the_streamed_response_and_a_failure_of_its_body() {
    let recorder = Arc::new(Recorder::default());
    let addr = octet_server(1_000, Some(2_000), false).await;
    let client = builder(&url(addr))
        .hook(Recording(recorder.clone()))
        .build()
        .unwrap();

    let mut stream = client
        .call(Probe::<GetProbe>::path("/file"))
        .stream()
        .await
        .unwrap()
        .into_stream();
    assert_eq!(*recorder.responses.lock().unwrap(), [StatusCode::OK]);
    assert!(recorder.errors.lock().unwrap().is_empty());
    collect(&mut stream).await.unwrap_err();
    let errors = recorder.errors.lock().unwrap().clone();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("getProbe: the response body broke off"),
        "{errors:?}"
    );
}

/// A wiremock server answering every PUT with `status`; counts the bytes of each body.
async fn put_server(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

async fn bodies(server: &MockServer) -> Vec<Vec<u8>> {
    let requests = server.received_requests().await.unwrap();
    requests.into_iter().map(|r| r.body).collect()
}

fn put(body: UploadBody) -> Probe<PutProbe> {
    Probe::new(move |parts| {
        parts.path_literal("/upload");
        parts.bytes_body("application/octet-stream", body.clone());
        Ok(())
    })
}

fn chunks(n: usize) -> impl Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let mut left = n;
    futures_stream(move || {
        (left > 0).then(|| {
            left -= 1;
            Ok(vec![b'x'; 1000])
        })
    })
}

/// A stream from a function called for each item.
fn futures_stream<T, F: FnMut() -> Option<T> + Send + Unpin + 'static>(
    f: F,
) -> impl Stream<Item = T> + Send + 'static {
    struct FromFn<F>(F);
    impl<T, F: FnMut() -> Option<T> + Unpin> Stream for FromFn<F> {
        type Item = T;
        fn poll_next(
            self: Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready((self.get_mut().0)())
        }
    }
    FromFn(f)
}

#[tokio::test]
async fn a_stream_upload_is_not_retried_and_bytes_and_files_are() {
    let server = put_server(503).await;
    let client = builder(&server.uri()).retry(fast_retry()).build().unwrap();

    // A stream: one attempt, though PUT is idempotent and 503 retried.
    let error = client
        .call(put(UploadBody::stream(chunks(5))))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), Some(1), "{error:?}");
    assert_eq!(bodies(&server).await, [vec![b'x'; 5000]]);

    // Bytes: three attempts, the same body each time.
    server.reset().await;
    server
        .register(Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)))
        .await;
    let error = client
        .call(put(UploadBody::from(b"abc".to_vec())))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), Some(3));
    assert_eq!(bodies(&server).await, vec![b"abc".to_vec(); 3]);

    // A file: opened again for each attempt.
    server.reset().await;
    server
        .register(Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)))
        .await;
    let file = std::env::temp_dir().join(format!("codegen-runtime-upload-{}", std::process::id()));
    std::fs::write(&file, pattern_bytes(70_000)).unwrap();
    let error = client
        .call(put(UploadBody::file(&file)))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), Some(3));
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(request.body, pattern_bytes(70_000));
        assert_eq!(request.headers["content-length"], "70000");
    }
    std::fs::remove_file(&file).unwrap();

    // A file that is not there: nothing is sent.
    let error = client
        .call(put(UploadBody::file("/nonexistent/codegen-runtime")))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(error.attempts(), None);
}

#[tokio::test]
async fn a_stream_upload_with_a_length_and_a_reader_upload() {
    let server = put_server(200).await;
    let client = client(&server.uri());

    client
        .call(put(UploadBody::stream(chunks(3)).with_length(3000)))
        .send()
        .await
        .unwrap();
    let (data, reader) = (
        pattern_bytes(5000),
        std::io::Cursor::new(pattern_bytes(5000)),
    );
    client
        .call(put(UploadBody::reader(reader)))
        .send()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].headers["content-length"], "3000");
    assert_eq!(received[0].body.len(), 3000);
    assert_eq!(received[1].body, data);
    assert!(!received[1].headers.contains_key("content-length"));
}

#[tokio::test]
async fn a_redirect_that_keeps_a_stream_body_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/upload"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/elsewhere"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/elsewhere"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let error = client
        .call(put(UploadBody::stream(chunks(2))))
        .send()
        .await
        .unwrap_err();
    let Error::Redirect(redirect) = &error else {
        panic!("expected a redirect error, got {error:?}");
    };
    assert_eq!(redirect.kind(), RedirectKind::BodyNotReplayable);

    // Bytes follow it, body and all.
    client
        .call(put(UploadBody::from("again")))
        .send()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.last().unwrap().url.path(), "/elsewhere");
    assert_eq!(received.last().unwrap().body, b"again");
}

#[tokio::test]
async fn a_failing_upload_stream_fails_the_call() {
    let addr = raw_server(|mut stream: TcpStream| async move {
        read_head(&mut stream).await;
        let mut sink = vec![0u8; 4096];
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    })
    .await;
    let mut sent = 0;
    let failing = futures_stream(move || {
        sent += 1;
        Some(if sent < 3 {
            Ok(vec![1u8; 100])
        } else {
            Err(std::io::Error::other("the source failed"))
        })
    });

    let error = builder(&url(addr))
        .retry(RetryPolicy::default())
        .build()
        .unwrap()
        .call(put(UploadBody::stream(failing)))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.attempts(), Some(1));
}

#[tokio::test]
async fn a_streamed_response_can_move_to_another_task() {
    fn send<T: Send + 'static>(value: T) -> T {
        value
    }
    let addr = octet_server(70_000, Some(70_000), false).await;
    let call = client(&url(addr)).call(Probe::<GetProbe>::path("/file"));
    let response = send(call.stream()).await.unwrap();
    let body = tokio::spawn(async move { response.bytes().await.unwrap() })
        .await
        .unwrap();
    assert_eq!(&body[..], &pattern_bytes(70_000)[..]);
    send(UploadBody::stream(chunks(1)));
}
