//! `papershelf fetch`, `pdf`, `open` and `cache` against a local HTTP server
//! on 127.0.0.1, including a fetch killed midway. Nothing reaches the internet.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use papershelf_testserver::{pdf_body, Delivery, Reply, Server};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

const IDS: [&str; 2] = ["2509.25454", "2510.01051"];

/// A library with a digest of two papers, and the CLI pointed at a server.
struct Shelf {
    dir: tempfile::TempDir,
    base: String,
}

impl Shelf {
    fn new(server: &Server) -> Shelf {
        let shelf = Shelf {
            dir: tempfile::tempdir().unwrap(),
            base: server.base(),
        };
        let digest = shelf.dir.path().join("2025-10-03.md");
        let mut md = String::from("# Papers for 2025-10-03\n\n");
        for (i, id) in IDS.iter().enumerate() {
            md.push_str(&format!(
                "## {i}.[Paper {id}](https://arxiv.org/pdf/{id})\nsummary:**kw** About {id}.\n\n"
            ));
        }
        std::fs::write(&digest, md).unwrap();
        shelf.run(&["import", digest.to_str().unwrap()], 0);
        shelf
    }

    fn library(&self) -> PathBuf {
        self.dir.path().join("library")
    }

    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("papershelf").unwrap();
        c.env_remove("PAPERSHELF_HOME")
            .env("PAPERSHELF_ARXIV_BASE", &self.base)
            .env("PAPERSHELF_ARXIV_API_BASE", "http://127.0.0.1:9")
            .env("PAPERSHELF_ARXIV_DELAY_MS", "0")
            .arg("--library")
            .arg(self.library());
        c
    }

    /// Runs the CLI; asserts the exit code; returns (stdout, stderr).
    fn run(&self, args: &[&str], code: i32) -> (String, String) {
        let out = self.cmd().args(args).output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert_eq!(
            out.status.code(),
            Some(code),
            "papershelf {args:?}\nstdout: {stdout}\nstderr: {stderr}"
        );
        (stdout, stderr)
    }

    fn json(&self, args: &[&str], code: i32) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.run(&all, code).0).unwrap()
    }

    fn has_pdf(&self) -> Vec<(String, bool)> {
        pdf_flags(&self.json(&["list"], 0))
    }
}

