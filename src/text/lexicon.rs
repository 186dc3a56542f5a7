//! A lexicon for free-text correction.
//!
//! The lexicon knows general Spanish (the public-domain `wspanish` headword
//! list and this project's supplement of current Mexican usage, embedded and
//! expanded with the inflections in `morph`), the caller's domain vocabulary
//! (the catalog's names) and any word list loaded at run time.
//! [`Lexicon::correct`] fixes the OCR errors of running text conservatively:
//!
//! - Only a word the lexicon does not know is touched. Membership ignores
//!   case, not accents; it also accepts verb forms with enclitic pronouns
//!   (`organizarlos`) and words derived from known ones (`factibilidad`,
//!   `micrositio`), which are never offered as corrections.
//! - Never touched: words of three letters or fewer, anything in a chunk
//!   with a digit (codes), all-capitals words of up to five letters in
//!   lower-case text or in parentheses (acronyms).
//! - A word known but for its accents gets the only known spelling, except
//!   that a missing accent in capitals is acceptable as printed (`AREAS`)
//!   and that an accent where names carry theirs, on a capitalized word, is
//!   left alone (`TOMÁS`, but `PÍLARES` → `PILARES`).
//! - Otherwise the word is replaced by the closest known form under an
//!   OCR-aware edit cost (look-alike letters, `rn`/`m`, doubled letters,
//!   transpositions, a dropped pair of letters) if it is within a limit that
//!   grows with the word's length, stricter for probable proper names (a
//!   capitalized unknown word in mid-sentence), and at least [`MARGIN`]
//!   closer than any other form. The first letter is trusted.
//! - The printed case is kept (`Emplreadores` → `Empleadores`) and all
//!   other characters are copied as they are (`HÁBITABLES.-` →
//!   `HABITABLES.-`).
//!
//! ```
//! use poa_ocr::text::lexicon::Lexicon;
//!
//! let lexicon = Lexicon::new(["REINGENIERÍA", "BISOM"]);
//! let (text, fixes) = lexicon.correct("ESPACIOS HÁBITABLES.- Y ANTERPROYECTOS");
//! assert_eq!(text, "ESPACIOS HABITABLES.- Y ANTEPROYECTOS");
//! assert_eq!(fixes.len(), 2);
//! assert_eq!(fixes[0].original, "HÁBITABLES");
//! assert!(lexicon.contains("reingeniería"));
//! ```

mod alpha;
mod derive;
mod index;
mod morph;
mod scan;
#[cfg(test)]
mod tests;

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use unicode_normalization::UnicodeNormalization;

use self::alpha::fold_word;
use self::index::{Builder, Hit, Index, Nearest, Part, MAX_LEN};

/// The embedded Spanish headword list (Debian `wspanish`, public domain).
const WSPANISH: &str = include_str!("../../corpus/lexicon/wspanish.txt");

/// This project's supplement: current and Mexican words the list lacks
/// (`implementar`, `capacitación`, `periodo`).
const SUPLEMENTO: &str = include_str!("../../corpus/lexicon/es-mx-suplemento.txt");

/// One corrected word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordFix {
    /// Byte offset of the word in the original text.
    pub start: usize,
    /// The word as printed.
    pub original: String,
    /// The correction.
    pub corregido: String,
}

/// A set of known words (general Spanish plus a domain vocabulary).
///
/// Cheap to clone and to build: the embedded Spanish part is built once per
/// process and shared; each `Lexicon` only adds its own small layers.
#[derive(Clone)]
pub struct Lexicon {
    base: &'static Index,
    layers: Vec<Arc<Index>>,
    /// Whether [`Lexicon::correct`] changes anything (see [`Lexicon::read_only`]).
    corrects: bool,
    /// Corrections already decided (shared by clones with the same words).
    memo: Arc<FixMemo>,
}

