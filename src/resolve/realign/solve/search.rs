//! The search over a row's runs, pruned, and the proof that pruning
//! changes nothing.

use super::bound::Bound;
use super::frame::Frame;
use super::grid::Grid;
use super::runs::{prepare, Run};
use super::state::Part;
use super::{Cand, Row, RowCtx, Solution, Vals};
use crate::resolve::realign::cells::Variant;
use crate::resolve::realign::decide;

/// Most candidates kept per row.
const KEEP: usize = 16;
/// Readings costlier than the best by more than this never change a
/// decision (ambiguity windows, the confidence margin, full at
/// [`decide::FULL_MARGIN`]): they are not searched. (With room to spare
/// against rounding, as [`detailed_window`] has.)
const RELEVANT: f64 = decide::OFFGRID_TAU
    .max(decide::TAU_MAX)
    .max(decide::FULL_MARGIN)
    + 1e-6;

/// The readings of every run of a row whose cost is below the run's floor
/// (what the pruned search's first guess and keys rest on; see [`Search`]),
/// each run searched in full on its own.
#[cfg(test)]
pub(crate) fn below_floor(row: &Row<'_>, ctx: RowCtx) -> Vec<String> {
    let prepared = Prepared::new(row);
    let search = prepared.search(ctx);
    let mut out = Vec::new();
    let mut grid = Grid::default();
    for (r, run) in prepared.runs.iter().enumerate() {
        let frame = search.frame(r, run, f64::INFINITY, None, &[]);
        let mut ahead = Vec::new();
        let _ = frame.moves().ahead(&mut ahead);
        let floor = run.base + frame.fixed() + Frame::floor(&frame.bound(), &ahead);
        let mut found = Vec::new();
        frame.run(&mut grid, &mut found);
        for f in found.iter().filter(|f| f.cost < floor - 1e-9) {
            out.push(format!("run {r}: floor {floor} > {} {:?}", f.cost, f.vals));
        }
    }
    out
}

/// The readings of every run of a row whose cost or values, as the search
/// works them out (without messages), differ from their detailed reading's.
#[cfg(test)]
pub(crate) fn bare_differs(row: &Row<'_>, ctx: RowCtx) -> Vec<String> {
    let prepared = Prepared::new(row);
    let search = prepared.search(ctx);
    let mut out = Vec::new();
    let mut grid = Grid::default();
    for (r, run) in prepared.runs.iter().enumerate() {
        let mut found = Vec::new();
        search
            .frame(r, run, f64::INFINITY, None, &[])
            .run(&mut grid, &mut found);
        for f in &found {
            let full = search.detail(f);
            if full.as_ref().map(|c| (c.cost.to_bits(), c.vals)) != Some((f.cost.to_bits(), f.vals))
            {
                out.push(format!("run {r}: {} {:?} vs {full:?}", f.cost, f.vals));
            }
        }
    }
    out
}

/// Where the pruned search's first guess, made from the floors it needs
/// (see [`Search::first_guess`]), differs from the least of every run's
/// floor, or where a run it left out has an `ahead` with an entry below
/// zero without the table's lost column.
#[cfg(test)]
pub(crate) fn guess_differs(row: &Row<'_>, ctx: RowCtx) -> Option<String> {
    let prepared = Prepared::new(row);
    let search = prepared.search(ctx);
    let (u, aheads) = search.first_guess();
    let all = search.first_guess_of_all();
    if u.to_bits() != all.to_bits() {
        return Some(format!("first guess {u} vs {all}"));
    }
    for (r, run) in prepared.runs.iter().enumerate() {
        let (ahead, nonneg, _) = search.ahead(r, run);
        if ctx.lost_prior.is_none() && (!nonneg || ahead.iter().any(|&x| x < 0.0)) {
            return Some(format!("run {r}: ahead below zero"));
        }
        if aheads
            .get(r)
            .is_some_and(|a| a.as_ref().is_some_and(|a| a.0 != ahead))
        {
            return Some(format!("run {r}: ahead differs"));
        }
    }
    None
}

/// Solves one row; with `prune`, tries the pruned search first (see
/// [`Search`]).
pub(super) fn solve(row: &Row<'_>, ctx: RowCtx, prune: bool, grid: &mut Grid) -> Solution {
    solve_detailed(row, ctx, prune, grid, false)
}

