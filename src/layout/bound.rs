//! A lower bound on the OCR-aware distance from letter counts alone, to
//! skip the dynamic program for lines that cannot spell a phrase.
//!
//! The layout compares the start of nearly every line with a few fixed
//! phrases (`AYUNTAMIENTO`, `RESPONSABLE`, the labels, the months); most
//! lines share few letters with them, and counting letters settles those
//! in a fraction of the cost of the distance.
//!
//! The argument, on the costs of `text/similarity.rs` (in twentieths of an
//! edit): an alignment pairs some characters of `a` with equal ones of `b`
//! (matches, and the two pairs of a swap); there are at most
//! `min(count_a(c), count_b(c))` such pairs for each character `c`. Every
//! other character of `b` is either inserted or substituted, and a
//! substitution costs at least the cheapest one of that character: charged
//! to `b`'s side, each costs at least the cheaper of the two. Deletions from
//! `a` are then charged apart, and there are at least `len(a) - len(b)` of
//! them. The same holds with the sides swapped, and the distance is at least
//! the larger of the two sums.
//!
//! On the side of `a` (the text compared), a substituted character's partner
//! is a character of the pattern: so its cost is at least the cheapest
//! substitution by one of the pattern's characters, not by any character
//! (look-alikes are a few pairs: `S` costs 8 against `5` and a full edit
//! against the letters of `AYUNTAMIENTO`).

use std::sync::OnceLock;

// The distance's own costs, in twentieths of an edit: a space inserted or
// deleted, and a letter next to an equal one.
use crate::text::{similarity_at_least, substitution_cost, DOUBLED_INDEL, SPACE_INDEL, UNIT};

/// Longest string bounded (counts are 16 bits); longer ones go to the
/// program unbounded by this filter.
const MAX_LEN: usize = 4096;

/// The cost of substituting ASCII `a` by ASCII `b` (`a != b`), in units,
/// rounded down (the floor keeps every table below a lower bound whatever
/// the rounding).
fn substitution_units(a: u8, b: u8) -> u8 {
    let units = (substitution_cost(char::from(a), char::from(b)) * f64::from(UNIT)).floor();
    units.clamp(0.0, f64::from(UNIT)) as u8
}

/// The ASCII substitutions cheaper than a full edit, as `(a, b, units)`,
/// both ways round: the look-alikes.
fn look_alikes() -> &'static [(u8, u8, u8)] {
    static PAIRS: OnceLock<Vec<(u8, u8, u8)>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut pairs = vec![];
        for a in 0..128u8 {
            for b in (0..128u8).filter(|&b| b != a) {
                let units = substitution_units(a, b);
                if u32::from(units) < UNIT {
                    pairs.push((a, b, units));
                }
            }
        }
        pairs
    })
}

/// Per ASCII character, the cheapest substitution of it by any other
/// character (a non-ASCII one costs a full edit).
fn cheapest_substitution() -> &'static [u8; 128] {
    static TABLE: OnceLock<[u8; 128]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [UNIT as u8; 128];
        for &(a, _, units) in look_alikes() {
            if let Some(slot) = t.get_mut(usize::from(a)) {
                *slot = (*slot).min(units);
            }
        }
        t
    })
}

/// The cost of inserting or deleting `s[i]`, as in `text/similarity.rs`.
fn indel(s: &[char], i: usize) -> u32 {
    let c = s.get(i);
    if c == Some(&' ') {
        SPACE_INDEL
    } else if (i > 0 && s.get(i - 1) == c) || s.get(i + 1) == c {
        DOUBLED_INDEL
    } else {
        UNIT
    }
}

/// Most distinct characters a bounded pattern has (the phrases compared
/// have about a dozen).
const SLOTS: usize = 32;
/// No slot: a character the pattern lacks.
const NO_SLOT: u8 = u8::MAX;

