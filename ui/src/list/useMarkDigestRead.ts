import { useCallback } from "preact/hooks";
import { t } from "../i18n";
import { call } from "../ipc";
import type { Toasts } from "../toast/useToast";

/** "Mark the digest read", with an Undo in its toast that marks the same papers unread. */
export function useMarkDigestRead({ reloadAll, showToast, showError }: Pick<Toasts, "showToast" | "showError"> & { reloadAll: () => Promise<void> }) {
  return useCallback(
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
}
