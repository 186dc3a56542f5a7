//! The per-row search: which printed token fills which canonical slot.
//!
//! The canonical row is `META P1 A1 P2 A2 P3 A3 P4 A4 ABS REL%`. The row's
//! tokens are split into META, a period section and a tail (`ABS REL%`, the
//! last such pair unless the arithmetic prefers an earlier one); the period
//! section is aligned to the eight period slots by a bounded dynamic program
//! over (slot, token) whose states carry the values read so far. Each damage
//! the OCR does has a cost (an extra token, a dropped slot, a value lost, a
//! value off its column); the arithmetic of the form adds penalties at the
//! end. The result is a short list of candidate readings, cheapest first.

mod bound;
mod cost;
mod finish;
mod frame;
mod grid;
mod memo;
mod moves;
mod runs;
mod search;
mod state;

use std::cell::RefCell;

use super::{CellFix, Row};

pub(crate) use memo::solve_row;
#[cfg(test)]
pub(crate) use search::{bare_differs, below_floor, guess_differs};

/// A value of the canonical row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Field {
    /// META ANUAL.
    Meta,
    /// Programado of quarter `0..4`.
    P(u8),
    /// Alcanzado of quarter `0..4`.
    A(u8),
    /// AVANCE ABSOLUTO.
    Abs,
    /// ACUMULADO RELATIVO.
    Rel,
}

impl Field {
    /// The JSON path of the field inside an action.
    pub(crate) fn path(self) -> String {
        match self {
            Field::Meta => "/meta_anual".to_string(),
            Field::P(k) => format!("/trimestres/{k}/programado"),
            Field::A(k) => format!("/trimestres/{k}/alcanzado"),
            Field::Abs => "/avance_absoluto".to_string(),
            Field::Rel => "/avance_relativo".to_string(),
        }
    }

    /// A Spanish name for messages.
    pub(crate) fn name(self) -> String {
        match self {
            Field::Meta => "meta anual".to_string(),
            Field::P(k) => format!("programado de {}", QUARTERS[usize::from(k) % 4]),
            Field::A(k) => format!("alcanzado de {}", QUARTERS[usize::from(k) % 4]),
            Field::Abs => "avance absoluto".to_string(),
            Field::Rel => "avance relativo".to_string(),
        }
    }

    /// Every field that is scored for quarter `q`, in printed order.
    pub(crate) fn all(q: u8) -> impl Iterator<Item = Field> {
        // META, four P, up to four A, ABS and REL: no allocation.
        let quarters =
            (0..4u8).flat_map(move |k| [Some(Field::P(k)), (k < q).then_some(Field::A(k))]);
        std::iter::once(Field::Meta)
            .chain(quarters.flatten())
            .chain([Field::Abs, Field::Rel])
    }
}

/// Quarter names as the form prints them.
pub(crate) const QUARTERS: [&str; 4] = ["ENE-MAR", "ABR-JUN", "JUL-SEP", "OCT-DIC"];

/// The values of a reading.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Vals {
    pub(crate) meta: Option<f64>,
    pub(crate) p: [Option<f64>; 4],
    pub(crate) a: [Option<f64>; 4],
    pub(crate) abs: Option<f64>,
    pub(crate) rel: Option<f64>,
}

impl Vals {
    pub(crate) fn get(&self, f: Field) -> Option<f64> {
        match f {
            Field::Meta => self.meta,
            Field::P(k) => self.p.get(usize::from(k)).copied().flatten(),
            Field::A(k) => self.a.get(usize::from(k)).copied().flatten(),
            Field::Abs => self.abs,
            Field::Rel => self.rel,
        }
    }

    pub(crate) fn set(&mut self, f: Field, v: Option<f64>) {
        match f {
            Field::Meta => self.meta = v,
            Field::P(k) => {
                if let Some(x) = self.p.get_mut(usize::from(k)) {
                    *x = v;
                }
            }
            Field::A(k) => {
                if let Some(x) = self.a.get_mut(usize::from(k)) {
                    *x = v;
                }
            }
            Field::Abs => self.abs = v,
            Field::Rel => self.rel = v,
        }
    }
}

