"""PDFs through the real app: a local arXiv (127.0.0.1, started here) serves the PDFs;
the app starts without PAPERSHELF_ARXIV_BASE and is pointed at it through the PDF
source in Settings (a bad URL refused plainly first); it downloads one, shows its first page in the viewer beside the note, remembers
the page, queues a digest with visible progress and cancels it, and, with the server
gone ("network off"), says so plainly and still reads what it fetched. The tests run
in order and share one library."""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_app import find, find_all, select_nav, text, wait_loaded, wait_until
from test_search import type_search

SAMPLE_DATE = "2025-10-03"
SAMPLE_PAPERS = 36
PAGES = 3


def make_pdf(label: str, pages: int = PAGES, filler: int = 0) -> bytes:
    """A valid PDF of `pages` letter pages, each reading "<label> page N" in Helvetica
    (page 2 also says "quokka", a word no digest has), plus `filler` bytes in an
    unused stream (to make transfers take a while)."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "",  # the page tree, once the pages' numbers are known
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for n in range(1, pages + 1):
        words = f"{label} page {n}" + (" quokka" if n == 2 else "")
        content = f"BT /F1 30 Tf 72 700 Td ({words}) Tj ET"
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects)} 0 R"
            " /Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>"
    if filler:
        objects.append(f"<< /Length {filler} >>\nstream\n{'x' * filler}\nendstream")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


class LocalArxiv:
    """`GET /pdf/<id>` answers a PDF naming the id; `slow` spreads each body over
    about that many seconds, in chunks."""

    def __init__(self):
        self.requests: list[str] = []
        self.slow = 0.0
        arxiv = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                arxiv.requests.append(self.path)
                match = re.fullmatch(r"/pdf/([\w.\-/]+?)(v\d+)?", self.path)
                if not match:
                    self.send_error(404)
                    return
                body = make_pdf(f"arXiv {match.group(1)}", filler=256 * 1024)
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                chunks = 16
                step = len(body) // chunks + 1
                for i in range(0, len(body), step):
                    try:
                        self.wfile.write(body[i : i + step])
                        self.wfile.flush()
                    except (BrokenPipeError, ConnectionResetError):
                        return
                    if arxiv.slow:
                        time.sleep(arxiv.slow / chunks)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        """The network cable, pulled: nothing listens on the port any more."""
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def arxiv():
    server = LocalArxiv()
    yield server
    try:
        server.stop()
    except OSError:
        pass


# "Open in system viewer" runs xdg-open; the app finds this one first, which only
# writes down what it was given.
FAKE_BIN = Path(tempfile.mkdtemp(prefix="papershelf-fake-bin-"))
OPENED = FAKE_BIN / "opened.txt"


def app_env(request) -> dict[str, str]:
    opener = FAKE_BIN / "xdg-open"
    opener.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{OPENED}"\n')
    opener.chmod(0o755)
    # No PAPERSHELF_ARXIV_BASE: the first test sets the PDF source in Settings.
    return {"PAPERSHELF_ARXIV_DELAY_MS": "0", "PATH": f"{FAKE_BIN}:{os.environ['PATH']}"}


def set_pdf_source(driver, value: str):
    """Types `value` into Settings' PDF source and saves; returns the dialog's error
    text, or None when the dialog closed (saved)."""
    find(driver, "[data-testid=settings-button]").click()
    dialog = wait_until(lambda: find(driver, "[data-testid=settings]"), message="settings")
    field = wait_until(lambda: (f := find(dialog, "[data-testid=settings-pdf-source]")).is_enabled() and f, message="the PDF source loaded")
    assert not find_all(dialog, "[data-testid=settings-pdf-source-env]"), "PAPERSHELF_ARXIV_BASE must be unset here"
    field.clear()
    field.send_keys(value)
    find(dialog, "[data-testid=settings-save]").click()
    return wait_until(
        lambda: (not find_all(driver, "[data-testid=settings]") and "saved")
        or (errors := find_all(driver, "[data-testid=settings-error]")) and text(errors[0]),
        message="settings saved or refused",
    )


def open_row(driver, index: int) -> str:
    """Opens the list's row at `index`; returns the paper's id."""
    row = find_all(driver, "[data-testid=paper-row]")[index]
    paper_id = row.get_attribute("data-id")
    row.click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == paper_id, message="the paper open")
    return paper_id


def pdf_state(driver) -> str:
    return find(driver, "[data-testid=paper-pdf]").get_attribute("data-state")


def first_page_drawn(driver) -> dict:
    """What the viewer shows of page 1: whether it is drawn, its text layer, and how
    many of its canvas pixels are dark (the text)."""
    return driver.execute_script(
        """
        const slot = document.querySelector('[data-testid=pdf-page][data-page="1"]');
        if (!slot) return null;
        const canvas = slot.querySelector('canvas');
        let dark = 0;
        if (canvas && slot.dataset.rendered === 'true') {
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark++;
        }
        return { rendered: slot.dataset.rendered === 'true', text: slot.querySelector('.textLayer')?.textContent ?? '', dark };
        """
    )


def viewer_ready(driver):
    viewer = wait_until(lambda: find(driver, "[data-testid=pdf-viewer][data-state=ready]"), 20, message="the PDF viewer ready")
    wait_until(lambda: (first_page_drawn(driver) or {}).get("dark", 0) > 100, 20, message="page 1 drawn")
    return viewer


@pytest.fixture(scope="module")
def shelf(app):
    return app


state: dict[str, str] = {}


def test_download_one_pdf_then_read_its_first_page_beside_the_note(shelf, arxiv):
    driver = shelf.launch()
    wait_loaded(driver)
    # The PDF source, in Settings: a URL that is not one is refused, saying why.
    error = set_pdf_source(driver, "127.0.0.1:8080")
    assert "pdf-base=`127.0.0.1:8080` is not valid" in error and "http(s) URL" in error, error
    find(driver, "[data-testid=settings] .modal-actions button").click()  # Cancel
    wait_until(lambda: not find_all(driver, "[data-testid=settings]"), message="settings closed")
    assert set_pdf_source(driver, f"http://127.0.0.1:{arxiv.port}/") == "saved"
    # Kept in the library, where the CLI sees it too.
    assert shelf.cli("config", "pdf-base").stdout == f"http://127.0.0.1:{arxiv.port} (set in the library)\n"

    find(driver, "[data-testid=import-sample]").click()
    wait_until(lambda: find(driver, "[data-testid=import-result]"), message="the import result")
    find(driver, "[data-testid=import-result] .modal-actions button").click()
    select_nav(driver, f"digest:{SAMPLE_DATE}")
    wait_until(lambda: len(find_all(driver, "[data-testid=paper-row]")) > 3, message="the digest's rows")
    assert find(driver, "[data-testid=pdf-cache]").get_attribute("data-count") == "0"

    paper = state["paper"] = open_row(driver, 0)
    assert pdf_state(driver) == "missing"
    find(driver, "[data-testid=pdf-download]").click()
    wait_until(lambda: pdf_state(driver) == "cached", 20, message="the PDF downloaded")
    assert any(r.startswith("/pdf/") for r in arxiv.requests), arxiv.requests
    panel = find(driver, "[data-testid=downloads]")
    assert panel.get_attribute("data-running") == "false"
    assert "1 downloaded" in text(find(driver, "[data-testid=downloads-summary]"))
    wait_until(lambda: find(driver, "[data-testid=pdf-cache]").get_attribute("data-count") == "1", message="the cache's count")
    assert "KB" in text(find(driver, "[data-testid=pdf-cache]"))
    row = find(driver, f"[data-testid=paper-row][data-id='{paper}']")
    wait_until(lambda: row.find_elements(By.CSS_SELECTOR, "[data-testid=row-pdf]"), message="the row's PDF mark")
    find(driver, "[data-testid=downloads-dismiss]").click()

    find(driver, "[data-testid=pdf-read]").click()
    viewer = viewer_ready(driver)
    drawn = first_page_drawn(driver)
    assert "page 1" in drawn["text"], drawn
    assert viewer.get_attribute("data-pages") == str(PAGES)
    assert text(find(driver, "[data-testid=pdf-page-label]")) == f"Page 1 of {PAGES}"
    # Beside the note editor, with the list and sidebar out of the way.
    assert find(driver, ".reader-side [data-testid=note]").is_displayed()
    assert not find(driver, ".list-pane").is_displayed()
    shelf.screenshot("pdf-01-first-page-beside-the-note")

    # The system's viewer gets the cached file itself.
    find(driver, "[data-testid=pdf-open-external]").click()
    opened = wait_until(lambda: OPENED.exists() and OPENED.read_text().split(), message="xdg-open called")
    assert len(opened) == 1, opened
    pdf = Path(opened[0])
    assert pdf.is_file() and pdf.suffix == ".pdf", opened
    assert pdf.is_relative_to(Path(shelf.env["PAPERSHELF_HOME"]).resolve()), (pdf, shelf.env["PAPERSHELF_HOME"])
    assert pdf.read_bytes().startswith(b"%PDF"), pdf


def test_the_pdf_scheme_serves_the_cache_and_nothing_else(shelf):
    driver = shelf.driver
    answers = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const ask = (path) => fetch('papershelf-pdf://localhost/' + path)
          .then(r => r.status, e => 'error: ' + e);
        Promise.all([arguments[0], arguments[1], '../library.sqlite3', 'pdfs/x.pdf', '1%2F..'].map(ask)).then(done);
        """,
        state["paper"],
        "999999",
    )
    assert answers == [200, 404, 404, 404, 404], answers


