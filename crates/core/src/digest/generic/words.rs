//! What words around a link mean: whether a text can be a paper's title,
//! how to tidy it into one, and what a table column holds.

use std::borrow::Cow;

use crate::arxiv::ArxivRef;

use super::super::text::collapse_whitespace;

/// Marks the place of removed text while a summary is being tidied.
pub(super) const CUT: char = '\u{1}';

/// Link texts and labels that say where a link goes, not what the paper is.
fn is_generic_word(w: &str) -> bool {
    matches!(
        w,
        "pdf"
            | "arxiv"
            | "abs"
            | "abstract"
            | "link"
            | "links"
            | "paper"
            | "papers"
            | "html"
            | "code"
            | "url"
            | "here"
            | "this"
            | "click"
            | "view"
            | "download"
            | "read"
            | "more"
            | "full"
            | "text"
            | "page"
            | "project"
            | "homepage"
            | "website"
            | "site"
            | "github"
            | "huggingface"
            | "hf"
            | "alphaxiv"
            | "source"
            | "demo"
            | "video"
            | "slides"
            | "dataset"
            | "data"
            | "blog"
            | "web"
            | "version"
            | "doi"
            | "openreview"
            | "preprint"
            | "details"
            | "open"
            | "see"
            | "repo"
            | "official"
            | "org"
            | "www"
            | "http"
            | "https"
            | "com"
            | "ps"
            | "and"
            | "or"
            | "the"
            | "of"
    )
}

/// The same for Chinese, where words are not separated by spaces. Compounds
/// come first so that they are removed whole.
const GENERIC_CJK: &[&str] = &[
    "论文链接",
    "论文地址",
    "原文链接",
    "原文地址",
    "全文链接",
    "项目主页",
    "项目地址",
    "代码地址",
    "代码链接",
    "论文原文",
    "预印本",
    "数据集",
    "下载",
    "论文",
    "链接",
    "原文",
    "全文",
    "地址",
    "代码",
    "项目",
    "主页",
    "摘要",
    "查看",
    "点击",
    "这里",
    "阅读",
    "网页",
    "页面",
    "详情",
    "官网",
    "数据",
    "开源",
    "仓库",
    "和",
    "与",
    "及",
];

/// Characters that only separate things (`A | B`, `Title — summary`).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '|' | '·' | '•' | ',' | '，' | '、' | ';' | '；' | '/' | ':' | '：' | '-' | '–' | '—'
    )
}

