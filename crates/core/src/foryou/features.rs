//! A paper as a feature vector: the tokens of its title, summaries and
//! abstract (the search index's tokenizer: English words, CJK bigrams), plus
//! its keywords, tags and authors whole, weighted tf-idf and L2-normalised.
//!
//! Pure: [`Document`]s in, [`Features`] out. The store gathers the documents
//! (`store/foryou.rs`).

use std::ops::ControlFlow;

use rustc_hash::FxHashMap;

use crate::search::{each_token, index_text};
use crate::store::PaperId;

/// At most this many terms per paper, the heaviest: the vectors of 100,000
/// papers stay a few tens of MB, and the weights lost are the smallest.
pub const MAX_TERMS: usize = 48;

/// What kind of feature a term is; "why" shows each as the reader knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    /// A token of the text (a word, a CJK bigram or last character).
    Word,
    /// A keyword a digest gave the paper, whole.
    Keyword,
    /// A tag of the reader's, whole.
    Tag,
    /// An author (arXiv's metadata), whole.
    Author,
}

impl TermKind {
    pub(crate) fn code(self) -> u8 {
        match self {
            TermKind::Word => 0,
            TermKind::Keyword => 1,
            TermKind::Tag => 2,
            TermKind::Author => 3,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<TermKind> {
        Some(match code {
            0 => TermKind::Word,
            1 => TermKind::Keyword,
            2 => TermKind::Tag,
            3 => TermKind::Author,
            _ => return None,
        })
    }
}

/// One feature: its kind and its text as first seen (a token as folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    pub text: String,
}

/// A paper's texts, as the store gathers them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub id: PaperId,
    pub title: String,
    /// Each entry's summary (distinct ones) and the abstract, if any.
    pub texts: Vec<String>,
    pub keywords: Vec<String>,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
}

/// Every paper's vector, rows in ascending id order (compressed sparse rows;
/// each row's terms ascending).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub terms: Vec<Term>,
    pub ids: Vec<PaperId>,
    /// Row `i` is `entries[starts[i]..starts[i + 1]]`.
    pub starts: Vec<u32>,
    pub entries: Vec<(u32, f32)>,
}

impl Features {
    /// The row of the paper at `index`.
    pub fn row(&self, index: usize) -> &[(u32, f32)] {
        &self.entries[self.starts[index] as usize..self.starts[index + 1] as usize]
    }

    /// Where `id`'s row is.
    pub fn index_of(&self, id: PaperId) -> Option<usize> {
        self.ids.binary_search_by_key(&id.0, |p| p.0).ok()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The vectors of `documents`: tf (1 + ln count) × idf (smoothed), terms
    /// in one paper only or (from 10 papers on) in more than half of them
    /// dropped (they tell nothing apart), the [`MAX_TERMS`] heaviest kept,
    /// L2-normalised.
    pub fn build(mut documents: Vec<Document>) -> Features {
        documents.sort_by_key(|d| d.id.0);
        documents.dedup_by_key(|d| d.id.0);
        let mut interner = Interner::default();
        let counts: Vec<Vec<(u32, f32)>> = documents.iter().map(|d| interner.count(d)).collect();
        let n = documents.len();
        let mut df = vec![0u32; interner.terms.len()];
        for row in &counts {
            for &(t, _) in row {
                df[t as usize] += 1;
            }
        }
        // Keep the useful terms, renumbered densely.
        let keep = |df: u32| df >= 2 && (n < 10 || (df as usize) * 2 <= n);
        let mut renumber = vec![u32::MAX; df.len()];
        let mut terms = Vec::new();
        let mut idf = Vec::new();
        for (t, (term, &d)) in interner.terms.into_iter().zip(&df).enumerate() {
            if keep(d) {
                renumber[t] = terms.len() as u32;
                terms.push(term);
                idf.push(((1.0 + n as f32) / (1.0 + d as f32)).ln() + 1.0);
            }
        }
        let mut features = Features {
            terms,
            ids: documents.iter().map(|d| d.id).collect(),
            starts: Vec::with_capacity(n + 1),
            entries: Vec::new(),
        };
        features.starts.push(0);
        let mut row = Vec::new();
        for counts in counts {
            row.clear();
            row.extend(counts.into_iter().filter_map(|(t, c)| {
                let t = renumber[t as usize];
                (t != u32::MAX).then(|| (t, (1.0 + c.ln()) * idf[t as usize]))
            }));
            if row.len() > MAX_TERMS {
                row.select_nth_unstable_by(MAX_TERMS - 1, |a, b| b.1.total_cmp(&a.1));
                row.truncate(MAX_TERMS);
            }
            row.sort_unstable_by_key(|e| e.0);
            let norm = row.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                features
                    .entries
                    .extend(row.iter().map(|&(t, w)| (t, w / norm)));
            }
            features.starts.push(features.entries.len() as u32);
        }
        features
    }
}

/// Terms by their folded key, and each document's counts.
#[derive(Default)]
struct Interner {
    /// Per kind (its code): a token costs one look-up, no allocation. Fx
    /// hashing: SipHash's resistance to chosen keys buys nothing here and
    /// cost a third of the build.
    keys: [FxHashMap<String, u32>; 4],
    terms: Vec<Term>,
    /// The current paper's count per term, and the terms it has so far:
    /// a token costs an index, not a map or a sort.
    counts: Vec<f32>,
    touched: Vec<u32>,
}

