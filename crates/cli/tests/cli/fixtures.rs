//! Every fixture digest behaves as tests/fixtures/digests/README.md says.

use crate::{counts, file, fixture, Shelf};

#[test]
fn the_sample_imports_36_papers_with_ids_titles_keywords_and_date() {
    let shelf = Shelf::new();
    let f = shelf.import(&["2025-10-03.md"], 0)["files"][0].clone();
    assert_eq!(f["date"], "2025-10-03");
    assert_eq!(counts(&f), (36, 36, 0, 0));
    assert!(f["warnings"].as_array().unwrap().is_empty());

    let papers = shelf.list(&["--digest", "2025-10-03"]);
    assert_eq!(papers.len(), 36);
    let first = &papers[0];
    assert_eq!(first["arxiv_id"], "2509.25454");
    assert_eq!(
        first["title"],
        "DeepSearch: Overcome the Bottleneck of Reinforcement Learning with Verifiable Rewards via Monte Carlo Tree Search"
    );
    assert_eq!(first["pdf_url"], "https://arxiv.org/pdf/2509.25454");
    assert_eq!(first["digests"], serde_json::json!(["2025-10-03"]));
    assert_eq!(first["read"], false);
    let keywords: Vec<(String, Vec<String>)> = papers
        .iter()
        .map(|p| {
            (
                p["arxiv_id"].as_str().unwrap().to_owned(),
                serde_json::from_value(p["keywords"].clone()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        keywords[0].1,
        [
            "可验证奖励强化学习 (RLVR)",
            "蒙特卡洛树搜索 (MCTS)",
            "大型语言模型 (LLMs)",
            "数学推理",
            "系统探索"
        ]
    );
    assert_eq!(
        keywords[3].1,
        ["强化学习", "预算分配", "背包问题", "探索效率"]
    );
    // All 36 lists, checked by eye once and kept in the snapshot file.
    insta::assert_json_snapshot!("sample_keywords", keywords);
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let before = shelf.list(&[]);
    let again = shelf.import(&["2025-10-03.md"], 0);
    assert_eq!(counts(file(&again)), (36, 0, 0, 36));
    assert_eq!(shelf.list(&[]), before);
    assert_eq!(shelf.json(&["digests"], 0).as_array().unwrap().len(), 1);
}

#[test]
fn crlf_and_bom_excerpt_adds_no_paper_and_stores_no_stray_characters() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let excerpt = shelf.import(&["crlf-bom-2025-10-03-excerpt.md"], 0);
    let f = file(&excerpt);
    assert_eq!(f["date"], "2025-10-03");
    assert_eq!(f["added"], 0);
    assert_eq!(f["papers"], 4);
    assert_eq!(shelf.list(&[]).len(), 36);

    let alone = Shelf::new();
    alone.import(&["crlf-bom-2025-10-03-excerpt.md"], 0);
    for p in alone.list(&[]) {
        let shown = alone.json(&["show", p["arxiv_id"].as_str().unwrap()], 0);
        let text = shown.to_string();
        assert!(
            !text.contains("\\r") && !text.contains('\u{feff}'),
            "{text}"
        );
    }
    let first = alone.json(&["show", "2509.25454"], 0);
    assert_eq!(first["keywords"][4], "系统探索");
    assert!(first["summary"].as_str().unwrap().ends_with("新方向。"));
}

#[test]
fn mixed_links_keep_one_paper_per_arxiv_id_across_days() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let report = shelf.import(&["mixed-links.md"], 0);
    let f = file(&report);
    assert_eq!(f["papers"], 9);
    let warnings = f["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["line"], 24);

    let all = shelf.list(&[]);
    assert_eq!(all.len(), 40);
    let day = shelf.list(&["--digest", "2025-10-04"]);
    let ids: Vec<Option<&str>> = day.iter().map(|p| p["arxiv_id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            Some("2510.01051"),
            Some("2509.25454"),
            Some("hep-th/9901001"),
            Some("math/0309136"),
            Some("2510.00977"),
            Some("2412.19437"),
            None,
            Some("2509.25162"),
            Some("2509.25045"),
        ]
    );
    let version = |i: usize| day[i]["version"].clone();
    assert_eq!(
        (version(1), version(3), version(5)),
        (2.into(), 1.into(), 1.into())
    );
    assert_eq!(day[6]["pdf_url"], serde_json::Value::Null);
    assert_eq!(day[6]["url"], "https://openreview.net/forum?id=AbCdEf123");
    for shared in [
        "2510.01051",
        "2509.25454",
        "2510.00977",
        "2509.25162",
        "2509.25045",
    ] {
        let p = all.iter().find(|p| p["arxiv_id"] == shared).unwrap();
        assert_eq!(
            p["digests"],
            serde_json::json!(["2025-10-03", "2025-10-04"]),
            "{shared}"
        );
    }
    // Each paper keeps the title it was first imported with.
    let gem = all.iter().find(|p| p["arxiv_id"] == "2509.25045").unwrap();
    assert_eq!(
        gem["title"],
        "Hyperdimensional Probe: Decoding LLM Representations via Vector Symbolic Architectures"
    );
    // ...while each digest's entry keeps its own.
    let shown = shelf.json(&["show", "2509.25045"], 0);
    let entries = shown["entries"].as_array().unwrap();
    assert_eq!(
        entries[0]["title"],
        "Title with [brackets] and (parentheses) inside"
    );
}

#[test]
fn malformed_entries_are_reported_with_their_lines_and_the_rest_imported() {
    let shelf = Shelf::new();
    let report = shelf.import(&["malformed.md"], 0);
    let f = file(&report);
    assert_eq!(counts(f), (2, 2, 0, 0));
    let lines: Vec<u64> = f["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [6, 9, 15]);
    let messages = f["warnings"].to_string();
    for entry in ["entry 1", "entry 2", "entry 4"] {
        assert!(messages.contains(entry), "{messages}");
    }
}

#[test]
fn hostile_text_is_stored_as_it_is_and_no_link_becomes_an_arxiv_paper() {
    let shelf = Shelf::new();
    shelf.import(&["hostile.md"], 0);
    let papers = shelf.list(&[]);
    assert_eq!(papers.len(), 6);
    let arxiv: Vec<&str> = papers
        .iter()
        .filter_map(|p| p["arxiv_id"].as_str())
        .collect();
    assert_eq!(arxiv, ["2510.01174"]);
    assert!(papers
        .iter()
        .filter(|p| p["arxiv_id"].is_null())
        .all(|p| p["pdf_url"].is_null()));
    let shown = shelf.json(&["show", "2510.01174"], 0);
    assert_eq!(
        shown["title"],
        "<img src=x onerror=\"document.title='pwned'\"> A title that carries markup"
    );
    assert!(shown["summary"]
        .as_str()
        .unwrap()
        .starts_with("**<script>document.title='pwned'</script>**"));
}

#[test]
fn empty_and_binary_files_are_refused_and_nothing_is_written() {
    let shelf = Shelf::new();
    for (name, says) in [("empty.md", "empty"), ("not-a-digest.bin", "not UTF-8")] {
        let report = shelf.import(&[name], 1);
        let error = file(&report)["error"].as_str().unwrap().to_owned();
        assert!(error.contains(says), "{error}");
    }
    assert!(shelf.list(&[]).is_empty());
    assert!(shelf.json(&["digests"], 0).as_array().unwrap().is_empty());
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let shelf = Shelf::new();
    let report = shelf.import(&["empty.md", "2025-10-03.md"], 1);
    let files = report["files"].as_array().unwrap();
    assert!(files[0]["error"].is_string());
    assert_eq!(files[1]["added"], 36);
}

#[test]
fn a_folder_imports_every_markdown_file_inside() {
    let shelf = Shelf::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2025/10")).unwrap();
    std::fs::copy(fixture("mixed-links.md"), dir.path().join("2025/10/04.md")).unwrap();
    std::fs::copy(fixture("2025-10-03.md"), dir.path().join("2025-10-03.md")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not markdown").unwrap();
    let report = shelf.json(&["import", dir.path().to_str().unwrap()], 0);
    assert_eq!(report["files"].as_array().unwrap().len(), 2);
    assert_eq!(shelf.list(&[]).len(), 40);
}

#[test]
fn standard_input_needs_a_date_from_heading_or_flag() {
    let shelf = Shelf::new();
    let body =
        "## 0.[A paper](https://arxiv.org/abs/2510.01180)\nsummary:**核心关键词**：正常  text\n";
    let out = shelf
        .cmd()
        .args(["--json", "import", "-"])
        .write_stdin(body)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(file(&report)["error"].as_str().unwrap().contains("--date"));

    let out = shelf
        .cmd()
        .args(["--json", "import", "--date", "2025-11-01", "-"])
        .write_stdin(body)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(shelf.list(&["--digest", "2025-11-01"]).len(), 1);
}
