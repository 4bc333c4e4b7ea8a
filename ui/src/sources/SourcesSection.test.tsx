import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SourceItem, SourcesView } from "../bindings";
import { SourcesSection } from "./SourcesSection";

const calls: { command: string; args: unknown }[] = [];
let view: SourcesView;
let picked: string | null = "/home/r/digests";

vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(async () => picked) }));

const folder: SourceItem = {
  id: 1,
  kind: "folder",
  location: "/home/r/digests",
  recursive: true,
  since: null,
  last: { at: "2025-10-04T08:00:00.000Z", imported: 1, unchanged: 3, added: 12, failed: [{ file: "bad.md", line: 4, message: "no date" }] },
};

vi.mock("../ipc", async (original) => {
  const actual = await original<typeof import("../ipc")>();
  return {
    ...actual,
    onSourcesSynced: vi.fn(async () => () => {}),
    call: vi.fn(async (command: string, args?: { template?: string; path?: string; recursive?: boolean; id?: number; minutes?: number }) => {
      calls.push({ command, args });
      if (command === "list_sources" || command === "sync_sources") return view;
      if (command === "add_folder_source") {
        const added = { ...folder, id: 2, location: args!.path!, recursive: args!.recursive!, last: null };
        view = { ...view, sources: [...view.sources, added] };
        return added;
      }
      if (command === "test_source") {
        if (!args!.template!.includes("{date}")) throw new actual.AppError("refused", `${args!.template} is not a usable URL template: it names no day`);
        return { date: "2025-10-04", url: "https://x.org/2025-10-04.md", papers: 7 };
      }
      if (command === "remove_source") {
        view = { ...view, sources: view.sources.filter((s) => s.id !== args!.id) };
        return null;
      }
      if (command === "set_sources_every") {
        view = { ...view, every_minutes: args!.minutes! };
        return view;
      }
      throw new Error(`unexpected ${command}`);
    }),
  };
});

let host: HTMLElement;

beforeEach(() => {
  calls.length = 0;
  view = { sources: [folder], every_minutes: 60 };
  picked = "/home/r/more";
  host = document.createElement("div");
  document.body.appendChild(host);
});

afterEach(() => {
  render(null, host);
  host.remove();
});

async function mount() {
  await act(async () => {
    render(<SourcesSection />, host);
  });
  await act(async () => {});
}

const $ = (id: string) => host.querySelector<HTMLElement>(`[data-testid=${id}]`);
const $doc = (id: string) => document.querySelector<HTMLElement>(`[data-testid=${id}]`);

async function click(el: HTMLElement | null) {
  await act(async () => {
    el!.click();
  });
  await act(async () => {});
}

async function type(input: HTMLElement | null, value: string) {
  await act(async () => {
    (input as HTMLInputElement).value = value;
    input!.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

describe("Settings → Sources", () => {
  it("shows each source's kind, location, last result and failures", async () => {
    await mount();
    const row = $("source")!;
    expect(row.dataset.kind).toBe("folder");
    expect(row.textContent).toContain("/home/r/digests");
    expect(row.textContent).toContain("with subfolders");
    expect($("source-result")!.textContent).toContain("1 imported · 3 unchanged · 1 failed");
    expect($("source-failures")!.textContent).toBe("bad.md, line 4: no date");
  });

  it("adds a folder through the dialog, recursive when asked", async () => {
    await mount();
    await click($("sources-recursive"));
    await click($("sources-add-folder"));
    expect(calls.find((c) => c.command === "add_folder_source")?.args).toEqual({ path: "/home/r/more", recursive: true });
    expect(host.querySelectorAll("[data-testid=source]").length).toBe(2);
    // The dialog cancelled: nothing is sent.
    picked = null;
    calls.length = 0;
    await click($("sources-add-folder"));
    expect(calls.map((c) => c.command)).toEqual([]);
  });

  it("tests a template, saying how many papers, and says why a bad one is refused", async () => {
    await mount();
    await type($("sources-template"), "https://x.org/{date}.md");
    await click($("sources-test"));
    expect($("sources-tested")!.textContent).toBe("7 papers in the file of 2025-10-04: they would be imported.");
    expect(calls.some((c) => c.command === "add_url_source")).toBe(false);
    await type($("sources-template"), "https://x.org/digest.md");
    expect($("sources-tested")).toBeNull();
    await click($("sources-test"));
    expect($("sources-error")!.textContent).toContain("it names no day");
  });

  it("removes a source only once confirmed, and sets the interval", async () => {
    await mount();
    await click($("source-remove"));
    expect(calls.some((c) => c.command === "remove_source")).toBe(false);
    await click($doc("source-remove-confirm-button"));
    expect(calls.find((c) => c.command === "remove_source")?.args).toEqual({ id: 1 });
    expect($("source")).toBeNull();
    const every = $("sources-every") as HTMLSelectElement;
    await act(async () => {
      every.value = "180";
      every.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await act(async () => {});
    expect(calls.find((c) => c.command === "set_sources_every")?.args).toEqual({ minutes: 180 });
    expect(($("sources-every") as HTMLSelectElement).value).toBe("180");
  });
});
