//! Where PDFs may come from, how big they may be, and how politely they
//! are fetched ([`net::Settings`]).

use std::time::Duration;

use url::Url;

use super::PdfError;
use crate::arxiv::{self, ArxivRef};
use crate::net::{self, AllowList};
use crate::Library;

/// Environment variable naming the base URL PDFs are fetched from
/// (`https://export.arxiv.org`, or a local server in tests).
pub const BASE_ENV: &str = "PAPERSHELF_ARXIV_BASE";
/// Environment variable giving the pause between two requests, in milliseconds.
pub const DELAY_ENV: &str = "PAPERSHELF_ARXIV_DELAY_MS";
/// The library setting naming the base URL PDFs are fetched from; the CLI's
/// `papershelf config pdf-base` and the app's Settings change it.
pub const BASE_SETTING: &str = "pdf-base";

pub const DEFAULT_BASE: &str = "https://arxiv.org";
pub const DEFAULT_MAX_SIZE: u64 = 200 * 1024 * 1024;

/// A validated base URL: http or https, a host, no user info, query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(Url);

impl Base {
    /// Parses the value of [`BASE_ENV`]; an error names the variable.
    pub fn parse(s: &str) -> Result<Base, PdfError> {
        Base::parse_as(BASE_ENV, s)
    }

    /// Parses a value for the library's [`BASE_SETTING`]; an error names the setting.
    pub fn parse_setting(s: &str) -> Result<Base, PdfError> {
        Base::parse_as(BASE_SETTING, s)
    }

    /// Parses a base URL; an error names `name` (a variable or setting).
    pub(crate) fn parse_as(name: &'static str, s: &str) -> Result<Base, PdfError> {
        let invalid = || PdfError::Setting {
            name,
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

    pub fn url(&self) -> &Url {
        &self.0
    }

    /// The URL of a paper's PDF under this base.
    pub fn pdf_url(&self, paper: &ArxivRef) -> Url {
        // An ArxivRef renders only as digits, dots, letters, '-' and '/', so
        // the joined string is always a URL under the base.
        Url::parse(&paper.pdf_url(self.as_str()))
            .expect("a valid base joined with an arXiv id is a URL")
    }

    /// Where PDFs may be fetched from: an arXiv host over https, or
    /// anything on the configured base's own scheme, host and port.
    pub fn allow_list(&self) -> AllowList {
        let refusal = format!(
            "only arXiv hosts over https and the configured base ({}) are fetched from; \
             set the PDF source (`papershelf config pdf-base URL`, the app's Settings, \
             or {BASE_ENV}) to use a mirror",
            self.as_str()
        );
        AllowList::new(refusal)
            .https_hosts(arxiv::HOSTS)
            .origin(&self.0)
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
    /// A PDF larger than this is refused.
    pub max_size: u64,
    /// How politely: the delay, tries and backoff, timeouts, the minimum
    /// transfer rate. Tries count per PDF.
    pub net: net::Settings,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            base: Base::default(),
            max_size: DEFAULT_MAX_SIZE,
            net: net::Settings::default(),
        }
    }
}

/// Where the base URL in force comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseOrigin {
    /// Nothing chose one: [`DEFAULT_BASE`].
    Default,
    /// The library's [`BASE_SETTING`].
    Library,
    /// [`BASE_ENV`], which wins over the library's setting.
    Env,
}

impl Settings {
    /// What a library fetches with: the defaults, then the library's
    /// [`BASE_SETTING`], then the environment ([`BASE_ENV`] wins over the
    /// library's setting; [`DELAY_ENV`]).
    pub fn for_library(library: &Library) -> Result<Settings, PdfError> {
        Settings::from_vars(
            library.pdf_base()?,
            env_base().as_deref(),
            env_delay().as_deref(),
        )
    }

    fn from_vars(
        stored: Option<Base>,
        base: Option<&str>,
        delay: Option<&str>,
    ) -> Result<Settings, PdfError> {
        let mut settings = Settings::default();
        if let Some(stored) = stored {
            settings.base = stored;
        }
        if let Some(base) = base.filter(|b| !b.trim().is_empty()) {
            settings.base = Base::parse(base)?;
        }
        if let Some(delay) = delay.filter(|d| !d.trim().is_empty()) {
            let ms: u64 = delay.trim().parse().map_err(|_| PdfError::Setting {
                name: DELAY_ENV,
                value: delay.to_owned(),
                expected: "a whole number of milliseconds, such as 3000",
            })?;
            settings.net.delay = Duration::from_millis(ms);
        }
        Ok(settings)
    }
}

fn env_base() -> Option<String> {
    std::env::var(BASE_ENV).ok()
}

fn env_delay() -> Option<String> {
    std::env::var(DELAY_ENV).ok()
}

/// The base in force for a library and where it comes from: [`BASE_ENV`]
/// if set, else the library's setting, else [`DEFAULT_BASE`].
pub fn effective_base(library: &Library) -> Result<(Base, BaseOrigin), PdfError> {
    resolve_base(library.pdf_base()?, env_base().as_deref())
}

fn resolve_base(stored: Option<Base>, env: Option<&str>) -> Result<(Base, BaseOrigin), PdfError> {
    Ok(match (env.filter(|e| !e.trim().is_empty()), stored) {
        (Some(env), _) => (Base::parse(env)?, BaseOrigin::Env),
        (None, Some(stored)) => (stored, BaseOrigin::Library),
        (None, None) => (Base::default(), BaseOrigin::Default),
    })
}

