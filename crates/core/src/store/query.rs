//! The one SQL builder for lists of papers: a [`PaperQuery`] becomes a page
//! of rows (each with `has_pdf` and tags from the same statement), and, for
//! a text search, their highlights and snippets.
//!
//! Conditions are added only when set, so SQLite's planner sees simple
//! queries: a page of unread papers walks a partial index, a digest starts
//! from its entries, a search from the FTS5 index.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};

use super::papers::ROW_COLUMNS;
use super::search::Snippet;
use super::{Library, PaperId, PaperRow, Result, StoreError};
use crate::foryou::{ForYouState, Ranked};
use crate::query::{Conditions, Order, PaperQuery, MAX_PAGE};
use crate::search::{Highlighted, Matcher, Query};

/// The most papers meeting a search's conditions that are read into a set
/// to check its matches against; past it, the conditions are checked per
/// match in SQL (reading the 97,000 ids of "not starred" cost more than
/// joining the matches to `papers`).
const PASSING: usize = 20_000;
/// How many of a query's newest matches are ranked by relevance.
const RANKED: usize = 5000;
/// How many of a search's matches are counted, at most: beyond, the total is
/// [`Total::AtLeast`] (counting every match of a word in half the library
/// cost more than finding and ranking the first page). At least [`RANKED`].
pub const COUNTED: usize = 10_000;
/// bm25 weights of the index's columns: title, summary, note, authors, pdf,
/// highlights. A PDF holds a paper's every word: a match there weighs least;
/// a highlight is a passage the reader chose (and their comment on it),
/// weighed like the note.
const BM25: &str = "bm25(search_index, 10.0, 1.0, 3.0, 5.0, 0.5, 3.0)";

/// How many papers a query lists over all its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// Exactly this many: every list, and a search with at most
    /// [`COUNTED`] matches (after its filters).
    Exact(usize),
    /// At least this many (a search that matches more than [`COUNTED`]
    /// papers stops counting there: front ends say "about"/"N+"). Pages
    /// beyond it are there: the list ends at the first page that is not full.
    AtLeast(usize),
}

impl Total {
    /// The papers counted: all of them when [`Total::Exact`].
    pub fn counted(self) -> usize {
        match self {
            Total::Exact(n) | Total::AtLeast(n) => n,
        }
    }

    /// The number, when it is exact.
    pub fn exact(self) -> Option<usize> {
        match self {
            Total::Exact(n) => Some(n),
            Total::AtLeast(_) => None,
        }
    }
}

/// `1234`, or `10000+` for a lower bound.
impl std::fmt::Display for Total {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Total::Exact(n) => write!(f, "{n}"),
            Total::AtLeast(n) => write!(f, "{n}+"),
        }
    }
}

/// One page of a query's papers.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// How many papers match over all pages.
    pub total: Total,
    pub papers: Vec<Found>,
    /// The text had more than [`crate::search::MAX_TOKENS`] tokens; the rest was ignored.
    pub truncated: bool,
    /// The query's parts contradict each other (Unread and "read only"):
    /// no paper can match, whatever the library holds.
    pub contradiction: bool,
    /// Sorted For you: whether the model ranked the list or, with too few
    /// signals, it kept its own order (and what to tell the reader).
    /// `None` in any other order.
    pub for_you: Option<ForYouState>,
}

/// One paper of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub paper: PaperRow,
    /// What a text search matched; `None` without one.
    pub highlights: Option<Highlights>,
    /// Sorted For you by a trained model: the paper's score and why.
    pub for_you: Option<Ranked>,
}

/// Where a text search matched a paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlights {
    /// The paper's title, matches marked.
    pub title: Highlighted,
    /// Where the query matched outside the title; `None` when only the
    /// title matched (or the query only excludes).
    pub snippet: Option<Snippet>,
}

impl Page {
    /// The papers alone, in order.
    pub fn rows(self) -> Vec<PaperRow> {
        self.papers.into_iter().map(|f| f.paper).collect()
    }

    /// Their ids, in order.
    pub fn ids(&self) -> Vec<PaperId> {
        self.papers.iter().map(|f| f.paper.id).collect()
    }
}

