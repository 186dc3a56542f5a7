//! A Rust port of the referee, `score.py`: compares an output document with
//! its truth, field by field, on `serde_json::Value`s.
//!
//! Everything that affects the numbers is ported: report alignment by the
//! overlap of page line ranges (pairs, split fragments, reports run together,
//! extra reports), row alignment by `numero` then by description (folded
//! CER ≤ 0.35), `_no_evaluar` pointers (with `*`), the classification of
//! values (correct / wrong / abstained, with the special rules for
//! `programado`, `alcanzado` and `avance_relativo`), clave sets, firmas by
//! cargo, free-text CER and the `origen` information group.
//!
//! Known differences from the Python, none of which can arise from an output
//! of this crate:
//!
//! * `fold` drops the Unicode categories P* and S* with the `regex` crate's
//!   `\p{P}` / `\p{S}` and upper-cases with Rust's tables, whose Unicode
//!   version may be newer than Python's (characters assigned after Unicode 14
//!   may fold differently).
//! * Python's `str(x)` of a float or of a list/object truth is approximated
//!   (used only when an exact or folded comparison meets such a truth).
//! * `to_int` accepts ASCII digits only (Python's `isdigit` accepts other
//!   Unicode digits) and integers beyond `i128` are not compared.
//! * A truth without `_no_evaluar` makes `score.py` crash (it iterates its
//!   internal MISSING marker); here it simply means "nothing skipped".
//! * Pointers of unmatched output firmas / extra rows whose `cargo` / `numero`
//!   key is absent print `<missing>` where Python prints an object address.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::{json, Value};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// Scored groups, in table order; all of them count in the overall score.
pub const GROUPS: [&str; 18] = [
    "reportes",
    "encabezado",
    "clasificacion.clave",
    "clasificacion.nombre",
    "clasificacion.siglas",
    "ejes.clave",
    "ejes.nombre",
    "lineas_accion.clave",
    "lineas_accion.nombre",
    "firmas.nombre",
    "acciones.numero",
    "acciones.lineas_accion",
    "acciones.unidad_medida",
    "acciones.meta_anual",
    "acciones.programado",
    "acciones.alcanzado",
    "acciones.avance_absoluto",
    "acciones.avance_relativo",
];
/// Groups shown for information only (not in the overall score).
pub const INFO_GROUPS: [&str; 1] = ["origen"];
/// Free-text groups (measured by CER, not in the accuracy).
pub const TEXT_GROUPS: [&str; 2] = ["acciones.descripcion", "acciones.observaciones"];

const CLASIFICACIONES: [&str; 6] = [
    "ramo",
    "programa",
    "unidad_ejecutora",
    "finalidad",
    "funcion",
    "subfuncion",
];
const ENCABEZADO: [(&str, Kind); 7] = [
    ("municipio", Kind::Fold),
    ("estado", Kind::Fold),
    ("ayuntamiento", Kind::Fold),
    ("documento", Kind::Fold),
    ("ejercicio", Kind::Num),
    ("formato", Kind::Fold),
    ("titulo", Kind::Fold),
];
/// Share of an unpaired output report's lines inside a truth report that
/// makes it a split fragment (and conversely for reports run together).
const FRAGMENT_MIN_SHARE: f64 = 0.5;
/// Fallback row pairing by description: largest folded CER accepted.
const TEXT_MATCH_MAX_CER: f64 = 0.35;

// ---------------------------------------------------------------------------
// Tallies
// ---------------------------------------------------------------------------

/// Counts of one scored group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupTally {
    pub correct: usize,
    pub wrong: usize,
    pub abstained: usize,
}

impl GroupTally {
    /// Number of scored values.
    pub fn scored(&self) -> usize {
        self.correct + self.wrong + self.abstained
    }

    /// Share of correct values (0.0 when nothing was scored, as in the score line).
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.scored()).unwrap_or(0.0)
    }

    /// Share of wrong values (0.0 when nothing was scored).
    pub fn wrong_rate(&self) -> f64 {
        ratio(self.wrong, self.scored()).unwrap_or(0.0)
    }

    /// Share of abstained values (0.0 when nothing was scored).
    pub fn abstain_rate(&self) -> f64 {
        ratio(self.abstained, self.scored()).unwrap_or(0.0)
    }

    fn add(&mut self, cls: Class) {
        match cls {
            Class::Correct => self.correct += 1,
            Class::Wrong => self.wrong += 1,
            Class::Abstained => self.abstained += 1,
        }
    }

    fn merge(&mut self, o: &GroupTally) {
        self.correct += o.correct;
        self.wrong += o.wrong;
        self.abstained += o.abstained;
    }
}

/// Precision / recall counts of a clave set group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetTally {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl SetTally {
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }
}

/// Free-text measurements of one text group.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TextTally {
    /// Texts compared (truth and output, either may be empty).
    pub pairs: usize,
    /// Texts that enter the mean CER (empty/empty is left out).
    pub measured: usize,
    /// Truth non-empty, output empty.
    pub abstained: usize,
    pub cer_sum: f64,
    pub cer_folded_sum: f64,
    /// Exactly equal after NFC and whitespace collapsing (empty/empty counts).
    pub exact: usize,
}

impl TextTally {
    /// Mean character error rate (0.0 when nothing was measured).
    pub fn cer(&self) -> f64 {
        if self.measured == 0 {
            0.0
        } else {
            self.cer_sum / self.measured as f64
        }
    }

    /// Mean CER after folding.
    pub fn cer_folded(&self) -> f64 {
        if self.measured == 0 {
            0.0
        } else {
            self.cer_folded_sum / self.measured as f64
        }
    }

    pub fn exact_rate(&self) -> Option<f64> {
        ratio(self.exact, self.pairs)
    }

    fn merge(&mut self, o: &TextTally) {
        self.pairs += o.pairs;
        self.measured += o.measured;
        self.abstained += o.abstained;
        self.cer_sum += o.cer_sum;
        self.cer_folded_sum += o.cer_folded_sum;
        self.exact += o.exact;
    }
}

/// Report segmentation counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReportCounts {
    pub truth: usize,
    pub output: usize,
    pub aligned: usize,
    pub missing: usize,
    pub merged: usize,
    pub extra: usize,
    pub fragments: usize,
}

/// Row alignment counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowCounts {
    pub truth: usize,
    pub output: usize,
    pub found: usize,
    pub missing: usize,
    pub extra: usize,
    pub by_text: usize,
}

/// One difference: a wrong or abstained value, or a free text that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorItem {
    /// JSON pointer into the truth (`+...` segments name output-only items).
    pub pointer: String,
    pub group: String,
    /// `wrong`, `abstained` or `cer=0.123`.
    pub class: String,
    pub truth: Value,
    pub output: Value,
}

/// The result of scoring one or more documents.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub groups: BTreeMap<String, GroupTally>,
    pub sets: BTreeMap<String, SetTally>,
    pub text: BTreeMap<String, TextTally>,
    pub errors: Vec<ErrorItem>,
    pub reports: ReportCounts,
    pub rows: RowCounts,
    pub notes: Vec<String>,
}

impl Summary {
    /// The sum of the scored groups ([`GROUPS`]; `origen` is left out).
    pub fn overall(&self) -> GroupTally {
        let mut o = GroupTally::default();
        for name in GROUPS {
            if let Some(g) = self.groups.get(name) {
                o.merge(g);
            }
        }
        o
    }

