// The one place a list of papers is asked for: which command, with which arguments.
// A plain selection lists whole through `list_papers`; a search or any filter goes
// through `find_papers` a page at a time; a selection contradicting the filters
// (Unread + "read only") asks nothing.

import type { FoundPage, FoundPaper, PaperItem, Selection } from "../bindings";
import { call, type ArgsOf } from "../ipc";
import { findFilter, findRequest, usesFind, type Filters } from "./filters";

/** What the reader asked the list to show. */
export interface ListWant {
  selection: Selection;
  filters: Filters;
  search: string;
}

export type ListRequest =
  | { command: "list_papers"; args: ArgsOf<"list_papers"> }
  | { command: "find_papers"; args: ArgsOf<"find_papers"> };

/** The request for `want`'s papers from `offset`, or null when none can match. A
 * plain selection has no pages: a later page (`more`) continues search results. */
export function listRequest(want: ListWant, offset: number, limit: number, more = false): ListRequest | null {
  if (!more && !usesFind(want.search, want.filters)) {
    return { command: "list_papers", args: { query: { kind: "selection", selection: want.selection, keyword: null } } };
  }
  const filter = findFilter(want.selection, want.filters);
  if (!filter) return null;
  return { command: "find_papers", args: { request: findRequest(want.search, filter, offset, limit) } };
}

/** A page of the list: its papers, their search results (null for a plain list), and
 * how many match in all. */
export interface ListPage {
  papers: PaperItem[];
  found: FoundPaper[] | null;
  total: number;
}

/** What a contradiction lists: nothing, as search results. */
export const NOTHING: ListPage = { papers: [], found: [], total: 0 };

/** Sends the request. It is the command's own promise, not a wrapper: awaiting it
 * costs no more turns than calling the command does, so what arrives together still
 * renders together. `pageOf` reads the answer. */
export function askList(request: ListRequest): Promise<PaperItem[] | FoundPage> {
  return request.command === "list_papers" ? call("list_papers", request.args) : call("find_papers", request.args);
}

export function pageOf(answer: PaperItem[] | FoundPage): ListPage {
  if (Array.isArray(answer)) return { papers: answer, found: null, total: answer.length };
  return { papers: answer.papers.map((p) => p.paper), found: answer.papers, total: answer.total };
}
