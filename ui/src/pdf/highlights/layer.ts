// The highlights drawn on a page: one absolutely placed box per rectangle, in
// percentages of the page (see geometry.ts), so the layer is made once per change
// and stays on its words at every zoom. It sits over the text layer; only the
// boxes take clicks, so text elsewhere stays selectable.

import type { PdfHighlight } from "../../bindings";
import { toPercent, type Transform } from "./geometry";

export interface PageGeometry {
  /** pdf.js's viewport transform at scale 1. */
  transform: Transform;
  /** The page's size at scale 1. */
  width: number;
  height: number;
}

/** Fills `layer` with the boxes of the page's highlights. */
export function drawHighlights(layer: HTMLElement, highlights: readonly PdfHighlight[], page: PageGeometry, selected: number | null): void {
  const boxes: HTMLElement[] = [];
  for (const h of highlights) {
    for (const rect of h.rects) {
      const p = toPercent(rect, page.transform, page);
      const box = document.createElement("div");
      box.className = `pdf-hl hl-${h.color}${h.id === selected ? " is-selected" : ""}`;
      box.dataset.id = String(h.id);
      box.setAttribute("data-testid", "pdf-highlight");
      box.style.left = `${p.left}%`;
      box.style.top = `${p.top}%`;
      box.style.width = `${p.width}%`;
      box.style.height = `${p.height}%`;
      if (h.comment.trim() !== "") box.title = h.comment;
      boxes.push(box);
    }
  }
  layer.replaceChildren(...boxes);
}

/** Flashes a highlight's boxes (a CSS animation), for when it is opened from a list. */
export function flash(layer: HTMLElement, id: number): HTMLElement | null {
  const boxes = Array.from(layer.querySelectorAll<HTMLElement>(`.pdf-hl[data-id="${id}"]`));
  for (const box of boxes) {
    box.classList.remove("is-flashing");
    // Restarts the animation when flashed again.
    void box.offsetWidth;
    box.classList.add("is-flashing");
  }
  return boxes[0] ?? null;
}
