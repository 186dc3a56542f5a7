//! The row cache: a row seen before needs no search.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use super::{solve_row_uncached, Row, RowCtx, Scratch, Solution};

/// Rows remembered by [`solve_row`] before its cache starts over.
const MEMO_MAX: usize = 1 << 12;
/// Longest row (bytes of its cells and unit) that is cached; a longer one
/// is rare and solved each time, so the cache's memory stays small.
const MEMO_ROW_BYTES: usize = 512;

/// What a row's solution depends on: its cells and its unit of measure (a
/// META pushed into it), in one buffer ([`MemoKey::with_capacity`]), and its context.
#[derive(PartialEq)]
struct MemoKey {
    text: Vec<u8>,
    ctx: (u8, usize, Option<usize>),
}

/// Ends a cell in [`MemoKey::text`]; starts the unit. Neither byte occurs
/// in UTF-8 text, so different rows never share a key.
const END_CELL: u8 = 0xff;
const UNIT: u8 = 0xfe;

impl MemoKey {
    /// [`MemoKey::with_capacity`], its length worked out.
    #[cfg(test)]
    fn new(row: &Row<'_>, ctx: RowCtx) -> MemoKey {
        let len = row.cells.iter().map(|c| c.len() + 1).sum::<usize>()
            + row.unidad_medida.map_or(0, |u| u.len() + 1);
        MemoKey::with_capacity(row, ctx, len)
    }

    /// The key of a row, `len` bytes long (each cell and its end, and the
    /// unit and its mark; the caller knows it, and only the buffer's room
    /// depends on it): one allocation, where a copy of its cells would take
    /// one per cell, and one buffer to hash.
    fn with_capacity(row: &Row<'_>, ctx: RowCtx, len: usize) -> MemoKey {
        let mut text = Vec::with_capacity(len);
        for c in row.cells.iter() {
            text.extend_from_slice(c.as_bytes());
            text.push(END_CELL);
        }
        if let Some(u) = row.unidad_medida {
            text.push(UNIT);
            text.extend_from_slice(u.as_bytes());
        }
        MemoKey {
            text,
            ctx: (ctx.q, ctx.grid, ctx.lost_prior),
        }
    }
}

/// A process-wide cache of [`solve_row`]: the solution is a pure function
/// of the key, and rows repeat (a form's all-zero rows, the same actions
/// reported again), so a row seen before needs no search.
///
/// Entries sit under a keyed hash of their key, worked out once per row
/// (a row never seen costs one key, hashed in one piece, and stored as it
/// is), each with its key to tell apart rows whose hashes collide.
struct Memo {
    hasher: foldhash::fast::RandomState,
    map: HashMap<u64, (MemoKey, Arc<Solution>), BuildHasherDefault<Prehashed>>,
}

impl Memo {
    fn hash(&self, key: &MemoKey) -> u64 {
        self.hasher.hash_one((&key.text[..], key.ctx))
    }

    fn get(&self, h: u64, key: &MemoKey) -> Option<&Arc<Solution>> {
        let (k, sol) = self.map.get(&h)?;
        (k == key).then_some(sol)
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
            hasher: foldhash::fast::RandomState::default(),
            map: HashMap::default(),
        })
    })
}

/// Solves one row (cached; see [`memo`]). The solution is shared with the
/// cache rather than copied.
pub(crate) fn solve_row(row: &Row<'_>, ctx: RowCtx, scratch: &mut Scratch) -> Arc<Solution> {
    let bytes: usize = row.cells.iter().map(|c| c.len() + 1).sum::<usize>()
        + row.unidad_medida.map_or(0, str::len);
    if bytes > MEMO_ROW_BYTES {
        return Arc::new(solve_row_uncached(row, ctx, scratch));
    }
    // The key's length: `bytes` and the unit's marker.
    let key = MemoKey::with_capacity(row, ctx, bytes + usize::from(row.unidad_medida.is_some()));
    let h = match memo().lock() {
        Ok(m) => {
            let h = m.hash(&key);
            if let Some(sol) = m.get(h, &key) {
                return Arc::clone(sol);
            }
            Some(h)
        }
        Err(_) => None,
    };
    let sol = Arc::new(solve_row_uncached(row, ctx, scratch));
    if let (Some(h), Ok(mut m)) = (h, memo().lock()) {
        if m.map.len() >= MEMO_MAX {
            m.map.clear();
        }
        m.map.insert(h, (key, Arc::clone(&sol)));
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
                    let fresh = format!("{:?}", solve_row_uncached(&(&r).into(), ctx, scratch));
                    assert_eq!(
                        format!("{:?}", solve_row(&(&r).into(), ctx, scratch)),
                        fresh
                    );
                    assert_eq!(
                        format!("{:?}", solve_row(&(&r).into(), ctx, scratch)),
                        fresh
                    );
                }
            }
        }
    }

    #[test]
    fn keys_tell_rows_apart() {
        let ctx = RowCtx {
            q: 1,
            grid: 8,
            lost_prior: None,
        };
        let rows: Vec<crate::resolve::realign::RowCells> = [
            (&["1", "23"][..], None),
            (&["12", "3"][..], None),
            (&["123"][..], None),
            (&["123", ""][..], None),
            (&["", "123"][..], None),
            (&["123"][..], Some("")),
            (&["123"][..], Some("Informe")),
            (&["123", "Informe"][..], None),
            (&[][..], None),
            (&[""][..], None),
            (&[][..], Some("")),
        ]
        .iter()
        .map(|(cells, unit)| crate::resolve::realign::RowCells {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            unidad_medida: unit.map(String::from),
            ..Default::default()
        })
        .collect();
        for (i, a) in rows.iter().enumerate() {
            let key = MemoKey::new(&a.into(), ctx);
            for (j, b) in rows.iter().enumerate() {
                assert_eq!(key == MemoKey::new(&b.into(), ctx), i == j, "{a:?} {b:?}");
            }
            assert!(key != MemoKey::new(&a.into(), RowCtx { q: 2, ..ctx }));
        }
    }
}
