//! The numeric cells of a table row (META ANUAL through ACUMULADO RELATIVO),
//! in the layouts the OCR produces, with the damage it does to them.
//!
//! Every damage that makes a value impossible to read back from the text
//! reports that value, so the truth can list it in `_no_evaluar`.

use super::rng::Rng;

/// How a page lays out its period cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `P A P A P A P A`, empty cells kept in place.
    Pairs,
    /// Empty cells dropped: `P1 A1 P2 P3 P4` for a first-quarter report.
    Compact,
}

/// Per-page choices for the numeric cells.
#[derive(Clone, Copy, Debug)]
pub struct PageStyle {
    pub form: Form,
    /// A row whose values are all equal may print as a run of copies.
    pub runs: bool,
    /// Zero programado printed as an empty cell (else `0`).
    pub zero_blank: bool,
    /// Alcanzado of quarters after the report's printed as `0` (else empty).
    pub future_zero: bool,
    /// The header has a fifth `P A` pair: `Some(true)` echoes values there.
    pub extra_pair: Option<bool>,
    /// Values of 1,000 and more printed with a thousands separator.
    pub thousands: bool,
    /// `25 %` instead of `25%`.
    pub pct_space: bool,
    /// The trailing `abs rel%` printed twice.
    pub repeat_tail: bool,
}

/// The values of one row.
#[derive(Clone, Debug)]
pub struct Values {
    pub meta: i64,
    pub p: [i64; 4],
    /// Alcanzado; only the first `q` are meaningful.
    pub a: [i64; 4],
    pub abs: i64,
    pub rel: i64,
}

/// The cells of a row and the values they leave undeterminable, as JSON
/// pointer suffixes below the row (`/trimestres/2/programado`).
pub struct Cells {
    pub cells: Vec<String>,
    pub lost: Vec<String>,
}

pub fn fmt(v: i64, thousands: bool) -> String {
    let s = v.to_string();
    if !thousands || v < 1000 {
        return s;
    }
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn pct(v: i64, space: bool) -> String {
    if space {
        format!("{v} %")
    } else {
        format!("{v}%")
    }
}

fn prog(k: usize) -> String {
    format!("/trimestres/{k}/programado")
}

fn alc(k: usize) -> String {
    format!("/trimestres/{k}/alcanzado")
}

/// Renders the numeric cells of a row for a report of quarter `q` (1-4).
/// `damage` is the chance that the row is damaged beyond its page's style.
pub fn cells(v: &Values, q: usize, st: &PageStyle, damage: f64, rng: &mut Rng) -> Cells {
    let th = st.thousands && rng.chance(0.7);
    let f = |x: i64| fmt(x, th);
    let mut lost = Vec::new();
    let uniform =
        v.p[0] > 0 && v.p.iter().all(|&x| x == v.p[0]) && v.a[..q].iter().all(|&x| x == v.p[0]);
    let mut period: Vec<String>;
    let mut damaged = rng.chance(damage);
    if st.runs && uniform && rng.chance(0.6) {
        // `1 1 1 1 1 1 1 1 1`: the layout lost the columns, but every value is the same.
        let n = 5 + rng.below(10);
        period = vec![f(v.p[0]); n];
        damaged = false;
    } else {
        period = Vec::with_capacity(10);
        for k in 0..4 {
            match st.form {
                Form::Pairs => {
                    period.push(if v.p[k] == 0 && st.zero_blank {
                        String::new()
                    } else {
                        f(v.p[k])
                    });
                    period.push(if k < q {
                        if v.a[k] == 0 && st.zero_blank {
                            String::new()
                        } else {
                            f(v.a[k])
                        }
                    } else if st.future_zero {
                        "0".to_string()
                    } else {
                        String::new()
                    });
                }
                Form::Compact => {
                    period.push(f(v.p[k]));
                    if k < q {
                        period.push(f(v.a[k]));
                    }
                }
            }
        }
        if let (Form::Pairs, Some(echo)) = (st.form, st.extra_pair) {
            if echo {
                period.push(f(v.p[3]));
                period.push("0".to_string());
            } else {
                period.push(String::new());
                period.push(String::new());
            }
        }
    }
    if damaged {
        damage_period(v, q, st, &mut period, &mut lost, rng);
    }
    let mut out = vec![f(v.meta)];
    out.extend(period);
    if st.repeat_tail || (damaged && rng.chance(0.15)) {
        if rng.chance(0.35) {
            // A garbled first copy: an extra cell and a wrong percentage.
            let junk = if v.p[0] > 0 { v.p[0] } else { v.meta };
            out.push(f(v.abs));
            out.push(f(junk));
            out.push(pct((v.rel + 5 + rng.below(30) as i64) % 101, st.pct_space));
        } else {
            out.push(f(v.abs));
            out.push(pct(v.rel, st.pct_space));
        }
    }
    out.push(f(v.abs));
    out.push(pct(v.rel, st.pct_space));
    Cells { cells: out, lost }
}

fn damage_period(
    v: &Values,
    q: usize,
    st: &PageStyle,
    period: &mut Vec<String>,
    lost: &mut Vec<String>,
    rng: &mut Rng,
) {
    let nonzero: Vec<usize> = (0..4).filter(|&k| v.p[k] != 0).collect();
    let pairs = st.form == Form::Pairs && period.len() >= 8;
    let mut kinds = vec![0u8]; // 0: echo cells after the period block
    if pairs && nonzero.len() == 4 {
        kinds.push(1); // one quarter's P missing, the rest of the row intact
    }
    if pairs && q <= 2 && v.p[2] + v.p[3] > 0 {
        kinds.push(2); // the last two quarters lost
    }
    if pairs && nonzero.len() == 1 && v.a[..q].iter().all(|&x| x == 0) {
        kinds.push(3); // a lone value out of its column
    }
    if pairs && period.iter().any(String::is_empty) {
        kinds.push(4); // empty cells dropped
    }
    match *rng.pick(&kinds) {
        1 => {
            let k = *rng.pick(&nonzero);
            period[2 * k] = String::new();
        }
        2 => {
            period[4] = String::new();
            period[6] = String::new();
            lost.push(prog(2));
            lost.push(prog(3));
        }
        3 => {
            let value = period[2 * nonzero[0]].clone();
            for c in period.iter_mut().take(8) {
                c.clear();
            }
            period.truncate(8);
            for _ in 0..rng.below(2) {
                period.push(String::new());
            }
            period.push(value);
            for k in 0..4 {
                lost.push(prog(k));
            }
        }
        4 => {
            // Positions are lost; what stays readable depends on what was empty.
            let lossy =
                st.zero_blank && ((0..4).any(|k| v.p[k] == 0) || (0..q).any(|k| v.a[k] == 0));
            period.retain(|c| !c.is_empty());
            if lossy {
                for k in 0..4 {
                    lost.push(prog(k));
                }
                if q > 1 && v.abs != 0 {
                    for k in 0..q {
                        lost.push(alc(k));
                    }
                }
            }
        }
        _ => {
            let filled: Vec<String> = period.iter().filter(|c| !c.is_empty()).cloned().collect();
            if filled.is_empty() {
                return;
            }
            for _ in 0..1 + rng.below(4) {
                period.push(rng.pick(&filled).clone());
            }
        }
    }
}
