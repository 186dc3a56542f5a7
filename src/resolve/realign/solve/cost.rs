//! The costs of the damage model. One place, so the figures can be tuned
//! against the generated set.

// Extra tokens in the period section: inside it / after the last slot.
pub(super) const X_EMPTY: (f64, f64) = (0.1, 0.05);
pub(super) const X_ZERO: (f64, f64) = (0.2, 0.12);
pub(super) const X_COPY: (f64, f64) = (0.5, 0.15);
// A copy right next to its original (`3 3`): the OCR read a cell twice.
pub(super) const X_DUP: (f64, f64) = (0.25, 0.1);
pub(super) const X_NOVEL: (f64, f64) = (1.2, 0.8);
pub(super) const X_PCT_COPY: (f64, f64) = (0.6, 0.2);
pub(super) const X_PCT_NOVEL: (f64, f64) = (1.2, 0.8);
// Slots without a token.
pub(super) const DROP_P: f64 = 0.15;
pub(super) const DROP_A: f64 = 0.2;
pub(super) const DROP_AFTER: f64 = 0.02;
// A value the text lost (a printed empty or a missing cell).
pub(super) const LOST_P: f64 = 0.6;
pub(super) const LOST_A: f64 = 0.7;
// In a row that keeps its empty cells, a value lost before a printed
// programado is a little less likely than one lost at the right edge;
// too little to decide alone (it stays inside the ambiguity window):
// the table's other rows decide (`LOST_PRIOR`).
pub(super) const LOST_INTERIOR: f64 = 0.1;
// A value printed in an alcanzado column after the reported quarter.
pub(super) const JUNK_ZERO: f64 = 0.1;
pub(super) const JUNK: f64 = 0.4;
// One beside the programado it copies (`2 2`, the seed's action 404)
// costs what a duplicated cell costs: no more than the same text read
// as the column dropped and the copy left over after the last slot
// (0.27 in a row that keeps its cells), which moves the programados.
pub(super) const JUNK_DUP: f64 = X_DUP.0;
pub(super) const JUNK_NOVEL: f64 = 0.8;
// A reading that declares a value lost while it throws away a value
// found nowhere else in the row is most likely wrong about both.
pub(super) const LOST_AND_DISCARDED: f64 = 1.6;
pub(super) const LOST_AND_DISCARDED_COPY: f64 = 1.4;
// In rows that keep their empty cells, each cell dropped or left over
// before the last slot shifts the columns (on top of its own cost).
pub(super) const SHIFT: f64 = 0.15;
// A value read beyond the header's period columns.
pub(super) const OFF_GRID: f64 = 0.15;
// A programado cell holding a value the form did not have.
pub(super) const SUB_COPY: f64 = 0.8;
pub(super) const SUB_NOVEL: f64 = 1.2;
// The table's other rows lost this quarter's programado too.
pub(super) const LOST_PRIOR: f64 = 0.3;
// Arithmetic.
pub(super) const SUM_BAD: f64 = 2.0;
pub(super) const ABS_BAD: f64 = 2.0;
pub(super) const REL_BAD: f64 = 1.0;
pub(super) const REL_LOOSE: f64 = 0.05;
pub(super) const INFER_META: f64 = 0.3;
pub(super) const INFER_ABS: f64 = 0.3;
pub(super) const INFER_REL: f64 = 0.2;
// Tail.
pub(super) const AFTER_EMPTY: f64 = 0.02;
pub(super) const AFTER_COPY: f64 = 0.1;
pub(super) const AFTER_NOVEL: f64 = 0.5;
pub(super) const BETWEEN_EMPTY: f64 = 0.03;
pub(super) const NO_ABS: f64 = 0.6;
pub(super) const NO_REL: f64 = 0.8;
pub(super) const REL_NO_PCT: f64 = 0.6;
// META.
pub(super) const META_SKIP: f64 = 0.3;
pub(super) const META_MISSING: f64 = 0.2;
pub(super) const META_PUSHED: f64 = 0.6;
