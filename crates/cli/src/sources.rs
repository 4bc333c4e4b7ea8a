//! `sources add|list|remove|sync` and `watch`: translation over core::sources.

use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use papershelf_core::metadata::{self, Api};
use papershelf_core::sources::{self, watch, Source, SourceId, SourceKind, Synced};
use papershelf_core::{net, Library};
use serde_json::{json, Value};

use crate::args::SourcesAction;
use crate::{emit, print_json};

/// The user's day, in their time zone: what "today" means for subscriptions.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn command(lib: &mut Library, action: SourcesAction, json: bool) -> Result<ExitCode> {
    match action {
        SourcesAction::Add {
            location,
            recursive,
            since,
        } => {
            let source = if location.contains("://") {
                if recursive {
                    bail!("--recursive is for folders; {location} is a URL template");
                }
                sources::add_url(lib, &location, since, today())?
            } else {
                if since.is_some() {
                    bail!("--since is for URL templates; {location} is a folder");
                }
                sources::add_folder(lib, std::path::Path::new(&location), recursive)?
            };
            if json {
                print_json(&source_json(&source))?;
            } else {
                emit(&format!(
                    "Added source {}: {} {}. `papershelf sources sync` imports what it has now; `papershelf watch` keeps it synced.\n",
                    source.id,
                    source.kind.name(),
                    describe(&source.kind)
                ))?;
            }
        }
        SourcesAction::List => {
            let all = lib.sources()?;
            if json {
                print_json(&Value::Array(all.iter().map(source_json).collect()))?;
            } else {
                emit(&list_text(&all))?;
            }
        }
        SourcesAction::Remove { id } => {
            sources::remove(lib, SourceId(id))?;
            if json {
                print_json(&json!({ "removed": id }))?;
            } else {
                emit(&format!(
                    "Removed source {id} (the digests it imported stay).\n"
                ))?;
            }
        }
        SourcesAction::Sync => return sync(lib, json),
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(kind: &SourceKind) -> String {
    match kind {
        SourceKind::Folder { path, recursive } => format!(
            "{}{}",
            path.display(),
            if *recursive {
                " (and its subfolders)"
            } else {
                ""
            }
        ),
        SourceKind::Url { template, since } => format!("{} (from {since})", template.as_str()),
    }
}

/// `sources list --json`'s shape, one source.
fn source_json(s: &Source) -> Value {
    let (recursive, since) = match &s.kind {
        SourceKind::Folder { recursive, .. } => (Some(*recursive), None),
        SourceKind::Url { since, .. } => (None, Some(since.to_string())),
    };
    json!({
        "id": s.id.0,
        "kind": s.kind.name(),
        "location": s.kind.location(),
        "recursive": recursive,
        "since": since,
        "last_sync": s.last.as_ref().map(|l| l.at.to_string()),
        "last_result": s.last.as_ref().map(|l| json!({
            "imported": l.imported,
            "unchanged": l.unchanged,
            "added": l.added,
            "failed": l.failed,
        })),
    })
}

fn list_text(all: &[Source]) -> String {
    if all.is_empty() {
        return "No sources: add a folder or a URL template with `papershelf sources add`.\n"
            .to_owned();
    }
    let mut out = String::new();
    for s in all {
        out.push_str(&format!(
            "{:>3}  {:<6} {}\n",
            s.id,
            s.kind.name(),
            describe(&s.kind)
        ));
        match &s.last {
            None => out.push_str("     never synced\n"),
            Some(l) => {
                out.push_str(&format!(
                    "     last sync {}: {} imported ({} new papers), {} unchanged, {} failed\n",
                    l.at,
                    l.imported,
                    l.added,
                    l.unchanged,
                    l.failed.len()
                ));
                out.push_str(&failures_text(&l.failed));
            }
        }
    }
    out
}

fn failures_text(failed: &[sources::Failure]) -> String {
    let mut out = String::new();
    for f in failed {
        match f.line {
            Some(line) => out.push_str(&format!("     ✗ {}:{line}: {}\n", f.file, f.message)),
            None => out.push_str(&format!("     ✗ {}: {}\n", f.file, f.message)),
        }
    }
    out
}

fn synced_json(lib: &Library, synced: &Synced) -> Value {
    let location = lib
        .sources()
        .ok()
        .and_then(|all| all.into_iter().find(|s| s.id == synced.source))
        .map(|s| s.kind.location());
    let r = &synced.result;
    json!({
        "id": synced.source.0,
        "location": location,
        "imported": r.imported,
        "unchanged": r.unchanged,
        "added": r.added,
        "failed": r.failed,
        "dates": synced.dates().iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

fn synced_text(synced: &Synced) -> String {
    let r = &synced.result;
    let dates: Vec<String> = synced.dates().iter().map(ToString::to_string).collect();
    let mut out = format!(
        "source {}: {} imported ({} new papers{}), {} unchanged, {} failed\n",
        synced.source,
        r.imported,
        r.added,
        if dates.is_empty() {
            String::new()
        } else {
            format!(" · {}", dates.join(", "))
        },
        r.unchanged,
        r.failed.len()
    );
    out.push_str(&failures_text(&r.failed));
    out
}

/// `sources sync`: one pass; exit 1 when any source failed.
fn sync(lib: &mut Library, json: bool) -> Result<ExitCode> {
    let client = net::Client::new(sources::net_settings())?;
    let done = crate::fetch::until_ctrl_c("starting the sync", |cancel| {
        let lib = &mut *lib;
        async move { sources::sync_all(lib, &client, today(), &cancel).await }
    })??;
    if done.iter().any(|s| s.result.added > 0) {
        crate::metadata::after_import(lib, json);
    }
    if json {
        print_json(&Value::Array(
            done.iter().map(|s| synced_json(lib, s)).collect(),
        ))?;
    } else if done.is_empty() {
        emit("No sources: add a folder or a URL template with `papershelf sources add`.\n")?;
    } else {
        emit(&done.iter().map(synced_text).collect::<String>())?;
    }
    Ok(if done.iter().all(|s| s.result.ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `watch`: in the foreground until Ctrl-C or SIGTERM, which end it with exit 0.
pub fn watch(lib: Library, json: bool) -> Result<ExitCode> {
    let cancel = tokio_util::sync::CancellationToken::new();
    stop_on_signals(cancel.clone())?;
    let all = lib.sources()?;
    let folders = all
        .iter()
        .filter(|s| matches!(s.kind, SourceKind::Folder { .. }))
        .count();
    let dir = lib.dir().to_owned();
    let printed_from = dir.clone();
    drop(lib);
    if !json {
        emit(&format!(
            "Watching {folders} folder(s) and syncing {} subscription(s) hourly; Ctrl-C to stop.\n",
            all.len() - folders
        ))?;
    }
    let (wake, metadata) = metadata_after_imports(dir.clone(), cancel.clone(), json);
    let printer = move |event: watch::Event| {
        let line = match event {
            watch::Event::Synced(synced) => {
                let r = &synced.result;
                if r.added > 0 {
                    let _ = wake.send(());
                }
                if r.imported == 0 && r.ok() {
                    return;
                }
                if json {
                    let lib = Library::open_read_only(&printed_from);
                    let value = match &lib {
                        Ok(lib) => synced_json(lib, &synced),
                        Err(_) => json!({ "id": synced.source.0 }),
                    };
                    serde_json::to_string(&value).unwrap_or_default() + "\n"
                } else {
                    format!(
                        "{} {}",
                        chrono::Local::now().format("%H:%M:%S"),
                        synced_text(&synced)
                    )
                }
            }
            watch::Event::Problem(problem) => {
                eprintln!("papershelf: {problem}");
                return;
            }
        };
        let _ = emit(&line);
    };
    let watched = watch::run(&dir, watch::Options::default(), cancel.clone(), printer);
    // The printer (and with it the sender) is gone: the metadata thread ends
    // after the fetch under way, which the cancelled token cuts short.
    cancel.cancel();
    let _ = metadata.join();
    watched.context("watching the sources")?;
    Ok(ExitCode::SUCCESS)
}

/// While `watch` runs: after a sync adds papers, core's automatic metadata
/// fetch (`metadata.auto`), as after `import`, on a thread of its own so
/// the API's delay never holds up the watcher. Wakes that come during a
/// fetch are folded into one more fetch.
fn metadata_after_imports(
    dir: std::path::PathBuf,
    cancel: tokio_util::sync::CancellationToken,
    json: bool,
) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    let (wake, woken) = std::sync::mpsc::channel::<()>();
    let thread = std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            eprintln!("papershelf: warning: arXiv metadata will not be fetched while watching");
            return;
        };
        let mut client = None;
        loop {
            match woken.recv_timeout(std::time::Duration::from_millis(250)) {
                Ok(()) => while woken.try_recv().is_ok() {},
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) if !cancel.is_cancelled() => {
                    continue
                }
                Err(_) => return,
            }
            if cancel.is_cancelled() {
                return;
            }
            let done = (|| -> Result<metadata::auto::Automatic> {
                let api = Api::from_env()?;
                if client.is_none() {
                    client = Some(net::Client::new(api.net.clone())?);
                }
                let client = client.as_ref().expect("made above");
                let mut lib = Library::open(&dir)?;
                Ok(runtime.block_on(metadata::auto::after_import(
                    &mut lib,
                    client,
                    &api,
                    &cancel,
                    &|_| {},
                ))?)
            })();
            match done {
                Ok(done) => {
                    if let Some(problem) = done.problem() {
                        eprintln!(
                            "papershelf: warning: arXiv metadata not fetched ({problem}); it is asked again after the next import"
                        );
                    } else if let (Some(report), false) = (done.report(), json) {
                        let _ = emit(&format!(
                            "{} arXiv metadata: {} of {} papers updated\n",
                            chrono::Local::now().format("%H:%M:%S"),
                            report.updated,
                            report.requested
                        ));
                    }
                }
                Err(e) => eprintln!("papershelf: warning: arXiv metadata not fetched: {e:#}"),
            }
        }
    });
    (wake, thread)
}

/// Cancels `cancel` on Ctrl-C (SIGINT) or SIGTERM, from a thread of its
/// own; returns once both are caught, so neither can kill the process
/// half-way through a write from then on.
fn stop_on_signals(cancel: tokio_util::sync::CancellationToken) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("listening for Ctrl-C")?;
    let (ready, caught) = std::sync::mpsc::channel::<std::io::Result<()>>();
    std::thread::spawn(move || {
        runtime.block_on(async move {
            #[cfg(unix)]
            let mut term =
                match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                    Ok(term) => term,
                    Err(e) => {
                        let _ = ready.send(Err(e));
                        return;
                    }
                };
            let interrupt = tokio::signal::ctrl_c();
            tokio::pin!(interrupt);
            // `ctrl_c` registers its handler when first polled.
            let _ = futures_poll_once(&mut interrupt).await;
            let _ = ready.send(Ok(()));
            #[cfg(unix)]
            tokio::select! {
                _ = &mut interrupt => {}
                _ = term.recv() => {}
            }
            #[cfg(not(unix))]
            let _ = interrupt.await;
            cancel.cancel();
        });
    });
    caught
        .recv()
        .context("listening for Ctrl-C")?
        .context("listening for SIGTERM")
}

/// Polls a future once (registering what it waits for), without waiting.
async fn futures_poll_once<F: std::future::Future + Unpin>(f: &mut F) -> Option<F::Output> {
    std::future::poll_fn(|cx| {
        std::task::Poll::Ready(match std::pin::Pin::new(&mut *f).poll(cx) {
            std::task::Poll::Ready(v) => Some(v),
            std::task::Poll::Pending => None,
        })
    })
    .await
}
