//! The classification block: which printed value is which field (by label,
//! shape and catalog), and which catalog entry each value is (code and name
//! weighed together).

use std::rc::Rc;
use std::sync::OnceLock;

use regex::Regex;

use crate::catalog::{Catalog, Kind};
use crate::layout::{HeaderItem, Label, Span};
use crate::model::{Clasificacion, Origen};
use crate::text::lexicon::Lexicon;

mod assign;
mod memo;

use crate::text::{
    fold, similarity, similarity_at_least, similarity_reaching_near, squash, upper, Scorer,
};
use assign::assign;
pub(crate) use memo::{Memo, Signatory};

/// The fields of the classification block, in printed order.
const SLOTS: [Label; 8] = [
    Label::Ramo,
    Label::Programa,
    Label::Unidad,
    Label::Finalidad,
    Label::Funcion,
    Label::Subfuncion,
    Label::Eje,
    Label::Linea,
];

fn kind(slot: Label) -> Kind {
    match slot {
        Label::Ramo => Kind::Ramo,
        Label::Programa => Kind::Programa,
        Label::Unidad => Kind::UnidadEjecutora,
        Label::Finalidad => Kind::Finalidad,
        Label::Funcion => Kind::Funcion,
        Label::Subfuncion => Kind::Subfuncion,
        Label::Eje => Kind::Eje,
        Label::Linea => Kind::LineaAccion,
    }
}

const fn multi(slot: Label) -> bool {
    matches!(slot, Label::Eje | Label::Linea)
}

/// A printed value split into code, name and acronym.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Value {
    pub(crate) text: String,
    /// Digits and dots only (`542`, `4.5.3`).
    pub(crate) code: Option<String>,
    pub(crate) name: String,
    /// A trailing `(SIGLAS)`.
    pub(crate) siglas: Option<String>,
}

fn value_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // No `(.*)$` for the name: it would always match the rest of the
        // (single-line) value, and the regex engine would scan it all.
        Regex::new(r"^(\d{1,6}(?:\s?\.\s?\d{1,3}){0,3})\.?(?:\s*[-–.:]\s*|\s+|$)")
            .expect("valid regex")
    })
}

/// A trailing `(SIGLAS)`: the name is what comes before the leftmost match
/// (the shortest, as `^(.*?)` before this would take it; `.` stops at a
/// line break, so a name must not hold one).
fn siglas_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\s*\(\s*([A-ZÁÉÍÓÚÑ0-9]{2,10})\s*\)\s*[.,]?$").expect("valid regex")
    })
}

/// A value's name and acronym, if it ends with one. The match is found by
/// the DFA, and the group asked for in the match alone (a few characters,
/// where the match starts): the backtracker then never walks the name.
fn split_siglas(rest: &str) -> Option<(&str, &str)> {
    let m = siglas_re().find(rest)?;
    let name = rest.get(..m.start())?;
    if name.contains('\n') {
        return None;
    }
    let c = siglas_re().captures(m.as_str())?;
    Some((name, c.get(1)?.as_str()))
}

pub(crate) fn parse_value(text: &str) -> Value {
    let t = squash(
        text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | ':' | '•')),
    );
    // `find`, not `captures`: the lazy DFA finds the match, and the code
    // (group 1 of `value_re`) is the match with its tail trimmed. Why that is
    // group 1: the code ends with a digit (`\d{1,6}` or `\d{1,3}`), and the
    // tail after it (`\.?(?:\s*[-–.:]\s*|\s+|$)`) holds only whitespace and
    // `.-–:`, none a digit. Asking for the group itself runs the backtracker.
    // The rest is a slice of `t`: only the parts a value keeps are copied.
    let (code, rest) = match value_re().find(&t) {
        Some(m) => (
            Some(
                m.as_str()
                    .trim_end_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '.' | '-' | '–' | ':')
                    })
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>(),
            ),
            t.get(m.end()..).unwrap_or_default(),
        ),
        None => (None, t.as_str()),
    };
    let rest =
        rest.trim_end_matches(|c: char| matches!(c, '.' | ',' | ';' | '-') || c.is_whitespace());
    // Trimmed as it is, `rest` can only carry acronyms if it ends with `)`.
    let acronym = if rest.ends_with(')') {
        split_siglas(rest)
    } else {
        None
    };
    let (name, siglas) = match acronym {
        Some((name, siglas)) => (name.to_string(), Some(siglas.to_string())),
        None => (rest.to_string(), None),
    };
    Value {
        text: t,
        code,
        name,
        siglas,
    }
}

