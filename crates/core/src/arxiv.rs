//! arXiv identifiers, and recognising them in links and text.
//!
//! An [`ArxivId`] only exists once it has validated, so everything downstream
//! (the store's paper key, a PDF's file name, the URL we fetch) can trust it.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use url::Url;

/// A validated arXiv identifier in canonical form, without version:
/// `2509.25454` (new style) or `hep-th/9901001` (old style; a subject class
/// such as `math.GT/0309136` is dropped, as arXiv itself does).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArxivId(String);

/// An identifier as it was cited: the paper plus the version, if one was named.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArxivRef {
    pub id: ArxivId,
    pub version: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not an arXiv identifier (expected e.g. 2509.25454, 2509.25454v2 or hep-th/9901001)"
)]
pub struct InvalidArxivId(pub String);

/// Archives that had old-style identifiers (before April 2007).
const OLD_ARCHIVES: &[&str] = &[
    "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn",
    "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an", "gr-qc", "hep-ex",
    "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th",
    "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph", "solv-int", "supr-con",
];

impl ArxivId {
    /// Parses an identifier without version (`2509.25454`, `math.GT/0309136`).
    pub fn parse(s: &str) -> Result<ArxivId, InvalidArxivId> {
        canonical(s)
            .map(ArxivId)
            .ok_or_else(|| InvalidArxivId(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A name usable as a file stem: old-style ids lose their `/`.
    pub fn file_stem(&self) -> String {
        self.0.replace('/', "_")
    }

    pub fn abs_url(&self) -> String {
        format!("https://arxiv.org/abs/{}", self.0)
    }
}

impl fmt::Display for ArxivId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ArxivRef {
    /// Parses `ID` or `IDvN`, optionally prefixed with `arXiv:`.
    pub fn parse(s: &str) -> Result<ArxivRef, InvalidArxivId> {
        let trimmed = s.trim();
        let bare = strip_prefix_ignore_case(trimmed, "arxiv:")
            .unwrap_or(trimmed)
            .trim();
        let (id, version) = split_version(bare);
        let version = match version {
            Some(v) => Some(
                v.parse::<u32>()
                    .ok()
                    .filter(|v| *v > 0)
                    .ok_or_else(|| InvalidArxivId(s.to_owned()))?,
            ),
            None => None,
        };
        let id = ArxivId::parse(id).map_err(|_| InvalidArxivId(s.to_owned()))?;
        Ok(ArxivRef { id, version })
    }

    /// The PDF URL under `base` (e.g. `https://arxiv.org`), with the version if one was named.
    pub fn pdf_url(&self, base: &str) -> String {
        let base = base.trim_end_matches('/');
        match self.version {
            Some(v) => format!("{base}/pdf/{}v{v}", self.id),
            None => format!("{base}/pdf/{}", self.id),
        }
    }
}

impl fmt::Display for ArxivRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            Some(v) => write!(f, "{}v{v}", self.id),
            None => write!(f, "{}", self.id),
        }
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Splits a trailing `vN` off an identifier.
fn split_version(s: &str) -> (&str, Option<&str>) {
    match s.rfind('v') {
        Some(i) if i > 0 && i + 1 < s.len() && s[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            (&s[..i], Some(&s[i + 1..]))
        }
        _ => (s, None),
    }
}

fn canonical(s: &str) -> Option<String> {
    if let Some((archive, number)) = s.split_once('/') {
        let archive = archive.split_once('.').map_or(archive, |(a, class)| {
            let class_ok =
                !class.is_empty() && class.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
            if class_ok {
                a
            } else {
                ""
            }
        });
        let archive = archive.to_ascii_lowercase();
        let known = OLD_ARCHIVES.contains(&archive.as_str());
        (known && valid_old_number(number)).then(|| format!("{archive}/{number}"))
    } else {
        valid_new(s).then(|| s.to_owned())
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn valid_month(mm: &str) -> bool {
    matches!(mm.parse::<u8>(), Ok(1..=12))
}

/// `YYMM.NNNN` from 0704 to 1412, `YYMM.NNNNN` from 1501 on.
fn valid_new(s: &str) -> bool {
    let Some((yymm, number)) = s.split_once('.') else {
        return false;
    };
    if yymm.len() != 4 || !all_digits(yymm) || !all_digits(number) || !valid_month(&yymm[2..]) {
        return false;
    }
    let yymm: u32 = yymm.parse().unwrap_or(0);
    match number.len() {
        4 => (704..=1412).contains(&yymm),
        5 => yymm >= 1501,
        _ => false,
    }
}

/// `YYMMNNN` from 1991 to March 2007.
fn valid_old_number(s: &str) -> bool {
    if s.len() != 7 || !all_digits(s) || !valid_month(&s[2..4]) {
        return false;
    }
    let yy: u32 = s[..2].parse().unwrap_or(0);
    yy >= 91 || yy <= 7
}

/// arXiv's own hosts, the one list every part of Papershelf uses: links on
/// them name papers, and PDFs are fetched from them. The first is arXiv's
/// domain ([`DOMAIN`]); the others are subdomains of it.
pub const HOSTS: &[&str] = &["arxiv.org", "www.arxiv.org", "export.arxiv.org"];

/// arXiv's domain.
pub const DOMAIN: &str = HOSTS[0];

/// Sites whose paths name arXiv papers: their hosts, and the path prefixes
/// an identifier follows.
const SITES: &[(&[&str], &[&str])] = &[
    (HOSTS, &["/abs/", "/pdf/", "/html/", "/ps/", "/format/"]),
    (&["huggingface.co", "www.huggingface.co"], &["/papers/"]),
    (
        &["alphaxiv.org", "www.alphaxiv.org"],
        &["/abs/", "/overview/"],
    ),
];

/// Whether a host (lowercase) is arXiv's domain or any subdomain of it
/// (`info.arxiv.org` too, unlike [`HOSTS`]): where a reader may follow a link.
pub fn within_domain(host: &str) -> bool {
    host.strip_suffix(DOMAIN)
        .is_some_and(|sub| sub.is_empty() || sub.ends_with('.'))
}

/// What follows a site's paper prefix in a path, if the host is one of
/// [`SITES`] and the path starts with one of its prefixes.
pub(crate) fn id_path<'a>(host: &str, path: &'a str) -> Option<&'a str> {
    let (_, prefixes) = SITES.iter().find(|(hosts, _)| hosts.contains(&host))?;
    prefixes.iter().find_map(|p| path.strip_prefix(p))
}

/// The arXiv paper a URL points at, if it really is an arXiv (or Hugging Face
/// papers, alphaXiv) URL: the host must be exactly one of those, with no
/// user info or unusual port, and the id must validate.
pub fn from_url(raw: &str) -> Option<ArxivRef> {
    let url = Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https")
        || !url.username().is_empty()
        || url.password().is_some()
        || url.port().is_some()
    {
        return None;
    }
    let host = url.host_str()?;
    let rest = id_path(host, url.path())?;
    let rest = rest.trim_end_matches('/');
    let rest = rest.strip_suffix(".pdf").unwrap_or(rest);
    ArxivRef::parse(rest).ok()
}

static NAMED_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[^0-9.])(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+_\d{7}(?:v\d+)?)(?:[^0-9]|$)")
        .expect("valid regex")
});

