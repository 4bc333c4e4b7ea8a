//! "For you": each paper ranked by what this reader stars, annotates, tags
//! and downloads, offline, and the papers most like a paper (issue 18).
//!
//! ```text
//! Library::for_you_documents ──Features::build──▶ tf-idf rows (features.rs)
//! Library::for_you_labels ──▶ positives / negatives ──Linear::train──▶ weights (classifier.rs)
//! Model {signature, features, classifier, scores} ──save──▶ <library>/foryou.model (file.rs)
//! PaperQuery {order: ForYou} ──Library::papers──▶ the list's papers by score, each with its "why"
//! Library::similar(id, limit) ──▶ the nearest papers by cosine (similar.rs)
//! ```
//!
//! The model is derived data: it is made again from the library whenever
//! the library's signature ([`crate::Library::for_you_signature`]) differs
//! from the one it was made from, and deleting its file loses nothing.

mod classifier;
mod evaluate;
mod features;
mod file;
mod similar;

use std::sync::Arc;

use serde::Serialize;

pub use classifier::{Example, Linear, LAMBDA};
pub use evaluate::{evaluate, one_topic_reader, scores, Evaluation, Scores};
pub use features::{dot, Document, Features, Term, TermKind, MAX_TERMS};
pub use file::{load, save, saved_signature, MODEL_FILE};
pub use similar::Similar;

use crate::store::{Library, PaperId, Result};

/// The part of a library's signature the features are made from (papers,
/// their entries and metadata): while it holds, a model's features are
/// current and only its classifier is trained again.
pub fn features_part(signature: &str) -> &str {
    signature.split_once('|').map_or(signature, |(f, _)| f)
}

/// Below this many positives, For you keeps the list's own order and says why.
pub const MIN_POSITIVES: usize = 5;
/// At most this many reasons per paper.
pub const WHY_TERMS: usize = 3;
/// At most this many of each class train the classifier, the newest papers'
/// (a reader's interests drift): training costs the same in any library.
pub const MAX_PER_CLASS: usize = 2000;
/// When the reader has marked fewer papers read (with no signal) than they
/// have positives, papers they have not looked at stand in as negatives, at
/// this weight each, up to 4 per positive: as arxiv-sanity treats every
/// paper not tagged, but as weaker evidence than a paper read and left.
const DEFAULT_NEGATIVE_WEIGHT: f32 = 0.5;

/// The reader's signals, as paper ids (ascending).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    /// Starred, a note with text, tagged or a PDF downloaded. (Highlights
    /// in PDFs do not exist yet; when they do, they are one more.)
    pub positives: Vec<i64>,
    /// Marked read with none of those.
    pub negatives: Vec<i64>,
}

/// One reason a paper ranks where it does: a feature it has that weighs
/// for it (or, for a similar paper, that it shares).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub kind: TermKind,
    pub text: String,
}

/// A paper's place in a For you list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    /// The model's probability that the reader wants it, 0 to 1.
    pub score: f32,
    /// The 2–3 features that counted most, most first.
    pub why: Vec<Reason>,
}

/// Whether a For you list is ranked, and if not why not: what the list
/// (the CLI, the app) says above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ForYouState {
    /// Ranked by a model trained on this many positives and negatives.
    Ranked { positives: usize, negatives: usize },
    /// Too few positives to train: the list keeps its own order.
    TooFewPositives { positives: usize, needed: usize },
}

impl ForYouState {
    /// What the reader is told; `None` when the list is ranked.
    pub fn message(&self) -> Option<String> {
        match self {
            ForYouState::Ranked { .. } => None,
            ForYouState::TooFewPositives { positives, needed } => Some(format!(
                "star a few papers to train For you ({positives} of the {needed} needed: \
                 stars, notes, tags and downloaded PDFs count); listed in the list's own order"
            )),
        }
    }
}

/// Features, a classifier (when the reader gave enough signals) and every
/// paper's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The library's signature when this was made: [`features_part`] and
    /// the signals' part.
    pub signature: String,
    /// Shared by the models trained on them: a new star retrains the
    /// classifier over the same features.
    pub features: Arc<Features>,
    /// `None`: fewer than [`MIN_POSITIVES`] positives.
    pub classifier: Option<Linear>,
    /// Per row of `features`: the probability (empty without a classifier).
    pub scores: Vec<f32>,
    pub positives: usize,
    pub negatives: usize,
}

impl Model {
    /// Features of every paper, and a classifier trained on the signals.
    pub(crate) fn train(lib: &Library, signature: String) -> Result<Model> {
        let features = Arc::new(Features::build(lib.for_you_documents()?));
        let labels = lib.for_you_labels()?;
        Ok(Model::from_parts(signature, features, &labels))
    }

    /// A classifier trained on the signals as they are now, over this
    /// model's features (their part of `signature` is this model's).
    pub(crate) fn retrain(&self, lib: &Library, signature: String) -> Result<Model> {
        let labels = lib.for_you_labels()?;
        Ok(Model::from_parts(signature, self.features.clone(), &labels))
    }

