//! Streaming records from stdin: one JSON record per line in, one JSON line
//! out per record, in order, with memory bounded by a window of records.
//!
//! A record is `{"nombre": "x.txt", "texto": "..."}`, or with
//! `"bytes_base64"` instead of `"texto"` for input that is not UTF-8 (it is
//! then decoded like a file). `nombre` may be absent or null; other fields are
//! ignored. A record that cannot be read or converted gives the line
//! `{"nombre": ..., "linea": N, "error": "..."}` (N is its 1-based line number)
//! and a message on stderr; it does not stop the stream or change the exit
//! status, so one bad record does not fail a whole Spark task.

use std::io::{self, BufRead, Write};

use poa_ocr::Parser;
use serde_json::Value;

use super::base64;
use super::ordered::{map_ordered, Flow};
use super::report::Reporter;

/// One line of input.
enum Item {
    Record {
        linea: u64,
        bytes: Vec<u8>,
    },
    TooLong {
        linea: u64,
        len: u64,
    },
    /// Reading stdin failed; the stream ends here.
    ReadError(String),
}

/// What one record gave.
struct Outcome {
    line: Option<String>,
    /// `(what, reason)` for stderr.
    error: Option<(String, String)>,
    /// The stream itself failed (not a record).
    fatal: bool,
}

/// Reads records from stdin until its end. `Ok(true)` unless reading stdin or
/// writing stdout failed; bad records do not count.
pub fn run(parser: &Parser, threads: usize, max_bytes: usize) -> anyhow::Result<bool> {
    // A record carries the text escaped as JSON (up to ~3 bytes per byte for
    // \u escapes of accented letters) or base64 (4 per 3).
    let max_line = max_bytes.saturating_mul(4).saturating_add(1 << 20);
    let reporter = Reporter::quiet();
    let mut stdout = io::stdout().lock();
    let mut ok = true;
    let items = move || Lines {
        reader: io::stdin().lock(),
        max_line,
        linea: 0,
        done: false,
    };
    let work = |item: Item| -> Outcome {
        match item {
            Item::Record { linea, bytes } => convert(parser, linea, &bytes),
            Item::TooLong { linea, len } => {
                let reason = format!(
                    "the record has {len} bytes; the limit is {max_line} (4 × --max-bytes + 1 MiB)"
                );
                failed_record(None, linea, reason)
            }
            Item::ReadError(e) => Outcome {
                line: None,
                error: Some(("<stdin>".to_string(), e)),
                fatal: true,
            },
        }
    };
    let mut linea = 0u64;
    let emit = |result: Result<Outcome, String>| -> Flow {
        linea += 1;
        let outcome = result.unwrap_or_else(|panic| failed_record(None, linea, panic));
        if let Some((what, reason)) = &outcome.error {
            reporter.error(what, reason);
        }
        if outcome.fatal {
            ok = false;
        }
        if let Some(line) = &outcome.line {
            if let Err(e) = stdout.write_all(line.as_bytes()) {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    ok = false;
                    reporter.error("stdout", &e.to_string());
                }
                return Flow::Stop;
            }
        }
        Flow::Continue
    };
    map_ordered(threads, (threads * 4).max(8), items, work, emit)?;
    if let Err(e) = stdout.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            ok = false;
            reporter.error("stdout", &e.to_string());
        }
    }
    Ok(ok)
}

/// Converts one record line.
fn convert(parser: &Parser, linea: u64, bytes: &[u8]) -> Outcome {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return failed_record(
            None,
            linea,
            "empty line; expected a JSON record".to_string(),
        );
    }
    let mut record = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return failed_record(None, linea, "the record is not a JSON object".to_string()),
        Err(e) => return failed_record(None, linea, format!("the record is not valid JSON: {e}")),
    };
    let nombre = match record.remove("nombre") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return failed_record(None, linea, "\"nombre\" must be a string".to_string()),
    };
    let input = match (record.remove("texto"), record.remove("bytes_base64")) {
        (Some(Value::String(t)), None | Some(Value::Null)) => Ok(t.into_bytes()),
        (None | Some(Value::Null), Some(Value::String(b))) => {
            base64::decode(&b).map_err(|e| format!("\"bytes_base64\": {e}"))
        }
        (None | Some(Value::Null), None | Some(Value::Null)) => {
            Err("the record has no \"texto\" (or \"bytes_base64\")".to_string())
        }
        (Some(Value::String(_)), Some(_)) => {
            Err("give \"texto\" or \"bytes_base64\", not both".to_string())
        }
        _ => Err("\"texto\" and \"bytes_base64\" must be strings".to_string()),
    };
    let json = input.and_then(|bytes| {
        let doc = parser
            .parse(&bytes, nombre.as_deref())
            .map_err(|e| e.to_string())?;
        serde_json::to_string(&doc).map_err(|e| format!("cannot serialize the document: {e}"))
    });
    match json {
        Ok(mut line) => {
            line.push('\n');
            Outcome {
                line: Some(line),
                error: None,
                fatal: false,
            }
        }
        Err(reason) => failed_record(nombre, linea, reason),
    }
}

