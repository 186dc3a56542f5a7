//! One dynamic program: a run's period section aligned to the eight
//! period slots.

use super::bound::{eps, Bound};
use super::cost;
use super::grid::Grid;
use super::moves::{idx, keeps_cells, Moves, Opts};
use super::runs::Tail;
use super::search::{Found, STEP_SLACK};
use super::state::{codes, Part, Slot, S};
use super::RowCtx;
use crate::resolve::realign::cells::Token;

/// One dynamic program: a variant, a META choice and a tail.
pub(super) struct Frame<'a> {
    pub(super) tokens: &'a [Token<'a>],
    pub(super) copy: &'a [bool],
    /// Index of its run in [`Search::runs`].
    ///
    /// [`Search::runs`]: super::search::Search::runs
    pub(super) run: usize,
    pub(super) start: usize,
    pub(super) meta: Option<usize>,
    pub(super) tail: &'a Tail,
    pub(super) base: f64,
    /// States costlier than this (on top of `base`) are dropped.
    pub(super) limit: f64,
    /// The pruned search's threshold: states whose key is above it (on top
    /// of `base`, less [`STEP_SLACK`] per step) are dropped. See [`Search`].
    ///
    /// [`Search`]: super::search::Search
    pub(super) prune: Option<f64>,
    /// With `prune`, the program's [`Moves::ahead`], for the keys.
    pub(super) ahead: &'a [f64],
    /// Whether every entry of `ahead` is at least zero, when the caller
    /// knows it already (a pruned search works it out once per program for
    /// all its passes); otherwise worked out by [`Frame::run`].
    pub(super) nonneg: Option<bool>,
    /// The program's [`Frame::bound`] when the caller has it already (a
    /// pruned search works it out once per program for all its passes).
    pub(super) bound: Option<&'a Bound>,
    pub(super) ctx: RowCtx,
}

