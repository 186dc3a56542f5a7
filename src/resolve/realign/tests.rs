//! Tests of the realignment: each damage pattern of the seed on its own, and
//! every seed row against the hand-checked gold.

use super::*;

fn row(linea: usize, cells: &[&str], period_cells: Option<usize>) -> RowCells {
    RowCells {
        linea,
        numero: Some(linea as i64),
        unidad_medida: Some("Informe".to_string()),
        descripcion: "Acción".to_string(),
        cells: cells.iter().map(|s| s.to_string()).collect(),
        period_cells,
    }
}

fn one(cells: &[&str], period_cells: Option<usize>) -> Reading {
    realign_table(&[row(1, cells, period_cells)], Some(1)).remove(0)
}

fn p(v: [f64; 4]) -> [Option<f64>; 4] {
    v.map(Some)
}

fn a1(v: f64) -> [Option<f64>; 4] {
    [Some(v), None, None, None]
}

fn codes(r: &Reading) -> Vec<&str> {
    r.avisos.iter().map(|a| a.codigo.as_str()).collect()
}

#[test]
fn duplicated_cells() {
    let r = one(
        &[
            "4", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "25%",
        ],
        Some(8),
    );
    assert_eq!(r.meta_anual, Some(4.0));
    assert_eq!(r.programado, p([1.0; 4]));
    assert_eq!(r.alcanzado, a1(1.0));
    assert_eq!(
        (r.avance_absoluto, r.avance_relativo),
        (Some(1.0), Some(25.0))
    );
    assert!(r.confianza >= 0.9, "{r:?}");
    assert!(r.avisos.is_empty(), "{:?}", r.avisos);
}

#[test]
fn empty_cells_kept_with_echoes_beyond_the_grid() {
    let r = one(
        &[
            "2", "", "", "", "", "1", "", "1", "", "1", "", "1", "", "0", "0%",
        ],
        Some(8),
    );
    assert_eq!(r.programado, p([0.0, 0.0, 1.0, 1.0]));
    assert_eq!(r.alcanzado, a1(0.0));
    assert_eq!(
        (r.avance_absoluto, r.avance_relativo),
        (Some(0.0), Some(0.0))
    );
    assert!(!codes(&r).contains(&"FILA_AMBIGUA"), "{r:?}");
    // The echoes give a rival reading, but not within `FULL_MARGIN`.
    assert_eq!(r.confianza, 1.0, "{r:?}");
}

#[test]
fn value_outside_the_quarter_columns_is_ambiguous() {
    let r = one(
        &[
            "1", "", "", "", "", "", "", "", "", "1", "", "", "", "0", "0%",
        ],
        Some(8),
    );
    assert!(codes(&r).contains(&"FILA_AMBIGUA"), "{:?}", r);
    assert_eq!(r.meta_anual, Some(1.0));
    assert_eq!(r.alcanzado, a1(0.0));
    assert_eq!(
        (r.avance_absoluto, r.avance_relativo),
        (Some(0.0), Some(0.0))
    );
    // Whatever P it keeps must not be a guess: the 1 is in none of them.
    assert!(
        r.programado.iter().all(|v| *v != Some(1.0)),
        "{:?}",
        r.programado
    );
    assert!(r.confianza <= 0.5);
}

#[test]
fn compacted_pairs() {
    let r = one(
        &["927", "258", "292", "233", "218", "218", "292", "31%"],
        Some(2),
    );
    assert_eq!(r.programado, p([258.0, 233.0, 218.0, 218.0]));
    assert_eq!(r.alcanzado, a1(292.0));
    let r = one(&["12", "3", "6", "3", "3", "3", "6", "50%"], Some(2));
    assert_eq!(r.programado, p([3.0; 4]));
    assert_eq!(r.alcanzado, a1(6.0));
    let r = one(&["95", "50", "76", "25", "10", "10", "76", "80%"], None);
    assert_eq!(r.programado, p([50.0, 25.0, 10.0, 10.0]));
    assert_eq!(r.alcanzado, a1(76.0));
    assert!(r.confianza >= 0.8, "{r:?}");
}

#[test]
fn two_quarters_lost_cannot_be_split() {
    let r = one(
        &[
            "20", "5", "9", "5", "", "", "", "", "", "", "", "", "9", "45%",
        ],
        None,
    );
    assert_eq!(r.meta_anual, Some(20.0));
    assert_eq!(r.programado, [Some(5.0), Some(5.0), None, None]);
    assert_eq!(r.alcanzado, a1(9.0));
    assert_eq!(
        (r.avance_absoluto, r.avance_relativo),
        (Some(9.0), Some(45.0))
    );
    assert!(codes(&r).contains(&"FILA_AMBIGUA"));
}

