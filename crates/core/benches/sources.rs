//! Sources (issue 12, section 5). Run with
//!
//!     cargo bench -p papershelf-core --bench sources
//!
//! It prints a Markdown table for BENCHMARKS.md, five runs of each:
//! - 500 digest files dropped into a folder at once, imported by a folder
//!   sync into an empty library (target < 5 s);
//! - a sync of 30 subscribed days from a server on 127.0.0.1, all
//!   unchanged (304 to their ETags) (target < 1 s);
//! - a new file in a watched folder until `watch::run` reports it imported,
//!   with the default 1 s debounce (target < 3 s).

use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use papershelf_core::sources::{self, folder, url, watch};
use papershelf_core::{net, Library};
use papershelf_testserver::{Reply, Server};
use tokio_util::sync::CancellationToken;

const RUNS: usize = 5;

/// A digest of `date` listing 36 papers (a real day's size) from `first`.
fn digest(date: NaiveDate, first: u32) -> String {
    let mut md = format!("# Papers for {date}\n\n");
    for i in 0..36 {
        let id = format!("{:04}.{:05}", 2401 + first / 90_000, first % 90_000 + i);
        md.push_str(&format!(
            "## {i}.[Paper {id}: a title of some length about reinforcement learning](https://arxiv.org/abs/{id})\nsummary:**强化学习, reward models** A summary of {id} that runs for a line or two, as digests' do, with 中文 text too.\n\n"
        ));
    }
    md
}

fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(n.into())
}

fn main() {
    println!("| what | run | measured |\n|---|---|---|");
    folder_burst();
    subscription_all_304();
    watched_new_file();
}

fn folder_burst() {
    for run in 0..RUNS {
        let files = tempfile::tempdir().unwrap();
        for i in 0..500u32 {
            std::fs::write(
                files.path().join(format!("{}.md", day(i))),
                digest(day(i), i * 36),
            )
            .unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let source = sources::add_folder(&mut lib, files.path(), false).unwrap();
        let started = Instant::now();
        let synced = folder::sync(&mut lib, &source, &folder::Options::default()).unwrap();
        let took = started.elapsed();
        assert_eq!(synced.result.imported, 500);
        println!(
            "| 500 files × 36 papers dropped into a folder, imported | {} | **{:.2} s** |",
            run + 1,
            took.as_secs_f64()
        );
    }
}

fn subscription_all_304() {
    let server = Server::start(|hit| {
        let etag = format!("\"{}\"", hit.path);
        if hit.header("if-none-match") == Some(etag.as_str()) {
            return Reply::status(304).header("etag", &etag);
        }
        let date: NaiveDate = hit.path[3..13].parse().unwrap();
        Reply::body(200, "text/markdown", digest(date, 0).into_bytes().into()).header("etag", &etag)
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = net::Client::new(sources::net_settings()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let today = day(29);
    let template = format!("{}/d/{{date}}.md", server.base());
    let source = sources::add_url(&mut lib, &template, Some(day(0)), today).unwrap();
    // Every day asked again: the 30 days are the last 30.
    let options = url::Options {
        recheck_days: 30,
        ..url::Options::default()
    };
    let cancel = CancellationToken::new();
    let first = runtime
        .block_on(url::sync(
            &mut lib, &client, &source, today, &options, &cancel,
        ))
        .unwrap();
    assert_eq!(first.result.imported, 30);
    for run in 0..RUNS {
        let before = server.hits().len();
        let started = Instant::now();
        let synced = runtime
            .block_on(url::sync(
                &mut lib, &client, &source, today, &options, &cancel,
            ))
            .unwrap();
        let took = started.elapsed();
        assert_eq!(synced.result.unchanged, 30, "{:?}", synced.result);
        assert_eq!(server.hits().len() - before, 30);
        println!(
            "| 30 subscribed days from 127.0.0.1, all 304 | {} | **{:.0} ms** |",
            run + 1,
            took.as_secs_f64() * 1e3
        );
    }
}

fn watched_new_file() {
    let files = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    sources::add_folder(&mut lib, files.path(), false).unwrap();
    drop(lib);
    let cancel = CancellationToken::new();
    let (tx, rx) = mpsc::channel();
    let (lib_dir, stop) = (dir.path().to_owned(), cancel.clone());
    let thread = std::thread::spawn(move || {
        watch::run(&lib_dir, watch::Options::default(), stop, move |e| {
            if let watch::Event::Synced(s) = e {
                let _ = tx.send((Instant::now(), s.result.imported));
            }
        })
        .unwrap();
    });
    // The first catch-up: it watches.
    rx.recv_timeout(Duration::from_secs(10)).unwrap();
    for run in 0..RUNS as u32 {
        std::thread::sleep(Duration::from_millis(300));
        let written = Instant::now();
        std::fs::write(
            files.path().join(format!("{}.md", day(run))),
            digest(day(run), run * 36),
        )
        .unwrap();
        let (at, imported) = loop {
            let (at, imported) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
            if imported > 0 {
                break (at, imported);
            }
        };
        assert_eq!(imported, 1);
        println!(
            "| a new file in a watched folder → imported by `watch` (1 s debounce) | {} | **{:.2} s** |",
            run + 1,
            (at - written).as_secs_f64()
        );
    }
    cancel.cancel();
    thread.join().unwrap();
}
