//! Small text helpers shared by the digest parsers.

/// A Markdown inline link `[text](url)` found in a line.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct InlineLink<'a> {
    pub text: &'a str,
    pub url: &'a str,
    /// Byte offset just past the closing `)`.
    pub end: usize,
}

/// Reads the link starting at `s[start] == '['`, allowing balanced brackets
/// in the text and balanced parentheses in the URL. `None` if it never closes.
pub(super) fn link_at(s: &str, start: usize) -> Option<InlineLink<'_>> {
    let bytes = s.as_bytes();
    if bytes.get(start) != Some(&b'[') {
        return None;
    }
    let text_end = closing(bytes, start, b'[', b']')?;
    if bytes.get(text_end + 1) != Some(&b'(') {
        return None;
    }
    let url_end = closing(bytes, text_end + 1, b'(', b')')?;
    let url = s[text_end + 2..url_end].trim();
    // `[t](<url> "title")`: drop angle brackets and a link title.
    let url = url.split_once(" \"").map_or(url, |(u, _)| u.trim());
    let url = url
        .strip_prefix('<')
        .and_then(|u| u.strip_suffix('>'))
        .unwrap_or(url);
    Some(InlineLink {
        text: &s[start + 1..text_end],
        url,
        end: url_end + 1,
    })
}

/// Index of the byte closing the group opened at `open_at`.
fn closing(bytes: &[u8], open_at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open_at;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b if b == open => depth += 1,
            b if b == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Trims and folds every run of white space (including line breaks) to one space.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_brackets_and_parentheses() {
        let s = "[Title with [brackets] and (parens)](https://x/a_(b)) tail";
        let l = link_at(s, 0).unwrap();
        assert_eq!(l.text, "Title with [brackets] and (parens)");
        assert_eq!(l.url, "https://x/a_(b)");
        assert_eq!(&s[l.end..], " tail");
    }

    #[test]
    fn unclosed_links_are_none() {
        assert_eq!(
            link_at("[A truncated](https://arxiv.org/pdf/2510.0", 0),
            None
        );
        assert_eq!(link_at("[never closed", 0), None);
        assert_eq!(link_at("[text] (space)", 0), None);
    }

    #[test]
    fn whitespace_folds() {
        assert_eq!(collapse_whitespace("  a \n b\t c "), "a b c");
    }
}
