//! A summary's parts: the keywords it starts with, its labelled sections
//! (one-sentence summary, research question, method, results, implication)
//! and the body text outside any label.

/// The kinds of labelled section digests use, whatever the label's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    OneLine,
    Question,
    Method,
    Results,
    Implication,
}

impl SectionKind {
    pub const ALL: [SectionKind; 5] = [
        SectionKind::OneLine,
        SectionKind::Question,
        SectionKind::Method,
        SectionKind::Results,
        SectionKind::Implication,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::OneLine => "one_line",
            SectionKind::Question => "question",
            SectionKind::Method => "method",
            SectionKind::Results => "results",
            SectionKind::Implication => "implication",
        }
    }

    pub fn parse(s: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Recognises a bold label such as `一句话核心摘要` or `Key Methodology`.
    fn of_label(label: &str) -> Option<SectionKind> {
        if label.chars().count() > 48 {
            return None;
        }
        let l = label.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
        if has(&["一句", "sentence", "tl;dr", "tldr", "核心摘要", "核心总结"]) {
            Some(SectionKind::OneLine)
        } else if has(&[
            "研究问题",
            "研究目标",
            "研究目的",
            "research question",
            "objective",
        ]) {
            Some(SectionKind::Question)
        } else if has(&["方法", "method", "approach"]) {
            Some(SectionKind::Method)
        } else if has(&["成果", "结果", "results", "findings"]) {
            Some(SectionKind::Results)
        } else if has(&["启示", "implication", "takeaway"]) {
            Some(SectionKind::Implication)
        } else {
            None
        }
    }
}

/// One labelled part of a summary: the label as written, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub kind: SectionKind,
    pub label: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// The summary exactly as the digest gives it.
    pub text: String,
    pub keywords: Vec<String>,
    /// Text outside the keywords and any labelled section.
    pub body: String,
    pub sections: Vec<Section>,
}

impl Summary {
    pub fn parse(text: &str) -> Summary {
        let (keywords, rest) = keywords(text);
        let (body, sections) = sections(rest);
        Summary {
            text: text.to_owned(),
            keywords,
            body,
            sections,
        }
    }
}

const SEPARATORS: [char; 3] = [',', '，', '、'];
const COLONS: [char; 2] = [':', '：'];

/// Labels that introduce a keyword list.
fn is_keyword_label(s: &str) -> bool {
    let l = s.trim().trim_end_matches(COLONS).trim().to_lowercase();
    matches!(
        l.as_str(),
        "核心关键词" | "关键词" | "关键字" | "keywords" | "key words" | "keyword" | "tags"
    )
}

/// The bold run at the start of `s` (`**...**`): its content and what follows.
fn bold_at_start(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_prefix("**")?;
    let end = find_bold_mark(inner)?;
    Some((&inner[..end], &inner[end + 2..]))
}

/// Splits off the leading keywords, in any of the shapes digests use:
/// `**a**, **b**`; `**a, b**`; or a label (`**核心关键词**：`) and then a list.
fn keywords(text: &str) -> (Vec<String>, &str) {
    let s = text.trim_start();
    if let Some((first, after)) = bold_at_start(s) {
        if is_keyword_label(first) {
            return labelled_list(after);
        }
        // `**作者**: …` or `**一句话核心摘要**：…` is a label, not a keyword.
        let labelled = first.trim_end().ends_with(COLONS) || after.trim_start().starts_with(COLONS);
        if labelled || SectionKind::of_label(first.trim().trim_end_matches(COLONS)).is_some() {
            return (Vec::new(), text);
        }
        if first.contains(SEPARATORS) {
            return (split_items(first), after);
        }
        return bold_items(first, after);
    }
    if let Some((label, after)) = s.split_once(COLONS) {
        if is_keyword_label(label) {
            return labelled_list(after);
        }
    }
    (Vec::new(), text)
}

/// `**a**, **b**, **c**  rest`: bold items joined by separators.
fn bold_items<'a>(first: &str, mut after: &'a str) -> (Vec<String>, &'a str) {
    let mut items = vec![first];
    loop {
        let t = after.trim_start();
        let Some(t) = t.strip_prefix(SEPARATORS) else {
            break;
        };
        let Some((item, rest)) = bold_at_start(t.trim_start()) else {
            break;
        };
        items.push(item);
        after = rest;
    }
    let items = items
        .into_iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    (items, after)
}

/// After a keyword label: an optional colon, then a list that ends where a
/// run of two or more spaces (or a line break) begins.
fn labelled_list(after: &str) -> (Vec<String>, &str) {
    let s = after.trim_start_matches(|c: char| c.is_whitespace() || COLONS.contains(&c));
    let end = list_end(s);
    (split_items(&s[..end]), &s[end..])
}

fn list_end(s: &str) -> usize {
    let mut prev_space = false;
    for (i, c) in s.char_indices() {
        if c == '\n' {
            return i;
        }
        let space = c.is_whitespace();
        if space && prev_space {
            return i - 1;
        }
        prev_space = space && c != '\u{3000}';
        if c == '\u{3000}' {
            return i;
        }
    }
    s.len()
}