/// A fixed ASCII string prepared for [`Pattern::similarity_at_least`]: its
/// characters, and per distinct character its count and the least an
/// unmatched one costs.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    chars: Vec<char>,
    /// Distinct characters: (code, count, least cost of one left unmatched).
    letters: Vec<(u8, u16, u32)>,
    /// Per ASCII code, its index in `letters` or [`NO_SLOT`].
    slots: [u8; 128],
    /// Per ASCII code, the cheapest substitution of it by a character of
    /// the pattern (see the module's comment).
    subs: [u8; 128],
    /// Per slot of `letters`, its count negated (0 past them): the counts
    /// [`Pattern::lower_bound_past`] starts from, copied whole.
    neg: [i32; SLOTS],
    /// The cheapest insertion of any of its characters.
    min_ins: u32,
    /// False for a pattern the bound does not cover (non-ASCII, long or
    /// with many distinct characters): nothing is skipped.
    bounded: bool,
}

impl Pattern {
    /// Prepares `s` (folded).
    pub(crate) fn new(s: &str) -> Pattern {
        let chars: Vec<char> = s.chars().collect();
        Pattern::from_chars(&chars)
    }

    /// Prepares `chars` (folded).
    pub(crate) fn from_chars(chars: &[char]) -> Pattern {
        let subs = cheapest_substitution();
        let mut letters: Vec<(u8, u16, u32)> = vec![];
        let mut min_ins = UNIT;
        for (i, &c) in chars.iter().enumerate() {
            let ins = indel(chars, i);
            min_ins = min_ins.min(ins);
            let Some(code) = u8::try_from(c).ok().filter(u8::is_ascii) else {
                continue;
            };
            let sub = subs.get(usize::from(code)).map_or(UNIT, |&s| u32::from(s));
            let cost = ins.min(sub);
            match letters.iter_mut().find(|l| l.0 == code) {
                Some(l) => {
                    l.1 = l.1.saturating_add(1);
                    l.2 = l.2.min(cost);
                }
                None => letters.push((code, 1, cost)),
            }
        }
        let bounded =
            chars.len() <= MAX_LEN && chars.iter().all(char::is_ascii) && letters.len() <= SLOTS;
        let mut slots = [NO_SLOT; 128];
        for (i, &(code, _, _)) in letters.iter().enumerate().take(SLOTS) {
            if let (Some(slot), Ok(i)) = (slots.get_mut(usize::from(code)), u8::try_from(i)) {
                *slot = i;
            }
        }
        // Substitutions by the pattern's own characters only (a non-ASCII
        // one costs a full edit against any ASCII character).
        let mut own = [UNIT as u8; 128];
        for &(a, b, units) in look_alikes() {
            if slots.get(usize::from(b)).is_some_and(|&s| s != NO_SLOT) {
                if let Some(slot) = own.get_mut(usize::from(a)) {
                    *slot = (*slot).min(units);
                }
            }
        }
        let mut neg = [0i32; SLOTS];
        for (n, &(_, count, _)) in neg.iter_mut().zip(&letters) {
            *n = -i32::from(count);
        }
        Pattern {
            chars: chars.to_vec(),
            neg,
            letters,
            slots,
            subs: own,
            min_ins,
            bounded,
        }
    }

    /// The pattern's characters.
    pub(crate) fn chars(&self) -> &[char] {
        &self.chars
    }

    /// A lower bound, in cost units, on the distance from `a` to the
    /// pattern (see the module's comment); 0 when not bounded. (Its
    /// callers ask only whether it is past a limit: see
    /// [`Pattern::below`].)
    #[cfg(test)]
    pub(crate) fn lower_bound(&self, a: &[char]) -> u32 {
        self.lower_bound_past(a, None)
    }

