//! Any other Markdown that links arXiv papers: a table row per paper, a
//! heading per paper with its links below, bullet lists, blockquoted
//! abstracts, inline HTML, titles wrapped over two lines.
//!
//! Two steps. [`units::read`] walks pulldown-cmark's events (and a small HTML
//! tokenizer for inline HTML and HTML blocks) into a flat list of *units* —
//! headings, paragraphs, list items, table rows — each knowing its parent (the
//! list item around it, or the heading whose section it is in), its text, and
//! the arXiv papers it links (links, `href`s, autolinks, bare URLs, `arXiv:ID`).
//! Then [`Grouping`] turns units into entries: a paper's entry is the largest
//! container that names only that paper (a list item with its sub-items, a
//! heading's section when the file has a heading per paper), and the text
//! after it up to the next paper, heading or rule is its summary.
//!
//! Only arXiv papers count: other links are kept in summaries as text.

mod blocks;
mod html;
mod references;
mod units;
mod words;

use std::ops::Range;

use chrono::NaiveDate;

use super::summary::Summary;
use super::{date, Entry, Link, Warning};
use units::{Doc, Kind, Unit};
use words::CUT;

/// Parses `text`, which starts after `before` lines of the file.
pub(super) fn parse(text: &str, before: usize) -> (Option<NaiveDate>, Vec<Entry>, Vec<Warning>) {
    of_units(units::read(text, before))
}

fn of_units(mut doc: Doc) -> (Option<NaiveDate>, Vec<Entry>, Vec<Warning>) {
    let warnings = std::mem::take(&mut doc.warnings);
    references::drop(&mut doc);
    // The first heading holding a date or paragraph saying `Updated on
    // DATE`; never a row's or an item's date (a paper's, in a big table).
    let day = doc.units.iter().find_map(|u| match u.kind {
        Kind::Heading(_) => date::from_text(&u.plain),
        Kind::Para => date::updated_on(&u.plain),
        _ => None,
    });
    let entries = Grouping::new(&doc).run();
    (day, entries, warnings)
}

/// Which papers a unit (with everything inside it) names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Papers {
    /// The first paper and the line it is named on.
    first: Option<(u32, usize)>,
    /// More than one distinct paper.
    several: bool,
}

impl Papers {
    fn own(u: &Unit) -> Papers {
        u.occurrences.iter().fold(Papers::default(), |acc, o| {
            acc.then(Papers {
                first: Some((o.paper, o.line)),
                several: false,
            })
        })
    }

    fn then(self, later: Papers) -> Papers {
        let differ = matches!((self.first, later.first), (Some(a), Some(b)) if a.0 != b.0);
        Papers {
            first: self.first.or(later.first),
            several: self.several || later.several || differ,
        }
    }

    fn first(self) -> Option<u32> {
        self.first.map(|f| f.0)
    }

    fn single(self) -> Option<u32> {
        if self.several {
            None
        } else {
            self.first()
        }
    }
}

/// What the whole file's structure says about each unit.
struct Layout {
    papers: Vec<Papers>,
    /// The outermost list item around a unit that names only its paper.
    root: Vec<usize>,
    heading_of: Vec<Option<usize>>,
    /// Headings that could be a paper's title: no link of their own, no date.
    heading_title: Vec<Option<String>>,
    numbered: Vec<bool>,
    /// A heading whose section is its paper's entry (a heading per paper).
    owner: Vec<Option<u32>>,
}

impl Layout {
    fn new(doc: &Doc) -> Layout {
        let units = &doc.units;
        let n = units.len();
        // Walked from the end, each entry holds what the units inside it
        // name (children come after their parent) until its own turn.
        let mut papers = vec![Papers::default(); n];
        // The same for papers that lead a list item or a table row: under a
        // numbered heading listing at most one of those, other papers are
        // only cited in the text.
        let mut listed = vec![Papers::default(); n];
        for i in (0..n).rev() {
            let all = Papers::own(&units[i]).then(papers[i]);
            papers[i] = all;
            let leads = match units[i].kind {
                Kind::Item | Kind::Row { .. } => Papers {
                    first: units[i].occurrences.first().map(|o| (o.paper, o.line)),
                    several: false,
                },
                _ => Papers::default(),
            };
            listed[i] = leads.then(listed[i]);
            if let Some(p) = units[i].parent.filter(|&p| p < i) {
                papers[p] = all.then(papers[p]);
                listed[p] = listed[i].then(listed[p]);
            }
        }
        let mut root: Vec<usize> = (0..n).collect();
        let mut heading_of = vec![None; n];
        for i in 0..n {
            let Some(p) = units[i].parent.filter(|&p| p < i) else {
                continue;
            };
            heading_of[i] = match units[p].kind {
                Kind::Heading(_) => Some(p),
                _ => heading_of[p],
            };
            if units[p].kind == Kind::Item
                && papers[p].single().is_some()
                && papers[i].single().is_some()
            {
                root[i] = root[p];
            }
        }
        let mut heading_title = vec![None; n];
        let mut numbered = vec![false; n];
        let mut single = [0usize; 8];
        let mut bearing = [0usize; 8];
        let mut top_level = u8::MAX;
        for (i, u) in units.iter().enumerate() {
            let Kind::Heading(level) = u.kind else {
                continue;
            };
            top_level = top_level.min(level);
            if !u.occurrences.is_empty() {
                continue;
            }
            let title = u.title_text(0..u.plain.len());
            if !words::is_meaningful(&title) || date::from_text(&u.plain).is_some() {
                continue;
            }
            numbered[i] =
                words::strip_numbering(super::text::collapse_whitespace(&u.plain).as_str()).1;
            heading_title[i] = Some(title);
            let l = usize::from(level.min(7));
            if papers[i].first.is_some() {
                bearing[l] += 1;
                let cites_others = numbered[i] && !listed[i].several;
                single[l] += usize::from(!papers[i].several || cites_others);
            }
        }
        // A level holds one heading per paper when most of its headings that
        // name papers name one (or are numbered and list at most one, others
        // being only cited in the text), and there are two such headings or
        // a level above (a lone top heading is more likely the file's title).
        let per_paper =
            |l: usize| 2 * single[l] > bearing[l] && (single[l] >= 2 || l > usize::from(top_level));
        let owner = (0..n)
            .map(|i| match units[i].kind {
                Kind::Heading(level)
                    if heading_title[i].is_some() && per_paper(usize::from(level.min(7))) =>
                {
                    papers[i].first()
                }
                _ => None,
            })
            .collect();
        Layout {
            papers,
            root,
            heading_of,
            heading_title,
            numbered,
            owner,
        }
    }
}

/// Where a title can come from, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// The table's title column (or its first cell that is not a link or a number).
    Cell,
    /// The heading whose section is the entry.
    Heading,
    /// A `Title: ...` (`标题：...`) line.
    Labelled,
    /// Link text that says something (not `PDF`, not a URL).
    Link,
    /// Bold text in the same list item or paragraph.
    Bold,
    /// The list item the links are nested under, or a bold line just above.
    Context,
    /// Text just before the paper's first link in the same item or paragraph.
    Lead,
    /// Text just after it, on the same line (`[![arXiv](badge)](...) Title`).
    Trail,
    /// The heading of the section the paper opens.
    Fallback,
}

