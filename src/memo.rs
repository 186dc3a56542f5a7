//! A small bounded cache for pure functions of a string, one per thread.
//!
//! Several stages classify or correct the same strings again and again: the
//! title block and the header labels are printed on every page, a report's
//! vocabulary recurs in every row, and documents of one municipality share
//! most of their lines. A [`Memo`] remembers results keyed by the input
//! string; it is only used for functions whose result depends on nothing
//! else, so it never changes an output. It forgets everything when full,
//! which bounds its memory whatever the input.
//!
//! Keys are hashed with foldhash, randomly seeded per map ([`Map`]): SipHash
//! was a visible share of every page's work, and a random seed still keeps
//! crafted inputs from being chosen to collide.

use std::cell::RefCell;
use std::collections::HashMap;

/// The hash map of the caches and tables keyed on input text: foldhash,
/// seeded at random per map (see the module's note).
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A bounded cache from strings to values, one per thread (declare it with
/// `thread_local!`). Per thread rather than shared behind a lock: a look-up
/// runs on nearly every line, and the lock's two atomic operations cost
/// more than the hash and the probe; threads never wait on each other.
pub(crate) struct Memo<V> {
    map: RefCell<Map<Box<str>, V>>,
    /// Entries kept before the cache starts over.
    max: usize,
    /// Longest key cached, in bytes; longer keys are computed every time.
    max_key: usize,
}

impl<V: Clone> Memo<V> {
    /// An empty cache of at most `max` entries with keys of at most
    /// `max_key` bytes.
    pub(crate) fn new(max: usize, max_key: usize) -> Memo<V> {
        Memo {
            map: RefCell::default(),
            max,
            max_key,
        }
    }

    /// The value for `key`: remembered, or computed by `f` and remembered.
    /// `f` must be a pure function of `key`. (No borrow of the map is held
    /// while `f` runs, so `f` may use the cache too.)
    pub(crate) fn get_or(&self, key: &str, f: impl FnOnce() -> V) -> V {
        if key.len() > self.max_key {
            return f();
        }
        if let Some(v) = self.map.try_borrow().ok().and_then(|m| m.get(key).cloned()) {
            return v;
        }
        let v = f();
        if let Ok(mut m) = self.map.try_borrow_mut() {
            if m.len() >= self.max {
                m.clear();
            }
            m.insert(key.into(), v.clone());
        }
        v
    }
}

/// A [`Memo`] for short keys packed into a number (or a pair), held in
/// place rather than as a boxed string: no allocation per entry, no UTF-8
/// check to make a string from bytes, and a hash and a comparison of a word
/// or two rather than of a string. The caller packs each question into a
/// key so that different questions never share one (with [`pack`]).
pub(crate) struct ShortMemo<K, V> {
    map: RefCell<Map<K, V>>,
    /// Entries kept before the cache starts over.
    max: usize,
}

impl<K: std::hash::Hash + Eq + Copy, V: Clone> ShortMemo<K, V> {
    /// An empty cache of at most `max` entries.
    pub(crate) fn new(max: usize) -> ShortMemo<K, V> {
        ShortMemo {
            map: RefCell::default(),
            max,
        }
    }

    /// The value for `key`: remembered, or computed by `f` and remembered.
    /// `f` must be a pure function of the question `key` stands for. (No
    /// borrow of the map is held while `f` runs.)
    pub(crate) fn get_or(&self, key: K, f: impl FnOnce() -> V) -> V {
        if let Some(v) = self
            .map
            .try_borrow()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return v;
        }
        let v = f();
        if let Ok(mut m) = self.map.try_borrow_mut() {
            if m.len() >= self.max {
                m.clear();
            }
            m.insert(key, v.clone());
        }
        v
    }
}

/// Up to 15 bytes and their count, packed into one number: the bytes in
/// the low 15 bytes (little-endian), the count in the top byte. Two byte
/// strings pack alike only when they are equal (the count tells where each
/// ends, and a string's bytes are stored whole); `None` for a longer one.
pub(crate) fn pack(bytes: &[u8]) -> Option<u128> {
    if bytes.len() > 15 {
        return None;
    }
    let mut b = [0u8; 16];
    b.get_mut(..bytes.len())?.copy_from_slice(bytes);
    b[15] = bytes.len() as u8;
    Some(u128::from_le_bytes(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_and_stays_bounded() {
        let memo: Memo<usize> = Memo::new(2, 8);
        let mut calls = 0;
        for k in ["a", "b", "a", "c", "a", "long key!"] {
            memo.get_or(k, || {
                calls += 1;
                k.len()
            });
        }
        // `a` is computed again after the cache was cleared at `c`; the long
        // key is never stored.
        assert_eq!(calls, 5);
        assert!(memo.map.borrow().len() <= 2);
        assert_eq!(memo.get_or("b", || 99), 99);
    }

    #[test]
    fn short_memo_remembers_and_stays_bounded() {
        let memo: ShortMemo<u128, usize> = ShortMemo::new(2);
        let mut calls = 0;
        for k in ["a", "b", "a", "c", "a"] {
            memo.get_or(pack(k.as_bytes()).unwrap(), || {
                calls += 1;
                k.len()
            });
        }
        assert_eq!(calls, 4);
        assert!(memo.map.borrow().len() <= 2);
        assert_eq!(memo.get_or(pack(b"a").unwrap(), || 99), 1);
    }

    /// Packing tells every pair of different strings apart, the empty one,
    /// trailing zero bytes and the longest included, and turns down
    /// longer ones.
    #[test]
    fn pack_is_one_to_one() {
        let strings: Vec<Vec<u8>> = [
            &b""[..],
            b"\0",
            b"\0\0",
            b"A",
            b"A\0",
            b"\0A",
            b"AB",
            b"BA",
            b"ABCDEFGHIJKLMNO",
            b"ABCDEFGHIJKLMN",
            b"ABCDEFGHIJKLMN\0",
            b"\x0f",
            b"\xff",
        ]
        .iter()
        .map(|s| s.to_vec())
        .collect();
        for a in &strings {
            for b in &strings {
                assert_eq!(pack(a) == pack(b), a == b, "{a:?} {b:?}");
            }
            assert!(pack(a).is_some());
        }
        assert_eq!(pack(b"ABCDEFGHIJKLMNOP"), None);
    }
}
