// Highlights arrive as UTF-8 byte ranges into their text (core computes them in Rust);
// JavaScript strings are indexed in UTF-16 code units. This converts one to the other
// and cuts the text into pieces that components render as text and <mark> elements.

import type { Highlight } from "../bindings";

export interface Fragment {
  text: string;
  hit: boolean;
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** For each UTF-8 byte offset that starts a character (and the end), its UTF-16 index. */
function byteToIndex(text: string): Map<number, number> {
  const map = new Map<number, number>();
  let byte = 0;
  let index = 0;
  for (const ch of text) {
    map.set(byte, index);
    const cp = ch.codePointAt(0) ?? 0;
    byte += utf8Length(cp);
    index += ch.length;
  }
  map.set(byte, index);
  return map;
}

/** The text cut at the ranges, each piece marked as a match or not. Ranges that are
 * out of order, overlap, or do not fall on character boundaries are dropped rather
 * than cutting a character in two. */
export function fragments(text: string, hits: ReadonlyArray<readonly [number, number]>): Fragment[] {
  const index = byteToIndex(text);
  const out: Fragment[] = [];
  let at = 0;
  for (const [startByte, endByte] of hits) {
    const start = index.get(startByte);
    const end = index.get(endByte);
    if (start === undefined || end === undefined || start < at || end <= start) continue;
    if (start > at) out.push({ text: text.slice(at, start), hit: false });
    out.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), hit: false });
  return out;
}

export function highlightFragments(h: Highlight): Fragment[] {
  return fragments(h.text, h.hits);
}

/** Keeps at most `keep` characters before the first match (an ellipsis marks the cut),
 * so a narrow row still shows the match. */
export function leadUpTo(pieces: Fragment[], keep: number): Fragment[] {
  const first = pieces[0];
  if (!first || first.hit || pieces.length < 2) return pieces;
  const chars = [...first.text];
  if (chars.length <= keep) return pieces;
  return [{ text: `…${chars.slice(chars.length - keep).join("")}`, hit: false }, ...pieces.slice(1)];
}