    /// The counts of one group (all zero when the group was never scored).
    pub fn group(&self, name: &str) -> GroupTally {
        self.groups.get(name).copied().unwrap_or_default()
    }

    pub fn accuracy(&self) -> f64 {
        self.overall().accuracy()
    }

    pub fn wrong_rate(&self) -> f64 {
        self.overall().wrong_rate()
    }

    /// Mean CER over all free texts (0.0 when none was measured).
    pub fn cer(&self) -> f64 {
        let n: usize = self.text.values().map(|t| t.measured).sum();
        if n == 0 {
            return 0.0;
        }
        self.text.values().map(|t| t.cer_sum).sum::<f64>() / n as f64
    }

    /// Mean folded CER over all free texts.
    pub fn cer_folded(&self) -> f64 {
        let n: usize = self.text.values().map(|t| t.measured).sum();
        if n == 0 {
            return 0.0;
        }
        self.text.values().map(|t| t.cer_folded_sum).sum::<f64>() / n as f64
    }

    pub fn text_exact_rate(&self) -> Option<f64> {
        let p: usize = self.text.values().map(|t| t.pairs).sum();
        ratio(self.text.values().map(|t| t.exact).sum(), p)
    }

    /// Adds another summary (another document) to this one.
    pub fn merge(&mut self, other: &Summary) {
        for (k, g) in &other.groups {
            self.groups.entry(k.clone()).or_default().merge(g);
        }
        for (k, s) in &other.sets {
            let m = self.sets.entry(k.clone()).or_default();
            m.tp += s.tp;
            m.fp += s.fp;
            m.fn_ += s.fn_;
        }
        for (k, t) in &other.text {
            self.text.entry(k.clone()).or_default().merge(t);
        }
        let (r, o) = (&mut self.reports, &other.reports);
        r.truth += o.truth;
        r.output += o.output;
        r.aligned += o.aligned;
        r.missing += o.missing;
        r.merged += o.merged;
        r.extra += o.extra;
        r.fragments += o.fragments;
        let (r, o) = (&mut self.rows, &other.rows);
        r.truth += o.truth;
        r.output += o.output;
        r.found += o.found;
        r.missing += o.missing;
        r.extra += o.extra;
        r.by_text += o.by_text;
        self.errors.extend(other.errors.iter().cloned());
        self.notes.extend(other.notes.iter().cloned());
    }

    /// `score: ACC% accuracy, WRONG% wrong, CER x.xxx`, as score.py's last line.
    pub fn score_line(&self) -> String {
        let o = self.overall();
        format!(
            "score: {:.1}% accuracy, {:.1}% wrong, CER {:.3}",
            100.0 * o.accuracy(),
            100.0 * o.wrong_rate(),
            self.cer()
        )
    }

    /// The differences in score.py's `--errors` order (scored values, then
    /// free text, then origen), stable within each rank.
    pub fn ranked_errors(&self) -> Vec<&ErrorItem> {
        let mut v: Vec<&ErrorItem> = self.errors.iter().collect();
        v.sort_by_key(|e| error_rank(&e.group));
        v
    }

    /// The first `n` differences, one a line, like `score.py --errors N`.
    pub fn differences(&self, n: usize) -> String {
        let mut s = String::new();
        for e in self.ranked_errors().into_iter().take(n) {
            let _ = writeln!(
                s,
                "  {}  [{}] {} -> {}",
                e.pointer,
                e.class,
                short(&e.truth),
                short(&e.output)
            );
        }
        s
    }

    /// The readable per-group table of score.py (reports and rows lines,
    /// groups, overall, information groups, free text).
    pub fn table(&self) -> String {
        let mut s = String::new();
        let (r, rows) = (&self.reports, &self.rows);
        let _ = writeln!(
            s,
            "reports: truth {}, output {}, aligned {}, missing {} (run together with another: {}), \
             extra {} (split fragments: {})",
            r.truth, r.output, r.aligned, r.missing, r.merged, r.extra, r.fragments
        );
        let _ = writeln!(
            s,
            "rows:    truth {}, found {}, missing {}, extra {} (paired by text: {})\n",
            rows.truth, rows.found, rows.missing, rows.extra, rows.by_text
        );
        let _ = writeln!(
            s,
            "{:<26} {:>7} {:>8} {:>7} {:>8} {:>6} {:>7} {:>6}  P / R",
            "group", "scored", "correct", "wrong", "abstain", "acc%", "wrong%", "abst%"
        );
        // score.py prints the overall line without the P / R column.
        let row = |s: &mut String, name: &str, g: &GroupTally, pr: Option<&str>| {
            let n = g.scored();
            let _ = writeln!(
                s,
                "{:<26} {:>7} {:>8} {:>7} {:>8}  {}  {}  {}{}",
                name,
                n,
                g.correct,
                g.wrong,
                g.abstained,
                pct(ratio(g.correct, n)),
                pct(ratio(g.wrong, n)),
                pct(ratio(g.abstained, n)),
                pr.map_or_else(String::new, |pr| format!("  {pr}"))
            );
        };
        for name in GROUPS {
            if let Some(g) = self.groups.get(name) {
                row(&mut s, name, g, Some(&self.precision_recall(name)));
            }
        }
        let _ = writeln!(s, "{}", "-".repeat(84));
        row(&mut s, "overall", &self.overall(), None);
        let _ = writeln!(s, "\n(not in overall)");
        for name in INFO_GROUPS {
            if let Some(g) = self.groups.get(name) {
                row(&mut s, name, g, Some(&self.precision_recall(name)));
            }
        }
        let _ = writeln!(
            s,
            "\n{:<26} {:>7} {:>9} {:>10} {:>7} {:>8}",
            "free text", "texts", "mean CER", "CER(fold)", "exact%", "abstain"
        );
        for name in TEXT_GROUPS {
            if let Some(t) = self.text.get(name) {
                let _ = writeln!(
                    s,
                    "{:<26} {:>7} {:>9.3} {:>10.3}  {} {:>8}",
                    name,
                    t.pairs,
                    t.cer(),
                    t.cer_folded(),
                    pct(t.exact_rate()),
                    t.abstained
                );
            }
        }
        let _ = writeln!(
            s,
            "{:<26} {:>7} {:>9.3} {:>10.3}  {}",
            "all free text",
            "",
            self.cer(),
            self.cer_folded(),
            pct(self.text_exact_rate())
        );
        let _ = writeln!(s, "\n{}", self.score_line());
        s
    }

