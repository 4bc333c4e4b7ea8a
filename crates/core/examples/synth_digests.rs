//! Writes synthetic digests (see `papershelf_core::synth`):
//! `cargo run --release -p papershelf-core --example synth_digests -- DIR COUNT [PAPERS]`
//! writes daily digests to a folder;
//! `... -- --generic FILE MEGABYTES` writes one digest in the generic shapes.

use chrono::NaiveDate;
use papershelf_core::synth;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: synth_digests DIR COUNT [PAPERS_PER_DIGEST] | --generic FILE MEGABYTES";
    let first = args.next().expect(usage);
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a valid date");
    if first == "--generic" {
        let file = std::path::PathBuf::from(args.next().expect(usage));
        let mb: usize = args.next().and_then(|c| c.parse().ok()).expect(usage);
        let text = synth::generic_digest(&mut synth::Rng::new(42), start, mb << 20);
        return std::fs::write(file, text);
    }
    let dir = std::path::PathBuf::from(first);
    let count: usize = args.next().and_then(|c| c.parse().ok()).expect(usage);
    let papers: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(36);
    std::fs::create_dir_all(&dir)?;
    for (name, text) in synth::digests(42, start, count, papers) {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}
