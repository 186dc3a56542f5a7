//! Rows of the table METAS Y ACCIONES.

use std::sync::OnceLock;

use regex::Regex;

/// A table row as printed: text cells split out, numeric cells kept in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawRow {
    pub(crate) line: usize,
    /// The PMD cell (line codes), `None` when the action number took its place.
    pub(crate) pmd: Option<String>,
    pub(crate) numero: Option<i64>,
    /// The number as printed with its separator (`100.- `), for corrections.
    pub(crate) descripcion: String,
    pub(crate) unidad: Option<String>,
    /// From META ANUAL to the last numeric cell; empties kept as "".
    pub(crate) cells: Vec<String>,
    pub(crate) observaciones: Option<String>,
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

/// Whether a cell holds a number, a percentage or nothing.
pub(crate) fn numeric_cell(c: &str) -> bool {
    let t = c.trim();
    t.is_empty()
        || t == "-"
        || t == "—"
        || (t.chars().any(|c| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '%' | '-' | '\u{a0}')))
}

/// A byte scan's answer: `Err(Unsure)` where a non-ASCII character could
/// change it (a Unicode digit or space, `–`), which the regex then settles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Unsure;

/// Whether an ASCII byte is `\s` (Unicode `White_Space`, which includes the
/// vertical tab that `u8::is_ascii_whitespace` leaves out).
fn space(b: u8) -> bool {
    char::from(b).is_whitespace()
}

/// The first byte at or after `at` that is not ASCII white space, and the
/// byte there (`None` at the end); `Err` if that byte is not ASCII.
fn skip_spaces(s: &[u8], mut at: usize) -> Result<(usize, Option<u8>), Unsure> {
    while let Some(&b) = s.get(at) {
        if !b.is_ascii() {
            return Err(Unsure);
        }
        if !space(b) {
            return Ok((at, Some(b)));
        }
        at += 1;
    }
    Ok((at, None))
}

/// [`number_prefix`] on an ASCII cell, by hand: the end of the number and
/// where the text after it starts (groups 1 and 2, or 3 and 4).
///
/// Why it agrees: `\d{1,4}` can only end where the digits do (a shorter
/// run leaves a digit where a space or separator must be), and each `\s*`
/// or `\s+` takes the whole run of spaces, except that `\s+(\D)` gives one
/// back when a digit follows (`\D` then matches a space); `\.\s*-` is
/// tried before `\.`, which wins only when nothing follows the `-`.
fn number_prefix_ascii(cell: &str) -> Result<Option<(usize, usize)>, Unsure> {
    let s = cell.as_bytes();
    let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 4 {
        return Ok(None);
    }
    match s.get(digits) {
        Some(b) if !b.is_ascii() => return Err(Unsure),
        _ if digits == 0 => return Ok(None),
        _ => {}
    }
    // First branch: number, separator, text.
    let (p, sep) = skip_spaces(s, digits)?;
    let text = match sep {
        Some(b'.') => {
            let (q, next) = skip_spaces(s, p + 1)?;
            match next {
                Some(b'-') => match skip_spaces(s, q + 1)? {
                    (r, Some(_)) => Some(r),
                    // Nothing after `.-`: the `-` is the text.
                    (_, None) => Some(q),
                },
                Some(_) => Some(q),
                None => None,
            }
        }
        Some(b'-' | b')') => match skip_spaces(s, p + 1)? {
            (r, Some(_)) => Some(r),
            (_, None) => None,
        },
        _ => None,
    };
    if let Some(r) = text {
        return Ok(Some((digits, r)));
    }
    // Second branch: three or four digits, spaces, a non-digit.
    if !(3..=4).contains(&digits) || p == digits {
        return Ok(None);
    }
    Ok(match sep {
        Some(b) if !b.is_ascii_digit() => Some((digits, p)),
        _ if p - digits >= 2 => Some((digits, p - 1)),
        _ => None,
    })
}

/// [`number_prefix`]'s groups on a trimmed cell: the end of the number and
/// where the text starts.
fn number_split(cell: &str) -> Option<(usize, usize)> {
    match number_prefix_ascii(cell) {
        Ok(found) => found,
        Err(Unsure) => {
            let c = number_prefix().captures(cell)?;
            let (n, rest) = match (c.get(1), c.get(2)) {
                (Some(n), Some(r)) => (n, r),
                _ => (c.get(3)?, c.get(4)?),
            };
            Some((n.end(), rest.start()))
        }
    }
}

