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
- scrolling the whole library's list (All) for 3 s at a steady 3,300 px/s, its pages
  loading as it goes, with the gaps between animation frames recorded (a stall is a
  gap over 50 ms), then the app's memory (its and WebKit's processes' RSS and PSS);
- searching (in the whole library: All is selected first): a query typed into the search box a character every 60 ms (input
  events, as typing makes), from the last keystroke to its highlighted results
  painted. This includes the 150 ms the box waits for typing to pause. Each
  starts from the plain list on screen. The `find_papers` command alone (a page
  of 50, invoked from the page) is timed beside it.
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
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
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

SEARCH = (
    """
const [query, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  const box = document.querySelector('[data-testid=search]');
  const title = () => document.querySelector('[data-testid=list-title]');
  const pane = document.querySelector('.list-pane');
  // The plain list is back on screen (data-query is the query whose results are shown).
  const plain = async () => {
    while (title().textContent.startsWith('Search') || pane.dataset.query !== '') {
      await new Promise(r => setTimeout(r, 5));
    }
  };
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  box.focus();
  // Start from the plain list, as a reader who has not searched yet.
  setter.call(box, '');
  box.dispatchEvent(new Event('input', {bubbles: true}));
  await plain();
  const chars = [...query];
  let t0 = 0;
  for (let i = 1; i <= chars.length; i++) {
    setter.call(box, chars.slice(0, i).join(''));
    box.dispatchEvent(new Event('input', {bubbles: true}));
    t0 = performance.now();
    if (i < chars.length) await new Promise(r => setTimeout(r, 60));
  }
  // The list shows this query's results (not a prefix's), with its matches marked.
  while (!(pane.dataset.query === query.trim() &&
           document.querySelector('[data-testid=paper-row] mark, [data-testid=list-empty], [data-testid=list-error]'))) {
    await new Promise(r => setTimeout(r, 0));
  }
  """
    + PAINTED
    + """
  const ms = performance.now() - t0;
  const total = document.querySelector('[data-testid=list-count]').textContent;
  // Leave the plain list again, so the next launch does not restore a search.
  setter.call(box, '');
  box.dispatchEvent(new Event('input', {bubbles: true}));
  await plain();
  done({ms, total});
})();
"""
)

# The shell's part alone: the command the search box sends, invoked from the page.
FIND = """
const [query, limit, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const filter = {read: null, starred: null, has_pdf: null, has_note: null, since: null, until: null, keyword: null, tags: []};
const scope = {kind: 'all'};
const t0 = performance.now();
window.__TAURI_INTERNALS__.invoke('find_papers', {query: {scope, filter, text: query, order: null, offset: 0, limit}})
  .then(page => done({ms: performance.now() - t0, total: page.total}));
"""

# Selects All (if it is not already) and waits for its whole list.
SHOW_ALL = """
const done = arguments[arguments.length - 1];
(async () => {
  const button = document.querySelector('[data-testid=nav-item][data-selection=all]');
  const total = button.querySelector('[data-testid=nav-count]').textContent;
  button.click();
  const list = () => document.querySelector('[data-testid=paper-list]');
  // The list comes a page at a time: shown once its count says the whole library.
  const count = () => document.querySelector('[data-testid=list-count]');
  while (!(button.classList.contains('is-active') && list() && list().querySelector('[data-testid=paper-row]') && count() && count().dataset.total === total)) {
    await new Promise(r => setTimeout(r, 5));
  }
  done();
})();
"""

SEARCH_QUERIES = ["奖励", "quant", "强化学习", "reward", "RLVR 奖励 reasoning", "蒙特卡洛树搜索"]

SCROLL = """
const done = arguments[arguments.length - 1];
const list = document.querySelector('[data-testid=paper-list]');
const gaps = [];
let last = null;
const start = performance.now();
// About 3,300 px/s (a quarter of a 10,000-row list in 3 s): a fast, steady flick. The list
// comes a page at a time, so pages arrive while it scrolls.
const speed = 3.3;
function frame(now) {
  if (last !== null) gaps.push(now - last);
  last = now;
  list.scrollTop = (now - start) * speed;
  if (now - start < 3000) requestAnimationFrame(frame);
  else done({gaps, rendered: list.querySelectorAll('[data-testid=paper-row]').length,
             loaded: Number(list.dataset.count), scrolled: list.scrollTop, height: list.scrollHeight});
}
requestAnimationFrame(frame);
"""


def app_memory_mb() -> dict:
    """Memory of the app and its WebKit processes (not WebKitWebDriver), in MB: RSS
    (shared libraries counted in each process) and PSS (shared pages split among the
    processes that map them: what the app costs the machine), per process and in all."""
    procs = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            name = fields.get("Name", "").strip()
            if not (name.startswith("papershelf-app") or (name.startswith("WebKit") and name != "WebKitWebDriver")):
                continue
            rollup = dict(line.split(":", 1) for line in (status.parent / "smaps_rollup").read_text().splitlines()[1:])
        except OSError:
            continue
        kb = lambda v: int(v.split()[0])  # noqa: E731
        procs[f"{name} {status.parent.name}"] = {"rss_mb": round(kb(rollup["Rss"]) / 1024, 1), "pss_mb": round(kb(rollup["Pss"]) / 1024, 1)}
    return {
        "rss_mb": round(sum(p["rss_mb"] for p in procs.values()), 1),
        "pss_mb": round(sum(p["pss_mb"] for p in procs.values()), 1),
        "processes": procs,
    }


