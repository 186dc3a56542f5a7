//! Layout: where the text is. Pages, reports, header values, table rows and
//! signatures, each with its line number. Knows nothing of catalogs or
//! arithmetic: it produces raw pieces for [`crate::resolve`].

mod bound;
mod classify;
mod table;
mod words;

pub(crate) use classify::{ayuntamiento_at, month};
pub(crate) use table::{number_dot, RawRow};

use std::sync::OnceLock;

use regex::Regex;

use classify::{LineStart, TitleKind};

use crate::model::{Cargo, Pagina};

/// A piece of text and the 1-based line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) text: String,
    pub(crate) line: usize,
}

/// A label of the classification block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Label {
    Ramo,
    Programa,
    Unidad,
    Finalidad,
    Funcion,
    Subfuncion,
    Eje,
    Linea,
}

/// A value of the classification block, with the label it was printed
/// under, if any (bullet blocks separate labels from values).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HeaderItem {
    pub(crate) label: Option<Label>,
    /// Empty for a label printed without a value.
    pub(crate) text: String,
    pub(crate) line: usize,
}

/// The title block of a report's first page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RawTitle {
    pub(crate) ayuntamiento: Option<Span>,
    pub(crate) documento: Option<Span>,
    pub(crate) titulo: Option<Span>,
    pub(crate) formato: Option<Span>,
    /// The period text (after `FECHA:` or on its own line).
    pub(crate) fecha: Option<Span>,
}

impl RawTitle {
    fn fill_from(&mut self, other: &RawTitle) {
        for (mine, theirs) in [
            (&mut self.ayuntamiento, &other.ayuntamiento),
            (&mut self.documento, &other.documento),
            (&mut self.titulo, &other.titulo),
            (&mut self.formato, &other.formato),
            (&mut self.fecha, &other.fecha),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }
}

/// A signature: its role and the name printed above it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawFirma {
    pub(crate) cargo: Cargo,
    pub(crate) name: Option<Span>,
    pub(crate) role_line: usize,
}

/// One report: a header page and its continuation pages.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawReport<'a> {
    pub(crate) pages: Vec<Pagina>,
    pub(crate) title: RawTitle,
    pub(crate) header: Vec<HeaderItem>,
    pub(crate) rows: Vec<RawRow<'a>>,
    pub(crate) firmas: Vec<RawFirma>,
    /// Signature scribbles (`Shuel`, `[Signature]`), dropped with an aviso.
    pub(crate) scribbles: Vec<Span>,
    /// Lines of the report's pages that fit nowhere.
    pub(crate) unassigned: Vec<Span>,
}

/// Everything layout found in the document.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawDocument<'a> {
    pub(crate) reports: Vec<RawReport<'a>>,
    /// Non-blank lines that belong to no report.
    pub(crate) unassigned: Vec<Span>,
}

/// Splits the lines of a document into reports.
pub(crate) fn layout<'a>(lines: &[&'a str]) -> RawDocument<'a> {
    // Whether each line is a title line, decided once for both passes
    // (with its label, read from the same words).
    // Each line trimmed once, for both passes.
    let trimmed: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
    let titles: Vec<LineStart> = lines
        .iter()
        .zip(&trimmed)
        .map(|(l, t)| classify::line_start_trimmed(l, t))
        .collect();
    let starts = page_starts(lines, &titles);
    let mut doc = RawDocument::default();
    let first = starts.first().copied().unwrap_or(lines.len());
    for (i, t) in trimmed[..first].iter().enumerate() {
        if !t.is_empty() {
            doc.unassigned.push(Span {
                text: t.to_string(),
                line: i + 1,
            });
        }
    }
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        for part in read_page(lines, &trimmed, &titles, s, end) {
            if part.has_header || doc.reports.is_empty() {
                doc.reports.push(part.report);
            } else if let Some(cur) = doc.reports.last_mut() {
                let p = part.report;
                cur.pages.extend(p.pages);
                cur.title.fill_from(&p.title);
                cur.rows.extend(p.rows);
                cur.firmas.extend(p.firmas);
                cur.scribbles.extend(p.scribbles);
                cur.unassigned.extend(p.unassigned);
            }
        }
    }
    doc
}

