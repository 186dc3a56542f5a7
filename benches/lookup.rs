//! Catalog look-ups against generated catalogs of 10² to 10⁵ entries, with
//! OCR-noisy queries: the full `Catalog::lookup` (candidates and exact
//! scoring) and the index alone.
//!
//! The bar (issue 5): a look-up at 10⁵ entries costs at most three times what
//! it costs at 10². Each iteration looks up the next of a fixed set of noisy
//! queries, so a figure is the mean over those queries.
//!
//! ```text
//! cargo bench --bench lookup -- --warm-up-time 1 --measurement-time 3
//! ```

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use poa_ocr::catalog::{index::NameIndex, Kind};
use poa_ocr::text::fold;
use poa_ocr::Catalog;

#[path = "../src/catalog/index/synth.rs"]
mod synth;

const SIZES: [usize; 4] = [100, 1_000, 10_000, 100_000];
const QUERIES: usize = 256;

/// A catalog whose `lineas_accion` section has `n` generated entries, and
/// noisy readings of some of them.
fn setup(n: usize) -> (Catalog, Vec<String>) {
    let bank = synth::Bank::new(4000, 1);
    let names = bank.names(n, 2);
    let lineas: Vec<serde_json::Value> = names
        .iter()
        .enumerate()
        .map(|(i, nombre)| {
            serde_json::json!({ "clave": format!("{}.{}.{}", 1 + i / 10_000, 1 + i / 100 % 100, 1 + i % 100), "nombre": nombre })
        })
        .collect();
    let json = serde_json::json!({ "lineas_accion": lineas }).to_string();
    let catalog = Catalog::from_json(&json).expect("a generated catalog is valid");
    let mut rng = synth::Rng::new(3);
    let queries = (0..QUERIES)
        .map(|_| synth::noisy(&names[rng.below(n)], &bank, &mut rng))
        .collect();
    (catalog, queries)
}

fn lookup(c: &mut Criterion) {
    let mut full = c.benchmark_group("lookup");
    let mut setups = Vec::new();
    for n in SIZES {
        let (catalog, queries) = setup(n);
        let mut i = 0;
        full.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                black_box(catalog.lookup(Kind::LineaAccion, &queries[i]))
            })
        });
        setups.push((n, catalog, queries));
    }
    full.finish();

    let mut index_only = c.benchmark_group("index");
    for (n, catalog, queries) in &setups {
        let folded: Vec<String> = catalog
            .entries(Kind::LineaAccion)
            .iter()
            .map(|e| fold(&e.nombre))
            .collect();
        let index = NameIndex::new(folded.iter().map(String::as_str));
        let queries: Vec<String> = queries.iter().map(|q| fold(q)).collect();
        let mut i = 0;
        index_only.bench_with_input(BenchmarkId::from_parameter(n), n, |b, _| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                black_box(index.candidates(&queries[i], 64))
            })
        });
    }
    index_only.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
