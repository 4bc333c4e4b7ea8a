import { useEffect, useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { ImportResult, Language, PdfSource, Settings } from "../bindings";
import { t } from "../i18n";
import { call, toAppError } from "../ipc";
import { pdfSourceChange } from "../pdf";
import { shortcutList, type KeyAction } from "../keys";
import { importTotals, parseHostList } from "../view";
import type { MessageKey } from "../i18n";

function Modal({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ComponentChildren; testId: string }) {
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

const actionLabels: Record<KeyAction, MessageKey> = {
  next: "shortcuts.next",
  prev: "shortcuts.prev",
  open: "shortcuts.open",
  toggleRead: "shortcuts.toggleRead",
  toggleStar: "shortcuts.star",
  editNote: "shortcuts.note",
  leave: "shortcuts.leave",
  search: "shortcuts.search",
  goUnread: "shortcuts.goUnread",
  goStarred: "shortcuts.goStarred",
  goAll: "shortcuts.goAll",
  help: "shortcuts.help",
};

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Modal title={t("shortcuts.title")} onClose={onClose} testId="shortcuts">
      <table class="shortcuts">
        <tbody>
          {shortcutList.map((s) => (
            <tr key={s.action}>
              <td class="keys">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? " / " : ""}
                    {k.split(" ").map((part, j) => (
                      <span key={j}>
                        {j > 0 ? " " : ""}
                        <kbd>{part}</kbd>
                      </span>
                    ))}
                  </span>
                ))}
              </td>
              <td>{t(actionLabels[s.action])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}

export interface SettingsDialogProps {
  settings: Settings;
  libraryDir: string;
  onSave: (settings: Settings) => Promise<string | null>;
  onClose: () => void;
}

export function SettingsDialog({ settings, libraryDir, onSave, onClose }: SettingsDialogProps) {
  const [language, setLanguage] = useState<Language>(settings.language);
  const [markRead, setMarkRead] = useState(settings.mark_read_on_open);
  const [hosts, setHosts] = useState(settings.allowed_hosts.join("\n"));
  const [error, setError] = useState<string | null>(null);
  // The PDF source is the library's (shared with the CLI), saved by its own command.
  const [source, setSource] = useState<PdfSource | null>(null);
  const [pdfBase, setPdfBase] = useState("");
  useEffect(() => {
    call("get_pdf_source").then(
      (s) => {
        setSource(s);
        setPdfBase(s.saved ?? "");
      },
      (e: unknown) => setError(toAppError(e).message),
    );
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const change = source ? pdfSourceChange(pdfBase, source.saved) : { change: false as const };
    if (change.change) {
      try {
        const saved = await call("set_pdf_source", { base: change.base });
        setSource(saved);
        setPdfBase(saved.saved ?? "");
      } catch (err) {
        setError(t("settings.pdfSourceError", { message: toAppError(err).message }));
        return;
      }
    }
    const problem = await onSave({ ...settings, language, mark_read_on_open: markRead, allowed_hosts: parseHostList(hosts) });
    if (problem) setError(problem);
    else onClose();
  };
  return (
    <Modal title={t("settings.title")} onClose={onClose} testId="settings">
      <form class="settings-form" onSubmit={submit}>
        <label class="field">
          <span>{t("settings.language")}</span>
          <select value={language} data-testid="settings-language" onChange={(e) => setLanguage((e.target as HTMLSelectElement).value as Language)}>
            <option value="system">{t("settings.languageSystem")}</option>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
        <label class="field checkbox">
          <input type="checkbox" checked={markRead} data-testid="settings-mark-read" onChange={(e) => setMarkRead((e.target as HTMLInputElement).checked)} />
          <span>{t("settings.markReadOnOpen")}</span>
        </label>
        <label class="field">
          <span>{t("settings.allowedHosts")}</span>
          <textarea rows={3} value={hosts} onInput={(e) => setHosts((e.target as HTMLTextAreaElement).value)} placeholder="openreview.net" />
          <small>{t("settings.allowedHostsHelp")}</small>
        </label>
        <label class="field">
          <span>{t("settings.pdfSource")}</span>
          <input
            type="text"
            inputMode="url"
            spellcheck={false}
            value={pdfBase}
            disabled={source === null}
            data-testid="settings-pdf-source"
            placeholder="https://arxiv.org"
            onInput={(e) => setPdfBase((e.target as HTMLInputElement).value)}
          />
          <small>{t("settings.pdfSourceHelp")}</small>
          {source?.from_env ? <small data-testid="settings-pdf-source-env">{t("settings.pdfSourceEnv", { base: source.effective })}</small> : null}
        </label>
        <div class="field">
          <span>{t("settings.library")}</span>
          <code class="library-dir">{libraryDir}</code>
        </div>
        {error ? (
          <p class="form-error" role="alert" data-testid="settings-error">
            {error}
          </p>
        ) : null}
        <div class="modal-actions">
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" class="primary" data-testid="settings-save">
            {t("settings.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
