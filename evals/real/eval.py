"""Real-material metric: the review on real published documents against a hand-made truth file.

The set lives in ``tests/fixtures/real``: each ``NN_*.txt`` starts with two header lines (``来源:`` and
``抓取:``) that are stripped before reviewing; ``expected.toml`` gives per file the expected kind, whether
the page is cut, and the certain defects with a matcher (rule category plus key strings the finding's
message or evidence must contain). See ``tests/fixtures/real/NOTES.md`` for how each defect was checked.

Numbers (``python -m evals.real.eval`` prints them; ``python -m evals.run --suite real`` records them):

- ``defects_found``: certain defects found / certain defects some rule could cover (``covered = true``);
- ``false_errors_per10``: error-level findings that match no expected defect, per 10 documents reviewed;
- ``wrong_refusals``: self-evaluations the review refused (exit 2 / InputUnusable);
- ``wrong_accepts``: non-self-evaluations (a 决算, a notice) reviewed instead of refused;
- ``silent_passes``: reviewed files with at least one certain defect and zero findings;
- ``cut_errors``: completeness errors on files whose page is cut that match no certain defect (a missing part
  that is only cut off; a part the truth file records as truly missing — the body ends before an 附件 that the
  page then cuts — is not one);
- the same numbers on the ``shared = true`` subset (../shared/real) under ``shared.*``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any, Callable, Iterable

ROOT = Path(__file__).resolve().parents[2]
REAL_DIR = ROOT / "tests" / "fixtures" / "real"
TRUTH = REAL_DIR / "expected.toml"
HEADER_PREFIXES = ("来源:", "抓取:")
KINDS = ("dept_report", "dept_table", "project_report", "project_table", "combined", "not_self_eval")
CATEGORIES = ("arithmetic", "consistency", "score", "indicator", "completeness", "boilerplate", "problems",
              "measures", "evidence", "privacy", "budget", "proofreading")

# A review outcome for one file: {"refused": bool, "reason": str, "findings": [finding dicts as in the CLI JSON]}
Outcome = dict[str, Any]
Runner = Callable[[str, str], Outcome]


# ------------------------------------------------------------------ truth file

def load_truth(path: Path | None = None) -> list[dict[str, Any]]:
    """The [[doc]] entries of the truth file, defects normalised (category always a list)."""
    data = tomllib.loads((path or TRUTH).read_text(encoding="utf-8"))
    docs = data.get("doc", [])
    for doc in docs:
        for d in doc.setdefault("defect", []):
            cat = d.get("category")
            d["category"] = [cat] if isinstance(cat, str) else list(cat or [])
            d.setdefault("keys", [])
            d.setdefault("any_keys", [])
            d.setdefault("covered", True)
    return docs


def validate_truth(docs: list[dict[str, Any]], folder: Path | None = None) -> list[str]:
    """Problems with the truth file (empty list = well-formed): every fixture has exactly one entry,
    kinds and categories are known, defect ids are unique, keys are non-empty strings."""
    folder = folder or REAL_DIR
    problems: list[str] = []
    files = sorted(p.name for p in folder.glob("*.txt"))
    named = [d.get("file") for d in docs]
    for f in files:
        if named.count(f) != 1:
            problems.append(f"{f}: {named.count(f)} entries in the truth file (want 1)")
    for f in named:
        if f not in files:
            problems.append(f"{f}: in the truth file but no such fixture")
    seen: set[str] = set()
    for doc in docs:
        name = doc.get("file", "?")
        if doc.get("kind") not in KINDS:
            problems.append(f"{name}: unknown kind {doc.get('kind')!r}")
        for key in ("cut", "shared"):
            if not isinstance(doc.get(key), bool):
                problems.append(f"{name}: {key} must be true/false")
        for d in doc.get("defect", []):
            did = d.get("id")
            if not did or did in seen:
                problems.append(f"{name}: missing or duplicate defect id {did!r}")
            seen.add(did)
            if not d.get("desc"):
                problems.append(f"{name} {did}: no description")
            if not d["category"] or any(c not in CATEGORIES for c in d["category"]):
                problems.append(f"{name} {did}: bad category {d['category']}")
            for k in (*d["keys"], *d["any_keys"]):
                if not isinstance(k, str) or not k.strip():
                    problems.append(f"{name} {did}: empty or non-string key {k!r}")
            if not isinstance(d["covered"], bool):
                problems.append(f"{name} {did}: covered must be true/false")
        if doc.get("kind") == "not_self_eval" and doc.get("defect"):
            problems.append(f"{name}: a non-self-evaluation cannot carry review defects")
    return problems


def strip_header(text: str) -> str:
    """The document text without the fixture's two header lines (来源 / 抓取)."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and i < 2 and lines[i].startswith(HEADER_PREFIXES):
        i += 1
    return "".join(lines[i:])


