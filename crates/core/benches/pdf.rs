//! PDF downloads against `curl`, side by side in one run, on the same local
//! URLs (issue 4, section 6). Run with
//!
//!     cargo bench -p papershelf-core --bench pdf
//!
//! It needs `curl` on the PATH and prints a Markdown table for BENCHMARKS.md.
//! Targets: a 50 MB PDF at 0.9x curl's throughput or better; 100 small PDFs
//! with the delay at 0 cost under 5 ms each beyond the transfer.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use papershelf_core::pdf::{Base, CancellationToken, Fetcher, Queue, Request, Settings, Transfer};
use papershelf_core::{import, net, Library, PaperQuery, Scope};
use papershelf_testserver::{pdf_body, Reply, Server};

const BIG: usize = 50 * 1024 * 1024;
const SMALL: usize = 100 * 1024;
const SMALL_COUNT: usize = 100;
const RUNS: usize = 5;
const BIG_ID: &str = "2501.00001";

fn small_id(i: usize) -> String {
    format!("2502.{:05}", 10000 + i)
}

fn main() {
    if Command::new("curl").arg("--version").output().is_err() {
        eprintln!("curl is not on the PATH (apt-get install curl); nothing measured");
        std::process::exit(1);
    }
    let big = pdf_body(BIG);
    let small = pdf_body(SMALL);
    let server = Server::start(move |hit| {
        if hit.path.ends_with(BIG_ID) {
            Reply::pdf(big.clone())
        } else {
            Reply::pdf(small.clone())
        }
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let scratch = tempfile::tempdir().unwrap();

    // One 50 MB PDF, RUNS times each, alternating.
    let big_url = format!("{}/pdf/{BIG_ID}", server.base());
    let mut curl_big = Vec::new();
    let mut ours_big = Vec::new();
    for _ in 0..RUNS {
        curl_big.push(curl(&[big_url.as_str()], &scratch.path().join("curl")));
        let dir = tempfile::tempdir().unwrap();
        let fetcher = fetcher(dir.path(), &server, &[BIG_ID.to_owned()]);
        let paper = fetcher.library().resolve(BIG_ID).unwrap();
        let cancel = CancellationToken::new();
        let started = Instant::now();
        runtime
            .block_on(fetcher.fetch(
                Request {
                    paper,
                    version: None,
                },
                &cancel,
                &|_: Transfer| {},
            ))
            .unwrap();
        ours_big.push(started.elapsed());
    }

    // 100 small PDFs: curl in one process over one connection, and a queue.
    let ids: Vec<String> = (0..SMALL_COUNT).map(small_id).collect();
    let urls: Vec<String> = ids
        .iter()
        .map(|id| format!("{}/pdf/{id}", server.base()))
        .collect();
    let url_refs: Vec<&str> = urls.iter().map(String::as_str).collect();
    let mut curl_small = Vec::new();
    let mut ours_small = Vec::new();
    for _ in 0..RUNS {
        curl_small.push(curl(&url_refs, &scratch.path().join("curl-small")));
        let dir = tempfile::tempdir().unwrap();
        let fetcher = fetcher(dir.path(), &server, &ids);
        let cancel = CancellationToken::new();
        let started = Instant::now();
        let queue = Queue::new(
            &fetcher.library(),
            &PaperQuery::scope(Scope::Digest(
                chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
            )),
        )
        .unwrap();
        let report = runtime.block_on(queue.run(&fetcher, &cancel, &|_| {}));
        ours_small.push(started.elapsed());
        assert_eq!(report.downloaded(), SMALL_COUNT);
    }

    let (cb, ob) = (median(&curl_big), median(&ours_big));
    let mb = BIG as f64 / (1024.0 * 1024.0);
    let (cs, os) = (median(&curl_small), median(&ours_small));
    let overhead_ms = (os.as_secs_f64() - cs.as_secs_f64()) * 1000.0 / SMALL_COUNT as f64;
    println!("machine: {}", machine());
    println!("runs: {RUNS} of each, alternating; medians below\n");
    println!("| measurement | curl | papershelf | result |");
    println!("|---|---|---|---|");
    println!(
        "| one {mb:.0} MB PDF | {:.1} ms ({:.0} MB/s) | {:.1} ms ({:.0} MB/s) | {:.2}x curl's throughput (target >= 0.9x) |",
        ms(cb),
        mb / cb.as_secs_f64(),
        ms(ob),
        mb / ob.as_secs_f64(),
        cb.as_secs_f64() / ob.as_secs_f64(),
    );
    println!(
        "| {SMALL_COUNT} PDFs of {} KB, delay 0 | {:.1} ms ({:.2} ms each) | {:.1} ms ({:.2} ms each) | {overhead_ms:+.2} ms each beyond curl's transfer (target < 5 ms) |",
        SMALL / 1024,
        ms(cs),
        ms(cs) / SMALL_COUNT as f64,
        ms(os),
        ms(os) / SMALL_COUNT as f64,
    );
    println!(
        "\nall runs (ms): curl big {:?}; ours big {:?}; curl small {:?}; ours small {:?}",
        all_ms(&curl_big),
        all_ms(&ours_big),
        all_ms(&curl_small),
        all_ms(&ours_small)
    );
}

/// A library in `dir` listing these papers in a digest of 2025-01-02, and a
/// fetcher on it without delay.
fn fetcher(dir: &Path, server: &Server, ids: &[String]) -> Fetcher {
    let mut md = String::from("# Papers for 2025-01-02\n\n");
    for (i, id) in ids.iter().enumerate() {
        md.push_str(&format!(
            "## {i}.[Paper {id}](https://arxiv.org/pdf/{id})\nsummary:**kw** text\n\n"
        ));
    }
    let mut lib = Library::open(dir).unwrap();
    let report = import::import_bytes(&mut lib, "bench", "bench.md", None, md.as_bytes(), None);
    assert_eq!(report.error, None);
    let settings = Settings {
        base: Base::parse(&server.base()).unwrap(),
        net: net::Settings {
            delay: Duration::ZERO,
            ..net::Settings::default()
        },
        ..Settings::default()
    };
    Fetcher::new(lib, settings).unwrap()
}

/// The wall time of one curl process fetching these URLs into `dir`.
fn curl(urls: &[&str], dir: &Path) -> Duration {
    std::fs::create_dir_all(dir).unwrap();
    let mut cmd = Command::new("curl");
    cmd.args(["--silent", "--show-error", "--fail"]);
    for (i, url) in urls.iter().enumerate() {
        cmd.arg("-o").arg(dir.join(format!("{i}.pdf"))).arg(url);
    }
    let started = Instant::now();
    let status = cmd.status().unwrap();
    let took = started.elapsed();
    assert!(status.success(), "curl failed");
    took
}

fn median(v: &[Duration]) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn all_ms(v: &[Duration]) -> Vec<u64> {
    v.iter().map(|d| d.as_millis() as u64).collect()
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let curl = Command::new("curl")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| {
            s.lines()
                .next()
                .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_default();
    format!("{cpu}, {cores} cores; {curl}")
}
