//! Lower bounds of the OCR-aware distance, cheap enough to settle most
//! pairs a look-up rejects before the banded program runs: [`Profile`]
//! compares how many characters of each class of cheap substitutions the
//! two sides hold; [`Order`] also reads the order they come in.

use super::{ASCII_COSTS, DOUBLED_INDEL, MIN_INDEL, TRANSPOSE, UNIT};

/// Width of a [`Profile`].
const BUCKETS: usize = 48;

/// `BUCKET[c]`: the bucket of ASCII character `c` in a [`Profile`]. Every
/// substitution cheaper than a whole edit is between two characters of one
/// bucket, and the space has bucket 0 to itself; characters past the
/// buckets there are room for share the last one (merging buckets only
/// loosens the bound, see [`Profile::bound`]).
static BUCKET: [u8; 128] = buckets();

const fn buckets() -> [u8; 128] {
    // The classes of the cheap substitutions: each character's least
    // linked one, spread over the pairs until nothing changes.
    let mut rep = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        rep[i] = i as u8;
        i += 1;
    }
    let mut changed = true;
    while changed {
        changed = false;
        let mut a = 0;
        while a < 128 {
            let mut b = 0;
            while b < 128 {
                if ASCII_COSTS[a][b] < UNIT as u8 && rep[a] != rep[b] {
                    let least = if rep[a] < rep[b] { rep[a] } else { rep[b] };
                    rep[a] = least;
                    rep[b] = least;
                    changed = true;
                }
                b += 1;
            }
            a += 1;
        }
    }
    // Dense ids: the space's class first, then the classes of the digits
    // and capitals (what folded text is made of), then the others while
    // there is room.
    let mut id = [u8::MAX; 128];
    let mut next = 0u8;
    id[rep[b' ' as usize] as usize] = next;
    next += 1;
    let mut pass = 0;
    while pass < 2 {
        let mut c = 0u8;
        while c < 128 {
            let r = rep[c as usize] as usize;
            let first = c.is_ascii_digit() || c.is_ascii_uppercase();
            if id[r] == u8::MAX && (pass == 1 || first) {
                if (next as usize) < BUCKETS - 1 {
                    id[r] = next;
                    next += 1;
                } else {
                    id[r] = (BUCKETS - 1) as u8;
                }
            }
            c += 1;
        }
        pass += 1;
    }
    let mut out = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        out[c] = id[rep[c] as usize];
        c += 1;
    }
    out
}

/// The bucket of `c` (every non-ASCII character shares the last).
fn bucket(c: char) -> usize {
    if c.is_ascii() {
        usize::from(BUCKET[c as usize])
    } else {
        BUCKETS - 1
    }
}

/// How many characters of a string fall in each bucket of [`BUCKET`], and
/// how many are doubled letters: what [`Profile::bound`] compares.
#[derive(Clone, Copy, Debug)]
pub(super) struct Profile {
    counts: [i32; BUCKETS],
    pub(super) doubled: u32,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            counts: [0; BUCKETS],
            doubled: 0,
        }
    }
}

// What [`Profile::bound`] finds its least with: the cheap indels in order of
// price, and two of the dearer cheap ones no dearer than a whole edit.
const _: () = assert!(0 < MIN_INDEL && MIN_INDEL <= DOUBLED_INDEL && 2 * DOUBLED_INDEL <= UNIT);

/// What one side has more of than the other, for [`Profile::bound`].
#[derive(Clone, Copy, Debug, Default)]
struct Excess {
    /// How many characters: the side's excess over the other, summed over
    /// the buckets where it has more.
    count: u32,
    /// Of the side's characters whose indels are cheap and that may be in
    /// those buckets: its spaces (if it has more of them), its doubled
    /// letters.
    spaces: u32,
    doubled: u32,
}

impl Excess {
    /// The least cost of `t` indels of the side's characters in those
    /// buckets: its `t` cheapest, the cheap ones counted as if all there.
    /// (In 64 bits, where no sum of these overflows.)
    fn indels(&self, t: u32) -> u64 {
        let t = u64::from(t);
        let spaces = t.min(u64::from(self.spaces));
        let doubled = (t - spaces).min(u64::from(self.doubled));
        spaces * u64::from(MIN_INDEL)
            + doubled * u64::from(DOUBLED_INDEL)
            + (t - spaces - doubled) * u64::from(UNIT)
    }
}

