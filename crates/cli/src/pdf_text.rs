//! `reindex --pdfs`: the text of the cached PDFs not read yet, through
//! core's `pdf::text::read_all_cached`, with progress (a bar on a terminal,
//! else a line per PDF on standard error) and a report.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use papershelf_core::pdf::text::{read_all_cached, TextOutcome, TextProgress, TextReport};
use papershelf_core::{Library, PaperId};
use serde_json::json;

use crate::{emit, print_json};

pub fn reindex(mut lib: Library, json: bool) -> Result<ExitCode> {
    // Each PDF's name as the report shows it: its arXiv id.
    let names: std::collections::HashMap<PaperId, String> = lib
        .pdfs_without_text()?
        .iter()
        .map(|r| Ok((r.paper, name(&lib, r.paper)?)))
        .collect::<Result<_>>()?;
    let bar = (!json && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(names.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("PDF text {bar:30} {pos}/{len} PDFs {msg}")
                .expect("a valid template"),
        );
        bar
    });
    let name_of = |p: PaperId| names.get(&p).cloned().unwrap_or_else(|| p.to_string());
    let show = |p: &TextProgress| {
        let line = format!(
            "[{}/{}] {}: {}",
            p.done,
            p.total,
            name_of(p.paper),
            outcome(p)
        );
        match &bar {
            Some(bar) => {
                bar.set_position(p.done as u64);
                bar.println(line);
            }
            None if !json => eprintln!("{line}"),
            None => {}
        }
    };
    let cancel = crate::fetch::cancelled_by_ctrl_c().context("starting the PDF reader")?;
    let report = read_all_cached(&mut lib, &cancel, &show);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = report?;
    if json {
        print_json(&report_json(&report, &name_of))?;
    } else {
        emit(&summary(&report))?;
    }
    Ok(if report.failed.is_empty() && !report.cancelled {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn name(lib: &Library, paper: PaperId) -> Result<String> {
    let row = lib.paper(paper)?.row;
    Ok(row
        .arxiv
        .map_or_else(|| paper.to_string(), |a| a.id.to_string()))
}

fn outcome(p: &TextProgress) -> String {
    match &p.result {
        Ok(TextOutcome::Read {
            status,
            pages,
            millis,
        }) => match status.name() {
            "text" => format!("{pages} page(s) read in {:.1} s", *millis as f64 / 1000.0),
            other => format!("no text ({other}); it is not tried again"),
        },
        Ok(TextOutcome::Changed) => "replaced meanwhile; read at the next pass".to_owned(),
        Err(e) => format!("failed: {e}"),
    }
}

fn summary(r: &TextReport) -> String {
    let mut text = format!(
        "Read the text of {} PDF(s): {} page(s) in {:.1} s; {} without text, {} failed.\n",
        r.with_text,
        r.pages,
        r.millis as f64 / 1000.0,
        r.unreadable.len(),
        r.failed.len()
    );
    if r.cancelled {
        text.push_str(
            "Stopped before the end; `papershelf reindex --pdfs` goes on where it stopped.\n",
        );
    }
    if !r.failed.is_empty() {
        text.push_str("`papershelf check` tells what is wrong with the files that failed.\n");
    }
    text
}

fn report_json(r: &TextReport, name_of: &dyn Fn(PaperId) -> String) -> serde_json::Value {
    json!({
        "with_text": r.with_text,
        "pages": r.pages,
        "millis": r.millis,
        "cancelled": r.cancelled,
        "unreadable": r.unreadable.iter().map(|(p, status, detail)| json!({
            "id": p.0, "arxiv": name_of(*p), "status": status.name(), "detail": detail,
        })).collect::<Vec<_>>(),
        "failed": r.failed.iter().map(|(p, error)| json!({
            "id": p.0, "arxiv": name_of(*p), "error": error,
        })).collect::<Vec<_>>(),
    })
}
