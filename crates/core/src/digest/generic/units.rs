//! Reads Markdown, and the HTML inside it, into a flat list of units in
//! document order: headings, paragraphs, list items and table rows. Each
//! unit keeps two renderings of its text (Markdown-ish for summaries, plain
//! for titles), the arXiv papers it links, and where its links and bold runs
//! are, so that the grouping step can pick titles and cut them out.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
use url::Url;

use super::blocks;
use super::html::{self, Role, Token};
use super::words::{self, CUT};
use crate::arxiv::{self, ArxivId, ArxivRef};
use crate::digest::Warning;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Para,
    Item,
    Heading(u8),
    Row { table: usize, head: bool },
    Rule,
}

/// A stretch of a unit's text, in both renderings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Span {
    pub md: Range<usize>,
    pub plain: Range<usize>,
}

/// A place where a unit names a paper: a link, or a bare URL or `arXiv:ID`.
#[derive(Debug, Clone)]
pub(super) struct Occurrence {
    pub paper: u32,
    pub url: String,
    pub line: usize,
    pub span: Span,
    /// A link whose text could be a title (false for bare URLs and ids).
    pub meaningful: bool,
    pub via: Via,
}

/// How a unit names a paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Via {
    /// A link, a bare URL, a local page's name or an HTML attribute: the
    /// page points at the paper.
    Link,
    /// A bare `arXiv:ID` (`arXiv ID`) in the text: it may only cite the
    /// paper (`references.rs` decides).
    Mention,
}

#[derive(Debug, Clone)]
pub(super) struct LinkSpan {
    pub span: Span,
    pub meaningful: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub span: Span,
    pub header: bool,
}

#[derive(Debug)]
pub(super) struct Unit {
    pub kind: Kind,
    pub line: usize,
    pub parent: Option<usize>,
    /// One past the last unit inside this one (for a heading: its section).
    pub end: usize,
    pub md: String,
    pub plain: String,
    /// Sorted by position.
    pub occurrences: Vec<Occurrence>,
    /// Every link, to arXiv or not, sorted by position.
    pub links: Vec<LinkSpan>,
    pub bolds: Vec<Span>,
    pub cells: Vec<Cell>,
}

/// What is open inside an open unit: kept beside the stack of open units,
/// not in every unit.
#[derive(Debug, Default)]
struct Open {
    links: Vec<OpenLink>,
    bolds: Vec<(usize, usize)>,
    cell: Option<(usize, usize, bool)>,
}

#[derive(Debug)]
struct OpenLink {
    md: usize,
    plain: usize,
    paper: Option<u32>,
    url: String,
    bracket: bool,
    html: bool,
    line: usize,
}

#[derive(Debug, Default)]
pub(super) struct Table {
    pub headers: Vec<String>,
    pub title_column: Option<usize>,
}

/// Everything read from one file.
#[derive(Debug, Default)]
pub(super) struct Doc {
    pub units: Vec<Unit>,
    pub papers: Vec<ArxivRef>,
    pub tables: Vec<Table>,
    pub warnings: Vec<Warning>,
}

impl Unit {
    /// `plain[range]` without the given sorted spans, as a title.
    fn plain_without<'a>(
        &self,
        range: Range<usize>,
        cuts: impl Iterator<Item = &'a Span>,
    ) -> String {
        let mut out = String::new();
        let mut at = range.start;
        for s in cuts {
            let (a, b) = (s.plain.start.max(at), s.plain.end.min(range.end));
            if a >= b {
                continue;
            }
            out.push_str(self.plain.get(at..a).unwrap_or(""));
            out.push(' ');
            at = b;
        }
        out.push_str(self.plain.get(at..range.end).unwrap_or(""));
        out
    }

    fn links_in(&self, range: &Range<usize>) -> &[LinkSpan] {
        let from = self
            .links
            .partition_point(|l| l.span.plain.start < range.start);
        let to = self
            .links
            .partition_point(|l| l.span.plain.start < range.end);
        self.links.get(from..to.max(from)).unwrap_or(&[])
    }

    fn occurrences_in(&self, range: &Range<usize>) -> &[Occurrence] {
        let from = self
            .occurrences
            .partition_point(|o| o.span.plain.start < range.start);
        let to = self
            .occurrences
            .partition_point(|o| o.span.plain.start < range.end);
        self.occurrences.get(from..to.max(from)).unwrap_or(&[])
    }

    /// The text of `range` as a title: links that say nothing (`[PDF]`) and
    /// bare URLs or ids removed, then cleaned.
    pub fn title_text(&self, range: Range<usize>) -> String {
        let mut cuts: Vec<&Span> = self
            .links_in(&range)
            .iter()
            .filter(|l| !l.meaningful)
            .map(|l| &l.span)
            .chain(
                self.occurrences_in(&range)
                    .iter()
                    .filter(|o| !o.meaningful)
                    .map(|o| &o.span),
            )
            .collect();
        cuts.sort_by_key(|s| s.plain.start);
        words::clean_title(&self.plain_without(range, cuts.into_iter()))
    }

    /// The text of `range` without any link or paper reference at all.
    pub fn text_without_links(&self, range: Range<usize>) -> String {
        let mut cuts: Vec<&Span> = self
            .links_in(&range)
            .iter()
            .map(|l| &l.span)
            .chain(self.occurrences_in(&range).iter().map(|o| &o.span))
            .collect();
        cuts.sort_by_key(|s| s.plain.start);
        self.plain_without(range, cuts.into_iter())
    }

    pub fn whole(&self) -> Span {
        Span {
            md: 0..self.md.len(),
            plain: 0..self.plain.len(),
        }
    }
}

