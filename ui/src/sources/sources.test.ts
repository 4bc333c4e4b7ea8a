import { describe, expect, it } from "vitest";
import { failureLine, intervalChoices, intervalLabel, resultLine } from "./sources";

describe("sources", () => {
  it("says a result and lists failures with their file and line", () => {
    expect(resultLine({ at: "2025-10-04T08:00:00.000Z", imported: 2, unchanged: 5, added: 30, failed: [] })).toBe("2 imported · 5 unchanged");
    const failed = [{ file: "a.md", line: 12, message: "no date" }];
    expect(resultLine({ at: "x", imported: 0, unchanged: 1, added: 0, failed })).toBe("0 imported · 1 unchanged · 1 failed");
    expect(failureLine(failed[0]!)).toBe("a.md, line 12: no date");
    expect(failureLine({ file: "https://x.org/2025-10-04.md", line: null, message: "the server answered 500" })).toBe(
      "https://x.org/2025-10-04.md: the server answered 500",
    );
  });

  it("offers the intervals and keeps the library's own", () => {
    expect(intervalChoices(60)).toEqual([15, 30, 60, 180, 360, 720, 1440]);
    expect(intervalChoices(45)).toEqual([15, 30, 45, 60, 180, 360, 720, 1440]);
    expect(intervalLabel(60)).toBe("1 h");
    expect(intervalLabel(45)).toBe("45 min");
  });
});
