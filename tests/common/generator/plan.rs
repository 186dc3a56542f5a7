//! The content of a document, before any layout or noise: its entities
//! (in or out of the catalog, respecting the catalog's hierarchy), its
//! reports, their rows and the arithmetic those rows obey.

use std::collections::{BTreeMap, BTreeSet};

use poa_ocr::catalog::{Entry, Kind};
use poa_ocr::text::upper;

use super::bank::{self, Activity};
use super::rng::Rng;
use super::table::Values;
use super::{data, GenConfig};

/// A classification value: ramo, programa, unidad, CONAC level, eje, línea.
#[derive(Clone, Debug, PartialEq)]
pub struct Ent {
    pub clave: String,
    pub nombre: String,
    pub siglas: Option<String>,
    /// Not in the default catalog.
    pub ooc: bool,
}

impl Ent {
    fn cat(e: &Entry) -> Ent {
        Ent {
            clave: e.clave.clone(),
            nombre: e.nombre.clone(),
            siglas: e.siglas.clone(),
            ooc: false,
        }
    }

    /// A CONAC entry under the key the output uses: its last component.
    fn conac(e: &Entry) -> Ent {
        let clave = e.clave.rsplit('.').next().unwrap_or(&e.clave).to_string();
        Ent {
            clave,
            nombre: e.nombre.clone(),
            siglas: None,
            ooc: false,
        }
    }

    fn invented(clave: String, nombre: String, siglas: Option<String>) -> Ent {
        Ent {
            clave,
            nombre,
            siglas,
            ooc: true,
        }
    }
}

pub struct Row {
    pub numero: u32,
    pub desc: String,
    pub lineas: Vec<String>,
    pub unidad: String,
    /// The unit is in the catalog's list, so letter noise on it is fixable.
    pub unit_known: bool,
    pub v: Values,
    pub obs: Option<String>,
}

pub struct Report {
    pub prog: usize,
    pub unit: usize,
    pub ejes: Vec<Ent>,
    pub lineas: Vec<Ent>,
    pub rows: Vec<Row>,
    /// Persons signing as responsible of the unidad, the programa, the ramo.
    pub firmas: [usize; 3],
}

pub struct Person {
    pub nombre: String,
    pub ooc: bool,
    /// How many times the name is printed in the document.
    pub prints: usize,
}

pub struct Plan {
    pub municipio: String,
    pub estado: String,
    pub ayuntamiento: String,
    pub ejercicio: i64,
    pub q: usize,
    pub ramo: Ent,
    pub progs: Vec<Ent>,
    /// Finalidad, función, subfunción of each programa.
    pub funcs: Vec<[Ent; 3]>,
    /// The CONAC key of each programa's subfunción (`2.2.2`).
    pub sub_keys: Vec<String>,
    pub units: Vec<Ent>,
    /// The programas each unit reports under in this document.
    pub unit_progs: Vec<BTreeSet<usize>>,
    pub persons: Vec<Person>,
    pub reports: Vec<Report>,
}

