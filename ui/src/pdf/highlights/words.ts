// The words of a search hit, marked on the PDF page it was found on: the text
// layer's runs are searched (ignoring case) and each match is wrapped in a <mark>,
// which shows through the transparent text over the canvas.

import { fragments } from "../../list/highlight";

/** Where `words` occur in `text`, ignoring case: sorted, disjoint `[start, end)`. */
export function wordRanges(text: string, words: readonly string[]): Array<[number, number]> {
  const lower = text.toLowerCase();
  // Lower-casing that changes lengths (rare letters) would misplace the marks.
  if (lower.length !== text.length) return [];
  const found: Array<[number, number]> = [];
  for (const word of words) {
    const w = word.trim().toLowerCase();
    if (w === "") continue;
    for (let at = lower.indexOf(w); at !== -1; at = lower.indexOf(w, at + w.length)) found.push([at, at + w.length]);
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Array<[number, number]> = [];
  for (const r of found) {
    const last = out[out.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Marks `words` in a page's text layer; returns the marks made (the first is scrolled to). */
export function markWords(layer: HTMLElement, words: readonly string[]): HTMLElement[] {
  const marks: HTMLElement[] = [];
  if (words.length === 0) return marks;
  const runs = Array.from(layer.querySelectorAll<HTMLElement>("span")).filter((s) => s.children.length === 0);
  for (const run of runs) {
    const text = run.textContent ?? "";
    const ranges = wordRanges(text, words);
    if (ranges.length === 0) continue;
    const parts: Node[] = [];
    let at = 0;
    for (const [start, end] of ranges) {
      if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
      const mark = document.createElement("mark");
      mark.className = "pdf-hit";
      mark.textContent = text.slice(start, end);
      parts.push(mark);
      marks.push(mark);
      at = end;
    }
    if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
    run.replaceChildren(...parts);
  }
  return marks;
}

/** The words a snippet's marks cover: what the search matched, as the library read it. */
export function markedWords(text: string, hits: ReadonlyArray<readonly [number, number]>): string[] {
  const words = fragments(text, hits)
    .filter((f) => f.hit)
    .map((f) => f.text.trim())
    .filter((w) => w !== "");
  return [...new Set(words)];
}

/** The text a range of a page's text layer covers, as a reader would quote it: pdf.js
 * ends lines with <br> (a range's own toString drops them, gluing the last word of a
 * line to the first of the next), so a line break becomes a space, except after a
 * hyphen that splits a word across lines; runs of white space become one. */
export function rangeText(range: Range, layer: HTMLElement): string {
  let out = "";
  const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node: Node | null = walker.nextNode(); node; node = walker.nextNode()) {
    if (!range.intersectsNode(node)) continue;
    if (node.nodeName === "BR") {
      out += "\n";
    } else if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent ?? "";
      const end = node === range.endContainer ? range.endOffset : text.length;
      const start = node === range.startContainer ? range.startOffset : 0;
      out += text.slice(start, end);
    }
  }
  return joinLines(out);
}

/** Lines of a quote joined: a space between them, none after a hyphen at a line's end. */
export function joinLines(text: string): string {
  return text
    .replace(/-[ \t]*\n\s*/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}
