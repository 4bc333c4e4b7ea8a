"""For you in the app: with too few signals a list sorted For you keeps its own
order and says why; five papers about reinforcement learning starred from the
list, the next digest sorted For you puts its reinforcement-learning papers
first, each with its reasons; Unread is sorted For you by itself; the paper view
says why and lists similar papers, which open on click; the model is saved in
the background."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURES
from test_app import counts, find, find_all, select_nav, text, wait_loaded, wait_until
from test_search import set_select, type_search

SAMPLE = FIXTURES / "2025-10-03.md"
NEXT_DATE = "2025-10-07"
# The next day's digest: two papers about reinforcement learning among others.
NEXT = [
    ("2510.90001", "Lossless Image Codecs for Satellite Photos", "图像压缩", "提出卫星照片的无损图像压缩编码，节省存储。"),
    ("2510.90002", "Reward Shaping for Agentic Reinforcement Learning", "强化学习", "我们研究大型语言模型智能体的强化学习，提出新的奖励塑形方法，在多回合环境中提升策略优化的稳定性。"),
    ("2510.90003", "A Survey of Protein Folding Datasets", "蛋白质", "综述蛋白质结构预测的数据集与评测。"),
    ("2510.90004", "Sparse Attention for Long Video", "视频", "提出长视频理解的稀疏注意力机制。"),
    ("2510.90005", "Verifiable Rewards Make Reasoning Models Explore", "强化学习", "基于可验证奖励的强化学习（RLVR）训练推理模型，研究探索与奖励设计，策略优化更稳定。"),
    ("2510.90006", "Graph Neural Networks for Traffic", "图神经网络", "使用图神经网络预测城市交通流量。"),
]
RL = {"2510.90002", "2510.90005"}


@pytest.fixture(scope="module")
def shelf(app):
    app.cli("import", str(SAMPLE))
    driver = app.launch()
    wait_loaded(driver)
    wait_until(lambda: counts(driver).get("all") == 36, message="the sample in the library")
    return app


def next_digest() -> str:
    folder = Path(tempfile.mkdtemp(prefix="papershelf-e2e-foryou-"))
    path = folder / f"{NEXT_DATE}.md"
    lines = [f"# Papers for {NEXT_DATE}", ""]
    for n, (arxiv_id, title, keyword, summary) in enumerate(NEXT, 1):
        lines += [f"## {n}.[{title}](https://arxiv.org/abs/{arxiv_id})", f"summary:**{keyword}** {summary}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return str(path)


def arxiv_ids(shelf, driver) -> list[str]:
    """The rows' arXiv ids, top to bottom."""
    ids = [int(r.get_attribute("data-id")) for r in sorted(find_all(driver, "[data-testid=paper-row]"), key=lambda r: r.location["y"])]
    by_id = {p["id"]: p["arxiv_id"] for p in json.loads(shelf.cli("--json", "list").stdout)}
    return [by_id[i] for i in ids]


def test_with_too_few_signals_for_you_keeps_the_order_and_says_why(shelf):
    driver = shelf.driver
    select_nav(driver, "digest:2025-10-03")
    listed = wait_until(lambda: (rows := find_all(driver, "[data-testid=paper-row]")) and [r.get_attribute("data-id") for r in rows], message="the digest")
    set_select(driver, "sort", "for_you")
    notice = wait_until(lambda: find(driver, "[data-testid=foryou-too-few]"), message="the notice")
    assert text(notice).startswith("Star a few papers to train For you (0 of 5"), text(notice)
    assert [r.get_attribute("data-id") for r in find_all(driver, "[data-testid=paper-row]")] == listed
    assert not find_all(driver, "[data-testid=row-why]")
    shelf.screenshot("foryou-01-too-few")
    set_select(driver, "sort", "auto")
    wait_until(lambda: not find_all(driver, "[data-testid=foryou-too-few]"), message="the notice gone")


def test_five_stars_then_the_next_digest_sorted_for_you_puts_that_topic_first(shelf):
    driver = shelf.driver
    type_search(driver, "强化学习")
    rows = wait_until(lambda: (r := find_all(driver, "[data-testid=paper-row]")) and len(r) >= 5 and r, message="RL papers")
    for row in rows[:5]:
        find(row, "[data-testid=row-star]").click()
    wait_until(lambda: counts(driver)["starred"] == 5, message="five papers starred")
    shelf.cli("import", next_digest())
    wait_until(lambda: counts(driver).get(f"digest:{NEXT_DATE}") == len(NEXT), message="the next digest in the sidebar")
    select_nav(driver, f"digest:{NEXT_DATE}")
    set_select(driver, "sort", "for_you")
    # Ranked: the papers with something in common with the starred ones say what.
    wait_until(lambda: len(find_all(driver, "[data-testid=row-why]")) >= 2, message="rows with their reasons")
    first_two = set(arxiv_ids(shelf, driver)[:2])
    assert first_two == RL, arxiv_ids(shelf, driver)
    assert not find_all(driver, "[data-testid=foryou-too-few]")
    top = sorted(find_all(driver, "[data-testid=paper-row]"), key=lambda r: r.location["y"])[0]
    assert "强化学习" in text(find(top, "[data-testid=row-why]")), text(find(top, "[data-testid=row-why]"))
    shelf.screenshot("foryou-02-next-digest")
    # The order is the app's, and the CLI agrees.
    cli = json.loads(shelf.cli("--json", "list", "--digest", NEXT_DATE, "--sort", "for-you").stdout)
    assert {p["arxiv_id"] for p in cli[:2]} == RL


def test_the_paper_view_says_why_and_lists_similar_papers_that_open(shelf):
    driver = shelf.driver
    top = sorted(find_all(driver, "[data-testid=paper-row]"), key=lambda r: r.location["y"])[0]
    top_id = top.get_attribute("data-id")
    top.click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == top_id, message="the paper open")
    why = wait_until(lambda: find(driver, "[data-testid=paper-why]"), message="why, in the paper view")
    assert text(why).startswith("✦ For you: "), text(why)
    similar = wait_until(lambda: (s := find_all(driver, "[data-testid=similar-paper]")) and s, message="similar papers")
    assert 1 <= len(similar) <= 10
    assert top_id not in [s.get_attribute("data-id") for s in similar]
    pane = find(driver, ".paper-pane")
    driver.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight", pane)
    shelf.screenshot("foryou-03-similar")
    other = similar[0].get_attribute("data-id")
    similar[0].click()
    wait_until(lambda: find(driver, "[data-testid=paper-pane]").get_attribute("data-id") == other, message="the similar paper open")


def test_unread_is_sorted_for_you_by_itself_and_the_model_is_saved(shelf):
    driver = shelf.driver
    set_select(driver, "sort", "auto")
    select_nav(driver, "unread")
    wait_until(lambda: find_all(driver, "[data-testid=row-why]"), message="Unread sorted For you")
    assert find(driver, "[data-testid=sort]").get_attribute("value") == "auto"
    library = Path(shelf.env["PAPERSHELF_HOME"])
    wait_until(lambda: (library / "foryou.model").exists(), timeout=20, message="the model saved in the background")
