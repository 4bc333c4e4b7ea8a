//! Bare `arXiv:ID` mentions that only cite a paper: "text overlap with
//! arXiv:2410.09874", "extends arXiv:2301.00001", a reference list under a
//! paper. They stay in the text (and so in a summary) but name no entry.
//!
//! A mention of another paper than the one its entry links is a reference
//! when it is:
//!
//! 1. in a unit that links a paper (a list item, row, heading or paragraph
//!    with a link, bare URL or attribute naming a paper);
//! 2. inside a unit that links a paper (a sub-item of a linked item, any
//!    unit in the section of a heading that links one);
//! 3. in a paragraph that continues the entry of a linked paper (after it,
//!    under the same heading, before a rule or another paper's item), or in
//!    a list item after a paragraph that links a paper, under a heading that
//!    could title that paper (level 2 or deeper, no date): the reference
//!    list of a heading-per-paper section;
//! 4. in a paragraph, after words on its line: only a label (`Paper:`,
//!    `论文地址：`), a separator (` — `, `|`) or bold text (a title) may come
//!    before a mention that stands on its own.
//!
//! Otherwise — a list item, a table row, a heading, or a line of its own —
//! the mention is an entry, as before. Decided before the page's layout is
//! read, so a reference never makes an entry look like several papers.

use std::collections::HashMap;

use super::units::{Doc, Kind, Occurrence, Unit, Via};

/// Removes the mentions that are references from the units' occurrences.
pub(super) fn drop(doc: &mut Doc) {
    let n = doc.units.len();
    // The first paper each unit links itself (not by a mention).
    let linked: Vec<Option<u32>> = doc
        .units
        .iter()
        .map(|u| {
            u.occurrences
                .iter()
                .find(|o| o.via == Via::Link)
                .map(|o| o.paper)
        })
        .collect();
    // The paper linked by the nearest enclosing unit that links one.
    let mut inside: Vec<Option<u32>> = vec![None; n];
    // Per parent, the linked paper whose entry a paragraph there continues,
    // and whether a paragraph linked it (then items under a heading continue
    // it too).
    let mut continued: HashMap<Option<usize>, (u32, bool)> = HashMap::new();
    for i in 0..n {
        let parent = doc.units[i].parent.filter(|&p| p < i);
        inside[i] = parent.and_then(|p| linked[p].or(inside[p]));
        let under_paper_heading = parent.is_some_and(|p| could_title_a_paper(&doc.units[p]));
        let u = &mut doc.units[i];
        let continues = match (u.kind, continued.get(&parent)) {
            (Kind::Rule, _) => {
                continued.clear();
                continue;
            }
            (Kind::Para, Some(&(p, _))) => Some(p),
            (Kind::Item, Some(&(p, true))) if under_paper_heading => Some(p),
            _ => None,
        };
        let para = u.kind == Kind::Para;
        let around = linked[i].or(inside[i]).or(continues);
        let keep: Vec<bool> = u
            .occurrences
            .iter()
            .map(|o| {
                o.via == Via::Link
                    || around == Some(o.paper)
                    || around.is_none() && !(para && after_words(u, o))
            })
            .collect();
        if keep.contains(&false) {
            let mut k = keep.into_iter();
            u.occurrences.retain(|_| k.next().unwrap_or(true));
        }
        if u.occurrences.is_empty() || linked[i].is_none() && continues.is_some() {
            // Nothing named here, or only the entry continued: it goes on.
            continue;
        }
        // A paragraph after this unit continues its entry when that entry
        // links its paper; none after a row (as grouping has it).
        match around.filter(|_| !matches!(u.kind, Kind::Row { .. })) {
            Some(p) => continued.insert(parent, (p, para)),
            None => continued.remove(&parent),
        };
    }
}

/// A heading that may be a paper's title: not the page's `# Title`, no date.
fn could_title_a_paper(u: &Unit) -> bool {
    matches!(u.kind, Kind::Heading(level) if level >= 2)
        && super::date::from_text(&u.plain).is_none()
}

/// Whether words come before the mention on its line, other than a label,
/// a separator, bold text (a title) or other papers' names.
fn after_words(u: &Unit, o: &Occurrence) -> bool {
    let at = o.span.plain.start;
    let line_start = u
        .plain
        .get(..at)
        .and_then(|h| h.rfind('\n'))
        .map_or(0, |k| k + 1);
    let Some(before) = u.plain.get(line_start..at) else {
        return false;
    };
    if before
        .trim_end()
        .ends_with([':', '：', '—', '–', '-', '|', '·'])
    {
        return false;
    }
    let covered = |pos: usize| {
        u.bolds
            .iter()
            .chain(u.occurrences.iter().map(|o| &o.span))
            .any(|s| s.plain.start <= pos && pos < s.plain.end)
    };
    before
        .char_indices()
        .any(|(k, c)| c.is_alphanumeric() && !covered(line_start + k))
}