/// One resolved classification and the corrections it took.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Resolved {
    pub(crate) clas: Clasificacion,
    /// Full catalog key (`2.2.2` for a subfunción), when from the catalog.
    pub(crate) key: Option<String>,
    pub(crate) line: Option<usize>,
    /// (field: `clave`/`nombre`/`siglas`, original, corrected, reason).
    pub(crate) fixes: Vec<(&'static str, String, String, String)>,
    pub(crate) out_of_catalog: bool,
}

/// The classification block of one report.
#[derive(Clone, Debug, Default)]
pub(crate) struct Header {
    pub(crate) ramo: Option<Resolved>,
    pub(crate) programa: Option<Resolved>,
    pub(crate) unidad: Option<Resolved>,
    pub(crate) finalidad: Option<Resolved>,
    pub(crate) funcion: Option<Resolved>,
    pub(crate) subfuncion: Option<Resolved>,
    pub(crate) ejes: Vec<Resolved>,
    pub(crate) lineas: Vec<Resolved>,
    /// Printed values that fit no field.
    pub(crate) discarded: Vec<Span>,
    /// Labels printed, for CAMPO_FALTANTE messages.
    pub(crate) first_line: Option<usize>,
}

/// A value's name as the assignment looks it up: folded, its acronym if it
/// has no name.
fn looked_up(v: &Value) -> String {
    let name = if v.name.is_empty() {
        v.siglas.as_deref().unwrap_or_default()
    } else {
        &v.name
    };
    fold(name)
}

/// A value and its folded name.
#[derive(Clone, Copy)]
struct Named<'a> {
    v: &'a Value,
    /// The line it is printed on.
    line: usize,
    /// `fold(&v.name)`.
    name: &'a str,
    /// `upper(&squash(&v.name))`.
    printed: &'a str,
}

/// Values parsed before the cache starts over.
const PARSED_MEMO: usize = 1 << 12;
/// Longest value text cached, in bytes (names run to about 200).
const PARSED_MEMO_KEY: usize = 320;

/// A printed value as [`resolve`] reads it: parsed, its name as looked up
/// and as the output shows it.
struct Parsed {
    value: Value,
    /// [`looked_up`] of the value.
    folded: String,
    /// The value's name squashed and in upper case.
    printed: String,
}

impl Parsed {
    /// The value printed as `text`, remembered by text: the header repeats
    /// its values on every page, and all of this is a function of the text
    /// (shared, not copied: a page's header reads it and lets it go).
    fn of(text: &str) -> Rc<Parsed> {
        thread_local! {
            static MEMO: crate::memo::Memo<Rc<Parsed>> =
                crate::memo::Memo::new(PARSED_MEMO, PARSED_MEMO_KEY);
        }
        MEMO.with(|m| {
            m.get_or(text, || {
                let value = parse_value(text);
                let folded = looked_up(&value);
                let printed = upper(&squash(&value.name));
                Rc::new(Parsed {
                    value,
                    folded,
                    printed,
                })
            })
        })
    }
}

/// Context for matching: keys already resolved above this field.
#[derive(Default)]
struct Ctx {
    ramo: Option<String>,
    finalidad: Option<String>,
    funcion: Option<String>,
}

