"""Highlights and comments in the PDF through the real app (issue 15): two papers'
PDFs fetched by the CLI from a local arXiv; in the viewer a sentence on page 2 is
selected, `h` highlights it, a click on it edits its comment; it stays on its words
at another zoom; Delete and Undo; "Quote in note"; after a restart it is drawn on its
page, listed in the paper view (a click opens the PDF there and flashes it), listed
by `papershelf highlights`, its comment edited, and found by searching a word of it. A word
only inside the other PDF opens that PDF at its page with the word marked. The tests
run in order and share one library."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from conftest import FIXTURES
from test_app import find, find_all, select_nav, text, wait_loaded, wait_until
from test_pdf import LocalArxiv, viewer_ready
from test_search import type_search

SAMPLE = FIXTURES / "2025-10-03.md"
DATE = "2025-10-03"
COMMENT = "wombats would dig this result"
ARXIV: LocalArxiv | None = None


def app_env(request) -> dict[str, str]:
    global ARXIV
    ARXIV = LocalArxiv()
    return {"PAPERSHELF_ARXIV_BASE": f"http://127.0.0.1:{ARXIV.port}", "PAPERSHELF_ARXIV_DELAY_MS": "0"}


state: dict = {}


@pytest.fixture(scope="module")
def shelf(app):
    app.cli("import", str(SAMPLE))
    papers = json.loads(app.cli("--json", "list", "--digest", DATE).stdout)
    state["paper"], state["other"] = papers[0], papers[1]
    app.cli("fetch", papers[0]["arxiv_id"], papers[1]["arxiv_id"])
    yield app
    if ARXIV is not None:
        ARXIV.stop()


def open_paper(driver, paper_id: int):
    select_nav(driver, f"digest:{DATE}")
    row = wait_until(lambda: find(driver, f"[data-testid=paper-row][data-id='{paper_id}']"), message="the paper's row")
    row.click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == str(paper_id), message="the paper open")


def page_text_ready(driver, page: int):
    # The viewer's own scroll box, as a reader scrolls it (scrollIntoView would move the window too).
    driver.execute_script(
        "const slot = document.querySelector(`[data-testid=pdf-page][data-page=\"${arguments[0]}\"]`);"
        "slot.closest('.pdf-scroll').scrollTop = slot.offsetTop;",
        page,
    )
    return wait_until(lambda: find(driver, f"[data-testid=pdf-page][data-page='{page}'] .textLayer[data-ready=true]"), 20, message=f"page {page}'s text")


def word_rect(driver, page: int, word: str) -> dict:
    """Where the text-layer run holding `word` is on screen."""
    return driver.execute_script(
        """
        const [page, word] = arguments;
        const run = [...document.querySelectorAll(`[data-testid=pdf-page][data-page="${page}"] .textLayer span`)]
          .find((s) => s.children.length === 0 && s.textContent.includes(word));
        const r = run.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        """,
        page,
        word,
    )


def highlight_rect(driver, page: int) -> dict:
    return driver.execute_script(
        """
        const boxes = [...document.querySelectorAll(`[data-testid=pdf-page][data-page="${arguments[0]}"] [data-testid=pdf-highlight]`)];
        const rs = boxes.map((b) => b.getBoundingClientRect());
        return { left: Math.min(...rs.map((r) => r.left)), top: Math.min(...rs.map((r) => r.top)),
                 right: Math.max(...rs.map((r) => r.right)), bottom: Math.max(...rs.map((r) => r.bottom)), n: rs.length };
        """,
        page,
    )


def overlap(a: dict, b: dict) -> float:
    """Intersection over union of two screen rectangles."""
    w = max(0.0, min(a["right"], b["right"]) - max(a["left"], b["left"]))
    h = max(0.0, min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]))
    inter = w * h
    area = lambda r: (r["right"] - r["left"]) * (r["bottom"] - r["top"])  # noqa: E731
    return inter / (area(a) + area(b) - inter)


def select_run(driver, page: int, word: str):
    """Selects the text-layer run holding `word` as a mouse drag would, and lets go."""
    driver.execute_script(
        """
        const [page, word] = arguments;
        const run = [...document.querySelectorAll(`[data-testid=pdf-page][data-page="${page}"] .textLayer span`)]
          .find((s) => s.children.length === 0 && s.textContent.includes(word));
        const range = document.createRange();
        range.selectNodeContents(run);
        const sel = getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        run.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        """,
        page,
        word,
    )


def press(driver, keys: str):
    ActionChains(driver).send_keys(keys).perform()


def test_select_a_sentence_on_page_2_press_h_and_comment_it(shelf):
    driver = shelf.launch()
    wait_loaded(driver)
    paper = state["paper"]["id"]
    open_paper(driver, paper)
    # Not highlighted yet: the paper view lists nothing.
    assert not find_all(driver, "[data-testid=highlights]")
    find(driver, "[data-testid=pdf-read]").click()
    viewer_ready(driver)
    assert text(find(driver, ".reader-side [data-testid=highlights]")).startswith("Highlights")
    page_text_ready(driver, 2)
    select_run(driver, 2, "quokka")
    wait_until(lambda: find(driver, "[data-testid=highlight-bar]").is_displayed(), message="the bar over the selection")
    shelf.screenshot("highlight-01-selection-bar")
    press(driver, "h")
    wait_until(lambda: highlight_rect(driver, 2)["n"] >= 1, message="the highlight on page 2")
    assert overlap(highlight_rect(driver, 2), word_rect(driver, 2, "quokka")) > 0.6
    assert not find_all(driver, "[data-testid=highlight-bar]")
    item = wait_until(lambda: find(driver, ".reader-side [data-testid=highlight-item]"), message="listed beside the note")
    assert item.get_attribute("data-page") == "2"
    assert "quokka" in text(find(item, "[data-testid=highlight-quote]"))

    # Clicking it selects it: its comment is written and saved.
    find(driver, "[data-testid=pdf-page][data-page='2'] [data-testid=pdf-highlight]").click()
    editor = wait_until(lambda: find(driver, "[data-testid=highlight-editor]"), message="the highlight's editor")
    field = find(editor, "[data-testid=highlight-comment-input]")
    field.send_keys(COMMENT)
    find(editor, "[data-testid=highlight-save]").click()
    wait_until(lambda: text(find(driver, ".reader-side [data-testid=highlight-comment]")) == COMMENT, message="the comment listed")
    shelf.screenshot("highlight-02-comment")

    # Zoomed in, it is still on its words.
    for _ in range(3):
        find(driver, ".pdf-zoom button[aria-label='Zoom in']").click()
    wait_until(lambda: find(driver, ".pdf-zoom .muted").text == "150%", message="zoomed to 150%")
    page_text_ready(driver, 2)
    wait_until(lambda: overlap(highlight_rect(driver, 2), word_rect(driver, 2, "quokka")) > 0.6, message="the highlight on its words at 150%")

    # Delete (the key, with it selected) and Undo.
    find(driver, "[data-testid=pdf-page][data-page='2'] [data-testid=pdf-highlight]").click()
    wait_until(lambda: find(driver, "[data-testid=highlight-editor]"), message="selected again")
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    press(driver, "\ue017")  # Delete
    wait_until(lambda: highlight_rect(driver, 2)["n"] == 0, message="deleted")
    assert json.loads(shelf.cli("--json", "highlights", state["paper"]["arxiv_id"]).stdout) == []
    find(driver, "[data-testid=toast-action]").click()
    wait_until(lambda: highlight_rect(driver, 2)["n"] >= 1, message="back after Undo")

    # The CLI lists it, comment and all.
    listed = json.loads(shelf.cli("--json", "highlights", state["paper"]["arxiv_id"]).stdout)
    assert len(listed) == 1, listed
    h = listed[0]
    assert set(h) == {"id", "page", "text", "comment", "color", "pdf_version", "created_at"}, h
    assert (h["page"], h["comment"], h["color"]) == (2, COMMENT, "yellow"), h
    assert "quokka" in h["text"], h
    state["quote"] = h["text"]

    # Quoted into the note.
    find(driver, ".reader-side [data-testid=highlight-quote-note]").click()
    wait_until(lambda: "(p. 2)" in text(find(driver, ".reader-side [data-testid=note-rendered]")), message="the quote in the note")
    note = shelf.cli("note", state["paper"]["arxiv_id"]).stdout
    assert f"> {h['text']} (p. 2)" in note and COMMENT in note, note


def test_after_a_restart_the_highlight_is_listed_and_opens_at_its_page(shelf):
    shelf.quit()
    driver = shelf.launch()
    wait_loaded(driver)
    paper = state["paper"]["id"]
    open_paper(driver, paper)
    item = wait_until(lambda: find(driver, "[data-testid=highlights] [data-testid=highlight-item]"), message="listed in the paper view")
    assert text(find(item, "[data-testid=highlight-comment]")) == COMMENT
    shelf.screenshot("highlight-03-listed-in-the-paper-view")
    find(item, "[data-testid=highlight-open]").click()
    viewer = wait_until(lambda: find(driver, "[data-testid=pdf-viewer][data-state=ready]"), 20, message="the viewer")
    wait_until(lambda: viewer.get_attribute("data-page") == "2", message="opened at page 2")
    wait_until(lambda: find_all(driver, "[data-testid=pdf-page][data-page='2'] .pdf-hl.is-flashing"), message="the highlight flashing")
    page_text_ready(driver, 2)
    assert overlap(highlight_rect(driver, 2), word_rect(driver, 2, "quokka")) > 0.6
    shelf.screenshot("highlight-04-after-restart")
    # Its comment, added to now (the note quoted the first words): Ctrl+Enter saves.
    find(driver, "[data-testid=pdf-page][data-page='2'] [data-testid=pdf-highlight]").click()
    field = wait_until(lambda: find(driver, "[data-testid=highlight-editor] [data-testid=highlight-comment-input]"), message="the editor")
    field.send_keys(" like a platypus", Keys.CONTROL, Keys.ENTER)
    wait_until(lambda: not find_all(driver, "[data-testid=highlight-editor]"), message="the editor closed")
    wait_until(lambda: "platypus" in text(find(driver, ".reader-side [data-testid=highlight-comment]")), message="the longer comment listed")
    find(driver, "[data-testid=pdf-close]").click()


def test_a_word_of_the_comment_finds_the_paper_and_a_pdf_word_is_marked_at_its_page(shelf):
    driver = shelf.driver
    paper, other = state["paper"]["id"], state["other"]["id"]
    type_search(driver, "platypus")
    row = wait_until(lambda: find(driver, f"[data-testid=paper-row][data-id='{paper}']"), message="found by its comment")
    assert len(find_all(driver, "[data-testid=paper-row]")) == 1
    snippet = find(row, "[data-testid=row-snippet]")
    assert snippet.get_attribute("data-source") == "highlight", snippet.get_attribute("outerHTML")
    assert text(snippet).startswith("Highlight p. 2"), text(snippet)
    assert [text(m) for m in find_all(snippet, "mark")] == ["platypus"]
    row.click()
    viewer = wait_until(lambda: find(driver, "[data-testid=pdf-viewer][data-state=ready]"), 20, message="the viewer")
    wait_until(lambda: viewer.get_attribute("data-page") == "2", message="opened at page 2")
    wait_until(lambda: find_all(driver, "[data-testid=pdf-page][data-page='2'] .pdf-hl.is-flashing"), message="the highlight flashing")
    find(driver, "[data-testid=pdf-close]").click()

    # The other paper holds "quokka" only in its PDF (the first one now has it in its note).
    type_search(driver, "quokka")
    row = wait_until(lambda: find(driver, f"[data-testid=paper-row][data-id='{other}']"), message="the other paper found by its PDF")
    assert find(row, "[data-testid=row-snippet]").get_attribute("data-source") == "pdf"
    row.click()
    viewer = wait_until(lambda: find(driver, "[data-testid=pdf-viewer][data-state=ready]"), 20, message="the viewer")
    wait_until(lambda: viewer.get_attribute("data-page") == "2", message="opened at page 2")
    marked = wait_until(lambda: find_all(driver, "[data-testid=pdf-page][data-page='2'] .textLayer mark.pdf-hit"), 20, message="the word marked")
    assert [text(m).lower() for m in marked] == ["quokka"]
    shelf.screenshot("highlight-05-word-marked-at-the-hit")
