//! A digest's date: from its heading, else from its path.

use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

static HEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})")
        .expect("valid regex")
});

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

/// A date written in a heading: `Papers for 2025-10-03`, `【2023-09-26】`,
/// `2026年04月08日`, `2025/01/08 论文日报`.
pub fn from_heading(heading: &str) -> Option<NaiveDate> {
    HEADING_DATE
        .captures_iter(heading)
        .find_map(|c| ymd(&c[1], &c[2], &c[3]))
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
    fn headings() {
        for (h, want) in [
            ("Papers for 2025-10-03", "2025-10-03"),
            ("【2023-09-26】", "2023-09-26"),
            ("2026年04月08日", "2026-04-08"),
            ("2025-01-08 论文日报", "2025-01-08"),
            ("Daily 2025/1/8", "2025-01-08"),
        ] {
            assert_eq!(from_heading(h), d(want), "{h}");
        }
        assert_eq!(from_heading("Papers for 2025-13-40"), None);
        assert_eq!(from_heading("Reading list"), None);
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
