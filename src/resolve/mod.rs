//! Meaning: what the text says. Header values resolved against the catalog,
//! table cells realigned by arithmetic, names settled by catalog and
//! consensus, free text corrected by lexicon. Never looks at line geometry.

mod firmas;
mod header;
pub mod realign;
mod table;
mod title;

use std::collections::HashMap;

use crate::catalog::{Catalog, Kind};
use crate::layout::{RawDocument, RawReport};
use crate::model::{Aviso, Clasificacion, Correccion, Firma, Origen, Reporte};
use crate::text::lexicon::Lexicon;
pub(crate) use header::Memo;
use header::{Header, Resolved};
pub(crate) use table::Units;
use title::Title;

/// A report between the two passes: resolved alone, before the document's
/// consensus fills its gaps.
struct Staged<'a> {
    raw: &'a RawReport<'a>,
    title: Title,
    header: Header,
    avisos: Vec<Aviso>,
}

/// Resolves the raw reports of a document.
pub(crate) fn resolve(
    raw: RawDocument<'_>,
    catalog: &Catalog,
    lexicon: &Lexicon,
    memo: &Memo,
    units: &Units,
) -> (Vec<Reporte>, Vec<Aviso>) {
    let mut seen = title::Seen::default();
    let mut staged: Vec<Staged> = raw
        .reports
        .iter()
        .map(|r| Staged {
            raw: r,
            title: title::resolve_with(&r.title, catalog, memo, &mut seen),
            header: header::resolve(&r.header, catalog, lexicon, memo),
            avisos: vec![],
        })
        .collect();
    infer_title(&mut staged);
    share_keys(&mut staged);
    settle_texto_names(&mut staged, lexicon);
    infer_header(&mut staged, catalog);
    let signed: Vec<firmas::Signed> = staged
        .iter()
        .flat_map(|s| {
            s.raw.firmas.iter().map(move |f| {
                let ctx = match f.cargo {
                    crate::model::Cargo::UnidadEjecutora => &s.header.unidad,
                    crate::model::Cargo::Programa => &s.header.programa,
                    crate::model::Cargo::Ramo => &s.header.ramo,
                };
                firmas::Signed {
                    raw: f,
                    context: ctx.as_ref().map(|r| r.clas.clave.clone()),
                }
            })
        })
        .collect();
    let mut settled = firmas::settle(&signed, catalog, memo).into_iter();
    let mut reportes = Vec::with_capacity(staged.len());
    for s in staged {
        let n = s.raw.firmas.len();
        let mine: Vec<_> = settled.by_ref().take(n).collect();
        reportes.push(assemble(s, mine, units, lexicon));
    }
    let mut avisos: Vec<Aviso> = raw
        .unassigned
        .iter()
        .map(|s| Aviso::new("TEXTO_NO_ASIGNADO", s.text.clone(), Some(s.line)))
        .collect();
    if reportes.is_empty() {
        avisos.insert(
            0,
            Aviso::new(
                "SIN_REPORTES",
                "No se encontró ningún reporte TMM-F004 en la entrada.",
                None,
            ),
        );
    }
    (reportes, avisos)
}

/// The value most reports agree on, if any report has one.
pub(super) fn majority<T: Clone + PartialEq>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = vec![];
    for v in values {
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some((_, c)) => *c += 1,
            None => counts.push((v, 1)),
        }
    }
    let max = counts.iter().map(|c| c.1).max()?;
    counts.into_iter().find(|c| c.1 == max).map(|c| c.0)
}

/// Title fields missing from a report's pages are the document's.
fn infer_title(staged: &mut [Staged]) {
    macro_rules! fill {
        ($field:ident, $name:literal) => {
            let common = majority(staged.iter().filter_map(|s| s.title.$field.clone()));
            if let Some(v) = common {
                for s in staged.iter_mut().filter(|s| s.title.$field.is_none()) {
                    s.title.$field = Some(v.clone());
                    let line = s.raw.pages.first().map(|p| p.linea_inicio);
                    s.avisos.push(Aviso::new(
                        "CAMPO_INFERIDO",
                        format!("El reporte no trae {}; se tomó el de los demás reportes del documento.", $name),
                        line,
                    ));
                }
            }
        };
    }
    fill!(municipio, "el municipio");
    fill!(estado, "el estado");
    fill!(ayuntamiento, "el ayuntamiento");
    fill!(documento, "el nombre del documento");
    fill!(ejercicio, "el ejercicio");
    fill!(formato, "la clave del formato");
    fill!(titulo, "el título");
    fill!(periodo, "el periodo (FECHA)");
}