fn sha256(path: &Path) -> String {
    use sha2::{Digest as _, Sha256};
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn fetch_then_pdf_list_cache_open_and_rm() {
    let pdf = std::fs::read(fixture("pdfs/tiny.pdf")).unwrap();
    let body: Arc<[u8]> = Arc::from(pdf.clone());
    let server = Server::start(move |_| Reply::pdf(body.clone()));
    let shelf = Shelf::new(&server);

    let (stdout, stderr) = shelf.run(&["fetch", IDS[0]], 0);
    assert!(
        stdout.contains("2509.25454: downloaded (600 B)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 downloaded, 0 already cached"),
        "{stderr}"
    );
    assert_eq!(server.hits().len(), 1);
    assert_eq!(server.hits()[0].path, "/pdf/2509.25454");

    let (path, _) = shelf.run(&["pdf", IDS[0]], 0);
    let path = PathBuf::from(path.trim());
    assert_eq!(
        path,
        shelf
            .library()
            .canonicalize()
            .unwrap()
            .join("pdfs/2509.25454.pdf")
    );
    assert_eq!(std::fs::read(&path).unwrap(), pdf);
    assert_eq!(
        shelf.has_pdf(),
        [(IDS[0].to_owned(), true), (IDS[1].to_owned(), false)]
    );
    // `search` and `show` say the same as `list`.
    let with_pdf = shelf.json(&["search", "--has-pdf"], 0);
    assert_eq!(with_pdf["total"], 1);
    assert_eq!(with_pdf["results"][0]["arxiv_id"], IDS[0]);
    assert_eq!(with_pdf["results"][0]["has_pdf"], true);
    let searched = shelf.json(&["search", "About"], 0);
    let searched = pdf_flags(&searched["results"]);
    assert_eq!(searched.len(), 2);
    for (id, has) in [(IDS[0], true), (IDS[1], false)] {
        assert!(searched.contains(&(id.to_owned(), has)), "{searched:?}");
        assert_eq!(shelf.json(&["show", id], 0)["has_pdf"], has, "{id}");
    }
    let summary = shelf.json(&["cache"], 0);
    assert_eq!(
        (summary["count"].as_u64(), summary["bytes"].as_u64()),
        (Some(1), Some(600))
    );
    let (text, _) = shelf.run(&["cache"], 0);
    assert!(text.starts_with("1 PDF(s), 600 B in "), "{text}");

    // Again: nothing is downloaded twice.
    let report = shelf.json(&["fetch", IDS[0]], 0);
    assert_eq!(report["papers"][0]["status"], "cached");
    assert_eq!(server.hits().len(), 1);

    // `open` hands the cached file to the system's opener, here a stand-in.
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    make_executable(&opener);
    let path_var = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = shelf
        .cmd()
        .env("PATH", &path_var)
        .args(["open", IDS[0]])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        path.display().to_string()
    );

    let (text, _) = shelf.run(&["cache", "rm", IDS[0]], 0);
    assert_eq!(text, "removed 1 PDF(s), 600 B\n");
    assert!(!path.exists());
    let (_, stderr) = shelf.run(&["pdf", IDS[0]], 1);
    assert!(stderr.contains("not in the cache"), "{stderr}");
    assert!(stderr.contains("papershelf fetch 2509.25454"), "{stderr}");

    std::fs::remove_file(&opened).unwrap();
    let out = shelf
        .cmd()
        .env("PATH", &path_var)
        .args(["open", IDS[0]])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!opened.exists(), "nothing outside the cache is opened");
    assert_eq!(shelf.has_pdf()[0], (IDS[0].to_owned(), false));
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn fetch_a_digest_and_delete_its_pdfs() {
    let server = Server::start(|_| Reply::pdf(pdf_body(4096)));
    let shelf = Shelf::new(&server);
    let (stdout, _) = shelf.run(&["fetch", "--digest", "2025-10-03"], 0);
    assert!(stdout.contains("[1/2] 2509.25454: downloaded"), "{stdout}");
    assert!(stdout.contains("[2/2] 2510.01051: downloaded"), "{stdout}");
    assert_eq!(server.hits().len(), 2);
    let removed = shelf.json(&["cache", "rm", "--digest", "2025-10-03"], 0);
    assert_eq!(removed["removed"].as_array().unwrap().len(), 2);
    assert_eq!(removed["bytes"].as_u64(), Some(8192));
    assert_eq!(shelf.json(&["cache"], 0)["count"].as_u64(), Some(0));
}

#[test]
fn failures_are_reported_per_paper_and_in_the_exit_code() {
    let server = Server::start(|hit| {
        if hit.path == "/pdf/2510.01051" {
            Reply::status(404)
        } else {
            Reply::pdf(pdf_body(4096))
        }
    });
    let shelf = Shelf::new(&server);
    let report = shelf.json(&["fetch", "--unread"], 1);
    let papers = report["papers"].as_array().unwrap();
    assert_eq!(papers[0]["status"], "downloaded");
    assert_eq!(papers[1]["status"], "failed");
    assert!(
        papers[1]["error"].as_str().unwrap().contains("404"),
        "{report:#}"
    );
    let (_, stderr) = shelf.run(&["fetch", "--starred"], 0);
    assert!(stderr.contains("no papers to fetch"), "{stderr}");
}

#[test]
fn a_bad_base_setting_is_refused_with_what_was_expected() {
    let server = Server::start(|_| Reply::status(500));
    let shelf = Shelf::new(&server);
    let out = shelf
        .cmd()
        .env("PAPERSHELF_ARXIV_BASE", "ftp://mirror.example")
        .args(["fetch", IDS[0]])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("PAPERSHELF_ARXIV_BASE"), "{stderr}");
    assert!(server.hits().is_empty());
}