/// Tags that `<...>` markup may carry; they are removed before deciding
/// whether a text says anything.
pub(super) fn strip_tags(s: &str) -> Cow<'_, str> {
    if !s.contains('<') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let is_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(close) if is_tag => rest = &after[close + 1..],
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn generic_token(token: &str) -> bool {
    let ascii_generic = |t: &str| {
        is_generic_word(t)
            || t.bytes().all(|b| b.is_ascii_digit())
            || t.strip_prefix('v')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if token.is_ascii() {
        return ascii_generic(token);
    }
    // Generic words are short; a long run of text is never only those.
    if token.chars().count() > 16 {
        return false;
    }
    let mut rest = token.to_owned();
    for w in GENERIC_CJK {
        if rest.contains(w) {
            rest = rest.replace(w, "");
        }
    }
    rest.is_empty() || ascii_generic(&rest)
}

/// True when a text can name a paper: not empty, not a URL or an arXiv id,
/// not only words like PDF, arXiv, 论文 or 链接.
pub(super) fn is_meaningful(text: &str) -> bool {
    let stripped = strip_tags(text);
    let t = stripped.trim().trim_matches(|c: char| {
        c.is_whitespace()
            || is_separator(c)
            || matches!(
                c,
                '[' | ']'
                    | '('
                    | ')'
                    | '【'
                    | '】'
                    | '（'
                    | '）'
                    | '<'
                    | '>'
                    | '"'
                    | '\''
                    | '`'
                    | '*'
                    | '_'
                    | '~'
            )
    });
    if t.is_empty() {
        return false;
    }
    let lower = t.to_lowercase();
    if lower.contains("://") || lower.starts_with("www.") || lower.starts_with("arxiv.org/") {
        return false;
    }
    let id = lower.strip_prefix("arxiv:").unwrap_or(&lower).trim();
    let id = id
        .strip_prefix("abs/")
        .or_else(|| id.strip_prefix("pdf/"))
        .unwrap_or(id);
    if ArxivRef::parse(id).is_ok() {
        return false;
    }
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .any(|t| !generic_token(t))
}

/// Leading numbering: `1.`, `1)`, `1、`, `#12`, `[3]`, `(4)`. A number that
/// is part of the title (`1.5B`, `3D`, `2024 Survey`) stays. Returns the rest
/// and whether numbering was removed.
pub(super) fn strip_numbering(s: &str) -> (&str, bool) {
    let t = s.trim_start();
    let bracket = [('[', ']'), ('(', ')'), ('（', '）'), ('【', '】')]
        .into_iter()
        .find_map(|(open, close)| t.strip_prefix(open).map(|r| (r, close)));
    if let Some((body, close)) = bracket {
        // `[3]`, `(2024)`, `[2023/05]`: a number or date in brackets.
        let Some(end) = body.find(close) else {
            return (s, false);
        };
        let inner = &body[..end];
        let numeric = inner.len() <= 12
            && inner.bytes().any(|b| b.is_ascii_digit())
            && inner
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'.' | b'-' | b' '));
        return if numeric {
            (body[end + close.len_utf8()..].trim_start(), true)
        } else {
            (s, false)
        };
    }
    let (hash, body) = match t.strip_prefix('#') {
        Some(r) => (true, r.trim_start()),
        None => (false, t),
    };
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return (s, false);
    }
    let after = &body[digits..];
    for p in [".", ")", "、", ":", "：", "）", "．"] {
        if let Some(r) = after.strip_prefix(p) {
            if r.starts_with(|c: char| c.is_ascii_digit()) {
                return (s, false);
            }
            return (r.trim_start(), true);
        }
    }
    if hash && (after.is_empty() || after.starts_with(char::is_whitespace)) {
        return (after.trim_start(), true);
    }
    (s, false)
}

/// Trims separators, a bracket opened at the end or closed at the start.
fn trim_edges(s: &str) -> &str {
    s.trim_end_matches(|c: char| {
        c.is_whitespace() || is_separator(c) || matches!(c, '(' | '[' | '（' | '【' | '《')
    })
    .trim_start_matches(|c: char| {
        c.is_whitespace() || is_separator(c) || matches!(c, ')' | ']' | '）' | '】' | '》')
    })
}

/// `Title: X`, `标题：X` → `X`.
fn strip_title_label(s: &str) -> &str {
    for label in [
        "paper title",
        "论文标题",
        "title",
        "标题",
        "题目",
        "paper",
        "论文",
    ] {
        let Some(head) = s.get(..label.len()) else {
            continue;
        };
        if head.eq_ignore_ascii_case(label) {
            let rest = s[label.len()..].trim_start();
            if let Some(r) = rest.strip_prefix([':', '：']) {
                return r;
            }
        }
    }
    s
}

/// The title a line labels: `Title: X`, `标题：X`, `原文标题: X` → `X`.
pub(super) fn title_label(line: &str) -> Option<&str> {
    const LABELS: &[&str] = &[
        "paper title",
        "title",
        "论文标题",
        "原文标题",
        "英文标题",
        "标题",
        "论文题目",
        "题目",
    ];
    let t = line.trim_start().trim_start_matches('*').trim_start();
    LABELS.iter().find_map(|label| {
        let head = t.get(..label.len())?;
        if !head.eq_ignore_ascii_case(label) {
            return None;
        }
        let rest = t[label.len()..].trim_start_matches('*').trim_start();
        rest.strip_prefix([':', '：'])
            .map(|r| r.trim_start_matches('*'))
            .filter(|r| !r.trim().is_empty())
    })
}

