//! Words derived from known ones (`factibilidad` from `factible`,
//! `micrositio` from `sitio`): recognized, so that the corrector leaves them
//! alone, but never offered as corrections.
//!
//! The headword list lacks much of the administrative vocabulary that
//! Spanish forms freely with suffixes and prefixes; treating such words as
//! unknown would invite "corrections" of right words.

use std::sync::OnceLock;

use super::morph;

/// Derived headword ending → base ending.
const SUFFIXES: &[(&str, &str)] = &[
    ("bilidad", "ble"),
    ("idad", ""),
    ("idad", "o"),
    ("idad", "e"),
    ("alizar", "al"),
    ("izar", ""),
    ("izar", "o"),
    ("izar", "a"),
    ("ización", "izar"),
    ("ación", "ar"),
    ("ición", "ir"),
    ("ición", "er"),
    ("amiento", "ar"),
    ("imiento", "er"),
    ("imiento", "ir"),
    ("able", "ar"),
    ("ible", "er"),
    ("ible", "ir"),
    ("ador", "ar"),
    ("edor", "er"),
    ("idor", "ir"),
    ("ante", "ar"),
    ("ente", "er"),
    ("ente", "ir"),
    ("iente", "er"),
    ("iente", "ir"),
    ("mente", ""),
    ("al", "o"),
    ("al", "a"),
    ("al", "e"),
    ("cional", "ción"),
    ("sional", "sión"),
    ("onal", "ón"),
    ("ito", "o"),
    ("ito", ""),
    ("ista", "ismo"),
    ("ismo", "ista"),
];

/// Prefixes Spanish attaches freely (`micro-sitio`, `multi-disciplinario`).
const PREFIXES: &[&str] = &[
    "ante", "anti", "auto", "bi", "bio", "ciber", "co", "contra", "cuasi", "des", "eco", "entre",
    "ex", "extra", "geo", "hiper", "infra", "inter", "intra", "macro", "mega", "micro", "mini",
    "mono", "multi", "neo", "pluri", "poli", "pos", "post", "pre", "pro", "re", "semi", "sobre",
    "socio", "sub", "super", "tele", "trans", "tri", "ultra", "vice",
];

fn inverse() -> &'static [(String, String)] {
    static RULES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    RULES.get_or_init(morph::inverse_rules)
}

fn letters(s: &str) -> usize {
    s.chars().count()
}

/// Whether the headword `hw` is derived by a suffix from a known word
/// (`depth` more levels allowed: `empleabilidad` ← `empleable` ← `emplear`).
fn by_suffix(hw: &str, depth: u8, known: &dyn Fn(&str) -> bool) -> bool {
    SUFFIXES.iter().any(|&(ds, bs)| {
        let Some(stem) = hw.strip_suffix(ds) else {
            return false;
        };
        if letters(stem) < 3 {
            return false;
        }
        let base = format!("{stem}{bs}");
        known(&base) || (depth > 0 && by_suffix(&base, depth - 1, known))
    })
}

/// Whether a (possibly inflected) word is a derivative by suffix.
fn inflected_by_suffix(w: &str, known: &dyn Fn(&str) -> bool) -> bool {
    inverse().iter().any(|(infl, head)| {
        let Some(stem) = w.strip_suffix(infl.as_str()) else {
            return false;
        };
        if letters(stem) < 3 {
            return false;
        }
        by_suffix(&format!("{stem}{head}"), 1, known)
    })
}

/// Whether the lower-case word `w` is derived from a word `known` accepts.
pub(crate) fn derivable(w: &str, known: &dyn Fn(&str) -> bool) -> bool {
    if inflected_by_suffix(w, known) {
        return true;
    }
    PREFIXES.iter().any(|p| {
        let Some(rest) = w.strip_prefix(p) else {
            return false;
        };
        letters(rest) >= 4 && (known(rest) || inflected_by_suffix(rest, known))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives() {
        let known = |w: &str| {
            [
                "factible",
                "emplear",
                "potencial",
                "sitio",
                "nutrición",
                "disciplinario",
            ]
            .contains(&w)
        };
        for w in [
            "factibilidad",
            "factibilidades",
            "empleabilidad",
            "potencializando",
            "potencializar",
            "micrositio",
        ] {
            assert!(derivable(w, &known), "{w}");
        }
        assert!(derivable("nutricional", &known));
        assert!(derivable("multidisciplinario", &known));
        for w in ["factibilidá", "emplreadores", "requimiento", "sitios"] {
            assert!(!derivable(w, &known), "{w}");
        }
    }
}
