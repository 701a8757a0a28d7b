"""A conversation about one section: start with a suggestion, revise it with follow-up requests, accept.

Offline, follow-ups are deterministic transforms (更简洁 shortens; 补充满意度调查方法 adds a paragraph with
placeholders; 补充政策依据 adds cited policy; 重新生成/更详细 redrafts in full). With an LLM, revise.md is
used and the result goes through the same guard and self-check as a first draft.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterator

from assistant.drafting.drafter import (
    DraftRun,
    _finish,
    clean_reply,
    draft_section,
    replace_section,
    resolve_citations,
    stream_section,
)
from assistant.drafting.guard import check_numbers
from assistant.drafting.llm import LLMPort, Message
from assistant.drafting.models import DraftSuggestion, placeholder
from assistant.drafting.prompts import CANNOT_DRAFT, render, section_requirements, system_prompt
from assistant.drafting.retrieval import Retriever, hit_to_citation
from assistant.report.model import SECTION_TITLES, Report

if TYPE_CHECKING:  # pragma: no cover
    from assistant.settings import Settings

UNKNOWN_REQUEST = "离线模式无法执行该修改要求，内容未改动；可手动编辑，或配置大模型后再试"

_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]|^\d+、")


def shorten(text: str) -> str:
    """Keep headings, placeholders and the first sentence of every paragraph."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if _SUBHEAD.match(line) and len(line) <= 40:
            out.append(line)
            continue
        sentences = [s for s in re.split(r"(?<=[。；])", line) if s.strip()]
        if not sentences:
            continue
        first = sentences[0]
        if first.endswith("；"):
            first = first[:-1] + "。"
        kept = [first] + [s for s in sentences[1:] if "【待补充" in s and s not in first]
        out.append("".join(kept))
    return "\n".join(out)


def add_survey_method(text: str) -> str:
    para = (
        "满意度调查方法：本次满意度调查采用"
        + placeholder("调查方式，如现场问卷、电话回访、网络问卷或委托第三方")
        + "，调查对象为"
        + placeholder("服务对象范围")
        + "，共发放问卷"
        + placeholder("发放份数")
        + "份，回收有效问卷"
        + placeholder("有效回收份数")
        + "份，调查时间为"
        + placeholder("调查起止时间")
        + "，满意度按“满意”和“比较满意”人数占有效样本的比例计算。"
    )
    dropped = [ln for ln in text.splitlines() if ln.startswith("满意度调查依据：")]
    keys = "".join(re.findall(r"\[K-[0-9a-f]{12}\]", "".join(dropped)))
    para = para[:-1] + keys + "。" if keys else para
    lines = [ln for ln in text.splitlines() if ln not in dropped]
    idx = next((i for i, ln in enumerate(lines) if "满意度" in ln and _SUBHEAD.match(ln)), None)
    if idx is None:
        return "\n".join([*lines, para])
    # insert after the satisfaction block's first body paragraph
    insert_at = idx + 2 if idx + 1 < len(lines) else idx + 1
    return "\n".join([*lines[:insert_at], para, *lines[insert_at:]])


