//! RIS (Zotero, EndNote, Mendeley):
//!
//! ```text
//! TY  - PREPRINT          (JOUR when arXiv knows a journal reference or a DOI)
//! AU  - He, Kaiming       (one line per author, in order)
//! TI  - title
//! PY  - 2025
//! DA  - 2025/09/30/
//! JO  - journal reference
//! PB  - arXiv
//! UR  - https://arxiv.org/abs/2509.25849
//! DO  - 10.1103/...
//! AB  - the abstract (one line)
//! KW  - a keyword, a tag  (one line each)
//! N1  - the reader's note (its lines kept)
//! ER  -
//! ```
//!
//! Lines end with `\n`. A note line that would read as a tag of its own
//! (`ER  - `) is indented by one space so it cannot end the record.

use super::{bibtex::bare_doi, one_line, split_name, ExportPaper, Name};

pub fn ris(papers: &[ExportPaper]) -> String {
    let mut out = String::with_capacity(papers.len() * 300);
    for p in papers {
        record(&mut out, p);
    }
    out
}

fn record(out: &mut String, p: &ExportPaper) {
    tag(
        out,
        "TY",
        if p.is_published() { "JOUR" } else { "PREPRINT" },
    );
    for a in p.authors() {
        let name = match split_name(&a.name) {
            Name::Person {
                family,
                given,
                suffix: Some(s),
            } => format!("{family}, {given}, {s}"),
            Name::Person { family, given, .. } => format!("{family}, {given}"),
            Name::Literal(name) => name,
        };
        tag(out, "AU", &name);
    }
    tag(out, "TI", &p.title);
    if let Some(i) = p.issued() {
        tag(out, "PY", &i.year.to_string());
        let date = match (i.month, i.day) {
            (Some(m), Some(d)) => format!("{}/{m:02}/{d:02}/", i.year),
            (Some(m), None) => format!("{}/{m:02}//", i.year),
            _ => format!("{}///", i.year),
        };
        tag(out, "DA", &date);
    }
    if let Some(j) = p.journal_ref() {
        tag(out, "JO", j);
    }
    if p.arxiv.is_some() {
        tag(out, "PB", "arXiv");
    }
    tag(out, "UR", &p.abs_url());
    if let Some(doi) = p.doi() {
        tag(out, "DO", bare_doi(doi));
    }
    if let Some(abs) = p.abstract_text() {
        tag(out, "AB", abs);
    }
    for kw in p.keywords.iter().chain(&p.tags) {
        tag(out, "KW", kw);
    }
    if let Some(note) = &p.note {
        let lines: Vec<String> = note
            .trim()
            .lines()
            .map(|l| {
                let l: String = l
                    .trim_end()
                    .chars()
                    .filter(|c| !c.is_control() || *c == '\t')
                    .collect();
                if looks_like_tag(&l) {
                    format!(" {l}")
                } else {
                    l
                }
            })
            .collect();
        out.push_str("N1  - ");
        out.push_str(&lines.join("\n"));
        out.push('\n');
    }
    out.push_str("ER  - \n");
}

/// One line: `TG  - value` (white space folded).
fn tag(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str("  - ");
    out.push_str(&one_line(value));
    out.push('\n');
}

/// `XY  - ` at the start of a line: what a reader takes for a new tag.
pub fn looks_like_tag(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() >= 5
        && b[0].is_ascii_uppercase()
        && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
        && &b[2..5] == b"  -"
}
