//! The text of cached PDFs (issue 15): read page by page from small PDFs
//! made here (papershelf_testserver::pdf) and from the shared real papers
//! (`../shared/fixtures/pdfs/`, skipped when absent), stored in the library,
//! kept in step with the search index, and found by search with its page.

use std::path::Path;

use papershelf_core::pdf::text::{read_all_cached, read_pdf, TextOutcome};
use papershelf_core::pdf::{cache, CancellationToken};
use papershelf_core::store::{SnippetSource, TextStatus};
use papershelf_core::{import, Library, PaperId, PaperQuery};
use papershelf_testserver::pdf::{encrypted_pdf, pdf};
use sha2::{Digest, Sha256};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/digests/2025-10-03.md"
);

/// Two pages: a ligature on the first, a word hyphenated over a line end
/// on the second, and words found nowhere in the sample digest.
fn two_pages() -> Vec<u8> {
    pdf(&[
        &["A signi\u{fb01}cant zorblax result.", "Second line."],
        &["The quux-", "frobnication of", "glimmerwort holds."],
    ])
}

fn sample_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let report = import::import_file(&mut lib, Path::new(SAMPLE), None);
    assert!(report.error.is_none(), "{report:?}");
    (dir, lib)
}

/// Puts `bytes` in the cache as paper `id`'s PDF, as a download would.
fn cache_pdf(lib: &mut Library, id: PaperId, bytes: &[u8]) {
    let arxiv = lib.paper(id).unwrap().row.arxiv.unwrap();
    let relative = cache::relative_path(&arxiv.id);
    let path = lib.dir().join(&relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let sha = hex::encode(Sha256::digest(bytes));
    lib.record_pdf(
        id,
        relative.to_str().unwrap(),
        None,
        bytes.len() as u64,
        &sha,
    )
    .unwrap();
}

fn search(lib: &Library, text: &str) -> papershelf_core::store::Page {
    lib.papers(&PaperQuery {
        text: text.to_owned(),
        ..PaperQuery::default()
    })
    .unwrap()
}

/// The only hit of a search: `(paper, where its snippet is from, the words
/// marked in it, lowercased)`.
fn only_hit(lib: &Library, query: &str) -> (PaperId, SnippetSource, Vec<String>) {
    let found = search(lib, query);
    assert_eq!(found.papers.len(), 1, "{query}");
    let hit = &found.papers[0];
    let snippet = hit.highlights.clone().unwrap().snippet.unwrap();
    let marked = snippet
        .text
        .fragments()
        .into_iter()
        .filter(|(_, hit)| *hit)
        .map(|(t, _)| t.to_lowercase())
        .collect();
    (hit.paper.id, snippet.source, marked)
}

fn no_problems(lib: &Library) {
    let problems = lib.check().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn pages_are_read_with_ligatures_and_hyphenation_fixed() {
    let text = read_pdf(&two_pages(), &|| false).unwrap();
    assert_eq!(text.status, TextStatus::Text);
    assert_eq!(text.pages, 2);
    assert_eq!(
        text.texts,
        [
            (1, "A significant zorblax result. Second line.".to_owned()),
            (2, "The quuxfrobnication of glimmerwort holds.".to_owned()),
        ]
    );
    assert_eq!(text.detail, None);
}

#[test]
fn unreadable_pdfs_say_why() {
    let blank = read_pdf(&pdf(&[&[], &[]]), &|| false).unwrap();
    assert_eq!((blank.status, blank.pages), (TextStatus::NoText, 2));
    assert!(blank.detail.unwrap().contains("no page has text"));

    let locked = read_pdf(&encrypted_pdf(&[&["secret words"]], "pw"), &|| false).unwrap();
    assert_eq!(locked.status, TextStatus::Encrypted, "{locked:?}");
    assert!(locked.texts.is_empty());

    let broken = read_pdf(b"%PDF-1.4\nnot really", &|| false).unwrap();
    assert_eq!(broken.status, TextStatus::Broken);
    assert!(broken.detail.unwrap().contains("cannot be opened"));

    // Cancelled: nothing to store.
    assert_eq!(read_pdf(&two_pages(), &|| true), None);
}

#[test]
fn a_pdf_only_word_is_found_with_its_page_and_the_index_follows_the_pdf() {
    let (_dir, mut lib) = sample_library();
    assert!(search(&lib, "glimmerwort").papers.is_empty());
    let paper = PaperId(3);
    cache_pdf(&mut lib, paper, &two_pages());

    let seen = std::cell::RefCell::new(Vec::new());
    let report = read_all_cached(&mut lib, &CancellationToken::new(), &|p| {
        seen.borrow_mut()
            .push((p.done, p.total, p.paper, p.result.clone()))
    })
    .unwrap();
    assert_eq!((report.with_text, report.pages), (1, 2));
    assert!(report.unreadable.is_empty() && report.failed.is_empty());
    let seen = seen.into_inner();
    assert_eq!(seen.len(), 1);
    assert!(matches!(
        seen[0],
        (1, 1, p, Ok(TextOutcome::Read { status: TextStatus::Text, pages: 2, .. })) if p == paper
    ));
    let stored = lib.pdf_text(paper).unwrap().unwrap();
    assert_eq!((stored.pages, stored.pages_with_text), (2, 2));
    assert_eq!(
        lib.pdf_page_text(paper, 2).unwrap().unwrap(),
        "The quuxfrobnication of glimmerwort holds."
    );

    // Found, with the page and the snippet from that page.
    for (query, page) in [
        ("glimmerwort", 2),
        ("quuxfrobnication", 2),
        ("significant zorblax", 1),
    ] {
        let (found, source, marked) = only_hit(&lib, query);
        assert_eq!(
            (found, source),
            (paper, SnippetSource::Pdf { page }),
            "{query}"
        );
        assert_eq!(marked.join(" "), query, "{query}");
    }
    // A word of the summary still shows the summary.
    let title = lib.paper(paper).unwrap().row.title;
    let first_word = title.split_whitespace().next().unwrap();
    let by_title = search(&lib, first_word);
    assert!(by_title.ids().contains(&paper));
    no_problems(&lib);

    // Nothing left to read: a second pass does nothing.
    let again = read_all_cached(&mut lib, &CancellationToken::new(), &|_| {}).unwrap();
    assert_eq!(again, Default::default());

    // A note written afterwards keeps the PDF in the paper's index row.
    lib.set_note(paper, "my own words").unwrap();
    assert_eq!(search(&lib, "glimmerwort").ids(), [paper]);
    assert_eq!(search(&lib, "glimmerwort own").ids(), [paper]);
    // So do a rebuild and a repair.
    lib.rebuild_search_index().unwrap();
    assert_eq!(search(&lib, "glimmerwort").ids(), [paper]);
    no_problems(&lib);

    // Another file (a newer version) replaces the text: the old words go.
    cache_pdf(&mut lib, paper, &pdf(&[&["Only gadzooks now."]]));
    assert!(lib.pdf_text(paper).unwrap().is_none());
    assert!(search(&lib, "glimmerwort").papers.is_empty());
    no_problems(&lib);
    read_all_cached(&mut lib, &CancellationToken::new(), &|_| {}).unwrap();
    assert_eq!(search(&lib, "gadzooks").ids(), [paper]);

    // The PDF deleted from the cache: its text is gone from search too.
    cache::remove(&mut lib, paper).unwrap();
    assert!(lib.pdf_text(paper).unwrap().is_none());
    assert!(search(&lib, "gadzooks").papers.is_empty());
    assert_eq!(search(&lib, "my own words").ids(), [paper]);
    no_problems(&lib);
}

#[test]
fn an_unreadable_pdf_is_marked_once_and_not_read_again() {
    let (_dir, mut lib) = sample_library();
    cache_pdf(&mut lib, PaperId(1), &pdf(&[&[]]));
    cache_pdf(&mut lib, PaperId(2), &encrypted_pdf(&[&["hidden"]], "pw"));
    cache_pdf(&mut lib, PaperId(4), b"%PDF-1.4\nbroken beyond repair");
    cache_pdf(&mut lib, PaperId(5), &two_pages());

    let report = read_all_cached(&mut lib, &CancellationToken::new(), &|_| {}).unwrap();
    assert_eq!(report.with_text, 1);
    let statuses: Vec<(PaperId, TextStatus)> =
        report.unreadable.iter().map(|(p, s, _)| (*p, *s)).collect();
    assert_eq!(
        statuses,
        [
            (PaperId(1), TextStatus::NoText),
            (PaperId(2), TextStatus::Encrypted),
            (PaperId(4), TextStatus::Broken),
        ]
    );
    assert!(report.unreadable.iter().all(|(_, _, why)| !why.is_empty()));
    for p in [1, 2, 4] {
        let stored = lib.pdf_text(PaperId(p)).unwrap().unwrap();
        assert_eq!(stored.pages_with_text, 0);
        assert!(stored.detail.is_some());
    }
    // Never retried: nothing waits any more.
    assert!(lib.pdfs_without_text().unwrap().is_empty());
    let again = read_all_cached(&mut lib, &CancellationToken::new(), &|_| {}).unwrap();
    assert_eq!(again, Default::default());
    no_problems(&lib);
}

#[test]
fn a_missing_file_is_a_failure_tried_again_and_a_cancel_stops_the_pass() {
    let (_dir, mut lib) = sample_library();
    cache_pdf(&mut lib, PaperId(1), &two_pages());
    cache_pdf(&mut lib, PaperId(2), &two_pages());
    let path = lib.dir().join(lib.pdf(PaperId(1)).unwrap().unwrap().path);
    std::fs::remove_file(path).unwrap();

    let cancel = CancellationToken::new();
    let report = read_all_cached(&mut lib, &cancel, &|_| cancel.cancel()).unwrap();
    assert_eq!(report.failed.len(), 1);
    assert_eq!(report.failed[0].0, PaperId(1));
    assert!(report.cancelled);
    // Paper 1 waits for its file; paper 2 for the pass that was cancelled.
    let waiting: Vec<PaperId> = lib
        .pdfs_without_text()
        .unwrap()
        .iter()
        .map(|r| r.paper)
        .collect();
    assert_eq!(waiting, [PaperId(1), PaperId(2)]);
}

/// The shared real PDFs, or `None` (with a message) when they are absent.
fn shared_pdf(name: &str) -> Option<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/pdfs")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!(
                "skipped: {} is absent (the shared fixtures)",
                path.display()
            );
            None
        }
    }
}

