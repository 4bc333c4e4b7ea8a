// Generated from src-tauri/src/api.rs by `cargo test -p papershelf-app bindings`
// (UPDATE_BINDINGS=1 rewrites it). Do not edit by hand.

/**
 * What the UI branches on. A code is added only when the UI needs to tell it apart.
 */
export type ErrorCode = "not_found" | "refused" | "exists" | "failed";

/**
 * The one error type of every command: `{code, message}`, the message for people.
 */
export type IpcError = { code: ErrorCode, message: string, };

/**
 * What the sidebar shows: the fixed views with their counts, then the digests.
 */
export type Overview = { 
/**
 * Where the library lives, shown to the user.
 */
library_dir: string, total: number, unread: number, starred: number, 
/**
 * Papers added since the reader last saw New: its badge.
 */
new_papers: number, 
/**
 * Newest first.
 */
digests: Array<DigestItem>, 
/**
 * What the PDF cache holds.
 */
pdfs: PdfCache, 
/**
 * Papers starred, annotated, tagged or downloaded: For you's signals. From
 * `foryou::MIN_POSITIVES` on, New and Unread are sorted For you unless the
 * reader chose another order.
 */
for_you_positives: number, };

export type DigestItem = { 
/**
 * `YYYY-MM-DD`, the digest's key.
 */
date: string, name: string, papers: number, unread: number, };

/**
 * Where the papers come from: the sidebar's selection (remembered in the
 * settings), or given papers.
 */
export type Scope = { "kind": "all" } | { "kind": "unread" } | { "kind": "starred" } | { "kind": "digest", date: string, } | { "kind": "tag", name: string, } | { "kind": "papers", ids: Array<number>, } | { "kind": "new" };

/**
 * Conditions on papers; null (or blank) means either.
 */
export type Filter = { read: boolean | null, starred: boolean | null, has_pdf: boolean | null, has_note: boolean | null, 
/**
 * `YYYY-MM-DD`: listed by a digest on or after it.
 */
since: string | null, until: string | null, keyword: string | null, tags: Array<string>, 
/**
 * Words of an author's name, in order (accents and case ignored).
 */
author: string | null, 
/**
 * An arXiv category (`cs.LG`), exactly.
 */
category: string | null, 
/**
 * `true`: only papers arXiv has a newer version of.
 */
new_version: boolean | null, };

/**
 * See core's `Order`: null is the list's own order (a digest's, the
 * library's newest digest first), or relevance for a search.
 */
export type Order = "listed" | "newest" | "relevance" | "for_you";

export type PaperQuery = { scope: Scope, filter: Filter, 
/**
 * What the reader typed; blank: no search.
 */
text: string, order: Order | null, offset: number, 
/**
 * Null: the whole list (a search's pages are at most 1,000).
 */
limit: number | null, };

/**
 * One row of the paper list.
 */
export type PaperItem = { id: number, arxiv_id: string | null, title: string, keywords: Array<string>, read: boolean, starred: boolean, has_note: boolean, 
/**
 * Its PDF was downloaded.
 */
has_pdf: boolean, 
/**
 * The reader's tags, by name.
 */
tags: Array<string>, 
/**
 * From arXiv's metadata, in the paper's order (empty before it is fetched).
 */
authors: Array<string>, 
/**
 * A version newer than the reader's, when arXiv reported one.
 */
new_version: number | null, };

/**
 * A labelled part of a summary ("Key methodology", ...).
 */
export type SummarySection = { kind: string, label: string, text: string, };

/**
 * The paper as one digest listed it.
 */
export type Appearance = { date: string, digest_name: string, title: string, 
/**
 * The summary as the digest gave it.
 */
summary: string, 
/**
 * The summary's text outside its keywords and labelled sections.
 */
body: string, sections: Array<SummarySection>, };

/**
 * Everything the paper view shows.
 */
