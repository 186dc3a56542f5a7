//! The classification block: which printed value is which field (by label,
//! shape and catalog), and which catalog entry each value is (code and name
//! weighed together).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

use crate::catalog::{Catalog, Kind, Match};
use crate::layout::{HeaderItem, Label, Span};
use crate::model::{Clasificacion, Origen};
use crate::text::lexicon::Lexicon;
use crate::text::{
    fold, looser_min, similarity, similarity_at_least, similarity_ceiling, squash, upper, Scorer,
};

/// The fields of the classification block, in printed order.
const SLOTS: [Label; 8] = [
    Label::Ramo,
    Label::Programa,
    Label::Unidad,
    Label::Finalidad,
    Label::Funcion,
    Label::Subfuncion,
    Label::Eje,
    Label::Linea,
];

fn kind(slot: Label) -> Kind {
    match slot {
        Label::Ramo => Kind::Ramo,
        Label::Programa => Kind::Programa,
        Label::Unidad => Kind::UnidadEjecutora,
        Label::Finalidad => Kind::Finalidad,
        Label::Funcion => Kind::Funcion,
        Label::Subfuncion => Kind::Subfuncion,
        Label::Eje => Kind::Eje,
        Label::Linea => Kind::LineaAccion,
    }
}

fn multi(slot: Label) -> bool {
    matches!(slot, Label::Eje | Label::Linea)
}

/// A printed value split into code, name and acronym.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Value {
    pub(crate) text: String,
    pub(crate) line: usize,
    /// Digits and dots only (`542`, `4.5.3`).
    pub(crate) code: Option<String>,
    pub(crate) name: String,
    /// A trailing `(SIGLAS)`.
    pub(crate) siglas: Option<String>,
}

fn value_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // No `(.*)$` for the name: it would always match the rest of the
        // (single-line) value, and the regex engine would scan it all.
        Regex::new(r"^(\d{1,6}(?:\s?\.\s?\d{1,3}){0,3})\.?(?:\s*[-–.:]\s*|\s+|$)")
            .expect("valid regex")
    })
}

fn siglas_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(.*?)\s*\(\s*([A-ZÁÉÍÓÚÑ0-9]{2,10})\s*\)\s*[.,]?$").expect("valid regex")
    })
}

pub(crate) fn parse_value(text: &str, line: usize) -> Value {
    let t = squash(
        text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | ':' | '•')),
    );
    let (code, rest) = match value_re().captures(&t) {
        Some(c) => (
            c.get(1).map(|m| {
                m.as_str()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
            }),
            c.get(0).map_or("", |m| &t[m.end()..]).to_string(),
        ),
        None => (None, t.clone()),
    };
    let rest = rest
        .trim_end_matches(|c: char| matches!(c, '.' | ',' | ';' | '-') || c.is_whitespace())
        .to_string();
    // Trimmed as it is, `rest` can only carry acronyms if it ends with `)`.
    let acronym = if rest.ends_with(')') {
        siglas_re().captures(&rest)
    } else {
        None
    };
    let (name, siglas) = match acronym {
        Some(c) => (
            c.get(1).map_or("", |m| m.as_str()).to_string(),
            c.get(2).map(|m| m.as_str().to_string()),
        ),
        None => (rest.clone(), None),
    };
    Value {
        text: t,
        line,
        code,
        name,
        siglas,
    }
}

/// One resolved classification and the corrections it took.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Resolved {
    pub(crate) clas: Clasificacion,
    /// Full catalog key (`2.2.2` for a subfunción), when from the catalog.
    pub(crate) key: Option<String>,
    pub(crate) line: Option<usize>,
    /// (field: `clave`/`nombre`/`siglas`, original, corrected, reason).
    pub(crate) fixes: Vec<(&'static str, String, String, String)>,
    pub(crate) out_of_catalog: bool,
}

/// The classification block of one report.
#[derive(Clone, Debug, Default)]
pub(crate) struct Header {
    pub(crate) ramo: Option<Resolved>,
    pub(crate) programa: Option<Resolved>,
    pub(crate) unidad: Option<Resolved>,
    pub(crate) finalidad: Option<Resolved>,
    pub(crate) funcion: Option<Resolved>,
    pub(crate) subfuncion: Option<Resolved>,
    pub(crate) ejes: Vec<Resolved>,
    pub(crate) lineas: Vec<Resolved>,
    /// Printed values that fit no field.
    pub(crate) discarded: Vec<Span>,
    /// Labels printed, for CAMPO_FALTANTE messages.
    pub(crate) first_line: Option<usize>,
}

/// Catalog look-ups shared by every document a parser reads: archives repeat
/// the same header values thousands of times, and a look-up is a pure
/// function of the catalog, so caching it changes no output.
///
/// A name's look-ups are kept together: one that found nothing above some
/// score also answers a later one asking for that score or more (see
/// [`Known::answer`]), and the header asks about a name at 0.5 and then at
/// about 0.8.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    lookups: Mutex<HashMap<(Kind, String), Vec<Known>>>,
}

