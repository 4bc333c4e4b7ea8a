//! "For you" over a generated library whose reader wants one topic: the
//! model follows the signals, `Order::ForYou` composes with scopes,
//! filters, text and pages, and similar papers share a topic.

use chrono::{Days, NaiveDate};
use papershelf_core::foryou::{self, ForYouState, MODEL_FILE};
use papershelf_core::{Filter, Library, Order, PaperId, PaperQuery, Scope, Total};

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()
}

/// 12 days of 30 papers, topic 0 starred, the first 8 days read.
fn shelf() -> (tempfile::TempDir, Library, Vec<Vec<(PaperId, usize)>>) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let days = foryou::one_topic_reader(&mut lib, 7, start(), 12, 30, 0, 8).unwrap();
    (dir, lib, days)
}

fn topic_of(days: &[Vec<(PaperId, usize)>], id: PaperId) -> usize {
    days.iter().flatten().find(|p| p.0 == id).unwrap().1
}

fn ids(lib: &Library, q: &PaperQuery) -> Vec<PaperId> {
    lib.papers(q).unwrap().ids()
}

fn for_you(scope: Scope, filter: Filter) -> PaperQuery {
    PaperQuery {
        order: Some(Order::ForYou),
        filter,
        ..PaperQuery::scope(scope)
    }
}

#[test]
fn the_wanted_topic_comes_first_with_reasons() {
    let (_dir, lib, days) = shelf();
    let last = start() + Days::new(11);
    let page = lib
        .papers(&for_you(Scope::Digest(last), Filter::default()))
        .unwrap();
    assert!(
        matches!(page.for_you, Some(ForYouState::Ranked { .. })),
        "{:?}",
        page.for_you
    );
    let wanted = days[11].iter().filter(|p| p.1 == 0).count();
    assert!(wanted >= 3, "the day has {wanted} papers of the topic");
    // Every paper of the topic is above every other (the day's papers are
    // starred by topic, so this is what the reader would want).
    let topics: Vec<usize> = page.ids().iter().map(|&id| topic_of(&days, id)).collect();
    let first_other = topics.iter().position(|&t| t != 0).unwrap();
    assert!(first_other >= wanted - 1, "{topics:?}");
    let scores: Vec<f32> = page
        .papers
        .iter()
        .map(|f| f.for_you.as_ref().unwrap().score)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let top = page.papers[0].for_you.as_ref().unwrap();
    assert!((2..=3).contains(&top.why.len()), "{:?}", top.why);
    assert!(top.why.iter().all(|r| !r.text.is_empty()));
}

#[test]
fn for_you_composes_with_filters_text_and_pages() {
    let (_dir, lib, _) = shelf();
    let filters = [
        Filter::default(),
        Filter {
            read: Some(false),
            ..Filter::default()
        },
        Filter {
            starred: Some(false),
            since: Some(start() + Days::new(5)),
            ..Filter::default()
        },
        Filter {
            keyword: Some("量化".into()),
            ..Filter::default()
        },
    ];
    for scope in [
        Scope::All,
        Scope::Unread,
        Scope::Digest(start() + Days::new(9)),
    ] {
        for filter in &filters {
            for text in ["", "视频", "quantization"] {
                let mut q = for_you(scope.clone(), filter.clone());
                q.text = text.into();
                let mut listed = q.clone();
                listed.order = Some(Order::Listed);
                let whole = lib.papers(&q).unwrap();
                let mut mine = whole.ids();
                let mut theirs = ids(&lib, &listed);
                assert_eq!(whole.total, Total::Exact(theirs.len()), "{q:?}");
                // Pages of 7 put together are the whole list.
                let paged: Vec<PaperId> = (0..whole.total.counted().div_ceil(7))
                    .flat_map(|p| {
                        let page = PaperQuery {
                            offset: p * 7,
                            limit: 7,
                            ..q.clone()
                        };
                        let page = lib.papers(&page).unwrap();
                        assert_eq!(page.total, whole.total);
                        page.ids()
                    })
                    .collect();
                assert_eq!(paged, mine, "{q:?}");
                mine.sort();
                theirs.sort();
                assert_eq!(mine, theirs, "the same papers as the list: {q:?}");
            }
        }
    }
}

