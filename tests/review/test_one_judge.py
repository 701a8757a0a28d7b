"""One judge: the form's live checks, the drafter's 七 problems, the review and the score all follow the
rubric profile in the settings (``ASSISTANT_REVIEW__PROFILE``), and errors lower the score."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.drafting.problems import find_problems
from assistant.report import parse_file
from assistant.review import review
from assistant.settings import Settings
from assistant.ui import review_view as rv
from assistant.ui.figures import Figures, IndicatorInput, build_report, checks
from tests.app.conftest import REVIEW_PAGE
from tests.profiles import write_profile
from tests.review._numcase import Case

D = Decimal
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEVEN = (
    "（一）存在的问题\n一是部分项目支付进度偏慢，采购合同签订较晚；二是绩效指标量化程度不够，部分指标难以衡量。\n"
    "（二）原因分析\n原因是项目前期论证不充分，年初对采购周期估计不足。"
)


def form() -> Figures:
    """A clean form whose 执行率 is 95%: above the national 90% threshold."""
    f = Figures(unit="测试单位", year=2023, budget=D("1000"), initial_budget=D("1000"))
    f.basic.update({"工资福利支出": D("500"), "商品和服务支出": D("150")})
    f.project.update({"商品和服务支出": D("300")})
    f.income["一般公共预算"] = D("950")
    f.authorized, f.actual_staff = 20, 19
    f.indicators = [
        IndicatorInput(level1="产出指标", level2="数量指标", level3="培训人次", target="≥200人次",
                       actual="236人次", weight=D(50), score=D(50)),
        IndicatorInput(level1="效益指标", level2="社会效益指标", level3="覆盖率", target="≥90%",
                       actual="95%", weight=D(30), score=D(30)),
        IndicatorInput(level1="满意度指标", level2="服务对象满意度指标", level3="满意度", target="≥90%",
                       actual="问卷调查300份，满意度96%", weight=D(10), score=D(10)),
    ]
    return f


# 执行率 98.05% (above 90%, below 99%); 七 does not discuss the 执行率
STRICT_CASE = Case(seven_text="一是部分项目支付进度偏慢；二是绩效指标量化程度不够。原因是前期论证不充分。")


def problems_item(result):
    return next(i for i in result.score.items if i.name == "绩效评价报告反映问题情况")


def test_one_threshold_in_the_profile_file_moves_form_drafter_review_and_score(tmp_path, monkeypatch):
    fig = form()
    report = build_report(fig, {"七": SEVEN})

    # the national profile: 执行率 95% is above 90% — nobody flags it
    assert [c.rule for c in checks(fig)] == []
    assert "under_execution" not in [p.key for p in find_problems(report)]
    before = review(report)
    assert "BUD003" not in {f.rule for f in before.findings}

    # the same profile with one threshold changed, named by the setting every caller reads
    monkeypatch.setenv("ASSISTANT_REVIEW__PROFILE", str(write_profile(tmp_path, execution_rate_low="96")))
    report = build_report(fig, {"七": SEVEN})

    live = [c for c in checks(fig) if c.rule == "BUD003"]
    assert [(c.field, c.severity) for c in live] == [("budget", "warning")]
    assert "执行率95.00%" in live[0].message and "低于96%" in live[0].message

    seven = next(p for p in find_problems(report) if p.key == "under_execution")
    assert "预算执行率95.00%，低于96%" in seven.evidence

    after = review(report)
    (finding,) = [f for f in after.findings if f.rule == "BUD003"]
    assert finding.message == live[0].message  # the form shows the review's own finding

    assert problems_item(after).points == problems_item(before).points - 1
    assert "预算偏差或大幅变动未说明原因−1" in problems_item(after).reason
    assert after.score.total == before.score.total - 1


def test_profile_setting_reaches_the_review_page_helper_and_the_drafter(tmp_path, monkeypatch):
    case = STRICT_CASE
    text = case.text().encode("utf-8")
    report = case.report()
    # the page builds Settings() from the environment and hands it to review_bytes
    plain = rv.review_bytes(text, "case.txt", Settings(limits={"max_file_bytes": 10**7}))
    assert "BUD003" not in {f.rule for f in plain.result.findings}
    assert "under_execution" not in [p.key for p in find_problems(report)]

    monkeypatch.setenv("ASSISTANT_REVIEW__PROFILE", str(write_profile(tmp_path, execution_rate_low="99")))
    strict = rv.review_bytes(text, "case.txt", Settings(limits={"max_file_bytes": 10**7}))
    assert "BUD003" in {f.rule for f in strict.result.findings}
    assert "under_execution" in [p.key for p in find_problems(report)]
    # an explicit Settings object wins over the environment
    national = Settings(review={"profile": None})
    assert "under_execution" not in [p.key for p in find_problems(report, settings=national)]


def test_review_page_uses_the_profile_setting(tmp_path, monkeypatch):
    """The 审阅 page itself (AppTest): one more warning under a stricter profile."""
    text = STRICT_CASE.text().encode("utf-8")

    def warnings(name: str) -> int:
        at = AppTest.from_file(REVIEW_PAGE, default_timeout=120).run()
        at.file_uploader(key="review_files").set_value((name, text, "text/plain"))
        at.run()
        assert not at.exception
        return int(next(m.value for m in at.metric if m.label == "警告"))

    base = warnings("national.txt")
    monkeypatch.setenv("ASSISTANT_REVIEW__PROFILE", str(write_profile(tmp_path, execution_rate_low="99")))
    assert warnings("strict.txt") == base + 1  # BUD003: 执行率98.05% below 99%


CLEAN = sorted(p.name for p in FIXTURES.glob("clean_*") if p.suffix in (".txt", ".docx", ".xlsx"))


def _with_errors(report):
    """The same report with arithmetic/consistency errors: 基本支出, 项目支出 and 全年执行数 changed."""
    bad = copy.deepcopy(report)
    for part in (bad.budget.basic, bad.budget.project):
        if part.total is not None:
            part.total = part.total.model_copy(update={"value": part.total.value + D("1.11")})
    se = bad.self_eval
    if se is not None and se.funds and se.funds[0].executed is not None:
        fr = se.funds[0]
        se.funds[0] = fr.model_copy(update={"executed": fr.executed.model_copy(
            update={"value": fr.executed.value + D("2.22")})})
    return bad


@pytest.mark.parametrize("name", CLEAN)
def test_errors_lower_the_score(name):
    report = parse_file(FIXTURES / name)
    clean, broken = review(report), review(_with_errors(report))
    new_errors = {f.rule for f in broken.findings if f.severity == "error"} - {
        f.rule for f in clean.findings if f.severity == "error"}
    assert new_errors, "the injected errors must be found"
    assert broken.score.total < clean.score.total, (clean.score, broken.score)


def test_form_checks_leave_unstarted_indicator_rows_alone():
    from assistant.ui.figures import default_indicators

    f = Figures(unit="测试单位", year=2023)
    f.indicators = default_indicators()  # 一级/二级/分值 only
    assert checks(f) == []
    f.indicators[0].level3 = "培训人次"  # started: now the rules see it
    assert [(c.rule, c.field) for c in checks(f)] == [("IND001", "indicators"), ("IND002", "indicators")]


def test_the_tables_name_registered_rules_only():
    from assistant.drafting.problems import REMEDIES
    from assistant.review.registry import all_rules
    from assistant.ui.figures import FORM_RULES

    ids = {r.id for r in all_rules()}
    assert set(REMEDIES) <= ids and set(FORM_RULES) <= ids
    assert set(FORM_RULES.values()) == {"budget", "income", "staffing", "public_funds", "sangong", "indicators"}
