//! Just enough HTML for digests: tags, text, `href`s and entities. Not a
//! browser: unknown tags stay text, nothing is ever rendered or run.

use std::borrow::Cow;

/// One piece of HTML, with its byte offset in the input.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Token<'a> {
    Text(&'a str),
    /// `<name attrs>`; `raw` is the whole tag as written.
    Open {
        name: String,
        attrs: &'a str,
        raw: &'a str,
    },
    Close {
        name: String,
        raw: &'a str,
    },
    /// Comments, `<!DOCTYPE>`, `<?...?>`: dropped.
    Other,
}

/// Splits HTML into tags and text in one pass. A `<` that does not start a
/// tag is text; a tag never closed makes the rest text.
pub(super) fn tokens(s: &str) -> Vec<(usize, Token<'_>)> {
    fn push_text<'a>(out: &mut Vec<(usize, Token<'a>)>, s: &'a str, from: usize, to: usize) {
        if from < to {
            out.push((from, Token::Text(&s[from..to])));
        }
    }
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < b.len() {
        let Some(lt) = s[i..].find('<').map(|k| k + i) else {
            break;
        };
        let rest = &s[lt..];
        if rest.starts_with("<!--") {
            push_text(&mut out, s, text_start, lt);
            let end = rest.find("-->").map_or(s.len(), |e| lt + e + 3);
            out.push((lt, Token::Other));
            i = end;
            text_start = end;
            continue;
        }
        let closing = b.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let first = b.get(name_start).copied();
        let special = !closing && matches!(first, Some(b'!' | b'?'));
        if !(special || first.is_some_and(|c| c.is_ascii_alphabetic())) {
            i = lt + 1;
            continue;
        }
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let after_name = b.get(name_start + name_len).copied();
        if !special && !matches!(after_name, Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')) {
            i = lt + 1;
            continue;
        }
        let Some(gt) = rest.find('>').map(|k| k + lt) else {
            break;
        };
        push_text(&mut out, s, text_start, lt);
        let raw = &s[lt..=gt];
        let name = s[name_start..name_start + name_len].to_ascii_lowercase();
        let token = if special {
            Token::Other
        } else if closing {
            Token::Close { name, raw }
        } else {
            let attrs = &s[name_start + name_len..gt];
            Token::Open { name, attrs, raw }
        };
        out.push((lt, token));
        i = gt + 1;
        text_start = i;
    }
    push_text(&mut out, s, text_start, s.len());
    out
}

/// The value of attribute `key` (e.g. `href`), entities decoded.
pub(super) fn attr(attrs: &str, key: &str) -> Option<String> {
    let b = attrs.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && !(b[i].is_ascii_whitespace() || matches!(b[i], b'=' | b'/' | b'>')) {
            i += 1;
        }
        let name = &attrs[name_start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (start, end) = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = i + 1;
                    let end = attrs[start..]
                        .find(q as char)
                        .map_or(attrs.len(), |k| k + start);
                    i = (end + 1).min(b.len());
                    (start, end)
                }
                _ => {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    (start, i)
                }
            };
            value = Some(&attrs[start..end]);
        }
        if name.eq_ignore_ascii_case(key) {
            return value.map(|v| decode_entities(v).into_owned());
        }
        if name.is_empty() && value.is_none() {
            i += 1;
        }
    }
    None
}

/// Decodes the character references digests use (`&amp;`, `&#39;`, `&#x2014;`...).
/// Anything else stays as written.
pub(super) fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|k| entity(&after[..k]).map(|c| (c, k)));
        match decoded {
            Some((c, k)) => {
                out.push(c);
                rest = &after[k + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "rarr" => '→',
        "larr" => '←',
        "times" => '×',
        "copy" => '©',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            return char::from_u32(code).filter(|&c| c != '\0');
        }
    };
    Some(c)
}

/// What a tag means to the digest reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Anchor,
    Bold,
    Break,
    /// Formatting that carries no structure (`<i>`, `<span>`...): dropped.
    Inline,
    /// A block boundary (`<p>`, `<div>`, `<details>`...).
    Block,
    List,
    ListItem,
    Table,
    Row,
    Cell {
        header: bool,
    },
    Heading(u8),
    Rule,
    /// Anything else stays as text.
    Unknown,
}

pub(super) fn role(name: &str) -> Role {
    match name {
        "a" => Role::Anchor,
        "b" | "strong" => Role::Bold,
        "br" | "wbr" => Role::Break,
        "em" | "i" | "u" | "span" | "font" | "sup" | "sub" | "small" | "big" | "mark" | "s"
        | "del" | "ins" | "strike" | "code" | "kbd" | "tt" | "abbr" | "cite" | "q" | "samp"
        | "var" | "time" | "label" => Role::Inline,
        "p" | "div" | "section" | "article" | "details" | "summary" | "blockquote" | "dl"
        | "dt" | "dd" | "thead" | "tbody" | "tfoot" | "pre" | "figure" | "figcaption"
        | "header" | "footer" | "nav" | "main" | "aside" | "caption" | "center" => Role::Block,
        "ul" | "ol" => Role::List,
        "li" => Role::ListItem,
        "table" => Role::Table,
        "tr" => Role::Row,
        "td" => Role::Cell { header: false },
        "th" => Role::Cell { header: true },
        "h1" => Role::Heading(1),
        "h2" => Role::Heading(2),
        "h3" => Role::Heading(3),
        "h4" => Role::Heading(4),
        "h5" => Role::Heading(5),
        "h6" => Role::Heading(6),
        "hr" => Role::Rule,
        _ => Role::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_text() {
        let t = tokens("a <b>bold</b> <a href='x'>y</a><!-- c --> 1 < 2 <img src=z>");
        let names: Vec<String> = t
            .iter()
            .map(|(_, t)| match t {
                Token::Text(s) => format!("T{s}"),
                Token::Open { name, .. } => format!("<{name}"),
                Token::Close { name, .. } => format!("/{name}"),
                Token::Other => "O".into(),
            })
            .collect();
        assert_eq!(
            names,
            ["Ta ", "<b", "Tbold", "/b", "T ", "<a", "Ty", "/a", "O", "T 1 < 2 ", "<img"]
        );
    }

    #[test]
    fn unclosed_tags_are_text() {
        assert_eq!(tokens("x <a href=\"y"), [(0, Token::Text("x <a href=\"y"))]);
        assert_eq!(tokens("<"), [(0, Token::Text("<"))]);
        assert_eq!(tokens("<<<<"), [(0, Token::Text("<<<<"))]);
    }

    #[test]
    fn hrefs() {
        assert_eq!(
            attr(r#" class="x" href="https://a/b?x=1&amp;y=2""#, "href").as_deref(),
            Some("https://a/b?x=1&y=2")
        );
        assert_eq!(attr(" HREF='q' ", "href").as_deref(), Some("q"));
        assert_eq!(attr(" href=u target=_blank", "href").as_deref(), Some("u"));
        assert_eq!(attr(" name=x", "href"), None);
        assert_eq!(
            attr(" href=\"unterminated", "href").as_deref(),
            Some("unterminated")
        );
        assert_eq!(attr("= = =", "href"), None);
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &mdash; &#39;c&#x27; &bogus; &"),
            "a & b — 'c' &bogus; &"
        );
        assert_eq!(decode_entities("&#0; &#xD800;"), "&#0; &#xD800;");
    }
}
