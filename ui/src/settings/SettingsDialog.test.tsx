import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PdfSource, Settings } from "../bindings";
import { SettingsDialog } from "./SettingsDialog";

const calls: { command: string; args: unknown }[] = [];
let saved: PdfSource;

vi.mock("../ipc", async (original) => {
  const actual = await original<typeof import("../ipc")>();
  return {
    ...actual,
    call: vi.fn(async (command: string, args?: { base?: string | null }) => {
      calls.push({ command, args });
      if (command === "get_pdf_source") return saved;
      if (command === "set_pdf_source") {
        const base = args?.base ?? null;
        if (base !== null && !base.startsWith("http")) {
          throw new actual.AppError("refused", `pdf-base=\`${base}\` is not valid: expected an http(s) URL such as https://export.arxiv.org`);
        }
        saved = { saved: base, effective: base ?? "https://arxiv.org", from_env: false };
        return saved;
      }
      throw new Error(`unexpected ${command}`);
    }),
  };
});

const settings: Settings = { language: "en", mark_read_on_open: false, allowed_hosts: [], last_selection: null, last_paper: null };
let host: HTMLElement;

beforeEach(() => {
  calls.length = 0;
  saved = { saved: null, effective: "https://arxiv.org", from_env: false };
  host = document.createElement("div");
  document.body.appendChild(host);
});

afterEach(() => {
  render(null, host);
  host.remove();
});

async function mount() {
  const onSave = vi.fn(async (_: Settings) => null);
  const onClose = vi.fn();
  await act(async () => {
    render(<SettingsDialog settings={settings} libraryDir="/lib" onSave={onSave} onClose={onClose} />, host);
  });
  await act(async () => {});
  return { onSave, onClose, input: host.querySelector<HTMLInputElement>("[data-testid=settings-pdf-source]")! };
}

async function typeAndSave(input: HTMLInputElement, value: string) {
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await act(async () => {
    host.querySelector("form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });
  await act(async () => {});
}

describe("SettingsDialog's PDF source", () => {
  it("shows a refused URL plainly, keeps the dialog open and saves nothing else", async () => {
    const { onSave, onClose, input } = await mount();
    expect(input.disabled).toBe(false);
    await typeAndSave(input, "ftp://mirror.example");
    const error = host.querySelector("[data-testid=settings-error]");
    expect(error?.textContent).toContain("pdf-base=`ftp://mirror.example` is not valid");
    expect(onSave).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it("sets a mirror, then a blank field resets to arXiv; an unchanged field is not sent", async () => {
    let { onSave, onClose, input } = await mount();
    await typeAndSave(input, " http://127.0.0.1:8080 ");
    expect(calls.filter((c) => c.command === "set_pdf_source")).toEqual([{ command: "set_pdf_source", args: { base: "http://127.0.0.1:8080" } }]);
    expect(onSave).toHaveBeenCalledOnce();
    expect(onClose).toHaveBeenCalledOnce();

    render(null, host);
    calls.length = 0;
    ({ onSave, input } = await mount());
    expect(input.value).toBe("http://127.0.0.1:8080");
    await typeAndSave(input, "http://127.0.0.1:8080/");
    expect(calls.map((c) => c.command)).toEqual(["get_pdf_source"]);
    expect(onSave).toHaveBeenCalledOnce();

    render(null, host);
    ({ input } = await mount());
    await typeAndSave(input, "");
    expect(saved.saved).toBeNull();
  });

  it("says when the environment overrides the setting", async () => {
    saved = { saved: "https://export.arxiv.org", effective: "http://127.0.0.1:9", from_env: true };
    await mount();
    expect(host.querySelector("[data-testid=settings-pdf-source-env]")?.textContent).toContain("http://127.0.0.1:9");
  });
});