export type PaperView = { id: number, arxiv_id: string | null, version: number | null, title: string, 
/**
 * The arXiv abstract page, when the paper has an arXiv id.
 */
abs_url: string | null, 
/**
 * The link the digest gave, as text (it may be anything).
 */
link: string | null, keywords: Array<string>, read: boolean, starred: boolean, note: string, 
/**
 * The user's tags, by name.
 */
tags: Array<string>, 
/**
 * Newest digest first.
 */
appearances: Array<Appearance>, 
/**
 * Its PDF, when the cache has it whole.
 */
pdf: PdfFile | null, 
/**
 * The page (from 1) the reader left its PDF at.
 */
pdf_page: number | null, 
/**
 * A version newer than the reader's, when arXiv reported one.
 */
new_version: number | null, 
/**
 * arXiv's metadata, once fetched.
 */
metadata: PaperMetadata | null, };

/**
 * What arXiv says about a paper.
 */
export type PaperMetadata = { 
/**
 * In the paper's order.
 */
authors: Array<string>, 
/**
 * `YYYY-MM-DD`: when version 1 appeared.
 */
published: string, 
/**
 * `YYYY-MM-DD`: when the latest version appeared.
 */
updated: string, 
/**
 * The primary category first.
 */
categories: Array<string>, doi: string | null, journal_ref: string | null, 
/**
 * The English abstract, LaTeX as written.
 */
abstract_text: string, };

export type ImportWarning = { line: number, message: string, };

/**
 * What importing one file did.
 */
export type FileResult = { path: string, date: string | null, papers: number, added: number, updated: number, unchanged: number, warnings: Array<ImportWarning>, 
/**
 * Set when the file could not be imported at all.
 */
error: string | null, 
/**
 * Set when the file was passed over without failing (it names no
 * paper): nothing written, not an error. Never set with `error`.
 */
skipped: string | null, };

export type ImportResult = { files: Array<FileResult>, added: number, updated: number, unchanged: number, };

/**
 * Marking a digest read: which papers changed, so the UI can undo exactly those.
 */
export type MarkedRead = { ids: Array<number>, };

/**
 * core's `export::Format`.
 */
export type ExportFormat = "bibtex" | "csl_json" | "ris" | "markdown" | "json";

/**
 * What an export wrote.
 */
export type ExportDone = { 
/**
 * The file, or the folder of notes.
 */
path: string, papers: number, 
/**
 * Markdown: what became of the notes; null for a file.
 */
notes: NotesDone | null, };

/**
 * The notes of a Markdown export.
 */
export type NotesDone = { 
/**
 * New, updated, or overwritten because asked to.
 */
written: number, unchanged: number, 
/**
 * Edited or not Papershelf's, overwritten because asked to (counted in `written`).
 */
overwritten: number, 
/**
 * Kept as they were: edited since the last export (file names).
 */
kept_edited: Array<string>, 
/**
 * Kept as they were: not written by Papershelf (file names).
 */
kept_foreign: Array<string>, };

export type Language = "system" | "en" | "zh-CN";

/**
 * The app's own settings (the library's data is in core's database).
 */
export type Settings = { language: Language, 
/**
 * Off by default: opening a paper leaves it unread.
 */
mark_read_on_open: boolean, 
/**
 * Hosts besides arXiv whose https links may open in the browser.
 */
allowed_hosts: Array<string>, last_selection: Scope | null, last_paper: number | null, 
/**
 * The library folder chosen with "Open another folder…"; `None`: the default
 * (`PAPERSHELF_HOME` wins over both). Set by `open_library_folder`, not by the
 * Settings dialog's save.
 */
library_dir: string | null, 
/**
 * No desktop notification when a source brings papers while the window is
 * in the background (they are on by default).
 */
mute_new_papers: boolean, };

/**
 * Where PDFs are fetched from: the library's setting (shared with the CLI's
 * `config pdf-base`) and the base in force.
 */
