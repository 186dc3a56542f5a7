//! OCR-like character noise.
//!
//! The errors are the ones a scanner's OCR makes and the seed shows: look-alike
//! confusions (`O`/`0`, `rn`/`m`, `E`/`F`...), accents lost or added, letters
//! doubled, dropped, swapped or inserted, words split or run together. Numbers
//! and codes are left alone: a damaged number cannot be recovered, and the
//! generator only damages what a careful reader could still restore.

use super::rng::Rng;

/// Error rates of one noise level.
#[derive(Clone, Copy, Debug)]
pub struct Rates {
    /// Per word of fixed vocabulary: title lines, labels, table headers.
    pub title: f64,
    /// Per word of a catalog name (ramo, programa, eje...).
    pub name: f64,
    /// Per name outside the catalog: one lexicon-fixable edit.
    pub ooc: f64,
    /// Per word of free text (descripción, observaciones).
    pub text: f64,
    /// Per word: an accent lost (a word without one rarely gains one).
    pub accent: f64,
    /// Per printed signature: the name misspelled.
    pub firma: f64,
    /// Multiplier of the layout-debris probabilities (0 = tidy layout).
    pub layout: f64,
    /// Per table row: some cell damage.
    pub cells: f64,
}

const CONFUSIONS: &[(&str, &str)] = &[
    ("O", "0"),
    ("0", "O"),
    ("I", "1"),
    ("I", "L"),
    ("L", "I"),
    ("l", "1"),
    ("l", "I"),
    ("i", "l"),
    ("M", "N"),
    ("N", "M"),
    ("m", "n"),
    ("n", "m"),
    ("rn", "m"),
    ("m", "rn"),
    ("RN", "M"),
    ("cl", "d"),
    ("d", "cl"),
    ("CL", "D"),
    ("E", "F"),
    ("F", "E"),
    ("S", "5"),
    ("B", "8"),
    ("U", "V"),
    ("V", "U"),
    ("u", "v"),
    ("C", "E"),
    ("E", "C"),
    ("e", "c"),
    ("c", "e"),
    ("Y", "V"),
    ("O", "Q"),
    ("G", "C"),
    ("H", "N"),
    ("Ñ", "N"),
    ("ñ", "n"),
    ("h", "b"),
    ("R", "P"),
    ("a", "o"),
    ("o", "a"),
    ("T", "I"),
];

fn strip_accent(c: char) -> Option<char> {
    Some(match c {
        'Á' => 'A',
        'É' => 'E',
        'Í' => 'I',
        'Ó' => 'O',
        'Ú' => 'U',
        'á' => 'a',
        'é' => 'e',
        'í' => 'i',
        'ó' => 'o',
        'ú' => 'u',
        'Ñ' => 'N',
        'ñ' => 'n',
        _ => return None,
    })
}

fn add_accent(c: char) -> Option<char> {
    Some(match c {
        'A' => 'Á',
        'E' => 'É',
        'I' => 'Í',
        'O' => 'Ó',
        'U' => 'Ú',
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ó',
        'u' => 'ú',
        _ => return None,
    })
}

fn is_word(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(|c| c.is_ascii_digit())
}

/// Loses an accent (or, for a word without one, rarely adds a spurious one).
/// Folding undoes it, so it never changes a folded comparison.
pub fn accent_edit(rng: &mut Rng, w: &str) -> String {
    let chars: Vec<char> = w.chars().collect();
    let accented: Vec<usize> = (0..chars.len())
        .filter(|&i| strip_accent(chars[i]).is_some())
        .collect();
    let mut out = chars.clone();
    if !accented.is_empty() {
        let i = *rng.pick(&accented);
        out[i] = strip_accent(chars[i]).unwrap_or(chars[i]);
    } else {
        let plain: Vec<usize> = (0..chars.len())
            .filter(|&i| add_accent(chars[i]).is_some())
            .collect();
        if plain.is_empty() || chars.len() < 4 || !rng.chance(0.1) {
            return w.to_string();
        }
        let i = *rng.pick(&plain);
        out[i] = add_accent(chars[i]).unwrap_or(chars[i]);
    }
    out.into_iter().collect()
}

fn same_case(model: char, c: char) -> char {
    if model.is_lowercase() {
        c.to_lowercase().next().unwrap_or(c)
    } else {
        c
    }
}

