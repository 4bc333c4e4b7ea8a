// Syncs of the library's sources (watched folders, subscriptions), which the shell
// runs while the app is open: what they import is shown at once, with no click.

import { useEffect } from "preact/hooks";
import type { SourcesSynced } from "../bindings";
import { onSourcesSynced } from "../ipc";

/** Whether a sync changed what the window shows. */
export function broughtPapers(synced: SourcesSynced): boolean {
  return synced.imported > 0;
}

export function useSourceSyncs({ reloadAll }: { reloadAll: () => Promise<void> }): void {
  useEffect(() => {
    const unlisten = onSourcesSynced((synced) => {
      if (broughtPapers(synced)) void reloadAll();
    });
    return () => void unlisten.then((f) => f());
  }, [reloadAll]);
}
