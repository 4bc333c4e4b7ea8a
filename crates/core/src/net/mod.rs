//! The one polite HTTP client: every request Papershelf sends to a server
//! goes through it. It knows nothing of PDFs or libraries; a caller says
//! what to get, where it may be redirected to, and what to do with the answer.
//!
//! - **One conversation at a time per host** ([`Client::turn`]; arXiv's hosts
//!   are one: its API and its PDFs take turns), and at least
//!   [`Settings::delay`] between the end of one request to a host and the
//!   start of the next, redirects and retries included.
//! - **Redirects are followed by hand**: the URL asked for and every redirect
//!   target are checked against the request's [`AllowList`] before they are
//!   requested.
//! - **Retries as the server asks**: 429/503 wait as `Retry-After` says (a wait
//!   beyond [`Settings::max_wait`] fails) or back off exponentially; other 5xx
//!   and broken connections back off; all within [`Settings::attempts`] tries,
//!   which a caller's own retries ([`Turn::again`]) share.
//! - A User-Agent naming Papershelf ([`USER_AGENT`]), connect and read
//!   timeouts, a size cap per body and a minimum transfer rate ([`MinRate`]).
//!
//! ```text
//! let mut turn = client.turn(&url, &cancel).await?;         // the host's turn
//! let answer = turn.get(&Get::new(&url, &allow), &cancel).await?;
//! let mut body = answer.body(limit)?;                       // cap and rate apply
//! while let Some(chunk) = body.chunk(&cancel).await? { ... }
//! ```

mod body;
mod turn;

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use url::{Origin, Url};

pub use body::Body;
pub use turn::{Get, Response, Turn, Wait};

/// What the User-Agent says: Papershelf, its version and where it lives.
pub const USER_AGENT: &str = concat!(
    "Papershelf/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// arXiv asks automated clients for at most one request every three
/// seconds; every server gets that courtesy unless told otherwise.
pub const DEFAULT_DELAY: Duration = Duration::from_secs(3);

/// Redirects followed for one request before giving up.
pub const MAX_REDIRECTS: usize = 5;

/// The slowest transfer that is not given up on: fewer than `bytes` in any
/// `window` of a body fails it ([`NetError::TooSlow`]). A read timeout alone
/// never ends a server that sends one byte a second. `bytes: 0` turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinRate {
    pub bytes: u64,
    pub window: Duration,
}

impl Default for MinRate {
    /// 1 KB in 30 s.
    fn default() -> MinRate {
        MinRate {
            bytes: 1024,
            window: Duration::from_secs(30),
        }
    }
}

/// Which hosts [`Settings::delay`] applies to; the others only wait their
/// turn (one conversation at a time per host).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delayed {
    /// Every host (the default: PDFs and the API are arXiv's or a mirror's).
    Every,
    /// Only these hosts (lowercase, exact), such as [`crate::arxiv::HOSTS`]:
    /// a client that also asks other servers (subscriptions) keeps arXiv's
    /// delay for arXiv without slowing the rest.
    Hosts(&'static [&'static str]),
}

/// How politely requests are sent. `Settings::default()` suits arXiv.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Pause between the end of one request to a host and the start of the next.
    pub delay: Duration,
    /// The hosts `delay` applies to.
    pub delayed: Delayed,
    /// Tries per conversation, counting the first.
    pub attempts: u32,
    /// The first wait before a retry the server gave no `Retry-After` for;
    /// it doubles with each further try.
    pub backoff: Duration,
    /// The longest wait a `Retry-After` can ask for; one asking more fails
    /// with a message to try later.
    pub max_wait: Duration,
    pub connect_timeout: Duration,
    /// A transfer that receives nothing for this long fails.
    pub read_timeout: Duration,
    pub min_rate: MinRate,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            delay: DEFAULT_DELAY,
            delayed: Delayed::Every,
            attempts: 4,
            backoff: Duration::from_secs(2),
            max_wait: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(30),
            read_timeout: Duration::from_secs(60),
            min_rate: MinRate::default(),
        }
    }
}

/// Where one request may go: some hosts over https on the default port, and
/// some origins (scheme, host and port) whatever they are. Never a URL with
/// user info.
#[derive(Debug, Clone)]
pub struct AllowList {
    https_hosts: Vec<String>,
    origins: Vec<Origin>,
    /// What a refusal says after the URL: what is allowed, and how to change it.
    refusal: String,
}

impl AllowList {
    /// Allows nothing yet; `refusal` is what an error says about a URL refused.
    pub fn new(refusal: impl Into<String>) -> AllowList {
        AllowList {
            https_hosts: Vec::new(),
            origins: Vec::new(),
            refusal: refusal.into(),
        }
    }

    /// Also allows these hosts (lowercase, exact) over https on the default port.
    pub fn https_hosts(mut self, hosts: &[&str]) -> AllowList {
        self.https_hosts
            .extend(hosts.iter().map(|h| (*h).to_owned()));
        self
    }

