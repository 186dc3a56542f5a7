//! The beams of the dynamic program: a grid of cells whose states live in
//! one arena.

use std::cmp::Ordering;

use super::state::Part;

/// Beam width of the dynamic program (value hypotheses per state).
pub(super) const BEAM: usize = 12;
/// Beam width for states that already broke the arithmetic.
pub(super) const BEAM_BROKEN: usize = 4;

/// Most states a beam holds: [`BEAM`] unbroken and [`BEAM_BROKEN`] broken.
pub(super) const CAP: usize = BEAM + BEAM_BROKEN;

/// One cell of the dynamic program: a beam of states (kept in
/// [`Grid::parts`]) and its bookkeeping.
#[derive(Clone, Copy, Debug)]
struct Cell {
    /// The members, in no particular order: indices into [`Grid::parts`].
    members: [u32; CAP],
    /// Their keys, at hand for the scans.
    keys: [u64; CAP],
    /// Per class (unbroken, broken), the rank of each member of the class
    /// (minus infinity at the other class's places).
    ranks: [[f64; CAP]; 2],
    len: u8,
    /// Members per class (unbroken, broken).
    count: [u8; 2],
    /// Per class, the worst member in [`Part::order`]: its place and rank.
    worst: [(u8, f64); 2],
}

impl Cell {
    const EMPTY: Cell = Cell {
        members: [0; CAP],
        keys: [0; CAP],
        ranks: [[f64::NEG_INFINITY; CAP]; 2],
        len: 0,
        count: [0; 2],
        worst: [(0, f64::NEG_INFINITY); 2],
    };

    fn members(&self) -> &[u32] {
        &self.members[..usize::from(self.len)]
    }

    /// Puts a state of `class` with `key` and `rank` at place `at`.
    fn place(&mut self, at: usize, key: u64, rank: f64, class: usize) {
        if let (Some(k), Some(r)) = (self.keys.get_mut(at), self.ranks[class & 1].get_mut(at)) {
            *k = key;
            *r = rank;
        }
        if let Some(r) = self.ranks[(class & 1) ^ 1].get_mut(at) {
            *r = f64::NEG_INFINITY;
        }
    }

    /// Empties the cell.
    fn clear(&mut self) {
        self.len = 0;
        self.count = [0; 2];
        // `worst` needs no reset: a class's is set when its first member
        // arrives, and read only while it has members.
    }

    /// Whether the member at place `i` comes after the one at place `j` in
    /// [`Part::order`] (false if either is missing).
    fn after(&self, parts: &[Part], i: usize, j: usize) -> bool {
        let part = |k: usize| self.members.get(k).and_then(|&m| parts.get(m as usize));
        match (part(i), part(j)) {
            (Some(a), Some(b)) => a.order(b) == Ordering::Greater,
            _ => false,
        }
    }

    /// Books the state now at place `at` (of `class`, with `key` and
    /// `rank`), which replaced another, and finds the class's worst member
    /// again. Out of line: few pushes replace a member, and the common path
    /// stays small.
    #[cold]
    #[inline(never)]
    fn replaced(&mut self, parts: &[Part], at: usize, key: u64, rank: f64, class: usize) {
        self.place(at, key, rank, class);
        self.rescan(parts, class);
    }

    /// Finds a class's worst member again. The class has members: minus
    /// infinity is never the worst.
    fn rescan(&mut self, parts: &[Part], class: usize) {
        let len = usize::from(self.len);
        let mut worst = (0usize, f64::NEG_INFINITY);
        for i in 0..len {
            let r = self.ranks[class & 1][i];
            // Ranks decide, except between equal ones.
            if r > worst.1
                || (r == worst.1 && r > f64::NEG_INFINITY && self.after(parts, i, worst.0))
            {
                worst = (i, r);
            }
        }
        self.worst[class & 1] = (worst.0 as u8, worst.1);
    }
}

