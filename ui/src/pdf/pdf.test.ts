import { describe, expect, it } from "vitest";
import type { DownloadStatus } from "../bindings";
import { scopeQuery } from "../list/request";
import { newerStatus } from "../latest";
import { formatBytes, pageAt, paperDownload, pdfSourceChange, percent, selectionTarget, startPage } from "./pdf";

const idle: DownloadStatus = {
  run: 1,
  seq: 7,
  running: true,
  cancelling: false,
  total: 4,
  done: 1,
  overall: 0.4,
  downloaded: 0,
  already_cached: 0,
  failed: 1,
  cancelled: 0,
  active: [{ id: 2, title: "B", received: 10, size: 100 }],
  waiting: [3, 4],
  failures: [{ id: 1, title: "A", message: "cannot reach it; check the network connection" }],
};

describe("pdf", () => {
  it("keeps the newest status, however late an older one arrives", () => {
    const finished = { ...idle, seq: 9, running: false };
    expect(newerStatus(null, idle)).toBe(idle);
    expect(newerStatus(idle, finished)).toBe(finished);
    expect(newerStatus(finished, idle)).toBe(finished);
  });

  it("formats sizes", () => {
    expect(formatBytes(600)).toBe("600 B");
    expect(formatBytes(1536)).toBe("1.50 KB");
    expect(formatBytes(3.5 * 1024 * 1024)).toBe("3.50 MB");
    expect(formatBytes(250 * 1024 * 1024)).toBe("250 MB");
    expect(formatBytes(5 * 1024 ** 4)).toBe("5.00 TB");
  });

  it("rounds progress down, within 0..100", () => {
    expect(percent(0.999)).toBe(99);
    expect(percent(1)).toBe(100);
    expect(percent(-1)).toBe(0);
  });

  it("tells where a paper is in the queue", () => {
    expect(paperDownload(idle, 2)).toEqual({ kind: "active", received: 10, size: 100 });
    expect(paperDownload(idle, 3)).toEqual({ kind: "waiting" });
    expect(paperDownload(idle, 1)).toEqual({ kind: "failed", message: idle.failures[0]!.message });
    expect(paperDownload(idle, 9)).toBeNull();
    expect(paperDownload(null, 2)).toBeNull();
    // Once the queue ended, nothing waits.
    expect(paperDownload({ ...idle, running: false, active: [] }, 3)).toBeNull();
  });

  it("downloads the list on screen: a digest, unread or starred, not all nor a search", () => {
    const digest = { kind: "digest", date: "2025-10-03" } as const;
    expect(selectionTarget(digest, false)).toEqual({ kind: "digest", query: scopeQuery(digest) });
    expect(selectionTarget({ kind: "unread" }, false)).toEqual({ kind: "unread", query: scopeQuery({ kind: "unread" }) });
    expect(selectionTarget({ kind: "starred" }, false)?.query.scope).toEqual({ kind: "starred" });
    expect(selectionTarget({ kind: "all" }, false)).toBeNull();
    expect(selectionTarget({ kind: "unread" }, true)).toBeNull();
  });

  it("finds the page at the top of the view", () => {
    const tops = [0, 1000, 2000, 3000];
    expect(pageAt(tops, 0)).toBe(1);
    expect(pageAt(tops, 950)).toBe(1);
    expect(pageAt(tops, 970)).toBe(2);
    expect(pageAt(tops, 1500)).toBe(2);
    expect(pageAt(tops, 99999)).toBe(4);
    expect(pageAt([], 10)).toBe(1);
  });

  it("starts at the remembered page, within the document", () => {
    expect(startPage(null, 10)).toBe(1);
    expect(startPage(7, 10)).toBe(7);
    expect(startPage(40, 10)).toBe(10);
    expect(startPage(0, 10)).toBe(1);
  });
});

describe("pdfSourceChange", () => {
  it("leaves the library alone when the field says what it has", () => {
    expect(pdfSourceChange("", null)).toEqual({ change: false });
    expect(pdfSourceChange("   ", null)).toEqual({ change: false });
    expect(pdfSourceChange(" https://export.arxiv.org/ ", "https://export.arxiv.org")).toEqual({ change: false });
  });
  it("sets what was typed, trimmed, for the shell to check", () => {
    expect(pdfSourceChange(" http://127.0.0.1:8080 ", null)).toEqual({ change: true, base: "http://127.0.0.1:8080" });
    expect(pdfSourceChange("export.arxiv.org", "https://export.arxiv.org")).toEqual({ change: true, base: "export.arxiv.org" });
  });
  it("a blank field resets to arXiv", () => {
    expect(pdfSourceChange("", "https://export.arxiv.org")).toEqual({ change: true, base: null });
  });
});
