// The list's state: what the reader asked for (`want`), what the screen shows (the
// selection, filters and search with their papers, set in one render), the cursor,
// and the search box. The list's IPC request is built in `request.ts`.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { FoundPaper, ForYouStatus, Order, Overview, PaperItem, Scope } from "../bindings";
import { t } from "../i18n";
import { errorText } from "../ipc";
import { useLatest } from "../latest";
import type { Place } from "../settings/useSettings";
import { activeFilters, debounce, loadSort, loadView, MAX_PAGE, noFilters, PAGE, saveSort, saveView, type Filters, type SortChoice } from "./filters";
import { askList, listQuery, orderFor, pageOf, showsResults, type ListWant } from "./request";
import { cursorAfterReload, patchPaper, validSelection } from "./view";

/** Typing pauses this long before the search runs. */
const SEARCH_DEBOUNCE_MS = 150;

/** A list to load again: what was asked for, and the paper at the cursor to keep. */
export interface ListPlace extends ListWant {
  keepId: number | null;
  keepIndex: number;
}

function byId(found: readonly FoundPaper[]): Array<[number, FoundPaper]> {
  return found.map((p): [number, FoundPaper] => [p.paper.id, p]);
}

export function useList({ showError, remember }: { showError: (error: unknown) => void; remember: (patch: Partial<Place>) => void }) {
  // The search and filters of the last session (read before anything saves over them).
  const [savedView] = useState(loadView);
  const [selection, setSelection] = useState<Scope>({ kind: "all" });
  const [filters, setFilters] = useState<Filters>(savedView.filters);
  const [filtersOpen, setFiltersOpen] = useState(activeFilters(savedView.filters) > 0);
  const [searchInput, setSearchInput] = useState(savedView.query);
  const [search, setSearch] = useState(savedView.query);
  const [papers, setPapers] = useState<PaperItem[]>([]);
  /** Search results by paper id (highlights); null for a plain list. */
  const [found, setFound] = useState<Map<number, FoundPaper> | null>(null);
  /** How many papers match in all (more than `papers` when results come in pages). */
  const [total, setTotal] = useState(0);
  const [exact, setExact] = useState(true);
  const [error, setError] = useState<string | null>(null);
  /** The query whose results the list shows (for tests and measurements). */
  const [shownQuery, setShownQuery] = useState("");
  const [loaded, setLoaded] = useState(false);
  const [cursor, setCursor] = useState(-1);
  /** How the reader chose to sort (kept across restarts), and the order shown. */
  const [sort, setSort] = useState<SortChoice>(loadSort);
  const [order, setOrder] = useState<Order | null>(null);
  /** Sorted For you: ranked, or why not (too few signals). */
  const [forYou, setForYou] = useState<ForYouStatus | null>(null);
  const sortRef = useRef(sort);
  /** The reader's signals (stars, notes, tags, PDFs): For you is New's and
   * Unread's default from `FOR_YOU_MIN_POSITIVES` on (the overview says). */
  const positives = useRef(0);

  /** The selection, filters and search last asked for. What is on screen (the state
   * above) follows once their list arrives; the next request builds on this. */
  const want = useRef<ListWant>({ selection: { kind: "all" }, filters: savedView.filters, search: savedView.query });
  const live = useLatest({ papers, total, exact, found, cursor });
  const requests = useRef(0);
  const loadingMore = useRef(false);
  const searchBox = useRef<HTMLInputElement>(null);

  // The search and filters are kept across restarts.
  useEffect(() => saveView({ query: search, filters }), [search, filters]);

  /** The list on screen is this selection's, with these filters and search: set in
   * the same render as the list, so a click in the sidebar re-renders once. */
  const showing = useCallback((sel: Scope, f: Filters, q: string) => {
    setSelection(sel);
    setFilters(f);
    setSearch(q);
  }, []);

  /** Loads the list (the first pages of results; more load as the list scrolls),
   * keeping the cursor on `keepId`, else near `keepIndex`. */
  const load = useCallback(
    async (sel: Scope, f: Filters, q: string, keepId: number | null, keepIndex: number) => {
      const mine = ++requests.current;
      const asked = orderFor(sortRef.current, sel, positives.current);
      want.current = { selection: sel, filters: f, search: q, order: asked };
      loadingMore.current = false;
      const query = listQuery(want.current, 0, Math.min(MAX_PAGE, Math.max(PAGE, keepIndex + 50)));
      try {
        const page = pageOf(await askList(query), showsResults(want.current));
        if (mine !== requests.current) return;
        showing(sel, f, q);
        setOrder(asked);
        setForYou(page.forYou);
        setPapers(page.papers);
        setFound(page.found && new Map(byId(page.found)));
        setTotal(page.total);
        setExact(page.exact);
        setError(page.contradiction ? t("search.contradiction") : null);
        setLoaded(true);
        setShownQuery(page.found ? q.trim() : "");
        setCursor(cursorAfterReload(page.papers, keepId, keepIndex));
      } catch (e) {
        if (mine !== requests.current) return;
        showing(sel, f, q);
        setOrder(asked);
        setForYou(null);
        // A query with nothing searchable in it is said in the list, not in a toast per keystroke.
        setPapers([]);
        setFound(new Map());
        setTotal(0);
        setExact(true);
        setError(t("search.failed", { message: errorText(e) }));
        setLoaded(true);
        setShownQuery(q.trim());
        setCursor(-1);
      }
    },
    [showing],
  );

  /** The list at start: the remembered selection, with the last session's search and filters. */
  const start = useCallback(
    (sel: Scope, keepId: number | null) => {
      setSelection(sel);
      return load(sel, savedView.filters, savedView.query, keepId, -1);
    },
    [load, savedView],
  );

  /** What to load again later: the list asked for, and the paper at the cursor. */
  const here = useCallback((): ListPlace => {
    const { papers: list, cursor: c } = live.current;
    return { ...want.current, keepId: list[c]?.id ?? null, keepIndex: c };
  }, [live]);

  /** Loads `at` again; with an overview, a digest deleted meanwhile gives way to All. */
  const again = useCallback(
    (at: ListPlace, overview?: Overview) =>
      load(overview ? validSelection(at.selection, overview) : at.selection, at.filters, at.search, at.keepId, at.keepIndex),
    [load],
  );

  /** Search results show tags and notes: after such a change they load again. */
  const reloadResults = useCallback(() => {
    const at = here();
    if (live.current.found) void again(at);
  }, [here, again, live]);

  /** The next page, when the list shows the end of what is loaded. */
  const loadMore = useCallback(async () => {
    const { papers: list, total: all, exact: counted } = live.current;
    if (loadingMore.current || (counted && list.length >= all)) return;
    const query = listQuery(want.current, list.length, PAGE);
    const mine = requests.current;
    loadingMore.current = true;
    try {
      const page = pageOf(await askList(query), showsResults(want.current));
      if (mine !== requests.current) return;
      setPapers((current) => [...current, ...page.papers]);
      // A page come back short ends a list whose matches were not all counted.
      const ended = !page.exact && page.papers.length < PAGE;
      setFound((current) => (page.found ? new Map([...(current ?? []), ...byId(page.found)]) : current));
      setTotal(ended ? list.length + page.papers.length : Math.max(page.total, list.length + page.papers.length));
      setExact(page.exact || ended);
    } catch (e) {
      if (mine === requests.current) showError(e);
    } finally {
      if (mine === requests.current) loadingMore.current = false;
    }
  }, [live, showError]);

  const changeFilters = useCallback(
    (f: Filters) => {
      const { selection: sel, search: q } = want.current;
      setFilters(f);
      void load(sel, f, q, null, -1);
    },
    [load],
  );

  const filterKeyword = useCallback((kw: string | null) => changeFilters({ ...want.current.filters, keyword: kw ?? "" }), [changeFilters]);
  const filterAuthor = useCallback((name: string | null) => changeFilters({ ...want.current.filters, author: name ?? "" }), [changeFilters]);

  const filterTag = useCallback(
    (tag: string) => {
      setFiltersOpen(true);
      changeFilters({ ...want.current.filters, tag });
    },
    [changeFilters],
  );

  const toggleFilters = useCallback(() => setFiltersOpen((o) => !o), []);

  /** A tag was renamed: a filter on it follows (the next load shows it under its new name). */
  const renameTag = useCallback((from: string, to: string) => {
    const f = want.current.filters;
    if (f.tag === from) want.current = { ...want.current, filters: { ...f, tag: to } };
  }, []);

  /** Search and filters combine; the sidebar's selection is the scope they work in. */
  const runSearch = useCallback(
    (q: string) => {
      const { selection: sel, filters: f, search: current } = want.current;
      const { papers: list, cursor: c } = live.current;
      if (q === current) return;
      setSearch(q);
      void load(sel, f, q, list[c]?.id ?? null, -1);
    },
    [load, live],
  );

  const searchDebounce = useMemo(() => debounce<string>(runSearch, SEARCH_DEBOUNCE_MS), [runSearch]);

  /** The search box's text changed: results as you type, once typing pauses; clearing
   * the box shows the list at once. */
  const typeSearch = useCallback(
    (value: string) => {
      setSearchInput(value);
      if (value === "") searchDebounce.flush("");
      else searchDebounce.push(value);
    },
    [searchDebounce],
  );

  /** Escape in the search box: leave it, and the list without the search. */
  const leaveSearch = useCallback(() => {
    searchBox.current?.blur();
    searchDebounce.cancel();
    setSearchInput("");
    runSearch("");
  }, [searchDebounce, runSearch]);

  const focusSearch = useCallback(() => {
    searchBox.current?.focus();
    searchBox.current?.select();
  }, []);

  const select = useCallback(
    (sel: Scope, f: Filters = noFilters) => {
      searchDebounce.cancel();
      // The sidebar marks the selection when its list arrives (see `showing`).
      setSearchInput("");
      void load(sel, f, "", null, -1);
      remember({ last_selection: sel });
    },
    [load, remember, searchDebounce],
  );

  /** The reader chose how to sort: the list loads again in that order. */
  const changeSort = useCallback(
    (next: SortChoice) => {
      sortRef.current = next;
      setSort(next);
      saveSort(next);
      const { selection: sel, filters: f, search: q } = want.current;
      void load(sel, f, q, null, -1);
    },
    [load],
  );

  /** The library's overview came: its count of signals decides New's and Unread's
   * default order at their next load. */
  const takeOverview = useCallback((ov: Overview) => {
    positives.current = ov.for_you_positives;
  }, []);

  const goToDigest = useCallback((date: string) => select({ kind: "digest", date }), [select]);

  /** A paper changed (read, starred, its note): its row follows without asking again. */
  const patch = useCallback((id: number, change: Partial<PaperItem>) => setPapers((list) => patchPaper(list, id, change)), []);

  return {
    // On screen.
    selection,
    filters,
    filtersOpen,
    searchInput,
    search,
    papers,
    found,
    total,
    exact,
    error,
    shownQuery,
    loaded,
    cursor,
    sort,
    order,
    forYou,
    // For handlers.
    want,
    live,
    searchBox,
    setCursor,
    // Loading.
    start,
    here,
    again,
    reloadResults,
    loadMore,
    // The reader's controls.
    select,
    changeSort,
    takeOverview,
    goToDigest,
    changeFilters,
    filterKeyword,
    filterAuthor,
    filterTag,
    toggleFilters,
    renameTag,
    searchDebounce,
    typeSearch,
    leaveSearch,
    focusSearch,
    patch,
  };
}

export type List = ReturnType<typeof useList>;
