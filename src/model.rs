//! The output: field for field the JSON schema `poa-ocr/avance-fisico/1`
//! (a copy lives in `corpus/schema/avance-fisico.schema.json`).
//!
//! Keys are Spanish, the vocabulary of the form itself. Every type here
//! serializes with `serde`; numbers that are whole print without a decimal
//! point (`4`, not `4.0`).

use serde::{Deserialize, Serialize, Serializer};

/// The value of the `esquema` key.
pub const ESQUEMA: &str = "poa-ocr/avance-fisico/1";

/// One input document: its source, its reports and the avisos that belong to
/// no report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Documento {
    /// Always [`ESQUEMA`].
    pub esquema: String,
    /// Where the input came from.
    pub fuente: Fuente,
    /// One entry per report (a header page plus its continuation pages).
    pub reportes: Vec<Reporte>,
    /// Avisos outside any report (unassigned text, decoding notes, ...).
    pub avisos: Vec<Aviso>,
}

/// The input as it arrived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fuente {
    /// File name without its directory; `None` for stdin or memory.
    pub nombre: Option<String>,
    /// SHA-256 of the raw input bytes, lower-case hex.
    pub sha256: String,
    /// Size of the raw input in bytes.
    pub bytes: u64,
    /// Number of lines of the decoded text.
    pub lineas: u64,
}

/// A line range of the input, 1-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagina {
    /// First line of the page.
    pub linea_inicio: usize,
    /// Last line of the page.
    pub linea_fin: usize,
}

/// The reported quarter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periodo {
    /// 1 to 4.
    pub trimestre: u8,
    /// `ENERO-MARZO`, `ABRIL-JUNIO`, `JULIO-SEPTIEMBRE` or `OCTUBRE-DICIEMBRE`.
    pub nombre: String,
}

impl Periodo {
    /// The canonical names of the four quarters.
    pub const NOMBRES: [&'static str; 4] = [
        "ENERO-MARZO",
        "ABRIL-JUNIO",
        "JULIO-SEPTIEMBRE",
        "OCTUBRE-DICIEMBRE",
    ];

    /// The period of quarter `q` (1 to 4).
    ///
    /// ```
    /// let p = poa_ocr::Periodo::trimestre(2).unwrap();
    /// assert_eq!(p.nombre, "ABRIL-JUNIO");
    /// ```
    pub fn trimestre(q: u8) -> Option<Periodo> {
        let nombre = *Self::NOMBRES.get(usize::from(q).checked_sub(1)?)?;
        Some(Periodo {
            trimestre: q,
            nombre: nombre.to_string(),
        })
    }
}

/// Where a classification's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origen {
    /// Recognized against a catalog entry.
    Catalogo,
    /// No catalog entry fits: the cleaned OCR text.
    Texto,
    /// Not in the text; deduced (from the catalog or another page).
    Inferido,
}

/// A catalog value in a report: ramo, programa, unidad ejecutora, finalidad,
/// función, subfunción, eje or línea de acción.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clasificacion {
    /// Full, normalized key: `54`, `542`, `54202`, `2`, `4.5.3`.
    pub clave: String,
    /// Official name, upper case with accents.
    pub nombre: String,
    /// Acronym, only where the entry has one (`BISOM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siglas: Option<String>,
    /// Where the value came from.
    pub origen: Origen,
    /// 0 to 1.
    pub confianza: f64,
    /// The OCR text it came from; `None` when inferred.
    pub original: Option<String>,
}

/// One quarter of a table row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trimestre {
    /// Planned target; 0 for an empty cell of a legible row; `None` if unknown.
    #[serde(serialize_with = "num_opt")]
    pub programado: Option<f64>,
    /// Achieved; `None` after the reported quarter or if unknown.
    #[serde(serialize_with = "num_opt")]
    pub alcanzado: Option<f64>,
}

/// One row of the table METAS Y ACCIONES.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accion {
    /// Action number (100, 101, 309, ...).
    pub numero: i64,
    /// Text of the action, without its number.
    pub descripcion: String,
    /// PMD action-line keys printed on the row.
    pub lineas_accion: Vec<String>,
    /// Unit of measure.
    pub unidad_medida: Option<String>,
    /// Annual target.
    #[serde(serialize_with = "num_opt")]
    pub meta_anual: Option<f64>,
    /// Always four: ENE-MAR, ABR-JUN, JUL-SEP, OCT-DIC.
    pub trimestres: [Trimestre; 4],
    /// Achieved so far.
    #[serde(serialize_with = "num_opt")]
    pub avance_absoluto: Option<f64>,
    /// Achieved so far, percent of the annual target.
    #[serde(serialize_with = "num_opt")]
    pub avance_relativo: Option<f64>,
    /// Why a target was over- or under-met.
    pub observaciones: Option<String>,
    /// Input line where the row starts.
    pub linea: usize,
    /// Confidence in the alignment of the numeric cells, 0 to 1.
    pub confianza: f64,
    /// Row-level avisos.
    pub avisos: Vec<Aviso>,
}