/// A bounded cache of [`Lexicon::fix`]: the correction of a word depends
/// only on the word, its context flags and the lexicon's words, so a word
/// seen before (running text repeats its vocabulary heavily, within a
/// document and across documents) needs no new search.
///
/// It also remembers whole texts ([`Lexicon::correct`]): a text's
/// correction depends only on the text and the lexicon's words, and the
/// texts themselves repeat (on 4,000 unseen documents, 55% of the calls
/// were for a text seen before: `Solicitud`, `Dar seguimiento al gasto de
/// servicios personales`), so a repeat is one look-up rather than a scan
/// and a look-up per word.
///
/// And beneath the words as printed, what [`Lexicon::decide`] learns of a
/// word in lower case, whatever its case and context: whether it is known
/// and its spellings ([`Facts`]), and its best correction under each limit
/// (`DECIDE`, `Decide` and `decide` in three contexts are one word there;
/// 17% of the words decided on 456 unseen documents were such repeats).
#[derive(Default)]
struct FixMemo {
    /// One map per context (`caps_text`, `mid_sentence`).
    maps: Mutex<[FixMap; 4]>,
    texts: Mutex<TextMap>,
    lowers: Mutex<LowerMap>,
}

/// What [`Lexicon::decide`] reads of a word in lower case that depends on
/// nothing else (but the lexicon's words).
struct Facts {
    /// The word folded.
    folded: Box<[u8]>,
    /// Its known spellings (see [`Lexicon::spellings_and_known`]).
    spellings: Box<[String]>,
    /// Whether it is known, or derived from known words.
    accepted: bool,
}

/// The memo of a word in lower case: its [`Facts`] (`None` when it does
/// not fold), and its [`Lexicon::best`] by limit (as bits).
#[derive(Default)]
struct Lowers {
    facts: Option<Option<Arc<Facts>>>,
    best: Vec<(u32, Option<Box<str>>)>,
}

/// Word in lower case → what is known of it.
type LowerMap = crate::memo::Map<Box<str>, Lowers>;

/// Word as printed → its correction, or `None` to leave it.
type FixMap = crate::memo::Map<Box<str>, Option<Box<str>>>;

/// Text → its corrected text and fixes, or `None` when nothing changes
/// (the corrected text is the text itself exactly when there is no fix).
type TextMap = crate::memo::Map<Box<str>, Option<(Box<str>, Box<[WordFix]>)>>;

/// Words remembered before the cache starts over (bounds memory).
const FIX_MEMO_MAX: usize = 1 << 15;

/// Texts remembered before that cache starts over, and the longest text
/// remembered, in bytes (longer ones are rarely repeated: bounds memory).
const TEXT_MEMO_MAX: usize = 1 << 14;
const TEXT_MEMO_KEY: usize = 256;

impl FixMemo {
    fn get(&self, ctx: Context, word: &str) -> Option<Option<String>> {
        let maps = self.maps.lock().ok()?;
        maps[ctx.key()]
            .get(word)
            .map(|v| v.as_deref().map(str::to_string))
    }

    fn put(&self, ctx: Context, word: &str, fix: Option<&str>) {
        if let Ok(mut maps) = self.maps.lock() {
            if maps.iter().map(FixMap::len).sum::<usize>() >= FIX_MEMO_MAX {
                maps.iter_mut().for_each(FixMap::clear);
            }
            maps[ctx.key()].insert(word.into(), fix.map(Into::into));
        }
    }

    /// The remembered correction of `text`, if any.
    fn text(&self, text: &str) -> Option<(String, Vec<WordFix>)> {
        if text.len() > TEXT_MEMO_KEY {
            return None;
        }
        let texts = self.texts.lock().ok()?;
        let hit = texts.get(text)?;
        Some(match hit {
            None => (text.to_string(), Vec::new()),
            Some((out, fixes)) => (out.to_string(), fixes.to_vec()),
        })
    }

    fn put_text(&self, text: &str, out: &str, fixes: &[WordFix]) {
        if text.len() > TEXT_MEMO_KEY {
            return;
        }
        if let Ok(mut texts) = self.texts.lock() {
            if texts.len() >= TEXT_MEMO_MAX {
                texts.clear();
            }
            let value = (!fixes.is_empty()).then(|| (out.into(), fixes.into()));
            texts.insert(text.into(), value);
        }
    }

    /// The remembered facts of `w` (lower case), if any.
    fn facts(&self, w: &str) -> Option<Option<Arc<Facts>>> {
        let lowers = self.lowers.lock().ok()?;
        lowers.get(w)?.facts.clone()
    }

    /// The remembered best correction of `w` under `limit`, if any.
    fn best(&self, w: &str, limit: f32) -> Option<Option<String>> {
        let lowers = self.lowers.lock().ok()?;
        let known = lowers.get(w)?.best.iter().find(|b| b.0 == limit.to_bits());
        known.map(|b| b.1.as_deref().map(str::to_string))
    }

