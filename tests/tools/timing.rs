//! Parse timing: `timing PATH [N]` parses PATH (a file, or every file of a
//! directory, in name order) N times with one `Parser` and prints the time
//! of the first pass (every document new to the parser's caches: the figure
//! for an archive never seen), then the same by the weight of the
//! documents' pages (a page of a long table costs more), then the mean of
//! the later passes (the same documents again: their rows, words and
//! labels come from the caches). Run it under `valgrind --tool=callgrind`
//! with N=1 for a repeatable instruction count of one pass.
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
    let mut pages = 0usize;
    // Per document: time spent on it in the first pass, its pages and its
    // table rows (the same every pass).
    let mut each = vec![(std::time::Duration::ZERO, 0usize, 0usize); texts.len()];
    let (mut first, mut later) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for pass in 0..n.max(1) {
        let t3 = Instant::now();
        pages = 0;
        for (text, e) in texts.iter().zip(each.iter_mut()) {
            let t = Instant::now();
            let d = p.parse(text, None).expect("parsed");
            if pass == 0 {
                e.0 = t.elapsed();
            }
            e.1 = d.reportes.iter().map(|r| r.paginas.len()).sum::<usize>();
            e.2 = d.reportes.iter().map(|r| r.acciones.len()).sum::<usize>();
            pages += e.1;
            std::hint::black_box(d);
        }
        if pass == 0 {
            first = t3.elapsed();
        } else {
            later += t3.elapsed();
        }
    }
    eprintln!(
        "catalog {:?} parser {:?} first pass {:?} ({} files, {} pages: {:.0} pages/s)",
        t1,
        t2 - t1,
        first,
        texts.len(),
        pages,
        pages as f64 / first.as_secs_f64()
    );
    // The first pass by the weight of the documents' pages (bytes a page): a
    // page of a long table costs more than one of a short one. The seed's
    // pages weigh about 2,470 bytes and 5.1 table rows.
    for (lo, hi) in [(0, 1500), (1500, 2250), (2250, usize::MAX)] {
        let (mut time, mut pg, mut rows, mut bytes, mut docs) = (0.0, 0, 0, 0, 0);
        for (text, &(t, p, r)) in texts.iter().zip(&each) {
            let w = text.len() / p.max(1);
            if p > 0 && (lo..hi).contains(&w) {
                time += t.as_secs_f64();
                pg += p;
                rows += r;
                bytes += text.len();
                docs += 1;
            }
        }
        if pg > 0 {
            eprintln!(
                "  pages of {lo}..{} bytes: {docs} files, {pg} pages, {:.0} bytes and {:.2} rows a page: {:.0} pages/s",
                if hi == usize::MAX { "".to_string() } else { hi.to_string() },
                bytes as f64 / pg as f64,
                rows as f64 / pg as f64,
                pg as f64 / time
            );
        }
    }
    if n > 1 {
        let pass = later / (n - 1) as u32;
        eprintln!(
            "later passes (caches warm): {:?}/pass, {:.0} pages/s",
            pass,
            pages as f64 / pass.as_secs_f64()
        );
    }
}
