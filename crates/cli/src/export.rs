//! `export`: the selection as a `PaperQuery`, core's formats written to
//! standard output, a file or (Markdown) a folder; `--format state` is
//! `state.rs`.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};
use papershelf_core::export::{self, bibtex, csl, markdown, ris};
use papershelf_core::{Library, PaperQuery, Scope};
use serde_json::json;

use crate::args::{ExportFormat, ExportSelection};
use crate::{emit, print_json};

/// Files `markdown` names in its text report per kind; `--json` gives all.
const NAMED: usize = 10;

pub fn export(
    lib: &Library,
    format: ExportFormat,
    output: Option<&Path>,
    select: ExportSelection,
    force: bool,
    json: bool,
) -> Result<()> {
    let query = query(lib, select)?;
    if format == ExportFormat::State {
        if query != PaperQuery::scope(Scope::All) {
            bail!("--format state is the whole library's reading state: it takes no selection of papers");
        }
        return crate::state::export(lib, output, json);
    }
    if force && format != ExportFormat::Markdown {
        bail!("--force is for --format markdown (notes edited since the last export)");
    }
    let (text, papers) = match format {
        ExportFormat::Markdown => {
            let Some(dir) = output else {
                bail!("--format markdown writes one file per paper: name the folder with --output DIR");
            };
            let papers = export::gather(lib, &query)?;
            let written = markdown::write_folder(dir, &papers, force)?;
            return markdown_report(dir, &written, json);
        }
        ExportFormat::Json => {
            let ids = lib.papers(&query)?.ids();
            let details = ids
                .iter()
                .map(|id| Ok(crate::json::paper_detail(&lib.paper(*id)?)))
                .collect::<Result<Vec<_>>>()?;
            let n = details.len();
            (serde_json::to_string_pretty(&details)? + "\n", n)
        }
        ExportFormat::Bibtex | ExportFormat::CslJson | ExportFormat::Ris => {
            let papers = export::gather(lib, &query)?;
            let text = match format {
                ExportFormat::Bibtex => bibtex::bibtex(&papers),
                ExportFormat::Ris => ris::ris(&papers),
                _ => serde_json::to_string_pretty(&csl::csl_json(&papers))? + "\n",
            };
            (text, papers.len())
        }
        ExportFormat::State => unreachable!("handled above"),
    };
    let Some(path) = output else {
        return emit(&text);
    };
    write_replacing(path, |w| Ok(w.write_all(text.as_bytes())?))?;
    if json {
        print_json(&json!({ "path": path, "format": name(format), "papers": papers }))
    } else {
        emit(&format!(
            "Exported {papers} paper(s) as {} to {}.\n",
            name(format),
            path.display()
        ))
    }
}

fn name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Bibtex => "BibTeX",
        ExportFormat::CslJson => "CSL-JSON",
        ExportFormat::Ris => "RIS",
        ExportFormat::Markdown => "Markdown",
        ExportFormat::Json => "JSON",
        ExportFormat::State => "reading state",
    }
}

/// The selection as a query: `search`'s filters without text (so
/// `--digest` is the scope, in the digest's order), every paper they pass;
/// ids, when given, are the scope and `--digest` a condition on them.
fn query(lib: &Library, s: ExportSelection) -> Result<PaperQuery> {
    let ids = crate::resolve_all(lib, &s.ids)?;
    if let Some(date) = s.filters.digest {
        lib.ensure_digest(date)?;
    }
    let mut query = PaperQuery {
        limit: PaperQuery::ALL,
        ..crate::search_query(String::new(), s.filters)
    };
    if !ids.is_empty() {
        if let Scope::Digest(date) = query.scope {
            (query.filter.since, query.filter.until) = (Some(date), Some(date));
        }
        query.scope = Scope::Papers(ids);
    }
    Ok(query)
}

fn markdown_report(dir: &Path, written: &[markdown::Written], json: bool) -> Result<()> {
    use markdown::Outcome;
    let file = |w: &markdown::Written| {
        w.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    if json {
        let files: Vec<_> = written
            .iter()
            .map(|w| json!({"id": w.paper.0, "path": w.path, "outcome": w.outcome.as_str()}))
            .collect();
        return print_json(&json!({ "dir": dir, "files": files }));
    }
    let count = |o: Outcome| written.iter().filter(|w| w.outcome == o).count();
    let mut text = format!(
        "Markdown notes of {} paper(s) in {}: {} created, {} updated, {} unchanged",
        written.len(),
        dir.display(),
        count(Outcome::Created),
        count(Outcome::Updated),
        count(Outcome::Unchanged),
    );
    if count(Outcome::Overwritten) > 0 {
        text.push_str(&format!(
            ", {} overwritten (--force)",
            count(Outcome::Overwritten)
        ));
    }
    text.push_str(".\n");
    for (outcome, what) in [
        (Outcome::KeptEdited, "edited since the last export"),
        (Outcome::KeptForeign, "not written by Papershelf"),
    ] {
        let names: Vec<String> = written
            .iter()
            .filter(|w| w.outcome == outcome)
            .map(file)
            .collect();
        if names.is_empty() {
            continue;
        }
        let more = names.len().saturating_sub(NAMED);
        text.push_str(&format!(
            "Kept {} file(s) {what} (--force overwrites them): {}{}\n",
            names.len(),
            names[..names.len().min(NAMED)].join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    emit(&text)
}

/// Writes a file whole or not at all: written beside it, fsynced, and
/// renamed over it, so a failed export leaves the file as it was.
pub fn write_replacing(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    write(file.as_file_mut()).with_context(|| format!("cannot write {}", path.display()))?;
    file.as_file()
        .sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
