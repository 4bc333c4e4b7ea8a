import { describe, expect, it } from "vitest";
import type { ImportResult } from "../bindings";
import { importTotals } from "./importTotals";

describe("imports", () => {
  it("totals an import", () => {
    const result: ImportResult = {
      added: 36,
      updated: 0,
      unchanged: 4,
      files: [
        { path: "a.md", date: "2025-10-03", papers: 36, added: 36, updated: 0, unchanged: 0, warnings: [{ line: 3, message: "x" }], error: null, skipped: null },
        { path: "b.bin", date: null, papers: 0, added: 0, updated: 0, unchanged: 0, warnings: [], error: "not UTF-8", skipped: null },
        { path: "index.md", date: null, papers: 0, added: 0, updated: 0, unchanged: 0, warnings: [], error: null, skipped: "no papers: skipped" },
      ],
    };
    // A skipped file is not an error.
    expect(importTotals(result)).toEqual({ added: 36, updated: 0, unchanged: 4, warnings: 1, errors: 1, skipped: 1 });
  });
});
