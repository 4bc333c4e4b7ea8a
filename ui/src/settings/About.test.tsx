import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppInfo } from "../bindings";
import { setLocale } from "../i18n";
import { About } from "./About";

const info: AppInfo = { version: "0.3.1", license: "MIT", homepage: "https://github.com/papershelf/papershelf" };

vi.mock("../ipc", async (original) => {
  const actual = await original<typeof import("../ipc")>();
  return { ...actual, call: vi.fn(async (command: string) => (command === "app_info" ? info : undefined)) };
});

describe("About", () => {
  const host = document.createElement("div");
  afterEach(() => {
    render(null, host);
    setLocale("en");
  });

  it("shows the version, license and homepage the shell reports", async () => {
    await act(async () => {
      render(<About />, host);
    });
    await act(async () => {});
    expect(host.querySelector("[data-testid=settings-about]")?.textContent).toBe(
      "Papershelf 0.3.1 · MIT license · https://github.com/papershelf/papershelf",
    );
  });

  it("is in Chinese when the UI is", async () => {
    setLocale("zh-CN");
    await act(async () => {
      render(<About />, host);
    });
    await act(async () => {});
    expect(host.querySelector("[data-testid=settings-about]")?.textContent).toContain("MIT 许可证");
  });
});
