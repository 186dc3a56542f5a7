//! The `poa-ocr` binary: inputs, outputs, exit statuses.
//!
//! These tests look only at `esquema` and `fuente` of the documents, not at
//! the reports, which are the parser's business.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const SEED: &str = "corpus/seeds/000_61b09fd82a67f885.txt";
const ESQUEMA: &str = "poa-ocr/avance-fisico/1";
const BINARY: &[u8] = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00";

fn cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_poa-ocr"))
}

fn seed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)
}

fn seed() -> Vec<u8> {
    fs::read(seed_path()).unwrap()
}

/// Every JSON value in `out`, pretty or compact.
fn documents(out: &[u8]) -> Vec<Value> {
    serde_json::Deserializer::from_slice(out)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn nombre(doc: &Value) -> &str {
    doc["fuente"]["nombre"].as_str().unwrap_or("<null>")
}

fn stdout_of(assert: &assert_cmd::assert::Assert) -> Vec<u8> {
    assert.get_output().stdout.clone()
}

/// Every file under `dir`, relative to it, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(
                    p.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = vec![];
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn seed_prints_one_document() {
    let a = cmd().arg(seed_path()).assert().success();
    let out = stdout_of(&a);
    let docs = documents(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["esquema"], ESQUEMA);
    assert_eq!(nombre(&docs[0]), "000_61b09fd82a67f885.txt");
    assert_eq!(docs[0]["fuente"]["bytes"], seed().len());
    // One file: pretty by default.
    assert!(String::from_utf8(out)
        .unwrap()
        .starts_with("{\n  \"esquema\""));
}

#[test]
fn compact_and_pretty_flags() {
    let a = cmd().arg("--compact").arg(seed_path()).assert().success();
    let out = String::from_utf8(stdout_of(&a)).unwrap();
    assert_eq!(out.lines().count(), 1);
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.txt"), seed()).unwrap();
    fs::write(tmp.path().join("b.txt"), seed()).unwrap();
    // Several files into a pipe: compact by default, --pretty to indent.
    let a = cmd().arg(tmp.path()).assert().success();
    assert_eq!(String::from_utf8(stdout_of(&a)).unwrap().lines().count(), 2);
    let a = cmd().arg("--pretty").arg(tmp.path()).assert().success();
    let out = stdout_of(&a);
    assert!(String::from_utf8(out.clone()).unwrap().lines().count() > 10);
    assert_eq!(documents(&out).len(), 2);
}

#[test]
fn empty_file_is_a_document_without_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("vacio.txt");
    fs::write(&path, b"").unwrap();
    let a = cmd().arg(&path).assert().success();
    let docs = documents(&stdout_of(&a));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["esquema"], ESQUEMA);
    assert_eq!(nombre(&docs[0]), "vacio.txt");
    assert_eq!(docs[0]["reportes"], serde_json::json!([]));
    assert_eq!(docs[0]["fuente"]["bytes"], 0);
}

#[test]
fn binary_file_fails_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("programa.txt");
    fs::write(&path, BINARY).unwrap();
    cmd().arg(&path).assert().code(1).stdout("").stderr(
        predicate::str::contains(format!("poa-ocr: {}: ", path.display()))
            .and(predicate::str::contains("binary")),
    );
}

#[test]
fn text_that_is_not_a_report_is_still_a_document() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("carta.txt");
    fs::write(
        &path,
        "Estimado vecino:\nLe informamos que el tianguis cambia de día.\n",
    )
    .unwrap();
    let a = cmd().arg(&path).assert().success();
    let docs = documents(&stdout_of(&a));
    assert_eq!(docs[0]["esquema"], ESQUEMA);
    assert_eq!(docs[0]["fuente"]["lineas"], 2);
}

#[test]
fn missing_file_fails_with_its_path_and_others_still_run() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-existe.txt");
    let a = cmd()
        .arg(&missing)
        .arg(seed_path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(missing.display().to_string()));
    let docs = documents(&stdout_of(&a));
    assert_eq!(docs.len(), 1);
    assert_eq!(nombre(&docs[0]), "000_61b09fd82a67f885.txt");
}

#[test]
fn directory_without_txt_files_fails() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notas.md"), "x").unwrap();
    fs::create_dir(tmp.path().join(".oculto")).unwrap();
    fs::write(tmp.path().join(".oculto/a.txt"), seed()).unwrap();
    fs::write(tmp.path().join(".b.txt"), seed()).unwrap();
    cmd().arg(tmp.path()).assert().code(1).stdout("").stderr(
        predicate::str::contains(tmp.path().display().to_string())
            .and(predicate::str::contains("no .txt")),
    );
}

/// `dir/a.txt` (seed), `dir/b.txt` (binary), `dir/sub/c.TXT` (seed), plus
/// files that must be skipped.
fn mixed_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(d.join("a.txt"), seed()).unwrap();
    fs::write(d.join("b.txt"), BINARY).unwrap();
    fs::create_dir(d.join("sub")).unwrap();
    fs::write(d.join("sub/c.TXT"), seed()).unwrap();
    fs::write(d.join("notas.md"), "no").unwrap();
    fs::write(d.join(".oculto.txt"), seed()).unwrap();
    tmp
}

