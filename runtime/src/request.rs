//! Operations and request building: [`Operation`], [`OperationInfo`], [`RequestParts`] and
//! parameter encoding.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{COOKIE, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use crate::body::UploadBody;
use crate::error::{DecodeError, InvalidRequest};
use crate::multipart::{Multipart, MultipartForm};
use crate::response::RawResponse;
use crate::secret::{RedactedHeaders, is_sensitive_name};

/// One API operation: how to build its request and decode its response.
///
/// Generated code implements it for each `<Op>Request`; it is public so that an endpoint
/// the spec lacks can be called through the same client.
pub trait Operation: Send + Sync + 'static {
    /// The decoded success value.
    type Output: Send + 'static;
    /// The operation's error responses.
    type Error: std::error::Error + Send + Sync + 'static;
    /// Static facts about the operation.
    const INFO: OperationInfo;

    /// Fills in path, query, headers and body. Called for each request sent (a retry or a
    /// redirect hop builds it again), so it must describe the same request every time.
    ///
    /// The default, for an operation without parameters or body, sends the path of
    /// [`INFO`](Self::INFO) as it is.
    fn build(&self, parts: &mut RequestParts) -> Result<(), InvalidRequest> {
        parts.path_literal(Self::INFO.path);
        Ok(())
    }

    /// Maps a complete response (any status; redirects already handled) to the typed result.
    fn decode(response: RawResponse) -> DecodeResult<Self>;
}

/// What [`Operation::decode`] returns: the operation's output for a success status, its error
/// enum for an error status, or a [`DecodeError`] when the body does not decode.
pub type DecodeResult<O> =
    Result<Result<<O as Operation>::Output, <O as Operation>::Error>, DecodeError>;

/// Static facts about one operation.
///
/// Fields are public for generated code (which writes struct literals); other code should
/// use [`OperationInfo::new`] and the `with_*` methods, as fields may be added.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The `operationId`, e.g. `startTask`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/butler/{butlerTask}`.
    pub path: &'static str,
    /// The `Accept` header to send, if any.
    pub accept: Option<&'static str>,
    /// Alternative sets of requirements (an OR of ANDs). Empty: no credential is sent; an
    /// empty alternative: authentication is optional.
    pub security: &'static [&'static [SecurityRequirement]],
    /// Operation-level server URLs; empty: the client's base URL.
    pub servers: &'static [&'static str],
    /// Redirect statuses the operation documents: never followed, handed to `decode`.
    pub documented_redirects: &'static [u16],
}

impl OperationInfo {
    /// An operation without `Accept`, security, servers or documented redirects.
    pub const fn new(id: &'static str, method: Method, path: &'static str) -> Self {
        Self {
            id,
            method,
            path,
            accept: None,
            security: &[],
            servers: &[],
            documented_redirects: &[],
        }
    }

    /// Sets the `Accept` header value.
    #[must_use]
    pub const fn with_accept(mut self, accept: &'static str) -> Self {
        self.accept = Some(accept);
        self
    }

    /// Sets the security requirements.
    #[must_use]
    pub const fn with_security(
        mut self,
        security: &'static [&'static [SecurityRequirement]],
    ) -> Self {
        self.security = security;
        self
    }

    /// Sets operation-level server URLs.
    #[must_use]
    pub const fn with_servers(mut self, servers: &'static [&'static str]) -> Self {
        self.servers = servers;
        self
    }

    /// Sets the documented (never followed) redirect statuses.
    #[must_use]
    pub const fn with_documented_redirects(mut self, statuses: &'static [u16]) -> Self {
        self.documented_redirects = statuses;
        self
    }
}

/// A server of the API document with its variables filled in: the generated crate's `Server`
/// and its server structs implement it, for [`Call::server`](crate::Call::server).
pub trait ServerUrl {
    /// The URL with every variable substituted.
    fn server_url(&self) -> String;
}

/// One security scheme an operation accepts and where its credential goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SecurityRequirement {
    /// The scheme's name in the spec (matched against `ClientBuilder::credential`).
    pub scheme: &'static str,
    /// Where the credential is placed.
    pub placement: AuthPlacement,
}

