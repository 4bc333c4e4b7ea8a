import { useEffect, useRef } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { t } from "./i18n";

/** A dialog over the window: focused when it opens, closed by its ×, a click outside or Escape (the app's keys). */
export function Modal({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ComponentChildren; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div class="modal-backdrop" onClick={onClose}>
      <div
        class="modal"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        tabIndex={-1}
        ref={box}
        onClick={(e) => e.stopPropagation()}
      >
        <header class="modal-header">
          <h2>{title}</h2>
          <button type="button" class="icon-button" aria-label={t("common.close")} title={t("common.close")} onClick={onClose}>
            ×
          </button>
        </header>
        <div class="modal-body">{children}</div>
      </div>
    </div>
  );
}
