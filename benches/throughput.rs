//! End-to-end throughput (issue 5).
//!
//! `seed/warm` parses the seed document (10 pages) again and again with one
//! `Parser`, so its caches (lexicon corrections, row solutions, line
//! classes) are warm; `seed/cold-row-cache` varies the document slightly on
//! every pass (a different number in each table row) so the realignment
//! search runs every time, the realistic case for documents never seen.
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

fn seed(c: &mut Criterion) {
    let parser = poa_ocr::Parser::new(poa_ocr::Catalog::default());
    let text = include_str!("../corpus/seeds/000_61b09fd82a67f885.txt");
    let mut g = c.benchmark_group("seed");
    g.measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500))
        .sample_size(20);
    g.bench_function("warm", |b| {
        b.iter(|| parser.parse(text.as_bytes(), None).unwrap())
    });
    // Append a distinct number to every tab-separated line (table rows):
    // each pass's rows are new to the row cache.
    let mut pass = 0u64;
    g.bench_function("cold-row-cache", |b| {
        b.iter_batched(
            || {
                pass += 1;
                let mut s = String::with_capacity(text.len() + 4096);
                for l in text.lines() {
                    s.push_str(l);
                    if l.matches('\t').count() >= 3 {
                        s.push_str(&format!("\t{pass}"));
                    }
                    s.push('\n');
                }
                s
            },
            |s| parser.parse(s.as_bytes(), None).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, seed);
criterion_main!(benches);
