// PDFs in the app: the download queue's status (as it moves, from "pdf-progress"),
// what starts and cancels downloads, deleting cached PDFs, and the reader's page.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { DownloadStatus, PaperQuery } from "../bindings";
import { scopeQuery } from "../list/request";
import { t } from "../i18n";
import { call, onDownloadStatus } from "../ipc";
import type { Paper } from "../paper/usePaper";
import { newerStatus } from "../latest";

export interface PdfDeps {
  paper: Pick<Paper, "patch" | "stopReading">;
  reloadAll: () => Promise<void>;
  showToast: (message: string) => void;
  showError: (error: unknown) => void;
}

export function usePdfs({ paper, reloadAll, showToast, showError }: PdfDeps) {
  const [downloads, setDownloads] = useState<DownloadStatus | null>(null);
  /** The run whose finished panel the reader closed. */
  const [dismissedRun, setDismissedRun] = useState(0);
  /** The digest whose "delete PDFs" waits for a second click. */
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const { patch: patchPaper, stopReading } = paper;

  // The queue's status now and as it moves; a queue that ends changes what the list
  // and the paper show.
  const takeStatus = useCallback((status: DownloadStatus) => setDownloads((current) => newerStatus(current, status)), []);
  useEffect(() => {
    void call("download_status").then(takeStatus, () => undefined);
    let running = false;
    const unlisten = onDownloadStatus((status) => {
      takeStatus(status);
      if (running && !status.running) void reloadAll();
      running = status.running;
    });
    return () => void unlisten.then((f) => f());
  }, [reloadAll, takeStatus]);

  const fetchPdfs = useCallback((query: PaperQuery) => void call("fetch_pdfs", { query }).then(takeStatus, showError), [takeStatus, showError]);
  const cancel = useCallback(() => void call("cancel_downloads").then(takeStatus, showError), [takeStatus, showError]);
  const dismiss = useCallback((run: number) => setDismissedRun(run), []);

  /** Deletes PDFs (the reader closes), then shows the library without them and says so. */
  const deleting = useCallback(
    async <T,>(run: () => Promise<T>, said: (result: T) => string) => {
      try {
        const result = await run();
        stopReading();
        await reloadAll();
        showToast(said(result));
      } catch (error) {
        showError(error);
      }
    },
    [stopReading, reloadAll, showToast, showError],
  );

  const deleteDigestPdfs = useCallback(
    async (date: string) => {
      if (confirmDelete !== date) {
        setConfirmDelete(date);
        setTimeout(() => setConfirmDelete((d) => (d === date ? null : d)), 4000);
        return;
      }
      setConfirmDelete(null);
      await deleting(
        () => call("delete_digest_pdfs", { date }),
        (n) => t("pdf.deletedMany", { n }),
      );
    },
    [confirmDelete, deleting],
  );

  // The page the reader is at, saved once scrolling settles.
  const pageSave = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onPage = useCallback(
    (id: number, page: number) => {
      clearTimeout(pageSave.current);
      patchPaper(id, { pdf_page: page });
      pageSave.current = setTimeout(() => {
        void call("set_pdf_page", { id, page }).catch(() => {
          // Losing the place is a small thing; not worth a message.
        });
      }, 500);
    },
    [patchPaper],
  );

  /** One paper's PDF actions, for the paper pane (all stable). */
  const actions = useMemo(
    () => ({
      download: (id: number) => fetchPdfs(scopeQuery({ kind: "papers", ids: [id] })),
      open: (id: number) => void call("open_pdf", { id }).catch(showError),
      delete: (id: number) => void deleting(() => call("delete_pdf", { id }), () => t("pdf.deleted")),
      page: onPage,
      fetchVersion: (id: number, version: number) => void call("fetch_pdf_version", { id, version }).then(takeStatus, showError),
    }),
    [fetchPdfs, showError, deleting, onPage, takeStatus],
  );

  return { downloads, dismissedRun, confirmDelete, fetchPdfs, cancel, dismiss, deleteDigestPdfs, actions };
}

export type Pdfs = ReturnType<typeof usePdfs>;
