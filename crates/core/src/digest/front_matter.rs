//! YAML front matter: the `---` block at the very start of a page that
//! static-site generators (Hugo, Jekyll) and notes tools (Obsidian) write.
//! It may give the page's listing date and, in a per-paper note, the paper.
//!
//! Only the start of the file is looked at, so a `---` rule further down (or
//! in a later block of a long file) is Markdown as before. A block counts as
//! front matter when it is closed by `---` or `...` and its first line that
//! is not blank or a comment reads like a YAML key (`date:`); then it is
//! never Markdown, whatever YAML makes of it. It is read with yaml-rust2's
//! event parser, keeping only the top-level mapping's plain values: no alias
//! is expanded, nothing nests in our code, and a scalar keeps its text as
//! written (`arxiv_id: 2510.20530` stays that, not the number 2510.2053).
//! Invalid YAML is a warning with its line; the fields read before it stay.

use chrono::NaiveDate;
use yaml_rust2::parser::{Event, Parser};

use super::{date, Link, Warning};
use crate::arxiv::{self, ArxivRef};

/// What a page's front matter says, and where the page's Markdown starts.
#[derive(Debug, Default, PartialEq)]
pub(super) struct FrontMatter {
    /// The page's listing date: `announcement_date:`, `created:`, `date:`
    /// (never `published:`, a paper's own date).
    pub date: Option<NaiveDate>,
    /// The paper a per-paper note is about: `arxiv:`, `arxiv_id:`,
    /// `arxiv_url:` or an arXiv `url:`, and the line that names it.
    pub paper: Option<(Link, usize)>,
    pub title: Option<String>,
    pub warnings: Vec<Warning>,
}

/// The keys that give the page's listing date, best first.
const DATE_KEYS: [&str; 3] = ["announcement_date", "created", "date"];

/// The keys that name a per-paper note's paper, best first. `url` only
/// counts when it is an arXiv link (Hugo's `url:` is the page's own address).
const PAPER_KEYS: [&str; 4] = ["arxiv", "arxiv_id", "arxiv_url", "url"];

/// The front matter at the start of `text`, if any, and the rest of the text
/// with the number of lines before it.
pub(super) fn split(text: &str) -> (Option<FrontMatter>, &str, usize) {
    let Some((yaml, body_at)) = block(text) else {
        return (None, text, 0);
    };
    let skipped = text[..body_at].matches('\n').count();
    (Some(read(yaml)), &text[body_at..], skipped)
}

/// The YAML between the fences and where the text after the closing fence
/// starts, when the text opens with front matter.
fn block(text: &str) -> Option<(&str, usize)> {
    let first = text.lines().next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let yaml_at = (first.len() + 1).min(text.len());
    let mut at = yaml_at;
    let mut keyed = None;
    for line in text[yaml_at..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return keyed
                .unwrap_or(false)
                .then_some((&text[yaml_at..at], at + line.len()));
        }
        if keyed.is_none() && !bare.trim_start().is_empty() && !bare.trim_start().starts_with('#') {
            keyed = Some(looks_like_key(bare));
        }
        at += line.len();
    }
    None
}

/// `date: …`, `"title": …`, `arxiv_id:` — a YAML mapping's first key.
fn looks_like_key(line: &str) -> bool {
    let line = line.trim_start();
    let key_end = if let Some(rest) = line.strip_prefix('"') {
        rest.find('"').map(|k| k + 2)
    } else if let Some(rest) = line.strip_prefix('\'') {
        rest.find('\'').map(|k| k + 2)
    } else {
        line.find(':').filter(|&k| {
            let key = &line[..k];
            key.chars().next().is_some_and(char::is_alphabetic)
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'))
        })
    };
    key_end.is_some_and(|k| {
        line[k..]
            .strip_prefix(':')
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    })
}

/// A top-level `key: value` whose value is a scalar, and its line in the file.
struct Field {
    key: String,
    value: String,
    line: usize,
}

