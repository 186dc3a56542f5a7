//! An OCR-aware edit distance: the substitutions an OCR engine makes often
//! (`O`/`0`, `I`/`1`/`L`, `M`/`N`, `S`/`5`, ...) cost less than arbitrary ones.
//!
//! Both sides are compared after [`fold`](super::fold), so accents and case
//! never cost anything.

/// Cost of substituting `a` for `b` (folded, upper-case characters).
pub fn substitution_cost(a: char, b: char) -> f64 {
    if a == b {
        return 0.0;
    }
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    match (x, y) {
        ('0', 'O')
        | ('0', 'D')
        | ('0', 'Q')
        | ('1', 'I')
        | ('1', 'L')
        | ('I', 'L')
        | ('1', 'T') => 0.35,
        ('5', 'S') | ('8', 'B') | ('2', 'Z') | ('6', 'G') | ('4', 'A') | ('7', 'T') => 0.4,
        ('M', 'N')
        | ('U', 'V')
        | ('C', 'E')
        | ('E', 'F')
        | ('D', 'O')
        | ('O', 'Q')
        | ('I', 'J')
        | ('H', 'N') => 0.45,
        ('C', 'G')
        | ('B', 'R')
        | ('L', 'T')
        | ('I', 'T')
        | ('V', 'Y')
        | ('K', 'X')
        | ('P', 'R')
        | ('B', 'D') => 0.6,
        _ => 1.0,
    }
}

/// Cost of inserting or deleting `c`: spaces and doubled letters are cheap.
fn indel_cost(c: char, prev: Option<char>, next: Option<char>) -> f64 {
    if c == ' ' {
        0.3
    } else if prev == Some(c) || next == Some(c) {
        0.5
    } else {
        1.0
    }
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

/// Weighted edit distance over char slices; gives up (returns a value above
/// `bound`) as soon as every cell of a DP row exceeds `bound`.
pub fn distance_chars(a: &[char], b: &[char], bound: f64) -> f64 {
    if a.is_empty() {
        return (0..b.len())
            .map(|j| indel_cost(b[j], j.checked_sub(1).map(|k| b[k]), b.get(j + 1).copied()))
            .sum();
    }
    if b.is_empty() {
        return distance_chars(b, a, bound);
    }
    let del_a: Vec<f64> = (0..a.len())
        .map(|i| indel_cost(a[i], i.checked_sub(1).map(|k| a[k]), a.get(i + 1).copied()))
        .collect();
    let ins_b: Vec<f64> = (0..b.len())
        .map(|j| indel_cost(b[j], j.checked_sub(1).map(|k| b[k]), b.get(j + 1).copied()))
        .collect();
    let mut prev: Vec<f64> = Vec::with_capacity(b.len() + 1);
    prev.push(0.0);
    for j in 0..b.len() {
        prev.push(prev[j] + ins_b[j]);
    }
    let mut cur = vec![0.0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = prev[0] + del_a[i];
        let mut row_min = cur[0];
        for j in 0..b.len() {
            let sub = prev[j] + substitution_cost(a[i], b[j]);
            let del = prev[j + 1] + del_a[i];
            let ins = cur[j] + ins_b[j];
            let v = sub.min(del).min(ins);
            cur[j + 1] = v;
            row_min = row_min.min(v);
        }
        if row_min > bound {
            return row_min;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    similarity_chars(&a, &b)
}

/// [`similarity`] over char slices.
pub fn similarity_chars(a: &[char], b: &[char]) -> f64 {
    let n = a.len().max(b.len());
    if n == 0 {
        return 1.0;
    }
    let d = distance_chars(a, b, f64::INFINITY);
    (1.0 - d / n as f64).clamp(0.0, 1.0)
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
}
