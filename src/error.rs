//! The crate's one error type.

use std::fmt;

/// What went wrong, without the details; see [`Error::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is larger than [`crate::Limits::max_bytes`].
    InputTooLarge,
    /// A line is longer than [`crate::Limits::max_line_bytes`].
    LineTooLong,
    /// The bytes are not text in any encoding this crate reads.
    NotText,
    /// A catalog could not be read or is malformed.
    Catalog,
    /// Serializing the output failed.
    Json,
}

/// An error from parsing a document or loading a catalog.
///
/// Errors are opaque: match on [`Error::kind`], read [`Error::line`] for the
/// input line (1-based) where there is one, and print it for the details.
///
/// ```
/// use poa_ocr::{Catalog, ErrorKind};
/// let err = Catalog::from_json("{ not json").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Catalog);
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    kind: ErrorKind,
    line: Option<usize>,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl fmt::Display) -> Error {
        Error {
            kind,
            line: None,
            message: message.to_string(),
        }
    }

    pub(crate) fn at_line(mut self, line: usize) -> Error {
        self.line = Some(line);
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The 1-based input line the error refers to, if any.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::new(ErrorKind::Json, e)
    }
}