export type PdfSource = { 
/**
 * The library's setting; `None` means arXiv.
 */
saved: string | null, 
/**
 * The base downloads use: the environment's, else the setting, else arXiv.
 */
effective: string, 
/**
 * `PAPERSHELF_ARXIV_BASE` is set and wins over the setting.
 */
from_env: boolean, };

/**
 * A note as stored: the text, and whether it was saved.
 */
export type NoteSaved = { id: number, has_note: boolean, };

/**
 * A paper's cached PDF. The viewer reads it through the `papershelf-pdf` protocol by paper id.
 */
export type PdfFile = { size: number, 
/**
 * The version fetched; `None` for the latest at the time.
 */
version: number | null, fetched_at: string, };

/**
 * What the PDF cache holds.
 */
export type PdfCache = { count: number, bytes: number, 
/**
 * Interrupted downloads kept to resume, and their bytes.
 */
partial_count: number, partial_bytes: number, };

/**
 * The download queue as the UI shows it: sent with every `pdf-progress` event and
 * returned by `download_status`. Counts are of the latest queue, kept after it ends.
 */
export type DownloadStatus = { 
/**
 * Counts queues since the app started (0: none yet), so the UI can tell them apart.
 */
run: number, 
/**
 * Grows with every change: a status comes both as an event and as a command's
 * result, in no fixed order, and the UI keeps the one with the largest.
 */
seq: number, running: boolean, 
/**
 * Cancel was asked for; the queue is stopping.
 */
cancelling: boolean, total: number, 
/**
 * Papers finished, whatever the outcome.
 */
done: number, 
/**
 * The whole queue in 0..=1; it never goes back.
 */
overall: number, downloaded: number, already_cached: number, failed: number, cancelled: number, 
/**
 * Papers being fetched now (two at most), in queue order.
 */
active: Array<ActiveDownload>, 
/**
 * Papers still to fetch, in queue order.
 */
waiting: Array<number>, 
/**
 * Why each failed paper failed, in queue order.
 */
failures: Array<DownloadFailure>, };

export type ActiveDownload = { id: number, title: string, received: number, 
/**
 * The PDF's size, when the server said it.
 */
size: number | null, };

export type DownloadFailure = { id: number, title: string, message: string, };

/**
 * Text with the matches marked as UTF-8 byte ranges `[start, end)` into `text`
 * (sorted, disjoint, on character boundaries). Never markup.
 */
export type Highlight = { text: string, hits: Array<[number, number]>, };

/**
 * The colours a highlight can have (core's `HighlightColor`).
 */
export type HighlightColor = "yellow" | "green" | "blue" | "pink" | "purple";

/**
 * A rectangle on a PDF page in the PDF's user space (points, y up), independent
 * of zoom and screen.
 */
export type PdfRect = { x1: number, y1: number, x2: number, y2: number, };

/**
 * A highlight in a paper's PDF, with its comment.
 */
export type PdfHighlight = { id: number, paper_id: number, 
/**
 * From 1, as the viewer counts.
 */
page: number, 
/**
 * The quoted text.
 */
text: string, comment: string, color: HighlightColor, rects: Array<PdfRect>, 
/**
 * The arXiv version of the PDF it was made on, when known.
 */
pdf_version: number | null, pdf_sha256: string, 
/**
 * Made on the PDF cached now (else on another version: listed, not drawn).
 */
on_cached_pdf: boolean, created_at: string, updated_at: string, };

/**
 * A highlight the reader just made in the viewer.
 */
export type NewHighlight = { page: number, text: string, rects: Array<PdfRect>, color: HighlightColor, comment: string, };

export type SnippetFrom = "summary" | "note" | "keywords" | "pdf" | "highlight";

/**
 * Where the query matched outside the title.
 */
export type FoundSnippet = { source: SnippetFrom, 
/**
 * The digest whose summary it comes from.
 */
date: string | null, 
/**
 * The PDF's page it comes from (1-based, as the viewer counts).
 */
page: number | null, 
/**
 * The highlight it comes from.
 */
highlight: number | null, text: Highlight, };

