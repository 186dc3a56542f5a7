//! The word index: stems sorted by their folded spelling, each with a
//! paradigm of endings; exact lookup and a bounded OCR-aware search.
//!
//! The forms are never listed one by one (the conjugations alone would run
//! to half a million strings); a form is `stem + ending`. The sorted stems
//! act as an implicit trie: a search walks them in order, reusing the edit
//! distance rows of the prefix a stem shares with the one before, skips
//! every stem under a prefix that is already too far from the query, and
//! continues into the (small) trie of its paradigm's endings.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::alpha::{
    fold_into, indel_cost, least_pair_steps, letter, look_alikes, merged, slot, starts, table,
    BLOCK2, LEVELS, MERGES, N, TRANSPOSE,
};
use super::morph::{self, Para};

/// Longest form the search walks, in letters (beyond it a query is left
/// alone; Spanish words are far shorter).
pub(crate) const MAX_LEN: usize = 40;

/// Longest stem stored, in bytes.
const MAX_STEM: usize = 120;

/// A stem: 12 bytes, as small as it goes, since the search lands on
/// entries far apart and each landing is a cache miss for a large list
/// (lengths fit a byte: stems are at most [`MAX_STEM`] bytes, and the
/// crate's tables have far fewer paradigms than a `u16` counts).
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Folded stem: offset and length in `Index::fold`.
    f: u32,
    fl: u8,
    /// Original stem (lower case, accents): offset and length in `Index::orig`.
    o: u32,
    ol: u8,
    para: u16,
}

struct Ending {
    orig: Box<str>,
}

struct Node {
    /// Each child's letter, the lengths of the shortest and the longest
    /// folded ending under it, and its number: the walk tests the letter
    /// and the lengths before it reads the child (most are turned away).
    children: Vec<(u8, u8, u8, u32)>,
    /// Endings (indices) whose folded form ends here.
    ends: Vec<u32>,
}

struct Paradigm {
    /// Sorted by folded form.
    endings: Vec<Ending>,
    /// The endings' folded forms, one after the other in their order:
    /// ending `k`'s is `folds[bounds[k]..bounds[k + 1]]`. One buffer
    /// rather than a box each, so that the binary search of
    /// [`Paradigm::lookup`] reads a line or two, not a box per probe
    /// (each a cache miss).
    folds: Box<[u8]>,
    bounds: Box<[u32]>,
    /// Length of the shortest and of the longest folded ending.
    min_len: usize,
    max_len: usize,
    /// The [`first_bit`]s of the folded endings: a suffix whose bit is not
    /// here equals none of them.
    firsts: u32,
    /// Trie of the folded endings; node 0 is the root.
    nodes: Vec<Node>,
}

impl Paradigm {
    fn new(para: Para) -> Paradigm {
        let mut pairs: Vec<(Vec<u8>, Box<str>)> = Vec::new();
        let mut buf = Vec::new();
        for e in para.endings() {
            if !fold_into(&e, &mut buf) {
                continue;
            }
            pairs.push((buf.clone(), e.into_boxed_str()));
        }
        pairs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        pairs.dedup_by(|a, b| a.1 == b.1);
        let mut nodes = vec![Node {
            children: Vec::new(),
            ends: Vec::new(),
        }];
        for (k, (fold, _)) in pairs.iter().enumerate() {
            let mut at = 0usize;
            for &b in fold {
                let next = nodes[at].children.iter().find(|c| c.0 == b);
                at = match next {
                    Some(&(.., c)) => c as usize,
                    None => {
                        nodes.push(Node {
                            children: Vec::new(),
                            ends: Vec::new(),
                        });
                        let id = nodes.len() - 1;
                        nodes[at].children.push((b, 0, 0, id as u32));
                        id
                    }
                };
            }
            nodes[at].ends.push(k as u32);
        }
        // The ending lengths under each node, children first (a child is
        // numbered after its parent).
        let mut lens = vec![(u8::MAX, 0u8); nodes.len()];
        for at in (0..nodes.len()).rev() {
            let node = &mut nodes[at];
            let own = node.ends.iter().filter_map(|&k| pairs.get(k as usize));
            let mut run = own.fold((u8::MAX, 0u8), |r, e| {
                let len = e.0.len().min(255) as u8;
                (r.0.min(len), r.1.max(len))
            });
            for child in &mut node.children {
                let (short, long) = lens[child.3 as usize];
                (child.1, child.2) = (short, long);
                run = (run.0.min(short), run.1.max(long));
            }
            lens[at] = run;
        }
        let min_len = pairs.iter().map(|e| e.0.len()).min().unwrap_or(0);
        let max_len = pairs.iter().map(|e| e.0.len()).max().unwrap_or(0);
        let firsts = pairs.iter().fold(0, |m, e| m | first_bit(&e.0));
        let folds: Vec<u8> = pairs.iter().flat_map(|e| e.0.iter().copied()).collect();
        let mut bounds = vec![0u32];
        for (fold, _) in &pairs {
            let end = bounds.last().map_or(0, |&b| b as usize) + fold.len();
            bounds.push(end as u32);
        }
        Paradigm {
            endings: pairs.into_iter().map(|(_, orig)| Ending { orig }).collect(),
            folds: folds.into(),
            bounds: bounds.into(),
            min_len,
            max_len,
            firsts,
            nodes,
        }
    }

    /// The folded form of ending `k`.
    fn fold(&self, k: usize) -> &[u8] {
        match self.bounds.get(k..k + 2) {
            Some(&[a, b]) => self.folds.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The endings whose folded form is `suffix`.
    #[inline]
    fn lookup(&self, suffix: &[u8]) -> &[Ending] {
        // An ending equal to `suffix` has its length and its first letter:
        // most look-ups (a run of stems holds a score of paradigms, and the
        // whole-word ones under the empty stem see every short word) end
        // here, before the binary search (and the call).
        let fits = (self.min_len..=self.max_len).contains(&suffix.len());
        if !fits || self.firsts & first_bit(suffix) == 0 {
            return &[];
        }
        self.search(suffix)
    }

    /// [`Paradigm::lookup`] past its filter: a binary search.
    fn search(&self, suffix: &[u8]) -> &[Ending] {
        let n = self.endings.len();
        // The first letters decide most probes: the slices are compared
        // (a call to memcmp) only when they agree. (`None`, an empty
        // ending, sorts first, as the empty slice does.)
        let below = |k: usize| {
            let f = self.fold(k);
            match f.first().cmp(&suffix.first()) {
                Ordering::Equal => f < suffix,
                order => order == Ordering::Less,
            }
        };
        let lo = partition(0, n, below);
        let hi = lo + (lo..n).take_while(|&k| self.fold(k) == suffix).count();
        self.endings.get(lo..hi).unwrap_or_default()
    }
}

/// A bit for the first letter of a folded ending ([`slot`]'s), or for the
/// empty ending: endings with different bits differ.
fn first_bit(fold: &[u8]) -> u32 {
    fold.first().map_or(1 << N, |&b| 1 << slot(b))
}

/// Collects headwords and builds an [`Index`].
pub(crate) struct Builder {
    fold: Vec<u8>,
    orig: String,
    entries: Vec<Entry>,
    paradigms: Vec<Paradigm>,
    ids: HashMap<Para, u32>,
    by_address: HashMap<(u8, usize, usize), u32, BuildHasherDefault<ParaHasher>>,
    scratch: Vec<u8>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder::with_capacity(0)
    }

    /// A builder with room for about `lemmas` headwords.
    pub(crate) fn with_capacity(lemmas: usize) -> Builder {
        // About 1.2 stems per headword, 8 letters per stem.
        let stems = lemmas + lemmas / 4;
        Builder {
            fold: Vec::with_capacity(stems * 9),
            orig: String::with_capacity(stems * 10),
            entries: Vec::with_capacity(stems),
            paradigms: Vec::new(),
            ids: HashMap::new(),
            by_address: HashMap::default(),
            scratch: Vec::new(),
        }
    }

    /// Adds a headword (lower case, NFC) with all its inflected forms;
    /// `any_gender` for words not from a dictionary (see `morph::nominal`).
    pub(crate) fn add(&mut self, lemma: &str, any_gender: bool) {
        morph::expand(lemma, any_gender, &mut |stem, para| self.push(stem, para));
    }

    fn push(&mut self, stem: &str, para: Para) {
        if stem.len() > MAX_STEM || !fold_into(stem, &mut self.scratch) {
            return;
        }
        let (Ok(fl), Ok(ol), Ok(id)) = (
            u8::try_from(self.scratch.len()),
            u8::try_from(stem.len()),
            u16::try_from(self.id(para)),
        ) else {
            return;
        };
        self.entries.push(Entry {
            f: self.fold.len() as u32,
            fl,
            o: self.orig.len() as u32,
            ol,
            para: id,
        });
        self.fold.extend_from_slice(&self.scratch);
        self.orig.push_str(stem);
    }

    /// The number of a paradigm, added on first sight. Paradigms are
    /// tables of this crate: the address of a table names it (a cheap key),
    /// and tables at two addresses but alike still share one number.
    fn id(&mut self, para: Para) -> u32 {
        let at = match para {
            Para::Fixed(list) => (0, list.as_ptr() as usize, list.len()),
            Para::Words(words) => (1, words.as_ptr() as usize, words.len()),
            Para::Verb(conj, ortho) => (2, conj as usize, ortho as usize),
        };
        if let Some(&id) = self.by_address.get(&at) {
            return id;
        }
        let id = match self.ids.get(&para) {
            Some(&id) => id,
            None => {
                let id = self.paradigms.len() as u32;
                self.paradigms.push(Paradigm::new(para));
                self.ids.insert(para, id);
                id
            }
        };
        self.by_address.insert(at, id);
        id
    }

    pub(crate) fn finish(self) -> Index {
        let Builder {
            fold,
            orig,
            mut entries,
            paradigms,
            ..
        } = self;
        let fs = |e: &Entry| &fold[e.f as usize..e.f as usize + e.fl as usize];
        let os = |e: &Entry| &orig[e.o as usize..e.o as usize + e.ol as usize];
        sort_entries(&mut entries, fs, os);
        entries.dedup_by(|a, b| a.para == b.para && fs(a) == fs(b) && os(a) == os(b));
        let max_suffix = paradigms.iter().map(|p| p.max_len).max().unwrap_or(0);
        let (lcp, next) = subtrees(&entries, fs);
        let runs = runs(&entries, &paradigms, &lcp, &next);
        let ahead = ahead(&entries, fs, &lcp);
        let heads: Vec<usize> = (0..=N)
            .map(|s| {
                entries.partition_point(|e| {
                    fs(e).first().is_some_and(|&b| slot(b) < s) || fs(e).is_empty()
                })
            })
            .collect();
        let empty = heads.first().copied().unwrap_or(0);
        let pairs = (0..=N * (N + 1))
            .map(|k| empty + entries[empty..].partition_point(|e| pair_code(fs(e)) < k))
            .collect();
        let keys = entries
            .iter()
            .zip(lcp.into_iter().zip(next))
            .zip(runs.into_iter().zip(ahead))
            .map(|((e, (lcp, next)), (run, ahead))| Key {
                letters: key(fs(e)),
                next,
                ahead,
                para: e.para,
                run,
                fl: e.fl,
                lcp,
            })
            .collect();
        let (fold, orig) = lay_out(&fold, &orig, &mut entries);
        Index {
            fold,
            orig,
            entries,
            keys,
            paradigms,
            max_suffix,
            heads,
            pairs,
        }
    }
}

/// The lengths (in letters) of the shortest and the longest form of `e`,
/// `(255, 0)` for a stem without a paradigm (it has no form).
fn form_lens(e: &Entry, paradigms: &[Paradigm]) -> (u8, u8) {
    let fl = usize::from(e.fl);
    match paradigms.get(usize::from(e.para)) {
        // (Saturated: no query is half that long, so a saturated length
        // is too long for every search, as the true one is.)
        Some(p) => (
            (fl + p.min_len).min(255) as u8,
            (fl + p.max_len).min(255) as u8,
        ),
        None => (u8::MAX, 0),
    }
}

/// `runs[i]`: the least [`form_lens`] shortest and the greatest longest of
/// the stems `i..next[i]` (see [`subtrees`]): the run that a search turned
/// away by stem `i`'s lengths may jump over when the run's are out of
/// reach too.
///
/// Computed from the end: the stems `i + 1..next[i]` are the runs of a
/// chain of `next` jumps from `i + 1` (each run's stems share at least
/// `lcp[i]` letters with stem `i`, and the chain stops at the first stem
/// that does not).
fn runs(entries: &[Entry], paradigms: &[Paradigm], lcp: &[u8], next: &[u32]) -> Vec<(u8, u8)> {
    let n = entries.len();
    let mut runs = vec![(u8::MAX, 0u8); n];
    for i in (0..n).rev() {
        let mut run = form_lens(&entries[i], paradigms);
        let mut k = i + 1;
        while k < n && lcp[k] >= lcp[i] {
            run = (run.0.min(runs[k].0), run.1.max(runs[k].1));
            k = next[k] as usize;
        }
        runs[i] = run;
    }
    runs
}

/// [`Index::ahead`]'s bit for a stem that ends where it parts from the
/// stem before it (no letter there): never among a row's children.
const ENDS: u32 = 1 << 30;

/// `ahead[i]`: the letters at `lcp[i]` of stem `i` and of the stems after
/// it that part from the stems before them at the same place (its
/// siblings that follow it in the implicit trie: up to `next[i]`, the
/// stems after `i` share at least `lcp[i]` letters with it, and those that
/// share exactly `lcp[i]` open its siblings), as a mask by slot, with
/// [`ENDS`] for a stem without a letter there.
///
/// Computed from the end: each stem adds its letter to the mask of the
/// first stem after it that shares no more letters with the one before
/// it, when that one shares exactly as many (its next sibling).
fn ahead<'a>(entries: &[Entry], fs: impl Fn(&Entry) -> &'a [u8], lcp: &[u8]) -> Vec<u32> {
    let n = entries.len();
    let mut ahead = vec![0u32; n];
    // The stems after `i` whose `lcp` is smaller than that of every stem
    // between them and `i` (the candidates for a next sibling), nearest last.
    let mut open: Vec<usize> = Vec::new();
    for i in (0..n).rev() {
        while open.last().is_some_and(|&k| lcp[k] > lcp[i]) {
            open.pop();
        }
        let at = usize::from(lcp[i]);
        let bit = match fs(&entries[i]).get(at) {
            Some(&b) => 1 << slot(b),
            None => ENDS,
        };
        let sibling = open.last().filter(|&&k| lcp[k] == lcp[i]);
        ahead[i] = bit | sibling.map_or(0, |&k| ahead[k]);
        open.push(i);
    }
    ahead
}

