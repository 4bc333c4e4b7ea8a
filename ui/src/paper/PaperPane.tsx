import { memo } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import type { Appearance, DownloadStatus, ForYouRank, PaperMetadata, PaperView, TagItem } from "../bindings";
import { SimilarPapers } from "../foryou/SimilarPapers";
import { whyText } from "../foryou/why";
import { t, type Locale } from "../i18n";
import { errorText } from "../ipc";
import { Markdown, type LinkHandler } from "./markdown";
import { NoteEditor } from "./NoteEditor";
import { PaperPdf } from "../pdf/Downloads";
import type { PdfViewerProps, ReadTarget } from "../pdf/PdfViewer";
import { HighlightList } from "../pdf/highlights/HighlightList";
import { useHighlights, type HighlightNotices } from "../pdf/highlights/useHighlights";
import { TagEditor } from "../tags/TagEditor";
import type { MarkField } from "./marks";

/** What the paper pane does: stable functions (the app makes them once), so the
 * memoised pane re-renders only when what it shows changes. */
export interface PaperActions {
  toggle: (mark: MarkField) => void;
  noteSaved: (paperId: number, text: string) => void;
  openLink: LinkHandler;
  goToDigest: (date: string) => void;
  keyword: (keyword: string) => void;
  /** List the papers of an author (the author filter). */
  author: (name: string) => void;
  /** Ask arXiv for a paper's metadata now; `true` when arXiv has the paper. */
  metadata: (paperId: number) => Promise<boolean>;
  tagsChanged: (paperId: number, tags: string[]) => void;
  /** Open another paper (a similar one). */
  openPaper: (paperId: number) => void;
  /** Show the PDF beside the note, and back. */
  read: () => void;
  /** Read the PDF at a page, flashing a highlight there. */
  readAt: (page: number, flash: number) => void;
  closeReader: () => void;
  showToast: HighlightNotices["showToast"];
  showError: HighlightNotices["showError"];
  pdf: {
    download: (paperId: number) => void;
    open: (paperId: number) => void;
    delete: (paperId: number) => void;
    page: (paperId: number, page: number) => void;
    /** Download this version (newer than the cached PDF, which stays readable meanwhile). */
    fetchVersion: (paperId: number, version: number) => void;
  };
}

export interface PaperPaneProps {
  paper: PaperView | null;
  /** Show the paper's PDF beside its note (it has one). */
  reading: boolean;
  /** Where in the PDF to take the reader (a highlight, a search hit). */
  target: ReadTarget | null;
  downloads: DownloadStatus | null;
  /** The library's tags, offered in the tag editor. */
  allTags: TagItem[];
  /** The UI's language: the pane's text follows it. */
  lang: Locale;
  /** Why the paper ranks where it does in the list sorted For you (absent otherwise). */
  forYou: ForYouRank | null;
  actions: PaperActions;
}

/** Re-renders only when one of its props changes (the app passes stable actions):
 * switching digests leaves the open paper as it is. */