#[test]
fn directory_with_one_bad_file() {
    let tmp = mixed_dir();
    let a = cmd()
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("b.txt").and(predicate::str::contains("binary")));
    let docs = documents(&stdout_of(&a));
    let names: Vec<&str> = docs.iter().map(nombre).collect();
    assert_eq!(names, ["a.txt", "c.TXT"]);
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn ndjson_gives_one_line_per_file() {
    let tmp = mixed_dir();
    let a = cmd().arg("--ndjson").arg(tmp.path()).assert().code(1);
    let out = String::from_utf8(stdout_of(&a)).unwrap();
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(nombre(&lines[0]), "a.txt");
    assert_eq!(lines[1]["nombre"], "b.txt");
    assert!(lines[1]["ruta"].as_str().unwrap().ends_with("b.txt"));
    assert!(lines[1]["error"].as_str().unwrap().contains("binary"));
    assert_eq!(nombre(&lines[2]), "c.TXT");
}

#[test]
fn stdin_dash_is_one_document() {
    let a = cmd().arg("-").write_stdin(seed()).assert().success();
    let docs = documents(&stdout_of(&a));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["esquema"], ESQUEMA);
    assert_eq!(docs[0]["fuente"]["nombre"], Value::Null);
    assert_eq!(docs[0]["fuente"]["bytes"], seed().len());
}

#[test]
fn output_dir_mirrors_tree_and_leaves_no_temp_files() {
    let tmp = mixed_dir();
    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("a.txt"), "otro a\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("json/nuevo");
    cmd()
        .arg(tmp.path())
        .arg(other.path().join("a.txt"))
        .arg("-o")
        .arg(&out_dir)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("b.txt"));
    // b.txt failed; the second a.txt clashes with the first and gets a suffix.
    assert_eq!(tree(&out_dir), ["a-2.json", "a.json", "sub/c.json"]);
    let a: Value = serde_json::from_slice(&fs::read(out_dir.join("a.json")).unwrap()).unwrap();
    assert_eq!(a["fuente"]["bytes"], seed().len());
    let a2: Value = serde_json::from_slice(&fs::read(out_dir.join("a-2.json")).unwrap()).unwrap();
    assert_eq!(a2["fuente"]["bytes"], 7);
    assert_eq!(nombre(&a2), "a.txt");
    // Rerunning replaces the outputs in place.
    cmd()
        .arg(tmp.path().join("a.txt"))
        .arg("-o")
        .arg(&out_dir)
        .assert()
        .success();
    assert_eq!(tree(&out_dir), ["a-2.json", "a.json", "sub/c.json"]);
}

#[test]
fn output_dir_never_overwrites_an_input() {
    // A report saved as `x.json` and another as `y.txt`, converted into their own directory:
    // `x.json` would be overwritten by its own output and is refused; `y.json` is written.
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    fs::write(d.join("x.json"), seed()).unwrap();
    fs::write(d.join("y.txt"), seed()).unwrap();
    cmd()
        .current_dir(d)
        .args(["x.json", "y.txt", "-o", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("x.json").and(predicate::str::contains("refusing")));
    assert_eq!(fs::read(d.join("x.json")).unwrap(), seed());
    assert_eq!(tree(d), ["x.json", "y.json", "y.txt"]);
    // Also when the clash comes from a different input: x.txt -> x.json, an input.
    fs::write(d.join("x.txt"), "otro\n").unwrap();
    cmd()
        .current_dir(d)
        .args(["x.txt", "x.json", "-o", "."])
        .assert()
        .code(1);
    assert_eq!(fs::read(d.join("x.json")).unwrap(), seed());
}

#[test]
fn output_dir_that_cannot_be_created_is_a_setup_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("archivo");
    fs::write(&file, "x").unwrap();
    cmd()
        .arg(seed_path())
        .arg("-o")
        .arg(file.join("sub"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("output directory"));
}

#[test]
fn stdin_records_stream_in_order_with_an_error_line() {
    let texto = String::from_utf8(seed()).unwrap();
    let input = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"nombre": "uno.txt", "texto": texto}),
        r#"{"nombre": "dos.txt", "texto": "#,
        serde_json::json!({"texto": "tres", "otro": 1}),
    );
    let a = cmd()
        .args(["--ndjson", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("record 2").and(predicate::str::contains("not valid JSON")),
        );
    let out = String::from_utf8(stdout_of(&a)).unwrap();
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(nombre(&lines[0]), "uno.txt");
    assert_eq!(lines[0]["esquema"], ESQUEMA);
    assert_eq!(lines[1]["linea"], 2);
    assert_eq!(lines[1]["nombre"], Value::Null);
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["fuente"]["nombre"], Value::Null);
    assert_eq!(lines[2]["fuente"]["bytes"], 4);

    // The same text as a file gives the same document.
    let file = cmd().arg("--compact").arg(seed_path()).assert().success();
    let from_file: Value = serde_json::from_slice(&stdout_of(&file)).unwrap();
    assert_eq!(lines[0]["fuente"]["sha256"], from_file["fuente"]["sha256"]);
    assert_eq!(lines[0]["reportes"], from_file["reportes"]);
}

