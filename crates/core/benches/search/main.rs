//! Issue 5's benchmarks: reading, marking and searching a synthetic library of
//! 100,000 papers (3,000 digests) or 1,000,000 (30,000 digests), side by side
//! with `rg` over the same digests as Markdown files. Not part of the tests.
//!
//! ```sh
//! cargo bench -p papershelf-core --bench search                      # 100,000 papers
//! cargo bench -p papershelf-core --bench search -- --papers 1000000  # 1,000,000
//! # the searches alone, then the index merged in steps and the searches again:
//! cargo bench -p papershelf-core --bench search -- --searches-only [--runs 50] [--merge-pages 500]
//! ```
//!
//! For a before/after, copy the bench binary of each build
//! (`target/release/deps/search-*`) and run them one after the other with
//! `--bench --searches-only`: both use the same cached library.
//!
//! The library is built once and cached in
//! `$PAPERSHELF_BENCH_DIR` (default `/tmp/papershelf-search-bench`)/`<papers>/`;
//! operations that write run on a copy. Prints a Markdown report.

mod library;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use papershelf_core::synth::Rng;
use papershelf_core::{import, Filter, Library, PaperId, PaperQuery};

use library::{Corpus, Shape};

struct Timing {
    name: String,
    samples: Vec<Duration>,
    note: String,
}

impl Timing {
    fn percentile(&self, p: f64) -> Duration {
        let mut s = self.samples.clone();
        s.sort();
        s[((s.len() - 1) as f64 * p).round() as usize]
    }
}

