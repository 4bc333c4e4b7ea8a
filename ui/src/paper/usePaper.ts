// The paper view's state: the open paper, whether its PDF is being read, and what
// changes it (opening, marks, the note); and the note saved before the window closes.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { FoundSnippet, PaperView, Settings } from "../bindings";
import type { ReadTarget } from "../pdf/PdfViewer";
import { markedWords } from "../pdf/highlights/words";
import { AppError, call, EVENTS, onEvent } from "../ipc";
import type { List } from "../list/useList";
import type { Place } from "../settings/useSettings";
import { useLatest } from "../latest";
import { flipped, type Mark, type MarkField } from "./marks";
import { activeNote } from "./NoteEditor";

export interface PaperDeps {
  list: Pick<List, "patch" | "setCursor" | "live">;
  settings: { readonly current: Settings | null };
  remember: (patch: Partial<Place>) => void;
  refreshOverview: () => Promise<unknown>;
  showError: (error: unknown) => void;
}

export function usePaper({ list, settings, remember, refreshOverview, showError }: PaperDeps) {
  const [paper, setPaper] = useState<PaperView | null>(null);
  const [reading, setReading] = useState(false);
  /** Where in the PDF reading goes: a highlight to flash, a search hit's words. */
  const [target, setTarget] = useState<ReadTarget | null>(null);
  const targets = useRef(0);
  const live = useLatest({ paper, reading });
  const requests = useRef(0);
  /** The paper last asked for: the one shown, or the one a click is opening. */
  const wanted = useRef<number | null>(null);
  const { patch: patchList, setCursor, live: listLive } = list;

  /** Loads a paper into the paper view; `alongside` runs in the same render as it
   * (or its failure), so opening a paper re-renders once. */
  const load = useCallback(
    async (id: number, alongside?: () => void): Promise<PaperView | null> => {
      const mine = ++requests.current;
      wanted.current = id;
      try {
        const view = await call("get_paper", { id });
        if (mine !== requests.current) return null;
        setPaper(view);
        alongside?.();
        return view;
      } catch (error) {
        if (mine !== requests.current) return null;
        alongside?.();
        if (error instanceof AppError && error.code === "not_found") setPaper(null);
        else showError(error);
        return null;
      }
    },
    [showError],
  );

  /** Loads again the paper last asked for (after the library changed). Not the one
   * shown when the change began: a paper clicked meanwhile must not be replaced by
   * the one it replaced, whose reload would answer last. */
  const reload = useCallback(async () => {
    if (wanted.current !== null) await load(wanted.current);
  }, [load]);

  /** The paper open when the app last closed, unless the reader opened one meanwhile. */
  const restore = useCallback(async (id: number) => {
    if (wanted.current === null) await load(id);
  }, [load]);

  /** The open paper changed (its tags, its PDF's page…); another paper is left as it is. */
  const patch = useCallback((id: number, change: Partial<PaperView>) => setPaper((p) => (p && p.id === id ? { ...p, ...change } : p)), []);

  /** Marks a paper read or unread, starred or not: the library, its row, the paper view, the counts. */
  const mark = useCallback(
    async (id: number, m: Mark) => {
      try {
        await ("read" in m ? call("set_read", { ids: [id], read: m.read }) : call("set_starred", { id, starred: m.starred }));
        patchList(id, m);
        patch(id, m);
        void refreshOverview();
      } catch (error) {
        showError(error);
      }
    },
    [patchList, patch, refreshOverview, showError],
  );

  const toggle = useCallback((p: Pick<PaperView, "id" | MarkField>, field: MarkField) => void mark(p.id, flipped(p, field)), [mark]);

  /** The open paper's marks: stable, so the paper pane does not re-render for them. */
  const toggleOpen = useCallback(
    (field: MarkField) => {
      const open = live.current.paper;
      if (open) toggle(open, field);
    },
    [live, toggle],
  );

  /** Reads the open paper's PDF from `page`, with a highlight to flash or words to mark there. */
  const readFrom = useCallback(
    async (id: number, at: Omit<ReadTarget, "seq">) => {
      try {
        await call("set_pdf_page", { id, page: at.page });
        patch(id, { pdf_page: at.page });
        setTarget({ ...at, seq: ++targets.current });
        setReading(true);
      } catch (error) {
        showError(error);
      }
    },
    [patch, showError],
  );

  /** Opens a paper; `row`, when given, becomes the list's cursor as it shows; with
   * `at` (a search hit inside its PDF or a highlight) the cached PDF is read from there. */
  const open = useCallback(
    async (id: number, row?: number, at?: Omit<ReadTarget, "seq">) => {
      await activeNote?.flush();
      if (live.current.paper?.id !== id) {
        setReading(false);
        setTarget(null);
      }
      const view = await load(id, () => {
        if (row !== undefined) setCursor(row);
        remember({ last_paper: id });
      });
      if (!view) return;
      if (at !== undefined && view.pdf) await readFrom(id, at);
      if (settings.current?.mark_read_on_open && !view.read) await mark(id, { read: true });
    },
    [live, load, setCursor, remember, settings, mark, readFrom],
  );

  /** A row of the list was clicked (`open`) or became the cursor. A search hit in
   * the paper's PDF opens the PDF at its page. */
  const openRow = useCallback(
    (index: number, openIt: boolean) => {
      const { papers, found } = listLive.current;
      const item = papers[index];
      if (!openIt || !item) {
        setCursor(index);
        return;
      }
      const snippet = found?.get(item.id)?.snippet;
      void open(item.id, index, snippet ? hitInPdf(snippet) : undefined);
    },
    [listLive, open, setCursor],
  );

  const noteSaved = useCallback(
    (id: number, text: string) => {
      patchList(id, { has_note: text.trim() !== "" });
      patch(id, { note: text });
    },
    [patchList, patch],
  );

  const openLink = useCallback((url: string) => void call("open_external", { url }).catch(showError), [showError]);
  const startReading = useCallback(() => setReading(true), []);
  const stopReading = useCallback(() => setReading(false), []);
  const readAt = useCallback(
    (page: number, flash: number) => {
      const open = live.current.paper;
      if (open) void readFrom(open.id, { page, flash });
    },
    [live, readFrom],
  );

  /** What the paper pane does itself (all stable). */
  const actions = useMemo(
    () => ({ toggle: toggleOpen, noteSaved, openLink, read: startReading, readAt, closeReader: stopReading }),
    [toggleOpen, noteSaved, openLink, startReading, readAt, stopReading],
  );

  return { paper, reading, target, live, load, reload, restore, patch, mark, toggle, open, openRow, stopReading, actions };
}

export type Paper = ReturnType<typeof usePaper>;

/** Where in the PDF a search hit is: a page with the words it matched, or a highlight. */
export function hitInPdf(snippet: FoundSnippet): Omit<ReadTarget, "seq"> | undefined {
  if (snippet.page === null) return undefined;
  if (snippet.source === "pdf") return { page: snippet.page, words: markedWords(snippet.text.text, snippet.text.hits) };
  if (snippet.source === "highlight" && snippet.highlight !== null) return { page: snippet.page, flash: snippet.highlight };
  return undefined;
}

/** Closing the window: the note is saved first, then the window may close (the shell
 * holds the close until `close_window`, 3 s at most). */
export function useSaveNoteOnClose() {
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
}
