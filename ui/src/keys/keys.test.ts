import { describe, expect, it } from "vitest";
import { initialKeyState, interpretKey, isTextField, leaveStep, SEQUENCE_TIMEOUT_MS, type KeyState } from "./keys";

function press(keys: string[], opts: { inTextField?: boolean; start?: number; step?: number } = {}) {
  let state: KeyState = initialKeyState;
  const actions = [];
  let time = opts.start ?? 1000;
  for (const key of keys) {
    const out = interpretKey(state, { key, inTextField: opts.inTextField ?? false, time });
    state = out.state;
    actions.push(out.action);
    time += opts.step ?? 100;
  }
  return actions;
}

describe("keyboard shortcuts", () => {
  it("maps single keys", () => {
    expect(press(["j", "k", "Enter", "o", "m", "s", "n", "Escape", "/", "e", "?"])).toEqual([
      "next",
      "prev",
      "open",
      "open",
      "toggleRead",
      "toggleStar",
      "editNote",
      "leave",
      "search",
      "export",
      "help",
    ]);
  });

  it("understands g then u/s/a", () => {
    expect(press(["g", "u"])).toEqual([null, "goUnread"]);
    expect(press(["g", "s"])).toEqual([null, "goStarred"]);
    expect(press(["g", "a"])).toEqual([null, "goAll"]);
    // Shift on the way to a capital does not break the sequence.
    expect(press(["g", "Shift", "a"])).toEqual([null, null, "goAll"]);
  });

  it("forgets a g after a pause or another key", () => {
    expect(press(["g", "u"], { step: SEQUENCE_TIMEOUT_MS + 1 })).toEqual([null, null]);
    expect(press(["g", "j", "u"])).toEqual([null, "next", null]);
    // s after an expired g is star again.
    expect(press(["g", "s"], { step: SEQUENCE_TIMEOUT_MS + 1 })).toEqual([null, "toggleStar"]);
  });

  it("leaves typing alone in text fields except Escape", () => {
    expect(press(["j", "s", "g", "u", "/", "?"], { inTextField: true })).toEqual([null, null, null, null, null, null]);
    expect(press(["Escape"], { inTextField: true })).toEqual(["leave"]);
  });

  it("ignores keys with modifiers", () => {
    expect(interpretKey(initialKeyState, { key: "s", ctrlKey: true, inTextField: false, time: 0 }).action).toBeNull();
  });

  it("knows text fields", () => {
    const input = document.createElement("input");
    expect(isTextField(input)).toBe(true);
    const box = document.createElement("input");
    box.type = "checkbox";
    expect(isTextField(box)).toBe(false);
    expect(isTextField(document.createElement("textarea"))).toBe(true);
    expect(isTextField(document.createElement("button"))).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});

describe("leaveStep", () => {
  const none = { modal: false, menu: false, search: false, note: false, reader: false, keyword: false };

  it("leaves the innermost first", () => {
    expect(leaveStep(none)).toBeNull();
    expect(leaveStep({ ...none, keyword: true })).toBe("keyword");
    expect(leaveStep({ ...none, reader: true, keyword: true })).toBe("reader");
    expect(leaveStep({ ...none, search: true, note: true, reader: true })).toBe("search");
    expect(leaveStep({ ...none, modal: true, menu: true, search: true })).toBe("modal");
  });
});
