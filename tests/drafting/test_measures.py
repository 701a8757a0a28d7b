"""八: one specific measure per problem (object, figure, who, by when, a fitting policy); follow-ups keep facts."""

from __future__ import annotations

import re

import pytest

from assistant.drafting.numbers import find_numbers
from assistant.drafting.offline import DraftContext, SectionDraft, measure_lines, problem_figure, problem_kind
from assistant.drafting.session import SectionSession
from tests.drafting.conftest import clean_fixture_paths, strip_narrative

FITTING = {
    "execution": "中发〔2018〕34号", "budgeting": "预算法", "overspend": "预算法", "targets": "财预〔2021〕101号",
    "measurement": "财预〔2021〕101号", "satisfaction": "财预〔2020〕10号", "shortfall": "财预〔2020〕10号",
    "consistency": "预算法", "cost": "中发〔2018〕34号",
}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。；\n]", re.sub(r"\[K-[0-9a-f]+\]", "", text)) if s.strip()]


@pytest.fixture(scope="module")
def contexts(retriever):
    from assistant.report import parse_file

    return [DraftContext(strip_narrative(parse_file(p)), retriever) for p in clean_fixture_paths()]


def test_every_problem_gets_its_own_measure(contexts):
    checked = 0
    for ctx in contexts:
        lines = measure_lines(ctx, SectionDraft())
        assert len(lines) == len(ctx.problems[:10]) >= 2
        all_sentences = [s for _, body in lines for s in sentences(body)]
        dupes = {s for s in all_sentences if all_sentences.count(s) > 1}
        assert dupes == set(), dupes
        year = ctx.facts.year
        for p, (head, body) in zip(ctx.problems[:10], lines, strict=False):
            assert p.title in head
            assert re.search(r"由[^，]*(部门|科室|办公室)", body), body  # who acts
            assert f"{year + 1}年" in body, body  # by when
            figure = problem_figure(p)
            if figure:  # the problem's own figure, as its evidence states it
                assert figure in body and any(m.kind != "year" for m in find_numbers(figure))
            kind = problem_kind(p)
            if kind in FITTING:
                assert FITTING[kind] in body.split("针对")[-1], (kind, body)
            checked += 1
    assert checked >= 10


def test_two_shortfalls_do_not_share_a_sentence(unit_b, retriever):
    # the same kind of problem twice (two indicators short) still gets two measures with no sentence in common
    from decimal import Decimal

    from assistant.report.model import Figure

    report = unit_b.model_copy(deep=True)
    ind = next(i for i in report.self_eval.indicators if i.level3 == "阅读推广活动场次")
    ind.actual, ind.score = "140场", Figure(value=Decimal(8), unit="分")
    ctx = DraftContext(report, retriever)
    kinds = [problem_kind(p) for p in ctx.problems]
    assert kinds.count("shortfall") == 2
    bodies = [b for p, (_, b) in zip(ctx.problems[:10], measure_lines(ctx, SectionDraft()), strict=False) if problem_kind(p) == "shortfall"]
    assert "“阅读推广活动场次”" in bodies[0] + bodies[1] and "“读者服务水平”" in bodies[0] + bodies[1]
    assert not set(sentences(bodies[0])) & set(sentences(bodies[1]))
    assert all("财预〔2020〕10号" in b for b in bodies)


@pytest.mark.parametrize("label", ["七", "八"])
def test_follow_ups_keep_facts_and_citations(label, unit_b, offline_settings, retriever):
    s = SectionSession(unit_b, label, offline_settings, retriever=retriever)
    first = s.start()
    facts = {m.written for m in find_numbers(first.text) if m.kind != "year"}
    keys = set(re.findall(r"\[K-[0-9a-f]+\]", first.text))
    assert facts and (keys or label == "七")
    short = s.revise("更简洁一些")
    assert len(short.text) < len(first.text)
    assert facts <= {m.written for m in find_numbers(short.text)}
    assert keys <= set(re.findall(r"\[K-[0-9a-f]+\]", short.text))
    assert {c.id for c in first.citations if f"[{c.id}]" in first.text} <= {c.id for c in short.citations}
    more = s.revise("加上政策依据")
    assert facts <= {m.written for m in find_numbers(more.text)}
    assert keys <= set(re.findall(r"\[K-[0-9a-f]+\]", more.text))
    assert "政策依据" in more.text
    assert not any("无法在填报数据" in w for w in [*short.warnings, *more.warnings])
