//! Binary request bodies: [`UploadBody`], from bytes, a file or any byte stream.
//!
//! Bytes and files can be sent again (a retry, a redirect that keeps the body): bytes are
//! shared, a file is opened again for each attempt. A stream or a reader is one-shot: a call
//! with one makes a single attempt, whatever the retry policy, and does not follow a
//! redirect that keeps the body.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_core::Stream;
use http_body::{Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

use crate::error::{BoxError, InvalidRequest};

/// How much of a file or reader is read at a time.
const CHUNK: usize = 64 * 1024;

/// A boxed byte stream.
type BoxStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;
/// A boxed reader.
type BoxReader = Pin<Box<dyn AsyncRead + Send>>;

/// A binary request body (`application/octet-stream`, an image, any media type the API
/// document sends as raw bytes): bytes in memory, a file, or a stream of bytes.
///
/// - [`Bytes`], `Vec<u8>`, `&'static [u8]`, `String` and `&'static str` convert into one
///   (`.body(bytes)` keeps working); so does a [`tokio::fs::File`] (read from where it is).
/// - [`UploadBody::file`] sends a file by its path: opened when the request is sent, again
///   for each attempt, so it is retried like bytes; its size is sent as `Content-Length`.
/// - [`UploadBody::stream`] and [`UploadBody::reader`] send what a `futures::Stream` of
///   bytes or a [`tokio::io::AsyncRead`] produces, without holding it in memory. **They
///   cannot be sent twice**: a call with one makes a single attempt (never retried, whatever
///   its [`RetryPolicy`](crate::RetryPolicy)), and a redirect that would send the body again
///   (307, 308) fails with a [`RedirectError`](crate::RedirectError).
///
/// Clones share a stream or reader: only one request can take it. Two bodies are equal when
/// they hold equal bytes, the same path, or the same stream.
#[derive(Clone)]
pub struct UploadBody(Source);

#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    File(Arc<Path>),
    /// A one-shot stream or reader, with its length when known; `None` once taken.
    OneShot(Arc<Mutex<Option<OneShot>>>),
}

enum OneShot {
    Stream(BoxStream, Option<u64>),
    Reader(BoxReader, Option<u64>),
}

impl UploadBody {
    /// A body of these bytes.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Self(Source::Bytes(bytes.into()))
    }

    /// The file at `path`, opened (and its size read) when the request is sent, for each
    /// attempt. A file that cannot be opened fails the call with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before anything is sent.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self(Source::File(Arc::from(path.into())))
    }

    /// What `stream` yields, sent as it comes (`Transfer-Encoding: chunked`, unless a length
    /// is given with [`with_length`](Self::with_length)). Sent once: not retried.
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<BoxError>,
    {
        let stream = MapStream(Box::pin(stream));
        Self::one_shot(OneShot::Stream(Box::pin(stream), None))
    }

    /// What `reader` reads, sent as it comes (chunked, unless a length is given). Sent once:
    /// not retried.
    pub fn reader<R: AsyncRead + Send + 'static>(reader: R) -> Self {
        Self::one_shot(OneShot::Reader(Box::pin(reader), None))
    }

    /// The length of a stream's or reader's body, sent as `Content-Length` (some servers
    /// refuse chunked uploads). Sending fails if the body turns out to have another length.
    /// Ignored for bytes and files, whose length is known.
    #[must_use]
    pub fn with_length(self, length: u64) -> Self {
        if let Source::OneShot(shared) = &self.0 {
            let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
            match &mut *guard {
                Some(OneShot::Stream(_, len) | OneShot::Reader(_, len)) => *len = Some(length),
                None => {}
            }
        }
        self
    }

    fn one_shot(one_shot: OneShot) -> Self {
        Self(Source::OneShot(Arc::new(Mutex::new(Some(one_shot)))))
    }

    /// Whether the body can be sent again (bytes, a file), so that a call with it can be
    /// retried.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.0, Source::OneShot(_))
    }

    /// The bytes, if this is a body of bytes in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.0 {
            Source::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The body as reqwest sends it: bytes as they are, a file opened now, a stream taken
    /// (an error if a request took it already). A file is opened with a blocking call (a
    /// quick system call, like the DNS lookup of a connection), so that no other request
    /// state has to wait across an `.await` for it.
    pub(crate) fn into_reqwest(self) -> Result<reqwest::Body, InvalidRequest> {
        match self.0 {
            Source::Bytes(bytes) => Ok(reqwest::Body::from(bytes)),
            Source::File(path) => {
                let file = std::fs::File::open(&path)
                    .map_err(|e| InvalidRequest::with_source("cannot open the body's file", e))?;
                let length = file
                    .metadata()
                    .map_err(|e| InvalidRequest::with_source("cannot read the body's file", e))?
                    .len();
                let file = tokio::fs::File::from_std(file);
                Ok(reqwest::Body::wrap(ReaderBody::new(
                    Box::pin(file),
                    Some(length),
                )))
            }
            Source::OneShot(shared) => {
                let taken = shared.lock().unwrap_or_else(PoisonError::into_inner).take();
                match taken {
                    Some(OneShot::Stream(stream, length)) => Ok(reqwest::Body::wrap(StreamBody {
                        stream: Mutex::new(stream),
                        length,
                    })),
                    Some(OneShot::Reader(reader, length)) => {
                        Ok(reqwest::Body::wrap(ReaderBody::new(reader, length)))
                    }
                    None => Err(InvalidRequest::new(
                        "the body's stream was already sent: a stream or reader can be sent once",
                    )),
                }
            }
        }
    }
}

