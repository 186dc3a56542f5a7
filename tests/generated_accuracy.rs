//! Accuracy on generated documents: text the parser has never seen, with
//! known truth (issue 4).
//!
//! The generator (`tests/common/generator/`) writes documents of other units,
//! quarters, years and municipalities, entities outside the catalog, and
//! three levels of OCR damage. This file checks the generator itself (its
//! truth is valid, consistent and deterministic) and then holds the parser
//! to the bars:
//!
//! * Seed-level noise: overall accuracy ≥ 96%, wrong ≤ 1.5%;
//! * Harsh noise: accuracy ≥ 90%, wrong ≤ 3%;
//! * out-of-catalog entities forced onto a catalog entry: < 1%.

mod common;

use std::collections::HashSet;

use common::generator::{self, GenConfig, Generated, Noise};
use common::score;
use poa_ocr::catalog::Kind;
use poa_ocr::text::fold;
use poa_ocr::{Catalog, Parser};
use serde_json::Value;

const SCHEMA: &str = include_str!("../corpus/schema/avance-fisico.schema.json");

fn set(noise: Noise) -> Vec<Generated> {
    match noise {
        Noise::Clean => generator::generate_set(20, noise, 101),
        Noise::Seed => generator::generate_set(40, noise, 202),
        Noise::Harsh => generator::generate_set(40, noise, 303),
    }
}

fn int(v: &Value) -> i64 {
    v.as_i64().unwrap_or(i64::MIN)
}

// ---------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------

/// Every truth validates against the schema and obeys the form's arithmetic;
/// its line numbers point at the right lines; its pointers resolve.
#[test]
fn generated_truth_is_valid_and_consistent() {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema parses");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut docs = 0;
    for noise in [Noise::Clean, Noise::Seed, Noise::Harsh] {
        for g in set(noise) {
            docs += 1;
            let t = &g.truth;
            let errors: Vec<String> = validator
                .iter_errors(t)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: schema errors: {errors:?}", g.name);
            assert_eq!(t["fuente"]["nombre"], format!("{}.txt", g.name));
            assert_eq!(int(&t["fuente"]["bytes"]), g.text.len() as i64);
            assert_eq!(int(&t["fuente"]["lineas"]), g.text.lines().count() as i64);
            let lines: Vec<&str> = g.text.lines().collect();
            let reps = t["reportes"].as_array().expect("reportes");
            assert!(!reps.is_empty() && reps.len() <= 8, "{}", g.name);
            let mut last_end = 0;
            for (ri, rep) in reps.iter().enumerate() {
                let q = int(&rep["periodo"]["trimestre"]) as usize;
                assert!((1..=4).contains(&q));
                for p in rep["paginas"].as_array().expect("paginas") {
                    let (a, b) = (
                        int(&p["linea_inicio"]) as usize,
                        int(&p["linea_fin"]) as usize,
                    );
                    assert!(
                        a > last_end && a <= b && b <= lines.len(),
                        "{}: page {a}-{b}",
                        g.name
                    );
                    assert!(
                        lines[a - 1].contains("AYUNTAMIENTO") || noise != Noise::Clean,
                        "{}: line {a}",
                        g.name
                    );
                    assert!(
                        !lines[b - 1].trim().is_empty(),
                        "{}: page ends on a blank line {b}",
                        g.name
                    );
                    last_end = b;
                }
                let declared: HashSet<&str> = rep["lineas_accion"]
                    .as_array()
                    .expect("lineas")
                    .iter()
                    .filter_map(|l| l["clave"].as_str())
                    .collect();
                for (j, acc) in rep["acciones"]
                    .as_array()
                    .expect("acciones")
                    .iter()
                    .enumerate()
                {
                    let n = int(&acc["numero"]);
                    let line = lines[int(&acc["linea"]) as usize - 1];
                    assert!(
                        line.contains(&n.to_string()),
                        "{}: row {n} not on its line: {line}",
                        g.name
                    );
                    let tri = acc["trimestres"].as_array().expect("trimestres");
                    let p: Vec<i64> = tri.iter().map(|x| int(&x["programado"])).collect();
                    assert_eq!(
                        p.iter().sum::<i64>(),
                        int(&acc["meta_anual"]),
                        "{}: row {n} meta",
                        g.name
                    );
                    let a: i64 = tri[..q].iter().map(|x| int(&x["alcanzado"])).sum();
                    assert_eq!(a, int(&acc["avance_absoluto"]), "{}: row {n} abs", g.name);
                    assert!(tri[q..].iter().all(|x| x["alcanzado"].is_null()));
                    let meta = int(&acc["meta_anual"]) as f64;
                    let rel = int(&acc["avance_relativo"]) as f64;
                    assert!(
                        (100.0 * a as f64 / meta - rel).abs() <= 0.5,
                        "{}: row {n} rel",
                        g.name
                    );
                    assert_eq!(
                        n,
                        100 * (ri as i64 + 1) + j as i64,
                        "{}: row numbers in order",
                        g.name
                    );
                    for c in acc["lineas_accion"].as_array().expect("row lineas") {
                        assert!(
                            declared.contains(c.as_str().unwrap_or("")),
                            "{}: row {n} undeclared {c}",
                            g.name
                        );
                    }
                }
            }
            for p in t["_no_evaluar"]
                .as_array()
                .expect("_no_evaluar")
                .iter()
                .chain(t["_ooc"].as_array().expect("_ooc"))
            {
                let p = p.as_str().expect("pointer");
                assert!(
                    t.pointer(p).is_some(),
                    "{}: pointer {p} does not resolve",
                    g.name
                );
            }
            if noise == Noise::Clean {
                assert!(
                    t["_no_evaluar"].as_array().is_some_and(|v| v.is_empty()),
                    "{}: clean text lost values",
                    g.name
                );
                assert!(!g.text.contains('\r'));
            }
        }
    }
    assert_eq!(docs, 100);
}

