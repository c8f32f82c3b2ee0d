//! Client overhead: the generated client's `get_tasks()` against a hand-written reqwest call
//! doing the same request (same headers, same JSON decode into the same type), all driving
//! one local hyper server on 127.0.0.1, at concurrency 1 and 64:
//! `cargo bench -p plex-butler-tests --bench client_overhead`.
//!
//! Two baselines: the bare reqwest call, and the same call on a reqwest client configured as
//! the generated client configures its own by default (30 s request timeout, which costs a
//! timer per request, and 10 s connect timeout, which adds a layer to reqwest's connector).
//! The clients take turns in short rounds, back to back in rotating order, in one run
//! (machines are noisy); each row reports the median round's requests/s and the p50/p99
//! latency over all its requests, and generated/baseline requests/s is the median of the
//! rounds' ratios (>= 0.95 is the target). Everything stops by itself: a bounded number of
//! requests, on loopback only.
//!
//! `-- --only generated` (or `hand`, `hand-timeout`) runs one client alone, 20,000 requests
//! (`--requests N`) at each concurrency, and prints heap allocations per request; for
//! profiling (`perf`, or `valgrind --tool=callgrind` for instruction counts that machine
//! noise does not move).

use std::alloc::{GlobalAlloc, Layout, System};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use plex_butler::reqwest::header::{ACCEPT, USER_AGENT};
use plex_butler::{Client, ClientBuilder, GetTasksResponse};
use tokio::net::TcpListener;

const TOKEN: &str = "bench-token";

/// Counts heap allocations (all threads, server included) while `COUNTING` is on: only in
/// the `--only` profiling mode, so the timed runs pay one relaxed load per allocation.
struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: defers to the system allocator; only counts.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        // SAFETY: the caller's contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            ALLOCATIONS.fetch_add(1, Relaxed);
        }
        // SAFETY: the caller's contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAlloc = CountingAlloc;

/// The generated client's default per-attempt and connect timeouts, given to one of the
/// baselines so that both run the same reqwest configuration (a timer per request, and
/// reqwest's connect-timeout layer).
const GENERATED_TIMEOUT: Duration = Duration::from_secs(30);
const GENERATED_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The body of `GET /butler`: the server's 20-odd tasks, about 4 KiB of JSON.
fn tasks_json() -> Bytes {
    let tasks: Vec<serde_json::Value> = (0..24)
        .map(|i| {
            serde_json::json!({
                "name": format!("Task{i}"),
                "interval": i % 7 + 1,
                "scheduleRandomized": i % 2 == 0,
                "enabled": i % 3 != 0,
                "title": format!("Task number {i}"),
                "description": format!("Does maintenance job {i} in the configured window"),
            })
        })
        .collect();
    let body = serde_json::json!({ "ButlerTasks": { "ButlerTask": tasks } });
    Bytes::from(serde_json::to_vec(&body).expect("serializable"))
}

