//! Queues: scopes, progress per paper and overall, cancellation.

use std::time::Duration;

use chrono::NaiveDate;
use papershelf_core::pdf::{
    CancellationToken, Outcome, PaperState, PdfError, Progress, Queue, Request,
};
use papershelf_core::{Library, PaperQuery, Scope};

use crate::{tiny_pdf, Seen, Shelf};
use papershelf_testserver::{pdf_body, Delivery, Reply, Server};

const IDS: [&str; 3] = ["2509.25454", "2510.01051", "2510.00406"];

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 3).unwrap()
}

#[tokio::test]
async fn a_digest_queue_reports_each_paper_and_the_whole() {
    let body = pdf_body(300 * 1024);
    let server = Server::start(move |_| Reply::pdf(body.clone()));
    let shelf = Shelf::new(&server, &IDS);
    // One is cached already: it is reported, not fetched again.
    shelf.fetch(IDS[1]).await.unwrap();

    let queue = Queue::new(
        &shelf.fetcher.library(),
        &PaperQuery::scope(Scope::Digest(date())),
    )
    .unwrap();
    let listed: Vec<String> = queue
        .items()
        .iter()
        .map(|i| i.arxiv_id.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(listed, IDS, "in the digest's order");

    let seen: Seen<Progress> = Seen::default();
    let cancel = CancellationToken::new();
    let report = queue
        .run(&shelf.fetcher, &cancel, &|p: Progress| seen.push(p))
        .await;
    assert!(report.complete());
    assert_eq!((report.downloaded(), report.already_cached()), (2, 1));
    assert_eq!(server.hits().len(), 3, "one fetch before, two in the queue");

    let events = seen.all();
    let overall: Vec<f64> = events.iter().map(|p| p.overall).collect();
    assert!(
        overall.windows(2).all(|w| w[0] <= w[1]),
        "overall progress only grows: {overall:?}"
    );
    assert_eq!(*overall.last().unwrap(), 1.0);
    assert!(events.iter().all(|p| p.total == 3));
    let transfers = events
        .iter()
        .filter(|p| p.index == 0 && matches!(p.state, PaperState::Transfer(_)))
        .count();
    assert!(
        (1..=101).contains(&transfers),
        "{transfers} transfer events: throttled to percentage moves"
    );
    let mut finished: Vec<(usize, &str, usize)> = events
        .iter()
        .filter_map(|p| match &p.state {
            PaperState::Finished(Outcome::Downloaded(_)) => Some((p.index, "downloaded", p.done)),
            PaperState::Finished(Outcome::AlreadyCached(_)) => Some((p.index, "cached", p.done)),
            PaperState::Finished(_) => Some((p.index, "other", p.done)),
            _ => None,
        })
        .collect();
    let done: Vec<usize> = finished.iter().map(|f| f.2).collect();
    assert_eq!(
        done,
        [1, 2, 3],
        "each paper finishes once, counted as it does"
    );
    finished.sort();
    let outcomes: Vec<(usize, &str)> = finished.iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        outcomes,
        [(0, "downloaded"), (1, "cached"), (2, "downloaded")]
    );
    for i in 0..3 {
        let first = events.iter().position(|p| p.index == i).unwrap();
        assert!(
            matches!(events[first].state, PaperState::Started),
            "paper {i} starts with Started"
        );
    }
    let report_order: Vec<String> = report
        .results
        .iter()
        .map(|(i, _)| i.arxiv_id.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(report_order, IDS, "the report keeps the queue's order");
    assert_eq!(pdfs_recorded(&shelf.fetcher.library()), 3);
}

#[tokio::test]
async fn cancelling_a_queue_stops_the_transfer_and_skips_the_rest() {
    let body = pdf_body(1024 * 1024);
    let server = Server::start(move |_| {
        Reply::pdf(body.clone()).delivery(Delivery::Trickle {
            chunk: 32 * 1024,
            pause: Duration::from_millis(50),
        })
    });
    let shelf = Shelf::new(&server, &IDS);
    let queue = Queue::new(&shelf.fetcher.library(), &PaperQuery::scope(Scope::Unread)).unwrap();
    assert_eq!(queue.len(), 3);
    let cancel = CancellationToken::new();
    let on_progress = |p: Progress| {
        if let PaperState::Transfer(t) = p.state {
            if t.received > 0 {
                cancel.cancel();
            }
        }
    };
    let report = queue.run(&shelf.fetcher, &cancel, &on_progress).await;
    assert_eq!(report.cancelled(), 3);
    assert!(!report.complete());
    assert_eq!(server.hits().len(), 1);
    assert_eq!(pdfs_recorded(&shelf.fetcher.library()), 0);
}

#[tokio::test]
async fn a_failure_is_reported_and_the_queue_goes_on() {
    let server = Server::start(|hit| {
        if hit.path == "/pdf/2510.01051" {
            Reply::status(404)
        } else {
            Reply::pdf(tiny_pdf())
        }
    });
    let shelf = Shelf::new(&server, &IDS);
    let requests: Vec<Request> = IDS.iter().rev().map(|id| shelf.request(id)).collect();
    let papers = requests.iter().map(|r| r.paper).collect();
    let queue = Queue::new(
        &shelf.fetcher.library(),
        &PaperQuery::scope(Scope::Papers(papers)),
    )
    .unwrap()
    .with_versions(&requests);
    let report = queue
        .run(&shelf.fetcher, &CancellationToken::new(), &|_| {})
        .await;
    assert_eq!((report.downloaded(), report.failed()), (2, 1));
    let order: Vec<&str> = report
        .results
        .iter()
        .map(|(i, _)| i.arxiv_id.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(order, [IDS[2], IDS[1], IDS[0]], "in the order given");
    let (item, outcome) = &report.results[1];
    assert_eq!(item.arxiv_id.as_ref().unwrap().as_str(), "2510.01051");
    let Outcome::Failed(err) = outcome else {
        panic!("{outcome:?}");
    };
    assert!(matches!(**err, PdfError::NotFound { .. }), "{err}");
}

#[tokio::test]
async fn starred_and_unread_select_what_they_say() {
    let server = Server::start(|_| Reply::pdf(tiny_pdf()));
    let shelf = Shelf::new(&server, &IDS);
    {
        let mut lib = shelf.fetcher.library();
        let a = lib.resolve(IDS[0]).unwrap();
        let b = lib.resolve(IDS[1]).unwrap();
        lib.set_starred(a, true).unwrap();
        lib.set_read(&[b], true).unwrap();
    }
    let lib = shelf.fetcher.library();
    let ids = |s: Scope| -> Vec<String> {
        Queue::new(&lib, &PaperQuery::scope(s))
            .unwrap()
            .items()
            .iter()
            .map(|i| i.arxiv_id.as_ref().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(Scope::Starred), [IDS[0]]);
    let mut unread = ids(Scope::Unread);
    unread.sort();
    assert_eq!(unread, [IDS[0], IDS[2]]);
    let all = lib.papers(&PaperQuery::scope(Scope::All)).unwrap().rows();
    assert_eq!(all.len(), 3);
    let err = Queue::new(
        &lib,
        &PaperQuery::scope(Scope::Digest(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no digest dated 2024-01-01"),
        "{err}"
    );
}

/// How many papers the library lists as having a PDF.
fn pdfs_recorded(lib: &Library) -> usize {
    let query = PaperQuery {
        filter: papershelf_core::Filter {
            has_pdf: Some(true),
            ..Default::default()
        },
        ..PaperQuery::scope(Scope::All)
    };
    lib.papers(&query).unwrap().total.counted()
}
