//! Words of a line with their byte spans, folded for matching.

use crate::text::{fold, similarity};

/// A word of a line: its byte range in the line and its folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) folded: String,
}

/// Splits a line into alphanumeric words.
pub(crate) fn words(line: &str) -> Vec<Word> {
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

/// How well the first words of `ws` spell `phrase` (folded, space-separated):
/// returns the similarity and how many words were used. Tries one word more
/// and one fewer than the phrase has, for split and merged words.
pub(crate) fn prefix_match(ws: &[Word], phrase: &str) -> (f64, usize) {
    let n = phrase.split(' ').count();
    let mut best = (0.0, 0);
    for k in n.saturating_sub(1).max(1)..=(n + 1).min(ws.len()) {
        let joined: String = ws[..k]
            .iter()
            .map(|w| w.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let s = similarity(&joined, phrase).max(similarity(
            &joined.replace(' ', ""),
            &phrase.replace(' ', ""),
        ));
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
        let ws = words("- RAMO:** 54 BIENESTAR");
        let f: Vec<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(f, ["RAMO", "54", "BIENESTAR"]);
        assert_eq!(&"- RAMO:** 54 BIENESTAR"[ws[1].start..ws[1].end], "54");
    }

    #[test]
    fn prefix_matching_tolerates_ocr() {
        let ws = words("EFE DE GOBIERNO 1 BIENESTAR");
        let (s, k) = prefix_match(&ws, "EJE DE GOBIERNO");
        assert!(s > 0.85 && k == 3, "{s} {k}");
        let ws = words("SUBFUNCION: 2 DESARROLLO");
        assert!(prefix_match(&ws, "FUNCION").0 < 0.75);
    }
}