/// A value outside the catalog printed without its key in one report takes
/// the key it has in another; a unit printed without its ramo prefix takes
/// the prefix once the ramo's key is known.
fn share_keys(staged: &mut [Staged]) {
    let fields: [fn(&mut Header) -> &mut Option<Resolved>; 3] =
        [|h| &mut h.ramo, |h| &mut h.programa, |h| &mut h.unidad];
    for field in fields {
        let mut known: HashMap<String, String> = HashMap::new();
        for s in staged.iter_mut() {
            if let Some(r) = field(&mut s.header)
                .as_ref()
                .filter(|r| r.out_of_catalog && !r.clas.clave.is_empty())
            {
                known
                    .entry(crate::text::fold(&r.clas.nombre))
                    .or_insert_with(|| r.clas.clave.clone());
            }
        }
        for s in staged.iter_mut() {
            if let Some(r) = field(&mut s.header)
                .as_mut()
                .filter(|r| r.out_of_catalog && r.clas.clave.is_empty())
            {
                if let Some(k) = known.get(&crate::text::fold(&r.clas.nombre)) {
                    r.clas.clave = k.clone();
                    r.fixes.push((
                        "clave",
                        String::new(),
                        k.clone(),
                        "consenso: la misma entrada en otro reporte del documento".into(),
                    ));
                }
            }
        }
    }
    for s in staged.iter_mut() {
        let ramo = s
            .header
            .ramo
            .as_ref()
            .map(|r| r.clas.clave.clone())
            .filter(|k| !k.is_empty());
        if let (Some(u), Some(ramo)) = (s.header.unidad.as_mut(), ramo) {
            let short = (3..=4).contains(&u.clas.clave.len())
                && u.clas.clave.chars().all(|c| c.is_ascii_digit());
            if u.out_of_catalog && short {
                let full = format!("{ramo}{}", u.clas.clave);
                u.fixes.push((
                    "clave",
                    u.clas.clave.clone(),
                    full.clone(),
                    "prefijo de ramo".into(),
                ));
                u.clas.clave = full;
            }
        }
    }
}

/// How many words of `name` the lexicon knows. `asked` remembers the
/// answers: [`Lexicon::contains`] depends on the word alone, and the same
/// words recur in a document's names (the same unit on every report).
fn known_count<'a>(
    name: &'a str,
    lexicon: &Lexicon,
    asked: &mut crate::memo::Map<&'a str, bool>,
) -> usize {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| *asked.entry(w).or_insert_with(|| lexicon.contains(w)))
        .count()
}

