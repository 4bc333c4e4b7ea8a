// A paper's highlights beside its note: the quote, its page, its comment and colour.
// Clicking one reads the PDF at its page and flashes it; "Quote in note" appends it.

import type { HighlightColor, PdfHighlight } from "../../bindings";
import { t } from "../../i18n";

/** The colours offered, in the order shown; their look is `.hl-<color>` in styles.css. */
export const HIGHLIGHT_COLORS: readonly HighlightColor[] = ["yellow", "green", "blue", "pink", "purple"];

export interface HighlightListProps {
  items: PdfHighlight[] | null;
  selected: number | null;
  /** Whether the paper's PDF is downloaded (a highlight can be shown on its page). */
  hasPdf: boolean;
  onOpen: (h: PdfHighlight) => void;
  onQuote: (h: PdfHighlight) => void;
}

/** Where a highlight was made, when not on the PDF downloaded now. */
export function madeOn(h: PdfHighlight): string | null {
  if (h.on_cached_pdf) return null;
  return h.pdf_version !== null ? t("highlight.otherVersion", { v: h.pdf_version }) : t("highlight.otherFile");
}

export function HighlightList({ items, selected, hasPdf, onOpen, onQuote }: HighlightListProps) {
  if (items === null) return null;
  return (
    <section class="highlights" data-testid="highlights">
      <h2>
        {t("highlight.title")}
        {items.length > 0 ? <span class="muted"> · {items.length}</span> : null}
      </h2>
      {items.length === 0 ? <p class="muted highlights-empty">{t("highlight.none")}</p> : null}
      <ul class="highlight-items">
        {items.map((h) => {
          const other = madeOn(h);
          const openable = hasPdf && h.on_cached_pdf;
          return (
            <li key={h.id} class={`highlight-item hl-${h.color}${selected === h.id ? " is-selected" : ""}`} data-testid="highlight-item" data-id={h.id} data-page={h.page}>
              <button
                type="button"
                class="highlight-open"
                data-testid="highlight-open"
                disabled={!openable}
                title={openable ? undefined : other ? t("highlight.otherHelp") : t("highlight.noPdf")}
                onClick={() => onOpen(h)}
              >
                <span class="highlight-page">{t("highlight.page", { page: h.page })}</span>
                {other ? (
                  <span class="badge" data-testid="highlight-other">
                    {other}
                  </span>
                ) : null}
                <blockquote class="highlight-quote" data-testid="highlight-quote">
                  {h.text}
                </blockquote>
                {h.comment.trim() !== "" ? (
                  <p class="highlight-comment" data-testid="highlight-comment">
                    {h.comment}
                  </p>
                ) : null}
              </button>
              <button type="button" class="link-button" data-testid="highlight-quote-note" onClick={() => onQuote(h)}>
                ❝ {t("highlight.quote")}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
