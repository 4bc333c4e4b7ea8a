// After the library changed (an import, a deletion, metadata fetched, the CLI):
// everything on screen again, as the library now has it.

import { useCallback } from "preact/hooks";
import type { Overview } from "../bindings";
import type { List } from "./useList";

export interface ReloadDeps {
  list: Pick<List, "here" | "again">;
  refreshOverview: () => Promise<Overview | null>;
  refreshTags: () => Promise<unknown>;
  /** Loads again the paper last asked for. */
  reloadPaper: () => Promise<unknown>;
}

export function useReloadAll({ list, refreshOverview, refreshTags, reloadPaper }: ReloadDeps) {
  const { here, again } = list;
  return useCallback(async () => {
    const ov = await refreshOverview();
    if (!ov) return;
    void refreshTags();
    // The list as asked for now, not when the change began: a digest clicked while
    // the overview loaded must not be replaced by the list it replaced.
    await again(here(), ov);
    await reloadPaper();
  }, [here, again, refreshOverview, refreshTags, reloadPaper]);
}
