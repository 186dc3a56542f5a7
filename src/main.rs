//! The `poa-ocr` command. PLACEHOLDER: one file to stdout.

use std::process::ExitCode;

fn main() -> ExitCode {
    let parser = poa_ocr::Parser::new(poa_ocr::Catalog::default());
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: poa-ocr FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("poa-ocr: {path}: {e}");
            return ExitCode::from(1);
        }
    };
    match parser.parse(&bytes, Some(&path)) {
        Ok(doc) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&doc).expect("a Documento always serializes")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("poa-ocr: {path}: {e}");
            ExitCode::from(1)
        }
    }
}
