//! Searching at scale: on a generated library of 10,000 papers, every
//! search, with and without filters, lists the papers a brute-force scan of
//! their text and state finds, in the documented order (the newest `ranked`
//! matches by rank — title matches first, then bm25 — then the older ones
//! newest first), with a total that is exact up to `counted` and a lower
//! bound beyond. Run with small bounds, so that pages cross the ranking
//! window, the count stops and filters are checked per match as well as
//! against the set of papers meeting them, and with the real ones.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::{Bounds, Total, BM25, COUNTED, PASSING, RANKED};
use crate::query::{Filter, PaperQuery};
use crate::search::Query;
use crate::store::Library;

/// What a brute-force scan knows of a paper, read from the tables (not the index).
#[derive(Default)]
struct Known {
    /// Title, summaries and note, lowercased, one per line.
    text: String,
    read: bool,
    starred: bool,
    has_note: bool,
    tags: Vec<String>,
    keywords: Vec<String>,
    dates: Vec<NaiveDate>,
}

/// One term of a query as the scan checks it.
#[derive(Clone, Copy)]
enum Term {
    /// A word starting with this (English words are prefixes).
    Word(&'static str),
    /// This text anywhere (Chinese matches as a substring).
    Cjk(&'static str),
    /// No word starting with this.
    NotWord(&'static str),
}

const QUERIES: &[(&str, &[Term])] = &[
    ("强化学习", &[Term::Cjk("强化学习")]),
    ("reward", &[Term::Word("reward")]),
    ("奖励", &[Term::Cjk("奖励")]),
    ("quant", &[Term::Word("quant")]),
    ("蒙特卡洛树搜索", &[Term::Cjk("蒙特卡洛树搜索")]),
    (
        "RLVR 奖励 reasoning",
        &[
            Term::Word("rlvr"),
            Term::Cjk("奖励"),
            Term::Word("reasoning"),
        ],
    ),
    (
        "模型 -reward",
        &[Term::Cjk("模型"), Term::NotWord("reward")],
    ),
];

fn has_word_starting(text: &str, prefix: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.starts_with(prefix))
}

fn text_matches(terms: &[Term], k: &Known) -> bool {
    terms.iter().all(|t| match t {
        Term::Word(w) => has_word_starting(&k.text, w),
        Term::Cjk(c) => k.text.contains(c),
        Term::NotWord(w) => !has_word_starting(&k.text, w),
    })
}

fn passes(f: &Filter, k: &Known) -> bool {
    let yes_no = |want: Option<bool>, is: bool| want.is_none_or(|w| w == is);
    yes_no(f.read, k.read)
        && yes_no(f.starred, k.starred)
        && yes_no(f.has_note, k.has_note)
        && f.since.is_none_or(|s| k.dates.iter().any(|d| *d >= s))
        && f.keyword.as_ref().is_none_or(|w| k.keywords.contains(w))
        && f.tags.iter().all(|t| k.tags.contains(t))
}

/// 250 daily digests of 40 papers, then stars, reading, notes and tags on
/// a spread of them.
fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for (name, text) in crate::synth::digests(14, start, 250, 40) {
        let r = crate::import::import_bytes(&mut lib, &name, &name, None, text.as_bytes(), None);
        assert!(r.error.is_none(), "{r:?}");
    }
    let ids: Vec<i64> = {
        let mut stmt = lib
            .conn
            .prepare("SELECT id FROM papers ORDER BY id")
            .unwrap();
        let ids = stmt.query_map([], |r| r.get(0)).unwrap();
        ids.collect::<rusqlite::Result<_>>().unwrap()
    };
    assert_eq!(ids.len(), 10_000);
    let pick = |every: i64| -> Vec<super::PaperId> {
        ids.iter()
            .filter(|i| *i % every == 0)
            .map(|i| super::PaperId(*i))
            .collect()
    };
    lib.set_read(&pick(4), true).unwrap();
    for id in pick(9) {
        lib.set_starred(id, true).unwrap();
    }
    for (n, id) in pick(12).into_iter().enumerate() {
        let note = [
            "奖励模型值得复现",
            "reward shaping idea",
            "  ",
            "模型 quantization",
        ][n % 4];
        lib.set_note(id, note).unwrap();
    }
    for id in pick(7) {
        lib.add_tags(id, &["精读".into()]).unwrap();
    }
    (dir, lib)
}

/// Every paper as the scan sees it, by id.
fn scan(lib: &Library) -> HashMap<i64, Known> {
    let mut all: HashMap<i64, Known> = HashMap::new();
    let mut rows = |sql: &str, each: &mut dyn FnMut(&mut Known, &rusqlite::Row)| {
        let mut stmt = lib.conn.prepare(sql).unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            each(all.entry(row.get(0).unwrap()).or_default(), row);
        }
    };
    rows(
        "SELECT id, title, starred, read_at IS NOT NULL FROM papers",
        &mut |k, r| {
            k.text
                .push_str(&r.get::<_, String>(1).unwrap().to_lowercase());
            k.starred = r.get(2).unwrap();
            k.read = r.get(3).unwrap();
        },
    );
    rows(
        "SELECT e.paper_id, e.summary, d.date FROM entries e JOIN digests d ON d.id = e.digest_id",
        &mut |k, r| {
            k.text.push('\n');
            k.text
                .push_str(&r.get::<_, String>(1).unwrap().to_lowercase());
            k.dates.push(r.get(2).unwrap());
        },
    );
    rows("SELECT paper_id, text FROM notes", &mut |k, r| {
        let note: String = r.get(1).unwrap();
        k.has_note = !note.trim().is_empty();
        k.text.push('\n');
        k.text.push_str(&note.to_lowercase());
    });
    rows(
        "SELECT pt.paper_id, t.name FROM paper_tags pt JOIN tags t ON t.id = pt.tag_id",
        &mut |k, r| k.tags.push(r.get(1).unwrap()),
    );
    rows(
        "SELECT e.paper_id, k.keyword FROM keywords k JOIN entries e ON e.id = k.entry_id",
        &mut |k, r| k.keywords.push(r.get(1).unwrap()),
    );
    all
}

