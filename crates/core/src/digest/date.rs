//! Dates in a digest's text and path.
//!
//! A digest's date is the day its page listed the papers, chosen in this
//! order (`import::prepare` applies it; the parsers give the page's own):
//!
//! 1. `--date` on the command line;
//! 2. the page's own listing date: its front matter (`announcement_date:`,
//!    `created:`, `date:`, in that order; `front_matter.rs`), else the first
//!    heading that holds a date or line that says `Updated on DATE`
//!    (whichever comes first in the page);
//! 3. its path (`2025-10-03.md`, `2026-06-12/note.md`, `2024/10/03.md`);
//!
//! and never a paper's own date: front matter's `published:` (a per-paper
//! note's arXiv date), a table row's date cell or a `Published:` line are
//! not the page's. A per-paper note (its front matter names the paper) takes
//! no date from its headings, which title the paper.

use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

static HEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})")
        .expect("valid regex")
});

/// `Oct 3, 2025`, `October 3rd, 2025`, `Sept. 3 2025`.
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});

/// `3 Oct 2025`, `3rd October, 2025`.
static DAY_MONTH_YEAR_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH}\.?,?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});

/// An English month, whole or shortened (one capture group).
const MONTH: &str = "(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";

static NAME_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?:[^0-9]|$)").expect("valid regex")
});

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^0-9])(\d{1,2})[-_ ]?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-_ ]?(\d{4})(?:[^0-9]|$)")
        .expect("valid regex")
});

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn month_number(name: &str) -> Option<usize> {
    let head = name.get(..3)?;
    MONTHS
        .iter()
        .position(|m| head.eq_ignore_ascii_case(m))
        .map(|m| m + 1)
}

/// The first date written in a line of text (a heading, a front matter
/// value): `Papers for 2025-10-03`, `【2023-09-26】`, `2026年04月08日`,
/// `2025/01/08 论文日报`, `2025.10.03`, `Oct 3, 2025`, `3 October 2025`,
/// `2025-10-03T08:00:00+08:00` (the day as written, not converted).
pub fn from_text(text: &str) -> Option<NaiveDate> {
    let numeric = HEADING_DATE
        .captures_iter(text)
        .find_map(|c| Some((c.get(0)?.start(), ymd(&c[1], &c[2], &c[3])?)));
    let month_first = MONTH_DAY_YEAR.captures_iter(text).find_map(|c| {
        let month = month_number(&c[1])?;
        Some((c.get(0)?.start(), ymd(&c[3], &month.to_string(), &c[2])?))
    });
    let day_first = DAY_MONTH_YEAR_TEXT.captures_iter(text).find_map(|c| {
        let month = month_number(&c[2])?;
        Some((c.get(0)?.start(), ymd(&c[3], &month.to_string(), &c[1])?))
    });
    [numeric, month_first, day_first]
        .into_iter()
        .flatten()
        .min_by_key(|(at, _)| *at)
        .map(|(_, day)| day)
}

/// The date of a line that says when the page was last updated: `Updated on
/// 2022.12.02`, `Last updated: Oct 3, 2025`, `更新于 2025-10-03` (a README
/// that grows every day says so in a blockquote or a heading).
pub fn updated_on(line: &str) -> Option<NaiveDate> {
    let line = line.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '>' | '*' | '_'));
    let lower: String = line.chars().take(16).collect::<String>().to_lowercase();
    let says = [
        "updated on",
        "updated:",
        "last updated",
        "last update",
        "更新于",
        "更新日期",
        "更新时间",
    ]
    .iter()
    .any(|p| lower.starts_with(p));
    if says {
        from_text(line)
    } else {
        None
    }
}

