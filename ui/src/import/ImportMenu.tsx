import { t } from "../i18n";
import type { Import } from "./useImport";

/** The toolbar's Import menu: files, a folder, or the sample digest. */
export function ImportMenu({ imp }: { imp: Import }) {
  return (
    <div class="menu">
      <button type="button" data-testid="import-button" aria-haspopup="menu" aria-expanded={imp.menuOpen} onClick={imp.toggleMenu}>
        {imp.importing ? t("import.running") : t("import.button")} ▾
      </button>
      {imp.menuOpen ? (
        <ul class="menu-list" role="menu">
          <li>
            <button type="button" role="menuitem" onClick={() => void imp.importFrom(false)}>
              {t("import.files")}
            </button>
          </li>
          <li>
            <button type="button" role="menuitem" onClick={() => void imp.importFrom(true)}>
              {t("import.folder")}
            </button>
          </li>
          <li>
            <button type="button" role="menuitem" data-testid="menu-import-sample" onClick={() => void imp.importSample()}>
              {t("import.sample")}
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}

/** An empty library: what it is for, and how to fill it. */
export function Welcome({ imp, libraryDir }: { imp: Import; libraryDir: string }) {
  return (
    <section class="welcome" data-testid="welcome">
      <h1>{t("welcome.title")}</h1>
      <p>{t("welcome.body")}</p>
      <div class="welcome-actions">
        <button type="button" class="primary" data-testid="import-sample" onClick={() => void imp.importSample()}>
          {t("import.sample")}
        </button>
        <button type="button" onClick={() => void imp.importFrom(false)}>
          {t("import.files")}
        </button>
        <button type="button" onClick={() => void imp.importFrom(true)}>
          {t("import.folder")}
        </button>
      </div>
      <p class="muted">{t("welcome.library", { dir: libraryDir })}</p>
    </section>
  );
}

export function DropOverlay() {
  return (
    <div class="drop-overlay" aria-live="polite">
      <p>{t("import.dropHere")}</p>
    </div>
  );
}
