// The built-in PDF viewer: pdf.js (its legacy build, which carries the polyfills older
// WebKitGTK needs) rendering the cached file the shell serves on `papershelf-pdf:`. Pages
// are laid out at their size at once and drawn (canvas + selectable text) only while
// near the view; the page at the top is reported so it can be remembered. Over each
// page lie the reader's highlights (highlights/): selecting text offers to highlight it
// (`h`, `c` for a comment), and clicking one edits it.

import { useEffect, useRef, useState } from "preact/hooks";
import { convertFileSrc } from "@tauri-apps/api/core";
import { GlobalWorkerOptions, getDocument, TextLayer, type PDFDocumentProxy, type PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";
import type { HighlightColor, PdfHighlight, PdfRect } from "../bindings";
import { t } from "../i18n";
import { isTextField } from "../keys/keys";
import { mergeLines, toPdfRect, type Box, type Transform } from "./highlights/geometry";
import { drawHighlights, flash, type PageGeometry } from "./highlights/layer";
import { HighlightEditor, SelectionBar, type Anchor } from "./highlights/Popovers";
import type { HighlightActions } from "./highlights/useHighlights";
import { markWords, rangeText } from "./highlights/words";
import { PDF_SCHEME, pageAt, startPage } from "./pdf";

GlobalWorkerOptions.workerSrc = workerUrl;

/** Zoom levels, relative to fitting the page's width. */
const ZOOMS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3];
const FIT = ZOOMS.indexOf(1);
const GAP = 12;

/** Where to take the reader: a page, and on it a highlight to flash (opened from a
 * list) or a search's words to mark (a hit in the PDF). A new `seq` goes again. */
export interface ReadTarget {
  page: number;
  flash?: number;
  words?: string[];
  seq: number;
}

export interface PdfViewerProps {
  paperId: number;
  /** The page to open at (from 1), if one was remembered. */
  initialPage: number | null;
  onPage: (page: number) => void;
  onOpenExternal: () => void;
  onClose: () => void;
  /** The paper's highlights (those made on this file are drawn). */
  highlights: PdfHighlight[] | null;
  highlightActions: HighlightActions;
  selected: number | null;
  onSelect: (id: number | null) => void;
  target: ReadTarget | null;
}

/** Text selected on one page, ready to be highlighted. */
interface Pending {
  page: number;
  text: string;
  rects: PdfRect[];
  at: Anchor;
}

/** The colour the last highlight was made in: `h` uses it again. */
let lastColor: HighlightColor = "yellow";

type Load = { kind: "loading" } | { kind: "failed"; message: string } | { kind: "ready"; pages: number };

