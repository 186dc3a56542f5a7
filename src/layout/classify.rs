//! What a single line looks like, independent of its neighbours.

use std::sync::OnceLock;

use regex::Regex;

use super::bound::Pattern;
use super::words::{
    prefix_reaches_remembered, prefix_score_above, runs_upto, words_upto, Phrase, Word,
};
use super::Label;
use crate::memo::{pack, Memo, ShortMemo};
use crate::model::Cargo;
use crate::text::{fold, looser_min};

/// A line of the title block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TitleKind {
    /// `XXV AYUNTAMIENTO DE MEXICALI DE BAJA CALIFORNIA`.
    Ayuntamiento,
    /// `PROGRAMA OPERATIVO ANUAL 2026`.
    Documento,
    /// `AVANCE FÍSICO PROGRAMÁTICO`.
    Titulo,
    /// `TMM-F004`.
    Formato,
    /// `FECHA: ...` (value possibly empty).
    Fecha,
    /// A bare period such as `Ene-Mar-26` or ` ENERO - MARZO`.
    Periodo,
}

const MONTHS: [&str; 12] = [
    "ENERO",
    "FEBRERO",
    "MARZO",
    "ABRIL",
    "MAYO",
    "JUNIO",
    "JULIO",
    "AGOSTO",
    "SEPTIEMBRE",
    "OCTUBRE",
    "NOVIEMBRE",
    "DICIEMBRE",
];

/// The month (1-12) a folded word names, in full or abbreviated, allowing
/// one OCR error in full names.
pub(crate) fn month(word: &str) -> Option<u8> {
    if word.len() < 3 || word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // A word of 5 to 12 bytes is no abbreviation (3 bytes) nor `SEPT`, and
    // if it is a month's full name, `month_like` finds that month (the only
    // one at similarity 1, its first letter kept): it goes there directly.
    if (5..=12).contains(&word.len()) {
        thread_local! {
            static MEMO: ShortMemo<u128, Option<u8>> = ShortMemo::new(LINE_MEMO);
        }
        // Remembered: a pure function of the word, and the words of short
        // lines recur. (Keyed by the word packed into a number: at most 12
        // bytes.)
        if let Some(key) = pack(word.as_bytes()) {
            return MEMO.with(|m| m.get_or(key, || month_like(word)));
        }
        return month_like(word);
    }
    for (i, m) in MONTHS.iter().enumerate() {
        let abbr = &m[..3];
        if word == abbr || (word == "SEPT" && i == 8) || word == *m {
            return Some(i as u8 + 1);
        }
    }
    None
}

/// The month a folded word of 5 to 12 bytes is one OCR error away from.
fn month_like(word: &str) -> Option<u8> {
    // (At most 12 bytes: at most 12 characters, on the stack.)
    let mut buf = ['\0'; 12];
    let w = chars_in(word, &mut buf)?;
    let (best, s) = fixed()
        .months
        .iter()
        .enumerate()
        // One OCR error at most: the first or the last letter survives.
        .filter(|(_, (m, _))| {
            m.as_bytes()[0] == word.as_bytes()[0] || m.as_bytes().last() == word.as_bytes().last()
        })
        .filter_map(|(i, (_, m))| m.similarity_at_least(w, 0.8).map(|s| (i, s)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (s >= 0.8).then_some(best as u8 + 1)
}

/// Where the word AYUNTAMIENTO is among the first words of a folded line
/// (after a Roman numeral or `H.`), possibly split in two by the OCR: the
/// range of words it takes.
pub(crate) fn ayuntamiento_at(words: &[&str]) -> Option<(usize, usize)> {
    thread_local! {
        static MEMO: ShortMemo<(u128, u8), bool> = ShortMemo::new(LINE_MEMO);
    }
    // Remembered by the words compared and the bar (a word alone is
    // compared at 0.7, a pair at 0.75): a pure function of both, and the
    // same words recur on line after line (`EJECUTORA`, `UNIDAD`+`EJECUTORA`).
    // The key is the words' bytes (at most 16), joined as
    // [`ayuntamiento_close`] joins them and zero-padded into a number, with
    // their count and the bar in a byte (count * 2 + bar - 1): equal keys
    // are equal byte strings with equal bars, so equal questions.
    ayuntamiento_with(words, |parts, min| {
        let mut joined = [0u8; AYTO_KEY];
        let mut n = 0;
        for p in parts {
            match joined.get_mut(n..n + p.len()) {
                Some(slot) => slot.copy_from_slice(p.as_bytes()),
                None => return ayuntamiento_close(parts, min),
            }
            n += p.len();
        }
        // (`n` is at most 16: the tag at most 33.)
        let tag = (n as u8) << 1 | u8::from(parts.len() != 1);
        let key = (u128::from_le_bytes(joined), tag);
        MEMO.with(|m| m.get_or(key, || ayuntamiento_close(parts, min)))
    })
}

/// Whether the words `parts`, joined, are at least `min` similar to
/// `AYUNTAMIENTO`.
fn ayuntamiento_close(parts: &[&str], min: f64) -> bool {
    // On the stack: the words and pairs compared are at most 16 bytes long,
    // so at most 16 characters.
    let mut buf = ['\0'; 16];
    let mut n = 0;
    for c in parts.iter().flat_map(|p| p.chars()) {
        let Some(slot) = buf.get_mut(n) else {
            return false;
        };
        *slot = c;
        n += 1;
    }
    buf.get(..n)
        .is_some_and(|a| fixed().ayuntamiento.similarity_at_least(a, min).is_some())
}

/// [`ayuntamiento_at`], with `close` telling whether a word (at 0.7) or a
/// pair of words (at 0.75) spells `AYUNTAMIENTO` (see [`ayuntamiento_close`]).
fn ayuntamiento_with(
    words: &[&str],
    mut close: impl FnMut(&[&str], f64) -> bool,
) -> Option<(usize, usize)> {
    let n = words.len().min(4);
    if let Some(i) =
        (0..n).find(|&i| (9..=16).contains(&words[i].len()) && close(&words[i..=i], 0.7))
    {
        return Some((i, i + 1));
    }
    let roman = |w: &str| {
        w.chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
    };
    (0..n.saturating_sub(1)).find_map(|i| {
        let (a, b) = (words[i], words[i + 1]);
        let ok =
            a.len() >= 3 && b.len() >= 3 && !roman(a) && (9..=16).contains(&(a.len() + b.len()));
        (ok && close(&words[i..i + 2], 0.75)).then_some((i, i + 2))
    })
}

/// Most bytes of the words [`ayuntamiento_at`]'s memo is asked about.
const AYTO_KEY: usize = 16;

/// Whether a first word of at most 6 bytes is at least 0.8 similar to
/// `FECHA`: remembered by the word packed into a number (see `pack`), since
/// first words recur.
fn fecha_like(word: &str) -> bool {
    thread_local! {
        static MEMO: ShortMemo<u128, bool> = ShortMemo::new(LINE_MEMO);
    }
    let close = || at_least(word, &fixed().fecha, 0.8);
    match pack(word.as_bytes()) {
        Some(key) => MEMO.with(|m| m.get_or(key, close)),
        None => close(),
    }
}

/// Whether `a` is at least `min` similar to `b` (bounded: cheap when not).
fn at_least(a: &str, b: &Pattern, min: f64) -> bool {
    // (Its callers compare short words: on the stack.)
    let mut buf = ['\0'; 20];
    match chars_in(a, &mut buf) {
        Some(a) => b.similarity_at_least(a, min).is_some(),
        None => b
            .similarity_at_least(&a.chars().collect::<Vec<_>>(), min)
            .is_some(),
    }
}

/// The characters of `s` in `buf`, or `None` when they do not fit: words
/// compared on every line are read onto the stack rather than allocated.
fn chars_in<'b>(s: &str, buf: &'b mut [char]) -> Option<&'b [char]> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    buf.get(..n)
}

