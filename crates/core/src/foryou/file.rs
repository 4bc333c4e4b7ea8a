//! The model's file in the library folder: derived data, so no migration,
//! no backup and nothing lost when it is deleted or damaged (it is made
//! again). Little-endian, checked whole when read; written beside and
//! renamed into place, so a reader sees the old file or the new one.

use std::io::{Read, Write};
use std::path::Path;

use super::{Features, Linear, Model, Term, TermKind};
use crate::store::{PaperId, Result, StoreError};

/// The model's file name inside the library folder.
pub const MODEL_FILE: &str = "foryou.model";
const MAGIC: &[u8] = b"papershelf-foryou 1\n";

/// The signature of the saved model, reading only the file's start.
pub fn saved_signature(dir: &Path) -> Option<String> {
    let mut file = std::fs::File::open(dir.join(MODEL_FILE)).ok()?;
    let mut head = vec![0; MAGIC.len() + 4];
    file.read_exact(&mut head).ok()?;
    let mut r = Reader(&head);
    r.magic()?;
    let len = r.u32()? as usize;
    let mut signature = vec![0; len.min(1 << 20)];
    file.read_exact(&mut signature).ok()?;
    String::from_utf8(signature).ok()
}

/// The saved model if its features were made from the library as
/// `signature` says ([`super::features_part`]; its signals may be older):
/// `None` if missing, damaged, or its features stale.
pub fn load(dir: &Path, signature: &str) -> Option<Model> {
    let saved = saved_signature(dir)?;
    if super::features_part(&saved) != super::features_part(signature) {
        return None;
    }
    let bytes = std::fs::read(dir.join(MODEL_FILE)).ok()?;
    decode(&bytes)
}

