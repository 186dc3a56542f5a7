//! The folded alphabet the lexicon indexes and searches on, and the
//! OCR-aware costs between its letters.
//!
//! A folded letter is one byte: `a`..=`z`, plus [`ENYE`] for `ñ` (kept apart
//! from `n`: *año* and *ano* are different words). Accents and diaeresis
//! fold away (`á` → `a`, `ü` → `u`); case folds to lower.

use std::sync::OnceLock;

use crate::text::substitution_cost;

/// The folded `ñ`. It sorts right after `z`.
pub(crate) const ENYE: u8 = b'{';

/// Number of letters of the folded alphabet.
pub(crate) const N: usize = 27;

/// Folds one character to its alphabet byte, or `None` when it is not a
/// Spanish letter (digits, punctuation, other scripts).
pub(crate) fn fold_char(c: char) -> Option<u8> {
    let b = match c {
        'a'..='z' => c as u8,
        'A'..='Z' => c.to_ascii_lowercase() as u8,
        'á' | 'Á' | 'à' | 'À' | 'â' | 'Â' | 'ä' | 'Ä' => b'a',
        'é' | 'É' | 'è' | 'È' | 'ê' | 'Ê' | 'ë' | 'Ë' => b'e',
        'í' | 'Í' | 'ì' | 'Ì' | 'î' | 'Î' | 'ï' | 'Ï' => b'i',
        'ó' | 'Ó' | 'ò' | 'Ò' | 'ô' | 'Ô' | 'ö' | 'Ö' => b'o',
        'ú' | 'Ú' | 'ù' | 'Ù' | 'û' | 'Û' | 'ü' | 'Ü' => b'u',
        'ñ' | 'Ñ' => ENYE,
        'ç' | 'Ç' => b'c',
        _ => return None,
    };
    Some(b)
}

/// Folds a word (NFC) into `out`; `false` (with `out` partly filled) when a
/// character is not a letter of the alphabet.
pub(crate) fn fold_into(word: &str, out: &mut Vec<u8>) -> bool {
    out.clear();
    for c in word.chars() {
        match fold_char(c) {
            Some(b) => out.push(b),
            None => return false,
        }
    }
    true
}

/// Folds a word, or `None` when it has a character outside the alphabet.
pub(crate) fn fold_word(word: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(word.len());
    fold_into(word, &mut out).then_some(out)
}

/// Index of a folded letter in [`table`] (any other byte gets the last
/// one, as `ñ` does).
///
/// Read from a table of every byte: the searches take the slot of each
/// letter they push, and a load is cheaper than the comparisons.
#[inline]
pub(crate) fn slot(b: u8) -> usize {
    usize::from(SLOTS[usize::from(b)])
}

/// [`slot`] of every byte.
static SLOTS: [u8; 256] = {
    let mut t = [(N - 1) as u8; 256];
    let mut b = b'a';
    while b <= b'z' {
        t[b as usize] = b - b'a';
        b += 1;
    }
    t
};

/// The folded letter of a [`table`] index (the inverse of [`slot`]).
pub(crate) fn letter(s: usize) -> u8 {
    if s >= N - 1 {
        ENYE
    } else {
        b'a' + s as u8
    }
}

fn display(b: u8) -> char {
    if b == ENYE {
        'Ñ'
    } else {
        char::from(b).to_ascii_uppercase()
    }
}

/// Substitution costs between folded letters, from the crate's OCR
/// confusion table (plus `n`/`ñ`, a dropped tilde).
pub(crate) fn table() -> &'static [[f32; N]; N] {
    static TABLE: OnceLock<[[f32; N]; N]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [[1.0f32; N]; N];
        let letters: Vec<u8> = (b'a'..=b'z').chain(std::iter::once(ENYE)).collect();
        for &a in &letters {
            for &b in &letters {
                let cost = match (a, b) {
                    (b'n', ENYE) | (ENYE, b'n') => 0.3,
                    _ => substitution_cost(display(a), display(b)) as f32,
                };
                t[slot(a)][slot(b)] = cost;
            }
        }
        t
    })
}

/// Cost of reading `a` where `b` was printed (symmetric).
#[cfg(test)]
pub(crate) fn sub_cost(a: u8, b: u8) -> f32 {
    if a == b {
        0.0
    } else {
        table()[slot(a)][slot(b)]
    }
}

/// Levels of [`look_alikes`]: the costs below a whole substitution are few
/// (the same letter, 0.3, 0.35, 0.45, 0.6).
pub(crate) const LEVELS: usize = 6;

