//! Streamed responses: [`StreamedResponse`], its [`BodyStream`] of bytes and its
//! [`BodyReader`], for bodies too large to hold in memory ([`Call::stream`](crate::Call::stream)).

use std::fmt;
use std::future::{Future, poll_fn};
use std::io;
use std::marker::PhantomData;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::{Buf, Bytes};
use futures_core::Stream;
use http_body::Body as _;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HeaderMap};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use crate::client::Client;
use crate::error::{BodyTooLarge, Error, TimeoutError, TransportError, set_attempts};
use crate::hooks::HookContext;
use crate::secret::RedactedHeaders;

/// A response whose body is read as it arrives, from [`Call::stream`](crate::Call::stream):
/// the status and headers, and the body as a [`BodyStream`] of [`Bytes`] (a
/// `futures::Stream`), an [`AsyncRead`] ([`into_reader`](Self::into_reader)), or written to
/// any [`AsyncWrite`] or file ([`write_to`](Self::write_to), [`write_to_file`](Self::write_to_file)).
///
/// The body is never held in memory whole and is not subject to
/// [`max_response_body`](crate::Call::max_response_body); its own limit,
/// [`max_stream_body`](crate::Call::max_stream_body), is unlimited by default. Between two
/// chunks at most the [`read_timeout`](crate::Call::read_timeout) may pass. A body that
/// breaks off (a reset, fewer bytes than `Content-Length`) is an
/// [`Error::Transport`] saying how many bytes came; dropping the response or its stream
/// before the end closes the connection, and nothing else is left running.
///
/// `E` is the operation's error type, so that a body error is the same [`Error`] as the
/// call's. `Debug` redacts sensitive headers.
pub struct StreamedResponse<E> {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: BodyStream<E>,
}

/// Where a [`BodyStream`]'s bytes come from.
enum Source {
    /// The connection.
    Live(reqwest::Body),
    /// A body already read (a non-2xx status that the operation decodes as a success).
    Buffered(Option<Bytes>),
}

/// How a streamed body is checked while it is read.
pub(crate) struct Limits {
    pub(crate) max_body: Option<u64>,
    /// Between two chunks; `None` for no limit.
    pub(crate) read_timeout: Option<Duration>,
}

impl<E> StreamedResponse<E> {
    /// A response with its body still on the connection. `hooks`: the client and the call's
    /// hook context, for `on_error` when the body fails (`None` when there are no hooks).
    pub(crate) fn live(
        response: reqwest::Response,
        attempts: u32,
        limits: &Limits,
        hooks: Option<(Client, HookContext)>,
    ) -> Result<Self, Error<E>> {
        let status = response.status();
        let expected = response.content_length();
        if let (Some(limit), Some(length)) = (limits.max_body, expected)
            && length > limit
        {
            return Err(too_large(status, limit, expected, attempts));
        }
        let mut response = response;
        let headers = std::mem::take(response.headers_mut());
        let body = reqwest::Body::from(response);
        Ok(Self {
            status,
            headers,
            attempts,
            body: BodyStream {
                source: Source::Live(body),
                status,
                attempts,
                received: 0,
                expected,
                limit: limits.max_body,
                idle: limits
                    .read_timeout
                    .map(|after| (after, Box::pin(tokio::time::sleep(after)))),
                waiting: false,
                done: false,
                hooks,
                _error: PhantomData,
            },
        })
    }

