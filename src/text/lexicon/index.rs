//! The word index: stems sorted by their folded spelling, each with a
//! paradigm of endings; exact lookup and a bounded OCR-aware search.
//!
//! The forms are never listed one by one (the conjugations alone would run
//! to half a million strings); a form is `stem + ending`. The sorted stems
//! act as an implicit trie: a search walks them in order, reusing the edit
//! distance rows of the prefix a stem shares with the one before, skips
//! every stem under a prefix that is already too far from the query, and
//! continues into the (small) trie of its paradigm's endings.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use super::alpha::{
    fold_into, indel_cost, is_merge_target, merge_cost, same_start, slot, table, BLOCK2, N,
    TRANSPOSE,
};
use super::morph::{self, Para};

/// Longest form the search walks, in letters (beyond it a query is left
/// alone; Spanish words are far shorter).
pub(crate) const MAX_LEN: usize = 40;

/// Longest stem stored, in bytes.
const MAX_STEM: usize = 120;

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Folded stem: offset and length in `Index::fold`.
    f: u32,
    fl: u16,
    /// Original stem (lower case, accents): offset and length in `Index::orig`.
    o: u32,
    ol: u16,
    para: u32,
}

struct Ending {
    fold: Box<[u8]>,
    orig: Box<str>,
}

struct Node {
    byte: u8,
    children: Vec<u32>,
    /// Endings (indices) whose folded form ends here.
    ends: Vec<u32>,
}

struct Paradigm {
    /// Sorted by folded form.
    endings: Vec<Ending>,
    /// Length of the longest folded ending.
    max_len: usize,
    /// Trie of the folded endings; node 0 is the root.
    nodes: Vec<Node>,
}

impl Paradigm {
    fn new(para: Para) -> Paradigm {
        let mut endings: Vec<Ending> = Vec::new();
        let mut buf = Vec::new();
        for e in para.endings() {
            if !fold_into(&e, &mut buf) {
                continue;
            }
            endings.push(Ending {
                fold: buf.as_slice().into(),
                orig: e.into_boxed_str(),
            });
        }
        endings.sort_by(|a, b| a.fold.cmp(&b.fold).then_with(|| a.orig.cmp(&b.orig)));
        endings.dedup_by(|a, b| a.orig == b.orig);
        let mut nodes = vec![Node {
            byte: 0,
            children: Vec::new(),
            ends: Vec::new(),
        }];
        for (k, e) in endings.iter().enumerate() {
            let mut at = 0usize;
            for &b in e.fold.iter() {
                let next = nodes[at]
                    .children
                    .iter()
                    .copied()
                    .find(|&c| nodes[c as usize].byte == b);
                at = match next {
                    Some(c) => c as usize,
                    None => {
                        nodes.push(Node {
                            byte: b,
                            children: Vec::new(),
                            ends: Vec::new(),
                        });
                        let id = nodes.len() - 1;
                        nodes[at].children.push(id as u32);
                        id
                    }
                };
            }
            nodes[at].ends.push(k as u32);
        }
        let max_len = endings.iter().map(|e| e.fold.len()).max().unwrap_or(0);
        Paradigm {
            endings,
            max_len,
            nodes,
        }
    }

    fn lookup(&self, suffix: &[u8]) -> &[Ending] {
        let lo = self.endings.partition_point(|e| &*e.fold < suffix);
        let n = self.endings[lo..]
            .iter()
            .take_while(|e| &*e.fold == suffix)
            .count();
        &self.endings[lo..lo + n]
    }
}

/// Collects headwords and builds an [`Index`].
pub(crate) struct Builder {
    fold: Vec<u8>,
    orig: String,
    entries: Vec<Entry>,
    paradigms: Vec<Paradigm>,
    ids: HashMap<Para, u32>,
    scratch: Vec<u8>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder {
            fold: Vec::new(),
            orig: String::new(),
            entries: Vec::new(),
            paradigms: Vec::new(),
            ids: HashMap::new(),
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
        let id = match self.ids.get(&para) {
            Some(&id) => id,
            None => {
                let id = self.paradigms.len() as u32;
                self.paradigms.push(Paradigm::new(para));
                self.ids.insert(para, id);
                id
            }
        };
        self.entries.push(Entry {
            f: self.fold.len() as u32,
            fl: self.scratch.len() as u16,
            o: self.orig.len() as u32,
            ol: stem.len() as u16,
            para: id,
        });
        self.fold.extend_from_slice(&self.scratch);
        self.orig.push_str(stem);
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
        entries.sort_unstable_by(|a, b| {
            fs(a)
                .cmp(fs(b))
                .then(a.para.cmp(&b.para))
                .then_with(|| os(a).cmp(os(b)))
        });
        entries.dedup_by(|a, b| a.para == b.para && fs(a) == fs(b) && os(a) == os(b));
        let max_suffix = paradigms.iter().map(|p| p.max_len).max().unwrap_or(0);
        Index {
            fold,
            orig,
            entries,
            paradigms,
            max_suffix,
        }
    }
}

