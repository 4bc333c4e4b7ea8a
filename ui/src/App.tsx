import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { DownloadStatus, FoundPaper, ImportResult, Overview, PaperItem, PaperView, PdfTarget, Selection, Settings, TagItem } from "./bindings";
import { locale, resolveLocale, setLocale, systemLanguages, t } from "./i18n";
import { AppError, call, errorText, EVENTS, onDownloadStatus, onEvent } from "./ipc";
import { initialKeyState, interpretKey, isTextField, type KeyAction } from "./keys/keys";
import {
  countLabel,
  cursorAfterReload,
  emptyListMessage,
  moveCursor,
  patchPaper,
  selectionTitle,
  validSelection,
} from "./list/view";
import { Sidebar } from "./list/Sidebar";
import { PaperList } from "./list/PaperList";
import { PaperPane } from "./paper/PaperPane";
import { activeNote } from "./paper/NoteEditor";
import { ImportResultDialog } from "./import/ImportResultDialog";
import { ShortcutsDialog } from "./keys/ShortcutsDialog";
import { SettingsDialog } from "./settings/SettingsDialog";
import { DownloadPanel } from "./pdf/Downloads";
import { newerStatus, selectionTarget } from "./pdf/pdf";
import { FilterBar } from "./list/FilterBar";
import { activeFilters, debounce, findFilter, findRequest, loadView, noFilters, PAGE, MAX_PAGE, saveView, usesFind, type Filters } from "./list/filters";

/** Typing pauses this long before the search runs. */
const SEARCH_DEBOUNCE_MS = 150;

/** Where the reader was: the sidebar's selection and the open paper. */
type Place = Pick<Settings, "last_selection" | "last_paper">;

type Modal = { kind: "settings" } | { kind: "shortcuts" } | { kind: "import"; result: ImportResult } | null;

interface Toast {
  id: number;
  message: string;
  kind: "info" | "error";
  action?: { label: string; run: () => void };
}

