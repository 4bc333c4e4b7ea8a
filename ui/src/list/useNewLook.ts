// The New view's badge: it clears once the reader sees New (shown, the window not
// minimised), and New moves on to what arrives next once the reader leaves it. Both
// moments are the library's (core's `look_at_new`); the list is New's PaperQuery.

import { useEffect, useRef } from "preact/hooks";
import type { Scope } from "../bindings";
import { call } from "../ipc";

/** What to tell the library when the selection or the badge changes. */
export function newLook(previous: Scope | null, current: Scope, unseen: number, onScreen: boolean): "seen" | "finished" | null {
  if (previous?.kind === "new" && current.kind !== "new") return "finished";
  if (current.kind === "new" && unseen > 0 && onScreen) return "seen";
  return null;
}

export function useNewLook({ selection, unseen, refreshOverview }: { selection: Scope; unseen: number; refreshOverview: () => Promise<unknown> }): void {
  const previous = useRef<Scope | null>(null);
  useEffect(() => {
    const look = (before: Scope | null) => {
      // On screen, not minimised (focus is not asked: a window manager may give it late).
      const what = newLook(before, selection, unseen, document.visibilityState !== "hidden");
      if (what === "seen") void call("look_at_new", { finished: false }).then(() => refreshOverview(), () => {});
      if (what === "finished") void call("look_at_new", { finished: true }).catch(() => {});
    };
    look(previous.current);
    previous.current = selection;
    // New was shown in a minimised window: seen once the window is shown again.
    const shown = () => look(selection);
    document.addEventListener("visibilitychange", shown);
    return () => document.removeEventListener("visibilitychange", shown);
  }, [selection, unseen, refreshOverview]);
}
