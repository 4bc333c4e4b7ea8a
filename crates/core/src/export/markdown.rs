//! Markdown notes for a vault (Obsidian, Logseq): one file per paper, named
//! from its arXiv id (`2509.25849.md`; old-style ids without `/`,
//! `hep-th_9901001.md`; a paper without one `url-<12 hex of its link's
//! sha256>.md`), with YAML front matter and the body: the digest's summary
//! in its sections, arXiv's abstract, the reader's note and highlights (each
//! as the note quotes it, [`crate::store::PdfHighlight::quote_markdown`]).
//!
//! **Re-exporting never loses an edit.** The front matter's last field,
//! `papershelf_sha256`, is the SHA-256 of the file as written without that
//! line. On the next export a file whose content still has that hash was
//! not touched since and is replaced (or left alone when nothing changed);
//! a file whose hash no longer matches was edited, and a file without the
//! field was not written by Papershelf: both are kept and reported, unless
//! `force`. The record lives in the file itself, not in a manifest beside
//! it, so it survives what vaults do to files (moving a folder, syncing
//! between machines, copying a note elsewhere), there is no second file to
//! fall out of step with the notes, and no migration is needed.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::write::{write_replacing, WriteError};
use super::ExportPaper;
use crate::digest::Summary;
use crate::store::PaperId;

/// The front matter field that records the file's hash.
pub const HASH_FIELD: &str = "papershelf_sha256";

/// The file a paper is written to, inside the folder.
pub fn file_name(p: &ExportPaper) -> String {
    match &p.arxiv {
        Some(a) => format!("{}.md", a.id.file_stem()),
        None => {
            let hash = hex::encode(Sha256::digest(p.url.as_bytes()));
            format!("url-{}.md", &hash[..12])
        }
    }
}

/// The whole file for a paper, hash line included.
pub fn note(p: &ExportPaper) -> String {
    let meta = p.metadata.as_ref();
    let mut fm = String::from("---\n");
    scalar(&mut fm, "title", &yaml_str(&super::one_line(&p.title)));
    let authors: Vec<&str> = p.authors().iter().map(|a| a.name.as_str()).collect();
    list(&mut fm, "authors", &authors);
    match &p.arxiv {
        Some(a) => scalar(&mut fm, "arxiv", &yaml_str(&a.to_string())),
        None => scalar(&mut fm, "arxiv", "null"),
    }
    scalar(&mut fm, "url", &yaml_str(&p.abs_url()));
    match meta.and_then(|m| m.published) {
        Some(d) => scalar(
            &mut fm,
            "published",
            &yaml_str(&d.format("%Y-%m-%d").to_string()),
        ),
        None => scalar(&mut fm, "published", "null"),
    }
    let categories: Vec<&str> = meta.map_or(Vec::new(), |m| {
        m.categories.iter().map(String::as_str).collect()
    });
    list(&mut fm, "categories", &categories);
    list(
        &mut fm,
        "keywords",
        &p.keywords.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    list(
        &mut fm,
        "tags",
        &p.tags.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let digests: Vec<String> = p.digests.iter().map(|d| d.to_string()).collect();
    list(
        &mut fm,
        "digests",
        &digests.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    scalar(&mut fm, "read", if p.read { "true" } else { "false" });
    scalar(&mut fm, "starred", if p.starred { "true" } else { "false" });
    match &p.read_at {
        Some(t) => scalar(&mut fm, "read_at", &yaml_str(t)),
        None => scalar(&mut fm, "read_at", "null"),
    }
    let body = body(p);
    let unsigned = format!("{fm}---\n\n{body}");
    let hash = hex::encode(Sha256::digest(unsigned.as_bytes()));
    format!("{fm}{HASH_FIELD}: \"{hash}\"\n---\n\n{body}")
}

fn body(p: &ExportPaper) -> String {
    let mut b = format!("# {}\n", super::one_line(&p.title));
    if let Some(s) = p.summary.as_deref().map(Summary::parse) {
        let mut parts = Vec::new();
        if !s.body.trim().is_empty() {
            parts.push(s.body.trim().to_owned());
        }
        for section in &s.sections {
            parts.push(format!(
                "### {}\n\n{}",
                super::one_line(&section.label),
                section.text.trim()
            ));
        }
        if parts.is_empty() && !s.text.trim().is_empty() {
            parts.push(s.text.trim().to_owned());
        }
        if !parts.is_empty() {
            b.push_str("\n## Summary\n\n");
            b.push_str(&parts.join("\n\n"));
            b.push('\n');
        }
    }
    if let Some(a) = p.abstract_text() {
        b.push_str("\n## Abstract\n\n");
        b.push_str(a);
        b.push('\n');
    }
    if let Some(n) = p.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        b.push_str("\n## Note\n\n");
        b.push_str(n);
        b.push('\n');
    }
    if !p.highlights.is_empty() {
        b.push_str("\n## Highlights\n");
        for h in &p.highlights {
            b.push('\n');
            b.push_str(&h.quote_markdown());
            b.push('\n');
        }
    }
    b
}

fn scalar(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(": ");
    out.push_str(value);
    out.push('\n');
}

fn list(out: &mut String, key: &str, items: &[&str]) {
    out.push_str(key);
    if items.is_empty() {
        out.push_str(": []\n");
        return;
    }
    out.push_str(":\n");
    for item in items {
        out.push_str("  - ");
        out.push_str(&yaml_str(&super::one_line(item)));
        out.push('\n');
    }
}

/// A YAML double-quoted scalar: JSON's string syntax (YAML 1.2 reads it),
/// with the characters YAML would not take raw (DEL, C1 controls, the BOM,
/// U+2028/9 which YAML 1.1 readers take for line breaks) escaped too.
pub fn yaml_str(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string is JSON");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` is a file this export wrote and nobody changed since:
/// `Some(true)` untouched, `Some(false)` edited, `None` not written by
/// Papershelf (no hash field in its front matter).
pub fn untouched(text: &str) -> Option<bool> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 4;
    for line in rest.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        if content == "---" {
            return None;
        }
        if let Some(value) = content
            .strip_prefix(HASH_FIELD)
            .and_then(|v| v.strip_prefix(": "))
        {
            let recorded = value.trim().trim_matches('"');
            let unsigned = format!("{}{}", &text[..offset], &text[offset + line.len()..]);
            let hash = hex::encode(Sha256::digest(unsigned.as_bytes()));
            return Some(hash == recorded);
        }
        offset += line.len();
    }
    None
}

/// What became of a paper's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new file.
    Created,
    /// Our file, replaced with the paper's current state.
    Updated,
    /// Our file, already saying what it would say.
    Unchanged,
    /// Edited since the last export: kept as it is (`force` replaces it).
    KeptEdited,
    /// Not written by Papershelf: kept as it is (`force` replaces it).
    KeptForeign,
    /// Edited or not ours, replaced because of `force`.
    Overwritten,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::KeptEdited => "kept_edited",
            Outcome::KeptForeign => "kept_foreign",
            Outcome::Overwritten => "overwritten",
        }
    }

    /// The file was left as the reader had it and the export is not in it.
    pub fn kept(self) -> bool {
        matches!(self, Outcome::KeptEdited | Outcome::KeptForeign)
    }
}

