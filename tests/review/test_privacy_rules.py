"""Privacy rules PRV001 (mobile numbers) and PRV002 (ID numbers); office landlines stay quiet."""

from __future__ import annotations

import pytest

from assistant.report import parse_bytes
from assistant.review import run_rules
from tests.review._numcase import Case


def report_with(note: str, where: str = "ten"):
    case = Case(ten_text=note) if where == "ten" else Case()
    text = case.text()
    if where == "att1":
        text = text.replace("\n附件2", f"\n填表人：李青 {note}\n\n附件2", 1)
    return parse_bytes(text.encode("utf-8"), "prv.txt")


@pytest.mark.parametrize("note,masked", [
    ("联系电话：13975077504", "139****7504"),
    ("联系人手机 186-0731-2288", "186****2288"),
    ("电话：+86 15107301234", "151****1234"),
])
def test_prv001_fires_and_masks(note, masked):
    findings = run_rules(report_with(note), select=["PRV001"])
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "warning" and f.location.section == "十"  # default; the profile's [severity] may raise it
    assert masked in f.message
    digits = "".join(ch for ch in note if ch.isdigit())[-11:]
    assert digits not in f.message and digits not in f.evidence
    assert "座机" in f.suggestion


def test_prv001_in_attachment_note():
    findings = run_rules(report_with("联系电话：13807301234", where="att1"), select=["PRV001"])
    assert [(f.location.section, "138****1234" in f.message) for f in findings] == [("附件1", True)]


@pytest.mark.parametrize("note", ["联系电话：0730-8888888", "办公电话 0731-84561234", "电话：(0734)8221536", "无。"])
def test_prv001_quiet_on_landlines(note):
    assert run_rules(report_with(note), select=["PRV001", "PRV002"]) == []


def test_prv002_id_number():
    findings = run_rules(report_with("经办人：张某，身份证号430602198503151234。"), select=["PRV002"])
    assert len(findings) == 1 and findings[0].severity == "error"
    assert "430602********1234" in findings[0].message
    assert "430602198503151234" not in findings[0].message + findings[0].evidence


def test_seed_mobile_in_attachment1(seed_report):
    findings = run_rules(seed_report, select=["PRV001", "PRV002"])
    assert [(f.rule, f.location.section) for f in findings] == [("PRV001", "附件1")]
    assert "139****7504" in findings[0].message and "13975077504" not in findings[0].model_dump_json()
