//! The title block: municipio, estado, ayuntamiento, documento, ejercicio,
//! formato, titulo and periodo.

use super::Memo;
use crate::catalog::{Catalog, Kind, Match};
use crate::layout::{ayuntamiento_at, month, RawTitle, Span};
use crate::memo::Map;
use crate::model::{Correccion, Periodo};
use crate::text::{fold, similarity, squash, upper, Scorer};

/// The resolved title fields of a report.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Title {
    pub(crate) municipio: Option<String>,
    pub(crate) estado: Option<String>,
    pub(crate) ayuntamiento: Option<String>,
    pub(crate) documento: Option<String>,
    pub(crate) ejercicio: Option<i64>,
    pub(crate) formato: Option<String>,
    pub(crate) titulo: Option<String>,
    pub(crate) periodo: Option<Periodo>,
    pub(crate) correcciones: Vec<Correccion>,
}

fn fix(campo: &str, original: &str, corregido: &str, motivo: &str, line: usize) -> Correccion {
    Correccion {
        campo: campo.to_string(),
        original: original.to_string(),
        corregido: corregido.to_string(),
        motivo: motivo.to_string(),
        linea: Some(line),
    }
}

/// The parts of a document's titles already resolved, by field and printed
/// text: every page of a document prints the same title block, and most
/// pages' OCR reads it the same way.
#[derive(Default)]
pub(crate) struct Seen {
    parts: [Map<String, Title>; 4],
}

/// Resolves a report's title block against the catalog.
#[cfg(test)]
pub(crate) fn resolve(raw: &RawTitle, catalog: &Catalog, memo: &Memo) -> Title {
    resolve_with(raw, catalog, memo, &mut Seen::default())
}

/// [`resolve`], reusing the parts of titles of the same document in `seen`.
///
/// Exact: each part (the ayuntamiento, documento, titulo and formato lines)
/// is a function of its printed text alone, but for the line its
/// corrections point to, which is set afresh; and each part sets its own
/// fields of a title that starts empty, so a part resolved on its own and
/// merged in is the part resolved in place.
pub(crate) fn resolve_with(
    raw: &RawTitle,
    catalog: &Catalog,
    memo: &Memo,
    seen: &mut Seen,
) -> Title {
    type Part = fn(&Span, &Catalog, &Memo, &mut Title);
    let parts: [(&Option<Span>, Part); 4] = [
        (&raw.ayuntamiento, ayuntamiento),
        (&raw.documento, documento),
        (&raw.titulo, titulo),
        (&raw.formato, formato),
    ];
    let mut t = Title::default();
    for ((span, part), cache) in parts.into_iter().zip(&mut seen.parts) {
        let Some(s) = span else { continue };
        let mut p = match cache.get(&s.text) {
            Some(p) => p.clone(),
            None => {
                let mut p = Title::default();
                part(s, catalog, memo, &mut p);
                cache.insert(s.text.clone(), p.clone());
                p
            }
        };
        for c in &mut p.correcciones {
            c.linea = Some(s.line);
        }
        t.municipio = p.municipio.or(t.municipio);
        t.estado = p.estado.or(t.estado);
        t.ayuntamiento = p.ayuntamiento.or(t.ayuntamiento);
        t.documento = p.documento.or(t.documento);
        t.ejercicio = p.ejercicio.or(t.ejercicio);
        t.formato = p.formato.or(t.formato);
        t.titulo = p.titulo.or(t.titulo);
        t.correcciones.append(&mut p.correcciones);
    }
    if let Some(s) = &raw.fecha {
        let (periodo, year) = periodo(&s.text);
        t.periodo = periodo;
        if t.ejercicio.is_none() {
            t.ejercicio = year;
        }
    }
    t
}

/// `AVANCE FÍSICO PROGRAMÁTICO`.
fn titulo(s: &Span, catalog: &Catalog, _: &Memo, t: &mut Title) {
    let names = catalog.formatos.iter().map(|(_, titulo)| titulo);
    let names = names.filter(|titulo| !titulo.is_empty());
    let text = upper(&squash(&s.text));
    let titulo = closest_named(&fold(&s.text), text, names, "/titulo", s.line, t);
    t.titulo = Some(titulo);
}

