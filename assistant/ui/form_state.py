"""Mapping between :class:`Figures` and the 起草 page's widget keys (session state), and section status.

Widget keys are stable strings (tests drive the page through them)::

    fig_unit, fig_year, fig_initial_budget, fig_budget, fig_exec_weight,
    fig_basic_total, fig_basic_0..3, fig_project_total, fig_project_0..3, fig_income_0..3,
    fig_sg_<abroad|vehicle_purchase|vehicle_run|reception>_<prev_final|budget|final>,
    fig_public_funds, fig_authorized, fig_actual_staff, fig_goal_target, fig_goal_actual,
    fig_prj_<i>_<name|department|implementer|goal_target|goal_actual|exec_weight> (附件3 project i),
    fig_prj_<i>_funds, fig_prj_<i>_indicators (its data editors; rows start from _prj_<i>_funds_base /
    _prj_<i>_ind_base, the project count is len(_prj_base)),
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
    EXEC_WEIGHT,
    INCOME_KEYS,
    PROJECT_FUND_COLUMNS,
    SANGONG_COLS,
    SANGONG_ITEMS,
    Figures,
    IndicatorInput,
    ProjectFundInput,
    ProjectInput,
    apply_editor_delta,
    dec,
    indicator_records,
    indicators_from_records,
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
    state.update(projects_to_state(fig.projects))
    return state


PROJECT_TEXT: tuple[str, ...] = ("name", "department", "implementer", "goal_target", "goal_actual")


def project_key(i: int, field: str) -> str:
    return f"fig_prj_{i}_{field}"


def fund_records(project: ProjectInput) -> list[dict[str, Any]]:
    return [{"name": f.name, **{c: _f(getattr(f, c)) for c in PROJECT_FUND_COLUMNS[1:]}} for f in project.funds]


def projects_to_state(projects: list[ProjectInput]) -> dict[str, Any]:
    """Widget values and editor base rows of the 附件3 projects."""
    state: dict[str, Any] = {"_prj_base": [p.model_dump(mode="json") for p in projects]}
    for i, p in enumerate(projects):
        for field in PROJECT_TEXT:
            state[project_key(i, field)] = getattr(p, field)
        state[project_key(i, "exec_weight")] = float(p.exec_weight)
        state[f"_prj_{i}_funds_base"] = fund_records(p)
        state[f"_prj_{i}_ind_base"] = indicator_records(Figures(indicators=p.indicators))
    return state


def editor_keys(state: Mapping[str, Any]) -> list[str]:
    """Data-editor delta keys to drop when the widgets are refilled from a draft."""
    return ["fig_indicators", *(k for k in state if k.startswith("fig_prj_") and k.endswith(("_funds", "_indicators")))]


def _rows(state: Mapping[str, Any], base_key: str, delta_key: str) -> list[dict[str, Any]]:
    base = list(state.get(base_key) or [])
    delta = state.get(delta_key)
    return apply_editor_delta(base, delta) if isinstance(delta, dict) else base


def projects_from_state(state: Mapping[str, Any]) -> list[ProjectInput]:
    """The 附件3 projects from their widgets (a widget not in the state keeps the draft's value)."""
    out: list[ProjectInput] = []
    for i, saved in enumerate(state.get("_prj_base") or []):
        p = ProjectInput.model_validate(saved)
        for field in PROJECT_TEXT:
            if project_key(i, field) in state:
                setattr(p, field, str(state.get(project_key(i, field)) or ""))
        if project_key(i, "exec_weight") in state:
            p.exec_weight = q2(dec(state.get(project_key(i, "exec_weight")))) or EXEC_WEIGHT
        funds = []
        for rec in _rows(state, f"_prj_{i}_funds_base", project_key(i, "funds")):
            name = rec.get("name")
            values = {c: q2(dec(rec.get(c))) for c in PROJECT_FUND_COLUMNS[1:]}
            if (isinstance(name, str) and name.strip()) or any(v is not None for v in values.values()):
                funds.append(ProjectFundInput(name=str(name or "").strip() or "年度资金总额", **values))
        p.funds = funds or [ProjectFundInput()]
        p.indicators = indicators_from_records(_rows(state, f"_prj_{i}_ind_base", project_key(i, "indicators")))
        out.append(p)
    return out


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
        projects=projects_from_state(state),
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
