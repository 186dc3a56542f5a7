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
    len: u8,
    /// Members per class (unbroken, broken).
    count: [u8; 2],
    /// Per class, the place of its worst member in [`Part::order`], kept
    /// only while the class is full: a beam with room takes every state,
    /// and only a full one compares newcomers with its worst member.
    worst: [u8; 2],
    /// The [`key_bit`]s of every key the cell took since it was emptied:
    /// a key whose bit is not there is no member's, and needs no scan.
    seen: u64,
}

/// A key's bit in [`Cell::seen`]: six bits of a multiplicative hash of it.
#[inline(always)]
fn key_bit(key: u64) -> u64 {
    1 << (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58)
}

impl Cell {
    const EMPTY: Cell = Cell {
        members: [0; CAP],
        keys: [0; CAP],
        len: 0,
        count: [0; 2],
        worst: [0; 2],
        seen: 0,
    };

    fn members(&self) -> &[u32] {
        &self.members[..usize::from(self.len)]
    }

    /// Empties the cell.
    fn clear(&mut self) {
        self.len = 0;
        self.count = [0; 2];
        self.seen = 0;
        // `worst` needs no reset: it is set when a class fills up, and
        // read only while it is full.
    }

    /// The member at place `i`.
    fn part<'p>(&self, parts: &'p [Part], i: usize) -> Option<&'p Part> {
        self.members.get(i).and_then(|&m| parts.get(m as usize))
    }

    /// Finds the worst member of a (full) class again. Out of line: few
    /// pushes fill a class or change its worst member, and the common path
    /// stays small.
    #[cold]
    #[inline(never)]
    fn rescan(&mut self, parts: &[Part], class: usize) {
        let mut worst: Option<(usize, &Part)> = None;
        for (i, &m) in self.members().iter().enumerate() {
            let Some(p) = parts.get(m as usize) else {
                continue;
            };
            if usize::from(p.pen != 0) != class {
                continue;
            }
            // Ranks decide, except between equal ones.
            if worst.is_none_or(|(_, w)| {
                p.rank > w.rank || (p.rank == w.rank && p.order(w) == Ordering::Greater)
            }) {
                worst = Some((i, p));
            }
        }
        if let (Some((i, _)), Some(w)) = (worst, self.worst.get_mut(class)) {
            *w = i as u8;
        }
    }
}

/// The beams of one dynamic program. States live in one arena, so a cell
/// costs little until states reach it; a state evicted or replaced leaves
/// its place in the arena to the newcomer.
///
/// Which cells hold states is a bit set ([`Grid::live`]): a reset clears the
/// bits, not the cells (a cell is emptied when its first state arrives), and
/// the program visits the cells that hold states ([`Grid::next_live`])
/// rather than testing every cell (most stay empty).
#[derive(Default)]
pub(super) struct Grid {
    cells: Vec<Cell>,
    parts: Vec<Part>,
    /// Bit `c % 64` of word `c / 64`: cell `c` holds states since the last
    /// reset. A cell without its bit is empty, whatever it holds.
    live: Vec<u64>,
}

impl Grid {
    /// Empties the grid for a program of `n` cells, keeping its memory.
    pub(super) fn reset(&mut self, n: usize) {
        // A grid too small is replaced, not grown: growing would copy its
        // stale cells and states.
        if self.cells.len() < n {
            self.cells = vec![Cell::EMPTY; n];
        }
        // Every cell empty: a cell is cleared when its first state arrives
        // (only its counts need resetting: what lies beyond them is written
        // before it is read).
        self.live.clear();
        self.live.resize(n.div_ceil(64), 0);
        self.parts.clear();
        // States are appended only while a beam has room: never more than
        // this, so the arena never moves.
        if self.parts.capacity() < n * CAP {
            self.parts = Vec::with_capacity(n * CAP);
        }
    }

    /// Cells the grid holds memory for.
    pub(super) fn cells(&self) -> usize {
        self.cells.len()
    }