/// Reads the fields of the front matter `yaml` (which starts on line 2).
fn read(yaml: &str) -> FrontMatter {
    let (fields, warnings) = fields(yaml);
    let mut fm = FrontMatter {
        warnings,
        ..FrontMatter::default()
    };
    let get = |key: &str| fields.iter().find(|f| f.key.eq_ignore_ascii_case(key));
    for key in DATE_KEYS {
        let Some(f) = get(key).filter(|f| !f.value.trim().is_empty()) else {
            continue;
        };
        match date::from_text(&f.value) {
            Some(day) => {
                fm.date = Some(day);
                break;
            }
            None => fm.warnings.push(Warning::new(
                f.line,
                format!(
                    "front matter `{}: {}` is not a date; ignored",
                    f.key, f.value
                ),
            )),
        }
    }
    for key in PAPER_KEYS {
        let Some(f) = get(key).filter(|f| !f.value.trim().is_empty()) else {
            continue;
        };
        if let Some(link) = paper(&f.value) {
            fm.paper = Some((link, f.line));
            break;
        }
        if key != "url" {
            fm.warnings.push(Warning::new(
                f.line,
                format!(
                    "front matter `{}: {}` is not an arXiv id or link; ignored",
                    f.key, f.value
                ),
            ));
        }
    }
    fm.title = get("title")
        .map(|f| super::text::collapse_whitespace(&f.value))
        .filter(|t| !t.is_empty());
    fm
}

/// An arXiv link (`https://arxiv.org/abs/2510.01051v2`) or identifier
/// (`2510.01051`, `arXiv:2510.01051`) as the paper's link.
fn paper(value: &str) -> Option<Link> {
    let value = value.trim();
    if arxiv::from_url(value).is_some() {
        return Some(Link::new(value));
    }
    let r: ArxivRef = ArxivRef::parse(value).ok()?;
    Some(Link::new(&format!("https://arxiv.org/abs/{r}")))
}

/// How deep a value is: inside the root mapping (1) or nested further.
const ROOT: usize = 1;

/// The root mapping's scalar fields, and a warning if the YAML is not valid
/// or not a mapping. Events are read one at a time and at most a few per
/// byte, so neither a long nor a hostile block costs more than linear time.
fn fields(yaml: &str) -> (Vec<Field>, Vec<Warning>) {
    let mut parser = Parser::new_from_str(yaml);
    let mut fields = Vec::new();
    let mut depth = 0usize;
    // In the root mapping: the key whose value comes next, or None when a
    // key comes next. A key that is not a plain scalar is `Some(None)`.
    let mut key: Option<Option<String>> = None;
    let budget = 4 * yaml.len() + 64;
    for _ in 0..budget {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            Err(e) => {
                let line = e.marker().line() + 1;
                let warning = Warning::new(
                    line,
                    format!(
                        "the front matter is not valid YAML ({}); its fields from line {line} on are ignored",
                        e.info()
                    ),
                );
                return (fields, vec![warning]);
            }
        };
        let line = mark.line() + 1;
        match event {
            Event::StreamEnd => return (fields, Vec::new()),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 0 && !matches!(event, Event::MappingStart(..)) {
                    return (fields, vec![not_a_mapping(line)]);
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == ROOT {
                    // A nested value (or key) ended: the other half comes next.
                    key = match key {
                        Some(_) => None,
                        None => Some(None),
                    };
                }
            }
            Event::Scalar(value, ..) if depth == ROOT => match key.take() {
                None => key = Some(Some(value)),
                Some(Some(k)) => fields.push(Field {
                    key: k,
                    value: if is_null(&value) {
                        String::new()
                    } else {
                        value
                    },
                    line,
                }),
                Some(None) => {}
            },
            Event::Alias(_) if depth == ROOT => {
                key = match key {
                    Some(_) => None,
                    None => Some(None),
                };
            }
            Event::Scalar(value, ..) if depth == 0 && !value.is_empty() && !is_null(&value) => {
                return (fields, vec![not_a_mapping(line)]);
            }
            _ => {}
        }
    }
    (fields, Vec::new())
}

fn is_null(value: &str) -> bool {
    matches!(value, "~" | "null" | "Null" | "NULL")
}

