"""Proof the review eval can fail: break one rule and its category's recall drops below the baseline."""

from __future__ import annotations

import dataclasses
import json

from evals.review.eval import flat_metrics, run_review_eval
from evals.review.generate import load_cases
from evals.run import EVALS, compare


def _subset():
    cases = load_cases()
    return [c for c in cases if c["defect"] == "prb_no_problems"][:6]


def test_broken_rule_drops_recall_below_baseline(monkeypatch):
    from assistant.review.registry import REGISTRY, all_rules

    all_rules()  # make sure every rule module is imported before patching
    baseline = json.loads((EVALS / "baseline.json").read_text(encoding="utf-8"))["metrics"]
    assert baseline["review.recall.problems"]["value"] > 0.5

    cases = _subset()
    healthy = flat_metrics(run_review_eval(cases, clean=False))
    assert healthy["review.recall.problems"] == 1.0

    broken = dataclasses.replace(REGISTRY["PRB001"], func=lambda report, ctx: [])
    monkeypatch.setitem(REGISTRY, "PRB001", broken)
    res = flat_metrics(run_review_eval(cases, clean=False))
    assert res["review.recall.problems"] < baseline["review.recall.problems"]["value"]
    regressions = compare(res, {"review.recall.problems": baseline["review.recall.problems"]})
    assert [r["metric"] for r in regressions] == ["review.recall.problems"]
