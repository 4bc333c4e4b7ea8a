//! A subscription's URL template: `{date}` (YYYY-MM-DD), `{yyyy}`, `{mm}`,
//! `{dd}` and `{yyyymmdd}` stand for the day asked. Pure.

use chrono::{Datelike, NaiveDate};
use url::{Host, Url};

use super::SourceError;

/// The placeholders a template may hold.
pub const PLACEHOLDERS: &[&str] = &["{date}", "{yyyy}", "{mm}", "{dd}", "{yyyymmdd}"];

/// A URL template checked once: at least one placeholder, nothing else in
/// braces, and every day's URL https, or http on a loopback host (tests,
/// local mirrors), without user info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(String);

impl Template {
    pub fn parse(text: &str) -> Result<Template, SourceError> {
        let text = text.trim();
        let bad = |why: &str| SourceError::BadTemplate {
            template: text.to_owned(),
            why: why.to_owned(),
        };
        let mut rest = text;
        let mut placeholders = 0;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| bad("a `{` is not closed"))?;
            let name = &rest[open..open + close + 1];
            if !PLACEHOLDERS.contains(&name) {
                return Err(bad(&format!(
                    "{name} is not a placeholder; use {}",
                    PLACEHOLDERS.join(" ")
                )));
            }
            placeholders += 1;
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') || placeholders == 0 {
            return Err(bad(&format!(
                "it names no day: put one of {} where the date goes",
                PLACEHOLDERS.join(" ")
            )));
        }
        let template = Template(text.to_owned());
        let sample = template.expand_text(NaiveDate::from_ymd_opt(2025, 10, 3).unwrap_or_default());
        let url = Url::parse(&sample).map_err(|e| bad(&format!("not a URL ({e})")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad("a URL with a user name or password is not fetched"));
        }
        let loopback = match url.host() {
            Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => return Err(bad(
                "only https URLs are fetched (http only from this computer: localhost, 127.0.0.1)",
            )),
        }
        Ok(template)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn expand_text(&self, day: NaiveDate) -> String {
        let (y, m, d) = (day.year(), day.month(), day.day());
        self.0
            .replace("{date}", &format!("{y:04}-{m:02}-{d:02}"))
            .replace("{yyyymmdd}", &format!("{y:04}{m:02}{d:02}"))
            .replace("{yyyy}", &format!("{y:04}"))
            .replace("{mm}", &format!("{m:02}"))
            .replace("{dd}", &format!("{d:02}"))
    }

    /// The day's URL. A parsed template always makes one.
    pub fn expand(&self, day: NaiveDate) -> Result<Url, SourceError> {
        let text = self.expand_text(day);
        Url::parse(&text).map_err(|e| SourceError::BadTemplate {
            template: self.0.clone(),
            why: format!("{text} is not a URL ({e})"),
        })
    }
}

/// The name a day's digest is kept under: the URL's last path segment
/// (percent-decoded), else its host.
pub fn file_name(url: &Url) -> String {
    let segment = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .filter(|s| !s.is_empty())
        .map(percent_decode);
    segment.unwrap_or_else(|| url.host_str().unwrap_or("digest").to_owned())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_placeholder_is_the_day() {
        let t =
            Template::parse("https://example.org/{yyyy}/{mm}/{dd}/{yyyymmdd}-{date}.md").unwrap();
        assert_eq!(
            t.expand(day("2025-01-09")).unwrap().as_str(),
            "https://example.org/2025/01/09/20250109-2025-01-09.md"
        );
    }

    #[test]
    fn templates_without_a_day_or_over_http_are_refused_with_why() {
        for (text, why) in [
            ("https://example.org/digest.md", "it names no day"),
            ("https://example.org/{day}.md", "{day} is not a placeholder"),
            ("https://example.org/{date.md", "is not closed"),
            ("http://example.org/{date}.md", "only https URLs"),
            ("ftp://example.org/{date}.md", "only https URLs"),
            ("https://u:p@example.org/{date}.md", "user name"),
            ("{date}", "not a URL"),
        ] {
            let e = Template::parse(text).unwrap_err().to_string();
            assert!(e.contains(why), "{text}: {e}");
        }
        for ok in [
            "http://127.0.0.1:8080/{date}.md",
            "http://localhost/{date}.md",
            "http://[::1]:9/{date}.md",
        ] {
            Template::parse(ok).unwrap();
        }
    }

    #[test]
    fn a_digest_is_named_after_the_urls_file() {
        let name = |s: &str| file_name(&Url::parse(s).unwrap());
        assert_eq!(name("https://x.org/a/2025-10-03.md"), "2025-10-03.md");
        assert_eq!(
            name("https://x.org/a/%E6%97%A5%E6%8A%A5.md?raw=1"),
            "日报.md"
        );
        assert_eq!(name("https://x.org/"), "x.org");
        assert_eq!(name("https://x.org/a%2"), "a%2");
    }
}
