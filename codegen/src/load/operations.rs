//! An operation: its parameters, request body and responses (keys read as status codes)
//! each deserialised on its own, so that every problem is reported, at its own pointer.

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::deserialize::{from_value, ref_or};
use crate::diag::{Diagnostic, Diagnostics, push_pointer};

/// A list of `what` objects (or `$ref`s), each deserialised on its own; an entry that fails
/// is reported and left out.
pub(super) fn list<T: DeserializeOwned>(
    v: &Value,
    ptr: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> Vec<ReferenceOr<T>> {
    let Value::Array(items) = v else {
        diags.push(Diagnostic::error(
            ptr,
            format!("must be a list of {what} objects"),
        ));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match ref_or::<T>(item, &push_pointer(ptr, &i.to_string()), what) {
            Ok(t) => out.push(t),
            Err(d) => diags.push(d),
        }
    }
    out
}

/// An operation, its parameters, request body and responses each deserialised on its own
/// (callbacks are not read); `None` when any of it has a problem, all of them reported.
pub(super) fn operation(
    v: &Value,
    ptr: &str,
    diags: &mut Diagnostics,
) -> Option<openapiv3::Operation> {
    let Value::Object(obj) = v else {
        diags.push(Diagnostic::error(ptr, "an Operation must be an object"));
        return None;
    };
    let mut shell = obj.clone();
    let params = shell.remove("parameters");
    let body = shell.remove("requestBody");
    let responses = shell.remove("responses");
    shell.remove("callbacks");
    shell.insert("responses".into(), Value::Object(serde_json::Map::new()));
    let before = diags.items.len();
    let mut op: openapiv3::Operation = match from_value(&Value::Object(shell), ptr, "Operation") {
        Ok(o) => o,
        Err(d) => {
            diags.push(d);
            openapiv3::Operation::default()
        }
    };
    if let Some(p) = params {
        op.parameters = list(&p, &push_pointer(ptr, "parameters"), "Parameter", diags);
    }
    if let Some(b) = body {
        match ref_or(&b, &push_pointer(ptr, "requestBody"), "Request Body") {
            Ok(b) => op.request_body = Some(b),
            Err(d) => diags.push(d),
        }
    }
    let r_ptr = push_pointer(ptr, "responses");
    match responses {
        Some(Value::Object(map)) => {
            for (code, r) in map {
                let c_ptr = push_pointer(&r_ptr, &code);
                if code.starts_with("x-") {
                    continue;
                }
                let parsed = match ref_or::<openapiv3::Response>(&r, &c_ptr, "Response") {
                    Ok(p) => p,
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                };
                if code == "default" {
                    op.responses.default = Some(parsed);
                    continue;
                }
                match status_code(&code) {
                    Some(sc) => {
                        op.responses.responses.insert(sc, parsed);
                    }
                    None => diags.push(Diagnostic::error(
                        c_ptr,
                        format!("`{code}` is not a status code, a range like `4XX`, or `default`"),
                    )),
                }
            }
        }
        Some(_) => diags.push(Diagnostic::error(r_ptr, "`responses` must be an object")),
        None => diags.push(Diagnostic::error(
            r_ptr,
            "an operation must have `responses`",
        )),
    }
    (diags.items.len() == before).then_some(op)
}

/// A response's key as a status code: a code from 100 to 599, or a range such as `4XX` (or
/// `4xx`) from `1XX` to `5XX`.
fn status_code(code: &str) -> Option<openapiv3::StatusCode> {
    let b = code.as_bytes();
    if b.len() != 3 {
        return None;
    }
    if b[1..].eq_ignore_ascii_case(b"XX") && (b'1'..=b'5').contains(&b[0]) {
        return Some(openapiv3::StatusCode::Range(u16::from(b[0] - b'0')));
    }
    code.parse::<u16>()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .map(openapiv3::StatusCode::Code)
}
