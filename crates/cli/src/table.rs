//! Human-readable output: tables that fit the terminal, CJK text aligned
//! (comfy-table measures display width, not bytes).

use std::fmt::Write;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, ContentArrangement, Table};
use papershelf_core::foryou::{Model, Reason};
use papershelf_core::import::FileReport;
use papershelf_core::store::{BackupInfo, DigestSummary, Page, SimilarPaper};
use papershelf_core::{PaperDetail, PaperId, PaperRow, PdfHighlight};

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(Cell::new));
    t
}

/// `list`: the papers; sorted For you by a trained model, the score and
/// why in a column of their own.
pub fn listed(out: &mut String, page: &Page) {
    if page.papers.iter().all(|f| f.for_you.is_none()) {
        let rows: Vec<PaperRow> = page.papers.iter().map(|f| f.paper.clone()).collect();
        return papers(out, &rows);
    }
    let mut t = table(&["#", "arXiv", "", "Title", "For you", "Why"]);
    for f in &page.papers {
        let p = &f.paper;
        let (score, why) = match &f.for_you {
            Some(r) => (format!("{:.2}", r.score), reasons(&r.why)),
            None => ("-".into(), String::new()),
        };
        t.add_row(vec![
            Cell::new(p.id),
            Cell::new(arxiv(p)),
            Cell::new(marks(p)),
            Cell::new(&p.title),
            Cell::new(score),
            Cell::new(why),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let unread = page.papers.iter().filter(|f| !f.paper.read).count();
    let _ = writeln!(
        out,
        "{} paper(s), {unread} unread, most likely wanted first (● unread, ★ starred)",
        page.papers.len()
    );
}

/// `similar`: the papers most like one.
pub fn similar(out: &mut String, similar: &[SimilarPaper]) {
    if similar.is_empty() {
        let _ = writeln!(
            out,
            "No similar papers: it shares no term with another paper."
        );
        return;
    }
    let mut t = table(&["#", "arXiv", "Title", "Similarity", "Shared"]);
    for s in similar {
        t.add_row(vec![
            Cell::new(s.paper.id),
            Cell::new(arxiv(&s.paper)),
            Cell::new(&s.paper.title),
            Cell::new(format!("{:.2}", s.score)),
            Cell::new(reasons(&s.why)),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

/// `reindex --model`.
pub fn model(m: &Model) -> String {
    let mut out = format!(
        "For you model rebuilt: {} paper(s), {} term(s), {} positive(s), {} negative(s).\n",
        m.features.len(),
        m.features.terms.len(),
        m.positives,
        m.negatives
    );
    if let Some(message) = m.state().message() {
        out.push_str(&message);
        out.push('\n');
    }
    out
}

/// Reasons as the app shows them: `视觉 · video · diffusion`.
fn reasons(why: &[Reason]) -> String {
    why.iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn arxiv(p: &PaperRow) -> String {
    p.arxiv
        .as_ref()
        .map(|a| a.to_string())
        .unwrap_or_else(|| "-".into())
}

/// Unread, starred and a newer version, as one column.
fn marks(p: &PaperRow) -> String {
    let marks = format!(
        "{}{}",
        if p.read { " " } else { "●" },
        if p.starred { "★" } else { " " }
    );
    match p.new_version {
        Some(v) => format!("{marks} v{v}↑"),
        None => marks,
    }
}

pub fn papers(out: &mut String, rows: &[PaperRow]) {
    if rows.is_empty() {
        let _ = writeln!(out, "No papers.");
        return;
    }
    let mut t = table(&["#", "arXiv", "", "Title", "Keywords", "Digests"]);
    for p in rows {
        t.add_row(vec![
            Cell::new(p.id),
            Cell::new(arxiv(p)),
            Cell::new(marks(p)),
            Cell::new(&p.title),
            Cell::new(p.keywords.join(", ")),
            Cell::new(
                p.digests
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ]);
    }
    let _ = writeln!(out, "{t}");
    let unread = rows.iter().filter(|p| !p.read).count();
    let _ = writeln!(
        out,
        "{} paper(s), {unread} unread (● unread, ★ starred)",
        rows.len()
    );
}

pub fn digests(out: &mut String, digests: &[DigestSummary]) {
    if digests.is_empty() {
        let _ = writeln!(
            out,
            "No digests yet: import one with `papershelf import FILE`."
        );
        return;
    }
    let mut t = table(&["Date", "File", "Papers", "Unread"]);
    for d in digests {
        t.add_row(vec![
            Cell::new(d.date),
            Cell::new(&d.name),
            Cell::new(d.papers),
            Cell::new(d.unread),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

pub fn backups(out: &mut String, backups: &[BackupInfo]) {
    if backups.is_empty() {
        let _ = writeln!(
            out,
            "No backups yet: `papershelf backup` takes one (and any command that changes the library takes one a day)."
        );
        return;
    }
    let mut t = table(&["Taken (UTC)", "Size", "Papers", "Notes", "File"]);
    for b in backups {
        let mut name = b
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if b.before_restore {
            name.push_str(" (before a restore)");
        }
        t.add_row(vec![
            Cell::new(b.taken_at.format("%Y-%m-%d %H:%M:%S")),
            Cell::new(crate::fetch::human_size(b.size)),
            Cell::new(b.papers),
            Cell::new(b.notes),
            Cell::new(name),
        ]);
    }
    let _ = writeln!(out, "{t}");
}

pub fn import(out: &mut String, reports: &[FileReport]) {
    for r in reports {
        match (&r.error, r.skipped) {
            (Some(e), _) => {
                let _ = writeln!(out, "{}: error: {e}", r.path);
            }
            (None, Some(skip)) => {
                let _ = writeln!(out, "{}: {skip}", r.path);
            }
            (None, None) => {
                let _ = writeln!(
                    out,
                    "{}: {} — {} paper(s): {} added, {} updated, {} unchanged",
                    r.path,
                    r.date.map(|d| d.to_string()).unwrap_or_default(),
                    r.papers,
                    r.added,
                    r.updated,
                    r.unchanged
                );
            }
        }
        for w in &r.warnings {
            let _ = writeln!(out, "  {}:{}: warning: {}", r.path, w.line, w.message);
        }
    }
}

pub fn paper(out: &mut String, p: &PaperDetail) {
    let row = &p.row;
    let _ = writeln!(out, "{}", row.title);
    let _ = writeln!(out, "{}", "─".repeat(row.title.chars().count().min(80)));
    match &row.arxiv {
        Some(a) => {
            let _ = writeln!(out, "arXiv:    {a}  {}", a.id.abs_url());
        }
        None => {
            let _ = writeln!(out, "link:     {}", row.url);
        }
    }
    let _ = writeln!(out, "number:   {}", row.id);
    let dates: Vec<String> = row.digests.iter().map(|d| d.to_string()).collect();
    let _ = writeln!(out, "digests:  {}", dates.join(", "));
    let _ = writeln!(
        out,
        "state:    {}{}",
        if row.read { "read" } else { "unread" },
        if row.starred { ", starred" } else { "" }
    );
    if !row.keywords.is_empty() {
        let _ = writeln!(out, "keywords: {}", row.keywords.join(", "));
    }
    if let Some(m) = p.metadata.as_ref().map(|s| &s.metadata) {
        let names: Vec<&str> = m.authors.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(out, "authors:  {}", names.join(", "));
        let _ = writeln!(
            out,
            "dates:    published {}, updated {}{}",
            m.published.date_naive(),
            m.updated.date_naive(),
            m.version.map(|v| format!(" (v{v})")).unwrap_or_default()
        );
        if !m.categories.is_empty() {
            let _ = writeln!(out, "arXiv categories: {}", m.categories.join(", "));
        }
        if let Some(doi) = &m.doi {
            let _ = writeln!(out, "DOI:      {doi}");
        }
        if let Some(j) = &m.journal_ref {
            let _ = writeln!(out, "journal:  {j}");
        }
    }
    if let Some(v) = row.new_version {
        let _ = writeln!(
            out,
            "new version on arXiv: v{v} (`papershelf fetch {}v{v}`)",
            row.arxiv
                .as_ref()
                .map(|a| a.id.to_string())
                .unwrap_or_default()
        );
    }
    if let Some(e) = p.entries.first() {
        if !e.body.is_empty() {
            let _ = writeln!(out, "\n{}", e.body);
        }
        for s in &e.sections {
            let _ = writeln!(out, "\n## {}\n{}", s.label, s.text);
        }
    }
    if let Some(m) = p.metadata.as_ref().map(|s| &s.metadata) {
        if !m.abstract_text.is_empty() {
            let _ = writeln!(out, "\n## Abstract\n{}", m.abstract_text);
        }
    }
    if let Some(n) = &p.note {
        let _ = writeln!(out, "\n## Note ({})\n{}", n.updated_at, n.text);
    }
}

/// `highlights`: a block per highlight, in reading order: its page, colour
/// and number (and the PDF version it was made on when that is not the
/// cached one), the quote as a Markdown quote, the comment.
pub fn highlights(out: &mut String, paper: PaperId, highlights: &[PdfHighlight]) {
    if highlights.is_empty() {
        let _ = writeln!(
            out,
            "Paper {paper} has no highlights (select a passage in the app's PDF viewer and press h)."
        );
        return;
    }
    for (i, h) in highlights.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(
            out,
            "p. {}, {} (highlight {})",
            h.page,
            h.color.as_str(),
            h.id
        );
        if !h.on_cached_pdf {
            let file = h
                .pdf_version
                .map_or("an earlier download".to_owned(), |v| format!("v{v}"));
            let _ = write!(out, ", made on {file} of the PDF: not the PDF cached now");
        }
        out.push('\n');
        for line in h.text.lines() {
            let _ = writeln!(out, "> {line}");
        }
        if !h.comment.is_empty() {
            let _ = writeln!(out, "{}", h.comment);
        }
    }
}

/// Runs a writer into a fresh string.
pub fn render(write: impl FnOnce(&mut String)) -> String {
    let mut out = String::new();
    write(&mut out);
    out
}
