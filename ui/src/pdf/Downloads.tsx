// PDF downloads on screen: the queue's panel (overall and per-paper progress, cancel,
// what failed and why), one paper's PDF actions in the paper pane, the list's.

import type { DownloadStatus, PaperView } from "../bindings";
import { t } from "../i18n";
import type { List } from "../list/useList";
import { digestShown } from "../list/view";
import { formatBytes, paperDownload, percent, selectionTarget } from "./pdf";
import type { Pdfs } from "./usePdfs";

export interface DownloadPanelProps {
  status: DownloadStatus;
  onCancel: () => void;
  onDismiss: () => void;
}

export function DownloadPanel({ status, onCancel, onDismiss }: DownloadPanelProps) {
  const title = status.running ? t("downloads.title") : status.cancelled > 0 ? t("downloads.cancelled") : t("downloads.finished");
  return (
    <section class="downloads" data-testid="downloads" data-running={status.running ? "true" : "false"} aria-live="polite">
      <header class="downloads-header">
        <strong>{title}</strong>
        <span class="muted" data-testid="downloads-progress">
          {status.total === 0
            ? t("downloads.empty")
            : t("downloads.progress", { done: status.done, total: status.total, percent: percent(status.overall) })}
        </span>
        {status.running ? (
          <button type="button" data-testid="downloads-cancel" disabled={status.cancelling} onClick={onCancel}>
            {status.cancelling ? t("downloads.cancelling") : t("common.cancel")}
          </button>
        ) : (
          <button type="button" class="icon-button" data-testid="downloads-dismiss" aria-label={t("common.close")} title={t("common.close")} onClick={onDismiss}>
            ×
          </button>
        )}
      </header>
      <progress class="bar" data-testid="downloads-overall" max={100} value={percent(status.overall)} />
      {status.active.map((a) => (
        <div class="download-item" key={a.id} data-testid="download-active" data-id={a.id}>
          <span class="download-title" title={a.title}>
            {a.title}
          </span>
          <span class="muted">{a.size !== null ? `${formatBytes(a.received)} / ${formatBytes(a.size)}` : a.received > 0 ? formatBytes(a.received) : t("downloads.starting")}</span>
          <progress class="bar" max={100} value={a.size ? percent(a.received / a.size) : undefined} />
        </div>
      ))}
      {!status.running ? (
        <p class="muted" data-testid="downloads-summary">
          {t("downloads.summary", {
            downloaded: status.downloaded,
            cached: status.already_cached,
            failed: status.failed,
            cancelled: status.cancelled,
          })}
        </p>
      ) : null}
      {status.failures.length > 0 ? (
        <ul class="download-failures" data-testid="download-failures">
          {status.failures.map((f) => (
            <li key={f.id} data-id={f.id}>
              <strong>{f.title}</strong>: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export interface PaperPdfProps {
  paper: PaperView;
  status: DownloadStatus | null;
  onDownload: () => void;
  onRead: () => void;
  onOpenExternal: () => void;
  onDelete: () => void;
}

/** One paper's PDF: download it (and see it come), or read, open or delete it. */
export function PaperPdf({ paper, status, onDownload, onRead, onOpenExternal, onDelete }: PaperPdfProps) {
  if (!paper.arxiv_id) {
    return (
      <div class="paper-pdf" data-testid="paper-pdf" data-state="none">
        <span class="muted">{t("pdf.noArxivId")}</span>
      </div>
    );
  }
  if (paper.pdf) {
    return (
      <div class="paper-pdf" data-testid="paper-pdf" data-state="cached">
        <button type="button" class="primary" data-testid="pdf-read" onClick={onRead}>
          {t("pdf.read")}
        </button>
        <button type="button" data-testid="pdf-open" onClick={onOpenExternal}>
          {t("pdf.openExternal")} ↗
        </button>
        <button type="button" data-testid="pdf-delete" onClick={onDelete}>
          {t("pdf.delete")}
        </button>
        <span class="muted">{t("pdf.cached", { size: formatBytes(paper.pdf.size) })}</span>
      </div>
    );
  }
  const here = paperDownload(status, paper.id);
  if (here?.kind === "active") {
    const progress = here.size ? `${percent(here.received / here.size)}%` : here.received > 0 ? formatBytes(here.received) : "";
    return (
      <div class="paper-pdf" data-testid="paper-pdf" data-state="downloading">
        <span>{t("pdf.downloading", { progress })}</span>
        <progress class="bar" max={100} value={here.size ? percent(here.received / here.size) : undefined} />
      </div>
    );
  }
  if (here?.kind === "waiting") {
    return (
      <div class="paper-pdf" data-testid="paper-pdf" data-state="waiting">
        <span class="muted">{t("pdf.waiting")}</span>
      </div>
    );
  }
  const busy = status?.running === true;
  return (
    <div class="paper-pdf" data-testid="paper-pdf" data-state={here?.kind === "failed" ? "failed" : "missing"}>
      <button type="button" data-testid="pdf-download" disabled={busy} title={busy ? t("pdf.queueBusy") : undefined} onClick={onDownload}>
        ⤓ {t("pdf.download")}
      </button>
      {here?.kind === "failed" ? (
        <p class="pdf-failed" role="alert" data-testid="pdf-failed">
          {t("pdf.failed", { message: here.message })}
        </p>
      ) : null}
    </div>
  );
}

/** The queue's panel while it runs, and after until the reader closes it. */
export function DownloadQueue({ pdfs }: { pdfs: Pdfs }) {
  const { downloads } = pdfs;
  if (!downloads || downloads.run <= 0 || (!downloads.running && downloads.run === pdfs.dismissedRun)) return null;
  return <DownloadPanel status={downloads} onCancel={pdfs.cancel} onDismiss={() => pdfs.dismiss(downloads.run)} />;
}

/** The list's PDF actions: download what it shows (a digest, Unread, Starred), delete a digest's. */
export function ListPdfTools({ list, pdfs }: { list: Pick<List, "selection" | "search" | "papers">; pdfs: Pdfs }) {
  const { selection, search, papers } = list;
  const target = selectionTarget(selection, search !== "");
  const digest = digestShown(selection, search);
  const busy = pdfs.downloads?.running === true;
  return (
    <>
      {target && papers.length > 0 ? (
        <button type="button" data-testid="download-list" disabled={busy} title={busy ? t("pdf.queueBusy") : undefined} onClick={() => pdfs.fetchPdfs(target.query)}>
          ⤓ {t(target.kind === "digest" ? "list.downloadDigest" : target.kind === "unread" ? "list.downloadUnread" : "list.downloadStarred")}
        </button>
      ) : null}
      {digest && papers.some((p) => p.has_pdf) ? (
        <button type="button" class={pdfs.confirmDelete === digest ? "danger" : ""} data-testid="delete-digest-pdfs" onClick={() => void pdfs.deleteDigestPdfs(digest)}>
          {pdfs.confirmDelete === digest ? t("list.confirmDelete") : t("list.deleteDigestPdfs")}
        </button>
      ) : null}
    </>
  );
}
