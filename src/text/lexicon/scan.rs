//! One pass over a text for [`Lexicon::correct`](super::Lexicon::correct):
//! its words, each word's letters, case and sentence context, and whether
//! the text is written in capitals.
//!
//! The corrector's rules are stated on whitespace-separated chunks, runs of
//! letters, and the characters before a word; they are all decided here
//! while each character is read once (instead of once per rule), with a
//! table for ASCII, which is most of any text.

use std::ops::RangeInclusive;

use super::{is_opening, is_word_char, Shape};

/// A word of the text (a maximal run of letters and combining accents in a
/// chunk without digits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Word {
    /// Byte offsets in the text.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Its letters (combining accents are none).
    pub(super) letters: usize,
    pub(super) shape: Shape,
    /// The last character before it that is no space or opening mark is a
    /// letter, a digit, or one of `,)]/&`: the word follows others of its
    /// sentence.
    pub(super) mid_sentence: bool,
}

/// A scanned text.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub(super) words: Vec<Word>,
    /// Under 30% of the text's letters are lower case.
    pub(super) caps_text: bool,
}

const SPACE: u8 = 1;
const NUMERIC: u8 = 2;
const ALPHA: u8 = 4;
/// A letter or a combining accent.
const WORD: u8 = 8;
const LOWER: u8 = 16;
const UPPER: u8 = 32;
const OPENING: u8 = 64;
/// A character that continues a sentence for the next word.
const CONTINUES: u8 = 128;

/// The classes of a character, by the `char` predicates the rules name.
fn classes(c: char) -> u8 {
    let alpha = c.is_alphabetic();
    let numeric = c.is_numeric();
    let flag = |on: bool, f: u8| if on { f } else { 0 };
    flag(c.is_whitespace(), SPACE)
        | flag(numeric, NUMERIC)
        | flag(alpha, ALPHA)
        | flag(is_word_char(c), WORD)
        | flag(c.is_lowercase(), LOWER)
        | flag(c.is_uppercase(), UPPER)
        | flag(is_opening(c), OPENING)
        | flag(
            alpha || numeric || matches!(c, ',' | ')' | ']' | '/' | '&'),
            CONTINUES,
        )
}

/// [`classes`] of the ASCII characters, by their ASCII definitions
/// (`ascii_table_is_classes` checks them against [`classes`]).
static ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        let alpha = b.is_ascii_alphabetic();
        let mut f = 0;
        // `char::is_whitespace` on ASCII: space and `\t`..=`\r` (including
        // the vertical tab, unlike `u8::is_ascii_whitespace`).
        if b == b' ' || b >= 0x09 && b <= 0x0d {
            f |= SPACE;
        }
        if b.is_ascii_digit() {
            f |= NUMERIC | CONTINUES;
        }
        if alpha {
            f |= ALPHA | WORD | CONTINUES;
        }
        if b.is_ascii_lowercase() {
            f |= LOWER;
        }
        if b.is_ascii_uppercase() {
            f |= UPPER;
        }
        if matches!(b, b'(' | b'[' | b'{' | b'"' | b'\'') {
            f |= OPENING;
        }
        if matches!(b, b',' | b')' | b']' | b'/' | b'&') {
            f |= CONTINUES;
        }
        t[i] = f;
        i += 1;
    }
    t
};

/// The word being read.
struct Open {
    start: usize,
    letters: usize,
    uppers: usize,
    first_upper: bool,
    mid_sentence: bool,
}

impl Open {
    /// A word that begins at byte `start`.
    fn at(start: usize, mid_sentence: bool) -> Open {
        Open {
            start,
            letters: 0,
            uppers: 0,
            first_upper: false,
            mid_sentence,
        }
    }

    /// Adds `n` letters, `uppers` of them capitals; `first_upper` tells
    /// whether the first of them is one.
    fn add(&mut self, n: usize, uppers: usize, first_upper: bool) {
        if self.letters == 0 {
            self.first_upper = first_upper;
        }
        self.letters += n;
        self.uppers += uppers;
    }

    fn close(self, end: usize) -> Word {
        Word {
            start: self.start,
            end,
            letters: self.letters,
            shape: Shape::of(self.letters, self.uppers, self.first_upper),
            mid_sentence: self.mid_sentence,
        }
    }
}

/// Reads `text` once, keeping the words whose number of letters is in
/// `keep`. Words of a chunk are kept only if the chunk, read to its end, has
/// no digit.
pub(super) fn scan(text: &str, keep: RangeInclusive<usize>) -> Scan {
    // About a word every six bytes: most texts need no second allocation.
    let mut words = Vec::with_capacity(text.len() / 6 + 1);
    let (mut letters, mut lowers) = (0usize, 0usize);
    // Where the current chunk's words begin in `words`, and whether the
    // chunk has a digit so far.
    let (mut chunk_first, mut numeric) = (0, false);
    let mut open: Option<Open> = None;
    let mut continues = false;
    let bytes = text.as_bytes();
    let mut next = 0;
    while let Some(&b) = bytes.get(next) {
        let i = next;
        if b.is_ascii_alphabetic() {
            // A run of ASCII letters, most of any text, in one step: each
            // is a letter of the open word (opened here if none is), and
            // none is a space, a digit or an opening mark, so the loop
            // below would only count it and set `continues`.
            let run = bytes.get(i..).unwrap_or_default();
            let run = &run[..run.iter().take_while(|b| b.is_ascii_alphabetic()).count()];
            let ups = run.iter().filter(|b| b.is_ascii_uppercase()).count();
            letters += run.len();
            lowers += run.len() - ups;
            open.get_or_insert_with(|| Open::at(i, continues)).add(
                run.len(),
                ups,
                b.is_ascii_uppercase(),
            );
            continues = true;
            next += run.len();
            continue;
        }
        // ASCII by the table, without decoding; any other character is
        // decoded where it starts (`next` is always at a character).
        let f = match ASCII.get(usize::from(b)) {
            Some(&f) => {
                next += 1;
                f
            }
            None => {
                let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                next += c.len_utf8();
                classes(c)
            }
        };
        if f & ALPHA != 0 {
            letters += 1;
            lowers += usize::from(f & LOWER != 0);
        }
        if f & WORD != 0 {
            let w = open.get_or_insert_with(|| Open::at(i, continues));
            if f & ALPHA != 0 {
                let upper = f & UPPER != 0;
                w.add(1, usize::from(upper), upper);
            }
        } else if let Some(w) = open.take() {
            if keep.contains(&w.letters) {
                words.push(w.close(i));
            }
        }
        if f & SPACE != 0 {
            if numeric {
                words.truncate(chunk_first);
            }
            (chunk_first, numeric) = (words.len(), false);
            continue;
        }
        numeric |= f & NUMERIC != 0;
        if f & OPENING == 0 {
            continues = f & CONTINUES != 0;
        }
    }
    if let Some(w) = open.take().filter(|w| keep.contains(&w.letters)) {
        words.push(w.close(text.len()));
    }
    if numeric {
        words.truncate(chunk_first);
    }
    Scan {
        words,
        caps_text: lowers * 10 < letters * 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_table_is_classes() {
        for b in 0..128u8 {
            let c = char::from(b);
            assert_eq!(ASCII[usize::from(b)], classes(c), "{c:?}");
        }
    }
}
