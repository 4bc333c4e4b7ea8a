//! What a person types, read as a query. Reading never fails: quotes that are
//! not closed run to the end, characters that mean something to FTS5 are
//! separators like any punctuation, and an overlong query is cut (and says so).
//!
//! - words must all match (AND), each as a prefix (`quant` finds quantization);
//! - `"a quoted phrase"` must match as consecutive words;
//! - `-word` or `-"a phrase"` excludes papers that match it;
//! - Chinese (any CJK) text matches as a substring, whatever its length.

use super::text::{self, Class, Token};

/// The most tokens a query keeps; the rest is dropped and the query says so.
pub const MAX_TOKENS: usize = 64;

/// One token of a phrase; a prefix token matches any token it begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub prefix: bool,
}

/// Tokens that must occur consecutively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase(pub Vec<Part>);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Every phrase must match.
    pub include: Vec<Phrase>,
    /// No phrase may match.
    pub exclude: Vec<Phrase>,
    /// The query was longer than [`MAX_TOKENS`] tokens and was cut.
    pub truncated: bool,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut query = Query::default();
        let mut budget = MAX_TOKENS;
        for (raw, quoted, negated) in terms(input) {
            let Some(phrase) = phrase(raw, quoted) else {
                continue;
            };
            if phrase.0.len() > budget {
                query.truncated = true;
                if budget > 0 {
                    let mut cut = phrase;
                    cut.0.truncate(budget);
                    push(&mut query, cut, negated);
                }
                break;
            }
            budget -= phrase.0.len();
            push(&mut query, phrase, negated);
        }
        query
    }

    /// True when nothing searchable remains (no words, or only punctuation).
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// The FTS5 expression for the papers that match every included phrase,
    /// or `None` when there is none. `column` restricts it to one column.
    pub fn include_expr(&self, column: Option<&str>) -> Option<String> {
        if self.include.is_empty() {
            return None;
        }
        let phrases: Vec<String> = self
            .include
            .iter()
            .map(|p| match column {
                Some(c) => format!("{c} : {}", p.expr()),
                None => p.expr(),
            })
            .collect();
        Some(phrases.join(" AND "))
    }

    /// The FTS5 expression for the papers that match any excluded phrase.
    pub fn exclude_expr(&self) -> Option<String> {
        if self.exclude.is_empty() {
            return None;
        }
        let phrases: Vec<String> = self.exclude.iter().map(Phrase::expr).collect();
        Some(phrases.join(" OR "))
    }

    /// The whole query as one FTS5 expression, when it includes something.
    pub fn match_expr(&self) -> Option<String> {
        let include = self.include_expr(None)?;
        Some(match self.exclude_expr() {
            Some(exclude) => format!("({include}) NOT ({exclude})"),
            None => include,
        })
    }
}

fn push(query: &mut Query, phrase: Phrase, negated: bool) {
    if negated {
        query.exclude.push(phrase);
    } else {
        query.include.push(phrase);
    }
}

impl Phrase {
    /// `"t1" + "t2" + "t3"*`. Tokens hold only letters, digits and CJK
    /// characters (the tokenizer drops everything else), so quoting each one
    /// leaves nothing for FTS5 to read as syntax.
    fn expr(&self) -> String {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|p| format!("\"{}\"{}", p.text, if p.prefix { "*" } else { "" }))
            .collect();
        parts.join(" + ")
    }
}

/// Splits the input into terms: `(text, quoted, negated)`.
fn terms(input: &str) -> Vec<(&str, bool, bool)> {
    let mut out = Vec::new();
    let mut rest = input;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let negated = rest.len() > 1 && rest.starts_with('-');
        if negated {
            rest = &rest[1..];
        }
        if let Some(inner) = rest.strip_prefix('"') {
            let end = inner.find('"').unwrap_or(inner.len());
            out.push((&inner[..end], true, negated));
            rest = inner.get(end + 1..).unwrap_or("");
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            out.push((&rest[..end], false, negated));
            rest = &rest[end..];
        }
    }
    out
}

