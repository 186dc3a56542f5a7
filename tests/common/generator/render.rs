//! Layout: the plan written out as OCR text, page by page, with the truth
//! recorded as it is written (line numbers, printed originals, values the
//! damage made unreadable).

use serde_json::{json, Value};

use super::bank;
use super::noise::{self, Rates};
use super::plan::{cat_unit_has, Ent, Plan};
use super::rng::Rng;
use super::table::{self, Form, PageStyle};
use super::{data, Noise};

pub const QUARTERS: [&str; 4] = [
    "ENERO-MARZO",
    "ABRIL-JUNIO",
    "JULIO-SEPTIEMBRE",
    "OCTUBRE-DICIEMBRE",
];
const QUARTERS_TITLE: [&str; 4] = [
    "Enero - Marzo",
    "Abril - Junio",
    "Julio - Septiembre",
    "Octubre - Diciembre",
];
const QUARTERS_ABBR: [&str; 4] = ["Ene-Mar", "Abr-Jun", "Jul-Sep", "Oct-Dic"];
const ROLES: [&str; 3] = [
    "RESPONSABLE DE LA UNIDAD EJECUTORA",
    "RESPONSABLE DEL PROGRAMA",
    "RESPONSABLE DEL RAMO",
];
const CARGOS: [&str; 3] = ["unidad_ejecutora", "programa", "ramo"];

