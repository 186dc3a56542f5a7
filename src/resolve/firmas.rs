//! Signatories: names matched to known signatories, then settled by
//! consensus among the spellings of the same person in the document.

use std::collections::HashMap;

use super::header::Signatory;
use super::{majority, Memo};
use crate::catalog::{Catalog, Kind, Match};
use crate::layout::RawFirma;
use crate::model::{Cargo, Firma};
use crate::text::{
    fold, reaches, similarity, similarity_at_least, similarity_ceiling, squash, upper, Scorer,
};

/// A signature to settle, with the context that identifies its person: the
/// classification key its role answers for (the unit for the unit's head).
pub(crate) struct Signed<'a> {
    pub(crate) raw: &'a RawFirma,
    pub(crate) context: Option<String>,
}

/// A settled signature and the reason its name changed, if it did.
pub(crate) struct Settled {
    pub(crate) firma: Firma,
    pub(crate) line: usize,
    pub(crate) motivo: Option<String>,
}

const CATALOG_MIN: f64 = 0.8;
const CLUSTER_MIN: f64 = 0.78;
const PEER_MIN: f64 = 0.55;
/// Distinct spellings compared pairwise at most.
const MAX_PAIRWISE: usize = 1500;

/// Settles every signature of a document (all reports at once: consensus
/// needs them all).
pub(crate) fn settle(all: &[Signed<'_>], catalog: &Catalog, memo: &Memo) -> Vec<Option<Settled>> {
    let printed: Vec<Option<String>> = all
        .iter()
        .map(|s| s.raw.name.as_ref().map(|n| upper(&squash(&n.text))))
        .collect();
    let folded: Vec<Option<String>> = printed
        .iter()
        .map(|p| p.as_ref().map(|p| fold(p)))
        .collect();
    // 1. Known signatories.
    // A document repeats its signatories' names page after page, and an
    // archive its documents' signatories: each spelling is looked for once
    // (the parser's memo remembers it).
    let mut name: Vec<Signatory> = folded
        .iter()
        .map(|f| {
            let f = f.as_deref()?;
            memo.signatory(f, || known_signatory(f, catalog, memo))
        })
        .collect();
    // 2. The same role for the same unit elsewhere in the document.
    let mut peers: HashMap<(Cargo, &str), Vec<String>> = HashMap::new();
    for (i, s) in all.iter().enumerate() {
        if let (Some(ctx), Some((n, _, _))) = (&s.context, &name[i]) {
            peers
                .entry((s.raw.cargo, ctx.as_str()))
                .or_default()
                .push(n.clone());
        }
    }
    for (i, s) in all.iter().enumerate() {
        let (Some(f), None, Some(ctx)) = (&folded[i], &name[i], &s.context) else {
            continue;
        };
        let Some(cands) = peers.get(&(s.raw.cargo, ctx.as_str())) else {
            continue;
        };
        if let Some(n) = majority(cands.iter().cloned()) {
            let nf = fold(&n);
            let shares_word = f
                .split(' ')
                .any(|w| w.len() >= 3 && nf.split(' ').any(|x| x == w));
            let sim = similarity(f, &nf);
            if sim >= PEER_MIN && shares_word {
                name[i] = Some((
                    n,
                    sim,
                    "consenso: mismo responsable en otras páginas del documento",
                ));
            }
        }
    }
    // 3. Clusters of spellings across the document: the distinct spellings
    // are compared pairwise (a document repeats few names many times); past
    // a bound only identical spellings are grouped, to stay linear.
    let mut uniq: HashMap<&str, usize> = HashMap::new();
    let mut spelling: Vec<&str> = vec![];
    let ids: Vec<Option<usize>> = folded
        .iter()
        .map(|f| {
            let f = f.as_deref()?;
            Some(*uniq.entry(f).or_insert_with(|| {
                spelling.push(f);
                spelling.len() - 1
            }))
        })
        .collect();
    // A cluster only names its members still without a name: the groups
    // of spellings that are all named already change nothing, and are not
    // formed.
    let mut wanted = vec![false; spelling.len()];
    for (id, n) in ids.iter().zip(&name) {
        if let (Some(id), None) = (id, n) {
            if let Some(w) = wanted.get_mut(*id) {
                *w = true;
            }
        }
    }
    let group = group_spellings(&spelling, &wanted);
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        if let Some(g) = id.and_then(|id| group.get(id).copied().flatten()) {
            members.entry(g).or_default().push(i);
        }
    }
    for ms in members.values().filter(|m| m.len() >= 2) {
        // A cluster takes the known name of one of its members, else its
        // most frequent spelling.
        let known: Vec<String> = ms
            .iter()
            .filter_map(|&i| name[i].as_ref().map(|n| n.0.clone()))
            .collect();
        let spellings: Vec<String> = ms.iter().filter_map(|&i| printed[i].clone()).collect();
        let Some(rep) = majority(known.iter().cloned()).or_else(|| medoid(&spellings)) else {
            continue;
        };
        for &i in ms {
            if name[i].is_none() {
                let sim = folded[i]
                    .as_ref()
                    .map_or(0.0, |f| similarity(f, &fold(&rep)));
                name[i] = Some((
                    rep.clone(),
                    sim,
                    "consenso: mismo responsable en otras páginas del documento",
                ));
            }
        }
    }
    all.iter()
        .enumerate()
        .map(|(i, s)| {
            let original = printed[i].clone()?;
            let line = s.raw.name.as_ref().map_or(s.raw.role_line, |n| n.line);
            let (nombre, confianza, motivo) = match &name[i] {
                Some((n, sim, why)) => {
                    let conf = if *n == original {
                        1.0
                    } else {
                        (0.5 + sim / 2.0).min(0.95)
                    };
                    (n.clone(), conf, (*n != original).then(|| why.to_string()))
                }
                None => (original.clone(), 0.7, None),
            };
            let raw_text = s.raw.name.as_ref().map(|n| n.text.trim().to_string());
            Some(Settled {
                firma: Firma {
                    cargo: s.raw.cargo,
                    nombre,
                    original: raw_text,
                    confianza: (confianza * 100.0).round() / 100.0,
                },
                line,
                motivo,
            })
        })
        .collect()
}