/// The same seed gives the same document; the noise level changes the text
/// but not the content.
#[test]
fn generator_is_deterministic() {
    for seed in [1u64, 2, 99] {
        let a = generator::generate(&GenConfig::new(seed, Noise::Seed));
        let b = generator::generate(&GenConfig::new(seed, Noise::Seed));
        assert_eq!(a.text, b.text);
        assert_eq!(a.truth, b.truth);
        let clean = generator::generate(&GenConfig::new(seed, Noise::Clean));
        let harsh = generator::generate(&GenConfig::new(seed, Noise::Harsh));
        assert_ne!(clean.text, harsh.text);
        let values = |g: &Generated| -> Vec<(Value, Value, Value)> {
            g.truth["reportes"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|r| r["acciones"].as_array().cloned().unwrap_or_default())
                .map(|a| {
                    (
                        a["numero"].clone(),
                        a["descripcion"].clone(),
                        a["trimestres"].clone(),
                    )
                })
                .collect()
        };
        assert_eq!(values(&clean), values(&harsh));
    }
    let q3 = generator::generate(&GenConfig {
        quarter: Some(3),
        ..GenConfig::new(5, Noise::Seed)
    });
    assert!(q3.truth["reportes"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|r| r["periodo"]["trimestre"] == 3));
}