impl Frame<'_> {
    pub(super) fn num(&self, i: Option<usize>) -> Option<f64> {
        i.and_then(|i| self.tokens.get(i))
            .and_then(|t| t.tok.value())
    }

    /// The period section: its first token and its length.
    pub(super) fn period(&self) -> (usize, usize) {
        let start = self.start.min(self.tail.period_end);
        (start, self.tail.period_end - start)
    }

    /// The moves of the program and their costs.
    pub(super) fn moves(&self) -> Moves<'_> {
        let (start, m) = self.period();
        let period = &self.tokens[start..start + m];
        let grid = self.ctx.grid.max(8);
        Moves {
            period,
            copy: &self.copy[start..start + m],
            q: self.ctx.q,
            grid,
            kmode: keeps_cells(period, grid),
            lost_prior: self.ctx.lost_prior,
        }
    }

    /// What every reading of this program pays for its relative advance,
    /// when the meta and the absolute advance are printed (then it depends
    /// on the tail alone): the same charge as [`Frame::finish`]'s.
    pub(super) fn fixed(&self) -> f64 {
        let (Some(av), Some(mv)) = (self.num(self.tail.abs), self.num(self.meta)) else {
            return 0.0;
        };
        if mv <= 0.0 {
            return 0.0;
        }
        match self.num(self.tail.rel) {
            Some(r) => {
                let d = (r - 100.0 * av / mv).abs();
                if d <= 0.5 + 1e-9 {
                    0.0
                } else if d <= 1.0 + 1e-9 {
                    cost::REL_LOOSE
                } else {
                    cost::REL_BAD
                }
            }
            None => cost::INFER_REL,
        }
    }

    /// The arithmetic's bound of the program's states (a function of its
    /// period section, META, the absolute advance and the quarter only).
    pub(super) fn bound(&self) -> Bound {
        let (start, m) = self.period();
        Bound::new(
            &self.tokens[start..start + m],
            self.num(self.meta),
            self.num(self.tail.abs),
            self.ctx.q,
        )
    }

    /// A lower bound of the cost of any reading of this program, less its
    /// base and its [`Frame::fixed`] cost: the rank of the start plus what
    /// it must still pay (`ahead`, the program's [`Moves::ahead`]; `bound`,
    /// its [`Frame::bound`]).
    pub(super) fn floor(bound: &Bound, ahead: &[f64]) -> f64 {
        bound.rank(&Part::START, 0, 0) + ahead.first().copied().unwrap_or(0.0)
    }

    /// Runs the program, adding its readings to `out` in [`Part::order`].
    pub(super) fn run(&self, beams: &mut Grid, out: &mut Vec<Found>) {
        let moves = self.moves();
        let period = moves.period;
        let m = period.len();
        let q = self.ctx.q;
        let meta = self.num(self.meta);
        let abs = self.num(self.tail.abs);
        let is_lost_p = |st: S, is_a: bool| st == S::Lost && !is_a && moves.kmode;
        let dp = beams;
        let owned;
        let bound = match self.bound {
            Some(b) => b,
            None => {
                owned = self.bound();
                &owned
            }
        };
        // The sums past which a read charges an overflow, worked out once.
        let meta_cap = meta.map(|mv| mv + eps(mv));
        let abs_cap = abs.map(|av| av + eps(av));
        // What a state must still pay, for the pruned search's keys.
        let ahead = self.ahead;
        if let Some(r) = self.prune {
            // Keys never decrease: if the start's is above the threshold, so
            // is every other state's.
            if bound.rank(&Part::START, 0, 0) + ahead.first().copied().unwrap_or(0.0) > r {
                return;
            }
        }
        let ahead_at = |s: usize, i: usize| ahead.get(idx(s, i)).copied().unwrap_or(0.0);
        dp.reset(9 * (m + 1));
        dp.push(0, &Part::START);
        let code = codes(period);
        // A slot's drops depend on the slot alone: worked out once.
        let mut drops = [Opts::default(); 8];
        for (s, d) in drops.iter_mut().enumerate() {
            *d = moves.drops(s);
        }
        // Where no state must pay less than nothing, a state costlier than
        // the pruning threshold has a key above it too: it is dropped before
        // its rank is worked out.
        let nonneg = self
            .nonneg
            .unwrap_or_else(|| ahead.iter().all(|&x| x >= 0.0));
        let limit = match self.prune {
            Some(r) if nonneg => self.limit.min(r),
            _ => self.limit,
        };
        // The pruning test of cell (s, i), worked out once per cell: a state
        // is kept if its rank plus what is ahead is within the threshold.
        // Without pruning, every state is (ranks are finite).
        let gate = |s: usize, i: usize| match self.prune {
            Some(r) => (ahead_at(s, i), r - STEP_SLACK * (s + i) as f64),
            None => (0.0, f64::INFINITY),
        };
        let keep = |rank: f64, (a, t): (f64, f64)| rank + a <= t;
        // A rank is a cost plus penalties (never negative), so it is at
        // least the cost, to the bit: a state whose cost alone fails the
        // test fails it with its rank too, and is dropped before its rank is
        // worked out.
        let hopeless = |cost: f64, gate: (f64, f64)| !keep(cost, gate);
        // The cells that hold states, in the order of their indices (token
        // by token, slot by slot): a move goes to a cell of a higher index,
        // so a cell's states are all there when it is reached, and a cell
        // reached later is never one passed over. The last cell has no moves.
        let last = idx(8, m);
        let mut next = 0;
        while let Some(c) = dp.next_live(next).filter(|&c| c < last) {
            next = c + 1;
            let (i, s) = (c / 9, c % 9);
            let Some((members, len)) = dp.members(c) else {
                continue;
            };
            let Some(members) = members.get(..len).filter(|m| !m.is_empty()) else {
                continue;
            };
            // The moves out of the cell, the same for all its members.
            let left = (i < m).then(|| (moves.left(s, i), gate(s, i + 1)));
            let slot = (s < 8).then(|| {
                let is_a = s % 2 == 1;
                let reads = if i < m {
                    moves.reads(s, i)
                } else {
                    Opts::default()
                };
                (is_a, drops[s], gate(s + 1, i), reads, gate(s + 1, i + 1))
            });
            let slot_code = code.get(i).copied().unwrap_or(0);
            for &m in members {
                let Some(&p) = dp.part(m) else { continue };
                // 1. Token i left over.
                // The cost of a move that changes nothing else is
                // tested before the state is copied.
                if let Some((lc, g)) = left {
                    let cost = p.cost + lc;
                    if cost <= limit && !hopeless(cost, g) {
                        let mut n = p;
                        n.cost = cost;
                        n.rank = bound.rank(&n, s, i + 1);
                        if keep(n.rank, g) {
                            dp.push(idx(s, i + 1), &n);
                        }
                    }
                }
                let Some((is_a, drops, drop_gate, reads, read_gate)) = &slot else {
                    continue;
                };
                let is_a = *is_a;
                // 2. Slot s without a token.
                for &(st, c) in drops.as_slice() {
                    let cost = p.cost + c;
                    if cost <= limit && !hopeless(cost, *drop_gate) {
                        let mut n = p;
                        n.set(s, st, Slot::pack(st, 0), q);
                        n.cost = cost;
                        if is_lost_p(st, is_a) {
                            n.lost_open += 1;
                        }
                        n.rank = bound.rank(&n, s + 1, i);
                        if keep(n.rank, *drop_gate) {
                            dp.push(idx(s + 1, i), &n);
                        }
                    }
                }
                // 3. Slot s reads token i (no choices past the last).
                for &(st, c) in reads.as_slice() {
                    // What a read adds on top of its own cost is never
                    // negative: if its cost alone fails, the read does.
                    let base = p.cost + c;
                    if base > limit || hopeless(base, *read_gate) {
                        continue;
                    }
                    let mut n = p;
                    n.set(s, st, Slot::pack(st, slot_code), q);
                    n.tok[s] = i as u8;
                    n.cost += c;
                    match st {
                        S::Lost if is_lost_p(st, is_a) => n.lost_open += 1,
                        S::Val(_) if !is_a => {
                            n.cost += cost::LOST_INTERIOR * f64::from(n.lost_open);
                            n.lost_open = 0;
                        }
                        _ => {}
                    }
                    // Charge an overflow as soon as it happens, so the
                    // beam ranks hopeless states low.
                    if let (Some(cap), false) = (meta_cap, is_a) {
                        if n.pen & 1 == 0 && n.sum[0] > cap {
                            n.pen |= 1;
                            n.cost += cost::SUM_BAD;
                        }
                    }
                    if let (Some(cap), true) = (abs_cap, is_a) {
                        if n.pen & 2 == 0 && n.sum[1] > cap {
                            n.pen |= 2;
                            n.cost += cost::ABS_BAD;
                        }
                    }
                    if n.cost <= limit && !hopeless(n.cost, *read_gate) {
                        n.rank = bound.rank(&n, s + 1, i + 1);
                        if keep(n.rank, *read_gate) {
                            dp.push(idx(s + 1, i + 1), &n);
                        }
                    }
                }
            }
        }
        let (members, n) = dp.sorted_members(idx(8, m));
        for part in members.iter().take(n).filter_map(|&m| dp.part(m).copied()) {
            if let Some(c) = self.finish(&part, false) {
                out.push(Found {
                    cost: c.cost,
                    vals: c.vals,
                    run: self.run,
                    part,
                });
            }
        }
    }
}