pub fn plan(cfg: &GenConfig, r: &mut Rng) -> Plan {
    let d = data();
    let cat = &d.cat;
    let ooc = cfg.out_of_catalog.clamp(0.0, 1.0);
    let q = match cfg.quarter {
        Some(q) => q.clamp(1, 4) as usize,
        None => r.range(1, 4) as usize,
    };
    let ejercicio = r.range(2019, 2027);
    let (municipio, estado) = if r.chance(0.4) || d.municipios.is_empty() {
        ("MEXICALI".to_string(), "BAJA CALIFORNIA".to_string())
    } else {
        r.pick(&d.municipios).clone()
    };
    let ayuntamiento = bank::roman(r.range(12, 30) as u32);

    let cat_ramos = cat.entries(Kind::Ramo);
    let ramo = if cat_ramos.is_empty() || r.chance(ooc) {
        invent_ramo(r)
    } else {
        Ent::cat(r.pick(cat_ramos))
    };

    let (lo, hi) = (
        cfg.reports.0.max(1),
        cfg.reports.1.max(cfg.reports.0.max(1)),
    );
    let n_reports = r.range(lo as i64, hi as i64) as usize;
    let n_progs = 1 + r.below(n_reports.min(3));
    let mut progs: Vec<Ent> = Vec::new();
    for _ in 0..n_progs {
        let avail: Vec<&Entry> = if ramo.ooc {
            vec![]
        } else {
            cat.entries(Kind::Programa)
                .iter()
                .filter(|e| {
                    e.padres.contains(&ramo.clave) && !progs.iter().any(|p| p.clave == e.clave)
                })
                .collect()
        };
        let p = if !avail.is_empty() && !r.chance(ooc) {
            Ent::cat(avail[r.below(avail.len())])
        } else {
            invent_programa(r, &progs)
        };
        progs.push(p);
    }
    let mut funcs: Vec<[Ent; 3]> = Vec::new();
    let mut sub_keys: Vec<String> = Vec::new();
    for i in 0..n_progs {
        if i > 0 && r.chance(0.55) {
            funcs.push(funcs[0].clone());
            sub_keys.push(sub_keys[0].clone());
        } else {
            let (f, k) = random_func(r);
            funcs.push(f);
            sub_keys.push(k);
        }
    }

    // Reports: (programa, unidad) pairs, a unit reusing its programa or another one it has.
    let mut units: Vec<Ent> = Vec::new();
    let mut unit_progs: Vec<BTreeSet<usize>> = Vec::new();
    let mut pairs = Vec::new();
    for i in 0..n_reports {
        let pi = if i < n_progs { i } else { r.below(n_progs) };
        let prog = progs[pi].clone();
        let compatible: Vec<usize> = (0..units.len())
            .filter(|&u| {
                unit_progs[u].contains(&pi)
                    || (!units[u].ooc && !prog.ooc && cat_unit_has(&units[u].clave, &prog.clave))
            })
            .collect();
        let ui = if !compatible.is_empty() && r.chance(0.35) {
            *r.pick(&compatible)
        } else {
            let avail: Vec<&Entry> = if prog.ooc {
                vec![]
            } else {
                cat.entries(Kind::UnidadEjecutora)
                    .iter()
                    .filter(|e| {
                        e.padres.contains(&prog.clave) && !units.iter().any(|u| u.clave == e.clave)
                    })
                    .collect()
            };
            let u = if !avail.is_empty() && !r.chance(ooc) {
                Ent::cat(avail[r.below(avail.len())])
            } else {
                invent_unit(r, &ramo, &units)
            };
            units.push(u);
            unit_progs.push(BTreeSet::new());
            units.len() - 1
        };
        unit_progs[ui].insert(pi);
        pairs.push((pi, ui));
    }
    pairs.sort_by(|a, b| units[a.1].clave.cmp(&units[b.1].clave));

    // Signatories.
    let cat_people = cat.entries(Kind::Firmante);
    let mut persons: Vec<Person> = Vec::new();
    let new_person = |r: &mut Rng, persons: &mut Vec<Person>| -> usize {
        let (nombre, is_ooc) = if !ramo.ooc && !cat_people.is_empty() && !r.chance(ooc) {
            (r.pick(cat_people).nombre.clone(), false)
        } else {
            (random_name(r), true)
        };
        if let Some(i) = persons.iter().position(|p| p.nombre == nombre) {
            return i;
        }
        persons.push(Person {
            nombre,
            ooc: is_ooc,
            prints: 0,
        });
        persons.len() - 1
    };
    let ramo_person = new_person(r, &mut persons);
    let prog_person: Vec<usize> = (0..n_progs)
        .map(|_| {
            if r.chance(0.15) {
                ramo_person
            } else {
                new_person(r, &mut persons)
            }
        })
        .collect();
    let unit_person: Vec<usize> = (0..units.len())
        .map(|u| {
            if r.chance(0.2) {
                let first = unit_progs[u].iter().next().copied().unwrap_or(0);
                if r.chance(0.5) {
                    ramo_person
                } else {
                    prog_person[first]
                }
            } else {
                new_person(r, &mut persons)
            }
        })
        .collect();

    // Report contents.
    let mut eje_names = BTreeMap::new();
    let mut linea_names = BTreeMap::new();
    let mut reports = Vec::new();
    for (ri, &(pi, ui)) in pairs.iter().enumerate() {
        let ejes = pick_ejes(r, ooc, &mut eje_names);
        let lineas = pick_lineas(r, ooc, &ejes, &mut linea_names);
        let rows = rows(r, ri, q, &lineas);
        let firmas = [unit_person[ui], prog_person[pi], ramo_person];
        for &p in &firmas {
            persons[p].prints += 1;
        }
        reports.push(Report {
            prog: pi,
            unit: ui,
            ejes,
            lineas,
            rows,
            firmas,
        });
    }
    Plan {
        municipio,
        estado,
        ayuntamiento,
        ejercicio,
        q,
        ramo,
        progs,
        funcs,
        sub_keys,
        units,
        unit_progs,
        persons,
        reports,
    }
}