#[test]
fn fetch_uses_the_library_pdf_base_and_the_environment_wins_over_it() {
    let pdf = std::fs::read(fixture("pdfs/tiny.pdf")).unwrap();
    let body: Arc<[u8]> = Arc::from(pdf);
    let server = Server::start(move |_| Reply::pdf(body.clone()));
    let shelf = Shelf::new(&server);
    let without_env = |args: &[&str]| {
        let out = shelf
            .cmd()
            .env_remove("PAPERSHELF_ARXIV_BASE")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), stderr)
    };

    // Without a setting or the variable, fetch would go to arXiv: set the
    // library's base to the local server instead.
    assert_eq!(without_env(&["config", "pdf-base", &shelf.base]).0, Some(0));
    let (code, stderr) = without_env(&["fetch", IDS[0]]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(server.hits_on(&format!("/pdf/{}", IDS[0])).len(), 1);

    // The variable wins: pointed at a closed port, the stored base is not used.
    let out = shelf
        .cmd()
        .env("PAPERSHELF_ARXIV_BASE", "http://127.0.0.1:9")
        .args(["fetch", IDS[1]])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("127.0.0.1:9"));
    assert!(server.hits_on(&format!("/pdf/{}", IDS[1])).is_empty());

    // A stored base edited by hand into nonsense is refused by name, before any request.
    let db = rusqlite::Connection::open(shelf.library().join("library.sqlite3")).unwrap();
    db.execute(
        "UPDATE settings SET value = 'ftp://mirror.example' WHERE key = 'pdf-base'",
        [],
    )
    .unwrap();
    drop(db);
    let (code, stderr) = without_env(&["fetch", IDS[1]]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("pdf-base=`ftp://mirror.example`"),
        "{stderr}"
    );
    assert!(server.hits_on(&format!("/pdf/{}", IDS[1])).is_empty());
}

#[test]
fn a_fetch_killed_midway_records_no_pdf_and_the_next_fetch_completes_it() {
    let body = pdf_body(2 * 1024 * 1024);
    let slow = Arc::new(AtomicBool::new(true));
    let (full, is_slow) = (body.clone(), slow.clone());
    let server = Server::start(move |hit| {
        let reply = Reply::ranged(hit, full.clone(), "\"v1\"");
        if is_slow.load(Ordering::SeqCst) {
            reply.delivery(Delivery::Trickle {
                chunk: 16 * 1024,
                pause: Duration::from_millis(50),
            })
        } else {
            reply
        }
    });
    let shelf = Shelf::new(&server);
    let part = shelf.library().join("pdfs/2509.25454.pdf.part");
    let pdf = shelf.library().join("pdfs/2509.25454.pdf");

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("papershelf"))
        .env_remove("PAPERSHELF_HOME")
        .env("PAPERSHELF_ARXIV_BASE", &shelf.base)
        .env("PAPERSHELF_ARXIV_API_BASE", "http://127.0.0.1:9")
        .env("PAPERSHELF_ARXIV_DELAY_MS", "0")
        .arg("--library")
        .arg(shelf.library())
        .args(["fetch", IDS[0]])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::fs::metadata(&part).map_or(0, |m| m.len()) < 64 * 1024 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the download never got going"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(!pdf.exists(), "a killed download leaves no PDF");
    assert_eq!(shelf.has_pdf()[0], (IDS[0].to_owned(), false));
    shelf.run(&["pdf", IDS[0]], 1);
    let kept = std::fs::metadata(&part).unwrap().len();
    assert!(kept > 0 && kept < body.len() as u64);

    slow.store(false, Ordering::SeqCst);
    let (stdout, _) = shelf.run(&["fetch", IDS[0]], 0);
    assert!(
        stdout.contains("2509.25454: downloaded (2.0 MB)"),
        "{stdout}"
    );
    let expected = {
        use sha2::{Digest as _, Sha256};
        hex::encode(Sha256::digest(&body))
    };
    assert_eq!(sha256(&pdf), expected);
    assert!(!part.exists());
    assert_eq!(shelf.has_pdf()[0], (IDS[0].to_owned(), true));
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    let range = hits[1].header("range").unwrap();
    let from: u64 = range
        .strip_prefix("bytes=")
        .and_then(|r| r.strip_suffix('-'))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(from, kept, "resumed from the bytes on disk");
}

