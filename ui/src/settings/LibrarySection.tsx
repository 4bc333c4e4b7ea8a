// Settings → Library: the folder, its backups, "Back up now", and "Restore…" with a
// confirmation that says what will change ("Notes 214 → 198"). The shell opens the
// restored library and sends `library-replaced`, on which the app reloads its lists.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { BackupItem, RestorePreview } from "../bindings";
import { locale, t } from "../i18n";
import { call, errorText } from "../ipc";
import { Modal } from "../Modal";
import { backupSummary, changeLine, changeRows, takenAt } from "./backups";

/** The section; a restore's outcome is said in it, and the dialog stays open on the new list. */
export function LibrarySection({ libraryDir }: { libraryDir: string }) {
  const [backups, setBackups] = useState<BackupItem[] | null>(null);
  const [busy, setBusy] = useState<"backup" | "preview" | "restore" | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<RestorePreview | null>(null);

  const load = useCallback(async () => {
    try {
      setBackups(await call("list_backups"));
    } catch (e) {
      setError(t("backups.failed", { message: errorText(e) }));
    }
  }, []);
  useEffect(() => void load(), [load]);

  // What a backup or restore did is said above the list: both brought into view
  // (the dialog scrolls).
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (message) list.current?.scrollIntoView?.({ block: "nearest" });
  }, [message, backups]);

  const backUpNow = async () => {
    setBusy("backup");
    setError(null);
    setMessage(null);
    try {
      const made = await call("back_up_now");
      setMessage(t("backups.done", { papers: made.papers, notes: made.notes }));
      await load();
    } catch (e) {
      setError(t("backups.failed", { message: errorText(e) }));
    } finally {
      setBusy(null);
    }
  };

  const askRestore = async (backup: BackupItem) => {
    setBusy("preview");
    setError(null);
    setMessage(null);
    try {
      setConfirm(await call("preview_restore", { name: backup.name }));
    } catch (e) {
      setError(t("backups.failed", { message: errorText(e) }));
    } finally {
      setBusy(null);
    }
  };

  const restore = async () => {
    if (!confirm) return;
    setBusy("restore");
    try {
      const done = await call("restore_backup", { name: confirm.backup.name });
      const said = t("restore.done", { date: takenAt(confirm.backup.taken_at, locale()), changes: changeLine(done.changes) }).trim();
      setConfirm(null);
      setMessage(said);
      await load();
    } catch (e) {
      setConfirm(null);
      setError(t("backups.failed", { message: errorText(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="field library-section" data-testid="library-section">
      <span>{t("settings.library")}</span>
      <code class="library-dir">{libraryDir}</code>
      <div class="backups-head">
        <strong>{t("backups.title")}</strong>
        <button type="button" data-testid="backup-now" disabled={busy !== null} onClick={() => void backUpNow()}>
          {busy === "backup" ? t("backups.backingUp") : t("backups.backUpNow")}
        </button>
      </div>
      <small>{t("backups.help")}</small>
      {message ? (
        <p class="backups-message" role="status" data-testid="backups-message">
          {message}
        </p>
      ) : null}
      {error ? (
        <p class="form-error" role="alert" data-testid="backups-error">
          {error}
        </p>
      ) : null}
      {backups === null ? null : backups.length === 0 ? (
        <p class="backups-none">{t("backups.none")}</p>
      ) : (
        <ul class="backups" data-testid="backups" ref={list}>
          {backups.map((b) => (
            <li key={b.name} class="backup" data-testid="backup" data-name={b.name}>
              <div class="backup-text">
                <span class="backup-date">{takenAt(b.taken_at, locale())}</span>
                {b.before_restore ? <span class="chip">{t("backups.beforeRestore")}</span> : null}
                <span class="backup-summary">{backupSummary(b)}</span>
              </div>
              <button type="button" data-testid="backup-restore" disabled={busy !== null} onClick={() => void askRestore(b)}>
                {t("backups.restore")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {confirm ? <ConfirmRestore preview={confirm} running={busy === "restore"} onConfirm={() => void restore()} onCancel={() => setConfirm(null)} /> : null}
    </section>
  );
}

function ConfirmRestore({ preview, running, onConfirm, onCancel }: { preview: RestorePreview; running: boolean; onConfirm: () => void; onCancel: () => void }) {
  const rows = changeRows(preview.changes);
  return (
    <Modal title={t("restore.title")} onClose={running ? () => {} : onCancel} testId="restore-confirm">
      <p>{t("restore.intro", { date: takenAt(preview.backup.taken_at, locale()) })}</p>
      <table class="restore-changes" data-testid="restore-changes">
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} class={r.changed ? "is-changed" : "is-same"}>
              <th scope="row">{r.label}</th>
              <td>{r.before}</td>
              <td aria-hidden="true">→</td>
              <td>{r.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.current_readable ? null : <p class="form-error">{t("restore.unreadable")}</p>}
      <p>
        <small>{t("restore.kept")}</small>
      </p>
      <div class="modal-actions">
        <button type="button" disabled={running} onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="button" class="primary" data-testid="restore-confirm-button" disabled={running} onClick={onConfirm}>
          {running ? t("restore.running") : t("restore.confirm")}
        </button>
      </div>
    </Modal>
  );
}