impl Interner {
    fn id(&mut self, kind: TermKind, key: &str, text: &str) -> u32 {
        let keys = &mut self.keys[kind.code() as usize];
        if let Some(&id) = keys.get(key) {
            return id;
        }
        let id = self.terms.len() as u32;
        keys.insert(key.to_owned(), id);
        self.counts.push(0.0);
        self.terms.push(Term {
            kind,
            text: text.trim().to_owned(),
        });
        id
    }

    /// A document's terms with how often each occurs; the title counts twice
    /// (it says what the paper is about, as search ranks it first).
    fn count(&mut self, d: &Document) -> Vec<(u32, f32)> {
        let words = |text: &str, times: f32, this: &mut Interner| {
            each_token(text, |token, _| {
                let id = this.id(TermKind::Word, token, token);
                this.add(id, times);
                ControlFlow::Continue(())
            });
        };
        words(&d.title, 2.0, self);
        for text in &d.texts {
            words(text, 1.0, self);
        }
        // Whole names are folded by the same tokenizer: `Diffusion Models`
        // and `diffusion models` are one keyword.
        for (kind, names) in [
            (TermKind::Keyword, &d.keywords),
            (TermKind::Tag, &d.tags),
            (TermKind::Author, &d.authors),
        ] {
            for name in names {
                let key = index_text(name);
                if !key.is_empty() {
                    let id = self.id(kind, &key, name);
                    self.add(id, 1.0);
                }
            }
        }
        let mut row: Vec<(u32, f32)> = self
            .touched
            .drain(..)
            .map(|id| (id, std::mem::take(&mut self.counts[id as usize])))
            .collect();
        row.sort_unstable_by_key(|e| e.0);
        row
    }

    fn add(&mut self, id: u32, times: f32) {
        let count = &mut self.counts[id as usize];
        if *count == 0.0 {
            self.touched.push(id);
        }
        *count += times;
    }
}

/// The dot product of two rows (both ascending by term).
pub fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: i64, title: &str, text: &str, keywords: &[&str]) -> Document {
        Document {
            id: PaperId(id),
            title: title.into(),
            texts: vec![text.into()],
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            tags: Vec::new(),
            authors: Vec::new(),
        }
    }

    fn term(f: &Features, t: u32) -> &Term {
        &f.terms[t as usize]
    }

    #[test]
    fn tokens_are_the_search_indexs_and_rows_are_unit_length() {
        let f = Features::build(vec![
            doc(3, "Video Diffusion", "视频扩散模型", &["扩散模型"]),
            doc(
                1,
                "video diffusion models",
                "扩散模型的视频生成",
                &["扩散模型 "],
            ),
            doc(2, "Quantization", "量化", &[]),
        ]);
        assert_eq!(f.ids, [PaperId(1), PaperId(2), PaperId(3)]);
        let texts: Vec<(TermKind, &str)> =
            f.terms.iter().map(|t| (t.kind, t.text.as_str())).collect();
        // Shared by two papers: the English words lowercased, the CJK
        // bigrams, the keyword whole (its spelling as first seen).
        for want in [
            (TermKind::Word, "video"),
            (TermKind::Word, "diffusion"),
            (TermKind::Word, "扩散"),
            (TermKind::Word, "模型"),
            (TermKind::Keyword, "扩散模型"),
        ] {
            assert!(texts.contains(&want), "{want:?} in {texts:?}");
        }
        // In one paper only: not a feature.
        assert!(!texts.iter().any(|t| t.1 == "量化" || t.1 == "quantization"));
        assert!(f.row(1).is_empty(), "the quantization paper shares nothing");
        for i in [0, 2] {
            let norm: f32 = f.row(i).iter().map(|e| e.1 * e.1).sum();
            assert!((norm - 1.0).abs() < 1e-5, "{norm}");
            assert!(f.row(i).windows(2).all(|w| w[0].0 < w[1].0));
        }
        assert!((dot(f.row(0), f.row(2)) - 1.0).abs() < 0.2);
    }

    #[test]
    fn rare_terms_weigh_more_than_common_ones() {
        let mut docs: Vec<Document> = (0..20)
            .map(|i| doc(i, "learning", &format!("model model {}", i % 10), &[]))
            .collect();
        docs.push(doc(20, "learning sparse", "model", &[]));
        docs.push(doc(21, "learning sparse", "model", &[]));
        let f = Features::build(docs);
        // "learning" and "model" are in every paper: dropped.
        assert!(f
            .terms
            .iter()
            .all(|t| t.text != "learning" && t.text != "model"));
        let row = f.row(f.index_of(PaperId(20)).unwrap());
        assert_eq!(row.len(), 1);
        assert_eq!(term(&f, row[0].0).text, "sparse");
    }

    #[test]
    fn a_long_text_keeps_its_heaviest_terms() {
        let words: Vec<String> = (0..200).map(|i| format!("w{i}")).collect();
        let text = words.join(" ");
        let f = Features::build(vec![
            doc(1, "", &text, &[]),
            doc(2, "", &text, &[]),
            doc(3, "other", "", &[]),
        ]);
        assert_eq!(f.row(0).len(), MAX_TERMS);
        let norm: f32 = f.row(0).iter().map(|e| e.1 * e.1).sum();
        assert!((norm - 1.0).abs() < 1e-5);
    }
}