def test_the_page_is_remembered_per_paper(shelf):
    driver = shelf.driver
    driver.execute_script(
        """
        const scroller = document.querySelector('.pdf-scroll');
        const first = document.querySelector('[data-testid=pdf-page][data-page="1"]');
        const third = document.querySelector('[data-testid=pdf-page][data-page="3"]');
        scroller.scrollTop = third.offsetTop - first.offsetTop;
        """
    )
    wait_until(lambda: find(driver, "[data-testid=pdf-viewer]").get_attribute("data-page") == "3", message="page 3 at the top")
    time.sleep(1.0)  # the page is saved once scrolling settles
    find(driver, "[data-testid=pdf-close]").click()
    wait_until(lambda: find_all(driver, "[data-testid=pdf-read]"), message="back to the summary")
    find(driver, "[data-testid=pdf-read]").click()
    viewer = wait_until(lambda: find(driver, "[data-testid=pdf-viewer][data-state=ready]"), 20, message="the viewer again")
    wait_until(lambda: viewer.get_attribute("data-page") == "3", message="reopened at page 3")
    find(driver, "[data-testid=pdf-close]").click()


def test_a_digest_queue_shows_progress_and_can_be_cancelled(shelf, arxiv):
    driver = shelf.driver
    arxiv.slow = 0.6
    wait_until(lambda: find_all(driver, "[data-testid=download-list]"), message="the digest's download button")
    find(driver, "[data-testid=download-list]").click()
    panel = wait_until(lambda: find(driver, "[data-testid=downloads][data-running=true]"), message="the queue running")
    active = wait_until(lambda: find_all(driver, "[data-testid=download-active]"), 15, message="a paper in flight")
    assert active
    # One paper done besides the one already here (a percentage alone can be reached
    # with the second paper still in flight, and cancelling then downloads none).
    wait_until(lambda: int(re.match(r"(\d+) of", text(find(driver, "[data-testid=downloads-progress]"))).group(1)) >= 2, 30, message="a paper downloaded")
    progress = text(find(driver, "[data-testid=downloads-progress]"))
    assert f"of {SAMPLE_PAPERS} papers" in progress, progress
    shelf.screenshot("pdf-02-digest-queue-progress")
    find(driver, "[data-testid=downloads-cancel]").click()
    wait_until(lambda: panel.get_attribute("data-running") == "false", 15, message="the queue stopped")
    summary = text(find(driver, "[data-testid=downloads-summary]"))
    downloaded = int(re.search(r"(\d+) downloaded", summary).group(1))
    cached = int(re.search(r"(\d+) already here", summary).group(1))
    cancelled = int(re.search(r"(\d+) cancelled", summary).group(1))
    assert cached == 1 and downloaded >= 1 and cancelled > 0, summary
    state["fetched"] = str(1 + downloaded)
    wait_until(lambda: find(driver, "[data-testid=pdf-cache]").get_attribute("data-count") == state["fetched"], message="the cache's count")
    shelf.screenshot("pdf-03-queue-cancelled")
    find(driver, "[data-testid=downloads-dismiss]").click()
    arxiv.slow = 0.0


