//! The fetch that follows an import by itself (`metadata.auto`), and the
//! app's at start: the one decision of which papers to ask about, for the
//! CLI and the app alike. It never fails the import that came before it:
//! what went wrong is said once ([`Automatic::problem`]) and the papers are
//! asked again next time, since they are still without metadata.

use tokio_util::sync::CancellationToken;

use super::api::{update, Api, Progress, Report};
use crate::arxiv::ArxivId;
use crate::net;
use crate::store::MetadataWanted;
use crate::{Library, PaperId, StoreError};

/// What the automatic fetch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Automatic {
    /// `metadata.auto` is off: nothing was asked.
    Off,
    /// Every paper has its metadata, or arXiv was found not to have it.
    NothingMissing,
    /// The API was asked; a batch that failed is in the report's `failed`.
    Fetched(Report),
}

impl Automatic {
    /// The report, when the API was asked.
    pub fn report(&self) -> Option<&Report> {
        match self {
            Automatic::Fetched(r) => Some(r),
            _ => None,
        }
    }

    /// What to warn about, once: the first batch's failure (offline, the
    /// API down). The batches after a server's failure are not asked and
    /// say only "not asked, after: …", so the first says it all.
    pub fn problem(&self) -> Option<&str> {
        self.report()
            .and_then(|r| r.failed.first())
            .map(|f| f.error.as_str())
    }
}

/// The papers the automatic fetch asks about: `None` when `metadata.auto`
/// is off; else every paper without metadata that arXiv was not found to
/// lack — the ones just imported, and any an earlier failure left.
pub fn wanted(lib: &Library) -> Result<Option<Vec<(PaperId, ArxivId)>>, StoreError> {
    if !lib.metadata_auto()? {
        return Ok(None);
    }
    let wanted = MetadataWanted {
        missing: true,
        ..MetadataWanted::default()
    };
    lib.papers_wanting_metadata(&wanted).map(Some)
}

/// After an import (or at the app's start): asks the API about [`wanted`]'s
/// papers through `client` (the process's one polite client) and stores
/// what it says. Only the library's own failure to say what is wanted is an
/// error; the API's failures are in the report.
pub async fn after_import(
    lib: &mut Library,
    client: &net::Client,
    api: &Api,
    cancel: &CancellationToken,
    on_progress: &(dyn Fn(Progress) + Send + Sync),
) -> Result<Automatic, StoreError> {
    let Some(papers) = wanted(lib)? else {
        return Ok(Automatic::Off);
    };
    if papers.is_empty() {
        return Ok(Automatic::NothingMissing);
    }
    let report = update(lib, client, api, &papers, cancel, on_progress).await;
    Ok(Automatic::Fetched(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::{Failed, Metadata};

    const DIGEST: &str = "# Papers for 2025-10-03\n\n\
        ## 1.[DeepSearch](https://arxiv.org/abs/2509.25454)\nsummary: One.\n\n\
        ## 2.[Other](https://arxiv.org/abs/2510.00406)\nsummary: Two.\n\n\
        ## 3.[No id](https://example.org/paper)\nsummary: Three.\n";

    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let report =
            crate::import::import_bytes(&mut lib, "d", "d.md", None, DIGEST.as_bytes(), None);
        assert_eq!(report.error, None);
        (dir, lib)
    }

    fn metadata(id: &ArxivId) -> Metadata {
        let at = chrono::DateTime::parse_from_rfc3339("2025-09-29T17:00:00Z")
            .unwrap()
            .to_utc();
        Metadata {
            arxiv_id: id.clone(),
            version: Some(1),
            title: "A title".into(),
            authors: Vec::new(),
            abstract_text: String::new(),
            published: at,
            updated: at,
            primary_category: None,
            categories: Vec::new(),
            doi: None,
            journal_ref: None,
            comment: None,
            links: Vec::new(),
        }
    }

    fn ids(papers: &[(PaperId, ArxivId)]) -> Vec<&str> {
        papers.iter().map(|(_, a)| a.as_str()).collect()
    }

    #[test]
    fn the_missing_papers_are_wanted_unless_the_setting_is_off() {
        let (_dir, mut lib) = library();
        let all = wanted(&lib).unwrap().unwrap();
        assert_eq!(ids(&all), ["2509.25454", "2510.00406"], "no id, no ask");

        // One found, one not on arXiv: neither is asked again by itself.
        lib.save_metadata(&all, &[metadata(&all[0].1)], &[all[1].1.clone()])
            .unwrap();
        assert_eq!(wanted(&lib).unwrap(), Some(Vec::new()));

        lib.set_metadata_auto(false).unwrap();
        assert_eq!(wanted(&lib).unwrap(), None);
        lib.set_metadata_auto(true).unwrap();
        assert_eq!(wanted(&lib).unwrap(), Some(Vec::new()));
    }

    #[test]
    fn the_fetch_says_off_nothing_or_what_it_did_and_never_fails_for_the_server() {
        let (_dir, mut lib) = library();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = net::Client::new(net::Settings {
            attempts: 1,
            ..net::Settings::default()
        })
        .unwrap();
        // A closed port on this computer: offline, as far as the fetch knows.
        let api = Api::new("http://127.0.0.1:9").unwrap();
        let cancel = CancellationToken::new();
        let run = |lib: &mut Library| {
            runtime.block_on(after_import(lib, &client, &api, &cancel, &|_| {}))
        };

        let offline = run(&mut lib).unwrap();
        let report = offline.report().unwrap();
        assert_eq!((report.requested, report.updated), (2, 0));
        assert!(
            offline.problem().unwrap().contains("127.0.0.1:9"),
            "{offline:?}"
        );
        // Nothing was written, so the papers are asked again next time.
        assert_eq!(wanted(&lib).unwrap().unwrap().len(), 2);

        lib.set_metadata_auto(false).unwrap();
        assert_eq!(run(&mut lib).unwrap(), Automatic::Off);
        assert_eq!(Automatic::Off.problem(), None);

        lib.set_metadata_auto(true).unwrap();
        let all = wanted(&lib).unwrap().unwrap();
        lib.save_metadata(&all, &[], &[all[0].1.clone(), all[1].1.clone()])
            .unwrap();
        assert_eq!(run(&mut lib).unwrap(), Automatic::NothingMissing);

        let failed = Automatic::Fetched(Report {
            failed: vec![
                Failed {
                    ids: Vec::new(),
                    error: "first".into(),
                },
                Failed {
                    ids: Vec::new(),
                    error: "not asked, after: first".into(),
                },
            ],
            ..Report::default()
        });
        assert_eq!(failed.problem(), Some("first"));
    }
}
