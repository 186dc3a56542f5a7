//! A complete alignment read as a candidate: the form's arithmetic, what
//! it deduces, and the messages.

use super::bound::eps;
use super::frame::Frame;
use super::moves::keeps_cells;
use super::state::{Part, NO_TOK, S};
use super::{cost, Cand, CellFix, Field, Vals, QUARTERS};
use crate::resolve::realign::cells::{self, Tok};

impl Frame<'_> {
    /// Applies the arithmetic to a complete alignment. Without `detail`,
    /// only the cost and the values (what the search ranks readings by);
    /// the rest of the candidate is left empty.
    pub(super) fn finish(&self, p: &Part, detail: bool) -> Option<Cand> {
        let (start, m) = self.period();
        let q = usize::from(self.ctx.q);
        let slots = p.slots(&self.tokens[start..start + m]);
        let mut cost = self.base + p.cost;
        let mut vals = Vals::default();
        let mut inferred: Vec<(Field, String)> = Vec::new();
        let mut split = None;
        let mut sum_bad = None;
        let mut abs_bad = None;
        let mut rel_bad = None;
        let meta = self.num(self.meta);
        let abs = self.num(self.tail.abs);
        let rel = self.num(self.tail.rel);

        // Programado.
        let mut known = 0.0;
        let mut last_nz = None;
        let mut lost: Vec<usize> = Vec::new();
        for k in 0..4 {
            match slots[2 * k] {
                S::Val(v) => {
                    known += v;
                    vals.p[k] = Some(v);
                    if v > 0.0 {
                        last_nz = Some(k);
                    }
                }
                S::Lost => lost.push(k),
                _ => vals.p[k] = Some(0.0),
            }
        }
        // A value lost in the trailing run of empty programados could sit in
        // any of them (a printed `0` is legible, not empty): the whole run
        // is undetermined.
        let run = last_nz.map_or(0, |k| k + 1);
        let legible_zero = |k: usize| {
            let t = p.tok[2 * k];
            t != NO_TOK
                && self
                    .tokens
                    .get(start + usize::from(t))
                    .is_some_and(|t| t.tok == Tok::Num(0.0))
        };
        if lost.iter().any(|&k| k >= run) {
            // Counted, then walked: no list.
            let open = (run..4).filter(|&k| !legible_zero(k));
            if open.clone().count() >= 2 {
                for k in open {
                    if !lost.contains(&k) {
                        lost.push(k);
                    }
                }
                lost.sort_unstable();
            }
        }
        let mut meta_v = meta;
        match (meta, lost.len()) {
            (Some(mv), 0) => {
                if p.pen & 1 == 0 && (known - mv).abs() > eps(mv) {
                    cost += cost::SUM_BAD;
                }
                if (known - mv).abs() > eps(mv) {
                    sum_bad = Some((known, mv));
                }
            }
            (Some(mv), n) => {
                let d = mv - known;
                if d <= eps(mv) {
                    return None; // a lost value of zero is a legible empty
                }
                if n == 1 {
                    let k = lost[0];
                    vals.p[k] = Some(d);
                    if detail {
                        inferred.push((
                            Field::P(k as u8),
                            format!(
                                "El programado de {} no aparece en el texto; se dedujo de la meta anual: {} − {} = {}.",
                                QUARTERS[k],
                                cells::format_number(mv),
                                cells::format_number(known),
                                cells::format_number(d)
                            ),
                        ));
                    }
                } else {
                    for &k in &lost {
                        vals.p[k] = None;
                    }
                    let fields: Vec<Field> = lost.iter().map(|&k| Field::P(k as u8)).collect();
                    split = Some((fields, d));
                }
            }
            (None, 0) => {
                meta_v = Some(known);
                cost += cost::INFER_META;
                if detail {
                    inferred.push((
                        Field::Meta,
                        format!(
                            "La meta anual no aparece en el texto; se dedujo como la suma de lo programado ({}).",
                            cells::format_number(known)
                        ),
                    ));
                }
            }
            (None, _) => {
                for &k in &lost {
                    vals.p[k] = None;
                }
            }
        }
        vals.meta = meta_v;

        // Alcanzado up to the quarter.
        let mut known_a = 0.0;
        let mut lost_a: Vec<usize> = Vec::new();
        for k in 0..q.min(4) {
            match slots[2 * k + 1] {
                S::Val(v) => {
                    known_a += v;
                    vals.a[k] = Some(v);
                }
                S::Lost => lost_a.push(k),
                _ => vals.a[k] = Some(0.0),
            }
        }
        let mut abs_v = abs;
        match (abs, lost_a.len()) {
            (Some(av), 0) => {
                if p.pen & 2 == 0 && (known_a - av).abs() > eps(av) {
                    cost += cost::ABS_BAD;
                }
                if (known_a - av).abs() > eps(av) {
                    abs_bad = Some((known_a, av));
                }
            }
            (Some(av), n) => {
                let d = av - known_a;
                if d <= eps(av) {
                    return None;
                }
                if n == 1 {
                    let k = lost_a[0];
                    vals.a[k] = Some(d);
                    if detail {
                        inferred.push((
                            Field::A(k as u8),
                            format!(
                                "El alcanzado de {} no aparece en el texto; se dedujo del avance absoluto: {} − {} = {}.",
                                QUARTERS[k],
                                cells::format_number(av),
                                cells::format_number(known_a),
                                cells::format_number(d)
                            ),
                        ));
                    }
                } else {
                    for &k in &lost_a {
                        vals.a[k] = None;
                    }
                }
            }
            (None, 0) => {
                abs_v = Some(known_a);
                cost += cost::INFER_ABS;
                if detail {
                    inferred.push((
                        Field::Abs,
                        format!(
                            "El avance absoluto no aparece en el texto; se dedujo como la suma de lo alcanzado ({}).",
                            cells::format_number(known_a)
                        ),
                    ));
                }
            }
            (None, _) => {
                for &k in &lost_a {
                    vals.a[k] = None;
                }
            }
        }
        vals.abs = abs_v;

        // Relative advance.
        vals.rel = rel;
        if let (Some(av), Some(mv)) = (abs_v, meta_v) {
            if mv > 0.0 {
                let expected = 100.0 * av / mv;
                match rel {
                    Some(r) => {
                        let d = (r - expected).abs();
                        if d <= 0.5 + 1e-9 {
                        } else if d <= 1.0 + 1e-9 {
                            cost += cost::REL_LOOSE;
                        } else {
                            cost += cost::REL_BAD;
                            rel_bad = Some((r, expected));
                        }
                    }
                    None => {
                        let r = expected.round();
                        vals.rel = Some(r);
                        cost += cost::INFER_REL;
                        if detail {
                            inferred.push((
                                Field::Rel,
                                format!(
                                    "El avance relativo no aparece en el texto; se dedujo: 100 × {} / {} ≈ {}%.",
                                    cells::format_number(av),
                                    cells::format_number(mv),
                                    cells::format_number(r)
                                ),
                            ));
                        }
                    }
                }
            }
        }

        // Values thrown away cost only beside a value lost, and the rest is
        // what the messages say: a reading without either is complete.
        let any_lost = slots.contains(&S::Lost);
        if !detail && !any_lost {
            return Some(Cand::bare(cost, vals));
        }

        // Leftovers that copy nothing in the row.
        let mut used = [false; cells::MAX_TOKENS];
        for &t in &p.tok {
            if t != NO_TOK {
                if let Some(u) = used.get_mut(usize::from(t)) {
                    *u = true;
                }
            }
        }
        let mut leftovers = Vec::new();
        let period_idx = (0..m)
            .filter(|&i| detail && !used.get(i).copied().unwrap_or(true))
            .map(|i| start + i);
        for j in period_idx.chain(self.tail.after.clone().filter(|_| detail)) {
            if let Some(t) = self.tokens.get(j) {
                if t.tok != Tok::Empty && !self.copy.get(j).copied().unwrap_or(false) {
                    leftovers.push(t.text.to_string());
                }
            }
        }

        // Values thrown away in the period section: novel ones anywhere,
        // copies before the last slot read, values printed in a
        // not-yet-reached alcanzado column.
        let last_used = p
            .tok
            .iter()
            .filter(|&&t| t != NO_TOK)
            .map(|&t| usize::from(t))
            .max();
        let mut discarded = (false, false); // (copy, novel)
                                            // (A percent sign is never a quarter's value: throwing one away says
                                            // nothing about a lost one.)
        let mut note = |j: usize| {
            if self
                .tokens
                .get(j)
                .is_some_and(|t| matches!(t.tok, Tok::Num(v) if v != 0.0))
            {
                if self.copy.get(j).copied().unwrap_or(false) {
                    discarded.0 = true;
                } else {
                    discarded.1 = true;
                }
            }
        };
        for i in (0..m).filter(|&i| !used.get(i).copied().unwrap_or(true)) {
            // Copies after the last slot are echo columns, not discards.
            if last_used.is_some_and(|l| i < l)
                || !self.copy.get(start + i).copied().unwrap_or(false)
            {
                note(start + i);
            }
        }
        // After-quarter alcanzado columns and programados read as stray.
        for s in (0..8).filter(|s| matches!(slots[*s], S::After | S::Zero) && p.tok[*s] != NO_TOK) {
            note(start + usize::from(p.tok[s]));
        }
        if any_lost {
            if discarded.1 {
                cost += cost::LOST_AND_DISCARDED;
            } else if discarded.0 {
                cost += cost::LOST_AND_DISCARDED_COPY;
            }
        }
        if !detail {
            return Some(Cand::bare(cost, vals));
        }

        // Format fixes of the tokens that gave a value.
        let mut fixes = Vec::new();
        let mut fix = |f: Field, j: Option<usize>, motivo: &str| {
            if let Some(t) = j.filter(|_| detail).and_then(|j| self.tokens.get(j)) {
                if let Some(c) = t.canon() {
                    fixes.push((
                        f,
                        CellFix {
                            campo: f.path(),
                            original: t.text.to_string(),
                            corregido: c,
                            motivo: motivo.to_string(),
                        },
                    ));
                }
            }
        };
        let meta_motivo = match self.meta.and_then(|j| self.tokens.get(j)) {
            Some(t) if t.cell == usize::MAX => {
                "celda desplazada (la meta anual estaba en la unidad de medida)"
            }
            _ => "formato numérico",
        };
        fix(Field::Meta, self.meta, meta_motivo);
        for s in 0..8 {
            let k = (s / 2) as u8;
            let f = if s % 2 == 0 { Field::P(k) } else { Field::A(k) };
            if p.tok[s] != NO_TOK && vals.get(f).is_some() {
                fix(f, Some(start + usize::from(p.tok[s])), "formato numérico");
            }
        }
        fix(Field::Abs, self.tail.abs, "formato numérico");
        fix(Field::Rel, self.tail.rel, "formato numérico");

        let grid = self.ctx.grid.max(8);
        let kmode = keeps_cells(&self.tokens[start..start + m], grid);
        let offgrid = (0..8)
            .filter(|&s| kmode && matches!(slots[s], S::Val(v) if v != 0.0) && p.tok[s] != NO_TOK)
            .filter(|&s| usize::from(p.tok[s]) >= grid)
            .map(|s| {
                if s % 2 == 0 {
                    Field::P((s / 2) as u8)
                } else {
                    Field::A((s / 2) as u8)
                }
            })
            .collect();
        let lost_p = match inferred.iter().find(|(f, _)| matches!(f, Field::P(_))) {
            Some((Field::P(k), _)) => Some(usize::from(*k)),
            _ => None,
        };
        Some(Cand {
            cost,
            vals,
            inferred,
            split,
            sum_bad,
            abs_bad,
            rel_bad,
            leftovers,
            fixes,
            offgrid,
            lost_p,
        })
    }
}
