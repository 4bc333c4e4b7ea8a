//! A notes vault imported as a folder (issue 16): per-paper notes, day
//! indexes of wikilinks, a template and notes naming no paper. No spurious
//! failure, exit 0, the right papers under the right dates.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::{fixture, Shelf};

const VAULT: &str = "vaults/papers-vault";

fn ids(papers: &[Value]) -> BTreeSet<String> {
    papers
        .iter()
        .map(|p| p["arxiv_id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_vault_imports_with_no_failures_and_the_listing_dates() {
    let shelf = Shelf::new();
    let report = shelf.import(&[VAULT], 0);
    let files = report["files"].as_array().unwrap();
    let root = fixture(VAULT).display().to_string();
    let seen: Vec<(String, Value, u64, bool)> = files
        .iter()
        .map(|f| {
            assert!(f["error"].is_null(), "{f:#}");
            let path = f["path"].as_str().unwrap();
            let rel = path.strip_prefix(&root).unwrap().trim_start_matches('/');
            (
                rel.to_owned(),
                f["date"].clone(),
                f["papers"].as_u64().unwrap(),
                f["skipped"].is_string(),
            )
        })
        .collect();
    let want = [
        (
            "2026-06-12/2412.19437.md",
            Value::from("2026-06-12"),
            1,
            false,
        ),
        (
            "2026-06-12/2510.01051 GEM.md",
            Value::from("2026-06-12"),
            1,
            false,
        ),
        ("2026-06-12/index.md", Value::from("2026-06-12"), 3, false),
        (
            "2026-06-13/DeepSearch.md",
            Value::from("2026-06-13"),
            1,
            false,
        ),
        ("2026-06-13/index.md", Value::Null, 0, true),
        ("2026-06-14.md", Value::from("2026-06-14"), 1, false),
        ("Reading queue.md", Value::Null, 0, true),
        ("Templates/Paper.md", Value::Null, 0, true),
    ];
    let want: Vec<(String, Value, u64, bool)> = want
        .into_iter()
        .map(|(p, d, n, s)| (p.to_owned(), d, n, s))
        .collect();
    // Nothing from the hidden `.trash/` or `.obsidian/`.
    assert_eq!(seen, want);
    // The template's placeholders are no date and no paper: said, on their lines.
    let template = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("Paper.md"))
        .unwrap();
    let lines: Vec<u64> = template["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 5], "{template:#}");

    let day = |d: &str| ids(&shelf.list(&["--digest", d]));
    let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    // The index and the notes list the same papers on the day they were
    // listed (`created:` or the folder), never the papers' `published:`.
    assert_eq!(
        day("2026-06-12"),
        set(&["2412.19437", "2501.12948", "2510.01051"])
    );
    assert_eq!(day("2026-06-13"), set(&["2509.25454"]));
    assert_eq!(day("2026-06-14"), set(&["2305.18290"]));
    for published in ["2025-10-01", "2024-12-27", "2025-09-29"] {
        assert!(day(published).is_empty(), "{published}");
    }
    // Five papers: no phantom from references, none from the trash.
    let all = shelf.list(&[]);
    assert_eq!(
        ids(&all),
        set(&[
            "2305.18290",
            "2412.19437",
            "2501.12948",
            "2509.25454",
            "2510.01051"
        ])
    );
    let title = |id: &str| {
        all.iter().find(|p| p["arxiv_id"] == id).unwrap()["title"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(title("2412.19437"), "DeepSeek-V3 Technical Report");
    assert_eq!(
        title("2509.25454"),
        "DeepSearch: Overcome the Bottleneck of Reinforcement Learning with Verifiable Rewards via Monte Carlo Tree Search"
    );
    assert_eq!(
        title("2305.18290"),
        "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    );
}

#[test]
fn skipped_files_are_said_as_notes_and_exit_zero() {
    let shelf = Shelf::new();
    let out = shelf
        .cmd()
        .args(["import"])
        .arg(fixture(VAULT).join("2026-06-13"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.ends_with(
            "index.md: no papers: skipped (it links no arXiv paper and names none by its id)"
        )),
        "{text}"
    );
    assert!(!text.contains("error"), "{text}");
    // A failure beside a skip still fails the import.
    let report = shelf.import(&["vaults/papers-vault/2026-06-13/index.md", "empty.md"], 1);
    let files = report["files"].as_array().unwrap();
    assert!(files[0]["skipped"].is_string() && files[0]["error"].is_null());
    assert!(files[1]["error"].is_string() && files[1]["skipped"].is_null());
}
