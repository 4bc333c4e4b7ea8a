import { afterEach, describe, expect, it, vi } from "vitest";
import { activeFilters, debounce, loadView, noFilters, parseView, saveView, toFilter, usesFind } from "./filters";

afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
});

describe("filters", () => {
  it("counts what is set and decides between listing and finding", () => {
    expect(activeFilters(noFilters)).toBe(0);
    expect(usesFind("", noFilters)).toBe(false);
    expect(usesFind("  ", noFilters)).toBe(false);
    expect(usesFind("奖励", noFilters)).toBe(true);
    const f = { ...noFilters, starred: false, tag: "精读", since: "2025-10-01" };
    expect(activeFilters(f)).toBe(3);
    expect(usesFind("", f)).toBe(true);
  });

  it("turns the filter bar into the query's filter, blanks meaning either", () => {
    expect(toFilter({ ...noFilters, hasNote: true, keyword: " 强化学习 ", tag: "精读", since: " ", author: " López " })).toEqual({
      read: null,
      starred: null,
      has_pdf: null,
      has_note: true,
      since: null,
      until: null,
      keyword: "强化学习",
      tags: ["精读"],
      author: "López",
      category: null,
      new_version: null,
    });
    expect(toFilter({ ...noFilters, read: false, until: "2025-10-03" })).toMatchObject({ read: false, until: "2025-10-03", tags: [] });
  });

  it("turns the category and new-version filters into the same query's filter", () => {
    const f = { ...noFilters, category: " cs.LG ", newVersion: true };
    expect(activeFilters(f)).toBe(2);
    expect(usesFind("", f)).toBe(true);
    expect(toFilter(f)).toMatchObject({ category: "cs.LG", new_version: true });
    expect(toFilter({ ...noFilters, newVersion: false })).toMatchObject({ category: null, new_version: false });
    saveView({ query: "", filters: f });
    expect(loadView().filters).toMatchObject({ category: " cs.LG ", newVersion: true });
    expect(parseView(JSON.stringify({ filters: { category: 3, newVersion: "yes" } })).filters).toMatchObject({ category: "", newVersion: null });
  });

  it("keeps the search and filters in storage and reads back only sane values", () => {
    const view = { query: "奖励", filters: { ...noFilters, read: false, tag: "精读" } };
    saveView(view);
    expect(loadView()).toEqual(view);
    saveView({ query: "", filters: noFilters });
    expect(localStorage.getItem("papershelf.view")).toBeNull();
    expect(parseView("{broken")).toEqual({ query: "", filters: noFilters });
    expect(parseView(JSON.stringify({ query: 3, filters: { read: "yes", tag: 7, since: "2025-10-01" } }))).toEqual({
      query: "",
      filters: { ...noFilters, since: "2025-10-01" },
    });
  });

  it("debounces: one call 150 ms after the last push; flush runs at once", () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const d = debounce(run, 150);
    d.push("q");
    d.push("qu");
    vi.advanceTimersByTime(149);
    expect(run).not.toHaveBeenCalled();
    d.push("qua");
    vi.advanceTimersByTime(150);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenLastCalledWith("qua");
    d.push("quan");
    d.flush("quant");
    vi.advanceTimersByTime(500);
    expect(run).toHaveBeenCalledTimes(2);
    expect(run).toHaveBeenLastCalledWith("quant");
  });
});
