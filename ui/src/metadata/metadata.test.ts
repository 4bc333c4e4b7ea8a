import { describe, expect, it } from "vitest";
import type { MetadataStatus } from "../bindings";
import { newerStatus } from "../latest";
import { metadataNotice, storedSomething } from "./metadata";

const status = (patch: Partial<MetadataStatus>): MetadataStatus => ({ seq: 1, running: false, done: 0, total: 0, updated: 0, problem: null, ...patch });

describe("metadata status", () => {
  it("keeps the newest status, whichever way it came", () => {
    const a = status({ seq: 3, running: true });
    const b = status({ seq: 2 });
    expect(newerStatus(null, b)).toBe(b);
    expect(newerStatus(a, b)).toBe(a);
    expect(newerStatus(b, a)).toBe(a);
  });

  it("reloads once a run stored something, not for progress or a run that asked nothing", () => {
    const running = status({ seq: 2, running: true, total: 36 });
    expect(storedSomething(null, running)).toBe(false);
    const done = status({ seq: 3, done: 36, total: 36, updated: 35 });
    expect(storedSomething(running, done)).toBe(true);
    expect(storedSomething(null, done)).toBe(true);
    expect(storedSomething(done, done)).toBe(false);
    expect(storedSomething(done, status({ seq: 4 }))).toBe(false);
  });

  it("says what runs and what failed, quietly, until closed", () => {
    expect(metadataNotice(null, 0)).toBeNull();
    expect(metadataNotice(status({ running: true, done: 0, total: 36 }), 0)).toEqual({ kind: "running", text: "Fetching authors and dates from arXiv… 0/36" });
    const failed = status({ seq: 5, problem: "cannot reach http://127.0.0.1:9/ (Connection refused); check the network connection" });
    expect(metadataNotice(failed, 0)?.kind).toBe("problem");
    expect(metadataNotice(failed, 0)?.text).toContain("cannot reach http://127.0.0.1:9/");
    expect(metadataNotice(failed, 5)).toBeNull();
    expect(metadataNotice(status({ seq: 6 }), 0)).toBeNull();
  });
});
