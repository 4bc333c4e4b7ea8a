//! `papershelf sources` and `papershelf watch` on real folders and a server
//! on 127.0.0.1.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use papershelf_testserver::{Reply, Server};
use serde_json::json;

use super::Shelf;

fn digest(date: &str, first: u32, n: u32) -> String {
    let mut md = format!("# Papers for {date}\n\n");
    for i in 0..n {
        let id = format!("2510.{:05}", first + i);
        md.push_str(&format!(
            "## {i}.[Paper {id}](https://arxiv.org/abs/{id})\nsummary:**kw** About {id}.\n\n"
        ));
    }
    md
}

#[test]
fn sources_are_added_listed_and_removed() {
    let shelf = Shelf::new();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().display().to_string();
    let added = shelf.json(&["sources", "add", &path, "--recursive"], 0);
    assert_eq!(added["kind"], "folder");
    assert_eq!(added["id"], 1);
    let url = "https://example.org/daily/{yyyymmdd}.md";
    shelf.json(&["sources", "add", url, "--since", "2025-10-01"], 0);
    let list = shelf.json(&["sources", "list"], 0);
    assert_eq!(
        list,
        json!([
            {"id": 1, "kind": "folder", "location": path, "recursive": true, "since": null,
             "last_sync": null, "last_result": null},
            {"id": 2, "kind": "url", "location": url, "recursive": null, "since": "2025-10-01",
             "last_sync": null, "last_result": null},
        ])
    );
    // Mistakes say what to do.
    for (args, says) in [
        (
            vec!["sources", "add", &path],
            "is a source already (number 1)",
        ),
        (
            vec!["sources", "add", "http://example.org/{date}.md"],
            "only https URLs",
        ),
        (
            vec!["sources", "add", &path, "--since", "2025-10-01"],
            "--since is for URL templates",
        ),
        (vec!["sources", "add", "/no/such/folder"], "is not a folder"),
        (
            vec!["sources", "remove", "9"],
            "there is no source number 9",
        ),
    ] {
        let out = shelf.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    shelf.json(&["sources", "remove", "1"], 0);
    let text = shelf.cmd().args(["sources", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("url    https://example.org/daily/{yyyymmdd}.md (from 2025-10-01)"),
        "{text}"
    );
    assert!(text.contains("never synced"), "{text}");
}

#[test]
fn a_sync_imports_once_and_exits_1_while_a_file_fails() {
    let shelf = Shelf::new();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("2025-10-01.md"),
        digest("2025-10-01", 1, 2),
    )
    .unwrap();
    std::fs::write(folder.path().join("x.md~"), digest("2025-10-09", 9, 1)).unwrap();
    let path = folder.path().display().to_string();
    shelf.json(&["sources", "add", &path], 0);
    let synced = shelf.json(&["sources", "sync"], 0);
    assert_eq!(synced[0]["imported"], 1);
    assert_eq!(synced[0]["added"], 2);
    assert_eq!(synced[0]["dates"], json!(["2025-10-01"]));
    let again = shelf.json(&["sources", "sync"], 0);
    assert_eq!(
        (&again[0]["imported"], &again[0]["unchanged"]),
        (&json!(0), &json!(1))
    );

    let bad = folder.path().join("2025-10-02.md");
    std::fs::write(&bad, b"# 2025-10-02\n\n\xfe\n").unwrap();
    let failed = shelf.json(&["sources", "sync"], 1);
    assert_eq!(
        failed[0]["failed"],
        json!([{"file": bad.display().to_string(), "line": 3,
                "message": "not UTF-8 text (an invalid byte at line 3): is this really a Markdown digest?"}])
    );
    let list = shelf.json(&["sources", "list"], 0);
    assert_eq!(list[0]["last_result"]["failed"][0]["line"], 3);
    assert!(list[0]["last_sync"].is_string());
    // Still failing while unchanged; fixed, all is well again.
    shelf.json(&["sources", "sync"], 1);
    std::fs::write(&bad, digest("2025-10-02", 5, 1)).unwrap();
    let fixed = shelf.json(&["sources", "sync"], 0);
    assert_eq!(fixed[0]["imported"], 1);
    let text = shelf.cmd().args(["sources", "sync"]).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout)
        .contains("0 imported (0 new papers), 2 unchanged, 0 failed"));
}

#[test]
fn a_subscription_syncs_from_a_server_and_asks_conditionally() {
    let server = Server::start(|hit| {
        let today = chrono::Local::now().date_naive().to_string();
        if hit.path != format!("/daily/{today}.md") {
            return Reply::status(404);
        }
        if hit.header("if-none-match") == Some("\"v1\"") {
            return Reply::status(304);
        }
        Reply::body(
            200,
            "text/markdown",
            digest(&today, 1, 3).into_bytes().into(),
        )
        .header("etag", "\"v1\"")
    });
    let shelf = Shelf::new();
    let template = format!("{}/daily/{{date}}.md", server.base());
    shelf.json(&["sources", "add", &template], 0);
    let first = shelf.json(&["sources", "sync"], 0);
    assert_eq!(
        (&first[0]["imported"], &first[0]["added"]),
        (&json!(1), &json!(3))
    );
    // A new subscription asks the last 7 days, today included.
    assert_eq!(server.hits().len(), 7);
    let second = shelf.json(&["sources", "sync"], 0);
    assert_eq!(
        (&second[0]["imported"], &second[0]["unchanged"]),
        (&json!(0), &json!(1))
    );
    assert!(server
        .hits()
        .iter()
        .any(|h| h.header("if-none-match") == Some("\"v1\"")));
}

/// `watch` imports a digest copied into the folder within 3 s (debounce
/// included), fetches its papers' metadata after it (`metadata.auto`, as
/// `import` does), and SIGTERM ends it cleanly with exit 0.
#[cfg(unix)]
#[test]
fn watch_imports_a_new_file_and_ends_cleanly_on_sigterm() {
    let shelf = Shelf::new();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().display().to_string();
    shelf.json(&["sources", "add", &path], 0);
    let api = super::metadata::stand_in();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("papershelf"))
        .env_remove("PAPERSHELF_HOME")
        .env("PAPERSHELF_ARXIV_API_BASE", api.base())
        .arg("--library")
        .arg(shelf.dir.path())
        .arg("watch")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    assert!(line.starts_with("Watching 1 folder(s)"), "{line}");
    // Give it a moment to set its watch up (its first catch-up).
    std::thread::sleep(Duration::from_millis(500));
    let written = Instant::now();
    std::fs::write(
        folder.path().join("2025-10-03.md"),
        digest("2025-10-03", 1, 2),
    )
    .unwrap();
    line.clear();
    out.read_line(&mut line).unwrap();
    let took = written.elapsed();
    assert!(
        line.contains("1 imported (2 new papers · 2025-10-03)"),
        "{line}"
    );
    assert!(took < Duration::from_secs(3), "{took:?}");
    line.clear();
    out.read_line(&mut line).unwrap();
    assert!(
        line.contains("arXiv metadata: 2 of 2 papers updated"),
        "{line}"
    );
    assert_eq!(api.hits().len(), 1);
    let shown = shelf.json(&["show", "2510.00001"], 0);
    assert_eq!(shown["authors"][1]["name"], "Wei Zhang", "{shown}");

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(stopping.elapsed() < Duration::from_secs(5), "still running");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
    let digests = shelf.json(&["digests"], 0);
    assert_eq!(digests.as_array().unwrap().len(), 1);
}
