//! Issue 2's targets: parse the sample at 150 MB/s or more; import 1,000
//! digests of 36 entries into an empty library in under 2 s; re-import the
//! same 1,000 (all unchanged) in under 0.3 s. Issue 16's: a 1.7 MB README
//! table of 8,500 rows (`synth::readme_table`) parses and imports in well
//! under a second. Run: `cargo bench -p papershelf-core --bench import`.

use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use papershelf_core::{digest, import, synth, Library};

const SAMPLE: &str = include_str!("../../../tests/fixtures/digests/2025-10-03.md");

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    g.bench_function("sample 2025-10-03.md", |b| b.iter(|| digest::parse(SAMPLE)));
    let synthetic = synth::digests(1, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(), 1, 36)
        .remove(0)
        .1;
    g.throughput(Throughput::Bytes(synthetic.len() as u64));
    g.bench_function("synthetic 36 entries", |b| {
        b.iter(|| digest::parse(&synthetic))
    });
    let day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let generic = synth::generic_digest(&mut synth::Rng::new(1), day, 4 << 20);
    g.throughput(Throughput::Bytes(generic.len() as u64));
    g.sample_size(10);
    g.bench_function("generic 4 MB", |b| b.iter(|| digest::parse(&generic)));
    g.finish();
}

/// 1,000 synthetic digest files of 36 entries in a temporary folder.
fn thousand_digests() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let paths = synth::digests(42, start, 1000, 36)
        .into_iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    (dir, paths)
}

/// A new library in a temporary folder (kept while the library is used).
fn empty_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path()).unwrap();
    (dir, lib)
}

fn import_all(lib: &mut Library, paths: &[PathBuf]) -> usize {
    let reports = import::import_paths(lib, paths, None);
    assert!(reports.iter().all(|r| r.error.is_none()));
    reports.iter().map(|r| r.added).sum()
}

fn import_thousand(c: &mut Criterion) {
    let (_files, paths) = thousand_digests();
    let mut g = c.benchmark_group("import 1000 digests x 36 entries");
    g.sample_size(10);
    g.throughput(Throughput::Elements(36_000));
    g.bench_function("into an empty library", |b| {
        b.iter_batched(
            empty_library,
            |(dir, mut lib)| {
                assert_eq!(import_all(&mut lib, &paths), 36_000);
                (dir, lib)
            },
            BatchSize::PerIteration,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path()).unwrap();
    import_all(&mut lib, &paths);
    g.bench_function("again, all unchanged", |b| {
        b.iter(|| assert_eq!(import_all(&mut lib, &paths), 0))
    });
    g.finish();
}

/// Issue 16: one README growing a table row per paper, 8,500 rows.
fn readme_table(c: &mut Criterion) {
    let updated = NaiveDate::from_ymd_opt(2026, 6, 29).unwrap();
    let text = synth::readme_table(&mut synth::Rng::new(16), updated, 8_500);
    let mut g = c.benchmark_group("README table 8,500 rows");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("parse", |b| {
        b.iter(|| assert_eq!(digest::parse(&text).digest.entries.len(), 8_500))
    });
    g.bench_function("import into an empty library", |b| {
        b.iter_batched(
            empty_library,
            |(dir, mut lib)| {
                let r = import::import_bytes(
                    &mut lib,
                    "README.md",
                    "README.md",
                    None,
                    text.as_bytes(),
                    None,
                );
                assert_eq!((r.error, r.added), (None, 8_500));
                (dir, lib)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, parse, import_thousand, readme_table);
criterion_main!(benches);
