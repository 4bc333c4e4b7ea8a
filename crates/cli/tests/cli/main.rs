//! Integration tests of the `papershelf` binary over the fixture digests.

mod backup;
mod bad_input;
mod check;
mod concurrency;
mod config;
mod damaged;
mod export;
mod fixtures;
mod foryou;
mod highlights;
mod import_limits;
mod library;
mod metadata;
mod notes;
mod search;
mod sources;
mod state;
mod torture;
mod vaults;
mod version;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// arXiv's API for tests that do not ask it: a closed port on 127.0.0.1, so
/// the metadata fetch after an import fails at once (a warning) and nothing
/// reaches the internet. Tests of metadata start a stand-in API.
pub const NO_API: &str = "http://127.0.0.1:9";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/digests")
        .join(name)
}

/// A fresh library in a temporary folder, and a way to run the CLI on it.
pub struct Shelf {
    pub dir: tempfile::TempDir,
}

impl Default for Shelf {
    fn default() -> Shelf {
        Shelf::new()
    }
}

impl Shelf {
    pub fn new() -> Shelf {
        Shelf {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("papershelf").unwrap();
        c.env_remove("PAPERSHELF_HOME")
            .env("PAPERSHELF_ARXIV_API_BASE", NO_API)
            .arg("--library")
            .arg(self.dir.path());
        c
    }

    /// Runs with `--json` and parses what it printed; asserts the exit code.
    pub fn json(&self, args: &[&str], code: i32) -> Value {
        let out = self.cmd().arg("--json").args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "papershelf {args:?}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    pub fn import(&self, fixtures: &[&str], code: i32) -> Value {
        let paths: Vec<String> = fixtures
            .iter()
            .map(|f| fixture(f).display().to_string())
            .collect();
        let mut args = vec!["import"];
        args.extend(paths.iter().map(String::as_str));
        self.json(&args, code)
    }

    pub fn list(&self, args: &[&str]) -> Vec<Value> {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        self.json(&all, 0).as_array().unwrap().clone()
    }
}

/// Every row of these tables (or parenthesised queries) of the shelf's
/// library, as text, sorted: to compare a library before and after.
pub fn rows(shelf: &Shelf, tables: &[&str]) -> Vec<String> {
    rows_at(shelf.dir.path(), tables)
}

/// [`rows`] of the library in the folder `library`, opened read-only.
pub fn rows_at(library: &Path, tables: &[&str]) -> Vec<String> {
    let raw = rusqlite::Connection::open_with_flags(
        library.join("library.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = raw.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<String> = (0..width)
                .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            out.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    out.sort();
    out
}

/// The one file report of an import.
pub fn file(report: &Value) -> &Value {
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{report:#}");
    &files[0]
}

pub fn counts(file: &Value) -> (u64, u64, u64, u64) {
    (
        file["papers"].as_u64().unwrap(),
        file["added"].as_u64().unwrap(),
        file["updated"].as_u64().unwrap(),
        file["unchanged"].as_u64().unwrap(),
    )
}

/// Everything the reader made, row by row: read states and stars, notes,
/// their history, tags.
pub fn reading_state(library: &Path) -> Vec<String> {
    rows_at(
        library,
        &[
            "(SELECT id, read_at, starred FROM papers)",
            "notes",
            "note_history",
            "tags",
            "paper_tags",
        ],
    )
}
