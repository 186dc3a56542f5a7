//! The umbrella row: the first action of a report is often, quarter by
//! quarter, the sum of the actions under it (payroll rows aside).
//!
//! Where a row's text admits several readings, a run of rows whose sum is
//! the umbrella row for exactly one choice of readings settles it. The sum
//! is only trusted where it holds exactly, on every field, for the
//! unambiguous rows of the run: the run is a contiguous block of detail rows
//! (other rows of the report may not belong to the umbrella), and a choice
//! is taken only when it is the single one that fits.

use super::decide::Decision;
use std::sync::Arc;

use super::solve::{Field, Solution, Vals};
use super::Row;
use crate::text::{base_letter, fold};

/// A reading chosen for a row by the umbrella sum.
#[derive(Clone, Debug)]
pub(crate) struct Pin {
    /// Index of the chosen candidate in the row's solution.
    pub(crate) cand: usize,
    /// How the umbrella row and the run's ends are named in messages.
    pub(crate) umbrella: String,
    pub(crate) first: String,
    pub(crate) last: String,
}

/// Most readings of one ambiguous row tried.
const MAX_OPTIONS: usize = 4;
/// Most ambiguous rows in one run.
const MAX_AMBIGUOUS: usize = 6;
/// Most combinations tried for a whole table.
const BUDGET: usize = 200_000;

/// Whether a row is a payroll row, which umbrella rows do not include.
pub(crate) fn is_payroll(row: &Row<'_>) -> bool {
    row.unidad_medida
        .is_some_and(|u| folds_to_contain(u, "NOMINA", "NOMINA"))
        || folds_to_contain(row.descripcion, "SERVICIOS PERSONALES", "PERSONALES")
}

/// Whether `fold(s)` contains `needle`, where `word` is one of the
/// needle's words.
///
/// Most texts lack the word, and folding them only to learn that is the
/// cost of the check (see [`may_spell`]).
fn folds_to_contain(s: &str, needle: &str, word: &str) -> bool {
    may_spell(s, word) && fold(s).contains(needle)
}

/// Whether `fold(s)` may contain `word` (ASCII letters): false only when it
/// cannot.
///
/// [`fold`] maps an ASCII character, or a Latin-1 letter of its table
/// ([`latin_base`]), to one upper-cased ASCII letter or digit, or to a
/// separator; a text made of such characters folds to the runs of their
/// letters and digits, one space apart. A word inside the folded text is
/// then a run of the text's characters that spell it, whatever their case
/// and accents. Only a character outside the table (folded by its
/// decomposition) leaves the question open.
fn may_spell(s: &str, word: &str) -> bool {
    let Some((&first, rest)) = word.as_bytes().split_first() else {
        return true;
    };
    let spells = |c: Option<char>, w: u8| {
        c.and_then(latin_base)
            .is_some_and(|b| b.eq_ignore_ascii_case(&w))
    };
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if latin_base(c).is_none() {
            return true;
        }
        if spells(Some(c), first) {
            let mut next = chars.clone();
            if rest.iter().all(|&w| spells(next.next(), w)) {
                return true;
            }
        }
    }
    false
}

/// The ASCII character [`fold`] folds an ASCII character or a Latin-1
/// letter to before upper-casing (`fold`'s own table); `None` for
/// characters it folds by their decomposition.
fn latin_base(c: char) -> Option<u8> {
    base_letter(c).and_then(|b| u8::try_from(b).ok())
}

fn label(row: &Row<'_>) -> String {
    row.numero
        .map_or_else(|| format!("de la línea {}", row.linea), |n| n.to_string())
}

/// Most fields summed: META, four P and four A, ABS (REL is not a sum).
const MAX_SUMMED: usize = 10;

/// A reading's summed fields, in the order of `pins`'s `fields`; the
/// entries past them stay 0, so that two readings compare as their fields
/// do, and no row's values cost an allocation.
type Sums = [f64; MAX_SUMMED];

/// The values of `fields` in `vals`, when every one is known.
fn sums(fields: &[Field], vals: &Vals) -> Option<Sums> {
    let mut out = [0.0; MAX_SUMMED];
    for (o, &f) in out.iter_mut().zip(fields) {
        *o = vals.get(f)?;
    }
    Some(out)
}

enum Opt {
    Fixed(Sums),
    Choice(Vec<(usize, Sums)>),
    Unusable,
}

fn eps(x: f64) -> f64 {
    1e-6 * x.abs().max(1.0)
}

