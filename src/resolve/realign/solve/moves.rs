//! The moves of a dynamic program, what each costs, and the least a state
//! still pays to the end.

use super::cost;
use super::state::S;
use crate::resolve::realign::cells::{self, Tok, Token};

/// Up to two choices for a slot, without allocating.
#[derive(Clone, Copy, Default)]
pub(super) struct Opts {
    v: [(S, f64); 2],
    n: usize,
}

impl Opts {
    fn push(&mut self, o: (S, f64)) {
        if let Some(x) = self.v.get_mut(self.n) {
            *x = o;
            self.n += 1;
        }
    }

    pub(super) fn as_slice(&self) -> &[(S, f64)] {
        &self.v[..self.n]
    }
}

/// Whether a period section keeps its cells in their columns (empty cells
/// printed, or exactly one token per column): then positions mean something.
pub(super) fn keeps_cells(period: &[Token], grid: usize) -> bool {
    // A percent sign in the period section is debris, not a column.
    let m = period
        .iter()
        .filter(|t| !matches!(t.tok, Tok::Pct(_)))
        .count();
    (m >= 7 && period.iter().any(|t| t.tok == Tok::Empty)) || m == 8 || m == grid
}

/// The lesser of `a` and `b`, as [`f64::min`] gives it for the values
/// [`Moves::ahead`] compares: never NaN (costs are finite, a slot that cannot
/// read a token reads it at `+∞`, and nothing subtracts infinities) and
/// never `-0.0` (costs are sums of positive costs and of nets `c - c'`, and
/// a difference of equal values is `+0.0`), so without `min`'s NaN handling
/// (one comparison instead of three or four instructions).
#[inline(always)]
fn least(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// Index of cell (slot `s`, token `i`) of a dynamic program's grid.
pub(super) fn idx(s: usize, i: usize) -> usize {
    i * 9 + s
}

/// The moves of one dynamic program and what each costs, apart from what
/// depends on the values read so far (the arithmetic, lost programados
/// before a printed one). The search and the lower bound of what is still
/// to pay ([`Moves::ahead`]) share them.
pub(super) struct Moves<'a> {
    pub(super) period: &'a [Token<'a>],
    pub(super) copy: &'a [bool],
    pub(super) q: u8,
    /// Period cells the header shows (at least 8).
    pub(super) grid: usize,
    /// The section keeps its cells in their columns ([`keeps_cells`]).
    pub(super) kmode: bool,
    pub(super) lost_prior: Option<usize>,
}

