//! Fuzz target `parse`: any bytes through `Parser::parse`.
//!
//! Asserts that parsing never panics, that every document serializes with
//! serde_json, and that no non-blank input line is lost (the accounted-lines
//! property of `tests/robust/accounted.rs`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use poa_ocr::{Catalog, Parser};

#[path = "../../robust/accounted.rs"]
mod accounted;

fn parser() -> &'static Parser {
    static PARSER: OnceLock<Parser> = OnceLock::new();
    PARSER.get_or_init(|| Parser::new(Catalog::default()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = parser().parse(data, None) else {
        return;
    };
    let json = serde_json::to_string(&doc).expect("a Documento serializes");
    assert!(json.starts_with('{'));
    // The parse succeeded, so the bytes decode; the lines are checked
    // against the decoded text, as the parser saw it.
    let text = poa_ocr::decode::decode(data)
        .expect("bytes that parse also decode")
        .text;
    let lost = accounted::unaccounted_lines(&text, &doc);
    assert!(lost.is_empty(), "lines not accounted for: {lost:?}");
    let bad = accounted::bad_pages(&doc, text.lines().count());
    assert!(bad.is_empty(), "bad page ranges: {bad:?}");
    assert_eq!(doc.fuente.lineas as usize, text.lines().count());
});