def test_with_the_network_off_a_missing_pdf_says_so_and_fetched_ones_still_read(shelf, arxiv):
    driver = shelf.driver
    arxiv.stop()
    # The last paper of the digest was never fetched.
    open_row(driver, -1)
    assert pdf_state(driver) == "missing"
    started = time.monotonic()
    find(driver, "[data-testid=pdf-download]").click()
    failed = wait_until(lambda: text(find(driver, "[data-testid=pdf-failed]")), 20, message="the failure shown")
    assert time.monotonic() - started < 15
    assert "check the network connection" in failed, failed
    assert "check the network connection" in text(find(driver, "[data-testid=download-failures]"))
    shelf.screenshot("pdf-04-offline-missing-pdf")

    # Restart offline: the fetched PDF still reads, at the page it was left.
    shelf.quit()
    driver = shelf.launch()
    wait_loaded(driver)
    select_nav(driver, f"digest:{SAMPLE_DATE}")
    # The list comes back scrolled to the last paper opened; the fetched one is first.
    driver.execute_script("document.querySelector('[data-testid=paper-list]').scrollTop = 0")
    wait_until(lambda: find_all(driver, f"[data-testid=paper-row][data-id='{state['paper']}']"), message="the fetched paper's row")
    find(driver, f"[data-testid=paper-row][data-id='{state['paper']}']").click()
    wait_until(lambda: pdf_state(driver) == "cached", message="the PDF still there")
    find(driver, "[data-testid=pdf-read]").click()
    viewer = wait_until(lambda: find(driver, "[data-testid=pdf-viewer][data-state=ready]"), 20, message="the viewer offline")
    wait_until(lambda: viewer.get_attribute("data-page") == "3", message="page 3 remembered across a restart")
    wait_until(
        lambda: driver.execute_script("return document.querySelector('[data-testid=pdf-page][data-page=\"3\"]')?.dataset.rendered === 'true'"),
        message="page 3 drawn",
    )
    shelf.screenshot("pdf-05-offline-reading")


