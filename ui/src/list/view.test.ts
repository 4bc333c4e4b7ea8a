import { describe, expect, it } from "vitest";
import type { Overview, PaperItem } from "../bindings";
import {
  countLabel,
  cursorAfterReload,
  digestShown,
  digestsNewestFirst,
  moveCursor,
  patchPaper,
  selectionTitle,
  sidebarEntries,
  validSelection,
} from "./view";

const overview: Overview = {
  library_dir: "/tmp/lib",
  total: 42,
  unread: 40,
  starred: 1,
  new_papers: 6,
  digests: [
    { date: "2025-10-03", name: "2025-10-03.md", papers: 36, unread: 35 },
    { date: "2025-10-06", name: "hostile.md", papers: 6, unread: 6 },
    { date: "2025-09-30", name: "old.md", papers: 0, unread: 0 },
  ],
  pdfs: { count: 0, bytes: 0, partial_count: 0, partial_bytes: 0 },
  for_you_positives: 0,
};

function paper(id: number, over: Partial<PaperItem> = {}): PaperItem {
  return { id, arxiv_id: null, title: `Paper ${id}`, keywords: [], read: false, starred: false, has_note: false, has_pdf: false, tags: [], authors: [], new_version: null, ...over };
}

describe("sidebar", () => {
  it("lists New, All, Unread, Starred, then digests newest first with unread counts", () => {
    const entries = sidebarEntries(overview);
    expect(entries.map((e) => [e.label, e.count])).toEqual([
      ["New", 6],
      ["All", 42],
      ["Unread", 40],
      ["Starred", 1],
      ["2025-10-06", 6],
      ["2025-10-03", 35],
      ["2025-09-30", 0],
    ]);
    expect(entries[0]?.countKind).toBe("new");
    expect(entries[4]?.countKind).toBe("unread");
  });

  it("sorts digests by date", () => {
    expect(digestsNewestFirst(overview.digests).map((d) => d.date)).toEqual(["2025-10-06", "2025-10-03", "2025-09-30"]);
  });

  it("falls back to All when a remembered digest is gone", () => {
    expect(validSelection({ kind: "digest", date: "2024-01-01" }, overview)).toEqual({ kind: "all" });
    expect(validSelection({ kind: "digest", date: "2025-10-03" }, overview)).toEqual({ kind: "digest", date: "2025-10-03" });
    expect(validSelection(null, overview)).toEqual({ kind: "all" });
  });
});

describe("list queries", () => {
  it("titles the list", () => {
    expect(selectionTitle({ kind: "digest", date: "2025-10-03" }, "")).toBe("2025-10-03");
    expect(selectionTitle({ kind: "all" }, "mcts")).toBe("Search: mcts");
    expect(selectionTitle({ kind: "new" }, "")).toBe("New");
  });
});

describe("cursor", () => {
  it("moves within bounds", () => {
    expect(moveCursor(-1, 1, 3)).toBe(0);
    expect(moveCursor(-1, -1, 3)).toBe(2);
    expect(moveCursor(2, 1, 3)).toBe(2);
    expect(moveCursor(0, -1, 3)).toBe(0);
    expect(moveCursor(0, 1, 0)).toBe(-1);
  });

  it("stays on the same paper when the list reloads", () => {
    const list = [paper(5), paper(7), paper(9)];
    expect(cursorAfterReload(list, 9, 0)).toBe(2);
    expect(cursorAfterReload(list, 1, 1)).toBe(1);
    expect(cursorAfterReload(list, 1, 10)).toBe(2);
    expect(cursorAfterReload(list, null, -1)).toBe(-1);
    expect(cursorAfterReload([], 5, 0)).toBe(-1);
  });
});

describe("updates", () => {
  it("patches one paper", () => {
    const list = [paper(1), paper(2)];
    const next = patchPaper(list, 2, { read: true });
    expect(next[1]?.read).toBe(true);
    expect(next[0]).toBe(list[0]);
    expect(list[1]?.read).toBe(false);
  });
});

describe("digestShown", () => {
  it("is the selected digest, unless a search replaces its list", () => {
    expect(digestShown({ kind: "digest", date: "2025-10-03" }, "")).toBe("2025-10-03");
    expect(digestShown({ kind: "digest", date: "2025-10-03" }, "rl")).toBeNull();
    expect(digestShown({ kind: "unread" }, "")).toBeNull();
  });
});

describe("countLabel", () => {
  it("counts papers, and says a count that stopped short is at least that many", () => {
    expect(countLabel(1)).toBe("1 paper");
    expect(countLabel(36)).toBe("36 papers");
    expect(countLabel(10000, false)).toBe("10000+ papers");
  });
});
