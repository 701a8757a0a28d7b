"""Reply cleaning on a corpus of realistic model replies (tests/drafting/replies)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.drafting.clean import clean_reply
from assistant.drafting.data_block import data_block
from assistant.drafting.facts import Facts
from assistant.drafting.numbers import find_numbers
from assistant.drafting.problems import find_problems

REPLIES = Path(__file__).parent / "replies"
CASES = sorted(p.name.removesuffix(".reply.txt") for p in REPLIES.glob("*.reply.txt"))
NOISE = re.compile(
    r"好的|当然|以下是|希望对您|如需|如有需要|如果您需要|仅供参考|请随时|\*\*|^#|^- |^\* |```|^markdown$|<think|</think|"
    r"Sure|Here is|Let me know|Note:|^\||<<<|---",
    re.M,
)


def load(name: str) -> tuple[str, str, list[str]]:
    raw = (REPLIES / f"{name}.reply.txt").read_text(encoding="utf-8")
    head, reply = raw.split("\n", 1)
    label = head.removeprefix("#section:").strip()
    expected = [ln for ln in (REPLIES / f"{name}.expected.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    return label, reply, expected


@pytest.fixture(scope="module")
def block(unit_b):
    facts = Facts.of(unit_b)
    return lambda label: data_block(unit_b, label, facts, find_problems(unit_b, facts))


def test_corpus_is_varied():
    assert len(CASES) >= 15


@pytest.mark.parametrize("name", CASES)
def test_cleaned_reply_keeps_every_content_sentence_and_nothing_else(name, block):
    label, reply, expected = load(name)
    c = clean_reply(reply, label, data_block=block(label))
    assert c.text.splitlines() == expected, c.removed
    assert not NOISE.search(c.text)


@pytest.mark.parametrize("name", CASES)
def test_think_content_never_survives(name, block):
    label, reply, _ = load(name)
    thought = "".join(re.findall(r"<think>(.*?)(?:</think>|$)", reply, re.S))
    if "</think>" in reply and "<think>" not in reply:
        thought = reply.split("</think>")[0]
    c = clean_reply(reply, label, data_block=block(label))
    for m in find_numbers(thought):
        # a figure only the reasoning has (not also the content) must be gone
        if m.written not in "\n".join(load(name)[2]):
            assert m.written not in c.text


def test_unclosed_think_and_empty_replies_are_reasked():
    assert clean_reply("<think>执行率88.03%，还要再想想", "七").needs_reask
    assert clean_reply("好的，以下是第七部分的草稿：\n希望对您有帮助！", "七").needs_reask
    assert not clean_reply("（一）预算执行率偏低", "七").needs_reask


def test_nothing_to_clean_is_left_alone():
    text = "（一）预算执行率偏低\n全年预算数1520.00万元，执行率88.03%。原因分析：进度偏后。"
    c = clean_reply(text, "七")
    assert c.text == text and c.removed == [] and not c.needs_reask


def test_a_content_line_that_looks_like_a_preamble_is_kept():
    text = "根据部门决算数据，本单位2022年度基本支出1026.75万元，具体内容如下：工资福利支出812.35万元。"
    assert clean_reply(text, "二").text == text


@pytest.mark.parametrize("size", [1, 3, 7, 50])
def test_streamed_think_never_shows(size):
    from assistant.drafting.clean import ThinkFilter

    reply = "<think>满意度大概97%，先列问题</think>\n（一）预算执行率偏低<thinking>再想想</thinking>\n执行率88.03%。"
    f = ThinkFilter()
    shown = "".join(f.feed(reply[i : i + size]) for i in range(0, len(reply), size)) + f.flush()
    assert shown == "\n（一）预算执行率偏低\n执行率88.03%。"