/// Removes bracket pairs that hold nothing but separators, spaces or cut
/// marks: `Title ([PDF](..))` leaves `Title ()`, which becomes `Title`.
pub(super) fn drop_empty_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut opens: Vec<(usize, char)> = Vec::new();
    // Position in `out` just past the last character that says something.
    let mut last_content = 0;
    for c in s.chars() {
        let opener = match c {
            ')' => Some('('),
            '）' => Some('（'),
            ']' => Some('['),
            '】' => Some('【'),
            _ => None,
        };
        match c {
            '(' | '（' | '[' | '【' => {
                opens.push((out.len(), c));
                out.push(c);
            }
            _ if opener.is_some() => {
                if let Some((at, o)) = opens.pop() {
                    if Some(o) == opener && last_content <= at {
                        out.truncate(at);
                        continue;
                    }
                }
                out.push(c);
                last_content = out.len();
            }
            _ => {
                out.push(c);
                if !(c.is_whitespace() || c == CUT || is_separator(c)) {
                    last_content = out.len();
                }
            }
        }
    }
    out
}

/// A text made into a title: one line, without Markdown emphasis markers,
/// numbering, a `Title:` label, or separators and empty brackets at its ends.
/// Markup that looks like HTML stays as the text it is.
pub(super) fn clean_title(s: &str) -> String {
    let s = if s.contains("**") {
        collapse_whitespace(&s.replace("**", ""))
    } else {
        collapse_whitespace(s)
    };
    let s = if s.contains([')', '）', ']', '】']) {
        drop_empty_brackets(&s)
    } else {
        s
    };
    let t = trim_edges(&s);
    let t = trim_edges(strip_numbering(t).0);
    let mut t = trim_edges(strip_title_label(t));
    for mark in ["__", "*", "_"] {
        while t.len() > 2 * mark.len() && t.starts_with(mark) && t.ends_with(mark) {
            t = t[mark.len()..t.len() - mark.len()].trim();
        }
    }
    for (open, close) in [
        ('《', '》'),
        ('“', '”'),
        ('"', '"'),
        ('「', '」'),
        ('‘', '’'),
    ] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains([open, close]) {
                t = inner.trim();
            }
        }
    }
    // A sentence's full stop (`Title. *Venue*`), not an ellipsis.
    if let Some(r) = t.strip_suffix(['.', '。']) {
        if !r.ends_with('.') {
            t = r.trim_end();
        }
    }
    t.to_owned()
}

/// The text up to the first sentence end (`. ` or `。`): a title written
/// before its link is often followed by more (`Title. NeurIPS 2023.`).
pub(super) fn first_sentence(s: &str) -> &str {
    let stop = [s.find(". "), s.find('。')].into_iter().flatten().min();
    match stop {
        Some(k) if k > 0 => &s[..k],
        _ => s,
    }
}

/// Whether a title-looking piece is really a label (`**作者**:`, `Links:`).
pub(super) fn is_leftover_label(line: &str) -> bool {
    if line.contains("](") {
        return false;
    }
    let bare = line.replace("**", "");
    let ends_with_colon = bare.trim_end().ends_with([':', '：']);
    let r = bare.trim().trim_end_matches([':', '：']).trim();
    r.is_empty() || !is_meaningful(r) || (ends_with_colon && r.chars().count() <= 24)
}

