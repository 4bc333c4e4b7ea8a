//! The one tokenizer: what the index stores and what a query looks for are
//! made by the same code, so they always agree.
//!
//! Text splits into runs. A *word* run is letters and digits outside CJK
//! scripts (`GPT`, `4o`, `quantization`); it becomes one token, lowercased.
//! A *CJK* run (Han, kana, Hangul) has no spaces between words, so it becomes
//! overlapping bigrams plus its last character alone: `强化学习` gives
//! `强化 化学 学习 习`. Every character of a run thus starts some token, which
//! lets a one-character query be a prefix search, a two-character query one
//! token, and a longer one a phrase of consecutive bigrams. Everything else
//! (spaces, punctuation, Markdown) separates tokens.

use std::ops::{ControlFlow, Range};

/// One token: its folded text and the bytes of the original text it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Word,
    Cjk,
    Other,
}

/// A run of one class, as folded characters with their byte spans.
#[derive(Debug)]
pub(crate) struct Run {
    pub class: Class,
    pub chars: Vec<(char, Range<usize>)>,
}

/// Han ideographs (with extensions and compatibility forms), kana and Hangul.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x323AF  // CJK extensions B to H
    )
}

/// Full-width ASCII (common in Chinese text: `ＧＰＴ－４`) as ASCII, accents
/// dropped (`López` as `lopez`: authors' names are written both ways), then
/// lowercase.
pub fn fold_char(c: char, out: &mut Vec<char>) {
    fold(c, out)
}

fn fold(c: char, out: &mut Vec<char>) {
    // Nearly every character of a summary: no case table lookup needed.
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_cjk(c) {
        out.push(c);
        return;
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    // Letters with a stroke or a ligature have no decomposition.
    let plain = match c {
        'ø' | 'Ø' => Some("o"),
        'ł' | 'Ł' => Some("l"),
        'đ' | 'Đ' => Some("d"),
        'ß' => Some("ss"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'ı' => Some("i"),
        _ => None,
    };
    if let Some(plain) = plain {
        out.extend(plain.chars());
        return;
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    // Only a Latin, Greek or Cyrillic letter loses its marks; a script
    // whose marks make the letter (Indic vowel signs) keeps them.
    let c = match base {
        Some(b)
            if b != c && (b.is_ascii_alphabetic() || ('\u{0370}'..='\u{04FF}').contains(&b)) =>
        {
            b
        }
        _ => c,
    };
    out.extend(c.to_lowercase());
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// The runs of words and CJK characters in `text`, separators dropped.
pub(crate) fn runs(text: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut folded = Vec::with_capacity(2);
    for (at, c) in text.char_indices() {
        let span = at..at + c.len_utf8();
        folded.clear();
        fold(c, &mut folded);
        for &f in &folded {
            let class = class(f);
            if class == Class::Other {
                if let Some(last) = runs.last_mut() {
                    if last.class != Class::Other {
                        runs.push(Run {
                            class: Class::Other,
                            chars: Vec::new(),
                        });
                    }
                }
                continue;
            }
            match runs.last_mut() {
                Some(last) if last.class == class => last.chars.push((f, span.clone())),
                _ => runs.push(Run {
                    class,
                    chars: vec![(f, span.clone())],
                }),
            }
        }
    }
    runs.retain(|r| r.class != Class::Other);
    runs
}

/// The tokens of `text`, in order, as the index stores them.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_token(text, |t, span| {
        out.push(Token {
            text: t.to_owned(),
            span,
        });
        ControlFlow::Continue(())
    });
    out
}

/// Calls `f` with each token of `text` in order (its folded text and the
/// bytes it covers), as [`tokens`] lists them but without building them:
/// a highlight runs over whole notes, where a `Token` per bigram cost more
/// than the matching (a 10 MB note has 3.5 million bigrams).
///
/// `f` may stop the walk by returning [`ControlFlow::Break`].
pub(crate) fn each_token(text: &str, mut f: impl FnMut(&str, Range<usize>) -> ControlFlow<()>) {
    let mut out = EachToken {
        f: &mut f,
        text: String::new(),
        word: None,
        cjk: None,
        stopped: false,
    };
    let mut folded = Vec::with_capacity(2);
    for (at, c) in text.char_indices() {
        if out.stopped {
            return;
        }
        let span = at..at + c.len_utf8();
        // Fast paths for nearly all characters, as in `index_text`.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase(), ascii_class(c), span);
            continue;
        }
        if is_cjk(c) {
            out.push(c, Class::Cjk, span);
            continue;
        }
        folded.clear();
        fold(c, &mut folded);
        for &f in &folded {
            out.push(f, class(f), span.clone());
        }
    }
    out.end_word();
    out.end_cjk_run();
}

/// [`each_token`]'s state: the word or CJK run being read.
struct EachToken<'f, F: FnMut(&str, Range<usize>) -> ControlFlow<()>> {
    f: &'f mut F,
    /// The next token's text: the word run so far, or a bigram.
    text: String,
    /// Inside a word run: the bytes it covers so far.
    word: Option<Range<usize>>,
    /// Inside a CJK run: its last character and its bytes.
    cjk: Option<(char, Range<usize>)>,
    /// `f` asked to stop: no more tokens.
    stopped: bool,
}