impl Library {
    /// The papers a query asks for: one page of them, in its order, with how
    /// many there are in all. A text with nothing searchable in it is an
    /// error ([`StoreError::NothingToSearch`]); parts that contradict each
    /// other list nothing.
    pub fn papers(&self, q: &PaperQuery) -> Result<Page> {
        self.papers_within(
            q,
            Bounds {
                ranked: RANKED,
                counted: COUNTED,
                passing: PASSING,
            },
        )
    }

    /// [`Library::papers`] with a search's bounds given (tests use small ones).
    pub(crate) fn papers_within(&self, q: &PaperQuery, bounds: Bounds) -> Result<Page> {
        let text = Query::parse(&q.text);
        if text.is_empty() && q.has_text() {
            return Err(StoreError::NothingToSearch(shorten(&q.text)));
        }
        let Some(conditions) = q.conditions() else {
            return Ok(Page {
                total: Total::Exact(0),
                papers: Vec::new(),
                truncated: text.truncated,
                contradiction: true,
                for_you: None,
            });
        };
        // Highlights and snippets cost per paper: a search's page is bounded.
        let limit = if q.has_text() {
            q.limit.min(MAX_PAGE)
        } else {
            q.limit
        };
        let window = Window {
            offset: i64::try_from(q.offset).unwrap_or(i64::MAX),
            limit: i64::try_from(limit).unwrap_or(i64::MAX),
        };
        let model = match q.order() {
            Order::ForYou => Some(self.for_you_model()?),
            _ => None,
        };
        let (rows, total) = match (q.order(), text.match_expr()) {
            (Order::Relevance, Some(expr)) => {
                let title = text.include_expr(Some("title")).unwrap_or_default();
                let (ids, total) = self.ranked(&expr, &title, &conditions, window, bounds)?;
                let rows = ids
                    .into_iter()
                    .map(|id| self.paper_row(PaperId(id)))
                    .collect::<Result<_>>()?;
                (rows, total)
            }
            (Order::ForYou, _) => match model.as_deref() {
                Some(m) if m.classifier.is_some() => {
                    exact(self.for_you_ranked(m, &conditions, &text, window)?)
                }
                _ => exact(self.listed(&conditions, &text, Order::Listed, window)?),
            },
            (order, _) => exact(self.listed(&conditions, &text, order, window)?),
        };
        let matcher = q.has_text().then(|| Matcher::new(&text));
        let papers = rows
            .into_iter()
            .map(|paper| {
                let highlights = match &matcher {
                    Some(m) => Some(self.search_highlights(&paper, m)?),
                    None => None,
                };
                let for_you = model.as_ref().and_then(|m| m.ranked(paper.id));
                Ok(Found {
                    paper,
                    highlights,
                    for_you,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page {
            total,
            papers,
            truncated: text.truncated,
            contradiction: false,
            for_you: model.map(|m| m.state()),
        })
    }

    /// A page of the list's papers by the model's score, best first; ties
    /// (and papers the model does not know) in the list's own order. Every
    /// id of the list is read and scored: 100,000 ids take a few ms.
    fn for_you_ranked(
        &self,
        model: &crate::foryou::Model,
        c: &Conditions,
        text: &Query,
        window: Window,
    ) -> Result<(Vec<PaperRow>, usize)> {
        let mut params = Vec::new();
        let sql = listed_sql(c, text, Order::Listed, "p.id", &mut params);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt
            .query_map(params_from_iter(&params), |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut scored: Vec<(f32, i64)> = ids
            .into_iter()
            .map(|id| (model.score(PaperId(id)), id))
            .collect();
        // Stable: equal scores keep the listed order.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let rows = scored
            .iter()
            .skip(usize::try_from(window.offset).unwrap_or(usize::MAX))
            .take(usize::try_from(window.limit).unwrap_or(usize::MAX))
            .map(|&(_, id)| self.paper_row(PaperId(id)))
            .collect::<Result<_>>()?;
        Ok((rows, scored.len()))
    }

    /// A page of papers in a list's order, rows read by the statement that
    /// selects them (a row per statement cost a second at 10,000 papers).
    fn listed(
        &self,
        c: &Conditions,
        text: &Query,
        order: Order,
        window: Window,
    ) -> Result<(Vec<PaperRow>, usize)> {
        let mut params: Vec<Value> = Vec::new();
        let sql = listed_sql(c, text, order, ROW_COLUMNS, &mut params);
        params.push(Value::Integer(window.limit));
        params.push(Value::Integer(window.offset));
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{sql} LIMIT ? OFFSET ?"))?;
        let rows = stmt
            .query_map(params_from_iter(&params), |r| self.row(r))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A first page that is not full holds them all: no need to count.
        let total = if window.offset == 0 && (rows.len() as i64) < window.limit {
            rows.len()
        } else {
            self.count(c, text)?
        };
        Ok((rows, total))
    }

    fn count(&self, c: &Conditions, text: &Query) -> Result<usize> {
        let mut params = Vec::new();
        let all = conditions_sql(c, Some(text), &mut params);
        let n: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM papers p WHERE {all}"))?
            .query_row(params_from_iter(&params), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// A page of the papers matching `expr` and the conditions: the newest
    /// [`RANKED`] matches (before conditions) in rank order — title matches
    /// first, then bm25 — then any older ones, newest first. bm25 costs
    /// about as much as the rest of a search per paper it scores, so bounding
    /// it keeps a word found in half the library fast; below [`RANKED`]
    /// matches every one is ranked.
    ///
    /// Planned from the conditions' side: the ids of the papers meeting
    /// them are read once (a star, a tag, a keyword: a few rows), the
    /// matches are walked newest first as bare rowids (no join to `papers`,
    /// no score: a join and the conditions' subqueries per match cost 3x
    /// the walk) and kept when in that set, and only the kept ones in the
    /// window are scored. Conditions most papers meet ([`PASSING`]) are
    /// checked per match instead. The walk stops once it has counted past
    /// `counted` and holds the page.
    fn ranked(
        &self,
        expr: &str,
        title: &str,
        c: &Conditions,
        window: Window,
        bounds: Bounds,
    ) -> Result<(Vec<i64>, Total)> {
        let offset = usize::try_from(window.offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(window.limit).unwrap_or(usize::MAX);
        let Bounds {
            ranked, counted, ..
        } = bounds;
        let wanted = offset.saturating_add(limit);
        // `hits`: the kept matches, newest first; those with rowid >= cut
        // are among the newest `ranked` matches (the window).
        let (plan, mut hits, mut cut) = (self.plan(c, bounds.passing)?, Vec::new(), i64::MIN);
        let enough = |hits: &Vec<i64>| hits.len() > counted && hits.len() >= wanted;
        if let Plan::Join = plan {
            // The rowid of the ranked-th newest match: FTS5 walks its
            // doclist backwards for `ORDER BY rowid DESC`, no scoring.
            cut = self
                .conn
                .prepare_cached(
                    "SELECT rowid FROM search_index WHERE search_index MATCH ?1
                      ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
                )?
                .query_row(params![expr, ranked.saturating_sub(1) as i64], |r| r.get(0))
                .optional()?
                .unwrap_or(i64::MIN);
            let mut params = vec![Value::Text(expr.to_owned())];
            let conditions = conditions_sql(c, None, &mut params);
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT s.rowid FROM search_index s JOIN papers p ON p.id = s.rowid
                  WHERE search_index MATCH ? AND {conditions} ORDER BY s.rowid DESC"
            ))?;
            let mut rows = stmt.query(params_from_iter(&params))?;
            while let Some(row) = rows.next()? {
                hits.push(row.get(0)?);
                if enough(&hits) && hits.last().is_some_and(|id| *id < cut) {
                    break;
                }
            }
        } else {
            let mut stmt = self.conn.prepare_cached(
                "SELECT rowid FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC",
            )?;
            let mut rows = stmt.query([expr])?;
            let mut seen = 0;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                seen += 1;
                if seen == ranked {
                    cut = id;
                }
                if plan.keeps(id) {
                    hits.push(id);
                }
                if seen >= ranked && enough(&hits) {
                    break;
                }
            }
        }
        let in_window = hits.iter().take_while(|id| **id >= cut).count();
        let total = match hits.len() {
            n if n > counted => Total::AtLeast(counted),
            n => Total::Exact(n),
        };
        let mut page = Vec::new();
        if offset < in_window {
            let titled: HashSet<i64> = {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT rowid FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2",
                )?;
                let ids = stmt.query_map(params![title, cut], |r| r.get(0))?;
                ids.collect::<rusqlite::Result<_>>()?
            };
            // Only the kept papers are scored (bm25 is NULL for the rest),
            // and only their title matches when those fill the page: they
            // come first (most of a search's cost is scoring).
            let window = &hits[..in_window];
            let titled_kept: Vec<i64> = window
                .iter()
                .copied()
                .filter(|id| titled.contains(id))
                .collect();
            let json = |ids: &[i64]| serde_json::to_string(ids).expect("integers serialize");
            let kept = match plan {
                _ if titled_kept.len() >= wanted => Value::Text(json(&titled_kept)),
                Plan::All => Value::Null,
                Plan::Set(_) | Plan::Join => Value::Text(json(window)),
            };
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT rowid, CASE WHEN ?3 IS NULL OR rowid IN (SELECT value FROM json_each(?3))
                                    THEN {BM25} END
                   FROM search_index WHERE search_index MATCH ?1 AND rowid >= ?2"
            ))?;
            let scored = stmt.query_map(params![expr, cut, kept], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<f64>>(1)?))
            })?;
            let mut scored: Vec<(i64, f64)> = scored
                .filter_map(|r| r.map(|(id, s)| s.map(|s| (id, s))).transpose())
                .collect::<rusqlite::Result<_>>()?;
            scored.sort_by(|a, b| {
                (!titled.contains(&a.0))
                    .cmp(&!titled.contains(&b.0))
                    .then(a.1.total_cmp(&b.1))
                    .then(b.0.cmp(&a.0))
            });
            page.extend(scored.iter().skip(offset).take(limit).map(|(id, _)| *id));
        }
        let older = &hits[in_window..];
        let skip = offset.saturating_sub(in_window);
        page.extend(older.iter().skip(skip).take(limit - page.len()));
        Ok((page, total))
    }

    /// How a search checks its conditions: none; against the set of the
    /// papers meeting them, when at most `most` ([`PASSING`]) do; or per match.
    fn plan(&self, c: &Conditions, most: usize) -> Result<Plan> {
        if c.is_empty() {
            return Ok(Plan::All);
        }
        let mut params = Vec::new();
        let conditions = conditions_sql(c, None, &mut params);
        params.push(Value::Integer(
            i64::try_from(most).unwrap_or(i64::MAX - 1) + 1,
        ));
        let sql = format!("SELECT p.id FROM papers p WHERE {conditions} LIMIT ?");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt.query_map(params_from_iter(&params), |r| r.get(0))?;
        let passing: HashSet<i64> = ids.collect::<rusqlite::Result<_>>()?;
        Ok(match passing.len() > most {
            true => Plan::Join,
            false => Plan::Set(passing),
        })
    }

    /// One paper as a list shows it.
    pub(super) fn paper_row(&self, id: PaperId) -> Result<PaperRow> {
        let sql = format!("SELECT {ROW_COLUMNS} FROM papers p WHERE p.id = ?1");
        self.conn
            .prepare_cached(&sql)?
            .query_row([id.0], |r| self.row(r))
            .optional()?
            .ok_or_else(|| StoreError::NoSuchPaper(id.to_string()))
    }

    /// Where a text search matched the paper (not its PDF highlights).
    fn search_highlights(&self, paper: &PaperRow, matcher: &Matcher) -> Result<Highlights> {
        Ok(Highlights {
            title: matcher.highlight(&paper.title),
            snippet: if matcher.is_empty() {
                None
            } else {
                self.snippet(paper, matcher)?
            },
        })
    }
}

