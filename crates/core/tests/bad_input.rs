//! Hostile input through the core's front door (issue 17 §4): Markdown
//! nested 10,000 deep, NUL bytes in notes and tags. Each gives a correct
//! result or a clear error; nothing overflows the stack (test threads have
//! 2 MiB of it, a quarter of a program's main thread).
//!
//! Elsewhere: a 10 MB note (`tests/search.rs`), a digest of 100,000 entries,
//! symlink loops, file names that are not UTF-8, FIFOs, devices, `/dev/zero`
//! and endless standard input (the CLI's `bad_input.rs`, `import_limits.rs`).

use papershelf_core::digest::{self, Summary};
use papershelf_core::{import, Filter, Library, PaperId, PaperQuery, StoreError, Total};

const DEPTH: usize = 10_000;

/// A page whose one paper link sits inside `open` repeated 10,000 times
/// (and `close` after it).
fn nested(open: &str, close: &str) -> String {
    format!(
        "# 2025-10-03\n\n{}[A deep paper](https://arxiv.org/abs/2510.01180){}\n",
        open.repeat(DEPTH),
        close.repeat(DEPTH)
    )
}

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    (dir, lib)
}

/// A library of one paper, number 1.
fn library_with_a_paper() -> (tempfile::TempDir, Library) {
    let (dir, mut lib) = library();
    let report = import::import_bytes(
        &mut lib,
        "-",
        "a.md",
        None,
        b"# 2025-10-03\n\n- [A paper](https://arxiv.org/abs/2510.01180): text\n",
        None,
    );
    assert_eq!(report.error, None);
    (dir, lib)
}

#[test]
fn markdown_nested_ten_thousand_deep_imports_its_paper() {
    let shapes = [
        ("blockquotes", nested("> ", "")),
        ("lists", nested("- ", "")),
        ("ordered lists", nested("1. ", "")),
        ("mixed containers", nested("> - 1. ", "")),
        ("emphasis", nested("*_", "_*")),
        ("brackets", nested("[", "]")),
        ("inline HTML", nested("<span>", "</span>")),
        ("HTML blocks", nested("<div>\n", "</div>\n")),
    ];
    for (shape, text) in shapes {
        let parsed = digest::parse(&text);
        let ids: Vec<String> = parsed
            .digest
            .entries
            .iter()
            .filter_map(|e| e.link.arxiv.as_ref().map(|a| a.id.to_string()))
            .collect();
        assert_eq!(ids, ["2510.01180"], "{shape}");
        let (_dir, mut lib) = library();
        let report = import::import_bytes(&mut lib, shape, "deep.md", None, text.as_bytes(), None);
        assert_eq!(report.error, None, "{shape}");
        let detail = lib.paper(PaperId(1)).unwrap();
        assert_eq!(detail.row.arxiv.unwrap().id.to_string(), "2510.01180");
    }
}

#[test]
fn a_summary_nested_ten_thousand_deep_is_read_back() {
    let summary = format!(
        "**深度, nesting** {}{}{} deep",
        "> ".repeat(DEPTH),
        "- ".repeat(DEPTH),
        "[".repeat(DEPTH)
    );
    let text = format!(
        "# Papers for 2025-10-03\n\n## 0.[Deep](https://arxiv.org/pdf/2510.01180)\nsummary:{summary}\n"
    );
    let (_dir, mut lib) = library();
    let report = import::import_bytes(&mut lib, "-", "deep.md", None, text.as_bytes(), None);
    assert_eq!(report.error, None);
    let detail = lib.paper(PaperId(1)).unwrap();
    let stored = &detail.entries[0].summary;
    assert_eq!(stored, &summary);
    assert_eq!(Summary::parse(stored).keywords, ["深度", "nesting"]);
    assert_eq!(detail.row.keywords, ["深度", "nesting"]);
    let found = lib.papers(&PaperQuery::search("deep", Filter::default()));
    assert_eq!(found.unwrap().total, Total::Exact(1));
}

#[test]
fn nul_bytes_in_a_note_are_kept_exactly_and_searched_around() {
    let (_dir, mut lib) = library_with_a_paper();
    let text = "# Reading\n\nbefore\0after \0\0 还有\0中文\n\0";
    let id = PaperId(1);
    lib.set_note(id, text).unwrap();
    assert_eq!(lib.note(id).unwrap().unwrap().text, text);
    lib.append_note(id, "tail\0line").unwrap();
    let note = lib.note(id).unwrap().unwrap().text;
    assert_eq!(note, format!("{}\n\ntail\0line", text.trim_end()));
    // Replaced, the old text is in the history whole.
    lib.set_note(id, "new").unwrap();
    let history = lib.note_history(id).unwrap();
    assert!(history.iter().any(|h| h.text == note), "{history:?}");
    lib.set_note(id, &note).unwrap();
    for query in ["before", "after", "中文", "tail", "line"] {
        let page = lib
            .papers(&PaperQuery::search(query, Filter::default()))
            .unwrap();
        assert_eq!(page.total, Total::Exact(1), "{query}");
    }
    assert!(lib.check().unwrap().is_empty());
}

#[test]
fn a_tag_with_a_nul_byte_is_refused_with_it_written_out() {
    let (_dir, mut lib) = library_with_a_paper();
    let err = lib
        .add_tags(PaperId(1), &["to\0read".to_owned()])
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidTag { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "`to\\u{0000}read` cannot be a tag: a tag cannot hold control characters"
    );
    assert!(lib.tags().unwrap().is_empty());
}
