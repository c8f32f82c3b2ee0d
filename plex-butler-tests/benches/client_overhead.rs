//! Client overhead: the generated client's `get_tasks()` against a hand-written reqwest call
//! doing the same request (same headers, same JSON decode into the same type), all driving
//! a local hyper server on 127.0.0.1, at concurrency 1 and 64:
//! `cargo bench -p plex-butler-tests --bench client_overhead`.
//!
//! Two configurations, as an application might run it:
//! - `multi-thread`: server and clients on one multi-thread Tokio runtime (a worker per core);
//! - `one-thread`: the server on a one-thread (`current_thread`) runtime in a thread of its
//!   own, the clients on another one-thread runtime in the main thread.
//!
//! Clients: the generated one; the bare reqwest call; the same call on a reqwest client
//! configured as the generated client configures its own by default (30 s request timeout,
//! which costs a timer per request, and 10 s connect timeout, which adds a layer to reqwest's
//! connector); and a second, identical instance of that last one, for an A/A calibration: the
//! ratio of two identical clients shows what the harness itself gives (ideally 1.00).
//!
//! The clients take turns in short rounds, back to back in a shuffled order, in one run
//! (machines are noisy): each ratio compares rounds that saw the same machine load. For each
//! configuration and concurrency the table gives the median of the per-round ratios of
//! requests/s, the mean with its 95 % confidence interval and the interquartile range of the
//! rounds; with one-thread runtimes (on Linux) also the same for requests per CPU-second of
//! the clients' thread, which other processes' scheduling does not move; then each client's
//! median round (requests/s) and p50/p99 latency over all its requests. Everything stops by
//! itself: a bounded number of requests, on loopback only.
//!
//! Options (after `--`): `--config one-thread|multi-thread` (default both), `--rounds N`,
//! `--concurrency N` (default 1 and 64).
//! `--only generated` (or `hand`, `hand-timeout`) runs one client alone, 20,000 requests
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

/// CPU time (ns) spent so far by each thread of this process, by name (Linux; empty
/// elsewhere): `/proc/self/task/*/schedstat`.
fn thread_cpu() -> Vec<(String, u64)> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    let mut threads: Vec<(String, u64)> = Vec::new();
    for task in tasks.flatten() {
        let path = task.path();
        let name = std::fs::read_to_string(path.join("comm")).unwrap_or_default();
        let ns = std::fs::read_to_string(path.join("schedstat"))
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        let name = format!("{}[{}]", name.trim(), task.file_name().to_string_lossy());
        threads.push((name, ns));
    }
    threads
}

/// CPU time (ns) this thread has used so far (Linux: `/proc/thread-self/schedstat`; 0
/// elsewhere).
fn own_cpu() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// What one round measured.
struct Round {
    wall: Duration,
    /// CPU time of the calling thread: with the one-thread configuration, every client task
    /// runs there, so this is the clients' CPU time (and nothing of the server's).
    cpu: Duration,
    latencies: Vec<Duration>,
}

/// One round: `requests` requests over `concurrency` tasks.
async fn round<F, Fut>(requests: usize, concurrency: usize, call: Arc<F>) -> Round
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = usize> + Send,
{
    let cpu = own_cpu();
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
    Round {
        wall: start.elapsed(),
        cpu: Duration::from_nanos(own_cpu().saturating_sub(cpu)),
        latencies,
    }
}

#[derive(Default)]
struct Stats {
    rates: Vec<f64>,
    latencies: Vec<Duration>,
}