/// Counts `s`'s characters into `counts`, down if `sign` is -1, and gives
/// how many are doubled letters (whose indels
/// [`indel_units`](super::indel_units) prices at [`DOUBLED_INDEL`]; spaces
/// aside: theirs are cheaper).
fn count_into(s: &[char], counts: &mut [i32; BUCKETS], sign: i32) -> u32 {
    for &c in s {
        counts[bucket(c)] += sign;
    }
    // A letter is doubled if it is the same as the one before or after it:
    // the window ending on it or the one starting on it holds a pair.
    let mut doubled = 0;
    let mut pair_before = false;
    for w in s.windows(2) {
        let pair = w[0] == w[1] && w[0] != ' ';
        doubled += u32::from(pair || pair_before);
        pair_before = pair;
    }
    doubled + u32::from(pair_before)
}

impl Profile {
    pub(super) fn of(s: &[char]) -> Profile {
        let mut p = Profile::default();
        p.doubled = count_into(s, &mut p.counts, 1);
        p
    }

    /// A lower bound of the distance between the string profiled and
    /// `other`, in cost units.
    ///
    /// In a bucket where one side has `e` characters more than the other,
    /// a script deletes (or inserts) at least `e` of that side's characters
    /// there or substitutes them for characters of another bucket: within
    /// a bucket characters are matched, swapped or substituted (at some
    /// cost, at least none), and nothing cheaper than a whole edit crosses
    /// buckets. So with `x` substitutions across buckets, the script
    /// deletes at least `P - x` characters in the buckets where this side
    /// has `P` more in all, and inserts `N - x` of the other's, each at
    /// least its cheapest indel ([`MIN_INDEL`] for a space, [`DOUBLED_INDEL`]
    /// for a doubled letter, else a whole edit): it costs at least the
    /// least over `x` (past the smaller of `P` and `N` each more costs a
    /// whole edit and saves no more) of `UNIT * x` plus the `P - x`
    /// cheapest such deletions and the `N - x` cheapest insertions. One
    /// more `x` adds a whole edit and saves the dearest deletion and
    /// insertion left: it pays while one of them is a whole edit (an indel
    /// costs at least [`MIN_INDEL`], and a whole edit plus that is more
    /// than a whole edit), and no longer once neither is (two cheap indels
    /// cost at most a whole edit). So the least is where `x` passes the
    /// last whole-edit indel of both sides, or at `min(P, N)`.
    #[cfg(test)]
    fn bound(&self, other: &[char]) -> u32 {
        self.bound_and_doubled(other).0
    }

    /// [`Profile::bound`], and how many of `other`'s letters are doubled
    /// (which it counts on the way).
    pub(super) fn bound_and_doubled(&self, other: &[char]) -> (u32, u32) {
        let mut d = self.counts;
        let doubled = count_into(other, &mut d, -1);
        (self.bound_of(&d, doubled), doubled)
    }

    /// [`Profile::bound`] for the string `other` counted: the same counts
    /// taken away, so the same bound.
    pub(super) fn bound_counted(&self, other: &Counts) -> u32 {
        let mut d = self.counts;
        for (x, &c) in d.iter_mut().zip(&other.counts) {
            *x -= i32::from(c);
        }
        self.bound_of(&d, u32::from(other.doubled))
    }

    /// The bound from `d`, this profile's counts less the other string's,
    /// which has `doubled` doubled letters.
    fn bound_of(&self, d: &[i32; BUCKETS], doubled: u32) -> u32 {
        let (mut mine, mut theirs) = (Excess::default(), Excess::default());
        for &e in &d[1..] {
            mine.count += e.max(0).unsigned_abs();
            theirs.count += e.min(0).unsigned_abs();
        }
        let spaces = d[0];
        if spaces > 0 {
            mine.count += spaces.unsigned_abs();
            mine.spaces = self.counts[0].unsigned_abs();
        } else if spaces < 0 {
            theirs.count += spaces.unsigned_abs();
            theirs.spaces = (self.counts[0] - spaces).unsigned_abs();
        }
        mine.doubled = self.doubled;
        theirs.doubled = doubled;
        let most = mine.count.min(theirs.count);
        // Exact sums in 64 bits, the least of them capped at the most a
        // `u32` holds.
        let cost = |x: u32| {
            let x = x.min(most);
            u64::from(x) * u64::from(UNIT)
                + mine.indels(mine.count - x)
                + theirs.indels(theirs.count - x)
        };
        // The indels past a side's spaces and doubled letters cost a whole
        // edit each.
        let whole = |e: &Excess| e.count.saturating_sub(e.spaces).saturating_sub(e.doubled);
        let least = cost(whole(&mine).max(whole(&theirs)));
        u32::try_from(least).unwrap_or(u32::MAX)
    }
}

