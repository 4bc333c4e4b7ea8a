// Settings → Sources: the library's watched folders and subscriptions (shared with
// `papershelf sources`), each with its last result; add a folder (native dialog) or a
// URL template (tried first with "Test"), remove one (confirmed), "Sync now", and how
// often subscriptions are synced. The app watches them while it is open.

import { open as openDialog } from "@tauri-apps/plugin-dialog";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { SourceItem, SourceTest, SourcesView } from "../bindings";
import { locale, t } from "../i18n";
import { call, errorText, onSourcesSynced } from "../ipc";
import { Modal } from "../Modal";
import { takenAt } from "../settings/backups";
import { failureLine, intervalChoices, intervalLabel, resultLine } from "./sources";

type Busy = "folder" | "url" | "test" | "sync" | "remove" | "interval" | null;

export function SourcesSection() {
  const [view, setView] = useState<SourcesView | null>(null);
  const [recursive, setRecursive] = useState(false);
  const [template, setTemplate] = useState("");
  const [tested, setTested] = useState<{ template: string; found: SourceTest | null } | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<SourceItem | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await call("list_sources"));
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => void load(), [load]);
  // The watch's syncs change each source's last result while the dialog is open.
  useEffect(() => {
    const unlisten = onSourcesSynced(() => void load());
    return () => void unlisten.then((f) => f());
  }, [load]);

  const run = async (what: Exclude<Busy, null>, work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const addFolder = () =>
    run("folder", async () => {
      const picked = await openDialog({ directory: true, multiple: false, title: t("sources.addFolder") });
      if (typeof picked !== "string") return;
      await call("add_folder_source", { path: picked, recursive });
      await load();
    });
  const addUrl = () =>
    run("url", async () => {
      await call("add_url_source", { template: template.trim() });
      setTemplate("");
      setTested(null);
      await load();
    });
  const test = () =>
    run("test", async () => {
      setTested(null);
      const found = await call("test_source", { template: template.trim() });
      setTested({ template: template.trim(), found });
    });
  const syncNow = () => run("sync", async () => setView(await call("sync_sources")));
  const remove = (source: SourceItem) =>
    run("remove", async () => {
      await call("remove_source", { id: source.id });
      setRemoving(null);
      await load();
    });
  const setEvery = (minutes: number) => run("interval", async () => setView(await call("set_sources_every", { minutes })));

  const urlKey = (e: KeyboardEvent) => {
    // Enter adds the template rather than saving the whole Settings dialog.
    if (e.key === "Enter") {
      e.preventDefault();
      if (template.trim()) void addUrl();
    }
  };

  return (
    <section class="field sources-section" data-testid="sources-section">
      <div class="backups-head">
        <strong>{t("sources.title")}</strong>
        <button type="button" data-testid="sources-sync" disabled={busy !== null || !view?.sources.length} onClick={() => void syncNow()}>
          {busy === "sync" ? t("sources.syncing") : t("sources.syncNow")}
        </button>
      </div>
      <small>{t("sources.help")}</small>
      {error ? (
        <p class="form-error" role="alert" data-testid="sources-error">
          {error}
        </p>
      ) : null}
      {view === null ? null : view.sources.length === 0 ? (
        <p class="backups-none">{t("sources.none")}</p>
      ) : (
        <ul class="backups sources" data-testid="sources">
          {view.sources.map((s) => (
            <li key={s.id} class="backup source" data-testid="source" data-kind={s.kind}>
              <div class="source-text">
                <div class="backup-text">
                  <span class="chip">{s.kind === "folder" ? t("sources.kindFolder") : t("sources.kindUrl")}</span>
                  <code class="source-location">{s.location}</code>
                  {s.recursive ? <span class="backup-summary">{t("sources.recursive")}</span> : null}
                </div>
                <div class="backup-summary" data-testid="source-result">
                  {s.last ? `${takenAt(s.last.at, locale())} · ${resultLine(s.last)}` : t("sources.never")}
                </div>
                {s.last?.failed.length ? (
                  <ul class="source-failures" data-testid="source-failures">
                    {s.last.failed.map((f) => (
                      <li key={`${f.file}:${f.line ?? ""}`}>{failureLine(f)}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
              <button type="button" data-testid="source-remove" disabled={busy !== null} onClick={() => setRemoving(s)}>
                {t("sources.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="sources-add">
        <button type="button" data-testid="sources-add-folder" disabled={busy !== null} onClick={() => void addFolder()}>
          {t("sources.addFolder")}
        </button>
        <label class="checkbox">
          <input type="checkbox" checked={recursive} data-testid="sources-recursive" onChange={(e) => setRecursive((e.target as HTMLInputElement).checked)} />
          <span>{t("sources.recursiveLabel")}</span>
        </label>
      </div>
      <div class="sources-add">
        <input
          type="text"
          inputMode="url"
          spellcheck={false}
          value={template}
          data-testid="sources-template"
          placeholder="https://example.org/digests/{date}.md"
          onInput={(e) => setTemplate((e.target as HTMLInputElement).value)}
          onKeyDown={urlKey}
        />
        <button type="button" data-testid="sources-test" disabled={busy !== null || !template.trim()} onClick={() => void test()}>
          {busy === "test" ? t("sources.testing") : t("sources.test")}
        </button>
        <button type="button" data-testid="sources-add-url" disabled={busy !== null || !template.trim()} onClick={() => void addUrl()}>
          {t("sources.addUrl")}
        </button>
      </div>
      <small>{t("sources.templateHelp")}</small>
      {tested && tested.template === template.trim() ? (
        <p class="backups-message" role="status" data-testid="sources-tested">
          {tested.found ? t("sources.tested", { n: tested.found.papers, date: tested.found.date }) : t("sources.testedNone")}
        </p>
      ) : null}
      {view ? (
        <label class="sources-every">
          <span>{t("sources.every")}</span>
          <select
            value={String(view.every_minutes)}
            data-testid="sources-every"
            disabled={busy !== null}
            onChange={(e) => void setEvery(Number((e.target as HTMLSelectElement).value))}
          >
            {intervalChoices(view.every_minutes).map((m) => (
              <option key={m} value={String(m)}>
                {intervalLabel(m)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {removing ? (
        <Modal title={t("sources.removeTitle")} onClose={() => setRemoving(null)} testId="source-remove-confirm">
          <p>{t("sources.removeIntro", { location: removing.location })}</p>
          <div class="modal-actions">
            <button type="button" disabled={busy === "remove"} onClick={() => setRemoving(null)}>
              {t("common.cancel")}
            </button>
            <button type="button" class="primary" data-testid="source-remove-confirm-button" disabled={busy === "remove"} onClick={() => void remove(removing)}>
              {t("sources.remove")}
            </button>
          </div>
        </Modal>
      ) : null}
    </section>
  );
}
