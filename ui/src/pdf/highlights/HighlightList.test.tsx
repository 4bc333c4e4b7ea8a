import { render } from "preact";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FoundSnippet, PdfHighlight } from "../../bindings";
import { hitInPdf } from "../../paper/usePaper";
import { HighlightList, madeOn } from "./HighlightList";
import { useHighlights } from "./useHighlights";

function highlight(over: Partial<PdfHighlight>): PdfHighlight {
  return {
    id: 1,
    paper_id: 7,
    page: 2,
    text: "the quoted sentence",
    comment: "",
    color: "yellow",
    rects: [{ x1: 72, y1: 690, x2: 300, y2: 720 }],
    pdf_version: 1,
    pdf_sha256: "ab",
    on_cached_pdf: true,
    created_at: "2026-12-03T18:00:00Z",
    updated_at: "2026-12-03T18:00:00Z",
    ...over,
  };
}

let host: HTMLElement;
afterEach(() => render(null, host));

describe("HighlightList", () => {
  it("lists quote, page and comment; a click opens one, another quotes it", () => {
    host = document.createElement("div");
    const onOpen = vi.fn();
    const onQuote = vi.fn();
    const items = [highlight({ id: 1, comment: "why it matters" }), highlight({ id: 2, page: 5, color: "blue" })];
    render(<HighlightList items={items} selected={2} hasPdf={true} onOpen={onOpen} onQuote={onQuote} />, host);
    const rows = host.querySelectorAll("[data-testid=highlight-item]");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("p. 2");
    expect(rows[0]!.querySelector("[data-testid=highlight-comment]")?.textContent).toBe("why it matters");
    expect(rows[1]!.className).toContain("hl-blue");
    expect(rows[1]!.className).toContain("is-selected");
    (rows[1]!.querySelector("[data-testid=highlight-open]") as HTMLElement).click();
    expect(onOpen).toHaveBeenCalledWith(items[1]);
    (rows[0]!.querySelector("[data-testid=highlight-quote-note]") as HTMLElement).click();
    expect(onQuote).toHaveBeenCalledWith(items[0]);
  });

  it("says a highlight made on another version belongs to it, and does not open it on this one", () => {
    host = document.createElement("div");
    const onOpen = vi.fn();
    const old = highlight({ on_cached_pdf: false, pdf_version: 1 });
    render(<HighlightList items={[old]} selected={null} hasPdf={true} onOpen={onOpen} onQuote={vi.fn()} />, host);
    expect(host.querySelector("[data-testid=highlight-other]")?.textContent).toBe("made on v1");
    const open = host.querySelector("[data-testid=highlight-open]") as HTMLButtonElement;
    expect(open.disabled).toBe(true);
    expect(madeOn(highlight({ on_cached_pdf: false, pdf_version: null }))).toBe("made on another copy of the PDF");
    expect(madeOn(highlight({}))).toBeNull();
  });

  it("says how to begin when there are none", () => {
    host = document.createElement("div");
    render(<HighlightList items={[]} selected={null} hasPdf={true} onOpen={vi.fn()} onQuote={vi.fn()} />, host);
    expect(host.textContent).toContain("select text in the PDF and press h");
  });
});

describe("useHighlights", () => {
  it("places a highlight made where the library lists it, and keeps an edited one in its place", async () => {
    // The order is the library's (core sorts and tests it); this stand-in lists the new
    // one last, so a list sorted in the UI would show.
    let stored = [highlight({ id: 4, page: 1 }), highlight({ id: 3, page: 3 })];
    mockIPC((cmd, args) => {
      const a = args as { highlight?: unknown; comment?: string };
      if (cmd === "list_highlights") return stored;
      if (cmd === "add_highlight") {
        const made = highlight({ id: 9, page: 2 });
        stored = [...stored, made];
        return made;
      }
      if (cmd === "set_highlight_comment") return { ...stored.find((h) => h.id === a.highlight)!, comment: a.comment };
      return undefined;
    }, { shouldMockEvents: true });
    let hook: ReturnType<typeof useHighlights> | null = null;
    function Harness() {
      hook = useHighlights(7, { showToast: vi.fn(), showError: vi.fn(), noteSaved: vi.fn() });
      return null;
    }
    host = document.createElement("div");
    render(<Harness />, host);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
    await settle();
    expect(hook!.items!.map((h) => h.id)).toEqual([4, 3]);
    await hook!.actions.add({ page: 2, text: "t", rects: [], color: "yellow", comment: "" });
    await settle();
    expect(hook!.items!.map((h) => h.id)).toEqual([4, 3, 9]);
    await hook!.actions.comment(4, "first");
    await settle();
    expect(hook!.items!.map((h) => [h.id, h.comment])).toEqual([
      [4, "first"],
      [3, ""],
      [9, ""],
    ]);
    // Unmounted while the mocks stand: its listeners go before them.
    render(null, host);
    await settle();
    clearMocks();
  });
});

describe("hitInPdf", () => {
  const text = { text: "arXiv 1 page 2 quokka", hits: [[15, 21]] as Array<[number, number]> };
  it("opens a hit in the PDF's text at its page with its words marked", () => {
    const snippet: FoundSnippet = { source: "pdf", date: null, page: 2, highlight: null, text };
    expect(hitInPdf(snippet)).toEqual({ page: 2, words: ["quokka"] });
  });
  it("opens a hit in a highlight at its page, flashing it", () => {
    const snippet: FoundSnippet = { source: "highlight", date: null, page: 4, highlight: 9, text };
    expect(hitInPdf(snippet)).toEqual({ page: 4, flash: 9 });
  });
  it("leaves other hits to the paper view", () => {
    expect(hitInPdf({ source: "note", date: null, page: null, highlight: null, text })).toBeUndefined();
  });
});