/// The tokens one term must match, in order.
///
/// A CJK run followed by more of the term ended in the text too, so it
/// includes its last character alone (as the index does); a final run may go
/// on in the text, so it is bigrams only — or, for one character, a prefix.
/// An unquoted term's final word of two or more characters is a prefix.
fn phrase(raw: &str, quoted: bool) -> Option<Phrase> {
    let runs = text::runs(raw);
    let mut parts = Vec::new();
    let mut tokens: Vec<Token> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let last = i + 1 == runs.len();
        tokens.clear();
        match run.class {
            Class::Word => {
                let t = text::word_token(&run.chars);
                // One letter as a prefix would match a good part of the library.
                let prefix = last && !quoted && run.chars.len() > 1;
                parts.push(Part {
                    text: t.text,
                    prefix,
                });
            }
            Class::Cjk => {
                text::cjk_tokens(&run.chars, !last, &mut tokens);
                let single = run.chars.len() == 1;
                for t in tokens.drain(..) {
                    parts.push(Part {
                        text: t.text,
                        prefix: last && single,
                    });
                }
            }
            Class::Other => {}
        }
    }
    (!parts.is_empty()).then_some(Phrase(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(input: &str) -> String {
        Query::parse(input).match_expr().unwrap_or_default()
    }

    #[test]
    fn words_are_prefixes_and_all_must_match() {
        assert_eq!(expr("quant"), r#""quant"*"#);
        assert_eq!(expr("Reward  MODEL"), r#""reward"* AND "model"*"#);
    }

    #[test]
    fn quoted_phrases_match_whole_words_in_order() {
        assert_eq!(expr(r#""reward model""#), r#""reward" + "model""#);
    }

    #[test]
    fn a_hyphenated_word_is_a_phrase() {
        assert_eq!(expr("GPT-4o"), r#""gpt" + "4o"*"#);
    }

    #[test]
    fn chinese_terms_of_every_length() {
        assert_eq!(expr("奖"), r#""奖"*"#);
        assert_eq!(expr("奖励"), r#""奖励""#);
        assert_eq!(expr("强化学习"), r#""强化" + "化学" + "学习""#);
        assert_eq!(
            expr("蒙特卡洛树搜索"),
            r#""蒙特" + "特卡" + "卡洛" + "洛树" + "树搜" + "搜索""#
        );
    }

    #[test]
    fn mixed_chinese_and_english_in_one_term() {
        // `训练` ended before `RLVR` in the text, so its last character stands alone there.
        assert_eq!(expr("训练RLVR"), r#""训练" + "练" + "rlvr"*"#);
        assert_eq!(expr("将MCTS"), r#""将" + "mcts"*"#);
        assert_eq!(expr("RLVR 奖励"), r#""rlvr"* AND "奖励""#);
    }

    #[test]
    fn minus_excludes_a_word_or_phrase() {
        assert_eq!(expr("reward -image"), r#"("reward"*) NOT ("image"*)"#);
        assert_eq!(
            expr(r#"强化学习 -"多智能体" -GRPO"#),
            r#"("强化" + "化学" + "学习") NOT ("多智" + "智能" + "能体" OR "grpo"*)"#
        );
        let q = Query::parse("-image");
        assert!(q.include.is_empty() && q.exclude.len() == 1);
        assert_eq!(q.match_expr(), None);
    }

    #[test]
    fn a_lone_minus_or_hyphen_inside_a_word_is_not_exclusion() {
        assert_eq!(expr("-"), "");
        assert_eq!(expr("a-b"), r#""a" + "b""#);
        assert_eq!(expr("x"), r#""x""#);
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        assert_eq!(
            expr(r#"reward "policy grad"#),
            r#""reward"* AND "policy" + "grad""#
        );
    }

    #[test]
    fn fts_syntax_is_only_punctuation() {
        assert_eq!(
            expr("NEAR(ab cd) OR c* ^d {title}: e:fg"),
            r#""near" + "ab"* AND "cd"* AND "or"* AND "c" AND "d" AND "title"* AND "e" + "fg"*"#
        );
        assert_eq!(expr(r#"" "" * ( ) : ^ + -"#), "");
        assert!(Query::parse("*** ((( \"\" ").is_empty());
    }

    #[test]
    fn an_overlong_query_is_cut_and_says_so() {
        let q = Query::parse(&"reward ".repeat(2000));
        assert!(q.truncated);
        assert_eq!(q.include.len(), MAX_TOKENS);
        let q = Query::parse(&"奖".repeat(10_000));
        assert!(q.truncated);
        assert_eq!(q.include[0].0.len(), MAX_TOKENS);
        assert!(!Query::parse("奖励 model").truncated);
    }
}