def test_a_word_only_in_the_pdf_finds_the_paper_and_opens_its_pdf_at_that_page(shelf):
    driver = shelf.driver
    find(driver, "[data-testid=pdf-close]").click()
    wait_until(lambda: find_all(driver, "[data-testid=pdf-read]"), message="back to the summary")
    type_search(driver, "quokka")
    row = wait_until(lambda: find(driver, f"[data-testid=paper-row][data-id='{state['paper']}']"), message="the paper found by its PDF")
    # Only papers whose PDF is cached are found: the word is in no digest.
    for other in find_all(driver, "[data-testid=paper-row]"):
        assert find_all(other, "[data-testid=row-pdf]"), text(other)
    snippet = find(row, "[data-testid=row-snippet]")
    assert snippet.get_attribute("data-source") == "pdf"
    assert text(snippet).startswith("PDF p. 2"), text(snippet)
    assert [text(m) for m in find_all(snippet, "mark")] == ["quokka"]
    shelf.screenshot("pdf-02-found-in-the-pdf")
    # The page remembered is 3 (see the tests before): the hit opens page 2.
    row.click()
    viewer = wait_until(lambda: find(driver, "[data-testid=pdf-viewer][data-state=ready]"), 20, message="the viewer")
    wait_until(lambda: viewer.get_attribute("data-page") == "2", message="opened at page 2")
    shelf.screenshot("pdf-03-opened-at-the-hit")
    # As the tests after expect: the search cleared, the PDF read.
    find(driver, "[data-testid=pdf-close]").click()
    wait_until(lambda: find_all(driver, "[data-testid=pdf-read]"), message="back to the summary")
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    find(driver, "body").send_keys("/")
    find(driver, "[data-testid=search]").send_keys(Keys.ESCAPE)
    wait_until(lambda: find(driver, "[data-testid=search]").get_attribute("value") == "", message="search cleared")
    find(driver, "[data-testid=pdf-read]").click()
    wait_until(lambda: find(driver, "[data-testid=pdf-viewer][data-state=ready]"), 20, message="the viewer")


def test_deleting_a_digests_pdfs_empties_the_cache(shelf):
    driver = shelf.driver
    find(driver, "[data-testid=pdf-close]").click()
    button = wait_until(lambda: find(driver, "[data-testid=delete-digest-pdfs]"), message="the delete button")
    button.click()
    wait_until(lambda: "again" in text(find(driver, "[data-testid=delete-digest-pdfs]")), message="the confirmation")
    find(driver, "[data-testid=delete-digest-pdfs]").click()
    wait_until(lambda: find(driver, "[data-testid=pdf-cache]").get_attribute("data-count") == "0", message="an empty cache")
    wait_until(lambda: pdf_state(driver) == "missing", message="the open paper without its PDF")
    wait_until(lambda: not find_all(driver, "[data-testid=row-pdf]"), message="no row marked")
