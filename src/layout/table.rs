//! Rows of the table METAS Y ACCIONES.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

/// A table row as printed: text cells split out, numeric cells kept in order.
///
/// The cells are borrowed from the document's line: most lines of a document
/// are rows of a dozen cells, and an owned string per cell was most of the
/// cost of reading one (and of the allocator's work in the whole layout).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawRow<'a> {
    pub(crate) line: usize,
    /// The PMD cell (line codes), `None` when the action number took its place.
    pub(crate) pmd: Option<&'a str>,
    pub(crate) numero: Option<i64>,
    /// The number as printed with its separator (`100.- `), for corrections.
    pub(crate) descripcion: &'a str,
    pub(crate) unidad: Option<&'a str>,
    /// From META ANUAL to the last numeric cell; empties kept as "".
    pub(crate) cells: Vec<&'a str>,
    /// The text cells after the numbers, joined by a space (borrowed when
    /// there is one).
    pub(crate) observaciones: Option<Cow<'a, str>>,
    /// P/A cells shown by the table header of the row's page.
    pub(crate) period_cells: Option<usize>,
}

// The patterns below stop at the first character of their last group, which
// runs to the end of the cell: a cell is one line, so `.*$` would always
// match, and leaving it out spares the regex engine a scan of the whole
// description.

fn number_prefix() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\d{1,4})\s*(?:\.\s*-|\.|-|–|\))\s*(\S)|^(\d{3,4})\s+(\D)")
            .expect("valid regex")
    })
}

fn pmd_codes() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?:\d{1,2}\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}[\s.,;y]*)+$").expect("valid regex")
    })
}

fn codes_then_number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^((?:\d{1,2}\.\d{1,2}\.\d{1,2}[\s.,;]*)+)\s+(\d{3,4}\s*(?:\.\s*-|\.|-|–)?\s*\D)",
        )
        .expect("valid regex")
    })
}

/// The number of tabs in a line, counted over its bytes (a tab is one byte
/// in UTF-8, and no other character's encoding holds that byte).
pub(crate) fn tabs(line: &str) -> usize {
    // Counted by chunks of at most 255 bytes, each into a byte: the compiler
    // then compares and adds 16 bytes at a time (into a `usize`, 2).
    line.as_bytes()
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(b == b'\t'))))
        .sum()
}

/// The tab-separated cells of a line, as `line.split('\t')` gives them,
/// found by a scan eight bytes at a time ([`next_tab`]): rows have many short
/// cells, and a `memchr` call per cell costs more than the scan.
pub(crate) fn cells(line: &str) -> impl Iterator<Item = &str> {
    let mut from = Some(0);
    std::iter::from_fn(move || {
        let start = from?;
        match next_tab(line.as_bytes(), start) {
            Some(i) => {
                from = Some(i + 1);
                line.get(start..i)
            }
            None => {
                from = None;
                line.get(start..)
            }
        }
    })
}

/// The first tab of `b` at or after byte `from`, eight bytes at a time.
///
/// A word XORed with eight tabs has a zero byte where `b` has a tab, and
/// `(w - 0x01..01) & !w & 0x80..80` sets the high bit of the lowest zero
/// byte of `w` (a byte below it borrows nothing, and its own subtraction
/// wraps to `0xff` with `!w` high) and of no byte below it (a byte that is
/// no zero and has no borrow from below keeps its high bit only where `w`
/// had it, which `!w` clears); bytes above the lowest zero may be flagged
/// falsely, but only the lowest flag is read. Little-endian, the lowest byte
/// is the first. The tail of fewer than eight bytes is scanned a byte at a
/// time. (A tab is one byte in UTF-8, and no other character's encoding
/// holds that byte: every position found is a character boundary.)
fn next_tab(b: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const TABS: u64 = ONES * 9;
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word) ^ TABS;
        let found = w.wrapping_sub(ONES) & !w & HIGH;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| c == b'\t').map(|p| i + p)
}

/// `c.trim()`, without its call for a cell that starts and ends on a
/// visible ASCII character (most cells: numbers), which is no whitespace.
fn trim_cell(c: &str) -> &str {
    match (c.as_bytes().first(), c.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => c,
        // (An empty cell, as many are, is its own trim.)
        (None, _) => c,
        _ => c.trim(),
    }
}

