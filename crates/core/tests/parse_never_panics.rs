//! Parsing never panics and never fails as a whole, whatever the input.

use papershelf_core::digest;
use proptest::prelude::*;

/// Pieces digests are made of, so that random input reaches deep into the parser.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("## 0.[".to_owned()),
        Just("](https://arxiv.org/pdf/2510.01051)".to_owned()),
        Just("](https://arxiv.org/abs/hep-th/9901001v2".to_owned()),
        Just("\nsummary:".to_owned()),
        Just("**核心关键词**：".to_owned()),
        Just("**一句话核心摘要**:".to_owned()),
        Just("**".to_owned()),
        Just("，、,".to_owned()),
        Just("  ".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("# Papers for 2025-10-03\n".to_owned()),
        Just(
            "| Title | Link |\n|---|---|\n| x | [pdf](https://arxiv.org/pdf/2509.25454) |\n"
                .to_owned()
        ),
        Just("> arXiv:2509.25454 ".to_owned()),
        Just("<a href=\"https://arxiv.org/abs/2510.00977\">".to_owned()),
        Just("[[[(((".to_owned()),
        Just(")))]]]".to_owned()),
        "\\PC{0,12}",
        "[\u{4e00}-\u{9fff}\u{3000}-\u{303f}\u{ff00}-\u{ffef}]{0,8}",
    ]
}

/// Lines of YAML front matter, valid or not.
fn yaml_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("date: 2025-10-03".to_owned()),
        Just("created: Oct 3, 2025".to_owned()),
        Just("published: 2025-09-30".to_owned()),
        Just("arxiv: https://arxiv.org/abs/2510.01051".to_owned()),
        Just("arxiv_id: 2510.20530".to_owned()),
        Just("url: /posts/x/".to_owned()),
        Just("title: \"GEM: A Gym".to_owned()),
        Just("tags: [paper, {a: b}".to_owned()),
        Just("  - nested: [1, 2]".to_owned()),
        Just("x: &a [1]\ny: *a".to_owned()),
        Just("body: |\n  text".to_owned()),
        Just("\t- tab".to_owned()),
        Just("...".to_owned()),
        Just("---".to_owned()),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Front matter, valid or not, then digest noise: parsing never panics
    /// and every warning points at a line of the file.
    #[test]
    fn front_matter_noise(
        yaml in prop::collection::vec(yaml_line(), 0..12),
        pieces in prop::collection::vec(piece(), 0..20),
    ) {
        let text = format!("---\ndate: 2025-10-03\n{}\n---\n{}", yaml.join("\n"), pieces.concat());
        // A lone `\r` ends a line too.
        let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
        let parsed = digest::parse(&text);
        for w in &parsed.warnings {
            prop_assert!((1..=lines).contains(&w.line), "{:?} of {} lines", w, lines);
        }
        for e in &parsed.digest.entries {
            prop_assert!((1..=lines).contains(&e.line), "{:?}", e);
        }
    }

    #[test]
    fn structured_noise(pieces in prop::collection::vec(piece(), 0..40)) {
        let text = pieces.concat();
        let parsed = digest::parse(&text);
        for e in &parsed.digest.entries {
            prop_assert!(!e.title.contains('\r'));
            prop_assert!(!e.summary.text.contains('\r'));
        }
    }

    #[test]
    fn arbitrary_text(text in "\\PC*") {
        let _ = digest::parse(&text);
    }

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = digest::read(&bytes);
    }
}
