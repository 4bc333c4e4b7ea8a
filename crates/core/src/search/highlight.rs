//! Where a query matched in a text, found by the same tokens the index uses:
//! a highlight marks exactly what made the paper match.

use std::ops::Range;

use super::query::{Part, Phrase, Query};
use super::text::{self, Token};

/// Text with the byte ranges a query matched: sorted, disjoint, on character
/// boundaries. Kept as ranges, not markup, so no front end has to unescape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlighted {
    pub text: String,
    pub hits: Vec<Range<usize>>,
}

impl Highlighted {
    pub fn plain(text: &str) -> Highlighted {
        Highlighted {
            text: text.to_owned(),
            hits: Vec::new(),
        }
    }

    /// The text in pieces, each with whether it is a match.
    pub fn fragments(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for hit in &self.hits {
            if hit.start > at {
                out.push((&self.text[at..hit.start], false));
            }
            out.push((&self.text[hit.clone()], true));
            at = hit.end;
        }
        if at < self.text.len() {
            out.push((&self.text[at..], false));
        }
        out
    }
}

/// Finds a query's included phrases in texts.
#[derive(Debug, Clone)]
pub struct Matcher {
    phrases: Vec<Phrase>,
}

impl Matcher {
    pub fn new(query: &Query) -> Matcher {
        Matcher {
            phrases: query.include.clone(),
        }
    }

    /// True when there is nothing to look for (a query of exclusions only).
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Every match in `text`, with the index of the phrase that made it.
    fn matches(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        if self.phrases.is_empty() {
            return Vec::new();
        }
        let tokens = text::tokens(text);
        let mut out = Vec::new();
        for (which, phrase) in self.phrases.iter().enumerate() {
            let n = phrase.0.len();
            for start in 0..tokens.len().saturating_sub(n - 1) {
                let window = &tokens[start..start + n];
                if window
                    .iter()
                    .zip(&phrase.0)
                    .all(|(t, p)| part_matches(t, p))
                {
                    out.push((window[0].span.start..window[n - 1].span.end, which));
                }
            }
        }
        out.sort_by_key(|(r, _)| (r.start, r.end));
        out
    }

