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

/// The number of tabs in a line, counted over its bytes (a tab is one byte
/// in UTF-8, and no other character's encoding holds that byte).
pub(crate) fn tabs(line: &str) -> usize {
    line.bytes().filter(|&b| b == b'\t').count()
}

/// The tab-separated cells of a line, as `line.split('\t')` gives them,
/// found by a plain byte scan: rows have many short cells, and a `memchr`
/// call per cell costs more than the scan.
pub(crate) fn cells(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'\t') {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
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

/// A character [`number_prefix_scan`] cannot classify: one that may be a
/// non-ASCII decimal digit (`\d` is Unicode's `Nd`, which std cannot test).
struct Unsure;

/// [`number_prefix`] on a trimmed cell, scanned by hand: the number and the
/// byte offset of the first character after it (group 2 or 4), or
/// `Err(Unsure)` when the answer turns on a non-ASCII digit-like character.
///
/// The pattern's backtracking, followed through: `\d{1,4}` and `\d{3,4}` take
/// the whole run of leading digits (giving one back leaves a digit where a
/// space or separator must be), so a run of five or more fails both
/// branches; `\s*` before the separator takes every space (giving one back
/// leaves a space where the separator must be); after the separator, `\S`
/// is the first non-space. `\.\s*-` is tried before `\.`, which also matches
/// when nothing but spaces follows the dash (its `\S` is then the dash).
/// In the second branch `\s+(\D)` takes the first non-space if it is no
/// digit, else gives back one space, which is itself a `\D`, when the run
/// has two.
fn number_prefix_scan(s: &str) -> Result<Option<(&str, usize)>, Unsure> {
    // `\d` of a character: ASCII decides, and a character that is not
    // numeric at all is no `Nd`; any other is unsure.
    let digit = |c: char| {
        if c.is_ascii() {
            Ok(c.is_ascii_digit())
        } else if c.is_numeric() {
            Err(Unsure)
        } else {
            Ok(false)
        }
    };
    // The end of the run of spaces at `from` (`\s` and `is_whitespace` are
    // both Unicode's White_Space).
    let spaces_end = |from: usize| s.len() - s[from..].trim_start().len();
    // The first non-space at or after `from`, if any.
    let non_space = |from: usize| Some(spaces_end(from)).filter(|&t| t < s.len());
    let d = s.bytes().take_while(u8::is_ascii_digit).count();
    if s[d..].chars().next().map(digit).transpose()? == Some(true) {
        return Err(Unsure);
    }
    if !(1..=4).contains(&d) {
        return Ok(None);
    }
    let num = &s[..d];
    let q = spaces_end(d);
    let first = match s[q..].chars().next() {
        Some('.') => {
            let r = spaces_end(q + 1);
            let dashed = s[r..].starts_with('-').then(|| non_space(r + 1)).flatten();
            dashed.or_else(|| non_space(q + 1))
        }
        Some(c @ ('-' | '–' | ')')) => non_space(q + c.len_utf8()),
        _ => None,
    };
    if let Some(at) = first {
        return Ok(Some((num, at)));
    }
    if d < 3 || q == d {
        return Ok(None);
    }
    match s[q..].chars().next() {
        Some(c) if !digit(c)? => Ok(Some((num, q))),
        // Give back the last space of the run, if it has two.
        _ => Ok(s[d..q]
            .char_indices()
            .last()
            .filter(|&(i, _)| i > 0)
            .map(|(i, _)| (num, d + i))),
    }
}

/// [`number_prefix`]'s number and the offset of group 2 or 4, by the
/// pattern itself.
fn number_prefix_regex(cell: &str) -> Option<(&str, usize)> {
    let c = number_prefix().captures(cell)?;
    let (n, rest) = match (c.get(1), c.get(2)) {
        (Some(n), Some(r)) => (n, r),
        _ => (c.get(3)?, c.get(4)?),
    };
    Some((n.as_str(), rest.start()))
}

/// Splits a number prefix off a description: `"100.- Dirigir"` → (100, "Dirigir").
fn split_number(cell: &str) -> Option<(i64, String)> {
    let cell = cell.trim();
    // The scan settles nearly every cell; the regex the rest.
    let (n, at) = number_prefix_scan(cell).unwrap_or_else(|Unsure| number_prefix_regex(cell))?;
    let rest = cell[at..].trim();
    // At least three letters (counted up to the third: a description runs
    // long).
    rest.chars().filter(|c| c.is_alphabetic()).nth(2)?;
    Some((n.parse().ok()?, rest.to_string()))
}

/// Reads a table row from a line; `None` if the line is not one.
pub(crate) fn row(line: &str, no: usize) -> Option<RawRow> {
    // A line of fewer than three cells is no row: told by its tabs alone.
    let tabs = tabs(line);
    if tabs < 2 {
        return None;
    }
    let mut cells: Vec<&str> = Vec::with_capacity(tabs + 1);
    cells.extend(self::cells(line).map(str::trim));
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
        && cells[1]
            .chars()
            .filter(|c| c.is_alphabetic())
            .nth(7)
            .is_some()
    {
        // The action number was pushed into the PMD cell.
        (
            None,
            cells[0].parse().ok(),
            cells[1].to_string(),
            &cells[2..],
        )
    } else if cells[0].is_empty() || pmd_codes().is_match(cells[0]) {
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

    /// The hand scan finds what the pattern finds, or says it is unsure.
    fn scan_agrees(cell: &str) -> bool {
        match number_prefix_scan(cell) {
            Ok(got) => got == number_prefix_regex(cell),
            Err(Unsure) => true,
        }
    }

    #[test]
    fn number_prefix_scan_agrees_with_the_pattern() {
        let cells = [
            "100.- Dirigir",
            "100 .  -  Dirigir",
            "100. -",
            "100.",
            "100. x",
            "7) Informe",
            "7 – Informe",
            "12345 Informe",
            "1234 Informe",
            "12 Informe",
            "100  2 abc",
            "100 2abc",
            "100\u{2003}\u{a0}2 abc",
            "100 É",
            "100 ² x",
            "٣٣٣ x",
            "100٣ x",
            "x100",
            "",
        ];
        let mut unsure = 0;
        for cell in cells {
            assert!(scan_agrees(cell), "{cell:?}");
            unsure += usize::from(number_prefix_scan(cell).is_err());
        }
        assert_eq!(unsure, 3);
        assert_eq!(
            split_number(" 100 .-  Dirigir "),
            Some((100, "Dirigir".to_string()))
        );
        assert_eq!(split_number("100  2 abc"), Some((100, "2 abc".to_string())));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        #[test]
        fn number_prefix_scan_agrees_on_generated_cells(
            cell in "[0-9]{0,6}[ \u{a0}\u{2003}]{0,3}[.)–-]{0,2}[ \u{2003}]{0,2}[-.]?[ ]{0,2}[0-9A-Za-zÉ²٣ ]{0,4}",
        ) {
            let cell = cell.trim();
            proptest::prop_assert!(scan_agrees(cell), "{:?}", cell);
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
        ] {
            let want: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells(line).collect::<Vec<_>>(), want, "{line:?}");
            assert_eq!(tabs(line), line.matches('\t').count(), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn cells_split_as_split_does_on_any_text(line in "[a\tÑ٣ \u{2003}]{0,24}") {
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
