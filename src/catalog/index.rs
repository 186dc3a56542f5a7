//! Candidate generation for fuzzy look-ups, at a cost per query that does
//! not grow with the catalog.
//!
//! [`Catalog::lookup`](crate::Catalog::lookup) scores candidates exactly with
//! the OCR-aware [`similarity`](crate::text::similarity); this index only has
//! to put the right entry among the few dozen it proposes, without looking at
//! every entry.
//!
//! # Design
//!
//! An inverted index of weighted keys. Names and queries are first reduced to
//! a canonical form: the most frequent OCR confusions merged (`O`/`0`/`Q`,
//! `I`/`1`/`L`, `M`/`N`, `S`/`5`, `B`/`8`), doubled letters written once. The
//! keys of a name are
//!
//! - its padded character trigrams, which survive any local damage;
//! - a key per pair of adjacent words, and per pair of words one apart. A
//!   word pair is far rarer than a trigram: it is what tells apart 10⁵ names
//!   made of the same few hundred common words. A query's words are first
//!   corrected against the catalog's vocabulary by symmetric deletion
//!   (SymSpell, one deletion per side: a letter dropped, added, changed or
//!   swapped), and split when two words ran together, so that the pairs
//!   survive OCR noise too; the pairs one apart survive a wrong word.
//!
//! Each key's posting list is sorted by the entry's length, then by id. A
//! query keeps, of each list, the slice of entries of a plausible length
//! (half to twice its own, with slack for a truncated name; a leading numeric
//! code is dropped first), reads the slices rarest first adding each key's
//! IDF weight to the entries listed, within a fixed budget of postings (a
//! stop-gram's slice, like ` DE`'s, is read only around the query's length),
//! and returns the entries with the best weighted Dice coefficient, ties
//! broken by closeness in length and then by id. The work is bounded by the
//! budget and by the query's length (capped at [`MAX_QUERY_CHARS`]), not by
//! the catalog's size.
//!
//! # Measurements
//!
//! On generated catalogs (names of 1 to 20 words drawn with Zipf frequencies
//! from a bank of 4,000 Spanish words; see the tests) and 4,000 noisy queries
//! each, recall of the true entry among 64 candidates, at 10³ and 10⁵ names:
//!
//! | design                                   | 10³    | 10⁵    | memory at 10⁵ |
//! |------------------------------------------|--------|--------|---------------|
//! | trigrams only (IDF, budget, Dice)        | 99.97% | 97.58% | 22 MB         |
//! | words only (SymSpell, words and pairs)   | 99.03% | 98.53% | 17 MB         |
//! | trigrams and corrected word pairs (this) | 99.97% | 99.78% | 35 MB         |
//!
//! Trigrams alone cannot tell apart long names of common words once the
//! budget cuts their lists; words alone lose words with two errors or run
//! together. Levenshtein automata over an FST of whole names (the `fst`
//! crate) were not tried: a wrong word or a truncation puts a twenty-word
//! name ten or more edits away, past what an automaton can enumerate, and it
//! would be a new dependency.

mod accum;
mod gram;
mod table;
mod words;

use std::collections::HashMap;

use accum::Accumulator;
use gram::{canonical, core_len, merge, pair, skip_pair, trigrams, words, Gram};
use table::KeyTable;
use words::{Words, WordsBuilder};

/// Longest query prefix the index reads, in characters. The longest names
/// (twenty-word program names) are about 200 characters.
pub const MAX_QUERY_CHARS: usize = 320;

/// Longest name prefix the index stores, in characters.
const MAX_NAME_CHARS: usize = 1024;

/// Most names indexed: a posting keeps an id in its low 24 bits.
pub const MAX_NAMES: usize = 1 << ID_BITS;

const ID_BITS: u32 = 24;

/// Postings read per query, at most.
const BUDGET: usize = 8_192;

/// Postings read from one key's slice, at most.
const KEY_CAP: usize = BUDGET / 4;

/// An index over folded names that proposes candidates for a folded query.
///
/// ```
/// use poa_ocr::catalog::index::NameIndex;
/// let names = ["MEXICALI", "TECATE", "ENSENADA", "TIJUANA"];
/// let index = NameIndex::new(names);
/// assert_eq!(index.candidates("MEXICALTI", 2)[0], 0);
/// assert_eq!(index.candidates("ENSENAOA", 2)[0], 2);
/// ```
#[derive(Clone, Default)]
pub struct NameIndex {
    /// The distinct keys of the names, each with its range of `postings`.
    keys: KeyTable,
    /// `bucket(length) << ID_BITS | id`, each list sorted: by the entry's
    /// length bucket, then by id.
    postings: Vec<u32>,
    /// Canonical length of each entry.
    lens: Vec<u16>,
    /// Total weight of each entry's keys.
    mass: Vec<f32>,
    /// The words of the names, to correct the words of a query.
    words: Words,
}