export function PdfViewer({ paperId, initialPage, onPage, onOpenExternal, onClose, highlights, highlightActions, selected, onSelect, target }: PdfViewerProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const pagesBox = useRef<HTMLDivElement>(null);
  const view = useRef<PageView | null>(null);
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(FIT); // index into ZOOMS
  const zoomRef = useRef(zoom);
  zoomRef.current = zoom;
  const pageRef = useRef(1);
  const onPageRef = useRef(onPage);
  onPageRef.current = onPage;
  const [pending, setPending] = useState<Pending | null>(null);
  const [editComment, setEditComment] = useState(false);
  /** Bumped when the pages are laid out again, so popovers are placed anew. */
  const [layoutTick, setLayoutTick] = useState(0);
  const shown = (highlights ?? []).filter((h) => h.on_cached_pdf);
  const live = useRef({ pending, selected, shown, highlightActions, onSelect });
  live.current = { pending, selected, shown, highlightActions, onSelect };

  useEffect(() => {
    let cancelled = false;
    let doc: PDFDocumentProxy | null = null;
    setLoad({ kind: "loading" });
    void (async () => {
      try {
        const response = await fetch(convertFileSrc(String(paperId), PDF_SCHEME));
        if (!response.ok) throw new Error((await response.text()) || `HTTP ${response.status}`);
        const data = new Uint8Array(await response.arrayBuffer());
        if (cancelled) return;
        // No eval (the CSP forbids it); nothing fetched from elsewhere.
        doc = await getDocument({ data, isEvalSupported: false, enableXfa: false }).promise;
        if (cancelled) return;
        const sizes: PageGeometry[] = [];
        const pages: PDFPageProxy[] = [];
        for (let i = 1; i <= doc.numPages; i++) {
          const p = await doc.getPage(i);
          const vp = p.getViewport({ scale: 1 });
          pages.push(p);
          sizes.push({ width: vp.width, height: vp.height, transform: vp.transform as unknown as Transform });
        }
        if (cancelled || !scroller.current || !pagesBox.current) return;
        view.current = new PageView(scroller.current, pagesBox.current, pages, sizes);
        view.current.setHighlights(live.current.shown, live.current.selected);
        setLoad({ kind: "ready", pages: doc.numPages });
        const first = startPage(initialPage, doc.numPages);
        view.current.layout(ZOOMS[zoomRef.current]!);
        view.current.scrollTo(first);
        pageRef.current = first;
        setPage(first);
      } catch (error) {
        if (!cancelled) setLoad({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      cancelled = true;
      view.current?.destroy();
      view.current = null;
      void doc?.destroy();
    };
    // The remembered page matters only when the paper is opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paperId]);

  // Zooming keeps the page at the top in view.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const at = v.page();
    v.layout(ZOOMS[zoom]!);
    v.scrollTo(at);
    setPending(null);
    setLayoutTick((n) => n + 1);
  }, [zoom]);

  // The highlights drawn, as they change.
  useEffect(() => {
    view.current?.setHighlights(shown, selected);
    // `shown` is new each render; what it holds is `highlights`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlights, selected, load.kind]);

  // Taken to a page: a highlight flashed there, or a search's words marked.
  useEffect(() => {
    const v = view.current;
    if (!v || load.kind !== "ready" || !target) return;
    if (target.flash !== undefined) {
      v.flashHighlight(target.page, target.flash);
    } else {
      v.scrollTo(target.page);
    }
    if (target.words && target.words.length > 0) v.markWords(target.page, target.words);
    // Once per target (its seq), once the PDF is ready.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target?.seq, load.kind]);

  // Selecting text on a page offers to highlight it; clicking a highlight selects it.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onUp = (e: MouseEvent) => {
      if ((e.target as HTMLElement).closest(".hl-popover")) return;
      const box = (e.target as HTMLElement).closest<HTMLElement>(".pdf-hl");
      if (box && window.getSelection()?.isCollapsed !== false) {
        live.current.onSelect(Number(box.dataset.id));
        setEditComment(false);
        setPending(null);
        return;
      }
      // The selection is complete once the button is up.
      requestAnimationFrame(() => {
        const p = view.current?.selection() ?? null;
        setPending(p);
        if (p || live.current.selected !== null) live.current.onSelect(null);
      });
    };
    el.addEventListener("mouseup", onUp);
    const onSelection = () => {
      if (window.getSelection()?.isCollapsed !== false) setPending(null);
    };
    document.addEventListener("selectionchange", onSelection);
    return () => {
      el.removeEventListener("mouseup", onUp);
      document.removeEventListener("selectionchange", onSelection);
    };
  }, []);

  const makeHighlight = async (color: HighlightColor, withComment: boolean) => {
    const p = live.current.pending;
    if (!p) return;
    lastColor = color;
    window.getSelection()?.removeAllRanges();
    setPending(null);
    const made = await live.current.highlightActions.add({ page: p.page, text: p.text, rects: p.rects, color, comment: "" });
    if (made && withComment) {
      live.current.onSelect(made.id);
      setEditComment(true);
    }
  };
  const makeRef = useRef(makeHighlight);
  makeRef.current = makeHighlight;

  // h highlights the selection, c highlights it with a comment (or comments the
  // highlight selected), Delete deletes that one, Escape lets go of it. Ahead of the
  // app's keys (capture), so Escape here does not also close the reader.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const { pending: p, selected: sel, highlightActions: act, onSelect: select } = live.current;
      const inEditor = e.target instanceof HTMLElement && e.target.closest(".hl-editor") !== null;
      if (e.key === "Escape" && (inEditor || p || sel !== null)) {
        e.preventDefault();
        e.stopPropagation();
        if (inEditor) (e.target as HTMLElement).blur();
        if (p) {
          window.getSelection()?.removeAllRanges();
          setPending(null);
        } else select(null);
        return;
      }
      if (isTextField(e.target)) return;
      const handled = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if (e.key === "h" && p) {
        handled();
        void makeRef.current(lastColor, false);
      } else if (e.key === "c" && p) {
        handled();
        void makeRef.current(lastColor, true);
      } else if (e.key === "c" && sel !== null) {
        handled();
        setEditComment(false);
        requestAnimationFrame(() => setEditComment(true));
      } else if ((e.key === "Delete" || e.key === "Backspace") && sel !== null) {
        handled();
        select(null);
        void act.remove(sel);
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  // The page at the top, as the reader scrolls.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const p = view.current?.page();
        if (p === undefined || p === pageRef.current) return;
        pageRef.current = p;
        setPage(p);
        onPageRef.current(p);
      });
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    const resize = new ResizeObserver(() => {
      const v = view.current;
      if (!v) return;
      const at = v.page();
      if (v.layout(ZOOMS[zoomRef.current]!)) {
        v.scrollTo(at);
        setLayoutTick((n) => n + 1);
      }
    });
    resize.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener("scroll", onScroll);
      resize.disconnect();
    };
  }, []);

  const pages = load.kind === "ready" ? load.pages : 0;
  const editing = selected !== null ? shown.find((h) => h.id === selected) : undefined;
  const below = editing && view.current ? view.current.below(editing) : null;
  /** A popover about `width` px wide, moved left as far as it must to stay in view. */
  const inView = (at: Anchor, width: number): Anchor => {
    const el = scroller.current;
    if (!el) return at;
    return { top: at.top, left: Math.max(el.scrollLeft + 4, Math.min(at.left, el.scrollLeft + el.clientWidth - width - 8)) };
  };
  const editorAt = below ? inView(below, 320) : null;
  void layoutTick;
  return (
    <section class="pdf-viewer" data-testid="pdf-viewer" data-state={load.kind} data-page={page} data-pages={pages}>
      <div class="pdf-toolbar">
        <button type="button" data-testid="pdf-close" onClick={onClose}>
          ← {t("pdf.back")}
        </button>
        <span class="pdf-page" data-testid="pdf-page-label">
          {pages > 0 ? t("pdf.pageOf", { page, pages }) : ""}
        </span>
        <span class="pdf-zoom">
          <button type="button" class="icon-button" aria-label={t("pdf.zoomOut")} title={t("pdf.zoomOut")} disabled={zoom === 0} onClick={() => setZoom((z) => Math.max(0, z - 1))}>
            −
          </button>
          <span class="muted">{Math.round(ZOOMS[zoom]! * 100)}%</span>
          <button type="button" class="icon-button" aria-label={t("pdf.zoomIn")} title={t("pdf.zoomIn")} disabled={zoom === ZOOMS.length - 1} onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))}>
            +
          </button>
        </span>
        <button type="button" data-testid="pdf-open-external" onClick={onOpenExternal}>
          {t("pdf.openExternal")} ↗
        </button>
      </div>
      <div class="pdf-scroll" ref={scroller} tabIndex={0}>
        {load.kind === "loading" ? <p class="pdf-message muted">{t("pdf.loading")}</p> : null}
        {load.kind === "failed" ? (
          <p class="pdf-message is-error" role="alert" data-testid="pdf-error">
            {t("pdf.cannotShow", { message: load.message })}
          </p>
        ) : null}
        <div class="pdf-pages" ref={pagesBox} />
        {pending ? <SelectionBar at={inView(pending.at, 280)} color={lastColor} onHighlight={(c) => void makeHighlight(c, false)} onComment={() => void makeHighlight(lastColor, true)} /> : null}
        {editing && editorAt ? (
          <HighlightEditor
            key={editing.id}
            at={editorAt}
            highlight={editing}
            focusComment={editComment}
            onColor={(c) => {
              lastColor = c;
              void highlightActions.color(editing.id, c);
            }}
            onComment={(comment) => highlightActions.comment(editing.id, comment)}
            onQuote={() => void highlightActions.quote(editing.id)}
            onDelete={() => {
              onSelect(null);
              void highlightActions.remove(editing.id);
            }}
            onClose={() => onSelect(null)}
          />
        ) : null}
      </div>
    </section>
  );
}