    /// The summary in the shape of score.py's `--json` `total` object, for
    /// comparing the port with the referee.
    pub fn to_json(&self) -> Value {
        let o = self.overall();
        let n = o.scored();
        let mut groups = serde_json::Map::new();
        for name in GROUPS.iter().chain(INFO_GROUPS.iter()) {
            let Some(g) = self.groups.get(*name) else {
                continue;
            };
            let gn = g.scored();
            let mut d = json!({
                "correct": g.correct, "wrong": g.wrong, "abstained": g.abstained, "scored": gn,
                "accuracy": ratio(g.correct, gn), "wrong_rate": ratio(g.wrong, gn),
                "abstain_rate": ratio(g.abstained, gn), "in_overall": !INFO_GROUPS.contains(name),
            });
            if let (Some(s), Some(m)) = (self.sets.get(*name), d.as_object_mut()) {
                m.insert("precision".into(), json!(s.precision()));
                m.insert("recall".into(), json!(s.recall()));
            }
            groups.insert((*name).to_string(), d);
        }
        let mut text = serde_json::Map::new();
        for name in TEXT_GROUPS {
            let Some(t) = self.text.get(name) else {
                continue;
            };
            text.insert(
                name.to_string(),
                json!({
                    "pairs": t.pairs, "measured": t.measured, "abstained": t.abstained,
                    "cer": t.cer(), "cer_folded": t.cer_folded(), "exact_rate": t.exact_rate(),
                }),
            );
        }
        let (r, w) = (&self.reports, &self.rows);
        json!({
            "overall": {
                "scored": n, "correct": o.correct, "wrong": o.wrong, "abstained": o.abstained,
                "accuracy": ratio(o.correct, n), "wrong_rate": ratio(o.wrong, n),
                "abstain_rate": ratio(o.abstained, n), "cer": self.cer(), "cer_folded": self.cer_folded(),
                "text_exact_rate": self.text_exact_rate(),
            },
            "groups": groups,
            "text": text,
            "reports": {"truth": r.truth, "output": r.output, "aligned": r.aligned, "missing": r.missing,
                        "merged": r.merged, "extra": r.extra, "fragments": r.fragments},
            "rows": {"truth": w.truth, "output": w.output, "found": w.found, "missing": w.missing,
                     "extra": w.extra, "by_text": w.by_text},
        })
    }

    fn precision_recall(&self, name: &str) -> String {
        match self.sets.get(name) {
            None => String::new(),
            Some(s) => {
                let f =
                    |x: Option<f64>| x.map_or_else(|| "  -  ".to_string(), |x| format!("{x:.3}"));
                format!("{} / {}", f(s.precision()), f(s.recall()))
            }
        }
    }

    fn add(&mut self, group: &str, cls: Class, path: Option<&[String]>, truth: V, out: V) {
        self.groups.entry(group.to_string()).or_default().add(cls);
        if let (false, Some(path)) = (cls == Class::Correct, path) {
            self.errors.push(ErrorItem {
                pointer: ptr(path),
                group: group.to_string(),
                class: cls.as_str().to_string(),
                truth: truth.cloned().unwrap_or(Value::Null),
                output: out.cloned().unwrap_or(Value::Null),
            });
        }
    }

    fn add_set(&mut self, group: &str, tp: usize, fp: usize, fn_: usize) {
        let s = self.sets.entry(group.to_string()).or_default();
        s.tp += tp;
        s.fp += fp;
        s.fn_ += fn_;
    }

    fn add_text(&mut self, group: &str, truth: Option<&str>, out: Option<&str>, path: &[String]) {
        let t = self.text.entry(group.to_string()).or_default();
        let (nt, no) = (norm_text(truth), norm_text(out));
        t.pairs += 1;
        if nt == no {
            t.exact += 1;
        }
        if nt.is_empty() && no.is_empty() {
            return;
        }
        if !nt.is_empty() && no.is_empty() {
            t.abstained += 1;
        }
        let c = cer(truth, out);
        t.measured += 1;
        t.cer_sum += c;
        t.cer_folded_sum += cer_folded(truth, out);
        if nt != no {
            self.errors.push(ErrorItem {
                pointer: ptr(path),
                group: group.to_string(),
                class: format!("cer={c:.3}"),
                truth: truth.map_or(Value::Null, |s| Value::String(s.to_string())),
                output: out.map_or(Value::Null, |s| Value::String(s.to_string())),
            });
        }
    }
}

fn ratio(a: usize, n: usize) -> Option<f64> {
    if n == 0 {
        None
    } else {
        Some(a as f64 / n as f64)
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "    -".to_string(), |x| format!("{:5.1}", 100.0 * x))
}

fn short(v: &Value) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    if s.chars().count() <= 70 {
        s
    } else {
        let mut t: String = s.chars().take(67).collect();
        t.push_str("...");
        t
    }
}

fn error_rank(group: &str) -> u8 {
    if INFO_GROUPS.contains(&group) {
        2
    } else if TEXT_GROUPS.contains(&group) {
        1
    } else {
        0
    }
}

// ---------------------------------------------------------------------------
// Normalisation and distances
// ---------------------------------------------------------------------------

/// Python's `str.isspace` (Rust's `is_whitespace` plus the four ASCII
/// information separators).
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn py_strip(s: &str) -> &str {
    s.trim_matches(py_space)
}

/// `" ".join(s.split())`.
fn collapse(s: &str) -> String {
    s.split(py_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn punct_symbol() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"[\p{P}\p{S}]").expect("a valid regex"))
}

/// The referee's fold: NFD, combining marks dropped, punctuation and symbols
/// (categories P*, S*) dropped, upper case, whitespace collapsed.
pub fn fold(s: &str) -> String {
    let kept: String = s
        .nfd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect();
    let kept = punct_symbol().replace_all(&kept, "");
    collapse(&kept.to_uppercase())
}

fn norm_text(s: Option<&str>) -> String {
    s.map_or_else(String::new, |s| collapse(&s.nfc().collect::<String>()))
}

fn levenshtein(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// CER of `out` against `truth` on NFC text with whitespace collapsed.
pub fn cer(truth: Option<&str>, out: Option<&str>) -> f64 {
    rate(&norm_text(truth), &norm_text(out))
}

/// CER after folding.
pub fn cer_folded(truth: Option<&str>, out: Option<&str>) -> f64 {
    rate(
        &truth.map(fold).unwrap_or_default(),
        &out.map(fold).unwrap_or_default(),
    )
}

fn rate(t: &str, o: &str) -> f64 {
    if t.is_empty() {
        return if o.is_empty() { 0.0 } else { 1.0 };
    }
    (levenshtein(o, t) as f64 / t.chars().count() as f64).min(1.0)
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/// A value that may be missing (`None`, score.py's MISSING) or JSON `null`.
type V<'a> = Option<&'a Value>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Correct,
    Wrong,
    Abstained,
}

impl Class {
    fn as_str(self) -> &'static str {
        match self {
            Class::Correct => "correct",
            Class::Wrong => "wrong",
            Class::Abstained => "abstained",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Exact,
    Fold,
    Num,
    Prog,
    Alc,
    Rel,
}

fn get<'a>(d: V<'a>, key: &str) -> V<'a> {
    d.and_then(Value::as_object).and_then(|m| m.get(key))
}

fn as_list(v: V<'_>) -> &[Value] {
    match v {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

fn get_text<'a>(d: V<'a>, key: &str) -> Option<&'a str> {
    get(d, key).and_then(Value::as_str)
}

fn objects_only(v: V<'_>) -> V<'_> {
    v.filter(|v| v.is_object())
}

fn is_null(v: V<'_>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => py_strip(s).is_empty(),
        _ => false,
    }
}

fn num(v: V<'_>) -> Option<f64> {
    v.and_then(Value::as_f64)
}

fn is_int(v: &Value) -> bool {
    v.as_i64().is_some() || v.as_u64().is_some()
}

/// Python's `str(x)` for the scalars a truth may hold (`None` where it
/// cannot be reproduced).
fn py_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        Value::Null => Some("None".to_string()),
        Value::Number(n) if is_int(v) => Some(n.to_string()),
        Value::Number(n) => n.as_f64().map(py_float),
        _ => None,
    }
}