impl<F: FnMut(&str, Range<usize>) -> ControlFlow<()>> EachToken<'_, F> {
    fn push(&mut self, c: char, class: Class, span: Range<usize>) {
        match class {
            Class::Word => {
                self.end_cjk_run();
                match &mut self.word {
                    Some(word) => word.end = span.end,
                    None => self.word = Some(span),
                }
                self.text.push(c);
            }
            Class::Cjk => {
                self.end_word();
                if let Some((prev, prev_span)) = self.cjk.take() {
                    self.text.push(prev);
                    self.text.push(c);
                    self.emit(prev_span.start..span.end);
                }
                self.cjk = Some((c, span));
            }
            Class::Other => {
                self.end_word();
                self.end_cjk_run();
            }
        }
    }

    fn end_word(&mut self) {
        if let Some(span) = self.word.take() {
            self.emit(span);
        }
    }

    /// A CJK run ends with its last character as a token of its own.
    fn end_cjk_run(&mut self) {
        if let Some((c, span)) = self.cjk.take() {
            self.text.push(c);
            self.emit(span);
        }
    }

    /// Gives `f` the token in `self.text`, unless it asked to stop.
    fn emit(&mut self, span: Range<usize>) {
        if !self.stopped {
            self.stopped = (self.f)(&self.text, span).is_break();
        }
        self.text.clear();
    }
}

pub(crate) fn word_token(chars: &[(char, Range<usize>)]) -> Token {
    Token {
        text: chars.iter().map(|(c, _)| c).collect(),
        span: chars[0].1.start..chars[chars.len() - 1].1.end,
    }
}

/// Bigrams of a CJK run, then (when `last_alone`, or for a one-character
/// run) its last character as a token of its own.
pub(crate) fn cjk_tokens(chars: &[(char, Range<usize>)], last_alone: bool, out: &mut Vec<Token>) {
    for pair in chars.windows(2) {
        out.push(Token {
            text: [pair[0].0, pair[1].0].iter().collect(),
            span: pair[0].1.start..pair[1].1.end,
        });
    }
    if last_alone || chars.len() == 1 {
        let (c, span) = &chars[chars.len() - 1];
        out.push(Token {
            text: c.to_string(),
            span: span.clone(),
        });
    }
}

/// The text the index is given: its tokens separated by single spaces (the
/// FTS5 `ascii` tokenizer then splits on the spaces and nothing else).
///
/// The same tokens as [`tokens`], written straight into one string: this
/// runs over every summary an import indexes, where building a `Token` per
/// bigram cost more than the index insert itself.
pub fn index_text(text: &str) -> String {
    let mut out = IndexText {
        out: String::with_capacity(text.len() + text.len() / 2),
        word: false,
        cjk: None,
    };
    let mut folded = Vec::with_capacity(2);
    for c in text.chars() {
        // Fast paths for nearly all of a summary's characters; CJK has no case.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase(), ascii_class(c));
            continue;
        }
        if is_cjk(c) {
            out.push(c, Class::Cjk);
            continue;
        }
        folded.clear();
        fold(c, &mut folded);
        for &f in &folded {
            out.push(f, class(f));
        }
    }
    out.end_cjk_run();
    out.out
}

fn ascii_class(c: char) -> Class {
    if c.is_ascii_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// [`index_text`]'s writer: where the current run stands.
struct IndexText {
    out: String,
    /// Inside a word run: the next word character continues its token.
    word: bool,
    /// Inside a CJK run: its last character, not yet written alone.
    cjk: Option<char>,
}

impl IndexText {
    fn push(&mut self, c: char, class: Class) {
        match class {
            Class::Word => {
                self.end_cjk_run();
                if !self.word {
                    self.separate();
                    self.word = true;
                }
                self.out.push(c);
            }
            Class::Cjk => {
                self.word = false;
                if let Some(prev) = self.cjk {
                    self.separate();
                    self.out.push(prev);
                    self.out.push(c);
                }
                self.cjk = Some(c);
            }
            Class::Other => {
                self.end_cjk_run();
                self.word = false;
            }
        }
    }

    /// A CJK run ends with its last character as a token of its own.
    fn end_cjk_run(&mut self) {
        if let Some(last) = self.cjk.take() {
            self.separate();
            self.out.push(last);
        }
    }

    fn separate(&mut self) {
        if !self.out.is_empty() {
            self.out.push(' ');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &str) {
        assert_eq!(index_text(text), expected, "tokens of {text:?}");
    }

    #[test]
    fn english_words_are_lowercased_and_split_at_punctuation() {
        check(
            "Sinkhorn-Normalized Quantization, GPT-4o!",
            "sinkhorn normalized quantization gpt 4o",
        );
        check("**Agentic LLMs**", "agentic llms");
    }

    #[test]
    fn cjk_runs_become_bigrams_and_their_last_character() {
        check("强化学习", "强化 化学 学习 习");
        check("奖", "奖");
        check("奖励", "奖励 励");
    }

    #[test]
    fn mixed_text_keeps_word_and_cjk_runs_apart() {
        check(
            "将MCTS直接嵌入RLVR训练",
            "将 mcts 直接 接嵌 嵌入 入 rlvr 训练 练",
        );
        check("（RLVR）框架。", "rlvr 框架 架");
    }

    #[test]
    fn full_width_letters_and_digits_fold_to_ascii() {
        check("ＧＰＴ－４", "gpt 4");
    }

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "用RL训练";
        for t in tokens(text) {
            assert!(text.get(t.span.clone()).is_some(), "{t:?}");
        }
        let spans: Vec<&str> = tokens(text).iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(spans, ["用", "RL", "训练", "练"]);
    }

    proptest::proptest! {
        #[test]
        fn index_text_is_the_tokens_joined(text in "(\\PC|[a-zA-Z0-9 ]|[强化学习奖励]|[ＧＰＴ４])*") {
            let joined: Vec<String> = tokens(&text).into_iter().map(|t| t.text).collect();
            proptest::prop_assert_eq!(index_text(&text), joined.join(" "));
        }
    }

    #[test]
    fn nothing_searchable_gives_no_tokens() {
        check("", "");
        check("  ** ,。!?  ", "");
    }
}
