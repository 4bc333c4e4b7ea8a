// Syncs of the library's sources (watched folders, subscriptions), which the shell
// runs while the app is open: what they import is shown at once, with no click, and
// papers new to the library are notified (the shell shows it only in the background).

import { useEffect } from "preact/hooks";
import type { SourcesSynced } from "../bindings";
import { t } from "../i18n";
import { call, onShowDigest, onSourcesSynced } from "../ipc";

/** "12 new papers · 2025-10-04", for a sync that brought papers new to the library. */
export function notificationText(synced: SourcesSynced): { body: string; date: string } | null {
  const date = synced.dates[synced.dates.length - 1];
  if (synced.added === 0 || date === undefined) return null;
  return { body: t(synced.added === 1 ? "sources.notifyOne" : "sources.notify", { n: synced.added, date }), date };
}

/** Whether a sync changed what the window shows. */
export function broughtPapers(synced: SourcesSynced): boolean {
  return synced.imported > 0;
}

export function useSourceSyncs({ reloadAll, showDigest }: { reloadAll: () => Promise<void>; showDigest: (date: string) => void }): void {
  // A click on a notification: its digest.
  useEffect(() => {
    const unlisten = onShowDigest(showDigest);
    return () => void unlisten.then((f) => f());
  }, [showDigest]);
  useEffect(() => {
    const unlisten = onSourcesSynced((synced) => {
      if (broughtPapers(synced)) void reloadAll();
      // The shell shows it only while the window is not focused, unless turned off.
      const note = notificationText(synced);
      if (note) void call("notify_digest", { title: t("app.title"), body: note.body, date: note.date }).catch(() => {});
    });
    return () => void unlisten.then((f) => f());
  }, [reloadAll]);
}
