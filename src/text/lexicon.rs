//! A lexicon for free-text correction.
//!
//! PLACEHOLDER: knows no words and corrects nothing. To be replaced (issue 4).

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
#[derive(Clone, Debug, Default)]
pub struct Lexicon {}

impl Lexicon {
    /// The embedded Spanish word list plus the `domain` words.
    pub fn new<'a>(domain: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let _ = domain.into_iter().count();
        Lexicon {}
    }

    /// Whether `word` is known.
    pub fn contains(&self, _word: &str) -> bool {
        false
    }

    /// Corrects the unknown words of `text` that have one clearly best
    /// candidate; returns the new text and the changes.
    pub fn correct(&self, text: &str) -> (String, Vec<WordFix>) {
        (text.to_string(), vec![])
    }
}