pub fn cat_unit_has(unit: &str, prog: &str) -> bool {
    data()
        .cat
        .entries(Kind::UnidadEjecutora)
        .iter()
        .any(|e| e.clave == unit && e.padres.iter().any(|p| p == prog))
}

fn claves(kind: Kind) -> Vec<String> {
    data()
        .cat
        .entries(kind)
        .iter()
        .map(|e| e.clave.clone())
        .collect()
}

fn random_func(r: &mut Rng) -> ([Ent; 3], String) {
    let cat = &data().cat;
    let subs = cat.entries(Kind::Subfuncion);
    for _ in 0..50 {
        let s = r.pick(subs);
        let parts: Vec<&str> = s.clave.split('.').collect();
        if parts.len() != 3 {
            continue;
        }
        let fun_key = format!("{}.{}", parts[0], parts[1]);
        let fin = cat
            .entries(Kind::Finalidad)
            .iter()
            .find(|e| e.clave == parts[0]);
        let fun = cat
            .entries(Kind::Funcion)
            .iter()
            .find(|e| e.clave == fun_key);
        if let (Some(fin), Some(fun)) = (fin, fun) {
            return (
                [Ent::conac(fin), Ent::conac(fun), Ent::conac(s)],
                s.clave.clone(),
            );
        }
    }
    let e = |c: &str, n: &str| Ent {
        clave: c.into(),
        nombre: n.into(),
        siglas: None,
        ooc: false,
    };
    (
        [
            e("2", "DESARROLLO SOCIAL"),
            e("2", "VIVIENDA Y SERVICIOS A LA COMUNIDAD"),
            e("2", "DESARROLLO COMUNITARIO"),
        ],
        "2.2.2".into(),
    )
}

// ---------------------------------------------------------------------------
// Invented entities
// ---------------------------------------------------------------------------

fn noun_phrase(r: &mut Rng) -> (String, bool) {
    let (n, fem) = *r.pick(bank::NOUNS);
    let (m, f) = *r.pick(bank::ADJECTIVES);
    (format!("{n} {}", if fem { f } else { m }), fem)
}

/// `DE` + article + noun phrase, contracted (`DEL`, `AL`).
fn with_article(prep: &str, phrase: &str, fem: bool) -> String {
    match (prep, fem) {
        ("DE", false) => format!("DEL {phrase}"),
        ("A", false) => format!("AL {phrase}"),
        (p, true) => format!("{p} LA {phrase}"),
        (p, false) => format!("{p} EL {phrase}"),
    }
}

