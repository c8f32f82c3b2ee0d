//! Peak heap memory and wall time of each generation stage, per input size, in one run:
//! `cargo bench -p codegen --bench memory`.
//!
//! A counting global allocator tracks live heap bytes; before each stage the peak is reset
//! to the live bytes, so "peak" is the most heap the stage needed on top of what was already
//! live (its input). Times are the median of a few runs of each stage (the criterion bench
//! `generation` measures them more precisely). The table shows time per operation, which
//! stays flat when cost grows linearly, and peak memory as a multiple of the spec's size.
//! Arguments filter the inputs by name: `cargo bench -p codegen --bench memory -- butler`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

mod common;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grow(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                grow(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        new
    }
}

fn grow(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` once, returning its result and the peak heap above the live bytes at the start.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed).saturating_sub(base))
}

/// Median wall time of `runs` runs of `f`.
fn median_time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn mib(bytes: usize) -> String {
    format!("{:.2}", bytes as f64 / (1024.0 * 1024.0))
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this with no argument.
    let quick = !std::env::args().any(|a| a == "--bench");
    // Other arguments filter inputs by name, e.g. `-- synthetic-1000`.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let inputs = if quick {
        vec![common::butler(), common::synthetic(20)]
    } else {
        common::all()
    };
    let inputs = inputs
        .into_iter()
        .filter(|i| filters.is_empty() || filters.iter().any(|f| i.name.contains(f.as_str())));
    println!(
        "| input | ops | spec KiB | output KiB | load ms | lower ms | emit ms | total ms | µs/op | peak load MiB | peak lower MiB | peak emit MiB | peak generate MiB | peak / spec |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for input in inputs {
        let runs = match input.operations {
            n if quick || n >= 5_000 => 3,
            n if n >= 1_000 => 5,
            _ => 21,
        };
        let spec = input.spec.as_str();
        let config = &input.config;

        // Peaks: each stage on its own (its input already live), then end to end.
        let (loaded, peak_load) = peak_of(|| codegen::stages::load(spec).expect("load"));
        let (api, peak_lower) = peak_of(|| codegen::stages::lower(&loaded, config).expect("lower"));
        let (files, peak_emit) = peak_of(|| codegen::stages::emit(&api, config).expect("emit"));
        let (out_files, out_bytes) = (files.len(), files.values().map(String::len).sum::<usize>());
        drop((files, api, loaded));
        let (_, peak_generate) = peak_of(|| codegen::generate(spec, config).expect("generate"));

        let t_load = median_time(runs, || codegen::stages::load(spec).expect("load"));
        let loaded = codegen::stages::load(spec).expect("load");
        let t_lower = median_time(runs, || {
            codegen::stages::lower(&loaded, config).expect("lower")
        });
        let api = codegen::stages::lower(&loaded, config).expect("lower");
        let t_emit = median_time(runs, || codegen::stages::emit(&api, config).expect("emit"));
        let total = t_load + t_lower + t_emit;
        let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1e3);
        println!(
            "| {} | {} | {:.1} | {:.1} | {} | {} | {} | {} | {:.0} | {} | {} | {} | {} | {:.1}x |",
            input.name,
            input.operations,
            spec.len() as f64 / 1024.0,
            out_bytes as f64 / 1024.0,
            ms(t_load),
            ms(t_lower),
            ms(t_emit),
            ms(total),
            total.as_secs_f64() * 1e6 / input.operations as f64,
            mib(peak_load),
            mib(peak_lower),
            mib(peak_emit),
            mib(peak_generate),
            peak_generate as f64 / spec.len() as f64,
        );
        eprintln!("{}: {out_files} files generated", input.name);
    }
}