let toastIds = 0;

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [overview, setOverview] = useState<Overview | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>({ kind: "all" });
  // The search and filters of the last session (read before anything saves over them).
  const [savedView] = useState(loadView);
  const [filters, setFilters] = useState<Filters>(savedView.filters);
  const [filtersOpen, setFiltersOpen] = useState(activeFilters(savedView.filters) > 0);
  const [searchInput, setSearchInput] = useState(savedView.query);
  const [search, setSearch] = useState(savedView.query);
  const [papers, setPapers] = useState<PaperItem[]>([]);
  /** Search results by paper id (highlights), and how many match in all; null for a plain list. */
  const [found, setFound] = useState<Map<number, FoundPaper> | null>(null);
  const [total, setTotal] = useState(0);
  const [listError, setListError] = useState<string | null>(null);
  /** The query whose results the list shows (for tests and measurements). */
  const [shownQuery, setShownQuery] = useState("");
  const [tags, setTags] = useState<TagItem[]>([]);
  const [listLoaded, setListLoaded] = useState(false);
  const [cursor, setCursor] = useState(-1);
  const [paper, setPaper] = useState<PaperView | null>(null);
  const [modal, setModal] = useState<Modal>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [importing, setImporting] = useState(false);
  const [dropping, setDropping] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [, setLocaleTick] = useState(0);
  const [downloads, setDownloads] = useState<DownloadStatus | null>(null);
  const [dismissedRun, setDismissedRun] = useState(0);
  const [reading, setReading] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  /** The selection, filters and search last asked for. What is on screen (the state
   * above) follows once their list arrives; the next request builds on this. */
  const want = useRef<{ selection: Selection; filters: Filters; search: string }>({
    selection: { kind: "all" },
    filters: savedView.filters,
    search: savedView.query,
  });
  const searchBox = useRef<HTMLInputElement>(null);
  const listRequest = useRef(0);
  const loadingMore = useRef(false);
  const paperRequest = useRef(0);
  const keyState = useRef(initialKeyState);

  const showToast = useCallback((message: string, kind: Toast["kind"] = "info", action?: Toast["action"]) => {
    const id = ++toastIds;
    setToast({ id, message, kind, action });
    setTimeout(() => setToast((current) => (current?.id === id ? null : current)), action ? 10000 : 5000);
  }, []);

  const showError = useCallback((error: unknown) => {
    showToast(t("common.error", { message: errorText(error) }), "error");
  }, [showToast]);

  const applyLanguage = useCallback((s: Settings) => {
    setLocale(resolveLocale(s.language, systemLanguages()));
    setLocaleTick((n) => n + 1);
  }, []);

  const refreshOverview = useCallback(async (): Promise<Overview | null> => {
    try {
      const next = await call("library_overview");
      setOverview(next);
      return next;
    } catch (error) {
      setFatal(errorText(error));
      return null;
    }
  }, []);

  /** The list on screen is this selection's, with these filters and search: set in
   * the same render as the list, so a click in the sidebar re-renders once. */
  const showing = useCallback((sel: Selection, f: Filters, q: string) => {
    setSelection(sel);
    setFilters(f);
    setSearch(q);
  }, []);

  /** Loads the list: a plain selection through `list_papers`, a search or filters
   * through `find_papers` (the first pages; more load as the list scrolls). */
  const loadList = useCallback(
    async (sel: Selection, f: Filters, q: string, keepId: number | null, keepIndex: number) => {
      const request = ++listRequest.current;
      want.current = { selection: sel, filters: f, search: q };
      loadingMore.current = false;
      try {
        if (!usesFind(q, f)) {
          const list = await call("list_papers", { query: { kind: "selection", selection: sel, keyword: null } });
          if (request !== listRequest.current) return;
          showing(sel, f, q);
          setPapers(list);
          setFound(null);
          setTotal(list.length);
          setListError(null);
          setListLoaded(true);
          setShownQuery("");
          setCursor(cursorAfterReload(list, keepId, keepIndex));
          return;
        }
        const filter = findFilter(sel, f);
        const page = filter
          ? await call("find_papers", { request: findRequest(q, filter, 0, Math.min(MAX_PAGE, Math.max(PAGE, keepIndex + 50))) })
          : { total: 0, offset: 0, papers: [], truncated: false };
        if (request !== listRequest.current) return;
        showing(sel, f, q);
        const list = page.papers.map((p) => p.paper);
        setPapers(list);
        setFound(new Map(page.papers.map((p) => [p.paper.id, p])));
        setTotal(page.total);
        setListError(filter ? null : t("search.contradiction"));
        setListLoaded(true);
        setShownQuery(q.trim());
        setCursor(cursorAfterReload(list, keepId, keepIndex));
      } catch (error) {
        if (request !== listRequest.current) return;
        showing(sel, f, q);
        // A query with nothing searchable in it is said in the list, not in a toast per keystroke.
        setPapers([]);
        setFound(new Map());
        setTotal(0);
        setListError(t("search.failed", { message: errorText(error) }));
        setListLoaded(true);
        setShownQuery(q.trim());
        setCursor(-1);
      }
    },
    [showing],
  );

  const refreshTags = useCallback(async () => {
    try {
      setTags(await call("list_tags"));
    } catch (error) {
      showError(error);
    }
  }, [showError]);

  /** Loads a paper into the paper view; `alongside` runs in the same render as it
   * (or its failure), so opening a paper re-renders once. */
  const loadPaper = useCallback(
    async (id: number, alongside?: () => void): Promise<PaperView | null> => {
      const request = ++paperRequest.current;
      try {
        const view = await call("get_paper", { id });
        if (request !== paperRequest.current) return null;
        setPaper(view);
        alongside?.();
        return view;
      } catch (error) {
        if (request !== paperRequest.current) return null;
        alongside?.();
        if (error instanceof AppError && error.code === "not_found") setPaper(null);
        else showError(error);
        return null;
      }
    },
    [showError],
  );

  /** Where the reader is, saved for the next start. Kept out of `settings` (state):
   * nothing on screen shows it, and a switch or an open should not cost a render. */
  const place = useRef<Place>({ last_selection: null, last_paper: null });
  const remember = useCallback((patch: Partial<Place>) => {
    place.current = { ...place.current, ...patch };
    // Saved once the frame that shows the change is drawn, so the request does not
    // compete with drawing it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        const current = live.current.settings;
        if (!current) return;
        void call("save_settings", { settings: { ...current, ...place.current } }).catch(() => {
          // Remembering the selection is a comfort; failing to is not worth a message.
        });
      }),
    );
  }, []);

  // Start: settings, then the library, then the last selection and paper.
  useEffect(() => {
    void (async () => {
      let s: Settings;
      try {
        s = await call("get_settings");
      } catch (error) {
        setFatal(errorText(error));
        return;
      }
      setSettings(s);
      place.current = { last_selection: s.last_selection, last_paper: s.last_paper };
      applyLanguage(s);
      const ov = await refreshOverview();
      if (!ov) return;
      const sel = validSelection(s.last_selection, ov);
      setSelection(sel);
      void refreshTags();
      await loadList(sel, savedView.filters, savedView.query, s.last_paper, -1);
      if (s.last_paper !== null) await loadPaper(s.last_paper);
    })();
  }, [applyLanguage, refreshOverview, loadList, loadPaper, refreshTags, savedView]);

  // State the event handlers read without re-subscribing.
  const live = useRef({ papers, total, found, cursor, paper, settings, modal, reading });
  live.current = { papers, total, found, cursor, paper, settings, modal, reading };

  // The search and filters are kept across restarts.
  useEffect(() => saveView({ query: search, filters }), [search, filters]);

  const reloadAll = useCallback(async () => {
    const { selection: sel, filters: f, search: q } = want.current;
    const { papers: list, cursor: c, paper: open } = live.current;
    const ov = await refreshOverview();
    if (!ov) return;
    void refreshTags();
    // A digest deleted meanwhile gives way to All (the list shows which).
    const valid = validSelection(sel, ov);
    await loadList(valid, f, q, list[c]?.id ?? null, c);
    if (open) await loadPaper(open.id);
  }, [refreshOverview, loadList, loadPaper, refreshTags]);

  /** The next page of search results, when the list shows the end of what is loaded. */
  const loadMore = useCallback(async () => {
    const { selection: sel, filters: f, search: q } = want.current;
    const { papers: list, total: all, found: hits } = live.current;
    if (!hits || loadingMore.current || list.length >= all) return;
    const filter = findFilter(sel, f);
    if (!filter) return;
    const request = listRequest.current;
    loadingMore.current = true;
    try {
      const page = await call("find_papers", { request: findRequest(q, filter, list.length, PAGE) });
      if (request !== listRequest.current) return;
      setPapers((current) => [...current, ...page.papers.map((p) => p.paper)]);
      setFound((current) => new Map([...(current ?? []), ...page.papers.map((p): [number, FoundPaper] => [p.paper.id, p])]));
      setTotal(page.total);
    } catch (error) {
      if (request === listRequest.current) showError(error);
    } finally {
      if (request === listRequest.current) loadingMore.current = false;
    }
  }, [showError]);

  // Changes made by the CLI (or another window) while we are open.
  useEffect(() => {
    const unlisten = onEvent(EVENTS.libraryChanged, () => void reloadAll());
    return () => void unlisten.then((f) => f());
  }, [reloadAll]);

  // PDF downloads: the queue's status now and as it moves; a queue that ends
  // changes what the list and the paper show.
  const takeStatus = useCallback((status: DownloadStatus) => setDownloads((current) => newerStatus(current, status)), []);
  useEffect(() => {
    void call("download_status").then(takeStatus, () => undefined);
    let running = false;
    const unlisten = onDownloadStatus((status) => {
      takeStatus(status);
      if (running && !status.running) void reloadAll();
      running = status.running;
    });
    return () => void unlisten.then((f) => f());
  }, [reloadAll, takeStatus]);

  const fetchPdfs = useCallback(
    (target: PdfTarget) => {
      void call("fetch_pdfs", { target }).then(takeStatus, showError);
    },
    [takeStatus, showError],
  );

  const deletePdf = useCallback(
    async (id: number) => {
      try {
        await call("delete_pdf", { id });
        setReading(false);
        await reloadAll();
        showToast(t("pdf.deleted"));
      } catch (error) {
        showError(error);
      }
    },
    [reloadAll, showToast, showError],
  );

  const deleteOnePdf = useCallback((id: number) => void deletePdf(id), [deletePdf]);
  const downloadPaper = useCallback((id: number) => fetchPdfs({ kind: "papers", ids: [id] }), [fetchPdfs]);

  const deleteDigestPdfs = useCallback(
    async (date: string) => {
      if (confirmDelete !== date) {
        setConfirmDelete(date);
        setTimeout(() => setConfirmDelete((d) => (d === date ? null : d)), 4000);
        return;
      }
      setConfirmDelete(null);
      try {
        const n = await call("delete_digest_pdfs", { date });
        setReading(false);
        await reloadAll();
        showToast(t("pdf.deletedMany", { n }));
      } catch (error) {
        showError(error);
      }
    },
    [confirmDelete, reloadAll, showToast, showError],
  );

  const openPdf = useCallback(
    (id: number) => {
      void call("open_pdf", { id }).catch(showError);
    },
    [showError],
  );

  // The page the reader is at, saved once scrolling settles.
  const pageSave = useRef<{ timer: ReturnType<typeof setTimeout> | undefined }>({ timer: undefined });
  const onPdfPage = useCallback((id: number, page: number) => {
    clearTimeout(pageSave.current.timer);
    setPaper((p) => (p && p.id === id ? { ...p, pdf_page: page } : p));
    pageSave.current.timer = setTimeout(() => {
      void call("set_pdf_page", { id, page }).catch(() => {
        // Losing the place is a small thing; not worth a message.
      });
    }, 500);
  }, []);

  // Closing the window: save the note first, then let it close.
  useEffect(() => {
    const unlisten = onEvent(EVENTS.closing, () => {
      void (async () => {
        try {
          await activeNote?.flush();
        } finally {
          await call("close_window").catch(() => undefined);
        }
      })();
    });
    return () => void unlisten.then((f) => f());
  }, []);

  const changeFilters = useCallback(
    (f: Filters) => {
      const { selection: sel, search: q } = want.current;
      setFilters(f);
      void loadList(sel, f, q, null, -1);
    },
    [loadList],
  );

  const filterKeyword = useCallback(
    (kw: string | null) => changeFilters({ ...want.current.filters, keyword: kw ?? "" }),
    [changeFilters],
  );

  const filterTag = useCallback(
    (tag: string) => {
      setFiltersOpen(true);
      changeFilters({ ...want.current.filters, tag });
    },
    [changeFilters],
  );

  /** Search and filters combine; the sidebar's selection is the scope they work in. */
  const runSearch = useCallback(
    (q: string) => {
      const { selection: sel, filters: f, search: current } = want.current;
      const { papers: list, cursor: c } = live.current;
      if (q === current) return;
      setSearch(q);
      void loadList(sel, f, q, list[c]?.id ?? null, -1);
    },
    [loadList],
  );

  const searchDebounce = useMemo(() => debounce<string>(runSearch, SEARCH_DEBOUNCE_MS), [runSearch]);

  const select = useCallback(
    (sel: Selection, f: Filters = noFilters) => {
      searchDebounce.cancel();
      // The sidebar marks the selection when its list arrives (see `showing`).
      setSearchInput("");
      void loadList(sel, f, "", null, -1);
      remember({ last_selection: sel });
    },
    [loadList, remember, searchDebounce],
  );

  const goToDigest = useCallback((date: string) => select({ kind: "digest", date }), [select]);

  const renameTag = useCallback(
    async (from: string, to: string): Promise<string | null> => {
      try {
        const n = await call("rename_tag", { from, to });
        const f = want.current.filters;
        // The reload below shows the filter under its new name.
        if (f.tag === from) want.current = { ...want.current, filters: { ...f, tag: to } };
        showToast(t("tags.renamed", { from, to, n }));
        await reloadAll();
        return null;
      } catch (error) {
        return errorText(error);
      }
    },
    [reloadAll, showToast],
  );

  /** A paper's tags changed in the paper view: the paper, counts in the sidebar, and
   * the list if it shows tags. */
  const onTagsChanged = useCallback((id: number, paperTags: string[]) => {
    setPaper((p) => (p && p.id === id ? { ...p, tags: paperTags } : p));
    void refreshTags();
    const { selection: sel, filters: f, search: q } = want.current;
    const { papers: list, cursor: c, found: hits } = live.current;
    if (hits) void loadList(sel, f, q, list[c]?.id ?? null, c);
  }, [refreshTags, loadList]);

  const setRead = useCallback(
    async (id: number, read: boolean) => {
      try {
        await call("set_read", { ids: [id], read });
        setPapers((list) => patchPaper(list, id, { read }));
        setPaper((p) => (p && p.id === id ? { ...p, read } : p));
        void refreshOverview();
      } catch (error) {
        showError(error);
      }
    },
    [refreshOverview, showError],
  );

  const setStar = useCallback(
    async (id: number, starred: boolean) => {
      try {
        await call("set_starred", { id, starred });
        setPapers((list) => patchPaper(list, id, { starred }));
        setPaper((p) => (p && p.id === id ? { ...p, starred } : p));
        void refreshOverview();
      } catch (error) {
        showError(error);
      }
    },
    [refreshOverview, showError],
  );

  // The open paper's actions: stable, so the paper pane does not re-render for them.
  const toggleOpenRead = useCallback(() => {
    const open = live.current.paper;
    if (open) void setRead(open.id, !open.read);
  }, [setRead]);
  const toggleOpenStar = useCallback(() => {
    const open = live.current.paper;
    if (open) void setStar(open.id, !open.starred);
  }, [setStar]);
  const startReading = useCallback(() => setReading(true), []);
  const stopReading = useCallback(() => setReading(false), []);

  const toggleReadItem = useCallback((p: PaperItem) => void setRead(p.id, !p.read), [setRead]);
  const toggleStarItem = useCallback((p: PaperItem) => void setStar(p.id, !p.starred), [setStar]);

  /** Opens a paper; `row`, when given, becomes the list's cursor as it shows. */
  const openPaper = useCallback(
    async (id: number, row?: number) => {
      await activeNote?.flush();
      if (live.current.paper?.id !== id) setReading(false);
      const view = await loadPaper(id, () => {
        if (row !== undefined) setCursor(row);
        remember({ last_paper: id });
      });
      if (!view) return;
      if (live.current.settings?.mark_read_on_open && !view.read) await setRead(id, true);
    },
    [loadPaper, remember, setRead],
  );

  const onSelectRow = useCallback(
    (index: number, open: boolean) => {
      const item = live.current.papers[index];
      if (open && item) void openPaper(item.id, index);
      else setCursor(index);
    },
    [openPaper],
  );

  const markDigestRead = useCallback(
    async (date: string) => {
      try {
        const { ids } = await call("mark_digest_read", { date });
        await reloadAll();
        if (ids.length === 0) return;
        showToast(t("triage.markedRead", { n: ids.length }), "info", {
          label: t("triage.undo"),
          run: () => {
            void (async () => {
              try {
                await call("set_read", { ids, read: false });
                await reloadAll();
                showToast(t("triage.undone", { n: ids.length }));
              } catch (error) {
                showError(error);
              }
            })();
          },
        });
      } catch (error) {
        showError(error);
      }
    },
    [reloadAll, showToast, showError],
  );

  const finishImport = useCallback(
    async (run: () => Promise<ImportResult>) => {
      setImporting(true);
      try {
        const result = await run();
        setModal({ kind: "import", result });
        await reloadAll();
      } catch (error) {
        showError(error);
      } finally {
        setImporting(false);
      }
    },
    [reloadAll, showError],
  );

  const importFrom = useCallback(
    async (directory: boolean) => {
      setMenuOpen(false);
      const picked = await openDialog({
        multiple: true,
        directory,
        title: directory ? t("import.folder") : t("import.files"),
        filters: directory ? undefined : [{ name: t("import.digestFilter"), extensions: ["md", "markdown", "txt"] }],
      }).catch((error: unknown) => {
        showError(error);
        return null;
      });
      if (!picked) return;
      const paths = Array.isArray(picked) ? picked : [picked];
      if (paths.length === 0) return;
      await finishImport(() => call("import_paths", { paths }));
    },
    [finishImport, showError],
  );

  const importSample = useCallback(async () => {
    setMenuOpen(false);
    await finishImport(() => call("import_sample"));
  }, [finishImport]);

  // Files dropped on the window are imported.
  useEffect(() => {
    const unlisten = getCurrentWebview().onDragDropEvent((event) => {
      const payload = event.payload;
      if (payload.type === "enter" || payload.type === "over") setDropping(true);
      else if (payload.type === "leave") setDropping(false);
      else if (payload.type === "drop") {
        setDropping(false);
        if (payload.paths.length > 0) void finishImport(() => call("import_paths", { paths: payload.paths }));
      }
    });
    return () => void unlisten.then((f) => f());
  }, [finishImport]);

  const saveSettings = useCallback(
    async (next: Settings): Promise<string | null> => {
      try {
        const saved = await call("save_settings", { settings: { ...next, ...place.current } });
        setSettings(saved);
        applyLanguage(saved);
        return null;
      } catch (error) {
        return errorText(error);
      }
    },
    [applyLanguage],
  );

  const openLink = useCallback(
    (url: string) => {
      void call("open_external", { url }).catch(showError);
    },
    [showError],
  );

  const onNoteSaved = useCallback((id: number, text: string) => {
    const hasNote = text.trim() !== "";
    setPapers((list) => patchPaper(list, id, { has_note: hasNote }));
    setPaper((p) => (p && p.id === id ? { ...p, note: text } : p));
  }, []);

  // Keyboard shortcuts.
  const runAction = useCallback(
    (action: KeyAction) => {
      const { papers: list, cursor: c, paper: open, modal: m } = live.current;
      const target = list[c] ?? null;
      switch (action) {
        case "next":
        case "prev": {
          const next = moveCursor(c, action === "next" ? 1 : -1, list.length);
          setCursor(next);
          // While reading, j/k move the reader along too.
          const item = list[next];
          if (open && item && item.id !== open.id) void openPaper(item.id);
          break;
        }
        case "open":
          if (target) void openPaper(target.id);
          break;
        case "toggleRead": {
          const id = target?.id ?? open?.id;
          const read = target ? target.read : open?.read;
          if (id !== undefined && read !== undefined) void setRead(id, !read);
          break;
        }
        case "toggleStar": {
          const id = target?.id ?? open?.id;
          const starred = target ? target.starred : open?.starred;
          if (id !== undefined && starred !== undefined) void setStar(id, !starred);
          break;
        }
        case "editNote":
          if (!open && target) void openPaper(target.id).then(() => requestAnimationFrame(() => activeNote?.edit()));
          else activeNote?.edit();
          break;
        case "leave":
          if (m) setModal(null);
          else if (menuOpen) setMenuOpen(false);
          else if (document.activeElement === searchBox.current) {
            searchBox.current?.blur();
            searchDebounce.cancel();
            setSearchInput("");
            runSearch("");
          } else if (activeNote?.editing()) void activeNote.leave();
          else if (live.current.reading) setReading(false);
          else if (want.current.filters.keyword) filterKeyword(null);
          break;
        case "search":
          searchBox.current?.focus();
          searchBox.current?.select();
          break;
        case "goUnread":
          select({ kind: "unread" });
          break;
        case "goStarred":
          select({ kind: "starred" });
          break;
        case "goAll":
          select({ kind: "all" });
          break;
        case "help":
          setModal({ kind: "shortcuts" });
          break;
      }
    },
    [openPaper, setRead, setStar, select, runSearch, searchDebounce, filterKeyword, menuOpen],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      const inTextField = isTextField(e.target);
      // In a dialog only Escape is ours; its fields and buttons keep their keys.
      if (live.current.modal && e.key !== "Escape") return;
      const { state, action } = interpretKey(keyState.current, {
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        inTextField,
        time: Date.now(),
      });
      keyState.current = state;
      if (!action) return;
      // Enter on a focused button or link is that control's.
      if (action === "open" && e.target instanceof HTMLElement && e.target.closest("button, a, select")) return;
      e.preventDefault();
      runAction(action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [runAction]);

  if (fatal) {
    return (
      <div class="fatal" role="alert" data-testid="fatal">
        <h1>{t("app.title")}</h1>
        <p>{fatal}</p>
      </div>
    );
  }
  if (!overview || !settings) return <div class="loading" aria-busy="true" />;

  const empty = overview.total === 0 && overview.digests.length === 0;
  const digestSelected = selection.kind === "digest" && search === "" ? selection : null;
  const digestInfo = digestSelected ? overview.digests.find((d) => d.date === digestSelected.date) : undefined;
  const pdfTarget = selectionTarget(selection, search !== "");
  const isReading = reading && paper?.pdf != null;

  return (
    <div class={isReading ? "app is-reading" : "app"} data-testid="app" data-loaded={listLoaded ? "true" : "false"}>
      <header class="toolbar">
        <div class="brand">{t("app.title")}</div>
        <form
          class="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            searchDebounce.flush(searchInput);
          }}
        >
          <input
            ref={searchBox}
            type="search"
            data-testid="search"
            placeholder={t("search.placeholder")}
            value={searchInput}
            onInput={(e) => {
              const value = (e.target as HTMLInputElement).value;
              setSearchInput(value);
              // Results as you type, once typing pauses; clearing the box shows the list at once.
              if (value === "") searchDebounce.flush("");
              else searchDebounce.push(value);
            }}
          />
        </form>
        <div class="toolbar-actions">
          <div class="menu">
            <button type="button" data-testid="import-button" aria-haspopup="menu" aria-expanded={menuOpen} onClick={() => setMenuOpen((o) => !o)}>
              {importing ? t("import.running") : t("import.button")} ▾
            </button>
            {menuOpen ? (
              <ul class="menu-list" role="menu">
                <li>
                  <button type="button" role="menuitem" onClick={() => void importFrom(false)}>
                    {t("import.files")}
                  </button>
                </li>
                <li>
                  <button type="button" role="menuitem" onClick={() => void importFrom(true)}>
                    {t("import.folder")}
                  </button>
                </li>
                <li>
                  <button type="button" role="menuitem" data-testid="menu-import-sample" onClick={() => void importSample()}>
                    {t("import.sample")}
                  </button>
                </li>
              </ul>
            ) : null}
          </div>
          <button type="button" data-testid="settings-button" onClick={() => setModal({ kind: "settings" })}>
            {t("settings.title")}
          </button>
          <button type="button" class="icon-button" title={t("shortcuts.button")} aria-label={t("shortcuts.button")} onClick={() => setModal({ kind: "shortcuts" })}>
            ?
          </button>
        </div>
      </header>
      <div class="body">
        {isReading ? null : (
          <Sidebar
            overview={overview}
            selection={selection}
            onSelect={select}
            tags={tags}
            activeTag={filters.tag}
            onTag={filterTag}
            onRenameTag={renameTag}
          />
        )}
        {empty ? (
          <section class="welcome" data-testid="welcome">
            <h1>{t("welcome.title")}</h1>
            <p>{t("welcome.body")}</p>
            <div class="welcome-actions">
              <button type="button" class="primary" data-testid="import-sample" onClick={() => void importSample()}>
                {t("import.sample")}
              </button>
              <button type="button" onClick={() => void importFrom(false)}>
                {t("import.files")}
              </button>
              <button type="button" onClick={() => void importFrom(true)}>
                {t("import.folder")}
              </button>
            </div>
            <p class="muted">{t("welcome.library", { dir: overview.library_dir })}</p>
          </section>
        ) : (
          <>
            <section class="list-pane" hidden={isReading} data-query={shownQuery}>
              <header class="list-header">
                <div class="list-title">
                  <h2 data-testid="list-title">{selectionTitle(selection, search)}</h2>
                  <span class="muted" data-testid="list-count">
                    {countLabel(total)}
                  </span>
                </div>
                <div class="list-tools">
                  {filters.keyword ? (
                    <button type="button" class="chip is-active" data-testid="keyword-filter" title={t("list.clearFilter")} onClick={() => filterKeyword(null)}>
                      {t("list.filter")}: {filters.keyword} ×
                    </button>
                  ) : null}
                  <button
                    type="button"
                    class={activeFilters(filters) > 0 ? "filter-toggle is-set" : "filter-toggle"}
                    data-testid="filter-toggle"
                    aria-expanded={filtersOpen}
                    onClick={() => setFiltersOpen((o) => !o)}
                  >
                    {t("filter.button")}
                    {activeFilters(filters) > 0 ? ` (${activeFilters(filters)})` : ""} ▾
                  </button>
                  {digestSelected && digestInfo && digestInfo.unread > 0 ? (
                    <button type="button" data-testid="mark-digest-read" onClick={() => void markDigestRead(digestSelected.date)}>
                      ✓ {t("list.markDigestRead")}
                    </button>
                  ) : null}
                  {pdfTarget && papers.length > 0 ? (
                    <button type="button" data-testid="download-list" disabled={downloads?.running === true} title={downloads?.running ? t("pdf.queueBusy") : undefined} onClick={() => fetchPdfs(pdfTarget)}>
                      ⤓ {t(pdfTarget.kind === "digest" ? "list.downloadDigest" : pdfTarget.kind === "unread" ? "list.downloadUnread" : "list.downloadStarred")}
                    </button>
                  ) : null}
                  {digestSelected && papers.some((p) => p.has_pdf) ? (
                    <button type="button" class={confirmDelete === digestSelected.date ? "danger" : ""} data-testid="delete-digest-pdfs" onClick={() => void deleteDigestPdfs(digestSelected.date)}>
                      {confirmDelete === digestSelected.date ? t("list.confirmDelete") : t("list.deleteDigestPdfs")}
                    </button>
                  ) : null}
                </div>
              </header>
              {filtersOpen ? <FilterBar filters={filters} tags={tags} onChange={changeFilters} /> : null}
              {listError !== null ? (
                <p class="list-empty" role="status" data-testid="list-error">
                  {listError}
                </p>
              ) : listLoaded && papers.length === 0 ? (
                <p class="list-empty" data-testid="list-empty">
                  {found ? t("search.noMatch") : t(emptyListMessage(selection))}
                </p>
              ) : (
                <PaperList
                  papers={papers}
                  cursor={cursor}
                  openId={paper?.id ?? null}
                  activeKeyword={filters.keyword || null}
                  found={found}
                  onNearEnd={found && papers.length < total ? () => void loadMore() : undefined}
                  onSelect={onSelectRow}
                  onToggleRead={toggleReadItem}
                  onToggleStar={toggleStarItem}
                  onKeyword={filterKeyword}
                  lang={locale()}
                />
              )}
            </section>
            <PaperPane
              paper={paper}
              onToggleRead={toggleOpenRead}
              onToggleStar={toggleOpenStar}
              onOpenLink={openLink}
              onGoToDigest={goToDigest}
              onKeyword={filterKeyword}
              onNoteSaved={onNoteSaved}
              downloads={downloads}
              reading={isReading}
              onDownload={downloadPaper}
              onRead={startReading}
              onCloseReader={stopReading}
              onOpenPdf={openPdf}
              onDeletePdf={deleteOnePdf}
              onPdfPage={onPdfPage}
              allTags={tags}
              onTagsChanged={onTagsChanged}
              lang={locale()}
            />
          </>
        )}
      </div>
      {downloads && downloads.run > 0 && (downloads.running || downloads.run !== dismissedRun) ? (
        <DownloadPanel
          status={downloads}
          onCancel={() => void call("cancel_downloads").then(takeStatus, showError)}
          onDismiss={() => setDismissedRun(downloads.run)}
        />
      ) : null}
      {dropping ? (
        <div class="drop-overlay" aria-live="polite">
          <p>{t("import.dropHere")}</p>
        </div>
      ) : null}
      {toast ? (
        <div class={`toast is-${toast.kind}`} role={toast.kind === "error" ? "alert" : "status"} data-testid="toast">
          <span>{toast.message}</span>
          {toast.action ? (
            <button
              type="button"
              data-testid="toast-action"
              onClick={() => {
                toast.action?.run();
                setToast(null);
              }}
            >
              {toast.action.label}
            </button>
          ) : null}
          <button type="button" class="icon-button" aria-label={t("common.close")} onClick={() => setToast(null)}>
            ×
          </button>
        </div>
      ) : null}
      {modal?.kind === "import" ? <ImportResultDialog result={modal.result} onClose={() => setModal(null)} /> : null}
      {modal?.kind === "shortcuts" ? <ShortcutsDialog onClose={() => setModal(null)} /> : null}
      {modal?.kind === "settings" ? (
        <SettingsDialog settings={settings} libraryDir={overview.library_dir} onSave={saveSettings} onClose={() => setModal(null)} />
      ) : null}
    </div>
  );
}
