//! An OCR-aware edit distance: the substitutions an OCR engine makes often
//! (`O`/`0`, `I`/`1`/`L`, `M`/`N`, `S`/`5`, ...) cost less than arbitrary ones.
//!
//! Both sides are compared after [`fold`](super::fold), so accents and case
//! never cost anything. Costs are kept in twentieths so the dynamic program
//! runs on integers.

use std::cell::RefCell;

/// Cost units per edit (a full substitution, insertion or deletion).
const UNIT: u32 = 20;
/// Cost of two adjacent letters swapped.
const TRANSPOSE: u32 = 12;

/// Cost of substituting `a` for `b` (folded, upper-case characters), in
/// edits (0 to 1).
pub fn substitution_cost(a: char, b: char) -> f64 {
    f64::from(sub_units(a, b)) / f64::from(UNIT)
}

fn sub_units(a: char, b: char) -> u32 {
    if a == b {
        return 0;
    }
    if a.is_ascii() && b.is_ascii() {
        return u32::from(ASCII_COSTS[a as usize][b as usize]);
    }
    UNIT
}

/// Substitution costs between ASCII characters, built at compile time.
static ASCII_COSTS: [[u8; 128]; 128] = ascii_costs();

const fn ascii_costs() -> [[u8; 128]; 128] {
    let mut t = [[UNIT as u8; 128]; 128];
    let mut i = 0;
    while i < 128 {
        t[i][i] = 0;
        i += 1;
    }
    let pairs: [(u8, u8, u8); 29] = [
        (b'0', b'O', 7),
        (b'0', b'D', 7),
        (b'0', b'Q', 7),
        (b'1', b'I', 7),
        (b'1', b'L', 7),
        (b'I', b'L', 7),
        (b'1', b'T', 7),
        (b'5', b'S', 8),
        (b'8', b'B', 8),
        (b'2', b'Z', 8),
        (b'6', b'G', 8),
        (b'4', b'A', 8),
        (b'7', b'T', 8),
        (b'M', b'N', 9),
        (b'U', b'V', 9),
        (b'C', b'E', 9),
        (b'E', b'F', 9),
        (b'D', b'O', 9),
        (b'O', b'Q', 9),
        (b'I', b'J', 9),
        (b'H', b'N', 9),
        (b'C', b'G', 12),
        (b'B', b'R', 12),
        (b'L', b'T', 12),
        (b'I', b'T', 12),
        (b'V', b'Y', 12),
        (b'K', b'X', 12),
        (b'P', b'R', 12),
        (b'B', b'D', 12),
    ];
    let mut k = 0;
    while k < pairs.len() {
        let (a, b, c) = pairs[k];
        t[a as usize][b as usize] = c;
        t[b as usize][a as usize] = c;
        k += 1;
    }
    t
}

/// Cost of inserting or deleting `c`: spaces and doubled letters are cheap.
fn indel_units(s: &[char], i: usize) -> u32 {
    let c = s[i];
    if c == ' ' {
        6
    } else if (i > 0 && s[i - 1] == c) || s.get(i + 1) == Some(&c) {
        10
    } else {
        UNIT
    }
}

/// Scratch rows of the dynamic program: two rows back, one back, current,
/// and the insertion costs.
type Rows = (Vec<u32>, Vec<u32>, Vec<u32>, Vec<u32>);

thread_local! {
    static ROWS: RefCell<Rows> = const { RefCell::new((Vec::new(), Vec::new(), Vec::new(), Vec::new())) };
}

/// Weighted edit distance between two folded strings.
///
/// ```
/// use poa_ocr::text::ocr_distance;
/// assert!(ocr_distance("BISON", "BISOM") < 1.0);
/// assert_eq!(ocr_distance("ABC", "ABC"), 0.0);
/// ```
pub fn ocr_distance(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance_chars(&a, &b, f64::INFINITY)
}

/// Weighted edit distance over char slices. Gives up as soon as the distance
/// must exceed `bound` and then returns some value above `bound`.
pub fn distance_chars(a: &[char], b: &[char], bound: f64) -> f64 {
    let bound_units = if bound.is_finite() {
        (bound * f64::from(UNIT)).ceil().max(0.0) as u32
    } else {
        u32::MAX
    };
    f64::from(distance_units(a, b, bound_units)) / f64::from(UNIT)
}