export const PaperPane = memo(function PaperPane({ paper, reading, target, downloads, allTags, forYou, actions }: PaperPaneProps) {
  const { openLink, noteSaved, keyword, goToDigest, pdf, openPaper } = actions;
  if (!paper) {
    return (
      <main class="paper-pane is-empty" data-testid="paper-pane">
        <p class="placeholder-text">{t("paper.none")}</p>
      </main>
    );
  }
  if (reading) return <Reader key={paper.id} paper={paper} target={target} actions={actions} />;
  return (
    <main class="paper-pane" data-testid="paper-pane" data-id={paper.id}>
      <article>
        <h1 class="paper-title" data-testid="paper-title">
          {paper.title}
          {paper.new_version !== null ? (
            <span class="badge new-version" data-testid="paper-new-version">
              {t("paper.newVersion", { v: paper.new_version })}
            </span>
          ) : null}
          {paper.new_version !== null && paper.pdf ? (
            <button
              type="button"
              class="badge-action"
              data-testid="pdf-fetch-version"
              disabled={downloads?.running === true}
              title={downloads?.running ? t("pdf.queueBusy") : t("pdf.fetchVersionHelp", { v: paper.new_version })}
              onClick={() => pdf.fetchVersion(paper.id, paper.new_version!)}
            >
              ⤓ {t("pdf.fetchVersion", { v: paper.new_version })}
            </button>
          ) : null}
        </h1>
        {paper.metadata ? <MetadataHeader metadata={paper.metadata} onAuthor={actions.author} /> : null}
        {paper.arxiv_id ? <FetchMetadata key={paper.id} paperId={paper.id} has={paper.metadata !== null} onFetch={actions.metadata} /> : null}
        <div class="paper-meta">
          {paper.arxiv_id ? (
            <span class="arxiv-id" data-testid="paper-arxiv-id">
              arXiv:{paper.arxiv_id}
              {paper.version !== null ? `v${paper.version}` : ""}
            </span>
          ) : (
            <span class="arxiv-id is-missing">{t("paper.noArxivId")}</span>
          )}
          {paper.abs_url ? (
            <a
              class="ext-link"
              role="link"
              tabIndex={0}
              title={paper.abs_url}
              data-testid="paper-arxiv-link"
              onClick={(e) => {
                e.preventDefault();
                openLink(paper.abs_url!);
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter") openLink(paper.abs_url!);
              }}
            >
              {t("paper.openArxiv")} ↗
            </a>
          ) : paper.link ? (
            <span class="raw-link">
              {t("paper.link")}:{" "}
              <a
                class="ext-link"
                role="link"
                tabIndex={0}
                title={paper.link}
                data-testid="paper-raw-link"
                onClick={(e) => {
                  e.preventDefault();
                  openLink(paper.link!);
                }}
              >
                {paper.link}
              </a>
            </span>
          ) : null}
        </div>
        <div class="paper-actions">
          <button type="button" class={paper.read ? "toggle is-on" : "toggle"} data-testid="paper-read-toggle" aria-pressed={paper.read} onClick={() => actions.toggle("read")}>
            {paper.read ? `✓ ${t("paper.read")}` : t("paper.markRead")}
          </button>
          <button type="button" class={paper.starred ? "toggle is-on" : "toggle"} data-testid="paper-star-toggle" aria-pressed={paper.starred} onClick={() => actions.toggle("starred")}>
            {paper.starred ? `★ ${t("paper.starred")}` : `☆ ${t("paper.star")}`}
          </button>
        </div>
        <PaperPdf
          paper={paper}
          status={downloads}
          onDownload={() => pdf.download(paper.id)}
          onRead={actions.read}
          onOpenExternal={() => pdf.open(paper.id)}
          onDelete={() => pdf.delete(paper.id)}
        />
        <TagEditor key={paper.id} paperId={paper.id} tags={paper.tags} allTags={allTags} onChanged={actions.tagsChanged} />
        {paper.keywords.length > 0 ? (
          <div class="paper-keywords" aria-label={t("paper.keywords")}>
            {paper.keywords.map((k) => (
              <button type="button" key={k} class="chip" onClick={() => keyword(k)}>
                {k}
              </button>
            ))}
          </div>
        ) : null}
        {forYou && forYou.why.length > 0 ? (
          <p class="paper-why" data-testid="paper-why" title={t("foryou.whyTitle")}>
            ✦ {t("foryou.why", { why: whyText(forYou.why) })}
          </p>
        ) : null}
        <div class="appeared-in">
          <span>{t("paper.appearedIn")}:</span>
          {paper.appearances.map((a) => (
            <button type="button" key={a.date + a.digest_name} class="digest-link" data-testid="appeared-in" onClick={() => goToDigest(a.date)}>
              {a.date}
            </button>
          ))}
        </div>
        {paper.appearances.map((a, i) => (
          <Summary key={a.date + a.digest_name} appearance={a} showDate={paper.appearances.length > 1 || i > 0} mainTitle={paper.title} onLink={openLink} />
        ))}
        {paper.metadata && paper.metadata.abstract_text.trim() !== "" ? <Abstract text={paper.metadata.abstract_text} /> : null}
      </article>
      <NoteEditor key={paper.id} paperId={paper.id} note={paper.note} onSaved={noteSaved} onLink={openLink} />
      <PaperHighlights key={paper.id} paper={paper} actions={actions} />
      <SimilarPapers paperId={paper.id} onOpen={openPaper} />
    </main>
  );
});

