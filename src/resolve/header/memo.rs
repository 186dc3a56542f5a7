//! Catalog look-ups of the header, and its decisions, cached per parser.

use std::sync::Mutex;

use super::Decision;
use crate::catalog::{Catalog, Kind, Match};
use crate::layout::Label;
use crate::memo::Map;
use crate::text::looser_min;

/// Catalog look-ups shared by every document a parser reads: archives repeat
/// the same header values thousands of times, and a look-up is a pure
/// function of the catalog, so caching it changes no output.
///
/// A name's look-ups are kept together: one that found nothing above some
/// score also answers a later one asking for that score or more (see
/// [`Known::answer`]), and the header asks about a name at 0.5 and then at
/// about 0.8.
///
/// Keyed by the name alone, each answer saying its kind: a look-up finds
/// its name's answers without building a key (the header asks about each
/// name for several fields, a few ways each).
///
/// The header's decisions (which entry a printed value is) are kept too,
/// by the value's text: they are as pure (see [`Memo::decided`]), and a
/// page's header repeats most of the values of the page before.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    lookups: Mutex<Map<Box<str>, Vec<Known>>>,
    /// The header's decisions, by value text (see [`Memo::decided`]).
    decisions: Mutex<Map<Box<str>, Vec<Decided>>>,
    /// The known signatory each folded printed name is, or none (see
    /// [`Memo::signatory`]).
    signatories: Mutex<Map<Box<str>, Signatory>>,
}

