// "Why" a paper ranks For you, or is like another: its reasons as one line.

import type { Why } from "../bindings";

/** "视觉 · video · #精读 · Kaiming He": tags marked as the sidebar marks them. */
export function whyText(why: readonly Why[]): string {
  return why.map((w) => (w.kind === "tag" ? `#${w.text}` : w.text)).join(" · ");
}
