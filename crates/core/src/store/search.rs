//! Finding papers: full-text search over the FTS5 index that triggers keep in
//! step with papers, entries and notes (migrations 0003, 0004), combined
//! with filters, ranked and paged; and listing pages with filters alone.

use chrono::NaiveDate;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::{now, Library, PaperId, PaperRow, Result, StoreError};
use crate::search::{self, plain_text, Highlighted, Matcher, Query};

/// Papers a page holds unless asked otherwise.
pub const DEFAULT_PAGE: usize = 50;
/// The most papers one page may hold.
pub const MAX_PAGE: usize = 1000;
/// About how many characters a snippet shows.
const SNIPPET_CHARS: usize = 90;

/// How many of a query's newest matches are ranked by relevance.
const RANKED: i64 = 5000;
/// bm25 weights of the index's columns: title, summary, note.
const BM25: &str = "bm25(search_index, 10.0, 1.0, 3.0)";

/// Conditions on papers; every one set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// `Some(true)`: only read papers; `Some(false)`: only unread ones.
    pub read: Option<bool>,
    pub starred: Option<bool>,
    /// A note with some text in it.
    pub has_note: Option<bool>,
    /// A PDF in the offline cache.
    pub has_pdf: Option<bool>,
    /// Listed by a digest dated on or after this day...
    pub since: Option<NaiveDate>,
    /// ...and on or before this one (the same digest for both).
    pub until: Option<NaiveDate>,
    /// A keyword some digest gave the paper, exactly.
    pub keyword: Option<String>,
    /// Tags of the reader's, all of them (names ignore ASCII case).
    pub tags: Vec<String>,
}

/// A page of papers matching a query and a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// What the reader typed (see [`crate::search::Query`]); empty lists the
    /// filtered papers newest digest first.
    pub query: String,
    pub filter: SearchFilter,
    pub offset: usize,
    /// At most [`MAX_PAGE`].
    pub limit: usize,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest {
            query: String::new(),
            filter: SearchFilter::default(),
            offset: 0,
            limit: DEFAULT_PAGE,
        }
    }
}

/// Which text a snippet was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetSource {
    /// The summary of the entry in the digest of this date.
    Summary(NaiveDate),
    Note,
    Keywords,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub source: SnippetSource,
    pub text: Highlighted,
}

/// One paper found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub paper: PaperRow,
    /// The paper's title, matches marked.
    pub title: Highlighted,
    /// Where the query matched outside the title; `None` without a query or
    /// when only the title matched.
    pub snippet: Option<Snippet>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// All papers that match, over all pages.
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// The query had more than [`search::MAX_TOKENS`] tokens; the rest was ignored.
    pub truncated: bool,
}

/// Registers the SQL function the index's triggers call. Every connection
/// that writes the library needs it (see migration 0003).
pub(super) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "papershelf_search_text",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| search::index_text(&t)).unwrap_or_default())
        },
    )
}

impl Library {
    /// A page of papers: those matching the query (ranked, titles first, with
    /// highlights and snippets) or, with an empty query, all papers, newest
    /// digest first; either way narrowed by the filter.
    pub fn find(&self, request: &SearchRequest) -> Result<SearchResults> {
        let query = Query::parse(&request.query);
        if query.is_empty() && !request.query.trim().is_empty() {
            return Err(StoreError::NothingToSearch(shorten(&request.query)));
        }
        let limit = request.limit.min(MAX_PAGE);
        let (ids, total) = self.matching(&query, &request.filter, request.offset, limit)?;
        let matcher = Matcher::new(&query);
        let hits = ids
            .into_iter()
            .map(|id| self.hit(id, &matcher))
            .collect::<Result<_>>()?;
        Ok(SearchResults {
            total,
            hits,
            truncated: query.truncated,
        })
    }

    /// Every paper matching the query, best first. A query with nothing to
    /// search for finds nothing. For pages, filters and highlights use
    /// [`Library::find`].
    pub fn search(&self, query: &str) -> Result<Vec<PaperRow>> {
        let query = Query::parse(query);
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let (ids, _) = self.matching(&query, &SearchFilter::default(), 0, usize::MAX)?;
        ids.into_iter().map(|id| self.paper_row(id)).collect()
    }

