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
    } else if let Some(pos) = memchr::memchr(0, bytes) {
        // A NUL byte: UTF-16 without a BOM, or binary.
        match bomless_utf16(bytes) {
            Some(enc) => {
                let codec = if enc == Encoding::Utf16Le {
                    UTF_16LE
                } else {
                    UTF_16BE
                };
                (
                    Ok(codec.decode_without_bom_handling(bytes).0.into_owned()),
                    Some(enc),
                )
            }
            None => {
                return Err(Error::new(
                    ErrorKind::NotText,
                    format!("the input is binary, not text (NUL byte at offset {pos})"),
                ))
            }
        }
    } else {
        // Most input: no NUL byte, so not UTF-16 either (that needs zero
        // bytes).
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

/// UTF-16 without a BOM: most odd (LE) or even (BE) bytes are zero (so
/// never for bytes without a zero byte).
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

/// How many characters [`check_text`] looks at.
const CHECKED: usize = 65_536;

/// Rejects text that is mostly control characters (binary read as text).
fn check_text(text: &str) -> Result<(), Error> {
    // The first `CHECKED` characters: all of a text with no more bytes.
    let head = if text.len() <= CHECKED {
        text
    } else {
        text.char_indices()
            .nth(CHECKED)
            .map_or(text, |(i, _)| text.get(..i).unwrap_or(text))
    };
    let (total, control) = counts(head);
    if total > 0 && control * 10 > total {
        return Err(Error::new(
            ErrorKind::NotText,
            format!("the input is binary, not text ({control} of its first {total} characters are control characters)"),
        ));
    }
    Ok(())
}

/// The characters of `text`, and those of them that are control characters
/// (but line breaks, tabs and form feeds) or U+FFFD, counted on its bytes: a
/// character starts at every byte but the continuation bytes `80` to `BF`;
/// the control characters are U+0000 to U+001F and U+007F (one byte each)
/// and U+0080 to U+009F (`C2 80` to `C2 9F`), and U+FFFD is `EF BF BD`. In
/// valid UTF-8, `C2` and `EF` only ever start a character.
fn counts(text: &str) -> (usize, usize) {
    /// Short enough for byte-wide counters (at most 255), and a multiple of
    /// the widest vector (32 bytes), so that only the last block has a tail
    /// counted one byte at a time.
    const BLOCK: usize = 224;
    let b = text.as_bytes();
    // Sums of comparisons, in byte-wide counters over blocks short enough
    // not to overflow them: this compiles to wide compares, many bytes at a
    // time, in one pass.
    let (mut chars, mut ascii, mut leads) = (0usize, 0usize, 0usize);
    for block in b.chunks(BLOCK) {
        let (mut n, mut a, mut l) = (0u8, 0u8, 0u8);
        for &c in block {
            n += u8::from(!(0x80..=0xbf).contains(&c));
            a += u8::from((c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0c)) || c == 0x7f);
            l += u8::from(c == 0xc2 || c == 0xef);
        }
        chars += usize::from(n);
        ascii += usize::from(a);
        leads += usize::from(l);
    }
    // The characters starting with `C2` or `EF` are rare: looked at one by
    // one only in text that has them.
    if leads == 0 {
        return (chars, ascii);
    }
    let mut n = ascii;
    for (i, &c) in b.iter().enumerate() {
        n += match c {
            0xc2 => usize::from(matches!(b.get(i + 1), Some(0x80..=0x9f))),
            0xef => usize::from(b.get(i + 1..i + 3) == Some(&[0xbf, 0xbd][..])),
            _ => 0,
        };
    }
    (chars, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`check_text`]'s count as it was made before, on characters.
    fn control_reference(text: &str) -> (usize, usize) {
        let mut total = 0usize;
        let mut control = 0usize;
        for c in text.chars().take(CHECKED) {
            total += 1;
            if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) || c == '\u{fffd}' {
                control += 1;
            }
        }
        (total, control)
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 2000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x6465_636f),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// Counting on bytes counts what counting characters does.
        #[test]
        fn control_count_matches_characters(
            s in "([a-z ]{0,6}|[\\x00-\\x1f\\x7f]|[\\u{80}-\\u{a0}]|\\u{fffd}|\\u{fffc}|\\u{effd}|[ÂïÓ¿½])*",
            any in "\\PC*",
        ) {
            for t in [&s, &any] {
                proptest::prop_assert_eq!(counts(t), control_reference(t));
            }
        }
    }

    /// [`decode`] as it was before the fast common path: the UTF-16 sniff
    /// before the NUL check, and the characters counted one by one.
    fn decode_reference(
        bytes: &[u8],
    ) -> Result<(String, Encoding, Vec<Aviso>), (ErrorKind, String)> {
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
        } else if let Some(pos) = bytes.iter().position(|&b| b == 0) {
            let message = format!("the input is binary, not text (NUL byte at offset {pos})");
            return Err((ErrorKind::NotText, message));
        } else {
            (utf8_or_1252(bytes), None)
        };
        let (text, encoding) = match (text, encoding) {
            (Ok(t), None) => (t, Encoding::Utf8),
            (Err(t), None) => (t, Encoding::Windows1252),
            (Ok(t) | Err(t), Some(e)) => (t, e),
        };
        let (total, control) = control_reference(&text);
        if total > 0 && control * 10 > total {
            let message = format!(
                "the input is binary, not text ({control} of its first {total} characters are control characters)"
            );
            return Err((ErrorKind::NotText, message));
        }
        let avisos = match encoding {
            Encoding::Utf8 => vec![],
            Encoding::Windows1252 => vec![Aviso::new(
                "CODIFICACION",
                "La entrada no es UTF-8 válido; se leyó como Windows-1252 (Latin-1).",
                None,
            )],
            Encoding::Utf16Le | Encoding::Utf16Be => vec![Aviso::new(
                "CODIFICACION",
                "La entrada está en UTF-16; se convirtió a UTF-8.",
                None,
            )],
        };
        Ok((text, encoding, avisos))
    }

    /// Bytes that reach every branch of [`decode`]: text in UTF-8,
    /// Windows-1252 and UTF-16 (either order, with and without a BOM),
    /// control characters, NUL bytes, and noise.
    fn hostile_bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let text =
            "([A-Za-z :\n]{0,8}|[\x00-\x1f\x7f]|[\u{80}-\u{a0}]|\u{fffd}|[ÁÉÓÑáéóñ¿½]|\r\n)*";
        let bom = prop::sample::select(vec![&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"]);
        let noise = prop::collection::vec(
            prop::sample::select(vec![0u8, 1, 0x0a, 0x41, 0x7f, 0xc2, 0xef, 0xff]),
            0..64,
        );
        (bom, text, 0..5u8, noise, 0..3usize).prop_map(|(bom, text, how, noise, at)| {
            let mut b = bom.to_vec();
            match how {
                0 => b.extend(text.bytes()),
                1 => b.extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
                2 => b.extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
                // Latin-1 for what fits it, and bytes Windows-1252 reads
                // otherwise.
                3 => b.extend(text.chars().map(|c| u8::try_from(c).unwrap_or(0x93))),
                _ => b.extend(&noise),
            }
            // Noise spliced into the text (at its start, middle or end).
            let at = (b.len() * at / 2).min(b.len());
            b.splice(at..at, noise.iter().copied().take(usize::from(how % 3)));
            b
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x6465_636f_6465),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// The fast common path decodes every input as the old decoder did:
        /// the same text, encoding and avisos, or the same error.
        #[test]
        fn decode_matches_reference(
            bytes in hostile_bytes(),
            any in proptest::collection::vec(proptest::num::u8::ANY, 0..300),
        ) {
            for b in [&bytes, &any] {
                let new = decode(b)
                    .map(|d| (d.text, d.encoding, d.avisos))
                    .map_err(|e| (e.kind(), e.to_string()));
                proptest::prop_assert_eq!(new, decode_reference(b));
            }
        }
    }

    #[test]
    fn only_the_first_characters_are_checked() {
        // Past the checked head, control characters do not count.
        let mut t = "ñ".repeat(CHECKED);
        t.push_str(&"\u{1}".repeat(CHECKED));
        assert!(check_text(&t).is_ok());
        let head = t.char_indices().nth(CHECKED).map(|(i, _)| i).unwrap();
        assert_eq!(counts(&t[..head]), (CHECKED, 0));
        let t = format!("{}{}", "\u{85}".repeat(10), "a".repeat(80));
        assert_eq!(check_text(&t).unwrap_err().kind(), ErrorKind::NotText);
    }

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
