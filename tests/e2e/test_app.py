"""The daily workflow through the real app: first-run import of the sample, the CLI
importing hostile.md while the app is open, reading, a note, a restart, and no markup
from the digest ever running. The tests run in order and share one library."""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import FIXTURES, app_windows, close_window_like_a_person

SAMPLE_PAPERS = 36
HOSTILE_DATE = "2025-10-06"
SAMPLE_DATE = "2025-10-03"
NOTE = "Worth trying **2-GRPO** on our setup.\n\n- compare with 16-GRPO"


def wait_until(condition, timeout=15.0, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except (WebDriverException, StaleElementReferenceException, IndexError, KeyError, StopIteration) as e:
            last_error = e
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}" + (f" (last error: {last_error})" if last_error else ""))


def find(driver, css):
    return driver.find_element(By.CSS_SELECTOR, css)


def find_all(driver, css):
    return driver.find_elements(By.CSS_SELECTOR, css)


def counts(driver) -> dict[str, int]:
    """The sidebar: selection key -> the count shown beside it."""
    pairs = driver.execute_script(
        """
        return [...document.querySelectorAll('[data-testid=nav-item]')].map(b =>
          [b.dataset.selection, Number(b.querySelector('[data-testid=nav-count]').textContent)]);
        """
    )
    return dict(pairs)  # in the sidebar's order


def wait_loaded(driver):
    wait_until(lambda: find_all(driver, "[data-testid=app][data-loaded=true], [data-testid=welcome]"), 20, message="the library on screen")
    # A rejection nothing caught during the start (e.g. a plugin's script refused
    # by the capability) is a banner over the window.
    unexpected = find_all(driver, "#unexpected-error")
    assert not unexpected, text(unexpected[0])


def text(element) -> str:
    """The element's text content (WebDriver's visible text skips the list's
    absolutely placed rows)."""
    return element.get_attribute("textContent")


def row_titles(driver) -> list[str]:
    return [text(e) for e in find_all(driver, "[data-testid=row-title]")]


def select_nav(driver, key):
    find(driver, f"[data-testid=nav-item][data-selection='{key}']").click()
    wait_until(lambda: find(driver, "[data-testid=nav-item].is-active").get_attribute("data-selection") == key, message=f"{key} selected")


def title_is_ours(title: str) -> bool:
    """The app's own title (the open paper or list, then the app's name), never one a
    digest's markup set."""
    return "pwned" not in title and (title == "Papershelf" or title.endswith(" — Papershelf"))


def foreign_markup(driver) -> dict:
    """Elements the hostile digest would create if its markup ran or was parsed as HTML."""
    return driver.execute_script(
        """
        return {
          title: document.title,
          imgs: document.querySelectorAll('img').length,
          iframes: document.querySelectorAll('iframe').length,
          scripts: [...document.querySelectorAll('script')].map(s => s.getAttribute('src')),
          handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
        };
        """
    )


@pytest.fixture(scope="module")
def library(app):
    return app


def test_first_run_offers_the_sample_and_imports_it(library):
    driver = library.launch()
    wait_loaded(driver)
    assert driver.title == "Papershelf"
    welcome = wait_until(lambda: find(driver, "[data-testid=welcome]"), message="the first-run screen")
    assert "empty" in welcome.text
    find(driver, "[data-testid=import-sample]").click()
    dialog = wait_until(lambda: find(driver, "[data-testid=import-result]"), message="the import result")
    assert find(dialog, "[data-testid=import-added]").text.startswith(str(SAMPLE_PAPERS))
    assert find(dialog, "[data-testid=import-unchanged]").text.startswith("0")
    library.screenshot("01-imported-sample")
    dialog.find_element(By.CSS_SELECTOR, ".modal-actions button").click()
    wait_until(lambda: not find_all(driver, "[data-testid=import-result]"), message="the dialog to close")
    wait_until(lambda: counts(driver).get(f"digest:{SAMPLE_DATE}") == SAMPLE_PAPERS, message="the digest in the sidebar")
    shown = counts(driver)
    assert shown["all"] == SAMPLE_PAPERS
    assert shown["unread"] == SAMPLE_PAPERS
    assert shown["starred"] == 0
    assert int(find(driver, "[data-testid=paper-list]").get_attribute("data-count")) == SAMPLE_PAPERS


def test_cli_import_of_hostile_md_appears_without_restart(library):
    driver = library.driver
    before = counts(driver)["all"]
    out = library.cli("import", str(FIXTURES / "hostile.md"))
    assert out.returncode == 0
    wait_until(lambda: f"digest:{HOSTILE_DATE}" in counts(driver), timeout=10, message="hostile.md to appear")
    shown = counts(driver)
    # Six entries; the first is a paper the sample already has (2510.01174).
    assert shown["all"] - before == 5
    assert shown[f"digest:{HOSTILE_DATE}"] == 6
    # Newest digest first.
    keys = [k for k in shown if k.startswith("digest:")]
    assert keys == [f"digest:{HOSTILE_DATE}", f"digest:{SAMPLE_DATE}"]