#[test]
fn corrupted_copy_of_the_tail() {
    let r = one(
        &["25", "7", "4", "7", "6", "5", "4", "6", "25%", "4", "16%"],
        None,
    );
    assert_eq!(r.programado, p([7.0, 7.0, 6.0, 5.0]));
    assert_eq!(r.alcanzado, a1(4.0));
    assert_eq!(
        (r.avance_absoluto, r.avance_relativo),
        (Some(4.0), Some(16.0))
    );
}

#[test]
fn repeated_tail() {
    let r = one(
        &["70", "20", "20", "25", "10", "15", "20", "29%", "20", "29%"],
        None,
    );
    assert_eq!(r.programado, p([20.0, 25.0, 10.0, 15.0]));
    assert_eq!(r.alcanzado, a1(20.0));
    assert_eq!(
        (r.avance_absoluto, r.avance_relativo),
        (Some(20.0), Some(29.0))
    );
}

#[test]
fn junk_in_alcanzado_after_the_quarter() {
    let r = one(
        &["10", "3", "0", "3", "2", "2", "2", "2", "2", "0", "0%"],
        Some(10),
    );
    assert_eq!(r.programado, p([3.0, 3.0, 2.0, 2.0]));
    assert_eq!(r.alcanzado, a1(0.0));
    let r = one(
        &[
            "6", "1", "1", "2", "0", "2", "0", "1", "0", "1", "0", "1", "17%",
        ],
        Some(10),
    );
    assert_eq!(r.programado, p([1.0, 2.0, 2.0, 1.0]));
    assert_eq!(r.alcanzado, a1(1.0));
    assert_eq!(r.avance_relativo, Some(17.0));
}

#[test]
fn echoed_columns_without_empties() {
    let c = [
        "32500", "7900", "8477", "8350", "7900", "8350", "8477", "8350", "8350", "8477", "8350",
        "8477", "26%",
    ];
    let r = one(&c, Some(8));
    assert_eq!(r.programado, p([7900.0, 8350.0, 7900.0, 8350.0]));
    assert_eq!(r.alcanzado, a1(8477.0));
    let c = [
        "920", "220", "340", "220", "240", "240", "340", "240", "240", "340", "240", "340", "37%",
    ];
    let r = one(&c, Some(8));
    assert_eq!(r.programado, p([220.0, 220.0, 240.0, 240.0]));
    assert_eq!(r.alcanzado, a1(340.0));
}

#[test]
fn missing_last_quarter_is_inferred() {
    // 504: the 6 is missing; P1 (printed empty) and P4 (printed empty)
    // could each have lost it, so unless the table says which column its
    // rows lose, both stay open (a programado left open where the truth is
    // 0 is not wrong).
    let r = one(
        &["20", "", "", "7", "7", "", "", "", "", "0", "", "0%"],
        Some(8),
    );
    assert!(matches!(r.programado[0], Some(0.0) | None));
    assert_eq!(r.programado[1], Some(7.0));
    // Q3/Q4 are 7 and 6 in some order: a value, if given, sums right.
    if let (Some(x), Some(y)) = (r.programado[2], r.programado[3]) {
        assert_eq!(x + y, 13.0);
        assert!(codes(&r).contains(&"CELDA_INFERIDA"));
    } else {
        assert!(codes(&r).contains(&"FILA_AMBIGUA"));
    }
    let r = one(
        &[
            "8", "2", "2", "2", "", "2", "", "", "", "", "", "", "2", "25%",
        ],
        Some(8),
    );
    assert_eq!(r.programado, p([2.0; 4]));
    assert!(codes(&r).contains(&"CELDA_INFERIDA"));
    assert!(r.confianza < 1.0);
    let r = one(
        &[
            "17", "4", "4", "4", "", "5", "", "", "", "", "", "", "4", "24%",
        ],
        Some(8),
    );
    assert_eq!(r.programado, p([4.0, 4.0, 5.0, 4.0]));
    let r = one(
        &[
            "340", "80", "86", "85", "", "85", "", "", "", "", "", "", "86", "25%",
        ],
        Some(8),
    );
    assert_eq!(r.programado, p([80.0, 85.0, 85.0, 90.0]));
    assert_eq!(r.alcanzado, a1(86.0));
}

