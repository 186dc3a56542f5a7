//! Helpers shared by `tests/hostile.rs` and `tests/properties.rs`: one parser
//! and one schema validator per test binary, and the accounted-lines check
//! (also used by the fuzz target in `tests/fuzz`).
#![allow(dead_code)]

use std::sync::OnceLock;

use poa_ocr::{Catalog, Documento, Parser};
use serde_json::Value;

pub mod accounted;

/// The seed document, a real OCR text of seven reports.
pub const SEED: &str = include_str!("../../corpus/seeds/000_61b09fd82a67f885.txt");
const SCHEMA: &str = include_str!("../../corpus/schema/avance-fisico.schema.json");

/// A parser with the embedded catalog and default limits, built once.
pub fn parser() -> &'static Parser {
    static PARSER: OnceLock<Parser> = OnceLock::new();
    PARSER.get_or_init(|| Parser::new(Catalog::default()))
}

/// The output schema's validator, compiled once.
pub fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        jsonschema::validator_for(&schema).expect("the schema compiles")
    })
}

/// The schema errors of `doc`, one line each (empty when it validates).
pub fn schema_errors(doc: &Documento) -> Vec<String> {
    let value = serde_json::to_value(doc).expect("a Documento serializes");
    validator()
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Panics with the schema errors when `doc` does not validate.
pub fn assert_valid(what: &str, doc: &Documento) {
    let errors = schema_errors(doc);
    assert!(
        errors.is_empty(),
        "{what}: the output does not validate:\n{}",
        errors.join("\n")
    );
}

/// The codes of the document-level avisos, in order.
pub fn doc_codes(doc: &Documento) -> Vec<&str> {
    doc.avisos.iter().map(|a| a.codigo.as_str()).collect()
}

/// The reports as JSON, for comparing two parses of the same text.
pub fn reports_json(doc: &Documento) -> Value {
    serde_json::to_value(&doc.reportes).expect("reports serialize")
}