/// `look_alikes()[slot(z)]`: the letters that may be read as `z` for less
/// than a whole substitution, by cost: each level holds its cost and every
/// letter up to it (`z` itself, at 0, first), cheapest first; the levels
/// left over cost infinity and hold nothing.
pub(crate) fn look_alikes() -> &'static [[(f32, u32); LEVELS]; N] {
    static LEVELS_BY_LETTER: OnceLock<[[(f32, u32); LEVELS]; N]> = OnceLock::new();
    LEVELS_BY_LETTER.get_or_init(|| {
        let table = table();
        std::array::from_fn(|z| {
            let mut levels = [(f32::INFINITY, 0); LEVELS];
            let mut costs: Vec<(f32, usize)> = (0..N)
                .map(|s| (if s == z { 0.0 } else { table[s][z] }, s))
                .filter(|&(cost, _)| cost < 1.0)
                .collect();
            costs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (mut mask, mut k) = (0, 0);
            for (i, &(cost, s)) in costs.iter().enumerate() {
                mask |= 1 << s;
                if costs.get(i + 1).is_some_and(|next| next.0 == cost) {
                    continue;
                }
                match levels.get_mut(k) {
                    Some(level) => *level = (cost, mask),
                    // More costs than levels (not with this table): the
                    // last level takes the rest at its lower cost, which
                    // only lets more letters through.
                    None => levels[LEVELS - 1].1 = mask,
                }
                k += 1;
            }
            levels
        })
    })
}

/// Two letters an OCR engine reads as one (or one as two): `rn`/`m`,
/// `cl`/`d`, `li`/`h`, ... with their costs.
pub(crate) const MERGES: &[(u8, u8, u8, f32)] = &[
    (b'r', b'n', b'm', 0.4),
    (b'n', b'n', b'm', 0.6),
    (b'i', b'n', b'm', 0.6),
    (b'c', b'l', b'd', 0.5),
    (b'l', b'i', b'h', 0.5),
    (b'l', b'l', b'h', 0.6),
    (b'r', b'i', b'n', 0.6),
    (b'v', b'v', b'w', 0.4),
    (b'i', b'i', b'u', 0.5),
];

/// Cost of the two letters `x y` standing for the single letter `z`, if
/// that is a known confusion.
#[cfg(test)]
pub(crate) fn merge_cost(x: u8, y: u8, z: u8) -> Option<f32> {
    MERGES
        .iter()
        .find(|&&(a, b, c, _)| a == x && b == y && c == z)
        .map(|&(.., cost)| cost)
}

/// The single letter the pair `x y` may stand for, with the cost (each
/// pair stands for at most one letter).
pub(crate) fn merged(x: u8, y: u8) -> Option<(u8, f32)> {
    MERGES
        .iter()
        .find(|&&(a, b, ..)| a == x && b == y)
        .map(|&(.., z, cost)| (z, cost))
}

/// The least a step spanning two letters of the dictionary's side costs
/// when the first of them is `x`, against a query whose letters `in_query`
/// accepts: two letters dropped ([`BLOCK2`]), swapped ([`TRANSPOSE`], only
/// if `x` is in the query) or read as one ([`merged`], only if that one is
/// in the query). The cost is one of those constants, so a sum with it is
/// rounded as the recurrence rounds it.
#[cfg(test)]
pub(crate) fn least_pair_step(x: u8, in_query: impl Fn(u8) -> bool) -> f32 {
    let mut least = BLOCK2;
    if in_query(x) {
        least = least.min(TRANSPOSE);
    }
    for &(_, _, z, cost) in MERGES.iter().filter(|m| m.0 == x) {
        if in_query(z) {
            least = least.min(cost);
        }
    }
    least
}

/// [`least_pair_step`] of every letter `x` (by [`slot`]), for a query
/// whose letters are the mask `letters` (by slot): each merge is read once,
/// rather than once per letter.
pub(crate) fn least_pair_steps(letters: u32) -> [f32; N] {
    let has = |z: u8| letters & 1 << slot(z) != 0;
    let mut least: [f32; N] = std::array::from_fn(|s| {
        if has(letter(s)) {
            BLOCK2.min(TRANSPOSE)
        } else {
            BLOCK2
        }
    });
    for &(x, _, z, cost) in MERGES {
        if has(z) {
            let l = &mut least[slot(x)];
            *l = l.min(cost);
        }
    }
    least
}

/// Whether a word beginning with `x` may be read as one beginning with `z`
/// (a look-alike, or the start of a pair read as one letter).
pub(crate) fn same_start(x: u8, z: u8) -> bool {
    x == z
        || table()[slot(x)][slot(z)] <= 0.6
        || MERGES
            .iter()
            .any(|&(a, _, c, _)| (a == x && c == z) || (a == z && c == x))
}

/// The letters `x` (a mask by slot) for which [`same_start`]`(x, z)`:
/// a search tests the first letter of every path against the query's
/// (`z`), so the test is read from a table made once.
pub(crate) fn starts(z: u8) -> u32 {
    static STARTS: OnceLock<[u32; N]> = OnceLock::new();
    let by_letter = STARTS.get_or_init(|| {
        std::array::from_fn(|z| {
            (0..N)
                .filter(|&x| same_start(letter(x), letter(z)))
                .fold(0, |m, x| m | 1 << x)
        })
    });
    by_letter[slot(z)]
}