    /// Rebuilds the search index and the list order from the library's
    /// tables, for repair; returns the number of papers indexed.
    pub fn rebuild_search_index(&mut self) -> Result<usize> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO search_index (search_index) VALUES ('delete-all')",
            [],
        )?;
        let n = tx.execute(
            "INSERT INTO search_index (rowid, title, summary, note)
             SELECT * FROM search_documents",
            [],
        )?;
        tx.execute(
            "UPDATE papers SET (latest_date, latest_position) = (
                 SELECT d.date, e.position FROM entries e JOIN digests d ON d.id = e.digest_id
                  WHERE e.paper_id = papers.id ORDER BY d.date DESC, e.position LIMIT 1)",
            [],
        )?;
        tx.execute(
            "INSERT INTO search_index (search_index) VALUES ('optimize')",
            [],
        )?;
        tx.commit()?;
        Ok(n)
    }

    /// Marks every unread paper read; returns them, so the caller can undo
    /// with [`Library::set_read`].
    pub fn mark_all_read(&mut self) -> Result<Vec<PaperId>> {
        let tx = self.conn.transaction()?;
        let ids = {
            let mut stmt =
                tx.prepare("UPDATE papers SET read_at = ?1 WHERE read_at IS NULL RETURNING id")?;
            let ids = stmt.query_map([now()], |r| Ok(PaperId(r.get(0)?)))?;
            ids.collect::<rusqlite::Result<Vec<_>>>()?
        };
        tx.commit()?;
        Ok(ids)
    }

    /// Ids of one page of matching papers, and how many match in all.
    fn matching(
        &self,
        query: &Query,
        filter: &SearchFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<i64>, usize)> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let mut params: Vec<Value> = Vec::new();
        if let Some(expr) = query.match_expr() {
            let title = query.include_expr(Some("title")).unwrap_or_default();
            return self.ranked(&expr, &title, filter, offset, limit, RANKED);
        }

        // No words to find: the filtered papers, in list order, minus any
        // excluded by `-word`.
        let mut conditions = filter_sql(filter, &mut params);
        if let Some(exclude) = query.exclude_expr() {
            conditions.push_str(
                " AND p.id NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)",
            );
            params.push(Value::Text(exclude));
        }
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM papers p WHERE {conditions}"))?
            .query_row(params_from_iter(&params), |r| r.get(0))?;
        params.push(Value::Integer(limit));
        params.push(Value::Integer(offset));
        let sql = format!(
            "SELECT p.id FROM papers p WHERE {conditions}
              ORDER BY p.latest_date DESC, p.latest_position, p.id
              LIMIT ? OFFSET ?"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt
            .query_map(params_from_iter(&params), |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok((ids, total as usize))
    }

    /// A page of the papers matching `expr`: the newest [`RANKED`] matches
    /// (before filters) in rank order — title matches first, then bm25 —
    /// then any older ones, newest first. bm25 costs about as much as the
    /// rest of a search per paper it scores, so bounding it keeps a word
    /// found in half the library fast; below [`RANKED`] matches every one
    /// is ranked.
    fn ranked(
        &self,
        expr: &str,
        title: &str,
        filter: &SearchFilter,
        offset: i64,
        limit: i64,
        window: i64,
    ) -> Result<(Vec<i64>, usize)> {
        // The rowid of the window-th newest match: FTS5 walks its doclist
        // backwards for `ORDER BY rowid DESC`, no scoring.
        let cut: i64 = self
            .conn
            .prepare_cached(
                "SELECT rowid FROM search_index WHERE search_index MATCH ?1
                  ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
            )?
            .query_row(params![expr, window - 1], |r| r.get(0))
            .optional()?
            .unwrap_or(i64::MIN);
        // Without filters, papers is not joined: each lookup costs.
        let join = if *filter == SearchFilter::default() {
            ""
        } else {
            "JOIN papers p ON p.id = s.rowid"
        };
        let count = |newer: bool| -> Result<i64> {
            let mut params = vec![Value::Text(expr.to_owned()), Value::Integer(cut)];
            let conditions = filter_sql(filter, &mut params);
            let op = if newer { ">=" } else { "<" };
            let sql = format!(
                "SELECT COUNT(*) FROM search_index s {join}
                  WHERE search_index MATCH ? AND s.rowid {op} ? AND {conditions}"
            );
            Ok(self
                .conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(&params), |r| r.get(0))?)
        };
        let in_window = count(true)?;
        let older = if cut == i64::MIN { 0 } else { count(false)? };
        let mut ids = Vec::new();
        if offset < in_window {
            let mut params = vec![
                Value::Text(expr.to_owned()),
                Value::Integer(cut),
                Value::Text(title.to_owned()),
                Value::Integer(cut),
            ];
            let conditions = filter_sql(filter, &mut params);
            params.push(Value::Integer(limit));
            params.push(Value::Integer(offset));
            let sql = format!(
                "WITH hits (rowid, score) AS (
                      SELECT rowid, {BM25} FROM search_index
                       WHERE search_index MATCH ? AND rowid >= ?),
                  titled (id) AS (
                      SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid >= ?)
                 SELECT s.rowid FROM hits s {join}
                  WHERE {conditions}
                  ORDER BY s.rowid IN titled DESC, s.score, s.rowid DESC
                  LIMIT ? OFFSET ?"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(&params), |r| r.get::<_, i64>(0))?;
            ids = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        }
        let wanted = limit.saturating_sub(ids.len() as i64);
        if wanted > 0 && older > 0 {
            let mut params = vec![Value::Text(expr.to_owned()), Value::Integer(cut)];
            let conditions = filter_sql(filter, &mut params);
            params.push(Value::Integer(wanted));
            params.push(Value::Integer((offset - in_window).max(0)));
            let sql = format!(
                "SELECT s.rowid FROM search_index s {join}
                  WHERE search_index MATCH ? AND s.rowid < ? AND {conditions}
                  ORDER BY s.rowid DESC LIMIT ? OFFSET ?"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(&params), |r| r.get::<_, i64>(0))?;
            ids.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        Ok((ids, (in_window + older) as usize))
    }

    fn paper_row(&self, id: i64) -> Result<PaperRow> {
        let sql = format!(
            "SELECT {} FROM papers p WHERE p.id = ?1",
            super::papers::ROW_COLUMNS
        );
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], |r| self.row(r))
            .optional()?
            .ok_or_else(|| StoreError::NoSuchPaper(id.to_string()))
    }

    fn hit(&self, id: i64, matcher: &Matcher) -> Result<SearchHit> {
        let paper = self.paper_row(id)?;
        let title = matcher.highlight(&paper.title);
        let tags = self.tags_of(paper.id)?;
        let snippet = if matcher.is_empty() {
            None
        } else {
            self.snippet(id, &paper, matcher)?
        };
        Ok(SearchHit {
            paper,
            title,
            snippet,
            tags,
        })
    }

    /// The passage matching the most of the query: from a summary (newest
    /// digest first), the note, or the keywords.
    fn snippet(&self, id: i64, paper: &PaperRow, matcher: &Matcher) -> Result<Option<Snippet>> {
        let mut candidates: Vec<(SnippetSource, String)> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.date, e.summary FROM entries e JOIN digests d ON d.id = e.digest_id
              WHERE e.paper_id = ?1 ORDER BY d.date DESC, e.id",
        )?;
        for row in stmt.query_map([id], |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))? {
            let (date, summary) = row?;
            candidates.push((SnippetSource::Summary(date), plain_text(&summary)));
        }
        if let Some(note) = self.note(paper.id)? {
            candidates.push((SnippetSource::Note, plain_text(&note.text)));
        }
        candidates.push((SnippetSource::Keywords, paper.keywords.join("、")));
        let mut best: Option<(usize, SnippetSource, &str)> = None;
        for (source, text) in &candidates {
            let n = matcher.phrases_in(text);
            if n > 0 && best.is_none_or(|(m, _, _)| n > m) {
                best = Some((n, *source, text));
            }
        }
        Ok(best.and_then(|(_, source, text)| {
            matcher
                .snippet(text, SNIPPET_CHARS)
                .map(|text| Snippet { source, text })
        }))
    }
}