/// 1-based line numbers in the file for byte offsets in the text, which
/// starts after `before` lines (front matter).
struct Lines {
    starts: Vec<usize>,
    before: usize,
}

impl Lines {
    fn new(text: &str, before: usize) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts, before }
    }

    fn of(&self, offset: usize) -> usize {
        self.before + self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// Consecutive text appended to one unit, scanned for bare URLs and ids
/// once it ends (Markdown may split a URL over several text events).
struct Run {
    unit: usize,
    md: usize,
    plain: usize,
    scan: bool,
    /// (offset in the run, offset in the source) where each piece starts.
    pieces: Vec<(usize, usize)>,
}

enum Frame {
    None,
    Unit(usize),
    Table,
    Cell,
    Bold,
    Link,
    Image,
    Code,
    Html {
        text: String,
        pieces: Vec<(usize, usize)>,
    },
}

struct Builder {
    lines: Lines,
    doc: Doc,
    paper_index: HashMap<ArxivId, u32>,
    stack: Vec<usize>,
    /// What is open in each unit of `stack`.
    opens: Vec<Open>,
    sections: Vec<usize>,
    table_stack: Vec<usize>,
    run: Option<Run>,
    code: usize,
    image: usize,
}

/// Reads the text, which starts after `before` lines of the file, into
/// units, parsing Markdown [`PIECE`] bytes at a time.
pub(super) fn read(text: &str, before: usize) -> Doc {
    read_in_pieces(text, before, PIECE)
}

/// How much Markdown pulldown-cmark is given at once (it holds a tree of
/// what it is given, about three times its size): past this, the text is
/// cut at the next place [`blocks::next_cut`] allows.
const PIECE: usize = 256 << 10;

pub(super) fn read_in_pieces(text: &str, before: usize, size: usize) -> Doc {
    let mut b = Builder {
        lines: Lines::new(text, before),
        doc: Doc::default(),
        paper_index: HashMap::new(),
        stack: Vec::new(),
        opens: Vec::new(),
        sections: Vec::new(),
        table_stack: Vec::new(),
        run: None,
        code: 0,
        image: 0,
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS;
    let mut frames: Vec<Frame> = Vec::new();
    let mut start = 0;
    let mut last_end = 0;
    while start < text.len() {
        let end = blocks::next_cut(text, start.saturating_add(size).max(last_end + 1));
        let piece = &text[start..end];
        let mut depth = 0usize;
        let mut again = None;
        for (event, range) in Parser::new_ext(piece, options).into_offset_iter() {
            if depth == 0
                && end < text.len()
                && matches!(event, Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock))
                && piece[range.end..].trim().is_empty()
            {
                // Fenced code or HTML may go on past the cut: parse again
                // from the start of its line, to a later cut.
                again = Some(start + piece[..range.start].rfind('\n').map_or(0, |k| k + 1));
                break;
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            b.event(&mut frames, event, start + range.start);
        }
        last_end = end;
        start = again.unwrap_or(end);
    }
    b.finish()
}

impl Builder {
    /// One pulldown-cmark event at byte `at` of the text.
    fn event(&mut self, frames: &mut Vec<Frame>, event: Event<'_>, at: usize) {
        let b = self;
        match event {
            Event::Start(tag) => {
                let frame = b.start(tag, at);
                frames.push(frame);
            }
            Event::End(_) => {
                if let Some(frame) = frames.pop() {
                    b.end(frame);
                }
            }
            Event::Text(t) => b.text(&t, at),
            Event::Code(t) => b.code_span(&t, at),
            Event::InlineMath(t) | Event::DisplayMath(t) => b.text(&t, at),
            Event::Html(h) => match frames.last_mut() {
                Some(Frame::Html { text, pieces }) => {
                    pieces.push((text.len(), at));
                    text.push_str(&h);
                }
                _ => b.html(&h, &[(0, at)], true),
            },
            Event::InlineHtml(h) => b.html(&h, &[(0, at)], false),
            Event::SoftBreak | Event::HardBreak => b.line_break(),
            Event::Rule => b.rule(at),
            _ => {}
        }
    }
}

/// [`arxiv::from_url`], skipping the URL parser for links that cannot be
/// arXiv's (no arXiv, alphaXiv or Hugging Face host in them, nothing the parser would
/// decode into one).
fn paper_of(url: &str) -> Option<ArxivRef> {
    let b = url.as_bytes();
    let maybe = !url.is_ascii()
        || url.contains(['%', '\t', '\n', '\r'])
        || b.windows(3).any(|w| w.eq_ignore_ascii_case(b"xiv"))
        || b.windows(11)
            .any(|w| w.eq_ignore_ascii_case(b"huggingface"));
    if maybe {
        arxiv::from_url(url)
    } else {
        None
    }
}

/// The paper an element names in `data-arxiv-id` or `data-arxiv` (an id or
/// an arXiv link).
fn paper_attribute(attrs: &str) -> Option<ArxivRef> {
    ["data-arxiv-id", "data-arxiv"].iter().find_map(|key| {
        let value = html::attr(attrs, key)?;
        let value = value.trim();
        arxiv::from_url(value).or_else(|| ArxivRef::parse(value).ok())
    })
}

/// True for a URL on an arXiv host that names no valid paper
/// (`https://arxiv.org/pdf/2510.0`): worth a warning.
fn looks_like_arxiv(raw: &str) -> bool {
    let Ok(url) = Url::parse(raw.trim()) else {
        return false;
    };
    if !matches!(url.scheme(), "http" | "https") {
        return false;
    }
    let Some(host) = url.host_str() else {
        return false;
    };
    let Some(rest) = arxiv::id_path(host, url.path()) else {
        return false;
    };
    // Hugging Face lists more than papers under /papers/ (trending, …): only an id starts with a digit.
    !host.ends_with("huggingface.co") || rest.starts_with(|c: char| c.is_ascii_digit())
}

/// Where a bare URL starting at `start` ends: at white space, quotes, angle
/// brackets or non-ASCII text, without trailing punctuation.
fn url_end(s: &str, start: usize) -> usize {
    let b = s.as_bytes();
    let mut end = start;
    while end < b.len()
        && b[end] > b' '
        && b[end] < 0x7f
        && !matches!(
            b[end],
            b'<' | b'>' | b'"' | b'\'' | b'`' | b'|' | b'{' | b'}' | b'\\' | b'^'
        )
    {
        end += 1;
    }
    loop {
        let url = &s[start..end];
        let count = |c: char| url.matches(c).count();
        match url.as_bytes().last() {
            Some(b'.' | b',' | b';' | b':' | b'!' | b'?' | b'*' | b'~' | b'_') => end -= 1,
            Some(b')') if count(')') > count('(') => end -= 1,
            Some(b']') if count(']') > count('[') => end -= 1,
            _ => return end,
        }
    }
}

/// The start of `arXiv:` (`arXiv `) before an id found at `id_at`, and
/// where the id ends.
fn mention_span(s: &str, id_at: usize) -> Range<usize> {
    let mut start = id_at;
    let mut spaced = false;
    if let Some(c) = s.get(..start).and_then(|h| h.chars().next_back()) {
        if c.is_whitespace() {
            start -= c.len_utf8();
            spaced = true;
        }
    }
    let ends_with = |end: usize, word: &str| {
        end >= word.len()
            && s.get(end - word.len()..end)
                .is_some_and(|h| h.eq_ignore_ascii_case(word))
    };
    if ends_with(start, "arxiv:") {
        start -= 6;
    } else if spaced && ends_with(start, "arxiv") {
        start -= 5;
    }
    let b = s.as_bytes();
    let mut end = id_at;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'.' | b'-' | b'/'))
    {
        end += 1;
    }
    while end > id_at && matches!(b[end - 1], b'.' | b'-' | b'/') {
        end -= 1;
    }
    start..end
}

