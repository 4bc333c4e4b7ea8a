import { useEffect, useState } from "preact/hooks";
import type { Language, PdfSource, Settings } from "../bindings";
import { t } from "../i18n";
import { call, toAppError } from "../ipc";
import { Modal } from "../Modal";
import { pdfSourceChange } from "../pdf/pdf";
import { parseHostList } from "./hosts";
import { About } from "./About";
import { LibrarySection } from "./LibrarySection";
import { SourcesSection } from "../sources/SourcesSection";

export interface SettingsDialogProps {
  settings: Settings;
  libraryDir: string;
  onSave: (settings: Settings) => Promise<string | null>;
  onClose: () => void;
}

export function SettingsDialog({ settings, libraryDir, onSave, onClose }: SettingsDialogProps) {
  const [language, setLanguage] = useState<Language>(settings.language);
  const [markRead, setMarkRead] = useState(settings.mark_read_on_open);
  const [notify, setNotify] = useState(!settings.mute_new_papers);
  const [hosts, setHosts] = useState(settings.allowed_hosts.join("\n"));
  const [error, setError] = useState<string | null>(null);
  // The PDF source is the library's (shared with the CLI), saved by its own command.
  const [source, setSource] = useState<PdfSource | null>(null);
  const [pdfBase, setPdfBase] = useState("");
  // So is fetching arXiv's metadata after an import (`config metadata-auto`).
  const [metadataAuto, setMetadataAuto] = useState<{ saved: boolean; wanted: boolean } | null>(null);
  useEffect(() => {
    call("get_metadata_auto").then(
      (on) => setMetadataAuto({ saved: on, wanted: on }),
      (e: unknown) => setError(toAppError(e).message),
    );
  }, []);
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
    if (metadataAuto && metadataAuto.wanted !== metadataAuto.saved) {
      try {
        const on = await call("set_metadata_auto", { on: metadataAuto.wanted });
        setMetadataAuto({ saved: on, wanted: on });
      } catch (err) {
        setError(toAppError(err).message);
        return;
      }
    }
    const problem = await onSave({ ...settings, language, mark_read_on_open: markRead, mute_new_papers: !notify, allowed_hosts: parseHostList(hosts) });
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
        <label class="field checkbox">
          <input
            type="checkbox"
            checked={metadataAuto?.wanted ?? false}
            disabled={metadataAuto === null}
            data-testid="settings-metadata-auto"
            onChange={(e) => {
              const wanted = (e.target as HTMLInputElement).checked;
              setMetadataAuto((m) => (m ? { ...m, wanted } : m));
            }}
          />
          <span>
            {t("settings.metadataAuto")}
            <small>{t("settings.metadataAutoHelp")}</small>
          </span>
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
        <LibrarySection libraryDir={libraryDir} />
        <SourcesSection />
        <label class="field checkbox notify-switch">
          <input type="checkbox" checked={notify} data-testid="settings-notify" onChange={(e) => setNotify((e.target as HTMLInputElement).checked)} />
          <span>{t("settings.notifyNewPapers")}</span>
        </label>
        <About />
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