    /// Remembers of `w` what `put` sets.
    fn put_lower(&self, w: &str, put: impl FnOnce(&mut Lowers)) {
        if let Ok(mut lowers) = self.lowers.lock() {
            if lowers.len() >= FIX_MEMO_MAX && !lowers.contains_key(w) {
                lowers.clear();
            }
            put(lowers.entry(w.into()).or_default());
        }
    }
}

impl fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lexicon")
            .field("base_stems", &self.base.stems())
            .field(
                "layer_stems",
                &self.layers.iter().map(|l| l.stems()).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Default for Lexicon {
    /// The embedded Spanish words, no domain vocabulary.
    fn default() -> Lexicon {
        Lexicon {
            base: base(),
            layers: Vec::new(),
            corrects: true,
            memo: Arc::default(),
        }
    }
}

/// The embedded part, built on first use.
fn base() -> &'static Index {
    static BASE: OnceLock<Index> = OnceLock::new();
    BASE.get_or_init(|| {
        // One headword a line, about ten bytes each.
        let lines = WSPANISH.len() / 10 + SUPLEMENTO.len() / 10;
        let mut b = Builder::with_capacity(lines);
        for line in WSPANISH.lines().chain(SUPLEMENTO.lines()) {
            let w = line.trim();
            if !w.is_empty() && !w.starts_with('#') {
                b.add(w, false);
            }
        }
        b.finish()
    })
}

/// Lower case, NFC.
fn lower(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    if crate::text::fold::is_nfc(word) {
        return word.chars().flat_map(char::to_lowercase).collect();
    }
    word.nfc().flat_map(char::to_lowercase).collect()
}

/// Builds a layer from free text: every alphabetic word of every item.
fn layer<'a>(items: impl IntoIterator<Item = &'a str>) -> Option<Index> {
    let mut b = Builder::new();
    let mut any = false;
    for item in items {
        for w in item
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
        {
            b.add(&lower(w), true);
            any = true;
        }
    }
    any.then(|| b.finish())
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining(c)
}

/// How a word is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Lower,
    Title,
    Upper,
}

impl Shape {
    /// The shape of a word of `letters` letters, `uppers` of them upper
    /// case, the first one upper case or not.
    fn of(letters: usize, uppers: usize, first_upper: bool) -> Shape {
        if uppers == 0 {
            Shape::Lower
        } else if uppers == letters {
            Shape::Upper
        } else if first_upper && uppers * 3 <= letters {
            // `EmpIeadores`: an OCR capital inside a capitalized word.
            Shape::Title
        } else if uppers * 2 >= letters {
            Shape::Upper
        } else {
            Shape::Lower
        }
    }
}

/// The number of letters of a word and how it is written, in one pass.
fn profile(word: &str) -> (usize, Shape) {
    let (mut letters, mut uppers, mut first_upper) = (0usize, 0usize, false);
    let mut tally = |upper: bool| {
        if letters == 0 {
            first_upper = upper;
        }
        letters += 1;
        uppers += usize::from(upper);
    };
    // On ASCII, `char::is_alphabetic` and `is_uppercase` are their ASCII
    // versions: the byte loop only skips decoding.
    if word.is_ascii() {
        for b in word.bytes().filter(u8::is_ascii_alphabetic) {
            tally(b.is_ascii_uppercase());
        }
    } else {
        for c in word.chars().filter(|c| c.is_alphabetic()) {
            tally(c.is_uppercase());
        }
    }
    (letters, Shape::of(letters, uppers, first_upper))
}

