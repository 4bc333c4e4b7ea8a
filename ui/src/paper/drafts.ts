// Typed note text is kept in the webview's storage until the library has it, so a
// crash or a killed process between a keystroke and the autosave loses nothing: the
// draft is saved the next time the paper is shown.

const PREFIX = "papershelf.draft.";

export interface DraftStore {
  get(paperId: number): string | null;
  put(paperId: number, text: string): void;
  /** The library has `text`: forget the draft unless it was typed on since. */
  saved(paperId: number, text: string): void;
}

export function draftStore(storage: Storage | null): DraftStore {
  const safe = <T>(f: () => T, fallback: T): T => {
    try {
      return storage ? f() : fallback;
    } catch {
      // Storage full or unavailable: the autosave still works, only this net is gone.
      return fallback;
    }
  };
  return {
    get: (id) => safe(() => storage!.getItem(PREFIX + id), null),
    put: (id, text) => safe(() => storage!.setItem(PREFIX + id, text), undefined),
    saved: (id, text) =>
      safe(() => {
        if (storage!.getItem(PREFIX + id) === text) storage!.removeItem(PREFIX + id);
      }, undefined),
  };
}

export const drafts: DraftStore = draftStore(typeof localStorage === "undefined" ? null : localStorage);
