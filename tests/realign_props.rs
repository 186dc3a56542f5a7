//! Property tests of the table realignment: random consistent rows of a
//! random quarter, damaged the ways the OCR damages them, must come back
//! exactly or honestly marked (`None` / `FILA_AMBIGUA`), never silently
//! wrong. A fixed-seed generated set gives the figures (run with
//! `--nocapture` to see them).

use poa_ocr::resolve::realign::{realign_table, Reading, RowCells};
use proptest::prelude::*;

// ---------------------------------------------------------------------
// A tiny deterministic PRNG (splitmix64).
// ---------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.next() as usize % v.len()]
    }
}

// ---------------------------------------------------------------------
// Truth and printing.
// ---------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Truth {
    meta: f64,
    p: [f64; 4],
    a: [Option<f64>; 4],
    abs: f64,
    rel: f64,
}

fn split(rng: &mut Rng, total: u64) -> [u64; 4] {
    match rng.range(0, 99) {
        // Equal quarters, the commonest plan.
        0..=29 if total % 4 == 0 => [total / 4; 4],
        // Some quarters without a target.
        0..=14 | 85..=99 => {
            let mut p = [0u64; 4];
            let mut on: Vec<usize> = (0..4).filter(|_| rng.chance(0.5)).collect();
            if on.is_empty() {
                on.push(rng.range(0, 3) as usize);
            }
            let mut left = total;
            for (n, &k) in on.iter().enumerate() {
                let v = if n + 1 == on.len() {
                    left
                } else {
                    rng.range(0, left)
                };
                p[k] = v;
                left -= v;
            }
            p
        }
        _ => {
            let w: Vec<u64> = (0..4).map(|_| rng.range(1, 10)).collect();
            let sw: u64 = w.iter().sum();
            let mut p = [0u64; 4];
            let mut given = 0;
            for k in 0..4 {
                p[k] = total * w[k] / sw;
                given += p[k];
            }
            let k = rng.range(0, 3) as usize;
            p[k] += total - given;
            p
        }
    }
}

fn truth(rng: &mut Rng, q: u8, big: bool) -> Truth {
    let meta = if big {
        rng.range(1000, 60000)
    } else {
        match rng.range(0, 9) {
            0..=2 => rng.range(1, 12),
            3..=6 => rng.range(12, 400),
            _ => rng.range(400, 40000),
        }
    };
    let p = split(rng, meta);
    let mut a = [None; 4];
    let mut abs = 0;
    for k in 0..usize::from(q) {
        let v = if p[k] == 0 {
            rng.range(0, 1) * rng.range(0, 2)
        } else {
            p[k] * rng.range(0, 16) / 10
        };
        a[k] = Some(v as f64);
        abs += v;
    }
    // A few rows carry decimals (meta 2.5, ...).
    let div = if !big && rng.chance(0.04) { 10.0 } else { 1.0 };
    let meta_f = meta as f64 / div;
    let abs_f = abs as f64 / div;
    Truth {
        meta: meta_f,
        p: p.map(|v| v as f64 / div),
        a: a.map(|v| v.map(|x| x / div)),
        abs: abs_f,
        rel: (100.0 * abs_f / meta_f).round(),
    }
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Thousands separators in one of the styles the OCR writes.
fn fmt_thousands(v: f64, style: u8) -> String {
    let s = fmt(v);
    if v < 1000.0 || v.fract() != 0.0 {
        return s;
    }
    let sep = match style {
        0 => ",",
        1 => " ",
        _ => ".",
    };
    let digits: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(*c);
    }
    out
}

/// The damage patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Damage {
    Clean,
    DropEmpties,
    Duplicate,
    Compact,
    RepeatTail,
    LoseLastP,
    LoseOneP,
    Thousands,
    Percent,
    Echo,
    JunkAfter,
    /// A P value dropped from a row that also drops its empties: the text
    /// cannot say which quarter lost it. Only honest marking is expected.
    LoseInCompact,
}

const PATTERNS: [Damage; 12] = [
    Damage::Clean,
    Damage::DropEmpties,
    Damage::Duplicate,
    Damage::Compact,
    Damage::RepeatTail,
    Damage::LoseLastP,
    Damage::LoseOneP,
    Damage::Thousands,
    Damage::Percent,
    Damage::Echo,
    Damage::JunkAfter,
    Damage::LoseInCompact,
];