/// A [`Profile`] kept for many comparisons (a catalog's names, fixed for
/// its life), compactly: a string of at most 255 characters has no more in
/// a bucket, nor doubled letters, than a byte holds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Counts {
    counts: [u8; BUCKETS],
    doubled: u8,
}

impl Counts {
    /// The counts of `s`, if it has at most 255 characters.
    pub(super) fn of(s: &[char]) -> Option<Counts> {
        if s.len() > usize::from(u8::MAX) {
            return None;
        }
        let p = Profile::of(s);
        let mut counts = [0; BUCKETS];
        for (c, &n) in counts.iter_mut().zip(&p.counts) {
            *c = u8::try_from(n).ok()?;
        }
        Some(Counts {
            counts,
            doubled: u8::try_from(p.doubled).ok()?,
        })
    }

    /// How many of the string's letters are doubled.
    pub(super) fn doubled(&self) -> u32 {
        u32::from(self.doubled)
    }
}

/// The prepared side of [`Order::bound`]: a lower bound of the distance that
/// reads the letters in order, where [`Profile::bound`] only counts them.
///
/// Drop the spaces and read each letter as its bucket: every step of a
/// script (a match or substitution, an insertion or deletion, a swap of two
/// adjacent letters) becomes at most one step of a script between those
/// strings of buckets, where a step costs one and a substitution within a
/// bucket none (the optimal string alignment distance, `k`):
/// - a step on spaces alone (matched, inserted, deleted) becomes nothing;
/// - a space substituted for a letter becomes an indel of the letter: a
///   whole edit;
/// - a letter substituted for one of another bucket: a whole edit (nothing
///   cheaper crosses buckets); for one of its own: nothing;
/// - a letter inserted or deleted: a whole edit, or [`DOUBLED_INDEL`] if it
///   is a doubled letter;
/// - two letters swapped: one swap of buckets ([`TRANSPOSE`]), or nothing
///   if they share a bucket; a letter swapped with a space: nothing (the
///   letter is where it was, spaces dropped).
///
/// The steps of the script, in order, make a script between the strings of
/// buckets, so it takes at least `k` steps that cost something there. At
/// most `D` of them are doubled letters inserted or deleted (`D`: the
/// doubled letters of both sides), at most `T` are swaps (`T`: the pairs of
/// adjacent letters of different buckets on this side whose reverse is a
/// pair of adjacent letters on the other: a swap takes one such pair, and
/// two swaps never share a letter), and the rest cost a whole edit each. So
/// the script costs at least the `k` cheapest such steps:
/// `DOUBLED_INDEL * y + TRANSPOSE * t + UNIT * (k - y - t)` with
/// `y = min(D, k)` and `t = min(T, k - y)`.
///
/// `k` comes from the bit-parallel algorithm of Myers as Hyyrö extended it
/// to swaps, one machine word per column: only for strings of at most 64
/// letters (else the bound is 0).
#[derive(Clone, Debug)]
pub(super) struct Order {
    /// Per bucket, the positions of the letters in it (spaces dropped).
    peq: [u64; BUCKETS],
    /// How many letters, if at most 64.
    letters: Option<u32>,
    /// The adjacent letters of different buckets, as (before, after).
    pairs: Vec<(char, char)>,
    /// How many letters are doubled.
    doubled: u32,
}

impl Default for Order {
    fn default() -> Order {
        Order {
            peq: [0; BUCKETS],
            letters: None,
            pairs: Vec::new(),
            doubled: 0,
        }
    }
}

/// The adjacent letters of `s` (no space between them) of different
/// buckets, as (before, after): the pairs a swap of [`Order`] takes.
fn pairs(s: &[char]) -> impl Iterator<Item = (char, char)> + '_ {
    s.windows(2).filter_map(|w| match *w {
        [a, b] if a != ' ' && b != ' ' && bucket(a) != bucket(b) => Some((a, b)),
        _ => None,
    })
}

/// Bits of the filter of pairs in [`Order::bound`]: a pair not seen may look
/// seen, which only loosens the bound.
const PAIR_BITS: usize = 256;

