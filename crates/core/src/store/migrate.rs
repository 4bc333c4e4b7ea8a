//! Numbered SQL migrations embedded in the binary. Each is applied in its
//! own transaction together with the `user_version` that records it.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::{Result, StoreError};

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_library.sql"),
    include_str!("../../migrations/0002_pdfs.sql"),
    include_str!("../../migrations/0003_search.sql"),
    include_str!("../../migrations/0004_search_keywords_in_summary.sql"),
    include_str!("../../migrations/0005_import_indexes_once.sql"),
    include_str!("../../migrations/0006_pdf_pages.sql"),
    include_str!("../../migrations/0007_settings.sql"),
    include_str!("../../migrations/0008_reading_state_times.sql"),
    include_str!("../../migrations/0009_metadata.sql"),
    include_str!("../../migrations/0010_sources.sql"),
    include_str!("../../migrations/0011_pdf_text.sql"),
    include_str!("../../migrations/0012_highlights.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// The library's schema version (`user_version`); a library newer than
/// this build is refused.
pub(super) fn schema_version(conn: &Connection, path: &Path) -> Result<i64> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}

pub(crate) fn migrate_to(conn: &mut Connection, path: &Path, target: i64) -> Result<()> {
    // The schema's triggers call Papershelf's SQL functions: every
    // connection that may write the library needs them.
    super::search::register_functions(conn)?;
    let found = schema_version(conn, path)?;
    for version in found..target {
        // IMMEDIATE: two processes opening an old library at once must not
        // both apply the same migration.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current == version {
            tx.execute_batch(MIGRATIONS[version as usize])?;
            tx.pragma_update(None, "user_version", version + 1)?;
        }
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A library with every kind of row the schema had by 0004.
    const SEED_WITH_TAGS: &str = "INSERT INTO papers (id, key, arxiv_id, title, url, created_at, read_at, starred)
             VALUES (1, 'arxiv:2509.25454', '2509.25454', 'DeepSearch', 'https://arxiv.org/pdf/2509.25454',
                     '2025-10-03T00:00:00Z', '2025-10-04T00:00:00Z', 1);
         INSERT INTO digests (id, date, name, content_hash, imported_at)
             VALUES (1, '2025-10-03', '2025-10-03.md', 'h', '2025-10-03T00:00:00Z');
         INSERT INTO entries (id, digest_id, position, paper_id, line, title, url, version, summary, body, sections)
             VALUES (1, 1, 0, 1, 5, 'DeepSearch', 'https://arxiv.org/pdf/2509.25454', NULL, 's', 'b', '[]');
         INSERT INTO keywords (entry_id, seq, keyword) VALUES (1, 0, '数学推理');
         INSERT INTO notes (paper_id, text, updated_at) VALUES (1, 'my note', '2025-10-04T00:00:00Z');
         INSERT INTO tags (id, name, created_at) VALUES (1, 'to-read', '2025-10-04T00:00:00Z');
         INSERT INTO paper_tags (tag_id, paper_id, tagged_at) VALUES (1, 1, '2025-10-04T00:00:00Z');";

    /// What 0006 adds to `SEED_WITH_TAGS`: a PDF and the page it was left at.
    const PDF_PAGE_SEED: &str = "
         INSERT INTO pdfs (paper_id, path, version, size, sha256, fetched_at)
             VALUES (1, 'pdfs/2509.25454.pdf', NULL, 1234, 'ab', '2025-10-04T00:00:00Z');
         INSERT INTO pdf_pages (paper_id, page, updated_at) VALUES (1, 7, '2025-10-04T00:00:00Z');";

    /// What 0007 adds: a setting.
    const SETTINGS_SEED: &str = "
         INSERT INTO settings (key, value, updated_at)
             VALUES ('pdf-base', 'https://export.arxiv.org', '2025-10-04T00:00:00Z');";

    /// What 0008 adds: when the star changed, a tag removed.
    const CHANGE_TIMES_SEED: &str = "
         UPDATE papers SET starred_changed_at = '2025-10-05T00:00:00Z';
         INSERT INTO tag_removals (paper_id, name, removed_at) VALUES (1, 'RL', '2025-10-05T00:00:00Z');";

    /// What 0009 adds: a paper's metadata from arXiv, an id arXiv lacks.
    const METADATA_SEED: &str = "
         INSERT INTO paper_metadata (paper_id, version, title, abstract, published, updated, links, fetched_at)
             VALUES (1, 2, 'DeepSearch', 'abs', '2025-09-29T00:00:00Z', '2025-10-20T00:00:00Z', '[]',
                     '2025-10-21T00:00:00Z');
         INSERT INTO paper_authors (paper_id, seq, name, folded) VALUES (1, 0, 'Ana López', ' ana lopez ');
         INSERT INTO paper_categories (paper_id, seq, category) VALUES (1, 0, 'cs.LG');";

    /// What 0010 adds: a folder source with a file seen, a subscription
    /// with a day asked.
    const SOURCES_SEED: &str = "
         INSERT INTO sources (id, kind, location, recursive, since, created_at, last_sync, last_imported, last_failed)
             VALUES (1, 'folder', '/digests', 1, NULL, '2025-10-04T00:00:00Z', '2025-10-05T00:00:00Z', 2,
                     '[{\"file\":\"/digests/x.md\",\"line\":3,\"message\":\"not UTF-8\"}]'),
                    (2, 'url', 'https://example.org/{date}.md', 0, '2025-10-01', '2025-10-04T00:00:00Z', NULL, 0, '[]');
         INSERT INTO source_files (source_id, path, size, mtime_ns, sha256, seen_at)
             VALUES (1, 'a.md', 10, 5, 'ab', '2025-10-05T00:00:00Z');
         INSERT INTO source_days (source_id, day, status, etag, sha256, tried_at)
             VALUES (2, '2025-10-03', 200, '\"e1\"', 'cd', '2025-10-05T00:00:00Z');";

    /// What 0011 adds: the text of the seed's PDF, a word on its page 2.
    const PDF_TEXT_SEED: &str = "
         INSERT INTO pdf_texts (paper_id, sha256, status, pages, detail, millis, extracted_at)
             VALUES (1, 'ab', 'text', 3, NULL, 40, '2025-10-05T00:00:00Z');
         INSERT INTO pdf_text_pages (paper_id, page, text) VALUES (1, 2, 'the glimmerwort lemma');";

    /// What 0012 adds: a highlight on page 2 of the seed's PDF, commented.
    const HIGHLIGHT_SEED: &str = "
         INSERT INTO highlights (id, paper_id, pdf_version, pdf_sha256, page, text, rects, color, comment,
                                 created_at, updated_at)
             VALUES (1, 1, NULL, 'ab', 2, 'a quoted passage', '[[72,700,300,712]]', 'green',
                     'frobnicate this', '2025-10-06T00:00:00Z', '2025-10-06T00:00:00Z');";

    /// Data a library at each version could hold: `SEEDS[v]` runs on schema `v`.
    const SEEDS: &[&str] = &[
        "",
        "INSERT INTO papers (id, key, arxiv_id, title, url, created_at, read_at, starred)
             VALUES (1, 'arxiv:2509.25454', '2509.25454', 'DeepSearch', 'https://arxiv.org/pdf/2509.25454',
                     '2025-10-03T00:00:00Z', '2025-10-04T00:00:00Z', 1);
         INSERT INTO digests (id, date, name, content_hash, imported_at)
             VALUES (1, '2025-10-03', '2025-10-03.md', 'h', '2025-10-03T00:00:00Z');
         INSERT INTO entries (id, digest_id, position, paper_id, line, title, url, version, summary, body, sections)
             VALUES (1, 1, 0, 1, 5, 'DeepSearch', 'https://arxiv.org/pdf/2509.25454', NULL, 's', 'b', '[]');
         INSERT INTO keywords (entry_id, seq, keyword) VALUES (1, 0, '数学推理');
         INSERT INTO notes (paper_id, text, updated_at) VALUES (1, 'my note', '2025-10-04T00:00:00Z');",
        // 0002_pdfs: a downloaded PDF.
        "INSERT INTO papers (id, key, arxiv_id, title, url, created_at, read_at, starred)
             VALUES (1, 'arxiv:2509.25454', '2509.25454', 'DeepSearch', 'https://arxiv.org/pdf/2509.25454',
                     '2025-10-03T00:00:00Z', '2025-10-04T00:00:00Z', 1);
         INSERT INTO digests (id, date, name, content_hash, imported_at)
             VALUES (1, '2025-10-03', '2025-10-03.md', 'h', '2025-10-03T00:00:00Z');
         INSERT INTO entries (id, digest_id, position, paper_id, line, title, url, version, summary, body, sections)
             VALUES (1, 1, 0, 1, 5, 'DeepSearch', 'https://arxiv.org/pdf/2509.25454', NULL, 's', 'b', '[]');
         INSERT INTO keywords (entry_id, seq, keyword) VALUES (1, 0, '数学推理');
         INSERT INTO notes (paper_id, text, updated_at) VALUES (1, 'my note', '2025-10-04T00:00:00Z');
         INSERT INTO pdfs (paper_id, path, version, size, sha256, fetched_at)
             VALUES (1, 'pdfs/2509.25454.pdf', NULL, 1234, 'ab', '2025-10-04T00:00:00Z');",
        // 0003_search: the index is written by triggers; tags are new.
        SEED_WITH_TAGS,
        // 0004: the index without its keywords column.
        SEED_WITH_TAGS,
        // 0005: entries without body and sections: see `seed`.
        SEED_WITH_TAGS,
        // 0006_pdf_pages: where the reader left a PDF: see `seed`.
        SEED_WITH_TAGS,
        // 0007_settings: the library's settings, a PDF source among them.
        SEED_WITH_TAGS,
        // 0008_reading_state_times: see `seed`.
        SEED_WITH_TAGS,
        // 0009_metadata: see `seed`.
        SEED_WITH_TAGS,
        // 0010_sources: see `seed`.
        SEED_WITH_TAGS,
        // 0011_pdf_text: see `seed`.
        SEED_WITH_TAGS,
        // 0012_highlights: see `seed`.
        SEED_WITH_TAGS,
    ];

    /// `SEEDS[version]`, in the columns that version has.
    fn seed(version: i64) -> String {
        let seed = SEEDS[version as usize];
        let mut seed = if version >= 5 {
            seed.replace(", body, sections)", ")")
                .replace(", 's', 'b', '[]')", ", 's')")
        } else {
            seed.to_owned()
        };
        if version >= 6 {
            seed.push_str(PDF_PAGE_SEED);
        }
        if version >= 7 {
            seed.push_str(SETTINGS_SEED);
        }
        if version >= 8 {
            seed.push_str(CHANGE_TIMES_SEED);
        }
        if version >= 9 {
            seed.push_str(METADATA_SEED);
        }
        if version >= 10 {
            seed.push_str(SOURCES_SEED);
        }
        if version >= 11 {
            seed.push_str(PDF_TEXT_SEED);
        }
        if version >= 12 {
            seed.push_str(HIGHLIGHT_SEED);
        }
        seed
    }

    #[test]
    fn every_older_schema_with_data_upgrades_to_the_current_one() {
        assert_eq!(
            SEEDS.len() as i64,
            SCHEMA_VERSION + 1,
            "add a seed for the new schema"
        );
        for start in 0..SCHEMA_VERSION {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("library.sqlite3");
            let mut conn = Connection::open(&path).unwrap();
            // As every Papershelf opened it: so even a library at version
            // 0 is a database file, not an empty one.
            conn.pragma_update(None, "journal_mode", "WAL").unwrap();
            migrate_to(&mut conn, &path, start).unwrap();
            conn.execute_batch(&seed(start)).unwrap();
            drop(conn);

            let lib = crate::Library::open(dir.path()).unwrap();
            let version: i64 = lib
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(version, SCHEMA_VERSION);
            // Libraries from before 0007 have every setting at its default.
            let pdf_base = lib.setting("pdf-base").unwrap();
            assert_eq!(pdf_base.is_some(), start >= 7, "{pdf_base:?}");
            if SEEDS[start as usize].contains("INSERT INTO pdfs") {
                let pdf = lib.pdf(crate::PaperId(1)).unwrap().unwrap();
                assert_eq!((pdf.size, pdf.sha256.as_str()), (1234, "ab"));
            }
            if start >= 1 {
                let p = lib.paper(crate::PaperId(1)).unwrap();
                assert_eq!(p.row.title, "DeepSearch");
                assert!(p.row.read && p.row.starred);
                assert_eq!(p.note.unwrap().text, "my note");
                assert_eq!(p.row.keywords, ["数学推理"]);
                // Papers from before search was added are in its index
                // (by title and note here: the seed's summary is a stub).
                for query in ["deepsearch", "my note"] {
                    let search = crate::PaperQuery {
                        text: query.to_owned(),
                        limit: crate::query::MAX_PAGE,
                        ..crate::PaperQuery::default()
                    };
                    let ids = lib.papers(&search).unwrap().ids();
                    assert_eq!(ids, [crate::PaperId(1)], "{query}");
                }
                // 0012 made the index again: the PDF text 0011 indexed is
                // still found, before any rebuild.
                if start == 11 {
                    let search = crate::PaperQuery {
                        text: "glimmerwort".to_owned(),
                        ..crate::PaperQuery::default()
                    };
                    assert_eq!(lib.papers(&search).unwrap().ids(), [crate::PaperId(1)]);
                }
            }
            if SEEDS[start as usize].contains("paper_tags") {
                assert_eq!(lib.tags_of(crate::PaperId(1)).unwrap(), ["to-read"]);
            }
            if start >= 1 {
                // 0008: a paper read before is read since then; its star
                // and tags have no removal or change time to guess.
                let states = lib.reading_states().unwrap();
                assert_eq!(states.len(), 1);
                let state = &states[0];
                let read_at = crate::state::Stamp::parse("2025-10-04T00:00:00Z").unwrap();
                assert_eq!(state.read, crate::state::ReadState::Read { at: read_at });
                // (A library already at 0008 has the seed's star time.)
                let starred_at = (start >= 8)
                    .then(|| crate::state::Stamp::parse("2025-10-05T00:00:00Z").unwrap());
                assert_eq!(
                    state.starred,
                    crate::state::Dated {
                        value: true,
                        at: starred_at
                    }
                );
                // (At 0008 the seed took the tag `RL` off.)
                assert!(
                    state
                        .tags
                        .iter()
                        .all(|t| t.given || (start >= 8 && t.name == "RL")),
                    "{:?}",
                    state.tags
                );
                assert_eq!(state.note.as_ref().unwrap().text, "my note");
                assert_eq!(state.pdf_page.map(|p| p.page), (start >= 6).then_some(7));

                // 0009: no metadata yet, so the paper wants some; once
                // stored, its authors are in the rebuilt index's new column.
                // (A library already at 0009 has the seed's.)
                let wanted = crate::store::MetadataWanted {
                    missing: true,
                    ..Default::default()
                };
                let want = lib.papers_wanting_metadata(&wanted).unwrap();
                let mut lib = lib;
                if start < 9 {
                    assert!(lib.metadata(crate::PaperId(1)).unwrap().is_none());
                    assert_eq!(want.len(), 1);
                    lib.conn.execute_batch(METADATA_SEED).unwrap();
                } else {
                    assert!(want.is_empty());
                }
                // 0011: a PDF cached before waits for its text; stored, the
                // text is found with its page. (A library already at 0011
                // has the seed's text.)
                let has_pdf = start >= 6 || SEEDS[start as usize].contains("INSERT INTO pdfs");
                if start < 11 {
                    let waiting = lib.pdfs_without_text().unwrap();
                    assert_eq!(waiting.len(), usize::from(has_pdf));
                    if has_pdf {
                        let text = crate::store::PdfText {
                            status: crate::store::TextStatus::Text,
                            pages: 3,
                            texts: vec![(2, "the glimmerwort lemma".to_owned())],
                            detail: None,
                            millis: 40,
                        };
                        assert!(lib.save_pdf_text(crate::PaperId(1), "ab", &text).unwrap());
                    }
                } else {
                    assert!(lib.pdfs_without_text().unwrap().is_empty());
                }
                // 0012: no highlights before; one stored is found by a word
                // of its comment, there and after a rebuild. (A library
                // already at 0012 has the seed's.)
                if start < 12 {
                    assert!(lib.highlights(crate::PaperId(1)).unwrap().is_empty());
                    lib.conn.execute_batch(HIGHLIGHT_SEED).unwrap();
                }
                let highlights = lib.highlights(crate::PaperId(1)).unwrap();
                assert_eq!(highlights.len(), 1);
                let h = &highlights[0];
                assert_eq!((h.page, h.color), (2, crate::HighlightColor::Green));
                assert_eq!(h.rects[0].y2, 712.0);
                assert_eq!(h.on_cached_pdf, has_pdf);
                let frobnicate = crate::PaperQuery {
                    text: "frobnicate".to_owned(),
                    ..crate::PaperQuery::default()
                };
                assert_eq!(lib.papers(&frobnicate).unwrap().ids(), [crate::PaperId(1)]);
                lib.rebuild_search_index().unwrap();
                let found = lib.papers(&frobnicate).unwrap();
                assert_eq!(found.ids(), [crate::PaperId(1)]);
                let snippet = found.papers[0].highlights.clone().unwrap().snippet.unwrap();
                assert_eq!(
                    snippet.source,
                    crate::store::SnippetSource::Highlight { id: 1, page: 2 }
                );
                if has_pdf {
                    let search = crate::PaperQuery {
                        text: "glimmerwort".to_owned(),
                        ..crate::PaperQuery::default()
                    };
                    let found = lib.papers(&search).unwrap();
                    assert_eq!(found.ids(), [crate::PaperId(1)]);
                    let snippet = found.papers[0].highlights.clone().unwrap().snippet.unwrap();
                    assert_eq!(snippet.source, crate::store::SnippetSource::Pdf { page: 2 });
                }
                let row = lib.paper(crate::PaperId(1)).unwrap().row;
                assert_eq!(row.authors, ["Ana López"]);
                assert_eq!(row.new_version, Some(2));
                let search = crate::PaperQuery {
                    text: "lopez".to_owned(),
                    ..crate::PaperQuery::default()
                };
                assert_eq!(lib.papers(&search).unwrap().ids(), [crate::PaperId(1)]);
                // 0010: sources start empty; rows like the seed's read back.
                // (A library already at 0010 has the seed's.)
                if start < 10 {
                    assert!(lib.sources().unwrap().is_empty());
                    lib.conn.execute_batch(SOURCES_SEED).unwrap();
                }
                let sources = lib.sources().unwrap();
                assert_eq!(sources.len(), 2);
                let last = sources[0].last.as_ref().unwrap();
                assert_eq!((last.imported, last.failed[0].line), (2, Some(3)));
                assert_eq!(sources[1].kind.name(), "url");
                let days = lib.source_days(sources[1].id).unwrap();
                assert!(days.values().all(crate::sources::DayState::published));
                assert_eq!(lib.source_files(sources[0].id).unwrap().len(), 1);
                // A source removed takes its files along, not the digests.
                lib.remove_source(sources[0].id).unwrap();
                let files: i64 = lib
                    .conn
                    .query_row("SELECT count(*) FROM source_files", [], |r| r.get(0))
                    .unwrap();
                assert_eq!(files, 0);
                // The seed's PDF has no file; nothing else is amiss.
                let problems: Vec<_> = lib
                    .check()
                    .unwrap()
                    .into_iter()
                    .filter(|p| p.kind != crate::store::ProblemKind::MissingPdf)
                    .collect();
                assert!(problems.is_empty(), "{problems:?}");
            }
        }
    }

    #[test]
    fn every_seed_fits_its_schema() {
        for version in 0..=SCHEMA_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, Path::new(":memory:"), version).unwrap();
            conn.execute_batch(&seed(version)).unwrap();
        }
    }

    #[test]
    fn a_newer_library_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite3");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        let err = crate::Library::open(dir.path()).err().unwrap();
        assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
        assert!(err.to_string().contains("newer Papershelf"));
    }
}
