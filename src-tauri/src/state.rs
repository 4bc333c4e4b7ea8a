//! What the commands share: the open library (or what is wrong with it) and the
//! app's settings.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard};

use papershelf_core::pdf::PdfError;
use papershelf_core::sources::SourceError;
use papershelf_core::{Library, StoreError};

use crate::api::{CmdResult, IpcError, LibraryProblem, Settings};
use crate::settings::SettingsFile;

/// Where the library is, and how it may be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryPlace {
    pub dir: PathBuf,
    /// A folder the reader chose ("Open another folder…", remembered): it must
    /// exist; it is never made anew (it may be on a disk not connected now).
    /// The default folder is made on the first run.
    pub chosen: bool,
}

impl LibraryPlace {
    /// `PAPERSHELF_HOME` when set, else the folder the reader chose last, else the
    /// platform's data folder (the CLI's default too).
    pub fn from_settings(settings: &Settings) -> LibraryPlace {
        let env = std::env::var_os(papershelf_core::HOME_ENV).filter(|h| !h.is_empty());
        match (env, &settings.library_dir) {
            (None, Some(dir)) => LibraryPlace {
                dir: PathBuf::from(dir),
                chosen: true,
            },
            _ => LibraryPlace {
                dir: papershelf_core::default_library_dir(),
                chosen: false,
            },
        }
    }

    /// Opens the library here at start, or says what is wrong: never a new empty
    /// library in place of a file that is there but cannot be read.
    pub fn open(&self) -> Result<Library, LibraryProblem> {
        let opened = if self.chosen {
            Library::open_existing_folder(&self.dir)
        } else {
            Library::open(&self.dir)
        };
        opened.map_err(|e| LibraryProblem::new(&e))
    }
}

/// The library, or why it could not be opened (the recovery screen).
pub type Opened = Result<Library, LibraryProblem>;

pub struct AppState {
    library: Mutex<Opened>,
    place: Mutex<LibraryPlace>,
    pub settings: Mutex<Settings>,
    pub settings_file: SettingsFile,
    /// Set once the window started closing, so a second close request goes through.
    pub closing: AtomicBool,
}

impl AppState {
    pub fn new(settings_file: SettingsFile) -> AppState {
        let place = LibraryPlace::from_settings(&settings_file.load());
        AppState::at(place, settings_file)
    }

    /// The app's state with its library in `place`.
    pub fn at(place: LibraryPlace, settings_file: SettingsFile) -> AppState {
        let settings = settings_file.load();
        let library = place.open();
        if let Err(problem) = &library {
            tracing::error!("cannot open the library: {}", problem.message);
        }
        AppState {
            library: Mutex::new(library),
            place: Mutex::new(place),
            settings: Mutex::new(settings),
            settings_file,
            closing: AtomicBool::new(false),
        }
    }

    /// Runs `f` on the library, turning its errors into IPC errors.
    pub fn library<T>(
        &self,
        f: impl FnOnce(&mut Library) -> Result<T, StoreError>,
    ) -> CmdResult<T> {
        self.with_library(|lib| f(lib).map_err(store_error))
    }

    /// Runs `f` on the library, for work on PDFs.
    pub fn pdfs<T>(&self, f: impl FnOnce(&mut Library) -> Result<T, PdfError>) -> CmdResult<T> {
        self.with_library(|lib| f(lib).map_err(pdf_error))
    }

    /// Runs `f` on the library, for its sources.
    pub fn sources<T>(
        &self,
        f: impl FnOnce(&mut Library) -> Result<T, SourceError>,
    ) -> CmdResult<T> {
        self.with_library(|lib| f(lib).map_err(source_error))
    }

    fn with_library<T>(&self, f: impl FnOnce(&mut Library) -> CmdResult<T>) -> CmdResult<T> {
        match self.lock_library()?.as_mut() {
            Ok(library) => f(library),
            Err(problem) => Err(IpcError::failed(problem.message.clone())),
        }
    }