/// Whether `z` is the single letter of some merge (a cheap pre-check).
#[cfg(test)]
pub(crate) fn is_merge_target(z: u8) -> bool {
    matches!(z, b'm' | b'd' | b'h' | b'n' | b'w' | b'u')
}

/// Cost of an adjacent transposition (`PLIARES` for `PILARES`).
pub(crate) const TRANSPOSE: f32 = 1.0;

/// Cost of two adjacent letters the OCR dropped: one lost chunk, cheaper
/// than two separate slips (`REQUIMIENTO` for `REQUERIMIENTO`). Only that
/// direction: two stray letters rarely appear, and taking them out would
/// turn many unknown names into shorter words.
pub(crate) const BLOCK2: f32 = 1.3;

/// Cost of a letter one side has and the other lacks: half when it only
/// doubles its neighbour (`ASSEGURAMIENTO`).
pub(crate) fn indel_cost(doubled: bool) -> f32 {
    if doubled {
        0.5
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_spanish_letters() {
        assert_eq!(
            fold_word("Ñandú").unwrap(),
            vec![ENYE, b'a', b'n', b'd', b'u']
        );
        assert_eq!(fold_word("PÍLARES").unwrap(), b"pilares".to_vec());
        assert_eq!(fold_word("pingüino").unwrap(), b"pinguino".to_vec());
        assert!(fold_word("a1").is_none());
        assert!(fold_word("α").is_none());
    }

    #[test]
    fn starts_is_same_start() {
        let mut pairs = 0;
        for x in 0..N {
            for z in 0..N {
                let (x, z) = (letter(x), letter(z));
                let table = starts(z) & 1 << slot(x) != 0;
                assert_eq!(table, same_start(x, z), "{} {}", display(x), display(z));
                pairs += usize::from(table && x != z);
            }
        }
        // Look-alikes (`c`/`e`) and merges (`r` for `m`) are among them.
        assert!(pairs > 10, "{pairs}");
    }

    /// The table of [`slot`] is the rule it replaced: `ñ` last, the
    /// letters `a` to `z` in order, and every other byte last too.
    #[test]
    fn slots_are_the_rule() {
        for b in 0..=u8::MAX {
            let rule = if b == ENYE {
                26
            } else {
                usize::from(b.wrapping_sub(b'a')).min(N - 1)
            };
            assert_eq!(slot(b), rule, "{b}");
        }
    }

    #[test]
    fn costs() {
        for s in 0..N {
            assert_eq!(slot(letter(s)), s);
        }
        assert_eq!(sub_cost(b'a', b'a'), 0.0);
        assert!(sub_cost(b'i', b'l') < 0.5);
        assert!(sub_cost(b'n', ENYE) < 0.5);
        assert_eq!(sub_cost(b'a', b'x'), 1.0);
        assert_eq!(merge_cost(b'r', b'n', b'm'), Some(0.4));
        assert_eq!(merge_cost(b'n', b'r', b'm'), None);
        assert_eq!(least_pair_step(b'r', |z| z == b'r'), TRANSPOSE);
        assert_eq!(least_pair_step(b'r', |z| z == b'm'), 0.4);
        assert_eq!(least_pair_step(b'x', |_| false), BLOCK2);
        for (k, &(x, y, z, cost)) in MERGES.iter().enumerate() {
            assert!(is_merge_target(z));
            assert!(least_pair_step(x, |_| true) <= cost);
            assert!(least_pair_step(x, |_| true) >= MERGES.iter().map(|m| m.3).fold(1.0, f32::min));
            assert_eq!(merged(x, y), Some((z, cost)));
            // One letter per pair, so `merged` finds every merge.
            assert!(MERGES[..k].iter().all(|&(a, b, ..)| (a, b) != (x, y)));
        }
    }

    /// The table of steps is the step of each letter: over every query
    /// made of one or two letters and masks of many letters.
    #[test]
    fn pair_steps_are_each_letters_step() {
        let mut masks: Vec<u32> = vec![0, (1 << N) - 1];
        for a in 0..N {
            for b in a..N {
                masks.push(1 << a | 1 << b);
            }
        }
        let mut rng = crate::catalog::index::synth::Rng::new(0x9e37_79b9);
        for _ in 0..500 {
            masks.push(rng.next_u64() as u32 & ((1 << N) - 1));
        }
        for m in masks {
            let table = least_pair_steps(m);
            for (s, &step) in table.iter().enumerate() {
                let want = least_pair_step(letter(s), |z| m & 1 << slot(z) != 0);
                assert_eq!(step.to_bits(), want.to_bits(), "{m:b} {}", letter(s));
            }
        }
    }
}