/// The fixed words and phrases compared with single lines, prepared once.
struct Fixed {
    ayuntamiento: Pattern,
    fecha: Pattern,
    caption: Pattern,
    responsable: Pattern,
    /// [`ROLE_TAILS`], prepared.
    tails: Vec<(Cargo, Pattern)>,
    /// Each month's name and its pattern.
    months: Vec<(&'static str, Pattern)>,
}

fn fixed() -> &'static Fixed {
    static FIXED: OnceLock<Fixed> = OnceLock::new();
    FIXED.get_or_init(|| Fixed {
        ayuntamiento: Pattern::new("AYUNTAMIENTO"),
        fecha: Pattern::new("FECHA"),
        caption: Pattern::new("NOMBRE Y FIRMA"),
        responsable: Pattern::new("RESPONSABLE"),
        tails: ROLE_TAILS
            .iter()
            .map(|&(c, p)| (c, Pattern::new(p)))
            .collect(),
        months: MONTHS.iter().map(|&m| (m, Pattern::new(m))).collect(),
    })
}

/// Whether a line is a bare period: short and made of month names, years
/// and separators.
fn is_period(ws: &[Word]) -> bool {
    if ws.len() > 6 {
        return false;
    }
    // Each word looked up once, and the first that fits nothing settles it
    // (years and `DE`/`AL` are never months: they are checked first).
    let mut any_month = false;
    for w in ws {
        let f: &str = &w.folded;
        if f.chars().all(|c| c.is_ascii_digit()) || f == "DE" || f == "AL" {
            continue;
        }
        if month(f).is_none() {
            return false;
        }
        any_month = true;
    }
    any_month
}

/// Lines remembered by [`title`] and [`label`]: the title block and the
/// labels are printed on every page of every report.
const LINE_MEMO: usize = 1 << 13;
/// Longest line remembered (title and label lines are short).
const LINE_MEMO_KEY: usize = 200;

/// Classifies a title-block line; returns the kind and the byte offset where
/// the value starts (for `FECHA:`).
#[cfg(test)]
pub(crate) fn title(line: &str) -> Option<(TitleKind, usize)> {
    if !title_sized(line) {
        return None;
    }
    title_uncached(line)
}

/// Whether a trimmed line is short enough and has few enough tabs to be a
/// title line: a table row or a long value is none of them.
fn title_sized(t: &str) -> bool {
    t.len() <= 160 && super::table::tabs(t) <= 1
}

/// What the start of a line says: [`title`] of its trimmed text and, where
/// that was looked for, [`label`] of the line as printed and its
/// [`Folded`] tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineStart {
    pub(crate) title: Option<(TitleKind, usize)>,
    /// `None` when left to [`label`].
    pub(crate) label: Option<Option<(Label, usize)>>,
    /// `None` when left to [`Folded::of`].
    pub(crate) folded: Option<Folded>,
}

/// The tests of a trimmed line that compare its folded text, folded once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Folded {
    /// [`table_header_folded`].
    pub(crate) table_header: bool,
    /// [`role_folded`].
    pub(crate) role: Option<Cargo>,
    /// [`signature_caption_folded`].
    pub(crate) caption: bool,
}

impl Folded {
    /// The tests of the trimmed line `t`.
    pub(crate) fn of(t: &str) -> Folded {
        let f = fold(t);
        Folded {
            table_header: table_header_folded(&f),
            role: role_folded(&f),
            caption: signature_caption_folded(&f),
        }
    }

    /// [`Folded::of`] a line [`line_start`] leaves out (a tabbed or long
    /// one), remembered: the table's sub-headers are printed alike on every
    /// page.
    pub(crate) fn of_tabbed(t: &str) -> Folded {
        thread_local! {
            static MEMO: Memo<Folded> = Memo::new(LINE_MEMO, LINE_MEMO_KEY);
        }
        MEMO.with(|m| m.get_or(t, || Folded::of(t)))
    }
}

/// The [`LineStart`] of a line as printed (`raw`): its title and label read
/// from the same first words, folded once.
#[cfg(test)]
pub(crate) fn line_start(raw: &str) -> LineStart {
    line_start_trimmed(raw, raw.trim())
}

/// [`line_start`] of `raw`, whose trimmed text `t` its caller has at hand.
pub(crate) fn line_start_trimmed(raw: &str, t: &str) -> LineStart {
    thread_local! {
        static MEMO: Memo<LineStart> = Memo::new(LINE_MEMO, LINE_MEMO_KEY);
    }
    // Tested before the cache, which would hash the whole line.
    if t.is_empty() || !title_sized(t) {
        return LineStart {
            title: None,
            label: None,
            folded: None,
        };
    }
    MEMO.with(|m| m.get_or(raw, || line_start_uncached(raw, t)))
}

/// [`line_start`] of `raw`, trimmed to `t`.
///
/// The title reads `words_upto(t, 8)` and the label `words_upto(raw, 5)`;
/// both are the runs of `runs_upto(raw, 8)` when none of those folds to
/// nothing: the whitespace trimmed is no word character, so `t` has the
/// runs of `raw` shifted by the leading whitespace, and with no run to drop
/// each reading is just its first runs (8 and 5). Otherwise which runs
/// [`words_upto`] drops depends on where the line ends, and each is read
/// as before.
///
/// A title line is placed as one before anything else is asked of it (and
/// only rarely, with a tab below the top of a page, asked more): its label
/// and folded tests are left to [`label`] and [`Folded::of_tabbed`].
fn line_start_uncached(raw: &str, t: &str) -> LineStart {
    let (runs, _) = runs_upto(raw, 8);
    let plain = !runs.iter().any(|w| w.folded.is_empty());
    // The first word's plausible phrases, asked once for the title and the
    // label (a pure function of the word).
    let mask = runs.first().filter(|_| plain).map(|w| plausible(&w.folded));
    let title = if plain {
        title_with(&runs, t, raw.len() - raw.trim_start().len(), mask)
    } else {
        title_uncached(t)
    };
    if title.is_some() {
        return LineStart {
            title,
            label: None,
            folded: None,
        };
    }
    let label = if plain {
        label_with(raw, &runs[..runs.len().min(5)], mask)
    } else {
        label_uncached(raw)
    };
    LineStart {
        title,
        label: Some(label),
        folded: Some(Folded::of(t)),
    }
}

fn title_uncached(line: &str) -> Option<(TitleKind, usize)> {
    title_of(&words_upto(line, 8), line, 0)
}

/// [`title`] of the trimmed line `t`, whose first 8 words are `ws`, with
/// spans `lead` bytes past those of `t`.
fn title_of(ws: &[Word], t: &str, lead: usize) -> Option<(TitleKind, usize)> {
    title_with(ws, t, lead, None)
}