/// The folded and the original stems again, in the entries' order (a
/// stem equal to the one before it is not repeated), and the entries
/// pointed at them.
///
/// A search walks the entries in order and reads each one's folded stem,
/// and a look-up compares the original stems of a run of entries: laid out
/// in the order they were added, every read would be a cache miss.
fn lay_out(fold: &[u8], orig: &str, entries: &mut [Entry]) -> (Vec<u8>, String) {
    let mut laid_fold: Vec<u8> = Vec::with_capacity(fold.len());
    let mut laid_orig = String::with_capacity(orig.len());
    let (mut f_before, mut o_before) = (0..0, 0..0);
    for e in entries {
        let f = e.f as usize..e.f as usize + usize::from(e.fl);
        let stem = fold.get(f).unwrap_or_default();
        if laid_fold.get(f_before.clone()) != Some(stem) {
            f_before = laid_fold.len()..laid_fold.len() + stem.len();
            laid_fold.extend_from_slice(stem);
        }
        e.f = f_before.start as u32;
        let o = e.o as usize..e.o as usize + usize::from(e.ol);
        let stem = orig.get(o).unwrap_or_default();
        if laid_orig.get(o_before.clone()) != Some(stem) {
            o_before = laid_orig.len()..laid_orig.len() + stem.len();
            laid_orig.push_str(stem);
        }
        e.o = o_before.start as u32;
    }
    (laid_fold, laid_orig)
}

/// Sorts entries by folded stem, paradigm and stem.
///
/// Most of the order is settled on numbers: the first [`KEY_LETTERS`]
/// letters of each folded stem packed five bits each (`a` = 1, ..., `ñ` =
/// 27, 0 past the end: a shorter stem sorts first) above the entry's
/// number. Only runs of stems that share all those letters need the full
/// comparison.
fn sort_entries<'a>(
    entries: &mut Vec<Entry>,
    fs: impl Fn(&Entry) -> &'a [u8],
    os: impl Fn(&Entry) -> &'a str,
) {
    let mut keys: Vec<u128> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let stem = fs(e);
            let mut key = 0u128;
            for k in 0..KEY_LETTERS {
                let letter = stem
                    .get(k)
                    .map_or(0, |&b| b.saturating_sub(b'a' - 1).min(31));
                key = key << 5 | u128::from(letter);
            }
            key << 32 | i as u128
        })
        .collect();
    keys.sort_unstable();
    let sorted: Vec<Entry> = keys
        .iter()
        .filter_map(|&k| entries.get(k as u32 as usize).copied())
        .collect();
    *entries = sorted;
    let mut start = 0;
    while let Some(&first) = keys.get(start) {
        let run = keys[start..]
            .iter()
            .take_while(|&&k| k >> 32 == first >> 32)
            .count();
        if run > 1 {
            entries[start..start + run].sort_unstable_by(|a, b| {
                fs(a)
                    .cmp(fs(b))
                    .then(a.para.cmp(&b.para))
                    .then_with(|| os(a).cmp(os(b)))
            });
        }
        start += run;
    }
}

/// Letters of a stem in its sort key (19 × 5 bits above 32 for its number).
const KEY_LETTERS: usize = 19;

/// Letters of a stem kept inline in [`Index::keys`] (as many as fill its
/// record).
const INLINE: usize = 10;

/// The first [`INLINE`] letters of a folded stem, the first in the high
/// byte, 0 past the end (letters are never 0).
fn key(stem: &[u8]) -> [u8; INLINE] {
    std::array::from_fn(|i| stem.get(i).copied().unwrap_or(0))
}

/// What the search and the descents read of a stem (24 bytes, see
/// [`Index::keys`]).
///
/// Everything the walk reads on landing on a stem, or on jumping through
/// it, is here rather than in arrays of their own: after a jump, each
/// array read was a cache miss of its own (a skip reads `lcp` and `next`
/// of each stem it jumps through; a stem turned away for its lengths reads
/// its `run`; one that dies reads its `ahead`).
#[derive(Clone, Copy, Debug)]
struct Key {
    /// The [`key`] of its folded stem.
    letters: [u8; INLINE],
    /// See [`subtrees`].
    next: u32,
    /// See [`ahead()`].
    ahead: u32,
    /// Its entry's paradigm.
    para: u16,
    /// See [`runs`].
    run: (u8, u8),
    /// Its entry's folded length.
    fl: u8,
    /// See [`subtrees`].
    lcp: u8,
}

// The record fills 24 bytes exactly (see `INLINE`).
const _: () = assert!(std::mem::size_of::<Key>() == 24);

/// The first index in `lo..hi` where `below` is false, `below` being true
/// on a prefix of the range (a binary search on positions).
fn partition(mut lo: usize, mut hi: usize, below: impl Fn(usize) -> bool) -> usize {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A fast hasher for the addresses of paradigms (not input: this crate's
/// own tables). The default hasher, built to resist hostile keys, cost
/// more than all the rest of adding a stem.
#[derive(Default)]
struct ParaHasher(u64);

impl ParaHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for ParaHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The implicit trie's shape: `lcp[i]`, the length of the prefix stem `i`
/// shares with stem `i - 1` (capped at 255), and `next[i]`, the first
/// stem after `i` with a smaller `lcp` (or the end). The stems sharing a
/// prefix of length `p` with stem `i` are those up to the first `k > i`
/// with `lcp[k] < p`, found by following `next` from `i + 1`: each jump
/// skips a run whose `lcp` is at least the current one.
fn subtrees<'a>(entries: &[Entry], fs: impl Fn(&Entry) -> &'a [u8]) -> (Vec<u8>, Vec<u32>) {
    let n = entries.len();
    let mut lcp = Vec::with_capacity(n);
    let mut before: &[u8] = &[];
    for e in entries {
        let stem = fs(e);
        let shared = stem.iter().zip(before).take_while(|(a, b)| a == b).count();
        lcp.push(shared.min(usize::from(u8::MAX)) as u8);
        before = stem;
    }
    let mut next = vec![n as u32; n];
    let mut open: Vec<usize> = Vec::new();
    for (k, &l) in lcp.iter().enumerate() {
        while let Some(&t) = open.last() {
            if l >= lcp[t] {
                break;
            }
            next[t] = k as u32;
            open.pop();
        }
        open.push(k);
    }
    (lcp, next)
}

/// A searchable set of word forms.
pub(crate) struct Index {
    fold: Vec<u8>,
    orig: String,
    entries: Vec<Entry>,
    /// `keys[i]`: what the search reads of stem `i` on landing there or
    /// jumping through it (its first letters, paradigm, length and place
    /// in the implicit trie),
    /// in one record of an array in the order of the stems, rather than
    /// an [`Entry`], its bytes in `fold` and its `lcp` in three places:
    /// after a skip, each was a cache miss. The descents read the early
    /// letters here too (no dependent load).
    keys: Vec<Key>,
    paradigms: Vec<Paradigm>,
    max_suffix: usize,
    /// `heads[s]`: the first stem whose first letter has slot `s` or more
    /// (stems before `heads[0]` are empty).
    heads: Vec<usize>,
    /// `pairs[pair_code(p)]`: the first non-empty stem whose first two
    /// letters are `p` or sort after it (see [`pair_code`]). A descent of
    /// the implicit trie takes its first step here rather than by binary
    /// searches over all the stems of a first letter: those are its
    /// widest, and their probes land far apart (each a cache miss).
    pairs: Vec<usize>,
}

/// The position of a non-empty stem's first two letters among all pairs
/// in sorted order: the first letter's slot, then 0 for a stem of one
/// letter (it sorts before its extensions) or the second letter's slot
/// plus one (slots are in the order of the letters' bytes).
fn pair_code(stem: &[u8]) -> usize {
    let first = stem.first().map_or(0, |&b| slot(b));
    let second = stem.get(1).map_or(0, |&b| slot(b) + 1);
    first * (N + 1) + second
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("stems", &self.entries.len())
            .field("paradigms", &self.paradigms.len())
            .finish()
    }
}

/// One form found by a [`Nearest`] search.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub(crate) cost: f32,
    pub(crate) form: String,
}

impl Index {
    fn fstem(&self, e: &Entry) -> &[u8] {
        &self.fold[e.f as usize..e.f as usize + e.fl as usize]
    }

