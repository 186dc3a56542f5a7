//! End-to-end throughput. PLACEHOLDER (issue 5).
use criterion::{criterion_group, criterion_main, Criterion};

fn seed(c: &mut Criterion) {
    let parser = poa_ocr::Parser::new(poa_ocr::Catalog::default());
    let text = include_bytes!("../corpus/seeds/000_61b09fd82a67f885.txt");
    c.bench_function("seed", |b| b.iter(|| parser.parse(text, None).unwrap()));
}

criterion_group!(benches, seed);
criterion_main!(benches);
