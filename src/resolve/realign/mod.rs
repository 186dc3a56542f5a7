//! Realignment of a report's table rows: which printed cell is which value.
//!
//! The OCR of a TMM-F004 table drops empty cells, duplicates others,
//! compacts the P/A pairs, repeats the trailing `abs rel%`, loses a value now
//! and then and writes numbers in several ways (`2,500`, `2 500`, `25 %`).
//! The form's arithmetic is what pins the values down:
//!
//! - `meta_anual = P1 + P2 + P3 + P4`;
//! - `avance_absoluto = ` the sum of alcanzado up to the reported quarter;
//! - `avance_relativo ≈ 100 · avance_absoluto / meta_anual`;
//! - alcanzado after the reported quarter is not known yet (`None`);
//! - the first row of a report (its umbrella action) is often, quarter by
//!   quarter, the sum of the rows under it.
//!
//! [`realign_table`] searches, row by row, the order-preserving assignments
//! of tokens to the canonical slots (`cells` tokenizes, `solve` searches
//! with a bounded dynamic program scored by a damage model and the
//! arithmetic), keeps the readings that explain the text about equally
//! well, leaves `None` where they disagree (`decide`), and then uses the
//! table as a whole: the programado column the other rows lost, and the
//! umbrella row, settle rows that the text alone cannot (`rollup`). The
//! quarter, when the header does not give it, is the one under which the
//! fewest rows break the arithmetic. Every guess is reported as an
//! [`Aviso`]: `CELDA_INFERIDA`, `FILA_AMBIGUA`, `SUMA_TRIMESTRAL_DISTINTA_DE_META`,
//! `AVANCE_ABSOLUTO_INCONSISTENTE`, `AVANCE_RELATIVO_INCONSISTENTE`,
//! `CELDAS_SOBRANTES`.
//!
//! ```
//! use poa_ocr::resolve::realign::{realign_table, RowCells};
//!
//! // `927 258 292 233 218 218 292 31%`: the empty A2..A4 cells were dropped.
//! let row = RowCells {
//!     linea: 132,
//!     numero: Some(300),
//!     cells: ["927", "258", "292", "233", "218", "218", "292", "31%"].map(String::from).to_vec(),
//!     ..RowCells::default()
//! };
//! let r = &realign_table(&[row], Some(1))[0];
//! assert_eq!(r.meta_anual, Some(927.0));
//! assert_eq!(r.programado, [Some(258.0), Some(233.0), Some(218.0), Some(218.0)]);
//! assert_eq!(r.alcanzado, [Some(292.0), None, None, None]);
//! assert_eq!((r.avance_absoluto, r.avance_relativo), (Some(292.0), Some(31.0)));
//! assert!(r.avisos.is_empty());
//! ```

mod cells;
mod decide;
mod rollup;
mod solve;

use crate::model::Aviso;

use std::sync::Arc;

use solve::{RowCtx, Scratch, Solution};

/// A table's row solutions, shared with the row cache.
type Sols = Vec<Arc<Solution>>;

/// A table row's cells as the layout stage found them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RowCells {
    /// 1-based input line where the row starts.
    pub linea: usize,
    /// Action number, if the layout found one.
    pub numero: Option<i64>,
    /// Unit of measure text (payroll rows say `Nómina`).
    pub unidad_medida: Option<String>,
    /// Description text, without the number.
    pub descripcion: String,
    /// Every cell from the META ANUAL column up to the last numeric or
    /// percent cell before the observaciones text, in order, trimmed;
    /// empty cells are kept as `""`.
    pub cells: Vec<String>,
    /// How many period cells (between META ANUAL and AVANCE ABSOLUTO) the
    /// table header of this row's page shows, where it is legible: 8 for
    /// four P/A pairs, 10 for five, 2 for a compacted `P A`.
    pub period_cells: Option<usize>,
}

