use super::synth::{noisy, Bank, Rng};
use super::*;
use crate::catalog::Kind;
use crate::text::{fold, similarity};
use crate::Catalog;

/// Where the truth (or a duplicate of its name) ranks among the index's 64
/// candidates for noisy readings of names of a generated catalog of `n`
/// entries, with the truth's word count; how many of `exact` first queries
/// put the truth first after exact scoring; and the index's heap bytes.
fn ranks(
    n: usize,
    queries: usize,
    exact: usize,
    seed: u64,
) -> (Vec<(Option<usize>, usize)>, usize, usize) {
    let bank = Bank::new(4000, seed);
    let names: Vec<String> = bank.names(n, seed + 1).iter().map(|s| fold(s)).collect();
    let index = NameIndex::new(names.iter().map(String::as_str));
    let mut rng = Rng::new(seed + 2);
    let mut out = Vec::with_capacity(queries);
    let mut firsts = 0;
    for k in 0..queries {
        let truth = rng.below(n);
        let q = fold(&noisy(&names[truth], &bank, &mut rng));
        let cands = index.candidates(&q, 64);
        // A duplicate name of the truth is as good as the truth.
        let rank = cands
            .iter()
            .position(|&c| names[c as usize] == names[truth]);
        out.push((rank, names[truth].split(' ').count()));
        if k < exact {
            let best = cands
                .iter()
                .map(|&c| (similarity(&q, &names[c as usize]), c))
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
            firsts += usize::from(best.is_some_and(|(_, c)| names[c as usize] == names[truth]));
        }
    }
    (out, firsts, index.heap_bytes())
}

fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

#[test]
fn recall_on_generated_catalogs() {
    // Exact scoring is slow in debug builds: fewer queries there.
    let (big, exact) = if cfg!(debug_assertions) {
        (500, 100)
    } else {
        (4000, 4000)
    };
    for (n, queries) in [(100, 2000), (1_000, 2000), (10_000, 2000), (100_000, big)] {
        let (ranks, firsts, bytes) = ranks(n, queries, exact.min(queries), 7 + n as u64);
        let at = |k: usize| ranks.iter().filter(|r| r.0.is_some_and(|p| p < k)).count();
        let class = |lo: usize, hi: usize| {
            let of: Vec<_> = ranks.iter().filter(|r| (lo..=hi).contains(&r.1)).collect();
            percent(of.iter().filter(|r| r.0.is_some()).count(), of.len())
        };
        println!(
            "n = {n:>6}, {queries} queries: recall@1 {:.2}%  @8 {:.2}%  @16 {:.2}%  @64 {:.2}% \
             (1 word {:.2}%, 2-8 words {:.2}%, 9-20 words {:.2}%); top-1 after exact scoring {:.2}%; \
             index {:.1} MB",
            percent(at(1), queries),
            percent(at(8), queries),
            percent(at(16), queries),
            percent(at(64), queries),
            class(1, 1),
            class(2, 8),
            class(9, 20),
            percent(firsts, exact.min(queries)),
            bytes as f64 / 1e6,
        );
        assert!(percent(at(64), queries) >= 99.0, "recall@64 at n = {n}");
        // About 350 bytes per name of 60 characters.
        assert!(bytes < n * 500 + (1 << 20), "{bytes} bytes at n = {n}");
    }
}

#[test]
fn short_queries_in_a_big_catalog() {
    let bank = Bank::new(4000, 21);
    // Ten times fewer names in debug builds, where building is slow.
    let n = if cfg!(debug_assertions) {
        10_000
    } else {
        100_000
    };
    let mut names: Vec<String> = bank.names(n, 22).iter().map(|s| fold(s)).collect();
    let short = ["BISOM", "MEXICALI", "TECATE", "DIRECCION", "ENSENADA"];
    names.extend(short.iter().map(|s| s.to_string()));
    let index = NameIndex::new(names.iter().map(String::as_str));
    for (query, want) in [
        ("BISON", "BISOM"),
        ("MEXICALTI", "MEXICALI"),
        ("TECATF", "TECATE"),
        ("DIRECCLON", "DIRECCION"),
        ("ENSENAOA", "ENSENADA"),
    ] {
        let cands = index.candidates(query, 64);
        let best = cands
            .iter()
            .map(|&c| (similarity(query, &names[c as usize]), c))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        assert_eq!(
            best.map(|(_, c)| names[c as usize].as_str()),
            Some(want),
            "{query}"
        );
    }
    // The index ignores a leading code (the exact scorer may prefer a name
    // whose letters look like the code's digits).
    let first = index.candidates("54101 DIRECCION", 64).first().copied();
    assert_eq!(first.map(|c| names[c as usize].as_str()), Some("DIRECCION"));
}

#[test]
fn municipalities_recall() {
    // Every INEGI municipality, read with noise: short names, many alike
    // (`SAN JUAN ...`, `SANTA MARÍA ...`).
    let cat = Catalog::default();
    let names: Vec<String> = cat
        .entries(Kind::Municipio)
        .iter()
        .map(|e| fold(&e.nombre))
        .collect();
    let index = NameIndex::new(names.iter().map(String::as_str));
    let bank = Bank::new(100, 31);
    let mut rng = Rng::new(32);
    let hits = names
        .iter()
        .filter(|name| {
            let q = fold(&noisy(name, &bank, &mut rng));
            index
                .candidates(&q, 64)
                .iter()
                .any(|&c| names[c as usize] == **name)
        })
        .count();
    println!(
        "INEGI municipalities: recall@64 {:.2}% of {}",
        percent(hits, names.len()),
        names.len()
    );
    assert!(percent(hits, names.len()) >= 99.0);
}

