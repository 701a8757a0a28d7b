"""Project-level approved targets: each project's indicators are compared with that project's 附件3 form,
the unit's own with 附件2; an approved project with no form in a department report is named."""

from pathlib import Path

from assistant.official.match import load_books, pair_projects, project_score, record_for
from assistant.official.targets import read_targets
from assistant.report import parse_file
from assistant.review import review
from assistant.settings import Settings
from tests.fixtures.official.make_official import (
    B_TARGETS,
    B_UNIT,
    replace_target,
    targets_projects_docx,
    targets_projects_xlsx,
)

PROJECT = "农村饮水安全巩固提升工程"
OTHER = ("山塘清淤扩容工程", [("产出指标", "数量指标", "清淤山塘", "≥12口"), ("效益指标", "社会效益指标", "新增蓄水量", "≥30万立方米")])


def _official(report_path: str, targets: Path) -> list:
    report = parse_file(report_path)
    rec = record_for(report, load_books(targets, None, Settings()))
    return [f for f in review(report, official=rec).findings if f.category == "official"]


def test_reader_keeps_each_indicators_project(tmp_path):
    path = targets_projects_xlsx(B_UNIT, 2024, B_TARGETS[:3], {PROJECT: B_TARGETS, OTHER[0]: OTHER[1]},
                                 tmp_path / "目标.xlsx")
    book = read_targets(path, Settings())
    (unit,) = book.units
    assert [t.project for t in unit.targets] == [""] * 3 + [PROJECT] * len(B_TARGETS) + [OTHER[0]] * 2
    docx_book = read_targets(targets_projects_docx(B_UNIT, 2024, {PROJECT: B_TARGETS, OTHER[0]: OTHER[1]},
                                                   tmp_path / "目标.docx"), Settings())
    assert [t.project for t in docx_book.units[0].targets] == [PROJECT] * len(B_TARGETS) + [OTHER[0]] * 2
    assert docx_book.units[0].unit == B_UNIT


def test_project_target_lowered_is_found_on_its_own_form(tmp_path):
    approved = replace_target(B_TARGETS, "新建改造供水管网", "≥40公里")  # the report's 附件3 says ≥35公里
    path = targets_projects_xlsx(B_UNIT, 2024, B_TARGETS, {PROJECT: approved}, tmp_path / "目标.xlsx")
    found = _official("tests/fixtures/clean_b.txt", path)
    assert [(f.rule, f.location.section) for f in found] == [("OFF001", "附件3")]
    assert "≥40公里" in found[0].message and "新建改造供水管网" in found[0].message


def test_approved_project_without_a_form_in_a_department_report(tmp_path):
    path = targets_projects_docx(B_UNIT, 2024, {PROJECT: B_TARGETS, OTHER[0]: OTHER[1]}, tmp_path / "目标.docx")
    found = _official("tests/fixtures/clean_b.txt", path)
    assert [f.rule for f in found] == ["OFF004"]
    assert OTHER[0] in found[0].message and "2项指标" in found[0].message


def test_lone_project_form_is_checked_against_its_project_only(tmp_path):
    approved = replace_target(B_TARGETS, "受益农村人口", "≥9万人")
    path = targets_projects_docx(B_UNIT, 2024, {PROJECT: approved, OTHER[0]: OTHER[1]}, tmp_path / "目标.docx")
    found = _official("tests/fixtures/project_only_b.txt", path)
    assert [f.rule for f in found] == ["OFF001"]  # the other project is not missing from one project's form


def test_clean_report_with_its_project_targets_has_no_official_finding(tmp_path):
    path = targets_projects_xlsx(B_UNIT, 2024, B_TARGETS, {PROJECT: B_TARGETS}, tmp_path / "目标.xlsx")
    assert _official("tests/fixtures/clean_b.txt", path) == []


def test_project_names_pair_by_similarity_each_once():
    class T:
        def __init__(self, name):
            self.name = name

    tables = [T("农村饮水安全巩固提升工程项目"), T("山塘清淤")]
    pairs, unmatched = pair_projects(tables, {"山塘清淤扩容工程": [1], PROJECT: [2], "河道保洁": [3]})
    assert [(t.name, a) for t, a in pairs] == [("农村饮水安全巩固提升工程项目", [2]), ("山塘清淤", [1])]
    assert unmatched == ["河道保洁"]
    assert project_score("河道保洁", "山塘清淤扩容工程") < 0.8
