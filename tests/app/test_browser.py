"""Real-browser test: `streamlit run app.py` headless + Debian chromium via playwright.

Uploads the seed on 审阅 and sees findings, drafts and accepts one section on 起草, and saves screenshots
under test-artifacts/ (look at them: Chinese must render, nothing cut off).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.conftest import ARTIFACTS, SEED, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1600}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    ctx.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def new_draft_form(page) -> None:
    """Open the 新建草稿 expander (it starts closed once another test has made a draft)."""
    page.get_by_text("起草自评报告").first.wait_for()
    details = page.locator("details", has_text="新建草稿").first
    details.wait_for()
    wait_idle(page)
    if details.get_attribute("open") is None:
        page.get_by_text("新建草稿", exact=True).first.click()
    page.get_by_label("单位名称").first.wait_for()


def test_review_upload_shows_findings(app_url, page):
    page.goto(app_url + "/review")
    page.get_by_text("审阅自评报告").first.wait_for()
    page.locator("input[type=file]").first.set_input_files(str(SEED))
    page.get_by_text("基本支出804.03万元 ≠ 各分项之和803.28万元", exact=False).first.wait_for()
    wait_idle(page)
    page.locator("[data-testid=stMetric]", has_text="错误").first.wait_for()
    shot(page, "review_findings.png")
    page.get_by_role("tab", name="评分估计").click()
    wait_idle(page)
    shot(page, "review_score.png")


def test_draft_one_section_and_accept(app_url, page):
    page.goto(app_url + "/draft")
    page.get_by_text("起草自评报告").first.wait_for()
    page.get_by_label("单位名称").first.fill("岳阳市公共资源交易中心")
    page.get_by_role("button", name="新建").click()
    page.get_by_text("已新建草稿", exact=False).first.wait_for()
    wait_idle(page)
    budget = page.get_by_label("全年预算数（调整后）")
    budget.fill("2400")
    budget.press("Enter")
    wait_idle(page)
    wages = page.get_by_label("工资福利支出").first
    wages.fill("658.62")
    wages.press("Enter")
    wait_idle(page)
    total = page.get_by_label("基本支出合计（报告所写，可留空）")
    total.fill("700")
    total.press("Enter")
    page.get_by_text("基本支出700.00万元 ≠ 各分项之和658.62万元", exact=False).first.wait_for()
    wait_idle(page)
    shot(page, "draft_figures.png")

    page.get_by_role("tab", name="② 分节起草").click()
    page.get_by_role("button", name="起草本节").click()
    accept = page.get_by_role("button", name="采纳到草稿").first
    accept.wait_for()
    wait_idle(page)
    shot(page, "draft_suggestion.png")
    accept.click()
    page.get_by_text("已采纳第一部分，保存为第1版").first.wait_for()
    wait_idle(page)
    editor = page.get_by_label("一、基本情况（编辑后自动保存为新版本）")
    assert "基本情况" in editor.input_value()
    shot(page, "draft_accepted.png")

    # Reload: nothing accepted is lost.
    page.reload()
    page.get_by_role("tab", name="② 分节起草").click()
    editor = page.get_by_label("一、基本情况（编辑后自动保存为新版本）")
    editor.wait_for()
    assert "基本情况" in editor.input_value()


def test_knowledge_and_eval_pages_render(app_url, page):
    page.goto(app_url + "/knowledge")
    page.get_by_text("知识库").first.wait_for()
    page.get_by_label("检索知识库（政策文件、写作指南、往年报告）").fill("三公经费")
    page.keyboard.press("Enter")
    page.get_by_text("[1] 《", exact=False).first.wait_for()
    wait_idle(page)
    shot(page, "knowledge_search.png")
    page.goto(app_url + "/evals")
    page.get_by_text("评估").first.wait_for()
    wait_idle(page)
    shot(page, "evals.png")


def test_typed_text_survives_a_reload_without_leaving_the_editor(app_url, page):
    """Type in a section editor and reload without clicking elsewhere: the text was autosaved while typing."""
    page.goto(app_url + "/draft")
    new_draft_form(page)
    page.get_by_label("单位名称").first.fill("重载测试单位")
    page.get_by_role("button", name="新建").click()
    page.get_by_text("已新建草稿", exact=False).first.wait_for()
    wait_idle(page)
    page.get_by_role("tab", name="② 分节起草").click()
    editor = page.get_by_label("一、基本情况（编辑后自动保存为新版本）")
    editor.click()
    editor.press_sequentially("本单位承担公共资源交易", delay=20)
    page.wait_for_timeout(3_000)  # a pause in typing: the editor commits and keeps focus and caret
    wait_idle(page)
    page.keyboard.type("服务职能。", delay=20)  # typing goes on at the caret after the autosave rerun
    page.wait_for_timeout(3_000)  # no blur, no Ctrl+Enter before the reload
    assert page.evaluate("() => document.activeElement && document.activeElement.tagName") == "TEXTAREA"
    wait_idle(page)
    page.reload()
    page.get_by_role("tab", name="② 分节起草").click()
    editor = page.get_by_label("一、基本情况（编辑后自动保存为新版本）")
    editor.wait_for()
    assert editor.input_value() == "本单位承担公共资源交易服务职能。"


def test_view_one_switch_section_then_draft_all_keeps_one(app_url, page):
    """The issue-12 sequence in a real browser: 一 (default view) → another section → 一键起草空白章节."""
    page.goto(app_url + "/draft")
    new_draft_form(page)
    page.get_by_label("单位名称").first.fill("切换测试单位")
    page.get_by_role("button", name="新建").click()
    page.get_by_text("已新建草稿", exact=False).first.wait_for()
    wait_idle(page)
    page.get_by_role("tab", name="② 分节起草").click()
    editor = page.get_by_label("一、基本情况（编辑后自动保存为新版本）")
    editor.fill("本单位自己写的基本情况。")
    editor.press("Control+Enter")
    wait_idle(page)
    page.get_by_label("选择章节").click()
    page.get_by_role("option", name="二、一般公共预算支出情况").click()
    page.get_by_label("二、一般公共预算支出情况（编辑后自动保存为新版本）").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="一键起草空白章节").click()
    page.get_by_text("保留您已写的：一", exact=False).first.wait_for()
    wait_idle(page)
    page.reload()
    page.get_by_role("tab", name="② 分节起草").click()
    editor = page.get_by_label("一、基本情况（编辑后自动保存为新版本）")
    editor.wait_for()
    assert editor.input_value() == "本单位自己写的基本情况。"