/// The known signatory a folded printed name is, if it clearly is one.
fn known_signatory(f: &str, catalog: &Catalog, memo: &Memo) -> Signatory {
    let known = catalog.entries(Kind::Firmante);
    let signatory = |i: usize, score: f64| Some((known.get(i)?.nombre.clone(), score, "catalogo"));
    // The clear winner, when there is one, is the best two at the rival's
    // score: see `clear_winner`.
    let two = memo.top_reaching(catalog, Kind::Firmante, f, RIVAL_MIN, 2);
    if let Some(best) = two.as_deref().and_then(clear_winner) {
        return signatory(best.index, best.score);
    }
    // Whole words lost or replaced: the candidates' own words decide. They
    // are matches of the look-up at 0.5, so entries it scores: if none of
    // those is the same person, nothing is found, and the look-up is not
    // needed (nor its clear winner: `two` tells there is none).
    let words = catalog.table(Kind::Firmante).folded.as_slice();
    let same = |i: usize| words.get(i).is_some_and(|k| same_person(f, k));
    if two.is_some() && !catalog.scored(Kind::Firmante, f).into_iter().any(same) {
        return None;
    }
    let c = memo.lookup(catalog, Kind::Firmante, f, 0.5);
    if let Some(best) = clear_winner(&c) {
        return signatory(best.index, best.score);
    }
    let hits: Vec<usize> = c.iter().map(|m| m.index).filter(|&i| same(i)).collect();
    match hits[..] {
        [i] => signatory(i, 0.75),
        _ => None,
    }
}

/// The lead a known signatory needs over the next one.
const MARGIN: f64 = 0.05;
/// Under this score no entry bars another from being the clear winner: the
/// winner scores [`CATALOG_MIN`] or more, over [`MARGIN`] ahead of it.
const RIVAL_MIN: f64 = 0.75;

