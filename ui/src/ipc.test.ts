import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { AppError, call, errorText, toAppError } from "./ipc";

afterEach(() => clearMocks());

describe("call", () => {
  it("passes the arguments and returns the result", async () => {
    const seen: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      if (cmd === "set_read") return null;
      if (cmd === "get_paper") return { id: (args as { id: number }).id, title: "T" };
      return undefined;
    });
    await call("set_read", { ids: [1, 2], read: true });
    const paper = await call("get_paper", { id: 9 });
    expect(paper.id).toBe(9);
    expect(seen[0]).toEqual(["set_read", { ids: [1, 2], read: true }]);
  });

  it("sends an empty object for commands without arguments", async () => {
    let got: unknown = "unset";
    mockIPC((_cmd, args) => {
      got = args;
      return { library_dir: "/x", total: 0, unread: 0, starred: 0, digests: [] };
    });
    const overview = await call("library_overview");
    expect(overview.total).toBe(0);
    expect(got).toEqual({});
  });

  it("turns the shell's {code, message} into an AppError", async () => {
    mockIPC(() => {
      throw { code: "refused", message: "only https links open in the browser, not `javascript:`" };
    });
    const error = await call("open_external", { url: "javascript:alert(1)" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("refused");
    expect((error as AppError).message).toContain("javascript");
  });

  it("records each round trip only while a trace is set", async () => {
    mockIPC((cmd) => {
      if (cmd === "get_paper") throw { code: "not_found", message: "gone" };
      return null;
    });
    const w = globalThis as { __papershelfTrace?: unknown };
    await call("set_read", { ids: [1], read: true });
    w.__papershelfTrace = [];
    try {
      await call("set_read", { ids: [1], read: false });
      await call("get_paper", { id: 1 }).catch(() => undefined);
      const trace = w.__papershelfTrace as Array<[string, number, number]>;
      expect(trace.map(([cmd]) => cmd)).toEqual(["set_read", "get_paper"]);
      expect(trace.every(([, start, end]) => end >= start)).toBe(true);
    } finally {
      delete w.__papershelfTrace;
    }
  });
});

describe("toAppError", () => {
  it("handles the shapes invoke may reject with", () => {
    expect(toAppError({ code: "not_found", message: "gone" })).toMatchObject({ code: "not_found", message: "gone" });
    expect(toAppError("command list_papers not allowed")).toMatchObject({ code: "ipc" });
    expect(toAppError(new Error("boom"))).toMatchObject({ code: "ipc", message: "boom" });
    expect(toAppError({ code: "weird", message: "m" }).code).toBe("ipc");
    expect(toAppError(42).code).toBe("ipc");
  });
});

describe("errorText", () => {
  it("says an AppError's message and prints anything else", () => {
    expect(errorText(new AppError("not_found", "No paper 7."))).toBe("No paper 7.");
    expect(errorText("the dialog broke")).toBe("the dialog broke");
    expect(errorText(new Error("boom"))).toBe("Error: boom");
  });
});