#[test]
fn thousands_separator_is_fixed() {
    let r = one(
        &[
            "2,500", "600", "817", "650", "", "600", "", "650", "", "817", "33%",
        ],
        Some(8),
    );
    assert_eq!(r.meta_anual, Some(2500.0));
    assert_eq!(r.programado, p([600.0, 650.0, 600.0, 650.0]));
    assert_eq!(r.alcanzado, a1(817.0));
    assert_eq!(
        r.correcciones,
        vec![CellFix {
            campo: "/meta_anual".into(),
            original: "2,500".into(),
            corregido: "2500".into(),
            motivo: "formato numérico".into()
        }]
    );
    // `2.500` is 2500 here because the quarters say so.
    let r = one(
        &[
            "2.500", "600", "817", "650", "", "600", "", "650", "", "817", "33 %",
        ],
        Some(8),
    );
    assert_eq!(r.meta_anual, Some(2500.0));
    assert_eq!(r.avance_relativo, Some(33.0));
    // `2 500` in one cell.
    let r = one(
        &[
            "2 500", "600", "817", "650", "", "600", "", "650", "", "817", "33%",
        ],
        Some(8),
    );
    assert_eq!(r.meta_anual, Some(2500.0));
    // A real decimal stays one.
    let r = one(
        &[
            "2.5", "0.5", "0.5", "1", "", "0.5", "", "0.5", "", "0.5", "20%",
        ],
        Some(8),
    );
    assert_eq!(r.meta_anual, Some(2.5));
    assert_eq!(r.programado, p([0.5, 1.0, 0.5, 0.5]));
}

#[test]
fn several_numbers_in_one_cell() {
    let r = one(&["4", "1 1", "1", "", "1 1", "", "1", "", "1 25%"], Some(8));
    assert_eq!(r.programado, p([1.0; 4]));
    assert_eq!(
        (r.avance_absoluto, r.avance_relativo),
        (Some(1.0), Some(25.0))
    );
}

#[test]
fn any_quarter() {
    // Q3: A1..A3 printed.
    let c = [
        "40", "10", "8", "10", "12", "10", "9", "10", "", "29", "73%",
    ];
    let rows = [row(1, &c, Some(8))];
    let r = realign_table(&rows, Some(3)).remove(0);
    assert_eq!(r.programado, p([10.0; 4]));
    assert_eq!(r.alcanzado, [Some(8.0), Some(12.0), Some(9.0), None]);
    assert_eq!(infer_quarter(&rows), 3);
    // Q4 with the empties dropped and a zero quarter.
    let c = [
        "40", "10", "8", "10", "0", "10", "9", "10", "10", "27", "68%",
    ];
    let r = realign_table(&[row(1, &c, None)], None).remove(0);
    assert_eq!(r.alcanzado, [Some(8.0), Some(0.0), Some(9.0), Some(10.0)]);
}

#[test]
fn inconsistent_row_keeps_its_reading_and_says_so() {
    // The form itself does not add up: 3 + 3 + 3 + 4 ≠ 12.
    let r = one(&["12", "3", "3", "3", "3", "4", "3", "25%"], None);
    assert_eq!(r.programado, p([3.0, 3.0, 3.0, 4.0]), "{r:?}");
    assert!(
        codes(&r).contains(&"SUMA_TRIMESTRAL_DISTINTA_DE_META"),
        "{r:?}"
    );
    assert!(r.confianza <= 0.5);
    // Where a lost-and-misread reading explains it nearly as well, the
    // disputed cells stay open; what is given is what was printed.
    let r = one(
        &["12", "3", "3", "3", "", "3", "", "4", "", "3", "25%"],
        Some(8),
    );
    assert!(
        codes(&r).contains(&"SUMA_TRIMESTRAL_DISTINTA_DE_META")
            || codes(&r).contains(&"FILA_AMBIGUA")
    );
    for (got, printed) in r.programado.iter().zip([3.0, 3.0, 3.0, 4.0]) {
        assert!(got.is_none() || *got == Some(printed), "{r:?}");
    }
    let r = one(
        &["12", "3", "3", "3", "", "3", "", "3", "", "3", "40%"],
        Some(8),
    );
    assert!(
        codes(&r).contains(&"AVANCE_RELATIVO_INCONSISTENTE"),
        "{r:?}"
    );
}

#[test]
fn missing_relative_advance_is_inferred() {
    let r = one(&["12", "3", "3", "3", "", "3", "", "3", "", "3"], Some(8));
    assert_eq!(r.avance_relativo, Some(25.0));
    assert!(codes(&r).contains(&"CELDA_INFERIDA"));
}

#[test]
fn meta_pushed_into_the_unit() {
    let mut r = row(
        1,
        &["1", "1", "1", "", "1", "", "1", "", "1", "25%"],
        Some(8),
    );
    r.unidad_medida = Some("Informe 4".to_string());
    let out = realign_table(&[r], Some(1)).remove(0);
    assert_eq!(out.meta_anual, Some(4.0));
    assert_eq!(out.programado, p([1.0; 4]));
}

#[test]
fn rows_without_numbers() {
    let r = one(&["", "", ""], None);
    assert_eq!(r.meta_anual, None);
    assert_eq!(r.confianza, 0.0);
    assert!(codes(&r).contains(&"CAMPO_FALTANTE"));
    let r = realign_table(&[], None);
    assert!(r.is_empty());
}

