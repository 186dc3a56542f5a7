//! A small open-addressing map from entry id to accumulated score.
//!
//! A look-up touches a bounded number of postings, so a table sized for that
//! bound never grows and never needs a general-purpose hasher.

const EMPTY: u32 = u32::MAX;

/// Scores per entry id, for at most the capacity given to [`Accumulator::new`].
#[derive(Debug)]
pub(super) struct Accumulator {
    ids: Vec<u32>,
    scores: Vec<f32>,
    mask: usize,
    /// Slots in use, in order of first use.
    used: Vec<u32>,
}

impl Accumulator {
    /// A map that holds up to `cap` distinct ids.
    pub(super) fn new(cap: usize) -> Accumulator {
        // Load factor at most one half keeps probe sequences short.
        let size = (cap.max(8) * 2).next_power_of_two();
        Accumulator {
            ids: vec![EMPTY; size],
            scores: vec![0.0; size],
            mask: size - 1,
            used: Vec::with_capacity(cap),
        }
    }

    /// Adds `w` to the score of `id`; ignores new ids once full.
    pub(super) fn add(&mut self, id: u32, w: f32) {
        // Fibonacci hashing spreads consecutive ids.
        let mut i = (id.wrapping_mul(0x9E37_79B9) as usize) & self.mask;
        loop {
            let slot = self.ids[i];
            if slot == id {
                self.scores[i] += w;
                return;
            }
            if slot == EMPTY {
                if self.used.len() * 2 >= self.ids.len() {
                    return;
                }
                self.ids[i] = id;
                self.scores[i] = w;
                self.used.push(i as u32);
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Every (id, score) pair, in order of first addition.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.used
            .iter()
            .filter_map(|&i| Some((*self.ids.get(i as usize)?, *self.scores.get(i as usize)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_bounds() {
        let mut a = Accumulator::new(10);
        for id in 0..100 {
            a.add(id % 10, 1.0);
        }
        let mut v: Vec<(u32, f32)> = a.iter().collect();
        v.sort_by_key(|p| p.0);
        assert_eq!(v.len(), 10);
        assert!(v.iter().all(|&(_, s)| s == 10.0));
        let mut b = Accumulator::new(1);
        for id in 0..1000 {
            b.add(id, 1.0);
        }
        assert!(b.iter().count() <= 8);
    }
}
