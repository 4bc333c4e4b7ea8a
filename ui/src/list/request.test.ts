import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { FoundPaper, PaperItem } from "../bindings";
import { noFilters } from "./filters";
import { askList, FOR_YOU_MIN_POSITIVES, listQuery, orderFor, pageOf, scopeQuery, type ListWant } from "./request";

afterEach(() => clearMocks());

const unread: ListWant = { selection: { kind: "unread" }, filters: noFilters, search: "" };
const anyFilter = { read: null, starred: null, has_pdf: null, has_note: null, since: null, until: null, keyword: null, tags: [], author: null, category: null, new_version: null };

function paper(id: number): PaperItem {
  return { id, arxiv_id: null, title: `Paper ${id}`, keywords: [], read: false, starred: false, has_note: false, has_pdf: false, tags: [], authors: [], new_version: null };
}

describe("listQuery", () => {
  it("lists a plain selection whole, in its own order", () => {
    expect(listQuery(unread, 0, 50)).toEqual({ scope: { kind: "unread" }, filter: anyFilter, text: "", order: null, offset: 0, limit: null });
    expect(scopeQuery({ kind: "unread" })).toEqual(listQuery(unread, 0, 50));
  });

  it("finds a search or filters a page at a time, inside the selection", () => {
    expect(listQuery({ ...unread, search: " 奖励 " }, 0, 80)).toEqual({
      scope: { kind: "unread" },
      filter: anyFilter,
      text: "奖励",
      order: null,
      offset: 0,
      limit: 80,
    });
    expect(listQuery({ selection: { kind: "all" }, filters: { ...noFilters, tag: "精读" }, search: "" }, 0, 5000)).toMatchObject({
      filter: { ...anyFilter, tags: ["精读"] },
      limit: 1000,
    });
  });

  it("asks for a later page of results", () => {
    expect(listQuery({ selection: { kind: "all" }, filters: noFilters, search: "" }, 50, 50, true)).toMatchObject({ offset: 50, limit: 50 });
  });

  it("leaves a selection contradicting the filters to core", () => {
    expect(listQuery({ ...unread, filters: { ...noFilters, read: true } }, 0, 50)).toMatchObject({
      scope: { kind: "unread" },
      filter: { ...anyFilter, read: true },
    });
  });
});

describe("orderFor", () => {
  it("sorts New and Unread For you by default once the reader gave enough signals", () => {
    expect(orderFor("auto", { kind: "unread" }, FOR_YOU_MIN_POSITIVES - 1)).toBeNull();
    expect(orderFor("auto", { kind: "unread" }, FOR_YOU_MIN_POSITIVES)).toBe("for_you");
    expect(orderFor("auto", { kind: "new" }, FOR_YOU_MIN_POSITIVES)).toBe("for_you");
    expect(orderFor("auto", { kind: "digest", date: "2025-10-03" }, 99)).toBeNull();
  });

  it("follows the reader's choice anywhere", () => {
    expect(orderFor("for_you", { kind: "digest", date: "2025-10-03" }, 0)).toBe("for_you");
    expect(orderFor("listed", { kind: "unread" }, 99)).toBeNull();
  });

  it("asks a For you list a page at a time, so each paper comes with its reasons", () => {
    expect(listQuery({ ...unread, order: "for_you" }, 0, 80)).toMatchObject({ order: "for_you", offset: 0, limit: 80 });
  });
});

describe("askList", () => {
  it("makes one call and gives a page", async () => {
    const seen: Array<[string, unknown]> = [];
    const hit: FoundPaper = { paper: paper(3), title: { text: "Paper 3", hits: [] } };
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      const { query } = args as { query: { limit: number | null } };
      if (query.limit === null) return { total: 2, offset: 0, papers: [{ paper: paper(1) }, { paper: paper(2) }], truncated: false, contradiction: false };
      return { total: 7, offset: 0, papers: [hit], truncated: false, contradiction: false };
    });
    const plainQuery = listQuery(unread, 0, 50);
    const plain = pageOf(plainQuery, await askList(plainQuery));
    expect(plain).toEqual({ papers: [paper(1), paper(2)], found: null, total: 2, contradiction: false, forYou: null });
    const searchQuery = listQuery({ ...unread, search: "x" }, 0, 50);
    const found = pageOf(searchQuery, await askList(searchQuery));
    expect(found).toEqual({ papers: [paper(3)], found: [hit], total: 7, contradiction: false, forYou: null });
    expect(seen.map(([cmd]) => cmd)).toEqual(["find_papers", "find_papers"]);
  });
});
