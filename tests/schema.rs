//! Every output of the library and of the command validates against the
//! published schema, `corpus/schema/avance-fisico.schema.json`.

use std::path::{Path, PathBuf};

use serde_json::Value;

const SCHEMA: &str = include_str!("../corpus/schema/avance-fisico.schema.json");
const GOLD: &str = include_str!("../corpus/gold/000_61b09fd82a67f885.json");
const SEED: &str = "corpus/seeds/000_61b09fd82a67f885.txt";

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    match jsonschema::validator_for(&schema) {
        Ok(v) => v,
        Err(e) => panic!("the schema does not compile: {e}"),
    }
}

/// Panics with the validator's error list when `instance` is invalid.
fn assert_valid(v: &jsonschema::Validator, what: &str, instance: &Value) {
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("  {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not validate ({} errors):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn parse(bytes: &[u8], name: &str) -> Value {
    let parser = poa_ocr::Parser::new(poa_ocr::Catalog::default());
    match parser.parse(bytes, Some(name)) {
        Ok(doc) => serde_json::to_value(&doc).expect("a Documento serializes"),
        Err(e) => panic!("{name}: the parser failed: {e}"),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.txt` file under `dir`, recursively, in a stable order.
fn txt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => panic!("{}: {e}", dir.display()),
    };
    entries.sort();
    for p in entries {
        if p.is_dir() {
            txt_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

#[test]
fn gold_validates() {
    let gold: Value = serde_json::from_str(GOLD).expect("the gold file is JSON");
    assert_valid(&validator(), "the gold file", &gold);
}

#[test]
fn library_output_on_the_seed_validates() {
    let bytes = std::fs::read(root().join(SEED)).expect("the seed is readable");
    assert_valid(
        &validator(),
        "the library's output on the seed",
        &parse(&bytes, SEED),
    );
}

#[test]
fn cli_output_on_the_seed_validates() {
    let out = assert_cmd::Command::cargo_bin("poa-ocr")
        .expect("the poa-ocr binary is built")
        .current_dir(root())
        .arg(SEED)
        .output()
        .expect("poa-ocr runs");
    assert!(
        out.status.success(),
        "poa-ocr failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!(
            "poa-ocr's stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        ),
    };
    assert_valid(&validator(), "poa-ocr's output on the seed", &json);
}

#[test]
fn every_corpus_text_validates() {
    let mut files = Vec::new();
    txt_files(&root().join("corpus"), &mut files);
    assert!(!files.is_empty(), "no .txt files under corpus/");
    let v = validator();
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let name = f.display().to_string();
        assert_valid(&v, &format!("the output on {name}"), &parse(&bytes, &name));
    }
}

#[test]
fn odd_inputs_validate() {
    let cases: [(&str, &[u8]); 7] = [
        ("empty", b""),
        ("whitespace", b"  \n\t\r\n   \n"),
        (
            "a Spanish letter",
            "Estimado señor:\n\nLe escribo para solicitar información sobre el programa de becas.\n\
             Atentamente,\nMaría Pérez\n"
                .as_bytes(),
        ),
        ("Latin-1", b"PROGRAMA OPERATIVO ANUAL\nDIRECCI\xd3N DE BIENESTAR\nA\xd1O 2026 \xbfqu\xe9?\n"),
        ("a lone header line", b"AVANCE F\xc3\x8dSICO PROGRAM\xc3\x81TICO  TMM-F004  PRIMER TRIMESTRE\n"),
        ("numbers only", b"100 4 1 1 1 1 1 25.00\n101 4 1 1 1 1 1 25.00\n"),
        ("CR line ends and a BOM", b"\xef\xbb\xbfRAMO: 54 BIENESTAR SOCIAL\rPROGRAMA: 511\r"),
    ];
    let v = validator();
    for (what, bytes) in cases {
        assert_valid(&v, &format!("the output on {what}"), &parse(bytes, what));
    }
}
