import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { FoundPaper, PaperItem } from "../bindings";
import { noFilters } from "./filters";
import { askList, FOR_YOU_MIN_POSITIVES, listQuery, orderFor, pageOf, scopeQuery, showsResults, type ListWant } from "./request";

afterEach(() => clearMocks());

const unread: ListWant = { selection: { kind: "unread" }, filters: noFilters, search: "" };
const anyFilter = { read: null, starred: null, has_pdf: null, has_note: null, since: null, until: null, keyword: null, tags: [], author: null, category: null, new_version: null };

function paper(id: number): PaperItem {
  return { id, arxiv_id: null, title: `Paper ${id}`, keywords: [], read: false, starred: false, has_note: false, has_pdf: false, tags: [], authors: [], new_version: null };
}

describe("listQuery", () => {
  it("lists a plain selection a page at a time, in its own order, without search results", () => {
    expect(listQuery(unread, 0, 50)).toEqual({ scope: { kind: "unread" }, filter: anyFilter, text: "", order: null, offset: 0, limit: 50 });
    expect(showsResults(unread)).toBe(false);
    expect(showsResults({ ...unread, search: "x" })).toBe(true);
    expect(showsResults({ ...unread, filters: { ...noFilters, starred: true } })).toBe(true);
    expect(showsResults({ ...unread, order: "for_you" })).toBe(true);
  });

  it("downloads a whole scope", () => {
    expect(scopeQuery({ kind: "unread" })).toEqual({ ...listQuery(unread, 0, 50), limit: null });
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
    expect(listQuery({ selection: { kind: "all" }, filters: noFilters, search: "" }, 50, 50)).toMatchObject({ offset: 50, limit: 50 });
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
      const { query } = args as { query: { text: string } };
      if (query.text === "") return { total: 2, offset: 0, papers: [{ paper: paper(1) }, { paper: paper(2) }], total_exact: true, truncated: false, contradiction: false };
      return { total: 7, offset: 0, papers: [hit], total_exact: true, truncated: false, contradiction: false };
    });
    const plain = pageOf(await askList(listQuery(unread, 0, 50)), showsResults(unread));
    expect(plain).toEqual({ papers: [paper(1), paper(2)], found: null, total: 2, exact: true, contradiction: false, forYou: null });
    const search = { ...unread, search: "x" };
    const found = pageOf(await askList(listQuery(search, 0, 50)), showsResults(search));
    expect(found).toEqual({ papers: [paper(3)], found: [hit], total: 7, exact: true, contradiction: false, forYou: null });
    expect(seen.map(([cmd]) => cmd)).toEqual(["find_papers", "find_papers"]);
  });
});
