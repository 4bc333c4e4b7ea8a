import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DigestItem, ExportDone, PaperQuery, TagItem } from "../bindings";
import { noFilters } from "../list/filters";
import type { ListWant } from "../list/request";
import { ExportDialog } from "./ExportDialog";

const calls: { command: string; args: Record<string, unknown> }[] = [];
let answer: ExportDone | Error;

/** The library: how many papers each scope lists. */
function total(query: PaperQuery): number {
  if (query.text !== "") return 7;
  switch (query.scope.kind) {
    case "starred":
      return 2;
    case "digest":
      return query.scope.date === "2025-10-03" ? 36 : 5;
    case "tag":
      return 1;
    default:
      return 0;
  }
}

vi.mock("@tauri-apps/plugin-dialog", () => ({
  save: vi.fn(async () => "/chosen/refs.bib"),
  open: vi.fn(async () => "/chosen/vault"),
}));

vi.mock("../ipc", async (original) => {
  const actual = await original<typeof import("../ipc")>();
  return {
    ...actual,
    call: vi.fn(async (command: string, args: Record<string, unknown> = {}) => {
      calls.push({ command, args });
      if (command === "export_folder") return "/home/me/Documents";
      if (command === "find_papers") return { papers: [], total: total(args.query as PaperQuery), total_exact: true, truncated: false, contradiction: false };
      if (command === "export_papers") {
        if (answer instanceof Error) throw answer;
        return answer;
      }
      throw new Error(`unexpected ${command}`);
    }),
  };
});

const digests: DigestItem[] = [
  { date: "2025-10-01", name: "2025-10-01.md", papers: 5, unread: 5 },
  { date: "2025-10-03", name: "2025-10-03.md", papers: 36, unread: 30 },
];
const tags: TagItem[] = [{ name: "thesis", papers: 1 }];

let host: HTMLElement;

beforeEach(() => {
  host = document.createElement("div");
  document.body.appendChild(host);
  calls.length = 0;
  localStorage.clear();
  answer = { path: "/home/me/Documents/papershelf-starred.bib", papers: 2, notes: null };
});

afterEach(() => {
  render(null, host);
  host.remove();
});

const $ = <T extends Element = HTMLElement>(testId: string) => host.querySelector<T>(`[data-testid=${testId}]`);

async function settle() {
  for (let i = 0; i < 5; i++) await act(async () => await Promise.resolve());
}

async function open(list: ListWant = { selection: { kind: "starred" }, filters: noFilters, search: "" }) {
  await act(async () => {
    render(<ExportDialog list={list} listTitle="Starred" digests={digests} tags={tags} onClose={() => {}} />, host);
  });
  await settle();
}

async function click(el: Element | null) {
  await act(async () => {
    (el as HTMLElement).click();
  });
  await settle();
}

