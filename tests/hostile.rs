//! Hostile inputs: what an archive that contains everything throws at the
//! parser (empty scans, binary junk, other encodings, other documents,
//! gigantic files), each with its expected behaviour asserted precisely.
//! Every document produced must validate against the published schema and
//! account for every non-blank input line.
//!
//! The last tests drive the `poa-ocr` binary with `-o DIR` and check that no
//! truncated `.json` is ever left behind, even when the run is killed.

mod robust;

use std::time::Instant;

use poa_ocr::{Catalog, Documento, ErrorKind, Limits, Parser};
use robust::{accounted, assert_valid, doc_codes, parser, reports_json, SEED};

/// Parses `bytes` with the default parser, checks the invariants every
/// document must keep, and returns it.
fn parse_ok(what: &str, bytes: &[u8]) -> Documento {
    let doc = match parser().parse(bytes, None) {
        Ok(doc) => doc,
        Err(e) => panic!("{what}: unexpected error {:?}: {e}", e.kind()),
    };
    check(what, bytes, &doc);
    doc
}

/// The invariants: schema-valid, every line accounted for, sane pages.
fn check(what: &str, bytes: &[u8], doc: &Documento) {
    assert_valid(what, doc);
    let text = poa_ocr::decode::decode(bytes)
        .expect("parsed, so decodable")
        .text;
    let lost = accounted::unaccounted_lines(&text, doc);
    assert!(lost.is_empty(), "{what}: lines not accounted for: {lost:?}");
    let bad = accounted::bad_pages(doc, text.lines().count());
    assert!(bad.is_empty(), "{what}: bad page ranges: {bad:?}");
    assert_eq!(doc.fuente.bytes, bytes.len() as u64, "{what}: fuente.bytes");
    assert_eq!(
        doc.fuente.lineas,
        text.lines().count() as u64,
        "{what}: fuente.lineas"
    );
}

