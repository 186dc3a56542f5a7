//! An OCR-aware edit distance: the substitutions an OCR engine makes often
//! (`O`/`0`, `I`/`1`/`L`, `M`/`N`, `S`/`5`, ...) cost less than arbitrary ones.
//!
//! Both sides are compared after [`fold`](super::fold), so accents and case
//! never cost anything. Costs are kept in twentieths so the dynamic program
//! runs on integers.
//!
//! The program runs on byte codes (folded text is nearly all ASCII, and a
//! byte prices a substitution with one table read), only over the band of
//! cells a path within the caller's bound can cross, and stops at the first
//! row past the bound. [`Scorer`] prepares one side once for comparisons
//! with many others (a catalog look-up scores dozens of entries).

mod bound;

use std::cell::RefCell;

use bound::{Counts, Order, Profile};

/// Cost units per edit (a full substitution, insertion or deletion).
pub(crate) const UNIT: u32 = 20;
/// Cost of two adjacent letters swapped.
const TRANSPOSE: u32 = 12;

/// Cost of substituting `a` for `b` (folded, upper-case characters), in
/// edits (0 to 1).
pub fn substitution_cost(a: char, b: char) -> f64 {
    f64::from(sub_units(a, b)) / f64::from(UNIT)
}

fn sub_units(a: char, b: char) -> u32 {
    if a == b {
        return 0;
    }
    if a.is_ascii() && b.is_ascii() {
        return u32::from(ASCII_COSTS[a as usize][b as usize]);
    }
    UNIT
}

/// Substitution costs between ASCII characters, built at compile time.
static ASCII_COSTS: [[u8; 128]; 128] = ascii_costs();

const fn ascii_costs() -> [[u8; 128]; 128] {
    let mut t = [[UNIT as u8; 128]; 128];
    let mut i = 0;
    while i < 128 {
        t[i][i] = 0;
        i += 1;
    }
    let pairs: [(u8, u8, u8); 29] = [
        (b'0', b'O', 7),
        (b'0', b'D', 7),
        (b'0', b'Q', 7),
        (b'1', b'I', 7),
        (b'1', b'L', 7),
        (b'I', b'L', 7),
        (b'1', b'T', 7),
        (b'5', b'S', 8),
        (b'8', b'B', 8),
        (b'2', b'Z', 8),
        (b'6', b'G', 8),
        (b'4', b'A', 8),
        (b'7', b'T', 8),
        (b'M', b'N', 9),
        (b'U', b'V', 9),
        (b'C', b'E', 9),
        (b'E', b'F', 9),
        (b'D', b'O', 9),
        (b'O', b'Q', 9),
        (b'I', b'J', 9),
        (b'H', b'N', 9),
        (b'C', b'G', 12),
        (b'B', b'R', 12),
        (b'L', b'T', 12),
        (b'I', b'T', 12),
        (b'V', b'Y', 12),
        (b'K', b'X', 12),
        (b'P', b'R', 12),
        (b'B', b'D', 12),
    ];
    let mut k = 0;
    while k < pairs.len() {
        let (a, b, c) = pairs[k];
        t[a as usize][b as usize] = c;
        t[b as usize][a as usize] = c;
        k += 1;
    }
    t
}

/// Substitution costs between byte codes (see [`Coder`]): ASCII characters
/// cost as in [`ASCII_COSTS`]; the codes from 128 up each stand for one other
/// character, which costs nothing against itself and a full edit against
/// anything else.
static CODE_COSTS: [[u8; 256]; 256] = code_costs();

const fn code_costs() -> [[u8; 256]; 256] {
    let mut t = [[UNIT as u8; 256]; 256];
    let mut i = 0;
    while i < 256 {
        let mut j = 0;
        while j < 256 {
            if i < 128 && j < 128 {
                t[i][j] = ASCII_COSTS[i][j];
            } else if i == j {
                t[i][j] = 0;
            }
            j += 1;
        }
        i += 1;
    }
    t
}

/// Cost of inserting or deleting `c`: spaces and doubled letters are cheap.
fn indel_units<T: Copy + PartialEq>(s: &[T], i: usize, space: T) -> u32 {
    let Some(&c) = s.get(i) else {
        return UNIT;
    };
    if c == space {
        MIN_INDEL
    } else if (i > 0 && s.get(i - 1) == Some(&c)) || s.get(i + 1) == Some(&c) {
        DOUBLED_INDEL
    } else {
        UNIT
    }
}

/// The cheapest insertion or deletion (a space): every step off a diagonal
/// of the dynamic program costs at least this much.
pub(crate) const MIN_INDEL: u32 = 6;

/// The cheapest insertion or deletion of a character other than a space:
/// one next to a copy of itself.
pub(crate) const DOUBLED_INDEL: u32 = 10;

/// Byte codes for the characters of the strings compared: an ASCII
/// character is its own code, and each other character met gets one of the
/// codes from 128 up. Codes are equal exactly when the characters are, so
/// every cost is the same on codes as on characters.
#[derive(Clone, Debug, Default)]
struct Coder {
    /// The characters with codes from 128 up, in order.
    others: Vec<char>,
}

impl Coder {
    /// The code of `c`; `None` once 128 other characters have codes.
    fn code(&mut self, c: char) -> Option<u8> {
        if c.is_ascii() {
            return Some(c as u8);
        }
        let i = match self.others.iter().position(|&o| o == c) {
            Some(i) => i,
            None if self.others.len() < 128 => {
                self.others.push(c);
                self.others.len() - 1
            }
            None => return None,
        };
        u8::try_from(128 + i).ok()
    }
}

/// No column matches: a row whose character cannot end a swap.
const NO_SWAP: u32 = u32::MAX;

/// One side of the program, as byte codes, laid out for rows (deletion
/// costs and swap keys) or for columns (packed words), or both.
#[derive(Clone, Debug, Default)]
struct Side {
    codes: Vec<u8>,
    dels: Vec<u32>,
    /// A row's swap key: the low 17 bits of the packed columns that end a
    /// swap of two letters with it, or [`NO_SWAP`].
    swaps: Vec<u32>,
    /// Per column, in one word read once per cell: its insertion cost (bits
    /// 24 and up), whether it has a column before it (bit 16), the code
    /// before it (bits 8 to 15) and its code (bits 0 to 7).
    columns: Vec<u32>,
}

impl Side {
    /// Codes `s`; false if it has too many distinct non-ASCII characters.
    fn code(&mut self, s: &[char], coder: &mut Coder) -> bool {
        self.codes.clear();
        for &c in s {
            match coder.code(c) {
                Some(x) => self.codes.push(x),
                None => return false,
            }
        }
        true
    }

    fn lay_rows(&mut self) {
        let codes = &self.codes;
        self.dels.clear();
        self.dels
            .extend((0..codes.len()).map(|i| indel_units(codes, i, b' ')));
        self.swaps.clear();
        self.swaps.extend(codes.iter().enumerate().map(|(i, &c)| {
            match i.checked_sub(1).and_then(|p| codes.get(p)) {
                // A swap ends on this row's letter after a different one.
                Some(&p) if p != c => 1 << 16 | u32::from(c) << 8 | u32::from(p),
                _ => NO_SWAP,
            }
        }));
    }