fn apply_shape(word: &str, shape: Shape) -> String {
    match shape {
        Shape::Lower => word.to_string(),
        Shape::Upper => word.chars().flat_map(char::to_uppercase).collect(),
        Shape::Title => {
            let mut cs = word.chars();
            match cs.next() {
                Some(first) => first.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        }
    }
}

fn accents(word: &str) -> Vec<char> {
    word.chars()
        .filter(|c| matches!(c, 'á' | 'é' | 'í' | 'ó' | 'ú' | 'ü'))
        .collect()
}

/// Whether the written accents of an unknown capitalized word look like
/// OCR specks rather than the stress marks of a name the lexicon lacks:
/// names mark a stressed last syllable (`TOMÁS`, `CARBÓ`) or a hiatus
/// (`MATÍAS`, `COSÍO`); an accent elsewhere (`PÍLARES`, `HÁBITABLES`), or
/// two of them, is taken for a speck.
fn stray_accent(w: &str) -> bool {
    let cs: Vec<char> = w.chars().collect();
    let vowel = |c: char| "aeiouáéíóúü".contains(c);
    let last_vowel = cs.iter().rposition(|&c| vowel(c));
    let Some(last_vowel) = last_vowel else {
        return false;
    };
    // Start of the last syllable's vowel group.
    let mut last_nucleus = last_vowel;
    while last_nucleus > 0 && vowel(cs[last_nucleus - 1]) {
        last_nucleus -= 1;
    }
    let marks: Vec<(usize, char)> = cs
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, c)| "áéíóú".contains(c))
        .collect();
    if marks.len() > 1 {
        // No Spanish word carries two.
        return true;
    }
    marks.into_iter().all(|(i, c)| {
        let hiatus = matches!(c, 'í' | 'ú')
            && (i > 0 && vowel(cs[i - 1]) || cs.get(i + 1).is_some_and(|&n| vowel(n)));
        i < last_nucleus && !hiatus
    })
}

/// Where a word stands, for the correction policy.
#[derive(Clone, Copy, Debug)]
struct Context {
    /// The text is (mostly) upper case: case says nothing about names.
    caps_text: bool,
    /// The word follows other words of its sentence.
    mid_sentence: bool,
}

impl Context {
    fn key(self) -> usize {
        usize::from(self.caps_text) * 2 + usize::from(self.mid_sentence)
    }
}

/// Whether `c` opens a bracket, a quotation or a question or exclamation.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '«' | '¿' | '¡' | '“' | '‘'
    )
}

/// The largest cost allowed for a word of `n` letters: one look-alike
/// letter in a short word (not a doubled one: `quese` is no `quesee`), one
/// slip in a longer one, and in a long one also a dropped pair of letters
/// or two look-alikes.
fn max_cost(n: usize) -> f32 {
    match n {
        0..=3 => 0.0,
        4..=5 => 0.45,
        6..=7 => 1.0,
        _ => 1.3,
    }
}

/// The largest cost for a probable proper name (a capitalized unknown word
/// in mid-sentence, a long all-capitals word in lower-case text): a name
/// one slip away from some rare word is common, so only look-alike letters
/// unless the word is long.
fn name_max_cost(n: usize) -> f32 {
    match n {
        0..=6 => 0.45,
        7..=9 => 0.75,
        _ => 1.0,
    }
}

/// Whether a word of `n` letters written in `shape` is left alone whatever
/// it is: too short or too long to judge, or an acronym in lower-case text.
fn untouched(n: usize, shape: Shape, caps_text: bool) -> bool {
    n <= 3 || n > MAX_LEN || shape == Shape::Upper && !caps_text && n <= ACRONYM_MAX
}

/// How much farther than the best the runner-up must be.
pub const MARGIN: f32 = 0.5;

/// How much cheaper a correction to one of the caller's words is.
const DOMAIN_BONUS: f32 = 0.3;

/// Longest all-capitals word in lower-case text that is taken for an
/// acronym and left alone.
const ACRONYM_MAX: usize = 5;

