//! Under load and faults nothing is lost: 256 concurrent callers (4,096 calls in all) against
//! a server on 127.0.0.1 that mixes normal answers, slow bodies, 401s with a typed body,
//! 503s, undecodable bodies, connections reset mid-body and answers that never finish
//! (the client's timeout ends them). Every call ends with a typed result, the outcomes add
//! up to the calls made, no task is left behind (the runtime's count of live tasks, and a
//! count of live calls) and the heap returns to its level before the load (a counting
//! allocator; RSS is printed too). Bounded in count and time: each call by the client's
//! timeout, the whole by a deadline; a few seconds in all.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use plex_butler::operations::GetTasksError;
use plex_butler::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Live heap bytes of this test binary.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every method forwards to `System` unchanged; only a counter is updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size as isize - layout.size() as isize, Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const CONCURRENCY: usize = 256;
const CALLS_PER_CALLER: usize = 16;
const CLIENT_TIMEOUT: Duration = Duration::from_millis(400);

const TASKS: &str = r#"{"ButlerTasks":{"ButlerTask":[{"name":"BackupDatabase","interval":3,"scheduleRandomized":false,"enabled":true,"title":"Backup","description":"Backs up"}]}}"#;
const ERRORS: &str = r#"{"errors":[{"code":1001,"message":"no token","status":401}]}"#;

/// What the server does with the `n`th request it reads (one in nine of each).
async fn answer(stream: &mut TcpStream, n: usize) -> std::io::Result<bool> {
    let keep = match n % 9 {
        // Normal answers.
        0..=2 => {
            respond(stream, "200 OK", TASKS).await?;
            true
        }
        // A slow body: the head, then the body in four pieces 5 ms apart.
        3 => {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                TASKS.len()
            );
            stream.write_all(head.as_bytes()).await?;
            for piece in TASKS.as_bytes().chunks(TASKS.len().div_ceil(4)) {
                tokio::time::sleep(Duration::from_millis(5)).await;
                stream.write_all(piece).await?;
                stream.flush().await?;
            }
            true
        }
        4 => {
            respond(stream, "401 Unauthorized", ERRORS).await?;
            true
        }
        5 => {
            respond(stream, "503 Service Unavailable", "").await?;
            true
        }
        // A body that is not what the document says.
        6 => {
            respond(stream, "200 OK", r#"{"ButlerTasks":{"ButlerTask":5}}"#).await?;
            true
        }
        // Reset mid-body: a promised 1000 bytes, 20 sent, then a TCP reset.
        7 => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"ButlerTasks\": {\"Bu";
            stream.write_all(head.as_bytes()).await?;
            stream.flush().await?;
            stream.set_zero_linger()?;
            false
        }
        // Never finishes: the head and part of the body, then nothing until the client
        // gives up (its timeout) and closes the connection (bounded here too).
        _ => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{";
            stream.write_all(head.as_bytes()).await?;
            stream.flush().await?;
            let mut sink = [0u8; 64];
            let _ = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut sink)).await;
            false
        }
    };
    Ok(keep)
}

async fn respond(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.flush().await
}

/// Reads one request head (the client's GETs have no body); `false` at the end of the
/// connection.
async fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
    buf.clear();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 64 * 1024 {
            return false;
        }
    }
    true
}

/// A server on 127.0.0.1; counts the requests it reads.
async fn server(requests: Arc<AtomicUsize>) -> (String, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("has an address"));
    let accept = tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let requests = requests.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                while read_head(&mut stream, &mut buf).await {
                    let n = requests.fetch_add(1, Relaxed);
                    if !matches!(answer(&mut stream, n).await, Ok(true)) {
                        return;
                    }
                }
            });
        }
    });
    (url, accept)
}

#[derive(Debug, Default)]
struct Outcomes {
    ok: AtomicUsize,
    unauthorized: AtomicUsize,
    unexpected_status: AtomicUsize,
    decode: AtomicUsize,
    transport: AtomicUsize,
    timeout: AtomicUsize,
    other: AtomicUsize,
}

impl Outcomes {
    fn total(&self) -> usize {
        [
            &self.ok,
            &self.unauthorized,
            &self.unexpected_status,
            &self.decode,
            &self.transport,
            &self.timeout,
            &self.other,
        ]
        .iter()
        .map(|c| c.load(Relaxed))
        .sum()
    }
}

/// Counts a call while it is alive.
struct Live<'a>(&'a AtomicUsize);

impl<'a> Live<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Relaxed);
        Live(count)
    }
}

impl Drop for Live<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Relaxed);
    }
}

