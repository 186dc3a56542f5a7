//! The `poa-ocr` command-line tool; see `poa-ocr --help`. The work is done by
//! the `poa_ocr` library; this binary only reads inputs, runs them in
//! parallel and writes the JSON.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
