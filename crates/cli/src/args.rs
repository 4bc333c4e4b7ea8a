//! The command line's grammar.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use papershelf_core::pdf::Base;

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
        #[command(flatten)]
        meta: MetaFilters,
        /// The order: as the digests list the papers (the default), the newest added first,
        /// or For you (what your stars, notes, tags and PDFs say you want first, with why)
        #[arg(long, value_enum, default_value_t = Sort::Listed)]
        sort: Sort,
    },
    /// The papers most like a paper (the same features as For you), most alike first
    Similar {
        /// An arXiv id (2509.25454) or the number `list` shows
        id: String,
        /// How many
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
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
    /// List a paper's highlights in its PDF (made in the app's viewer): page, colour, quote, comment
    Highlights {
        /// An arXiv id (2509.25454) or the number `list` shows
        id: String,
    },
    /// Print a paper's note, or change it
    Note {
        id: String,
        #[command(flatten)]
        note: NoteArgs,
    },
    /// Search titles, summaries, keywords and notes, in Chinese or English;
    /// with filters only, list the papers that pass them
    #[command(after_help = SEARCH_HELP)]
    Search {
        /// Words (all must match; `quant` finds quantization), "quoted phrases",
        /// -excluded (after `--`, or inside one quoted query)
        #[arg(value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: SearchFilters,
        /// Papers per page
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
        /// Papers to skip, for the next pages
        #[arg(long, default_value_t = 0, value_name = "N")]
        offset: usize,
    },
    /// Rebuild the search index from the library (a repair; never needed in normal use);
    /// with --pdfs, read the text of the cached PDFs not read yet, for search; with --model,
    /// rebuild the For you model
    Reindex {
        /// Rebuild the For you model instead (derived from the library; `list --sort for-you`
        /// retrains it in memory when it is stale, this saves it)
        #[arg(long, conflicts_with = "pdfs")]
        model: bool,
        /// Read the text of the cached PDFs downloaded before Papershelf read PDFs (a PDF
        /// found unreadable is not tried again; Ctrl-C stops between pages, keeping what is done)
        #[arg(long)]
        pdfs: bool,
    },
    /// Check the library and its PDF cache for damage; exits 1 while problems remain
    Check {
        /// Fix what can be fixed (rebuild the search index, drop rows whose file is gone,
        /// delete stray files in the PDF cache), then check again; never touches notes,
        /// tags, read states or stars
        #[arg(long)]
        repair: bool,
    },
    /// Tag a paper with labels of your own (apart from the digests' keywords)
    Tag {
        /// An arXiv id or the number `list` shows
        id: String,
        #[arg(required = true, value_name = "TAG")]
        tags: Vec<String>,
    },
    /// Remove tags from a paper
    Untag {
        id: String,
        #[arg(required = true, value_name = "TAG")]
        tags: Vec<String>,
    },
    /// List your tags with how many papers have each; rename or delete one
    Tags {
        #[command(subcommand)]
        action: Option<TagsAction>,
    },
    /// Download papers' PDFs from arXiv into the library (politely: one at a time, 3 s apart)
    Fetch {
        /// arXiv ids (2509.25454, or 2509.25454v2 for that version) or numbers from `list`
        #[arg(required_unless_present_any = ["digest", "unread", "starred"])]
        ids: Vec<String>,
        /// Every paper of the digest of this date
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["ids", "unread", "starred"])]
        digest: Option<NaiveDate>,
        /// Every unread paper
        #[arg(long, conflicts_with_all = ["ids", "starred"])]
        unread: bool,
        /// Every starred paper
        #[arg(long, conflicts_with = "ids")]
        starred: bool,
    },
    /// Open a paper's downloaded PDF in the system's viewer
    Open {
        /// An arXiv id or the number `list` shows
        id: String,
    },
    /// Print the path of a paper's downloaded PDF
    Pdf {
        /// An arXiv id or the number `list` shows
        id: String,
    },
    /// Show how many PDFs the library holds and their size; `cache rm` deletes some
    Cache {
        #[command(subcommand)]
        action: Option<CacheAction>,
    },
    /// Back up the library now, verified, into the library's backups/ folder (or to FILE)
    Backup {
        /// Write the backup to this file instead (it must not exist yet)
        #[arg(long, value_name = "FILE")]
        to: Option<PathBuf>,
    },
    /// List the library's backups, newest first, with their dates, sizes and counts
    Backups,
    /// Replace the library with a backup; the library before is kept as a backup first
    Restore {
        /// A backup file (from `papershelf backups`, or any copy of a library)
        #[arg(
            required_unless_present = "latest",
            conflicts_with = "latest",
            value_name = "FILE"
        )]
        file: Option<PathBuf>,
        /// The newest backup in the library's backups/ folder
        #[arg(long)]
        latest: bool,
    },
    /// Export papers for BibTeX/LaTeX, Zotero (CSL-JSON, RIS), a notes vault (Markdown) or
    /// scripts (JSON); `--format state` is your reading state (read, stars, tags, notes, PDF
    /// pages) for `import-state` in another library
    #[command(after_help = EXPORT_HELP)]
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file (replacing it whole once written) instead of standard output;
        /// for markdown, the folder to write the notes into (required)
        #[arg(long, visible_alias = "to", value_name = "PATH")]
        output: Option<PathBuf>,
        #[command(flatten)]
        select: ExportSelection,
        /// markdown: also overwrite notes edited since the last export and files Papershelf
        /// did not write
        #[arg(long)]
        force: bool,
    },
    /// Merge a reading state (from `export --format state`) into this library: the newer
    /// change wins field by field, notes are never overwritten; `-` reads standard input
    ImportState {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Fetch papers' authors, dates, categories, DOI and latest version from arXiv's API
    /// (politely: up to 100 papers a request, 3 s apart); without a selection, the papers
    /// that have none yet
    #[command(after_help = METADATA_HELP)]
    Metadata {
        /// arXiv ids or numbers from `list`: asked whatever they have
        #[arg(value_name = "ID", conflicts_with_all = ["digest", "all"])]
        ids: Vec<String>,
        /// The papers of the digest of this date
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "all")]
        digest: Option<NaiveDate>,
        /// Every paper of the library
        #[arg(long)]
        all: bool,
        /// Only papers without metadata (the default without --refresh); ids arXiv
        /// did not know are not asked again
        #[arg(long)]
        missing: bool,
        /// Ask again for papers whose metadata is older than --older-than days, so new
        /// versions are noticed
        #[arg(long)]
        refresh: bool,
        /// With --refresh: the age in days
        #[arg(long, value_name = "DAYS", default_value_t = 7, requires = "refresh")]
        older_than: u32,
    },
    /// Folders and URL subscriptions whose digests are imported by themselves: add, list,
    /// remove, or sync them once (for a timer or cron)
    #[command(after_help = SOURCES_HELP)]
    Sources {
        #[command(subcommand)]
        action: SourcesAction,
    },
    /// Watch the folders and sync the subscriptions in the foreground until Ctrl-C or
    /// SIGTERM: a digest written into a watched folder is imported within 2 s; subscriptions
    /// are synced at start and every hour
    Watch,
    /// Show or change the library's settings (the desktop app uses them too)
    Config {
        #[command(subcommand)]
        setting: ConfigSetting,
    },
}

