//! The daily digest format: `# Papers for DATE`, then per paper a heading
//! `## N.[Title](URL)` followed by a `summary:` line.

use chrono::NaiveDate;

use super::summary::Summary;
use super::text::{collapse_whitespace, link_at};
use super::{date, Entry, Link, Warning};

/// True when the text has at least one `## N.[` entry heading.
pub(super) fn is_daily(text: &str) -> bool {
    text.lines()
        .any(|l| entry_heading(l).is_some_and(|(_, rest)| rest.starts_with('[')))
}

/// The part after `## N.` of an entry heading, with its number.
fn entry_heading(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("## ")?.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = rest[digits..].strip_prefix('.')?.trim_start();
    Some((&rest[..digits], after))
}

struct Pending {
    line: usize,
    title: String,
    url: String,
    summary: Vec<String>,
}

/// Parses `text`, which starts after `before` lines of the file.
pub(super) fn parse(text: &str, before: usize) -> (Option<NaiveDate>, Vec<Entry>, Vec<Warning>) {
    let mut day = None;
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    let mut pending: Option<Pending> = None;

    for (i, line) in text.lines().enumerate() {
        let line_no = before + i + 1;
        if line.starts_with("## ") || (line.starts_with("# ") && day.is_none()) {
            if let Some(p) = pending.take() {
                entries.push(finish(p));
            }
        }
        if let Some(h) = line.strip_prefix("# ") {
            if day.is_none() {
                day = date::from_text(h);
            }
            continue;
        }
        if let Some((number, rest)) = entry_heading(line) {
            match entry_link(rest) {
                Ok((title, url)) => {
                    pending = Some(Pending {
                        line: line_no,
                        title,
                        url,
                        summary: Vec::new(),
                    })
                }
                Err(why) => warnings.push(Warning::new(
                    line_no,
                    format!("entry {number}: {why}; not imported"),
                )),
            }
            continue;
        }
        if let Some(p) = pending.as_mut() {
            let content = line.strip_prefix("summary:").unwrap_or(line);
            if !content.trim().is_empty() || !p.summary.is_empty() {
                p.summary.push(content.to_owned());
            }
        }
    }
    if let Some(p) = pending.take() {
        entries.push(finish(p));
    }
    (day, entries, warnings)
}

fn entry_link(rest: &str) -> Result<(String, String), &'static str> {
    if !rest.starts_with('[') {
        return Err("the heading has no [title](link)");
    }
    let Some(link) = link_at(rest, 0) else {
        return Err("the link is not closed (is the line cut short?)");
    };
    let title = collapse_whitespace(link.text);
    if title.is_empty() {
        return Err("the link has no title");
    }
    if link.url.trim().is_empty() {
        return Err("the link has no target");
    }
    Ok((title, link.url.trim().to_owned()))
}

fn finish(p: Pending) -> Entry {
    let raw = p.summary.join("\n");
    Entry {
        line: p.line,
        title: p.title,
        link: Link::new(&p.url),
        summary: Summary::parse(raw.trim()),
    }
}