export type FoundPaper = { paper: PaperItem, 
/**
 * The title with a search's matches; absent without a search.
 */
title?: Highlight, snippet?: FoundSnippet, 
/**
 * Sorted For you by a trained model: its score and why.
 */
for_you?: ForYouRank, };

export type FoundPage = { 
/**
 * Matching papers over all pages: all of them when `total_exact`, else a
 * lower bound (a search matching more than core's `COUNTED` stops counting
 * there; its list goes on until a page comes back short).
 */
total: number, total_exact: boolean, offset: number, papers: Array<FoundPaper>, 
/**
 * The query had too many words; the rest were ignored.
 */
truncated: boolean, 
/**
 * The query's parts contradict each other: nothing can match.
 */
contradiction: boolean, 
/**
 * Sorted For you: ranked, or why not; absent in any other order.
 */
for_you?: ForYouStatus, };

/**
 * What kind of feature a reason is (core's `TermKind`).
 */
export type WhyKind = "word" | "keyword" | "tag" | "author";

/**
 * One reason a paper ranks where it does, or is like another.
 */
export type Why = { kind: WhyKind, text: string, };

/**
 * A paper's place in a For you list.
 */
export type ForYouRank = { 
/**
 * The model's probability that the reader wants it, 0 to 1.
 */
score: number, 
/**
 * The 2–3 features that counted most, most first.
 */
why: Array<Why>, };

/**
 * A list sorted For you: ranked by the model, or (too few signals) in its
 * own order, which the UI says with the counts.
 */
export type ForYouStatus = { "kind": "ranked", positives: number, negatives: number, } | { "kind": "too_few_positives", positives: number, needed: number, };

/**
 * A paper like the open one.
 */
export type SimilarItem = { paper: PaperItem, 
/**
 * Cosine similarity of their features, 0 to 1.
 */
score: number, 
/**
 * The features they share that weigh most.
 */
why: Array<Why>, };

/**
 * The background pass reading the text of PDFs cached before Papershelf read
 * PDFs (`pdf-text-status` events, `pdf_text_status`).
 */
export type PdfTextStatus = { 
/**
 * Grows with every change, so the UI keeps the newest.
 */
seq: number, running: boolean, 
/**
 * PDFs read so far, of `total`.
 */
done: number, total: number, 
/**
 * PDFs with no text to read (scanned, encrypted, broken) or that could not be read.
 */
unreadable: number, 
/**
 * Why the pass stopped (the library could not be read).
 */
problem: string | null, };

/**
 * A tag of the reader's and how many papers have it.
 */
export type TagItem = { name: string, papers: number, };

export type ProblemKind = "missing_folder" | "missing_file" | "read_only" | "empty" | "not_a_library" | "damaged" | "too_new" | "unreadable" | "disk_full" | "other";

/**
 * What is wrong with a library the app could not open: the recovery screen's
 * heading is chosen by `kind`, and `message` (core's) says the details.
 */
export type LibraryProblem = { kind: ProblemKind, message: string, };

/**
 * Whether the library is open; the recovery screen when it is not.
 */
export type LibraryStatus = { 
/**
 * The library folder in use (or that failed to open).
 */
dir: string, 
/**
 * Set when the library could not be opened: the app shows the recovery screen.
 */
problem: LibraryProblem | null, 
/**
 * With a problem: the newest backup that verifies, which the screen offers to restore.
 */
newest_backup: BackupItem | null, };

/**
 * One backup in the library's `backups/` folder.
 */
export type BackupItem = { 
/**
 * The file's name in `backups/`: what `preview_restore` and `restore_backup` take.
 */
name: string, 
/**
 * RFC 3339, UTC.
 */
taken_at: string, 
/**
 * Bytes.
 */
size: number, papers: number, notes: number, 
/**
 * The library as it was before a restore (kept for good).
 */
before_restore: boolean, };

/**
 * Which count a `CountChange` is of.
 */
