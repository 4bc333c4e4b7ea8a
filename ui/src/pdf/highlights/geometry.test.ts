import { describe, expect, it } from "vitest";
import { mergeLines, toBox, toPdfRect, toPercent, type Transform } from "./geometry";

/** pdf.js's viewport transform, unrotated: x' = s·(x − x0), y' = s·(y1 − y). */
function viewport(scale: number, [x0, , , y1]: readonly [number, number, number, number] = [0, 0, 612, 792]): Transform {
  return [scale, 0, 0, -scale, -scale * x0, scale * y1];
}

/** Turned 90° clockwise, as pdf.js makes it for /Rotate 90. */
function turned(scale: number): Transform {
  return [0, scale, scale, 0, 0, 0];
}

describe("highlight geometry", () => {
  it("puts a highlight made at one zoom on the same words at another", () => {
    // The words sit at 100–250 px across, 300–318 px down on the page drawn at 150 %.
    const made = { left: 100, top: 300, width: 150, height: 18 };
    const rect = toPdfRect(made, viewport(1.5));
    // In PDF space: y up from the page's bottom.
    expect(rect.x1).toBeCloseTo(66.67, 2);
    expect(rect.y2).toBeCloseTo(792 - 200, 2);
    expect(rect.y1).toBeCloseTo(792 - 212, 2);
    const at80 = toBox(rect, viewport(0.8));
    expect(at80.left).toBeCloseTo((100 / 1.5) * 0.8, 1);
    expect(at80.top).toBeCloseTo((300 / 1.5) * 0.8, 1);
    expect(at80.width).toBeCloseTo((150 / 1.5) * 0.8, 1);
    expect(at80.height).toBeCloseTo((18 / 1.5) * 0.8, 1);
  });

  it("keeps a MediaBox that does not start at the origin", () => {
    const box = [20, 30, 632, 822] as const;
    const rect = toPdfRect({ left: 0, top: 0, width: 10, height: 10 }, viewport(2, box));
    expect(rect).toEqual({ x1: 20, y1: 817, x2: 25, y2: 822 });
    expect(toBox(rect, viewport(1, box))).toEqual({ left: 0, top: 0, width: 5, height: 5 });
  });

  it("maps through a rotated page and back", () => {
    const made = { left: 40, top: 60, width: 30, height: 12 };
    const rect = toPdfRect(made, turned(2));
    const back = toBox(rect, turned(2));
    expect(back.left).toBeCloseTo(40);
    expect(back.top).toBeCloseTo(60);
    expect(back.width).toBeCloseTo(30);
    expect(back.height).toBeCloseTo(12);
  });

  it("places a highlight in percentages of the page, the same at any zoom", () => {
    const rect = toPdfRect({ left: 61.2, top: 79.2, width: 306, height: 39.6 }, viewport(1));
    const p = toPercent(rect, viewport(1), { width: 612, height: 792 });
    expect(p.left).toBeCloseTo(10);
    expect(p.top).toBeCloseTo(10);
    expect(p.width).toBeCloseTo(50);
    expect(p.height).toBeCloseTo(5);
  });

  it("joins a selection's runs into one box per line and drops slivers", () => {
    const lines = mergeLines([
      { left: 10, top: 100, width: 50, height: 12 },
      { left: 58, top: 101, width: 40, height: 11 },
      { left: 98, top: 100, width: 0, height: 12 },
      { left: 10, top: 120, width: 80, height: 12 },
      { left: 300, top: 100, width: 20, height: 12 },
    ]);
    expect(lines).toEqual([
      { left: 10, top: 100, width: 88, height: 12 },
      { left: 300, top: 100, width: 20, height: 12 },
      { left: 10, top: 120, width: 80, height: 12 },
    ]);
  });
});