# ------------------------------------------------------------------ running the review

def review_cli(text: str, name: str, tmp_dir: Path) -> Outcome:
    """Run ``python -m assistant review FILE --format json`` on the text as a subprocess."""
    path = tmp_dir / name
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "assistant", "review", str(path), "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    if proc.returncode == 2:
        return {"refused": True, "reason": proc.stderr.strip(), "findings": []}
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"review crashed on {name} (exit {proc.returncode}): {proc.stderr.strip()[-300:]}")
    data = json.loads(proc.stdout)
    return {"refused": False, "reason": "", "findings": data.get("findings", []), "score": data.get("score")}


def review_library(text: str, name: str) -> Outcome:
    """The same as the CLI (same parse, review and JSON rendering), in-process: ~30x faster for 35 files."""
    from assistant.errors import InputUnusable
    from assistant.export import findings_format as ff
    from assistant.report import parse_bytes
    from assistant.review import review

    try:
        report = parse_bytes(text.encode("utf-8"), name)
    except InputUnusable as exc:
        return {"refused": True, "reason": str(exc), "findings": []}
    data = json.loads(ff.render_json(review(report)))
    return {"refused": False, "reason": "", "findings": data.get("findings", []), "score": data.get("score")}


def run_reviews(docs: list[dict[str, Any]], runner: Runner | None = None,
                folder: Path | None = None) -> dict[str, Outcome]:
    folder = folder or REAL_DIR
    runner = runner or review_library
    out: dict[str, Outcome] = {}
    for doc in docs:
        text = strip_header((folder / doc["file"]).read_text(encoding="utf-8"))
        out[doc["file"]] = runner(text, doc["file"])
    return out


# ------------------------------------------------------------------ scoring

