//! Words of a line with their byte spans, folded for matching.

use crate::text::{fold, similarity_at_least};

/// A word of a line: its byte range in the line and its folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) folded: String,
}

/// The first `max` words of a line (labels and titles are at the start:
/// there is no need to fold a whole table row to find them).
pub(crate) fn words_upto(line: &str, max: usize) -> Vec<Word> {
    let mut out = vec![];
    let mut start = None;
    for (i, c) in line.char_indices() {
        let w = c.is_alphanumeric() || is_mark(c);
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word {
                    start: s,
                    end: i,
                    folded: fold(&line[s..i]),
                });
                if out.len() >= max {
                    return out;
                }
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: line.len(),
            folded: fold(&line[s..]),
        });
    }
    out.retain(|w| !w.folded.is_empty());
    out
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

/// A phrase to look for at the start of a line (folded, space-separated),
/// with the forms [`prefix_match`] compares, built once.
pub(crate) struct Phrase {
    words: usize,
    chars: Vec<char>,
    /// Without its spaces.
    tight: Vec<char>,
    /// Its first word.
    head: Vec<char>,
}

impl Phrase {
    pub(crate) fn new(phrase: &str) -> Phrase {
        Phrase {
            words: phrase.split(' ').count(),
            chars: phrase.chars().collect(),
            tight: phrase.chars().filter(|&c| c != ' ').collect(),
            head: phrase.split(' ').next().unwrap_or(phrase).chars().collect(),
        }
    }

    /// Length in bytes (the phrases are ASCII).
    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }
}

impl Phrase {
    /// Whether a line whose first word is `w` (folded) may start with
    /// this phrase: a match must resemble it in its first word (or, merged
    /// with the next words, the whole phrase).
    pub(crate) fn plausible_start(&self, w: &[char]) -> bool {
        let (head, p_tight) = (&self.head, &self.tight);
        // A word split by the OCR (`PR OGRAMA`) is compared with the head's
        // start; words merged by it (`LINEASDE`) with the phrase's start.
        if w.len() <= head.len() + 2 {
            let head_start = &head[..w.len().min(head.len())];
            similarity_at_least(w, head, 0.5).is_some()
                || (w.len() >= 2 && similarity_at_least(w, head_start, 0.75).is_some())
        } else {
            let start = &p_tight[..w.len().min(p_tight.len())];
            self.words > 1 && similarity_at_least(w, start, 0.75).is_some()
        }
    }
}

/// How well the first words of `ws` spell `phrase`: returns the similarity
/// and how many words were used, or `(0.0, 0)` when no reading reaches
/// `min`. Tries one word more and one fewer than the phrase has, for split
/// and merged words.
#[cfg(test)]
pub(crate) fn prefix_match(ws: &[Word], phrase: &Phrase, min: f64) -> (f64, usize) {
    match ws.first() {
        Some(first) if phrase.plausible_start(&first.folded.chars().collect::<Vec<_>>()) => {
            prefix_score(ws, phrase, min)
        }
        _ => (0.0, 0),
    }
}

/// [`prefix_match`] for a line whose first word passed
/// [`Phrase::plausible_start`].
pub(crate) fn prefix_score(ws: &[Word], phrase: &Phrase, min: f64) -> (f64, usize) {
    let (n, p, p_tight) = (phrase.words, &phrase.chars, &phrase.tight);
    let mut best = (0.0, 0);
    let mut joined: Vec<char> = Vec::with_capacity(p.len() + 8);
    let mut tight: Vec<char> = Vec::with_capacity(p.len() + 8);
    for k in n.saturating_sub(1).max(1)..=(n + 1).min(ws.len()) {
        joined.clear();
        for (i, w) in ws[..k].iter().enumerate() {
            if i > 0 {
                joined.push(' ');
            }
            joined.extend(w.folded.chars());
        }
        tight.clear();
        tight.extend(joined.iter().copied().filter(|&c| c != ' '));
        let s = similarity_at_least(&joined, p, min)
            .into_iter()
            .chain(similarity_at_least(&tight, p_tight, min))
            .fold(0.0, f64::max);
        if s > best.0 + 1e-9 {
            best = (s, k);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_folds() {
        let ws = words_upto("- RAMO:** 54 BIENESTAR", 9);
        let f: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(f, ["RAMO", "54", "BIENESTAR"]);
        assert_eq!(&"- RAMO:** 54 BIENESTAR"[ws[1].start..ws[1].end], "54");
    }

    #[test]
    fn prefix_matching_tolerates_ocr() {
        let ws = words_upto("EFE DE GOBIERNO 1 BIENESTAR", 9);
        let (s, k) = prefix_match(&ws, &Phrase::new("EJE DE GOBIERNO"), 0.5);
        assert!(s > 0.85 && k == 3, "{s} {k}");
        let ws = words_upto("SUBFUNCION: 2 DESARROLLO", 9);
        assert!(prefix_match(&ws, &Phrase::new("FUNCION"), 0.5).0 < 0.75);
    }
}
