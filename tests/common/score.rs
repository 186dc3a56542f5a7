//! PLACEHOLDER: a Rust port of ../shared/tools/score.py.