/// A printed row: cells, the header's period cells, and whether the text
/// still determines every value (see [`Printed::determinable`]).
struct Printed {
    /// The values printed somewhere in the row.
    values: Vec<f64>,
    cells: Vec<String>,
    period_cells: Option<usize>,
    /// False where the damage destroys the information itself: a row that
    /// drops its empty cells (or shifts them by a duplicate) while a
    /// programado or a reached alcanzado was printed empty, so its quarter
    /// is gone; a value lost while another programado is also printed
    /// empty; a value lost from a row without empty cells. There only an
    /// honest `None` / `FILA_AMBIGUA` is expected.
    determinable: bool,
}

fn print(rng: &mut Rng, t: &Truth, q: u8, d: Damage) -> Printed {
    let style = rng.range(0, 2) as u8;
    let num = |v: f64| {
        if d == Damage::Thousands {
            fmt_thousands(v, style)
        } else {
            fmt(v)
        }
    };
    let mut period: Vec<String> = Vec::new();
    // Quarters whose programado / reached alcanzado is printed empty.
    let mut empty_p = [false; 4];
    let mut empty_a = false;
    for (k, empty) in empty_p.iter_mut().enumerate() {
        *empty = t.p[k] == 0.0 && rng.chance(0.7);
        period.push(if *empty { String::new() } else { num(t.p[k]) });
        period.push(match t.a[k] {
            Some(v) if v == 0.0 && rng.chance(0.25) => {
                empty_a = true;
                String::new()
            }
            Some(v) => num(v),
            None => String::new(),
        });
    }
    let any_empty = empty_p.iter().any(|&e| e) || empty_a;
    let mut determinable = true;
    let mut lost = None;
    let rel = match d {
        Damage::Percent => format!("{} %", fmt(t.rel)),
        _ => format!("{}%", fmt(t.rel)),
    };
    let mut tail = vec![num(t.abs), rel];
    let mut header = *rng.pick(&[Some(8), Some(8), Some(8), Some(10), None]);
    match d {
        Damage::Clean | Damage::Thousands | Damage::Percent => {}
        Damage::DropEmpties => {
            period.retain(|c| !c.is_empty());
            header = *rng.pick(&[Some(8), None]);
            determinable = !any_empty;
        }
        Damage::Compact => {
            period.retain(|c| !c.is_empty());
            header = *rng.pick(&[Some(2), None]);
            determinable = !any_empty;
        }
        Damage::Duplicate => {
            // A copy of a value found nowhere else in the row can be told
            // from the columns; a copy of a repeated value may make another
            // reading just as good.
            determinable = !any_empty;
            let n = rng.range(1, 2);
            for _ in 0..n {
                let full: Vec<usize> = (0..period.len())
                    .filter(|&i| !period[i].is_empty())
                    .collect();
                if let Some(&i) = (!full.is_empty()).then(|| rng.pick(&full)) {
                    let c = period[i].clone();
                    let repeated =
                        c == "0" || period.iter().filter(|x| **x == c).count() > 1 || tail[0] == c;
                    determinable &= !repeated;
                    period.insert(i, c);
                }
            }
        }
        Damage::RepeatTail => {
            let n = rng.range(1, 2);
            let copy = tail.clone();
            for _ in 0..n {
                tail.extend(copy.iter().cloned());
            }
        }
        Damage::LoseLastP => {
            if t.p[3] != 0.0 {
                lost = Some(3);
                period[6] = String::new();
                determinable = !empty_p.iter().any(|&e| e);
            }
        }
        Damage::LoseOneP => {
            let k = rng.range(0, 3) as usize;
            if t.p[k] != 0.0 {
                lost = Some(k);
                period[2 * k] = String::new();
                determinable = !empty_p.iter().any(|&e| e);
            }
        }
        Damage::Echo => {
            if rng.chance(0.5) {
                // Page-2 style: the last columns printed again after OCT-DIC.
                let echo: Vec<String> = period[4..8].to_vec();
                period.extend(echo);
            } else {
                // Page-7 style: empties dropped, values echoed at random.
                determinable = !any_empty;
                period.retain(|c| !c.is_empty());
                let vals: Vec<String> = period.clone();
                if !vals.is_empty() {
                    for _ in 0..rng.range(2, 5) {
                        period.push(rng.pick(&vals).clone());
                    }
                }
            }
        }
        Damage::JunkAfter => {
            for k in usize::from(q)..4 {
                period[2 * k + 1] = if rng.chance(0.5) {
                    "0".to_string()
                } else {
                    period[2 * k].clone()
                };
            }
        }
        Damage::LoseInCompact => {
            determinable = false;
            let k = rng.range(0, 3) as usize;
            if t.p[k] != 0.0 {
                lost = Some(k);
                period[2 * k] = String::new();
            }
            period.retain(|c| !c.is_empty());
            header = *rng.pick(&[Some(2), None]);
        }
    }
    let meta = num(t.meta);
    if d == Damage::Duplicate && period.iter().filter(|c| **c == meta).count() > 0 {
        determinable = false;
    }
    let mut cells = vec![meta];
    cells.extend(period);
    cells.extend(tail);
    let mut values = vec![t.meta, t.abs, t.rel, 0.0];
    for k in 0..4 {
        if lost != Some(k) {
            values.push(t.p[k]);
        }
        values.extend(t.a[k]);
    }
    Printed {
        values,
        cells,
        period_cells: header,
        determinable,
    }
}