/// The readings the umbrella sum settles, one entry per row.
pub(crate) fn pins(
    rows: &[Row<'_>],
    sols: &[Arc<Solution>],
    decs: &[Decision],
    q: u8,
) -> Vec<Option<Pin>> {
    let n = rows.len().min(sols.len()).min(decs.len());
    let out: Vec<Option<Pin>> = vec![None; rows.len()];
    if n < 3 || is_payroll(&rows[0]) {
        return out;
    }
    let fields: Vec<Field> = Field::all(q).filter(|f| *f != Field::Rel).collect();
    let umb = &decs[0];
    if !umb.ambiguous.is_empty()
        || sols[0]
            .cands
            .first()
            .is_none_or(|c| c.inconsistent() || c.split.is_some())
    {
        return out;
    }
    let Some(target) = sums(&fields, &umb.vals) else {
        return out;
    };
    let mut opts: Vec<Opt> = (0..n)
        .map(|i| {
            if i == 0 {
                return Opt::Unusable;
            }
            let d = &decs[i];
            if d.ambiguous.is_empty() {
                return match sums(&fields, &d.vals) {
                    Some(v) => Opt::Fixed(v),
                    None => Opt::Unusable,
                };
            }
            let mut ch: Vec<(usize, Sums)> = Vec::new();
            for &c in &d.near {
                let Some(cand) = sols[i].cands.get(c) else {
                    continue;
                };
                if let Some(v) = sums(&fields, &cand.vals) {
                    if !ch.iter().any(|(_, w)| *w == v) {
                        ch.push((c, v));
                    }
                }
            }
            if ch.len() < 2 || ch.len() > MAX_OPTIONS {
                Opt::Unusable
            } else {
                Opt::Choice(ch)
            }
        })
        .collect();
    // Only a row with a choice of readings can be pinned: without one, no
    // run below has a choice to settle, and the payroll rows (which only
    // leave the runs) need not be looked for.
    if !opts.iter().any(|o| matches!(o, Opt::Choice(_))) {
        return out;
    }
    // Worked out once per row: the runs below look at each row many times.
    let payroll: Vec<bool> = rows[..n]
        .iter()
        .enumerate()
        .map(|(i, r)| i > 0 && is_payroll(r))
        .collect();
    for (o, &p) in opts.iter_mut().zip(&payroll) {
        if p {
            *o = Opt::Unusable;
        }
    }
    let detail: Vec<usize> = (1..n).filter(|&i| !payroll[i]).collect();
    // row -> (candidate, run ends); a row pinned two ways is left alone.
    let mut found: Vec<Option<(usize, usize, usize)>> = vec![None; n];
    let mut conflict = vec![false; n];
    let mut budget = BUDGET;
    for a in 0..detail.len() {
        let mut fixed: Sums = [0.0; MAX_SUMMED];
        let mut amb: Vec<usize> = Vec::new();
        for (b, &i) in detail.iter().enumerate().skip(a) {
            match &opts[i] {
                Opt::Unusable => break,
                Opt::Fixed(v) => {
                    for (s, x) in fixed.iter_mut().zip(v) {
                        *s += x;
                    }
                }
                Opt::Choice(_) => amb.push(i),
            }
            if amb.len() > MAX_AMBIGUOUS || fixed.iter().zip(&target).any(|(s, t)| *s > t + eps(*t))
            {
                break;
            }
            if b == a || amb.is_empty() {
                continue;
            }
            let choices: Vec<&Vec<(usize, Sums)>> = amb
                .iter()
                .filter_map(|&i| match &opts[i] {
                    Opt::Choice(c) => Some(c),
                    _ => None,
                })
                .collect();
            let combos: usize = choices.iter().map(|c| c.len()).product();
            if combos > budget {
                return finish(rows, found, conflict, out);
            }
            budget -= combos;
            let mut matches = 0;
            let mut hit: Vec<usize> = Vec::new();
            let mut digits = vec![0usize; choices.len()];
            for _ in 0..combos {
                let ok = (0..fields.len()).all(|f| {
                    let s = fixed[f]
                        + choices
                            .iter()
                            .zip(&digits)
                            .map(|(c, &d)| c[d].1[f])
                            .sum::<f64>();
                    (s - target[f]).abs() <= eps(target[f])
                });
                if ok {
                    matches += 1;
                    hit.clone_from(&digits);
                }
                // Next combination (mixed radix).
                for (d, c) in digits.iter_mut().zip(&choices) {
                    *d += 1;
                    if *d < c.len() {
                        break;
                    }
                    *d = 0;
                }
            }
            if matches == 1 {
                for ((&i, c), &d) in amb.iter().zip(&choices).zip(&hit) {
                    let cand = c[d].0;
                    match found[i] {
                        Some((prev, _, _)) if prev != cand => conflict[i] = true,
                        Some(_) => {}
                        None => found[i] = Some((cand, detail[a], detail[b])),
                    }
                }
            }
        }
    }
    finish(rows, found, conflict, out)
}

fn finish(
    rows: &[Row<'_>],
    found: Vec<Option<(usize, usize, usize)>>,
    conflict: Vec<bool>,
    mut out: Vec<Option<Pin>>,
) -> Vec<Option<Pin>> {
    for (i, f) in found.into_iter().enumerate() {
        if let (Some((cand, a, b)), false) = (f, conflict[i]) {
            out[i] = Some(Pin {
                cand,
                umbrella: label(&rows[0]),
                first: label(&rows[a]),
                last: label(&rows[b]),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::realign::RowCells;

    /// The definition the fast check must agree with.
    fn payroll_by_folding(row: &RowCells) -> bool {
        let unidad = row.unidad_medida.as_deref().map(fold).unwrap_or_default();
        unidad.contains("NOMINA") || fold(&row.descripcion).contains("SERVICIOS PERSONALES")
    }

    #[test]
    fn payroll_rows() {
        for (unidad, descripcion, payroll) in [
            ("Nómina", "Pago", true),
            ("NOMINA", "Pago", true),
            ("nomina.", "Pago", true),
            ("No-mina", "Pago", false),
            ("Informe", "Servicios  personales", true),
            ("Informe", "servicios-PERSONALES del área", true),
            ("Informe", "Servicios personal", false),
            ("Informe", "SERVICIOSPERSONALES", false),
            ("Nómína", "Pago", true),
            ("NÓMINA", "Pago", true),
            ("Nömiña", "Pago", true),
            ("Informe", "Servícios pérsonáles", true),
            ("Informe", "SERVÍCIOS—PERSONALÉS", true),
            ("Informe", "Servicios personałes", false),
            ("Informe", "Servicios person\u{301}ales", true),
            ("Informe", "Servicios perso\u{301}nales", true),
            ("Informe", "Servicios ṕersonales", true),
            ("Informe", "Servicios ﬁ personales", false),
            ("Informe", "ﬁ Servicios personales", true),
            ("Informe", "Servicios ǹómina", false),
        ] {
            let row = RowCells {
                unidad_medida: Some(unidad.to_string()),
                descripcion: descripcion.to_string(),
                ..RowCells::default()
            };
            assert_eq!(
                is_payroll(&Row::from(&row)),
                payroll,
                "{unidad:?} {descripcion:?}"
            );
            assert_eq!(
                payroll_by_folding(&row),
                payroll,
                "{unidad:?} {descripcion:?}"
            );
        }
    }

    /// [`may_spell`]'s argument, character by character: whatever
    /// [`latin_base`] maps folds alone to that letter upper-cased (or to
    /// nothing, a separator), as in a text.
    #[test]
    fn latin_bases_fold_alike() {
        let mut mapped = 0;
        for c in (0u32..0x250).filter_map(char::from_u32) {
            let Some(b) = latin_base(c) else { continue };
            mapped += 1;
            let b = char::from(b);
            let want = if b.is_ascii_alphanumeric() {
                format!("X{}X", b.to_ascii_uppercase())
            } else {
                "X X".to_string()
            };
            assert_eq!(fold(&format!("x{c}x")), want, "{c:?}");
        }
        assert_eq!(mapped, 128 + 48);
    }

    proptest::proptest! {
        #[test]
        fn payroll_check_agrees_with_folding(
            unidad in proptest::option::of("[nNoOmMiIaAóÓñÑìÌ .-]{0,12}"),
            descripcion in "[sSeErRvViIcCoOpPnNaAlLéÉíÍàÀùŝȩṕ\u{301}ﬁ .,—-]{0,40}",
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "servicios", "SERVICIOS", "Servícios", " ", "  ", "-", "personales",
                    "PERSONALES", "personalés", "nómina", "NOMINA", "x", "NÓMÏNA", "ÑOMINA",
                    "perso\u{301}nales", "SERVI\u{301}CIOS", "pérsonałes", "ǹomina", "—",
                ]),
                0..6,
            ),
        ) {
            let row = RowCells {
                unidad_medida: unidad.clone(),
                descripcion: format!("{descripcion}{}", pieces.concat()),
                ..RowCells::default()
            };
            proptest::prop_assert_eq!(is_payroll(&Row::from(&row)), payroll_by_folding(&row));
            let row = RowCells {
                unidad_medida: Some(pieces.concat()),
                descripcion,
                ..RowCells::default()
            };
            proptest::prop_assert_eq!(is_payroll(&Row::from(&row)), payroll_by_folding(&row));
        }
    }
}
