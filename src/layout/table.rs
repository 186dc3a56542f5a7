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

/// `c.trim()`, without its call for a cell that starts and ends on a
/// visible ASCII character (most cells: numbers), which is no whitespace.
fn trim_cell(c: &str) -> &str {
    match (c.as_bytes().first(), c.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => c,
        _ => c.trim(),
    }
}

/// Whether a cell holds a number, a percentage or nothing.
pub(crate) fn numeric_cell(c: &str) -> bool {
    let t = trim_cell(c);
    if t.is_empty() || t == "-" || t == "—" {
        return true;
    }
    // A digit and nothing but digits and separators, in one pass.
    let mut digit = false;
    for c in t.chars() {
        if c.is_ascii_digit() {
            digit = true;
        } else if !matches!(c, '.' | ',' | ' ' | '%' | '-' | '\u{a0}') {
            return false;
        }
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

/// Splits a number prefix off a description: `"100.- Dirigir"` → (100, "Dirigir").
fn split_number(cell: &str) -> Option<(i64, &str)> {
    let cell = cell.trim();
    // The match alone, not its groups: a search for where a match ends runs
    // on the regex's DFA, captures on its backtracker. The groups follow
    // from the pattern's shape: each branch ends on its last group, one
    // character; and the number is the whole run of `\d` the line starts
    // with, since what follows it in either branch (`\s`, `.`, `-`, `–`,
    // `)`) is no digit.
    let m = number_prefix().find(cell)?;
    let last = cell[..m.end()].chars().next_back()?;
    let rest = cell[m.end() - last.len_utf8()..].trim();
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
    // A line of fewer than three cells is no row: told by its tabs alone.
    let tabs = tabs(line);
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
    } else if cells[0].is_empty() || pmd_codes().is_match(cells[0]) {
        let (n, d) = split_number(cells[1])?;
        (Some(cells[0]), Some(n), d)
    } else {
        return None;
    };
    // The cells after the description, by index: the numeric ones are
    // then cut out of `cells` in place, which becomes the row's.
    let mut at = 2;
    let unidad = match cells.get(at) {
        Some(&u) if !numeric_cell(u) => {
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
        .position(|c| !numeric_cell(c))
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
        fn numeric_cell_agrees_with_the_plain_test(c in "[ 0-9.,%a\u{a0}\u{2014}-]{0,6}") {
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
        ] {
            let want: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells(line).collect::<Vec<_>>(), want, "{line:?}");
            assert_eq!(tabs(line), line.matches('\t').count(), "{line:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn cells_split_as_split_does_on_any_text(line in "[a\tÑ٣ \u{2003}]{0,24}|[\ta]{250,600}") {
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
