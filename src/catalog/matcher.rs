//! Scoring OCR text against catalog entries.

use super::index::{NameIndex, MAX_QUERY_CHARS};
use super::{Catalog, Table};
use crate::text::Prepared;
use crate::text::{fold, looser_min, similarity_ceiling, Scorer};

/// The kinds of catalog entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Budget branch.
    Ramo,
    /// Program.
    Programa,
    /// Executing unit.
    UnidadEjecutora,
    /// CONAC finalidad (`2`).
    Finalidad,
    /// CONAC función (`2.2`).
    Funcion,
    /// CONAC subfunción (`2.2.2`).
    Subfuncion,
    /// PMD axis.
    Eje,
    /// PMD action line.
    LineaAccion,
    /// Known signatory.
    Firmante,
    /// Mexican state.
    Estado,
    /// Mexican municipality.
    Municipio,
}

/// A scored candidate entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match {
    /// Position of the entry in [`Catalog::entries`].
    pub index: usize,
    /// Similarity of the names, 0 to 1.
    pub score: f64,
}

/// How many candidates the index proposes before exact scoring.
const CANDIDATES: usize = 64;

impl Catalog {
    /// Entries of `kind` whose names are most similar to `name`, best first.
    /// A name that is exactly an entry's (after folding) returns that entry
    /// alone.
    ///
    /// ```
    /// use poa_ocr::{Catalog, catalog::Kind};
    /// let cat = Catalog::default();
    /// let best = cat.lookup(Kind::Municipio, "MEXICALTI")[0];
    /// assert_eq!(cat.entries(Kind::Municipio)[best.index].nombre, "MEXICALI");
    /// ```
    pub fn lookup(&self, kind: Kind, name: &str) -> Vec<Match> {
        // Folding drops punctuation: keep a margin over the prefix compared.
        self.lookup_above(kind, &fold(prefix(name, 2 * MAX_QUERY_CHARS)), 0.0)
    }

    /// Like [`Catalog::lookup`] for an already folded name, keeping only
    /// entries at least `min` similar (which lets the distance stop early).
    ///
    /// Only the first [`MAX_QUERY_CHARS`] characters of the name are
    /// compared: no catalog name is that long, and exact scoring costs the
    /// product of the lengths.
    pub(crate) fn lookup_above(&self, kind: Kind, folded: &str, min: f64) -> Vec<Match> {
        let folded = compared(folded);
        let table = self.table(kind);
        if folded.is_empty() {
            return vec![];
        }
        let cands = match self.scores(kind, folded) {
            // An exact name is the answer; no fuzzy search needed.
            Scores::Exact(index) => return vec![Match { index, score: 1.0 }],
            Scores::Candidates(cands) => cands,
        };
        let q: Vec<char> = folded.chars().collect();
        let mut scorer = Scorer::new(&q);
        let mut out: Vec<Match> = cands
            .into_iter()
            .filter_map(|id| {
                let i = id as usize;
                let (f, p) = table.name(i)?;
                scorer
                    .similarity_prepared(f, p, min)
                    .map(|score| Match { index: i, score })
            })
            .collect();
        out.sort_by(best_first);
        out
    }

    /// The entry of `kind` whose folded name is exactly what a look-up
    /// compares of `folded`: the look-up gives it alone, at 1.
    pub(crate) fn exact(&self, kind: Kind, folded: &str) -> Option<usize> {
        self.table(kind).exact(compared(folded))
    }

    /// What a look-up of `kind` for a folded name (compared part, not
    /// empty) scores: the exact entry, or the candidates.
    fn scores(&self, kind: Kind, folded: &str) -> Scores {
        match self.exact(kind, folded) {
            Some(index) => Scores::Exact(index),
            None => {
                Scores::Candidates(candidates(self.table(kind), folded, folded.chars().count()))
            }
        }
    }

