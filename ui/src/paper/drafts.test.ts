import { describe, expect, it } from "vitest";
import { draftStore } from "./drafts";

describe("drafts", () => {
  it("keeps typed text until the library has it", () => {
    localStorage.clear();
    const drafts = draftStore(localStorage);
    expect(drafts.get(7)).toBeNull();
    drafts.put(7, "first");
    drafts.put(7, "first words");
    expect(drafts.get(7)).toBe("first words");
    // An older save landing after more typing must not drop the newer draft.
    drafts.saved(7, "first");
    expect(drafts.get(7)).toBe("first words");
    drafts.saved(7, "first words");
    expect(drafts.get(7)).toBeNull();
  });

  it("works without storage", () => {
    const drafts = draftStore(null);
    drafts.put(1, "x");
    expect(drafts.get(1)).toBeNull();
  });
});