#[test]
fn municipalities() {
    let cat = Catalog::default();
    for (query, want) in [
        ("MEXICALTI", "MEXICALI"),
        ("ENSENAOA", "ENSENADA"),
        ("TECATF", "TECATE"),
        ("TIJUAMA", "TIJUANA"),
    ] {
        let best = cat.lookup(Kind::Municipio, query);
        let first = best
            .first()
            .map(|m| cat.entries(Kind::Municipio)[m.index].nombre.as_str());
        assert_eq!(first, Some(want), "{query}");
    }
}

#[test]
fn short_names() {
    let names = [
        "BISOM",
        "DIRECCION",
        "TECATE",
        "DIRECCION DE OBRAS PUBLICAS",
        "BIENESTAR SOCIAL MUNICIPAL",
    ];
    let index = NameIndex::new(names);
    assert_eq!(index.candidates("BISON", 1), vec![0]);
    assert_eq!(index.candidates("DIRECCLON", 1), vec![1]);
    assert_eq!(index.candidates("54101 DIRECCION", 1), vec![1]);
    assert_eq!(index.candidates("X", 2), Vec::<u32>::new());
    // A catalog no larger than the limit is proposed whole.
    assert_eq!(index.candidates("X", 5).len(), 5);
    assert_eq!(index.candidates("BISON", 64)[0], 0);
}

#[test]
fn deterministic() {
    let bank = Bank::new(500, 3);
    let names = bank.names(5_000, 4);
    let a = NameIndex::new(names.iter().map(String::as_str));
    let b = NameIndex::new(names.iter().map(String::as_str));
    let mut rng = Rng::new(5);
    for _ in 0..200 {
        let q = noisy(&names[rng.below(names.len())], &bank, &mut rng);
        let first = a.candidates(&q, 64);
        assert_eq!(first, a.candidates(&q, 64));
        assert_eq!(first, b.candidates(&q, 64));
        // Identical names tie and come out by id.
        let dup = NameIndex::new(["OBRAS", "OBRAS", "OBRAS"]);
        assert_eq!(dup.candidates("OBRAS", 10), vec![0, 1, 2]);
    }
}

#[test]
fn hostile_input() {
    let index = NameIndex::new(["A", "", "  ", "ÑANDÚ", "日本", "X Y Z"]);
    assert_eq!(index.len(), 6);
    for q in [
        "",
        " ",
        "\0",
        "日本",
        "a",
        "ñandu",
        &"Z".repeat(1 << 20),
        &"AB ".repeat(100_000),
    ] {
        let c = index.candidates(q, 64);
        assert!(c.len() <= 64 && c.iter().all(|&i| (i as usize) < index.len()));
    }
    assert!(index.candidates("X", 0).is_empty());
    assert!(NameIndex::default().candidates("X", 10).is_empty());
    assert!(NameIndex::default().is_empty());
    let huge = "PALABRA ".repeat(10_000);
    let index = NameIndex::new([huge.as_str(), "PALABRA"]);
    assert_eq!(index.candidates("PALABRA", 1), vec![1]);
}

#[test]
fn galloping_searches() {
    let list: Vec<u32> = vec![1, 3, 3, 5, 8, 13, 21, 34, 55];
    for x in 0..60u64 {
        let want = list.iter().filter(|&&p| u64::from(p) < x).count();
        assert_eq!(from_front(&list, x), want, "{x}");
        assert_eq!(from_back(&list, x), want, "{x}");
    }
    assert_eq!(from_front(&[], 3), 0);
    assert_eq!(from_back(&[], 3), 0);
}

#[test]
fn shareable() {
    fn check<T: Clone + std::fmt::Debug + Default + Send + Sync>() {}
    check::<NameIndex>();
    let index = NameIndex::new(["OBRAS PUBLICAS"]);
    assert!(format!("{index:?}").contains("entries: 1"));
}

/// Whether the index keys on a query is whether its canonical form exists,
/// on strings of letters, merged characters, digits (a leading code),
/// spaces and punctuation, long runs of spaces past the cap included.
#[test]
fn keys_on_is_a_canonical_form() {
    let alphabet: Vec<char> = "A0Q1LM5 -.,Ñ日\u{a0}9".chars().collect();
    let mut rng = Rng::new(71);
    let (mut yes, mut no) = (0, 0);
    for _ in 0..20_000 {
        let mut s: String = (0..rng.below(8))
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        if rng.chance(0.05) {
            s = format!("{}{s}", " ".repeat(MAX_QUERY_CHARS + rng.below(4)));
        }
        let want = canonical(without_code(&s), MAX_QUERY_CHARS).is_some();
        assert_eq!(NameIndex::keys_on(&s), want, "{s:?}");
        if want {
            yes += 1;
        } else {
            no += 1;
        }
    }
    assert!(yes > 1_000 && no > 1_000, "{yes} {no}");
}
