//! Which printed value is which field: a monotone alignment of the values
//! with the fields' printed order, scored by label, code shape and catalog
//! similarity, the similarities measured only where the alignment needs them.

use super::{kind, multi, Memo, Value, SLOTS};
use crate::catalog::Catalog;
use crate::layout::Label;
use crate::text::similarity_ceiling;

/// How well a printed code's shape fits each slot (in [`SLOTS`] order): its
/// parts and length read once for all of them.
fn shape_scores(code: Option<&str>) -> [f64; 8] {
    let shape = code.map(|c| (c.split('.').count(), c.len()));
    SLOTS.map(|slot| shape_score(slot, shape))
}

/// How well a code of `(parts, digits)` (none if no code is printed) fits
/// `slot`.
fn shape_score(slot: Label, shape: Option<(usize, usize)>) -> f64 {
    let Some((parts, digits)) = shape else {
        return if slot == Label::Linea { -0.6 } else { 0.0 };
    };
    match (slot, parts) {
        (Label::Linea, 3) => 1.0,
        (_, 3) | (Label::Linea, _) => -3.0,
        (Label::Funcion, 2) => 0.3,
        (_, 2) => -3.0,
        (Label::Ramo, _) if digits <= 2 => 1.0,
        (Label::Programa, _) if digits == 3 => 1.0,
        (Label::Programa, _) if (2..=4).contains(&digits) => 0.2,
        (Label::Unidad, _) if digits == 5 => 1.5,
        (Label::Unidad, _) if digits == 3 || digits == 4 => 0.4,
        (Label::Finalidad | Label::Funcion | Label::Subfuncion | Label::Eje, _) if digits == 1 => {
            1.0
        }
        (Label::Finalidad | Label::Funcion | Label::Subfuncion | Label::Eje, _) if digits == 2 => {
            -0.5
        }
        _ => -3.0,
    }
}

/// Assigns each printed value to a field: a monotonic alignment of the values
/// with the fields' printed order, scored by label, code shape and catalog
/// similarity. A value may be discarded (then it is reported, not lost).
///
/// Only the best alignment matters, and most of the catalog similarities
/// cannot change which one it is: they are measured lazily (see
/// [`Lazy::settle`]), which gives the same alignment as measuring them all
/// ([`align`] on [`Lazy::measure_all`]).
///
/// `names` are the values' names as looked up: each folded, its acronym if
/// it has no name.
pub(super) fn assign(
    values: &[(Option<Label>, &Value)],
    names: &[&str],
    catalog: &Catalog,
    memo: &Memo,
) -> Vec<Option<Label>> {
    let mut lazy = Lazy::new(values, names, catalog, memo);
    lazy.settle()
}

/// Score of a discarded value.
const DISCARD: f64 = -1.0;
/// The alignment's state before any value is placed.
const START: usize = SLOTS.len();
/// How much better than every other the alignment found lazily must be: far
/// above the rounding of sums of a few hundred scores, far below any
/// difference of scores.
const MARGIN: f64 = 1e-9;
/// Rounds of measuring before [`Lazy::settle`] measures everything.
const ROUNDS: usize = 12;

/// The slots a value in slot `s` (or [`START`]) may be followed by: the
/// later ones, and its own if it takes several values.
const fn next_slots(s: usize) -> std::ops::Range<usize> {
    let from = if s >= SLOTS.len() {
        0
    } else if multi(SLOTS[s]) {
        s
    } else {
        s + 1
    };
    from..START
}

/// A score this far under [`DISCARD`] places a value nowhere worth going:
/// discarding it instead is better by half a point or more.
///
/// Why: the states after a placement in slot `t` from state `s` can reach
/// no slot that state `s` cannot ([`next_slots`] of `t` is within that of
/// `s`), so any alignment placing a value at such a score is beaten by the
/// one that discards it and goes on the same way, by `DISCARD - score`:
/// far beyond the rounding of sums of a few hundred scores. Hence no best
/// alignment takes such a step (nor a best way in, on its path), and the
/// best one other than a given path takes none when it comes within
/// [`MARGIN`] of it (the one that discards instead would be better, and is
/// either another alignment or the path itself, then half a point ahead).
/// Most cells are such (a code shape no slot but one takes): the
/// alignment's loops skip them.
const HOPELESS: f64 = DISCARD - 0.5;

