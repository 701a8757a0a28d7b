"""Review eval: run the reviewer on every labelled case and score detection per category.

A case is *detected* when the review of the mutated text has a finding that
- was not already on the untouched base (compared by rule, section and message),
- has the case's category (and, when the case lists rules, one of those rule ids),
- sits in one of the case's expected sections.

Precision is case-level per category: of the cases where the reviewer raised a *new* finding of category
X, the share where X was the injected category or one of the case's listed collateral categories.
``clean_false_errors`` counts error-level findings on the untouched clean reports (.txt and .docx).
"""

from __future__ import annotations

import time
from typing import Any, Iterable

from evals.review.generate import BASES, CATEGORIES, ROOT, base_text, case_text, load_cases

CLEAN_FILES = (
    "tests/fixtures/clean_a.txt", "tests/fixtures/clean_a.docx",
    "tests/fixtures/clean_b.txt", "tests/fixtures/clean_b.docx",
    "evals/datasets/base/clean_c.txt", "evals/datasets/base/clean_c.docx",
)


def _key(f) -> tuple:
    return (f.rule, f.location.section, f.message)


def _review_text(text: str, name: str, select: Iterable[str] | None = None):
    from assistant.report import parse_bytes
    from assistant.review import review

    return review(parse_bytes(text.encode("utf-8"), name), select=select)


def score_cases(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """Metrics from per-case outcomes.

    Each outcome: ``{"id", "category", "collateral": [...], "detected": bool, "new_categories": [...]}``.
    Returns ``recall``/``precision`` overall and ``per_category`` {cat: {n, detected, recall, flagged,
    correct, precision}}; precision is None when the category never fired.
    """
    per: dict[str, dict[str, Any]] = {c: {"n": 0, "detected": 0, "flagged": 0, "correct": 0} for c in CATEGORIES}
    for o in outcomes:
        p = per.setdefault(o["category"], {"n": 0, "detected": 0, "flagged": 0, "correct": 0})
        p["n"] += 1
        p["detected"] += int(bool(o["detected"]))
        for cat in set(o["new_categories"]):
            q = per.setdefault(cat, {"n": 0, "detected": 0, "flagged": 0, "correct": 0})
            q["flagged"] += 1
            if cat == o["category"] or cat in o.get("collateral", ()):
                q["correct"] += 1
    for p in per.values():
        p["recall"] = round(p["detected"] / p["n"], 4) if p["n"] else None
        p["precision"] = round(p["correct"] / p["flagged"], 4) if p["flagged"] else None
    n = sum(p["n"] for p in per.values())
    det = sum(p["detected"] for p in per.values())
    flagged = sum(p["flagged"] for p in per.values())
    correct = sum(p["correct"] for p in per.values())
    recall = round(det / n, 4) if n else None
    precision = round(correct / flagged, 4) if flagged else None
    f1 = None
    if recall and precision:
        f1 = round(2 * recall * precision / (recall + precision), 4)
    return {"n_cases": n, "recall": recall, "precision": precision, "f1": f1, "per_category": per}


def evaluate_case(case: dict, result, base_keys: set) -> dict[str, Any]:
    new = [f for f in result.findings if _key(f) not in base_keys]
    rules = set(case["rules"]) if case.get("rules") else None
    hits = [
        f for f in new
        if f.category == case["category"] and (rules is None or f.rule in rules)
        and any(loc.section in case["sections"] for loc in f.locations)  # any place of a merged finding
    ]
    near = [f for f in new if f.category == case["category"] and f not in hits]
    allowed = {case["category"], *case.get("collateral", ())}
    return {
        "id": case["id"],
        "defect": case["defect"],
        "base": case["base"],
        "category": case["category"],
        "collateral": case.get("collateral", []),
        "description": case["description"],
        "detected": bool(hits),
        "new_categories": sorted({f.category for f in new}),
        "near_miss": [f"{f.rule}@{f.location.section}" for f in near],
        "unexpected": [
            {"rule": f.rule, "category": f.category, "section": f.location.section, "message": f.message}
            for f in new if f.category not in allowed
        ],
    }


def clean_findings(files: Iterable[str] = CLEAN_FILES) -> dict[str, Any]:
    from assistant.report import parse_file
    from assistant.review import review

    errors: list[dict] = []
    warnings = 0
    for rel in files:
        res = review(parse_file(ROOT / rel))
        for f in res.findings:
            if f.severity == "error":
                errors.append({"file": rel, "rule": f.rule, "section": f.location.section, "message": f.message})
            elif f.severity == "warning":
                warnings += 1
    return {"clean_false_errors": len(errors), "clean_warnings": warnings, "clean_error_list": errors,
            "clean_files": len(list(files))}


def run_review_eval(
    cases: list[dict] | None = None,
    *,
    select: Iterable[str] | None = None,
    clean: bool = True,
) -> dict[str, Any]:
    """Run the review eval over ``cases`` (default: the committed dataset)."""
    from evals.review.generate import VERSION

    t0 = time.perf_counter()
    cases = cases if cases is not None else load_cases()
    texts = {k: base_text(k) for k in BASES}
    base_keys = {}
    for k in {c["base"] for c in cases}:
        res = _review_text(texts[k], f"base_{k}.txt", select)
        base_keys[k] = {_key(f) for f in res.findings}
    outcomes = []
    for case in cases:
        try:
            res = _review_text(case_text(case, texts), f"{case['id']}.txt", select)
        except Exception as exc:  # noqa: BLE001 - an unparseable case is a miss, not a crashed eval
            outcomes.append({
                "id": case["id"], "defect": case["defect"], "base": case["base"], "category": case["category"],
                "collateral": case.get("collateral", []), "description": case["description"],
                "detected": False, "new_categories": [],
                "near_miss": [f"解析/审阅失败 {type(exc).__name__}: {' '.join(str(exc).split())[:120]}"],
                "unexpected": [],
            })
            continue
        outcomes.append(evaluate_case(case, res, base_keys[case["base"]]))
    metrics = score_cases(outcomes)
    out: dict[str, Any] = {"dataset": VERSION, **metrics}
    out["per_base"] = {
        k: {"n": sum(1 for o in outcomes if o["base"] == k),
            "detected": sum(1 for o in outcomes if o["base"] == k and o["detected"])}
        for k in sorted({o["base"] for o in outcomes})
    }
    if clean:
        out.update(clean_findings())
    out["misses"] = [
        {k: o[k] for k in ("id", "defect", "category", "description", "near_miss")} for o in outcomes if not o["detected"]
    ]
    out["unexpected"] = [
        {"id": o["id"], **u} for o in outcomes for u in o["unexpected"]
    ]
    out["seconds"] = round(time.perf_counter() - t0, 2)
    return out


def flat_metrics(res: dict[str, Any]) -> dict[str, float | int | None]:
    """The numbers that go to history/baseline: review.recall, review.recall.<cat>, …"""
    m: dict[str, float | int | None] = {
        "review.recall": res["recall"],
        "review.precision": res["precision"],
        "review.f1": res["f1"],
        "review.n_cases": res["n_cases"],
    }
    for cat, p in res["per_category"].items():
        m[f"review.recall.{cat}"] = p["recall"]
        m[f"review.precision.{cat}"] = p["precision"]
    if "clean_false_errors" in res:
        m["review.clean_false_errors"] = res["clean_false_errors"]
        m["review.clean_warnings"] = res["clean_warnings"]
    return m


def _main() -> None:  # pragma: no cover - convenience
    import json

    res = run_review_eval()
    print(json.dumps({k: v for k, v in res.items()}, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":  # pragma: no cover
    _main()