/// How far above the best reading the readings kept are written out in
/// full; the others keep their cost and values only ([`Cand::bare`]).
///
/// Past the best reading, decide.rs looks at a reading's details only
/// within its ambiguity windows ([`tau`] of the best, or [`OFFGRID_TAU`]),
/// and at its cost and values beyond (the confidence margin): a reading
/// further away is never read for more, and writing it out in full is
/// wasted. The bare cost and values are the detailed ones (tested by
/// `bare_differs`).
///
/// [`tau`]: crate::resolve::realign::decide::tau
/// [`OFFGRID_TAU`]: crate::resolve::realign::decide::OFFGRID_TAU
fn detailed_window(best: f64) -> f64 {
    // With room to spare against rounding: more detail changes nothing.
    decide::OFFGRID_TAU.max(decide::tau(best)) + 1e-6
}

/// [`solve`], writing out in full the readings kept within
/// [`detailed_window`] of the best, or with `all`, every one.
pub(super) fn solve_detailed(
    row: &Row<'_>,
    ctx: RowCtx,
    prune: bool,
    grid: &mut Grid,
    all: bool,
) -> Solution {
    let prepared = Prepared::new(row);
    let search = prepared.search(ctx);
    let mut found = prune
        .then(|| search.pruned(grid))
        .flatten()
        .unwrap_or_else(|| search.run(grid, None));
    found.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    // The first reading of each values, up to KEEP of them, as places in
    // `found` (no list of their own).
    let mut places = [0usize; KEEP];
    let mut n = 0;
    for (j, f) in found.iter().enumerate() {
        if n >= KEEP {
            break;
        }
        if !places[..n].iter().any(|&k| found[k].vals == f.vals) {
            places[n] = j;
            n += 1;
        }
    }
    let kept = places[..n].iter().map(|&j| &found[j]);
    // Only the readings kept are worth their messages, and of those only
    // the ones near the best (see `detailed_window`).
    let limit = match kept.clone().next() {
        Some(b) if !all => b.cost + detailed_window(b.cost),
        _ => f64::INFINITY,
    };
    let cands = kept
        .filter_map(|f| {
            if f.cost <= limit {
                search.detail(f)
            } else {
                Some(Cand::bare(f.cost, f.vals))
            }
        })
        .collect();
    Solution {
        cands,
        cut: prepared.cut,
    }
}

/// A row's runs and what they read ([`prepare`]), owned, for a [`Search`]
/// to borrow.
struct Prepared<'a> {
    vars: Vec<Variant<'a>>,
    copies: Vec<Vec<bool>>,
    runs: Vec<Run>,
    /// Whether tokens were cut off.
    cut: bool,
}

impl<'a> Prepared<'a> {
    fn new(row: &Row<'a>) -> Prepared<'a> {
        let (vars, copies, runs, cut) = prepare(row);
        Prepared {
            vars,
            copies,
            runs,
            cut,
        }
    }

    fn search(&self, ctx: RowCtx) -> Search<'_> {
        Search {
            vars: &self.vars,
            copies: &self.copies,
            runs: &self.runs,
            ctx,
        }
    }
}

/// A reading found by the search, before its messages are written: what
/// ranks and tells readings apart, and where it came from.
pub(super) struct Found {
    pub(super) cost: f64,
    pub(super) vals: Vals,
    /// Index of its run in [`Search::runs`].
    pub(super) run: usize,
    /// Its complete alignment.
    pub(super) part: Part,
}

