//! Writes generated documents with known truth, for measuring the parser on
//! text it has never seen.
//!
//! ```text
//! cargo run --example generate -- --out DIR [--n 50] [--noise clean|seed|harsh] [--seed 7]
//! ```
//!
//! Writes `DIR/NAME.txt` and `DIR/truth/NAME.json`. Then run `poa-ocr` on
//! each `.txt` and score the outputs against `DIR/truth`.

#[allow(dead_code)]
#[path = "../common/generator/mod.rs"]
mod generator;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: generate --out DIR [--n 50] [--noise clean|seed|harsh] [--seed 7]";

fn main() -> ExitCode {
    let mut out: Option<PathBuf> = None;
    let mut n = 50usize;
    let mut noise = generator::Noise::Seed;
    let mut seed = 7u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| match args.next() {
            Some(v) => Ok(v),
            None => Err(format!("{name} needs a value")),
        };
        let r: Result<(), String> = match a.as_str() {
            "--out" => value("--out").map(|v| out = Some(PathBuf::from(v))),
            "--n" => {
                value("--n").and_then(|v| v.parse().map(|x| n = x).map_err(|e| format!("--n: {e}")))
            }
            "--seed" => value("--seed").and_then(|v| {
                v.parse()
                    .map(|x| seed = x)
                    .map_err(|e| format!("--seed: {e}"))
            }),
            "--noise" => value("--noise").and_then(|v| {
                generator::Noise::parse(&v)
                    .map(|x| noise = x)
                    .ok_or_else(|| format!("--noise: unknown level {v:?}"))
            }),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => Err(format!("unknown argument {other:?}")),
        };
        if let Err(e) = r {
            eprintln!("generate: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!("generate: --out is required\n{USAGE}");
        return ExitCode::from(2);
    };
    let truth_dir = out.join("truth");
    if let Err(e) = std::fs::create_dir_all(&truth_dir) {
        eprintln!("generate: {}: {e}", truth_dir.display());
        return ExitCode::FAILURE;
    }
    for g in generator::generate_set(n, noise, seed) {
        let json = match serde_json::to_string_pretty(&g.truth) {
            Ok(j) => j,
            Err(e) => {
                eprintln!("generate: {}: {e}", g.name);
                return ExitCode::FAILURE;
            }
        };
        let txt = out.join(format!("{}.txt", g.name));
        let truth = truth_dir.join(format!("{}.json", g.name));
        if let Err(e) =
            std::fs::write(&txt, &g.text).and_then(|_| std::fs::write(&truth, json + "\n"))
        {
            eprintln!("generate: {}: {e}", g.name);
            return ExitCode::FAILURE;
        }
    }
    println!(
        "wrote {n} documents ({} noise, seed {seed}) to {}",
        noise.name(),
        out.display()
    );
    ExitCode::SUCCESS
}
