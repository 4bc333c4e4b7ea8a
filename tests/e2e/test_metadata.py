"""arXiv's metadata in the app: the sample digest imported in the app with a stand-in
arXiv API on 127.0.0.1 (PAPERSHELF_ARXIV_API_BASE) that counts what it is asked; the
authors appearing by themselves; its authors, dates, categories, DOI, journal,
new-version badge and abstract in the paper view and its list row; an author clicked
to list that author's papers; the category and new-version filters; the setting that
turns the fetch after an import off; a paper's fetch on demand and its error."""

from __future__ import annotations

import json
import tempfile
import threading
import time
from pathlib import Path
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import FIXTURES
from test_app import counts, find, find_all, select_nav, text, wait_loaded, wait_until
from test_pdf import make_pdf
from test_search import open_filters, set_select

SAMPLE = FIXTURES / "2025-10-03.md"
LOPEZ = "2509.25454"
LATER = "2601.00009"


def feed(ids: list[str]) -> str:
    """An Atom feed with an entry for each id: 2509.25454 at v3, by José Raúl López and
    Kaiming He, with a DOI and a journal; the others v1 by "Author n" and Wei Zhang."""
    out = [
        "<?xml version='1.0' encoding='UTF-8'?>",
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">',
        "<id>https://arxiv.org/api/stand-in</id><title>arXiv Query</title><updated>2026-12-01T00:00:00Z</updated>",
    ]
    for n, id_ in enumerate(ids):
        id_ = id_.split("v")[0]
        if id_ == LOPEZ:
            version, updated, authors, cats = 3, "2025-11-20T08:00:00Z", ["José Raúl López", "Kaiming He"], ["cs.LG", "cs.AI"]
        elif id_ == LATER:
            # Its v2 appears after any PDF fetched today.
            version, updated, authors, cats = 2, "2030-01-01T08:00:00Z", ["Ada Later"], ["cs.CL"]
        else:
            version, updated, authors, cats = 1, "2025-09-30T08:00:00Z", [f"Author {n}", "Wei Zhang"], ["cs.CL"]
        out.append(f"<entry><id>http://arxiv.org/abs/{id_}v{version}</id><title>Paper {id_}</title>")
        out.append(f"<updated>{updated}</updated><published>2025-09-29T17:00:00Z</published>")
        out.append(f"<summary>The abstract of {id_}.</summary>")
        out.extend(f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in cats)
        out.append(f'<arxiv:primary_category term="{cats[0]}"/>')
        out.extend(f"<author><name>{a}</name></author>" for a in authors)
        if id_ == LOPEZ:
            out.append("<arxiv:doi>10.1000/xyz</arxiv:doi><arxiv:journal_ref>J. Test 1 (2025)</arxiv:journal_ref>")
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out)


class StandIn(BaseHTTPRequestHandler):
    """Answers every query from `feed`, and keeps the ids of each request it was
    asked; `broken` makes it answer HTTP 400 with no feed."""

    asked: list[list[str]] = []
    pdfs: list[str] = []
    broken = False

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path.startswith("/pdf/"):
            StandIn.pdfs.append(self.path.removeprefix("/pdf/"))
            body = make_pdf(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        query = parse_qs(urlparse(self.path).query)
        ids = [i for i in ",".join(query.get("id_list", [""])).split(",") if i]
        StandIn.asked.append(ids)
        if StandIn.broken:
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = feed(ids).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


SERVER = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)


def app_env(request) -> dict[str, str]:
    threading.Thread(target=SERVER.serve_forever, daemon=True).start()
    request.addfinalizer(SERVER.shutdown)
    base = f"http://127.0.0.1:{SERVER.server_address[1]}"
    return {
        "PAPERSHELF_ARXIV_API_BASE": base,
        # PDFs from the same stand-in: one host, so one politeness gate for both.
        "PAPERSHELF_ARXIV_BASE": base,
        "PAPERSHELF_ARXIV_DELAY_MS": "100",
    }


@pytest.fixture(scope="module")
def shelf(app):
    """The app on an empty library: the sample is imported in the app by the first test."""
    driver = app.launch()
    wait_loaded(driver)
    yield app