struct Candidate {
    text: String,
    /// The unit and Markdown span the title was taken from: cut from the summary.
    from: Option<(usize, Range<usize>)>,
}

enum Part {
    Unit(usize),
    /// A sub-heading inside an entry's section, kept as a bold label.
    Label(usize),
}

struct Draft {
    paper: u32,
    line: usize,
    url: Option<String>,
    /// The best title offered so far (the first of its tier): one slot, not
    /// one per tier, as a draft is kept for every paper of the file.
    title: Option<(Tier, Candidate)>,
    parts: Vec<Part>,
}

/// A container whose units all belong to one entry (until unit `end`).
struct Scope {
    end: usize,
    draft: usize,
    paper: u32,
}

struct Grouping<'d> {
    doc: &'d Doc,
    layout: Layout,
    drafts: Vec<Draft>,
    scopes: Vec<Scope>,
    /// The entry that following paragraphs (a blockquoted abstract...) extend.
    current: Option<usize>,
}

/// The distinct papers a unit names, in order.
fn own_papers(u: &Unit) -> Vec<u32> {
    if u.occurrences.len() <= 4 {
        let mut out: Vec<u32> = Vec::with_capacity(u.occurrences.len());
        for o in &u.occurrences {
            if !out.contains(&o.paper) {
                out.push(o.paper);
            }
        }
        return out;
    }
    let mut seen = std::collections::HashSet::new();
    u.occurrences
        .iter()
        .filter(|o| seen.insert(o.paper))
        .map(|o| o.paper)
        .collect()
}

/// Bold text used as a label (`**作者**:`), not as a title.
fn is_label(u: &Unit, plain: &Range<usize>) -> bool {
    let colon = [':', '：'];
    u.plain
        .get(plain.clone())
        .is_some_and(|t| t.trim_end().ends_with(colon))
        || u.plain
            .get(plain.end..)
            .is_some_and(|rest| rest.trim_start().starts_with(colon))
}

