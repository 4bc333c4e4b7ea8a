// Keyboard shortcuts as a small state machine: a key (plus whether a text field has
// focus) goes in, an action comes out. `g` starts a two-key sequence.

export type KeyAction =
  | "next"
  | "prev"
  | "open"
  | "toggleRead"
  | "toggleStar"
  | "editNote"
  | "leave"
  | "search"
  | "goUnread"
  | "goStarred"
  | "goAll"
  | "export"
  | "help";

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Focus is in a text field, where only Escape is ours. */
  inTextField: boolean;
  /** Milliseconds, to let a pending `g` expire. */
  time: number;
}

export interface KeyState {
  /** When a `g` was pressed and is waiting for its second key. */
  pendingG: number | null;
}

export const initialKeyState: KeyState = { pendingG: null };

/** A `g` waits this long for u/s/a. */
export const SEQUENCE_TIMEOUT_MS = 1500;

const single: Record<string, KeyAction> = {
  j: "next",
  k: "prev",
  Enter: "open",
  o: "open",
  m: "toggleRead",
  s: "toggleStar",
  n: "editNote",
  Escape: "leave",
  "/": "search",
  e: "export",
  "?": "help",
};

const afterG: Record<string, KeyAction> = { u: "goUnread", s: "goStarred", a: "goAll" };

export function interpretKey(
  state: KeyState,
  input: KeyInput,
): { state: KeyState; action: KeyAction | null } {
  if (input.ctrlKey || input.metaKey || input.altKey) {
    return { state: initialKeyState, action: null };
  }
  if (input.inTextField) {
    return { state: initialKeyState, action: input.key === "Escape" ? "leave" : null };
  }
  if (state.pendingG !== null && input.time - state.pendingG <= SEQUENCE_TIMEOUT_MS) {
    const action = afterG[input.key];
    if (action) return { state: initialKeyState, action };
    // Shift and the like do not cancel a pending g.
    if (input.key.length > 1 && input.key !== "Escape" && input.key !== "Enter") {
      return { state, action: null };
    }
  }
  if (input.key === "g") return { state: { pendingG: input.time }, action: null };
  return { state: initialKeyState, action: single[input.key] ?? null };
}

export const shortcutList: ReadonlyArray<{ keys: string[]; action: KeyAction }> = [
  { keys: ["j"], action: "next" },
  { keys: ["k"], action: "prev" },
  { keys: ["Enter", "o"], action: "open" },
  { keys: ["m"], action: "toggleRead" },
  { keys: ["s"], action: "toggleStar" },
  { keys: ["n"], action: "editNote" },
  { keys: ["Esc"], action: "leave" },
  { keys: ["/"], action: "search" },
  { keys: ["g u"], action: "goUnread" },
  { keys: ["g s"], action: "goStarred" },
  { keys: ["g a"], action: "goAll" },
  { keys: ["e"], action: "export" },
  { keys: ["?"], action: "help" },
];

export function isTextField(target: EventTarget | null): boolean {
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
  }
  return false;
}

/** What Escape leaves, from the innermost: a dialog, the menu, the search box, the
 * note editor, the PDF reader, the keyword filter. */
export type Leave = "modal" | "menu" | "search" | "note" | "reader" | "keyword";

export function leaveStep(open: Record<Leave, boolean>): Leave | null {
  const order: Leave[] = ["modal", "menu", "search", "note", "reader", "keyword"];
  return order.find((what) => open[what]) ?? null;
}
