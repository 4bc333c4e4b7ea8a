import { describe, expect, it } from "vitest";
import { flipped } from "./marks";

describe("marks", () => {
  it("flips the one mark asked for", () => {
    expect(flipped({ read: false, starred: true }, "read")).toEqual({ read: true });
    expect(flipped({ read: false, starred: true }, "starred")).toEqual({ starred: false });
  });
});
