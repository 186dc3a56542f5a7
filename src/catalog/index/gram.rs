//! The canonical form of a name and its character trigrams.
//!
//! Both sides of a look-up go through [`canonical`], so whatever it merges
//! costs nothing: the OCR confusions that are most frequent (`O`/`0`/`Q`,
//! `I`/`1`/`L`, `S`/`5`, `B`/`8`, `M`/`N`) share one letter, and a doubled
//! letter is written once (`ASSEGURAMIENTO` and `ASEGURAMIENTO` have the same
//! grams). The exact scorer still tells these apart afterwards.

/// A trigram packed into 63 bits (three 21-bit scalar values).
pub(super) type Gram = u64;

/// The canonical form of `s`, at most `max` characters, with one space at
/// both ends; `None` when `s` has no letter or digit.
///
/// Anything that is not alphanumeric counts as a space, so the index does not
/// rely on its input being folded.
pub(super) fn canonical(s: &str, max: usize) -> Option<Vec<char>> {
    let mut out = Vec::with_capacity(s.len().min(max) + 2);
    out.push(' ');
    for c in s.chars() {
        if out.len() > max {
            break;
        }
        let c = merge(c);
        if out.last() != Some(&c) {
            out.push(c);
        }
    }
    if out.last() != Some(&' ') {
        out.push(' ');
    }
    if out.len() < 3 {
        return None;
    }
    Some(out)
}

/// One representative per class of characters that OCR confuses most often.
pub(super) fn merge(c: char) -> char {
    match c.to_ascii_uppercase() {
        '0' | 'Q' => 'O',
        '1' | 'L' => 'I',
        '5' => 'S',
        '8' => 'B',
        'M' => 'N',
        c if c.is_alphanumeric() => c,
        _ => ' ',
    }
}

/// The distinct keys of a name's canonical form, sorted: its trigrams, a key
/// for each pair of adjacent words, and one for each pair of words one word
/// apart (which survives a wrong word between them).
///
/// A word pair is much rarer than a trigram: it is the evidence that tells
/// apart long names made of the same common words, and it survives as long as
/// both words came out right (or can be corrected), whatever happened
/// elsewhere in the name.
pub(super) fn keys(canon: &[char]) -> Vec<Gram> {
    let mut out = trigrams(canon);
    let hashes: Vec<u64> = words(canon).map(word_hash).collect();
    out.extend(hashes.windows(2).map(|w| pair(w[0], w[1])));
    out.extend(hashes.windows(3).map(|w| skip_pair(w[0], w[2])));
    out.sort_unstable();
    out.dedup();
    out
}

/// The distinct trigrams of a canonical form, sorted.
pub(super) fn trigrams(canon: &[char]) -> Vec<Gram> {
    let mut out: Vec<Gram> = canon.windows(3).map(|w| pack(w[0], w[1], w[2])).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The words of a canonical form.
pub(super) fn words(canon: &[char]) -> impl Iterator<Item = &[char]> {
    canon.split(|&c| c == ' ').filter(|w| !w.is_empty())
}

fn pack(a: char, b: char, c: char) -> Gram {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// FNV-1a of a word, skipping the character at `skip` (if any).
pub(super) fn hash_without(w: &[char], skip: Option<usize>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &c) in w.iter().enumerate() {
        if Some(i) != skip {
            h ^= u64::from(c);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// FNV-1a of a word.
pub(super) fn word_hash(w: &[char]) -> u64 {
    hash_without(w, None)
}

/// The key of a pair of words (by their hashes), with the top bit set,
/// which no trigram has (a trigram uses 63 bits).
pub(super) fn pair(a: u64, b: u64) -> Gram {
    // The SplitMix64 finalizer, so that (a, b) and (b, a) differ.
    let mut z = a.rotate_left(23) ^ b;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) | 1 << 63
}

/// The key of a pair of words one word apart.
pub(super) fn skip_pair(a: u64, c: u64) -> Gram {
    pair(a, c ^ 0x5851_F42D_4C95_7F2D)
}

/// Length of a canonical form without its padding, saturated to `u16`.
pub(super) fn core_len(canon: &[char]) -> u16 {
    u16::try_from(canon.len().saturating_sub(2)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        canonical(s, 100)
            .map(|v| v.into_iter().collect())
            .unwrap_or_default()
    }

    #[test]
    fn merges_confusions_and_runs() {
        assert_eq!(show("MEXICALI"), " NEXICAI ");
        assert_eq!(show("ASSEGURAMIENTO"), show("ASEGURAMIENTO"));
        assert_eq!(show("TMM-F0O4"), " TN FO4 ");
        assert_eq!(show("  a..b  "), " A B ");
    }

    #[test]
    fn empty_and_capped() {
        assert_eq!(canonical("", 10), None);
        assert_eq!(canonical(" -- ", 10), None);
        assert_eq!(show("X"), " X ");
        assert_eq!(keys(&canonical("X", 10).unwrap_or_default()).len(), 1);
        let long = "AB".repeat(1000);
        assert!(canonical(&long, 50).map_or(0, |v| v.len()) <= 52);
    }
}
