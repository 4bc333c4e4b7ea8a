//! `papershelf`: the command line over papershelf-core. It only translates:
//! arguments in, core calls, text or JSON out.

mod args;
mod backup;
mod config;
mod export;
mod fetch;
mod found;
mod json;
mod metadata;
mod note_editor;
mod pdf_text;
mod sources;
mod state;
mod table;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use papershelf_core::import::{self, FileReport};
use papershelf_core::query::MAX_PAGE;
use papershelf_core::{Filter, Library, Order, PaperId, PaperQuery, Scope, StoreError};

use args::{Cli, Command, MarkState, NoteArgs, SearchFilters, Sort, TagsAction};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("papershelf: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let dir = cli
        .library
        .clone()
        .unwrap_or_else(papershelf_core::default_library_dir);
    let snapshots = cli.command.snapshots();
    let code = command(cli, &dir)?;
    if snapshots {
        backup::daily_snapshot(&dir);
    }
    Ok(code)
}

fn command(cli: Cli, dir: &std::path::Path) -> Result<ExitCode> {
    let json = cli.json;
    match cli.command {
        // Before the library is opened: it may be missing or damaged.
        Command::Restore { file, latest } => {
            backup::restore(dir, file, latest, json)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Backups => {
            backup::backups(dir, json)?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let dir = dir.to_owned();
    // A plain `check` writes nothing at all: it neither makes a missing
    // library nor upgrades an older one, it says so.
    let opened = if matches!(cli.command, Command::Check { repair: false }) {
        Library::open_read_only(&dir)
    } else {
        open_library(&dir, cli.command.writes())
    };
    let mut lib = opened.with_context(|| format!("opening the library in {}", dir.display()))?;
    match cli.command {
        Command::Import { paths, date } => return import(&mut lib, &paths, date, json),
        Command::Digests => {
            let digests = lib.digests()?;
            if json {
                print_json(&json::digests(&digests))?;
            } else {
                emit(&table::render(|o| table::digests(o, &digests)))?;
            }
        }
        Command::List {
            unread,
            read,
            starred,
            digest,
            keyword,
            meta,
            sort,
        } => {
            let query = PaperQuery {
                order: Some(match sort {
                    Sort::Listed => Order::Listed,
                    Sort::Newest => Order::Newest,
                    Sort::ForYou => Order::ForYou,
                }),
                filter: Filter {
                    read: read_state(unread, read),
                    starred: starred.then_some(true),
                    keyword,
                    author: meta.author,
                    category: meta.category,
                    new_version: meta.new_version.then_some(true),
                    ..Filter::default()
                },
                ..PaperQuery::scope(digest.map_or(Scope::All, Scope::Digest))
            };
            let page = lib.papers(&query)?;
            // Too few signals: the list keeps its order, and the reader is told why.
            if let Some(message) = page.for_you.and_then(|s| s.message()) {
                eprintln!("papershelf: {message}");
            }
            if json {
                print_json(&json::listed(&page))?;
            } else {
                emit(&table::render(|o| table::listed(o, &page)))?;
            }
        }
        Command::Similar { id, limit } => {
            let id = lib.resolve(&id)?;
            let similar = lib.similar(id, limit)?;
            if json {
                print_json(&json::similar(&similar))?;
            } else {
                emit(&table::render(|o| table::similar(o, &similar)))?;
            }
        }
        Command::Search {
            query,
            filters,
            limit,
            offset,
        } => {
            let limit = limit.min(MAX_PAGE);
            let query = PaperQuery {
                limit,
                offset,
                ..search_query(query.join(" "), filters)
            };
            let page = lib.papers(&query)?;
            if json {
                print_json(&json::search(&page, offset, limit))?;
            } else {
                let marks =
                    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
                        found::Marks::Ansi
                    } else {
                        found::Marks::Markdown
                    };
                emit(&table::render(|o| {
                    found::results(o, &page, offset, limit, marks)
                }))?;
            }
        }
        Command::Reindex { model: true, .. } => {
            let model = lib.rebuild_for_you()?;
            if json {
                print_json(&json::model(&model))?;
            } else {
                emit(&table::model(&model))?;
            }
        }
        Command::Reindex { pdfs: true, .. } => return pdf_text::reindex(lib, json),
        Command::Reindex { .. } => {
            let papers = lib.rebuild_search_index()?;
            if json {
                print_json(&serde_json::json!({ "papers": papers }))?;
            } else {
                emit(&format!("Search index rebuilt: {papers} paper(s).\n"))?;
            }
        }
        Command::Check { repair } => return check(&mut lib, repair, json),
        Command::Tag { id, tags } => {
            let id = lib.resolve(&id)?;
            let now = lib.add_tags(id, &tags)?;
            print_tags_of(id, &now, json)?;
        }
        Command::Untag { id, tags } => {
            let id = lib.resolve(&id)?;
            let now = lib.remove_tags(id, &tags)?;
            print_tags_of(id, &now, json)?;
        }
        Command::Tags { action } => match action {
            None => {
                let tags = lib.tags()?;
                if json {
                    print_json(&json::tags(&tags))?;
                } else {
                    emit(&table::render(|o| found::tags(o, &tags)))?;
                }
            }
            Some(TagsAction::Rename { from, to }) => {
                let papers = lib.rename_tag(&from, &to)?;
                if json {
                    print_json(&serde_json::json!({ "from": from, "to": to, "papers": papers }))?;
                } else {
                    emit(&format!("Renamed `{from}` to `{to}`: {papers} paper(s).\n"))?;
                }
            }
            Some(TagsAction::Delete { tag }) => {
                let papers = lib.delete_tag(&tag)?;
                if json {
                    print_json(&serde_json::json!({ "tag": tag, "papers": papers }))?;
                } else {
                    emit(&format!("Deleted `{tag}` from {papers} paper(s).\n"))?;
                }
            }
        },
        Command::Show { id } => {
            let paper = lib.paper(lib.resolve(&id)?)?;
            if json {
                print_json(&json::paper_detail(&paper))?;
            } else {
                emit(&table::render(|o| table::paper(o, &paper)))?;
            }
        }
        Command::Mark { state, ids, digest } => {
            let read = state == MarkState::Read;
            let changed = match digest {
                Some(date) if read => lib.mark_digest_read(date)?,
                Some(date) => {
                    lib.ensure_digest(date)?;
                    let ids = lib.papers(&PaperQuery::scope(Scope::Digest(date)))?.ids();
                    lib.set_read(&ids, false)?
                }
                None => {
                    let ids = resolve_all(&lib, &ids)?;
                    lib.set_read(&ids, read)?
                }
            };
            if !json {
                emit(&format!(
                    "{} paper(s) marked {}\n",
                    changed.len(),
                    if read { "read" } else { "unread" }
                ))?;
            } else {
                print_json(
                    &serde_json::json!({"changed": changed.iter().map(|i| i.0).collect::<Vec<_>>()}),
                )?;
            }
        }
        Command::Star { ids } => star(&mut lib, &ids, true)?,
        Command::Unstar { ids } => star(&mut lib, &ids, false)?,
        Command::Note { id, note } => return note_command(&mut lib, &id, note, json),
        Command::Highlights { id } => {
            let id = lib.resolve(&id)?;
            let highlights = lib.highlights(id)?;
            if json {
                print_json(&json::highlights(&highlights))?;
            } else {
                emit(&table::render(|o| table::highlights(o, id, &highlights)))?;
            }
        }
        Command::Fetch {
            ids,
            digest,
            unread,
            starred,
        } => {
            let queue = fetch::queue(&lib, &ids, digest, unread, starred)?;
            return fetch::fetch(lib, queue, json);
        }
        Command::Open { id } => fetch::open(&lib, &id)?,
        Command::Pdf { id } => fetch::pdf(&lib, &id, json)?,
        Command::Cache { action: None } => fetch::cache_summary(&lib, json)?,
        Command::Cache {
            action: Some(args::CacheAction::Rm { ids, digest }),
        } => fetch::cache_rm(&mut lib, &ids, digest, json)?,
        Command::Config {
            setting: args::ConfigSetting::PdfBase { url, reset },
        } => config::pdf_base(&mut lib, url, reset, json)?,
        Command::Config {
            setting: args::ConfigSetting::MetadataAuto { value },
        } => config::metadata_auto(&mut lib, value, json)?,
        Command::Metadata {
            ids,
            digest,
            all,
            missing,
            refresh,
            older_than,
        } => {
            let selection = metadata::Selection {
                ids,
                digest,
                all,
                missing,
                refresh: refresh.then_some(older_than),
            };
            return metadata::command(&mut lib, selection, json);
        }
        Command::Backup { to } => backup::backup(&lib, to.as_deref(), json)?,
        Command::Export {
            format,
            output,
            select,
            force,
        } => export::export(&lib, format, output.as_deref(), select, force, json)?,
        Command::ImportState { file } => state::import(&mut lib, &file, json)?,
        Command::Sources { action } => return sources::command(&mut lib, action, json),
        Command::Watch => return sources::watch(lib, json),
        Command::Backups | Command::Restore { .. } => unreachable!("handled above"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens the library for reading only when the command writes nothing, so
/// reading works on a read-only folder or a full disk. A missing library is
/// made and an older one upgraded as before, which needs write access; but
/// a library folder that is not there (a disk not connected, a mistyped
/// `--library`) is said to be missing, not made anew and empty.
fn open_library(dir: &std::path::Path, writes: bool) -> Result<Library, StoreError> {
    if !writes {
        match Library::open_read_only(dir) {
            Err(StoreError::NoLibrary { .. } | StoreError::NeedsUpgrade { .. }) => {}
            opened => return opened,
        }
    }
    Library::open(dir)
}

fn import(
    lib: &mut Library,
    paths: &[std::path::PathBuf],
    date: Option<chrono::NaiveDate>,
    json: bool,
) -> Result<ExitCode> {
    let mut reports: Vec<FileReport> = Vec::new();
    let (stdin, files): (Vec<_>, Vec<_>) =
        paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        reports.push(import::import_standard_input(
            lib,
            std::io::stdin().lock(),
            date,
        ));
    }
    reports.extend(import::import_paths(lib, &files, date));
    // After the import is committed: its failing only warns.
    let fetched = metadata::after_import(lib, json);
    if json {
        let mut value = json::import(&reports);
        value["metadata"] = fetched
            .as_ref()
            .map_or(serde_json::Value::Null, json::metadata_report);
        print_json(&value)?;
    } else {
        emit(&table::render(|o| table::import(o, &reports)))?;
    }
    let failed = reports.iter().any(|r| r.error.is_some());
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `check [--repair]`: one line per problem (after repairing, per repair and
/// per problem left); exits 1 while problems remain.
fn check(lib: &mut Library, repair: bool, json: bool) -> Result<ExitCode> {
    let mut problems = lib.check()?;
    let repaired = if repair {
        let done = lib.repair(&problems)?;
        problems = lib.check()?;
        done
    } else {
        Vec::new()
    };
    if json {
        print_json(&json::check(&problems, &repaired))?;
    } else {
        let mut text = String::new();
        for r in &repaired {
            text.push_str(&format!("repaired {}: {}\n", r.kind.name(), r.what));
        }
        for p in &problems {
            let hint = if p.repairable {
                " (`check --repair` fixes it)"
            } else {
                ""
            };
            text.push_str(&format!("{}: {}{hint}\n", p.kind.name(), p.what));
        }
        if problems.is_empty() {
            text.push_str("ok: no problems found\n");
        }
        emit(&text)?;
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn star(lib: &mut Library, ids: &[String], starred: bool) -> Result<()> {
    for id in resolve_all(lib, ids)? {
        lib.set_starred(id, starred)?;
    }
    Ok(())
}

fn note_command(lib: &mut Library, id: &str, args: NoteArgs, json: bool) -> Result<ExitCode> {
    let id = lib.resolve(id)?;
    let note = if let Some(text) = args.set {
        Some(lib.set_note(id, &text)?)
    } else if let Some(text) = args.append {
        Some(lib.append_note(id, &text)?)
    } else if args.edit {
        let current = lib.note(id)?.map(|n| n.text).unwrap_or_default();
        match note_editor::edit(&current)? {
            Some(text) => Some(lib.set_note(id, &text)?),
            None => lib.note(id)?,
        }
    } else {
        lib.note(id)?
    };
    if json {
        print_json(&json::note(id, note.as_ref()))?;
    } else if let Some(n) = note {
        emit(&format!("{}\n", n.text))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `search`'s options as a query: `--digest` is the scope, so its papers
/// keep the digest's order.
fn search_query(text: String, f: SearchFilters) -> PaperQuery {
    let filter = Filter {
        read: read_state(f.unread, f.read),
        starred: f.starred.then_some(true),
        has_note: f.has_note.then_some(true),
        has_pdf: f.has_pdf.then_some(true),
        since: f.since,
        until: f.until,
        keyword: f.keyword,
        tags: f.tags,
        author: f.meta.author,
        category: f.meta.category,
        new_version: f.meta.new_version.then_some(true),
        added_after: None,
    };
    PaperQuery {
        scope: f.digest.map_or(Scope::All, Scope::Digest),
        ..PaperQuery::search(text, filter)
    }
}

/// `--unread` / `--read` (clap refuses both).
fn read_state(unread: bool, read: bool) -> Option<bool> {
    if unread {
        Some(false)
    } else {
        read.then_some(true)
    }
}

fn print_tags_of(id: PaperId, tags: &[String], json: bool) -> Result<()> {
    if json {
        print_json(&json::paper_tags(id, tags))
    } else if tags.is_empty() {
        emit(&format!("{id}: no tags\n"))
    } else {
        emit(&format!("{id}: {}\n", tags.join(", ")))
    }
}

fn resolve_all(lib: &Library, ids: &[String]) -> Result<Vec<PaperId>> {
    ids.iter().map(|i| Ok(lib.resolve(i)?)).collect()
}

fn print_json(value: &serde_json::Value) -> Result<()> {
    emit(&format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