    /// The members of cell `c`, in [`Part::order`].
    #[cfg(test)]
    pub(super) fn sorted(&self, c: usize) -> Vec<Part> {
        let (members, n) = self.sorted_members(c);
        members
            .iter()
            .take(n)
            .filter_map(|&m| self.part(m).copied())
            .collect()
    }

    /// The members of cell `c` as places in the arena ([`Grid::part`]),
    /// how many, sorted by [`Part::order`] (stably: ties keep the cell's
    /// order), with no allocation.
    pub(super) fn sorted_members(&self, c: usize) -> ([u32; CAP], usize) {
        let Some((mut members, n)) = self.members(c) else {
            return ([0; CAP], 0);
        };
        let part = |m: &u32| self.parts.get(*m as usize);
        if let Some(ms) = members.get_mut(..n) {
            ms.sort_by(|a, b| match (part(a), part(b)) {
                (Some(x), Some(y)) => x.order(y),
                _ => Ordering::Equal,
            });
        }
        (members, n)
    }

    /// The members of cell `c`, as places in the arena ([`Grid::part`]),
    /// copied out: pushes to other cells never move them.
    /// None for an empty cell (most cells are), which costs no copy.
    pub(super) fn members(&self, c: usize) -> Option<([u32; CAP], usize)> {
        if !self.is_live(c) {
            return None;
        }
        self.cells
            .get(c)
            .filter(|cell| cell.len != 0)
            .map(|cell| (cell.members, usize::from(cell.len)))
    }

    /// Whether cell `c` holds states (its bit in [`Grid::live`]).
    fn is_live(&self, c: usize) -> bool {
        self.live
            .get(c / 64)
            .is_some_and(|w| w & (1u64 << (c % 64)) != 0)
    }

    /// The first cell from `c` on that holds states, if any.
    pub(super) fn next_live(&self, c: usize) -> Option<usize> {
        let mut w = c / 64;
        // The word of `c`, without the bits of the cells before it.
        let mut bits = self.live.get(w)? & (u64::MAX << (c % 64));
        loop {
            if bits != 0 {
                return Some(w * 64 + bits.trailing_zeros() as usize);
            }
            w += 1;
            bits = *self.live.get(w)?;
        }
    }

    /// The state at place `m` of the arena.
    pub(super) fn part(&self, m: u32) -> Option<&Part> {
        self.parts.get(m as usize)
    }

