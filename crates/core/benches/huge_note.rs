//! Issue 17 §0.4: a search over a paper whose note is megabytes of Chinese
//! with the query in every sentence. Snippets and highlights must cost time
//! linear in the note (issue 5: a search's first page well under 100 ms).
//! Not part of the tests; run:
//!
//! ```sh
//! cargo bench -p papershelf-core --bench huge_note            # 2 MB and 10 MB
//! cargo bench -p papershelf-core --bench huge_note -- --mb 1 --runs 3  # another size, fewer runs
//! ```
//!
//! Prints one Markdown row per size: the median and slowest of a few runs.

use std::path::Path;
use std::time::{Duration, Instant};

use papershelf_core::{import, Filter, Library, PaperQuery};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/digests/2025-10-03.md"
);

/// A sentence holding `汉字` once; repeated, a note of any size.
const SENTENCE: &str = "汉字的书写。";

fn arg(name: &str) -> Option<usize> {
    let args: Vec<String> = std::env::args().collect();
    let i = args.iter().position(|a| a == name)?;
    Some(
        args.get(i + 1)
            .and_then(|s| s.parse().ok())
            .expect("a number"),
    )
}

/// The queries timed: one matching all through the note, so its snippet
/// is found at once; one whose two words meet only in the note's last
/// sentence, so the whole note is read for it (the slowest case).
const QUERIES: [&str; 2] = ["汉字", "鹦鹉螺 书写"];

fn main() {
    let sizes = arg("--mb").map_or(vec![2, 10], |mb| vec![mb]);
    let runs = arg("--runs").unwrap_or(5);
    println!("| note | query | matches in the note | first page, median ms | slowest ms | runs |");
    println!("|---|---|---|---|---|---|");
    for mb in sizes {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let report = import::import_file(&mut lib, Path::new(SAMPLE), None);
        assert!(report.error.is_none(), "{report:?}");
        let id = lib.resolve("2509.25454").unwrap();
        let note = format!(
            "{}鹦鹉螺的书写。",
            SENTENCE.repeat(mb * 1024 * 1024 / SENTENCE.len())
        );
        lib.set_note(id, &note).unwrap();

        for text in QUERIES {
            let query = PaperQuery::search(text, Filter::default());
            let mut samples: Vec<Duration> = (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    let page = lib.papers(&query).unwrap();
                    let took = t.elapsed();
                    assert_eq!(page.ids(), [id]);
                    took
                })
                .collect();
            samples.sort();
            let word = text.split(' ').next().unwrap_or_default();
            println!(
                "| {mb} MB | `{text}` | {} | {:.1} | {:.1} | {runs} |",
                note.matches(word).count(),
                samples[runs / 2].as_secs_f64() * 1000.0,
                samples[runs - 1].as_secs_f64() * 1000.0,
            );
        }
    }
}
