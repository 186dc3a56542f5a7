//! Words of a line with their byte spans, folded for matching.

use std::borrow::Cow;

use super::bound::Pattern;
use crate::memo::Memo;
use crate::text::{base_letter, fold, looser_min, similarity_at_least, similarity_ceiling};

/// A word of a line: its byte range in the line and its folded form
/// (borrowed from the line where it is its own fold: most words are).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) folded: Cow<'a, str>,
}

/// The first `max` words of a line (labels and titles are at the start:
/// there is no need to fold a whole table row to find them).
pub(crate) fn words_upto(line: &str, max: usize) -> Vec<Word<'_>> {
    let (mut out, stopped) = runs_upto(line, max);
    // (A run stopped at `max` is kept whole, even a word that folds to
    // nothing, such as a stray accent.)
    if !stopped {
        out.retain(|w| !w.folded.is_empty());
    }
    out
}

/// The runs of word characters [`words_upto`] reads, before it drops those
/// that fold to nothing: the first `max`, and whether the line went on
/// past the last of them (then [`words_upto`] keeps them all).
pub(crate) fn runs_upto(line: &str, max: usize) -> (Vec<Word<'_>>, bool) {
    // Sized once: lines have more words than the few asked for.
    let mut out = Vec::with_capacity(max.min(8));
    // The characters of `line` with their offsets, as `char_indices` gives
    // them, an ASCII byte at a time by table (most of them): only the
    // others are decoded and asked about Unicode. Each run is read to its
    // end in one loop, which also tells whether it is all upper-case ASCII
    // letters and digits, its own fold (as `fold_word` tells in the tests).
    let b = line.as_bytes();
    // Whether the character at byte `i` is a word character, and its length.
    // (The accented letters of Spanish, in `base_letter`'s table, are
    // alphanumeric: told without the Unicode tables.)
    let wide = |i: usize| -> Option<(bool, usize)> {
        let c = line.get(i..)?.chars().next()?;
        let word = base_letter(c).is_some() || c.is_alphanumeric() || is_mark(c);
        Some((word, c.len_utf8()))
    };
    let mut i = 0;
    while let Some(&byte) = b.get(i) {
        // Separators are stepped over.
        if byte.is_ascii() {
            if WORD_BYTE[usize::from(byte)] == 0 {
                i += 1;
                continue;
            }
        } else {
            match wide(i) {
                Some((false, len)) => {
                    i += len;
                    continue;
                }
                Some((true, _)) => {}
                None => break,
            }
        }
        // A run from `start`, read to its end.
        let start = i;
        let mut own = true;
        while let Some(&byte) = b.get(i) {
            if byte.is_ascii() {
                let class = WORD_BYTE[usize::from(byte)];
                if class == 0 {
                    break;
                }
                own &= class == KEPT;
                i += 1;
            } else {
                match wide(i) {
                    Some((true, len)) => {
                        own = false;
                        i += len;
                    }
                    _ => break,
                }
            }
        }
        let w = &line[start..i];
        out.push(Word {
            start,
            end: i,
            folded: if own {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(fold(w))
            },
        });
        // A run that a separator ended, the `max`-th: the line goes on.
        if i < b.len() && out.len() >= max {
            return (out, true);
        }
    }
    (out, false)
}

/// [`WORD_BYTE`]'s class of an upper-case ASCII letter or a digit: a byte
/// [`fold`] keeps as it is.
const KEPT: u8 = 1;

/// Per ASCII byte: 0 for no word character, [`KEPT`] for an upper-case
/// letter or a digit, 2 for a lower-case letter (bytes from 128 are read
/// as characters, not by this table).
static WORD_BYTE: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_uppercase() || b.is_ascii_digit() {
            KEPT
        } else if b.is_ascii_lowercase() {
            2
        } else {
            0
        };
        i += 1;
    }
    t
};

/// [`fold`] of `w`, borrowed when `w` is made of upper-case ASCII letters
/// and digits only: `fold` copies such a run as it is (no lower case to
/// raise, no accent to drop, no punctuation or space to turn into one
/// space), so it is its own fold, and nothing is allocated for it.
#[cfg(test)]
fn fold_word(w: &str) -> Cow<'_, str> {
    if w.bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(fold(w))
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