impl Default for UploadBody {
    fn default() -> Self {
        Self::bytes(Bytes::new())
    }
}

impl PartialEq for UploadBody {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::File(a), Source::File(b)) => a == b,
            (Source::OneShot(a), Source::OneShot(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for UploadBody {}

impl fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("UploadBody");
        match &self.0 {
            Source::Bytes(bytes) => out.field("len", &bytes.len()),
            Source::File(path) => out.field("file", path),
            Source::OneShot(_) => out.field("stream", &"one-shot"),
        };
        out.finish()
    }
}

impl From<Bytes> for UploadBody {
    fn from(bytes: Bytes) -> Self {
        Self::bytes(bytes)
    }
}

impl From<Vec<u8>> for UploadBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes(bytes)
    }
}

impl From<&'static [u8]> for UploadBody {
    fn from(bytes: &'static [u8]) -> Self {
        Self::bytes(bytes)
    }
}

impl<const N: usize> From<&'static [u8; N]> for UploadBody {
    fn from(bytes: &'static [u8; N]) -> Self {
        Self::bytes(&bytes[..])
    }
}

impl From<String> for UploadBody {
    fn from(text: String) -> Self {
        Self::bytes(text)
    }
}

impl From<&'static str> for UploadBody {
    fn from(text: &'static str) -> Self {
        Self::bytes(text)
    }
}

impl From<tokio::fs::File> for UploadBody {
    /// An open file, read from its current position: sent once (use
    /// [`UploadBody::file`] with its path for a body that can be retried).
    fn from(file: tokio::fs::File) -> Self {
        Self::reader(file)
    }
}

/// A stream of anything that converts into bytes, with errors boxed. The stream is boxed
/// on its own, so that this wrapper is `Unpin` and needs no pin projection.
struct MapStream<S>(Pin<Box<S>>);

impl<S, B, E> Stream for MapStream<S>
where
    S: Stream<Item = Result<B, E>>,
    B: Into<Bytes>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut()
            .0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|r| r.map(Into::into).map_err(Into::into)))
    }
}

/// A body read from an [`AsyncRead`] in chunks of [`CHUNK`] bytes.
struct ReaderBody {
    /// Behind a mutex only so that the body is `Sync` (as reqwest requires); reached with
    /// `get_mut`, without locking.
    reader: Mutex<BoxReader>,
    buffer: Box<[u8]>,
    length: Option<u64>,
    done: bool,
}

impl ReaderBody {
    fn new(reader: BoxReader, length: Option<u64>) -> Self {
        Self {
            reader: Mutex::new(reader),
            buffer: vec![0; CHUNK].into_boxed_slice(),
            length,
            done: false,
        }
    }
}

impl http_body::Body for ReaderBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let reader = this
            .reader
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        let mut buf = ReadBuf::new(&mut this.buffer);
        ready!(reader.as_mut().poll_read(cx, &mut buf))?;
        let read = buf.filled();
        if read.is_empty() {
            this.done = true;
            return Poll::Ready(None);
        }
        Poll::Ready(Some(Ok(Frame::data(Bytes::copy_from_slice(read)))))
    }

    fn is_end_stream(&self) -> bool {
        self.done || self.length == Some(0)
    }

    fn size_hint(&self) -> SizeHint {
        self.length
            .map_or_else(SizeHint::default, SizeHint::with_exact)
    }
}

/// A body from a byte stream.
struct StreamBody {
    /// As in [`ReaderBody`]: for `Sync`, reached without locking.
    stream: Mutex<BoxStream>,
    length: Option<u64>,
}

impl http_body::Body for StreamBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = self.get_mut();
        let stream = this
            .stream
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        stream
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|r| r.map(Frame::data)))
    }

    fn size_hint(&self) -> SizeHint {
        self.length
            .map_or_else(SizeHint::default, SizeHint::with_exact)
    }
}
