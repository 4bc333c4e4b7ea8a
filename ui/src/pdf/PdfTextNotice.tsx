// The background reading of PDFs cached before Papershelf read PDFs (their text,
// for search): a quiet notice in the toolbar while it runs, gone when done.

import { useEffect, useState } from "preact/hooks";
import type { PdfTextStatus } from "../bindings";
import { t } from "../i18n";
import { call, onPdfTextStatus } from "../ipc";
import { newerStatus } from "../latest";

export function PdfTextNotice() {
  const [status, setStatus] = useState<PdfTextStatus | null>(null);
  useEffect(() => {
    const unlisten = onPdfTextStatus((s) => setStatus((old) => newerStatus(old, s)));
    call("pdf_text_status").then(
      (s) => setStatus((old) => newerStatus(old, s)),
      () => undefined,
    );
    return () => void unlisten.then((f) => f());
  }, []);
  if (!status?.running) return null;
  return (
    <span class="metadata-notice is-running" data-testid="pdf-text-notice" role="status">
      <span class="metadata-notice-text">{t("pdfText.reading", { done: status.done, total: status.total })}</span>
    </span>
  );
}