fn distance_units(a: &[char], b: &[char], bound: u32) -> u32 {
    if a.len() < b.len() {
        return distance_units(b, a, bound);
    }
    if b.is_empty() {
        return (0..a.len()).map(|i| indel_units(a, i)).sum();
    }
    // Each extra character costs at least a cheap deletion.
    if (a.len() - b.len()) as u64 * 6 > u64::from(bound) {
        return bound.saturating_add(1);
    }
    ROWS.with(|rows| {
        let mut rows = rows.borrow_mut();
        let (older, prev, cur, ins) = &mut *rows;
        ins.clear();
        ins.extend((0..b.len()).map(|j| indel_units(b, j)));
        prev.clear();
        prev.push(0);
        for j in 0..b.len() {
            let v = prev[j] + ins[j];
            prev.push(v);
        }
        cur.clear();
        cur.resize(b.len() + 1, 0);
        older.clear();
        older.resize(b.len() + 1, 0);
        for i in 0..a.len() {
            let del = indel_units(a, i);
            cur[0] = prev[0] + del;
            let mut row_min = cur[0];
            let ai = a[i];
            for j in 0..b.len() {
                let mut v = (prev[j] + sub_units(ai, b[j]))
                    .min(prev[j + 1] + del)
                    .min(cur[j] + ins[j]);
                // Two letters swapped (CERCE for CRECE) are one slip.
                if i > 0 && j > 0 && ai == b[j - 1] && a[i - 1] == b[j] && ai != b[j] {
                    v = v.min(older[j - 1] + TRANSPOSE);
                }
                cur[j + 1] = v;
                row_min = row_min.min(v);
            }
            if row_min > bound {
                return row_min;
            }
            std::mem::swap(older, prev);
            std::mem::swap(prev, cur);
        }
        prev[b.len()]
    })
}

/// Similarity in 0..=1 between two folded strings:
/// `1 - distance / max(len)`.
///
/// ```
/// use poa_ocr::text::similarity;
/// assert!(similarity("VALIDADES Y ESPACIOS SEGUROS", "VIALIDADES Y ESPACIOS SEGUROS") > 0.9);
/// assert!(similarity("GOBERNAR PARA SERVIR", "IGUALDAD E INCLUSION") < 0.5);
/// ```
pub fn similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    similarity_chars(&a, &b)
}

/// [`similarity`] over char slices.
pub fn similarity_chars(a: &[char], b: &[char]) -> f64 {
    similarity_at_least(a, b, 0.0).unwrap_or(0.0)
}

/// The similarity of `a` and `b` if it is at least `min`; `None` otherwise,
/// found early by bounding the distance.
pub fn similarity_at_least(a: &[char], b: &[char], min: f64) -> Option<f64> {
    let n = a.len().max(b.len());
    if n == 0 {
        return Some(1.0);
    }
    let bound = ((1.0 - min) * n as f64 * f64::from(UNIT)).floor().max(0.0) as u32;
    let d = distance_units(a, b, bound);
    if d > bound {
        return None;
    }
    let s = (1.0 - f64::from(d) / (n as f64 * f64::from(UNIT))).clamp(0.0, 1.0);
    (s >= min).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confusions_are_cheap() {
        assert!(ocr_distance("TMM F0O4", "TMM F004") < 0.5);
        assert!(ocr_distance("MEXICALTI", "MEXICALI") <= 1.0);
        assert!(ocr_distance("AB", "AXB") == 1.0);
        assert!(ocr_distance("AB", "A B") < 0.5);
        assert!(ocr_distance("ASSEGURAMIENTO", "ASEGURAMIENTO") <= 0.5);
        assert!((ocr_distance("CERCE", "CRECE") - 0.6).abs() < 1e-9);
        assert!((ocr_distance("FUNCOIN", "FUNCION") - 0.6).abs() < 1e-9);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(ocr_distance("", ""), 0.0);
        assert_eq!(ocr_distance("", "AB"), 2.0);
        assert_eq!(ocr_distance("AB", ""), 2.0);
        assert_eq!(similarity("", ""), 1.0);
    }

    #[test]
    fn symmetric() {
        for (a, b) in [
            ("BISON", "BISOM"),
            ("MEDICAL", "MEXICALI"),
            ("CERCE", "CRECE"),
        ] {
            assert!((ocr_distance(a, b) - ocr_distance(b, a)).abs() < 1e-9);
        }
    }

    #[test]
    fn bounded_agrees_with_unbounded() {
        let pairs = [
            ("DESARROLLO COMUNITARIO", "DESARROLLO SOCIAL"),
            ("MEDICAL CRECE", "MEXICALI CRECE"),
            ("A", "XYZW"),
        ];
        for (a, b) in pairs {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = similarity_chars(&x, &y);
            for min in [0.0, 0.3, 0.5, 0.8, 0.95] {
                let got = similarity_at_least(&x, &y, min);
                assert_eq!(got.is_some(), full >= min, "{a} {b} {min}");
                if let Some(s) = got {
                    assert!((s - full).abs() < 1e-12);
                }
            }
        }
    }
}
