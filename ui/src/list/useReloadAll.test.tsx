import { render } from "preact";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Overview, PaperItem, PaperQuery } from "../bindings";
import { useList, type List } from "./useList";
import { useReloadAll } from "./useReloadAll";

function paper(id: number): PaperItem {
  return { id, arxiv_id: null, title: `Paper ${id}`, keywords: [], read: false, starred: false, has_note: false, has_pdf: false, tags: [], authors: [], new_version: null };
}

const overview: Overview = {
  library_dir: "/library",
  total: 3,
  unread: 3,
  starred: 0,
  new_papers: 0,
  digests: [{ date: "2025-10-06", name: "2025-10-06.md", papers: 1, unread: 1 }],
  pdfs: { count: 0, bytes: 0, partial_count: 0, partial_bytes: 0 },
  for_you_positives: 0,
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

let host: HTMLElement;
let list: List;
let reloadAll: () => Promise<void>;
/** The overview a reload waits for, answered when the test says. */
let answerOverview: (o: Overview) => void;
const reloadPaper = vi.fn(async () => undefined);

function Harness() {
  list = useList({ showError: vi.fn(), remember: vi.fn() });
  const refreshOverview = () => new Promise<Overview | null>((resolve) => (answerOverview = resolve));
  reloadAll = useReloadAll({ list, refreshOverview, refreshTags: async () => undefined, reloadPaper });
  return null;
}

beforeEach(async () => {
  localStorage.clear();
  mockIPC((cmd, args) => {
    if (cmd === "find_papers") {
      const { query } = args as { query: PaperQuery };
      const papers = (query.scope.kind === "digest" ? [paper(3)] : [paper(1), paper(2), paper(3)]).map((p) => ({ paper: p }));
      return { total: papers.length, offset: 0, papers, total_exact: true, truncated: false, contradiction: false };
    }
    return undefined;
  });
  host = document.createElement("div");
  render(<Harness />, host);
  await list.start({ kind: "all" }, null);
  await settle();
});

afterEach(() => {
  render(null, host);
  clearMocks();
});

describe("useReloadAll", () => {
  it("keeps a selection made while the library's overview was loading", async () => {
    const reloading = reloadAll();
    // The reader clicks a digest in the sidebar before the reload goes on.
    list.select({ kind: "digest", date: "2025-10-06" });
    await settle();
    expect(list.selection).toEqual({ kind: "digest", date: "2025-10-06" });
    answerOverview(overview);
    await reloading;
    await settle();
    expect(list.selection).toEqual({ kind: "digest", date: "2025-10-06" });
    expect(list.papers.map((p) => p.id)).toEqual([3]);
    expect(reloadPaper).toHaveBeenCalled();
  });

  it("gives way to All when the digest shown is gone", async () => {
    list.select({ kind: "digest", date: "2025-10-05" });
    await settle();
    const reloading = reloadAll();
    answerOverview(overview);
    await reloading;
    await settle();
    expect(list.selection).toEqual({ kind: "all" });
  });
});
