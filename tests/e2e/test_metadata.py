"""arXiv's metadata in the app: the sample digest imported with a stand-in arXiv API on
127.0.0.1 (PAPERSHELF_ARXIV_API_BASE), its authors, dates, categories, DOI, journal,
new-version badge and abstract in the paper view and its list row, and an author
clicked to list that author's papers."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import FIXTURES
from test_app import counts, find, find_all, text, wait_loaded, wait_until

SAMPLE = FIXTURES / "2025-10-03.md"
LOPEZ = "2509.25454"


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
    def do_GET(self):  # noqa: N802 (http.server's name)
        query = parse_qs(urlparse(self.path).query)
        ids = [i for i in ",".join(query.get("id_list", [""])).split(",") if i]
        body = feed(ids).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def shelf(app):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.env["PAPERSHELF_ARXIV_API_BASE"] = f"http://127.0.0.1:{server.server_address[1]}"
    # The CLI's import fetches the metadata by itself (metadata.auto is on).
    app.cli("import", str(SAMPLE))
    driver = app.launch()
    wait_loaded(driver)
    wait_until(lambda: counts(driver).get("all") == 36, message="the sample in the library")
    yield app
    server.shutdown()


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