    fn ostem(&self, e: &Entry) -> &str {
        &self.orig[e.o as usize..e.o as usize + e.ol as usize]
    }

    /// The letter of stem `i` at `at`, 0 past its end.
    fn letter_at(&self, i: usize, at: usize) -> u8 {
        if at < INLINE {
            return self.keys.get(i).map_or(0, |k| k.letters[at]);
        }
        match self.entries.get(i) {
            Some(e) if at < usize::from(e.fl) => {
                self.fold.get(e.f as usize + at).copied().unwrap_or(0)
            }
            _ => 0,
        }
    }

    /// [`Index::descend`] of `lo..hi` at `len`; its first step (`lo..hi`
    /// all the stems beginning with the letter `first`) read from
    /// [`Index::pairs`].
    fn step(&self, first: u8, lo: usize, hi: usize, len: usize, b: u8) -> (usize, Range<usize>) {
        let letters = |c: u8| letter(slot(c)) == c;
        if len != 1 || !letters(first) || b != 0 && !letters(b) {
            return self.descend(lo, hi, len, b);
        }
        let row = slot(first) * (N + 1);
        let code = if b == 0 { row } else { row + slot(b) + 1 };
        let at = |k: usize| self.pairs.get(k).copied().unwrap_or(hi);
        (at(row + 1), at(code)..at(code + 1))
    }

    /// One step down the implicit trie: `lo..hi` are the stems that begin
    /// with some `len` letters; returns the end of those equal to them
    /// (they come first) and the run of those whose next letter is `b`
    /// (the rest are sorted by it; `b` = 0 finds the equal ones again).
    fn descend(&self, lo: usize, hi: usize, len: usize, b: u8) -> (usize, Range<usize>) {
        let start = partition(lo, hi, |i| self.letter_at(i, len) < b);
        let end = partition(start, hi, |i| self.letter_at(i, len) == b);
        let equal = match b {
            0 => end,
            _ => partition(lo, start, |i| self.letter_at(i, len) == 0),
        };
        (equal, start..end)
    }

    /// The stems equal to `folded[..len]` as `(len, stems)`, for every
    /// `len` that leaves an ending no longer than the longest, longest stems
    /// first.
    ///
    /// One descent of the implicit trie: the stems beginning with
    /// `folded[..len]` are a run of the sorted list, those equal to it come
    /// first, and the rest are sorted by their next letter, so each step
    /// narrows the run by one letter with a binary search on bytes (rather
    /// than a search of the whole list for every split of the word).
    fn prefix_runs(&self, folded: &[u8]) -> Vec<(usize, &[Entry])> {
        let shortest = folded.len().saturating_sub(self.max_suffix);
        let mut runs = Vec::new();
        let empty = self.heads.first().copied().unwrap_or(0);
        if shortest == 0 && empty > 0 {
            runs.push((0, &self.entries[..empty]));
        }
        // The first step is already known: the stems by first letter.
        let Some(&first) = folded.first() else {
            return runs;
        };
        let span = |s: usize| self.heads.get(s).copied().unwrap_or(empty);
        let n = self.entries.len();
        let (mut lo, mut hi) = (span(slot(first)).min(n), span(slot(first) + 1).min(n));
        for len in 1..=folded.len() {
            if lo >= hi {
                break;
            }
            // A letter 0 (past the end) finds no longer stem.
            let b = folded.get(len).copied().unwrap_or(0);
            let (equal, next) = self.step(first, lo, hi, len, b);
            if len >= shortest && equal > lo {
                runs.push((len, &self.entries[lo..equal]));
            }
            if b == 0 {
                break;
            }
            (lo, hi) = (next.start, next.end);
        }
        runs.reverse();
        runs
    }

    /// Number of stems (for diagnostics).
    pub(crate) fn stems(&self) -> usize {
        self.entries.len()
    }

    /// Whether `word` (lower case, accents as printed) is a known form;
    /// `folded` is its folded form.
    pub(crate) fn contains(&self, folded: &[u8], word: &str) -> bool {
        self.prefix_runs(folded).into_iter().any(|(len, stems)| {
            let suffix = folded.get(len..).unwrap_or_default();
            stems.iter().any(|e| {
                let Some(rest) = word.strip_prefix(self.ostem(e)) else {
                    return false;
                };
                self.paradigms
                    .get(e.para as usize)
                    .is_some_and(|p| p.lookup(suffix).iter().any(|x| *x.orig == *rest))
            })
        })
    }

    /// Appends to `out` every known spelling (lower case, with accents) whose
    /// folded form is `folded`.
    pub(crate) fn spellings(&self, folded: &[u8], out: &mut Vec<String>) {
        for (len, stems) in self.prefix_runs(folded) {
            let suffix = folded.get(len..).unwrap_or_default();
            for e in stems {
                let Some(p) = self.paradigms.get(e.para as usize) else {
                    continue;
                };
                for end in p.lookup(suffix) {
                    let mut s = String::with_capacity(e.ol as usize + end.orig.len());
                    s.push_str(self.ostem(e));
                    s.push_str(&end.orig);
                    if !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
        }
    }

    /// Adds to `near` the forms of `part` of this index it wants (see
    /// [`Nearest`]).
    ///
    /// The sorted stems act as an implicit trie: the walk reuses the rows of
    /// the prefix a stem shares with the one before, and skips every stem
    /// under a prefix that is already too far from the query.
    fn search(&self, near: &mut Nearest<'_>, part: Part) {
        let Some(&q0) = near.dp.q.first() else {
            return;
        };
        let span = |s: usize| {
            let start = self.heads.get(s).copied().unwrap_or(0);
            start..self.heads.get(s + 1).copied().unwrap_or(start)
        };
        // Empty stems first (their paradigms hold whole words), then the
        // stems under the query's own first letter (the likeliest place for
        // a good form, which narrows the rest of the search); apart, those
        // under its look-alikes.
        let own = slot(q0);
        if part == Part::Own {
            self.search_span(0..span(0).start, near);
            self.search_nested(span(own), near);
        } else {
            let starts = near.dp.starts;
            for s in (0..N).filter(|&s| s != own && starts & 1 << s != 0) {
                self.search_span(span(s), near);
            }
        }
    }

    /// Searches `span`, the stems beginning with the query's first letter,
    /// from the inside out: first the stems that share the longest prefix
    /// with the query, then those that share one letter less, and so on.
    ///
    /// The order changes nothing the caller sees (every form the walk
    /// must find is found in any order, see [`Nearest`]), but a form that
    /// shares a long prefix with the query is the likeliest to be near it,
    /// and found first it narrows the cap for the rest of the walk.
    fn search_nested(&self, span: Range<usize>, near: &mut Nearest<'_>) {
        // `runs[k]`: the stems beginning with the query's first `k + 1`
        // letters, each run within the one before.
        let mut runs = [(0usize, 0usize); MAX_LEN];
        let mut depth = 0;
        let q = near.dp.q;
        let first = q.first().copied().unwrap_or(0);
        let (mut lo, mut hi) = (span.start, span.end.min(self.entries.len()));
        while let Some(slot) = runs.get_mut(depth) {
            if lo >= hi {
                break;
            }
            *slot = (lo, hi);
            depth += 1;
            let Some(&b) = q.get(depth) else { break };
            let next = self.step(first, lo, hi, depth, b).1;
            (lo, hi) = (next.start, next.end);
        }
        let mut inner = None::<(usize, usize)>;
        for &(lo, hi) in runs[..depth].iter().rev() {
            match inner {
                None => self.search_span(lo..hi, near),
                Some((a, b)) => {
                    self.search_span(lo..a, near);
                    self.search_span(b..hi, near);
                }
            }
            inner = Some((lo, hi));
        }
    }

    fn search_span(&self, span: Range<usize>, near: &mut Nearest<'_>) {
        let mut i = span.start;
        // The least `lcp` from the stem the path was taken from (the path
        // is a prefix of it) to stem `i`: the path and stem `i` share that
        // many letters, or the whole path if shorter. `None` until a stem
        // of the span is pushed. A stem that `skip` jumps over shares the
        // whole path with the one before it, so only the stems the loop
        // lands on count.
        let mut since: Option<usize> = None;
        let lcp = |k: usize| self.keys.get(k).map_or(0, |k| usize::from(k.lcp));
        while i < span.end {
            let Some(k) = self.keys.get(i) else {
                return;
            };
            let fl = usize::from(k.fl);
            let Some(p) = self.paradigms.get(usize::from(k.para)) else {
                i += 1;
                since = since.map(|m| m.min(lcp(i)));
                continue;
            };
            let dp = &mut near.dp;
            if !dp.fits(fl + p.min_len, fl + p.max_len) {
                // No form of this stem has a length the search can reach;
                // nor of the run after it when the run's lengths are out of
                // reach too (see [`runs`]: every stem of the run has a
                // shortest form at least the run's shortest, and a longest
                // at most the run's longest). The stems it jumps over share
                // at least `lcp(i)` letters with stem `i`, as many as with
                // the stems before, so `since` is the same as if landed on.
                let (short, long) = k.run;
                let out = !dp.fits(usize::from(short), usize::from(long));
                i = if out { k.next as usize } else { i + 1 };
                since = since.map(|m| m.min(lcp(i)));
                continue;
            }
            let shared = match since {
                Some(m) => m.min(dp.depth()),
                None => (0..fl.min(dp.depth()))
                    .take_while(|&at| dp.path().get(at) == Some(&self.letter_at(i, at)))
                    .count(),
            };
            if cfg!(test) {
                let stem = self.entries.get(i).map(|e| self.fstem(e));
                let stem = stem.unwrap_or_default();
                let bytes = stem.iter().zip(dp.path()).take_while(|(a, b)| a == b);
                assert_eq!(shared, bytes.count(), "shared prefix of stem {i}");
            }
            dp.truncate(shared);
            // The letters in the stem's key first: its bytes in `fold`
            // are read only past them (often never: most paths die sooner).
            let alive = (shared..fl).all(|at| dp.push(self.letter_at(i, at)));
            if !alive {
                // No form under this prefix can come within the bound.
                let depth = dp.depth();
                // A stem that died at the letter where it parts from the
                // stem before it, with that letter and its later siblings'
                // turned away: the walk leaves the parent at once (as the
                // loop below would after its first skip).
                let parent = depth - 1;
                let siblings = usize::from(k.lcp) == parent && dp.turns_away_all(parent, k.ahead);
                i = if siblings {
                    k.next as usize
                } else {
                    self.skip(i, depth)
                };
                since = Some(lcp(i));
                // Nor under the siblings that follow it whose letter the
                // parent's row turns away: skipped without their pushes.
                while i < span.end {
                    let Some(sib) = self.keys.get(i).filter(|k| usize::from(k.lcp) == parent)
                    else {
                        break;
                    };
                    // When the parent's row turns away this sibling and all
                    // those after it (see [`ahead`]), the walk leaves the
                    // parent at once: the stems up to `next` all begin with
                    // a sibling's letters. (`since` is as if it landed on
                    // each sibling: they all share `parent` letters.)
                    if dp.turns_away_all(parent, sib.ahead) {
                        i = sib.next as usize;
                        since = since.map(|m| m.min(lcp(i)));
                        break;
                    }
                    // (0: the stem ends there; folded letters are never 0.)
                    match self.letter_at(i, parent) {
                        c if c != 0 && dp.turns_away(parent, c) => {
                            i = self.skip(i, depth);
                            since = since.map(|m| m.min(lcp(i)));
                        }
                        _ => break,
                    }
                }
                continue;
            }
            if dp.reachable(p.max_len) {
                if let Some(e) = self.entries.get(i) {
                    self.walk(e, p, 0, near);
                }
            }
            i += 1;
            since = Some(lcp(i));
        }
    }

    /// The first stem after `i` that does not begin with the first `depth`
    /// letters of stem `i` (see [`subtrees`]).
    fn skip(&self, i: usize, depth: usize) -> usize {
        let mut k = i + 1;
        while let Some(key) = self.keys.get(k).filter(|key| usize::from(key.lcp) >= depth) {
            k = key.next as usize;
        }
        k
    }

    fn walk(&self, e: &Entry, p: &Paradigm, node: usize, near: &mut Nearest<'_>) {
        let Some(n) = p.nodes.get(node) else { return };
        if !n.ends.is_empty() {
            let cost = near.dp.cost();
            if cost <= near.dp.cap {
                for &k in &n.ends {
                    if let Some(end) = p.endings.get(k as usize) {
                        near.found(cost, format!("{}{}", self.ostem(e), end.orig));
                    }
                }
            }
        }
        let depth = near.dp.depth();
        let fl = usize::from(e.fl);
        for &(b, short, long, c) in &n.children {
            // No form under the child has a length the search can reach
            // (see [`Dp::fits`]): its endings are `short..=long` letters.
            if !near
                .dp
                .fits(fl + usize::from(short), fl + usize::from(long))
            {
                continue;
            }
            if near.dp.push(b) {
                self.walk(e, p, c as usize, near);
            }
            near.dp.truncate(depth);
        }
    }
}

/// A bounded search for the forms near a folded query under the OCR-aware
/// edit cost, over one index or several.
///
/// It finds every form within `bound` of the query, except that once some
/// form has been found at cost `c`, the forms farther than `c + margin` are
/// no longer needed and may be left out: a caller that only looks at the
/// best form and at its rivals within `margin` gets the same answer from a
/// much smaller search. A form may be found more than once.
///
/// A caller that only wants the best form when no other form (of another
/// folded spelling) is within `margin` of it can ask for less still (see
/// [`Nearest::unique`]).
///
/// The first letter is trusted: only forms that begin with it or with a
/// look-alike are considered. OCR seldom garbles the first letter of a
/// word alone, and the anchor makes the search an order of magnitude
/// cheaper.
pub(crate) struct Nearest<'q> {
    dp: Dp<'q>,
    bound: f32,
    margin: f32,
    /// What the current index's costs are lowered by.
    bonus: f32,
    /// The least (lowered) cost found so far.
    best: f32,
    /// The folded form found at `best`.
    best_form: Vec<u8>,
    /// The least (lowered) cost found so far of a form whose folded
    /// spelling is not `best_form`'s.
    second: f32,
    /// Whether only a best form without rivals matters (see [`Nearest::unique`]).
    unique: bool,
    hits: Vec<Hit>,
}

/// Which stems of an index a [`Nearest::search_part`] walks: the forms
/// found are the same whatever the order (see [`Nearest`]), so a search of
/// several indexes may walk the likeliest parts of all of them first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// The empty stems and those that begin with the query's first letter.
    Own,
    /// The stems that begin with a look-alike of the query's first letter.
    LookAlikes,
}

