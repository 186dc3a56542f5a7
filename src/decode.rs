//! Bytes to text: BOMs, UTF-16, legacy Windows-1252 / Latin-1.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::{Error, ErrorKind};
use crate::model::Aviso;

/// The encoding the input was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little-endian (with a BOM, or detected by its zero bytes).
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Windows-1252, a superset of Latin-1 used by older OCR tools.
    Windows1252,
}

/// Decoded input text.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, without a BOM.
    pub text: String,
    /// How it was read.
    pub encoding: Encoding,
    /// Notes about the decoding (legacy encoding detected, ...).
    pub avisos: Vec<Aviso>,
}

/// Decodes raw input bytes.
///
/// UTF-8 (BOM optional) and UTF-16 with a BOM are read as they are; text that
/// is not valid UTF-8 is read as Windows-1252 with an aviso `CODIFICACION`.
/// Bytes that are not text (NUL bytes outside UTF-16, mostly control
/// characters) are an error of kind [`ErrorKind::NotText`].
///
/// ```
/// use poa_ocr::decode::{decode, Encoding};
/// let d = decode(b"\xEF\xBB\xBFRAMO: 54").unwrap();
/// assert_eq!((d.text.as_str(), d.encoding), ("RAMO: 54", Encoding::Utf8));
/// let d = decode(b"FUNCI\xD3N").unwrap();
/// assert_eq!((d.text.as_str(), d.encoding), ("FUNCIÓN", Encoding::Windows1252));
/// ```
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8_or_1252(rest), None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (
            Ok(UTF_16LE.decode_without_bom_handling(rest).0.into_owned()),
            Some(Encoding::Utf16Le),
        )
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (
            Ok(UTF_16BE.decode_without_bom_handling(rest).0.into_owned()),
            Some(Encoding::Utf16Be),
        )
    } else if let Some(enc) = bomless_utf16(bytes) {
        let codec = if enc == Encoding::Utf16Le {
            UTF_16LE
        } else {
            UTF_16BE
        };
        (
            Ok(codec.decode_without_bom_handling(bytes).0.into_owned()),
            Some(enc),
        )
    } else {
        if let Some(pos) = bytes.iter().position(|&b| b == 0) {
            return Err(Error::new(
                ErrorKind::NotText,
                format!("the input is binary, not text (NUL byte at offset {pos})"),
            ));
        }
        (utf8_or_1252(bytes), None)
    };
    let (text, encoding) = match (text, encoding) {
        (Ok(t), None) => (t, Encoding::Utf8),
        (Err(t), None) => (t, Encoding::Windows1252),
        (Ok(t) | Err(t), Some(e)) => (t, e),
    };
    check_text(&text)?;
    let mut avisos = vec![];
    match encoding {
        Encoding::Windows1252 => avisos.push(Aviso::new(
            "CODIFICACION",
            "La entrada no es UTF-8 válido; se leyó como Windows-1252 (Latin-1).",
            None,
        )),
        Encoding::Utf16Le | Encoding::Utf16Be => avisos.push(Aviso::new(
            "CODIFICACION",
            "La entrada está en UTF-16; se convirtió a UTF-8.",
            None,
        )),
        Encoding::Utf8 => {}
    }
    Ok(Decoded {
        text,
        encoding,
        avisos,
    })
}

/// `Ok` for valid UTF-8, `Err` with the Windows-1252 reading otherwise.
fn utf8_or_1252(bytes: &[u8]) -> Result<String, String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Err(WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()),
    }
}

/// UTF-16 without a BOM: most odd (LE) or even (BE) bytes are zero.
fn bomless_utf16(bytes: &[u8]) -> Option<Encoding> {
    let n = bytes.len().min(4096) & !1;
    if n < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        bytes[..n]
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let half = n / 2;
    if odd * 10 >= half * 9 && even * 10 < half {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= half * 9 && odd * 10 < half {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Rejects text that is mostly control characters (binary read as text).
fn check_text(text: &str) -> Result<(), Error> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(65_536) {
        total += 1;
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) || c == '\u{fffd}' {
            control += 1;
        }
    }
    if total > 0 && control * 10 > total {
        return Err(Error::new(
            ErrorKind::NotText,
            format!("the input is binary, not text ({control} of its first {total} characters are control characters)"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "RAMO: 54 ÓN\n".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!(d.text, "RAMO: 54 ÓN\n");
        assert_eq!(d.encoding, Encoding::Utf16Le);
        let d = decode(&le[2..]).unwrap();
        assert_eq!(d.encoding, Encoding::Utf16Le);
        let mut be = vec![0xFE, 0xFF];
        for u in "FECHA".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().text, "FECHA");
    }

    #[test]
    fn binary_is_an_error() {
        let err = decode(b"\x7fELF\x02\x01\x01\x00\x00\x00").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotText);
        let err = decode(&[1u8, 2, 3, 4, 5, 6, 7, 8, b'a']).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotText);
    }

    #[test]
    fn empty_is_text() {
        let d = decode(b"").unwrap();
        assert_eq!(d.text, "");
        assert!(d.avisos.is_empty());
    }

    #[test]
    fn latin1_gets_an_aviso() {
        let d = decode(b"PROGRAMACI\xD3N \x93OK\x94").unwrap();
        assert_eq!(d.text, "PROGRAMACIÓN \u{201c}OK\u{201d}");
        assert_eq!(d.avisos[0].codigo, "CODIFICACION");
    }
}
