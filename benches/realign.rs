//! Time per row of the table realignment: clean rows, damaged rows (the
//! seed's damage patterns), a whole report with the umbrella roll-up, and a
//! report whose quarter must be inferred.
//!
//! Rows are solved once and remembered; every iteration gives its rows a
//! unit of measure of its own, so what is timed is rows never seen.
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use poa_ocr::resolve::realign::{realign_table, RowCells};

fn row(cells: &[&str], period_cells: Option<usize>) -> RowCells {
    RowCells {
        linea: 1,
        numero: Some(1),
        unidad_medida: Some("Informe".to_string()),
        descripcion: "Acción".to_string(),
        cells: cells.iter().map(|s| s.to_string()).collect(),
        period_cells,
    }
}

fn clean() -> Vec<RowCells> {
    let p = Some(8);
    vec![
        row(&["12", "3", "3", "3", "", "3", "", "3", "", "3", "25%"], p),
        row(
            &[
                "2500", "600", "817", "650", "", "600", "", "650", "", "817", "33%",
            ],
            p,
        ),
        row(&["4", "1", "1", "1", "", "1", "", "1", "", "1", "25%"], p),
        row(
            &[
                "927", "258", "292", "233", "", "218", "", "218", "", "292", "31%",
            ],
            p,
        ),
        row(
            &["95", "50", "76", "25", "", "10", "", "10", "", "76", "80%"],
            p,
        ),
        row(
            &["40", "10", "8", "10", "12", "10", "", "10", "", "20", "50%"],
            p,
        ),
        row(&["1", "1", "1", "", "", "", "", "", "", "1", "100%"], p),
        row(&["20", "5", "5", "5", "", "5", "", "5", "", "5", "25%"], p),
    ]
}

fn damaged() -> Vec<RowCells> {
    vec![
        row(
            &[
                "4", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "25%",
            ],
            Some(8),
        ),
        row(
            &[
                "2", "", "", "", "", "1", "", "1", "", "1", "", "1", "", "0", "0%",
            ],
            Some(8),
        ),
        row(
            &[
                "1", "", "", "", "", "", "", "", "", "1", "", "", "", "0", "0%",
            ],
            Some(8),
        ),
        row(
            &["927", "258", "292", "233", "218", "218", "292", "31%"],
            Some(2),
        ),
        row(
            &[
                "20", "5", "9", "5", "", "", "", "", "", "", "", "", "9", "45%",
            ],
            None,
        ),
        row(
            &["25", "7", "4", "7", "6", "5", "4", "6", "25%", "4", "16%"],
            None,
        ),
        row(
            &["70", "20", "20", "25", "10", "15", "20", "29%", "20", "29%"],
            None,
        ),
        row(
            &["7", "2", "2", "2", "2", "2", "1", "2", "2", "2", "29%"],
            Some(10),
        ),
        row(
            &[
                "32500", "7900", "8477", "8350", "7900", "8350", "8477", "8350", "8350", "8477",
                "8350", "8477", "26%",
            ],
            Some(8),
        ),
        row(
            &["20", "", "", "7", "7", "", "", "", "", "0", "", "0%"],
            Some(8),
        ),
        row(
            &[
                "340", "80", "86", "85", "", "85", "", "", "", "", "", "", "86", "25%",
            ],
            Some(8),
        ),
        row(
            &[
                "2,500", "600", "817", "650", "", "600", "", "650", "", "817", "33 %",
            ],
            Some(8),
        ),
    ]
}

fn umbrella_table() -> Vec<RowCells> {
    let g = Some(10);
    vec![
        row(
            &[
                "6", "1", "1", "2", "0", "2", "0", "1", "0", "1", "0", "1", "17%",
            ],
            g,
        ),
        row(
            &["1", "1", "1", "", "", "", "", "", "", "", "", "1", "100%"],
            g,
        ),
        row(
            &["1", "", "", "1", "", "", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            &["1", "", "", "", "", "1", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            &["1", "", "", "", "", "", "", "1", "", "", "", "0", "0%"],
            g,
        ),
        row(
            &["1", "1", "", "1", "", "", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            &["1", "1", "", "", "", "1", "", "", "", "", "", "0", "0%"],
            g,
        ),
    ]
}

/// The rows with a unit of measure no other iteration uses (letters only:
/// a number at the end of the unit would read as a META pushed into it).
fn unseen(rows: &[RowCells], n: u64) -> Vec<RowCells> {
    let mut tag = String::from("Informe ");
    let mut k = n;
    loop {
        tag.push(char::from(b'a' + (k % 26) as u8));
        k /= 26;
        if k == 0 {
            break;
        }
    }
    rows.iter()
        .map(|r| RowCells {
            unidad_medida: Some(tag.clone()),
            ..r.clone()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut n = 0u64;
    let mut next = move |rows: &[RowCells]| {
        n += 1;
        unseen(rows, n)
    };
    let mut g = c.benchmark_group("realign");
    for (name, rows) in [("clean_row", clean()), ("damaged_row", damaged())] {
        g.throughput(Throughput::Elements(rows.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                for r in &next(&rows) {
                    black_box(realign_table(std::slice::from_ref(r), Some(1)));
                }
            })
        });
    }
    let table = umbrella_table();
    g.throughput(Throughput::Elements(table.len() as u64));
    g.bench_function("table_with_rollup", |b| {
        b.iter(|| black_box(realign_table(&next(&table), Some(1))))
    });
    let mut all = clean();
    all.extend(damaged());
    g.throughput(Throughput::Elements(all.len() as u64));
    g.bench_function("table_quarter_inferred", |b| {
        b.iter(|| black_box(realign_table(&next(&all), None)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