/** The pages in the scroll box: laid out at a scale, drawn while near the view, each
 * with its layer of highlights (kept while the page is not drawn). */
class PageView {
  private readonly slots: HTMLDivElement[] = [];
  private readonly layers: HTMLDivElement[] = [];
  private readonly drawn = new Map<number, { scale: number; cancel: () => void }>();
  /** Text-layer runs per drawn page, once pdf.js has laid them. */
  private readonly texts = new Map<number, HTMLDivElement>();
  private readonly observer: IntersectionObserver;
  private scale = 0;
  private width = 0;
  /** A search's words to mark on a page when its text is laid (scrolled to once). */
  private words: { page: number; words: string[]; scrolled: boolean } | null = null;
  /** A highlight to flash once it is drawn (the list may arrive after the PDF). */
  private flashWanted: { page: number; id: number } | null = null;

  constructor(
    private readonly scroller: HTMLDivElement,
    box: HTMLDivElement,
    private readonly pages: PDFPageProxy[],
    private readonly sizes: PageGeometry[],
  ) {
    box.replaceChildren();
    this.observer = new IntersectionObserver((entries) => this.onVisible(entries), { root: scroller, rootMargin: "100% 0px" });
    sizes.forEach((_, i) => {
      const slot = document.createElement("div");
      slot.className = "pdf-page-slot";
      slot.dataset.page = String(i + 1);
      slot.setAttribute("data-testid", "pdf-page");
      const layer = document.createElement("div");
      layer.className = "pdf-hl-layer";
      slot.appendChild(layer);
      box.appendChild(slot);
      this.slots.push(slot);
      this.layers.push(layer);
      this.observer.observe(slot);
    });
  }

