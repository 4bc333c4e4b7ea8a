//! `Library::papers`: every scope × filter × text × order × page of a
//! generated library against a brute-force oracle that reads each paper's
//! details one by one and sorts in Rust.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use papershelf_core::{import, Filter, Library, Order, PaperId, PaperQuery, Scope, Total};

/// A deterministic stream of numbers (no seed to lose, no crate needed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const WORDS: [&str; 6] = [
    "强化学习",
    "扩散模型",
    "reward",
    "quantization",
    "agents",
    "检索",
];

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, d).unwrap()
}

/// Four digest files over three days (two on the 4th), listing papers from
/// a pool of 24 so that many appear on several days; then reading state,
/// stars, notes, tags and PDF records on some of them.
fn library() -> (tempfile::TempDir, Library) {
    let files = tempfile::tempdir().unwrap();
    let mut rng = Lcg(7);
    let mut paths = Vec::new();
    for (n, name) in [
        "2025-10-03.md",
        "2025-10-04.md",
        "2025-10-04-b.md",
        "2025-10-06.md",
    ]
    .iter()
    .enumerate()
    {
        let mut text = String::from("# Papers\n\n");
        let mut listed = BTreeSet::new();
        for i in 0..10 {
            let paper = rng.below(24);
            if !listed.insert(paper) {
                continue;
            }
            let (a, b) = (WORDS[rng.below(6) as usize], WORDS[rng.below(6) as usize]);
            text.push_str(&format!(
                "## {i}.[Paper {paper} on {a}](https://arxiv.org/pdf/2510.{:05})\nsummary:**关键词{}, {b}** file {n} about {a}\n\n",
                paper + 1,
                paper % 3
            ));
        }
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    for path in &paths {
        let date = day(path.file_name().unwrap().to_str().unwrap()[8..10]
            .parse()
            .unwrap());
        let report = import::import_file(&mut lib, path, Some(date));
        assert!(report.error.is_none(), "{report:?}");
    }
    let ids = ids_of(&lib);
    for id in &ids {
        match rng.below(4) {
            0 => {
                lib.set_read(&[*id], true).unwrap();
            }
            1 => lib.set_starred(*id, true).unwrap(),
            _ => {}
        }
        if rng.below(3) == 0 {
            lib.set_note(*id, &format!("note on {}", WORDS[rng.below(6) as usize]))
                .unwrap();
        }
        if rng.below(5) == 0 {
            // An emptied note does not count as a note.
            lib.set_note(*id, "").unwrap();
        } else if rng.below(6) == 0 {
            // Nor does one of white space only (U+3000: the ideographic space).
            lib.set_note(*id, " \n\t\u{3000} ").unwrap();
        }
        if rng.below(3) == 0 {
            lib.add_tags(*id, &["精读".into()]).unwrap();
        }
        if rng.below(4) == 0 {
            lib.add_tags(*id, &["later".into()]).unwrap();
        }
        if rng.below(3) == 0 {
            lib.record_pdf(*id, &format!("pdfs/{id}.pdf"), None, 10, "00")
                .unwrap();
        }
    }
    (dir, lib)
}

fn ids_of(lib: &Library) -> Vec<PaperId> {
    lib.papers(&PaperQuery::scope(Scope::All)).unwrap().ids()
}

/// What the oracle knows of a paper, read the slow way.
struct Known {
    id: PaperId,
    read: bool,
    starred: bool,
    has_note: bool,
    has_pdf: bool,
    tags: Vec<String>,
    keywords: Vec<String>,
    /// (date, digest file name, position) of every entry.
    entries: Vec<(NaiveDate, String, usize)>,
    /// Title, summaries and note, lowercased.
    text: String,
}

fn known(lib: &Library, id: PaperId) -> Known {
    let detail = lib.paper(id).unwrap();
    let note = detail
        .note
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    let mut text = detail.row.title.clone();
    for e in &detail.entries {
        text.push('\n');
        text.push_str(&e.summary);
    }
    text.push('\n');
    text.push_str(&note);
    let has_note = !note.trim().is_empty();
    assert_eq!(detail.row.has_note, has_note, "{id}: {note:?}");
    Known {
        id,
        read: detail.row.read,
        starred: detail.row.starred,
        has_note,
        has_pdf: lib.pdf(id).unwrap().is_some(),
        tags: lib.tags_of(id).unwrap(),
        keywords: detail.row.keywords.clone(),
        entries: detail
            .entries
            .iter()
            .map(|e| (e.date, e.digest_name.clone(), e.position))
            .collect(),
        text: text.to_lowercase(),
    }
}

fn has_word_starting(text: &str, prefix: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.starts_with(prefix))
}

