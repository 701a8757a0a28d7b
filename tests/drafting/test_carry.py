"""Carry last year's report forward: standing text and structure from last year, every figure from this year.

Last year = tests/fixtures/clean_a.txt (2023). This year = a copy moved to 2024 with new staffing figures and
the narrative (一, 六–十) removed, as a unit would hand in its new figures.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.drafting.carry import carry_forward, carry_text
from assistant.drafting.drafter import draft_report_full
from assistant.drafting.guard import Evidence, check_numbers
from assistant.drafting.models import PLACEHOLDER_PATTERN
from assistant.report import parse_file

from .conftest import FIXTURES

LAST = FIXTURES / "clean_a.txt"
STALE = ("编制45人", "在职人员43人", "退休人员21人", "5个科室", "95.56%")


def this_year_text(text: str) -> str:
    """clean_a moved one year on, with this year's staffing (47 编制, 44 在职, 22 退休, 控制率 93.62%)."""
    text = re.sub(r"(?<![\d.])(202[234])(?![\d.])", lambda m: str(int(m.group(1)) + 1), text)
    text = text.replace("\t45\n", "\t47\n").replace("\t43\n", "\t44\n").replace("\t95.56%\n", "\t93.62%\n")
    text = text.replace("编制45人，实有在职人员43人，退休人员21人", "编制47人，实有在职人员44人，退休人员22人")
    return text.replace("95.56%", "93.62%")


@pytest.fixture(scope="module")
def this_year(tmp_path_factory):
    path = tmp_path_factory.mktemp("ty") / "this_year.txt"
    path.write_text(this_year_text(LAST.read_text(encoding="utf-8")), encoding="utf-8")
    report = parse_file(path)
    for s in report.sections:
        if s.label in ("一", "六", "七", "八", "九", "十"):
            s.paragraphs = []
    assert report.year == 2024
    return report


@pytest.fixture(scope="module")
def carried_draft(this_year, retriever, tmp_path_factory):
    from assistant.settings import LLMSettings, Settings

    settings = Settings(data_dir=tmp_path_factory.mktemp("d"), llm=LLMSettings(backend="offline"))
    carried = carry_forward(parse_file(LAST), this_year)
    return carried, draft_report_full(carried, settings, retriever=retriever)


def outside_placeholders(text: str) -> str:
    return re.sub(PLACEHOLDER_PATTERN, "", text)


def test_standing_text_carried_and_year_updated(carried_draft):
    carried, d = carried_draft
    assert carried.year == 2024 and d.report.year == 2024
    one = d.report.section("一").text
    assert "负责收集、接收、保管市级机关" in one and "信息技术科" in one  # 职能职责/机构设置 from last year
    assert "核定编制47人" in one and "实有在职人员44人" in one  # staffing from this year's data
    assert "接收进馆档案8630卷" not in outside_placeholders(carried.section_text("一"))  # last year's results stay behind
    nine = d.report.section("九").text
    assert "衡阳市档案馆门户网站公开" in nine  # publication practice carried
    assert "2025年度预算" in nine and "2024年预算" not in nine
    for label in ("一", "九"):
        assert "2023年度" not in outside_placeholders(d.report.section(label).text)


def test_no_stale_number_leaks(carried_draft, this_year):
    """The guard, fed with this year's data only, traces every number of every drafted section."""
    _, d = carried_draft
    evidence = Evidence.from_report(this_year)
    for label, s in d.suggestions.items():
        g = check_numbers(s.text, citations=s.citations, evidence=evidence)
        assert g.unverified == [], (label, g.unverified)
        visible = outside_placeholders(s.text)
        for stale in STALE:
            assert stale not in visible, (label, stale)
    assert d.errors == []


def test_surviving_last_year_number_is_labelled():
    out = carry_text("我馆内设5个科室，2023年完成馆舍改造，1959年建馆。", 2023, 2024, drop_staffing=True)
    assert out == "我馆内设【待补充：2024年数（2023年报告为5）】个科室，2024年完成馆舍改造，1959年建馆。"
    assert carry_text("共有编制45人，实有在职人员43人。", 2023, 2024, drop_staffing=True) == ""


def test_indicators_carried_as_labelled_targets_when_this_year_has_none(this_year):
    empty = this_year.model_copy(deep=True)
    empty.self_eval.indicators = []
    carried = carry_forward(parse_file(LAST), empty)
    rows = carried.self_eval.indicators
    assert [r.level3 for r in rows][:2] == ["接收进馆档案数量", "档案数字化页数"]
    assert rows[0].target == "≥8000卷（2023年指标值，待确认）" and rows[0].actual == ""
    assert carry_forward(parse_file(LAST), this_year).self_eval.indicators == this_year.self_eval.indicators


def test_this_years_own_text_wins(this_year):
    from assistant.report.model import Paragraph

    mine = this_year.model_copy(deep=True)
    mine.section("九").paragraphs = [Paragraph(index=0, text="本年度在单位公众号公开。")]
    assert carry_forward(parse_file(LAST), mine).section_text("九") == "本年度在单位公众号公开。"


def test_cli_previous_docx(this_year, tmp_path):
    src = tmp_path / "this_year.json"
    src.write_text(this_year.model_dump_json(), encoding="utf-8")
    out = tmp_path / "draft.json"
    r = CliRunner().invoke(
        cli, ["draft", "--from", str(src), "--previous", str(FIXTURES / "clean_a.docx"), "--out", str(out)],
        catch_exceptions=False,
    )
    assert r.exit_code == 0, r.output
    back = json.loads(out.read_text(encoding="utf-8"))
    texts = {s["label"]: "\n".join(p["text"] for p in s["paragraphs"]) for s in back["sections"]}
    assert "负责收集、接收、保管市级机关" in texts["一"] and "核定编制47人" in texts["一"]
    assert "门户网站公开" in texts["九"]
    for stale in STALE:
        assert all(stale not in outside_placeholders(t) for t in texts.values()), stale
