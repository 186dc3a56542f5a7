//! Layout: where the text is. Pages, reports, header values, table rows and
//! signatures, each with its line number. Knows nothing of catalogs or
//! arithmetic.

/// A piece of text and the 1-based line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) text: String,
    pub(crate) line: usize,
}

/// Everything layout found in the document.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawDocument {
    pub(crate) reports: Vec<RawReport>,
    /// Non-blank lines that belong to no report.
    pub(crate) unassigned: Vec<Span>,
}

/// One report: a header page and its continuation pages.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawReport {
    pub(crate) pages: Vec<(usize, usize)>,
    pub(crate) unassigned: Vec<Span>,
}

/// Splits the lines of a document into reports.
pub(crate) fn layout(_lines: &[&str]) -> RawDocument {
    RawDocument::default()
}
