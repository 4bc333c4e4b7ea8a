//! Which links may leave the app for the system browser. Digest text is untrusted, so
//! a link opens only when it is `https`, names a host by name (no IP address, no
//! loopback, no credentials, no odd port), and that host is arXiv or one the user
//! allowed. Everything else is refused with a message saying why.

use papershelf_core::arxiv;
use url::{Host, Url};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkRefusal {
    #[error("`{0}` is not a valid link")]
    Invalid(String),
    #[error("only https links open in the browser, not `{0}:`")]
    Scheme(String),
    #[error("links to an IP address or to this computer are not opened")]
    Address,
    #[error("links with a user name, password or port are not opened")]
    Credentials,
    #[error("`{0}` is not arXiv or a host you allowed in Settings")]
    Host(String),
}

/// The URL to hand to the browser, if the link may be opened.
pub fn check_external(raw: &str, allowed_hosts: &[String]) -> Result<Url, LinkRefusal> {
    let url = Url::parse(raw.trim()).map_err(|_| LinkRefusal::Invalid(raw.to_owned()))?;
    if url.scheme() != "https" {
        return Err(LinkRefusal::Scheme(url.scheme().to_owned()));
    }
    if !url.username().is_empty() || url.password().is_some() || url.port().is_some() {
        return Err(LinkRefusal::Credentials);
    }
    let host = match url.host() {
        Some(Host::Domain(domain)) => domain.to_ascii_lowercase(),
        Some(Host::Ipv4(_)) | Some(Host::Ipv6(_)) => return Err(LinkRefusal::Address),
        None => return Err(LinkRefusal::Invalid(raw.to_owned())),
    };
    let host = host.trim_end_matches('.');
    if is_local_name(host) {
        return Err(LinkRefusal::Address);
    }
    // arXiv's domain and its subdomains (`www.`, `export.`).
    let on_arxiv = arxiv::within_domain(host);
    let allowed = allowed_hosts
        .iter()
        .any(|h| h.trim().trim_end_matches('.').eq_ignore_ascii_case(host));
    if on_arxiv || allowed {
        Ok(url)
    } else {
        Err(LinkRefusal::Host(host.to_owned()))
    }
}

fn is_local_name(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost") || !host.contains('.')
}

/// Normalises a host the user typed into Settings, or says why it cannot be allowed.
pub fn normalise_allowed_host(input: &str) -> Result<String, LinkRefusal> {
    let trimmed = input.trim().trim_end_matches('/');
    let candidate = trimmed
        .strip_prefix("https://")
        .unwrap_or(trimmed)
        .to_owned();
    let url = Url::parse(&format!("https://{candidate}/"))
        .map_err(|_| LinkRefusal::Invalid(input.to_owned()))?;
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(LinkRefusal::Invalid(input.to_owned()));
    }
    if !url.username().is_empty() || url.password().is_some() || url.port().is_some() {
        return Err(LinkRefusal::Credentials);
    }
    match url.host() {
        Some(Host::Domain(domain)) => {
            let domain = domain.to_ascii_lowercase();
            let domain = domain.trim_end_matches('.');
            if is_local_name(domain) {
                Err(LinkRefusal::Address)
            } else {
                Ok(domain.to_owned())
            }
        }
        Some(_) => Err(LinkRefusal::Address),
        None => Err(LinkRefusal::Invalid(input.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str) -> Result<String, LinkRefusal> {
        check_external(raw, &["example.org".to_owned()]).map(|u| u.to_string())
    }

    #[test]
    fn arxiv_https_links_open() {
        assert_eq!(
            check("https://arxiv.org/abs/2510.01174").unwrap(),
            "https://arxiv.org/abs/2510.01174"
        );
        assert!(check("https://www.arxiv.org/pdf/2509.25454v2").is_ok());
        assert!(check("https://export.arxiv.org/abs/hep-th/9901001").is_ok());
        assert!(check("https://ARXIV.org/abs/2510.01174").is_ok());
    }

    #[test]
    fn hostile_md_links_are_refused() {
        // Every link in tests/fixtures/digests/hostile.md but the real paper.
        assert_eq!(
            check("javascript:alert(document.cookie)"),
            Err(LinkRefusal::Scheme("javascript".into()))
        );
        assert_eq!(
            check("file:///etc/passwd"),
            Err(LinkRefusal::Scheme("file".into()))
        );
        assert_eq!(
            check("http://127.0.0.1:8080/pdf/2510.00184"),
            Err(LinkRefusal::Scheme("http".into()))
        );
        assert_eq!(
            check("https://arxiv.org.evil.example/pdf/2509.26346"),
            Err(LinkRefusal::Host("arxiv.org.evil.example".into()))
        );
    }

    #[test]
    fn other_schemes_addresses_and_lookalikes_are_refused() {
        assert!(matches!(
            check("data:text/html,<script>alert(1)</script>"),
            Err(LinkRefusal::Scheme(_))
        ));
        assert!(matches!(
            check("http://arxiv.org/abs/2510.01174"),
            Err(LinkRefusal::Scheme(_))
        ));
        assert_eq!(check("https://127.0.0.1/x"), Err(LinkRefusal::Address));
        assert_eq!(check("https://[::1]/x"), Err(LinkRefusal::Address));
        assert_eq!(check("https://localhost/x"), Err(LinkRefusal::Address));
        assert_eq!(
            check("https://arxiv.localhost/x"),
            Err(LinkRefusal::Address)
        );
        assert_eq!(check("https://2130706433/x"), Err(LinkRefusal::Address));
        assert_eq!(
            check("https://arxiv.org@evil.example/x"),
            Err(LinkRefusal::Credentials)
        );
        assert_eq!(
            check("https://arxiv.org:8443/abs/1"),
            Err(LinkRefusal::Credentials)
        );
        assert!(matches!(
            check("https://notarxiv.org/abs/1"),
            Err(LinkRefusal::Host(_))
        ));
        assert!(matches!(check("not a url"), Err(LinkRefusal::Invalid(_))));
    }

    #[test]
    fn hosts_the_user_allowed_open_over_https_only() {
        assert!(check("https://example.org/paper").is_ok());
        assert!(matches!(
            check("https://sub.example.org/paper"),
            Err(LinkRefusal::Host(_))
        ));
        assert!(matches!(
            check("http://example.org/paper"),
            Err(LinkRefusal::Scheme(_))
        ));
    }

    #[test]
    fn allowed_hosts_are_normalised_and_checked() {
        assert_eq!(
            normalise_allowed_host(" Example.ORG ").unwrap(),
            "example.org"
        );
        assert_eq!(
            normalise_allowed_host("https://openreview.net/").unwrap(),
            "openreview.net"
        );
        assert_eq!(
            normalise_allowed_host("localhost"),
            Err(LinkRefusal::Address)
        );
        assert_eq!(
            normalise_allowed_host("127.0.0.1"),
            Err(LinkRefusal::Address)
        );
        assert!(normalise_allowed_host("example.org/path").is_err());
        assert!(normalise_allowed_host("example.org:8080").is_err());
    }
}
