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

/// The length of the run of ASCII letters that `bytes` begins with, and
/// how many of them are capitals, eight bytes at a time.
///
/// Each byte `b` of a word `x` is tested in its own lane, with no carry
/// into the next: `b` is a letter when it is below `0x80` and `b | 0x20`
/// (its lower case, if a letter) is in `a..=z`. On the low seven bits `y`
/// of `b | 0x20`, `y + 0x1f` reaches `0x80` exactly when `y >= 0x61` and
/// `y + 0x05` does exactly when `y > 0x7a`, and neither sum passes `0xff`;
/// a letter is a capital when its bit `0x20` is clear (shifted to `0x80`
/// by `<< 2`, which moves no bit of that lane out of it). The bytes past
/// the end are read as zero, no letter, so the run stops there.
/// `ascii_run_is_plain_count` checks it against counting byte by byte.
fn ascii_run(bytes: &[u8]) -> (usize, usize) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const CASE: u64 = 0x2020_2020_2020_2020;
    let (mut len, mut ups) = (0usize, 0usize);
    loop {
        let rest = bytes.get(len..).unwrap_or_default();
        let x = match rest.first_chunk::<8>() {
            Some(&lane) => u64::from_le_bytes(lane),
            None => {
                let mut lane = [0u8; 8];
                for (l, &b) in lane.iter_mut().zip(rest) {
                    *l = b;
                }
                u64::from_le_bytes(lane)
            }
        };
        let y = (x | CASE) & LOW7;
        let at_least_a = y.wrapping_add(0x1f1f_1f1f_1f1f_1f1f) & HIGH;
        let past_z = y.wrapping_add(0x0505_0505_0505_0505) & HIGH;
        let alpha = at_least_a & !past_z & !(x & HIGH);
        let upper = alpha & !((x << 2) & HIGH);
        let not_alpha = !alpha & HIGH;
        if not_alpha == 0 {
            len += 8;
            ups += lanes_set(upper);
            continue;
        }
        // Lanes below the first that is no letter (lane `k` is bits
        // `8k..8k+8`, little endian).
        let first = not_alpha.trailing_zeros() as usize / 8;
        let below = (1u64 << (first * 8)).wrapping_sub(1);
        return (len + first, ups + lanes_set(upper & below));
    }
}

/// How many lanes of `m` have their top bit set (`m` has no other bit):
/// each lane's bit moved to its bottom is 0 or 1, and the multiplication
/// sums the eight lanes into the top one (at most 8: no carry out of it).
/// Without `popcnt` (not in the baseline x86-64) `count_ones` is a longer
/// sequence.
fn lanes_set(m: u64) -> usize {
    ((m >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
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
            let (run, ups) = ascii_run(bytes.get(i..).unwrap_or_default());
            letters += run;
            lowers += run - ups;
            open.get_or_insert_with(|| Open::at(i, continues)).add(
                run,
                ups,
                b.is_ascii_uppercase(),
            );
            continues = true;
            next += run;
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

    /// [`ascii_run`] counts what a byte-by-byte count does, on every byte
    /// at every lane of runs of every length up to three words, and on
    /// random mixes of letters, other ASCII and UTF-8 bytes.
    #[test]
    fn ascii_run_is_plain_count() {
        fn plain(bytes: &[u8]) -> (usize, usize) {
            let run = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            let ups = bytes[..run]
                .iter()
                .filter(|b| b.is_ascii_uppercase())
                .count();
            (run, ups)
        }
        let letters = b"aZbYmMzA";
        let mut cases = 0;
        for len in 0..=24 {
            for stop in 0..=255u8 {
                let mut v: Vec<u8> = (0..len).map(|k| letters[k % 8]).collect();
                v.push(stop);
                v.extend_from_slice(b"abc");
                assert_eq!(ascii_run(&v), plain(&v), "{v:?}");
                v.truncate(len);
                assert_eq!(ascii_run(&v), plain(&v), "{v:?}");
                cases += 2;
            }
        }
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..50_000 {
            let mut v = Vec::new();
            for _ in 0..(state % 30) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let b = (state >> 24) as u8;
                // Mostly letters, so that runs are long.
                v.push(if state % 5 == 0 {
                    b
                } else {
                    letters[usize::from(b % 8)]
                });
            }
            state = state.wrapping_add(0x632b_e59b_d9b4_e019);
            assert_eq!(ascii_run(&v), plain(&v), "{v:?}");
            cases += 1;
        }
        assert!(cases > 60_000);
    }

    #[test]
    fn ascii_table_is_classes() {
        for b in 0..128u8 {
            let c = char::from(b);
            assert_eq!(ASCII[usize::from(b)], classes(c), "{c:?}");
        }
    }
}