/// Writes the model (beside, then renamed over the old one).
pub fn save(dir: &Path, model: &Model) -> Result<()> {
    let path = dir.join(MODEL_FILE);
    let part = dir.join(format!(".{MODEL_FILE}.{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&part)?;
        file.write_all(&encode(model))?;
        file.sync_all()?;
        std::fs::rename(&part, &path)
    };
    write().map_err(|error| {
        let _ = std::fs::remove_file(&part);
        StoreError::ModelFile { path, error }
    })
}

fn encode(m: &Model) -> Vec<u8> {
    let f = &m.features;
    let mut out = Vec::with_capacity(64 + f.entries.len() * 8 + f.ids.len() * 16);
    out.extend_from_slice(MAGIC);
    let bytes = |out: &mut Vec<u8>, b: &[u8]| {
        out.extend_from_slice(&(b.len() as u32).to_le_bytes());
        out.extend_from_slice(b);
    };
    bytes(&mut out, m.signature.as_bytes());
    for n in [m.positives, m.negatives, f.terms.len(), f.ids.len()] {
        out.extend_from_slice(&(n as u32).to_le_bytes());
    }
    for t in &f.terms {
        out.push(t.kind.code());
        bytes(&mut out, t.text.as_bytes());
    }
    for id in &f.ids {
        out.extend_from_slice(&id.0.to_le_bytes());
    }
    for s in &f.starts {
        out.extend_from_slice(&s.to_le_bytes());
    }
    for &(t, w) in &f.entries {
        out.extend_from_slice(&t.to_le_bytes());
        out.extend_from_slice(&w.to_le_bytes());
    }
    match &m.classifier {
        None => out.push(0),
        Some(c) => {
            out.push(1);
            out.extend_from_slice(&c.bias.to_le_bytes());
            for w in c.weights.iter().chain(&m.scores) {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }
    out
}

fn decode(bytes: &[u8]) -> Option<Model> {
    let mut r = Reader(bytes);
    r.magic()?;
    let signature = String::from_utf8(r.bytes()?.to_vec()).ok()?;
    let positives = r.u32()? as usize;
    let negatives = r.u32()? as usize;
    let (n_terms, n_rows) = (r.u32()? as usize, r.u32()? as usize);
    let mut terms = Vec::with_capacity(n_terms.min(bytes.len()));
    for _ in 0..n_terms {
        let kind = TermKind::from_code(r.take(1)?[0])?;
        let text = String::from_utf8(r.bytes()?.to_vec()).ok()?;
        terms.push(Term { kind, text });
    }
    let ids = r
        .take(n_rows.checked_mul(8)?)?
        .chunks_exact(8)
        .map(|c| PaperId(i64::from_le_bytes(c.try_into().unwrap())))
        .collect::<Vec<_>>();
    let starts = r.u32s(n_rows + 1)?;
    let n_entries = *starts.last()? as usize;
    let ok = starts[0] == 0
        && starts.windows(2).all(|w| w[0] <= w[1])
        && ids.windows(2).all(|w| w[0].0 < w[1].0);
    if !ok {
        return None;
    }
    let entries: Vec<(u32, f32)> = r
        .take(n_entries.checked_mul(8)?)?
        .chunks_exact(8)
        .map(|c| {
            let t = u32::from_le_bytes(c[..4].try_into().unwrap());
            (t, f32::from_le_bytes(c[4..].try_into().unwrap()))
        })
        .collect();
    if entries.iter().any(|e| e.0 as usize >= n_terms) {
        return None;
    }
    let (classifier, scores) = match r.take(1)?[0] {
        0 => (None, Vec::new()),
        1 => {
            let bias = f32::from_bits(r.u32()?);
            let weights = r.f32s(n_terms)?;
            let scores = r.f32s(n_rows)?;
            (Some(Linear { weights, bias }), scores)
        }
        _ => return None,
    };
    if !r.0.is_empty() {
        return None;
    }
    Some(Model {
        signature,
        features: std::sync::Arc::new(Features {
            terms,
            ids,
            starts,
            entries,
        }),
        classifier,
        scores,
        positives,
        negatives,
    })
}

/// Bytes read from the front; every read checked against what is left.
struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn magic(&mut self) -> Option<()> {
        (self.take(MAGIC.len())? == MAGIC).then_some(())
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'b [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn u32s(&mut self, n: usize) -> Option<Vec<u32>> {
        Some(
            self.take(n.checked_mul(4)?)?
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
                .collect(),
        )
    }

    fn f32s(&mut self, n: usize) -> Option<Vec<f32>> {
        Some(self.u32s(n)?.into_iter().map(f32::from_bits).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foryou::{Document, Labels};

    fn model(star: usize) -> Model {
        let docs = (0..12)
            .map(|i| Document {
                id: PaperId(i + 1),
                title: format!(
                    "paper {}",
                    ["video diffusion", "quantization"][i as usize % 2]
                ),
                texts: vec![["扩散模型视频", "量化权重"][i as usize % 2].into()],
                keywords: vec![],
                tags: vec![],
                authors: vec!["José López".into()],
            })
            .collect();
        let labels = Labels {
            positives: (1..=star as i64 * 2).step_by(2).collect(),
            negatives: vec![2, 4, 6],
        };
        Model::from_parts(
            "f|s".into(),
            std::sync::Arc::new(Features::build(docs)),
            &labels,
        )
    }

    #[test]
    fn a_model_reads_back_as_written_and_a_damaged_file_is_no_model() {
        let dir = tempfile::tempdir().unwrap();
        for m in [model(5), model(1)] {
            save(dir.path(), &m).unwrap();
            assert_eq!(saved_signature(dir.path()).as_deref(), Some("f|s"));
            assert_eq!(load(dir.path(), "f|s").as_ref(), Some(&m));
            assert_eq!(load(dir.path(), "f|t").as_ref(), Some(&m), "signals only");
            assert_eq!(load(dir.path(), "g|s"), None, "stale features");
        }
        let bytes = encode(&model(5));
        for cut in [0, 10, MAGIC.len() + 3, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        std::fs::write(dir.path().join(MODEL_FILE), b"garbage").unwrap();
        assert_eq!(saved_signature(dir.path()), None);
        assert_eq!(load(dir.path(), "f|s"), None);
    }
}
