//! The entry point: [`Parser`].

use std::borrow::Cow;

use sha2::{Digest, Sha256};

use crate::catalog::Catalog;
use crate::decode::decode;
use crate::error::{Error, ErrorKind};
use crate::model::{Documento, Fuente, ESQUEMA};
use crate::text::ascii_len;
use crate::text::lexicon::Lexicon;
use crate::{layout, resolve};

/// Resource limits; inputs past them are errors, not crashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes (default 64 MiB).
    pub max_bytes: usize,
    /// Longest line accepted, in bytes (default 1 MiB).
    pub max_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 64 << 20,
            max_line_bytes: 1 << 20,
        }
    }
}

/// Parses OCR documents against a catalog. Build one and share it: it is
/// `Send + Sync` and parsing takes `&self`.
///
/// ```
/// use poa_ocr::{Catalog, Parser};
/// let parser = Parser::new(Catalog::default());
/// let doc = parser.parse(b"", None).unwrap();
/// assert!(doc.reportes.is_empty());
/// ```
#[derive(Debug)]
pub struct Parser {
    catalog: Catalog,
    lexicon: Lexicon,
    limits: Limits,
    memo: resolve::Memo,
    /// The catalog's units of measure, prepared once.
    units: resolve::Units,
}

impl Parser {
    /// A parser that matches against `catalog`.
    pub fn new(catalog: Catalog) -> Parser {
        let lexicon = Lexicon::new(catalog.vocabulary());
        let units = resolve::Units::new(catalog.unidades_medida());
        Parser {
            units,
            catalog,
            lexicon,
            limits: Limits::default(),
            memo: resolve::Memo::default(),
        }
    }

    /// Turns the lexicon's correction of free text (descriptions,
    /// observations, names outside the catalog) on (the default) or off, for
    /// users who want the OCR text as it came. Catalog matching is not
    /// affected.
    ///
    /// ```
    /// use poa_ocr::{Catalog, Parser};
    /// let raw = Parser::new(Catalog::default()).with_text_correction(false);
    /// # let _ = raw;
    /// ```
    pub fn with_text_correction(mut self, on: bool) -> Parser {
        // The words stay; only the switch changes (no second build).
        self.lexicon = std::mem::take(&mut self.lexicon).correcting(on);
        self
    }

    /// Replaces the resource limits.
    pub fn with_limits(mut self, limits: Limits) -> Parser {
        self.limits = limits;
        self
    }

    /// The catalog in use.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Parses raw input bytes (any supported encoding). `nombre` is the file
    /// name for `fuente.nombre`.
    pub fn parse(&self, input: &[u8], nombre: Option<&str>) -> Result<Documento, Error> {
        if input.len() > self.limits.max_bytes {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!(
                    "the input has {} bytes; the limit is {}",
                    input.len(),
                    self.limits.max_bytes
                ),
            ));
        }
        let decoded = decode(input)?;
        let mut doc = self.parse_text(&decoded.text, nombre)?;
        doc.fuente.sha256 = hex_sha256(input);
        doc.fuente.bytes = input.len() as u64;
        let mut avisos = decoded.avisos;
        avisos.append(&mut doc.avisos);
        doc.avisos = avisos;
        Ok(doc)
    }

    /// Parses text that is already decoded.
    pub fn parse_str(&self, text: &str, nombre: Option<&str>) -> Result<Documento, Error> {
        if text.len() > self.limits.max_bytes {
            return Err(Error::new(
                ErrorKind::InputTooLarge,
                format!(
                    "the input has {} bytes; the limit is {}",
                    text.len(),
                    self.limits.max_bytes
                ),
            ));
        }
        let mut doc = self.parse_text(text, nombre)?;
        doc.fuente.sha256 = hex_sha256(text.as_bytes());
        doc.fuente.bytes = text.len() as u64;
        Ok(doc)
    }

    fn parse_text(&self, text: &str, nombre: Option<&str>) -> Result<Documento, Error> {
        let lines = split_lines(text);
        for (i, l) in lines.iter().enumerate() {
            if l.len() > self.limits.max_line_bytes {
                return Err(Error::new(
                    ErrorKind::LineTooLong,
                    format!(
                        "line {} has {} bytes; the limit is {}",
                        i + 1,
                        l.len(),
                        self.limits.max_line_bytes
                    ),
                )
                .at_line(i + 1));
            }
        }
        let visible = visible(text);
        let lines: Vec<&str> = match &visible {
            Cow::Owned(t) => split_lines(t),
            Cow::Borrowed(_) => lines,
        };
        let raw = layout::layout(&lines);
        let (reportes, avisos) =
            resolve::resolve(raw, &self.catalog, &self.lexicon, &self.memo, &self.units);
        let nombre = nombre.map(|n| {
            std::path::Path::new(n)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| n.to_string())
        });
        Ok(Documento {
            esquema: ESQUEMA.to_string(),
            fuente: Fuente {
                nombre,
                sha256: String::new(),
                bytes: 0,
                lineas: lines.len() as u64,
            },
            reportes,
            avisos,
        })
    }
}

