"""Search, filters and tags in the real app: a Chinese query and an English prefix with
highlights, results as you type, a filter combined with a search, a tag added in the
paper view, listed from the sidebar, renamed and removed, and the search kept while
moving between papers and across a restart. The tests run in order on one library
holding the sample digest."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.keys import Keys

from conftest import FIXTURES
from test_app import counts, find, find_all, text, wait_loaded, wait_until

SAMPLE = FIXTURES / "2025-10-03.md"


@pytest.fixture(scope="module")
def shelf(app):
    app.cli("import", str(SAMPLE))
    driver = app.launch()
    wait_loaded(driver)
    wait_until(lambda: counts(driver).get("all") == 36, message="the sample in the library")
    return app


def cli_search(shelf, *args: str) -> dict:
    return json.loads(shelf.cli("--json", "search", "--limit", "100", *args).stdout)


def rows(driver) -> list[dict]:
    """Every row in the list: id, title text, marked pieces of title and snippet."""
    return driver.execute_script(
        """
        return [...document.querySelectorAll('[data-testid=paper-row]')].map(r => ({
          id: Number(r.dataset.id),
          title: r.querySelector('[data-testid=row-title]').textContent,
          titleMarks: [...r.querySelectorAll('[data-testid=row-title] mark')].map(m => m.textContent),
          snippetMarks: [...r.querySelectorAll('[data-testid=row-snippet] mark')].map(m => m.textContent),
        })).sort((a, b) => a.id - b.id);
        """
    )


def list_count(driver) -> int:
    return int(find(driver, "[data-testid=paper-list]").get_attribute("data-count"))


def type_search(driver, query: str) -> None:
    """Focuses the box with `/` (which selects what it holds) and types the query over it;
    no Enter: results come as you type."""
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    find(driver, "body").send_keys("/")
    box = find(driver, "[data-testid=search]")
    wait_until(lambda: driver.switch_to.active_element == box, message="the search box focused by /")
    box.send_keys(query)
    # Results come for each prefix typed: a row found (and clicked) before the last
    # query's answer can move under the pointer when that answer re-orders the list.
    wait_until(
        lambda: find(driver, ".list-pane").get_attribute("data-query") == query.strip(),
        message=f"the results for {query!r}",
    )


def wait_results(driver, query: str, expected_ids: set[int]) -> list[dict]:
    wait_until(lambda: text(find(driver, "[data-testid=list-title]")) == f"Search: {query}", message=f"results for {query}")
    wait_until(lambda: {r["id"] for r in rows(driver)} == expected_ids, message=f"the papers matching {query}")
    return rows(driver)


def snap(shelf, name: str) -> None:
    """A screenshot once the page has painted what the DOM holds."""
    shelf.driver.execute_async_script(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));"
    )
    shelf.screenshot(name)


def set_select(driver, testid: str, value: str) -> None:
    driver.execute_script(
        "const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true}));",
        find(driver, f"[data-testid={testid}]"),
        value,
    )


def open_filters(driver) -> None:
    if not find_all(driver, "[data-testid=filter-bar]"):
        find(driver, "[data-testid=filter-toggle]").click()
    wait_until(lambda: find(driver, "[data-testid=filter-bar]"), message="the filter bar")


def test_chinese_two_characters_and_an_english_prefix_find_with_highlights(shelf):
    driver = shelf.driver
    expected = cli_search(shelf, "奖励")
    ids = {r["id"] for r in expected["results"]}
    assert len(ids) == expected["total"] > 3
    type_search(driver, "奖励")
    found = wait_results(driver, "奖励", ids)
    assert text(find(driver, "[data-testid=list-count]")) == f"{len(ids)} papers"
    # Every result shows where 奖励 matched: in its title or in a snippet, marked.
    for r in found:
        assert set(r["titleMarks"] + r["snippetMarks"]) == {"奖励"}, r
    deepsearch = next(r for r in found if r["title"].startswith("DeepSearch"))
    assert deepsearch["snippetMarks"], deepsearch
    snap(shelf, "search-01-chinese")

    type_search(driver, "quant")
    expected = cli_search(shelf, "quant")
    found = wait_results(driver, "quant", {r["id"] for r in expected["results"]})
    titles = [r["title"] for r in found]
    assert any(t.startswith("SINQ: Sinkhorn-Normalized Quantization") for t in titles), titles
    assert any(t.startswith("QUASAR: Quantum Assembly") for t in titles), titles
    for r in found:
        # A prefix marks the whole word it begins.
        assert all(m.lower().startswith("quant") for m in r["titleMarks"] + r["snippetMarks"]), r
        assert r["titleMarks"] or r["snippetMarks"], r
    sinq = next(r for r in found if r["title"].startswith("SINQ"))
    assert sinq["titleMarks"] == ["Quantization"]
    snap(shelf, "search-02-prefix")


def test_a_filter_combines_with_the_search(shelf):
    driver = shelf.driver
    type_search(driver, "强化学习")
    expected = {r["id"] for r in cli_search(shelf, "强化学习")["results"]}
    found = wait_results(driver, "强化学习", expected)
    assert len(found) > 2
    # Star two of the results from the list.
    starred = [found[0]["id"], found[1]["id"]]
    for paper_id in starred:
        find(driver, f"[data-testid=paper-row][data-id='{paper_id}'] [data-testid=row-star]").click()
    wait_until(lambda: counts(driver)["starred"] == 2, message="two papers starred")
    open_filters(driver)
    set_select(driver, "filter-starred", "yes")
    wait_until(lambda: {r["id"] for r in rows(driver)} == set(starred), message="search AND starred")
    assert text(find(driver, "[data-testid=list-title]")) == "Search: 强化学习"
    assert text(find(driver, "[data-testid=filter-toggle]")).startswith("Filters (1)")
    # And with a third condition that none of them meets: no note.
    set_select(driver, "filter-note", "yes")
    wait_until(lambda: find_all(driver, "[data-testid=list-empty]"), message="no paper with a note")
    set_select(driver, "filter-note", "")
    set_select(driver, "filter-starred", "no")
    wait_until(lambda: {r["id"] for r in rows(driver)} == expected - set(starred), message="search AND not starred")
    snap(shelf, "search-03-filtered")
    find(driver, "[data-testid=filter-clear]").click()
    wait_until(lambda: {r["id"] for r in rows(driver)} == expected, message="filters cleared, search kept")


def test_tags_add_list_rename_remove(shelf):
    driver = shelf.driver
    type_search(driver, "DeepSearch")
    row = wait_until(lambda: next(r for r in find_all(driver, "[data-testid=paper-row]") if "DeepSearch" in text(r)), message="DeepSearch")
    paper_id = row.get_attribute("data-id")
    row.click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == paper_id, message="the paper")
    box = find(driver, "[data-testid=tag-input]")
    box.send_keys("精读", Keys.ENTER)
    wait_until(lambda: [e.get_attribute("data-tag") for e in find_all(driver, "[data-testid=paper-tag]")] == ["精读"], message="the tag on the paper")
    assert box.get_attribute("value") == ""
    # A second paper gets it too, from another search.
    type_search(driver, "quant")
    other = wait_until(lambda: next(r for r in find_all(driver, "[data-testid=paper-row]") if text(r).startswith("SINQ")), message="SINQ")
    other_id = other.get_attribute("data-id")
    other.click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == other_id, message="SINQ open")
    find(driver, "[data-testid=tag-input]").send_keys("精读", Keys.ENTER)
    nav = wait_until(lambda: find(driver, "[data-testid=tag-nav-item][data-tag='精读']"), message="the tag in the sidebar")
    wait_until(lambda: text(find(nav, "[data-testid=tag-count]")) == "2", message="two papers tagged")
    # Keywords from digests stay apart from tags.
    assert "精读" not in [text(c) for c in find_all(driver, ".paper-keywords .chip")]
    # The sidebar lists the papers with the tag (within the search, which is kept: clear it first).
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    find(driver, "body").send_keys("/")
    find(driver, "[data-testid=search]").send_keys(Keys.ESCAPE)
    wait_until(lambda: find(driver, "[data-testid=search]").get_attribute("value") == "", message="search cleared")
    find(driver, "[data-testid=tag-nav-item][data-tag='精读']").click()
    wait_until(lambda: {r["id"] for r in rows(driver)} == {int(paper_id), int(other_id)}, message="papers by tag")
    assert find(driver, "[data-testid=filter-tag]").get_attribute("value") == "精读"
    snap(shelf, "search-04-tag")
    # Rename it in the sidebar.
    find(driver, "[data-testid=tag-nav-item][data-tag='精读'] + [data-testid=tag-rename]").click()
    rename = wait_until(lambda: find(driver, "[data-testid=tag-rename-input]"), message="the rename field")
    rename.send_keys(Keys.CONTROL, "a")
    rename.send_keys("must read", Keys.ENTER)
    wait_until(lambda: find_all(driver, "[data-testid=tag-nav-item][data-tag='must read']"), message="the renamed tag")
    assert not find_all(driver, "[data-testid=tag-nav-item][data-tag='精读']")
    wait_until(lambda: find(driver, "[data-testid=filter-tag]").get_attribute("value") == "must read", message="the filter follows")
    wait_until(lambda: {r["id"] for r in rows(driver)} == {int(paper_id), int(other_id)}, message="still both papers")
    wait_until(lambda: [e.get_attribute("data-tag") for e in find_all(driver, "[data-testid=paper-tag]")] == ["must read"], message="the paper view follows")
    assert json.loads(shelf.cli("--json", "tags").stdout) == [{"name": "must read", "papers": 2}]
    # Remove it from the open paper: the list by tag loses it.
    find(driver, "[data-testid=paper-tag-remove]").click()
    wait_until(lambda: not find_all(driver, "[data-testid=paper-tag]"), message="the tag removed")
    wait_until(lambda: {r["id"] for r in rows(driver)} == {int(paper_id)}, message="one paper left with the tag")
    wait_until(lambda: text(find(driver, "[data-testid=tag-nav-item][data-tag='must read'] [data-testid=tag-count]")) == "1", message="count 1")
    find(driver, "[data-testid=filter-clear]").click()


def test_search_is_kept_when_moving_between_papers_and_after_a_restart(shelf):
    driver = shelf.driver
    type_search(driver, "奖励")
    expected = {r["id"] for r in cli_search(shelf, "奖励")["results"]}
    wait_results(driver, "奖励", expected)
    first = find_all(driver, "[data-testid=paper-row]")[0]
    first.click()
    first_id = first.get_attribute("data-id")
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == first_id, message="first result open")
    # j moves the cursor and the reader along the results.
    find(driver, "body").send_keys("j")
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") != first_id, message="next result open")
    second_id = find(driver, "[data-testid=paper-pane]").get_attribute("data-id")
    assert int(second_id) in expected
    find(driver, "body").send_keys("k")
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == first_id, message="back with k")
    assert find(driver, "[data-testid=search]").get_attribute("value") == "奖励"
    assert text(find(driver, "[data-testid=list-title]")) == "Search: 奖励"
    assert {r["id"] for r in rows(driver)} == expected
    open_filters(driver)
    set_select(driver, "filter-read", "no")
    wait_until(lambda: text(find(driver, "[data-testid=filter-toggle]")).startswith("Filters (1)"), message="a filter set")
    # The app remembers its selection and paper across a restart; the search and filters too.
    shelf.quit()
    driver = shelf.launch()
    wait_loaded(driver)
    wait_until(lambda: find(driver, "[data-testid=search]").get_attribute("value") == "奖励", message="the search restored")
    wait_until(lambda: text(find(driver, "[data-testid=list-title]")) == "Search: 奖励", message="the results restored")
    wait_until(lambda: find(driver, "[data-testid=filter-read]").get_attribute("value") == "no", message="the filter restored")
    wait_until(lambda: {r["id"] for r in rows(driver)} == expected, message="the same papers (none read yet)")
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == first_id, message="the paper restored")
    assert all(r["titleMarks"] or r["snippetMarks"] for r in rows(driver))
    snap(shelf, "search-05-after-restart")
