//! Word correction by symmetric deletion (SymSpell, distance 1).
//!
//! The catalog's words, and each of them with one character deleted, are
//! stored by hash. A query word that is not a catalog word is corrected to
//! the catalog words it meets in that table: a letter dropped, added,
//! substituted or swapped (once its canonical form has merged the OCR
//! confusions) is found with at most `len + 1` probes. The corrected words
//! make the word-pair keys of the query.

use std::collections::HashSet;

use super::gram::{hash_without, word_hash};

/// Shorter words are not corrected: one edit turns them into too many others.
const MIN_CHARS: usize = 4;

/// Corrections kept per query word.
const MAX_ALTERNATIVES: usize = 3;

/// The catalog's words and their deletion variants.
#[derive(Clone, Debug, Default)]
pub(super) struct Words {
    /// Hashes of the distinct words, sorted.
    known: Vec<u64>,
    /// (hash of a word with one character deleted, hash of the word), sorted.
    deletes: Vec<(u64, u64)>,
}

/// Builds [`Words`] one name at a time.
#[derive(Default)]
pub(super) struct WordsBuilder {
    seen: HashSet<u64>,
    deletes: Vec<(u64, u64)>,
}

impl WordsBuilder {
    pub(super) fn add(&mut self, w: &[char]) {
        let h = word_hash(w);
        if !self.seen.insert(h) || w.len() < MIN_CHARS {
            return;
        }
        self.deletes
            .extend((0..w.len()).map(|i| (hash_without(w, Some(i)), h)));
    }

    pub(super) fn finish(self) -> Words {
        let mut known: Vec<u64> = self.seen.into_iter().collect();
        known.sort_unstable();
        let mut deletes = self.deletes;
        deletes.sort_unstable();
        deletes.dedup();
        Words { known, deletes }
    }
}

/// Longest query word that is tried as two words run together.
const MAX_SPLIT_CHARS: usize = 40;

impl Words {
    /// Appends to `out` the catalog words `w` may be a reading of, as word
    /// hashes per position: `w` itself if it is a catalog word (or too short
    /// to correct); else up to [`MAX_ALTERNATIVES`] words one edit away; else
    /// two positions, if `w` is two catalog words run together (a lost
    /// space), one of them possibly one edit away; else `w` itself.
    pub(super) fn read(&self, w: &[char], out: &mut Vec<Vec<u64>>) {
        let h = word_hash(w);
        if w.len() < MIN_CHARS || self.known(h) {
            out.push(vec![h]);
            return;
        }
        let fixes = self.corrections(w);
        if !fixes.is_empty() {
            out.push(fixes);
            return;
        }
        if w.len() <= MAX_SPLIT_CHARS {
            let mut best: Option<(Vec<u64>, Vec<u64>)> = None;
            for i in 1..w.len() {
                let (a, b) = w.split_at(i);
                let (ha, hb) = (word_hash(a), word_hash(b));
                match (self.known(ha), self.known(hb)) {
                    (true, true) => {
                        best = Some((vec![ha], vec![hb]));
                        break;
                    }
                    (true, false) if best.is_none() => {
                        let fb = self.corrections(b);
                        if !fb.is_empty() {
                            best = Some((vec![ha], fb));
                        }
                    }
                    (false, true) if best.is_none() => {
                        let fa = self.corrections(a);
                        if !fa.is_empty() {
                            best = Some((fa, vec![hb]));
                        }
                    }
                    _ => {}
                }
            }
            if let Some((a, b)) = best {
                out.push(a);
                out.push(b);
                return;
            }
        }
        out.push(vec![h]);
    }

    fn known(&self, h: u64) -> bool {
        self.known.binary_search(&h).is_ok()
    }

    /// Up to [`MAX_ALTERNATIVES`] catalog words one edit away from `w`,
    /// closest first.
    fn corrections(&self, w: &[char]) -> Vec<u64> {
        let h = word_hash(w);
        if w.len() < MIN_CHARS {
            return vec![];
        }
        // (edits, word): a dropped letter or an extra one is one edit; a
        // substitution or swap meets on a deletion from both sides.
        let mut found: Vec<(u8, u64)> = self.with_deleted(h).map(|x| (1, x)).collect();
        for i in 0..w.len() {
            let d = hash_without(w, Some(i));
            if self.known(d) {
                found.push((1, d));
            }
            found.extend(self.with_deleted(d).map(|x| (2, x)));
        }
        found.sort_unstable();
        let mut out: Vec<u64> = Vec::with_capacity(MAX_ALTERNATIVES);
        for (_, x) in found {
            if !out.contains(&x) {
                out.push(x);
                if out.len() == MAX_ALTERNATIVES {
                    break;
                }
            }
        }
        out
    }

    /// Words that give `variant` when one of their characters is deleted.
    fn with_deleted(&self, variant: u64) -> impl Iterator<Item = u64> + '_ {
        let start = self.deletes.partition_point(|&(v, _)| v < variant);
        self.deletes
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |&&(v, _)| v == variant)
            .map(|&(_, w)| w)
    }

    /// Heap bytes held.
    #[cfg(test)]
    pub(super) fn heap_bytes(&self) -> usize {
        self.known.capacity() * 8 + self.deletes.capacity() * 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn corrects_one_edit() {
        let mut b = WordsBuilder::default();
        for w in ["SOCIAI", "FORTAIECINIENTO", "DESAROIO", "DE", "Y"] {
            b.add(&chars(w));
        }
        let words = b.finish();
        let read = |w: &str| {
            let mut out = vec![];
            words.read(&chars(w), &mut out);
            out
        };
        let h = |w: &str| word_hash(&chars(w));
        for noisy in ["DESAROIO", "DESAROI", "DESAROIOX", "DESAXOIO", "DESRAOIO"] {
            assert_eq!(read(noisy)[0][0], h("DESAROIO"), "{noisy}");
        }
        assert_eq!(read("DX"), vec![vec![h("DX")]]);
        assert_eq!(read("ZZZZZ"), vec![vec![h("ZZZZZ")]]);
        assert_eq!(
            read("SOCIAIDESAROIO"),
            vec![vec![h("SOCIAI")], vec![h("DESAROIO")]]
        );
        assert_eq!(read("YDESARXIO"), vec![vec![h("Y")], vec![h("DESAROIO")]]);
    }
}