def test_hostile_markup_is_shown_as_text_and_never_runs(library):
    driver = library.driver
    select_nav(driver, f"digest:{HOSTILE_DATE}")
    wait_until(lambda: len(row_titles(driver)) == 6, message="the hostile digest's rows")
    titles = row_titles(driver)
    assert "A javascript: link" in titles, titles
    # 2510.01174 keeps the title it was first imported with; hostile.md's own title and
    # summary for it are shown in its entry.
    row = next(r for r in find_all(driver, "[data-testid=paper-row]") if "Code2Video" in text(r))
    row.click()
    entry = wait_until(lambda: next(e for e in find_all(driver, ".entry-title") if "<img" in e.text), message="the entry's own title")
    assert entry.text.startswith("<img src=x onerror=\"document.title='pwned'\"> A title that carries markup")
    pane = text(find(driver, "[data-testid=paper-pane]"))
    assert "This summary carries a script tag" in pane
    # The summary's bold `<script>` became a keyword: a chip whose text is the markup.
    chips = [text(c) for c in find_all(driver, ".paper-keywords .chip")]
    assert "<script>document.title='pwned'</script>" in chips, chips
    assert HOSTILE_DATE in [e.text for e in find_all(driver, "[data-testid=appeared-in]")]
    library.screenshot("02-hostile-as-text")
    # A dangerous link is refused with a message, not followed.
    select_nav(driver, f"digest:{HOSTILE_DATE}")
    js_row = wait_until(
        lambda: next(r for r in find_all(driver, "[data-testid=paper-row]") if "javascript: link" in text(r)),
        message="the javascript: entry",
    )
    js_row.click()
    link = wait_until(lambda: find(driver, "[data-testid=paper-raw-link]"), message="its raw link")
    assert link.get_attribute("href") is None
    link.click()
    toast = wait_until(lambda: find(driver, "[data-testid=toast]"), message="the refusal")
    assert "https" in toast.text
    state = foreign_markup(driver)
    assert title_is_ours(state["title"]), state["title"]
    assert state["imgs"] == 0 and state["iframes"] == 0 and state["handlers"] == 0
    assert len(state["scripts"]) == 1 and state["scripts"][0].startswith("./assets/"), state["scripts"]


def test_read_a_paper_and_write_a_note(library):
    driver = library.driver
    select_nav(driver, f"digest:{SAMPLE_DATE}")
    wait_until(lambda: len(find_all(driver, "[data-testid=paper-row]")) > 5, message="the sample's rows")
    unread_before = counts(driver)["unread"]
    target = next(r for r in find_all(driver, "[data-testid=paper-row]") if "It Takes Two" in text(r))
    paper_id = target.get_attribute("data-id")
    target.click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == paper_id, message="the paper")
    assert find(driver, "[data-testid=paper-arxiv-id]").text.startswith("arXiv:2510.00977")
    assert find_all(driver, "[data-testid=summary-section]"), "the summary's labelled sections"
    assert SAMPLE_DATE in [e.text for e in find_all(driver, "[data-testid=appeared-in]")]
    # m marks it read (the keyboard path).
    find(driver, "body").send_keys("m")
    wait_until(lambda: find(driver, "[data-testid=paper-read-toggle]").get_attribute("aria-pressed") == "true", message="read")
    wait_until(lambda: counts(driver)["unread"] == unread_before - 1, message="the unread count to drop")
    # n opens the note editor; typing autosaves.
    find(driver, "body").send_keys("n")
    area = wait_until(lambda: find(driver, "[data-testid=note-text]"), message="the note editor")
    area.send_keys(NOTE)
    wait_until(lambda: find(driver, "[data-testid=note-state]").get_attribute("data-state") == "saved", message="the note saved")
    area.send_keys(Keys.ESCAPE)
    rendered = wait_until(lambda: find(driver, "[data-testid=note-rendered]"), message="the note preview")
    assert rendered.find_element(By.TAG_NAME, "strong").text == "2-GRPO"
    library.screenshot("03-read-and-note")
    library.read_paper_id = paper_id
    library.unread_after = counts(driver)["unread"]


def test_read_mark_and_note_survive_a_restart(library):
    library.quit()
    driver = library.launch()
    wait_loaded(driver)
    # The last selection and paper come back.
    wait_until(lambda: find(driver, "[data-testid=nav-item].is-active").get_attribute("data-selection") == f"digest:{SAMPLE_DATE}", message="the last digest")
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == library.read_paper_id, message="the last paper")
    assert counts(driver)["unread"] == library.unread_after
    assert find(driver, "[data-testid=paper-read-toggle]").get_attribute("aria-pressed") == "true"
    rendered = wait_until(lambda: find(driver, "[data-testid=note-rendered]"), message="the kept note")
    assert "2-GRPO" in rendered.text and "compare with 16-GRPO" in rendered.text
    row = next(r for r in find_all(driver, "[data-testid=paper-row]") if r.get_attribute("data-id") == library.read_paper_id)
    assert row.get_attribute("data-read") == "true"
    # And the CLI sees the same library.
    shown = library.cli("note", "2510.00977").stdout
    assert "2-GRPO" in shown
    library.screenshot("04-after-restart")
    assert title_is_ours(driver.title), driver.title


