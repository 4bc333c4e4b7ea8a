//! `fetch`, `open`, `pdf` and `cache`: the PDF commands, over `papershelf_core::pdf`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use papershelf_core::arxiv::ArxivRef;
use papershelf_core::pdf::{
    cache, CancellationToken, Fetcher, Item, Outcome, PaperState, PdfError, Progress, Queue,
    Request, Settings,
};
use papershelf_core::{Library, PaperId, PaperQuery, Scope};

use crate::{emit, json, print_json};

/// The papers `fetch` was asked for, as a queue.
pub fn queue(
    lib: &Library,
    ids: &[String],
    digest: Option<NaiveDate>,
    unread: bool,
    starred: bool,
) -> Result<Queue> {
    let scope = if let Some(date) = digest {
        Scope::Digest(date)
    } else if unread {
        Scope::Unread
    } else if starred {
        Scope::Starred
    } else {
        let requests = ids
            .iter()
            .map(|id| {
                Ok(Request {
                    paper: lib.resolve(id)?,
                    version: ArxivRef::parse(id).ok().and_then(|r| r.version),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let papers = requests.iter().map(|r| r.paper).collect();
        let queue = Queue::new(lib, &PaperQuery::scope(Scope::Papers(papers)))?;
        return Ok(queue.with_versions(&requests));
    };
    Ok(Queue::new(lib, &PaperQuery::scope(scope))?)
}

pub fn fetch(lib: Library, queue: Queue, json: bool) -> Result<ExitCode> {
    let settings = Settings::for_library(&lib)?;
    if queue.is_empty() {
        if json {
            print_json(&json::fetch_report(&lib, &[]))?;
        } else {
            eprintln!("no papers to fetch");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let display = Display::new(json, queue.len(), lib.dir());
    let fetcher = Fetcher::new(lib, settings)?;
    let (shown, fetching) = (&display, &fetcher);
    let report = until_ctrl_c("starting the downloader", |cancel| async move {
        queue
            .run(fetching, &cancel, &|p: Progress| shown.show(&p))
            .await
    })?;
    display.finish();
    let lib = fetcher.library();
    if json {
        print_json(&json::fetch_report(&lib, &report.results))?;
    } else {
        let mut summary = format!(
            "{} downloaded, {} already cached",
            report.downloaded(),
            report.already_cached()
        );
        if report.failed() > 0 {
            summary.push_str(&format!(", {} failed", report.failed()));
        }
        if report.cancelled() > 0 {
            summary.push_str(&format!(
                ", {} cancelled (fetch again to resume)",
                report.cancelled()
            ));
        }
        eprintln!("{summary}");
    }
    Ok(if report.complete() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Progress on standard error: bars on a terminal, plain lines otherwise;
/// nothing with `--json`. Each paper's result goes to standard output.
struct Display {
    bars: Option<Bars>,
    quiet: bool,
    /// The library folder, which record paths are relative to.
    dir: PathBuf,
}

struct Bars {
    multi: MultiProgress,
    overall: ProgressBar,
    /// The bar of each paper in flight, by its place in the queue.
    papers: Mutex<HashMap<usize, ProgressBar>>,
}

impl Display {
    fn new(json: bool, total: usize, dir: &Path) -> Display {
        let bars = (!json && std::io::stderr().is_terminal()).then(|| {
            let multi = MultiProgress::new();
            let overall = multi.add(ProgressBar::new(total as u64));
            overall.set_style(
                ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} papers {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            overall.set_prefix("fetching");
            Bars {
                multi,
                overall,
                papers: Mutex::new(HashMap::new()),
            }
        });
        Display {
            bars,
            quiet: json,
            dir: dir.to_owned(),
        }
    }

    fn show(&self, p: &Progress) {
        if self.quiet {
            return;
        }
        let name = name(&p.item);
        let place = format!("[{}/{}]", p.index + 1, p.total);
        match (&self.bars, &p.state) {
            (Some(b), PaperState::Started) => {
                let bar = b.multi.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template(
                        "{prefix:>8} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar.set_prefix(place);
                bar.set_message(name);
                bar.enable_steady_tick(Duration::from_millis(200));
                lock(&b.papers).insert(p.index, bar);
            }
            (Some(b), PaperState::Transfer(t)) => {
                if let Some(bar) = lock(&b.papers).get(&p.index) {
                    if let Some(total) = t.total {
                        bar.set_length(total);
                    }
                    bar.set_position(t.received);
                }
            }
            (Some(b), PaperState::Finished(outcome)) => {
                if let Some(bar) = lock(&b.papers).remove(&p.index) {
                    bar.finish_and_clear();
                    b.multi.remove(&bar);
                }
                b.overall.set_position(p.done as u64);
                let _ = b.multi.println(self.result_line(&place, &name, outcome));
            }
            (None, PaperState::Started) => eprintln!("{place} {name}: fetching"),
            (None, PaperState::Transfer(_)) => {}
            (None, PaperState::Finished(outcome)) => {
                let _ = emit(&format!("{}\n", self.result_line(&place, &name, outcome)));
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bars {
            b.overall.finish_and_clear();
        }
    }

    fn result_line(&self, place: &str, name: &str, outcome: &Outcome) -> String {
        match outcome {
            Outcome::Downloaded(r) => format!(
                "{place} {name}: downloaded ({}) to {}",
                human_size(r.size),
                self.dir.join(&r.path).display()
            ),
            Outcome::AlreadyCached(_) => format!("{place} {name}: already downloaded"),
            Outcome::Failed(e) => format!("{place} {name}: failed: {e}"),
            Outcome::Cancelled => format!("{place} {name}: cancelled"),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn name(item: &Item) -> String {
    item.arxiv_id
        .as_ref()
        .map_or_else(|| format!("#{}", item.request.paper), |a| a.to_string())
}

pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The cached PDF's path, or an error saying how to get it.
fn cached(lib: &Library, id: &str) -> Result<PathBuf> {
    let paper = lib.resolve(id)?;
    cache::cached_pdf(lib, paper).map_err(|e| match e {
        PdfError::NotCached { .. } | PdfError::Missing { .. } => {
            anyhow::anyhow!("{e} (papershelf fetch {id})")
        }
        e => e.into(),
    })
}

pub fn pdf(lib: &Library, id: &str, json: bool) -> Result<()> {
    let path = cached(lib, id)?;
    if json {
        print_json(&serde_json::json!({ "id": lib.resolve(id)?.0, "path": path }))
    } else {
        emit(&format!("{}\n", path.display()))
    }
}

pub fn open(lib: &Library, id: &str) -> Result<()> {
    let path = cached(lib, id)?;
    open::that(&path)
        .with_context(|| format!("opening {} in the system's PDF viewer", path.display()))
}

pub fn cache_summary(lib: &Library, json: bool) -> Result<()> {
    let summary = cache::summary(lib)?;
    let dir = cache::cache_dir(lib.dir());
    if json {
        return print_json(&json::cache_summary(&summary, &dir));
    }
    let mut text = format!(
        "{} PDF(s), {} in {}\n",
        summary.count,
        human_size(summary.bytes),
        dir.display()
    );
    if summary.partial_count > 0 {
        text.push_str(&format!(
            "{} interrupted download(s), {} (fetch again to resume)\n",
            summary.partial_count,
            human_size(summary.partial_bytes)
        ));
    }
    emit(&text)
}

pub fn cache_rm(
    lib: &mut Library,
    ids: &[String],
    digest: Option<NaiveDate>,
    json: bool,
) -> Result<()> {
    let removed = match digest {
        Some(date) => cache::remove_digest(lib, date)?,
        None => {
            let papers: Vec<PaperId> = ids
                .iter()
                .map(|i| lib.resolve(i))
                .collect::<Result<_, _>>()?;
            let mut removed = Vec::new();
            for p in papers {
                removed.extend(cache::remove(lib, p)?);
            }
            removed
        }
    };
    if json {
        print_json(&serde_json::json!({
            "removed": removed.iter().map(|r| r.paper.0).collect::<Vec<_>>(),
            "bytes": removed.iter().map(|r| r.size).sum::<u64>(),
        }))
    } else {
        emit(&format!(
            "removed {} PDF(s), {}\n",
            removed.len(),
            human_size(removed.iter().map(|r| r.size).sum())
        ))
    }
}

/// Runs `work` on a runtime of its own, with a token that Ctrl-C cancels.
pub fn until_ctrl_c<T, F>(
    what: &'static str,
    work: impl FnOnce(CancellationToken) -> F,
) -> Result<T>
where
    F: std::future::Future<Output = T>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context(what)?;
    let cancel = CancellationToken::new();
    Ok(runtime.block_on(async {
        let on_ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_ctrl_c.cancel();
            }
        });
        work(cancel).await
    }))
}

/// A token that Ctrl-C cancels, for work that runs on this thread (a
/// thread of its own waits for the signal until the process ends). The work
/// looks at it between steps; a second Ctrl-C ends the process at once (a
/// step that does not end must not make it unstoppable).
pub fn cancelled_by_ctrl_c() -> std::io::Result<CancellationToken> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let cancel = CancellationToken::new();
    let on_ctrl_c = cancel.clone();
    std::thread::spawn(move || {
        runtime.block_on(async {
            while tokio::signal::ctrl_c().await.is_ok() {
                if on_ctrl_c.is_cancelled() {
                    std::process::exit(130);
                }
                on_ctrl_c.cancel();
                eprintln!("papershelf: stopping after this page (Ctrl-C again to quit now)");
            }
        })
    });
    Ok(cancel)
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(600), "600 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(50 * 1024 * 1024), "50.0 MB");
    }
}
