//! What `import` does with input that is not a digest of sensible size:
//! endless files and standard input stop at the cap with a message, and a
//! folder's FIFOs are not opened.

use std::time::{Duration, Instant};

use crate::{file, Shelf};

const TOO_BIG: &str = "is larger than 64 MB: a digest is at most 64 MB; split the file";

#[cfg(target_os = "linux")]
#[test]
fn importing_dev_zero_stops_at_the_cap_with_what_to_do() {
    let shelf = Shelf::new();
    let started = Instant::now();
    let out = shelf.cmd().args(["import", "/dev/zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("/dev/zero: error: the file {TOO_BIG}")),
        "{stdout}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[cfg(target_os = "linux")]
#[test]
fn endless_standard_input_stops_at_the_cap_with_what_to_do() {
    let shelf = Shelf::new();
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_papershelf"))
        .env_remove("PAPERSHELF_HOME")
        .arg("--library")
        .arg(shelf.dir.path())
        .args(["--json", "import", "-"])
        .stdin(zero)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        file(&report)["error"].as_str().unwrap(),
        format!("standard input {TOO_BIG}")
    );
    assert!(shelf.json(&["digests"], 0).as_array().unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn a_fifo_inside_a_folder_is_skipped_not_waited_on() {
    let shelf = Shelf::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::fixture("2025-10-03.md"),
        dir.path().join("2025-10-03.md"),
    )
    .unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("waiting.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let out = shelf
        .cmd()
        .args(["--json", "import", dir.path().to_str().unwrap()])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("2025-10-03.md"));
}
