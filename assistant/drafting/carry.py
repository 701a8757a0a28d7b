"""Start this year's report from last year's: structure and standing text from last year, figures from this year.

:func:`carry_forward` takes from last year's report only what does not change with the year's money:

- 一（一）职能职责 / 机构设置 text (not （二） goals and results, which are last year's);
- 九 — how the unit applies and publishes the results (e.g. the portal it publishes on);
- the indicator names and targets, when this year's 自评表 has none (targets labelled as last year's,
  actual values left blank for the user).

Every carried sentence is rewritten: the report year (and the year after it) move forward by the gap
between the two reports; staffing sentences are dropped when this year's data has staffing (drafting
writes them from the data); any other number from last year is replaced by a ``【待补充：…】`` that
names last year's value, so no stale figure can read as this year's. This year's own text always wins.
"""

from __future__ import annotations

import re

from assistant.drafting.models import placeholder
from assistant.drafting.numbers import find_numbers
from assistant.report.model import (
    SECTION_LABELS,
    SECTION_TITLES,
    IndicatorRow,
    Paragraph,
    Report,
    Section,
    SelfEvalTable,
)

CARRIED_SECTIONS = ("一", "九")
STAFF_WORDS = ("编制", "在职", "退休", "实有", "离休")
_SENTENCE = re.compile(r"(?<=[。；;！？])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")
_SUBHEAD_TWO = re.compile(r"^\s*[（(]\s*二\s*[）)]")


def _shift_years(text: str, last: int, delta: int) -> str:
    """Move last year's report year (and the year it planned for) forward; older years stay (history)."""

    def sub(m: re.Match) -> str:
        y = int(m.group(1))
        return str(y + delta) if y in (last, last + 1) else m.group(1)

    return _YEAR.sub(sub, text)


def _replace_numbers(text: str, last: int | None, year: int | None) -> str:
    """Every non-year figure of last year's text becomes a placeholder that names it as last year's."""
    mentions = [m for m in find_numbers(text) if not m.is_year]
    if not mentions:
        return text
    label = f"{last}年报告为" if last else "上年报告为"
    now = f"{year}年" if year else "本年"
    out, pos = [], 0
    for m in mentions:
        raw = text[m.start : m.end]
        out.append(text[pos : m.start])
        out.append(placeholder(f"{now}数（{label}{raw}）"))
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


def carry_text(text: str, last: int | None, year: int | None, *, drop_staffing: bool) -> str:
    """One paragraph of last year's report, made safe for this year's (may return '')."""
    delta = (year - last) if (year and last) else 0
    kept = []
    for sent in _SENTENCE.split(text):
        if not sent.strip():
            continue
        has_number = any(not m.is_year for m in find_numbers(sent))
        if drop_staffing and has_number and any(w in sent for w in STAFF_WORDS):
            continue
        s = _shift_years(sent, last, delta) if (last and delta) else sent
        kept.append(_replace_numbers(s, last, year))
    return "".join(kept).strip().lstrip("，,；;").strip()


def _has_narrative(report: Report, label: str) -> bool:
    return bool(report.section_text(label).strip())


def _standing_part(report: Report, label: str) -> list[str]:
    """The paragraphs of last year's section worth carrying (一: only （一）, before the goals)."""
    sec = report.section(label)
    if sec is None:
        return []
    out = []
    for p in sec.paragraphs:
        if label == "一" and out and _SUBHEAD_TWO.match(p.text):
            break
        out.append(p.text)
    return out


def _staffing_known(report: Report) -> bool:
    st = report.basic_data.staffing if report.basic_data else None
    txt = report.staffing_text
    return bool((st and (st.authorized or st.actual)) or txt.authorized or txt.actual)


def _carried_indicators(last: Report) -> list[IndicatorRow]:
    rows = []
    ly = f"{last.year}年" if last.year else "上年"
    for i in last.self_eval.indicators if last.self_eval else []:
        target = i.target.strip()
        rows.append(
            IndicatorRow(
                level1=i.level1,
                level2=i.level2,
                level3=i.level3,
                target=f"{target}（{ly}指标值，待确认）" if target else "",
                actual="",
            )
        )
    return rows


def carry_forward(last_year: Report, this_year: Report) -> Report:
    """This year's report (figures, tables, any text it has) with last year's standing text carried over."""
    new = this_year.model_copy(deep=True)
    last = last_year.year
    year = this_year.year or (last + 1 if last else None)
    new.year = year
    new.unit = this_year.unit or last_year.unit
    if not new.title and year and new.unit:
        new.title = f"{year}年度{new.unit}整体支出绩效自评报告"
    drop_staffing = _staffing_known(this_year)
    order = {lab: i for i, lab in enumerate(SECTION_LABELS)}
    for label in CARRIED_SECTIONS:
        if _has_narrative(this_year, label):
            continue
        texts = [carry_text(t, last, year, drop_staffing=drop_staffing) for t in _standing_part(last_year, label)]
        texts = [t for t in texts if t]
        if not texts:
            continue
        old = new.section(label)
        sec = Section(
            label=label,  # type: ignore[arg-type]
            heading=old.heading if old else SECTION_TITLES[label],
            paragraphs=[Paragraph(index=n, text=t) for n, t in enumerate(texts)],
        )
        new.sections = sorted([s for s in new.sections if s.label != label] + [sec], key=lambda s: order[s.label])
    if not (new.self_eval and new.self_eval.indicators):
        rows = _carried_indicators(last_year)
        if rows:
            if new.self_eval is None:
                new.self_eval = SelfEvalTable(name=new.unit or "", indicators=rows)
            else:
                new.self_eval.indicators = rows
    return new
