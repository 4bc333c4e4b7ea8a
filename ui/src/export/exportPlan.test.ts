import { describe, expect, it } from "vitest";
import { noFilters } from "../list/filters";
import type { ListWant } from "../list/request";
import { baseName, defaultPath, folderOf, joinPath, loadLast, saveLast, targetQuery, withFormat } from "./exportPlan";

const starredList: ListWant = { selection: { kind: "starred" }, filters: noFilters, search: "" };
const searching: ListWant = { selection: { kind: "digest", date: "2025-10-03" }, filters: { ...noFilters, read: false }, search: " reward " };

describe("what an export writes", () => {
  it("exports the list as shown: its selection, filters and search, whole", () => {
    const q = targetQuery({ kind: "list" }, searching);
    expect(q.scope).toEqual({ kind: "digest", date: "2025-10-03" });
    expect(q.filter.read).toBe(false);
    expect(q.text).toBe("reward");
    expect([q.offset, q.limit, q.order]).toEqual([0, null, null]);
  });

  it("exports Starred, a digest or a tag without the list's filters", () => {
    for (const [target, scope] of [
      [{ kind: "starred" }, { kind: "starred" }],
      [{ kind: "digest", date: "2025-10-01" }, { kind: "digest", date: "2025-10-01" }],
      [{ kind: "tag", name: "精读" }, { kind: "tag", name: "精读" }],
    ] as const) {
      const q = targetQuery(target, searching);
      expect(q.scope).toEqual(scope);
      expect(q.text).toBe("");
      expect(q.filter.read).toBeNull();
      expect(q.limit).toBeNull();
    }
  });

  it("names the file after the papers and the format", () => {
    expect(defaultPath("/home/me/Documents", { kind: "starred" }, starredList, "bibtex")).toBe("/home/me/Documents/papershelf-starred.bib");
    expect(defaultPath("/home/me/", { kind: "digest", date: "2025-10-03" }, starredList, "csl_json")).toBe("/home/me/papershelf-2025-10-03.csl.json");
    expect(defaultPath("/home/me", { kind: "list" }, starredList, "markdown")).toBe("/home/me/papershelf-starred");
    expect(defaultPath("C:\\Users\\me\\Documents", { kind: "tag", name: "a/b: c?" }, starredList, "ris")).toBe("C:\\Users\\me\\Documents\\papershelf-a-b- c.ris");
    expect(baseName({ kind: "list" }, searching)).toBe("papershelf-search");
    expect(baseName({ kind: "list" }, { ...starredList, selection: { kind: "all" } })).toBe("papershelf-all");
    expect(baseName({ kind: "tag", name: "..." }, starredList)).toBe("papershelf-tag");
  });

  it("moves a chosen path to another format by its extension, and leaves other names alone", () => {
    expect(withFormat("/x/refs.bib", "bibtex", "ris")).toBe("/x/refs.ris");
    expect(withFormat("/x/refs.bib", "bibtex", "csl_json")).toBe("/x/refs.csl.json");
    expect(withFormat("/x/refs.csl.json", "csl_json", "markdown")).toBe("/x/refs");
    expect(withFormat("/x/vault/", "markdown", "json")).toBe("/x/vault.json");
    expect(withFormat("/x/my.txt", "bibtex", "ris")).toBe("/x/my.txt");
  });

  it("splits and joins paths of either system", () => {
    expect(joinPath("/a", "b.bib")).toBe("/a/b.bib");
    expect(joinPath("", "b.bib")).toBe("b.bib");
    expect(folderOf("/a/b.bib")).toBe("/a");
    expect(folderOf("/b.bib")).toBe("/");
    expect(folderOf("C:\\x\\b.bib")).toBe("C:\\x");
    expect(folderOf("b.bib")).toBe("");
  });

  it("starts the next export where the last one went", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as unknown as Storage;
    expect(loadLast(storage)).toEqual({ folder: null, format: "bibtex" });
    saveLast("/home/me/papers/refs.ris", "ris", storage);
    expect(loadLast(storage)).toEqual({ folder: "/home/me/papers", format: "ris" });
    store.set("papershelf.exportFormat", "nonsense");
    expect(loadLast(storage).format).toBe("bibtex");
  });
});