/// `text.lines()`, collected. The line feeds are found by one vectorized
/// search over the whole text, rather than one search started per line
/// (most lines are short: a few dozen bytes).
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        // `end` is a line feed and `start` is 0 or follows one: character
        // boundaries, so `get` never fails.
        let line = text.get(start..end).unwrap_or_default();
        // As `str::lines`: a carriage return is dropped only before a line
        // feed.
        lines.push(line.strip_suffix('\r').unwrap_or(line));
        start = end + 1;
    }
    // The last line, unless the text ends with a line feed (or is empty).
    if let Some(last) = text.get(start..).filter(|l| !l.is_empty()) {
        lines.push(last);
    }
    lines
}

/// The text in composed form (NFC: `Ó`, not `O` + U+0301), without
/// zero-width characters, and with no-break spaces as spaces. These are
/// invisible on the page but would split words and numbers (`4` printed as
/// `\u{200b}4`) and hide labels. Line breaks are untouched, so line numbers
/// stay those of the input.
fn visible(text: &str) -> Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if is_visible(text) {
        return Cow::Borrowed(text);
    }
    let composed = is_nfc_quick(text.chars()) == IsNormalized::Yes;
    let cleaned = text
        .chars()
        .filter(|&c| !zero_width(c))
        .map(|c| if no_break(c) { ' ' } else { c });
    Cow::Owned(if composed {
        cleaned.collect()
    } else {
        cleaned.nfc().collect()
    })
}

/// Whether [`visible`] leaves `text` as it is: NFC by the quick check, and
/// no zero-width or no-break characters.
///
/// Only the runs of non-ASCII characters are looked at, each on its own:
/// ASCII characters are all in NFC, and the quick check starts afresh after
/// each (they are starters), so the text passes it exactly when every run
/// does; the characters looked for are not ASCII either.
fn is_visible(text: &str) -> bool {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        i += ascii_len(b.get(i..).unwrap_or_default());
        let Some(rest) = b.get(i..).filter(|r| !r.is_empty()) else {
            return true;
        };
        let end = i + rest.iter().position(u8::is_ascii).unwrap_or(rest.len());
        // Both ends are next to ASCII bytes (or the text's ends): character
        // boundaries.
        let Some(run) = text.get(i..end) else {
            return false;
        };
        if is_nfc_quick(run.chars()) != IsNormalized::Yes
            || run.contains(|c| zero_width(c) || no_break(c))
        {
            return false;
        }
        i = end;
    }
}

fn zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

fn no_break(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

fn hex_sha256(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        for nibble in [b >> 4, b & 15] {
            s.push(char::from(HEX[usize::from(nibble)]));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check on non-ASCII runs answers what the check on the whole
    /// text does: accents composed and decomposed, combining marks out of
    /// order, invisible characters, ASCII between them.
    #[test]
    fn visible_runs_check_matches_whole_text_check() {
        use proptest::strategy::{Strategy, ValueTree};
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let whole = |t: &str| {
            is_nfc_quick(t.chars()) == IsNormalized::Yes
                && !t.contains(|c| zero_width(c) || no_break(c))
        };
        let pattern = "([a-z ]{0,20}|[áñÓ]|\\u{301}|\\u{323}|\\u{327}|\\u{300}|[\\u{200b}\\u{a0}\\u{feff}]|\\u{2126}|\\u{1e0a}|\\PC)*";
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = proptest::string::string_regex(pattern).unwrap();
        let (mut kept, mut changed) = (0, 0);
        for _ in 0..5000 {
            let t = strategy.new_tree(&mut runner).unwrap().current();
            assert_eq!(is_visible(&t), whole(&t), "{t:?}");
            if whole(&t) {
                kept += 1;
            } else {
                changed += 1;
            }
        }
        assert!(kept > 200 && changed > 200, "{kept} {changed}");
        let long = format!("{}é{}", "a".repeat(40), "b".repeat(33));
        assert!(is_visible(&long));
        assert!(!is_visible(&format!("{long}e\u{301}")));
        assert!(!is_visible(&format!("{long}\u{a0}")));
        assert_eq!(ascii_len(long.as_bytes()), 40);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 3000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x6c69_6e65),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// The lines are those of `str::lines`: line feeds, carriage
        /// returns alone or before a line feed, empty lines, a last line
        /// with and without its line feed.
        #[test]
        fn lines_are_str_lines(t in "([a-zñ ]{0,5}|\n|\r|\r\n|\n\r|\u{85}|\u{2028})*") {
            proptest::prop_assert_eq!(split_lines(&t), t.lines().collect::<Vec<_>>());
        }
    }

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            hex_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn parser_is_send_and_sync() {
        fn assert<T: Send + Sync>() {}
        assert::<Parser>();
    }

    #[test]
    fn limits_are_errors() {
        let p = Parser::new(Catalog::default()).with_limits(Limits {
            max_bytes: 10,
            max_line_bytes: 4,
        });
        assert_eq!(
            p.parse(&[b'a'; 11], None).unwrap_err().kind(),
            ErrorKind::InputTooLarge
        );
        let e = p.parse(b"ab\nabcde", None).unwrap_err();
        assert_eq!((e.kind(), e.line()), (ErrorKind::LineTooLong, Some(2)));
    }

    #[test]
    fn sha256_is_over_raw_bytes() {
        let p = Parser::new(Catalog::default());
        let d = p.parse(b"", None).unwrap();
        assert_eq!(
            d.fuente.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
