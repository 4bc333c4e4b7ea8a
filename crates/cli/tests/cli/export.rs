//! `export --format bibtex|csl-json|ris|markdown|json`: list's selection,
//! standard output or `--output`, Markdown's folder kept in step with the
//! library without losing an edit. The formats themselves are tested in
//! core (`tests/export.rs`), read back by real readers.

use crate::Shelf;

fn run(shelf: &Shelf, args: &[&str], code: i32) -> (String, String) {
    let out = shelf.cmd().args(args).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\n{stdout}\n{stderr}"
    );
    (stdout, stderr)
}

fn sample() -> Shelf {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    for args in [
        &["star", "2509.25454", "3"][..],
        &["mark", "read", "3"],
        &["tag", "2509.25454", "thesis"],
        &["note", "2509.25454", "--set", "读过了"],
    ] {
        run(&shelf, args, 0);
    }
    shelf
}

#[test]
fn the_selection_is_lists_and_every_format_writes_the_same_papers() {
    let shelf = sample();
    let json = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut all = vec!["export", "--format", "json"];
        all.extend_from_slice(args);
        serde_json::from_str::<serde_json::Value>(&run(&shelf, &all, 0).0)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let everything = json(&[]);
    assert_eq!(everything.len(), 36);
    let starred = json(&["--starred"]);
    assert_eq!(starred.len(), 2);
    // `show --json` per paper
    let show = shelf.json(&["show", "2509.25454"], 0);
    let mine = starred
        .iter()
        .find(|p| p["arxiv_id"] == "2509.25454")
        .unwrap();
    assert_eq!(mine, &show);
    assert_eq!(json(&["--starred", "--unread"]).len(), 1);
    assert_eq!(json(&["--tag", "thesis"]).len(), 1);
    assert_eq!(json(&["--has-note", "--since", "2025-10-01"]).len(), 1);
    assert_eq!(json(&["--digest", "2025-10-03", "--read"]).len(), 1);
    assert_eq!(json(&["2509.25454", "--read"]).len(), 0);
    assert_eq!(json(&["3", "2509.25454"]).len(), 2);
    let keyword = everything[0]["keywords"][0].as_str().unwrap().to_owned();
    assert!(!json(&["--keyword", &keyword]).is_empty());

    let bib = run(&shelf, &["export", "--format", "bibtex", "--starred"], 0).0;
    assert_eq!(bib.matches("@misc{").count(), 2, "{bib}");
    assert!(bib.contains("eprint={2509.25454}"), "{bib}");
    let csl: serde_json::Value =
        serde_json::from_str(&run(&shelf, &["export", "--format", "csl-json", "--starred"], 0).0)
            .unwrap();
    assert_eq!(csl.as_array().unwrap().len(), 2);
    let ris = run(&shelf, &["export", "--format", "ris", "--starred"], 0).0;
    assert_eq!(ris.matches("ER  - ").count(), 2);
    assert!(ris.contains("N1  - 读过了"), "{ris}");
}

#[test]
fn output_writes_a_file_and_says_so() {
    let shelf = sample();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("refs.bib");
    let report = shelf.json(
        &[
            "export",
            "--format",
            "bibtex",
            "--starred",
            "--output",
            path.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(report["papers"], 2);
    assert_eq!(report["format"], "BibTeX");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        run(&shelf, &["export", "--format", "bibtex", "--starred"], 0).0
    );
    let (text, _) = run(
        &shelf,
        &["export", "--format", "ris", "--to", path.to_str().unwrap()],
        0,
    );
    assert!(
        text.starts_with("Exported 36 paper(s) as RIS to "),
        "{text}"
    );
}

#[test]
fn mistakes_are_refused_with_a_reason() {
    let shelf = sample();
    let (_, err) = run(&shelf, &["export", "--format", "markdown"], 1);
    assert!(err.contains("--output DIR"), "{err}");
    let (_, err) = run(&shelf, &["export", "--format", "state", "--starred"], 1);
    assert!(err.contains("takes no selection"), "{err}");
    let (_, err) = run(&shelf, &["export", "--format", "bibtex", "--force"], 1);
    assert!(err.contains("--force is for --format markdown"), "{err}");
    let (_, err) = run(
        &shelf,
        &["export", "--format", "bibtex", "--digest", "2020-01-01"],
        1,
    );
    assert!(err.contains("2020-01-01"), "{err}");
    let (_, err) = run(&shelf, &["export", "--format", "bibtex", "9999.99999"], 1);
    assert!(err.contains("9999.99999"), "{err}");
}

#[test]
fn markdown_keeps_a_vault_in_step_without_losing_an_edit() {
    let shelf = sample();
    let out = tempfile::tempdir().unwrap();
    let vault = out.path().join("vault");
    let v = vault.to_str().unwrap();
    let (text, _) = run(
        &shelf,
        &["export", "--format", "markdown", "--starred", "--output", v],
        0,
    );
    assert!(
        text.contains("2 paper(s)") && text.contains("2 created"),
        "{text}"
    );
    let note = vault.join("2509.25454.md");
    let written = std::fs::read_to_string(&note).unwrap();
    assert!(written.starts_with("---\ntitle: "), "{written}");
    assert!(written.contains("\n## Note\n\n读过了\n"), "{written}");

    run(&shelf, &["note", "2509.25454", "--append", "more"], 0);
    let mut other = std::fs::read_dir(&vault)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &note)
        .collect::<Vec<_>>();
    let other = other.pop().unwrap();
    std::fs::write(
        &other,
        std::fs::read_to_string(&other).unwrap() + "my line\n",
    )
    .unwrap();
    let report = shelf.json(
        &["export", "--format", "markdown", "--starred", "--output", v],
        0,
    );
    let outcomes: Vec<(&str, &str)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["outcome"].as_str().unwrap()))
        .collect();
    assert!(
        outcomes.contains(&(note.to_str().unwrap(), "updated")),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&(other.to_str().unwrap(), "kept_edited")),
        "{outcomes:?}"
    );
    assert!(std::fs::read_to_string(&other)
        .unwrap()
        .ends_with("my line\n"));
    let (text, _) = run(
        &shelf,
        &["export", "--format", "markdown", "--starred", "--output", v],
        0,
    );
    assert!(
        text.contains("Kept 1 file(s) edited since the last export (--force overwrites them)"),
        "{text}"
    );
    let (text, _) = run(
        &shelf,
        &[
            "export",
            "--format",
            "markdown",
            "--starred",
            "--output",
            v,
            "--force",
        ],
        0,
    );
    assert!(text.contains("1 overwritten (--force)"), "{text}");
    assert!(!std::fs::read_to_string(&other)
        .unwrap()
        .ends_with("my line\n"));
}