/// The arXiv paper a link to a local page names in its file name: a notes
/// vault's or a site's page per paper (`papers/2510.01051.md`,
/// `[[2510.01051 GEM]]`, `../2026-06-12/hep-th_9901001.html`). Only links
/// without a scheme or host count (`https://example.com/2510.01051` does
/// not), and only the last part of the path, so a folder named like an id
/// does not.
pub fn from_local_link(dest: &str) -> Option<ArxivRef> {
    let dest = dest.trim();
    let scheme = dest.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    });
    if dest.is_empty() || scheme || dest.starts_with("//") || dest.starts_with('#') {
        return None;
    }
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let name = percent_decoded(path.rsplit(['/', '\\']).next().unwrap_or(""));
    NAMED_ID.captures_iter(&name).find_map(|c| {
        let id = c.get(1)?.as_str();
        let id = match id.split_once('_') {
            Some((archive, number)) => format!("{archive}/{number}"),
            None => id.to_owned(),
        };
        ArxivRef::parse(&id).ok()
    })
}

/// `%20`-style escapes decoded; anything that is not one stays as written.
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |k: usize| b.get(k).and_then(|&c| (c as char).to_digit(16));
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\barxiv(?::\s?|\s)([a-z-]+(?:\.[a-z-]+)?/\d{7}(?:v\d+)?|\d{4}\.\d{4,5}(?:v\d+)?)\b",
    )
    .expect("valid regex")
});

