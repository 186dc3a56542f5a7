//! Catalogs of known entities, as data.
//!
//! A [`Catalog`] holds what a report's header can name: ramos, programas,
//! unidades ejecutoras, the CONAC functional classification, PMD ejes and
//! líneas de acción, units of measure, known signatories, and Mexico's states
//! and municipalities. The default one is embedded from `corpus/catalog/`;
//! [`Catalog::from_json`] reads another one in the same format (see the
//! README, "Catalog format").

mod file;
pub mod index;
mod matcher;

pub use matcher::{Kind, Match};

use std::sync::OnceLock;

use crate::error::{Error, ErrorKind};
use crate::memo::Map;
use crate::text::{fold, Prepared};
use index::NameIndex;

/// One catalog entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Full key (`54`, `542`, `54202`, `2.2.2`, `4.5.3`).
    pub clave: String,
    /// Official name, upper case with accents.
    pub nombre: String,
    /// Acronym, if any.
    pub siglas: Option<String>,
    /// Keys of the entries above this one: a programa's ramo, a unidad's
    /// programas.
    pub padres: Vec<String>,
}

/// A list of entries of one kind with a fuzzy-lookup index over their names.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub(crate) entries: Vec<Entry>,
    pub(crate) folded: Vec<String>,
    /// The folded names as characters, for the edit distance.
    pub(crate) chars: Vec<Vec<char>>,
    /// Each name's side of the distance's lower bounds, worked out once
    /// for every look-up (50 bytes a name).
    pub(crate) prepared: Vec<Prepared>,
    /// The fewest and most characters in the folded names (`(0, 0)` if
    /// there are none).
    pub(crate) lengths: (usize, usize),
    /// Folded name → first entry with it, for the exact fast path.
    exact: Map<String, usize>,
    /// Bit `n` set if some folded name is `n` bytes long (bits past the
    /// last always set): a name of another length is no key of `exact`,
    /// and need not be hashed to tell (the header asks of every value
    /// whether it is exactly a name of each of its fields).
    byte_lens: [u64; BYTE_LEN_WORDS],
    by_clave: Map<String, usize>,
    pub(crate) index: NameIndex,
}

impl Table {
    fn new(entries: Vec<Entry>) -> Table {
        let folded: Vec<String> = entries.iter().map(|e| fold(&e.nombre)).collect();
        let index = NameIndex::new(folded.iter().map(String::as_str));
        let mut exact = Map::default();
        for (i, f) in folded.iter().enumerate() {
            exact.entry(f.clone()).or_insert(i);
        }
        let mut by_clave = Map::default();
        for (i, e) in entries.iter().enumerate() {
            by_clave.entry(e.clave.clone()).or_insert(i);
        }
        let chars: Vec<Vec<char>> = folded.iter().map(|f| f.chars().collect()).collect();
        let prepared = chars.iter().map(|c| Prepared::of(c)).collect();
        let mut byte_lens = [0u64; BYTE_LEN_WORDS];
        for f in &folded {
            set_len_bit(&mut byte_lens, f.len());
        }
        let lens = chars.iter().map(Vec::len);
        let lengths = (lens.clone().min().unwrap_or(0), lens.max().unwrap_or(0));
        Table {
            entries,
            folded,
            chars,
            prepared,
            lengths,
            exact,
            byte_lens,
            by_clave,
            index,
        }
    }

    /// The entry whose folded name is `folded` exactly, the first of
    /// equals.
    pub(crate) fn exact(&self, folded: &str) -> Option<usize> {
        if !len_bit(&self.byte_lens, folded.len()) {
            return None;
        }
        self.exact.get(folded).copied()
    }

    /// The entry with key `clave`.
    pub(crate) fn by_clave(&self, clave: &str) -> Option<usize> {
        self.by_clave.get(clave).copied()
    }
}

/// Words of [`Table`]'s bits of name lengths: lengths up to 511 bytes.
const BYTE_LEN_WORDS: usize = 8;

/// Sets the bit of length `len` (nothing past the last bit, which
/// [`len_bit`] holds set).
fn set_len_bit(bits: &mut [u64; BYTE_LEN_WORDS], len: usize) {
    if let Some(w) = bits.get_mut(len / 64) {
        *w |= 1 << (len % 64);
    }
}

/// Whether the bit of length `len` is set; always for a length past the
/// bits.
fn len_bit(bits: &[u64; BYTE_LEN_WORDS], len: usize) -> bool {
    bits.get(len / 64).is_none_or(|w| w >> (len % 64) & 1 == 1)
}

/// The catalogs a [`Parser`](crate::Parser) matches header text against.
///
/// ```
/// use poa_ocr::Catalog;
/// let cat = Catalog::default();
/// assert!(cat.len() > 100);
/// let custom = Catalog::from_json(r#"{"ramos": [{"clave": "7", "nombre": "OBRAS"}]}"#).unwrap();
/// assert!(custom.len() < cat.len());
/// ```
#[derive(Clone, Debug)]
pub struct Catalog {
    pub(crate) documentos: Vec<String>,
    pub(crate) formatos: Vec<(String, String)>,
    pub(crate) ramos: Table,
    pub(crate) programas: Table,
    pub(crate) unidades: Table,
    pub(crate) finalidades: Table,
    pub(crate) funciones: Table,
    pub(crate) subfunciones: Table,
    pub(crate) ejes: Table,
    pub(crate) lineas: Table,
    pub(crate) unidades_medida: Vec<String>,
    pub(crate) firmantes: Table,
    pub(crate) estados: Table,
    pub(crate) municipios: Table,
}