  /** Sizes the pages to the scroller's width times `zoom`; says whether anything changed. */
  layout(zoom: number): boolean {
    const widest = Math.max(...this.sizes.map((s) => s.width));
    const width = this.scroller.clientWidth;
    const scale = (Math.max(200, width - 2 * GAP) / widest) * zoom;
    if (Math.abs(scale - this.scale) < 1e-3 && width === this.width) return false;
    this.scale = scale;
    this.width = width;
    this.slots.forEach((slot, i) => {
      const s = this.sizes[i]!;
      slot.style.width = `${Math.floor(s.width * scale)}px`;
      slot.style.height = `${Math.floor(s.height * scale)}px`;
      slot.style.setProperty("--total-scale-factor", String(scale));
    });
    // Drawn pages are drawn again at the new scale when seen.
    for (const [i, d] of this.drawn) {
      if (d.scale !== scale) this.erase(i);
    }
    this.observer.disconnect();
    this.slots.forEach((slot) => this.observer.observe(slot));
    return true;
  }

  page(): number {
    return pageAt(
      this.slots.map((s) => s.offsetTop - this.slots[0]!.offsetTop),
      this.scroller.scrollTop,
    );
  }

  scrollTo(page: number): void {
    const slot = this.slots[page - 1];
    if (slot) this.scroller.scrollTop = slot.offsetTop - this.slots[0]!.offsetTop;
  }

  setHighlights(highlights: readonly PdfHighlight[], selected: number | null): void {
    this.layers.forEach((layer, i) => {
      drawHighlights(
        layer,
        highlights.filter((h) => h.page === i + 1),
        this.sizes[i]!,
        selected,
      );
    });
    const wanted = this.flashWanted;
    if (wanted) this.flashHighlight(wanted.page, wanted.id);
  }

  /** Scrolls a highlight into view (a little below the top) and flashes it. */
  flashHighlight(page: number, id: number): void {
    const layer = this.layers[page - 1];
    const box = layer ? flash(layer, id) : null;
    this.flashWanted = box ? null : { page, id };
    if (!box) return this.scrollTo(page);
    this.scrollWithin(page, box.offsetTop);
  }

  /** Scrolls to `page`, and further down it while `y` (px from its top) would sit below
   * the view's upper third; the page stays the one at the top. */
  private scrollWithin(page: number, y: number): void {
    const top = this.slots[page - 1]!.offsetTop - this.slots[0]!.offsetTop;
    this.scroller.scrollTop = top + Math.max(0, y - this.scroller.clientHeight / 3);
  }

