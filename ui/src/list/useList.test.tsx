import { render } from "preact";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PaperItem } from "../bindings";
import { t } from "../i18n";
import { noFilters } from "./filters";
import { useList, type List } from "./useList";

function paper(id: number): PaperItem {
  return { id, arxiv_id: null, title: `Paper ${id}`, keywords: [], read: false, starred: false, has_note: false, has_pdf: false };
}

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
    if (cmd === "list_papers") return [paper(1), paper(2), paper(3)];
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
  it("starts on the remembered selection, the cursor on the remembered paper", () => {
    expect(list.loaded).toBe(true);
    expect(list.papers.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(list.cursor).toBe(1);
    expect(calls).toEqual([["list_papers", { query: { kind: "selection", selection: { kind: "all" }, keyword: null } }]]);
  });

  it("shows a sidebar click's selection with its list, in one render", async () => {
    const before = renders;
    list.select({ kind: "unread" });
    // Asked for, not yet shown.
    expect(list.want.current.selection).toEqual({ kind: "unread" });
    await settle();
    expect(renders - before).toBe(1);
    expect(list.selection).toEqual({ kind: "unread" });
    expect(calls.at(-1)).toEqual(["list_papers", { query: { kind: "selection", selection: { kind: "unread" }, keyword: null } }]);
    expect(remember).toHaveBeenLastCalledWith({ last_selection: { kind: "unread" } });
  });

  it("lists nothing for a contradiction, without asking", async () => {
    const asked = calls.length;
    const before = renders;
    list.select({ kind: "unread" }, { ...noFilters, read: true });
    await settle();
    expect(renders - before).toBe(1);
    expect(calls.length).toBe(asked);
    expect(list.papers).toEqual([]);
    expect(list.error).toBe(t("search.contradiction"));
  });

  it("patches a row without asking again", async () => {
    list.patch(2, { read: true });
    await settle();
    expect(list.papers[1]?.read).toBe(true);
    expect(calls.length).toBe(1);
  });
});