impl<'d> Grouping<'d> {
    fn new(doc: &'d Doc) -> Grouping<'d> {
        Grouping {
            doc,
            layout: Layout::new(doc),
            drafts: Vec::new(),
            scopes: Vec::new(),
            current: None,
        }
    }

    fn run(mut self) -> Vec<Entry> {
        for i in 0..self.doc.units.len() {
            while self.scopes.last().is_some_and(|s| s.end <= i) {
                self.scopes.pop();
            }
            let u = &self.doc.units[i];
            let own = own_papers(u);
            match u.kind {
                Kind::Heading(_) => self.heading(i, &own),
                Kind::Rule => {
                    if self.scopes.is_empty() {
                        self.current = None;
                    }
                }
                _ if !own.is_empty() => self.with_papers(i, &own),
                _ => self.without_papers(i),
            }
        }
        let Grouping { doc, drafts, .. } = self;
        drafts.into_iter().map(|d| entry(doc, d)).collect()
    }

    fn new_draft(&mut self, paper: u32, line: usize) -> usize {
        self.drafts.push(Draft {
            paper,
            line,
            url: None,
            title: None,
            parts: Vec::new(),
        });
        self.drafts.len() - 1
    }

    fn scope_with(&self, paper: u32) -> Option<usize> {
        self.scopes
            .iter()
            .rev()
            .find(|s| s.paper == paper)
            .map(|s| s.draft)
    }

    /// The entry a repeated link to `paper` belongs to, if it is open here.
    fn existing(&self, paper: u32) -> Option<usize> {
        self.scope_with(paper)
            .or(self.current.filter(|&d| self.drafts[d].paper == paper))
    }

    fn push_scope(&mut self, end: usize, draft: usize, paper: u32) {
        if self.scopes.last().is_none_or(|s| s.draft != draft) {
            self.scopes.push(Scope { end, draft, paper });
        }
    }

    /// Whether a title from `tier` could still be chosen (no better one yet).
    fn wants(&self, d: usize, tier: Tier) -> bool {
        self.drafts[d]
            .title
            .as_ref()
            .is_none_or(|(best, _)| *best > tier)
    }

    fn offer(&mut self, d: usize, tier: Tier, text: String, from: Option<(usize, Range<usize>)>) {
        if self.wants(d, tier) && words::is_meaningful(&text) {
            self.drafts[d].title = Some((tier, Candidate { text, from }));
        }
    }

    fn first_line_of(u: &Unit, paper: u32) -> usize {
        u.occurrences
            .iter()
            .find(|o| o.paper == paper)
            .map_or(u.line, |o| o.line)
    }

    fn heading(&mut self, i: usize, own: &[u32]) {
        let u = &self.doc.units[i];
        if let Some(&first) = own.first() {
            let mut drafts = Vec::with_capacity(own.len());
            for &p in own {
                let d = match self.existing(p) {
                    Some(d) => d,
                    None => self.new_draft(p, Self::first_line_of(u, p)),
                };
                drafts.push((p, d));
            }
            let d = drafts[0].1;
            self.offer(d, Tier::Heading, u.title_text(0..u.plain.len()), None);
            self.links(i, &mut drafts);
            self.push_scope(u.end, d, first);
            self.current = Some(d);
        } else if let Some(p) = self.layout.owner[i] {
            if let Some(d) = self.scope_with(p) {
                self.drafts[d].parts.push(Part::Label(i));
            } else {
                let d = self.new_draft(p, u.line);
                let title = self.layout.heading_title[i].clone().unwrap_or_default();
                self.offer(d, Tier::Heading, title, None);
                self.push_scope(u.end, d, p);
                self.current = Some(d);
            }
        } else if let Some(s) = self.scopes.last() {
            self.drafts[s.draft].parts.push(Part::Label(i));
        } else {
            self.current = None;
        }
    }

    fn with_papers(&mut self, i: usize, own: &[u32]) {
        let u = &self.doc.units[i];
        let enclosing = self.scopes.last().map(|s| s.draft);
        let mut first_draft = None;
        let mut drafts = Vec::with_capacity(own.len());
        for (k, &p) in own.iter().enumerate() {
            let existing = self.existing(p);
            let d = match existing {
                Some(d) => d,
                None => self.new_draft(p, Self::first_line_of(u, p)),
            };
            drafts.push((p, d));
            if k == 0 {
                self.candidates(d, i, p);
                self.drafts[d].parts.push(Part::Unit(i));
                first_draft = Some(d);
                let holds_only_p = self.layout.papers[i].single() == Some(p);
                if existing.is_none()
                    && u.kind == Kind::Item
                    && u.end > i + 1
                    && self.layout.root[i] == i
                    && holds_only_p
                {
                    self.push_scope(u.end, d, p);
                }
            }
        }
        self.links(i, &mut drafts);
        // A paragraph citing another paper is still part of the entry around
        // it (a list item or row of its own is not).
        if let Some(e) = enclosing.filter(|&e| Some(e) != first_draft && u.kind == Kind::Para) {
            self.drafts[e].parts.push(Part::Unit(i));
        }
        self.current = match u.kind {
            Kind::Row { .. } => None,
            _ => first_draft,
        };
    }

    fn without_papers(&mut self, i: usize) {
        let u = &self.doc.units[i];
        let inside = self.layout.papers[i];
        if u.kind == Kind::Item && self.layout.root[i] == i {
            if let Some(p) = inside.single() {
                // `1. Title` with the links in sub-items: the item is the entry.
                let d = match self.existing(p) {
                    Some(d) => d,
                    None => self.new_draft(p, inside.first.map_or(u.line, |f| f.1)),
                };
                if let Some((text, span)) =
                    labelled_title(u).filter(|_| self.wants(d, Tier::Labelled))
                {
                    self.offer(d, Tier::Labelled, text, Some((i, span)));
                }
                self.bold(d, i);
                let whole = u.whole();
                if self.wants(d, Tier::Context) {
                    self.offer(
                        d,
                        Tier::Context,
                        u.title_text(whole.plain),
                        Some((i, whole.md)),
                    );
                }
                self.drafts[d].parts.push(Part::Unit(i));
                if self.scope_with(p) != Some(d) {
                    self.push_scope(u.end, d, p);
                }
                self.current = Some(d);
                return;
            }
        }
        if inside.first.is_some() {
            // A list item holding several papers' items: a category.
            if self.scopes.is_empty() {
                self.current = None;
            }
            return;
        }
        if self.title_line(i).is_some() {
            return;
        }
        if let Kind::Row { head, .. } = u.kind {
            if let Some(s) = self.scopes.last().filter(|_| !head) {
                self.drafts[s.draft].parts.push(Part::Unit(i));
            }
            return;
        }
        if let Some(d) = self.scopes.last().map(|s| s.draft).or(self.current) {
            self.drafts[d].parts.push(Part::Unit(i));
        }
    }

    /// A unit without links right before one that links a paper, holding the
    /// title: a paragraph that is only bold text (`**Title**` above
    /// `[PDF](...)`), or a `Title: ...` line. The title and its tier.
    fn title_line(&self, i: usize) -> Option<(String, Tier)> {
        let units = &self.doc.units;
        let u = &units[i];
        let next = units.get(i + 1)?;
        if !matches!(u.kind, Kind::Para | Kind::Item)
            || !u.occurrences.is_empty()
            || next.occurrences.is_empty()
            || next.parent != u.parent
            || self.layout.papers[i].first.is_some()
        {
            return None;
        }
        if let Some((text, _)) = labelled_title(u) {
            return Some((text, Tier::Labelled));
        }
        if u.kind != Kind::Para || u.bolds.is_empty() {
            return None;
        }
        let mut bolds: Vec<&units::Span> = u.bolds.iter().collect();
        bolds.sort_by_key(|b| b.plain.start);
        let mut at = 0;
        for b in &bolds {
            let outside = u.plain.get(at..b.plain.start.max(at)).unwrap_or("");
            if outside.chars().any(char::is_alphanumeric) {
                return None;
            }
            at = at.max(b.plain.end);
        }
        let rest = u.plain.get(at..).unwrap_or("");
        let text = u.title_text(0..u.plain.len());
        let title = !rest.chars().any(char::is_alphanumeric)
            && !bolds.iter().any(|b| is_label(u, &b.plain))
            && words::is_meaningful(&text);
        title.then_some((text, Tier::Context))
    }

    /// The links in unit `i`, each to its paper's draft (`(paper, draft)`
    /// pairs): the entry's URL and link-text titles.
    fn links(&mut self, i: usize, drafts: &mut [(u32, usize)]) {
        drafts.sort_unstable_by_key(|&(p, _)| p);
        let u = &self.doc.units[i];
        for o in &u.occurrences {
            let Ok(k) = drafts.binary_search_by_key(&o.paper, |&(p, _)| p) else {
                continue;
            };
            let d = drafts[k].1;
            if self.drafts[d].url.is_none() {
                self.drafts[d].url = Some(o.url.clone());
            }
            if o.meaningful && self.wants(d, Tier::Link) {
                self.offer(
                    d,
                    Tier::Link,
                    u.title_text(o.span.plain.clone()),
                    Some((i, o.span.md.clone())),
                );
            }
        }
    }

    fn bold(&mut self, d: usize, i: usize) {
        if !self.wants(d, Tier::Bold) {
            return;
        }
        let u = &self.doc.units[i];
        let mut bolds: Vec<&units::Span> = u.bolds.iter().collect();
        bolds.sort_by_key(|b| b.plain.start);
        for b in bolds {
            let text = u.title_text(b.plain.clone());
            if is_label(u, &b.plain) || text.contains(['、', '，']) || !words::is_meaningful(&text)
            {
                continue;
            }
            self.offer(d, Tier::Bold, text, Some((i, b.md.clone())));
            return;
        }
    }

    /// Titles for the first paper unit `i` links, from the unit and around it
    /// (its links are offered by [`Grouping::links`]).
    fn candidates(&mut self, d: usize, i: usize, p: u32) {
        let u = &self.doc.units[i];
        if let Kind::Row { table, .. } = u.kind {
            self.cell(d, i, table);
        }
        self.bold(d, i);
        if !matches!(u.kind, Kind::Row { .. }) && self.wants(d, Tier::Lead) {
            if let Some(o) = u.occurrences.first() {
                let lead = u.title_text(0..o.span.plain.start);
                let text = words::first_sentence(&lead);
                if text.chars().count() <= 200 {
                    let end = u.md.get(..o.span.md.start).map_or(0, |h| {
                        h.trim_end_matches(|c: char| {
                            c.is_whitespace() || matches!(c, '(' | '[' | '（' | '【')
                        })
                        .len()
                    });
                    self.offer(d, Tier::Lead, text.to_owned(), Some((i, 0..end)));
                }
            }
        }
        if !matches!(u.kind, Kind::Row { .. }) && self.wants(d, Tier::Trail) {
            if let Some((text, span)) = trail(u) {
                self.offer(d, Tier::Trail, text, Some((i, span)));
            }
        }
        if i > 0 && self.wants(d, Tier::Labelled) {
            if let Some((text, tier)) = self.title_line(i - 1) {
                self.offer(d, tier, text, None);
            }
        }
        if self.wants(d, Tier::Labelled) {
            if let Some((text, span)) = labelled_title(u) {
                self.offer(d, Tier::Labelled, text, Some((i, span)));
            }
        }
        if let Some(h) = self.layout.heading_of[i].filter(|_| self.wants(d, Tier::Fallback)) {
            let inside = self.layout.papers[h];
            let opens_section = inside.first() == Some(p)
                && (inside.single() == Some(p) || self.layout.numbered[h]);
            if let Some(title) = self.layout.heading_title[h]
                .clone()
                .filter(|_| opens_section)
            {
                self.offer(d, Tier::Fallback, title, None);
            }
        }
    }

    fn cell(&mut self, d: usize, i: usize, table: usize) {
        let u = &self.doc.units[i];
        let Some(t) = self.doc.tables.get(table) else {
            return;
        };
        if let Some(c) = t.title_column {
            if let Some(cell) = u.cells.get(c) {
                let text = u.title_text(cell.span.plain.clone());
                self.offer(d, Tier::Cell, text, Some((i, cell.span.md.clone())));
            }
            return;
        }
        for (c, cell) in u.cells.iter().enumerate() {
            if t.headers.get(c).is_some_and(|h| words::is_other_header(h)) {
                continue;
            }
            let bare = u.text_without_links(cell.span.plain.clone());
            if !bare.chars().any(char::is_alphabetic) {
                continue;
            }
            let text = u.title_text(cell.span.plain.clone());
            if words::is_meaningful(&text) {
                self.offer(d, Tier::Cell, text, Some((i, cell.span.md.clone())));
                return;
            }
        }
    }
}

/// A line of the unit that labels its title (`Title: X`, `**标题**：X`):
/// the title and the line's Markdown span.
fn labelled_title(u: &Unit) -> Option<(String, Range<usize>)> {
    let k = u
        .plain
        .split('\n')
        .position(|line| words::title_label(line).is_some())?;
    let line = u.plain.split('\n').nth(k)?;
    let text = words::clean_title(words::title_label(line)?);
    if !words::is_meaningful(&text) {
        return None;
    }
    let mut start = 0;
    for _ in 0..k {
        start += u.md.get(start..)?.find('\n')? + 1;
    }
    let end =
        u.md.get(start..)?
            .find('\n')
            .map_or(u.md.len(), |e| start + e);
    Some((text, start..end))
}

/// The text after a unit's first paper link on the same line, up to another
/// link or a separator (` — `, ` | `, `. `), and its Markdown span.
fn trail(u: &Unit) -> Option<(String, Range<usize>)> {
    let first = u.occurrences.first()?;
    if first.span.md.is_empty() {
        // Named in an attribute: the element's text, links and all, is the
        // title (`<li data-arxiv-id=…><a href="local.html">Title</a>`).
        // Its first line with text (the element may start a line of its own).
        let line = |s: &str, from: usize| {
            let rest = s.get(from..).unwrap_or("");
            let start = from + (rest.len() - rest.trim_start().len());
            let end = s
                .get(start..)
                .and_then(|r| r.find('\n'))
                .map_or(s.len(), |k| start + k);
            start..end
        };
        let text = u.title_text(line(&u.plain, first.span.plain.start));
        let md = line(&u.md, first.span.md.start);
        return (text.chars().count() <= 200).then_some((text, md));
    }
    let mut start = first.span.md.end;
    // Skip the same paper's links right after it (`[abs](..) [pdf](..) Title`).
    for o in &u.occurrences[1..] {
        let between = u.md.get(start..o.span.md.start)?;
        if !between
            .chars()
            .all(|c| c.is_whitespace() || "|·/,，、".contains(c))
        {
            break;
        }
        start = start.max(o.span.md.end);
    }
    let rest = u.md.get(start..)?;
    let mut line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    if first.via == units::Via::Mention {
        // A bare id, then its title: `arXiv 2501.12948 — DeepSeek-R1`.
        let title = line.trim_start_matches([' ', '—', '–', '-', ':', '：']);
        start += line.len() - title.len();
        line = title;
    }
    let stops = [" — ", " – ", " - ", " | ", "。", ". ", "["];
    let end = stops
        .iter()
        .filter_map(|s| line.find(s))
        .min()
        .unwrap_or(line.len());
    let text = words::clean_title(&line[..end]);
    (text.chars().count() <= 200).then(|| (text, start..start + end))
}

fn entry(doc: &Doc, d: Draft) -> Entry {
    let reference = doc.papers.get(d.paper as usize);
    let chosen = d.title.as_ref().map(|(_, c)| c);
    let title = match (chosen, reference) {
        (Some(c), _) => c.text.clone(),
        (None, Some(r)) => format!("arXiv:{}", r.id),
        (None, None) => String::new(),
    };
    let from = chosen.and_then(|c| c.from.clone());
    let mut summary = String::new();
    for part in &d.parts {
        let piece = match *part {
            Part::Label(i) => {
                let u = &doc.units[i];
                let t = u.title_text(0..u.plain.len());
                if t.is_empty() {
                    String::new()
                } else {
                    format!("**{t}**")
                }
            }
            Part::Unit(i) => render(doc, i, d.paper, &title, from.as_ref()),
        };
        if !piece.is_empty() {
            if !summary.is_empty() {
                summary.push_str("\n\n");
            }
            summary.push_str(&piece);
        }
    }
    let url = d.url.unwrap_or_else(|| match reference {
        Some(r) => format!("https://arxiv.org/abs/{r}"),
        None => String::new(),
    });
    Entry {
        line: d.line,
        title,
        link: Link::new(&url),
        summary: Summary::parse(summary.trim()),
    }
}

/// Unit `i` as summary text of the entry for `paper`: without the paper's
/// links that say nothing, and without the text its title was taken from
/// when that text starts its line (a title inside a sentence stays).
fn render(
    doc: &Doc,
    i: usize,
    paper: u32,
    title: &str,
    from: Option<&(usize, Range<usize>)>,
) -> String {
    let u = &doc.units[i];
    let mut always: Vec<Range<usize>> = Vec::new();
    let mut titled: Vec<Range<usize>> = Vec::new();
    for o in u.occurrences.iter().filter(|o| o.paper == paper) {
        if !o.meaningful {
            always.push(o.span.md.clone());
        } else if titled.len() < 8 && u.title_text(o.span.plain.clone()) == title {
            titled.push(o.span.md.clone());
        }
    }
    match from.filter(|(f, _)| *f == i) {
        Some((_, r)) if r.start == 0 => always.push(r.clone()),
        Some((_, r)) => titled.push(r.clone()),
        None => {}
    }
    always.sort_by_key(|c| c.start);
    let cuts_in = |range: Range<usize>| -> Vec<Range<usize>> {
        let mut cuts = always.clone();
        cuts.extend(
            titled
                .iter()
                .filter(|t| leads_its_line(&u.md, range.start, t.start, &always))
                .cloned(),
        );
        cuts
    };
    let Kind::Row { table, .. } = u.kind else {
        return tidy(&cut(&u.md, 0..u.md.len(), &cuts_in(0..u.md.len())));
    };
    let headers = doc
        .tables
        .get(table)
        .map_or(&[][..], |t| t.headers.as_slice());
    let mut keywords = Vec::new();
    let mut rest = Vec::new();
    for (c, cell) in u.cells.iter().enumerate() {
        if from.is_some_and(|(f, r)| *f == i && *r == cell.span.md) {
            continue;
        }
        let bare = u.text_without_links(cell.span.plain.clone());
        if !bare.chars().any(char::is_alphabetic) {
            continue;
        }
        let text = tidy(&cut(
            &u.md,
            cell.span.md.clone(),
            &cuts_in(cell.span.md.clone()),
        ));
        if text.is_empty() {
            continue;
        }
        let h = headers.get(c).map_or("", String::as_str);
        if words::is_keyword_header(h) {
            keywords.push(format!("**{h}**: {text}"));
        } else if words::is_abstract_header(h) {
            rest.push(text);
        } else if Summary::parse(&format!("**{h}**: x")).sections.is_empty() {
            // Bold only for labels `Summary` reads as sections: a leading
            // bold label would otherwise be taken for a keyword.
            rest.push(format!("{h}: {text}"));
        } else {
            rest.push(format!("**{h}**: {text}"));
        }
    }
    keywords.extend(rest);
    keywords.join("\n")
}

/// True when nothing but cut text, separators or spaces stands between the
/// start of the line (or `floor`) and `at`.
fn leads_its_line(md: &str, floor: usize, at: usize, cuts: &[Range<usize>]) -> bool {
    let line_start = md
        .get(..at)
        .and_then(|h| h.rfind('\n'))
        .map_or(0, |k| k + 1)
        .max(floor);
    let says_something = |a: usize, b: usize| {
        md.get(a..b)
            .is_some_and(|t| t.chars().any(char::is_alphanumeric))
    };
    let mut pos = line_start;
    for c in cuts.iter().filter(|c| c.end > line_start && c.start < at) {
        if says_something(pos, c.start.max(pos)) {
            return false;
        }
        pos = pos.max(c.end);
    }
    pos >= at || !says_something(pos, at)
}

/// `md[range]` with the cut spans replaced by a [`CUT`] mark each.
fn cut(md: &str, range: Range<usize>, cuts: &[Range<usize>]) -> String {
    let mut sorted: Vec<Range<usize>> = cuts
        .iter()
        .map(|c| c.start.max(range.start)..c.end.min(range.end))
        .filter(|c| c.start < c.end)
        .collect();
    sorted.sort_by_key(|c| c.start);
    let mut out = String::new();
    let mut at = range.start;
    for c in sorted {
        if c.end <= at {
            continue;
        }
        out.push_str(md.get(at..c.start.max(at)).unwrap_or(""));
        out.push(CUT);
        at = c.end;
    }
    out.push_str(md.get(at..range.end).unwrap_or(""));
    out
}

/// Cleans summary text after cuts: lines left holding only separators, empty
/// brackets or a label (`**链接**:`) go; other lines stay as written.
fn tidy(s: &str) -> String {
    let bold_cut = format!("**{CUT}**");
    let mut lines: Vec<String> = Vec::new();
    for line in s.split('\n') {
        let l = if line.contains(CUT) {
            let l = words::drop_empty_brackets(&line.replace(&bold_cut, &CUT.to_string()));
            let l = words::squeeze_separators(&l.replace(CUT, " "));
            if words::is_leftover_label(&l) {
                continue;
            }
            l
        } else {
            line.trim().to_owned()
        };
        if l.is_empty() && lines.last().is_none_or(|x| x.is_empty()) {
            continue;
        }
        lines.push(l);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str) -> String {
        let path = format!(
            "{}/../../tests/fixtures/digests/shapes/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn id_of(e: &Entry) -> String {
        e.link
            .arxiv
            .as_ref()
            .map(|r| r.id.to_string())
            .unwrap_or_default()
    }

    /// (arXiv id, title) of each entry.
    fn papers(entries: &[Entry]) -> Vec<(String, String)> {
        entries
            .iter()
            .map(|e| (id_of(e), e.title.clone()))
            .collect()
    }

    fn check(name: &str, day: &str, want: &[(&str, &str)]) -> Vec<Entry> {
        let (date, entries, warnings) = parse(&read(name), 0);
        assert_eq!(
            date.map(|d| d.to_string()).as_deref(),
            Some(day),
            "{name}: date"
        );
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(papers(&entries), want, "{name}");
        assert_eq!(warnings, [], "{name}: warnings");
        entries
    }

    fn summary(e: &Entry) -> &str {
        &e.summary.text
    }

    #[test]
    fn table_rows_take_the_title_column_or_the_first_text_cell() {
        let e = check(
            "table.md",
            "2025-01-08",
            &[
                ("2412.19437", "DeepSeek-V3 Technical Report"),
                ("2412.15115", "Qwen2.5 Technical Report"),
                ("2501.19393", "s1: Simple test-time scaling"),
                (
                    "2309.06180",
                    "Efficient Memory Management for Large Language Model Serving with PagedAttention",
                ),
                ("2401.04088", "Mixtral of Experts"),
            ],
        );
        assert_eq!(
            e.iter().map(|e| e.line).collect::<Vec<_>>(),
            [7, 8, 9, 15, 16]
        );
        assert_eq!(e[0].summary.keywords, ["MoE", "MLA", "负载均衡"]);
        assert_eq!(
            e[0].summary.sections[0].kind,
            crate::digest::SectionKind::OneLine
        );
        assert!(e[0].summary.sections[0]
            .text
            .starts_with("671B 参数的 MoE 模型"));
        assert!(!summary(&e[0]).contains("github"), "{}", summary(&e[0]));
        // A label `Summary` does not know as a section is plain, so that it
        // is not taken for a keyword.
        assert_eq!(e[3].summary.text, "方向: 推理服务");
        assert!(e[3].summary.keywords.is_empty());
        assert_eq!(e[1].link.url, "https://arxiv.org/abs/2412.15115");
        assert_eq!(e[4].link.url, "https://arxiv.org/abs/2401.04088v1");
    }

    #[test]
    fn a_heading_per_paper_with_links_below() {
        let e = check(
            "heading-then-link.md",
            "2026-04-08",
            &[
                ("2501.12948", "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning"),
                ("2402.03300", "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models"),
                ("2305.18290", "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"),
                ("2305.10601", "Tree of Thoughts: Deliberate Problem Solving with Large Language Models"),
            ],
        );
        assert_eq!(
            e.iter().map(|e| e.line).collect::<Vec<_>>(),
            [5, 12, 16, 25]
        );
        assert_eq!(e[0].link.url, "https://arxiv.org/abs/2501.12948");
        assert_eq!(
            summary(&e[0]),
            "**作者**: DeepSeek-AI\n\n纯强化学习（GRPO）即可激发长链推理能力；R1-Zero 无需 SFT 冷启动，R1 加入少量冷启动数据后可读性更好。"
        );
        assert_eq!(
            summary(&e[1]),
            "提出 GRPO（Group Relative Policy Optimization），去掉 critic 模型以降低显存占用。"
        );
        assert_eq!(e[2].summary.keywords, ["偏好对齐", "RLHF"]);
        assert_eq!(
            e[2].summary.sections[0].kind,
            crate::digest::SectionKind::Method
        );
        assert_eq!(
            summary(&e[3]),
            "在思维树上做搜索（BFS/DFS），Game of 24 成功率从 4% 提升到 74%。"
        );
    }

    #[test]
    fn bullet_lists_in_every_arrangement() {
        let e = check(
            "bullets.md",
            "2025-01-08",
            &[
                (
                    "2201.11903",
                    "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
                ),
                (
                    "2203.11171",
                    "Self-Consistency Improves Chain of Thought Reasoning in Language Models",
                ),
                (
                    "2210.03629",
                    "ReAct: Synergizing Reasoning and Acting in Language Models",
                ),
                (
                    "2106.09685",
                    "LoRA: Low-Rank Adaptation of Large Language Models",
                ),
                (
                    "2305.14314",
                    "QLoRA: Efficient Finetuning of Quantized LLMs",
                ),
            ],
        );
        assert_eq!(
            e.iter().map(|e| e.line).collect::<Vec<_>>(),
            [7, 8, 11, 17, 19]
        );
        assert_eq!(summary(&e[0]), "少样本思维链提示显著提升算术与常识推理。");
        assert_eq!(
            summary(&e[1]),
            "采样多条推理路径后多数投票。\n\n关键词: 自洽性, 多数投票"
        );
        assert_eq!(
            summary(&e[2]),
            "交替生成推理轨迹与工具调用（Thought → Action → Observation）。"
        );
        assert_eq!(
            summary(&e[3]),
            "摘要: 冻结预训练权重，只训练低秩分解矩阵，可训练参数减少 10000 倍。"
        );
        assert_eq!(
            summary(&e[4]),
            "4-bit NF4 量化 + 双重量化 + 分页优化器，单张 48GB GPU 即可微调 65B 模型。"
        );
        assert_eq!(e[4].link.url, "https://arxiv.org/abs/2305.14314");
    }

    #[test]
    fn blockquoted_abstracts_belong_to_the_paper_above() {
        let e = check(
            "blockquote-abstracts.md",
            "2024-12-12",
            &[
                ("2312.00752", "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"),
                (
                    "2405.21060",
                    "Transformers are SSMs: Generalized Models and Efficient Algorithms Through Structured State Space Duality",
                ),
                ("2310.06825", "Mistral 7B"),
                ("2401.04088", "Mixtral of Experts"),
            ],
        );
        assert_eq!(e[0].summary.keywords, ["SSM", "线性复杂度"]);
        assert!(e[0].summary.body.starts_with("提出选择性状态空间模型"));
        assert_eq!(summary(&e[1]), "Mamba-2：通过结构化状态空间对偶（SSD）把 SSM 与注意力统一起来。\n\n训练速度比 Mamba 快 2–8 倍。");
        assert_eq!(
            summary(&e[2]),
            "使用分组查询注意力（GQA）与滑动窗口注意力（SWA），7B 参数超过 Llama 2 13B。"
        );
        // The note after the rule belongs to no paper.
        assert_eq!(
            summary(&e[3]),
            "每层 8 个专家、每个 token 路由 2 个，47B 总参数、13B 激活。"
        );
    }

    #[test]
    fn inline_html_links_bold_headings_and_tables() {
        let e = check(
            "inline-html.md",
            "2025-10-06",
            &[
                ("2510.01051", "GEM: A Gym for Agentic LLMs"),
                (
                    "2509.25454",
                    "DeepSearch: Overcome the Bottleneck of Reinforcement Learning with Verifiable Rewards via Monte Carlo Tree Search",
                ),
                ("2005.11401", "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks"),
                ("2304.02643", "Segment Anything"),
                ("2103.00020", "Learning Transferable Visual Models From Natural Language Supervision"),
            ],
        );
        assert_eq!(
            e.iter().map(|e| e.line).collect::<Vec<_>>(),
            [5, 10, 11, 14, 22]
        );
        assert_eq!(
            summary(&e[0]),
            "[Code](https://github.com/axon-rl/gem)\n\n为 agentic LLM 提供 OpenAI Gym 风格的标准化环境接口，内置 24 个环境。"
        );
        assert_eq!(summary(&e[1]), "将 MCTS 集成进 RLVR 训练循环。");
        assert_eq!(summary(&e[2]), "RAG 的开山之作，检索 + 生成 联合训练。");
        assert_eq!(
            summary(&e[3]),
            "SA-1B 数据集包含 1100 万张图像与 10 亿个 mask，支持可提示分割。"
        );
        assert_eq!(summary(&e[4]), "");
    }

    #[test]
    fn a_paper_linked_many_times_in_one_entry_is_one_entry() {
        let e = check(
            "repeated-links.md",
            "2025-10-03",
            &[
                ("2510.01051", "GEM: A Gym for Agentic LLMs"),
                (
                    "2509.25454",
                    "DeepSearch: Overcome the Bottleneck of Reinforcement Learning with Verifiable Rewards via Monte Carlo Tree Search",
                ),
                ("1706.03762", "Attention Is All You Need"),
                ("2307.09288", "Llama 2: Open Foundation and Fine-Tuned Chat Models"),
                ("2510.01051", "GEM"),
            ],
        );
        assert_eq!(
            summary(&e[0]),
            "[Code](https://github.com/axon-rl/gem)\n\nGEM 提供遵循 OpenAI Gym API 的标准化环境-智能体接口，内置 24 个环境。"
        );
        assert_eq!(summary(&e[1]), "将 MCTS 直接嵌入 RLVR 训练循环。");
        assert_eq!(summary(&e[2]), "");
        assert_eq!(
            summary(&e[3]),
            "开源 7B、13B、70B 三个尺寸，另有对话版 Llama 2-Chat。"
        );
        assert_eq!(e[3].link.url, "https://arxiv.org/abs/2307.09288");
        // A title inside a sentence stays in it.
        assert_eq!(summary(&e[4]), "再次推荐 GEM，见上。");
        // Across the file, the digest keeps the first GEM entry and says so.
        let parsed = crate::digest::parse(&read("repeated-links.md"));
        assert_eq!(parsed.digest.entries.len(), 4);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].line, e[4].line);
    }

