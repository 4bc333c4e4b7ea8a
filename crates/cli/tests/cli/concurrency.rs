//! Several `papershelf` processes writing one library at once: no command
//! fails with "database is locked" and no acknowledged write is lost.
//! (Issue 17 §0: appends read the note outside the write transaction and
//! lost 127 of 200 lines; `tag` upgraded a read transaction and failed at once.)

use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use papershelf_core::{import, Library, PaperId, PaperQuery};

use crate::Shelf;

/// One writer: runs `command(i)` for i = 0, 1, … while `more(i)` holds, and
/// returns the failed runs' output.
fn writer(
    shelf: &Shelf,
    more: impl Fn(usize) -> bool,
    command: impl Fn(usize) -> Vec<String>,
) -> Vec<String> {
    let mut failures = Vec::new();
    let mut i = 0;
    while more(i) {
        let args = command(i);
        let out: Output = shelf.cmd().args(&args).output().unwrap();
        if !out.status.success() {
            failures.push(format!(
                "papershelf {args:?}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        i += 1;
    }
    failures
}

/// A writer to run on a thread of its own.
type Job<'a> = Box<dyn FnOnce() -> Vec<String> + Send + 'a>;

/// Runs the writers at once; returns every failure.
fn in_parallel(jobs: Vec<Job<'_>>) -> Vec<String> {
    thread::scope(|s| {
        let handles: Vec<_> = jobs.into_iter().map(|job| s.spawn(job)).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// Every line appended to paper 1's note, as the note has them.
fn note_lines(shelf: &Shelf) -> Vec<String> {
    let note = shelf.json(&["note", "1"], 0);
    note["text"]
        .as_str()
        .unwrap_or_default()
        .split("\n\n")
        .map(str::to_owned)
        .collect()
}

#[test]
fn concurrent_note_appends_keep_every_line() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let shelf = &shelf;
    let failures = in_parallel(
        (0..4)
            .map(|w| -> Job<'_> {
                Box::new(move || {
                    writer(
                        shelf,
                        |i| i < 50,
                        |i| strings(&["note", "1", "--append", &format!("line {w}-{i}")]),
                    )
                })
            })
            .collect(),
    );
    assert_eq!(failures, Vec::<String>::new());
    let lines = note_lines(shelf);
    for w in 0..4 {
        for i in 0..50 {
            let line = format!("line {w}-{i}");
            assert!(lines.contains(&line), "{line} was lost");
        }
    }
    assert_eq!(lines.len(), 200);
}

#[test]
fn tagging_waits_for_a_busy_library_instead_of_failing() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let shelf = &shelf;
    let tagger = |w: usize| -> Job<'_> {
        Box::new(move || {
            writer(
                shelf,
                |i| i < 25,
                |i| {
                    let verb = if i % 2 == 0 { "tag" } else { "untag" };
                    let paper = (i / 2 % 10 + 1).to_string();
                    strings(&[verb, &paper, &format!("t{w}")])
                },
            )
        })
    };
    let appender = |w: usize| -> Job<'_> {
        Box::new(move || {
            writer(
                shelf,
                |i| i < 25,
                |i| strings(&["note", "2", "--append", &format!("{w}-{i}")]),
            )
        })
    };
    let failures = in_parallel(vec![tagger(0), tagger(1), appender(0), appender(1)]);
    assert_eq!(failures, Vec::<String>::new());
}

/// A digest of its own for each import, so every import writes.
fn digest_text(n: usize) -> String {
    let mut text = String::from("# Papers\n\n");
    for k in 0..5 {
        let id = format!("2401.{:05}", (n * 5 + k) % 99_999 + 1);
        text.push_str(&format!(
            "## {k}.[Stress paper {n}-{k}](https://arxiv.org/pdf/{id})\nsummary:**关键词, stress** text {n}\n\n"
        ));
    }
    text
}

/// What the app's path did beside the CLI writers.
#[derive(Debug, Default)]
struct AppPath {
    failures: Vec<String>,
    /// Lines it appended to paper 1's note (the CLI writers' note too).
    appended: Vec<String>,
    /// The text it last saved in paper 3's note (only it writes that one).
    saved: String,
    rounds: usize,
}

/// The desktop app's path: one `Library` opened once and kept (as
/// `src-tauri/src/state.rs` does), calling the core functions its commands
/// call, in a loop: a note saved whole (autosave) and a line appended, read
/// and star marks, tags added and removed, a digest imported from bytes, a
/// list read and `data_version` polled (the watcher).
fn app_path(dir: &std::path::Path, more: impl Fn(usize) -> bool) -> AppPath {
    let mut lib = Library::open(dir).unwrap();
    let mut done = AppPath::default();
    let mut i = 0;
    while more(i) {
        let paper = PaperId((i % 20 + 2) as i64);
        let line = format!("app line {i}");
        if done.ok("append_note", lib.append_note(PaperId(1), &line)) {
            done.appended.push(line);
        }
        let saved = format!("{}app save {i}\n", done.saved);
        if done.ok("set_note", lib.set_note(PaperId(3), &saved)) {
            done.saved = saved;
        }
        done.ok("set_read", lib.set_read(&[paper], i % 2 == 0));
        done.ok("set_starred", lib.set_starred(paper, i % 2 == 0));
        done.ok("add_tags", lib.add_tags(paper, &["app".to_owned()]));
        done.ok("remove_tags", lib.remove_tags(paper, &["app".to_owned()]));
        let report = import::import_bytes(
            &mut lib,
            "app.md",
            &format!("app-{i}.md"),
            None,
            digest_text(1_000_000 + i).as_bytes(),
            chrono::NaiveDate::from_ymd_opt(2024, 2, 1),
        );
        done.ok("import_bytes", report.error.map_or(Ok(()), Err));
        done.ok("data_version", lib.data_version());
        done.ok("papers", lib.papers(&PaperQuery::default()));
        i += 1;
    }
    done.rounds = i;
    done
}

impl AppPath {
    /// Whether a step succeeded; a failure is kept.
    fn ok<T, E: std::fmt::Display>(&mut self, what: &str, result: Result<T, E>) -> bool {
        match result {
            Ok(_) => true,
            Err(e) => {
                self.failures.push(format!("app {what}: {e}"));
                false
            }
        }
    }
}

/// Issue 17 §0.2 and §4: four writers of every kind (note appends, tags,
/// marks, stars, imports) and the app's path (one long-lived `Library`
/// doing the same) for `PAPERSHELF_STRESS_SECS` seconds (60 by default),
/// 0 failed commands, 0 lost lines. Long, and it keeps both cores busy, so
/// `scripts/test` runs it alone after the other tests.
#[test]
#[ignore = "the 60 s stress run: scripts/test runs it on its own"]
fn stress_four_writers_of_every_kind() {
    let secs: u64 = std::env::var("PAPERSHELF_STRESS_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let files = tempfile::tempdir().unwrap();
    let end = Instant::now() + Duration::from_secs(secs);
    let more = |_: usize| Instant::now() < end;
    let imports = AtomicUsize::new(0);
    let appended = AtomicUsize::new(0);
    let app = std::sync::Mutex::new(AppPath::default());
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for w in 0..4 {
        let (shelf, files, imports, appended) = (&shelf, &files, &imports, &appended);
        jobs.push(Box::new(move || {
            writer(shelf, more, |i| {
                appended.fetch_add(1, Ordering::Relaxed);
                strings(&["note", "1", "--append", &format!("line {w}-{i}")])
            })
        }));
        jobs.push(Box::new(move || {
            writer(shelf, more, |i| {
                // Tag a paper, then untag the same one: untag always
                // names a tag the library has.
                let verb = if i % 2 == 0 { "tag" } else { "untag" };
                let paper = (i / 2 % 20 + 2).to_string();
                strings(&[verb, &paper, &format!("w{w}")])
            })
        }));
        jobs.push(Box::new(move || {
            writer(shelf, more, |i| {
                let state = if i % 2 == 0 { "read" } else { "unread" };
                strings(&["mark", state, &(i % 30 + 1).to_string()])
            })
        }));
        jobs.push(Box::new(move || {
            writer(shelf, more, |i| {
                let verb = if i % 2 == 0 { "star" } else { "unstar" };
                strings(&[verb, &(i % 30 + 1).to_string()])
            })
        }));
        jobs.push(Box::new(move || {
            writer(shelf, more, |_| {
                let n = imports.fetch_add(1, Ordering::Relaxed);
                let path = files.path().join(format!("stress-{n}.md"));
                std::fs::write(&path, digest_text(n)).unwrap();
                let date = format!("2024-01-{:02}", n % 28 + 1);
                strings(&["import", "--date", &date, &path.display().to_string()])
            })
        }));
    }
    let (dir, app_done) = (shelf.dir.path(), &app);
    jobs.push(Box::new(move || {
        let done = app_path(dir, more);
        let failures = done.failures.clone();
        *app_done.lock().unwrap() = done;
        failures
    }));
    let failures = in_parallel(jobs);
    let (appended, imports) = (appended.into_inner(), imports.into_inner());
    let app = app.into_inner().unwrap();
    eprintln!(
        "{secs} s, 20 writers and the app's path: {appended} appends, {imports} imports; the app {} rounds of 9 calls, {} appends; {} failed",
        app.rounds,
        app.appended.len(),
        failures.len()
    );
    assert_eq!(failures, Vec::<String>::new());
    let lines = note_lines(&shelf);
    assert_eq!(lines.len(), appended + app.appended.len());
    for line in &app.appended {
        assert!(lines.contains(line), "the app's {line} was lost");
    }
    assert_eq!(shelf.json(&["note", "3"], 0)["text"], app.saved.as_str());
}
