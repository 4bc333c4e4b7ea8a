import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BackupItem, PdfSource, RestorePreview, Settings } from "../bindings";
import { SettingsDialog } from "./SettingsDialog";

const calls: { command: string; args: unknown }[] = [];
let saved: PdfSource;
let backups: BackupItem[];
let metadataAuto: boolean;

const backup = (name: string, papers: number, notes: number): BackupItem => ({
  name,
  taken_at: `${name.slice(8, 12)}-${name.slice(12, 14)}-${name.slice(14, 16)}T${name.slice(17, 19)}:00:00Z`,
  size: 4096,
  papers,
  notes,
  before_restore: false,
});

// Settings → Sources has its own tests (sources/SourcesSection.test.tsx).
vi.mock("../sources/SourcesSection", () => ({ SourcesSection: () => null }));

vi.mock("../ipc", async (original) => {
  const actual = await original<typeof import("../ipc")>();
  return {
    ...actual,
    call: vi.fn(async (command: string, args?: { base?: string | null; name?: string }) => {
      calls.push({ command, args });
      if (command === "get_pdf_source") return saved;
      if (command === "get_metadata_auto") return metadataAuto;
      if (command === "set_metadata_auto") {
        metadataAuto = (args as unknown as { on: boolean }).on;
        return metadataAuto;
      }
      if (command === "list_backups") return backups;
      if (command === "back_up_now") {
        const made = backup("library-20261203-100000.sqlite3", 12, 5);
        backups = [made, ...backups];
        return made;
      }
      if (command === "preview_restore") {
        const preview: RestorePreview = {
          backup: backups.find((b) => b.name === args?.name)!,
          changes: [
            { name: "papers", before: 12, after: 12 },
            { name: "notes", before: 214, after: 198 },
            { name: "read", before: 3, after: 3 },
            { name: "starred", before: 1, after: 0 },
            { name: "tags", before: 2, after: 2 },
          ],
          current_readable: true,
        };
        return preview;
      }
      if (command === "restore_backup") {
        backups = [{ ...backup("library-20261203-110000-before-restore.sqlite3", 12, 214), before_restore: true }, ...backups];
        return { changes: [{ name: "notes", before: 214, after: 198 }], kept: "/lib/backups/x", status: { dir: "/lib", problem: null, newest_backup: null } };
      }
      if (command === "set_pdf_source") {
        const base = args?.base ?? null;
        if (base !== null && !base.startsWith("http")) {
          throw new actual.AppError("refused", `pdf-base=\`${base}\` is not valid: expected an http(s) URL such as https://export.arxiv.org`);
        }
        saved = { saved: base, effective: base ?? "https://arxiv.org", from_env: false };
        return saved;
      }
      throw new Error(`unexpected ${command}`);
    }),
  };
});

const settings: Settings = { language: "en", mark_read_on_open: false, allowed_hosts: [], last_selection: null, last_paper: null, library_dir: null, mute_new_papers: false };
let host: HTMLElement;

beforeEach(() => {
  calls.length = 0;
  saved = { saved: null, effective: "https://arxiv.org", from_env: false };
  backups = [backup("library-20261201-090000.sqlite3", 12, 198)];
  metadataAuto = true;
  host = document.createElement("div");
  document.body.appendChild(host);
});

afterEach(() => {
  render(null, host);
  host.remove();
});

async function mount() {
  const onSave = vi.fn(async (_: Settings) => null);
  const onClose = vi.fn();
  await act(async () => {
    render(<SettingsDialog settings={settings} libraryDir="/lib" onSave={onSave} onClose={onClose} />, host);
  });
  await act(async () => {});
  return { onSave, onClose, input: host.querySelector<HTMLInputElement>("[data-testid=settings-pdf-source]")! };
}

async function typeAndSave(input: HTMLInputElement, value: string) {
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await act(async () => {
    host.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });
  await act(async () => {});
}