    #[test]
    fn titles_wrapped_over_two_lines_become_one_line() {
        let e = check(
            "wrapped-titles.md",
            "2023-09-26",
            &[
                ("2309.06180", "Efficient Memory Management for Large Language Model Serving with PagedAttention"),
                ("2307.08691", "FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning"),
                ("2005.14165", "Language Models are Few-Shot Learners"),
                ("2308.12950", "Code Llama: Open Foundation Models for Code"),
                ("2203.02155", "Training language models to follow instructions with human feedback"),
            ],
        );
        assert_eq!(
            e.iter().map(|e| e.line).collect::<Vec<_>>(),
            [3, 8, 9, 12, 16]
        );
        assert_eq!(
            summary(&e[1]),
            "减少非矩阵乘法 FLOPs，并在序列长度维度并行。"
        );
        assert_eq!(summary(&e[2]), "GPT-3，175B 参数的 in-context learning。");
        assert_eq!(summary(&e[4]), "InstructGPT：SFT + RM + PPO 三阶段 RLHF。");
    }

    #[test]
    fn links_that_only_look_like_arxiv_warn_with_their_line() {
        let text = "# Notes\n\n- [A](https://arxiv.org/abs/2501.12948)\n- [Cut short](https://arxiv.org/pdf/2510.0)\n- plain https://arxiv.org/abs/9999.99999 too\n- [B](https://arxiv.org/pdf/2510.0\n";
        let (_, entries, warnings) = parse(text, 0);
        assert_eq!(
            papers(&entries),
            [("2501.12948".to_string(), "A".to_string())]
        );
        assert_eq!(
            warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
            [4, 5, 6]
        );
        assert!(
            warnings[0].message.contains("https://arxiv.org/pdf/2510.0"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn other_links_are_not_papers() {
        let text = "- [Paper](https://openreview.net/forum?id=x)\n- [Blog](https://example.com/arxiv.org/abs/2501.12948)\n- [Look-alike](https://arxiv.org.evil.example/pdf/2509.26346)\n- [Loopback](http://127.0.0.1:8080/pdf/2510.00184)\n";
        let (_, entries, warnings) = parse(text, 0);
        assert!(entries.is_empty());
        assert!(warnings.is_empty());
    }

    #[test]
    fn titles_stay_the_text_they_are() {
        let text = "- [<img src=x onerror=\"alert(1)\"> A title with *emphasis* & <T>](https://arxiv.org/abs/2510.01174)\n";
        let (_, entries, _) = parse(text, 0);
        assert_eq!(
            entries[0].title,
            "<img src=x onerror=\"alert(1)\"> A title with emphasis & <T>"
        );
    }

    #[test]
    fn bare_mentions_and_autolinks_without_any_title() {
        // "See" says nothing, so the id is the title. The mention beside the
        // link only cites a paper (issue 16): one entry.
        let text = "See arXiv:2501.12948 and <https://arxiv.org/abs/2412.19437>.\n";
        let (_, entries, _) = parse(text, 0);
        assert_eq!(
            papers(&entries),
            [("2412.19437".to_string(), "arXiv:2412.19437".to_string())]
        );
        let (_, entries, _) = parse("arXiv:2501.12948\n", 0);
        assert_eq!(entries[0].title, "arXiv:2501.12948");
        assert_eq!(entries[0].link.url, "https://arxiv.org/abs/2501.12948");
        let (_, entries, _) = parse("- arXiv:2501.12948\n- arXiv 2412.19437\n", 0);
        assert_eq!(entries.len(), 2);
    }

    /// (arXiv id, title, summary) of each entry of `text`.
    fn entries_of(text: &str) -> Vec<(String, String, String)> {
        let (_, entries, warnings) = parse(text, 0);
        assert_eq!(warnings, [], "{text}");
        entries
            .iter()
            .map(|e| (id_of(e), e.title.clone(), e.summary.text.clone()))
            .collect()
    }

    #[test]
    fn mentions_inside_a_linked_entry_are_references() {
        let own = |id: &str, title: &str, summary: &str| {
            (id.to_string(), title.to_string(), summary.to_string())
        };
        // In the same item, in a comment paragraph after it, in a sub-item.
        assert_eq!(
            entries_of("- [GEM](https://arxiv.org/abs/2510.01051) (text overlap with arXiv:2410.09874)\n- [DeepSearch](https://arxiv.org/abs/2509.25454)\n\n  - extends arXiv:2301.00001\n  - arXiv:2301.00002\n"),
            [
                own("2510.01051", "GEM", "(text overlap with arXiv:2410.09874)"),
                own("2509.25454", "DeepSearch", "extends arXiv:2301.00001\n\narXiv:2301.00002"),
            ]
        );
        // A blockquoted comment after a linked paragraph continues its entry.
        assert_eq!(
            entries_of("**GEM** [arXiv](https://arxiv.org/abs/2510.01051)\n\n> Comments: 12 pages; text overlap with arXiv:2410.09874\n\narXiv:2301.00001\n"),
            [own(
                "2510.01051",
                "GEM",
                "Comments: 12 pages; text overlap with arXiv:2410.09874\n\narXiv:2301.00001"
            )]
        );
        // A reference list in a heading's section whose paragraph links
        // its paper; not under the page's title or a dated heading.
        assert_eq!(
            entries_of("# Notes\n\n## Mamba\n\n[arXiv](https://arxiv.org/abs/2312.00752)\n\n- arXiv:1706.03762\n\n## 2025-10-03\n\nPick: [Mistral](https://arxiv.org/abs/2310.06825)\n\n- arXiv:2401.04088\n")
                .into_iter()
                .map(|(id, ..)| id)
                .collect::<Vec<_>>(),
            ["2312.00752", "2310.06825", "2401.04088"]
        );
        // A reference list under a heading that links its paper.
        assert_eq!(
            entries_of("## [GEM](https://arxiv.org/abs/2510.01051)\n\nReferences:\n\n- arXiv:2301.00001\n- arXiv:2301.00002\n\n| ref |\n|---|\n| arXiv:2301.00003 |\n"),
            [own(
                "2510.01051",
                "GEM",
                "References:\n\narXiv:2301.00001\n\narXiv:2301.00002\n\nref: arXiv:2301.00003"
            )]
        );
    }

    #[test]
    fn a_mention_standing_on_its_own_is_an_entry() {
        let ids = |text: &str| -> Vec<String> {
            entries_of(text).into_iter().map(|(id, ..)| id).collect()
        };
        // After a rule, a heading, in an item or row of its own, after a label.
        assert_eq!(
            ids("- [GEM](https://arxiv.org/abs/2510.01051)\n\n---\n\narXiv:2301.00001\n\n## Next\n\nPaper: arXiv:2301.00002\n\n- **Title** arXiv:2301.00003\n\n| t | id |\n|---|---|\n| x | arXiv 2301.00004 |\n"),
            ["2510.01051", "2301.00001", "2301.00002", "2301.00003", "2301.00004"]
        );
        // Prose citing a paper names no entry, on a page without links too.
        assert_eq!(
            ids("This note extends arXiv:2301.00001 to images.\n"),
            [] as [String; 0]
        );
        assert_eq!(ids("**A Title** — arXiv:2301.00001\n"), ["2301.00001"]);
        assert_eq!(
            ids("arXiv:2301.00001, arXiv:2301.00002\n"),
            ["2301.00001", "2301.00002"]
        );
    }

    #[test]
    fn index_pages_name_papers_by_local_links_wikilinks_and_attributes() {
        let text = "# 2026-06-12\n\n- [GEM: A Gym for Agentic LLMs](papers/2510.01051.md)\n- [[2509.25454|DeepSearch]]\n- [[2026-06-12/2412.19437]] DeepSeek-V3 Technical Report\n- [[Ideas for later]]\n- [Notes](notes.md)\n\n<ul>\n<li data-arxiv-id=\"2510.20535\"><a href=\"papers/deep.html\">A Paper Named in an Attribute</a></li>\n</ul>\n\n<span data-arxiv=\"https://arxiv.org/abs/2510.00977\">Inline Attribute Paper</span>\n";
        let (date, entries, warnings) = parse(text, 0);
        assert_eq!(date.map(|d| d.to_string()).as_deref(), Some("2026-06-12"));
        assert_eq!(warnings, []);
        assert_eq!(
            papers(&entries),
            [
                (
                    "2510.01051".to_string(),
                    "GEM: A Gym for Agentic LLMs".to_string()
                ),
                ("2509.25454".to_string(), "DeepSearch".to_string()),
                (
                    "2412.19437".to_string(),
                    "DeepSeek-V3 Technical Report".to_string()
                ),
                (
                    "2510.20535".to_string(),
                    "A Paper Named in an Attribute".to_string()
                ),
                (
                    "2510.00977".to_string(),
                    "Inline Attribute Paper".to_string()
                ),
            ]
        );
        assert_eq!(entries[0].link.url, "https://arxiv.org/abs/2510.01051");
        assert_eq!(entries[3].line, 10);
        // Links to local pages that name no id name no paper.
        let (_, entries, warnings) = parse(
            "- [[GEM - A Gym for Agentic LLMs]]\n- [DeepSearch](deepsearch.md)\n",
            0,
        );
        assert!(entries.is_empty() && warnings.is_empty());
    }

    #[test]
    fn a_category_holding_one_paper_does_not_name_it() {
        let text = "# Reading list\n\n## Robotics\n\n- [RT-2: Vision-Language-Action Models](https://arxiv.org/abs/2307.15818)\n\n## Vision\n\n- [Segment Anything](https://arxiv.org/abs/2304.02643)\n- [DINOv2](https://arxiv.org/abs/2304.07193)\n";
        let (_, entries, _) = parse(text, 0);
        let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "RT-2: Vision-Language-Action Models",
                "Segment Anything",
                "DINOv2"
            ]
        );
    }

    #[test]
    fn a_bold_line_above_the_links_is_the_title() {
        let text = "**1. Mistral 7B**\n\n[arXiv](https://arxiv.org/abs/2310.06825) | [PDF](https://arxiv.org/pdf/2310.06825)\n\nGQA + SWA.\n";
        let (_, entries, _) = parse(text, 0);
        assert_eq!(
            papers(&entries),
            [("2310.06825".to_string(), "Mistral 7B".to_string())]
        );
        assert_eq!(entries[0].summary.text, "GQA + SWA.");
        assert_eq!(entries[0].line, 3);
    }

    #[test]
    fn nothing_to_find() {
        for text in [
            "",
            "# Title\n\nNo links here.",
            "```\nhttps://arxiv.org/abs/2501.12948\n```\n",
        ] {
            let (_, entries, warnings) = parse(text, 0);
            assert!(entries.is_empty(), "{text:?}");
            assert!(warnings.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn hostile_and_broken_input_never_panics() {
        let nasty = [
            "<a href=\"https://arxiv.org/abs/2501.12948\">unclosed",
            "<table><tr><td><a href='https://arxiv.org/abs/2501.12948'>x</td><td>é</td>",
            "</a></b></li></tr></table></h3>",
            "<li><li><ul><li>[x](https://arxiv.org/abs/2501.12948)</ul></ul></ol>",
            "| a | b |\n|---|---|\n| [é](https://arxiv.org/abs/2501.12948) |\n| | | | |",
            "**[x](https://arxiv.org/abs/2501.12948)",
            "[[[[(((https://arxiv.org/abs/2501.12948)))]]]]",
            "arXiv:\u{3000}2501.12948 arXiv: arXiv:2501. 中文arXiv:2501.12948中文",
            "<b><b><b>x</b>",
            "# 1.\n## #\n### [](https://arxiv.org/abs/2501.12948)",
            "- a\n  - b\n    - c\n      - https://arxiv.org/abs/2501.12948\n",
            "\u{1}[\u{1}](https://arxiv.org/abs/2501.12948)\u{1}",
            "<h1>x<h2>y</h1>[z](https://arxiv.org/abs/2501.12948)",
            "> <details>\n> <summary>é</summary>\n>\n> https://arxiv.org/abs/2501.12948\n",
            "https://аrxiv.org/abs/2501.12948 https://arxiv.org/abs/２５０１.12948",
            "<a href=https://arxiv.org/abs/2501.12948><a href=https://arxiv.org/abs/2412.19437>x</a>y</a>",
        ];
        for text in nasty {
            let (_, entries, _) = parse(text, 0);
            for e in &entries {
                assert!(!e.title.is_empty(), "{text:?}");
            }
        }
    }

    #[test]
    fn large_inputs_stay_linear() {
        // Shapes that would be quadratic with naive scanning.
        let mut text = String::new();
        text.push_str(&"(".repeat(20_000));
        text.push_str(&"<a ".repeat(20_000));
        text.push_str(&"h".repeat(20_000));
        text.push('\n');
        for i in 0..5_000 {
            text.push_str(&format!(
                "- [T{i}](https://arxiv.org/abs/2501.{:05}) arXiv:2412.{:05}\n",
                i, i
            ));
        }
        let start = std::time::Instant::now();
        let (_, entries, _) = parse(&text, 0);
        // Each item's mention only cites another paper (issue 16).
        assert_eq!(entries.len(), 5_000);
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in "\\PC*") {
            let _ = parse(&s, 0);
        }

        #[test]
        fn markdown_like_text_never_panics(
            s in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just("[".to_string()),
                proptest::strategy::Just("](https://arxiv.org/abs/2501.12948)".to_string()),
                proptest::strategy::Just("https://arxiv.org/pdf/2510.0".to_string()),
                proptest::strategy::Just("arXiv:2412.19437".to_string()),
                proptest::strategy::Just("<a href='https://arxiv.org/abs/2005.11401'>".to_string()),
                proptest::strategy::Just("</a>".to_string()),
                proptest::strategy::Just("<b>".to_string()),
                proptest::strategy::Just("**".to_string()),
                proptest::strategy::Just("\n".to_string()),
                proptest::strategy::Just("\n\n".to_string()),
                proptest::strategy::Just("# ".to_string()),
                proptest::strategy::Just("- ".to_string()),
                proptest::strategy::Just("> ".to_string()),
                proptest::strategy::Just("| ".to_string()),
                proptest::strategy::Just("|---|---|\n".to_string()),
                proptest::strategy::Just("<tr><td>".to_string()),
                proptest::strategy::Just("1. ".to_string()),
                proptest::strategy::Just("标题：".to_string()),
                proptest::strategy::Just("（".to_string()),
                proptest::strategy::Just(")".to_string()),
                "\\PC{0,8}",
            ], 0..40)
        ) {
            let text = s.concat();
            let (_, entries, _) = parse(&text, 0);
            for e in entries {
                proptest::prop_assert!(e.link.arxiv.is_some());
            }
        }
    }
}

/// Markdown parsed a piece at a time reads exactly as parsed whole.
#[cfg(test)]
mod pieces {
    use proptest::prelude::*;