/// SQL conditions on `papers p` for the filter, pushing their parameters.
fn filter_sql(filter: &SearchFilter, params: &mut Vec<Value>) -> String {
    let mut sql = String::from("1");
    let mut and = |condition: &str| {
        sql.push_str(" AND ");
        sql.push_str(condition);
    };
    match filter.read {
        Some(true) => and("p.read_at IS NOT NULL"),
        Some(false) => and("p.read_at IS NULL"),
        None => {}
    }
    match filter.starred {
        Some(true) => and("p.starred = 1"),
        Some(false) => and("p.starred = 0"),
        None => {}
    }
    let not = |b: bool| if b { "" } else { "NOT " };
    if let Some(b) = filter.has_note {
        and(&format!(
            "{}EXISTS (SELECT 1 FROM notes n WHERE n.paper_id = p.id AND n.text <> '')",
            not(b)
        ));
    }
    if let Some(b) = filter.has_pdf {
        and(&format!(
            "{}EXISTS (SELECT 1 FROM pdfs f WHERE f.paper_id = p.id)",
            not(b)
        ));
    }
    if filter.since.is_some() || filter.until.is_some() {
        let mut dates = String::new();
        for (bound, op) in [(filter.since, ">="), (filter.until, "<=")] {
            if let Some(day) = bound {
                dates.push_str(&format!(" AND d.date {op} ?"));
                params.push(Value::Text(day.to_string()));
            }
        }
        and(&format!(
            "p.id IN (SELECT e.paper_id FROM digests d JOIN entries e ON e.digest_id = d.id
                       WHERE 1{dates})"
        ));
    }
    if let Some(keyword) = &filter.keyword {
        and(
            "p.id IN (SELECT e.paper_id FROM keywords k JOIN entries e ON e.id = k.entry_id
                       WHERE k.keyword = ?)",
        );
        params.push(Value::Text(keyword.clone()));
    }
    for tag in &filter.tags {
        and(
            "p.id IN (SELECT pt.paper_id FROM tags t JOIN paper_tags pt ON pt.tag_id = t.id
                       WHERE t.name = ?)",
        );
        params.push(Value::Text(super::tags::normalize_name(tag)));
    }
    sql
}

