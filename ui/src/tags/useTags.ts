// The reader's tags: the library's list (the sidebar, the editor's suggestions), a
// rename, and a paper's tags changed in the paper view.

import { useCallback, useState } from "preact/hooks";
import type { TagItem } from "../bindings";
import { t } from "../i18n";
import { call, errorText } from "../ipc";
import type { List } from "../list/useList";
import type { Paper } from "../paper/usePaper";

export function useTags(showError: (error: unknown) => void) {
  const [tags, setTags] = useState<TagItem[]>([]);

  const refresh = useCallback(async () => {
    try {
      setTags(await call("list_tags"));
    } catch (error) {
      showError(error);
    }
  }, [showError]);

  return { tags, refresh };
}

export interface TagChangeDeps {
  refresh: () => Promise<void>;
  list: Pick<List, "renameTag" | "reloadResults">;
  patchPaper: Paper["patch"];
  reloadAll: () => Promise<void>;
  showToast: (message: string) => void;
}

/** What changes tags: a rename in the sidebar, an edit in the paper view. */
export function useTagChanges({ refresh, list, patchPaper, reloadAll, showToast }: TagChangeDeps) {
  const { renameTag, reloadResults } = list;

  /** Resolves to null once renamed, else why not (shown beside the field). */
  const rename = useCallback(
    async (from: string, to: string): Promise<string | null> => {
      try {
        const n = await call("rename_tag", { from, to });
        // The reload below shows the filter under its new name.
        renameTag(from, to);
        showToast(t("tags.renamed", { from, to, n }));
        await reloadAll();
        return null;
      } catch (error) {
        return errorText(error);
      }
    },
    [renameTag, reloadAll, showToast],
  );

  /** A paper's tags changed in the paper view: the paper, counts in the sidebar, and
   * the list if it shows tags. */
  const changed = useCallback(
    (id: number, paperTags: string[]) => {
      patchPaper(id, { tags: paperTags });
      void refresh();
      reloadResults();
    },
    [patchPaper, refresh, reloadResults],
  );

  return { rename, changed };
}