/// [`pmd_codes`] on an ASCII cell, by hand: the pattern as a small
/// automaton, run on a set of states (so no choice is ever lost).
fn pmd_codes_ascii(cell: &str) -> Result<bool, Unsure> {
    // States: 0 a code's first number to start; 1 and 2 one or two digits
    // of it read; 3 spaces before the first dot; 4 after it; 5, 6 digits
    // of the second number; 7 spaces before the second dot; 8 after it;
    // 9, 10 digits of the third number; 11 separators after a code.
    const ACCEPT: u16 = 1 << 9 | 1 << 10 | 1 << 11;
    let mut states: u16 = 1;
    for &b in cell.as_bytes() {
        if !b.is_ascii() {
            return Err(Unsure);
        }
        let (digit, sp, dot) = (b.is_ascii_digit(), space(b), b == b'.');
        let sep = sp || matches!(b, b'.' | b',' | b';' | b'y');
        let mut next = 0u16;
        let on = |k: u16| states & (1 << k) != 0;
        if digit {
            if on(0) || on(9) || on(10) || on(11) {
                next |= 1 << 1;
            }
            if on(1) {
                next |= 1 << 2;
            }
            if on(4) {
                next |= 1 << 5;
            }
            if on(5) {
                next |= 1 << 6;
            }
            if on(8) {
                next |= 1 << 9;
            }
            if on(9) {
                next |= 1 << 10;
            }
        }
        if sp {
            if on(1) || on(2) || on(3) {
                next |= 1 << 3;
            }
            if on(4) {
                next |= 1 << 4;
            }
            if on(5) || on(6) || on(7) {
                next |= 1 << 7;
            }
            if on(8) {
                next |= 1 << 8;
            }
        }
        if dot {
            if on(1) || on(2) || on(3) {
                next |= 1 << 4;
            }
            if on(5) || on(6) || on(7) {
                next |= 1 << 8;
            }
        }
        if sep && (on(9) || on(10) || on(11)) {
            next |= 1 << 11;
        }
        states = next;
        if states == 0 {
            return Ok(false);
        }
    }
    Ok(states & ACCEPT != 0)
}

