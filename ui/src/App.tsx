// The window: its layout, and the wiring between features. Each feature keeps its
// state in its own hook (list/, paper/, tags/, pdf/, import/, keys/, settings/,
// toast/); they are all called here, so a click's changes still render once.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ImportResult, LibraryStatus, Overview, Settings } from "./bindings";
import { locale, t } from "./i18n";
import { call, errorText, EVENTS, onEvent } from "./ipc";
import { useSourceSyncs } from "./sources/useSourceSyncs";
import { ImportResultDialog } from "./import/ImportResultDialog";
import { ExportDialog } from "./export/ExportDialog";
import { DropOverlay, ImportMenu, Welcome } from "./import/ImportMenu";
import { useImport } from "./import/useImport";
import { ShortcutsDialog } from "./keys/ShortcutsDialog";
import { useKeys } from "./keys/useKeys";
import { MetadataNotice } from "./metadata/MetadataNotice";
import { useMetadata } from "./metadata/useMetadata";
import { ListPane } from "./list/ListPane";
import { SearchBox } from "./list/SearchBox";
import { Sidebar } from "./list/Sidebar";
import { useList } from "./list/useList";
import { useMarkDigestRead } from "./list/useMarkDigestRead";
import { useNewLook } from "./list/useNewLook";
import { useReloadAll } from "./list/useReloadAll";
import type { ListWant } from "./list/request";
import { selectionTitle, validSelection } from "./list/view";
import { useWindowTitle } from "./windowTitle";
import { PaperPane, type PaperActions } from "./paper/PaperPane";
import { usePaper, useSaveNoteOnClose } from "./paper/usePaper";
import { DownloadQueue, ListPdfTools } from "./pdf/Downloads";
import { usePdfs } from "./pdf/usePdfs";
import { PdfTextNotice } from "./pdf/PdfTextNotice";
import { RecoveryScreen } from "./recovery/RecoveryScreen";
import { SettingsDialog } from "./settings/SettingsDialog";
import { useSettings } from "./settings/useSettings";
import { useTagChanges, useTags } from "./tags/useTags";
import { ToastView } from "./toast/ToastView";
import { useToast } from "./toast/useToast";

type Modal =
  | { kind: "settings" }
  | { kind: "shortcuts" }
  | { kind: "import"; result: ImportResult }
  | { kind: "export"; list: ListWant; title: string }
  | null;

