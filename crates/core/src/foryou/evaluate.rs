//! How well For you ranks, measured on a library itself: a model trained on
//! the reader's signals for the papers listed up to a date ranks each later
//! day's papers, and the papers the reader went on to mark (star, note, tag,
//! PDF) are the ones that should come first. Compared with the best
//! possible order, the list's own order and keyword overlap with the
//! papers marked before the date.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Features, ForYouState, Labels, Model};
use crate::search::index_text;
use crate::store::{Library, PaperId, Result};

/// Mean precision at 5 and nDCG at 10 over the days evaluated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    pub precision_at_5: f64,
    pub ndcg_at_10: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Days after the date with at least one paper the reader marked.
    pub days: usize,
    /// Days after the date with none (not counted: every order is as good).
    pub days_without_positives: usize,
    pub state: ForYouState,
    pub best: Scores,
    pub for_you: Scores,
    pub listed: Scores,
    pub keyword_overlap: Scores,
}

/// Trains on the signals of the papers first listed on or before `until`
/// and ranks every later day.
pub fn evaluate(lib: &Library, until: NaiveDate) -> Result<Evaluation> {
    let documents = lib.for_you_documents()?;
    let keywords: std::collections::HashMap<i64, Vec<String>> = documents
        .iter()
        .map(|d| (d.id.0, d.keywords.iter().map(|k| index_text(k)).collect()))
        .collect();
    let features = Features::build(documents);
    let labels = lib.for_you_labels()?;
    let days = lib.for_you_days()?;
    let before: HashSet<i64> = days
        .iter()
        .filter(|(d, _)| *d <= until)
        .flat_map(|(_, ids)| ids.iter().copied())
        .collect();
    let training = Labels {
        positives: labels
            .positives
            .iter()
            .copied()
            .filter(|id| before.contains(id))
            .collect(),
        negatives: labels
            .negatives
            .iter()
            .copied()
            .filter(|id| before.contains(id))
            .collect(),
    };
    // How many of the papers marked before the date have each keyword.
    let mut liked: std::collections::HashMap<&String, usize> = Default::default();
    for k in training
        .positives
        .iter()
        .flat_map(|id| keywords.get(id).into_iter().flatten())
    {
        *liked.entry(k).or_default() += 1;
    }
    let model = Model::from_parts(String::new(), std::sync::Arc::new(features), &training);
    let positive: HashSet<i64> = labels.positives.iter().copied().collect();
    let mut totals = [Scores::default(); 4];
    let (mut counted, mut without) = (0, 0);
    for (_, ids) in days.iter().filter(|(d, _)| *d > until) {
        let relevant =
            |ids: &[i64]| -> Vec<bool> { ids.iter().map(|id| positive.contains(id)).collect() };
        if !ids.iter().any(|id| positive.contains(id)) {
            without += 1;
            continue;
        }
        counted += 1;
        let by = |score: &dyn Fn(i64) -> f32| -> Vec<i64> {
            let mut ranked = ids.clone();
            // Stable: ties keep the listed order.
            ranked.sort_by(|a, b| score(*b).total_cmp(&score(*a)));
            ranked
        };
        let orders = [
            by(&|id| positive.contains(&id) as u8 as f32),
            by(&|id| model.score(PaperId(id))),
            ids.clone(),
            // Overlap: each keyword counts the marked papers that have it.
            by(&|id| {
                keywords.get(&id).map_or(0, |k| {
                    k.iter()
                        .map(|k| liked.get(k).copied().unwrap_or(0))
                        .sum::<usize>()
                }) as f32
            }),
        ];
        for (total, order) in totals.iter_mut().zip(&orders) {
            let s = scores(&relevant(order));
            total.precision_at_5 += s.precision_at_5;
            total.ndcg_at_10 += s.ndcg_at_10;
        }
    }
    let mean = |s: Scores| Scores {
        precision_at_5: s.precision_at_5 / counted.max(1) as f64,
        ndcg_at_10: s.ndcg_at_10 / counted.max(1) as f64,
    };
    Ok(Evaluation {
        days: counted,
        days_without_positives: without,
        state: model.state(),
        best: mean(totals[0]),
        for_you: mean(totals[1]),
        listed: mean(totals[2]),
        keyword_overlap: mean(totals[3]),
    })
}

/// A generated library and a reader who wants one topic: `days` digests of
/// `per_day` [`crate::synth::topical_digests`] papers from `start`; every
/// paper of topic `wanted` starred, and the papers of the first `read_days`
/// days marked read (the reader triaged them). Returns each day's papers
/// with their topics.
///
/// # Panics
///
/// When a generated digest does not import (a bug in `synth`).
pub fn one_topic_reader(
    lib: &mut Library,
    seed: u64,
    start: NaiveDate,
    days: usize,
    per_day: usize,
    wanted: usize,
    read_days: usize,
) -> Result<Vec<Vec<(PaperId, usize)>>> {
    let files = crate::synth::topical_digests(seed, start, days, per_day);
    let mut importer = crate::import::Importer::new();
    for (name, text, _) in &files {
        importer.add_bytes(lib, name, name, None, text.as_bytes(), Default::default());
    }
    let reports = importer.finish(lib);
    // Generated text always parses (synth's tests): a failure is a bug here.
    if let Some(failed) = reports.iter().find_map(|r| r.error.as_ref()) {
        panic!("a synthetic digest did not import: {failed}");
    }
    let mut out = Vec::with_capacity(files.len());
    for (d, (_, _, topics)) in files.iter().enumerate() {
        let day = start + chrono::Days::new(d as u64);
        let q = crate::PaperQuery::scope(crate::Scope::Digest(day));
        let ids = lib.papers(&q)?.ids();
        let papers: Vec<(PaperId, usize)> = ids.into_iter().zip(topics.iter().copied()).collect();
        for &(id, topic) in &papers {
            if topic == wanted {
                lib.set_starred(id, true)?;
            }
        }
        if d < read_days {
            let all: Vec<PaperId> = papers.iter().map(|p| p.0).collect();
            lib.set_read(&all, true)?;
        }
        out.push(papers);
    }
    Ok(out)
}

/// Precision at 5 and nDCG at 10 of one ranked list of relevances.
pub fn scores(relevant: &[bool]) -> Scores {
    let dcg = |r: &[bool]| -> f64 {
        r.iter()
            .take(10)
            .enumerate()
            .filter(|(_, &r)| r)
            .map(|(i, _)| 1.0 / (i as f64 + 2.0).log2())
            .sum()
    };
    let mut ideal = relevant.to_vec();
    ideal.sort_by(|a, b| b.cmp(a));
    let best = dcg(&ideal);
    Scores {
        precision_at_5: relevant.iter().take(5).filter(|&&r| r).count() as f64 / 5.0,
        ndcg_at_10: if best > 0.0 {
            dcg(relevant) / best
        } else {
            0.0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_and_ndcg_of_small_lists() {
        let s = scores(&[true, false, true, false, false, true]);
        assert!((s.precision_at_5 - 0.4).abs() < 1e-9);
        let dcg = 1.0 + 1.0 / 4f64.log2() + 1.0 / 7f64.log2();
        let ideal = 1.0 + 1.0 / 3f64.log2() + 1.0 / 4f64.log2();
        assert!((s.ndcg_at_10 - dcg / ideal).abs() < 1e-9);
        assert_eq!(scores(&[true, true, false]).ndcg_at_10, 1.0);
        assert_eq!(scores(&[false, false]).ndcg_at_10, 0.0);
    }
}
