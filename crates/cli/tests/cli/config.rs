//! `config pdf-base`: the library's PDF source, shown, set, reset and refused.

use serde_json::{json, Value};

use crate::Shelf;

/// `config pdf-base ARGS --json` without the environment's base; asserts the exit code.
fn pdf_base(shelf: &Shelf, args: &[&str], code: i32) -> Value {
    let out = shelf
        .cmd()
        .env_remove("PAPERSHELF_ARXIV_BASE")
        .args(["--json", "config", "pdf-base"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What `config pdf-base` prints, without the environment's base.
fn shown(shelf: &Shelf) -> String {
    let out = shelf
        .cmd()
        .env_remove("PAPERSHELF_ARXIV_BASE")
        .args(["config", "pdf-base"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_base_is_shown_set_and_reset() {
    let shelf = Shelf::new();
    let default = json!({"pdf_base": null, "effective": "https://arxiv.org", "source": "default"});
    assert_eq!(pdf_base(&shelf, &[], 0), default);

    let set = json!({"pdf_base": "https://export.arxiv.org", "effective": "https://export.arxiv.org", "source": "library"});
    assert_eq!(pdf_base(&shelf, &["https://export.arxiv.org/"], 0), set);
    // Kept in the library: a later run sees it.
    assert_eq!(pdf_base(&shelf, &[], 0), set);
    assert_eq!(
        shown(&shelf),
        "https://export.arxiv.org (set in the library)\n"
    );

    assert_eq!(pdf_base(&shelf, &["--reset"], 0), default);
    assert_eq!(shown(&shelf), "https://arxiv.org (the default)\n");
}

#[test]
fn the_environment_wins_over_the_library_setting_and_says_so() {
    let shelf = Shelf::new();
    pdf_base(&shelf, &["http://127.0.0.1:9/mirror"], 0);
    let out = shelf
        .cmd()
        .env("PAPERSHELF_ARXIV_BASE", "https://export.arxiv.org")
        .args(["config", "pdf-base"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "https://export.arxiv.org (from PAPERSHELF_ARXIV_BASE, which wins over the library's http://127.0.0.1:9/mirror)\n"
    );
    let out = shelf
        .cmd()
        .env("PAPERSHELF_ARXIV_BASE", "https://export.arxiv.org")
        .args(["--json", "config", "pdf-base"])
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["source"], "env");
    assert_eq!(value["pdf_base"], "http://127.0.0.1:9/mirror");
}

#[test]
fn a_bad_pdf_base_is_a_usage_error_naming_the_value_and_changes_nothing() {
    let shelf = Shelf::new();
    pdf_base(&shelf, &["https://export.arxiv.org"], 0);
    for bad in [
        "ftp://mirror.example",
        "export.arxiv.org",
        "https://user:secret@mirror.example",
        "https://mirror.example/?q=1",
    ] {
        let out = shelf
            .cmd()
            .env_remove("PAPERSHELF_ARXIV_BASE")
            .args(["config", "pdf-base", bad])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("pdf-base=`{bad}` is not valid")),
            "{stderr}"
        );
        assert!(stderr.contains("https://export.arxiv.org"), "{stderr}");
    }
    shelf
        .cmd()
        .args(["config", "pdf-base", "https://export.arxiv.org", "--reset"])
        .assert()
        .code(2);
    assert_eq!(
        pdf_base(&shelf, &[], 0)["pdf_base"],
        "https://export.arxiv.org"
    );
}
