//! BibTeX in the shape of arXiv's own export (`arxiv.org/bibtex/ID`):
//!
//! ```bibtex
//! @misc{he2025gem,
//!       title={...},
//!       author={{He}, Kaiming and {Chen}, Xinlei},
//!       year={2025},
//!       eprint={2509.25849},
//!       archivePrefix={arXiv},
//!       primaryClass={cs.CV},
//!       url={https://arxiv.org/abs/2509.25849},
//! }
//! ```
//!
//! `@article` (with `journal`) when arXiv knows a journal reference or a
//! DOI. Unlike arXiv's: names are written `{Family}, Given` (braced, so a
//! family name of several words, `and` or a comma stays one name); `year`
//! is the first version's (a key must not change when a v2 appears in
//! another year; arXiv's takes the latest version's); `doi` is the bare DOI
//! (biblatex makes the link), not a URL; the reader's note and tags are left
//! out. Text is escaped to mean exactly what it says ([`escape`]): `$w$CDM`
//! in a title prints as `$w$CDM`, not as math. Unicode is written as it is
//! (UTF-8): biber and BibTeX with `inputenc` read it; plain 8-bit BibTeX
//! may sort or abbreviate accented names wrongly. A paper without arXiv's
//! metadata is exported from what its digest gives (title, eprint, url; the
//! year from its id) under a `%` comment that says so.

use super::{citation_keys, split_name, ExportPaper, Name};

/// The entries, one per paper, in order.
pub fn bibtex(papers: &[ExportPaper]) -> String {
    let keys = citation_keys(papers);
    let mut out = String::with_capacity(papers.len() * 400);
    for (paper, key) in papers.iter().zip(&keys) {
        entry(&mut out, paper, key);
    }
    out
}

fn entry(out: &mut String, p: &ExportPaper, key: &str) {
    if p.metadata.is_none() {
        out.push_str(match p.arxiv {
            Some(_) => "% Papershelf: no arXiv metadata for this paper yet; title, eprint and url come from the digest, there are no authors.\n",
            None => "% Papershelf: not an arXiv paper; title and url come from the digest, there are no authors.\n",
        });
    }
    let article = p.is_published();
    out.push_str(if article { "@article{" } else { "@misc{" });
    out.push_str(key);
    out.push_str(",\n");
    field(out, "title", &escape(&p.title));
    let authors = p.authors();
    if !authors.is_empty() {
        let names: Vec<String> = authors.iter().map(|a| name(&split_name(&a.name))).collect();
        field(out, "author", &names.join(" and "));
    }
    if let Some(journal) = p.journal_ref().filter(|_| article) {
        field(out, "journal", &escape(journal));
    }
    if let Some(issued) = p.issued() {
        field(out, "year", &issued.year.to_string());
    }
    if let Some(a) = &p.arxiv {
        field(out, "eprint", &verbatim(a.id.as_str()));
        field(out, "archivePrefix", "arXiv");
        if let Some(c) = p.primary_category() {
            field(out, "primaryClass", &escape(c));
        }
    }
    if let Some(doi) = p.doi() {
        field(out, "doi", &verbatim(bare_doi(doi)));
    }
    field(out, "url", &verbatim(&p.abs_url()));
    out.push_str("}\n");
}

fn field(out: &mut String, name: &str, value: &str) {
    out.push_str("      ");
    out.push_str(name);
    out.push_str("={");
    out.push_str(value);
    out.push_str("},\n");
}

/// `10.1103/x` from `https://doi.org/10.1103/x` or `doi:10.1103/x`.
pub fn bare_doi(doi: &str) -> &str {
    let doi = doi.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ] {
        if let Some(rest) = doi.strip_prefix(prefix) {
            return rest;
        }
    }
    doi
}

/// One name of an `author` field: `{Family}, Given`, `{Family}, Jr., Given`,
/// or `{Whole Name}`.
pub fn name(n: &Name) -> String {
    match n {
        Name::Literal(whole) => format!("{{{}}}", escape(whole)),
        Name::Person {
            family,
            given,
            suffix,
        } => {
            let mut s = format!("{{{}}}", escape(family));
            if let Some(suffix) = suffix {
                s.push_str(", ");
                s.push_str(&name_part(suffix));
            }
            if !given.trim().is_empty() {
                s.push_str(", ");
                s.push_str(&name_part(given));
            }
            s
        }
    }
}

/// A given name or suffix: escaped, with what would cut the name elsewhere
/// (a comma, the word `and`) in braces.
fn name_part(text: &str) -> String {
    let escaped = escape(text).replace(',', "{,}");
    escaped
        .split(' ')
        .map(|w| {
            if w.eq_ignore_ascii_case("and") {
                format!("{{{w}}}")
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A verbatim field (`url`, `doi`, `eprint`: biber and the `url` package
/// read them as they are, so an escape would stay in the link): as it is, but
/// braces, backslashes and spaces percent-encoded, which a link or DOI
/// resolver reads the same and which cannot unbalance the field.
pub fn verbatim(text: &str) -> String {
    super::one_line(text)
        .replace('{', "%7B")
        .replace('}', "%7D")
        .replace('\\', "%5C")
        .replace(' ', "%20")
}

/// Text for a braced BibTeX field that means exactly what it says: LaTeX's
/// special characters are escaped (`\& \% \$ \# \_`), braces and backslashes
/// become commands (`\textbraceleft{}`, so no brace is ever unbalanced, even
/// for BibTeX, which counts `\{` too), `~` and `^` print as themselves, `--`
/// stays two hyphens; white space becomes single spaces.
pub fn escape(text: &str) -> String {
    let text = super::one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.peek() == Some(&'-') => out.push_str("-{}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specials_are_escaped_and_braces_never_unbalanced() {
        assert_eq!(
            escape("50% & $5 #1 a_b {x} }{ \\cmd ~ ^ --"),
            "50\\% \\& \\$5 \\#1 a\\_b \\textbraceleft{}x\\textbraceright{} \\textbraceright{}\\textbraceleft{} \\textbackslash{}cmd \\textasciitilde{} \\textasciicircum{} -{}-"
        );
        assert_eq!(escape("Ferté\n  和 GRPO"), "Ferté 和 GRPO");
    }

    #[test]
    fn names_are_braced_where_they_could_be_cut() {
        let n = |f: &str, g: &str| Name::Person {
            family: f.into(),
            given: g.into(),
            suffix: None,
        };
        assert_eq!(name(&n("He", "Kaiming")), "{He}, Kaiming");
        assert_eq!(name(&n("da Costa", "L. N.")), "{da Costa}, L. N.");
        assert_eq!(name(&n("Doe", "Jane And Joe")), "{Doe}, Jane {And} Joe");
        assert_eq!(
            name(&n("Smith", "Tom and, Jerry")),
            "{Smith}, Tom and{,} Jerry"
        );
        assert_eq!(
            name(&Name::Literal("ATLAS & CMS Collaboration".into())),
            "{ATLAS \\& CMS Collaboration}"
        );
    }

    #[test]
    fn verbatim_fields_only_encode_what_could_unbalance_them() {
        assert_eq!(
            verbatim("https://x.org/a_b%20c#x~y?{z}\\ w"),
            "https://x.org/a_b%20c#x~y?%7Bz%7D%5C%20w"
        );
    }

    #[test]
    fn dois_lose_their_link() {
        assert_eq!(
            bare_doi("https://doi.org/10.1103/3sj1-1l9f"),
            "10.1103/3sj1-1l9f"
        );
        assert_eq!(bare_doi(" 10.1/x "), "10.1/x");
    }
}