/// The generator's mix covers what the issue asks for.
#[test]
fn generated_set_covers_the_variants() {
    let all: Vec<Generated> = [Noise::Seed, Noise::Harsh]
        .into_iter()
        .flat_map(set)
        .collect();
    let text: String = all
        .iter()
        .map(|g| g.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "FECHA: _____",
        "- RAMO:**",
        "P E R I O D O",
        "\tP\tA\tP\tA\tP\tA\tP\tA\tP\tA",
        "ENE-MAR\tABR-JUN\tJUL-SEP\tOCT-DIC\tP\tA",
        "NOMBRE Y FIRMA",
        "META Y ACCIONES",
    ] {
        assert!(
            text.contains(needle),
            "no generated document has {needle:?}"
        );
    }
    let quarters: HashSet<i64> = all
        .iter()
        .flat_map(|g| g.truth["reportes"].as_array().cloned().unwrap_or_default())
        .map(|r| int(&r["periodo"]["trimestre"]))
        .collect();
    assert_eq!(quarters.len(), 4);
    let ooc: usize = all.iter().map(|g| g.ooc.len()).sum();
    assert!(ooc > 100, "only {ooc} out-of-catalog values");
    assert!(all.iter().any(|g| g.text.contains("\r\n")));
    let lost: usize = all
        .iter()
        .map(|g| g.truth["_no_evaluar"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(lost > 0);
}

// ---------------------------------------------------------------------------
// The parser on generated documents
// ---------------------------------------------------------------------------

fn parse(parser: &Parser, g: &Generated) -> Value {
    match parser.parse(g.text.as_bytes(), Some(&format!("{}.txt", g.name))) {
        Ok(doc) => serde_json::to_value(&doc).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

fn line_set(rep: &Value) -> HashSet<i64> {
    let mut s = HashSet::new();
    for p in rep["paginas"].as_array().into_iter().flatten() {
        let (a, b) = (int(&p["linea_inicio"]), int(&p["linea_fin"]));
        if a > 0 && b >= a && b - a < 100_000 {
            s.extend(a..=b);
        }
    }
    s
}

/// Out-of-catalog values forced onto a catalog entry.
#[derive(Default)]
struct Forced {
    total: usize,
    forced: usize,
    examples: Vec<String>,
}

fn kind_of(key: &str) -> Option<Kind> {
    Some(match key {
        "ramo" => Kind::Ramo,
        "programa" => Kind::Programa,
        "unidad_ejecutora" => Kind::UnidadEjecutora,
        "ejes" => Kind::Eje,
        "lineas_accion" => Kind::LineaAccion,
        "firmas" => Kind::Firmante,
        _ => return None,
    })
}

/// Whether an output value is a catalog entry other than the truth's: it
/// says `origen: catalogo`, or its clave or nombre is that of a catalog entry.
fn is_forced(cat: &Catalog, kind: Kind, truth: &Value, out: &Value) -> bool {
    if !out.is_object() {
        return false;
    }
    if kind == Kind::Firmante {
        let (t, o) = (
            fold(truth["nombre"].as_str().unwrap_or("")),
            fold(out["nombre"].as_str().unwrap_or("")),
        );
        return t != o && cat.entries(kind).iter().any(|e| fold(&e.nombre) == o);
    }
    if out["origen"] == "catalogo" {
        return true;
    }
    let (oc, on) = (
        out["clave"].as_str().unwrap_or(""),
        fold(out["nombre"].as_str().unwrap_or("")),
    );
    let (tc, tn) = (
        truth["clave"].as_str().unwrap_or(""),
        fold(truth["nombre"].as_str().unwrap_or("")),
    );
    cat.entries(kind)
        .iter()
        .filter(|e| e.clave != tc && fold(&e.nombre) != tn)
        .any(|e| e.clave == oc || fold(&e.nombre) == on)
}

fn forced_matches(cat: &Catalog, g: &Generated, out: &Value, acc: &mut Forced) {
    let t_reps = g.truth["reportes"].as_array().cloned().unwrap_or_default();
    let o_reps = out["reportes"].as_array().cloned().unwrap_or_default();
    let pair = |i: usize| -> Option<&Value> {
        let tl = line_set(&t_reps[i]);
        o_reps
            .iter()
            .map(|o| (tl.intersection(&line_set(o)).count(), o))
            .filter(|(n, _)| *n > 0)
            .max_by_key(|(n, _)| *n)
            .map(|(_, o)| o)
    };
    // Out-of-catalog list items per (report, list) that the output lacks.
    let mut missing: std::collections::BTreeMap<(usize, String), usize> = Default::default();
    for p in &g.ooc {
        let parts: Vec<&str> = p.split('/').skip(1).collect();
        let (Some(i), Some(key)) = (
            parts.get(1).and_then(|s| s.parse::<usize>().ok()),
            parts.get(2),
        ) else {
            continue;
        };
        let Some(kind) = kind_of(key) else { continue };
        acc.total += 1;
        let Some(o) = pair(i) else { continue };
        let truth = g.truth.pointer(p).cloned().unwrap_or(Value::Null);
        let out_value = match (kind, parts.get(3)) {
            (Kind::Firmante, _) => o["firmas"]
                .as_array()
                .and_then(|fs| fs.iter().find(|f| f["cargo"] == truth["cargo"]))
                .cloned()
                .unwrap_or(Value::Null),
            (_, Some(_)) => match o[*key]
                .as_array()
                .and_then(|xs| xs.iter().find(|x| x["clave"] == truth["clave"]))
            {
                Some(x) => x.clone(),
                None => {
                    *missing.entry((i, key.to_string())).or_default() += 1;
                    continue;
                }
            },
            (_, None) => o[*key].clone(),
        };
        if is_forced(cat, kind, &truth, &out_value) {
            acc.forced += 1;
            if acc.examples.len() < 10 {
                acc.examples.push(format!(
                    "{} {p}: {} -> {}",
                    g.name, truth["nombre"], out_value["nombre"]
                ));
            }
        }
    }
    // A list item the output lacks may have been turned into a catalog clave
    // the truth does not have: count such extra catalog items, up to the
    // number of missing out-of-catalog items.
    for ((i, key), n) in missing {
        let Some(o) = pair(i) else { continue };
        let Some(kind) = kind_of(&key) else { continue };
        let truth_claves: HashSet<&str> = t_reps[i][key.as_str()]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["clave"].as_str())
            .collect();
        let extra = o[key.as_str()]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["clave"].as_str())
            .filter(|c| {
                !truth_claves.contains(c) && cat.entries(kind).iter().any(|e| e.clave == *c)
            })
            .count();
        let f = extra.min(n);
        acc.forced += f;
        if f > 0 && acc.examples.len() < 10 {
            acc.examples.push(format!(
                "{} /reportes/{i}/{key}: {f} out-of-catalog item(s) replaced by catalog claves",
                g.name
            ));
        }
    }
}

/// The bars on fixed generated sets. The tables are printed
/// (`cargo test --test generated_accuracy -- --nocapture`).
#[test]
fn accuracy_on_generated_documents() {
    let cat = Catalog::default();
    let parser = Parser::new(Catalog::default());
    let mut forced = Forced::default();
    let mut results = Vec::new();
    for noise in [Noise::Clean, Noise::Seed, Noise::Harsh] {
        let mut total = score::Summary::default();
        for g in set(noise) {
            let out = parse(&parser, &g);
            total.merge(&score::score(&g.truth, &out));
            forced_matches(&cat, &g, &out, &mut forced);
        }
        println!("==== {} noise ====\n{}\n", noise.name(), total.table());
        results.push((noise, total.accuracy(), total.wrong_rate()));
    }
    let share = if forced.total > 0 {
        forced.forced as f64 / forced.total as f64
    } else {
        0.0
    };
    println!(
        "out-of-catalog values forced onto the catalog: {} of {} ({:.2}%)",
        forced.forced,
        forced.total,
        100.0 * share
    );
    for e in &forced.examples {
        println!("  {e}");
    }
    let mut failures = Vec::new();
    for (noise, acc, wrong) in results {
        let (min_acc, max_wrong) = match noise {
            Noise::Clean | Noise::Seed => (0.96, 0.015),
            Noise::Harsh => (0.90, 0.03),
        };
        if acc < min_acc || wrong > max_wrong {
            failures.push(format!(
                "{}: {:.1}% accuracy (bar {:.0}%), {:.2}% wrong (bar {:.1}%)",
                noise.name(),
                100.0 * acc,
                100.0 * min_acc,
                100.0 * wrong,
                100.0 * max_wrong
            ));
        }
    }
    if share >= 0.01 {
        failures.push(format!(
            "{:.2}% of out-of-catalog values forced onto the catalog (bar < 1%)",
            100.0 * share
        ));
    }
    assert!(
        failures.is_empty(),
        "below the bars:\n{}",
        failures.join("\n")
    );
}
