//! Where a query matched in a text, found by the same tokens the index uses:
//! a highlight marks exactly what made the paper match.

use std::ops::{ControlFlow, Range};

use super::query::{Part, Phrase, Query, MAX_TOKENS};
use super::text;

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
        // `Query::parse` keeps at most MAX_TOKENS tokens, which `scan` counts on.
        let phrases = query
            .include
            .iter()
            .filter(|p| !p.0.is_empty())
            .map(|p| Phrase(p.0.iter().take(MAX_TOKENS).cloned().collect()))
            .collect();
        Matcher { phrases }
    }

    /// True when there is nothing to look for (a query of exclusions only).
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Calls `found` with every match in `text` (its bytes, the index of the
    /// phrase that made it, and what has been found so far), in the order
    /// their last tokens come (so by where they end), until it returns
    /// [`ControlFlow::Break`]. One walk over the text.
    fn scan(
        &self,
        text: &str,
        mut found: impl FnMut(Range<usize>, usize, Seen) -> ControlFlow<()>,
    ) {
        if self.phrases.is_empty() {
            return;
        }
        // Bit k of `partial[p]`: parts 0..=k of phrase p match the tokens
        // ending with the current one. Phrases have at most MAX_TOKENS parts.
        let mut partial = vec![0u64; self.phrases.len()];
        // The start of each of the last MAX_TOKENS tokens, by token number.
        let mut starts = [0usize; MAX_TOKENS];
        let mut n = 0usize;
        text::each_token(text, |token, span| {
            starts[n % MAX_TOKENS] = span.start;
            n += 1;
            for (which, phrase) in self.phrases.iter().enumerate() {
                let len = phrase.0.len();
                let mut live = ((partial[which] << 1) | 1) & (u64::MAX >> (64 - len));
                let mut now = 0;
                while live != 0 {
                    let k = live.trailing_zeros() as usize;
                    live &= live - 1;
                    if part_matches(token, &phrase.0[k]) {
                        now |= 1 << k;
                    }
                }
                partial[which] = now;
                if (now >> (len - 1)) & 1 == 1 {
                    // Matches still to come end with this token or later,
                    // and start at most MAX_TOKENS - 1 tokens before it.
                    let seen = Seen {
                        starting_before: if n >= MAX_TOKENS {
                            starts[n % MAX_TOKENS]
                        } else {
                            0
                        },
                        ending_by: span.start,
                    };
                    found(starts[(n - len) % MAX_TOKENS]..span.end, which, seen)?;
                }
            }
            ControlFlow::Continue(())
        });
    }

    /// Every match in `text`, with the index of the phrase that made it,
    /// sorted by where they start.
    fn matches(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::new();
        self.scan(text, |range, which, _| {
            out.push((range, which));
            ControlFlow::Continue(())
        });
        sort_by_start(&mut out);
        out
    }

    /// How many of the query's phrases occur in `text`; stops reading once
    /// all of them have.
    pub fn phrases_in(&self, text: &str) -> usize {
        let mut phrases = Phrases::new(self.phrases.len());
        self.scan(text, |_, which, _| {
            phrases.add(which);
            if phrases.all() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        phrases.count
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
    ///
    /// Each match proposes a window starting `width / 4` characters before
    /// it; the one covering the most different phrases (then the earliest)
    /// wins. The windows only move forward, so one pass slides over them,
    /// counting the matches inside: time linear in the text and its matches.
    ///
    /// A window with every phrase is the best as soon as every window
    /// before it is known, so the walk stops there: a note of megabytes with
    /// the query near its start costs no more than a summary. Once every
    /// phrase has matched, the search for such a window runs when the
    /// matches reach 4 KiB into the text, then each time they reach twice as
    /// far, so its cost stays linear.
    pub fn snippet(&self, text: &str, width: usize) -> Option<Highlighted> {
        self.snippet_and_phrases(text, width).map(|(s, _)| s)
    }

    /// [`Matcher::snippet`] and [`Matcher::phrases_in`] in one walk.
    pub fn snippet_and_phrases(&self, text: &str, width: usize) -> Option<(Highlighted, usize)> {
        let lead = width / 4;
        let window = |matches: &[(Range<usize>, usize)], seen| {
            Window::best(matches, self.phrases.len(), text, width, lead, seen)
        };
        let mut matches = Vec::new();
        let mut phrases = Phrases::new(self.phrases.len());
        let mut check_at = 4096;
        let mut best = None;
        self.scan(text, |range, which, seen| {
            let end = range.end;
            matches.push((range, which));
            phrases.add(which);
            if phrases.all() && end >= check_at {
                check_at = end.saturating_mul(2);
                sort_by_start(&mut matches);
                let found = window(&matches, seen);
                if found.phrases == self.phrases.len() {
                    best = Some(found);
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        });
        if matches.is_empty() {
            return None;
        }
        sort_by_start(&mut matches);
        let Best { from, lo, .. } = best.unwrap_or_else(|| window(&matches, Seen::ALL));

        // Start at a word's beginning when a space is near.
        let (from, lo) = text[..lo]
            .char_indices()
            .rev()
            .take(10)
            .enumerate()
            .find(|(_, (_, c))| *c == ' ')
            .map_or((from, lo), |(k, (at, _))| (from - k, at + 1));
        let (hi, cut) = match text[lo..].char_indices().nth(width) {
            Some((at, _)) => (lo + at, true),
            None => (text.len(), false),
        };
        let lead_mark = if from > 0 { "…" } else { "" };
        let shift = lead_mark.len();
        let snippet = Highlighted {
            text: format!("{lead_mark}{}{}", &text[lo..hi], if cut { "…" } else { "" }),
            hits: merge(
                matches
                    .into_iter()
                    .map(|(r, _)| r)
                    .filter(|r| r.start >= lo && r.end <= hi)
                    .map(|r| r.start - lo + shift..r.end - lo + shift),
            ),
        };
        // The walk stopped early only once every phrase had matched.
        Some((snippet, phrases.count))
    }

    /// How many phrases the query includes.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }
}

/// Which of a query's phrases have matched.
struct Phrases {
    seen: Vec<bool>,
    count: usize,
}

impl Phrases {
    fn new(phrases: usize) -> Phrases {
        Phrases {
            seen: vec![false; phrases],
            count: 0,
        }
    }

    fn add(&mut self, which: usize) {
        if !self.seen[which] {
            self.seen[which] = true;
            self.count += 1;
        }
    }

    fn all(&self) -> bool {
        self.count == self.seen.len()
    }
}

/// How far a walk over a text has got: every match that starts before
/// `starting_before` or ends by `ending_by` has been found.
#[derive(Debug, Clone, Copy)]
struct Seen {
    starting_before: usize,
    ending_by: usize,
}

impl Seen {
    /// The walk is over.
    const ALL: Seen = Seen {
        starting_before: usize::MAX,
        ending_by: usize::MAX,
    };
}

/// A snippet's window: its first character and byte, and how many
/// different phrases match inside it.
#[derive(Debug, Clone, Copy)]
struct Best {
    from: usize,
    lo: usize,
    phrases: usize,
}

/// The snippet's window as it slides over a text's matches: how many
/// matches of each phrase lie wholly inside it.
struct Window<'m> {
    matches: &'m [(Range<usize>, usize)],
    /// Indices into `matches`, by where they end: the order they come in.
    by_end: Vec<usize>,
    entered: usize,
    /// Matches before this one (by start) have left.
    left: usize,
    inside: Vec<bool>,
    per_phrase: Vec<usize>,
    /// Phrases with a match inside.
    phrases: usize,
}

impl<'m> Window<'m> {
    /// The window with the most different phrases inside, the earliest of
    /// them, among those `seen` tells everything about.
    fn best(
        matches: &'m [(Range<usize>, usize)],
        phrases: usize,
        text: &str,
        width: usize,
        lead: usize,
        seen: Seen,
    ) -> Best {
        let mut by_end: Vec<usize> = (0..matches.len()).collect();
        by_end.sort_by_key(|&i| matches[i].0.end);
        let mut window = Window {
            matches,
            by_end,
            entered: 0,
            left: 0,
            inside: vec![false; matches.len()],
            per_phrase: vec![0; phrases],
            phrases: 0,
        };
        // Three cursors, each only moving forward: the matches' starts, and
        // the window's first and last character.
        let (mut at, mut lo, mut hi) = (Cursor::new(text), Cursor::new(text), Cursor::new(text));
        let mut best = Best {
            from: 0,
            lo: 0,
            phrases: 0,
        };
        let mut last_from = None;
        for (range, _) in matches {
            if range.start >= seen.starting_before {
                break; // a match not yet found may start before this one
            }
            let from = at.char_at(range.start).saturating_sub(lead);
            if last_from == Some(from) {
                continue;
            }
            last_from = Some(from);
            let lo = lo.byte_at(from);
            let hi = hi.byte_at(from + width);
            if hi > seen.ending_by {
                break; // a match not yet found may end inside
            }
            window.slide(lo, hi);
            if window.phrases > best.phrases {
                best = Best {
                    from,
                    lo,
                    phrases: window.phrases,
                };
                if window.phrases == phrases {
                    break; // none can have more
                }
            }
        }
        best
    }

    /// Moves the window to bytes `lo..hi`, neither before where it was.
    fn slide(&mut self, lo: usize, hi: usize) {
        while let Some(&i) = self.by_end.get(self.entered) {
            let (range, which) = &self.matches[i];
            if range.end > hi {
                break;
            }
            self.entered += 1;
            if range.start >= lo {
                self.inside[i] = true;
                self.per_phrase[*which] += 1;
                if self.per_phrase[*which] == 1 {
                    self.phrases += 1;
                }
            }
        }
        while let Some((range, which)) = self.matches.get(self.left) {
            if range.start >= lo {
                break;
            }
            if self.inside[self.left] {
                self.inside[self.left] = false;
                self.per_phrase[*which] -= 1;
                if self.per_phrase[*which] == 0 {
                    self.phrases -= 1;
                }
            }
            self.left += 1;
        }
    }
}

/// A position in a text, as a byte and a character index, moved forward only.
struct Cursor<'t> {
    text: &'t str,
    byte: usize,
    char: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Cursor<'t> {
        Cursor {
            text,
            byte: 0,
            char: 0,
        }
    }

    /// The index of the character starting at `byte` (not before the cursor).
    fn char_at(&mut self, byte: usize) -> usize {
        while self.byte < byte {
            self.step();
        }
        self.char
    }

    /// The byte where character `char` starts (the text's end past it).
    fn byte_at(&mut self, char: usize) -> usize {
        while self.char < char && self.byte < self.text.len() {
            self.step();
        }
        self.byte
    }

    fn step(&mut self) {
        self.byte += 1;
        while !self.text.is_char_boundary(self.byte) {
            self.byte += 1;
        }
        self.char += 1;
    }
}

/// Matches in the order snippets look at them. Each phrase's come in
/// order already, so this is a merge.
fn sort_by_start(matches: &mut [(Range<usize>, usize)]) {
    matches.sort_by_key(|(r, w)| (r.start, r.end, *w));
}

fn part_matches(token: &str, part: &Part) -> bool {
    if part.prefix {
        token.starts_with(&part.text)
    } else {
        token == part.text
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
    use proptest::strategy::Strategy;

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

    /// Matches as first written: every phrase tried at every token.
    fn matches_by_brute_force(m: &Matcher, text: &str) -> Vec<(Range<usize>, usize)> {
        let tokens = text::tokens(text);
        let mut out = Vec::new();
        for (which, phrase) in m.phrases.iter().enumerate() {
            let n = phrase.0.len();
            for window in tokens.windows(n) {
                if window
                    .iter()
                    .zip(&phrase.0)
                    .all(|(t, p)| part_matches(&t.text, p))
                {
                    out.push((window[0].span.start..window[n - 1].span.end, which));
                }
            }
        }
        out.sort_by_key(|(r, w)| (r.start, r.end, *w));
        out
    }

    /// The snippet as first written (quadratic: every window counts every
    /// match, issue 17): the oracle for the sliding window.
    fn snippet_by_brute_force(m: &Matcher, text: &str, width: usize) -> Option<Highlighted> {
        let matches = matches_by_brute_force(m, text);
        let starts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let chars = starts.len() - 1;
        let char_at = |byte: usize| starts.partition_point(|&s| s < byte);
        let mut best = (0, 0usize);
        for (range, _) in &matches {
            let from = char_at(range.start).saturating_sub(width / 4);
            let (lo, hi) = (starts[from], starts[(from + width).min(chars)]);
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
        if let Some(space) = (from.saturating_sub(10)..from)
            .rev()
            .find(|&c| text[starts[c]..].starts_with(' '))
        {
            from = space + 1;
        }
        let to = (from + width).min(chars);
        let (lo, hi) = (starts[from], starts[to]);
        let lead = if from > 0 { "…" } else { "" };
        let tail = if to < chars { "…" } else { "" };
        let hits = merge(
            matches
                .iter()
                .map(|(r, _)| r.clone())
                .filter(|r| r.start >= lo && r.end <= hi)
                .map(|r| r.start - lo + lead.len()..r.end - lo + lead.len()),
        );
        (!matches.is_empty()).then(|| Highlighted {
            text: format!("{lead}{}{tail}", &text[lo..hi]),
            hits,
        })
    }

    fn text_of(pieces: std::ops::Range<usize>) -> impl Strategy<Value = String> {
        proptest::collection::vec("汉字|字汉|奖励|汉|a|ab|b|GRPO|Ａ| |  |。|\\*\\*|é", pieces)
            .prop_map(|pieces| pieces.concat())
    }

    const QUERIES: &str = "(汉字|汉|字汉字|ab|a|\"a b\"|grpo 奖励|汉字 b|-b a|奖励 汉字 ab)";

    fn same_as_brute_force(
        query: &str,
        text: &str,
        width: usize,
    ) -> proptest::test_runner::TestCaseResult {
        let m = Matcher::new(&Query::parse(query));
        let brute = matches_by_brute_force(&m, text);
        proptest::prop_assert_eq!(m.matches(text), brute.clone());
        let mut phrases: Vec<usize> = brute.iter().map(|(_, w)| *w).collect();
        phrases.sort_unstable();
        phrases.dedup();
        proptest::prop_assert_eq!(m.phrases_in(text), phrases.len());
        proptest::prop_assert_eq!(
            m.snippet(text, width),
            snippet_by_brute_force(&m, text, width)
        );
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn one_pass_finds_what_trying_every_window_finds(
            text in text_of(0..40), query in QUERIES, width in 1usize..40,
        ) {
            same_as_brute_force(&query, &text, width)?;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(24))]
        /// Over 4 KiB: the snippet stops early when it can.
        #[test]
        fn stopping_early_finds_what_trying_every_window_finds(
            text in text_of(1500..2000), query in QUERIES, width in 1usize..40,
        ) {
            same_as_brute_force(&query, &text, width)?;
        }
    }

    #[test]
    fn a_snippet_of_a_huge_text_shows_its_first_best_window() {
        let m = Matcher::new(&Query::parse("汉字 书写"));
        let text = format!("{}汉字的书写。", "汉字。".repeat(200_000));
        let s = m.snippet(&text, 20).unwrap();
        assert_eq!(
            marked(&s),
            "…字。[汉字]。[汉字]。[汉字]。[汉字]。[汉字]的[书写]。"
        );
        assert_eq!(m.phrases_in(&text), 2);
        for hit in &s.hits {
            assert!(s.text.is_char_boundary(hit.start) && s.text.is_char_boundary(hit.end));
        }
    }
}