    fn lock_library(&self) -> CmdResult<MutexGuard<'_, Opened>> {
        self.library
            .lock()
            .map_err(|_| IpcError::failed("the library is unavailable after an earlier failure"))
    }

    /// The library folder in use.
    pub fn dir(&self) -> PathBuf {
        self.place().dir
    }

    pub fn place(&self) -> LibraryPlace {
        match self.place.lock() {
            Ok(p) => p.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// What is wrong with the library, if it could not be opened.
    pub fn problem(&self) -> Option<LibraryProblem> {
        self.lock_library().ok()?.as_ref().err().cloned()
    }

    /// Closes the library, runs `work` on its folder (a restore), and opens it
    /// again whatever `work` did. Commands wait meanwhile; the connection is closed
    /// first so the restore swaps a file nobody in this process reads.
    pub fn replace<T>(
        &self,
        work: impl FnOnce(&Path) -> Result<T, StoreError>,
    ) -> CmdResult<(T, Option<LibraryProblem>)> {
        let mut guard = self.lock_library()?;
        let place = self.place();
        let problem = |p: &Opened| p.as_ref().err().cloned();
        *guard = closed();
        let done = work(&place.dir);
        *guard = reopen(&place);
        let after = problem(&guard);
        done.map(|t| (t, after)).map_err(store_error)
    }

    /// Opens the library again when its file was replaced under it (a restore by
    /// the CLI) or moved away; true when it did.
    pub fn reopen_if_replaced(&self) -> bool {
        let Ok(mut guard) = self.lock_library() else {
            return false;
        };
        match guard.as_ref() {
            Ok(lib) if lib.replaced() => {
                let place = self.place();
                *guard = closed();
                *guard = reopen(&place);
                true
            }
            _ => false,
        }
    }

    /// Switches to the library in `dir` (the reader chose it), remembered in the
    /// settings. The folder is opened (a new library is made in it when it has
    /// none); the settings are saved even when it fails, so the recovery screen
    /// shows the folder the reader picked.
    pub fn switch_to(&self, dir: PathBuf) -> CmdResult<Option<LibraryProblem>> {
        let mut guard = self.lock_library()?;
        let place = LibraryPlace { dir, chosen: true };
        *guard = closed();
        *guard = place.open();
        let problem = guard.as_ref().err().cloned();
        if let Ok(mut p) = self.place.lock() {
            *p = place.clone();
        }
        let mut settings = self.settings();
        settings.library_dir = Some(place.dir.display().to_string());
        self.settings_file
            .save(&settings)
            .map_err(|e| IpcError::failed(format!("cannot save the settings: {e}")))?;
        if let Ok(mut current) = self.settings.lock() {
            *current = settings;
        }
        Ok(problem)
    }

    pub fn settings(&self) -> Settings {
        self.settings.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// What the slot holds for the moment the old connection is closed and the new
/// one not yet open (the lock is held meanwhile, so no command sees it).
fn closed() -> Opened {
    Err(LibraryProblem::new(&StoreError::ChangedDuringRestore))
}

/// Opens a library that was open before (or should have been): nothing is made,
/// so a file that went away is a problem, never a new empty library.
fn reopen(place: &LibraryPlace) -> Opened {
    Library::open_existing(&place.dir).map_err(|e| LibraryProblem::new(&e))
}

pub fn store_error(error: StoreError) -> IpcError {
    match error {
        StoreError::NoSuchPaper(_)
        | StoreError::NoSuchDigest(_)
        | StoreError::NoSuchTag(_)
        | StoreError::NoSuchHighlight(_) => IpcError::not_found(error.to_string()),
        StoreError::CannotRestore { .. }
        | StoreError::InvalidHighlight { .. }
        | StoreError::NoPdfToHighlight(_) => IpcError::refused(error.to_string()),
        other => IpcError::failed(other),
    }
}

pub fn source_error(error: SourceError) -> IpcError {
    match error {
        SourceError::Store(e) => store_error(e),
        SourceError::NoSuchSource(_) => IpcError::not_found(error.to_string()),
        SourceError::BadTemplate { .. }
        | SourceError::BadFolder { .. }
        | SourceError::BadInterval(_)
        | SourceError::Exists { .. } => IpcError::refused(error.to_string()),
        other => IpcError::failed(other),
    }
}

pub fn pdf_error(error: PdfError) -> IpcError {
    match error {
        PdfError::Store(e) => store_error(e),
        PdfError::NotCached { .. } | PdfError::Missing { .. } => {
            IpcError::not_found(error.to_string())
        }
        PdfError::OutsideCache { .. } | PdfError::NoArxivId { .. } => {
            IpcError::refused(error.to_string())
        }
        other => IpcError::failed(other),
    }
}

#[cfg(test)]
mod tests {
    use papershelf_core::store::{self, DATABASE_FILE};

    use super::*;
    use crate::api::ProblemKind;

    const DIGEST: &str = "# Papers for 2025-10-03\n\n\
        ## 1.[DeepSearch](https://arxiv.org/pdf/2509.25454)\nsummary:**RL** A summary.\n";

    fn state(dir: &Path, chosen: bool, config: &Path) -> AppState {
        let place = LibraryPlace {
            dir: dir.to_owned(),
            chosen,
        };
        AppState::at(place, SettingsFile::in_dir(config))
    }

    fn papers(state: &AppState) -> usize {
        state.library(|lib| lib.digests()).unwrap().len()
    }

    #[test]
    fn a_damaged_library_is_a_problem_never_an_empty_library() {
        let config = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(DATABASE_FILE);
        for (bytes, kind) in [
            (&b""[..], ProblemKind::Empty),
            (
                &b"garbage garbage garbage garbage garbage"[..],
                ProblemKind::NotALibrary,
            ),
        ] {
            std::fs::write(&file, bytes).unwrap();
            let state = state(dir.path(), false, config.path());
            assert_eq!(state.problem().map(|p| p.kind), Some(kind));
            assert!(state.library(|lib| lib.digests()).is_err());
            assert_eq!(std::fs::read(&file).unwrap(), bytes, "nothing written");
        }
        // A chosen folder that is gone is not made anew; the default one is.
        let gone = dir.path().join("on-a-disk");
        let chosen = state(&gone, true, config.path());
        assert_eq!(
            chosen.problem().map(|p| p.kind),
            Some(ProblemKind::MissingFolder)
        );
        assert!(!gone.exists());
        let default = state(&gone, false, config.path());
        assert_eq!(default.problem(), None);
    }

    #[test]
    fn a_restore_reopens_and_an_outside_restore_is_noticed() {
        let config = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let state = state(dir.path(), false, config.path());
        let taken = state.library(|lib| lib.backup()).unwrap();
        state
            .library(|lib| {
                let r = papershelf_core::import::import_bytes(
                    lib,
                    "d",
                    "d.md",
                    None,
                    DIGEST.as_bytes(),
                    None,
                );
                assert_eq!(r.error, None);
                Ok(())
            })
            .unwrap();
        assert_eq!(papers(&state), 1);
        // Restored here: the connection is closed first, opened again after.
        let (done, problem) = state.replace(|d| store::restore(d, &taken.path)).unwrap();
        assert_eq!(problem, None);
        assert_eq!(done.before.unwrap().papers, 1);
        assert_eq!(papers(&state), 0);
        assert!(!state.reopen_if_replaced());
        // Restored by another process (the CLI): noticed by the file's identity.
        let newest = store::backups(dir.path()).unwrap();
        let kept = newest.iter().find(|b| b.before_restore).unwrap();
        store::restore(dir.path(), &kept.path).unwrap();
        assert_eq!(papers(&state), 0, "still the file from before");
        assert!(state.reopen_if_replaced());
        assert_eq!(papers(&state), 1);
        // Moved away while open: a problem, not a new empty library.
        std::fs::rename(dir.path().join(DATABASE_FILE), dir.path().join("away")).unwrap();
        assert!(state.reopen_if_replaced());
        assert_eq!(
            state.problem().map(|p| p.kind),
            Some(ProblemKind::MissingFile)
        );
        assert!(!dir.path().join(DATABASE_FILE).exists());
    }

    #[test]
    fn another_folder_is_opened_and_remembered() {
        let config = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), b"").unwrap();
        let state = state(dir.path(), false, config.path());
        assert!(state.problem().is_some());
        let other = tempfile::tempdir().unwrap();
        assert_eq!(state.switch_to(other.path().to_owned()).unwrap(), None);
        assert_eq!(state.dir(), other.path());
        assert_eq!(papers(&state), 0);
        let saved = SettingsFile::in_dir(config.path()).load();
        assert_eq!(saved.library_dir, Some(other.path().display().to_string()));
        let place = LibraryPlace::from_settings(&saved);
        if std::env::var_os(papershelf_core::HOME_ENV).is_none() {
            assert_eq!(
                place,
                LibraryPlace {
                    dir: other.path().to_owned(),
                    chosen: true
                }
            );
        }
    }
}