    /// The fewest and most characters in the names of `kind` (`(0, 0)` if
    /// there are none).
    pub(crate) fn lengths(&self, kind: Kind) -> (usize, usize) {
        // Worked out once with the table: the header asks at every page.
        self.table(kind).lengths
    }

    /// Whether one of the `entries` (positions in the table of `kind`) is at
    /// least `score` similar to a folded name, as a look-up would score it
    /// ([`Scorer::reaches`]: at a `min` a little under `score` that no swap
    /// can fool), so a false answer means none of them could appear in any
    /// look-up with that score.
    pub(crate) fn any_reaches(
        &self,
        kind: Kind,
        folded: &str,
        entries: impl IntoIterator<Item = usize>,
        score: f64,
    ) -> bool {
        let folded = compared(folded);
        let table = self.table(kind);
        let q: Vec<char> = folded.chars().collect();
        if q.is_empty() {
            return false;
        }
        // The query is at most `MAX_QUERY_CHARS`: a bounded scratch space.
        Scorer::with(&q, |scorer| {
            entries.into_iter().any(|i| {
                table
                    .name(i)
                    .is_some_and(|(f, p)| scorer.reaches_prepared(f, p, score))
            })
        })
    }

    /// The entries a look-up of `kind` for a folded name scores, at any
    /// `min` and `keep`: every match it gives is one of them.
    pub(crate) fn scored(&self, kind: Kind, folded: &str) -> Vec<usize> {
        let folded = compared(folded);
        if folded.is_empty() {
            return vec![];
        }
        match self.scores(kind, folded) {
            Scores::Exact(index) => vec![index],
            Scores::Candidates(cands) => cands.into_iter().map(|id| id as usize).collect(),
        }
    }

    /// Whether a look-up compares the whole of a folded name (no longer
    /// than [`MAX_QUERY_CHARS`], no trailing space): then the score it gives
    /// an entry is the name's [`similarity`](crate::text::similarity) to it.
    pub(crate) fn compares_whole(folded: &str) -> bool {
        compared(folded).len() == folded.len()
    }

    /// How many characters of a folded name a look-up compares.
    pub(crate) fn compared_len(folded: &str) -> usize {
        compared(folded).chars().count()
    }

    /// The first `keep` matches of [`Catalog::lookup_above`], found with
    /// less scoring: once `keep` are kept, a candidate whose length alone
    /// keeps it under the last of them is not scored, and the others are
    /// scored only as far as they could still make the list. The candidates'
    /// order (the index's, or closest lengths first) puts the likely best
    /// first, which makes that bar high early; the answer does not depend
    /// on it.
    pub(crate) fn lookup_top(&self, kind: Kind, folded: &str, min: f64, keep: usize) -> Vec<Match> {
        let folded = compared(folded);
        let table = self.table(kind);
        if folded.is_empty() || keep == 0 {
            return vec![];
        }
        if let Some(index) = self.exact(kind, folded) {
            return vec![Match { index, score: 1.0 }];
        }
        let q: Vec<char> = folded.chars().collect();
        let scan = (CANDIDATES + 1..=SCAN_MAX).contains(&table.chars.len());
        if min >= SCAN_MIN && scan && !any_at_least(table, &q, min) {
            return vec![];
        }
        let cands = candidates(table, folded, q.len());
        top_of(table, &q, cands, min, keep)
    }
}

/// The `min` from which a look-up in a table bigger than the index's list
/// first asks whether any entry at all reaches it: that close, the lengths
/// and letter counts rule out almost every entry for less than the index
/// takes to rank its candidates, and a probe for a name of another field
/// (which the header asks about often) finds none.
const SCAN_MIN: f64 = 0.9;

/// The most entries [`any_at_least`] scans: past a few hundred, the scan
/// would cost more than the index's ranking, and a look-up must not grow
/// with the catalog (the index's budget bounds it instead).
const SCAN_MAX: usize = 8 * CANDIDATES;

