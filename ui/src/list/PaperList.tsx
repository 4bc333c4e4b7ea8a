import { Component } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { FoundPaper, FoundSnippet, PaperItem } from "../bindings";
import { t, type Locale } from "../i18n";
import type { MarkField } from "../paper/marks";
import { scrollToReveal, visibleRange } from "./virtual";
import { Marked } from "./Marked";
import { whyText } from "../foryou/why";

/** Every row has this height (CSS agrees: `.paper-row`). */
export const ROW_HEIGHT = 62;
const MAX_CHIPS = 6;

export interface PaperListProps {
  papers: PaperItem[];
  cursor: number;
  openId: number | null;
  activeKeyword: string | null;
  onSelect: (index: number, open: boolean) => void;
  /** The row's read or star button. */
  onToggle: (paper: PaperItem, mark: MarkField) => void;
  onKeyword: (keyword: string) => void;
  /** Search results by paper id: highlighted title and snippet (their rows show tags). */
  found?: ReadonlyMap<number, FoundPaper> | null;
  /** The rows shown reach the end of what is loaded. */
  onNearEnd?: () => void;
  /** The UI's language: rows re-render when it changes. */
  lang: Locale;
}

export function PaperList(props: PaperListProps) {
  const { papers, cursor, openId } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);
  const frame = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new list starts at its top.
  useLayoutEffect(() => {
    const el = viewport.current;
    if (el && el.scrollTop > papers.length * ROW_HEIGHT) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
  }, [papers]);

  useEffect(() => {
    const el = viewport.current;
    if (!el || cursor < 0) return;
    const next = scrollToReveal(cursor, el.scrollTop, el.clientHeight, ROW_HEIGHT);
    if (next !== null) {
      el.scrollTop = next;
      setScrollTop(next);
    }
  }, [cursor]);

  const onScroll = () => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (viewport.current) setScrollTop(viewport.current.scrollTop);
    });
  };

  const range = visibleRange(scrollTop, height, ROW_HEIGHT, papers.length);
  const { onNearEnd } = props;
  useEffect(() => {
    if (onNearEnd && papers.length > 0 && range.end >= papers.length - 10) onNearEnd();
  }, [onNearEnd, range.end, papers.length]);
  const rows = [];
  for (let i = range.start; i < range.end; i++) {
    const paper = papers[i];
    if (!paper) continue;
    rows.push(
      <Row
        key={paper.id}
        paper={paper}
        index={i}
        current={i === cursor}
        open={paper.id === openId}
        activeKeyword={props.activeKeyword}
        found={props.found?.get(paper.id)}
        onSelect={props.onSelect}
        onToggle={props.onToggle}
        onKeyword={props.onKeyword}
        lang={props.lang}
      />,
    );
  }

  return (
    <div class="paper-list" ref={viewport} onScroll={onScroll} role="listbox" data-testid="paper-list" data-count={papers.length}>
      <div class="paper-list-inner" style={{ height: `${range.totalHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}

interface RowProps {
  paper: PaperItem;
  index: number;
  current: boolean;
  open: boolean;
  activeKeyword: string | null;
  found: FoundPaper | undefined;
  onSelect: (index: number, open: boolean) => void;
  /** The row's read or star button. */
  onToggle: (paper: PaperItem, mark: MarkField) => void;
  onKeyword: (keyword: string) => void;
  lang: Locale;
}

/** A row re-renders only when its own props change: scrolling adds and drops rows
 * at the edges without touching the ones that stay. */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const prev = this.props;
    return (Object.keys(next) as (keyof RowProps)[]).some((k) => prev[k] !== next[k]);
  }

  override render() {
    return <RowView {...this.props} />;
  }
}

function RowView({ paper, index, current, open, activeKeyword, found, onSelect, onToggle, onKeyword }: RowProps) {
  const classes = ["paper-row", paper.read ? "is-read" : "is-unread", current ? "is-current" : "", open ? "is-open" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      class={classes}
      role="option"
      aria-selected={current}
      data-testid="paper-row"
      data-id={paper.id}
      data-read={paper.read ? "true" : "false"}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onClick={() => onSelect(index, true)}
    >
      <button
        type="button"
        class="read-mark"
        title={paper.read ? t("paper.markUnread") : t("paper.markRead")}
        aria-label={paper.read ? t("paper.markUnread") : t("paper.markRead")}
        aria-pressed={!paper.read}
        onClick={(e) => {
          e.stopPropagation();
          onToggle(paper, "read");
        }}
      />
      <div class="row-main">
        <div class="row-title" data-testid="row-title">
          {found?.title ? <Marked value={found.title} /> : paper.title}
        </div>
        {found?.snippet ? (
          <div class="row-snippet" data-testid="row-snippet" data-source={found.snippet.source}>
            <span class="snippet-source">
              {snippetFrom(found.snippet)}
            </span>{" "}
            <Marked value={found.snippet.text} lead={12} />
          </div>
        ) : (
        <div class="row-chips">
          {found?.for_you && found.for_you.why.length > 0 ? (
            <span class="row-why" data-testid="row-why" title={t("foryou.whyTitle")}>
              ✦ {whyText(found.for_you.why)}
            </span>
          ) : null}
          {paper.new_version !== null ? (
            <span class="badge new-version" data-testid="row-new-version">
              {t("paper.newVersion", { v: paper.new_version })}
            </span>
          ) : null}
          {paper.authors.length > 0 ? (
            <span class="row-authors" data-testid="row-authors">
              {shortAuthors(paper.authors)}
            </span>
          ) : null}
          {(found ? paper.tags : []).map((tag) => (
            <span key={`#${tag}`} class="chip is-tag" data-testid="row-tag">
              # {tag}
            </span>
          ))}
          {paper.keywords.slice(0, MAX_CHIPS).map((k) => (
            // Spans, not buttons: an option of a listbox holds no controls of its own
            // (the paper view's keyword buttons filter from the keyboard), and form
            // controls cost the list's layout several times what text does.
            <span
              key={k}
              class={k === activeKeyword ? "chip is-active" : "chip"}
              data-testid="keyword-chip"
              title={`${t("list.filter")}: ${k}`}
              onClick={(e) => {
                e.stopPropagation();
                onKeyword(k);
              }}
            >
              {k}
            </span>
          ))}
        </div>
        )}
      </div>
      {paper.has_pdf ? (
        <span class="pdf-mark" data-testid="row-pdf" title={t("pdf.inList")}>
          PDF
        </span>
      ) : null}
      <button
        type="button"
        class={paper.starred ? "star is-starred" : "star"}
        title={paper.starred ? t("paper.unstar") : t("paper.star")}
        aria-label={paper.starred ? t("paper.unstar") : t("paper.star")}
        aria-pressed={paper.starred}
        data-testid="row-star"
        onClick={(e) => {
          e.stopPropagation();
          onToggle(paper, "starred");
        }}
      >
        {paper.starred ? "★" : "☆"}
      </button>
    </div>
  );
}

/** The first three authors, then "et al.". */
export function shortAuthors(authors: string[]): string {
  const first = authors.slice(0, 3).join(", ");
  return authors.length > 3 ? `${first} ${t("list.etAl")}` : first;
}

/** Where a search hit is: "Summary 2025-10-03", "Note", "Keywords", "PDF p. 7". */
export function snippetFrom(snippet: FoundSnippet): string {
  switch (snippet.source) {
    case "summary":
      return t("search.from.summary", { date: snippet.date ?? "" });
    case "note":
      return t("search.from.note");
    case "keywords":
      return t("search.from.keywords");
    case "pdf":
      return t("search.from.pdf", { page: snippet.page ?? "?" });
    case "highlight":
      return t("search.from.highlight", { page: snippet.page ?? "?" });
  }
}
