// Settings' About line: the version (the workspace's one, as `papershelf --version`
// and the packages show it), the license and the homepage.

import { useEffect, useState } from "preact/hooks";
import type { AppInfo } from "../bindings";
import { t } from "../i18n";
import { call } from "../ipc";

export function About() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    call("app_info").then(setInfo, () => setInfo(null));
  }, []);
  if (!info) return null;
  return (
    <p class="settings-about" data-testid="settings-about">
      {t("settings.about", { version: info.version, license: info.license, homepage: info.homepage })}
    </p>
  );
}