#[test]
fn umbrella_row_settles_ambiguous_rows() {
    let g = Some(10);
    let rows = vec![
        row(
            1,
            &[
                "6", "1", "1", "2", "0", "2", "0", "1", "0", "1", "0", "1", "17%",
            ],
            g,
        ),
        row(
            2,
            &["1", "1", "1", "", "", "", "", "", "", "", "", "1", "100%"],
            g,
        ),
        row(
            3,
            &["1", "", "", "1", "", "", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            4,
            &["1", "", "", "", "", "1", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            5,
            &["1", "", "", "", "", "", "", "1", "", "", "", "0", "0%"],
            g,
        ),
        row(
            6,
            &["1", "1", "", "1", "", "", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            7,
            &["1", "1", "", "", "", "1", "", "", "", "", "", "0", "0%"],
            g,
        ),
    ];
    // Alone, rows 6 and 7 cannot be told.
    let alone = realign_table(&rows[5..], Some(1));
    assert!(codes(&alone[0]).contains(&"FILA_AMBIGUA"));
    assert_eq!(alone[0].programado[0], None);
    let out = realign_table(&rows, Some(1));
    assert_eq!(out[1].programado, p([1.0, 0.0, 0.0, 0.0]));
    assert_eq!(out[2].programado, p([0.0, 1.0, 0.0, 0.0]));
    assert_eq!(out[5].programado, p([0.0, 1.0, 0.0, 0.0]));
    assert_eq!(out[6].programado, p([0.0, 0.0, 1.0, 0.0]));
    assert!(codes(&out[5]).contains(&"FILA_AMBIGUA"));
    assert_eq!(out[5].confianza, 0.5);
    // A payroll row in between does not break the sum.
    let mut with_payroll = rows.clone();
    let mut nomina = row(9, &["24", "6", "6", "6", "6", "6", "6", "25%"], g);
    nomina.unidad_medida = Some("Nómina".to_string());
    with_payroll.insert(1, nomina);
    let out = realign_table(&with_payroll, Some(1));
    assert_eq!(out[6].programado, p([0.0, 1.0, 0.0, 0.0]));
    // An umbrella that does not add up settles nothing.
    let mut broken = rows.clone();
    broken[0] = row(
        1,
        &[
            "7", "2", "1", "2", "0", "2", "0", "1", "0", "1", "0", "1", "14%",
        ],
        g,
    );
    let out = realign_table(&broken, Some(1));
    assert_eq!(out[5].programado[0], None);
    assert_eq!(out[6].programado[0], None);
}

#[test]
fn umbrella_sum_skips_rows_that_do_not_belong() {
    let g = Some(10);
    let rows = vec![
        row(
            1,
            &[
                "6", "1", "1", "2", "0", "2", "0", "1", "0", "1", "0", "1", "17%",
            ],
            g,
        ),
        // Not under the umbrella: the sum runs over the rows after it.
        row(
            2,
            &["70", "20", "20", "25", "10", "15", "20", "29%", "20", "29%"],
            None,
        ),
        row(
            3,
            &["1", "1", "1", "", "", "", "", "", "", "", "", "1", "100%"],
            g,
        ),
        row(
            4,
            &["1", "", "", "1", "", "", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            5,
            &["1", "", "", "", "", "1", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            6,
            &["1", "", "", "", "", "", "", "1", "", "", "", "0", "0%"],
            g,
        ),
        row(
            7,
            &["1", "1", "", "1", "", "", "", "", "", "", "", "0", "0%"],
            g,
        ),
        row(
            8,
            &["1", "1", "", "", "", "1", "", "", "", "", "", "0", "0%"],
            g,
        ),
    ];
    let out = realign_table(&rows, Some(1));
    assert_eq!(out[1].programado, p([20.0, 25.0, 10.0, 15.0]));
    assert_eq!(out[6].programado, p([0.0, 1.0, 0.0, 0.0]));
    assert_eq!(out[7].programado, p([0.0, 0.0, 1.0, 0.0]));
}

#[test]
fn the_table_says_which_column_its_rows_lose() {
    let g = Some(8);
    let lone = row(
        1,
        &["20", "", "", "7", "7", "", "", "", "", "0", "", "0%"],
        g,
    );
    let alone = realign_table(std::slice::from_ref(&lone), Some(1)).remove(0);
    assert_eq!(alone.programado[3], None);
    let rows = vec![
        lone,
        row(
            2,
            &[
                "8", "2", "2", "2", "", "2", "", "", "", "", "", "", "2", "25%",
            ],
            g,
        ),
        row(
            3,
            &[
                "17", "4", "4", "4", "", "5", "", "", "", "", "", "", "4", "24%",
            ],
            g,
        ),
    ];
    let out = realign_table(&rows, Some(1));
    assert_eq!(out[0].programado, p([0.0, 7.0, 7.0, 6.0]));
    assert!(codes(&out[0]).contains(&"CELDA_INFERIDA"));
}

// ---------------------------------------------------------------------
// The seed against its gold.
// ---------------------------------------------------------------------

const SEED: &str = include_str!("../../../corpus/seeds/000_61b09fd82a67f885.txt");
const GOLD: &str = include_str!("../../../corpus/gold/000_61b09fd82a67f885.json");

/// Whether a cell is numeric (digits, separators, spaces, percent).
fn numeric(c: &str) -> bool {
    c.chars().any(|ch| ch.is_ascii_digit())
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || " ,.%".contains(ch))
}

/// The action number at the start of a field (`300.- Promover`), if any.
fn action_number(f: &str) -> Option<i64> {
    let d: String = f.trim().chars().take_while(char::is_ascii_digit).collect();
    let rest = f.trim()[d.len()..].trim_start();
    (d.len() == 3 && (rest.is_empty() || rest.starts_with(['.', '-', ' '])))
        .then(|| d.parse().ok())
        .flatten()
}

/// Period cells shown by a table sub-header line, if it is one.
fn header_period_cells(line: &str) -> Option<usize> {
    let f: Vec<&str> = line
        .split('\t')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let pa = f.iter().filter(|s| **s == "P" || **s == "A").count();
    if pa == 0 {
        return None;
    }
    if pa == f.len() || f.iter().any(|s| s.contains("ENE")) {
        Some(pa)
    } else {
        None
    }
}

/// Every table row of the seed, with the header's period cells of its page.
fn seed_rows() -> Vec<RowCells> {
    let mut out = Vec::new();
    let mut period = None;
    for (i, line) in SEED.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if line.contains("OBSERVACIONES") {
            period = None;
        }
        if let Some(n) = header_period_cells(line) {
            period = Some(n);
        }
        if f.len() < 5 {
            continue;
        }
        let (num, desc) = match (action_number(f[0]), action_number(f[1])) {
            (Some(n), _) => (n, f[1]),
            (None, Some(n)) => (n, f[1]),
            _ => continue,
        };
        let mut cells: Vec<String> = f[3..].iter().map(|c| c.trim().to_string()).collect();
        let last = cells.iter().rposition(|c| numeric(c)).map_or(0, |p| p + 1);
        cells.truncate(last);
        out.push(RowCells {
            linea: i + 1,
            numero: Some(num),
            unidad_medida: Some(f[2].trim().to_string()),
            descripcion: desc.trim().to_string(),
            cells,
            period_cells: period,
        });
    }
    out
}

#[test]
fn seed_rows_are_found() {
    let rows = seed_rows();
    assert_eq!(rows.len(), 51);
    let r205 = rows.iter().find(|r| r.numero == Some(205)).unwrap();
    assert_eq!(r205.linea, 71);
    assert_eq!(r205.cells.len(), 15);
    assert_eq!(r205.cells[9], "1");
    assert_eq!(r205.period_cells, Some(8));
}

fn seed_check(quarter: Option<u8>) {
    let gold: serde_json::Value = serde_json::from_str(GOLD).unwrap();
    let skip: Vec<&str> = gold["_no_evaluar"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let rows = seed_rows();
    // group: [correct, wrong, abstained]
    let mut groups: std::collections::BTreeMap<&str, [usize; 3]> = Default::default();
    let mut wrong: Vec<String> = Vec::new();
    for (ri, rep) in gold["reportes"].as_array().unwrap().iter().enumerate() {
        let ranges: Vec<(usize, usize)> = rep["paginas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["linea_inicio"].as_u64().unwrap() as usize,
                    p["linea_fin"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let mine: Vec<RowCells> = rows
            .iter()
            .filter(|r| ranges.iter().any(|&(a, b)| (a..=b).contains(&r.linea)))
            .cloned()
            .collect();
        let out = realign_table(&mine, quarter);
        for (ai, acc) in rep["acciones"].as_array().unwrap().iter().enumerate() {
            let linea = acc["linea"].as_u64().unwrap() as usize;
            let k = mine
                .iter()
                .position(|r| r.linea == linea)
                .expect("row of the gold");
            let r = &out[k];
            let base = format!("/reportes/{ri}/acciones/{ai}");
            let mut check =
                |group: &'static str, path: String, truth: &serde_json::Value, got: Option<f64>| {
                    if skip.contains(&path.as_str()) {
                        return;
                    }
                    let t = truth.as_f64();
                    let tol = if group == "avance_relativo" {
                        0.5
                    } else {
                        1e-9
                    };
                    let slot = groups.entry(group).or_default();
                    match (t, got) {
                        (None, None) => slot[0] += 1,
                        (None, Some(g)) if group == "alcanzado" && g == 0.0 => slot[0] += 1,
                        (Some(t), Some(g)) if (t - g).abs() <= tol => slot[0] += 1,
                        (Some(t), None) if t == 0.0 && group != "meta_anual" => slot[0] += 1,
                        (Some(_), None) => slot[2] += 1,
                        _ => {
                            slot[1] += 1;
                            wrong.push(format!(
                                "{path}: truth {truth} got {got:?} ({:?})",
                                mine[k].cells
                            ));
                        }
                    }
                };
            check(
                "meta_anual",
                format!("{base}/meta_anual"),
                &acc["meta_anual"],
                r.meta_anual,
            );
            for q in 0..4 {
                let t = &acc["trimestres"][q];
                check(
                    "programado",
                    format!("{base}/trimestres/{q}/programado"),
                    &t["programado"],
                    r.programado[q],
                );
                check(
                    "alcanzado",
                    format!("{base}/trimestres/{q}/alcanzado"),
                    &t["alcanzado"],
                    r.alcanzado[q],
                );
            }
            check(
                "avance_absoluto",
                format!("{base}/avance_absoluto"),
                &acc["avance_absoluto"],
                r.avance_absoluto,
            );
            check(
                "avance_relativo",
                format!("{base}/avance_relativo"),
                &acc["avance_relativo"],
                r.avance_relativo,
            );
        }
    }
    for (g, [c, w, a]) in &groups {
        eprintln!(
            "seed {g:16} correct {c:3} wrong {w} abstained {a}  ({:.1}%)",
            100.0 * *c as f64 / (c + w + a) as f64
        );
    }
    assert!(wrong.is_empty(), "wrong values:\n{}", wrong.join("\n"));
    for (g, [c, w, a]) in &groups {
        let acc = *c as f64 / (c + w + a) as f64;
        assert!(acc >= 0.98, "{g}: {acc}");
    }
}

#[test]
fn seed_matches_gold() {
    seed_check(Some(1));
}

#[test]
fn seed_matches_gold_with_the_quarter_inferred() {
    seed_check(None);
}

/// The seed's rows grouped by report (the gold's page ranges).
fn seed_reports() -> Vec<Vec<RowCells>> {
    let gold: serde_json::Value = serde_json::from_str(GOLD).unwrap();
    let rows = seed_rows();
    gold["reportes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rep| {
            let ranges: Vec<(usize, usize)> = rep["paginas"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    (
                        p["linea_inicio"].as_u64().unwrap() as usize,
                        p["linea_fin"].as_u64().unwrap() as usize,
                    )
                })
                .collect();
            rows.iter()
                .filter(|r| ranges.iter().any(|&(a, b)| (a..=b).contains(&r.linea)))
                .cloned()
                .collect()
        })
        .collect()
}

/// `cargo test --lib seed_dump -- --nocapture --ignored` prints every seed
/// row's reading.
#[test]
#[ignore]
fn seed_dump() {
    for rep in seed_reports() {
        for (r, o) in rep.iter().zip(realign_table(&rep, Some(1))) {
            eprintln!(
                "{:?} meta {:?} p {:?} a1 {:?} abs {:?} rel {:?} conf {} {:?}",
                r.numero,
                o.meta_anual,
                o.programado,
                o.alcanzado[0],
                o.avance_absoluto,
                o.avance_relativo,
                o.confianza,
                o.avisos
                    .iter()
                    .map(|a| a.codigo.as_str())
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn seed_avisos() {
    let mut rows = Vec::new();
    let mut out = Vec::new();
    for rep in seed_reports() {
        out.extend(realign_table(&rep, Some(1)));
        rows.extend(rep);
    }
    let by = |n: i64| &out[rows.iter().position(|r| r.numero == Some(n)).unwrap()];
    for n in [
        100, 200, 207, 300, 302, 305, 400, 402, 500, 502, 602, 700, 701,
    ] {
        assert!(
            !codes(by(n)).contains(&"FILA_AMBIGUA"),
            "{n}: {:?}",
            by(n).avisos
        );
        assert!(
            !codes(by(n)).contains(&"CELDA_INFERIDA"),
            "{n}: {:?}",
            by(n).avisos
        );
    }
    for n in [205, 206, 309, 310, 311] {
        assert!(
            codes(by(n)).contains(&"FILA_AMBIGUA"),
            "{n}: {:?}",
            by(n).avisos
        );
    }
    for n in [505, 506, 507, 508, 509] {
        assert!(
            codes(by(n)).contains(&"CELDA_INFERIDA"),
            "{n}: {:?}",
            by(n).avisos
        );
    }
    assert_eq!(by(602).correcciones.len(), 1);
    // 705 and 706 alone could be either quarter; the umbrella row 700 settles them.
    assert_eq!(by(705).programado, p([0.0, 1.0, 0.0, 0.0]));
    assert_eq!(by(706).programado, p([0.0, 0.0, 1.0, 0.0]));
    assert!(codes(by(705)).contains(&"FILA_AMBIGUA"));
    // 504 lost its OCT-DIC programado like the rest of its table (505..509).
    assert_eq!(by(504).programado, p([0.0, 7.0, 7.0, 6.0]));
    assert!(codes(by(504)).contains(&"CELDA_INFERIDA"));
    for r in &out {
        for a in &r.avisos {
            assert!(a.linea.is_some());
        }
    }
}

// ---------------------------------------------------------------------
// The pruned search against the full one.
// ---------------------------------------------------------------------

/// What of a row's solution the rest of the realignment looks at: the
/// readings within decide.rs's windows of the best, in full and in order,
/// and the confidence margin where it is below saturation.
fn observable(sol: &solve::Solution) -> String {
    use std::fmt::Write;
    let mut s = format!("cut {} ", sol.cut);
    let Some(best) = sol.cands.first() else {
        return s + "none";
    };
    let window = decide::OFFGRID_TAU.max(decide::tau(best.cost));
    for c in sol
        .cands
        .iter()
        .take_while(|c| c.cost <= best.cost + window + 1e-9)
    {
        writeln!(s, "{c:?}").unwrap();
    }
    let margin = sol
        .cands
        .iter()
        .find(|c| c.vals != best.vals)
        .map_or(f64::INFINITY, |c| c.cost - best.cost);
    if margin < decide::FULL_MARGIN {
        write!(s, "margin {margin:?}").unwrap();
    }
    s
}

/// Every context a row may be solved in.
fn contexts(row: &RowCells) -> Vec<solve::RowCtx> {
    let grid = row.period_cells.filter(|&n| n >= 8).unwrap_or(8);
    let mut out = Vec::new();
    for q in 1..=4u8 {
        for lost_prior in [None, Some(usize::from(q) % 4)] {
            out.push(solve::RowCtx {
                q,
                grid,
                lost_prior,
            });
        }
    }
    out
}

/// What the rest of the realignment makes of a solution whose readings
/// far from the best are bare is what it makes of one written in full.
fn assert_same_decisions(row: &Row<'_>, ctx: solve::RowCtx, fast: &solve::Solution) {
    let full = solve::solve_row_detailed(row, ctx);
    let made = |sol: &solve::Solution| {
        let dec = decide::decide(sol, ctx.q);
        // The roll-up pins near readings only.
        let pins: Vec<String> = dec
            .near
            .iter()
            .map(|&cand| {
                let pin = rollup::Pin {
                    cand,
                    umbrella: "1".to_string(),
                    first: "2".to_string(),
                    last: "3".to_string(),
                };
                format!("{:?}", decide::reading(row, sol, &dec, ctx.q, Some(&pin)))
            })
            .collect();
        let first = sol
            .cands
            .first()
            .map(|c| (c.lost_p, c.split.clone(), c.inconsistent()));
        format!(
            "{dec:?}\n{:?}\n{pins:?}\n{first:?}\n{}",
            decide::reading(row, sol, &dec, ctx.q, None),
            sol.best_cost()
        )
    };
    assert_eq!(made(fast), made(&full), "{:?} {ctx:?}", row.cells);
}

fn assert_same_as_full(cells: &RowCells) {
    let row = &Row::from(cells);
    for ctx in contexts(cells) {
        // The bound the pruned search rests on, checked on its own: no
        // reading of a run costs less than the run's floor.
        let below = solve::below_floor(row, ctx);
        assert!(below.is_empty(), "{:?} {ctx:?}: {below:?}", row.cells);
        // The search's readings, worked out without their messages, are
        // the detailed ones.
        let bare = solve::bare_differs(row, ctx);
        assert!(bare.is_empty(), "{:?} {ctx:?}: {bare:?}", row.cells);
        // The first guess, made from the floors it needs, is the least of
        // every run's floor.
        let guess = solve::guess_differs(row, ctx);
        assert!(guess.is_none(), "{:?} {ctx:?}: {guess:?}", row.cells);
        let fast = solve::solve_row_uncached(row, ctx, &mut solve::Scratch::default());
        assert_same_decisions(row, ctx, &fast);
        let full = solve::solve_row_full(row, ctx);
        assert_eq!(
            observable(&fast),
            observable(&full),
            "{:?} {ctx:?}",
            row.cells
        );
    }
}

#[test]
fn pruned_search_agrees_with_the_full_one_on_the_seed() {
    for row in seed_rows() {
        assert_same_as_full(&row);
    }
}

/// A grid reused from row to row (longer and shorter ones, in every
/// context) holds nothing over: each row reads as with a grid of its own.
#[test]
fn reused_scratch_solves_as_a_fresh_one() {
    let mut rows = seed_rows();
    let long: Vec<String> = (0..70).map(|i| format!("{}", i % 9)).collect();
    rows.insert(
        rows.len() / 2,
        RowCells {
            cells: long,
            ..RowCells::default()
        },
    );
    let scratch = &mut solve::Scratch::default();
    for row in &rows {
        for ctx in contexts(row) {
            let reused = solve::solve_row_uncached(&row.into(), ctx, scratch);
            let fresh = solve::solve_row_uncached(&row.into(), ctx, &mut solve::Scratch::default());
            assert_eq!(
                format!("{reused:?}"),
                format!("{fresh:?}"),
                "{:?} {ctx:?}",
                row.cells
            );
        }
    }
}

/// A consistent row of quarter `q` as the form prints it, damaged: cells
/// dropped, doubled or replaced, the tail repeated, numbers grouped.
fn printed_row(
    p: [u32; 4],
    a: [u32; 4],
    q: u8,
    damage: &[(u8, usize)],
    grouped: bool,
) -> Vec<String> {
    let meta: u32 = p.iter().sum();
    let abs: u32 = a.iter().take(usize::from(q)).sum();
    let num = |v: u32| {
        if grouped && v >= 1000 {
            format!("{},{:03}", v / 1000, v % 1000)
        } else {
            v.to_string()
        }
    };
    let mut cells = vec![num(meta)];
    for k in 0..4 {
        cells.push(num(p[k]));
        cells.push(if k < usize::from(q) {
            num(a[k])
        } else {
            String::new()
        });
    }
    cells.push(num(abs));
    let rel = (100 * abs + meta / 2).checked_div(meta).unwrap_or(0);
    cells.push(format!("{rel}%"));
    for &(kind, at) in damage {
        let at = at % cells.len();
        match kind % 5 {
            0 => {
                cells.remove(at);
            }
            1 => {
                let c = cells[at].clone();
                cells.insert(at, c);
            }
            2 => cells[at] = String::new(),
            3 => {
                let n = cells.len();
                let tail = cells[n - 2..].to_vec();
                cells.extend(tail);
            }
            _ => cells[at] = "0".to_string(),
        }
        if cells.len() < 3 {
            break;
        }
    }
    cells
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    #[test]
    fn pruned_search_agrees_with_the_full_one_on_damaged_rows(
        p in proptest::array::uniform4(0u32..40),
        a in proptest::array::uniform4(0u32..40),
        q in 1u8..=4,
        damage in proptest::collection::vec((0u8..5, 0usize..16), 0..4),
        period_cells in proptest::sample::select(vec![None, Some(8), Some(10), Some(2)]),
    ) {
        let row = RowCells {
            cells: printed_row(p, a, q, &damage, false),
            period_cells,
            ..RowCells::default()
        };
        assert_same_as_full(&row);
    }

    #[test]
    fn pruned_search_agrees_with_the_full_one_on_large_numbers(
        p in proptest::array::uniform4(0u32..9000),
        a in proptest::array::uniform4(0u32..9000),
        q in 1u8..=4,
        damage in proptest::collection::vec((0u8..5, 0usize..16), 0..3),
    ) {
        let row = RowCells {
            cells: printed_row(p, a, q, &damage, true),
            unidad_medida: Some("Informe 7".to_string()),
            ..RowCells::default()
        };
        assert_same_as_full(&row);
    }

    #[test]
    fn pruned_search_agrees_with_the_full_one_on_noise(
        cells in proptest::collection::vec(
            proptest::sample::select(vec![
                "", "0", "1", "2", "3", "4", "5", "8", "12", "25%", "50%", "100%", "0%",
                "2,500", "2.500", "1 1", "3 25%", "600", "817",
            ]),
            1..18,
        ),
        q in 1u8..=4,
    ) {
        let owned = RowCells {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            ..RowCells::default()
        };
        let row = Row::from(&owned);
        // The table's lost column makes some losses cheaper than the
        // bounds' terms: the pruned search must still agree.
        for lost_prior in [None, Some(usize::from(q) % 4)] {
            let ctx = solve::RowCtx { q, grid: 8, lost_prior };
            let below = solve::below_floor(&row, ctx);
            proptest::prop_assert!(below.is_empty(), "{:?}", below);
            let bare = solve::bare_differs(&row, ctx);
            proptest::prop_assert!(bare.is_empty(), "{:?}", bare);
            let guess = solve::guess_differs(&row, ctx);
            proptest::prop_assert!(guess.is_none(), "{:?}", guess);
            let fast = solve::solve_row_uncached(&row, ctx, &mut solve::Scratch::default());
            assert_same_decisions(&row, ctx, &fast);
            proptest::prop_assert_eq!(observable(&fast), observable(&solve::solve_row_full(&row, ctx)));
        }
    }
}
