//! The arithmetic's lower bound of what a partial reading will pay.

use super::cost;
use super::state::Part;
use crate::resolve::realign::cells::{Tok, Token};

pub(super) fn eps(x: f64) -> f64 {
    1e-6 * x.abs().max(1.0)
}

/// What the arithmetic bound of a dynamic program needs, computed once.
pub(super) struct Bound {
    /// Per class of slots (programado, alcanzado up to the quarter): the
    /// total it must reach, if printed.
    target: [Option<f64>; 2],
    /// Per class: `eps` of its target (0 if none), worked out once.
    slack: [f64; 2],
    /// Per class and slot `s`: how many of the class's slots are at `s` or
    /// later (at most 4).
    open: [[usize; 9]; 2],
    /// `reach[i][k]`: the sum of the `k` largest values among the period
    /// tokens from `i` on, largest first.
    reach: Vec<[f64; 5]>,
}

/// [`Bound::open`] for each quarter `q` (0 to 4): per class (programado,
/// alcanzado up to the quarter) and slot `s`, how many of the class's slots
/// are at `s` or later, at most 4. A table of the quarter alone, so it is
/// worked out once, at compile time.
const OPEN: [[[usize; 9]; 2]; 5] = {
    let mut t = [[[0usize; 9]; 2]; 5];
    let mut q = 0;
    while q < 5 {
        let mut a = 0;
        while a < 2 {
            let mut s = 0;
            while s < 9 {
                let mut n = 0;
                let mut x = s;
                while x < 8 {
                    if x % 2 == a && (a == 0 || x / 2 < q) {
                        n += 1;
                    }
                    x += 1;
                }
                t[q][a][s] = if n < 4 { n } else { 4 };
                s += 1;
            }
            a += 1;
        }
        q += 1;
    }
    t
};

impl Bound {
    pub(super) fn new(period: &[Token], meta: Option<f64>, abs: Option<f64>, q: u8) -> Bound {
        let m = period.len();
        // The four largest values among period[i..], largest first, from
        // the last token back; they bound what the slots still open can add
        // up to.
        let mut reach = vec![[0.0f64; 5]; m + 1];
        let mut t = [0.0f64; 4];
        for i in (0..m).rev() {
            if let Tok::Num(v) = period[i].tok {
                if v > t[3] {
                    // `v` in its place among the first three (sorted): what
                    // sorting the four again gives (values equal in the
                    // total order are the same bits, so no order of theirs
                    // shows).
                    let mut j = 3;
                    while j > 0 && t[j - 1].total_cmp(&v) == std::cmp::Ordering::Less {
                        t[j] = t[j - 1];
                        j -= 1;
                    }
                    t[j] = v;
                }
            }
            // `reach[i][k]` is `t[..k].iter().sum()`, a sum from the first
            // element on: each is the one before it plus one more element.
            let mut acc: f64 = t[..0].iter().sum();
            for (k, x) in reach[i].iter_mut().enumerate() {
                if k > 0 {
                    acc += t[k - 1];
                }
                *x = acc;
            }
        }
        Bound {
            target: [meta, abs],
            slack: [meta.map_or(0.0, eps), abs.map_or(0.0, eps)],
            open: OPEN[usize::from(q).min(4)],
            reach,
        }
    }

    /// The rank of a state at slot `s`, token `i`: its cost plus a lower
    /// bound of the arithmetic penalties still to come (a total that the
    /// slots still open cannot reach is a value lost, or the penalty).
    ///
    /// Along a step the rank never decreases: a value read lowers what is
    /// needed by as much as it lowers what the rest can reach, a slot
    /// dropped or a token passed over only lowers the reach, and a value
    /// declared lost (which ends the bound's term) or an overflow (charged
    /// at once) costs at least the term it ends, except where the table's
    /// lost column makes a loss cheaper ([`Moves::net`] counts that). The
    /// pruned search relies on this (see [`Search`]).
    ///
    /// [`Moves::net`]: super::moves::Moves::net
    /// [`Search`]: super::search::Search
    #[inline(always)]
    pub(super) fn rank(&self, p: &Part, s: usize, i: usize) -> f64 {
        let term = |a: usize, bad: f64, lost: f64| -> f64 {
            let Some(t) = self.target[a] else { return 0.0 };
            if p.pen & (1 << a) != 0 || p.lost & (1 << a) != 0 {
                return 0.0;
            }
            let need = t - p.sum[a];
            // `slack[a]` is `eps(t)`, worked out once.
            let e = self.slack[a];
            if need <= e {
                return 0.0;
            }
            let open = self.open[a].get(s).copied().unwrap_or(0);
            if open == 0 {
                bad
            } else if self
                .reach
                .get(i)
                .or(self.reach.last())
                .map_or(0.0, |r| r[open])
                + e
                < need
            {
                lost
            } else {
                0.0
            }
        };
        // Added up in the order (and with the zeros) of the original sum, so
        // that ranks are the same to the bit.
        let mut h = 0.0;
        h += term(0, cost::SUM_BAD, cost::LOST_P);
        h += term(1, cost::ABS_BAD, cost::LOST_A);
        p.cost + h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `reach` is what sorting the values seen so far and adding up the
        /// largest gives, to the bit.
        #[test]
        fn reach_sums_the_largest_values(
            vals in proptest::collection::vec(
                proptest::sample::select(vec![-1.0, 0.0, 0.5, 1.0, 3.0, 3.0, 12.0, 1e9, 0.1, 0.2]),
                0..20,
            ),
        ) {
            let period: Vec<Token> = vals
                .iter()
                .map(|&v| Token {
                    tok: if v < 0.0 { Tok::Empty } else { Tok::Num(v) },
                    cell: 0,
                    text: crate::resolve::realign::cells::Text::Row(""),
                    rewritten: false,
                })
                .collect();
            let bound = Bound::new(&period, None, None, 1);
            for i in 0..=period.len() {
                let mut seen: Vec<f64> = period[i..]
                    .iter()
                    .filter_map(|t| match t.tok {
                        Tok::Num(v) => Some(v),
                        _ => None,
                    })
                    .collect();
                seen.sort_by(|a, b| b.total_cmp(a));
                seen.resize(seen.len().max(4), 0.0);
                // The four largest, or zeros (what the bound starts from).
                let mut t = [0.0f64; 4];
                for (x, v) in t.iter_mut().zip(&seen) {
                    *x = v.max(0.0);
                }
                t.sort_by(|a, b| b.total_cmp(a));
                for k in 0..5 {
                    // (The row past the last token is zeros as made; the
                    // others are sums, whose empty sum is -0.0.)
                    let want: f64 = if i == period.len() { 0.0 } else { t[..k].iter().sum() };
                    proptest::prop_assert_eq!(bound.reach[i][k].to_bits(), want.to_bits(), "i {} k {}", i, k);
                }
            }
        }
    }

    /// The compile-time table is the count it stands for, for every quarter
    /// a row can be read under (and past it).
    #[test]
    fn open_table_counts_the_slots_still_open() {
        for q in 0..=6u8 {
            for (a, table) in OPEN[usize::from(q).min(4)].iter().enumerate() {
                for (s, &open) in table.iter().enumerate() {
                    let n = (0..8)
                        .filter(|&x| x % 2 == a && (a == 0 || x / 2 < usize::from(q)))
                        .filter(|&x| x >= s)
                        .count()
                        .min(4);
                    assert_eq!(open, n, "q {q} class {a} slot {s}");
                }
            }
        }
    }
}
