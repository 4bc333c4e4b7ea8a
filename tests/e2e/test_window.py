"""The window: its title names the open paper or the list shown, the Settings About
line shows the workspace's version, and the window's size is kept across restarts."""

from __future__ import annotations

import re
import time

import pytest

from conftest import FIXTURES, ROOT, app_windows, close_window_like_a_person
from test_app import find, find_all, select_nav, text, wait_loaded, wait_until

SAMPLE_DATE = "2025-10-03"
GEM = "GEM: A Gym for Agentic LLMs"


@pytest.fixture(scope="module")
def shelf(app):
    app.cli("import", str(FIXTURES / f"{SAMPLE_DATE}.md"))
    return app


def workspace_version() -> str:
    cargo = (ROOT / "Cargo.toml").read_text()
    return re.search(r'\[workspace\.package\][^\[]*?\nversion = "([^"]+)"', cargo).group(1)


def test_the_title_names_the_list_then_the_open_paper(shelf):
    driver = shelf.launch()
    wait_loaded(driver)
    select_nav(driver, f"digest:{SAMPLE_DATE}")
    wait_until(lambda: driver.title == f"{SAMPLE_DATE} — Papershelf", message="the digest in the title")
    row = wait_until(lambda: next(r for r in find_all(driver, "[data-testid=paper-row]") if GEM in text(r)), message="GEM")
    row.click()
    wait_until(lambda: driver.title == f"{GEM} — Papershelf", message="the paper in the title")
    # The window manager sees it too (what a task bar shows).
    wait_until(lambda: app_windows(f"{GEM} — Papershelf") == 1, message="the window's own title")
    shelf.screenshot("window-01-title")


def test_settings_about_shows_the_version_license_and_homepage(shelf):
    driver = shelf.driver
    find(driver, "[data-testid=settings-button]").click()
    about = wait_until(lambda: find(driver, "[data-testid=settings-about]"), message="the About line")
    assert text(about) == f"Papershelf {workspace_version()} · MIT license · https://github.com/papershelf/papershelf"
    driver.execute_script("arguments[0].scrollIntoView()", about)
    shelf.screenshot("window-02-about")
    find(driver, "[data-testid=settings] .modal-actions button").click()
    wait_until(lambda: not find_all(driver, "[data-testid=settings]"), message="Settings to close")


def test_the_notification_plugins_own_question_at_start_is_allowed(shelf):
    """The notification plugin's script asks is_permission_granted at every page
    load; the capability once refused it, and the refusal, caught by nothing,
    came up as an "Unexpected error" banner over the window now and then."""
    driver = shelf.driver
    answer = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke('plugin:notification|is_permission_granted').then("
        "(granted) => done({granted}), (error) => done({error: String(error)}));"
    )
    assert "error" not in answer, answer
    assert not find_all(driver, "#unexpected-error")


def test_the_window_size_is_kept_across_a_restart(shelf):
    driver = shelf.driver
    driver.set_window_size(1000, 640)
    wait_until(lambda: (driver.get_window_size()["width"], driver.get_window_size()["height"]) == (1000, 640), message="the new size")
    time.sleep(0.5)
    # Closed as a person does: the size is written when the app exits.
    assert close_window_like_a_person() >= 1
    wait_until(lambda: app_windows() == 0, timeout=15, message="the window to go")
    shelf.quit()
    driver = shelf.launch()
    wait_loaded(driver)
    size = driver.get_window_size()
    assert (size["width"], size["height"]) == (1000, 640)
