//! Citation keys: `he2025gem` (first author's family name, year, first
//! significant word of the title), in ASCII, stable across exports and
//! unique within one.

use std::collections::{BTreeMap, HashSet};

use super::{split_name, ExportPaper};

/// Title words a key skips (as arXiv's own keys do).
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "from", "by", "at", "is",
    "are", "via", "towards", "toward", "into", "as", "or", "its", "do", "does", "can", "how",
    "what", "why", "when", "we", "not",
];

/// The key each paper gets, in the papers' order.
///
/// A key depends only on its paper (family name, year, title word) except
/// for the letter that tells papers with the same key apart: those get
/// `he2025gem`, `he2025gema`, `he2025gemb`... in the order of their arXiv ids
/// (then links), not of the list, so exporting the same papers in another
/// order or with others that do not collide gives the same keys.
pub fn citation_keys(papers: &[ExportPaper]) -> Vec<String> {
    let bases: Vec<String> = papers.iter().map(base_key).collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, base) in bases.iter().enumerate() {
        groups.entry(base.as_str()).or_default().push(i);
    }
    let mut used: HashSet<String> = HashSet::with_capacity(papers.len());
    // A base is first taken by its own group's first paper: `gema` as a
    // title word keeps its key even when `gem` needs suffixes.
    let mut keys = vec![String::new(); papers.len()];
    let all: HashSet<&str> = groups.keys().copied().collect();
    for (base, members) in &groups {
        let mut members = members.clone();
        members.sort_by(|&a, &b| order(&papers[a]).cmp(&order(&papers[b])));
        assign(base, &members, &mut keys, &mut used, &all);
    }
    keys
}

fn assign(
    base: &str,
    members: &[usize],
    keys: &mut [String],
    used: &mut HashSet<String>,
    bases: &HashSet<&str>,
) {
    let mut n = 0usize;
    for &m in members {
        loop {
            let candidate = format!("{base}{}", suffix(n));
            n += 1;
            // A candidate that is another group's base stays that group's.
            let other_base = n > 1 && bases.contains(candidate.as_str());
            if !other_base && used.insert(candidate.clone()) {
                keys[m] = candidate;
                break;
            }
        }
    }
}

fn order(p: &ExportPaper) -> (Option<String>, &str, i64) {
    (p.arxiv.as_ref().map(|a| a.id.to_string()), &p.url, p.id.0)
}

/// "", "a", ..., "z", "aa", "ab", ...
fn suffix(n: usize) -> String {
    if n == 0 {
        return String::new();
    }
    let mut n = n - 1;
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// The key before telling collisions apart.
fn base_key(p: &ExportPaper) -> String {
    let family = p
        .authors()
        .first()
        .map(|a| ascii_word(split_name(&a.name).family()))
        .unwrap_or_default();
    let year = p.issued().map(|i| i.year.to_string()).unwrap_or_default();
    let word = p
        .title
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == ':')
        .map(ascii_word)
        .find(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        .unwrap_or_default();
    let key = if family.is_empty() {
        format!("{word}{year}")
    } else {
        format!("{family}{year}{word}")
    };
    if key.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        key
    } else if let Some(a) = &p.arxiv {
        format!("arxiv{}", ascii_word(a.id.as_str()))
    } else {
        format!("paper{key}")
    }
}

/// Lowercase ASCII letters and digits of a word, accents and scripts
/// transliterated (`Wübben` → `wubben`, `何` → `he`).
fn ascii_word(word: &str) -> String {
    deunicode::deunicode(word)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_count_in_letters() {
        let s: Vec<String> = [0, 1, 2, 26, 27, 28, 26 + 26 * 26, 26 + 26 * 26 + 1]
            .into_iter()
            .map(suffix)
            .collect();
        assert_eq!(s, ["", "a", "b", "z", "aa", "ab", "zz", "aaa"]);
    }

    #[test]
    fn words_are_folded_to_ascii() {
        assert_eq!(ascii_word("Wübben"), "wubben");
        assert_eq!(ascii_word("Mena-Fernández"), "menafernandez");
        assert_eq!(ascii_word("何恺明"), "hekaiming");
        assert_eq!(ascii_word("O'Neil"), "oneil");
    }
}