def test_closing_the_window_right_after_typing_keeps_the_text(library):
    driver = library.driver
    select_nav(driver, f"digest:{SAMPLE_DATE}")
    row = wait_until(lambda: next(r for r in find_all(driver, "[data-testid=paper-row]") if "GEM: A Gym" in text(r)), message="GEM")
    row.click()
    wait_until(lambda: "GEM" in text(find(driver, "[data-testid=paper-title]")), message="GEM open")
    find(driver, "body").send_keys("n")
    area = wait_until(lambda: find(driver, "[data-testid=note-text]"), message="the note editor")
    area.send_keys("typed just before closing")
    # No wait for the autosave: the window's close button right away.
    assert close_window_like_a_person() >= 1
    wait_until(lambda: app_windows() == 0, timeout=10, message="the window to close")
    library.quit()
    assert "typed just before closing" in library.cli("note", "2510.01051").stdout
    driver = library.launch()
    wait_loaded(driver)


def test_mark_digest_read_and_undo(library):
    driver = library.driver
    select_nav(driver, f"digest:{SAMPLE_DATE}")
    unread = counts(driver)[f"digest:{SAMPLE_DATE}"]
    assert unread > 0
    find(driver, "[data-testid=mark-digest-read]").click()
    wait_until(lambda: counts(driver)[f"digest:{SAMPLE_DATE}"] == 0, message="the digest read")
    wait_until(lambda: find(driver, "[data-testid=toast-action]"), message="the undo button").click()
    wait_until(lambda: counts(driver)[f"digest:{SAMPLE_DATE}"] == unread, message="undo")


def test_keyboard_navigation_and_keyword_filter(library):
    driver = library.driver
    body = find(driver, "body")
    body.send_keys("g", "a")
    wait_until(lambda: find(driver, "[data-testid=nav-item].is-active").get_attribute("data-selection") == "all", message="g a")
    body.send_keys("g", "u")
    wait_until(lambda: find(driver, "[data-testid=nav-item].is-active").get_attribute("data-selection") == "unread", message="g u")
    body.send_keys("j")
    wait_until(lambda: find_all(driver, "[data-testid=paper-row].is-current"), message="a cursor")
    body.send_keys("o")
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id"), message="the paper opened")
    body.send_keys("?")
    wait_until(lambda: find(driver, "[data-testid=shortcuts]"), message="the shortcuts")
    body.send_keys(Keys.ESCAPE)
    wait_until(lambda: not find_all(driver, "[data-testid=shortcuts]"), message="shortcuts closed")
    select_nav(driver, "all")
    chip = next(c for c in find_all(driver, "[data-testid=keyword-chip]") if text(c) == "强化学习")
    chip.click()
    wait_until(lambda: find(driver, "[data-testid=keyword-filter]"), message="the keyword filter")
    n = int(find(driver, "[data-testid=paper-list]").get_attribute("data-count"))
    assert 0 < n < counts(driver)["all"]
    # Search and filters combine; DeepSearch is not among the keyword's papers, so clear it.
    find(driver, "[data-testid=keyword-filter]").click()
    wait_until(lambda: not find_all(driver, "[data-testid=keyword-filter]"), message="the keyword filter cleared")
    body.send_keys("/")
    search = find(driver, "[data-testid=search]")
    wait_until(lambda: driver.switch_to.active_element == search, message="search focused")
    search.send_keys("DeepSearch", Keys.ENTER)
    wait_until(lambda: find(driver, "[data-testid=list-title]").text.startswith("Search"), message="search results")
    assert any("DeepSearch" in t for t in row_titles(driver))


def test_settings_switch_language_and_mark_read_on_open(library):
    driver = library.driver
    find(driver, "[data-testid=settings-button]").click()
    dialog = wait_until(lambda: find(driver, "[data-testid=settings]"), message="settings")
    # Off by default.
    assert not find(dialog, "[data-testid=settings-mark-read]").is_selected()
    driver.execute_script(
        "const s = arguments[0]; s.value = 'zh-CN'; s.dispatchEvent(new Event('change', {bubbles: true}));",
        find(dialog, "[data-testid=settings-language]"),
    )
    find(dialog, "[data-testid=settings-mark-read]").click()
    find(dialog, "[data-testid=settings-save]").click()
    wait_until(lambda: not find_all(driver, "[data-testid=settings]"), message="settings saved")
    wait_until(lambda: text(find(driver, "[data-testid=nav-item][data-selection=unread] .nav-label")) == "未读", message="Chinese labels")
    assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
    # Opening an unread paper now marks it read.
    select_nav(driver, "unread")
    wait_until(lambda: text(find(driver, "[data-testid=list-title]")) == "未读", message="the Unread list")
    assert find(driver, "[data-testid=search]").get_attribute("value") == ""
    unread = counts(driver)["unread"]
    find_all(driver, "[data-testid=paper-row]")[0].click()
    wait_until(lambda: counts(driver)["unread"] == unread - 1, message="opened paper marked read")
    assert text(find(driver, "[data-testid=list-title]")) == "未读"
    library.screenshot("05-zh-CN")
    assert title_is_ours(driver.title), driver.title
