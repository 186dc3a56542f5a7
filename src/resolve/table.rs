//! Table rows to `Accion`s: realigned numbers, PMD codes, corrected text.

use std::borrow::Cow;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

use super::realign::{realign_rows, Cells, Row};
use crate::layout::{number_dot, RawRow};
use crate::memo::Map;
use crate::model::{Accion, Aviso, Correccion, Trimestre};
use crate::text::lexicon::Lexicon;
use crate::text::{fold, looser_min, squash_cow, upper, Scorer};

fn pmd_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})").expect("valid regex")
    })
}

/// The PMD line keys printed in a row's first cell.
pub(crate) fn pmd_codes(cell: &str) -> Vec<String> {
    // Nearly every cell is ASCII: scanned by hand (see `pmd_at`), the
    // pattern's captures only for the others.
    if !cell.is_ascii() {
        return pmd_codes_re(cell);
    }
    let b = cell.as_bytes();
    let mut out: Vec<String> = vec![];
    let mut at = 0;
    while at < b.len() {
        let Some((groups, end)) = pmd_at(b, at) else {
            at += 1;
            continue;
        };
        // (ASCII digits: each group is a `str` of the cell.)
        let mut k = String::with_capacity(8);
        for (i, &(from, to)) in groups.iter().enumerate() {
            if i > 0 {
                k.push('.');
            }
            k.push_str(cell.get(from..to).unwrap_or_default());
        }
        if !out.contains(&k) {
            out.push(k);
        }
        at = end;
    }
    out
}