/// The bit of pair `(a, b)` (in that order) in a filter of [`PAIR_BITS`].
fn pair_bit(a: char, b: char) -> usize {
    let h = u32::from(a).wrapping_mul(0x9E37_79B1) ^ u32::from(b).wrapping_mul(0x85EB_CA77);
    (h >> 24) as usize % PAIR_BITS
}

impl Order {
    /// Prepares for strings compared with `s`, which has `doubled` doubled
    /// letters.
    pub(super) fn set(&mut self, s: &[char], doubled: u32) {
        self.peq = [0; BUCKETS];
        self.pairs.clear();
        self.doubled = doubled;
        self.letters = None;
        let mut n = 0u32;
        for &c in s.iter().filter(|&&c| c != ' ') {
            let Some(slot) = self.peq.get_mut(bucket(c)) else {
                continue;
            };
            if n == 64 {
                return;
            }
            *slot |= 1 << n;
            n += 1;
        }
        self.letters = Some(n);
        self.pairs.extend(pairs(s));
    }

    /// A lower bound of the distance between the string prepared and
    /// `other`, which has `doubled` doubled letters, in cost units (see
    /// [`Order`]); the one described there if it or the bound with no swaps
    /// is over `limit`, else perhaps less.
    pub(super) fn bound(&self, other: &[char], doubled: u32, limit: u32) -> u32 {
        let Some(k) = self.apart(other) else {
            return 0;
        };
        let y = self.doubled.saturating_add(doubled).min(k);
        let price = |t: u32| {
            DOUBLED_INDEL
                .saturating_mul(y)
                .saturating_add(TRANSPOSE.saturating_mul(t))
                .saturating_add(UNIT.saturating_mul(k - y - t))
        };
        // The pairs take a second reading of `other`: only when they decide
        // whether the bound passes `limit`.
        let least = price(k - y);
        if least > limit || price(0) <= limit {
            return least;
        }
        price(self.swaps(other).min(k - y))
    }