/// Allowance for rounding when the bound is narrowed to the best cost plus
/// the margin: a rival exactly at the margin must not be lost.
const SLACK: f32 = 1e-3;

impl<'q> Nearest<'q> {
    /// A search for the forms within `bound` of `q`, or within `margin` of
    /// the best (`f32::INFINITY` for all of them).
    pub(crate) fn new(q: &'q [u8], bound: f32, margin: f32) -> Nearest<'q> {
        // Longer queries are left alone (and get no tables).
        let q = if q.len() > MAX_LEN { &[] } else { q };
        Nearest {
            dp: Dp::new(q, bound),
            bound,
            margin,
            bonus: 0.0,
            best: f32::INFINITY,
            best_form: Vec::new(),
            second: f32::INFINITY,
            unique: false,
            hits: Vec::new(),
        }
    }

    /// This search for a caller that wants the best form only when no form
    /// of another folded spelling is within the margin of it, and nothing
    /// otherwise (as `Lexicon::best` does): once two such rivals are found
    /// at costs `b <= s < b + margin`, the answer is nothing unless some
    /// form beats `s` by the margin, so only the forms within `s` are still
    /// needed (such a form and all its rivals are within `s`).
    ///
    /// Why the caller's answer does not change: costs only come down as
    /// forms are found (`best` and `second` never rise). If the rivals are
    /// still within the margin of each other at the end, the full set of
    /// forms has them too (or cheaper ones), and its best is either found
    /// (so it is `best`) or was left out for being above `second`: either
    /// way a rival lies within the margin of the best, and the answer is
    /// nothing. If they are not, then `second >= best + margin` at the end
    /// and so at every moment before, so the walk never left out a form
    /// within the margin of the final best: the forms the answer depends on
    /// were all found, as without this option. The least cost found is the
    /// least of all in both cases (the cap never goes below `best`).
    pub(crate) fn unique(mut self) -> Nearest<'q> {
        self.unique = true;
        self
    }

    /// Searches `ix`; its forms cost `bonus` less (and are searched that
    /// much farther).
    #[cfg(test)]
    pub(crate) fn search(&mut self, ix: &Index, bonus: f32) {
        self.search_part(ix, bonus, Part::Own);
        self.search_part(ix, bonus, Part::LookAlikes);
    }

    /// [`Nearest::search`] of a part of `ix` only (see [`Part`]).
    pub(crate) fn search_part(&mut self, ix: &Index, bonus: f32, part: Part) {
        self.bonus = bonus;
        self.dp.reset(self.bound + bonus);
        self.narrow();
        ix.search(self, part);
    }

    /// The forms found, with their (lowered) costs, in no useful order.
    pub(crate) fn into_hits(self) -> Vec<Hit> {
        self.hits
    }

    fn found(&mut self, cost: f32, form: String) {
        let cost = (cost - self.bonus).max(0.0);
        self.hits.push(Hit { cost, form });
        // The walk's path is the folded form.
        if self.dp.path() == self.best_form.as_slice() {
            if cost < self.best {
                self.best = cost;
                self.narrow();
            }
        } else if cost < self.best {
            // The old best is now the nearest rival.
            self.second = self.best;
            self.best = cost;
            self.best_form.clear();
            self.best_form.extend_from_slice(self.dp.path());
            self.narrow();
        } else if cost < self.second {
            self.second = cost;
            self.narrow();
        }
    }

    /// Lowers the walk's cap to what can still matter.
    fn narrow(&mut self) {
        let mut cap = self.best + self.margin;
        if self.unique && self.second < cap {
            // Two rivals within the margin (see `unique`).
            cap = self.second;
        }
        self.dp
            .set_cap((cap + self.bonus + SLACK).min(self.dp.bound));
    }
}

/// Rows of the weighted edit distance between the query and the dictionary
/// path walked so far: `row(d)[j]` is the cost of the first `d` path letters
/// against the first `j` query letters.
///
/// A push writes only the cells of its band (see [`Dp::set_cap`]) and the
/// few cells just outside it that later rows read (set to infinity); the
/// other cells of a row keep whatever an earlier path left there, and
/// `spans` says which cells of a row are its own.
struct Dp<'q> {
    q: &'q [u8],
    width: usize,
    /// `subs[slot(c) * width + j]`: the cost of path letter `c` against
    /// query letter `j` (1-based), zero when they are the same.
    subs: Vec<f32>,
    /// `cols[j]`: what the recurrence needs of query letter `j` (1-based).
    cols: Vec<Col>,
    rows: Vec<f32>,
    mins: [f32; MAX_DEPTH + 1],
    /// `spans[d]`: the first and last cells of row `d` computed for the
    /// current path (none when the first is past the last); every other
    /// cell of the row stands for infinity.
    spans: [(usize, usize); MAX_DEPTH + 1],
    /// `pair_step[slot(c)]`: the least cost of a step over two path
    /// letters of which `c` is the first (see [`least_pair_steps`]).
    pair_step: [f32; N],
    /// The path walked: its first `depth` letters (a fixed array, so a
    /// push needs no check of capacity).
    path: [u8; MAX_DEPTH],
    depth: usize,
    /// The search's bound: the cap never goes above it.
    bound: f32,
    /// What a path must stay within to be followed and a form to be
    /// reported: the bound, or less once a good form is known. It also
    /// sets the band of cells computed and which paradigms are walked.
    cap: f32,
    /// How far the band of cells computed reaches below the diagonal (the
    /// path ahead of the query) and above it (see [`Dp::set_cap`]).
    band: (usize, usize),
    /// The least a step costs per letter it puts the path ahead of the
    /// query, and the query ahead of the path (see [`Dp::set_cap`]).
    steps: (f32, f32),
    /// `rare[slot(b)]`: bit `slot(c)` set when a row of path letter `c`
    /// after `b` may take one of the rare steps (see [`Dp::push`]).
    rare: [u32; N],
    /// `cheap[j]`: the [`look_alikes`] of query letter `j` (1-based).
    cheap: Vec<[(f32, u32); LEVELS]>,
    /// The letters whose [`Dp::pair_step`] is below a whole step, with it.
    cheap_pairs: Vec<(f32, u32)>,
    /// Letters that two query letters may stand for (`m` for `rn`).
    pair_targets: u32,
    /// The letters a path may begin with: the query's first letter and
    /// those [`same_start`](super::alpha::same_start) lets stand for it
    /// (see [`starts`]; none for an empty query).
    starts: u32,
    /// `merge_next[slot(x)]`: the letters `y` of the [`MERGES`] `x y`.
    merge_next: [u32; N],
    /// `children[d]`: the letters that may follow the path's first `d`
    /// letters and keep a row within the cap, or [`UNKNOWN`].
    children: [u32; MAX_DEPTH + 1],
}

/// Every letter of the alphabet, as a mask.
const ALL: u32 = (1 << N) - 1;

/// A [`Dp::children`] mask not yet computed.
const UNKNOWN: u32 = 1 << 31;

/// Query letter `j` as [`Dp::push`] needs it. Letters are never 0, so 0
/// stands for none.
#[derive(Clone, Copy, Default)]
struct Col {
    /// The letter, and the one before it.
    letter: u8,
    before: u8,
    /// The letter that `before` and `letter` may stand for together (`rn`
    /// for `m`), and its cost.
    pair: u8,
    pair_cost: f32,
    /// The cost of the letter having no counterpart.
    extra: f32,
}

/// The lesser of two costs (never NaN).
fn least(a: f32, b: f32) -> f32 {
    if b < a {
        b
    } else {
        a
    }
}

/// The least a query letter can cost when the path has no letter left for
/// it: a doubled letter (0.5) or half of a merged pair (0.4).
const MIN_STEP: f32 = 0.4;

/// The relative allowance of [`Dp::set_cap`] for rounding.
const BAND_SLACK: f32 = 1e-4;

/// The cheapest merge (a pair read as one letter, or one as a pair).
const LEAST_MERGE: f32 = 0.4;

/// Deepest path: the longest stem plus the longest ending, bounded.
const MAX_DEPTH: usize = MAX_LEN + 8;