/// The slots (bit `t` for slot `t`) a value with scores `row` is worth
/// placing in: all, without `prune`; else those not [`HOPELESS`].
fn worth(row: &[f64; 8], prune: bool) -> u8 {
    if !prune {
        return u8::MAX;
    }
    row.iter()
        .enumerate()
        .filter(|&(_, &x)| x > HOPELESS)
        .fold(0, |bits, (t, _)| bits | 1 << t)
}

/// [`next_slots`] of each state, as bits (bit `t` for slot `t`): the
/// alignment's loops ask for them at every state of every value.
const NEXT: [u8; START + 1] = {
    let mut out = [0u8; START + 1];
    let mut s = 0;
    while s <= START {
        // `next_slots(s).start` is at most 8: the shift leaves no slot then.
        out[s] = (u16::MAX << next_slots(s).start) as u8;
        s += 1;
    }
    out
};

/// The slots of `bits` among [`next_slots`] of `s`, in order.
fn next_in(s: usize, bits: u8) -> impl Iterator<Item = usize> {
    let mut left = bits & NEXT.get(s).copied().unwrap_or(0);
    std::iter::from_fn(move || {
        (left != 0).then(|| {
            let t = left.trailing_zeros() as usize;
            left &= left - 1;
            t
        })
    })
}

/// A value's score in a slot, given the best similarity of its name to
/// the slot's catalog. Never decreases as `sim` grows.
fn slot_score(slot: Label, shape: f64, label: Option<Label>, sim: f64, named: bool) -> f64 {
    let lab = if label == Some(slot) { 1.0 } else { 0.0 };
    // The CONAC classification is national and complete: a name far from
    // every entry is not a finalidad, función or subfunción, whatever label
    // it sits under.
    let national = matches!(slot, Label::Finalidad | Label::Funcion | Label::Subfuncion);
    let sim = if national && sim < 0.6 && named {
        sim - 0.5
    } else {
        sim
    };
    shape + 3.0 * (sim - 0.5) + lab
}

/// One score of the alignment: known, or bounded while the similarity it
/// depends on is not measured.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cell {
    Known(f64),
    /// Bounded; `probed` is how many of [`PROBES`] [`Lazy::measure`] has
    /// asked the similarity to reach.
    Open {
        lo: f64,
        hi: f64,
        probed: usize,
    },
}

/// The similarity [`Lazy::measure`] first asks a name to reach. The cells
/// measured are mostly a name against its own field, and most names are
/// read with little damage: asking this near 1 settles those on a narrow
/// band, where the look-up at 0.5 runs a wide one. (Measured on generated
/// documents: about 0.95 saves the most; at 0.8 the probe settles fewer
/// cells for its cost, and at 1 almost none.)
const PROBE: f64 = 0.95;

/// The similarities [`Lazy::measure`] asks a name to reach, in turn, before
/// measuring it: [`PROBE`], then one the header's resolution asks anyway
/// (see `resolve_value`: a pick by name alone needs 0.8), which shares its
/// cached look-up. A cell the first leaves open is mostly a name far from
/// its catalog, and most of those are settled below 0.8 without the full
/// look-up at 0.5, whose bound is twice as loose.
const PROBES: [f64; 2] = [PROBE, 0.8];

impl Cell {
    fn lo(self) -> f64 {
        match self {
            Cell::Known(x) | Cell::Open { lo: x, .. } => x,
        }
    }

    fn hi(self) -> f64 {
        match self {
            Cell::Known(x) | Cell::Open { hi: x, .. } => x,
        }
    }
}

