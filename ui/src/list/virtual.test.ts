import { describe, expect, it } from "vitest";
import { scrollToReveal, visibleRange } from "./virtual";

describe("visibleRange", () => {
  it("renders only the rows in view plus overscan", () => {
    const r = visibleRange(0, 600, 60, 10_000, 5);
    expect(r.start).toBe(0);
    expect(r.end).toBe(16); // 11 visible + 5 below
    expect(r.totalHeight).toBe(600_000);
  });

  it("follows the scroll position", () => {
    const r = visibleRange(60 * 5000, 600, 60, 10_000, 5);
    expect(r.start).toBe(4995);
    expect(r.end).toBe(5016);
    expect(r.end - r.start).toBeLessThan(30);
  });

  it("clamps at the end and for empty lists", () => {
    const r = visibleRange(1e9, 600, 60, 100, 5);
    expect(r.end).toBe(100);
    expect(r.start).toBeGreaterThan(80);
    expect(visibleRange(0, 600, 60, 0)).toEqual({ start: 0, end: 0, totalHeight: 0 });
  });
});

describe("scrollToReveal", () => {
  it("scrolls up or down just enough, or not at all", () => {
    expect(scrollToReveal(10, 0, 600, 60)).toBe(60);
    expect(scrollToReveal(2, 600, 600, 60)).toBe(120);
    expect(scrollToReveal(3, 0, 600, 60)).toBeNull();
  });
});