// ---------------------------------------------------------------------
// Checking.
// ---------------------------------------------------------------------

#[derive(Default, Clone, Copy)]
struct Tally {
    rows: usize,
    exact: usize,
    wrong_rows: usize,
    marked: usize,
    values: usize,
    wrong_values: usize,
}

/// `(values checked, wrong values, all correct)` under the referee's
/// rules: a programado `None` is right where the truth is 0; an alcanzado
/// after the quarter must be `None` or 0.
fn check(t: &Truth, r: &Reading, q: u8) -> (usize, usize, bool) {
    let mut n = 0;
    let mut wrong = 0;
    let mut ok = true;
    let mut one = |truth: Option<f64>, got: Option<f64>, zero_none: bool, tol: f64| {
        n += 1;
        match (truth, got) {
            (None, None) => {}
            (None, Some(0.0)) => {}
            (Some(t), Some(g)) if (t - g).abs() <= tol => {}
            (Some(t), None) if zero_none && t == 0.0 => {}
            (Some(_), None) => ok = false,
            _ => {
                ok = false;
                wrong += 1;
            }
        }
    };
    one(Some(t.meta), r.meta_anual, false, 1e-9);
    for k in 0..4 {
        one(Some(t.p[k]), r.programado[k], true, 1e-9);
        let ta = if k < usize::from(q) { t.a[k] } else { None };
        one(ta, r.alcanzado[k], true, 1e-9);
    }
    one(Some(t.abs), r.avance_absoluto, false, 1e-9);
    one(Some(t.rel), r.avance_relativo, false, 0.5);
    (n, wrong, ok)
}

fn marked(r: &Reading) -> bool {
    r.avisos.iter().any(|a| {
        matches!(
            a.codigo.as_str(),
            "FILA_AMBIGUA"
                | "SUMA_TRIMESTRAL_DISTINTA_DE_META"
                | "AVANCE_ABSOLUTO_INCONSISTENTE"
                | "AVANCE_RELATIVO_INCONSISTENTE"
        )
    })
}

/// A table of one page style: its rows, truths and damages.
struct Table {
    values: Vec<Vec<f64>>,
    rows: Vec<RowCells>,
    truths: Vec<Truth>,
    damages: Vec<Damage>,
    determinable: Vec<bool>,
    q: u8,
}

fn table(rng: &mut Rng, n: usize, only: Option<Damage>) -> Table {
    let q = rng.range(1, 4) as u8;
    let mut rows = Vec::new();
    let mut truths = Vec::new();
    let mut damages = Vec::new();
    let mut determinable = Vec::new();
    let mut values = Vec::new();
    for i in 0..n {
        let d = only.unwrap_or_else(|| *rng.pick(&PATTERNS));
        let t = truth(rng, q, d == Damage::Thousands);
        let printed = print(rng, &t, q, d);
        rows.push(RowCells {
            linea: 100 + i,
            numero: Some(100 + i as i64),
            unidad_medida: Some("Informe".to_string()),
            descripcion: format!("Acción {i}"),
            cells: printed.cells,
            period_cells: printed.period_cells,
        });
        truths.push(t);
        damages.push(d);
        determinable.push(printed.determinable);
        values.push(printed.values);
    }
    Table {
        values,
        rows,
        truths,
        damages,
        determinable,
        q,
    }
}

