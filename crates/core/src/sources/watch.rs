//! Watching: the library's sources kept synced until cancelled. Folders are
//! watched with `notify` through `notify-debouncer-full` (a file is synced
//! once it has been quiet for [`Options::debounce`]); subscriptions are
//! synced at start and every [`Options::subscriptions_every`]. The sources
//! are read again every [`Options::poll`], so sources added or removed
//! meanwhile (by the CLI or the app) are picked up, and a folder that was
//! removed or whose disk went away is watched again once it is back (and
//! caught up). Every sync is reported through a callback, from the thread
//! that ran it: the CLI prints it, the app can forward it to its window.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use notify_debouncer_full::notify::{self, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, RecommendedCache};
use tokio_util::sync::CancellationToken;

use super::{folder, url, SourceError, SourceId, SourceKind, Synced};
use crate::net;
use crate::store::Library;

#[derive(Debug, Clone)]
pub struct Options {
    /// How long a folder's files must be quiet before they are synced.
    pub debounce: Duration,
    /// How often subscriptions are synced (and once at start) when the
    /// library does not say ([`super::every_minutes`], read before each pass).
    pub subscriptions_every: Duration,
    /// How often the list of sources is read again and missing folders looked for.
    pub poll: Duration,
    pub net: net::Settings,
    /// The user's day, for subscriptions.
    pub today: fn() -> NaiveDate,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            debounce: Duration::from_millis(1000),
            subscriptions_every: Duration::from_secs(3600),
            poll: Duration::from_secs(1),
            net: super::net_settings(),
            today: || chrono::Local::now().date_naive(),
        }
    }
}

/// What the watch reports.
#[derive(Debug, Clone)]
pub enum Event {
    /// A source was synced (whatever came of it: see its result).
    Synced(Synced),
    /// Something went wrong outside a source's sync (a watch that could not
    /// be set up, the library unreadable for a moment); the watch goes on.
    Problem(String),
}

type Report = Arc<dyn Fn(Event) + Send + Sync>;

/// Runs until `cancel` is cancelled, then returns after the syncs under
/// way finish (a subscription's stops between days). Blocks: run it on a
/// thread of its own. Fails only when it cannot start (the library cannot
/// be opened, no watcher can be made).
pub fn run(
    dir: &Path,
    options: Options,
    cancel: CancellationToken,
    report: impl Fn(Event) + Send + Sync + 'static,
) -> Result<(), SourceError> {
    let report: Report = Arc::new(report);
    let mut lib = Library::open(dir)?;
    let client = net::Client::new(options.net.clone())?;
    let subscriptions = {
        let lib = Library::open(dir)?;
        let (options, cancel, report) = (options.clone(), cancel.clone(), report.clone());
        std::thread::Builder::new()
            .name("papershelf-subscriptions".to_owned())
            .spawn(move || subscriptions(lib, client, &options, &cancel, &report))
            .map_err(|e| SourceError::Watch(e.to_string()))?
    };
    let folders = folders(&mut lib, &options, &cancel, &report);
    cancel.cancel();
    if subscriptions.join().is_err() {
        return Err(SourceError::Watch(
            "syncing the subscriptions stopped unexpectedly".to_owned(),
        ));
    }
    folders
}

/// The subscriptions' loop: each is synced when first seen and then every
/// `subscriptions_every`.
fn subscriptions(
    mut lib: Library,
    client: net::Client,
    options: &Options,
    cancel: &CancellationToken,
    report: &Report,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return report(Event::Problem(format!("cannot sync subscriptions: {e}"))),
    };
    let mut synced_at: HashMap<SourceId, Instant> = HashMap::new();
    while !cancel.is_cancelled() {
        let sources = match lib.sources() {
            Ok(sources) => sources,
            Err(e) => {
                report(Event::Problem(e.to_string()));
                Vec::new()
            }
        };
        // The reader may change it in the app while this runs.
        let every = match super::every_minutes(&lib) {
            Ok(Some(minutes)) => Duration::from_secs(u64::from(minutes) * 60),
            _ => options.subscriptions_every,
        };
        for source in sources
            .iter()
            .filter(|s| matches!(s.kind, SourceKind::Url { .. }))
        {
            let due = synced_at
                .get(&source.id)
                .is_none_or(|at| at.elapsed() >= every);
            if !due || cancel.is_cancelled() {
                continue;
            }
            let today = (options.today)();
            let done = runtime.block_on(url::sync(
                &mut lib,
                &client,
                source,
                today,
                &url::Options::default(),
                cancel,
            ));
            synced_at.insert(source.id, Instant::now());
            match done {
                Ok(synced) => report(Event::Synced(synced)),
                Err(e) => report(Event::Problem(e.to_string())),
            }
        }
        // The sleep is made inside the runtime: its timer needs it.
        runtime.block_on(async {
            cancel
                .run_until_cancelled(tokio::time::sleep(options.poll))
                .await
        });
    }
}