    use super::{of_units, units};

    fn line() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "",
            "",
            "# 2025-10-03 digest",
            "## A heading",
            "###### six",
            "#nospace",
            "Some text about [a paper](https://arxiv.org/abs/2501.00001).",
            "**Bold Title**",
            "[PDF](https://arxiv.org/pdf/2501.00002) arXiv:2501.00003",
            "- [Item paper](https://arxiv.org/abs/2501.00004): summary",
            "  - 关键词: a, b",
            "* item",
            "1. [Numbered](https://arxiv.org/abs/2501.00005)",
            "2) two",
            "    indented code https://arxiv.org/abs/2501.00006",
            "> quoted https://arxiv.org/abs/2501.00007",
            "```",
            "```rust",
            "~~~",
            "  ```",
            "<!-- comment",
            "-->",
            "<pre>",
            "</pre>",
            "<div>",
            "</div>",
            "<a href=\"https://arxiv.org/abs/2501.00008\">html</a>",
            "| Title | Link |",
            "|---|---|",
            "| x | [pdf](https://arxiv.org/pdf/2501.00009) |",
            "---",
            "===",
            "text https://arxiv.org/abs/2501.00010 more",
            "\t tabbed",
            "中文标题 汉字",
            "\u{feff}",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn cut_at_every_place_allowed_reads_as_whole(
            lines in prop::collection::vec(line(), 0..40),
            size in 1usize..60,
        ) {
            let text = lines.join("\n");
            let whole = of_units(units::read_in_pieces(&text, 0, usize::MAX));
            let cut = of_units(units::read_in_pieces(&text, 0, size));
            prop_assert_eq!(cut, whole, "{}", text);
        }
    }

    #[test]
    fn fixtures_read_the_same_cut_as_whole() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/digests");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(dir) {
            let path = entry.unwrap().into_path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if path.extension().is_none_or(|x| x != "md") {
                continue;
            }
            seen += 1;
            // As `digest::parse` reads it: the front matter is not Markdown.
            let (_, body, before) = crate::digest::front_matter::split(&text);
            let whole = of_units(units::read_in_pieces(body, before, usize::MAX));
            let cut = of_units(units::read_in_pieces(body, before, 1));
            assert_eq!(cut, whole, "{}", path.display());
        }
        assert!(seen >= 8, "{seen}");
    }
}
