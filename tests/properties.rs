//! Properties that hold for any input: no panic, a schema-valid document (or
//! a clean error), every non-blank line accounted for, and work that grows
//! with the input, not faster.
//!
//! Case counts are modest so the file runs in seconds in release mode.

mod robust;

use poa_ocr::{Documento, ErrorKind};
use proptest::prelude::*;
use robust::{accounted, parser, schema_errors, SEED};

/// Checks a successful parse: valid, every line accounted for, sane pages.
fn check_doc(text: &str, doc: &Documento) -> Result<(), TestCaseError> {
    let errors = schema_errors(doc);
    prop_assert!(errors.is_empty(), "schema errors: {:?}", errors);
    let lost = accounted::unaccounted_lines(text, doc);
    prop_assert!(lost.is_empty(), "lines not accounted for: {:?}", lost);
    let bad = accounted::bad_pages(doc, text.lines().count());
    prop_assert!(bad.is_empty(), "bad page ranges: {:?}", bad);
    prop_assert_eq!(doc.fuente.lineas as usize, text.lines().count());
    Ok(())
}

/// Parses raw bytes: a document that checks out, or an error that says the
/// bytes are not text (the only error possible under the default limits for
/// inputs this small).
fn check_bytes(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parser().parse(bytes, Some("input.txt")) {
        Ok(doc) => {
            let text = match poa_ocr::decode::decode(bytes) {
                Ok(d) => d.text,
                Err(e) => {
                    return Err(TestCaseError::fail(format!(
                        "parsed but not decodable: {e}"
                    )))
                }
            };
            check_doc(&text, &doc)
        }
        Err(e) => {
            prop_assert_eq!(e.kind(), ErrorKind::NotText, "{}", e);
            prop_assert!(poa_ocr::decode::decode(bytes).is_err());
            Ok(())
        }
    }
}

fn seed_lines() -> Vec<&'static str> {
    SEED.lines().collect()
}

/// How one seed line is mangled.
#[derive(Clone, Debug)]
enum Edit {
    Keep,
    /// Cut at this fraction of its characters.
    Truncate(f64),
    /// A tab inserted at this fraction of its characters.
    Tab(f64),
    /// Every digit replaced by this one.
    Digits(char),
    Twice,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => Just(Edit::Keep),
        1 => (0.0..1.0f64).prop_map(Edit::Truncate),
        1 => (0.0..1.0f64).prop_map(Edit::Tab),
        1 => proptest::char::range('0', '9').prop_map(Edit::Digits),
        1 => Just(Edit::Twice),
    ]
}

fn apply(line: &str, e: &Edit, out: &mut String) {
    let at = |f: f64| {
        let n = line.chars().count();
        let k = ((n as f64) * f) as usize;
        line.char_indices().nth(k).map_or(line.len(), |(i, _)| i)
    };
    match e {
        Edit::Keep => out.push_str(line),
        Edit::Truncate(f) => out.push_str(&line[..at(*f)]),
        Edit::Tab(f) => {
            let i = at(*f);
            out.push_str(&line[..i]);
            out.push('\t');
            out.push_str(&line[i..]);
        }
        Edit::Digits(d) => out.extend(
            line.chars()
                .map(|c| if c.is_ascii_digit() { *d } else { c }),
        ),
        Edit::Twice => {
            out.push_str(line);
            out.push('\n');
            out.push_str(line);
        }
    }
    out.push('\n');
}

/// Documents built from the seed's lines: runs of consecutive lines (so
/// pages, headers and tables keep some shape) in any order, each line
/// possibly truncated, split by a tab, renumbered or doubled.
fn seed_remix() -> impl Strategy<Value = String> {
    let n = seed_lines().len();
    let run = (0..n, 1..40usize, proptest::collection::vec(edit(), 40));
    proptest::collection::vec(run, 0..12).prop_map(|runs| {
        let lines = seed_lines();
        let mut out = String::new();
        for (start, len, edits) in runs {
            for (k, line) in lines.iter().skip(start).take(len).enumerate() {
                apply(line, &edits[k % edits.len()], &mut out);
            }
        }
        out
    })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    // 256 cases each by default; PROPTEST_CASES=N for a longer hunt.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn arbitrary_text(text in "\\PC{0,300}(\n\\PC{0,120}){0,40}") {
        check_bytes(text.as_bytes())?;
        if let Ok(doc) = parser().parse_str(&text, None) {
            check_doc(&text, &doc)?;
        }
    }

    #[test]
    fn arbitrary_text_with_form_words(
        words in proptest::collection::vec(
            prop_oneof![
                Just("RAMO:"), Just("PROGRAMA"), Just("UNIDAD EJECUTORA"), Just("FUNCIÓN:"),
                Just("LÍNEAS DE ACCIÓN:"), Just("4.5.3"), Just("100.-"), Just("\t"), Just("\n"),
                Just("XXV AYUNTAMIENTO DE MEXICALI"), Just("PROGRAMA OPERATIVO ANUAL"),
                Just("FECHA:"), Just("ENERO-MARZO"), Just("RESPONSABLE DEL RAMO"), Just("25%"),
                Just("TMM-F004"), Just("1"), Just(" "), Just("HOMERO SAMANIEGO"), Just("-"),
            ],
            0..300,
        )
    ) {
        let text = words.concat();
        check_bytes(text.as_bytes())?;
    }

    #[test]
    fn remixed_seed_lines(text in seed_remix()) {
        check_bytes(text.as_bytes())?;
    }
}

/// Work grows linearly: the seed repeated 16 times gives 16 times the
/// reports, each the seed's own but for its line numbers. (Timing is not
/// asserted; the README gives measured throughput at several sizes.)
#[test]
fn repeated_seed_gives_repeated_reports() {
    // The seed does not end with a newline: add one so copies do not join.
    let unit = format!("{SEED}\n");
    let one = parser()
        .parse(unit.as_bytes(), None)
        .expect("the seed parses");
    let lines = unit.lines().count();
    for k in [1usize, 4, 16] {
        let text = unit.repeat(k);
        let doc = parser().parse(text.as_bytes(), None).expect("parsed");
        assert_eq!(doc.reportes.len(), k * one.reportes.len(), "seed x{k}");
        assert!(accounted::unaccounted_lines(&text, &doc).is_empty());
        for (i, r) in doc.reportes.iter().enumerate() {
            let base = &one.reportes[i % one.reportes.len()];
            let shift = (i / one.reportes.len()) * lines;
            let pages: Vec<(usize, usize)> = r
                .paginas
                .iter()
                .map(|p| (p.linea_inicio - shift, p.linea_fin - shift))
                .collect();
            let want: Vec<(usize, usize)> = base
                .paginas
                .iter()
                .map(|p| (p.linea_inicio, p.linea_fin))
                .collect();
            assert_eq!(pages, want, "seed x{k}, report {i}");
            assert_eq!(
                r.acciones.len(),
                base.acciones.len(),
                "seed x{k}, report {i}"
            );
            assert_eq!(r.ramo, base.ramo, "seed x{k}, report {i}");
        }
    }
}
