"""One presenter: every view of a review labels, locates and scores a finding the same way."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

from assistant.export.findings_format import render_markdown, render_summary_table, render_table
from assistant.export.present import (
    SCORE_HEADER,
    comment_text,
    location_text,
    score_rows,
    score_summary,
    score_table,
)
from assistant.review import Finding, FindingLocation, ReviewResult
from assistant.review.score import ScoreEstimate, ScoreItem
from assistant.ui import review_view as rv

D = Decimal


def _result() -> ReviewResult:
    f = Finding(
        rule="ARI001", category="arithmetic", severity="error",
        location=FindingLocation(section="附件2", table=1, row=11, cell=3),
        message="基本支出804.03万元 ≠ 各分项之和803.28万元", evidence="804.03", suggestion="核对分项",
        reference="财预〔2020〕10号",
    )
    score = ScoreEstimate(total=D("7.5"), max=D("10"), items=[
        ScoreItem(name="报告完整性", max=D("10"), points=D("7.5"), stated=D("10"), reason="缺附件3"),
        ScoreItem(name="自评通知", max=D("8"), judged=False, reason="文档无法判断"),
    ])
    return ReviewResult(file="a.txt", findings=[f], score=score)


def test_location_keeps_the_cell_in_every_view():
    r = _result()
    where = "附件2 表2 第12行第4列"
    assert location_text(r.findings[0].location) == where
    assert rv.location_label(r.findings[0]) == where
    assert rv.finding_rows(r)[0]["位置"] == where
    assert where in render_markdown(r)
    assert "附件2 表2 第12行第4列" in render_table(r, width=160)


def test_comment_text_lines():
    assert comment_text(_result().findings[0]).splitlines() == [
        "[错误] ARI001 基本支出804.03万元 ≠ 各分项之和803.28万元", "建议：核对分项", "依据：财预〔2020〕10号"]


def test_score_rows_one_shape_for_text_and_app():
    r = _result()
    rows = score_rows(r)
    assert [(x.name, x.points, x.judged) for x in rows] == [("报告完整性", D("7.5"), True), ("自评通知", None, False)]
    assert score_table(r) == [
        ["报告完整性", "10.00", "7.50", "10.00", "缺附件3"],
        ["自评通知", "8.00", "无法判断", "—", "文档无法判断"],
        ["合计（可判断项）", "10.00", "7.50", "", ""],
    ]
    app = rv.score_rows(r)
    assert [(a["评分项"], a["估计得分"], a["已评估"]) for a in app] == [
        ("报告完整性", 7.5, "是"), ("自评通知", None, "否（文档无法判断）")]
    assert len(SCORE_HEADER) == len(score_table(r)[0])


def test_score_summary_same_in_cli_batch_and_app_batch():
    r = _result()
    assert score_summary(r) == "7.50/10.00"
    assert "7.50/10.00" in render_summary_table([r, r])
    out = rv.ReviewOutcome(name="a.txt", result=r)
    assert rv.batch_summary([out])[0]["估计得分"] == "7.50/10.00"
    empty = r.model_copy(update={"score": ScoreEstimate(total=D("0"), max=D("0"))})
    assert score_summary(empty) == "—"


def test_sample_report_is_packaged_not_read_from_tests():
    name, data = rv.sample_report()
    assert data == Path("tests/fixtures/seed_000.txt").read_bytes()
    assert resources.files("assistant").joinpath("samples", name).is_file()
    page = Path("app_pages/2_审阅.py").read_text(encoding="utf-8")
    assert "tests" not in page.replace("st.session_state", "")
    pyproject = Path("pyproject.toml").read_text(encoding="utf-8")
    assert '"samples/*.txt"' in pyproject


def _several() -> ReviewResult:
    from assistant.review.finding import merge_places

    parts = [
        Finding(rule="IND001", category="indicator", severity="error",
                location=FindingLocation(section="附件2", table=1, row=r, cell=5),
                message=f"“指标{r}”的实际完成值“已完成”不是实测值")
        for r in (11, 12, 13)
    ]
    merged = merge_places(parts, message="附件2整体支出绩效自评表有3个指标的实际完成值都写作“已完成”", evidence="涉及3行")
    return ReviewResult(file="x.txt", findings=[merged], score=ScoreEstimate(total=D(0), max=D(0)))


def test_a_finding_with_several_places_is_one_entry_listing_them():
    res = _several()
    (f,) = res.findings
    from assistant.export.present import place_lines, places_text

    assert places_text(f) == "附件2 表2 第12行第6列 等3处"
    assert place_lines(f)[1] == "附件2 表2 第13行第6列：“指标12”的实际完成值“已完成”不是实测值"
    # the 批注 at each place names that place; without a place it is the finding's text alone
    assert comment_text(f, f.locations[2]).splitlines()[1] == "本处（第3处，共3处）：“指标13”的实际完成值“已完成”不是实测值"
    assert "本处" not in comment_text(f)
    md = render_markdown(res)
    assert md.count("[错误] IND001") == 1 and "（附件2 表2 第12行第6列 等3处）" in md
    assert "各处：附件2 表2 第12行第6列：“指标11”" in md
    table = render_table(res)
    assert table.count("IND001") == 1  # one line (the place column is cut to its width)
    assert rv.location_label(f) == "附件2 表2 第12行第6列 等3处"