fn invent_name(r: &mut Rng, unit: bool) -> String {
    let (np, fem) = noun_phrase(r);
    if unit {
        let head = r.pick(bank::UNIT_HEADS);
        return if r.chance(0.3) {
            let (n2, _) = *r.pick(bank::NOUNS);
            format!("{head} {} Y {n2}", r.pick(bank::NOUNS).0)
        } else {
            format!("{head} {np}")
        };
    }
    match r.below(4) {
        0 => np,
        1 => {
            let head = *r.pick(bank::HEADS);
            let (stem, prep) = head.rsplit_once(' ').unwrap_or((head, "DE"));
            format!("{stem} {}", with_article(prep, &np, fem))
        }
        2 => format!("{np} {}", r.pick(bank::COMPLEMENTS)),
        _ => {
            let (n2, _) = *r.pick(bank::NOUNS);
            format!(
                "{} Y {n2} {}",
                r.pick(bank::NOUNS).0,
                r.pick(bank::COMPLEMENTS)
            )
        }
    }
}

fn acronym(name: &str, r: &mut Rng) -> String {
    let words: Vec<&str> = name
        .split(' ')
        .filter(|w| w.chars().count() > 3 || matches!(*w, "SALUD"))
        .collect();
    let plain = |w: &str| poa_ocr::text::strip_accents(w);
    if r.chance(0.5) || words.len() < 2 {
        words
            .iter()
            .filter_map(|w| plain(w).chars().next())
            .collect()
    } else {
        let a: String = plain(words[0]).chars().take(2).collect();
        let b: String = plain(words[1]).chars().take(2).collect();
        let c: String = words
            .get(2)
            .and_then(|w| plain(w).chars().next())
            .map(String::from)
            .unwrap_or_else(|| "M".into());
        format!("{a}{b}{c}")
    }
}

fn invent_ramo(r: &mut Rng) -> Ent {
    let taken = claves(Kind::Ramo);
    let mut clave = r.range(10, 99).to_string();
    while taken.contains(&clave) {
        clave = r.range(10, 99).to_string();
    }
    let (np, _) = noun_phrase(r);
    let nombre = if r.chance(0.5) {
        format!("{np} MUNICIPAL")
    } else {
        np
    };
    let nombre = nombre.replace("MUNICIPAL MUNICIPAL", "MUNICIPAL");
    let siglas = acronym(&nombre, r);
    Ent::invented(clave, nombre, Some(siglas))
}

fn invent_programa(r: &mut Rng, doc: &[Ent]) -> Ent {
    let taken = claves(Kind::Programa);
    loop {
        let clave = r.range(100, 999).to_string();
        if !taken.contains(&clave) && !doc.iter().any(|p| p.clave == clave) {
            return Ent::invented(clave, invent_name(r, false), None);
        }
    }
}

fn invent_unit(r: &mut Rng, ramo: &Ent, doc: &[Ent]) -> Ent {
    let taken = claves(Kind::UnidadEjecutora);
    loop {
        let clave = format!("{}{}{:02}", ramo.clave, r.range(1, 4), r.range(1, 20));
        if !taken.contains(&clave) && !doc.iter().any(|u| u.clave == clave) {
            return Ent::invented(clave, invent_name(r, true), None);
        }
    }
}

fn invent_eje(r: &mut Rng) -> String {
    let (np, fem) = noun_phrase(r);
    match r.below(4) {
        0 => format!("CIUDAD {}", r.pick(bank::ADJECTIVES).1),
        1 => format!("{np} PARA TODAS LAS PERSONAS"),
        2 => {
            let a = r.pick(bank::ADJECTIVES);
            let b = r.pick(bank::ADJECTIVES);
            format!("GOBIERNO {} Y {}", a.0, b.0)
        }
        _ => {
            let _ = fem;
            format!("{np} {}", r.pick(bank::COMPLEMENTS))
        }
    }
}

