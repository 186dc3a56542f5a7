//! The accounted-lines property: no input text is silently lost.
//!
//! Every non-blank line of the decoded input lies inside a page of some
//! report (`paginas`), or is the `linea` of a document-level aviso
//! `TEXTO_NO_ASIGNADO`. Lines are those of [`str::lines`], as the parser
//! splits them, numbered from 1. Shared with the fuzz target, so it uses
//! nothing but `poa_ocr` and `std`.

use poa_ocr::Documento;

/// The 1-based numbers of the non-blank lines of `text` that `doc` does not
/// account for (empty when the property holds).
pub fn unaccounted_lines(text: &str, doc: &Documento) -> Vec<usize> {
    let mut pages: Vec<(usize, usize)> = doc
        .reportes
        .iter()
        .flat_map(|r| r.paginas.iter().map(|p| (p.linea_inicio, p.linea_fin)))
        .collect();
    pages.sort_unstable();
    let mut loose: Vec<usize> = doc
        .avisos
        .iter()
        .filter(|a| a.codigo == "TEXTO_NO_ASIGNADO")
        .filter_map(|a| a.linea)
        .collect();
    loose.sort_unstable();
    let in_page = |n: usize| {
        // The last page starting at or before `n`; pages do not overlap.
        let i = pages.partition_point(|&(start, _)| start <= n);
        i > 0 && pages.get(i - 1).is_some_and(|&(_, end)| n <= end)
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i + 1)
        .filter(|&n| !in_page(n) && loose.binary_search(&n).is_err())
        .collect()
}

/// Pages that overlap or run backwards (empty when every page is a proper,
/// disjoint line range).
pub fn bad_pages(doc: &Documento, lineas: usize) -> Vec<(usize, usize)> {
    let mut pages: Vec<(usize, usize)> = doc
        .reportes
        .iter()
        .flat_map(|r| r.paginas.iter().map(|p| (p.linea_inicio, p.linea_fin)))
        .collect();
    pages.sort_unstable();
    let mut bad = vec![];
    let mut prev_end = 0;
    for &(start, end) in &pages {
        if start == 0 || end < start || start <= prev_end || end > lineas.max(1) {
            bad.push((start, end));
        }
        prev_end = prev_end.max(end);
    }
    bad
}