impl std::fmt::Debug for NameIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameIndex")
            .field("entries", &self.lens.len())
            .field("keys", &self.keys.len())
            .field("postings", &self.postings.len())
            .finish()
    }
}

/// The part of a key's posting list a query reads.
struct Slice {
    key: Gram,
    /// Length of the whole list.
    df: usize,
    start: usize,
    end: usize,
}

impl Slice {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

impl NameIndex {
    /// Builds the index over `names` (already folded); ids are positions.
    ///
    /// Names past [`MAX_NAMES`] are not indexed.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        let names: Vec<&str> = names.into_iter().take(MAX_NAMES).collect();
        let n = names.len();
        let canon = |s: &str| canonical(s, MAX_NAME_CHARS).unwrap_or_default();

        // Pass 1: how many entries have each key; the lengths; the words.
        let mut counts: HashMap<Gram, u32> = HashMap::new();
        let mut lens: Vec<u16> = Vec::with_capacity(n);
        let mut vocabulary = WordsBuilder::default();
        for s in &names {
            let c = canon(s);
            lens.push(core_len(&c));
            for g in gram::keys(&c) {
                *counts.entry(g).or_insert(0) += 1;
            }
            words(&c).for_each(|w| vocabulary.add(w));
        }
        let (table, keys) = KeyTable::new(counts.iter().map(|(&k, &c)| (k, c)));
        let total = table.start(table.len()).unwrap_or(0);
        let weight = |k: &Gram| idf(n, counts.get(k).map_or(0, |&c| c as usize));
        let slot: HashMap<Gram, (usize, f32)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, (i, weight(k))))
            .collect();

        // Pass 2: fill the lists, visiting entries by (length bucket, id) so
        // that every list comes out sorted.
        let mut order: Vec<(u8, u32)> = lens
            .iter()
            .zip(0..)
            .map(|(&l, id)| (bucket(l), id))
            .collect();
        order.sort_unstable();
        let mut cursor: Vec<usize> = (0..keys.len())
            .map(|i| table.start(i).unwrap_or(0))
            .collect();
        let mut postings = vec![0u32; total];
        let mut mass = vec![0f32; n];
        for (b, id) in order {
            let i = id as usize;
            let posting = u32::from(b) << ID_BITS | id;
            let name = names.get(i).copied().unwrap_or_default();
            for g in gram::keys(&canon(name)) {
                let Some(&(k, w)) = slot.get(&g) else {
                    continue;
                };
                if let Some(c) = cursor.get_mut(k) {
                    if let Some(p) = postings.get_mut(*c) {
                        *p = posting;
                    }
                    *c += 1;
                }
                if let Some(m) = mass.get_mut(i) {
                    *m += w;
                }
            }
        }
        NameIndex {
            keys: table,
            postings,
            lens,
            mass,
            words: vocabulary.finish(),
        }
    }

    /// Whether `query` (folded) has anything [`NameIndex::candidates`]
    /// keys on; without it, it gets no candidates.
    pub(crate) fn keys_on(query: &str) -> bool {
        // What `canonical` gives is `Some` exactly when a character merges
        // to something other than a space: spaces before it collapse into
        // the leading one, so the cap on its length cannot stop it first,
        // and the form then holds that character between two spaces. Asked
        // without building the form (a look-up in a small table asks this
        // and nothing else of the index).
        without_code(query).chars().any(|c| merge(c) != ' ')
    }

    /// Up to `limit` candidate ids for `query` (folded), best first.
    ///
    /// The work done is bounded whatever the query: only its first
    /// [`MAX_QUERY_CHARS`] characters are read, and at most a fixed number of
    /// postings.
    pub fn candidates(&self, query: &str, limit: usize) -> Vec<u32> {
        if limit == 0 || self.is_empty() {
            return vec![];
        }
        let Some(q) = canonical(without_code(query), MAX_QUERY_CHARS) else {
            return vec![];
        };
        let lq = core_len(&q);
        let tri = trigrams(&q);
        // The word pairs of the query, each word replaced by its corrections.
        let mut readings: Vec<Vec<u64>> = Vec::new();
        for w in words(&q) {
            self.words.read(w, &mut readings);
        }
        let combine = |a: &[u64], b: &[u64], f: fn(u64, u64) -> Gram| -> Vec<Gram> {
            a.iter()
                .flat_map(|&x| b.iter().map(move |&y| f(x, y)))
                .collect()
        };
        let pairs: Vec<Vec<Gram>> = readings
            .windows(2)
            .map(|w| combine(&w[0], &w[1], pair))
            .chain(
                readings
                    .windows(3)
                    .map(|w| combine(&w[0], &w[2], skip_pair)),
            )
            .collect();
        let mut qkeys: Vec<Gram> = tri
            .iter()
            .copied()
            .chain(pairs.iter().flatten().copied())
            .collect();
        qkeys.sort_unstable();
        qkeys.dedup();

        let (lo, hi) = window(lq);
        let slices = self.slices(&qkeys, lo, hi);
        // The query's weight counts one key per word pair, the best of its
        // corrections.
        let n = self.len();
        let df = |g: &Gram| {
            slices
                .binary_search_by_key(g, |s| s.key)
                .ok()
                .and_then(|i| slices.get(i))
                .map_or(0, |s| s.df)
        };
        let best = |p: &Vec<Gram>| p.iter().map(df).filter(|&d| d > 0).min().unwrap_or(0);
        let query_mass: f32 = tri.iter().map(|g| idf(n, df(g))).sum::<f32>()
            + pairs.iter().map(|p| idf(n, best(p))).sum::<f32>();
        let mut found = self.accumulate(slices, lq);
        if found.is_empty() {
            // Nothing of a plausible length: look at every length.
            found = self.accumulate(self.slices(&qkeys, 0, u16::MAX), lq);
        }
        // Rank by weighted Dice coefficient (shared weight over both sides'
        // weight, so that an entry is not preferred merely for being long),
        // then by closeness in length, then by id.
        let mut ranked: Vec<(u32, u16, u32)> = found
            .into_iter()
            .map(|(id, shared)| {
                let i = id as usize;
                let mass = self.mass.get(i).copied().unwrap_or(0.0);
                let dice = 2.0 * shared / (query_mass + mass).max(f32::MIN_POSITIVE);
                // A non-negative float's bits order like the float.
                let dist = self.lens.get(i).map_or(u16::MAX, |&l| l.abs_diff(lq));
                (u32::MAX - dice.max(0.0).to_bits(), dist, id)
            })
            .collect();
        if ranked.len() > limit {
            ranked.select_nth_unstable(limit - 1);
            ranked.truncate(limit);
        }
        ranked.sort_unstable();
        let mut out: Vec<u32> = ranked.into_iter().map(|(_, _, id)| id).collect();
        if n <= limit && out.len() < n {
            // A catalog this small is scored whole: the entries that share no
            // key with the query follow, closest in length first.
            let mut seen = vec![false; n];
            for &id in &out {
                if let Some(s) = seen.get_mut(id as usize) {
                    *s = true;
                }
            }
            let mut rest: Vec<(u16, u32)> = (0..n as u32)
                .filter(|&id| seen.get(id as usize) == Some(&false))
                .map(|id| {
                    (
                        self.lens
                            .get(id as usize)
                            .map_or(u16::MAX, |&l| l.abs_diff(lq)),
                        id,
                    )
                })
                .collect();
            rest.sort_unstable();
            out.extend(rest.into_iter().map(|(_, id)| id));
        }
        out
    }

    /// The slices of the lists of `qkeys` (sorted) for entry lengths in
    /// `lo..=hi`, in key order; keys no entry has are left out.
    fn slices(&self, qkeys: &[Gram], lo: u16, hi: u16) -> Vec<Slice> {
        qkeys
            .iter()
            .filter_map(|&g| self.slice(g, lo, hi))
            .collect()
    }

    /// The shared weight of the entries the slices list, reading the slices
    /// rarest first within the posting budget.
    fn accumulate(&self, mut slices: Vec<Slice>, lq: u16) -> Vec<(u32, f32)> {
        let n = self.len();
        slices.retain(|s| s.len() > 0);
        // Rarest first; the key breaks ties so the order is deterministic.
        slices.sort_unstable_by_key(|s| (s.len(), s.key));
        let total: usize = slices.iter().map(|s| s.len().min(KEY_CAP)).sum();
        let mut acc = Accumulator::new(total.min(BUDGET));
        let mut budget = BUDGET;
        for s in &slices {
            let take = s.len().min(KEY_CAP).min(budget);
            if take == 0 {
                break;
            }
            budget -= take;
            let w = idf(n, s.df);
            let (start, end) = if take == s.len() {
                (s.start, s.end)
            } else {
                self.around(s, lq, take)
            };
            for &p in self.postings.get(start..end).unwrap_or(&[]) {
                acc.add(p & ID_MASK, w);
            }
        }
        acc.iter().collect()
    }

    /// The part of `g`'s list whose entries have a length in `lo..=hi`
    /// (possibly empty); `None` if no entry has `g`.
    fn slice(&self, g: Gram, lo: u16, hi: u16) -> Option<Slice> {
        let (a, b) = self.keys.range(g)?;
        let list = self.postings.get(a..b)?;
        // The window usually keeps most of a list: search from its ends.
        let start = a + from_front(list, bucket_start(bucket(lo).into()));
        let end = a + from_back(list, bucket_start(u32::from(bucket(hi)) + 1));
        Some(Slice {
            key: g,
            df: b - a,
            start,
            end: end.max(start),
        })
    }

    /// `take` postings of a slice, centred on the entries as long as the query.
    fn around(&self, s: &Slice, lq: u16, take: usize) -> (usize, usize) {
        let list = self.postings.get(s.start..s.end).unwrap_or(&[]);
        let first = bucket_start(bucket(lq).into());
        let mid = s.start + list.partition_point(|&p| u64::from(p) < first);
        let start = mid
            .saturating_sub(take / 2)
            .clamp(s.start, s.end.saturating_sub(take));
        (start, (start + take).min(s.end))
    }

    /// Number of names indexed.
    pub fn len(&self) -> usize {
        self.lens.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// Heap bytes held by the index.
    #[cfg(test)]
    fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.keys.heap_bytes()
            + self.postings.capacity() * size_of::<u32>()
            + self.lens.capacity() * size_of::<u16>()
            + self.mass.capacity() * size_of::<f32>()
            + self.words.heap_bytes()
    }
}