def invoke(driver, command: str, args: dict):
    """Calls a command from the page as the UI does (the import dialog's files are
    picked in a native dialog WebDriver cannot reach)."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (e) => done({error: e}));",
        command,
        args,
    )


def test_importing_the_sample_in_the_app_brings_authors_without_a_click(shelf):
    driver = shelf.driver
    wait_until(lambda: find(driver, "[data-testid=welcome]"), message="the first-run screen")
    assert StandIn.asked == [], "nothing to ask about at start"
    find(driver, "[data-testid=import-sample]").click()
    # No click after the import's own: the rows behind its dialog get their authors.
    wait_until(lambda: counts(driver).get("all") == 36, message="the sample in the library")
    wait_until(
        lambda: sum(1 for a in find_all(driver, "[data-testid=row-authors]") if "Wei Zhang" in text(a)) > 3,
        timeout=20,
        message="authors in the list without a click",
    )
    assert len(StandIn.asked) == 1 and len(StandIn.asked[0]) == 36, "one request for the whole digest"
    shelf.screenshot("metadata-after-import")
    find(driver, "[data-testid=import-result] .modal-actions button").click()
    wait_until(lambda: not find_all(driver, "[data-testid=import-result]"), message="the dialog to close")
    assert not find_all(driver, "[data-testid=metadata-notice]"), "nothing to say once fetched"


def paper_id(shelf, arxiv: str) -> int:
    return json.loads(shelf.cli("--json", "show", arxiv).stdout)["id"]


def test_authors_and_metadata_in_the_paper_view_and_the_list(shelf):
    driver = shelf.driver
    pid = paper_id(shelf, LOPEZ)
    row = find(driver, f"[data-testid=paper-row][data-id='{pid}']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    assert text(row.find_element("css selector", "[data-testid=row-authors]")) == "José Raúl López, Kaiming He"
    assert text(row.find_element("css selector", "[data-testid=row-new-version]")) == "v3 available"
    row.click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == str(pid), message="the paper open")
    authors = [text(a) for a in find_all(driver, "[data-testid=paper-author]")]
    assert authors == ["José Raúl López", "Kaiming He"]
    assert text(find(driver, "[data-testid=paper-categories]")) == "cs.LG, cs.AI"
    assert "10.1000/xyz" in text(find(driver, "[data-testid=paper-doi]"))
    assert text(find(driver, "[data-testid=paper-journal]")) == "J. Test 1 (2025)"
    assert "2025-09-29" in text(find(driver, "[data-testid=paper-published]"))
    assert text(find(driver, "[data-testid=paper-new-version]")) == "v3 available"
    abstract = find(driver, "[data-testid=paper-abstract]")
    assert abstract.get_attribute("open") is None, "the abstract starts collapsed"
    shelf.screenshot("metadata-paper-view")


def test_clicking_an_author_lists_that_authors_papers(shelf):
    driver = shelf.driver
    find_all(driver, "[data-testid=paper-author]")[1].click()  # Kaiming He
    wait_until(lambda: text(find(driver, "[data-testid=list-count]")).startswith("1 "), message="one paper by Kaiming He")
    assert "Kaiming He" in text(find(driver, "[data-testid=author-filter]"))
    rows = find_all(driver, "[data-testid=paper-row]")
    assert [r.get_attribute("data-id") for r in rows] == [str(paper_id(shelf, LOPEZ))]
    shelf.screenshot("metadata-author-filter")
    find(driver, "[data-testid=author-filter]").click()
    wait_until(lambda: len(find_all(driver, "[data-testid=paper-row]")) > 1, message="the whole list again")


def test_the_category_and_new_version_filters_narrow_the_list(shelf):
    driver = shelf.driver
    pid = str(paper_id(shelf, LOPEZ))
    open_filters(driver)
    options = wait_until(
        lambda: (o := [text(e) for e in find_all(driver, "[data-testid=filter-category] option")]) and len(o) > 1 and o,
        message="the categories offered",
    )
    assert options[1:] == ["cs.AI (1)", "cs.CL (35)", "cs.LG (1)"]
    set_select(driver, "filter-category", "cs.LG")
    wait_until(lambda: text(find(driver, "[data-testid=list-count]")).startswith("1 "), message="one cs.LG paper")
    assert [r.get_attribute("data-id") for r in find_all(driver, "[data-testid=paper-row]")] == [pid]
    set_select(driver, "filter-category", "cs.CL")
    wait_until(lambda: text(find(driver, "[data-testid=list-count]")).startswith("35 "), message="the cs.CL papers")
    set_select(driver, "filter-category", "")
    set_select(driver, "filter-new-version", "yes")
    wait_until(lambda: text(find(driver, "[data-testid=list-count]")).startswith("1 "), message="one paper with a newer version")
    assert [r.get_attribute("data-id") for r in find_all(driver, "[data-testid=paper-row]")] == [pid]
    shelf.screenshot("metadata-new-version-filter")
    set_select(driver, "filter-new-version", "")
    find(driver, "[data-testid=filter-toggle]").click()
    wait_until(lambda: len(find_all(driver, "[data-testid=paper-row]")) > 1, message="the whole list again")


def digest_file(date: str, ids: list[str]) -> str:
    """A digest of its own date (the same date and name again would replace it)."""
    folder = Path(tempfile.mkdtemp(prefix="papershelf-e2e-digest-"))
    path = folder / f"{date}.md"
    lines = [f"# Papers for {date}", ""]
    for n, id_ in enumerate(ids, 1):
        lines += [f"## {n}.[New paper {id_}](https://arxiv.org/abs/{id_})", f"summary: A summary of {id_}.", ""]
    path.write_text("\n".join(lines))
    return str(path)


def set_metadata_auto(shelf, on: bool) -> None:
    driver = shelf.driver
    find(driver, "[data-testid=settings-button]").click()
    dialog = wait_until(lambda: find(driver, "[data-testid=settings]"), message="settings")
    box = wait_until(lambda: (b := find(dialog, "[data-testid=settings-metadata-auto]")).is_enabled() and b, message="the setting loaded")
    assert box.is_selected() != on
    box.click()
    shelf.screenshot(f"metadata-setting-{'on' if on else 'off'}")
    find(dialog, "[data-testid=settings-save]").click()
    wait_until(lambda: not find_all(driver, "[data-testid=settings]"), message="settings saved")


def test_with_the_setting_off_an_import_asks_nothing_and_on_again_it_catches_up(shelf):
    driver = shelf.driver
    set_metadata_auto(shelf, False)
    assert json.loads(shelf.cli("--json", "config", "metadata-auto").stdout)["metadata_auto"] is False
    asked = len(StandIn.asked)
    result = invoke(driver, "import_paths", {"paths": [digest_file("2025-10-04", ["2601.00001", "2601.00002"])]})
    assert result["added"] == 2, result
    time.sleep(2)  # well past the delay: a fetch would have asked by now
    assert len(StandIn.asked) == asked, StandIn.asked[asked:]
    assert json.loads(shelf.cli("--json", "show", "2601.00001").stdout)["authors"] == []
    # On again: the papers left without metadata are asked for.
    set_metadata_auto(shelf, True)
    wait_until(lambda: len(StandIn.asked) == asked + 1, message="the catch-up request")
    assert sorted(StandIn.asked[-1]) == ["2601.00001", "2601.00002"]
    wait_until(
        lambda: [a["name"] for a in json.loads(shelf.cli("--json", "show", "2601.00002").stdout)["authors"]] == ["Author 1", "Wei Zhang"],
        message="their metadata stored",
    )


def test_a_papers_metadata_is_fetched_on_demand_and_an_error_is_said(shelf):
    driver = shelf.driver
    pid = paper_id(shelf, "2601.00001")
    # The last test imported it through IPC, not the import menu: the list shows it
    # once the app's catch-up fetch has reloaded it.
    row = wait_until(lambda: find(driver, f"[data-testid=paper-row][data-id='{pid}']"), message="the new paper in the list")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == str(pid), message="the paper open")
    button = wait_until(lambda: find(driver, "[data-testid=fetch-metadata-button]"), message="the fetch button")
    assert text(button) == "↻ Refresh from arXiv"
    asked = len(StandIn.asked)
    StandIn.broken = True
    try:
        button.click()
        error = wait_until(lambda: find(driver, "[data-testid=fetch-metadata-error]"), message="the error")
        assert text(error).startswith("Could not fetch from arXiv: arXiv's API answered HTTP 400"), text(error)
        shelf.screenshot("metadata-fetch-error")
    finally:
        StandIn.broken = False
    assert StandIn.asked[asked:] == [["2601.00001"]]
    find(driver, "[data-testid=fetch-metadata-button]").click()
    wait_until(lambda: not find_all(driver, "[data-testid=fetch-metadata-error]"), message="the error gone")
    assert [text(a) for a in find_all(driver, "[data-testid=paper-author]")] == ["Author 0", "Wei Zhang"]


def test_a_failed_fetch_is_a_quiet_notice_and_the_papers_are_asked_again_at_start(shelf):
    driver = shelf.driver
    asked = len(StandIn.asked)
    StandIn.broken = True
    try:
        result = invoke(driver, "import_paths", {"paths": [digest_file("2025-10-05", ["2601.00003"])]})
        assert result["added"] == 1, result
        notice = wait_until(
            lambda: (n := find_all(driver, "[data-testid=metadata-notice][data-kind=problem]")) and n[0],
            message="the notice",
        )
        assert text(notice).startswith("arXiv metadata not fetched: arXiv's API answered HTTP 400"), text(notice)
        assert not find_all(driver, "[role=dialog], .modal"), "never a dialog"
        shelf.screenshot("metadata-offline-notice")
        find(driver, "[data-testid=metadata-notice-dismiss]").click()
        wait_until(lambda: not find_all(driver, "[data-testid=metadata-notice]"), message="the notice closed")
    finally:
        StandIn.broken = False
    assert StandIn.asked[asked:] == [["2601.00003"]]
    assert json.loads(shelf.cli("--json", "show", "2601.00003").stdout)["authors"] == []
    # The next start asks for what is still missing, by itself.
    shelf.quit()
    driver = shelf.launch()
    wait_loaded(driver)
    wait_until(lambda: len(StandIn.asked) == asked + 2, message="the request at start")
    assert StandIn.asked[-1] == ["2601.00003"]
    wait_until(
        lambda: json.loads(shelf.cli("--json", "show", "2601.00003").stdout)["authors"] != [],
        message="its metadata stored",
    )


def test_a_newer_version_is_downloaded_while_the_cached_pdf_stays_readable(shelf):
    driver = shelf.driver
    result = invoke(driver, "import_paths", {"paths": [digest_file("2025-10-06", [LATER])]})
    assert result["added"] == 1, result
    wait_until(lambda: json.loads(shelf.cli("--json", "show", LATER).stdout)["new_version"] == 2, message="v2 known")
    pid = paper_id(shelf, LATER)
    wait_until(lambda: counts(driver).get("digest:2025-10-06") == 1, message="its digest in the sidebar")
    select_nav(driver, "digest:2025-10-06")
    wait_until(lambda: find(driver, f"[data-testid=paper-row][data-id='{pid}']"), message="its row").click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == str(pid), message="the paper open")
    assert not find_all(driver, "[data-testid=pdf-fetch-version]"), "no PDF cached yet: the download brings the latest"
    find(driver, "[data-testid=pdf-download]").click()
    wait_until(lambda: find(driver, "[data-testid=paper-pdf]").get_attribute("data-state") == "cached", message="the PDF cached")
    assert StandIn.pdfs[-1] == LATER
    # Fetched before v2 appeared (by its date): v2 is still newer, and offered.
    button = wait_until(lambda: find(driver, "[data-testid=pdf-fetch-version]"), message="Download v2")
    assert text(button) == "⤓ Download v2"
    assert find(driver, "[data-testid=pdf-read]").is_enabled()
    shelf.screenshot("metadata-download-new-version")
    button.click()
    wait_until(lambda: StandIn.pdfs[-1] == f"{LATER}v2", message="v2 asked for")
    wait_until(lambda: not find_all(driver, "[data-testid=paper-new-version]"), message="the badge gone once v2 is cached")
    assert json.loads(shelf.cli("--json", "show", LATER).stdout)["new_version"] is None
    assert find(driver, "[data-testid=paper-pdf]").get_attribute("data-state") == "cached"
