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
};

function actions(): PaperActions {
  return {
    toggle: vi.fn(),
    noteSaved: vi.fn(),
    openLink: vi.fn(),
    goToDigest: vi.fn(),
    keyword: vi.fn(),
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
