// What floats over the PDF: the bar over a text selection (highlight it in a colour,
// or with a comment), and the editor of the highlight clicked (colour, comment,
// quote in note, delete).

import { useEffect, useRef, useState } from "preact/hooks";
import type { HighlightColor, PdfHighlight } from "../../bindings";
import { t } from "../../i18n";
import { HIGHLIGHT_COLORS } from "./HighlightList";

/** Where a popover goes, in the scroll box's content (it scrolls with the page). */
export interface Anchor {
  top: number;
  left: number;
}

/** The bar keeps the selection: pressing its buttons must not clear it first. */
const keepSelection = (e: MouseEvent) => e.preventDefault();

export function SelectionBar({ at, color, onHighlight, onComment }: { at: Anchor; color: HighlightColor; onHighlight: (c: HighlightColor) => void; onComment: () => void }) {
  return (
    <div class="hl-popover hl-bar" style={{ top: `${at.top}px`, left: `${at.left}px` }} data-testid="highlight-bar" onMouseDown={keepSelection}>
      {HIGHLIGHT_COLORS.map((c) => (
        <button
          type="button"
          key={c}
          class={`hl-swatch hl-${c}${c === color ? " is-current" : ""}`}
          data-testid="highlight-color"
          data-color={c}
          aria-label={t("highlight.makeIn", { color: t(`highlight.color.${c}`) })}
          title={t("highlight.makeIn", { color: t(`highlight.color.${c}`) })}
          onClick={() => onHighlight(c)}
        />
      ))}
      <button type="button" class="hl-bar-comment" data-testid="highlight-comment-button" onClick={onComment}>
        ✎ {t("highlight.comment")}
      </button>
    </div>
  );
}

export interface EditorProps {
  at: Anchor;
  highlight: PdfHighlight;
  /** Focus the comment as it opens (`c`, or the bar's comment button). */
  focusComment: boolean;
  onColor: (c: HighlightColor) => void;
  onComment: (comment: string) => Promise<void>;
  onQuote: () => void;
  onDelete: () => void;
  onClose: () => void;
}

export function HighlightEditor({ at, highlight, focusComment, onColor, onComment, onQuote, onDelete, onClose }: EditorProps) {
  const [draft, setDraft] = useState(highlight.comment);
  const area = useRef<HTMLTextAreaElement>(null);
  /** The comment last sent to the library: a blur and a click on Save send it once. */
  const sent = useRef(highlight.comment);
  const draftRef = useRef(draft);
  draftRef.current = draft;

  useEffect(() => {
    if (focusComment) area.current?.focus();
  }, [focusComment]);

  const save = async () => {
    const comment = draftRef.current;
    if (comment === sent.current) return;
    sent.current = comment;
    await onComment(comment);
  };

  // A comment typed and left unsaved (the editor closed another way) is saved.
  useEffect(
    () => () => void save(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  return (
    <div class="hl-popover hl-editor" style={{ top: `${at.top}px`, left: `${at.left}px` }} data-testid="highlight-editor" data-id={highlight.id}>
      <div class="hl-editor-colors">
        {HIGHLIGHT_COLORS.map((c) => (
          <button
            type="button"
            key={c}
            class={`hl-swatch hl-${c}${c === highlight.color ? " is-current" : ""}`}
            data-testid="highlight-set-color"
            data-color={c}
            aria-pressed={c === highlight.color}
            aria-label={t(`highlight.color.${c}`)}
            title={t(`highlight.color.${c}`)}
            onClick={() => onColor(c)}
          />
        ))}
      </div>
      <textarea
        ref={area}
        class="hl-comment-input"
        data-testid="highlight-comment-input"
        rows={3}
        value={draft}
        placeholder={t("highlight.commentPlaceholder")}
        onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save().then(onClose);
          }
        }}
      />
      <div class="hl-editor-actions">
        <button type="button" data-testid="highlight-save" disabled={draft === highlight.comment} onClick={() => void save()}>
          {t("highlight.save")}
        </button>
        <button type="button" data-testid="highlight-quote-button" onClick={() => void save().then(onQuote)}>
          ❝ {t("highlight.quote")}
        </button>
        <button type="button" class="danger" data-testid="highlight-delete" onClick={onDelete}>
          {t("highlight.delete")}
        </button>
      </div>
    </div>
  );
}
