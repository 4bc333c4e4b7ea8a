//! Search, filters and tags over a library holding the sample digest: every
//! query's results are checked against a plain scan of the papers' text.

use std::collections::BTreeSet;
use std::path::Path;

use papershelf_core::import;
use papershelf_core::query::MAX_PAGE;
use papershelf_core::search::{Highlighted, Query};
use papershelf_core::store::{Found, Page, Snippet, SnippetSource};
use papershelf_core::{Filter, Library, PaperId, PaperQuery, Scope, StoreError, Total};
use proptest::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/digests");

fn sample_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let report = import::import_file(&mut lib, &Path::new(FIXTURES).join("2025-10-03.md"), None);
    assert!(report.error.is_none(), "{report:?}");
    assert_eq!(report.added, 36);
    (dir, lib)
}

/// Everything a paper's search covers, as one text.
fn text_of(lib: &Library, id: PaperId) -> String {
    let p = lib.paper(id).unwrap();
    let mut text = p.row.title.clone();
    for e in &p.entries {
        text.push('\n');
        text.push_str(&e.title);
        text.push('\n');
        text.push_str(&e.summary);
    }
    text.push('\n');
    text.push_str(&p.row.keywords.join("\n"));
    if let Some(n) = p.note {
        text.push('\n');
        text.push_str(&n.text);
    }
    text
}

fn all_ids(lib: &Library) -> Vec<PaperId> {
    lib.papers(&PaperQuery::scope(Scope::All)).unwrap().ids()
}

fn find(lib: &Library, query: &str, filter: Filter) -> Page {
    lib.papers(&PaperQuery {
        text: query.to_owned(),
        filter,
        limit: 1000,
        ..PaperQuery::default()
    })
    .unwrap()
}

fn found(lib: &Library, query: &str) -> BTreeSet<PaperId> {
    let results = find(lib, query, Filter::default());
    assert_eq!(results.total, Total::Exact(results.papers.len()));
    results.papers.iter().map(|h| h.paper.id).collect()
}

/// Papers whose text satisfies `oracle`.
fn expected(lib: &Library, oracle: impl Fn(&str) -> bool) -> BTreeSet<PaperId> {
    all_ids(lib)
        .into_iter()
        .filter(|&id| oracle(&text_of(lib, id)))
        .collect()
}

/// True when some word of `text` (lowercased) starts with `prefix`.
fn has_word_starting(text: &str, prefix: &str) -> bool {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(&c))
        .any(|w| w.starts_with(prefix))
}

#[test]
fn chinese_queries_of_every_length_find_exactly_the_papers_containing_them() {
    let (_dir, lib) = sample_library();
    for q in [
        "奖励",
        "强化学习",
        "蒙特卡洛树搜索",
        "奖",
        "验证奖励强化",
        "模型",
    ] {
        let want = expected(&lib, |t| t.contains(q));
        assert!(!want.is_empty(), "{q} occurs in the sample");
        assert_eq!(found(&lib, q), want, "query {q}");
    }
    assert!(found(&lib, "奖励强化学习蒙特卡洛不存在").is_empty());
}

#[test]
fn english_words_match_as_prefixes_ignoring_case() {
    let (_dir, lib) = sample_library();
    let quant = found(&lib, "quant");
    let titles: BTreeSet<String> = quant
        .iter()
        .map(|&id| lib.paper(id).unwrap().row.title)
        .collect();
    assert!(titles.iter().any(|t| t.starts_with("SINQ")), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("QUASAR")), "{titles:?}");
    assert_eq!(quant, expected(&lib, |t| has_word_starting(t, "quant")));
    assert_eq!(found(&lib, "QUANT"), quant);
    assert_eq!(found(&lib, "Ｑｕａｎｔ"), quant, "full-width letters fold");
}

#[test]
fn all_terms_must_match_and_minus_excludes() {
    let (_dir, lib) = sample_library();
    let both = expected(&lib, |t| t.contains("奖励") && has_word_starting(t, "rlvr"));
    assert!(!both.is_empty());
    assert_eq!(found(&lib, "RLVR 奖励"), both);
    assert_eq!(found(&lib, "奖励 rlvr"), both);

    let without = expected(&lib, |t| {
        t.contains("强化学习") && !has_word_starting(t, "grpo")
    });
    assert!(!without.is_empty() && without.len() < found(&lib, "强化学习").len());
    assert_eq!(found(&lib, "强化学习 -GRPO"), without);

    // Only exclusions: everything else.
    let no_grpo = expected(&lib, |t| !has_word_starting(t, "grpo"));
    assert_eq!(found(&lib, "-grpo"), no_grpo);
}