// ---------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------

/// The properties draw their cases from a fixed seed, so that every run
/// (and CI) checks the same cases; change the seed to explore others.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x504f_415f_4f43_5231),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(400))]

    /// Every damage pattern, one row at a time: where the text still
    /// determines the values, they come back exactly, or the wrong or
    /// missing values are marked.
    #[test]
    fn damaged_rows_are_recovered_or_marked(seed in any::<u64>(), pattern in 0usize..PATTERNS.len()) {
        let mut rng = Rng(seed);
        let t = table(&mut rng, 1, Some(PATTERNS[pattern]));
        let out = realign_table(&t.rows, Some(t.q));
        prop_assert_eq!(out.len(), 1);
        let (_, wrong, _) = check(&t.truths[0], &out[0], t.q);
        prop_assert!(
            !t.determinable[0] || wrong == 0 || marked(&out[0]),
            "silently wrong: {:?} q{} cells {:?}\ntruth {:?}\ngot {:?}",
            t.damages[0], t.q, t.rows[0].cells, t.truths[0], out[0]
        );
    }

    /// Whatever the damage, nothing is invented silently: every value given
    /// is printed in the row, or deduced and flagged `CELDA_INFERIDA`.
    #[test]
    fn nothing_is_invented_silently(seed in any::<u64>(), pattern in 0usize..PATTERNS.len()) {
        let mut rng = Rng(seed);
        let t = table(&mut rng, 1, Some(PATTERNS[pattern]));
        let r = &realign_table(&t.rows, Some(t.q))[0];
        let inferred = r.avisos.iter().any(|a| a.codigo == "CELDA_INFERIDA");
        let given = [r.meta_anual, r.avance_absoluto, r.avance_relativo]
            .into_iter()
            .chain(r.programado)
            .chain(r.alcanzado)
            .flatten();
        for v in given {
            let printed = t.values[0].iter().any(|p| (p - v).abs() < 1e-9);
            prop_assert!(printed || inferred, "{v} invented: cells {:?} got {:?}", t.rows[0].cells, r);
        }
    }

}

/// Found by a random run of `damaged_rows_are_recovered_or_marked`: junk
/// copies after the values (`2 2 6 6 2 2` for `2 · 6 · 2 ·`) also read as
/// the after-quarter alcanzado columns dropped and the values echoed after
/// the last one (`2 2 6` + `6 2 2`), and both readings' programados add up
/// to the META (`2 2 6 2` and `2 2 2 6`). The solver took the echo reading
/// with confidence 0.63 and no `FILA_AMBIGUA`: a copy beside its original in
/// a column after the quarter cost more than the same copy left over after
/// the last column.
#[test]
fn junk_copies_tie_is_read_or_marked() {
    let mut rng = Rng(7120769921187420254);
    let t = table(&mut rng, 1, Some(PATTERNS[10]));
    assert_eq!(
        t.rows[0].cells,
        ["12", "2", "1", "2", "2", "6", "6", "2", "2", "1", "8%"]
    );
    let out = realign_table(&t.rows, Some(t.q));
    let (_, wrong, _) = check(&t.truths[0], &out[0], t.q);
    assert!(
        wrong == 0 || marked(&out[0]),
        "silently wrong: cells {:?} got {:?}",
        t.rows[0].cells,
        out[0]
    );
}

/// A row of small values (so that other orders of its programados add up
/// to the META too) whose alcanzado cells after the quarter repeat the
/// programado beside them or hold 0, as in the seed's action 404 (`3 2 2 2 2 2`).
fn junk_copies_row(rng: &mut Rng) -> (Truth, u8, Printed) {
    let q = rng.range(1, 3) as u8;
    let mut p = [0.0; 4];
    for v in p.iter_mut() {
        *v = rng.range(0, 6) as f64;
    }
    if p.iter().all(|&v| v == 0.0) {
        p[0] = 1.0;
    }
    let meta: f64 = p.iter().sum();
    let mut a = [None; 4];
    let mut abs = 0.0;
    for x in a.iter_mut().take(usize::from(q)) {
        let v = rng.range(0, 6) as f64;
        *x = Some(v);
        abs += v;
    }
    let t = Truth {
        meta,
        p,
        a,
        abs,
        rel: (100.0 * abs / meta).round(),
    };
    let printed = print(rng, &t, q, Damage::JunkAfter);
    (t, q, printed)
}

