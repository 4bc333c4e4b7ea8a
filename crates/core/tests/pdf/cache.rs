//! The offline cache: finding, measuring and deleting PDFs.

use chrono::NaiveDate;
use papershelf_core::pdf::{cache, PdfError};

use crate::{tiny_pdf, Shelf};
use papershelf_testserver::{pdf_body, Delivery, Reply, Server};

#[tokio::test]
async fn the_cache_finds_measures_and_deletes_pdfs() {
    let server = Server::start(|_| Reply::pdf(tiny_pdf()));
    let shelf = Shelf::new(&server, &["2509.25454", "2510.01051", "2510.00406"]);
    shelf.fetch("2509.25454").await.unwrap();
    shelf.fetch("2510.01051").await.unwrap();
    let (a, b, c) = (
        shelf.paper("2509.25454"),
        shelf.paper("2510.01051"),
        shelf.paper("2510.00406"),
    );
    let mut lib = shelf.fetcher.library();

    let path = cache::cached_pdf(&lib, a).unwrap();
    assert!(path.is_absolute());
    assert_eq!(std::fs::read(&path).unwrap(), &tiny_pdf()[..]);
    let err = cache::cached_pdf(&lib, c).unwrap_err();
    assert!(matches!(err, PdfError::NotCached { .. }), "{err}");
    assert!(err.to_string().contains("2510.00406"), "{err}");

    let summary = cache::summary(&lib).unwrap();
    assert_eq!(
        (summary.count, summary.bytes, summary.partial_count),
        (2, 2 * tiny_pdf().len() as u64, 0)
    );

    let removed = cache::remove(&mut lib, a).unwrap().unwrap();
    assert_eq!(removed.paper, a);
    assert!(!path.exists());
    assert_eq!(cache::remove(&mut lib, a).unwrap(), None);
    assert!(matches!(
        cache::cached_pdf(&lib, a),
        Err(PdfError::NotCached { .. })
    ));

    let removed =
        cache::remove_digest(&mut lib, NaiveDate::from_ymd_opt(2025, 10, 3).unwrap()).unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].paper, b);
    assert_eq!(cache::summary(&lib).unwrap().count, 0);
    assert_eq!(shelf.files(), Vec::<String>::new());
}

#[tokio::test]
async fn a_cached_file_deleted_behind_our_back_is_reported_and_fetched_again() {
    let server = Server::start(|_| Reply::pdf(tiny_pdf()));
    let shelf = Shelf::new(&server, &["2509.25454"]);
    let record = shelf.fetch("2509.25454").await.unwrap().record().clone();
    std::fs::remove_file(shelf.dir.path().join(&record.path)).unwrap();
    let err = cache::cached_pdf(&shelf.fetcher.library(), record.paper).unwrap_err();
    assert!(matches!(err, PdfError::Missing { .. }), "{err}");
    assert!(err.to_string().contains("fetch it again"), "{err}");

    let again = shelf.fetch("2509.25454").await.unwrap();
    assert!(matches!(
        again,
        papershelf_core::pdf::Fetched::Downloaded(_)
    ));
    assert_eq!(server.hits().len(), 2);
    cache::cached_pdf(&shelf.fetcher.library(), record.paper).unwrap();
}

#[tokio::test]
async fn interrupted_downloads_are_counted_apart_and_deleted_with_their_paper() {
    let body = pdf_body(100 * 1024);
    let server = Server::start(move |hit| {
        Reply::ranged(hit, body.clone(), "\"v1\"").delivery(Delivery::CutAfter(40 * 1024))
    });
    let shelf = Shelf::with(&server, &["2509.25454"], |s| s.net.attempts = 1);
    shelf.fetch("2509.25454").await.unwrap_err();
    let paper = shelf.paper("2509.25454");
    let mut lib = shelf.fetcher.library();
    let summary = cache::summary(&lib).unwrap();
    assert_eq!(
        (summary.count, summary.partial_count, summary.partial_bytes),
        (0, 1, 40 * 1024)
    );
    assert!(lib.partial_download(paper).unwrap().is_some());
    assert_eq!(cache::remove(&mut lib, paper).unwrap(), None);
    assert_eq!(cache::summary(&lib).unwrap().partial_count, 0);
    assert_eq!(lib.partial_download(paper).unwrap(), None);
}
