//! Retries: [`RetryPolicy`], exponential backoff with full jitter, and `Retry-After`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// When and how often a call is retried.
///
/// Defaults ([`RetryPolicy::default`]): at most 3 attempts in all, backoff starting at
/// 500 ms and doubling up to 10 s per wait, no new attempt once 30 s have passed since the
/// call started; retried are the statuses 429, 500, 502, 503 and 504, connection errors and
/// timeouts. Each wait is drawn uniformly from zero to the backoff ("full jitter"), except
/// that a `Retry-After` header (seconds or an HTTP date) on a retried status sets the wait,
/// capped at [`max_interval`](Self::max_interval).
///
/// Only idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried after a
/// status or a timeout, because a POST or PATCH may already have taken effect; opt in with
/// [`retry_non_idempotent`](Self::retry_non_idempotent). A failure to *connect* is retried
/// for every method: nothing was sent.
///
/// A call whose request body is a stream ([`UploadBody::stream`](crate::UploadBody::stream),
/// [`UploadBody::reader`](crate::UploadBody::reader)) is never retried: the stream is sent
/// once. A failure while a streamed response body is read ([`Call::stream`](crate::Call::stream))
/// is not retried either: the response was already handed over.
///
/// A call's total duration is bounded by `max_elapsed` plus one attempt's timeout: no wait
/// starts that would end past `max_elapsed`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_interval: Duration,
    max_interval: Duration,
    multiplier: f64,
    max_elapsed: Option<Duration>,
    statuses: Vec<u16>,
    connection_errors: bool,
    timeouts: bool,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(10),
            multiplier: 2.0,
            max_elapsed: Some(Duration::from_secs(30)),
            statuses: vec![429, 500, 502, 503, 504],
            connection_errors: true,
            timeouts: true,
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        Self::default().max_attempts(1)
    }

    /// The most attempts per call, the first included (`1` disables retries; `0` counts as `1`).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry (before jitter).
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest single wait, also capping `Retry-After`.
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }

    /// The factor by which the backoff grows per retry (values below 1 count as 1).
    pub fn multiplier(mut self, multiplier: f64) -> Self {
        self.multiplier = if multiplier.is_finite() {
            multiplier.max(1.0)
        } else {
            1.0
        };
        self
    }

    /// No wait starts that would end later than this after the call started (`None`: no limit
    /// beyond `max_attempts`).
    pub fn max_elapsed(mut self, max_elapsed: Option<Duration>) -> Self {
        self.max_elapsed = max_elapsed;
        self
    }

    /// The response statuses that are retried (replaces the default set).
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Whether transport errors (connect failures, resets) are retried.
    pub fn retry_connection_errors(mut self, retry: bool) -> Self {
        self.connection_errors = retry;
        self
    }

    /// Whether timeouts are retried.
    pub fn retry_timeouts(mut self, retry: bool) -> Self {
        self.timeouts = retry;
        self
    }

    /// Whether non-idempotent methods (POST, PATCH) are retried after a status, a timeout or
    /// an error after connecting.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    pub(crate) fn attempts_left(&self, made: u32) -> bool {
        made < self.max_attempts
    }

    /// Whether an outcome of this kind may be retried for `method`.
    pub(crate) fn should_retry(&self, method: &Method, outcome: Outcome) -> bool {
        let method_ok = self.non_idempotent || method.is_idempotent();
        match outcome {
            Outcome::Status(status) => method_ok && self.statuses.contains(&status.as_u16()),
            Outcome::ConnectError => self.connection_errors,
            Outcome::TransportError => self.connection_errors && method_ok,
            Outcome::Timeout { connect } => self.timeouts && (connect || method_ok),
        }
    }

    /// The wait before retry number `retry` (1 = first retry), `Retry-After` taking precedence.
    pub(crate) fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(after) = headers.and_then(retry_after) {
            return after.min(self.max_interval);
        }
        let exp = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let backoff = self.initial_interval.as_secs_f64() * self.multiplier.powi(exp);
        let cap = Duration::try_from_secs_f64(backoff)
            .unwrap_or(self.max_interval)
            .min(self.max_interval);
        cap.mul_f64(unit_random())
    }

    /// Whether a wait of `delay` after `elapsed` still fits the budget.
    pub(crate) fn fits_budget(&self, elapsed: Duration, delay: Duration) -> bool {
        self.max_elapsed
            .is_none_or(|max| elapsed.saturating_add(delay) <= max)
    }
}

/// A number drawn uniformly from `[0, 1)`, for jitter. It comes from std's randomly keyed
/// SipHash (`RandomState`: keys from the OS once per thread, then stepped), which is plenty
/// for spreading retries and saves a random-number crate.
fn unit_random() -> f64 {
    use std::hash::BuildHasher;
    let bits = std::collections::hash_map::RandomState::new().hash_one(0u8);
    // The top 53 bits, as the mantissa of a double in [0, 1).
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome {
    Status(StatusCode),
    ConnectError,
    TransportError,
    Timeout { connect: bool },
}

/// Parses `Retry-After` (delta-seconds or an HTTP date) into a wait from now.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = UNIX_EPOCH + Duration::from_secs(parse_http_date(value)?);
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// Parses an HTTP date in any of the three formats RFC 9110 requires recipients to accept:
/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
/// and asctime (`Sun Nov  6 08:49:37 1994`). In all three the day is the first number and
/// the year the second, so one tolerant tokenizer covers them. Returns seconds since the
/// Unix epoch.
pub(crate) fn parse_http_date(s: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (mut month, mut time, mut numbers) = (None, None, Vec::with_capacity(2));
    for token in s.split([' ', ',', '-']).filter(|t| !t.is_empty()) {
        if token.contains(':') {
            time = Some(token);
        } else if token.bytes().all(|b| b.is_ascii_digit()) {
            numbers.push(token);
        } else if let Some(m) = MONTHS.iter().position(|m| token.eq_ignore_ascii_case(m)) {
            month = Some(m as u64 + 1);
        }
    }
    let (month, time) = (month?, time?);
    let [day, year] = numbers[..] else {
        return None;
    };
    let day: u64 = day.parse().ok()?;
    let year: u64 = match (year.len(), year.parse::<u64>().ok()?) {
        (2, y) if y < 70 => 2000 + y,
        (2, y) => 1900 + y,
        (4, y) => y,
        _ => return None,
    };
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some()
        || !(1..=31).contains(&day)
        || year < 1970
        || h > 23
        || m > 59
        || sec > 60
    {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm), for the proleptic Gregorian calendar.
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y % 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = (era * 146_097 + doe).checked_sub(719_468)?;
    Some(days * 86_400 + h * 3_600 + m * 60 + sec)
}

#[cfg(test)]
mod tests {
    use super::parse_http_date;

    #[test]
    fn http_dates() {
        let expected = Some(784_111_777);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), expected);
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 12:00:00 GMT"),
            Some(951_825_600)
        );
        assert_eq!(parse_http_date("garbage"), None);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"), None);
    }
}