/// A folder being watched: where, how, and which directory it was (a
/// folder removed and made again is another one, watched anew).
struct Watched {
    path: PathBuf,
    recursive: bool,
    identity: Option<(u64, u64)>,
}

fn identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

/// The folders' loop, on the calling thread.
fn folders(
    lib: &mut Library,
    options: &Options,
    cancel: &CancellationToken,
    report: &Report,
) -> Result<(), SourceError> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    // Symlinks are not followed, as in a sync (`import::digest_files`): a
    // loop is never walked, and what is watched is what is synced.
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
        options.debounce,
        None,
        tx,
        RecommendedCache::new(),
        config,
    )
    .map_err(|e| SourceError::Watch(e.to_string()))?;
    // A file changed less than this long ago is still being written: its
    // own events will bring it once it is quiet.
    let settle = options.debounce.mul_f32(0.9);
    let mut watched: HashMap<SourceId, Watched> = HashMap::new();
    let mut dirty: HashSet<SourceId> = HashSet::new();
    let mut again: Option<(Instant, HashSet<SourceId>)> = None;
    let mut reloaded: Option<Instant> = None;
    while !cancel.is_cancelled() {
        if reloaded.is_none_or(|at| at.elapsed() >= options.poll) {
            reloaded = Some(Instant::now());
            match lib.sources() {
                Ok(sources) => {
                    let folders: HashMap<SourceId, (PathBuf, bool)> = sources
                        .into_iter()
                        .filter_map(|s| match s.kind {
                            SourceKind::Folder { path, recursive } => {
                                Some((s.id, (path, recursive)))
                            }
                            SourceKind::Url { .. } => None,
                        })
                        .collect();
                    watched.retain(|id, w| {
                        let keep = folders.contains_key(id);
                        if !keep && w.identity.is_some() {
                            let _ = debouncer.unwatch(&w.path);
                        }
                        keep
                    });
                    for (id, (path, recursive)) in folders {
                        let now = identity(&path);
                        let before = watched.get(&id);
                        if before.is_some_and(|w| w.identity == now) {
                            continue;
                        }
                        if let Some(w) = before.filter(|w| w.identity.is_some()) {
                            let _ = debouncer.unwatch(&w.path);
                        }
                        let mode = if recursive {
                            RecursiveMode::Recursive
                        } else {
                            RecursiveMode::NonRecursive
                        };
                        let mut identity = now;
                        if now.is_some() {
                            if let Err(e) = debouncer.watch(&path, mode) {
                                report(Event::Problem(format!(
                                    "cannot watch {}: {e}; it is looked at again in a moment",
                                    path.display()
                                )));
                                identity = None;
                            }
                        }
                        // Caught up now: watched anew, or found missing.
                        dirty.insert(id);
                        watched.insert(
                            id,
                            Watched {
                                path,
                                recursive,
                                identity,
                            },
                        );
                    }
                }
                Err(e) => report(Event::Problem(e.to_string())),
            }
        }
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(Ok(events)) => {
                for path in events.iter().flat_map(|e| e.paths.iter()) {
                    for (id, w) in &watched {
                        if folder::owns(&w.path, w.recursive, path) {
                            dirty.insert(*id);
                        }
                    }
                }
            }
            Ok(Err(errors)) => {
                for e in errors {
                    report(Event::Problem(format!("watching folders: {e}")));
                }
                dirty.extend(watched.keys().copied());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(SourceError::Watch("the watcher stopped".to_owned()));
            }
        }
        if let Some((at, ids)) = again.take() {
            if at <= Instant::now() {
                dirty.extend(ids);
            } else {
                again = Some((at, ids));
            }
        }
        if dirty.is_empty() || cancel.is_cancelled() {
            continue;
        }
        let sources = match lib.sources() {
            Ok(sources) => sources,
            Err(e) => {
                report(Event::Problem(e.to_string()));
                continue;
            }
        };
        for source in sources.iter().filter(|s| dirty.contains(&s.id)) {
            let options = folder::Options { settle };
            match folder::sync(lib, source, &options) {
                Ok(synced) => {
                    if synced.pending > 0 {
                        let (_, ids) =
                            again.get_or_insert_with(|| (Instant::now() + settle, HashSet::new()));
                        ids.insert(source.id);
                    }
                    report(Event::Synced(synced));
                }
                Err(e) => report(Event::Problem(e.to_string())),
            }
        }
        dirty.clear();
    }
    debouncer.stop();
    Ok(())
}
