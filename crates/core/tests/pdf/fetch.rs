//! One paper at a time: answers of every kind, and what ends up on disk.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use papershelf_core::net::{MinRate, NetError, USER_AGENT};
use papershelf_core::pdf::{CancellationToken, Fetched, PdfError, Request, Transfer};
use sha2::{Digest as _, Sha256};

use crate::{fixture, tiny_pdf, Seen, Shelf};
use papershelf_testserver::{pdf_body, Delivery, Reply, Server};

const ID: &str = "2509.25454";
const PATH: &str = "/pdf/2509.25454";

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[tokio::test]
async fn a_pdf_is_downloaded_recorded_and_then_served_from_the_cache() {
    let pdf = tiny_pdf();
    let body = pdf.clone();
    let server = Server::start(move |_| Reply::pdf(body.clone()));
    let shelf = Shelf::new(&server, &[ID]);

    let fetched = shelf.fetch(ID).await.unwrap();
    let Fetched::Downloaded(record) = fetched else {
        panic!("expected a download, got {fetched:?}");
    };
    assert_eq!(record.path, std::path::Path::new("pdfs/2509.25454.pdf"));
    assert_eq!(record.size, pdf.len() as u64);
    assert_eq!(record.sha256, sha256(&pdf));
    assert_eq!(record.version, None);
    let saved = std::fs::read(shelf.dir.path().join(&record.path)).unwrap();
    assert_eq!(saved, &pdf[..]);
    assert_eq!(
        shelf.files(),
        ["2509.25454.pdf"],
        "no temporary file is left"
    );

    let hits = server.hits();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].path, PATH);
    assert_eq!(hits[0].header("user-agent"), Some(USER_AGENT));
    assert!(USER_AGENT.starts_with("Papershelf/"));

    let again = shelf.fetch(ID).await.unwrap();
    assert_eq!(again, Fetched::Cached(record));
    assert_eq!(
        server.hits().len(),
        1,
        "a cached PDF is not asked for again"
    );
}

#[tokio::test]
async fn a_version_asked_for_is_fetched_and_recorded() {
    let server = Server::start(move |_| Reply::pdf(tiny_pdf()));
    let shelf = Shelf::new(&server, &[ID]);
    let cancel = CancellationToken::new();
    let request = Request {
        paper: shelf.paper(ID),
        version: Some(2),
    };
    let fetched = shelf
        .fetcher
        .fetch(request, &cancel, &|_: Transfer| {})
        .await
        .unwrap();
    assert_eq!(fetched.record().version, Some(2));
    assert_eq!(server.hits()[0].path, "/pdf/2509.25454v2");
}

#[tokio::test]
async fn old_style_ids_become_file_names_without_slashes() {
    let server = Server::start(move |_| Reply::pdf(tiny_pdf()));
    let shelf = Shelf::new(&server, &["hep-th/9901001"]);
    let record = shelf.fetch("hep-th/9901001").await.unwrap();
    assert_eq!(
        record.record().path,
        std::path::Path::new("pdfs/hep-th_9901001.pdf")
    );
    assert_eq!(server.hits()[0].path, "/pdf/hep-th/9901001");
}

