import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FoundPaper, PaperItem } from "../bindings";
import { PaperList, snippetFrom } from "./PaperList";

let host: HTMLElement;

afterEach(() => {
  render(null, host);
  host.remove();
});

function papers(n: number): PaperItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    arxiv_id: `2510.${String(i).padStart(5, "0")}`,
    title: i === 0 ? "<img src=x onerror=\"document.title='pwned'\"> Title" : `Paper ${i + 1}`,
    keywords: ["强化学习", `kw${i}`],
    authors: i === 0 ? ["Ann Smith", "Bo Li", "Cy Ng", "Di Wu"] : [],
    new_version: i === 0 ? 3 : null,
    read: i % 2 === 1,
    starred: i === 2,
    has_note: false,
    has_pdf: i === 1,
    tags: i === 1 ? ["精读"] : [],
  }));
}

function mount(list: PaperItem[], handlers: Partial<Parameters<typeof PaperList>[0]> = {}) {
  host = document.createElement("div");
  document.body.appendChild(host);
  const props = {
    papers: list,
    cursor: -1,
    openId: null,
    activeKeyword: null,
    onSelect: vi.fn(),
    onToggle: vi.fn(),
    onKeyword: vi.fn(),
    lang: "en" as const,
    ...handlers,
  };
  render(<PaperList {...props} />, host);
  return props;
}

describe("PaperList", () => {
  it("puts only a window of a 10,000-paper list in the DOM", () => {
    mount(papers(10_000));
    const rows = host.querySelectorAll("[data-testid=paper-row]");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
    expect(host.querySelector("[data-testid=paper-list]")?.getAttribute("data-count")).toBe("10000");
  });

  it("shows titles as text", () => {
    mount(papers(3));
    expect(host.querySelector("img")).toBeNull();
    expect(host.querySelector("[data-testid=row-title]")?.textContent).toContain("<img src=x");
  });

  it("shows the first three authors, et al., and a newer version", () => {
    mount(papers(2));
    const authors = host.querySelectorAll("[data-testid=row-authors]");
    expect(authors.length).toBe(1);
    expect(authors[0]?.textContent).toBe("Ann Smith, Bo Li, Cy Ng et al.");
    expect(host.querySelector("[data-testid=row-new-version]")?.textContent).toBe("v3 available");
  });

  it("filters by a chip, toggles read and star without opening the paper", () => {
    const list = papers(3);
    const props = mount(list);
    (host.querySelector("[data-testid=keyword-chip]") as HTMLElement).click();
    expect(props.onKeyword).toHaveBeenCalledWith("强化学习");
    (host.querySelector(".read-mark") as HTMLElement).click();
    expect(props.onToggle).toHaveBeenLastCalledWith(list[0], "read");
    (host.querySelector("[data-testid=row-star]") as HTMLElement).click();
    expect(props.onToggle).toHaveBeenLastCalledWith(list[0], "starred");
    expect(props.onToggle).toHaveBeenCalledTimes(2);
    expect(props.onSelect).not.toHaveBeenCalled();
    (host.querySelector("[data-testid=paper-row]") as HTMLElement).click();
    expect(props.onSelect).toHaveBeenCalledWith(0, true);
  });

  it("marks read and unread rows", () => {
    mount(papers(2));
    const rows = [...host.querySelectorAll("[data-testid=paper-row]")];
    expect(rows.map((r) => r.getAttribute("data-read"))).toEqual(["false", "true"]);
  });

  it("marks the rows whose PDF was downloaded", () => {
    mount(papers(3));
    const marked = [...host.querySelectorAll("[data-testid=row-pdf]")].map((m) => m.closest("[data-testid=paper-row]")?.getAttribute("data-id"));
    expect(marked).toEqual(["2"]);
  });

  it("shows search hits with <mark> elements from byte ranges, as text", async () => {
    const list = papers(2);
    const snippetText = "<b>可验证</b>奖励强化学习";
    const start = new TextEncoder().encode("<b>可验证</b>").length;
    const found = new Map<number, FoundPaper>([
      [
        1,
        {
          paper: list[0]!,
          title: { text: list[0]!.title, hits: [] },
          snippet: { source: "summary", date: "2025-10-03", page: null, highlight: null, text: { text: snippetText, hits: [[start, start + 6]] } },
        },
      ],
      [2, { paper: list[1]!, title: { text: "Quantization", hits: [[0, 5]] } }],
    ]);
    const onNearEnd = vi.fn();
    mount(list, { found, onNearEnd });
    const marks = [...host.querySelectorAll("mark")].map((m) => m.textContent);
    expect(marks).toEqual(["奖励", "Quant"]);
    expect(host.querySelector("b")).toBeNull();
    expect(host.querySelector("[data-testid=row-snippet]")?.textContent).toContain("<b>可验证</b>奖励");
    expect([...host.querySelectorAll("[data-testid=row-tag]")].map((e) => e.textContent)).toEqual(["# 精读"]);
    // Two rows are the end of what is loaded: the list asks for more (effects run after paint).
    await new Promise((r) => setTimeout(r, 100));
    expect(onNearEnd).toHaveBeenCalled();
  });
});

describe("snippetFrom", () => {
  const text = { text: "x", hits: [] };
  it("says where a search hit is, a PDF's page included", () => {
    expect(snippetFrom({ source: "pdf", date: null, page: 7, highlight: null, text })).toBe("PDF p. 7");
    expect(snippetFrom({ source: "summary", date: "2025-10-03", page: null, highlight: null, text })).toBe("Summary 2025-10-03");
    expect(snippetFrom({ source: "note", date: null, page: null, highlight: null, text })).toBe("Note");
  });
});