impl Lexicon {
    /// The embedded Spanish word list plus the `domain` words (each item may
    /// hold several words; digits and punctuation separate them).
    pub fn new<'a>(domain: impl IntoIterator<Item = &'a str>) -> Lexicon {
        Lexicon::default().with_words(domain)
    }

    /// This lexicon with corrections turned off: it still knows its words,
    /// but [`Lexicon::correct`] returns every text as it came.
    ///
    /// ```
    /// use poa_ocr::text::lexicon::Lexicon;
    /// let lx = Lexicon::new(["REINGENIERÍA"]).read_only();
    /// assert_eq!(lx.correct("REQUIMIENTO").0, "REQUIMIENTO");
    /// assert!(lx.contains("requerimiento"));
    /// ```
    pub fn read_only(self) -> Lexicon {
        self.correcting(false)
    }

    /// This lexicon with corrections turned on or off (see
    /// [`Lexicon::read_only`]).
    pub fn correcting(mut self, on: bool) -> Lexicon {
        self.corrects = on;
        self
    }

    /// Adds words (and their inflections) on top of this lexicon.
    pub fn with_words<'a>(mut self, words: impl IntoIterator<Item = &'a str>) -> Lexicon {
        if let Some(ix) = layer(words) {
            self.layers.push(Arc::new(ix));
            // New words may change any decision.
            self.memo = Arc::default();
        }
        self
    }

    /// Adds a word list read at run time: UTF-8, one word per line; a
    /// Hunspell `.dic` works too (its count line and `/FLAGS` are skipped,
    /// and the words are inflected by this crate's rules, not the flags).
    ///
    /// This is how a dictionary under a licence that must not be embedded
    /// (e.g. the GPL) can be used.
    pub fn with_word_list(self, path: impl AsRef<Path>) -> io::Result<Lexicon> {
        let text = std::fs::read_to_string(path)?;
        let words = text
            .lines()
            .map(|l| l.split(['/', '\t']).next().unwrap_or("").trim());
        Ok(self
            .with_words(words.filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))))
    }

    /// The known spellings of a folded word, and whether `lower` (the
    /// word in lower case) is one of them, which is [`Lexicon::known_folded`]:
    /// an index knows a word exactly when its spellings of the word's
    /// folded form hold it (`Index::contains` and `Index::spellings` read
    /// the same stems and endings; `contains_is_among_spellings` checks
    /// it). One descent per index answers both questions; the layers are
    /// read only while the word is not found.
    fn spellings_and_known(&self, folded: &[u8], lower: &str) -> (Vec<String>, bool) {
        let mut out = Vec::new();
        self.base.spellings(folded, &mut out);
        let mut known = out.iter().any(|s| s == lower);
        for l in &self.layers {
            if known {
                break;
            }
            l.spellings(folded, &mut out);
            known = out.iter().any(|s| s == lower);
        }
        (out, known)
    }

    fn known(&self, lower: &str) -> bool {
        fold_word(lower).is_some_and(|f| self.known_folded(lower, &f))
    }

    /// [`Lexicon::known`] of a word already folded (`folded`).
    fn known_folded(&self, lower: &str, folded: &[u8]) -> bool {
        self.base.contains(folded, lower) || self.layers.iter().any(|l| l.contains(folded, lower))
    }

    /// Whether `word` is known, ignoring case but not accents (`PILARES`
    /// is, `PÍLARES` is not). Verb forms with enclitic pronouns
    /// (`organizarlos`, `realizándolo`) count as known when their verb form
    /// is.
    ///
    /// So do words derived from known ones by the common suffixes and
    /// prefixes (`factibilidad`, `micrositio`); they are recognized but
    /// never offered as corrections.
    pub fn contains(&self, word: &str) -> bool {
        self.accepts(&lower(word))
    }

    fn accepts(&self, w: &str) -> bool {
        self.known(w) || self.derived(w)
    }

    /// Whether `w` is a verb form with clitics or a derivative of known words.
    fn derived(&self, w: &str) -> bool {
        self.known_with_clitics(w) || derive::derivable(w, &|x| self.known(x))
    }

    fn known_with_clitics(&self, w: &str) -> bool {
        morph::CLITICS.iter().any(|c| {
            let Some(base) = w.strip_suffix(c) else {
                return false;
            };
            if base.chars().count() < 3 {
                return false;
            }
            if (base.ends_with('r') || base.ends_with("ndo")) && self.known(base) {
                return true;
            }
            // The pronoun moves the stress: `realizándo-lo`, `díga-me`.
            morph::drop_last_accent(base).is_some_and(|b| self.known(&b))
        })
    }

    /// The correction of one word taken on its own (as if it began a
    /// sentence written in the word's case), or `None` to leave it.
    ///
    /// ```
    /// let lexicon = poa_ocr::text::lexicon::Lexicon::new(["PILARES"]);
    /// assert_eq!(lexicon.correct_word("REQUIMIENTO").as_deref(), Some("REQUERIMIENTO"));
    /// assert_eq!(lexicon.correct_word("PÍLARES").as_deref(), Some("PILARES"));
    /// assert_eq!(lexicon.correct_word("pilares"), None);
    /// ```
    pub fn correct_word(&self, word: &str) -> Option<String> {
        let (n, shape) = profile(word);
        let ctx = Context {
            caps_text: shape == Shape::Upper,
            mid_sentence: false,
        };
        self.fix(word, n, shape, ctx)
    }

    /// Forms within `bound` of a folded word, or at least the best and
    /// those within [`MARGIN`] of it when no two of them are that close
    /// (all that [`pick`] looks at; see `Nearest::unique`). The caller's
    /// words (the document's domain) are likelier than the general list's,
    /// so their costs count [`DOMAIN_BONUS`] less.
    fn search(&self, folded: &[u8], bound: f32) -> Vec<Hit> {
        let mut near = Nearest::new(folded, bound, MARGIN).unique();
        // The small domain layers first: a good form found there narrows
        // the search of the large list. And in each, the stems under the
        // query's own first letter before those under its look-alikes: a
        // good form is likeliest there, and narrows the rest.
        for part in [Part::Own, Part::LookAlikes] {
            for l in &self.layers {
                near.search_part(l, DOMAIN_BONUS, part);
            }
            near.search_part(self.base, 0.0, part);
        }
        near.into_hits()
    }

    /// Corrects the unknown words of `text` that have one clearly best
    /// candidate; returns the new text and the changes. Everything but the
    /// corrected words is copied as is.
    pub fn correct(&self, text: &str) -> (String, Vec<WordFix>) {
        if !self.corrects {
            return (text.to_string(), Vec::new());
        }
        if let Some(known) = self.memo.text(text) {
            return known;
        }
        let (out, fixes) = self.correct_words(text);
        self.memo.put_text(text, &out, &fixes);
        (out, fixes)
    }

    /// [`Lexicon::correct`] past its cache of texts.
    fn correct_words(&self, text: &str) -> (String, Vec<WordFix>) {
        // Shorter and longer words are left alone whatever they are.
        let scan = scan::scan(text, 4..=MAX_LEN);
        let mut out = String::with_capacity(text.len());
        let mut fixes = Vec::new();
        let mut copied = 0;
        for w in scan.words {
            let (start, end, shape) = (w.start, w.end, w.shape);
            let Some(word) = text.get(start..end) else {
                continue;
            };
            // `(CONAC)`, `(BISOM)`: an acronym spelled out just before.
            let parenthesized = text[..start].ends_with('(') && text[end..].starts_with(')');
            if parenthesized && shape == Shape::Upper || untouched(w.letters, shape, scan.caps_text)
            {
                continue;
            }
            let ctx = Context {
                caps_text: scan.caps_text,
                mid_sentence: w.mid_sentence,
            };
            if let Some(fixed) = self.fix(word, w.letters, shape, ctx) {
                out.push_str(&text[copied..start]);
                out.push_str(&fixed);
                copied = end;
                fixes.push(WordFix {
                    start,
                    original: word.to_string(),
                    corregido: fixed,
                });
            }
        }
        out.push_str(&text[copied..]);
        (out, fixes)
    }

    /// The policy: which words to touch, and with what; `n` and `shape`
    /// are the word's [`profile`].
    fn fix(&self, word: &str, n: usize, shape: Shape, ctx: Context) -> Option<String> {
        if untouched(n, shape, ctx.caps_text) {
            return None;
        }
        if let Some(known) = self.memo.get(ctx, word) {
            return known;
        }
        let fix = self.decide(word, n, shape, ctx);
        self.memo.put(ctx, word, fix.as_deref());
        fix
    }

    /// [`Lexicon::fix`] past its cheap checks and its cache.
    fn decide(&self, word: &str, n: usize, shape: Shape, ctx: Context) -> Option<String> {
        self.decide_by(word, n, shape, ctx, Some(&self.memo))
    }

    /// [`Lexicon::decide`], with what it learns of the word in lower case
    /// remembered in `memo` (or not, without one): the facts of the word
    /// and its best correction are pure functions of the word in lower
    /// case (and of the limit) and of the lexicon's words, whose memo this
    /// is, so a remembered answer is the answer.
    fn decide_by(
        &self,
        word: &str,
        n: usize,
        shape: Shape,
        ctx: Context,
        memo: Option<&FixMemo>,
    ) -> Option<String> {
        let w = lower(word);
        let facts = match memo.and_then(|m| m.facts(&w)) {
            Some(known) => known,
            None => {
                let facts = self.facts(&w).map(Arc::new);
                if let Some(m) = memo {
                    m.put_lower(&w, |l| l.facts = Some(facts.clone()));
                }
                facts
            }
        }?;
        // Known, derived, or known but for its accents.
        if facts.accepted {
            return None;
        }
        let spellings = &facts.spellings;
        let name_like =
            ctx.mid_sentence && shape == Shape::Title || shape == Shape::Upper && !ctx.caps_text;
        if !spellings.is_empty() {
            let printed = accents(&w);
            if printed.is_empty() {
                // A missing accent: acceptable in capitals, ambiguous if
                // more than one spelling exists (`publico`/`público`).
                if shape == Shape::Upper || spellings.len() > 1 {
                    return None;
                }
            } else if shape != Shape::Lower
                && (ctx.mid_sentence && shape == Shape::Title || !stray_accent(&w))
            {
                // A capitalized word with an accent where names carry
                // theirs (`TOMÁS`, `MATÍAS`): maybe a name.
                return None;
            }
            let only = (spellings.len() == 1).then(|| &spellings[0])?;
            return Some(apply_shape(only, shape));
        }
        let limit = if name_like {
            name_max_cost(n)
        } else {
            max_cost(n)
        };
        let best = match memo.and_then(|m| m.best(&w, limit)) {
            Some(known) => known,
            None => {
                let best = self.best(&facts.folded, &w, limit);
                if let Some(m) = memo {
                    let value = best.as_deref().map(Box::from);
                    m.put_lower(&w, |l| l.best.push((limit.to_bits(), value)));
                }
                best
            }
        }?;
        Some(apply_shape(&best, shape))
    }

    /// The [`Facts`] of a word in lower case, `None` if it does not fold.
    fn facts(&self, w: &str) -> Option<Facts> {
        let folded = fold_word(w)?;
        let (spellings, known) = self.spellings_and_known(&folded, w);
        let accepted = known || self.derived(w);
        Some(Facts {
            folded: folded.into(),
            spellings: spellings.into(),
            accepted,
        })
    }

    /// The one clearly best known form within `limit` of the folded word,
    /// with the runner-up at least [`MARGIN`] farther.
    fn best(&self, folded: &[u8], printed: &str, limit: f32) -> Option<String> {
        // Most fixes are a single slip: look near first, and farther only
        // when nothing near turns up (a wider search costs several times
        // more).
        let near = limit.min(1.0);
        let mut hits = self.search(folded, near + MARGIN);
        if limit > near {
            // The near search saw every form within `near + MARGIN`, so its
            // least cost is the least of all when it is that close. Only a
            // best between `near` and `limit` needs the wider search: a
            // best past `limit` (or none that close) is rejected anyway.
            let least = hits.iter().map(|h| h.cost).fold(f32::INFINITY, f32::min);
            let settled = least <= near || (least > limit && limit <= near + MARGIN);
            if !settled {
                hits = self.search(folded, limit + MARGIN);
            }
        }
        pick(hits, printed, limit)
    }
}