def _norm(s: str) -> str:
    """Text for key matching: no spaces, no thousands separators, full-width digits folded."""
    s = s.translate({ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")})
    return re.sub(r"(?<=\d),(?=\d{3})", "", re.sub(r"\s+", "", s))


def finding_text(f: dict[str, Any]) -> str:
    ev = f.get("evidence")
    if not isinstance(ev, str):
        ev = json.dumps(ev, ensure_ascii=False) if ev else ""
    return _norm(f"{f.get('message', '')} {ev}")


def matches(finding: dict[str, Any], defect: dict[str, Any]) -> bool:
    """A finding matches a defect when its category is one of the defect's and its message+evidence
    contains every ``keys`` entry and at least one ``any_keys`` entry (when given)."""
    if finding.get("category") not in defect["category"]:
        return False
    text = finding_text(finding)
    if any(_norm(k) not in text for k in defect["keys"]):
        return False
    return not defect["any_keys"] or any(_norm(k) in text for k in defect["any_keys"])


def score(docs: list[dict[str, Any]], outcomes: dict[str, Outcome]) -> dict[str, Any]:
    """Metrics and per-file detail from the truth entries and review outcomes."""
    per_file: list[dict[str, Any]] = []
    tot = {"docs": 0, "reviewed": 0, "covered": 0, "found": 0, "found_uncovered": 0, "uncovered": 0,
           "false_errors": 0, "wrong_refusals": 0, "wrong_accepts": 0, "silent_passes": 0, "cut_errors": 0,
           "findings": 0}
    for doc in docs:
        o = outcomes[doc["file"]]
        self_eval = doc["kind"] != "not_self_eval"
        findings = [] if o["refused"] else list(o.get("findings", []))
        row: dict[str, Any] = {"file": doc["file"], "kind": doc["kind"], "cut": doc["cut"],
                               "shared": doc["shared"], "refused": o["refused"], "reason": o.get("reason", ""),
                               "n_findings": len(findings), "found": [], "missed": [], "false_errors": [],
                               "cut_errors": []}
        tot["docs"] += 1
        tot["findings"] += len(findings)
        if not o["refused"]:
            tot["reviewed"] += 1
        if self_eval and o["refused"]:
            tot["wrong_refusals"] += 1
        if not self_eval and not o["refused"]:
            tot["wrong_accepts"] += 1
        for d in doc["defect"]:
            hit = any(matches(f, d) for f in findings)
            if d["covered"]:
                tot["covered"] += 1
                tot["found"] += int(hit)
            else:
                tot["uncovered"] += 1
                tot["found_uncovered"] += int(hit)
            (row["found"] if hit else row["missed"]).append(d["id"])
        if not o["refused"] and doc["defect"] and not findings:
            tot["silent_passes"] += 1
            row["silent_pass"] = True
        for f in findings:
            if f.get("severity") != "error":
                continue
            brief = {"rule": f.get("rule"), "category": f.get("category"),
                     "section": (f.get("location") or {}).get("section"), "message": f.get("message", "")}
            if not any(matches(f, d) for d in doc["defect"]):
                row["false_errors"].append(brief)
            if doc["cut"] and f.get("category") == "completeness" and not any(matches(f, d) for d in doc["defect"]):
                row["cut_errors"].append(brief)  # a part that is truly missing (a certain defect) is no cut error
        tot["false_errors"] += len(row["false_errors"])
        tot["cut_errors"] += len(row["cut_errors"])
        per_file.append(row)
    return {**tot, "defects_found": round(tot["found"] / tot["covered"], 4) if tot["covered"] else None,
            "false_errors_per10": round(10 * tot["false_errors"] / tot["docs"], 2) if tot["docs"] else None,
            "per_file": per_file}


def run_real_eval(runner: Runner | None = None, truth: Path | None = None,
                  folder: Path | None = None) -> dict[str, Any]:
    docs = load_truth(truth)
    outcomes = run_reviews(docs, runner, folder)
    res = score(docs, outcomes)
    shared_docs = [d for d in docs if d["shared"]]
    res["shared"] = {k: v for k, v in score(shared_docs, outcomes).items() if k != "per_file"}
    res["dataset"] = f"real_{len(docs)}"
    return res


FLAT_KEYS = ("defects_found", "found", "covered", "false_errors_per10", "wrong_refusals", "wrong_accepts",
             "silent_passes", "cut_errors")


def flat_metrics(res: dict[str, Any]) -> dict[str, Any]:
    out = {f"real.{k}": res[k] for k in FLAT_KEYS}
    out.update({f"real.shared.{k}": res["shared"][k] for k in FLAT_KEYS})
    return out


def failure_kinds(res: dict[str, Any]) -> dict[str, list[str]]:
    """Files grouped by the kind of failure (for the report to the reader's authors)."""
    kinds: dict[str, list[str]] = {}
    for row in res["per_file"]:
        if row["refused"] and row["kind"] != "not_self_eval":
            kinds.setdefault("wrong refusal", []).append(row["file"])
        if row.get("silent_pass"):
            kinds.setdefault("silent pass", []).append(row["file"])
        if row["cut_errors"]:
            kinds.setdefault("missing-part error on a cut page", []).append(row["file"])
        for fe in row["false_errors"]:
            if fe["category"] != "completeness":
                kinds.setdefault(f"false error {fe['rule']}", []).append(row["file"])
    return kinds


def format_summary(res: dict[str, Any]) -> str:
    def line(r: dict[str, Any], label: str) -> str:
        return (f"{label}: defects found {r['found']}/{r['covered']} covered ({r['found_uncovered']}/"
                f"{r['uncovered']} uncovered) · false errors {r['false_errors']} "
                f"({r['false_errors_per10']}/10 docs) · wrong refusals {r['wrong_refusals']} · wrong accepts "
                f"{r['wrong_accepts']} · silent passes {r['silent_passes']} · cut-page completeness errors "
                f"{r['cut_errors']} · docs {r['docs']} (reviewed {r['reviewed']})")

    out = [line(res, "all"), line(res["shared"], "shared/real")]
    for row in res["per_file"]:
        state = "REFUSED" if row["refused"] else f"{row['n_findings']} findings"
        out.append(f"- {row['file']} [{row['kind']}{', cut' if row['cut'] else ''}] {state}; found "
                   f"{row['found'] or '-'}; missed {row['missed'] or '-'}; false errors "
                   f"{[fe['rule'] for fe in row['false_errors']] or '-'}")
    for kind, files in sorted(failure_kinds(res).items(), key=lambda kv: -len(kv[1])):
        out.append(f"* {kind}: {len(files)} — {', '.join(sorted(set(f[:2] for f in files)))}")
    return "\n".join(out)


def main(argv: Iterable[str] | None = None) -> int:
    import argparse
    import tempfile

    p = argparse.ArgumentParser(prog="python -m evals.real.eval", description=__doc__.splitlines()[0])
    p.add_argument("--cli", action="store_true", help="run the review CLI as a subprocess per file")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = p.parse_args(list(argv) if argv is not None else None)
    if args.cli:
        with tempfile.TemporaryDirectory() as tmp:
            res = run_real_eval(lambda text, name: review_cli(text, name, Path(tmp)))
    else:
        res = run_real_eval()
    print(json.dumps(res, ensure_ascii=False, indent=1) if args.json else format_summary(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
