// Importing digests: from the menu (files, a folder, the sample), the welcome screen,
// or files dropped on the window. The result is shown in a dialog.

import { useCallback, useEffect, useState } from "preact/hooks";
import { open as openDialog } from "@tauri-apps/plugin-dialog";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { ImportResult } from "../bindings";
import { t } from "../i18n";
import { call, EVENTS, onEvent } from "../ipc";

export interface ImportDeps {
  onResult: (result: ImportResult) => void;
  reloadAll: () => Promise<void>;
  showError: (error: unknown) => void;
}

export function useImport({ onResult, reloadAll, showError }: ImportDeps) {
  const [importing, setImporting] = useState(false);
  const [dropping, setDropping] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);

  const finish = useCallback(
    async (run: () => Promise<ImportResult>) => {
      setImporting(true);
      try {
        const result = await run();
        onResult(result);
        await reloadAll();
      } catch (error) {
        showError(error);
      } finally {
        setImporting(false);
      }
    },
    [onResult, reloadAll, showError],
  );

  /** Asks for files (or a folder) to import. */
  const importFrom = useCallback(
    async (directory: boolean) => {
      setMenuOpen(false);
      const picked = await openDialog({
        multiple: true,
        directory,
        title: directory ? t("import.folder") : t("import.files"),
        filters: directory ? undefined : [{ name: t("import.digestFilter"), extensions: ["md", "markdown", "txt"] }],
      }).catch((error: unknown) => {
        showError(error);
        return null;
      });
      if (!picked) return;
      const paths = Array.isArray(picked) ? picked : [picked];
      if (paths.length === 0) return;
      await finish(() => call("import_paths", { paths }));
    },
    [finish, showError],
  );

  const importSample = useCallback(async () => {
    setMenuOpen(false);
    await finish(() => call("import_sample"));
  }, [finish]);

  const toggleMenu = useCallback(() => setMenuOpen((o) => !o), []);
  const closeMenu = useCallback(() => setMenuOpen(false), []);

  // Files dropped on the window are imported.
  useEffect(() => {
    const unlisten = getCurrentWebview().onDragDropEvent((event) => {
      const payload = event.payload;
      if (payload.type === "enter" || payload.type === "over") setDropping(true);
      else if (payload.type === "leave") setDropping(false);
      else if (payload.type === "drop") {
        setDropping(false);
        if (payload.paths.length > 0) void finish(() => call("import_paths", { paths: payload.paths }));
      }
    });
    return () => void unlisten.then((f) => f());
  }, [finish]);

  // Files opened from outside (the app's command line, a later launch handing them
  // over, "Open with Papershelf") are imported as a drop is: at start, and whenever
  // the shell says more came.
  useEffect(() => {
    const take = async () => {
      const paths = await call("take_opened_files").catch((error: unknown) => {
        showError(error);
        return [];
      });
      if (paths.length > 0) await finish(() => call("import_paths", { paths }));
    };
    void take();
    const unlisten = onEvent(EVENTS.filesOpened, () => void take());
    return () => void unlisten.then((f) => f());
  }, [finish, showError]);

  return { importing, dropping, menuOpen, importFrom, importSample, toggleMenu, closeMenu };
}

export type Import = ReturnType<typeof useImport>;
