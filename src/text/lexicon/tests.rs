//! Tests of the corrector against the seed document and its gold output,
//! and on synthetic OCR noise.

use std::time::Instant;

use unicode_normalization::UnicodeNormalization;

use super::*;
use crate::catalog::index::synth::Rng;

const SEED: &str = include_str!("../../../corpus/seeds/000_61b09fd82a67f885.txt");
const GOLD: &str = include_str!("../../../corpus/gold/000_61b09fd82a67f885.json");

/// Whitespace-separated chunks with their byte offsets.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |c| (c.as_ptr() as usize - text.as_ptr() as usize, c))
}

/// Maximal runs of letters (with combining accents) and their offsets.
fn words(chunk: &str) -> impl Iterator<Item = (usize, &str)> {
    chunk
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - chunk.as_ptr() as usize, w))
}

fn lexicon() -> Lexicon {
    // The catalog's vocabulary stands in for what the parser passes.
    let catalog = crate::catalog::Catalog::default();
    Lexicon::new(catalog.vocabulary())
}

/// (line, descripcion, observaciones) of every gold row.
fn gold_rows() -> Vec<(usize, String, Option<String>)> {
    let v: serde_json::Value = serde_json::from_str(GOLD).expect("gold parses");
    let mut out = Vec::new();
    for r in v["reportes"].as_array().into_iter().flatten() {
        for a in r["acciones"].as_array().into_iter().flatten() {
            let line = a["linea"].as_u64().unwrap_or(0) as usize;
            let desc = a["descripcion"].as_str().unwrap_or("").to_string();
            let obs = a["observaciones"].as_str().map(str::to_string);
            out.push((line, desc, obs));
        }
    }
    out
}

/// The raw descripcion and observaciones of a seed table row, cut the way
/// the gold's generator cuts them.
fn raw_cells(line: usize) -> (String, Option<String>) {
    let row = SEED.lines().nth(line - 1).unwrap_or("");
    let cells: Vec<&str> = row.split('\t').collect();
    let first = cells.first().map_or("", |s| s.trim());
    let cell = cells.get(1).map_or("", |s| s.trim());
    let desc = if first.len() == 3 && first.chars().all(|c| c.is_ascii_digit()) {
        cell.to_string()
    } else {
        // Drop the leading row number: `100.- `, `202.-`, `300 `.
        let digits = cell
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(cell.len());
        let rest = &cell[digits..];
        let rest = rest.trim_start();
        let rest = rest
            .strip_prefix(".-")
            .or_else(|| rest.strip_prefix('-'))
            .or_else(|| rest.strip_prefix('.'));
        rest.unwrap_or(&cell[digits..]).trim_start().to_string()
    };
    let last_pct = cells.iter().rposition(|c| {
        let c = c.trim();
        c.len() > 1 && c.ends_with('%') && c[..c.len() - 1].chars().all(|d| d.is_ascii_digit())
    });
    let obs = last_pct
        .and_then(|i| {
            cells[i + 1..]
                .iter()
                .map(|c| c.trim())
                .find(|c| !c.is_empty())
        })
        .map(str::to_string);
    (desc, obs)
}

fn norm(s: &str) -> String {
    let s: String = s.nfc().collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The referee's character error rate.
fn cer(truth: &str, out: &str) -> f64 {
    let (t, o) = (norm(truth), norm(out));
    if t.is_empty() {
        return if o.is_empty() { 0.0 } else { 1.0 };
    }
    (strsim::levenshtein(&o, &t) as f64 / t.chars().count() as f64).min(1.0)
}

/// The words of a text, in order.
fn word_list(text: &str) -> Vec<String> {
    chunks(text)
        .flat_map(|(_, c)| words(c).map(|(_, w)| w.to_string()))
        .collect()
}

/// (truth, raw) pairs of the seed's free text.
fn seed_pairs() -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (line, desc, obs) in gold_rows() {
        let (raw_desc, raw_obs) = raw_cells(line);
        pairs.push((desc, raw_desc));
        if let Some(o) = obs {
            pairs.push((o, raw_obs.unwrap_or_default()));
        }
    }
    pairs
}

