"""Drafting eval on one base: offline (judge null) and against a fake LLM (judge scored)."""

from __future__ import annotations

import json

from assistant.drafting.llm import LLMPort
from assistant.drafting.retrieval import Retriever
from evals.drafting.eval import flat_metrics, judge_prompt, run_drafting_eval


class JudgingFake(LLMPort):
    """Answers judge prompts with fixed scores and drafting prompts with a number-free paragraph."""

    is_offline = False
    can_stream = False

    @property
    def model(self) -> str:
        return "fake-judge"

    def generate(self, messages, *, stream=False):
        self.calls += 1
        text = messages[-1].content
        if "只输出一个 JSON 对象" in text:
            return json.dumps({"faithful": 5, "complete": 3, "specific": 4, "actionable": 4, "reason": "x"})
        return "（一）运行成本\n本部分据填报数据说明。"


def test_offline_drafting_eval_one_base():
    res = run_drafting_eval(bases=("a",), retriever=Retriever(None))
    m = flat_metrics(res)
    assert res["mode"] == "offline"
    assert m["drafting.judge"] is None
    assert m["drafting.invented_numbers"] == 0
    assert 0 <= m["drafting.coverage"] <= 1
    assert res["per_base"]["a"]["numbers"] > 0


def test_llm_mode_runs_judge():
    res = run_drafting_eval(bases=("a",), port=JudgingFake(), retriever=Retriever(None))
    assert res["mode"] == "fake-judge"
    assert res["judge"] == 4.0


def test_judge_prompt_renders_and_fences_data():
    p = judge_prompt("七", "草稿$内容", "数据{x}")
    assert "草稿$内容" in p and "数据{x}" in p and "$section" not in p
    assert p.index("<<<起草稿开始>>>") < p.index("草稿$内容") < p.index("<<<起草稿结束>>>")