/// The search over a row's runs.
///
/// # Pruning
///
/// The full search ([`Search::run`] with no bound) is the reference: a beam
/// search whose candidates only matter within [`RELEVANT`] of the best one
/// (decide.rs looks at readings within `OFFGRID_TAU` of the best, and the
/// confidence margin saturates at [`decide::FULL_MARGIN`]). Given an upper
/// bound `u` of the best cost, the pruned search drops every state whose
/// key is above `u + RELEVANT`, less the run's base and what every reading
/// of the run pays for its relative advance ([`Frame::fixed`]). A state's
/// key is its rank (its cost plus a lower bound of the arithmetic penalties
/// still to come) plus
/// [`Moves::ahead`] of its cell (the least it must still pay to place the
/// rest of the row's cells, net of what that takes off the rank). It finds
/// every candidate the full search finds up to `u + RELEVANT`, and none the
/// full search does not, in the same order:
///
/// - keys never decrease along a step (each step's cost pays at least what
///   the rank's bound stops predicting plus what `ahead` stops predicting,
///   see [`Bound::rank`] and [`Moves::net`]; the threshold tightens by
///   [`STEP_SLACK`] a step against rounding), so the parent of a state kept
///   is kept;
/// - a beam keeps, of each state, its best version, and of those the best
///   [`BEAM`] (or [`BEAM_BROKEN`]) in a total order of the states
///   themselves whose first key is the rank ([`Part::order`]): what it
///   holds does not depend on the order states arrive in. `ahead` is the
///   same for every state of a cell, so the states whose key is within a
///   threshold are a prefix of that order, and a beam of the pruned search
///   holds exactly the full search's members within its threshold (by
///   induction over the cells, parents first);
/// - a candidate costs at least its run's base and fixed cost plus its
///   state's key (at the last cell nothing is ahead), and candidates come
///   out of a beam in the total order.
///
/// The bound `u` is a guess; the result proves it (the best found is at most
/// `u`, give or take rounding: [`GUESS_SLACK`]) or gives a true one (a reading the pruned search finds is one the
/// full search finds), so a second try with it holds. The first guess is
/// the least of the runs' floors (base and fixed cost plus the start's key), a
/// lower bound of the best cost at which most rows read exactly.
///
/// Within a pass, a run after the first is searched only as far as one of
/// its readings can still matter ([`still_needed`]), and a pass whose best
/// exceeds its guess still holds when every reading that matters lies
/// within its reach.
///
/// The tests check the pruned search against the full one on the seed's
/// rows and on generated ones (`pruned_search_agrees_*` in tests.rs).
///
/// [`BEAM`]: super::grid::BEAM
/// [`BEAM_BROKEN`]: super::grid::BEAM_BROKEN
/// [`Bound::rank`]: super::bound::Bound::rank
/// [`Moves::ahead`]: super::moves::Moves::ahead
/// [`Moves::net`]: super::moves::Moves::net
pub(super) struct Search<'a> {
    vars: &'a [Variant<'a>],
    copies: &'a [Vec<bool>],
    runs: &'a [Run],
    ctx: RowCtx,
}

/// Slack added to the pruning threshold: rounding of the costs' sums.
const SLACK: f64 = 1e-6;

/// How much the pruning threshold tightens per step of the dynamic program,
/// so that rounding can never let a state rank below its parent's threshold.
pub(super) const STEP_SLACK: f64 = 1e-9;

/// Most pruned passes before the search gives up guessing and runs in full.
const MAX_GUESSES: usize = 4;

/// How far the guess moves up after a pass that found no reading at all
/// (none costs up to the guess plus [`RELEVANT`]). Any step keeps the search
/// exact (a guess is only ever trusted once a pass proves it); wider than
/// [`RELEVANT`], so that a row whose floor lies far below its best reading
/// (a row read under the wrong quarter, say) reaches it in a pass or two
/// instead of running out of guesses and into the full search.
const GUESS_STEP: f64 = 2.0 * RELEVANT;

/// How far the best reading may exceed the guess for the guess to hold.
/// A floor and the cost of a reading at that floor add the same charges in
/// other orders, and often differ by a few ulps: without this room, such a
/// row took a second pass for nothing (a third of the rows that took two).
///
/// It holds: a pass with guess `u` finds every reading up to `u + RELEVANT`
/// plus what is left of [`SLACK`] after the threshold's tightening
/// ([`STEP_SLACK`] a step, at most `8 + MAX_TOKENS` steps: under 1e-7) and
/// the rounding of the costs' sums (under 1e-11: a reading adds up fewer
/// than a hundred charges of at most a few units each): more than
/// `u + RELEVANT + GUESS_SLACK`. If the best found is at most
/// `u + GUESS_SLACK`, so is the best cost, and every reading within
/// [`RELEVANT`] of it was found.
const GUESS_SLACK: f64 = 1e-9;

// The room the argument above rests on: the threshold's tightening and the
// guess's slack together stay well inside SLACK.
const _: () = assert!(
    GUESS_SLACK + STEP_SLACK * ((8 + crate::resolve::realign::cells::MAX_TOKENS) as f64)
        < SLACK / 2.0
);