#[test]
fn seed_words() {
    let lx = lexicon();
    let fix = |w: &str| lx.correct_word(w);
    assert_eq!(fix("REQUIMIENTO").as_deref(), Some("REQUERIMIENTO"));
    assert_eq!(fix("PÍLARES").as_deref(), Some("PILARES"));
    assert_eq!(fix("ANTERPROYECTOS").as_deref(), Some("ANTEPROYECTOS"));
    assert_eq!(fix("HÁBITABLES").as_deref(), Some("HABITABLES"));
    assert_eq!(fix("ESTRUCITUREN").as_deref(), Some("ESTRUCTUREN"));
    // Ambiguous: `pitares` (plural of the headword `pitar`) is nearly as
    // close as `pilares` under the confusion costs (0.95 against 0.7).
    assert_eq!(fix("PLIARES"), None);
    assert_eq!(fix("Emplreadores").as_deref(), Some("Empleadores"));
    assert_eq!(fix("emplreadores").as_deref(), Some("empleadores"));
    for ok in [
        "AREAS",
        "REINGENIERÍA",
        "VIALIDADES",
        "LIDERAZGOS",
        "PILARES",
        "gradas",
        "organizarlos",
    ] {
        assert_eq!(fix(ok), None, "{ok}");
    }
}

#[test]
fn context_rules() {
    let lx = lexicon();
    let (t, f) =
        lx.correct("Trabajadores (as), Emplreadores (as), y/o OSC en los Centros PÍLARES.");
    assert_eq!(
        t,
        "Trabajadores (as), Empleadores (as), y/o OSC en los Centros PILARES."
    );
    assert_eq!(f.len(), 2);
    assert_eq!(
        f[0],
        WordFix {
            start: 19,
            original: "Emplreadores".into(),
            corregido: "Empleadores".into()
        }
    );
    // Acronyms stay, in capitals text too when parenthesized (`CONAC` is
    // one look-alike letter from `COÑAC`).
    let s = "CONSEJO NACIONAL DE ARMONIZACIÓN CONTABLE (CONAC)";
    assert_eq!(Lexicon::default().correct(s).0, s);
    // Codes, short words and acronyms stay.
    let s = "TMM-FO04 la 4ta CONAC, ZAP y PMDX en Guadalupe Victoria km 43.";
    assert_eq!(lx.correct(s).0, s);
    // Debris around a word stays around it.
    assert_eq!(
        lx.correct("ESPACIOS HÁBITABLES.-").0,
        "ESPACIOS HABITABLES.-"
    );
    // A missing accent in capitals is acceptable; in lower case it is fixed
    // only when it is the only reading.
    assert_eq!(lx.correct("AREAS VERDES").0, "AREAS VERDES");
    assert_eq!(
        lx.correct("la participacion social").0,
        "la participación social"
    );
    assert_eq!(
        lx.correct("se publico el informe").0,
        "se publico el informe"
    );
    assert_eq!(lx.correct("").0, "");
}

#[test]
fn gold_text_is_left_alone() {
    let lx = lexicon();
    let mut changed = Vec::new();
    let mut n = 0;
    for (_, desc, obs) in gold_rows() {
        for text in std::iter::once(desc).chain(obs) {
            n += 1;
            let (_, fixes) = lx.correct(&text);
            changed.extend(fixes);
        }
    }
    eprintln!("gold texts: {n}, words changed: {}", changed.len());
    assert!(changed.is_empty(), "correct words changed: {changed:?}");
}