/// Whether some entry of `table` is found at least `min` similar to `q`
/// ([`Scorer::similarity_at_least`]). If none is, [`top_of`] finds nothing
/// among any candidates at `min`: it skips the entries the lengths rule out
/// (as here), and asks the others for `min` or more, a bound no looser than
/// the one here, which finds no pair the one here does not.
fn any_at_least(table: &Table, q: &[char], min: f64) -> bool {
    Scorer::with(q, |scorer| {
        table.chars.iter().zip(&table.prepared).any(|(f, p)| {
            similarity_ceiling(q.len(), f.len()) >= min
                && scorer.similarity_prepared(f, p, min).is_some()
        })
    })
}

impl Table {
    /// Entry `i`'s folded name and its prepared side, if there is one.
    pub(crate) fn name(&self, i: usize) -> Option<(&[char], &Prepared)> {
        Some((self.chars.get(i)?, self.prepared.get(i)?))
    }
}

/// What a look-up scores (see [`Catalog::scores`]).
enum Scores {
    /// The name is this entry's: the look-up gives it alone, at 1.
    Exact(usize),
    /// The entries to score, in the order to score them.
    Candidates(Vec<u32>),
}

/// The first `keep` matches of a folded query among `cands` (entries of
/// `table`), scored in the order given: the same matches in any order.
fn top_of(table: &Table, q: &[char], cands: Vec<u32>, min: f64, keep: usize) -> Vec<Match> {
    // The query is at most `MAX_QUERY_CHARS`: a bounded scratch space.
    Scorer::with(q, |scorer| top_with(scorer, table, q, cands, min, keep))
}

/// [`top_of`] with `scorer` prepared for `q`.
fn top_with(
    scorer: &mut Scorer,
    table: &Table,
    q: &[char],
    cands: Vec<u32>,
    min: f64,
    keep: usize,
) -> Vec<Match> {
    let mut top: Vec<Match> = Vec::with_capacity(keep + 1);
    for id in cands {
        let i = id as usize;
        let Some((f, p)) = table.name(i) else {
            continue;
        };
        // A full list takes only a score at least its last one's (a tie
        // enters on a smaller index).
        let last = keep
            .checked_sub(1)
            .and_then(|k| top.get(k))
            .map(|m| m.score);
        if similarity_ceiling(q.len(), f.len()) < last.unwrap_or(min) {
            continue;
        }
        // Asking for the last score loosened by the swap slack finds every
        // candidate scoring at least that much (see `looser_min`; the query
        // is the shorter side at most), ties included, at the score the
        // look-up at `min` gives it: so the list comes out the same whatever
        // order the candidates are scored in. Asking for more than `min`
        // only makes the program stop sooner on what could not enter anyway.
        let need = last.map_or(min, |s| min.max(looser_min(s, q.len())));
        if let Some(score) = scorer.similarity_prepared(f, p, need) {
            let m = Match { index: i, score };
            let at = top.partition_point(|x| best_first(x, &m).is_lt());
            top.insert(at, m);
            top.truncate(keep);
        }
    }
    top
}

/// Candidate entries for a folded query of `len` characters: from the
/// index, best first; or, in a table no bigger than the index's list, every
/// entry, the lengths closest to the query's first (the index would list
/// them all too, in another order, and ranking them costs more than the
/// few extra cells its order saves). Empty, as from the index, if the query
/// has nothing the index keys on ([`NameIndex::keys_on`]).
fn candidates(table: &Table, folded: &str, len: usize) -> Vec<u32> {
    let n = table.chars.len();
    if n > CANDIDATES {
        return table.index.candidates(folded, CANDIDATES);
    }
    if !NameIndex::keys_on(folded) {
        return vec![];
    }
    let mut ids: Vec<(usize, u32)> = table
        .chars
        .iter()
        .zip(0..)
        .map(|(f, id)| (f.len().abs_diff(len), id))
        .collect();
    ids.sort_unstable();
    ids.into_iter().map(|(_, id)| id).collect()
}