    /// The model for `features` and `labels` (pure; the evaluation trains
    /// on a past day's labels with it).
    pub fn from_parts(signature: String, features: Arc<Features>, labels: &Labels) -> Model {
        let rows = |ids: &[i64]| -> Vec<usize> {
            ids.iter()
                .filter_map(|&id| features.index_of(PaperId(id)))
                .collect()
        };
        let (positives, negatives) = (rows(&labels.positives), rows(&labels.negatives));
        let newest = |rows: &[usize]| rows[rows.len().saturating_sub(MAX_PER_CLASS)..].to_vec();
        let mut model = Model {
            signature,
            classifier: None,
            scores: Vec::new(),
            positives: positives.len(),
            negatives: negatives.len(),
            features,
        };
        if positives.len() < MIN_POSITIVES {
            return model;
        }
        let f = &model.features;
        let (positives, negatives) = (newest(&positives), newest(&negatives));
        let mut examples: Vec<Example> = positives
            .iter()
            .map(|&i| (i, true, 1.0))
            .chain(negatives.iter().map(|&i| (i, false, 1.0)))
            .chain(
                default_negatives(f.len(), &positives, &negatives)
                    .into_iter()
                    .map(|i| (i, false, DEFAULT_NEGATIVE_WEIGHT)),
            )
            .map(|(i, positive, weight)| Example {
                row: f.row(i),
                positive,
                weight,
            })
            .collect();
        examples.retain(|e| !e.row.is_empty() || e.positive);
        let linear = Linear::train(f.terms.len(), &examples, LAMBDA);
        model.scores = (0..f.len()).map(|i| linear.probability(f.row(i))).collect();
        model.classifier = Some(linear);
        model
    }

    pub fn state(&self) -> ForYouState {
        match self.classifier {
            Some(_) => ForYouState::Ranked {
                positives: self.positives,
                negatives: self.negatives,
            },
            None => ForYouState::TooFewPositives {
                positives: self.positives,
                needed: MIN_POSITIVES,
            },
        }
    }

    /// A paper's score and reasons; `None` without a classifier or for a
    /// paper the model does not know.
    pub fn ranked(&self, id: PaperId) -> Option<Ranked> {
        let linear = self.classifier.as_ref()?;
        let i = self.features.index_of(id)?;
        let row = self.features.row(i);
        let why = self.reasons(
            row.iter()
                .map(|&(t, x)| (t, linear.weights[t as usize] * x)),
        );
        Some(Ranked {
            score: self.scores[i],
            why,
        })
    }

    /// The score of the paper, for sorting: unknown papers last.
    pub fn score(&self, id: PaperId) -> f32 {
        match self.features.index_of(id) {
            Some(i) if !self.scores.is_empty() => self.scores[i],
            _ => f32::NEG_INFINITY,
        }
    }

    /// The [`WHY_TERMS`] terms that contributed most (positive only), as a
    /// reader can read them: CJK bigrams among the strongest that chain
    /// (`强化` `化学` `学习`) shown as the phrase they spell (`强化学习`, not
    /// `化学`), a term left out when a chosen one already holds it (`扩散`
    /// beside the keyword `扩散模型`), and no lone character or short
    /// English function word.
    pub(crate) fn reasons(&self, contributions: impl Iterator<Item = (u32, f32)>) -> Vec<Reason> {
        let mut c: Vec<(u32, f32)> = contributions.filter(|c| c.1 > 0.0).collect();
        c.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let strongest: Vec<&Term> = c
            .iter()
            .take(4 * WHY_TERMS)
            .map(|&(t, _)| &self.features.terms[t as usize])
            .filter(|t| worth_showing(t))
            .collect();
        let bigrams: Vec<Vec<char>> = strongest
            .iter()
            .filter(|t| t.kind == TermKind::Word)
            .map(|t| t.text.chars().collect::<Vec<char>>())
            .filter(|c| c.len() == 2 && c.iter().all(|&c| crate::search::is_cjk(c)))
            .collect();
        let mut why: Vec<Reason> = Vec::new();
        let mut held: Vec<Vec<String>> = Vec::new();
        for term in strongest {
            let text = match term.kind {
                TermKind::Word => chain(&term.text, &bigrams),
                _ => term.text.clone(),
            };
            let tokens: Vec<String> = crate::search::tokens(&text)
                .into_iter()
                .map(|t| t.text)
                .collect();
            if held.iter().any(|h| h.iter().any(|t| tokens.contains(t))) {
                continue;
            }
            held.push(tokens);
            why.push(Reason {
                kind: term.kind,
                text,
            });
            if why.len() == WHY_TERMS {
                break;
            }
        }
        why
    }
}

/// Whether a term says something to a reader: not one character, not an
/// English function word (they can weigh in a small library).
fn worth_showing(t: &Term) -> bool {
    const FUNCTION_WORDS: &[&str] = &[
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
        "on", "or", "our", "that", "the", "this", "to", "via", "we", "with",
    ];
    t.text.chars().count() > 1 && !FUNCTION_WORDS.contains(&t.text.as_str())
}