/// Resolves the classification block of one report.
pub(crate) fn resolve(
    items: &[HeaderItem],
    catalog: &Catalog,
    lexicon: &Lexicon,
    memo: &Memo,
) -> Header {
    let mut h = Header {
        first_line: items.first().map(|i| i.line),
        ..Header::default()
    };
    let parsed: Vec<(Option<Label>, usize, Rc<Parsed>)> = items
        .iter()
        .filter(|i| !i.text.trim().is_empty())
        .take(400)
        .map(|i| (i.label, i.line, Parsed::of(&i.text)))
        .collect();
    for i in items.iter().filter(|i| !i.text.trim().is_empty()).skip(400) {
        h.discarded.push(Span {
            text: i.text.clone(),
            line: i.line,
        });
    }
    // Each value's name as looked up (its acronym if it has no name),
    // folded once for the assignment and the resolution.
    let values: Vec<(Option<Label>, &Value)> = parsed
        .iter()
        .map(|(label, _, p)| (*label, &p.value))
        .collect();
    let names: Vec<&str> = parsed.iter().map(|(_, _, p)| p.folded.as_str()).collect();
    let slots = assign(&values, &names, catalog, memo);
    // The values of each slot, in [`SLOTS`] order.
    let mut by_slot: [Vec<Named>; SLOTS.len()] = Default::default();
    let at = |slot: Label| SLOTS.iter().position(|&s| s == slot);
    for ((_, line, p), s) in parsed.iter().zip(&slots) {
        let v = &p.value;
        // `resolve_value` weighs the name alone, without the acronym.
        let name = if v.name.is_empty() {
            ""
        } else {
            p.folded.as_str()
        };
        match s {
            Some(s) => {
                if let Some(list) = at(*s).and_then(|i| by_slot.get_mut(i)) {
                    list.push(Named {
                        v,
                        line: *line,
                        name,
                        printed: &p.printed,
                    });
                }
            }
            None => h.discarded.push(Span {
                text: v.text.clone(),
                line: *line,
            }),
        }
    }
    let of = |slot: Label| at(slot).and_then(|i| by_slot.get(i));
    let one = |slot: Label| of(slot).and_then(|v| v.first().copied());
    let mut ctx = Ctx::default();
    h.ramo = one(Label::Ramo).map(|v| resolve_value(Label::Ramo, v, catalog, lexicon, memo, &ctx));
    ctx.ramo = h
        .ramo
        .as_ref()
        .map(|r| r.clas.clave.clone())
        .filter(|c| !c.is_empty());
    h.programa = one(Label::Programa)
        .map(|v| resolve_value(Label::Programa, v, catalog, lexicon, memo, &ctx));
    h.unidad =
        one(Label::Unidad).map(|v| resolve_value(Label::Unidad, v, catalog, lexicon, memo, &ctx));
    h.finalidad = one(Label::Finalidad)
        .map(|v| resolve_value(Label::Finalidad, v, catalog, lexicon, memo, &ctx));
    ctx.finalidad = h.finalidad.as_ref().and_then(|r| r.key.clone());
    h.funcion =
        one(Label::Funcion).map(|v| resolve_value(Label::Funcion, v, catalog, lexicon, memo, &ctx));
    ctx.funcion = h.funcion.as_ref().and_then(|r| r.key.clone());
    h.subfuncion = one(Label::Subfuncion)
        .map(|v| resolve_value(Label::Subfuncion, v, catalog, lexicon, memo, &ctx));
    for (slot, list) in [(Label::Eje, &mut h.ejes), (Label::Linea, &mut h.lineas)] {
        for &v in of(slot).into_iter().flatten() {
            let r = resolve_value(slot, v, catalog, lexicon, memo, &ctx);
            match list.iter_mut().find(|x| x.clas.clave == r.clas.clave) {
                Some(x) if x.clas.confianza >= r.clas.confianza => {}
                Some(x) => *x = r,
                None => list.push(r),
            }
        }
        list.sort_by_key(|a| key_order(&a.clas.clave));
    }
    h
}

/// Orders keys numerically part by part (`1.10.1` after `1.9.2`).
pub(crate) fn key_order(k: &str) -> Vec<u64> {
    k.split('.')
        .map(|p| p.parse().unwrap_or(u64::MAX))
        .collect()
}

/// The full catalog key a printed code stands for in this context.
fn code_key(slot: Label, code: &str, ctx: &Ctx) -> Option<String> {
    let last = code.rsplit('.').next().unwrap_or(code);
    match slot {
        Label::Unidad if code.len() == 3 || code.len() == 4 => {
            ctx.ramo.as_ref().map(|r| format!("{r}{code}"))
        }
        Label::Funcion => ctx.finalidad.as_ref().map(|f| format!("{f}.{last}")),
        Label::Subfuncion => ctx.funcion.as_ref().map(|f| format!("{f}.{last}")),
        _ => Some(code.to_string()),
    }
}

/// Entries a value of this slot may be, in context (a subfunción under its
/// función).
fn parent_prefix(slot: Label, ctx: &Ctx) -> Option<String> {
    match slot {
        Label::Funcion => ctx.finalidad.as_ref().map(|f| format!("{f}.")),
        Label::Subfuncion => ctx.funcion.as_ref().map(|f| format!("{f}.")),
        _ => None,
    }
}

/// The clave as the output shows it: CONAC keys show their last part only.
fn shown_clave(slot: Label, key: &str) -> String {
    match slot {
        Label::Finalidad | Label::Funcion | Label::Subfuncion => {
            key.rsplit('.').next().unwrap_or(key).to_string()
        }
        _ => key.to_string(),
    }
}

/// The similarity from which the entry a printed code names is picked for a
/// named value.
const CODE_PICK: f64 = 0.72;

/// The similarity from which a named value's best entry is picked by its
/// name alone.
const NAME_PICK: f64 = 0.8;
/// How far ahead of the next entry that best must be.
const NAME_MARGIN: f64 = 0.05;
/// A score under which an entry cannot stop a pick by the name alone:
/// under `NAME_PICK - NAME_MARGIN`, with room for the rounding.
const NAME_RIVAL: f64 = 0.7;