/// A phrase to look for at the start of a line (folded, space-separated),
/// with the forms [`prefix_match`] compares, built once.
pub(crate) struct Phrase {
    words: usize,
    chars: Pattern,
    /// Without its spaces.
    tight: Pattern,
    /// Its first word.
    head: Pattern,
    /// The starts of its first word, by length (1 up).
    head_starts: Vec<Pattern>,
    /// The starts of [`Phrase::tight`], by length (1 up).
    tight_starts: Vec<Pattern>,
}

impl Phrase {
    pub(crate) fn new(phrase: &str) -> Phrase {
        let tight: Vec<char> = phrase.chars().filter(|&c| c != ' ').collect();
        let head: Vec<char> = phrase.split(' ').next().unwrap_or(phrase).chars().collect();
        let starts = |s: &[char]| {
            (1..=s.len())
                .map(|n| Pattern::from_chars(&s[..n]))
                .collect()
        };
        Phrase {
            words: phrase.split(' ').count(),
            chars: Pattern::new(phrase),
            head_starts: starts(&head),
            tight_starts: starts(&tight),
            tight: Pattern::from_chars(&tight),
            head: Pattern::from_chars(&head),
        }
    }

    /// Length in bytes (the phrases are ASCII).
    pub(crate) fn len(&self) -> usize {
        self.chars.chars().len()
    }
}

impl Phrase {
    /// Whether [`Phrase::plausible_start`] answers alike for this phrase and
    /// `other` on every word of `len` characters: both have the same first
    /// word and `len` is short enough for the first-word branch, which
    /// reads nothing else (the head and its starts, built from the same
    /// characters alike).
    pub(crate) fn same_start(&self, other: &Phrase, len: usize) -> bool {
        let head = self.head.chars();
        head == other.head.chars() && len <= head.len() + 2
    }

