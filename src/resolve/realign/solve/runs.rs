//! The dynamic programs to run for a row: each a reading of its cells
//! (a variant), a META choice and a tail.

use super::{cost, Row};
use crate::resolve::realign::cells::{self, Text, Tok, Token, Variant};

/// Most dynamic programs run per row (variants × META × tails).
const MAX_RUNS: usize = 48;

/// A row's readings of its cells ([`cells::variants`], plus META pushed
/// into the unit), which of their tokens copy others, every (variant, META,
/// tail) choice to search, cheapest first, and whether tokens were cut off.
/// No choices for a row without numbers.
pub(super) fn prepare<'a>(row: &Row<'a>) -> (Vec<Variant<'a>>, Vec<Vec<bool>>, Vec<Run>, bool) {
    let (mut vars, cut) = cells::variants(row.cells);
    if !vars
        .iter()
        .any(|v| v.tokens.iter().any(|t| t.tok != Tok::Empty))
    {
        return (vars, Vec::new(), Vec::new(), cut);
    }
    if let Some(v) = pushed_meta_variant(row, vars.first()) {
        vars.push(v);
    }
    // Cheapest first: once a reading is found, choices that cannot come
    // within RELEVANT of it are skipped.
    let copies: Vec<Vec<bool>> = vars.iter().map(|v| copies(&v.tokens)).collect();
    // Most rows: one META choice, one or two tails per reading.
    let mut runs: Vec<Run> = Vec::with_capacity(2 * vars.len());
    // One buffer for every choice's tails.
    let mut choices: Vec<Tail> = Vec::with_capacity(6);
    for (vi, var) in vars.iter().enumerate() {
        for (meta, start, mcost) in meta_options(&var.tokens).into_iter().flatten() {
            tails(&var.tokens, start, &copies[vi], &mut choices);
            for tail in choices.drain(..) {
                runs.push(Run {
                    base: var.cost + mcost + tail.cost,
                    var: vi,
                    meta,
                    start,
                    tail,
                });
            }
        }
    }
    runs.sort_by(|a, b| a.base.total_cmp(&b.base));
    runs.truncate(MAX_RUNS);
    (vars, copies, runs, cut)
}

/// One dynamic program to run: a variant, a META choice and a tail.
pub(super) struct Run {
    /// The cost of the choice itself.
    pub(super) base: f64,
    pub(super) var: usize,
    pub(super) meta: Option<usize>,
    pub(super) start: usize,
    pub(super) tail: Tail,
}

/// A variant where META was printed at the end of the unit-of-measure text
/// (`Informe 4`) instead of its own column.
fn pushed_meta_variant<'a>(row: &Row<'a>, plain: Option<&Variant<'a>>) -> Option<Variant<'a>> {
    let plain = plain.filter(|p| p.tokens.len() < cells::MAX_TOKENS)?;
    let unidad = row.unidad_medida?;
    let last = unidad.split_whitespace().last()?;
    if last.len() == unidad.trim().len() {
        return None; // the whole unit is a number: not a unit with a pushed value
    }
    let (tok, _, _) = cells::parse_word(last).into_iter().next()?;
    if !matches!(tok, Tok::Num(_)) {
        return None;
    }
    let mut tokens = vec![Token {
        tok,
        cell: usize::MAX,
        text: Text::Row(unidad),
        rewritten: tok.value().is_some(),
    }];
    tokens.extend(plain.tokens.iter().cloned());
    Some(Variant {
        tokens,
        cost: plain.cost + cost::META_PUSHED,
    })
}

/// For each token, whether its value appears in another token of the row
/// (a copy is cheap to leave over; a novel value is not).
fn copies(tokens: &[Token]) -> Vec<bool> {
    // The readings side by side on the stack (a token is much larger than
    // its reading), compared as `Tok` compares them: kind, then value by
    // `==`. (A variant has at most MAX_TOKENS tokens; a longer list, never
    // made, would take the plain comparison.)
    let mut buf = [Tok::Empty; cells::MAX_TOKENS];
    let Some(toks) = buf.get_mut(..tokens.len()) else {
        return copies_plain(tokens);
    };
    for (x, t) in toks.iter_mut().zip(tokens) {
        *x = t.tok;
    }
    // Each pair once: equal readings mark each other. `==` is an
    // equivalence on the readings it ever holds true for (NaN equals
    // nothing, and ±0 are all equal), so a token marked already by an
    // earlier one has had every later equal one marked with it.
    let mut out = vec![false; toks.len()];
    for (i, &t) in toks.iter().enumerate() {
        if t == Tok::Empty || out[i] {
            continue;
        }
        for j in i + 1..toks.len() {
            if toks[j] == t {
                out[i] = true;
                out[j] = true;
            }
        }
    }
    out
}

/// [`copies`] token by token, the reference the test compares it with.
fn copies_plain(tokens: &[Token]) -> Vec<bool> {
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| match t.tok {
            Tok::Empty => false,
            Tok::Num(v) => tokens
                .iter()
                .enumerate()
                .any(|(j, u)| j != i && u.tok == Tok::Num(v)),
            Tok::Pct(v) => tokens
                .iter()
                .enumerate()
                .any(|(j, u)| j != i && u.tok == Tok::Pct(v)),
        })
        .collect()
}

