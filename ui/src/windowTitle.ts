// The window's title: the open paper, else the list shown (a digest, a tag, a
// search), then the app's name, so a task switcher tells windows and papers apart. The
// shell copies the page's title onto the window (`main_window.rs`).

import { useEffect } from "preact/hooks";

export const APP_NAME = "Papershelf";

export function windowTitle(paper: string | null, list: string | null): string {
  const what = paper?.trim() || list?.trim();
  return what ? `${what} — ${APP_NAME}` : APP_NAME;
}

export function useWindowTitle(paper: string | null, list: string | null): void {
  const title = windowTitle(paper, list);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
