//! Any other Markdown that links arXiv papers.
use chrono::NaiveDate;

use super::{Entry, Warning};

pub(super) fn parse(_text: &str) -> (Option<NaiveDate>, Vec<Entry>, Vec<Warning>) {
    (None, Vec::new(), Vec::new())
}
