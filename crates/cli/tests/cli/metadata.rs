//! `metadata`, the fetch after `import`, and the metadata in `show`, `list`
//! and `search`, against a stand-in arXiv API on 127.0.0.1.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use papershelf_testserver::{Delivery, Reply, Server};
use serde_json::Value;

use crate::{fixture, Shelf};

/// The ids of `/api/query?id_list=A,B&max_results=2`.
fn asked(path: &str) -> Vec<String> {
    let list = path
        .split_once("id_list=")
        .map(|(_, rest)| rest.split('&').next().unwrap_or(""))
        .unwrap_or("");
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An Atom feed in the 2026 shape with an entry for each id but
/// `2510.00406` (arXiv does not know it here). `2509.25454` is at v3 since
/// 2025-11-20 and written by José Raúl López and Kaiming He; the others are
/// v1 from before the digest.
fn feed(ids: &[String]) -> String {
    let mut xml = String::from(
        r#"<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/stand-in</id>
  <title>arXiv Query</title>
  <updated>2026-12-01T00:00:00Z</updated>
"#,
    );
    for (n, id) in ids.iter().enumerate() {
        if id == "2510.00406" {
            continue;
        }
        let (version, updated, authors, categories) = if id == "2509.25454" {
            (
                3,
                "2025-11-20T08:00:00Z",
                vec!["José Raúl López".to_owned(), "Kaiming He".to_owned()],
                vec!["cs.LG", "cs.AI"],
            )
        } else {
            (
                1,
                "2025-09-30T08:00:00Z",
                vec![format!("Author {n}"), "Wei Zhang".to_owned()],
                vec!["cs.CL"],
            )
        };
        xml.push_str(&format!(
            "  <entry>\n    <id>http://arxiv.org/abs/{id}v{version}</id>\n    <title>Paper\n      {id}</title>\n    <updated>{updated}</updated>\n    <summary>  The abstract of {id}, with $x^2$.\n</summary>\n"
        ));
        for c in &categories {
            xml.push_str(&format!(
                "    <category term=\"{c}\" scheme=\"http://arxiv.org/schemas/atom\"/>\n"
            ));
        }
        xml.push_str(&format!(
            "    <published>2025-09-29T17:00:00Z</published>\n    <arxiv:primary_category term=\"{}\"/>\n",
            categories[0]
        ));
        for a in &authors {
            xml.push_str(&format!(
                "    <author>\n      <name>{a}</name>\n      <arxiv:affiliation>Somewhere</arxiv:affiliation>\n    </author>\n"
            ));
        }
        if id == "2509.25454" {
            xml.push_str("    <arxiv:doi>10.1000/xyz</arxiv:doi>\n    <arxiv:journal_ref>J. Test 1 (2025)</arxiv:journal_ref>\n");
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

pub(super) fn stand_in() -> Server {
    Server::start(|hit| {
        let body = feed(&asked(&hit.path));
        Reply::body(200, "application/atom+xml", Arc::from(body.into_bytes()))
    })
}

impl Shelf {
    /// `--json ARGS` against this API; asserts the exit code.
    fn with_api(&self, api: &str, args: &[&str], code: i32) -> (Value, String) {
        let out = self
            .cmd()
            .env("PAPERSHELF_ARXIV_API_BASE", api)
            .env("PAPERSHELF_ARXIV_DELAY_MS", "0")
            .arg("--json")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        (serde_json::from_slice(&out.stdout).unwrap(), stderr)
    }
}

fn sample() -> String {
    fixture("2025-10-03.md").display().to_string()
}

fn arxiv_ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["arxiv_id"].as_str().unwrap())
        .collect()
}

#[test]
fn an_import_fetches_its_papers_metadata_in_one_request() {
    let server = stand_in();
    let shelf = Shelf::new();
    let (report, stderr) = shelf.with_api(&server.base(), &["import", &sample()], 0);
    assert_eq!(stderr, "");
    let m = &report["metadata"];
    assert_eq!(m["requested"], 36);
    assert_eq!(m["updated"], 35);
    assert_eq!(m["not_found"], serde_json::json!(["2510.00406"]));
    assert_eq!(m["failed"], serde_json::json!([]));
    // A 36-paper digest is one request.
    let hits = server.hits();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].path.starts_with("/api/query?id_list=2509.25454,"));
    assert!(hits[0].path.ends_with("&max_results=36"));
    assert!(hits[0]
        .header("user-agent")
        .unwrap()
        .starts_with("Papershelf/"));

    let show = shelf.json(&["show", "2509.25454"], 0);
    assert_eq!(
        show["authors"],
        serde_json::json!([
            {"name": "José Raúl López", "affiliations": ["Somewhere"]},
            {"name": "Kaiming He", "affiliations": ["Somewhere"]},
        ])
    );
    assert_eq!(show["abstract"], "The abstract of 2509.25454, with $x^2$.");
    assert_eq!(show["published"], "2025-09-29T17:00:00Z");
    assert_eq!(show["updated"], "2025-11-20T08:00:00Z");
    assert_eq!(show["primary_category"], "cs.LG");
    assert_eq!(show["categories"], serde_json::json!(["cs.LG", "cs.AI"]));
    assert_eq!(show["doi"], "10.1000/xyz");
    assert_eq!(show["journal_ref"], "J. Test 1 (2025)");
    assert_eq!(show["comment"], Value::Null);
    assert_eq!(show["latest_version"], 3);
    assert_eq!(show["new_version"], 3);
    // The digest's own title stays.
    assert_ne!(show["title"], "Paper 2509.25454");
    let unknown = shelf.json(&["show", "2510.00406"], 0);
    assert_eq!(unknown["authors"], serde_json::json!([]));
    assert_eq!(unknown["latest_version"], Value::Null);
    assert_eq!(unknown["new_version"], Value::Null);

    // Lists carry the names and the new version; the filters use them.
    let list = shelf.json(&["list", "--new-version"], 0);
    assert_eq!(arxiv_ids(&list), ["2509.25454"]);
    assert_eq!(
        list[0]["authors"],
        serde_json::json!(["José Raúl López", "Kaiming He"])
    );
    assert_eq!(list[0]["new_version"], 3);
    assert_eq!(
        arxiv_ids(&shelf.json(&["list", "--author", "lopez"], 0)),
        ["2509.25454"]
    );
    assert_eq!(
        arxiv_ids(&shelf.json(&["list", "--author", "KAIMING HE"], 0)),
        ["2509.25454"]
    );
    assert_eq!(
        shelf
            .json(&["list", "--author", "wei zhang"], 0)
            .as_array()
            .unwrap()
            .len(),
        34
    );
    assert_eq!(
        arxiv_ids(&shelf.json(&["list", "--category", "cs.AI"], 0)),
        ["2509.25454"]
    );
    assert!(shelf
        .json(&["list", "--category", "cs"], 0)
        .as_array()
        .unwrap()
        .is_empty());
    let found = shelf.json(&["search", "Lopez"], 0);
    assert_eq!(found["total"], 1);
    assert_eq!(found["results"][0]["arxiv_id"], "2509.25454");
    assert_eq!(found["results"][0]["authors"][1], "Kaiming He");
    let found = shelf.json(&["search", "--author", "López", "--category", "cs.LG"], 0);
    assert_eq!(found["total"], 1);

    // The text view shows them too.
    let out = shelf.cmd().args(["show", "2509.25454"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("authors:  José Raúl López, Kaiming He"),
        "{text}"
    );
    assert!(text.contains("new version on arXiv: v3"), "{text}");
    assert!(
        text.contains("## Abstract\nThe abstract of 2509.25454"),
        "{text}"
    );

    // Nothing is missing now: the next import asks nothing.
    let (report, _) = shelf.with_api(&server.base(), &["import", &sample()], 0);
    assert_eq!(report["metadata"], Value::Null);
    assert_eq!(server.hits().len(), 1);
}

#[test]
fn offline_an_import_still_succeeds_and_the_metadata_comes_next_time() {
    let shelf = Shelf::new();
    let (report, stderr) = shelf.with_api(crate::NO_API, &["import", &sample()], 0);
    assert_eq!(report["files"][0]["added"], 36);
    assert!(
        stderr.contains("warning: arXiv metadata not fetched"),
        "{stderr}"
    );
    assert_eq!(
        report["metadata"]["failed"][0]["ids"]
            .as_array()
            .unwrap()
            .len(),
        36
    );
    assert_eq!(
        shelf.json(&["show", "1"], 0)["authors"],
        serde_json::json!([])
    );

    let server = stand_in();
    let (report, _) = shelf.with_api(&server.base(), &["metadata"], 0);
    assert_eq!(report["requested"], 36);
    assert_eq!(report["updated"], 35);
    // "Not found" is remembered: a second run asks nothing...
    let (report, _) = shelf.with_api(&server.base(), &["metadata", "--missing"], 0);
    assert_eq!(report["requested"], 0);
    assert_eq!(server.hits().len(), 1);
    // ...unless named, or refreshed once old enough.
    let (report, _) = shelf.with_api(
        &server.base(),
        &["metadata", "2510.00406", "2509.25454v2"],
        0,
    );
    assert_eq!(
        (report["requested"].as_u64(), report["updated"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(server.hits()[1]
        .path
        .contains("id_list=2509.25454,2510.00406&"));
    let (report, _) = shelf.with_api(&server.base(), &["metadata", "--refresh"], 0);
    assert_eq!(report["requested"], 0, "nothing is 7 days old");
    let (report, _) = shelf.with_api(
        &server.base(),
        &["metadata", "--refresh", "--older-than", "0"],
        0,
    );
    assert_eq!(report["requested"], 36);
    // A digest and the whole library at once make no sense.
    let out = shelf
        .cmd()
        .args(["metadata", "--digest", "2025-10-03", "--all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_setting_turns_the_fetch_after_import_off() {
    let server = stand_in();
    let shelf = Shelf::new();
    assert_eq!(
        shelf.json(&["config", "metadata-auto"], 0)["metadata_auto"],
        true
    );
    assert_eq!(
        shelf.json(&["config", "metadata-auto", "off"], 0)["metadata_auto"],
        false
    );
    let (report, stderr) = shelf.with_api(&server.base(), &["import", &sample()], 0);
    assert_eq!(
        (report["metadata"].clone(), stderr.as_str()),
        (Value::Null, "")
    );
    assert!(server.hits().is_empty());
    // On demand it still works, for one digest.
    let (report, _) = shelf.with_api(&server.base(), &["metadata", "--digest", "2025-10-03"], 0);
    assert_eq!(report["updated"], 35);
    assert_eq!(
        shelf.json(&["config", "metadata-auto", "on"], 0)["metadata_auto"],
        true
    );
}

#[test]
fn a_batch_that_fails_is_reported_changes_nothing_and_exits_1() {
    let shelf = Shelf::new();
    shelf.with_api(crate::NO_API, &["import", &sample()], 0);
    let cut = AtomicBool::new(true);
    let server = Server::start(move |hit| {
        let body: Arc<[u8]> = Arc::from(feed(&asked(&hit.path)).into_bytes());
        if cut.swap(false, Ordering::SeqCst) {
            Reply::body(200, "application/atom+xml", body).delivery(Delivery::CutAfter(2000))
        } else {
            Reply::body(200, "application/atom+xml", body)
        }
    });
    let (report, _) = shelf.with_api(&server.base(), &["metadata"], 1);
    assert_eq!(report["updated"], 0);
    assert_eq!(report["failed"][0]["ids"].as_array().unwrap().len(), 36);
    let error = report["failed"][0]["error"].as_str().unwrap();
    assert!(!error.is_empty(), "{report:#}");
    assert_eq!(
        shelf.json(&["show", "1"], 0)["authors"],
        serde_json::json!([])
    );
    // The text form says the same, and the next run fetches them.
    let out = shelf
        .cmd()
        .env("PAPERSHELF_ARXIV_API_BASE", server.base())
        .env("PAPERSHELF_ARXIV_DELAY_MS", "0")
        .arg("metadata")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "36 paper(s) asked: 35 updated, 1 not found on arXiv, 0 failed\nnot found: 2510.00406\n"
    );
}

#[test]
fn an_api_base_over_plain_http_elsewhere_is_refused() {
    let shelf = Shelf::new();
    shelf.with_api(crate::NO_API, &["import", &sample()], 0);
    let out = shelf
        .cmd()
        .env("PAPERSHELF_ARXIV_API_BASE", "http://export.arxiv.org")
        .arg("metadata")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("PAPERSHELF_ARXIV_API_BASE=`http://export.arxiv.org` is not valid"),
        "{stderr}"
    );
}

#[test]
fn exports_carry_the_metadata_and_select_by_author() {
    let server = stand_in();
    let shelf = Shelf::new();
    shelf.with_api(&server.base(), &["import", &sample()], 0);
    let out = shelf
        .cmd()
        .args(["export", "--format", "bibtex", "--author", "lopez"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bib = String::from_utf8(out.stdout).unwrap();
    // One entry, published (a DOI and a journal), its authors family first.
    assert_eq!(bib.matches('@').count(), 1, "{bib}");
    assert!(bib.starts_with("@article{lopez2025deepsearch,"), "{bib}");
    assert!(
        bib.contains("author={{López}, José Raúl and {He}, Kaiming}"),
        "{bib}"
    );
    assert!(bib.contains("journal={J. Test 1 (2025)}"), "{bib}");
    assert!(bib.contains("doi={10.1000/xyz}"), "{bib}");
    assert!(bib.contains("primaryClass={cs.LG}"), "{bib}");
    assert!(!bib.contains("no arXiv metadata"), "{bib}");

    let csl = shelf.json(
        &["export", "--format", "csl-json", "--category", "cs.AI"],
        0,
    );
    assert_eq!(
        csl[0]["author"],
        serde_json::json!([
            {"family": "López", "given": "José Raúl"},
            {"family": "He", "given": "Kaiming"},
        ])
    );
    assert_eq!(csl[0]["DOI"], "10.1000/xyz");

    // Many papers read at once: each keeps its own authors, in order.
    let csl = shelf.json(
        &["export", "--format", "csl-json", "--author", "wei zhang"],
        0,
    );
    let items = csl.as_array().unwrap();
    assert_eq!(items.len(), 34);
    for item in items {
        let authors = item["author"].as_array().unwrap();
        assert_eq!(authors.len(), 2, "{item:#}");
        let n = authors[0]["family"].as_str().unwrap();
        assert!(n.parse::<usize>().is_ok(), "{item:#}");
        assert!(authors[0]["given"] == "Author", "{item:#}");
        assert_eq!(
            authors[1],
            serde_json::json!({"family": "Zhang", "given": "Wei"})
        );
    }
}

#[test]
fn a_real_2016_answer_and_the_hard_cases_come_through_the_cli() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/arxiv-api/legacy2016_id_list_1111.2011v2.xml");
    let Ok(legacy) = std::fs::read(&shared) else {
        eprintln!(
            "skipping: the shared fixture {} is absent",
            shared.display()
        );
        return;
    };
    let hard = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/arxiv-api/hard_cases.xml"),
    )
    .unwrap();
    let (legacy, hard): (Arc<[u8]>, Arc<[u8]>) = (Arc::from(legacy), Arc::from(hard));
    let server = Server::start(move |hit| {
        let body = if hit.path.contains("1111.2011") {
            legacy.clone()
        } else {
            hard.clone()
        };
        Reply::body(200, "application/atom+xml", body)
    });
    let shelf = Shelf::new();
    // Two imports, so each feed answers its own request.
    for (name, text, updated) in [
        (
            "2012-01-05.md",
            "# Papers for 2012-01-05\n\n## 1.[Quantum criticality](https://arxiv.org/abs/1111.2011v1)\nsummary: 量子临界\n",
            1,
        ),
        (
            "2012-01-06.md",
            "# Papers for 2012-01-06\n\n## 1.[Bounds](https://arxiv.org/abs/2509.25454v3)\nsummary: 界\n\n\
             ## 2.[Old style](https://arxiv.org/abs/math/0309136)\nsummary: 旧\n",
            2,
        ),
    ] {
        let digest = shelf.dir.path().join(name);
        std::fs::write(&digest, text).unwrap();
        let digest = digest.display().to_string();
        let (report, _) = shelf.with_api(&server.base(), &["import", &digest], 0);
        assert_eq!(report["metadata"]["updated"], updated, "{report:#}");
    }
    assert_eq!(server.hits().len(), 2);

    let legacy = shelf.json(&["show", "1111.2011"], 0);
    assert_eq!(legacy["title"], "Quantum criticality");
    assert_eq!(legacy["authors"][1]["name"], "Adrian Del Maestro");
    assert_eq!(legacy["doi"], "10.1103/PhysRevB.85.115117");
    assert_eq!(legacy["journal_ref"], "Phys. Rev. B 85, 115117 (2012)");
    assert_eq!(legacy["published"], "2011-11-08T18:48:36Z");
    // The digest linked v1; arXiv has v2.
    assert_eq!(
        (
            legacy["latest_version"].as_u64(),
            legacy["new_version"].as_u64()
        ),
        (Some(2), Some(2))
    );
    let hard = shelf.json(&["show", "2509.25454"], 0);
    assert_eq!(hard["authors"][2]["name"], "Zoë Ñúñez-Øster");
    assert_eq!(hard["new_version"], Value::Null, "the digest linked v3");
    assert_eq!(hard["comment"], "12 pages, 3 figures");
    let old = shelf.json(&["show", "math/0309136"], 0);
    assert_eq!(old["categories"], serde_json::json!(["math.GT", "math.DG"]));
    // Linked without a version from a digest of 2012; v2 is from 2004.
    assert_eq!(old["new_version"], Value::Null);
    let newer = shelf.json(&["list", "--new-version"], 0);
    assert_eq!(arxiv_ids(&newer), ["1111.2011"]);
    assert_eq!(
        arxiv_ids(&shelf.json(&["list", "--author", "del maestro"], 0)),
        ["1111.2011"]
    );
    assert_eq!(
        arxiv_ids(&shelf.json(&["list", "--author", "Nunez Oster"], 0)),
        ["2509.25454"]
    );
}
