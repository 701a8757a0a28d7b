"""Fuzzing: parsers, review engine and exporters over generated reports and raw bytes.

Quick profile in `make test`; `make fuzz` sets ASSISTANT_FUZZ_EXAMPLES=10000 and prints the count.
Only the typed InputUnusable may escape; nothing may hang (each example is time-limited by the parser).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.errors import InputUnusable
from assistant.report import parse_bytes
from assistant.settings import Limits, Settings

N = int(os.environ.get("ASSISTANT_FUZZ_EXAMPLES", "30"))
COUNT = {"bytes": 0, "mutated": 0, "docx": 0, "pdf": 0}
BASES = [Path("tests/fixtures/seed_000.txt").read_text(encoding="utf-8"),
         Path("tests/fixtures/clean_a.txt").read_text(encoding="utf-8"),
         Path("tests/fixtures/clean_b.txt").read_text(encoding="utf-8")]
DOCX = Path("tests/fixtures/clean_a.docx").read_bytes()
PDF = Path("tests/fixtures/clean_a.pdf").read_bytes()
SETTINGS = Settings(data_dir=Path("data-fuzz-unused"), limits=Limits(parse_timeout_s=10))
NOISE = ["", "\t", "\t\t", "　", "一、", "（一）", "附件2", "附件9", "总分", "\t100%", "\t-5", "\t1,2,3", "１２３．４５％",
         "基本支出为万元", "其中：", "\t已完成", "13800138000", "\t" + "9" * 40, "七、存在的问题", "合计", "\x0b", "\ufeff"]

_PCT = [0]


def _check_pipeline(report) -> None:
    from assistant.export.findings_format import render_json, render_markdown, render_table
    from assistant.export.report_docx import export_report_text, report_docx_bytes
    from assistant.review import review

    res = review(report)
    render_json(res)
    render_markdown([res])
    render_table([res])
    export_report_text(report, "txt")
    if COUNT["mutated"] % 10 == 0:  # the Word writer is slower; sample it
        report_docx_bytes(report)


def _mutate(text: str, rnd: random.Random, ops: int) -> str:
    lines = text.split("\n")
    for _ in range(ops):
        if not lines:
            break
        i = rnd.randrange(len(lines))
        op = rnd.randrange(6)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, rnd.choice(NOISE))
        elif op == 2:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
        elif op == 3:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 4:
            lines[i] = "".join(str(rnd.randrange(10)) if c.isdigit() else c for c in lines[i])
        else:
            lines.insert(i, lines[i])
    return "\n".join(lines)


@hsettings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.integers(0, 2), st.integers(0, 2**32 - 1), st.integers(1, 40), st.sampled_from(["utf-8", "gb18030"]))
def test_fuzz_mutated_reports_parse_review_export(base, seed, ops, enc):
    text = _mutate(BASES[base], random.Random(seed), ops)
    COUNT["mutated"] += 1
    try:
        report = parse_bytes(text.encode(enc, "replace"), "fuzz.txt", SETTINGS)
    except InputUnusable:
        return
    _check_pipeline(report)


@hsettings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.binary(max_size=2048), st.sampled_from(["x.txt", "x.docx", "x.xlsx", "x"]))
def test_fuzz_raw_bytes(data, name):
    COUNT["bytes"] += 1
    try:
        parse_bytes(data, name, SETTINGS)
    except InputUnusable:
        pass


def _corrupt_and_review(blob: bytes, pos: int, patch: bytes, name: str, key: str) -> None:
    """Overwrite bytes of a real file, then parse and review: only the typed error may escape."""
    COUNT[key] += 1
    data = blob[:pos] + patch + blob[pos + len(patch):]
    try:
        report = parse_bytes(data, name, SETTINGS)
    except InputUnusable:
        return
    from assistant.review import review

    review(report)


@hsettings(max_examples=max(5, N // 10), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.integers(0, len(DOCX) - 1), st.binary(min_size=1, max_size=64))
def test_fuzz_corrupted_docx(pos, patch):
    _corrupt_and_review(DOCX, pos, patch, "x.docx", "docx")


@hsettings(max_examples=max(5, N // 20), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(st.integers(0, len(PDF) - 1), st.binary(min_size=1, max_size=64))
def test_fuzz_corrupted_pdf(pos, patch):
    _corrupt_and_review(PDF, pos, patch, "x.pdf", "pdf")


def test_zz_report_count():
    total = sum(COUNT.values())
    print(f"\nfuzz examples run: {total} ({COUNT}); any unexpected exception fails the tests above")
    assert total >= 1
