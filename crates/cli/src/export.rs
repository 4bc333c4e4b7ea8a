//! `export`: the selection as a `PaperQuery`, core's formats written to
//! standard output, a file or (Markdown) a folder; `--format state` is
//! `state.rs`.

use std::path::Path;

use anyhow::{bail, Result};
use papershelf_core::export::{markdown, Export, Format, Written};
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
    let format = match format {
        ExportFormat::State => {
            if query != PaperQuery::scope(Scope::All) {
                bail!("--format state is the whole library's reading state: it takes no selection of papers");
            }
            return crate::state::export(lib, output, json);
        }
        ExportFormat::Bibtex => Format::Bibtex,
        ExportFormat::CslJson => Format::CslJson,
        ExportFormat::Ris => Format::Ris,
        ExportFormat::Markdown => Format::Markdown,
        ExportFormat::Json => Format::Json,
    };
    if force && format != Format::Markdown {
        bail!("--force is for --format markdown (notes edited since the last export)");
    }
    if format.is_folder() && output.is_none() {
        bail!("--format markdown writes one file per paper: name the folder with --output DIR");
    }
    let export = Export::prepare(lib, &query, format)?;
    let Some(path) = output else {
        return emit(export.text().unwrap_or_default());
    };
    match export.write(path, force)? {
        Written::Folder { dir, notes } => markdown_report(&dir, &notes, json),
        Written::File { path, papers } if json => {
            print_json(&json!({ "path": path, "format": format.name(), "papers": papers }))
        }
        Written::File { path, papers } => emit(&format!(
            "Exported {papers} paper(s) as {} to {}.\n",
            format.name(),
            path.display()
        )),
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
    if json {
        let files: Vec<_> = written
            .iter()
            .map(|w| json!({"id": w.paper.0, "path": w.path, "outcome": w.outcome.as_str()}))
            .collect();
        return print_json(&json!({ "dir": dir, "files": files }));
    }
    let tally = markdown::Tally::of(written);
    let mut text = format!(
        "Markdown notes of {} paper(s) in {}: {} created, {} updated, {} unchanged",
        written.len(),
        dir.display(),
        tally.created,
        tally.updated,
        tally.unchanged,
    );
    if tally.overwritten > 0 {
        text.push_str(&format!(", {} overwritten (--force)", tally.overwritten));
    }
    text.push_str(".\n");
    for (kept, what) in [
        (&tally.kept_edited, "edited since the last export"),
        (&tally.kept_foreign, "not written by Papershelf"),
    ] {
        if kept.is_empty() {
            continue;
        }
        let names: Vec<String> = kept
            .iter()
            .take(NAMED)
            .map(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        let more = kept.len().saturating_sub(NAMED);
        text.push_str(&format!(
            "Kept {} file(s) {what} (--force overwrites them): {}{}\n",
            kept.len(),
            names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    emit(&text)
}
