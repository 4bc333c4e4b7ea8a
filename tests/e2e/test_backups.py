"""Backups in the app (issue 17): the automatic snapshot at start, Settings → Library
listing backups, "Back up now", a restore with its confirmation, a restore by the CLI
while the app is open, and the recovery screen on a damaged library restoring the
newest good backup. The tests run in order and share one library."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from test_app import counts, find, find_all, text, wait_loaded, wait_until

SAMPLE_DATE = "2025-10-03"
SAMPLE_PAPERS = 36


@pytest.fixture(scope="module")
def shelf(app):
    return app


def library_dir(session) -> Path:
    return Path(session.env["PAPERSHELF_HOME"])


def backup_files(session) -> list[str]:
    folder = library_dir(session) / "backups"
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("library-") and p.suffix == ".sqlite3")


def open_settings(driver):
    find(driver, "[data-testid=settings-button]").click()
    return wait_until(lambda: find(driver, "[data-testid=library-section]"), message="Settings → Library")


def close_settings(driver):
    find(driver, "[data-testid=settings] .modal-header button").click()
    wait_until(lambda: not find_all(driver, "[data-testid=settings]"), message="settings closed")


def click_in_dialog(driver, element):
    """Clicks a button of the Settings dialog's scrolled body, brought into view
    first (below the fold it is not interactable)."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def backup_rows(driver) -> list[str]:
    return [e.get_attribute("data-name") for e in find_all(driver, "[data-testid=backup]")]


def test_the_app_takes_its_daily_snapshot_at_start(shelf):
    # A library made by the CLI, whose own snapshot is then removed: the app's is
    # the only one that can appear.
    shelf.cli("import", str(FIXTURES / f"{SAMPLE_DATE}.md"))
    for name in backup_files(shelf):
        (library_dir(shelf) / "backups" / name).unlink()
    driver = shelf.launch()
    wait_loaded(driver)
    wait_until(lambda: len(backup_files(shelf)) == 1, timeout=20, message="the app's automatic snapshot")


def test_settings_library_lists_backups_and_back_up_now_adds_one(shelf):
    driver = shelf.driver
    section = open_settings(driver)
    wait_until(lambda: backup_rows(driver) == backup_files(shelf), message="the backup listed")
    first = backup_rows(driver)[0]
    row = find(section, "[data-testid=backup]")
    assert f"{SAMPLE_PAPERS} papers" in text(row)
    assert str(library_dir(shelf)) in text(find(section, ".library-dir"))
    # Names are by the second: make sure the new one has a second of its own.
    time.sleep(1.1)
    find(section, "[data-testid=backup-now]").click()
    # A new verified backup at the top. Kept are the newest of each of the last 7
    # days (and 4 weeks), so today's earlier snapshot makes way for it.
    wait_until(lambda: backup_rows(driver)[0] != first, message="the new backup listed")
    assert backup_rows(driver) == backup_files(shelf)[::-1]
    assert first not in backup_files(shelf)
    assert "Backed up: 36 papers" in text(find(driver, "[data-testid=backups-message]"))
    shelf.screenshot("20-settings-library")
    close_settings(driver)


def test_restore_asks_first_then_changes_the_library_and_the_list(shelf):
    driver = shelf.driver
    # Read and star papers after the backups: restoring one takes them back.
    shelf.cli("mark", "read", "--digest", SAMPLE_DATE)
    wait_until(lambda: counts(driver)["unread"] == 0, message="the CLI's marks in the app")
    section = open_settings(driver)
    wait_until(lambda: len(backup_rows(driver)) == 1, message="the backup listed")
    click_in_dialog(driver, find_all(section, "[data-testid=backup-restore]")[0])
    confirm = wait_until(lambda: find(driver, "[data-testid=restore-confirm]"), message="the confirmation")
    lines = [text(tr) for tr in find_all(confirm, "[data-testid=restore-changes] tr")]
    assert lines[0] == f"Read{SAMPLE_PAPERS}→0", lines
    assert f"Papers{SAMPLE_PAPERS}→{SAMPLE_PAPERS}" in lines
    shelf.screenshot("21-restore-confirmation")
    # Cancel leaves everything as it was.
    [b for b in find_all(confirm, ".modal-actions button") if b.text == "Cancel"][0].click()
    wait_until(lambda: not find_all(driver, "[data-testid=restore-confirm]"), message="the confirmation closed")
    assert counts(driver)["unread"] == 0
    click_in_dialog(driver, find_all(section, "[data-testid=backup-restore]")[0])
    wait_until(lambda: find(driver, "[data-testid=restore-confirm-button]"), message="the confirmation").click()
    wait_until(lambda: not find_all(driver, "[data-testid=restore-confirm]"), timeout=30, message="the restore")
    # The library before the restore is kept, and listed.
    wait_until(lambda: len(backup_rows(driver)) == 2, message="the kept library listed")
    assert "before a restore" in text(find_all(section, "[data-testid=backup]")[0])
    assert "Read: 36 → 0" in text(find(driver, "[data-testid=backups-message]"))
    shelf.screenshot("22-restored")
    close_settings(driver)
    wait_until(lambda: counts(driver)["unread"] == SAMPLE_PAPERS, message="the restored library on screen")


