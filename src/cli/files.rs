//! Converting files (and raw stdin): to stdout, as NDJSON, or into `-o DIR`.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use poa_ocr::Parser;

use super::input::{self, Input, Source};
use super::ordered::{map_ordered, Flow};
use super::output;
use super::report::Reporter;

/// How documents are printed or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pretty,
    Compact,
    /// Compact, one line per input, failures as error lines.
    Ndjson,
}

/// What the user asked for.
pub struct Options {
    /// `None` picks pretty or compact from the number of inputs and stdout.
    pub format: Option<Format>,
    pub output_dir: Option<PathBuf>,
    pub threads: usize,
    pub progress: bool,
    pub max_bytes: usize,
}

/// What converting one input gave.
struct Outcome {
    /// What to print on stdout (a document, or an NDJSON error line).
    stdout: Option<String>,
    /// Why the input failed.
    error: Option<String>,
}

/// Converts every input named by `paths`. `Ok(true)` if all of them were
/// converted; an `Err` is a failure of the whole run (exit status 2).
pub fn run(parser: &Parser, paths: &[PathBuf], opts: &Options) -> anyhow::Result<bool> {
    let quiet = Reporter::quiet();
    let (inputs, problems) = input::expand(paths);
    for p in &problems {
        quiet.error(&p.label, &p.reason);
    }
    let mut all_ok = problems.is_empty();
    if inputs.is_empty() {
        return Ok(all_ok);
    }
    let plan = match &opts.output_dir {
        Some(dir) => Some(output::plan(dir, &inputs)?),
        None => None,
    };
    let format = opts.format.unwrap_or_else(|| {
        use std::io::IsTerminal;
        if plan.is_some() || inputs.len() == 1 || io::stdout().is_terminal() {
            Format::Pretty
        } else {
            Format::Compact
        }
    });
    let reporter = Reporter::for_files(inputs.len(), plan.is_none(), opts.progress);
    let window = (opts.threads * 4).max(8);
    let mut stdout = io::stdout().lock();
    let mut next = 0usize;
    let work = |(i, input): (usize, &Input)| -> Outcome {
        let target = plan.as_ref().and_then(|p| p.targets.get(i));
        if let Some(Err(refusal)) = target {
            return Outcome {
                stdout: None,
                error: Some(refusal.clone()),
            };
        }
        let json = read(&input.source, opts.max_bytes).and_then(|bytes| {
            let nombre = match &input.source {
                Source::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
                Source::Stdin => None,
            };
            let doc = parser
                .parse(&bytes, nombre.as_deref())
                .map_err(|e| e.to_string())?;
            let json = if format == Format::Pretty {
                serde_json::to_string_pretty(&doc)
            } else {
                serde_json::to_string(&doc)
            };
            json.map_err(|e| format!("cannot serialize the document: {e}"))
        });
        match (json, target) {
            (Ok(json), Some(Ok(path))) => match output::write_atomic(path, json.as_bytes()) {
                Ok(()) => Outcome {
                    stdout: None,
                    error: None,
                },
                Err(e) => Outcome {
                    stdout: None,
                    error: Some(format!("cannot write {}: {e}", path.display())),
                },
            },
            (Ok(mut json), _) => {
                json.push('\n');
                Outcome {
                    stdout: Some(json),
                    error: None,
                }
            }
            (Err(e), _) => Outcome {
                stdout: (format == Format::Ndjson).then(|| error_line(input, &e)),
                error: Some(e),
            },
        }
    };
    let emit = |result: Result<Outcome, String>| -> Flow {
        let input = inputs.get(next);
        next += 1;
        let outcome = result.unwrap_or_else(|panic| Outcome {
            stdout: match (format, input) {
                (Format::Ndjson, Some(input)) => Some(error_line(input, &panic)),
                _ => None,
            },
            error: Some(panic),
        });
        reporter.advance();
        if let Some(e) = &outcome.error {
            all_ok = false;
            reporter.error(&input.map_or_else(String::new, Input::label), e);
        }
        if let Some(text) = &outcome.stdout {
            if let Err(e) = stdout.write_all(text.as_bytes()) {
                // A closed pipe (`| head`) is the reader saying it has enough.
                if e.kind() != io::ErrorKind::BrokenPipe {
                    all_ok = false;
                    reporter.error("stdout", &e.to_string());
                }
                return Flow::Stop;
            }
        }
        Flow::Continue
    };
    map_ordered(
        opts.threads,
        window,
        || inputs.iter().enumerate(),
        work,
        emit,
    )?;
    reporter.finish();
    if let Err(e) = stdout.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            all_ok = false;
            reporter.error("stdout", &e.to_string());
        }
    }
    if let Some(plan) = &plan {
        for dir in &plan.dirs {
            output::sync_dir(dir);
        }
    }
    Ok(all_ok)
}

/// The input's bytes, refusing (without reading it all) an input larger than
/// `max_bytes`.
fn read(source: &Source, max_bytes: usize) -> Result<Vec<u8>, String> {
    let limit =
        |n: String| format!("the input has {n} bytes; the limit is {max_bytes} (see --max-bytes)");
    let mut bytes = vec![];
    let read = match source {
        Source::Stdin => io::stdin()
            .lock()
            .take(max_bytes as u64 + 1)
            .read_to_end(&mut bytes),
        Source::File(path) => {
            let file = File::open(path).map_err(|e| e.to_string())?;
            if let Ok(meta) = file.metadata() {
                if meta.len() > max_bytes as u64 {
                    return Err(limit(meta.len().to_string()));
                }
            }
            file.take(max_bytes as u64 + 1).read_to_end(&mut bytes)
        }
    };
    read.map_err(|e| e.to_string())?;
    if bytes.len() > max_bytes {
        return Err(limit(format!("more than {max_bytes}")));
    }
    Ok(bytes)
}

/// The NDJSON line for an input that failed.
fn error_line(input: &Input, error: &str) -> String {
    let (nombre, ruta) = match &input.source {
        Source::File(p) => (
            p.file_name().map(|n| n.to_string_lossy().into_owned()),
            Some(p.display().to_string()),
        ),
        Source::Stdin => (None, None),
    };
    /// Field order as documented; `json!` would sort the keys.
    #[derive(serde::Serialize)]
    struct ErrorLine<'a> {
        nombre: Option<String>,
        ruta: Option<String>,
        error: &'a str,
    }
    let line = serde_json::to_string(&ErrorLine {
        nombre,
        ruta,
        error,
    });
    // Strings always serialize; the fallback only keeps this panic-free.
    let mut line =
        line.unwrap_or_else(|_| String::from("{\"error\":\"cannot serialize the error\"}"));
    line.push('\n');
    line
}