/// A known signatory's name, how sure, and why (see
/// `firmas::known_signatory`).
pub(crate) type Signatory = Option<(String, f64, &'static str)>;

/// One decision of the header: for a value of `slot` under `context`.
#[derive(Clone, Debug)]
struct Decided {
    slot: Label,
    context: Option<Box<str>>,
    decision: Decision,
}

/// One look-up's answer: [`Catalog::lookup_top`] for `kind` at `min` and
/// `keep`.
#[derive(Clone, Debug)]
struct Known {
    kind: Kind,
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

/// Names kept before the cache starts over (bounds memory). A name holds
/// the answers of every kind it was asked about (up to [`MEMO_ANSWERS`]
/// each, and the header asks a name about several fields, of the 11
/// kinds): 2¹² names hold at most as many answers as 2¹⁶ (kind, name) keys
/// would.
const MEMO_MAX: usize = 1 << 12;
/// Longest key cached, in bytes (names run to about 200).
const MEMO_KEY_MAX: usize = 320;
/// Candidates kept per cached look-up.
const MEMO_KEEP: usize = 8;
/// Decisions kept per value text (a text is decided under a few slots and
/// contexts; a document cannot grow the list without bound).
const MEMO_DECISIONS: usize = 8;
/// Answers kept per name and kind (the header asks at most three ways).
const MEMO_ANSWERS: usize = 4;

impl Memo {
    /// `decide()`, remembered: the header decides which entry a value is
    /// from its slot, its text and the key above it (`context`) alone, and
    /// archives print the same header values on every page.
    pub(super) fn decided(
        &self,
        slot: Label,
        context: Option<&str>,
        text: &str,
        decide: impl FnOnce() -> Decision,
    ) -> Decision {
        if text.len() > MEMO_KEY_MAX {
            return decide();
        }
        let same = |d: &&Decided| d.slot == slot && d.context.as_deref() == context;
        if let Some(d) = self
            .decisions
            .lock()
            .ok()
            .and_then(|m| m.get(text)?.iter().find(same).map(|d| d.decision))
        {
            return d;
        }
        // No lock is held while deciding: it makes look-ups of its own.
        let decision = decide();
        if let Ok(mut m) = self.decisions.lock() {
            if m.len() >= MEMO_MAX {
                m.clear();
            }
            let known = m.entry(text.into()).or_default();
            if known.len() >= MEMO_DECISIONS {
                known.remove(0);
            }
            known.push(Decided {
                slot,
                context: context.map(Into::into),
                decision,
            });
        }
        decision
    }

    /// `find()`, the known signatory a folded printed name is, remembered:
    /// a pure function of the name and the catalog (its look-ups are this
    /// memo's own), and an archive's documents are signed by the same few
    /// people, page after page.
    pub(crate) fn signatory(&self, folded: &str, find: impl FnOnce() -> Signatory) -> Signatory {
        if folded.len() > MEMO_KEY_MAX {
            return find();
        }
        if let Some(known) = self
            .signatories
            .lock()
            .ok()
            .and_then(|m| m.get(folded).cloned())
        {
            return known;
        }
        // No lock is held while finding: it makes look-ups of its own.
        let found = find();
        if let Ok(mut m) = self.signatories.lock() {
            if m.len() >= MEMO_MAX {
                m.clear();
            }
            m.insert(folded.into(), found.clone());
        }
        found
    }

    /// How many decisions are remembered.
    #[cfg(test)]
    pub(super) fn decisions_kept(&self) -> usize {
        self.decisions
            .lock()
            .map_or(0, |m| m.values().map(Vec::len).sum())
    }

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
    pub(super) fn top(
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
        if let Some(v) = self.known(kind, folded, min, keep) {
            return v;
        }
        let v = catalog.lookup_top(kind, folded, min, keep);
        if let Ok(mut m) = self.lookups.lock() {
            if m.len() >= MEMO_MAX {
                m.clear();
            }
            let answers = m.entry(folded.into()).or_default();
            if answers.iter().filter(|k| k.kind == kind).count() >= MEMO_ANSWERS {
                if let Some(first) = answers.iter().position(|k| k.kind == kind) {
                    answers.remove(first);
                }
            }
            answers.push(Known {
                kind,
                min,
                keep,
                matches: v.clone(),
            });
        }
        v
    }

    /// The answer a look-up already made settles, if any.
    fn known(&self, kind: Kind, folded: &str, min: f64, keep: usize) -> Option<Vec<Match>> {
        let m = self.lookups.lock().ok()?;
        m.get(folded)?
            .iter()
            .filter(|k| k.kind == kind)
            .find_map(|k| k.answer(min, keep))
    }

    /// The similarity of a folded name to entry `index` of `kind`, if a
    /// look-up already made for the name found that entry: a look-up scores
    /// what it keeps exactly (a bounded distance within its bound is the
    /// distance), and it compares the whole name when the name is cached
    /// (at most [`MEMO_KEY_MAX`] bytes) and has no trailing space, so the
    /// score is [`similarity`](crate::text::similarity) of the name and
    /// the entry's folded name. No look-up is made here.
    pub(super) fn known_score(&self, kind: Kind, folded: &str, index: usize) -> Option<f64> {
        if folded.len() > MEMO_KEY_MAX || !Catalog::compares_whole(folded) {
            return None;
        }
        let m = self.lookups.lock().ok()?;
        let answers = m.get(folded)?;
        answers
            .iter()
            .filter(|k| k.kind == kind)
            .flat_map(|k| &k.matches)
            .find(|m| m.index == index)
            .map(|m| m.score)
    }

    /// [`Memo::none_reaches`] if a look-up already made settles it (see
    /// [`Known::answer`]); `false` when none does. No look-up is made here.
    pub(super) fn none_reaches_known(&self, kind: Kind, folded: &str, score: f64) -> bool {
        if folded.len() > MEMO_KEY_MAX {
            return false;
        }
        let q = Catalog::compared_len(folded);
        self.known(kind, folded, looser_min(score, q), 1)
            .is_some_and(|v| v.is_empty())
    }

    /// Whether no look-up of `kind` for this name, at any `min` and `keep`,
    /// can give a match scoring `score` or more. Asked at a `min` a little
    /// under `score` (see [`looser_min`]) which no swap can fool: a match
    /// scoring `score` would be found there, before anything else fills the
    /// list. Near-misses answer it at a fraction of a full look-up's cost.
    pub(super) fn none_reaches(
        &self,
        catalog: &Catalog,
        kind: Kind,
        folded: &str,
        score: f64,
    ) -> bool {
        let q = Catalog::compared_len(folded);
        self.top_at(catalog, kind, folded, looser_min(score, q), 1)
            .is_empty()
    }

    /// The first `keep` matches of a look-up of `kind` for this name at the
    /// `min` of [`Memo::none_reaches`] for `score`: every entry scoring
    /// `score` or more is among the candidates it ranks, at its exact score
    /// (see [`looser_min`]); `None` if that `min` is under 0.5, where a
    /// look-up at 0.5 need not find them all at their exact scores.
    pub(crate) fn top_reaching(
        &self,
        catalog: &Catalog,
        kind: Kind,
        folded: &str,
        score: f64,
        keep: usize,
    ) -> Option<Vec<Match>> {
        let min = looser_min(score, Catalog::compared_len(folded));
        (min >= 0.5).then(|| self.top_at(catalog, kind, folded, min, keep))
    }

    /// The first match of a look-up of `kind` for this name at the `min` of
    /// [`Memo::none_reaches`] for `score`, which finds every match scoring
    /// `score` or more (and shares its cached answer); `None` if that `min`
    /// is under 0.5, where a look-up at 0.5 need not find what it finds.
    pub(super) fn reaching(
        &self,
        catalog: &Catalog,
        kind: Kind,
        folded: &str,
        score: f64,
    ) -> Option<Option<Match>> {
        self.top_reaching(catalog, kind, folded, score, 1)
            .map(|top| top.into_iter().next())
    }

    /// The best similarity of a folded name among the entries of `kind`;
    /// below 0.5 a name is no evidence for a field, so measuring stops there.
    pub(super) fn best_folded(&self, catalog: &Catalog, kind: Kind, folded: &str) -> f64 {
        self.top(catalog, kind, folded, 0.5, 1)
            .first()
            .map_or(0.0, |m| m.score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::header::{kind, SLOTS};
    use crate::text::fold;

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
                let known = memo.known(k, &name, min, keep.min(MEMO_KEEP));
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

    /// What the cache tells without a look-up is what the full computation
    /// gives: [`Memo::known_score`] is the name's similarity to the entry,
    /// and [`Memo::none_reaches_known`] holds only when
    /// [`Memo::none_reaches`] does; on noisy readings (swaps included) of
    /// every header kind's names and on names of other kinds, after
    /// look-ups at random `min` and `keep`.
    #[test]
    fn cached_answers_are_the_full_ones() {
        use crate::catalog::index::synth::{noisy, swap_adjacent, Bank, Rng};
        use crate::text::{fold, similarity};
        let cat = Catalog::default();
        let bank = Bank::new(200, 23);
        let mut rng = Rng::new(37);
        let (mut scores, mut nones) = (0, 0);
        for _ in 0..400 {
            let k = kind(SLOTS[rng.below(SLOTS.len())]);
            let entries = cat.entries(k);
            let name = if rng.chance(0.8) {
                noisy(&entries[rng.below(entries.len())].nombre, &bank, &mut rng)
            } else {
                bank.name(&mut rng)
            };
            let mut c: Vec<char> = fold(&name).chars().collect();
            if rng.chance(0.5) {
                swap_adjacent(&mut c, &mut rng);
            }
            let name: String = c.into_iter().collect();
            let memo = Memo::default();
            for _ in 0..3 {
                let min: f64 = [0.5, 0.6, 0.7, 0.8, 0.9, 0.93][rng.below(6)];
                memo.top_at(&cat, k, &name, min, 1 + rng.below(MEMO_KEEP));
            }
            for (i, folded) in cat.table(k).folded.iter().enumerate() {
                if let Some(s) = memo.known_score(k, &name, i) {
                    assert_eq!(
                        s.to_bits(),
                        similarity(&name, folded).to_bits(),
                        "{k:?} {name:?}"
                    );
                    scores += 1;
                }
            }
            for score in [0.6, 0.7, 0.8, 0.9] {
                if memo.none_reaches_known(k, &name, score) {
                    assert!(
                        Memo::default().none_reaches(&cat, k, &name, score),
                        "{k:?} {name:?}"
                    );
                    nones += 1;
                }
            }
        }
        assert!(scores > 300 && nones > 300, "{scores} {nones}");
    }

    #[test]
    fn known_answers_only_what_it_settles() {
        let m = |index, score| Match { index, score };
        let found = Known {
            kind: Kind::Ramo,
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
            kind: Kind::Ramo,
            min: 0.5,
            keep: 1,
            matches: vec![],
        };
        assert_eq!(none.answer(0.8, 2), Some(vec![]));
        assert_eq!(none.answer(0.3, 2), None);
        let kept_none = Known {
            kind: Kind::Ramo,
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
        use crate::catalog::index::synth::{noisy, swap_adjacent, Bank, Rng};
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
                swap_adjacent(&mut c, &mut rng);
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
}