/// Role of a signatory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cargo {
    /// RESPONSABLE DE LA UNIDAD EJECUTORA.
    UnidadEjecutora,
    /// RESPONSABLE DEL PROGRAMA.
    Programa,
    /// RESPONSABLE DEL RAMO.
    Ramo,
}

/// A signature block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Firma {
    /// Role.
    pub cargo: Cargo,
    /// Corrected name.
    pub nombre: String,
    /// The OCR text of the name.
    pub original: Option<String>,
    /// 0 to 1.
    pub confianza: f64,
}

/// A change made to the OCR text, for a person to review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Correccion {
    /// JSON-Pointer-style path inside the report: `/ramo/siglas`.
    pub campo: String,
    /// The text before.
    pub original: String,
    /// The text after.
    pub corregido: String,
    /// Rule or source: `catalogo`, `consenso`, `lexico`, `aritmetica`, ...
    pub motivo: String,
    /// Input line.
    pub linea: Option<usize>,
}

/// A stable-coded note on an inconsistency, a guess or a value outside the
/// catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aviso {
    /// Stable code, e.g. `FUERA_DE_CATALOGO`, `CELDA_INFERIDA`.
    pub codigo: String,
    /// Human-readable explanation (Spanish).
    pub mensaje: String,
    /// Input line.
    pub linea: Option<usize>,
}

impl Aviso {
    /// A new aviso.
    ///
    /// ```
    /// let a = poa_ocr::Aviso::new("CAMPO_FALTANTE", "falta el programa", Some(12));
    /// assert_eq!(a.codigo, "CAMPO_FALTANTE");
    /// ```
    pub fn new(codigo: &str, mensaje: impl Into<String>, linea: Option<usize>) -> Aviso {
        Aviso {
            codigo: codigo.to_string(),
            mensaje: mensaje.into(),
            linea,
        }
    }
}

/// One report: a header page plus the continuation pages after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reporte {
    /// Line ranges of the pages, in order.
    pub paginas: Vec<Pagina>,
    /// Municipality (`MEXICALI`).
    pub municipio: Option<String>,
    /// State (`BAJA CALIFORNIA`).
    pub estado: Option<String>,
    /// Administration number in Roman numerals (`XXV`).
    pub ayuntamiento: Option<String>,
    /// `PROGRAMA OPERATIVO ANUAL`.
    pub documento: Option<String>,
    /// Fiscal year.
    pub ejercicio: Option<i64>,
    /// Form code (`TMM-F004`).
    pub formato: Option<String>,
    /// `AVANCE FÍSICO PROGRAMÁTICO`.
    pub titulo: Option<String>,
    /// Reported quarter.
    pub periodo: Option<Periodo>,
    /// Budget branch.
    pub ramo: Option<Clasificacion>,
    /// Program.
    pub programa: Option<Clasificacion>,
    /// Executing unit.
    pub unidad_ejecutora: Option<Clasificacion>,
    /// CONAC finalidad.
    pub finalidad: Option<Clasificacion>,
    /// CONAC función.
    pub funcion: Option<Clasificacion>,
    /// CONAC subfunción.
    pub subfuncion: Option<Clasificacion>,
    /// PMD axes, in key order.
    pub ejes: Vec<Clasificacion>,
    /// PMD action lines of the header, in key order.
    pub lineas_accion: Vec<Clasificacion>,
    /// Table rows.
    pub acciones: Vec<Accion>,
    /// Signatures.
    pub firmas: Vec<Firma>,
    /// Every change made.
    pub correcciones: Vec<Correccion>,
    /// Report-level avisos.
    pub avisos: Vec<Aviso>,
}

/// Serializes whole numbers as integers (`4`) and the rest as floats.
fn num_opt<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match *v {
        Some(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 => {
            s.serialize_i64(x as i64)
        }
        Some(x) if x.is_finite() => s.serialize_f64(x),
        _ => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_print_as_integers() {
        let t = Trimestre {
            programado: Some(4.0),
            alcanzado: Some(2.5),
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"programado":4,"alcanzado":2.5}"#
        );
        let t = Trimestre {
            programado: None,
            alcanzado: Some(f64::NAN),
        };
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"programado":null,"alcanzado":null}"#
        );
    }

    #[test]
    fn periodo_names() {
        assert_eq!(Periodo::trimestre(4).unwrap().nombre, "OCTUBRE-DICIEMBRE");
        assert!(Periodo::trimestre(0).is_none());
        assert!(Periodo::trimestre(5).is_none());
    }
}
