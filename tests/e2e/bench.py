"""Speed of the release app, measured through WebDriver (see BENCHMARKS.md).

    xvfb-run -a python tests/e2e/bench.py [--papers 10000] [--runs 5]

Builds nothing: it expects the app and the `synth_library` example (which writes a
library of synthetic digests with core's generator) under $CARGO_TARGET_DIR/release
(or /debug with --profile debug). For each run it launches the app on that library and
measures, in the page (performance.now(), so WebDriver's round trips do not count):

- launch: from the process start (wall clock, includes WebKitWebDriver starting the
  app) and from the page's navigation start, to the list of papers on screen;
- switching to a digest: click in the sidebar -> the new rows painted;
- opening a paper: click on a row -> its title and summary painted;
- scrolling the full list: 10,000 rows, scrolled for 3 s at a steady speed, with the
  gaps between animation frames recorded (a stall is a gap over 50 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import ROOT, AppSession, app_binary  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

# Resolves after two animation frames: by then the DOM change has been painted.
PAINTED = "await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"

SWITCH = (
    """
const [key, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  const button = document.querySelector(`[data-testid=nav-item][data-selection='${key}']`);
  const list = () => document.querySelector('[data-testid=paper-list]');
  const before = list() && list().dataset.count + '|' + (list().querySelector('[data-testid=paper-row]') || {}).dataset?.id;
  const t0 = performance.now();
  button.click();
  while (!(button.classList.contains('is-active') && list() &&
           (list().dataset.count + '|' + (list().querySelector('[data-testid=paper-row]') || {}).dataset?.id) !== before)) {
    await new Promise(r => setTimeout(r, 0));
  }
  """
    + PAINTED
    + """
  done(performance.now() - t0);
})();
"""
)

OPEN = (
    """
const [index, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  const rows = document.querySelectorAll('[data-testid=paper-row]');
  const row = rows[index % rows.length];
  const id = row.dataset.id;
  const t0 = performance.now();
  row.click();
  const pane = () => document.querySelector('[data-testid=paper-pane]');
  while (!(pane() && pane().dataset.id === id && pane().querySelector('[data-testid=summary]'))) {
    await new Promise(r => setTimeout(r, 0));
  }
  """
    + PAINTED
    + """
  done(performance.now() - t0);
})();
"""
)

SCROLL = """
const done = arguments[arguments.length - 1];
const list = document.querySelector('[data-testid=paper-list]');
const gaps = [];
let last = null;
const start = performance.now();
const speed = list.scrollHeight / 3000 / 4; // a quarter of the list in 3 s: about 3,300 px/s
function frame(now) {
  if (last !== null) gaps.push(now - last);
  last = now;
  list.scrollTop = (now - start) * speed;
  if (now - start < 3000) requestAnimationFrame(frame);
  else done({gaps, rendered: list.querySelectorAll('[data-testid=paper-row]').length,
             scrolled: list.scrollTop, height: list.scrollHeight});
}
requestAnimationFrame(frame);
"""


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def make_library(home: Path, papers: int, profile: str) -> None:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    synth = target / profile / "examples" / "synth_library"
    subprocess.run([str(synth), str(home), str(papers)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", default="release", help="cargo profile of the binaries (release or debug)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="papershelf-bench-"))
    env = dict(os.environ)
    env.update(
        {
            "PAPERSHELF_HOME": str(workdir / "library"),
            "HOME": str(workdir / "home"),
            "XDG_CONFIG_HOME": str(workdir / "config"),
            "XDG_DATA_HOME": str(workdir / "data"),
            "XDG_CACHE_HOME": str(workdir / "cache"),
            "LANG": "en_US.UTF-8",
        }
    )
    for d in ("home", "config", "data", "cache"):
        (workdir / d).mkdir()
    t = time.perf_counter()
    make_library(workdir / "library", args.papers, args.profile)
    print(f"library made in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    os.environ.setdefault("PAPERSHELF_APP", str(app_binary(args.profile)))
    session = AppSession(env, workdir)
    results: dict[str, list[float]] = {"launch_wall": [], "launch_page": [], "switch": [], "open": []}
    scroll = None
    try:
        for run in range(args.runs):
            t0 = time.perf_counter()
            driver = session.launch()
            driver.set_script_timeout(30)
            while not driver.find_elements(By.CSS_SELECTOR, "[data-testid=app][data-loaded=true] [data-testid=paper-row]"):
                time.sleep(0.005)
            results["launch_wall"].append((time.perf_counter() - t0) * 1000)
            results["launch_page"].append(
                driver.execute_script("return performance.now()")
            )
            digests = driver.execute_script(
                "return [...document.querySelectorAll('[data-testid=nav-item]')].map(b => b.dataset.selection)"
                ".filter(k => k.startsWith('digest:'))"
            )
            for i in range(10):
                results["switch"].append(driver.execute_async_script(SWITCH, digests[(i * 7 + run) % len(digests)]))
                results["open"].append(driver.execute_async_script(OPEN, i * 3 + run))
            if run == 0:
                # The whole library in one list.
                driver.execute_async_script(SWITCH, "all")
                count = int(driver.find_element(By.CSS_SELECTOR, "[data-testid=paper-list]").get_attribute("data-count"))
                scroll = driver.execute_async_script(SCROLL)
                scroll["count"] = count
                session.screenshot("bench-scrolled")
            session.quit()
    finally:
        session.close()
        shutil.rmtree(workdir, ignore_errors=True)

    report = {
        name: {
            "n": len(v),
            "median_ms": round(statistics.median(v), 1),
            "p95_ms": round(percentile(v, 95), 1),
            "max_ms": round(max(v), 1),
        }
        for name, v in results.items()
    }
    if scroll:
        gaps = scroll["gaps"]
        report["scroll"] = {
            "rows_in_list": scroll["count"],
            "rows_in_dom": scroll["rendered"],
            "frames": len(gaps),
            "median_frame_ms": round(statistics.median(gaps), 1),
            "p95_frame_ms": round(percentile(gaps, 95), 1),
            "max_frame_ms": round(max(gaps), 1),
            "frames_over_50ms": sum(1 for g in gaps if g > 50),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
