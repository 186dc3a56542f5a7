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
    for c in s.nfd() {
        if is_combining(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            for u in c.to_uppercase() {
                out.push(u);
            }
        } else {
            space = true;
        }
    }
    out
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
    s.nfc()
        .flat_map(char::to_uppercase)
        .collect::<String>()
        .nfc()
        .collect()
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