#[test]
fn quoted_phrases_need_consecutive_words() {
    let (_dir, lib) = sample_library();
    let phrase = found(&lib, r#""reward model""#);
    let words = found(&lib, "reward model");
    let consecutive = |t: &str| {
        let lower = t.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.windows(2).any(|w| w == ["reward", "model"])
    };
    assert_eq!(phrase, expected(&lib, consecutive));
    assert!(phrase.is_subset(&words) && phrase.len() < words.len());
}

#[test]
fn title_matches_come_first_and_are_highlighted() {
    let (_dir, lib) = sample_library();
    let mut mixed = 0;
    for q in ["llm", "agent", "grpo", "reward"] {
        let results = find(&lib, q, Filter::default());
        let in_title: Vec<bool> = results
            .papers
            .iter()
            .map(|h| has_word_starting(&h.paper.title, q))
            .collect();
        if in_title.iter().any(|&t| t) && in_title.iter().any(|&t| !t) {
            mixed += 1;
        }
        assert!(
            in_title.windows(2).all(|w| w[0] || !w[1]),
            "{q}: a title match after a non-title one: {in_title:?}"
        );
        let first = &results.papers[0];
        assert!(first
            .highlights
            .as_ref()
            .unwrap()
            .title
            .fragments()
            .iter()
            .any(|(t, hit)| *hit && t.to_lowercase().starts_with(q)));
    }
    assert!(mixed > 0, "some query matched both in titles and elsewhere");
}

#[test]
fn snippets_show_the_match_in_its_text() {
    let (_dir, lib) = sample_library();
    let results = find(&lib, "蒙特卡洛树搜索", Filter::default());
    let hit = &results.papers[0];
    let snippet = hit
        .highlights
        .as_ref()
        .unwrap()
        .snippet
        .as_ref()
        .expect("a snippet");
    assert!(matches!(snippet.source, SnippetSource::Summary(d) if d.to_string() == "2025-10-03"));
    let marked: Vec<&str> = snippet
        .text
        .fragments()
        .into_iter()
        .filter(|(_, hit)| *hit)
        .map(|(t, _)| t)
        .collect();
    assert!(marked.contains(&"蒙特卡洛树搜索"), "{marked:?}");
    assert!(!snippet.text.text.contains("**"), "markup is dropped");
    assert!(snippet.text.text.chars().count() <= 92);
}

#[test]
fn the_index_follows_notes_imports_and_reimports() {
    let (dir, mut lib) = sample_library();
    let id = lib.resolve("2509.25454").unwrap();
    assert!(found(&lib, "zyxwvut").is_empty());
    assert!(found(&lib, "鹦鹉螺").is_empty());
    lib.set_note(id, "Zyxwvut 记号：鹦鹉螺复现失败").unwrap();
    assert_eq!(found(&lib, "zyxwvut"), BTreeSet::from([id]));
    assert_eq!(found(&lib, "鹦鹉螺"), BTreeSet::from([id]));
    assert_eq!(found(&lib, "复现"), expected(&lib, |t| t.contains("复现")));
    let results = find(&lib, "鹦鹉螺", Filter::default());
    assert_eq!(
        results.papers[0]
            .highlights
            .as_ref()
            .unwrap()
            .snippet
            .as_ref()
            .unwrap()
            .source,
        SnippetSource::Note
    );
    lib.set_note(id, "").unwrap();
    assert!(found(&lib, "zyxwvut").is_empty());

    // A second digest adds papers; the same file changed replaces its entries.
    let before = found(&lib, "gem");
    let report = import::import_file(&mut lib, &Path::new(FIXTURES).join("mixed-links.md"), None);
    assert!(report.error.is_none(), "{report:?}");
    assert_eq!(
        found(&lib, "hep"),
        expected(&lib, |t| has_word_starting(t, "hep"))
    );
    assert!(found(&lib, "gem").is_superset(&before));

    let file = dir.path().join("2025-10-04.md");
    let digest = "# Papers for 2025-10-04\n\n## 0.[Qwertyuiop Alignment](https://arxiv.org/pdf/2511.00001)\nsummary:**核心关键词**：独特词汇\n";
    std::fs::write(&file, digest).unwrap();
    import::import_file(&mut lib, &file, None);
    let new = lib.resolve("2511.00001").unwrap();
    assert_eq!(found(&lib, "qwertyuiop"), BTreeSet::from([new]));
    assert_eq!(found(&lib, "独特词汇"), BTreeSet::from([new]));
    std::fs::write(&file, digest.replace("独特词汇", "别的词")).unwrap();
    import::import_file(&mut lib, &file, None);
    assert!(found(&lib, "独特词汇").is_empty());
    assert_eq!(found(&lib, "别的词"), BTreeSet::from([new]));
}

#[test]
fn a_rebuilt_index_finds_the_same() {
    let (_dir, mut lib) = sample_library();
    let queries = [
        "奖励",
        "quant",
        "强化学习 -grpo",
        "\"reward model\"",
        "RLVR 奖励",
    ];
    let before: Vec<_> = queries
        .iter()
        .map(|q| find(&lib, q, Filter::default()))
        .collect();
    assert_eq!(lib.rebuild_search_index().unwrap(), 36);
    for (q, b) in queries.iter().zip(before) {
        assert_eq!(find(&lib, q, Filter::default()), b, "{q}");
    }
}

#[test]
fn filters_combine_with_search_and_with_each_other() {
    let (_dir, mut lib) = sample_library();
    let ids = all_ids(&lib);
    lib.set_read(&ids[..10], true).unwrap();
    for &id in &ids[5..15] {
        lib.set_starred(id, true).unwrap();
    }
    lib.set_note(ids[6], "要复读").unwrap();
    lib.set_note(ids[20], "noted").unwrap();
    lib.add_tags(ids[6], &["精读".to_owned(), "RL".to_owned()])
        .unwrap();
    lib.add_tags(ids[7], &["rl".to_owned()]).unwrap();

    let read_starred = Filter {
        read: Some(true),
        starred: Some(true),
        ..Filter::default()
    };
    let got: BTreeSet<PaperId> = find(&lib, "", read_starred.clone())
        .papers
        .iter()
        .map(|h| h.paper.id)
        .collect();
    assert_eq!(got, ids[5..10].iter().copied().collect());

    let with_note = Filter {
        has_note: Some(true),
        ..read_starred.clone()
    };
    let hits = find(&lib, "", with_note.clone());
    assert_eq!(hits.total, Total::Exact(1));
    assert_eq!(hits.papers[0].paper.id, ids[6]);
    assert_eq!(hits.papers[0].paper.tags, ["RL", "精读"]);

    lib.record_pdf(ids[8], "pdfs/x.pdf", None, 10, "ab")
        .unwrap();
    let with_pdf = Filter {
        has_pdf: Some(true),
        ..read_starred.clone()
    };
    let hits = find(&lib, "", with_pdf);
    assert_eq!(hits.total, Total::Exact(1));
    assert_eq!(hits.papers[0].paper.id, ids[8]);
    assert!(hits.papers[0].paper.has_pdf);
    let without_pdf = Filter {
        has_pdf: Some(false),
        ..read_starred.clone()
    };
    assert_eq!(find(&lib, "", without_pdf).total, Total::Exact(4));

    let tagged = Filter {
        tags: vec!["RL".to_owned()],
        ..Filter::default()
    };
    let got: BTreeSet<PaperId> = find(&lib, "", tagged)
        .papers
        .iter()
        .map(|h| h.paper.id)
        .collect();
    assert_eq!(
        got,
        BTreeSet::from([ids[6], ids[7]]),
        "tags ignore ASCII case"
    );

    // Search plus filters: the search's results, narrowed.
    let unread_rl = find(
        &lib,
        "强化学习",
        Filter {
            read: Some(false),
            ..Filter::default()
        },
    );
    let all_rl = found(&lib, "强化学习");
    let want: BTreeSet<PaperId> = all_rl
        .iter()
        .copied()
        .filter(|id| !ids[..10].contains(id))
        .collect();
    assert_eq!(
        unread_rl
            .papers
            .iter()
            .map(|h| h.paper.id)
            .collect::<BTreeSet<_>>(),
        want
    );

    let keyword = Filter {
        keyword: Some("强化学习".to_owned()),
        ..Filter::default()
    };
    let with_keyword = find(&lib, "", keyword.clone());
    assert!(with_keyword.total.counted() > 0);
    for h in &with_keyword.papers {
        assert!(h.paper.keywords.contains(&"强化学习".to_owned()));
    }

    let day = chrono::NaiveDate::from_ymd_opt(2025, 10, 3).unwrap();
    let in_range = |since, until| {
        find(
            &lib,
            "",
            Filter {
                since,
                until,
                ..Filter::default()
            },
        )
        .total
        .counted()
    };
    assert_eq!(in_range(Some(day), Some(day)), 36);
    assert_eq!(in_range(day.succ_opt(), None), 0);
    assert_eq!(in_range(None, day.pred_opt()), 0);
}

#[test]
fn an_empty_query_lists_newest_digest_first_in_pages() {
    let (_dir, mut lib) = sample_library();
    let report = import::import_file(&mut lib, &Path::new(FIXTURES).join("mixed-links.md"), None);
    assert!(report.error.is_none());
    let whole = find(&lib, "", Filter::default());
    assert_eq!(whole.total, Total::Exact(40));
    let mut paged = Vec::new();
    for offset in (0..45).step_by(7) {
        let page = lib
            .papers(&PaperQuery {
                offset,
                limit: 7,
                ..PaperQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, Total::Exact(40));
        paged.extend(page.papers.into_iter().map(|h| h.paper.id));
    }
    let newest: Vec<chrono::NaiveDate> = whole
        .papers
        .iter()
        .map(|h| *h.paper.digests.iter().max().unwrap())
        .collect();
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    let whole: Vec<PaperId> = whole.papers.iter().map(|h| h.paper.id).collect();
    assert_eq!(paged, whole);
    // Within a digest, in its order.
    let sample: Vec<PaperId> = lib
        .papers(&PaperQuery::scope(Scope::Digest(
            chrono::NaiveDate::from_ymd_opt(2025, 10, 3).unwrap(),
        )))
        .unwrap()
        .ids();
    let only_sample: Vec<PaperId> = whole
        .iter()
        .copied()
        .filter(|id| sample.contains(id) && lib.paper(*id).unwrap().row.digests.len() == 1)
        .collect();
    let sample_only: Vec<PaperId> = sample
        .iter()
        .copied()
        .filter(|id| only_sample.contains(id))
        .collect();
    assert_eq!(only_sample, sample_only);
}

#[test]
fn search_pages_add_up_to_the_whole_result() {
    let (_dir, lib) = sample_library();
    let whole: Vec<PaperId> = find(&lib, "模型", Filter::default())
        .papers
        .iter()
        .map(|h| h.paper.id)
        .collect();
    let mut paged = Vec::new();
    for offset in (0..whole.len() + 5).step_by(5) {
        let page = lib
            .papers(&PaperQuery {
                text: "模型".to_owned(),
                offset,
                limit: 5,
                ..PaperQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, Total::Exact(whole.len()), "offset {offset}");
        paged.extend(page.papers.into_iter().map(|h| h.paper.id));
    }
    assert_eq!(paged, whole);
}

#[test]
fn marking_everything_read_returns_what_changed() {
    let (_dir, mut lib) = sample_library();
    let ids = all_ids(&lib);
    lib.set_read(&ids[..4], true).unwrap();
    let changed = lib.mark_all_read().unwrap();
    assert_eq!(changed.len(), 32);
    assert!(lib.mark_all_read().unwrap().is_empty());
    let unread = Filter {
        read: Some(false),
        ..Filter::default()
    };
    assert_eq!(find(&lib, "", unread.clone()).total, Total::Exact(0));
    lib.set_read(&changed, false).unwrap();
    assert_eq!(find(&lib, "", unread).total, Total::Exact(32));
}

#[test]
fn tags_are_added_removed_renamed_and_listed() {
    let (_dir, mut lib) = sample_library();
    let a = lib.resolve("2509.25454").unwrap();
    let b = lib.resolve("2510.01051").unwrap();
    assert_eq!(
        lib.add_tags(a, &["  to  read ".to_owned(), "MCTS".to_owned()])
            .unwrap(),
        ["MCTS", "to read"]
    );
    lib.add_tags(b, &["To Read".to_owned()]).unwrap();
    assert_eq!(
        lib.tags_of(b).unwrap(),
        ["to read"],
        "the first spelling stays"
    );
    assert_eq!(
        lib.paper(a).unwrap().row.tags,
        ["MCTS", "to read"],
        "a paper's tags come with it"
    );
    let names = |lib: &Library| -> Vec<(String, usize)> {
        lib.tags()
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.papers))
            .collect()
    };
    assert_eq!(names(&lib), [("MCTS".into(), 1), ("to read".into(), 2)]);

    // Renaming onto another tag merges them.
    assert_eq!(lib.rename_tag("mcts", "TO READ").unwrap(), 2);
    assert_eq!(names(&lib), [("to read".into(), 2)]);
    assert_eq!(lib.rename_tag("to read", "读过").unwrap(), 2);
    assert_eq!(lib.tags_of(a).unwrap(), ["读过"]);

    // Tags are not keywords: neither filter sees the other.
    let by_keyword = find(
        &lib,
        "",
        Filter {
            keyword: Some("读过".into()),
            ..Filter::default()
        },
    );
    assert_eq!(by_keyword.total, Total::Exact(0));

    assert_eq!(
        lib.remove_tags(a, &["读过".to_owned()]).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(names(&lib), [("读过".into(), 1)]);
    lib.remove_tags(b, &["读过".to_owned()]).unwrap();
    assert!(names(&lib).is_empty(), "a tag no paper has is gone");

    // Removing a tag the library does not have (an `untag` run again after
    // it was killed past its commit) leaves the paper as it is.
    lib.add_tags(a, &["kept".to_owned()]).unwrap();
    assert_eq!(
        lib.remove_tags(a, &["nope".to_owned(), "读过".to_owned()])
            .unwrap(),
        ["kept"]
    );
    lib.remove_tags(a, &["kept".to_owned()]).unwrap();
    let err = lib.delete_tag("nope").unwrap_err();
    assert!(matches!(err, StoreError::NoSuchTag(_)), "{err}");
    let err = lib.add_tags(a, &["  ".to_owned()]).unwrap_err();
    assert!(err.to_string().contains("cannot be a tag"), "{err}");
    let err = lib.add_tags(PaperId(9999), &["x".to_owned()]).unwrap_err();
    assert!(matches!(err, StoreError::NoSuchPaper(_)), "{err}");
    lib.add_tags(a, &["x".to_owned()]).unwrap();
    assert_eq!(lib.delete_tag("X").unwrap(), 1);
    assert!(lib.tags_of(a).unwrap().is_empty());
}

#[test]
fn a_query_with_nothing_to_search_says_so() {
    let (_dir, lib) = sample_library();
    for q in ["???", "\"\"", "* ( ) : ^", "-"] {
        let err = lib
            .papers(&PaperQuery::search(q, Filter::default()))
            .unwrap_err();
        assert!(matches!(err, StoreError::NothingToSearch(_)), "{q}: {err}");
        assert!(err.to_string().contains("nothing to search for"));
        // Asking for every match at once (what `Library::search` did) finds
        // nothing either: it says so rather than list papers.
        let every = PaperQuery {
            text: q.to_owned(),
            limit: MAX_PAGE,
            ..PaperQuery::default()
        };
        let err = lib.papers(&every).unwrap_err();
        assert!(matches!(err, StoreError::NothingToSearch(_)), "{q}: {err}");
    }
}

#[test]
fn a_ten_thousand_character_query_is_cut_not_refused() {
    let (_dir, lib) = sample_library();
    for q in [
        "奖".repeat(10_000),
        "reward ".repeat(1_500),
        format!("\"{}", "强化学习 ".repeat(2_000)),
    ] {
        let results = lib
            .papers(&PaperQuery::search(q.clone(), Filter::default()))
            .unwrap();
        assert!(results.truncated);
    }
}

/// A search hit's snippet.
fn snippet_of(hit: &Found) -> &Snippet {
    hit.highlights
        .as_ref()
        .expect("highlights")
        .snippet
        .as_ref()
        .expect("a snippet")
}

/// The marked pieces of a highlighted text.
fn marked(text: &Highlighted) -> Vec<&str> {
    text.fragments()
        .into_iter()
        .filter(|(_, hit)| *hit)
        .map(|(t, _)| t)
        .collect()
}

/// Issue 17: snippets compared every match with every other, and a 2 MB
/// note of Chinese made one search take 21 s. The time is in
/// `benches/huge_note.rs`; this checks what such a search shows.
#[test]
fn a_ten_megabyte_note_is_found_and_snippeted_where_it_matches() {
    let (_dir, mut lib) = sample_library();
    let id = lib.resolve("2509.25454").unwrap();
    let sentence = "汉字的书写。";
    let note = format!(
        "{}鹦鹉螺的书写。",
        sentence.repeat(10 * 1024 * 1024 / sentence.len())
    );
    lib.set_note(id, &note).unwrap();

    for (query, marks) in [
        ("汉字", vec!["汉字"]),
        // Only the note's last sentence has both: the snippet is there.
        ("鹦鹉螺 书写", vec!["书写", "鹦鹉螺"]),
    ] {
        let page = lib
            .papers(&PaperQuery::search(query, Filter::default()))
            .unwrap();
        assert_eq!(page.ids(), [id], "{query}");
        let snippet = snippet_of(&page.papers[0]);
        assert_eq!(snippet.source, SnippetSource::Note);
        let text = &snippet.text;
        assert!(text.text.chars().count() <= 92, "{}", text.text);
        for hit in &text.hits {
            assert!(text.text.is_char_boundary(hit.start) && text.text.is_char_boundary(hit.end));
        }
        let marked = marked(text);
        assert!(marked.ends_with(&marks), "{query}: {marked:?}");
    }
}

/// Strings made of what breaks naive FTS queries.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_owned()),
        Just("-".to_owned()),
        Just("*".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just(":".to_owned()),
        Just("^".to_owned()),
        Just("+".to_owned()),
        Just("{title}".to_owned()),
        Just(" AND ".to_owned()),
        Just(" OR ".to_owned()),
        Just(" NOT ".to_owned()),
        Just("NEAR(".to_owned()),
        Just("'".to_owned()),
        Just(";".to_owned()),
        Just("奖励".to_owned()),
        Just("强".to_owned()),
        Just("quant".to_owned()),
        Just(" ".to_owned()),
        "\\PC{0,6}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_query_reaches_sqlite_as_an_error(q in hostile()) {
        let (_dir, lib) = sample_library_once();
        let result = lib.papers(&PaperQuery::search(q.clone(), Filter::default()));
        match result {
            Ok(r) => {
                prop_assert!(r.papers.len() <= r.total.counted());
                let has_text = !q.trim().is_empty();
                prop_assert!(r.papers.iter().all(|f| f.highlights.is_some() == has_text));
            }
            Err(StoreError::NothingToSearch(_)) => prop_assert!(Query::parse(&q).is_empty()),
            Err(e) => prop_assert!(false, "{q:?}: {e}"),
        }
    }
}

/// One library for all proptest cases (importing per case would dominate).
fn sample_library_once() -> (
    &'static tempfile::TempDir,
    std::sync::MutexGuard<'static, Library>,
) {
    use std::sync::{Mutex, OnceLock};
    static LIB: OnceLock<(tempfile::TempDir, Mutex<Library>)> = OnceLock::new();
    let (dir, lib) = LIB.get_or_init(|| {
        let (dir, lib) = sample_library();
        (dir, Mutex::new(lib))
    });
    (dir, lib.lock().unwrap())
}

/// A folder is written a batch of files per transaction, the search index
/// once per batch: the result must be what importing file by file gives,
/// even when one batch holds the same digest twice and papers shared
/// between digests.
#[test]
fn a_folder_imported_in_one_batch_indexes_like_file_by_file() {
    let folder = tempfile::tempdir().unwrap();
    let digest = |entries: &[(&str, &str, &str)]| {
        let mut text = String::from("# Papers\n\n");
        for (i, (id, title, summary)) in entries.iter().enumerate() {
            text.push_str(&format!(
                "## {i}.[{title}](https://arxiv.org/pdf/{id})\nsummary:{summary}\n\n"
            ));
        }
        text
    };
    let files = [
        (
            "a/2025-10-04.md",
            digest(&[
                ("2511.00001", "Xylophone Models", "**旧关键词**：甲乙丙丁"),
                ("2511.00002", "Yodel Rewards", "奖励模型 first"),
            ]),
        ),
        // The same digest (date and file name) again, changed: it replaces
        // the entries written moments before in the same transaction.
        (
            "b/2025-10-04.md",
            digest(&[
                ("2511.00001", "Xylophone Models", "**新关键词**：戊己庚辛"),
                ("2511.00003", "Zither Search", "蒙特卡洛树搜索 zeta"),
            ]),
        ),
        (
            "c/2025-10-05.md",
            digest(&[("2511.00002", "Yodel Rewards", "奖励模型 second")]),
        ),
    ];
    let mut paths = Vec::new();
    for (name, text) in &files {
        let path = folder.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }

    let batch_dir = tempfile::tempdir().unwrap();
    let mut batch = Library::open(batch_dir.path()).unwrap();
    let reports = import::import_paths(&mut batch, &[folder.path().to_owned()], None);
    assert!(reports.iter().all(|r| r.error.is_none()), "{reports:?}");
    let one_dir = tempfile::tempdir().unwrap();
    let mut one_by_one = Library::open(one_dir.path()).unwrap();
    for path in &paths {
        assert!(import::import_file(&mut one_by_one, path, None)
            .error
            .is_none());
    }

    let queries = [
        "甲乙",
        "戊己",
        "奖励",
        "蒙特卡洛",
        "first",
        "second",
        "xylophone",
        "zeta",
    ];
    for lib in [&batch, &one_by_one] {
        assert!(found(lib, "甲乙").is_empty());
        assert_eq!(
            found(lib, "戊己"),
            BTreeSet::from([lib.resolve("2511.00001").unwrap()])
        );
    }
    for q in queries {
        assert_eq!(
            find(&batch, q, Filter::default()),
            find(&one_by_one, q, Filter::default()),
            "{q}"
        );
    }
    let order = |lib: &Library| -> Vec<(String, Vec<chrono::NaiveDate>, Vec<String>)> {
        lib.papers(&PaperQuery::scope(Scope::All))
            .unwrap()
            .rows()
            .into_iter()
            .map(|p| (p.title, p.digests, p.keywords))
            .collect()
    };
    assert_eq!(order(&batch), order(&one_by_one));
    assert_eq!(batch.rebuild_search_index().unwrap(), 3);
    for q in queries {
        assert_eq!(
            find(&batch, q, Filter::default()),
            find(&one_by_one, q, Filter::default()),
            "{q} after a rebuild"
        );
    }
}

#[test]
fn merging_the_index_in_steps_ends_and_changes_no_result() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    // Each import and note save leaves segments behind.
    let start = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    for (name, text) in papershelf_core::synth::digests(3, start, 12, 30) {
        let r = import::import_bytes(&mut lib, &name, &name, None, text.as_bytes(), None);
        assert!(r.error.is_none(), "{r:?}");
    }
    for id in all_ids(&lib).into_iter().step_by(10) {
        lib.set_note(id, "奖励模型 note").unwrap();
    }
    let queries = ["强化学习", "reward", "奖励 -quant", "模型"];
    let results = |lib: &Library| -> Vec<(Total, Vec<PaperId>)> {
        queries
            .iter()
            .map(|q| {
                let page = find(lib, q, Filter::default());
                (page.total, page.ids())
            })
            .collect()
    };
    let before = results(&lib);
    assert!(before.iter().all(|(t, _)| t.counted() > 10), "{before:?}");
    let mut steps = 0;
    while !lib.merge_search_index(4).unwrap() {
        steps += 1;
        assert!(steps < 10_000, "merging never ends");
        if steps % 7 == 0 {
            // Mid-merge, searches see the same papers.
            assert_eq!(results(&lib), before);
        }
    }
    assert!(steps > 1, "the segments took {steps} steps of 4 pages");
    assert_eq!(results(&lib), before);
    assert!(lib.merge_search_index(4).unwrap(), "nothing left to merge");
}
