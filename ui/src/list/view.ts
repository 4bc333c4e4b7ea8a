// View logic with no DOM in it: what the sidebar lists, which query a selection
// makes, how a list changes when a paper does. Components stay thin over these.

import type { DigestItem, Overview, PaperItem, Scope } from "../bindings";
import { t, type MessageKey } from "../i18n";

export interface SidebarEntry {
  selection: Scope;
  label: string;
  /** Shown beside the label. */
  count: number;
  /** What the count means, for a tooltip and for tests. */
  countKind: "papers" | "unread" | "new";
}

export function selectionKey(selection: Scope): string {
  switch (selection.kind) {
    case "digest":
      return `digest:${selection.date}`;
    case "tag":
      return `tag:${selection.name}`;
    case "papers":
      return `papers:${selection.ids.join(",")}`;
    default:
      return selection.kind;
  }
}

export function sameSelection(a: Scope, b: Scope): boolean {
  return selectionKey(a) === selectionKey(b);
}

/** Newest digest first, whatever order they came in. */
export function digestsNewestFirst(digests: readonly DigestItem[]): DigestItem[] {
  return [...digests].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.name.localeCompare(b.name)));
}

export function sidebarEntries(overview: Overview): SidebarEntry[] {
  const fixed: SidebarEntry[] = [
    { selection: { kind: "new" }, label: t("nav.new"), count: overview.new_papers, countKind: "new" },
    { selection: { kind: "all" }, label: t("nav.all"), count: overview.total, countKind: "papers" },
    { selection: { kind: "unread" }, label: t("nav.unread"), count: overview.unread, countKind: "unread" },
    { selection: { kind: "starred" }, label: t("nav.starred"), count: overview.starred, countKind: "papers" },
  ];
  const digests = digestsNewestFirst(overview.digests).map(
    (d): SidebarEntry => ({
      selection: { kind: "digest", date: d.date },
      label: d.date,
      count: d.unread,
      countKind: "unread",
    }),
  );
  return [...fixed, ...digests];
}

/** A selection still present in the library, or All. */
export function validSelection(selection: Scope | null | undefined, overview: Overview): Scope {
  if (!selection) return { kind: "all" };
  if (selection.kind === "digest" && !overview.digests.some((d) => d.date === selection.date)) {
    return { kind: "all" };
  }
  return selection;
}

export function selectionTitle(selection: Scope, search: string): string {
  if (search.trim() !== "") return t("list.searchResults", { q: search.trim() });
  switch (selection.kind) {
    case "all":
      return t("nav.all");
    case "unread":
      return t("nav.unread");
    case "starred":
      return t("nav.starred");
    case "new":
      return t("nav.new");
    case "digest":
      return selection.date;
    case "tag":
      return `#${selection.name}`;
    case "papers":
      return countLabel(selection.ids.length);
  }
}

/** The digest the list shows whole (selected, no search), if any: what "mark read"
 * and the digest's PDF actions apply to. */
export function digestShown(selection: Scope, search: string): string | null {
  return selection.kind === "digest" && search === "" ? selection.date : null;
}

/** "36 papers"; not `exact`: at least that many ("10000+ papers": core counts a
 * search's matches up to 10,000). */
export function countLabel(n: number, exact = true): string {
  if (!exact) return t("list.papersAtLeast", { n });
  return n === 1 ? t("list.paper") : t("list.papers", { n });
}

export function emptyListMessage(selection: Scope): MessageKey {
  return selection.kind === "unread" ? "list.emptyUnread" : "list.empty";
}

/** The list after a paper changed, without asking the shell again. */
export function patchPaper(list: readonly PaperItem[], id: number, patch: Partial<PaperItem>): PaperItem[] {
  return list.map((p) => (p.id === id ? { ...p, ...patch } : p));
}

/** Moves the cursor by `delta`, staying inside the list; -1 means no cursor. */
export function moveCursor(cursor: number, delta: number, count: number): number {
  if (count === 0) return -1;
  if (cursor < 0) return delta > 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, cursor + delta));
}

/** Where the cursor goes when the list is replaced: the same paper if still there. */
export function cursorAfterReload(list: readonly PaperItem[], previousId: number | null, previousIndex: number): number {
  if (list.length === 0) return -1;
  if (previousId !== null) {
    const index = list.findIndex((p) => p.id === previousId);
    if (index >= 0) return index;
  }
  if (previousIndex < 0) return -1;
  return Math.min(previousIndex, list.length - 1);
}