class SectionSession:
    """State of one section's conversation: current suggestion and its history."""

    def __init__(
        self,
        report: Report,
        label: str,
        settings: "Settings | None" = None,
        *,
        port: LLMPort | None = None,
        retriever: Retriever | None = None,
        run: DraftRun | None = None,
    ) -> None:
        self.report = report
        self.label = label
        self.run = run or DraftRun.make(report, settings, port=port, retriever=retriever)
        self.history: list[DraftSuggestion] = []
        self.partial: str | None = None  # text received before a streaming failure

    @property
    def current(self) -> DraftSuggestion | None:
        return self.history[-1] if self.history else None

    def start(self) -> DraftSuggestion:
        s = draft_section(self.report, self.label, run=self.run)
        self.history.append(s)
        return s

    def stream(self) -> Iterator[str | DraftSuggestion]:
        from assistant.errors import LLMUnavailable

        try:
            for item in stream_section(self.report, self.label, run=self.run):
                if isinstance(item, DraftSuggestion):
                    self.history.append(item)
                yield item
        except LLMUnavailable as exc:
            self.partial = getattr(exc, "partial", None)
            raise

    def edit(self, text: str) -> DraftSuggestion:
        """The user edited the text by hand: re-check it (guard + review) and make it current."""
        prev = self.current
        citations = [c for c in (prev.citations if prev else []) if f"[{c.id}]" in text]
        s = _finish(self.run, self.label, text, citations, [], revised_from=prev.text if prev else None, request="手动编辑")
        self.history.append(s)
        return s

    def revise(self, request: str) -> DraftSuggestion:
        if self.current is None:
            self.start()
        assert self.current is not None
        if self.run.port.is_offline:
            s = self._revise_offline(request)
        else:
            s = self._revise_llm(request)
        self.history.append(s)
        return s

    def accept(self) -> Report:
        assert self.current is not None, "nothing to accept"
        return replace_section(self.report, self.label, self.current.text)

    # ---- offline transforms
    def _transforms(self) -> list[tuple[Callable[[str], bool], Callable[[str], str]]]:
        def redraft(_: str) -> str:
            return draft_section(self.report, self.label, run=self.run).text

        def add_policy(text: str) -> str:
            hits = [self.run.retriever.policy(w, q) for w, q in (
                ("中发〔2018〕34号", "全过程 绩效管理"), ("财预〔2021〕101号", "指标 细化量化"), ("财预〔2020〕10号", "单位自评"))]
            bits = [f"{h.wenhao or h.title}[{h.id}]" for h in hits if h is not None]
            return text + "\n政策依据：" + ("、".join(bits) if bits else "中发〔2018〕34号、财预〔2020〕10号、财预〔2021〕101号") + "。"

        return [
            (lambda r: any(w in r for w in ("简洁", "精简", "缩短", "简短", "压缩", "短一些")), shorten),
            (lambda r: "满意度" in r and any(w in r for w in ("调查", "方法", "样本", "问卷", "依据")), add_survey_method),
            (lambda r: any(w in r for w in ("政策依据", "引用政策", "依据文件", "文号")), add_policy),
            (lambda r: any(w in r for w in ("重新生成", "重写", "详细", "展开", "恢复")), redraft),
        ]

    def _revise_offline(self, request: str) -> DraftSuggestion:
        cur = self.current
        assert cur is not None
        for matches, transform in self._transforms():
            if matches(request):
                text = transform(cur.text)
                fresh = draft_section(self.report, self.label, run=self.run) if "[K-" in text else None
                known = {c.id: c for c in (cur.citations + (fresh.citations if fresh else []))}
                for h in self.run.retriever._cache.values():
                    for hit in h:
                        known.setdefault(hit.id, hit_to_citation(hit))
                citations = [c for cid, c in known.items() if f"[{cid}]" in text]
                return _finish(self.run, self.label, text, citations, [], revised_from=cur.text, request=request)
        return _finish(self.run, self.label, cur.text, cur.citations, [UNKNOWN_REQUEST], revised_from=cur.text, request=request)

    # ---- LLM
    def _revise_llm(self, request: str) -> DraftSuggestion:
        from assistant.drafting.data_block import data_block

        cur = self.current
        assert cur is not None
        passages, hits = self.run.passages_block(self.label)
        user = render(
            "revise",
            label=self.label,
            heading=SECTION_TITLES[self.label],
            request=request,
            current=cur.text,
            requirements=section_requirements()[self.label],
            data=data_block(self.report, self.label, self.run.ctx.facts, self.run.ctx.problems),
            passages=passages,
        )
        messages = [Message(role="system", content=system_prompt()), Message(role="user", content=user)]
        reply = self.run.port.generate(messages)
        assert isinstance(reply, str)
        if CANNOT_DRAFT in reply or not clean_reply(reply, self.label):
            return _finish(self.run, self.label, cur.text, cur.citations, ["大模型未能按要求修改，内容未改动"],
                           revised_from=cur.text, request=request)
        hits = hits + [c for c in []]
        text, citations, warnings = resolve_citations(clean_reply(reply, self.label), hits)
        # keep citations of the current text that are still referenced
        for c in cur.citations:
            if f"[{c.id}]" in text and all(x.id != c.id for x in citations):
                citations.append(c)
        reasks = 0
        g = check_numbers(text, citations=citations, evidence=self.run.evidence)
        if g.unverified:
            reasks = 1
            repair = render("repair", label=self.label, draft=text,
                            issues="1）以下数字无法在填报数据或所引用资料中找到出处：" + "、".join(g.unverified))
            reply2 = self.run.port.generate([*messages, Message(role="assistant", content=reply),
                                             Message(role="user", content=repair)])
            assert isinstance(reply2, str)
            if clean_reply(reply2, self.label) and CANNOT_DRAFT not in reply2:
                text, citations, w2 = resolve_citations(clean_reply(reply2, self.label), hits)
                warnings += w2
        return _finish(self.run, self.label, text, citations, warnings, reasks=reasks, revised_from=cur.text, request=request)