/// `TMM-F004`.
fn formato(s: &Span, catalog: &Catalog, _: &Memo, t: &mut Title) {
    let text = upper(&squash(&s.text)).replace(' ', "");
    let claves = catalog.formatos.iter().map(|(clave, _)| clave);
    let formato = closest_named(&fold(&text), text, claves, "/formato", s.line, t);
    t.formato = Some(formato);
}

/// The name of `names` most like the printed `text` (`folded` is what is
/// compared), the last of equals, if at least 0.8 similar: `text` is
/// corrected to it, the correction noted for `campo`; else `text` as it is.
fn closest_named<'a>(
    folded: &str,
    text: String,
    names: impl Iterator<Item = &'a String>,
    campo: &str,
    line: usize,
    t: &mut Title,
) -> String {
    let best = names
        .map(|name| (name, similarity(folded, &fold(name))))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    match best {
        Some((name, sim)) if sim >= 0.8 => {
            if text != *name {
                t.correcciones
                    .push(fix(campo, &text, name, "catalogo", line));
            }
            name.clone()
        }
        _ => text,
    }
}

/// `XXV AYUNTAMIENTO DE MEXICALI DE BAJA CALIFORNIA`.
fn ayuntamiento(s: &Span, catalog: &Catalog, memo: &Memo, t: &mut Title) {
    let words: Vec<String> = fold(&s.text).split(' ').map(str::to_string).collect();
    let refs: Vec<&str> = words.iter().map(String::as_str).collect();
    let Some((k, after)) = ayuntamiento_at(&refs) else {
        return;
    };
    let roman: Vec<&str> = words[..k]
        .iter()
        .map(String::as_str)
        .filter(|w| *w != "H")
        .collect();
    if let Some(r) = roman.last() {
        t.ayuntamiento = Some(roman_numeral(r));
    }
    let mut rest: &[String] = &words[after..];
    if rest.first().is_some_and(|w| w == "DE" || w == "DEL") {
        rest = &rest[1..];
    }
    if rest.is_empty() {
        return;
    }
    // Try every split "MUNICIPIO DE ESTADO" and keep the best-scoring one.
    let mut best: Option<(f64, Option<usize>, Option<usize>, usize)> = None;
    let splits = (0..rest.len())
        .filter(|&j| rest[j] == "DE")
        .map(Some)
        .chain([None]);
    for j in splits {
        let (muni, estado) = match j {
            Some(j) => (rest[..j].join(" "), rest[j + 1..].join(" ")),
            None => (rest.join(" "), String::new()),
        };
        if muni.is_empty() {
            continue;
        }
        let est_ok = (!estado.is_empty())
            .then(|| estado_match(catalog, &estado))
            .flatten();
        // A split whose score cannot beat the best one even with a perfect
        // municipio needs no look-up (scores are at most 1).
        let ceiling = 2.0 * est_ok.map_or(0.0, |m| m.score) + 1.0;
        if best.is_some_and(|b| ceiling <= b.0) {
            continue;
        }
        let state_key = est_ok.map(|m| catalog.entries(Kind::Estado)[m.index].clave.clone());
        let mun = memo
            .lookup(catalog, Kind::Municipio, &muni, 0.6)
            .into_iter()
            .filter(|m| {
                state_key.as_ref().is_none_or(|k| {
                    catalog.entries(Kind::Municipio)[m.index].padres.first() == Some(k)
                })
            })
            .take(2)
            .collect::<Vec<_>>();
        let mun_ok = mun
            .first()
            .filter(|m| m.score >= 0.8 && mun.get(1).is_none_or(|r| m.score - r.score >= 0.05));
        // The state, last on the line, is the surer anchor: it weighs double.
        let score = 2.0 * est_ok.map_or(0.0, |m| m.score) + mun_ok.map_or(0.0, |m| m.score);
        let cut = j.unwrap_or(rest.len());
        if best.is_none_or(|b| score > b.0) {
            best = Some((score, est_ok.map(|m| m.index), mun_ok.map(|m| m.index), cut));
        }
    }
    let Some((_, est, mun, cut)) = best else {
        return;
    };
    let printed_muni = upper(&squash(&original_words(&s.text, &rest[..cut])));
    t.municipio = Some(match mun {
        Some(i) => {
            let name = catalog.entries(Kind::Municipio)[i].nombre.clone();
            if fold(&printed_muni) != fold(&name) {
                t.correcciones.push(fix(
                    "/municipio",
                    &printed_muni,
                    &name,
                    "catalogo (INEGI)",
                    s.line,
                ));
            }
            name
        }
        None => printed_muni,
    });
    t.estado = match est {
        Some(i) => Some(catalog.entries(Kind::Estado)[i].nombre.clone()),
        None if cut + 1 < rest.len() => {
            Some(upper(&squash(&original_words(&s.text, &rest[cut + 1..]))))
        }
        None => None,
    };
}