/// One look-up's answer: [`Catalog::lookup_top`] at `min` and `keep`.
#[derive(Clone, Debug)]
struct Known {
    min: f64,
    keep: usize,
    matches: Vec<Match>,
}

impl Known {
    /// What [`Catalog::lookup_top`] gives at `min` and `keep`, if this
    /// answer settles it: the same question, or one at a `min` above every
    /// match found here (then nothing).
    ///
    /// Why nothing: the look-up at the higher `min` finds its first match
    /// while its list is empty, so with the bound of `min` itself. The one
    /// here met that entry with a bar under its own best score, which is
    /// under `min`: a looser bound, which finds whatever a tighter one does
    /// (and the entry's score is the same at any bound that finds it). It
    /// would have kept the entry, or better ones. (Whereas a match found
    /// here need not be found at a higher `min`: a swap near the tighter
    /// bound can hide it, see `text::looser_min`.)
    fn answer(&self, min: f64, keep: usize) -> Option<Vec<Match>> {
        if min.to_bits() == self.min.to_bits() && keep == self.keep {
            return Some(self.matches.clone());
        }
        let below = self.matches.first().is_none_or(|m| m.score < min);
        (self.keep > 0 && min >= self.min && below).then(Vec::new)
    }
}

/// Names kept before the cache starts over (bounds memory).
const MEMO_MAX: usize = 1 << 16;
/// Longest key cached, in bytes (names run to about 200).
const MEMO_KEY_MAX: usize = 320;
/// Candidates kept per cached look-up.
const MEMO_KEEP: usize = 8;
/// Answers kept per name (the header asks at most three ways).
const MEMO_ANSWERS: usize = 4;

impl Memo {
    /// [`Catalog::lookup_above`], cached, its first [`MEMO_KEEP`] matches;
    /// `min` is rounded to tenths.
    pub(crate) fn lookup(
        &self,
        catalog: &Catalog,
        kind: Kind,
        folded: &str,
        min: f64,
    ) -> Vec<Match> {
        self.top(catalog, kind, folded, min, MEMO_KEEP)
    }

    /// The first `keep` (up to [`MEMO_KEEP`]) matches of
    /// [`Catalog::lookup_above`], cached; `min` is rounded to tenths. Asking
    /// for fewer, or for a higher `min`, lets the look-up score less.
    fn top(
        &self,
        catalog: &Catalog,
        kind: Kind,
        folded: &str,
        min: f64,
        keep: usize,
    ) -> Vec<Match> {
        let tenths = (min * 10.0).round().clamp(0.0, 10.0);
        self.top_at(catalog, kind, folded, tenths / 10.0, keep)
    }

    /// [`Catalog::lookup_top`] at `min` as given, cached, keeping up to
    /// [`MEMO_KEEP`].
    fn top_at(
        &self,
        catalog: &Catalog,
        kind: Kind,
        folded: &str,
        min: f64,
        keep: usize,
    ) -> Vec<Match> {
        let keep = keep.min(MEMO_KEEP);
        if folded.len() > MEMO_KEY_MAX {
            // Long values are rare and would make the cache's memory unbounded.
            return catalog.lookup_top(kind, folded, min, keep);
        }
        let key = (kind, folded.to_string());
        if let Some(v) = self.known(&key, min, keep) {
            return v;
        }
        let v = catalog.lookup_top(kind, folded, min, keep);
        if let Ok(mut m) = self.lookups.lock() {
            if m.len() >= MEMO_MAX {
                m.clear();
            }
            let answers = m.entry(key).or_default();
            if answers.len() >= MEMO_ANSWERS {
                answers.remove(0);
            }
            answers.push(Known {
                min,
                keep,
                matches: v.clone(),
            });
        }
        v
    }

    /// The answer a look-up already made settles, if any.
    fn known(&self, key: &(Kind, String), min: f64, keep: usize) -> Option<Vec<Match>> {
        let m = self.lookups.lock().ok()?;
        m.get(key)?.iter().find_map(|k| k.answer(min, keep))
    }

    /// Whether no look-up of `kind` for this name, at any `min` and `keep`,
    /// can give a match scoring `score` or more. Asked at a `min` a little
    /// under `score` (see [`looser_min`]) which no swap can fool: a match
    /// scoring `score` would be found there, before anything else fills the
    /// list. Near-misses answer it at a fraction of a full look-up's cost.
    fn none_reaches(&self, catalog: &Catalog, kind: Kind, folded: &str, score: f64) -> bool {
        let q = Catalog::compared_len(folded);
        self.top_at(catalog, kind, folded, looser_min(score, q), 1)
            .is_empty()
    }

    /// The best similarity of a folded name among the entries of `kind`;
    /// below 0.5 a name is no evidence for a field, so measuring stops there.
    fn best_folded(&self, catalog: &Catalog, kind: Kind, folded: &str) -> f64 {
        self.top(catalog, kind, folded, 0.5, 1)
            .first()
            .map_or(0.0, |m| m.score)
    }
}