/// A cheap test before running the `arXiv:ID` regex: some `arxiv:` or
/// `arxiv ` in the text.
fn names_arxiv(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr2_iter(b'x', b'X', b).any(|k| {
        k >= 2
            && b.get(k - 2..k + 3)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"arxiv"))
            && b.get(k + 3)
                .is_some_and(|&c| c == b':' || c.is_ascii_whitespace())
    })
}

fn http_at(b: &[u8], k: usize) -> bool {
    let starts = |p: &[u8]| {
        b.get(k..k + p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    (starts(b"http://") || starts(b"https://")) && (k == 0 || !b[k - 1].is_ascii_alphanumeric())
}

impl Builder {
    fn top(&self) -> Option<usize> {
        self.stack.last().copied()
    }

    fn unit(&mut self) -> Option<&mut Unit> {
        let top = self.top()?;
        self.doc.units.get_mut(top)
    }

    /// The innermost open unit and what is open in it.
    fn unit_and_open(&mut self) -> Option<(&mut Unit, &mut Open)> {
        let top = self.top()?;
        Some((self.doc.units.get_mut(top)?, self.opens.last_mut()?))
    }

    fn intern(&mut self, r: ArxivRef) -> u32 {
        if let Some(&i) = self.paper_index.get(&r.id) {
            return i;
        }
        let i = u32::try_from(self.doc.papers.len()).unwrap_or(u32::MAX);
        self.paper_index.insert(r.id.clone(), i);
        self.doc.papers.push(r);
        i
    }

    fn warn_unknown(&mut self, url: &str, offset: usize) {
        if looks_like_arxiv(url) {
            self.doc.warnings.push(Warning::new(
                self.lines.of(offset),
                format!("`{url}` looks like an arXiv link but names no valid arXiv paper; skipped"),
            ));
        }
    }

    fn open(&mut self, kind: Kind, at: usize) -> usize {
        self.flush();
        let idx = self.doc.units.len();
        let parent = match (kind, self.top()) {
            (_, Some(top)) => Some(top),
            (Kind::Heading(level), None) => {
                while let Some(&h) = self.sections.last() {
                    match self.doc.units[h].kind {
                        Kind::Heading(l) if l >= level => {
                            self.doc.units[h].end = idx;
                            self.sections.pop();
                        }
                        _ => break,
                    }
                }
                let parent = self.sections.last().copied();
                self.sections.push(idx);
                parent
            }
            (_, None) => self.sections.last().copied(),
        };
        self.doc.units.push(Unit {
            kind,
            line: self.lines.of(at),
            parent,
            end: idx + 1,
            md: String::new(),
            plain: String::new(),
            occurrences: Vec::new(),
            links: Vec::new(),
            bolds: Vec::new(),
            cells: Vec::new(),
        });
        self.stack.push(idx);
        self.opens.push(Open::default());
        idx
    }

    fn close(&mut self, idx: usize) {
        let Some(pos) = self.stack.iter().rposition(|&u| u == idx) else {
            return;
        };
        // Units opened inside this one and left open (unbalanced HTML) close first.
        while self.stack.len() > pos + 1 {
            if let Some(inner) = self.stack.last().copied() {
                self.close(inner);
            }
        }
        self.flush();
        while let Some(l) = self.opens.last_mut().and_then(|o| o.links.pop()) {
            self.finish_link(idx, l);
        }
        while self.bold_close() {}
        self.cell_close();
        self.stack.pop();
        self.opens.pop();
        let end = self.doc.units.len();
        let u = &mut self.doc.units[idx];
        u.md.shrink_to_fit();
        u.plain.shrink_to_fit();
        if !matches!(u.kind, Kind::Heading(_)) {
            u.end = end;
        }
        u.occurrences.sort_by_key(|o| o.span.md.start);
        u.links.sort_by_key(|l| l.span.plain.start);
        if let Kind::Row { table, head } = u.kind {
            let all_th = !u.cells.is_empty() && u.cells.iter().all(|c| c.header);
            if (head || all_th) && u.occurrences.is_empty() {
                u.kind = Kind::Row { table, head: true };
                let headers: Vec<String> = u
                    .cells
                    .iter()
                    .map(|c| words::clean_title(u.plain.get(c.span.plain.clone()).unwrap_or("")))
                    .collect();
                if let Some(t) = self.doc.tables.get_mut(table) {
                    if t.headers.is_empty() {
                        t.title_column = headers.iter().position(|h| words::is_title_header(h));
                        t.headers = headers;
                    }
                }
            } else if head {
                u.kind = Kind::Row { table, head: false };
            }
        }
    }

    fn finish(mut self) -> Doc {
        while let Some(top) = self.top() {
            self.close(top);
        }
        let n = self.doc.units.len();
        for h in self.sections.drain(..) {
            self.doc.units[h].end = n;
        }
        self.doc.units.shrink_to_fit();
        self.doc
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) -> Frame {
        match tag {
            Tag::Paragraph => {
                if self.stack.is_empty() {
                    Frame::Unit(self.open(Kind::Para, at))
                } else {
                    self.paragraph_break();
                    Frame::None
                }
            }
            Tag::Heading { level, .. } => {
                if self.stack.is_empty() {
                    Frame::Unit(self.open(Kind::Heading(level as u8), at))
                } else {
                    self.paragraph_break();
                    Frame::None
                }
            }
            Tag::Item => Frame::Unit(self.open(Kind::Item, at)),
            Tag::Table(_) => {
                self.doc.tables.push(Table::default());
                self.table_stack.push(self.doc.tables.len() - 1);
                Frame::Table
            }
            Tag::TableHead | Tag::TableRow => {
                let table = self.table_stack.last().copied().unwrap_or(0);
                let head = matches!(tag, Tag::TableHead);
                Frame::Unit(self.open(Kind::Row { table, head }, at))
            }
            Tag::TableCell => {
                self.cell_open(false);
                Frame::Cell
            }
            Tag::Strong => {
                self.bold_open();
                Frame::Bold
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.link_open(&dest_url, autolink, false, at);
                Frame::Link
            }
            Tag::Image { .. } => {
                self.flush();
                self.image += 1;
                Frame::Image
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code += 1;
                Frame::Code
            }
            Tag::HtmlBlock => Frame::Html {
                text: String::new(),
                pieces: Vec::new(),
            },
            _ => Frame::None,
        }
    }

    fn end(&mut self, frame: Frame) {
        match frame {
            Frame::None => {}
            Frame::Unit(idx) => self.close(idx),
            Frame::Table => {
                self.table_stack.pop();
            }
            Frame::Cell => self.cell_close(),
            Frame::Bold => {
                self.bold_close();
            }
            Frame::Link => self.link_close(false),
            Frame::Image => self.image = self.image.saturating_sub(1),
            Frame::Code => self.code = self.code.saturating_sub(1),
            Frame::Html { text, pieces } => self.html(&text, &pieces, true),
        }
    }

    /// Appends text that is neither scanned nor part of a run.
    fn raw(&mut self, s: &str) {
        self.flush();
        let s = s.replace(CUT, " ");
        if let Some(u) = self.unit() {
            u.md.push_str(&s);
            u.plain.push_str(&s);
        }
    }

    fn text(&mut self, t: &str, at: usize) {
        if self.code > 0 || self.image > 0 {
            return;
        }
        let Some(top) = self.top() else {
            return;
        };
        if self.run.as_ref().is_some_and(|r| r.unit != top) {
            self.flush();
        }
        let scan = self.opens.last().is_none_or(|o| o.links.is_empty());
        let u = &mut self.doc.units[top];
        let run = self.run.get_or_insert_with(|| Run {
            unit: top,
            md: u.md.len(),
            plain: u.plain.len(),
            scan,
            pieces: Vec::new(),
        });
        run.pieces.push((u.md.len() - run.md, at));
        if t.contains(CUT) {
            let t = t.replace(CUT, " ");
            u.md.push_str(&t);
            u.plain.push_str(&t);
        } else {
            u.md.push_str(t);
            u.plain.push_str(t);
        }
    }

    fn code_span(&mut self, t: &str, at: usize) {
        if self.top().is_none() {
            return;
        }
        self.flush();
        if let Some(u) = self.unit() {
            u.md.push('`');
        }
        self.text(t, at + 1);
        self.flush();
        if let Some(u) = self.unit() {
            u.md.push('`');
        }
    }

    /// Ends the current run of text, finding bare arXiv URLs and `arXiv:ID`s in it.
    fn flush(&mut self) {
        let Some(run) = self.run.take() else {
            return;
        };
        if !run.scan {
            return;
        }
        let Some(u) = self.doc.units.get(run.unit) else {
            return;
        };
        let s = u.md.get(run.md..).unwrap_or("");
        let b = s.as_bytes();
        let mut found: Vec<(Range<usize>, ArxivRef, String, Via)> = Vec::new();
        let mut bad: Vec<(String, usize)> = Vec::new();
        let mut from = 0;
        while let Some(colon) = s.get(from..).and_then(|r| r.find("://")).map(|k| k + from) {
            from = colon + 3;
            let k = if colon >= 5 && http_at(b, colon - 5) {
                colon - 5
            } else if colon >= 4 && http_at(b, colon - 4) {
                colon - 4
            } else {
                continue;
            };
            let end = url_end(s, k);
            let url = &s[k..end];
            match paper_of(url) {
                Some(r) => found.push((k..end, r, url.to_owned(), Via::Link)),
                None => bad.push((url.to_owned(), k)),
            }
            from = from.max(end);
        }
        if names_arxiv(s) {
            for (id_at, r) in arxiv::mentions(s) {
                let span = mention_span(s, id_at);
                if found
                    .iter()
                    .any(|(f, ..)| f.start < span.end && span.start < f.end)
                {
                    continue;
                }
                let url = format!("https://arxiv.org/abs/{r}");
                found.push((span, r, url, Via::Mention));
            }
        }
        let source = |pos: usize| {
            let i = run
                .pieces
                .partition_point(|&(p, _)| p <= pos)
                .saturating_sub(1);
            run.pieces.get(i).map_or(0, |&(p, src)| src + (pos - p))
        };
        let found: Vec<(Range<usize>, ArxivRef, String, Via, usize)> = found
            .into_iter()
            .map(|(r, a, url, via)| {
                let line = self.lines.of(source(r.start));
                (r, a, url, via, line)
            })
            .collect();
        for (url, k) in bad {
            let offset = source(k);
            self.warn_unknown(&url, offset);
        }
        for (range, r, url, via, line) in found {
            let paper = self.intern(r);
            let span = Span {
                md: run.md + range.start..run.md + range.end,
                plain: run.plain + range.start..run.plain + range.end,
            };
            self.doc.units[run.unit].occurrences.push(Occurrence {
                paper,
                url,
                line,
                span,
                meaningful: false,
                via,
            });
        }
    }

    fn line_break(&mut self) {
        self.flush();
        if let Some(u) = self.unit() {
            u.md.push('\n');
            u.plain.push('\n');
        }
    }

    fn paragraph_break(&mut self) {
        self.flush();
        if let Some(u) = self.unit() {
            if !u.md.is_empty() && !u.md.ends_with('\n') {
                u.md.push_str("\n\n");
                u.plain.push_str("\n\n");
            }
        }
    }

    fn rule(&mut self, at: usize) {
        if self.stack.is_empty() {
            let idx = self.open(Kind::Rule, at);
            self.close(idx);
        } else {
            self.line_break();
        }
    }

    fn bold_open(&mut self) {
        self.flush();
        if let Some((u, open)) = self.unit_and_open() {
            let at = (u.md.len(), u.plain.len());
            u.md.push_str("**");
            open.bolds.push(at);
        }
    }

    fn bold_close(&mut self) -> bool {
        self.flush();
        let Some((u, open)) = self.unit_and_open() else {
            return false;
        };
        let Some((md, plain)) = open.bolds.pop() else {
            return false;
        };
        if u.plain.get(plain..).is_some_and(|t| t.trim().is_empty()) {
            // Nothing inside: blank the opening marks (positions must not move).
            u.md.replace_range(md..md + 2, "  ");
            return true;
        }
        u.md.push_str("**");
        u.bolds.push(Span {
            md: md..u.md.len(),
            plain: plain..u.plain.len(),
        });
        true
    }

    fn cell_open(&mut self, header: bool) {
        self.cell_close();
        self.flush();
        if let Some((u, open)) = self.unit_and_open() {
            if !u.cells.is_empty() {
                u.md.push_str(" | ");
                u.plain.push_str(" | ");
            }
            open.cell = Some((u.md.len(), u.plain.len(), header));
        }
    }

    fn cell_close(&mut self) {
        self.flush();
        if let Some((u, open)) = self.unit_and_open() {
            if let Some((md, plain, header)) = open.cell.take() {
                u.cells.push(Cell {
                    span: Span {
                        md: md..u.md.len(),
                        plain: plain..u.plain.len(),
                    },
                    header,
                });
            }
        }
    }

    fn link_open(&mut self, dest: &str, autolink: bool, html: bool, at: usize) {
        self.flush();
        if self.top().is_none() {
            return;
        }
        let mut url = dest.trim().to_owned();
        let paper = match paper_of(dest) {
            Some(r) => Some(self.intern(r)),
            None => match arxiv::from_local_link(dest) {
                // A page of a vault or site named by its paper: the entry
                // points at arXiv, not at the local file.
                Some(r) => {
                    url = format!("https://arxiv.org/abs/{r}");
                    Some(self.intern(r))
                }
                None => {
                    self.warn_unknown(dest, at);
                    None
                }
            },
        };
        let line = self.lines.of(at);
        let Some((u, open)) = self.unit_and_open() else {
            return;
        };
        let bracket = paper.is_none() && !autolink;
        if bracket {
            u.md.push('[');
        }
        open.links.push(OpenLink {
            md: u.md.len() - usize::from(bracket),
            plain: u.plain.len(),
            paper,
            url,
            bracket,
            html,
            line,
        });
    }

    /// A paper named by an HTML attribute at byte `at`: an occurrence with
    /// nothing of the text, where the element starts.
    fn attribute_paper(&mut self, r: ArxivRef, at: usize) {
        self.flush();
        if self.top().is_none() {
            return;
        }
        let url = format!("https://arxiv.org/abs/{r}");
        let paper = self.intern(r);
        let line = self.lines.of(at);
        if let Some(u) = self.unit() {
            let span = Span {
                md: u.md.len()..u.md.len(),
                plain: u.plain.len()..u.plain.len(),
            };
            u.occurrences.push(Occurrence {
                paper,
                url,
                line,
                span,
                meaningful: false,
                via: Via::Link,
            });
        }
    }

    /// Closes the innermost Markdown link (`html == false`, with any HTML
    /// links left open inside it) or the innermost HTML `<a>`.
    fn link_close(&mut self, html: bool) {
        self.flush();
        let Some(top) = self.top() else {
            return;
        };
        if html
            && !self
                .opens
                .last()
                .and_then(|o| o.links.last())
                .is_some_and(|l| l.html)
        {
            return;
        }
        while let Some(l) = self.opens.last_mut().and_then(|o| o.links.pop()) {
            let was_html = l.html;
            self.finish_link(top, l);
            if was_html == html {
                break;
            }
        }
    }

    fn finish_link(&mut self, idx: usize, l: OpenLink) {
        let u = &mut self.doc.units[idx];
        let text_start = l.md + usize::from(l.bracket);
        let text = u.plain.get(l.plain..).unwrap_or("");
        let meaningful = words::is_meaningful(text);
        let blank = text.trim().is_empty();
        if l.bracket {
            if blank {
                u.md.replace_range(l.md..text_start, " ");
            } else {
                u.md.push_str("](");
                u.md.push_str(&l.url);
                u.md.push(')');
            }
        }
        let span = Span {
            md: l.md..u.md.len(),
            plain: l.plain..u.plain.len(),
        };
        if let Some(paper) = l.paper {
            u.occurrences.push(Occurrence {
                paper,
                url: l.url,
                line: l.line,
                span: span.clone(),
                meaningful,
                via: Via::Link,
            });
        }
        u.links.push(LinkSpan { span, meaningful });
    }

    /// HTML, inline (`block == false`: one tag inside a paragraph) or a whole
    /// HTML block, whose headings, list items and table rows become units.
    fn html(&mut self, s: &str, pieces: &[(usize, usize)], block: bool) {
        let source = |pos: usize| {
            let i = pieces.partition_point(|&(p, _)| p <= pos).saturating_sub(1);
            pieces
                .get(i)
                .map_or(0, |&(p, src)| src + pos.saturating_sub(p))
        };
        // Units this block opened, with the list depth of items.
        let mut opened: Vec<(usize, usize)> = Vec::new();
        let mut tables = 0;
        let mut depth = 0usize;
        for (pos, token) in html::tokens(s) {
            let at = source(pos);
            let top_opened = |b: &Builder, opened: &Vec<(usize, usize)>| {
                b.top().filter(|t| opened.iter().any(|(o, _)| o == t))
            };
            let close_para = |b: &mut Builder, opened: &Vec<(usize, usize)>| {
                if let Some(t) = top_opened(b, opened) {
                    if b.doc.units[t].kind == Kind::Para {
                        b.close(t);
                    }
                }
            };
            let ensure_unit = |b: &mut Builder, opened: &mut Vec<(usize, usize)>| {
                if block && b.stack.is_empty() {
                    let idx = b.open(Kind::Para, at);
                    opened.push((idx, depth));
                }
            };
            // An element may name its paper only in an attribute
            // (`<li data-arxiv-id="2510.20535">`): the unit it opens, or the
            // one it is in, names that paper.
            let named = match &token {
                Token::Open { attrs, .. } => paper_attribute(attrs),
                _ => None,
            };
            match token {
                Token::Other => {}
                Token::Text(t) => {
                    if block {
                        let t = html::decode_entities(t);
                        if self.stack.is_empty() && t.trim().is_empty() {
                            continue;
                        }
                        ensure_unit(self, &mut opened);
                        self.text(&t, at);
                    } else {
                        self.raw(t);
                    }
                }
                Token::Open { name, attrs, raw } => match html::role(&name) {
                    Role::Anchor => {
                        if let Some(href) = html::attr(attrs, "href") {
                            ensure_unit(self, &mut opened);
                            self.link_open(&href, false, true, at);
                        }
                    }
                    Role::Bold => {
                        ensure_unit(self, &mut opened);
                        self.bold_open();
                    }
                    Role::Break => self.line_break(),
                    Role::Inline => {}
                    Role::Block | Role::List | Role::Table if !block => self.paragraph_break(),
                    Role::Block => match top_opened(self, &opened) {
                        Some(t) if self.doc.units[t].kind == Kind::Para => self.close(t),
                        _ => self.paragraph_break(),
                    },
                    Role::List => {
                        depth += 1;
                        self.paragraph_break();
                    }
                    Role::Table => {
                        close_para(self, &opened);
                        self.doc.tables.push(Table::default());
                        self.table_stack.push(self.doc.tables.len() - 1);
                        tables += 1;
                    }
                    Role::ListItem | Role::Row | Role::Cell { .. } | Role::Heading(_) if !block => {
                        self.paragraph_break()
                    }
                    Role::ListItem => {
                        close_para(self, &opened);
                        while let Some(t) = top_opened(self, &opened) {
                            let same_list = opened.iter().any(|&(o, d)| o == t && d >= depth);
                            if self.doc.units[t].kind == Kind::Item && same_list {
                                self.close(t);
                            } else {
                                break;
                            }
                        }
                        let idx = self.open(Kind::Item, at);
                        opened.push((idx, depth));
                    }
                    Role::Row => {
                        close_para(self, &opened);
                        if let Some(t) = top_opened(self, &opened) {
                            if matches!(self.doc.units[t].kind, Kind::Row { .. }) {
                                self.close(t);
                            }
                        }
                        let table = self.html_table(&mut tables);
                        let idx = self.open(Kind::Row { table, head: false }, at);
                        opened.push((idx, depth));
                    }
                    Role::Cell { header } => {
                        let in_row = self
                            .top()
                            .is_some_and(|t| matches!(self.doc.units[t].kind, Kind::Row { .. }));
                        if !in_row {
                            close_para(self, &opened);
                            let table = self.html_table(&mut tables);
                            let idx = self.open(Kind::Row { table, head: false }, at);
                            opened.push((idx, depth));
                        }
                        self.cell_open(header);
                    }
                    Role::Heading(level) => {
                        close_para(self, &opened);
                        if self.stack.is_empty() {
                            let idx = self.open(Kind::Heading(level), at);
                            opened.push((idx, depth));
                        } else {
                            self.paragraph_break();
                        }
                    }
                    Role::Rule => {
                        close_para(self, &opened);
                        if self.stack.is_empty() {
                            self.rule(at);
                        } else {
                            self.line_break();
                        }
                    }
                    Role::Unknown => {
                        ensure_unit(self, &mut opened);
                        self.raw(raw);
                    }
                },
                Token::Close { name, raw } => match html::role(&name) {
                    Role::Anchor => self.link_close(true),
                    Role::Bold => {
                        self.bold_close();
                    }
                    Role::Break | Role::Inline => {}
                    Role::Unknown => self.raw(raw),
                    _ if !block => self.paragraph_break(),
                    Role::Block => match top_opened(self, &opened) {
                        Some(t) if self.doc.units[t].kind == Kind::Para => self.close(t),
                        _ => self.paragraph_break(),
                    },
                    Role::List => {
                        while let Some(t) = top_opened(self, &opened) {
                            let inner = opened.iter().any(|&(o, d)| o == t && d >= depth);
                            if inner {
                                self.close(t);
                            } else {
                                break;
                            }
                        }
                        depth = depth.saturating_sub(1);
                    }
                    Role::ListItem | Role::Row | Role::Heading(_) => {
                        close_para(self, &opened);
                        if let Some(t) = top_opened(self, &opened) {
                            let matching = matches!(
                                (html::role(&name), self.doc.units[t].kind),
                                (Role::ListItem, Kind::Item)
                                    | (Role::Row, Kind::Row { .. })
                                    | (Role::Heading(_), Kind::Heading(_))
                            );
                            if matching {
                                self.close(t);
                            }
                        }
                    }
                    Role::Cell { .. } => self.cell_close(),
                    Role::Table => {
                        if let Some(t) = top_opened(self, &opened) {
                            if matches!(self.doc.units[t].kind, Kind::Row { .. } | Kind::Para) {
                                self.close(t);
                            }
                        }
                        if tables > 0 {
                            self.table_stack.pop();
                            tables -= 1;
                        }
                    }
                    Role::Rule => {}
                },
            }
            if let Some(paper) = named {
                if block && self.stack.is_empty() {
                    let idx = self.open(Kind::Para, at);
                    opened.push((idx, depth));
                }
                self.attribute_paper(paper, at);
            }
        }
        self.flush();
        for (idx, _) in opened.into_iter().rev() {
            if self.stack.contains(&idx) {
                self.close(idx);
            }
        }
        for _ in 0..tables {
            self.table_stack.pop();
        }
    }

    /// The table HTML rows belong to, opening one if the HTML has no `<table>`.
    fn html_table(&mut self, tables: &mut usize) -> usize {
        match self.table_stack.last() {
            Some(&t) if *tables > 0 => t,
            _ => {
                self.doc.tables.push(Table::default());
                self.table_stack.push(self.doc.tables.len() - 1);
                *tables += 1;
                self.doc.tables.len() - 1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_end_before_punctuation() {
        let s = "see https://arxiv.org/abs/2501.12948v1). and (https://arxiv.org/abs/x_(y)) 。";
        let k = s.find("https").unwrap();
        assert_eq!(&s[k..url_end(s, k)], "https://arxiv.org/abs/2501.12948v1");
        let k = s.rfind("https").unwrap();
        assert_eq!(&s[k..url_end(s, k)], "https://arxiv.org/abs/x_(y)");
    }

    #[test]
    fn mentions_include_their_prefix() {
        let s = "见 arXiv: 2501.12948v2.";
        let at = s.find("2501").unwrap();
        assert_eq!(&s[mention_span(s, at)], "arXiv: 2501.12948v2");
        let s = "arXiv:\u{3000}2501.12948";
        let at = s.find("2501").unwrap();
        assert_eq!(&s[mention_span(s, at)], "arXiv:\u{3000}2501.12948");
        let s = "see arXiv 2510.20535, ARXIV:2510.20536";
        let at = s.find("2510.20535").unwrap();
        assert_eq!(&s[mention_span(s, at)], "arXiv 2510.20535");
        let at = s.find("2510.20536").unwrap();
        assert_eq!(&s[mention_span(s, at)], "ARXIV:2510.20536");
        assert!(names_arxiv("x ArXiv 2510.20535") && names_arxiv("arxiv:1"));
        assert!(!names_arxiv("arxiv.org/abs/2510.20535") && !names_arxiv("xiv:"));
    }

    #[test]
    fn lines_are_one_based() {
        let l = Lines::new("a\nb\n\nc", 0);
        assert_eq!(
            [l.of(0), l.of(1), l.of(2), l.of(4), l.of(5), l.of(99)],
            [1, 1, 2, 3, 4, 4]
        );
        let after_front_matter = Lines::new("a\nb", 3);
        assert_eq!([after_front_matter.of(0), after_front_matter.of(2)], [4, 5]);
    }

    #[test]
    fn the_url_prefilter_agrees_with_the_parser() {
        for u in [
            "https://arxiv.org/abs/2501.12948",
            "https://ARXIV.ORG/abs/2501.12948",
            "https://www.alphaxiv.org/abs/2501.12948",
            "https://huggingface.co/papers/2501.12948",
            "https://%61rxiv.org/abs/2501.12948",
            "https://ａｒｘｉｖ.org/abs/2501.12948",
            "https://ar\txiv.org/abs/2501.12948",
            "https://github.com/x/y",
            "https://example.com/2501.12948",
        ] {
            assert_eq!(paper_of(u), arxiv::from_url(u), "{u}");
        }
    }

    #[test]
    fn arxiv_looking_urls() {
        assert!(looks_like_arxiv("https://arxiv.org/pdf/2510.0"));
        assert!(looks_like_arxiv("https://huggingface.co/papers/2510"));
        assert!(!looks_like_arxiv("https://huggingface.co/papers/trending"));
        assert!(!looks_like_arxiv("https://arxiv.org/list/cs.AI/recent"));
        assert!(!looks_like_arxiv(
            "https://arxiv.org.evil.example/pdf/2509.26346"
        ));
        assert!(!looks_like_arxiv("javascript:alert(1)"));
    }
}
