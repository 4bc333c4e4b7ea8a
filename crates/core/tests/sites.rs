//! Digests from static-site generators and notes tools (issue 16): every
//! fixture under `tests/fixtures/digests/sites/` imports with the papers,
//! titles and date `tests/fixtures/digests/README.md` gives it, and no
//! phantom paper from a mention that only cites one.

use std::path::{Path, PathBuf};

use papershelf_core::{digest, import, Library};

fn site(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/digests/sites")
        .join(name)
}

/// Imports one fixture into a new library: its report, and its entries'
/// (arXiv id, title) as parsed.
fn import(name: &str) -> (import::FileReport, Vec<(String, String)>) {
    let path = site(name);
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let report = import::import_file(&mut lib, &path, None);
    assert_eq!((&report.error, report.skipped), (&None, None), "{name}");
    let text = std::fs::read_to_string(&path).unwrap();
    let entries = digest::parse(&text)
        .digest
        .entries
        .iter()
        .map(|e| {
            let id = e
                .link
                .arxiv
                .as_ref()
                .map(|r| r.to_string())
                .unwrap_or_default();
            (id, e.title.clone())
        })
        .collect();
    assert_eq!(report.added, report.papers, "{name}");
    (report, entries)
}

fn check(name: &str, date: &str, papers: &[(&str, &str)]) -> import::FileReport {
    let (report, entries) = import(name);
    assert_eq!(
        report.date.map(|d| d.to_string()).as_deref(),
        Some(date),
        "{name}: date"
    );
    let want: Vec<(String, String)> = papers
        .iter()
        .map(|(i, t)| (i.to_string(), t.to_string()))
        .collect();
    assert_eq!(entries, want, "{name}");
    assert_eq!(report.papers, papers.len(), "{name}");
    report
}

#[test]
fn a_hugo_page_is_dated_by_its_front_matter() {
    let report = check(
        "hugo/content/posts/daily-papers.md",
        "2025-10-03",
        &[
            ("2501.12948", "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning"),
            ("2402.03300", "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models"),
            ("2305.18290", "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"),
        ],
    );
    assert_eq!(report.warnings, []);
}

/// The post's front matter says 2025-10-03, its file name 2025-10-01: the
/// page's own date comes first. The notes citing other papers name none.
#[test]
fn a_jekyll_post_front_matter_beats_its_file_name_and_cited_papers_are_no_entries() {
    check(
        "jekyll/_posts/2025-10-01-weekly-picks.md",
        "2025-10-03",
        &[
            ("1706.03762", "Attention Is All You Need"),
            (
                "2106.09685",
                "LoRA: Low-Rank Adaptation of Large Language Models",
            ),
            (
                "2305.14314",
                "QLoRA: Efficient Finetuning of Quantized LLMs",
            ),
        ],
    );
}

#[test]
fn papers_named_only_in_html_attributes() {
    check(
        "data-arxiv-id.md",
        "2025-10-03",
        &[
            ("2304.02643", "Segment Anything"),
            (
                "2103.00020v1",
                "Learning Transferable Visual Models From Natural Language Supervision",
            ),
            (
                "2005.11401",
                "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
            ),
        ],
    );
}

/// Dated by `> Updated on 2022.12.02`, not by any row's publish date.
#[test]
fn an_updated_on_readme_table() {
    let (_, entries) = import("updated-readme/README.md");
    let report = check(
        "updated-readme/README.md",
        "2022-12-02",
        &[
            (
                "2203.02155v1",
                "Training language models to follow instructions with human feedback",
            ),
            ("2005.14165v4", "Language Models are Few-Shot Learners"),
            (
                "2201.11903v6",
                "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
            ),
            (
                "2103.00020v1",
                "Learning Transferable Visual Models From Natural Language Supervision",
            ),
            ("2304.02643v1", "Segment Anything"),
        ],
    );
    assert_eq!(entries.len(), 5);
    assert_eq!(report.warnings, []);
}

#[test]
fn reference_mentions_make_no_phantom_papers() {
    let report = check(
        "references.md",
        "2025-10-03",
        &[
            (
                "2312.00752",
                "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
            ),
            ("2310.06825", "Mistral 7B"),
            ("2401.04088", "Mixtral of Experts"),
            (
                "2307.09288",
                "Llama 2: Open Foundation and Fine-Tuned Chat Models",
            ),
        ],
    );
    assert_eq!(report.warnings, []);
    // The references stay in the summaries as text.
    let text = std::fs::read_to_string(site("references.md")).unwrap();
    let entries = digest::parse(&text).digest.entries;
    assert!(
        entries[0].summary.text.contains("arXiv:2111.00396"),
        "{}",
        entries[0].summary.text
    );
    assert!(
        entries[1].summary.text.contains("arXiv:2410.09874"),
        "{}",
        entries[1].summary.text
    );
    assert!(
        entries[2].summary.text.contains("arXiv:2101.03961"),
        "{}",
        entries[2].summary.text
    );
}

/// Invalid YAML: a warning on its line, and the page still imports, dated
/// by its heading (the front matter's date was inside the broken value).
#[test]
fn malformed_front_matter_warns_with_its_line_and_the_rest_parses() {
    let report = check(
        "malformed-front-matter.md",
        "2025-10-06",
        &[
            (
                "2307.09288",
                "Llama 2: Open Foundation and Fine-Tuned Chat Models",
            ),
            ("2310.06825", "Mistral 7B"),
        ],
    );
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(report.warnings[0].message.contains("not valid YAML"));
    assert!(
        (2..=4).contains(&report.warnings[0].line),
        "{:?}",
        report.warnings
    );
}
