//! Which papers, in which order, which page: the one question every list of
//! papers asks (the CLI's `list`, `search`, `fetch`, `mark --digest`; the
//! app's list and searches; the PDF queue). [`crate::Library::papers`]
//! answers it with one SQL builder (`store/query.rs`).
//!
//! This module is pure: it says what a query means, including when its parts
//! contradict each other (Unread with "read only"), which lists nothing.

use chrono::NaiveDate;

use crate::state::Stamp;
use crate::store::PaperId;

/// Papers a page holds unless asked otherwise.
pub const DEFAULT_PAGE: usize = 50;
/// The most papers one page with highlights may hold (search hits cost a
/// snippet each); plain lists may ask for [`PaperQuery::ALL`].
pub const MAX_PAGE: usize = 1000;

/// A list of papers: the scope (a sidebar's selection), conditions on the
/// papers, an optional text search, an order and a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperQuery {
    pub scope: Scope,
    pub filter: Filter,
    /// What the reader typed (see [`crate::search::Query`]); blank: no search.
    pub text: String,
    /// `None`: [`PaperQuery::natural_order`].
    pub order: Option<Order>,
    pub offset: usize,
    /// At most [`MAX_PAGE`] with a text search; any number without.
    pub limit: usize,
}

impl Default for PaperQuery {
    fn default() -> PaperQuery {
        PaperQuery {
            scope: Scope::All,
            filter: Filter::default(),
            text: String::new(),
            order: None,
            offset: 0,
            limit: DEFAULT_PAGE,
        }
    }
}

/// Where the papers come from: what the app's sidebar selects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    Unread,
    Starred,
    /// The papers of the digests of this date.
    Digest(NaiveDate),
    /// The papers with this tag of the reader's.
    Tag(String),
    /// The papers added to the library since the reader last finished
    /// looking at New (the library's `new.listed-since`, see
    /// [`crate::store::NewLook`]); every paper before the first look.
    New,
    /// These papers (listed in this order).
    Papers(Vec<PaperId>),
}

/// Conditions on papers; every one set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `Some(true)`: only read papers; `Some(false)`: only unread ones.
    pub read: Option<bool>,
    pub starred: Option<bool>,
    /// A PDF in the offline cache.
    pub has_pdf: Option<bool>,
    /// A note with some text in it.
    pub has_note: Option<bool>,
    /// Listed by a digest dated on or after this day...
    pub since: Option<NaiveDate>,
    /// ...and on or before this one (the same digest for both).
    pub until: Option<NaiveDate>,
    /// A keyword some digest gave the paper, exactly.
    pub keyword: Option<String>,
    /// Tags of the reader's, all of them (names ignore ASCII case).
    pub tags: Vec<String>,
    /// An author whose name holds these words in this order, ignoring
    /// accents and case (`Lopez` finds `José López`; see
    /// [`crate::metadata::fold_name`]).
    pub author: Option<String>,
    /// An arXiv category of the paper's (`cs.LG`), exactly.
    pub category: Option<String>,
    /// `Some(true)`: only papers with a newer version than the reader's.
    pub new_version: Option<bool>,
    /// Added to the library after this moment (New's badge: after the
    /// reader last saw New).
    pub added_after: Option<Stamp>,
}

/// The order of a list.
///
/// Decided once for every front end: **a list keeps its own order unless the
/// reader sorts it** — a digest its own order (with or without filters),
/// the library its digests' (newest digest first, each paper where its
/// newest digest lists it), given papers the order given; a text search is
/// ranked by relevance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// As the digests list the papers (see above).
    Listed,
    /// The papers added to the library last first.
    Newest,
    /// Best match first: title matches, then bm25 (a text search only;
    /// without one, [`Order::Listed`]).
    Relevance,
    /// What this reader most likely wants first, by the library's "For you"
    /// model ([`crate::foryou`]); ties, and every paper while the reader has
    /// too few signals to train it, in the list's own order
    /// ([`Order::Listed`]). Composes with any scope, filter, text and page.
    ForYou,
}

impl PaperQuery {
    /// The whole list, unpaged.
    pub const ALL: usize = usize::MAX;

    /// A query for every paper of `scope`, whole, in its own order.
    pub fn scope(scope: Scope) -> PaperQuery {
        PaperQuery {
            scope,
            limit: PaperQuery::ALL,
            ..PaperQuery::default()
        }
    }

    /// A search for `text` in `scope`, ranked, a first page.
    pub fn search(text: impl Into<String>, filter: Filter) -> PaperQuery {
        PaperQuery {
            text: text.into(),
            filter,
            ..PaperQuery::default()
        }
    }

