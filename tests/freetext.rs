//! Free-text correction (issue 4): on documents with known truth, the
//! lexicon at least halves the character error rate of descriptions and
//! observations against the raw OCR text, and leaves correct words alone.

mod common;

use common::generator::{self, Noise};
use common::score;
use poa_ocr::{Catalog, Parser};
use serde_json::Value;

/// Scores `parser`'s output on a set of (text, truth) pairs; returns the
/// free-text CER.
fn cer_of(parser: &Parser, docs: &[(String, String, Value)]) -> f64 {
    let mut total: Option<score::Summary> = None;
    for (name, text, truth) in docs {
        let doc = parser
            .parse(text.as_bytes(), Some(name))
            .expect("generated documents parse");
        let out = serde_json::to_value(&doc).expect("documents serialize");
        let s = score::score(truth, &out);
        match total.as_mut() {
            Some(t) => t.merge(&s),
            None => total = Some(s),
        }
    }
    total.map_or(0.0, |t| t.cer())
}

#[test]
fn lexicon_halves_the_free_text_error_rate() {
    let corrected = Parser::new(Catalog::default());
    let raw = Parser::new(Catalog::default()).with_text_correction(false);
    let mut docs: Vec<(String, String, Value)> = vec![];
    for (noise, seed) in [(Noise::Seed, 404), (Noise::Harsh, 505)] {
        for g in generator::generate_set(25, noise, seed) {
            docs.push((format!("{}.txt", g.name), g.text, g.truth));
        }
    }
    let (before, after) = (cer_of(&raw, &docs), cer_of(&corrected, &docs));
    eprintln!("generated free text: CER raw {before:.5} -> corrected {after:.5}");
    assert!(before > 0.0, "the generated set carries free-text noise");
    assert!(
        after <= before / 2.0,
        "CER {before:.5} -> {after:.5}: not halved"
    );

    let seed = include_bytes!("../corpus/seeds/000_61b09fd82a67f885.txt");
    let gold: Value =
        serde_json::from_str(include_str!("../corpus/gold/000_61b09fd82a67f885.json"))
            .expect("gold parses");
    let seed_docs = [(
        "000_61b09fd82a67f885.txt".to_string(),
        String::from_utf8_lossy(seed).into_owned(),
        gold,
    )];
    let (before, after) = (cer_of(&raw, &seed_docs), cer_of(&corrected, &seed_docs));
    eprintln!("seed free text: CER raw {before:.5} -> corrected {after:.5}");
    assert!(
        after <= before / 2.0,
        "seed CER {before:.5} -> {after:.5}: not halved"
    );
}

/// Every word of the gold's descriptions and observations is correct; the
/// parser's correction must not change any of them.
#[test]
fn correct_words_of_the_seed_are_left_alone() {
    let parser = Parser::new(Catalog::default());
    let doc = parser
        .parse(
            include_bytes!("../corpus/seeds/000_61b09fd82a67f885.txt"),
            None,
        )
        .expect("the seed parses");
    let gold: Value =
        serde_json::from_str(include_str!("../corpus/gold/000_61b09fd82a67f885.json"))
            .expect("gold parses");
    let mut gold_words = std::collections::HashSet::new();
    for r in gold["reportes"].as_array().into_iter().flatten() {
        for a in r["acciones"].as_array().into_iter().flatten() {
            for f in ["descripcion", "observaciones"] {
                for w in a[f]
                    .as_str()
                    .unwrap_or("")
                    .split(|c: char| !c.is_alphanumeric())
                {
                    gold_words.insert(w.to_string());
                }
            }
        }
    }
    let mut changed_correct = vec![];
    for r in &doc.reportes {
        for c in &r.correcciones {
            let free = c.campo.ends_with("/descripcion") || c.campo.ends_with("/observaciones");
            if free
                && c.motivo == "lexico"
                && gold_words.contains(c.original.trim_matches(|c: char| !c.is_alphanumeric()))
            {
                changed_correct.push(format!("{}: {} -> {}", c.campo, c.original, c.corregido));
            }
        }
    }
    assert!(
        changed_correct.is_empty(),
        "correct words changed: {changed_correct:?}"
    );
}