#[test]
fn signals_retrain_the_model_and_its_file_is_derived() {
    let (dir, mut lib, days) = shelf();
    assert!(lib.for_you_stale().unwrap(), "never saved");
    let model = lib.train_for_you().unwrap();
    assert!(!lib.for_you_stale().unwrap());
    let positives = model.positives;
    // A star, a note, a tag: each changes the signature and the model.
    let others: Vec<PaperId> = days[10].iter().filter(|p| p.1 != 0).map(|p| p.0).collect();
    lib.set_starred(others[0], true).unwrap();
    assert!(lib.for_you_stale().unwrap());
    assert_eq!(lib.for_you_model().unwrap().positives, positives + 1);
    lib.set_note(others[1], "read this again").unwrap();
    assert_eq!(lib.for_you_model().unwrap().positives, positives + 2);
    lib.add_tags(others[2], &["later".into()]).unwrap();
    let model = lib.for_you_model().unwrap();
    assert_eq!(model.positives, positives + 3);
    assert!(lib.for_you_stale().unwrap(), "in memory only until trained");
    // Read with no signal: a negative.
    let negatives = model.negatives;
    lib.set_read(&[others[3]], true).unwrap();
    assert_eq!(lib.for_you_model().unwrap().negatives, negatives + 1);
    // Another connection's (the CLI's while the app runs) star counts too.
    let mut other = Library::open(dir.path()).unwrap();
    other.set_starred(others[4], true).unwrap();
    assert_eq!(lib.for_you_model().unwrap().positives, positives + 4);
    // The file is derived: deleted, or damaged, the same order comes back.
    let q = for_you(Scope::All, Filter::default());
    let before = ids(&lib, &q);
    lib.train_for_you().unwrap();
    std::fs::write(dir.path().join(MODEL_FILE), b"damaged").unwrap();
    let fresh = Library::open(dir.path()).unwrap();
    assert_eq!(ids(&fresh, &q), before);
    std::fs::remove_file(dir.path().join(MODEL_FILE)).unwrap();
    let fresh = Library::open_read_only(dir.path()).unwrap();
    assert_eq!(ids(&fresh, &q), before, "read-only: trained in memory");
    assert!(!dir.path().join(MODEL_FILE).exists());
}

#[test]
fn too_few_positives_keep_the_listed_order_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    // Topic 9 does not exist: nothing starred.
    let days = foryou::one_topic_reader(&mut lib, 7, start(), 3, 20, 9, 3).unwrap();
    for id in days[0].iter().take(4).map(|p| p.0) {
        lib.set_starred(id, true).unwrap();
    }
    // A note of white space only is no signal.
    lib.set_note(days[0][5].0, " \n ").unwrap();
    assert_eq!(lib.for_you_positives().unwrap(), 4);
    let q = for_you(Scope::All, Filter::default());
    let page = lib.papers(&q).unwrap();
    let state = page.for_you.unwrap();
    assert_eq!(
        state,
        ForYouState::TooFewPositives {
            positives: 4,
            needed: 5
        }
    );
    assert!(state
        .message()
        .unwrap()
        .contains("star a few papers to train For you"));
    assert!(page.papers.iter().all(|f| f.for_you.is_none()));
    let listed = PaperQuery {
        order: Some(Order::Listed),
        ..q.clone()
    };
    assert_eq!(page.ids(), ids(&lib, &listed));
    // The fifth positive trains it.
    lib.set_starred(days[1][0].0, true).unwrap();
    assert_eq!(lib.for_you_positives().unwrap(), 5);
    let page = lib.papers(&q).unwrap();
    assert!(matches!(
        page.for_you,
        Some(ForYouState::Ranked { positives: 5, .. })
    ));
    assert!(page.papers.iter().all(|f| f.for_you.is_some()));
    // Another order says nothing about For you.
    assert_eq!(lib.papers(&listed).unwrap().for_you, None);
}

#[test]
fn similar_papers_share_the_topic() {
    let (_dir, lib, days) = shelf();
    // A paper's text is only partly its topic's (synth adds sentences any
    // paper has): on average over a day, most neighbours share the topic
    // (1 in 8 would by chance).
    let mut same = 0;
    for &(id, topic) in &days[11] {
        let similar = lib.similar(id, 10).unwrap();
        assert_eq!(similar.len(), 10);
        assert!(similar.iter().all(|s| s.paper.id != id));
        assert!(similar.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(!similar[0].why.is_empty());
        same += similar
            .iter()
            .filter(|s| topic_of(&days, s.paper.id) == topic)
            .count();
    }
    let share = same as f64 / (10 * days[11].len()) as f64;
    assert!(share > 0.6, "{share}");
    let id = days[11][0].0;
    assert_eq!(
        lib.similar(id, 3).unwrap()[..],
        lib.similar(id, 10).unwrap()[..3]
    );
    assert!(lib.similar(PaperId(99_999), 10).is_err(), "no such paper");
}