/// [`title_of`], with [`plausible`] of the first word when the caller has
/// it.
fn title_with(ws: &[Word], t: &str, lead: usize, mask: Option<u16>) -> Option<(TitleKind, usize)> {
    let first = ws.first()?;
    // (At most 8 words: on the stack.)
    let mut folded = [""; 8];
    for (f, w) in folded.iter_mut().zip(ws) {
        *f = &w.folded;
    }
    if ayuntamiento_at(folded.get(..ws.len()).unwrap_or(&folded)).is_some() {
        return Some((TitleKind::Ayuntamiento, 0));
    }
    let starts = starts();
    let mask = mask.unwrap_or_else(|| plausible(&first.folded));
    // (Only whether a reading reaches the bar matters here, not the best.)
    if ws.len() >= 2
        && mask & DOCUMENTO != 0
        && remembered(&TITLE_WORDS, KEY_DOCUMENTO, ws, 4, || {
            prefix_reaches_remembered(ws, &starts.documento, 0.8, KEY_DOCUMENTO)
        })
    {
        return Some((TitleKind::Documento, 0));
    }
    if ws.len() >= 2
        && ws.len() <= 4
        && mask & TITULO != 0
        && remembered(&TITLE_WORDS, KEY_TITULO, ws, 4, || {
            prefix_reaches_remembered(ws, &starts.titulo, 0.75, KEY_TITULO)
        })
    {
        return Some((TitleKind::Titulo, 0));
    }
    if first.folded.len() <= 6 && fecha_like(&first.folded) {
        return Some((TitleKind::Fecha, first.end.saturating_sub(lead)));
    }
    if is_period(ws) {
        return Some((TitleKind::Periodo, 0));
    }
    if form_code(t.trim()) {
        return Some((TitleKind::Formato, 0));
    }
    None
}

/// A form code such as `TMM-F004`: the whole of
/// `^[A-Za-z]{2,5}\s*[-–]\s*[A-Za-z0-9]{3,6}$`, scanned by hand (each part
/// stops where the next must start: letters before a space or dash, spaces
/// before a dash).
fn form_code(t: &str) -> bool {
    let letters = t.bytes().take_while(u8::is_ascii_alphabetic).count();
    if !(2..=5).contains(&letters) {
        return false;
    }
    let rest = t[letters..].trim_start();
    let Some(rest) = rest.strip_prefix(['-', '–']) else {
        return false;
    };
    let code = rest.trim_start();
    (3..=6).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The labels of the classification block, folded.
const LABELS: [(Label, &str); 9] = [
    (Label::Ramo, "RAMO"),
    (Label::Programa, "PROGRAMA"),
    (Label::Unidad, "UNIDAD EJECUTORA"),
    (Label::Finalidad, "FINALIDAD"),
    (Label::Funcion, "FUNCION"),
    (Label::Subfuncion, "SUBFUNCION"),
    (Label::Eje, "EJE DE GOBIERNO"),
    (Label::Eje, "EJES DE GOBIERNO"),
    (Label::Linea, "LINEAS DE ACCION"),
];

/// The phrases a line may start with: the labels, then two title lines.
struct Starts {
    labels: Vec<(Label, Phrase)>,
    documento: Phrase,
    titulo: Phrase,
}

/// Bits of [`plausible`] for the title phrases (the labels take the low
/// bits, in the order of [`LABELS`]).
const DOCUMENTO: u16 = 1 << LABELS.len();
const TITULO: u16 = 1 << (LABELS.len() + 1);

fn starts() -> &'static Starts {
    static STARTS: OnceLock<Starts> = OnceLock::new();
    STARTS.get_or_init(|| Starts {
        labels: LABELS
            .iter()
            .map(|&(lab, p)| (lab, Phrase::new(p)))
            .collect(),
        documento: Phrase::new("PROGRAMA OPERATIVO ANUAL"),
        titulo: Phrase::new("AVANCE FISICO PROGRAMATICO"),
    })
}

/// Which phrases of [`starts`] a line beginning with the folded word `first`
/// may start with, as bits. Remembered per word: first words recur far more
/// than whole lines do.
fn plausible(first: &str) -> u16 {
    thread_local! {
        static MEMO: Memo<u16> = Memo::new(LINE_MEMO, 64);
        static SHORT: ShortMemo<u128, u16> = ShortMemo::new(LINE_MEMO);
    }
    // Most first words are short: those are keyed by the word packed into
    // a number (see `pack`).
    if let Some(key) = pack(first.as_bytes()) {
        return SHORT.with(|m| m.get_or(key, || plausible_uncached(first)));
    }
    MEMO.with(|m| m.get_or(first, || plausible_uncached(first)))
}

/// [`plausible`], worked out.
fn plausible_uncached(first: &str) -> u16 {
    let s = starts();
    let first: Vec<char> = first.chars().collect();
    let first = first.as_slice();
    let mut mask = 0;
    for (i, (_, p)) in s.labels.iter().enumerate() {
        if p.plausible_start(first) {
            mask |= 1 << i;
        }
    }
    // A title phrase whose first word is a label's (`PROGRAMA`) answers as
    // that label does for a word short enough to be compared with the first
    // word alone (see `Phrase::same_start`).
    for (phrase, bit) in [(&s.documento, DOCUMENTO), (&s.titulo, TITULO)] {
        let twin = s
            .labels
            .iter()
            .position(|(_, p)| p.same_start(phrase, first.len()));
        let yes = match twin {
            Some(j) => mask & (1 << j) != 0,
            None => phrase.plausible_start(first),
        };
        if yes {
            mask |= bit;
        }
    }
    mask
}

/// A classification label at the start of a line (after debris such as `- `
/// or `**`): the label and the byte offset where its value starts.
pub(crate) fn label(line: &str) -> Option<(Label, usize)> {
    thread_local! {
        static MEMO: Memo<Option<(Label, usize)>> = Memo::new(LINE_MEMO, LINE_MEMO_KEY);
    }
    MEMO.with(|m| m.get_or(line, || label_uncached(line)))
}

fn label_uncached(line: &str) -> Option<(Label, usize)> {
    label_of(line, &words_upto(line, 5))
}

/// [`label`] of a line whose first 5 words are `ws`.
fn label_of(line: &str, ws: &[Word]) -> Option<(Label, usize)> {
    label_with(line, ws, None)
}

