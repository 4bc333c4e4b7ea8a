"""Sources in the app (issue 12): with the app open, a digest copied into a watched
folder appears in the sidebar and in New within 3 s with no click; New's badge
clears once seen; Settings → Sources shows the folder with its last result; a URL
template is tested and added there, and its day's file (from a local http.server on
127.0.0.1) arrives by itself. The tests run in order and share one library."""

from __future__ import annotations

import datetime
import functools
import http.server
import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from test_app import counts, find, find_all, row_titles, select_nav, text, wait_loaded, wait_until

SAMPLE_DATE = "2025-10-03"
DROPPED_DATE = "2025-10-04"
PUBLISHER_LOG: list[list[str]] = []


def digest(date: str, first: int, n: int) -> str:
    lines = [f"# Papers for {date}", ""]
    for i in range(n):
        paper = f"2510.{first + i:05d}"
        lines += [f"## {i + 1}.[Paper {paper} of {date}](https://arxiv.org/abs/{paper})", f"summary:**kw** A summary of {paper}.", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def shelf(app):
    return app


@pytest.fixture(scope="module")
def watched(shelf) -> Path:
    folder = shelf.workdir / "watched"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def publisher(shelf):
    """A local publisher of one file a day: today's is there, older days are 404."""
    root = shelf.workdir / "published"
    (root / "daily").mkdir(parents=True)
    today = datetime.date.today().isoformat()
    (root / "daily" / f"{today}.md").write_text(digest(today, 700, 5))
    asked: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # what was asked, for failures
            asked.append(format % args)

    handler = functools.partial(Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    PUBLISHER_LOG[:] = []
    PUBLISHER_LOG.append(asked)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/daily/{{date}}.md", today
    server.shutdown()


def open_sources(driver):
    find(driver, "[data-testid=settings-button]").click()
    section = wait_until(lambda: find(driver, "[data-testid=sources-section]"), message="Settings → Sources")
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", section)
    return section


def fill(driver, field, value: str):
    """Types into a field as a person replacing its text would (WebDriver's clear()
    sends no input event, so the UI could keep the old text)."""
    driver.execute_script(
        "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, value
    )


def close_settings(driver):
    find(driver, "[data-testid=settings] .modal-header button").click()
    wait_until(lambda: not find_all(driver, "[data-testid=settings]"), message="settings closed")


def test_a_digest_dropped_into_a_watched_folder_appears_with_no_click(shelf, watched):
    shelf.cli("import", str(FIXTURES / f"{SAMPLE_DATE}.md"))
    shelf.cli("sources", "add", str(watched))
    driver = shelf.launch()
    wait_loaded(driver)
    # Never looked at: New holds the whole library; seeing it clears the badge.
    assert list(counts(driver))[0] == "new"
    assert counts(driver)["new"] == 36
    select_nav(driver, "new")
    wait_until(lambda: counts(driver)["new"] == 0, message="New's badge cleared once seen")
    wait_until(lambda: row_titles(driver), message="New lists the library")
    # Left: New moves on, nothing is new now.
    select_nav(driver, "all")
    select_nav(driver, "new")
    wait_until(lambda: find_all(driver, "[data-testid=app][data-loaded=true]") and not row_titles(driver), message="New empty")
    select_nav(driver, "all")

    # Written under a temporary name, then renamed into place as a generator would.
    part = watched / f"{DROPPED_DATE}.md.part"
    part.write_text(digest(DROPPED_DATE, 500, 4))
    started = time.monotonic()
    part.rename(watched / f"{DROPPED_DATE}.md")
    wait_until(lambda: f"digest:{DROPPED_DATE}" in counts(driver), timeout=10, interval=0.05, message="the digest in the sidebar")
    seen_after = time.monotonic() - started
    wait_until(lambda: counts(driver)["new"] == 4, timeout=5, interval=0.05, message="New's badge")
    print(f"\nnew file in a watched folder -> in the open app's sidebar: {seen_after:.2f} s")
    (shelf.workdir / "visible-after.txt").write_text(f"{seen_after:.3f}\n")
    assert seen_after < 3.0, f"visible after {seen_after:.2f} s"
    assert counts(driver)[f"digest:{DROPPED_DATE}"] == 4
    shelf.screenshot("50-sources-new-badge")

    select_nav(driver, "new")
    wait_until(lambda: len(row_titles(driver)) == 4, message="the new papers in New")
    assert all(f"of {DROPPED_DATE}" in t for t in row_titles(driver))
    wait_until(lambda: counts(driver)["new"] == 0, message="New's badge cleared once seen")
    shelf.screenshot("51-sources-new-view")


def test_settings_sources_shows_the_folder_and_its_last_result(shelf, watched):
    driver = shelf.driver
    section = open_sources(driver)
    row = wait_until(lambda: find(section, "[data-testid=source][data-kind=folder]"), message="the folder listed")
    assert str(watched) in text(row)
    # The last sync's result: the one that imported the file, or a later one that
    # found it as it was.
    result = wait_until(lambda: text(find(row, "[data-testid=source-result]")), message="its last result")
    assert "1 imported" in result or "0 imported · 1 unchanged" in result, result
    shelf.screenshot("52-settings-sources")
    close_settings(driver)


def press(driver, element):
    """Clicks `element` once it is scrolled into the middle of the dialog:
    Settings is taller than the window, and its sticky footer covers what
    lies at the bottom."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_a_url_template_is_tested_added_and_synced_by_itself(shelf, publisher):
    template, today = publisher
    driver = shelf.driver
    section = open_sources(driver)
    field = find(section, "[data-testid=sources-template]")
    # Refused, saying why.
    fill(driver, field, template.replace("{date}", "today"))
    press(driver, find(section, "[data-testid=sources-test]"))
    error = wait_until(lambda: find(section, "[data-testid=sources-error]"), message="the template refused")
    assert "it names no day" in text(error)
    fill(driver, field, template)
    press(driver, find(section, "[data-testid=sources-test]"))
    tested = wait_until(lambda: find(section, "[data-testid=sources-tested]"), message="the test's answer")
    assert text(tested) == f"5 papers in the file of {today}: they would be imported.", PUBLISHER_LOG
    assert f"digest:{today}" not in counts(driver), "a test imports nothing"
    shelf.screenshot("53-settings-sources-tested")
    press(driver, find(section, "[data-testid=sources-add-url]"))
    row = wait_until(lambda: find(section, "[data-testid=source][data-kind=url]"), message="the URL listed")
    assert template in text(row)
    # The app's watch syncs a new subscription at once: no "Sync now" needed.
    wait_until(lambda: "1 imported" in text(find(section, "[data-testid=source][data-kind=url] [data-testid=source-result]")), timeout=15, message="the subscription synced")
    close_settings(driver)
    wait_until(lambda: counts(driver).get(f"digest:{today}") == 5, message="today's digest in the sidebar")
    # Sync now: nothing new, every source says so.
    section = open_sources(driver)
    press(driver, find(section, "[data-testid=sources-sync]"))
    url_result = "[data-testid=source][data-kind=url] [data-testid=source-result]"
    wait_until(lambda: "0 imported · 1 unchanged" in text(find(section, url_result)), message="synced again: today's file unchanged")
    wait_until(lambda: text(find(section, "[data-testid=sources-sync]")) == "Sync now", message="the sync over")
    shelf.screenshot("54-settings-sources-synced")
    close_settings(driver)