fn failed_record(nombre: Option<String>, linea: u64, reason: String) -> Outcome {
    let what = match &nombre {
        Some(n) => format!("<stdin> record {linea} ({n})"),
        None => format!("<stdin> record {linea}"),
    };
    /// Field order as documented; `json!` would sort the keys.
    #[derive(serde::Serialize)]
    struct ErrorLine<'a> {
        nombre: &'a Option<String>,
        linea: u64,
        error: &'a str,
    }
    let line = serde_json::to_string(&ErrorLine {
        nombre: &nombre,
        linea,
        error: &reason,
    });
    // Strings always serialize; the fallback only keeps this panic-free.
    let mut line =
        line.unwrap_or_else(|_| String::from("{\"error\":\"cannot serialize the error\"}"));
    line.push('\n');
    Outcome {
        line: Some(line),
        error: Some((what, reason)),
        fatal: false,
    }
}

/// The lines of a reader, each at most `max_line` bytes (longer ones are
/// skipped without being held in memory).
struct Lines<R> {
    reader: R,
    max_line: usize,
    linea: u64,
    done: bool,
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        let mut bytes = vec![];
        let mut len = 0u64;
        let mut any = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Some(Item::ReadError(format!("cannot read: {e}")));
                }
            };
            if buf.is_empty() {
                self.done = true;
                if !any {
                    return None;
                }
                break;
            }
            any = true;
            let (chunk, found) = match buf.iter().position(|&b| b == b'\n') {
                Some(p) => (&buf[..p], true),
                None => (buf, false),
            };
            len += chunk.len() as u64;
            if len <= self.max_line as u64 {
                bytes.extend_from_slice(chunk);
            } else {
                bytes = vec![];
            }
            let used = chunk.len() + usize::from(found);
            self.reader.consume(used);
            if found {
                break;
            }
        }
        self.linea += 1;
        if len > self.max_line as u64 {
            return Some(Item::TooLong {
                linea: self.linea,
                len,
            });
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        Some(Item::Record {
            linea: self.linea,
            bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max_line: usize) -> Vec<String> {
        Lines {
            reader: io::BufReader::with_capacity(4, input),
            max_line,
            linea: 0,
            done: false,
        }
        .map(|item| match item {
            Item::Record { linea, bytes } => format!("{linea}:{}", String::from_utf8_lossy(&bytes)),
            Item::TooLong { linea, len } => format!("{linea}:too long {len}"),
            Item::ReadError(e) => e,
        })
        .collect()
    }

    #[test]
    fn splits_lines_and_bounds_them() {
        assert_eq!(lines(b"", 100), Vec::<String>::new());
        assert_eq!(lines(b"ab\r\n\ncdefgh", 100), ["1:ab", "2:", "3:cdefgh"]);
        assert_eq!(
            lines(b"ab\ncdefghijk\nl\n", 5),
            ["1:ab", "2:too long 9", "3:l"]
        );
    }

    #[test]
    fn records() {
        let parser = Parser::new(poa_ocr::Catalog::default());
        let ok = convert(
            &parser,
            1,
            br#"{"nombre": "d/a.txt", "texto": "hola", "extra": 1}"#,
        );
        let line = ok.line.unwrap();
        assert!(ok.error.is_none());
        let doc: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(doc["fuente"]["nombre"], "a.txt");
        let b64 = convert(&parser, 1, br#"{"bytes_base64": "aG9sYQ=="}"#);
        let doc: Value = serde_json::from_str(&b64.line.unwrap()).unwrap();
        assert_eq!(
            doc["fuente"]["sha256"],
            serde_json::from_str::<Value>(&line).unwrap()["fuente"]["sha256"]
        );
        for (bad, why) in [
            (&br#"{"nombre": "x", "texto": 3}"#[..], "must be strings"),
            (br#"{"nombre": "x"}"#, "no \"texto\""),
            (br#"{"texto": "a", "bytes_base64": "YQ=="}"#, "not both"),
            (br#"[1]"#, "not a JSON object"),
            (br#"{"texto": "#, "not valid JSON"),
            (b"  ", "empty line"),
            (br#"{"bytes_base64": "!!"}"#, "invalid base64"),
        ] {
            let out = convert(&parser, 7, bad);
            let (_, reason) = out.error.unwrap();
            assert!(reason.contains(why), "{reason}");
            let line: Value = serde_json::from_str(&out.line.unwrap()).unwrap();
            assert_eq!(line["linea"], 7);
            assert!(line["error"].as_str().unwrap().contains(why));
        }
    }
}