/// One letter-level OCR error in a word. `fixable` keeps to single edits that
/// a lexicon lookup can undo (no digits, no multi-letter confusions).
pub fn word_edit(rng: &mut Rng, w: &str, fixable: bool) -> String {
    let chars: Vec<char> = w.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    if letters.len() < 3 {
        return w.to_string();
    }
    for _ in 0..8 {
        let op = if fixable {
            rng.weighted(&[30, 20, 25, 20, 5])
        } else {
            rng.weighted(&[40, 15, 15, 15, 8])
        };
        let mut out = chars.clone();
        match op {
            0 => {
                let s: String = chars.iter().collect();
                let mut cands = Vec::new();
                for (from, to) in CONFUSIONS {
                    if fixable
                        && (from.chars().count() > 1 || to.chars().any(|c| c.is_ascii_digit()))
                    {
                        continue;
                    }
                    for (at, _) in s.match_indices(from) {
                        cands.push((at, *from, *to));
                    }
                }
                if cands.is_empty() {
                    continue;
                }
                let (at, from, to) = *rng.pick(&cands);
                return format!("{}{}{}", &s[..at], to, &s[at + from.len()..]);
            }
            1 => {
                let i = *rng.pick(&letters);
                out.insert(i, chars[i]);
            }
            2 => {
                if letters.len() < 4 {
                    continue;
                }
                let i = letters[1 + rng.below(letters.len() - 1)];
                out.remove(i);
            }
            3 => {
                let i = letters[rng.below(letters.len() - 1)];
                if i + 1 >= chars.len() || !chars[i + 1].is_alphabetic() || chars[i] == chars[i + 1]
                {
                    continue;
                }
                out.swap(i, i + 1);
            }
            _ => {
                let i = *rng.pick(&letters);
                let c = *rng.pick(&['A', 'E', 'I', 'O', 'U', 'L', 'N', 'R', 'S', 'T']);
                out.insert(i + 1, same_case(chars[i], c));
            }
        }
        return out.into_iter().collect();
    }
    w.to_string()
}

/// Free text or a name with OCR noise: each word gets a letter error with
/// probability `rate` and an accent change with probability `accent`; words
/// are now and then split or run together.
pub fn words(rng: &mut Rng, s: &str, rate: f64, accent: f64) -> String {
    if rate <= 0.0 && accent <= 0.0 {
        return s.to_string();
    }
    let parts: Vec<&str> = s.split(' ').collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < parts.len() {
        let mut w = parts[i].to_string();
        if is_word(&w) {
            if rng.chance(accent) {
                w = accent_edit(rng, &w);
            }
            if rng.chance(rate) {
                w = word_edit(rng, &w, false);
            }
            if w.chars().count() >= 7 && rng.chance(rate * 0.12) {
                let cut = 2 + rng.below(w.chars().count() - 4);
                let (a, b): (String, String) =
                    (w.chars().take(cut).collect(), w.chars().skip(cut).collect());
                w = format!("{a} {b}");
            }
        }
        out.push_str(&w);
        if i + 1 < parts.len() {
            let joinable = is_word(parts[i]) && is_word(parts[i + 1]);
            if !(joinable && rng.chance(rate * 0.12)) {
                out.push(' ');
            }
        }
        i += 1;
    }
    out
}

/// An out-of-catalog name: accents may change, and with probability `rate`
/// one word found in `known` gets one lexicon-fixable edit.
pub fn ooc_name(
    rng: &mut Rng,
    s: &str,
    rate: f64,
    accent: f64,
    known: &dyn Fn(&str) -> bool,
) -> String {
    let mut parts: Vec<String> = s.split(' ').map(str::to_string).collect();
    for p in parts.iter_mut() {
        if is_word(p) && rng.chance(accent) {
            *p = accent_edit(rng, p);
        }
    }
    if rng.chance(rate) {
        let cands: Vec<usize> = (0..parts.len())
            .filter(|&i| parts[i].chars().count() >= 6 && is_word(&parts[i]) && known(&parts[i]))
            .collect();
        if !cands.is_empty() {
            let i = *rng.pick(&cands);
            let edited = word_edit(rng, &parts[i], true);
            // An edit that makes another real word could not be undone.
            if !known(&edited) {
                parts[i] = edited;
            }
        }
    }
    parts.join(" ")
}

/// A signature's name misspelled: one or two letter errors, or (`heavy`) a
/// word dropped or the first name replaced.
pub fn firma(rng: &mut Rng, name: &str, heavy: bool, first_names: &[&str]) -> String {
    let mut parts: Vec<String> = name.split(' ').map(str::to_string).collect();
    if heavy && parts.len() >= 3 {
        if parts.len() >= 4 && rng.chance(0.5) {
            let i = 1 + rng.below(parts.len() - 2);
            parts.remove(i);
        } else {
            parts[0] = rng.pick(first_names).to_string();
        }
        return parts.join(" ");
    }
    let n = 1 + rng.below(2);
    for _ in 0..n {
        let i = rng.below(parts.len());
        parts[i] = word_edit(rng, &parts[i], false);
    }
    parts.join(" ")
}

/// A code such as `TMM-F004` with a zero read as the letter O.
pub fn code(rng: &mut Rng, s: &str, rate: f64) -> String {
    if !rng.chance(rate) {
        return s.to_string();
    }
    let zeros: Vec<usize> = s
        .char_indices()
        .filter(|(_, c)| *c == '0')
        .map(|(i, _)| i)
        .collect();
    if zeros.is_empty() {
        return s.to_string();
    }
    let i = *rng.pick(&zeros);
    format!("{}O{}", &s[..i], &s[i + 1..])
}