/// A row as the realignment reads it: [`RowCells`] borrowed, or the
/// layout's row as it is, so that a parse copies no cell.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row<'a> {
    pub(crate) linea: usize,
    pub(crate) numero: Option<i64>,
    pub(crate) unidad_medida: Option<&'a str>,
    pub(crate) descripcion: &'a str,
    pub(crate) cells: Cells<'a>,
    pub(crate) period_cells: Option<usize>,
}

/// A row's cells, borrowed from either form of row.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cells<'a> {
    /// The cells of a [`RowCells`].
    Owned(&'a [String]),
    /// The cells of a layout row.
    Borrowed(&'a [&'a str]),
}

impl<'a> Cells<'a> {
    /// The cells in order.
    pub(crate) fn iter(self) -> impl Iterator<Item = &'a str> {
        let (owned, borrowed): (&[String], &[&str]) = match self {
            Cells::Owned(c) => (c, &[]),
            Cells::Borrowed(c) => (&[], c),
        };
        owned
            .iter()
            .map(String::as_str)
            .chain(borrowed.iter().copied())
    }
}

impl<'a> From<&'a RowCells> for Row<'a> {
    fn from(r: &'a RowCells) -> Row<'a> {
        Row {
            linea: r.linea,
            numero: r.numero,
            unidad_medida: r.unidad_medida.as_deref(),
            descripcion: &r.descripcion,
            cells: Cells::Owned(&r.cells),
            period_cells: r.period_cells,
        }
    }
}

/// A correction of a cell's printed form (`2,500` → `2500`).
#[derive(Clone, Debug, PartialEq)]
pub struct CellFix {
    /// Path inside the row: `/meta_anual`, `/trimestres/0/programado`, ...
    pub campo: String,
    /// As printed.
    pub original: String,
    /// As read.
    pub corregido: String,
    /// Why (`formato numérico`, `aritmetica`).
    pub motivo: String,
}

/// The solver's reading of one row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    /// Annual target.
    pub meta_anual: Option<f64>,
    /// Planned per quarter.
    pub programado: [Option<f64>; 4],
    /// Achieved per quarter (`None` after the reported quarter).
    pub alcanzado: [Option<f64>; 4],
    /// Achieved so far.
    pub avance_absoluto: Option<f64>,
    /// Percent of the annual target achieved so far.
    pub avance_relativo: Option<f64>,
    /// Confidence, from the margin between the best reading and the next.
    pub confianza: f64,
    /// Row avisos, with the row's line.
    pub avisos: Vec<Aviso>,
    /// Changes to the printed cells.
    pub correcciones: Vec<CellFix>,
}

/// Realigns every row of one report's table (all its pages).
///
/// `rows` are the rows of one report, in order (the header page and its
/// continuation pages). `quarter` is the reported quarter (1 to 4) when the
/// header gave it; otherwise the quarter that explains the table's rows best
/// is used (see [`infer_quarter`]). Returns one [`Reading`] per row, in the
/// same order.
pub fn realign_table(rows: &[RowCells], quarter: Option<u8>) -> Vec<Reading> {
    let rows: Vec<Row<'_>> = rows.iter().map(Row::from).collect();
    realign_rows(&rows, quarter)
}

