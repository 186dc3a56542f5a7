//! A small bounded cache for pure functions of a string.
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

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The hash map of the caches and tables keyed on input text: foldhash,
/// seeded at random per map (see the module's note).
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A bounded, thread-safe cache from strings to values (usable in a
/// `static`).
pub(crate) struct Memo<V> {
    map: OnceLock<Mutex<Map<Box<str>, V>>>,
    /// Entries kept before the cache starts over.
    max: usize,
    /// Longest key cached, in bytes; longer keys are computed every time.
    max_key: usize,
}

impl<V: Clone> Memo<V> {
    /// An empty cache of at most `max` entries with keys of at most
    /// `max_key` bytes.
    pub(crate) const fn new(max: usize, max_key: usize) -> Memo<V> {
        Memo {
            map: OnceLock::new(),
            max,
            max_key,
        }
    }

    /// The value for `key`: remembered, or computed by `f` and remembered.
    /// `f` must be a pure function of `key`.
    pub(crate) fn get_or(&self, key: &str, f: impl FnOnce() -> V) -> V {
        if key.len() > self.max_key {
            return f();
        }
        let map = self.map.get_or_init(Mutex::default);
        if let Some(v) = map.lock().ok().and_then(|m| m.get(key).cloned()) {
            return v;
        }
        let v = f();
        if let Ok(mut m) = map.lock() {
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
        assert!(memo.map.get().is_some_and(|m| m.lock().unwrap().len() <= 2));
        assert_eq!(memo.get_or("b", || 99), 99);
    }
}