/// `calls_per_caller` calls by each of 256 concurrent callers, with one client (dropped at
/// the end); returns the outcomes.
async fn load(url: &str, calls_per_caller: usize) -> Arc<Outcomes> {
    let client = Client::builder()
        .base_url(url)
        .token("secret-token")
        .client_identifier("load-test")
        .timeout(CLIENT_TIMEOUT)
        // A retry for 503s and resets, at once: exercised under load, but no backoff waits.
        .retry(
            RetryPolicy::default()
                .max_attempts(2)
                .initial_interval(Duration::from_millis(1))
                .max_interval(Duration::from_millis(2)),
        )
        .build()
        .expect("client builds");
    let outcomes = Arc::new(Outcomes::default());
    let live = Arc::new(AtomicUsize::new(0));
    let callers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (client, outcomes, live) = (client.clone(), outcomes.clone(), live.clone());
            tokio::spawn(async move {
                for _ in 0..calls_per_caller {
                    let _live = Live::new(&live);
                    let counter = match client.get_tasks().await {
                        Ok(tasks) => {
                            assert_eq!(tasks.butler_tasks.map(|t| t.butler_task.len()), Some(1));
                            &outcomes.ok
                        }
                        Err(Error::Api {
                            error: GetTasksError::Unauthorized(body),
                            ..
                        }) => {
                            assert_eq!(body.errors[0].code, 1001);
                            &outcomes.unauthorized
                        }
                        Err(Error::Api {
                            error: GetTasksError::Unexpected(raw),
                            ..
                        }) => {
                            assert_eq!(raw.status(), 503);
                            &outcomes.unexpected_status
                        }
                        Err(Error::Decode(e)) => {
                            assert_eq!(e.path(), Some("ButlerTasks.ButlerTask"));
                            &outcomes.decode
                        }
                        Err(Error::Transport(_)) => &outcomes.transport,
                        Err(Error::Timeout(_)) => &outcomes.timeout,
                        Err(_) => &outcomes.other,
                    };
                    counter.fetch_add(1, Relaxed);
                }
            })
        })
        .collect();
    drop(client);
    for caller in callers {
        caller.await.expect("a caller does not panic");
    }
    assert_eq!(live.load(Relaxed), 0, "every call ended");
    outcomes
}

/// Waits until the runtime has at most `tasks` live tasks (connections closing); the count.
async fn settle(tasks: usize) -> usize {
    let metrics = tokio::runtime::Handle::current().metrics();
    let deadline = Instant::now() + Duration::from_secs(5);
    while metrics.num_alive_tasks() > tasks && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    metrics.num_alive_tasks()
}

/// Resident set size, from /proc (Linux), in KiB.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_load_and_faults_every_call_ends_typed_and_nothing_is_left_behind() {
    let deadline = Duration::from_secs(60);
    tokio::time::timeout(deadline, async {
        let started = Instant::now();
        let requests = Arc::new(AtomicUsize::new(0));
        let (url, accept) = server(requests.clone()).await;
        let baseline_tasks = tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks();

        // Warm-up: the same load, once, so that what is allocated once (the runtime's
        // queues, the allocator's arenas, lazily made statics) is in the baseline.
        load(&url, 2).await;
        assert_eq!(
            settle(baseline_tasks).await,
            baseline_tasks,
            "tasks after warm-up"
        );
        let (heap_before, rss_before) = (LIVE.load(Relaxed), rss_kib());

        let load_started = Instant::now();
        let outcomes = load(&url, CALLS_PER_CALLER).await;
        let load_time = load_started.elapsed();
        let tasks_after = settle(baseline_tasks).await;
        let (heap_after, rss_after) = (LIVE.load(Relaxed), rss_kib());
        eprintln!(
            "{} calls at concurrency {CONCURRENCY} in {load_time:?} ({} requests served): \
             {outcomes:?}; live tasks {baseline_tasks} -> {tasks_after}; heap {} KiB -> {} KiB; \
             RSS {rss_before:?} KiB -> {rss_after:?} KiB; whole test {:?}",
            CONCURRENCY * CALLS_PER_CALLER,
            requests.load(Relaxed),
            heap_before / 1024,
            heap_after / 1024,
            started.elapsed(),
        );

        let calls = CONCURRENCY * CALLS_PER_CALLER;
        assert_eq!(
            outcomes.total(),
            calls,
            "every call ended once: {outcomes:?}"
        );
        assert_eq!(outcomes.other.load(Relaxed), 0, "{outcomes:?}");
        for (what, count) in [
            ("ok", &outcomes.ok),
            ("401", &outcomes.unauthorized),
            ("503", &outcomes.unexpected_status),
            ("decode", &outcomes.decode),
            ("transport", &outcomes.transport),
            ("timeout", &outcomes.timeout),
        ] {
            assert!(count.load(Relaxed) > 0, "no {what} outcome: {outcomes:?}");
        }
        assert!(requests.load(Relaxed) >= calls);
        assert_eq!(tasks_after, baseline_tasks, "no task left behind");
        // The heap is back where it was (a leak of a few bytes per call would be 10s of KiB).
        let grown = heap_after - heap_before;
        assert!(grown < 256 * 1024, "heap grew by {grown} bytes");

        accept.abort();
        let _ = accept.await;
    })
    .await
    .expect("the load test ends within its deadline");
}
