//! A per-paper note: a page whose front matter names its paper (an Obsidian
//! note per paper, a static site's page per paper). The page is that paper's
//! one entry, titled from the front matter's `title:`, else the page's first
//! heading; its Markdown is the summary. Other papers it links or mentions
//! are its references, not entries.

use super::summary::Summary;
use super::text::collapse_whitespace;
use super::{Entry, Link};

/// The note's entry: its paper's `link`, named on `line`; `body` is the
/// page after its front matter.
pub(super) fn entry(link: Link, line: usize, title: Option<String>, body: &str) -> Entry {
    let heading = first_heading(body);
    let title = title
        .or_else(|| heading.as_ref().map(|h| h.text.clone()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| match &link.arxiv {
            Some(r) => format!("arXiv:{}", r.id),
            None => link.url.clone(),
        });
    // The heading that titles the page is not part of its summary.
    let summary = match heading {
        Some(h) if body[..h.start].trim().is_empty() => &body[h.end..],
        _ => body,
    };
    Entry {
        line,
        title,
        link,
        summary: Summary::parse(summary.trim()),
    }
}

struct Heading {
    text: String,
    /// The heading's line in the body, as byte offsets.
    start: usize,
    end: usize,
}

/// The first ATX heading (`# Title`) outside fenced code.
fn first_heading(body: &str) -> Option<Heading> {
    let mut fence: Option<&str> = None;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        let bare = line.trim();
        if indent > 3 {
            continue;
        }
        if let Some(f) = fence {
            if bare.starts_with(f) && bare.trim_start_matches(f).is_empty() {
                fence = None;
            }
            continue;
        }
        if let Some(f) = ["```", "~~~"].into_iter().find(|f| bare.starts_with(f)) {
            fence = Some(f);
            continue;
        }
        let hashes = bare.bytes().take_while(|&b| b == b'#').count();
        let rest = &bare[hashes..];
        if (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with([' ', '\t'])) {
            let text = rest.trim().trim_end_matches('#').trim_end();
            return Some(Heading {
                text: clean(text),
                start,
                end: at,
            });
        }
    }
    None
}

/// A heading's text as a title: emphasis marks and wikilink brackets gone.
fn clean(text: &str) -> String {
    let text = text.replace("[[", "").replace("]]", "");
    let text = text.trim_matches(|c: char| matches!(c, '*' | '_' | ' '));
    collapse_whitespace(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Link {
        Link::new("https://arxiv.org/abs/2510.01051")
    }

    #[test]
    fn titled_from_the_front_matter_else_the_first_heading_else_the_id() {
        let body = "\n# **GEM: A Gym for Agentic LLMs**\n\nNotes.\n";
        let e = entry(link(), 3, Some("From front matter".into()), body);
        assert_eq!(e.title, "From front matter");
        assert_eq!(e.summary.text, "Notes.");
        let e = entry(link(), 3, None, body);
        assert_eq!(e.title, "GEM: A Gym for Agentic LLMs");
        assert_eq!(e.line, 3);
        let e = entry(link(), 3, None, "```\n# not a heading\n```\nJust notes.");
        assert_eq!(e.title, "arXiv:2510.01051");
        assert_eq!(e.summary.text, "```\n# not a heading\n```\nJust notes.");
    }

    #[test]
    fn a_later_heading_titles_but_stays_in_the_summary() {
        let e = entry(link(), 2, None, "Intro.\n\n## Method ##\nText.");
        assert_eq!(e.title, "Method");
        assert_eq!(e.summary.text, "Intro.\n\n## Method ##\nText.");
    }

    #[test]
    fn hashtags_are_not_headings() {
        let e = entry(link(), 2, None, "#paper #rl\n\n#### \n");
        assert_eq!(e.title, "arXiv:2510.01051");
    }
}
