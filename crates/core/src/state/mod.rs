//! The reader's own data as a portable file: the reading state.
//!
//! `papershelf export --format state` writes, per paper that has any, its
//! read state, star, tags (and tags taken off), note with its history and
//! the PDF page, each dated; `papershelf import-state` merges such a file
//! into any library that has the same papers, the newer change winning field
//! by field. The file is JSON Lines: a header, then one paper per line
//! ([`format`], documented in the README).
//!
//! ```text
//! Library::reading_states ──format::write──▶ file ──format::read──▶ [PaperState]
//!     ──Library::merge_reading_states (one transaction; merge::changes per paper)──▶ MergeReport
//! ```

mod format;
mod merge;
mod stamp;

use std::io::{Read, Write};

pub use format::{FORMAT, MAX_STATE_BYTES, VERSION};
pub(crate) use merge::fold_tags;
pub use merge::{changes, Changes};
pub use stamp::Stamp;

use crate::digest::PaperKey;
use crate::store::{Library, StoreError};

/// Everything the reader made of one paper, each part with when it last
/// changed (`None`: before Papershelf kept the time, older than any dated
/// change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperState {
    pub paper: PaperKey,
    /// The paper's title, for people reading the file; not merged.
    pub title: String,
    pub read: ReadState,
    pub starred: Dated<bool>,
    /// At most one mark per name (ignoring ASCII case, as tag names are).
    pub tags: Vec<TagMark>,
    pub note: Option<NoteText>,
    /// Earlier texts of the note, oldest first.
    pub note_history: Vec<PastNote>,
    pub pdf_page: Option<PdfPage>,
}

impl PaperState {
    /// A paper the reader has done nothing with.
    pub fn untouched(paper: PaperKey) -> PaperState {
        PaperState {
            paper,
            title: String::new(),
            read: ReadState::Unread { since: None },
            starred: Dated {
                value: false,
                at: None,
            },
            tags: Vec::new(),
            note: None,
            note_history: Vec::new(),
            pdf_page: None,
        }
    }

    /// Whether there is anything of the reader's to carry over.
    pub fn has_reader_data(&self) -> bool {
        *self
            != PaperState {
                title: self.title.clone(),
                ..PaperState::untouched(self.paper.clone())
            }
    }

    /// The mark for a tag of this name, if any.
    pub fn tag(&self, name: &str) -> Option<&TagMark> {
        self.tags.iter().find(|t| t.name.eq_ignore_ascii_case(name))
    }
}

/// Read since a time, or unread (since the reader marked it so, or ever).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadState {
    Read { at: Stamp },
    Unread { since: Option<Stamp> },
}

impl ReadState {
    pub fn is_read(self) -> bool {
        matches!(self, ReadState::Read { .. })
    }

    /// When the state last changed.
    pub fn changed_at(self) -> Option<Stamp> {
        match self {
            ReadState::Read { at } => Some(at),
            ReadState::Unread { since } => since,
        }
    }

    /// Orders two states by time; at the same time, read wins, so two
    /// libraries merging each other's states end up the same.
    fn key(self) -> (Option<Stamp>, bool) {
        (self.changed_at(), self.is_read())
    }
}

/// A value and when it was last set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated<T> {
    pub value: T,
    pub at: Option<Stamp>,
}

impl<T: Ord + Copy> Dated<T> {
    /// Orders two values by time, then by value (a star wins a tie).
    fn key(self) -> (Option<Stamp>, T) {
        (self.at, self.value)
    }
}

/// A tag on a paper, or taken off it, with when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagMark {
    pub name: String,
    pub given: bool,
    pub at: Stamp,
}

impl TagMark {
    /// Orders two marks of one name: the later wins; at the same time, the
    /// tag given.
    fn key(&self) -> (Stamp, bool) {
        (self.at, self.given)
    }
}

/// A note's text and when it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText {
    pub text: String,
    pub updated_at: Stamp,
}

