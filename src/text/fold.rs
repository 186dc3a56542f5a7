//! Folding keys: what two spellings of the same word have in common.

use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison: accents removed, upper case, every run of
/// punctuation, symbols and whitespace turned into one space, trimmed.
///
/// This is the same folding the referee (`score.py`) applies to names, except
/// that punctuation becomes a space instead of vanishing, which keeps
/// `1.6.3,2.3.1` apart as words.
///
/// ```
/// use poa_ocr::text::fold;
/// assert_eq!(fold("Gestión  administrativa."), "GESTION ADMINISTRATIVA");
/// assert_eq!(fold("VILLASEÑOR"), "VILLASENOR");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    let push = |c: char, out: &mut String, space: &mut bool| {
        if c.is_alphanumeric() {
            if *space && !out.is_empty() {
                out.push(' ');
            }
            *space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.extend(c.to_uppercase());
            }
        } else if !is_combining(c) {
            *space = true;
        }
    };
    let mut rest = s;
    while !rest.is_empty() {
        // Runs of ASCII, most of any report, fold byte by byte.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        for &b in &rest.as_bytes()[..ascii] {
            if b.is_ascii_alphanumeric() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(char::from(b.to_ascii_uppercase()));
            } else {
                space = true;
            }
        }
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        // The letters of Spanish text fold by table; anything else by NFD.
        match base_letter(c) {
            Some(b) => push(b, &mut out, &mut space),
            None => {
                for d in std::iter::once(c).nfd() {
                    push(d, &mut out, &mut space);
                }
            }
        }
    }
    out
}

/// The base letter of an ASCII or common Latin-1 letter, without building a
/// decomposition; `None` for characters that need one.
fn base_letter(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' => 'A',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'O',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'Ñ' => 'N',
        'Ç' => 'C',
        _ => return None,
    })
}

/// Folds like [`fold`] but removes punctuation instead of spacing it, the
/// referee's exact rule (`"P.M.D."` → `"PMD"`).
///
/// ```
/// assert_eq!(poa_ocr::text::fold_tight("(BISOM)  P.M.D."), "BISOM PMD");
/// ```
pub fn fold_tight(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if is_combining(c) {
            continue;
        }
        if c.is_whitespace() {
            space = true;
        } else if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            for u in c.to_uppercase() {
                out.push(u);
            }
        }
    }
    out
}

/// Removes accents but keeps case and punctuation (`"Creación"` → `"Creacion"`).
///
/// ```
/// assert_eq!(poa_ocr::text::strip_accents("Creación, Ñ"), "Creacion, N");
/// ```
pub fn strip_accents(s: &str) -> String {
    s.nfd().filter(|&c| !is_combining(c)).collect()
}

/// Upper case with accents kept, in NFC (`"gestión"` → `"GESTIÓN"`).
pub fn upper(s: &str) -> String {
    // ASCII is its own NFC, and so is its upper case.
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    // Normalizing text that is already NFC (the common case) changes
    // nothing: check it cheaply first.
    let up: String = if is_nfc(s) {
        s.chars().flat_map(char::to_uppercase).collect()
    } else {
        s.nfc().flat_map(char::to_uppercase).collect()
    };
    if is_nfc(&up) {
        up
    } else {
        up.nfc().collect()
    }
}

/// Whether `s` is certainly in NFC (a quick check; `false` when unsure).
pub(crate) fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes
}

/// Collapses whitespace runs into one space and trims.
///
/// ```
/// assert_eq!(poa_ocr::text::squash("  a \t b  "), "a b");
/// ```
pub fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("  LÍNEAS de acción: "), "LINEAS DE ACCION");
        assert_eq!(fold("1.6.3,2.3.1"), "1 6 3 2 3 1");
        assert_eq!(fold(""), "");
        assert_eq!(fold("—"), "");
        // Decomposed input folds like composed input.
        assert_eq!(fold("Gestio\u{301}n"), "GESTION");
        assert_eq!(fold("ǅ ŀ Ǻ"), fold("ǅ ŀ Ǻ").to_uppercase());
        assert_eq!(fold("ÀÉÎÕÜÇñ"), "AEIOUCN");
    }

    #[test]
    fn tight_fold_matches_referee() {
        assert_eq!(
            fold_tight("ZONAS DE ATENCIÓN PRIORITARIA (ZAP)"),
            "ZONAS DE ATENCION PRIORITARIA ZAP"
        );
        assert_eq!(fold_tight("HÁBITABLES.-"), "HABITABLES");
    }

    #[test]
    fn upper_keeps_accents() {
        assert_eq!(upper("gestión"), "GESTIÓN");
        assert_eq!(upper("año"), "AÑO");
    }
}
