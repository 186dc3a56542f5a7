//! The row cache: a row seen before needs no search.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::sync::{Mutex, OnceLock};

use super::{solve_row_uncached, RowCells, RowCtx, Scratch, Solution};

/// Rows remembered by [`solve_row`] before its cache starts over.
const MEMO_MAX: usize = 1 << 12;
/// Longest row (bytes of its cells and unit) that is cached; a longer one
/// is rare and solved each time, so the cache's memory stays small.
const MEMO_ROW_BYTES: usize = 512;

/// What a row's solution depends on: its cells, its unit of measure (a META
/// pushed into it) and its context.
type MemoKey = (Vec<String>, Option<String>, u8, usize, Option<usize>);

/// A process-wide cache of [`solve_row`]: the solution is a pure function
/// of the key, and rows repeat (a form's all-zero rows, the same actions
/// reported again), so a row seen before needs no search.
///
/// Entries sit under a keyed hash of their key, worked out once per row
/// from the row itself (a row never seen costs one hash and no copy of its
/// cells until it is stored), each with its key to tell apart rows whose
/// hashes collide.
struct Memo {
    hasher: RandomState,
    map: HashMap<u64, (MemoKey, Solution), BuildHasherDefault<Prehashed>>,
}

impl Memo {
    fn hash(&self, row: &RowCells, ctx: RowCtx) -> u64 {
        self.hasher.hash_one((
            &row.cells,
            &row.unidad_medida,
            ctx.q,
            ctx.grid,
            ctx.lost_prior,
        ))
    }

    fn get(&self, h: u64, row: &RowCells, ctx: RowCtx) -> Option<&Solution> {
        let ((cells, unit, q, grid, lost_prior), sol) = self.map.get(&h)?;
        let same = *cells == row.cells
            && *unit == row.unidad_medida
            && (*q, *grid, *lost_prior) == (ctx.q, ctx.grid, ctx.lost_prior);
        same.then_some(sol)
    }
}

/// The hasher of a map whose keys are hashes already.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

fn memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(|| {
        Mutex::new(Memo {
            hasher: RandomState::new(),
            map: HashMap::default(),
        })
    })
}

/// Solves one row (cached; see [`memo`]).
pub(crate) fn solve_row(row: &RowCells, ctx: RowCtx, scratch: &mut Scratch) -> Solution {
    let bytes: usize = row.cells.iter().map(|c| c.len() + 1).sum::<usize>()
        + row.unidad_medida.as_ref().map_or(0, String::len);
    if bytes > MEMO_ROW_BYTES {
        return solve_row_uncached(row, ctx, scratch);
    }
    let h = match memo().lock() {
        Ok(m) => {
            let h = m.hash(row, ctx);
            if let Some(sol) = m.get(h, row, ctx) {
                return sol.clone();
            }
            Some(h)
        }
        Err(_) => None,
    };
    let sol = solve_row_uncached(row, ctx, scratch);
    if let (Some(h), Ok(mut m)) = (h, memo().lock()) {
        if m.map.len() >= MEMO_MAX {
            m.map.clear();
        }
        let key: MemoKey = (
            row.cells.clone(),
            row.unidad_medida.clone(),
            ctx.q,
            ctx.grid,
            ctx.lost_prior,
        );
        m.map.insert(h, (key, sol.clone()));
    }
    sol
}

#[cfg(test)]
mod tests {
    use super::super::tests::row;
    use super::*;

    #[test]
    fn memo_tells_rows_and_contexts_apart() {
        let cells = ["40", "10", "8", "10", "12", "10", "", "10", "", "20", "50%"];
        let mut r = row(&cells, Some(8));
        for unit in ["Informe", "Informe 40"] {
            r.unidad_medida = Some(unit.to_string());
            for q in 1..=4 {
                for lost_prior in [None, Some(1)] {
                    let ctx = RowCtx {
                        q,
                        grid: 8,
                        lost_prior,
                    };
                    let scratch = &mut Scratch::default();
                    let fresh = format!("{:?}", solve_row_uncached(&r, ctx, scratch));
                    assert_eq!(format!("{:?}", solve_row(&r, ctx, scratch)), fresh);
                    assert_eq!(format!("{:?}", solve_row(&r, ctx, scratch)), fresh);
                }
            }
        }
    }
}
