"""One instance: files on the app's command line are imported as a drop is, at the
first launch and when a later launch hands them to the running app; a later launch
without files only brings the window forward. No D-Bus is needed (the handover is a
Unix socket in the app's config folder), so this runs under a bare Xvfb."""

from __future__ import annotations

import subprocess
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import FIXTURES, OtherWindow, app_binary, app_windows, focused_app_window
from test_app import counts, find, find_all, wait_loaded, wait_until

SAMPLE_DATE = "2025-10-03"
SAMPLE_PAPERS = 36
HOSTILE_DATE = "2025-10-06"
# A later launch has its files taken and exits at once; this is generous.
HANDOVER_SECONDS = 10


@pytest.fixture(scope="module")
def shelf(app):
    return app


def result_dialog(driver):
    return wait_until(lambda: find(driver, "[data-testid=import-result]"), message="the import result")


def close_result(driver):
    find(driver, "[data-testid=import-result] .modal-actions button").click()
    wait_until(lambda: not find_all(driver, "[data-testid=import-result]"), message="the dialog to close")


def second_launch(shelf, *args: str, cwd=None) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run(
        [str(app_binary()), *args], env=shelf.env, cwd=cwd, capture_output=True, text=True, timeout=60
    )
    return done, time.monotonic() - started


def test_the_first_launch_imports_the_files_it_is_given(shelf):
    driver = shelf.launch(args=[str(FIXTURES / "hostile.md")])
    wait_loaded(driver)
    dialog = result_dialog(driver)
    # hostile.md has six entries, all new to an empty library.
    assert find(dialog, "[data-testid=import-added]").text.startswith("6")
    close_result(driver)
    wait_until(lambda: counts(driver).get(f"digest:{HOSTILE_DATE}") == 6, message="the digest in the sidebar")


def test_a_second_launch_with_a_digest_imports_it_into_the_first(shelf):
    driver = shelf.driver
    # A relative path, as a shell or a file manager gives it: the running app is
    # elsewhere and must get it whole.
    done, took = second_launch(shelf, f"{SAMPLE_DATE}.md", cwd=FIXTURES)
    assert done.returncode == 0, done.stderr
    assert took < HANDOVER_SECONDS, f"the second launch took {took:.1f}s to exit"
    dialog = result_dialog(driver)
    # One of the sample's papers (2510.01174) came with hostile.md already.
    assert find(dialog, "[data-testid=import-added]").text.startswith(str(SAMPLE_PAPERS - 1))
    shelf.screenshot("instance-01-handed-over")
    close_result(driver)
    wait_until(lambda: counts(driver).get(f"digest:{SAMPLE_DATE}") == SAMPLE_PAPERS, message="the sample in the sidebar")
    assert counts(driver)["all"] == SAMPLE_PAPERS + 5
    assert app_windows() == 1


def test_a_second_launch_without_files_only_brings_the_window_forward(shelf):
    driver = shelf.driver
    before = counts(driver)
    other = OtherWindow()
    try:
        assert other.has_focus() and not focused_app_window()
        done, took = second_launch(shelf)
        # The running app's window takes the keyboard focus back.
        wait_until(focused_app_window, timeout=HANDOVER_SECONDS, message="the app's window focused")
    finally:
        other.close()
    assert done.returncode == 0, done.stderr
    assert took < HANDOVER_SECONDS, f"the second launch took {took:.1f}s to exit"
    time.sleep(1)
    assert not find_all(driver, "[data-testid=import-result]")
    assert counts(driver) == before
    assert app_windows() == 1
    # The first instance still answers.
    assert driver.find_element(By.CSS_SELECTOR, "[data-testid=app]").get_attribute("data-loaded") == "true"


def test_after_the_app_quits_a_launch_starts_it_again(shelf):
    shelf.quit()
    wait_until(lambda: app_windows() == 0, timeout=15, message="the window to go")
    # Its socket is gone or stale; the next launch is the first again.
    driver = shelf.launch()
    wait_loaded(driver)
    wait_until(lambda: counts(driver).get("all") == SAMPLE_PAPERS + 5, message="the library")
    done, took = second_launch(shelf)
    assert done.returncode == 0, done.stderr
    assert took < HANDOVER_SECONDS
    assert app_windows() == 1