fn random_name(r: &mut Rng) -> String {
    let mut s = r.pick(bank::FIRST_NAMES).to_string();
    if r.chance(0.4) {
        s.push(' ');
        s.push_str(r.word(bank::FIRST_NAMES));
    }
    for _ in 0..2 {
        s.push(' ');
        s.push_str(r.word(bank::SURNAMES));
    }
    s
}

fn key_tuple(c: &str) -> Vec<u32> {
    c.split('.').map(|x| x.parse().unwrap_or(0)).collect()
}

fn pick_ejes(r: &mut Rng, ooc: f64, names: &mut BTreeMap<String, String>) -> Vec<Ent> {
    let cat_ejes = data().cat.entries(Kind::Eje);
    let n = 1 + r.weighted(&[40, 25, 20, 10, 5]);
    let mut ejes: Vec<Ent> = Vec::new();
    for _ in 0..n * 4 {
        if ejes.len() >= n {
            break;
        }
        let e = if !cat_ejes.is_empty() && !r.chance(ooc) {
            Ent::cat(r.pick(cat_ejes))
        } else {
            let clave = r.range(6, 9).to_string();
            let nombre = names
                .entry(clave.clone())
                .or_insert_with(|| invent_eje(r))
                .clone();
            Ent::invented(clave, nombre, None)
        };
        if !ejes.iter().any(|x| x.clave == e.clave) {
            ejes.push(e);
        }
    }
    ejes.sort_by_key(|e| key_tuple(&e.clave));
    ejes
}

fn pick_lineas(
    r: &mut Rng,
    ooc: f64,
    ejes: &[Ent],
    names: &mut BTreeMap<String, String>,
) -> Vec<Ent> {
    let cat_lineas = data().cat.entries(Kind::LineaAccion);
    let taken = claves(Kind::LineaAccion);
    let mut out: Vec<Ent> = Vec::new();
    for eje in ejes {
        let k = 1 + r.weighted(&[45, 30, 15, 10]);
        let prefix = format!("{}.", eje.clave);
        let cands: Vec<&Entry> = if eje.ooc {
            vec![]
        } else {
            cat_lineas
                .iter()
                .filter(|e| e.clave.starts_with(&prefix))
                .collect()
        };
        for _ in 0..k {
            if out.len() >= 17 {
                break;
            }
            let l = if !cands.is_empty() && !r.chance(ooc) {
                Ent::cat(cands[r.below(cands.len())])
            } else {
                let mut clave = String::new();
                for _ in 0..20 {
                    let c = format!("{}.{}.{}", eje.clave, r.range(1, 8), r.range(1, 9));
                    if !taken.contains(&c) {
                        clave = c;
                        break;
                    }
                }
                if clave.is_empty() {
                    continue;
                }
                let nombre = names
                    .entry(clave.clone())
                    .or_insert_with(|| invent_name(r, false))
                    .clone();
                Ent::invented(clave, nombre, None)
            };
            if !out.iter().any(|x| x.clave == l.clave) {
                out.push(l);
            }
        }
    }
    if out.is_empty() {
        // Every report declares at least one línea.
        let clave = format!(
            "{}.1.1",
            ejes.first().map(|e| e.clave.as_str()).unwrap_or("1")
        );
        let nombre = match cat_lineas.iter().find(|e| e.clave == clave) {
            Some(e) => return vec![Ent::cat(e)],
            None => names
                .entry(clave.clone())
                .or_insert_with(|| invent_name(r, false))
                .clone(),
        };
        out.push(Ent::invented(clave, nombre, None));
    }
    out.sort_by_key(|e| key_tuple(&e.clave));
    out
}

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

const UNIFORM: &[i64] = &[
    1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 100, 120, 150, 200, 250,
    300, 500, 600, 1000, 2000,
];

/// Units counted in thousands (people served, applications): only these get
/// large targets.
const BIG_UNITS: &[&str] = &[
    "Persona usuaria",
    "Beneficiario",
    "Apoyo",
    "Expediente",
    "Solicitud",
    "Cuestionario",
];

