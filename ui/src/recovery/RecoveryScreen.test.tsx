import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LibraryStatus } from "../bindings";
import { RecoveryScreen } from "./RecoveryScreen";

const calls: string[] = [];
let picked: string | null = null;
let restoreResult: LibraryStatus;
let folderResult: LibraryStatus;

vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(async () => picked) }));
vi.mock("../ipc", async (original) => {
  const actual = await original<typeof import("../ipc")>();
  return {
    ...actual,
    call: vi.fn(async (command: string) => {
      calls.push(command);
      if (command === "restore_newest_backup") return { changes: [], kept: null, status: restoreResult };
      if (command === "open_library_folder") return folderResult;
      if (command === "close_window") return null;
      throw new Error(`unexpected ${command}`);
    }),
  };
});

const damaged: LibraryStatus = {
  dir: "/home/r/papers",
  problem: { kind: "empty", message: "the library file /home/r/papers/library.sqlite3 is empty (0 bytes)" },
  newest_backup: { name: "library-20261202-160000.sqlite3", taken_at: "2026-12-02T16:00:00Z", size: 8192, papers: 36, notes: 4, before_restore: false },
};
const ok: LibraryStatus = { dir: "/home/r/papers", problem: null, newest_backup: null };
let host: HTMLElement;

beforeEach(() => {
  calls.length = 0;
  picked = null;
  restoreResult = ok;
  folderResult = ok;
  host = document.createElement("div");
  document.body.appendChild(host);
});

afterEach(() => {
  render(null, host);
  host.remove();
});

async function mount(status: LibraryStatus) {
  const onReady = vi.fn();
  const onStatus = vi.fn();
  await act(async () => {
    render(<RecoveryScreen status={status} onReady={onReady} onStatus={onStatus} />, host);
  });
  return { onReady, onStatus };
}

const button = (id: string) => host.querySelector<HTMLButtonElement>(`[data-testid=${id}]`);
async function click(id: string) {
  await act(async () => button(id)!.click());
  await act(async () => {});
}

describe("RecoveryScreen", () => {
  it("says what is wrong and restores the newest good backup", async () => {
    const { onReady } = await mount(damaged);
    expect(host.querySelector("h1")?.textContent).toBe("The library file is empty");
    expect(host.querySelector("[data-testid=recovery-detail]")?.textContent).toContain("0 bytes");
    expect(host.querySelector("[data-testid=recovery-backup]")?.textContent).toContain("36 papers · 4 notes");
    await click("recovery-restore");
    expect(calls).toEqual(["restore_newest_backup"]);
    expect(onReady).toHaveBeenCalledOnce();
  });

  it("offers no restore without a good backup; another folder with a problem is shown", async () => {
    const { onReady, onStatus } = await mount({ ...damaged, newest_backup: null });
    expect(button("recovery-restore")).toBeNull();
    expect(host.querySelector("[data-testid=recovery-no-backup]")).not.toBeNull();
    // The dialog cancelled: nothing asked of the shell.
    await click("recovery-open");
    expect(calls).toEqual([]);
    picked = "/media/usb/papers";
    folderResult = { dir: picked, problem: { kind: "too_new", message: "newer" }, newest_backup: null };
    await click("recovery-open");
    expect(calls).toEqual(["open_library_folder"]);
    expect(onStatus).toHaveBeenCalledWith(folderResult);
    expect(onReady).not.toHaveBeenCalled();
    await click("recovery-quit");
    expect(calls).toEqual(["open_library_folder", "close_window"]);
  });
});