/// `list --sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    Listed,
    Newest,
    ForYou,
}

impl Command {
    /// Whether the command may change the library; the others open it for
    /// reading only.
    pub fn writes(&self) -> bool {
        match self {
            Command::Digests
            | Command::List { .. }
            | Command::Similar { .. }
            | Command::Show { .. }
            | Command::Highlights { .. }
            | Command::Search { .. }
            | Command::Open { .. }
            | Command::Pdf { .. }
            | Command::Tags { action: None }
            | Command::Cache { action: None }
            | Command::Backup { .. }
            | Command::Backups
            | Command::Sources {
                action: SourcesAction::List,
            }
            | Command::Export { .. } => false,
            Command::Check { repair } => *repair,
            Command::Note { note, .. } => note.set.is_some() || note.append.is_some() || note.edit,
            Command::Config {
                setting: ConfigSetting::PdfBase { url, reset },
            } => url.is_some() || *reset,
            Command::Config {
                setting: ConfigSetting::MetadataAuto { value },
            } => value.is_some(),
            Command::Import { .. }
            | Command::Mark { .. }
            | Command::Star { .. }
            | Command::Unstar { .. }
            | Command::Reindex { .. }
            | Command::Tag { .. }
            | Command::Untag { .. }
            | Command::Tags { action: Some(_) }
            | Command::Fetch { .. }
            | Command::Cache { action: Some(_) }
            | Command::ImportState { .. }
            | Command::Metadata { .. }
            | Command::Sources { .. }
            | Command::Watch
            | Command::Restore { .. } => true,
        }
    }

