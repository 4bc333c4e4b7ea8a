import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { FoundPaper, PaperItem } from "../bindings";
import { noFilters } from "./filters";
import { askList, listRequest, pageOf, type ListWant } from "./request";

afterEach(() => clearMocks());

const unread: ListWant = { selection: { kind: "unread" }, filters: noFilters, search: "" };
const anyFilter = { read: null, starred: null, has_pdf: null, has_note: null, since: null, until: null, keyword: null, tags: [] };

function paper(id: number): PaperItem {
  return { id, arxiv_id: null, title: `Paper ${id}`, keywords: [], read: false, starred: false, has_note: false, has_pdf: false };
}

describe("listRequest", () => {
  it("lists a plain selection whole", () => {
    expect(listRequest(unread, 0, 50)).toEqual({
      command: "list_papers",
      args: { query: { kind: "selection", selection: { kind: "unread" }, keyword: null } },
    });
  });

  it("finds a search or filters a page at a time, inside the selection", () => {
    expect(listRequest({ ...unread, search: " 奖励 " }, 0, 80)).toEqual({
      command: "find_papers",
      args: { request: { query: "奖励", filter: { ...anyFilter, read: false }, offset: 0, limit: 80 } },
    });
    expect(listRequest({ selection: { kind: "all" }, filters: { ...noFilters, tag: "精读" }, search: "" }, 0, 5000)).toEqual({
      command: "find_papers",
      args: { request: { query: "", filter: { ...anyFilter, tags: ["精读"] }, offset: 0, limit: 1000 } },
    });
  });

  it("asks for a later page of results as a find", () => {
    expect(listRequest({ selection: { kind: "all" }, filters: noFilters, search: "" }, 50, 50, true)).toEqual({
      command: "find_papers",
      args: { request: { query: "", filter: anyFilter, offset: 50, limit: 50 } },
    });
  });

  it("asks nothing when the selection contradicts the filters", () => {
    expect(listRequest({ ...unread, filters: { ...noFilters, read: true } }, 0, 50)).toBeNull();
    expect(listRequest({ ...unread, filters: { ...noFilters, read: true } }, 50, 50, true)).toBeNull();
  });
});

describe("askList", () => {
  it("makes one call and gives a page", async () => {
    const seen: Array<[string, unknown]> = [];
    const hit: FoundPaper = { paper: paper(3), title: { text: "Paper 3", hits: [] }, snippet: null, tags: ["精读"] };
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      if (cmd === "list_papers") return [paper(1), paper(2)];
      if (cmd === "find_papers") return { total: 7, offset: 0, papers: [hit], truncated: false };
      return undefined;
    });
    const plain = pageOf(await askList(listRequest(unread, 0, 50)!));
    expect(plain).toEqual({ papers: [paper(1), paper(2)], found: null, total: 2 });
    const found = pageOf(await askList(listRequest({ ...unread, search: "x" }, 0, 50)!));
    expect(found).toEqual({ papers: [paper(3)], found: [hit], total: 7 });
    expect(seen.map(([cmd]) => cmd)).toEqual(["list_papers", "find_papers"]);
  });
});