/// Whether a cell holds a number, a percentage or nothing.
#[cfg(test)]
pub(crate) fn numeric_cell(c: &str) -> bool {
    numeric_trimmed(trim_cell(c))
}

/// [`numeric_cell`] of a cell already trimmed (a row's cells are, and
/// trimming is idempotent).
fn numeric_trimmed(t: &str) -> bool {
    if t.is_empty() || t == "-" || t == "—" {
        return true;
    }
    // A digit and nothing but digits and separators, in one pass, over
    // bytes: the only character past ASCII allowed is U+00A0, which UTF-8
    // writes as C2 A0 (a C2 starts a character and A0 continues one, so a
    // C2 followed by A0 is that character and no other); any other byte
    // past ASCII belongs to a character that is not allowed.
    let mut digit = false;
    let b = t.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            digit = true;
        } else if c == 0xc2 && b.get(i + 1) == Some(&0xa0) {
            i += 1;
        } else if !matches!(c, b'.' | b',' | b' ' | b'%' | b'-') {
            return false;
        }
        i += 1;
    }
    digit
}

/// Whether a space is followed by three digits: what [`codes_then_number`]
/// needs to match (`\s+\d{3,4}`; its `\d` is a Unicode digit, which is
/// numeric), checked in one pass before running it.
fn space_then_digits(cell: &str) -> bool {
    let mut digits: Option<usize> = None;
    for c in cell.chars() {
        if c.is_whitespace() {
            digits = Some(0);
        } else if let (true, Some(n)) = (c.is_numeric(), digits.as_mut()) {
            *n += 1;
            if *n >= 3 {
                return true;
            }
        } else {
            digits = None;
        }
    }
    false
}

/// Whether a cell is all PMD codes, as [`pmd_codes`] matches it: an ASCII
/// cell read by hand (see [`codes_from`]), the others by the pattern.
fn pmd_cell(cell: &str) -> bool {
    if !cell.is_ascii() {
        return pmd_codes().is_match(cell);
    }
    let b = cell.as_bytes();
    // Most PMD cells hold one code and nothing else: `d.d.d`, each number of
    // one or two digits, which the pattern matches (each `\s*` and the
    // trailing class empty). Any other cell is read in full.
    if single_code(b) {
        return true;
    }
    // (Most cells are short: their answers kept on the stack.)
    let mut small = [None; 64];
    let mut large = vec![];
    let known = match small.get_mut(..=b.len()) {
        Some(k) => k,
        None => {
            large.resize(b.len() + 1, None);
            &mut large[..]
        }
    };
    codes_from(b, 0, known)
}

/// Whether `b` is exactly three numbers of one or two digits joined by
/// periods (`5.3.2`, `10.1.12`): a single PMD code with nothing around it.
fn single_code(b: &[u8]) -> bool {
    let mut i = 0;
    for part in 0..3 {
        let n = digits(b, i);
        if n == 0 || n > 2 {
            return false;
        }
        i += n;
        if part < 2 {
            if b.get(i) != Some(&b'.') {
                return false;
            }
            i += 1;
        }
    }
    i == b.len()
}

/// The leading number and period of a PMD code in ASCII text, as both code
/// patterns read them (this one and `resolve::table`'s): `\d{1,2}\s*\.\s*`
/// from byte `j`, where on ASCII `\d` is `0-9` and `\s` is [`ascii_space`].
/// The number's end and where the next number starts; none for a run of
/// three digits or more, since a group takes at most two and what must
/// follow it (a space or the period) is no digit.
pub(crate) fn number_dot(b: &[u8], j: usize) -> Option<(usize, usize)> {
    let n = digits(b, j);
    if n == 0 || n > 2 {
        return None;
    }
    let k = spaces(b, j + n);
    (b.get(k) == Some(&b'.')).then(|| (j + n, spaces(b, k + 1)))
}

/// Whether an ASCII byte is a `\s` of the patterns (Unicode `White_Space`:
/// the space and `\t` to `\r`, the vertical tab included).
fn ascii_space(c: u8) -> bool {
    char::from(c).is_whitespace()
}

/// The digits of the run at byte `j`.
fn digits(b: &[u8], j: usize) -> usize {
    b.iter().skip(j).take_while(|c| c.is_ascii_digit()).count()
}

