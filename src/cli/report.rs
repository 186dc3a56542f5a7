//! Messages on stderr, and the progress bar.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shows a progress bar only past this many files: short runs finish before
/// a bar would help.
const PROGRESS_MIN_FILES: usize = 20;

/// Prints `poa-ocr: WHAT: reason` lines on stderr, above the progress bar if
/// there is one.
pub struct Reporter {
    bar: Option<ProgressBar>,
}

impl Reporter {
    /// A reporter with no progress bar.
    pub fn quiet() -> Reporter {
        Reporter { bar: None }
    }

    /// A reporter with a bar for `total` files, if stderr is a terminal that
    /// the output does not share and there are enough files.
    pub fn for_files(total: usize, stdout_is_output: bool, allowed: bool) -> Reporter {
        let show = allowed
            && total > PROGRESS_MIN_FILES
            && std::io::stderr().is_terminal()
            && !(stdout_is_output && std::io::stdout().is_terminal());
        if !show {
            return Reporter::quiet();
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} files, {elapsed} elapsed, ETA {eta}")
        {
            bar.set_style(style);
        }
        Reporter { bar: Some(bar) }
    }

    /// Reports a failure about `what` (a path, or a record).
    pub fn error(&self, what: &str, reason: &str) {
        let print = || eprintln!("poa-ocr: {what}: {reason}");
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Counts one input done.
    pub fn advance(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
