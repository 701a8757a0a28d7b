"""起草: the indicator table starts from the approved 绩效目标 (workspace function and the page's button)."""

from __future__ import annotations

import pytest

from assistant.drafting.workspace import Workspace
from assistant.errors import OfficialFileUnusable
from assistant.official.targets import read_targets
from assistant.review import review
from assistant.settings import LLMSettings, Settings
from assistant.store import LOCAL_USER, DraftStore
from assistant.ui.figures import IndicatorInput
from tests.fixtures.official.make_official import A_TARGETS


@pytest.fixture
def ws(tmp_path):
    store = DraftStore(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    yield Workspace(store, LOCAL_USER, Settings(data_dir=tmp_path / "data", llm=LLMSettings(backend="offline")))
    store.close()


def test_import_approved_targets_keeps_typed_actuals(ws, official_files):
    d = ws.create(unit="衡阳市档案馆", year=2023)
    typed = IndicatorInput(level1="效益指标", level2="社会效益指标", level3="档案宣传展览场次", target="≥3场",
                           actual="3场", note="展厅改造")
    ws.save_figures(d, d.figures.model_copy(update={"indicators": [typed]}))
    msg = ws.import_targets(d, read_targets(official_files["a_targets.docx"], ws.settings))
    assert "导入 10 项" in msg and "a_targets.docx" in msg
    rows = d.figures.indicators
    assert [(r.level1, r.level2, r.level3, r.target) for r in rows] == list(A_TARGETS)
    kept = next(r for r in rows if r.level3 == "档案宣传展览场次")
    assert (kept.target, kept.actual, kept.note) == ("≥4场", "3场", "展厅改造")  # target is the approved one
    # the draft's report now carries the approved targets: the official check finds no changed target
    from assistant.official import load_books, record_for

    report = d.report()
    rec = record_for(report, load_books(official_files["a_targets.xlsx"], None, ws.settings))
    assert not [f for f in review(report, ws.settings, official=rec).findings if f.rule in ("OFF001", "OFF002", "OFF003")]


def test_import_picks_the_unit_from_a_batch_workbook_or_says_why_not(ws, official_files):
    book = read_targets(official_files["batch_20.xlsx"], ws.settings)
    d = ws.create(unit="衡阳市第12档案馆", year=2023)
    ws.import_targets(d, book)
    assert len(d.figures.indicators) == len(A_TARGETS)
    other = ws.create(unit="某某局", year=2023)
    with pytest.raises(OfficialFileUnusable, match="没有报告单位“某某局”"):
        ws.import_targets(other, book)


def test_draft_page_imports_targets(official_files):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import DRAFT_PAGE

    at = AppTest.from_file(DRAFT_PAGE, default_timeout=120).run()
    at.text_input(key="new_unit").set_value("衡阳市档案馆")
    at.number_input(key="new_year").set_value(2023)
    at.button(key="new_create").click().run()
    assert not at.exception
    at.file_uploader(key="import_targets_file").set_value(
        ("目标表.xlsx", official_files["a_targets.xlsx"].read_bytes(), "application/octet-stream"))
    at.button(key="import_targets_apply").click().run()
    assert not at.exception
    assert any("导入 10 项批复的绩效指标" in s.value for s in at.success), [s.value for s in at.success]
    assert at.session_state["_ind_base"][7]["target"] == "≥4场"


def test_import_takes_the_units_own_targets_not_its_projects(ws, tmp_path):
    from tests.fixtures.official.make_official import B_TARGETS, targets_projects_xlsx

    d = ws.create(unit="益阳市赫山区水利局", year=2024)
    path = targets_projects_xlsx("益阳市赫山区水利局", 2024, B_TARGETS[:4],
                                 {"山塘清淤扩容工程": [("产出指标", "数量指标", "清淤山塘", "≥12口")]}, tmp_path / "t.xlsx")
    msg = ws.import_targets(d, read_targets(path, ws.settings))
    assert "导入 4 项" in msg
    assert [r.level3 for r in d.figures.indicators] == [t[2] for t in B_TARGETS[:4]]
