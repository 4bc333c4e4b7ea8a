// Where a highlight is: rectangles in the PDF's own user space (points, y up, the
// page's MediaBox origin), so they are independent of zoom, screen and device pixel
// ratio. pdf.js's viewport transform maps them to the page as drawn at any scale;
// its inverse maps a selection's boxes back.

import type { PdfRect } from "../../bindings";

/** pdf.js's viewport transform `[a, b, c, d, e, f]`: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Transform = readonly [number, number, number, number, number, number];

/** A box on the drawn page, in CSS pixels from its top-left corner. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function apply([a, b, c, d, e, f]: Transform, x: number, y: number): [number, number] {
  return [a * x + c * y + e, b * x + d * y + f];
}

function inverse([a, b, c, d, e, f]: Transform): Transform {
  const det = a * d - b * c;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

/** The smallest rectangle holding both corners' images. */
function bounds(t: Transform, x1: number, y1: number, x2: number, y2: number): [number, number, number, number] {
  const [ax, ay] = apply(t, x1, y1);
  const [bx, by] = apply(t, x2, y2);
  return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
}

/** A box on the page drawn with `transform`, in PDF user space. */
export function toPdfRect(box: Box, transform: Transform): PdfRect {
  const [x1, y1, x2, y2] = bounds(inverse(transform), box.left, box.top, box.left + box.width, box.top + box.height);
  return { x1: round(x1), y1: round(y1), x2: round(x2), y2: round(y2) };
}

/** A PDF rectangle on the page drawn with `transform`, in CSS pixels. */
export function toBox(rect: PdfRect, transform: Transform): Box {
  const [left, top, right, bottom] = bounds(transform, rect.x1, rect.y1, rect.x2, rect.y2);
  return { left, top, width: right - left, height: bottom - top };
}

/** A PDF rectangle as percentages of a page `size` (drawn with `transform` at that
 * size): placed so, a highlight stays on its words at every zoom without being
 * placed again. */
export function toPercent(rect: PdfRect, transform: Transform, size: { width: number; height: number }): Box {
  const b = toBox(rect, transform);
  return { left: (b.left / size.width) * 100, top: (b.top / size.height) * 100, width: (b.width / size.width) * 100, height: (b.height / size.height) * 100 };
}

/** Hundredths of a point: far finer than any glyph, and short in the library. */
function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A selection's boxes (one per text run, often overlapping) made into one box per
 * line: boxes that share most of their height and touch are joined; slivers (empty
 * runs, line ends) are dropped. */
export function mergeLines(boxes: Box[]): Box[] {
  const kept = boxes.filter((b) => b.width >= 1 && b.height >= 1).sort((a, b) => a.top - b.top || a.left - b.left);
  const lines: Box[] = [];
  for (const b of kept) {
    const line = lines.find((l) => sameLine(l, b) && b.left <= l.left + l.width + Math.max(l.height, b.height) && l.left <= b.left + b.width + Math.max(l.height, b.height));
    if (!line) {
      lines.push({ ...b });
      continue;
    }
    const right = Math.max(line.left + line.width, b.left + b.width);
    const bottom = Math.max(line.top + line.height, b.top + b.height);
    line.left = Math.min(line.left, b.left);
    line.top = Math.min(line.top, b.top);
    line.width = right - line.left;
    line.height = bottom - line.top;
  }
  return lines;
}

function sameLine(a: Box, b: Box): boolean {
  const overlap = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return overlap >= 0.5 * Math.min(a.height, b.height);
}