/// The alignment's scores, measured as needed.
struct Lazy<'a> {
    values: &'a [(Option<Label>, &'a Value)],
    catalog: &'a Catalog,
    memo: &'a Memo,
    /// Each value's name as looked up (its acronym if it has no name).
    names: &'a [&'a str],
    /// Each value's [`shape_scores`].
    shapes: Vec<[f64; 8]>,
    cells: Vec<[Cell; 8]>,
}

impl<'a> Lazy<'a> {
    fn new(
        values: &'a [(Option<Label>, &'a Value)],
        names: &'a [&'a str],
        catalog: &'a Catalog,
        memo: &'a Memo,
    ) -> Self {
        let mut lengths: [Option<(usize, usize)>; 8] = [None; 8];
        let shapes: Vec<[f64; 8]> = values
            .iter()
            .map(|(_, v)| shape_scores(v.code.as_deref()))
            .collect();
        let cells = values
            .iter()
            .zip(names)
            .zip(&shapes)
            .map(|(((label, v), name), shapes)| {
                let mut row = [Cell::Known(0.0); 8];
                // Named as printed: a name of punctuation alone folds to
                // nothing, and then is far from every entry.
                let named = !(v.name.is_empty() && v.siglas.as_deref().is_none_or(str::is_empty));
                let q = Catalog::compared_len(name);
                for (s, &slot) in SLOTS.iter().enumerate() {
                    let shape = shapes[s];
                    let score = |sim| slot_score(slot, shape, *label, sim, named);
                    row[s] = if shape <= -3.0 {
                        // An impossible code shape: no need to measure the name.
                        Cell::Known(shape - 1.5)
                    } else if !named {
                        Cell::Known(score(0.5))
                    } else if q == 0 {
                        Cell::Known(score(0.0))
                    } else {
                        let (short, long) =
                            *lengths[s].get_or_insert_with(|| catalog.lengths(kind(slot)));
                        // The entry whose folded name is the compared part of
                        // the name has `q` characters: none has if `q` is
                        // outside the lengths, and the name need not be hashed.
                        if (short..=long).contains(&q) && catalog.exact(kind(slot), name).is_some()
                        {
                            Cell::Known(score(1.0))
                        } else {
                            // The look-up's best is 0 or from 0.5 up, and no
                            // more than the lengths allow.
                            let near = q.clamp(short, long);
                            Cell::Open {
                                lo: score(0.0),
                                hi: score(similarity_ceiling(q, near)),
                                probed: 0,
                            }
                        }
                    };
                }
                row
            })
            .collect();
        Lazy {
            values,
            catalog,
            memo,
            names,
            shapes,
            cells,
        }
    }

    /// Narrows the score of a cell: first by whether its similarity (the
    /// best of [`Memo::best_folded`]) reaches [`PROBE`], which often settles
    /// it; if that leaves it open, by whether it reaches the next of
    /// [`PROBES`]; after those, by measuring it.
    ///
    /// A probe is [`Memo::reaching`] (here at [`PROBE`]; the same holds at
    /// each of [`PROBES`]): the best match among those the
    /// look-up at 0.5 would find that score [`PROBE`] or more, if any. Its
    /// `min` is under [`PROBE`] by the swap slack (see `text::looser_min`),
    /// so every candidate that is [`PROBE`] similar is found there; and it
    /// is not under 0.5 (else the cell is measured at once), so whatever it
    /// finds the look-up at 0.5 finds too (a looser bound finds all a
    /// tighter one does, at the same score). Hence, for the look-up at 0.5
    /// keeping the best:
    /// - a probe match scoring [`PROBE`] or more is that best (a better one
    ///   would be found by the probe too, and rank first there as well);
    /// - otherwise the best is under [`PROBE`], and at least the score of
    ///   what the probe found, if anything.
    fn measure(&mut self, i: usize, s: usize) {
        let (Some(cell), Some((label, _)), Some(name), Some(&slot), Some(&shape)) = (
            self.cells.get_mut(i).and_then(|r| r.get_mut(s)),
            self.values.get(i),
            self.names.get(i),
            SLOTS.get(s),
            self.shapes.get(i).and_then(|r| r.get(s)),
        ) else {
            return;
        };
        let Cell::Open { lo, hi, probed } = *cell else {
            return;
        };
        let score = |sim| slot_score(slot, shape, *label, sim, true);
        if let Some(&probe) = PROBES.get(probed) {
            if let Some(found) = self.memo.reaching(self.catalog, kind(slot), name, probe) {
                let best = found.map_or(0.0, |m| m.score);
                *cell = if best >= probe {
                    Cell::Known(score(best))
                } else {
                    Cell::Open {
                        lo: if best >= 0.5 { lo.max(score(best)) } else { lo },
                        hi: hi.min(score(probe)),
                        probed: probed + 1,
                    }
                };
                return;
            }
        }
        let sim = self.memo.best_folded(self.catalog, kind(slot), name);
        *cell = Cell::Known(score(sim));
    }

    /// Measures the similarity a cell depends on, fully.
    fn measure_fully(&mut self, i: usize, s: usize) {
        while let Some(Cell::Open { .. }) = self.cells.get(i).and_then(|r| r.get(s)) {
            self.measure(i, s);
        }
    }

    /// The scores with every similarity measured.
    fn measure_all(&mut self) -> Vec<[f64; 8]> {
        for i in 0..self.cells.len() {
            for s in 0..SLOTS.len() {
                self.measure_fully(i, s);
            }
        }
        self.cells.iter().map(|r| r.map(Cell::lo)).collect()
    }

    /// The best alignment, measuring what it takes to be sure of it.
    ///
    /// The alignment `P` that is best with every open score at its highest
    /// is a candidate. It is surely the best if it still beats every other
    /// alignment `Q` by [`MARGIN`] with its own open scores at their lowest
    /// and all others at their highest: `true(P) - true(Q) >= adv(P) -
    /// adv(Q) > 0`. Then it is the unique best, which [`align`] on the
    /// measured scores finds too, whatever its rule for ties. If not, the
    /// open scores where `P` and the alignment that came closest differ
    /// are measured, and the check runs again.
    fn settle(&mut self) -> Vec<Option<Label>> {
        for _ in 0..ROUNDS {
            let high: Vec<[f64; 8]> = self.cells.iter().map(|r| r.map(Cell::hi)).collect();
            let mut ways = forward(&high, true);
            let p = best_path(&ways);
            // `adv` is `high` but where `P` places a value in an open cell
            // (a known one's `lo` is its `hi`); before the first such
            // value, the best ways in are the same under both.
            let mut same = p.len();
            let adv: Vec<[f64; 8]> = self
                .cells
                .iter()
                .zip(&p)
                .enumerate()
                .map(|(i, (r, placed))| {
                    let mut w = r.map(Cell::hi);
                    if let Some(t) = placed.and_then(slot_index) {
                        if matches!(r[t], Cell::Open { .. }) {
                            same = same.min(i);
                        }
                        w[t] = r[t].lo();
                    }
                    w
                })
                .collect();
            forward_from(&adv, &mut ways, same, true);
            let Some(q) = rival_with(&adv, &p, true, ways) else {
                return p;
            };
            let mut open = false;
            for (i, (a, b)) in p.iter().zip(&q).enumerate() {
                if a == b {
                    continue;
                }
                for t in [a, b].into_iter().filter_map(|l| l.and_then(slot_index)) {
                    if matches!(self.cells[i][t], Cell::Open { .. }) {
                        self.measure(i, t);
                        open = true;
                    }
                }
            }
            if !open {
                // A tie, or as near as rounding: let `align` decide.
                break;
            }
        }
        align(&self.measure_all())
    }
}

