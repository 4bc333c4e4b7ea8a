//! Writes a library of synthetic digests (core's deterministic generator) for the
//! app's speed measurements: `synth_library DIR [PAPERS]`, 40 papers a day.

use std::path::PathBuf;

use chrono::NaiveDate;
use papershelf_core::{import, synth, Library};

const PER_DIGEST: usize = 40;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: synth_library DIR [PAPERS]"));
    let papers: usize = args
        .next()
        .map_or(10_000, |n| n.parse().expect("PAPERS is a number"));
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date");
    let mut library = Library::open(&dir).expect("the library opens");
    let days = papers.div_ceil(PER_DIGEST);
    let mut added = 0;
    for (name, text) in synth::digests(7, start, days, PER_DIGEST) {
        let report = import::import_bytes(&mut library, &name, &name, None, text.as_bytes(), None);
        assert!(report.error.is_none(), "{name}: {:?}", report.error);
        added += report.added;
    }
    println!("{added} papers in {days} digests in {}", dir.display());
}