/// One line of the report's operations table.
fn print_row(t: &Timing) {
    println!(
        "| {} | {} | {} | {} | {} | {} |",
        t.name,
        ms(t.percentile(0.5)),
        ms(t.percentile(0.95)),
        ms(t.percentile(1.0)),
        t.samples.len(),
        t.note
    );
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn time<T>(
    name: &str,
    runs: usize,
    mut f: impl FnMut(usize) -> T,
    note: impl Fn(&T) -> String,
) -> Timing {
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for i in 0..runs {
        let t = Instant::now();
        let out = f(i);
        samples.push(t.elapsed());
        last = Some(out);
    }
    Timing {
        name: name.to_owned(),
        samples,
        note: last.map(|l| note(&l)).unwrap_or_default(),
    }
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn dir_size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Wall time of a shell pipeline (median of `runs`, after one warm-up) and its output.
fn shell(cmd: &str, runs: usize) -> (Duration, String) {
    let run = || {
        let t = Instant::now();
        let out = Command::new("sh").arg("-c").arg(cmd).output().unwrap();
        (
            t.elapsed(),
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        )
    };
    run();
    let mut samples: Vec<(Duration, String)> = (0..runs).map(|_| run()).collect();
    samples.sort_by_key(|(d, _)| *d);
    samples.swap_remove(runs / 2)
}

/// A first page of 20 with highlights and snippets, `runs` times.
fn search_timing(lib: &Library, label: &str, q: &str, f: &Filter, runs: usize) -> Timing {
    time(
        &format!("{label}: `{q}`"),
        runs,
        |_| {
            lib.papers(&PaperQuery {
                text: q.to_owned(),
                filter: f.clone(),
                limit: 20,
                ..PaperQuery::default()
            })
            .unwrap()
        },
        |r| format!("{} hits", r.total),
    )
}

/// How many segments the library's FTS5 index has: the second varint of
/// its structure record (rowid 10), after the cookie and, in the newer
/// format, its 4-byte marker.
fn segments(library: &Path) -> u64 {
    let conn = rusqlite::Connection::open(library.join("library.sqlite3")).unwrap();
    let block: Vec<u8> = conn
        .query_row(
            "SELECT block FROM search_index_data WHERE id = 10",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut at = 4;
    if block[at..].starts_with(&[0xff, 0, 0, 1]) {
        at += 4;
    }
    let mut varint = || {
        let mut v = 0u64;
        loop {
            let b = block[at];
            at += 1;
            v = (v << 7) | u64::from(b & 0x7f);
            if b & 0x80 == 0 {
                return v;
            }
        }
    };
    let _levels = varint();
    varint()
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this
    // binary too, and must not build a library of 100,000 papers.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("the search benchmark runs with `cargo bench -p papershelf-core --bench search`");
        return;
    }
    let papers: usize = arg("--papers").map_or(100_000, |p| p.parse().unwrap());
    let digests: usize = arg("--digests").map_or((papers / 33).max(1), |d| d.parse().unwrap());
    let shape = Shape {
        papers,
        digests,
        seed: 5,
    };
    let cache = PathBuf::from(
        std::env::var("PAPERSHELF_BENCH_DIR")
            .unwrap_or_else(|_| "/tmp/papershelf-search-bench".into()),
    )
    .join(papers.to_string());
    let done = cache.join("complete");
    let mut build_note = String::from("cached from an earlier run");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&cache);
        eprintln!(
            "building {papers} papers in {digests} digests under {}",
            cache.display()
        );
        let took = library::build(&cache, &shape);
        build_note = format!(
            "built in {:.0} s (generate + import + notes/stars/tags)",
            took.as_secs_f64()
        );
        std::fs::write(&done, &build_note).unwrap();
    }
    {
        // Fold the WAL in so the file size is the library's.
        let conn = rusqlite::Connection::open(cache.join("library/library.sqlite3")).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let work = cache.join("work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    std::fs::copy(
        cache.join("library/library.sqlite3"),
        work.join("library.sqlite3"),
    )
    .unwrap();
    let mut lib = Library::open(&work).unwrap();
    let total = lib
        .papers(&PaperQuery {
            limit: 0,
            ..PaperQuery::default()
        })
        .unwrap()
        .total
        .counted();
    let mut rng = Rng::new(99);
    let mut rows: Vec<Timing> = Vec::new();
    // `--searches-only`: the searches alone (for a side-by-side run of two
    // builds on the same library), `--runs N` of each.
    let searches_only = std::env::args().any(|a| a == "--searches-only");
    let runs: usize = arg("--runs").map_or(50, |r| r.parse().unwrap());
    // Pages of merged segments per step of compacting the index.
    let merge_pages: u32 = arg("--merge-pages").map_or(500, |r| r.parse().unwrap());

    let last_day = shape.digest_name(shape.digests - 1).0;
    let days = (last_day - shape.first_day()).num_days() as usize + 1;

    // Reading and marking.
    if !searches_only {
        rows.push(time(
            "list a page of 50 unread (random page of the first 20)",
            200,
            |_| {
                lib.papers(&PaperQuery {
                    filter: Filter {
                        read: Some(false),
                        ..Filter::default()
                    },
                    offset: 50 * rng.below(20),
                    limit: 50,
                    ..PaperQuery::default()
                })
                .unwrap()
            },
            |r| format!("{} unread", r.total),
        ));
        let mut rng2 = Rng::new(7);
        rows.push(time(
            "open a paper (random id)",
            300,
            |_| lib.paper(PaperId(1 + rng2.below(total) as i64)).unwrap(),
            |p| format!("{} entries", p.entries.len()),
        ));
        rows.push(time(
            "mark one paper read (random id)",
            300,
            |_| {
                lib.set_read(&[PaperId(1 + rng2.below(total) as i64)], true)
                    .unwrap()
            },
            |_| String::new(),
        ));
        rows.push(time(
            "mark a whole digest read (random one of the last 1,000 days)",
            50,
            |_| {
                let day = last_day - chrono::Days::new(rng2.below(days.min(1000)) as u64);
                lib.mark_digest_read(day).unwrap()
            },
            |ids| format!("{} papers changed in the last", ids.len()),
        ));
        let mut restore: Vec<PaperId> = lib.mark_all_read().unwrap();
        let mut alone = Vec::new();
        for _ in 0..3 {
            lib.set_read(&restore, false).unwrap();
            let t = Instant::now();
            restore = lib.mark_all_read().unwrap();
            alone.push(t.elapsed());
        }
        rows.push(Timing {
            name: "mark all read".into(),
            samples: alone,
            note: format!("{} papers", restore.len()),
        });
        lib.set_read(&restore, false).unwrap();
    }

    // Searches: (label, query, rg pipeline over the digests).
    let digests_dir = cache.join("digests");
    let d = digests_dir.display().to_string();
    let searches: Vec<(&str, &str, String)> = vec![
        (
            "search an English word",
            "reward",
            format!("rg -i reward {d} | wc -l"),
        ),
        (
            "search an English prefix",
            "quant",
            format!("rg -i quant {d} | wc -l"),
        ),
        (
            "search a 2-character Chinese term",
            "奖励",
            format!("rg 奖励 {d} | wc -l"),
        ),
        (
            "search a 4-character Chinese term",
            "强化学习",
            format!("rg 强化学习 {d} | wc -l"),
        ),
        (
            "search a mixed multi-term query",
            "RLVR 奖励 reasoning",
            format!("rg -i rlvr {d} | rg 奖励 | rg -i reasoning | wc -l"),
        ),
        (
            "search a rare 7-character term",
            "蒙特卡洛树搜索",
            format!("rg 蒙特卡洛树搜索 {d} | wc -l"),
        ),
    ];
    let mut search_rows = Vec::new();
    for (label, q, rg) in &searches {
        let t = search_timing(&lib, label, q, &Filter::default(), runs);
        let (rg_time, rg_out) = if searches_only {
            (Duration::ZERO, String::new())
        } else {
            shell(rg, 5)
        };
        search_rows.push((t, rg_time, rg_out));
    }
    let since = last_day - chrono::Days::new(365);
    let filtered = [
        (
            "search + unread + has note",
            "强化学习",
            Filter {
                read: Some(false),
                has_note: Some(true),
                ..Filter::default()
            },
        ),
        (
            "search + last year + starred",
            "reward",
            Filter {
                since: Some(since),
                starred: Some(true),
                ..Filter::default()
            },
        ),
        (
            "search + keyword + tag",
            "模型",
            Filter {
                keyword: Some("强化学习".into()),
                tags: vec!["精读".into()],
                ..Filter::default()
            },
        ),
        (
            "filters alone: unread + has note + last year",
            "",
            Filter {
                read: Some(false),
                has_note: Some(true),
                since: Some(since),
                ..Filter::default()
            },
        ),
    ];
    for (label, q, f) in &filtered {
        rows.push(search_timing(&lib, label, q, f, runs));
    }

    if searches_only {
        println!("| query | p50 ms | p95 ms | max ms | runs | note |");
        println!("|---|---:|---:|---:|---:|---|");
        for (t, _, _) in &search_rows {
            print_row(t);
        }
        for r in &rows {
            print_row(r);
        }
        // The index compacted in bounded steps (as the app does when
        // idle), then the same searches again, in the same run.
        let segments_before = segments(&work);
        let mut steps = Vec::new();
        let started = Instant::now();
        loop {
            let t = Instant::now();
            let done = lib.merge_search_index(merge_pages).unwrap();
            steps.push(t.elapsed());
            if done {
                break;
            }
        }
        let merging = started.elapsed();
        steps.sort();
        println!(
            "\nMerged the index from {segments_before} segments to {} in {} steps of {merge_pages} pages: \
             {:.1} s in all, a step p50 {} ms, max {} ms. The same searches after:\n",
            segments(&work),
            steps.len(),
            merging.as_secs_f64(),
            ms(steps[steps.len() / 2]),
            ms(steps[steps.len() - 1]),
        );
        println!("| query | p50 ms | p95 ms | max ms | runs | note |");
        println!("|---|---:|---:|---:|---:|---|");
        for (label, q, _) in &searches {
            print_row(&search_timing(&lib, label, q, &Filter::default(), runs));
        }
        for (label, q, f) in &filtered {
            print_row(&search_timing(&lib, label, q, f, runs));
        }
        return;
    }
    // Importing one new digest of 33 new papers.
    let corpus = Corpus::from_sample();
    let mut rng3 = Rng::new(1234);
    let mut n = 0;
    rows.push(time(
        "import one new digest (33 new papers)",
        5,
        |_| {
            n += 1;
            let text = library::digest_text(
                &mut rng3,
                &corpus,
                &Shape {
                    papers: 33,
                    digests: 1,
                    seed: 0,
                },
                0,
                90_000 + 33 * n,
                33,
            )
            .replace(
                "# Papers for 2017-01-01",
                &format!("# Papers for {}", last_day + chrono::Days::new(n as u64)),
            );
            let r = import::import_bytes(
                &mut lib,
                "new.md",
                &format!("new-{n}.md"),
                None,
                text.as_bytes(),
                None,
            );
            assert!(r.error.is_none(), "{r:?}");
            r.added
        },
        |a| format!("{a} added"),
    ));

    // The CLI end to end, as a person runs it (process start, open, search, print).
    let exe = std::env::var("PAPERSHELF_BIN").ok().map(PathBuf::from);

    drop(lib);
    let db = cache.join("library/library.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let fts: i64 = conn
        .query_row(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_index%'",
            [],
            |r| r.get(0),
        )
        .unwrap_or(0);
    let db_size = std::fs::metadata(&db).unwrap().len();
    let md_size = dir_size(&digests_dir);

    // The report.
    let date = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let rg_version = Command::new("rg")
        .arg("--version")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .to_owned()
        })
        .unwrap_or_default();
    println!("### {papers} papers in {digests} digests ({date})\n");
    println!(
        "Machine: {cpu}, {} cores; {rg_version}. Library {build_note}.\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| operation | p50 ms | p95 ms | max ms | runs | note |");
    println!("|---|---:|---:|---:|---:|---|");
    for r in &rows[..5] {
        print_row(r);
    }
    for (t, _, _) in &search_rows {
        print_row(t);
    }
    for r in &rows[5..] {
        print_row(r);
    }
    println!("\nSide by side with `rg` over the same library as {} Markdown files ({:.0} MB), warm cache, median of 5:\n", digests, md_size as f64 / 1e6);
    println!("| query | papershelf p95 ms (first page of 20, with snippets) | rg ms | rg / papershelf | rg matching lines | papershelf hits |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (t, rg, out) in &search_rows {
        let p95 = t.percentile(0.95);
        println!(
            "| {} | {} | {} | {:.0}x | {} | {} |",
            t.name,
            ms(p95),
            ms(*rg),
            rg.as_secs_f64() / p95.as_secs_f64(),
            out,
            t.note
        );
    }
    if let Some(exe) = exe {
        println!("\nThe CLI end to end (`papershelf search Q --json`, a new process each time, median of 5):\n");
        println!("| query | papershelf CLI ms | rg ms | rg / CLI |");
        println!("|---|---:|---:|---:|");
        for ((_, q, _), (_, rg, _)) in searches.iter().zip(&search_rows) {
            let cmd = format!(
                "{} --library {} search --json '{q}' > /dev/null",
                exe.display(),
                cache.join("library").display()
            );
            let (cli, _) = shell(&cmd, 5);
            println!(
                "| `{q}` | {} | {} | {:.0}x |",
                ms(cli),
                ms(*rg),
                rg.as_secs_f64() / cli.as_secs_f64()
            );
        }
    }
    println!("\nOn disk: library {:.0} MB, of which the search index {:.0} MB; the Markdown digests {:.0} MB.", db_size as f64 / 1e6, fts as f64 / 1e6, md_size as f64 / 1e6);
}
