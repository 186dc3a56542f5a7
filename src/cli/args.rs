//! The command line, defined once with clap's derive API.

use std::path::PathBuf;

use clap::Parser;

const EXAMPLES: &str = "\
Examples:
  Print one document's JSON:
    poa-ocr report.txt

  Convert an archive (every *.txt under it, recursively) into one NAME.json per input:
    poa-ocr archive/ -o json/

  One compact document per line, for jq or a database loader:
    poa-ocr --ndjson archive/ > documents.ndjson

  Stream records from stdin (one {\"nombre\": ..., \"texto\": ...} per line), e.g. as the map step
  of Spark's rdd.pipe() or of GNU parallel --pipe:
    poa-ocr --ndjson - < records.ndjson > documents.ndjson

  Read one raw document from stdin:
    tesseract scan.png - | poa-ocr -

Exit status:
  0  every input was converted
  1  some input failed: each failure is reported on stderr as 'poa-ocr: PATH: reason' and the
     other inputs are still converted (when streaming records, a bad record gives an error
     line instead and does not count; 1 then means stdin or stdout failed)
  2  usage error, or the catalog or the output directory cannot be used";

/// Turns the noisy OCR text of POA quarterly reports (form TMM-F004) into JSON.
///
/// Reads the OCR text of scanned "Programa Operativo Anual — Avance Físico Programático"
/// reports and prints one JSON document per input (schema poa-ocr/avance-fisico/1).
#[derive(Debug, Parser)]
#[command(name = "poa-ocr", version, after_long_help = EXAMPLES, after_help = "See 'poa-ocr --help' for examples.")]
pub struct Args {
    /// Files or directories to convert ('-' for stdin).
    ///
    /// A directory is searched recursively for *.txt files (any case), sorted by name; hidden
    /// entries are skipped and symbolic links to directories are not followed. A file named
    /// explicitly is read whatever its extension. '-' reads one raw document from stdin, or,
    /// with --ndjson, a stream of records (see --stdin-records).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Write one NAME.json per input into DIR instead of printing.
    ///
    /// DIR is created if needed. Files found in a directory keep their path relative to it
    /// (archive/2024/t1/x.txt -> DIR/2024/t1/x.json); a file argument goes at the top; clashing
    /// names (ignoring case) get -2, -3, ... in input order. Each file is written to a temporary
    /// .NAME.json.tmp-PID, synced and renamed, so no truncated .json is ever left, and an
    /// existing file is replaced only when complete. A target that is an input is refused.
    #[arg(short = 'o', long = "output-dir", value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// One compact JSON document per line; with '-', read records from stdin.
    ///
    /// A failed input prints {"nombre": ..., "ruta": ..., "error": ...} on its line (and a
    /// message on stderr), so there is exactly one line per input. With '-' as the only PATH,
    /// stdin is read as records (see --stdin-records).
    #[arg(long, conflicts_with_all = ["output_dir", "pretty", "compact"])]
    pub ndjson: bool,

    /// Read stdin as a stream of JSON records, one per line (implies --ndjson).
    ///
    /// A record is {"nombre": "x.txt", "texto": "..."}, or {"nombre": "x.txt", "bytes_base64":
    /// "..."} for input that is not UTF-8; "nombre" is optional, other fields are ignored. One
    /// line is printed per record, in input order: the document, or {"nombre": ..., "linea": N,
    /// "error": ...} for a record that fails (N is its line number). Records are converted in
    /// parallel with a bounded window, so memory stays flat however long the stream is. A bad
    /// record does not change the exit status.
    #[arg(long, conflicts_with_all = ["output_dir", "pretty", "compact"])]
    pub stdin_records: bool,

    /// Indent the JSON (default on a terminal, for one input, and with -o).
    #[arg(long, conflicts_with = "compact")]
    pub pretty: bool,

    /// One document per line (default for several inputs into a pipe).
    #[arg(long)]
    pub compact: bool,

    /// Use the catalog in FILE instead of the embedded one.
    ///
    /// FILE is JSON in the format of the embedded catalog (see the README, "Catalog format").
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// Inputs converted in parallel [default: number of CPUs].
    ///
    /// The output is in input order and the same whatever N is.
    #[arg(short = 'j', long = "threads", value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Largest input accepted, in bytes (K, M, G: powers of 1024).
    #[arg(long, value_name = "N", default_value = "64M", value_parser = parse_size)]
    pub max_bytes: usize,

    /// Longest line accepted, in bytes (K, M, G: powers of 1024).
    #[arg(long, value_name = "N", default_value = "1M", value_parser = parse_size)]
    pub max_line_bytes: usize,

    /// Keep descriptions, observations and out-of-catalog names as the OCR
    /// gave them (no lexicon correction; catalog matching still applies).
    #[arg(long)]
    pub no_text_correction: bool,

    /// Never show the progress bar.
    ///
    /// The bar is shown on stderr only when stderr is a terminal that the output does not go to,
    /// and more than 20 files are converted.
    #[arg(long)]
    pub no_progress: bool,
}

/// `1024`, `64K`, `64M`, `1G` (also `64MiB`, `64mb`): powers of 1024.
fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, suffix) = t.split_at(digits);
    let n: usize = num
        .parse()
        .map_err(|_| format!("'{s}' is not a size (examples: 65536, 512K, 64M)"))?;
    let shift = match suffix.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("'{s}' has an unknown unit (use K, M or G)")),
    };
    n.checked_mul(1usize << shift)
        .ok_or_else(|| format!("'{s}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert!(parse_size("x").is_err());
        assert!(parse_size("1T").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
