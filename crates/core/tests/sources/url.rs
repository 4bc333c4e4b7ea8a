//! Subscriptions (`sources::url::sync`) against a scripted server on 127.0.0.1.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use papershelf_core::net;
use papershelf_core::sources::{self, url, SourceId, Synced};
use papershelf_core::Library;
use papershelf_testserver::{Delivery, Reply, Server};
use tokio_util::sync::CancellationToken;

use super::{day, digest, digests, source};

/// What the server publishes: path → (body, ETag, delivery).
type Files = Arc<Mutex<HashMap<String, (Arc<[u8]>, String, Delivery)>>>;

/// A server answering from `files`: 304 when `If-None-Match` matches the
/// ETag, 404 for anything unpublished.
fn publisher() -> (Server, Files) {
    let files: Files = Arc::default();
    let served = files.clone();
    let server = Server::start(move |hit| {
        let files = served.lock().unwrap();
        match files.get(&hit.path) {
            Some((_, etag, _)) if hit.header("if-none-match") == Some(etag.as_str()) => {
                Reply::status(304).header("etag", etag)
            }
            Some((body, etag, delivery)) => Reply::body(200, "text/markdown", body.clone())
                .header("etag", etag)
                .header("last-modified", "Fri, 03 Oct 2025 08:00:00 GMT")
                .delivery(*delivery),
            None => Reply::status(404),
        }
    });
    (server, files)
}

fn publish(files: &Files, path: &str, body: impl Into<Vec<u8>>, etag: &str) {
    publish_as(files, path, body, etag, Delivery::Whole);
}

fn publish_as(files: &Files, path: &str, body: impl Into<Vec<u8>>, etag: &str, d: Delivery) {
    let body: Arc<[u8]> = Arc::from(body.into());
    files
        .lock()
        .unwrap()
        .insert(path.to_owned(), (body, format!("\"{etag}\""), d));
}

fn subscribe(lib: &mut Library, server: &Server, path: &str, since: &str) -> SourceId {
    let template = format!("{}{path}", server.base());
    let today = day("2025-10-05");
    sources::add_url(lib, &template, Some(day(since)), today)
        .unwrap()
        .id
}

fn sync(lib: &mut Library, id: SourceId, today: NaiveDate) -> Synced {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = net::Client::new(sources::net_settings()).unwrap();
    let s = source(lib, id);
    let cancel = CancellationToken::new();
    runtime
        .block_on(url::sync(
            lib,
            &client,
            &s,
            today,
            &url::Options::default(),
            &cancel,
        ))
        .unwrap()
}