async function type(input: HTMLInputElement | null, value: string) {
  await act(async () => {
    input!.value = value;
    input!.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await settle();
}

async function pick(select: HTMLSelectElement | null, value: string) {
  await act(async () => {
    select!.value = value;
    select!.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await settle();
}

const radio = (testId: string) => $(testId)!.querySelector("input")!;

describe("the Export dialog", () => {
  it("starts on the list as shown, as BibTeX, in Documents, with its count", async () => {
    await open();
    expect(radio("export-scope-list").checked).toBe(true);
    expect(radio("export-format-bibtex").checked).toBe(true);
    expect($<HTMLInputElement>("export-path")!.value).toBe("/home/me/Documents/papershelf-starred.bib");
    expect($("export-count")!.dataset.count).toBe("2");
    expect($("export-count")!.textContent).toContain("2 papers");
    // The newest digest is offered first; tags only when there are some.
    expect($<HTMLSelectElement>("export-digest")!.value).toBe("2025-10-03");
    expect($("export-tag")).not.toBeNull();
  });

  it("follows the papers and the format in the count and the default path", async () => {
    await open();
    await click(radio("export-scope-digest"));
    expect($("export-count")!.dataset.count).toBe("36");
    expect($<HTMLInputElement>("export-path")!.value).toBe("/home/me/Documents/papershelf-2025-10-03.bib");
    await pick($("export-digest"), "2025-10-01");
    expect($("export-count")!.dataset.count).toBe("5");
    await click(radio("export-scope-tag"));
    expect($("export-count")!.dataset.count).toBe("1");
    expect($("export-force")).toBeNull();
    await click(radio("export-format-markdown"));
    expect($<HTMLInputElement>("export-path")!.value).toBe("/home/me/Documents/papershelf-thesis");
    expect($("export-force")).not.toBeNull();
    await click(radio("export-format-csl_json"));
    expect($<HTMLInputElement>("export-path")!.value).toBe("/home/me/Documents/papershelf-thesis.csl.json");
  });

  it("exports the list with its search and filters, and says where it wrote", async () => {
    await open({ selection: { kind: "starred" }, filters: { ...noFilters, read: false }, search: "reward" });
    expect($("export-count")!.dataset.count).toBe("7");
    await type($("export-path"), "/tmp/out/mine.bib");
    await click($("export-run"));
    const run = calls.find((c) => c.command === "export_papers")!;
    expect(run.args).toMatchObject({ format: "bibtex", path: "/tmp/out/mine.bib", replace: false, force: false });
    expect((run.args.query as PaperQuery).text).toBe("reward");
    expect((run.args.query as PaperQuery).filter.read).toBe(false);
    expect($("export-summary")!.textContent).toContain("2 papers");
    expect($("export-result-path")!.textContent).toBe("/home/me/Documents/papershelf-starred.bib");
    // The next export starts in that folder, in that format.
    expect(localStorage.getItem("papershelf.exportFolder")).toBe("/home/me/Documents");
  });

  it("keeps a typed path through a change of format, moving its extension", async () => {
    await open();
    await type($("export-path"), "/tmp/refs.bib");
    await click(radio("export-format-ris"));
    expect($<HTMLInputElement>("export-path")!.value).toBe("/tmp/refs.ris");
    await click(radio("export-scope-starred"));
    expect($<HTMLInputElement>("export-path")!.value).toBe("/tmp/refs.ris");
  });

  it("asks before replacing a file, and replaces it when told", async () => {
    const { AppError } = await import("../ipc");
    answer = new AppError("exists", "/home/me/Documents/papershelf-starred.bib exists already");
    await open();
    await click($("export-run"));
    expect($("export-error")!.textContent).toContain("exists already");
    answer = { path: "/home/me/Documents/papershelf-starred.bib", papers: 2, notes: null };
    await click($("export-replace"));
    expect(calls.filter((c) => c.command === "export_papers").map((c) => c.args.replace)).toEqual([false, true]);
    expect($("export-result")).not.toBeNull();
  });

  it("writes nothing when the papers chosen are none, and says so", async () => {
    await open({ selection: { kind: "all" }, filters: noFilters, search: "" });
    expect($("export-count")!.dataset.count).toBe("0");
    await click($("export-run"));
    expect($("export-error")!.textContent).toContain("No papers to export");
    expect(calls.some((c) => c.command === "export_papers")).toBe(false);
  });

  it("says what went wrong and stays open", async () => {
    const { AppError } = await import("../ipc");
    answer = new AppError("failed", "cannot write in /root: Permission denied; choose a folder you can write to");
    await open();
    await click($("export-run"));
    expect($("export-error")!.textContent).toContain("choose a folder you can write to");
    expect($("export-replace")).toBeNull();
    expect($("export-result")).toBeNull();
  });

  it("uses the native save dialog's path as confirmed", async () => {
    await open();
    await click($("export-choose"));
    expect($<HTMLInputElement>("export-path")!.value).toBe("/chosen/refs.bib");
    await click($("export-run"));
    expect(calls.find((c) => c.command === "export_papers")!.args).toMatchObject({ path: "/chosen/refs.bib", replace: true });
  });

  it("reports notes written, unchanged and kept, and overwrites the kept ones when asked", async () => {
    answer = {
      path: "/v",
      papers: 3,
      notes: { written: 1, unchanged: 1, overwritten: 0, kept_edited: ["2509.25454.md"], kept_foreign: [] },
    };
    await open();
    await click(radio("export-format-markdown"));
    await click($("export-choose"));
    expect($<HTMLInputElement>("export-path")!.value).toBe("/chosen/vault");
    await click($("export-run"));
    expect($("export-written")!.textContent).toContain("1");
    expect($("export-unchanged")!.textContent).toContain("1");
    expect($("export-kept")!.textContent).toContain("1");
    expect(host.textContent).toContain("2509.25454.md");
    answer = { path: "/v", papers: 3, notes: { written: 2, unchanged: 1, overwritten: 1, kept_edited: [], kept_foreign: [] } };
    await click($("export-overwrite"));
    const runs = calls.filter((c) => c.command === "export_papers").map((c) => c.args);
    expect(runs.map((r) => [r.format, r.force])).toEqual([
      ["markdown", false],
      ["markdown", true],
    ]);
    expect($("export-kept")!.textContent).toContain("0");
    expect($("export-overwrite")).toBeNull();
  });
});
