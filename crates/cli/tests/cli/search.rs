//! `search` with filters, `tag`, `untag`, `tags` and `reindex`, as a user runs them.

use serde_json::Value;

use crate::Shelf;

fn arxiv_ids(results: &Value) -> Vec<String> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["arxiv_id"].as_str().unwrap().to_owned())
        .collect()
}

fn sample() -> Shelf {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    shelf
}

#[test]
fn a_two_character_chinese_query_finds_every_paper_containing_it() {
    let shelf = sample();
    let r = shelf.json(&["search", "奖励", "--limit", "100"], 0);
    // The sample's summaries that contain 奖励 (counted with grep: 12 lines).
    assert_eq!(r["total"], 12);
    let ids = arxiv_ids(&r);
    assert!(
        ids.contains(&"2509.25454".to_owned()),
        "DeepSearch: 可验证奖励强化学习"
    );
    assert!(
        ids.contains(&"2509.26346".to_owned()),
        "EditReward: 奖励模型"
    );
    let snippet = &r["results"][0]["snippet"];
    assert_eq!(snippet["source"], "summary");
    assert_eq!(snippet["date"], "2025-10-03");
    assert!(snippet["fragments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["hit"] == true && f["text"] == "奖励"));
}

#[test]
fn an_english_prefix_finds_quantization_and_quantum_highlighted() {
    let shelf = sample();
    let r = shelf.json(&["search", "quant"], 0);
    assert_eq!(arxiv_ids(&r), ["2509.22944", "2510.00967"]);
    let title = &r["results"][0]["title_fragments"];
    assert_eq!(
        title[1],
        serde_json::json!({"text": "Quantization", "hit": true})
    );

    let out = shelf.cmd().args(["search", "quant"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Sinkhorn-Normalized **Quantization**"),
        "{text}"
    );
    assert!(text.contains("2 paper(s) match"), "{text}");
}

#[test]
fn filters_narrow_a_search_and_list_alone() {
    let shelf = sample();
    shelf
        .cmd()
        .args(["mark", "read", "2509.25454"])
        .assert()
        .success();
    shelf.cmd().args(["star", "2510.01180"]).assert().success();
    let all = shelf.json(&["search", "强化学习", "--limit", "100"], 0);
    let unread = shelf.json(&["search", "强化学习", "--unread", "--limit", "100"], 0);
    assert_eq!(
        unread["total"].as_u64().unwrap() + 1,
        all["total"].as_u64().unwrap()
    );
    assert!(!arxiv_ids(&unread).contains(&"2509.25454".to_owned()));
    let starred = shelf.json(&["search", "--starred", "--digest", "2025-10-03"], 0);
    assert_eq!(arxiv_ids(&starred), ["2510.01180"]);
    let none = shelf.json(&["search", "--starred", "--since", "2025-10-04"], 0);
    assert_eq!(none["total"], 0);
    let no_pdf = shelf.json(&["search", "--has-pdf", "强化学习"], 0);
    assert_eq!(no_pdf["total"], 0, "nothing fetched yet");
    let kw = shelf.json(&["search", "--keyword", "强化学习", "--limit", "100"], 0);
    assert!(kw["total"].as_u64().unwrap() > 0);
    let excluded = shelf.json(&["search", "--", "强化学习", "-GRPO"], 0);
    assert!(excluded["total"].as_u64().unwrap() < all["total"].as_u64().unwrap());
}

/// `--digest` is the search's scope: without text its papers come in the
/// digest's order, with filters too, not newest digest first.
#[test]
fn a_digest_search_keeps_the_digests_order() {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md", "mixed-links.md"], 0);
    let ids = |papers: &[Value]| -> Vec<Value> { papers.iter().map(|p| p["id"].clone()).collect() };
    let listed = shelf.list(&["--digest", "2025-10-03"]);
    let searched = shelf.json(&["search", "--digest", "2025-10-03", "--limit", "100"], 0);
    assert_eq!(searched["total"], 36);
    assert_eq!(ids(searched["results"].as_array().unwrap()), ids(&listed));
    // 2509.25454 is also in 2025-10-04, which the whole library lists first.
    assert_eq!(searched["results"][0]["arxiv_id"], "2509.25454");
    assert_eq!(shelf.list(&[])[0]["arxiv_id"], "2510.01051");

    shelf
        .cmd()
        .args(["mark", "read", "2510.01051"])
        .assert()
        .success();
    let unread = shelf.json(
        &[
            "search",
            "--digest",
            "2025-10-03",
            "--unread",
            "--limit",
            "100",
        ],
        0,
    );
    let want: Vec<Value> = listed
        .iter()
        .filter(|p| p["arxiv_id"] != "2510.01051")
        .map(|p| p["id"].clone())
        .collect();
    assert_eq!(unread["total"], 35);
    assert_eq!(ids(unread["results"].as_array().unwrap()), want);
}

/// `list`, `search` and `show` describe a paper alike: its PDF and tags too.
#[test]
fn every_paper_carries_its_pdf_state_and_tags() {
    let shelf = sample();
    shelf.json(&["tag", "2509.25454", "精读", "MCTS"], 0);
    let tags = |p: &Value| -> Value {
        if p["arxiv_id"] == "2509.25454" {
            serde_json::json!(["MCTS", "精读"])
        } else {
            serde_json::json!([])
        }
    };
    let listed = shelf.list(&[]);
    let searched = shelf.json(&["search", "--limit", "100"], 0);
    let found = shelf.json(&["search", "DeepSearch"], 0);
    let searched = searched["results"].as_array().unwrap();
    let found = found["results"].as_array().unwrap();
    assert_eq!((listed.len(), searched.len()), (36, 36));
    assert!(found.iter().any(|p| p["arxiv_id"] == "2509.25454"));
    for p in listed.iter().chain(searched).chain(found) {
        assert_eq!(p["has_pdf"], false, "{p}");
        assert_eq!(p["tags"], tags(p), "{p}");
    }
    let shown = shelf.json(&["show", "2509.25454"], 0);
    assert_eq!(shown["has_pdf"], false);
    assert_eq!(shown["tags"], serde_json::json!(["MCTS", "精读"]));
    assert_eq!(
        shelf.json(&["show", "2510.01180"], 0)["tags"],
        serde_json::json!([])
    );
}

#[test]
fn pages_follow_offset_and_limit() {
    let shelf = sample();
    let first = shelf.json(&["search", "模型", "--limit", "5"], 0);
    let second = shelf.json(&["search", "模型", "--limit", "5", "--offset", "5"], 0);
    assert_eq!(first["total"], second["total"]);
    let (a, b) = (arxiv_ids(&first), arxiv_ids(&second));
    assert_eq!((a.len(), b.len()), (5, 5));
    assert!(a.iter().all(|id| !b.contains(id)));
}

#[test]
fn tags_are_added_listed_renamed_and_removed() {
    let shelf = sample();
    let tagged = shelf.json(&["tag", "2509.25454", "精读", "MCTS"], 0);
    assert_eq!(tagged["tags"], serde_json::json!(["MCTS", "精读"]));
    shelf.json(&["tag", "2510.01180", "精读"], 0);
    let tags = shelf.json(&["tags"], 0);
    assert_eq!(
        tags,
        serde_json::json!([{"name": "MCTS", "papers": 1}, {"name": "精读", "papers": 2}])
    );
    let by_tag = shelf.json(&["search", "--tag", "精读"], 0);
    assert_eq!(by_tag["total"], 2);
    assert_eq!(by_tag["results"][0]["tags"].as_array().unwrap().len(), 2);

    shelf.json(&["tags", "rename", "精读", "deep read"], 0);
    assert_eq!(shelf.json(&["search", "--tag", "DEEP READ"], 0)["total"], 2);
    let untagged = shelf.json(&["untag", "2509.25454", "deep read", "mcts"], 0);
    assert_eq!(untagged["tags"], serde_json::json!([]));
    shelf.json(&["tags", "delete", "deep read"], 0);
    assert_eq!(shelf.json(&["tags"], 0), serde_json::json!([]));
}

#[test]
fn bad_input_gets_a_message_not_a_database_error() {
    let shelf = sample();
    for q in ["???", "\"", "* : ^ ( )"] {
        let out = shelf.cmd().args(["search", q]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{q}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("nothing to search for"), "{q}: {err}");
    }
    let long = "奖励 \"unclosed ".repeat(1000);
    let r = shelf.json(&["search", &long], 0);
    assert_eq!(r["truncated"], true);
    // Already off the paper: the paper's tags are shown (a typo shows there).
    let out = shelf.cmd().args(["untag", "1", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "1: no tags\n");
    let out = shelf
        .cmd()
        .args(["tags", "delete", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("no tag `nope`"));
    let out = shelf.cmd().args(["tag", "1", " "]).output().unwrap();
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("cannot be a tag"));
}

#[test]
fn reindex_rebuilds_and_search_still_finds() {
    let shelf = sample();
    assert_eq!(shelf.json(&["reindex"], 0)["papers"], 36);
    // Two summaries of the sample contain it (grep -c).
    assert_eq!(shelf.json(&["search", "蒙特卡洛树搜索"], 0)["total"], 2);
}