#[test]
fn stdin_records_errors_keep_the_nombre() {
    let input = concat!(
        r#"{"nombre": "binario.txt", "bytes_base64": "f0VMRgIBAQAAAAAAAAAAAAIAPgA="}"#,
        "\n",
        r#"{"nombre": "latin1.txt", "bytes_base64": "RlVOQ0nTTg=="}"#,
        "\n\n",
        r#"{"nombre": "sin-texto.txt"}"#,
        "\n"
    );
    let a = cmd()
        .arg("--stdin-records")
        .write_stdin(input)
        .assert()
        .success();
    let out = String::from_utf8(stdout_of(&a)).unwrap();
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        (lines[0]["nombre"].as_str(), lines[0]["linea"].as_u64()),
        (Some("binario.txt"), Some(1))
    );
    assert!(lines[0]["error"].as_str().unwrap().contains("binary"));
    assert_eq!(nombre(&lines[1]), "latin1.txt");
    // The raw Latin-1 bytes ("FUNCIÓN" in 7 bytes) reach the parser, not a UTF-8 re-encoding.
    assert_eq!(lines[1]["fuente"]["bytes"], 7);
    assert!(lines[2]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(lines[3]["nombre"], "sin-texto.txt");
    assert!(lines[3]["error"].is_string());
}

#[test]
fn records_from_stdin_cannot_be_mixed_with_files() {
    cmd()
        .args(["--ndjson", "-"])
        .arg(seed_path())
        .write_stdin("")
        .assert()
        .code(2);
    cmd()
        .args(["--stdin-records", "x.txt"])
        .write_stdin("")
        .assert()
        .code(2);
}

#[test]
fn thread_count_does_not_change_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let text = String::from_utf8(seed()).unwrap();
    let mut want = vec![];
    for i in 0..40 {
        // Different sizes so the files finish out of order.
        let body = if i % 3 == 0 {
            text.clone()
        } else {
            text[..(i * 397) % text.len()].to_string()
        };
        let name = format!("{i:03}.txt");
        fs::write(tmp.path().join(&name), body).unwrap();
        want.push(name);
    }
    let run = |j: &str| {
        stdout_of(
            &cmd()
                .args(["--ndjson", "-j", j])
                .arg(tmp.path())
                .assert()
                .success(),
        )
    };
    let one = run("1");
    assert_eq!(run("2"), one);
    assert_eq!(run("4"), one);
    let names: Vec<String> = documents(&one)
        .iter()
        .map(|d| nombre(d).to_string())
        .collect();
    assert_eq!(names, want);
}

#[test]
fn bad_catalog_is_a_setup_error() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("catalogo.json");
    fs::write(&bad, "{ not json").unwrap();
    cmd()
        .arg("--catalog")
        .arg(&bad)
        .arg(seed_path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(bad.display().to_string()));
    cmd()
        .arg("--catalog")
        .arg(tmp.path().join("falta.json"))
        .arg(seed_path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("falta.json"));
}

#[test]
fn good_catalog_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("catalogo.json");
    fs::write(
        &cat,
        r#"{"ramos": [{"clave": "7", "nombre": "OBRAS PÚBLICAS"}]}"#,
    )
    .unwrap();
    let a = cmd()
        .arg("--catalog")
        .arg(&cat)
        .arg(seed_path())
        .assert()
        .success();
    assert_eq!(documents(&stdout_of(&a))[0]["esquema"], ESQUEMA);
}

#[test]
fn usage_errors_exit_2() {
    cmd()
        .arg("--no-such-flag")
        .arg(seed_path())
        .assert()
        .code(2);
    cmd()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no input"));
    cmd().args(["-j", "0"]).arg(seed_path()).assert().code(2);
    cmd()
        .args(["--max-bytes", "lots"])
        .arg(seed_path())
        .assert()
        .code(2);
    cmd()
        .args(["--ndjson", "-o", "x"])
        .arg(seed_path())
        .assert()
        .code(2);
    cmd().args(["-", "-"]).write_stdin("").assert().code(2);
}

#[test]
fn limits_are_per_file_errors() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a.txt"), "corto\n").unwrap();
    fs::write(tmp.path().join("b.txt"), "una línea bastante larga\n").unwrap();
    let a = cmd()
        .args(["--max-line-bytes", "10"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("b.txt").and(predicate::str::contains("line 1")));
    assert_eq!(documents(&stdout_of(&a)).len(), 1);
    cmd()
        .args(["--max-bytes", "8"])
        .arg(tmp.path().join("b.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("limit is 8"));
    cmd()
        .args(["--max-bytes", "8", "-"])
        .write_stdin(seed())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>"));
}

#[test]
fn version_and_help() {
    cmd()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("poa-ocr "));
    cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("--ndjson -")));
}
