//! From printed cells to numeric tokens.
//!
//! A cell may hold one number (`8477`, `2,500`, `2 500`, `25 %`), several
//! (`1 1 1`, `4 16%`) or nothing. Some printed forms have two readings
//! (`2.500` is 2.5 or 2500; `2 500` is 2500 or the two cells 2 and 500);
//! those become alternative token lists ([`Variant`]s) and the arithmetic
//! decides between them.

use std::ops::Deref;
use std::rc::Rc;

use super::Cells;

/// What a token says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Tok {
    /// An empty cell (or one with no digits).
    Empty,
    /// A plain number.
    Num(f64),
    /// A percentage (`25%`), the number without the sign.
    Pct(f64),
}

impl Tok {
    /// The number, whether plain or percent.
    pub(crate) fn value(self) -> Option<f64> {
        match self {
            Tok::Empty => None,
            Tok::Num(v) | Tok::Pct(v) => Some(v),
        }
    }
}

/// One token of a row, with where it came from. Copying a token costs no
/// allocation (its text is borrowed from the row, or shared), so that a
/// row's readings ([`Variant`]s), each a copy of most of its tokens, cost
/// little more than one.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token<'a> {
    /// The reading.
    pub(crate) tok: Tok,
    /// Index of the cell in [`RowCells::cells`](super::RowCells::cells);
    /// `usize::MAX` for a value taken from the unit-of-measure text.
    pub(crate) cell: usize,
    /// The printed text of this token.
    pub(crate) text: Text<'a>,
    /// Whether the printed number is written otherwise than its canonical
    /// form (`2,500` for `2500`): see [`Token::canon`].
    pub(crate) rewritten: bool,
}

impl Token<'_> {
    /// The canonical text when the printed number is written differently
    /// (`2,500` → `2500`); `None` when it is already canonical. Worked out
    /// when asked (only for the readings written out in full).
    pub(crate) fn canon(&self) -> Option<String> {
        self.tok
            .value()
            .filter(|_| self.rewritten)
            .map(format_number)
    }
}

/// A token's printed text: borrowed from the row where the cell is printed
/// as it is (the commonest cells), or made once and shared by every copy.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Text<'a> {
    /// The row's own text.
    Row(&'a str),
    /// A word the cell's reading rewrote (spacing, a glued `%`, a group
    /// joined), shared by the tokens and readings that hold it.
    Shared(Rc<str>),
}

impl Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Row(s) => s,
            Text::Shared(s) => s,
        }
    }
}

/// One reading of a whole row's cells.
#[derive(Clone, Debug)]
pub(crate) struct Variant<'a> {
    /// Tokens in printed order.
    pub(crate) tokens: Vec<Token<'a>>,
    /// How unlikely the reading of the printed forms is (0 for the plain one).
    pub(crate) cost: f64,
}

/// Most alternative readings kept for one cell.
const MAX_CELL_ALTS: usize = 4;
/// Most alternative readings kept for one row.
pub(crate) const MAX_VARIANTS: usize = 12;
/// Most tokens looked at in one row: the first [`KEEP_HEAD`] and the last
/// [`KEEP_TAIL`] (the tail holds `abs rel%`); hostile rows are cut.
pub(crate) const MAX_TOKENS: usize = 64;
const KEEP_HEAD: usize = 40;
const KEEP_TAIL: usize = MAX_TOKENS - KEEP_HEAD;

/// The readings of a row's cells, cheapest first, at most [`MAX_VARIANTS`].
///
/// The second element says whether tokens were cut off (a hostile row).
pub(crate) fn variants(cells: Cells<'_>) -> (Vec<Variant<'_>>, bool) {
    // Each form of cells walked as its own slice (no chain of the two).
    match cells {
        Cells::Owned(c) => variants_of(c.iter().map(String::as_str), c.len()),
        Cells::Borrowed(c) => variants_of(c.iter().copied(), c.len()),
    }
}

