"""The Export dialog: the sample imported in the app, two papers starred, and the
starred papers exported as BibTeX (read back by pybtex), CSL-JSON and Markdown notes,
each to a path typed into the dialog's path field.

The native save dialog ("Choose…") is GTK's own window, which WebDriver cannot
drive: the path field is what these tests type into, and ui/src/export's vitest
checks that a chosen path is used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pybtex.database import parse_file
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_app import SAMPLE_PAPERS, counts, find, find_all, wait_loaded, wait_until


@pytest.fixture(scope="module")
def shelf(app):
    driver = app.launch()
    wait_loaded(driver)
    find(driver, "[data-testid=import-sample]").click()
    dialog = wait_until(lambda: find(driver, "[data-testid=import-result]"), message="the import result")
    dialog.find_element(By.CSS_SELECTOR, ".modal-actions button").click()
    wait_until(lambda: counts(driver).get("all") == SAMPLE_PAPERS, message="the sample in the library")
    stars = find_all(driver, "[data-testid=row-star]")
    stars[0].click()
    wait_until(lambda: counts(driver).get("starred") == 1, message="one star")
    find_all(driver, "[data-testid=row-star]")[2].click()
    wait_until(lambda: counts(driver).get("starred") == 2, message="two stars")
    out = app.workdir / "exports"
    out.mkdir()
    app.out = out
    yield app


def starred_ids(shelf) -> set[str]:
    rows = json.loads(shelf.cli("--json", "list", "--starred").stdout)
    return {r["arxiv_id"] for r in rows}


def open_dialog(driver):
    if not find_all(driver, "[data-testid=export-dialog]"):
        find(driver, "[data-testid=export-button]").click()
    dialog = wait_until(lambda: find(driver, "[data-testid=export-dialog]"), message="the export dialog")
    if find_all(driver, "[data-testid=export-again]"):
        find(driver, "[data-testid=export-again]").click()
    wait_until(lambda: find_all(driver, "[data-testid=export-path]"), message="the export form")
    return dialog


def choose(driver, testid: str):
    find(driver, f"[data-testid={testid}] input").click()
    wait_until(lambda: find(driver, f"[data-testid={testid}] input").is_selected(), message=f"{testid} chosen")


def type_path(driver, path: Path):
    field = find(driver, "[data-testid=export-path]")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(str(path))
    wait_until(lambda: field.get_attribute("value") == str(path), message="the path typed")


def export(shelf, scope: str, fmt: str, path: Path, shot: str | None = None) -> str:
    driver = shelf.driver
    open_dialog(driver)
    choose(driver, f"export-scope-{scope}")
    choose(driver, f"export-format-{fmt}")
    wait_until(lambda: find(driver, "[data-testid=export-count]").get_attribute("data-count") == "2", message="the count of starred papers")
    type_path(driver, path)
    if shot:
        shelf.screenshot(shot)
    find(driver, "[data-testid=export-run]").click()
    wait_until(lambda: find_all(driver, "[data-testid=export-result]"), message="the export's result")
    return find(driver, "[data-testid=export-summary]").get_attribute("textContent")


def test_the_dialog_offers_the_list_and_counts_it(shelf):
    driver = shelf.driver
    # The e shortcut opens it too, on the list as shown (All, 36 papers).
    driver.find_element(By.TAG_NAME, "body").send_keys("e")
    wait_until(lambda: find_all(driver, "[data-testid=export-dialog]"), message="the dialog from the keyboard")
    assert find(driver, "[data-testid=export-scope-list] input").is_selected()
    wait_until(lambda: find(driver, "[data-testid=export-count]").get_attribute("data-count") == str(SAMPLE_PAPERS), message="the list's count")
    default = find(driver, "[data-testid=export-path]").get_attribute("value")
    assert default.endswith("/papershelf-all.bib"), default
    choose(driver, "export-scope-starred")
    wait_until(lambda: find(driver, "[data-testid=export-path]").get_attribute("value").endswith("/papershelf-starred.bib"), message="the starred default")


def test_starred_papers_export_as_bibtex_that_pybtex_reads(shelf):
    path = shelf.out / "starred.bib"
    summary = export(shelf, "starred", "bibtex", path, shot="export-dialog")
    assert summary.startswith("2 papers"), summary
    assert find(shelf.driver, "[data-testid=export-result-path]").get_attribute("textContent") == str(path)
    shelf.screenshot("export-result")
    bib = parse_file(str(path), bib_format="bibtex")
    assert {e.fields["eprint"] for e in bib.entries.values()} == starred_ids(shelf)
    assert len(bib.entries) == 2
    assert not [p.name for p in shelf.out.iterdir() if p.name.startswith(".")], "no temporary file left"


def test_starred_papers_export_as_csl_json(shelf):
    path = shelf.out / "starred.csl.json"
    export(shelf, "starred", "csl_json", path)
    items = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(items, list) and len(items) == 2
    assert {i["number"] for i in items} == starred_ids(shelf)
    assert all(i["publisher"] == "arXiv" for i in items)


def test_starred_papers_export_as_markdown_notes_and_an_edit_is_kept(shelf):
    driver = shelf.driver
    vault = shelf.out / "vault"
    export(shelf, "starred", "markdown", vault)
    notes = sorted(p.name for p in vault.iterdir())
    assert notes == sorted(f"{i}.md" for i in starred_ids(shelf))
    assert find(driver, "[data-testid=export-written]").get_attribute("textContent").startswith("2")
    edited = vault / notes[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nmy own line\n", encoding="utf-8")
    export(shelf, "starred", "markdown", vault)
    assert find(driver, "[data-testid=export-kept]").get_attribute("textContent").startswith("1")
    assert find(driver, "[data-testid=export-unchanged]").get_attribute("textContent").startswith("1")
    shelf.screenshot("export-markdown-kept")
    assert edited.read_text(encoding="utf-8").endswith("my own line\n")
    find(driver, "[data-testid=export-overwrite]").click()
    wait_until(lambda: not find_all(driver, "[data-testid=export-overwrite]"), message="the kept note overwritten")
    assert not edited.read_text(encoding="utf-8").endswith("my own line\n")


def test_an_unwritable_place_is_refused_with_what_to_do(shelf):
    driver = shelf.driver
    open_dialog(driver)
    choose(driver, "export-format-bibtex")
    type_path(driver, shelf.out / "no such folder" / "x.bib")
    find(driver, "[data-testid=export-run]").click()
    error = wait_until(lambda: find(driver, "[data-testid=export-error]"), message="the error")
    assert "does not exist" in error.get_attribute("textContent")
    shelf.screenshot("export-error")
    assert not (shelf.out / "no such folder").exists()
    find(driver, "[data-testid=export-dialog] .modal-header button").click()
    wait_until(lambda: not find_all(driver, "[data-testid=export-dialog]"), message="the dialog closed")
