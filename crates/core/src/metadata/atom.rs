//! arXiv's API answer, an Atom 1.0 feed with `arxiv:` extensions, read with
//! quick-xml's namespace-aware pull parser into [`Metadata`]. Pure, no I/O.
//!
//! Both generations of the API are read the same way: elements are matched
//! by namespace and local name, never by prefix or position (the 2016 feeds
//! declare `xmlns:arxiv` on each element, the 2026 ones on `<feed>`, and
//! order their elements differently). A feed that is not well-formed or
//! ends early is an error for the whole answer; an entry whose id is one of
//! arXiv's error URLs is an [`ApiError`], not a paper.

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use super::{Author, Link, Metadata};
use crate::arxiv::ArxivRef;
// arXiv wraps titles and abstracts at about 80 columns and indents
// continuation lines: white space folds to one space, none at the ends.
use crate::digest::text::collapse_whitespace as fold_space;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const ARXIV: &str = "http://arxiv.org/schemas/atom";
const OPENSEARCH: &str = "http://a9.com/-/spec/opensearch/1.1/";

/// A feed read whole: its papers and the API's own error entries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Feed {
    pub entries: Vec<Metadata>,
    pub errors: Vec<ApiError>,
    /// `opensearch:totalResults`, when the feed gives it.
    pub total_results: Option<u64>,
}

/// An entry the API wrote about a request it refused (`<id>` under
/// `arxiv.org/api/errors`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The error's id URL, e.g. `https://arxiv.org/api/errors#incorrect_id_format_for_abc`.
    pub id: String,
    /// What the API says (its summary).
    pub message: String,
    /// The identifier the error names, when it names one (`abc` above).
    pub bad_id: Option<String>,
}

/// Why a feed could not be read. Nothing of it is used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("the API's answer is not well-formed XML (at byte {position}: {message})")]
    Xml { position: u64, message: String },
    #[error("the API's answer ends before its feed does (cut short?)")]
    Truncated,
    #[error("the API's answer is not an Atom feed (its root element is `{0}`)")]
    NotAFeed(String),
    #[error("entry {index} of the API's answer has {problem}")]
    BadEntry { index: usize, problem: String },
}

/// What an element is, by namespace and local name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Feed,
    Entry,
    Id,
    Title,
    Summary,
    Published,
    Updated,
    Author,
    Name,
    Affiliation,
    Category,
    PrimaryCategory,
    Link,
    Doi,
    JournalRef,
    Comment,
    TotalResults,
    Other,
}

fn tag(ns: &ResolveResult<'_>, local: &str) -> Tag {
    let Namespace(ns) = match ns {
        ResolveResult::Bound(ns) => *ns,
        _ => return Tag::Other,
    };
    match (ns, local) {
        (ATOM, "feed") => Tag::Feed,
        (ATOM, "entry") => Tag::Entry,
        (ATOM, "id") => Tag::Id,
        (ATOM, "title") => Tag::Title,
        (ATOM, "summary") => Tag::Summary,
        (ATOM, "published") => Tag::Published,
        (ATOM, "updated") => Tag::Updated,
        (ATOM, "author") => Tag::Author,
        (ATOM, "name") => Tag::Name,
        (ATOM, "category") => Tag::Category,
        (ATOM, "link") => Tag::Link,
        (ARXIV, "affiliation") => Tag::Affiliation,
        (ARXIV, "primary_category") => Tag::PrimaryCategory,
        (ARXIV, "doi") => Tag::Doi,
        (ARXIV, "journal_ref") => Tag::JournalRef,
        (ARXIV, "comment") => Tag::Comment,
        (OPENSEARCH, "totalResults") => Tag::TotalResults,
        _ => Tag::Other,
    }
}

/// An entry as read, before it is checked.
#[derive(Debug, Default)]
struct Draft {
    id: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    authors: Vec<Author>,
    categories: Vec<String>,
    primary_category: Option<String>,
    doi: Option<String>,
    journal_ref: Option<String>,
    comment: Option<String>,
    links: Vec<Link>,
}