impl SecurityRequirement {
    /// A requirement for `scheme`, placed as `placement`.
    pub const fn new(scheme: &'static str, placement: AuthPlacement) -> Self {
        Self { scheme, placement }
    }
}

/// Where a credential is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthPlacement {
    /// As the value of this header (API key in a header).
    Header(&'static str),
    /// As this query parameter.
    Query(&'static str),
    /// As this cookie.
    Cookie(&'static str),
    /// As `Authorization: Bearer <token>`.
    Bearer,
    /// As `Authorization: Basic <base64>`; the credential is `user:password`.
    Basic,
}

/// How a query parameter is serialized (OpenAPI `style`/`explode`).
///
/// `null` values and empty arrays produce no pair. Nested arrays or objects inside a
/// form/space/pipe value are an [`InvalidRequest`]; `DeepObject` recurses
/// (`filter[a][b]=1`) and repeats the key for arrays (`filter[tags]=x&filter[tags]=y`).
/// Object properties come in `serde_json`'s map order: alphabetical, unless its
/// `preserve_order` feature is enabled somewhere in the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum QueryStyle {
    /// `form`: `id=1&id=2` (explode) or `id=1,2`; objects `a=1&b=2` or `obj=a,1,b,2`.
    Form {
        /// Whether arrays and objects become one pair per item.
        explode: bool,
    },
    /// `spaceDelimited`: `id=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `id=1|2`.
    PipeDelimited,
    /// `deepObject`: `obj[a]=1&obj[b]=2`.
    DeepObject,
}

/// Everything outside RFC 3986 `unreserved` (`A-Z a-z 0-9 - . _ ~`).
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters a path template literal may not contain as-is.
const PATH_LITERAL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The pieces of a request an operation fills in (see [`Operation::build`]).
///
/// `Debug` redacts sensitive header and query values.
pub struct RequestParts {
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<(Cow<'static, str>, UploadBody)>,
    globals: Arc<HeaderMap>,
}

impl RequestParts {
    pub(crate) fn new(globals: Arc<HeaderMap>) -> Self {
        Self {
            path: String::new(),
            query: String::new(),
            headers: HeaderMap::new(),
            body: None,
            globals,
        }
    }

    /// Appends a literal piece of the path template (e.g. `/butler/`).
    pub fn path_literal(&mut self, s: &str) {
        // (Borrowed when nothing needs encoding, as for the usual `/butler`.)
        let encoded: Cow<'_, str> = utf8_percent_encode(s, PATH_LITERAL).into();
        self.path.push_str(&encoded);
    }

    /// Appends a path parameter, percent-encoded as (part of) one segment: every byte outside
    /// RFC 3986 `unreserved` is encoded, including `/`, `?`, `#` and `%`. An empty value, `.`
    /// or `..` is rejected.
    pub fn path_param(&mut self, name: &'static str, value: &str) -> Result<(), InvalidRequest> {
        if matches!(value, "" | "." | "..") {
            return Err(InvalidRequest::new(format!(
                "path parameter `{name}` must not be empty, `.` or `..`"
            )));
        }
        self.path.extend(utf8_percent_encode(value, COMPONENT));
        Ok(())
    }

    /// Appends one query pair (both parts percent-encoded).
    pub fn query(&mut self, name: &str, value: &str) {
        push_pair(&mut self.query, name, value);
    }

    /// Appends a query parameter serialized per `style`. Scalars, sequences and
    /// maps/structs are supported; `None`/`null` adds nothing.
    pub fn query_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
    ) -> Result<(), InvalidRequest> {
        let value = serde_json::to_value(value).map_err(|e| {
            InvalidRequest::with_source(format!("query parameter `{name}` cannot be serialized"), e)
        })?;
        if style == QueryStyle::DeepObject {
            let key = utf8_percent_encode(name, COMPONENT).to_string();
            push_deep(&mut self.query, &key, &value);
            return Ok(());
        }
        // Arrays flatten to [v, ...], objects to [k, v, ...], scalars to [v].
        let (is_object, items) = match &value {
            Value::Null => return Ok(()),
            Value::Array(items) => (false, items.iter().map(scalar).collect()),
            Value::Object(map) => (
                true,
                sorted(map)
                    .into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .flat_map(|(k, v)| [Some(k.clone()), scalar(v)])
                    .collect(),
            ),
            other => (false, scalar(other).map(|s| vec![s])),
        };
        let items: Vec<String> = items.ok_or_else(|| {
            InvalidRequest::new(format!(
                "query parameter `{name}`: nested arrays or objects need style deepObject"
            ))
        })?;
        if items.is_empty() {
            return Ok(());
        }
        let delimiter = match style {
            QueryStyle::Form { explode: false } => ",",
            QueryStyle::SpaceDelimited => "%20",
            QueryStyle::PipeDelimited => "|",
            QueryStyle::Form { explode: true } | QueryStyle::DeepObject => {
                if is_object {
                    for pair in items.chunks_exact(2) {
                        push_pair(&mut self.query, &pair[0], &pair[1]);
                    }
                } else {
                    for item in &items {
                        push_pair(&mut self.query, name, item);
                    }
                }
                return Ok(());
            }
        };
        push_separator(&mut self.query);
        self.query.extend(utf8_percent_encode(name, COMPONENT));
        self.query.push('=');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.query.push_str(delimiter);
            }
            self.query.extend(utf8_percent_encode(item, COMPONENT));
        }
        Ok(())
    }

    /// Sets a header parameter, replacing an earlier value of the same name; except `Cookie`,
    /// whose values (`name=value` pairs) accumulate as `a=1; b=2`.
    pub fn header(&mut self, name: &'static str, value: &str) -> Result<(), InvalidRequest> {
        if name.eq_ignore_ascii_case("cookie") {
            return add_cookie(&mut self.headers, value);
        }
        let (name, value) = header_pair(name, value)?;
        self.headers.insert(name, value);
        Ok(())
    }

    /// Sets a header that is also a client-wide default (a "global" parameter): `value` (the
    /// per-call override) wins; else the client's default for `name`
    /// (`ClientBuilder::global_header`);
    /// else, when `required`, an error saying it is set neither on the client nor on the
    /// request.
    pub fn global_header(
        &mut self,
        name: &'static str,
        value: Option<&str>,
        required: bool,
    ) -> Result<(), InvalidRequest> {
        if let Some(value) = value {
            return self.header(name, value);
        }
        match self.globals.get(name) {
            Some(default) => {
                self.headers.insert(header_name(name)?, default.clone());
                Ok(())
            }
            None if required => Err(InvalidRequest::new(format!(
                "required header `{name}` is set neither on the client nor on the request"
            ))),
            None => Ok(()),
        }
    }

    /// [`global_header`](Self::global_header) for each `(name, value, required)`, in order.
    pub fn global_headers(
        &mut self,
        headers: &[(&'static str, Option<&str>, bool)],
    ) -> Result<(), InvalidRequest> {
        for &(name, value, required) in headers {
            self.global_header(name, value, required)?;
        }
        Ok(())
    }

    /// Sets a JSON body (`application/json`).
    pub fn json_body<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
    ) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| InvalidRequest::with_source("the JSON body cannot be serialized", e))?;
        self.set_body("application/json", Bytes::from(bytes));
        Ok(())
    }

    /// Sets a form body (`application/x-www-form-urlencoded`).
    pub fn form_body<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
    ) -> Result<(), InvalidRequest> {
        let text = serde_urlencoded::to_string(body)
            .map_err(|e| InvalidRequest::with_source("the form body cannot be serialized", e))?;
        self.set_body("application/x-www-form-urlencoded", Bytes::from(text));
        Ok(())
    }

    /// Sets a text body with the given content type.
    pub fn text_body(&mut self, content_type: &'static str, body: String) {
        self.set_body(content_type, Bytes::from(body));
    }

    /// Sets a binary body with the given content type: bytes, a file or a stream
    /// ([`UploadBody`]; a stream is sent once, and the call is then not retried).
    pub fn bytes_body(&mut self, content_type: &'static str, body: impl Into<UploadBody>) {
        self.body = Some((Cow::Borrowed(content_type), body.into()));
    }

    /// Sets a `multipart/form-data` body, with a boundary of its own.
    pub fn multipart_body<T: MultipartForm + ?Sized>(
        &mut self,
        body: &T,
    ) -> Result<(), InvalidRequest> {
        let mut form = Multipart::new();
        body.write_parts(&mut form)?;
        let (content_type, body) = form.finish();
        self.body = Some((Cow::Owned(content_type), UploadBody::bytes(body)));
        Ok(())
    }

    fn set_body(&mut self, content_type: &'static str, body: Bytes) {
        self.body = Some((Cow::Borrowed(content_type), UploadBody::bytes(body)));
    }
}

