//! Reading state, stars, listing filters, digests and exit codes.

use crate::Shelf;

#[test]
fn marking_and_starring_filter_the_list() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    shelf
        .cmd()
        .args(["mark", "read", "2509.25454v1", "2"])
        .assert()
        .success();
    shelf.cmd().args(["star", "2510.00406"]).assert().success();
    assert_eq!(shelf.list(&["--read"]).len(), 2);
    assert_eq!(shelf.list(&["--unread"]).len(), 34);
    let starred = shelf.list(&["--starred"]);
    assert_eq!(starred.len(), 1);
    assert_eq!(starred[0]["arxiv_id"], "2510.00406");
    shelf
        .cmd()
        .args(["unstar", "2510.00406"])
        .assert()
        .success();
    assert!(shelf.list(&["--starred"]).is_empty());
    shelf
        .cmd()
        .args(["mark", "unread", "2509.25454"])
        .assert()
        .success();
    assert_eq!(shelf.list(&["--read"]).len(), 1);
}

#[test]
fn a_whole_digest_is_marked_read_and_counted() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md", "mixed-links.md"], 0);
    shelf
        .cmd()
        .args(["mark", "read", "--digest", "2025-10-04"])
        .assert()
        .success();
    let digests = shelf.json(&["digests"], 0);
    assert_eq!(digests[0]["date"], "2025-10-04");
    assert_eq!(
        (digests[0]["papers"].as_u64(), digests[0]["unread"].as_u64()),
        (Some(9), Some(0))
    );
    // The five papers shared with 2025-10-03 are read there too: one paper, one state.
    assert_eq!(
        (digests[1]["papers"].as_u64(), digests[1]["unread"].as_u64()),
        (Some(36), Some(31))
    );
    shelf
        .cmd()
        .args(["mark", "unread", "--digest", "2025-10-04"])
        .assert()
        .success();
    let digests = shelf.json(&["digests"], 0);
    assert_eq!(
        (digests[0]["unread"].as_u64(), digests[1]["unread"].as_u64()),
        (Some(9), Some(36))
    );
}

#[test]
fn marking_a_digest_that_is_not_there_fails_either_way() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    for state in ["read", "unread"] {
        shelf
            .cmd()
            .args(["mark", state, "--digest", "2024-01-01"])
            .assert()
            .code(1)
            .stderr(predicates::str::contains("no digest dated 2024-01-01"));
    }
    let digests = shelf.json(&["digests"], 0);
    assert_eq!(digests[0]["unread"], 36, "nothing changed");
}

#[test]
fn keyword_filter_finds_papers_by_keyword() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let rl = shelf.list(&["--keyword", "强化学习"]);
    let ids: Vec<&str> = rl.iter().map(|p| p["arxiv_id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "2510.01051",
            "2509.25849",
            "2509.25455",
            "2510.00553",
            "2510.01152"
        ]
    );
}

#[test]
fn search_scans_titles_summaries_keywords_and_notes() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let hits = &shelf.json(&["search", "背包问题"], 0)["results"];
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["arxiv_id"], "2509.25849");
    let quant = &shelf.json(&["search", "quantization"], 0)["results"];
    assert!(quant
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["arxiv_id"] == "2509.22944"));
    shelf
        .cmd()
        .args(["note", "2510.01070", "--set", "zebra stripes"])
        .assert()
        .success();
    let noted = &shelf.json(&["search", "ZEBRA"], 0)["results"];
    assert_eq!(noted[0]["arxiv_id"], "2510.01070");
}

#[test]
fn show_gives_the_summary_in_its_sections() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let p = shelf.json(&["show", "2509.25849"], 0);
    let labels: Vec<&str> = p["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "一句话核心摘要",
            "主要研究问题或目标",
            "关键方法论",
            "主要成果",
            "对AI从业者的主要启示"
        ]
    );
    assert!(p["sections"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("该研究通过将"));
    let human = shelf.cmd().args(["show", "2509.25849"]).output().unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("## 主要成果"), "{text}");
}

#[test]
fn unknown_papers_and_bad_usage_have_their_exit_codes() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    shelf
        .cmd()
        .args(["show", "2401.00001"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no paper `2401.00001`"));
    shelf.cmd().args(["list", "--bogus"]).assert().code(2);
    shelf.cmd().args(["mark", "sideways", "1"]).assert().code(2);
}

#[test]
fn human_output_is_a_table_with_chinese_keywords() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let out = shelf
        .cmd()
        .args(["list", "--digest", "2025-10-03"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Knapsack RL"));
    assert!(text.contains("背包问题"));
    assert!(text.contains("36 paper(s), 36 unread"));
}

#[test]
fn a_library_from_a_newer_papershelf_is_refused() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let db = shelf.dir.path().join("library.sqlite3");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    shelf
        .cmd()
        .arg("digests")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("newer Papershelf"));
}

#[test]
fn papershelf_home_names_the_library() {
    let shelf = Shelf::new();
    let mut cmd = assert_cmd::Command::cargo_bin("papershelf").unwrap();
    cmd.env("PAPERSHELF_HOME", shelf.dir.path())
        .env("PAPERSHELF_ARXIV_API_BASE", crate::NO_API)
        .args(["import", crate::fixture("malformed.md").to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(shelf.list(&[]).len(), 2);
}
