"""A reviewer's 采纳/驳回 decision reaches the Word 批注 and the JSON (optional key only)."""

from __future__ import annotations

import json

from assistant.export.critique_docx import build_critique_document
from assistant.export.findings_format import render_json
from assistant.export.present import Decision, decision_line
from assistant.report import parse_bytes
from assistant.review import review
from tests.app.conftest import ROOT


def _seed():
    report = parse_bytes((ROOT / "tests" / "fixtures" / "seed_000.txt").read_bytes(), "seed.txt")
    return report, review(report)


def test_decisions_appear_in_the_comment_of_their_finding_only():
    report, result = _seed()
    decisions = {0: Decision("accepted"), 2: Decision("dismissed", "单位已补充说明")}
    doc = build_critique_document(result, report, decisions=decisions)
    texts = [c.text for c in doc.comments]
    # one comment per place of each finding (all the seed's places are in its body or on the summary page)
    owner = [i for i, f in enumerate(result.findings) for _ in f.locations]
    assert len(texts) == len(owner) > len(result.findings)
    assert texts[0].endswith("审阅处理：已采纳")
    assert texts[owner.index(2)].endswith("审阅处理：已驳回（备注：单位已补充说明）")
    assert not any("审阅处理" in t for t, i in zip(texts, owner, strict=True) if i not in decisions)
    # a decision on a finding with several places reaches every one of its comments
    many = next(i for i, f in enumerate(result.findings) if len(f.locations) > 1)
    doc = build_critique_document(result, report, decisions={many: Decision("accepted")})
    marked = [t for t in (c.text for c in doc.comments) if "审阅处理" in t]
    assert len(marked) == len(result.findings[many].locations)


def test_json_gets_an_optional_decision_key():
    _, result = _seed()
    plain = json.loads(render_json(result))
    assert all("decision" not in f for f in plain["findings"])
    out = json.loads(render_json(result, decisions={1: Decision("dismissed", "误报")}))
    assert out["findings"][1]["decision"] == {"status": "dismissed", "label": "已驳回", "note": "误报"}
    assert sum("decision" in f for f in out["findings"]) == 1
    many = json.loads(render_json([result, result], decisions=[None, {0: Decision("accepted")}]))
    assert "decision" not in many[0]["findings"][0] and many[1]["findings"][0]["decision"]["status"] == "accepted"


def test_decision_line_and_bad_status():
    import pytest

    assert decision_line(Decision("accepted", "  ")) == "审阅处理：已采纳"
    with pytest.raises(ValueError):
        Decision("maybe")