    /// Whether a line whose first word is `w` (folded) may start with
    /// this phrase: a match must resemble it in its first word (or, merged
    /// with the next words, the whole phrase).
    pub(crate) fn plausible_start(&self, w: &[char]) -> bool {
        let (head, p_tight) = (self.head.chars(), self.tight.chars());
        // A word split by the OCR (`PR OGRAMA`) is compared with the head's
        // start; words merged by it (`LINEASDE`) with the phrase's start.
        // The start of `n` characters is prepared for every `n` from 1.
        let start = |starts: &[Pattern], whole: &[char], n: usize| match n
            .checked_sub(1)
            .and_then(|i| starts.get(i))
        {
            Some(p) => p.similarity_at_least(w, 0.75).is_some(),
            None => similarity_at_least(w, whole.get(..n).unwrap_or(whole), 0.75).is_some(),
        };
        if w.len() <= head.len() + 2 {
            self.head.similarity_at_least(w, 0.5).is_some()
                || (w.len() >= 2 && start(&self.head_starts, head, w.len().min(head.len())))
        } else {
            self.words > 1 && start(&self.tight_starts, p_tight, w.len().min(p_tight.len()))
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
#[cfg(test)]
pub(crate) fn prefix_score(ws: &[Word], phrase: &Phrase, min: f64) -> (f64, usize) {
    prefix_best(ws, phrase, min, f64::INFINITY, 0.0)
}

/// [`prefix_score`] where only a score above `bar` matters (another
/// phrase already scored `bar`): the same answer when its score is above
/// `bar`, else a score of at most `bar`. Readings that cannot beat `bar`
/// are not scored.
///
/// The best reading is kept from `bar` up instead of from 0: the first
/// reading of the best score is still the one kept when that score is above
/// `bar`, since every reading kept on the way scores under it. For `min` of
/// 0.74 or more, as the labels ask, and `bar` 0 or such a score, the loop's
/// margin of 1e-9 tells scores apart as `>` does: a reading scored at all
/// reaches `min`, so by [`similarity_ceiling`] it is at most 7.5 times the
/// phrase's length (16 characters at most) long, and two different scores
/// `1 - d / (20 n)` with such lengths `n` differ by at least
/// `1 / (20 * 120 * 120)`, far more than 1e-9.
pub(crate) fn prefix_score_above(ws: &[Word], phrase: &Phrase, min: f64, bar: f64) -> (f64, usize) {
    prefix_best(ws, phrase, min, f64::INFINITY, bar)
}

/// Whether `prefix_score(ws, phrase, min).0 >= min`, told at the first
/// reading that reaches `min`: a reading is only ever scored at `min` or
/// above (`None` under it), so the best is `0` until one reaches `min`, and
/// that one is then kept (it is above `0 + 1e-9`, `min` being above that).
#[cfg(test)]
pub(crate) fn prefix_reaches(ws: &[Word], phrase: &Phrase, min: f64) -> bool {
    prefix_best(ws, phrase, min, min, 0.0).0 >= min
}

/// [`prefix_reaches`], with each reading's answer remembered by `tag` (one
/// per phrase and bar: the caller's) and the reading's text.
///
/// With `enough` at `min` and no bar, [`prefix_best`] reaches `min` exactly
/// when the exact reading matches or some reading of `k` words does
/// ([`reading_reaches`]): every score it keeps is `0` or at least `min`
/// (`above` answers only from `min` up), so until one reaches `min` the
/// best is `0`, no reading is skipped by its lengths (a ceiling is at least
/// 0.7), each reading's spaced form is scored at `min` and, when that
/// fails, its tight form too, and the first to reach `min` ends the loop.
/// Whether a reading reaches is a function of its words joined by spaces
/// (the tight form drops them), and readings recur: `PROGRAMA 511` on the
/// program's label line of every document.
pub(crate) fn prefix_reaches_remembered(ws: &[Word], phrase: &Phrase, min: f64, tag: u8) -> bool {
    thread_local! {
        static READINGS: Memo<bool> = Memo::new(1 << 13, READING_KEY);
    }
    let (n, p, p_tight) = (phrase.words, phrase.chars.chars(), phrase.tight.chars());
    if min <= 1.0 && ws.len() >= n {
        let mut joined: Vec<char> = Vec::with_capacity(p.len() + 8);
        for (i, w) in ws[..n].iter().enumerate() {
            if i > 0 {
                joined.push(' ');
            }
            joined.extend(w.folded.chars());
        }
        if joined == p
            || joined
                .iter()
                .copied()
                .filter(|&c| c != ' ')
                .eq(p_tight.iter().copied())
        {
            return true;
        }
    }
    (n.saturating_sub(1).max(1)..=(n + 1).min(ws.len())).any(|k| {
        // The key: the tag, then the words joined by spaces, on the stack.
        let mut buf = [0u8; READING_KEY];
        buf[0] = tag;
        let mut at = 1;
        for (i, w) in ws[..k].iter().enumerate() {
            let word = w.folded.as_bytes();
            let sep = usize::from(i > 0);
            let Some(slot) = buf.get_mut(at..at + sep + word.len()) else {
                return reading_reaches(&ws[..k], phrase, min);
            };
            if sep == 1 {
                slot[0] = b' ';
            }
            slot[sep..].copy_from_slice(word);
            at += sep + word.len();
        }
        match std::str::from_utf8(&buf[..at]) {
            Ok(key) => READINGS.with(|m| m.get_or(key, || reading_reaches(&ws[..k], phrase, min))),
            Err(_) => reading_reaches(&ws[..k], phrase, min),
        }
    })
}

/// Longest key [`prefix_reaches_remembered`] keeps.
const READING_KEY: usize = 96;

/// Whether the reading of the words `ws`, spaced or tight, is at least
/// `min` similar to `phrase` (as [`prefix_best`] scores a reading when no
/// other has reached `min`).
fn reading_reaches(ws: &[Word], phrase: &Phrase, min: f64) -> bool {
    let mut joined: Vec<char> = Vec::with_capacity(phrase.chars.chars().len() + 8);
    for (i, w) in ws.iter().enumerate() {
        if i > 0 {
            joined.push(' ');
        }
        joined.extend(w.folded.chars());
    }
    if above(&joined, &phrase.chars, min, 0.0).is_some() {
        return true;
    }
    let tight: Vec<char> = joined.iter().copied().filter(|&c| c != ' ').collect();
    let has_spaces = tight.len() < joined.len() || phrase.words > 1;
    has_spaces && above(&tight, &phrase.tight, min, 0.0).is_some()
}

/// [`prefix_score`], stopped as soon as the best reading scores `enough`,
/// with readings kept only above `bar` (see [`prefix_score_above`]).
fn prefix_best(ws: &[Word], phrase: &Phrase, min: f64, enough: f64, bar: f64) -> (f64, usize) {
    let (n, p, p_tight) = (phrase.words, phrase.chars.chars(), phrase.tight.chars());
    let mut best = (bar, 0);
    let mut joined: Vec<char> = Vec::with_capacity(p.len() + 8);
    let mut tight: Vec<char> = Vec::with_capacity(p.len() + 8);
    // The first `k` words, spaced and without spaces.
    let read = |k: usize, joined: &mut Vec<char>, tight: &mut Vec<char>| {
        joined.clear();
        for (i, w) in ws[..k].iter().enumerate() {
            if i > 0 {
                joined.push(' ');
            }
            joined.extend(w.folded.chars());
        }
        tight.clear();
        tight.extend(joined.iter().copied().filter(|&c| c != ' '));
    };
    // Most lines that start with a phrase print it as it is, in its own
    // words: that reading scores 1, and it is the answer without scoring
    // the shorter one first. No other reading comes within 1e-9 of 1 (the
    // loop's margin): one that differs from the phrase is at least one
    // cheapest edit away (6 units of 20), over at most twice the phrase's
    // length (under 0.995), or, longer, at least 6 units per character past
    // the phrase's length (under 0.85).
    if min <= 1.0 && ws.len() >= n {
        read(n, &mut joined, &mut tight);
        if joined == p || tight == p_tight {
            return (1.0, n);
        }
    }
    for k in n.saturating_sub(1).max(1)..=(n + 1).min(ws.len()) {
        // Only a reading above the best so far can change the answer: one
        // whose lengths cannot reach it is not built or scored.
        let letters: usize = ws[..k].iter().map(|w| w.folded.chars().count()).sum();
        let spaced = letters + k - 1;
        if similarity_ceiling(spaced, p.len()) <= best.0
            && similarity_ceiling(letters, p_tight.len()) <= best.0
        {
            continue;
        }
        read(k, &mut joined, &mut tight);
        let s1 = above(&joined, &phrase.chars, min, best.0).unwrap_or(0.0);
        // Without spaces on either side (one word read for a one-word
        // phrase), the tight pair is the pair just scored: its score is
        // `s1` again, or nothing where `s1` found nothing.
        let has_spaces = tight.len() < joined.len() || phrase.words > 1;
        let s2 = if has_spaces {
            above(&tight, &phrase.tight, min, best.0.max(s1)).unwrap_or(0.0)
        } else {
            0.0
        };
        let s = s1.max(s2);
        if s > best.0 + 1e-9 {
            best = (s, k);
            if best.0 >= enough {
                break;
            }
        }
    }
    best
}

/// [`similarity_at_least`]`(a, b, min)` where only an answer above `bar`
/// matters: the same answer whenever it is above `bar`, found with a bound
/// no wider than needed. A pair that cannot beat `bar` is not scored; past
/// `min`, the bound is the one of [`looser_min`]`(bar)`, which finds every
/// pair above `bar` (no swap can hide one there), so the plain call at `min`,
/// whose bound is at least as wide, finds the same pairs above `bar`.
fn above(a: &[char], b: &Pattern, min: f64, bar: f64) -> Option<f64> {
    let m = a.len().max(b.chars().len());
    if similarity_ceiling(a.len(), b.chars().len()) <= bar {
        return None;
    }
    let at = if bar > min {
        looser_min(bar, m).max(min)
    } else {
        min
    };
    b.similarity_at_least(a, at)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// A word borrowed as its own fold is what [`fold`] makes of it:
        /// words of upper- and lower-case letters, digits, accents and
        /// separators.
        #[test]
        fn fold_word_is_fold(w in "[A-Z0-9]{0,6}[A-Za-z0-9ÉéÑñ\u{301}. ]{0,3}[A-Z0-9]{0,6}") {
            let (got, want) = (fold_word(&w), fold(&w));
            proptest::prop_assert_eq!(&*got, want.as_str(), "{:?}", w);
        }
    }

    /// Every character of `base_letter`'s table is alphanumeric (what
    /// `runs_upto` takes for granted).
    #[test]
    fn base_letters_are_alphanumeric() {
        for c in (0..=0x2ffu32).filter_map(char::from_u32) {
            if base_letter(c).is_some() {
                assert!(c.is_alphanumeric() || c.is_ascii(), "{c:?}");
            }
        }
    }

    /// [`runs_upto`] as first written, over `char_indices`.
    fn runs_upto_plain(line: &str, max: usize) -> (Vec<Word<'_>>, bool) {
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
                        folded: fold_word(&line[s..i]),
                    });
                    if out.len() >= max {
                        return (out, true);
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
                folded: fold_word(&line[s..]),
            });
        }
        (out, false)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The byte loop reads the runs `char_indices` does: ASCII words and
        /// separators, accented and non-Latin letters, stray accents, other
        /// digits and symbols.
        #[test]
        fn runs_upto_agrees_with_char_indices(
            line in "[ A-Za-z0-9.:\t\u{a0}É\u{301}ñ٣²Ωß€\u{20d0}_@\\[`{-]{0,40}",
            max in 1usize..10,
        ) {
            let (got, stopped) = runs_upto(&line, max);
            let (want, want_stopped) = runs_upto_plain(&line, max);
            proptest::prop_assert_eq!(stopped, want_stopped, "{:?}", line);
            proptest::prop_assert_eq!(got.len(), want.len(), "{:?}", line);
            for (g, w) in got.iter().zip(&want) {
                proptest::prop_assert_eq!(g, w, "{:?}", line);
                // Borrowed exactly where `fold_word` borrows.
                proptest::prop_assert_eq!(
                    matches!(g.folded, Cow::Borrowed(_)),
                    matches!(w.folded, Cow::Borrowed(_)),
                    "{:?}",
                    line
                );
            }
        }
    }

    #[test]
    fn words_borrow_their_own_folds() {
        let ws = words_upto("RAMO: 54 Bienestar GESTIÓN", 9);
        let borrowed: Vec<bool> = ws
            .iter()
            .map(|w| matches!(w.folded, Cow::Borrowed(_)))
            .collect();
        assert_eq!(borrowed, [true, true, false, false]);
    }

    #[test]
    fn spans_and_folds() {
        let ws = words_upto("- RAMO:** 54 BIENESTAR", 9);
        let f: Vec<&str> = ws.iter().map(|w| &*w.folded).collect();
        assert_eq!(f, ["RAMO", "54", "BIENESTAR"]);
        assert_eq!(&"- RAMO:** 54 BIENESTAR"[ws[1].start..ws[1].end], "54");
    }

    /// [`prefix_score`] as first written: every reading scored at `min`.
    fn prefix_score_plain(ws: &[Word], phrase: &Phrase, min: f64) -> (f64, usize) {
        let (n, p, p_tight) = (phrase.words, phrase.chars.chars(), phrase.tight.chars());
        let mut best = (0.0, 0);
        for k in n.saturating_sub(1).max(1)..=(n + 1).min(ws.len()) {
            let joined: Vec<char> = ws[..k]
                .iter()
                .map(|w| &*w.folded)
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .collect();
            let tight: Vec<char> = joined.iter().copied().filter(|&c| c != ' ').collect();
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

    /// The seed's lines, and OCR-like damage to them: letters dropped,
    /// doubled, swapped, and spaces inserted or lost; then hostile lines.
    pub(crate) fn damaged_lines() -> Vec<String> {
        let seed = include_str!("../../corpus/seeds/000_61b09fd82a67f885.txt");
        let mut lines: Vec<String> = vec![];
        for (i, line) in seed.lines().enumerate() {
            let c: Vec<char> = line.chars().take(40).collect();
            lines.push(c.iter().collect());
            for at in [1, 2, 3, 5, 8].map(|d| (i + d) % c.len().max(1)) {
                let mut v = c.clone();
                match i % 5 {
                    0 if at < v.len() => drop(v.remove(at)),
                    1 if at < v.len() => v.insert(at, v[at]),
                    2 if at + 1 < v.len() => v.swap(at, at + 1),
                    3 => v.insert(at.min(v.len()), ' '),
                    _ => v.retain(|&x| x != ' ' || at % 2 == 0),
                }
                lines.push(v.iter().collect());
            }
        }
        for hostile in [
            "",
            " ",
            "\t\t\t",
            "ÑÑÑÑÑÑÑÑÑÑÑÑ",
            "ЖЖЖ ЖЖЖ ЖЖЖ",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "A A A A A A A A A A A A A A A",
            "0000 1111 OOOO IIII",
            "RRAAMMOO PPRROOGGRRAAMMAA",
            "AYUNTAMIENTOAYUNTAMIENTO",
            "RESPONSABLERESPONSABLE DEL RAMO",
            "Ł̸̡ ẞ Ǆ ﬁ ﬂ",
        ] {
            lines.push(hostile.to_string());
        }
        lines
    }

    /// [`Phrase::plausible_start`] as first written, without the bound.
    fn plausible_start_plain(phrase: &str, w: &[char]) -> bool {
        let p_tight: Vec<char> = phrase.chars().filter(|&c| c != ' ').collect();
        let head: Vec<char> = phrase.split(' ').next().unwrap_or(phrase).chars().collect();
        let words = phrase.split(' ').count();
        if w.len() <= head.len() + 2 {
            let head_start = &head[..w.len().min(head.len())];
            similarity_at_least(w, &head, 0.5).is_some()
                || (w.len() >= 2 && similarity_at_least(w, head_start, 0.75).is_some())
        } else {
            let start = &p_tight[..w.len().min(p_tight.len())];
            words > 1 && similarity_at_least(w, start, 0.75).is_some()
        }
    }

    #[test]
    fn plausible_start_agrees_with_the_plain_one() {
        let phrases = [
            "RAMO",
            "PROGRAMA",
            "UNIDAD EJECUTORA",
            "SUBFUNCION",
            "EJES DE GOBIERNO",
            "LINEAS DE ACCION",
            "PROGRAMA OPERATIVO ANUAL",
            "AVANCE FISICO PROGRAMATICO",
        ];
        let prepared = phrases.map(Phrase::new);
        let (mut yes, mut no) = (0, 0);
        for line in damaged_lines() {
            for w in words_upto(&line, 3) {
                let w: Vec<char> = w.folded.chars().collect();
                for (p, prep) in phrases.iter().zip(&prepared) {
                    let fast = prep.plausible_start(&w);
                    assert_eq!(fast, plausible_start_plain(p, &w), "{w:?} {p}");
                    if fast {
                        yes += 1;
                    } else {
                        no += 1;
                    }
                }
            }
            // Merged words too: the line without its spaces.
            let merged: Vec<char> = fold(&line).chars().filter(|&c| c != ' ').take(30).collect();
            for (p, prep) in phrases.iter().zip(&prepared) {
                assert_eq!(
                    prep.plausible_start(&merged),
                    plausible_start_plain(p, &merged),
                    "{merged:?} {p}"
                );
            }
        }
        assert!(yes > 200 && no > 2000, "{yes} {no}");
    }

    #[test]
    fn prefix_score_agrees_with_the_plain_one() {
        let phrases = [
            "RAMO",
            "PROGRAMA",
            "UNIDAD EJECUTORA",
            "FUNCION",
            "EJE DE GOBIERNO",
            "LINEAS DE ACCION",
            "PROGRAMA OPERATIVO ANUAL",
            "AVANCE FISICO PROGRAMATICO",
        ]
        .map(Phrase::new);
        let mut lines = damaged_lines();
        // Exact phrases next to readings that also score high.
        for extra in [
            "LINEASDE ACCION: 1.4.3",
            "LINEAS DEACCION 1",
            "LINEAS DE ACCION ACCION",
            "EJES DE GOBIERNO",
            "EJE DE GOBIERNO DE",
            "RAMO RAMO",
            "PROGRAMA OPERATIVO ANUAL ANUAL",
            "PROGRAMAOPERATIVO ANUAL",
            "FUNCION",
        ] {
            lines.push(extra.to_string());
        }
        let (mut hits, mut misses) = (0, 0);
        for line in &lines {
            let ws = words_upto(line, 8);
            for (phrase_at, phrase) in phrases.iter().enumerate() {
                for (min_at, min) in [0.5, 0.74, 0.75, 0.78, 0.8].into_iter().enumerate() {
                    let fast = prefix_score(&ws, phrase, min);
                    assert_eq!(fast, prefix_score_plain(&ws, phrase, min), "{line} {min}");
                    assert_eq!(
                        prefix_reaches(&ws, phrase, min),
                        fast.0 >= min,
                        "{line} {min}"
                    );
                    // Remembered, asked twice (the second time from the
                    // memo); the tag names the phrase and the bar.
                    let tag = (phrase_at * 5 + min_at) as u8;
                    for _ in 0..2 {
                        assert_eq!(
                            prefix_reaches_remembered(&ws, phrase, min, tag),
                            fast.0 >= min,
                            "{line} {min}"
                        );
                    }
                    if fast.0 >= min {
                        hits += 1;
                    } else {
                        misses += 1;
                    }
                }
            }
        }
        assert!(hits > 100 && misses > 1000, "{hits} {misses}");
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