/// The state a folded name means; official names are long (`COAHUILA DE
/// ZARAGOZA`) and the form prints the short one (`COAHUILA`).
fn estado_match(catalog: &Catalog, folded: &str) -> Option<Match> {
    let table = catalog.table(Kind::Estado);
    // A name printed exactly scores 1, which nothing else reaches (every
    // edit costs): the first such entry is the answer the scan would give.
    let exact = table
        .folded
        .iter()
        .position(|f| f == folded || short_name(f) == folded);
    if let Some(index) = exact {
        return Some(Match { index, score: 1.0 });
    }
    let q: Vec<char> = folded.chars().collect();
    // One scorer for the printed name against every state: each answer is
    // the one `similarity_at_least` gives.
    Scorer::with(&q, |scorer| estado_scan(table, scorer))
}

/// [`estado_match`]'s scan of the states, with `scorer` prepared for the
/// printed name.
fn estado_scan(table: &crate::catalog::Table, scorer: &mut Scorer) -> Option<Match> {
    let mut short: Vec<char> = vec![];
    table
        .chars
        .iter()
        .enumerate()
        .filter_map(|(i, full)| {
            let f = table.folded.get(i)?;
            // The name's prepared side: the answer `similarity_at_least`
            // gives, its counts not made anew per printed name.
            let mut s = match table.prepared.get(i) {
                Some(p) => scorer.similarity_prepared(full, p, 0.8),
                None => scorer.similarity_at_least(full, 0.8),
            }
            .unwrap_or(0.0);
            // A name with no short form is its own short form: the same
            // score again.
            let sf = short_name(f);
            if sf.len() < f.len() {
                short.clear();
                short.extend(sf.chars());
                if let Some(t) = scorer.similarity_at_least(&short, 0.8) {
                    s = s.max(t);
                }
            }
            (s >= 0.8).then_some(Match { index: i, score: s })
        })
        .max_by(|a, b| a.score.total_cmp(&b.score).then(b.index.cmp(&a.index)))
}

/// The short name of a state the form prints (`COAHUILA` for `COAHUILA DE
/// ZARAGOZA`), from its folded official name.
fn short_name(folded: &str) -> &str {
    // `folded.split(" DE ").next()`: up to the first ` DE `, found by a
    // plain scan (a substring searcher costs more to set up than these
    // short names take to scan, and every state's is asked per split).
    match folded.as_bytes().windows(4).position(|w| w == b" DE ") {
        Some(i) => folded.get(..i).unwrap_or(folded),
        None => folded,
    }
}

/// The original (accented) spelling of a run of folded words of `text`.
fn original_words(text: &str, folded: &[String]) -> String {
    let orig: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = folded.join(" ");
    for start in 0..orig.len() {
        let end = start + folded.len();
        if end <= orig.len() && fold(&orig[start..end].join(" ")) == joined {
            return orig[start..end].join(" ");
        }
    }
    joined
}

/// Fixes OCR confusions in a Roman numeral (`XXY` → `XXV`, `XX1` → `XXI`).
fn roman_numeral(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '1' | 'L' if s.len() > 1 => 'I',
            'Y' | 'U' => 'V',
            c => c,
        })
        .collect()
}

/// `PROGRAMA OPERATIVO ANUAL 2026`.
fn documento(s: &Span, catalog: &Catalog, _: &Memo, t: &mut Title) {
    let text = upper(&squash(&s.text));
    let mut name = vec![];
    for w in text.split(' ') {
        let digits: String = w.chars().map(|c| if c == 'O' { '0' } else { c }).collect();
        if w.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(y) = digits.parse::<i64>() {
                if (1990..=2100).contains(&y) {
                    t.ejercicio = Some(y);
                    continue;
                }
            }
        }
        name.push(w);
    }
    let name = name.join(" ");
    let documento = closest_named(
        &fold(&name),
        name,
        catalog.documentos.iter(),
        "/documento",
        s.line,
        t,
    );
    t.documento = Some(documento);
}

