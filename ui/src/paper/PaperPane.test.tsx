import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DownloadStatus, PaperView } from "../bindings";
import { AppError } from "../ipc";
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
    metadata: vi.fn(async () => true),
    tagsChanged: vi.fn(),
    openPaper: vi.fn(),
    read: vi.fn(),
    readAt: vi.fn(),
    closeReader: vi.fn(),
    showToast: vi.fn(),
    showError: vi.fn(),
    pdf: { download: vi.fn(), open: vi.fn(), delete: vi.fn(), page: vi.fn(), fetchVersion: vi.fn() },
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
    render(<PaperPane paper={paper} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={on} />, host);
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
    render(<PaperPane paper={withMeta} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={acts} />, host);
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
    render(<PaperPane paper={paper} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={actions()} />, host);
    expect(host.querySelector("[data-testid=paper-metadata]")).toBeNull();
    expect(host.querySelector("[data-testid=paper-abstract]")).toBeNull();
    expect(host.querySelector("[data-testid=paper-new-version]")).toBeNull();
  });

  it("offers to fetch the metadata now, and says plainly when offline or not on arXiv", async () => {
    host = document.createElement("div");
    const acts = actions();
    render(<PaperPane paper={paper} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={acts} />, host);
    const button = () => host.querySelector<HTMLButtonElement>("[data-testid=fetch-metadata-button]")!;
    expect(button().textContent).toBe("Fetch authors and dates from arXiv");
    acts.metadata = vi.fn(async () => {
      throw new AppError("failed", "cannot reach https://export.arxiv.org/api/query (Connection refused); check the network connection");
    });
    render(<PaperPane paper={paper} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={{ ...acts }} />, host);
    await act(async () => button().click());
    expect(acts.metadata).toHaveBeenCalledWith(7);
    expect(host.querySelector("[data-testid=fetch-metadata-error]")?.textContent).toBe(
      "Could not fetch from arXiv: cannot reach https://export.arxiv.org/api/query (Connection refused); check the network connection",
    );
    const notThere = { ...acts, metadata: vi.fn(async () => false) };
    render(<PaperPane paper={paper} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={notThere} />, host);
    await act(async () => button().click());
    expect(host.querySelector("[data-testid=fetch-metadata-error]")?.textContent).toBe("arXiv has no paper with this id.");
    // With metadata, the button refreshes it; without an arXiv id there is none.
    render(<PaperPane paper={withMeta} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={notThere} />, host);
    expect(button().textContent).toBe("↻ Refresh from arXiv");
    render(<PaperPane paper={{ ...paper, arxiv_id: null }} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={notThere} />, host);
    expect(host.querySelector("[data-testid=fetch-metadata]")).toBeNull();
  });

  it("downloads a newer version beside the cached PDF, once no queue runs", () => {
    host = document.createElement("div");
    const acts = actions();
    const cached = { ...withMeta, pdf: { size: 1000, version: null, fetched_at: "2025-10-03T00:00:00Z" } };
    render(<PaperPane paper={withMeta} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={acts} />, host);
    expect(host.querySelector("[data-testid=pdf-fetch-version]")).toBeNull();
    render(<PaperPane paper={cached} reading={false} target={null} downloads={null} allTags={[]} lang="en" forYou={null} actions={acts} />, host);
    const fetch = host.querySelector<HTMLButtonElement>("[data-testid=pdf-fetch-version]")!;
    expect(fetch.textContent).toBe("⤓ Download v3");
    fetch.click();
    expect(acts.pdf.fetchVersion).toHaveBeenCalledWith(7, 3);
    // The cached PDF is still offered for reading meanwhile.
    expect(host.querySelector("[data-testid=pdf-read]")).not.toBeNull();
    const busy = { running: true } as DownloadStatus;
    render(<PaperPane paper={cached} reading={false} target={null} downloads={busy} allTags={[]} lang="en" forYou={null} actions={acts} />, host);
    expect(host.querySelector<HTMLButtonElement>("[data-testid=pdf-fetch-version]")!.disabled).toBe(true);
  });
});