/// Python's float `repr` (shortest round-trip; exponent form outside [1e-4, 1e16)).
fn py_float(x: f64) -> String {
    let a = x.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let s = format!("{x:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = e.strip_prefix('-').map_or(("+", e), |d| ("-", d));
        format!("{m}e{sign}{digits:0>2}")
    } else {
        format!("{x:?}")
    }
}

/// Python's `==` on JSON values (numbers compare by value, `True == 1`).
fn py_eq(a: &Value, b: &Value) -> bool {
    let numeric = |v: &Value| match v {
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, p)| y.get(k).is_some_and(|q| py_eq(p, q)))
        }
        _ => match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => matches!((numeric(a), numeric(b)), (Some(x), Some(y)) if x == y),
        },
    }
}

/// `==` between two possibly missing values (MISSING equals only itself).
fn py_eq_opt(a: V<'_>, b: V<'_>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => py_eq(a, b),
        _ => false,
    }
}

fn same(truth: &Value, out: &Value, kind: Kind) -> bool {
    match kind {
        Kind::Exact => {
            if !(out.is_string() || is_int(out)) {
                return false;
            }
            match (py_str(out), py_str(truth)) {
                (Some(o), Some(t)) => py_strip(&o) == py_strip(&t),
                _ => false,
            }
        }
        Kind::Fold => match (out.as_str(), py_str(truth)) {
            (Some(o), Some(t)) => fold(o) == fold(&t),
            _ => false,
        },
        Kind::Num | Kind::Prog | Kind::Alc | Kind::Rel => {
            let tol = if kind == Kind::Rel { 0.5 + 1e-9 } else { 1e-9 };
            match (out.as_f64(), truth.as_f64()) {
                (Some(o), Some(t)) => {
                    // Integers compare exactly, as in Python.
                    if let (Some(a), Some(b)) = (out.as_i64(), truth.as_i64()) {
                        return (i128::from(a) - i128::from(b)).unsigned_abs() as f64 <= tol;
                    }
                    (o - t).abs() <= tol
                }
                _ => false,
            }
        }
    }
}

fn classify(truth: V<'_>, out: V<'_>, kind: Kind) -> Class {
    let is_zero = |v: V<'_>| num(v) == Some(0.0);
    match (
        truth.filter(|_| !is_null(truth)),
        out.filter(|_| !is_null(out)),
    ) {
        (None, None) => Class::Correct,
        // programado / alcanzado: null stands for a truth 0.
        (Some(_), None) if matches!(kind, Kind::Prog | Kind::Alc) && is_zero(truth) => {
            Class::Correct
        }
        (Some(_), None) => Class::Abstained,
        // alcanzado of a quarter not yet reported: 0 is as good as null.
        (None, Some(_)) if kind == Kind::Alc && is_zero(out) => Class::Correct,
        (None, Some(_)) => Class::Wrong,
        (Some(t), Some(o)) if same(t, o, kind) => Class::Correct,
        (Some(_), Some(_)) => Class::Wrong,
    }
}