#[test]
fn seed_cer_is_at_least_halved() {
    let lx = lexicon();
    let pairs = seed_pairs();
    let (mut before, mut after) = (0.0, 0.0);
    let mut made_wrong = Vec::new();
    let mut fixed = 0;
    for (truth, raw) in &pairs {
        let (out, fixes) = lx.correct(raw);
        fixed += fixes.len();
        before += cer(truth, raw);
        after += cer(truth, &out);
        let (tw, rw, ow) = (word_list(truth), word_list(raw), word_list(&out));
        if tw.len() == rw.len() && rw.len() == ow.len() {
            for ((t, r), o) in tw.iter().zip(&rw).zip(&ow) {
                if t == r && o != r {
                    made_wrong.push((r.clone(), o.clone()));
                }
            }
        }
    }
    let n = pairs.len() as f64;
    eprintln!(
        "seed free text: {} texts, mean CER raw {:.5} -> corrected {:.5} ({} words fixed, {} correct words made wrong)",
        pairs.len(),
        before / n,
        after / n,
        fixed,
        made_wrong.len()
    );
    assert!(made_wrong.is_empty(), "{made_wrong:?}");
    assert!(before > 0.0);
    assert!(after <= before / 2.0, "CER {before} -> {after}");
}

/// One OCR-like error in a word of at least 5 letters.
fn garble(word: &str, rng: &mut Rng) -> String {
    let mut cs: Vec<char> = word.chars().collect();
    let upper = cs.iter().all(|c| !c.is_lowercase());
    let case = |c: char| {
        if upper {
            c.to_uppercase().next().unwrap_or(c)
        } else {
            c
        }
    };
    let n = cs.len();
    let i = 1 + rng.below(n - 1);
    match rng.below(7) {
        // A letter dropped.
        0 => {
            cs.remove(i);
        }
        // A stray letter.
        1 => {
            let c = char::from(b"ilrtecaon"[rng.below(9)]);
            cs.insert(i, case(c));
        }
        // Two letters swapped.
        2 => cs.swap(i - 1, i),
        // A letter doubled.
        3 => cs.insert(i, cs[i]),
        // A look-alike letter.
        4 => {
            let pairs = [
                ('l', 'i'),
                ('i', 'l'),
                ('n', 'm'),
                ('m', 'n'),
                ('e', 'c'),
                ('c', 'e'),
                ('o', 'a'),
                ('u', 'v'),
            ];
            let lower: Vec<char> = cs
                .iter()
                .map(|c| c.to_lowercase().next().unwrap_or(*c))
                .collect();
            if let Some(&(from, to)) = pairs.iter().find(|(f, _)| lower[1..].contains(f)) {
                if let Some(k) = (1..n).find(|&k| lower[k] == from) {
                    cs[k] = case(to);
                }
            } else {
                cs.remove(i);
            }
        }
        // `m` read as `rn`.
        5 => match (1..n).find(|&k| cs[k] == 'm' || cs[k] == 'M') {
            Some(k) => {
                cs.splice(k..=k, [case('r'), case('n')]);
            }
            None => cs.swap(i - 1, i),
        },
        // A stray accent.
        _ => {
            let acc = |c: char| match c {
                'a' => Some('á'),
                'e' => Some('é'),
                'i' => Some('í'),
                'o' => Some('ó'),
                'A' => Some('Á'),
                'E' => Some('É'),
                'I' => Some('Í'),
                'O' => Some('Ó'),
                _ => None,
            };
            if let Some(k) = (0..n).find(|&k| acc(cs[k]).is_some() && k >= i.min(n - 1)) {
                cs[k] = acc(cs[k]).unwrap_or(cs[k]);
            } else {
                cs.remove(i);
            }
        }
    }
    cs.into_iter().collect()
}