impl fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestParts")
            .field("path", &self.path)
            .field("query", &redact_query(&self.query))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body.as_ref().map(|(_, b)| b))
            .finish()
    }
}

/// Validates a header name and value; sensitive-looking headers are marked sensitive. The
/// error names the header, never the value.
pub(crate) fn header_pair(
    name: &str,
    value: &str,
) -> Result<(HeaderName, HeaderValue), InvalidRequest> {
    let header_name = header_name(name)?;
    let mut header_value = header_value(name, value)?;
    header_value.set_sensitive(is_sensitive_name(name));
    Ok((header_name, header_value))
}

/// Adds a `name=value` pair to the `Cookie` header (all cookies share one header).
pub(crate) fn add_cookie(headers: &mut HeaderMap, pair: &str) -> Result<(), InvalidRequest> {
    let (name, value) = match headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
        Some(existing) => header_pair("cookie", &format!("{existing}; {pair}"))?,
        None => header_pair("cookie", pair)?,
    };
    headers.insert(name, value);
    Ok(())
}

/// A header name given as static text: shared without copying when it is already in the
/// canonical lowercase form (as generated code writes a credential's header), else parsed.
pub(crate) fn static_header_name(name: &'static str) -> Result<HeaderName, InvalidRequest> {
    let canonical = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if canonical {
        // Cannot panic: every byte is one `from_static` accepts.
        Ok(HeaderName::from_static(name))
    } else {
        header_name(name)
    }
}