/// The first of the matches (best first), if it scores [`CATALOG_MIN`] and
/// leads the second by [`MARGIN`].
///
/// The matches of a look-up at 0.5 and of the best two at the `min` of
/// [`Memo::top_reaching`] for [`RIVAL_MIN`] give the same answer, so the
/// cheaper one is asked first. Both find every entry scoring [`RIVAL_MIN`]
/// or more, at its exact score (an entry found under it may score less than
/// its due, never more), and rank them alike. A winner scores at least
/// [`CATALOG_MIN`], so it is in both, first. If the runner-up scores
/// [`RIVAL_MIN`] or more, it is in both too; if not, it is absent or under
/// [`RIVAL_MIN`] in each, and the winner leads it by more than [`MARGIN`]
/// in both (`0.8 - 0.75 >= 0.05` in floating point too, and a subtraction
/// rounds monotonically). Without a winner in one list, nothing in the
/// other list can be one either.
fn clear_winner(c: &[Match]) -> Option<Match> {
    let best = *c.first()?;
    let margin = c.get(1).map_or(1.0, |r| best.score - r.score);
    (best.score >= CATALOG_MIN && margin >= MARGIN).then_some(best)
}

/// Groups distinct spellings that are [`CLUSTER_MIN`] similar, and so on
/// transitively, as far as the groups of the `wanted` spellings go: per
/// spelling, the group it is in (named by one of its spellings), `None` for
/// one in no group with a wanted spelling. Past [`MAX_PAIRWISE`] spellings
/// each stays alone, to stay linear.
///
/// A group is a connected component of the graph whose edges are the pairs
/// `(i, j)`, `i < j`, that [`similarity_at_least`] finds close with
/// spelling `i` first (as comparing every pair and joining the close ones
/// groups them). Each group of a wanted spelling is walked from it: a
/// spelling reached is compared with every spelling not yet reached, each
/// pair in that order. The groups with no wanted spelling are never
/// walked; spellings compared once reached are never compared again.
fn group_spellings(spelling: &[&str], wanted: &[bool]) -> Vec<Option<usize>> {
    let u = spelling.len();
    let mut group: Vec<Option<usize>> = vec![None; u];
    if u > MAX_PAIRWISE {
        for (i, (g, &w)) in group.iter_mut().zip(wanted).enumerate() {
            *g = w.then_some(i);
        }
        return group;
    }
    // Every spelling's characters in one buffer; spelling `i`'s end at
    // `ends[i]`.
    let ends: Vec<usize> = spelling
        .iter()
        .scan(0, |n, s| {
            *n += s.chars().count();
            Some(*n)
        })
        .collect();
    let mut flat: Vec<char> = Vec::with_capacity(ends.last().copied().unwrap_or(0));
    flat.extend(spelling.iter().flat_map(|s| s.chars()));
    let chars = |i: usize| -> &[char] {
        let from = i
            .checked_sub(1)
            .and_then(|j| ends.get(j))
            .copied()
            .unwrap_or(0);
        let to = ends.get(i).copied().unwrap_or(from);
        flat.get(from..to).unwrap_or_default()
    };
    let mut queue: Vec<usize> = vec![];
    for (start, &w) in wanted.iter().enumerate().take(u) {
        if !w || group[start].is_some() {
            continue;
        }
        group[start] = Some(start);
        queue.push(start);
        while let Some(x) = queue.pop() {
            // One side prepared for the comparisons where it comes first,
            // which give what `similarity_at_least` gives.
            let mut scorer = Scorer::new(chars(x));
            for (y, g) in group.iter_mut().enumerate() {
                if g.is_some() {
                    continue;
                }
                let close = if x < y {
                    scorer.similarity_at_least(chars(y), CLUSTER_MIN)
                } else {
                    similarity_at_least(chars(y), chars(x), CLUSTER_MIN)
                };
                if close.is_some() {
                    *g = Some(start);
                    queue.push(y);
                }
            }
        }
    }
    group
}

