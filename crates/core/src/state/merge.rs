//! Merging a paper's reading state from another library into this one's,
//! field by field: the newer change wins; nothing typed is lost. Pure: the
//! store applies the [`Changes`].
//!
//! Each field is ordered by its time (an undated state is older than any
//! dated one) and, at the same time, by a fixed rule, so that two libraries
//! that import each other's state end up the same, and importing a state a
//! second time finds nothing newer.

use super::{Dated, NoteText, PaperState, PastNote, PdfPage, ReadState, TagMark};

/// What to write to a paper for it to hold another state's newer changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub read: Option<ReadState>,
    pub starred: Option<Dated<bool>>,
    /// Marks to write: a tag given (or given later), or taken off (or taken
    /// off later), each with its time.
    pub tags: Vec<TagMark>,
    /// The note's new text; the text it replaces is in `note_history`.
    pub note: Option<NoteText>,
    /// Earlier texts the paper's history does not have yet, oldest first.
    pub note_history: Vec<PastNote>,
    pub pdf_page: Option<PdfPage>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// What must change in `current` for it to hold `incoming`'s newer changes.
pub fn changes(current: &PaperState, incoming: &PaperState) -> Changes {
    let (note, note_history) = notes(current, incoming);
    Changes {
        read: newer(current.read, incoming.read, ReadState::key),
        starred: newer(current.starred, incoming.starred, Dated::key),
        tags: incoming
            .tags
            .iter()
            .filter(|mark| current.tag(&mark.name).is_none_or(|c| mark.key() > c.key()))
            .cloned()
            .collect(),
        note,
        note_history,
        pdf_page: newer(current.pdf_page, incoming.pdf_page, |p| {
            p.map(|p| (p.at, p.page))
        })
        .flatten(),
    }
}

/// `incoming` when it orders after `current`.
fn newer<T: Copy, K: Ord>(current: T, incoming: T, key: impl Fn(T) -> K) -> Option<T> {
    (key(incoming) > key(current)).then_some(incoming)
}

/// One mark per tag name (ignoring ASCII case), the newer kept: a file or a
/// library that holds two for one name means the later.
pub(crate) fn fold_tags(marks: Vec<TagMark>) -> Vec<TagMark> {
    let mut out: Vec<TagMark> = Vec::with_capacity(marks.len());
    for mark in marks {
        match out
            .iter_mut()
            .find(|m| m.name.eq_ignore_ascii_case(&mark.name))
        {
            Some(kept) if mark.key() > kept.key() => *kept = mark,
            Some(_) => {}
            None => out.push(mark),
        }
    }
    out
}

