//! The command line's grammar.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Papershelf: a reading list for the papers of your daily arXiv digests.
#[derive(Debug, Parser)]
#[command(name = "papershelf", version, about)]
pub struct Cli {
    /// The library folder [default: the app's data folder, shared with the desktop app]
    #[arg(long, global = true, env = papershelf_core::HOME_ENV, value_name = "DIR")]
    pub library: Option<PathBuf>,

    /// Print JSON instead of text (for scripts)
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import digest files or folders (every *.md inside); `-` reads standard input
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The digests' date, when neither their heading nor their path names one
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
    },
    /// List the imported digests, newest first, with paper and unread counts
    Digests,
    /// List papers
    List {
        #[arg(long, conflicts_with = "read")]
        unread: bool,
        #[arg(long)]
        read: bool,
        #[arg(long)]
        starred: bool,
        /// Only the papers of the digest of this date
        #[arg(long, value_name = "YYYY-MM-DD")]
        digest: Option<NaiveDate>,
        /// Only papers with this keyword
        #[arg(long, value_name = "K")]
        keyword: Option<String>,
    },
    /// Show everything about a paper
    Show {
        /// An arXiv id (2509.25454, 2509.25454v2) or the number `list` shows
        id: String,
    },
    /// Mark papers read or unread
    Mark {
        state: MarkState,
        /// arXiv ids or numbers from `list`
        #[arg(required_unless_present = "digest", conflicts_with = "digest")]
        ids: Vec<String>,
        /// Every paper of the digest of this date
        #[arg(long, value_name = "YYYY-MM-DD")]
        digest: Option<NaiveDate>,
    },
    /// Star papers
    Star {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Remove the star from papers
    Unstar {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Print a paper's note, or change it
    Note {
        id: String,
        #[command(flatten)]
        note: NoteArgs,
    },
    /// Find papers whose title, summary, keywords or note contain every word
    Search {
        #[arg(required = true)]
        query: Vec<String>,
    },
}

#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct NoteArgs {
    /// Replace the note (the previous text is kept in the note's history)
    #[arg(long, value_name = "TEXT")]
    pub set: Option<String>,
    /// Add a paragraph to the note
    #[arg(long, value_name = "TEXT")]
    pub append: Option<String>,
    /// Edit the note in $VISUAL or $EDITOR
    #[arg(long)]
    pub edit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkState {
    Read,
    Unread,
}
