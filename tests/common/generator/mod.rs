//! A deterministic generator of noisy TMM-F004 documents with known truth.
//!
//! [`generate`] writes the OCR-like text of a document of one to eight
//! reports and the JSON the parser should produce for it (schema
//! `poa-ocr/avance-fisico/1`, like `corpus/gold/`), from a seed number. The
//! documents vary what the product will meet in the wild: other units,
//! programas and ramos (also outside the catalog), any quarter, other years
//! and municipalities, every layout variant the seed shows, and three levels
//! of OCR damage.
//!
//! ```ignore
//! let g = generate(&GenConfig::new(7, Noise::Seed));
//! std::fs::write(format!("{}.txt", g.name), &g.text)?;
//! ```
//!
//! The truth never asks for the impossible: a value the damage made
//! unreadable goes to `_no_evaluar`, out-of-catalog names get only noise a
//! lexicon or consensus can undo, and a value left out of a header is left
//! out only where the catalog or another report of the document tells it.

mod bank;
mod noise;
mod plan;
mod render;
mod rng;
mod table;

use std::collections::HashSet;
use std::sync::OnceLock;

use poa_ocr::catalog::Kind;
use poa_ocr::text::{fold, upper};
use poa_ocr::Catalog;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub use noise::Rates;
pub use rng::{mix, Rng};

/// How badly the OCR damaged the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Noise {
    /// No character noise, tidy layout.
    Clean,
    /// About the seed's density of errors and layout debris.
    Seed,
    /// Clearly worse than the seed: 2-3 times the errors, more damage.
    Harsh,
}

impl Noise {
    pub fn name(self) -> &'static str {
        match self {
            Noise::Clean => "clean",
            Noise::Seed => "seed",
            Noise::Harsh => "harsh",
        }
    }

    pub fn parse(s: &str) -> Option<Noise> {
        match s {
            "clean" => Some(Noise::Clean),
            "seed" => Some(Noise::Seed),
            "harsh" => Some(Noise::Harsh),
            _ => None,
        }
    }

    pub fn rates(self) -> Rates {
        match self {
            Noise::Clean => Rates {
                title: 0.0,
                name: 0.0,
                ooc: 0.0,
                text: 0.0,
                accent: 0.0,
                firma: 0.0,
                layout: 0.0,
                cells: 0.0,
            },
            Noise::Seed => Rates {
                title: 0.025,
                name: 0.025,
                ooc: 0.12,
                text: 0.008,
                accent: 0.06,
                firma: 0.45,
                layout: 1.0,
                cells: 0.15,
            },
            Noise::Harsh => Rates {
                title: 0.07,
                name: 0.08,
                ooc: 0.3,
                text: 0.02,
                accent: 0.15,
                firma: 0.8,
                layout: 2.0,
                cells: 0.35,
            },
        }
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenConfig {
    pub seed: u64,
    pub noise: Noise,
    /// Fewest and most reports in the document.
    pub reports: (usize, usize),
    /// The reported quarter; `None`: drawn from 1-4.
    pub quarter: Option<u8>,
    /// Share of entities drawn from outside the catalog.
    pub out_of_catalog: f64,
}

impl GenConfig {
    pub fn new(seed: u64, noise: Noise) -> GenConfig {
        GenConfig {
            seed,
            noise,
            reports: (1, 8),
            quarter: None,
            out_of_catalog: 0.2,
        }
    }
}

/// A generated document and its truth.
#[derive(Clone, Debug)]
pub struct Generated {
    /// File stem; the truth's `fuente.nombre` is `NAME.txt`.
    pub name: String,
    pub text: String,
    pub truth: Value,
    /// JSON pointers of the truth values that are outside the catalog.
    pub ooc: Vec<String>,
}

/// Data shared by every generation: the default catalog, its units of
/// measure and the words a lexicon-based corrector could know.
pub(crate) struct Data {
    pub cat: Catalog,
    pub units: Vec<String>,
    /// (municipio, estado), upper case, from the INEGI catalog.
    pub municipios: Vec<(String, String)>,
    known: HashSet<String>,
}

impl Data {
    /// Whether a word is in the Spanish lexicon or the catalog's vocabulary.
    pub fn known(&self, w: &str) -> bool {
        self.known.contains(&fold(w))
    }
}

const CATALOG_JSON: &str = include_str!("../../../corpus/catalog/bisom-mexicali-2026.json");
const LEXICON: &str = include_str!("../../../corpus/lexicon/wspanish.txt");

pub(crate) fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| {
        let cat = Catalog::default();
        let json: Value = serde_json::from_str(CATALOG_JSON).unwrap_or(Value::Null);
        let units = json["unidades_medida"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|u| u.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let estados = cat.entries(Kind::Estado);
        let municipios = cat
            .entries(Kind::Municipio)
            .iter()
            .filter(|m| m.nombre.chars().count() <= 28 && !m.nombre.contains(','))
            .filter_map(|m| {
                let e = estados
                    .iter()
                    .find(|e| m.padres.first() == Some(&e.clave))?;
                Some((upper(&m.nombre), upper(&e.nombre)))
            })
            .collect();
        let mut known: HashSet<String> = LEXICON.lines().map(fold).collect();
        known.extend(cat.vocabulary().map(fold));
        Data {
            cat,
            units,
            municipios,
            known,
        }
    })
}

/// Generates one document.
pub fn generate(cfg: &GenConfig) -> Generated {
    generate_named(cfg, format!("gen-{}-{:016x}", cfg.noise.name(), cfg.seed))
}

fn generate_named(cfg: &GenConfig, name: String) -> Generated {
    let mut root = Rng::new(cfg.seed);
    // Separate streams: the same seed gives the same content at every noise level.
    let mut content = root.fork(1);
    let lay = root.fork(2);
    let nz = root.fork(3);
    let mut misc = root.fork(4);
    let plan = plan::plan(cfg, &mut content);
    let mut r = render::Render::new(&plan, cfg.noise, lay, nz);
    let reportes = r.document();
    let crlf = cfg.noise != Noise::Clean && misc.chance(0.1);
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut text = r.lines.join(eol);
    if misc.chance(0.5) {
        text.push_str(eol);
    }
    let mut no_eval = r.no_eval.clone();
    no_eval.sort();
    no_eval.dedup();
    let ooc = r.ooc.clone();
    let truth = json!({
        "esquema": "poa-ocr/avance-fisico/1",
        "fuente": {
            "nombre": format!("{name}.txt"),
            "sha256": hex(&Sha256::digest(text.as_bytes())),
            "bytes": text.len(),
            "lineas": text.lines().count(),
        },
        "reportes": reportes,
        "avisos": [],
        "_no_evaluar": no_eval,
        "_ooc": ooc,
    });
    Generated {
        name,
        text,
        truth,
        ooc,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` documents of a fixed mix: one to eight reports (one or two for every
/// fifth), any quarter, 0-35% of entities out of the catalog.
pub fn generate_set(n: usize, noise: Noise, seed: u64) -> Vec<Generated> {
    (0..n)
        .map(|i| {
            let cfg = GenConfig {
                seed: mix(seed ^ mix(i as u64)),
                noise,
                reports: if i % 5 == 4 { (1, 2) } else { (1, 8) },
                quarter: None,
                out_of_catalog: [0.0, 0.1, 0.2, 0.35][i % 4],
            };
            generate_named(&cfg, format!("gen-{}-{seed}-{i:03}", noise.name()))
        })
        .collect()
}