/// One paper's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub paper: PaperId,
    pub path: PathBuf,
    pub outcome: Outcome,
}

#[derive(Debug, thiserror::Error)]
pub enum MarkdownError {
    #[error("cannot make the folder {path}: {error}; choose a folder you can write to")]
    Folder {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{0} is not a folder: Markdown notes are written one file per paper into a folder")]
    NotAFolder(PathBuf),
    #[error("cannot read {path} to see whether it was edited: {error}; it was left as it is, and so were the notes after it")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Writes each paper's note into `dir` (made if missing), keeping files
/// edited since the last export or not written by Papershelf unless
/// `force`. Each file is written beside and renamed into place, so a note
/// is never half written. Stops at the first file that cannot be read or
/// written; the files before it are written.
pub fn write_folder(
    dir: &Path,
    papers: &[ExportPaper],
    force: bool,
) -> Result<Vec<Written>, MarkdownError> {
    if dir.exists() && !dir.is_dir() {
        return Err(MarkdownError::NotAFolder(dir.to_owned()));
    }
    std::fs::create_dir_all(dir).map_err(|error| MarkdownError::Folder {
        path: dir.to_owned(),
        error,
    })?;
    let mut report = Vec::with_capacity(papers.len());
    for p in papers {
        let path = dir.join(file_name(p));
        let text = note(p);
        let outcome = match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Outcome::Created,
            Err(error) => return Err(MarkdownError::Read { path, error }),
            Ok(bytes) => {
                let old = String::from_utf8_lossy(&bytes);
                match untouched(&old) {
                    Some(true) if old == text => Outcome::Unchanged,
                    Some(true) => Outcome::Updated,
                    _ if force => Outcome::Overwritten,
                    Some(false) => Outcome::KeptEdited,
                    None => Outcome::KeptForeign,
                }
            }
        };
        if !matches!(outcome, Outcome::Unchanged) && !outcome.kept() {
            write_replacing(&path, |f| {
                f.write_all(text.as_bytes())
                    .map_err(|error| WriteError::Write {
                        path: path.clone(),
                        error,
                    })
            })?;
        }
        report.push(Written {
            paper: p.id,
            path,
            outcome,
        });
    }
    Ok(report)
}

/// What an export of notes did, counted: for the CLI's report and the app's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Edited or not ours, replaced because of `force`.
    pub overwritten: usize,
    /// Kept: edited since the last export.
    pub kept_edited: Vec<PathBuf>,
    /// Kept: not written by Papershelf.
    pub kept_foreign: Vec<PathBuf>,
}

impl Tally {
    pub fn of(written: &[Written]) -> Tally {
        let mut t = Tally::default();
        for w in written {
            match w.outcome {
                Outcome::Created => t.created += 1,
                Outcome::Updated => t.updated += 1,
                Outcome::Unchanged => t.unchanged += 1,
                Outcome::Overwritten => t.overwritten += 1,
                Outcome::KeptEdited => t.kept_edited.push(w.path.clone()),
                Outcome::KeptForeign => t.kept_foreign.push(w.path.clone()),
            }
        }
        t
    }

    /// Files written this time (new, updated or overwritten).
    pub fn written(&self) -> usize {
        self.created + self.updated + self.overwritten
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_escape_what_yaml_would_not_take_raw() {
        assert_eq!(
            yaml_str("a \"b\" \\ \u{85}\u{2028}\u{1}"),
            r#""a \"b\" \\ \u0085\u2028\u0001""#
        );
    }

    #[test]
    fn a_file_is_untouched_only_with_its_own_hash() {
        let text = "---\ntitle: \"x\"\n";
        let unsigned = format!("{text}---\n\nbody\n");
        let hash = hex::encode(Sha256::digest(unsigned.as_bytes()));
        let signed = format!("{text}{HASH_FIELD}: \"{hash}\"\n---\n\nbody\n");
        assert_eq!(untouched(&signed), Some(true));
        assert_eq!(untouched(&signed.replace("body", "body!")), Some(false));
        assert_eq!(untouched(&unsigned), None);
        assert_eq!(untouched("no front matter"), None);
    }
}