    /// The distance between the strings of buckets (`k`), if the prepared
    /// string has at most 64 letters.
    fn apart(&self, other: &[char]) -> Option<u32> {
        let m = self.letters?;
        if m == 0 {
            return u32::try_from(other.iter().filter(|&&c| c != ' ').count()).ok();
        }
        // The columns of the program over buckets (Hyyrö's VP, VN, D0 and
        // the match vector of the column before), and its last row.
        let mask = u64::MAX >> (64 - m);
        let top = 1u64 << (m - 1);
        let (mut vp, mut vn, mut d0, mut pm_before) = (mask, 0u64, 0u64, 0u64);
        let mut k = m;
        for &c in other {
            if c == ' ' {
                continue;
            }
            let pm = self.peq.get(bucket(c)).copied().unwrap_or(0);
            let swap = ((!d0 & pm) << 1) & pm_before;
            d0 = (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn | swap;
            let hp = vn | !(d0 | vp);
            let hn = d0 & vp;
            if hp & top != 0 {
                k = k.saturating_add(1);
            } else if hn & top != 0 {
                k = k.saturating_sub(1);
            }
            let (hp, hn) = ((hp << 1) | 1, hn << 1);
            vp = hn | !(d0 | hp);
            vn = d0 & hp;
            pm_before = pm;
        }
        Some(k)
    }

    /// At least the swaps a script to `other` can make (`T`).
    fn swaps(&self, other: &[char]) -> u32 {
        let mut seen = [0u64; PAIR_BITS / 64];
        for (p, c) in pairs(other) {
            let bit = pair_bit(p, c);
            if let Some(w) = seen.get_mut(bit / 64) {
                *w |= 1 << (bit % 64);
            }
        }
        let swaps = self
            .pairs
            .iter()
            .filter(|&&(b, c)| {
                let bit = pair_bit(c, b);
                seen.get(bit / 64).is_some_and(|w| w >> (bit % 64) & 1 == 1)
            })
            .count();
        u32::try_from(swaps).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{edited, reference_units};
    use super::super::{indel_units, sub_units, UNIT};
    use super::*;

    #[test]
    fn buckets_hold_every_cheap_substitution() {
        for a in 0..128u8 {
            for b in 0..128u8 {
                let (x, y) = (char::from(a), char::from(b));
                if bucket(x) != bucket(y) {
                    assert_eq!(sub_units(x, y), UNIT, "{x:?} {y:?}");
                }
                if x != y && (x == ' ' || y == ' ') {
                    assert_ne!(bucket(x), bucket(y), "the space shares {x:?} {y:?}");
                }
            }
            assert_eq!(sub_units(char::from(a), 'Ñ'), UNIT);
        }
        // The classes of digits and capitals are told apart, none merged
        // into the last bucket.
        assert_ne!(bucket('O'), bucket('I'));
        assert_eq!(bucket('O'), bucket('0'));
        for c in ('0'..='9').chain('A'..='Z') {
            assert!(bucket(c) < BUCKETS - 1, "{c}");
        }
    }

    /// [`Profile::bound`] is at most the distance, and the same both ways.
    fn bound_holds(a: &str, b: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let least = Profile::of(&a).bound(&b);
        let distance = reference_units(&a, &b);
        proptest::prop_assert!(least <= distance, "{} {}", least, distance);
        proptest::prop_assert_eq!(least, Profile::of(&b).bound(&a));
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The counts never bound the distance above what it is; strings
        /// made of few, confusable letters, spaces and doubled letters keep
        /// the bound close to the distance, where a slip would show.
        #[test]
        fn profile_bound_is_a_lower_bound(
            a in "[ABOD0IL1 MNSÑ.-]{0,24}",
            b in "[ABOD0IL1 MNSÑ.-]{0,24}",
        ) {
            bound_holds(&a, &b)?;
        }

        /// Sides of lengths far apart, with letters that only a whole edit
        /// deletes, doubled letters and spaces: where the bound prices the
        /// longer side's excess by its cheapest deletions.
        #[test]
        fn profile_bound_prices_the_excess(
            a in "[AXZKT ]{0,8}",
            b in "[AABXXZOO0 KTL1.]{0,28}",
        ) {
            bound_holds(&a, &b)?;
        }
    }

    /// What [`Profile::bound`] minimizes, at every number of substitutions
    /// across buckets (not only at its bends), in saturating 32-bit sums.
    fn least_over_every_x(p: &Profile, other: &[char]) -> u32 {
        let q = Profile::of(other);
        let excess = |a: &Profile, b: &Profile| -> (u32, u32, u32) {
            let count = a
                .counts
                .iter()
                .zip(&b.counts)
                .map(|(x, y)| (x - y).max(0).unsigned_abs())
                .sum();
            let spaces = if a.counts[0] > b.counts[0] {
                a.counts[0].unsigned_abs()
            } else {
                0
            };
            (count, spaces, a.doubled)
        };
        let indels = |(_, spaces, doubled): (u32, u32, u32), t: u32| {
            let s = t.min(spaces);
            let d = (t - s).min(doubled);
            (s * MIN_INDEL)
                .saturating_add(d.saturating_mul(DOUBLED_INDEL))
                .saturating_add((t - s - d).saturating_mul(UNIT))
        };
        let (mine, theirs) = (excess(p, &q), excess(&q, p));
        (0..=mine.0.min(theirs.0))
            .map(|x| {
                x.saturating_mul(UNIT)
                    .saturating_add(indels(mine, mine.0 - x))
                    .saturating_add(indels(theirs, theirs.0 - x))
            })
            .min()
            .unwrap_or(0)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The doubled letters counted are those [`indel_units`] prices as
        /// doubled.
        #[test]
        fn doubled_letters_are_the_cheap_indels(a in "[AB 0Ñ]{0,16}") {
            let a: Vec<char> = a.chars().collect();
            let want = (0..a.len()).filter(|&i| indel_units(&a, i, ' ') == DOUBLED_INDEL).count();
            proptest::prop_assert_eq!(Profile::of(&a).doubled as usize, want);
        }

        /// The bound is the least cost over every number of substitutions
        /// across buckets: its bends find it.
        #[test]
        fn bound_is_the_least_over_every_x(
            a in "[ABOD0IL1 MNSÑ.-]{0,40}",
            b in "[ABOD0IL1 MNSÑ.-]{0,40}",
        ) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let p = Profile::of(&a);
            proptest::prop_assert_eq!(p.bound(&b), least_over_every_x(&p, &b));
        }

        /// A string's counts kept in bytes give the bound and the doubled
        /// letters that counting it anew gives; a string too long for
        /// bytes is not kept.
        #[test]
        fn kept_counts_give_the_same_bound(
            a in "[ABOD0IL1 MNSÑ.-]{0,30}",
            b in "[ABOD0IL1 MNSÑ.-]{0,30}",
            long in 0usize..300,
        ) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let p = Profile::of(&a);
            let kept = Counts::of(&b).expect("short");
            proptest::prop_assert_eq!(p.bound_counted(&kept), p.bound_and_doubled(&b).0);
            proptest::prop_assert_eq!(kept.doubled(), p.bound_and_doubled(&b).1);
            let long: Vec<char> = b.iter().copied().cycle().take(long).collect();
            match Counts::of(&long) {
                Some(kept) => {
                    proptest::prop_assert_eq!(p.bound_counted(&kept), p.bound_and_doubled(&long).0);
                    proptest::prop_assert_eq!(kept.doubled(), p.bound_and_doubled(&long).1);
                }
                None => proptest::prop_assert!(long.len() > 255),
            }
        }
    }

