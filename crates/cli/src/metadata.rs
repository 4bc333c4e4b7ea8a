//! `metadata`, and the fetch `import` makes by itself: papers' metadata
//! from arXiv's API, over `papershelf_core::metadata`.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use papershelf_core::metadata::{self, Api, Automatic, Progress, Report};
use papershelf_core::net;
use papershelf_core::store::MetadataWanted;
use papershelf_core::{Library, PaperQuery, Scope};

use crate::{emit, json, print_json, resolve_all};

/// What `metadata` was asked for.
pub struct Selection {
    pub ids: Vec<String>,
    pub digest: Option<NaiveDate>,
    pub all: bool,
    pub missing: bool,
    /// `--refresh`: older than this many days.
    pub refresh: Option<u32>,
}

impl Selection {
    fn wanted(&self, lib: &Library) -> Result<MetadataWanted> {
        let within = if !self.ids.is_empty() {
            Some(resolve_all(lib, &self.ids)?)
        } else if let Some(date) = self.digest {
            Some(lib.papers(&PaperQuery::scope(Scope::Digest(date)))?.ids())
        } else {
            None
        };
        let older_than = self
            .refresh
            .map(|days| chrono::Utc::now() - chrono::Duration::days(i64::from(days)));
        // Named papers and --all are asked whatever they have (unless
        // --missing or --refresh narrows them); a digest or nothing at all
        // means the missing ones, or with --refresh the old ones.
        let named = !self.ids.is_empty();
        let missing = self.missing || (!named && !self.all && older_than.is_none());
        Ok(MetadataWanted {
            within,
            missing,
            older_than,
        })
    }
}

/// `papershelf metadata …`: exits 1 when a batch failed.
pub fn command(lib: &mut Library, selection: Selection, json: bool) -> Result<ExitCode> {
    let wanted = selection.wanted(lib)?;
    let papers = lib.papers_wanting_metadata(&wanted)?;
    let api = Api::from_env()?;
    let report = fetch(lib, &api, &papers, !json)?;
    if json {
        print_json(&json::metadata_report(&report))?;
    } else {
        emit(&summary(&report))?;
    }
    Ok(if report.failed.is_empty() && !report.cancelled {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// After an import, when `metadata.auto` is on: core's automatic fetch
/// (`metadata::auto`), with a progress bar on a terminal. Never fails the
/// import: a problem is a warning, and the papers are asked again next time.
pub fn after_import(lib: &mut Library, json: bool) -> Option<Report> {
    let attempt = || -> Result<Automatic> {
        let api = Api::from_env()?;
        let client = net::Client::new(api.net.clone())?;
        let bar = progress_bar(!json);
        let shown = bar.as_ref();
        let done =
            crate::fetch::until_ctrl_c("starting the metadata fetch", |cancel| async move {
                metadata::auto::after_import(lib, &client, &api, &cancel, &|p: Progress| {
                    show(shown, p)
                })
                .await
            })??;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        Ok(done)
    };
    match attempt() {
        Ok(done) => {
            if let Some(problem) = done.problem() {
                eprintln!(
                    "papershelf: warning: arXiv metadata not fetched ({problem}); `papershelf metadata` tries again"
                );
            }
            done.report().cloned()
        }
        Err(e) => {
            eprintln!("papershelf: warning: arXiv metadata not fetched: {e:#}");
            None
        }
    }
}

/// Asks the API, with a progress bar on a terminal.
fn fetch(
    lib: &mut Library,
    api: &Api,
    papers: &[(papershelf_core::PaperId, papershelf_core::arxiv::ArxivId)],
    show_progress: bool,
) -> Result<Report> {
    if papers.is_empty() {
        return Ok(Report::default());
    }
    let client = net::Client::new(api.net.clone())?;
    let bar = progress_bar(show_progress);
    let shown = bar.as_ref();
    let report = crate::fetch::until_ctrl_c("starting the metadata fetch", |cancel| async move {
        metadata::update(lib, &client, api, papers, &cancel, &|p: Progress| {
            show(shown, p)
        })
        .await
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(report)
}

/// A progress bar, on a terminal only.
fn progress_bar(wanted: bool) -> Option<ProgressBar> {
    (wanted && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("arXiv metadata {bar:30} {pos}/{len} papers {msg}")
                .expect("a valid template"),
        );
        bar
    })
}

fn show(bar: Option<&ProgressBar>, p: Progress) {
    if let Some(bar) = bar {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
    }
}

fn summary(r: &Report) -> String {
    let mut text = format!(
        "{} paper(s) asked: {} updated, {} not found on arXiv, {} failed\n",
        r.requested,
        r.updated,
        r.not_found.len(),
        r.failed.iter().map(|f| f.ids.len()).sum::<usize>()
    );
    for id in &r.not_found {
        text.push_str(&format!("not found: {id}\n"));
    }
    for f in &r.failed {
        text.push_str(&format!("failed ({} paper(s)): {}\n", f.ids.len(), f.error));
    }
    if r.cancelled {
        text.push_str("cancelled: the rest was not asked\n");
    }
    text
}
