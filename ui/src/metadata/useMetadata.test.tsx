import { render } from "preact";
import { act } from "preact/test-utils";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MetadataStatus } from "../bindings";
import { EVENTS } from "../ipc";
import { MetadataNotice } from "./MetadataNotice";
import { useMetadata, type Metadata } from "./useMetadata";

const status = (patch: Partial<MetadataStatus>): MetadataStatus => ({ seq: 1, running: false, done: 0, total: 0, updated: 0, problem: null, ...patch });

let host: HTMLElement;
let metadata: Metadata;
const reloadAll = vi.fn(async () => undefined);

function Harness() {
  metadata = useMetadata({ reloadAll });
  return <MetadataNotice metadata={metadata} />;
}

const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
const notice = () => host.querySelector("[data-testid=metadata-notice]");

beforeEach(async () => {
  reloadAll.mockClear();
  mockIPC(
    (cmd) => {
      if (cmd === "metadata_status") return status({ seq: 1 });
      if (cmd === "fetch_metadata") return true;
      return undefined;
    },
    { shouldMockEvents: true },
  );
  host = document.createElement("div");
  await act(async () => render(<Harness />, host));
  await settle();
});

afterEach(async () => {
  render(null, host);
  // The listeners are removed asynchronously, through the mocked event plugin.
  await new Promise((resolve) => setTimeout(resolve, 10));
  clearMocks();
  vi.useRealTimers();
});

describe("useMetadata", () => {
  it("shows the fetch under way and reloads the list once it stored something", async () => {
    await act(() => emit(EVENTS.metadataStatus, status({ seq: 2, running: true, done: 0, total: 36 })));
    await settle();
    expect(notice()?.textContent).toBe("Fetching authors and dates from arXiv… 0/36");
    expect(reloadAll).not.toHaveBeenCalled();
    await act(() => emit(EVENTS.metadataStatus, status({ seq: 3, done: 36, total: 36, updated: 35 })));
    await settle();
    expect(reloadAll).toHaveBeenCalledOnce();
    expect(notice()).toBeNull();
    // An older status arriving late changes nothing.
    await act(() => emit(EVENTS.metadataStatus, status({ seq: 2, running: true, total: 36 })));
    await settle();
    expect(notice()).toBeNull();
    expect(await metadata.fetchPaper(7)).toBe(true);
    expect(reloadAll).toHaveBeenCalledTimes(2);
  });

  it("says a failure quietly: closable, and gone by itself after a while", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await act(() => emit(EVENTS.metadataStatus, status({ seq: 2, problem: "cannot reach http://127.0.0.1:9/" })));
    await settle();
    expect(notice()?.getAttribute("data-kind")).toBe("problem");
    await act(async () => {
      vi.advanceTimersByTime(20_000);
    });
    expect(notice()).toBeNull();
    await act(() => emit(EVENTS.metadataStatus, status({ seq: 3, problem: "cannot reach http://127.0.0.1:9/" })));
    await settle();
    expect(notice()).not.toBeNull();
    await act(async () => (host.querySelector("[data-testid=metadata-notice-dismiss]") as HTMLElement).click());
    expect(notice()).toBeNull();
    expect(reloadAll).not.toHaveBeenCalled();
  });
});