/** The PDF beside the note and the highlights: the viewer and the list share them. */
function Reader({ paper, target, actions }: { paper: PaperView; target: ReadTarget | null; actions: PaperActions }) {
  const { pdf, noteSaved, openLink } = actions;
  const { items, actions: edit } = useHighlights(paper.id, { showToast: actions.showToast, showError: actions.showError, noteSaved });
  const [selected, setSelected] = useState<number | null>(null);
  // A highlight opened from the list here flashes like one opened from the summary.
  const [goTo, setGoTo] = useState<ReadTarget | null>(target);
  useEffect(() => setGoTo(target), [target]);
  return (
    <main class="paper-pane is-reading" data-testid="paper-pane" data-id={paper.id}>
      <LazyPdfViewer
        paperId={paper.id}
        initialPage={paper.pdf_page}
        onPage={(page) => pdf.page(paper.id, page)}
        onOpenExternal={() => pdf.open(paper.id)}
        onClose={actions.closeReader}
        highlights={items}
        highlightActions={edit}
        selected={selected}
        onSelect={setSelected}
        target={goTo}
      />
      <aside class="reader-side">
        <h1 class="paper-title reader-title" data-testid="paper-title" title={paper.title}>
          {paper.title}
        </h1>
        <NoteEditor key={paper.id} paperId={paper.id} note={paper.note} onSaved={noteSaved} onLink={openLink} />
        <HighlightList
          items={items}
          selected={selected}
          hasPdf={paper.pdf !== null}
          onOpen={(h) => {
            setSelected(h.id);
            setGoTo((g) => ({ page: h.page, flash: h.id, seq: (g?.seq ?? 0) + 1 }));
          }}
          onQuote={(h) => void edit.quote(h.id)}
        />
      </aside>
    </main>
  );
}

/** The highlights in the paper view: one opens the PDF at its page. */
function PaperHighlights({ paper, actions }: { paper: PaperView; actions: PaperActions }) {
  const { items, actions: edit } = useHighlights(paper.id, { showToast: actions.showToast, showError: actions.showError, noteSaved: actions.noteSaved });
  // A paper never highlighted shows nothing here; the reader says how to begin.
  if (!items || items.length === 0) return null;
  return <HighlightList items={items} selected={null} hasPdf={paper.pdf !== null} onOpen={(h) => actions.readAt(h.page, h.id)} onQuote={(h) => void edit.quote(h.id)} />;
}

/** arXiv's metadata: every author (each lists that author's papers), dates, categories, DOI, journal. */
function MetadataHeader({ metadata, onAuthor }: { metadata: PaperMetadata; onAuthor: (name: string) => void }) {
  return (
    <div class="paper-metadata" data-testid="paper-metadata">
      <div class="paper-authors" aria-label={t("paper.authors")}>
        {metadata.authors.map((a, i) => (
          <button type="button" key={i} class="author-link" data-testid="paper-author" title={t("paper.authorPapers")} onClick={() => onAuthor(a)}>
            {a}
          </button>
        ))}
      </div>
      <div class="paper-facts muted">
        <span data-testid="paper-published">
          {t("paper.published")}: {metadata.published}
          {metadata.updated !== metadata.published ? ` · ${t("paper.updated")}: ${metadata.updated}` : ""}
        </span>
        {metadata.categories.length > 0 ? <span data-testid="paper-categories">{metadata.categories.join(", ")}</span> : null}
        {metadata.doi ? <span data-testid="paper-doi">DOI: {metadata.doi}</span> : null}
        {metadata.journal_ref ? <span data-testid="paper-journal">{metadata.journal_ref}</span> : null}
      </div>
    </div>
  );
}

/** Asks arXiv now: for a paper without metadata yet (say the fetch after its import was
 * offline), or to refresh it; what went wrong is said beside the button. */