/// 0-based indexes of the lines where pages start: the ayuntamiento title
/// line, or `PROGRAMA OPERATIVO ANUAL` when that line is missing. A text with
/// no title at all but with a header or a table is one page.
fn page_starts(lines: &[&str], titles: &[LineStart]) -> Vec<usize> {
    let mut starts = vec![];
    let mut last_title: Option<(usize, TitleKind)> = None;
    for (i, l) in lines.iter().enumerate() {
        // Only title lines count (a blank line is none), and not those
        // with a tab.
        let Some((kind, _)) = titles[i].title else {
            continue;
        };
        if l.contains('\t') {
            continue;
        }
        match kind {
            TitleKind::Ayuntamiento => starts.push(i),
            TitleKind::Documento => {
                let after_ayto =
                    matches!(last_title, Some((j, TitleKind::Ayuntamiento)) if i - j <= 3);
                if !after_ayto {
                    starts.push(i);
                }
            }
            _ => {}
        }
        last_title = Some((i, kind));
    }
    if starts.is_empty() {
        let looks_like_report = lines
            .iter()
            .enumerate()
            .any(|(i, l)| classify::label(l).is_some() || table::row(l, i + 1).is_some());
        if let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) {
            if looks_like_report {
                starts.push(first);
            }
        }
    }
    starts
}

/// A page, or the part of a page up to a second classification block.
struct PagePart<'a> {
    report: RawReport<'a>,
    has_header: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Zone {
    Top,
    Table,
    After,
}

struct PageReader<'a> {
    parts: Vec<PagePart<'a>>,
    cur: RawReport<'a>,
    has_header: bool,
    start: usize,
    last_nonblank: usize,
    zone: Zone,
    label: Option<Label>,
    /// Consecutive labels printed without values (a bullet block follows).
    empty_labels: usize,
    fecha_pending: bool,
    period_cells: Option<usize>,
    /// Lines that may be a signatory's name or a scribble, each with
    /// whether it is [`classify::name_like`]: told once when the line is
    /// read, not again at each role line or flush (a pure function of the
    /// same text).
    pending: Vec<(Span, bool)>,
}

impl<'a> PageReader<'a> {
    fn close(&mut self, next_start: usize) {
        self.flush_pending();
        let mut report = std::mem::take(&mut self.cur);
        report.pages.push(Pagina {
            linea_inicio: self.start,
            linea_fin: self.last_nonblank.max(self.start),
        });
        self.parts.push(PagePart {
            report,
            has_header: self.has_header,
        });
        self.has_header = false;
        self.start = next_start;
        self.zone = Zone::Top;
        self.label = None;
        self.empty_labels = 0;
    }

    fn flush_pending(&mut self) {
        for (s, name) in self.pending.drain(..) {
            if classify::scribble_like_given(&s.text, name) {
                self.cur.scribbles.push(s);
            } else {
                self.cur.unassigned.push(s);
            }
        }
    }

    /// Places line `no`, `raw` as printed and `t` trimmed.
    fn line(&mut self, raw: &'a str, t: &str, no: usize, start: LineStart) {
        // Most lines of a document are table rows: try them first.
        let tabs = table::tabs(raw);
        let tabbed = tabs >= 3;
        if tabbed {
            if let Some(mut r) = table::row_with_tabs(raw, no, tabs) {
                r.period_cells = self.period_cells;
                self.cur.rows.push(r);
                self.zone = Zone::Table;
                self.fecha_pending = false;
                return;
            }
        }
        let title = start.title;
        if let Some((kind, at)) = title.filter(|_| !raw.contains('\t') || self.zone == Zone::Top) {
            self.title(kind, t, at, no);
            return;
        }
        self.fecha_pending = false;
        // The tests below that compare words, on the line folded once (with
        // its title, when that was looked for).
        let folded = start
            .folded
            .unwrap_or_else(|| classify::Folded::of_tabbed(t));
        if folded.table_header {
            self.zone = Zone::Table;
            self.period_cells = None;
            return;
        }
        if self.zone == Zone::Table && self.cur.rows.last().is_none_or(|r| r.line < no) {
            if let Some(pc) = classify::period_header(raw) {
                if pc.is_some() {
                    self.period_cells = pc;
                }
                return;
            }
        }
        // (A line with three tabs was tried above, and `row` is pure; it
        // turns down a line with fewer than two.)
        if let Some(mut r) = (tabs == 2)
            .then(|| table::row_with_tabs(raw, no, tabs))
            .flatten()
        {
            r.period_cells = self.period_cells;
            self.cur.rows.push(r);
            self.zone = Zone::Table;
            return;
        }
        if let Some(cargo) = folded.role {
            let name_at = self.pending.iter().rposition(|&(_, name)| name);
            let name = name_at.map(|i| self.pending.remove(i).0);
            self.flush_pending();
            self.cur.firmas.push(RawFirma {
                cargo,
                name,
                role_line: no,
            });
            self.zone = Zone::After;
            return;
        }
        // (The zone first: it is cheaper, and header lines are no captions.)
        if self.zone != Zone::Top && folded.caption {
            return;
        }
        if let Some((label, at)) = start.label.unwrap_or_else(|| classify::label(raw)) {
            if self.zone != Zone::Top && (!self.cur.rows.is_empty() || !self.cur.firmas.is_empty())
            {
                // A second classification block on the same page: a new report.
                self.last_nonblank = self.last_before(no);
                self.close(no);
            }
            let value = clean_value(&raw[at..]);
            self.empty_labels = if value.is_empty() {
                self.empty_labels + 1
            } else {
                0
            };
            self.cur.header.push(HeaderItem {
                label: Some(label),
                text: value,
                line: no,
            });
            self.has_header = true;
            self.label = Some(label);
            self.zone = Zone::Top;
            return;
        }
        if self.zone == Zone::Top && self.has_header {
            self.value_line(raw, no);
            return;
        }
        let name = classify::name_like(t);
        if name || classify::scribble_like_given(t, name) {
            self.pending.push((
                Span {
                    text: t.to_string(),
                    line: no,
                },
                name,
            ));
            return;
        }
        self.cur.unassigned.push(Span {
            text: t.to_string(),
            line: no,
        });
    }

