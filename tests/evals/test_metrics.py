"""Metric computation on small synthetic inputs."""

from __future__ import annotations

from assistant.review.finding import Finding, FindingLocation
from evals.review.eval import evaluate_case, score_cases


def _f(rule, cat, section, msg="m", sev="error"):
    return Finding(rule=rule, category=cat, severity=sev, location=FindingLocation(section=section), message=msg)


class _Res:
    def __init__(self, findings):
        self.findings = findings


CASE = {"id": "x", "defect": "d", "base": "a", "category": "problems", "rules": ["PRB001"], "sections": ["七"],
        "collateral": ["measures"], "description": "d"}


def test_detected_only_when_new_right_rule_right_section():
    base = {("PRB001", "七", "old")}
    assert evaluate_case(CASE, _Res([_f("PRB001", "problems", "七")]), set())["detected"]
    # already on the base → not new
    assert not evaluate_case(CASE, _Res([_f("PRB001", "problems", "七", "old")]), base)["detected"]
    # wrong section / wrong rule
    assert not evaluate_case(CASE, _Res([_f("PRB001", "problems", "八")]), set())["detected"]
    assert not evaluate_case(CASE, _Res([_f("PRB002", "problems", "七")]), set())["detected"]
    anyrule = dict(CASE, rules=None)
    assert evaluate_case(anyrule, _Res([_f("PRB002", "problems", "七")]), set())["detected"]


def test_unexpected_excludes_collateral():
    o = evaluate_case(CASE, _Res([_f("MEA001", "measures", "八"), _f("BOI001", "boilerplate", "六")]), set())
    assert [u["rule"] for u in o["unexpected"]] == ["BOI001"]
    assert o["new_categories"] == ["boilerplate", "measures"]


def test_score_cases_precision_recall():
    outcomes = [
        {"id": "1", "category": "problems", "collateral": [], "detected": True, "new_categories": ["problems"]},
        {"id": "2", "category": "problems", "collateral": [], "detected": False, "new_categories": []},
        {"id": "3", "category": "privacy", "collateral": [], "detected": True, "new_categories": ["privacy", "problems"]},
        {"id": "4", "category": "budget", "collateral": ["arithmetic"], "detected": True,
         "new_categories": ["budget", "arithmetic"]},
    ]
    m = score_cases(outcomes)
    p = m["per_category"]
    assert p["problems"]["recall"] == 0.5
    assert p["problems"]["precision"] == 0.5  # fired on case 3, which is a privacy case
    assert p["privacy"]["recall"] == 1.0 and p["privacy"]["precision"] == 1.0
    assert p["arithmetic"]["precision"] == 1.0 and p["arithmetic"]["recall"] is None
    assert p["evidence"]["precision"] is None
    assert m["recall"] == 0.75
    assert m["precision"] == round(4 / 5, 4)
    assert m["n_cases"] == 4


def test_drafting_coverage_helpers():
    from decimal import Decimal

    from assistant.drafting.models import NumberUse
    from evals.drafting.eval import coverage, items

    assert items("（一）甲\n说明\n（二）乙") == ["（一）甲\n说明", "（二）乙"]
    texts = {
        "六": "运行成本…管理效率…履职效能…社会效应…可持续发展能力",
        "七": "（一）展览场次未完成。目标4场，实际3场。\n（二）制度不健全。",
        "八": "（一）针对展览…",
    }
    traced = {"七": [NumberUse(value=Decimal(3), written="3场", source="data:x")]}
    c = coverage(texts, traced, "展览")
    assert c["six_dimensions"] == round(5 / 6, 4)
    assert c["problems_tied_to_data"] == 0.5
    assert c["known_problem"] == 1.0
    assert c["measures_per_problem"] == 0.5


def test_unparseable_case_is_a_miss_not_a_crash(monkeypatch):
    import evals.review.eval as ev
    from evals.review.generate import load_cases

    case = load_cases()[0]
    real = ev._review_text

    def boom(text, name, select=None):
        if name.startswith(case["id"]):
            raise ValueError("corrupt")
        return real(text, name, select)

    monkeypatch.setattr(ev, "_review_text", boom)
    res = ev.run_review_eval([case], clean=False)
    assert res["recall"] == 0 and res["misses"][0]["near_miss"][0].startswith("解析/审阅失败 ValueError")
