import type { ComponentChildren } from "preact";
import type { Appearance, PaperView } from "../bindings";
import { t } from "../i18n";
import { Markdown, type LinkHandler } from "../markdown";
import { NoteEditor } from "./NoteEditor";

export interface PaperPaneProps {
  paper: PaperView | null;
  onToggleRead: () => void;
  onToggleStar: () => void;
  onOpenLink: LinkHandler;
  onGoToDigest: (date: string) => void;
  onKeyword: (keyword: string) => void;
  onNoteSaved: (paperId: number, text: string) => void;
  /** Shown under the paper's actions (the tag editor). */
  children?: ComponentChildren;
}

export function PaperPane({ paper, onToggleRead, onToggleStar, onOpenLink, onGoToDigest, onKeyword, onNoteSaved, children }: PaperPaneProps) {
  if (!paper) {
    return (
      <main class="paper-pane is-empty" data-testid="paper-pane">
        <p class="placeholder-text">{t("paper.none")}</p>
      </main>
    );
  }
  return (
    <main class="paper-pane" data-testid="paper-pane" data-id={paper.id}>
      <article>
        <h1 class="paper-title" data-testid="paper-title">
          {paper.title}
        </h1>
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
                onOpenLink(paper.abs_url!);
              }}
              onKeyDown={(e) => {
                if (e.key === "Enter") onOpenLink(paper.abs_url!);
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
                  onOpenLink(paper.link!);
                }}
              >
                {paper.link}
              </a>
            </span>
          ) : null}
        </div>
        <div class="paper-actions">
          <button type="button" class={paper.read ? "toggle is-on" : "toggle"} data-testid="paper-read-toggle" aria-pressed={paper.read} onClick={onToggleRead}>
            {paper.read ? `✓ ${t("paper.read")}` : t("paper.markRead")}
          </button>
          <button type="button" class={paper.starred ? "toggle is-on" : "toggle"} data-testid="paper-star-toggle" aria-pressed={paper.starred} onClick={onToggleStar}>
            {paper.starred ? `★ ${t("paper.starred")}` : `☆ ${t("paper.star")}`}
          </button>
        </div>
        {children}
        {paper.keywords.length > 0 ? (
          <div class="paper-keywords" aria-label={t("paper.keywords")}>
            {paper.keywords.map((k) => (
              <button type="button" key={k} class="chip" onClick={() => onKeyword(k)}>
                {k}
              </button>
            ))}
          </div>
        ) : null}
        <div class="appeared-in">
          <span>{t("paper.appearedIn")}:</span>
          {paper.appearances.map((a) => (
            <button type="button" key={a.date + a.digest_name} class="digest-link" data-testid="appeared-in" onClick={() => onGoToDigest(a.date)}>
              {a.date}
            </button>
          ))}
        </div>
        {paper.appearances.map((a, i) => (
          <Summary key={a.date + a.digest_name} appearance={a} showDate={paper.appearances.length > 1 || i > 0} mainTitle={paper.title} onLink={onOpenLink} />
        ))}
      </article>
      <NoteEditor key={paper.id} paperId={paper.id} note={paper.note} onSaved={onNoteSaved} onLink={onOpenLink} />
    </main>
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