impl Stats {
    /// Records a round; returns its requests/s and requests per CPU-second of the clients'
    /// thread.
    fn add(&mut self, round: Round) -> (f64, f64) {
        let n = round.latencies.len() as f64;
        let rate = n / round.wall.as_secs_f64();
        self.rates.push(rate);
        self.latencies.extend(round.latencies);
        (rate, n / round.cpu.as_secs_f64().max(1e-9))
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

/// The per-round ratios of one pair of clients, summarised.
fn summary(ratios: &mut [f64]) -> String {
    ratios.sort_by(f64::total_cmp);
    let n = ratios.len();
    let at = |q: f64| ratios[((n - 1) as f64 * q).round() as usize];
    let mean = ratios.iter().sum::<f64>() / n as f64;
    let var = ratios.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (n.max(2) - 1) as f64;
    let ci = 1.96 * (var / n as f64).sqrt();
    format!(
        "**{:.3}** | {mean:.3} ± {ci:.3} | {:.3}-{:.3}",
        at(0.5),
        at(0.25),
        at(0.75)
    )
}

/// A small deterministic generator for the order of the clients in each round.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A random permutation of `0..N` (Fisher-Yates).
    fn order<const N: usize>(&mut self) -> [usize; N] {
        let mut order: [usize; N] = std::array::from_fn(|i| i);
        for i in (1..N).rev() {
            order.swap(i, (self.next() % (i as u64 + 1)) as usize);
        }
        order
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Config {
    /// Server and clients on one multi-thread runtime.
    MultiThread,
    /// The server on a one-thread runtime in its own thread, the clients on another.
    OneThread,
}

impl Config {
    fn name(self) -> &'static str {
        match self {
            Config::MultiThread => "multi-thread",
            Config::OneThread => "one-thread",
        }
    }

    /// The runtime the clients run on.
    fn client_runtime(self) -> tokio::runtime::Runtime {
        match self {
            Config::MultiThread => tokio::runtime::Builder::new_multi_thread(),
            Config::OneThread => tokio::runtime::Builder::new_current_thread(),
        }
        .enable_all()
        .build()
        .expect("runtime")
    }

    /// Starts the server: on the clients' multi-thread runtime, or on a one-thread runtime in
    /// a thread of its own. It runs until the process ends.
    fn start_server(self, clients: &tokio::runtime::Runtime) -> SocketAddr {
        match self {
            Config::MultiThread => clients.block_on(serve(tasks_json())),
            Config::OneThread => {
                let (tx, rx) = std::sync::mpsc::channel();
                std::thread::Builder::new()
                    .name("bench-server".into())
                    .spawn(move || {
                        let runtime = tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .expect("server runtime");
                        runtime.block_on(async move {
                            let _ = tx.send(serve(tasks_json()).await);
                            std::future::pending::<()>().await;
                        });
                    })
                    .expect("server thread");
                rx.recv().expect("server address")
            }
        }
    }
}

/// The clients, by index in the rounds.
const GENERATED: usize = 0;
const HAND: usize = 1;
const HAND_TIMEOUT: usize = 2;
/// A second instance of `HAND_TIMEOUT`, for the A/A calibration.
const HAND_TIMEOUT_2: usize = 3;
const CLIENTS: usize = 4;
const NAMES: [&str; CLIENTS] = [
    "generated `get_tasks()` (default timeouts: 30 s, connect 10 s)",
    "hand-written reqwest, no timeout",
    "hand-written reqwest, same timeouts (30 s, connect 10 s)",
    "hand-written reqwest, same timeouts, second instance (A/A)",
];

struct Options {
    full: bool,
    only: Option<String>,
    requests: usize,
    rounds: Option<usize>,
    concurrency: Vec<usize>,
}

fn main() {
    // `cargo bench` passes `--bench`; anything else (`cargo test --benches`) is a smoke run.
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let options = Options {
        full: args.iter().any(|a| a == "--bench"),
        only: value("--only"),
        requests: value("--requests")
            .and_then(|n| n.parse().ok())
            .unwrap_or(20_000),
        rounds: value("--rounds").and_then(|n| n.parse().ok()),
        concurrency: match value("--concurrency").and_then(|n| n.parse().ok()) {
            Some(n) => vec![n],
            None => vec![1, 64],
        },
    };
    let configs = match value("--config").as_deref() {
        Some("one-thread") => vec![Config::OneThread],
        Some("multi-thread") => vec![Config::MultiThread],
        Some(other) => panic!("--config {other}: one-thread or multi-thread"),
        None => vec![Config::OneThread, Config::MultiThread],
    };
    if options.only.is_none() {
        println!(
            "| runtimes | concurrency | compared | ratio of requests/s, median of rounds | mean ± 95 % CI | interquartile range |"
        );
        println!("|---|---:|---|---:|---:|---:|");
    }
    let mut details = Vec::new();
    for config in configs {
        let runtime = config.client_runtime();
        let addr = config.start_server(&runtime);
        details.extend(runtime.block_on(run_config(config, addr, &options)));
    }
    if !details.is_empty() {
        println!();
        println!(
            "| runtimes | concurrency | client | requests/s (median round) | p50 µs | p99 µs |"
        );
        println!("|---|---:|---|---:|---:|---:|");
        for line in details {
            println!("{line}");
        }
    }
}

/// Runs one configuration; returns the rows of the detail table.
async fn run_config(config: Config, addr: SocketAddr, options: &Options) -> Vec<String> {
    let base = format!("http://{addr}");

    let generated = Client::builder()
        .base_url(&base)
        .token(TOKEN)
        .build()
        .expect("client");
    let hand_client = |timeout: Option<Duration>| {
        let mut http = ClientBuilder::http_client_builder().expect("reqwest builder");
        if let Some(timeout) = timeout {
            http = http
                .timeout(timeout)
                .connect_timeout(GENERATED_CONNECT_TIMEOUT);
        }
        Arc::new(HandWritten {
            http: http.build().expect("reqwest client"),
            url: format!("{base}/butler"),
        })
    };
    let generated_call = Arc::new(move || {
        let client = generated.clone();
        async move {
            let tasks = client.get_tasks().await.expect("generated client");
            tasks.butler_tasks.map_or(0, |t| t.butler_task.len())
        }
    });
    let hand_call = |hand: Arc<HandWritten>| {
        Arc::new(move || {
            let hand = hand.clone();
            async move {
                let tasks = hand.get_tasks().await.expect("hand-written client");
                tasks.butler_tasks.map_or(0, |t| t.butler_task.len())
            }
        })
    };
    let hand = hand_call(hand_client(None));
    let hand_timeout = hand_call(hand_client(Some(GENERATED_TIMEOUT)));
    let hand_timeout_2 = hand_call(hand_client(Some(GENERATED_TIMEOUT)));
    // One round of client `which`; each keeps its concrete future type (nothing boxed that
    // the real calls would not box).
    let run = |which: usize, requests: usize, concurrency: usize| {
        let (g, h, t, t2) = (
            generated_call.clone(),
            hand.clone(),
            hand_timeout.clone(),
            hand_timeout_2.clone(),
        );
        async move {
            match which {
                GENERATED => round(requests, concurrency, g).await,
                HAND => round(requests, concurrency, h).await,
                HAND_TIMEOUT => round(requests, concurrency, t).await,
                _ => round(requests, concurrency, t2).await,
            }
        }
    };

    if let Some(only) = &options.only {
        // Profiling mode: one client, a fixed number of requests, no table.
        let which = match only.as_str() {
            "generated" => GENERATED,
            "hand" => HAND,
            _ => HAND_TIMEOUT,
        };
        for &concurrency in &options.concurrency {
            // Warm-up (connections, pools), then a counted run.
            run(which, concurrency * 10, concurrency).await;
            let requests = options.requests.max(concurrency);
            let cpu_before = thread_cpu();
            ALLOCATIONS.store(0, Relaxed);
            COUNTING.store(true, Relaxed);
            let wall = run(which, requests, concurrency).await.wall;
            COUNTING.store(false, Relaxed);
            let per_request = ALLOCATIONS.load(Relaxed) as f64 / requests as f64;
            let cpu: Vec<String> = thread_cpu()
                .into_iter()
                .filter_map(|(name, ns)| {
                    let before = cpu_before
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map_or(0, |c| c.1);
                    let micros = (ns - before) as f64 / 1e3 / requests as f64;
                    (micros >= 0.05).then(|| format!("{name} {micros:.2}"))
                })
                .collect();
            println!(
                "{only}, {}, concurrency {concurrency}: {per_request:.1} allocations per request (client and server), {:.0} requests/s, CPU µs per request by thread: {}",
                config.name(),
                requests as f64 / wall.as_secs_f64(),
                cpu.join(", ")
            );
        }
        return Vec::new();
    }

    let mut shuffle = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut details = Vec::new();
    for &concurrency in &options.concurrency {
        let (requests, rounds) = match (options.full, concurrency) {
            (false, _) => (concurrency * 10, 2),
            (true, 1) => (500, options.rounds.unwrap_or(40)),
            (true, _) => (2_560, options.rounds.unwrap_or(40)),
        };
        // Warm-up: connections opened, code paths hot.
        for which in 0..CLIENTS {
            run(which, requests, concurrency).await;
        }
        let mut stats: [Stats; CLIENTS] = Default::default();
        // Generated / hand, generated / hand with timeouts, A/A.
        let pairs = [
            (GENERATED, HAND),
            (GENERATED, HAND_TIMEOUT),
            (HAND_TIMEOUT_2, HAND_TIMEOUT),
        ];
        let mut ratios: [Vec<f64>; 3] = Default::default();
        let mut cpu_ratios: [Vec<f64>; 3] = Default::default();
        for _ in 0..rounds {
            // Short rounds, the clients back to back in a new order each round.
            let mut rates = [(0.0, 0.0); CLIENTS];
            for which in shuffle.order::<CLIENTS>() {
                rates[which] = stats[which].add(run(which, requests, concurrency).await);
            }
            for (i, (a, b)) in pairs.into_iter().enumerate() {
                ratios[i].push(rates[a].0 / rates[b].0);
                cpu_ratios[i].push(rates[a].1 / rates[b].1);
            }
        }
        let labels = [
            "generated / hand-written, no timeout",
            "generated / hand-written, same timeouts",
            "A/A: hand-written / hand-written, same timeouts",
        ];
        for (ratios, label) in ratios.iter_mut().zip(labels) {
            println!(
                "| {} | {concurrency} | {label} | {} |",
                config.name(),
                summary(ratios)
            );
        }
        // With one-thread runtimes the clients' thread runs nothing but the clients, so
        // requests per CPU-second of it compares their work without the machine's scheduling
        // noise (it still sees cache and frequency effects).
        if config == Config::OneThread && own_cpu() > 0 {
            for (ratios, label) in cpu_ratios.iter_mut().zip(labels) {
                println!(
                    "| {} | {concurrency} | {label}, requests per CPU-second of the clients' thread | {} |",
                    config.name(),
                    summary(ratios)
                );
            }
        }
        for (which, stats) in stats.iter_mut().enumerate() {
            details.push(format!(
                "| {} | {concurrency} | {} | {:.0} | {} | {} |",
                config.name(),
                NAMES[which],
                stats.median_rate(),
                stats.percentile(0.50).as_micros(),
                stats.percentile(0.99).as_micros(),
            ));
        }
    }
    details
}