/// Whether a cell is all PMD codes ([`pmd_codes`]).
fn is_pmd_codes(cell: &str) -> bool {
    pmd_codes_ascii(cell).unwrap_or_else(|Unsure| pmd_codes().is_match(cell))
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

/// Splits a number prefix off a description: `"100.- Dirigir"` → (100, "Dirigir").
fn split_number(cell: &str) -> Option<(i64, String)> {
    let cell = cell.trim();
    let (n, rest) = number_split(cell)?;
    let rest = cell[rest..].trim();
    if rest.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    Some((cell[..n].parse().ok()?, rest.to_string()))
}

/// Reads a table row from a line; `None` if the line is not one.
pub(crate) fn row(line: &str, no: usize) -> Option<RawRow> {
    let mut cells: Vec<&str> = line.split('\t').map(str::trim).collect();
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
    let (pmd, numero, descripcion, rest) = if cells[0].len() <= 4
        && cells[0].chars().all(|c| c.is_ascii_digit())
        && !cells[0].is_empty()
        && cells[1].chars().filter(|c| c.is_alphabetic()).count() >= 8
    {
        // The action number was pushed into the PMD cell.
        (
            None,
            cells[0].parse().ok(),
            cells[1].to_string(),
            &cells[2..],
        )
    } else if cells[0].is_empty() || is_pmd_codes(cells[0]) {
        let (n, d) = split_number(cells[1])?;
        (Some(cells[0].to_string()), Some(n), d, &cells[2..])
    } else {
        return None;
    };
    let mut rest = rest;
    let unidad = match rest.first() {
        Some(u) if !numeric_cell(u) => {
            let u = u.to_string();
            rest = &rest[1..];
            Some(u)
        }
        Some(&"") => {
            rest = &rest[1..];
            None
        }
        _ => None,
    };
    let text_at = rest
        .iter()
        .position(|c| !numeric_cell(c))
        .unwrap_or(rest.len());
    let mut num: Vec<String> = rest[..text_at].iter().map(|c| c.to_string()).collect();
    while num.last().is_some_and(|c| c.is_empty()) {
        num.pop();
    }
    let obs: Vec<&str> = rest[text_at..]
        .iter()
        .copied()
        .filter(|c| !c.is_empty())
        .collect();
    let observaciones = (!obs.is_empty()).then(|| obs.join(" "));
    if num.is_empty() && unidad.is_none() {
        return None;
    }
    Some(RawRow {
        line: no,
        pmd,
        numero,
        descripcion,
        unidad,
        cells: num,
        observaciones,
        period_cells: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`number_split`] by the regex alone.
    fn number_split_regex(cell: &str) -> Option<(usize, usize)> {
        let c = number_prefix().captures(cell)?;
        let (n, rest) = match (c.get(1), c.get(2)) {
            (Some(n), Some(r)) => (n, r),
            _ => (c.get(3)?, c.get(4)?),
        };
        Some((n.end(), rest.start()))
    }

    fn agree(cell: &str) {
        if codes_then_number().is_match(cell) {
            assert!(space_then_digits(cell), "{cell:?}");
        }
        assert_eq!(number_split(cell), number_split_regex(cell), "{cell:?}");
        assert_eq!(is_pmd_codes(cell), pmd_codes().is_match(cell), "{cell:?}");
        if let Ok(found) = number_prefix_ascii(cell) {
            assert_eq!(found, number_split_regex(cell), "{cell:?}");
        }
        if let Ok(found) = pmd_codes_ascii(cell) {
            assert_eq!(found, pmd_codes().is_match(cell), "{cell:?}");
        }
    }

    #[test]
    fn scans_agree_with_the_patterns_on_examples() {
        for cell in [
            "",
            "100.- Dirigir",
            "100. - Dirigir",
            "100.-",
            "100. -",
            "100.",
            "100 .- x",
            "12) Texto",
            "12)",
            "309 - Fortalecer",
            "309 – Fortalecer",
            "701 Rehabilitación",
            "701  5",
            "701 5",
            "701  ",
            "7012 x",
            "70123 x",
            "1 x",
            "4.5.3",
            "1.1.1, 1.1.2",
            "1.1.1 y 1.1.2",
            "1.2.123.4.5",
            "1 . 2 . 3",
            "1.2.3.",
            "1.2",
            "123.4.5",
            "\u{b}1.2.3",
            "1.2.3\u{a0}",
            "٣.٤.٥",
            "١٠٠.- نص",
            "1\u{b}.- x",
            "4.5.3 103.- Celebrar",
            "4.5.3, 4.5.4  1030 x",
            "4.5.3\u{a0}٣٣٣ x",
        ] {
            agree(cell);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The byte scans answer like the patterns on cells of digits,
        /// spaces, separators and a few non-ASCII look-alikes.
        #[test]
        fn scans_agree_with_the_patterns(
            cell in "[0-9 .\\-),;yA\t\u{b}\u{a0}–É٣]{0,14}",
        ) {
            agree(&cell);
        }

        /// Cells shaped like the real ones, with noise.
        #[test]
        fn scans_agree_on_row_like_cells(
            a in "[0-9]{1,5}",
            b in "[ ]{0,2}[.\\-)–]?[ ]{0,2}[-]?[ ]{0,2}",
            c in "[A-Za-z0-9 É]{0,6}",
            codes in proptest::collection::vec("[0-9]{1,3}[ ]?[.][ ]?[0-9]{1,3}[.][0-9]{1,3}[ .,;y]{0,3}", 1..4),
        ) {
            agree(&format!("{a}{b}{c}"));
            agree(&codes.concat());
            agree(&format!("{} {a}{b}{c}", codes.concat()));
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
        assert_eq!(r.pmd.as_deref(), Some("4.5.3"));
        assert_eq!(r.unidad.as_deref(), Some("Informe"));
        assert_eq!(r.cells, ["4", "1", "1", "1", "25%"]);
        assert_eq!(r.observaciones, None);
    }

    #[test]
    fn number_in_pmd_cell_and_observaciones() {
        let r = row("400\tDESARROLLAR Y EJECUTAR PROYECTOS\tPROYECTO\t25\t7\t4\t16%\tNo se cumple la meta.\t\t", 201).unwrap();
        assert_eq!((r.numero, r.pmd.as_deref()), (Some(400), None));
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
            assert_eq!((r.numero, r.descripcion.as_str()), (Some(n), d));
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
        assert_eq!((r.numero, r.pmd.as_deref()), (Some(103), Some("4.5.3")));
    }
}