/// Matches best first: higher score, then earlier entry.
fn best_first(a: &Match, b: &Match) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.index.cmp(&b.index))
}

/// The part of a folded name a look-up compares: its first
/// [`MAX_QUERY_CHARS`] characters, trailing spaces dropped.
fn compared(folded: &str) -> &str {
    prefix(folded, MAX_QUERY_CHARS).trim_end()
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    if s.len() <= n {
        // No more characters than bytes: all of it, without walking it.
        return s;
    }
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::index::synth::{noisy, swap_adjacent, Bank, Rng};

    /// A folded reading with `swaps` pairs of adjacent letters swapped.
    fn swapped(chars: impl Iterator<Item = char>, swaps: usize, rng: &mut Rng) -> String {
        let mut q: Vec<char> = chars.collect();
        for _ in 0..swaps {
            swap_adjacent(&mut q, rng);
        }
        q.into_iter().collect()
    }

    /// `prefix` is the first `n` characters, whether it walks the string
    /// or not: strings of one- to four-byte characters around `n`.
    #[test]
    fn prefix_is_the_first_characters() {
        let mut rng = Rng::new(47);
        let alphabet = ['A', ' ', 'Ñ', '–', '𝔸'];
        for _ in 0..2_000 {
            let s: String = (0..rng.below(24))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let n = rng.below(30);
            let want: String = s.chars().take(n).collect();
            assert_eq!(prefix(&s, n), want, "{s:?} {n}");
        }
    }

    const KINDS: [Kind; 11] = [
        Kind::Ramo,
        Kind::Programa,
        Kind::UnidadEjecutora,
        Kind::Finalidad,
        Kind::Funcion,
        Kind::Subfuncion,
        Kind::Eje,
        Kind::LineaAccion,
        Kind::Firmante,
        Kind::Estado,
        Kind::Municipio,
    ];

    /// The pruned look-up keeps exactly the first matches of the full one,
    /// ties and all, among the entries [`Catalog::scored`] lists, for noisy
    /// readings of every kind's names, names of other kinds, and generated
    /// text.
    #[test]
    fn top_agrees_with_full_lookup() {
        let cat = Catalog::default();
        let bank = Bank::new(400, 5);
        let mut rng = Rng::new(11);
        let mut queries: Vec<String> = vec!["A".into(), "DE LA".into(), "2".into()];
        for kind in KINDS {
            let entries = cat.entries(kind);
            for _ in 0..40.min(3 * entries.len()) {
                let e = &entries[rng.below(entries.len())];
                queries.push(noisy(&e.nombre, &bank, &mut rng));
            }
        }
        queries.extend((0..40).map(|_| bank.name(&mut rng)));
        let mut compared = 0;
        for q in &queries {
            let q = fold(q);
            for kind in KINDS {
                for min in [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.93, 0.95] {
                    let full = cat.lookup_above(kind, &q, min);
                    // Every match is an entry the look-up scores.
                    let scored = cat.scored(kind, &q);
                    assert!(
                        full.iter().all(|m| scored.contains(&m.index)),
                        "{kind:?} {q:?}"
                    );
                    for keep in [1, 2, 8] {
                        let top = cat.lookup_top(kind, &q, min, keep);
                        let want = &full[..keep.min(full.len())];
                        assert_eq!(top, want, "{kind:?} {q:?} min {min} keep {keep}");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 10_000);
    }

    /// What [`any_at_least`] rules out, no look-up at that `min` finds,
    /// whatever it keeps: noisy readings of the names of the tables bigger
    /// than the index's list, letters swapped (a swap can hide a pair from a
    /// tight bound), and names of other kinds.
    #[test]
    fn scan_rules_out_only_what_is_not_there() {
        let cat = Catalog::default();
        let bank = Bank::new(200, 41);
        let mut rng = Rng::new(43);
        let big: Vec<Kind> = KINDS
            .into_iter()
            .filter(|&k| cat.table(k).chars.len() > CANDIDATES)
            .collect();
        let (mut ruled_out, mut found) = (0, 0);
        for _ in 0..300 {
            let kind = big[rng.below(big.len())];
            let other = KINDS[rng.below(KINDS.len())];
            let entries = cat.entries(if rng.chance(0.7) { kind } else { other });
            let name = noisy(&entries[rng.below(entries.len())].nombre, &bank, &mut rng);
            let folded = swapped(
                fold(&name).chars().take(MAX_QUERY_CHARS),
                rng.below(3),
                &mut rng,
            );
            let q: Vec<char> = folded.chars().collect();
            for min in [0.8, 0.85, 0.9, 0.93, 0.95] {
                if any_at_least(cat.table(kind), &q, min) {
                    found += 1;
                } else {
                    ruled_out += 1;
                    assert_eq!(
                        cat.lookup_above(kind, &folded, min),
                        [],
                        "{kind:?} {folded:?} {min}"
                    );
                }
            }
        }
        assert!(ruled_out > 200 && found > 200, "{ruled_out} {found}");
    }

    /// The pruned look-up keeps the same matches whatever order it scores
    /// the candidates in: readings with letters swapped (a swap can hide a
    /// pair from a bound just past its distance), every candidate order
    /// reversed and shuffled.
    #[test]
    fn top_does_not_depend_on_the_order() {
        let cat = Catalog::default();
        let bank = Bank::new(200, 3);
        let mut rng = Rng::new(31);
        let mut compared = 0;
        for _ in 0..600 {
            let kind = KINDS[rng.below(KINDS.len())];
            let table = cat.table(kind);
            let entries = cat.entries(kind);
            let name = noisy(&entries[rng.below(entries.len())].nombre, &bank, &mut rng);
            let swaps = rng.below(4);
            let folded = swapped(fold(&name).chars().take(MAX_QUERY_CHARS), swaps, &mut rng);
            let q: Vec<char> = folded.chars().collect();
            if cat.exact(kind, &folded).is_some() {
                // An exact name is answered before any candidate is scored.
                continue;
            }
            let cands = candidates(table, &folded, q.len());
            for min in [0.0, 0.5, 0.7, 0.9] {
                let full = cat.lookup_above(kind, &folded, min);
                for keep in [1, 2, 3] {
                    let want = &full[..keep.min(full.len())];
                    let mut order = cands.clone();
                    order.reverse();
                    assert_eq!(top_of(table, &q, order, min, keep), want, "{folded:?}");
                    for _ in 0..3 {
                        let mut order = cands.clone();
                        for i in (1..order.len()).rev() {
                            order.swap(i, rng.below(i + 1));
                        }
                        assert_eq!(top_of(table, &q, order, min, keep), want, "{folded:?}");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    /// In a table the index's list covers, the look-up scores every entry
    /// the index would propose, and no other.
    #[test]
    fn small_tables_score_what_the_index_proposes() {
        let cat = Catalog::default();
        let bank = Bank::new(200, 5);
        let mut rng = Rng::new(37);
        let mut small = 0;
        for kind in KINDS {
            let table = cat.table(kind);
            if table.chars.len() > CANDIDATES {
                continue;
            }
            small += 1;
            let mut queries: Vec<String> = ["", " ", "-- .", "2", "54 ", "A", "(BISOM)"]
                .map(String::from)
                .to_vec();
            for _ in 0..50 {
                let e = &table.entries[rng.below(table.entries.len())];
                queries.push(noisy(&e.nombre, &bank, &mut rng));
                queries.push(bank.name(&mut rng));
            }
            for q in &queries {
                let f = fold(q);
                let mut got = candidates(table, &f, f.chars().count());
                let mut want = table.index.candidates(&f, CANDIDATES);
                got.sort_unstable();
                want.sort_unstable();
                assert_eq!(got, want, "{kind:?} {f:?}");
            }
        }
        assert!(small >= 5, "{small}");
    }

    /// Every match a look-up finds, `any_reaches` finds at its score or
    /// under, however tight: noisy readings with letters swapped, whose
    /// swaps can hide a pair from a bound just past its distance.
    #[test]
    fn any_reaches_sees_what_lookups_find() {
        let cat = Catalog::default();
        let bank = Bank::new(200, 3);
        let mut rng = Rng::new(23);
        let mut checked = 0;
        for _ in 0..400 {
            let kind = KINDS[rng.below(KINDS.len())];
            let entries = cat.entries(kind);
            let name = noisy(&entries[rng.below(entries.len())].nombre, &bank, &mut rng);
            let swaps = 1 + rng.below(2);
            let q = swapped(fold(&name).chars(), swaps, &mut rng);
            for m in cat.lookup_above(kind, &q, 0.5) {
                for score in [0.6, 0.7, 0.8, 0.9, m.score] {
                    if m.score >= score {
                        assert!(
                            cat.any_reaches(kind, &q, [m.index], score),
                            "{kind:?} {q:?} {m:?}"
                        );
                        checked += 1;
                    }
                }
                assert!(!cat.any_reaches(kind, &q, [m.index], m.score + 0.01));
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// Every entry's prepared side scores as its name does, at any `min`:
    /// noisy readings of every kind's names against every entry.
    #[test]
    fn prepared_names_score_as_names() {
        let cat = Catalog::default();
        let bank = Bank::new(200, 7);
        let mut rng = Rng::new(53);
        let mut compared = 0;
        for kind in KINDS {
            let table = cat.table(kind);
            assert_eq!(table.prepared.len(), table.chars.len());
            for _ in 0..6 {
                let e = &table.entries[rng.below(table.entries.len())];
                let q: Vec<char> = fold(&noisy(&e.nombre, &bank, &mut rng)).chars().collect();
                let mut scorer = Scorer::new(&q);
                for (f, p) in table.chars.iter().zip(&table.prepared).take(300) {
                    for min in [0.0, 0.6, 0.8, 0.9, 0.95] {
                        assert_eq!(
                            scorer.similarity_prepared(f, p, min),
                            scorer.similarity_at_least(f, min),
                            "{kind:?} {q:?} {f:?}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 12_000, "{compared}");
    }

    /// The lengths kept with a table are its names' fewest and most
    /// characters: every kind of the default catalog, one read from JSON,
    /// and an empty one.
    #[test]
    fn kept_lengths_are_the_names() {
        let json = r#"{"ramos": [{"clave": "1", "nombre": "OBRAS"}, {"clave": "2", "nombre": "AGUA Y LUZ"}]}"#;
        for cat in [Catalog::default(), Catalog::from_json(json).unwrap()] {
            for kind in KINDS {
                let lens = cat.table(kind).chars.iter().map(Vec::len);
                let want = (lens.clone().min().unwrap_or(0), lens.max().unwrap_or(0));
                assert_eq!(cat.lengths(kind), want, "{kind:?}");
            }
        }
        assert_eq!(Table::default().lengths, (0, 0));
    }

    /// Entries with equal names tie on score: the earlier one stays first.
    #[test]
    fn ties_keep_the_earlier_entry() {
        let json = r#"{"ramos": [
            {"clave": "1", "nombre": "OBRAS PUBLICAS"},
            {"clave": "2", "nombre": "OBRAS PUBLICAS"},
            {"clave": "3", "nombre": "OBRAS PUBLICOS"}
        ]}"#;
        let cat = Catalog::from_json(json).unwrap();
        for keep in 1..=3 {
            let top = cat.lookup_top(Kind::Ramo, "OBRAS PUBLICAZ", 0.0, keep);
            let full = cat.lookup_above(Kind::Ramo, "OBRAS PUBLICAZ", 0.0);
            assert_eq!(top, full[..keep]);
        }
        assert_eq!(
            cat.lookup_top(Kind::Ramo, "OBRAS PUBLICAZ", 0.0, 1)[0].index,
            0
        );
    }
}
