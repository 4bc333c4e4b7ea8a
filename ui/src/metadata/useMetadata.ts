// arXiv's metadata in the app: the automatic fetch's status (from "metadata-status"),
// the list and paper reloaded when it stored something, the toolbar's notice, one
// paper fetched on demand, and the categories the filter bar offers.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { CategoryItem, MetadataStatus } from "../bindings";
import { call, EVENTS, onEvent, onMetadataStatus } from "../ipc";
import { newerStatus } from "../latest";
import { metadataNotice, storedSomething } from "./metadata";

/** How long a failed fetch is said in the toolbar. */
const NOTICE_MS = 20_000;

export function useMetadata({ reloadAll }: { reloadAll: () => Promise<void> }) {
  const [status, setStatus] = useState<MetadataStatus | null>(null);
  const [dismissed, setDismissed] = useState(0);
  const current = useRef<MetadataStatus | null>(null);

  const take = useCallback(
    (next: MetadataStatus) => {
      const before = current.current;
      current.current = newerStatus(before, next);
      setStatus(current.current);
      if (storedSomething(before, next)) void reloadAll();
    },
    [reloadAll],
  );

  useEffect(() => {
    const unlisten = onMetadataStatus(take);
    // A run the app started before the window listened (at start).
    void call("metadata_status").then(take, () => undefined);
    return () => void unlisten.then((f) => f());
  }, [take]);

  /** One paper, now: `true` when arXiv had it. The list and paper show it after. */
  const fetchPaper = useCallback(
    async (id: number): Promise<boolean> => {
      const found = await call("fetch_metadata", { id });
      await reloadAll();
      return found;
    },
    [reloadAll],
  );

  const notice = metadataNotice(status, dismissed);
  const dismiss = useCallback(() => setDismissed(current.current?.seq ?? 0), []);
  // Quiet: a failure is said for a while, not until the reader reacts.
  const problemSeq = notice?.kind === "problem" ? (status?.seq ?? 0) : 0;
  useEffect(() => {
    if (problemSeq === 0) return;
    const timer = setTimeout(() => setDismissed((d) => Math.max(d, problemSeq)), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [problemSeq]);
  return { status, notice, dismiss, fetchPaper };
}

export type Metadata = ReturnType<typeof useMetadata>;

/** The categories the library's papers have, while `open` (the filter bar shows them):
 * asked when it opens, and again when metadata arrives or the library changes. */
export function useCategories(open: boolean): CategoryItem[] {
  const [categories, setCategories] = useState<CategoryItem[]>([]);
  useEffect(() => {
    if (!open) return;
    let live = true;
    const load = () =>
      void call("list_categories").then(
        (c) => {
          if (live) setCategories(c);
        },
        () => undefined,
      );
    load();
    const unlisten = [onMetadataStatus((s) => (s.running ? undefined : load())), onEvent(EVENTS.libraryChanged, load), onEvent(EVENTS.libraryReplaced, load)];
    return () => {
      live = false;
      for (const u of unlisten) void u.then((f) => f());
    };
  }, [open]);
  return categories;
}