    /// The last non-blank line before line `no` (bookkeeping for splits).
    fn last_before(&self, no: usize) -> usize {
        self.last_nonblank.min(no.saturating_sub(1)).max(self.start)
    }

    fn title(&mut self, kind: TitleKind, t: &str, at: usize, no: usize) {
        let span = |text: &str| {
            Some(Span {
                text: text.to_string(),
                line: no,
            })
        };
        // A title line whose field is already filled (a repeated or
        // conflicting one) is not dropped: it is listed as unassigned.
        fn fill(slot: &mut Option<Span>, value: Option<Span>) -> bool {
            let free = slot.is_none();
            if free {
                *slot = value;
            }
            free
        }
        let title = &mut self.cur.title;
        let placed = match kind {
            TitleKind::Ayuntamiento => fill(&mut title.ayuntamiento, span(t)),
            TitleKind::Documento => fill(&mut title.documento, span(t)),
            TitleKind::Titulo => fill(&mut title.titulo, span(t)),
            TitleKind::Formato => fill(&mut title.formato, span(t)),
            TitleKind::Fecha => {
                let v = clean_value(&t[at..]);
                let v = v.trim_matches(|c: char| c == '_' || c.is_whitespace());
                if v.is_empty() {
                    self.fecha_pending = title.fecha.is_none();
                    true
                } else {
                    fill(&mut title.fecha, span(v))
                }
            }
            TitleKind::Periodo => fill(&mut title.fecha, span(t)),
        };
        if !placed {
            self.cur.unassigned.push(Span {
                text: t.to_string(),
                line: no,
            });
        }
        if !matches!(kind, TitleKind::Fecha) {
            self.fecha_pending = false;
        }
    }

    fn value_line(&mut self, raw: &str, no: usize) {
        let t = raw.trim();
        let bullet = t.starts_with(['-', '•', '*']);
        // An unreadable label (`FUNCÓIN:\t7 ASUNTOS`): a few words, a
        // separator, then a coded value. Keep the value, unlabeled.
        if let Some(c) = coded_after_separator(t)
            .then(|| unknown_label().captures(t))
            .flatten()
        {
            // The shortest label the pattern allows, at most 28 characters
            // after its first letter.
            let short = c.get(1).is_some_and(|l| l.as_str().chars().count() <= 28);
            if let Some(value) = c.get(2).filter(|_| short) {
                self.cur.header.push(HeaderItem {
                    label: None,
                    text: clean_value(value.as_str()),
                    line: no,
                });
                return;
            }
        }
        let v = clean_value(t);
        if v.is_empty() {
            return;
        }
        let coded = v.chars().next().is_some_and(|c| c.is_ascii_digit());
        let last = self.cur.header.last_mut();
        match last {
            Some(prev) if !coded && !bullet && !prev.text.is_empty() && prev.line + 1 == no => {
                // A wrapped value: the rest of the previous one.
                prev.text.push(' ');
                prev.text.push_str(&v);
            }
            _ => {
                let label = if self.empty_labels >= 2 {
                    None
                } else {
                    self.label
                };
                self.cur.header.push(HeaderItem {
                    label,
                    text: v,
                    line: no,
                });
            }
        }
    }
}

/// Whether a `:` or a tab is followed, after spaces, by a digit: what
/// [`unknown_label`] needs to match (its `\d` is a Unicode digit, which is
/// numeric), checked in one pass before running it.
fn coded_after_separator(t: &str) -> bool {
    let mut armed = false;
    for c in t.chars() {
        if c == ':' || c == '\t' {
            armed = true;
        } else if armed && c.is_numeric() {
            return true;
        } else if !c.is_whitespace() {
            armed = false;
        }
    }
    false
}

fn unknown_label() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // The label's length is checked by the caller: a counted repetition
        // of a Unicode class costs the regex compiler 28 copies of it.
        Regex::new(r"^[-*\s]*\p{L}([\p{L} .]+?)\s*(?::\s*|\t\s*)(\d.*)$").expect("valid regex")
    })
}

