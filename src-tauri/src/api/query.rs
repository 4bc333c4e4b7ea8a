//! Which papers: core's `PaperQuery` as it crosses IPC. Every list the UI
//! shows and every batch of PDFs it downloads is one of these (`find_papers`,
//! `fetch_pdfs`); contradictions are core's to resolve, not the UI's.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{parse_date, CmdResult};
use papershelf_core::PaperId;

/// Where the papers come from: the sidebar's selection (remembered in the
/// settings), or given papers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    All,
    Unread,
    Starred,
    Digest {
        date: String,
    },
    Tag {
        name: String,
    },
    Papers {
        ids: Vec<i64>,
    },
    /// Papers added since the reader last finished looking at New.
    New,
}

/// Conditions on papers; null (or blank) means either.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct Filter {
    pub read: Option<bool>,
    pub starred: Option<bool>,
    pub has_pdf: Option<bool>,
    pub has_note: Option<bool>,
    /// `YYYY-MM-DD`: listed by a digest on or after it.
    pub since: Option<String>,
    pub until: Option<String>,
    pub keyword: Option<String>,
    pub tags: Vec<String>,
    /// Words of an author's name, in order (accents and case ignored).
    pub author: Option<String>,
    /// An arXiv category (`cs.LG`), exactly.
    pub category: Option<String>,
    /// `true`: only papers arXiv has a newer version of.
    pub new_version: Option<bool>,
}

/// See core's `Order`: null is the list's own order (a digest's, the
/// library's newest digest first), or relevance for a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    Listed,
    Newest,
    Relevance,
    /// By the library's "For you" model (core's `foryou`).
    ForYou,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct PaperQuery {
    pub scope: Scope,
    pub filter: Filter,
    /// What the reader typed; blank: no search.
    pub text: String,
    pub order: Option<Order>,
    pub offset: u32,
    /// Null: the whole list (a search's pages are at most 1,000).
    pub limit: Option<u32>,
}

impl Scope {
    pub fn to_core(&self) -> CmdResult<papershelf_core::Scope> {
        use papershelf_core::Scope as Core;
        Ok(match self {
            Scope::All => Core::All,
            Scope::Unread => Core::Unread,
            Scope::Starred => Core::Starred,
            Scope::Digest { date } => Core::Digest(parse_date(date)?),
            Scope::Tag { name } => Core::Tag(name.clone()),
            Scope::Papers { ids } => Core::Papers(ids.iter().copied().map(PaperId).collect()),
            Scope::New => Core::New,
        })
    }
}

fn blank_is_none(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl PaperQuery {
    pub fn to_core(&self) -> CmdResult<papershelf_core::PaperQuery> {
        let f = &self.filter;
        let date = |d: &Option<String>| -> CmdResult<_> {
            match d.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(d) => parse_date(d).map(Some),
            }
        };
        Ok(papershelf_core::PaperQuery {
            scope: self.scope.to_core()?,
            filter: papershelf_core::Filter {
                read: f.read,
                starred: f.starred,
                has_note: f.has_note,
                has_pdf: f.has_pdf,
                since: date(&f.since)?,
                until: date(&f.until)?,
                keyword: blank_is_none(&f.keyword),
                tags: f.tags.clone(),
                author: blank_is_none(&f.author),
                category: blank_is_none(&f.category),
                new_version: f.new_version,
                ..papershelf_core::Filter::default()
            },
            text: self.text.clone(),
            order: self.order.map(|o| match o {
                Order::Listed => papershelf_core::Order::Listed,
                Order::Newest => papershelf_core::Order::Newest,
                Order::Relevance => papershelf_core::Order::Relevance,
                Order::ForYou => papershelf_core::Order::ForYou,
            }),
            offset: self.offset as usize,
            limit: self
                .limit
                .map_or(papershelf_core::PaperQuery::ALL, |l| l as usize),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_takes_the_ui_shape_and_blank_filters_mean_any() {
        let q: PaperQuery = serde_json::from_str(
            r#"{"scope":{"kind":"digest","date":"2025-10-03"},"text":"奖励","order":null,
                "filter":{"read":false,"since":"2025-10-01","until":"","keyword":" ","tags":["精读"]},
                "offset":50,"limit":50}"#,
        )
        .unwrap();
        let core = q.to_core().unwrap();
        assert_eq!(
            core.scope,
            papershelf_core::Scope::Digest("2025-10-03".parse().unwrap())
        );
        assert_eq!(core.filter.read, Some(false));
        assert_eq!(core.filter.since.unwrap().to_string(), "2025-10-01");
        assert_eq!(core.filter.until, None);
        assert_eq!(core.filter.keyword, None);
        assert_eq!(core.filter.tags, ["精读"]);
        assert_eq!((core.offset, core.limit), (50, 50));
        assert_eq!(core.filter.author, None);
        let by: PaperQuery = serde_json::from_str(
            r#"{"scope":{"kind":"all"},"filter":{"author":" Lopez ","category":"cs.LG","new_version":true},
                "text":"","order":null,"offset":0,"limit":1}"#,
        )
        .unwrap();
        let core = by.to_core().unwrap();
        assert_eq!(core.filter.author.as_deref(), Some("Lopez"));
        assert_eq!(core.filter.category.as_deref(), Some("cs.LG"));
        assert_eq!(core.filter.new_version, Some(true));
        let whole: PaperQuery = serde_json::from_str(
            r#"{"scope":{"kind":"papers","ids":[3,1]},"filter":{},"text":"","order":"newest","offset":0,"limit":null}"#,
        )
        .unwrap();
        let core = whole.to_core().unwrap();
        assert_eq!(core.limit, papershelf_core::PaperQuery::ALL);
        assert_eq!(core.order, Some(papershelf_core::Order::Newest));
        let bad: PaperQuery = serde_json::from_str(
            r#"{"scope":{"kind":"all"},"filter":{"since":"yesterday"},"text":"","order":null,"offset":0,"limit":1}"#,
        )
        .unwrap();
        assert!(bad.to_core().is_err());
    }
}