pub struct Render<'a> {
    plan: &'a Plan,
    tidy: bool,
    rates: Rates,
    /// Layout decisions.
    lay: Rng,
    /// Character noise.
    nz: Rng,
    pub lines: Vec<String>,
    pub no_eval: Vec<String>,
    pub ooc: Vec<String>,
    /// Misspelled prints left for each out-of-catalog signatory: always a
    /// minority of their prints, so the name stays recoverable by consensus.
    budget: Vec<usize>,
    printed_prog: Vec<bool>,
    printed_sub: Vec<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Fecha {
    Blank,
    Upper,
    Abbr,
    UpperYear,
    Title,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Head {
    H8,
    H10,
    Compact,
    Letters,
}

impl<'a> Render<'a> {
    pub fn new(plan: &'a Plan, level: Noise, lay: Rng, nz: Rng) -> Render<'a> {
        let budget = plan
            .persons
            .iter()
            .map(|p| p.prints.saturating_sub(1) / 2)
            .collect();
        Render {
            plan,
            tidy: level == Noise::Clean,
            rates: level.rates(),
            lay,
            nz,
            lines: Vec::new(),
            no_eval: Vec::new(),
            ooc: Vec::new(),
            budget,
            printed_prog: Vec::new(),
            printed_sub: Vec::new(),
        }
    }

    /// Probability of a piece of layout debris at this noise level.
    fn p(&self, x: f64) -> f64 {
        (x * self.rates.layout).min(0.9)
    }

    fn debris(&mut self, x: f64) -> bool {
        let p = self.p(x);
        !self.tidy && self.lay.chance(p)
    }

    fn push(&mut self, s: impl Into<String>) -> usize {
        self.lines.push(s.into());
        self.lines.len()
    }

    fn blank(&mut self, n: usize) {
        for _ in 0..n {
            self.lines.push(String::new());
        }
    }

    /// Fixed vocabulary: title lines, labels, headers.
    fn t(&mut self, s: &str) -> String {
        noise::words(&mut self.nz, s, self.rates.title, self.rates.accent)
    }

    /// Free text.
    fn free(&mut self, s: &str) -> String {
        noise::words(&mut self.nz, s, self.rates.text, self.rates.accent * 0.2)
    }

    /// An entity's name: catalog names take any noise, invented ones only
    /// what a lexicon can undo.
    fn name(&mut self, e: &Ent) -> String {
        if e.ooc {
            let known = |w: &str| data().known(w);
            noise::ooc_name(
                &mut self.nz,
                &e.nombre,
                self.rates.ooc,
                self.rates.accent,
                &known,
            )
        } else {
            noise::words(&mut self.nz, &e.nombre, self.rates.name, self.rates.accent)
        }
    }

    fn accents_only(&mut self, s: &str) -> String {
        noise::words(&mut self.nz, s, 0.0, self.rates.accent)
    }

    pub fn document(&mut self) -> Vec<Value> {
        let lead = if self.tidy {
            self.lay.below(2)
        } else {
            self.lay.below(5)
        };
        self.blank(lead);
        let mut out = Vec::new();
        for ri in 0..self.plan.reports.len() {
            if ri > 0 {
                self.page_break();
            }
            out.push(self.report(ri));
        }
        out
    }

    fn page_break(&mut self) {
        let n = if self.rates.layout > 1.5 {
            2 + self.lay.below(3)
        } else {
            3
        };
        self.blank(n);
    }

    fn title(&mut self) -> usize {
        let plan = self.plan;
        let ayto = self.t("AYUNTAMIENTO");
        let mun = noise::words(
            &mut self.nz,
            &plan.municipio,
            self.rates.name,
            self.rates.accent,
        );
        let edo = noise::words(
            &mut self.nz,
            &plan.estado,
            self.rates.name,
            self.rates.accent,
        );
        let start = self.push(format!("{} {ayto} DE {mun} DE {edo}", plan.ayuntamiento));
        let doc = self.t("PROGRAMA OPERATIVO ANUAL");
        self.push(format!("{doc} {}", plan.ejercicio));
        if self.debris(0.15) {
            self.blank(1);
        }
        let titulo = self.t("AVANCE FÍSICO PROGRAMÁTICO");
        self.push(titulo);
        start
    }

    fn fecha_lines(&mut self, form: Fecha) -> Vec<String> {
        let q = self.plan.q - 1;
        let label = self.t("FECHA:");
        let yy = self.plan.ejercicio % 100;
        match form {
            Fecha::Blank => {
                let spaced = QUARTERS[q].replace('-', " - ");
                vec![format!("{label} _____"), format!(" {}", self.t(&spaced))]
            }
            Fecha::Upper => vec![format!("{label} {}", self.t(QUARTERS[q]))],
            Fecha::Abbr => vec![format!("{}-{yy:02}", QUARTERS_ABBR[q])],
            Fecha::UpperYear => vec![format!(
                "{label} {} {}",
                self.t(QUARTERS[q]),
                self.plan.ejercicio
            )],
            Fecha::Title => vec![format!("{label} {}", self.t(QUARTERS_TITLE[q]))],
        }
    }

    fn report(&mut self, ri: usize) -> Value {
        let plan = self.plan;
        let rep = &plan.reports[ri];
        let n = rep.rows.len();
        let conts = if n >= 8 && self.lay.chance(0.3) {
            2
        } else if n >= 4 && self.lay.chance(0.4) {
            1
        } else {
            0
        };
        // Rows per page: every page gets at least one.
        let mut sizes = vec![1usize; conts + 1];
        for _ in 0..n - sizes.len() {
            let i = if self.lay.chance(0.5) {
                0
            } else {
                self.lay.below(sizes.len())
            };
            sizes[i] += 1;
        }
        let mut paginas = Vec::new();
        let mut row_lines = vec![0usize; n];
        let mut next_row = 0;

        // Header page.
        let start = self.title();
        let fecha = if self.tidy {
            *self
                .lay
                .pick(&[Fecha::Upper, Fecha::UpperYear, Fecha::Title])
        } else {
            [
                Fecha::Blank,
                Fecha::Upper,
                Fecha::Abbr,
                Fecha::UpperYear,
                Fecha::Title,
            ][self.lay.weighted(&[15, 25, 15, 20, 25])]
        };
        let fecha_after = fecha != Fecha::Abbr && self.debris(0.12);
        self.blank(1);
        let tmm = noise::code(&mut self.nz, "TMM-F004", self.rates.title * 1.5);
        self.push(tmm);
        if fecha == Fecha::Abbr {
            for l in self.fecha_lines(fecha) {
                self.push(l);
            }
        } else if !fecha_after {
            self.blank(1);
            for l in self.fecha_lines(fecha) {
                self.push(l);
            }
        }
        self.blank(1);
        let header = self.header_block(ri);
        self.blank(1);
        if fecha_after {
            for l in self.fecha_lines(fecha) {
                self.push(l);
            }
            self.blank(1);
        }
        for (page, &size) in sizes.iter().enumerate() {
            let page_start = if page == 0 {
                start
            } else {
                self.page_break();
                let s = self.title();
                self.blank(1);
                if self.debris(0.08) {
                    let f = self.t("FECHA:");
                    self.push(f);
                    self.blank(1);
                }
                s
            };
            let range = next_row..next_row + size;
            next_row += size;
            for (j, line) in self.table(ri, range) {
                row_lines[j] = line;
            }
            if page + 1 == sizes.len() {
                let n = if self.debris(0.2) { 2 } else { 1 };
                self.blank(n);
            } else if self.debris(0.2) {
                self.blank(1);
                let f = self.t("FECHA:");
                self.push(f);
            }
            if page + 1 < sizes.len() {
                paginas.push(json!({"linea_inicio": page_start, "linea_fin": self.lines.len()}));
            } else {
                let firmas = self.signatures(ri);
                paginas.push(json!({"linea_inicio": page_start, "linea_fin": self.lines.len()}));
                return self.report_truth(ri, paginas, header, firmas, &row_lines);
            }
        }
        unreachable!("a report has at least one page")
    }

    fn report_truth(
        &self,
        ri: usize,
        paginas: Vec<Value>,
        h: Header,
        firmas: Vec<Value>,
        row_lines: &[usize],
    ) -> Value {
        let plan = self.plan;
        let rep = &plan.reports[ri];
        let q = plan.q;
        let acciones: Vec<Value> = rep
            .rows
            .iter()
            .zip(row_lines)
            .map(|(row, &line)| {
                let trimestres: Vec<Value> = (0..4)
                    .map(|k| json!({"programado": row.v.p[k], "alcanzado": if k < q { json!(row.v.a[k]) } else { Value::Null }}))
                    .collect();
                json!({
                    "numero": row.numero,
                    "descripcion": row.desc,
                    "lineas_accion": row.lineas,
                    "unidad_medida": row.unidad,
                    "meta_anual": row.v.meta,
                    "trimestres": trimestres,
                    "avance_absoluto": row.v.abs,
                    "avance_relativo": row.v.rel,
                    "observaciones": row.obs,
                    "linea": line,
                    "confianza": 1.0,
                    "avisos": [],
                })
            })
            .collect();
        json!({
            "paginas": paginas,
            "municipio": plan.municipio,
            "estado": plan.estado,
            "ayuntamiento": plan.ayuntamiento,
            "documento": "PROGRAMA OPERATIVO ANUAL",
            "ejercicio": plan.ejercicio,
            "formato": "TMM-F004",
            "titulo": "AVANCE FÍSICO PROGRAMÁTICO",
            "periodo": {"trimestre": q, "nombre": QUARTERS[q - 1]},
            "ramo": h.ramo,
            "programa": h.programa,
            "unidad_ejecutora": h.unidad,
            "finalidad": h.funcs[0],
            "funcion": h.funcs[1],
            "subfuncion": h.funcs[2],
            "ejes": h.ejes,
            "lineas_accion": h.lineas,
            "acciones": acciones,
            "firmas": firmas,
            "correcciones": [],
            "avisos": [],
        })
    }

    // -----------------------------------------------------------------------
    // Classification block
    // -----------------------------------------------------------------------

    fn header_block(&mut self, ri: usize) -> Header {
        let plan = self.plan;
        let rep = &plan.reports[ri];
        let ramo = &plan.ramo;
        let prog = &plan.progs[rep.prog];
        let unit = &plan.units[rep.unit];
        let funcs = &plan.funcs[rep.prog];
        let base = format!("/reportes/{ri}");

        let blocks = self.debris(0.1);
        let sep = if self.tidy {
            *self.lay.pick(&[": ", "\t"])
        } else {
            [": ", "\t", " ", ":\t"][self.lay.weighted(&[50, 20, 20, 10])]
        };
        let ramo_no_clave = (!ramo.ooc || ri > 0) && self.debris(0.08);
        let unit_short = !blocks
            && unit.clave.len() > ramo.clave.len()
            && unit.clave.starts_with(&ramo.clave)
            && self.debris(0.2);

        // Can the programa be left out and still be known?
        let single_cat = !unit.ooc
            && data()
                .cat
                .entries(poa_ocr::catalog::Kind::UnidadEjecutora)
                .iter()
                .any(|e| e.clave == unit.clave && e.padres.len() == 1)
            && cat_unit_has(&unit.clave, &prog.clave);
        let earlier = plan.unit_progs[rep.unit].len() == 1
            && (0..ri).any(|rj| {
                plan.reports[rj].unit == rep.unit && self.printed_prog.get(rj) == Some(&true)
            });
        let drop_prog = blocks && (single_cat || earlier) && self.lay.chance(0.4);
        // The eje list starting one label early, on the SUBFUNCIÓN line: only
        // where an earlier report prints the same subfunción and no report
        // has another one under the same función (which this one prints).
        let sub_key = &plan.sub_keys[rep.prog];
        let fun_key = sub_key.rsplit_once('.').map_or("", |(f, _)| f);
        let sub_elsewhere = (0..ri).any(|rj| {
            &plan.sub_keys[plan.reports[rj].prog] == sub_key
                && self.printed_sub.get(rj) == Some(&true)
        }) && plan
            .sub_keys
            .iter()
            .all(|k| k == sub_key || k.rsplit_once('.').map_or("", |(f, _)| f) != fun_key);
        let pushed = !blocks && rep.ejes.len() >= 2 && sub_elsewhere && self.debris(0.12);
        let spill = !blocks && !pushed && rep.ejes.len() >= 2 && self.debris(0.08);
        self.printed_prog.push(!drop_prog);
        self.printed_sub.push(!pushed);

        // Printed values.
        let siglas = match &ramo.siglas {
            Some(s) if ramo.ooc => format!(" ({s})"),
            Some(s) => format!(
                " ({})",
                noise::words(&mut self.nz, s, self.rates.name * 3.0, 0.0)
            ),
            None => String::new(),
        };
        let ramo_name = self.name(ramo);
        let ramo_txt = if ramo_no_clave {
            format!("{ramo_name}{siglas}")
        } else {
            format!("{} {ramo_name}{siglas}", ramo.clave)
        };
        let prog_txt = if !prog.ooc && self.debris(0.04) {
            // A misread digit in the clave; the name, printed clean, tells.
            let bad = misread_clave(&mut self.lay, &prog.clave, true);
            format!("{bad} {}", self.accents_only(&prog.nombre))
        } else {
            format!("{} {}", prog.clave, self.name(prog))
        };
        let unit_clave = if unit_short {
            &unit.clave[ramo.clave.len()..]
        } else {
            unit.clave.as_str()
        };
        let unit_txt = format!("{unit_clave} {}", self.name(unit));
        let mut func_txt: Vec<String> = Vec::new();
        for (i, f) in funcs.iter().enumerate() {
            let unique = data()
                .cat
                .entries(poa_ocr::catalog::Kind::Subfuncion)
                .iter()
                .filter(|e| e.nombre == f.nombre)
                .count()
                == 1;
            if i == 2 && unique && self.debris(0.04) {
                let bad = misread_clave(&mut self.lay, &f.clave, false);
                func_txt.push(format!("{bad} {}", self.accents_only(&f.nombre)));
            } else {
                func_txt.push(format!("{} {}", f.clave, self.name(f)));
            }
        }
        let eje_txt: Vec<String> = rep
            .ejes
            .iter()
            .map(|e| format!("{} {}", e.clave, self.name(e)))
            .collect();
        let lin_txt: Vec<String> = rep
            .lineas
            .iter()
            .map(|l| format!("{} {}", l.clave, self.name(l)))
            .collect();

        // Labels.
        let tidy = self.tidy;
        let pick = |lay: &mut Rng, v: &[&'static str]| -> &'static str {
            if tidy {
                v[0]
            } else {
                lay.word(v)
            }
        };
        let l_fun = pick(&mut self.lay, &["FUNCIÓN", "FUNCION"]);
        let l_sub = pick(&mut self.lay, &["SUBFUNCIÓN", "SUBFUNCION"]);
        let l_lin = pick(
            &mut self.lay,
            &["LÍNEAS DE ACCIÓN", "LINEAS DE ACCION", "LINEAS DE ACCIÓN"],
        );
        let l_eje = if self.debris(0.04) {
            "EFE DE GOBIERNO"
        } else {
            "EJE DE GOBIERNO"
        };
        let labels: Vec<String> = [
            "RAMO",
            "PROGRAMA",
            "UNIDAD EJECUTORA",
            "FINALIDAD",
            l_fun,
            l_sub,
            l_eje,
            l_lin,
        ]
        .iter()
        .map(|l| self.t(l))
        .collect();

        if blocks {
            let colon = if self.lay.chance(0.6) { ":" } else { "" };
            self.push(format!("{}{colon}", labels[0]));
            for l in &labels[1..7] {
                self.push(l.clone());
            }
            self.blank(1);
            self.push(labels[7].clone());
            self.blank(1);
            let mut bullets = vec![ramo_txt.clone()];
            if !drop_prog {
                bullets.push(prog_txt.clone());
            }
            bullets.push(unit_txt.clone());
            bullets.extend(func_txt.iter().cloned());
            bullets.extend(eje_txt.iter().cloned());
            bullets.extend(lin_txt.iter().cloned());
            for b in bullets {
                self.push(format!("- {b}"));
            }
        } else {
            let line = |label: &str, value: &str| format!("{label}{sep}{value}");
            if self.debris(0.12) {
                self.push(format!("- {}:** {ramo_txt}", labels[0]));
            } else {
                self.push(line(&labels[0], &ramo_txt));
            }
            self.push(line(&labels[1], &prog_txt));
            self.push(line(&labels[2], &unit_txt));
            self.push(line(&labels[3], &func_txt[0]));
            self.push(line(&labels[4], &func_txt[1]));
            let eje_pre = if tidy { "" } else { *self.lay.pick(&["", " "]) };
            let mut rest: Vec<String> = eje_txt.clone();
            if pushed {
                self.push(line(&labels[5], &rest[0]));
                self.push(line(&labels[6], &rest[1]));
                rest.drain(..2);
            } else {
                self.push(line(&labels[5], &func_txt[2]));
                self.push(line(&labels[6], &rest[0]));
                rest.remove(0);
            }
            let spilled = if spill { rest.pop() } else { None };
            for e in rest {
                self.push(format!("{eje_pre}{e}"));
            }
            if self.debris(0.25) {
                self.blank(1);
            }
            let lin_pre = if tidy {
                " "
            } else {
                *self.lay.pick(&[" ", "", "- "])
            };
            if let Some(e) = spilled {
                self.push(line(&labels[7], &e));
                for l in &lin_txt {
                    self.push(format!("{lin_pre}{l}"));
                }
            } else {
                let form = if tidy {
                    self.lay.below(2)
                } else {
                    self.lay.weighted(&[50, 30, 20])
                };
                match form {
                    0 => {
                        self.push(line(&labels[7], &lin_txt[0]));
                        for l in &lin_txt[1..] {
                            self.push(format!("{lin_pre}{l}"));
                        }
                    }
                    1 => {
                        let label = format!("{}{}", labels[7], sep.trim_end_matches(['\t', ' ']));
                        self.push(label);
                        let pre = if lin_pre == " " { "" } else { lin_pre };
                        for l in &lin_txt {
                            self.push(format!("{pre}{l}"));
                        }
                    }
                    _ => {
                        self.push(labels[7].clone());
                        self.blank(1);
                        self.push(format!("- {}", lin_txt[0]));
                        for l in &lin_txt[1..] {
                            self.push(format!(" {l}"));
                        }
                    }
                }
            }
        }

        // Truth.
        let mut h = Header {
            ramo: clas(ramo, Some(&ramo_txt), false),
            programa: clas(prog, (!drop_prog).then_some(prog_txt.as_str()), drop_prog),
            unidad: clas(unit, Some(&unit_txt), false),
            funcs: [
                clas(&funcs[0], Some(&func_txt[0]), false),
                clas(&funcs[1], Some(&func_txt[1]), false),
                clas(&funcs[2], (!pushed).then_some(func_txt[2].as_str()), pushed),
            ],
            ejes: rep
                .ejes
                .iter()
                .zip(&eje_txt)
                .map(|(e, t)| clas(e, Some(t), false))
                .collect(),
            lineas: rep
                .lineas
                .iter()
                .zip(&lin_txt)
                .map(|(l, t)| clas(l, Some(t), false))
                .collect(),
        };
        if let Some(s) = &ramo.siglas {
            h.ramo["siglas"] = json!(s);
        }
        for (key, e) in [
            ("ramo", ramo),
            ("programa", prog),
            ("unidad_ejecutora", unit),
        ] {
            if e.ooc {
                self.ooc.push(format!("{base}/{key}"));
            }
        }
        for (i, e) in rep.ejes.iter().enumerate() {
            if e.ooc {
                self.ooc.push(format!("{base}/ejes/{i}"));
            }
        }
        for (i, l) in rep.lineas.iter().enumerate() {
            if l.ooc {
                self.ooc.push(format!("{base}/lineas_accion/{i}"));
            }
        }
        h
    }

    // -----------------------------------------------------------------------
    // Table
    // -----------------------------------------------------------------------

    fn table(&mut self, ri: usize, range: std::ops::Range<usize>) -> Vec<(usize, usize)> {
        let plan = self.plan;
        let q = plan.q;
        let head = if self.tidy {
            Head::H8
        } else {
            [Head::H8, Head::H10, Head::Compact, Head::Letters]
                [self.lay.weighted(&[50, 15, 20, 15])]
        };
        let tidy = self.tidy;
        let pick = |lay: &mut Rng, v: &[&'static str]| -> &'static str {
            if tidy {
                v[0]
            } else {
                lay.word(v)
            }
        };
        let mut la = pick(
            &mut self.lay,
            &[
                "LÍNEA DE ACCIÓN P.M.D.",
                "LINEA DE ACCIÓN P.M.D.",
                "LINEA DE ACCION P.M.D.",
            ],
        )
        .to_string();
        if self.debris(0.05) {
            la = la.replace("P.M.D.", "P.A.M.D.");
        }
        let ma = pick(&mut self.lay, &["METAS Y ACCIONES", "META Y ACCIONES"]);
        let per = pick(&mut self.lay, &["PERIODO", "P E R I O D O"]);
        let abs_l = pick(&mut self.lay, &["AVANCE ABSOLUTO", "AVANCE Absoluto"]);
        let trail = if self.lay.chance(0.5) { "\t" } else { "" };
        let gap = if matches!(head, Head::Compact) && self.lay.chance(0.6) {
            6
        } else {
            12
        };
        let l1 = format!(
            "{}\t{}\tUNIDAD MEDIDA\tMETA ANUAL\t{per}{}{}\tACUMULADO RELATIVO\tOBSERVACIONES{trail}",
            self.t(&la),
            self.t(ma),
            "\t".repeat(gap),
            self.t(abs_l)
        );
        self.push(l1);
        let months = "\t\t\t\tENE-MAR\t\tABR-JUN\t\tJUL-SEP\t\tOCT-DIC";
        match head {
            Head::H8 => {
                self.push(format!("{months}{}{trail}", "\t".repeat(8)));
                self.push(format!(
                    "\t\t\t\tP\tA\tP\tA\tP\tA\tP\tA{}{trail}",
                    "\t".repeat(7)
                ));
            }
            Head::H10 => {
                self.push(format!("{months}{}{trail}", "\t".repeat(8)));
                self.push(format!(
                    "\t\t\t\tP\tA\tP\tA\tP\tA\tP\tA\tP\tA{}{trail}",
                    "\t".repeat(5)
                ));
            }
            Head::Compact => {
                self.push(format!(
                    "\t\t\t\tENE-MAR\tABR-JUN\tJUL-SEP\tOCT-DIC\tP\tA\t\t\t{trail}"
                ));
            }
            Head::Letters => {
                let mut letters = vec!["E", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];
                if self.lay.chance(0.5) {
                    let i = self.lay.below(letters.len());
                    letters.remove(i);
                }
                self.push(format!("\t\t\t\t{}\t\t\t{trail}", letters.join("\t")));
            }
        }
        let form = match head {
            Head::Compact | Head::Letters => {
                if self.lay.chance(0.85) {
                    Form::Compact
                } else {
                    Form::Pairs
                }
            }
            _ => {
                if self.lay.chance(0.6) {
                    Form::Pairs
                } else {
                    Form::Compact
                }
            }
        };
        let style = PageStyle {
            form,
            runs: self.debris(0.3),
            zero_blank: self.lay.chance(0.8),
            future_zero: form == Form::Pairs && self.debris(0.08),
            extra_pair: if head == Head::H10 && form == Form::Pairs {
                Some(self.lay.chance(0.4))
            } else {
                None
            },
            thousands: self.lay.chance(0.3),
            pct_space: self.debris(0.1),
            repeat_tail: self.debris(0.1),
        };
        let num_fmt = if tidy {
            ".- "
        } else {
            [".- ", " - ", ".-"][self.lay.weighted(&[60, 25, 15])]
        };
        let pmd_sep = *self.lay.pick(&[", ", " "]);
        let num_in_pmd = self.debris(0.07);
        let trailing = self.lay.below(4);
        let damage = if tidy { 0.0 } else { self.rates.cells };

        let mut out = Vec::new();
        for j in range {
            let row = &plan.reports[ri].rows[j];
            let cells = table::cells(&row.v, q, &style, damage, &mut self.lay);
            let base = format!("/reportes/{ri}/acciones/{j}");
            for s in &cells.lost {
                self.no_eval.push(format!("{base}{s}"));
            }
            let desc = self.free(&row.desc);
            let (c0, c1) = if num_in_pmd {
                self.no_eval.push(format!("{base}/lineas_accion"));
                (row.numero.to_string(), desc)
            } else {
                let mut pmd = row.lineas.join(pmd_sep);
                if self.debris(0.04) {
                    pmd.push('.');
                }
                let f = if !tidy && self.lay.chance(0.12) {
                    ".-"
                } else {
                    num_fmt
                };
                (pmd, format!("{}{f}{desc}", row.numero))
            };
            let unit = if row.unit_known {
                noise::words(
                    &mut self.nz,
                    &row.unidad,
                    self.rates.name,
                    self.rates.accent,
                )
            } else {
                self.accents_only(&row.unidad)
            };
            let obs = row.obs.as_deref().map(|o| self.free(o)).unwrap_or_default();
            let mut parts = vec![c0, c1, unit];
            parts.extend(cells.cells);
            parts.push(obs);
            let line = format!("{}{}", parts.join("\t"), "\t".repeat(trailing));
            let ln = self.push(line);
            out.push((j, ln));
        }
        out
    }

    // -----------------------------------------------------------------------
    // Signatures
    // -----------------------------------------------------------------------

    fn signatures(&mut self, ri: usize) -> Vec<Value> {
        let plan = self.plan;
        let rep = &plan.reports[ri];
        let gap = if self.debris(0.2) { 2 } else { 1 };
        let indent = if self.lay.chance(0.35) { " " } else { "" };
        let scribbles = self.debris(0.3);
        let after = if self.tidy {
            self.lay.weighted(&[80, 20, 0])
        } else {
            self.lay.weighted(&[60, 25, 15])
        };
        let mut out = Vec::new();
        for k in 0..3 {
            if k > 0 {
                self.blank(gap);
            }
            let pi = rep.firmas[k];
            let person = &plan.persons[pi];
            if scribbles {
                let s = if self.lay.chance(0.3) {
                    let first = person.nombre.split(' ').next().unwrap_or("");
                    let mut c = first.chars();
                    match c.next() {
                        Some(f) => format!("{f}{}", c.as_str().to_lowercase()),
                        None => "Shuel".to_string(),
                    }
                } else {
                    self.lay.pick(bank::SCRIBBLES).to_string()
                };
                self.push(s);
            }
            let printed = self.firma_name(pi);
            self.push(format!("{indent}{printed}"));
            let mut role = self.t(ROLES[k]);
            if k == 2 && self.debris(0.05) {
                role = role.replace("RAMO", "RÁMO");
            }
            self.push(format!("{indent}{role}"));
            match after {
                1 => {
                    let l = self.t("NOMBRE Y FIRMA");
                    self.push(format!("{indent}{l}"));
                }
                2 if self.lay.chance(0.5) => {
                    let d = self.lay.pick(bank::ROLE_DEBRIS).to_string();
                    self.push(d);
                }
                _ => {}
            }
            if person.ooc {
                self.ooc.push(format!("/reportes/{ri}/firmas/{k}"));
            }
            out.push(json!({"cargo": CARGOS[k], "nombre": person.nombre, "original": printed.trim(), "confianza": 1.0}));
        }
        out
    }

    fn firma_name(&mut self, pi: usize) -> String {
        let person = &self.plan.persons[pi];
        if self.tidy {
            return person.nombre.clone();
        }
        if self.nz.chance(self.rates.firma) {
            if !person.ooc {
                let heavy = self.nz.chance(0.2);
                return noise::firma(&mut self.nz, &person.nombre, heavy, bank::FIRST_NAMES);
            }
            if self.budget[pi] > 0 {
                self.budget[pi] -= 1;
                return noise::firma(&mut self.nz, &person.nombre, false, bank::FIRST_NAMES);
            }
        }
        self.accents_only(&person.nombre.clone())
    }
}

pub struct Header {
    ramo: Value,
    programa: Value,
    unidad: Value,
    funcs: [Value; 3],
    ejes: Vec<Value>,
    lineas: Vec<Value>,
}

fn clas(e: &Ent, original: Option<&str>, inferred: bool) -> Value {
    let origen = if inferred {
        "inferido"
    } else if e.ooc {
        "texto"
    } else {
        "catalogo"
    };
    json!({
        "clave": e.clave,
        "nombre": e.nombre,
        "origen": origen,
        "confianza": if inferred { 0.8 } else { 1.0 },
        "original": original,
    })
}

/// The clave with one digit misread. With `avoid_programas`, never into
/// another catalog programa; a subfunción may turn into a sibling's clave
/// (as in the seed), its unique name decides.
fn misread_clave(r: &mut Rng, clave: &str, avoid_programas: bool) -> String {
    let digits: Vec<char> = clave.chars().collect();
    for _ in 0..20 {
        let i = r.below(digits.len());
        let d = (b'0' + r.below(10) as u8) as char;
        if d == digits[i] || (i == 0 && d == '0') {
            continue;
        }
        let mut v = digits.clone();
        v[i] = d;
        let s: String = v.into_iter().collect();
        let clash = avoid_programas
            && data()
                .cat
                .entries(poa_ocr::catalog::Kind::Programa)
                .iter()
                .any(|e| e.clave == s);
        if !clash {
            return s;
        }
    }
    clave.to_string()
}
