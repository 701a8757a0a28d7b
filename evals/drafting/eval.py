"""Drafting eval: draft 六–十 from each base report's data and score faithfulness, coverage, review, rubric.

Data fixtures = the three clean bases with the narrative of 六–十 removed (一–五 and the attachments kept:
they are the user's figures). The drafter (offline by default; the configured LLM when OPENAI_BASE_URL /
OPENAI_API_KEY are set) writes 六–十; then

- faithfulness: every number of the drafted sections is traced with the drafting guard
  (``assistant.drafting.guard.check_numbers``) against the *data fixture* plus the cited passages;
  ``invented_numbers`` must be 0;
- coverage: 六 names the six dimensions; 七's problems carry figures from the data and include the
  base's known shortfall (the one indicator below its target); 八 has one measure per problem;
- review: error-level findings on the drafted report;
- rubric: the review's rubric estimate ``score.total`` of the drafted report;
- judge: optional LLM-as-judge (prompts/judge.md) — only with a real LLM endpoint, else null.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from evals.review.generate import BASES, ROOT

DRAFT_LABELS = ("六", "七", "八", "九", "十")
SIX_DIMENSIONS = ("运行成本", "管理效率", "履职效能", "社会效应", "可持续发展能力", "服务对象满意度")
ITEM_HEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|\d+[.、．)）]|[一二三四五六七八九十]+[、.．])")
JUDGE_PROMPT = ROOT / "prompts" / "judge.md"


def data_fixture(key: str):
    """The base report with the narrative of 六–十 removed."""
    from assistant.report import parse_file

    report = parse_file(ROOT / BASES[key].path)
    for s in report.sections:
        if s.label in DRAFT_LABELS:
            s.paragraphs = []
    return report


def items(text: str) -> list[str]:
    """Split a section into numbered items (a heading line plus its body lines); unnumbered text = 1 item."""
    out: list[str] = []
    for ln in (x.strip() for x in text.splitlines()):
        if not ln:
            continue
        if ITEM_HEAD.match(ln) or not out:
            out.append(ln)
        else:
            out[-1] += "\n" + ln
    return out


def coverage(texts: dict[str, str], traced: dict[str, list], known_problem: str) -> dict[str, float]:
    """Coverage of each section's required elements (0..1 each)."""
    six = texts.get("六", "")
    dims = sum(1 for d in SIX_DIMENSIONS if d in six) / len(SIX_DIMENSIONS)
    problems = items(texts.get("七", ""))
    measures = items(texts.get("八", ""))
    data_values = {u.written for u in traced.get("七", []) if u.source.startswith(("data:", "computed:"))}
    tied = (
        sum(1 for p in problems if any(w in p for w in data_values)) / len(problems) if problems else 0.0
    )
    known = 1.0 if known_problem and known_problem in texts.get("七", "") else 0.0
    per_problem = min(1.0, len(measures) / len(problems)) if problems else 0.0
    return {
        "six_dimensions": round(dims, 4),
        "problems_tied_to_data": round(tied, 4),
        "known_problem": known,
        "measures_per_problem": round(per_problem, 4),
        "n_problems": len(problems),
        "n_measures": len(measures),
    }


def judge_prompt(section: str, text: str, data: str) -> str:
    body = JUDGE_PROMPT.read_text(encoding="utf-8")
    body = re.sub(r"\A---\n.*?\n---\n", "", body, flags=re.S)
    import string

    return string.Template(body).substitute(section=section, draft=text, data=data)


def llm_judge(port, label: str, text: str, data: str) -> float | None:
    """Ask the LLM for a 1–5 score; returns the mean of the criteria, None when unusable."""
    from assistant.drafting.llm import Message

    reply = port.generate([Message(role="user", content=judge_prompt(label, text, data))])
    if not isinstance(reply, str):
        reply = "".join(reply)
    m = re.search(r"\{.*\}", reply, re.S)
    if not m:
        return None
    try:
        scores = json.loads(m.group(0))
        vals = [float(scores[k]) for k in ("faithful", "complete", "specific", "actionable") if k in scores]
    except (ValueError, TypeError, KeyError):
        return None
    return round(sum(vals) / len(vals), 3) if vals else None