/// Where the spaces from byte `j` end.
fn spaces(b: &[u8], j: usize) -> usize {
    j + b.iter().skip(j).take_while(|&&c| ascii_space(c)).count()
}

/// Whether `b[i..]`, ASCII, is one or more codes of [`pmd_codes`]:
/// `\d{1,2}\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}[\s.,;y]*`, where on ASCII `\d` is
/// `0-9` and `\s` is `\t`, `\n`, `\x0B`, `\x0C`, `\r` and the space.
///
/// The first two numbers are the whole run of digits (a digit left over
/// stands where a space or a period must), so a run of three or more fails.
/// The last may be a run's first one or two digits, the rest starting the
/// next code; after the whole run, the trailing class, which holds no digit,
/// takes everything up to the next code's first digit or the end. Answers
/// are remembered per position in `known`: splitting runs branches.
fn codes_from(b: &[u8], i: usize, known: &mut [Option<bool>]) -> bool {
    if let Some(&Some(k)) = known.get(i) {
        return k;
    }
    // Where the next number starts, after a number and its period.
    let next = |j: usize| number_dot(b, j).map(|(_, next)| next);
    let last = next(i).and_then(next);
    let ok = last.is_some_and(|j| {
        let n = digits(b, j);
        (1..=n.min(2)).rev().any(|t| {
            if t < n {
                return codes_from(b, j + t, known);
            }
            let k = j
                + b.iter()
                    .skip(j + t)
                    .take_while(|&&c| ascii_space(c) || matches!(c, b'.' | b',' | b';' | b'y'))
                    .count()
                + t;
            k == b.len() || (b.get(k).is_some_and(u8::is_ascii_digit) && codes_from(b, k, known))
        })
    });
    if let Some(slot) = known.get_mut(i) {
        *slot = Some(ok);
    }
    ok
}

/// Whether a character is a `\d` of the patterns (a Unicode decimal
/// digit), when that is told without the Unicode tables: an ASCII one is if
/// it is `0-9`, another is not if it is not numeric at all (decimal digits
/// are numeric); `None` for the other numeric characters.
fn decimal(c: char) -> Option<bool> {
    if c.is_ascii() {
        Some(c.is_ascii_digit())
    } else if !c.is_numeric() {
        Some(false)
    } else {
        None
    }
}

/// Where [`number_prefix`]'s match in `cell` ends (`Some(None)`: there is
/// none), read by hand; `None` when a character it must class as a digit or
/// not is one [`decimal`] cannot tell (then the pattern itself decides).
///
/// The pattern is `^(\d{1,4})\s*(?:\.\s*-|\.|-|–|\))\s*(\S)` or else
/// `^(\d{3,4})\s+(\D)`, anchored; `\s` is `White_Space`, which is what
/// `char::is_whitespace` tells. Its choices, in the order the regex tries
/// them: a run of digits is taken whole (leaving one leaves a digit where
/// a space, a separator or the end must follow) and a run of more than
/// four matches neither branch; each `\s*` before a fixed character takes
/// every space (none is that character). After `.`, `\s*-\s*(\S)` is tried
/// first, then `\s*(\S)`, which also matches where the first fails for want
/// of a character after the `-` (the `-` is then the `\S`). The second
/// branch's `\s+` gives its last space back to `\D` when no other character
/// follows (a space is no digit).
fn number_prefix_end(cell: &str) -> Option<Option<usize>> {
    let at = |i: usize| cell.get(i..).and_then(|r| r.chars().next());
    let spaces = |mut i: usize| {
        while let Some(c) = at(i).filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        }
        i
    };
    // A character that is no space, at `i`: where it ends.
    let visible = |i: usize| {
        at(i)
            .filter(|c| !c.is_whitespace())
            .map(|c| i + c.len_utf8())
    };
    // Only ASCII digits are counted: the run goes on past them only through
    // a character `decimal` cannot tell.
    let run = cell.bytes().take_while(u8::is_ascii_digit).count();
    if at(run).is_some_and(|c| decimal(c).is_none()) {
        return None;
    }
    if run == 0 {
        return Some(None);
    }
    if run <= 4 {
        let p = spaces(run);
        let first = match at(p) {
            Some('.') => {
                let q = spaces(p + 1);
                let dashed = (at(q) == Some('-'))
                    .then(|| visible(spaces(q + 1)))
                    .flatten();
                dashed.or_else(|| visible(q))
            }
            Some(c @ ('-' | '–' | ')')) => visible(spaces(p + c.len_utf8())),
            _ => None,
        };
        if first.is_some() {
            return Some(first);
        }
    }
    if !(3..=4).contains(&run) {
        return Some(None);
    }
    let q = spaces(run);
    // The spaces after the number, counted.
    let n = cell.get(run..q).map_or(0, |w| w.chars().count());
    if n == 0 {
        return Some(None);
    }
    match at(q) {
        Some(c) if !decimal(c)? => Some(Some(q + c.len_utf8())),
        _ if n >= 2 => Some(Some(q)),
        _ => Some(None),
    }
}

