// The one place a list of papers is asked for: every list is one `PaperQuery`
// through `find_papers`. A plain selection lists whole; a search or any filter a
// page at a time, with highlights. Core resolves a selection contradicting the
// filters (Unread + "read only") to an empty page that says so.

import type { FoundPage, FoundPaper, ForYouStatus, Order, PaperItem, PaperQuery, Scope } from "../bindings";
import { call } from "../ipc";
import { MAX_PAGE, noFilters, toFilter, usesFind, type Filters, type SortChoice } from "./filters";

/** What the reader asked the list to show. */
export interface ListWant {
  selection: Scope;
  filters: Filters;
  search: string;
  /** Null: the list's own order (relevance for a search). */
  order?: Order | null;
}

/** Core's `foryou::MIN_POSITIVES`: below it For you keeps the list's own order. */
export const FOR_YOU_MIN_POSITIVES = 5;

/** The order a list is asked in. */
export function orderFor(sort: SortChoice, selection: Scope, positives: number): Order | null {
  if (sort === "for_you") return "for_you";
  if (sort === "auto" && (selection.kind === "new" || selection.kind === "unread") && positives >= FOR_YOU_MIN_POSITIVES) {
    return "for_you";
  }
  return null;
}

/** The query for `want`'s papers from `offset`. A plain selection has no pages: a
 * later page (`more`) continues search results. A For you list comes in pages too,
 * each paper with its reasons. */
export function listQuery(want: ListWant, offset: number, limit: number, more = false): PaperQuery {
  const order = want.order ?? null;
  const paged = more || usesFind(want.search, want.filters) || order === "for_you";
  return {
    scope: want.selection,
    filter: toFilter(want.filters),
    text: want.search.trim(),
    order,
    offset: paged ? offset : 0,
    limit: paged ? Math.min(limit, MAX_PAGE) : null,
  };
}

/** Every paper of a scope, in its own order (what "download the list" fetches). */
export function scopeQuery(scope: Scope): PaperQuery {
  return listQuery({ selection: scope, filters: noFilters, search: "" }, 0, 0);
}

/** A page of the list: its papers, their search results (null for a plain list), how
 * many match in all, and whether the selection and filters contradict each other. */
export interface ListPage {
  papers: PaperItem[];
  found: FoundPaper[] | null;
  total: number;
  contradiction: boolean;
  /** Sorted For you: ranked, or why not. */
  forYou: ForYouStatus | null;
}

/** Sends the query. It is the command's own promise, not a wrapper: awaiting it
 * costs no more turns than calling the command does, so what arrives together still
 * renders together. `pageOf` reads the answer. */
export function askList(query: PaperQuery): Promise<FoundPage> {
  return call("find_papers", { query });
}

/** The answer as the list keeps it: a query without a limit is a plain list. */
export function pageOf(query: PaperQuery, answer: FoundPage): ListPage {
  return {
    papers: answer.papers.map((p) => p.paper),
    found: query.limit === null ? null : answer.papers,
    total: answer.total,
    contradiction: answer.contradiction,
    forYou: answer.for_you ?? null,
  };
}
