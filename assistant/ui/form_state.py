"""Mapping between :class:`Figures` and the 起草 page's widget keys (session state), and section status.

Widget keys are stable strings (tests drive the page through them)::

    fig_unit, fig_year, fig_initial_budget, fig_budget, fig_exec_weight,
    fig_basic_total, fig_basic_0..3, fig_project_total, fig_project_0..3, fig_income_0..3,
    fig_sg_<abroad|vehicle_purchase|vehicle_run|reception>_<prev_final|budget|final>,
    fig_public_funds, fig_authorized, fig_actual_staff, fig_goal_target, fig_goal_actual,
    sec_text_<一…十> (section editors)

The widget keys are a view: the draft (``assistant.drafting.workspace.Draft``) is the working copy, and the
page refills the keys from it whenever the draft changes (load, import, accept, restore, draft-all) or a
widget's state was dropped (a section editor that was not shown in the last run).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from assistant.report.model import ECONOMIC_CLASSES, SECTION_LABELS, SECTION_TITLES
from assistant.ui.figures import (
    INCOME_KEYS,
    SANGONG_COLS,
    SANGONG_ITEMS,
    Figures,
    IndicatorInput,
    dec,
    q2,
)

MONEY_KEYS: dict[str, str] = {
    "fig_initial_budget": "initial_budget",
    "fig_budget": "budget",
    "fig_basic_total": "basic_total",
    "fig_project_total": "project_total",
    "fig_public_funds": "public_funds",
}
TEXT_KEYS: dict[str, str] = {"fig_unit": "unit", "fig_goal_target": "goal_target", "fig_goal_actual": "goal_actual"}
INT_KEYS: dict[str, str] = {"fig_authorized": "authorized", "fig_actual_staff": "actual_staff"}


def section_key(label: str) -> str:
    return f"sec_text_{label}"


def sections_to_state(sections: Mapping[str, str]) -> dict[str, str]:
    """Editor values for all ten sections."""
    return {section_key(label): sections.get(label, "") for label in SECTION_LABELS}


def class_key(group: str, i: int) -> str:
    return f"fig_{group}_{i}"


def sangong_key(item: str, col: str) -> str:
    return f"fig_sg_{item}_{col}"


def _f(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def figures_to_state(fig: Figures) -> dict[str, Any]:
    """Widget values for a Figures (floats / ints / str / None)."""
    state: dict[str, Any] = {"fig_year": int(fig.year), "fig_exec_weight": float(fig.exec_weight)}
    for key, attr in MONEY_KEYS.items():
        state[key] = _f(getattr(fig, attr))
    for key, attr in TEXT_KEYS.items():
        state[key] = getattr(fig, attr) or ""
    for key, attr in INT_KEYS.items():
        state[key] = getattr(fig, attr)
    for i, c in enumerate(ECONOMIC_CLASSES):
        state[class_key("basic", i)] = _f(fig.basic.get(c))
        state[class_key("project", i)] = _f(fig.project.get(c))
    for i, k in enumerate(INCOME_KEYS):
        state[class_key("income", i)] = _f(fig.income.get(k))
    for item in SANGONG_ITEMS:
        for col in SANGONG_COLS:
            state[sangong_key(item, col)] = _f(fig.sangong[item][col])
    return state


def figures_from_state(state: Mapping[str, Any], indicators: list[IndicatorInput] | None = None) -> Figures:
    """A Figures from widget values; missing keys are empty."""

    def money(key: str) -> Decimal | None:
        return q2(dec(state.get(key)))

    def integer(key: str) -> int | None:
        v = state.get(key)
        return None if v is None or v == "" else int(v)

    fig = Figures(
        unit=str(state.get("fig_unit") or "").strip(),
        year=int(state.get("fig_year") or Figures().year),
        exec_weight=q2(dec(state.get("fig_exec_weight"))) or Decimal(10),
        indicators=list(indicators or []),
    )
    for key, attr in MONEY_KEYS.items():
        setattr(fig, attr, money(key))
    for key, attr in TEXT_KEYS.items():
        if attr != "unit":
            setattr(fig, attr, str(state.get(key) or ""))
    for key, attr in INT_KEYS.items():
        setattr(fig, attr, integer(key))
    for i, c in enumerate(ECONOMIC_CLASSES):
        fig.basic[c] = money(class_key("basic", i))
        fig.project[c] = money(class_key("project", i))
    for i, k in enumerate(INCOME_KEYS):
        fig.income[k] = money(class_key("income", i))
    for item in SANGONG_ITEMS:
        for col in SANGONG_COLS:
            fig.sangong[item][col] = money(sangong_key(item, col))
    return fig


STATUS_EMPTY, STATUS_DRAFTED, STATUS_FINDINGS = "空", "已起草", "有问题"


def section_status(sections: Mapping[str, str], findings) -> list[dict[str, Any]]:
    """One row per section 一…十: 状态 empty / drafted / has findings, with the finding count."""
    per: dict[str, int] = {}
    for f in findings:
        per[f.location.section] = per.get(f.location.section, 0) + 1
    rows = []
    for label in SECTION_LABELS:
        text = (sections.get(label) or "").strip()
        n = per.get(label, 0)
        if not text:
            status = STATUS_EMPTY
        elif n:
            status = STATUS_FINDINGS
        else:
            status = STATUS_DRAFTED
        rows.append({"章节": f"{label}、{SECTION_TITLES[label]}", "状态": status, "问题数": n,
                     "字数": len(text)})
    return rows
