//! Issue 11 §5: exporting 10,000 papers to BibTeX in under a second. A
//! criterion bench over a synthetic library of 10,000 papers (100 digests
//! of 100); not part of the tests. Run:
//!
//! ```sh
//! cargo bench -p papershelf-core --bench export
//! ```
//!
//! Measured: gathering the papers (one query plus their summaries and
//! notes); the whole export as the CLI runs it (gathered, then formatted);
//! formatting alone; and formatting 10,000 papers that carry arXiv
//! metadata (eight authors each, abstract, DOI), which is what BibTeX
//! spends most on once metadata is in the library; CSL-JSON likewise; and
//! the whole export from a library holding that metadata.

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use papershelf_core::arxiv::ArxivId;
use papershelf_core::export::{self, bibtex, Author, ExportMetadata, ExportPaper};
use papershelf_core::metadata::Metadata;
use papershelf_core::{import, synth, Library, PaperId, PaperQuery, Scope};

const PAPERS: usize = 10_000;

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for (name, text) in synth::digests(11, start, PAPERS / 100, 100) {
        let r = import::import_bytes(&mut lib, &name, &name, None, text.as_bytes(), None);
        assert!(r.error.is_none(), "{r:?}");
    }
    (dir, lib)
}

fn with_metadata(papers: &[ExportPaper]) -> Vec<ExportPaper> {
    const NAMES: [&str; 8] = [
        "Kaiming He",
        "Dirk Wübben",
        "L. N. da Costa",
        "P. -F. Leget",
        "José Raúl Romero",
        "Aurora Ramírez",
        "Martin Luther King Jr.",
        "Xinlei Chen",
    ];
    papers
        .iter()
        .enumerate()
        .map(|(i, p)| ExportPaper {
            metadata: Some(ExportMetadata {
                authors: NAMES
                    .iter()
                    .map(|n| Author {
                        name: (*n).into(),
                        affiliations: vec![],
                    })
                    .collect(),
                abstract_text: Some("We study $x^2$ & more_things in {braces}. ".repeat(20)),
                published: Some(
                    Utc.with_ymd_and_hms(2025, 1 + (i % 12) as u32, 3, 0, 0, 0)
                        .unwrap(),
                ),
                updated: None,
                primary_category: Some("cs.LG".into()),
                categories: vec!["cs.LG".into(), "cs.AI".into()],
                doi: (i % 4 == 0).then(|| format!("10.1000/{i}")),
                journal_ref: (i % 8 == 0).then(|| "J. Mach. Learn. 1 (2025)".into()),
                comment: None,
            }),
            ..p.clone()
        })
        .collect()
}

/// Stores `rich`'s metadata in the library, as `papershelf metadata` would.
fn store_metadata(lib: &mut Library, rich: &[ExportPaper]) {
    for batch in rich.chunks(100) {
        let papers: Vec<(PaperId, ArxivId)> = batch
            .iter()
            .map(|p| (p.id, p.arxiv.clone().unwrap().id))
            .collect();
        let found: Vec<Metadata> = batch
            .iter()
            .zip(&papers)
            .map(|(p, (_, id))| {
                let m = p.metadata.clone().unwrap();
                Metadata {
                    arxiv_id: id.clone(),
                    version: Some(1),
                    title: p.title.clone(),
                    authors: m.authors,
                    abstract_text: m.abstract_text.unwrap_or_default(),
                    published: m.published.unwrap(),
                    updated: m.published.unwrap(),
                    primary_category: m.primary_category,
                    categories: m.categories,
                    doi: m.doi,
                    journal_ref: m.journal_ref,
                    comment: m.comment,
                    links: vec![],
                }
            })
            .collect();
        lib.save_metadata(&papers, &found, &[]).unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let (_dir, lib) = library();
    let all = PaperQuery::scope(Scope::All);
    let papers = export::gather(&lib, &all).unwrap();
    assert_eq!(papers.len(), PAPERS);
    let rich = with_metadata(&papers);
    let (_rich_dir, mut rich_lib) = library();
    store_metadata(&mut rich_lib, &rich);
    assert!(export::gather(&rich_lib, &all).unwrap()[0]
        .metadata
        .is_some());
    let mut g = c.benchmark_group("export 10,000 papers");
    g.sample_size(10);
    g.bench_function("gather (rows, newest summaries, notes)", |b| {
        b.iter(|| export::gather(&lib, &all).unwrap().len())
    });
    g.bench_function("gather + BibTeX (digest data, as the CLI runs it)", |b| {
        b.iter(|| bibtex::bibtex(&export::gather(&lib, &all).unwrap()).len())
    });
    g.bench_function(
        "gather + BibTeX (arXiv metadata in the library, 8 authors each)",
        |b| b.iter(|| bibtex::bibtex(&export::gather(&rich_lib, &all).unwrap()).len()),
    );
    g.bench_function("BibTeX only (digest data)", |b| {
        b.iter(|| bibtex::bibtex(&papers).len())
    });
    g.bench_function("BibTeX only (with arXiv metadata, 8 authors each)", |b| {
        b.iter(|| bibtex::bibtex(&rich).len())
    });
    g.bench_function("CSL-JSON only (with arXiv metadata)", |b| {
        b.iter(|| {
            serde_json::to_string(&export::csl::csl_json(&rich))
                .unwrap()
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
