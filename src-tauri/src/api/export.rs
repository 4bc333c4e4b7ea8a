//! Exports as they cross IPC: the format asked for and what was written.

use std::path::Path;

use papershelf_core::export::{markdown, Format, Written};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::count;

/// core's `export::Format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Bibtex,
    CslJson,
    Ris,
    /// A folder of notes, one per paper.
    Markdown,
    Json,
}

impl ExportFormat {
    pub fn to_core(self) -> Format {
        match self {
            ExportFormat::Bibtex => Format::Bibtex,
            ExportFormat::CslJson => Format::CslJson,
            ExportFormat::Ris => Format::Ris,
            ExportFormat::Markdown => Format::Markdown,
            ExportFormat::Json => Format::Json,
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportDone {
    /// The file, or the folder of notes.
    pub path: String,
    pub papers: u32,
    /// Markdown: what became of the notes; null for a file.
    pub notes: Option<NotesDone>,
}

/// The notes of a Markdown export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NotesDone {
    /// New, updated, or overwritten because asked to.
    pub written: u32,
    pub unchanged: u32,
    /// Edited or not Papershelf's, overwritten because asked to (counted in `written`).
    pub overwritten: u32,
    /// Kept as they were: edited since the last export (file names).
    pub kept_edited: Vec<String>,
    /// Kept as they were: not written by Papershelf (file names).
    pub kept_foreign: Vec<String>,
}

fn names(paths: &[std::path::PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| {
            p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect()
}

impl From<Written> for ExportDone {
    fn from(written: Written) -> Self {
        let shown = |p: &Path| p.display().to_string();
        match written {
            Written::File { path, papers } => ExportDone {
                path: shown(&path),
                papers: count(papers),
                notes: None,
            },
            Written::Folder { dir, notes } => {
                let tally = markdown::Tally::of(&notes);
                ExportDone {
                    path: shown(&dir),
                    papers: count(notes.len()),
                    notes: Some(NotesDone {
                        written: count(tally.written()),
                        unchanged: count(tally.unchanged),
                        overwritten: count(tally.overwritten),
                        kept_edited: names(&tally.kept_edited),
                        kept_foreign: names(&tally.kept_foreign),
                    }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use papershelf_core::export::markdown::{Outcome, Written as Note};
    use papershelf_core::PaperId;

    use super::*;

    #[test]
    fn a_folder_of_notes_is_counted_and_its_kept_files_named() {
        let note = |n: i64, outcome| Note {
            paper: PaperId(n),
            path: PathBuf::from(format!("/v/{n}.md")),
            outcome,
        };
        let done = ExportDone::from(Written::Folder {
            dir: PathBuf::from("/v"),
            notes: vec![
                note(1, Outcome::Created),
                note(2, Outcome::Updated),
                note(3, Outcome::Overwritten),
                note(4, Outcome::Unchanged),
                note(5, Outcome::KeptEdited),
                note(6, Outcome::KeptForeign),
            ],
        });
        assert_eq!((done.path.as_str(), done.papers), ("/v", 6));
        assert_eq!(
            done.notes,
            Some(NotesDone {
                written: 3,
                unchanged: 1,
                overwritten: 1,
                kept_edited: vec!["5.md".into()],
                kept_foreign: vec!["6.md".into()],
            })
        );
        let file = ExportDone::from(Written::File {
            path: PathBuf::from("/x/refs.bib"),
            papers: 2,
        });
        assert_eq!((file.papers, file.notes), (2, None));
    }
}
