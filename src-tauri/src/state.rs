//! What the commands share: the open library and the app's settings.

use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use papershelf_core::pdf::PdfError;
use papershelf_core::{Library, StoreError};

use crate::api::{CmdResult, IpcError, Settings};
use crate::settings::SettingsFile;

pub struct AppState {
    /// The library, or why it could not be opened (shown to the user).
    library: Mutex<Result<Library, String>>,
    pub settings: Mutex<Settings>,
    pub settings_file: SettingsFile,
    /// Set once the window started closing, so a second close request goes through.
    pub closing: AtomicBool,
}

impl AppState {
    pub fn new(library: Result<Library, String>, settings_file: SettingsFile) -> AppState {
        let settings = settings_file.load();
        AppState {
            library: Mutex::new(library),
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

    fn with_library<T>(&self, f: impl FnOnce(&mut Library) -> CmdResult<T>) -> CmdResult<T> {
        let mut guard = self
            .library
            .lock()
            .map_err(|_| IpcError::failed("the library is unavailable after an earlier failure"))?;
        match guard.as_mut() {
            Ok(library) => f(library),
            Err(message) => Err(IpcError::failed(message.clone())),
        }
    }

    pub fn settings(&self) -> Settings {
        self.settings.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

pub fn store_error(error: StoreError) -> IpcError {
    match error {
        StoreError::NoSuchPaper(_) | StoreError::NoSuchDigest(_) | StoreError::NoSuchTag(_) => {
            IpcError::not_found(error.to_string())
        }
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