pub(crate) fn header_name(name: &str) -> Result<HeaderName, InvalidRequest> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|e| InvalidRequest::with_source(format!("invalid header name `{name}`"), e))
}

/// The value of header `name` (not yet marked sensitive).
pub(crate) fn header_value(name: &str, value: &str) -> Result<HeaderValue, InvalidRequest> {
    HeaderValue::from_str(value)
        .map_err(|e| InvalidRequest::with_source(format!("invalid value for header `{name}`"), e))
}

/// The query-string form of a scalar (`None` for arrays and objects).
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

fn push_separator(query: &mut String) {
    if !query.is_empty() {
        query.push('&');
    }
}

/// Appends `name=value`, both percent-encoded.
pub(crate) fn push_pair(query: &mut String, name: &str, value: &str) {
    push_separator(query);
    query.extend(utf8_percent_encode(name, COMPONENT));
    query.push('=');
    query.extend(utf8_percent_encode(value, COMPONENT));
}

/// Object entries by key, so the query is the same whether or not `serde_json`'s
/// `preserve_order` feature is on somewhere in the build.
fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// `deepObject`: `key[a][b]=v` (brackets literal, as in the OpenAPI examples), arrays repeat
/// the key, nulls are skipped. `key` is already percent-encoded.
fn push_deep(query: &mut String, key: &str, value: &Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in sorted(map) {
                let k = utf8_percent_encode(k, COMPONENT);
                push_deep(query, &format!("{key}[{k}]"), v);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| push_deep(query, key, v)),
        Value::Null => {}
        scalar_value => {
            push_separator(query);
            query.push_str(key);
            query.push('=');
            let text = scalar(scalar_value).unwrap_or_default();
            query.extend(utf8_percent_encode(&text, COMPONENT));
        }
    }
}

/// A query string with the values of sensitive-looking parameters replaced.
pub(crate) fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_sensitive_name(name) => format!("{name}=<redacted>"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::{header_name, static_header_name};

    #[test]
    fn static_header_names_match_parsed_ones_and_never_panic() {
        for name in [
            "x-plex-token",
            "authorization",
            "x_api_key-2",
            "X-Plex-Token",
            "Authorization",
            "x plex",
            "",
            "ключ",
            "a:b",
        ] {
            let fast = static_header_name(name).map_err(|e| e.to_string());
            let parsed = header_name(name).map_err(|e| e.to_string());
            assert_eq!(fast, parsed, "{name:?}");
        }
    }
}