/// Tidies one line of a summary from which text was cut: drops separators
/// left dangling, repeated, or at the line's ends.
pub(super) fn squeeze_separators(line: &str) -> String {
    let is_sep = |t: &str| t.chars().all(is_separator);
    let is_label = |t: &str| t.trim_end_matches('*').ends_with([':', '：']);
    let mut kept: Vec<&str> = Vec::new();
    for token in line.split_whitespace() {
        if is_sep(token) && kept.last().is_none_or(|t| is_sep(t) || is_label(t)) {
            continue;
        }
        kept.push(token);
    }
    while kept.last().is_some_and(|t| is_sep(t)) {
        kept.pop();
    }
    let joined = kept.join(" ");
    joined
        .trim_start_matches(|c: char| is_separator(c) || c.is_whitespace())
        .trim_end_matches(|c: char| c != ':' && c != '：' && is_separator(c))
        .trim()
        .to_owned()
}

fn header_key(h: &str) -> String {
    clean_title(h).to_lowercase()
}

/// A table column that holds titles: Title, 标题, Paper, 论文 and the like.
pub(super) fn is_title_header(h: &str) -> bool {
    let l = header_key(h);
    l.contains("title")
        || l.contains("标题")
        || l.contains("题目")
        || matches!(
            l.as_str(),
            "paper"
                | "papers"
                | "论文"
                | "论文名称"
                | "论文名"
                | "paper name"
                | "name"
                | "名称"
                | "文章"
        )
}

/// A column that never holds titles (authors, dates, links, topics...).
pub(super) fn is_other_header(h: &str) -> bool {
    const WORDS: &[&str] = &[
        "author",
        "date",
        "time",
        "venue",
        "conference",
        "journal",
        "code",
        "link",
        "url",
        "pdf",
        "arxiv",
        "abstract",
        "summary",
        "tl;dr",
        "tldr",
        "keyword",
        "tag",
        "category",
        "topic",
        "area",
        "field",
        "star",
        "note",
        "comment",
        "affiliation",
        "institution",
        "org",
        "作者",
        "日期",
        "时间",
        "会议",
        "期刊",
        "代码",
        "链接",
        "地址",
        "摘要",
        "总结",
        "简介",
        "概述",
        "关键词",
        "关键字",
        "标签",
        "分类",
        "类别",
        "方向",
        "领域",
        "主题",
        "机构",
        "单位",
        "备注",
        "点评",
        "评论",
        "推荐",
        "序号",
        "编号",
    ];
    let l = header_key(h);
    WORDS.iter().any(|w| l.contains(w)) || matches!(l.as_str(), "#" | "no" | "no." | "id" | "")
}

/// A column of keywords: its cells become the summary's keyword list.
pub(super) fn is_keyword_header(h: &str) -> bool {
    matches!(
        header_key(h).as_str(),
        "核心关键词" | "关键词" | "关键字" | "keywords" | "key words" | "keyword" | "tags"
    )
}

