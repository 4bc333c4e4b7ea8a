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

#[cfg(test)]
mod tests {
    use super::*;
    use papershelf_core::store::Found;
    use papershelf_core::{PaperId, PaperRow};

    fn page(total: Total, papers: usize) -> Page {
        let row = |i: usize| PaperRow {
            id: PaperId(i as i64 + 1),
            arxiv: None,
            title: format!("Paper {i}"),
            url: String::new(),
            keywords: Vec::new(),
            digests: Vec::new(),
            read: false,
            read_at: None,
            starred: false,
            has_note: false,
            has_pdf: false,
            tags: Vec::new(),
            authors: Vec::new(),
            new_version: None,
        };
        Page {
            total,
            papers: (0..papers)
                .map(|i| Found {
                    paper: row(i),
                    highlights: None,
                    for_you: None,
                })
                .collect(),
            truncated: false,
            contradiction: false,
            for_you: None,
        }
    }

    fn text(page: &Page, offset: usize, limit: usize) -> String {
        let mut out = String::new();
        results(&mut out, page, offset, limit, Marks::Markdown);
        out
    }

    #[test]
    fn a_total_past_the_count_reads_n_plus_and_a_full_page_has_a_next() {
        let out = text(&page(Total::AtLeast(10_000), 2), 10_500, 2);
        assert!(
            out.contains("10000+ paper(s) match; showing 10501–10502 (next: --offset 10502)"),
            "{out}"
        );
        // A page that is not full is the last one.
        let out = text(&page(Total::AtLeast(10_000), 1), 10_500, 2);
        assert!(out.contains("showing 10501–10501  (● unread"), "{out}");
        let out = text(&page(Total::Exact(3), 2), 0, 2);
        assert!(
            out.contains("3 paper(s) match; showing 1–2 (next: --offset 2)"),
            "{out}"
        );
        let out = text(&page(Total::AtLeast(10_000), 0), 20_000, 20);
        assert!(out.contains("(10000+ match in all)"), "{out}");
        let json = crate::json::search(&page(Total::AtLeast(10_000), 1), 0, 20);
        assert_eq!(
            (&json["total"], &json["total_exact"]),
            (&10_000.into(), &false.into())
        );
    }
}
