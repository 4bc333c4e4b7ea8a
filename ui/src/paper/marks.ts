// A paper's two marks, read and starred: one change to the library, the list and the
// paper view, whichever mark it is.

import type { PaperItem } from "../bindings";

export type MarkField = "read" | "starred";
export type Mark = { read: boolean } | { starred: boolean };

/** The mark that flips `field` of a paper as it is shown. */
export function flipped(paper: Pick<PaperItem, MarkField>, field: MarkField): Mark {
  return field === "read" ? { read: !paper.read } : { starred: !paper.starred };
}