/// Splits a number prefix off a description: `"100.- Dirigir"` → (100, "Dirigir").
fn split_number(cell: &str) -> Option<(i64, &str)> {
    let cell = cell.trim();
    // The match alone, not its groups: a search for where a match ends runs
    // on the regex's DFA, captures on its backtracker. The groups follow
    // from the pattern's shape: each branch ends on its last group, one
    // character; and the number is the whole run of `\d` the line starts
    // with, since what follows it in either branch (`\s`, `.`, `-`, `–`,
    // `)`) is no digit.
    let end = match number_prefix_end(cell) {
        Some(end) => end?,
        None => number_prefix().find(cell)?.end(),
    };
    let last = cell[..end].chars().next_back()?;
    let rest = cell[end - last.len_utf8()..].trim();
    // At least three letters (counted up to the third: a description runs
    // long).
    rest.chars().filter(|c| c.is_alphabetic()).nth(2)?;
    // The number parses only if its run is all ASCII digits: a run that
    // goes on past them holds another `\d` (numeric), and does not parse.
    let ascii = cell.bytes().take_while(u8::is_ascii_digit).count();
    let (n, after) = cell.split_at(ascii);
    if after.starts_with(char::is_numeric) {
        return None;
    }
    Some((n.parse().ok()?, rest))
}

/// Reads a table row from a line; `None` if the line is not one.
pub(crate) fn row(line: &str, no: usize) -> Option<RawRow<'_>> {
    row_with_tabs(line, no, tabs(line))
}

