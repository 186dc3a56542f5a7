//! Parse timing: `timing PATH [N]` parses PATH (a file, or every file of a
//! directory, in name order) N times with one `Parser` and prints the time
//! per pass. Run it under `valgrind --tool=callgrind` with N=1 and N=k for a
//! repeatable warm per-pass instruction count (the difference / (k-1)).
use std::time::Instant;

// The allocator of the command-line tool, so that the figures are its own.
#[cfg(feature = "cli")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let t = Instant::now();
    let cat = poa_ocr::Catalog::default();
    let t1 = t.elapsed();
    let p = poa_ocr::Parser::new(cat);
    let t2 = t.elapsed();
    let path = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: timing PATH [N]"));
    let mut files = vec![];
    if path.is_dir() {
        for e in std::fs::read_dir(&path).expect("readable directory") {
            let e = e.expect("directory entry").path();
            if e.is_file() {
                files.push(e);
            }
        }
        files.sort();
    } else {
        files.push(path);
    }
    let texts: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("readable file"))
        .collect();
    let n: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().expect("a count"))
        .unwrap_or(1);
    let t3 = Instant::now();
    let mut pages = 0usize;
    for _ in 0..n {
        pages = 0;
        for text in &texts {
            let d = p.parse(text, None).expect("parsed");
            pages += d.reportes.iter().map(|r| r.paginas.len()).sum::<usize>();
            std::hint::black_box(d);
        }
    }
    let pass = t3.elapsed() / n.max(1) as u32;
    eprintln!(
        "catalog {:?} parser {:?} parse {:?}/pass ({} files, {} pages: {:.0} pages/s)",
        t1,
        t2 - t1,
        pass,
        texts.len(),
        pages,
        pages as f64 / pass.as_secs_f64()
    );
}