    pub fn has_text(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// Relevance for a text search, else the list's own order.
    pub fn natural_order(&self) -> Order {
        if self.has_text() {
            Order::Relevance
        } else {
            Order::Listed
        }
    }

    /// The order in force.
    pub fn order(&self) -> Order {
        self.order.unwrap_or_else(|| self.natural_order())
    }

    /// The scope folded into the filter: the conditions papers must meet,
    /// or `None` when no paper can meet them all.
    pub fn conditions(&self) -> Option<Conditions> {
        let mut f = Filter {
            keyword: self.filter.keyword.clone().filter(|k| !k.trim().is_empty()),
            author: self
                .filter
                .author
                .clone()
                .filter(|a| crate::metadata::fold_name(a).trim() != ""),
            category: self
                .filter
                .category
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
            ..self.filter.clone()
        };
        let (mut digest, mut papers, mut new) = (None, None, false);
        match &self.scope {
            Scope::All => {}
            Scope::Unread => f.read = both(Some(false), f.read)?,
            Scope::Starred => f.starred = both(Some(true), f.starred)?,
            Scope::Digest(date) => {
                let inside =
                    f.since.is_none_or(|s| s <= *date) && f.until.is_none_or(|u| *date <= u);
                if !inside {
                    return None;
                }
                // The digest's papers are listed by a digest in the range: its own.
                (f.since, f.until, digest) = (None, None, Some(*date));
            }
            Scope::Tag(tag) => f.tags.insert(0, tag.clone()),
            Scope::Papers(ids) => papers = Some(ids.clone()),
            Scope::New => new = true,
        }
        if let (Some(since), Some(until)) = (f.since, f.until) {
            if since > until {
                return None;
            }
        }
        Some(Conditions {
            filter: f,
            digest,
            papers,
            new,
        })
    }
}

/// Two conditions on one yes/no field, both to hold: the stricter one, or
/// `None` when they contradict.
fn both(a: Option<bool>, b: Option<bool>) -> Option<Option<bool>> {
    match (a, b) {
        (Some(x), Some(y)) if x != y => None,
        (a, b) => Some(a.or(b)),
    }
}

/// What a query's papers must meet, scope included: what the SQL builder
/// turns into conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conditions {
    /// The filter with the scope's conditions folded in (Unread: not read; a tag).
    pub filter: Filter,
    /// Listed by a digest of this date.
    pub digest: Option<NaiveDate>,
    /// One of these papers.
    pub papers: Option<Vec<PaperId>>,
    /// Added since the reader last finished looking at New.
    pub new: bool,
}

impl Conditions {
    /// No condition at all: every paper passes.
    pub fn is_empty(&self) -> bool {
        self.filter == Filter::default()
            && self.digest.is_none()
            && self.papers.is_none()
            && !self.new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 10, d).unwrap()
    }

    fn query(scope: Scope, filter: Filter) -> PaperQuery {
        PaperQuery {
            scope,
            filter,
            ..PaperQuery::default()
        }
    }

    #[test]
    fn a_scope_contradicting_a_filter_lists_nothing() {
        let read = Filter {
            read: Some(true),
            ..Filter::default()
        };
        let unstarred = Filter {
            starred: Some(false),
            ..Filter::default()
        };
        assert_eq!(query(Scope::Unread, read.clone()).conditions(), None);
        assert_eq!(query(Scope::Starred, unstarred).conditions(), None);
        let c = query(Scope::Starred, read).conditions().unwrap();
        assert_eq!((c.filter.read, c.filter.starred), (Some(true), Some(true)));
    }

    #[test]
    fn a_digest_outside_the_date_range_lists_nothing() {
        let range = Filter {
            since: Some(day(2)),
            until: Some(day(4)),
            ..Filter::default()
        };
        assert_eq!(
            query(Scope::Digest(day(5)), range.clone()).conditions(),
            None
        );
        assert_eq!(
            query(Scope::Digest(day(1)), range.clone()).conditions(),
            None
        );
        let c = query(Scope::Digest(day(3)), range).conditions().unwrap();
        assert_eq!(
            (c.digest, c.filter.since, c.filter.until),
            (Some(day(3)), None, None)
        );
        let backwards = Filter {
            since: Some(day(4)),
            until: Some(day(2)),
            ..Filter::default()
        };
        assert_eq!(query(Scope::All, backwards).conditions(), None);
    }

    #[test]
    fn a_tag_scope_adds_to_the_tags_and_blank_keywords_mean_any() {
        let f = Filter {
            tags: vec!["b".into()],
            keyword: Some("  ".into()),
            ..Filter::default()
        };
        let c = query(Scope::Tag("a".into()), f).conditions().unwrap();
        assert_eq!(c.filter.tags, ["a", "b"]);
        assert_eq!(c.filter.keyword, None);
        let f = Filter {
            author: Some(" .- ".into()),
            category: Some(" cs.LG ".into()),
            ..Filter::default()
        };
        let c = query(Scope::All, f).conditions().unwrap();
        assert_eq!(c.filter.author, None);
        assert_eq!(c.filter.category.as_deref(), Some("cs.LG"));
    }

    #[test]
    fn new_is_a_condition_of_its_own_that_filters_narrow() {
        let c = query(Scope::New, Filter::default()).conditions().unwrap();
        assert!(c.new && !c.is_empty());
        assert_eq!(c.digest, None);
        let unread = Filter {
            read: Some(false),
            ..Filter::default()
        };
        let c = query(Scope::New, unread.clone()).conditions().unwrap();
        assert!(c.new);
        assert_eq!(c.filter, unread);
        assert!(
            !query(Scope::All, Filter::default())
                .conditions()
                .unwrap()
                .new
        );
    }

    #[test]
    fn lists_keep_their_own_order_and_searches_rank() {
        let mut q = PaperQuery::scope(Scope::Digest(day(3)));
        assert_eq!(q.order(), Order::Listed);
        q.filter.read = Some(false);
        assert_eq!(q.order(), Order::Listed);
        q.text = "奖励".into();
        assert_eq!(q.order(), Order::Relevance);
        q.order = Some(Order::Newest);
        assert_eq!(q.order(), Order::Newest);
        q.text = "  ".into();
        q.order = None;
        assert_eq!(q.order(), Order::Listed);
    }
}