    /// [`Pattern::lower_bound`], given up as soon as it is certainly past
    /// `limit`: then some smaller lower bound still past `limit` is
    /// returned. The bound is the larger of two sums of terms that are
    /// never negative, and one of them, the other side's, starts with the
    /// insertions and grows by each character the pattern lacks as the
    /// loop meets it: once that partial sum is past `limit`, so is the
    /// bound, and the partial sum is itself a lower bound. (Most lines
    /// compared with a phrase are made of other letters: they are told
    /// after a few.)
    fn lower_bound_past(&self, a: &[char], limit: Option<u32>) -> u32 {
        if !self.bounded || a.len() > MAX_LEN {
            return 0;
        }
        let (la, lb) = (a.len() as u32, self.chars.len() as u32);
        let insertions = lb.saturating_sub(la) * self.min_ins;
        let limit = limit.unwrap_or(u32::MAX);
        // The characters of `a` are substituted by the pattern's.
        let subs = &self.subs;
        // Per character of the pattern: its count in `a` less its count in
        // the pattern, and its positions in `a` whose deletion is cheap.
        let mut net = self.neg;
        let mut cheap = [0u32; SLOTS];
        // The characters the pattern lacks are all unmatched: each costs
        // the cheaper of its deletion and its cheapest substitution.
        let mut lacking = 0;
        let mut min_del = UNIT;
        for (i, &c) in a.iter().enumerate() {
            let del = indel(a, i);
            min_del = min_del.min(del);
            let code = u8::try_from(c).ok().filter(u8::is_ascii).map(usize::from);
            let slot = code.and_then(|k| self.slots.get(k)).map_or(NO_SLOT, |&s| s);
            match (
                net.get_mut(usize::from(slot)),
                cheap.get_mut(usize::from(slot)),
            ) {
                (Some(n), Some(d)) => {
                    *n += 1;
                    *d += u32::from(del < UNIT);
                }
                _ => {
                    let sub = code
                        .and_then(|k| subs.get(k))
                        .map_or(UNIT, |&s| u32::from(s));
                    lacking += del.min(sub);
                    if insertions + lacking > limit {
                        return insertions + lacking;
                    }
                }
            }
        }
        // The pattern's side: its unmatched characters, and deletions.
        let mut mine = la.saturating_sub(lb) * min_del;
        // The other side: its unmatched characters, and insertions.
        let mut theirs = insertions + lacking;
        for ((&(code, _, cost), &n), &d) in self.letters.iter().zip(&net).zip(&cheap) {
            mine += (-n).max(0) as u32 * cost;
            let extra = n.max(0) as u32;
            if extra == 0 {
                continue;
            }
            let sub = subs.get(usize::from(code)).map_or(UNIT, |&s| u32::from(s));
            if code == b' ' {
                theirs += extra * SPACE_INDEL.min(sub);
            } else {
                // The cheapest positions first: doubled ones.
                let doubled = extra.min(d);
                theirs += doubled * DOUBLED_INDEL.min(sub) + (extra - doubled) * sub;
            }
        }
        mine.max(theirs)
    }

    /// Whether `a` is certainly less than `min` similar to the pattern:
    /// [`similarity_at_least`] gives up past `floor((1 - min) n UNIT)` units
    /// (`n` the longer length), and the bound is past its ceiling.
    pub(crate) fn below(&self, a: &[char], min: f64) -> bool {
        let n = a.len().max(self.chars.len());
        let allowed = ((1.0 - min) * n as f64 * f64::from(UNIT)).ceil();
        // A whole number of units is past `allowed` exactly when it is past
        // the whole number `allowed` (a NaN or negative one, or one beyond
        // the counts, leaves the bound whole).
        let limit = (allowed >= 0.0 && allowed < f64::from(u32::MAX)).then_some(allowed as u32);
        f64::from(self.lower_bound_past(a, limit)) > allowed
    }