    /// Whether the command ends with the daily automatic snapshot: it
    /// writes, and is not itself about backups.
    pub fn snapshots(&self) -> bool {
        self.writes() && !matches!(self, Command::Restore { .. })
    }
}

#[derive(Debug, Subcommand)]
pub enum SourcesAction {
    /// Add a folder (its *.md files are imported) or a URL template with {date}, {yyyy},
    /// {mm}, {dd} or {yyyymmdd} for the day (https only, except on this computer)
    Add {
        #[arg(value_name = "PATH|URL-TEMPLATE")]
        location: String,
        /// A folder: also read its subfolders
        #[arg(long)]
        recursive: bool,
        /// A URL template: the first day to ask for [default: 7 days ago, today included]
        #[arg(long, value_name = "YYYY-MM-DD")]
        since: Option<NaiveDate>,
    },
    /// List the sources with their last sync's result
    List,
    /// Remove a source (the digests it imported stay)
    Remove {
        /// The source's number (`sources list`)
        id: i64,
    },
    /// Sync every source once: folders caught up, subscriptions asked up to today; exits 1
    /// when a source failed
    Sync,
}

const SOURCES_HELP: &str = "Examples:
  papershelf sources add ~/digests --recursive
  papershelf sources add 'https://raw.githubusercontent.com/OWNER/REPO/main/daily/{date}.md' --since 2025-10-01
  papershelf sources list
  papershelf sources sync          one pass, for a systemd timer or cron (see the README)
  papershelf watch                 keep watching in the foreground";

#[derive(Debug, Subcommand)]
pub enum ConfigSetting {
    /// Where PDFs are fetched from: print it, set a mirror's URL, or --reset to https://arxiv.org
    /// (PAPERSHELF_ARXIV_BASE, when set, wins over it)
    #[command(name = "pdf-base")]
    PdfBase {
        /// An http(s) URL such as https://export.arxiv.org; PDFs come from URL/pdf/ID
        #[arg(value_name = "URL", value_parser = parse_pdf_base, conflicts_with = "reset")]
        url: Option<Base>,
        /// Forget the setting: fetch from https://arxiv.org again
        #[arg(long)]
        reset: bool,
    },
    /// Whether `import` fetches the new papers' metadata from arXiv by itself: print it,
    /// or set it (on by default)
    #[command(name = "metadata-auto")]
    MetadataAuto {
        #[arg(value_enum)]
        value: Option<OnOff>,
    },
}

const METADATA_HELP: &str = "Examples:
  papershelf metadata                          the papers without metadata
  papershelf metadata 2509.25454 2510.01051    these papers, whatever they have
  papershelf metadata --digest 2025-10-03      that digest's papers
  papershelf metadata --refresh                papers asked more than 7 days ago (new versions)
  papershelf metadata --all --refresh --older-than 30
The API is https://export.arxiv.org unless PAPERSHELF_ARXIV_API_BASE says otherwise.";