fn slot_index(l: Label) -> Option<usize> {
    SLOTS.iter().position(|&s| s == l)
}

/// The states an alignment goes through: [`START`], then after each value
/// the slot of the last value placed.
fn states(path: &[Option<Label>]) -> Vec<usize> {
    let mut out = Vec::with_capacity(path.len() + 1);
    let mut s = START;
    out.push(s);
    for l in path {
        if let Some(t) = l.and_then(slot_index) {
            s = t;
        }
        out.push(s);
    }
    out
}

/// The best alignment other than `path` under the scores `w`, if it comes
/// within [`MARGIN`] of `path`'s score.
///
/// Every other alignment leaves `path` at some value (a different step from
/// the same state, or from another state), so the best of them is the best
/// through some step `path` does not take: best way there, plus the step,
/// plus best way on.
///
/// With `prune`, the states no step can improve on the best found so far
/// are skipped (the same answer: see the comment in the loop), and so are
/// [`HOPELESS`] steps; `ways` are the best ways in under `w` ([`forward`],
/// pruned alike).
fn rival_with(
    w: &[[f64; 8]],
    path: &[Option<Label>],
    prune: bool,
    ways: Ways,
) -> Option<Vec<Option<Label>>> {
    let n = w.len();
    let st = states(path);
    let mine: f64 = path
        .iter()
        .zip(w)
        .map(|(l, row)| l.and_then(slot_index).map_or(DISCARD, |t| row[t]))
        .sum();
    // bwd[i][s]: best score of values[i..] from state s.
    let (fwd, from) = ways;
    let mut bwd = vec![[f64::NEG_INFINITY; 9]; n + 1];
    let mut to = vec![[(START, false); 9]; n + 1];
    bwd[n] = [0.0; 9];
    for i in (0..n).rev() {
        let bits = worth(&w[i], prune);
        for s in 0..=START {
            let mut best = (bwd[i + 1][s] + DISCARD, (s, false));
            for t in next_in(s, bits) {
                let v = w[i][t] + bwd[i + 1][t];
                if v > best.0 {
                    best = (v, (t, true));
                }
            }
            bwd[i][s] = best.0;
            to[i][s] = best.1;
        }
    }
    // The best step off `path`, and the score through it.
    let mut off: Option<(f64, usize, usize, usize, bool)> = None;
    for (i, (row, scores)) in fwd.iter().zip(w).enumerate() {
        let bits = worth(scores, prune);
        for (s, &before) in row.iter().enumerate() {
            if !before.is_finite() {
                continue;
            }
            // Every step from `s` scores at most `before + bwd[i][s]`, the
            // best of `gain + bwd[i + 1][t]` over the same steps, but for
            // the rounding of adding in another order: a few units in the
            // last place of terms under `before.abs() + bwd[i][s].abs()`
            // plus twice the largest gain (10), far within the slack. A
            // state whose bound is no more than the best found so far has
            // no step that replaces it (that takes `>`).
            if let Some(o) = off.filter(|_| prune) {
                let slack = 1e-9 * (before.abs() + bwd[i][s].abs() + 32.0);
                if before + bwd[i][s] + slack <= o.0 {
                    continue;
                }
            }
            let steps = std::iter::once((s, false, DISCARD))
                .chain(next_in(s, bits).map(|t| (t, true, scores[t])));
            for (t, placed, gain) in steps {
                let on_path = s == st[i] && t == st[i + 1] && placed == path[i].is_some();
                let through = before + gain + bwd[i + 1][t];
                if !on_path && off.is_none_or(|o| through > o.0) {
                    off = Some((through, i, s, t, placed));
                }
            }
        }
    }
    let (through, at, s, t, placed) = off?;
    if through < mine - MARGIN {
        return None;
    }
    let mut out = vec![None; n];
    trace_back(&from, s, &mut out[..at]);
    if placed {
        out[at] = SLOTS.get(t).copied();
    }
    let mut cur = t;
    for (i, slot) in out.iter_mut().enumerate().skip(at + 1) {
        let (next, was_placed) = to[i][cur];
        if was_placed {
            *slot = SLOTS.get(next).copied();
        }
        cur = next;
    }
    Some(out)
}

