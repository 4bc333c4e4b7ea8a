//! Writes synthetic daily digests (see `papershelf_core::synth`) to a folder:
//! `cargo run --release -p papershelf-core --example synth_digests -- DIR COUNT [PAPERS]`.

use chrono::NaiveDate;
use papershelf_core::synth;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: synth_digests DIR COUNT [PAPERS_PER_DIGEST]";
    let dir = std::path::PathBuf::from(args.next().expect(usage));
    let count: usize = args.next().and_then(|c| c.parse().ok()).expect(usage);
    let papers: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(36);
    std::fs::create_dir_all(&dir)?;
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a valid date");
    for (name, text) in synth::digests(42, start, count, papers) {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}