impl Library {
    /// The library's PDF base URL ([`BASE_SETTING`]), `None` when unset. A
    /// stored value that is not a valid base (edited by hand) is an error
    /// that names the setting, not silently arXiv.
    pub fn pdf_base(&self) -> Result<Option<Base>, PdfError> {
        self.setting(BASE_SETTING)?
            .map(|s| Base::parse_setting(&s))
            .transpose()
    }

    /// Sets the library's PDF base URL, or with `None` goes back to arXiv.
    pub fn set_pdf_base(&mut self, base: Option<&Base>) -> Result<(), PdfError> {
        Ok(self.set_setting(BASE_SETTING, base.map(Base::as_str))?)
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
        let allow = Base::default().allow_list();
        for ok in [
            "https://arxiv.org/pdf/2509.25454",
            "https://export.arxiv.org/pdf/2509.25454v2",
            "https://www.arxiv.org/pdf/hep-th/9901001",
            "https://arxiv.org:443/pdf/2509.25454",
        ] {
            assert!(allow.allows(&url(ok)), "{ok}");
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
            assert!(!allow.allows(&url(bad)), "{bad}");
        }
    }

    #[test]
    fn a_configured_base_allows_its_own_origin_only() {
        let base = Base::parse("http://127.0.0.1:8080/mirror/").unwrap();
        assert_eq!(base.as_str(), "http://127.0.0.1:8080/mirror");
        let allow = base.allow_list();
        assert!(allow.allows(&url("http://127.0.0.1:8080/elsewhere.pdf")));
        assert!(allow.allows(&url("https://arxiv.org/pdf/2509.25454")));
        assert!(!allow.allows(&url("http://127.0.0.1:8081/x.pdf")));
        assert!(!allow.allows(&url("https://127.0.0.1:8080/x.pdf")));
        assert!(!allow.allows(&url("http://localhost:8080/x.pdf")));
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
            let err = Settings::from_vars(None, Some(bad), None).unwrap_err();
            assert!(err.to_string().contains(BASE_ENV), "{err}");
        }
        let err = Settings::from_vars(None, None, Some("3s")).unwrap_err();
        assert!(err.to_string().contains("milliseconds"), "{err}");
        let s = Settings::from_vars(None, Some("https://export.arxiv.org"), Some("0")).unwrap();
        assert_eq!(s.net.delay, Duration::ZERO);
        assert_eq!(s.base.as_str(), "https://export.arxiv.org");
        let s = Settings::from_vars(None, None, None).unwrap();
        assert_eq!(s.net.delay, net::DEFAULT_DELAY);
        assert_eq!(s.base, Base::default());
    }

    #[test]
    fn the_library_setting_is_stored_checked_and_reset() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        assert_eq!(lib.pdf_base().unwrap(), None);
        let mirror = Base::parse_setting("https://export.arxiv.org/").unwrap();
        lib.set_pdf_base(Some(&mirror)).unwrap();
        // Another connection (the app while the CLI sets it) sees it.
        let other = Library::open(dir.path()).unwrap();
        assert_eq!(other.pdf_base().unwrap(), Some(mirror.clone()));
        assert_eq!(
            other.setting(BASE_SETTING).unwrap().as_deref(),
            Some("https://export.arxiv.org")
        );
        lib.set_pdf_base(None).unwrap();
        assert_eq!(other.pdf_base().unwrap(), None);

        // A value edited by hand into something unusable is refused by name.
        lib.set_setting(BASE_SETTING, Some("ftp://mirror.example"))
            .unwrap();
        let err = lib.pdf_base().unwrap_err();
        assert!(
            err.to_string().contains("pdf-base=`ftp://mirror.example`"),
            "{err}"
        );
        assert!(Settings::for_library(&lib).is_err());
    }

    #[test]
    fn a_setting_error_names_the_setting_not_the_variable() {
        let err = Base::parse_setting("export.arxiv.org").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("pdf-base=`export.arxiv.org` is not valid"),
            "{message}"
        );
        assert!(!message.contains(BASE_ENV), "{message}");
    }

    #[test]
    fn the_environment_wins_over_the_library_which_wins_over_the_default() {
        let stored = Base::parse_setting("http://127.0.0.1:9000").unwrap();
        let s = Settings::from_vars(Some(stored.clone()), None, None).unwrap();
        assert_eq!(s.base, stored);
        let s = Settings::from_vars(Some(stored.clone()), Some("https://export.arxiv.org"), None)
            .unwrap();
        assert_eq!(s.base.as_str(), "https://export.arxiv.org");
        // An empty variable is unset, so the library's setting holds.
        let s = Settings::from_vars(Some(stored.clone()), Some(" "), None).unwrap();
        assert_eq!(s.base, stored);

        assert_eq!(
            resolve_base(None, None).unwrap(),
            (Base::default(), BaseOrigin::Default)
        );
        assert_eq!(
            resolve_base(Some(stored.clone()), Some("")).unwrap(),
            (stored.clone(), BaseOrigin::Library)
        );
        let (base, origin) = resolve_base(Some(stored), Some("https://export.arxiv.org")).unwrap();
        assert_eq!(
            (base.as_str(), origin),
            ("https://export.arxiv.org", BaseOrigin::Env)
        );
        assert!(resolve_base(None, Some("ftp://x")).is_err());
    }
}