/// A list's rows with their exact count.
fn exact<T>((rows, n): (T, usize)) -> (T, Total) {
    (rows, Total::Exact(n))
}

/// How a search checks its conditions (see [`Library::plan`]).
enum Plan {
    /// There are none.
    All,
    /// Against the papers meeting them, read once.
    Set(HashSet<i64>),
    /// Per match, in SQL.
    Join,
}

impl Plan {
    /// Whether a match walked without the conditions is kept (a joined
    /// walk gets only kept ones).
    fn keeps(&self, id: i64) -> bool {
        match self {
            Plan::All | Plan::Join => true,
            Plan::Set(passing) => passing.contains(&id),
        }
    }
}

/// How many of a search's newest matches are ranked, and how many counted
/// (at least as many).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub ranked: usize,
    pub counted: usize,
    /// See [`PASSING`].
    pub passing: usize,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    offset: i64,
    limit: i64,
}

/// The SELECT of `columns` for a list's papers in `order` (without paging),
/// pushing its parameters.
fn listed_sql(
    c: &Conditions,
    text: &Query,
    order: Order,
    columns: &str,
    params: &mut Vec<Value>,
) -> String {
    match (order, c.digest, &c.papers) {
        // A date can have several digest files, and a paper can be in
        // more than one of them: once, at its first place.
        (Order::Listed | Order::Relevance | Order::ForYou, Some(date), _) => {
            params.push(Value::Text(date.to_string()));
            let rest = conditions_sql(&without_scope(c), Some(text), params);
            format!(
                "SELECT {columns} FROM digests d
                   JOIN entries e ON e.digest_id = d.id
                   JOIN papers p ON p.id = e.paper_id
                  WHERE d.date = ? AND {rest}
                  GROUP BY p.id
                  ORDER BY MIN(d.name || char(0) || printf('%08d', e.position))"
            )
        }
        (Order::Listed | Order::Relevance | Order::ForYou, None, Some(ids)) => {
            params.push(Value::Text(json_ids(ids)));
            let rest = conditions_sql(&without_scope(c), Some(text), params);
            format!(
                "SELECT {columns} FROM json_each(?) sel
                   JOIN papers p ON p.id = sel.value
                  WHERE {rest} ORDER BY sel.key"
            )
        }
        (Order::Listed | Order::Relevance | Order::ForYou, None, None) => {
            let all = conditions_sql(c, Some(text), params);
            format!(
                "SELECT {columns} FROM papers p WHERE {all}
                  ORDER BY p.latest_date DESC, p.latest_position, p.id"
            )
        }
        (Order::Newest, _, _) => {
            let all = conditions_sql(c, Some(text), params);
            format!("SELECT {columns} FROM papers p WHERE {all} ORDER BY p.id DESC")
        }
    }
}