/// The best monotonic alignment under the scores `score` (value by slot).
fn align(score: &[[f64; 8]]) -> Vec<Option<Label>> {
    best_path(&forward(score, true))
}

/// The best alignment given the best ways into every state.
fn best_path((dp, back): &Ways) -> Vec<Option<Label>> {
    let n = dp.len().saturating_sub(1);
    let s = (0..=START)
        .max_by(|&a, &b| dp[n][a].total_cmp(&dp[n][b]).then(b.cmp(&a)))
        .unwrap_or(START);
    let mut out = vec![None; n];
    trace_back(back, s, &mut out);
    out
}

/// A step of the alignment: the state it comes from, and whether it places
/// a value (or discards it).
type Step = (usize, bool);

/// What [`forward`] gives.
type Ways = (Vec<[f64; 9]>, Vec<[Step; 9]>);

/// The best ways into every state: `dp[i][s]` is the best score of the
/// first `i` values with the last one placed in slot `s` (or none, at
/// [`START`]), and `back[i][s]` the step that got there (the first of equal
/// ones, in order of state and slot). With `prune`, [`HOPELESS`] steps are
/// not taken: the best ways into the states of a best alignment are the
/// same.
fn forward(score: &[[f64; 8]], prune: bool) -> Ways {
    let n = score.len();
    let mut ways = (
        vec![[f64::NEG_INFINITY; 9]; n + 1],
        vec![[(START, false); 9]; n + 1],
    );
    if let Some(first) = ways.0.first_mut() {
        first[START] = 0.0;
    }
    forward_from(score, &mut ways, 0, prune);
    ways
}