impl Moves<'_> {
    /// Token `i` left over at slot `s` (8: after the last slot).
    pub(super) fn left(&self, s: usize, i: usize) -> f64 {
        let period = self.period;
        let trailing = s == 8;
        let pick = |c: (f64, f64)| if trailing { c.1 } else { c.0 };
        let c = match period.get(i).map_or(Tok::Empty, |t| t.tok) {
            Tok::Empty => pick(cost::X_EMPTY),
            Tok::Num(0.0) => pick(cost::X_ZERO),
            Tok::Num(v)
                if (i > 0 && period[i - 1].tok == Tok::Num(v))
                    || period.get(i + 1).is_some_and(|t| t.tok == Tok::Num(v)) =>
            {
                pick(cost::X_DUP)
            }
            Tok::Num(_) if self.copied(i) => pick(cost::X_COPY),
            Tok::Num(_) => pick(cost::X_NOVEL),
            Tok::Pct(_) if self.copied(i) => pick(cost::X_PCT_COPY),
            Tok::Pct(_) => pick(cost::X_PCT_NOVEL),
        };
        // In a row that keeps its cells, a cell left over before the last
        // slot shifts the columns after it.
        c + if self.kmode && !trailing {
            cost::SHIFT
        } else {
            0.0
        }
    }

    fn copied(&self, i: usize) -> bool {
        self.copy.get(i).copied().unwrap_or(false)
    }

    /// Slot `s` (below 8) without a token: its states and their costs.
    pub(super) fn drops(&self, s: usize) -> Opts {
        let is_a = s % 2 == 1;
        let after = is_a && s / 2 >= usize::from(self.q);
        let mut drops = Opts::default();
        if after {
            drops.push((S::After, cost::DROP_AFTER));
        } else if is_a {
            drops.push((S::Zero, cost::DROP_A));
            // A row that keeps its empty cells keeps the cell of a lost
            // value too: there, a value is lost only at a printed empty cell.
            if !self.kmode {
                drops.push((S::Lost, cost::LOST_A));
            }
        } else {
            drops.push((S::Zero, cost::DROP_P));
            if !self.kmode {
                drops.push((S::Lost, cost::LOST_P));
            }
        }
        // Each slot dropped in a row that keeps its cells shifts the columns.
        let shift = if self.kmode { cost::SHIFT } else { 0.0 };
        for o in drops.v.iter_mut().take(drops.n) {
            o.1 += shift;
        }
        drops
    }

    /// Slot `s` (below 8) reading token `i`: its states and their costs.
    #[inline(always)]
    pub(super) fn reads(&self, s: usize, i: usize) -> Opts {
        let k = s / 2;
        let is_a = s % 2 == 1;
        let after = is_a && k >= usize::from(self.q);
        let off_grid = self.kmode && i >= self.grid;
        let mut opts = Opts::default();
        let Some(tok) = self.period.get(i).map(|t| t.tok) else {
            return opts;
        };
        match (tok, after) {
            (Tok::Pct(_), _) => {}
            (Tok::Empty, true) => opts.push((S::After, 0.0)),
            (Tok::Num(v), true) => opts.push((
                S::After,
                if v == 0.0 {
                    cost::JUNK_ZERO
                } else if i > 0 && self.period.get(i - 1).is_some_and(|t| t.tok == Tok::Num(v)) {
                    cost::JUNK_DUP
                } else if self.copied(i) {
                    cost::JUNK
                } else {
                    cost::JUNK_NOVEL
                },
            )),
            (Tok::Empty, false) => {
                opts.push((S::Zero, 0.0));
                let mut c = if is_a { cost::LOST_A } else { cost::LOST_P };
                if !is_a && self.lost_prior == Some(k) {
                    c -= cost::LOST_PRIOR;
                }
                if off_grid {
                    c += cost::OFF_GRID;
                }
                opts.push((S::Lost, c));
            }
            (Tok::Num(0.0), false) => opts.push((S::Zero, 0.0)),
            (Tok::Num(v), false) => {
                opts.push((S::Val(v), if off_grid { cost::OFF_GRID } else { 0.0 }));
                // A programado misread as something else: the cell holds a
                // stray value where the form had none.
                if !is_a {
                    opts.push((
                        S::Zero,
                        if self.copied(i) {
                            cost::SUB_COPY
                        } else {
                            cost::SUB_NOVEL
                        },
                    ));
                }
            }
        }
        opts
    }

    /// What a move costs at least, net of what it takes off the rank's
    /// arithmetic bound: declaring slot `s` lost ends the bound's term of
    /// its class, worth at most [`cost::LOST_P`] (or [`cost::LOST_A`]),
    /// since the slot itself is still open; no other move lowers the bound
    /// (see [`Bound::rank`]).
    ///
    /// [`Bound::rank`]: super::bound::Bound::rank
    fn net(&self, s: usize, st: S, c: f64) -> f64 {
        match st {
            S::Lost if s % 2 == 0 => c - cost::LOST_P,
            S::Lost => c - cost::LOST_A,
            _ => c,
        }
    }

    /// `ahead[idx(s, i)]`: the least a state at slot `s`, token `i` still
    /// pays on top of its rank, whatever its values: the cheapest way to the
    /// end in [`Moves::net`] costs, left over and dropped cells included.
    ///
    /// It is a consistent bound: no move pays less than what it takes off
    /// the rank plus what it takes off `ahead`, so a state's rank plus
    /// `ahead` never decreases along a move (the key of the pruned search,
    /// see [`Search`]). It may be negative where the table's lost column
    /// makes a loss cheaper than the bound's term.
    ///
    /// Returns whether every entry is at least zero (what the search's
    /// cost-only pruning test needs, see [`Frame::run`]): so when no move's
    /// net cost is negative, since an entry is then a sum of such costs (or
    /// a least of such sums) from zero; otherwise the entries are looked at.
    ///
    /// [`Search`]: super::search::Search
    /// [`Frame::run`]: super::frame::Frame::run
    pub(super) fn ahead(&self, ahead: &mut Vec<f64>) -> bool {
        let m = self.period.len().min(cells::MAX_TOKENS);
        // What depends on the slot alone, or on the token alone.
        let mut drop = [0.0; 8];
        for (s, d) in drop.iter_mut().enumerate() {
            *d = self.min_net(s, self.drops(s));
        }
        // Whether a move's net cost is negative (only a loss in the table's
        // lost column can be).
        let mut neg = drop.iter().any(|&d| d < 0.0);
        let mut left = [[0.0; 2]; cells::MAX_TOKENS];
        for (i, l) in left.iter_mut().enumerate().take(m) {
            *l = [self.left(0, i), self.left(8, i)];
            neg |= l[0] < 0.0 || l[1] < 0.0;
        }
        ahead.clear();
        ahead.resize(9 * (m + 1), 0.0);
        // Worked out a row of cells (one token, every slot) at a time, from
        // the last: a row needs only itself and the row after it, kept at
        // hand instead of looked up in `ahead`.
        let mut rows = ahead.chunks_exact_mut(9).rev();
        // The last row of cells (every token placed): only drops remain.
        let mut row = [0.0f64; 9];
        for s in (0..8).rev() {
            row[s] = drop[s] + row[s + 1];
        }
        if let Some(out) = rows.next() {
            out.copy_from_slice(&row);
        }
        // Each slot's kind, the same for every token: worked out once.
        let mut kinds = [0usize; 8];
        for (s, k) in kinds.iter_mut().enumerate() {
            *k = self.kind(s);
        }
        for (i, out) in (0..m).rev().zip(rows) {
            let next = row;
            let l = left[i];
            // After the last slot: only leftovers remain.
            row[8] = l[1] + next[8];
            // Slots of a kind read a token alike: worked out once per kind.
            let mut reads: [Option<f64>; 4] = [None; 4];
            for s in (0..8).rev() {
                let read = match reads.get_mut(kinds[s]) {
                    Some(r) => *r.get_or_insert_with(|| {
                        let x = self.min_net(s, self.reads(s, i));
                        neg |= x < 0.0;
                        x
                    }),
                    None => {
                        let x = self.min_net(s, self.reads(s, i));
                        neg |= x < 0.0;
                        x
                    }
                };
                row[s] = least(
                    least(l[0] + next[s], drop[s] + row[s + 1]),
                    read + next[s + 1],
                );
            }
            out.copy_from_slice(&row);
        }
        !neg || ahead.iter().all(|&x| x >= 0.0)
    }

    /// What [`Moves::reads`] (and [`Moves::net`]) tell slot `s` by: its
    /// slot's quarter matters only through whether it is an alcanzado after
    /// the reported quarter, or the programado of the table's lost column.
    fn kind(&self, s: usize) -> usize {
        let k = s / 2;
        if s % 2 == 1 {
            if k >= usize::from(self.q) {
                2
            } else {
                1
            }
        } else if self.lost_prior == Some(k) {
            3
        } else {
            0
        }
    }

    /// The least [`Moves::net`] cost of slot `s`'s choices (infinite if
    /// there are none; net costs are never NaN, see [`least`]).
    fn min_net(&self, s: usize, opts: Opts) -> f64 {
        opts.as_slice()
            .iter()
            .map(|&(st, c)| self.net(s, st, c))
            .fold(f64::INFINITY, least)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Moves::ahead`] as its doc states it: every cell from the last,
    /// each move's net cost worked out where it is made, `f64::min`.
    fn plain_ahead(moves: &Moves) -> Vec<f64> {
        let m = moves.period.len();
        let mut ahead = vec![0.0; 9 * (m + 1)];
        for i in (0..=m).rev() {
            for s in (0..=8).rev() {
                let mut best = if s == 8 && i == m { 0.0 } else { f64::INFINITY };
                if i < m {
                    best = best.min(moves.left(s, i) + ahead[idx(s, i + 1)]);
                }
                if s < 8 {
                    best = best.min(moves.min_net(s, moves.drops(s)) + ahead[idx(s + 1, i)]);
                    if i < m {
                        best = best
                            .min(moves.min_net(s, moves.reads(s, i)) + ahead[idx(s + 1, i + 1)]);
                    }
                }
                ahead[idx(s, i)] = best;
            }
        }
        ahead
    }

    proptest::proptest! {
        /// Slots of a kind read every token alike, so `ahead` may work a
        /// kind's reads out once.
        #[test]
        fn slots_of_a_kind_read_alike(
            cells in proptest::collection::vec(
                proptest::sample::select(vec!["", "0", "1", "3", "3", "12", "2.5", "25%"]),
                0..14,
            ),
            q in 1u8..=4,
            lost_prior in proptest::option::of(0usize..4),
            kmode: bool,
            grid in proptest::sample::select(vec![8usize, 10]),
        ) {
            let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
            let (vars, _) = cells::variants(crate::resolve::realign::Cells::Owned(&cells));
            let period = &vars[0].tokens;
            let copy: Vec<bool> = period.iter().enumerate().map(|(i, _)| i % 3 == 0).collect();
            let moves = Moves { period, copy: &copy, q, grid, kmode, lost_prior };
            // `ahead` tells whether its entries are all at least zero, and
            // they are the plain recurrence's, to the bit.
            let mut ahead = Vec::new();
            let nonneg = moves.ahead(&mut ahead);
            proptest::prop_assert_eq!(nonneg, ahead.iter().all(|&x| x >= 0.0));
            let plain = plain_ahead(&moves);
            proptest::prop_assert_eq!(
                ahead.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                plain.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
            for i in 0..=period.len() {
                for s in 0..8 {
                    for t in 0..8 {
                        if moves.kind(s) == moves.kind(t) {
                            let (a, b) = (moves.min_net(s, moves.reads(s, i)), moves.min_net(t, moves.reads(t, i)));
                            proptest::prop_assert_eq!(a.to_bits(), b.to_bits(), "s {} t {} i {}", s, t, i);
                        }
                    }
                }
            }
        }
    }
}
