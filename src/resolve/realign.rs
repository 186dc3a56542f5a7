//! Realignment of a table row's numeric cells.
//!
//! PLACEHOLDER: a positional reading. To be replaced by the solver of issue 3.

use crate::model::Aviso;

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
/// `quarter` is the reported quarter (1 to 4) when the header gave it.
pub fn realign_table(rows: &[RowCells], quarter: Option<u8>) -> Vec<Reading> {
    rows.iter()
        .map(|r| positional(r, quarter.unwrap_or(1)))
        .collect()
}

fn number(s: &str) -> Option<f64> {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '%'))
        .collect();
    t.parse().ok()
}

fn positional(row: &RowCells, q: u8) -> Reading {
    let mut r = Reading {
        confianza: 0.5,
        ..Reading::default()
    };
    let cells = &row.cells;
    r.meta_anual = cells.first().and_then(|c| number(c));
    let pct = cells.iter().rposition(|c| c.ends_with('%'));
    if let Some(p) = pct {
        r.avance_relativo = number(&cells[p]);
        r.avance_absoluto = p.checked_sub(1).and_then(|i| number(&cells[i]));
    }
    for k in 0..4 {
        r.programado[k] = cells.get(1 + 2 * k).map(|c| number(c).unwrap_or(0.0));
        if (k as u8) < q {
            r.alcanzado[k] = cells.get(2 + 2 * k).map(|c| number(c).unwrap_or(0.0));
        }
    }
    r
}