/// [`row`] of a line whose [`tabs`] its caller has counted already.
pub(crate) fn row_with_tabs(line: &str, no: usize, tabs: usize) -> Option<RawRow<'_>> {
    // A line of fewer than three cells is no row: told by its tabs alone.
    if tabs < 2 {
        return None;
    }
    let mut cells: Vec<&str> = Vec::with_capacity(tabs + 1);
    cells.extend(self::cells(line).map(trim_cell));
    if cells.len() < 3 {
        return None;
    }
    // The PMD cell and the description may have lost the tab between them.
    let split;
    let first = cells[0];
    if let Some(c) = space_then_digits(first)
        .then(|| codes_then_number().captures(first))
        .flatten()
    {
        split = (
            c.get(1).map_or("", |m| m.as_str()),
            c.get(2).map_or("", |m| &first[m.start()..]),
        );
        cells.splice(0..1, [split.0, split.1]);
    }
    let (pmd, numero, descripcion) = if cells[0].len() <= 4
        && cells[0].chars().all(|c| c.is_ascii_digit())
        && !cells[0].is_empty()
        && cells[1]
            .chars()
            .filter(|c| c.is_alphabetic())
            .nth(7)
            .is_some()
    {
        // The action number was pushed into the PMD cell.
        (None, cells[0].parse().ok(), cells[1])
    } else if cells[0].is_empty() || pmd_cell(cells[0]) {
        let (n, d) = split_number(cells[1])?;
        (Some(cells[0]), Some(n), d)
    } else {
        return None;
    };
    // The cells after the description, by index: the numeric ones are
    // then cut out of `cells` in place, which becomes the row's.
    let mut at = 2;
    let unidad = match cells.get(at) {
        Some(&u) if !numeric_trimmed(u) => {
            at += 1;
            Some(u)
        }
        Some(&"") => {
            at += 1;
            None
        }
        _ => None,
    };
    let rest = cells.get(at..).unwrap_or_default();
    let text_at = rest
        .iter()
        .position(|c| !numeric_trimmed(c))
        .unwrap_or(rest.len());
    let (numbers, text) = rest.split_at(text_at);
    let kept = numbers.len() - numbers.iter().rev().take_while(|c| c.is_empty()).count();
    let mut obs = text.iter().copied().filter(|c| !c.is_empty());
    let observaciones = obs.next().map(|first| match obs.next() {
        None => Cow::Borrowed(first),
        Some(second) => {
            let mut all = [first, second].join(" ");
            for c in obs {
                all.push(' ');
                all.push_str(c);
            }
            Cow::Owned(all)
        }
    });
    if kept == 0 && unidad.is_none() {
        return None;
    }
    cells.truncate(at + kept);
    cells.drain(..at);
    Some(RawRow {
        line: no,
        pmd,
        numero,
        descripcion,
        unidad,
        cells,
        observaciones,
        period_cells: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pre-check never turns away a cell [`codes_then_number`] matches.
    #[test]
    fn space_then_digits_is_necessary() {
        for cell in [
            "4.5.3 103.- Celebrar",
            "4.5.3, 4.5.4  1030 x",
            "4.5.3\u{a0}٣٣٣ x",
            "1.1.1\u{b}200 x",
            "4.5.3 10 x",
            "4.5.3103 x",
        ] {
            if codes_then_number().is_match(cell) {
                assert!(space_then_digits(cell), "{cell:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn space_then_digits_holds_where_the_pattern_matches(
            codes in proptest::collection::vec("[0-9]{1,3}[ ]?[.][ ]?[0-9]{1,3}[.][0-9]{1,3}[ .,;y]{0,3}", 1..4),
            gap in "[ \t\u{a0}\u{b}]{0,2}",
            n in "[0-9٣]{0,5}",
            tail in "[ .–)-]{0,3}[A-Za-zÉ ]{0,4}",
        ) {
            let cell = format!("{}{gap}{n}{tail}", codes.concat());
            if codes_then_number().is_match(&cell) {
                proptest::prop_assert!(space_then_digits(&cell), "{:?}", cell);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(8000))]
        /// The hand reading ends where the pattern's match does, or leaves
        /// the cell to it: numbers of every length, every separator, spaces
        /// of several kinds, the end of the cell anywhere, other digits.
        #[test]
        fn number_prefix_end_agrees_with_the_pattern(
            cell in "[0-9]{0,6}[ \t\u{a0}\u{2003}]{0,3}[.)–-]{0,2}[ \u{a0}]{0,2}[-.]?[ ]{0,2}[A-Za-zÉ٣0-9 .-]{0,3}",
        ) {
            let want = number_prefix().find(&cell).map(|m| m.end());
            if let Some(got) = number_prefix_end(&cell) {
                proptest::prop_assert_eq!(got, want, "{:?}", cell);
            }
        }
    }

    #[test]
    fn number_prefix_end_reads_most_cells() {
        let (mut read, mut found) = (0, 0);
        for cell in [
            "100.- Dirigir",
            "100 .- x",
            "100. - ",
            "100.-",
            "100.",
            "100",
            "100 x",
            "100  ",
            "100  1",
            "100 1",
            "12) Hacer",
            "7 – Hacer",
            "12345. x",
            "1.-",
            "٣٣٣ x",
            "203.-PUBLICAR",
            "200 - IMPULSAR",
            "101.- Dar",
            "x100",
        ] {
            let want = number_prefix().find(cell).map(|m| m.end());
            if let Some(got) = number_prefix_end(cell) {
                assert_eq!(got, want, "{cell:?}");
                read += 1;
                found += usize::from(got.is_some());
            }
        }
        assert!(read >= 18 && found >= 10, "{read} {found}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(8000))]
        /// The hand reading of a PMD cell agrees with the pattern: codes
        /// with long and split runs, every separator and trailing debris,
        /// non-ASCII cells (left to the pattern).
        #[test]
        fn pmd_cell_agrees_with_the_pattern(
            cell in "([0-9]{1,3}[ \t\u{b}]?[.][ ]?[0-9]{1,3}[ ]?[.][ \r]?[0-9]{1,4}[ .,;yx\u{a0}]{0,3}){0,4}[0-9.]{0,2}",
        ) {
            proptest::prop_assert_eq!(pmd_cell(&cell), pmd_codes().is_match(&cell), "{:?}", cell);
        }

        /// Codes run together (`1.2.34.5.6` is `1.2.3` and `4.5.6`), with a
        /// stray character anywhere.
        #[test]
        fn pmd_cell_agrees_on_codes_run_together(
            cell in "(([0-9]{1,2}[.]){2}[0-9]{1,2}[ .,;y]{0,1}){1,5}[0-9.x]{0,1}",
        ) {
            proptest::prop_assert_eq!(pmd_cell(&cell), pmd_codes().is_match(&cell), "{:?}", cell);
        }
    }

    #[test]
    fn pmd_cell_splits_runs() {
        for (cell, want) in [
            ("1.2.34.5.6", true),
            ("1.2.345.6.7", true),
            ("1.2.3456.7.8", true),
            ("1.2.34567.8.9", false),
            ("1.2.3 4.5.6", true),
            ("1.2.3x", false),
            ("11.22.33y", true),
        ] {
            assert_eq!(pmd_cell(cell), want, "{cell:?}");
            assert_eq!(pmd_codes().is_match(cell), want, "{cell:?}");
        }
    }

    /// [`split_number`] as first written, with the pattern's groups.
    fn split_number_plain(cell: &str) -> Option<(i64, &str)> {
        let cell = cell.trim();
        let c = number_prefix().captures(cell)?;
        let (n, rest) = match (c.get(1), c.get(2)) {
            (Some(n), Some(r)) => (n, r),
            _ => (c.get(3)?, c.get(4)?),
        };
        let rest = cell[rest.start()..].trim();
        rest.chars().filter(|c| c.is_alphabetic()).nth(2)?;
        Some((n.as_str().parse().ok()?, rest))
    }

    #[test]
    fn split_number_agrees_with_the_groups() {
        let mut hits = 0;
        for cell in [
            "100.- Dirigir",
            "100 .  - Dirigir",
            "100.-Dirigir",
            "100- Dirigir",
            "100– Dirigir",
            "7) Dirigir y más",
            "701 Rehabilitación",
            "7011 Rehabilitación",
            "70111 Rehabilitación",
            "70 Rehabilitación",
            "٣٣٣ Rehabilitación",
            "10٣ Rehabilitación",
            "10٣. Rehabilitación",
            "1². Rehabilitación",
            "100.- É",
            "100.- Éàü",
            "100. 200 abc",
            "100.-\u{a0}Ñandú",
            "",
            "abc",
        ] {
            let got = split_number(cell);
            assert_eq!(got, split_number_plain(cell), "{cell:?}");
            hits += usize::from(got.is_some());
        }
        assert!(hits >= 8, "{hits}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn split_number_agrees_with_the_groups_on_any_prefix(
            cell in "[ ]?[0-9٣²]{0,6}[ \u{a0}]{0,2}[.)–-]{0,2}[ ]{0,2}[A-Za-zÉ0-9٣ .-]{0,6}",
        ) {
            proptest::prop_assert_eq!(split_number(&cell), split_number_plain(&cell), "{:?}", cell);
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_cell_trims_as_trim_does(c in "[ a9%\u{a0}\u{2003}é\t.]{0,6}") {
            proptest::prop_assert_eq!(trim_cell(&c), c.trim(), "{:?}", c);
        }

        #[test]
        fn numeric_cell_agrees_with_the_plain_test(c in "[ 0-9.,%a\u{a0}\u{2014}\u{c2}\u{e0}\u{2000}\u{a0}-]{0,6}") {
            let t = c.trim();
            let plain = t.is_empty()
                || t == "-"
                || t == "—"
                || (t.chars().any(|c| c.is_ascii_digit())
                    && t.chars().all(|c| {
                        c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '%' | '-' | '\u{a0}')
                    }));
            proptest::prop_assert_eq!(numeric_cell(&c), plain, "{:?}", c);
        }
    }

    /// [`cells`] splits as `split('\t')` does, on ASCII and wider text.
    #[test]
    fn cells_split_as_split_does() {
        for line in [
            "",
            "\t",
            "\t\t",
            "a",
            "a\tb",
            "\ta\t",
            "4.5.3\t100.- Dirigir\tInforme\t4\t\t25%\t",
            "Ñ\tÉ–é\t\t٣",
            "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t",
            "abcdefg\thijklmno\tpqrstuvw\t",
            "\u{89}\u{109}\u{909}\t\u{89}\u{109}\u{909}x\t",
        ] {
            let want: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells(line).collect::<Vec<_>>(), want, "{line:?}");
            assert_eq!(tabs(line), line.matches('\t').count(), "{line:?}");
        }
    }

    /// [`next_tab`] finds what a byte-by-byte search finds, from every
    /// start, with tabs at every lane of a word and bytes that differ from
    /// a tab by one bit or hold a tab's bits among others.
    #[test]
    fn next_tab_finds_the_first_tab() {
        let bytes = [b'\t', b'a', 0, 8, 10, 0x89, 0x49, 0xff, 0x80, 0x01];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..4000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 40) as usize;
            let b: Vec<u8> = (0..len)
                .map(|k| bytes[((state >> (k % 60)) as usize + k * 7) % bytes.len()])
                .collect();
            for from in 0..=len + 1 {
                let want = b
                    .get(from..)
                    .and_then(|r| r.iter().position(|&c| c == b'\t'))
                    .map(|p| from + p);
                assert_eq!(next_tab(&b, from), want, "{b:?} {from}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn cells_split_as_split_does_on_any_text(line in "[a\tÑ٣ \u{2003}\u{89}\u{109}]{0,40}|[\ta]{250,600}") {
            let want: Vec<&str> = line.split('\t').collect();
            proptest::prop_assert_eq!(cells(&line).collect::<Vec<_>>(), want);
            proptest::prop_assert_eq!(tabs(&line), line.matches('\t').count());
        }
    }

    #[test]
    fn plain_row() {
        let r = row(
            "4.5.3\t100.- Dirigir y presentar un informe.\tInforme\t4\t1\t1\t1\t25%\t",
            29,
        )
        .unwrap();
        assert_eq!(r.numero, Some(100));
        assert_eq!(r.descripcion, "Dirigir y presentar un informe.");
        assert_eq!(r.pmd, Some("4.5.3"));
        assert_eq!(r.unidad, Some("Informe"));
        assert_eq!(r.cells, ["4", "1", "1", "1", "25%"]);
        assert_eq!(r.observaciones, None);
    }

    #[test]
    fn number_in_pmd_cell_and_observaciones() {
        let r = row("400\tDESARROLLAR Y EJECUTAR PROYECTOS\tPROYECTO\t25\t7\t4\t16%\tNo se cumple la meta.\t\t", 201).unwrap();
        assert_eq!((r.numero, r.pmd), (Some(400), None));
        assert_eq!(r.cells, ["25", "7", "4", "16%"]);
        assert_eq!(r.observaciones.as_deref(), Some("No se cumple la meta."));
    }

    #[test]
    fn number_formats() {
        for (l, n, d) in [
            (
                "4.5.3\t202.-Elaborar avances\tInforme\t4",
                202,
                "Elaborar avances",
            ),
            (
                "1.6.6\t309 - Fortalecer las alianzas\tCapacitación\t20",
                309,
                "Fortalecer las alianzas",
            ),
            (
                "1.1.1, 1.1.2\t500 - Promover el desarrollo\tPERSONA USUARIA\t32500",
                500,
                "Promover el desarrollo",
            ),
            (
                "1.1.7\t701 Rehabilitación del Centro\tRehabilitación\t1",
                701,
                "Rehabilitación del Centro",
            ),
        ] {
            let r = row(l, 1).unwrap();
            assert_eq!((r.numero, r.descripcion), (Some(n), d));
        }
    }

    #[test]
    fn not_rows() {
        assert!(row(
            "LINEA DE ACCIÓN P.M.D.\tMETAS Y ACCIONES\tUNIDAD MEDIDA\tMETA ANUAL",
            1
        )
        .is_none());
        assert!(row("\t\t\t\tP\tA\tP\tA", 1).is_none());
        assert!(row("RAMO:\t54 BIENESTAR SOCIAL MUNICIPAL (BISON)", 1).is_none());
    }

    #[test]
    fn lost_tab_between_codes_and_number() {
        let r = row("4.5.3 103.- Celebrar sesiones del Órgano\tSesión\t4\t1", 1).unwrap();
        assert_eq!((r.numero, r.pmd), (Some(103), Some("4.5.3")));
    }
}