    /// A response whose body was read already.
    pub(crate) fn buffered(
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        attempts: u32,
    ) -> Self {
        let expected = Some(body.len() as u64);
        Self {
            status,
            headers,
            attempts,
            body: BodyStream {
                source: Source::Buffered(Some(body).filter(|b| !b.is_empty())),
                status,
                attempts,
                received: 0,
                expected,
                limit: None,
                idle: None,
                waiting: false,
                done: false,
                hooks: None,
                _error: PhantomData,
            },
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// How many attempts were made in all to get this response.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The body's length as the server announced it (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.body.expected
    }

    /// The `Content-Type` header, if it is text.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The file name the server suggests (`Content-Disposition: attachment;
    /// filename="a.mkv"`), if any: the `filename*` (RFC 6266/8187, UTF-8) when present, else
    /// `filename`. Only the last path segment is kept, so it never names another directory;
    /// still check it before writing a file under that name.
    pub fn file_name(&self) -> Option<String> {
        let value = self.headers.get(CONTENT_DISPOSITION)?.to_str().ok()?;
        file_name(value)
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> BodyStream<E> {
        self.body
    }

    /// Splits into status, headers and body stream.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, BodyStream<E>) {
        (self.status, self.headers, self.body)
    }

    /// The body as an [`AsyncRead`]; a body error is an [`io::Error`] whose
    /// [`get_ref`](io::Error::get_ref) is the call's [`Error`].
    pub fn into_reader(self) -> BodyReader<E> {
        BodyReader {
            stream: self.body,
            chunk: Bytes::new(),
        }
    }
}

impl<E: std::error::Error + Send + Sync + 'static> StreamedResponse<E> {
    /// Writes the whole body to `writer` (then flushes it); returns how many bytes were
    /// written. A body error is an [`io::Error`] whose [`get_ref`](io::Error::get_ref) is
    /// the call's [`Error`]; a write error is the writer's.
    pub async fn write_to<W>(self, writer: &mut W) -> io::Result<u64>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let mut stream = self.body;
        let mut written = 0;
        while let Some(chunk) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
            let mut chunk = chunk.map_err(io::Error::other)?;
            while chunk.has_remaining() {
                let n = poll_fn(|cx| Pin::new(&mut *writer).poll_write(cx, &chunk)).await?;
                if n == 0 {
                    return Err(io::ErrorKind::WriteZero.into());
                }
                chunk.advance(n);
                written += n as u64;
            }
        }
        poll_fn(|cx| Pin::new(&mut *writer).poll_flush(cx)).await?;
        Ok(written)
    }

    /// Writes the whole body to a file created (or truncated) at `path`; returns how many
    /// bytes were written. On an error the file keeps what was written so far.
    pub async fn write_to_file(self, path: impl AsRef<Path>) -> io::Result<u64> {
        let mut file = tokio::fs::File::create(path).await?;
        let written = self.write_to(&mut file).await?;
        file.sync_all().await?;
        Ok(written)
    }

    /// Reads the whole body into memory (up to the stream limit, if one is set): for a body
    /// known to be small after all.
    pub async fn bytes(self) -> Result<Bytes, Error<E>> {
        let mut stream = self.body;
        // One chunk is kept as it is; a second makes a buffer.
        let mut first: Option<Bytes> = None;
        let mut buffer = Vec::new();
        while let Some(chunk) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
            let chunk = chunk?;
            if let Some(first) = first.take() {
                buffer.extend_from_slice(&first);
            }
            if buffer.is_empty() {
                first = Some(chunk);
            } else {
                buffer.extend_from_slice(&chunk);
            }
        }
        Ok(first.unwrap_or_else(|| Bytes::from(buffer)))
    }
}

impl<E> fmt::Debug for StreamedResponse<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamedResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("attempts", &self.attempts)
            .field("body", &self.body)
            .finish()
    }
}

/// The body of a [`StreamedResponse`], chunk by chunk: a `futures::Stream` of
/// `Result<Bytes, Error<E>>` (use `futures::StreamExt::next`, or
/// [`StreamedResponse::write_to`]). After an error it ends.
pub struct BodyStream<E> {
    source: Source,
    status: StatusCode,
    attempts: u32,
    received: u64,
    expected: Option<u64>,
    limit: Option<u64>,
    /// The read timeout and its timer, set when a wait for data starts.
    idle: Option<(Duration, Pin<Box<Sleep>>)>,
    /// Waiting for data since the timer was last set.
    waiting: bool,
    done: bool,
    hooks: Option<(Client, HookContext)>,
    _error: PhantomData<fn() -> E>,
}

impl<E> BodyStream<E> {
    /// How many bytes have been received so far.
    pub fn bytes_received(&self) -> u64 {
        self.received
    }

    /// The body's length as the server announced it (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.expected
    }

    /// Ends the stream with `error`, after the hooks have seen it.
    fn fail(&mut self, mut error: Error<E>) -> Poll<Option<Result<Bytes, Error<E>>>>
    where
        E: std::error::Error + 'static,
    {
        self.done = true;
        set_attempts(&mut error, self.attempts);
        if let Some((client, context)) = self.hooks.take() {
            client.on_error(&context, &error);
        }
        // The connection is closed now rather than when the stream is dropped.
        self.source = Source::Buffered(None);
        Poll::Ready(Some(Err(error)))
    }
}

