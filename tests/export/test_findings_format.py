"""The shared finding formatter: JSON contract, Markdown, terminal tables, write_critique dispatch."""

from __future__ import annotations

import json

import pytest

from assistant.export import render_json, render_markdown, render_summary_table, render_table, write_critique
from assistant.export.findings_format import CRITIQUE_WRITERS, fit
from assistant.export.tables import display_width
from assistant.review import Finding, FindingLocation, ReviewResult, review
from assistant.review.score import ScoreEstimate, ScoreItem


@pytest.fixture(scope="module")
def seed_result(seed_report) -> ReviewResult:
    return review(seed_report)


@pytest.fixture(scope="module")
def own_result(own_report) -> ReviewResult:
    return review(own_report)


def _pii_result() -> ReviewResult:
    from decimal import Decimal

    return ReviewResult(
        file="x.txt",
        findings=[
            Finding(rule="PRV001", category="privacy", severity="error", location=FindingLocation(section="附件1", paragraph=1),
                    message="附件1含个人手机号码13975077504", evidence="联系电话：13975077504",
                    suggestion="改为办公电话", reference="预算法实施条例 决算公开"),
        ],
        score=ScoreEstimate(total=Decimal("57.5"), max=Decimal("60"), items=[
            ScoreItem(name="自评报告的完整性", max=Decimal("15"), points=Decimal("13"), reason="缺附件3|扣2分"),
            ScoreItem(name="布置工作", max=Decimal("10"), points=None, judged=False, reason="报告中无法判断"),
        ]),
    )


def test_json_single_is_contract_object(seed_result):
    data = json.loads(render_json(seed_result))
    assert isinstance(data, dict)
    assert set(data) == {"file", "kind", "findings", "score"}
    assert set(data["score"]) >= {"total", "items"}
    for f in data["findings"]:
        assert set(f) == {"rule", "category", "severity", "location", "locations", "message", "evidence",
                          "suggestion", "reference"}
        assert "section" in f["location"]
        assert f["locations"][0] == f["location"]  # additive: location stays the first place
    assert ReviewResult.model_validate(data) == seed_result


def test_json_many_is_list_and_validates(seed_result, own_result):
    data = json.loads(render_json([seed_result, own_result]))
    assert isinstance(data, list) and len(data) == 2
    assert [ReviewResult.model_validate(d) for d in data] == [seed_result, own_result]


def test_json_decimals_are_strings():
    data = json.loads(render_json(_pii_result()))
    assert data["score"]["total"] == "57.5"
    assert data["score"]["items"][0]["max"] == "15"


def test_markdown_has_every_message_and_sections(seed_result):
    md = render_markdown(seed_result)
    for f in seed_result.findings:
        assert " ".join(f.message.split()).replace("|", "\\|") in md
    counts = seed_result.counts()
    assert f"共 {len(seed_result.findings)} 条问题：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}。" in md
    assert "## 二、一般公共预算支出情况" in md and "## 附件2" in md
    assert "## 考核评分估计" in md


def test_markdown_score_table():
    md = render_markdown(_pii_result())
    assert "| 评分项 | 分值 | 估计得分 | 自评得分 | 说明 |" in md
    assert "| 自评报告的完整性 | 15.00 | 13.00 | — | 缺附件3\\|扣2分 |" in md
    assert "| 布置工作 | 10.00 | 无法判断 | — | 报告中无法判断 |" in md
    assert "| 合计（可判断项） | 60.00 | 57.50 |  |  |" in md