/// The highest cost a reading of the runs still to search may have and
/// matter, given the readings `found` so far (`best` the cheapest) and a
/// pass's threshold `cap` (its guess plus [`RELEVANT`]).
///
/// What the rest of the realignment reads of a row's readings are those
/// within [`detailed_window`] of the best, and the cost of the first one
/// whose values differ from the best's (the confidence margin, saturated
/// at [`RELEVANT`]). With `b` the best so far and `c2` the cheapest found
/// with other values than a cheapest one's, a later reading costlier than
/// both `b + detailed_window(b)` and `c2` is neither: the final best costs
/// at most `b` (and the window does not narrow as the best drops), and it
/// is not the first with other values than the final best, since of the
/// two readings at `b` and `c2` (whose values differ), one differs from the
/// final best's and is cheaper. Every reading the pass would find up to
/// this lower threshold it still finds, in the same order (see [`Search`]);
/// the best found is unchanged, since a reading cheaper than `b` is below
/// it. Readings past it are never read beyond their cost and values, and
/// only as far as the margin saturates (tested by the `pruned_search_agrees`
/// tests, which compare what the rest of the realignment reads).
fn still_needed(cap: f64, best: f64, found: &[Found]) -> f64 {
    let Some(first) = found.iter().find(|f| f.cost == best) else {
        return cap;
    };
    let c2 = found
        .iter()
        .filter(|f| f.vals != first.vals)
        .map(|f| f.cost)
        .fold(f64::INFINITY, f64::min);
    cap.min((best + detailed_window(best)).max(c2))
}

/// A run's [`Moves::ahead`], whether every entry of it is at least zero,
/// and its [`Frame::bound`]: what a pruned pass needs of it.
///
/// [`Moves::ahead`]: super::moves::Moves::ahead
type Ahead = (Vec<f64>, bool, Bound);

/// What a pruned pass of [`Search::run`] needs: `u`, an upper bound of the
/// best cost (for the caller to check), and each run's [`Ahead`], worked
/// out once for all passes, when a pass first needs it (`None` until then).
struct Pruning<'p> {
    u: f64,
    aheads: &'p mut [Option<Ahead>],
}