export type CountName = "papers" | "notes" | "read" | "starred" | "tags" | "highlights";

/**
 * One count, now and after the restore: "notes: 214 → 198".
 */
export type CountChange = { name: CountName, before: number, after: number, };

/**
 * What restoring a backup would change (nothing is touched to learn it).
 */
export type RestorePreview = { backup: BackupItem, 
/**
 * Every count, the library's now → the backup's, in a fixed order.
 */
changes: Array<CountChange>, 
/**
 * False when the library now cannot be read (its counts are then 0).
 */
current_readable: boolean, };

/**
 * What a restore did.
 */
export type RestoreDone = { changes: Array<CountChange>, 
/**
 * Where the library from before the restore was kept.
 */
kept: string | null, 
/**
 * The library now, opened again.
 */
status: LibraryStatus, };

/**
 * The fetch of missing metadata the app makes by itself (after an import, at
 * start, when `metadata.auto` is on): sent as `metadata-status` events and
 * returned by `metadata_status`.
 */
export type MetadataStatus = { 
/**
 * Grows with every change, so the UI keeps the newest of an event and a
 * command's result.
 */
seq: number, 
/**
 * The API is being asked now.
 */
running: boolean, 
/**
 * Papers answered so far, of `total`, in the run under way or the last.
 */
done: number, total: number, 
/**
 * Papers whose metadata the last run stored (0 when it asked nothing).
 */
updated: number, 
/**
 * Why the last run fetched nothing or not all (offline, the API down):
 * those papers are asked again next time.
 */
problem: string | null, };

/**
 * An arXiv category the library's papers have, and how many have it.
 */
export type CategoryItem = { name: string, papers: number, };

/**
 * A sync of one source, as the `sources-synced` event tells it.
 */
export type SourcesSynced = { source: number, 
/**
 * Files (or days) imported: new or changed.
 */
imported: number, 
/**
 * Papers new to the library.
 */
added: number, failed: number, 
/**
 * The dates (YYYY-MM-DD) of the digests imported, oldest first.
 */
dates: Array<string>, };

export type SourceKindName = "folder" | "url";

/**
 * A source as Settings → Sources shows it.
 */
export type SourceItem = { id: number, kind: SourceKindName, 
/**
 * The folder's path or the URL template.
 */
location: string, recursive: boolean, 
/**
 * A subscription's first day (YYYY-MM-DD).
 */
since: string | null, last: SourceResult | null, };

/**
 * A source's last sync.
 */
export type SourceResult = { 
/**
 * RFC 3339, UTC.
 */
at: string, imported: number, unchanged: number, added: number, failed: Array<SourceFailure>, };

export type SourceFailure = { file: string, line: number | null, message: string, };

/**
 * Settings → Sources: every source, and how often subscriptions are synced.
 */
export type SourcesView = { sources: Array<SourceItem>, 
/**
 * Minutes between two syncs of the subscriptions (the library's setting, else 60).
 */
every_minutes: number, };

/**
 * A template's test: the day whose file is there and how many papers it lists.
 */
export type SourceTest = { 
/**
 * YYYY-MM-DD: today, or yesterday when today's is not published yet.
 */
date: string, url: string, papers: number, };

/**
 * What Settings' About line shows: the workspace's one version and the package's
 * license and homepage (from Cargo.toml, as `papershelf --version` and the packages).
 */
export type AppInfo = { version: string, license: string, homepage: string, };

