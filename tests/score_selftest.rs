//! Checks the Rust port of the referee (`tests/common/score.rs`) against the
//! answers of `score.py` itself.
//!
//! Each case mutates the gold document the way a faulty parser could (drop,
//! split or merge reports, change claves and names, null values, renumber,
//! delete and add rows, change firmas and texts, remove line ranges...). The
//! expected counts were produced by running `python3 score.py --json` on the
//! same mutated documents; they are the referee's answers, not ours.

mod common;

use common::score::{self, Summary, GROUPS, INFO_GROUPS, TEXT_GROUPS};
use serde_json::{json, Value};

const GOLD: &str = include_str!("../corpus/gold/000_61b09fd82a67f885.json");

fn gold() -> Value {
    serde_json::from_str(GOLD).expect("the gold file is JSON")
}

/// The value at a JSON pointer (the mutations below only name paths that exist).
fn at<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Value {
    v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the gold"))
}

fn arr<'a>(v: &'a mut Value, pointer: &str) -> &'a mut Vec<Value> {
    at(v, pointer)
        .as_array_mut()
        .unwrap_or_else(|| panic!("{pointer} is not an array"))
}

fn obj<'a>(v: &'a mut Value, pointer: &str) -> &'a mut serde_json::Map<String, Value> {
    at(v, pointer)
        .as_object_mut()
        .unwrap_or_else(|| panic!("{pointer} is not an object"))
}

fn set(v: &mut Value, pointer: &str, x: Value) {
    *at(v, pointer) = x;
}

/// Every row of every report.
fn each_row(d: &mut Value, mut f: impl FnMut(&mut serde_json::Map<String, Value>)) {
    for r in arr(d, "/reportes") {
        for a in r["acciones"].as_array_mut().into_iter().flatten() {
            if let Some(a) = a.as_object_mut() {
                f(a);
            }
        }
    }
}