/// Whether a printed name is a known one with one whole word lost or with
/// another given name (`KEVIN ERNESTO RUIZ`, `PATRICIA CALLES CEDANO
/// TABANICO`): every surname present and in order, at least two of them.
fn same_person(printed: &str, known: &str) -> bool {
    // Both names' words in one list, sized once.
    let (m, n) = (printed.split(' ').count(), known.split(' ').count());
    // Only these two shapes can answer yes (see below): most entries a
    // look-up scores have neither, and are told before any list is made.
    if !((m + 1 == n && m >= 2) || (m == n && m >= 3)) {
        return false;
    }
    let mut words: Vec<&str> = Vec::with_capacity(m + n);
    words.extend(printed.split(' '));
    words.extend(known.split(' '));
    let (p, k) = words.split_at(m);
    let close = close_words;
    if p.len() + 1 == k.len() && p.len() >= 2 {
        // One word lost: the printed words are the known ones, in order.
        let mut j = 0;
        let mut skipped = 0;
        for w in p {
            while j < k.len() && !close(w, k[j]) {
                j += 1;
                skipped += 1;
                // The answer needs `skipped + (k.len() - j) == 1`, and
                // `skipped` only grows: past one word skipped it is no.
                if skipped > 1 {
                    return false;
                }
            }
            if j == k.len() {
                return false;
            }
            j += 1;
        }
        return skipped + (k.len() - j) == 1;
    }
    // The given name replaced: the same surnames (the last two words).
    p.len() == k.len() && p.len() >= 3 && p[1..].iter().zip(&k[1..]).all(|(a, b)| close(a, b))
}

/// How similar a printed word must be to a known one to be it.
const WORD_MIN: f64 = 0.8;

/// Whether `similarity(a, b) >= WORD_MIN`, settled sooner (see [`reaches`]).
fn close_words(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // `reaches` asks this first; counted before any characters are collected.
    let (m, n) = (a.chars().count(), b.chars().count());
    if similarity_ceiling(m, n) < WORD_MIN {
        return false;
    }
    // Both words' characters in one buffer: on the stack when they fit
    // (words are short), else sized once.
    let mut stack = ['\0'; 48];
    let mut heap: Vec<char> = vec![];
    let chars: &mut [char] = match stack.get_mut(..m + n) {
        Some(buf) => buf,
        None => {
            heap.resize(m + n, '\0');
            &mut heap
        }
    };
    for (slot, c) in chars.iter_mut().zip(a.chars().chain(b.chars())) {
        *slot = c;
    }
    let (a, b) = chars.split_at(m);
    reaches(a, b, WORD_MIN)
}

