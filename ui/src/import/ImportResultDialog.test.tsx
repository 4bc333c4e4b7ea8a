import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FileResult, ImportResult } from "../bindings";
import { ImportResultDialog } from "./ImportResultDialog";

let host: HTMLElement;

beforeEach(() => {
  host = document.createElement("div");
  document.body.appendChild(host);
});

afterEach(() => {
  render(null, host);
  host.remove();
});

const file = (path: string, patch: Partial<FileResult>): FileResult => ({
  path,
  date: null,
  papers: 0,
  added: 0,
  updated: 0,
  unchanged: 0,
  warnings: [],
  error: null,
  skipped: null,
  ...patch,
});

describe("the import result", () => {
  it("shows a skipped file as a note, not an error", async () => {
    const result: ImportResult = {
      added: 1,
      updated: 0,
      unchanged: 0,
      files: [
        file("2026-06-12/2510.01051.md", { date: "2026-06-12", papers: 1, added: 1 }),
        file("2026-06-12/index.md", { skipped: "no papers: skipped (it links no arXiv paper and names none by its id)" }),
        file("broken.bin", { error: "not UTF-8 text" }),
      ],
    };
    await act(async () => {
      render(<ImportResultDialog result={result} onClose={() => {}} />, host);
    });
    const rows = [...host.querySelectorAll("[data-testid=import-file]")];
    expect(rows.map((r) => r.classList.contains("has-error"))).toEqual([false, false, true]);
    expect(rows[1]!.querySelector(".import-skipped")?.textContent).toContain("no papers: skipped");
    expect(rows[1]!.querySelector(".import-error")).toBeNull();
    expect(host.querySelector("[data-testid=import-skipped]")?.textContent).toContain("1");
  });

  it("says nothing of skipping when nothing was skipped", async () => {
    const result: ImportResult = { added: 1, updated: 0, unchanged: 0, files: [file("a.md", { papers: 1, added: 1 })] };
    await act(async () => {
      render(<ImportResultDialog result={result} onClose={() => {}} />, host);
    });
    expect(host.querySelector("[data-testid=import-skipped]")).toBeNull();
  });
});