/// Values outside the catalog that recur across the document's reports are
/// the same entity: where their spellings differ, the one most reports show
/// (or, on a tie, the one with more known words) is taken for all.
fn settle_texto_names(staged: &mut [Staged], lexicon: &Lexicon) {
    // Every out-of-catalog value: (report, field, position in a list).
    let mut slots: Vec<(usize, u8, usize)> = vec![];
    for (i, s) in staged.iter().enumerate() {
        let h = &s.header;
        for (f, r) in [(0u8, &h.ramo), (1, &h.programa), (2, &h.unidad)] {
            if r.as_ref().is_some_and(|r| r.out_of_catalog) {
                slots.push((i, f, 0));
            }
        }
        for (f, list) in [(3u8, &h.ejes), (4, &h.lineas)] {
            for (k, r) in list.iter().enumerate() {
                if r.out_of_catalog {
                    slots.push((i, f, k));
                }
            }
        }
    }
    fn get<'a>(
        staged: &'a mut [Staged],
        (i, f, k): (usize, u8, usize),
    ) -> Option<&'a mut Resolved> {
        let h = &mut staged[i].header;
        match f {
            0 => h.ramo.as_mut(),
            1 => h.programa.as_mut(),
            2 => h.unidad.as_mut(),
            3 => h.ejes.get_mut(k),
            _ => h.lineas.get_mut(k),
        }
    }
    let values: Vec<(u8, String, String)> = slots
        .iter()
        .filter_map(|&sl| {
            get(staged, sl).map(|r| (sl.1, r.clas.clave.clone(), r.clas.nombre.clone()))
        })
        .collect();
    // Folded once per value, not once per comparison.
    let folded: Vec<Vec<char>> = values
        .iter()
        .map(|v| crate::text::fold(&v.2).chars().collect())
        .collect();
    let same = |a: usize, b: usize| {
        let (va, vb) = (&values[a], &values[b]);
        // A bound a little below 0.8 lets the distance stop early without
        // changing which pairs reach 0.8 (the bound is rounded down).
        va.0 == vb.0
            && (va.1 == vb.1 || va.1.is_empty() || vb.1.is_empty())
            && (va.2 == vb.2
                || crate::text::similarity_at_least(&folded[a], &folded[b], 0.79)
                    .is_some_and(|s| s >= 0.8))
    };
    // Only values that could be the same entity are compared: same field and
    // key, or, without a key, the same first letters (keeps this linear).
    let bucket = |n: usize| -> (u8, String) {
        let v = &values[n];
        if v.1.is_empty() {
            (v.0, folded[n].iter().take(3).collect())
        } else {
            (v.0, v.1.clone())
        }
    };
    let mut buckets: HashMap<(u8, String), Vec<usize>> = HashMap::new();
    for n in 0..values.len() {
        let b = buckets.entry(bucket(n)).or_default();
        if b.len() < 256 {
            b.push(n);
        }
    }
    // The known words of each value, counted once (a value is looked at
    // once for every member of its group).
    let mut known_words: Vec<Option<usize>> = vec![None; values.len()];
    let mut asked = crate::memo::Map::default();
    let mut known_at = |m: usize| match (known_words.get_mut(m), values.get(m)) {
        (Some(slot), Some(v)) => {
            *slot.get_or_insert_with(|| known_count(&v.2, lexicon, &mut asked))
        }
        _ => 0,
    };
    for (n, v) in values.iter().enumerate() {
        let Some(peers) = buckets.get(&bucket(n)) else {
            continue;
        };
        let group: Vec<usize> = peers.iter().copied().filter(|&m| same(n, m)).collect();
        if group.len() < 2 {
            continue;
        }
        let mut best: Option<(usize, usize, &String)> = None;
        for &w in &group {
            let name = &values[w].2;
            let count = group.iter().filter(|&&x| values[x].2 == *name).count();
            let key = (count, known_at(w));
            if best.is_none_or(|b| key > (b.0, b.1)) {
                best = Some((key.0, key.1, name));
            }
        }
        let Some((count, words, name)) = best else {
            continue;
        };
        let mine = (
            group.iter().filter(|&&x| values[x].2 == v.2).count(),
            known_at(n),
        );
        if mine == (count, words) {
            // A tie: nothing tells which spelling is right.
            continue;
        }
        if *name != v.2 {
            if let Some(r) = get(staged, slots[n]) {
                r.fixes.push((
                    "nombre",
                    r.clas.nombre.clone(),
                    name.clone(),
                    "consenso: la misma entrada en otros reportes del documento".into(),
                ));
                r.clas.nombre = name.clone();
            }
        }
    }
}

fn inferred(kind: Kind, catalog: &Catalog, key: &str, confianza: f64) -> Option<Resolved> {
    let table = catalog.table(kind);
    let e = &table.entries[table.by_clave(key)?];
    let shown = match kind {
        Kind::Finalidad | Kind::Funcion | Kind::Subfuncion => {
            key.rsplit('.').next().unwrap_or(key).to_string()
        }
        _ => key.to_string(),
    };
    Some(Resolved {
        clas: Clasificacion {
            clave: shown,
            nombre: e.nombre.clone(),
            siglas: e.siglas.clone(),
            origen: Origen::Inferido,
            confianza,
            original: None,
        },
        key: Some(key.to_string()),
        line: None,
        fixes: vec![],
        out_of_catalog: false,
    })
}