/// Bare `arXiv:ID` (or `arXiv ID`, a space for the colon) mentions in text,
/// in order, with the byte offsets of their ids.
pub fn mentions(text: &str) -> Vec<(usize, ArxivRef)> {
    MENTION
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(1)?;
            ArxivRef::parse(m.as_str()).ok().map(|r| (m.start(), r))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url_id(u: &str) -> Option<String> {
        from_url(u).map(|r| r.to_string())
    }

    #[test]
    fn new_and_old_style_ids_validate() {
        for ok in [
            "2509.25454",
            "0704.0001",
            "1412.9999",
            "1501.00001",
            "hep-th/9901001",
        ] {
            assert_eq!(ArxivId::parse(ok).unwrap().as_str(), ok);
        }
        assert_eq!(
            ArxivId::parse("math.GT/0309136").unwrap().as_str(),
            "math/0309136"
        );
        assert_eq!(
            ArxivId::parse("cond-mat.mes-hall/0601001")
                .unwrap()
                .as_str(),
            "cond-mat/0601001"
        );
        for bad in [
            "",
            "2510.0",
            "2513.00001",
            "1501.0001",
            "1412.00001",
            "0703.0001",
            "25.10001",
            "evil/9901001",
            "hep-th/990100",
            "hep-th/0813001",
            "../../etc/passwd",
            "2510.01174/x",
            "hep-th/1201001",
        ] {
            assert!(ArxivId::parse(bad).is_err(), "{bad} should not validate");
        }
    }

    #[test]
    fn versions_are_kept_apart() {
        let r = ArxivRef::parse("2509.25454v2").unwrap();
        assert_eq!((r.id.as_str(), r.version), ("2509.25454", Some(2)));
        let r = ArxivRef::parse("arXiv:math.GT/0309136v1").unwrap();
        assert_eq!((r.id.as_str(), r.version), ("math/0309136", Some(1)));
        assert!(ArxivRef::parse("2509.25454v0").is_err());
        assert!(ArxivRef::parse("2509.25454v").is_err());
    }

    #[test]
    fn links_of_every_known_shape() {
        let cases = [
            ("https://arxiv.org/pdf/2509.25454", "2509.25454"),
            ("https://arxiv.org/abs/2509.25454v2", "2509.25454v2"),
            (
                "http://arxiv.org/pdf/math.GT/0309136v1.pdf",
                "math/0309136v1",
            ),
            ("https://www.arxiv.org/html/2510.01051v1", "2510.01051v1"),
            ("https://export.arxiv.org/abs/2510.00977", "2510.00977"),
            ("https://ARXIV.org/abs/hep-th/9901001", "hep-th/9901001"),
            ("https://huggingface.co/papers/2510.01051", "2510.01051"),
            ("https://www.alphaxiv.org/abs/2412.19437", "2412.19437"),
            ("https://arxiv.org/pdf/2509.25454.pdf", "2509.25454"),
        ];
        for (u, id) in cases {
            assert_eq!(url_id(u).as_deref(), Some(id), "{u}");
        }
    }

    #[test]
    fn arxiv_hosts_are_its_domain_and_subdomains_of_it() {
        for host in HOSTS {
            assert!(within_domain(host), "{host}");
        }
        assert!(within_domain("info.arxiv.org"));
        for host in ["arxiv.org.evil.example", "evilarxiv.org", "arxiv.com", ""] {
            assert!(!within_domain(host), "{host}");
        }
    }

    #[test]
    fn hosts_that_only_look_like_arxiv_are_refused() {
        for u in [
            "https://arxiv.org.evil.example/pdf/2509.26346",
            "https://arxiv.org@evil.example/pdf/2509.26346",
            "https://evil.example/arxiv.org/pdf/2509.26346",
            "https://аrxiv.org/pdf/2509.26346", // Cyrillic а
            "http://127.0.0.1:8080/pdf/2510.00184",
            "https://arxiv.org:8443/pdf/2510.00184",
            "javascript:alert(document.cookie)",
            "file:///etc/passwd",
            "https://arxiv.org/pdf/../../../../etc/passwd",
            "https://openreview.net/forum?id=AbCdEf123",
            "https://arxiv.org/list/cs.AI/recent",
        ] {
            assert_eq!(url_id(u), None, "{u}");
        }
    }

    #[test]
    fn mentions_in_text() {
        let found: Vec<String> =
            mentions("see arXiv:2509.25454v2 and ARXIV: hep-th/9901001, not arXiv:9999.99999")
                .into_iter()
                .map(|(_, r)| r.to_string())
                .collect();
        assert_eq!(found, ["2509.25454v2", "hep-th/9901001"]);
        let spaced: Vec<String> =
            mentions("arXiv 2510.20535 and arXiv  2510.20536, arxiv.org 2510.20537")
                .into_iter()
                .map(|(_, r)| r.to_string())
                .collect();
        assert_eq!(spaced, ["2510.20535"]);
    }

    #[test]
    fn local_pages_named_by_their_paper() {
        for (dest, want) in [
            ("papers/2510.01051.md", "2510.01051"),
            ("2510.01051", "2510.01051"),
            (
                "../2026-06-12/2510.01051v2%20GEM%20A%20Gym.md",
                "2510.01051v2",
            ),
            ("2510.01051 GEM - A Gym for Agentic LLMs", "2510.01051"),
            ("/notes/hep-th_9901001.html#abstract", "hep-th/9901001"),
            ("notes\\2509.25454.md?x=1", "2509.25454"),
        ] {
            assert_eq!(
                from_local_link(dest).map(|r| r.to_string()).as_deref(),
                Some(want),
                "{dest}"
            );
        }
        for dest in [
            "https://example.com/2510.01051",
            "//example.com/2510.01051.md",
            "file:///notes/2510.01051.md",
            "mailto:2510.01051@example.com",
            "#2510.01051",
            "2510.01051/notes.md",
            "GEM - A Gym for Agentic LLMs",
            "2025.10.03.md",
            "12510.01051.md",
            "2510.010511.md",
            "9999.99999.md",
            "",
        ] {
            assert_eq!(from_local_link(dest), None, "{dest}");
        }
    }

    #[test]
    fn file_stems_never_contain_slashes() {
        assert_eq!(
            ArxivId::parse("hep-th/9901001").unwrap().file_stem(),
            "hep-th_9901001"
        );
    }
}