fn shape_score(slot: Label, code: Option<&str>) -> f64 {
    let Some(c) = code else {
        return if slot == Label::Linea { -0.6 } else { 0.0 };
    };
    let parts = c.split('.').count();
    let digits = c.len();
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
fn assign(values: &[(Option<Label>, Value)], catalog: &Catalog, memo: &Memo) -> Vec<Option<Label>> {
    let mut lazy = Lazy::new(values, catalog, memo);
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

/// Whether a value in slot `s` (or [`START`]) may be followed by one in `t`.
fn follows(s: usize, t: usize) -> bool {
    s == START || t > s || (t == s && SLOTS.get(t).is_some_and(|&l| multi(l)))
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
    Open { lo: f64, hi: f64 },
}

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
    values: &'a [(Option<Label>, Value)],
    catalog: &'a Catalog,
    memo: &'a Memo,
    /// Each value's name as looked up (its acronym if it has no name).
    names: Vec<String>,
    cells: Vec<[Cell; 8]>,
}

impl<'a> Lazy<'a> {
    fn new(values: &'a [(Option<Label>, Value)], catalog: &'a Catalog, memo: &'a Memo) -> Self {
        let mut lengths: [Option<(usize, usize)>; 8] = [None; 8];
        let names: Vec<String> = values
            .iter()
            .map(|(_, v)| {
                let name = if v.name.is_empty() {
                    v.siglas.as_deref().unwrap_or_default()
                } else {
                    &v.name
                };
                fold(name)
            })
            .collect();
        let cells = values
            .iter()
            .zip(&names)
            .map(|((label, v), name)| {
                let mut row = [Cell::Known(0.0); 8];
                // Named as printed: a name of punctuation alone folds to
                // nothing, and then is far from every entry.
                let named = !(v.name.is_empty() && v.siglas.as_deref().is_none_or(str::is_empty));
                let q = Catalog::compared_len(name);
                for (s, &slot) in SLOTS.iter().enumerate() {
                    let shape = shape_score(slot, v.code.as_deref());
                    let score = |sim| slot_score(slot, shape, *label, sim, named);
                    row[s] = if shape <= -3.0 {
                        // An impossible code shape: no need to measure the name.
                        Cell::Known(shape - 1.5)
                    } else if !named {
                        Cell::Known(score(0.5))
                    } else if q == 0 {
                        Cell::Known(score(0.0))
                    } else if catalog.exact(kind(slot), name).is_some() {
                        Cell::Known(score(1.0))
                    } else {
                        // The look-up's best is 0 or from 0.5 up, and no
                        // more than the lengths allow.
                        let (short, long) =
                            *lengths[s].get_or_insert_with(|| catalog.lengths(kind(slot)));
                        let near = q.clamp(short, long);
                        Cell::Open {
                            lo: score(0.0),
                            hi: score(similarity_ceiling(q, near)),
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
            cells,
        }
    }

    /// Measures the similarity a cell depends on.
    fn measure(&mut self, i: usize, s: usize) {
        let (Some(cell), Some((label, v)), Some(name), Some(&slot)) = (
            self.cells.get_mut(i).and_then(|r| r.get_mut(s)),
            self.values.get(i),
            self.names.get(i),
            SLOTS.get(s),
        ) else {
            return;
        };
        if let Cell::Open { .. } = cell {
            let sim = self.memo.best_folded(self.catalog, kind(slot), name);
            let shape = shape_score(slot, v.code.as_deref());
            *cell = Cell::Known(slot_score(slot, shape, *label, sim, true));
        }
    }

    /// The scores with every similarity measured.
    fn measure_all(&mut self) -> Vec<[f64; 8]> {
        for i in 0..self.cells.len() {
            for s in 0..SLOTS.len() {
                self.measure(i, s);
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
            let p = align(&high);
            let adv: Vec<[f64; 8]> = self
                .cells
                .iter()
                .zip(&p)
                .map(|(r, placed)| {
                    let mut w = r.map(Cell::hi);
                    if let Some(t) = placed.and_then(slot_index) {
                        w[t] = r[t].lo();
                    }
                    w
                })
                .collect();
            let Some(q) = rival(&adv, &p) else {
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
fn rival(w: &[[f64; 8]], path: &[Option<Label>]) -> Option<Vec<Option<Label>>> {
    let n = w.len();
    let st = states(path);
    let mine: f64 = path
        .iter()
        .zip(w)
        .map(|(l, row)| l.and_then(slot_index).map_or(DISCARD, |t| row[t]))
        .sum();
    // fwd[i][s]: best score of values[..i] ending in state s; bwd[i][s]: best
    // score of values[i..] from state s.
    let mut fwd = vec![[f64::NEG_INFINITY; 9]; n + 1];
    let mut from = vec![[(START, false); 9]; n + 1];
    fwd[0][START] = 0.0;
    for i in 0..n {
        for s in 0..=START {
            let cur = fwd[i][s];
            if !cur.is_finite() {
                continue;
            }
            if cur + DISCARD > fwd[i + 1][s] {
                fwd[i + 1][s] = cur + DISCARD;
                from[i + 1][s] = (s, false);
            }
            for t in (0..START).filter(|&t| follows(s, t)) {
                if cur + w[i][t] > fwd[i + 1][t] {
                    fwd[i + 1][t] = cur + w[i][t];
                    from[i + 1][t] = (s, true);
                }
            }
        }
    }
    let mut bwd = vec![[f64::NEG_INFINITY; 9]; n + 1];
    let mut to = vec![[(START, false); 9]; n + 1];
    bwd[n] = [0.0; 9];
    for i in (0..n).rev() {
        for s in 0..=START {
            let mut best = (bwd[i + 1][s] + DISCARD, (s, false));
            for t in (0..START).filter(|&t| follows(s, t)) {
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
    for (i, row) in fwd.iter().take(n).enumerate() {
        for (s, &before) in row.iter().enumerate() {
            if !before.is_finite() {
                continue;
            }
            let steps = std::iter::once((s, false, DISCARD)).chain(
                (0..START)
                    .filter(|&t| follows(s, t))
                    .map(|t| (t, true, w[i][t])),
            );
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
    let mut cur = s;
    for i in (1..=at).rev() {
        let (prev, was_placed) = from[i][cur];
        if was_placed {
            out[i - 1] = SLOTS.get(cur).copied();
        }
        cur = prev;
    }
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
    let n = score.len();
    // dp[i][s]: best score of values[..i] with the last one placed in slot s.
    let mut dp = vec![[f64::NEG_INFINITY; 9]; n + 1];
    let mut back = vec![[(START, false); 9]; n + 1];
    dp[0][START] = 0.0;
    for i in 0..n {
        for s in 0..=START {
            let cur = dp[i][s];
            if !cur.is_finite() {
                continue;
            }
            if cur + DISCARD > dp[i + 1][s] {
                dp[i + 1][s] = cur + DISCARD;
                back[i + 1][s] = (s, false);
            }
            for t in 0..START {
                let ok = s == START || t > s || (t == s && multi(SLOTS[t]));
                if ok && cur + score[i][t] > dp[i + 1][t] {
                    dp[i + 1][t] = cur + score[i][t];
                    back[i + 1][t] = (s, true);
                }
            }
        }
    }
    let mut s = (0..=START)
        .max_by(|&a, &b| dp[n][a].total_cmp(&dp[n][b]).then(b.cmp(&a)))
        .unwrap_or(START);
    let mut out = vec![None; n];
    for i in (1..=n).rev() {
        let (prev, placed) = back[i][s];
        if placed {
            out[i - 1] = Some(SLOTS[s]);
        }
        s = prev;
    }
    out
}

/// Context for matching: keys already resolved above this field.
#[derive(Default)]
struct Ctx {
    ramo: Option<String>,
    finalidad: Option<String>,
    funcion: Option<String>,
}

/// Resolves the classification block of one report.
pub(crate) fn resolve(
    items: &[HeaderItem],
    catalog: &Catalog,
    lexicon: &Lexicon,
    memo: &Memo,
) -> Header {
    let mut h = Header {
        first_line: items.first().map(|i| i.line),
        ..Header::default()
    };
    let values: Vec<(Option<Label>, Value)> = items
        .iter()
        .filter(|i| !i.text.trim().is_empty())
        .take(400)
        .map(|i| (i.label, parse_value(&i.text, i.line)))
        .collect();
    for i in items.iter().filter(|i| !i.text.trim().is_empty()).skip(400) {
        h.discarded.push(Span {
            text: i.text.clone(),
            line: i.line,
        });
    }
    let slots = assign(&values, catalog, memo);
    let mut by_slot: HashMap<Label, Vec<&Value>> = HashMap::new();
    for ((_, v), s) in values.iter().zip(&slots) {
        match s {
            Some(s) => by_slot.entry(*s).or_default().push(v),
            None => h.discarded.push(Span {
                text: v.text.clone(),
                line: v.line,
            }),
        }
    }
    let one = |slot: Label| by_slot.get(&slot).and_then(|v| v.first().copied());
    let mut ctx = Ctx::default();
    h.ramo = one(Label::Ramo).map(|v| resolve_value(Label::Ramo, v, catalog, lexicon, memo, &ctx));
    ctx.ramo = h
        .ramo
        .as_ref()
        .map(|r| r.clas.clave.clone())
        .filter(|c| !c.is_empty());
    h.programa = one(Label::Programa)
        .map(|v| resolve_value(Label::Programa, v, catalog, lexicon, memo, &ctx));
    h.unidad =
        one(Label::Unidad).map(|v| resolve_value(Label::Unidad, v, catalog, lexicon, memo, &ctx));
    h.finalidad = one(Label::Finalidad)
        .map(|v| resolve_value(Label::Finalidad, v, catalog, lexicon, memo, &ctx));
    ctx.finalidad = h.finalidad.as_ref().and_then(|r| r.key.clone());
    h.funcion =
        one(Label::Funcion).map(|v| resolve_value(Label::Funcion, v, catalog, lexicon, memo, &ctx));
    ctx.funcion = h.funcion.as_ref().and_then(|r| r.key.clone());
    h.subfuncion = one(Label::Subfuncion)
        .map(|v| resolve_value(Label::Subfuncion, v, catalog, lexicon, memo, &ctx));
    for (slot, list) in [(Label::Eje, &mut h.ejes), (Label::Linea, &mut h.lineas)] {
        for v in by_slot.get(&slot).into_iter().flatten() {
            let r = resolve_value(slot, v, catalog, lexicon, memo, &ctx);
            match list.iter_mut().find(|x| x.clas.clave == r.clas.clave) {
                Some(x) if x.clas.confianza >= r.clas.confianza => {}
                Some(x) => *x = r,
                None => list.push(r),
            }
        }
        list.sort_by_key(|a| key_order(&a.clas.clave));
    }
    h
}

/// Orders keys numerically part by part (`1.10.1` after `1.9.2`).
pub(crate) fn key_order(k: &str) -> Vec<u64> {
    k.split('.')
        .map(|p| p.parse().unwrap_or(u64::MAX))
        .collect()
}

/// The full catalog key a printed code stands for in this context.
fn code_key(slot: Label, code: &str, ctx: &Ctx) -> Option<String> {
    let last = code.rsplit('.').next().unwrap_or(code);
    match slot {
        Label::Unidad if code.len() == 3 || code.len() == 4 => {
            ctx.ramo.as_ref().map(|r| format!("{r}{code}"))
        }
        Label::Funcion => ctx.finalidad.as_ref().map(|f| format!("{f}.{last}")),
        Label::Subfuncion => ctx.funcion.as_ref().map(|f| format!("{f}.{last}")),
        _ => Some(code.to_string()),
    }
}

/// Entries a value of this slot may be, in context (a subfunción under its
/// función).
fn parent_prefix(slot: Label, ctx: &Ctx) -> Option<String> {
    match slot {
        Label::Funcion => ctx.finalidad.as_ref().map(|f| format!("{f}.")),
        Label::Subfuncion => ctx.funcion.as_ref().map(|f| format!("{f}.")),
        _ => None,
    }
}

/// The clave as the output shows it: CONAC keys show their last part only.
fn shown_clave(slot: Label, key: &str) -> String {
    match slot {
        Label::Finalidad | Label::Funcion | Label::Subfuncion => {
            key.rsplit('.').next().unwrap_or(key).to_string()
        }
        _ => key.to_string(),
    }
}

/// Picks the catalog entry a value is, weighing code and name together; or
/// none (the value is outside the catalog).
fn resolve_value(
    slot: Label,
    v: &Value,
    catalog: &Catalog,
    lexicon: &Lexicon,
    memo: &Memo,
    ctx: &Ctx,
) -> Resolved {
    let k = kind(slot);
    let table = catalog.table(k);
    let name = fold(&v.name);
    let prefix = parent_prefix(slot, ctx);
    let in_context = |i: usize| {
        prefix
            .as_ref()
            .is_none_or(|p| table.entries[i].clave.starts_with(p.as_str()))
    };
    let code_entry = v
        .code
        .as_deref()
        .and_then(|c| code_key(slot, c, ctx))
        .and_then(|key| table.by_clave(&key));
    let mut pick: Option<(usize, f64)> = None;
    if let Some(ci) = code_entry.filter(|&i| in_context(i)) {
        let s = if name.is_empty() {
            v.siglas.as_ref().map_or(0.7, |sg| {
                table.entries[ci]
                    .siglas
                    .as_ref()
                    .map_or(0.5, |es| similarity(&fold(sg), &fold(es)).min(0.9))
            })
        } else {
            similarity(&name, &table.folded[ci])
        };
        if s >= 0.72 || (name.is_empty() && s >= 0.7) {
            pick = Some((ci, s));
        }
    }
    if pick.is_none() && !name.is_empty() {
        let cands: Vec<(usize, f64)> = if prefix.is_some() {
            // `similarity` against each entry in context, the name prepared
            // once.
            let chars: Vec<char> = name.chars().collect();
            let mut scorer = Scorer::new(&chars);
            let mut c: Vec<(usize, f64)> = (0..table.entries.len())
                .filter(|&i| in_context(i))
                .map(|i| {
                    let s = table
                        .chars
                        .get(i)
                        .and_then(|f| scorer.similarity_at_least(f, 0.0));
                    (i, s.unwrap_or(0.0))
                })
                .collect();
            c.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            c
        } else if !misread_reaches(slot, v, ctx, catalog, &name, 0.8)
            || memo.none_reaches(catalog, k, &name, 0.8)
        {
            // A pick needs 0.8, from an entry whose key the printed one could
            // be misread from: none that close settles it. Those entries are
            // few, and asking near 0.8 gives up sooner on each entry than at
            // 0.7.
            vec![]
        } else {
            // Only the best two matter, and only from 0.7 up: a pick needs
            // 0.8, and a runner-up under 0.7 leaves a margin over 0.1.
            memo.top(catalog, k, &name, 0.7, 2)
                .into_iter()
                .map(|m| (m.index, m.score))
                .collect()
        };
        if let Some(&(i, s)) = cands.first() {
            let margin = cands.get(1).map_or(1.0, |r| s - r.1);
            // Without the code's support, the name alone must carry the match:
            // close overall, every word accounted for (a different word is a
            // different entity: DESARROLLO HUMANO is not DESARROLLO URBANO),
            // and a printed code, if any, a plausible misreading of the entry's.
            let code_ok = v.code.as_deref().is_none_or(|c| {
                code_key(slot, c, ctx).is_some_and(|k| code_misread(&k, &table.entries[i].clave))
            });
            if s >= 0.8 && margin >= 0.05 && code_ok && same_words(&name, &table.folded[i]) {
                pick = Some((i, s));
            }
        }
    }
    let original = Some(v.text.clone());
    match pick {
        Some((i, s)) => {
            let e = &table.entries[i];
            let clave = shown_clave(slot, &e.clave);
            let mut fixes = vec![];
            let printed_code = v.code.clone().unwrap_or_default();
            if printed_code != clave {
                let why = match (&v.code, code_entry) {
                    (None, _) => "catalogo: la clave falta en el texto".to_string(),
                    (Some(_), Some(ci)) if ci == i => {
                        "catalogo: clave completa con prefijo de ramo".to_string()
                    }
                    _ => format!("catalogo: el nombre corresponde a la clave {clave}"),
                };
                fixes.push(("clave", printed_code, clave.clone(), why));
            }
            let printed_name = upper(&squash(&v.name));
            if !printed_name.is_empty() && printed_name != e.nombre {
                fixes.push((
                    "nombre",
                    printed_name,
                    e.nombre.clone(),
                    "catalogo".to_string(),
                ));
            }
            if let (Some(ps), Some(es)) = (&v.siglas, &e.siglas) {
                if upper(ps) != *es {
                    fixes.push(("siglas", ps.clone(), es.clone(), "catalogo".to_string()));
                }
            }
            Resolved {
                clas: Clasificacion {
                    clave,
                    nombre: e.nombre.clone(),
                    siglas: e.siglas.clone(),
                    origen: Origen::Catalogo,
                    confianza: round2(s),
                    original,
                },
                key: Some(e.clave.clone()),
                line: Some(v.line),
                fixes,
                out_of_catalog: false,
            }
        }
        None => {
            let clave = match (slot, &v.code) {
                (Label::Unidad, Some(c)) if c.len() <= 4 => {
                    ctx.ramo.as_ref().map_or(c.clone(), |r| format!("{r}{c}"))
                }
                (_, Some(c)) => shown_clave(slot, c),
                (_, None) => String::new(),
            };
            let printed = upper(&squash(&v.name));
            let (nombre, word_fixes) = lexicon.correct(&printed);
            let mut fixes: Vec<(&'static str, String, String, String)> = word_fixes
                .into_iter()
                .map(|f| ("nombre", f.original, f.corregido, "lexico".to_string()))
                .collect();
            if v.code.as_deref().is_some_and(|c| c != clave) {
                fixes.push((
                    "clave",
                    v.code.clone().unwrap_or_default(),
                    clave.clone(),
                    "prefijo de ramo".to_string(),
                ));
            }
            Resolved {
                clas: Clasificacion {
                    clave,
                    nombre,
                    siglas: if slot == Label::Ramo {
                        v.siglas.clone()
                    } else {
                        None
                    },
                    origen: Origen::Texto,
                    confianza: 0.5,
                    original,
                },
                key: None,
                line: Some(v.line),
                fixes,
                out_of_catalog: true,
            }
        }
    }
}

/// Whether an entry a name alone could be picked as (one whose key the
/// printed code could be a misreading of; any entry if no code is printed)
/// is at least `score` similar to the folded name.
fn misread_reaches(
    slot: Label,
    v: &Value,
    ctx: &Ctx,
    catalog: &Catalog,
    name: &str,
    score: f64,
) -> bool {
    let Some(code) = v.code.as_deref() else {
        return true;
    };
    let Some(key) = code_key(slot, code, ctx) else {
        return false;
    };
    let k = kind(slot);
    let entries = catalog.entries(k).iter().enumerate();
    let misread = entries.filter(|(_, e)| code_misread(&key, &e.clave));
    catalog.any_reaches(k, name, misread.map(|(i, _)| i), score)
}

/// Whether every word of one name has a close counterpart in the other
/// (short function words aside): OCR damages words, it does not swap them.
fn same_words(a: &str, b: &str) -> bool {
    let content = |s: &str| -> Vec<Vec<char>> {
        s.split(' ')
            .filter(|w| w.chars().count() >= 4)
            .map(|w| w.chars().collect())
            .collect()
    };
    let (wa, wb) = (content(a), content(b));
    let covered = |xs: &[Vec<char>], ys: &[Vec<char>]| {
        xs.iter()
            .all(|x| ys.iter().any(|y| similarity_at_least(x, y, 0.6).is_some()))
    };
    // Merged or split words break the word pairing; judge those as a whole.
    wa.len().abs_diff(wb.len()) > 1 || (covered(&wa, &wb) && covered(&wb, &wa))
}

/// Whether a printed key could be an OCR misreading of a catalog key: the
/// same length with at most one digit different.
fn code_misread(printed: &str, key: &str) -> bool {
    printed.len() == key.len()
        && printed
            .chars()
            .zip(key.chars())
            .filter(|(a, b)| a != b)
            .count()
            <= 1
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(label: Option<Label>, text: &str, line: usize) -> HeaderItem {
        HeaderItem {
            label,
            text: text.to_string(),
            line,
        }
    }

    fn run(items: &[HeaderItem]) -> Header {
        let cat = Catalog::default();
        resolve(
            items,
            &cat,
            &Lexicon::new(cat.vocabulary()),
            &Memo::default(),
        )
    }

    /// The cache answers every look-up as the catalog does, whatever was
    /// asked before about the same name: noisy readings of every header
    /// kind's names, and names of other kinds, asked in a random order of
    /// `min` and `keep`.
    #[test]
    fn memo_answers_like_the_catalog() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let cat = Catalog::default();
        let bank = Bank::new(200, 3);
        let mut rng = Rng::new(5);
        let memo = Memo::default();
        let (mut asked, mut answered) = (0, 0);
        for _ in 0..300 {
            let slot = SLOTS[rng.below(SLOTS.len())];
            let entries = cat.entries(kind(slot));
            let name = if rng.chance(0.8) && !entries.is_empty() {
                noisy(&entries[rng.below(entries.len())].nombre, &bank, &mut rng)
            } else {
                bank.name(&mut rng)
            };
            let name = fold(&name);
            for _ in 0..6 {
                let k = if rng.chance(0.7) {
                    kind(slot)
                } else {
                    kind(SLOTS[rng.below(SLOTS.len())])
                };
                let min: f64 = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9][rng.below(6)];
                let keep = 1 + rng.below(MEMO_KEEP + 1);
                let known = memo.known(&(k, name.clone()), min, keep.min(MEMO_KEEP));
                answered += usize::from(known.is_some());
                let got = memo.top(&cat, k, &name, min, keep);
                let want = cat.lookup_top(k, &name, min, keep.min(MEMO_KEEP));
                assert_eq!(got, want, "{k:?} {name:?} {min} {keep}");
                asked += 1;
            }
        }
        // Enough answers came from the cache for the test to mean something.
        assert!(asked == 1800 && answered > 150, "{answered}");
    }

    #[test]
    fn known_answers_only_what_it_settles() {
        let m = |index, score| Match { index, score };
        let found = Known {
            min: 0.5,
            keep: 2,
            matches: vec![m(3, 0.9), m(1, 0.75)],
        };
        assert_eq!(found.answer(0.5, 2), Some(vec![m(3, 0.9), m(1, 0.75)]));
        // A swap could hide either at a higher `min`, or show another with
        // fewer kept.
        assert_eq!(found.answer(0.7, 2), None);
        assert_eq!(found.answer(0.5, 1), None);
        assert_eq!(found.answer(0.95, 1), Some(vec![]));
        assert_eq!(found.answer(0.4, 8), None);
        let none = Known {
            min: 0.5,
            keep: 1,
            matches: vec![],
        };
        assert_eq!(none.answer(0.8, 2), Some(vec![]));
        assert_eq!(none.answer(0.3, 2), None);
        let kept_none = Known {
            min: 0.5,
            keep: 0,
            matches: vec![],
        };
        assert_eq!(kept_none.answer(0.8, 1), None);
    }

    /// What [`Memo::none_reaches`] rules out, no look-up finds: noisy
    /// readings, swaps included, of every header kind's names.
    #[test]
    fn none_reaches_rules_out_only_what_is_not_there() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let cat = Catalog::default();
        let bank = Bank::new(200, 7);
        let mut rng = Rng::new(9);
        let (mut ruled_out, mut found) = (0, 0);
        for _ in 0..600 {
            let k = kind(SLOTS[rng.below(SLOTS.len())]);
            let entries = cat.entries(k);
            let mut name = fold(&noisy(
                &entries[rng.below(entries.len())].nombre,
                &bank,
                &mut rng,
            ));
            if rng.chance(0.5) {
                // A swap of two letters, which can hide a pair from a tight
                // bound.
                let mut c: Vec<char> = name.chars().collect();
                let at = rng.below(c.len().max(2) - 1);
                if at + 1 < c.len() {
                    c.swap(at, at + 1);
                }
                name = c.into_iter().collect();
            }
            for score in [0.6, 0.7, 0.8, 0.9] {
                let memo = Memo::default();
                if memo.none_reaches(&cat, k, &name, score) {
                    ruled_out += 1;
                    for min in [0.0, 0.5, 0.7, score] {
                        for keep in [1, 2, 8] {
                            let top = cat.lookup_top(k, &name, min, keep);
                            assert!(top.iter().all(|m| m.score < score), "{k:?} {name:?}");
                        }
                    }
                } else {
                    found += 1;
                }
            }
        }
        assert!(ruled_out > 200 && found > 200, "{ruled_out} {found}");
    }

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
            for (line, &slot) in SLOTS.iter().enumerate() {
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
                    values.push((label, parse_value(&text, line)));
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
            let mut lazy = Lazy::new(&values, &cat, &memo);
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
            let total = open(&Lazy::new(&values, &cat, &Memo::default()));
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

    #[test]
    fn values_split_into_code_name_siglas() {
        let v = parse_value("54 BIENESTAR SOCIAL MUNICIPAL (BISON)", 1);
        assert_eq!(
            (v.code.as_deref(), v.name.as_str(), v.siglas.as_deref()),
            (Some("54"), "BIENESTAR SOCIAL MUNICIPAL", Some("BISON"))
        );
        let v = parse_value("- 4.5.3 PRESUPUESTO ESTRATÉGICO", 1);
        assert_eq!(
            (v.code.as_deref(), v.name.as_str()),
            (Some("4.5.3"), "PRESUPUESTO ESTRATÉGICO")
        );
        let v = parse_value("BIENESTAR SOCIAL MUNICIPAL (BISOM)", 1);
        assert_eq!(v.code, None);
    }

    #[test]
    fn names_correct_codes() {
        let h = run(&[
            item(
                Some(Label::Ramo),
                "54 BIENESTAR SOCIAL MUNICIPAL (BISON)",
                1,
            ),
            item(
                Some(Label::Programa),
                "502 VINCULACION SOCIAL PARA EL DESARROLLO COMUNITARIO",
                2,
            ),
            item(
                Some(Label::Unidad),
                "204 DEPARTAMENTO DE DESARROLLO HUMANO",
                3,
            ),
            item(Some(Label::Finalidad), "2 DESARROLLO SOCIAL", 4),
            item(
                Some(Label::Funcion),
                "2 VIVIENDA Y SERVICIOS A LA COMUNIDAD",
                5,
            ),
            item(Some(Label::Subfuncion), "4 DESARROLLO COMUNITARIO", 6),
        ]);
        let c = |r: &Option<Resolved>| r.as_ref().map(|r| r.clas.clave.clone()).unwrap_or_default();
        assert_eq!(c(&h.ramo), "54");
        assert_eq!(
            h.ramo.as_ref().unwrap().clas.siglas.as_deref(),
            Some("BISOM")
        );
        assert_eq!(c(&h.programa), "542");
        assert_eq!(c(&h.unidad), "54204");
        assert_eq!(
            (c(&h.finalidad), c(&h.funcion), c(&h.subfuncion)),
            ("2".into(), "2".into(), "2".into())
        );
        assert_eq!(h.subfuncion.unwrap().key.as_deref(), Some("2.2.2"));
    }

    #[test]
    fn shifted_eje_leaves_subfuncion_empty() {
        let h = run(&[
            item(Some(Label::Finalidad), "2 DESARROLLO SOCIAL", 1),
            item(
                Some(Label::Funcion),
                "2 VIVIENDA Y SERVICIOS A LA COMUNIDAD",
                2,
            ),
            item(
                Some(Label::Subfuncion),
                "1 BIENESTAR PARA TODAS LAS PERSONAS",
                3,
            ),
            item(Some(Label::Eje), "2 MEXICALI SEGURO Y EN PAZ", 4),
            item(Some(Label::Eje), "3 MEXICALI CREECE", 5),
            item(
                Some(Label::Linea),
                "1.1.1 ATENCIÓN INTEGRAL A LAS INFANCIAS",
                6,
            ),
        ]);
        assert!(h.subfuncion.is_none());
        let ejes: Vec<&str> = h.ejes.iter().map(|e| e.clas.clave.as_str()).collect();
        assert_eq!(ejes, ["1", "2", "3"]);
        assert_eq!(h.ejes[2].clas.nombre, "MEXICALI CRECE");
        assert_eq!(h.lineas.len(), 1);
    }

    #[test]
    fn out_of_catalog_stays_text() {
        let h = run(&[
            item(
                Some(Label::Ramo),
                "12 OBRAS Y SERVICIOS PUBLICOS MUNICIPALES (OSPM)",
                1,
            ),
            item(Some(Label::Programa), "318 MOVILIDAD URBANA SUSTENTABLE", 2),
            item(Some(Label::Eje), "7 CIUDAD ORDENADA Y SOSTENIBLE", 3),
            item(
                Some(Label::Linea),
                "7.2.1 PAVIMENTACION DE VIALIDADES PRIMARIAS",
                4,
            ),
        ]);
        for r in [
            h.ramo.as_ref().unwrap(),
            h.programa.as_ref().unwrap(),
            &h.ejes[0],
            &h.lineas[0],
        ] {
            assert_eq!(r.clas.origen, Origen::Texto, "{:?}", r.clas);
        }
        assert_eq!(h.ramo.unwrap().clas.siglas.as_deref(), Some("OSPM"));
        assert_eq!(h.lineas[0].clas.clave, "7.2.1");
    }
}