/// A query as an error message quotes it: at most 40 characters.
fn shorten(query: &str) -> String {
    let query = query.trim();
    match query.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &query[..at]),
        None => query.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page of a query, with a ranking window of `window` matches.
    fn pages(
        lib: &Library,
        query: &Query,
        window: i64,
        filter: &SearchFilter,
    ) -> (Vec<i64>, usize) {
        let expr = query.match_expr().unwrap();
        let title = query.include_expr(Some("title")).unwrap();
        let mut all = Vec::new();
        let mut total = 0;
        for offset in (0..40).step_by(3) {
            let (ids, t) = lib
                .ranked(&expr, &title, filter, offset, 3, window)
                .unwrap();
            total = t;
            all.extend(ids);
        }
        (all, total)
    }

    #[test]
    fn matches_beyond_the_ranking_window_follow_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/digests/2025-10-03.md"
        );
        let report = crate::import::import_file(&mut lib, std::path::Path::new(sample), None);
        assert!(report.error.is_none());
        let query = Query::parse("模型");
        let (everything, total) = pages(&lib, &query, RANKED, &SearchFilter::default());
        assert!(total > 10 && everything.len() == total);
        for filter in [
            SearchFilter::default(),
            SearchFilter {
                starred: Some(false),
                ..SearchFilter::default()
            },
        ] {
            let (bounded, t) = pages(&lib, &query, 5, &filter);
            assert_eq!(t, total);
            let mut newest: Vec<i64> = everything.clone();
            newest.sort_unstable_by(|a, b| b.cmp(a));
            // The five newest matches, ranked among themselves; then the rest, newest first.
            let (window, rest) = newest.split_at(5);
            let mut head = bounded[..5].to_vec();
            head.sort_unstable_by(|a, b| b.cmp(a));
            assert_eq!(head, window);
            assert_eq!(&bounded[5..], rest);
            let ranked_among_window: Vec<i64> = everything
                .iter()
                .copied()
                .filter(|id| window.contains(id))
                .collect();
            assert_eq!(bounded[..5], ranked_among_window[..]);
        }
    }
}