/// What [`decide`] gives: the entry picked and its score, if any, and the
/// entry the printed code names (in this context), if any.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Decision {
    pub(crate) pick: Option<(usize, f64)>,
    pub(crate) code_entry: Option<usize>,
}

/// The context [`decide`] reads for a value of `slot`: the key of the field
/// above it that its code or its candidates hang from ([`code_key`],
/// [`parent_prefix`]), if any.
fn context(slot: Label, ctx: &Ctx) -> Option<&str> {
    match slot {
        Label::Unidad => ctx.ramo.as_deref(),
        Label::Funcion => ctx.finalidad.as_deref(),
        Label::Subfuncion => ctx.funcion.as_deref(),
        _ => None,
    }
}

/// Picks the catalog entry a value is, weighing code and name together; or
/// none (the value is outside the catalog).
///
/// A pure function of the slot, the value's text (the value and its folded
/// name are [`parse_value`]'s and [`looked_up`]'s of it), the [`context`]
/// and the catalog: the memo's answers are the catalog's.
fn decide(slot: Label, named: Named, catalog: &Catalog, memo: &Memo, ctx: &Ctx) -> Decision {
    let Named { v, name, .. } = named;
    let k = kind(slot);
    let table = catalog.table(k);
    let prefix = parent_prefix(slot, ctx);
    let in_context = |i: usize| {
        prefix
            .as_ref()
            .is_none_or(|p| table.entries[i].clave.starts_with(p.as_str()))
    };
    // The full key the printed code stands for, worked out once.
    let printed_key = v.code.as_deref().and_then(|c| code_key(slot, c, ctx));
    let code_entry = printed_key.as_deref().and_then(|key| table.by_clave(key));
    let mut pick: Option<(usize, f64)> = None;
    if let Some(ci) = code_entry.filter(|&i| in_context(i)) {
        let s = if name.is_empty() {
            v.siglas.as_ref().map_or(0.7, |sg| {
                table.entries[ci]
                    .siglas
                    .as_ref()
                    .map_or(0.5, |es| similarity(&fold(sg), &fold(es)).min(0.9))
            })
        } else if name == table.folded[ci] {
            1.0
        } else {
            // The look-ups that placed the value often scored this entry
            // already, at the same score (see `Memo::known_score`). Else
            // only a score of `CODE_PICK` or more is used (the name is not
            // empty here): `similarity_reaching_near` gives that score
            // exactly, and none for a lower one, which picks nothing either
            // way. A name is mostly its code's entry, little damaged: asked
            // at 0.95 first, on a band a fraction as wide (long names of
            // action lines are most of the cost).
            memo.known_score(k, name, ci)
                .or_else(|| {
                    let q: Vec<char> = name.chars().collect();
                    let entry = table.chars.get(ci)?;
                    similarity_reaching_near(&q, entry, CODE_PICK, &[0.95])
                })
                .unwrap_or(0.0)
        };
        if s >= CODE_PICK || (name.is_empty() && s >= 0.7) {
            pick = Some((ci, s));
        }
    }
    if pick.is_none() && !name.is_empty() {
        let cands: Vec<(usize, f64)> = if prefix.is_some() {
            // `similarity` against each entry in context, the name prepared
            // once; a score under `NAME_RIVAL` as 0. That changes no pick:
            // a pick needs a best of `NAME_PICK`, scored exactly, and ahead
            // by `NAME_MARGIN` of the next, which a runner-up under
            // `NAME_RIVAL` is (exact or 0) and one from there scored exactly
            // decides as before; the order of the entries from
            // `NAME_RIVAL` up is theirs; and with a best under `NAME_PICK`
            // there is no pick whichever entry comes first.
            let chars: Vec<char> = name.chars().collect();
            let mut c: Vec<(usize, f64)> = Scorer::with(&chars, |scorer| {
                (0..table.entries.len())
                    .filter(|&i| in_context(i))
                    .map(|i| {
                        let s = table
                            .name(i)
                            .and_then(|(f, p)| scorer.reaching_prepared(f, p, NAME_RIVAL));
                        (i, s.unwrap_or(0.0))
                    })
                    .collect()
            });
            c.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            c
        } else if memo.none_reaches_known(k, name, 0.8)
            || !misread_reaches(k, v, printed_key.as_deref(), catalog, name, 0.8)
            || memo.none_reaches(catalog, k, name, 0.8)
        {
            // A pick needs 0.8, from an entry whose key the printed one could
            // be misread from: none that close settles it. Those entries are
            // few, and asking near 0.8 gives up sooner on each entry than at
            // 0.7.
            vec![]
        } else {
            // Only the best two matter, and only from 0.7 up: a pick needs
            // 0.8, and a runner-up under 0.7 leaves a margin over 0.1.
            memo.top(catalog, k, name, 0.7, 2)
                .into_iter()
                .map(|m| (m.index, m.score))
                .collect()
        };
        if let Some(&(i, s)) = cands.first() {
            let margin = cands.get(1).map_or(1.0, |r| s - r.1);
            // Without the code's support, the name alone must carry the match:
            // close overall, every word accounted for (a different word is a
            // different entity: DESARROLLO HUMANO is not DESARROLLO URBANO),
            // and a printed code, if any, a plausible misreading of the entry's.
            let code_ok = v.code.is_none()
                || printed_key
                    .as_deref()
                    .is_some_and(|k| code_misread(k, &table.entries[i].clave));
            if s >= NAME_PICK
                && margin >= NAME_MARGIN
                && code_ok
                && same_words(name, &table.folded[i])
            {
                pick = Some((i, s));
            }
        }
    }
    Decision { pick, code_entry }
}

