// PDF logic without DOM: sizes, the queue's state for one paper, which page is in view.

import type { DownloadStatus, PaperQuery, Scope } from "../bindings";
import { scopeQuery } from "../list/request";

/** A list whose PDFs can be downloaded: which kind (for its button), and its query. */
export interface PdfTarget {
  kind: "digest" | "unread" | "starred";
  query: PaperQuery;
}

/** The URI scheme the shell serves cached PDFs on, by paper id (`pdf_protocol.rs`);
 * `convertFileSrc(id, PDF_SCHEME)` gives the platform's URL for it. */
export const PDF_SCHEME = "papershelf-pdf";

/** "612 B", "1.4 MB", "2.31 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A whole percentage, 0..100, for a fraction. */
export function percent(fraction: number): number {
  return Math.max(0, Math.min(100, Math.floor(fraction * 100)));
}

/** Where one paper is in the download queue. */
export type PaperDownload =
  | { kind: "active"; received: number; size: number | null }
  | { kind: "waiting" }
  | { kind: "failed"; message: string }
  | null;

export function paperDownload(status: DownloadStatus | null, id: number): PaperDownload {
  if (!status) return null;
  const active = status.active.find((a) => a.id === id);
  if (active) return { kind: "active", received: active.received, size: active.size };
  if (status.running && status.waiting.includes(id)) return { kind: "waiting" };
  const failure = status.failures.find((f) => f.id === id);
  if (failure) return { kind: "failed", message: failure.message };
  return null;
}

/** What "download the PDFs" means for the list on screen, if anything. */
export function selectionTarget(selection: Scope, searching: boolean): PdfTarget | null {
  if (searching) return null;
  switch (selection.kind) {
    case "digest":
    case "unread":
    case "starred":
      return { kind: selection.kind, query: scopeQuery(selection) };
    default:
      return null;
  }
}

/** The page (from 1) at the top of the view: the last page whose top is at or above
 * `scrollTop` plus a little slack. `tops` are the pages' offsets, ascending. */
export function pageAt(tops: readonly number[], scrollTop: number, slack = 40): number {
  let page = 1;
  for (let i = 0; i < tops.length; i++) {
    if (tops[i]! <= scrollTop + slack) page = i + 1;
    else break;
  }
  return page;
}

/** A remembered page, within the document (it may have changed since). */
export function startPage(remembered: number | null, pages: number): number {
  if (remembered === null || !Number.isFinite(remembered)) return 1;
  return Math.max(1, Math.min(pages, Math.floor(remembered)));
}

/** What saving the Settings dialog's "PDF source" field does: nothing when it says what
 * the library has, else set the library's PDF base to it (`null`: blank, back to arXiv).
 * The shell validates the URL; an unchanged field never calls it. */
export type PdfSourceChange = { change: false } | { change: true; base: string | null };

export function pdfSourceChange(input: string, saved: string | null): PdfSourceChange {
  const typed = input.trim();
  const base = typed === "" ? null : typed;
  const same = (a: string | null) => (a === null ? null : a.replace(/\/+$/, ""));
  return same(base) === same(saved) ? { change: false } : { change: true, base };
}
