// The built-in PDF viewer: pdf.js (its legacy build, which carries the polyfills older
// WebKitGTK needs) rendering the cached file the shell serves on `papershelf-pdf:`. Pages
// are laid out at their size at once and drawn (canvas + selectable text) only while
// near the view; the page at the top is reported so it can be remembered.

import { useEffect, useRef, useState } from "preact/hooks";
import { convertFileSrc } from "@tauri-apps/api/core";
import { GlobalWorkerOptions, getDocument, TextLayer, type PDFDocumentProxy, type PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";
import { t } from "../i18n";
import { PDF_SCHEME, pageAt, startPage } from "./pdf";

GlobalWorkerOptions.workerSrc = workerUrl;

/** Zoom levels, relative to fitting the page's width. */
const ZOOMS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3];
const FIT = ZOOMS.indexOf(1);
const GAP = 12;

export interface PdfViewerProps {
  paperId: number;
  /** The page to open at (from 1), if one was remembered. */
  initialPage: number | null;
  onPage: (page: number) => void;
  onOpenExternal: () => void;
  onClose: () => void;
}

type Load = { kind: "loading" } | { kind: "failed"; message: string } | { kind: "ready"; pages: number };

export function PdfViewer({ paperId, initialPage, onPage, onOpenExternal, onClose }: PdfViewerProps) {
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
        const sizes: Size[] = [];
        const pages: PDFPageProxy[] = [];
        for (let i = 1; i <= doc.numPages; i++) {
          const p = await doc.getPage(i);
          const vp = p.getViewport({ scale: 1 });
          pages.push(p);
          sizes.push({ width: vp.width, height: vp.height });
        }
        if (cancelled || !scroller.current || !pagesBox.current) return;
        view.current = new PageView(scroller.current, pagesBox.current, pages, sizes);
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
  }, [zoom]);

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
      if (v.layout(ZOOMS[zoomRef.current]!)) v.scrollTo(at);
    });
    resize.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener("scroll", onScroll);
      resize.disconnect();
    };
  }, []);

  const pages = load.kind === "ready" ? load.pages : 0;
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
      </div>
    </section>
  );
}

interface Size {
  width: number;
  height: number;
}

/** The pages in the scroll box: laid out at a scale, drawn while near the view. */
class PageView {
  private readonly slots: HTMLDivElement[] = [];
  private readonly drawn = new Map<number, { scale: number; cancel: () => void }>();
  private readonly observer: IntersectionObserver;
  private scale = 0;
  private width = 0;

  constructor(
    private readonly scroller: HTMLDivElement,
    box: HTMLDivElement,
    private readonly pages: PDFPageProxy[],
    private readonly sizes: Size[],
  ) {
    box.replaceChildren();
    this.observer = new IntersectionObserver((entries) => this.onVisible(entries), { root: scroller, rootMargin: "100% 0px" });
    sizes.forEach((_, i) => {
      const slot = document.createElement("div");
      slot.className = "pdf-page-slot";
      slot.dataset.page = String(i + 1);
      slot.setAttribute("data-testid", "pdf-page");
      box.appendChild(slot);
      this.slots.push(slot);
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
    slot.replaceChildren(canvas, text);
    const context = canvas.getContext("2d");
    if (!context) return;
    const task = page.render({ canvasContext: context, canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
    let layer: TextLayer | null = null;
    task.promise
      .then(async () => {
        slot.dataset.rendered = "true";
        layer = new TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport });
        await layer.render();
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
    const slot = this.slots[i]!;
    delete slot.dataset.rendered;
    slot.replaceChildren();
  }
}