    /// Rows `range` of the side laid out for rows.
    fn lines(&self, range: std::ops::Range<usize>) -> Option<Lines<'_>> {
        Some(Lines {
            codes: self.codes.get(range.clone())?,
            dels: self.dels.get(range.clone())?,
            swaps: self.swaps.get(range)?,
        })
    }

    /// All the rows of the side laid out for rows.
    fn all_lines(&self) -> Lines<'_> {
        Lines {
            codes: &self.codes,
            dels: &self.dels,
            swaps: &self.swaps,
        }
    }

    fn lay_columns(&mut self) {
        let codes = &self.codes;
        self.columns.clear();
        self.columns.extend(codes.iter().enumerate().map(|(j, &c)| {
            let ins = indel_units(codes, j, b' ');
            let before = match j.checked_sub(1).and_then(|p| codes.get(p)) {
                Some(&p) => 1 << 16 | u32::from(p) << 8,
                None => 0,
            };
            ins << 24 | before | u32::from(c)
        }));
    }
}

/// Some rows of a [`Side`] laid out for rows, for the program.
#[derive(Clone, Copy, Debug)]
struct Lines<'a> {
    codes: &'a [u8],
    dels: &'a [u32],
    swaps: &'a [u32],
}

/// The three rows of the program that are live at a time: two back (for
/// swaps), one back and current.
#[derive(Clone, Debug, Default)]
struct Rows {
    older: Vec<u32>,
    prev: Vec<u32>,
    cur: Vec<u32>,
}

/// One string prepared for bounded distances to many others: its codes,
/// costs and swap keys are worked out once, and the scratch space of the
/// program is kept between comparisons.
///
/// Every answer is the one [`similarity_at_least`] gives.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scorer {
    chars: Vec<char>,
    /// Whether `mine` describes `chars` (not when it has more than 128
    /// distinct non-ASCII characters).
    coded: bool,
    mine: Side,
    /// Whether `mine` is laid out for rows, and for columns: each only once
    /// a comparison needs it (a one-off comparison needs one of them).
    mine_rows: bool,
    mine_columns: bool,
    theirs: Side,
    coder: Coder,
    rows: Rows,
    /// The counts of `chars` for [`Profile::bound`].
    profile: Profile,
    /// The letters of `chars` in order, for [`Order::bound`], once a
    /// comparison needs them (`order_set`).
    order: Order,
    order_set: bool,
    /// Whether `set` has prepared the scorer (for `chars`).
    set_once: bool,
}

/// A string's side of the lower bounds of its distance to others, worked
/// out once for a string compared with many (a catalog's names): 50 bytes,
/// nothing on the heap.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Prepared {
    /// `None` for a string too long to count in bytes: it is counted anew.
    counts: Option<Counts>,
}

impl Prepared {
    /// The side of `s` (folded).
    pub(crate) fn of(s: &[char]) -> Prepared {
        Prepared {
            counts: Counts::of(s),
        }
    }
}

thread_local! {
    static PREPARED: RefCell<Scorer> = RefCell::new(Scorer::default());
}