/// Rebuilds `text` with its words replaced.
fn replace_words(text: &str, mut f: impl FnMut(&str) -> String) -> String {
    let mut out = String::new();
    let mut copied = 0;
    for (cs, chunk) in chunks(text) {
        for (off, w) in words(chunk) {
            let start = cs + off;
            out.push_str(&text[copied..start]);
            out.push_str(&f(w));
            copied = start + w.len();
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[test]
fn synthetic_noise() {
    let lx = lexicon();
    let mut rng = Rng::new(0x5eed_1e71_c0de);
    let mut texts: Vec<String> = Vec::new();
    // Three noisy copies of every gold text, each garbled differently.
    for _ in 0..3 {
        for (_, desc, obs) in gold_rows() {
            texts.push(desc);
            texts.extend(obs);
        }
    }
    let (mut before, mut after) = (0.0, 0.0);
    let (mut injected, mut restored, mut miscorrected, mut made_wrong, mut total_words) =
        (0, 0, 0, 0, 0);
    let mut wrong = Vec::new();
    for truth in &texts {
        let noisy = replace_words(truth, |w| {
            if w.chars().count() >= 5 && rng.below(100) < 15 {
                garble(w, &mut rng)
            } else {
                w.to_string()
            }
        });
        let (out, _) = lx.correct(&noisy);
        before += cer(truth, &noisy);
        after += cer(truth, &out);
        let (tw, nw, ow) = (word_list(truth), word_list(&noisy), word_list(&out));
        assert_eq!(tw.len(), ow.len());
        for ((t, n), o) in tw.iter().zip(&nw).zip(&ow) {
            total_words += 1;
            if t == n {
                if o != n {
                    made_wrong += 1;
                    wrong.push((t.clone(), o.clone()));
                }
            } else {
                injected += 1;
                if o == t {
                    restored += 1;
                } else if o != n {
                    miscorrected += 1;
                }
            }
        }
    }
    let n = texts.len() as f64;
    eprintln!(
        "synthetic: {} texts, {} words, {} garbled; mean CER {:.4} -> {:.4}; restored {}, miscorrected {}, \
         correct words made wrong {} {:?}",
        texts.len(),
        total_words,
        injected,
        before / n,
        after / n,
        restored,
        miscorrected,
        made_wrong,
        wrong
    );
    assert!(made_wrong <= 1, "{wrong:?}");
    assert!(after < before * 0.6, "CER {before} -> {after}");
}

#[test]
fn build_and_speed() {
    let t = Instant::now();
    let _ = base();
    let first = t.elapsed();
    let catalog = crate::catalog::Catalog::default();
    let t = Instant::now();
    let lx = Lexicon::new(catalog.vocabulary());
    let layered = t.elapsed();
    let clean: String = gold_rows()
        .into_iter()
        .map(|r| r.1)
        .collect::<Vec<_>>()
        .join(" ");
    // Every long word misspelled: the worst case, each one searched.
    let noisy = replace_words(&clean, |w| {
        if w.len() > 8 {
            format!("{w}x")
        } else {
            w.to_string()
        }
    });
    let per_100 = |text: &str| {
        let words = word_list(text).len();
        let t = Instant::now();
        let (_, fixes) = lx.correct(text);
        (
            words,
            fixes.len(),
            t.elapsed().as_secs_f64() * 1e6 * 100.0 / words as f64,
        )
    };
    let (cw, cf, cus) = per_100(&clean);
    let (nw, nf, nus) = per_100(&noisy);
    eprintln!(
        "build: embedded part {first:?} (once per process), catalog layer {layered:?}; {lx:?}\n\
         correct: clean text {cw} words ({cf} fixed) {cus:.0} µs/100 words; \
         every long word garbled {nw} words ({nf} fixed) {nus:.0} µs/100 words"
    );
}

#[test]
fn word_list_at_run_time() {
    let lx = Lexicon::default();
    assert!(!lx.contains("huachicol"));
    assert!(!lx.contains("Guadalupe"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("extra.dic");
    std::fs::write(&path, "2\nhuachicol/S\nGuadalupe\n").expect("write");
    let lx = lx.with_word_list(&path).expect("read");
    assert!(lx.contains("huachicoles"));
    assert!(lx.contains("GUADALUPE"));
    assert!(Lexicon::default()
        .with_word_list(dir.path().join("missing"))
        .is_err());
}

#[test]
fn lexicon_is_shareable() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Lexicon>();
    let a = lexicon();
    let b = a.clone();
    let h = std::thread::spawn(move || b.correct("REQUIMIENTO").0);
    assert_eq!(h.join().ok().as_deref(), Some("REQUERIMIENTO"));
    assert_eq!(a.correct("REQUIMIENTO").0, "REQUERIMIENTO");
}

#[test]
fn names_without_catalog() {
    let lx = Lexicon::default();
    let catalog = crate::catalog::Catalog::default();
    let mut words: Vec<&str> = catalog
        .vocabulary()
        .filter(|w| !w.chars().any(char::is_numeric))
        .collect();
    words.sort_unstable();
    words.dedup();
    let unknown: Vec<&str> = words.iter().copied().filter(|w| !lx.contains(w)).collect();
    let changed: Vec<(&str, String)> = unknown
        .iter()
        .filter_map(|w| lx.correct_word(w).map(|c| (*w, c)))
        .collect();
    eprintln!(
        "catalog words {}, unknown to the Spanish list {}, changed {} (e.g. {:?})",
        words.len(),
        unknown.len(),
        changed.len(),
        &changed[..changed.len().min(8)]
    );
    // With the catalog layer (as the parser builds it) none changes.
    let full = lexicon();
    assert!(unknown.iter().all(|w| full.correct_word(w).is_none()));
    assert!(
        changed.len() * 100 <= unknown.len() * 5,
        "{} of {}",
        changed.len(),
        unknown.len()
    );
}

/// [`Lexicon::best`] searches near first and skips the wider search when it
/// cannot change the answer: the answer must be the one that every form
/// within `limit + MARGIN` gives. The garbled words reach all three cases
/// (a best within 1.0, one between 1.0 and the limit, none within it),
/// including words whose answer the wider search changes.
#[test]
fn best_agrees_with_a_full_search() {
    let lx = lexicon();
    let mut words: Vec<String> = gold_rows()
        .into_iter()
        .flat_map(|(_, d, o)| word_list(&format!("{d} {}", o.unwrap_or_default())))
        .filter(|w| w.chars().count() >= 6)
        .collect();
    words.sort();
    words.dedup();
    let mut rng = Rng::new(0x000b_3570_fa11);
    let (mut cases, mut wide_matters) = ([0usize; 3], 0);
    for _ in 0..1500 {
        let w = &words[rng.below(words.len())];
        let mut g = garble(w, &mut rng);
        for _ in 0..rng.below(3) {
            g = garble(&g, &mut rng);
        }
        let low = lower(&g);
        let Some(folded) = fold_word(&low) else {
            continue;
        };
        for limit in [0.45, 0.75, 1.0, 1.3] {
            let mut near = Nearest::new(&folded, limit + MARGIN, f32::INFINITY);
            for l in &lx.layers {
                near.search(l, DOMAIN_BONUS);
            }
            near.search(lx.base, 0.0);
            let hits = near.into_hits();
            if limit == 1.3 {
                let least = hits.iter().map(|h| h.cost).fold(f32::INFINITY, f32::min);
                cases[usize::from(least > 1.0) + usize::from(least > 1.3)] += 1;
                if least > 1.0 && least <= 1.3 {
                    let only_near = pick(lx.search(&folded, 1.0 + MARGIN), &low, limit);
                    if only_near != pick(hits.clone(), &low, limit) {
                        wide_matters += 1;
                    }
                }
            }
            assert_eq!(
                lx.best(&folded, &low, limit),
                pick(hits, &low, limit),
                "{g} {limit}"
            );
        }
    }
    assert!(cases.iter().all(|&n| n > 0), "{cases:?}");
    // Some words need the wider search: skipping it always would fail.
    assert!(wide_matters > 0);
}

/// [`scan::scan`] reads a text once the way the rules read it: the words of
/// the chunks without digits (those with as many letters as asked), each
/// with its letters, its shape (as [`profile`] gives it) and what comes
/// before it, and the text's case.
/// Checked against those plain definitions on the seed and on random texts
/// of ASCII, accented and other letters, digits of other scripts, spaces,
/// marks and combining accents.
#[test]
fn scan_reads_what_the_rules_say() {
    fn is_caps_text(text: &str) -> bool {
        let (mut letters, mut lowers) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            lowers += usize::from(c.is_lowercase());
        }
        lowers * 10 < letters * 3
    }
    fn is_mid_sentence(before: &str) -> bool {
        let last = before
            .chars()
            .rev()
            .find(|&c| !c.is_whitespace() && !"([{\"'«¿¡“‘".contains(c));
        last.is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ')' | ']' | '/' | '&'))
    }
    fn plain(text: &str) -> (Vec<scan::Word>, bool) {
        let mut out = Vec::new();
        for (cs, chunk) in chunks(text) {
            if chunk.chars().any(char::is_numeric) {
                continue;
            }
            for (off, w) in words(chunk) {
                let (letters, shape) = profile(w);
                out.push(scan::Word {
                    start: cs + off,
                    end: cs + off + w.len(),
                    letters,
                    shape,
                    mid_sentence: is_mid_sentence(&text[..cs + off]),
                });
            }
        }
        (out, is_caps_text(text))
    }
    let pool: Vec<char> =
        "aAbBeEnNxXzZ áÁéÉñÑüÜçǅßÆæΣσЖж\u{301}\u{308}\u{345}0 9 ٣Ⅳⅳ½²\t\n\u{b}\u{a0}\u{2003}\u{85}\
                           ,.;:-()[]{}\"'«»¿?¡!“”‘’/&%*_"
            .chars()
            .collect();
    let mut rng = Rng::new(0x5ca7_7e5c);
    let mut texts: Vec<String> = SEED.lines().map(str::to_string).collect();
    for _ in 0..20_000 {
        let n = rng.below(24);
        texts.push((0..n).map(|_| pool[rng.below(pool.len())]).collect());
    }
    let (mut words, mut mid, mut caps) = (0, 0, 0);
    for (k, t) in texts.iter().enumerate() {
        // Any range of letters: those `correct` keeps, and others.
        let keep = [1..=usize::MAX, 4..=MAX_LEN, 2..=3][k % 3].clone();
        let got = scan::scan(t, keep.clone());
        let (mut want, caps_text) = plain(t);
        want.retain(|w| keep.contains(&w.letters));
        assert_eq!((&got.words, got.caps_text), (&want, caps_text), "{t:?}");
        words += want.len();
        mid += want.iter().filter(|w| w.mid_sentence).count();
        caps += usize::from(caps_text);
    }
    assert!(
        words > 10_000 && mid > 3_000 && caps > 2_000,
        "{words} {mid} {caps}"
    );
}

/// `Lexicon::spellings_and_known` answers `known_folded` from the spellings:
/// an index must know a word exactly when the word is among its spellings
/// of the word's folded form. Checked on every index of the parser's
/// lexicon, for headwords, their inflections and plurals, and variants with
/// accents taken away, moved or added.
#[test]
fn contains_is_among_spellings() {
    let lx = lexicon();
    let mut words: Vec<String> = Vec::new();
    let heads = WSPANISH.lines().chain(SUPLEMENTO.lines()).step_by(7);
    for w in heads
        .map(str::trim)
        .filter(|w| !w.is_empty() && !w.starts_with('#'))
    {
        let w = lower(w);
        let plain = crate::text::strip_accents(&w);
        for v in [
            format!("{w}s"),
            format!("{w}es"),
            format!("{plain}n"),
            format!("{plain}ción"),
            w.replacen('a', "á", 1),
            w.replacen('o', "ó", 1),
            plain.clone(),
            w,
        ] {
            words.push(v);
        }
    }
    words.extend(
        [
            "organizarlos",
            "pilares",
            "pílares",
            "tomás",
            "publico",
            "público",
        ]
        .map(String::from),
    );
    let (mut agree, mut known) = (0, 0);
    for w in &words {
        let Some(f) = fold_word(w) else { continue };
        for ix in std::iter::once(lx.base).chain(lx.layers.iter().map(|l| &**l)) {
            let mut out = Vec::new();
            ix.spellings(&f, &mut out);
            let contains = ix.contains(&f, w);
            assert_eq!(contains, out.contains(w), "{w}: {out:?}");
            agree += 1;
            known += usize::from(contains);
        }
        let (_, both) = lx.spellings_and_known(&f, w);
        assert_eq!(both, lx.known_folded(w, &f), "{w}");
    }
    // Both answers occur often.
    assert!(known > 1000 && agree - known > 1000, "{known} of {agree}");
}

/// The cache of texts changes no answer of [`Lexicon::correct`]: on the
/// seed's lines and noisy copies of them, with repeats, the first answer
/// (computed), the second (remembered) and [`Lexicon::correct_words`]
/// (never cached) agree, also past the cache's size and key limits.
#[test]
fn text_memo_agrees_with_correcting_words() {
    let lx = lexicon();
    let mut rng = Rng::new(0x7e47_3e30);
    let mut texts: Vec<String> = SEED.lines().map(str::to_string).collect();
    for line in SEED.lines() {
        texts.push(replace_words(line, |w| {
            if w.chars().count() > 3 && rng.below(3) == 0 {
                garble(w, &mut rng)
            } else {
                w.to_string()
            }
        }));
    }
    texts.push("x".repeat(TEXT_MEMO_KEY + 1));
    texts.push(format!("{} REQUIMIENTO", "A".repeat(TEXT_MEMO_KEY)));
    let mut fixed = 0;
    for round in 0..3 {
        for t in &texts {
            let plain = lx.correct_words(t);
            assert_eq!(lx.correct(t), plain, "{t:?}");
            assert_eq!(lx.correct(t), plain, "{t:?}");
            fixed += usize::from(round == 0 && !plain.1.is_empty());
        }
    }
    assert!(fixed > 20, "{fixed}");
    // Past the cache's size: it starts over.
    for k in 0..TEXT_MEMO_MAX + 10 {
        let t = format!("PRESUPUESTO {k} REQUIMIENTO");
        let plain = lx.correct_words(&t);
        assert_eq!(lx.correct(&t), plain, "{t:?}");
    }
}

/// The memo of words in lower case changes no decision: the seed's words
/// and noisy copies of them, each in lower case, capitalized and in
/// capitals, in every context, decided with the memo (twice: computed,
/// then remembered) and without it agree; and the words in capitals and
/// capitalized find what their lower-case form left in the memo.
#[test]
fn lower_memo_agrees_with_deciding_afresh() {
    let lx = lexicon();
    let mut rng = Rng::new(0x10e2_3e30);
    let mut list: Vec<String> = Vec::new();
    for line in SEED.lines() {
        for (_, chunk) in chunks(line) {
            for (_, w) in words(chunk) {
                if w.chars().count() > 3 {
                    list.push(w.to_string());
                    list.push(garble(w, &mut rng));
                    list.push(garble(w, &mut rng));
                }
            }
        }
    }
    list.extend(["PÍLARES", "TOMÁS", "publico", "AREAS", "REQUIMIENTO"].map(String::from));
    let (mut fixed, mut decided) = (0, 0);
    for w in &list {
        let title: String = {
            let low = lower(w);
            let mut cs = low.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect())
                .unwrap_or_default()
        };
        for form in [lower(w), title, w.to_uppercase()] {
            let (n, shape) = profile(&form);
            if untouched(n, shape, true) {
                continue;
            }
            for key in 0..4 {
                let ctx = Context {
                    caps_text: key & 2 != 0,
                    mid_sentence: key & 1 != 0,
                };
                let plain = lx.decide_by(&form, n, shape, ctx, None);
                assert_eq!(lx.decide(&form, n, shape, ctx), plain, "{form} {key}");
                assert_eq!(lx.decide(&form, n, shape, ctx), plain, "{form} {key}");
                fixed += usize::from(plain.is_some());
                decided += 1;
            }
        }
    }
    assert!(fixed > 500 && decided - fixed > 500, "{fixed} of {decided}");
}
