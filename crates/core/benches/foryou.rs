//! Issue 18's measurements: how well For you ranks a one-topic reader's
//! later days (precision@5, nDCG@10 against the best order, the listed
//! order and keyword overlap), and how long training, a For you page and
//! similar papers take at 10,000 and 100,000 papers. Not part of the tests.
//!
//! ```sh
//! cargo bench -p papershelf-core --bench foryou                     # quality, 10,000 and 100,000
//! cargo bench -p papershelf-core --bench foryou -- --quality        # quality only (a minute)
//! cargo bench -p papershelf-core --bench foryou -- --speed          # speed only
//! cargo bench -p papershelf-core --bench foryou -- --library DIR --until YYYY-MM-DD
//!     # the evaluation on a real library (a copy of it: nothing is written)
//! ```
//!
//! Speed libraries are built once and kept in `$PAPERSHELF_BENCH_DIR`
//! (default `/tmp/papershelf-foryou-bench`)/`<papers>/`. Prints Markdown.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use papershelf_core::foryou::{self, Evaluation, MODEL_FILE};
use papershelf_core::{Library, Order, PaperId, PaperQuery, Scope};

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
}

fn main() {
    if let Some(dir) = arg("--library") {
        let until: NaiveDate = arg("--until")
            .expect("--until YYYY-MM-DD")
            .parse()
            .expect("--until YYYY-MM-DD");
        let lib = Library::open_read_only(Path::new(&dir)).expect("a library");
        print_quality_header();
        print_quality(&dir, &foryou::evaluate(&lib, until).unwrap());
        return;
    }
    if !flag("--speed") {
        quality();
    }
    if flag("--quality") {
        return;
    }
    println!(
        "\n| papers | operation | median ms | max ms | runs | note |\n|---|---|---|---|---|---|"
    );
    for papers in [10_000, 100_000] {
        speed(papers);
    }
}

fn print_quality_header() {
    println!("| library | days | order | precision@5 | nDCG@10 | P@5 / best |\n|---|---|---|---|---|---|");
}

fn print_quality(name: &str, e: &Evaluation) {
    for (order, s) in [
        ("best possible", e.best),
        ("**For you**", e.for_you),
        ("listed", e.listed),
        ("keyword overlap", e.keyword_overlap),
    ] {
        println!(
            "| {name} | {} | {order} | {:.3} | {:.3} | {:.0}% |",
            e.days,
            s.precision_at_5,
            s.ndcg_at_10,
            100.0 * s.precision_at_5 / e.best.precision_at_5.max(1e-9)
        );
    }
}

/// A one-topic reader: 60 days of 36 papers, topic 0 starred throughout,
/// the training days read; trained on the first `train` days, the other
/// days ranked.
fn quality() {
    print_quality_header();
    for (train, seed) in [(5, 1), (14, 1), (30, 1), (14, 2), (14, 3)] {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        foryou::one_topic_reader(&mut lib, seed, start(), 60, 36, 0, train).unwrap();
        let until = start() + chrono::Days::new(train as u64 - 1);
        let e = foryou::evaluate(&lib, until).unwrap();
        print_quality(&format!("seed {seed}, trained on {train} days"), &e);
    }
}

fn library(papers: usize) -> PathBuf {
    let root = std::env::var_os("PAPERSHELF_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/papershelf-foryou-bench"));
    let dir = root.join(papers.to_string());
    if dir.join("ready").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let t = Instant::now();
    let mut lib = Library::open(&dir).unwrap();
    // 200 papers a day; the reader read the first 30 days and starred topic 0.
    foryou::one_topic_reader(&mut lib, 18, start(), papers / 200, 200, 0, 30).unwrap();
    std::fs::write(dir.join("ready"), "").unwrap();
    eprintln!(
        "built {papers} papers in {:.0} s",
        t.elapsed().as_secs_f64()
    );
    dir
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Vec<Duration>, T) {
    let mut samples = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        samples.push(t.elapsed());
    }
    samples.sort();
    (samples, last.unwrap())
}

fn row(papers: usize, what: &str, samples: &[Duration], note: &str) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "| {papers} | {what} | {:.1} | {:.1} | {} | {note} |",
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}

fn speed(papers: usize) {
    let dir = library(papers);
    let mut lib = Library::open(&dir).unwrap();
    let (s, sig) = time(20, || lib.for_you_signature().unwrap());
    row(
        papers,
        "signature (is the model stale?)",
        &s,
        &format!("{} bytes", sig.len()),
    );
    let (s, model) = time(3, || lib.rebuild_for_you().unwrap());
    let size = std::fs::metadata(dir.join(MODEL_FILE)).unwrap().len();
    row(
        papers,
        "rebuild whole: features + classifier + scores, saved",
        &s,
        &format!(
            "{} terms, {} positives, {} negatives, file {:.1} MB",
            model.features.terms.len(),
            model.positives,
            model.negatives,
            size as f64 / 1e6
        ),
    );
    let (s, _) = time(5, || {
        let fresh = Library::open(&dir).unwrap();
        fresh.for_you_model().unwrap()
    });
    row(
        papers,
        "open + load the saved model",
        &s,
        "a new connection",
    );
    // A signal changes: a star given or taken, then the next For you list's model.
    let mut on = false;
    let mut flip = |lib: &mut Library| {
        on = !on;
        lib.set_starred(PaperId(papers as i64 - 1), on).unwrap();
    };
    let (s, retrained) = time(10, || {
        flip(&mut lib);
        lib.for_you_model().unwrap()
    });
    row(
        papers,
        "a star, then the model (classifier retrained, features kept)",
        &s,
        &format!("{} positives", retrained.positives),
    );
    let (s, _) = time(5, || {
        flip(&mut lib);
        lib.train_for_you().unwrap()
    });
    row(
        papers,
        "a star, then train_for_you (retrained and saved)",
        &s,
        "the app's background task",
    );
    let unread = PaperQuery {
        scope: Scope::Unread,
        order: Some(Order::ForYou),
        ..PaperQuery::default()
    };
    let (s, page) = time(20, || lib.papers(&unread).unwrap());
    row(
        papers,
        "Unread sorted For you, first page of 50",
        &s,
        &format!("{} papers", page.total),
    );
    let last_day = start() + chrono::Days::new((papers / 200 - 1) as u64);
    let digest = PaperQuery {
        scope: Scope::Digest(last_day),
        order: Some(Order::ForYou),
        ..PaperQuery::default()
    };
    let (s, page) = time(20, || lib.papers(&digest).unwrap());
    row(
        papers,
        "a digest sorted For you",
        &s,
        &format!("{} papers", page.total),
    );
    let (s, similar) = time(20, || lib.similar(PaperId(papers as i64 / 2), 10).unwrap());
    row(
        papers,
        "similar: 10 nearest of one paper",
        &s,
        &format!("{} found", similar.len()),
    );
    let (s, _) = time(20, || {
        model.similar(PaperId(papers as i64 / 2), 10).unwrap()
    });
    row(
        papers,
        "similar, the model in memory (the app's case)",
        &s,
        "",
    );
}
