//! Search results and tags as text. Matches are bold on a terminal and
//! `**marked**` elsewhere (pipes, files, tests), so they survive either way.

use std::fmt::Write;

use papershelf_core::search::Highlighted;
use papershelf_core::store::{Page, SnippetSource, TagSummary, Total};

/// How matches are shown.
#[derive(Debug, Clone, Copy)]
pub enum Marks {
    Ansi,
    Markdown,
}

impl Marks {
    fn wrap(self) -> (&'static str, &'static str) {
        match self {
            Marks::Ansi => ("\x1b[1;33m", "\x1b[0m"),
            Marks::Markdown => ("**", "**"),
        }
    }
}

fn marked(h: &Highlighted, marks: Marks) -> String {
    let (open, close) = marks.wrap();
    h.fragments()
        .into_iter()
        .map(|(text, hit)| {
            if hit {
                format!("{open}{text}{close}")
            } else {
                text.to_owned()
            }
        })
        .collect()
}

pub fn results(out: &mut String, r: &Page, offset: usize, limit: usize, marks: Marks) {
    if r.papers.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            if r.total == Total::Exact(0) {
                "No papers match.".to_owned()
            } else {
                format!("No papers on this page ({} match in all).", r.total)
            }
        );
        return;
    }
    for found in &r.papers {
        let p = &found.paper;
        let highlights = found.highlights.as_ref();
        let id = p
            .arxiv
            .as_ref()
            .map(|a| a.to_string())
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "{:>5} {}{} {id}  {}",
            p.id.to_string(),
            if p.read { " " } else { "●" },
            if p.starred { "★" } else { " " },
            highlights.map_or_else(|| p.title.clone(), |h| marked(&h.title, marks))
        );
        if let Some(s) = highlights.and_then(|h| h.snippet.as_ref()) {
            let source = match s.source {
                SnippetSource::Summary(date) => format!("{date}"),
                SnippetSource::Note => "note".to_owned(),
                SnippetSource::Keywords => "keywords".to_owned(),
                SnippetSource::Highlight { page, .. } => format!("highlight p. {page}"),
                SnippetSource::Pdf { page } => format!("PDF p. {page}"),
            };
            let _ = writeln!(out, "        {source}: {}", marked(&s.text, marks));
        }
        if !p.tags.is_empty() {
            let _ = writeln!(out, "        tags: {}", p.tags.join(", "));
        }
    }
    let shown = offset + r.papers.len();
    let _ = write!(
        out,
        "{} paper(s) match; showing {}–{shown}",
        r.total,
        offset + 1
    );
    // Past a search's counted matches, a full page may have a next one.
    let more = match r.total {
        Total::Exact(n) => shown < n,
        Total::AtLeast(n) => shown < n || r.papers.len() == limit,
    };
    if more {
        let _ = write!(out, " (next: --offset {shown})");
    }
    let _ = writeln!(out, "  (● unread, ★ starred)");
    if r.truncated {
        let _ = writeln!(
            out,
            "The query was too long: only its beginning was searched."
        );
    }
}

pub fn tags(out: &mut String, tags: &[TagSummary]) {
    if tags.is_empty() {
        let _ = writeln!(out, "No tags yet: add one with `papershelf tag ID TAG`.");
        return;
    }
    let width = tags
        .iter()
        .map(|t| unicode_width::UnicodeWidthStr::width(t.name.as_str()))
        .max()
        .unwrap_or(0);
    for t in tags {
        let pad = width - unicode_width::UnicodeWidthStr::width(t.name.as_str());
        let _ = writeln!(out, "{}{}  {}", t.name, " ".repeat(pad), t.papers);
    }
}
