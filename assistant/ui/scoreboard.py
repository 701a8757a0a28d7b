"""The rubric estimate on the 100-point 考核评分表 scale, item by item, for the 审阅 page.

Built from the presenter's score rows (:func:`assistant.export.present.score_rows`); items the report
cannot show (how the self-evaluation was organised) read ``无法判断`` and count toward no total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assistant.export.present import NOT_JUDGED, score_rows
from assistant.numfmt import points
from assistant.review.engine import ReviewResult

FULL_SCALE = Decimal(100)


def _pts(x: Decimal | None) -> str:
    """``12.5`` / ``8`` — points without trailing zeros; empty when absent."""
    if x is None:
        return ""
    s = points(x)
    return s.rstrip("0").rstrip(".") if "." in s else s


@dataclass(frozen=True)
class ScoreBoard:
    headline: str  # metric value, e.g. ``12.5 分``
    headline_help: str
    summary: str  # one Markdown paragraph
    rows: list[dict[str, str]]
    note: str


def score_board(result: ReviewResult) -> ScoreBoard:
    est = result.score
    rows = []
    unjudged = Decimal(0)
    for r, item in zip(score_rows(result), est.items, strict=True):
        if not r.judged:
            unjudged += r.max
        rows.append({
            "一级指标": item.group,
            "评分项": r.name,
            "分值": _pts(r.max),
            "估计得分": _pts(r.points) if r.judged else NOT_JUDGED,
            "单位自评": _pts(r.stated) if r.stated is not None else "未填",
            "说明": r.reason or ("未发现扣分问题" if r.judged else ""),
        })
    if not est.items:
        return ScoreBoard("—", "报告中没有可对照考核评分表估分的内容。",
                          "该报告没有可估计的评分项。", [], "")
    total_max = sum((it.max for it in est.items), Decimal(0))
    headline = f"{_pts(est.total)} 分"
    help_ = (f"按{_pts(total_max)}分制考核评分表，能从报告本身判断的评分项共{_pts(est.max)}分，估计得{_pts(est.total)}分；"
             f"其余{_pts(unjudged)}分无法判断。")
    summary = (f"**估计得分 {_pts(est.total)} 分**（满分 {_pts(total_max)} 分中，能从报告本身判断的 {_pts(est.max)} 分"
               f"{'' if not unjudged else f'；其余 {_pts(unjudged)} 分无法判断'}）。")
    if est.stated_total is not None:
        summary += f" 单位自评合计 {_pts(est.stated_total)} 分。"
    note = ("每个评分项从分值起扣：报告中发现的错误和警告按其所属评分项扣分，说明列出扣分原因；"
            "“无法判断”的评分项取决于自评工作的布置和实施过程，报告本身看不出来，不计入估计得分。")
    return ScoreBoard(headline, help_, summary, rows, note)
