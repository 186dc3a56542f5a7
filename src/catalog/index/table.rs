//! The index's keys, as a hash table laid out for few cache misses: key
//! hashes sorted, each next to the start of its posting list, with a radix
//! directory on the top bits. Finding a key's list costs one directory read
//! and a search among a handful of neighbours (in one or two cache lines),
//! where a binary search over 10⁵ names' keys costs a dozen misses.

/// A bijective mix (the SplitMix64 finalizer): distinct keys keep distinct
/// hashes, and structured keys (packed trigrams) spread evenly.
fn mix(key: u64) -> u64 {
    let mut z = key;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Keys with a count each, mapped to consecutive ranges of a posting array.
#[derive(Clone, Debug, Default)]
pub(super) struct KeyTable {
    /// (hash, start of its range), sorted, then a sentinel `(u64::MAX, total)`.
    slots: Vec<(u64, u32)>,
    /// `dir[b]..dir[b + 1]`: the slots whose hashes' top bits are `b`.
    dir: Vec<u32>,
    shift: u32,
}

impl KeyTable {
    /// The table of `keys` (distinct) with `count` postings each, and for
    /// each slot its key; the ranges are laid out in slot order.
    pub(super) fn new(keys: impl IntoIterator<Item = (u64, u32)>) -> (KeyTable, Vec<u64>) {
        let mut pairs: Vec<(u64, u64, u32)> =
            keys.into_iter().map(|(k, c)| (mix(k), k, c)).collect();
        pairs.sort_unstable();
        // About two keys per directory entry.
        let bits = (usize::BITS - (pairs.len() / 2).leading_zeros()).clamp(1, 32);
        let shift = 64 - bits;
        let mut dir = Vec::with_capacity((1 << bits) + 1);
        let mut at = 0;
        for b in 0..=(1u64 << bits) {
            while at < pairs.len() && pairs[at].0 >> shift < b {
                at += 1;
            }
            dir.push(at as u32);
        }
        let mut slots = Vec::with_capacity(pairs.len() + 1);
        let mut keys = Vec::with_capacity(pairs.len());
        let mut total = 0u32;
        for (h, k, c) in pairs {
            slots.push((h, total));
            keys.push(k);
            total = total.saturating_add(c);
        }
        slots.push((u64::MAX, total));
        (KeyTable { slots, dir, shift }, keys)
    }

    /// The slot of `key`, if it is in the table.
    pub(super) fn slot(&self, key: u64) -> Option<usize> {
        let h = mix(key);
        let b = usize::try_from(h >> self.shift).ok()?;
        let (start, end) = (*self.dir.get(b)? as usize, *self.dir.get(b + 1)? as usize);
        let run = self.slots.get(start..end)?;
        run.binary_search_by_key(&h, |s| s.0)
            .ok()
            .map(|i| start + i)
    }

    /// The posting range of `key`, if it is in the table.
    pub(super) fn range(&self, key: u64) -> Option<(usize, usize)> {
        let i = self.slot(key)?;
        Some((self.start(i)?, self.start(i + 1)?))
    }

    /// Where slot `i`'s range starts (the total, for the sentinel).
    pub(super) fn start(&self, i: usize) -> Option<usize> {
        self.slots.get(i).map(|s| s.1 as usize)
    }

    /// Number of keys.
    pub(super) fn len(&self) -> usize {
        self.slots.len().saturating_sub(1)
    }

    #[cfg(test)]
    pub(super) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<(u64, u32)>() + self.dir.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_key_and_no_other() {
        for n in [0u64, 1, 2, 3, 100, 5000] {
            let (t, keys) = KeyTable::new((0..n).map(|k| (k * 7, 2)));
            assert_eq!(t.len(), n as usize);
            for k in 0..n {
                let slot = t.slot(k * 7);
                assert_eq!(slot.map(|i| keys[i]), Some(k * 7));
                let (a, b) = t.range(k * 7).unwrap_or_default();
                assert_eq!(b - a, 2);
                assert_eq!(t.slot(k * 7 + 1), None);
            }
            assert_eq!(t.start(t.len()), Some(2 * n as usize));
        }
        assert_eq!(KeyTable::default().slot(3), None);
    }
}
