//! arXiv metadata for 10,000 papers (issue 11, section 5): the cost per
//! paper beyond the politeness delay. Run with
//!
//!     cargo bench -p papershelf-core --bench metadata
//!
//! It prints a Markdown table for BENCHMARKS.md. A stand-in API on
//! 127.0.0.1 answers every `id_list` with a feed of realistic entries
//! (8 authors with accents, a 1,200-character abstract, 3 categories, a DOI
//! on every other one), the delay set to 0, so what is measured is the
//! request, the parse, the store and the search index — everything but the
//! delay. Target: < 5 ms per paper.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use papershelf_core::metadata::{self, Api};
use papershelf_core::store::MetadataWanted;
use papershelf_core::{import, net, synth, Library};
use papershelf_testserver::{Reply, Server};

const DIGESTS: usize = 278; // × 36 = 10,008 papers
const RUNS: usize = 3;

fn entry(id: &str, n: usize) -> String {
    let mut e = format!(
        "  <entry>\n    <id>http://arxiv.org/abs/{id}v2</id>\n    <title>On the Convergence of\n      $\\mathcal{{O}}(n)$ Policy Gradients {n}</title>\n    <updated>2025-11-20T08:00:00Z</updated>\n    <link href=\"https://arxiv.org/abs/{id}v2\" rel=\"alternate\" type=\"text/html\"/>\n    <link href=\"https://arxiv.org/pdf/{id}v2\" rel=\"related\" type=\"application/pdf\" title=\"pdf\"/>\n    <summary>  "
    );
    for line in 0..15 {
        e.push_str(&format!(
            "We study reinforcement learning with verifiable rewards, line {line}, and show\n"
        ));
    }
    e.push_str("</summary>\n");
    for c in ["cs.LG", "cs.AI", "stat.ML"] {
        e.push_str(&format!(
            "    <category term=\"{c}\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"
        ));
    }
    e.push_str("    <published>2025-09-29T17:00:00Z</published>\n    <arxiv:comment>12 pages</arxiv:comment>\n    <arxiv:primary_category term=\"cs.LG\"/>\n");
    for a in 0..8 {
        e.push_str(&format!(
            "    <author>\n      <name>José Müller-Łopez {a}</name>\n      <arxiv:affiliation>Universidad {a}</arxiv:affiliation>\n    </author>\n"
        ));
    }
    if n.is_multiple_of(2) {
        e.push_str(&format!(
            "    <arxiv:doi>10.1000/x.{n}</arxiv:doi>\n    <link href=\"https://doi.org/10.1000/x.{n}\" rel=\"related\" title=\"doi\"/>\n"
        ));
    }
    e.push_str("  </entry>\n");
    e
}

fn feed(ids: &[&str]) -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\" xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>https://arxiv.org/api/bench</id>\n  <title>arXiv Query</title>\n  <updated>2026-12-01T00:00:00Z</updated>\n",
    );
    for (n, id) in ids.iter().enumerate() {
        xml.push_str(&entry(id, n));
    }
    xml.push_str("</feed>\n");
    xml
}

fn asked(path: &str) -> Vec<String> {
    let list = path
        .split_once("id_list=")
        .map(|(_, rest)| rest.split('&').next().unwrap_or(""))
        .unwrap_or("");
    list.split(',').map(str::to_owned).collect()
}

fn library(dir: &std::path::Path) -> Library {
    let mut lib = Library::open(dir).unwrap();
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for (name, text) in synth::digests(11, start, DIGESTS, 36) {
        let r = import::import_bytes(&mut lib, &name, &name, None, text.as_bytes(), None);
        assert!(r.error.is_none());
    }
    lib
}

fn main() {
    // Parse alone: one 100-entry feed, many times.
    let ids: Vec<String> = (0..100).map(|i| format!("2510.{:05}", i)).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let xml = feed(&refs);
    let rounds = 200;
    let started = Instant::now();
    for _ in 0..rounds {
        let parsed = metadata::parse(xml.as_bytes()).unwrap();
        assert_eq!(parsed.entries.len(), 100);
    }
    let parse = started.elapsed() / (rounds * 100) as u32;
    let mb_s = (xml.len() * rounds) as f64 / started.elapsed().as_secs_f64() / 1e6;
    println!(
        "| parse a 100-entry feed ({} KB) | {:.1} µs per entry, {mb_s:.0} MB/s |",
        xml.len() / 1024,
        parse.as_secs_f64() * 1e6
    );

    let server = Server::start(|hit| {
        let ids = asked(&hit.path);
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        Reply::body(
            200,
            "application/atom+xml",
            Arc::from(feed(&refs).into_bytes()),
        )
    });
    let mut api = Api::new(&server.base()).unwrap();
    api.net.delay = Duration::ZERO;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for run in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = library(dir.path());
        let papers = lib
            .papers_wanting_metadata(&MetadataWanted {
                missing: true,
                ..MetadataWanted::default()
            })
            .unwrap();
        let client = net::Client::new(api.net.clone()).unwrap();
        let hits_before = server.hits().len();
        let started = Instant::now();
        let report = runtime.block_on(metadata::update(
            &mut lib,
            &client,
            &api,
            &papers,
            &Default::default(),
            &|_| {},
        ));
        let took = started.elapsed();
        assert_eq!(report.updated, papers.len(), "{report:?}");
        let requests = server.hits().len() - hits_before;
        println!(
            "| run {}: {} papers, {requests} requests, delay 0 | {:.2} s, **{:.2} ms per paper** |",
            run + 1,
            papers.len(),
            took.as_secs_f64(),
            took.as_secs_f64() * 1e3 / papers.len() as f64
        );
        // Store alone: the same answers again, straight into the library.
        let ids: Vec<&str> = papers[..100].iter().map(|(_, a)| a.as_str()).collect();
        let parsed = metadata::parse(feed(&ids).as_bytes()).unwrap();
        let started = Instant::now();
        for _ in 0..20 {
            lib.save_metadata(&papers[..100], &parsed.entries, &[])
                .unwrap();
        }
        println!(
            "| run {}: store 100 papers' metadata (one transaction, index refreshed) | {:.2} ms per paper |",
            run + 1,
            started.elapsed().as_secs_f64() * 1e3 / 2000.0
        );
    }
}
