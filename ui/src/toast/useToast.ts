// The one message at the bottom of the window: what an action did, or why it failed.

import { useCallback, useState } from "preact/hooks";
import { t } from "../i18n";
import { errorText } from "../ipc";

export interface Toast {
  id: number;
  message: string;
  kind: "info" | "error";
  action?: { label: string; run: () => void };
}

let toastIds = 0;

export function useToast() {
  const [toast, setToast] = useState<Toast | null>(null);

  /** Shows `message` for 5 s (10 s with an action, such as Undo). */
  const showToast = useCallback((message: string, kind: Toast["kind"] = "info", action?: Toast["action"]) => {
    const id = ++toastIds;
    setToast({ id, message, kind, action });
    setTimeout(() => setToast((current) => (current?.id === id ? null : current)), action ? 10000 : 5000);
  }, []);

  const showError = useCallback((error: unknown) => showToast(t("common.error", { message: errorText(error) }), "error"), [showToast]);

  const dismiss = useCallback(() => setToast(null), []);

  return { toast, showToast, showError, dismiss };
}

export type Toasts = ReturnType<typeof useToast>;
