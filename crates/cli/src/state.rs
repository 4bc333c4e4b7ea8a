//! `export --format state` and `import-state`: the reader's state carried
//! between libraries (core: `papershelf_core::state`).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use papershelf_core::digest::PaperKey;
use papershelf_core::state::{self, MergeReport};
use papershelf_core::Library;
use serde_json::json;

use crate::{emit, print_json};

/// Papers not in the library that the text report names; `--json` gives all.
const SKIPPED_SHOWN: usize = 10;

pub fn export(lib: &Library, to: Option<&Path>, json: bool) -> Result<()> {
    let Some(path) = to else {
        let mut out = std::io::stdout().lock();
        state::export(lib, &mut out)?;
        return Ok(out.flush()?);
    };
    let mut papers = 0;
    papershelf_core::export::write_replacing::<anyhow::Error>(path, |file| {
        papers = state::export(lib, file)?;
        Ok(())
    })?;
    if json {
        print_json(&json!({ "path": path, "papers": papers }))
    } else {
        emit(&format!(
            "Wrote the reading state of {papers} paper(s) to {}.\n",
            path.display()
        ))
    }
}

pub fn import(lib: &mut Library, file: &Path, json: bool) -> Result<()> {
    let stdin = file.as_os_str() == "-";
    let name = if stdin {
        "standard input".to_owned()
    } else {
        file.display().to_string()
    };
    let report = if stdin {
        state::import(lib, std::io::stdin().lock(), &name)?
    } else {
        let input = std::fs::File::open(file).with_context(|| format!("cannot read {name}"))?;
        state::import(lib, input, &name)?
    };
    if json {
        print_json(&report_json(file, &report))
    } else {
        emit(&report_text(&name, &report))
    }
}

fn key(paper: &PaperKey) -> String {
    match paper {
        PaperKey::Arxiv(id) => id.to_string(),
        PaperKey::Url(url) => url.clone(),
    }
}

fn report_json(file: &Path, r: &MergeReport) -> serde_json::Value {
    let f = &r.fields;
    json!({
        "file": file,
        "papers": r.papers,
        "changed": r.changed,
        "unchanged": r.unchanged,
        "skipped": r.skipped.iter().map(key).collect::<Vec<_>>(),
        "fields": {
            "read": f.read,
            "starred": f.starred,
            "tags_given": f.tags_given,
            "tags_removed": f.tags_removed,
            "notes": f.notes,
            "note_history": f.note_history,
            "pdf_pages": f.pdf_pages,
        },
    })
}

fn report_text(file: &str, r: &MergeReport) -> String {
    let mut text = format!(
        "Merged the reading state of {} paper(s) from {}: {} changed, {} already up to date, {} not in this library.\n",
        r.papers,
        file,
        r.changed,
        r.unchanged,
        r.skipped.len()
    );
    let f = &r.fields;
    let parts: Vec<String> = [
        (f.read, "read states"),
        (f.starred, "stars"),
        (f.tags_given, "tags given"),
        (f.tags_removed, "tags removed"),
        (
            f.notes,
            "notes replaced (the text before kept in their history)",
        ),
        (f.note_history, "earlier note texts added"),
        (f.pdf_pages, "PDF pages"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{what}: {n}"))
    .collect();
    if !parts.is_empty() {
        text.push_str(&format!("  {}\n", parts.join(", ")));
    }
    if !r.skipped.is_empty() {
        let shown: Vec<String> = r.skipped.iter().take(SKIPPED_SHOWN).map(key).collect();
        let more = r.skipped.len().saturating_sub(SKIPPED_SHOWN);
        text.push_str(&format!(
            "Not in this library (import their digests, then this file again): {}{}\n",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    text
}
