//! Candidate generation for fuzzy look-ups.
//!
//! PLACEHOLDER: returns every entry. To be replaced by a sublinear index
//! (issue 5).

/// An index over folded names that proposes candidates for a folded query.
#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    len: usize,
}

impl NameIndex {
    /// Builds the index over `names` (already folded); ids are positions.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> NameIndex {
        NameIndex {
            len: names.into_iter().count(),
        }
    }

    /// Up to `limit` candidate ids for `query` (folded), best first.
    pub fn candidates(&self, _query: &str, limit: usize) -> Vec<u32> {
        (0..self.len as u32).take(limit).collect()
    }

    /// Number of names indexed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