const DEFAULT_LOCAL: &str = include_str!("../../corpus/catalog/bisom-mexicali-2026.json");
const CONAC: &str = include_str!("../../corpus/catalog/conac-clasificacion-funcional.json");
const INEGI: &str = include_str!("../../corpus/catalog/inegi-estados-municipios.json");

impl Default for Catalog {
    /// The embedded catalog: ramo 54 (BISOM) of Mexicali 2026 with its PMD,
    /// plus the national CONAC and INEGI catalogs.
    fn default() -> Catalog {
        static DEFAULT: OnceLock<Catalog> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                Catalog::from_json(DEFAULT_LOCAL).expect("the embedded catalog is valid")
            })
            .clone()
    }
}

impl Catalog {
    /// Reads a catalog in the JSON format of `corpus/catalog/bisom-mexicali-2026.json`.
    ///
    /// Sections that are absent are empty, except the national ones
    /// (`clasificacion_funcional`, `estados`, `municipios`), which default to
    /// the embedded CONAC and INEGI catalogs.
    pub fn from_json(json: &str) -> Result<Catalog, Error> {
        let f: file::CatalogFile = serde_json::from_str(json)
            .map_err(|e| Error::new(ErrorKind::Catalog, format!("catalog: {e}")))?;
        f.into_catalog()
    }

    /// Total number of entries of every kind.
    pub fn len(&self) -> usize {
        [
            &self.ramos,
            &self.programas,
            &self.unidades,
            &self.finalidades,
            &self.funciones,
            &self.subfunciones,
            &self.ejes,
            &self.lineas,
            &self.firmantes,
            &self.estados,
            &self.municipios,
        ]
        .iter()
        .map(|t| t.entries.len())
        .sum::<usize>()
            + self.unidades_medida.len()
    }

    /// Whether the catalog has no entries at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entries of one kind.
    ///
    /// ```
    /// use poa_ocr::{Catalog, catalog::Kind};
    /// let cat = Catalog::default();
    /// assert!(cat.entries(Kind::Ramo).iter().any(|e| e.siglas.as_deref() == Some("BISOM")));
    /// ```
    pub fn entries(&self, kind: Kind) -> &[Entry] {
        &self.table(kind).entries
    }

    pub(crate) fn table(&self, kind: Kind) -> &Table {
        match kind {
            Kind::Ramo => &self.ramos,
            Kind::Programa => &self.programas,
            Kind::UnidadEjecutora => &self.unidades,
            Kind::Finalidad => &self.finalidades,
            Kind::Funcion => &self.funciones,
            Kind::Subfuncion => &self.subfunciones,
            Kind::Eje => &self.ejes,
            Kind::LineaAccion => &self.lineas,
            Kind::Firmante => &self.firmantes,
            Kind::Estado => &self.estados,
            Kind::Municipio => &self.municipios,
        }
    }

    /// Known units of measure, as written in the catalog.
    pub fn unidades_medida(&self) -> &[String] {
        &self.unidades_medida
    }

    /// Every word of the catalog's names, for the domain lexicon.
    pub fn vocabulary(&self) -> impl Iterator<Item = &str> + '_ {
        let tables = [
            &self.ramos,
            &self.programas,
            &self.unidades,
            &self.finalidades,
            &self.funciones,
            &self.subfunciones,
            &self.ejes,
            &self.lineas,
            &self.estados,
            &self.municipios,
        ];
        tables
            .into_iter()
            .flat_map(|t| t.entries.iter().map(|e| e.nombre.as_str()))
            .chain(self.unidades_medida.iter().map(String::as_str))
            .chain(self.documentos.iter().map(String::as_str))
            .chain(self.formatos.iter().map(|(_, t)| t.as_str()))
            .flat_map(|s| s.split(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lengths' bits only spare hashing: every folded name of every
    /// table, and names a byte or a few longer or shorter (past the bits
    /// too), are found as the map alone finds them.
    #[test]
    fn exact_agrees_with_the_map() {
        let cat = Catalog::default();
        let mut asked = 0;
        for table in [
            &cat.ramos,
            &cat.programas,
            &cat.unidades,
            &cat.finalidades,
            &cat.funciones,
            &cat.subfunciones,
            &cat.ejes,
            &cat.lineas,
            &cat.estados,
            &cat.municipios,
        ] {
            for f in &table.folded {
                let long = format!("{f} {}", "X".repeat(600));
                let names = [
                    f.clone(),
                    format!("{f}A"),
                    format!("{f}ÑA"),
                    f.chars().skip(1).collect(),
                    long.clone(),
                    long[..520].to_string(),
                ];
                for name in names {
                    assert_eq!(
                        table.exact(&name),
                        table.exact.get(&name).copied(),
                        "{name:?}"
                    );
                    asked += 1;
                }
            }
        }
        assert!(asked > 1_000);
        // A table holding a name past the bits finds it.
        let long = "A".repeat(700);
        let t = Table::new(vec![Entry {
            clave: "1".into(),
            nombre: long.clone(),
            siglas: None,
            padres: vec![],
        }]);
        assert_eq!(t.exact(&long), Some(0));
        assert_eq!(t.exact("A"), None);
    }
}