impl Scorer {
    /// Runs `f` with a scorer prepared for `s` (folded), in this thread's
    /// scratch space (a fresh one if that is in use): a look-up prepares a
    /// scorer for every query, and so does every free-standing comparison,
    /// which would otherwise allocate their buffers anew. The scratch space
    /// keeps its size from call to call.
    pub(crate) fn with<R>(s: &[char], f: impl FnOnce(&mut Scorer) -> R) -> R {
        PREPARED.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scorer) => {
                // Prepared for `s` already (the header asks about a name
                // for several fields in a row): kept as it is, with what
                // it laid out since. Exact: all a scorer holds for its
                // string is a function of the string (a comparison leaves
                // the codes of its own string behind it, see
                // `distance_with`), and the rest is scratch space.
                if !(scorer.set_once && scorer.chars == s) {
                    scorer.set(s);
                }
                f(&mut scorer)
            }
            Err(_) => f(&mut Scorer::new(s)),
        })
    }

    /// A scorer for `s` (folded).
    pub(crate) fn new(s: &[char]) -> Scorer {
        let mut scorer = Scorer::default();
        scorer.set(s);
        scorer
    }

    /// Prepares the scorer for `s`, keeping its scratch space.
    fn set(&mut self, s: &[char]) {
        self.chars.clear();
        self.chars.extend_from_slice(s);
        self.coder.others.clear();
        self.coded = self.mine.code(s, &mut self.coder);
        self.profile = Profile::of(s);
        self.order_set = false;
        self.mine_rows = false;
        self.mine_columns = false;
        self.set_once = true;
    }

    /// [`similarity_at_least`] of the prepared string and `other`.
    pub(crate) fn similarity_at_least(&mut self, other: &[char], min: f64) -> Option<f64> {
        self.similarity_to(other, None, min)
    }

    /// [`Scorer::similarity_at_least`] of `other`, whose side of the lower
    /// bounds is `prepared` (made by [`Prepared::of`] for it): the same
    /// answer, with less work per pair.
    pub(crate) fn similarity_prepared(
        &mut self,
        other: &[char],
        prepared: &Prepared,
        min: f64,
    ) -> Option<f64> {
        self.similarity_to(other, prepared.counts.as_ref(), min)
    }

    /// [`Scorer::similarity_at_least`], with `other`'s counts if known.
    fn similarity_to(&mut self, other: &[char], counts: Option<&Counts>, min: f64) -> Option<f64> {
        let n = self.chars.len().max(other.len());
        if n == 0 {
            return Some(1.0);
        }
        let bound = bound_units(min, n);
        let d = self.distance_with(other, counts, bound);
        if d > bound {
            return None;
        }
        let s = score(d, n);
        (s >= min).then_some(s)
    }

    /// [`reaches`] of the prepared string and `other`, whose side of the
    /// lower bounds is `prepared` (see [`Scorer::similarity_prepared`]).
    pub(crate) fn reaches_prepared(
        &mut self,
        other: &[char],
        prepared: &Prepared,
        score: f64,
    ) -> bool {
        self.reaching_prepared(other, prepared, score).is_some()
    }

    /// [`similarity_reaching`] of the prepared string and `other`, whose
    /// side of the lower bounds is `prepared` (see
    /// [`Scorer::similarity_prepared`]): the similarity if it is at least
    /// `score`, at the very value [`similarity_chars`] gives.
    pub(crate) fn reaching_prepared(
        &mut self,
        other: &[char],
        prepared: &Prepared,
        score: f64,
    ) -> Option<f64> {
        let (m, k) = (self.chars.len(), other.len());
        if similarity_ceiling(m, k) < score {
            return None;
        }
        self.similarity_prepared(other, prepared, looser_min(score, m.max(k)))
            .filter(|&s| s >= score)
    }

    /// [`full_units`] of the prepared string and `other`, in that order.
    fn distance_units(&mut self, other: &[char], bound: u32) -> u32 {
        self.distance_with(other, None, bound)
    }

    /// [`Scorer::distance_units`], with `other`'s counts if known (the same
    /// counts [`Profile::bound_and_doubled`] takes on the way, so the same
    /// bounds and answer).
    fn distance_with(&mut self, other: &[char], counts: Option<&Counts>, bound: u32) -> u32 {
        let (m, k) = (self.chars.len(), other.len());
        if !self.coded || settled_at_once(m, k, bound) {
            return full_units(&self.chars, other, bound);
        }
        // Equal strings: every cell of the diagonal holds 0, so the program
        // gives up on no row and ends on 0.
        if self.chars == other {
            return 0;
        }
        let loosest = u32::try_from(m.max(k)).map_or(u32::MAX, |n| n.saturating_mul(UNIT));
        // Most pairs asked about under a tight bound differ in what they
        // are made of: their counts settle them without the program.
        // The most the lower bounds tell of the distance.
        let mut floor = 0;
        if bound < loosest {
            let (least, doubled) = match counts {
                Some(c) => (self.profile.bound_counted(c), c.doubled()),
                None => self.profile.bound_and_doubled(other),
            };
            floor = least;
            if least > bound {
                return least;
            }
            // Most of the others differ in the order of what they are made
            // of.
            if !self.order_set {
                self.order.set(&self.chars, self.profile.doubled);
                self.order_set = true;
            }
            let least = self.order.bound(other, doubled, bound);
            floor = floor.max(least);
            if least > bound {
                return least;
            }
        }
        let known = self.coder.others.len();
        let coded = self.theirs.code(other, &mut self.coder);
        // Codes given to `other` alone are not the prepared string's.
        self.coder.others.truncate(known);
        if !coded {
            return full_units(&self.chars, other, bound);
        }
        // The longer side gives the rows, the first on a tie, as in
        // `full_units`: where it gives up depends on that.
        let mine_rows = m >= k;
        if mine_rows {
            if !self.mine_rows {
                self.mine.lay_rows();
                self.mine_rows = true;
            }
            self.theirs.lay_columns();
        } else {
            if !self.mine_columns {
                self.mine.lay_columns();
                self.mine_columns = true;
            }
            self.theirs.lay_rows();
        }
        // A pair that shares most of its characters at its ends is most
        // often close: a path through the shared ends costs at least the
        // distance, and the program within that (and the swap slack, past
        // which it always finds the distance) settles the pair on a narrow
        // band. The answer is the one within `bound`, as with the tries
        // below.
        if let Some(t) = self.through_ends(mine_rows, bound) {
            let tight = t.saturating_add(SWAP_SLACK);
            // A path that costs a lower bound is a best one: the distance,
            // which the program within `bound` finds (see `through_ends`).
            if t == floor {
                return t;
            }
            if tight < bound {
                let d = self.run(mine_rows, tight);
                if d <= tight {
                    return d;
                }
            }
        }
        // A bound no distance can pass (`similarity` asks at 0) makes the
        // band as wide as the table: try tighter ones first, which settle a
        // close pair on a narrow band. (At a bound some pairs pass, most
        // pairs asked about are not close, and failed tries only add work.)
        // An answer within a tighter bound is the answer within the loose
        // one: the program ran with a cell within the tighter bound on every
        // row, and such cells are exact at both bounds, so the program within
        // the loose one gives up on no row and ends on the same cell. The
        // first try is past what the lengths alone cost, which the program
        // requires.
        let mut tight = u32::try_from(m.abs_diff(k))
            .unwrap_or(u32::MAX)
            .saturating_mul(MIN_INDEL)
            .max(FIRST_TRY);
        while bound >= loosest && tight < loosest / DEEPEN {
            let d = self.run(mine_rows, tight);
            if d <= tight {
                return d;
            }
            tight *= DEEPEN;
        }
        self.run(mine_rows, bound)
    }

    /// The cost of a path of the program within `bound`, if the laid out
    /// sides share at least two thirds of the longer one's characters at their
    /// ends and [`banded`] finds one there: the shared ends matched, the
    /// rest the program's between the characters left in the middle.
    ///
    /// The path is not always the best one: with the ends cut, a cheap
    /// indel next to them (a doubled letter, a space) and a cheap
    /// substitution can no longer replace a dearer indel (`OOX` against
    /// `OO0X`). But its cost is never under the distance: costs and swap
    /// keys are those of the whole strings (laid out before the cut), and a
    /// cell the middle's program has is reached by steps of the whole
    /// program (a swap onto its first row or column finds no cell, two rows
    /// or columns back, within the bound).
    ///
    /// And the program within `bound` gives up on no row: a row of the
    /// shared head has 0 on the diagonal, a row of the middle a cell within
    /// the bound here (a path's cost, at least the cell's), and a row of the
    /// shared tail the cell on the diagonal from the middle's last one (at
    /// most what that one costs). So it ends on the distance.
    fn through_ends(&mut self, mine_rows: bool, bound: u32) -> Option<u32> {
        let (rows, columns) = if mine_rows {
            (&self.mine, &self.theirs)
        } else {
            (&self.theirs, &self.mine)
        };
        let (a, b) = (&rows.codes, &columns.codes);
        let (n, k) = (a.len(), b.len());
        // At least a character left on each side.
        let spare = n.min(k).checked_sub(1)?;
        let same = |(x, y): &(&u8, &u8)| x == y;
        let head = a.iter().zip(b).take_while(same).count().min(spare);
        let tail = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take_while(same)
            .count()
            .min(spare - head);
        if 3 * (head + tail) < 2 * n.max(k) {
            return None;
        }
        let lines = rows.lines(head..n - tail)?;
        let columns = columns.columns.get(head..k - tail)?;
        let t = banded(lines, columns, bound, &mut self.rows);
        (t <= bound).then_some(t)
    }

    /// [`banded`] on the laid out sides, the prepared one giving the rows if
    /// `mine_rows`.
    fn run(&mut self, mine_rows: bool, bound: u32) -> u32 {
        if mine_rows {
            banded(
                self.mine.all_lines(),
                &self.theirs.columns,
                bound,
                &mut self.rows,
            )
        } else {
            banded(
                self.theirs.all_lines(),
                &self.mine.columns,
                bound,
                &mut self.rows,
            )
        }
    }
}

/// The first bound [`Scorer::distance_units`] tries under a loose one, at
/// the least: three edits.
const FIRST_TRY: u32 = 3 * UNIT;
/// How much looser each try is than the one before.
const DEEPEN: u32 = 4;

