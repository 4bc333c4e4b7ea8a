//! `highlights`: a paper's highlights in its PDF, made in the app's viewer
//! (here through core, as the app's commands call it).

use papershelf_core::{HighlightColor, Library, NewHighlight, PdfRect};
use serde_json::json;

use crate::Shelf;

/// The 2025-10-03 digest, with paper 2509.25454's PDF recorded as v1 and two
/// highlights on it: page 3 with a comment, then page 2 over two lines.
fn shelf_with_highlights() -> Shelf {
    let shelf = Shelf::new();
    shelf.import(&["2025-10-03.md"], 0);
    let mut lib = Library::open(shelf.dir.path()).unwrap();
    let paper = lib.resolve("2509.25454").unwrap();
    lib.record_pdf(paper, "pdfs/2509.25454.pdf", Some(1), 10, "ab")
        .unwrap();
    let rect = |y: f64| PdfRect {
        x1: 72.0,
        y1: y,
        x2: 300.0,
        y2: y + 12.0,
    };
    let commented = NewHighlight {
        page: 3,
        text: "reward shaping helps".into(),
        rects: vec![rect(400.0)],
        color: HighlightColor::Green,
        comment: "zyzzyva: compare with §4".into(),
    };
    lib.add_highlight(paper, &commented).unwrap();
    let two_lines = NewHighlight {
        page: 2,
        text: "the first line\nand the second".into(),
        rects: vec![rect(700.0), rect(686.0)],
        color: HighlightColor::Yellow,
        comment: String::new(),
    };
    lib.add_highlight(paper, &two_lines).unwrap();
    shelf
}

#[test]
fn highlights_are_listed_in_reading_order_as_json() {
    let shelf = shelf_with_highlights();
    let mut listed = shelf.json(&["highlights", "2509.25454"], 0);
    for h in listed.as_array_mut().unwrap() {
        let created = h["created_at"].as_str().unwrap();
        assert!(created.ends_with('Z') && created.len() >= 20, "{created}");
        h["created_at"] = json!("t");
    }
    assert_eq!(
        listed,
        json!([
            {"id": 2, "page": 2, "text": "the first line\nand the second", "comment": "",
             "color": "yellow", "pdf_version": 1, "created_at": "t"},
            {"id": 1, "page": 3, "text": "reward shaping helps", "comment": "zyzzyva: compare with §4",
             "color": "green", "pdf_version": 1, "created_at": "t"},
        ])
    );
    // The paper's number works as well as its id; a paper without any has [].
    assert_eq!(
        shelf
            .json(&["highlights", "1"], 0)
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(shelf.json(&["highlights", "2"], 0), json!([]));
}

#[test]
fn highlights_are_shown_as_blocks_and_found_by_search() {
    let shelf = shelf_with_highlights();
    let out = shelf
        .cmd()
        .args(["highlights", "2509.25454"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "p. 2, yellow (highlight 2)\n> the first line\n> and the second\n\n\
         p. 3, green (highlight 1)\n> reward shaping helps\nzyzzyva: compare with §4\n"
    );
    // A word of the comment finds the paper; the hit says where.
    let found = shelf.json(&["search", "zyzzyva"], 0);
    let results = found["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["arxiv_id"], "2509.25454");
    assert_eq!(results[0]["snippet"]["source"], "highlight");
    assert_eq!(results[0]["snippet"]["page"], 3);
    let text = shelf
        .cmd()
        .args(["search", "zyzzyva"])
        .output()
        .unwrap()
        .stdout;
    assert!(String::from_utf8(text)
        .unwrap()
        .contains("highlight p. 3: "));
}

#[test]
fn a_highlight_on_an_older_pdf_says_so_and_unknown_papers_fail() {
    let shelf = shelf_with_highlights();
    let mut lib = Library::open(shelf.dir.path()).unwrap();
    let paper = lib.resolve("2509.25454").unwrap();
    lib.record_pdf(paper, "pdfs/2509.25454.pdf", Some(2), 12, "cd")
        .unwrap();
    drop(lib);
    let out = shelf.cmd().args(["highlights", "1"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(
            "p. 2, yellow (highlight 2), made on v1 of the PDF: not the PDF cached now\n"
        ),
        "{text}"
    );
    let none = shelf.cmd().args(["highlights", "2"]).output().unwrap();
    assert!(String::from_utf8(none.stdout)
        .unwrap()
        .starts_with("Paper 2 has no highlights"));
    shelf
        .cmd()
        .args(["highlights", "2401.00001"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no paper `2401.00001`"));
}