/// Each paper of a JSON list with whether it has a PDF.
fn pdf_flags(papers: &Value) -> Vec<(String, bool)> {
    papers
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["arxiv_id"].as_str().unwrap().to_owned(),
                p["has_pdf"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// Puts `bytes` in the cache as `id`'s PDF the way a Papershelf from before
/// PDF text did: a file and its `pdfs` row, no text read.
fn cache_as_before(shelf: &Shelf, id: &str, bytes: &[u8]) {
    let relative = format!("pdfs/{id}.pdf");
    let path = shelf.library().join(&relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let db = rusqlite::Connection::open(shelf.library().join("library.sqlite3")).unwrap();
    db.execute(
        "INSERT INTO pdfs (paper_id, path, version, size, sha256, fetched_at)
         SELECT id, ?2, NULL, ?3, ?4, '2025-10-04T00:00:00Z' FROM papers WHERE arxiv_id = ?1",
        rusqlite::params![id, relative, bytes.len() as i64, sha256(&path)],
    )
    .unwrap();
}

#[test]
fn a_fetched_pdf_is_searched_by_page_and_reindex_pdfs_reads_the_older_ones() {
    use papershelf_testserver::pdf::pdf;
    let fetched: Arc<[u8]> = Arc::from(pdf(&[
        &["Front page."],
        &["The glimmerwort lem-", "ma holds."],
    ]));
    let server = Server::start(move |_| Reply::pdf(fetched.clone()));
    let shelf = Shelf::new(&server);
    let third = shelf.dir.path().join("2025-10-04.md");
    std::fs::write(
        &third,
        "# Papers for 2025-10-04\n\n## 1.[Scanned](https://arxiv.org/pdf/2511.00001)\nsummary: Pictures.\n",
    )
    .unwrap();
    shelf.run(&["import", third.to_str().unwrap()], 0);

    // Downloaded: its text is searchable at once, the hit saying its page.
    shelf.run(&["fetch", IDS[0]], 0);
    let found = shelf.json(&["search", "glimmerwort lemma"], 0);
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["results"][0]["arxiv_id"], IDS[0]);
    let snippet = &found["results"][0]["snippet"];
    assert_eq!(
        (&snippet["source"], &snippet["page"]),
        (&"pdf".into(), &2.into()),
        "{snippet}"
    );
    let hits: Vec<&str> = snippet["fragments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["hit"] == true)
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert_eq!(hits, ["glimmerwort", "lemma"], "{snippet}");
    let (text, _) = shelf.run(&["search", "glimmerwort"], 0);
    assert!(
        text.contains("PDF p. 2: The **glimmerwort** lemma holds."),
        "{text}"
    );
    // A summary's hit still says so.
    let about = shelf.json(&["search", "About"], 0);
    assert_eq!(about["results"][0]["snippet"]["source"], "summary");
    assert_eq!(about["results"][0]["snippet"]["page"], Value::Null);

    // PDFs cached before Papershelf read their text: found only after reindex --pdfs.
    cache_as_before(
        &shelf,
        IDS[1],
        &pdf(&[&["Nothing here."], &["Only gadzooks."]]),
    );
    cache_as_before(&shelf, "2511.00001", &pdf(&[&[]]));
    assert_eq!(shelf.json(&["search", "gadzooks"], 0)["total"], 0);
    let (out, err) = shelf.run(&["reindex", "--pdfs"], 0);
    assert!(
        err.contains(&format!("[1/2] {}: 2 page(s) read in", IDS[1])),
        "{err}"
    );
    assert!(
        err.contains("[2/2] 2511.00001: no text (no_text); it is not tried again"),
        "{err}"
    );
    assert!(
        out.contains("Read the text of 1 PDF(s): 3 page(s) in")
            && out.contains("1 without text, 0 failed"),
        "{out}"
    );
    let found = shelf.json(&["search", "gadzooks"], 0);
    assert_eq!(found["results"][0]["arxiv_id"], IDS[1]);
    assert_eq!(found["results"][0]["snippet"]["page"], 2);

    // Nothing is read twice, the unreadable one included.
    let again = shelf.json(&["reindex", "--pdfs"], 0);
    assert_eq!(again["with_text"], 0, "{again}");
    assert_eq!(again["unreadable"], serde_json::json!([]));
    assert_eq!(again["failed"], serde_json::json!([]));
    let (_, check) = shelf.run(&["check"], 0);
    assert!(!check.contains("problem"), "{check}");
}
