// The app's settings (language, mark-read-on-open, allowed hosts) and the remembered
// place (the sidebar's selection and the open paper), saved together by `save_settings`.

import { useCallback, useRef, useState } from "preact/hooks";
import type { Settings } from "../bindings";
import { resolveLocale, setLocale, systemLanguages } from "../i18n";
import { call, errorText } from "../ipc";
import { useLatest } from "../latest";

/** Where the reader was: the sidebar's selection and the open paper. */
export type Place = Pick<Settings, "last_selection" | "last_paper">;

export function useSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [, setLocaleTick] = useState(0);
  const live = useLatest(settings);

  const applyLanguage = useCallback((s: Settings) => {
    setLocale(resolveLocale(s.language, systemLanguages()));
    setLocaleTick((n) => n + 1);
  }, []);

  /** Where the reader is, saved for the next start. Kept out of `settings` (state):
   * nothing on screen shows it, and a switch or an open should not cost a render. */
  const place = useRef<Place>({ last_selection: null, last_paper: null });

  /** The settings read at start (`get_settings`), with the place they remember. */
  const take = useCallback(
    (s: Settings) => {
      setSettings(s);
      place.current = { last_selection: s.last_selection, last_paper: s.last_paper };
      applyLanguage(s);
    },
    [applyLanguage],
  );

  const remember = useCallback((patch: Partial<Place>) => {
    place.current = { ...place.current, ...patch };
    // Saved once the frame that shows the change is drawn, so the request does not
    // compete with drawing it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        const current = live.current;
        if (!current) return;
        void call("save_settings", { settings: { ...current, ...place.current } }).catch(() => {
          // Remembering the selection is a comfort; failing to is not worth a message.
        });
      }),
    );
  }, [live]);

  /** The Settings dialog's save: null once saved, else why not. */
  const save = useCallback(
    async (next: Settings): Promise<string | null> => {
      try {
        const saved = await call("save_settings", { settings: { ...next, ...place.current } });
        setSettings(saved);
        applyLanguage(saved);
        return null;
      } catch (error) {
        return errorText(error);
      }
    },
    [applyLanguage],
  );

  return { settings, live, take, remember, save };
}