fn values(r: &mut Rng, q: usize, unit: &str) -> Values {
    let mut p = [0i64; 4];
    let big = if BIG_UNITS.contains(&unit) { 30 } else { 0 };
    match r.weighted(&[40, 8, 12, 28, big]) {
        0 => p = [*r.pick(UNIFORM); 4],
        1 => p[r.below(4)] = *r.pick(&[1, 1, 1, 2, 5]),
        2 => {
            let v = *r.pick(&[1, 2, 3, 5, 7, 10, 20]);
            let m = 2 + r.below(2);
            let mut ks = [0usize, 1, 2, 3];
            r.shuffle(&mut ks);
            for &k in &ks[..m] {
                p[k] = v + r.range(0, v / 3);
            }
        }
        3 => {
            let b = *r.pick(&[4, 6, 8, 10, 12, 20, 25, 30, 50, 60, 80, 100, 150, 200, 300]);
            for x in p.iter_mut() {
                *x = (b + r.range(-b / 3, b / 3)).max(1);
            }
        }
        _ => {
            let b = r.range(100, 900) * 10;
            for x in p.iter_mut() {
                *x = (b + r.range(-b / 10, b / 10)) / 10 * 10;
            }
        }
    }
    let mut a = [0i64; 4];
    for k in 0..q {
        a[k] = if p[k] == 0 {
            i64::from(r.chance(0.04))
        } else {
            match r.weighted(&[60, 20, 20]) {
                0 => p[k],
                1 => p[k] + r.range(1, (p[k] / 3).max(1)),
                _ => r.range(0, p[k] - 1),
            }
        };
    }
    finish(p, a, q)
}

fn finish(p: [i64; 4], a: [i64; 4], q: usize) -> Values {
    let meta: i64 = p.iter().sum();
    let abs: i64 = a[..q].iter().sum();
    let rel = if meta > 0 {
        (200 * abs + meta) / (2 * meta)
    } else {
        0
    };
    Values {
        meta,
        p,
        a,
        abs,
        rel,
    }
}

fn fill(template: &str, r: &mut Rng) -> String {
    let mut s = template.to_string();
    let slots: &[(&str, &[&str])] = &[
        ("{tema}", bank::TEMAS),
        ("{ambito}", bank::AMBITOS),
        ("{actor}", bank::ACTORES),
        ("{brigada}", bank::BRIGADAS),
        ("{apoyo}", bank::APOYOS),
        ("{periodo}", bank::PERIODOS),
        ("{informe}", bank::INFORMES),
        ("{diagnostico}", bank::DIAGNOSTICOS),
        ("{obra}", bank::OBRAS),
        ("{expediente}", bank::EXPEDIENTES),
        ("{comite_tipo}", bank::COMITE_TIPOS),
        ("{comite}", bank::COMITES),
        ("{lugar}", bank::LUGARES),
        ("{razon}", bank::RAZONES_OVER),
    ];
    for (slot, words) in slots {
        while let Some(at) = s.find(slot) {
            let w = r.pick(words);
            s.replace_range(at..at + slot.len(), w);
        }
    }
    s
}

fn activity(r: &mut Rng) -> (String, String) {
    if r.chance(0.15) {
        let (d, u) = *r.pick(bank::ADMIN);
        let end = if r.chance(0.85) { "." } else { "" };
        return (format!("{d}{end}"), u.to_string());
    }
    let act: &Activity = r.pick(bank::ACTIVITIES);
    let verb = r.pick(act.verbs);
    let object = fill(act.object, r);
    let comp = r.pick(bank::COMPLEMENTOS);
    let purpose = if r.chance(0.75) {
        format!("{}{}", r.pick(bank::PROPOSITOS), r.pick(bank::FINES))
    } else {
        String::new()
    };
    let end = if r.chance(0.85) { "." } else { "" };
    (
        format!("{verb} {object}{comp}{purpose}{end}"),
        act.unit.to_string(),
    )
}

