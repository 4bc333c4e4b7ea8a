// The list's search and filters as plain data: what the filter bar edits, how it
// becomes the filter of the list's query, and how it is kept in the webview's
// storage so a restart finds it again.

import type { Filter } from "../bindings";

/** A yes/no condition, or null for either. */
export type Tri = boolean | null;

export interface Filters {
  read: Tri;
  starred: Tri;
  hasPdf: Tri;
  hasNote: Tri;
  /** `YYYY-MM-DD` or "". */
  since: string;
  until: string;
  /** A digest's keyword, exactly, or "". */
  keyword: string;
  /** One of the reader's tags, or "". */
  tag: string;
  /** Words of an author's name, or "". */
  author: string;
  /** An arXiv category (`cs.LG`), exactly, or "". */
  category: string;
  /** Whether arXiv has a newer version than the reader's. */
  newVersion: Tri;
}

export const noFilters: Filters = {
  read: null,
  starred: null,
  hasPdf: null,
  hasNote: null,
  since: "",
  until: "",
  keyword: "",
  tag: "",
  author: "",
  category: "",
  newVersion: null,
};

/** Papers a page of results holds; more load as the list scrolls. */
export const PAGE = 50;
/** The most one request may ask for (core's MAX_PAGE). */
export const MAX_PAGE = 1000;

export function activeFilters(f: Filters): number {
  return (
    [f.read, f.starred, f.hasPdf, f.hasNote, f.newVersion].filter((v) => v !== null).length +
    [f.since, f.until, f.keyword, f.tag, f.author, f.category].filter((v) => v.trim() !== "").length
  );
}

/** Plain selections list whole; a search or any filter lists a page at a time, with
 * highlights. */
export function usesFind(query: string, f: Filters): boolean {
  return query.trim() !== "" || activeFilters(f) > 0;
}

function text(v: string): string | null {
  return v.trim() === "" ? null : v.trim();
}

/** The filter bar as the query's filter. How it combines with the sidebar's
 * selection (the scope), contradictions included, is core's to decide. */
export function toFilter(f: Filters): Filter {
  return {
    read: f.read,
    starred: f.starred,
    has_pdf: f.hasPdf,
    has_note: f.hasNote,
    since: text(f.since),
    until: text(f.until),
    keyword: text(f.keyword),
    tags: f.tag.trim() === "" ? [] : [f.tag.trim()],
    author: text(f.author),
    category: text(f.category),
    new_version: f.newVersion,
  };
}

/** What a restart restores: the search and the filters (the selection and paper are
 * in the app's settings). */
export interface SavedView {
  query: string;
  filters: Filters;
}

const STORAGE_KEY = "papershelf.view";

function tri(v: unknown): Tri {
  return v === true || v === false ? v : null;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** Reads a saved view, ignoring anything malformed. */
export function parseView(json: string | null): SavedView {
  try {
    const raw = JSON.parse(json ?? "null") as { query?: unknown; filters?: Record<string, unknown> } | null;
    if (!raw || typeof raw !== "object") return { query: "", filters: noFilters };
    const f = raw.filters && typeof raw.filters === "object" ? raw.filters : {};
    return {
      query: str(raw.query),
      filters: {
        read: tri(f.read),
        starred: tri(f.starred),
        hasPdf: tri(f.hasPdf),
        hasNote: tri(f.hasNote),
        since: str(f.since),
        until: str(f.until),
        keyword: str(f.keyword),
        tag: str(f.tag),
        author: str(f.author),
        category: str(f.category),
        newVersion: tri(f.newVersion),
      },
    };
  } catch {
    return { query: "", filters: noFilters };
  }
}

export function loadView(storage: Storage | undefined = globalThis.localStorage): SavedView {
  return parseView(storage?.getItem(STORAGE_KEY) ?? null);
}

export function saveView(view: SavedView, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    if (view.query === "" && activeFilters(view.filters) === 0) storage?.removeItem(STORAGE_KEY);
    else storage?.setItem(STORAGE_KEY, JSON.stringify(view));
  } catch {
    // Storage full or unavailable: the view is simply not remembered.
  }
}

/** How the reader chose to sort: "auto" is For you in New and Unread once the
 * reader has given enough signals to train it, else the list's own order. */
export type SortChoice = "auto" | "listed" | "for_you";

const SORT_KEY = "papershelf.sort";

export function loadSort(storage: Storage | undefined = globalThis.localStorage): SortChoice {
  const v = storage?.getItem(SORT_KEY);
  return v === "listed" || v === "for_you" ? v : "auto";
}

export function saveSort(sort: SortChoice, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    if (sort === "auto") storage?.removeItem(SORT_KEY);
    else storage?.setItem(SORT_KEY, sort);
  } catch {
    // Storage full or unavailable: the choice is simply not remembered.
  }
}

/** Calls `run` once `ms` after the last `push`; `flush` runs a pending call now. */
export function debounce<T>(run: (value: T) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: { value: T } | null = null;
  return {
    push(value: T) {
      pending = { value };
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const p = pending;
        pending = null;
        if (p) run(p.value);
      }, ms);
    },
    flush(value: T) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = null;
      run(value);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
