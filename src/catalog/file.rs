//! The catalog's JSON file format and the embedded national catalogs.

use serde::Deserialize;

use super::{Catalog, Entry, Table, CONAC, INEGI};
use crate::error::{Error, ErrorKind};
use crate::text::upper;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CatalogFile {
    #[serde(rename = "_descripcion", default)]
    _descripcion: Option<String>,
    #[serde(default)]
    documentos: Vec<Nombre>,
    #[serde(default)]
    formatos: Vec<Formato>,
    #[serde(default)]
    ramos: Vec<EntryFile>,
    #[serde(default)]
    programas: Vec<EntryFile>,
    #[serde(default)]
    unidades_ejecutoras: Vec<EntryFile>,
    /// `finalidad.funcion.subfuncion` keys (`2`, `2.2`, `2.2.2`); absent: CONAC.
    #[serde(default)]
    clasificacion_funcional: Option<Vec<EntryFile>>,
    #[serde(default)]
    ejes: Vec<EntryFile>,
    #[serde(default)]
    lineas_accion: Vec<EntryFile>,
    #[serde(default)]
    unidades_medida: Vec<String>,
    #[serde(default)]
    firmantes: Vec<Nombre>,
    /// Absent: INEGI's 32 states.
    #[serde(default)]
    estados: Option<Vec<EntryFile>>,
    /// Absent: INEGI's municipalities.
    #[serde(default)]
    municipios: Option<Vec<EntryFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Nombre {
    nombre: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Formato {
    clave: String,
    #[serde(default)]
    titulo: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    clave: String,
    nombre: String,
    #[serde(default)]
    siglas: Option<String>,
    /// A programa's ramo.
    #[serde(default)]
    ramo: Option<String>,
    /// A unidad ejecutora's programas.
    #[serde(default)]
    programas: Vec<String>,
    /// A municipio's state key.
    #[serde(default)]
    estado: Option<String>,
}

impl EntryFile {
    fn into_entry(self) -> Result<Entry, Error> {
        if self.clave.trim().is_empty() || self.nombre.trim().is_empty() {
            return Err(Error::new(
                ErrorKind::Catalog,
                "catalog: an entry has an empty clave or nombre",
            ));
        }
        let mut padres = self.programas;
        padres.extend(self.ramo);
        padres.extend(self.estado);
        Ok(Entry {
            clave: self.clave.trim().to_string(),
            nombre: upper(self.nombre.trim()),
            siglas: self.siglas.map(|s| upper(s.trim())),
            padres,
        })
    }
}

fn entries(v: Vec<EntryFile>) -> Result<Vec<Entry>, Error> {
    v.into_iter().map(EntryFile::into_entry).collect()
}

#[derive(Deserialize)]
struct ConacFile {
    entradas: Vec<ConacEntry>,
}

#[derive(Deserialize)]
struct ConacEntry {
    clave: String,
    nombre_mayusculas: String,
}

#[derive(Deserialize)]
struct InegiFile {
    estados: Vec<InegiEstado>,
    municipios: Vec<InegiMunicipio>,
}

#[derive(Deserialize)]
struct InegiEstado {
    clave: String,
    nombre: String,
}

#[derive(Deserialize)]
struct InegiMunicipio {
    cve_ent: String,
    cve_mun: String,
    nombre: String,
}

fn conac() -> Vec<Entry> {
    let f: ConacFile = serde_json::from_str(CONAC).expect("the embedded CONAC catalog is valid");
    f.entradas
        .into_iter()
        .map(|e| Entry {
            clave: e.clave,
            nombre: e.nombre_mayusculas,
            siglas: None,
            padres: vec![],
        })
        .collect()
}

fn inegi() -> (Vec<Entry>, Vec<Entry>) {
    let f: InegiFile = serde_json::from_str(INEGI).expect("the embedded INEGI catalog is valid");
    let estados = f
        .estados
        .into_iter()
        .map(|e| Entry {
            clave: e.clave,
            nombre: upper(&e.nombre),
            siglas: None,
            padres: vec![],
        })
        .collect();
    let municipios = f
        .municipios
        .into_iter()
        .map(|m| Entry {
            clave: format!("{}{}", m.cve_ent, m.cve_mun),
            nombre: upper(&m.nombre),
            siglas: None,
            padres: vec![m.cve_ent],
        })
        .collect();
    (estados, municipios)
}

/// Splits `finalidad.funcion.subfuncion` entries by depth.
fn by_depth(all: Vec<Entry>) -> (Vec<Entry>, Vec<Entry>, Vec<Entry>) {
    let (mut a, mut b, mut c) = (vec![], vec![], vec![]);
    for e in all {
        match e.clave.split('.').count() {
            1 => a.push(e),
            2 => b.push(e),
            _ => c.push(e),
        }
    }
    (a, b, c)
}

impl CatalogFile {
    pub(super) fn into_catalog(self) -> Result<Catalog, Error> {
        let funcional = match self.clasificacion_funcional {
            Some(v) => entries(v)?,
            None => conac(),
        };
        let (finalidades, funciones, subfunciones) = by_depth(funcional);
        let (estados, municipios) = match (self.estados, self.municipios) {
            (Some(e), Some(m)) => (entries(e)?, entries(m)?),
            (e, m) => {
                let (de, dm) = inegi();
                (
                    e.map(entries).transpose()?.unwrap_or(de),
                    m.map(entries).transpose()?.unwrap_or(dm),
                )
            }
        };
        let firmantes = self
            .firmantes
            .into_iter()
            .enumerate()
            .map(|(i, n)| Entry {
                clave: i.to_string(),
                nombre: upper(n.nombre.trim()),
                siglas: None,
                padres: vec![],
            })
            .collect();
        Ok(Catalog {
            documentos: self
                .documentos
                .into_iter()
                .map(|n| upper(n.nombre.trim()))
                .collect(),
            formatos: self
                .formatos
                .into_iter()
                .map(|f| {
                    (
                        upper(f.clave.trim()),
                        f.titulo.map(|t| upper(t.trim())).unwrap_or_default(),
                    )
                })
                .collect(),
            ramos: Table::new(entries(self.ramos)?),
            programas: Table::new(entries(self.programas)?),
            unidades: Table::new(entries(self.unidades_ejecutoras)?),
            finalidades: Table::new(finalidades),
            funciones: Table::new(funciones),
            subfunciones: Table::new(subfunciones),
            ejes: Table::new(entries(self.ejes)?),
            lineas: Table::new(entries(self.lineas_accion)?),
            unidades_medida: self.unidades_medida,
            firmantes: Table::new(firmantes),
            estados: Table::new(estados),
            municipios: Table::new(municipios),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::Kind;
    use crate::Catalog;

    #[test]
    fn default_has_national_catalogs() {
        let c = Catalog::default();
        assert_eq!(c.entries(Kind::Finalidad).len(), 4);
        assert_eq!(c.entries(Kind::Funcion).len(), 28);
        assert_eq!(c.entries(Kind::Subfuncion).len(), 111);
        assert_eq!(c.entries(Kind::Estado).len(), 32);
        assert!(c.entries(Kind::Municipio).len() > 2400);
        assert!(c
            .entries(Kind::Municipio)
            .iter()
            .any(|m| m.nombre == "MEXICALI"));
    }

    #[test]
    fn rejects_unknown_sections_and_empty_keys() {
        assert!(Catalog::from_json(r#"{"ramoz": []}"#).is_err());
        assert!(Catalog::from_json(r#"{"ramos": [{"clave": "", "nombre": "X"}]}"#).is_err());
    }
}
