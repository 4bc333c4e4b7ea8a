//! `list --sort for-you`, `similar` and `reindex --model` over the sample digest.

use serde_json::Value;

use crate::{fixture, Shelf};

/// Five papers about reinforcement learning with verifiable rewards.
const LIKED: &[&str] = &[
    "2509.25454",
    "2510.00406",
    "2509.25849",
    "2509.25455",
    "2510.00977",
];

fn sample() -> Shelf {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    shelf
}

fn ids(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort();
    v
}

#[test]
fn too_few_stars_keep_the_listed_order_and_say_why() {
    let shelf = sample();
    shelf
        .cmd()
        .args(["star"])
        .args(&LIKED[..4])
        .assert()
        .success();
    let out = shelf
        .cmd()
        .args(["--json", "list", "--sort", "for-you"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("star a few papers to train For you"),
        "{stderr}"
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&rows), ids(&shelf.list(&[])));
    assert!(rows.iter().all(|r| r.get("score").is_none()));
}

#[test]
fn list_sorted_for_you_ranks_with_scores_and_reasons_and_takes_every_option() {
    let shelf = sample();
    shelf.cmd().args(["star"]).args(LIKED).assert().success();
    let rows = shelf.list(&["--sort", "for-you"]);
    assert_eq!(sorted(ids(&rows)), sorted(ids(&shelf.list(&[]))));
    let scores: Vec<f64> = rows.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for r in &rows {
        let why = r["why"].as_array().unwrap();
        assert!(why.len() <= 3 && why.iter().all(|w| w.is_string()), "{r}");
    }
    assert!(rows[0]["why"].as_array().unwrap().len() >= 2, "{}", rows[0]);
    // The starred papers are what it learned from: they come first.
    let top: Vec<&str> = rows[..5]
        .iter()
        .map(|r| r["arxiv_id"].as_str().unwrap())
        .collect();
    assert!(LIKED.iter().all(|l| top.contains(l)), "{top:?}");
    // With other options: the same papers as the plain list with them.
    for args in [
        vec!["--unread"],
        vec!["--digest", "2025-10-03", "--starred"],
        vec!["--keyword", "强化学习"],
    ] {
        let mut sorted_args = args.clone();
        sorted_args.extend(["--sort", "for-you"]);
        let ranked = shelf.list(&sorted_args);
        assert_eq!(
            sorted(ids(&ranked)),
            sorted(ids(&shelf.list(&args))),
            "{args:?}"
        );
        assert!(ranked.iter().all(|r| r["score"].is_number()));
    }
    // As text: the reasons joined, most likely first.
    let text = shelf
        .cmd()
        .args(["list", "--sort", "for-you"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("For you") && text.contains(" · "), "{text}");
}

#[test]
fn similar_lists_the_nearest_papers_with_what_they_share() {
    let shelf = sample();
    let similar = shelf.json(&["similar", "2509.25454"], 0);
    let similar = similar.as_array().unwrap();
    assert!(!similar.is_empty() && similar.len() <= 10);
    for s in similar {
        let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["arxiv_id", "id", "score", "title", "why"]);
        assert_ne!(s["arxiv_id"], "2509.25454");
        assert!(s["why"].as_array().unwrap().iter().all(|w| w.is_string()));
    }
    let scores: Vec<f64> = similar
        .iter()
        .map(|s| s["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    let three = shelf.json(&["similar", "2509.25454", "--limit", "3"], 0);
    assert_eq!(three.as_array().unwrap()[..], similar[..3]);
    let out = shelf
        .cmd()
        .args(["similar", "2509.99999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no paper `2509.99999`"));
}

#[test]
fn reindex_model_saves_the_model_and_deleting_it_loses_nothing() {
    let shelf = sample();
    shelf.cmd().args(["star"]).args(LIKED).assert().success();
    let report = shelf.json(&["reindex", "--model"], 0);
    assert_eq!(report["papers"], 36);
    assert_eq!(report["positives"], 5);
    assert_eq!(report["ranked"], true);
    let file = shelf.dir.path().join("foryou.model");
    assert!(file.exists());
    let before = shelf.list(&["--sort", "for-you"]);
    std::fs::remove_file(&file).unwrap();
    assert_eq!(shelf.list(&["--sort", "for-you"]), before);
    assert!(!file.exists(), "a list writes nothing");
    let text = shelf.cmd().args(["reindex", "--model"]).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("For you model rebuilt: 36 paper(s)"));
    assert!(fixture("2025-10-03.md").exists());
}
