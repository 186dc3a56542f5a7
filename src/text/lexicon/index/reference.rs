//! The search as it was first written (a plain bounded trie walk), kept as
//! the reference the faster [`super::Nearest`] must agree with.

use super::super::alpha::{
    indel_cost, is_merge_target, merge_cost, same_start, slot, table, BLOCK2, N, TRANSPOSE,
};
use super::{Entry, Hit, Index, Paradigm, MAX_LEN};

/// Appends to `out` every form within `bound` of the folded query `q`
/// under the OCR-aware edit cost (a form may appear more than once).
///
/// The first letter is trusted: only forms that begin with it or with a
/// look-alike are considered. OCR seldom garbles the first letter of a
/// word alone, and the anchor makes the search an order of magnitude
/// cheaper.
pub(super) fn search(ix: &Index, q: &[u8], bound: f32, out: &mut Vec<Hit>) {
    if q.is_empty() || q.len() > MAX_LEN {
        return;
    }
    let mut dp = Dp::new(q, bound);
    let mut i = 0;
    while let Some(e) = ix.entries.get(i) {
        let stem = ix.fstem(e);
        let shared = stem
            .iter()
            .zip(&dp.path)
            .take_while(|(a, b)| a == b)
            .count();
        dp.truncate(shared);
        let alive = stem[shared..].iter().all(|&c| dp.push(c));
        if !alive {
            // No form under this prefix can come within the bound.
            let prefix = &stem[..dp.depth().min(stem.len())];
            i += ix.entries[i..]
                .partition_point(|x| ix.fstem(x).starts_with(prefix))
                .max(1);
            continue;
        }
        if let Some(p) = ix.paradigms.get(e.para as usize) {
            if dp.reachable(p.max_len) {
                walk(ix, e, p, 0, &mut dp, out);
            }
        }
        i += 1;
    }
}

fn walk(ix: &Index, e: &Entry, p: &Paradigm, node: usize, dp: &mut Dp, out: &mut Vec<Hit>) {
    let Some(n) = p.nodes.get(node) else { return };
    if !n.ends.is_empty() {
        let cost = dp.cost();
        if cost <= dp.bound {
            for &k in &n.ends {
                if let Some(end) = p.endings.get(k as usize) {
                    out.push(Hit {
                        cost,
                        form: format!("{}{}", ix.ostem(e), end.orig),
                    });
                }
            }
        }
    }
    let depth = dp.depth();
    for &(b, .., c) in &n.children {
        if dp.push(b) {
            walk(ix, e, p, c as usize, dp, out);
        }
        dp.truncate(depth);
    }
}

/// Rows of the weighted edit distance between the query and the dictionary
/// path walked so far: `row(d)[j]` is the cost of the first `d` path letters
/// against the first `j` query letters.
struct Dp<'q> {
    q: &'q [u8],
    /// `slots[j]`: the table index of query letter `j + 1`.
    slots: Vec<usize>,
    /// `merges[j]`: whether query letter `j + 1` may stand for two letters.
    merges: Vec<bool>,
    width: usize,
    rows: Vec<f32>,
    mins: Vec<f32>,
    path: Vec<u8>,
    /// `extra[j]`: cost of query letter `j` (1-based) having no counterpart.
    extra: Vec<f32>,
    bound: f32,
    table: &'static [[f32; N]; N],
}

/// The least a query letter can cost when the path has no letter left for
/// it: a doubled letter (0.5) or half of a merged pair (0.4).
const MIN_STEP: f32 = 0.4;

/// Deepest path: the longest stem plus the longest ending, bounded.
const MAX_DEPTH: usize = MAX_LEN + 8;

