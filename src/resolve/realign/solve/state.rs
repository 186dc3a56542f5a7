//! The states of the dynamic program: a slot's state, packed in a byte,
//! and a partial reading of the period section.

use std::cmp::Ordering;

use crate::resolve::realign::cells::{self, Tok, Token};

/// State of a period slot.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) enum S {
    #[default]
    Unset,
    Val(f64),
    Zero,
    Lost,
    After,
}

/// A slot's state packed in a byte: a value is its place among the
/// distinct values of the period section, smallest first (see [`codes`]);
/// the other states come after every value. Equal bytes are equal states,
/// and the bytes order states as their values would (values by size, then
/// unset, zero, lost, after), so states compare as integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Slot(u8);

impl Slot {
    const UNSET: Slot = Slot(0xfc);
    const ZERO: Slot = Slot(0xfd);
    const LOST: Slot = Slot(0xfe);
    const AFTER: Slot = Slot(0xff);

    /// Packs `s`; a value is the one of the token whose code is `code`.
    pub(super) fn pack(s: S, code: u8) -> Slot {
        match s {
            S::Unset => Slot::UNSET,
            S::Zero => Slot::ZERO,
            S::Lost => Slot::LOST,
            S::After => Slot::AFTER,
            S::Val(_) => Slot(code),
        }
    }
}

/// For each token of a period section, the place of its value among the
/// section's distinct numbers, smallest first: the [`Slot`] of a slot that
/// reads it. A section has at most [`cells::MAX_TOKENS`] tokens, so places
/// stay below [`Slot::UNSET`].
pub(super) fn codes(period: &[Token]) -> [u8; cells::MAX_TOKENS] {
    let mut vals = [0.0f64; cells::MAX_TOKENS];
    let mut n = 0;
    for t in period {
        if let (Tok::Num(v), Some(x)) = (t.tok, vals.get_mut(n)) {
            *x = v;
            n += 1;
        }
    }
    let vals = &mut vals[..n];
    vals.sort_by(f64::total_cmp);
    // Distinct values only, in place.
    let mut d = 0;
    for k in 0..vals.len() {
        if d == 0 || vals[k] != vals[d - 1] {
            vals[d] = vals[k];
            d += 1;
        }
    }
    let vals = &vals[..d];
    let mut out = [0u8; cells::MAX_TOKENS];
    for (o, t) in out.iter_mut().zip(period) {
        if let Tok::Num(v) = t.tok {
            *o = vals.partition_point(|&x| x < v) as u8;
        }
    }
    out
}

/// No token (a slot dropped); token indices are below [`cells::MAX_TOKENS`].
pub(super) const NO_TOK: u8 = u8::MAX;

/// A partial reading of the period section.
#[derive(Clone, Copy, Debug)]
pub(super) struct Part {
    pub(super) cost: f64,
    /// `cost` plus a lower bound of the arithmetic penalty still to come;
    /// what the beam ranks by.
    pub(super) rank: f64,
    /// ΣP and ΣA (up to the quarter) of the values read so far, added in
    /// slot order (the same sums, to the bit, as adding the slots up).
    pub(super) sum: [f64; 2],
    s: [Slot; 8],
    /// The token each slot reads (a value's own token: see [`Part::slots`]).
    pub(super) tok: [u8; 8],
    /// Lost programados not yet followed by a printed one.
    pub(super) lost_open: u8,
    /// Penalties already charged: 1 = ΣP over meta, 2 = ΣA over abs.
    pub(super) pen: u8,
    /// Values lost: 1 = a programado, 2 = an alcanzado up to the quarter.
    pub(super) lost: u8,
}

impl Part {
    pub(super) const START: Part = Part {
        cost: 0.0,
        rank: 0.0,
        sum: [0.0; 2],
        s: [Slot::UNSET; 8],
        tok: [NO_TOK; 8],
        lost_open: 0,
        pen: 0,
        lost: 0,
    };

    pub(super) fn same_state(&self, o: &Part) -> bool {
        self.lost_open == o.lost_open && self.s == o.s
    }

    /// The order beams rank states in: by rank, then by what the state is,
    /// so that ties never depend on the order states arrive in (see
    /// [`Search`]). Equal parts are the same in every respect: the sums,
    /// penalties and losses follow from the slots. (Big-endian words of
    /// bytes compare as the byte arrays do.)
    ///
    /// [`Search`]: super::search::Search
    pub(super) fn order(&self, o: &Part) -> Ordering {
        self.rank
            .total_cmp(&o.rank)
            .then(self.cost.total_cmp(&o.cost))
            .then_with(|| u64::from_be_bytes(self.tok).cmp(&u64::from_be_bytes(o.tok)))
            .then_with(|| self.key().cmp(&o.key()))
            .then(self.lost_open.cmp(&o.lost_open))
    }

    /// The state of every slot, the values read from `period`, the section
    /// the slots' tokens index.
    pub(super) fn slots(&self, period: &[Token]) -> [S; 8] {
        let mut out = [S::Unset; 8];
        for ((o, &slot), &t) in out.iter_mut().zip(&self.s).zip(&self.tok) {
            *o = match slot {
                Slot::UNSET => S::Unset,
                Slot::ZERO => S::Zero,
                Slot::LOST => S::Lost,
                Slot::AFTER => S::After,
                _ => period
                    .get(usize::from(t))
                    .and_then(|t| t.tok.value())
                    .map_or(S::Unset, S::Val),
            };
        }
        out
    }

    /// Sets slot `x` (unset so far) of a row reported up to quarter `q` to
    /// `st`, packed as `slot`.
    pub(super) fn set(&mut self, x: usize, st: S, slot: Slot, q: u8) {
        self.s[x] = slot;
        let a = x % 2 == 1;
        let counted = !a || x / 2 < usize::from(q);
        match st {
            S::Val(v) if counted => self.sum[usize::from(a)] += v,
            S::Lost if counted => self.lost |= 1 << u8::from(a),
            _ => {}
        }
    }

    /// The slots as one word: equal states (up to `lost_open`) have equal
    /// keys, and keys order states as their slots do.
    pub(super) fn key(&self) -> u64 {
        u64::from_be_bytes(self.s.map(|s| s.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_codes_order_states_as_their_values() {
        let cells = ["12", "3", "", "25%", "3", "0", "2.5", "1200", "7", "3"];
        let cells = cells.map(String::from);
        let (vars, _) = cells::variants(crate::resolve::realign::Cells::Owned(&cells));
        let period = &vars[0].tokens;
        let code = codes(period);
        for (i, a) in period.iter().enumerate() {
            for (j, b) in period.iter().enumerate() {
                if let (Tok::Num(x), Tok::Num(y)) = (a.tok, b.tok) {
                    assert_eq!(code[i].cmp(&code[j]), x.total_cmp(&y), "{x} {y}");
                }
            }
            assert!(Slot(code[i]) < Slot::UNSET);
        }
        assert!(Slot::UNSET < Slot::ZERO && Slot::ZERO < Slot::LOST && Slot::LOST < Slot::AFTER);
    }
}