/// [`full_units`] over the rows of `side` and `columns`, both non-empty, for
/// a bound their lengths are within: the same answer, from fewer cells.
///
/// Only the cells within the bound matter: the plain program gives up on
/// the first row without one, and otherwise ends on one. A cell is within
/// the bound only if a cell it is reached from is (costs are never
/// negative), so each row is computed from the first to the last column
/// the rows before it leave reachable, and a little further while
/// insertions stay within the bound (Ukkonen's cut-off). Cells outside read
/// as `bound + 1` and cells past the bound hold some value above it, so every
/// cell within the bound is exact. (A row can be all past the bound when
/// the distance is not, if a swap steps over it: both programs give up
/// there all the same.)
fn banded(side: Lines<'_>, columns: &[u32], bound: u32, rows: &mut Rows) -> u32 {
    let k = columns.len();
    // No row's least cell exceeds a full edit per character of the longer
    // side, so a bound past that changes nothing; a smaller one keeps every
    // sum far from overflow.
    let most = u32::try_from(side.codes.len().max(k))
        .ok()
        .and_then(|n| n.checked_mul(UNIT))
        .unwrap_or(u32::MAX / 4)
        .min(u32::MAX / 4);
    let bound = bound.min(most);
    let cap = bound + 1;
    let Rows { older, prev, cur } = rows;
    for row in [&mut *older, &mut *prev, &mut *cur] {
        row.clear();
        row.resize(k + 1, cap);
    }
    let (mut older, mut prev, mut cur) = (&mut older[..], &mut prev[..], &mut cur[..]);
    // Each buffer's written columns (the cells read outside them, or taken
    // as if read, hold `cap`), and each row's first and last columns within
    // the bound.
    const NONE: (usize, usize) = (1, 0);
    let mut older_written = NONE;
    prev[0] = 0;
    let mut v = 0;
    let mut hi = 0;
    for (p, &col) in prev[1..].iter_mut().zip(columns) {
        v += col >> 24;
        if v > bound {
            break;
        }
        *p = v;
        hi += 1;
    }
    let mut prev_written = (0, hi);
    let (mut older_alive, mut prev_alive): (Option<(usize, usize)>, (usize, usize)) =
        (None, (0, hi));
    for ((&code, &del), &swap) in side.codes.iter().zip(side.dels).zip(side.swaps) {
        let costs = &CODE_COSTS[usize::from(code)];
        // Reachable from the row before (down or diagonally) or from the
        // one before that (a swap): columns lo..=reach.
        let (mut lo, mut reach) = (prev_alive.0, prev_alive.1 + 1);
        if let Some((olo, ohi)) = older_alive {
            lo = lo.min(olo + 2);
            reach = reach.max(ohi + 2);
        }
        let reach = reach.min(k);
        let (mut left, start) = if lo == 0 {
            let v = prev[0] + del;
            cur[0] = v;
            (v, 1)
        } else {
            (cap, lo)
        };
        let mut end = start;
        if start <= reach {
            let width = reach + 1 - start;
            // Cells start..=reach read columns[j - 1], prev[j - 1] and
            // prev[j]: slices of one length let the compiler drop the
            // bounds checks.
            let (outs, cols, ups) = (
                &mut cur[start..=reach],
                &columns[start - 1..reach],
                &prev[start..=reach],
            );
            let (outs, cols, ups) = (&mut outs[..width], &cols[..width], &ups[..width]);
            let mut diag = prev[start - 1];
            for (j, ((out, &col), &up)) in (start..).zip(outs.iter_mut().zip(cols).zip(ups)) {
                let mut v = (diag + u32::from(costs[(col & 0xFF) as usize]))
                    .min(up + del)
                    .min(left + (col >> 24));
                // Two letters swapped (CERCE for CRECE) are one slip.
                if col & 0x1_FFFF == swap {
                    v = v.min(swapped(older, older_written, j, cap));
                }
                *out = v;
                left = v;
                diag = up;
            }
            end = reach + 1;
        }
        // Past `reach` only insertions lead on, while within the bound.
        while end <= k && left <= bound {
            let Some(&col) = columns.get(end - 1) else {
                break;
            };
            left += col >> 24;
            if let Some(c) = cur.get_mut(end) {
                *c = left;
            }
            end += 1;
        }
        let written = (lo, end - 1);
        // The next row reads this one at most a column past what it wrote
        // on either side, where this buffer may still hold a row three back:
        // those two cells hold `cap`. (The next row starts no further left
        // than this row's first live column, or two past the row before's,
        // from which this row started; it reaches no further right than one
        // past this row's last live column, or two past the last of the row
        // before, one past which this row reached.) Reads further off, of
        // the row two back for a swap and of the last cell, check the
        // written columns instead.
        if let Some(c) = written.0.checked_sub(1).and_then(|j| cur.get_mut(j)) {
            *c = cap;
        }
        if let Some(c) = cur.get_mut(written.1 + 1) {
            *c = cap;
        }
        let row = cur.get(written.0..=written.1).unwrap_or(&[]);
        let (Some(first), Some(last)) = (
            row.iter().position(|&v| v <= bound),
            row.iter().rposition(|&v| v <= bound),
        ) else {
            return cap;
        };
        older_alive = Some(prev_alive);
        prev_alive = (written.0 + first, written.0 + last);
        std::mem::swap(&mut older, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
        older_written = prev_written;
        prev_written = written;
    }
    if (prev_written.0..=prev_written.1).contains(&k) {
        prev[k]
    } else {
        cap
    }
}

/// The cell a swap ending on column `j` comes from, two rows back (`cap`
/// outside the columns it wrote, `written`), plus the swap (kept out of
/// line: swaps are rare).
#[cold]
#[inline(never)]
fn swapped(older: &[u32], written: (usize, usize), j: usize, cap: u32) -> u32 {
    let from = j.wrapping_sub(2);
    let o = match older.get(from) {
        Some(&o) if (written.0..=written.1).contains(&from) => o,
        Some(_) => cap,
        None => return cap,
    };
    o + TRANSPOSE
}

/// The whole program on characters: the answer for strings that do not fit
/// the byte codes, and the quick answers for empty sides and lengths too far
/// apart.
fn full_units(a: &[char], b: &[char], bound: u32) -> u32 {
    if a.len() < b.len() {
        return full_units(b, a, bound);
    }
    if b.is_empty() {
        return (0..a.len()).map(|i| indel_units(a, i, ' ')).sum();
    }
    // Each extra character costs at least a cheap deletion.
    if (a.len() - b.len()) as u64 * u64::from(MIN_INDEL) > u64::from(bound) {
        return bound.saturating_add(1);
    }
    let ins: Vec<u32> = (0..b.len()).map(|j| indel_units(b, j, ' ')).collect();
    let mut prev: Vec<u32> = std::iter::once(0)
        .chain(ins.iter().scan(0u32, |s, &c| {
            *s = s.saturating_add(c);
            Some(*s)
        }))
        .collect();
    let mut cur = vec![0u32; b.len() + 1];
    let mut older = vec![0u32; b.len() + 1];
    for i in 0..a.len() {
        let del = indel_units(a, i, ' ');
        cur[0] = prev[0].saturating_add(del);
        let mut row_min = cur[0];
        for j in 0..b.len() {
            let mut v = prev[j]
                .saturating_add(sub_units(a[i], b[j]))
                .min(prev[j + 1].saturating_add(del))
                .min(cur[j].saturating_add(ins[j]));
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] && a[i] != b[j] {
                v = v.min(older[j - 1].saturating_add(TRANSPOSE));
            }
            cur[j + 1] = v;
            row_min = row_min.min(v);
        }
        if row_min > bound {
            return row_min;
        }
        std::mem::swap(&mut older, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Weighted edit distance between two folded strings.
///
/// ```
/// use poa_ocr::text::ocr_distance;
/// assert!(ocr_distance("BISON", "BISOM") < 1.0);
/// assert_eq!(ocr_distance("ABC", "ABC"), 0.0);
/// ```
pub fn ocr_distance(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance_chars(&a, &b, f64::INFINITY)
}

/// Weighted edit distance over char slices. Gives up as soon as the distance
/// must exceed `bound` and then returns some value above `bound`.
pub fn distance_chars(a: &[char], b: &[char], bound: f64) -> f64 {
    let bound_units = if bound.is_finite() {
        (bound * f64::from(UNIT)).ceil().max(0.0) as u32
    } else {
        u32::MAX
    };
    f64::from(distance_units(a, b, bound_units)) / f64::from(UNIT)
}

/// Whether [`full_units`] settles strings of `m` and `n` characters at once
/// (an empty side, or lengths too far apart for `bound`), with no table.
fn settled_at_once(m: usize, n: usize, bound: u32) -> bool {
    m == 0 || n == 0 || m.abs_diff(n) as u64 * u64::from(MIN_INDEL) > u64::from(bound)
}

/// The distance in cost units if it is at most `bound`; otherwise some value
/// above `bound`.
fn distance_units(a: &[char], b: &[char], bound: u32) -> u32 {
    // Settled before `a` is prepared, which would copy a hostile 50 MB
    // word into the scratch space for nothing.
    if settled_at_once(a.len(), b.len(), bound) {
        return full_units(a, b, bound);
    }
    Scorer::with(a, |s| s.distance_units(b, bound))
}

/// Similarity in 0..=1 between two folded strings:
/// `1 - distance / max(len)`.
///
/// ```
/// use poa_ocr::text::similarity;
/// assert!(similarity("VALIDADES Y ESPACIOS SEGUROS", "VIALIDADES Y ESPACIOS SEGUROS") > 0.9);
/// assert!(similarity("GOBERNAR PARA SERVIR", "IGUALDAD E INCLUSION") < 0.5);
/// ```
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    similarity_chars(&a, &b)
}

/// The highest similarity two folded strings of `m` and `n` characters can
/// have: each character one has over the other costs at least a cheap
/// deletion. Never below what [`similarity_at_least`] gives for any two such
/// strings (it is the same expression, at the least distance).
pub(crate) fn similarity_ceiling(m: usize, n: usize) -> f64 {
    let longer = m.max(n);
    if longer == 0 {
        return 1.0;
    }
    let least = m.abs_diff(n) as f64 * f64::from(MIN_INDEL);
    (1.0 - least / (longer as f64 * f64::from(UNIT))).clamp(0.0, 1.0)
}

/// [`similarity`] over char slices.
pub fn similarity_chars(a: &[char], b: &[char]) -> f64 {
    similarity_at_least(a, b, 0.0).unwrap_or(0.0)
}

/// The similarity of `a` and `b` if it is at least `min`; `None` otherwise,
/// found early by bounding the distance.
pub fn similarity_at_least(a: &[char], b: &[char], min: f64) -> Option<f64> {
    let n = a.len().max(b.len());
    if n == 0 {
        return Some(1.0);
    }
    let bound = bound_units(min, n);
    let d = distance_units(a, b, bound);
    if d > bound {
        return None;
    }
    let s = score(d, n);
    (s >= min).then_some(s)
}

/// Whether `a` and `b` are at least `score` similar, as [`similarity_chars`]
/// scores them: settled by the lengths alone when [`similarity_ceiling`]
/// is under `score`, else asked at [`looser_min`] of `score`, where no swap
/// near the bound can hide such a pair (and a pair less similar is never
/// scored above its due: a bounded distance is never under the true one).
pub(crate) fn reaches(a: &[char], b: &[char], score: f64) -> bool {
    similarity_reaching(a, b, score).is_some()
}

/// [`similarity_chars`] of `a` and `b` if it is at least `score`; `None`
/// otherwise. Asked as [`reaches`] asks: at [`looser_min`] of `score` every
/// such pair is found, and a pair found is found at its distance (a bounded
/// distance within its bound is the distance), so at the very score the
/// unbounded program gives, from a band far narrower than its.
pub(crate) fn similarity_reaching(a: &[char], b: &[char], score: f64) -> Option<f64> {
    let (m, n) = (a.len(), b.len());
    if similarity_ceiling(m, n) < score {
        return None;
    }
    similarity_at_least(a, b, looser_min(score, m.max(n))).filter(|&s| s >= score)
}

/// [`similarity_reaching`] for a pair that is most likely close (a printed
/// name and the entry its code names): asked first at each of `tries`
/// above `score` in turn (a bound that close makes the program's band
/// narrow), then at `score`. The same answer: a try finds every pair at
/// least as similar as it asks, at its exact score (see
/// [`similarity_reaching`]), and a pair it finds under that is found at
/// its exact score too (a bounded distance within its bound is the
/// distance); a try that finds nothing leaves the question to the next.
pub(crate) fn similarity_reaching_near(
    a: &[char],
    b: &[char],
    score: f64,
    tries: &[f64],
) -> Option<f64> {
    let (m, n) = (a.len(), b.len());
    if similarity_ceiling(m, n) < score {
        return None;
    }
    let longer = m.max(n);
    // Settled at once, with nothing to prepare (see `distance_units`).
    if settled_at_once(m, n, bound_units(looser_min(score, longer), longer)) {
        return similarity_reaching(a, b, score);
    }
    Scorer::with(a, |scorer| {
        for &t in tries.iter().filter(|&&t| t > score) {
            if let Some(s) = scorer.similarity_at_least(b, looser_min(t, longer)) {
                return (s >= score).then_some(s);
            }
        }
        scorer
            .similarity_at_least(b, looser_min(score, longer))
            .filter(|&s| s >= score)
    })
}

/// How far past a pair's distance the program may still give up on it. It
/// gives up on the first row with no cell within the bound, and a swap
/// steps over a row: the cell it steps over costs at most a substitution
/// more than the cell the swap starts from, which is the swap's cost less
/// than the distance. So a bound this far past the distance always finds
/// it, and a bound in between may not (`AB` against `BA`).
const SWAP_SLACK: u32 = UNIT - TRANSPOSE;

/// A `min` under `min` at which [`similarity_at_least`] finds every pair
/// that is `min` similar and whose longer side has at least `m` characters:
/// its bound on the distance is at least [`SWAP_SLACK`] past the one of
/// `min`. (At `min` itself a swap near the bound can hide such a pair.)
pub(crate) fn looser_min(min: f64, m: usize) -> f64 {
    // Half an edit over `m` characters is ten units over the longer side's
    // `n >= m`: past the slack, with a unit to spare for the rounding.
    min - f64::from(SWAP_SLACK + 2) / (m.max(1) as f64 * f64::from(UNIT))
}

/// The most cost units a pair whose longer side has `n` characters can take
/// and still be `min` similar.
fn bound_units(min: f64, n: usize) -> u32 {
    ((1.0 - min) * n as f64 * f64::from(UNIT)).floor().max(0.0) as u32
}

/// The similarity of a pair at `d` cost units whose longer side has `n`
/// characters.
fn score(d: u32, n: usize) -> f64 {
    (1.0 - f64::from(d) / (n as f64 * f64::from(UNIT))).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusions_are_cheap() {
        assert!(ocr_distance("TMM F0O4", "TMM F004") < 0.5);
        assert!(ocr_distance("MEXICALTI", "MEXICALI") <= 1.0);
        assert!(ocr_distance("AB", "AXB") == 1.0);
        assert!(ocr_distance("AB", "A B") < 0.5);
        assert!(ocr_distance("ASSEGURAMIENTO", "ASEGURAMIENTO") <= 0.5);
        assert!((ocr_distance("CERCE", "CRECE") - 0.6).abs() < 1e-9);
        assert!((ocr_distance("FUNCOIN", "FUNCION") - 0.6).abs() < 1e-9);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(ocr_distance("", ""), 0.0);
        assert_eq!(ocr_distance("", "AB"), 2.0);
        assert_eq!(ocr_distance("AB", ""), 2.0);
        assert_eq!(similarity("", ""), 1.0);
    }

    #[test]
    fn symmetric() {
        for (a, b) in [
            ("BISON", "BISOM"),
            ("MEDICAL", "MEXICALI"),
            ("CERCE", "CRECE"),
        ] {
            assert!((ocr_distance(a, b) - ocr_distance(b, a)).abs() < 1e-9);
        }
    }

    #[test]
    fn bounded_agrees_with_unbounded() {
        let pairs = [
            ("DESARROLLO COMUNITARIO", "DESARROLLO SOCIAL"),
            ("MEDICAL CRECE", "MEXICALI CRECE"),
            ("A", "XYZW"),
        ];
        for (a, b) in pairs {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = similarity_chars(&x, &y);
            for min in [0.0, 0.3, 0.5, 0.8, 0.95] {
                let got = similarity_at_least(&x, &y, min);
                assert_eq!(got.is_some(), full >= min, "{a} {b} {min}");
                if let Some(s) = got {
                    assert!((s - full).abs() < 1e-12);
                }
            }
        }
    }

    /// `base` with `edits` made to it in turn, each `(at, op, c)` one of:
    /// insert `c`, delete, substitute `c`, swap with the next (`at` taken
    /// modulo the length; an edit with nothing to act on is skipped).
    pub(super) fn edited(base: &[char], edits: Vec<(usize, u8, String)>) -> Vec<char> {
        let mut b = base.to_vec();
        for (at, op, c) in edits {
            let c = c.chars().next().unwrap_or('A');
            let at = at % (b.len() + 1);
            match op {
                0 => b.insert(at, c),
                1 if at < b.len() => {
                    b.remove(at);
                }
                2 if at < b.len() => b[at] = c,
                _ if at + 1 < b.len() => b.swap(at, at + 1),
                _ => {}
            }
        }
        b
    }

    /// The dynamic program without giving up: every cell, on chars.
    pub(super) fn reference_units(a: &[char], b: &[char]) -> u32 {
        if a.len() < b.len() {
            return reference_units(b, a);
        }
        let mut prev: Vec<u32> = vec![0];
        for j in 0..b.len() {
            let v = prev[j] + indel_units(b, j, ' ');
            prev.push(v);
        }
        let mut older = vec![0; b.len() + 1];
        let mut cur = vec![0; b.len() + 1];
        for i in 0..a.len() {
            let del = indel_units(a, i, ' ');
            cur[0] = prev[0] + del;
            for j in 0..b.len() {
                let mut v = (prev[j] + sub_units(a[i], b[j]))
                    .min(prev[j + 1] + del)
                    .min(cur[j] + indel_units(b, j, ' '));
                if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] && a[i] != b[j] {
                    v = v.min(older[j - 1] + TRANSPOSE);
                }
                cur[j + 1] = v;
            }
            std::mem::swap(&mut older, &mut prev);
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The banded program answers exactly like the plain one, giving up
        /// on the same inputs; within the bound both give the distance.
        #[test]
        fn banded_agrees_with_full(
            a in "[ABOD0IL1 MNSÑ]{0,24}",
            b in "[ABOD0IL1 MNSÑ]{0,24}",
            bound in 0u32..160,
        ) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let plain = full_units(&a, &b, bound);
            let got = distance_units(&a, &b, bound);
            proptest::prop_assert_eq!(got <= bound, plain <= bound, "{} {}", got, plain);
            if plain <= bound {
                proptest::prop_assert_eq!(got, plain);
                proptest::prop_assert_eq!(got, reference_units(&a, &b));
            }
            let full = reference_units(&a, &b);
            proptest::prop_assert_eq!(distance_units(&a, &b, u32::MAX), full);
            proptest::prop_assert_eq!(full_units(&a, &b, u32::MAX), full);
        }

        /// The band's buffers hold rows three back outside the columns a
        /// row writes: long pairs whose band wanders (runs of indels, swaps)
        /// at many bounds, one scorer for all, so that a stale cell read
        /// where `cap` belongs would show in some answer.
        #[test]
        fn band_reads_no_stale_cells(
            base in "[ABO0 1LMN]{8,60}",
            others in proptest::collection::vec(
                proptest::collection::vec((0usize..70, 0u8..4, "[ABO0 1LMN]"), 0..16),
                1..6,
            ),
            bounds in proptest::collection::vec(0u32..400, 1..6),
        ) {
            let a: Vec<char> = base.chars().collect();
            let mut scorer = Scorer::new(&a);
            for edits in others {
                let b = edited(&a, edits);
                for &bound in &bounds {
                    let pairs = [
                        (scorer.distance_units(&b, bound), full_units(&a, &b, bound)),
                        (distance_units(&b, &a, bound), full_units(&b, &a, bound)),
                    ];
                    for (got, plain) in pairs {
                        proptest::prop_assert_eq!(got <= bound, plain <= bound, "{} {}", got, plain);
                        if plain <= bound {
                            proptest::prop_assert_eq!(got, plain);
                        }
                    }
                }
            }
        }

        /// Swaps next to each other, and tight bounds, where giving up on a
        /// row a swap steps over matters.
        #[test]
        fn banded_gives_up_like_full(
            a in "[AB ]{0,12}",
            b in "[AB ]{0,12}",
            bound in 0u32..80,
        ) {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let plain = full_units(&a, &b, bound);
            let got = distance_units(&a, &b, bound);
            proptest::prop_assert_eq!(got <= bound, plain <= bound, "{} {}", got, plain);
            if plain <= bound {
                proptest::prop_assert_eq!(got, plain);
            }
            let mut scorer = Scorer::new(&a);
            let got = scorer.distance_units(&b, bound);
            proptest::prop_assert_eq!(got <= bound, plain <= bound, "{} {}", got, plain);
            if plain <= bound {
                proptest::prop_assert_eq!(got, plain);
            }
            // Past the slack, the bound always finds the distance.
            let d = reference_units(&a, &b);
            let past = d + SWAP_SLACK + bound % 8;
            proptest::prop_assert_eq!(distance_units(&a, &b, past), d);
            proptest::prop_assert_eq!(scorer.distance_units(&b, past), d);
        }

        /// Long close pairs at bounds no distance passes, where the scorer
        /// tries tighter bounds first, and at every other bound: the answer
        /// is the plain program's.
        #[test]
        fn tighter_tries_agree_with_full(
            base in "[ABOD0IL1 MNSÑ]{20,160}",
            edits in proptest::collection::vec((0usize..200, 0u8..4, "[ABO 1MÑ]"), 0..24),
            bound in 0u32..4000,
        ) {
            let a: Vec<char> = base.chars().collect();
            let b = edited(&a, edits);
            let full = reference_units(&a, &b);
            let mut scorer = Scorer::new(&a);
            for bound in [u32::MAX, 20 * a.len().max(b.len()) as u32, bound] {
                let plain = full_units(&a, &b, bound);
                for got in [distance_units(&a, &b, bound), scorer.distance_units(&b, bound)] {
                    proptest::prop_assert_eq!(got <= bound, plain <= bound, "{} {}", got, plain);
                    if plain <= bound {
                        proptest::prop_assert_eq!(got, full);
                    }
                }
            }
            proptest::prop_assert_eq!(
                similarity_chars(&a, &b),
                score(full, a.len().max(b.len()))
            );
        }

        /// Pairs that share long ends, made of what the costs read next to
        /// a cut (doubled letters, spaces, runs of confusable letters, swaps),
        /// at bounds around their distance: the path through the shared ends
        /// only narrows the program, the answer is the plain program's.
        #[test]
        fn shared_ends_agree_with_full(
            head in "(OO|O0|0|O|LL|1|I|5S|SS| |  |RN|M|CL|D|É|A)*",
            middle in "[OO0 1LIS5MNRDÉ]{0,6}",
            tail in "(OO|O0|0|O|LL|1|I|5S|SS| |  |RN|M|CL|D|É|A)*",
            edits in proptest::collection::vec((0usize..40, 0u8..4, "[O0 1LS5MNÉ]"), 0..4),
            slack in 0u32..40,
        ) {
            let a: Vec<char> = format!("{head}{middle}{tail}").chars().collect();
            let b = edited(&a, edits);
            let full = reference_units(&a, &b);
            let mut scorer = Scorer::new(&a);
            let near = [full.saturating_sub(slack), full, full + slack, full + SWAP_SLACK + slack];
            for bound in near.into_iter().chain([u32::MAX]) {
                let plain = full_units(&a, &b, bound);
                let got = scorer.distance_units(&b, bound);
                proptest::prop_assert_eq!(got <= bound, plain <= bound, "{} {}", got, plain);
                if plain <= bound {
                    proptest::prop_assert_eq!(got, plain);
                    proptest::prop_assert_eq!(got, full);
                }
            }
        }

        /// Letters of different classes, where the lower bounds often meet
        /// the cost of the path through the shared ends, and swaps, at
        /// bounds within the swap slack of the distance: a best path found
        /// is taken as it is only where the plain program cannot give up.
        #[test]
        fn shared_ends_at_the_slack(
            a in "[ACHKPW ]{8,30}",
            edits in proptest::collection::vec((0usize..40, 0u8..4, "[ACHKPW ]"), 1..3),
            slack in 0u32..SWAP_SLACK + 2,
        ) {
            let a: Vec<char> = a.chars().collect();
            let b = edited(&a, edits);
            let full = reference_units(&a, &b);
            let bound = full + slack;
            let plain = full_units(&a, &b, bound);
            let got = Scorer::new(&a).distance_units(&b, bound);
            proptest::prop_assert_eq!(got <= bound, plain <= bound, "{} {}", got, plain);
            if plain <= bound {
                proptest::prop_assert_eq!(got, plain);
            }
        }

        /// A string's prepared side gives the answer its characters give,
        /// at bounds around the distance and at none.
        #[test]
        fn prepared_side_agrees(
            q in "[ABOD0IL1 MNSÑÉ]{0,24}",
            others in proptest::collection::vec("[ABOD0IL1 MNSÑЖ]{0,24}", 1..8),
            slack in 0u32..40,
        ) {
            let q: Vec<char> = q.chars().collect();
            let mut scorer = Scorer::new(&q);
            for o in others {
                let o: Vec<char> = o.chars().collect();
                let prepared = Prepared::of(&o);
                let full = reference_units(&q, &o);
                let near = [full.saturating_sub(slack), full, full + slack, u32::MAX];
                for bound in near {
                    let plain = scorer.distance_units(&o, bound);
                    let got = scorer.distance_with(&o, prepared.counts.as_ref(), bound);
                    proptest::prop_assert_eq!(got, plain, "{:?} {:?} {}", q, o, bound);
                }
                for min in [0.0, 0.5, 0.8, 0.9] {
                    proptest::prop_assert_eq!(
                        scorer.similarity_prepared(&o, &prepared, min),
                        scorer.similarity_at_least(&o, min)
                    );
                }
            }
        }

        /// [`similarity_reaching`], [`similarity_reaching_near`] (whatever
        /// its tries) and [`Scorer::reaching_prepared`] give the full
        /// similarity when it is at least the score asked, and nothing
        /// otherwise: pairs of a few edits (swaps too) up to far apart, at
        /// scores around their similarity.
        #[test]
        fn reaching_is_the_full_similarity_from_the_score(
            base in "[ABOD0IL1 MNSÑ]{1,90}",
            edits in proptest::collection::vec((0usize..100, 0u8..4, "[ABO 1MÑ]"), 0..12),
            near in -0.05f64..0.05,
            tries in proptest::collection::vec(0.5f64..1.0, 0..3),
        ) {
            let a: Vec<char> = base.chars().collect();
            let b = edited(&a, edits);
            let full = similarity_chars(&a, &b);
            let mut scorer = Scorer::new(&a);
            let prepared = Prepared::of(&b);
            for score in [full + near, full, full - near.abs(), 0.72, 0.95] {
                let want = (full >= score).then_some(full);
                proptest::prop_assert_eq!(similarity_reaching(&a, &b, score), want);
                proptest::prop_assert_eq!(similarity_reaching_near(&a, &b, score, &tries), want);
                proptest::prop_assert_eq!(similarity_reaching_near(&a, &b, score, &[0.95]), want);
                proptest::prop_assert_eq!(scorer.reaching_prepared(&b, &prepared, score), want);
            }
        }

        /// The thread's scorer, kept between calls for the same string
        /// (and laid out by the comparisons made with it), answers as a
        /// fresh one: strings drawn from a small pool, non-ASCII letters
        /// among them, so that most calls find it prepared.
        #[test]
        fn kept_scorer_answers_like_a_fresh_one(
            pool in proptest::collection::vec("[ABOD0IL1 MNSÑÉ]{0,24}", 1..4),
            asks in proptest::collection::vec(
                (0usize..4, "[ABOD0IL1 MNSÑЖ]{0,24}", 0u32..300, 0.0f64..1.0),
                1..24,
            ),
        ) {
            let pool: Vec<Vec<char>> = pool.iter().map(|p| p.chars().collect()).collect();
            for (i, other, bound, min) in asks {
                let a = &pool[i % pool.len()];
                let b: Vec<char> = other.chars().collect();
                let prepared = Prepared::of(&b);
                let kept = Scorer::with(a, |s| {
                    (
                        s.distance_units(&b, bound),
                        s.similarity_prepared(&b, &prepared, min),
                        s.similarity_at_least(&b, min),
                    )
                });
                let mut fresh = Scorer::new(a);
                let want = (
                    fresh.distance_units(&b, bound),
                    Scorer::new(a).similarity_prepared(&b, &prepared, min),
                    Scorer::new(a).similarity_at_least(&b, min),
                );
                proptest::prop_assert_eq!(kept, want, "{:?} {:?}", a, b);
            }
        }

        /// A scorer reused for many strings answers like the free function.
        #[test]
        fn scorer_agrees_with_free_function(
            q in "[ABOD0IL1 MNSÑÉ]{0,20}",
            others in proptest::collection::vec("[ABOD0IL1 MNSÑЖ]{0,20}", 1..8),
            min in 0.0f64..1.0,
        ) {
            let q: Vec<char> = q.chars().collect();
            let mut scorer = Scorer::new(&q);
            for o in others {
                let o: Vec<char> = o.chars().collect();
                proptest::prop_assert_eq!(
                    scorer.similarity_at_least(&o, min),
                    plain_similarity(&q, &o, min)
                );
                proptest::prop_assert_eq!(
                    similarity_at_least(&q, &o, min),
                    plain_similarity(&q, &o, min)
                );
            }
        }
    }

    /// [`similarity_at_least`] on the plain program.
    fn plain_similarity(a: &[char], b: &[char], min: f64) -> Option<f64> {
        let n = a.len().max(b.len());
        if n == 0 {
            return Some(1.0);
        }
        let bound = bound_units(min, n);
        let d = full_units(a, b, bound);
        if d > bound {
            return None;
        }
        let s = score(d, n);
        (s >= min).then_some(s)
    }

    /// At [`looser_min`], the bound is past the slack for every distance
    /// that scores `min` (which the bound of `min` itself may not even
    /// reach: a score of exactly `min` can round either way).
    #[test]
    fn looser_min_clears_the_swap_slack() {
        for m in 1..=320 {
            for n in m..=700 {
                for tenths in 1..=10u32 {
                    let min = f64::from(tenths) / 10.0;
                    // Scores fall with the distance: the last that scores
                    // `min` is within rounding of the exact quotient.
                    let near = ((1.0 - min) * n as f64 * f64::from(UNIT)) as u32;
                    let most = (near.saturating_sub(2)..=near + 2)
                        .rev()
                        .find(|&d| score(d, n) >= min);
                    assert!(score(near + 3, n) < min);
                    let loose = bound_units(looser_min(min, m), n);
                    if let Some(d) = most {
                        assert!(loose >= d + SWAP_SLACK, "{m} {n} {min}");
                    }
                }
            }
        }
    }

    /// A swap can hide a pair from a bound up to [`SWAP_SLACK`] past its
    /// distance, never further.
    #[test]
    fn swaps_hide_pairs_only_within_the_slack() {
        let (a, b): (Vec<char>, Vec<char>) = ("AB".chars().collect(), "BA".chars().collect());
        assert_eq!(reference_units(&a, &b), TRANSPOSE);
        assert!(distance_units(&a, &b, TRANSPOSE + SWAP_SLACK - 1) > TRANSPOSE + SWAP_SLACK - 1);
        assert_eq!(distance_units(&a, &b, TRANSPOSE + SWAP_SLACK), TRANSPOSE);
    }

    /// Every pair of short strings of swaps and spaces, at every bound: the
    /// plain program gives up on a row a swap steps over, and which side
    /// gives the rows matters (`AB` against `  BA` within 24 units).
    #[test]
    fn gives_up_like_full_on_every_small_case() {
        let all = |n: usize| -> Vec<Vec<char>> {
            (0..3usize.pow(n as u32))
                .map(|mut x| {
                    (0..n)
                        .map(|_| {
                            let c = ['A', 'B', ' '][x % 3];
                            x /= 3;
                            c
                        })
                        .collect()
                })
                .collect()
        };
        let strings: Vec<Vec<char>> = (0..=4).flat_map(all).collect();
        for a in &strings {
            let mut scorer = Scorer::new(a);
            for b in &strings {
                for bound in (0..70).step_by(2) {
                    let plain = full_units(a, b, bound);
                    for got in [distance_units(a, b, bound), scorer.distance_units(b, bound)] {
                        assert_eq!(got <= bound, plain <= bound, "{a:?} {b:?} {bound}");
                        if plain <= bound {
                            assert_eq!(got, plain, "{a:?} {b:?} {bound}");
                        }
                    }
                }
            }
        }
        let (a, b): (Vec<char>, Vec<char>) = ("AB".chars().collect(), "  BA".chars().collect());
        assert!(full_units(&a, &b, 24) > 24 && full_units(&b, &a, 24) > 24);
        assert!(distance_units(&a, &b, 24) > 24);
    }

    /// A swap found through the shared ends at the distance the lower
    /// bounds give, at bounds where the plain program gives up on the row
    /// the swap steps over, and past the slack, where it cannot.
    #[test]
    fn swap_through_shared_ends_at_the_slack() {
        let a: Vec<char> = "ACHKPWACHKPW".chars().collect();
        let b: Vec<char> = "ACHKPWACHKWP".chars().collect();
        assert_eq!(reference_units(&a, &b), TRANSPOSE);
        for bound in TRANSPOSE..TRANSPOSE + 2 * SWAP_SLACK {
            let plain = full_units(&a, &b, bound);
            assert_eq!(plain <= bound, bound >= TRANSPOSE + SWAP_SLACK, "{bound}");
            let got = Scorer::new(&a).distance_units(&b, bound);
            assert_eq!(got <= bound, plain <= bound, "{bound}");
        }
    }

    /// A band that narrows then reaches one column past its row before,
    /// where that row's buffer still held a cell within the bound from
    /// three rows back (found by `banded_gives_up_like_full` when the band
    /// cleared only the cells next to a row): every bound agrees with the
    /// plain program.
    #[test]
    fn band_reads_cap_past_a_narrowed_row() {
        let a: Vec<char> = " BA BB A ".chars().collect();
        let b: Vec<char> = "A    A B   ".chars().collect();
        for (x, y) in [(&a, &b), (&b, &a)] {
            let mut scorer = Scorer::new(x);
            for bound in 0..240 {
                let plain = full_units(x, y, bound);
                for got in [distance_units(x, y, bound), scorer.distance_units(y, bound)] {
                    assert_eq!(got <= bound, plain <= bound, "{bound}");
                    if plain <= bound {
                        assert_eq!(got, plain, "{bound}");
                    }
                }
            }
        }
    }

    #[test]
    fn many_distinct_characters_fall_back() {
        // More distinct non-ASCII letters than there are byte codes.
        let a: Vec<char> = ('\u{400}'..'\u{4A0}').collect();
        let mut b = a.clone();
        b.swap(3, 4);
        b[100] = 'X';
        let full = reference_units(&a, &b);
        assert_eq!(distance_units(&a, &b, u32::MAX), full);
        assert_eq!(Scorer::new(&a).distance_units(&b, u32::MAX), full);
        assert_eq!(
            Scorer::new(&a[..10]).distance_units(&b[..10], 1000),
            reference_units(&a[..10], &b[..10])
        );
    }
}
