//! The app's automatic daily snapshot: core's `backup_if_due` on a thread of its
//! own (never the UI's), at start and every hour while the app is open, with its
//! own connection, so no command waits for it. Core skips it while an import batch
//! is open (in the app or the CLI); it is then tried again in a few minutes.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use papershelf_core::store::Snapshot;
use papershelf_core::Library;
use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// How often the snapshot is looked at while the app is open.
pub const EVERY: Duration = Duration::from_secs(60 * 60);
/// How soon it is tried again when an import was running.
pub const AFTER_IMPORT: Duration = Duration::from_secs(5 * 60);

pub fn start(app: AppHandle) {
    std::thread::Builder::new()
        .name("daily-backup".into())
        .spawn(move || loop {
            let state = app.state::<AppState>();
            // A library that did not open is not copied: the recovery screen is up.
            let wait = match state.problem() {
                None => tick(&state.dir(), Utc::now()),
                Some(_) => EVERY,
            };
            std::thread::sleep(wait);
        })
        .expect("cannot start the backup thread");
}

/// One look at the snapshot: takes it when due; how long until the next look.
/// The library must be there already: this never makes one.
pub fn tick(dir: &Path, now: DateTime<Utc>) -> Duration {
    match Library::open_existing(dir).and_then(|lib| lib.backup_if_due(now)) {
        Ok(Snapshot::Taken(info)) => {
            tracing::info!("daily backup: {}", info.path.display());
            EVERY
        }
        Ok(Snapshot::NotDue) => EVERY,
        Ok(Snapshot::ImportRunning) => AFTER_IMPORT,
        Err(e) => {
            tracing::warn!("the daily backup failed: {e}");
            EVERY
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use papershelf_core::store::{self, IMPORT_LOCK_FILE};

    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap()
    }

    #[test]
    fn a_snapshot_at_start_then_one_a_day_and_none_during_an_import() {
        let dir = tempfile::tempdir().unwrap();
        // No library there: nothing is made.
        assert_eq!(tick(dir.path(), at(1, 9)), EVERY);
        assert!(!dir
            .path()
            .join(papershelf_core::store::DATABASE_FILE)
            .exists());
        drop(Library::open(dir.path()).unwrap());
        assert_eq!(tick(dir.path(), at(1, 9)), EVERY);
        assert_eq!(store::backups(dir.path()).unwrap().len(), 1);
        assert_eq!(tick(dir.path(), at(1, 10)), EVERY);
        assert_eq!(store::backups(dir.path()).unwrap().len(), 1);
        // A day later, but an import batch (another process's) is open.
        let lock = std::fs::File::create(dir.path().join(IMPORT_LOCK_FILE)).unwrap();
        lock.lock_shared().unwrap();
        assert_eq!(tick(dir.path(), at(2, 10)), AFTER_IMPORT);
        assert_eq!(store::backups(dir.path()).unwrap().len(), 1);
        drop(lock);
        assert_eq!(tick(dir.path(), at(2, 10)), EVERY);
        assert_eq!(store::backups(dir.path()).unwrap().len(), 2);
    }
}
