//! # poa-ocr
//!
//! Turns the noisy OCR text of Mexican municipal quarterly reports
//! (*Programa Operativo Anual — Avance Físico Programático*, form TMM-F004)
//! into clean, validated JSON (schema `poa-ocr/avance-fisico/1`).
//!
//! It finds the pages and reports of a document, recognizes the header
//! against a [`Catalog`] of known ramos, programas, unidades ejecutoras,
//! functional classifications and development-plan lines, realigns the
//! shifted table cells with the arithmetic the form obeys, settles names by
//! catalog and consensus, corrects free text with a lexicon, and lists every
//! correction and every guess.
//!
//! ```
//! use poa_ocr::{Catalog, Parser};
//!
//! let parser = Parser::new(Catalog::default());
//! let text = std::fs::read("corpus/seeds/000_61b09fd82a67f885.txt").unwrap();
//! let doc = parser.parse(&text, Some("000_61b09fd82a67f885.txt")).unwrap();
//! assert_eq!(doc.reportes.len(), 7);
//! assert_eq!(doc.reportes[0].ramo.as_ref().unwrap().siglas.as_deref(), Some("BISOM"));
//! let json = serde_json::to_string_pretty(&doc).unwrap();
//! assert!(json.contains("\"esquema\": \"poa-ocr/avance-fisico/1\""));
//! ```
//!
//! The code follows the data: [`decode`] (bytes → text), `layout` (text →
//! pages → raw header, table rows and signatures, with line numbers), then
//! `resolve` (catalog matching, realignment, consensus, lexicon), producing a
//! [`Documento`].

#![deny(missing_docs)]

pub mod catalog;
pub mod decode;
mod error;
mod layout;
mod memo;
mod model;
mod parser;
pub mod resolve;
pub mod text;

pub use catalog::Catalog;
pub use error::{Error, ErrorKind};
pub use model::*;
pub use parser::{Limits, Parser};

// The README's Rust examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