function FetchMetadata({ paperId, has, onFetch }: { paperId: number; has: boolean; onFetch: (id: number) => Promise<boolean> }) {
  const [state, setState] = useState<{ busy: boolean; message: string | null }>({ busy: false, message: null });
  const run = async () => {
    setState({ busy: true, message: null });
    try {
      const found = await onFetch(paperId);
      setState({ busy: false, message: found ? null : t("metadata.notOnArxiv") });
    } catch (error) {
      setState({ busy: false, message: t("metadata.fetchError", { message: errorText(error) }) });
    }
  };
  return (
    <div class={has ? "fetch-metadata is-refresh" : "fetch-metadata"} data-testid="fetch-metadata">
      <button type="button" class={has ? "link-button" : ""} data-testid="fetch-metadata-button" disabled={state.busy} onClick={() => void run()}>
        {state.busy ? t("metadata.fetchingOne") : has ? `↻ ${t("metadata.refresh")}` : t("metadata.fetchNow")}
      </button>
      {state.message ? (
        <span class="form-error" role="alert" data-testid="fetch-metadata-error">
          {state.message}
        </span>
      ) : null}
    </div>
  );
}

const ABSTRACT_KEY = "papershelf.abstractOpen";

/** The English abstract, collapsed unless the reader left it open last time. */
function Abstract({ text }: { text: string }) {
  const [open, setOpen] = useState(() => {
    try {
      return globalThis.localStorage?.getItem(ABSTRACT_KEY) === "1";
    } catch {
      return false;
    }
  });
  return (
    <details
      class="abstract"
      data-testid="paper-abstract"
      open={open}
      onToggle={(e) => {
        const now = (e.currentTarget as HTMLDetailsElement).open;
        if (now === open) return;
        setOpen(now);
        try {
          globalThis.localStorage?.setItem(ABSTRACT_KEY, now ? "1" : "0");
        } catch {
          // Unavailable storage: the choice is not remembered.
        }
      }}
    >
      <summary>{t("paper.abstract")}</summary>
      <p class="abstract-text">{text}</p>
    </details>
  );
}

/** Summaries are the digest's text: shown through the safe Markdown renderer, never as HTML. */
function Summary({ appearance, showDate, mainTitle, onLink }: { appearance: Appearance; showDate: boolean; mainTitle: string; onLink: LinkHandler }) {
  return (
    <section class="summary" data-testid="summary">
      <h2>
        {t("paper.summary")}
        {showDate ? <span class="summary-date"> · {appearance.date}</span> : null}
      </h2>
      {appearance.title !== mainTitle ? <p class="entry-title">{appearance.title}</p> : null}
      {appearance.sections.map((s, i) => (
        <div class={`section section-${s.kind}`} key={i} data-testid="summary-section">
          <h3>{s.label}</h3>
          <Markdown source={s.text} onLink={onLink} />
        </div>
      ))}
      {appearance.sections.length === 0 || appearance.body.trim() !== "" ? (
        <div class="summary-text" data-testid="summary-text">
          <Markdown source={appearance.sections.length === 0 && appearance.body.trim() === "" ? appearance.summary : appearance.body} onLink={onLink} />
        </div>
      ) : null}
    </section>
  );
}

type ViewerModule = typeof import("../pdf/PdfViewer");
let viewerModule: Promise<ViewerModule> | null = null;

/** The viewer, with pdf.js, is loaded the first time a PDF is read: it is most of
 * the UI's code and a start-up should not wait for it. */
function LazyPdfViewer(props: PdfViewerProps) {
  const [module, setModule] = useState<ViewerModule | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    viewerModule ??= import("../pdf/PdfViewer");
    viewerModule.then(setModule, (error: unknown) => {
      viewerModule = null;
      setFailed(String(error));
    });
  }, []);
  if (module) return <module.PdfViewer {...props} />;
  return (
    <section class="pdf-viewer" data-testid="pdf-viewer" data-state={failed ? "failed" : "loading"}>
      <p class={failed ? "pdf-message is-error" : "pdf-message muted"} role={failed ? "alert" : undefined}>
        {failed ? t("pdf.cannotShow", { message: failed }) : t("pdf.loading")}
      </p>
    </section>
  );
}
