// A paper's highlights as the viewer and the lists show them: loaded from the
// library, changed through it (each change answers the highlight as stored), a
// delete undone from its toast, a quote appended to the note.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { HighlightColor, NewHighlight, PdfHighlight } from "../../bindings";
import { t } from "../../i18n";
import { call, EVENTS, onEvent } from "../../ipc";
import { activeNote } from "../../paper/NoteEditor";

export interface HighlightNotices {
  showToast: (message: string, kind?: "info" | "error", action?: { label: string; run: () => void }) => void;
  showError: (error: unknown) => void;
  /** The note changed in the library (a quote appended). */
  noteSaved: (paperId: number, text: string) => void;
}

export interface HighlightActions {
  add: (h: NewHighlight) => Promise<PdfHighlight | null>;
  comment: (id: number, comment: string) => Promise<void>;
  color: (id: number, color: HighlightColor) => Promise<void>;
  remove: (id: number) => Promise<void>;
  quote: (id: number) => Promise<void>;
}

export function useHighlights(paperId: number, notices: HighlightNotices): { items: PdfHighlight[] | null; actions: HighlightActions } {
  const [items, setItems] = useState<PdfHighlight[] | null>(null);
  const live = useRef(notices);
  live.current = notices;

  const load = useCallback(async () => {
    try {
      setItems(await call("list_highlights", { id: paperId }));
    } catch (error) {
      live.current.showError(error);
    }
  }, [paperId]);

  useEffect(() => {
    setItems(null);
    void load();
    // A restore (here or by the CLI) or another process may change them.
    // (Outside the app, as in unit tests, there are no events to listen to.)
    const unlisten = [EVENTS.libraryChanged, EVENTS.libraryReplaced].map((name) => onEvent(name, () => void load()).catch(() => null));
    return () => unlisten.forEach((u) => void u.then((f) => f?.()));
  }, [load]);

  const actions = useMemo<HighlightActions>(() => {
    // An edit keeps a highlight's place; one made or brought back is placed by the
    // library, whose order (reading order: page, top to bottom, as made) is the only one.
    const store = (h: PdfHighlight) => setItems((list) => (list ?? []).map((x) => (x.id === h.id ? h : x)));
    const run = async <T>(work: () => Promise<T>): Promise<T | null> => {
      try {
        return await work();
      } catch (error) {
        live.current.showError(error);
        return null;
      }
    };
    return {
      add: (h) =>
        run(async () => {
          const made = await call("add_highlight", { id: paperId, highlight: h });
          await load();
          return made;
        }),
      comment: async (id, comment) => {
        const h = await run(() => call("set_highlight_comment", { highlight: id, comment }));
        if (h) store(h);
      },
      color: async (id, color) => {
        const h = await run(() => call("set_highlight_color", { highlight: id, color }));
        if (h) store(h);
      },
      remove: async (id) => {
        const gone = await run(() => call("delete_highlight", { highlight: id }));
        if (!gone) return;
        setItems((list) => (list ?? []).filter((x) => x.id !== id));
        live.current.showToast(t("highlight.deleted"), "info", {
          label: t("highlight.undo"),
          run: () => void run(() => call("restore_highlight", { highlight: gone })).then((h) => h && load()),
        });
      },
      quote: async (id) => {
        // What is typed in the note is saved first: the quote goes after it.
        await activeNote?.flush();
        const text = await run(() => call("quote_highlight", { highlight: id }));
        if (text === null) return;
        live.current.noteSaved(paperId, text);
        live.current.showToast(t("highlight.quoted"));
      },
    };
  }, [paperId, load]);

  return { items, actions };
}