/// [`label_of`], with [`plausible`] of the first word when the caller has
/// it.
fn label_with(line: &str, ws: &[Word], mask: Option<u16>) -> Option<(Label, usize)> {
    let first = ws.first()?;
    // The label must come first: only bullets and markdown debris before it.
    if line[..first.start]
        .chars()
        .any(|c| !matches!(c, '-' | '*' | '#' | '•' | ' ' | '\t' | '_' | '>'))
    {
        return None;
    }
    let mask = mask.unwrap_or_else(|| plausible(&first.folded));
    // (No label is plausible after most first words: nothing to remember.)
    let (lab, s, k) = if mask & LABEL_BITS == 0 {
        None
    } else {
        remembered(&LABEL_WORDS, KEY_LABEL, ws, 4, || best_label(ws, mask))
    }?;
    let mut end = ws[k - 1].end;
    let rest = &line[end..];
    // A misspelled label must look like one: a separator or a code after it
    // (`RAMÓN TOLEDO` is a name, `RAMO: 54` and `EFE DE GOBIERNO 1` labels).
    let after = rest.trim_start_matches([' ', '*']);
    if s < 0.999
        && !(after.is_empty()
            || after.starts_with([':', '\t', '-', '.'])
            || after.starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let skip = rest.len()
        - rest
            .trim_start_matches([':', '*', ' ', '\t', '.', '-', '_'])
            .len();
    end += skip;
    Some((lab, end))
}

/// The bits of [`plausible`] for the labels.
const LABEL_BITS: u16 = (1 << LABELS.len()) - 1;

/// Tags of [`remembered`]'s questions: which phrase the words are read as.
const KEY_DOCUMENTO: u8 = 1;
const KEY_TITULO: u8 = 2;
const KEY_LABEL: u8 = 3;

/// Longest key [`remembered`] keeps (four words and their tag).
const WORDS_KEY: usize = 96;

/// `f()`, remembered by `tag` and the folded words `ws[..upto]` (fewer
/// when `ws` has fewer) in `memo`: `f` must be a pure function of those
/// words for the question `tag` names.
///
/// The phrases compared at the start of a line read at most one word more
/// than they have ([`prefix_reaches_remembered`] and [`best_label`]: at most four, for
/// phrases of at most three words), and `ws.len()` only as far as those
/// words (whether there are `n` of them, how many up to `n + 1`); a label's
/// plausible set is a function of the first word. The words of the title
/// and label lines recur across documents (`PROGRAMA: 511 GESTION
/// ADMINISTRATIVA`), misspelled alike. The key is the tag, then the words,
/// each after a tab: a folded word holds no tab (folding turns it into a
/// space), so equal keys are equal questions.
fn remembered<V: Clone>(
    memo: &'static std::thread::LocalKey<Memo<V>>,
    tag: u8,
    ws: &[Word],
    upto: usize,
    f: impl FnOnce() -> V,
) -> V {
    let mut buf = [0u8; WORDS_KEY];
    buf[0] = tag;
    let mut n = 1;
    for w in ws.iter().take(upto) {
        let bytes = w.folded.as_bytes();
        match buf.get_mut(n..n + 1 + bytes.len()) {
            Some(slot) => {
                slot[0] = b'\t';
                slot[1..].copy_from_slice(bytes);
            }
            None => return f(),
        }
        n += 1 + bytes.len();
    }
    match std::str::from_utf8(&buf[..n]) {
        Ok(key) => memo.with(|m| m.get_or(key, f)),
        Err(_) => f(),
    }
}

thread_local! {
    /// [`remembered`] title questions (whether a line starts with a title
    /// phrase).
    static TITLE_WORDS: Memo<bool> = Memo::new(LINE_MEMO, WORDS_KEY);
    /// [`remembered`] labels ([`best_label`] of a line's first words).
    static LABEL_WORDS: Memo<Option<(Label, f64, usize)>> = Memo::new(LINE_MEMO, WORDS_KEY);
}

/// The label the words `ws` start with, among those of `mask` (bits of
/// [`plausible`]): the best scored, the first of equals; with its score
/// and how many words it took.
fn best_label(ws: &[Word], mask: u16) -> Option<(Label, f64, usize)> {
    let mut best: Option<(Label, f64, usize)> = None;
    for (i, (lab, phrase)) in starts().labels.iter().enumerate() {
        if mask & (1 << i) == 0 {
            continue;
        }
        let (lab, min) = (*lab, if phrase.len() <= 5 { 0.74 } else { 0.78 });
        // Only a score above the best so far can take its place.
        let bar = best.map_or(0.0, |b| b.1);
        let (s, k) = prefix_score_above(ws, phrase, min, bar);
        if s >= min && best.is_none_or(|b| s > b.1) {
            best = Some((lab, s, k));
            // No label scores above 1: the labels after an exact one
            // cannot take its place.
            if s >= 1.0 {
                break;
            }
        }
    }
    best
}

/// Whether a line is the first line of the table header.
#[cfg(test)]
pub(crate) fn table_header(line: &str) -> bool {
    table_header_folded(&fold(line))
}

/// [`table_header`] of a line already folded (several tests share one fold).
pub(crate) fn table_header_folded(f: &str) -> bool {
    // Each case below needs one of these words: most lines, with none of
    // them, are told in one search instead of three.
    static WORDS: OnceLock<Regex> = OnceLock::new();
    let words =
        WORDS.get_or_init(|| Regex::new("ACCIONES|META ANUAL|AVANCE").expect("valid regex"));
    if !words.is_match(f) {
        return false;
    }
    let has = |w: &str| f.contains(w);
    (has("ACCIONES") && (has("UNIDAD") || has("META") || has("MEDIDA")))
        || (has("META ANUAL") && has("UNIDAD"))
        || (has("AVANCE") && has("ABSOLUTO") && has("RELATIVO"))
}

/// The period sub-header of the table (`ENE-MAR ... P A P A`): returns the
/// number of P/A cells when the line is all P/A cells, `Some(None)` for other
/// sub-header lines.
pub(crate) fn period_header(line: &str) -> Option<Option<usize>> {
    thread_local! {
        static MEMO: Memo<Option<Option<usize>>> = Memo::new(LINE_MEMO, LINE_MEMO_KEY);
    }
    // Remembered: the sub-headers are printed alike on every page.
    MEMO.with(|m| m.get_or(line, || period_header_uncached(line)))
}

fn period_header_uncached(line: &str) -> Option<Option<usize>> {
    let quarter = |c: &str| {
        let mut ws = c.split(' ');
        match (ws.next(), ws.next(), ws.next()) {
            (Some(a), Some(b), None) => month(a).is_some() && month(b).is_some(),
            _ => false,
        }
    };
    let pa = |c: &str| c == "P" || c == "A";
    let letter = |c: &str| c.chars().count() == 1 && c.chars().all(char::is_alphabetic);
    // Each cell folded and tested in turn: most lines fail on the first.
    let (mut cells, mut all_pa) = (0, true);
    for cell in super::table::cells(line) {
        let c = fold(cell);
        if c.is_empty() {
            continue;
        }
        if !(quarter(&c) || pa(&c) || letter(&c) || c == "P E R I O D O" || c == "PERIODO") {
            return None;
        }
        cells += 1;
        all_pa &= pa(&c);
    }
    if cells == 0 {
        return None;
    }
    Some(all_pa.then_some(cells))
}

/// The role a `RESPONSABLE ...` line names; `None` for other lines.
#[cfg(test)]
pub(crate) fn role(line: &str) -> Option<Cargo> {
    role_folded(&fold(line))
}

/// [`role`] of a line already folded.
///
/// Not remembered on its own: its callers' caches hold it, keyed on the
/// line, and a line that fails it fails on its first 14 letters.
pub(crate) fn role_folded(f: &str) -> Option<Cargo> {
    // Long lines are no role.
    if more_than_8_words(f) {
        return None;
    }
    role_uncached(f)
}

/// Whether `f.split(' ')` has more than 8 pieces: it has one more than `f`
/// has spaces, so whether `f` has an 8th space, found without counting the
/// rest of a long line.
fn more_than_8_words(f: &str) -> bool {
    f.bytes().filter(|&b| b == b' ').nth(7).is_some()
}

/// What follows `RESPONSABLE` on a role line, spaces dropped, per role.
const ROLE_TAILS: [(Cargo, &str); 3] = [
    (Cargo::UnidadEjecutora, "DELAUNIDADEJECUTORA"),
    (Cargo::Programa, "DELPROGRAMA"),
    (Cargo::Ramo, "DELRAMO"),
];

fn role_uncached(f: &str) -> Option<Cargo> {
    // Compared without spaces: the OCR splits and merges these words. The
    // first 11 letters, and whether 3 more follow, are read first: most
    // lines are no role, and are told by them.
    // (The head on the stack: most lines end here.)
    let mut tight = f.chars().filter(|&c| c != ' ');
    let mut head = ['\0'; 14];
    let mut n = 0;
    for (slot, c) in head.iter_mut().zip(tight.by_ref()) {
        *slot = c;
        n += 1;
    }
    if n < 14 || !responsable_head(&head[..11]) {
        return None;
    }
    let rest: Vec<char> = head[11..].iter().copied().chain(tight).collect();
    // The best tail, the last of equals (as `max_by` picks), if it is 0.6
    // similar. Only tails that similar can be the answer, and each is
    // scored at `looser_min(0.6)`, which finds every such pair at its own
    // score (see `looser_min`), not over the whole distance.
    let mut best: Option<(Cargo, f64)> = None;
    for (c, p) in &fixed().tails {
        let min = looser_min(ROLE_MIN, rest.len().max(p.chars().len()));
        let s = p.similarity_at_least(&rest, min).filter(|&s| s >= ROLE_MIN);
        if let Some(s) = s.filter(|&s| best.is_none_or(|b| s >= b.1)) {
            best = Some((*c, s));
        }
    }
    best.map(|b| b.0)
}

/// Whether the first 11 letters of a line, spaces dropped, are at least
/// 0.75 similar to `RESPONSABLE`: remembered by those letters when they
/// are ASCII (packed into a number, see `pack`), since the starts of lines
/// recur (names, coded values) and most are none.
fn responsable_head(head: &[char]) -> bool {
    thread_local! {
        static MEMO: ShortMemo<u128, bool> = ShortMemo::new(LINE_MEMO);
    }
    let close = || {
        fixed()
            .responsable
            .similarity_at_least(head, 0.75)
            .is_some()
    };
    let mut bytes = [0u8; 11];
    for (b, &c) in bytes.iter_mut().zip(head) {
        match u8::try_from(c).ok().filter(u8::is_ascii) {
            Some(c) => *b = c,
            None => return close(),
        }
    }
    // (The ASCII characters of `head`, as many bytes: equal keys are equal
    // heads.)
    match bytes.get(..head.len()).and_then(pack) {
        Some(key) => MEMO.with(|m| m.get_or(key, close)),
        None => close(),
    }
}

/// How similar a role line's tail must be to one of [`ROLE_TAILS`].
const ROLE_MIN: f64 = 0.6;

/// `NOMBRE Y FIRMA` and similar captions under a signature.
#[cfg(test)]
pub(crate) fn signature_caption(line: &str) -> bool {
    signature_caption_folded(&fold(line))
}

/// [`signature_caption`] of a line already folded.
pub(crate) fn signature_caption_folded(f: &str) -> bool {
    f == "FIRMA" || f == "NOMBRE" || (f.len() <= 20 && at_least(f, &fixed().caption, 0.75))
}

/// A person's name: two to eight alphabetic words, mostly upper case.
pub(crate) fn name_like(line: &str) -> bool {
    // One pass over the characters (this runs on most lines that are no
    // label or row): each test below stops at the first character or word
    // that fails it.
    let t = line.trim();
    let (mut digits, mut words, mut letters, mut upper) = (0, 0, 0usize, 0usize);
    // The current word: its length in bytes, whether it is all digits so
    // far, and whether its last character is a period.
    let (mut len, mut all_digits, mut dot) = (0, true, false);
    // A word ends at whitespace and at the end of the text.
    let mut end_word = |len: usize, all_digits: bool, dot: bool| {
        words += 1;
        // OCR turns letters into digits (AGU1LAR), but a name has no number;
        // nor an initial (`T.O.`).
        !(all_digits || (dot && len <= 3) || words > 8)
    };
    // ASCII characters are read a byte at a time, classed by table as the
    // tests below would class them (`NAME_BYTE`); the others are decoded.
    let b = t.as_bytes();
    let mut i = 0;
    while let Some(&byte) = b.get(i) {
        let (class, c) = if byte.is_ascii() {
            i += 1;
            (NAME_BYTE[usize::from(byte)], char::from(byte))
        } else {
            let Some(c) = t.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            i += c.len_utf8();
            (NAME_WIDE, c)
        };
        if class == NAME_BAD {
            return false;
        }
        if class == NAME_SPACE || (class == NAME_WIDE && c.is_whitespace()) {
            if len > 0 && !end_word(len, all_digits, dot) {
                return false;
            }
            (len, all_digits, dot) = (0, true, false);
            continue;
        }
        len += c.len_utf8();
        dot = c == '.';
        if class == NAME_DIGIT {
            digits += 1;
            if digits > 2 {
                return false;
            }
        } else {
            all_digits = false;
        }
        match class {
            NAME_UPPER => {
                letters += 1;
                upper += 1;
            }
            NAME_LOWER => letters += 1,
            NAME_WIDE if c.is_alphabetic() => {
                letters += 1;
                upper += usize::from(c.is_uppercase());
            }
            _ => {}
        }
    }
    if len > 0 && !end_word(len, all_digits, dot) {
        return false;
    }
    words >= 2 && letters >= 8 && upper * 10 >= letters * 8
}

/// [`NAME_BYTE`]'s classes: a character that rules a name out, whitespace,
/// an ASCII digit, an upper- or lower-case ASCII letter, any other ASCII
/// character, and (never in the table) a character past ASCII, decoded.
const NAME_BAD: u8 = 0;
const NAME_SPACE: u8 = 1;
const NAME_DIGIT: u8 = 2;
const NAME_UPPER: u8 = 3;
const NAME_LOWER: u8 = 4;
const NAME_OTHER: u8 = 5;
const NAME_WIDE: u8 = 6;

/// Per ASCII byte, its class for [`name_like`]: `[ ] \t : %` rule a name
/// out (the tab before whitespace, as the character tests run), whitespace
/// is `char::is_whitespace`, and on ASCII `is_alphabetic` is
/// `is_ascii_alphabetic` and `is_uppercase` is `is_ascii_uppercase`.
static NAME_BYTE: [u8; 128] = {
    let mut t = [NAME_OTHER; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if matches!(b, b'[' | b']' | b'\t' | b':' | b'%') {
            NAME_BAD
        } else if matches!(b, b' ' | b'\n' | 0x0b | 0x0c | b'\r') {
            NAME_SPACE
        } else if b.is_ascii_digit() {
            NAME_DIGIT
        } else if b.is_ascii_uppercase() {
            NAME_UPPER
        } else if b.is_ascii_lowercase() {
            NAME_LOWER
        } else {
            NAME_OTHER
        };
        i += 1;
    }
    t
};

/// A scribble left by a signature: short, one or two tokens, or bracketed.
#[cfg(test)]
pub(crate) fn scribble_like(line: &str) -> bool {
    scribble_like_given(line, name_like(line))
}

/// [`scribble_like`] of a line whose [`name_like`] is `name` (its callers
/// have told it already; it trims as `name_like` does, so the answer is the
/// same for `line` and `line.trim()`).
pub(crate) fn scribble_like_given(line: &str, name: bool) -> bool {
    let t = line.trim();
    let n = t.split_whitespace().count();
    (t.starts_with('[') && t.ends_with(']') && t.len() <= 30)
        || (n <= 2 && t.chars().count() <= 14 && !name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::words::prefix_score;
    use crate::text::{similarity, similarity_at_least};

    /// [`is_period`] as first written: any month, and all words months,
    /// years or `DE`/`AL`.
    fn is_period_plain(ws: &[Word]) -> bool {
        !ws.is_empty()
            && ws.len() <= 6
            && ws.iter().any(|w| month(&w.folded).is_some())
            && ws.iter().all(|w| {
                month(&w.folded).is_some()
                    || w.folded.chars().all(|c| c.is_ascii_digit())
                    || w.folded == "DE"
                    || w.folded == "AL"
            })
    }

    #[test]
    fn is_period_agrees_with_the_plain_test() {
        let seed = include_str!("../../corpus/seeds/000_61b09fd82a67f885.txt");
        let extra = [
            "ENERO - MARZO 2024",
            "ENERO DE 2024 AL MARZO DE 2024",
            "ENER0 MARZO",
            "2024",
            "DE AL",
            "ABRIL JUNIO DE 2023 X",
            "OCTUBRE DICIEMBRE",
            "",
        ];
        let (mut yes, mut no) = (0, 0);
        for line in seed.lines().chain(extra) {
            let ws = words_upto(line, 8);
            let fast = is_period(&ws);
            assert_eq!(fast, is_period_plain(&ws), "{line}");
            if fast {
                yes += 1;
            } else {
                no += 1;
            }
        }
        assert!(yes >= 3 && no > 100, "{yes} {no}");
    }

    #[test]
    fn form_code_agrees_with_the_pattern() {
        let re = Regex::new(r"^[A-Za-z]{2,5}\s*[-–]\s*[A-Za-z0-9]{3,6}$").unwrap();
        let mut lines: Vec<String> = super::super::words::tests::damaged_lines();
        for extra in [
            "TMM-F004",
            "TMM - F004",
            "TMM–F004",
            "TMM\u{a0}-\u{2003}F004",
            "TMMMMM-F004",
            "T-F004",
            "TMM-F0",
            "TMM-F004567",
            "TMM-F0É4",
            "TMM--F004",
            "TMM -",
            "ÉMM-F004",
        ] {
            lines.push(extra.to_string());
        }
        let mut yes = 0;
        for line in &lines {
            let t = line.trim();
            assert_eq!(form_code(t), re.is_match(t), "{t:?}");
            yes += usize::from(form_code(t));
        }
        assert!(yes >= 4, "{yes}");
    }

    /// [`period_header`] as first written: every cell folded, then tested.
    fn period_header_plain(line: &str) -> Option<Option<usize>> {
        let cells: Vec<String> = line
            .split('\t')
            .map(fold)
            .filter(|c| !c.is_empty())
            .collect();
        if cells.is_empty() {
            return None;
        }
        let quarter = |c: &str| {
            let ws: Vec<&str> = c.split(' ').collect();
            ws.len() == 2 && ws.iter().all(|w| month(w).is_some())
        };
        let pa = |c: &str| c == "P" || c == "A";
        let letter = |c: &str| c.chars().count() == 1 && c.chars().all(char::is_alphabetic);
        if !cells
            .iter()
            .all(|c| quarter(c) || pa(c) || letter(c) || c == "P E R I O D O" || c == "PERIODO")
        {
            return None;
        }
        if cells.iter().all(|c| pa(c)) {
            return Some(Some(cells.len()));
        }
        Some(None)
    }

    /// [`month`] as first written: the exact names and abbreviations
    /// first, then the near misses.
    fn month_plain(word: &str) -> Option<u8> {
        if word.len() < 3 || word.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        for (i, m) in MONTHS.iter().enumerate() {
            let abbr = &m[..3];
            if word == abbr || (word == "SEPT" && i == 8) || word == *m {
                return Some(i as u8 + 1);
            }
        }
        if (5..=12).contains(&word.len()) {
            return month_like(word);
        }
        None
    }

    #[test]
    fn month_agrees_with_the_plain_one() {
        let mut words: Vec<String> = vec![];
        for m in MONTHS {
            words.push(m.to_string());
            words.push(m[..3].to_string());
            words.push(format!("{m}S"));
            words.push(m[1..].to_string());
            words.push(m.replace('O', "0"));
            words.push(m.replacen('E', "F", 1));
        }
        for extra in [
            "SEPT",
            "SEPTIEMBRE",
            "SETIEMBRE",
            "MAY0",
            "JULO",
            "JUNO",
            "A",
            "",
        ] {
            words.push(extra.to_string());
        }
        for line in super::super::words::tests::damaged_lines() {
            words.extend(fold(&line).split(' ').map(str::to_string));
        }
        let mut found = 0;
        for w in &words {
            // Twice: the second time from the memo.
            for _ in 0..2 {
                assert_eq!(month(w), month_plain(w), "{w:?}");
            }
            found += usize::from(month(w).is_some());
        }
        assert!(found >= 60, "{found}");
    }

    /// [`NAME_BYTE`] classes every ASCII character as the character tests
    /// of [`name_like`] do.
    #[test]
    fn name_byte_table_is_the_rule() {
        for b in 0..128u8 {
            let c = char::from(b);
            let want = if matches!(c, '[' | ']' | '\t' | ':' | '%') {
                NAME_BAD
            } else if c.is_whitespace() {
                NAME_SPACE
            } else if c.is_ascii_digit() {
                NAME_DIGIT
            } else if c.is_alphabetic() && c.is_uppercase() {
                NAME_UPPER
            } else if c.is_alphabetic() {
                NAME_LOWER
            } else {
                NAME_OTHER
            };
            assert_eq!(NAME_BYTE[usize::from(b)], want, "{b}");
        }
    }

    /// [`name_like`] as first written, with its vectors.
    fn name_like_plain(line: &str) -> bool {
        let t = line.trim();
        if t.chars().any(|c| matches!(c, '[' | ']' | '\t' | ':' | '%')) {
            return false;
        }
        let ws: Vec<&str> = t.split_whitespace().collect();
        let digits = t.chars().filter(char::is_ascii_digit).count();
        if digits > 2 || ws.iter().any(|w| w.chars().all(|c| c.is_ascii_digit())) {
            return false;
        }
        if ws.len() < 2 || ws.len() > 8 {
            return false;
        }
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        letters.len() >= 8
            && upper * 10 >= letters.len() * 8
            && !ws.iter().any(|w| w.ends_with('.') && w.len() <= 3)
    }

    #[test]
    fn rewritten_tests_agree_with_the_plain_ones() {
        let mut lines = super::super::words::tests::damaged_lines();
        for extra in [
            "\t\t\t\tP\tA\tP\tA\tP\tA\tP\tA\t\t",
            "\t\t\t\tENE-MAR\t\tABR-JUN\t\tJUL-SEP\t\tOCT-DIC",
            "\tENERO MARZO\tP E R I O D O\tPERIODO\tA",
            "\tENERO MARZO JUNIO\tP",
            "\t\t",
            "ENE\tÉ\tÑ",
            "HOMERO SAMANIEGO AGU1LAR",
            "T.O. SAMANIEGO AGUILAR",
            "JOSÉ  DE   LA CRUZ",
            "12 34",
        ] {
            lines.push(extra.to_string());
        }
        let (mut headers, mut names) = (0, 0);
        for line in &lines {
            let got = period_header(line);
            assert_eq!(got, period_header_plain(line), "{line:?}");
            assert_eq!(name_like(line), name_like_plain(line), "{line:?}");
            headers += usize::from(got.is_some());
            names += usize::from(name_like(line));
        }
        assert!(headers >= 3 && names >= 20, "{headers} {names}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Name-like words: upper-case letters with a few digits, periods,
        /// lower case and separators that disqualify.
        #[test]
        fn name_like_agrees_with_the_plain_one(
            line in "[ \t]?[A-ZÉ]{1,9}( {1,2}[A-ZÑa-z0-9.:%\\[\u{2003}]{1,9}){0,9}[ \t]?",
        ) {
            proptest::prop_assert_eq!(name_like(&line), name_like_plain(&line), "{:?}", line);
        }
    }

    /// [`role_uncached`] as first written: the whole line collected first.
    fn role_plain(f: &str) -> Option<Cargo> {
        let tight: Vec<char> = f.chars().filter(|&c| c != ' ').collect();
        if tight.len() < 14
            || similarity_at_least(&tight[..11], fixed().responsable.chars(), 0.75).is_none()
        {
            return None;
        }
        let rest: String = tight[11..].iter().collect();
        let (c, s) = ROLE_TAILS
            .iter()
            .map(|(c, p)| (*c, similarity(&rest, p)))
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        (s >= 0.6).then_some(c)
    }

    proptest::proptest! {
        #[test]
        fn role_agrees_with_the_plain_one(
            f in "(RESP ?ONSABLE|RESPONSABLE|RES PONSA8LE|REPSONSABLE|NORMA G)( DE ?LA| DEL)?( UNIDAD| RAMO| PROGRAMA| RAMQ| EJECUTORA){0,3}",
        ) {
            proptest::prop_assert_eq!(role_uncached(&f), role_plain(&f), "{:?}", f);
        }

        #[test]
        fn more_than_8_words_counts_as_split_does(f in "[A É]{0,24}") {
            proptest::prop_assert_eq!(more_than_8_words(&f), f.split(' ').count() > 8, "{:?}", f);
        }
    }

    /// [`fecha_like`] is the test it remembers, asked twice.
    #[test]
    fn fecha_like_agrees_with_the_plain_test() {
        let mut found = 0;
        for w in [
            "FECHA", "FECH4", "FEHCA", "FECHAS", "FEC", "ECHA", "F", "", "ABRIL", "FÉCHA", "FECHAÑ",
        ] {
            for _ in 0..2 {
                assert_eq!(fecha_like(w), at_least(w, &fixed().fecha, 0.8), "{w:?}");
            }
            found += usize::from(fecha_like(w));
        }
        assert!(found >= 3, "{found}");
    }

    /// [`plausible`] as first written: every phrase asked.
    #[test]
    fn plausible_agrees_with_every_phrase_asked() {
        let mut words: Vec<String> = vec![];
        for line in super::super::words::tests::damaged_lines() {
            words.extend(fold(&line).split(' ').map(str::to_string));
        }
        for extra in [
            "PROGRAMA",
            "PROGRAM",
            "PR0GRAMA",
            "PROGRAMAOPERATIVO",
            "PROGRAMASS",
            "AVANCE",
            "AVANCEFISICO",
            "P",
            "",
        ] {
            words.push(extra.to_string());
        }
        let s = starts();
        let mut documento = 0;
        for w in &words {
            let chars: Vec<char> = w.chars().collect();
            let mut want = 0;
            for (i, (_, p)) in s.labels.iter().enumerate() {
                if p.plausible_start(&chars) {
                    want |= 1 << i;
                }
            }
            if s.documento.plausible_start(&chars) {
                want |= DOCUMENTO;
            }
            if s.titulo.plausible_start(&chars) {
                want |= TITULO;
            }
            assert_eq!(plausible_uncached(w), want, "{w:?}");
            documento += usize::from(want & DOCUMENTO != 0);
        }
        assert!(documento >= 5, "{documento}");
    }

    /// [`best_label`] as first written: every plausible label scored.
    fn best_label_plain(ws: &[Word], mask: u16) -> Option<(Label, f64, usize)> {
        let mut best: Option<(Label, f64, usize)> = None;
        for (i, (lab, phrase)) in starts().labels.iter().enumerate() {
            let min = if phrase.len() <= 5 { 0.74 } else { 0.78 };
            let (s, k) = prefix_score(ws, phrase, min);
            if mask & (1 << i) != 0 && s >= min && best.is_none_or(|b| s > b.1) {
                best = Some((*lab, s, k));
            }
        }
        best
    }

    #[test]
    fn best_label_agrees_with_the_plain_one() {
        let mut lines = super::super::words::tests::damaged_lines();
        for extra in [
            "EJE DE GOBIERNO 1",
            "EJES DE GOBIERNO: 1",
            "FUNCION 1 SERVICIOS",
            "SUBFUNCION 2",
            "PROGRAMA 542",
            // Misspelled: more than one label scored, each above the last.
            "EJE DE GOBIEMO: 4 GOBERNAR PARA SERVIR",
            "EJES DE GOBIRENO 2 MEXICALI",
            "EJE DE GOBIERNQ\t3 MEXICALI CRECE",
            "EFE DE GOBIERNO: 1 BIENESTAR",
            "EJESDE GOBIERNO 1",
            "LIENAS DE ACCIÓN\t5.1.1 PREVENCIÓN",
            "UINDAD EJECUTORA\t86314 JEFATURA",
            "SUBFUNCIN: 4 ASUNTOS",
            "FUNCIOM 7 TURISMO",
            "RAM0: 54 BIENESTAR",
        ] {
            lines.push(extra.to_string());
        }
        let (mut exact, mut found) = (0, 0);
        for line in &lines {
            let ws = words_upto(line, 5);
            // Every label asked about, plausible or not.
            let got = best_label(&ws, u16::MAX);
            assert_eq!(got, best_label_plain(&ws, u16::MAX), "{line:?}");
            if let Some(first) = ws.first() {
                let mask = plausible(&first.folded);
                assert_eq!(
                    best_label(&ws, mask),
                    best_label_plain(&ws, mask),
                    "{line:?}"
                );
            }
            found += usize::from(got.is_some());
            exact += usize::from(got.is_some_and(|b| b.1 >= 1.0));
        }
        assert!(exact >= 50 && found > exact, "{exact} {found}");
    }

    /// [`line_start`] reads the title and the label as [`title`] of the
    /// trimmed line and [`label`] of the line as printed do, each from its
    /// own words: damaged and hostile lines, with whitespace around them,
    /// stray accents (words that fold to nothing) and values after `FECHA:`.
    #[test]
    fn line_start_agrees_with_title_and_label() {
        let mut lines = super::super::words::tests::damaged_lines();
        for extra in [
            "FECHA: ENERO - MARZO",
            "FECHA:\u{301} ENERO",
            "\u{301} RAMO: 54",
            "RAMO \u{301}: 54 BIENESTAR",
            "RAMO: 54 \u{301}",
            "A B C D \u{301} F G H I",
            "A B C D E F G \u{301}",
            "A B C \u{301}",
            "PROGRAMA OPERATIVO \u{301} ANUAL",
            "EJE \u{301} DE GOBIERNO 1",
            "LINEAS DE \u{301}ACCION:",
            "UNIDAD \u{301} EJECUTORA: 5",
            "AVANCE FISICO \u{301} PROGRAMATICO X",
            "ENERO \u{301} MARZO DE 2024 AL 5",
            "RAMÓN",
            "EJE DE GOBIERNO\t1 BIENESTAR",
            "XXV AYUNTAMIENTO DE MEXICALI",
        ] {
            lines.push(extra.to_string());
        }
        let (mut titles, mut labels, mut read) = (0, 0, 0);
        for line in &lines {
            for (before, after) in [
                ("", ""),
                ("  ", ""),
                ("\t", " "),
                ("\u{a0}", "\u{2003}"),
                ("", "\u{a0}"),
            ] {
                let raw = format!("{before}{line}{after}");
                let got = line_start(&raw);
                let t = raw.trim();
                let want = if t.is_empty() || !title_sized(t) {
                    None
                } else {
                    title_uncached(t)
                };
                assert_eq!(got.title, want, "{raw:?}");
                if let Some(f) = got.folded {
                    let want = (table_header(t), role(t), signature_caption(t));
                    assert_eq!((f.table_header, f.role, f.caption), want, "{raw:?}");
                }
                // Only a title line leaves its label and tests to the
                // reader.
                if want.is_none() && !t.is_empty() && title_sized(t) {
                    assert!(got.label.is_some() && got.folded.is_some(), "{raw:?}");
                }
                if let Some(label) = got.label {
                    assert_eq!(label, label_uncached(&raw), "{raw:?}");
                    read += 1;
                    labels += usize::from(label.is_some());
                }
                titles += usize::from(want.is_some());
            }
        }
        assert!(
            titles > 100 && labels > 100 && read > 2000,
            "{titles} {labels} {read}"
        );
    }

    /// The remembered answers are the computed ones: damaged lines, each
    /// asked twice (the second time from the memo), and words that spell
    /// `AYUNTAMIENTO` alone, split or merged.
    #[test]
    fn ayuntamiento_memo_agrees_with_the_plain_test() {
        let mut lines = super::super::words::tests::damaged_lines();
        for extra in [
            "XXV AYUNTAMIENTO DE MEXICALI",
            "H. AYUNTA MIENTO DE TIJUANA",
            "XIX AYUNTAMIENT0 DE OJOCALIENTE",
            "XX AYUN TAMIENTO",
            "AYUNTAMIENTODE MEXICALI",
            "UNIDAD EJECUTORA 54102 DEPARTAMENTO",
            "AYUNTAMIENTOS DEL ESTADO",
            "I AYUNTAM IENTO",
        ] {
            lines.push(extra.to_string());
        }
        let (mut yes, mut asked) = (0, 0);
        for _ in 0..2 {
            for line in &lines {
                let f = fold(line);
                let ws: Vec<&str> = f.split(' ').collect();
                let got = ayuntamiento_at(&ws);
                assert_eq!(got, ayuntamiento_with(&ws, ayuntamiento_close), "{line:?}");
                yes += usize::from(got.is_some());
                asked += 1;
            }
        }
        assert!(yes >= 10 && asked > 2000, "{yes} {asked}");
    }

    /// [`month`] answers as it did before its memo, asked twice per word:
    /// the words of damaged lines and misread months.
    #[test]
    fn month_memo_agrees_with_the_plain_one() {
        let plain = |w: &str| {
            if w.len() < 3 || w.chars().any(|c| c.is_ascii_digit()) {
                return None;
            }
            for (i, m) in MONTHS.iter().enumerate() {
                if w == &m[..3] || (w == "SEPT" && i == 8) || w == *m {
                    return Some(i as u8 + 1);
                }
            }
            (5..=12).contains(&w.len()).then(|| month_like(w)).flatten()
        };
        let mut words: Vec<String> = super::super::words::tests::damaged_lines()
            .iter()
            .flat_map(|l| fold(l).split(' ').map(str::to_string).collect::<Vec<_>>())
            .collect();
        for m in MONTHS {
            words.push(m.to_string());
            words.push(m.replacen('E', "F", 1));
            words.push(format!("{m}S"));
            words.push(m.chars().rev().collect());
        }
        let mut found = 0;
        for _ in 0..2 {
            for w in &words {
                assert_eq!(month(w), plain(w), "{w:?}");
                found += usize::from(month(w).is_some());
            }
        }
        assert!(found >= 40, "{found}");
    }

    #[test]
    fn title_lines() {
        assert_eq!(
            title("XXV AVANTAMIENTO DE MEXICALI DE BAJA CALIFORNIA").map(|t| t.0),
            Some(TitleKind::Ayuntamiento)
        );
        assert_eq!(
            title("PROGRAMA OPERATIVO ANUAL 2026").map(|t| t.0),
            Some(TitleKind::Documento)
        );
        assert_eq!(
            title("AVANCE FISICO PROGRAMÁTICO").map(|t| t.0),
            Some(TitleKind::Titulo)
        );
        assert_eq!(title("TMM-FO04").map(|t| t.0), Some(TitleKind::Formato));
        assert_eq!(title("FECHA: _____"), Some((TitleKind::Fecha, 5)));
        assert_eq!(title("Ene-Mar-26").map(|t| t.0), Some(TitleKind::Periodo));
        assert_eq!(
            title(" ENERO - MARZO").map(|t| t.0),
            Some(TitleKind::Periodo)
        );
        assert_eq!(title("PROGRAMA: 511 GESTIÓN ADMINISTRATIVA"), None);
    }

    #[test]
    fn names_are_not_labels_and_split_labels_are() {
        assert_eq!(label("RAMÓN TOLEDO RODRÍGUEZ"), None);
        assert_eq!(label(" PROGRAMAS DE RADIO"), None);
        let l = "PR OGRAMA: 542 VINCULACIÓN";
        assert_eq!(
            label(l).map(|(k, at)| (k, &l[at..])),
            Some((Label::Programa, "542 VINCULACIÓN"))
        );
        assert!(name_like("HOMERO SAMANIEGO AGU1LAR"));
        assert!(!name_like("ACCIONES 2024 Y 2025"));
    }

    #[test]
    fn labels() {
        assert_eq!(
            label("- RAMO:** 54 BIENESTAR").map(|l| l.0),
            Some(Label::Ramo)
        );
        let l = "EFE DE GOBIERNO 1 BIENESTAR";
        let (lab, at) = label(l).unwrap();
        assert_eq!((lab, &l[at..]), (Label::Eje, "1 BIENESTAR"));
        let l = "UNIDAD EJECUTORA\t54102 DEPARTAMENTO";
        assert_eq!(&l[label(l).unwrap().1..], "54102 DEPARTAMENTO");
        assert_eq!(
            label("SUBFUNCION: 4 DESARROLLO").map(|l| l.0),
            Some(Label::Subfuncion)
        );
        assert_eq!(
            label("FUNCIÓN 2 VIVIENDA").map(|l| l.0),
            Some(Label::Funcion)
        );
        assert_eq!(label("LÍNEAS DE ACCIÓN:").map(|l| l.0), Some(Label::Linea));
        assert_eq!(label("2 DESARROLLO SOCIAL"), None);
        assert_eq!(label("1.6.1 RESCATE"), None);
    }

    #[test]
    fn table_lines() {
        assert!(table_header(
            "LINEA DE ACCIÓN P.M.D.\tMETAS Y ACCIONES\tUNIDAD MEDIDA\tMETA ANUAL"
        ));
        assert_eq!(
            period_header("\t\t\t\tP\tA\tP\tA\tP\tA\tP\tA\t\t"),
            Some(Some(8))
        );
        assert_eq!(
            period_header("\t\t\t\tENE-MAR\t\tABR-JUN\t\tJUL-SEP\t\tOCT-DIC"),
            Some(None)
        );
        assert_eq!(period_header("\t\t\t\tE\tN\tM\tA\tA\tB"), Some(None));
        assert_eq!(period_header("4.5.3\t100.- Dirigir"), None);
    }

    #[test]
    fn signature_lines() {
        assert_eq!(
            role(" RESPONSABLE DE LA UNIDAD EJECUTORA"),
            Some(Cargo::UnidadEjecutora)
        );
        assert_eq!(role("RESPONSABLE DEL RÁMO"), Some(Cargo::Ramo));
        assert_eq!(role("RESPONSABLE DEL PROGRAMA"), Some(Cargo::Programa));
        assert_eq!(role("RESP ONSABLE DEL RAMO"), Some(Cargo::Ramo));
        assert_eq!(
            role("RESPONSABLE DELA UNIDADEJECUTORA"),
            Some(Cargo::UnidadEjecutora)
        );
        assert_eq!(role("RESPONSABLE"), None);
        assert!(name_like("HOMERO SÁLVATEGUO AGUILAR"));
        assert!(!name_like("T.O."));
        assert!(
            scribble_like("Shuel")
                && scribble_like("[Signature]")
                && scribble_like("P20")
                && scribble_like("José")
        );
        assert!(!scribble_like("NORMA GUADALUPE GRISEL VILLASENOR"));
        assert!(signature_caption(" NOMBRE Y FIRMA"));
    }
}