/// The texts searched, each with what it matches.
fn text_matches(text: &str, k: &Known) -> bool {
    match text {
        "" => true,
        "强化" => k.text.contains("强化"),
        "quant" => has_word_starting(&k.text, "quant"),
        "-reward" => !has_word_starting(&k.text, "reward"),
        "检索 agents" => k.text.contains("检索") && has_word_starting(&k.text, "agents"),
        other => panic!("no oracle for {other:?}"),
    }
}

fn passes(q: &PaperQuery, k: &Known) -> bool {
    let f = &q.filter;
    let yes_no = |want: Option<bool>, is: bool| want.is_none_or(|w| w == is);
    let in_range = k
        .entries
        .iter()
        .any(|(d, _, _)| f.since.is_none_or(|s| s <= *d) && f.until.is_none_or(|u| *d <= u));
    let scoped = match &q.scope {
        Scope::All => true,
        Scope::Unread => !k.read,
        Scope::Starred => k.starred,
        // A digest's papers are listed by a digest in the range: its own.
        Scope::Digest(date) => {
            k.entries.iter().any(|(d, _, _)| d == date)
                && f.since.is_none_or(|s| s <= *date)
                && f.until.is_none_or(|u| *date <= u)
        }
        Scope::Tag(t) => k.tags.contains(t),
        Scope::Papers(ids) => ids.contains(&k.id),
        // The reader never looked at New here: every paper is new.
        Scope::New => true,
    };
    let dated = matches!(q.scope, Scope::Digest(_)) || in_range;
    scoped
        && dated
        && yes_no(f.read, k.read)
        && yes_no(f.starred, k.starred)
        && yes_no(f.has_note, k.has_note)
        && yes_no(f.has_pdf, k.has_pdf)
        && f.keyword.as_ref().is_none_or(|w| k.keywords.contains(w))
        && f.tags.iter().all(|t| k.tags.contains(t))
        && text_matches(&q.text, k)
}

/// The order a list keeps (see `Order`): a digest's, given papers', or the
/// library's newest digest first.
fn sort_listed(q: &PaperQuery, papers: &mut [&Known]) {
    match &q.scope {
        Scope::Digest(date) => papers.sort_by_key(|k| {
            k.entries
                .iter()
                .filter(|(d, _, _)| d == date)
                .map(|(_, name, pos)| (name.clone(), *pos))
                .min()
        }),
        Scope::Papers(ids) => papers.sort_by_key(|k| ids.iter().position(|i| *i == k.id)),
        _ => papers.sort_by_key(|k| {
            let newest = k.entries.iter().map(|(d, _, _)| *d).max().unwrap();
            let position = k
                .entries
                .iter()
                .filter(|(d, _, _)| *d == newest)
                .map(|(_, _, p)| *p)
                .min();
            (std::cmp::Reverse(newest), position, k.id)
        }),
    }
}

/// `score`: For you's score of a paper (the model's, whatever it is: what is
/// checked here is that the order composes with every scope, filter, text
/// and page).
fn oracle(q: &PaperQuery, all: &[Known], score: &dyn Fn(PaperId) -> f32) -> Vec<PaperId> {
    let mut papers: Vec<&Known> = all.iter().filter(|k| passes(q, k)).collect();
    match q.order() {
        Order::Newest => papers.sort_by_key(|k| std::cmp::Reverse(k.id)),
        // Relevance is compared as a set below; Listed in full.
        Order::Listed | Order::Relevance => sort_listed(q, &mut papers),
        // Best score first, ties in the listed order.
        Order::ForYou => {
            sort_listed(q, &mut papers);
            papers.sort_by(|a, b| score(b.id).total_cmp(&score(a.id)));
        }
    }
    papers.iter().map(|k| k.id).collect()
}

fn scopes(ids: &[PaperId]) -> Vec<Scope> {
    vec![
        Scope::All,
        Scope::Unread,
        Scope::Starred,
        Scope::Digest(day(3)),
        Scope::Digest(day(4)),
        Scope::Digest(day(5)),
        Scope::Tag("精读".into()),
        Scope::Papers(vec![ids[5], ids[1], ids[9], ids[1], PaperId(9999)]),
        Scope::New,
    ]
}

fn filters() -> Vec<Filter> {
    let f = Filter::default;
    vec![
        f(),
        Filter {
            read: Some(false),
            ..f()
        },
        Filter {
            read: Some(true),
            has_note: Some(true),
            ..f()
        },
        Filter {
            starred: Some(false),
            has_pdf: Some(true),
            ..f()
        },
        Filter {
            has_note: Some(false),
            has_pdf: Some(false),
            ..f()
        },
        Filter {
            since: Some(day(4)),
            ..f()
        },
        Filter {
            since: Some(day(4)),
            until: Some(day(4)),
            starred: Some(true),
            ..f()
        },
        Filter {
            until: Some(day(3)),
            ..f()
        },
        Filter {
            since: Some(day(6)),
            until: Some(day(3)),
            ..f()
        },
        Filter {
            keyword: Some("关键词1".into()),
            ..f()
        },
        Filter {
            tags: vec!["later".into(), "精读".into()],
            ..f()
        },
    ]
}