export function App() {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  // The library could not be opened: the recovery screen instead of the window.
  const [recovery, setRecovery] = useState<LibraryStatus | null>(null);
  const recoveryShown = useRef(false);
  recoveryShown.current = recovery !== null;
  const [modal, setModal] = useState<Modal>(null);
  const toast = useToast();
  const { showToast, showError } = toast;
  const settings = useSettings();
  const list = useList({ showError, remember: settings.remember });
  const tags = useTags(showError);

  /** The library at a glance (the sidebar's counts); without it the app cannot go on. */
  const { takeOverview } = list;
  const refreshOverview = useCallback(async (): Promise<Overview | null> => {
    try {
      const next = await call("library_overview");
      takeOverview(next);
      setOverview(next);
      return next;
    } catch (error) {
      setFatal(errorText(error));
      return null;
    }
  }, [takeOverview]);

  const paper = usePaper({ list, settings: settings.live, remember: settings.remember, refreshOverview, showError });

  // Start: settings, then the library, then the last selection and paper.
  const { take: takeSettings } = settings;
  const { start } = list;
  const { restore: restorePaper, reload: reloadPaper } = paper;
  const { refresh: refreshTags } = tags;
  useEffect(() => {
    void (async () => {
      let s: Settings;
      try {
        s = await call("get_settings");
      } catch (error) {
        setFatal(errorText(error));
        return;
      }
      takeSettings(s);
      let status: LibraryStatus;
      try {
        status = await call("library_status");
      } catch (error) {
        setFatal(errorText(error));
        return;
      }
      if (status.problem) {
        setRecovery(status);
        return;
      }
      const ov = await refreshOverview();
      if (!ov) return;
      void refreshTags();
      await start(validSelection(s.last_selection, ov), s.last_paper);
      if (s.last_paper !== null) await restorePaper(s.last_paper);
    })();
  }, [takeSettings, refreshOverview, refreshTags, start, restorePaper]);

  const reloadAll = useReloadAll({ list, refreshOverview, refreshTags, reloadPaper });

  // Changes made by the CLI (or another window) while we are open.
  useEffect(() => {
    const unlisten = onEvent(EVENTS.libraryChanged, () => void reloadAll());
    return () => void unlisten.then((f) => f());
  }, [reloadAll]);

  // A watched folder or subscription brought papers: shown without a click.
  const { select } = list;
  const showDigest = useCallback((date: string) => select({ kind: "digest", date }), [select]);
  useSourceSyncs({ reloadAll, showDigest });
  useNewLook({ selection: list.selection, unseen: overview?.new_papers ?? 0, refreshOverview });

  // The library was opened again: restored (in Settings, or by the CLI while we are
  // open), moved away, or another folder opened. The recovery screen handles its own.
  useEffect(() => {
    const unlisten = onEvent(EVENTS.libraryReplaced, () => {
      if (recoveryShown.current) return;
      void (async () => {
        const status = await call("library_status").catch(() => null);
        if (status?.problem) setRecovery(status);
        else await reloadAll();
      })();
    });
    return () => void unlisten.then((f) => f());
  }, [reloadAll]);

  const tagChanges = useTagChanges({ refresh: refreshTags, list, patchPaper: paper.patch, reloadAll, showToast });
  const pdfs = usePdfs({ paper, reloadAll, showToast, showError });
  useSaveNoteOnClose();
  const markDigestRead = useMarkDigestRead({ reloadAll, showToast, showError });
  const showResult = useCallback((result: ImportResult) => setModal({ kind: "import", result }), []);
  const imp = useImport({ onResult: showResult, reloadAll, showError });
  const metadata = useMetadata({ reloadAll });
  const closeModal = useCallback(() => setModal(null), []);
  const showHelp = useCallback(() => setModal({ kind: "shortcuts" }), []);
  // The list as shown when the dialog opens: its selection, filters and search.
  const { selection, filters, search, order } = list;
  const showExport = useCallback(
    () => setModal({ kind: "export", list: { selection, filters, search, order }, title: selectionTitle(selection, search) }),
    [selection, filters, search, order],
  );
  useWindowTitle(paper.paper?.title ?? null, overview && overview.total > 0 ? selectionTitle(selection, search) : null);
  useKeys({ list, paper, modalOpen: modal !== null, closeModal, showHelp, showExport, menuOpen: imp.menuOpen, closeMenu: imp.closeMenu });

  // A paper opened from outside the list (a similar paper): the cursor stays.
  const { open: openPaper } = paper;
  const openPaperById = useCallback((id: number) => void openPaper(id), [openPaper]);

  // The paper pane's actions, made once: the pane is memoised on them.
  const paneActions = useMemo<PaperActions>(
    () => ({ ...paper.actions, showToast, showError, pdf: pdfs.actions, goToDigest: list.goToDigest, keyword: list.filterKeyword, author: list.filterAuthor, metadata: metadata.fetchPaper, tagsChanged: tagChanges.changed, openPaper: openPaperById }),
    [paper.actions, showToast, showError, pdfs.actions, list.goToDigest, list.filterKeyword, list.filterAuthor, metadata.fetchPaper, tagChanges.changed, openPaperById],
  );

  if (recovery) {
    // Once the library opens, the app starts on it as it does at launch.
    return <RecoveryScreen status={recovery} onStatus={setRecovery} onReady={() => window.location.reload()} />;
  }
  if (fatal) {
    return (
      <div class="fatal" role="alert" data-testid="fatal">
        <h1>{t("app.title")}</h1>
        <p>{fatal}</p>
      </div>
    );
  }
  if (!overview || !settings.settings) return <div class="loading" aria-busy="true" />;

  const empty = overview.total === 0 && overview.digests.length === 0;
  const isReading = paper.reading && paper.paper?.pdf != null;

  return (
    <div class={isReading ? "app is-reading" : "app"} data-testid="app" data-loaded={list.loaded ? "true" : "false"}>
      <header class="toolbar">
        <div class="brand">{t("app.title")}</div>
        <SearchBox list={list} />
        <div class="toolbar-actions">
          <MetadataNotice metadata={metadata} />
          <PdfTextNotice />
          <ImportMenu imp={imp} />
          {empty ? null : (
            <button type="button" data-testid="export-button" title={`${t("export.title")} (e)`} onClick={showExport}>
              {t("export.button")}
            </button>
          )}
          <button type="button" data-testid="settings-button" onClick={() => setModal({ kind: "settings" })}>
            {t("settings.title")}
          </button>
          <button type="button" class="icon-button" title={t("shortcuts.button")} aria-label={t("shortcuts.button")} onClick={showHelp}>
            ?
          </button>
        </div>
      </header>
      <div class="body">
        {isReading ? null : (
          <Sidebar
            overview={overview}
            selection={list.selection}
            onSelect={list.select}
            tags={tags.tags}
            activeTag={list.filters.tag}
            onTag={list.filterTag}
            onRenameTag={tagChanges.rename}
          />
        )}
        {empty ? (
          <Welcome imp={imp} libraryDir={overview.library_dir} />
        ) : (
          <>
            <ListPane
              list={list}
              overview={overview}
              tags={tags.tags}
              hidden={isReading}
              openId={paper.paper?.id ?? null}
              onRow={paper.openRow}
              onToggle={paper.toggle}
              onMarkDigestRead={markDigestRead}
              pdfTools={<ListPdfTools list={list} pdfs={pdfs} />}
            />
            <PaperPane
              paper={paper.paper}
              reading={isReading}
              target={paper.target}
              downloads={pdfs.downloads}
              allTags={tags.tags}
              lang={locale()}
              forYou={(paper.paper && list.found?.get(paper.paper.id)?.for_you) ?? null}
              actions={paneActions}
            />
          </>
        )}
      </div>
      <DownloadQueue pdfs={pdfs} />
      {imp.dropping ? <DropOverlay /> : null}
      {toast.toast ? <ToastView toast={toast.toast} onDismiss={toast.dismiss} /> : null}
      {modal?.kind === "import" ? <ImportResultDialog result={modal.result} onClose={closeModal} /> : null}
      {modal?.kind === "shortcuts" ? <ShortcutsDialog onClose={closeModal} /> : null}
      {modal?.kind === "export" ? (
        <ExportDialog list={modal.list} listTitle={modal.title} digests={overview.digests} tags={tags.tags} onClose={closeModal} />
      ) : null}
      {modal?.kind === "settings" ? (
        <SettingsDialog settings={settings.settings} libraryDir={overview.library_dir} onSave={settings.save} onClose={closeModal} />
      ) : null}
    </div>
  );
}