    /// The optimal string alignment distance between the strings of
    /// buckets of `a` and `b`, spaces dropped: what [`Order`] computes
    /// bit-parallel, here by the plain program.
    fn reference_buckets(a: &[char], b: &[char]) -> u32 {
        let bucketed = |s: &[char]| -> Vec<usize> {
            s.iter()
                .filter(|&&c| c != ' ')
                .map(|&c| bucket(c))
                .collect()
        };
        let (a, b) = (bucketed(a), bucketed(b));
        let mut d = vec![vec![0u32; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i as u32;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j as u32;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let sub = d[i - 1][j - 1] + u32::from(a[i - 1] != b[j - 1]);
                let mut v = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }

    /// [`Order::bound`] is at most the distance, both ways, and its
    /// program over buckets is the plain one's.
    fn order_holds(a: &str, b: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let distance = reference_units(&a, &b);
        for (x, y) in [(&a, &b), (&b, &a)] {
            let mut order = Order::default();
            order.set(x, Profile::of(x).doubled);
            let doubled = Profile::of(y).doubled;
            // At limits under, at and over the distance, and with every
            // swap priced.
            for limit in [
                0,
                distance / 2,
                distance.saturating_sub(1),
                distance,
                u32::MAX,
            ] {
                let least = order.bound(y, doubled, limit);
                proptest::prop_assert!(least <= distance, "{} {} {:?} {:?}", least, distance, x, y);
            }
            if let Some(k) = order.apart(y) {
                proptest::prop_assert_eq!(k, reference_buckets(x, y));
            }
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The order never bounds the distance above what it is: confusable
        /// letters, spaces, doubled letters and swaps (cheap steps that the
        /// bound must price at no more than they cost).
        #[test]
        fn order_bound_is_a_lower_bound(
            a in "[ABOD0IL1 MNSÑ]{0,24}",
            b in "[ABOD0IL1 MNSÑ]{0,24}",
        ) {
            order_holds(&a, &b)?;
        }

        /// Swaps, doubled letters and spaces among few letters, where the
        /// cheap steps are most of the distance.
        #[test]
        fn order_bound_prices_cheap_steps(
            a in "[ABX ]{0,14}",
            b in "[ABX ]{0,14}",
        ) {
            order_holds(&a, &b)?;
        }

        /// A reading with edits of a string: long strings (past the 64
        /// letters the bound reads), close pairs, swaps.
        #[test]
        fn order_bound_holds_on_close_pairs(
            base in "[ABOD0IL1 MNSÑXYZ]{1,80}",
            edits in proptest::collection::vec((0usize..100, 0u8..4, "[ABO 1MÑZ]"), 0..12),
        ) {
            let b: String = edited(&base.chars().collect::<Vec<_>>(), edits).into_iter().collect();
            order_holds(&base, &b)?;
        }
    }

    /// The bound settles pairs the counts cannot: the same letters in
    /// another order.
    #[test]
    fn order_bound_sees_the_order() {
        let (a, b): (Vec<char>, Vec<char>) = (
            "PROGRAMA SOCIAL".chars().collect(),
            "SOCIAL PROGRAMA".chars().collect(),
        );
        let d = reference_units(&a, &b);
        assert_eq!(Profile::of(&a).bound(&b), 0);
        let mut order = Order::default();
        order.set(&a, Profile::of(&a).doubled);
        let least = order.bound(&b, Profile::of(&b).doubled, 100);
        assert!(least > 100 && least <= d, "{least} {d}");
    }
}
