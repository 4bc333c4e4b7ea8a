import { render } from "preact";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Overview, PaperItem, PaperQuery } from "../bindings";
import { t } from "../i18n";
import { noFilters, PAGE } from "./filters";
import { scopeQuery } from "./request";
import { useList, type List } from "./useList";

function paper(id: number): PaperItem {
  return { id, arxiv_id: null, title: `Paper ${id}`, keywords: [], read: false, starred: false, has_note: false, has_pdf: false, tags: [], authors: [], new_version: null };
}

const emptyOverview: Overview = {
  library_dir: "/library",
  total: 0,
  unread: 0,
  starred: 0,
  new_papers: 0,
  digests: [],
  pdfs: { count: 0, bytes: 0, partial_count: 0, partial_bytes: 0 },
  for_you_positives: 0,
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

let host: HTMLElement;
let list: List;
let renders = 0;
let calls: Array<[string, unknown]> = [];
const remember = vi.fn();
const showError = vi.fn();

function Harness() {
  renders++;
  list = useList({ showError, remember });
  return null;
}

beforeEach(async () => {
  localStorage.clear();
  calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === "find_papers") {
      const { query } = args as { query: PaperQuery };
      // Core resolves a contradiction to an empty page that says so.
      const contradiction = query.scope.kind === "unread" && query.filter.read === true;
      // "many" matches 130 papers, counted only to 100 (core counts to 10,000).
      if (query.text === "many") {
        const all = Array.from({ length: 130 }, (_, i) => ({ paper: paper(i + 1), title: { text: `Paper ${i + 1}`, hits: [] } }));
        const page = all.slice(query.offset, query.offset + (query.limit ?? all.length));
        return { total: 100, total_exact: false, offset: query.offset, papers: page, truncated: false, contradiction: false };
      }
      // Starred holds 120 papers, served a page at a time like core does.
      if (query.scope.kind === "starred") {
        const all = Array.from({ length: 120 }, (_, i) => ({ paper: paper(i + 1) }));
        const page = all.slice(query.offset, query.offset + (query.limit ?? all.length));
        return { total: all.length, offset: query.offset, papers: page, total_exact: true, truncated: false, contradiction: false };
      }
      const papers = contradiction ? [] : [paper(1), paper(2), paper(3)].map((p) => ({ paper: p }));
      return { total: papers.length, offset: 0, papers, total_exact: true, truncated: false, contradiction };
    }
    return undefined;
  });
  host = document.createElement("div");
  render(<Harness />, host);
  await list.start({ kind: "all" }, 2);
  await settle();
});

afterEach(() => {
  render(null, host);
  clearMocks();
});

describe("useList", () => {
  it("goes on past a total that is a lower bound until a page comes back short, then counts exactly", async () => {
    list.typeSearch("many");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(list.papers).toHaveLength(PAGE);
    expect([list.total, list.exact]).toEqual([100, false]);
    for (let i = 0; i < 3; i++) {
      await list.loadMore();
      await settle();
    }
    expect(list.papers).toHaveLength(130);
    expect([list.total, list.exact]).toEqual([130, true]);
  });

  it("lists a plain selection a page at a time: the first at once, the next as it scrolls", async () => {
    list.select({ kind: "starred" });
    await settle();
    expect(list.papers).toHaveLength(PAGE);
    expect(list.total).toBe(120);
    expect(list.found).toBeNull();
    await list.loadMore();
    await settle();
    expect(list.papers.map((p) => p.id)).toEqual(Array.from({ length: 2 * PAGE }, (_, i) => i + 1));
    await list.loadMore();
    await list.loadMore();
    await settle();
    expect(list.papers).toHaveLength(120);
    const asked = calls.filter(([cmd]) => cmd === "find_papers").map(([, a]) => (a as { query: PaperQuery }).query);
    expect(asked.slice(-3).map((q) => [q.offset, q.limit])).toEqual([
      [0, PAGE],
      [PAGE, PAGE],
      [2 * PAGE, PAGE],
    ]);
  });

  it("starts on the remembered selection, the cursor on the remembered paper", () => {
    expect(list.loaded).toBe(true);
    expect(list.papers.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(list.cursor).toBe(1);
    expect(calls).toEqual([["find_papers", { query: { ...scopeQuery({ kind: "all" }), limit: PAGE } }]]);
  });

  it("shows a sidebar click's selection with its list, in one render", async () => {
    const before = renders;
    list.select({ kind: "unread" });
    // Asked for, not yet shown.
    expect(list.want.current.selection).toEqual({ kind: "unread" });
    await settle();
    expect(renders - before).toBe(1);
    expect(list.selection).toEqual({ kind: "unread" });
    expect(calls.at(-1)).toEqual(["find_papers", { query: { ...scopeQuery({ kind: "unread" }), limit: PAGE } }]);
    expect(remember).toHaveBeenLastCalledWith({ last_selection: { kind: "unread" } });
  });

  it("lists nothing for a contradiction, and says why", async () => {
    const before = renders;
    list.select({ kind: "unread" }, { ...noFilters, read: true });
    await settle();
    expect(renders - before).toBe(1);
    expect(list.papers).toEqual([]);
    expect(list.error).toBe(t("search.contradiction"));
  });

  it("sorts For you when the reader chooses it, and says so with the list", async () => {
    list.changeSort("for_you");
    await settle();
    const [, args] = calls.at(-1) as [string, { query: PaperQuery }];
    expect(args.query).toMatchObject({ scope: { kind: "all" }, order: "for_you", offset: 0 });
    expect(args.query.limit).not.toBeNull();
    expect(list.sort).toBe("for_you");
    expect(list.order).toBe("for_you");
    expect(localStorage.getItem("papershelf.sort")).toBe("for_you");
  });

  it("sorts Unread For you by itself once the overview counts enough signals", async () => {
    list.select({ kind: "unread" });
    await settle();
    expect((calls.at(-1)?.[1] as { query: PaperQuery }).query.order).toBeNull();
    list.takeOverview({ ...emptyOverview, for_you_positives: 5 });
    list.select({ kind: "unread" });
    await settle();
    expect((calls.at(-1)?.[1] as { query: PaperQuery }).query.order).toBe("for_you");
    // Not in a digest, unless chosen.
    list.select({ kind: "digest", date: "2025-10-03" });
    await settle();
    expect((calls.at(-1)?.[1] as { query: PaperQuery }).query.order).toBeNull();
  });

  it("patches a row without asking again", async () => {
    list.patch(2, { read: true });
    await settle();
    expect(list.papers[1]?.read).toBe(true);
    expect(calls.length).toBe(1);
  });
});