def rows_shown(driver) -> bool:
    try:
        return bool(driver.find_elements(By.CSS_SELECTOR, "[data-testid=app][data-loaded=true] [data-testid=paper-row]"))
    except StaleElementReferenceException:
        # WebKitWebDriver may meet a row the app is just replacing.
        return False


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "max_ms": round(max(values), 1),
    }


def make_library(home: Path, papers: int, profile: str) -> None:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    synth = target / profile / "examples" / "synth_library"
    subprocess.run([str(synth), str(home), str(papers)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", default="release", help="cargo profile of the binaries (release or debug)")
    parser.add_argument("--library", type=Path, help="reuse this library (made by synth_library) instead of making one")
    parser.add_argument("--search-only", action="store_true", help="time only searching (skip switch, open, scroll)")
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
    if args.library:
        env["PAPERSHELF_HOME"] = str(args.library.resolve())
    else:
        t = time.perf_counter()
        make_library(workdir / "library", args.papers, args.profile)
        print(f"library made in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    os.environ.setdefault("PAPERSHELF_APP", str(app_binary(args.profile)))
    session = AppSession(env, workdir)
    results: dict[str, list[float]] = {"launch_wall": [], "launch_page": [], "switch": [], "open": []}
    searches: dict[str, list[float]] = {q: [] for q in SEARCH_QUERIES}
    finds: dict[str, list[float]] = {q: [] for q in SEARCH_QUERIES}
    totals: dict[str, str] = {}
    scroll = None
    try:
        for run in range(args.runs):
            t0 = time.perf_counter()
            driver = session.launch()
            driver.set_script_timeout(120)
            while not rows_shown(driver):
                time.sleep(0.005)
            results["launch_wall"].append((time.perf_counter() - t0) * 1000)
            results["launch_page"].append(
                driver.execute_script("return performance.now()")
            )
            digests = driver.execute_script(
                "return [...document.querySelectorAll('[data-testid=nav-item]')].map(b => b.dataset.selection)"
                ".filter(k => k.startsWith('digest:'))"
            )
            # The app reopens at the last selection (a digest, after the first launch)
            # and a search stays inside it: search the whole library.
            driver.execute_async_script(SHOW_ALL)
            for q in SEARCH_QUERIES:
                for _ in range(3):
                    r = driver.execute_async_script(SEARCH, q)
                    searches[q].append(r["ms"])
                    totals[q] = r["total"]
                    finds[q].append(driver.execute_async_script(FIND, q, 50)["ms"])
            if run == 0:
                session.screenshot("bench-search")
            if args.search_only:
                session.quit()
                continue
            for i in range(10):
                results["switch"].append(driver.execute_async_script(SWITCH, digests[(i * 7 + run) % len(digests)]))
                results["open"].append(driver.execute_async_script(OPEN, i * 3 + run))
            if run == 0:
                # The whole library in one list.
                driver.execute_async_script(SWITCH, "all")
                count = int(driver.find_element(By.CSS_SELECTOR, "[data-testid=paper-list]").get_attribute("data-count"))
                scroll = driver.execute_async_script(SCROLL)
                scroll["count"] = count
                scroll["memory"] = app_memory_mb()
                session.screenshot("bench-scrolled")
            session.quit()
    finally:
        session.close()
        shutil.rmtree(workdir, ignore_errors=True)
    load = os.getloadavg()

    report = {name: summary(v) for name, v in results.items() if v}
    report["search_typed_to_drawn"] = summary([ms for v in searches.values() for ms in v]) | {
        "by_query": {
            q: {"median_ms": round(statistics.median(v), 1), "max_ms": round(max(v), 1), "results": totals[q]}
            for q, v in searches.items()
        },
    }
    if scroll:
        gaps = scroll["gaps"]
        report["scroll"] = {
            "rows_in_list": scroll["count"],
            "app_memory_after_scroll": scroll["memory"],
            "rows_loaded_after": scroll["loaded"],
            "scrolled_px": scroll["scrolled"],
            "rows_in_dom": scroll["rendered"],
            "frames": len(gaps),
            "median_frame_ms": round(statistics.median(gaps), 1),
            "p95_frame_ms": round(percentile(gaps, 95), 1),
            "max_frame_ms": round(max(gaps), 1),
            "frames_over_50ms": sum(1 for g in gaps if g > 50),
        }
    report["find_papers_command_page_of_50"] = summary([ms for v in finds.values() for ms in v]) | {
        "by_query_median_ms": {q: round(statistics.median(v), 1) for q, v in finds.items()},
    }
    report["load_average_after"] = [round(x, 2) for x in load]
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