def run_drafting_eval(
    settings: Any = None,
    bases: tuple[str, ...] = tuple(BASES),
    *,
    port: Any = None,
    retriever: Any = None,
) -> dict[str, Any]:
    """Draft 六–十 for each base; ``port``/``retriever`` override the configured ones (tests)."""
    from assistant.drafting.data_block import data_block
    from assistant.drafting.drafter import draft_report_full
    from assistant.drafting.facts import Facts
    from assistant.drafting.guard import Evidence, check_numbers
    from assistant.drafting.llm import get_port
    from assistant.drafting.problems import find_problems
    from assistant.drafting.retrieval import Retriever
    from assistant.review import review
    from assistant.settings import get_settings

    t0 = time.perf_counter()
    settings = get_settings(settings)
    per_base: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="eval-drafting-") as tmp:
        s = settings.model_copy(update={"data_dir": Path(tmp), "chroma_url": None})
        port = port or get_port(s)
        mode = "offline" if port.is_offline else port.model
        retriever = retriever or Retriever.from_settings(s)
        for key in bases:
            data = data_fixture(key)
            draft = draft_report_full(data, s, port=port, retriever=retriever, sections=list(DRAFT_LABELS))
            evidence = Evidence.from_report(data)
            texts, traced, invented, n_numbers, placeholders = {}, {}, [], 0, 0
            for label in DRAFT_LABELS:
                sug = draft.suggestions[label]
                texts[label] = sug.text
                g = check_numbers(sug.text, citations=sug.citations, evidence=evidence)
                traced[label] = g.numbers_used
                n_numbers += len(g.numbers_used)
                invented += [f"{label}:{w}" for w in g.unverified]
                placeholders += len(sug.placeholders)
            result = review(draft.report, s)
            errors = [f for f in result.findings if f.severity == "error"]
            judge = None
            if not port.is_offline:
                facts = Facts.of(data)
                probs = find_problems(data, facts, s)
                scores = [
                    llm_judge(port, label, texts[label], data_block(data, label, facts, probs))
                    for label in DRAFT_LABELS
                ]
                scores = [x for x in scores if x is not None]
                judge = round(sum(scores) / len(scores), 3) if scores else None
            per_base[key] = {
                "numbers": n_numbers,
                "invented": invented,
                "placeholders": placeholders,
                "review_errors": len(errors),
                "review_error_list": [f"{f.rule}@{f.location.section}: {f.message}" for f in errors],
                "rubric": float(result.score.total),
                "rubric_max": float(result.score.max),
                "coverage": coverage(texts, traced, BASES[key].ind_under),
                "judge": judge,
                "texts": texts,
            }
    n = len(per_base)
    total_numbers = sum(b["numbers"] for b in per_base.values())
    total_invented = sum(len(b["invented"]) for b in per_base.values())
    cov_keys = ("six_dimensions", "problems_tied_to_data", "known_problem", "measures_per_problem")
    cov = {k: round(sum(b["coverage"][k] for b in per_base.values()) / n, 4) for k in cov_keys}
    judges = [b["judge"] for b in per_base.values() if b["judge"] is not None]
    return {
        "mode": mode,
        "bases": list(per_base),
        "invented_numbers": total_invented,
        "numbers": total_numbers,
        "faithfulness": round(1 - total_invented / total_numbers, 4) if total_numbers else None,
        "coverage": cov,
        "coverage_mean": round(sum(cov.values()) / len(cov), 4),
        "review_errors": sum(b["review_errors"] for b in per_base.values()),
        "rubric": round(sum(b["rubric"] for b in per_base.values()) / n, 2),
        "placeholders": sum(b["placeholders"] for b in per_base.values()),
        "judge": round(sum(judges) / len(judges), 3) if judges else None,
        "per_base": per_base,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def flat_metrics(res: dict[str, Any]) -> dict[str, Any]:
    m = {
        "drafting.invented_numbers": res["invented_numbers"],
        "drafting.faithfulness": res["faithfulness"],
        "drafting.coverage": res["coverage_mean"],
        "drafting.review_errors": res["review_errors"],
        "drafting.rubric": res["rubric"],
        "drafting.placeholders": res["placeholders"],
        "drafting.judge": res["judge"],
    }
    for k, v in res["coverage"].items():
        m[f"drafting.coverage.{k}"] = v
    return m