fn observation(r: &mut Rng, v: &Values, q: usize) -> Option<String> {
    let planned: i64 = v.p[..q].iter().sum();
    if v.abs > planned && r.chance(0.75) {
        let t = r.pick(bank::OBS_OVER).to_string();
        Some(fill(&t, r))
    } else if v.abs < planned && r.chance(0.6) {
        let t = r.pick(bank::OBS_UNDER);
        Some(t.replace("{razon}", r.word(bank::RAZONES_UNDER)))
    } else if r.chance(0.04) {
        Some(r.pick(bank::OBS_EQUAL).to_string())
    } else {
        None
    }
}

fn pick_codes(r: &mut Rng, codes: &[String]) -> Vec<String> {
    let n = (1 + r.weighted(&[60, 25, 10, 5])).min(codes.len());
    let mut idx: Vec<usize> = (0..codes.len()).collect();
    r.shuffle(&mut idx);
    let mut chosen: Vec<String> = idx[..n].iter().map(|&i| codes[i].clone()).collect();
    chosen.sort_by_key(|c| key_tuple(c));
    chosen
}

fn rows(r: &mut Rng, ri: usize, q: usize, lineas: &[Ent]) -> Vec<Row> {
    let codes: Vec<String> = lineas.iter().map(|l| l.clave.clone()).collect();
    let upper_case = r.chance(0.2);
    let n = 1 + r.weighted(&[3, 5, 8, 10, 10, 10, 9, 8, 6, 5, 4, 3]);
    let umbrella = n >= 4 && r.chance(0.25);
    let payroll = if r.chance(0.45) {
        Some(if n >= 2 { 1 } else { 0 })
    } else {
        None
    };
    let known = &data().units;
    let mut rows = Vec::with_capacity(n);
    for idx in 0..n {
        let numero = ((ri + 1) * 100 + idx) as u32;
        let (desc, unidad, v, lineas) = if payroll == Some(idx) {
            let d = if r.chance(0.5) {
                format!("{}.", bank::PAYROLL)
            } else {
                bank::PAYROLL.to_string()
            };
            let six = [6i64; 4];
            let last = codes.last().cloned().into_iter().collect();
            (d, "Nómina".to_string(), finish(six, six, q), last)
        } else {
            let (d, u) = if idx == 0 && umbrella {
                (String::new(), String::new())
            } else {
                activity(r)
            };
            let v = values(r, q, &u);
            (d, u, v, pick_codes(r, &codes))
        };
        let obs = observation(r, &v, q);
        rows.push(Row {
            numero,
            desc,
            lineas,
            unit_known: false,
            unidad,
            v,
            obs,
        });
    }
    if umbrella {
        let details: Vec<usize> = (1..n).filter(|&i| payroll != Some(i)).collect();
        let mut p = [0i64; 4];
        let mut a = [0i64; 4];
        let mut codes_u: Vec<String> = Vec::new();
        for &i in &details {
            for k in 0..4 {
                p[k] += rows[i].v.p[k];
                a[k] += rows[i].v.a[k];
            }
            codes_u.extend(rows[i].lineas.iter().cloned());
        }
        codes_u.sort_by_key(|c| key_tuple(c));
        codes_u.dedup();
        let v = finish(p, a, q);
        rows[0].obs = observation(r, &v, q);
        rows[0].v = v;
        rows[0].desc = format!("{}.", r.pick(bank::UMBRELLA));
        rows[0].unidad = rows[details[0]].unidad.clone();
        rows[0].lineas = codes_u;
    }
    for row in rows.iter_mut() {
        row.unit_known = known.iter().any(|u| u == &row.unidad);
        if upper_case {
            row.desc = upper(&row.desc);
            row.unidad = upper(&row.unidad);
        }
    }
    rows
}
