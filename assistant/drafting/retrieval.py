"""Retrieval for drafting: section queries, policy look-up by 文号, hits → citations.

The knowledge base is optional: without one (or when it fails) drafting still works, cites nothing and
says so in a warning. Results are cached per Retriever so a whole-report draft searches each query once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from assistant.drafting.models import Citation
from assistant.knowledge import KnowledgeBase

if TYPE_CHECKING:  # pragma: no cover
    from assistant.knowledge.models import Hit
    from assistant.settings import Settings

log = logging.getLogger(__name__)

SECTION_QUERIES: dict[str, str] = {
    "一": "基本情况 职能职责 机构设置 编制 实有人数 绩效目标 完成情况",
    "二": "一般公共预算支出 基本支出 项目支出 经济分类 工资福利支出 商品和服务支出",
    "三": "政府性基金预算支出情况",
    "四": "国有资本经营预算支出情况",
    "五": "社会保险基金预算支出情况",
    "六": "部门整体支出绩效情况 运行成本 管理效率 履职效能 社会效应 可持续发展能力 满意度",
    "七": "存在的问题及原因分析 问题 原因",
    "八": "下一步改进措施 政策依据 问题对应",
    "九": "绩效自评结果应用 公开 门户网站 个人信息",
    "十": "其他需要说明的情况",
}


class SearchBackend(Protocol):
    def search(self, query: str, k: int = 5) -> list["Hit"]: ...


def hit_to_citation(hit: "Hit") -> Citation:
    return Citation(
        id=hit.id,
        title=hit.title,
        wenhao=getattr(hit, "wenhao", "") or "",
        heading=hit.section,
        citation=hit.citation,
        text=hit.text,
    )


class Retriever:
    """Caching wrapper around a KnowledgeBase (or anything with ``search(query, k)``)."""

    def __init__(self, backend: SearchBackend | None):
        self.backend = backend
        self.error: str | None = None
        self._cache: dict[tuple[str, int], list[Any]] = {}

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Retriever":
        try:
            return cls(KnowledgeBase(settings))
        except Exception as exc:  # noqa: BLE001 - retrieval is optional for drafting
            r = cls(None)
            r.error = f"知识库不可用（{type(exc).__name__}），本次起草未引用参考资料"
            return r

    def search(self, query: str, k: int = 5) -> list["Hit"]:
        if self.backend is None:
            return []
        key = (query, k)
        if key not in self._cache:
            try:
                self._cache[key] = list(self.backend.search(query, k=k))
            except Exception as exc:  # noqa: BLE001
                log.warning("knowledge search failed: %s", type(exc).__name__)
                self.error = f"知识库检索失败（{type(exc).__name__}），本次起草未引用参考资料"
                self._cache[key] = []
        return self._cache[key]

    def cached_hits(self) -> list[list["Hit"]]:
        """Every result list searched so far in this run (a revision may cite any of them)."""
        return list(self._cache.values())

    def for_section(self, label: str, k: int = 4) -> list["Hit"]:
        return self.search(SECTION_QUERIES.get(label, label), k=k)

    def policy(self, wenhao: str, query: str) -> "Hit | None":
        """The best passage of the document with this 文号 (or title word) for the query."""
        hits = self.search(f"{wenhao} {query}", k=10)
        key = wenhao.replace("及其实施条例", "")
        for h in hits:
            if wenhao and (wenhao in (getattr(h, "wenhao", "") or "") or key in h.title or key in h.citation):
                return h
        return None