def test_table_wraps_messages_and_stays_aligned(seed_result):
    out = render_table(seed_result, width=100)
    lines = out.rstrip("\n").split("\n")
    assert lines[0].startswith("seed_000.txt：错误 ")
    assert all(display_width(line) <= 100 for line in lines)
    header_col = display_width(lines[1].split("消息")[0])
    starts = [ln for ln in lines[3:] if ln[:2] in ("错误", "警告", "提示")]
    assert len(starts) == len(seed_result.findings)
    # every message appears whole (wrapped, never cut), starting at the message column
    body = lines[3:]
    joined = "".join(ln[len(ln) - len(ln.lstrip()):] if ln[:2] not in ("错误", "警告", "提示") else ln for ln in body)
    for f, line in zip(seed_result.findings, starts, strict=True):
        assert line.startswith({"error": "错误", "warning": "警告", "info": "提示"}[f.severity])
        assert f.rule in line
        assert display_width(line[: line.index(f.message[:4])]) == header_col
        assert " ".join(f.message.split()).replace(" ", "") in joined.replace(" ", "")
    for ln in body:
        if ln[:2] not in ("错误", "警告", "提示"):
            assert display_width(ln) - display_width(ln.lstrip()) == header_col


def test_table_no_findings():
    from decimal import Decimal

    empty = ReviewResult(file="ok.txt", findings=[], score=ScoreEstimate(total=Decimal(0), max=Decimal(0)))
    assert render_table(empty) == "ok.txt：错误 0，警告 0，提示 0\n未发现问题。\n"


def test_summary_table(seed_result, own_result):
    out = render_summary_table([seed_result, own_result])
    lines = out.rstrip("\n").split("\n")
    assert lines[0].split() == ["文件", "错误", "警告", "提示", "估计得分"]
    assert len(lines) == 2 + 2 + 1  # header, rule, 2 files, total
    c = seed_result.counts()
    assert lines[2].split()[:4] == ["seed_000.txt", str(c["error"]), str(c["warning"]), str(c["info"])]
    assert lines[-1].startswith("合计（2 个文件）")
    col = display_width(lines[0][: lines[0].index("错误")])
    for line in lines[2:]:  # the 错误 column starts at the same display column on every row
        k = next(i for i in range(len(line) + 1) if display_width(line[:i]) >= col)
        assert display_width(line[:k]) == col and line[k - 1] == " " and line[k] != " "


def test_fit_is_width_exact():
    assert fit("审阅意见", 6) == "审阅… "  # cut, ellipsis, padded to exactly 6 columns
    assert fit("审阅意见", 8) == "审阅意见"
    assert fit("ab", 5) == "ab   "


def test_mask_pii_in_all_renderers():
    r = _pii_result()
    for text in (render_json(r, mask_pii=True), render_markdown(r, mask_pii=True), render_table(r, mask_pii=True)):
        assert "13975077504" not in text and "139****7504" in text
    assert "13975077504" in render_json(r)


def test_write_critique_dispatch(seed_report, seed_result, tmp_path):
    assert set(CRITIQUE_WRITERS) == {".json", ".md", ".docx"}
    (p,) = write_critique(seed_result, tmp_path / "c.json")
    assert ReviewResult.model_validate_json(p.read_text(encoding="utf-8")) == seed_result
    (p,) = write_critique([seed_result], tmp_path / "c.md")
    assert p.read_text(encoding="utf-8") == render_markdown(seed_result)
    (p,) = write_critique((seed_result, seed_report), tmp_path / "c.docx")
    import docx

    assert len(list(docx.Document(str(p)).comments)) == sum(len(f.locations) for f in seed_result.findings)


def test_write_critique_several_docx(seed_report, seed_result, own_report, own_result, tmp_path):
    paths = write_critique([(seed_result, seed_report), (own_result, own_report)], tmp_path / "c.docx")
    assert [p.name for p in paths] == ["c_seed_000.docx", "c_changde_2021.docx"]
    assert all(p.exists() for p in paths)


def test_write_critique_errors(seed_result, tmp_path):
    from assistant.errors import InputUnusable

    with pytest.raises(InputUnusable, match="不支持的输出格式"):
        write_critique(seed_result, tmp_path / "c.pdf")
    with pytest.raises(InputUnusable, match="需要原报告"):
        write_critique(seed_result, tmp_path / "c.docx")
