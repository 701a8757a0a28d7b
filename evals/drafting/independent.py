"""An independent drafting eval: inputs, figure checks and coverage that share nothing with the drafter's tests.

``python -m evals.drafting.independent [--json]``

- **Inputs**: facts-only reports in ``evals/drafting/inputs/`` (sections 六–十 empty), written for this eval and
  used by no test of the drafter.
- **Figures**: every figure of the drafted 六–十 is read by this module's own extractor (not
  ``assistant.drafting.numbers`` / ``guard``) and compared with the figures of the input text and with the
  formulas this module computes itself (a/b×100, (a−b)/b×100, a−b, a+b of two same-unit inputs; money per
  person; sums of the figures of one input line). A figure found in neither is *untraced*.
- **Coverage**: the problems the review engine (``assistant.review.run_rules``) lists for the input's data
  (findings located in 一/二/附件, completeness findings aside) must each appear in 七 — by the quoted name
  or a figure the finding states.
- **Measures**: the items of 八, and the sentences repeated between two of them (must be 0).
- **LLM path**: the fake OpenAI server (tests/fakes.py) replays the messy-reply corpus
  (tests/drafting/replies); each drafted suggestion is scored for left-over wrapping, kept content
  sentences, and untraced figures against the corpus's input (tests/fixtures/drafting/unit_b_2022.txt).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INPUTS = Path(__file__).resolve().parent / "inputs"
REPLIES = ROOT / "tests" / "drafting" / "replies"
REPLAY_INPUT = ROOT / "tests" / "fixtures" / "drafting" / "unit_b_2022.txt"
LABELS = ("六", "七", "八", "九", "十")

# ---------------------------------------------------------------- the independent figure extractor

_MASK = [
    r"\[K-[0-9a-zA-Z]+\]",
    r"【待补充[^】]*】",
    r"〔\d{4}〕\s*\d+\s*号",
    r"第\s*\d+\s*[号条款章节]",
    r"\d{4}\s*年(?:度)?",  # years
    r"\d{1,2}\s*月(?:底|末|份)?",
    r"\d{1,2}\s*日",
    r"第?\s*[一二三四1-4]\s*季度",
    r"(?m)^\s*[（(]?\d{1,2}[）)、.．]",  # ordinals at a line start
    r"[。；：，]\s*\d{1,2}\s*[、．](?!\d)",
]
_FIG = re.compile(
    r"(?<![\d.A-Za-z])(\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(亿元|万元|元|%|个百分点|万人次|人次|万页|万册|人|家|个|次|项|件|座|页|册|分|户|场|起|天|个工作日)?"
)
_MONEY = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def figures(text: str) -> list[tuple[Decimal, str, int, str]]:
    """(value, unit, decimals, as written) of every figure in ``text``."""
    masked = text
    for pat in _MASK:
        masked = re.sub(pat, lambda m: " " * len(m.group(0)), masked)
    out = []
    for m in _FIG.finditer(masked):
        raw = m.group(1).replace(",", "")
        try:
            v = Decimal(raw)
        except InvalidOperation:
            continue
        out.append((v, m.group(2) or "", len(raw.split(".")[1]) if "." in raw else 0, m.group(0).strip()))
    return out


def _norm(v: Decimal, unit: str) -> tuple[str, Decimal]:
    if unit in _MONEY:
        return "money", v * _MONEY[unit]
    return unit, v


class Inputs:
    """The input's figures by unit class, and the values this eval's own formulas give."""

    def __init__(self, text: str) -> None:
        self.direct: dict[str, set[Decimal]] = {}
        self.formula: dict[str, set[Decimal]] = {}
        per_unit: dict[str, list[Decimal]] = {}
        hint = ""
        indicator_rows: list[list[str]] = []
        in_indicators = False
        for line in text.splitlines():
            # a bare table cell takes the unit its table block names (（万元） / （人）) or stays bare
            if not line.startswith("|"):
                hint, in_indicators = "", False
            elif "万元" in line:
                hint = "万元"
            elif "（人）" in line:
                hint = "人"
            if "三级指标" in line:
                in_indicators = True
            elif in_indicators and line.count("|") >= 9:
                indicator_rows.append([c.strip() for c in line.strip("|").split("|")])
                hint = "分"  # bare cells of an indicator row: 分值 and 得分
            elif line.startswith("| 总分"):
                hint = "分"
            unit_hint = hint
            row: dict[str, list[Decimal]] = {}
            for v, unit, _, _ in figures(line):
                u = unit or unit_hint
                cls, val = _norm(v, u)
                self.direct.setdefault(cls, set()).add(val)
                self.direct.setdefault("", set()).add(v)
                per_unit.setdefault(cls, []).append(val)
                row.setdefault(cls, []).append(val)
            for cls, vals in row.items():  # within one line (a sentence, a table row): sums, differences, ratios
                if len(vals) >= 2:
                    for n in range(2, len(vals) + 1):
                        self.formula.setdefault(cls, set()).add(sum(vals[:n], Decimal(0)))
                        self.formula.setdefault(cls, set()).add(sum(vals[1:n], Decimal(0)))
                for a, b in combinations(sorted(set(vals)), 2):
                    self.formula.setdefault(cls, set()).add(b - a)
                    for x, y in ((a, b), (b, a)):
                        if y:
                            self.formula.setdefault("%", set()).update({x / y * 100, abs(x - y) / y * 100})
        for a, b in combinations(sorted(set(per_unit.get("money", []))), 2):  # across lines: a total of two amounts
            self.formula.setdefault("money", set()).add(a + b)
        # counts of things the input lists: indicator rows, and those scored at their full weight
        full = sum(1 for r in indicator_rows if len(r) >= 8 and r[-3] and r[-3] == r[-2])
        self.formula.setdefault("项", set()).update({Decimal(len(indicator_rows)), Decimal(full)})
        for m in per_unit.get("money", []):
            for n in per_unit.get("人", []):
                if n:
                    self.formula.setdefault("money", set()).add(m / n)

    def trace(self, v: Decimal, unit: str, decimals: int) -> str | None:
        cls, val = _norm(v, unit)
        scale = _MONEY.get(unit, Decimal(1))
        q = Decimal(1).scaleb(-decimals)

        def hit(pool: set[Decimal]) -> bool:
            return any((x / scale).quantize(q, rounding=ROUND_HALF_UP) == v for x in pool)

        if hit(self.direct.get(cls, set())):
            return "input"
        if hit(self.formula.get(cls if cls != "个百分点" else "%", set())):
            return "formula"
        return None


def score_figures(outputs: dict[str, str], inputs: Inputs) -> dict:
    total, by_input, by_formula, untraced = 0, 0, 0, []
    for label, text in outputs.items():
        for v, unit, dec, written in figures(text):
            total += 1
            how = inputs.trace(v, unit, dec)
            if how == "input":
                by_input += 1
            elif how == "formula":
                by_formula += 1
            else:
                untraced.append(f"{label}:{written}")
    return {"figures": total, "from_input": by_input, "from_formula": by_formula, "untraced": untraced}


# ---------------------------------------------------------------- coverage and measures

_ITEM = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def items(text: str) -> list[str]:
    out: list[str] = []
    for ln in (x.strip() for x in text.splitlines() if x.strip()):
        if _ITEM.match(ln) or not out:
            out.append(ln)
        else:
            out[-1] += "\n" + ln
    return out


def data_problems(report) -> list:
    from assistant.review import run_rules

    return [
        f for f in run_rules(report)
        if f.category != "completeness" and (f.location.section.startswith("附件") or f.location.section in ("一", "二"))
    ]


def mentioned(finding, seven: str) -> bool:
    names = re.findall(r"“([^”]{2,})”", finding.message)
    if any(n in seven for n in names if not re.fullmatch(r"[\d.%≥≤<>]+", n)):
        return True
    seven_figs = {(v, u) for v, u, _, _ in figures(seven)}
    own = [(v, u) for v, u, _, _ in figures(finding.message) if u and u != "%" or (u == "%" and v not in (50, 90, 100))]
    return any(f in seven_figs for f in own)


def measure_stats(eight: str) -> dict:
    its = items(eight)
    per_item = [
        {s.strip() for s in re.split(r"[。；\n]", re.sub(r"\[K-[^\]]*\]", "", it)) if len(s.strip()) > 6}
        for it in its
    ]
    repeated = set()
    for a, b in combinations(per_item, 2):
        repeated |= a & b
    return {"measures": len(its), "distinct": len({frozenset(s) for s in per_item}), "repeated_sentences": sorted(repeated)}


# ---------------------------------------------------------------- the two paths


def _settings(tmp: str, **kw):
    from assistant.settings import LLMSettings, Settings

    return Settings(data_dir=Path(tmp), llm=LLMSettings(**kw))


def score_offline() -> dict:
    from assistant.drafting.drafter import draft_report_full
    from assistant.report import parse_file

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = _settings(tmp, backend="offline")
        for path in sorted(INPUTS.glob("*.txt")):
            report = parse_file(path)
            d = draft_report_full(report, settings, sections=list(LABELS))
            texts = {lab: d.suggestions[lab].text for lab in LABELS}
            problems = data_problems(report)
            seven = texts["七"]
            missed = [f"{f.rule} {f.message}" for f in problems if not mentioned(f, seven)]
            out[path.stem] = {
                **score_figures(texts, Inputs(path.read_text(encoding="utf-8"))),
                "review_problems": len(problems),
                "problems_in_seven": len(problems) - len(missed),
                "missed_problems": missed,
                "problems_listed": len(items(seven)),
                **measure_stats(texts["八"]),
            }
    return out


def score_llm_replay() -> dict:
    from pydantic import SecretStr

    from assistant.drafting.drafter import draft_section
    from assistant.report import parse_file
    from tests.fakes import FakeOpenAIServer

    noise = re.compile(r"好的|以下是|希望对您|如需|仅供参考|\*\*|^#|^- |```|^markdown$|<think|</think|Sure|Let me know|<<<",
                       re.M)
    report = parse_file(REPLAY_INPUT)
    for s in report.sections:
        if s.label in LABELS:
            s.paragraphs = []
    inputs = Inputs(REPLAY_INPUT.read_text(encoding="utf-8"))
    cases, outputs = [], {}
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAIServer() as srv:
        from assistant.settings import LLMSettings, Settings

        settings = Settings(data_dir=Path(tmp), openai_base_url=srv.base_url, openai_api_key=SecretStr("sk-eval"),
                            llm_model="fake-model", llm=LLMSettings(backend="openai", timeout_s=5, max_retries=0))
        for path in sorted(REPLIES.glob("*.reply.txt")):
            head, reply = path.read_text(encoding="utf-8").split("\n", 1)
            label = head.removeprefix("#section:").strip()
            expected_path = path.with_name(path.name.replace(".reply.txt", ".expected.txt"))
            expected = [ln for ln in expected_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            srv.enqueue(reply, reply)
            s = draft_section(report, label, settings)
            srv.state.queue.clear()  # the spare copy (for a re-ask) must not answer the next case
            kept = sum(1 for e in expected if e in s.text)
            outputs[path.stem] = s.text
            cases.append({
                "case": path.stem,
                "noise_left": bool(noise.search(s.text)),
                "content_kept": f"{kept}/{len(expected)}",
                "reasks": s.reasks,
                "guard_flags": sum(1 for n in s.numbers_used if n.source == "unverified"),
            })
    return {
        "cases": cases,
        "replies": len(cases),
        "noise_left": sum(c["noise_left"] for c in cases),
        "content_sentences_kept": sum(int(c["content_kept"].split("/")[0]) for c in cases),
        "content_sentences": sum(int(c["content_kept"].split("/")[1]) for c in cases),
        "reasked": sum(1 for c in cases if c["reasks"]),
        **score_figures(outputs, inputs),
    }


def run() -> dict:
    return {"offline": score_offline(), "llm_replay": score_llm_replay()}


def summary(res: dict) -> list[str]:
    lines = ["Independent drafting eval", "offline drafter:"]
    for name, r in res["offline"].items():
        lines.append(
            f"  {name}: figures {r['figures']} (input {r['from_input']}, formula {r['from_formula']}, "
            f"untraced {len(r['untraced'])}); review problems in 七 {r['problems_in_seven']}/{r['review_problems']}; "
            f"measures {r['measures']}, repeated sentences {len(r['repeated_sentences'])}"
        )
        for u in r["untraced"]:
            lines.append(f"    untraced {u}")
        for m in r["missed_problems"]:
            lines.append(f"    missed {m}")
        for m in r["repeated_sentences"]:
            lines.append(f"    repeated {m}")
    r = res["llm_replay"]
    lines.append(
        f"LLM path (fake server replaying {r['replies']} messy replies): noise left in {r['noise_left']}, content "
        f"sentences kept {r['content_sentences_kept']}/{r['content_sentences']}, re-asked {r['reasked']}, figures "
        f"{r['figures']} (untraced {len(r['untraced'])})"
    )
    for u in r["untraced"]:
        lines.append(f"    untraced {u}")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = run()
    print(json.dumps(res, ensure_ascii=False, indent=2, default=str) if args.json else "\n".join(summary(res)))


if __name__ == "__main__":
    main()