/// Redoes [`forward`] under `score` from value `from` on, the ways into
/// the first `from` values kept: they depend on the scores of those values
/// alone, so they are right if those scores are the ones they were made
/// with.
fn forward_from(score: &[[f64; 8]], (dp, back): &mut Ways, from: usize, prune: bool) {
    let n = score.len();
    for i in from + 1..=n {
        dp[i] = [f64::NEG_INFINITY; 9];
        back[i] = [(START, false); 9];
    }
    for i in from..n {
        let bits = worth(&score[i], prune);
        for s in 0..=START {
            let cur = dp[i][s];
            if !cur.is_finite() {
                continue;
            }
            if cur + DISCARD > dp[i + 1][s] {
                dp[i + 1][s] = cur + DISCARD;
                back[i + 1][s] = (s, false);
            }
            for t in next_in(s, bits) {
                if cur + score[i][t] > dp[i + 1][t] {
                    dp[i + 1][t] = cur + score[i][t];
                    back[i + 1][t] = (s, true);
                }
            }
        }
    }
}

/// Fills `out` (the first values) with the best way, by [`forward`]'s
/// `back`, into state `s` after them.
fn trace_back(back: &[[Step; 9]], mut s: usize, out: &mut [Option<Label>]) {
    for i in (1..=out.len()).rev() {
        let (prev, placed) = back[i][s];
        if placed {
            out[i - 1] = SLOTS.get(s).copied();
        }
        s = prev;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::header::{looked_up, parse_value};
    use crate::text::fold;

    /// Measuring lazily aligns the values as measuring everything does:
    /// header blocks in printed order, shuffled, with labels missing or
    /// wrong, names noisy, foreign or empty, codes of every shape.
    #[test]
    fn lazy_alignment_agrees_with_full() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let cat = Catalog::default();
        let bank = Bank::new(200, 13);
        let mut rng = Rng::new(17);
        let memo = Memo::default();
        let code = |slot: Label, rng: &mut Rng| -> String {
            let d = |rng: &mut Rng| 1 + rng.below(9);
            match (slot, rng.below(8)) {
                (_, 0) => String::new(),
                (_, 1) => format!("{}.{}", d(rng), d(rng)),
                (_, 2) => format!("{}", 10 + rng.below(90)),
                (Label::Ramo, _) => format!("{}", d(rng)),
                (Label::Programa, _) => format!("{}", 100 + rng.below(900)),
                (Label::Unidad, _) => format!("{}", 10000 + rng.below(90000)),
                (Label::Linea, _) => format!("{}.{}.{}", d(rng), d(rng), d(rng)),
                _ => format!("{}", d(rng)),
            }
        };
        let (mut blocks, mut measured, mut all) = (0, 0, 0);
        for _ in 0..400 {
            let mut values = vec![];
            for &slot in &SLOTS {
                for _ in 0..if multi(slot) { rng.below(4) } else { 1 } {
                    if rng.chance(0.1) {
                        continue;
                    }
                    let entries = cat.entries(kind(slot));
                    let name = match rng.below(10) {
                        0 => bank.name(&mut rng),
                        1 => String::new(),
                        2 => "(BISOM)".to_string(),
                        _ => noisy(&entries[rng.below(entries.len())].nombre, &bank, &mut rng),
                    };
                    let label = match rng.below(10) {
                        0 => None,
                        1 => Some(SLOTS[rng.below(SLOTS.len())]),
                        _ => Some(slot),
                    };
                    let text = format!("{} {name}", code(slot, &mut rng));
                    values.push((label, parse_value(&text)));
                }
            }
            if rng.chance(0.3) {
                // A line out of place.
                let (a, b) = (
                    rng.below(values.len().max(1)),
                    rng.below(values.len().max(1)),
                );
                if a < values.len() && b < values.len() {
                    values.swap(a, b);
                }
            }
            let folded: Vec<String> = values.iter().map(|(_, v)| looked_up(v)).collect();
            let names: Vec<&str> = folded.iter().map(String::as_str).collect();
            let values: Vec<(Option<Label>, &Value)> =
                values.iter().map(|(l, v)| (*l, v)).collect();
            let mut lazy = Lazy::new(&values, &names, &cat, &memo);
            let got = lazy.settle();
            let open = |l: &Lazy| {
                l.cells
                    .iter()
                    .flatten()
                    .filter(|c| matches!(c, Cell::Open { .. }))
                    .count()
            };
            let left = open(&lazy);
            let want = align(&lazy.measure_all());
            let total = open(&Lazy::new(&values, &names, &cat, &Memo::default()));
            assert_eq!(got, want, "{values:?}");
            blocks += 1;
            measured += total - left;
            all += total;
        }
        // The lazy way must be worth it.
        assert!(
            blocks == 400 && measured * 10 < all * 6,
            "{measured} of {all}"
        );
    }

    /// The bits of [`NEXT`] are the slots of [`next_slots`], for every
    /// state, and [`next_in`] lists those of them it is given, in order.
    #[test]
    fn next_bits_are_next_slots() {
        for s in 0..=START {
            for bits in 0..=u8::MAX {
                let want: Vec<usize> = next_slots(s).filter(|&t| bits >> t & 1 == 1).collect();
                assert_eq!(next_in(s, bits).collect::<Vec<_>>(), want, "{s} {bits}");
            }
        }
    }

    /// Redoing the ways in from a value on gives what doing them all does,
    /// the scores before that value unchanged.
    #[test]
    fn forward_from_is_forward() {
        use crate::catalog::index::synth::Rng;
        let mut rng = Rng::new(31);
        for _ in 0..2000 {
            let n = 1 + rng.below(30);
            let mut w: Vec<[f64; 8]> = (0..n)
                .map(|_| std::array::from_fn(|_| (rng.below(50) as f64) * 0.1 - 3.0))
                .collect();
            let mut ways = forward(&w, true);
            let from = rng.below(n + 1);
            for row in w.iter_mut().skip(from) {
                for x in row.iter_mut() {
                    if rng.chance(0.3) {
                        *x = (rng.below(50) as f64) * 0.1 - 3.0;
                    }
                }
            }
            forward_from(&w, &mut ways, from, true);
            assert_eq!(ways, forward(&w, true), "{w:?} {from}");
        }
    }

    /// Pruning the [`rival_with`] scan changes nothing: the same rival (or none)
    /// as the full scan, on random scores with many ties and sums that
    /// round, for paths best under the scores and paths best under other
    /// scores (as in [`Lazy::settle`]), short and long.
    #[test]
    fn pruned_rival_is_the_full_one() {
        use crate::catalog::index::synth::Rng;
        let mut rng = Rng::new(29);
        let (mut some, mut none) = (0, 0);
        for _ in 0..3000 {
            let most = if rng.chance(0.1) { 120 } else { 25 };
            let n = 1 + rng.below(most);
            let score = |rng: &mut Rng| -> f64 {
                match rng.below(3) {
                    // Few values: ties everywhere.
                    0 => [-4.5, -1.0, 0.0, 0.1, 1.0, 2.5][rng.below(6)],
                    1 => 3.0 * (rng.unit() - 0.5) + [0.0, 1.0, -3.0][rng.below(3)],
                    _ => (rng.below(60) as f64) * 0.1 - 3.0,
                }
            };
            let w: Vec<[f64; 8]> = (0..n)
                .map(|_| std::array::from_fn(|_| score(&mut rng)))
                .collect();
            let path = if rng.chance(0.5) {
                align(&w)
            } else {
                let other: Vec<[f64; 8]> = w
                    .iter()
                    .map(|r| {
                        r.map(|x| {
                            let bump = rng.unit();
                            if bump < 0.2 {
                                x + 5.0 * bump
                            } else {
                                x
                            }
                        })
                    })
                    .collect();
                align(&other)
            };
            let full = rival_with(&w, &path, false, forward(&w, false));
            assert_eq!(
                rival_with(&w, &path, true, forward(&w, true)),
                full,
                "{w:?} {path:?}"
            );
            // The best alignment, too, is the one of the full program.
            assert_eq!(
                best_path(&forward(&w, true)),
                best_path(&forward(&w, false)),
                "{w:?}"
            );
            if full.is_some() {
                some += 1;
            } else {
                none += 1;
            }
        }
        assert!(some > 300 && none > 300, "{some} {none}");
    }

    /// What [`Lazy::measure`] concludes from each probe holds of the full
    /// measurement: noisy readings of every field's names, letters swapped
    /// (a swap can hide a pair from a tight bound), asked of every field.
    #[test]
    fn probe_bounds_the_measured_similarity() {
        use crate::catalog::index::synth::{noisy, swap_adjacent, Bank, Rng};
        let cat = Catalog::default();
        let bank = Bank::new(200, 19);
        let mut rng = Rng::new(29);
        let (mut exact, mut bounded) = (0, 0);
        for _ in 0..300 {
            let own = kind(SLOTS[rng.below(SLOTS.len())]);
            let entries = cat.entries(own);
            let mut c: Vec<char> = fold(&noisy(
                &entries[rng.below(entries.len())].nombre,
                &bank,
                &mut rng,
            ))
            .chars()
            .collect();
            if rng.chance(0.5) {
                swap_adjacent(&mut c, &mut rng);
            }
            let name: String = c.into_iter().collect();
            for (&slot, &probe) in SLOTS
                .iter()
                .flat_map(|s| PROBES.iter().map(move |p| (s, p)))
            {
                let k = kind(slot);
                let Some(found) = Memo::default().reaching(&cat, k, &name, probe) else {
                    continue;
                };
                let full = cat.lookup_top(k, &name, 0.5, 1);
                let sim = full.first().map_or(0.0, |m| m.score);
                match found {
                    Some(m) if m.score >= probe => {
                        assert_eq!(full, [m], "{k:?} {name:?} {probe}");
                        exact += 1;
                    }
                    _ => {
                        let seen = found.map_or(0.0, |m| m.score);
                        assert!(sim < probe, "{k:?} {name:?} {probe}");
                        assert!(seen < 0.5 || sim >= seen, "{k:?} {name:?} {probe}");
                        bounded += 1;
                    }
                }
            }
        }
        assert!(exact > 100 && bounded > 500, "{exact} {bounded}");
    }
}