/// The pages of a real PDF holding `word` (lowercase), as stored.
fn pages_with(text: &papershelf_core::store::PdfText, word: &str) -> Vec<u32> {
    text.texts
        .iter()
        .filter(|(_, t)| t.to_lowercase().contains(word))
        .map(|(p, _)| *p)
        .collect()
}

/// A word and the pages it is on.
type WordPages = (&'static str, &'static [u32]);

#[test]
fn real_papers_read_in_order_with_ligatures_hyphenation_and_cjk() {
    // Pages per the fixtures' README (found with pdftotext and pypdf).
    let cases: &[(&str, u32, &[WordPages])] = &[
        (
            "2-col-latex.pdf",
            33,
            &[
                ("automorphisms", &[11]),
                ("triangulation", &[27]),
                // Stored with the ﬃ ligature; hyphenated over a line end on page 18.
                ("sufficiently", &[17]),
                ("counterclockwise", &[18]),
                ("stellated", &[1, 3, 21, 22, 24, 29]),
            ],
        ),
        (
            "1-col-latex.pdf",
            45,
            &[
                ("scintillator", &[4]),
                ("misidentified", &[8]),
                ("fluctuations", &[14]),
                ("pseudo-experiments", &[19]),
                ("histfitter", &[28]),
            ],
        ),
        (
            "zh-cjk.pdf",
            16,
            &[
                ("开源贡献者", &[5]),
                ("鲲鹏", &[5, 8]),
                ("轻量级容器", &[9]),
                ("内存泄漏", &[10]),
                ("特别兴趣小组", &[15]),
            ],
        ),
    ];
    for (name, pages, words) in cases {
        let Some(bytes) = shared_pdf(name) else {
            return;
        };
        let text = read_pdf(&bytes, &|| false).unwrap();
        assert_eq!(
            (text.status, text.pages),
            (TextStatus::Text, *pages),
            "{name}"
        );
        assert!(
            !text.texts.iter().any(|(_, t)| t.contains('\u{fb01}')),
            "{name}"
        );
        for (word, want) in *words {
            assert_eq!(pages_with(&text, word), *want, "{name}: {word}");
        }
    }
    // Two columns in reading order: the left column's paragraph goes on
    // into the next sentence before the right column starts.
    let Some(bytes) = shared_pdf("2-col-latex.pdf") else {
        return;
    };
    let text = read_pdf(&bytes, &|| false).unwrap();
    let page2 = &text.texts.iter().find(|(p, _)| *p == 2).unwrap().1;
    assert!(
        page2.contains(
            "phases of matter are of significant interest both from a condensed matter perspective"
        ),
        "{}",
        &page2[..400]
    );
}

#[test]
fn a_real_paper_is_found_by_a_word_only_its_pdf_holds_with_the_page() {
    let Some(bytes) = shared_pdf("2-col-latex.pdf") else {
        return;
    };
    let (_dir, mut lib) = sample_library();
    let paper = PaperId(7);
    cache_pdf(&mut lib, paper, &bytes);
    read_all_cached(&mut lib, &CancellationToken::new(), &|_| {}).unwrap();
    // Hyphenated over a line end on page 18; with a ligature on page 17.
    for (query, page) in [
        ("counterclockwise", 18),
        ("sufficiently", 17),
        ("automorphisms", 11),
    ] {
        let (found, source, marked) = only_hit(&lib, query);
        assert_eq!(
            (found, source),
            (paper, SnippetSource::Pdf { page }),
            "{query}"
        );
        assert_eq!(marked, [query], "{query}");
    }
    no_problems(&lib);
}
