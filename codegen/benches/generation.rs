//! Generation time per stage (load+normalise, lower, emit+format) and end to end, for the
//! Butler spec and synthetic documents of 100, 1,000 and 5,000 operations:
//! `cargo bench -p codegen --bench generation`.
//!
//! Throughput is reported per operation, so "elements/s" staying flat across sizes means
//! cost grows linearly. Peak memory is measured by the `memory` bench.

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

mod common;

fn stages(c: &mut Criterion) {
    for input in common::all() {
        let spec = input.spec.as_str();
        let config = &input.config;
        // Inputs of the later stages, made only when a benchmark that needs them runs
        // (a name filter may skip them all).
        let loaded = OnceCell::new();
        let loaded = || loaded.get_or_init(|| codegen::stages::load(spec).expect("load"));
        let api = OnceCell::new();
        let api = || api.get_or_init(|| codegen::stages::lower(loaded(), config).expect("lower"));

        let mut group = c.benchmark_group(input.name.as_str());
        group.throughput(Throughput::Elements(input.operations as u64));
        if input.operations >= 1_000 {
            // Seconds per iteration at 5,000 operations: the minimum sample count suffices.
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(if input.operations >= 5_000 {
                60
            } else {
                15
            }));
        }
        group.bench_function(BenchmarkId::from_parameter("load"), |b| {
            b.iter(|| codegen::stages::load(black_box(spec)).expect("load"))
        });
        group.bench_function(BenchmarkId::from_parameter("lower"), |b| {
            let loaded = loaded();
            b.iter(|| codegen::stages::lower(black_box(loaded), config).expect("lower"))
        });
        group.bench_function(BenchmarkId::from_parameter("emit"), |b| {
            let api = api();
            b.iter(|| codegen::stages::emit(black_box(api), config).expect("emit"))
        });
        group.bench_function(BenchmarkId::from_parameter("generate"), |b| {
            b.iter(|| codegen::generate(black_box(spec), config).expect("generate"))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
