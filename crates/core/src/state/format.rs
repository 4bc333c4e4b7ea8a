//! The reading state file, version 1: JSON Lines, a header then one object
//! per paper (see the README's "Moving the reading state"). These wire types
//! are private: a line is read into them, checked, and turned into a
//! [`PaperState`]; a field this version does not know is an error, so a
//! typo never drops the reader's data quietly.

use std::io::{BufRead, BufReader, Read, Write};

use serde::{Deserialize, Serialize};

use super::merge::fold_tags;
use super::{
    Dated, NoteText, PaperState, PastNote, PdfPage, ReadState, Stamp, StateError, TagMark,
};
use crate::arxiv::ArxivRef;
use crate::digest::PaperKey;
use crate::store::{normalize_name, tag_name};

/// The header's `format`.
pub const FORMAT: &str = "papershelf-state";

/// The version this build writes, and the newest it reads.
pub const VERSION: u64 = 1;

/// The largest reading state file read: 256 MiB. A library of a hundred
/// thousand annotated papers writes a few tens of MB; reading stops one
/// byte past the cap (`/dev/zero`, a wrong file piped in).
pub const MAX_STATE_BYTES: u64 = 256 << 20;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    version: u64,
    exported_at: Stamp,
}

/// One paper. Empty fields are left out when written and read as empty.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaperLine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    arxiv_id: Option<String>,
    /// For a paper without an arXiv id: its link, which identifies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    read_at: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unread_at: Option<Stamp>,
    #[serde(default)]
    starred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    starred_changed_at: Option<Stamp>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<TagLine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    removed_tags: Vec<RemovedTagLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<NoteLine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    note_history: Vec<PastNoteLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pdf_page: Option<PdfPageLine>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TagLine {
    name: String,
    tagged_at: Stamp,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RemovedTagLine {
    name: String,
    removed_at: Stamp,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteLine {
    text: String,
    updated_at: Stamp,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PastNoteLine {
    text: String,
    updated_at: Stamp,
    replaced_at: Stamp,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PdfPageLine {
    page: u32,
    updated_at: Stamp,
}

/// Writes the header and one line per paper.
pub(super) fn write(
    out: impl Write,
    states: &[PaperState],
    exported_at: Stamp,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    let header = Header {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at,
    };
    serde_json::to_writer(&mut out, &header)?;
    out.write_all(b"\n")?;
    for state in states {
        serde_json::to_writer(&mut out, &PaperLine::from(state))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Reads a whole file (`file` names it in messages): the header first, then
/// every paper. Blank lines are allowed; anything else that is not a paper
/// this version can read is an error naming its line.
pub(super) fn read(input: impl Read, file: &str) -> Result<Vec<PaperState>, StateError> {
    let mut input = BufReader::new(input.take(MAX_STATE_BYTES + 1));
    let mut states = Vec::new();
    let mut header_seen = false;
    let mut total: u64 = 0;
    let mut bytes = Vec::new();
    for line in 1.. {
        bytes.clear();
        let n = input
            .read_until(b'\n', &mut bytes)
            .map_err(|error| StateError::Read {
                file: file.to_owned(),
                error,
            })?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > MAX_STATE_BYTES {
            return Err(StateError::TooBig {
                file: file.to_owned(),
            });
        }
        let malformed = |message: String| StateError::Malformed {
            file: file.to_owned(),
            line,
            message,
        };
        let text =
            std::str::from_utf8(&bytes).map_err(|_| malformed("not UTF-8 text".to_owned()))?;
        let text = text
            .strip_prefix('\u{feff}')
            .filter(|_| line == 1)
            .unwrap_or(text);
        if text.trim().is_empty() {
            continue;
        }
        if !header_seen {
            check_header(text, file)?;
            header_seen = true;
            continue;
        }
        let wire: PaperLine =
            serde_json::from_str(text).map_err(|e| malformed(json_message(&e)))?;
        states.push(wire.into_state().map_err(malformed)?);
    }
    if !header_seen {
        return Err(StateError::Empty {
            file: file.to_owned(),
        });
    }
    Ok(states)
}

/// The first line must be this format's header, of a version this build reads.
fn check_header(text: &str, file: &str) -> Result<(), StateError> {
    let not_state = |reason: String| StateError::NotAStateFile {
        file: file.to_owned(),
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| not_state(json_message(&e)))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(not_state(format!(
            "the first line should be a header with \"format\":\"{FORMAT}\""
        )));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(found) if found > VERSION => {
            return Err(StateError::NewerVersion {
                file: file.to_owned(),
                found,
            })
        }
        Some(0) | None => {
            return Err(not_state(
                "the header's \"version\" should be a number from 1".to_owned(),
            ))
        }
        Some(_) => {}
    }
    serde_json::from_value::<Header>(value)
        .map(drop)
        .map_err(|e| not_state(format!("header: {}", json_message(&e))))
}

/// serde_json's message without its position: each line is read alone, so
/// "line 1" would mislead; the column is kept.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    if e.column() > 0 {
        format!("{message} (column {})", e.column())
    } else {
        message.to_owned()
    }
}

impl PaperLine {
    /// Checks what JSON alone cannot: the paper's identity, the tag names,
    /// a read state that is one state.
    fn into_state(self) -> Result<PaperState, String> {
        let paper = match (self.arxiv_id, self.url) {
            (Some(id), _) => PaperKey::Arxiv(
                ArxivRef::parse(&id)
                    .map_err(|e| format!("`arxiv_id`: {e}"))?
                    .id,
            ),
            (None, Some(url)) if !url.trim().is_empty() => PaperKey::Url(url.trim().to_owned()),
            _ => return Err("a paper needs an `arxiv_id` or a `url`".to_owned()),
        };
        let read = match (self.read_at, self.unread_at) {
            (Some(_), Some(_)) => {
                return Err(
                    "a paper is read (`read_at`) or unread (`unread_at`), not both".to_owned(),
                )
            }
            (Some(at), None) => ReadState::Read { at },
            (None, since) => ReadState::Unread { since },
        };
        let mut marks = Vec::with_capacity(self.tags.len() + self.removed_tags.len());
        for t in self.tags {
            let name = tag_name(&t.name).map_err(|e| format!("`tags`: {e}"))?;
            marks.push(TagMark {
                name,
                given: true,
                at: t.tagged_at,
            });
        }
        // A removal names a tag that may predate the rules of `tag_name`
        // (as `untag` looks names up, only white space is folded).
        for t in self.removed_tags {
            let name = normalize_name(&t.name);
            if name.is_empty() {
                return Err("`removed_tags`: a tag name is empty".to_owned());
            }
            marks.push(TagMark {
                name,
                given: false,
                at: t.removed_at,
            });
        }
        let pdf_page = match self.pdf_page {
            Some(p) if p.page == 0 => return Err("`pdf_page`: pages count from 1".to_owned()),
            Some(p) => Some(PdfPage {
                page: p.page,
                at: p.updated_at,
            }),
            None => None,
        };
        Ok(PaperState {
            paper,
            title: self.title,
            read,
            starred: Dated {
                value: self.starred,
                at: self.starred_changed_at,
            },
            tags: fold_tags(marks),
            note: self.note.map(|n| NoteText {
                text: n.text,
                updated_at: n.updated_at,
            }),
            note_history: self
                .note_history
                .into_iter()
                .map(|h| PastNote {
                    text: h.text,
                    updated_at: h.updated_at,
                    replaced_at: h.replaced_at,
                })
                .collect(),
            pdf_page,
        })
    }
}

impl From<&PaperState> for PaperLine {
    fn from(s: &PaperState) -> PaperLine {
        let (arxiv_id, url) = match &s.paper {
            PaperKey::Arxiv(id) => (Some(id.to_string()), None),
            PaperKey::Url(url) => (None, Some(url.clone())),
        };
        let (read_at, unread_at) = match s.read {
            ReadState::Read { at } => (Some(at), None),
            ReadState::Unread { since } => (None, since),
        };
        PaperLine {
            arxiv_id,
            url,
            title: s.title.clone(),
            read_at,
            unread_at,
            starred: s.starred.value,
            starred_changed_at: s.starred.at,
            tags: s
                .tags
                .iter()
                .filter(|t| t.given)
                .map(|t| TagLine {
                    name: t.name.clone(),
                    tagged_at: t.at,
                })
                .collect(),
            removed_tags: s
                .tags
                .iter()
                .filter(|t| !t.given)
                .map(|t| RemovedTagLine {
                    name: t.name.clone(),
                    removed_at: t.at,
                })
                .collect(),
            note: s.note.as_ref().map(|n| NoteLine {
                text: n.text.clone(),
                updated_at: n.updated_at,
            }),
            note_history: s
                .note_history
                .iter()
                .map(|h| PastNoteLine {
                    text: h.text.clone(),
                    updated_at: h.updated_at,
                    replaced_at: h.replaced_at,
                })
                .collect(),
            pdf_page: s.pdf_page.map(|p| PdfPageLine {
                page: p.page,
                updated_at: p.at,
            }),
        }
    }
}
