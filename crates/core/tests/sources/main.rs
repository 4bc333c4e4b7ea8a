//! Sources against real files and a real HTTP server on 127.0.0.1: folder
//! catch-up, subscriptions, and the watch loop. Nothing reaches the internet.

mod folder;
mod url;
mod watch;

use std::path::Path;

use chrono::NaiveDate;
use papershelf_core::sources::{self, Source};
use papershelf_core::Library;

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A digest of `date` listing `n` papers whose ids start at `first`.
pub fn digest(date: &str, first: u32, n: u32) -> String {
    let mut md = format!("# Papers for {date}\n\n");
    for i in 0..n {
        let id = format!("2510.{:05}", first + i);
        md.push_str(&format!(
            "## {i}.[Paper {id}](https://arxiv.org/abs/{id})\nsummary:**kw** A summary of {id}.\n\n"
        ));
    }
    md
}

pub fn source(lib: &Library, id: sources::SourceId) -> Source {
    lib.sources()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap()
}

pub fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// Digests in the library as (date, name, papers).
pub fn digests(lib: &Library) -> Vec<(String, String, usize)> {
    let mut all: Vec<_> = lib
        .digests()
        .unwrap()
        .into_iter()
        .map(|d| (d.date.to_string(), d.name, d.papers))
        .collect();
    all.sort();
    all
}
