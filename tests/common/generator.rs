//! PLACEHOLDER: the generator of noisy documents with known truth.