fn to_int(v: V<'_>) -> Option<i128> {
    match v? {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i128::from(i))
            } else if let Some(u) = n.as_u64() {
                Some(i128::from(u))
            } else {
                let f = n.as_f64()?;
                (f.is_finite() && f.fract() == 0.0 && f.abs() < 1e38).then_some(f as i128)
            }
        }
        Value::String(s) => {
            let s = py_strip(s);
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// JSON pointers (_no_evaluar)
// ---------------------------------------------------------------------------

fn parse_pointer(p: &Value) -> Option<Vec<String>> {
    let p = match p {
        Value::Object(m) => ["puntero", "pointer", "ruta", "campo", "path"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_str))?,
        Value::String(s) => s.as_str(),
        _ => return None,
    };
    if p.is_empty() {
        return Some(Vec::new());
    }
    let p = if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    };
    Some(
        p.split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

struct Skips {
    items: Vec<Vec<String>>,
}

impl Skips {
    fn new(pointers: V<'_>) -> Skips {
        // score.py iterates whatever it is given: a list's items, an object's
        // keys, a string's characters.
        let items: Vec<Value> = match pointers {
            Some(Value::Array(a)) => a.clone(),
            Some(Value::Object(m)) => m.keys().map(|k| Value::String(k.clone())).collect(),
            Some(Value::String(s)) => s.chars().map(|c| Value::String(c.to_string())).collect(),
            _ => Vec::new(),
        };
        Skips {
            items: items.iter().filter_map(parse_pointer).collect(),
        }
    }

    fn matches(&self, path: &[String]) -> bool {
        self.items.iter().any(|sk| {
            sk.len() <= path.len() && sk.iter().zip(path).all(|(a, b)| a == "*" || a == b)
        })
    }
}

fn ptr(path: &[String]) -> String {
    let mut s = String::new();
    s.push('/');
    let segs: Vec<String> = path
        .iter()
        .map(|x| x.replace('~', "~0").replace('/', "~1"))
        .collect();
    s.push_str(&segs.join("/"));
    s
}

/// The empty path, root of every pointer.
const NO_PATH: [String; 0] = [];

macro_rules! path {
    ($base:expr $(, $seg:expr)*) => {{
        #[allow(unused_mut)]
        let mut p: Vec<String> = $base.to_vec();
        $( p.push($seg.to_string()); )*
        p
    }};
}

// ---------------------------------------------------------------------------
// Alignment
// ---------------------------------------------------------------------------

fn line_set(rep: V<'_>) -> HashSet<i64> {
    let mut s = HashSet::new();
    for p in as_list(get(rep, "paginas")) {
        let (a, b) = (get(Some(p), "linea_inicio"), get(Some(p), "linea_fin"));
        if let (Some(af), Some(bf)) = (num(a), num(b)) {
            if bf >= af && bf - af < 1e6 {
                s.extend((af.trunc() as i64)..=(bf.trunc() as i64));
            }
        }
    }
    if s.is_empty() {
        // Fall back on the rows' start lines.
        for acc in as_list(get(rep, "acciones")) {
            if let Some(ln) = num(get(Some(acc), "linea")) {
                s.insert(ln.trunc() as i64);
            }
        }
    }
    s
}

fn first_line(s: &HashSet<i64>) -> i64 {
    s.iter().copied().min().unwrap_or(1_000_000_000)
}

struct Alignment {
    /// Truth report → output report, in the order they were paired.
    pairs: Vec<(usize, usize)>,
    /// Output fragment → truth report, by output index.
    fragments: Vec<(usize, usize)>,
    /// Truth report → output report it was run together with.
    merged: HashMap<usize, usize>,
    extra: Vec<usize>,
    fallback: bool,
}

fn align_reports(tl: &[HashSet<i64>], ol: &[HashSet<i64>]) -> Alignment {
    let mut cand: Vec<(usize, f64, usize, usize)> = Vec::new();
    for (i, a) in tl.iter().enumerate() {
        for (j, b) in ol.iter().enumerate() {
            let ov = a.intersection(b).count();
            if ov > 0 {
                let union = a.len() + b.len() - ov;
                cand.push((ov, ov as f64 / union as f64, i, j));
            }
        }
    }
    cand.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.1.partial_cmp(&x.1).unwrap_or(std::cmp::Ordering::Equal))
            .then(x.2.cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut paired_t = HashSet::new();
    let mut used = HashSet::new();
    for &(_, _, i, j) in &cand {
        if paired_t.contains(&i) || used.contains(&j) {
            continue;
        }
        pairs.push((i, j));
        paired_t.insert(i);
        used.insert(j);
    }
    let mut fallback = false;
    if pairs.is_empty() && !tl.is_empty() && !ol.is_empty() && ol.iter().all(HashSet::is_empty) {
        // The output carries no line information at all: align by order.
        fallback = true;
        for i in 0..tl.len().min(ol.len()) {
            pairs.push((i, i));
            paired_t.insert(i);
            used.insert(i);
        }
    }
    let (mut fragments, mut extra, mut merged) = (Vec::new(), Vec::new(), HashMap::new());
    for (j, oj) in ol.iter().enumerate() {
        if used.contains(&j) {
            continue;
        }
        let (mut best, mut best_ov) = (None, 0);
        for &(i, _) in &pairs {
            let ov = tl[i].intersection(oj).count();
            if ov > best_ov {
                best = Some(i);
                best_ov = ov;
            }
        }
        match best {
            Some(i) if !oj.is_empty() && best_ov as f64 / oj.len() as f64 >= FRAGMENT_MIN_SHARE => {
                fragments.push((j, i))
            }
            _ => extra.push(j),
        }
    }
    for (i, ti) in tl.iter().enumerate() {
        if paired_t.contains(&i) || ti.is_empty() {
            continue;
        }
        let (mut best, mut best_ov) = (None, 0);
        for (j, oj) in ol.iter().enumerate() {
            let ov = ti.intersection(oj).count();
            if ov > best_ov {
                best = Some(j);
                best_ov = ov;
            }
        }
        if let Some(j) = best {
            if best_ov as f64 / ti.len() as f64 >= FRAGMENT_MIN_SHARE {
                merged.insert(i, j);
            }
        }
    }
    Alignment {
        pairs,
        fragments,
        merged,
        extra,
        fallback,
    }
}

/// One output report made of several (a split report): scalar fields from the
/// first report, in page order, that has them; rows and firmas from all.
fn merged_view(mut reps: Vec<(&Value, i64)>) -> Value {
    reps.sort_by_key(|&(_, first)| first);
    if let [(only, _)] = reps.as_slice() {
        return (*only).clone();
    }
    let mut view = serde_json::Map::new();
    let scalars = ENCABEZADO
        .iter()
        .map(|(k, _)| *k)
        .chain(["periodo"])
        .chain(CLASIFICACIONES);
    for key in scalars {
        let v = reps
            .iter()
            .map(|(r, _)| get(Some(*r), key))
            .find(|v| !is_null(*v))
            .flatten();
        view.insert(key.to_string(), v.cloned().unwrap_or(Value::Null));
    }
    for key in ["ejes", "lineas_accion"] {
        let v = reps
            .iter()
            .map(|(r, _)| get(Some(*r), key))
            .find(|v| !as_list(*v).is_empty())
            .flatten();
        view.insert(
            key.to_string(),
            v.cloned().unwrap_or(Value::Array(Vec::new())),
        );
    }
    for key in ["firmas", "acciones"] {
        let all: Vec<Value> = reps
            .iter()
            .flat_map(|(r, _)| as_list(get(Some(*r), key)).iter().cloned())
            .collect();
        view.insert(key.to_string(), Value::Array(all));
    }
    Value::Object(view)
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

/// An output row: (output report, row index) and the row.
type Cand<'a> = ((usize, usize), &'a Value);

struct Scorer {
    skips: Skips,
}

impl Scorer {
    fn skip(&self, path: &[String]) -> bool {
        self.skips.matches(path)
    }

    fn val(
        &self,
        tally: &mut Summary,
        group: &str,
        path: Vec<String>,
        truth: V<'_>,
        out: V<'_>,
        kind: Kind,
    ) {
        if self.skip(&path) {
            return;
        }
        tally.add(group, classify(truth, out, kind), Some(&path), truth, out);
    }

    fn clasificacion(&self, tally: &mut Summary, base: &[String], t: V<'_>, o: V<'_>) {
        if self.skip(base) {
            return;
        }
        if is_null(t) {
            let cls = if is_null(o) {
                Class::Correct
            } else {
                Class::Wrong
            };
            tally.add("clasificacion.clave", cls, Some(base), None, o);
            return;
        }
        let o = objects_only(o);
        self.val(
            tally,
            "clasificacion.clave",
            path!(base, "clave"),
            get(t, "clave"),
            get(o, "clave"),
            Kind::Exact,
        );
        self.val(
            tally,
            "clasificacion.nombre",
            path!(base, "nombre"),
            get(t, "nombre"),
            get(o, "nombre"),
            Kind::Fold,
        );
        let ts = get(t, "siglas");
        if !is_null(ts) {
            self.val(
                tally,
                "clasificacion.siglas",
                path!(base, "siglas"),
                ts,
                get(o, "siglas"),
                Kind::Fold,
            );
        }
        let to = get(t, "origen");
        if !is_null(to) && !is_null(get(o, "clave")) {
            let path = path!(base, "origen");
            if !self.skip(&path) {
                let oo = get(o, "origen");
                tally.add("origen", classify(to, oo, Kind::Exact), Some(&path), to, oo);
            }
        }
    }

    /// A set of claves (list of clasificacion objects, or list of strings).
    fn clave_set(
        &self,
        tally: &mut Summary,
        group: &str,
        name_group: Option<&str>,
        base: &[String],
        t_items: V<'_>,
        o_items: V<'_>,
    ) {
        if self.skip(base) {
            return;
        }
        fn key(x: &Value) -> Option<String> {
            let c = if x.is_object() {
                get(Some(x), "clave")?
            } else {
                x
            };
            match c {
                Value::String(s) => Some(py_strip(s).to_string()),
                Value::Number(n) if is_int(c) => Some(n.to_string()),
                _ => None,
            }
        }
        let t_list = as_list(t_items);
        let mut truth_keys: Vec<(String, usize)> = Vec::new();
        let mut skipped: HashSet<String> = HashSet::new();
        for (i, it) in t_list.iter().enumerate() {
            let Some(k) = key(it) else { continue };
            if self.skip(&path!(base, i)) || self.skip(&path!(base, i, "clave")) {
                skipped.insert(k);
                continue;
            }
            if !truth_keys.iter().any(|(t, _)| *t == k) {
                truth_keys.push((k, i));
            }
        }
        let mut out_keys: Vec<(String, &Value)> = Vec::new();
        for it in as_list(o_items) {
            if let Some(k) = key(it) {
                if !out_keys.iter().any(|(o, _)| *o == k) {
                    out_keys.push((k, it));
                }
            }
        }
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        for (k, i) in &truth_keys {
            if let Some((_, o)) = out_keys.iter().find(|(o, _)| o == k) {
                tp += 1;
                tally.add(group, Class::Correct, None, None, None);
                if let (Some(ng), Some(ti)) = (name_group, t_list.get(*i).filter(|v| v.is_object()))
                {
                    let (tn, on) = (get(Some(ti), "nombre"), get(Some(o), "nombre"));
                    self.val(tally, ng, path!(base, i, "nombre"), tn, on, Kind::Fold);
                }
            } else {
                fn_ += 1;
                tally.add(
                    group,
                    Class::Abstained,
                    Some(&path!(base, i)),
                    Some(&Value::String(k.clone())),
                    None,
                );
            }
        }
        for (k, _) in &out_keys {
            if !truth_keys.iter().any(|(t, _)| t == k) && !skipped.contains(k) {
                fp += 1;
                tally.add(
                    group,
                    Class::Wrong,
                    Some(&path!(base, "+")),
                    None,
                    Some(&Value::String(k.clone())),
                );
            }
        }
        tally.add_set(group, tp, fp, fn_);
    }

    fn firmas(&self, tally: &mut Summary, base: &[String], t_list: V<'_>, o_list: V<'_>) {
        if self.skip(base) {
            return;
        }
        let o_list: Vec<&Value> = as_list(o_list).iter().filter(|f| f.is_object()).collect();
        let mut used = HashSet::new();
        for (i, tf) in as_list(t_list).iter().enumerate() {
            let cargo = get(Some(tf), "cargo");
            let found = (0..o_list.len())
                .find(|j| !used.contains(j) && py_eq_opt(get(Some(o_list[*j]), "cargo"), cargo));
            if let Some(j) = found {
                used.insert(j);
            }
            if self.skip(&path!(base, i)) {
                continue;
            }
            let out = found.and_then(|j| get(Some(o_list[j]), "nombre"));
            self.val(
                tally,
                "firmas.nombre",
                path!(base, i, "nombre"),
                get(Some(tf), "nombre"),
                out,
                Kind::Fold,
            );
        }
        for (j, of) in o_list.iter().enumerate() {
            if !used.contains(&j) {
                let cargo =
                    get(Some(of), "cargo").map_or_else(|| "<missing>".to_string(), py_display);
                let p = path!(base, format!("+{cargo}"));
                tally.add(
                    "firmas.nombre",
                    Class::Wrong,
                    Some(&p),
                    None,
                    get(Some(of), "nombre"),
                );
            }
        }
    }

    fn accion(&self, tally: &mut Summary, base: &[String], t: V<'_>, o: V<'_>, by_number: bool) {
        let cls = if by_number {
            Class::Correct
        } else {
            Class::Wrong
        };
        tally.add(
            "acciones.numero",
            cls,
            Some(&path!(base, "numero")),
            get(t, "numero"),
            get(o, "numero"),
        );
        let p = path!(base, "descripcion");
        if !self.skip(&p) {
            tally.add_text(
                "acciones.descripcion",
                get_text(t, "descripcion"),
                get_text(o, "descripcion"),
                &p,
            );
        }
        let la = path!(base, "lineas_accion");
        self.clave_set(
            tally,
            "acciones.lineas_accion",
            None,
            &la,
            get(t, "lineas_accion"),
            get(o, "lineas_accion"),
        );
        let fields = [("unidad_medida", Kind::Fold), ("meta_anual", Kind::Num)];
        for (key, kind) in fields {
            self.val(
                tally,
                &format!("acciones.{key}"),
                path!(base, key),
                get(t, key),
                get(o, key),
                kind,
            );
        }
        let (tt, ot) = (as_list(get(t, "trimestres")), as_list(get(o, "trimestres")));
        for k in 0..4 {
            let tq = objects_only(tt.get(k));
            let oq = objects_only(ot.get(k));
            for (key, kind) in [("programado", Kind::Prog), ("alcanzado", Kind::Alc)] {
                let p = path!(base, "trimestres", k, key);
                self.val(
                    tally,
                    &format!("acciones.{key}"),
                    p,
                    get(tq, key),
                    get(oq, key),
                    kind,
                );
            }
        }
        for (key, kind) in [
            ("avance_absoluto", Kind::Num),
            ("avance_relativo", Kind::Rel),
        ] {
            self.val(
                tally,
                &format!("acciones.{key}"),
                path!(base, key),
                get(t, key),
                get(o, key),
                kind,
            );
        }
        let p = path!(base, "observaciones");
        if !self.skip(&p) {
            tally.add_text(
                "acciones.observaciones",
                get_text(t, "observaciones"),
                get_text(o, "observaciones"),
                &p,
            );
        }
    }

    /// Aligns truth rows with candidate output rows by numero, then by
    /// description; rows consumed by another report are not available.
    fn acciones(
        &self,
        tally: &mut Summary,
        base: &[String],
        t_rows: V<'_>,
        cands: Vec<Cand<'_>>,
        consumed: &mut HashSet<(usize, usize)>,
    ) {
        if self.skip(base) {
            consumed.extend(cands.iter().map(|(k, _)| *k));
            return;
        }
        let t_rows = as_list(t_rows);
        let cands: Vec<Cand<'_>> = cands
            .into_iter()
            .filter(|(k, r)| !consumed.contains(k) && r.is_object())
            .collect();
        let mut used: HashSet<usize> = HashSet::new();
        let mut pair: HashMap<usize, (usize, bool)> = HashMap::new();
        for (i, tr) in t_rows.iter().enumerate() {
            let Some(n) = to_int(get(Some(tr), "numero")) else {
                continue;
            };
            let hit = (0..cands.len())
                .find(|j| !used.contains(j) && to_int(get(Some(cands[*j].1), "numero")) == Some(n));
            if let Some(j) = hit {
                pair.insert(i, (j, true));
                used.insert(j);
            }
        }
        let left_t: Vec<usize> = (0..t_rows.len())
            .filter(|i| !pair.contains_key(i))
            .collect();
        let left_o: Vec<usize> = (0..cands.len()).filter(|j| !used.contains(j)).collect();
        if !left_t.is_empty() && !left_o.is_empty() {
            let mut options: Vec<(f64, usize, usize)> = Vec::new();
            for &i in &left_t {
                let Some(td) = get_text(t_rows.get(i), "descripcion").filter(|s| !s.is_empty())
                else {
                    continue;
                };
                for &j in &left_o {
                    let c = cer_folded(Some(td), get_text(Some(cands[j].1), "descripcion"));
                    if c <= TEXT_MATCH_MAX_CER {
                        options.push((c, i, j));
                    }
                }
            }
            options.sort_by(|x, y| {
                x.0.partial_cmp(&y.0)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(x.1.cmp(&y.1))
                    .then(x.2.cmp(&y.2))
            });
            for (_, i, j) in options {
                if pair.contains_key(&i) || used.contains(&j) {
                    continue;
                }
                pair.insert(i, (j, false));
                used.insert(j);
            }
        }
        consumed.extend(used.iter().map(|&j| cands[j].0));
        for (i, tr) in t_rows.iter().enumerate() {
            let p = path!(base, i);
            if self.skip(&p) {
                continue;
            }
            tally.rows.truth += 1;
            if let Some(&(j, by_num)) = pair.get(&i) {
                tally.rows.found += 1;
                if !by_num {
                    tally.rows.by_text += 1;
                }
                self.accion(tally, &p, Some(tr), Some(cands[j].1), by_num);
            } else {
                tally.rows.missing += 1;
                tally.add(
                    "acciones.numero",
                    Class::Abstained,
                    Some(&path!(p, "numero")),
                    get(Some(tr), "numero"),
                    None,
                );
                self.abstain_accion(tally, &p, Some(tr));
            }
        }
    }

    fn reporte(
        &self,
        tally: &mut Summary,
        base: &[String],
        t: V<'_>,
        o: V<'_>,
        cands: Vec<Cand<'_>>,
        consumed: &mut HashSet<(usize, usize)>,
    ) {
        tally.reports.aligned += 1;
        tally.add("reportes", Class::Correct, None, None, None);
        for (key, kind) in ENCABEZADO {
            self.val(
                tally,
                "encabezado",
                path!(base, key),
                get(t, key),
                get(o, key),
                kind,
            );
        }
        let (tp, op) = (get(t, "periodo"), get(o, "periodo"));
        let pp = path!(base, "periodo");
        if !self.skip(&pp) {
            if is_null(tp) {
                let cls = if is_null(op) {
                    Class::Correct
                } else {
                    Class::Wrong
                };
                tally.add("encabezado", cls, Some(&pp), None, op);
            } else {
                let op = objects_only(op);
                let (tt, ot) = (get(tp, "trimestre"), get(op, "trimestre"));
                self.val(
                    tally,
                    "encabezado",
                    path!(pp, "trimestre"),
                    tt,
                    ot,
                    Kind::Num,
                );
                let (tn, on) = (get(tp, "nombre"), get(op, "nombre"));
                self.val(tally, "encabezado", path!(pp, "nombre"), tn, on, Kind::Fold);
            }
        }
        for key in CLASIFICACIONES {
            self.clasificacion(tally, &path!(base, key), get(t, key), get(o, key));
        }
        self.clave_set(
            tally,
            "ejes.clave",
            Some("ejes.nombre"),
            &path!(base, "ejes"),
            get(t, "ejes"),
            get(o, "ejes"),
        );
        let (tl, ol) = (get(t, "lineas_accion"), get(o, "lineas_accion"));
        let lb = path!(base, "lineas_accion");
        self.clave_set(
            tally,
            "lineas_accion.clave",
            Some("lineas_accion.nombre"),
            &lb,
            tl,
            ol,
        );
        self.firmas(
            tally,
            &path!(base, "firmas"),
            get(t, "firmas"),
            get(o, "firmas"),
        );
        self.acciones(
            tally,
            &path!(base, "acciones"),
            get(t, "acciones"),
            cands,
            consumed,
        );
    }

    /// A truth report with no output partner.  If it was run together with
    /// another report in the output (`cands` not empty), its rows may still be
    /// found there.
    fn reporte_missing(
        &self,
        tally: &mut Summary,
        base: &[String],
        t: V<'_>,
        cands: Vec<Cand<'_>>,
        consumed: &mut HashSet<(usize, usize)>,
    ) {
        tally.reports.missing += 1;
        tally.add(
            "reportes",
            Class::Abstained,
            Some(base),
            Some(&Value::String("(report)".into())),
            None,
        );
        if cands.is_empty() {
            self.abstain_reporte(tally, base, t);
            return;
        }
        tally.reports.merged += 1;
        let header_only = t.map(|t| {
            let mut h = t.clone();
            if let Some(m) = h.as_object_mut() {
                m.insert("acciones".into(), Value::Array(Vec::new()));
            }
            h
        });
        self.abstain_reporte(tally, base, header_only.as_ref());
        self.acciones(
            tally,
            &path!(base, "acciones"),
            get(t, "acciones"),
            cands,
            consumed,
        );
    }

    // ---- a truth report or row whose partner is missing: all abstained ----

    fn abstain_one(&self, tally: &mut Summary, group: &str, path: Vec<String>, truth: V<'_>) {
        if !self.skip(&path) {
            tally.add(group, Class::Abstained, Some(&path), truth, None);
        }
    }

    fn abstain_set(
        &self,
        tally: &mut Summary,
        group: &str,
        name_group: Option<&str>,
        base: &[String],
        items: V<'_>,
    ) {
        if self.skip(base) {
            return;
        }
        let mut n = 0;
        for (i, it) in as_list(items).iter().enumerate() {
            let p = path!(base, i);
            if self.skip(&p) {
                continue;
            }
            n += 1;
            let truth = if it.is_object() {
                get(Some(it), "clave")
            } else {
                Some(it)
            };
            tally.add(group, Class::Abstained, Some(&p), truth, None);
            if let (Some(ng), true) = (name_group, it.is_object()) {
                self.abstain_one(tally, ng, path!(p, "nombre"), get(Some(it), "nombre"));
            }
        }
        tally.add_set(group, 0, 0, n);
    }

    fn abstain_accion(&self, tally: &mut Summary, base: &[String], t: V<'_>) {
        let p = path!(base, "descripcion");
        if !self.skip(&p) {
            tally.add_text("acciones.descripcion", get_text(t, "descripcion"), None, &p);
        }
        self.abstain_set(
            tally,
            "acciones.lineas_accion",
            None,
            &path!(base, "lineas_accion"),
            get(t, "lineas_accion"),
        );
        for key in ["unidad_medida", "meta_anual"] {
            self.abstain_one(
                tally,
                &format!("acciones.{key}"),
                path!(base, key),
                get(t, key),
            );
        }
        let tt = as_list(get(t, "trimestres"));
        for k in 0..4 {
            let tq = objects_only(tt.get(k));
            for key in ["programado", "alcanzado"] {
                self.abstain_one(
                    tally,
                    &format!("acciones.{key}"),
                    path!(base, "trimestres", k, key),
                    get(tq, key),
                );
            }
        }
        for key in ["avance_absoluto", "avance_relativo"] {
            self.abstain_one(
                tally,
                &format!("acciones.{key}"),
                path!(base, key),
                get(t, key),
            );
        }
        let p = path!(base, "observaciones");
        if !self.skip(&p) {
            tally.add_text(
                "acciones.observaciones",
                get_text(t, "observaciones"),
                None,
                &p,
            );
        }
    }

    fn abstain_reporte(&self, tally: &mut Summary, base: &[String], t: V<'_>) {
        if self.skip(base) {
            return;
        }
        for (key, _) in ENCABEZADO {
            self.abstain_one(tally, "encabezado", path!(base, key), get(t, key));
        }
        let tp = get(t, "periodo");
        let pp = path!(base, "periodo");
        if !self.skip(&pp) {
            if tp.is_some_and(Value::is_object) {
                self.abstain_one(
                    tally,
                    "encabezado",
                    path!(pp, "trimestre"),
                    get(tp, "trimestre"),
                );
                self.abstain_one(tally, "encabezado", path!(pp, "nombre"), get(tp, "nombre"));
            } else {
                self.abstain_one(tally, "encabezado", pp, None);
            }
        }
        for key in CLASIFICACIONES {
            let c = get(t, key);
            let b = path!(base, key);
            if self.skip(&b) {
                continue;
            }
            if c.is_some_and(Value::is_object) {
                self.abstain_one(
                    tally,
                    "clasificacion.clave",
                    path!(b, "clave"),
                    get(c, "clave"),
                );
                self.abstain_one(
                    tally,
                    "clasificacion.nombre",
                    path!(b, "nombre"),
                    get(c, "nombre"),
                );
                if !is_null(get(c, "siglas")) {
                    self.abstain_one(
                        tally,
                        "clasificacion.siglas",
                        path!(b, "siglas"),
                        get(c, "siglas"),
                    );
                }
            } else {
                self.abstain_one(tally, "clasificacion.clave", b, None);
            }
        }
        self.abstain_set(
            tally,
            "ejes.clave",
            Some("ejes.nombre"),
            &path!(base, "ejes"),
            get(t, "ejes"),
        );
        let lb = path!(base, "lineas_accion");
        self.abstain_set(
            tally,
            "lineas_accion.clave",
            Some("lineas_accion.nombre"),
            &lb,
            get(t, "lineas_accion"),
        );
        let fb = path!(base, "firmas");
        if !self.skip(&fb) {
            for (i, f) in as_list(get(t, "firmas")).iter().enumerate() {
                if !self.skip(&path!(fb, i)) {
                    self.abstain_one(
                        tally,
                        "firmas.nombre",
                        path!(fb, i, "nombre"),
                        get(Some(f), "nombre"),
                    );
                }
            }
        }
        let ab = path!(base, "acciones");
        if !self.skip(&ab) {
            for (i, a) in as_list(get(t, "acciones")).iter().enumerate() {
                let p = path!(ab, i);
                if self.skip(&p) {
                    continue;
                }
                tally.rows.truth += 1;
                tally.rows.missing += 1;
                tally.add(
                    "acciones.numero",
                    Class::Abstained,
                    Some(&path!(p, "numero")),
                    get(Some(a), "numero"),
                    None,
                );
                self.abstain_accion(tally, &p, Some(a));
            }
        }
    }
}

/// Python's `"%s" % x` for a JSON scalar.
fn py_display(v: &Value) -> String {
    py_str(v).unwrap_or_else(|| v.to_string())
}

/// The `_pool` a truth report belongs to (per report, or in a top-level
/// list, object or string).
fn pool_of(truth: &Value, i: usize) -> Option<String> {
    let rep = as_list(get(Some(truth), "reportes")).get(i);
    if let Some(p) = get(rep, "_pool").and_then(Value::as_str) {
        return Some(p.to_string());
    }
    match get(Some(truth), "_pool") {
        Some(Value::Array(a)) => a.get(i).and_then(Value::as_str).map(str::to_string),
        Some(Value::Object(m)) => m
            .get(&i.to_string())
            .and_then(Value::as_str)
            .map(str::to_string),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

fn pool_mut(pools: &mut Vec<(Option<String>, Summary)>, key: Option<String>) -> &mut Summary {
    let at = match pools.iter().position(|(k, _)| *k == key) {
        Some(at) => at,
        None => {
            pools.push((key, Summary::default()));
            pools.len() - 1
        }
    };
    &mut pools[at].1
}

/// The rows of some output reports, the reports taken in page order.
fn rows_of<'a>(o_reps: &[&'a Value], firsts: &[i64], js: &[usize]) -> Vec<Cand<'a>> {
    let mut js = js.to_vec();
    js.sort_by_key(|&j| firsts.get(j).copied().unwrap_or(i64::MAX));
    let mut out = Vec::new();
    for j in js {
        for (k, r) in as_list(o_reps.get(j).copied().and_then(|r| r.get("acciones")))
            .iter()
            .enumerate()
        {
            out.push(((j, k), r));
        }
    }
    out
}