    /// How many of the query's phrases occur in `text`.
    pub fn phrases_in(&self, text: &str) -> usize {
        let mut seen: Vec<usize> = self.matches(text).into_iter().map(|(_, w)| w).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    /// All of `text`, its matches marked.
    pub fn highlight(&self, text: &str) -> Highlighted {
        Highlighted {
            text: text.to_owned(),
            hits: merge(self.matches(text).into_iter().map(|(r, _)| r)),
        }
    }

    /// About `width` characters of `text` around the place where the most
    /// different phrases match, with `…` where it was cut; `None` when
    /// nothing in it matches.
    pub fn snippet(&self, text: &str, width: usize) -> Option<Highlighted> {
        let matches = self.matches(text);
        if matches.is_empty() {
            return None;
        }
        let starts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let chars = starts.len() - 1;
        let char_at = |byte: usize| starts.partition_point(|&s| s < byte);
        let lead = width / 4;

        // Each match proposes a window starting a little before it; the one
        // covering the most different phrases (then the earliest) wins.
        let mut best = (0, 0usize);
        for (range, _) in &matches {
            let from = char_at(range.start).saturating_sub(lead);
            let to = (from + width).min(chars);
            let (lo, hi) = (starts[from], starts[to]);
            let mut inside: Vec<usize> = matches
                .iter()
                .filter(|(r, _)| r.start >= lo && r.end <= hi)
                .map(|(_, w)| *w)
                .collect();
            inside.sort_unstable();
            inside.dedup();
            if inside.len() > best.1 {
                best = (from, inside.len());
            }
        }
        let mut from = best.0;
        // Start at a word's beginning when a space is near.
        if from > 0 {
            let back = from.saturating_sub(10);
            if let Some(space) = (back..from)
                .rev()
                .find(|&c| text[starts[c]..].starts_with(' '))
            {
                from = space + 1;
            }
        }
        let to = (from + width).min(chars);
        let (lo, hi) = (starts[from], starts[to]);
        let lead_mark = if from > 0 { "…" } else { "" };
        let mut out = Highlighted {
            text: format!(
                "{lead_mark}{}{}",
                &text[lo..hi],
                if to < chars { "…" } else { "" }
            ),
            hits: Vec::new(),
        };
        let shift = lead_mark.len();
        out.hits = merge(
            matches
                .into_iter()
                .map(|(r, _)| r)
                .filter(|r| r.start >= lo && r.end <= hi)
                .map(|r| r.start - lo + shift..r.end - lo + shift),
        );
        Some(out)
    }
}

fn part_matches(token: &Token, part: &Part) -> bool {
    if part.prefix {
        token.text.starts_with(&part.text)
    } else {
        token.text == part.text
    }
}

/// Sorted ranges, overlapping or touching ones joined.
fn merge(ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut sorted: Vec<Range<usize>> = ranges.collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A summary or note as a snippet shows it: without Markdown bold markers,
/// white space folded to single spaces.
pub fn plain_text(text: &str) -> String {
    text.replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with its matches in brackets.
    fn marked(h: &Highlighted) -> String {
        h.fragments()
            .into_iter()
            .map(|(t, hit)| if hit { format!("[{t}]") } else { t.to_owned() })
            .collect()
    }

    fn check(query: &str, text: &str, expected: &str) {
        let m = Matcher::new(&Query::parse(query));
        assert_eq!(
            marked(&m.highlight(text)),
            expected,
            "{query:?} in {text:?}"
        );
    }

    #[test]
    fn words_are_marked_whole_when_a_prefix_matches() {
        check(
            "quant",
            "Sinkhorn-Normalized Quantization for LLMs",
            "Sinkhorn-Normalized [Quantization] for LLMs",
        );
        check("llm", "LLMs and llm", "[LLMs] and [llm]");
    }

    #[test]
    fn chinese_matches_are_marked_exactly() {
        check("奖励", "可验证奖励强化学习", "可验证[奖励]强化学习");
        check("强化学习", "可验证奖励强化学习。", "可验证奖励[强化学习]。");
        check("奖", "奖励与大奖", "[奖励]与大[奖]");
    }

    #[test]
    fn a_phrase_is_marked_only_where_its_words_are_consecutive() {
        check(
            r#""reward model""#,
            "a reward model, a model of reward",
            "a [reward model], a model of reward",
        );
        check(
            "RLVR训练",
            "将MCTS嵌入RLVR训练循环",
            "将MCTS嵌入[RLVR训练]循环",
        );
    }

    #[test]
    fn excluded_terms_are_not_marked() {
        check("reward -model", "reward model", "[reward] model");
    }

    #[test]
    fn a_snippet_centres_on_the_most_phrases() {
        let m = Matcher::new(&Query::parse("奖励 GRPO"));
        let text = format!(
            "{}奖励{}奖励和GRPO{}",
            "前".repeat(100),
            "中".repeat(100),
            "后".repeat(100)
        );
        let s = m.snippet(&text, 40).unwrap();
        assert_eq!(
            marked(&s),
            format!("…{}[奖励]和[GRPO]{}…", "中".repeat(10), "后".repeat(23))
        );
        assert!(m.snippet("无关的文字", 40).is_none());
    }

    #[test]
    fn a_short_text_is_its_own_snippet() {
        let m = Matcher::new(&Query::parse("quant"));
        let s = m.snippet("Quantization works", 80).unwrap();
        assert_eq!(marked(&s), "[Quantization] works");
    }

    #[test]
    fn plain_text_drops_bold_markers_and_folds_space() {
        assert_eq!(plain_text("**关键词**：  a\n b"), "关键词： a b");
    }
}
