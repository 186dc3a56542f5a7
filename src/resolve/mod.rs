//! Meaning: what the text says. Header values resolved against the catalog,
//! table cells realigned by arithmetic, names settled by catalog and
//! consensus, free text corrected by lexicon.

pub mod realign;

use crate::catalog::Catalog;
use crate::layout::RawDocument;
use crate::model::{Aviso, Reporte};
use crate::text::lexicon::Lexicon;

/// Resolves the raw reports of a document.
pub(crate) fn resolve(raw: RawDocument, _catalog: &Catalog, _lexicon: &Lexicon) -> (Vec<Reporte>, Vec<Aviso>) {
    let avisos = raw
        .unassigned
        .iter()
        .map(|s| Aviso::new("TEXTO_NO_ASIGNADO", s.text.clone(), Some(s.line)))
        .collect();
    (vec![], avisos)
}