impl<'q> Dp<'q> {
    fn new(q: &'q [u8], bound: f32) -> Dp<'q> {
        let width = q.len() + 1;
        let mut extra = vec![0.0; width];
        for j in 1..width {
            let doubled = (j >= 2 && q[j - 2] == q[j - 1]) || q.get(j) == Some(&q[j - 1]);
            extra[j] = indel_cost(doubled);
        }
        let mut rows = vec![0.0; width * (MAX_DEPTH + 1)];
        for j in 1..width {
            rows[j] = rows[j - 1] + extra[j];
        }
        let mut mins = [f32::INFINITY; MAX_DEPTH + 1];
        mins[0] = 0.0;
        let table = table();
        let mut subs = vec![0.0; N * width];
        for (s, row) in subs.chunks_exact_mut(width).enumerate() {
            let c = letter(s);
            for (cell, &qj) in row[1..].iter_mut().zip(q) {
                *cell = if c == qj { 0.0 } else { table[s][slot(qj)] };
            }
        }
        let mut cols = vec![Col::default(); width];
        for j in 1..width {
            let col = &mut cols[j];
            col.letter = q[j - 1];
            col.extra = extra[j];
            if j >= 2 {
                col.before = q[j - 2];
                if let Some((z, cost)) = merged(q[j - 2], q[j - 1]) {
                    (col.pair, col.pair_cost) = (z, cost);
                }
            }
        }
        let bit = |z: u8| 1u32 << slot(z);
        // The query's letters as a mask (`slot` is one to one on the
        // folded letters, which are all a query and merges hold).
        let letters = q.iter().fold(0, |m, &z| m | bit(z));
        let pair_step = least_pair_steps(letters);
        // The rows that may take a rare step, by path letter and the one
        // before it: any row of a letter two query letters may stand for
        // (`rn` for `m`); a row whose two path letters may stand for a
        // query letter; a row whose two path letters are a query bigram
        // swapped (a transposition).
        let pair_targets = cols
            .iter()
            .filter(|c| c.pair != 0)
            .fold(0, |m, c| m | bit(c.pair));
        let mut rare = [pair_targets; N];
        for &(x, y, z, _) in MERGES {
            if letters & bit(z) != 0 {
                rare[slot(x)] |= bit(y);
            }
        }
        for p in q.windows(2) {
            if p[0] != p[1] {
                rare[slot(p[1])] |= bit(p[0]);
            }
        }
        let mut cheap = vec![[(f32::INFINITY, 0); LEVELS]; width];
        for (levels, &z) in cheap[1..].iter_mut().zip(q) {
            *levels = look_alikes()[slot(z)];
        }
        let mut merge_next = [0; N];
        for &(x, y, ..) in MERGES {
            merge_next[slot(x)] |= bit(y);
        }
        // The steps that put the path ahead (a letter with no counterpart,
        // doubled or not; two dropped; a pair of path letters read as a
        // query letter) and those that put the query ahead (a query letter
        // with no counterpart; a pair of query letters read as one path
        // letter), per letter of difference.
        let ahead = MERGES
            .iter()
            .filter(|m| letters & bit(m.2) != 0)
            .fold(least(indel_cost(true), BLOCK2 / 2.0), |a, m| least(a, m.3));
        let behind = cols[1..]
            .iter()
            .map(|c| {
                if c.pair != 0 {
                    least(c.extra, c.pair_cost)
                } else {
                    c.extra
                }
            })
            .fold(indel_cost(false), least);
        let steps = (ahead, behind);
        let cheap_pairs = (0..N)
            .filter(|&s| pair_step[s] < 1.0)
            .map(|s| (pair_step[s], 1 << s))
            .collect();
        let mut dp = Dp {
            q,
            width,
            subs,
            cols,
            rows,
            mins,
            spans: [(0, width - 1); MAX_DEPTH + 1],
            pair_step,
            path: [0; MAX_DEPTH],
            depth: 0,
            bound,
            cap: bound,
            band: (0, 0),
            steps,
            rare,
            cheap,
            cheap_pairs,
            pair_targets,
            starts: q.first().map_or(0, |&q0| starts(q0)),
            merge_next,
            children: [UNKNOWN; MAX_DEPTH + 1],
        };
        dp.set_cap(bound);
        dp
    }

    /// Starts over with another bound.
    fn reset(&mut self, bound: f32) {
        self.depth = 0;
        self.bound = bound;
        self.set_cap(bound);
    }

    /// Sets the cap, and with it the band of cells [`Dp::push`] computes:
    /// cells farther than the band from the diagonal cost more than the
    /// cap. Each letter of length difference costs [`MIN_STEP`] at least,
    /// so a cell `k` columns off the diagonal costs `k * MIN_STEP` at
    /// least, less the rounding of its `f32` sum: a relative `1e-5` at
    /// most (each of its fewer than a hundred additions rounds by `6e-8`),
    /// well within [`BAND_SLACK`]. The band is the largest `k` within the
    /// cap by that bound.
    ///
    /// On each side of the diagonal the least step may be dearer than
    /// [`MIN_STEP`] for this query (see [`Dp::steps`]): a query without
    /// doubled letters or pairs that merge puts the query ahead by whole
    /// steps only, so the band reaches that side by a column per step.
    fn set_cap(&mut self, cap: f32) {
        self.cap = cap;
        let reach = |step: f32| (cap / step * (1.0 + BAND_SLACK)) as usize;
        self.band = (reach(self.steps.0), reach(self.steps.1));
    }

    /// The letters of the path walked.
    fn path(&self) -> &[u8] {
        &self.path[..self.depth]
    }

    fn depth(&self) -> usize {
        self.depth
    }

    fn truncate(&mut self, depth: usize) {
        self.depth = self.depth.min(depth);
    }

    /// Cost of the whole path against the whole query (infinity when the
    /// last cell is outside the row's band).
    fn cost(&self) -> f32 {
        let d = self.depth();
        let last = self.width - 1;
        match self.spans.get(d) {
            Some(&(from, to)) if from <= last && last <= to => self
                .rows
                .get(d * self.width + last)
                .copied()
                .unwrap_or(f32::INFINITY),
            _ => f32::INFINITY,
        }
    }

    /// Whether a form of `shortest..=longest` letters can come within the
    /// cap. When it says no, [`Dp::push`] would leave the form's last cell
    /// (its cost) outside the band, so at infinity, whatever its letters:
    /// the cap never rises during the walk of an index, and the band with
    /// it.
    fn fits(&self, shortest: usize, longest: usize) -> bool {
        let (m, (below, above)) = (self.q.len(), self.band);
        shortest <= m.saturating_add(below) && m <= longest.saturating_add(above)
    }

    /// Whether appending at most `len` more letters can bring the path
    /// within the cap: the query letters past the path's reach cost at
    /// least [`MIN_STEP`] each. Only the row's own cells count (the others
    /// stand for infinity).
    fn reachable(&self, len: usize) -> bool {
        let d = self.depth();
        let (from, to) = self.spans.get(d).copied().unwrap_or((1, 0));
        let start = d * self.width;
        let row = self
            .rows
            .get(start + from..start + to + 1)
            .unwrap_or_default();
        let m = self.width - 1;
        // The cells from `need` on have no query letter past the reach:
        // they need only be within the cap themselves (checked first, and
        // without the sum: adding zero changes no cost).
        let need = m.saturating_sub(len);
        let (short, long) = row.split_at(need.saturating_sub(from).min(row.len()));
        long.iter().any(|&v| v <= self.cap)
            || short
                .iter()
                .zip(from..)
                .any(|(&v, j)| v + (need - j) as f32 * MIN_STEP <= self.cap)
    }

    /// The letters `c` for which a push onto the path's first `d >= 1`
    /// letters can be followed (a mask by slot), kept in `children[d]`.
    ///
    /// A push of `c` is followed when a cell of its row, or its row's
    /// least cell plus `pair_step[c]`, is within the cap. A cell is the
    /// least of steps from a cell of this row (`r`, least `rmin`) or of
    /// the row before (`p`, least `pmin`), or from the cell to its left,
    /// which comes from one of those first; and each step costs at least
    /// what is added here, in the same `f32` sums the recurrence does
    /// (sums rise with their terms, so a bound that fails the cap means
    /// every such step does):
    ///
    /// - a letter with no counterpart: `rmin + 1`, or `rmin + 0.5` for a
    ///   doubled letter (`c` repeats the path's last letter);
    /// - two letters dropped: `pmin + 1.3`;
    /// - a swap (`c` is query letter `j - 1`, the path's last letter is
    ///   query letter `j`): `p[j - 2] + 1`. It needs no term of its own:
    ///   the same row's `r[j - 2]` is at most `p[j - 2] + 1` (the path's
    ///   last letter with no counterpart, the same `f32` sum or less), and
    ///   `c` after it matches query letter `j - 1` at no cost, a
    ///   substitution below (`c` is in the first level for that letter);
    /// - a pair read as one: `rmin + 0.4` at least, only for the letters a
    ///   query pair stands for; `pmin + 0.4` at least, only for the
    ///   letters that make a merge after the path's last letter;
    /// - a substitution: `r[j - 1] + subs(c, j)`, within the cap only for
    ///   the letters of a level of [`look_alikes`] for query letter `j`
    ///   (below a whole step: a whole step from any cell is covered by
    ///   `rmin + 1`);
    /// - `rmin + pair_step[c]` (a whole step or more is covered again).
    ///
    /// The cap only comes down while the row is in use, so a mask
    /// computed under a higher cap holds more letters, never fewer.
    #[inline(never)]
    fn children(&mut self, d: usize) -> u32 {
        let cap = self.cap;
        let (rmin, pmin) = (self.mins[d], self.mins[d - 1]);
        let mut mask = 0;
        if rmin + 1.0 <= cap || pmin + BLOCK2 <= cap {
            mask = ALL;
        } else {
            let (from, to) = self.spans[d];
            let at = d * self.width;
            // The row's own cells; the cell below and to the right of cell
            // `j` reads query letter `j + 1`.
            let cells = self.rows.get(at + from..at + to + 1).unwrap_or_default();
            let cheap = self.cheap.get(from + 1..).unwrap_or_default();
            for (&v, levels) in cells.iter().zip(cheap) {
                for &(cost, letters) in levels {
                    if v + cost > cap {
                        break;
                    }
                    mask |= letters;
                }
            }
            let pc = self.path[d - 1];
            if rmin + indel_cost(true) <= cap {
                mask |= 1 << slot(pc);
            }
            if rmin + LEAST_MERGE <= cap {
                mask |= self.pair_targets;
                for &(step, letter) in &self.cheap_pairs {
                    if rmin + step <= cap {
                        mask |= letter;
                    }
                }
            }
            if pmin + LEAST_MERGE <= cap {
                mask |= self.merge_next[slot(pc)];
            }
        }
        if let Some(known) = self.children.get_mut(d) {
            *known = mask;
        }
        mask
    }

    /// Whether a push of `c` onto the path's first `d` letters is already
    /// known to be turned away (see [`Dp::children`]).
    fn turns_away(&self, d: usize, c: u8) -> bool {
        d >= 1
            && self
                .children
                .get(d)
                .is_some_and(|&m| m != UNKNOWN && m & (1 << slot(c)) == 0)
    }

    /// Whether a push of every letter of `letters` (a mask by slot, with
    /// [`ENDS`], which is never turned away) onto the path's first `d`
    /// letters is already known to be turned away.
    fn turns_away_all(&self, d: usize, letters: u32) -> bool {
        d >= 1
            && self
                .children
                .get(d)
                .is_some_and(|&m| m != UNKNOWN && letters & (m | ENDS) == 0)
    }

    /// Extends the path by `c`; `false` when nothing below can come within
    /// the cap (the letter stays pushed; the caller truncates).
    ///
    /// Only the band's cells are computed, plus infinity in the cells just
    /// outside it that the next two rows read: the band of a later row is
    /// never wider (the cap only comes down while rows are reused, and a
    /// reset starts the path over), so row `d + 1` reads row `d` from
    /// column `lo - 1` to `hi + 1` and row `d + 2` reads it from `lo` to
    /// `hi + 2` (the steps reach two columns to the left, and each row's
    /// band moves one column to the right).
    #[inline]
    fn push(&mut self, c: u8) -> bool {
        let d = self.depth;
        if (1..MAX_DEPTH).contains(&d) {
            let mask = match self.children[d] {
                UNKNOWN => self.children(d),
                known => known,
            };
            if mask & (1 << slot(c)) == 0 {
                // No step from the rows this one derives from comes
                // within the cap (see `children`): the row is not computed.
                self.path[d] = c;
                self.depth = d + 1;
                self.mins[d + 1] = f32::INFINITY;
                return false;
            }
        } else if d == 0 && self.starts & 1 << slot(c) == 0 {
            // What `push_first` does with a letter no path may begin with,
            // without the call: the walks of the empty stems' paradigms
            // (whole words) try every first letter of their words.
            self.path[0] = c;
            self.depth = 1;
            self.children[1] = UNKNOWN;
            self.mins[1] = f32::INFINITY;
            return false;
        }
        self.push_row(c)
    }

    /// [`Dp::push`] for a letter the mask lets through: computes the row.
    /// Kept apart so that the mask test inlines into the walks.
    #[inline(never)]
    fn push_row(&mut self, c: u8) -> bool {
        let d = self.depth + 1;
        let Some(slot_d) = self.path.get_mut(self.depth) else {
            return false;
        };
        *slot_d = c;
        self.depth = d;
        let s = slot(c);
        // The path's first letter: the row reads no row before the first.
        let Some(pc) = self.depth.checked_sub(2).map(|k| self.path[k]) else {
            return self.push_first(c, s);
        };
        if let Some(known) = self.children.get_mut(d) {
            *known = UNKNOWN;
        }
        let w = self.width;
        let (below, above) = self.band;
        // Cells farther than the band from the diagonal cost more than the
        // cap. A cell past the cap matters to nothing the walk reports, and
        // the cap only comes down while rows are reused, so a row computed
        // under a wider band stays right for every cell within the cap.
        let lo = d.saturating_sub(below).clamp(1, w);
        let hi = d.saturating_add(above).min(w - 1);
        // Rows `d - 2`, `d - 1` and `d`, cut once.
        let Some(rows) = self.rows.get_mut((d - 2) * w..(d + 1) * w) else {
            return false;
        };
        let (p2, rest) = rows.split_at_mut(w);
        let (prev, cur) = rest.split_at_mut(w);
        // The band's cells, `n` of them from column `lo`: every slice of the
        // band is cut to `n` once, so the loops below index without checks.
        let n = (hi + 1).saturating_sub(lo);
        let subs = &self.subs[s * w + lo..s * w + lo + n];
        let cols = &self.cols[lo..lo + n];
        let ups = &prev[lo..lo + n];
        let ups2 = &p2[lo..lo + n];
        let missing = indel_cost(pc == c);
        let mut min = f32::INFINITY;
        let mut left = f32::INFINITY;
        if lo == 1 {
            cur[0] = least(prev[0] + missing, p2[0] + BLOCK2);
            (min, left) = (cur[0], cur[0]);
        } else {
            cur[lo - 1] = f32::INFINITY;
        }
        for cell in cur.iter_mut().skip(hi + 1).take(2) {
            *cell = f32::INFINITY;
        }
        let cur = &mut cur[lo..lo + n];
        // Walking the band left to right, the cells up and to the left are
        // carried along (`diag` is `prev[j - 1]`, `diag2` is `prev[j - 2]`).
        let at = |row: &[f32], k: usize| k.checked_sub(1).map_or(f32::INFINITY, |k| row[k]);
        if self.rare[slot(pc)] & (1 << s) == 0 {
            // None of the steps below the common ones can apply
            // anywhere in this row (their letters are not in the
            // query): the same recurrence without them.
            let mut diag = prev[lo - 1];
            for k in 0..n {
                let up = ups[k];
                let mut v = least(diag + subs[k], up + missing);
                v = least(v, left + cols[k].extra);
                v = least(v, ups2[k] + BLOCK2);
                cur[k] = v;
                min = least(min, v);
                (left, diag) = (v, up);
            }
        } else {
            // The query reads one letter for the path's two (`m` for `rn`).
            let (path_pair, path_pair_cost) = merged(pc, c).unwrap_or((0, 0.0));
            let (mut diag, mut diag2) = (prev[lo - 1], at(prev, lo - 1));
            let (mut back, mut back2) = (p2[lo - 1], at(p2, lo - 1));
            for k in 0..n {
                let (up, up2, col) = (ups[k], ups2[k], &cols[k]);
                let mut v = least(diag + subs[k], up + missing);
                v = least(v, left + col.extra);
                // Two adjacent letters the query dropped.
                v = least(v, up2 + BLOCK2);
                if col.letter == path_pair {
                    v = least(v, back + path_pair_cost);
                }
                if col.pair == c {
                    v = least(v, diag2 + col.pair_cost);
                }
                if col.before == c && col.letter == pc && c != pc {
                    v = least(v, back2 + TRANSPOSE);
                }
                cur[k] = v;
                min = least(min, v);
                (left, diag2, diag, back2, back) = (v, diag, up, back, up2);
            }
        }
        self.spans[d] = (if lo == 1 { 0 } else { lo }, hi);
        self.mins[d] = min;
        // A later row derives from this one, or from the one before by a
        // step over two path letters, this one first (see `pair_step`).
        !(min > self.cap && self.mins[d - 1] + self.pair_step[s] > self.cap)
    }

    /// [`Dp::push_row`] of the path's first letter `c` (its slot `s`):
    /// only from row 0, and only for a letter the query may begin with
    /// (see [`Dp::starts`]).
    #[cold]
    fn push_first(&mut self, c: u8, s: usize) -> bool {
        self.children[1] = UNKNOWN;
        if self.starts & 1 << s == 0 {
            self.mins[1] = f32::INFINITY;
            return false;
        }
        let w = self.width;
        let (below, above) = self.band;
        let lo = 1usize.saturating_sub(below).clamp(1, w);
        let hi = 1usize.saturating_add(above).min(w - 1);
        let (prev, rest) = self.rows.split_at_mut(w);
        let cur = &mut rest[..w];
        let n = (hi + 1).saturating_sub(lo);
        let subs = &self.subs[s * w + lo..s * w + lo + n];
        let cols = &self.cols[lo..lo + n];
        let ups = &prev[lo..lo + n];
        let missing = indel_cost(false);
        // (`lo` is 1: the band reaches the diagonal.)
        cur[0] = prev[0] + missing;
        let (mut min, mut left) = (cur[0], cur[0]);
        for cell in cur.iter_mut().skip(hi + 1).take(2) {
            *cell = f32::INFINITY;
        }
        let cur = &mut cur[lo..lo + n];
        let (mut diag, mut diag2) = (prev[lo - 1], f32::INFINITY);
        if lo >= 2 {
            diag2 = prev[lo - 2];
        }
        for k in 0..n {
            let (up, col) = (ups[k], &cols[k]);
            let mut v = least(diag + subs[k], up + missing);
            v = least(v, left + col.extra);
            if col.pair == c {
                // The query reads two letters for the path's one (`rn` for `m`).
                v = least(v, diag2 + col.pair_cost);
            }
            cur[k] = v;
            min = least(min, v);
            (left, diag2, diag) = (v, diag, up);
        }
        self.spans[1] = (0, hi);
        self.mins[1] = min;
        !(min > self.cap && self.mins[0] + self.pair_step[s] > self.cap)
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::index::synth::Rng;
    use crate::text::lexicon::alpha::fold_word;

    fn index(words: &[&str]) -> Index {
        let mut b = Builder::new();
        for w in words {
            b.add(w, false);
        }
        b.finish()
    }

    fn search(ix: &Index, q: &str, bound: f32) -> Vec<(String, f32)> {
        let q = fold_word(q).unwrap();
        let mut near = Nearest::new(&q, bound, f32::INFINITY);
        near.search(ix, 0.0);
        let hits = near.into_hits();
        let mut v: Vec<(String, f32)> = hits.into_iter().map(|h| (h.form, h.cost)).collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        v.dedup_by(|a, b| a.0 == b.0);
        v
    }

    #[test]
    fn spellings_of_inflected_forms() {
        let ix = index(&["pilar", "estructurar", "reunión", "práctica", "practicar"]);
        let mut out = Vec::new();
        ix.spellings(b"pilares", &mut out);
        assert_eq!(out, vec!["pilares"]);
        out.clear();
        ix.spellings(b"estructuren", &mut out);
        assert_eq!(out, vec!["estructuren"]);
        out.clear();
        ix.spellings(b"reuniones", &mut out);
        assert_eq!(out, vec!["reuniones"]);
        out.clear();
        ix.spellings(b"practica", &mut out);
        out.sort();
        assert_eq!(out, vec!["practica", "práctica"]);
        out.clear();
        ix.spellings(b"pilaress", &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn search_finds_ocr_variants() {
        let ix = index(&[
            "pilar",
            "estructurar",
            "empleador",
            "requerimiento",
            "anteproyecto",
            "liar",
        ]);
        let best = |q: &str, bound: f32| search(&ix, q, bound).into_iter().next();
        assert_eq!(
            best("pliares", 1.0).map(|h| h.0).as_deref(),
            Some("pilares")
        );
        assert_eq!(
            best("estrucituren", 1.0).map(|h| h.0).as_deref(),
            Some("estructuren")
        );
        assert_eq!(
            best("emplreadores", 1.0).map(|h| h.0).as_deref(),
            Some("empleadores")
        );
        assert_eq!(
            best("requimiento", 1.3).map(|h| h.0).as_deref(),
            Some("requerimiento")
        );
        assert_eq!(
            best("anterproyectos", 1.0).map(|h| h.0).as_deref(),
            Some("anteproyectos")
        );
        assert_eq!(
            best("empieadores", 0.5).map(|h| h.0).as_deref(),
            Some("empleadores")
        );
        assert!(best("requimiento", 1.2).is_none());
        assert!(best("xyz", 0.5).is_none());
    }

    #[test]
    fn search_costs_match_the_plain_distance() {
        // The trie walk must give the same costs as a direct computation.
        let ix = index(&["casa", "cosa", "caso", "mesa", "masa", "camarón", "cámara"]);
        for q in [
            "casa", "cssa", "kasa", "camaron", "camarn", "arnesa", "rnesa",
        ] {
            let qf = fold_word(q).unwrap();
            for (form, cost) in search(&ix, q, 3.0) {
                let ff = fold_word(&form).unwrap();
                let direct = direct_cost(&qf, &ff);
                assert!(
                    (direct - cost).abs() < 1e-4,
                    "{q} {form}: {cost} vs {direct}"
                );
            }
        }
    }

    /// The same recurrence as [`Dp::push`], over two whole strings.
    fn direct_cost(q: &[u8], f: &[u8]) -> f32 {
        let mut dp = Dp::new(q, f32::INFINITY);
        dp.reset(f32::INFINITY);
        for &c in f {
            dp.push(c);
        }
        dp.cost()
    }

    /// Folded queries near the words of `list`: one to three OCR-like
    /// slips (look-alikes, merges, dropped, doubled, stray and swapped
    /// letters), and some strings of random letters.
    fn queries(list: &str, n: usize, rng: &mut Rng) -> Vec<Vec<u8>> {
        let words: Vec<Vec<u8>> = list
            .lines()
            .filter_map(|w| fold_word(w.trim()))
            .filter(|w| w.len() >= 3)
            .collect();
        let letters = b"abcdefghijklmnopqrstuvwxyz{";
        let mut out = Vec::new();
        while out.len() < n {
            if rng.below(8) == 0 {
                let len = 1 + rng.below(14);
                out.push((0..len).map(|_| letters[rng.below(27)]).collect());
                continue;
            }
            let mut w = words[rng.below(words.len())].clone();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(w.len());
                let c = letters[rng.below(27)];
                match rng.below(8) {
                    0 => w[i] = c,
                    1 => {
                        w.remove(i);
                    }
                    2 => w.insert(i, c),
                    3 => w.insert(i, w[i]),
                    4 if i + 1 < w.len() => w.swap(i, i + 1),
                    5 if w[i] == b'm' => {
                        w.splice(i..=i, *b"rn");
                    }
                    6 => {
                        let twins = [(b'i', b'l'), (b'e', b'c'), (b'o', b'a'), (b'n', b'm')];
                        if let Some(&(_, b)) = twins.iter().find(|t| t.0 == w[i]) {
                            w[i] = b;
                        }
                    }
                    _ => {}
                }
                if w.is_empty() {
                    w.push(c);
                }
            }
            out.push(w);
        }
        out
    }

    fn sorted(mut hits: Vec<Hit>) -> Vec<(String, u32)> {
        let mut v: Vec<(String, u32)> =
            hits.drain(..).map(|h| (h.form, h.cost.to_bits())).collect();
        v.sort();
        v
    }

    /// A domain layer of `words`.
    fn domain_layer(words: &[&str]) -> Index {
        let mut b = Builder::new();
        for w in words {
            b.add(w, true);
        }
        b.finish()
    }

    /// The forms the plain walk of [`reference::search`] finds within
    /// `bound` of `q` in `base` and, their costs lowered by `bonus`, in
    /// `layer`.
    fn plain_search(base: &Index, layer: &Index, bonus: f32, q: &[u8], bound: f32) -> Vec<Hit> {
        let mut plain = Vec::new();
        reference::search(base, q, bound, &mut plain);
        let mut lowered = Vec::new();
        reference::search(layer, q, bound + bonus, &mut lowered);
        plain.extend(lowered.into_iter().map(|h| Hit {
            cost: (h.cost - bonus).max(0.0),
            form: h.form,
        }));
        plain
    }

    /// The search finds exactly the forms the plain walk of
    /// [`reference::search`] finds; with a margin, at least every form
    /// within the margin of the best, and nothing the plain walk does not
    /// find. Over the embedded list and a domain layer with its bonus.
    #[test]
    fn agrees_with_the_plain_walk() {
        let base = crate::text::lexicon::base();
        let layer = domain_layer(&[
            "reingeniería",
            "bisom",
            "pilares",
            "comunitaria",
            "alumbrado",
            "xochimilco",
        ]);
        let mut rng = Rng::new(0x1e71_c0de);
        let list = format!(
            "{}\n{}\nreingeniería\nxochimilco\nrequerimientos\ncoordinación\n",
            crate::text::lexicon::WSPANISH,
            crate::text::lexicon::SUPLEMENTO
        );
        let bonus = 0.3;
        for q in queries(&list, 600, &mut rng) {
            for bound in [0.95, 1.5, 1.8] {
                let plain = sorted(plain_search(base, &layer, bonus, &q, bound));
                let run = |margin: f32| {
                    let mut near = Nearest::new(&q, bound, margin);
                    near.search(&layer, bonus);
                    near.search(base, 0.0);
                    sorted(near.into_hits())
                };
                let name = String::from_utf8_lossy(&q).into_owned();
                assert_eq!(run(f32::INFINITY), plain, "{name} {bound}");
                let best = plain
                    .iter()
                    .map(|h| f32::from_bits(h.1))
                    .fold(f32::INFINITY, f32::min);
                let some = run(0.5);
                for h in &plain {
                    if f32::from_bits(h.1) < best + 0.5 {
                        assert!(some.binary_search(h).is_ok(), "{name} {bound}: {h:?} lost");
                    }
                }
                assert!(
                    some.iter().all(|h| plain.binary_search(h).is_ok()),
                    "{name} {bound}"
                );
            }
        }
    }

    /// A [`Nearest::unique`] search leaves out forms, but never one that
    /// changes what [`crate::text::lexicon::pick`] decides or the least
    /// cost: compared with the plain walk over the embedded list and a
    /// domain layer, on generated queries many of which have rivals.
    #[test]
    fn unique_search_decides_as_the_plain_walk() {
        use crate::text::lexicon::{pick, MARGIN};
        let base = crate::text::lexicon::base();
        let layer = domain_layer(&[
            "reingeniería",
            "pilares",
            "comunitaria",
            "alumbrado",
            "predial",
        ]);
        let mut rng = Rng::new(0x0417_e5e1);
        let list = format!(
            "{}\n{}\nreingeniería\npredial\ncoordinación\n",
            crate::text::lexicon::WSPANISH,
            crate::text::lexicon::SUPLEMENTO
        );
        let bonus = 0.3;
        let (mut pruned, mut rivals) = (0, 0);
        for q in queries(&list, 500, &mut rng) {
            let printed = String::from_utf8_lossy(&q).into_owned();
            for bound in [0.95, 1.5, 1.8] {
                let plain = plain_search(base, &layer, bonus, &q, bound);
                let mut near = Nearest::new(&q, bound, MARGIN).unique();
                near.search(&layer, bonus);
                near.search(base, 0.0);
                let fast = near.into_hits();
                let least =
                    |hits: &[Hit]| hits.iter().map(|h| h.cost).fold(f32::INFINITY, f32::min);
                assert_eq!(
                    least(&fast).to_bits(),
                    least(&plain).to_bits(),
                    "{printed} {bound}"
                );
                for limit in [bound - MARGIN, bound - 0.25, bound] {
                    let want = pick(plain.clone(), &printed, limit);
                    assert_eq!(
                        pick(fast.clone(), &printed, limit),
                        want,
                        "{printed} {bound} {limit}"
                    );
                }
                let full = sorted(plain.clone());
                let within = full
                    .iter()
                    .filter(|h| f32::from_bits(h.1) < least(&plain) + MARGIN)
                    .count();
                rivals += usize::from(within > 1);
                pruned += usize::from(sorted(fast).len() < full.len());
            }
        }
        // The queries reach the case the option is for.
        assert!(rivals > 100 && pruned > 100, "{rivals} {pruned}");
    }

    /// [`Paradigm::lookup`] (first letters, then slices) finds the endings
    /// a scan of every ending finds, for each ending's folded form and
    /// for forms next to them (cut short, extended, a letter changed).
    #[test]
    fn paradigm_lookup_is_a_scan() {
        let base = crate::text::lexicon::base();
        let mut tried = 0;
        for p in &base.paradigms {
            for k in 0..p.endings.len() {
                let f = p.fold(k).to_vec();
                let mut near = vec![
                    f.clone(),
                    [f.as_slice(), b"a"].concat(),
                    f.iter().skip(1).copied().collect(),
                ];
                near.push(f.iter().take(f.len().saturating_sub(1)).copied().collect());
                near.push(f.iter().map(|&b| b.wrapping_add(1)).collect());
                for q in near {
                    let want: Vec<usize> = (0..p.endings.len())
                        .filter(|&j| p.fold(j) == q.as_slice())
                        .collect();
                    let got = p.lookup(&q);
                    let start = (got.as_ptr() as usize - p.endings.as_ptr() as usize)
                        / std::mem::size_of::<Ending>();
                    let got: Vec<usize> = (start..start + got.len()).collect();
                    assert!(got.is_empty() || want == got, "{q:?}");
                    assert_eq!(want.len(), got.len(), "{q:?}");
                    tried += 1;
                }
            }
        }
        assert!(tried > 1000, "{tried}");
    }

    /// The stems [`Index::prefix_runs`] finds are those a binary search
    /// for each prefix finds.
    #[test]
    fn prefix_runs_are_the_searched_ranges() {
        let base = crate::text::lexicon::base();
        let range = |stem: &[u8]| {
            let lo = base.entries.partition_point(|e| base.fstem(e) < stem);
            let n = base.entries[lo..].partition_point(|e| base.fstem(e) == stem);
            lo..lo + n
        };
        let mut rng = Rng::new(0x9e1f_01d5);
        let list = format!(
            "{}\n{}",
            crate::text::lexicon::WSPANISH,
            crate::text::lexicon::SUPLEMENTO
        );
        let mut found = 0;
        let mut qs = queries(&list, 3000, &mut rng);
        qs.push(Vec::new());
        for q in qs {
            let n = q.len();
            let mut want = Vec::new();
            for k in 0..=base.max_suffix.min(n) {
                let r = range(&q[..n - k]);
                if !r.is_empty() {
                    want.push((n - k, r));
                }
            }
            let got: Vec<(usize, Range<usize>)> = base
                .prefix_runs(&q)
                .into_iter()
                .map(|(len, stems)| {
                    let start = stems.as_ptr() as usize - base.entries.as_ptr() as usize;
                    let start = start / std::mem::size_of::<Entry>();
                    (len, start..start + stems.len())
                })
                .collect();
            found += got.len();
            assert_eq!(got, want, "{}", String::from_utf8_lossy(&q));
        }
        assert!(found > 3000, "{found}");
    }

    /// The letters the descents and the walk read with [`Index::letter_at`]
    /// are the stems' own, 0 past the end, on both sides of the inline
    /// ones (in [`Index::keys`]); and the
    /// stems are sorted by them (what the binary searches rely on).
    #[test]
    fn inline_letters_are_the_stems_letters() {
        let base = crate::text::lexicon::base();
        assert_eq!(base.keys.len(), base.entries.len());
        let mut longer = 0;
        let mut before: &[u8] = &[];
        for (i, (e, k)) in base.entries.iter().zip(&base.keys).enumerate() {
            let stem = base.fstem(e);
            // The rest of the record is the entry's, and its place in the
            // implicit trie.
            assert_eq!((k.para, k.fl), (e.para, e.fl), "{i}");
            let shared = stem.iter().zip(before).take_while(|(a, b)| a == b);
            assert_eq!(usize::from(k.lcp), shared.count(), "{i}");
            before = stem;
            longer += usize::from(stem.len() > INLINE);
            // (The walk pushes a stem's letters through `letter_at`.)
            for at in 0..stem.len().max(INLINE) + 4 {
                let want = stem.get(at).copied().unwrap_or(0);
                assert_eq!(
                    base.letter_at(i, at),
                    want,
                    "{} {at}",
                    String::from_utf8_lossy(stem)
                );
            }
        }
        assert!(base.keys.windows(2).all(|w| w[0].letters <= w[1].letters));
        // No stem was left out for a paradigm number past an entry's `u16`.
        assert!(base.paradigms.len() <= usize::from(u16::MAX) + 1);
        assert!(longer > 1000, "{longer}");
    }

    /// Each stem's [`runs`] bounds are the least shortest and greatest
    /// longest form lengths over the stems `i..next[i]`, counted one by one.
    #[test]
    fn runs_bound_the_lengths_of_their_stems() {
        let base = crate::text::lexicon::base();
        let n = base.entries.len();
        let mut long_runs = 0;
        for i in (0..n).step_by(7) {
            let end = base.keys[i].next as usize;
            let lens = base.entries[i..end]
                .iter()
                .map(|e| form_lens(e, &base.paradigms));
            let want = lens.fold((u8::MAX, 0), |r, (a, b)| (r.0.min(a), r.1.max(b)));
            assert_eq!(base.keys[i].run, want, "{i}");
            long_runs += usize::from(end - i > 10);
        }
        assert!(long_runs > 1000, "{long_runs}");
    }

    /// Each stem's [`ahead()`] mask holds the letters at its `lcp` of the
    /// stem and of its siblings after it (the stems a chain of
    /// [`Index::skip`]s at that depth lands on before leaving the parent),
    /// [`ENDS`] for a stem that ends there.
    #[test]
    fn ahead_masks_are_the_siblings_letters() {
        let base = crate::text::lexicon::base();
        let n = base.entries.len();
        let mut many = 0;
        for i in (0..n).step_by(5) {
            let parent = usize::from(base.keys[i].lcp);
            let (mut want, mut k, mut siblings) = (0, i, 0);
            while k < n && usize::from(base.keys[k].lcp) == parent {
                want |= match base.letter_at(k, parent) {
                    0 => ENDS,
                    c => 1 << slot(c),
                };
                siblings += 1;
                k = base.skip(k, parent + 1);
            }
            assert_eq!(base.keys[i].ahead, want, "{i}");
            many += usize::from(siblings > 3);
        }
        assert!(many > 1000, "{many}");
    }

    /// The first step of a descent read from [`Index::pairs`] is the one
    /// [`Index::descend`] finds: every first letter and every next one (or
    /// none), over the embedded list and a small layer.
    #[test]
    fn first_steps_are_the_descents() {
        let layer = domain_layer(&["reingeniería", "bisom", "x", "xochimilco", "ñu"]);
        let mut nonempty = 0;
        for ix in [crate::text::lexicon::base(), &layer] {
            for s in 0..N {
                let (lo, hi) = (ix.heads[s], ix.heads[s + 1]);
                for b in std::iter::once(0).chain((0..N).map(letter)) {
                    let want = ix.descend(lo, hi, 1, b);
                    assert_eq!(ix.step(letter(s), lo, hi, 1, b), want, "{s} {b}");
                    nonempty += usize::from(!want.1.is_empty());
                }
            }
        }
        assert!(nonempty > 200, "{nonempty}");
    }

    /// A push the [`Dp::children`] mask turns away is one the full row
    /// would turn away too: paths walked letter by letter near generated
    /// queries, under several caps, each push compared with a push whose
    /// mask lets every letter through.
    #[test]
    fn children_mask_turns_away_only_dead_rows() {
        let mut rng = Rng::new(0xc41d_0e5e);
        let list = format!(
            "{}\n{}",
            crate::text::lexicon::WSPANISH,
            crate::text::lexicon::SUPLEMENTO
        );
        let letters = b"abcdefghijklmnopqrstuvwxyz{";
        let (mut turned, mut alive) = (0, 0);
        for q in queries(&list, 400, &mut rng) {
            for cap in [0.95, 1.5, 1.8, 2.4] {
                let mut fast = Dp::new(&q, cap);
                let mut full = Dp::new(&q, cap);
                for _ in 0..30 {
                    // A path near the query: mostly its own letters, some
                    // look-alikes, doubled, dropped or random ones.
                    let depth = rng.below(q.len() + 3);
                    fast.truncate(depth);
                    full.truncate(depth);
                    let mut j = fast.depth();
                    let mut swapped = None;
                    while fast.depth() < MAX_DEPTH {
                        let c = match (swapped.take(), rng.below(8)) {
                            (Some(c), _) => c,
                            (None, 0) => letters[rng.below(27)],
                            (None, 1) => fast.path().last().copied().unwrap_or(b'a'),
                            (None, 2) => {
                                j += 1;
                                q.get(j).copied().unwrap_or(b'e')
                            }
                            (None, 3) => {
                                // Two query letters swapped.
                                swapped = q.get(j).copied();
                                j += 1;
                                q.get(j).copied().unwrap_or(b'o')
                            }
                            (None, 4) => {
                                // A look-alike (a row with a least cell
                                // between 0 and a whole step).
                                let z = q.get(j).copied().unwrap_or(b'n');
                                let near: Vec<u8> = (0..N)
                                    .map(letter)
                                    .filter(|&x| x != z && table()[slot(x)][slot(z)] < 1.0)
                                    .collect();
                                near.get(rng.below(near.len() + 1)).copied().unwrap_or(z)
                            }
                            _ => q.get(j).copied().unwrap_or(b's'),
                        };
                        j += 1;
                        full.children[full.depth] = ALL;
                        let (a, b) = (fast.push(c), full.push(c));
                        assert!(a || !b, "{} {cap}", String::from_utf8_lossy(fast.path()));
                        if !b {
                            break;
                        }
                        alive += 1;
                        if full.children[full.depth - 1] != ALL && !a {
                            turned += 1;
                        }
                    }
                    let d = fast.depth().saturating_sub(1);
                    fast.truncate(d);
                    full.truncate(d);
                    if rng.below(4) == 0 {
                        let cap = cap * 0.7;
                        fast.set_cap(cap);
                        full.set_cap(cap);
                    }
                }
            }
        }
        assert!(alive > 10_000 && turned == 0, "{alive} {turned}");
    }

    /// A first letter [`Dp::push`] turns away itself (no path begins with
    /// it) leaves the state [`Dp::push_row`] leaves: every letter first, on
    /// queries of every first letter, under several caps.
    #[test]
    fn first_letter_turned_away_as_push_row_would() {
        let (mut away, mut kept) = (0, 0);
        for z in 0..N {
            let q = [letter(z), b'a', b'r', b'a'];
            for cap in [0.45, 1.5, 1.8] {
                for c in (0..N).map(letter) {
                    let (mut fast, mut slow) = (Dp::new(&q, cap), Dp::new(&q, cap));
                    // A stale mask and row minimum, as a walk leaves them.
                    for dp in [&mut fast, &mut slow] {
                        dp.children[1] = ALL;
                        dp.mins[1] = 0.25;
                    }
                    let (a, b) = (fast.push(c), slow.push_row(c));
                    assert_eq!(a, b, "{z} {c} {cap}");
                    assert_eq!(fast.path(), slow.path());
                    assert_eq!(fast.children[1], slow.children[1]);
                    assert_eq!(fast.mins[1].to_bits(), slow.mins[1].to_bits());
                    if fast.starts & 1 << slot(c) == 0 {
                        away += 1;
                    } else {
                        kept += 1;
                    }
                }
            }
        }
        assert!(away > 1000 && kept > 100, "{away} {kept}");
    }

    /// [`Dp::reachable`] (the cells without a query letter past the reach
    /// first, without the sum) says what the plain bound over every cell
    /// says: rows of paths near generated queries, under several caps.
    #[test]
    fn reachable_is_the_plain_bound() {
        let plain = |dp: &Dp<'_>, len: usize| {
            let d = dp.depth();
            let (from, to) = dp.spans[d];
            let row = dp.rows.get(d * dp.width + from..d * dp.width + to + 1);
            let m = dp.width - 1;
            row.unwrap_or_default()
                .iter()
                .zip(from..)
                .any(|(&v, j)| v + m.saturating_sub(j + len) as f32 * MIN_STEP <= dp.cap)
        };
        let mut rng = Rng::new(0x2eac_4ab1);
        let list = format!(
            "{}\n{}",
            crate::text::lexicon::WSPANISH,
            crate::text::lexicon::SUPLEMENTO
        );
        let (mut yes, mut no) = (0, 0);
        for q in queries(&list, 300, &mut rng) {
            for cap in [0.95, 1.5, 1.8, 2.4] {
                let mut dp = Dp::new(&q, cap);
                for _ in 0..20 {
                    dp.truncate(rng.below(q.len() + 2));
                    // A path of query letters, some changed.
                    while dp.depth() < q.len() + 3 && dp.depth() < MAX_DEPTH {
                        let j = dp.depth();
                        let c = match (q.get(j), rng.below(5)) {
                            (Some(&c), 1..) => c,
                            _ => letter(rng.below(N)),
                        };
                        if !dp.push(c) || rng.below(6) == 0 {
                            break;
                        }
                    }
                    for len in 0..12 {
                        let want = plain(&dp, len);
                        assert_eq!(dp.reachable(len), want, "{:?} {len}", dp.path());
                        if want {
                            yes += 1;
                        } else {
                            no += 1;
                        }
                    }
                }
            }
        }
        assert!(yes > 10_000 && no > 10_000, "{yes} {no}");
    }

    /// The bounds of [`Dp::children`] hold for the alphabet's costs.
    #[test]
    fn least_steps_are_least() {
        assert!(MERGES.iter().all(|m| m.3 >= LEAST_MERGE));
        assert!(TRANSPOSE <= BLOCK2 && indel_cost(true) <= indel_cost(false));
        // A swap is never cheaper than a letter with no counterpart (see `children`).
        assert!(indel_cost(false) <= TRANSPOSE);
        let table = table();
        assert!(table.iter().flatten().all(|&c| c >= 0.0));
        // Each query letter's look-alikes below a whole step fit the levels.
        for z in 0..N {
            let levels = table.iter().map(|row| row[z]).filter(|&c| c < 1.0);
            let mut costs: Vec<u32> = levels.map(f32::to_bits).collect();
            costs.sort_unstable();
            costs.dedup();
            assert!(costs.len() <= LEVELS, "{}", letter(z));
            // Each letter first shows at the level of its own cost.
            for (s, row) in table.iter().enumerate() {
                let cost = if s == z { 0.0 } else { row[z] };
                let first = look_alikes()[z].iter().find(|l| l.1 & (1 << s) != 0);
                assert_eq!(first.map(|l| l.0), (cost < 1.0).then_some(cost));
            }
        }
    }

    /// A form as far off the diagonal as the cap allows, each step of
    /// length difference at [`MIN_STEP`] (`m` read as `rn`), is found at
    /// its cost when the cap is exactly that cost: the band reaches it
    /// despite the rounding of the sums.
    #[test]
    fn band_reaches_the_cap() {
        assert_eq!(merged(b'r', b'n'), Some((b'm', MIN_STEP)));
        let mut cost = 0.0f32;
        for k in 1..=MAX_LEN / 2 {
            cost += MIN_STEP;
            let q = b"rn".repeat(k);
            let mut dp = Dp::new(&q, cost);
            for _ in 0..k {
                dp.push(b'm');
            }
            assert_eq!(dp.cost(), cost, "{k}");
        }
        // The query ahead by whole steps only (no doubled letter, no pair
        // that merges): `a` against `abcdefgh`, each missing letter a step.
        let q = b"abcdefgh";
        for k in 1..q.len() {
            let mut dp = Dp::new(&q[..=k], k as f32);
            dp.push(b'a');
            assert_eq!(dp.cost(), k as f32, "{k}");
        }
    }

    #[test]
    fn merges_are_cheap() {
        let ix = index(&["camino"]);
        let hits = search(&ix, "carnino", 1.0);
        assert_eq!(hits.first().map(|h| h.0.as_str()), Some("camino"));
        assert!(hits[0].1 < 0.5);
    }
}
