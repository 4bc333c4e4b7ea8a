// The keyboard shortcuts: `keys.ts` turns a key into an action, this runs it on the
// features. One window listener, reading the state on screen through a ref.

import { useEffect } from "preact/hooks";
import { useLatest } from "../latest";
import type { List } from "../list/useList";
import { moveCursor } from "../list/view";
import { activeNote } from "../paper/NoteEditor";
import type { Paper } from "../paper/usePaper";
import { initialKeyState, interpretKey, isTextField, leaveStep, type KeyAction } from "./keys";

export interface KeyDeps {
  list: List;
  paper: Paper;
  modalOpen: boolean;
  closeModal: () => void;
  showHelp: () => void;
  showExport: () => void;
  menuOpen: boolean;
  closeMenu: () => void;
}

function run(action: KeyAction, { list, paper, modalOpen, closeModal, showHelp, showExport, menuOpen, closeMenu }: KeyDeps) {
  const { papers, cursor } = list;
  const open = paper.paper;
  const target = papers[cursor] ?? null;
  switch (action) {
    case "next":
    case "prev": {
      const next = moveCursor(cursor, action === "next" ? 1 : -1, papers.length);
      list.setCursor(next);
      // While reading, j/k move the reader along too.
      const item = papers[next];
      if (open && item && item.id !== open.id) void paper.open(item.id);
      break;
    }
    case "open":
      if (target) void paper.open(target.id);
      break;
    case "toggleRead":
    case "toggleStar": {
      const item = target ?? open;
      if (item) paper.toggle(item, action === "toggleRead" ? "read" : "starred");
      break;
    }
    case "editNote":
      if (!open && target) void paper.open(target.id).then(() => requestAnimationFrame(() => activeNote?.edit()));
      else activeNote?.edit();
      break;
    case "leave":
      switch (
        leaveStep({
          modal: modalOpen,
          menu: menuOpen,
          search: document.activeElement === list.searchBox.current,
          note: activeNote?.editing() ?? false,
          reader: paper.reading,
          keyword: list.want.current.filters.keyword !== "",
        })
      ) {
        case "modal":
          return closeModal();
        case "menu":
          return closeMenu();
        case "search":
          return list.leaveSearch();
        case "note":
          return void activeNote?.leave();
        case "reader":
          return paper.stopReading();
        case "keyword":
          return list.filterKeyword(null);
        case null:
          return;
      }
      break;
    case "search":
      list.focusSearch();
      break;
    case "goUnread":
      list.select({ kind: "unread" });
      break;
    case "goStarred":
      list.select({ kind: "starred" });
      break;
    case "goAll":
      list.select({ kind: "all" });
      break;
    case "export":
      showExport();
      break;
    case "help":
      showHelp();
      break;
  }
}

export function useKeys(deps: KeyDeps) {
  const live = useLatest(deps);
  useEffect(() => {
    let keyState = initialKeyState;
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      const inTextField = isTextField(e.target);
      // In a dialog only Escape is ours; its fields and buttons keep their keys.
      if (live.current.modalOpen && e.key !== "Escape") return;
      const { state, action } = interpretKey(keyState, {
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        inTextField,
        time: Date.now(),
      });
      keyState = state;
      if (!action) return;
      // Enter on a focused button or link is that control's.
      if (action === "open" && e.target instanceof HTMLElement && e.target.closest("button, a, select")) return;
      e.preventDefault();
      run(action, live.current);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [live]);
}