/// The conditions without the scope a statement already joins.
fn without_scope(c: &Conditions) -> Conditions {
    Conditions {
        digest: None,
        papers: None,
        ..c.clone()
    }
}

/// The ids as a JSON array, each once, in their first place.
fn json_ids(ids: &[PaperId]) -> String {
    let mut seen = std::collections::HashSet::new();
    let unique: Vec<i64> = ids
        .iter()
        .map(|i| i.0)
        .filter(|i| seen.insert(*i))
        .collect();
    serde_json::to_string(&unique).expect("integers serialize")
}

/// SQL conditions on `papers p` for the conditions and a text search's
/// words (`None` when the statement starts from the index), pushing their
/// parameters in the order of their `?`.
fn conditions_sql(c: &Conditions, text: Option<&Query>, params: &mut Vec<Value>) -> String {
    let f = &c.filter;
    let mut sql = String::from("1");
    let mut and = |condition: &str| {
        sql.push_str(" AND ");
        sql.push_str(condition);
    };
    let yes_no = |field: Option<bool>, yes: &str, no: &str| {
        field.map(|b| if b { yes } else { no }.to_owned())
    };
    for condition in [
        yes_no(f.read, "p.read_at IS NOT NULL", "p.read_at IS NULL"),
        yes_no(f.starred, "p.starred = 1", "p.starred = 0"),
    ]
    .into_iter()
    .flatten()
    {
        and(&condition);
    }
    let exists = |b: bool, table: &str, extra: &str| {
        let not = if b { "" } else { "NOT " };
        format!("{not}EXISTS (SELECT 1 FROM {table} x WHERE x.paper_id = p.id{extra})")
    };
    if let Some(b) = f.has_note {
        let not = if b { "" } else { "NOT " };
        and(&format!(
            "{not}EXISTS (SELECT 1 FROM notes n WHERE n.paper_id = p.id AND {})",
            super::notes::note_has_text!()
        ));
    }
    if let Some(b) = f.has_pdf {
        and(&exists(b, "pdfs", ""));
    }
    if f.since.is_some() || f.until.is_some() || c.digest.is_some() {
        let mut dates = String::new();
        for (bound, op) in [(f.since, ">="), (f.until, "<="), (c.digest, "=")] {
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
    if let Some(keyword) = &f.keyword {
        and(
            "p.id IN (SELECT e.paper_id FROM keywords k JOIN entries e ON e.id = k.entry_id
                       WHERE k.keyword = ?)",
        );
        params.push(Value::Text(keyword.clone()));
    }
    for tag in &f.tags {
        and(
            "p.id IN (SELECT pt.paper_id FROM tags t JOIN paper_tags pt ON pt.tag_id = t.id
                       WHERE t.name = ?)",
        );
        params.push(Value::Text(super::tags::normalize_name(tag)));
    }
    if let Some(author) = &f.author {
        and("p.id IN (SELECT a.paper_id FROM paper_authors a WHERE instr(a.folded, ?) > 0)");
        params.push(Value::Text(crate::metadata::fold_name(author)));
    }
    if let Some(category) = &f.category {
        and("p.id IN (SELECT pc.paper_id FROM paper_categories pc WHERE pc.category = ?)");
        params.push(Value::Text(category.clone()));
    }
    if let Some(b) = f.new_version {
        let not = if b { "NOT " } else { "" };
        and(&format!("{} IS {not}NULL", super::metadata::new_version!()));
    }
    if c.new {
        // Read in the statement itself: the one query, no second path.
        and(&format!(
            "p.created_at > COALESCE((SELECT value FROM settings WHERE key = '{}'), '')",
            super::new_papers::LISTED_SINCE
        ));
    }
    if let Some(after) = &f.added_after {
        and("p.created_at > ?");
        params.push(Value::Text(after.to_string()));
    }
    if let Some(ids) = &c.papers {
        and("p.id IN (SELECT value FROM json_each(?))");
        params.push(Value::Text(json_ids(ids)));
    }
    // Words to find (their exclusions inside), or exclusions alone.
    let Some(text) = text else {
        return sql;
    };
    if let Some(expr) = text.match_expr() {
        and("p.id IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)");
        params.push(Value::Text(expr));
    } else if let Some(exclude) = text.exclude_expr() {
        and("p.id NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)");
        params.push(Value::Text(exclude));
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
mod scale_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Filter;

    /// Every page of a query, with a ranking window of `window` matches.
    fn pages(lib: &Library, query: &Query, window: usize, c: &Conditions) -> (Vec<i64>, Total) {
        let expr = query.match_expr().unwrap();
        let title = query.include_expr(Some("title")).unwrap();
        let mut all = Vec::new();
        let mut total = Total::Exact(0);
        for offset in (0..40).step_by(3) {
            let (ids, t) = lib
                .ranked(
                    &expr,
                    &title,
                    c,
                    Window { offset, limit: 3 },
                    Bounds {
                        ranked: window,
                        counted: COUNTED,
                        passing: PASSING,
                    },
                )
                .unwrap();
            total = t;
            all.extend(ids);
        }
        (all, total)
    }

    fn conditions(filter: Filter) -> Conditions {
        PaperQuery {
            filter,
            ..PaperQuery::default()
        }
        .conditions()
        .unwrap()
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
        let (everything, total) = pages(&lib, &query, RANKED, &conditions(Filter::default()));
        assert!(total.counted() > 10 && Total::Exact(everything.len()) == total);
        for filter in [
            Filter::default(),
            Filter {
                starred: Some(false),
                ..Filter::default()
            },
        ] {
            let (bounded, t) = pages(&lib, &query, 5, &conditions(filter));
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