def test_a_restore_by_the_cli_reloads_the_open_app(shelf):
    driver = shelf.driver
    kept = [n for n in backup_files(shelf) if "before-restore" in n]
    assert len(kept) == 1
    shelf.cli("restore", str(library_dir(shelf) / "backups" / kept[0]))
    wait_until(lambda: counts(driver)["unread"] == 0, timeout=10, message="the app reading the restored file")
    shelf.screenshot("23-cli-restore-seen")


def launch_on_damaged(shelf, damaged: bytes, problem: str):
    """Quits the app, puts `damaged` in place of the library file (its -wal and -shm
    gone with it) and starts the app again: its recovery screen, for `problem`."""
    shelf.quit()
    for stale in ("library.sqlite3-wal", "library.sqlite3-shm"):
        (library_dir(shelf) / stale).unlink(missing_ok=True)
    (library_dir(shelf) / "library.sqlite3").write_bytes(damaged)
    driver = shelf.launch()
    screen = wait_until(lambda: find(driver, "[data-testid=recovery]"), timeout=20, message="the recovery screen")
    assert screen.get_attribute("data-problem") == problem
    return driver, screen


def restore_from_recovery(driver, screen):
    find(screen, "[data-testid=recovery-restore]").click()
    wait_loaded(driver)
    wait_until(lambda: counts(driver).get("all") == SAMPLE_PAPERS, timeout=20, message="the restored library")
    assert not find_all(driver, "[data-testid=recovery]")


def test_recovery_screen_on_a_damaged_library_restores_the_newest_good_backup(shelf):
    db = library_dir(shelf) / "library.sqlite3"
    damaged = b"this is not a database, a sync tool wrote over it\n" * 200
    driver, screen = launch_on_damaged(shelf, damaged, "not_a_library")
    assert text(find(screen, "h1")) == "The library file is not a Papershelf library"
    assert "36 papers" in text(find(screen, "[data-testid=recovery-backup]"))
    assert find(screen, "[data-testid=recovery-open]").text == "Open another folder…"
    assert find(screen, "[data-testid=recovery-quit]").text == "Quit"
    # Shown, and nothing written: no snapshot of garbage, no new library.
    assert db.read_bytes() == damaged
    shelf.screenshot("24-recovery-screen")
    before = len(backup_files(shelf))
    restore_from_recovery(driver, screen)
    # The damaged file is kept beside the backups, byte for byte.
    kept = list((library_dir(shelf) / "backups").glob("damaged-*.sqlite3"))
    assert [p.read_bytes() for p in kept] == [damaged]
    assert len(backup_files(shelf)) >= before
    shelf.screenshot("25-recovered")


def test_an_empty_library_file_is_refused_too(shelf):
    driver, screen = launch_on_damaged(shelf, b"", "empty")
    assert "0 bytes" in text(find(screen, "[data-testid=recovery-detail]"))
    assert (library_dir(shelf) / "library.sqlite3").read_bytes() == b""
    restore_from_recovery(driver, screen)


def test_a_library_from_a_newer_papershelf_is_refused_and_kept(shelf):
    # A real library whose schema says it is from a later version.
    newer = library_dir(shelf).parent / "newer.sqlite3"
    newest = backup_files(shelf)[-1]
    newer.write_bytes((library_dir(shelf) / "backups" / newest).read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    driver, screen = launch_on_damaged(shelf, newer.read_bytes(), "too_new")
    assert "newer Papershelf" in text(find(screen, "[data-testid=recovery-detail]"))
    shelf.screenshot("26-recovery-too-new")
    restore_from_recovery(driver, screen)
    shelf.quit()
