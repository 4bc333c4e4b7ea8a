import { describe, expect, it } from "vitest";
import { windowTitle } from "./windowTitle";

describe("windowTitle", () => {
  it("names the open paper first, then the list, then only the app", () => {
    expect(windowTitle("GEM: A Gym for Agentic LLMs", "2025-10-03")).toBe("GEM: A Gym for Agentic LLMs — Papershelf");
    expect(windowTitle(null, "2025-10-03")).toBe("2025-10-03 — Papershelf");
    expect(windowTitle("  ", null)).toBe("Papershelf");
    expect(windowTitle(null, null)).toBe("Papershelf");
  });
});