    /// [`similarity_at_least`]`(a, pattern, min)`, without the program
    /// when the letters alone rule it out.
    pub(crate) fn similarity_at_least(&self, a: &[char], min: f64) -> Option<f64> {
        // The pattern itself, as most labels and titles are printed: at
        // distance 0, whatever the bound, so its similarity is 1 (and two
        // empty strings are 1 similar at any `min`).
        if a == self.chars.as_slice() {
            return (a.is_empty() || min <= 1.0).then_some(1.0);
        }
        if self.below(a, min) {
            return None;
        }
        similarity_at_least(a, &self.chars, min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{distance_chars, ocr_distance};

    /// The bound reads the distance's costs right (the indel constants it
    /// imports, and the cheapest substitution it tabulates).
    #[test]
    fn costs_agree_with_the_distance() {
        assert_eq!(
            ocr_distance("", " "),
            f64::from(SPACE_INDEL) / f64::from(UNIT)
        );
        assert_eq!(
            ocr_distance("A", "AA"),
            f64::from(DOUBLED_INDEL) / f64::from(UNIT)
        );
        assert_eq!(ocr_distance("A", "AB"), 1.0);
        assert_eq!(ocr_distance("A", "É"), 1.0);
        let subs = cheapest_substitution();
        for a in 0..128u8 {
            let least = (0..128u8)
                .filter(|&b| b != a)
                .map(|b| substitution_cost(char::from(a), char::from(b)))
                .fold(1.0, f64::min);
            assert_eq!(
                f64::from(subs[usize::from(a)]),
                (least * f64::from(UNIT)).floor()
            );
        }
        assert_eq!(subs[usize::from(b'O')], 7);
        assert_eq!(subs[usize::from(b'W')], 20);
        // Against a pattern, only its own characters are partners.
        let own = Pattern::new("AYUNTAMIENTO").subs;
        assert_eq!((subs[usize::from(b'S')], own[usize::from(b'S')]), (8, 20));
        assert_eq!((own[usize::from(b'0')], own[usize::from(b'V')]), (7, 9));
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The bound as first written, with a count per ASCII code.
    fn lower_bound_plain(p: &Pattern, a: &[char]) -> u32 {
        if !p.bounded || a.len() > MAX_LEN {
            return 0;
        }
        let mut net = [0i32; 128];
        let mut cheap = [0u32; 128];
        let mut seen: u128 = 0;
        let (mut other, mut other_cheap) = (0u32, 0u32);
        let mut min_del = UNIT;
        for &(code, count, _) in &p.letters {
            net[usize::from(code)] -= i32::from(count);
        }
        for (i, &c) in a.iter().enumerate() {
            let del = indel(a, i);
            min_del = min_del.min(del);
            match u8::try_from(c).ok().filter(u8::is_ascii) {
                Some(code) => {
                    let k = usize::from(code);
                    net[k] += 1;
                    cheap[k] += u32::from(del < UNIT);
                    seen |= 1 << k;
                }
                None => {
                    other += 1;
                    other_cheap += u32::from(del < UNIT);
                }
            }
        }
        let (la, lb) = (a.len() as u32, p.chars.len() as u32);
        let mut mine = la.saturating_sub(lb) * min_del;
        for &(code, _, cost) in &p.letters {
            mine += (-net[usize::from(code)]).max(0) as u32 * cost;
        }
        // Each character of `a` substituted by one of the pattern's, found
        // by trying them all.
        let sub_by_pattern = |k: usize| {
            p.chars
                .iter()
                .filter(|&&y| y.is_ascii() && y as usize != k)
                .map(|&y| u32::from(substitution_units(k as u8, y as u8)))
                .fold(UNIT, u32::min)
        };
        let mut theirs = lb.saturating_sub(la) * p.min_ins;
        theirs += other_cheap * DOUBLED_INDEL + (other - other_cheap) * UNIT;
        while seen != 0 {
            let k = seen.trailing_zeros() as usize;
            seen &= seen - 1;
            let extra = net[k].max(0) as u32;
            let sub = sub_by_pattern(k);
            if k == usize::from(b' ') {
                theirs += extra * SPACE_INDEL.min(sub);
            } else {
                let doubled = extra.min(cheap[k]);
                theirs += doubled * DOUBLED_INDEL.min(sub) + (extra - doubled) * sub;
            }
        }
        mine.max(theirs)
    }

    /// The bound never exceeds the distance, and `below` never rejects a
    /// pair that [`similarity_at_least`] accepts.
    fn check(a: &str, p: &str) {
        let (a, pat) = (chars(a), Pattern::new(p));
        let d = distance_chars(&a, pat.chars(), f64::INFINITY) * f64::from(UNIT);
        assert_eq!(
            pat.lower_bound(&a),
            lower_bound_plain(&pat, &a),
            "{a:?} {p}"
        );
        let lb = f64::from(pat.lower_bound(&a));
        assert!(lb <= d + 1e-9, "{a:?} {p} {lb} {d}");
        for min in [
            0.0,
            0.5,
            0.6,
            0.7,
            0.74,
            0.75,
            0.78,
            0.8,
            0.9,
            1.0,
            1.5,
            f64::NAN,
        ] {
            let plain = similarity_at_least(&a, pat.chars(), min);
            assert_eq!(pat.similarity_at_least(&a, min), plain, "{a:?} {p} {min}");
            // The bound given up early decides as the whole one does.
            let n = a.len().max(pat.chars().len());
            let allowed = ((1.0 - min) * n as f64 * f64::from(UNIT)).ceil();
            let whole = f64::from(pat.lower_bound(&a)) > allowed;
            assert_eq!(pat.below(&a, min), whole, "{a:?} {p} {min}");
        }
    }

    #[test]
    fn examples() {
        for (a, p) in [
            ("AYUNTAMIENTO", "AYUNTAMIENTO"),
            ("AVUNTAMIENT0", "AYUNTAMIENTO"),
            ("AYUNTAMI ENTO", "AYUNTAMIENTO"),
            ("AYUNTAMIENTTO", "AYUNTAMIENTO"),
            ("YAUNTAMIENTO", "AYUNTAMIENTO"),
            ("DEPARTAMENTO", "AYUNTAMIENTO"),
            ("AYUNTAM1ENT0", "AYUNTAMIENTO"),
            ("4YUNTAMIENTO", "AYUNTAMIENTO"),
            ("SALUD", "AYUNTAMIENTO"),
            ("5ALUD", "SALUD"),
            ("ADMINISTRACION", "AYUNTAMIENTO"),
            ("54", "RAMO"),
            ("", "RAMO"),
            ("RAMO", ""),
            ("", ""),
            ("RAMO", "RAMO"),
            ("ÑÑÑ", "ENERO"),
            ("  ", "EJE DE GOBIERNO"),
            ("EJE DE G0BIERNO", "EJE DE GOBIERNO"),
            ("RESP0NSABLE", "RESPONSABLE"),
            ("NOMBRE Y FIRMA", "NOMBRE Y FIRMA"),
            ("NOMBREYFIRMA", "NOMBRE Y FIRMA"),
            // More distinct characters than slots: not bounded.
            ("ABC", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        ] {
            check(a, p);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// On OCR-like letters, spaces, doubles and non-ASCII characters.
        #[test]
        fn bound_is_sound(
            a in "[AEIOUYNMT01 ÑÉЖLV45SDQ]{0,18}",
            p in "[AEIOUYNMT LVDQ]{0,14}",
        ) {
            check(&a, &p);
        }

        /// Strings near a phrase: a few edits of it.
        #[test]
        fn bound_is_sound_near_phrases(
            which in 0usize..4,
            edits in proptest::collection::vec((0usize..20, "[A-Z0-9 ]", 0u8..3), 0..5),
        ) {
            let p = ["AYUNTAMIENTO", "RESPONSABLE", "EJE DE GOBIERNO", "SEPTIEMBRE"][which];
            let mut a = chars(p);
            for (at, c, kind) in edits {
                let at = at % (a.len() + 1);
                let c = c.chars().next().unwrap_or(' ');
                match kind {
                    0 => a.insert(at, c),
                    1 if at < a.len() => drop(a.remove(at)),
                    _ if at < a.len() => a[at] = c,
                    _ => {}
                }
            }
            check(&a.iter().collect::<String>(), p);
        }
    }
}
