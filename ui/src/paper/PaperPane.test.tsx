import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PaperView } from "../bindings";
import { PaperPane, type PaperActions } from "./PaperPane";

const paper: PaperView = {
  id: 7,
  arxiv_id: "2510.01234",
  version: 2,
  title: "A paper",
  abs_url: "https://arxiv.org/abs/2510.01234",
  link: null,
  keywords: ["强化学习"],
  read: false,
  starred: true,
  note: "",
  tags: [],
  appearances: [{ date: "2025-10-03", digest_name: "2025-10-03.md", title: "A paper", summary: "S", body: "S", sections: [] }],
  pdf: null,
  pdf_page: null,
  new_version: null,
  metadata: null,
};

function actions(): PaperActions {
  return {
    toggle: vi.fn(),
    noteSaved: vi.fn(),
    openLink: vi.fn(),
    goToDigest: vi.fn(),
    keyword: vi.fn(),
    author: vi.fn(),
    tagsChanged: vi.fn(),
    read: vi.fn(),
    closeReader: vi.fn(),
    pdf: { download: vi.fn(), open: vi.fn(), delete: vi.fn(), page: vi.fn() },
  };
}

let host: HTMLElement;
afterEach(() => render(null, host));

function click(selector: string) {
  (host.querySelector(selector) as HTMLElement).click();
}

describe("PaperPane", () => {
  it("runs its actions on the open paper", () => {
    host = document.createElement("div");
    const on = actions();
    render(<PaperPane paper={paper} reading={false} downloads={null} allTags={[]} lang="en" actions={on} />, host);
    click("[data-testid=paper-read-toggle]");
    expect(on.toggle).toHaveBeenLastCalledWith("read");
    click("[data-testid=paper-star-toggle]");
    expect(on.toggle).toHaveBeenLastCalledWith("starred");
    click("[data-testid=paper-arxiv-link]");
    expect(on.openLink).toHaveBeenCalledWith("https://arxiv.org/abs/2510.01234");
    click("[data-testid=appeared-in]");
    expect(on.goToDigest).toHaveBeenCalledWith("2025-10-03");
    click(".paper-keywords .chip");
    expect(on.keyword).toHaveBeenCalledWith("强化学习");
    click("[data-testid=pdf-download]");
    expect(on.pdf.download).toHaveBeenCalledWith(7);
  });
});

describe("arXiv metadata", () => {
  const withMeta: PaperView = {
    ...paper,
    new_version: 3,
    metadata: {
      authors: ["José López", "Bo Li"],
      published: "2025-10-01",
      updated: "2025-10-02",
      categories: ["cs.LG", "stat.ML"],
      doi: "10.1000/x",
      journal_ref: null,
      abstract_text: "We study things.",
    },
  };

  it("shows every author, each listing that author's papers, and the abstract collapsed", () => {
    host = document.createElement("div");
    const acts = actions();
    render(<PaperPane paper={withMeta} reading={false} downloads={null} allTags={[]} lang="en" actions={acts} />, host);
    const authors = [...host.querySelectorAll<HTMLButtonElement>("[data-testid=paper-author]")];
    expect(authors.map((a) => a.textContent)).toEqual(["José López", "Bo Li"]);
    authors[0]!.click();
    expect(acts.author).toHaveBeenCalledWith("José López");
    expect(host.querySelector("[data-testid=paper-categories]")?.textContent).toBe("cs.LG, stat.ML");
    expect(host.querySelector("[data-testid=paper-doi]")?.textContent).toContain("10.1000/x");
    expect(host.querySelector("[data-testid=paper-journal]")).toBeNull();
    expect(host.querySelector("[data-testid=paper-new-version]")?.textContent).toBe("v3 available");
    const abs = host.querySelector<HTMLDetailsElement>("[data-testid=paper-abstract]")!;
    expect(abs.open).toBe(false);
    expect(abs.textContent).toContain("We study things.");
  });

  it("shows none of it before the metadata is fetched", () => {
    host = document.createElement("div");
    render(<PaperPane paper={paper} reading={false} downloads={null} allTags={[]} lang="en" actions={actions()} />, host);
    expect(host.querySelector("[data-testid=paper-metadata]")).toBeNull();
    expect(host.querySelector("[data-testid=paper-abstract]")).toBeNull();
    expect(host.querySelector("[data-testid=paper-new-version]")).toBeNull();
  });
});