    /// Offers a state to cell `c`'s beam: it replaces an equal state it
    /// comes before in [`Part::order`], takes a free place of its class, or
    /// evicts the class's worst member if it comes before it.
    #[inline]
    pub(super) fn push(&mut self, c: usize, p: &Part) {
        let Grid { cells, parts, live } = self;
        let (Some(cell), Some(word)) = (cells.get_mut(c), live.get_mut(c / 64)) else {
            return;
        };
        let bit = 1u64 << (c % 64);
        if *word & bit == 0 {
            // The cell's first state since the reset: it takes it.
            *word |= bit;
            cell.clear();
        }
        // States that already broke the arithmetic compete among themselves:
        // they rank low early, yet one of them may be the honest reading of an
        // inconsistent form. (A state's class follows from its slots, as its
        // sums do: equal states are of one class.)
        let class = usize::from(p.pen != 0);
        let cap = if class == 1 { BEAM_BROKEN } else { BEAM };
        let full = usize::from(cell.count[class]) >= cap;
        let wi = usize::from(cell.worst[class]);
        if full {
            let worse = cell.part(parts, wi).is_none_or(|w| {
                p.rank > w.rank || (p.rank == w.rank && p.order(w) != Ordering::Less)
            });
            if worse {
                // Refused: no member of its class comes after it, so
                // neither does an equal state it could replace.
                return;
            }
        }
        let key = p.key();
        let len = usize::from(cell.len);
        let bit = key_bit(key);
        // Every member's key has its bit in `seen` (a key enters the cell
        // only below, where its bit is set): without the bit, no member
        // shares the key, and the scan would find none.
        let scan = if cell.seen & bit != 0 { len } else { 0 };
        cell.seen |= bit;
        for j in 0..scan {
            if cell.keys[j] != key {
                continue;
            }
            let Some(e) = cell.members.get(j).and_then(|&m| parts.get_mut(m as usize)) else {
                continue;
            };
            if e.same_state(p) {
                if p.order(e) == Ordering::Less {
                    *e = *p;
                    // A member that moves up changes the worst only if it
                    // was the worst.
                    if full && j == wi {
                        cell.rescan(parts, class);
                    }
                }
                return;
            }
        }
        if !full {
            if len < CAP {
                cell.members[len] = parts.len() as u32;
                cell.keys[len] = key;
                parts.push(*p);
                cell.len += 1;
                cell.count[class] += 1;
                if usize::from(cell.count[class]) >= cap {
                    cell.rescan(parts, class);
                }
            }
        } else {
            // p comes before the worst member (checked above): it takes
            // the worst's place.
            let m = cell.members.get(wi).copied().unwrap_or(u32::MAX);
            if let (Some(x), Some(k)) = (parts.get_mut(m as usize), cell.keys.get_mut(wi)) {
                *x = *p;
                *k = key;
            }
            cell.rescan(parts, class);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::state::{Slot, S};
    use super::*;

    /// A state from small numbers: few ranks and slots, so that ties and
    /// equal states are common. Its class follows from its slots, as a real
    /// state's does.
    fn part((rank, cost, tok, slots, lost_open): (u8, u8, u8, [u8; 3], u8)) -> Part {
        let mut p = Part::START;
        for (x, &v) in slots.iter().enumerate() {
            let st = match v % 3 {
                0 => S::Zero,
                1 => S::Lost,
                _ => S::Val(f64::from(v)),
            };
            p.set(x, st, Slot::pack(st, v), 1);
        }
        p.pen = u8::from(slots[0] % 3 == 1);
        p.cost = f64::from(cost) * 0.05;
        p.rank = p.cost + f64::from(rank) * 0.05;
        p.tok[0] = tok;
        p.lost_open = lost_open;
        p
    }

    proptest::proptest! {
        /// A beam holds, of each class, the first [`BEAM`] (or
        /// [`BEAM_BROKEN`]) in [`Part::order`] of the best versions of the
        /// distinct states offered, whatever the order they come in.
        #[test]
        fn beam_keeps_the_best_versions_of_the_best_states(
            offered in proptest::collection::vec(
                (0u8..4, 0u8..3, 0u8..2, proptest::array::uniform3(0u8..5), 0u8..2),
                0..80,
            ),
        ) {
            let parts: Vec<Part> = offered.into_iter().map(part).collect();
            let mut grid = Grid::default();
            grid.reset(1);
            for p in &parts {
                grid.push(0, p);
            }
            let got = grid.sorted(0);
            // The reference: best version of each state, then each class's
            // first members.
            let mut best: Vec<Part> = Vec::new();
            for p in &parts {
                match best.iter_mut().find(|b| b.key() == p.key() && b.same_state(p)) {
                    Some(b) if p.order(b) == Ordering::Less => *b = *p,
                    Some(_) => {}
                    None => best.push(*p),
                }
            }
            best.sort_by(Part::order);
            let mut want: Vec<Part> = Vec::new();
            for (class, cap) in [(0, BEAM), (1, BEAM_BROKEN)] {
                want.extend(best.iter().filter(|p| usize::from(p.pen != 0) == class).take(cap));
            }
            want.sort_by(Part::order);
            proptest::prop_assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                proptest::prop_assert_eq!(g.order(w), Ordering::Equal, "{:?} {:?}", g, w);
            }
        }
    }
}