/// Filters on arXiv's metadata (see `papershelf metadata`).
#[derive(Debug, Args)]
pub struct MetaFilters {
    /// Only papers by this author (whole words, in order; accents and case ignored:
    /// Lopez finds López)
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Only papers in this arXiv category (cs.LG)
    #[arg(long, value_name = "C")]
    pub category: Option<String>,
    /// Only papers with a newer version on arXiv than the one the digest linked or the
    /// PDF cached
    #[arg(long)]
    pub new_version: bool,
}

/// `on` / `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

fn parse_pdf_base(s: &str) -> Result<Base, String> {
    Base::parse_setting(s).map_err(|e| e.to_string())
}

const SEARCH_HELP: &str = "Examples:
  papershelf search 奖励                      Chinese of any length, as a substring
  papershelf search quant                     English words match as prefixes, any case
  papershelf search RLVR 奖励 \"reward model\"   every term must match; quotes for a phrase
  papershelf search '强化学习 -GRPO'            -word excludes (quote it, or put -- before it)
  papershelf search --unread --tag 精读        filters alone list papers
  papershelf search --author Lopez --category cs.LG   authors' names and categories (papershelf metadata)";

/// Conditions the papers found must meet; all given must hold.
#[derive(Debug, Args)]
pub struct SearchFilters {
    #[arg(long, conflicts_with = "read")]
    pub unread: bool,
    #[arg(long)]
    pub read: bool,
    #[arg(long)]
    pub starred: bool,
    /// Only papers with a note
    #[arg(long)]
    pub has_note: bool,
    /// Only papers whose PDF is in the offline cache
    #[arg(long)]
    pub has_pdf: bool,
    /// Only papers listed by a digest on or after this day
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<NaiveDate>,
    /// Only papers listed by a digest on or before this day
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<NaiveDate>,
    /// Only the papers of the digest of this day
    #[arg(long, value_name = "YYYY-MM-DD", conflicts_with_all = ["since", "until"])]
    pub digest: Option<NaiveDate>,
    /// Only papers a digest gave this keyword
    #[arg(long, value_name = "K")]
    pub keyword: Option<String>,
    /// Only papers with this tag of yours (repeat for several: all must hold)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub meta: MetaFilters,
}

#[derive(Debug, Subcommand)]
pub enum TagsAction {
    /// Rename a tag on every paper (onto an existing tag: merge the two)
    Rename { from: String, to: String },
    /// Take a tag off every paper
    Delete { tag: String },
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

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// BibTeX entries in the shape of arXiv's own export, for LaTeX (biber, BibTeX)
    Bibtex,
    /// CSL-JSON items, for Zotero, pandoc and citeproc processors
    CslJson,
    /// RIS records, for Zotero, EndNote, Mendeley
    Ris,
    /// One Markdown note per paper, with YAML front matter, into the folder --output DIR
    Markdown,
    /// What `show --json` gives, per paper, as an array
    Json,
    /// The reader's own data, JSON Lines (see the README): for `import-state`
    State,
}

/// Which papers `export` writes: all of them unless told, selected as `list` and `search`'s
/// filters select.
#[derive(Debug, Args)]
pub struct ExportSelection {
    /// arXiv ids or numbers from `list` (with the options below, those of them that pass)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub filters: SearchFilters,
}

const EXPORT_HELP: &str = "Examples:
  papershelf export --format bibtex --starred --output refs.bib      starred papers for LaTeX
  papershelf export --format csl-json --tag thesis > thesis.json     a tag, for Zotero
  papershelf export --format markdown --digest 2025-10-03 --output ~/vault/papers
  papershelf export --format json 2509.25849 2510.01051               two papers, for scripts
  papershelf export --format bibtex --author \"Kaiming He\"            an author's papers (papershelf metadata)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkState {
    Read,
    Unread,
}

#[derive(Debug, Subcommand)]
pub enum CacheAction {
    /// Delete downloaded PDFs (the papers and their notes stay)
    Rm {
        /// arXiv ids or numbers from `list`
        #[arg(required_unless_present = "digest", conflicts_with = "digest")]
        ids: Vec<String>,
        /// Every PDF of the digest of this date
        #[arg(long, value_name = "YYYY-MM-DD")]
        digest: Option<NaiveDate>,
    },
}
