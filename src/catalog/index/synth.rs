//! Generated catalogs and OCR-noisy queries, for the index's tests and the
//! `lookup` benchmark (which includes this file with `#[path]`).
//!
//! Names are composed from a Spanish word bank: administrative words first,
//! then words of the project's lexicon, drawn with Zipf frequencies, with
//! function words (`DE`, `LA`, `Y`, ...) in between, 1 to 20 words long. So
//! the catalog has what makes real ones hard: a few words in a large share of
//! the names, and one-word names next to twenty-word ones.
#![allow(dead_code)]

const LEXICON: &str = include_str!("../../../corpus/lexicon/wspanish.txt");

/// Administrative vocabulary, the most frequent content words.
const DOMAIN: &[&str] = &[
    "DESARROLLO",
    "SOCIAL",
    "MUNICIPAL",
    "PROGRAMA",
    "DIRECCIÓN",
    "DEPARTAMENTO",
    "ATENCIÓN",
    "FORTALECIMIENTO",
    "INFRAESTRUCTURA",
    "SERVICIOS",
    "GESTIÓN",
    "ADMINISTRACIÓN",
    "PÚBLICA",
    "COMUNITARIO",
    "PARTICIPACIÓN",
    "CIUDADANA",
    "SEGURIDAD",
    "EDUCACIÓN",
    "SALUD",
    "CULTURA",
    "DEPORTE",
    "VIVIENDA",
    "URBANO",
    "RURAL",
    "OBRAS",
    "FINANZAS",
    "PRESUPUESTO",
    "TRANSPARENCIA",
    "PROTECCIÓN",
    "CIVIL",
    "MEDIO",
    "AMBIENTE",
    "AGUA",
    "POTABLE",
    "ALUMBRADO",
    "VIALIDADES",
    "ESPACIOS",
    "SEGUROS",
    "IGUALDAD",
    "INCLUSIÓN",
    "MUJERES",
    "HOMBRES",
    "JUVENTUD",
    "INFANCIAS",
    "PERSONAS",
    "MAYORES",
    "DISCAPACIDAD",
    "BIENESTAR",
    "ECONÓMICO",
    "EMPLEO",
    "CAPACITACIÓN",
    "PROMOCIÓN",
    "TURISMO",
    "INVERSIÓN",
    "MODERNIZACIÓN",
    "CATASTRO",
    "REGISTRO",
    "COORDINACIÓN",
    "PLANEACIÓN",
    "EVALUACIÓN",
    "SEGUIMIENTO",
    "CONTROL",
    "AUDITORÍA",
    "JURÍDICO",
    "SINDICATURA",
    "REGIDURÍA",
    "SECRETARÍA",
    "TESORERÍA",
    "OFICIALÍA",
    "MAYOR",
    "COMUNICACIÓN",
    "INFORMACIÓN",
    "TECNOLOGÍAS",
    "INNOVACIÓN",
    "GOBIERNO",
    "DIGITAL",
    "MOVILIDAD",
    "TRANSPORTE",
    "MANTENIMIENTO",
    "REHABILITACIÓN",
    "CONSTRUCCIÓN",
    "PAVIMENTACIÓN",
    "DRENAJE",
    "LIMPIA",
    "PARQUES",
    "JARDINES",
    "PANTEONES",
    "MERCADOS",
    "RASTRO",
    "BOMBEROS",
    "POLICÍA",
    "TRÁNSITO",
    "PREVENCIÓN",
    "DELITO",
    "ADICCIONES",
    "NUTRICIÓN",
    "CUIDADO",
    "FAMILIA",
    "ASISTENCIA",
    "INTEGRAL",
    "HUMANO",
    "ESTRATÉGICO",
    "REINGENIERÍA",
    "GASTO",
    "DATOS",
    "PERSONALES",
    "SOLICITUDES",
    "ACCESO",
    "PLATAFORMA",
    "FOCALIZADA",
    "VINCULACIÓN",
    "COMUNITARIA",
    "ARTÍSTICA",
    "RECREATIVA",
    "CULTURAL",
    "EDUCATIVA",
    "PRODUCTIVAS",
    "FINANCIERAS",
    "EMPLEABILIDAD",
    "FORMACIÓN",
    "VIDA",
    "SALUDABLE",
    "ESTILOS",
    "PRIMEROS",
    "DÍAS",
    "ZONAS",
    "PRIORITARIA",
    "COLONIAS",
    "POPULARES",
    "ASENTAMIENTOS",
    "REGULARIZACIÓN",
    "TENENCIA",
    "TIERRA",
    "ECOLOGÍA",
    "RESIDUOS",
    "SÓLIDOS",
    "ENERGÍA",
    "RENOVABLE",
    "CAMBIO",
    "CLIMÁTICO",
    "RIESGOS",
];

/// Function words, most frequent first.
const FUNCTION: &[&str] = &[
    "DE", "Y", "LA", "DEL", "PARA", "LOS", "LAS", "EN", "EL", "CON", "A", "AL", "POR", "E",
];