proptest! {
    #![proptest_config(config(1000))]

    /// The junk copies after the quarter (see [`junk_copies_row`]) never
    /// make a silently wrong row: the columns after the quarter read as
    /// junk or as dropped (with the copies echoed after the last one)
    /// explain the text about as well, and where the two readings differ
    /// the row is marked.
    #[test]
    fn junk_copies_after_the_quarter_are_read_or_marked(seed in any::<u64>()) {
        let mut rng = Rng(seed);
        let (t, q, printed) = junk_copies_row(&mut rng);
        let row = RowCells { cells: printed.cells.clone(), period_cells: printed.period_cells, ..RowCells::default() };
        let r = &realign_table(&[row], Some(q))[0];
        let (_, wrong, _) = check(&t, r, q);
        prop_assert!(wrong == 0 || marked(r), "silently wrong: q{} cells {:?}\ntruth {:?}\ngot {:?}", q, printed.cells, t, r);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Any cells at all: one reading per row, no panic, sane confidence.
    #[test]
    fn arbitrary_cells_never_panic(
        cells in proptest::collection::vec("[0-9 .,%]{0,8}", 0..48),
        q in proptest::option::of(0u8..6),
    ) {
        let row = RowCells { cells, ..RowCells::default() };
        let out = realign_table(&[row.clone(), row], q);
        prop_assert_eq!(out.len(), 2);
        for r in &out {
            prop_assert!((0.0..=1.0).contains(&r.confianza));
        }
    }
}

// ---------------------------------------------------------------------
// The generated set: figures.
// ---------------------------------------------------------------------

#[test]
fn generated_set_figures() {
    let mut rng = Rng(0x5EED_2026);
    let mut by: std::collections::BTreeMap<Damage, Tally> = Default::default();
    let mut all = Tally::default();
    // Rows whose text still determines every value.
    let mut all_scored = Tally::default();
    let mut by_q = [Tally::default(); 4];
    let mut samples: Vec<String> = Vec::new();
    let mut silent = 0;
    let tables = 200;
    for ti in 0..tables {
        let mut t = table(&mut rng, 10, None);
        // A quarter of the tables do not say their quarter.
        let given = if ti % 4 == 3 { None } else { Some(t.q) };
        // Some tables open with an umbrella row: the sum of the others.
        if ti % 5 == 0 {
            let mut u = Truth {
                meta: 0.0,
                p: [0.0; 4],
                a: [None; 4],
                abs: 0.0,
                rel: 0.0,
            };
            for tr in &t.truths {
                u.meta += tr.meta;
                for k in 0..4 {
                    u.p[k] += tr.p[k];
                    if let Some(v) = tr.a[k] {
                        u.a[k] = Some(u.a[k].unwrap_or(0.0) + v);
                    }
                }
                u.abs += tr.abs;
            }
            u.rel = (100.0 * u.abs / u.meta).round();
            let printed = print(&mut rng, &u, t.q, Damage::Clean);
            let mut r = t.rows[0].clone();
            r.linea = 99;
            r.cells = printed.cells;
            r.period_cells = printed.period_cells;
            t.rows.insert(0, r);
            t.truths.insert(0, u);
            t.damages.insert(0, Damage::Clean);
            t.determinable.insert(0, true);
            t.values.insert(0, printed.values);
        }
        let out = realign_table(&t.rows, given);
        for (i, r) in out.iter().enumerate() {
            let (n, wrong, ok) = check(&t.truths[i], r, t.q);
            let d = t.damages[i];
            let is_marked = marked(r);
            for tally in [
                by.entry(d).or_default(),
                &mut all,
                &mut by_q[usize::from(t.q) - 1],
            ] {
                tally.rows += 1;
                tally.exact += usize::from(ok);
                tally.wrong_rows += usize::from(wrong > 0);
                tally.marked += usize::from(is_marked);
                tally.values += n;
                tally.wrong_values += wrong;
            }
            if t.determinable[i] {
                all_scored.rows += 1;
                all_scored.exact += usize::from(ok);
                all_scored.wrong_rows += usize::from(wrong > 0);
                all_scored.values += n;
                all_scored.wrong_values += wrong;
            }
            if wrong > 0 && !is_marked && t.determinable[i] {
                silent += 1;
            }
            if !ok && samples.len() < 200 && (t.determinable[i] || wrong > 0) {
                samples.push(format!(
                    "{d:?} q{} det {} given {given:?} pc {:?} cells {:?}\n   truth meta {} p {:?} a {:?} abs {} rel {}\n   got   meta {:?} p {:?} a {:?} abs {:?} rel {:?} conf {} avisos {:?}",
                    t.q,
                    t.determinable[i],
                    t.rows[i].period_cells,
                    t.rows[i].cells,
                    t.truths[i].meta,
                    t.truths[i].p,
                    t.truths[i].a,
                    t.truths[i].abs,
                    t.truths[i].rel,
                    r.meta_anual,
                    r.programado,
                    r.alcanzado,
                    r.avance_absoluto,
                    r.avance_relativo,
                    r.confianza,
                    r.avisos.iter().map(|a| a.codigo.as_str()).collect::<Vec<_>>()
                ));
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    if std::env::var("REALIGN_SAMPLES").is_ok() {
        for s in &samples {
            eprintln!("{s}");
        }
    }
    eprintln!("pattern          rows  exact%  wrong-rows%  marked%  wrong-values%");
    for (d, t) in &by {
        eprintln!(
            "{:16} {:5} {:7.2} {:12.2} {:8.2} {:13.3}",
            format!("{d:?}"),
            t.rows,
            pct(t.exact, t.rows),
            pct(t.wrong_rows, t.rows),
            pct(t.marked, t.rows),
            pct(t.wrong_values, t.values)
        );
    }
    for (q, t) in by_q.iter().enumerate() {
        eprintln!(
            "Q{}               {:5} {:7.2} {:12.2} {:8.2} {:13.3}",
            q + 1,
            t.rows,
            pct(t.exact, t.rows),
            pct(t.wrong_rows, t.rows),
            pct(t.marked, t.rows),
            pct(t.wrong_values, t.values)
        );
    }
    eprintln!(
        "ALL              {:5} {:7.2} {:12.2} {:8.2} {:13.3}   silently wrong determinable rows: {silent}",
        all.rows,
        pct(all.exact, all.rows),
        pct(all.wrong_rows, all.rows),
        pct(all.marked, all.rows),
        pct(all.wrong_values, all.values)
    );
    eprintln!(
        "determinable      {:5} {:7.2} {:12.2}            {:13.3}",
        all_scored.rows,
        pct(all_scored.exact, all_scored.rows),
        pct(all_scored.wrong_rows, all_scored.rows),
        pct(all_scored.wrong_values, all_scored.values)
    );
    assert!(all.rows >= 2000);
    assert!(
        pct(all_scored.exact, all_scored.rows) >= 97.0,
        "exact recovery below 97% on determinable rows"
    );
    assert!(
        pct(all.wrong_rows, all.rows) < 1.0,
        "1% or more of the rows carry a wrong value"
    );
}

/// Time per row without criterion, for a loaded machine:
/// `perf stat -e task-clock cargo test --release --test realign_props timing -- --ignored --nocapture`
/// (`REALIGN_TIMING=clean` or `damaged`).
#[test]
#[ignore]
fn timing() {
    let only = match std::env::var("REALIGN_TIMING").as_deref() {
        Ok("clean") => Some(Damage::Clean),
        _ => None,
    };
    let mut rng = Rng(7);
    let tables: Vec<Table> = (0..200).map(|_| table(&mut rng, 10, only)).collect();
    let t0 = std::time::Instant::now();
    let mut n = 0;
    for t in &tables {
        for r in &t.rows {
            std::hint::black_box(realign_table(std::slice::from_ref(r), Some(t.q)));
            n += 1;
        }
    }
    let dt = t0.elapsed();
    eprintln!(
        "{n} rows in {:?}: {:.1} µs/row (wall)",
        dt,
        dt.as_secs_f64() * 1e6 / n as f64
    );
}