/// One candidate reading of a row.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    /// Total cost (lower is better).
    pub(crate) cost: f64,
    /// The values.
    pub(crate) vals: Vals,
    /// Fields deduced by arithmetic, with the explanation.
    pub(crate) inferred: Vec<(Field, String)>,
    /// Fields lost by the OCR whose split cannot be told (value `None`),
    /// and the total they must add up to.
    pub(crate) split: Option<(Vec<Field>, f64)>,
    /// ΣP and meta, when they differ.
    pub(crate) sum_bad: Option<(f64, f64)>,
    /// ΣA up to the quarter and abs, when they differ.
    pub(crate) abs_bad: Option<(f64, f64)>,
    /// Printed rel and 100·abs/meta, when they differ by more than rounding.
    pub(crate) rel_bad: Option<(f64, f64)>,
    /// Printed text of leftover tokens that copy no other value of the row.
    pub(crate) leftovers: Vec<String>,
    /// Format fixes of the cells used.
    pub(crate) fixes: Vec<(Field, CellFix)>,
    /// Values read beyond the header's period columns: which quarter they
    /// belong to cannot be told from their position.
    pub(crate) offgrid: Vec<Field>,
    /// The quarter whose programado was lost and deduced, if one was.
    pub(crate) lost_p: Option<usize>,
}

impl Cand {
    /// A reading with its cost and values only, for the search to rank.
    pub(crate) fn bare(cost: f64, vals: Vals) -> Cand {
        Cand {
            cost,
            vals,
            inferred: Vec::new(),
            split: None,
            sum_bad: None,
            abs_bad: None,
            rel_bad: None,
            leftovers: Vec::new(),
            fixes: Vec::new(),
            offgrid: Vec::new(),
            lost_p: None,
        }
    }

    /// Whether the reading breaks the form's arithmetic.
    pub(crate) fn inconsistent(&self) -> bool {
        self.sum_bad.is_some() || self.abs_bad.is_some() || self.rel_bad.is_some()
    }
}

/// The candidates of one row, cheapest first, distinct in their values.
/// Those far from the best (beyond decide.rs's windows) carry their cost
/// and values only (see `search::detailed_window`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Solution {
    pub(crate) cands: Vec<Cand>,
    /// Tokens were cut off (a hostile row).
    pub(crate) cut: bool,
}

impl Solution {
    /// The cost of the best candidate (a large number when there is none).
    pub(crate) fn best_cost(&self) -> f64 {
        self.cands.first().map_or(NO_READING, |c| c.cost)
    }
}

/// Cost of a row without any reading (no digits at all).
pub(crate) const NO_READING: f64 = 50.0;

/// What the row's context says about it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RowCtx {
    /// Reported quarter, 1 to 4.
    pub(crate) q: u8,
    /// Period cells the header shows (8 when not legible or compacted).
    pub(crate) grid: usize,
    /// The quarter whose programado the table's other rows lost, if they
    /// agree on one.
    pub(crate) lost_prior: Option<usize>,
}

/// The memory the searches of a table's rows reuse, so that a row never
/// seen costs no allocation of the dynamic program's grid.
#[derive(Default)]
pub(crate) struct Scratch {
    grid: grid::Grid,
}

/// Cells past which a grid is not kept for the next table (a hostile row
/// of thousands of tokens must not pin its memory to the thread).
const KEEP_CELLS: usize = 1 << 12;

impl Scratch {
    /// Runs `f` with this thread's scratch memory, kept from one table to
    /// the next: a grid allocated afresh per table costs more than its
    /// search (the allocator hands back zeroed pages the kernel must clear).
    pub(crate) fn with<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
        }
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => {
                let out = f(&mut s);
                if s.grid.cells() > KEEP_CELLS {
                    *s = Scratch::default();
                }
                out
            }
            // Never re-entered today; if it were, fresh memory is right.
            Err(_) => f(&mut Scratch::default()),
        })
    }
}

/// Solves one row: the search itself.
pub(crate) fn solve_row_uncached(row: &Row<'_>, ctx: RowCtx, scratch: &mut Scratch) -> Solution {
    search::solve(row, ctx, true, &mut scratch.grid)
}

/// Solves one row writing out every reading kept in full, the reference
/// the bare readings past the decision windows must not change.
#[cfg(test)]
pub(crate) fn solve_row_detailed(row: &Row<'_>, ctx: RowCtx) -> Solution {
    search::solve_detailed(row, ctx, true, &mut grid::Grid::default(), true)
}

