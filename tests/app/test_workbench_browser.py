"""Real-browser tests of the 审阅 workbench, the batch overview and the all-Chinese default flow.

Same setup as test_browser.py (`streamlit run app.py` + Debian chromium). Screenshots of every page at
1400 px go to test-artifacts/workbench/.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from assistant.export.report_docx import build_report_document
from assistant.report import parse_bytes
from tests.app.conftest import ARTIFACTS, SEED, wait_idle

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "workbench"
WIDTH = 1400

# Latin text allowed on screen: file names, size units, the product names of the export formats.
ALLOWED = re.compile(r"[\w\-（）()]*\.(?:txt|docx|xlsx|pdf|zip|md|json)|\b(?:KB|MB|GB|Word|Excel|JSON|Markdown)\b")
VISIBLE_TEXT_JS = """() => {
  const out = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (w.nextNode()) {
    const n = w.currentNode, el = n.parentElement;
    if (!el || el.closest('[data-testid=stIconMaterial], [translate=no], script, style, noscript')) continue;
    if (getComputedStyle(el).fontFamily.includes('Material')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const t = n.textContent.trim();
    if (t) out.push(t);
  }
  return out;
}"""


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": WIDTH, "height": 1000}, locale="zh-CN", accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    ctx.close()


def _settled(page, name: str) -> None:
    """Wait for widgets whose code is still loading (grey skeletons) to appear."""
    try:
        page.wait_for_function("() => !document.querySelector('[data-testid^=stSkeleton]')", timeout=30_000)
    except PlaywrightTimeout:
        print(f"{name}: some elements were still loading after 30 s")


def shot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main section, so the viewport is stretched to the
    content's height for the shot (charts and late elements get a moment to paint), then restored."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    wait_idle(page)
    _settled(page, name)
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
                           "[data-testid=stAppViewContainer]')].map(e => e.scrollHeight), 1000)")
    page.set_viewport_size({"width": WIDTH, "height": min(height, 8000)})
    page.wait_for_timeout(800)
    _settled(page, name)
    page.screenshot(path=str(SHOTS / name), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": 1000})


# Latin words of the reviewed document itself (quoted in findings and shown in the document panel).
DOCUMENT_WORDS = set(re.findall(r"[A-Za-z]{2,}", SEED.read_text(encoding="utf-8")))


def english_words(page) -> list[str]:
    """Latin words in the visible text, minus allowed ones, the document's own and the rule-code details lines."""
    bad = []
    for text in page.evaluate(VISIBLE_TEXT_JS):
        if text.startswith("规则 "):
            continue
        bad += [w for w in re.findall(r"[A-Za-z]{2,}", ALLOWED.sub("", text)) if w not in DOCUMENT_WORDS]
    return bad


@pytest.fixture(scope="module")
def defective_docx(tmp_path_factory) -> str:
    """The seed report (many known defects) as a real .docx with tables."""
    report = parse_bytes(SEED.read_bytes(), SEED.name)
    path = tmp_path_factory.mktemp("wb-docx") / "有问题的报告.docx"
    build_report_document(report).save(str(path))
    return str(path)


IN_VIEW_JS = """() => { const el = document.querySelector('.wb-focus'); if (!el) return false;
  const r = el.getBoundingClientRect(), c = el.closest('[data-testid=stVerticalBlock][style*=overflow], .st-key-wb_doc')
    || document.documentElement;
  const b = c.getBoundingClientRect();
  return r.bottom > Math.max(b.top, 0) && r.top < Math.min(b.bottom, window.innerHeight); }"""


def focused(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.wb-focus')].map(e => e.tagName + '#' + e.id)")


def test_card_click_highlights_its_place_grouped_card_and_decision_in_critique(app_url, page, defective_docx):
    page.goto(app_url + "/review")
    page.get_by_text("审阅自评报告").first.wait_for()
    page.locator("input[type=file]").first.set_input_files(defective_docx)
    grouped = page.get_by_role("button", name=re.compile(r"有\d+个指标的实际完成值都写作"))
    grouped.first.wait_for()
    wait_idle(page)

    # A paragraph finding: clicking its card highlights that paragraph, scrolled into view.
    page.get_by_role("button", name=re.compile("基本支出804.03万元 ≠ 各分项之和803.28万元")).first.click()
    page.wait_for_function("() => document.querySelector('.wb-focus')")
    wait_idle(page)
    hit = focused(page)
    assert len(hit) == 1 and hit[0].startswith("P#wb-p-"), hit
    assert "804.03" in page.locator(".wb-focus").first.inner_text()
    page.wait_for_function(IN_VIEW_JS, timeout=10_000)  # scrolled to it
    shot(page, "review_workbench_paragraph.png")

    # The grouped card of a repeated rule: one card, its list of places, a click lands in a table cell.
    assert grouped.count() == 1
    grouped.first.click()
    page.wait_for_function("() => (document.querySelector('.wb-focus') || {}).tagName === 'TD'")
    wait_idle(page)
    page.wait_for_function(IN_VIEW_JS, timeout=10_000)  # scrolled to it
    page.get_by_text(re.compile(r"逐处查看（\d+ 处）")).first.click()
    wait_idle(page)
    shot(page, "review_workbench_grouped.png")

    # Dismiss one card with a note, accept another: both land in the Word 批注.
    card = page.locator("[class*='st-key-card_0_f-']").first
    listed = card.get_by_text(re.compile(r"逐处查看（\d+ 处）"))
    places = int(re.search(r"(\d+) 处", listed.first.inner_text()).group(1)) if listed.count() else 1
    card.get_by_placeholder("备注（可选）").fill("单位已补充说明")
    card.get_by_placeholder("备注（可选）").press("Enter")
    wait_idle(page)
    card.get_by_text("驳回", exact=True).click()
    wait_idle(page)
    page.locator("[class*='st-key-card_0_g-']").first.get_by_text("采纳", exact=True).click()
    wait_idle(page)
    page.get_by_role("tab", name="下载").click()
    page.get_by_text("已处理", exact=False).first.wait_for()
    wait_idle(page)
    shot(page, "review_download.png")
    with page.expect_download() as dl:
        page.get_by_role("button", name=re.compile("下载 Word")).click()
    doc = docx.Document(dl.value.path())
    comments = [c.text for c in doc.comments]
    # a decision on one finding lands at each of its places (a merged finding has several)
    assert sum("审阅处理：已驳回（备注：单位已补充说明）" in c for c in comments) == places
    assert sum("审阅处理：已采纳" in c for c in comments) >= 3  # every place of the grouped card
    with page.expect_download() as dl:
        page.get_by_role("button", name="下载 JSON").click()
    assert '"已驳回"' in open(dl.value.path(), encoding="utf-8").read()

    page.get_by_role("tab", name="考核评分估计").click()
    page.get_by_text("满分 100 分", exact=False).first.wait_for()
    wait_idle(page)
    shot(page, "review_score.png")

    # The whole document: a findings index whose places jump into the marked text, and numbers back.
    page.get_by_role("tab", name="报告全文").click()
    index = page.locator(".wb-index a[href^='#fd-']")
    index.first.wait_for()
    wait_idle(page)
    link = page.locator(".wb-index a[href^='#fd-p-']").first
    target = link.get_attribute("href")[1:]
    link.click()
    page.wait_for_function(f"() => location.hash === '#{target}'")
    el = page.locator(f"#{target}")
    assert el.evaluate("e => e.matches(':target')")
    page.wait_for_function(IN_VIEW_JS.replace(".wb-focus", ":target").replace(".st-key-wb_doc", ".st-key-fd_doc"),
                           timeout=10_000)
    assert el.locator("a.wb-ref").count() >= 1
    shot(page, "review_full_document.png")


def test_batch_of_20_files_overview_and_excel(app_url, page, tmp_path):
    seed = SEED.read_bytes()
    paths = []
    for i in range(20):
        p = tmp_path / f"单位{i + 1:02d}.txt"
        p.write_bytes(seed if i % 5 else seed.replace("基本支出为804.03万元".encode(), "基本支出为810.00万元".encode()))
        paths.append(str(p))
    page.goto(app_url + "/review")
    page.get_by_text("审阅自评报告").first.wait_for()
    page.locator("input[type=file]").first.set_input_files(paths)
    page.get_by_text("批量总览（20 个文件）").first.wait_for(timeout=240_000)
    wait_idle(page)
    charts = page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg")
    charts.nth(1).wait_for()  # findings per unit and per rule family
    shot(page, "review_batch.png")
    grid_rows = page.locator("[data-testid=stDataFrame] [role=grid]").first.get_attribute("aria-rowcount")
    assert grid_rows is None or int(grid_rows) == 21  # header + 20 (when the grid reports it)
    with page.expect_download() as dl:
        page.get_by_role("button", name=re.compile("下载 Excel 汇总")).click()
    wb = openpyxl.load_workbook(io.BytesIO(open(dl.value.path(), "rb").read()))
    assert wb.sheetnames == ["总览", "全部问题"]
    overview = list(wb["总览"].iter_rows(values_only=True))
    assert len(overview) == 21 and sorted(r[0] for r in overview[1:]) == [f"单位{i:02d}.txt" for i in range(1, 21)]
    assert wb["全部问题"].max_row > 20
    page.get_by_role("button", name=re.compile("生成全部批注 Word")).first.click()
    page.get_by_role("button", name="下载批注 Word 压缩包").wait_for(timeout=240_000)
    with page.expect_download() as dl:
        page.get_by_role("button", name="下载批注 Word 压缩包").click()
    assert len(zipfile.ZipFile(io.BytesIO(open(dl.value.path(), "rb").read())).namelist()) == 20


def test_default_flow_has_no_english_and_screenshots(app_url, page):
    found = {}
    for path, ready, name in [("/", "先用示例试一试", "home.png"), ("/draft", "单位名称", "draft.png"),
                              ("/review", "上传报告后", "review_empty.png"),
                              ("/knowledge", "返回条数", "knowledge.png"), ("/evals", "评估", "evals.png")]:
        page.goto(app_url + path)
        page.get_by_text(ready).first.wait_for(state="attached")
        wait_idle(page)
        page.wait_for_timeout(1_000)  # let late elements (uploader, charts) paint
        shot(page, name)
        found[path] = english_words(page)
    # A question on 知识库 gets a cited answer (extractive offline) with its sources below.
    page.goto(app_url + "/knowledge")
    page.get_by_label("检索知识库", exact=False).fill("三公经费决算低于预算怎么写")
    page.get_by_label("检索知识库", exact=False).press("Enter")
    page.get_by_text("回答", exact=False).first.wait_for()
    page.locator(".st-key-kb_answer_box").get_by_text("[1]", exact=False).first.wait_for()
    shot(page, "knowledge_answer.png")
    found["/knowledge (回答)"] = english_words(page)
    # The sample from the home page opens the workbench.
    page.goto(app_url + "/")
    page.get_by_role("button", name="用示例报告试审阅").click()
    page.get_by_role("button", name=re.compile(r"有\d+个指标的实际完成值都写作")).first.wait_for()
    wait_idle(page)
    shot(page, "review_sample.png")
    found["/review (示例)"] = english_words(page)
    page.get_by_role("tab", name="考核评分估计").click()
    wait_idle(page)
    found["/review (评分)"] = english_words(page)
    left = {k: sorted(set(v)) for k, v in found.items() if v}
    assert left == {}, f"English words visible: {left}"
