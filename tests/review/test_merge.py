"""One finding per root cause: ``locations`` lists every place, the engine merges findings of one rule with
the same message, rules merge what differs only in the quoted values, and the score charges per place."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.review import Finding, FindingLocation, ReviewResult, review, run_rules
from assistant.review.engine import one_per_message
from assistant.review.finding import merge_places
from assistant.review.registry import REGISTRY
from assistant.review.rubric import SELF_EVAL_TABLE
from assistant.review.score import _deductions


def _f(row: int, message: str = "同一句话", severity: str = "warning", rule: str = "IND002") -> Finding:
    return Finding(rule=rule, category="indicator", severity=severity,
                   location=FindingLocation(section="附件2", table=1, row=row, cell=4), message=message)


def test_locations_default_to_the_one_location_and_must_start_with_it():
    f = _f(3)
    assert f.locations == [f.location]
    data = json.loads(f.model_dump_json())
    assert data["locations"] == [data["location"]]
    old = {k: v for k, v in data.items() if k != "locations"}  # JSON written before the key existed
    assert Finding.model_validate(old) == f
    with pytest.raises(ValidationError, match="locations"):
        Finding.model_validate({**data, "locations": [{"section": "附件1"}]})
    only_list = {k: v for k, v in data.items() if k != "location"}
    assert Finding.model_validate(only_list).location == f.location


def test_merge_places_orders_places_keeps_each_place_words_and_the_worst_severity():
    parts = [_f(9, "第9行的话", "warning"), _f(4, "第4行的话", "error"), _f(6, "第6行的话", "warning")]
    m = merge_places(parts, message="3个指标同一问题", evidence="涉及3行")
    assert [loc.row for loc in m.locations] == [4, 6, 9]
    assert m.location == m.locations[0]
    assert [loc.detail for loc in m.locations] == ["第4行的话", "第6行的话", "第9行的话"]
    assert (m.severity, m.message, m.evidence) == ("error", "3个指标同一问题", "涉及3行")
    same = merge_places([_f(2), _f(1)])  # same message: the places need no words of their own
    assert [loc.detail for loc in same.locations] == ["", ""] and same.message == "同一句话"
    with pytest.raises(ValueError):
        merge_places([])


def test_engine_merges_one_rule_with_the_same_message_only():
    fs = [_f(1), _f(5), _f(3, "另一句话"), _f(2, rule="IND009")]
    out = one_per_message(fs)
    assert len(out) == 3
    (merged,) = [f for f in out if f.rule == "IND002" and f.message == "同一句话"]
    assert [loc.row for loc in merged.locations] == [1, 5]


def test_a_finding_with_several_places_costs_what_one_finding_per_place_would():
    ind1 = REGISTRY["IND001"]
    one_each = [ind1.make(FindingLocation(section="附件2", table=1, row=r, cell=5), f"第{r}行") for r in (1, 2, 3)]
    merged = merge_places(one_each, message="3个指标")
    assert _deductions(SELF_EVAL_TABLE, one_each) == _deductions(SELF_EVAL_TABLE, [merged])
    assert _deductions(SELF_EVAL_TABLE, [merged])[1] == [("实际完成值非实测值", pytest.approx(1.5))]


def test_seed_every_rule_reports_a_message_once(seed_report):
    """No rule says the same thing twice: one finding per (rule, message) on the seed."""
    res = review(seed_report)
    keys = [(f.rule, f.message) for f in res.findings]
    assert len(keys) == len(set(keys))
    assert all(f.locations[0] == f.location for f in res.findings)


def test_ind001_keeps_one_finding_per_distinct_non_value(seed_report):
    """Rows with different non-values are different causes: '已完成' and '基本完成' stay apart."""
    from tests.review.test_indicator import with_rows

    case = with_rows(
        (1, ["", "质量指标", "合格率", "≥98%", "已完成", "15", "15"]),
        (2, ["", "时效指标", "完成时间", "2023年12月底前", "已完成", "10", "10"]),
        (3, ["", "数量指标", "档案数字化", "≥8000卷", "基本完成", "10", "10"]),
    )
    found = run_rules(case.report(), select=["IND001"])
    by_places = sorted(len(f.locations) for f in found)
    assert by_places == [1, 2]
    (two,) = [f for f in found if len(f.locations) == 2]
    assert re.search(r"有2个指标的实际完成值都写作“已完成”", two.message)
    assert "“合格率”" in two.message and "“完成时间”" in two.message


def test_docs_example_is_a_valid_review_result():
    text = Path("docs/review-json.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    res = ReviewResult.model_validate(json.loads(block))
    (f,) = res.findings
    assert len(f.locations) == 2 and f.location == f.locations[0]
    documented = {k for row in re.findall(r"^\| (`.*?) \|", text, re.M) for k in re.findall(r"`([a-z_]+)`", row)}
    assert set(Finding.model_fields) <= documented