impl NoteText {
    /// Orders two notes: the later wins; at the same time, the greater text
    /// (any fixed rule will do, so both libraries keep the same one).
    fn key(&self) -> (Stamp, &str) {
        (self.updated_at, &self.text)
    }
}

/// A text a note had before another replaced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastNote {
    pub text: String,
    pub updated_at: Stamp,
    pub replaced_at: Stamp,
}

impl PastNote {
    /// The same past text: a text written at one time is kept once, however
    /// many merges bring it.
    fn is(&self, text: &str, updated_at: Stamp) -> bool {
        self.updated_at == updated_at && self.text == text
    }
}

/// The page (1-based) the reader left a paper's PDF at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfPage {
    pub page: u32,
    pub at: Stamp,
}

/// What an import of a reading state did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Papers in the file.
    pub papers: usize,
    /// Papers of the library whose reading state changed.
    pub changed: usize,
    /// Papers of the library the file had nothing newer for.
    pub unchanged: usize,
    /// Papers of the file this library does not have (their digests were not
    /// imported here), in the file's order.
    pub skipped: Vec<PaperKey>,
    /// What changed, field by field.
    pub fields: FieldCounts,
}

/// How many of each part of the reader's state an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldCounts {
    /// Read states (marked read or unread, or a newer time for the same state).
    pub read: usize,
    pub starred: usize,
    /// Tags given to papers (or given again later).
    pub tags_given: usize,
    /// Tags taken off papers, or their removal dated later.
    pub tags_removed: usize,
    /// Notes replaced (the text they had is in their history).
    pub notes: usize,
    /// Earlier texts added to notes' histories.
    pub note_history: usize,
    pub pdf_pages: usize,
}

impl FieldCounts {
    pub fn add(&mut self, c: &Changes) {
        self.read += usize::from(c.read.is_some());
        self.starred += usize::from(c.starred.is_some());
        self.tags_given += c.tags.iter().filter(|t| t.given).count();
        self.tags_removed += c.tags.iter().filter(|t| !t.given).count();
        self.notes += usize::from(c.note.is_some());
        self.note_history += c.note_history.len();
        self.pdf_pages += usize::from(c.pdf_page.is_some());
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read {file}: {error}")]
    Read { file: String, error: std::io::Error },
    #[error("cannot write the reading state: {0}")]
    Write(std::io::Error),
    #[error("{file} is larger than {} MB: a reading state file is at most that; nothing was imported", MAX_STATE_BYTES >> 20)]
    TooBig { file: String },
    #[error("{file} is empty: a reading state file starts with a header line (`papershelf export --format state` writes one); nothing was imported")]
    Empty { file: String },
    #[error(
        "{file} is not a Papershelf reading state file (line 1: {reason}); nothing was imported"
    )]
    NotAStateFile { file: String, reason: String },
    #[error("{file} was written by a newer Papershelf (reading state format version {found}; this one reads up to version {VERSION}): update Papershelf to import it; nothing was imported")]
    NewerVersion { file: String, found: u64 },
    #[error("{file}, line {line}: {message}; nothing was imported")]
    Malformed {
        file: String,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Writes the library's reading state to `out` as JSON Lines (a header, then
/// one line per paper the reader did anything with); returns the number of
/// papers written.
pub fn export(lib: &Library, out: impl Write) -> Result<usize, StateError> {
    let states = lib.reading_states()?;
    format::write(out, &states, Stamp::now()).map_err(StateError::Write)?;
    Ok(states.len())
}

/// Reads a reading state file whole (`file` names it in messages) and merges
/// it into the library in one transaction: a file with a bad line, or a
/// failed write, changes nothing.
pub fn import(lib: &mut Library, input: impl Read, file: &str) -> Result<MergeReport, StateError> {
    let states = format::read(input, file)?;
    Ok(lib.merge_reading_states(&states)?)
}