/// The policy of [`Lexicon::best`] on the forms a search found: the best
/// within `limit`, with no other form (differing but in accents) within
/// [`MARGIN`] of it. Only the forms within `MARGIN` of the best matter.
fn pick(hits: Vec<Hit>, printed: &str, limit: f32) -> Option<String> {
    // Group spellings by folded form: accents are decided apart.
    let mut groups: Vec<(Vec<u8>, f32, Vec<String>)> = Vec::new();
    for h in hits {
        let Some(f) = fold_word(&h.form) else {
            continue;
        };
        match groups.iter_mut().find(|g| g.0 == f) {
            Some(g) => {
                g.1 = g.1.min(h.cost);
                if !g.2.contains(&h.form) {
                    g.2.push(h.form);
                }
            }
            None => groups.push((f, h.cost, vec![h.form])),
        }
    }
    groups.sort_by(|a, b| a.1.total_cmp(&b.1));
    let first = groups.first()?;
    if first.1 > limit {
        return None;
    }
    if groups.get(1).is_some_and(|g| g.1 < first.1 + MARGIN) {
        return None;
    }
    choose_spelling(&first.2, printed)
}

/// Among spellings that differ only in accents, the one whose accents are
/// the printed word's (or the only one).
fn choose_spelling(spellings: &[String], printed: &str) -> Option<String> {
    if let [only] = spellings {
        return Some(only.clone());
    }
    let want = accents(printed);
    let mut same = spellings.iter().filter(|s| accents(s) == want);
    match (same.next(), same.next()) {
        (Some(s), None) => Some(s.clone()),
        _ => None,
    }
}
