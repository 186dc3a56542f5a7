use std::time::Instant;
fn main() {
    let t = Instant::now();
    let cat = poa_ocr::Catalog::default();
    let t1 = t.elapsed();
    let p = poa_ocr::Parser::new(cat);
    let t2 = t.elapsed();
    let text = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let n: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(1);
    let t3 = Instant::now();
    for _ in 0..n {
        let d = p.parse(&text, None).unwrap();
        std::hint::black_box(d);
    }
    eprintln!(
        "catalog {:?} parser {:?} parse {:?}/iter",
        t1,
        t2 - t1,
        t3.elapsed() / n as u32
    );
}
