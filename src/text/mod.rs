//! Text utilities shared by both halves: folding keys, the OCR-aware
//! distance and the lexicon for free-text correction.

mod fold;
pub mod lexicon;
mod similarity;

pub(crate) use fold::{ascii_len, base_letter, squash_cow};
pub use fold::{fold, fold_tight, squash, strip_accents, upper};
pub use similarity::{
    distance_chars, ocr_distance, similarity, similarity_at_least, similarity_chars,
    substitution_cost,
};
pub(crate) use similarity::{
    looser_min, reaches, similarity_ceiling, similarity_reaching_near, Prepared, Scorer,
    DOUBLED_INDEL, MIN_INDEL as SPACE_INDEL, UNIT,
};