/** Every command: its arguments (as `invoke` takes them) and its result. */
export type Commands = {
  library_overview: { args: Record<string, never>; result: Overview };
  look_at_new: { args: { finished: boolean }; result: null };
  get_paper: { args: { id: number }; result: PaperView };
  set_read: { args: { ids: Array<number>; read: boolean }; result: null };
  set_starred: { args: { id: number; starred: boolean }; result: null };
  mark_digest_read: { args: { date: string }; result: MarkedRead };
  save_note: { args: { id: number; text: string }; result: NoteSaved };
  find_papers: { args: { query: PaperQuery }; result: FoundPage };
  list_tags: { args: Record<string, never>; result: Array<TagItem> };
  add_tag: { args: { id: number; tag: string }; result: Array<string> };
  remove_tag: { args: { id: number; tag: string }; result: Array<string> };
  rename_tag: { args: { from: string; to: string }; result: number };
  similar_papers: { args: { id: number; limit: number }; result: Array<SimilarItem> };
  import_paths: { args: { paths: Array<string> }; result: ImportResult };
  import_sample: { args: Record<string, never>; result: ImportResult };
  take_opened_files: { args: Record<string, never>; result: Array<string> };
  export_papers: { args: { query: PaperQuery; format: ExportFormat; path: string; replace: boolean; force: boolean }; result: ExportDone };
  export_folder: { args: Record<string, never>; result: string };
  get_settings: { args: Record<string, never>; result: Settings };
  save_settings: { args: { settings: Settings }; result: Settings };
  get_pdf_source: { args: Record<string, never>; result: PdfSource };
  set_pdf_source: { args: { base: string | null }; result: PdfSource };
  fetch_pdfs: { args: { query: PaperQuery }; result: DownloadStatus };
  cancel_downloads: { args: Record<string, never>; result: DownloadStatus };
  download_status: { args: Record<string, never>; result: DownloadStatus };
  pdf_text_status: { args: Record<string, never>; result: PdfTextStatus };
  delete_pdf: { args: { id: number }; result: null };
  delete_digest_pdfs: { args: { date: string }; result: number };
  open_pdf: { args: { id: number }; result: null };
  set_pdf_page: { args: { id: number; page: number }; result: null };
  fetch_pdf_version: { args: { id: number; version: number }; result: DownloadStatus };
  list_highlights: { args: { id: number }; result: Array<PdfHighlight> };
  add_highlight: { args: { id: number; highlight: NewHighlight }; result: PdfHighlight };
  set_highlight_comment: { args: { highlight: number; comment: string }; result: PdfHighlight };
  set_highlight_color: { args: { highlight: number; color: HighlightColor }; result: PdfHighlight };
  delete_highlight: { args: { highlight: number }; result: PdfHighlight };
  restore_highlight: { args: { highlight: PdfHighlight }; result: PdfHighlight };
  quote_highlight: { args: { highlight: number }; result: string };
  get_metadata_auto: { args: Record<string, never>; result: boolean };
  set_metadata_auto: { args: { on: boolean }; result: boolean };
  metadata_status: { args: Record<string, never>; result: MetadataStatus };
  fetch_metadata: { args: { id: number }; result: boolean };
  list_categories: { args: Record<string, never>; result: Array<CategoryItem> };
  library_status: { args: Record<string, never>; result: LibraryStatus };
  list_backups: { args: Record<string, never>; result: Array<BackupItem> };
  back_up_now: { args: Record<string, never>; result: BackupItem };
  preview_restore: { args: { name: string }; result: RestorePreview };
  restore_backup: { args: { name: string }; result: RestoreDone };
  restore_newest_backup: { args: Record<string, never>; result: RestoreDone };
  open_library_folder: { args: { path: string }; result: LibraryStatus };
  list_sources: { args: Record<string, never>; result: SourcesView };
  add_folder_source: { args: { path: string; recursive: boolean }; result: SourceItem };
  add_url_source: { args: { template: string }; result: SourceItem };
  remove_source: { args: { id: number }; result: null };
  set_sources_every: { args: { minutes: number | null }; result: SourcesView };
  test_source: { args: { template: string }; result: SourceTest | null };
  sync_sources: { args: Record<string, never>; result: SourcesView };
  notify_digest: { args: { title: string; body: string; date: string }; result: boolean };
  open_external: { args: { url: string }; result: null };
  close_window: { args: Record<string, never>; result: null };
  app_info: { args: Record<string, never>; result: AppInfo };
};