/// Lines `first..=last` (1-based) of the seed, newline-terminated.
fn seed_lines(first: usize, last: usize) -> String {
    let mut s = String::new();
    for l in SEED.lines().skip(first - 1).take(last + 1 - first) {
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// The seed's first page: one complete report (title, header, four rows,
/// three signatures), lines 5 to 41.
fn first_page() -> String {
    seed_lines(5, 41)
}

fn claves(doc: &Documento) -> Vec<Vec<Option<String>>> {
    doc.reportes
        .iter()
        .map(|r| {
            [
                &r.ramo,
                &r.programa,
                &r.unidad_ejecutora,
                &r.finalidad,
                &r.funcion,
                &r.subfuncion,
            ]
            .iter()
            .map(|c| c.as_ref().map(|c| c.clave.clone()))
            .chain(r.lineas_accion.iter().map(|l| Some(l.clave.clone())))
            .collect()
        })
        .collect()
}

fn numeros(doc: &Documento) -> Vec<Vec<i64>> {
    doc.reportes
        .iter()
        .map(|r| r.acciones.iter().map(|a| a.numero).collect())
        .collect()
}

fn seed_doc() -> Documento {
    parse_ok("the seed", SEED.as_bytes())
}

// ---------------------------------------------------------------------------
// Nothing, or nothing useful.

#[test]
fn empty_input_is_a_document_without_reports() {
    let doc = parse_ok("empty", b"");
    assert!(doc.reportes.is_empty());
    assert_eq!(doc_codes(&doc), ["SIN_REPORTES"]);
    assert_eq!((doc.fuente.bytes, doc.fuente.lineas), (0, 0));
}

#[test]
fn whitespace_only_is_a_document_without_reports() {
    let input = " \n\t\t\n\r\n\u{a0}\u{3000} \n\n".as_bytes();
    let doc = parse_ok("whitespace", input);
    assert!(doc.reportes.is_empty());
    // Blank lines are not text: nothing to list as unassigned.
    assert_eq!(doc_codes(&doc), ["SIN_REPORTES"]);
    assert_eq!(doc.fuente.lineas, 5);
}

#[test]
fn binary_with_nul_bytes_is_not_text() {
    // A PNG signature and the start of its IHDR chunk.
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x04\x00\x00\x00\x03\x00\x08\x06";
    let err = parser().parse(png, Some("scan.png")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotText);
    assert_eq!(err.line(), None);
    assert!(err.to_string().contains("NUL byte at offset 8"), "{err}");
    // One NUL byte in otherwise good text is enough: the file is not text.
    let mut text = first_page().into_bytes();
    text.insert(100, 0);
    let err = parser().parse(&text, None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotText);
    // Control characters without NUL bytes are binary too.
    let ctl: Vec<u8> = (1u8..32)
        .filter(|b| !b"\t\n\r\x0c".contains(b))
        .cycle()
        .take(4096)
        .collect();
    assert_eq!(
        parser().parse(&ctl, None).unwrap_err().kind(),
        ErrorKind::NotText
    );
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    let input = b"Informe del a\xf1o 2026, \x93sin\x94 reportes \x80.\n";
    let doc = parse_ok("Windows-1252 prose", input);
    assert!(doc.reportes.is_empty());
    assert_eq!(
        doc_codes(&doc),
        ["CODIFICACION", "SIN_REPORTES", "TEXTO_NO_ASIGNADO"]
    );
    assert!(doc.avisos[0].mensaje.contains("Windows-1252"));
    assert_eq!(
        doc.avisos[2].mensaje,
        "Informe del año 2026, \u{201c}sin\u{201d} reportes \u{20ac}."
    );
    assert_eq!(doc.avisos[2].linea, Some(1));
}

#[test]
fn english_prose_is_listed_as_unassigned_text() {
    let input = "The quick brown fox jumps over the lazy dog.\n\n\
                 It was the best of times, it was the worst of times; it was the age of wisdom.\n\
                 Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n\
                 Signed, the management\n";
    let doc = parse_ok("English prose", input.as_bytes());
    assert!(doc.reportes.is_empty());
    assert_eq!(
        doc_codes(&doc),
        [
            "SIN_REPORTES",
            "TEXTO_NO_ASIGNADO",
            "TEXTO_NO_ASIGNADO",
            "TEXTO_NO_ASIGNADO",
            "TEXTO_NO_ASIGNADO"
        ]
    );
    let lines: Vec<Option<usize>> = doc.avisos[1..].iter().map(|a| a.linea).collect();
    assert_eq!(lines, [Some(1), Some(3), Some(4), Some(5)]);
    assert_eq!(doc.avisos[4].mensaje, "Signed, the management");
}

// ---------------------------------------------------------------------------
// The seed in other clothes: same reports.

#[test]
fn latin1_seed_gives_the_same_reports() {
    // Every character of the seed is in Latin-1: one byte each.
    let latin1: Vec<u8> = SEED
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("the seed is Latin-1"))
        .collect();
    assert!(std::str::from_utf8(&latin1).is_err());
    let seed = seed_doc();
    let doc = parse_ok("the seed in Latin-1", &latin1);
    assert_eq!(reports_json(&doc), reports_json(&seed));
    let mut codes = vec!["CODIFICACION"];
    codes.extend(doc_codes(&seed));
    assert_eq!(doc_codes(&doc), codes);
}

fn utf16(bom: &[u8], be: bool) -> Vec<u8> {
    let mut out = bom.to_vec();
    for u in SEED.encode_utf16() {
        out.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

#[test]
fn utf16_with_a_bom_gives_the_same_reports() {
    let seed = seed_doc();
    for (what, bytes) in [
        ("UTF-16 LE", utf16(b"\xff\xfe", false)),
        ("UTF-16 BE", utf16(b"\xfe\xff", true)),
    ] {
        let doc = parse_ok(what, &bytes);
        assert_eq!(reports_json(&doc), reports_json(&seed), "{what}");
        let mut codes = vec!["CODIFICACION"];
        codes.extend(doc_codes(&seed));
        assert_eq!(doc_codes(&doc), codes, "{what}");
        assert!(doc.avisos[0].mensaje.contains("UTF-16"), "{what}");
    }
}

#[test]
fn crlf_line_ends_give_the_same_reports() {
    let crlf = SEED.replace('\n', "\r\n");
    let seed = seed_doc();
    let doc = parse_ok("the seed with CRLF", crlf.as_bytes());
    assert_eq!(reports_json(&doc), reports_json(&seed));
    assert_eq!(doc.avisos, seed.avisos);
    assert_eq!(doc.fuente.lineas, seed.fuente.lineas);
}

// ---------------------------------------------------------------------------
// Gigantic inputs.

/// 50 MB in one line, without a newline.
fn one_line_of_50_mb() -> Vec<u8> {
    vec![b'x'; 50 << 20]
}

#[test]
fn a_50_mb_line_is_too_long_for_the_default_limit() {
    let t = Instant::now();
    let err = parser().parse(&one_line_of_50_mb(), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LineTooLong);
    assert_eq!(err.line(), Some(1));
    assert_eq!(
        err.to_string(),
        "line 1 has 52428800 bytes; the limit is 1048576"
    );
    eprintln!("50 MB line, default limits: rejected in {:?}", t.elapsed());
}

#[test]
fn a_50_mb_line_parses_with_a_raised_limit() {
    let parser = Parser::new(Catalog::default()).with_limits(Limits {
        max_bytes: 64 << 20,
        max_line_bytes: 64 << 20,
    });
    let input = one_line_of_50_mb();
    let t = Instant::now();
    let doc = parser.parse(&input, None).expect("parsed");
    eprintln!("50 MB line, raised limit: parsed in {:?}", t.elapsed());
    assert!(doc.reportes.is_empty());
    assert_eq!(doc_codes(&doc), ["SIN_REPORTES", "TEXTO_NO_ASIGNADO"]);
    assert_eq!(doc.avisos[1].linea, Some(1));
    assert_eq!(doc.avisos[1].mensaje.len(), 50 << 20);
    check("a 50 MB line", &input, &doc);
}

#[test]
fn input_over_max_bytes_is_refused_before_reading_it() {
    let parser = Parser::new(Catalog::default()).with_limits(Limits {
        max_bytes: 1000,
        max_line_bytes: 1 << 20,
    });
    let err = parser.parse(SEED.as_bytes(), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InputTooLarge);
    assert_eq!(
        err.to_string(),
        format!("the input has {} bytes; the limit is 1000", SEED.len())
    );
}

#[test]
fn a_million_tabs_on_one_line() {
    // Tabs only: a blank line.
    let tabs = vec![b'\t'; 1_000_000];
    let doc = parse_ok("a million tabs", &tabs);
    assert_eq!(doc_codes(&doc), ["SIN_REPORTES"]);
    // Half a million one-digit cells: not a table row (no action number, no
    // description), so one line of unassigned text.
    let cells: Vec<u8> = b"1\t".iter().copied().cycle().take(1 << 20).collect();
    let doc = parse_ok("half a million cells", &cells);
    assert_eq!(doc_codes(&doc), ["SIN_REPORTES", "TEXTO_NO_ASIGNADO"]);
    // A real row with a million tabs after its cells.
    let mut row = seed_lines(29, 29).trim_end().to_string();
    row.push_str(&"\t".repeat(1_000_000));
    let doc = parse_ok("a row and a million tabs", row.as_bytes());
    assert_eq!(numeros(&doc), [[100]]);
}

/// A small complete page: title block, a header, one row, three signatures.
const SMALL_PAGE: &str = "XXV AYUNTAMIENTO DE MEXICALI DE BAJA CALIFORNIA
PROGRAMA OPERATIVO ANUAL 2026
AVANCE FÍSICO PROGRAMÁTICO
TMM-F004
FECHA: ENERO-MARZO
RAMO: 54 BIENESTAR SOCIAL MUNICIPAL (BISOM)
PROGRAMA: 511 GESTIÓN ADMINISTRATIVA
UNIDAD EJECUTORA: 54101 DIRECCIÓN
FINALIDAD: 2 DESARROLLO SOCIAL
FUNCIÓN: 2 VIVIENDA Y SERVICIOS A LA COMUNIDAD
SUBFUNCIÓN: 2 DESARROLLO COMUNITARIO
EJE DE GOBIERNO: 4 GOBERNAR PARA SERVIR
LÍNEAS DE ACCIÓN: 4.5.3 PRESUPUESTO ESTRATÉGICO Y REINGENIERÍA DEL GASTO PÚBLICO MUNICIPAL
4.5.3\t100.- Dirigir y presentar un informe trimestral.\tInforme\t4\t1\t1\t1\t\t1\t\t1\t\t1\t25%\t
HOMERO SAMANIEGO AGUILAR
RESPONSABLE DE LA UNIDAD EJECUTORA
JOHANA TOLEDO RODRÍGUEZ
RESPONSABLE DEL PROGRAMA
HOMERO SAMANIEGO AGUILAR
RESPONSABLE DEL RAMO

";

#[test]
fn a_small_page_is_one_complete_report() {
    let doc = parse_ok("a small page", SMALL_PAGE.as_bytes());
    assert_eq!(doc.reportes.len(), 1);
    let r = &doc.reportes[0];
    assert_eq!(
        claves(&doc),
        [[
            Some("54"),
            Some("511"),
            Some("54101"),
            Some("2"),
            Some("2"),
            Some("2"),
            Some("4.5.3")
        ]
        .map(|c| c.map(str::to_string))]
    );
    assert_eq!(numeros(&doc), [[100]]);
    assert_eq!(r.firmas.len(), 3);
    assert!(r.avisos.is_empty(), "{:?}", r.avisos);
}

#[test]
fn a_document_of_100_000_pages() {
    const PAGES: usize = 100_000;
    let input = SMALL_PAGE.repeat(PAGES);
    let parser = Parser::new(Catalog::default()).with_limits(Limits {
        max_bytes: input.len(),
        max_line_bytes: 1 << 20,
    });
    let t = Instant::now();
    let doc = parser.parse(input.as_bytes(), None).expect("parsed");
    let elapsed = t.elapsed();
    eprintln!(
        "{PAGES} pages ({} MB): parsed in {elapsed:?}",
        input.len() >> 20
    );
    assert_eq!(doc.reportes.len(), PAGES);
    let one = parse_ok("a small page", SMALL_PAGE.as_bytes());
    let first = serde_json::to_value(&one.reportes[0]).unwrap();
    let lines = SMALL_PAGE.lines().count();
    for (k, r) in doc.reportes.iter().enumerate() {
        assert_eq!(r.paginas.len(), 1);
        assert_eq!(r.paginas[0].linea_inicio, k * lines + 1);
        assert_eq!(r.acciones.len(), 1);
    }
    // The same report every time, but for its line numbers.
    let mut last = serde_json::to_value(&doc.reportes[PAGES - 1]).unwrap();
    shift_lines(&mut last, (PAGES - 1) * lines);
    assert_eq!(last, first);
    let text = std::str::from_utf8(input.as_bytes()).unwrap();
    assert!(accounted::unaccounted_lines(text, &doc).is_empty());
    // The schema is per report: validate the document with a sample of them.
    let mut sample = doc.clone();
    sample.reportes = vec![
        doc.reportes[0].clone(),
        doc.reportes[PAGES / 2].clone(),
        doc.reportes[PAGES - 1].clone(),
    ];
    assert_valid("100 000 pages (sampled)", &sample);
}

/// Subtracts `by` from every line number in a report's JSON.
fn shift_lines(v: &mut serde_json::Value, by: usize) {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if matches!(k.as_str(), "linea" | "linea_inicio" | "linea_fin") {
                    if let Some(n) = x.as_u64() {
                        *x = Value::from(n - by as u64);
                    }
                } else {
                    shift_lines(x, by);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| shift_lines(x, by)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Reports with pieces missing, odd numbers, odd structure.

#[test]
fn a_report_of_title_lines_only() {
    let input = "XXV AYUNTAMIENTO DE MEXICALI DE BAJA CALIFORNIA\n\
                 PROGRAMA OPERATIVO ANUAL 2026\n\
                 AVANCE FÍSICO PROGRAMÁTICO\n";
    let doc = parse_ok("title lines only", input.as_bytes());
    assert_eq!(doc.reportes.len(), 1);
    let r = &doc.reportes[0];
    assert_eq!(r.municipio.as_deref(), Some("MEXICALI"));
    assert_eq!(r.estado.as_deref(), Some("BAJA CALIFORNIA"));
    assert_eq!(r.ayuntamiento.as_deref(), Some("XXV"));
    assert_eq!(r.ejercicio, Some(2026));
    assert_eq!((r.formato.as_deref(), r.periodo.as_ref()), (None, None));
    assert_eq!(claves(&doc), [vec![None; 6]]);
    assert!(r.ejes.is_empty() && r.acciones.is_empty() && r.firmas.is_empty());
    let codes: Vec<&str> = r.avisos.iter().map(|a| a.codigo.as_str()).collect();
    assert_eq!(
        codes,
        [["CAMPO_FALTANTE"; 6].as_slice(), &["SIN_ACCIONES"]].concat()
    );
    assert!(doc.avisos.is_empty());
}

#[test]
fn a_report_of_one_table_row_only() {
    let input = "4.5.3\t100.- Dirigir y presentar un informe trimestral.\tInforme\t4\t1\t1\t1\t\t1\t\t1\t\t1\t25%\t\n";
    let doc = parse_ok("a table row only", input.as_bytes());
    assert_eq!(doc.reportes.len(), 1);
    let r = &doc.reportes[0];
    assert_eq!(claves(&doc), [vec![None; 6]]);
    assert_eq!(
        (r.municipio.as_ref(), r.periodo.as_ref(), r.ejercicio),
        (None, None, None)
    );
    let codes: Vec<&str> = r.avisos.iter().map(|a| a.codigo.as_str()).collect();
    assert_eq!(codes, ["CAMPO_FALTANTE"; 6]);
    assert_eq!(numeros(&doc), [[100]]);
    let a = &r.acciones[0];
    assert_eq!(a.descripcion, "Dirigir y presentar un informe trimestral.");
    assert_eq!(a.meta_anual, Some(4.0));
    assert_eq!(a.linea, 1);
}

/// The seed's first page with its first row replaced by `row`.
fn first_page_with_row(row: &str) -> String {
    let mut page = seed_lines(5, 28);
    page.push_str(row);
    page.push('\n');
    page
}

#[test]
fn a_number_of_30_digits_in_a_cell() {
    let big = "123456789012345678901234567890";
    let row =
        format!("4.5.3\t100.- Dirigir informes\tInforme\t{big}\t1\t1\t1\t\t1\t\t1\t\t1\t25%\t");
    let doc = parse_ok("30 digits", first_page_with_row(&row).as_bytes());
    let a = &doc.reportes[0].acciones[0];
    assert_eq!(a.numero, 100);
    // Kept as the nearest double, printed as a JSON number.
    assert_eq!(a.meta_anual, Some(1.2345678901234568e29));
    let json = serde_json::to_string(a).unwrap();
    assert!(
        json.contains("\"meta_anual\":1.2345678901234568e+29"),
        "{json}"
    );
    // As an action number it is no action number: the row is reported.
    let row = format!("4.5.3\t{big}.- Dirigir\tInforme\t4\t1\t1\t1\t\t1\t\t1\t\t1\t25%\t");
    let doc = parse_ok("30-digit action", first_page_with_row(&row).as_bytes());
    let r = &doc.reportes[0];
    assert!(r.acciones.is_empty());
    assert!(r
        .avisos
        .iter()
        .any(|a| a.codigo == "TEXTO_NO_ASIGNADO" && a.linea == Some(25)));
}

#[test]
fn negative_and_decimal_numbers_in_cells() {
    let row = "4.5.3\t100.- Dirigir informes\tInforme\t-4\t-1\t-1\t-1\t\t-1\t\t-1\t\t-1\t-25%\t";
    let doc = parse_ok("negative", first_page_with_row(row).as_bytes());
    let a = &doc.reportes[0].acciones[0];
    // Targets and progress are never negative on this form: a dash glued to
    // a number is layout debris (the form's mark for an empty cell), and the
    // row reads as its arithmetic confirms.
    assert_eq!(
        (a.meta_anual, a.avance_absoluto, a.avance_relativo),
        (Some(4.0), Some(1.0), Some(25.0))
    );
    assert_eq!(a.trimestres[0].programado, Some(1.0));
    let row =
        "4.5.3\t100.- Dirigir informes\tInforme\t4.5\t1.5\t1.25\t1\t\t1\t\t1\t\t1.25\t27.78%\t";
    let doc = parse_ok("decimals", first_page_with_row(row).as_bytes());
    let a = &doc.reportes[0].acciones[0];
    assert_eq!(
        (a.meta_anual, a.avance_absoluto, a.avance_relativo),
        (Some(4.5), Some(1.25), Some(27.78))
    );
    assert_eq!(
        (a.trimestres[0].programado, a.trimestres[0].alcanzado),
        (Some(1.5), Some(1.25))
    );
    let row = "4.5.3\t100.- Dirigir informes\tInforme\t1,250\t312.5\t300\t312.5\t\t312.5\t\t312.5\t\t300\t24.00%\t";
    let doc = parse_ok("thousands separator", first_page_with_row(row).as_bytes());
    let a = &doc.reportes[0].acciones[0];
    assert_eq!(
        (a.meta_anual, a.avance_relativo),
        (Some(1250.0), Some(24.0))
    );
}

#[test]
fn a_page_with_two_header_blocks_is_two_reports() {
    // The seed's first page, then the header, table and signatures of its
    // second report, without the second title block.
    let second_start = SEED
        .lines()
        .enumerate()
        .skip(44)
        .find(|(_, l)| l.starts_with("RAMO:"))
        .map(|(i, _)| i + 1)
        .expect("the second report has a RAMO line");
    let input = first_page() + &seed_lines(second_start, 84);
    let doc = parse_ok("two header blocks", input.as_bytes());
    assert_eq!(doc.reportes.len(), 2);
    let seed = seed_doc();
    assert_eq!(claves(&doc), claves(&seed)[..2]);
    assert_eq!(numeros(&doc), numeros(&seed)[..2]);
    // The second report starts at its RAMO line, right after the first.
    let ramo_line = 41 - 4 + 1;
    assert_eq!(doc.reportes[1].paginas[0].linea_inicio, ramo_line);
    assert!(doc.reportes[0].paginas[0].linea_fin < ramo_line);
    // Its title is the document's.
    assert_eq!(doc.reportes[1].municipio.as_deref(), Some("MEXICALI"));
    assert!(doc.reportes[1]
        .avisos
        .iter()
        .any(|a| a.codigo == "CAMPO_INFERIDO"));
}

#[test]
fn unicode_oddities_read_like_plain_text() {
    use unicode_normalization::UnicodeNormalization;
    let clean = first_page();
    let expected = parse_ok("the first page", clean.as_bytes());
    let variants = [
        // Combining accents (NFD): `O` + U+0301 for `Ó`.
        ("combining accents", clean.nfd().collect::<String>()),
        // No-break spaces everywhere.
        ("no-break spaces", clean.replace(' ', "\u{a0}")),
        // Zero-width spaces and joiners, a BOM in the middle of the text.
        (
            "zero-width characters",
            clean
                .replace("RAMO:", "RAMO:\u{200b}")
                .replace("GESTIÓN", "GES\u{200b}TIÓN")
                .replace("DIRECCIÓN", "\u{feff}DIRECCIÓN")
                .replace("Informe", "Inf\u{200d}orme")
                .replace("\t4\t", "\t\u{200b}4\t"),
        ),
    ];
    for (what, text) in variants {
        let doc = parse_ok(what, text.as_bytes());
        assert_eq!(reports_json(&doc), reports_json(&expected), "{what}");
    }
}

#[test]
fn conflicting_title_lines_are_reported_not_dropped() {
    let page = first_page();
    let cases = [
        (
            "FECHA twice",
            "FECHA: _____\n ENERO - MARZO\n",
            "FECHA: ENERO-MARZO\nFECHA: ABRIL-JUNIO\n",
            "FECHA: ABRIL-JUNIO",
        ),
        (
            "a period after FECHA",
            "FECHA: _____\n ENERO - MARZO\n",
            "FECHA: ENERO-MARZO\n ABRIL - JUNIO\n",
            "ABRIL - JUNIO",
        ),
        (
            "the form code twice",
            "TMM-F004\n",
            "TMM-F004\nTMM-F005\n",
            "TMM-F005",
        ),
    ];
    for (what, from, to, lost) in cases {
        assert!(page.contains(from));
        let doc = parse_ok(what, page.replace(from, to).as_bytes());
        let r = &doc.reportes[0];
        assert_eq!(r.periodo.as_ref().map(|p| p.trimestre), Some(1), "{what}");
        assert!(
            r.avisos
                .iter()
                .any(|a| a.codigo == "TEXTO_NO_ASIGNADO" && a.mensaje == lost),
            "{what}: {lost:?} is not reported: {:?}",
            r.avisos
        );
    }
}

#[test]
fn very_long_lines_of_every_kind_finish() {
    // Lines just under the default 1 MiB limit, shaped like each kind of
    // line the layout knows, so each reaches its own matching code. Header
    // values cost the most (fuzzy matching against the catalog, linear in
    // their length, about 4 s per MiB): those are 256 KiB.
    const N: usize = (1 << 20) - 64;
    let fill = |prefix: &str, unit: &str, suffix: &str| -> String {
        let n = if prefix.starts_with("RAMO") || prefix.starts_with("PROGRAMA") {
            N / 4
        } else {
            N
        };
        let mut s = prefix.to_string();
        while s.len() + unit.len() + suffix.len() < n {
            s.push_str(unit);
        }
        s + suffix
    };
    let cases = [
        (
            "a title",
            fill("XXV AYUNTAMIENTO DE MEXICALI ", "DE BAJA CALIFORNIA ", ""),
        ),
        (
            "a document name",
            fill("PROGRAMA OPERATIVO ANUAL 2026 ", "ANUAL ", ""),
        ),
        ("a header value", fill("RAMO: 54 ", "BIENESTAR SOCIAL ", "")),
        (
            "a table row",
            fill(
                "4.5.3\t100.- ",
                "Dirigir y presentar ",
                "\tInforme\t4\t1\t1\t\t\t\t\t\t\t1\t25%\t",
            ),
        ),
        (
            "a signature",
            fill("", "HOMERO SAMANIEGO ", "") + "\nRESPONSABLE DEL RAMO",
        ),
        ("words without spaces", fill("", "x", "")),
    ];
    for (what, line) in cases {
        let input = first_page() + &line + "\n";
        let t = Instant::now();
        let doc = parse_ok(what, input.as_bytes());
        eprintln!(
            "a line of {} KiB, {what}: {:?}",
            line.len() >> 10,
            t.elapsed()
        );
        assert!(!doc.reportes.is_empty(), "{what}");
    }
}

// ---------------------------------------------------------------------------
// The command line with `-o DIR`: never a truncated `.json`.

fn cli() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_poa-ocr"))
}

/// The names of the entries of `dir`, hidden ones included, sorted.
fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_complete_json(path: &std::path::Path) {
    let bytes = std::fs::read(path).expect("readable output");
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(v) => assert_eq!(
            v["esquema"],
            "poa-ocr/avance-fisico/1",
            "{}",
            path.display()
        ),
        Err(e) => panic!(
            "{} is not complete JSON ({e}), {} bytes",
            path.display(),
            bytes.len()
        ),
    }
}

#[test]
fn cli_output_dir_keeps_going_past_failures_and_leaves_no_partial_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let long_line = vec![b'x'; 2 << 20];
    let files: [(&str, &[u8]); 5] = [
        ("01.txt", SEED.as_bytes()),
        ("02.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("03.txt", SEED.as_bytes()),
        ("04.txt", &long_line),
        ("05.txt", SEED.as_bytes()),
    ];
    for (name, bytes) in files {
        std::fs::write(input.join(name), bytes).unwrap();
    }
    // A stale output of a failing input is left as it was, not truncated.
    std::fs::write(
        out.join("02.json"),
        "{\"esquema\": \"poa-ocr/avance-fisico/1\"}",
    )
    .unwrap();
    let run = cli()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["-j", "1", "--no-progress"])
        .output()
        .expect("poa-ocr runs");
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("02.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(
        stderr.contains("04.txt") && stderr.contains("line 1 has 2097152 bytes"),
        "{stderr}"
    );
    assert_eq!(listing(&out), ["01.json", "02.json", "03.json", "05.json"]);
    for name in ["01.json", "02.json", "03.json", "05.json"] {
        assert_complete_json(&out.join(name));
    }
    assert_eq!(
        std::fs::read_to_string(out.join("02.json")).unwrap(),
        "{\"esquema\": \"poa-ocr/avance-fisico/1\"}"
    );
}

#[test]
fn cli_killed_mid_run_leaves_only_complete_json_files() {
    const INPUTS: usize = 300;
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&input).unwrap();
    // Inputs of 8 seeds each (200 KB, tens of milliseconds to convert), so
    // the whole run takes seconds and the kill lands in the middle of it.
    let doc = format!("{SEED}\n").repeat(8);
    for i in 0..INPUTS {
        std::fs::write(input.join(format!("{i:03}.txt")), &doc).unwrap();
    }
    let mut child = cli()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["-j", "2", "--no-progress"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("poa-ocr starts");
    // Wait for the first few outputs, then SIGKILL.
    let t = Instant::now();
    let count_json = |dir: &std::path::Path| -> usize {
        std::fs::read_dir(dir).map_or(0, |rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                .count()
        })
    };
    while count_json(&out) < 3 && t.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let finished_early = child.try_wait().expect("child status").is_some();
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    assert!(
        !finished_early,
        "the run ended before the kill: make the inputs larger"
    );
    let names = listing(&out);
    let (json, other): (Vec<&String>, Vec<&String>) =
        names.iter().partition(|n| !n.starts_with('.'));
    assert!(
        !json.is_empty() && json.len() < INPUTS,
        "{} outputs",
        json.len()
    );
    for name in &json {
        assert!(name.ends_with(".json"), "{name}");
        assert_complete_json(&out.join(name));
    }
    // What a kill can leave: the temporary files being written at the time.
    for name in &other {
        assert!(
            name.starts_with('.') && name.contains(".json.tmp-"),
            "unexpected {name}"
        );
    }
    eprintln!(
        "killed after {:?}: {} complete .json files, {} temporary files left: {:?}",
        t.elapsed(),
        json.len(),
        other.len(),
        other
    );
}