/// Resolves a value: the catalog entry [`decide`] picks, with the fixes
/// that takes; or the value as printed, its words corrected.
fn resolve_value(
    slot: Label,
    named: Named,
    catalog: &Catalog,
    lexicon: &Lexicon,
    memo: &Memo,
    ctx: &Ctx,
) -> Resolved {
    let Named {
        v, line, printed, ..
    } = named;
    let table = catalog.table(kind(slot));
    let Decision { pick, code_entry } = memo.decided(slot, context(slot, ctx), &v.text, || {
        decide(slot, named, catalog, memo, ctx)
    });
    let original = Some(v.text.clone());
    match pick {
        Some((i, s)) => {
            let e = &table.entries[i];
            let clave = shown_clave(slot, &e.clave);
            let mut fixes = vec![];
            let printed_code = v.code.clone().unwrap_or_default();
            if printed_code != clave {
                let why = match (&v.code, code_entry) {
                    (None, _) => "catalogo: la clave falta en el texto".to_string(),
                    (Some(_), Some(ci)) if ci == i => {
                        "catalogo: clave completa con prefijo de ramo".to_string()
                    }
                    _ => format!("catalogo: el nombre corresponde a la clave {clave}"),
                };
                fixes.push(("clave", printed_code, clave.clone(), why));
            }
            if !printed.is_empty() && printed != e.nombre {
                fixes.push((
                    "nombre",
                    printed.to_string(),
                    e.nombre.clone(),
                    "catalogo".to_string(),
                ));
            }
            if let (Some(ps), Some(es)) = (&v.siglas, &e.siglas) {
                if upper(ps) != *es {
                    fixes.push(("siglas", ps.clone(), es.clone(), "catalogo".to_string()));
                }
            }
            Resolved {
                clas: Clasificacion {
                    clave,
                    nombre: e.nombre.clone(),
                    siglas: e.siglas.clone(),
                    origen: Origen::Catalogo,
                    confianza: round2(s),
                    original,
                },
                key: Some(e.clave.clone()),
                line: Some(line),
                fixes,
                out_of_catalog: false,
            }
        }
        None => {
            let clave = match (slot, &v.code) {
                (Label::Unidad, Some(c)) if c.len() <= 4 => {
                    ctx.ramo.as_ref().map_or(c.clone(), |r| format!("{r}{c}"))
                }
                (_, Some(c)) => shown_clave(slot, c),
                (_, None) => String::new(),
            };
            let (nombre, word_fixes) = lexicon.correct(printed);
            let mut fixes: Vec<(&'static str, String, String, String)> = word_fixes
                .into_iter()
                .map(|f| ("nombre", f.original, f.corregido, "lexico".to_string()))
                .collect();
            if v.code.as_deref().is_some_and(|c| c != clave) {
                fixes.push((
                    "clave",
                    v.code.clone().unwrap_or_default(),
                    clave.clone(),
                    "prefijo de ramo".to_string(),
                ));
            }
            Resolved {
                clas: Clasificacion {
                    clave,
                    nombre,
                    siglas: if slot == Label::Ramo {
                        v.siglas.clone()
                    } else {
                        None
                    },
                    origen: Origen::Texto,
                    confianza: 0.5,
                    original,
                },
                key: None,
                line: Some(line),
                fixes,
                out_of_catalog: true,
            }
        }
    }
}

/// Whether an entry a name alone could be picked as (one whose key the
/// printed code could be a misreading of; any entry if no code is printed)
/// is at least `score` similar to the folded name.
///
/// `key` is the full key the value's printed code stands for ([`code_key`]).
fn misread_reaches(
    k: Kind,
    v: &Value,
    key: Option<&str>,
    catalog: &Catalog,
    name: &str,
    score: f64,
) -> bool {
    if v.code.is_none() {
        return true;
    }
    let Some(key) = key else {
        return false;
    };
    let entries = catalog.entries(k).iter().enumerate();
    let misread = entries.filter(|(_, e)| code_misread(key, &e.clave));
    catalog.any_reaches(k, name, misread.map(|(i, _)| i), score)
}

/// Whether every word of one name has a close counterpart in the other
/// (short function words aside): OCR damages words, it does not swap them.
fn same_words(a: &str, b: &str) -> bool {
    let content = |s: &str| -> Vec<Vec<char>> {
        s.split(' ')
            .filter(|w| w.chars().count() >= 4)
            .map(|w| w.chars().collect())
            .collect()
    };
    let (wa, wb) = (content(a), content(b));
    let covered = |xs: &[Vec<char>], ys: &[Vec<char>]| {
        xs.iter()
            .all(|x| ys.iter().any(|y| similarity_at_least(x, y, 0.6).is_some()))
    };
    // Merged or split words break the word pairing; judge those as a whole.
    wa.len().abs_diff(wb.len()) > 1 || (covered(&wa, &wb) && covered(&wb, &wa))
}

/// Whether a printed key could be an OCR misreading of a catalog key: the
/// same length with at most one digit different.
fn code_misread(printed: &str, key: &str) -> bool {
    if printed.len() != key.len() {
        return false;
    }
    // ASCII keys (all the catalog's) compared a byte at a time, stopping at
    // a second difference: their bytes are their characters.
    if printed.is_ascii() && key.is_ascii() {
        let mut differ = printed.bytes().zip(key.bytes()).filter(|(a, b)| a != b);
        return differ.nth(1).is_none();
    }
    printed
        .chars()
        .zip(key.chars())
        .filter(|(a, b)| a != b)
        .count()
        <= 1
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::index::synth::Rng;

    fn item(label: Option<Label>, text: &str, line: usize) -> HeaderItem {
        HeaderItem {
            label,
            text: text.to_string(),
            line,
        }
    }

    fn run(items: &[HeaderItem]) -> Header {
        let cat = Catalog::default();
        resolve(
            items,
            &cat,
            &Lexicon::new(cat.vocabulary()),
            &Memo::default(),
        )
    }
    #[test]
    fn values_split_into_code_name_siglas() {
        let v = parse_value("54 BIENESTAR SOCIAL MUNICIPAL (BISON)");
        assert_eq!(
            (v.code.as_deref(), v.name.as_str(), v.siglas.as_deref()),
            (Some("54"), "BIENESTAR SOCIAL MUNICIPAL", Some("BISON"))
        );
        let v = parse_value("- 4.5.3 PRESUPUESTO ESTRATÉGICO");
        assert_eq!(
            (v.code.as_deref(), v.name.as_str()),
            (Some("4.5.3"), "PRESUPUESTO ESTRATÉGICO")
        );
        let v = parse_value("BIENESTAR SOCIAL MUNICIPAL (BISOM)");
        assert_eq!(v.code, None);
    }

    /// `n` strings of 1 to `max` characters of `alphabet`.
    fn strings_of(alphabet: &str, max: usize, n: usize, rng: &mut Rng) -> Vec<String> {
        let alphabet: Vec<char> = alphabet.chars().collect();
        (0..n)
            .map(|_| {
                let len = 1 + rng.below(max);
                (0..len)
                    .map(|_| alphabet[rng.below(alphabet.len())])
                    .collect()
            })
            .collect()
    }

    /// The code `parse_value` cuts from `value_re`'s match is the regex's
    /// own group 1, on strings of digits (Unicode ones too), whitespace,
    /// the tail's punctuation and letters.
    #[test]
    fn code_is_the_regex_group() {
        let mut matched = 0;
        let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
        let alphabet = "0123456789٣１ \u{a0}\u{2003}\t..--–::AB(";
        for s in strings_of(alphabet, 14, 20_000, &mut rng) {
            let v = parse_value(&s);
            let t = &v.text;
            let want = value_re().captures(t).map(|c| {
                let code: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
                (code, t[c.get(0).map_or(0, |m| m.end())..].to_string())
            });
            matched += usize::from(want.is_some());
            let rest = want.as_ref().map_or(t.as_str(), |w| w.1.as_str());
            let rest = rest.trim_end_matches(|c: char| {
                matches!(c, '.' | ',' | ';' | '-') || c.is_whitespace()
            });
            assert_eq!(
                v.code.as_deref(),
                want.as_ref().map(|w| w.0.as_str()),
                "{s:?}"
            );
            if !rest.ends_with(')') {
                assert_eq!(v.name, rest, "{s:?}");
            }
        }
        assert!(matched > 5_000, "{matched}");
    }

    /// The name and acronym `split_siglas` finds are the groups of the
    /// whole-value regex it stands for, on strings of the characters that
    /// matter to it (line breaks too).
    #[test]
    fn siglas_split_like_the_whole_regex() {
        let whole =
            Regex::new(r"^(.*?)\s*\(\s*([A-ZÁÉÍÓÚÑ0-9]{2,10})\s*\)\s*[.,]?$").expect("valid regex");
        let mut found = 0;
        let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
        for mut s in strings_of("ABÑÁ9 ( ) ) \n.,x\u{a0}", 16, 30_000, &mut rng) {
            if rng.chance(0.5) {
                s.push_str("(ÑA");
            }
            s.push(')');
            let want = whole.captures(&s).map(|c| {
                (
                    c.get(1).map_or("", |m| m.as_str()),
                    c.get(2).map_or("", |m| m.as_str()),
                )
            });
            found += usize::from(want.is_some());
            assert_eq!(split_siglas(&s), want, "{s:?}");
        }
        assert!(found > 5_000, "{found}");
    }

    /// A value remembered by its text is the one parsed afresh: texts of
    /// codes, names and acronyms, each asked for many times.
    #[test]
    fn remembered_values_are_parsed_afresh() {
        let mut rng = Rng::new(0x51_7cc1_b727_220a);
        let texts = strings_of("54 2.1 ABÉñ (BISOM)-:.\u{a0}", 24, 400, &mut rng);
        for _ in 0..4_000 {
            let text = &texts[rng.below(texts.len())];
            let got = Parsed::of(text);
            let value = parse_value(text);
            assert_eq!(got.folded, looked_up(&value), "{text:?}");
            assert_eq!(got.printed, upper(&squash(&value.name)), "{text:?}");
            assert_eq!(got.value, value, "{text:?}");
        }
    }

    /// Remembered decisions are the ones made afresh: header blocks drawn
    /// from a small pool of printed values (catalog names exact, noisy,
    /// foreign or acronyms alone; codes full, cut to their last part,
    /// wrong or missing; labels sometimes wrong), so that values recur
    /// under other contexts, resolved with one memo and each with a fresh
    /// one.
    #[test]
    fn remembered_decisions_are_fresh_ones() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let cat = Catalog::default();
        let lexicon = Lexicon::new(cat.vocabulary());
        let bank = Bank::new(200, 41);
        let mut rng = Rng::new(43);
        let mut pool: Vec<(Label, String)> = vec![];
        for &slot in &SLOTS {
            let entries = cat.entries(kind(slot));
            for _ in 0..8 {
                let e = &entries[rng.below(entries.len())];
                let last = e.clave.rsplit('.').next().unwrap_or(&e.clave);
                let code = match rng.below(5) {
                    0 => String::new(),
                    1 => e.clave.clone(),
                    2 => last.to_string(),
                    3 => format!("{}", rng.below(10)),
                    _ => e.clave.chars().skip(2).collect(),
                };
                let name = match rng.below(5) {
                    0 | 1 => e.nombre.clone(),
                    2 => noisy(&e.nombre, &bank, &mut rng),
                    3 => bank.name(&mut rng),
                    _ => format!("({})", e.siglas.as_deref().unwrap_or("BISOM")),
                };
                pool.push((slot, format!("{code} {name}")));
            }
        }
        let shared = Memo::default();
        let mut resolved = 0;
        for _ in 0..300 {
            let mut picked: Vec<usize> = (0..6 + rng.below(8))
                .map(|_| rng.below(pool.len()))
                .collect();
            if rng.chance(0.8) {
                picked.sort_unstable();
            }
            let items: Vec<HeaderItem> = picked
                .iter()
                .enumerate()
                .map(|(line, &i)| {
                    let label = match rng.below(10) {
                        0 => None,
                        1 => Some(SLOTS[rng.below(SLOTS.len())]),
                        _ => Some(pool[i].0),
                    };
                    item(label, &pool[i].1, line)
                })
                .collect();
            let got = resolve(&items, &cat, &lexicon, &shared);
            let want = resolve(&items, &cat, &lexicon, &Memo::default());
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{items:?}");
            resolved += items.len();
        }
        // Most decisions were remembered ones.
        let kept = shared.decisions_kept();
        assert!(kept * 4 < resolved, "{kept} of {resolved}");
    }

    /// `code_misread` answers as comparing characters does: keys of
    /// digits and dots, a few non-ASCII digits among them.
    #[test]
    fn code_misread_compares_characters() {
        let mut rng = Rng::new(0x6a09_e667_f3bc_c908);
        let keys = strings_of("0123456789..٣", 6, 3_000, &mut rng);
        let mut misread = 0;
        for pair in keys.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let mut near = b.clone();
            if let Some(c) = a.chars().next() {
                near = a.chars().skip(1).fold(c.to_string(), |mut s, c| {
                    s.push(if rng.chance(0.2) { '7' } else { c });
                    s
                });
            }
            for (x, y) in [(a, b), (a, &near)] {
                let want = x.len() == y.len()
                    && x.chars().zip(y.chars()).filter(|(p, q)| p != q).count() <= 1;
                assert_eq!(code_misread(x, y), want, "{x:?} {y:?}");
                misread += usize::from(want);
            }
        }
        assert!(misread > 500, "{misread}");
    }

    #[test]
    fn names_correct_codes() {
        let h = run(&[
            item(
                Some(Label::Ramo),
                "54 BIENESTAR SOCIAL MUNICIPAL (BISON)",
                1,
            ),
            item(
                Some(Label::Programa),
                "502 VINCULACION SOCIAL PARA EL DESARROLLO COMUNITARIO",
                2,
            ),
            item(
                Some(Label::Unidad),
                "204 DEPARTAMENTO DE DESARROLLO HUMANO",
                3,
            ),
            item(Some(Label::Finalidad), "2 DESARROLLO SOCIAL", 4),
            item(
                Some(Label::Funcion),
                "2 VIVIENDA Y SERVICIOS A LA COMUNIDAD",
                5,
            ),
            item(Some(Label::Subfuncion), "4 DESARROLLO COMUNITARIO", 6),
        ]);
        let c = |r: &Option<Resolved>| r.as_ref().map(|r| r.clas.clave.clone()).unwrap_or_default();
        assert_eq!(c(&h.ramo), "54");
        assert_eq!(
            h.ramo.as_ref().unwrap().clas.siglas.as_deref(),
            Some("BISOM")
        );
        assert_eq!(c(&h.programa), "542");
        assert_eq!(c(&h.unidad), "54204");
        assert_eq!(
            (c(&h.finalidad), c(&h.funcion), c(&h.subfuncion)),
            ("2".into(), "2".into(), "2".into())
        );
        assert_eq!(h.subfuncion.unwrap().key.as_deref(), Some("2.2.2"));
    }

    #[test]
    fn shifted_eje_leaves_subfuncion_empty() {
        let h = run(&[
            item(Some(Label::Finalidad), "2 DESARROLLO SOCIAL", 1),
            item(
                Some(Label::Funcion),
                "2 VIVIENDA Y SERVICIOS A LA COMUNIDAD",
                2,
            ),
            item(
                Some(Label::Subfuncion),
                "1 BIENESTAR PARA TODAS LAS PERSONAS",
                3,
            ),
            item(Some(Label::Eje), "2 MEXICALI SEGURO Y EN PAZ", 4),
            item(Some(Label::Eje), "3 MEXICALI CREECE", 5),
            item(
                Some(Label::Linea),
                "1.1.1 ATENCIÓN INTEGRAL A LAS INFANCIAS",
                6,
            ),
        ]);
        assert!(h.subfuncion.is_none());
        let ejes: Vec<&str> = h.ejes.iter().map(|e| e.clas.clave.as_str()).collect();
        assert_eq!(ejes, ["1", "2", "3"]);
        assert_eq!(h.ejes[2].clas.nombre, "MEXICALI CRECE");
        assert_eq!(h.lineas.len(), 1);
    }

    #[test]
    fn out_of_catalog_stays_text() {
        let h = run(&[
            item(
                Some(Label::Ramo),
                "12 OBRAS Y SERVICIOS PUBLICOS MUNICIPALES (OSPM)",
                1,
            ),
            item(Some(Label::Programa), "318 MOVILIDAD URBANA SUSTENTABLE", 2),
            item(Some(Label::Eje), "7 CIUDAD ORDENADA Y SOSTENIBLE", 3),
            item(
                Some(Label::Linea),
                "7.2.1 PAVIMENTACION DE VIALIDADES PRIMARIAS",
                4,
            ),
        ]);
        for r in [
            h.ramo.as_ref().unwrap(),
            h.programa.as_ref().unwrap(),
            &h.ejes[0],
            &h.lineas[0],
        ] {
            assert_eq!(r.clas.origen, Origen::Texto, "{:?}", r.clas);
        }
        assert_eq!(h.ramo.unwrap().clas.siglas.as_deref(), Some("OSPM"));
        assert_eq!(h.lineas[0].clas.clave, "7.2.1");
    }
}