fn desc(d: &Value, pointer: &str) -> String {
    d.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// (name, truth, output): the same mutations as the script that ran score.py.
fn cases() -> Vec<(&'static str, Value, Value)> {
    let mut v = Vec::new();
    let mut add = |name, out: Value| v.push((name, gold(), out));

    add("gold", gold());
    add("empty_object", json!({}));

    let mut d = gold();
    arr(&mut d, "/reportes").remove(3);
    add("drop_report_3", d);

    // A two-page report split in two, header pieces missing on each side.
    let mut d = gold();
    let r = d["reportes"][2].clone();
    let (mut a, mut b) = (r.clone(), r.clone());
    a["paginas"] = json!([r["paginas"][0]]);
    b["paginas"] = json!([r["paginas"][1]]);
    let rows = r["acciones"].as_array().cloned().unwrap_or_default();
    a["acciones"] = Value::Array(rows[..6].to_vec());
    b["acciones"] = Value::Array(rows[6..].to_vec());
    b["firmas"] = json!([]);
    for key in ["municipio", "ramo", "periodo"] {
        b[key] = Value::Null;
    }
    a["programa"] = Value::Null;
    arr(&mut d, "/reportes").splice(2..3, [a, b]);
    add("split_report_2", d);

    // Two reports run together.
    let mut d = gold();
    for key in ["paginas", "acciones", "firmas"] {
        let more = d["reportes"][1][key]
            .as_array()
            .cloned()
            .unwrap_or_default();
        arr(&mut d, &format!("/reportes/0/{key}")).extend(more);
    }
    arr(&mut d, "/reportes").remove(1);
    add("merge_0_1", d);

    let mut d = gold();
    set(&mut d, "/reportes/0/ramo/clave", json!("55"));
    set(
        &mut d,
        "/reportes/1/programa/nombre",
        json!("Gestión, administrativa!"),
    );
    set(
        &mut d,
        "/reportes/2/unidad_ejecutora/nombre",
        json!("OTRA COSA"),
    );
    set(&mut d, "/reportes/0/ramo/siglas", json!("B.I.S.O.M."));
    set(&mut d, "/reportes/3/ramo/siglas", json!("XX"));
    set(&mut d, "/reportes/4/finalidad", Value::Null);
    set(&mut d, "/reportes/5/funcion/clave", Value::Null);
    set(&mut d, "/reportes/6/subfuncion/origen", json!("ocr"));
    set(&mut d, "/reportes/1/ramo/clave", json!(54));
    set(&mut d, "/reportes/2/ramo/clave", json!(" 54 "));
    set(&mut d, "/reportes/3/programa", json!("511"));
    add("clasificacion_changes", d);

    let mut d = gold();
    set(&mut d, "/reportes/0/municipio", json!("mexicali."));
    set(&mut d, "/reportes/1/estado", Value::Null);
    set(&mut d, "/reportes/2/ejercicio", json!(2025));
    set(&mut d, "/reportes/3/ejercicio", json!("2026"));
    set(
        &mut d,
        "/reportes/4/titulo",
        json!("AVANCE FISICO PROGRAMATICO"),
    );
    set(&mut d, "/reportes/5/periodo", Value::Null);
    set(&mut d, "/reportes/6/periodo/trimestre", json!(2));
    set(&mut d, "/reportes/0/periodo/nombre", json!("enero - marzo"));
    set(&mut d, "/reportes/1/periodo", json!("x"));
    set(&mut d, "/reportes/2/ayuntamiento", json!("   "));
    set(&mut d, "/reportes/3/formato", json!("TMM F004"));
    add("header_changes", d);

    let mut d = gold();
    each_row(&mut d, |a| {
        for k in [
            "meta_anual",
            "avance_absoluto",
            "avance_relativo",
            "unidad_medida",
        ] {
            a.insert(k.into(), Value::Null);
        }
        for q in a["trimestres"].as_array_mut().into_iter().flatten() {
            q["programado"] = Value::Null;
            q["alcanzado"] = Value::Null;
        }
    });
    add("values_null", d);

    // Null alcanzado written as 0 (accepted), avance_relativo off by 0.4 (within tolerance).
    let mut d = gold();
    each_row(&mut d, |a| {
        for q in a["trimestres"].as_array_mut().into_iter().flatten() {
            if q["alcanzado"].is_null() {
                q["alcanzado"] = json!(0);
            }
        }
        if let Some(x) = a["avance_relativo"].as_f64() {
            a.insert("avance_relativo".into(), json!(x + 0.4));
        }
    });
    add("alc_zero_rel_04", d);

    let mut d = gold();
    arr(&mut d, "/reportes/0/acciones").remove(1);
    arr(&mut d, "/reportes/2/acciones").drain(3..6);
    add("delete_rows", d);

    let mut d = gold();
    set(&mut d, "/reportes/0/acciones/1/numero", json!(999));
    set(&mut d, "/reportes/2/acciones/0/numero", Value::Null);
    let n = d["reportes"][3]["acciones"][2]["numero"].to_string();
    set(&mut d, "/reportes/3/acciones/2/numero", json!(n));
    let n = d["reportes"][4]["acciones"][1]["numero"].clone();
    set(&mut d, "/reportes/4/acciones/0/numero", n);
    add("renumber_rows", d);

    // Every row of a report renumbered and its description slightly changed:
    // rows are paired by description.
    let mut d = gold();
    for a in arr(&mut d, "/reportes/2/acciones") {
        let n = a["numero"].as_i64().map_or(1, |n| n + 1000);
        a["numero"] = json!(n);
        let s: Vec<char> = a["descripcion"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .collect();
        let kept: String = s[..s.len().saturating_sub(3)].iter().collect();
        a["descripcion"] = json!(format!("{kept}xyz"));
    }
    add("renumber_all_fuzzy", d);

    // Renumbered rows with heavier description damage (10% to 50% of the
    // characters): some are paired by text, some are not.
    let mut d = gold();
    for (k, a) in arr(&mut d, "/reportes/0/acciones").iter_mut().enumerate() {
        a["numero"] = json!(a["numero"].as_i64().unwrap_or(0) + 500);
        let s: Vec<char> = a["descripcion"]
            .as_str()
            .unwrap_or_default()
            .chars()
            .collect();
        let cut = (s.len() as f64 * [0.1, 0.25, 0.3, 0.5][k]) as usize;
        let kept: String = s[..s.len() - cut].iter().collect();
        a["descripcion"] = json!(format!("{kept}{}", "#".repeat(cut)));
    }
    add("renumber_heavy_edits", d);

    let mut d = gold();
    let mut x = d["reportes"][1]["acciones"][0].clone();
    x["numero"] = json!(777);
    x["descripcion"] = json!("Algo totalmente distinto.");
    arr(&mut d, "/reportes/1/acciones").push(x);
    arr(&mut d, "/reportes/5/acciones").push(json!({"numero": 5, "descripcion": null}));
    arr(&mut d, "/reportes/6/acciones").push(json!("not a row"));
    add("extra_rows", d);

    let mut d = gold();
    set(
        &mut d,
        "/reportes/0/firmas/0/nombre",
        json!("Homero Samaniego Aguilar."),
    );
    set(&mut d, "/reportes/1/firmas/1/nombre", json!("OTRO NOMBRE"));
    set(&mut d, "/reportes/2/firmas/0/cargo", json!("otro"));
    arr(&mut d, "/reportes/3/firmas").push(json!({"cargo": "extra", "nombre": "X Y"}));
    arr(&mut d, "/reportes/4/firmas").remove(2);
    set(&mut d, "/reportes/5/firmas", json!([]));
    set(&mut d, "/reportes/6/firmas/0/nombre", Value::Null);
    arr(&mut d, "/reportes/6/firmas").push(json!({"nombre": "SIN CARGO"}));
    add("firmas_changes", d);

    let mut d = gold();
    let s = desc(&d, "/reportes/0/acciones/0/descripcion").to_uppercase();
    set(&mut d, "/reportes/0/acciones/0/descripcion", json!(s));
    set(&mut d, "/reportes/0/acciones/1/descripcion", Value::Null);
    set(
        &mut d,
        "/reportes/1/acciones/0/observaciones",
        json!("Se inventó esto."),
    );
    let s = format!(
        "  {}\n",
        desc(&d, "/reportes/1/acciones/1/descripcion").replace(' ', "   ")
    );
    set(&mut d, "/reportes/1/acciones/1/descripcion", json!(s));
    let s = desc(&d, "/reportes/2/acciones/0/descripcion")
        .replace('ó', "o")
        .replace('a', "á");
    set(&mut d, "/reportes/2/acciones/0/descripcion", json!(s));
    set(&mut d, "/reportes/3/acciones/0/descripcion", json!("x"));
    let s = format!("e\u{301}{}", desc(&d, "/reportes/4/acciones/0/descripcion"));
    set(&mut d, "/reportes/4/acciones/0/descripcion", json!(s));
    add("text_changes", d);

    // No page ranges: reports are aligned by their rows' lines.
    let mut d = gold();
    for r in arr(&mut d, "/reportes") {
        if let Some(r) = r.as_object_mut() {
            r.remove("paginas");
        }
    }
    add("no_paginas", d);

    // No line information at all: reports are aligned by order.
    let mut d = gold();
    for r in arr(&mut d, "/reportes") {
        if let Some(r) = r.as_object_mut() {
            r.remove("paginas");
        }
    }
    each_row(&mut d, |a| {
        a.remove("linea");
    });
    add("no_lines_at_all", d);

    let mut d = gold();
    let mut x = d["reportes"][0].clone();
    x["paginas"] = json!([{"linea_inicio": 1000, "linea_fin": 1040}]);
    for a in x["acciones"].as_array_mut().into_iter().flatten() {
        a["linea"] = json!(a["linea"].as_i64().unwrap_or(0) + 1000);
    }
    arr(&mut d, "/reportes").push(x);
    add("extra_report_far", d);

    let mut d = gold();
    arr(&mut d, "/reportes/0/lineas_accion").push(json!({"clave": "9.9.9", "nombre": "X"}));
    set(&mut d, "/reportes/1/ejes", json!([]));
    arr(&mut d, "/reportes/2/lineas_accion").truncate(1);
    set(&mut d, "/reportes/3/ejes/0/nombre", json!("OTRO EJE"));
    let claves: Vec<Value> = d["reportes"][4]["lineas_accion"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| x["clave"].clone())
        .collect();
    set(&mut d, "/reportes/4/lineas_accion", Value::Array(claves));
    let twice = d["reportes"][5]["lineas_accion"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    arr(&mut d, "/reportes/5/lineas_accion").extend(twice);
    arr(&mut d, "/reportes/6/lineas_accion").push(json!({"clave": 431}));
    arr(&mut d, "/reportes/6/lineas_accion").push(json!({"clave": true}));
    set(
        &mut d,
        "/reportes/0/acciones/0/lineas_accion",
        json!(["4.5.3", "1.1.1"]),
    );
    set(&mut d, "/reportes/1/acciones/0/lineas_accion", json!([]));
    set(
        &mut d,
        "/reportes/3/acciones/0/lineas_accion",
        json!(["1.2.3"]),
    );
    add("set_changes", d);

    // A truth with its own _no_evaluar list (wildcards, a pointer object, junk items).
    let mut t = gold();
    obj(&mut t, "").insert(
        "_no_evaluar".into(),
        json!(["/reportes/*/firmas", "reportes/2", {"puntero": "/reportes/0/acciones/*/descripcion"},
               {"x": 1}, 5, "/reportes/1/ejes/0", "/reportes/5/acciones/0"]),
    );
    let mut d = gold();
    set(&mut d, "/reportes/0/firmas/0/nombre", json!("X"));
    set(&mut d, "/reportes/2/municipio", json!("X"));
    set(&mut d, "/reportes/1/ejes/0/clave", json!("9"));
    set(&mut d, "/reportes/0/acciones/0/descripcion", json!("nada"));
    v.push(("truth_skips", t, d));
    v
}

/// `group=correct/wrong/abstained ...`, then report, row and text counts.
fn signature(s: &Summary) -> String {
    let mut parts = Vec::new();
    for name in GROUPS.iter().chain(INFO_GROUPS.iter()) {
        if let Some(g) = s.groups.get(*name) {
            parts.push(format!("{name}={}/{}/{}", g.correct, g.wrong, g.abstained));
        }
    }
    let r = &s.reports;
    parts.push(format!(
        "R={}/{}/{}/{}/{}/{}/{}",
        r.truth, r.output, r.aligned, r.missing, r.merged, r.extra, r.fragments
    ));
    let w = &s.rows;
    parts.push(format!(
        "W={}/{}/{}/{}/{}/{}",
        w.truth, w.output, w.found, w.missing, w.extra, w.by_text
    ));
    for name in TEXT_GROUPS {
        if let Some(t) = s.text.get(name) {
            parts.push(format!(
                "{name}={}/{}/{}/{}",
                t.pairs, t.measured, t.abstained, t.exact
            ));
        }
    }
    parts.join(" ")
}

struct Expect {
    name: &'static str,
    counts: &'static str,
    cer: f64,
    cer_folded: f64,
    score_line: &'static str,
}

// Produced by score.py (see the module comment); do not edit by hand.
const EXPECTED: &[Expect] = &[
    Expect {
        name: "gold",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 100.0% accuracy, 0.0% wrong, CER 0.000",
    },
    Expect {
        name: "empty_object",
        counts: "reportes=0/0/7 encabezado=0/0/63 clasificacion.clave=0/0/42 clasificacion.nombre=0/0/42 \
                  clasificacion.siglas=0/0/7 ejes.clave=0/0/18 ejes.nombre=0/0/18 \
                  lineas_accion.clave=0/0/49 lineas_accion.nombre=0/0/47 firmas.nombre=0/0/21 \
                  acciones.numero=0/0/51 acciones.lineas_accion=0/0/94 acciones.unidad_medida=0/0/51 \
                  acciones.meta_anual=0/0/51 acciones.programado=0/0/188 acciones.alcanzado=0/0/204 \
                  acciones.avance_absoluto=0/0/51 acciones.avance_relativo=0/0/51 R=7/0/0/7/0/0/0 \
                  W=51/0/0/51/0/0 acciones.descripcion=51/51/51/0 acciones.observaciones=51/14/14/37",
        cer: 1.0,
        cer_folded: 1.0,
        score_line: "score: 0.0% accuracy, 0.0% wrong, CER 1.000",
    },
    Expect {
        name: "drop_report_3",
        counts: "reportes=6/0/1 encabezado=54/0/9 clasificacion.clave=36/0/6 clasificacion.nombre=36/0/6 \
                  clasificacion.siglas=6/0/1 ejes.clave=14/0/4 ejes.nombre=14/0/4 \
                  lineas_accion.clave=41/0/8 lineas_accion.nombre=40/0/7 firmas.nombre=18/0/3 \
                  acciones.numero=44/0/7 acciones.lineas_accion=88/0/6 acciones.unidad_medida=44/0/7 \
                  acciones.meta_anual=44/0/7 acciones.programado=160/0/28 acciones.alcanzado=176/0/28 \
                  acciones.avance_absoluto=44/0/7 acciones.avance_relativo=44/0/7 origen=36/0/0 \
                  R=7/6/6/1/0/0/0 W=51/44/44/7/0/0 acciones.descripcion=51/51/7/44 \
                  acciones.observaciones=51/14/3/48",
        cer: 0.15384615384615385,
        cer_folded: 0.15384615384615385,
        score_line: "score: 86.2% accuracy, 0.0% wrong, CER 0.154",
    },
    Expect {
        name: "split_report_2",
        counts: "reportes=7/1/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/8/7/0/0/1/1 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 99.9% accuracy, 0.1% wrong, CER 0.000",
    },
    Expect {
        name: "merge_0_1",
        counts: "reportes=6/0/1 encabezado=54/0/9 clasificacion.clave=35/1/6 clasificacion.nombre=35/1/6 \
                  clasificacion.siglas=6/0/1 ejes.clave=17/0/1 ejes.nombre=17/0/1 \
                  lineas_accion.clave=45/3/4 lineas_accion.nombre=43/0/4 firmas.nombre=17/4/3 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=36/0/0 \
                  R=7/6/6/1/1/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 95.8% accuracy, 0.8% wrong, CER 0.000",
    },
    Expect {
        name: "clasificacion_changes",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=38/1/3 clasificacion.nombre=39/1/2 \
                  clasificacion.siglas=6/1/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=38/1/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 99.2% accuracy, 0.3% wrong, CER 0.000",
    },
    Expect {
        name: "header_changes",
        counts: "reportes=7/0/0 encabezado=52/5/6 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 99.0% accuracy, 0.5% wrong, CER 0.000",
    },
    Expect {
        name: "values_null",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=0/0/51 \
                  acciones.meta_anual=0/0/51 acciones.programado=21/0/167 acciones.alcanzado=163/0/41 \
                  acciones.avance_absoluto=0/0/51 acciones.avance_relativo=0/0/51 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 60.9% accuracy, 0.0% wrong, CER 0.000",
    },
    Expect {
        name: "alc_zero_rel_04",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 100.0% accuracy, 0.0% wrong, CER 0.000",
    },
    Expect {
        name: "delete_rows",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=47/0/4 acciones.lineas_accion=85/0/9 acciones.unidad_medida=47/0/4 \
                  acciones.meta_anual=47/0/4 acciones.programado=172/0/16 acciones.alcanzado=188/0/16 \
                  acciones.avance_absoluto=47/0/4 acciones.avance_relativo=47/0/4 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/47/47/4/0/0 acciones.descripcion=51/51/4/47 \
                  acciones.observaciones=51/14/1/50",
        cer: 0.07692307692307693,
        cer_folded: 0.07692307692307693,
        score_line: "score: 94.2% accuracy, 0.0% wrong, CER 0.077",
    },
    Expect {
        name: "renumber_rows",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=48/3/1 acciones.lineas_accion=78/15/16 acciones.unidad_medida=49/1/1 \
                  acciones.meta_anual=49/1/1 acciones.programado=180/4/4 acciones.alcanzado=199/1/4 \
                  acciones.avance_absoluto=49/1/1 acciones.avance_relativo=49/1/1 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/50/1/1/2 acciones.descripcion=51/51/1/49 \
                  acciones.observaciones=51/15/1/49",
        cer: 0.06060606060606061,
        cer_folded: 0.06060606060606061,
        score_line: "score: 94.8% accuracy, 2.5% wrong, CER 0.061",
    },
    Expect {
        name: "renumber_all_fuzzy",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=39/12/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/12 acciones.descripcion=51/51/0/39 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0039019655717480364,
        cer_folded: 0.003969901131730874,
        score_line: "score: 98.9% accuracy, 1.1% wrong, CER 0.004",
    },
    Expect {
        name: "renumber_heavy_edits",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=47/4/1 acciones.lineas_accion=93/0/1 acciones.unidad_medida=50/0/1 \
                  acciones.meta_anual=50/0/1 acciones.programado=184/0/4 acciones.alcanzado=200/0/4 \
                  acciones.avance_absoluto=50/0/1 acciones.avance_relativo=50/0/1 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/50/1/1/3 acciones.descripcion=51/51/1/47 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0252503382788111,
        cer_folded: 0.02505284570501962,
        score_line: "score: 98.3% accuracy, 0.4% wrong, CER 0.025",
    },
    Expect {
        name: "extra_rows",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/2/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/54/51/0/2/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 99.8% accuracy, 0.2% wrong, CER 0.000",
    },
    Expect {
        name: "firmas_changes",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=14/4/6 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 99.1% accuracy, 0.4% wrong, CER 0.000",
    },
    Expect {
        name: "text_changes",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/1/46 \
                  acciones.observaciones=51/15/0/50",
        cer: 0.05980448841087102,
        cer_folded: 0.04553184910327768,
        score_line: "score: 100.0% accuracy, 0.0% wrong, CER 0.060",
    },
    Expect {
        name: "no_paginas",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 100.0% accuracy, 0.0% wrong, CER 0.000",
    },
    Expect {
        name: "no_lines_at_all",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 100.0% accuracy, 0.0% wrong, CER 0.000",
    },
    Expect {
        name: "extra_report_far",
        counts: "reportes=7/1/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=18/0/0 ejes.nombre=18/0/0 \
                  lineas_accion.clave=49/0/0 lineas_accion.nombre=47/0/0 firmas.nombre=21/0/0 \
                  acciones.numero=51/4/0 acciones.lineas_accion=94/0/0 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/8/7/0/0/1/0 W=51/55/51/0/4/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 99.5% accuracy, 0.5% wrong, CER 0.000",
    },
    Expect {
        name: "set_changes",
        counts: "reportes=7/0/0 encabezado=63/0/0 clasificacion.clave=42/0/0 clasificacion.nombre=42/0/0 \
                  clasificacion.siglas=7/0/0 ejes.clave=17/0/1 ejes.nombre=16/1/0 \
                  lineas_accion.clave=35/2/14 lineas_accion.nombre=16/0/17 firmas.nombre=21/0/0 \
                  acciones.numero=51/0/0 acciones.lineas_accion=93/1/1 acciones.unidad_medida=51/0/0 \
                  acciones.meta_anual=51/0/0 acciones.programado=188/0/0 acciones.alcanzado=204/0/0 \
                  acciones.avance_absoluto=51/0/0 acciones.avance_relativo=51/0/0 origen=42/0/0 \
                  R=7/7/7/0/0/0/0 W=51/51/51/0/0/0 acciones.descripcion=51/51/0/51 \
                  acciones.observaciones=51/14/0/51",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 96.5% accuracy, 0.4% wrong, CER 0.000",
    },
    Expect {
        name: "truth_skips",
        counts: "reportes=6/0/0 encabezado=54/0/0 clasificacion.clave=36/0/0 clasificacion.nombre=36/0/0 \
                  clasificacion.siglas=6/0/0 ejes.clave=13/1/0 ejes.nombre=13/0/0 \
                  lineas_accion.clave=34/0/0 lineas_accion.nombre=34/0/0 acciones.numero=38/0/0 \
                  acciones.lineas_accion=66/0/0 acciones.unidad_medida=38/0/0 acciones.meta_anual=38/0/0 \
                  acciones.programado=152/0/0 acciones.alcanzado=152/0/0 acciones.avance_absoluto=38/0/0 \
                  acciones.avance_relativo=38/0/0 origen=36/0/0 R=6/7/6/0/0/0/0 W=38/51/38/0/0/0 \
                  acciones.descripcion=34/34/0/34 acciones.observaciones=38/8/0/38",
        cer: 0.0,
        cer_folded: 0.0,
        score_line: "score: 99.9% accuracy, 0.1% wrong, CER 0.000",
    },
];

#[test]
fn port_matches_score_py() {
    let cases = cases();
    assert_eq!(cases.len(), EXPECTED.len(), "one expectation per case");
    let mut failures = Vec::new();
    for ((name, truth, output), want) in cases.iter().zip(EXPECTED) {
        assert_eq!(
            *name, want.name,
            "cases and expectations are in the same order"
        );
        let got = score::score(truth, output);
        let sig = signature(&got);
        if sig != want.counts {
            failures.push(format!(
                "{name}: counts\n  score.py: {}\n  port:     {sig}",
                want.counts
            ));
        }
        if (got.cer() - want.cer).abs() > 1e-9 || (got.cer_folded() - want.cer_folded).abs() > 1e-9
        {
            failures.push(format!(
                "{name}: CER {} / {} (score.py {} / {})",
                got.cer(),
                got.cer_folded(),
                want.cer,
                want.cer_folded
            ));
        }
        if got.score_line() != want.score_line {
            failures.push(format!(
                "{name}: {:?} (score.py {:?})",
                got.score_line(),
                want.score_line
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "the port disagrees with score.py:\n{}",
        failures.join("\n")
    );
}

#[test]
fn gold_against_itself_is_perfect() {
    let g = gold();
    let s = score::score(&g, &g);
    assert_eq!(s.accuracy(), 1.0, "{}", s.table());
    assert_eq!(s.overall().wrong, 0);
    assert_eq!(s.overall().abstained, 0);
    assert_eq!(s.wrong_rate(), 0.0);
    assert_eq!(s.cer(), 0.0);
    assert!(s.errors.is_empty(), "{}", s.differences(10));
    assert_eq!(s.reports.aligned, 7);
    assert_eq!(
        s.score_line(),
        "score: 100.0% accuracy, 0.0% wrong, CER 0.000"
    );
}

#[test]
fn empty_output_abstains_everywhere() {
    let s = score::score(&gold(), &json!({}));
    let o = s.overall();
    assert_eq!(o.correct + o.wrong, 0, "{}", s.table());
    assert!(o.abstained > 0);
    assert_eq!(s.reports.missing, 7);
}

#[test]
fn merge_adds_up() {
    let cases = cases();
    let mut total = Summary::default();
    let mut correct = 0;
    for (_, t, o) in cases.iter().take(5) {
        let s = score::score(t, o);
        correct += s.overall().correct;
        total.merge(&s);
    }
    assert_eq!(total.overall().correct, correct);
}

#[test]
fn fold_follows_the_referee() {
    assert_eq!(
        score::fold("  Gestión,  administrativa! "),
        "GESTION ADMINISTRATIVA"
    );
    assert_eq!(score::fold("B.I.S.O.M."), "BISOM");
    assert_eq!(score::fold("ho\u{301}mero\u{1c}a$b©"), "HOMERO AB");
    assert_eq!(score::fold("Straße"), "STRASSE");
    assert!((score::cer(Some("abcd"), Some("abxd")) - 0.25).abs() < 1e-12);
    assert_eq!(score::cer(Some(" a  b "), Some("a b")), 0.0);
    assert_eq!(score::cer(None, Some("x")), 1.0);
    assert_eq!(score::cer(Some("ab"), Some("xxxxxx")), 1.0);
}