/// The note's new text, if the incoming one is newer, and the earlier texts
/// to add to the history: the text that lost (unless it is the same text),
/// dated replaced when the text that won was written, and the incoming
/// history's texts this paper does not have.
fn notes(current: &PaperState, incoming: &PaperState) -> (Option<NoteText>, Vec<PastNote>) {
    let mut past: Vec<PastNote> = Vec::new();
    let mut lost = |loser: &NoteText, winner: &NoteText| {
        if loser.text != winner.text {
            past.push(PastNote {
                text: loser.text.clone(),
                updated_at: loser.updated_at,
                replaced_at: winner.updated_at,
            });
        }
    };
    let note = match (&current.note, &incoming.note) {
        (_, None) => None,
        (None, Some(new)) => Some(new.clone()),
        (Some(old), Some(new)) if new.key() > old.key() => {
            lost(old, new);
            Some(new.clone())
        }
        (Some(old), Some(new)) => {
            lost(new, old);
            None
        }
    };
    let kept = note.as_ref().or(current.note.as_ref());
    past.extend(incoming.note_history.iter().cloned());
    let mut added: Vec<PastNote> = Vec::new();
    for p in past {
        let known = current
            .note_history
            .iter()
            .any(|h| h.is(&p.text, p.updated_at))
            || kept.is_some_and(|k| k.updated_at == p.updated_at && k.text == p.text)
            || added.iter().any(|h| h.is(&p.text, p.updated_at));
        if !known {
            added.push(p);
        }
    }
    added.sort_by_key(|p| (p.replaced_at, p.updated_at));
    (note, added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arxiv::ArxivId;
    use crate::digest::PaperKey;
    use crate::state::Stamp;

    /// A time on 2025-10-04, `h` hours in.
    fn at(h: u32) -> Stamp {
        Stamp::parse(&format!("2025-10-04T{h:02}:00:00Z")).unwrap()
    }

    fn paper() -> PaperState {
        PaperState::untouched(PaperKey::Arxiv(ArxivId::parse("2509.25454").unwrap()))
    }

    fn note(text: &str, h: u32) -> NoteText {
        NoteText {
            text: text.into(),
            updated_at: at(h),
        }
    }

    fn mark(name: &str, given: bool, h: u32) -> TagMark {
        TagMark {
            name: name.into(),
            given,
            at: at(h),
        }
    }

    #[test]
    fn the_newer_read_state_wins_and_an_undated_one_never_does() {
        let read = |h| ReadState::Read { at: at(h) };
        let unread = |h| ReadState::Unread { since: Some(at(h)) };
        let never = ReadState::Unread { since: None };
        for (current, incoming, wins) in [
            (never, read(1), true),
            (read(1), never, false),
            (read(1), unread(2), true),
            (unread(2), read(1), false),
            (read(1), read(2), true),
            (read(2), read(1), false),
            (read(1), read(1), false),
            // At the same time read wins, whichever library has it.
            (unread(1), read(1), true),
            (read(1), unread(1), false),
        ] {
            let c = changes(
                &PaperState {
                    read: current,
                    ..paper()
                },
                &PaperState {
                    read: incoming,
                    ..paper()
                },
            );
            assert_eq!(
                c.read,
                wins.then_some(incoming),
                "{current:?} ← {incoming:?}"
            );
        }
    }

    #[test]
    fn a_dated_star_wins_over_an_undated_one_and_undated_stars_win_ties() {
        let star = |value, h: Option<u32>| Dated {
            value,
            at: h.map(at),
        };
        for (current, incoming, wins) in [
            (star(false, None), star(true, None), true),
            (star(true, None), star(false, None), false),
            (star(true, None), star(false, Some(1)), true),
            (star(true, Some(2)), star(false, Some(1)), false),
            (star(false, Some(1)), star(false, Some(2)), true),
        ] {
            let c = changes(
                &PaperState {
                    starred: current,
                    ..paper()
                },
                &PaperState {
                    starred: incoming,
                    ..paper()
                },
            );
            assert_eq!(
                c.starred,
                wins.then_some(incoming),
                "{current:?} ← {incoming:?}"
            );
        }
    }

    #[test]
    fn tags_are_a_union_where_a_later_removal_wins() {
        let current = PaperState {
            tags: vec![
                mark("RL", true, 1),
                mark("精读", true, 5),
                mark("old", false, 3),
            ],
            ..paper()
        };
        let incoming = PaperState {
            tags: vec![
                // Removed after it was given here: removed.
                mark("rl", false, 2),
                // Removed before it was given here: stays.
                mark("精读", false, 4),
                // Given after its removal here: given again.
                mark("old", true, 4),
                // New here.
                mark("new", true, 1),
                // A removal this library never saw: recorded for the next merge.
                mark("gone", false, 1),
            ],
            ..paper()
        };
        let c = changes(&current, &incoming);
        assert_eq!(
            c.tags,
            [
                mark("rl", false, 2),
                mark("old", true, 4),
                mark("new", true, 1),
                mark("gone", false, 1)
            ]
        );
    }

    #[test]
    fn folding_keeps_the_newer_mark_of_a_name() {
        let folded = fold_tags(vec![
            mark("RL", true, 1),
            mark("rl", false, 2),
            mark("x", true, 3),
            mark("X", false, 3),
        ]);
        assert_eq!(folded, [mark("rl", false, 2), mark("x", true, 3)]);
    }

    #[test]
    fn a_newer_note_replaces_the_older_which_goes_to_history() {
        let current = PaperState {
            note: Some(note("mine", 1)),
            ..paper()
        };
        let incoming = PaperState {
            note: Some(note("theirs", 2)),
            ..paper()
        };
        let c = changes(&current, &incoming);
        assert_eq!(c.note, Some(note("theirs", 2)));
        let kept = PastNote {
            text: "mine".into(),
            updated_at: at(1),
            replaced_at: at(2),
        };
        assert_eq!(c.note_history, std::slice::from_ref(&kept));
        // The other way round the same text is kept in history, dated the same.
        let c = changes(&incoming, &current);
        assert_eq!((c.note, c.note_history), (None, vec![kept]));
    }

    #[test]
    fn the_same_note_is_no_change_but_takes_the_later_time() {
        let current = PaperState {
            note: Some(note("same", 1)),
            ..paper()
        };
        let later = PaperState {
            note: Some(note("same", 2)),
            ..paper()
        };
        assert_eq!(changes(&current, &later).note, Some(note("same", 2)));
        assert!(changes(&current, &later).note_history.is_empty());
        assert!(changes(&later, &current).is_empty());
        assert!(changes(&current, &current).is_empty());
    }

    #[test]
    fn incoming_history_adds_only_texts_not_already_kept() {
        let past = |text: &str, h, r| PastNote {
            text: text.into(),
            updated_at: at(h),
            replaced_at: at(r),
        };
        let current = PaperState {
            note: Some(note("b", 2)),
            note_history: vec![past("a", 1, 2)],
            ..paper()
        };
        let incoming = PaperState {
            note: Some(note("c", 4)),
            note_history: vec![
                // Known here (even replaced at another time).
                past("a", 1, 3),
                // This library's current note, as the other one kept it.
                past("b", 2, 4),
                // New.
                past("x", 0, 1),
            ],
            ..paper()
        };
        let c = changes(&current, &incoming);
        assert_eq!(c.note, Some(note("c", 4)));
        assert_eq!(c.note_history, [past("x", 0, 1), past("b", 2, 4)]);
    }

    #[test]
    fn a_cleared_note_that_is_newer_wins_and_the_text_is_kept() {
        let current = PaperState {
            note: Some(note("long thoughts", 1)),
            ..paper()
        };
        let incoming = PaperState {
            note: Some(note("", 2)),
            ..paper()
        };
        let c = changes(&current, &incoming);
        assert_eq!(c.note, Some(note("", 2)));
        assert_eq!(c.note_history[0].text, "long thoughts");
    }

    #[test]
    fn the_later_pdf_page_wins() {
        let page = |page, h| Some(PdfPage { page, at: at(h) });
        let with = |p| PaperState {
            pdf_page: p,
            ..paper()
        };
        assert_eq!(
            changes(&with(page(3, 1)), &with(page(9, 2))).pdf_page,
            page(9, 2)
        );
        assert_eq!(changes(&with(page(3, 2)), &with(page(9, 1))).pdf_page, None);
        assert_eq!(changes(&with(None), &with(page(9, 1))).pdf_page, page(9, 1));
        assert_eq!(changes(&with(page(3, 1)), &with(None)).pdf_page, None);
    }
}
