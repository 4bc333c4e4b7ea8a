import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Autosave, type SaveState } from "./autosave";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup(save: (text: string) => Promise<void>) {
  const states: SaveState[] = [];
  const autosave = new Autosave({ save, onState: (s) => states.push(s), delayMs: 500 });
  return { autosave, states };
}

describe("Autosave", () => {
  it("saves once after a pause in typing, with the last text", async () => {
    const saved: string[] = [];
    const { autosave, states } = setup(async (t) => void saved.push(t));
    autosave.edit("a");
    autosave.edit("ab");
    await vi.advanceTimersByTimeAsync(400);
    autosave.edit("abc");
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual(["abc"]);
    expect(states.at(-1)).toBe("saved");
    expect(autosave.unsaved).toBe(false);
  });

  it("flush saves at once and waits for the library", async () => {
    const saved: string[] = [];
    const { autosave } = setup(async (t) => void saved.push(t));
    autosave.edit("typed");
    await autosave.flush();
    expect(saved).toEqual(["typed"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(["typed"]);
  });

  it("never lets a later save overtake an earlier one", async () => {
    const saved: string[] = [];
    let release: () => void = () => {};
    const { autosave } = setup(
      (t) =>
        new Promise<void>((resolve) => {
          release = () => {
            saved.push(t);
            resolve();
          };
        }),
    );
    autosave.edit("one");
    const first = autosave.flush();
    autosave.edit("two");
    const second = autosave.flush();
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await Promise.all([first, second]);
    expect(saved).toEqual(["one", "two"]);
    expect(autosave.current).toBe("saved");
  });

  it("keeps the text after a failed save and retries on the next flush", async () => {
    let fail = true;
    const saved: string[] = [];
    const { autosave, states } = setup(async (t) => {
      if (fail) throw new Error("disk full");
      saved.push(t);
    });
    autosave.edit("precious");
    await autosave.flush();
    expect(states.at(-1)).toBe("failed");
    expect(autosave.unsaved).toBe(true);
    fail = false;
    await autosave.flush();
    expect(saved).toEqual(["precious"]);
    expect(autosave.current).toBe("saved");
  });
});