/// Strips bullets, markdown debris and separators around a value.
fn clean_value(s: &str) -> String {
    // (No `trim` first: both sets below hold the whitespace, so stripping
    // the longest prefix and suffix of theirs strips the whitespace too.)
    let t = s.trim_start_matches(|c: char| {
        matches!(c, '-' | '•' | '*' | ':' | '#' | '>' | '_') || c.is_whitespace()
    });
    let t = t.trim_end_matches(|c: char| matches!(c, '*' | '_') || c.is_whitespace());
    // (Most values hold no `*` at all: told by one byte search before the
    // pair is looked for.)
    if t.as_bytes().contains(&b'*') && t.contains("**") {
        crate::text::squash(&t.replace("**", " "))
    } else {
        crate::text::squash(t)
    }
}

/// Reads the lines `start..end` (0-based) of one page.
fn read_page<'a>(
    lines: &[&'a str],
    trimmed: &[&str],
    titles: &[LineStart],
    start: usize,
    end: usize,
) -> Vec<PagePart<'a>> {
    let mut r = PageReader {
        parts: vec![],
        cur: RawReport::default(),
        has_header: false,
        start: start + 1,
        last_nonblank: start + 1,
        zone: Zone::Top,
        label: None,
        empty_labels: 0,
        fecha_pending: false,
        period_cells: None,
        pending: vec![],
    };
    for (i, (raw, &t)) in lines.iter().zip(trimmed).enumerate().take(end).skip(start) {
        if t.is_empty() {
            continue;
        }
        r.line(raw, t, i + 1, titles[i]);
        r.last_nonblank = i + 1;
    }
    r.close(end + 1);
    r.parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Vec<&'static str> {
        include_str!("../../corpus/seeds/000_61b09fd82a67f885.txt")
            .lines()
            .collect()
    }

    #[test]
    fn seed_pages_and_reports() {
        let doc = layout(&seed());
        let pages: Vec<Vec<(usize, usize)>> = doc
            .reports
            .iter()
            .map(|r| {
                r.pages
                    .iter()
                    .map(|p| (p.linea_inicio, p.linea_fin))
                    .collect()
            })
            .collect();
        assert_eq!(
            pages,
            vec![
                vec![(5, 41)],
                vec![(45, 84)],
                vec![(88, 142), (146, 166)],
                vec![(170, 204), (208, 229)],
                vec![(233, 279), (283, 307)],
                vec![(311, 349)],
                vec![(353, 391)],
            ]
        );
        assert!(doc.unassigned.is_empty());
    }

    #[test]
    fn seed_everything_is_placed() {
        let doc = layout(&seed());
        for r in &doc.reports {
            assert!(r.unassigned.is_empty(), "{:?}", r.unassigned);
            assert_eq!(r.firmas.len(), 3);
            assert!(r.firmas.iter().all(|f| f.name.is_some()));
        }
        let rows: usize = doc.reports.iter().map(|r| r.rows.len()).sum();
        assert_eq!(rows, 4 + 8 + 12 + 7 + 10 + 3 + 7);
    }

    #[test]
    fn bullet_block_values_are_unlabeled() {
        let doc = layout(&seed());
        let r = &doc.reports[2];
        let bullets: Vec<&HeaderItem> = r.header.iter().filter(|h| !h.text.is_empty()).collect();
        assert!(bullets.iter().all(|h| h.label.is_none()));
        assert_eq!(bullets[0].text, "54 BIENESTAR SOCIAL MUNICIPAL (BISOM)");
        assert_eq!(bullets.len(), 24);
    }

    /// The pre-check never turns away a line the pattern matches.
    #[test]
    fn coded_after_separator_is_necessary() {
        let mut lines: Vec<String> = seed().iter().map(|l| l.to_string()).collect();
        lines.extend(words::tests::damaged_lines());
        for extra in [
            "FUNCÓIN:\t7 ASUNTOS",
            "FUNCION :  7",
            "EJE\t\t1 BIENESTAR",
            "EJE:\u{a0}٣ X",
            "EJE: X 7",
            "EJE 7: X",
            "- RAMO\t",
        ] {
            lines.push(extra.to_string());
        }
        let mut matched = 0;
        for line in &lines {
            let t = line.trim();
            if unknown_label().is_match(t) {
                matched += 1;
                assert!(coded_after_separator(t), "{t:?}");
            }
        }
        assert!(matched >= 4, "{matched}");
    }

    #[test]
    fn not_a_report() {
        let doc = layout(&["Hola, este es un texto cualquiera.", "", "Sin encabezado."]);
        assert!(doc.reports.is_empty());
        assert_eq!(doc.unassigned.len(), 2);
    }
}
