//! Where PDFs may come from, and how politely they are fetched.

use std::time::Duration;

use url::Url;

use super::PdfError;
use crate::arxiv::ArxivRef;

/// Environment variable naming the base URL PDFs are fetched from
/// (`https://export.arxiv.org`, or a local server in tests).
pub const BASE_ENV: &str = "PAPERSHELF_ARXIV_BASE";
/// Environment variable giving the pause between two requests, in milliseconds.
pub const DELAY_ENV: &str = "PAPERSHELF_ARXIV_DELAY_MS";

pub const DEFAULT_BASE: &str = "https://arxiv.org";
/// arXiv asks automated clients for at most one request every three seconds.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(3);
pub const DEFAULT_MAX_SIZE: u64 = 200 * 1024 * 1024;

/// Hosts that are arXiv: fetched from over https on the default port only.
pub const ARXIV_HOSTS: &[&str] = &["arxiv.org", "www.arxiv.org", "export.arxiv.org"];

/// What the User-Agent says: Papershelf, its version and where it lives.
pub const USER_AGENT: &str = concat!(
    "Papershelf/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// A validated base URL: http or https, a host, no user info, query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(Url);

impl Base {
    pub fn parse(s: &str) -> Result<Base, PdfError> {
        let invalid = || PdfError::Setting {
            name: BASE_ENV,
            value: s.to_owned(),
            expected: "an http(s) URL such as https://export.arxiv.org",
        };
        let mut url = Url::parse(s.trim()).map_err(|_| invalid())?;
        let plain = matches!(url.scheme(), "http" | "https")
            && url.host_str().is_some()
            && url.username().is_empty()
            && url.password().is_none()
            && url.query().is_none()
            && url.fragment().is_none();
        if !plain {
            return Err(invalid());
        }
        let path = url.path().trim_end_matches('/').to_owned();
        url.set_path(&path);
        Ok(Base(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    /// The URL of a paper's PDF under this base.
    pub fn pdf_url(&self, paper: &ArxivRef) -> Url {
        // An ArxivRef renders only as digits, dots, letters, '-' and '/', so
        // the joined string is always a URL under the base.
        Url::parse(&paper.pdf_url(self.as_str()))
            .expect("a valid base joined with an arXiv id is a URL")
    }

    /// Whether a URL may be fetched: an arXiv host over https, or anything
    /// on the configured base's own scheme, host and port.
    pub fn allows(&self, url: &Url) -> bool {
        if !url.username().is_empty() || url.password().is_some() {
            return false;
        }
        let arxiv = url.scheme() == "https"
            && url.port().is_none()
            && url.host_str().is_some_and(|h| ARXIV_HOSTS.contains(&h));
        arxiv || url.origin() == self.0.origin()
    }
}

impl Default for Base {
    fn default() -> Base {
        Base(Url::parse(DEFAULT_BASE).expect("the default base is a URL"))
    }
}

/// How PDFs are fetched. `Settings::default()` is arXiv's polite defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    pub base: Base,
    /// Pause between the end of one request and the start of the next.
    pub delay: Duration,
    /// A PDF larger than this is refused.
    pub max_size: u64,
    /// Tries per PDF, counting the first.
    pub attempts: u32,
    /// The first wait before a retry the server gave no `Retry-After` for;
    /// it doubles with each further try.
    pub backoff: Duration,
    /// The longest wait a `Retry-After` can ask for; one asking more fails
    /// the download with a message to try later.
    pub max_wait: Duration,
    pub connect_timeout: Duration,
    /// A transfer that receives nothing for this long fails (and can resume).
    pub read_timeout: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            base: Base::default(),
            delay: DEFAULT_DELAY,
            max_size: DEFAULT_MAX_SIZE,
            attempts: 4,
            backoff: Duration::from_secs(2),
            max_wait: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(30),
            read_timeout: Duration::from_secs(60),
        }
    }
}

impl Settings {
    /// The defaults, with the base and delay from the environment when set.
    pub fn from_env() -> Result<Settings, PdfError> {
        Settings::from_vars(
            std::env::var(BASE_ENV).ok().as_deref(),
            std::env::var(DELAY_ENV).ok().as_deref(),
        )
    }

    fn from_vars(base: Option<&str>, delay: Option<&str>) -> Result<Settings, PdfError> {
        let mut settings = Settings::default();
        if let Some(base) = base.filter(|b| !b.trim().is_empty()) {
            settings.base = Base::parse(base)?;
        }
        if let Some(delay) = delay.filter(|d| !d.trim().is_empty()) {
            let ms: u64 = delay.trim().parse().map_err(|_| PdfError::Setting {
                name: DELAY_ENV,
                value: delay.to_owned(),
                expected: "a whole number of milliseconds, such as 3000",
            })?;
            settings.delay = Duration::from_millis(ms);
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn arxiv_hosts_over_https_are_allowed_and_nothing_else() {
        let base = Base::default();
        for ok in [
            "https://arxiv.org/pdf/2509.25454",
            "https://export.arxiv.org/pdf/2509.25454v2",
            "https://www.arxiv.org/pdf/hep-th/9901001",
            "https://arxiv.org:443/pdf/2509.25454",
        ] {
            assert!(base.allows(&url(ok)), "{ok}");
        }
        for bad in [
            "http://arxiv.org/pdf/2509.25454",
            "https://arxiv.org:8443/pdf/2509.25454",
            "https://arxiv.org.evil.example/pdf/2509.25454",
            "https://evil.example/arxiv.org/pdf/2509.25454",
            "https://user@arxiv.org/pdf/2509.25454",
            "https://аrxiv.org/pdf/2509.25454", // Cyrillic а
            "http://127.0.0.1:8080/pdf/2510.00184",
            "file:///etc/passwd",
        ] {
            assert!(!base.allows(&url(bad)), "{bad}");
        }
    }

    #[test]
    fn a_configured_base_allows_its_own_origin_only() {
        let base = Base::parse("http://127.0.0.1:8080/mirror/").unwrap();
        assert_eq!(base.as_str(), "http://127.0.0.1:8080/mirror");
        assert!(base.allows(&url("http://127.0.0.1:8080/elsewhere.pdf")));
        assert!(base.allows(&url("https://arxiv.org/pdf/2509.25454")));
        assert!(!base.allows(&url("http://127.0.0.1:8081/x.pdf")));
        assert!(!base.allows(&url("https://127.0.0.1:8080/x.pdf")));
        assert!(!base.allows(&url("http://localhost:8080/x.pdf")));
    }

    #[test]
    fn pdf_urls_live_under_the_base() {
        let base = Base::parse("http://127.0.0.1:8080/").unwrap();
        let paper = ArxivRef::parse("hep-th/9901001v2").unwrap();
        assert_eq!(
            base.pdf_url(&paper).as_str(),
            "http://127.0.0.1:8080/pdf/hep-th/9901001v2"
        );
        assert_eq!(
            Base::default()
                .pdf_url(&ArxivRef::parse("2509.25454").unwrap())
                .as_str(),
            "https://arxiv.org/pdf/2509.25454"
        );
    }

    #[test]
    fn bad_settings_say_what_was_expected() {
        for bad in [
            "ftp://arxiv.org",
            "arxiv.org",
            "https://u:p@arxiv.org",
            "https://arxiv.org/?q=1",
        ] {
            let err = Settings::from_vars(Some(bad), None).unwrap_err();
            assert!(err.to_string().contains(BASE_ENV), "{err}");
        }
        let err = Settings::from_vars(None, Some("3s")).unwrap_err();
        assert!(err.to_string().contains("milliseconds"), "{err}");
        let s = Settings::from_vars(Some("https://export.arxiv.org"), Some("0")).unwrap();
        assert_eq!(s.delay, Duration::ZERO);
        assert_eq!(s.base.as_str(), "https://export.arxiv.org");
        let s = Settings::from_vars(None, None).unwrap();
        assert_eq!(s.delay, DEFAULT_DELAY);
        assert_eq!(s.base, Base::default());
    }

    #[test]
    fn the_user_agent_names_papershelf_its_version_and_home() {
        assert!(USER_AGENT.starts_with(&format!(
            "Papershelf/{} (+https://",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(USER_AGENT.ends_with(')'));
    }
}