/// The documented order of `wanted` (the papers that match and pass the
/// filter), computed from every match's rank, independently of the SQL that
/// pages through them.
fn reference(lib: &Library, query: &Query, ranked: usize, wanted: &HashSet<i64>) -> Vec<i64> {
    let expr = query.match_expr().unwrap();
    let title = query.include_expr(Some("title")).unwrap();
    let titled: HashSet<i64> = {
        let mut stmt = lib
            .conn
            .prepare("SELECT rowid FROM search_index WHERE search_index MATCH ?1")
            .unwrap();
        let ids = stmt.query_map([&title], |r| r.get(0)).unwrap();
        ids.collect::<rusqlite::Result<_>>().unwrap()
    };
    let mut stmt = lib
        .conn
        .prepare(&format!(
            "SELECT rowid, {BM25} FROM search_index WHERE search_index MATCH ?1 ORDER BY rowid DESC"
        ))
        .unwrap();
    let newest_first: Vec<(i64, f64)> = stmt
        .query_map([&expr], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let split = newest_first.len().min(ranked);
    let (window, older) = newest_first.split_at(split);
    let mut window: Vec<(i64, f64)> = window
        .iter()
        .copied()
        .filter(|(id, _)| wanted.contains(id))
        .collect();
    window.sort_by(|a, b| {
        (!titled.contains(&a.0))
            .cmp(&!titled.contains(&b.0))
            .then(a.1.total_cmp(&b.1))
            .then(b.0.cmp(&a.0))
    });
    window
        .into_iter()
        .chain(older.iter().copied().filter(|(id, _)| wanted.contains(id)))
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn searches_over_ten_thousand_papers_list_what_a_scan_finds_in_the_documented_order() {
    let (_dir, lib) = library();
    let all = scan(&lib);
    let since = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    // Met by 1,111 papers (starred), 7,500 (unread), a few hundred (the
    // others): both plans of a filtered search under the small bounds.
    let filters = [
        Filter::default(),
        Filter {
            starred: Some(true),
            ..Filter::default()
        },
        Filter {
            read: Some(false),
            ..Filter::default()
        },
        Filter {
            read: Some(false),
            has_note: Some(true),
            ..Filter::default()
        },
        Filter {
            since: Some(since),
            starred: Some(true),
            ..Filter::default()
        },
        Filter {
            keyword: Some("强化学习".into()),
            tags: vec!["精读".into()],
            ..Filter::default()
        },
    ];
    // Small bounds: the window and the count are crossed, and a filter
    // more than 500 papers meet is checked per match.
    let small = Bounds {
        ranked: 300,
        counted: 1000,
        passing: 500,
    };
    let real = Bounds {
        ranked: RANKED,
        counted: COUNTED,
        passing: PASSING,
    };
    let (mut capped, mut crossed) = (0, 0);
    for (text, terms) in QUERIES {
        let query = Query::parse(text);
        // The index finds what the scan finds.
        let matching: HashSet<i64> = all
            .iter()
            .filter(|(_, k)| text_matches(terms, k))
            .map(|(id, _)| *id)
            .collect();
        assert!(!matching.is_empty(), "{text}");
        for filter in &filters {
            let wanted: HashSet<i64> = matching
                .iter()
                .copied()
                .filter(|id| passes(filter, &all[id]))
                .collect();
            for bounds in [small, real] {
                let what = format!("{text:?} {filter:?} {bounds:?}");
                let want = reference(&lib, &query, bounds.ranked, &wanted);
                assert_eq!(want.len(), wanted.len(), "the index and the scan: {what}");
                let q = PaperQuery {
                    text: (*text).into(),
                    filter: filter.clone(),
                    limit: 20,
                    ..PaperQuery::default()
                };
                let first = lib.papers_within(&q, bounds).unwrap();
                let ids: Vec<i64> = first.ids().iter().map(|i| i.0).collect();
                assert_eq!(ids, want[..want.len().min(20)], "first page {what}");
                let total = match want.len() {
                    n if n > bounds.counted => Total::AtLeast(bounds.counted),
                    n => Total::Exact(n),
                };
                assert_eq!(first.total, total, "{what}");
                capped += usize::from(total.exact().is_none());
                // Pages through the whole list: each the same slice of it,
                // until a page that is not full.
                let (mut offset, mut whole) = (0, Vec::new());
                let limit = if bounds.ranked == small.ranked {
                    450
                } else {
                    1000
                };
                loop {
                    let page = lib
                        .papers_within(
                            &PaperQuery {
                                offset,
                                limit,
                                ..q.clone()
                            },
                            bounds,
                        )
                        .unwrap();
                    assert_eq!(page.total, total, "offset {offset} {what}");
                    let got = page.papers.len();
                    whole.extend(page.ids().iter().map(|i| i.0));
                    offset += got;
                    crossed += usize::from(offset > bounds.ranked && offset - got < bounds.ranked);
                    if got < limit {
                        break;
                    }
                }
                assert_eq!(whole, want, "every page {what}");
            }
        }
    }
    assert!(capped >= 5, "{capped} searches stopped counting");
    assert!(crossed >= 10, "{crossed} pages crossed the ranking window");
}
