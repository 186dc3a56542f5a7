//! Scoring OCR text against catalog entries.

use super::index::MAX_QUERY_CHARS;
use super::Catalog;
use crate::text::{fold, similarity_at_least};

/// The kinds of catalog entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Budget branch.
    Ramo,
    /// Program.
    Programa,
    /// Executing unit.
    UnidadEjecutora,
    /// CONAC finalidad (`2`).
    Finalidad,
    /// CONAC función (`2.2`).
    Funcion,
    /// CONAC subfunción (`2.2.2`).
    Subfuncion,
    /// PMD axis.
    Eje,
    /// PMD action line.
    LineaAccion,
    /// Known signatory.
    Firmante,
    /// Mexican state.
    Estado,
    /// Mexican municipality.
    Municipio,
}

/// A scored candidate entry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match {
    /// Position of the entry in [`Catalog::entries`].
    pub index: usize,
    /// Similarity of the names, 0 to 1.
    pub score: f64,
}

/// How many candidates the index proposes before exact scoring.
const CANDIDATES: usize = 64;

impl Catalog {
    /// Entries of `kind` whose names are most similar to `name`, best first.
    /// A name that is exactly an entry's (after folding) returns that entry
    /// alone.
    ///
    /// ```
    /// use poa_ocr::{Catalog, catalog::Kind};
    /// let cat = Catalog::default();
    /// let best = cat.lookup(Kind::Municipio, "MEXICALTI")[0];
    /// assert_eq!(cat.entries(Kind::Municipio)[best.index].nombre, "MEXICALI");
    /// ```
    pub fn lookup(&self, kind: Kind, name: &str) -> Vec<Match> {
        // Folding drops punctuation: keep a margin over the prefix compared.
        self.lookup_above(kind, &fold(prefix(name, 2 * MAX_QUERY_CHARS)), 0.0)
    }

    /// Like [`Catalog::lookup`] for an already folded name, keeping only
    /// entries at least `min` similar (which lets the distance stop early).
    ///
    /// Only the first [`MAX_QUERY_CHARS`] characters of the name are
    /// compared: no catalog name is that long, and exact scoring costs the
    /// product of the lengths.
    pub(crate) fn lookup_above(&self, kind: Kind, folded: &str, min: f64) -> Vec<Match> {
        let folded = prefix(folded, MAX_QUERY_CHARS).trim_end();
        let table = self.table(kind);
        if folded.is_empty() {
            return vec![];
        }
        if let Some(&i) = table.exact.get(folded) {
            // An exact name is the answer; no fuzzy search needed.
            return vec![Match {
                index: i,
                score: 1.0,
            }];
        }
        let q: Vec<char> = folded.chars().collect();
        let mut out: Vec<Match> = table
            .index
            .candidates(folded, CANDIDATES)
            .into_iter()
            .filter_map(|id| {
                let i = id as usize;
                let f = table.chars.get(i)?;
                similarity_at_least(&q, f, min).map(|score| Match { index: i, score })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        out
    }
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}
