// The one place a list of papers is asked for: every list is one `PaperQuery`
// through `find_papers`, a page at a time; a search or any filter comes with
// highlights. Core resolves a selection contradicting the
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

/** The query for a page of `want`'s papers from `offset`. Every list comes a page at a
 * time (more as it scrolls), a plain selection too: a library of 100,000 papers shows
 * its first rows as soon as a small page is read, not once every row has come. */
export function listQuery(want: ListWant, offset: number, limit: number): PaperQuery {
  return {
    scope: want.selection,
    filter: toFilter(want.filters),
    text: want.search.trim(),
    order: want.order ?? null,
    offset,
    limit: Math.min(limit, MAX_PAGE),
  };
}

/** Whether a list shows search results: matches marked, snippets, tags on the rows, a
 * For you list's reasons. A plain selection shows its rows only. */
export function showsResults(want: ListWant): boolean {
  return usesFind(want.search, want.filters) || want.order === "for_you";
}

/** Every paper of a scope, in its own order (what "download the list" fetches). */
export function scopeQuery(scope: Scope): PaperQuery {
  return { scope, filter: toFilter(noFilters), text: "", order: null, offset: 0, limit: null };
}

/** A page of the list: its papers, their search results (null for a plain list), how
 * many match in all, and whether the selection and filters contradict each other. */
export interface ListPage {
  papers: PaperItem[];
  found: FoundPaper[] | null;
  total: number;
  /** `total` counts every match; else it is a lower bound (core stops counting a
   * search's matches at 10,000) and the list goes on until a page comes back short. */
  exact: boolean;
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

/** The answer as the list keeps it: search results (`results`) keep what was found. */
export function pageOf(answer: FoundPage, results: boolean): ListPage {
  return {
    papers: answer.papers.map((p) => p.paper),
    found: results ? answer.papers : null,
    total: answer.total,
    exact: answer.total_exact,
    contradiction: answer.contradiction,
    forYou: answer.for_you ?? null,
  };
}