/// A column whose cells are the summary itself, kept without a label.
pub(super) fn is_abstract_header(h: &str) -> bool {
    matches!(
        header_key(h).as_str(),
        "" | "abstract"
            | "summary"
            | "摘要"
            | "简介"
            | "概述"
            | "description"
            | "描述"
            | "内容"
            | "论文摘要"
            | "内容简介"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_link_texts_are_not_titles() {
        for t in [
            "PDF",
            "[PDF]",
            "arXiv",
            "abs",
            "Link",
            "paper",
            "论文",
            "链接",
            "HTML",
            "code",
            "论文链接",
            "HF 页面",
            "arXiv:2501.12948",
            "2501.12948v2",
            "hep-th/9901001",
            "https://arxiv.org/abs/2501.12948",
            "📄",
            "",
            "  ",
            "<img src=\"badge.svg\">",
            "Code & Data",
            "abs/2501.12948",
        ] {
            assert!(!is_meaningful(t), "{t:?}");
        }
        for t in [
            "GEM",
            "Mistral 7B",
            "The Pile",
            "数据合成方法",
            "<T> generics",
        ] {
            assert!(is_meaningful(t), "{t:?}");
        }
    }

    #[test]
    fn numbering_is_stripped_but_numbers_in_titles_stay() {
        assert_eq!(clean_title("1. Title"), "Title");
        assert_eq!(clean_title("#12 Title"), "Title");
        assert_eq!(clean_title("#3. Title"), "Title");
        assert_eq!(clean_title("[2] Title"), "Title");
        assert_eq!(clean_title("12) Title"), "Title");
        assert_eq!(
            clean_title("3D Gaussian Splatting"),
            "3D Gaussian Splatting"
        );
        assert_eq!(clean_title("1.5B Models"), "1.5B Models");
        assert_eq!(clean_title("2024 Survey"), "2024 Survey");
        assert_eq!(
            clean_title("[2023/05] Reflexion: Language Agents"),
            "Reflexion: Language Agents"
        );
        assert_eq!(clean_title("(2024) Title"), "Title");
        assert_eq!(clean_title("[Spotlight] Title"), "[Spotlight] Title");
    }

    #[test]
    fn titles_lose_markers_labels_and_empty_brackets() {
        assert_eq!(clean_title("**Bold  title**"), "Bold title");
        assert_eq!(clean_title("Title ( )"), "Title");
        assert_eq!(clean_title("Title（\u{1}，）"), "Title");
        assert_eq!(clean_title("标题：Some Title |"), "Some Title");
        assert_eq!(clean_title("*Emphasised*"), "Emphasised");
        assert_eq!(clean_title("Model (GPT)"), "Model (GPT)");
        assert_eq!(clean_title("<b>kept</b> as text"), "<b>kept</b> as text");
        assert_eq!(
            clean_title("Let's Verify Step by Step. ["),
            "Let's Verify Step by Step"
        );
        assert_eq!(
            clean_title("《Attention Is All You Need》"),
            "Attention Is All You Need"
        );
        assert_eq!(clean_title("Wait for it..."), "Wait for it...");
        assert_eq!(
            first_sentence("Tree of Thoughts. NeurIPS 2023. ["),
            "Tree of Thoughts"
        );
    }

    #[test]
    fn nested_brackets_and_odd_input() {
        assert_eq!(drop_empty_brackets("a ( ( ) ) b"), "a  b");
        assert_eq!(drop_empty_brackets("a ((x)) b"), "a ((x)) b");
        assert_eq!(drop_empty_brackets(")]】"), ")]】");
        assert_eq!(strip_tags("a < b and <i>c</i>"), "a < b and c");
    }

    #[test]
    fn separators_left_by_cuts_are_squeezed() {
        assert_eq!(squeeze_separators("  |  | [Code](x)"), "[Code](x)");
        assert_eq!(squeeze_separators("**链接**:   |  "), "**链接**:");
        assert_eq!(
            squeeze_separators("**Links:** · [GitHub](x)"),
            "**Links:** [GitHub](x)"
        );
        assert!(is_leftover_label("**链接**:"));
        assert!(is_leftover_label("alphaXiv:"));
        assert!(!is_leftover_label("**作者**: DeepSeek-AI"));
    }

    #[test]
    fn title_labels() {
        assert_eq!(title_label("Title: Foo"), Some(" Foo"));
        assert_eq!(title_label("标题：LLaMA"), Some("LLaMA"));
        assert_eq!(title_label("Title:** Foo"), Some(" Foo"));
        assert_eq!(title_label("Titles of note"), None);
        assert_eq!(title_label("Title:"), None);
        assert_eq!(title_label("副标题：x"), None);
    }

    #[test]
    fn headers() {
        assert!(is_title_header("标题"));
        assert!(is_title_header("Paper Title"));
        assert!(is_title_header("Paper"));
        assert!(!is_title_header("Paper Link"));
        assert!(!is_title_header("论文链接"));
        assert!(is_other_header("论文链接"));
        assert!(is_other_header("一句话总结"));
        assert!(!is_other_header("工作"));
        assert!(is_keyword_header("Keywords"));
        assert!(is_abstract_header("摘要"));
    }
}