const ID_MASK: u32 = (1 << ID_BITS) - 1;

/// The smallest posting in length bucket `b` (up to 256).
fn bucket_start(b: u32) -> u64 {
    u64::from(b) << ID_BITS
}

/// How many postings of `list` (sorted) are below `x`, by galloping from the
/// front: cheap when few are.
fn from_front(list: &[u32], x: u64) -> usize {
    let mut step = 1;
    while step <= list.len() && list.get(step - 1).is_some_and(|&p| u64::from(p) < x) {
        step *= 2;
    }
    let (lo, hi) = (step / 2, step.min(list.len()));
    lo + list
        .get(lo..hi)
        .map_or(0, |r| r.partition_point(|&p| u64::from(p) < x))
}

/// How many postings of `list` (sorted) are below `x`, by galloping from the
/// back: cheap when few are not.
fn from_back(list: &[u32], x: u64) -> usize {
    let n = list.len();
    let mut step = 1;
    while step <= n && list.get(n - step).is_some_and(|&p| u64::from(p) >= x) {
        step *= 2;
    }
    let (lo, hi) = (n.saturating_sub(step), n - (step / 2).min(n));
    lo + list
        .get(lo..hi)
        .map_or(0, |r| r.partition_point(|&p| u64::from(p) < x))
}