/// The beams of one dynamic program. States live in one arena, so a cell
/// costs little until states reach it; a state evicted or replaced leaves
/// its place in the arena to the newcomer.
#[derive(Default)]
pub(super) struct Grid {
    cells: Vec<Cell>,
    parts: Vec<Part>,
}

impl Grid {
    /// Empties the grid for a program of `n` cells, keeping its memory.
    pub(super) fn reset(&mut self, n: usize) {
        // A grid too small is replaced, not grown: growing would copy its
        // stale cells and states.
        if self.cells.len() < n {
            self.cells = vec![Cell::EMPTY; n];
        } else {
            // Only a cell's counts need resetting: what lies beyond them is
            // written before it is read ([`Cell::place`]).
            for c in self.cells.iter_mut().take(n) {
                c.clear();
            }
        }
        self.parts.clear();
        // States are appended only while a beam has room: never more than
        // this, so the arena never moves.
        if self.parts.capacity() < n * CAP {
            self.parts = Vec::with_capacity(n * CAP);
        }
    }

    /// The members of cell `c`, in [`Part::order`].
    pub(super) fn sorted(&self, c: usize) -> Vec<Part> {
        let mut v: Vec<Part> = self
            .cells
            .get(c)
            .map_or(&[][..], Cell::members)
            .iter()
            .filter_map(|&m| self.parts.get(m as usize).copied())
            .collect();
        v.sort_by(Part::order);
        v
    }

    /// The `k`-th member of cell `c`.
    pub(super) fn member(&self, c: usize, k: usize) -> Option<&Part> {
        let m = *self.cells.get(c)?.members().get(k)?;
        self.parts.get(m as usize)
    }

    /// Offers a state to cell `c`'s beam: it replaces an equal state it
    /// comes before in [`Part::order`], takes a free place of its class, or
    /// evicts the class's worst member if it comes before it.
    #[inline]
    pub(super) fn push(&mut self, c: usize, p: &Part) {
        let Grid { cells, parts } = self;
        let Some(cell) = cells.get_mut(c) else {
            return;
        };
        // States that already broke the arithmetic compete among themselves:
        // they rank low early, yet one of them may be the honest reading of an
        // inconsistent form.
        let class = usize::from(p.pen != 0);
        let cap = if class == 1 { BEAM_BROKEN } else { BEAM };
        let full = usize::from(cell.count[class]) >= cap;
        if full {
            let (wi, wr) = cell.worst[class];
            let worse = p.rank > wr
                || (p.rank == wr
                    && cell
                        .members
                        .get(usize::from(wi))
                        .and_then(|&m| parts.get(m as usize))
                        .is_none_or(|w| p.order(w) != Ordering::Less));
            if worse {
                // Refused: no member of its class comes after it, so
                // neither does an equal state it could replace.
                return;
            }
        }
        let key = p.key();
        let len = usize::from(cell.len);
        for j in 0..len {
            if cell.keys[j] != key {
                continue;
            }
            let Some(e) = cell.members.get(j).and_then(|&m| parts.get_mut(m as usize)) else {
                continue;
            };
            if e.same_state(p) {
                if p.order(e) == Ordering::Less {
                    *e = *p;
                    cell.replaced(parts, j, key, p.rank, class);
                }
                return;
            }
        }
        if !full {
            if len < CAP {
                cell.members[len] = parts.len() as u32;
                parts.push(*p);
                cell.place(len, key, p.rank, class);
                cell.len += 1;
                cell.count[class] += 1;
                let (wi, wr) = cell.worst[class];
                if cell.count[class] == 1
                    || p.rank > wr
                    || (p.rank == wr && cell.after(parts, len, usize::from(wi)))
                {
                    cell.worst[class] = (len as u8, p.rank);
                }
            }
        } else {
            // p comes before the worst member (checked above).
            let wi = usize::from(cell.worst[class].0);
            let m = cell.members.get(wi).copied().unwrap_or(u32::MAX);
            if let Some(x) = parts.get_mut(m as usize) {
                *x = *p;
            }
            cell.replaced(parts, wi, key, p.rank, class);
        }
    }
}