#[test]
fn days_are_asked_conditionally_and_missing_ones_again_later() {
    let (server, files) = publisher();
    for d in 1..=3 {
        let date = format!("2025-10-0{d}");
        publish(
            &files,
            &format!("/d/{date}.md"),
            digest(&date, d * 10, 2),
            &format!("e{d}"),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let id = subscribe(&mut lib, &server, "/d/{date}.md", "2025-10-01");
    let today = day("2025-10-05");

    let first = sync(&mut lib, id, today);
    // 04 and 05 are not published yet: not failures.
    assert!(first.result.ok(), "{:?}", first.result.failed);
    assert_eq!((first.result.imported, first.result.added), (3, 6));
    assert_eq!(digests(&lib).len(), 3);
    assert_eq!(digests(&lib)[0].1, "2025-10-01.md");
    assert_eq!(server.hits().len(), 5);
    assert!(server
        .hits()
        .iter()
        .all(|h| h.header("if-none-match").is_none()));

    let again = sync(&mut lib, id, today);
    assert!(again.result.ok());
    assert_eq!((again.result.imported, again.result.unchanged), (0, 3));
    let second: Vec<_> = server.hits().into_iter().skip(5).collect();
    assert_eq!(second.len(), 5, "{second:?}");
    for hit in &second[..3] {
        assert!(
            hit.header("if-none-match")
                .is_some_and(|e| e.starts_with("\"e")),
            "{hit:?}"
        );
        assert!(hit.header("if-modified-since").is_some(), "{hit:?}");
    }
    // Published late: found at the next sync.
    publish(
        &files,
        "/d/2025-10-04.md",
        digest("2025-10-04", 100, 1),
        "e4",
    );
    let late = sync(&mut lib, id, today);
    assert_eq!((late.result.imported, late.result.unchanged), (1, 3));
    assert_eq!(late.dates(), [day("2025-10-04")]);
    // A day corrected: imported again, replacing that digest's entries.
    publish(
        &files,
        "/d/2025-10-02.md",
        digest("2025-10-02", 20, 3),
        "e2b",
    );
    let fixed = sync(&mut lib, id, today);
    assert_eq!((fixed.result.imported, fixed.result.added), (1, 1));
    assert_eq!(digests(&lib).len(), 4);
    let last = source(&lib, id).last.unwrap();
    assert_eq!((last.imported, last.unchanged), (1, 3));
}

#[test]
fn a_digest_is_named_after_the_urls_file_and_dated_by_its_content_else_the_day() {
    let (server, files) = publisher();
    // No date in it: the template's day.
    publish(
        &files,
        "/2025/10/02/digest.md",
        "- [P](https://arxiv.org/abs/2510.00001)\n",
        "a",
    );
    // A date in its heading wins.
    publish(
        &files,
        "/2025/10/03/digest.md",
        digest("2025-10-01", 2, 1),
        "b",
    );
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let id = subscribe(
        &mut lib,
        &server,
        "/{yyyy}/{mm}/{dd}/digest.md",
        "2025-10-02",
    );
    let synced = sync(&mut lib, id, day("2025-10-03"));
    assert!(synced.result.ok(), "{:?}", synced.result.failed);
    assert_eq!(
        digests(&lib),
        [
            ("2025-10-01".into(), "digest.md".into(), 1),
            ("2025-10-02".into(), "digest.md".into(), 1)
        ]
    );
}

#[test]
fn a_response_over_10_mb_is_refused_and_a_slow_one_still_arrives() {
    let (server, files) = publisher();
    let huge = vec![b'x'; 20 << 20];
    publish(&files, "/d/2025-10-01.md", huge.clone(), "big");
    publish_as(
        &files,
        "/d/2025-10-02.md",
        huge,
        "chunked",
        Delivery::Chunked,
    );
    publish_as(
        &files,
        "/d/2025-10-03.md",
        digest("2025-10-03", 1, 4),
        "slow",
        Delivery::Trickle {
            chunk: 100,
            pause: Duration::from_millis(60),
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let id = subscribe(&mut lib, &server, "/d/{date}.md", "2025-10-01");
    let started = Instant::now();
    let synced = sync(&mut lib, id, day("2025-10-03"));
    assert!(started.elapsed() < Duration::from_secs(10));
    let failed = &synced.result.failed;
    assert_eq!(failed.len(), 2, "{failed:?}");
    for f in failed {
        assert!(f.message.contains("larger than the 10 MB limit"), "{f:?}");
    }
    assert!(failed[0].file.ends_with("/d/2025-10-01.md"));
    assert_eq!(synced.result.imported, 1);
    assert_eq!(
        digests(&lib),
        [("2025-10-03".into(), "2025-10-03.md".into(), 4)]
    );
}

#[test]
fn a_day_that_fails_to_parse_is_listed_with_its_line_until_it_changes() {
    let (server, files) = publisher();
    publish(
        &files,
        "/d/2025-10-01.md",
        &b"# 2025-10-01\n\nok\n\xff\n"[..],
        "bad",
    );
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let id = subscribe(&mut lib, &server, "/d/{date}.md", "2025-10-01");
    let today = day("2025-10-01");
    let first = sync(&mut lib, id, today);
    assert_eq!(first.result.failed.len(), 1);
    let f = &first.result.failed[0];
    assert!(f.file.ends_with("/d/2025-10-01.md"));
    assert_eq!(f.line, Some(4));
    assert!(f.message.contains("not UTF-8"), "{f:?}");
    // Unchanged (304): listed again, not parsed again.
    let again = sync(&mut lib, id, today);
    assert_eq!(again.result.failed, first.result.failed);
    assert!(again.reports.is_empty(), "{:?}", again.reports);
    let asked = server
        .hits()
        .last()
        .unwrap()
        .header("if-none-match")
        .map(str::to_owned);
    assert_eq!(asked.as_deref(), Some("\"bad\""));
    // Changed: tried, imported.
    publish(
        &files,
        "/d/2025-10-01.md",
        digest("2025-10-01", 1, 1),
        "good",
    );
    let fixed = sync(&mut lib, id, today);
    assert!(fixed.result.ok(), "{:?}", fixed.result.failed);
    assert_eq!(fixed.result.imported, 1);
}

#[test]
fn an_unreachable_server_fails_the_source_and_forgets_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let id = sources::add_url(
        &mut lib,
        "http://127.0.0.1:9/{date}.md",
        None,
        day("2025-10-02"),
    )
    .unwrap()
    .id;
    let synced = sync(&mut lib, id, day("2025-10-02"));
    assert_eq!(synced.result.failed.len(), 7);
    assert!(
        synced.result.failed[0].message.contains("cannot reach"),
        "{:?}",
        synced.result.failed[0]
    );
}

/// The app's "Test": today's file, else yesterday's, counted and not
/// imported; neither published is `None`; a file that is no digest says why.
#[test]
fn a_template_is_tried_on_today_else_yesterday_without_importing() {
    let (server, files) = publisher();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = net::Client::new(sources::net_settings()).unwrap();
    let cancel = CancellationToken::new();
    let template = sources::Template::parse(&format!("{}/d/{{date}}.md", server.base())).unwrap();
    let tried =
        |today: &str| runtime.block_on(url::try_template(&client, &template, day(today), &cancel));
    assert_eq!(tried("2025-10-05").unwrap(), None);
    publish(&files, "/d/2025-10-04.md", digest("2025-10-04", 1, 3), "a");
    let found = tried("2025-10-05").unwrap().unwrap();
    assert_eq!(
        found,
        url::Tried {
            day: day("2025-10-04"),
            url: format!("{}/d/2025-10-04.md", server.base()),
            papers: 3
        }
    );
    publish(
        &files,
        "/d/2025-10-05.md",
        digest("2025-10-05", 10, 12),
        "b",
    );
    assert_eq!(tried("2025-10-05").unwrap().unwrap().papers, 12);
    assert_eq!(
        server.hits_on("/d/2025-10-03.md").len(),
        0,
        "two days at most"
    );
    publish(&files, "/d/2025-10-06.md", vec![0xff, 0xfe, 0x00], "c");
    let e = tried("2025-10-06").unwrap_err().to_string();
    assert!(
        e.starts_with(&format!("{}/d/2025-10-06.md: ", server.base())),
        "{e}"
    );
}
