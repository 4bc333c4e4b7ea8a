//! The PDF downloader and cache against a real HTTP server on 127.0.0.1.
//! Nothing here reaches the internet.

mod cache;
mod fetch;
mod queue;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use papershelf_core::pdf::{
    Base, CancellationToken, Fetched, Fetcher, PdfError, Request, Settings, Transfer,
};
use papershelf_core::{import, net, Library, PaperId};

use papershelf_testserver::Server;

/// The fixtures folder at the workspace root.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn tiny_pdf() -> Arc<[u8]> {
    Arc::from(fixture("pdfs/tiny.pdf"))
}

/// A digest listing these arXiv ids, dated 2025-10-03.
pub fn digest(ids: &[&str]) -> String {
    let mut md = String::from("# Papers for 2025-10-03\n\n");
    for (i, id) in ids.iter().enumerate() {
        md.push_str(&format!(
            "## {i}.[Paper {id}](https://arxiv.org/pdf/{id})\nsummary:**kw** A summary of {id}.\n\n"
        ));
    }
    md
}

/// A library holding the papers of a digest, and a fetcher on it that
/// fetches from the test server without delay and with short backoffs.
pub struct Shelf {
    pub dir: tempfile::TempDir,
    pub fetcher: Fetcher,
}

impl Shelf {
    pub fn new(server: &Server, ids: &[&str]) -> Shelf {
        Shelf::with(server, ids, |_| {})
    }

    pub fn with(server: &Server, ids: &[&str], tweak: impl FnOnce(&mut Settings)) -> Shelf {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path()).unwrap();
        let report = import::import_bytes(
            &mut lib,
            "test",
            "test.md",
            None,
            digest(ids).as_bytes(),
            None,
        );
        assert_eq!(report.error, None);
        Shelf::on(dir, server, tweak)
    }

    /// A fetcher on an existing library folder.
    pub fn on(dir: tempfile::TempDir, server: &Server, tweak: impl FnOnce(&mut Settings)) -> Shelf {
        let lib = Library::open(dir.path()).unwrap();
        let mut settings = test_settings(server);
        tweak(&mut settings);
        let fetcher = Fetcher::new(lib, settings).unwrap();
        Shelf { dir, fetcher }
    }

    pub fn paper(&self, id: &str) -> PaperId {
        self.fetcher.library().resolve(id).unwrap()
    }

    pub fn request(&self, id: &str) -> Request {
        Request {
            paper: self.paper(id),
            version: None,
        }
    }

    pub async fn fetch(&self, id: &str) -> Result<Fetched, PdfError> {
        let cancel = CancellationToken::new();
        self.fetcher
            .fetch(self.request(id), &cancel, &|_: Transfer| {})
            .await
    }

    pub fn pdfs_dir(&self) -> PathBuf {
        self.dir.path().join("pdfs")
    }

    /// The files in the cache folder, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.pdfs_dir())
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Asserts the paper has no PDF: no record and no file under its name.
    pub fn assert_nothing_saved(&self, id: &str) {
        let paper = self.paper(id);
        assert_eq!(self.fetcher.library().pdf(paper).unwrap(), None);
        assert!(
            !self.files().contains(&format!("{id}.pdf")),
            "{:?}",
            self.files()
        );
    }
}

pub fn test_settings(server: &Server) -> Settings {
    Settings {
        base: Base::parse(&server.base()).unwrap(),
        net: net::Settings {
            delay: Duration::ZERO,
            backoff: Duration::from_millis(10),
            ..net::Settings::default()
        },
        ..Settings::default()
    }
}

/// Collects what a callback is given.
pub struct Seen<T>(pub Mutex<Vec<T>>);

impl<T> Default for Seen<T> {
    fn default() -> Seen<T> {
        Seen(Mutex::new(Vec::new()))
    }
}

impl<T: Clone> Seen<T> {
    pub fn push(&self, t: T) {
        self.0.lock().unwrap().push(t);
    }

    pub fn all(&self) -> Vec<T> {
        self.0.lock().unwrap().clone()
    }
}
