import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FoundSnippet, PdfHighlight } from "../../bindings";
import { hitInPdf } from "../../paper/usePaper";
import { HighlightList, madeOn } from "./HighlightList";
import { sortHighlights } from "./useHighlights";

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

describe("sortHighlights", () => {
  it("orders by page, then top to bottom, then as made", () => {
    const low = highlight({ id: 3, rects: [{ x1: 0, y1: 100, x2: 10, y2: 110 }] });
    const high = highlight({ id: 4, rects: [{ x1: 0, y1: 600, x2: 10, y2: 610 }] });
    const first = highlight({ id: 5, page: 1 });
    expect(sortHighlights([low, high, first]).map((h) => h.id)).toEqual([5, 4, 3]);
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