/// Solves one row with the full search only, the reference the pruned
/// search must agree with.
#[cfg(test)]
pub(crate) fn solve_row_full(row: &Row<'_>, ctx: RowCtx) -> Solution {
    search::solve(row, ctx, false, &mut grid::Grid::default())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::resolve::realign::RowCells;

    pub(crate) fn row(cells: &[&str], period_cells: Option<usize>) -> RowCells {
        RowCells {
            linea: 1,
            numero: Some(1),
            unidad_medida: Some("Informe".to_string()),
            descripcion: "Acción".to_string(),
            cells: cells.iter().map(|s| s.to_string()).collect(),
            period_cells,
        }
    }

    fn best(cells: &[&str], q: u8) -> Vals {
        let sol = solve_row(
            &Row::from(&row(cells, Some(8))),
            RowCtx {
                q,
                grid: 8,
                lost_prior: None,
            },
            &mut Scratch::default(),
        );
        sol.cands[0].vals
    }

    #[test]
    fn clean_row() {
        let v = best(&["12", "3", "3", "3", "", "3", "", "3", "", "3", "25%"], 1);
        assert_eq!(v.meta, Some(12.0));
        assert_eq!(v.p, [Some(3.0); 4]);
        assert_eq!(v.a, [Some(3.0), None, None, None]);
        assert_eq!((v.abs, v.rel), (Some(3.0), Some(25.0)));
    }

    #[test]
    fn dropped_empties() {
        let v = best(&["927", "258", "292", "233", "218", "218", "292", "31%"], 1);
        assert_eq!(v.p, [Some(258.0), Some(233.0), Some(218.0), Some(218.0)]);
        assert_eq!(v.a[0], Some(292.0));
    }

    #[test]
    fn second_quarter() {
        // META P1 A1 P2 A2 P3 A3 P4 A4 ABS REL
        let v = best(
            &["40", "10", "8", "10", "12", "10", "", "10", "", "20", "50%"],
            2,
        );
        assert_eq!(v.p, [Some(10.0); 4]);
        assert_eq!(v.a, [Some(8.0), Some(12.0), None, None]);
        assert_eq!(v.abs, Some(20.0));
    }

    #[test]
    fn hostile_row_is_bounded() {
        let cells: Vec<String> = (0..500).map(|i| format!("{}", i % 7)).collect();
        let r = RowCells {
            cells,
            ..RowCells::default()
        };
        let t = std::time::Instant::now();
        let sol = solve_row(
            &Row::from(&r),
            RowCtx {
                q: 1,
                grid: 8,
                lost_prior: None,
            },
            &mut Scratch::default(),
        );
        assert!(t.elapsed().as_secs_f64() < 2.0);
        assert!(sol.cut);
    }
}

#[cfg(test)]
mod debug {
    use super::*;

    /// A debugging aid, not a check: prints the candidate readings of one row.
    /// `DEBUG_ROW="12,3,3,3,,3,,4,,3,25%" cargo test --lib debug_row -- --ignored --nocapture`
    #[test]
    #[ignore = "debugging aid: set DEBUG_ROW and run with --ignored"]
    fn debug_row() {
        let Ok(spec) = std::env::var("DEBUG_ROW") else {
            return;
        };
        let q: u8 = std::env::var("DEBUG_Q")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        let grid: usize = std::env::var("DEBUG_GRID")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(8);
        let cells: Vec<String> = spec.split(',').map(|s| s.replace(';', ",")).collect();
        let row = crate::resolve::realign::RowCells {
            cells,
            ..Default::default()
        };
        let sol = solve_row(
            &Row::from(&row),
            RowCtx {
                q,
                grid,
                lost_prior: None,
            },
            &mut Scratch::default(),
        );
        for c in &sol.cands {
            eprintln!(
                "{:.3} meta {:?} p {:?} a {:?} abs {:?} rel {:?} inf {:?} split {:?} bad {:?}/{:?}/{:?} left {:?} off {:?}",
                c.cost,
                c.vals.meta,
                c.vals.p,
                c.vals.a,
                c.vals.abs,
                c.vals.rel,
                c.inferred.iter().map(|x| x.0).collect::<Vec<_>>(),
                c.split,
                c.sum_bad,
                c.abs_bad,
                c.rel_bad,
                c.leftovers,
                c.offgrid
            );
        }
    }
}