/// A CJK bigram grown, left and right, by the other bigrams that continue
/// it (each used once), up to [`PHRASE_CHARS`]: `化学` among `强化` and
/// `学习` is `强化学习`.
fn chain(bigram: &str, bigrams: &[Vec<char>]) -> String {
    let mut phrase: Vec<char> = bigram.chars().collect();
    let Some(me) = bigrams.iter().position(|b| *b == phrase) else {
        return bigram.to_owned();
    };
    let mut used = vec![false; bigrams.len()];
    used[me] = true;
    while phrase.len() < PHRASE_CHARS {
        let last = phrase[phrase.len() - 1];
        let first = phrase[0];
        if let Some(i) = (0..bigrams.len()).find(|&i| !used[i] && bigrams[i][0] == last) {
            used[i] = true;
            phrase.push(bigrams[i][1]);
        } else if let Some(i) = (0..bigrams.len()).find(|&i| !used[i] && bigrams[i][1] == first) {
            used[i] = true;
            phrase.insert(0, bigrams[i][0]);
        } else {
            break;
        }
    }
    phrase.into_iter().collect()
}

/// The longest phrase [`chain`] makes: most Chinese words and terms have
/// two to four characters, and a longer chain is a sentence's fragment.
const PHRASE_CHARS: usize = 4;

/// Papers not labelled, evenly spread over the library, to stand in as
/// negatives when the reader has marked fewer read than they have positives.
fn default_negatives(rows: usize, positives: &[usize], negatives: &[usize]) -> Vec<usize> {
    if negatives.len() >= positives.len() {
        return Vec::new();
    }
    let wanted = (4 * positives.len()).min(2000) - negatives.len();
    let labelled: std::collections::HashSet<usize> =
        positives.iter().chain(negatives).copied().collect();
    let unlabelled = rows.saturating_sub(labelled.len());
    if unlabelled == 0 {
        return Vec::new();
    }
    let every = unlabelled.div_ceil(wanted).max(1);
    (0..rows)
        .filter(|i| !labelled.contains(i))
        .step_by(every)
        .take(wanted)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_positives_is_the_fallback() {
        let docs = (1..=6)
            .map(|i| Document {
                id: PaperId(i),
                title: "video diffusion".into(),
                texts: vec![],
                keywords: vec![],
                tags: vec![],
                authors: vec![],
            })
            .collect();
        let labels = Labels {
            positives: vec![],
            negatives: vec![1, 2, 3],
        };
        let model = Model::from_parts("s".into(), Arc::new(Features::build(docs)), &labels);
        assert!(model.classifier.is_none() && model.scores.is_empty());
        assert_eq!(
            model.state(),
            ForYouState::TooFewPositives {
                positives: 0,
                needed: MIN_POSITIVES
            }
        );
        assert_eq!(model.ranked(PaperId(1)), None);
        assert_eq!(model.score(PaperId(1)), f32::NEG_INFINITY);
        assert!(model
            .state()
            .message()
            .unwrap()
            .starts_with("star a few papers"));
    }

    #[test]
    fn chained_bigrams_read_as_their_phrase() {
        let b = |s: &str| s.chars().collect::<Vec<char>>();
        let bigrams = [b("强化"), b("学习"), b("化学"), b("视频")];
        assert_eq!(chain("化学", &bigrams), "强化学习");
        assert_eq!(chain("视频", &bigrams), "视频");
        let long = [b("在文"), b("文本"), b("本到"), b("到视"), b("视频")];
        assert_eq!(chain("本到", &long).chars().count(), PHRASE_CHARS);
        assert_eq!(chain("video", &bigrams), "video");
    }

    #[test]
    fn reasons_skip_what_a_chosen_one_holds_and_function_words() {
        let term = |kind, text: &str| Term {
            kind,
            text: text.into(),
        };
        let model = Model {
            signature: String::new(),
            features: Arc::new(Features {
                terms: vec![
                    term(TermKind::Keyword, "扩散模型"),
                    term(TermKind::Word, "扩散"),
                    term(TermKind::Word, "with"),
                    term(TermKind::Word, "化学"),
                    term(TermKind::Word, "强化"),
                    term(TermKind::Word, "学习"),
                    term(TermKind::Author, "José López"),
                    term(TermKind::Word, "本"),
                ],
                ..Features::default()
            }),
            classifier: None,
            scores: Vec::new(),
            positives: 0,
            negatives: 0,
        };
        let c = [
            (0, 0.9),
            (1, 0.8),
            (2, 0.7),
            (3, 0.6),
            (7, 0.55),
            (4, 0.5),
            (5, 0.4),
            (6, 0.3),
        ];
        let why: Vec<String> = model
            .reasons(c.into_iter())
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(why, ["扩散模型", "强化学习", "José López"]);
        // Negative contributions are never reasons.
        assert!(model.reasons([(0, -1.0)].into_iter()).is_empty());
    }
}
