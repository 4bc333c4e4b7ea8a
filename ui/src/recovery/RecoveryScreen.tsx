// The screen shown instead of the library when it cannot be opened (a torn or empty
// file, garbage in its header, a newer schema, a read-only or missing folder): what is
// wrong, and three ways on — restore the newest backup that verifies (core picks it),
// open another folder (remembered by the shell), or quit. Never a blank window and
// never a new empty library in place of the reader's.

import { useState } from "preact/hooks";
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import type { LibraryStatus } from "../bindings";
import { locale, t } from "../i18n";
import { call, errorText } from "../ipc";
import { backupSummary, problemTitle, takenAt } from "../settings/backups";

export interface RecoveryProps {
  status: LibraryStatus;
  /** The library opened: start the app on it. */
  onReady: () => void;
  /** Still not open (another folder with a problem, a failed restore): show this. */
  onStatus: (status: LibraryStatus) => void;
}

export function RecoveryScreen({ status, onReady, onStatus }: RecoveryProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = status.problem;
  if (!problem) return null;
  const backup = status.newest_backup;

  const run = async (work: () => Promise<LibraryStatus | null>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (next === null) return;
      if (next.problem) onStatus(next);
      else onReady();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const restore = () => run(async () => (await call("restore_newest_backup")).status);
  const openFolder = () =>
    run(async () => {
      const picked = await openDialog({ directory: true, multiple: false, title: t("recovery.openFolder") });
      if (typeof picked !== "string") return null;
      return call("open_library_folder", { path: picked });
    });

  return (
    <main class="recovery" role="alert" data-testid="recovery" data-problem={problem.kind}>
      <h1>{problemTitle(problem.kind)}</h1>
      <p>{t("recovery.intro", { dir: status.dir })}</p>
      <p class="recovery-detail" data-testid="recovery-detail">
        {problem.message}
      </p>
      {backup ? (
        <p data-testid="recovery-backup">{t("recovery.backup", { date: takenAt(backup.taken_at, locale()), summary: backupSummary(backup) })}</p>
      ) : (
        <p data-testid="recovery-no-backup">{t("recovery.noBackup")}</p>
      )}
      <div class="recovery-actions">
        {backup ? (
          <button type="button" class="primary" data-testid="recovery-restore" disabled={busy} onClick={() => void restore()}>
            {busy ? t("recovery.restoring") : t("recovery.restore")}
          </button>
        ) : null}
        <button type="button" data-testid="recovery-open" disabled={busy} onClick={() => void openFolder()}>
          {t("recovery.openFolder")}
        </button>
        <button type="button" data-testid="recovery-quit" disabled={busy} onClick={() => void call("close_window").catch((e: unknown) => setError(errorText(e)))}>
          {t("recovery.quit")}
        </button>
      </div>
      {error ? (
        <p class="form-error" data-testid="recovery-error">
          {error}
        </p>
      ) : null}
    </main>
  );
}