fn from_component(name: &str) -> Option<NaiveDate> {
    NAME_DATE
        .captures_iter(name)
        .find_map(|c| ymd(&c[1], &c[2], &c[3]))
        .or_else(|| {
            DAY_MONTH_YEAR.captures_iter(name).find_map(|c| {
                let month = MONTHS.iter().position(|m| c[2].eq_ignore_ascii_case(m))? + 1;
                ymd(&c[3], &month.to_string(), &c[1])
            })
        })
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date in a file's path: `2025-10-03.md`, `20251003-x.md`,
/// `daily/20250610_Tue/audio.md`, `1-Aug-2025/IR/README.md`,
/// `archive/2024/10/03.md`. The nearest component wins.
pub fn from_path(path: &Path) -> Option<NaiveDate> {
    let parts: Vec<String> = path
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let split = |i: usize| -> Option<NaiveDate> {
        let (y, m, d) = (
            parts.get(i.checked_sub(2)?)?,
            parts.get(i - 1)?,
            parts.get(i)?,
        );
        let ok = y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len());
        if ok {
            ymd(y, m, d)
        } else {
            None
        }
    };
    (0..parts.len())
        .rev()
        .find_map(|i| from_component(&parts[i]).or_else(|| split(i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn text() {
        for (h, want) in [
            ("Papers for 2025-10-03", "2025-10-03"),
            ("【2023-09-26】", "2023-09-26"),
            ("2026年04月08日", "2026-04-08"),
            ("2025-01-08 论文日报", "2025-01-08"),
            ("Daily 2025/1/8", "2025-01-08"),
            ("2025/10/03", "2025-10-03"),
            ("2025.10.03", "2025-10-03"),
            ("Updated on 2026.06.29", "2026-06-29"),
            ("Oct 3, 2025", "2025-10-03"),
            ("Papers of October 3rd, 2025", "2025-10-03"),
            ("Sept. 30 2025", "2025-09-30"),
            ("3 Oct 2025", "2025-10-03"),
            ("Friday, 3 October 2025", "2025-10-03"),
            ("2025-10-03T08:00:00+08:00", "2025-10-03"),
            ("2025-10-03 23:59:59 -0700", "2025-10-03"),
            // The first date written wins, whatever its shape.
            ("Oct 3, 2025 (was 2025-10-02)", "2025-10-03"),
            ("2025-10-02, not Oct 3, 2025", "2025-10-02"),
        ] {
            assert_eq!(from_text(h), d(want), "{h}");
        }
        for none in [
            "Papers for 2025-13-40",
            "Reading list",
            "Oct 32, 2025",
            "Octopus 3, 2025",
            "May 2025",
            "12 papers, 2025 edition",
        ] {
            assert_eq!(from_text(none), None, "{none}");
        }
    }

    #[test]
    fn updated_lines() {
        for (line, want) in [
            ("Updated on 2022.12.02", "2022-12-02"),
            ("> Updated on 2022.12.02", "2022-12-02"),
            ("**Last updated:** Oct 3, 2025", "2025-10-03"),
            ("updated: 2025/10/03", "2025-10-03"),
            ("更新于 2025-10-03", "2025-10-03"),
        ] {
            assert_eq!(updated_on(line), d(want), "{line}");
        }
        for none in [
            "Published on 2025-10-03",
            "The paper was updated on 2025-10-03",
            "Updated on Monday",
            "",
        ] {
            assert_eq!(updated_on(none), None, "{none}");
        }
    }

    #[test]
    fn paths() {
        for (p, want) in [
            ("2025-10-03.md", "2025-10-03"),
            ("20251003-x.md", "2025-10-03"),
            ("daily/20250610_Tue/audio.md", "2025-06-10"),
            ("1-Aug-2025/IR/README.md", "2025-08-01"),
            ("archive/2024/10/03.md", "2024-10-03"),
            ("/home/u/digests/2025_10_03.md", "2025-10-03"),
        ] {
            assert_eq!(from_path(Path::new(p)), d(want), "{p}");
        }
        assert_eq!(from_path(Path::new("notes/README.md")), None);
        assert_eq!(from_path(Path::new("v123456789.md")), None);
    }
}
