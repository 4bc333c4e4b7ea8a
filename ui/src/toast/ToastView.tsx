import { t } from "../i18n";
import type { Toast } from "./useToast";

export function ToastView({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  return (
    <div class={`toast is-${toast.kind}`} role={toast.kind === "error" ? "alert" : "status"} data-testid="toast">
      <span>{toast.message}</span>
      {toast.action ? (
        <button
          type="button"
          data-testid="toast-action"
          onClick={() => {
            toast.action?.run();
            onDismiss();
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" class="icon-button" aria-label={t("common.close")} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
