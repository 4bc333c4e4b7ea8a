//! The `.part` file a download streams into, beside its final name: locked
//! against other processes, hashed as it is written, and only renamed into
//! place after an fsync.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use sha2::{Digest as _, Sha256};
use tokio::sync::mpsc;

use super::PdfError;

pub(super) const PDF_MAGIC: &[u8] = b"%PDF-";

pub(super) struct Part {
    path: PathBuf,
    /// Open and exclusively locked for as long as the download runs.
    file: File,
    /// The sha256 of the bytes `0..len`.
    hasher: Sha256,
    len: u64,
}

/// What a writer thread did: the hash and length it carried on, and the
/// first error it met, if any.
pub(super) struct Written {
    hasher: Sha256,
    len: u64,
    result: io::Result<()>,
}

impl Part {
    /// Opens (creating) and locks the part file, keeping what it holds.
    /// `id` names the paper in the message when another process has it.
    pub(super) fn open(path: &Path, id: &str) -> Result<Part, PdfError> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(PdfError::io(path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(PdfError::Busy { id: id.to_owned() }),
            // A file system without locks: go on, as without a second process.
            Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(TryLockError::Error(e)) => return Err(PdfError::io(path)(e)),
        }
        let len = file.metadata().map_err(PdfError::io(path))?.len();
        Ok(Part {
            path: path.to_owned(),
            file,
            hasher: Sha256::new(),
            len,
        })
    }

    pub(super) fn len(&self) -> u64 {
        self.len
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the bytes already saved can be kept: they start like a PDF.
    /// Hashes them if so (reading the whole file), else empties the file.
    pub(super) fn keep_if_pdf(&mut self) -> Result<bool, PdfError> {
        let path = self.path.clone();
        let kept = self.hash_existing().map_err(PdfError::io(&path))?;
        if !kept {
            self.truncate()?;
        }
        Ok(kept)
    }

    fn hash_existing(&mut self) -> io::Result<bool> {
        self.file.seek(SeekFrom::Start(0))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0; 256 * 1024];
        let mut len = 0u64;
        loop {
            let n = self.file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            if len == 0 && !buf[..n].starts_with(PDF_MAGIC) {
                return Ok(false);
            }
            hasher.update(&buf[..n]);
            len += n as u64;
        }
        self.hasher = hasher;
        self.len = len;
        Ok(len >= PDF_MAGIC.len() as u64)
    }

    /// Forgets every byte saved so far.
    pub(super) fn truncate(&mut self) -> Result<(), PdfError> {
        self.file.set_len(0).map_err(PdfError::io(&self.path))?;
        self.hasher = Sha256::new();
        self.len = 0;
        Ok(())
    }

    /// Starts a thread appending what arrives on the channel to the file,
    /// hashing it on the way, so disk and hash keep pace with the network.
    pub(super) fn writer(
        &self,
        mut chunks: mpsc::Receiver<Bytes>,
    ) -> Result<tokio::task::JoinHandle<Written>, PdfError> {
        let mut file = self.file.try_clone().map_err(PdfError::io(&self.path))?;
        let mut hasher = self.hasher.clone();
        let mut len = self.len;
        Ok(tokio::task::spawn_blocking(move || {
            let result = (|| {
                file.seek(SeekFrom::End(0))?;
                while let Some(chunk) = chunks.blocking_recv() {
                    file.write_all(&chunk)?;
                    hasher.update(&chunk);
                    len += chunk.len() as u64;
                }
                Ok(())
            })();
            Written {
                hasher,
                len,
                result,
            }
        }))
    }

    /// Takes back what a writer thread did.
    pub(super) fn written(&mut self, w: Written) -> Result<(), PdfError> {
        self.hasher = w.hasher;
        self.len = w.len;
        w.result.map_err(PdfError::io(&self.path))
    }

    /// Makes the file durable and gives it its final name: fsync, then an
    /// atomic rename. Returns its size and sha256 (hex).
    ///
    /// The folder is not fsynced (it would cost as much again per PDF): a
    /// rename lost to a power cut leaves a record whose file is missing,
    /// and a record counts only while its file exists with its size.
    pub(super) fn commit(self, target: &Path) -> Result<(u64, String), PdfError> {
        self.file.sync_all().map_err(PdfError::io(&self.path))?;
        std::fs::rename(&self.path, target).map_err(PdfError::io(target))?;
        Ok((self.len, hex::encode(self.hasher.finalize())))
    }

    /// Removes the file: what it held cannot be resumed.
    pub(super) fn discard(self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            tracing::warn!("cannot remove {}: {e}", self.path.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_open_of_a_part_file_is_refused_while_the_first_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2509.25454.pdf.part");
        let first = Part::open(&path, "2509.25454").unwrap();
        let err = Part::open(&path, "2509.25454").err().unwrap();
        assert!(matches!(err, PdfError::Busy { .. }), "{err}");
        drop(first);
        Part::open(&path, "2509.25454").unwrap();
    }

    #[test]
    fn saved_bytes_are_kept_only_when_they_start_like_a_pdf() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.part");
        std::fs::write(&path, b"%PDF-1.5 partial").unwrap();
        let mut part = Part::open(&path, "x").unwrap();
        assert!(part.keep_if_pdf().unwrap());
        assert_eq!(part.len(), 16);
        drop(part);

        std::fs::write(&path, b"<html>").unwrap();
        let mut part = Part::open(&path, "x").unwrap();
        assert!(!part.keep_if_pdf().unwrap());
        assert_eq!(
            (part.len(), std::fs::metadata(&path).unwrap().len()),
            (0, 0)
        );
    }

    #[test]
    fn a_committed_part_has_the_hash_of_all_its_bytes() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.part");
        std::fs::write(&path, b"%PDF-1.5 ").unwrap();
        let mut part = Part::open(&path, "x").unwrap();
        assert!(part.keep_if_pdf().unwrap());
        let (tx, rx) = mpsc::channel(4);
        rt.block_on(async {
            let writer = part.writer(rx).unwrap();
            tx.send(Bytes::from_static(b"resumed ")).await.unwrap();
            tx.send(Bytes::from_static(b"body")).await.unwrap();
            drop(tx);
            part.written(writer.await.unwrap()).unwrap();
        });
        let target = dir.path().join("x.pdf");
        let (len, sha) = part.commit(&target).unwrap();
        let bytes = std::fs::read(&target).unwrap();
        assert_eq!(bytes, b"%PDF-1.5 resumed body");
        assert_eq!(len, bytes.len() as u64);
        assert_eq!(sha, hex::encode(Sha256::digest(&bytes)));
        assert!(!path.exists());
    }
}