/// SplitMix64: small, fast, and the same on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Content words with Zipf weights.
#[derive(Clone, Debug)]
pub struct Bank {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Bank {
    /// The domain words followed by `extra` words of the lexicon (chosen by
    /// `seed`), weighted `1 / rank`.
    pub fn new(extra: usize, seed: u64) -> Bank {
        let mut rng = Rng::new(seed);
        let lexicon: Vec<&str> = LEXICON.lines().filter(|w| w.chars().count() >= 4).collect();
        let mut words: Vec<String> = DOMAIN.iter().map(|w| w.to_string()).collect();
        for _ in 0..extra {
            if let Some(w) = lexicon.get(rng.below(lexicon.len())) {
                words.push(w.to_uppercase());
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Bank { words, cumulative }
    }

    /// A content word drawn by frequency.
    pub fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.unit() * total;
        let i = self
            .cumulative
            .partition_point(|&c| c <= x)
            .min(self.words.len().saturating_sub(1));
        self.words.get(i).map_or("X", String::as_str)
    }

    /// A name of 1 to 20 words.
    pub fn name(&self, rng: &mut Rng) -> String {
        let n = match rng.below(100) {
            0..=11 => 1,
            12..=29 => 2 + rng.below(2),
            30..=69 => 4 + rng.below(5),
            _ => 9 + rng.below(12),
        };
        let mut words: Vec<&str> = Vec::with_capacity(n);
        let mut function = false;
        while words.len() < n {
            if !words.is_empty() && !function && words.len() + 1 < n && rng.chance(0.35) {
                // Function words follow Zipf too: DE is the most frequent.
                let k = (rng.unit() * rng.unit() * FUNCTION.len() as f64) as usize;
                words.push(FUNCTION[k.min(FUNCTION.len() - 1)]);
                function = true;
            } else {
                words.push(self.word(rng));
                function = false;
            }
        }
        words.join(" ")
    }

    /// `n` names.
    pub fn names(&self, n: usize, seed: u64) -> Vec<String> {
        let mut rng = Rng::new(seed);
        (0..n).map(|_| self.name(&mut rng)).collect()
    }
}

/// Pairs of characters an OCR engine confuses.
const CONFUSIONS: &[(char, char)] = &[
    ('O', '0'),
    ('I', '1'),
    ('I', 'L'),
    ('L', '1'),
    ('M', 'N'),
    ('S', '5'),
    ('B', '8'),
    ('E', 'C'),
    ('U', 'V'),
    ('D', 'O'),
    ('H', 'N'),
    ('G', '6'),
];

/// Strips the usual Spanish accents.
fn strip(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'Á' => 'A',
            'É' => 'E',
            'Í' => 'I',
            'Ó' => 'O',
            'Ú' | 'Ü' => 'U',
            c => c,
        })
        .collect()
}

/// Swaps two adjacent characters at a random place (none if fewer than
/// two): what can hide a pair from a distance bound just past it.
pub fn swap_adjacent(chars: &mut [char], rng: &mut Rng) {
    let at = rng.below(chars.len().max(2) - 1);
    if at + 1 < chars.len() {
        chars.swap(at, at + 1);
    }
}

/// A noisy OCR reading of `name`: character confusions, dropped, doubled and
/// swapped letters, accent loss, and sometimes a wrong word or two, a
/// truncation, a prefixed code or a lost space.
pub fn noisy(name: &str, bank: &Bank, rng: &mut Rng) -> String {
    let mut words: Vec<String> = name.split(' ').map(str::to_string).collect();
    let n = words.len();
    if n >= 6 && rng.chance(0.2) {
        for _ in 0..1 + rng.below(2) {
            let i = rng.below(n);
            words[i] = bank.word(rng).to_string();
        }
    }
    if n >= 4 && rng.chance(0.2) {
        let drop = 1 + rng.below((n * 3 / 10).max(1));
        words.truncate(n - drop);
    }
    let mut s = words.join(" ");
    if rng.chance(0.2) {
        let code = match rng.below(3) {
            0 => format!("{}", 100 + rng.below(900)),
            1 => format!(
                "{}.{}.{}",
                1 + rng.below(9),
                1 + rng.below(9),
                1 + rng.below(9)
            ),
            _ => format!("{}", 10000 + rng.below(90000)),
        };
        s = format!("{code} {s}");
    }
    if rng.chance(0.5) {
        s = strip(&s);
    }
    let mut chars: Vec<char> = s.chars().collect();
    if rng.chance(0.1) {
        // A lost space: two words run together.
        let spaces: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == ' ').collect();
        if !spaces.is_empty() {
            chars.remove(spaces[rng.below(spaces.len())]);
        }
    }
    let edits = 1 + rng.below(1 + chars.len() / 12);
    for _ in 0..edits {
        if chars.len() < 2 {
            break;
        }
        let i = rng.below(chars.len());
        if !chars[i].is_alphanumeric() {
            continue;
        }
        match rng.below(6) {
            0 | 1 => {
                let c = chars[i];
                let options: Vec<char> = CONFUSIONS
                    .iter()
                    .filter_map(|&(a, b)| {
                        if a == c {
                            Some(b)
                        } else if b == c {
                            Some(a)
                        } else {
                            None
                        }
                    })
                    .collect();
                if !options.is_empty() {
                    chars[i] = options[rng.below(options.len())];
                }
            }
            2 => {
                chars.remove(i);
            }
            3 => {
                let c = chars[i];
                chars.insert(i, c);
            }
            4 if i + 1 < chars.len() => chars.swap(i, i + 1),
            _ => chars[i] = (b'A' + rng.below(26) as u8) as char,
        }
    }
    chars.into_iter().collect()
}
