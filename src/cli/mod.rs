//! The `poa-ocr` command: argument checks, then files or a record stream.

mod args;
mod base64;
mod files;
mod input;
mod ordered;
mod output;
mod records;
mod report;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::{CommandFactory, Parser as _};
use poa_ocr::{Catalog, Limits, Parser};

use args::Args;
use files::Format;

/// Runs the command and maps the result to the exit status: 0 all inputs
/// converted, 1 some failed, 2 usage or setup error.
pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) => {
            eprintln!("poa-ocr: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> anyhow::Result<bool> {
    let stdin_args = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if args.paths.is_empty() && !args.stdin_records {
        usage_error(
            clap::error::ErrorKind::MissingRequiredArgument,
            "no input: give one or more files or directories, or '-' for stdin",
        );
    }
    if stdin_args > 1 {
        usage_error(
            clap::error::ErrorKind::ArgumentConflict,
            "'-' (stdin) can be given only once",
        );
    }
    let records = args.stdin_records || (args.ndjson && stdin_args == 1);
    if records && args.paths.len() > stdin_args {
        usage_error(
            clap::error::ErrorKind::ArgumentConflict,
            "records from stdin ('-' with --ndjson, or --stdin-records) cannot be mixed with files",
        );
    }
    let catalog = match &args.catalog {
        Some(path) => load_catalog(path)?,
        None => Catalog::default(),
    };
    let limits = Limits {
        max_bytes: args.max_bytes,
        max_line_bytes: args.max_line_bytes,
    };
    let parser = Parser::new(catalog)
        .with_limits(limits)
        .with_text_correction(!args.no_text_correction);
    let threads = match args.threads {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    if records {
        return records::run(&parser, threads, args.max_bytes);
    }
    let format = if args.ndjson {
        Some(Format::Ndjson)
    } else if args.pretty {
        Some(Format::Pretty)
    } else if args.compact {
        Some(Format::Compact)
    } else {
        None
    };
    let opts = files::Options {
        format,
        output_dir: args.output_dir,
        threads,
        progress: !args.no_progress,
        max_bytes: args.max_bytes,
    };
    files::run(&parser, &args.paths, &opts)
}

fn load_catalog(path: &Path) -> anyhow::Result<Catalog> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the catalog {}", path.display()))?;
    Catalog::from_json(&text)
        .with_context(|| format!("the catalog {} is not valid", path.display()))
}

/// Prints a usage error the way clap does and exits with status 2.
fn usage_error(kind: clap::error::ErrorKind, message: &str) -> ! {
    Args::command().error(kind, message).exit()
}