fn split_items(list: &str) -> Vec<String> {
    list.split(SEPARATORS)
        .map(|i| i.replace("**", "").trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

/// Where the next `**` starts. (memchr's searcher: `str::find` with a
/// two-byte pattern was a tenth of all parsing time.)
fn find_bold_mark(text: &str) -> Option<usize> {
    memchr::memmem::find(text.as_bytes(), b"**")
}

/// Cuts the text at each bold section label.
fn sections(text: &str) -> (String, Vec<Section>) {
    let mut body = String::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut cursor = 0;
    let mut search = 0;
    let mut current: Option<(SectionKind, String)> = None;
    while let Some(open) = find_bold_mark(&text[search..]).map(|i| i + search) {
        let Some(close) = find_bold_mark(&text[open + 2..]).map(|i| i + open + 2) else {
            break;
        };
        let label = text[open + 2..close].trim();
        let label_bare = label.trim_end_matches(COLONS).trim();
        let at_boundary = text[..open]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        match SectionKind::of_label(label_bare).filter(|_| at_boundary) {
            Some(kind) => {
                push_part(
                    &mut body,
                    &mut sections,
                    current.take(),
                    &text[cursor..open],
                );
                current = Some((kind, label_bare.to_owned()));
                cursor = close + 2;
                search = cursor;
            }
            None => search = close + 2,
        }
    }
    push_part(&mut body, &mut sections, current, &text[cursor..]);
    (body, sections)
}

fn push_part(
    body: &mut String,
    sections: &mut Vec<Section>,
    owner: Option<(SectionKind, String)>,
    part: &str,
) {
    let part = part
        .trim_start_matches(|c: char| c.is_whitespace() || COLONS.contains(&c))
        .trim_end();
    match owner {
        Some((kind, label)) => sections.push(Section {
            kind,
            label,
            text: part.to_owned(),
        }),
        None if part.is_empty() => {}
        None => {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(text: &str) -> Vec<String> {
        Summary::parse(text).keywords
    }

    #[test]
    fn bold_items_separated_by_commas() {
        let s = "**可验证奖励强化学习 (RLVR)**, **蒙特卡洛树搜索 (MCTS)**, **数学推理**  本文提出";
        assert_eq!(
            kw(s),
            [
                "可验证奖励强化学习 (RLVR)",
                "蒙特卡洛树搜索 (MCTS)",
                "数学推理"
            ]
        );
        assert_eq!(Summary::parse(s).body, "本文提出");
    }

    #[test]
    fn one_bold_run_holding_a_list() {
        let s = "**Agentic LLMs, 强化学习, GEM** GEM (General Experience Maker)是";
        assert_eq!(kw(s), ["Agentic LLMs", "强化学习", "GEM"]);
        assert_eq!(Summary::parse(s).body, "GEM (General Experience Maker)是");
    }

    #[test]
    fn labelled_lists_in_every_shape() {
        let want = ["强化学习", "预算分配", "背包问题"];
        for s in [
            "**核心关键词**： 强化学习, 预算分配, 背包问题  **一句话核心摘要**： x",
            "**核心关键词**: **强化学习, 预算分配, 背包问题**  **一句话核心总结**: x",
            "**核心关键词** 强化学习、预算分配、背包问题  **一句话核心总结** x",
            "**核心关键词**：**强化学习**，**预算分配**，**背包问题**  **一句话核心总结**：x",
            "**核心关键词：**强化学习，预算分配，背包问题  plain text follows",
            "Keywords: 强化学习, 预算分配, 背包问题  plain text follows",
        ] {
            assert_eq!(kw(s), want, "{s}");
        }
    }

    #[test]
    fn sections_are_cut_at_their_labels() {
        let s = Summary::parse(
            "**核心关键词**：a, b  **一句话核心摘要**：One.  **主要研究问题或目标**：Q?  \
             **关键方法论**：M, with **bold** words.  **主要成果**：R.  **对AI从业者的主要启示**：I.",
        );
        let got: Vec<(SectionKind, &str, &str)> = s
            .sections
            .iter()
            .map(|x| (x.kind, x.label.as_str(), x.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (SectionKind::OneLine, "一句话核心摘要", "One."),
                (SectionKind::Question, "主要研究问题或目标", "Q?"),
                (SectionKind::Method, "关键方法论", "M, with **bold** words."),
                (SectionKind::Results, "主要成果", "R."),
                (SectionKind::Implication, "对AI从业者的主要启示", "I."),
            ]
        );
        assert_eq!(s.body, "");
    }

    #[test]
    fn english_labels_and_text_outside_labels() {
        let s = Summary::parse(
            "Intro text.  **1-Sentence Core Summary**: S.  **Principal Implication for AI Practitioners**: P.",
        );
        assert_eq!(s.body, "Intro text.");
        assert_eq!(s.sections[0].kind, SectionKind::OneLine);
        assert_eq!(s.sections[1].kind, SectionKind::Implication);
    }

    #[test]
    fn a_leading_bold_label_is_not_a_keyword() {
        assert!(kw("**作者**: DeepSeek-AI, others  text").is_empty());
        assert!(kw("**Authors：** A, B").is_empty());
    }

    #[test]
    fn a_summary_without_keywords_is_all_body() {
        let s = Summary::parse("A duplicate of entry 0 inside the same digest.");
        assert!(s.keywords.is_empty());
        assert_eq!(s.body, "A duplicate of entry 0 inside the same digest.");
    }
}
