//! Table rows to `Accion`s: realigned numbers, PMD codes, corrected text.

use std::sync::OnceLock;

use regex::Regex;

use super::realign::{realign_table, RowCells};
use crate::catalog::Catalog;
use crate::layout::RawRow;
use crate::model::{Accion, Aviso, Correccion, Trimestre};
use crate::text::lexicon::Lexicon;
use crate::text::{fold, similarity, squash, upper};

fn pmd_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})").expect("valid regex")
    })
}

/// The PMD line keys printed in a row's first cell.
pub(crate) fn pmd_codes(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for c in pmd_re().captures_iter(cell) {
        let k = format!("{}.{}.{}", &c[1], &c[2], &c[3]);
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// Trims layout debris from free text: `HABITABLES.-` → `HABITABLES.`.
pub(crate) fn clean_text(s: &str) -> String {
    let mut t = squash(s);
    while t.ends_with(['-', '–', '*', '_']) {
        t.pop();
        t = t.trim_end().to_string();
    }
    t
}

/// Corrects free text with the lexicon, recording each change.
fn corrected(
    text: &str,
    campo: String,
    line: usize,
    lexicon: &Lexicon,
    fixes: &mut Vec<Correccion>,
) -> String {
    let (out, changes) = lexicon.correct(text);
    for c in changes {
        fixes.push(Correccion {
            campo: campo.clone(),
            original: c.original,
            corregido: c.corregido,
            motivo: "lexico".into(),
            linea: Some(line),
        });
    }
    out
}

/// Writes `name` in the case style of `like` (all caps, or as is).
fn in_case_of(name: &str, like: &str) -> String {
    if like.chars().any(char::is_lowercase) {
        name.to_string()
    } else {
        upper(name)
    }
}

/// A unit of measure: the catalog's spelling when the printed one is a near
/// miss of exactly one known unit (not merely its plural), else the printed
/// text with the lexicon's corrections.
fn unidad_medida(printed: &str, catalog: &Catalog, lexicon: &Lexicon) -> (String, Option<String>) {
    let f = fold(printed);
    let known = catalog.unidades_medida();
    if let Some(u) = known.iter().find(|u| fold(u) == f) {
        let u = in_case_of(u, printed);
        let motivo = (u != printed).then(|| "catalogo".to_string());
        return (u, motivo);
    }
    let mut scored: Vec<(f64, &String)> = known
        .iter()
        .map(|u| (similarity(&f, &fold(u)), u))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    if let Some(&(s, u)) = scored.first() {
        let fu = fold(u);
        let plural = f
            .strip_suffix('S')
            .is_some_and(|x| x == fu || x.strip_suffix('E') == Some(&fu))
            || fu
                .strip_suffix('S')
                .is_some_and(|x| x == f || x.strip_suffix('E') == Some(&f));
        let margin = scored.get(1).map_or(1.0, |r| s - r.0);
        if s >= 0.8 && margin >= 0.05 && !plural {
            return (in_case_of(u, printed), Some("catalogo".to_string()));
        }
    }
    let (text, fixes) = lexicon.correct(printed);
    let motivo = (!fixes.is_empty()).then(|| "lexico".to_string());
    (text, motivo)
}

/// Builds the actions of one report.
pub(crate) fn acciones(
    catalog: &Catalog,
    rows: &[RawRow],
    quarter: Option<u8>,
    lexicon: &Lexicon,
    declared: &[String],
) -> (Vec<Accion>, Vec<Correccion>) {
    let cells: Vec<RowCells> = rows
        .iter()
        .map(|r| RowCells {
            linea: r.line,
            numero: r.numero,
            unidad_medida: r.unidad.clone(),
            descripcion: r.descripcion.clone(),
            cells: r.cells.clone(),
            period_cells: r.period_cells,
        })
        .collect();
    let readings = realign_table(&cells, quarter);
    let mut out = Vec::with_capacity(rows.len());
    let mut fixes = vec![];
    let mut prev: Option<i64> = None;
    for (j, (row, reading)) in rows.iter().zip(readings).enumerate() {
        let mut avisos = reading.avisos;
        let numero = match row.numero {
            Some(n) => n,
            None => {
                let n = prev.map_or(1, |p| p + 1);
                avisos.push(Aviso::new(
                    "NUMERO_INFERIDO",
                    format!("La fila no trae número de acción; se supuso {n}."),
                    Some(row.line),
                ));
                n
            }
        };
        prev = Some(numero);
        let lineas_accion = row.pmd.as_deref().map(pmd_codes).unwrap_or_default();
        for l in &lineas_accion {
            if !declared.is_empty() && !declared.contains(l) {
                avisos.push(Aviso::new(
                    "LINEA_NO_DECLARADA",
                    format!("La línea de acción {l} de la acción {numero} no está en el encabezado del reporte."),
                    Some(row.line),
                ));
            }
        }
        let base = format!("/acciones/{j}");
        let descripcion = corrected(
            &clean_text(&row.descripcion),
            format!("{base}/descripcion"),
            row.line,
            lexicon,
            &mut fixes,
        );
        let observaciones = row
            .observaciones
            .as_deref()
            .map(clean_text)
            .filter(|o| !o.is_empty())
            .map(|o| {
                corrected(
                    &o,
                    format!("{base}/observaciones"),
                    row.line,
                    lexicon,
                    &mut fixes,
                )
            });
        for f in reading.correcciones {
            fixes.push(Correccion {
                campo: format!("{base}{}", f.campo),
                original: f.original,
                corregido: f.corregido,
                motivo: f.motivo,
                linea: Some(row.line),
            });
        }
        let unidad_medida = row
            .unidad
            .as_deref()
            .map(clean_text)
            .filter(|u| !u.is_empty())
            .map(|u| {
                let (fixed, motivo) = unidad_medida(&u, catalog, lexicon);
                if let Some(m) = motivo {
                    fixes.push(Correccion {
                        campo: format!("{base}/unidad_medida"),
                        original: u.clone(),
                        corregido: fixed.clone(),
                        motivo: m,
                        linea: Some(row.line),
                    });
                }
                fixed
            });
        let mut trimestres = [Trimestre::default(); 4];
        for (k, t) in trimestres.iter_mut().enumerate() {
            t.programado = reading.programado[k];
            t.alcanzado = reading.alcanzado[k];
        }
        out.push(Accion {
            numero,
            descripcion,
            lineas_accion,
            unidad_medida,
            meta_anual: reading.meta_anual,
            trimestres,
            avance_absoluto: reading.avance_absoluto,
            avance_relativo: reading.avance_relativo,
            observaciones,
            linea: row.line,
            confianza: reading.confianza.clamp(0.0, 1.0),
            avisos,
        });
    }
    (out, fixes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_pmd_cells() {
        assert_eq!(
            pmd_codes("1.3.4, 1.4.3, 4.5.3."),
            ["1.3.4", "1.4.3", "4.5.3"]
        );
        assert_eq!(pmd_codes("1.1.7 1.4.1"), ["1.1.7", "1.4.1"]);
        assert!(pmd_codes("").is_empty());
    }

    #[test]
    fn debris_is_trimmed() {
        assert_eq!(
            clean_text(" ESPACIOS HÁBITABLES.- "),
            "ESPACIOS HÁBITABLES."
        );
        assert_eq!(clean_text("texto"), "texto");
    }
}
