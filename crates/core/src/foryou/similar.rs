//! The papers nearest a paper: cosine similarity over the same features
//! (rows are unit vectors, so a dot product), every paper compared.

use super::{Model, Reason};
use crate::store::PaperId;

/// A paper like another, with how alike and the terms they share most.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    pub id: PaperId,
    /// Cosine similarity, 0 to 1.
    pub score: f32,
    pub why: Vec<Reason>,
}

impl Model {
    /// The `limit` papers most like `id`, most alike first (ties: the lower
    /// id first), only papers sharing some feature with it; `None` when the
    /// model does not know the paper.
    ///
    /// One pass over every row against the paper's terms laid out densely:
    /// 100,000 papers of up to 48 terms are 4.8 million look-ups.
    pub fn similar(&self, id: PaperId, limit: usize) -> Option<Vec<Similar>> {
        let f = &self.features;
        let me = f.index_of(id)?;
        let query = f.row(me);
        let mut dense = vec![0f32; f.terms.len()];
        for &(t, w) in query {
            dense[t as usize] = w;
        }
        let mut hits: Vec<(f32, usize)> = (0..f.len())
            .filter(|&i| i != me)
            .filter_map(|i| {
                let s: f32 = f.row(i).iter().map(|&(t, w)| dense[t as usize] * w).sum();
                (s > 0.0).then_some((s, i))
            })
            .collect();
        let order = |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, order);
        }
        hits.truncate(limit);
        hits.sort_unstable_by(order);
        Some(
            hits.into_iter()
                .map(|(score, i)| Similar {
                    id: f.ids[i],
                    score,
                    why: self.reasons(f.row(i).iter().map(|&(t, w)| (t, dense[t as usize] * w))),
                })
                .collect(),
        )
    }
}