/// An HTTP/1.1 server answering every request with `body` (keep-alive), until the process
/// ends. A request without the token gets a 401, so both clients must send it.
async fn serve(body: Bytes) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<Incoming>| {
                    let authorized = request.headers().get("x-plex-token").is_some();
                    let body = body.clone();
                    async move {
                        let mut response = if authorized {
                            Response::new(Full::new(body))
                        } else {
                            let mut r =
                                Response::new(Full::new(Bytes::from_static(br#"{"errors":[]}"#)));
                            *r.status_mut() = hyper::StatusCode::UNAUTHORIZED;
                            r
                        };
                        response
                            .headers_mut()
                            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// The hand-written baseline: what one would write with reqwest directly.
struct HandWritten {
    http: plex_butler::reqwest::Client,
    url: String,
}

impl HandWritten {
    async fn get_tasks(&self) -> Result<GetTasksResponse, Box<dyn std::error::Error>> {
        let response = self
            .http
            .get(&self.url)
            .header("X-Plex-Token", TOKEN)
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, "plex-butler/0.1.0")
            .send()
            .await?;
        if !response.status().is_success() {
            return Err(format!("status {}", response.status()).into());
        }
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }
}

/// One round: `requests` requests over `concurrency` tasks. Returns the wall time and every
/// request's latency.
async fn round<F, Fut>(
    requests: usize,
    concurrency: usize,
    call: Arc<F>,
) -> (Duration, Vec<Duration>)
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = usize> + Send,
{
    let start = Instant::now();
    let per_task = requests / concurrency;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let call = call.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_task);
                for _ in 0..per_task {
                    let t = Instant::now();
                    let tasks = call().await;
                    latencies.push(t.elapsed());
                    assert_eq!(tasks, 24, "decoded every task");
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(requests);
    for task in tasks {
        latencies.extend(task.await.expect("bench task"));
    }
    (start.elapsed(), latencies)
}

#[derive(Default)]
struct Stats {
    rates: Vec<f64>,
    latencies: Vec<Duration>,
}

impl Stats {
    /// Records a round; returns its requests/s.
    fn add(&mut self, (wall, latencies): (Duration, Vec<Duration>)) -> f64 {
        let rate = latencies.len() as f64 / wall.as_secs_f64();
        self.rates.push(rate);
        self.latencies.extend(latencies);
        rate
    }

    fn median_rate(&mut self) -> f64 {
        self.rates.sort_by(f64::total_cmp);
        self.rates[self.rates.len() / 2]
    }

    fn percentile(&mut self, p: f64) -> Duration {
        self.latencies.sort();
        let i = ((self.latencies.len() as f64 * p) as usize).min(self.latencies.len() - 1);
        self.latencies[i]
    }
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (`cargo test --benches`) is a smoke run.
    // `-- --only generated|hand` runs one client alone (for `perf stat` / `perf record`).
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--bench");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let requests = args
        .iter()
        .position(|a| a == "--requests")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let addr = serve(tasks_json()).await;
        let base = format!("http://{addr}");

        let generated = Client::builder()
            .base_url(&base)
            .token(TOKEN)
            .build()
            .expect("client");
        let hand_client = |timeout: Option<Duration>| {
            let mut http = ClientBuilder::http_client_builder().expect("reqwest builder");
            if let Some(timeout) = timeout {
                http = http.timeout(timeout).connect_timeout(GENERATED_CONNECT_TIMEOUT);
            }
            Arc::new(HandWritten {
                http: http.build().expect("reqwest client"),
                url: format!("{base}/butler"),
            })
        };
        let (hand, hand_timeout) = (hand_client(None), hand_client(Some(GENERATED_TIMEOUT)));
        let generated_call = Arc::new(move || {
            let client = generated.clone();
            async move {
                let tasks = client.get_tasks().await.expect("generated client");
                tasks.butler_tasks.map_or(0, |t| t.butler_task.len())
            }
        });
        let hand_call = Arc::new(move || {
            let hand = hand.clone();
            async move {
                let tasks = hand.get_tasks().await.expect("hand-written client");
                tasks.butler_tasks.map_or(0, |t| t.butler_task.len())
            }
        });
        let hand_timeout_call = Arc::new(move || {
            let hand = hand_timeout.clone();
            async move {
                let tasks = hand.get_tasks().await.expect("hand-written client");
                tasks.butler_tasks.map_or(0, |t| t.butler_task.len())
            }
        });
        // One round of client `which` (0 generated, 1 hand-written, 2 hand-written with the
        // timeout); each keeps its concrete future type (nothing boxed that the real calls
        // would not box).
        let run = |which: usize, requests: usize, concurrency: usize| {
            let (g, h, t) = (
                generated_call.clone(),
                hand_call.clone(),
                hand_timeout_call.clone(),
            );
            async move {
                match which {
                    0 => round(requests, concurrency, g).await,
                    1 => round(requests, concurrency, h).await,
                    _ => round(requests, concurrency, t).await,
                }
            }
        };

        if let Some(only) = only {
            // Profiling mode: one client, a fixed number of requests, no table.
            let which = match only.as_str() {
                "generated" => 0,
                "hand" => 1,
                _ => 2,
            };
            for concurrency in [1, 64] {
                // Warm-up (connections, pools), then a counted run.
                run(which, concurrency * 10, concurrency).await;
                let requests = requests.max(concurrency);
                ALLOCATIONS.store(0, Relaxed);
                COUNTING.store(true, Relaxed);
                run(which, requests, concurrency).await;
                COUNTING.store(false, Relaxed);
                let per_request = ALLOCATIONS.load(Relaxed) as f64 / requests as f64;
                println!(
                    "{only}, concurrency {concurrency}: {per_request:.1} allocations per request (client and server)"
                );
            }
            return;
        }

        const NAMES: [&str; 3] = [
            "generated `get_tasks()` (default timeouts: 30 s, connect 10 s)",
            "hand-written reqwest, no timeout",
            "hand-written reqwest, same timeouts (30 s, connect 10 s)",
        ];
        println!(
            "| concurrency | client | requests/s | p50 µs | p99 µs | generated / this (req/s), median of rounds |"
        );
        println!("|---:|---|---:|---:|---:|---:|");
        for concurrency in [1, 64] {
            let (requests, rounds) = match (full, concurrency) {
                (false, _) => (concurrency * 10, 1),
                (true, 1) => (1_000, 21),
                (true, _) => (4_000, 21),
            };
            // Warm-up: connections opened, code paths hot.
            for which in 0..3 {
                run(which, requests, concurrency).await;
            }
            let mut stats: [Stats; 3] = Default::default();
            let mut ratios: [Vec<f64>; 3] = Default::default();
            for i in 0..rounds {
                // Short rounds, the three clients back to back in rotating order: each
                // ratio compares rounds that saw the same machine load.
                let mut rates = [0.0; 3];
                for k in 0..3 {
                    let which = (i + k) % 3;
                    rates[which] = stats[which].add(run(which, requests, concurrency).await);
                }
                for which in 0..3 {
                    ratios[which].push(rates[0] / rates[which]);
                }
            }
            for which in [1, 2, 0] {
                let ratio = if which == 0 {
                    String::new()
                } else {
                    ratios[which].sort_by(f64::total_cmp);
                    format!("{:.3}", ratios[which][rounds / 2])
                };
                let stats = &mut stats[which];
                println!(
                    "| {concurrency} | {} | {:.0} | {} | {} | {ratio} |",
                    NAMES[which],
                    stats.median_rate(),
                    stats.percentile(0.50).as_micros(),
                    stats.percentile(0.99).as_micros(),
                );
            }
        }
    });
}