describe("SettingsDialog's metadata setting", () => {
  it("shows the library's setting and saves a change only", async () => {
    const { onSave } = await mount();
    const box = host.querySelector<HTMLInputElement>("[data-testid=settings-metadata-auto]")!;
    expect(box.checked).toBe(true);
    expect(host.textContent).toContain("Fetch authors and dates from arXiv after import");
    await act(async () => {
      box.click();
    });
    await act(async () => {
      host.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await act(async () => {});
    expect(calls.filter((c) => c.command === "set_metadata_auto")).toEqual([{ command: "set_metadata_auto", args: { on: false } }]);
    expect(metadataAuto).toBe(false);
    expect(onSave).toHaveBeenCalledOnce();

    render(null, host);
    calls.length = 0;
    await mount();
    expect(host.querySelector<HTMLInputElement>("[data-testid=settings-metadata-auto]")!.checked).toBe(false);
    await act(async () => {
      host.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    expect(calls.filter((c) => c.command === "set_metadata_auto")).toEqual([]);
  });
});

describe("SettingsDialog's PDF source", () => {
  it("shows a refused URL plainly, keeps the dialog open and saves nothing else", async () => {
    const { onSave, onClose, input } = await mount();
    expect(input.disabled).toBe(false);
    await typeAndSave(input, "ftp://mirror.example");
    const error = host.querySelector("[data-testid=settings-error]");
    expect(error?.textContent).toContain("pdf-base=`ftp://mirror.example` is not valid");
    expect(onSave).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it("sets a mirror, then a blank field resets to arXiv; an unchanged field is not sent", async () => {
    let { onSave, onClose, input } = await mount();
    await typeAndSave(input, " http://127.0.0.1:8080 ");
    expect(calls.filter((c) => c.command === "set_pdf_source")).toEqual([{ command: "set_pdf_source", args: { base: "http://127.0.0.1:8080" } }]);
    expect(onSave).toHaveBeenCalledOnce();
    expect(onClose).toHaveBeenCalledOnce();

    render(null, host);
    calls.length = 0;
    ({ onSave, input } = await mount());
    expect(input.value).toBe("http://127.0.0.1:8080");
    await typeAndSave(input, "http://127.0.0.1:8080/");
    expect(calls.map((c) => c.command).filter((c) => c !== "list_backups" && c !== "app_info")).toEqual(["get_metadata_auto", "get_pdf_source"]);
    expect(onSave).toHaveBeenCalledOnce();

    render(null, host);
    ({ input } = await mount());
    await typeAndSave(input, "");
    expect(saved.saved).toBeNull();
  });

  it("says when the environment overrides the setting", async () => {
    saved = { saved: "https://export.arxiv.org", effective: "http://127.0.0.1:9", from_env: true };
    await mount();
    expect(host.querySelector("[data-testid=settings-pdf-source-env]")?.textContent).toContain("http://127.0.0.1:9");
  });
});

describe("SettingsDialog's notifications", () => {
  it("are on by default and the switch turns them off", async () => {
    const { onSave } = await mount();
    const box = host.querySelector<HTMLInputElement>("[data-testid=settings-notify]")!;
    expect(box.checked).toBe(true);
    await act(async () => {
      box.click();
    });
    await act(async () => {
      host.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    });
    await act(async () => {});
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ mute_new_papers: true }));
  });
});

describe("Settings → Library", () => {
  const rows = () => [...host.querySelectorAll<HTMLElement>("[data-testid=backup]")];
  const click = async (el: Element | null) => {
    await act(async () => {
      (el as HTMLElement).click();
    });
    await act(async () => {});
  };

  it("lists the backups and Back up now adds one", async () => {
    await mount();
    expect(rows().map((r) => r.dataset.name)).toEqual(["library-20261201-090000.sqlite3"]);
    expect(rows()[0]?.textContent).toContain("12 papers · 198 notes");
    await click(host.querySelector("[data-testid=backup-now]"));
    expect(rows()).toHaveLength(2);
    expect(host.querySelector("[data-testid=backups-message]")?.textContent).toBe("Backed up: 12 papers, 5 notes.");
  });

  it("restores only after a confirmation that says what changes", async () => {
    await mount();
    await click(host.querySelector("[data-testid=backup-restore]"));
    const confirm = host.querySelector("[data-testid=restore-confirm]");
    expect(confirm).not.toBeNull();
    const lines = [...host.querySelectorAll("[data-testid=restore-changes] tr")].map((tr) => tr.textContent);
    expect(lines.slice(0, 2)).toEqual(["Notes214→198", "Starred1→0"]);
    expect(calls.some((c) => c.command === "restore_backup")).toBe(false);
    // Cancel changes nothing.
    await click([...confirm!.querySelectorAll("button")].find((b) => b.textContent === "Cancel")!);
    expect(host.querySelector("[data-testid=restore-confirm]")).toBeNull();
    expect(calls.some((c) => c.command === "restore_backup")).toBe(false);
    // Confirmed: restored, said, and the list shows the library kept from before.
    await click(host.querySelector("[data-testid=backup-restore]"));
    await click(host.querySelector("[data-testid=restore-confirm-button]"));
    expect(calls.filter((c) => c.command === "restore_backup")).toEqual([{ command: "restore_backup", args: { name: "library-20261201-090000.sqlite3" } }]);
    expect(host.querySelector("[data-testid=restore-confirm]")).toBeNull();
    expect(host.querySelector("[data-testid=backups-message]")?.textContent).toContain("Notes: 214 → 198");
    expect(rows()).toHaveLength(2);
    expect(rows()[0]?.textContent).toContain("before a restore");
  });
});