  /** Marks `words` on `page` (now, or when its text is laid) and scrolls to the first. */
  markWords(page: number, words: string[]): void {
    this.words = { page, words, scrolled: false };
    this.scrollTo(page);
    const text = this.texts.get(page - 1);
    if (text) this.applyWords(page - 1, text);
  }

  private applyWords(i: number, text: HTMLDivElement): void {
    const w = this.words;
    if (!w || w.page !== i + 1) return;
    const marks = markWords(text, w.words);
    text.dataset.marked = String(marks.length);
    if (!w.scrolled && marks[0]) {
      w.scrolled = true;
      const slot = this.slots[i]!;
      this.scrollWithin(i + 1, marks[0].getBoundingClientRect().top - slot.getBoundingClientRect().top);
    }
  }

  /** The text selected on one page (where it starts), as a highlight-to-be. */
  selection(): Pending | null {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const range = sel.getRangeAt(0).cloneRange();
    const start = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
    const slot = start?.closest<HTMLDivElement>(".pdf-page-slot");
    const i = slot ? this.slots.indexOf(slot) : -1;
    const text = this.texts.get(i);
    if (!slot || i < 0 || !text || !text.contains(range.startContainer)) return null;
    // A selection running onto the next pages is cut at the end of this one.
    if (!text.contains(range.endContainer)) range.setEndAfter(text.lastChild ?? text);
    const quote = rangeText(range, text);
    if (quote === "") return null;
    const origin = slot.getBoundingClientRect();
    const boxes: Box[] = Array.from(range.getClientRects()).map((r) => ({ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height }));
    const lines = mergeLines(boxes.filter((b) => b.top + b.height / 2 >= 0 && b.top + b.height / 2 <= origin.height));
    if (lines.length === 0) return null;
    const transform = this.pages[i]!.getViewport({ scale: this.scale }).transform as unknown as Transform;
    const last = lines[lines.length - 1]!;
    return {
      page: i + 1,
      text: quote,
      rects: lines.map((b) => toPdfRect(b, transform)),
      at: { top: slot.offsetTop + last.top + last.height + 6, left: slot.offsetLeft + last.left },
    };
  }

  /** Where a popover for a highlight goes: under its last box. */
  below(h: PdfHighlight): Anchor | null {
    const layer = this.layers[h.page - 1];
    const slot = this.slots[h.page - 1];
    const boxes = layer ? Array.from(layer.querySelectorAll<HTMLElement>(`.pdf-hl[data-id="${h.id}"]`)) : [];
    const last = boxes[boxes.length - 1];
    if (!slot || !last) return null;
    return { top: slot.offsetTop + last.offsetTop + last.offsetHeight + 6, left: slot.offsetLeft + last.offsetLeft };
  }

  destroy(): void {
    this.observer.disconnect();
    for (const i of [...this.drawn.keys()]) this.erase(i);
  }

  private onVisible(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const i = Number((e.target as HTMLElement).dataset.page) - 1;
      if (e.isIntersecting) {
        if (this.drawn.get(i)?.scale !== this.scale) this.draw(i);
      } else {
        this.erase(i);
      }
    }
  }

  private draw(i: number): void {
    this.erase(i);
    const page = this.pages[i]!;
    const slot = this.slots[i]!;
    const scale = this.scale;
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement("canvas");
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    const text = document.createElement("div");
    text.className = "textLayer";
    slot.replaceChildren(canvas, text, this.layers[i]!);
    const context = canvas.getContext("2d");
    if (!context) return;
    const task = page.render({ canvasContext: context, canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
    let layer: TextLayer | null = null;
    task.promise
      .then(async () => {
        slot.dataset.rendered = "true";
        layer = new TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport });
        await layer.render();
        this.texts.set(i, text);
        text.dataset.ready = "true";
        this.applyWords(i, text);
      })
      .catch(() => {
        // Cancelled because the page left the view or the scale changed.
      });
    this.drawn.set(i, {
      scale,
      cancel: () => {
        task.cancel();
        layer?.cancel();
      },
    });
  }

  private erase(i: number): void {
    const d = this.drawn.get(i);
    if (!d) return;
    d.cancel();
    this.drawn.delete(i);
    this.texts.delete(i);
    const slot = this.slots[i]!;
    delete slot.dataset.rendered;
    slot.replaceChildren(this.layers[i]!);
  }
}