impl<E: std::error::Error + 'static> Stream for BodyStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let body = match &mut this.source {
            Source::Buffered(chunk) => {
                let chunk = chunk.take();
                this.done = chunk.is_none();
                this.received += chunk.as_ref().map_or(0, |c| c.len() as u64);
                return Poll::Ready(chunk.map(Ok));
            }
            Source::Live(body) => body,
        };
        loop {
            match Pin::new(&mut *body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    let Ok(data) = frame.into_data() else {
                        continue; // trailers
                    };
                    if data.is_empty() {
                        continue;
                    }
                    let received = this.received + data.len() as u64;
                    if let Some(limit) = this.limit
                        && received > limit
                    {
                        let error = too_large(this.status, limit, this.expected, this.attempts);
                        return this.fail(error);
                    }
                    this.received = received;
                    this.waiting = false;
                    return Poll::Ready(Some(Ok(data)));
                }
                Poll::Ready(Some(Err(e))) => {
                    let error = TransportError::streamed(e, this.received, this.expected);
                    return this.fail(Error::Transport(error));
                }
                Poll::Ready(None) => {
                    this.done = true;
                    this.source = Source::Buffered(None);
                    return Poll::Ready(None);
                }
                Poll::Pending => {
                    if let Some((after, sleep)) = &mut this.idle {
                        // The wait starts now (not at the last chunk: the caller may have
                        // taken its time to consume it).
                        if !this.waiting {
                            sleep.as_mut().reset(Instant::now() + *after);
                            this.waiting = true;
                        }
                        ready!(sleep.as_mut().poll(cx));
                        let error = Error::Timeout(TimeoutError::read(*after));
                        return this.fail(error);
                    }
                    return Poll::Pending;
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, None)
    }
}

impl<E> fmt::Debug for BodyStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyStream")
            .field("received", &self.received)
            .field("content_length", &self.expected)
            .field("limit", &self.limit)
            .field("read_timeout", &self.idle.as_ref().map(|(after, _)| after))
            .field("done", &self.done)
            .finish()
    }
}

/// A [`StreamedResponse`]'s body as an [`AsyncRead`]
/// ([`into_reader`](StreamedResponse::into_reader)).
pub struct BodyReader<E> {
    stream: BodyStream<E>,
    /// What is left of the last chunk.
    chunk: Bytes,
}

impl<E: std::error::Error + Send + Sync + 'static> AsyncRead for BodyReader<E> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        while this.chunk.is_empty() {
            match ready!(Pin::new(&mut this.stream).poll_next(cx)) {
                Some(Ok(chunk)) => this.chunk = chunk,
                Some(Err(e)) => return Poll::Ready(Err(io::Error::other(e))),
                None => return Poll::Ready(Ok(())),
            }
        }
        let n = this.chunk.len().min(buf.remaining());
        buf.put_slice(&this.chunk[..n]);
        this.chunk.advance(n);
        Poll::Ready(Ok(()))
    }
}

impl<E> fmt::Debug for BodyReader<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyReader")
            .field("stream", &self.stream)
            .field("buffered", &self.chunk.len())
            .finish()
    }
}

fn too_large<E>(status: StatusCode, limit: u64, length: Option<u64>, attempts: u32) -> Error<E> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut error = Error::BodyTooLarge(BodyTooLarge::new(status, limit, length));
    set_attempts(&mut error, attempts);
    error
}

/// The file name of a `Content-Disposition` value: `filename*=UTF-8''...` (percent-decoded)
/// before `filename="..."`, reduced to its last path segment; `None` if empty.
fn file_name(value: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for param in value.split(';').skip(1) {
        let Some((name, raw)) = param.split_once('=') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let raw = raw.trim();
        if name == "filename*" {
            // charset'language'percent-encoded
            let mut parts = raw.splitn(3, '\'');
            let (charset, _, encoded) = (parts.next(), parts.next(), parts.next());
            if let (Some(charset), Some(encoded)) = (charset, encoded)
                && charset.eq_ignore_ascii_case("utf-8")
            {
                let decoded = percent_encoding::percent_decode_str(encoded).decode_utf8();
                extended = decoded.ok().map(|d| d.into_owned());
            }
        } else if name == "filename" {
            let unquoted = raw
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .map_or_else(|| raw.to_owned(), |q| q.replace("\\\"", "\""));
            plain = Some(unquoted);
        }
    }
    let name = extended.or(plain)?;
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    (!last.is_empty() && last != "." && last != "..").then(|| last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn content_disposition_file_names() {
        let cases = [
            ("attachment; filename=\"a.mkv\"", Some("a.mkv")),
            ("attachment; filename=plain.txt", Some("plain.txt")),
            (
                "attachment; filename=\"x.bin\"; filename*=UTF-8''%C3%A9t%C3%A9.mkv",
                Some("été.mkv"),
            ),
            ("attachment; filename=\"../../etc/passwd\"", Some("passwd")),
            ("attachment; filename=\"..\"", None),
            ("inline", None),
            ("attachment; filename=\"\"", None),
        ];
        for (value, expected) in cases {
            assert_eq!(file_name(value).as_deref(), expected, "{value}");
        }
    }
}