    /// Also allows anything on this URL's scheme, host and port.
    pub fn origin(mut self, url: &Url) -> AllowList {
        self.origins.push(url.origin());
        self
    }

    pub fn allows(&self, url: &Url) -> bool {
        if !url.username().is_empty() || url.password().is_some() {
            return false;
        }
        let https_host = url.scheme() == "https"
            && url.port().is_none()
            && url
                .host_str()
                .is_some_and(|h| self.https_hosts.iter().any(|a| a == h));
        https_host || self.origins.contains(&url.origin())
    }

    fn check(&self, url: &Url) -> Result<(), NetError> {
        if self.allows(url) {
            Ok(())
        } else {
            Err(NetError::Disallowed {
                url: url.to_string(),
                refusal: self.refusal.clone(),
            })
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NetError {
    #[error("refusing to fetch {url}: {refusal}")]
    Disallowed { url: String, refusal: String },
    #[error("{url} redirected more than {MAX_REDIRECTS} times; giving up")]
    TooManyRedirects { url: String },
    #[error("{url} answered HTTP {status}; try again later")]
    Http { url: String, status: u16 },
    #[error("the server is busy (HTTP {status} after {attempts} tries for {url}); try again in a few minutes")]
    Unavailable {
        url: String,
        status: u16,
        attempts: u32,
    },
    #[error("the server asks to wait {} s before the next request for {url}, longer than Papershelf waits; try again later", wait.as_secs())]
    RateLimited { url: String, wait: Duration },
    #[error(
        "cannot reach {url} ({}); check the network connection",
        root_cause(source)
    )]
    Unreachable { url: String, source: reqwest::Error },
    #[error(
        "the download of {url} failed ({}); fetch it again",
        root_cause(source)
    )]
    Transfer { url: String, source: reqwest::Error },
    #[error("{url} is larger than the {} MB limit", limit / (1024 * 1024))]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: the server sent only {bytes} bytes in {}; check the connection and fetch again", seconds(*window))]
    TooSlow {
        url: String,
        bytes: u64,
        window: Duration,
    },
    #[error("cancelled")]
    Cancelled,
    #[error("cannot set up HTTPS: {0}")]
    Tls(String),
}

/// The innermost cause of an error: "Connection refused (os error 111)"
/// rather than reqwest's "error sending request for url (...)".
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// "30 s", "1.5 s".
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// Sends requests politely; see the module's documentation. Share one per
/// process (in an `Arc`) so its politeness holds across all its callers.
/// Its futures are `Send`.
pub struct Client {
    http: reqwest::Client,
    settings: Settings,
    /// Per host: held for a whole conversation; remembers when the host's
    /// last request ended. Kept for the process's life (a handful of hosts).
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Instant>>>>>,
}

impl Client {
    pub fn new(settings: Settings) -> Result<Client, NetError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
            .map_err(|e| NetError::Tls(e.to_string()))?;
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| NetError::Tls(e.to_string()))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            // Redirects are followed by hand: each target is checked
            // against the allow-list and waits its turn like any request.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(settings.connect_timeout)
            .read_timeout(settings.read_timeout)
            .pool_max_idle_per_host(1)
            .tls_backend_preconfigured(tls)
            .build()
            .map_err(|e| NetError::Tls(e.to_string()))?;
        Ok(Client {
            http,
            settings,
            gates: Mutex::new(HashMap::new()),
        })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Waits until no other conversation with `url`'s host (for arXiv: any
    /// of arXiv's hosts) is under way,
    /// and starts this one: it lasts until the [`Turn`] is dropped. A
    /// redirect to another host goes on within the same turn.
    pub async fn turn(&self, url: &Url, cancel: &CancellationToken) -> Result<Turn<'_>, NetError> {
        let host = url.host_str().unwrap_or_default().to_owned();
        let delay = match &self.settings.delayed {
            Delayed::Every => self.settings.delay,
            Delayed::Hosts(hosts) if hosts.contains(&host.as_str()) => self.settings.delay,
            Delayed::Hosts(_) => Duration::ZERO,
        };
        // arXiv's hosts are one site with one rule (a request at a time, the
        // delay between): its PDFs and its API share one turn, so the
        // metadata fetch never talks to arXiv while a PDF is downloading.
        let site = if crate::arxiv::HOSTS.contains(&host.as_str()) {
            crate::arxiv::DOMAIN.to_owned()
        } else {
            host
        };
        let gate = {
            let mut gates = self.gates.lock().unwrap_or_else(|e| e.into_inner());
            gates.entry(site).or_default().clone()
        };
        let last = cancellable(cancel, gate.lock_owned()).await?;
        Ok(Turn::new(self, last, delay))
    }
}