/// [`pmd_codes`] by the pattern itself.
fn pmd_codes_re(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for c in pmd_re().captures_iter(cell) {
        let k = format!("{}.{}.{}", &c[1], &c[2], &c[3]);
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The match of [`pmd_re`] starting at byte `i` of an ASCII text, if there
/// is one: its three groups' byte ranges and where it ends.
///
/// The pattern is `(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{1,2})`; on
/// ASCII, `\d` is `0-9` and `\s` (Unicode `White_Space`) is `\t`, `\n`,
/// `\x0B`, `\x0C`, `\r` and the space. Its matches leave no choice to
/// make: a group takes two digits when there are two, since taking one
/// leaves a digit where the pattern needs a space, a period or nothing
/// further (the last group, greedy, takes two), and each `\s*` takes every
/// space, since what follows it is a period, no space. So the match at `i`
/// is this one reading or none, and the regex's leftmost-first search, which
/// [`pmd_codes`] repeats from each match's end, is the first `i` (on from
/// there) where it exists.
fn pmd_at(b: &[u8], i: usize) -> Option<([(usize, usize); 3], usize)> {
    let (e1, s2) = number_dot(b, i)?;
    let (e2, s3) = number_dot(b, s2)?;
    // The last group, greedy: two digits when there are two.
    let digit = |j: usize| b.get(j).is_some_and(u8::is_ascii_digit);
    let e3 = match (digit(s3), digit(s3 + 1)) {
        (false, _) => return None,
        (true, true) => s3 + 2,
        (true, false) => s3 + 1,
    };
    Some(([(i, e1), (s2, e2), (s3, e3)], e3))
}

/// Trims layout debris from free text: `HABITABLES.-` → `HABITABLES.`
/// (borrowed from `s` when it needs no squashing, the commonest case).
pub(crate) fn clean_text(s: &str) -> Cow<'_, str> {
    // Each debris character, then the spaces before it.
    fn trimmed(mut t: &str) -> &str {
        while let Some(r) = t.strip_suffix(['-', '–', '*', '_']) {
            t = r.trim_end();
        }
        t
    }
    match squash_cow(s) {
        Cow::Borrowed(b) => Cow::Borrowed(trimmed(b)),
        Cow::Owned(mut o) => {
            o.truncate(trimmed(&o).len());
            Cow::Owned(o)
        }
    }
}

/// The path of field `field` (`/descripcion`, or empty) of action `j`: made
/// only for a correction, which most rows have none of.
fn campo(j: usize, field: &str) -> String {
    format!("/acciones/{j}{field}")
}

/// Corrects free text with the lexicon, recording each change under field
/// `field` of action `j`.
fn corrected(
    text: &str,
    (j, field): (usize, &str),
    line: usize,
    lexicon: &Lexicon,
    fixes: &mut Vec<Correccion>,
) -> String {
    let (out, changes) = lexicon.correct(text);
    for c in changes {
        fixes.push(Correccion {
            campo: campo(j, field),
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

/// The catalog's units of measure, folded once (when the parser is built)
/// for the comparisons of every printed unit.
#[derive(Debug, Default)]
pub(crate) struct Units {
    /// The catalog's spellings, in catalog order.
    names: Vec<String>,
    /// Their folds.
    folded: Vec<String>,
    /// Their folds as characters, for the scorer.
    chars: Vec<Vec<char>>,
    /// [`catalog_unit`]'s answers, by folded printed unit: a pure function
    /// of the unit and these units, and a document's few units are printed
    /// on row after row, misread alike in document after document.
    near: Mutex<Map<Box<str>, Option<usize>>>,
}

impl Clone for Units {
    /// The same units, with nothing remembered yet.
    fn clone(&self) -> Units {
        Units {
            names: self.names.clone(),
            folded: self.folded.clone(),
            chars: self.chars.clone(),
            near: Mutex::default(),
        }
    }
}

/// Printed units remembered before [`Units::near`] starts over.
const NEAR_MAX: usize = 1 << 12;
/// Longest printed unit remembered, in bytes.
const NEAR_KEY: usize = 64;

impl Units {
    /// Prepares the units of measure `known`.
    pub(crate) fn new(known: &[String]) -> Units {
        let folded: Vec<String> = known.iter().map(|u| fold(u)).collect();
        let chars = folded.iter().map(|f| f.chars().collect()).collect();
        Units {
            names: known.to_vec(),
            folded,
            chars,
            near: Mutex::default(),
        }
    }

    /// [`catalog_unit`] of `f`, remembered.
    fn near(&self, f: &str) -> Option<usize> {
        if f.len() > NEAR_KEY {
            return catalog_unit(f, self);
        }
        if let Some(&i) = self.near.lock().ok().as_ref().and_then(|m| m.get(f)) {
            return i;
        }
        let i = catalog_unit(f, self);
        if let Ok(mut m) = self.near.lock() {
            if m.len() >= NEAR_MAX {
                m.clear();
            }
            m.insert(f.into(), i);
        }
        i
    }
}

/// The least similarity of a unit the catalog's spelling replaces.
const UNIT_MIN: f64 = 0.8;
/// How much more similar than any other unit that one must be.
const UNIT_MARGIN: f64 = 0.05;
/// Units less similar than this change no answer: see [`catalog_unit`].
const UNIT_FLOOR: f64 = 0.75;

/// A unit of measure: the catalog's spelling when the printed one is a near
/// miss of exactly one known unit (not merely its plural), else the printed
/// text with the lexicon's corrections.
fn unidad_medida(printed: &str, units: &Units, lexicon: &Lexicon) -> (String, Option<String>) {
    let f = fold(printed);
    let exact = units.folded.iter().position(|u| *u == f);
    if let Some(u) = exact
        .or_else(|| units.near(&f))
        .and_then(|i| units.names.get(i))
    {
        let u = in_case_of(u, printed);
        let motivo = (exact.is_none() || u != printed).then(|| "catalogo".to_string());
        return (u, motivo);
    }
    let (text, fixes) = lexicon.correct(printed);
    let motivo = (!fixes.is_empty()).then(|| "lexico".to_string());
    (text, motivo)
}

/// The index of the known unit a printed one (folded, `f`, matching none
/// exactly) is a near miss of: the most similar, at least [`UNIT_MIN`]
/// similar, [`UNIT_MARGIN`] more than the runner-up, and not `f`'s singular
/// or plural.
///
/// Only units at least [`UNIT_FLOOR`] similar are scored exactly (the
/// scorer finds all of them at a looser bound, see `looser_min`); the others
/// change nothing. A best at `UNIT_MIN` or more is one of the scored units,
/// since every other is under `UNIT_FLOOR`. A runner-up at `UNIT_FLOOR` or
/// more is scored exactly too; one under it leaves a margin over
/// `UNIT_MIN - UNIT_FLOOR = UNIT_MARGIN` (the float subtraction is monotone
/// and `0.8 - 0.75` rounds above `0.05`), so the margin test passes as it
/// does with no runner-up at all.
fn catalog_unit(f: &str, units: &Units) -> Option<usize> {
    let q: Vec<char> = f.chars().collect();
    let min = looser_min(UNIT_FLOOR, q.len());
    let mut scorer = Scorer::new(&q);
    // The first best, as a stable sort by falling score puts first, and the
    // best score among the others (equal to the best on a tie).
    let mut best: Option<(f64, usize)> = None;
    let mut second: Option<f64> = None;
    for (i, u) in units.chars.iter().enumerate() {
        let Some(s) = scorer.similarity_at_least(u, min) else {
            continue;
        };
        let other = match best {
            Some((b, _)) if s <= b => s,
            _ => {
                let old = best.map(|b| b.0);
                best = Some((s, i));
                match old {
                    Some(o) => o,
                    None => continue,
                }
            }
        };
        second = Some(second.map_or(other, |r: f64| r.max(other)));
    }
    let (s, i) = best?;
    let margin = match second {
        Some(r) if r >= UNIT_FLOOR => s - r,
        _ => 1.0,
    };
    let fu = units.folded.get(i)?.as_str();
    let plural = f
        .strip_suffix('S')
        .is_some_and(|x| x == fu || x.strip_suffix('E') == Some(fu))
        || fu
            .strip_suffix('S')
            .is_some_and(|x| x == f || x.strip_suffix('E') == Some(f));
    (s >= UNIT_MIN && margin >= UNIT_MARGIN && !plural).then_some(i)
}

/// Builds the actions of one report.
pub(crate) fn acciones(
    units: &Units,
    rows: &[RawRow],
    quarter: Option<u8>,
    lexicon: &Lexicon,
    declared: &[String],
) -> (Vec<Accion>, Vec<Correccion>) {
    // The layout's rows as they are: no cell copied.
    let cells: Vec<Row<'_>> = rows
        .iter()
        .map(|r| Row {
            linea: r.line,
            numero: r.numero,
            unidad_medida: r.unidad,
            descripcion: r.descripcion,
            cells: Cells::Borrowed(&r.cells),
            period_cells: r.period_cells,
        })
        .collect();
    let readings = realign_rows(&cells, quarter);
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
        let lineas_accion = row.pmd.map(pmd_codes).unwrap_or_default();
        for l in &lineas_accion {
            if !declared.is_empty() && !declared.contains(l) {
                avisos.push(Aviso::new(
                    "LINEA_NO_DECLARADA",
                    format!("La línea de acción {l} de la acción {numero} no está en el encabezado del reporte."),
                    Some(row.line),
                ));
            }
        }
        let descripcion = corrected(
            &clean_text(row.descripcion),
            (j, "/descripcion"),
            row.line,
            lexicon,
            &mut fixes,
        );
        let observaciones = row
            .observaciones
            .as_deref()
            .map(clean_text)
            .filter(|o| !o.is_empty())
            .map(|o| corrected(&o, (j, "/observaciones"), row.line, lexicon, &mut fixes));
        for f in reading.correcciones {
            fixes.push(Correccion {
                campo: campo(j, &f.campo),
                original: f.original,
                corregido: f.corregido,
                motivo: f.motivo,
                linea: Some(row.line),
            });
        }
        let unidad_medida = row
            .unidad
            .map(clean_text)
            .filter(|u| !u.is_empty())
            .map(|u| {
                let (fixed, motivo) = unidad_medida(&u, units, lexicon);
                if let Some(m) = motivo {
                    fixes.push(Correccion {
                        campo: campo(j, "/unidad_medida"),
                        original: u.to_string(),
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

    /// [`catalog_unit`] as it was before its bound: every unit scored in
    /// full, sorted by falling score.
    fn catalog_unit_reference<'a>(f: &str, known: &'a [String]) -> Option<&'a String> {
        let mut scored: Vec<(f64, &String)> = known
            .iter()
            .map(|u| (crate::text::similarity(f, &fold(u)), u))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let &(s, u) = scored.first()?;
        let fu = fold(u);
        let plural = f
            .strip_suffix('S')
            .is_some_and(|x| x == fu || x.strip_suffix('E') == Some(&fu))
            || fu
                .strip_suffix('S')
                .is_some_and(|x| x == f || x.strip_suffix('E') == Some(f));
        let margin = scored.get(1).map_or(1.0, |r| s - r.0);
        (s >= 0.8 && margin >= 0.05 && !plural).then_some(u)
    }

    /// The bounded pick is the full one: on the catalog's units and on
    /// generated lists of close names (ties, plurals and runners-up near
    /// the margin included), read with OCR noise.
    #[test]
    fn unit_pick_matches_scoring_every_unit() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let bank = Bank::new(300, 23);
        let mut rng = Rng::new(29);
        let catalog = crate::catalog::Catalog::default();
        let (mut picked, mut close_second) = (0, 0);
        for round in 0..300 {
            let known: Vec<String> = if round % 3 == 0 {
                catalog.unidades_medida().to_vec()
            } else {
                let mut v: Vec<String> = vec![];
                for _ in 0..2 + rng.below(30) {
                    let w = match rng.below(4) {
                        // Near twins: a plural, a one-letter change.
                        0 if !v.is_empty() => format!("{}S", v[rng.below(v.len())]),
                        1 if !v.is_empty() => noisy(&v[rng.below(v.len())], &bank, &mut rng),
                        2 => format!("{} {}", bank.word(&mut rng), bank.word(&mut rng)),
                        _ => bank.word(&mut rng).to_string(),
                    };
                    v.push(w);
                }
                v
            };
            let units = Units::new(&known);
            for _ in 0..20 {
                let base = &known[rng.below(known.len())];
                let printed = match rng.below(5) {
                    0 => format!("{base}s"),
                    1 => bank.word(&mut rng).to_string(),
                    _ => noisy(base, &bank, &mut rng),
                };
                let f = fold(&printed);
                if units.folded.contains(&f) {
                    continue;
                }
                let want = catalog_unit_reference(&f, &known);
                let got = catalog_unit(&f, &units).and_then(|i| known.get(i));
                assert_eq!(got, want, "{printed:?} in {known:?}");
                // Remembered, the same answer, asked once or twice.
                for _ in 0..2 {
                    assert_eq!(units.near(&f).and_then(|i| known.get(i)), want);
                }
                picked += usize::from(want.is_some());
                let mut sims: Vec<f64> = units
                    .folded
                    .iter()
                    .map(|u| crate::text::similarity(&f, u))
                    .collect();
                sims.sort_by(|a, b| b.total_cmp(a));
                close_second += usize::from(sims.get(1).is_some_and(|&r| r >= UNIT_FLOOR));
            }
        }
        assert!(
            picked > 300 && close_second > 100,
            "{picked} {close_second}"
        );
    }

    #[test]
    fn codes_from_pmd_cells() {
        assert_eq!(
            pmd_codes("1.3.4, 1.4.3, 4.5.3."),
            ["1.3.4", "1.4.3", "4.5.3"]
        );
        assert_eq!(pmd_codes("1.1.7 1.4.1"), ["1.1.7", "1.4.1"]);
        assert!(pmd_codes("").is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6000))]
        /// The hand scan finds what the pattern's captures find: digits,
        /// periods, every ASCII space, separators and look-alikes, and
        /// non-ASCII cells (which go to the pattern itself).
        #[test]
        fn pmd_scan_agrees_with_the_pattern(
            cell in "[0-9.]{0,3}([0-9]{1,3}[ \t\n\x0b\x0c\r.,;yO]{0,3}){0,6}[0-9 .٣\u{a0}]{0,3}",
        ) {
            proptest::prop_assert_eq!(pmd_codes(&cell), pmd_codes_re(&cell), "{:?}", cell);
        }
    }

    #[test]
    fn pmd_scan_agrees_on_the_seed() {
        let seed = include_str!("../../corpus/seeds/000_61b09fd82a67f885.txt");
        let mut found = 0;
        for cell in seed.lines().flat_map(|l| l.split('\t')) {
            assert_eq!(pmd_codes(cell), pmd_codes_re(cell), "{cell:?}");
            found += pmd_codes(cell).len();
        }
        assert!(found > 40, "{found}");
    }

    #[test]
    fn debris_is_trimmed() {
        assert_eq!(
            clean_text(" ESPACIOS HÁBITABLES.- "),
            "ESPACIOS HÁBITABLES."
        );
        assert_eq!(clean_text("texto"), "texto");
    }

    /// The borrowing `clean_text` gives what squashing and popping debris
    /// one character at a time gave.
    #[test]
    fn clean_text_matches_reference() {
        fn reference(s: &str) -> String {
            let mut t = crate::text::squash(s);
            while t.ends_with(['-', '–', '*', '_']) {
                t.pop();
                t = t.trim_end().to_string();
            }
            t
        }
        for s in [
            "", " ", "-", "a -", "a - _ *", "a  b.-", "a\tb –", "ÁREA_", "x* -", "  a  ", "a b",
            "–a–", "a -–",
        ] {
            assert_eq!(clean_text(s), reference(s), "{s:?}");
        }
    }
}