/// The quarter a period text names (`ENERO - MARZO`, `Ene-Mar-26`,
/// `PRIMER TRIMESTRE`), and a year if it carries one.
pub(crate) fn periodo(text: &str) -> (Option<Periodo>, Option<i64>) {
    let f = fold(text);
    let words: Vec<&str> = f.split(' ').collect();
    let months: Vec<u8> = words.iter().filter_map(|w| month(w)).collect();
    let mut year = None;
    for w in &words {
        if w.chars().all(|c| c.is_ascii_digit()) {
            match w.len() {
                4 => year = w.parse::<i64>().ok().filter(|y| (1990..=2100).contains(y)),
                2 if !months.is_empty() => year = w.parse::<i64>().ok().map(|y| 2000 + y),
                _ => {}
            }
        }
    }
    let q = if let Some(&last) = months.last() {
        Some((last - 1) / 3 + 1)
    } else if words.iter().any(|w| similarity(w, "TRIMESTRE") >= 0.8) {
        let ordinals = [
            ("PRIMER", 1),
            ("1ER", 1),
            ("SEGUNDO", 2),
            ("2DO", 2),
            ("TERCER", 3),
            ("3ER", 3),
            ("CUARTO", 4),
            ("4TO", 4),
        ];
        words.iter().find_map(|w| {
            ordinals
                .iter()
                .find(|(o, _)| similarity(w, o) >= 0.8)
                .map(|(_, q)| *q)
        })
    } else {
        None
    };
    (q.and_then(Periodo::trimestre), year)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The scan finds what `split` finds: names with `DE` as a word,
        /// inside words, doubled and at either end.
        #[test]
        fn short_name_is_the_first_split(f in "((DE|D|E|COAHUILA|ÑE| )( |DE ){0,2}){0,6}") {
            proptest::prop_assert_eq!(short_name(&f), f.split(" DE ").next().unwrap_or(&f));
        }
    }

    /// [`estado_match`] as it was before its prepared scorer.
    fn estado_match_reference(catalog: &Catalog, folded: &str) -> Option<Match> {
        use crate::text::similarity_at_least;
        let table = catalog.table(Kind::Estado);
        let exact = table
            .folded
            .iter()
            .position(|f| f == folded || short_name(f) == folded);
        if let Some(index) = exact {
            return Some(Match { index, score: 1.0 });
        }
        let q: Vec<char> = folded.chars().collect();
        table
            .chars
            .iter()
            .enumerate()
            .filter_map(|(i, full)| {
                let f = &table.folded[i];
                let short: Vec<char> = short_name(f).chars().collect();
                let s = similarity_at_least(&q, full, 0.8)
                    .into_iter()
                    .chain(similarity_at_least(&q, &short, 0.8))
                    .fold(0.0, f64::max);
                (s >= 0.8).then_some(Match { index: i, score: s })
            })
            .max_by(|a, b| a.score.total_cmp(&b.score).then(b.index.cmp(&a.index)))
    }

    #[test]
    fn state_match_is_the_full_scan() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let catalog = Catalog::default();
        let bank = Bank::new(100, 31);
        let mut rng = Rng::new(37);
        let names: Vec<String> = catalog.table(Kind::Estado).folded.clone();
        let mut found = 0;
        for _ in 0..3000 {
            let name = &names[rng.below(names.len())];
            let printed = match rng.below(4) {
                0 => short_name(name).to_string(),
                1 => noisy(short_name(name), &bank, &mut rng),
                _ => noisy(name, &bank, &mut rng),
            };
            let f = fold(&printed);
            let (got, want) = (
                estado_match(&catalog, &f),
                estado_match_reference(&catalog, &f),
            );
            assert_eq!(
                got.map(|m| (m.index, m.score)),
                want.map(|m| (m.index, m.score)),
                "{f}"
            );
            found += usize::from(want.is_some());
        }
        assert!(found > 1000, "{found}");
    }

    /// Titles resolved with the parts of earlier titles of a document are
    /// the titles resolved afresh: texts repeated from a small pool (noisy
    /// or not, some parts missing) on other lines.
    #[test]
    fn seen_parts_give_the_fresh_title() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let (catalog, memo) = (Catalog::default(), Memo::default());
        let bank = Bank::new(100, 41);
        let mut rng = Rng::new(43);
        let bases = [
            "XXV AYUNTAMIENTO DE MEXICALI DE BAJA CALIFORNIA",
            "H. XIX AYUNTAMIENTO DE SAN PEDRO GARZA GARCIA DE NUEVO LEON",
            "PROGRAMA OPERATIVO ANUAL 2026",
            "AVANCE FÍSICO PROGRAMÁTICO",
            "TMM-F004",
        ];
        let pool: Vec<String> = (0..40)
            .map(|i| {
                let base = bases[i % bases.len()];
                if i < 10 {
                    base.to_string()
                } else {
                    noisy(base, &bank, &mut rng)
                }
            })
            .collect();
        let mut seen = Seen::default();
        let mut fixed = 0;
        for _ in 0..400 {
            let mut pick = || {
                (rng.below(5) > 0).then(|| Span {
                    text: pool[rng.below(pool.len())].clone(),
                    line: rng.below(90),
                })
            };
            let raw = RawTitle {
                ayuntamiento: pick(),
                documento: pick(),
                titulo: pick(),
                formato: pick(),
                fecha: pick(),
            };
            let fresh = resolve(&raw, &catalog, &memo);
            assert_eq!(
                resolve_with(&raw, &catalog, &memo, &mut seen),
                fresh,
                "{raw:?}"
            );
            fixed += fresh.correcciones.len();
        }
        assert!(fixed > 100, "{fixed}");
    }

    fn span(s: &str) -> Option<Span> {
        Some(Span {
            text: s.to_string(),
            line: 1,
        })
    }

    #[test]
    fn title_block() {
        let raw = RawTitle {
            ayuntamiento: span("XXV AYUNTAMIENTO DE MEXICALTI DE BAJA CALIFORNIA"),
            documento: span("PROGRAMA OPERATIVO ANUAL 2026"),
            titulo: span("AVANCE FISICO PROGRAMÁTICO"),
            formato: span("TMM-FO04"),
            fecha: span("ENERO - MARZO"),
        };
        let t = resolve(&raw, &Catalog::default(), &Memo::default());
        assert_eq!(t.municipio.as_deref(), Some("MEXICALI"));
        assert_eq!(t.estado.as_deref(), Some("BAJA CALIFORNIA"));
        assert_eq!(t.ayuntamiento.as_deref(), Some("XXV"));
        assert_eq!(t.documento.as_deref(), Some("PROGRAMA OPERATIVO ANUAL"));
        assert_eq!(t.ejercicio, Some(2026));
        assert_eq!(t.formato.as_deref(), Some("TMM-F004"));
        assert_eq!(t.titulo.as_deref(), Some("AVANCE FÍSICO PROGRAMÁTICO"));
        assert_eq!(t.periodo, Periodo::trimestre(1));
        assert!(t
            .correcciones
            .iter()
            .any(|c| c.campo == "/municipio" && c.corregido == "MEXICALI"));
    }

    #[test]
    fn other_municipalities() {
        let raw = RawTitle {
            ayuntamiento: span("XXIV AYUNTAMIENTO DE ENSENAOA DE BAJA CALIFORNIA"),
            ..RawTitle::default()
        };
        let t = resolve(&raw, &Catalog::default(), &Memo::default());
        assert_eq!(
            (t.municipio.as_deref(), t.ayuntamiento.as_deref()),
            (Some("ENSENADA"), Some("XXIV"))
        );
        let raw = RawTitle {
            ayuntamiento: span("H. AYUNTAMIENTO DE SAN PEDRO DE LAS COLONIAS DE COAHUILA"),
            ..RawTitle::default()
        };
        let t = resolve(&raw, &Catalog::default(), &Memo::default());
        assert_eq!(t.estado.as_deref(), Some("COAHUILA DE ZARAGOZA"));
        assert!(t.municipio.unwrap().starts_with("SAN PEDRO"));
    }

    #[test]
    fn periods() {
        for (s, q) in [
            ("Ene-Mar-26", 1),
            ("ENERO-MARZO 2026", 1),
            ("Abril - Junio", 2),
            ("JUL-SEP", 3),
            ("Octubre a Diciembre", 4),
            ("SEGUNDO TRIMESTRE", 2),
        ] {
            assert_eq!(periodo(s).0.map(|p| p.trimestre), Some(q), "{s}");
        }
        assert_eq!(periodo("Ene-Mar-26").1, Some(2026));
        assert_eq!(periodo("_____").0, None);
    }
}