#[tokio::test]
async fn a_missing_pdf_fails_at_once_and_saves_nothing() {
    let server = Server::start(|_| Reply::status(404));
    let shelf = Shelf::new(&server, &[ID]);
    let err = shelf.fetch(ID).await.unwrap_err();
    assert!(
        matches!(err, PdfError::NotFound { status: 404, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("check the identifier"), "{err}");
    assert_eq!(server.hits().len(), 1, "a 404 is not retried");
    shelf.assert_nothing_saved(ID);
    assert_eq!(shelf.files(), Vec::<String>::new());
}

#[tokio::test]
async fn a_429_waits_as_retry_after_says_then_succeeds() {
    let server = Server::start(|hit| {
        if hit.seq == 0 {
            Reply::status(429).header("retry-after", "1")
        } else {
            Reply::pdf(tiny_pdf())
        }
    });
    let shelf = Shelf::new(&server, &[ID]);
    assert!(matches!(
        shelf.fetch(ID).await.unwrap(),
        Fetched::Downloaded(_)
    ));
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    let waited = hits[1].at - hits[0].at;
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_fails_with_a_message_to_try_later() {
    let server = Server::start(|_| Reply::status(429).header("retry-after", "3600"));
    let shelf = Shelf::new(&server, &[ID]);
    let err = shelf.fetch(ID).await.unwrap_err();
    assert!(
        matches!(err, PdfError::Net(NetError::RateLimited { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("3600 s"), "{err}");
    assert_eq!(server.hits().len(), 1);
    shelf.assert_nothing_saved(ID);
}

#[tokio::test]
async fn a_503_backs_off_then_succeeds() {
    let server = Server::start(|hit| {
        if hit.seq == 0 {
            Reply::status(503)
        } else {
            Reply::pdf(tiny_pdf())
        }
    });
    let shelf = Shelf::with(&server, &[ID], |s| {
        s.net.backoff = Duration::from_millis(200)
    });
    assert!(matches!(
        shelf.fetch(ID).await.unwrap(),
        Fetched::Downloaded(_)
    ));
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    assert!(hits[1].at - hits[0].at >= Duration::from_millis(200));
}

#[tokio::test]
async fn a_server_that_stays_busy_gets_a_few_tries_then_a_clear_message() {
    let server = Server::start(|_| Reply::status(503));
    let shelf = Shelf::with(&server, &[ID], |s| s.net.attempts = 3);
    let err = shelf.fetch(ID).await.unwrap_err();
    assert!(
        matches!(
            err,
            PdfError::Net(NetError::Unavailable {
                status: 503,
                attempts: 3,
                ..
            })
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("try again in a few minutes"),
        "{err}"
    );
    assert_eq!(server.hits().len(), 3);
    let hits = server.hits();
    // Exponential: 10 ms, then 20 ms.
    assert!(hits[2].at - hits[1].at >= Duration::from_millis(20));
    shelf.assert_nothing_saved(ID);
}

#[tokio::test]
async fn a_web_page_instead_of_the_pdf_is_never_saved() {
    let page: Arc<[u8]> = Arc::from(fixture("pdfs/generating.html"));
    let server = Server::start(move |_| Reply::body(200, "text/html", page.clone()));
    let shelf = Shelf::with(&server, &[ID], |s| s.net.attempts = 2);
    let err = shelf.fetch(ID).await.unwrap_err();
    assert!(matches!(err, PdfError::NotPdf { .. }), "{err}");
    assert!(
        err.to_string().contains("web page instead of the PDF"),
        "{err}"
    );
    assert_eq!(server.hits().len(), 2, "a web page is retried later");
    shelf.assert_nothing_saved(ID);
    assert_eq!(shelf.files(), Vec::<String>::new());
}

#[tokio::test]
async fn a_pdf_still_being_generated_is_fetched_once_it_is_ready() {
    let page: Arc<[u8]> = Arc::from(fixture("pdfs/generating.html"));
    let server = Server::start(move |hit| {
        if hit.seq == 0 {
            Reply::body(200, "text/html", page.clone())
        } else {
            Reply::pdf(tiny_pdf())
        }
    });
    let shelf = Shelf::new(&server, &[ID]);
    let fetched = shelf.fetch(ID).await.unwrap();
    assert_eq!(fetched.record().sha256, sha256(&tiny_pdf()));
}

#[tokio::test]
async fn a_truncated_body_is_retried_and_never_counts_as_downloaded() {
    let body = pdf_body(64 * 1024);
    let server =
        Server::start(move |_| Reply::pdf(body.clone()).delivery(Delivery::CutAfter(20_000)));
    let shelf = Shelf::with(&server, &[ID], |s| s.net.attempts = 3);
    let err = shelf.fetch(ID).await.unwrap_err();
    assert!(
        matches!(err, PdfError::Net(NetError::Transfer { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("fetch it again"), "{err}");
    assert!(!err.to_string().contains("()"), "the cause is named: {err}");
    // The server offered no byte ranges: the partial file is worthless, and
    // the message does not promise to resume.
    assert!(!err.to_string().contains("resume"), "{err}");
    assert_eq!(server.hits().len(), 3);
    shelf.assert_nothing_saved(ID);
    assert_eq!(shelf.files(), Vec::<String>::new());
}

#[tokio::test]
async fn a_transfer_that_keeps_breaking_says_it_resumes_only_when_it_can() {
    let body = pdf_body(200 * 1024);
    let server = Server::start(move |hit| {
        Reply::ranged(hit, body.clone(), "\"v1\"").delivery(Delivery::CutAfter(30_000))
    });
    let shelf = Shelf::with(&server, &[ID], |s| s.net.attempts = 2);
    let err = shelf.fetch(ID).await.unwrap_err();
    let PdfError::Interrupted { error, saved } = &err else {
        panic!("expected an interrupted download, got {err}");
    };
    assert!(matches!(error, NetError::Transfer { .. }), "{err}");
    let part = shelf.pdfs_dir().join("2509.25454.pdf.part");
    assert_eq!(std::fs::metadata(&part).unwrap().len(), *saved);
    assert_eq!(*saved, 60_000, "two tries of 30,000 bytes");
    assert!(
        err.to_string()
            .ends_with("; fetch it again: it resumes from the 58 KB already saved"),
        "{err}"
    );
    assert_eq!(server.hits()[1].header("range"), Some("bytes=30000-"));
    shelf.assert_nothing_saved(ID);
}

#[tokio::test]
async fn a_slow_body_cancelled_midway_stops_at_once_and_saves_no_pdf() {
    let body = pdf_body(1024 * 1024);
    let server = Server::start(move |_| {
        Reply::pdf(body.clone()).delivery(Delivery::Trickle {
            chunk: 16 * 1024,
            pause: Duration::from_millis(100),
        })
    });
    let shelf = Shelf::new(&server, &[ID]);
    let cancel = CancellationToken::new();
    let seen = Seen::default();
    let on_transfer = |t: Transfer| {
        seen.push(t);
        if t.received > 0 {
            cancel.cancel();
        }
    };
    let started = Instant::now();
    let err = shelf
        .fetcher
        .fetch(shelf.request(ID), &cancel, &on_transfer)
        .await
        .unwrap_err();
    assert!(matches!(err, PdfError::Cancelled), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    let seen = seen.all();
    assert!(seen.iter().all(|t| t.total == Some(1024 * 1024)));
    assert!(seen.last().unwrap().received < 1024 * 1024);
    shelf.assert_nothing_saved(ID);
    assert_eq!(server.hits().len(), 1);
}

/// A short window stands for the default 30 s.
fn one_kb_a_second(s: &mut papershelf_core::pdf::Settings) {
    s.net.min_rate = MinRate {
        bytes: 1024,
        window: Duration::from_secs(1),
    };
}

#[tokio::test]
async fn a_server_trickling_bytes_fails_after_a_window_with_too_few() {
    // One byte every 100 ms: the read timeout, restarted by every byte, would
    // never end it.
    let body = pdf_body(64 * 1024);
    let server = Server::start(move |_| {
        Reply::pdf(body.clone()).delivery(Delivery::Trickle {
            chunk: 1,
            pause: Duration::from_millis(100),
        })
    });
    let shelf = Shelf::with(&server, &[ID], one_kb_a_second);
    let started = Instant::now();
    let err = tokio::time::timeout(Duration::from_secs(10), shelf.fetch(ID))
        .await
        .expect("the download gives up by itself")
        .unwrap_err();
    let elapsed = started.elapsed();
    let PdfError::Net(NetError::TooSlow { bytes, window, .. }) = &err else {
        panic!("expected too slow, got {err}");
    };
    assert!((1..1024).contains(bytes), "{err}");
    assert_eq!(*window, Duration::from_secs(1));
    assert!(
        err.to_string().ends_with(&format!(
            "the server sent only {bytes} bytes in 1 s; check the connection and fetch again"
        )),
        "{err}"
    );
    assert!(
        (Duration::from_secs(1)..Duration::from_secs(3)).contains(&elapsed),
        "gave up after {elapsed:?}"
    );
    assert_eq!(
        server.hits().len(),
        1,
        "a connection this slow is not retried"
    );
    shelf.assert_nothing_saved(ID);
}

#[tokio::test]
async fn a_slow_body_above_the_minimum_rate_is_downloaded_over_several_windows() {
    // About 10 KB a second for 2.4 s: slow, but well above 1 KB a second.
    let body = pdf_body(24 * 1024);
    let full = body.clone();
    let server = Server::start(move |_| {
        Reply::pdf(full.clone()).delivery(Delivery::Trickle {
            chunk: 2 * 1024,
            pause: Duration::from_millis(200),
        })
    });
    let shelf = Shelf::with(&server, &[ID], one_kb_a_second);
    let started = Instant::now();
    let fetched = shelf.fetch(ID).await.unwrap();
    assert!(started.elapsed() > Duration::from_secs(2));
    assert_eq!(fetched.record().sha256, sha256(&body));
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn a_body_announced_over_the_cap_is_refused_before_it_is_read() {
    let body = pdf_body(100 * 1024);
    let server = Server::start(move |_| Reply::pdf(body.clone()));
    let shelf = Shelf::with(&server, &[ID], |s| s.max_size = 64 * 1024);
    let err = shelf.fetch(ID).await.unwrap_err();
    assert!(matches!(err, PdfError::TooLarge { .. }), "{err}");
    assert_eq!(server.hits().len(), 1, "an oversized PDF is not retried");
    shelf.assert_nothing_saved(ID);
    assert_eq!(shelf.files(), Vec::<String>::new());
}

#[tokio::test]
async fn a_body_growing_over_the_cap_is_cut_off() {
    let body = pdf_body(1024 * 1024);
    let server = Server::start(move |_| Reply::pdf(body.clone()).delivery(Delivery::Chunked));
    let shelf = Shelf::with(&server, &[ID], |s| s.max_size = 64 * 1024);
    let seen = Seen::default();
    let cancel = CancellationToken::new();
    let err = shelf
        .fetcher
        .fetch(shelf.request(ID), &cancel, &|t: Transfer| seen.push(t))
        .await
        .unwrap_err();
    assert!(matches!(err, PdfError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("larger than"), "{err}");
    assert!(seen
        .all()
        .iter()
        .all(|t| t.received <= 64 * 1024 && t.total.is_none()));
    shelf.assert_nothing_saved(ID);
    assert_eq!(shelf.files(), Vec::<String>::new());
}

#[tokio::test]
async fn a_redirect_to_a_host_that_is_not_allowed_is_not_followed() {
    for target in [
        "https://evil.example/pdf/2509.25454",
        "https://arxiv.org.evil.example/pdf/2509.25454",
        "http://arxiv.org/pdf/2509.25454",
        "file:///etc/passwd",
    ] {
        let server = Server::start(move |_| Reply::status(302).header("location", target));
        let shelf = Shelf::new(&server, &[ID]);
        let err = shelf.fetch(ID).await.unwrap_err();
        assert!(
            matches!(err, PdfError::Net(NetError::Disallowed { .. })),
            "{target}: {err}"
        );
        assert!(err.to_string().contains(target), "{err}");
        assert_eq!(server.hits().len(), 1, "{target}");
        shelf.assert_nothing_saved(ID);
    }
}

#[tokio::test]
async fn a_redirect_within_the_base_is_followed() {
    let server = Server::start(|hit| match hit.path.as_str() {
        PATH => Reply::status(301).header("location", "/files/2509.25454v3.pdf"),
        "/files/2509.25454v3.pdf" => Reply::pdf(tiny_pdf()),
        _ => Reply::status(404),
    });
    let shelf = Shelf::new(&server, &[ID]);
    shelf.fetch(ID).await.unwrap();
    let paths: Vec<String> = server.hits().into_iter().map(|h| h.path).collect();
    assert_eq!(paths, [PATH, "/files/2509.25454v3.pdf"]);
}

#[tokio::test]
async fn endless_redirects_end() {
    let server =
        Server::start(|hit| Reply::status(302).header("location", &format!("/r{}", hit.seq)));
    let shelf = Shelf::new(&server, &[ID]);
    let err = shelf.fetch(ID).await.unwrap_err();
    assert!(
        matches!(err, PdfError::Net(NetError::TooManyRedirects { .. })),
        "{err}"
    );
    assert_eq!(server.hits().len(), 6);
}

#[tokio::test]
async fn two_requests_for_one_pdf_at_once_download_it_once() {
    let body = pdf_body(256 * 1024);
    let server = Server::start(move |_| {
        Reply::pdf(body.clone()).delivery(Delivery::Trickle {
            chunk: 32 * 1024,
            pause: Duration::from_millis(20),
        })
    });
    let shelf = Shelf::new(&server, &[ID]);
    let (a, b) = tokio::join!(shelf.fetch(ID), shelf.fetch(ID));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.record(), b.record());
    let downloads = [&a, &b]
        .iter()
        .filter(|f| matches!(f, Fetched::Downloaded(_)))
        .count();
    assert_eq!(downloads, 1, "{a:?} {b:?}");
    assert_eq!(server.hits().len(), 1);
}

#[tokio::test]
async fn an_interrupted_transfer_resumes_with_a_range_request() {
    let body = pdf_body(200 * 1024);
    let full = body.clone();
    let server = Server::start(move |hit| {
        let reply = Reply::ranged(hit, full.clone(), "\"v1\"");
        if hit.seq == 0 {
            reply.delivery(Delivery::CutAfter(80 * 1024))
        } else {
            reply
        }
    });
    let shelf = Shelf::new(&server, &[ID]);
    let fetched = shelf.fetch(ID).await.unwrap();
    assert_eq!(fetched.record().sha256, sha256(&body));
    let saved = std::fs::read(shelf.dir.path().join(&fetched.record().path)).unwrap();
    assert_eq!(saved, &body[..]);

    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].header("range"), None);
    assert_eq!(hits[1].header("range"), Some("bytes=81920-"));
    assert_eq!(hits[1].header("if-range"), Some("\"v1\""));
    assert_eq!(shelf.files(), ["2509.25454.pdf"]);
}

#[tokio::test]
async fn a_download_cancelled_in_one_session_resumes_in_the_next() {
    let body = pdf_body(512 * 1024);
    let full = body.clone();
    let server = Server::start(move |hit| {
        let reply = Reply::ranged(hit, full.clone(), "\"v1\"");
        if hit.seq == 0 {
            reply.delivery(Delivery::Trickle {
                chunk: 64 * 1024,
                pause: Duration::from_millis(50),
            })
        } else {
            reply
        }
    });
    let shelf = Shelf::new(&server, &[ID]);
    let cancel = CancellationToken::new();
    let cancel_at = |t: Transfer| {
        if t.received >= 128 * 1024 {
            cancel.cancel();
        }
    };
    let err = shelf
        .fetcher
        .fetch(shelf.request(ID), &cancel, &cancel_at)
        .await
        .unwrap_err();
    assert!(matches!(err, PdfError::Cancelled), "{err}");
    shelf.assert_nothing_saved(ID);
    let kept = std::fs::metadata(shelf.pdfs_dir().join("2509.25454.pdf.part"))
        .unwrap()
        .len();
    assert!(kept >= 128 * 1024, "kept {kept} bytes");

    // A new fetcher on the same library, as after a restart.
    let Shelf { dir, fetcher } = shelf;
    drop(fetcher);
    let shelf = Shelf::on(dir, &server, |_| {});
    let fetched = shelf.fetch(ID).await.unwrap();
    assert_eq!(fetched.record().sha256, sha256(&body));
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    assert_eq!(
        hits[1].header("range"),
        Some(format!("bytes={kept}-").as_str())
    );
}

#[tokio::test]
async fn a_pdf_changed_on_the_server_since_the_interruption_is_fetched_whole() {
    let first = pdf_body(100 * 1024);
    let second: Arc<[u8]> = {
        let mut b = pdf_body(90 * 1024).to_vec();
        b[100] ^= 0xff;
        Arc::from(b)
    };
    let (v1, v2) = (first.clone(), second.clone());
    let server = Server::start(move |hit| {
        if hit.seq == 0 {
            Reply::ranged(hit, v1.clone(), "\"v1\"").delivery(Delivery::CutAfter(50 * 1024))
        } else {
            Reply::ranged(hit, v2.clone(), "\"v2\"")
        }
    });
    let shelf = Shelf::new(&server, &[ID]);
    let fetched = shelf.fetch(ID).await.unwrap();
    assert_eq!(fetched.record().sha256, sha256(&second));
    assert_eq!(fetched.record().size, second.len() as u64);
    let hits = server.hits();
    assert_eq!(hits[1].header("if-range"), Some("\"v1\""));
}

#[tokio::test]
async fn requests_are_spaced_by_the_delay() {
    let ids = ["2509.25454", "2510.01051", "2510.00406"];
    let server = Server::start(|_| Reply::pdf(tiny_pdf()));
    let delay = Duration::from_millis(300);
    let shelf = Shelf::with(&server, &ids, |s| s.net.delay = delay);
    // Even asked for all at once, they go one at a time, a delay apart.
    let (a, b, c) = tokio::join!(
        shelf.fetch(ids[0]),
        shelf.fetch(ids[1]),
        shelf.fetch(ids[2])
    );
    a.unwrap();
    b.unwrap();
    c.unwrap();
    let hits = server.hits();
    assert_eq!(hits.len(), 3);
    for pair in hits.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(gap >= delay, "requests {gap:?} apart");
    }
}

#[tokio::test]
async fn a_server_that_is_down_fails_at_once_with_a_clear_message() {
    let server = Server::start(|_| Reply::status(200));
    let shelf = Shelf::new(&server, &[ID]);
    let base = server.base();
    drop(server);
    let started = Instant::now();
    let err = shelf.fetch(ID).await.unwrap_err();
    assert!(
        matches!(err, PdfError::Net(NetError::Unreachable { .. })),
        "{err}"
    );
    assert!(err.to_string().contains(&base), "{err}");
    assert!(err.to_string().contains("check the network"), "{err}");
    assert!(
        err.to_string().contains("refused"),
        "the cause is named: {err}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    shelf.assert_nothing_saved(ID);
}

#[tokio::test]
async fn a_paper_without_an_arxiv_id_gets_a_message_and_no_request() {
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    let server = Server::start(move |_| {
        c.fetch_add(1, Ordering::SeqCst);
        Reply::pdf(tiny_pdf())
    });
    let dir = tempfile::tempdir().unwrap();
    let mut lib = papershelf_core::Library::open(dir.path()).unwrap();
    let report = papershelf_core::import::import_bytes(
        &mut lib,
        "hostile",
        "hostile.md",
        None,
        &fixture("digests/hostile.md"),
        None,
    );
    assert_eq!(report.error, None);
    let shelf = Shelf::on(dir, &server, |_| {});
    let cancel = CancellationToken::new();
    let papers = lib
        .papers(&papershelf_core::PaperQuery::scope(
            papershelf_core::Scope::All,
        ))
        .unwrap()
        .rows();
    assert_eq!(papers.len(), 6);
    for p in &papers {
        let result = shelf
            .fetcher
            .fetch(
                Request {
                    paper: p.id,
                    version: None,
                },
                &cancel,
                &|_: Transfer| {},
            )
            .await;
        match &p.arxiv {
            Some(a) => assert_eq!(a.id.as_str(), "2510.01174"),
            None => {
                let err = result.unwrap_err();
                assert!(matches!(err, PdfError::NoArxivId { .. }), "{err}");
                assert!(err.to_string().contains("has no arXiv id"), "{err}");
            }
        }
    }
    let paths: Vec<String> = server.hits().into_iter().map(|h| h.path).collect();
    assert_eq!(paths, ["/pdf/2510.01174"]);
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert_eq!(shelf.files(), ["2510.01174.pdf"]);
}

#[tokio::test]
async fn a_download_reads_its_text_and_one_that_cannot_be_read_still_succeeds() {
    let readable: Arc<[u8]> = Arc::from(papershelf_testserver::pdf::pdf(&[
        &["Cover."],
        &["The glimmerwort lemma."],
    ]));
    let server = Server::start(move |hit| {
        if hit.path == PATH {
            Reply::pdf(readable.clone())
        } else {
            Reply::pdf(pdf_body(4000))
        }
    });
    let shelf = Shelf::new(&server, &[ID, "2510.01051"]);

    // Read at once: stored and searchable before the fetch returns.
    let fetched = shelf.fetch(ID).await.unwrap();
    assert!(matches!(fetched, Fetched::Downloaded(_)), "{fetched:?}");
    let paper = shelf.paper(ID);
    {
        let lib = shelf.fetcher.library();
        let text = lib.pdf_text(paper).unwrap().unwrap();
        assert_eq!(
            (text.status.name(), text.pages, text.pages_with_text),
            ("text", 2, 2)
        );
        assert_eq!(
            lib.pdf_page_text(paper, 2).unwrap().as_deref(),
            Some("The glimmerwort lemma.")
        );
    }

    // Bytes that start like a PDF but are none: downloaded all the same,
    // and marked so that nothing reads them again.
    let fetched = shelf.fetch("2510.01051").await.unwrap();
    assert!(matches!(fetched, Fetched::Downloaded(_)), "{fetched:?}");
    let other = shelf.paper("2510.01051");
    let lib = shelf.fetcher.library();
    let broken = lib.pdf_text(other).unwrap().unwrap();
    assert_eq!(broken.status.name(), "broken");
    assert!(lib.pdfs_without_text().unwrap().is_empty());
}