/// The spelling closest to all the others, each distinct spelling weighted
/// by how often it occurs.
fn medoid(v: &[String]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = vec![];
    for s in v {
        let f = fold(s);
        match counts.iter_mut().find(|(x, _)| *x == f) {
            Some((_, c)) => *c += 1,
            None => counts.push((f, 1)),
        }
    }
    counts.truncate(MAX_PAIRWISE);
    let score: Vec<f64> = counts
        .iter()
        .map(|(s, _)| {
            counts
                .iter()
                .map(|(x, c)| similarity(s, x) * *c as f64)
                .sum()
        })
        .collect();
    let best = (0..counts.len()).max_by(|&a, &b| score[a].total_cmp(&score[b]).then(b.cmp(&a)))?;
    v.iter().find(|s| fold(s) == counts[best].0).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Span;

    fn settle_raw(raws: &[RawFirma], cat: &Catalog) -> Vec<Option<Settled>> {
        let signed: Vec<Signed> = raws
            .iter()
            .map(|r| Signed {
                raw: r,
                context: None,
            })
            .collect();
        settle(&signed, cat, &Memo::default())
    }

    fn raw(cargo: Cargo, name: &str, line: usize) -> RawFirma {
        RawFirma {
            cargo,
            name: Some(Span {
                text: name.to_string(),
                line,
            }),
            role_line: line + 1,
        }
    }

    #[test]
    fn unknown_names_settle_by_consensus() {
        let cat = Catalog::from_json("{}").unwrap();
        let raws = [
            raw(Cargo::Ramo, "ARTURO PEÑA LÓPEZ", 1),
            raw(Cargo::Ramo, "ARTURO PENA LOPEZ", 10),
            raw(Cargo::Ramo, "ARTURO PEÑA LÓPEZ", 20),
            raw(Cargo::Ramo, "ARTURD PEÑA LÓPES", 30),
            raw(Cargo::Programa, "LUCIA FERNANDA SOTO", 40),
        ];
        let out = settle_raw(&raws, &cat);
        let names: Vec<&str> = out
            .iter()
            .map(|s| s.as_ref().unwrap().firma.nombre.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "ARTURO PEÑA LÓPEZ",
                "ARTURO PEÑA LÓPEZ",
                "ARTURO PEÑA LÓPEZ",
                "ARTURO PEÑA LÓPEZ",
                "LUCIA FERNANDA SOTO"
            ]
        );
    }

    #[test]
    fn whole_words_lost_or_replaced() {
        assert!(same_person(
            "KEVIN ERNESTO RUIZ",
            "KEVIN ERNESTO MORENO RUIZ"
        ));
        assert!(same_person(
            "NORMA GUADALUPE VILLASENOR",
            "NORMA GUADALUPE GRIJALVA VILLASENOR"
        ));
        assert!(same_person(
            "PATRICIA CALLES CEDANO TABANICO",
            "JUAN CALLES CEDANO TABANICO"
        ));
        assert!(!same_person("PATRICIA LOPEZ CEDANO", "JUAN CALLES CEDANO"));
        assert!(!same_person("KEVIN RUIZ", "KEVIN ERNESTO MORENO RUIZ"));
    }

    /// [`same_person`] as it was before it stopped at a second word skipped.
    fn same_person_full(printed: &str, known: &str) -> bool {
        let p: Vec<&str> = printed.split(' ').collect();
        let k: Vec<&str> = known.split(' ').collect();
        if p.len() + 1 == k.len() && p.len() >= 2 {
            let mut j = 0;
            let mut skipped = 0;
            for w in &p {
                while j < k.len() && !close_words(w, k[j]) {
                    j += 1;
                    skipped += 1;
                }
                if j == k.len() {
                    return false;
                }
                j += 1;
            }
            return skipped + (k.len() - j) == 1;
        }
        p.len() == k.len()
            && p.len() >= 3
            && p[1..].iter().zip(&k[1..]).all(|(a, b)| close_words(a, b))
    }

    /// Noisy readings of names with a word lost, a given name replaced, or
    /// none of that, against known signatories and other names: the same
    /// answers as comparing every word.
    #[test]
    fn same_person_as_every_word_compared() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let cat = Catalog::default();
        let known: Vec<String> = cat
            .entries(Kind::Firmante)
            .iter()
            .map(|e| fold(&e.nombre))
            .collect();
        let bank = Bank::new(200, 47);
        let mut rng = Rng::new(53);
        let (mut yes, mut no) = (0, 0);
        for _ in 0..3000 {
            let other = fold(&bank.name(&mut rng));
            let name = if rng.chance(0.6) {
                known[rng.below(known.len())].clone()
            } else {
                other
            };
            let mut w: Vec<String> = name.split(' ').map(str::to_string).collect();
            if rng.chance(0.4) {
                let at = rng.below(w.len());
                w.remove(at);
            } else if rng.chance(0.4) {
                w[0] = bank.name(&mut rng);
            }
            let printed = fold(&noisy(&w.join(" "), &bank, &mut rng));
            let k = if rng.chance(0.7) {
                known[rng.below(known.len())].clone()
            } else {
                fold(&bank.name(&mut rng))
            };
            let want = same_person_full(&printed, &k);
            assert_eq!(same_person(&printed, &k), want, "{printed:?} {k:?}");
            yes += usize::from(want);
            no += usize::from(!want);
        }
        assert!(yes > 100 && no > 1000, "{yes} {no}");
    }

    /// The root of `i`'s tree in a union-find forest, halving the path.
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }

    /// Spellings are grouped as comparing every pair would group them, for
    /// the groups of the wanted spellings, and no other spelling is in a
    /// group: noisy readings (swaps included) of a few names, each wanted
    /// or not at random.
    #[test]
    fn spellings_group_as_every_pair_compared() {
        use crate::catalog::index::synth::{noisy, Bank, Rng};
        let bank = Bank::new(200, 17);
        let mut rng = Rng::new(19);
        let (mut joined, mut walked, mut left) = (0, 0, 0);
        for _ in 0..300 {
            let people: Vec<String> = (0..1 + rng.below(4)).map(|_| bank.name(&mut rng)).collect();
            let spellings: Vec<String> = (0..2 + rng.below(12))
                .map(|_| fold(&noisy(&people[rng.below(people.len())], &bank, &mut rng)))
                .collect();
            let spelling: Vec<&str> = spellings.iter().map(String::as_str).collect();
            let u = spelling.len();
            let wanted: Vec<bool> = (0..u).map(|_| rng.chance(0.3)).collect();
            let got = group_spellings(&spelling, &wanted);
            let chars: Vec<Vec<char>> = spelling.iter().map(|s| s.chars().collect()).collect();
            let mut want: Vec<usize> = (0..u).collect();
            for i in 0..u {
                for j in i + 1..u {
                    if similarity_at_least(&chars[i], &chars[j], CLUSTER_MIN).is_some() {
                        let (ri, rj) = (root(&mut want, i), root(&mut want, j));
                        want[ri] = rj;
                    }
                }
            }
            for i in 0..u {
                let in_wanted =
                    (0..u).any(|j| wanted[j] && root(&mut want, i) == root(&mut want, j));
                assert_eq!(got[i].is_some(), in_wanted, "{spelling:?} {wanted:?}");
                walked += usize::from(in_wanted);
                left += usize::from(!in_wanted);
                for j in i + 1..u {
                    let same = root(&mut want, i) == root(&mut want, j);
                    if in_wanted {
                        assert_eq!(got[i] == got[j], same, "{spelling:?} {wanted:?}");
                        joined += usize::from(same);
                    }
                }
            }
        }
        assert!(
            joined > 300 && walked > 300 && left > 300,
            "{joined} {walked} {left}"
        );
    }

    /// The best two at the rival's score name the same clear winner as the
    /// look-up at 0.5, or none when it has none: noisy readings (swaps
    /// included) of known signatories, and unknown names.
    #[test]
    fn clear_winner_from_the_best_two() {
        use crate::catalog::index::synth::{noisy, swap_adjacent, Bank, Rng};
        let cat = Catalog::default();
        let known = cat.entries(Kind::Firmante);
        let bank = Bank::new(200, 23);
        let mut rng = Rng::new(29);
        let (mut won, mut lost) = (0, 0);
        for _ in 0..400 {
            let name = if rng.chance(0.8) {
                noisy(&known[rng.below(known.len())].nombre, &bank, &mut rng)
            } else {
                bank.name(&mut rng)
            };
            let mut f = fold(&name);
            if rng.chance(0.3) {
                let mut c: Vec<char> = f.chars().collect();
                swap_adjacent(&mut c, &mut rng);
                f = c.into_iter().collect();
            }
            let full = clear_winner(&cat.lookup_top(Kind::Firmante, &f, 0.5, 8));
            let memo = Memo::default();
            let Some(two) = memo.top_reaching(&cat, Kind::Firmante, &f, RIVAL_MIN, 2) else {
                continue;
            };
            let fast = clear_winner(&two);
            if fast.is_some() {
                won += 1;
                assert_eq!(fast, full, "{f:?}");
            } else {
                lost += 1;
            }
            // Without a winner in the best two, the full look-up has none.
            assert!(fast.is_some() || full.is_none(), "{f:?}");
        }
        assert!(won > 100 && lost > 50, "{won} {lost}");
    }

    /// Words are close as `similarity` says: noisy readings of name words
    /// (swaps included) against the words they come from, and others.
    #[test]
    fn close_words_as_similarity() {
        use crate::catalog::index::synth::{noisy, swap_adjacent, Bank, Rng};
        let bank = Bank::new(300, 41);
        let mut rng = Rng::new(43);
        let (mut close, mut far) = (0, 0);
        for _ in 0..3000 {
            let word = fold(&bank.name(&mut rng));
            let word = word.split(' ').next().unwrap_or("").to_string();
            let mut other: Vec<char> = if rng.chance(0.8) {
                fold(&noisy(&word, &bank, &mut rng)).chars().collect()
            } else {
                fold(&bank.name(&mut rng)).chars().take(12).collect()
            };
            if rng.chance(0.4) {
                swap_adjacent(&mut other, &mut rng);
            }
            let other: String = other.into_iter().collect();
            let want = similarity(&word, &other) >= WORD_MIN;
            assert_eq!(close_words(&word, &other), want, "{word:?} {other:?}");
            close += usize::from(want);
            far += usize::from(!want);
        }
        assert!(close > 500 && far > 500, "{close} {far}");
        // Words too long for the stack buffer take the same path.
        let long = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCD";
        for other in [long, "ABCDEFGHIJKLMNOPQRSTUVWXYZABXD", "ABCDEFGHIJKLMNOPQ"] {
            let want = similarity(long, other) >= WORD_MIN;
            assert_eq!(close_words(long, other), want, "{other:?}");
        }
    }

    /// Step 1 as it was before its shortcuts: the look-up at 0.5, then the
    /// same person among its matches.
    fn known_signatory_full(f: &str, cat: &Catalog) -> Option<(String, f64, &'static str)> {
        let c = cat.lookup_top(Kind::Firmante, f, 0.5, 8);
        let known = cat.entries(Kind::Firmante);
        if let Some(best) = c.first() {
            let margin = c.get(1).map_or(1.0, |r| best.score - r.score);
            if best.score >= CATALOG_MIN && margin >= 0.05 {
                return Some((known[best.index].nombre.clone(), best.score, "catalogo"));
            }
        }
        let hits: Vec<usize> = c
            .iter()
            .map(|m| m.index)
            .filter(|&i| same_person(f, &fold(&known[i].nombre)))
            .collect();
        (hits.len() == 1).then(|| (known[hits[0]].nombre.clone(), 0.75, "catalogo"))
    }

    /// The shortcut of step 1 finds what the full look-up finds: noisy
    /// readings of known signatories (swaps, lost and replaced words
    /// included), and unknown names, with the cache cold or warm.
    #[test]
    fn known_signatory_agrees_with_full_lookup() {
        use crate::catalog::index::synth::{noisy, swap_adjacent, Bank, Rng};
        let cat = Catalog::default();
        let known = cat.entries(Kind::Firmante);
        let bank = Bank::new(200, 31);
        let mut rng = Rng::new(37);
        let warm = Memo::default();
        let (mut found, mut words) = (0, 0);
        for _ in 0..600 {
            let mut name = known[rng.below(known.len())].nombre.clone();
            if rng.chance(0.3) {
                // A word lost, or the given name replaced.
                let mut w: Vec<String> = name.split(' ').map(str::to_string).collect();
                let at = rng.below(w.len());
                if rng.chance(0.5) {
                    w.remove(at);
                } else {
                    w[0] = bank.name(&mut rng);
                }
                name = w.join(" ");
            }
            if rng.chance(0.2) {
                name = bank.name(&mut rng);
            }
            let mut f = fold(&noisy(&name, &bank, &mut rng));
            if rng.chance(0.3) {
                let mut c: Vec<char> = f.chars().collect();
                swap_adjacent(&mut c, &mut rng);
                f = c.into_iter().collect();
            }
            let want = known_signatory_full(&f, &cat);
            assert_eq!(known_signatory(&f, &cat, &Memo::default()), want, "{f:?}");
            assert_eq!(known_signatory(&f, &cat, &warm), want, "{f:?}");
            // Remembered: the second answer comes from the memo.
            for _ in 0..2 {
                let got = warm.signatory(&f, || known_signatory(&f, &cat, &warm));
                assert_eq!(got, want, "{f:?}");
            }
            found += usize::from(want.is_some());
            words += usize::from(want.as_ref().is_some_and(|w| w.1 == 0.75));
        }
        assert!(found > 200 && words > 5, "{found} {words}");
    }

    #[test]
    fn known_names_win() {
        let cat = Catalog::default();
        let raws = [raw(Cargo::Programa, "JOHANA OLEO RODRIGUEZ", 1)];
        let out = settle_raw(&raws, &cat);
        assert_eq!(
            out[0].as_ref().unwrap().firma.nombre,
            "JOHANA TOLEDO RODRÍGUEZ"
        );
    }
}
