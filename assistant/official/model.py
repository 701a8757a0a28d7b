"""Typed official record: approved targets and 决算 figures, each with the file and row it came from."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_STRICT = ConfigDict(extra="forbid")

# The 决算 figures the report is checked against (key → Chinese name used in messages).
ACCOUNT_FIELDS: dict[str, str] = {
    "budget": "全年预算数",
    "executed": "全年执行数",
    "basic": "基本支出",
    "project": "项目支出",
    "sangong": "三公经费",
    "staff_authorized": "编制数",
    "staff_actual": "实有人数",
}
STAFF_FIELDS = ("staff_authorized", "staff_actual")


class OfficialSource(BaseModel):
    """Where an official value was read: file, sheet (or Word table) and row (1-based, as the file shows it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(description="Official file name.")
    sheet: str = Field("", description="Sheet name (.xlsx) or 表N (.docx).")
    row: int = Field(description="Row number, 1-based.")

    def label(self) -> str:
        where = f"{self.sheet}" if self.sheet else ""
        return f"{self.file}{'「' + where + '」' if where else ''}第{self.row}行"


class ApprovedTarget(BaseModel):
    """One approved indicator of the 绩效目标申报表 / 目标表."""

    model_config = _STRICT

    level1: str = Field("", description="一级指标.")
    level2: str = Field("", description="二级指标.")
    name: str = Field(description="三级指标 as written.")
    target: str = Field(description="年度指标值 as written (direction, value and unit joined when in separate columns).")
    project: str = Field("", description="项目名称 the indicator belongs to (a project's targets); empty: the unit's own.")
    source: OfficialSource = Field(description="Where it was read.")


class _UnitRecord(BaseModel):
    """Whose record it is: the unit's name and code and the budget year, as the file states them."""

    model_config = _STRICT

    unit: str | None = Field(None, description="Unit name the file or row names (None: not stated).")
    code: str | None = Field(None, description="Unit code, when stated.")
    year: int | None = Field(None, description="Budget year the file's title states, if any.")


class UnitTargets(_UnitRecord):
    targets: list[ApprovedTarget] = Field(default_factory=list, description="Approved indicators in file order.")


class TargetsBook(BaseModel):
    """An approved-targets file: one or many units."""

    model_config = _STRICT

    file: str = Field(description="File name.")
    units: list[UnitTargets] = Field(default_factory=list, description="One entry per unit.")


class OfficialFigure(BaseModel):
    """A 决算 figure: money in 万元 (converted from 元 when the file is in 元) or a head count."""

    model_config = _STRICT

    value: Decimal = Field(description="Exact value in 万元 (money) or 人 (staff).")
    unit: Literal["万元", "人"] = Field("万元", description="Unit of value.")
    raw: str = Field(description="As written in the file, with its unit (e.g. 6124800.00元).")
    source: OfficialSource = Field(description="Where it was read.")


class FinalAccounts(_UnitRecord):
    """One unit's 决算 figures (keys of ACCOUNT_FIELDS)."""

    figures: dict[str, OfficialFigure] = Field(default_factory=dict, description="Field key → figure.")


class AccountsBook(BaseModel):
    model_config = _STRICT

    file: str = Field(description="File name.")
    units: list[FinalAccounts] = Field(default_factory=list, description="One entry per unit.")


class OfficialSkip(BaseModel):
    """An official file that was not used, and why (one line, Chinese / English)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(description="File name.")
    reason: str = Field(description="Why it was skipped.")


class OfficialRecord(BaseModel):
    """What the ``official`` rules compare the report with: this unit's approved targets and 决算 figures."""

    model_config = _STRICT

    unit: str | None = Field(None, description="Unit the record belongs to.")
    targets: list[ApprovedTarget] | None = Field(None, description="Approved indicators (None: no targets file used).")
    targets_file: str | None = Field(None, description="File the targets came from.")
    accounts: FinalAccounts | None = Field(None, description="决算 figures (None: no 决算 file used).")
    accounts_file: str | None = Field(None, description="File the 决算 figures came from.")
    skipped: list[OfficialSkip] = Field(default_factory=list, description="Official files given but not used.")

    def status(self) -> OfficialStatus:
        return OfficialStatus(
            targets=self.targets_file if self.targets is not None else None,
            final_accounts=self.accounts_file if self.accounts is not None else None,
            skipped=list(self.skipped),
        )


class OfficialStatus(BaseModel):
    """The review result's note on the official checks: which files were compared, which were skipped."""

    model_config = _STRICT

    targets: str | None = Field(None, description="Approved-targets file compared with (None: not checked).")
    final_accounts: str | None = Field(None, description="决算 file compared with (None: not checked).")
    skipped: list[OfficialSkip] = Field(
        default_factory=list, description="Official files given but skipped (the official checks did not run on them)."
    )


class OfficialBooks(BaseModel):
    """The official files given for a review (or a batch), read once; bad files are recorded, not raised."""

    model_config = _STRICT

    targets: TargetsBook | None = Field(None, description="Approved-targets book.")
    accounts: AccountsBook | None = Field(None, description="决算 book.")
    skipped: list[OfficialSkip] = Field(default_factory=list, description="Files that could not be read.")

    def empty(self) -> bool:
        return self.targets is None and self.accounts is None and not self.skipped