/// A length's bucket: exact up to 127 characters, then by eights (up to
/// 1143), so that a bucket fits the 8 bits above a posting's id.
fn bucket(len: u16) -> u8 {
    if len < 128 {
        len as u8
    } else {
        u8::try_from(128 + (len - 128) / 8).unwrap_or(u8::MAX)
    }
}

/// The weight of a key found in `df` of `n` entries; a key found nowhere
/// (made by noise) weighs as much as the rarest one.
fn idf(n: usize, df: usize) -> f32 {
    (1.0 + n as f32 / df.max(1) as f32).ln()
}

/// `query` without a leading numeric key (`542 VINCULACION`, `1 2 3
/// ATENCION`), which is never part of a name; the whole query if it has
/// nothing else.
fn without_code(query: &str) -> &str {
    let rest = query.trim_start_matches(|c: char| c.is_ascii_digit() || !c.is_alphanumeric());
    if rest.is_empty() || !query.starts_with(|c: char| c.is_ascii_digit()) {
        return query;
    }
    // `2DA ETAPA`: digits glued to letters are a word, not a key.
    let glued = query.len() - rest.len();
    if query[..glued].ends_with(|c: char| c.is_ascii_digit()) {
        return query;
    }
    rest
}

/// Entry lengths plausible for a query of `lq` characters: from about half
/// (a prefixed code, extra words) to about twice (a truncated name).
fn window(lq: u16) -> (u16, u16) {
    (
        (lq / 2).saturating_sub(2),
        lq.saturating_mul(2).saturating_add(8),
    )
}

#[cfg(test)]
pub(crate) mod synth;
#[cfg(test)]
mod tests;