/// Reads a feed. Any XML error, a feed cut short, or an entry without an
/// arXiv id, a title or a date is an error for the whole feed.
pub fn parse(bytes: &[u8]) -> Result<Feed, FeedError> {
    let xml = std::str::from_utf8(bytes).map_err(|e| FeedError::Xml {
        position: e.valid_up_to() as u64,
        message: "not UTF-8".to_owned(),
    })?;
    let mut reader = NsReader::from_str(xml);
    let mut feed = Feed::default();
    // The open elements, outermost first.
    let mut stack: Vec<Tag> = Vec::new();
    let mut draft: Option<Draft> = None;
    let mut author: Option<Author> = None;
    let mut text = String::new();
    let mut seen_feed = false;
    let mut closed_feed = false;
    loop {
        let position = reader.buffer_position();
        let (ns, event) = reader.read_resolved_event().map_err(|e| FeedError::Xml {
            position,
            message: e.to_string(),
        })?;
        match event {
            Event::Start(e) => {
                let t = tag(&ns, e.local_name().as_ref());
                if stack.is_empty() {
                    if t != Tag::Feed || seen_feed {
                        return Err(not_a_feed(&e));
                    }
                    seen_feed = true;
                }
                match t {
                    Tag::Entry if stack == [Tag::Feed] => draft = Some(Draft::default()),
                    Tag::Author if draft.is_some() => author = Some(Author::default()),
                    _ => {}
                }
                if let Some(d) = draft.as_mut() {
                    attributes(t, &e, d)?;
                }
                stack.push(t);
                text.clear();
            }
            Event::Empty(e) => {
                let t = tag(&ns, e.local_name().as_ref());
                if stack.is_empty() {
                    return Err(not_a_feed(&e));
                }
                if let Some(d) = draft.as_mut() {
                    attributes(t, &e, d)?;
                }
            }
            Event::Text(e) => text.push_str(&e.xml10_content()),
            Event::CData(e) => text.push_str(&e.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                    Err(e) => {
                        return Err(FeedError::Xml {
                            position,
                            message: e.to_string(),
                        })
                    }
                };
                let Some(resolved) = resolved else {
                    return Err(FeedError::Xml {
                        position,
                        message: format!("unknown entity &{};", &*r),
                    });
                };
                text.push_str(&resolved);
            }
            Event::End(_) => {
                let Some(t) = stack.pop() else {
                    return Err(FeedError::Truncated);
                };
                let value = std::mem::take(&mut text);
                match (t, stack.last()) {
                    (Tag::Feed, None) => closed_feed = true,
                    (Tag::TotalResults, Some(Tag::Feed)) => {
                        feed.total_results = value.trim().parse().ok();
                    }
                    (Tag::Entry, Some(Tag::Feed)) => {
                        if let Some(d) = draft.take() {
                            let index = feed.entries.len() + feed.errors.len() + 1;
                            match finish(d, index)? {
                                Finished::Paper(m) => feed.entries.push(*m),
                                Finished::Error(e) => feed.errors.push(e),
                            }
                        }
                    }
                    (Tag::Name, Some(Tag::Author)) => {
                        if let Some(a) = author.as_mut() {
                            a.name = fold_space(&value);
                        }
                    }
                    (Tag::Affiliation, Some(Tag::Author)) => {
                        let value = fold_space(&value);
                        if let (Some(a), false) = (author.as_mut(), value.is_empty()) {
                            a.affiliations.push(value);
                        }
                    }
                    (Tag::Author, Some(Tag::Entry)) => {
                        if let (Some(a), Some(d)) = (author.take(), draft.as_mut()) {
                            if !a.name.is_empty() {
                                d.authors.push(a);
                            }
                        }
                    }
                    (t, Some(Tag::Entry)) => {
                        if let Some(d) = draft.as_mut() {
                            let slot = match t {
                                Tag::Id => &mut d.id,
                                Tag::Title => &mut d.title,
                                Tag::Summary => &mut d.summary,
                                Tag::Published => &mut d.published,
                                Tag::Updated => &mut d.updated,
                                Tag::Doi => &mut d.doi,
                                Tag::JournalRef => &mut d.journal_ref,
                                Tag::Comment => &mut d.comment,
                                _ => continue,
                            };
                            *slot = Some(value);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => {
                if !stack.is_empty() || (seen_feed && !closed_feed) {
                    return Err(FeedError::Truncated);
                }
                if !seen_feed {
                    return Err(FeedError::NotAFeed(String::new()));
                }
                return Ok(feed);
            }
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
        }
    }
}

fn not_a_feed(e: &BytesStart<'_>) -> FeedError {
    FeedError::NotAFeed(e.name().as_ref().to_owned())
}

/// Reads what an element of an entry says in its attributes: categories and links.
fn attributes(t: Tag, e: &BytesStart<'_>, d: &mut Draft) -> Result<(), FeedError> {
    if !matches!(t, Tag::Category | Tag::PrimaryCategory | Tag::Link) {
        return Ok(());
    }
    let mut term = None;
    let mut link = Link::default();
    for attr in e.attributes() {
        let attr = attr.map_err(|e| FeedError::Xml {
            position: 0,
            message: e.to_string(),
        })?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| FeedError::Xml {
                position: 0,
                message: e.to_string(),
            })?
            .trim()
            .to_owned();
        match attr.key.local_name().as_ref() {
            "term" => term = Some(value),
            "href" => link.href = value,
            "rel" => link.rel = Some(value),
            "title" => link.title = Some(value),
            "type" => link.content_type = Some(value),
            _ => {}
        }
    }
    match t {
        Tag::Category => {
            if let Some(term) = term.filter(|t| !t.is_empty()) {
                if !d.categories.contains(&term) {
                    d.categories.push(term);
                }
            }
        }
        Tag::PrimaryCategory => d.primary_category = term.filter(|t| !t.is_empty()),
        _ => {
            if !link.href.is_empty() {
                d.links.push(link);
            }
        }
    }
    Ok(())
}

enum Finished {
    Paper(Box<Metadata>),
    Error(ApiError),
}

fn finish(d: Draft, index: usize) -> Result<Finished, FeedError> {
    let bad = |problem: &str| FeedError::BadEntry {
        index,
        problem: problem.to_owned(),
    };
    let id = d.id.as_deref().map(str::trim).unwrap_or_default();
    if id.contains("/api/errors") {
        let bad_id = id
            .rsplit_once("_for_")
            .map(|(_, id)| id.to_owned())
            .filter(|id| !id.is_empty());
        return Ok(Finished::Error(ApiError {
            id: id.to_owned(),
            message: fold_space(d.summary.as_deref().unwrap_or("")),
            bad_id,
        }));
    }
    let reference = id
        .split_once("/abs/")
        .and_then(|(_, r)| ArxivRef::parse(r).ok())
        .ok_or_else(|| bad(&format!("no arXiv id (its id is `{id}`)")))?;
    let title = fold_space(d.title.as_deref().unwrap_or(""));
    if title.is_empty() {
        return Err(bad("no title"));
    }
    let updated = d.updated.as_deref().map(date).transpose();
    let published = d.published.as_deref().map(date).transpose();
    let (Ok(updated), Ok(published)) = (updated, published) else {
        return Err(bad("a date that is not RFC 3339"));
    };
    let (published, updated) = match (published, updated) {
        (Some(p), Some(u)) => (p, u),
        (Some(one), None) | (None, Some(one)) => (one, one),
        (None, None) => return Err(bad("no date")),
    };
    let optional = |s: Option<String>| s.map(|s| fold_space(&s)).filter(|s| !s.is_empty());
    let categories = d.categories;
    let primary_category = d.primary_category.or_else(|| categories.first().cloned());
    Ok(Finished::Paper(Box::new(Metadata {
        arxiv_id: reference.id,
        version: reference.version,
        title,
        authors: d.authors,
        abstract_text: fold_space(d.summary.as_deref().unwrap_or("")),
        published,
        updated,
        primary_category,
        categories,
        doi: optional(d.doi),
        journal_ref: optional(d.journal_ref),
        comment: optional(d.comment),
        links: d.links,
    })))
}

fn date(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(s.trim()).map(|d| d.with_timezone(&Utc))
}
