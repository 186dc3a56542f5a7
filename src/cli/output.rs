//! `-o DIR`: choosing each input's output path, and writing it atomically.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::input::{Input, Source};

/// Where each input's JSON goes: a path inside the output directory, or the
/// reason it cannot be written.
#[derive(Debug)]
pub struct Plan {
    pub targets: Vec<Result<PathBuf, String>>,
    /// The directories written into, to sync once at the end.
    pub dirs: BTreeSet<PathBuf>,
}

/// Creates `out` and picks a distinct `NAME.json` for every input.
///
/// An input found in a directory keeps its path relative to that directory
/// (`DIR/2024/t1/x.txt` becomes `out/2024/t1/x.json`); a file argument goes at
/// the top. Paths that clash (compared without regard to case, so the result is
/// the same on case-insensitive file systems) get `-2`, `-3`, ... in input
/// order. A target that is one of the inputs is refused (and other inputs
/// mapped to the same name are refused too, whatever their order).
pub fn plan(out: &Path, inputs: &[Input]) -> anyhow::Result<Plan> {
    fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output directory {}", out.display()))?;
    let canon_out = fs::canonicalize(out)
        .with_context(|| format!("cannot use the output directory {}", out.display()))?;
    let input_files: HashSet<PathBuf> = inputs
        .iter()
        .filter_map(|i| match &i.source {
            Source::File(p) => fs::canonicalize(p).ok(),
            Source::Stdin => None,
        })
        .collect();
    let mut taken: HashSet<String> = HashSet::new();
    // The next suffix to try per clashing name, so that many inputs with the
    // same name cost linear time.
    let mut next_suffix: HashMap<String, u64> = HashMap::new();
    let mut targets = Vec::with_capacity(inputs.len());
    let mut dirs = BTreeSet::new();
    for input in inputs {
        let rel_dir = input.rel.parent().unwrap_or(Path::new(""));
        let stem = input
            .rel
            .file_stem()
            .map_or_else(|| OsString::from("input"), OsString::from);
        let mut name = json_name(&stem, None);
        let base_key = key(&rel_dir.join(&name));
        if taken.contains(&base_key) {
            let n = next_suffix.entry(base_key.clone()).or_insert(2);
            loop {
                name = json_name(&stem, Some(*n));
                *n += 1;
                if !taken.contains(&key(&rel_dir.join(&name))) {
                    break;
                }
            }
        }
        let rel = rel_dir.join(&name);
        let target = out.join(&rel);
        // The target's directory may not exist yet; then no input can be in it.
        let parent = canon_out.join(rel_dir);
        let canon_target = fs::canonicalize(&parent).unwrap_or(parent).join(&name);
        if input_files.contains(&canon_target) {
            // The name is not marked taken: any other input mapped to it is refused too.
            targets.push(Err(format!(
                "refusing to write {}: it is one of the inputs (choose another output directory)",
                target.display()
            )));
        } else {
            taken.insert(key(&rel));
            dirs.insert(target.parent().unwrap_or(out).to_path_buf());
            targets.push(Ok(target));
        }
    }
    Ok(Plan { targets, dirs })
}

fn json_name(stem: &std::ffi::OsStr, suffix: Option<u64>) -> OsString {
    let mut name = stem.to_os_string();
    if let Some(n) = suffix {
        name.push(format!("-{n}"));
    }
    name.push(".json");
    name
}

fn key(rel: &Path) -> String {
    rel.to_string_lossy().to_lowercase()
}

/// Writes `contents` to `target` so that `target` is either untouched or
/// complete: into `.NAME.tmp-PID` next to it, synced, then renamed over it.
/// The temporary file is removed if anything fails.
pub fn write_atomic(target: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other("the output path has no file name"))?;
    fs::create_dir_all(dir)?;
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = TempFile {
        path: dir.join(tmp_name),
        keep: false,
    };
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp.path)?;
    file.write_all(contents)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp.path, target)?;
    tmp.keep();
    Ok(())
}

/// Syncs a directory so the renames in it survive a crash (Unix; elsewhere a
/// directory cannot be opened and this does nothing).
pub fn sync_dir(dir: &Path) {
    if cfg!(unix) {
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// A temporary file removed on drop unless kept.
struct TempFile {
    path: PathBuf,
    keep: bool,
}

impl TempFile {
    fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(dir: &str, rel: &str) -> Input {
        Input {
            source: Source::File(Path::new(dir).join(rel)),
            rel: PathBuf::from(rel),
        }
    }

    #[test]
    fn names_mirror_and_clashes_get_suffixes() {
        let tmp = std::env::temp_dir().join(format!("poa-ocr-plan-{}", std::process::id()));
        let out = tmp.join("out");
        let inputs = [
            input("/nonexistent/a", "x.txt"),
            input("/nonexistent/b", "x.txt"),
            input("/nonexistent/a", "X.TXT"),
            input("/nonexistent/c", "x-2.txt"),
            input("/nonexistent/a", "2024/x.txt"),
            Input {
                source: Source::Stdin,
                rel: PathBuf::from("stdin"),
            },
        ];
        let plan = plan(&out, &inputs).unwrap();
        let got: Vec<PathBuf> = plan
            .targets
            .iter()
            .map(|t| {
                t.as_ref()
                    .unwrap()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_path_buf()
            })
            .collect();
        let want = [
            "x.json",
            "x-2.json",
            "X-3.json",
            "x-2-2.json",
            "2024/x.json",
            "stdin.json",
        ];
        assert_eq!(got, want.iter().map(PathBuf::from).collect::<Vec<_>>());
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let tmp = std::env::temp_dir().join(format!("poa-ocr-write-{}", std::process::id()));
        let target = tmp.join("sub/a.json");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        assert_eq!(fs::read_dir(tmp.join("sub")).unwrap().count(), 1);
        // A target that is a directory cannot be replaced: the error leaves no temporary file.
        fs::create_dir_all(tmp.join("sub/d.json")).unwrap();
        assert!(write_atomic(&tmp.join("sub/d.json"), b"x").is_err());
        assert_eq!(fs::read_dir(tmp.join("sub")).unwrap().count(), 2);
        fs::remove_dir_all(&tmp).unwrap();
    }
}