/// Fills header fields a report lacks from what the catalog or the other
/// reports of the document determine; the rest get CAMPO_FALTANTE.
fn infer_header(staged: &mut [Staged], catalog: &Catalog) {
    // What the document as a whole says, computed once (linear in reports).
    fn distinct(staged: &[Staged], f: fn(&Header) -> &Option<Resolved>) -> Vec<String> {
        let mut out: Vec<String> = vec![];
        for s in staged {
            if let Some(k) = f(&s.header).as_ref().and_then(|r| r.key.clone()) {
                if !out.contains(&k) {
                    out.push(k);
                    if out.len() > 8 {
                        break;
                    }
                }
            }
        }
        out
    }
    let only = |v: &[String]| -> Option<String> { (v.len() == 1).then(|| v[0].clone()) };
    let ramos = distinct(staged, |h| &h.ramo);
    let finalidades = distinct(staged, |h| &h.finalidad);
    let funciones = distinct(staged, |h| &h.funcion);
    let subfunciones = distinct(staged, |h| &h.subfuncion);
    // The programa each unit shows elsewhere; None where reports disagree.
    let mut unit_prog: HashMap<String, Option<Resolved>> = HashMap::new();
    for s in staged.iter() {
        if let (Some(u), Some(p)) = (&s.header.unidad, &s.header.programa) {
            let e = unit_prog
                .entry(u.clas.clave.clone())
                .or_insert_with(|| Some(p.clone()));
            if e.as_ref()
                .is_some_and(|q| q.clas.clave != p.clas.clave || q.clas.nombre != p.clas.nombre)
            {
                *e = None;
            }
        }
    }
    for s in staged.iter_mut() {
        let h = &s.header;
        let mut add: Vec<(&'static str, Option<Resolved>, String)> = vec![];
        if h.programa.is_none() {
            // The unit's only programa, or the one its other reports show.
            let by_unit = h.unidad.as_ref().and_then(|u| u.key.clone()).and_then(|u| {
                let t = catalog.table(Kind::UnidadEjecutora);
                let e = &t.entries[t.by_clave(&u)?];
                (e.padres.len() == 1).then(|| e.padres[0].clone())
            });
            let by_peers = h
                .unidad
                .as_ref()
                .and_then(|u| unit_prog.get(&u.clas.clave).cloned().flatten())
                .map(|mut r| {
                    r.clas.origen = Origen::Inferido;
                    r.clas.confianza = 0.8;
                    r.clas.original = None;
                    r.fixes.clear();
                    r.line = None;
                    r.out_of_catalog = false;
                    r
                });
            let value = match by_unit {
                Some(k) => inferred(Kind::Programa, catalog, &k, 0.8),
                None => by_peers,
            };
            add.push(("programa", value, "PROGRAMA".into()));
        }
        if h.ramo.is_none() {
            let by_prog = h
                .programa
                .as_ref()
                .and_then(|p| p.key.clone())
                .and_then(|k| {
                    let t = catalog.table(Kind::Programa);
                    t.entries[t.by_clave(&k)?].padres.first().cloned()
                });
            let key = by_prog.or_else(|| only(&ramos));
            add.push((
                "ramo",
                key.and_then(|k| inferred(Kind::Ramo, catalog, &k, 0.8)),
                "RAMO".into(),
            ));
        }
        if h.subfuncion.is_none() {
            let fun = h.funcion.as_ref().and_then(|f| f.key.clone());
            let peers: Vec<String> = subfunciones
                .iter()
                .filter(|k| fun.as_ref().is_none_or(|f| k.starts_with(&format!("{f}."))))
                .cloned()
                .collect();
            add.push((
                "subfuncion",
                only(&peers).and_then(|k| inferred(Kind::Subfuncion, catalog, &k, 0.8)),
                "SUBFUNCIÓN".into(),
            ));
        }
        if h.funcion.is_none() {
            let from_sub = h
                .subfuncion
                .as_ref()
                .and_then(|s| s.key.clone())
                .and_then(|k| k.rsplit_once('.').map(|p| p.0.to_string()));
            let key = from_sub.or_else(|| only(&funciones));
            add.push((
                "funcion",
                key.and_then(|k| inferred(Kind::Funcion, catalog, &k, 0.8)),
                "FUNCIÓN".into(),
            ));
        }
        if h.finalidad.is_none() {
            let from_fun = h
                .funcion
                .as_ref()
                .or(h.subfuncion.as_ref())
                .and_then(|f| f.key.clone())
                .and_then(|k| k.split('.').next().map(str::to_string));
            let key = from_fun.or_else(|| only(&finalidades));
            add.push((
                "finalidad",
                key.and_then(|k| inferred(Kind::Finalidad, catalog, &k, 0.8)),
                "FINALIDAD".into(),
            ));
        }
        if h.unidad.is_none() {
            add.push(("unidad_ejecutora", None, "UNIDAD EJECUTORA".into()));
        }
        let line = s
            .header
            .first_line
            .or(s.raw.pages.first().map(|p| p.linea_inicio));
        for (field, value, label) in add {
            let msg = match &value {
                Some(v) => format!(
                    "El encabezado no trae el valor de {label}; se infirió {} {} (catálogo y demás reportes del documento).",
                    v.clas.clave, v.clas.nombre
                ),
                None => format!("El encabezado no trae el valor de {label} y no se pudo deducir."),
            };
            s.avisos.push(Aviso::new("CAMPO_FALTANTE", msg, line));
            let slot = match field {
                "programa" => &mut s.header.programa,
                "ramo" => &mut s.header.ramo,
                "subfuncion" => &mut s.header.subfuncion,
                "funcion" => &mut s.header.funcion,
                "finalidad" => &mut s.header.finalidad,
                _ => &mut s.header.unidad,
            };
            *slot = value;
        }
    }
}

/// Records a classification's corrections under its path.
fn take(
    r: Option<Resolved>,
    path: &str,
    fixes: &mut Vec<Correccion>,
    avisos: &mut Vec<Aviso>,
) -> Option<Clasificacion> {
    Some(note(r?, path, fixes, avisos))
}

/// Records the corrections of `r` under `path` and returns its
/// classification: the corrections' texts are moved, not copied.
fn note(
    r: Resolved,
    path: impl std::fmt::Display,
    fixes: &mut Vec<Correccion>,
    avisos: &mut Vec<Aviso>,
) -> Clasificacion {
    let Resolved {
        clas,
        line,
        fixes: own,
        out_of_catalog,
        ..
    } = r;
    for (field, original, corregido, motivo) in own {
        fixes.push(Correccion {
            campo: format!("{path}/{field}"),
            original,
            corregido,
            motivo,
            linea: line,
        });
    }
    if out_of_catalog {
        avisos.push(Aviso::new(
            "FUERA_DE_CATALOGO",
            format!(
                "{path}: «{}» no corresponde a ninguna entrada del catálogo; se conserva el texto.",
                clas.original.as_deref().unwrap_or("")
            ),
            line,
        ));
    }
    clas
}

fn assemble(
    s: Staged,
    settled: Vec<Option<firmas::Settled>>,
    units: &Units,
    lexicon: &Lexicon,
) -> Reporte {
    let Staged {
        raw,
        title,
        header,
        mut avisos,
    } = s;
    let mut correcciones = title.correcciones;
    let h = header;
    let ramo = take(h.ramo, "/ramo", &mut correcciones, &mut avisos);
    let programa = take(h.programa, "/programa", &mut correcciones, &mut avisos);
    let unidad_ejecutora = take(
        h.unidad,
        "/unidad_ejecutora",
        &mut correcciones,
        &mut avisos,
    );
    let finalidad = take(h.finalidad, "/finalidad", &mut correcciones, &mut avisos);
    let funcion = take(h.funcion, "/funcion", &mut correcciones, &mut avisos);
    let subfuncion = take(h.subfuncion, "/subfuncion", &mut correcciones, &mut avisos);
    let mut ejes = Vec::with_capacity(h.ejes.len());
    for (i, r) in h.ejes.into_iter().enumerate() {
        // (The path written out only for a correction or a warning.)
        let path = format_args!("/ejes/{i}");
        ejes.push(note(r, path, &mut correcciones, &mut avisos));
    }
    let mut lineas_accion = Vec::with_capacity(h.lineas.len());
    for (i, r) in h.lineas.into_iter().enumerate() {
        let path = format_args!("/lineas_accion/{i}");
        lineas_accion.push(note(r, path, &mut correcciones, &mut avisos));
    }
    for d in &h.discarded {
        avisos.push(Aviso::new(
            "TEXTO_NO_ASIGNADO",
            d.text.clone(),
            Some(d.line),
        ));
    }
    let declared: Vec<String> = lineas_accion.iter().map(|l| l.clave.clone()).collect();
    let quarter = title.periodo.as_ref().map(|p| p.trimestre);
    let (acciones, mut fixes) = table::acciones(units, &raw.rows, quarter, lexicon, &declared);
    correcciones.append(&mut fixes);
    let mut firmas: Vec<Firma> = vec![];
    let mut seen: HashMap<crate::model::Cargo, usize> = HashMap::new();
    for (f, st) in raw.firmas.iter().zip(settled) {
        let Some(st) = st else {
            avisos.push(Aviso::new(
                "CAMPO_FALTANTE",
                "Falta el nombre sobre la firma.",
                Some(f.role_line),
            ));
            continue;
        };
        if seen.contains_key(&st.firma.cargo) {
            avisos.push(Aviso::new(
                "FIRMA_REPETIDA",
                format!(
                    "Otra firma del mismo cargo: {}",
                    st.firma.original.as_deref().unwrap_or("")
                ),
                Some(st.line),
            ));
            continue;
        }
        seen.insert(st.firma.cargo, firmas.len());
        if let Some(m) = &st.motivo {
            correcciones.push(Correccion {
                campo: format!("/firmas/{}/nombre", firmas.len()),
                original: st.firma.original.clone().unwrap_or_default(),
                corregido: st.firma.nombre.clone(),
                motivo: m.clone(),
                linea: Some(st.line),
            });
        }
        firmas.push(st.firma);
    }
    for sc in &raw.scribbles {
        avisos.push(Aviso::new(
            "RUBRICA_DESCARTADA",
            format!("Rúbrica o garabato descartado: {}", sc.text),
            Some(sc.line),
        ));
    }
    for u in &raw.unassigned {
        avisos.push(Aviso::new(
            "TEXTO_NO_ASIGNADO",
            u.text.clone(),
            Some(u.line),
        ));
    }
    if acciones.is_empty() {
        avisos.push(Aviso::new(
            "SIN_ACCIONES",
            "El reporte no trae filas en la tabla de metas y acciones.",
            raw.pages.first().map(|p| p.linea_inicio),
        ));
    }
    Reporte {
        paginas: raw.pages.clone(),
        municipio: title.municipio,
        estado: title.estado,
        ayuntamiento: title.ayuntamiento,
        documento: title.documento,
        ejercicio: title.ejercicio,
        formato: title.formato,
        titulo: title.titulo,
        periodo: title.periodo,
        ramo,
        programa,
        unidad_ejecutora,
        finalidad,
        funcion,
        subfuncion,
        ejes,
        lineas_accion,
        acciones,
        firmas,
        correcciones,
        avisos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known words counted with the remembered answers are the words the
    /// lexicon knows, asked afresh: names sharing words, in any order,
    /// with accents, case and punctuation.
    #[test]
    fn remembered_known_words_are_the_lexicon_s() {
        let lexicon = Lexicon::new(["BISOM"]);
        let names = [
            "DIRECCIÓN DE OBRAS PÚBLICAS",
            "DIRECCION DE OBRAS PUBLICAS",
            "direccion de obras",
            "BISOM, REINGENIERÍA Y XQZW",
            "OBRAS PÚBLICAS DE LA DIRECCIÓN",
            "XQZW BISOM obras",
            "",
            "  DE--DE  ",
        ];
        let mut asked = crate::memo::Map::default();
        let mut known = 0;
        for _ in 0..2 {
            for name in names {
                let fresh = name
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| lexicon.contains(w))
                    .count();
                assert_eq!(known_count(name, &lexicon, &mut asked), fresh, "{name}");
                known += fresh;
            }
        }
        assert!(known > 20, "{known}");
    }
}
