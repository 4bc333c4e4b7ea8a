//! Full-text search, the pure part: the tokenizer shared by the index and
//! queries, reading a query, and finding its matches for highlights. No I/O;
//! the store keeps the index (`store/search.rs`).
//!
//! Why not FTS5's own tokenizers: `unicode61` makes a whole run of Chinese
//! one token, and `trigram` cannot find a two-character word. Here CJK text
//! is indexed as overlapping bigrams (see [`text`]), and a query is turned
//! into an FTS5 expression built only from quoted tokens, so no input can
//! reach FTS5 as syntax.

mod highlight;
mod query;
mod text;

pub use highlight::{plain_text, Highlighted, Matcher};
pub use query::{Part, Phrase, Query, MAX_TOKENS};
pub(crate) use text::is_cjk;
pub use text::{fold_char, index_text, tokens, Token};
