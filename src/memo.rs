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
}
