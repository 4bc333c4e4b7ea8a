import { describe, expect, it } from "vitest";
import { newLook } from "./useNewLook";

describe("newLook", () => {
  const all = { kind: "all" } as const;
  const fresh = { kind: "new" } as const;
  it("clears the badge only while New is shown in front, and moves New on when left", () => {
    expect(newLook(all, fresh, 3, true)).toBe("seen");
    expect(newLook(fresh, fresh, 2, true)).toBe("seen");
    expect(newLook(all, fresh, 3, false)).toBeNull();
    expect(newLook(all, fresh, 0, true)).toBeNull();
    expect(newLook(fresh, all, 0, true)).toBe("finished");
    expect(newLook(fresh, { kind: "digest", date: "2025-10-04" }, 4, false)).toBe("finished");
    expect(newLook(null, all, 5, true)).toBeNull();
  });
});
