//! `backup`, `backups`, `restore`, and the daily automatic snapshot.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use papershelf_core::store::{self, Counts};
use papershelf_core::Library;
use serde_json::json;

use crate::fetch::human_size;
use crate::{emit, print_json, table};

pub fn backup(lib: &Library, to: Option<&Path>, json: bool) -> Result<()> {
    let info = match to {
        Some(path) => lib.backup_to(path)?,
        None => lib.backup()?,
    };
    if json {
        print_json(&serde_json::to_value(&info)?)
    } else {
        emit(&format!(
            "Backed up (verified) to {} ({}: {} papers, {} notes).\n",
            info.path.display(),
            human_size(info.size),
            info.papers,
            info.notes
        ))
    }
}

pub fn backups(dir: &Path, json: bool) -> Result<()> {
    let found = store::backups(dir)?;
    if json {
        print_json(&serde_json::to_value(&found)?)
    } else {
        emit(&table::render(|o| table::backups(o, &found)))
    }
}

pub fn restore(dir: &Path, file: Option<PathBuf>, latest: bool, json: bool) -> Result<()> {
    let file = match file {
        Some(file) => file,
        None => match store::backups(dir)?.into_iter().next() {
            Some(newest) if latest => newest.path,
            _ => bail!(
                "there are no backups in {} to restore",
                dir.join(store::BACKUP_DIR).display()
            ),
        },
    };
    let done = store::restore(dir, &file)?;
    if json {
        return print_json(&json!({
            "restored": file,
            "before": done.before,
            "after": done.after,
            "kept": done.kept,
        }));
    }
    let mut text = format!("Restored {}.\n", file.display());
    match done.before {
        Some(before) => text.push_str(&changes(&before, &done.after)),
        None => text.push_str(&format!(
            "papers: {}, notes: {}\n",
            done.after.papers, done.after.notes
        )),
    }
    match &done.kept {
        Some(kept) => text.push_str(&format!(
            "The library before the restore is kept in {} (`papershelf restore` it to go back).\n",
            kept.display()
        )),
        None => text.push_str("There was no library before.\n"),
    }
    text.push_str(
        "If the desktop app is open, it opens the restored library by itself within a second.\n",
    );
    emit(&text)
}

/// "notes: 214 → 198", one line per count that changed.
fn changes(before: &Counts, after: &Counts) -> String {
    let changed: String = before
        .compare(after)
        .iter()
        .filter(|c| c.changed())
        .map(|c| format!("{}: {} → {}\n", c.kind.as_str(), c.before, c.after))
        .collect();
    if changed.is_empty() {
        "papers, notes, read, starred, tag and highlight counts unchanged\n".to_owned()
    } else {
        changed
    }
}

/// The daily snapshot after a command that wrote: taken when the newest
/// backup is more than a day old. A failure only warns: the command's own
/// work is done. Opened for writing, as the command was: a read-only
/// connection that closes last leaves the `-wal` and `-shm` files behind.
pub fn daily_snapshot(dir: &Path) {
    // An import running meanwhile (the app's) leaves it to the next command.
    let taken = Library::open(dir).and_then(|lib| lib.backup_if_due(chrono::Utc::now()));
    if let Err(e) = taken {
        eprintln!("papershelf: warning: the daily backup failed: {e}");
    }
}