/// Where META is: `(token index, first period token, cost)`, at most two
/// choices, in order (an array: no allocation).
fn meta_options(tokens: &[Token]) -> [Option<(Option<usize>, usize, f64)>; 2] {
    match tokens.first().map(|t| t.tok) {
        None => [None, None],
        Some(Tok::Num(_)) => [Some((Some(0), 1, 0.0)), None],
        Some(Tok::Empty) => [
            Some((None, 1, cost::META_MISSING)),
            // A stray empty cell before META.
            tokens
                .iter()
                .take(3)
                .position(|t| matches!(t.tok, Tok::Num(_)))
                .map(|j| (Some(j), j + 1, cost::META_SKIP)),
        ],
        Some(Tok::Pct(_)) => [Some((None, 0, cost::META_MISSING + 0.3)), None],
    }
}

/// A choice of the row's tail.
#[derive(Clone, Debug)]
pub(super) struct Tail {
    /// End (exclusive) of the period section.
    pub(super) period_end: usize,
    pub(super) abs: Option<usize>,
    pub(super) rel: Option<usize>,
    /// Tokens after the tail (left over).
    pub(super) after: std::ops::Range<usize>,
    cost: f64,
}

/// The plausible tails, into `out` (emptied first): each of the last few
/// percent tokens with the number before it, plus readings without a
/// percent sign.
fn tails(tokens: &[Token], start: usize, copy: &[bool], out: &mut Vec<Tail>) {
    let n = tokens.len();
    out.clear();
    let after_cost = |from: usize| -> f64 {
        (from..n)
            .map(|j| match tokens[j].tok {
                Tok::Empty => cost::AFTER_EMPTY,
                _ if copy.get(j).copied().unwrap_or(false) => cost::AFTER_COPY,
                _ => cost::AFTER_NOVEL,
            })
            .sum()
    };
    let pcts = (start..n)
        .rev()
        .filter(|&j| matches!(tokens[j].tok, Tok::Pct(_)))
        .take(4);
    for r in pcts {
        let mut gap = 0;
        let mut abs = None;
        let mut j = r;
        while j > start {
            j -= 1;
            match tokens[j].tok {
                Tok::Empty => {
                    gap += 1;
                    if gap > 2 {
                        break;
                    }
                }
                Tok::Num(_) => {
                    abs = Some(j);
                    break;
                }
                Tok::Pct(_) => break,
            }
        }
        let base = after_cost(r + 1);
        match abs {
            Some(a) => out.push(Tail {
                period_end: a,
                abs: Some(a),
                rel: Some(r),
                after: r + 1..n,
                cost: base + cost::BETWEEN_EMPTY * (r - a - 1) as f64,
            }),
            None => out.push(Tail {
                period_end: r,
                abs: None,
                rel: Some(r),
                after: r + 1..n,
                cost: base + cost::NO_ABS,
            }),
        }
    }
    // The last non-empty token is a plain number: `abs` with the relative
    // advance missing, or `abs rel` with the percent sign lost.
    if let Some(l) = (start..n).rev().find(|&j| tokens[j].tok != Tok::Empty) {
        if matches!(tokens[l].tok, Tok::Num(_)) {
            out.push(Tail {
                period_end: l,
                abs: Some(l),
                rel: None,
                after: l + 1..n,
                cost: cost::NO_REL,
            });
            if let Some(a) = (start..l).rev().find(|&j| tokens[j].tok != Tok::Empty) {
                if matches!(tokens[a].tok, Tok::Num(_)) {
                    out.push(Tail {
                        period_end: a,
                        abs: Some(a),
                        rel: Some(l),
                        after: l + 1..n,
                        cost: cost::REL_NO_PCT + cost::BETWEEN_EMPTY * (l - a - 1) as f64,
                    });
                }
            }
        }
    }
    if out.is_empty() {
        // No tail at all: everything is the period section.
        out.push(Tail {
            period_end: n,
            abs: None,
            rel: None,
            after: n..n,
            cost: cost::NO_ABS + cost::NO_REL,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The compact comparison tells copies as the plain one does.
        #[test]
        fn copies_agree_with_the_plain_comparison(
            toks in proptest::collection::vec(
                (0u8..3, proptest::sample::select(vec![0.0, -0.0, 1.0, 2.5, 3.0, f64::NAN])),
                0..16,
            ),
        ) {
            let tokens: Vec<Token> = toks
                .iter()
                .map(|&(k, v)| Token {
                    tok: match k {
                        0 => Tok::Empty,
                        1 => Tok::Num(v),
                        _ => Tok::Pct(v),
                    },
                    cell: 0,
                    text: Text::Row(""),
                    rewritten: false,
                })
                .collect();
            proptest::prop_assert_eq!(copies(&tokens), copies_plain(&tokens));
        }
    }
}