/// A searchable set of word forms.
pub(crate) struct Index {
    fold: Vec<u8>,
    orig: String,
    entries: Vec<Entry>,
    paradigms: Vec<Paradigm>,
    max_suffix: usize,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("stems", &self.entries.len())
            .field("paradigms", &self.paradigms.len())
            .finish()
    }
}

/// One form found by [`Index::search`].
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

    fn range(&self, stem: &[u8]) -> Range<usize> {
        let lo = self.entries.partition_point(|e| self.fstem(e) < stem);
        let n = self.entries[lo..].partition_point(|e| self.fstem(e) == stem);
        lo..lo + n
    }

    /// Number of stems (for diagnostics).
    pub(crate) fn stems(&self) -> usize {
        self.entries.len()
    }

    /// Whether `word` (lower case, accents as printed) is a known form;
    /// `folded` is its folded form.
    pub(crate) fn contains(&self, folded: &[u8], word: &str) -> bool {
        let n = folded.len();
        (0..=self.max_suffix.min(n)).any(|k| {
            let (stem, suffix) = folded.split_at(n - k);
            self.entries[self.range(stem)].iter().any(|e| {
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
        let n = folded.len();
        for k in 0..=self.max_suffix.min(n) {
            let (stem, suffix) = folded.split_at(n - k);
            for e in &self.entries[self.range(stem)] {
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

    /// Appends to `out` every form within `bound` of the folded query `q`
    /// under the OCR-aware edit cost (a form may appear more than once).
    ///
    /// The first letter is trusted: only forms that begin with it or with a
    /// look-alike are considered. OCR seldom garbles the first letter of a
    /// word alone, and the anchor makes the search an order of magnitude
    /// cheaper.
    pub(crate) fn search(&self, q: &[u8], bound: f32, out: &mut Vec<Hit>) {
        if q.is_empty() || q.len() > MAX_LEN {
            return;
        }
        let mut dp = Dp::new(q, bound);
        let mut i = 0;
        while let Some(e) = self.entries.get(i) {
            let stem = self.fstem(e);
            let shared = stem
                .iter()
                .zip(&dp.path)
                .take_while(|(a, b)| a == b)
                .count();
            dp.truncate(shared);
            let alive = stem[shared..].iter().all(|&c| dp.push(c));
            if !alive {
                // No form under this prefix can come within the bound.
                let prefix = &stem[..dp.depth().min(stem.len())];
                i += self.entries[i..]
                    .partition_point(|x| self.fstem(x).starts_with(prefix))
                    .max(1);
                continue;
            }
            if let Some(p) = self.paradigms.get(e.para as usize) {
                if dp.reachable(p.max_len) {
                    self.walk(e, p, 0, &mut dp, out);
                }
            }
            i += 1;
        }
    }

    fn walk(&self, e: &Entry, p: &Paradigm, node: usize, dp: &mut Dp, out: &mut Vec<Hit>) {
        let Some(n) = p.nodes.get(node) else { return };
        if !n.ends.is_empty() {
            let cost = dp.cost();
            if cost <= dp.bound {
                for &k in &n.ends {
                    if let Some(end) = p.endings.get(k as usize) {
                        out.push(Hit {
                            cost,
                            form: format!("{}{}", self.ostem(e), end.orig),
                        });
                    }
                }
            }
        }
        let depth = dp.depth();
        for &c in &n.children {
            let Some(child) = p.nodes.get(c as usize) else {
                continue;
            };
            if dp.push(child.byte) {
                self.walk(e, p, c as usize, dp, out);
            }
            dp.truncate(depth);
        }
    }
}

/// Rows of the weighted edit distance between the query and the dictionary
/// path walked so far: `row(d)[j]` is the cost of the first `d` path letters
/// against the first `j` query letters.
struct Dp<'q> {
    q: &'q [u8],
    /// `slots[j]`: the table index of query letter `j + 1`.
    slots: Vec<usize>,
    /// `merges[j]`: whether query letter `j + 1` may stand for two letters.
    merges: Vec<bool>,
    width: usize,
    rows: Vec<f32>,
    mins: Vec<f32>,
    path: Vec<u8>,
    /// `extra[j]`: cost of query letter `j` (1-based) having no counterpart.
    extra: Vec<f32>,
    bound: f32,
    table: &'static [[f32; N]; N],
}

/// The least a query letter can cost when the path has no letter left for
/// it: a doubled letter (0.5) or half of a merged pair (0.4).
const MIN_STEP: f32 = 0.4;

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
        let mut mins = vec![f32::INFINITY; MAX_DEPTH + 1];
        mins[0] = 0.0;
        Dp {
            q,
            slots: q.iter().map(|&b| slot(b)).collect(),
            merges: q.iter().map(|&b| is_merge_target(b)).collect(),
            width,
            rows,
            mins,
            path: Vec::with_capacity(MAX_DEPTH),
            extra,
            bound,
            table: table(),
        }
    }

    fn depth(&self) -> usize {
        self.path.len()
    }

    fn truncate(&mut self, depth: usize) {
        self.path.truncate(depth);
    }

    /// Cost of the whole path against the whole query.
    fn cost(&self) -> f32 {
        self.rows[self.depth() * self.width + self.width - 1]
    }

    /// Whether appending at most `len` more letters can bring the path
    /// within the bound: the query letters past the path's reach cost at
    /// least [`MIN_STEP`] each.
    fn reachable(&self, len: usize) -> bool {
        let row = &self.rows[self.depth() * self.width..(self.depth() + 1) * self.width];
        let m = self.width - 1;
        row.iter()
            .enumerate()
            .any(|(j, &v)| v + m.saturating_sub(j + len) as f32 * MIN_STEP <= self.bound)
    }

    /// Extends the path by `c`; `false` when nothing below can come within
    /// the bound (the letter stays pushed; the caller truncates).
    fn push(&mut self, c: u8) -> bool {
        let d = self.path.len() + 1;
        if d > MAX_DEPTH {
            return false;
        }
        let pc = self.path.last().copied();
        self.path.push(c);
        if d == 1 && !self.q.first().is_some_and(|&q0| same_start(c, q0)) {
            self.mins[d] = f32::INFINITY;
            return false;
        }
        let w = self.width;
        let (before, rest) = self.rows.split_at_mut(d * w);
        let prev = &before[(d - 1) * w..];
        let prev2 = if d >= 2 {
            Some(&before[(d - 2) * w..(d - 1) * w])
        } else {
            None
        };
        let cur = &mut rest[..w];
        let q = self.q;
        let subs = &self.table[slot(c)];
        let c_merges = is_merge_target(c);
        let missing = indel_cost(pc == Some(c));
        cur[0] = prev[0] + missing;
        if let Some(p2) = prev2 {
            cur[0] = cur[0].min(p2[0] + BLOCK2);
        }
        let mut min = cur[0];
        // Cells farther than the band from the diagonal cost more than the
        // bound (each letter of length difference costs MIN_STEP at least).
        let band = ((self.bound / MIN_STEP) as usize).saturating_add(1);
        let lo = d.saturating_sub(band).clamp(1, w);
        let hi = d.saturating_add(band).min(w - 1);
        if lo > 1 {
            cur[..lo].fill(f32::INFINITY);
            min = f32::INFINITY;
        }
        for j in lo..=hi {
            let qj = q[j - 1];
            let mut v = if c == qj {
                prev[j - 1]
            } else {
                prev[j - 1] + subs[self.slots[j - 1]]
            };
            v = v.min(prev[j] + missing);
            v = v.min(cur[j - 1] + self.extra[j]);
            if j >= 2 {
                let qi = q[j - 2];
                // The query reads two letters for the path's one (`rn` for `m`).
                if c_merges {
                    if let Some(m) = merge_cost(qi, qj, c) {
                        v = v.min(prev[j - 2] + m);
                    }
                }
                if let (Some(p2), Some(pc)) = (prev2, pc) {
                    if c == qi && pc == qj && c != pc {
                        v = v.min(p2[j - 2] + TRANSPOSE);
                    }
                }
            }
            if let (Some(p2), Some(pc)) = (prev2, pc) {
                // Two adjacent letters the query dropped.
                v = v.min(p2[j] + BLOCK2);
                // The query reads one letter for the path's two (`m` for `rn`).
                if self.merges[j - 1] {
                    if let Some(m) = merge_cost(pc, c, qj) {
                        v = v.min(p2[j - 1] + m);
                    }
                }
            }
            cur[j] = v;
            min = min.min(v);
        }
        if hi + 1 < w {
            cur[hi + 1..].fill(f32::INFINITY);
        }
        self.mins[d] = min;
        // A later row derives from this one or the one before.
        !(min > self.bound && self.mins[d - 1] > self.bound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lexicon::alpha::fold_word;

    fn index(words: &[&str]) -> Index {
        let mut b = Builder::new();
        for w in words {
            b.add(w, false);
        }
        b.finish()
    }

    fn search(ix: &Index, q: &str, bound: f32) -> Vec<(String, f32)> {
        let mut hits = Vec::new();
        ix.search(&fold_word(q).unwrap(), bound, &mut hits);
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
        for &c in f {
            dp.push(c);
        }
        dp.cost()
    }

    #[test]
    fn merges_are_cheap() {
        let ix = index(&["camino"]);
        let hits = search(&ix, "carnino", 1.0);
        assert_eq!(hits.first().map(|h| h.0.as_str()), Some("camino"));
        assert!(hits[0].1 < 0.5);
    }
}
