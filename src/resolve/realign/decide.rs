//! From a row's candidate readings to its [`Reading`]: agreement, avisos,
//! confidence.

use super::cells::format_number;
use super::rollup::Pin;
use super::solve::{Cand, Field, Solution, Vals};
use super::{Reading, Row};
use crate::model::Aviso;

/// Readings within this cost of the best explain the text as well as it.
pub(crate) const TAU: f64 = 0.2;
/// The window widens with the damage the best reading had to assume: the
/// more the text was rewritten, the less its cost ranks readings finely.
pub(crate) fn tau(best_cost: f64) -> f64 {
    TAU + TAU_PER_COST * best_cost.clamp(0.0, 2.0)
}
const TAU_PER_COST: f64 = 0.0;

/// The same, for rows whose best reading places a value beyond the period
/// columns, where position says little.
pub(crate) const OFFGRID_TAU: f64 = 0.5;

/// The widest [`tau`] of any row.
pub(crate) const TAU_MAX: f64 = TAU + TAU_PER_COST * 2.0;

/// The margin (the cost between the best reading and the first with other
/// values) at which a row's confidence is full: a margin `m` below it gives
/// `0.5 + 0.5 · m / FULL_MARGIN`.
///
/// Set at the widest window the decisions already read (`OFFGRID_TAU`), so
/// that the search need not look further (see `solve::search`): where it
/// was 1.0, rows with a rival between 0.5 and 1.0 away took half the search
/// and told wrong readings from right ones no better. On 1,000 generated
/// documents never tuned on (23,755 rows) the confidence ranks the rows read
/// wrong below the right ones as well as before (AUROC 0.955 both ways), on
/// 100 with harsh noise better (0.685 → 0.728); the seed's rows come closer
/// to the confidences of its hand-checked gold (mean difference 0.069 →
/// 0.018). The values read are the same.
pub(crate) const FULL_MARGIN: f64 = 0.5;

/// What the candidates of a row agree on.
#[derive(Clone, Debug, Default)]
pub(crate) struct Decision {
    /// Values all near-best readings agree on (`None` elsewhere).
    pub(crate) vals: Vals,
    /// Fields the near-best readings disagree on.
    pub(crate) ambiguous: Vec<Field>,
    /// Indices (into the solution's candidates) of the near-best readings.
    pub(crate) near: Vec<usize>,
    /// Cost gap between the best reading and the next one with other values.
    pub(crate) margin: f64,
    /// The best reading takes a value from beyond the period columns.
    pub(crate) offgrid: bool,
}

/// Decides what a row's candidates establish.
pub(crate) fn decide(sol: &Solution, q: u8) -> Decision {
    let Some(best) = sol.cands.first() else {
        return Decision::default();
    };
    let near: Vec<usize> = (0..sol.cands.len())
        .filter(|&i| sol.cands[i].cost <= best.cost + tau(best.cost))
        .collect();
    let mut vals = best.vals;
    let mut ambiguous = Vec::new();
    for f in Field::all(q) {
        if near
            .iter()
            .any(|&i| sol.cands[i].vals.get(f) != best.vals.get(f))
        {
            vals.set(f, None);
            ambiguous.push(f);
        }
    }
    // A value beyond the header's period columns belongs to no quarter one
    // can name by its position: any other consistent reading not much worse
    // leaves the fields it disagrees on open.
    let offgrid = !best.offgrid.is_empty();
    if offgrid {
        for c in sol
            .cands
            .iter()
            .filter(|c| c.cost <= best.cost + OFFGRID_TAU && !c.inconsistent())
        {
            for f in Field::all(q) {
                if c.vals.get(f) != best.vals.get(f) && vals.get(f).is_some() {
                    vals.set(f, None);
                    ambiguous.push(f);
                }
            }
        }
    }
    ambiguous.sort_unstable();
    let margin = sol
        .cands
        .iter()
        .find(|c| c.vals != best.vals)
        .map_or(f64::INFINITY, |c| c.cost - best.cost);
    Decision {
        vals,
        ambiguous,
        near,
        margin,
        offgrid,
    }
}

fn names(fields: &[Field]) -> String {
    let v: Vec<String> = fields.iter().map(|f| f.name()).collect();
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        n => format!("{} y {}", v[..n - 1].join(", "), v[n - 1]),
    }
}