#[test]
fn every_query_lists_what_a_scan_of_the_papers_finds_in_the_order_decided() {
    let (_dir, lib) = library();
    let ids = ids_of(&lib);
    assert!(ids.len() > 15, "{} papers", ids.len());
    let all: Vec<Known> = ids.iter().map(|id| known(&lib, *id)).collect();
    let blank_notes = ids
        .iter()
        .filter(|id| {
            lib.note(**id)
                .unwrap()
                .is_some_and(|n| !n.text.is_empty() && n.text.trim().is_empty())
        })
        .count();
    assert!(blank_notes > 0, "the library has notes of white space only");
    let model = lib.for_you_model().unwrap();
    assert!(model.classifier.is_some(), "the signals train For you");
    let mut checked = 0;
    let mut nonempty = 0;
    for scope in scopes(&ids) {
        for filter in filters() {
            for text in ["", "强化", "quant", "-reward", "检索 agents"] {
                for order in [
                    None,
                    Some(Order::Listed),
                    Some(Order::Newest),
                    Some(Order::Relevance),
                    Some(Order::ForYou),
                ] {
                    let q = PaperQuery {
                        scope: scope.clone(),
                        filter: filter.clone(),
                        text: text.into(),
                        order,
                        ..PaperQuery::scope(Scope::All)
                    };
                    let want = oracle(&q, &all, &|id| model.score(id));
                    let page = lib.papers(&q).unwrap();
                    let got = page.ids();
                    let what = format!("{scope:?} {filter:?} {text:?} {order:?}");
                    assert_eq!(page.total, Total::Exact(want.len()), "{what}");
                    if q.order() == Order::Relevance && q.has_text() && !text.starts_with('-') {
                        let as_set = |v: &[PaperId]| v.iter().copied().collect::<BTreeSet<_>>();
                        assert_eq!(as_set(&got), as_set(&want), "{what}");
                    } else {
                        assert_eq!(got, want, "{what}");
                    }
                    assert_eq!(
                        page.papers.iter().all(|f| f.highlights.is_some()),
                        q.has_text() || got.is_empty()
                    );
                    // Any page is the same slice of the whole.
                    let paged = lib
                        .papers(&PaperQuery {
                            offset: 2,
                            limit: 3,
                            ..q.clone()
                        })
                        .unwrap();
                    assert_eq!(paged.total, Total::Exact(want.len()), "paged {what}");
                    assert_eq!(
                        paged.ids(),
                        got.iter().skip(2).take(3).copied().collect::<Vec<_>>(),
                        "paged {what}"
                    );
                    checked += 1;
                    nonempty += usize::from(!want.is_empty());
                }
            }
        }
    }
    assert_eq!(checked, 9 * 11 * 5 * 5);
    assert!(
        nonempty > checked / 3,
        "{nonempty} of {checked} queries list something"
    );
}

#[test]
fn rows_carry_pdf_and_tags_and_contradictions_say_so() {
    let (_dir, lib) = library();
    let all: Vec<Known> = ids_of(&lib).iter().map(|id| known(&lib, *id)).collect();
    let rows = lib.papers(&PaperQuery::scope(Scope::All)).unwrap().rows();
    for (row, k) in rows.iter().zip(&all) {
        assert_eq!((row.has_pdf, &row.tags), (k.has_pdf, &k.tags));
    }
    let contradiction = PaperQuery {
        filter: Filter {
            read: Some(true),
            ..Filter::default()
        },
        ..PaperQuery::scope(Scope::Unread)
    };
    let page = lib.papers(&contradiction).unwrap();
    assert!(page.contradiction && page.papers.is_empty() && page.total == Total::Exact(0));
    assert!(
        !lib.papers(&PaperQuery::scope(Scope::Unread))
            .unwrap()
            .contradiction
    );
}

#[test]
fn a_text_with_nothing_to_search_is_an_error_and_a_search_page_is_bounded() {
    let (_dir, lib) = library();
    let err = lib
        .papers(&PaperQuery::search("***", Filter::default()))
        .unwrap_err();
    assert!(err.to_string().contains("nothing to search for"), "{err}");
    let everything = PaperQuery {
        limit: PaperQuery::ALL,
        ..PaperQuery::search("-nothingatall", Filter::default())
    };
    let page = lib.papers(&everything).unwrap();
    assert_eq!(
        page.papers.len(),
        page.total.counted().min(papershelf_core::query::MAX_PAGE)
    );
    assert!(Path::new(lib.dir()).exists());
}