fn not_a_mapping(line: usize) -> Warning {
    Warning::new(
        line,
        "the front matter is not a list of `key: value` fields; ignored",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn front(text: &str) -> FrontMatter {
        split(text).0.expect("front matter")
    }

    #[test]
    fn only_a_closed_keyed_block_at_the_very_start_is_front_matter() {
        let (fm, body, lines) = split("---\ndate: 2025-10-03\n---\n# Papers\n");
        assert_eq!(fm.unwrap().date, d("2025-10-03"));
        assert_eq!((body, lines), ("# Papers\n", 3));
        let (_, body, lines) = split("---\ntitle: x\n...\nbody");
        assert_eq!((body, lines), ("body", 3));
        for markdown in [
            "# Papers\n---\ndate: 2025-10-03\n---\n",
            "\n---\ndate: 2025-10-03\n---\n",
            "---\n# Papers for 2025-10-03\n\n- [A](https://arxiv.org/abs/2501.12948)\n---\n",
            "---\n- [A](https://arxiv.org/abs/2501.12948)\n---\n",
            "---\ndate: 2025-10-03\nnever closed\n",
            "---\n---\n",
            "----\ndate: 2025-10-03\n----\n",
        ] {
            let (fm, body, lines) = split(markdown);
            assert_eq!(fm, None, "{markdown:?}");
            assert_eq!((body, lines), (markdown, 0));
        }
        // Comments and blank lines may come before the first key.
        assert!(split("---\n\n# generated\ndate: 2025-10-03\n---\n")
            .0
            .is_some());
        assert!(split("---\n\"date\": 2025-10-03\n---\n").0.is_some());
    }

    #[test]
    fn the_listing_date_is_never_the_papers_own() {
        let fm = front("---\npublished: 2025-09-30\ncreated: 2025-10-03\ndate: 2025-10-01\n---\n");
        assert_eq!(fm.date, d("2025-10-03"));
        let fm = front("---\ndate: 2025-10-01\nannouncement_date: \"Oct 3, 2025\"\n---\n");
        assert_eq!(fm.date, d("2025-10-03"));
        let fm = front("---\npublished: 2025-09-30\n---\n");
        assert_eq!(fm.date, None);
        let fm = front("---\nDate: 2025-10-03T08:00:00+08:00\n---\n");
        assert_eq!(fm.date, d("2025-10-03"));
        let fm = front("---\ndate: 2025/10/03\n---\n");
        assert_eq!(fm.date, d("2025-10-03"));
    }

    #[test]
    fn a_date_that_is_not_one_warns_on_its_line_and_the_next_key_is_tried() {
        let fm = front("---\ntitle: x\ncreated: someday\ndate: 2025-10-03\n---\n");
        assert_eq!(fm.date, d("2025-10-03"));
        assert_eq!(fm.warnings.len(), 1);
        assert_eq!(fm.warnings[0].line, 3);
        assert!(fm.warnings[0].message.contains("created: someday"));
    }

    #[test]
    fn a_paper_from_its_id_or_link() {
        for (text, url) in [
            (
                "arxiv: https://arxiv.org/abs/2510.01051v2",
                "https://arxiv.org/abs/2510.01051v2",
            ),
            ("arxiv_id: 2510.20530", "https://arxiv.org/abs/2510.20530"),
            (
                "arxiv_id: \"arXiv:2510.20530\"",
                "https://arxiv.org/abs/2510.20530",
            ),
            (
                "arxiv_url: http://arxiv.org/pdf/2510.01051",
                "http://arxiv.org/pdf/2510.01051",
            ),
            (
                "url: https://arxiv.org/abs/hep-th/9901001",
                "https://arxiv.org/abs/hep-th/9901001",
            ),
        ] {
            let fm = front(&format!("---\ntitle: GEM\n{text}\n---\n"));
            let (link, line) = fm.paper.expect(text);
            assert_eq!((link.url.as_str(), line), (url, 3), "{text}");
            assert!(link.arxiv.is_some(), "{text}");
            assert!(fm.warnings.is_empty(), "{text}: {:?}", fm.warnings);
        }
        // Hugo's `url:` is the page's own address: not a paper, no warning.
        let fm = front("---\nurl: /posts/2025-10-03/\n---\n");
        assert_eq!((fm.paper, fm.warnings), (None, vec![]));
        let fm = front("---\narxiv: soon\n---\n");
        assert_eq!(fm.paper, None);
        assert_eq!(fm.warnings[0].line, 2);
    }

    #[test]
    fn only_top_level_plain_values_count() {
        let fm = front(
            "---\nauthors:\n  - date: 2025-01-01\n  - x\nmeta: {created: 2025-01-02}\n? [complex]\n: 2025-01-03\nanchor: &a 2025-01-04\ncreated: *a\ntitle: >\n  GEM: A Gym\n  for Agentic LLMs\ndate: 2025-10-03\n---\n",
        );
        assert_eq!(fm.date, d("2025-10-03"));
        assert_eq!(fm.title.as_deref(), Some("GEM: A Gym for Agentic LLMs"));
        assert!(fm.warnings.is_empty(), "{:?}", fm.warnings);
    }

    #[test]
    fn invalid_yaml_is_a_warning_with_its_line_and_earlier_fields_stay() {
        let fm = front("---\ndate: 2025-10-03\ntitle: \"unclosed\narxiv: [\n---\n");
        assert_eq!(fm.date, d("2025-10-03"));
        assert_eq!(fm.warnings.len(), 1, "{:?}", fm.warnings);
        assert!(fm.warnings[0].message.contains("not valid YAML"));
        assert!((3..=5).contains(&fm.warnings[0].line), "{:?}", fm.warnings);
        let fm = front("---\ndate: 2025-10-03\n  bad: indentation\n---\n");
        assert_eq!(fm.warnings.len(), 1, "{:?}", fm.warnings);
        assert_eq!(fm.warnings[0].line, 3);
    }

    #[test]
    fn a_block_that_is_not_a_mapping_is_ignored_with_a_warning() {
        let fm = front("---\ndate: 2025-10-03\n---\n");
        assert!(fm.warnings.is_empty());
        let fm = front("---\nnot: [a mapping\n---\n");
        assert_eq!(fm.date, None);
        assert_eq!(fm.warnings.len(), 1);
    }

    #[test]
    fn hostile_yaml_costs_little() {
        let deep = format!("---\na: {}\n---\n", "[".repeat(100_000));
        assert_eq!(front(&deep).warnings.len(), 1);
        let laughs = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\ndate: 2025-10-03\n---\n";
        assert_eq!(front(laughs).date, d("2025-10-03"));
        let long = format!(
            "---\ntitle: {}\ndate: 2025-10-03\n---\n",
            "x".repeat(1 << 20)
        );
        assert_eq!(front(&long).date, d("2025-10-03"));
    }

    proptest::proptest! {
        #[test]
        fn any_front_matter_never_panics(
            lines in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("date: 2025-10-03".to_string()),
                proptest::strategy::Just("created: Oct 3, 2025".to_string()),
                proptest::strategy::Just("published: 2025-09-30".to_string()),
                proptest::strategy::Just("arxiv: https://arxiv.org/abs/2510.01051".to_string()),
                proptest::strategy::Just("arxiv_id: 2510.20530".to_string()),
                proptest::strategy::Just("title: \"GEM".to_string()),
                proptest::strategy::Just("tags: [a, b".to_string()),
                proptest::strategy::Just("  - item".to_string()),
                proptest::strategy::Just("? key".to_string()),
                proptest::strategy::Just(": value".to_string()),
                proptest::strategy::Just("a: &x 1".to_string()),
                proptest::strategy::Just("b: *x".to_string()),
                proptest::strategy::Just("c: |".to_string()),
                proptest::strategy::Just("\t".to_string()),
                proptest::strategy::Just("%YAML 1.2".to_string()),
                proptest::strategy::Just("!!binary".to_string()),
                proptest::strategy::Just("---".to_string()),
                proptest::strategy::Just("...".to_string()),
                "\\PC{0,12}",
            ], 0..20)
        ) {
            let text = format!("---\ntitle: x\n{}\n---\nbody\n", lines.join("\n"));
            let (fm, body, skipped) = split(&text);
            let lines_in = text.matches('\n').count();
            proptest::prop_assert!(skipped <= lines_in);
            proptest::prop_assert!(text.ends_with(body));
            if let Some(fm) = fm {
                for w in &fm.warnings {
                    proptest::prop_assert!(w.line >= 2 && w.line <= lines_in, "{:?}", w);
                }
            }
        }
    }
}
