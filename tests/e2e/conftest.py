"""End-to-end harness: the real app, driven through tauri-driver and WebKitWebDriver.

Each test run gets its own library (PAPERSHELF_HOME) and its own XDG folders, so the
app's settings, window state and web storage start empty. Every launch of the app in
one run shares them, which is what lets a test quit, relaunch and find its work kept.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
FIXTURES = ROOT / "tests" / "fixtures" / "digests"
# No WebDriver command of these tests takes this long unless something hangs.
COMMAND_TIMEOUT = 120


def _target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def app_binary(profile: str = "debug") -> Path:
    path = Path(os.environ.get("PAPERSHELF_APP", _target_dir() / profile / "papershelf-app"))
    if not path.exists():
        pytest.exit(f"the app is not built: {path} (scripts/test-ui.sh builds it)", returncode=2)
    return path


def cli_binary() -> Path:
    path = Path(os.environ.get("PAPERSHELF_CLI", _target_dir() / "debug" / "papershelf"))
    if not path.exists():
        pytest.exit(f"the CLI is not built: {path}", returncode=2)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"tauri-driver exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"tauri-driver did not listen on {port}")


APP_NAME = "Papershelf"


def window_name(d, window) -> str | None:
    """A top-level window's title as the window manager shows it: _NET_WM_NAME
    (UTF-8, what GTK sets), else WM_NAME."""
    prop = window.get_full_property(d.intern_atom("_NET_WM_NAME"), d.intern_atom("UTF8_STRING"))
    if prop is not None:
        value = prop.value
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return window.get_wm_name()


def is_app_window(name: str | None, title: str) -> bool:
    """The app's window: titled `title`; the app's name also matches the title the
    window has while a paper or list is shown ("<paper> — Papershelf")."""
    if name is None:
        return False
    return name == title or (title == APP_NAME and name.endswith(f" — {APP_NAME}"))


def close_window_like_a_person(title: str = APP_NAME) -> int:
    """Asks the app's top-level windows to close as a window manager's close button
    does (WM_DELETE_WINDOW); returns how many were asked."""
    from Xlib import X, display
    from Xlib.protocol import event

    d = display.Display()
    delete = d.intern_atom("WM_DELETE_WINDOW")
    protocols = d.intern_atom("WM_PROTOCOLS")
    asked = 0
    stack = [d.screen().root]
    while stack:
        window = stack.pop()
        try:
            stack.extend(window.query_tree().children)
            name = window_name(d, window)
            wm_protocols = window.get_wm_protocols() or []
        except Exception:  # a window that went away meanwhile
            continue
        if is_app_window(name, title) and delete in wm_protocols:
            window.send_event(
                event.ClientMessage(window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0])),
                event_mask=X.NoEventMask,
            )
            asked += 1
    d.flush()
    d.close()
    return asked


def screen_png() -> bytes:
    """The X screen as a PNG: what a person would see.

    Not WebDriver's screenshot: with WebKit's compositing off (as the app runs),
    WebKitWebDriver can wait for ever for a frame from a page that has nothing left
    to draw (seen on the offline PDF reader), and every later command then waits too.
    """
    from Xlib import X, display

    d = display.Display()
    try:
        root = d.screen().root
        geometry = root.get_geometry()
        width, height = geometry.width, geometry.height
        raw = root.get_image(0, 0, width, height, X.ZPixmap, 0xFFFFFFFF).data
    finally:
        d.close()
    if len(raw) != width * height * 4:
        raise RuntimeError(f"unexpected X image: {len(raw)} bytes for {width}x{height}")
    rgb = bytearray(width * height * 3)
    rgb[0::3], rgb[1::3], rgb[2::3] = raw[2::4], raw[1::4], raw[0::4]  # BGRX -> RGB
    stride = width * 3
    rows = b"".join(b"\x00" + bytes(rgb[y * stride : (y + 1) * stride]) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")


class OtherWindow:
    """A window of another program, holding the keyboard focus, so a test can see
    the app take the focus back."""

    def __init__(self) -> None:
        from Xlib import X, display

        self.d = display.Display()
        root = self.d.screen().root
        self.window = root.create_window(0, 0, 200, 100, 0, self.d.screen().root_depth, X.InputOutput, X.CopyFromParent)
        self.window.set_wm_name("another program")
        self.window.map()
        self.d.sync()
        self.window.set_input_focus(X.RevertToParent, X.CurrentTime)
        self.d.sync()

    def has_focus(self) -> bool:
        return self.d.get_input_focus().focus == self.window

    def close(self) -> None:
        self.window.destroy()
        self.d.close()


def focused_app_window(title: str = APP_NAME) -> bool:
    """Whether the keyboard focus is in the app's top-level window (or a window
    inside it)."""
    from Xlib import display

    d = display.Display()
    try:
        window = d.get_input_focus().focus
        root = d.screen().root
        while window and not isinstance(window, int) and window != root:
            if is_app_window(window_name(d, window), title):
                return True
            window = window.query_tree().parent
        return False
    finally:
        d.close()


def app_windows(title: str = APP_NAME) -> int:
    from Xlib import display

    d = display.Display()
    found = 0
    stack = [d.screen().root]
    while stack:
        window = stack.pop()
        try:
            stack.extend(window.query_tree().children)
            if is_app_window(window_name(d, window), title):
                found += 1
        except Exception:
            continue
    d.close()
    return found


class AppSession:
    """Starts tauri-driver once; `launch()` starts the app, `quit()` ends it."""

    def __init__(self, env: dict[str, str], workdir: Path):
        self.env = env
        self.workdir = workdir
        self.log = open(workdir / "tauri-driver.log", "wb")
        self._start_driver()
        self.driver: webdriver.Remote | None = None

    def _start_driver(self) -> None:
        self.port = _free_port()
        native_port = _free_port()
        # Its own process group: a stuck WebKitWebDriver and app go with it.
        self.proc = subprocess.Popen(
            [
                os.environ.get("TAURI_DRIVER", shutil.which("tauri-driver") or "tauri-driver"),
                "--port",
                str(self.port),
                "--native-port",
                str(native_port),
            ],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # tauri-driver listens at once but starts WebKitWebDriver beside it: a session asked
        # for before that listens too is dropped (RemoteDisconnected on a busy machine).
        _wait_for_port(self.port, self.proc)
        _wait_for_port(native_port, self.proc)

    def _kill_driver(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)

    def launch(self, args: list[str] | None = None) -> webdriver.Remote:
        """Starts the app, with `args` on its command line. Now and then the app dies at start under Xvfb ("Failed to
        initialize GTK") and WebKitWebDriver then waits for it forever: a session
        request that takes over two minutes is abandoned and tried once more with a
        fresh driver, so a test fails or passes instead of hanging the run."""
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability("tauri:options", {"application": str(app_binary()), "args": list(args or [])})
        for attempt in (1, 2):
            config = ClientConfig(remote_server_addr=f"http://127.0.0.1:{self.port}", timeout=COMMAND_TIMEOUT)
            try:
                self.driver = webdriver.Remote(
                    command_executor=config.remote_server_addr, options=options, client_config=config
                )
                break
            except Exception as error:  # a timeout, or the app gone
                if attempt == 2:
                    raise
                self.log.write(f"\n[conftest] no session ({error!r}); restarting tauri-driver\n".encode())
                self._kill_driver()
                self._start_driver()
        self.driver.implicitly_wait(0)
        return self.driver

    def quit(self) -> None:
        if self.driver is not None:
            try:
                self.driver.quit()
            except WebDriverException:
                pass
            self.driver = None

    def close(self) -> None:
        self.quit()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._kill_driver()
        self.log.close()

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(cli_binary()), *args], env=self.env, capture_output=True, text=True, check=True, timeout=60
        )

    def screenshot(self, name: str) -> Path | None:
        if self.driver is None:
            return None
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        path.write_bytes(screen_png())
        return path


@pytest.fixture(scope="module")
def app(request):
    workdir = Path(tempfile.mkdtemp(prefix="papershelf-e2e-"))
    env = dict(os.environ)
    env.update(
        {
            "PAPERSHELF_HOME": str(workdir / "library"),
            "HOME": str(workdir / "home"),
            "XDG_CONFIG_HOME": str(workdir / "config"),
            "XDG_DATA_HOME": str(workdir / "data"),
            "XDG_CACHE_HOME": str(workdir / "cache"),
            # The tests read English labels.
            "LANG": "en_US.UTF-8",
            "LANGUAGE": "en",
            # arXiv's API for tests that do not ask it: a closed port on 127.0.0.1, so
            # the metadata fetch after an import (the app's and the CLI's) fails at once
            # and nothing reaches the internet. test_metadata.py starts a stand-in.
            "PAPERSHELF_ARXIV_API_BASE": "http://127.0.0.1:9",
        }
    )
    # A test module may add to the app's environment (a local arXiv, say) with an
    # `app_env(request) -> dict` function.
    extra = getattr(request.module, "app_env", None)
    if extra is not None:
        env.update(extra(request))
    for d in ("home", "config", "data", "cache"):
        (workdir / d).mkdir()
    session = AppSession(env, workdir)
    request.node.app_session = session
    yield session
    session.close()
    if os.environ.get("PAPERSHELF_E2E_KEEP") is None:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" and report.failed:
        session = getattr(item.module, "_session", None) or getattr(item.parent, "app_session", None)
        if session is not None:
            path = session.screenshot(f"FAILED-{item.name}")
            if path is not None:
                report.sections.append(("screenshot", str(path)))
                print(f"\nscreenshot of the failure: {path}")
