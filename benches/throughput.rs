//! End-to-end throughput of `Parser::parse` (decoding, layout, resolution,
//! with the default catalog), in pages/s (criterion's "elem/s") and MB/s: on
//! the seed document (10 pages), on a large document made of the seed 100
//! times over, and on generated documents of 10 pages that are new at every
//! iteration (`unseen`: nothing of them can come from a cache but the lines
//! they share with earlier documents, as in a real archive).
//!
//! ```text
//! cargo bench --bench throughput -- --warm-up-time 1 --measurement-time 3
//! ```

#[allow(dead_code)]
#[path = "../tests/common/generator/mod.rs"]
mod generator;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use poa_ocr::{Catalog, Parser};

// The allocator of the command-line tool, so that the figures are its own.
#[cfg(feature = "cli")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: &[u8] = include_bytes!("../corpus/seeds/000_61b09fd82a67f885.txt");
const GOLD: &str = include_str!("../corpus/gold/000_61b09fd82a67f885.json");
const COPIES: usize = 100;

/// The seed's pages, counted in its hand-checked output.
fn seed_pages() -> u64 {
    let gold: serde_json::Value = serde_json::from_str(GOLD).expect("the gold file is JSON");
    pages(&gold)
}

fn throughput(c: &mut Criterion) {
    let parser = Parser::new(Catalog::default());
    let pages = seed_pages();
    assert!(pages > 0, "the gold file lists the seed's pages");
    // Copies separated by a line break, as pages of one long scan would be.
    let large: Vec<u8> = vec![SEED; COPIES].join(&b"\n"[..]);

    let mut group = c.benchmark_group("throughput");
    // (name, input, pages, samples): criterion's fewest samples for the large
    // document, to keep runs short.
    for (name, input, pages, samples) in [
        ("seed", SEED, pages, 100),
        ("seed_x100", &large[..], pages * COPIES as u64, 10),
    ] {
        group.sample_size(samples);
        group.throughput(Throughput::ElementsAndBytes {
            elements: pages,
            bytes: input.len() as u64,
        });
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    parser
                        .parse(black_box(input), Some("bench.txt"))
                        .expect("the seed parses"),
                )
            })
        });
    }
    group.finish();
}

/// The seed again and again with one `Parser` (`warm`: its caches of
/// lexicon corrections, row solutions and line classes hit), and with a
/// distinct number appended to every table row on each pass
/// (`cold-row-cache`: the realignment search runs every time, the realistic
/// case for documents never seen).
fn caches(c: &mut Criterion) {
    let parser = Parser::new(Catalog::default());
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

/// Pages of a document as its truth (or gold) file lists them.
fn pages(truth: &serde_json::Value) -> u64 {
    let reportes = truth["reportes"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    reportes
        .iter()
        .map(|r| r["paginas"].as_array().map_or(0, Vec::len) as u64)
        .sum()
}

/// A generated document of `n` pages with seed noise, never produced
/// before in this run: the next seed that gives `n` pages.
fn fresh_document(next_seed: &mut u64, n: u64) -> String {
    loop {
        *next_seed += 1;
        let g = generator::generate(&generator::GenConfig::new(
            *next_seed,
            generator::Noise::Seed,
        ));
        if pages(&g.truth) == n {
            return g.text;
        }
    }
}

fn unseen(c: &mut Criterion) {
    const PAGES: u64 = 10;
    let parser = Parser::new(Catalog::default());
    let mut g = c.benchmark_group("throughput");
    g.measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20)
        .throughput(Throughput::Elements(PAGES));
    let mut seed = 0u64;
    g.bench_function("unseen", |b| {
        // Generating is not timed: only the parse of each new document.
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let text = fresh_document(&mut seed, PAGES);
                let t = Instant::now();
                black_box(parser.parse(text.as_bytes(), None).expect("parsed"));
                total += t.elapsed();
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, throughput, caches, unseen);
criterion_main!(benches);