impl<'q> Dp<'q> {
    fn new(q: &'q [u8], bound: f32) -> Dp<'q> {
        let width = q.len() + 1;
        let mut extra = vec![0.0; width];
        for j in 1..width {
            let doubled = (j >= 2 && q[j - 2] == q[j - 1]) || q.get(j) == Some(&q[j - 1]);
            extra[j] = indel_cost(doubled);
        }
        let mut rows = vec![0.0; width * (MAX_DEPTH + 1)];
        for j in 1..width {
            rows[j] = rows[j - 1] + extra[j];
        }
        let mut mins = vec![f32::INFINITY; MAX_DEPTH + 1];
        mins[0] = 0.0;
        Dp {
            q,
            slots: q.iter().map(|&b| slot(b)).collect(),
            merges: q.iter().map(|&b| is_merge_target(b)).collect(),
            width,
            rows,
            mins,
            path: Vec::with_capacity(MAX_DEPTH),
            extra,
            bound,
            table: table(),
        }
    }

    fn depth(&self) -> usize {
        self.path.len()
    }

    fn truncate(&mut self, depth: usize) {
        self.path.truncate(depth);
    }

    /// Cost of the whole path against the whole query.
    fn cost(&self) -> f32 {
        self.rows[self.depth() * self.width + self.width - 1]
    }

    /// Whether appending at most `len` more letters can bring the path
    /// within the bound: the query letters past the path's reach cost at
    /// least [`MIN_STEP`] each.
    fn reachable(&self, len: usize) -> bool {
        let row = &self.rows[self.depth() * self.width..(self.depth() + 1) * self.width];
        let m = self.width - 1;
        row.iter()
            .enumerate()
            .any(|(j, &v)| v + m.saturating_sub(j + len) as f32 * MIN_STEP <= self.bound)
    }

    /// Extends the path by `c`; `false` when nothing below can come within
    /// the bound (the letter stays pushed; the caller truncates).
    fn push(&mut self, c: u8) -> bool {
        let d = self.path.len() + 1;
        if d > MAX_DEPTH {
            return false;
        }
        let pc = self.path.last().copied();
        self.path.push(c);
        if d == 1 && !self.q.first().is_some_and(|&q0| same_start(c, q0)) {
            self.mins[d] = f32::INFINITY;
            return false;
        }
        let w = self.width;
        let (before, rest) = self.rows.split_at_mut(d * w);
        let prev = &before[(d - 1) * w..];
        let prev2 = if d >= 2 {
            Some(&before[(d - 2) * w..(d - 1) * w])
        } else {
            None
        };
        let cur = &mut rest[..w];
        let q = self.q;
        let subs = &self.table[slot(c)];
        let c_merges = is_merge_target(c);
        let missing = indel_cost(pc == Some(c));
        cur[0] = prev[0] + missing;
        if let Some(p2) = prev2 {
            cur[0] = cur[0].min(p2[0] + BLOCK2);
        }
        let mut min = cur[0];
        // Cells farther than the band from the diagonal cost more than the
        // bound (each letter of length difference costs MIN_STEP at least).
        let band = ((self.bound / MIN_STEP) as usize).saturating_add(1);
        let lo = d.saturating_sub(band).clamp(1, w);
        let hi = d.saturating_add(band).min(w - 1);
        if lo > 1 {
            cur[..lo].fill(f32::INFINITY);
            min = f32::INFINITY;
        }
        for j in lo..=hi {
            let qj = q[j - 1];
            let mut v = if c == qj {
                prev[j - 1]
            } else {
                prev[j - 1] + subs[self.slots[j - 1]]
            };
            v = v.min(prev[j] + missing);
            v = v.min(cur[j - 1] + self.extra[j]);
            if j >= 2 {
                let qi = q[j - 2];
                // The query reads two letters for the path's one (`rn` for `m`).
                if c_merges {
                    if let Some(m) = merge_cost(qi, qj, c) {
                        v = v.min(prev[j - 2] + m);
                    }
                }
                if let (Some(p2), Some(pc)) = (prev2, pc) {
                    if c == qi && pc == qj && c != pc {
                        v = v.min(p2[j - 2] + TRANSPOSE);
                    }
                }
            }
            if let (Some(p2), Some(pc)) = (prev2, pc) {
                // Two adjacent letters the query dropped.
                v = v.min(p2[j] + BLOCK2);
                // The query reads one letter for the path's two (`m` for `rn`).
                if self.merges[j - 1] {
                    if let Some(m) = merge_cost(pc, c, qj) {
                        v = v.min(p2[j - 1] + m);
                    }
                }
            }
            cur[j] = v;
            min = min.min(v);
        }
        if hi + 1 < w {
            cur[hi + 1..].fill(f32::INFINITY);
        }
        self.mins[d] = min;
        // A later row derives from this one or the one before.
        !(min > self.bound && self.mins[d - 1] > self.bound)
    }
}
