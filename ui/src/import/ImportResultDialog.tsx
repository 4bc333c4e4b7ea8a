import type { ImportResult } from "../bindings";
import { t } from "../i18n";
import { Modal } from "../Modal";
import { importTotals } from "./importTotals";

export function ImportResultDialog({ result, onClose }: { result: ImportResult; onClose: () => void }) {
  const totals = importTotals(result);
  return (
    <Modal title={t("import.resultTitle")} onClose={onClose} testId="import-result">
      <p class="import-totals" data-testid="import-totals">
        <span data-testid="import-added">
          <strong>{totals.added}</strong> {t("import.added")}
        </span>{" "}
        ·{" "}
        <span data-testid="import-updated">
          <strong>{totals.updated}</strong> {t("import.updated")}
        </span>{" "}
        ·{" "}
        <span data-testid="import-unchanged">
          <strong>{totals.unchanged}</strong> {t("import.unchanged")}
        </span>
        {totals.skipped > 0 ? (
          <>
            {" "}
            ·{" "}
            <span data-testid="import-skipped">
              <strong>{totals.skipped}</strong> {t("import.skipped")}
            </span>
          </>
        ) : null}
      </p>
      <ul class="import-files">
        {result.files.map((f, i) => (
          <li key={i} class={f.error ? "import-file has-error" : "import-file"} data-testid="import-file">
            <div class="import-file-name" title={f.path}>
              {f.path}
            </div>
            {f.error ? (
              <div class="import-error">
                {t("import.errors")}: {f.error}
              </div>
            ) : f.skipped ? (
              <div class="import-skipped">{f.skipped}</div>
            ) : (
              <div class="import-file-counts">
                {f.date ?? ""} · {f.added} {t("import.added")} · {f.updated} {t("import.updated")} · {f.unchanged} {t("import.unchanged")}
              </div>
            )}
            {f.warnings.length > 0 ? (
              <details open>
                <summary>
                  {t("import.warnings")} ({f.warnings.length})
                </summary>
                <ul class="import-warnings">
                  {f.warnings.map((w, j) => (
                    <li key={j} data-testid="import-warning">
                      <span class="warning-where">
                        {f.path}, {t("import.line", { n: w.line })}
                      </span>
                      : {w.message}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      <div class="modal-actions">
        <button type="button" class="primary" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </Modal>
  );
}