impl Search<'_> {
    /// The [`Ahead`] of run `r`.
    fn ahead(&self, r: usize, run: &Run) -> Ahead {
        let mut ahead = Vec::new();
        let frame = self.frame(r, run, f64::INFINITY, None, &[]);
        let nonneg = frame.moves().ahead(&mut ahead);
        (ahead, nonneg, frame.bound())
    }

    /// The first guess of the pruned search: the least of the runs'
    /// floors ([`Frame::floor`] and the run's base and fixed cost), with
    /// the [`Ahead`]s it worked out on the way (`None` for the others).
    ///
    /// Without the table's lost column (`lost_prior`), a run's floor is at
    /// least its base: no move's net cost is negative then (only a loss in
    /// the lost column's slot is, see [`Moves::net`]; every other charge in
    /// cost.rs is at least zero), so every entry of its `ahead` is at least
    /// zero, and so are its fixed cost and the start's rank (sums of
    /// charges). The runs come cheapest base first: once a run's base
    /// reaches the least floor so far, no run from it on lowers the
    /// least, which is the one of every run's floor to the bit, and their
    /// [`Ahead`]s are left for a pass that reaches them (most never do).
    ///
    /// [`Moves::net`]: super::moves::Moves::net
    fn first_guess(&self) -> (f64, Vec<Option<Ahead>>) {
        let mut aheads: Vec<Option<Ahead>> = Vec::with_capacity(self.runs.len());
        let mut u = f64::INFINITY;
        for (r, run) in self.runs.iter().enumerate() {
            if self.ctx.lost_prior.is_none() && run.base >= u {
                aheads.resize_with(self.runs.len(), || None);
                break;
            }
            let a = self.ahead(r, run);
            let frame = self.frame(r, run, f64::INFINITY, None, &[]);
            u = u.min(run.base + frame.fixed() + Frame::floor(&a.2, &a.0));
            aheads.push(Some(a));
        }
        (u, aheads)
    }

    /// [`Search::first_guess`] with every run's floor worked out.
    #[cfg(test)]
    fn first_guess_of_all(&self) -> f64 {
        let mut u = f64::INFINITY;
        for (r, run) in self.runs.iter().enumerate() {
            let a = self.ahead(r, run);
            let frame = self.frame(r, run, f64::INFINITY, None, &[]);
            u = u.min(run.base + frame.fixed() + Frame::floor(&a.2, &a.0));
        }
        u
    }

    /// The pruned search's candidates: every candidate of the full search
    /// within [`RELEVANT`] of the best one (see [`Search`]); `None` for a row
    /// without runs, or when no guess held after [`MAX_GUESSES`] passes.
    fn pruned(&self, grid: &mut Grid) -> Option<Vec<Found>> {
        self.runs.first()?;
        // What is ahead in each run's cells, and the arithmetic's bound,
        // worked out once for all passes (and only for the runs a pass
        // searches, or the first guess needs).
        let (mut u, mut aheads) = self.first_guess();
        for _ in 0..MAX_GUESSES {
            let cands = self.run(
                grid,
                Some(Pruning {
                    u,
                    aheads: &mut aheads,
                }),
            );
            let best = cands.iter().map(|c| c.cost).fold(f64::INFINITY, f64::min);
            // The guess held; or, past it, every reading that matters (see
            // [`still_needed`]) lies below `u + RELEVANT`, where the pass
            // finds all.
            let settled = still_needed(f64::INFINITY, best, &cands) <= u + RELEVANT;
            if best <= u + GUESS_SLACK || settled {
                return Some(cands);
            }
            // Every reading up to `u + RELEVANT` was found: none there, or
            // the best is beyond `u`. A reading found bounds the best cost;
            // without one, the guess moves up by GUESS_STEP.
            u = if best.is_finite() {
                best
            } else {
                u + GUESS_STEP
            };
        }
        None
    }

    /// Runs the dynamic programs, cheapest first. With `bound` (see
    /// [`Pruning`]), prunes (see [`Search`]).
    fn run(&self, grid: &mut Grid, mut bound: Option<Pruning<'_>>) -> Vec<Found> {
        // Room for a full final beam, what one program gives at most.
        let mut cands: Vec<Found> = Vec::with_capacity(super::grid::CAP);
        let mut best = f64::INFINITY;
        for (r, run) in self.runs.iter().enumerate() {
            if run.base > best + RELEVANT {
                break;
            }
            let prune = bound.as_ref().map(|&Pruning { u, .. }| {
                let fixed = self.frame(r, run, f64::INFINITY, None, &[]).fixed();
                still_needed(u + RELEVANT, best, &cands) + SLACK - run.base - fixed
            });
            if prune.is_some_and(|r| r < 0.0) {
                continue;
            }
            let ahead: Option<&Ahead> = match bound.as_mut() {
                Some(b) => match b.aheads.get_mut(r) {
                    Some(slot) => Some(&*slot.get_or_insert_with(|| self.ahead(r, run))),
                    None => None,
                },
                None => None,
            };
            let cells = ahead.map_or(&[][..], |(a, _, _)| a.as_slice());
            let mut frame = self.frame(r, run, best + RELEVANT - run.base, None, cells);
            frame.bound = ahead.map(|(_, _, b)| b);
            frame.nonneg = ahead.map(|&(_, nonneg, _)| nonneg);
            frame.prune = prune;
            let before = cands.len();
            frame.run(grid, &mut cands);
            // The readings found before are folded into `best` already:
            // only the new ones can lower it (a minimum of the same costs).
            best = cands
                .get(before..)
                .unwrap_or(&[])
                .iter()
                .map(|c| c.cost)
                .fold(best, f64::min);
        }
        cands
    }

    /// The dynamic program of run `r`.
    fn frame<'s>(
        &'s self,
        r: usize,
        run: &'s Run,
        limit: f64,
        prune: Option<f64>,
        ahead: &'s [f64],
    ) -> Frame<'s> {
        Frame {
            ahead,
            tokens: &self.vars[run.var].tokens,
            copy: &self.copies[run.var],
            run: r,
            start: run.start,
            meta: run.meta,
            tail: &run.tail,
            base: run.base,
            limit,
            prune,
            bound: None,
            nonneg: None,
            ctx: self.ctx,
        }
    }

    /// The candidate reading of a reading found, with its messages.
    fn detail(&self, f: &Found) -> Option<Cand> {
        let run = self.runs.get(f.run)?;
        self.frame(f.run, run, f64::INFINITY, None, &[])
            .finish(&f.part, true)
    }
}