/// Scores `output` against `truth`, as `score.py TRUTH OUTPUT` does.
pub fn score(truth: &Value, output: &Value) -> Summary {
    let sc = Scorer {
        skips: Skips::new(get(Some(truth), "_no_evaluar")),
    };
    let t_reps = as_list(get(Some(truth), "reportes"));
    let o_reps: Vec<&Value> = as_list(get(Some(output), "reportes"))
        .iter()
        .filter(|r| r.is_object())
        .collect();
    let tl: Vec<HashSet<i64>> = t_reps.iter().map(|r| line_set(Some(r))).collect();
    let ol: Vec<HashSet<i64>> = o_reps.iter().map(|r| line_set(Some(r))).collect();
    let firsts: Vec<i64> = ol.iter().map(first_line).collect();
    let al = align_reports(&tl, &ol);
    let mut notes = Vec::new();
    if al.fallback {
        notes.push("output reports carry no line ranges: aligned by order".to_string());
    }
    let mut frags_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(j, i) in &al.fragments {
        frags_of.entry(i).or_default().push(j);
    }
    let rows_of = |js: &[usize]| rows_of(&o_reps, &firsts, js);
    let pair_of: HashMap<usize, usize> = al.pairs.iter().copied().collect();
    let mut pools: Vec<(Option<String>, Summary)> = Vec::new();
    let mut consumed: HashSet<(usize, usize)> = HashSet::new();
    let mut owner: HashMap<usize, Option<String>> = HashMap::new();
    for (i, t) in t_reps.iter().enumerate() {
        let Some(&j0) = pair_of.get(&i) else { continue };
        let base = path!(NO_PATH, "reportes", i);
        let mut js = vec![j0];
        js.extend(frags_of.get(&i).into_iter().flatten().copied());
        let pool = pool_of(truth, i);
        for &j in &js {
            owner.insert(j, pool.clone());
        }
        if sc.skip(&base) {
            sc.acciones(
                &mut Summary::default(),
                &path!(base, "acciones"),
                None,
                rows_of(&js),
                &mut consumed,
            );
            continue;
        }
        let tally = pool_mut(&mut pools, pool);
        tally.reports.truth += 1;
        let view = merged_view(js.iter().map(|&j| (o_reps[j], firsts[j])).collect());
        sc.reporte(
            tally,
            &base,
            Some(t),
            Some(&view),
            rows_of(&js),
            &mut consumed,
        );
    }
    for (i, t) in t_reps.iter().enumerate() {
        if pair_of.contains_key(&i) {
            continue;
        }
        let base = path!(NO_PATH, "reportes", i);
        if sc.skip(&base) {
            continue;
        }
        let tally = pool_mut(&mut pools, pool_of(truth, i));
        tally.reports.truth += 1;
        let cands = al
            .merged
            .get(&i)
            .map(|&j| rows_of(&[j]))
            .unwrap_or_default();
        sc.reporte_missing(tally, &base, Some(t), cands, &mut consumed);
    }
    for &(j, i) in &al.fragments {
        let tally = pool_mut(&mut pools, pool_of(truth, i));
        tally.reports.fragments += 1;
        tally.reports.extra += 1;
        let p = path!(NO_PATH, "reportes", format!("+output{j}"));
        tally.add(
            "reportes",
            Class::Wrong,
            Some(&p),
            None,
            Some(&Value::String("(split fragment)".into())),
        );
    }
    for &j in &al.extra {
        let tally = pool_mut(&mut pools, owner.get(&j).cloned().flatten());
        tally.reports.extra += 1;
        let p = path!(NO_PATH, "reportes", format!("+output{j}"));
        tally.add(
            "reportes",
            Class::Wrong,
            Some(&p),
            None,
            Some(&Value::String("(extra report)".into())),
        );
    }
    // Rows nobody claimed.
    for (j, rep) in o_reps.iter().enumerate() {
        let tally = pool_mut(&mut pools, owner.get(&j).cloned().flatten());
        for (k, r) in as_list(get(Some(rep), "acciones")).iter().enumerate() {
            if consumed.contains(&(j, k)) || !r.is_object() {
                continue;
            }
            tally.rows.extra += 1;
            let n = get(Some(r), "numero");
            let shown = n.map_or_else(|| "<missing>".to_string(), py_display);
            let p = path!(
                NO_PATH,
                "reportes",
                format!("+output{j}"),
                "acciones",
                format!("+{shown}")
            );
            tally.add("acciones.numero", Class::Wrong, Some(&p), None, n);
        }
    }
    let mut total = Summary::default();
    for (_, p) in &pools {
        total.merge(p);
    }
    total.reports.output = o_reps.len();
    total.rows.output = o_reps
        .iter()
        .map(|r| as_list(get(Some(r), "acciones")).len())
        .sum();
    total.notes = notes;
    total
}