/// [`realign_table`] of rows in either form.
pub(crate) fn realign_rows(rows: &[Row<'_>], quarter: Option<u8>) -> Vec<Reading> {
    // One grid's memory for every row's search.
    Scratch::with(|scratch| realign_with(rows, quarter, scratch))
}

fn realign_with(rows: &[Row<'_>], quarter: Option<u8>, scratch: &mut Scratch) -> Vec<Reading> {
    let (q, sols) = match quarter {
        Some(q @ 1..=4) => (q, solve_all(rows, q, scratch)),
        _ => best_quarter(rows, scratch),
    };
    let mut sols = sols;
    let mut decisions: Vec<decide::Decision> = sols.iter().map(|s| decide::decide(s, q)).collect();
    // The table's layout: where the other rows lost the same quarter's
    // programado, an undecided row most likely lost it too.
    if let Some(k) = lost_column(&sols, &decisions) {
        for (i, row) in rows.iter().enumerate() {
            let open = decisions[i].ambiguous.is_empty()
                && sols[i].cands.first().is_none_or(|c| c.split.is_none());
            if open {
                continue;
            }
            let sol = solve::solve_row(
                row,
                RowCtx {
                    lost_prior: Some(k),
                    ..ctx(row, q)
                },
                scratch,
            );
            let dec = decide::decide(&sol, q);
            if dec.ambiguous.is_empty()
                && sol
                    .cands
                    .first()
                    .is_some_and(|c| c.lost_p == Some(k) && !c.inconsistent())
            {
                sols[i] = sol;
                decisions[i] = dec;
            }
        }
    }
    let pins = rollup::pins(rows, &sols, &decisions, q);
    rows.iter()
        .zip(sols.iter().zip(&decisions))
        .zip(pins)
        .map(|((row, (sol, dec)), pin)| decide::reading(row, sol, dec, q, pin.as_ref()))
        .collect()
}

/// The quarter (1 to 4) that explains a table's rows best, for reports
/// whose header does not say it; 1 for an empty table.
///
/// ```
/// use poa_ocr::resolve::realign::{infer_quarter, RowCells};
///
/// // ENE-MAR and ABR-JUN achieved 8 and 12; abs 20 = 8 + 12.
/// let cells = ["40", "10", "8", "10", "12", "10", "", "10", "", "20", "50%"];
/// let row = RowCells { cells: cells.map(String::from).to_vec(), ..RowCells::default() };
/// assert_eq!(infer_quarter(&[row]), 2);
/// ```
pub fn infer_quarter(rows: &[RowCells]) -> u8 {
    let rows: Vec<Row<'_>> = rows.iter().map(Row::from).collect();
    Scratch::with(|scratch| best_quarter(&rows, scratch).0)
}

fn ctx(row: &Row<'_>, q: u8) -> RowCtx {
    RowCtx {
        q,
        grid: row.period_cells.filter(|&n| n >= 8).unwrap_or(8),
        lost_prior: None,
    }
}

/// The quarter whose programado every unambiguous row with a lost
/// programado lost, when at least two rows agree and none disagrees.
fn lost_column(sols: &[Arc<Solution>], decisions: &[decide::Decision]) -> Option<usize> {
    let mut count = [0usize; 4];
    for (sol, dec) in sols.iter().zip(decisions) {
        if let (Some(best), true) = (sol.cands.first(), dec.ambiguous.is_empty()) {
            if let (Some(k), false) = (best.lost_p, best.inconsistent()) {
                count[k.min(3)] += 1;
            }
        }
    }
    let total: usize = count.iter().sum();
    (0..4).find(|&k| count[k] >= 2 && count[k] == total)
}

fn solve_all(rows: &[Row<'_>], q: u8, scratch: &mut Scratch) -> Sols {
    rows.iter()
        .map(|r| solve::solve_row(r, ctx(r, q), scratch))
        .collect()
}

/// Solves the table for every quarter and keeps the one under which the
/// fewest rows break the arithmetic (then the cheapest, then the earliest:
/// zeros printed in the alcanzado columns of quarters not reached yet read
/// as well under a later quarter).
fn best_quarter(rows: &[Row<'_>], scratch: &mut Scratch) -> (u8, Sols) {
    let mut best: Option<((usize, f64), u8, Sols)> = None;
    for q in 1..=4u8 {
        let sols = solve_all(rows, q, scratch);
        let broken = sols
            .iter()
            .filter(|s| s.cands.first().is_none_or(|c| c.inconsistent()))
            .count();
        let total: f64 = sols.iter().map(|s| s.best_cost()).sum();
        let better = match &best {
            None => true,
            Some(((b, t), _, _)) => broken < *b || (broken == *b && total < t - 0.5),
        };
        if better {
            best = Some(((broken, total), q, sols));
        }
    }
    best.map_or((1, Vec::new()), |(_, q, s)| (q, s))
}

#[cfg(test)]
mod tests;
