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

/// The inflections undone to find a headword (see `morph::inverse_rules`).
fn inverse() -> &'static [(String, String)] {
    static RULES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    RULES.get_or_init(morph::inverse_rules)
}

/// The heads of [`inverse`] by inflected ending: the rules whose ending is
/// a given one, found with one hash look-up rather than a binary search of
/// string comparisons.
fn inverse_by_ending() -> &'static crate::memo::Map<&'static str, Vec<&'static str>> {
    static BY_ENDING: OnceLock<crate::memo::Map<&'static str, Vec<&'static str>>> = OnceLock::new();
    BY_ENDING.get_or_init(|| {
        let mut map = crate::memo::Map::<&str, Vec<&str>>::default();
        for (infl, head) in inverse() {
            map.entry(infl.as_str()).or_default().push(head.as_str());
        }
        map
    })
}

/// The distinct derived endings of [`SUFFIXES`] by their last byte: those
/// a word can end with, by its own last byte.
fn endings_by_last() -> &'static [Vec<&'static str>] {
    static BY_LAST: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    BY_LAST.get_or_init(|| {
        let mut table = vec![Vec::new(); 256];
        for &(ds, _) in SUFFIXES {
            if let Some(&last) = ds.as_bytes().last() {
                let at: &mut Vec<&str> = &mut table[usize::from(last)];
                if !at.contains(&ds) {
                    at.push(ds);
                }
            }
        }
        table
    })
}

/// The longest inflected ending of [`inverse`], in bytes.
fn longest_inflection() -> usize {
    static LONGEST: OnceLock<usize> = OnceLock::new();
    *LONGEST.get_or_init(|| inverse().iter().map(|r| r.0.len()).max().unwrap_or(0))
}

fn letters(s: &str) -> usize {
    s.chars().count()
}

/// Whether the headword `hw` is derived by a suffix from a known word
/// (`depth` more levels allowed: `empleabilidad` ← `empleable` ← `emplear`).
fn by_suffix(hw: &str, depth: u8, known: &dyn Fn(&str) -> bool) -> bool {
    let last = hw.as_bytes().last();
    SUFFIXES.iter().any(|&(ds, bs)| {
        // An ending that `hw` ends with has `hw`'s last byte: most differ
        // there already.
        if ds.as_bytes().last() != last {
            return false;
        }
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

/// Whether `a` followed by `b` ends with `end` (without joining them).
fn joined_ends_with(a: &str, b: &str, end: &str) -> bool {
    let (a, b, end) = (a.as_bytes(), b.as_bytes(), end.as_bytes());
    match end.len().checked_sub(b.len()) {
        None => b.ends_with(end),
        Some(k) => {
            let (head, tail) = end.split_at(k);
            tail == b && a.ends_with(head)
        }
    }
}

/// Whether the headword `stem` + `head` is derived by a suffix from a known
/// word ([`by_suffix`] with one more level). It is only when it ends with a
/// derived ending, which is checked first: most candidate headwords end
/// with none, and then need not be built.
fn joined_by_suffix(stem: &str, head: &str, known: &dyn Fn(&str) -> bool) -> bool {
    // The endings with the joined word's last byte are the only ones it
    // can end with (an empty word ends with none: all are nonempty).
    let last = head.as_bytes().last().or(stem.as_bytes().last());
    let Some(endings) = last.and_then(|&b| endings_by_last().get(usize::from(b))) else {
        return false;
    };
    endings.iter().any(|ds| joined_ends_with(stem, head, ds))
        && by_suffix(&format!("{stem}{head}"), 1, known)
}

/// Whether a (possibly inflected) word is a derivative by suffix.
///
/// The rules that apply are those whose inflected ending ends `w`: each
/// ending of `w` (no longer than the longest rule's) is looked up in the
/// rules by ending, rather than every rule tried against `w`.
fn inflected_by_suffix(w: &str, known: &dyn Fn(&str) -> bool) -> bool {
    let rules = inverse_by_ending();
    let shortest_stem = w.len().saturating_sub(longest_inflection());
    w.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(w.len()))
        .filter(|&i| i >= shortest_stem)
        .any(|i| {
            let (stem, infl) = w.split_at(i);
            if letters(stem) < 3 {
                return false;
            }
            rules
                .get(infl)
                .is_some_and(|heads| heads.iter().any(|head| joined_by_suffix(stem, head, known)))
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

    /// The looked-up rules are the rules tried one by one: the same words
    /// are derivatives, over words of the embedded list with derivational
    /// and inflectional endings put on, against the list as known words.
    #[test]
    fn rule_lookup_agrees_with_trying_every_rule() {
        // Every suffix tried, with no filter.
        fn plain_by_suffix(hw: &str, depth: u8, known: &dyn Fn(&str) -> bool) -> bool {
            SUFFIXES.iter().any(|&(ds, bs)| {
                let Some(stem) = hw.strip_suffix(ds) else {
                    return false;
                };
                let base = format!("{stem}{bs}");
                letters(stem) >= 3
                    && (known(&base) || (depth > 0 && plain_by_suffix(&base, depth - 1, known)))
            })
        }
        fn plain(w: &str, known: &dyn Fn(&str) -> bool) -> bool {
            inverse().iter().any(|(infl, head)| {
                let Some(stem) = w.strip_suffix(infl.as_str()) else {
                    return false;
                };
                letters(stem) >= 3 && plain_by_suffix(&format!("{stem}{head}"), 1, known)
            })
        }
        let list: std::collections::HashSet<&str> = crate::text::lexicon::WSPANISH
            .lines()
            .map(str::trim)
            .collect();
        let known = |w: &str| list.contains(w);
        let (mut tried, mut derived) = (0, 0);
        for (k, w) in crate::text::lexicon::WSPANISH.lines().enumerate() {
            if k % 23 != 0 {
                continue;
            }
            let w = w.trim();
            for end in [
                "", "idad", "idades", "izaron", "ación", "aciones", "mente", "ables", "ito", "es",
            ] {
                for word in [
                    format!("{w}{end}"),
                    format!("{}{end}", w.get(..w.len().saturating_sub(2)).unwrap_or("")),
                ] {
                    let got = inflected_by_suffix(&word, &known);
                    assert_eq!(got, plain(&word, &known), "{word}");
                    tried += 1;
                    derived += usize::from(got);
                }
            }
        }
        assert!(derived > 500 && derived < tried, "{derived} of {tried}");
    }

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