/// Builds the row's [`Reading`].
pub(crate) fn reading(
    row: &Row<'_>,
    sol: &Solution,
    dec: &Decision,
    q: u8,
    pin: Option<&Pin>,
) -> Reading {
    let linea = Some(row.linea);
    let mut r = Reading::default();
    let Some(best) = sol.cands.first() else {
        r.avisos.push(Aviso::new(
            "CAMPO_FALTANTE",
            "La fila no tiene cifras legibles.",
            linea,
        ));
        return r;
    };
    // The reading the output follows: the roll-up's choice, or the best.
    let src: &Cand = pin.and_then(|p| sol.cands.get(p.cand)).unwrap_or(best);
    let vals = if pin.is_some() { src.vals } else { dec.vals };
    r.meta_anual = vals.meta;
    r.programado = vals.p;
    for k in 0..usize::from(q).min(4) {
        r.alcanzado[k] = vals.a[k];
    }
    r.avance_absoluto = vals.abs;
    r.avance_relativo = vals.rel;

    let shown = |f: Field| vals.get(f).is_some() && vals.get(f) == src.vals.get(f);
    if !dec.ambiguous.is_empty() {
        let msg = match pin {
            Some(p) => format!(
                "Varias lecturas de las celdas cuadran igual de bien ({}); se eligió la única con la que la \
                 acción {} es, trimestre por trimestre, la suma de las acciones {} a {}.",
                names(&dec.ambiguous),
                p.umbrella,
                p.first,
                p.last
            ),
            None if dec.offgrid => format!(
                "Una cifra quedó fuera de las columnas de los trimestres; no se puede saber a qué trimestre \
                 corresponde. Quedan sin valor: {}.",
                names(&dec.ambiguous)
            ),
            None => format!(
                "Varias lecturas de las celdas cuadran igual de bien; quedan sin valor: {}.",
                names(&dec.ambiguous)
            ),
        };
        r.avisos.push(Aviso::new("FILA_AMBIGUA", msg, linea));
    }
    let mut split = false;
    if let Some((fields, total)) = &src.split {
        let open: Vec<Field> = fields
            .iter()
            .copied()
            .filter(|f| vals.get(*f).is_none())
            .collect();
        if !open.is_empty() && dec.ambiguous.is_empty() {
            split = true;
            r.avisos.push(Aviso::new(
                "FILA_AMBIGUA",
                format!(
                    "Faltan en el texto: {}; suman {} según la meta anual, pero no se puede saber cómo se reparten.",
                    names(&open),
                    format_number(*total)
                ),
                linea,
            ));
        }
    }
    let mut inferred = false;
    for (f, msg) in &src.inferred {
        if shown(*f) {
            inferred = true;
            r.avisos
                .push(Aviso::new("CELDA_INFERIDA", msg.clone(), linea));
        }
    }
    if let Some((sum, meta)) = src.sum_bad {
        r.avisos.push(Aviso::new(
            "SUMA_TRIMESTRAL_DISTINTA_DE_META",
            format!(
                "La suma de lo programado por trimestre ({}) no coincide con la meta anual ({}).",
                format_number(sum),
                format_number(meta)
            ),
            linea,
        ));
    }
    if let Some((sum, abs)) = src.abs_bad {
        r.avisos.push(Aviso::new(
            "AVANCE_ABSOLUTO_INCONSISTENTE",
            format!(
                "El avance absoluto ({}) no coincide con la suma de lo alcanzado hasta el trimestre {} ({}).",
                format_number(abs),
                q,
                format_number(sum)
            ),
            linea,
        ));
    }
    if let Some((rel, expected)) = src.rel_bad {
        r.avisos.push(Aviso::new(
            "AVANCE_RELATIVO_INCONSISTENTE",
            format!(
                "El avance relativo ({}%) no corresponde a avance absoluto entre meta anual ({}%).",
                format_number(rel),
                format_number((expected * 10.0).round() / 10.0)
            ),
            linea,
        ));
    }
    let mut left: Vec<&str> = Vec::new();
    for t in &src.leftovers {
        if !left.contains(&t.as_str()) {
            left.push(t);
        }
    }
    if !left.is_empty() {
        r.avisos.push(Aviso::new(
            "CELDAS_SOBRANTES",
            format!(
                "Sobran celdas que no corresponden a ninguna columna: {}.",
                left.join(", ")
            ),
            linea,
        ));
    }
    if sol.cut {
        r.avisos.push(Aviso::new(
            "CELDAS_SOBRANTES",
            "La fila tiene demasiadas celdas; solo se leyeron las primeras y las últimas.",
            linea,
        ));
    }
    r.correcciones = src
        .fixes
        .iter()
        .filter(|(f, _)| shown(*f))
        .map(|(_, c)| c.clone())
        .collect();

    let mut c = if dec.margin.is_finite() {
        (0.5 + 0.5 * dec.margin / FULL_MARGIN).min(1.0)
    } else {
        1.0
    };
    if !dec.ambiguous.is_empty() {
        c = c.min(0.5);
    } else if split {
        c = c.min(0.6);
    }
    if inferred {
        c *= 0.9;
    }
    if !left.is_empty() || sol.cut {
        c *= 0.9;
    }
    if src.inconsistent() {
        c = c.min(0.5);
    }
    r.confianza = (c * 100.0).round() / 100.0;
    r
}
