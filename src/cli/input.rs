//! Turning the PATH arguments into the list of inputs, in a deterministic order.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

/// Where one input's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Standard input (the argument `-`).
    Stdin,
    /// A file on disk.
    File(PathBuf),
}

/// One document to convert.
#[derive(Clone, Debug)]
pub struct Input {
    pub source: Source,
    /// The input's path relative to the directory argument it was found in
    /// (just the file name for a file argument); `-o` mirrors it.
    pub rel: PathBuf,
}

impl Input {
    /// How messages name this input.
    pub fn label(&self) -> String {
        match &self.source {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// A path argument that yielded no input, with the reason.
#[derive(Debug)]
pub struct Problem {
    pub label: String,
    pub reason: String,
}

/// The inputs named by `paths`, in argument order, each directory expanded
/// recursively in byte order of names, plus the arguments that failed.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<Problem>) {
    let mut inputs = vec![];
    let mut problems = vec![];
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                source: Source::Stdin,
                rel: PathBuf::from("stdin"),
            });
            continue;
        }
        match fs::metadata(path) {
            Err(e) => problems.push(Problem {
                label: path.display().to_string(),
                reason: e.to_string(),
            }),
            Ok(m) if m.is_dir() => {
                let before = inputs.len();
                walk(path, Path::new(""), &mut inputs, &mut problems);
                if inputs.len() == before {
                    problems.push(Problem {
                        label: path.display().to_string(),
                        reason: "no .txt files in this directory or below it".to_string(),
                    });
                }
            }
            // A file named explicitly is read whatever its extension.
            Ok(_) => {
                let rel = path
                    .file_name()
                    .map_or_else(|| PathBuf::from("input"), PathBuf::from);
                inputs.push(Input {
                    source: Source::File(path.clone()),
                    rel,
                });
            }
        }
    }
    (inputs, problems)
}

/// Adds the `*.txt` files under `root.join(rel)`. Hidden entries are skipped;
/// symbolic links to files are followed, to directories not (no cycles).
fn walk(root: &Path, rel: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<Problem>) {
    let dir = root.join(rel);
    let read = match fs::read_dir(&dir) {
        Ok(r) => r,
        Err(e) => {
            problems.push(Problem {
                label: dir.display().to_string(),
                reason: e.to_string(),
            });
            return;
        }
    };
    let mut entries = vec![];
    for entry in read {
        match entry {
            Ok(e) => entries.push(e),
            Err(e) => problems.push(Problem {
                label: dir.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        let path = entry.path();
        let file_type = match entry.file_type() {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem {
                    label: path.display().to_string(),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let child = rel.join(&name);
        if file_type.is_dir() {
            walk(root, &child, inputs, problems);
        } else if is_txt(&name)
            && (file_type.is_file() || (file_type.is_symlink() && path.is_file()))
        {
            inputs.push(Input {
                source: Source::File(path),
                rel: child,
            });
        }
    }
}

fn is_txt(name: &OsStr) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn txt_extension() {
        assert!(is_txt(OsStr::new("a.txt")));
        assert!(is_txt(OsStr::new("A.TXT")));
        assert!(!is_txt(OsStr::new("a.txt.bak")));
        assert!(!is_txt(OsStr::new("txt")));
    }
}
