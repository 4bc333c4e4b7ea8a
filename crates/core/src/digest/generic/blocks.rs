//! Where a Markdown document may be cut into pieces that pulldown-cmark
//! parses one after the other with the same result as the whole: pulldown
//! builds the tree of everything it is given before its first event (about
//! three times the text), so a long file is parsed a piece at a time.
//!
//! A cut goes before a line that starts a new top-level block whatever came
//! before, except a fenced code block or an HTML block still open: an ATX
//! heading (`# …`), or after a blank line any line not indented, not a list
//! item (a list goes on over blank lines) nor a block quote. Every container closes there; only top-level
//! fenced code and `<!--`, `<pre>`… HTML blocks go on over a blank line, and
//! the reader ([`super::units`]) checks those with pulldown's own events
//! (it parses again from such a block when the piece ends in it). A file
//! with a link reference definition (`[x]: url`, anywhere) is not cut: its
//! links may be used before it.

/// Where the next piece may end: the first line at or after `from` that is
/// a heading or [`starts_a_top_level_block`] after a blank line, or the end
/// of the text.
pub(super) fn next_cut(text: &str, from: usize) -> usize {
    if from >= text.len() || memchr::memmem::find(text.as_bytes(), b"]:").is_some() {
        return text.len();
    }
    let from = (from..text.len())
        .find(|&k| text.is_char_boundary(k))
        .unwrap_or(text.len());
    let mut at = text[..from].rfind('\n').map_or(0, |k| k + 1);
    let mut blank_before = text[..at]
        .strip_suffix('\n')
        .is_some_and(|h| h[h.rfind('\n').map_or(0, |k| k + 1)..].trim().is_empty());
    for line in text[at..].split_inclusive('\n') {
        if at >= from && (blank_before && starts_a_top_level_block(line) || is_heading(line)) {
            return at;
        }
        blank_before = line.trim().is_empty();
        at += line.len();
    }
    text.len()
}

/// An ATX heading (`# Title`), not indented: it ends a paragraph, a list
/// or a table even without a blank line before it.
fn is_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&c| c == b'#').count();
    (1..=6).contains(&hashes)
        && line[hashes..]
            .bytes()
            .next()
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
}

/// Not indented, not blank, not a list item or block quote.
fn starts_a_top_level_block(line: &str) -> bool {
    let b = line.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    let then_space = |k: usize| {
        b.get(k)
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    };
    match first {
        b' ' | b'\t' | b'\n' | b'\r' | b'>' => false,
        b'-' | b'+' | b'*' => !then_space(1),
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            !(digits <= 9 && matches!(b.get(digits), Some(b'.' | b')')) && then_space(digits + 1))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = 1;
        while at < text.len() {
            at = next_cut(text, at);
            out.push(at);
            at += 1;
        }
        out
    }

    #[test]
    fn cuts_only_after_a_blank_line_before_a_new_top_level_block() {
        let text = "#A\n\npara\n\n- item\n\n- loose item\n\nafter\n\n    code\n\n> quote\n\n1. one\n\n2025 text\n**b**\n# H\n";
        let at: Vec<&str> = cuts(text).iter().map(|&k| &text[k..]).collect();
        assert_eq!(
            at,
            [
                "para\n\n- item\n\n- loose item\n\nafter\n\n    code\n\n> quote\n\n1. one\n\n2025 text\n**b**\n# H\n",
                "after\n\n    code\n\n> quote\n\n1. one\n\n2025 text\n**b**\n# H\n",
                "2025 text\n**b**\n# H\n",
                "# H\n",
                ""
            ]
        );
        assert_eq!(next_cut(text, 0), 4, "not before the first line");
        assert_eq!(next_cut(text, text.len()), text.len());
    }

    #[test]
    fn a_file_with_a_reference_definition_is_one_piece() {
        let text = "[Title][1]\n\nmore\n\n[1]: https://arxiv.org/abs/2501.00001\n";
        assert_eq!(next_cut(text, 1), text.len());
    }
}