/// [`variants`] of `len` cells.
fn variants_of<'a>(cells: impl Iterator<Item = &'a str>, len: usize) -> (Vec<Variant<'a>>, bool) {
    let mut acc: Vec<(Vec<Token<'a>>, f64)> = vec![(Vec::with_capacity(len), 0.0)];
    for (i, cell) in cells.enumerate() {
        // The commonest cells have one reading of one token: no lists.
        if let Some(tok) = plain_cell(cell, i) {
            if let Some(((last, _), rest)) = acc.split_last_mut() {
                for (toks, _) in rest {
                    toks.push(tok.clone());
                }
                last.push(tok);
            }
            continue;
        }
        let mut alts = cell_alternatives(cell, i);
        if alts.len() == 1 {
            let (toks, _) = alts.swap_remove(0);
            for (readings, _) in acc.iter_mut() {
                readings.extend(toks.iter().cloned());
            }
            continue;
        }
        acc = extend_readings(acc, &alts);
    }
    let mut cut = false;
    let out = acc
        .into_iter()
        .map(|(mut tokens, cost)| {
            if tokens.len() > MAX_TOKENS {
                cut = true;
                let tail = tokens.split_off(tokens.len() - KEEP_TAIL);
                tokens.truncate(KEEP_HEAD);
                tokens.extend(tail);
            }
            Variant { tokens, cost }
        })
        .collect();
    (out, cut)
}

/// The readings of a row so far (`acc`), each followed by each of a
/// cell's readings (`alts`), cheapest first, at most [`MAX_VARIANTS`].
///
/// The readings are ranked by their costs alone, and only the ones kept
/// are built: the same costs, in the same order (a reading so far, then
/// a cell's reading), under the same stable sort, keep the same readings
/// in the same order as building every one and cutting the list
/// (`extended_readings_are_the_ones_kept_of_all`). A reading so far is
/// copied only where a later kept one still needs it, and moved into its
/// last.
fn extend_readings<'a>(
    mut acc: Vec<(Vec<Token<'a>>, f64)>,
    alts: &[(Vec<Token<'a>>, f64)],
) -> Vec<(Vec<Token<'a>>, f64)> {
    let mut order: Vec<(f64, usize, usize)> = Vec::with_capacity(acc.len() * alts.len());
    for (i, (_, cost)) in acc.iter().enumerate() {
        for (j, (_, c)) in alts.iter().enumerate() {
            order.push((cost + c, i, j));
        }
    }
    // Stable sort: among equal costs the plainer readings come first.
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    order.truncate(MAX_VARIANTS);
    // How many kept readings each reading so far still starts (there are
    // never more than MAX_VARIANTS of them).
    let mut uses = [0u8; MAX_VARIANTS];
    for &(_, i, _) in &order {
        if let Some(u) = uses.get_mut(i) {
            *u += 1;
        }
    }
    let mut next = Vec::with_capacity(order.len());
    for &(cost, i, j) in &order {
        let (toks, _) = &mut acc[i];
        let alt = &alts[j].0;
        let left = uses.get_mut(i).map(|u| {
            *u -= 1;
            *u
        });
        let mut t = if left == Some(0) {
            let mut t = std::mem::take(toks);
            t.reserve(alt.len());
            t
        } else {
            // Room for the cells still to come, as the first reading
            // has: a copy of the exact length would grow at once.
            let mut t = Vec::with_capacity(toks.capacity().max(toks.len() + alt.len()));
            t.extend_from_slice(toks);
            t
        };
        t.extend(alt.iter().cloned());
        next.push((t, cost));
    }
    next
}

/// Most words looked at in one cell.
const MAX_WORDS: usize = 64;

/// The alternative token lists of one cell with their costs, cheapest first.
pub(crate) fn cell_alternatives(cell: &str, index: usize) -> Vec<(Vec<Token<'_>>, f64)> {
    if let Some(tok) = plain_cell(cell, index) {
        return vec![(vec![tok], 0.0)];
    }
    if let Some(alts) = grouped_cell(cell, index) {
        return alts;
    }
    general_alternatives(cell, index)
}

/// [`cell_alternatives`] of any cell, by its words.
fn general_alternatives(cell: &str, index: usize) -> Vec<(Vec<Token<'_>>, f64)> {
    let mut words = words(cell);
    words.truncate(MAX_WORDS);
    // alts[i]: the readings of words[i..], built from the end.
    let mut alts: Vec<Vec<(Vec<Token<'_>>, f64)>> = vec![Vec::new(); words.len() + 1];
    alts[words.len()] = vec![(Vec::new(), 0.0)];
    for i in (0..words.len()).rev() {
        // Choices starting at word i: (token, cost, words consumed).
        let mut choices: Vec<(Token<'_>, f64, usize)> = Vec::new();
        let grouped = space_grouped(&words[i..]);
        // A split reading competes with a thousands group written with
        // spaces; one number per cell is the rule, so the group wins ties.
        let split_cost = if grouped.is_some() { 0.1 } else { 0.0 };
        let text: Rc<str> = Rc::from(words[i].as_str());
        for (tok, cost, rewritten) in parse_word(&words[i]) {
            choices.push((
                Token {
                    tok,
                    cell: index,
                    text: Text::Shared(Rc::clone(&text)),
                    rewritten,
                },
                cost + split_cost,
                1,
            ));
        }
        if let Some((joined, n)) = grouped {
            let text: Rc<str> = Rc::from(words[i..i + n].join(" "));
            for (tok, cost, _) in parse_word(&joined) {
                choices.push((
                    Token {
                        tok,
                        cell: index,
                        text: Text::Shared(Rc::clone(&text)),
                        rewritten: tok.value().is_some(),
                    },
                    cost,
                    n,
                ));
            }
        }
        let mut here = Vec::new();
        for (tok, cost, n) in choices {
            for (rest, rc) in &alts[i + n] {
                let mut t = Vec::with_capacity(rest.len() + 1);
                t.push(tok.clone());
                t.extend(rest.iter().cloned());
                here.push((t, cost + rc));
            }
        }
        if here.is_empty() {
            // An unreadable word: skip it.
            here = alts[i + 1].clone();
        }
        here.sort_by(|a, b| a.1.total_cmp(&b.1));
        here.truncate(MAX_CELL_ALTS);
        alts[i] = here;
    }
    let out = alts.swap_remove(0);
    if out.iter().all(|(t, _)| t.is_empty()) {
        let tok = Token {
            tok: Tok::Empty,
            cell: index,
            text: Text::Row(cell.trim()),
            rewritten: false,
        };
        return vec![(vec![tok], 0.0)];
    }
    out
}

/// The one reading of the commonest cells, without the general machinery:
/// no digits at all (an empty cell), or one plain number, maybe with a
/// percent sign glued to it (`8477`, `25%`). The general path reads them
/// the same way.
fn plain_cell(cell: &str, index: usize) -> Option<Token<'_>> {
    let bytes = cell.as_bytes();
    // One walk over the leading digits, their value worked out on the way
    // (wrapping: it is used only for at most 15 digits, where it is exact).
    let mut n = 0u64;
    let mut j = 0;
    while let Some(&b) = bytes.get(j) {
        if !b.is_ascii_digit() {
            break;
        }
        n = n.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
        j += 1;
    }
    if j == 0 {
        // No leading digit: an empty cell if there is no digit at all;
        // otherwise the body (the cell, less a trailing `%`) is not all
        // digits.
        if bytes.iter().any(u8::is_ascii_digit) {
            return None;
        }
        return Some(Token {
            tok: Tok::Empty,
            cell: index,
            text: Text::Row(cell.trim()),
            rewritten: false,
        });
    }
    // The body is all digits: the whole cell, or all of it but a `%`.
    let pct = match &bytes[j..] {
        [] => false,
        [b'%'] => true,
        _ => return None,
    };
    // Short enough for an exact integer; a leading zero is rewritten, so it
    // takes the general path.
    if j > 15 || (j > 1 && bytes[0] == b'0') {
        return None;
    }
    // At most 15 digits: the integer is below 2^53, so it converts to the
    // very `f64` that parsing the text gives, without the float parser.
    let v = n as f64;
    Some(Token {
        tok: if pct { Tok::Pct(v) } else { Tok::Num(v) },
        cell: index,
        text: Text::Row(cell),
        rewritten: false,
    })
}

/// [`plain_cell`] as it was first written: the test's reference.
#[cfg(test)]
fn plain_cell_reference(cell: &str, index: usize) -> Option<Token<'_>> {
    let bytes = cell.as_bytes();
    if !bytes.iter().any(u8::is_ascii_digit) {
        return Some(Token {
            tok: Tok::Empty,
            cell: index,
            text: Text::Row(cell.trim()),
            rewritten: false,
        });
    }
    let (body, pct) = match cell.strip_suffix('%') {
        Some(b) => (b, true),
        None => (cell, false),
    };
    // Short enough for an exact integer; a leading zero is rewritten, so it
    // takes the general path.
    if body.is_empty()
        || body.len() > 15
        || !body.bytes().all(|b| b.is_ascii_digit())
        || (body.len() > 1 && body.starts_with('0'))
    {
        return None;
    }
    // At most 15 digits: the integer is below 2^53, so it converts to the
    // very `f64` that parsing the text gives, without the float parser.
    let n = body.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let v = n as f64;
    Some(Token {
        tok: if pct { Tok::Pct(v) } else { Tok::Num(v) },
        cell: index,
        text: Text::Row(cell),
        rewritten: false,
    })
}

/// The readings of the next commonest cells, without the general
/// machinery: one number with its thousands grouped by commas or points
/// (`2,500`, `1.234.567`, `12,500%`), nothing else in the cell. The general
/// path reads them the same way (`grouped_cells_read_as_the_general_path`):
/// the cell is its one word, no space-grouping applies to a word of more
/// than three characters, and [`parse_word`] gives the thousands reading
/// and, for a single separator, the decimal one.
fn grouped_cell(cell: &str, index: usize) -> Option<Vec<(Vec<Token<'_>>, f64)>> {
    let (body, pct) = match cell.strip_suffix('%') {
        Some(b) => (b, true),
        None => (cell, false),
    };
    let bytes = body.as_bytes();
    let sep = *bytes.get(1..4)?.iter().find(|b| !b.is_ascii_digit())?;
    if sep != b',' && sep != b'.' {
        return None;
    }
    let mut groups = body.split(char::from(sep));
    let head = groups.next()?;
    if head.is_empty()
        || head.len() > 3
        || head.starts_with('0')
        || !head.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // Whole number and the groups, at most 15 digits: exact integers, so
    // the `f64` is the one parsing the digits gives.
    let mut n: u64 = head.bytes().fold(0, |n, b| n * 10 + u64::from(b - b'0'));
    let mut count = 0usize;
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) || count >= 4 {
            return None;
        }
        n = g.bytes().fold(n, |n, b| n * 10 + u64::from(b - b'0'));
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let make = |v: f64| if pct { Tok::Pct(v) } else { Tok::Num(v) };
    let text: Rc<str> = Rc::from(cell);
    let token = |tok: Tok, rewritten: bool| Token {
        tok,
        cell: index,
        text: Text::Shared(Rc::clone(&text)),
        rewritten,
    };
    let mut out = vec![(vec![token(make(n as f64), true)], 0.0)];
    if count == 1 {
        // The decimal reading `head.group`: the exact integer divided by an
        // exact 1000 rounds the same rational number to the nearest `f64`
        // as parsing its text does.
        let dec = n as f64 / 1000.0;
        let (cost, rewritten) = if sep == b',' {
            (0.3, true)
        } else {
            (0.25, false)
        };
        out.push((vec![token(make(dec), rewritten)], cost));
    }
    Some(out)
}

/// The numeric words of a cell: `%` glued back to its number, stray
/// punctuation trimmed, words without digits dropped.
fn words(cell: &str) -> Vec<String> {
    let cleaned: String = cell
        .chars()
        .map(|c| {
            if c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out: Vec<String> = Vec::new();
    for w in cleaned.split(' ').filter(|w| !w.is_empty()) {
        if w == "%" {
            if let Some(last) = out.last_mut() {
                if !last.ends_with('%') {
                    last.push('%');
                }
            }
            continue;
        }
        let t = w.trim_matches(|c: char| !(c.is_ascii_digit() || c == '%'));
        // A trailing separator left after trimming (`2500.`) is noise.
        let t = t.trim_start_matches('%');
        if t.chars().any(|c| c.is_ascii_digit()) {
            out.push(t.to_string());
        }
    }
    out
}

/// If `words` starts with a thousands group written with spaces
/// (`2 500`, `1 250 000`, `12 500%`), the joined text and how many words it
/// takes.
fn space_grouped(words: &[String]) -> Option<(String, usize)> {
    let first = words.first()?;
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut joined = first.clone();
    let mut n = 1;
    for w in &words[1..] {
        let (body, pct) = match w.strip_suffix('%') {
            Some(b) => (b, true),
            None => (w.as_str(), false),
        };
        if body.len() != 3 || !body.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        joined.push_str(body);
        n += 1;
        if pct {
            joined.push('%');
            break;
        }
    }
    (n > 1).then_some((joined, n))
}

/// The readings of one word: `(token, cost, whether its canonical text
/// differs)` (the canonical text is [`format_number`] of its value).
pub(crate) fn parse_word(w: &str) -> Vec<(Tok, f64, bool)> {
    let (body, pct) = match w.strip_suffix('%') {
        Some(b) => (b.trim_end(), true),
        None => (w, false),
    };
    let body = body.trim_matches(|c| c == ',' || c == '.');
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return Vec::new();
    }
    let make = |v: f64| if pct { Tok::Pct(v) } else { Tok::Num(v) };
    let mut out = Vec::new();
    let commas = body.matches(',').count();
    let dots = body.matches('.').count();
    let digits_only = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let grouped = |parts: &[&str]| {
        parts.len() >= 2
            && (1..=3).contains(&parts[0].len())
            && !parts[0].starts_with('0')
            && parts[1..]
                .iter()
                .all(|p| p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if commas == 0 && dots == 0 {
        if let Ok(v) = body.parse::<f64>() {
            out.push((make(v), 0.0, body.len() > 1 && body.starts_with('0')));
        }
    } else if commas > 0 && dots > 0 {
        // The last separator is the decimal mark, the others group thousands.
        let last = body.rfind([',', '.']).unwrap_or(0);
        let int = digits_only(&body[..last]);
        let frac = digits_only(&body[last + 1..]);
        if let Ok(v) = format!("{int}.{frac}").parse::<f64>() {
            out.push((make(v), 0.1, true));
        }
    } else {
        let sep = if commas > 0 { ',' } else { '.' };
        let parts: Vec<&str> = body.split(sep).collect();
        let thousands = grouped(&parts);
        let joined = digits_only(body);
        if parts.len() == 2 {
            let dec = format!("{}.{}", parts[0], parts[1]);
            let dec_v = dec.parse::<f64>().ok();
            let th_v = joined.parse::<f64>().ok();
            match (sep, thousands) {
                // `2,500`: a thousands comma, less often a decimal comma.
                (',', true) => {
                    if let Some(v) = th_v {
                        out.push((make(v), 0.0, true));
                    }
                    if let Some(v) = dec_v {
                        out.push((make(v), 0.3, true));
                    }
                }
                // `2,5`: a decimal comma.
                (',', false) => {
                    if let Some(v) = dec_v {
                        out.push((make(v), 0.05, true));
                    }
                }
                // `2.500`: either; the arithmetic decides, and where it
                // cannot (a row written all in this style reads the same
                // at both scales) three decimals in a count table are
                // far less likely than a thousands point.
                (_, true) => {
                    if let Some(v) = th_v {
                        out.push((make(v), 0.0, true));
                    }
                    if let Some(v) = dec_v {
                        out.push((make(v), 0.25, false));
                    }
                }
                // `2.5`
                (_, false) => {
                    if let Some(v) = dec_v {
                        out.push((make(v), 0.0, false));
                    }
                }
            }
        } else if thousands {
            if let Ok(v) = joined.parse::<f64>() {
                out.push((make(v), 0.0, true));
            }
        } else if let Ok(v) = joined.parse::<f64>() {
            // Separators in odd places: probably noise inside one number.
            out.push((make(v), 0.4, true));
        }
    }
    out.retain(|(t, _, _)| t.value().is_some_and(f64::is_finite));
    out
}

/// A number in canonical form: integers without decimals, others with
/// as few digits as round-trip.
pub(crate) fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token as the comparison below sees it: value bits, percent,
    /// rewritten, text, and whether the text is shared.
    type Seen = (u64, bool, bool, String, bool);

    /// The fast path reads every cell it takes as the general path does,
    /// to the bit, and turns away the near misses.
    #[test]
    fn grouped_cells_read_as_the_general_path() {
        let mut cells: Vec<String> = vec![];
        let heads = ["1", "12", "123", "0", "01", "1234", "", "9"];
        let groups = ["000", "393", "500", "999", "05", "0500", "1a3", "001"];
        for h in heads {
            for sep in [",", ".", ";", " "] {
                for g1 in groups {
                    for tail in ["", "%", " %", " ", ",", "x"] {
                        cells.push(format!("{h}{sep}{g1}{tail}"));
                        for g2 in ["000", "123", "12"] {
                            cells.push(format!("{h}{sep}{g1}{sep}{g2}{tail}"));
                            cells.push(format!("{h}{sep}{g1}{sep}{g2}{sep}{g1}{sep}{g2}{tail}"));
                        }
                    }
                }
            }
        }
        cells.push("1,234.567".to_string());
        cells.push("1.234,56".to_string());
        let mut taken = 0;
        for c in &cells {
            if let Some(fast) = grouped_cell(c, 7) {
                taken += 1;
                let slow = general_alternatives(c, 7);
                let bits = |alts: &[(Vec<Token<'_>>, f64)]| -> Vec<(Vec<Seen>, u64)> {
                    alts.iter()
                        .map(|(toks, cost)| {
                            let toks = toks
                                .iter()
                                .map(|t| {
                                    let v = t.tok.value().unwrap_or(f64::NAN).to_bits();
                                    let shared = matches!(t.text, Text::Shared(_));
                                    (
                                        v,
                                        matches!(t.tok, Tok::Pct(_)),
                                        t.rewritten,
                                        t.text.to_string(),
                                        shared,
                                    )
                                })
                                .collect();
                            (toks, cost.to_bits())
                        })
                        .collect()
                };
                assert_eq!(bits(&fast), bits(&slow), "cell {c:?}");
                assert!(fast.iter().all(|(t, _)| t.iter().all(|t| t.cell == 7)));
            }
        }
        // The common forms are taken.
        assert!(taken > 100, "{taken}");
        for c in ["2,500", "1,234,567", "12.500%", "999,999,999,999"] {
            assert!(grouped_cell(c, 0).is_some(), "{c}");
        }
        for c in ["2,5", "0,500", "2,500 ", "1,234.567", "2,50"] {
            assert!(grouped_cell(c, 0).is_none(), "{c}");
        }
    }

    /// [`extend_readings`] keeps the readings that building every one,
    /// sorting them stably by cost and cutting the list keeps, in the same
    /// order, to the bit: over readings so far of every count up to
    /// [`MAX_VARIANTS`] and cells of up to [`MAX_CELL_ALTS`] readings, with
    /// costs that tie often.
    #[test]
    fn extended_readings_are_the_ones_kept_of_all() {
        let costs = [0.0, 0.1, 0.25, 0.3, 0.1 + 0.2, 0.05];
        let token = |v: usize, cell: usize| Token {
            tok: Tok::Num(v as f64),
            cell,
            text: Text::Row("1"),
            rewritten: v % 2 == 0,
        };
        let mut seed = 7usize;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        for round in 0..3000 {
            let n_acc = 1 + round % MAX_VARIANTS;
            let n_alts = 1 + (round / MAX_VARIANTS) % MAX_CELL_ALTS;
            let acc: Vec<(Vec<Token<'_>>, f64)> = (0..n_acc)
                .map(|i| {
                    let len = next() % 4;
                    let toks = (0..len).map(|k| token(i * 10 + k, k)).collect();
                    (toks, costs[next() % costs.len()])
                })
                .collect();
            let alts: Vec<(Vec<Token<'_>>, f64)> = (0..n_alts)
                .map(|j| {
                    let len = 1 + next() % 3;
                    let toks = (0..len).map(|k| token(1000 + j * 10 + k, 9)).collect();
                    (toks, costs[next() % costs.len()])
                })
                .collect();
            let mut all = Vec::new();
            for (toks, cost) in &acc {
                for (alt, c) in &alts {
                    let mut t = toks.clone();
                    t.extend(alt.iter().cloned());
                    all.push((t, cost + c));
                }
            }
            all.sort_by(|a, b| a.1.total_cmp(&b.1));
            all.truncate(MAX_VARIANTS);
            let kept = extend_readings(acc, &alts);
            let bits = |v: &[(Vec<Token<'static>>, f64)]| -> Vec<(Vec<Token<'static>>, u64)> {
                v.iter().map(|(t, c)| (t.clone(), c.to_bits())).collect()
            };
            assert_eq!(bits(&kept), bits(&all), "round {round}");
        }
    }

    proptest::proptest! {
        /// The one-walk [`plain_cell`] reads every cell as its reference
        /// does (the same token, or none).
        #[test]
        fn plain_cell_reads_as_its_reference(cell in "[0-9%a ,.]{0,20}") {
            proptest::prop_assert_eq!(plain_cell(&cell, 3), plain_cell_reference(&cell, 3));
        }

        #[test]
        fn plain_cell_reads_numbers_as_its_reference(cell in "0?[1-9]?[0-9]{0,17}%?%?") {
            proptest::prop_assert_eq!(plain_cell(&cell, 3), plain_cell_reference(&cell, 3));
        }
    }

    #[test]
    fn plain_cell_reads_the_edges_as_its_reference() {
        for cell in [
            "",
            " ",
            "%",
            "%%",
            "0",
            "00",
            "0%",
            "05",
            "7",
            "7%",
            "7%%",
            "%7",
            " 7",
            "7 ",
            "123456789012345",
            "1234567890123456",
            "123456789012345%",
            "99999999999999999999",
            "1a",
            "a1",
            "-",
            "- ",
            "1,5",
            "1.5",
        ] {
            assert_eq!(
                plain_cell(cell, 1),
                plain_cell_reference(cell, 1),
                "{cell:?}"
            );
        }
    }

    fn toks(cell: &str) -> Vec<Vec<Tok>> {
        cell_alternatives(cell, 0)
            .into_iter()
            .map(|(t, _)| t.into_iter().map(|t| t.tok).collect())
            .collect()
    }

    #[test]
    fn plain_and_empty() {
        assert_eq!(toks(""), vec![vec![Tok::Empty]]);
        assert_eq!(toks("-"), vec![vec![Tok::Empty]]);
        assert_eq!(toks("8477"), vec![vec![Tok::Num(8477.0)]]);
        assert_eq!(toks("2.5"), vec![vec![Tok::Num(2.5)]]);
    }

    #[test]
    fn percent_glued_or_spaced() {
        assert_eq!(toks("25%"), vec![vec![Tok::Pct(25.0)]]);
        assert_eq!(toks("25 %"), vec![vec![Tok::Pct(25.0)]]);
        assert_eq!(toks("25.5%"), vec![vec![Tok::Pct(25.5)]]);
        assert_eq!(toks("25,5 %"), vec![vec![Tok::Pct(25.5)]]);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(toks("2,500")[0], vec![Tok::Num(2500.0)]);
        assert_eq!(toks("2,500")[1], vec![Tok::Num(2.5)]);
        assert_eq!(toks("1,234,567"), vec![vec![Tok::Num(1234567.0)]]);
        let t = toks("2.500");
        assert_eq!(t, vec![vec![Tok::Num(2500.0)], vec![Tok::Num(2.5)]]);
        assert_eq!(toks("0.500"), vec![vec![Tok::Num(0.5)]]);
        let t = toks("2 500");
        assert!(t.contains(&vec![Tok::Num(2500.0)]));
        assert!(t.contains(&vec![Tok::Num(2.0), Tok::Num(500.0)]));
        assert_eq!(toks("1.234,5"), vec![vec![Tok::Num(1234.5)]]);
    }

    #[test]
    fn several_numbers_in_one_cell() {
        assert_eq!(
            toks("1 1 1"),
            vec![vec![Tok::Num(1.0), Tok::Num(1.0), Tok::Num(1.0)]]
        );
        assert_eq!(toks("4 16%"), vec![vec![Tok::Num(4.0), Tok::Pct(16.0)]]);
    }

    #[test]
    fn canonical_text_of_fixed_numbers() {
        let alts = cell_alternatives("2,500", 3);
        assert_eq!(alts[0].0[0].canon().as_deref(), Some("2500"));
        assert_eq!(alts[0].0[0].cell, 3);
        assert_eq!(cell_alternatives("2500", 0)[0].0[0].canon(), None);
    }

    proptest::proptest! {
        /// The plain path reads a number as the float parser does.
        #[test]
        fn plain_numbers_read_as_parsed(body in "[0-9]{1,17}", pct: bool) {
            let cell = if pct { format!("{body}%") } else { body.clone() };
            if let Some(t) = plain_cell(&cell, 0) {
                let v: f64 = body.parse().unwrap();
                let want = if pct { Tok::Pct(v) } else { Tok::Num(v) };
                proptest::prop_assert_eq!(t.tok, want);
                proptest::prop_assert!(body.len() <= 15);
            }
            proptest::prop_assert_eq!(
                toks(&cell)[0].clone(),
                vec![if pct { Tok::Pct(body.parse().unwrap()) } else { Tok::Num(body.parse().unwrap()) }]
            );
        }
    }

    #[test]
    fn row_variants_are_bounded() {
        let cells: Vec<String> = (0..30).map(|_| "2.500".to_string()).collect();
        let (v, _) = variants(Cells::Owned(&cells));
        assert!(v.len() <= MAX_VARIANTS);
        let cells: Vec<String> = (0..200).map(|i| i.to_string()).collect();
        let (v, cut) = variants(Cells::Owned(&cells));
        assert!(cut && v[0].tokens.len() == MAX_TOKENS);
    }
}