/// Runs `f` until `cancel` is cancelled.
pub(crate) async fn cancellable<T>(
    cancel: &CancellationToken,
    f: impl Future<Output = T>,
) -> Result<T, NetError> {
    cancel
        .run_until_cancelled(f)
        .await
        .ok_or(NetError::Cancelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_user_agent_names_papershelf_its_version_and_home() {
        assert!(USER_AGENT.starts_with(&format!(
            "Papershelf/{} (+https://",
            env!("CARGO_PKG_VERSION")
        )));
        assert!(USER_AGENT.ends_with(')'));
    }

    #[test]
    fn an_allow_list_allows_its_https_hosts_and_origins_only() {
        // Base::allow_list's tests try the hostile shapes; these are the rules.
        let allow = AllowList::new("only the test's hosts")
            .https_hosts(&["arxiv.org"])
            .origin(&url("http://127.0.0.1:8080/mirror"));
        assert!(allow.allows(&url("https://arxiv.org:443/abs/1")));
        assert!(allow.allows(&url("http://127.0.0.1:8080/elsewhere.pdf")));
        assert!(!allow.allows(&url("http://arxiv.org/abs/1")));
        assert!(!allow.allows(&url("https://www.arxiv.org/abs/1")));
        assert!(!allow.allows(&url("http://user:pw@127.0.0.1:8080/x.pdf")));
        let err = allow.check(&url("https://evil.example/")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "refusing to fetch https://evil.example/: only the test's hosts"
        );
    }

    #[test]
    fn windows_are_said_in_seconds() {
        assert_eq!(seconds(Duration::from_secs(30)), "30 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }

    /// `Delayed::Hosts`: arXiv keeps its delay, any other host only waits
    /// its turn; `Every` (the default) delays every host.
    #[tokio::test]
    async fn the_delay_applies_to_the_hosts_it_names() {
        let cancel = CancellationToken::new();
        let some = Client::new(Settings {
            delayed: Delayed::Hosts(crate::arxiv::HOSTS),
            ..Settings::default()
        })
        .unwrap();
        let arxiv = some
            .turn(&url("https://arxiv.org/pdf/1"), &cancel)
            .await
            .unwrap();
        assert_eq!(arxiv.delay(), DEFAULT_DELAY);
        drop(arxiv);
        let other = some
            .turn(&url("https://example.org/a.md"), &cancel)
            .await
            .unwrap();
        assert_eq!(other.delay(), Duration::ZERO);
        let every = Client::new(Settings::default()).unwrap();
        let mirror = every
            .turn(&url("http://127.0.0.1:1/pdf/1"), &cancel)
            .await
            .unwrap();
        assert_eq!(mirror.delay(), DEFAULT_DELAY);
    }

    #[tokio::test]
    async fn a_host_has_one_turn_at_a_time_and_other_hosts_do_not_wait() {
        let client = Client::new(Settings::default()).unwrap();
        let cancel = CancellationToken::new();
        let first = client
            .turn(&url("http://127.0.0.1:1/a"), &cancel)
            .await
            .unwrap();
        // Another port is the same host; another host has its own turn.
        let same = url("http://127.0.0.1:2/b");
        let waiting = tokio::time::timeout(Duration::from_millis(100), client.turn(&same, &cancel));
        assert!(waiting.await.is_err(), "a second turn on the host waited");
        let other = url("http://localhost:1/a");
        tokio::time::timeout(Duration::from_millis(100), client.turn(&other, &cancel))
            .await
            .expect("another host does not wait")
            .unwrap();
        drop(first);
        tokio::time::timeout(Duration::from_millis(100), client.turn(&same, &cancel))
            .await
            .expect("the host's turn is free again")
            .unwrap();

        let _held = client.turn(&same, &cancel).await.unwrap();
        cancel.cancel();
        let err = client.turn(&same, &cancel).await.err().unwrap();
        assert!(matches!(err, NetError::Cancelled), "{err}");
    }

    /// The metadata fetch (export.arxiv.org) waits for a PDF download
    /// (arxiv.org): arXiv asks for one request at a time, whichever host.
    #[tokio::test]
    async fn arxivs_hosts_share_one_turn() {
        let client = Client::new(Settings::default()).unwrap();
        let cancel = CancellationToken::new();
        let pdf = client
            .turn(&url("https://arxiv.org/pdf/2509.25454"), &cancel)
            .await
            .unwrap();
        let api = url("https://export.arxiv.org/api/query?id_list=2509.25454");
        let waiting = tokio::time::timeout(Duration::from_millis(100), client.turn(&api, &cancel));
        assert!(waiting.await.is_err(), "the API waited for the PDF's turn");
        drop(pdf);
        tokio::time::timeout(Duration::from_millis(100), client.turn(&api, &cancel))
            .await
            .expect("the API's turn once the PDF's ended")
            .unwrap();
    }
}
