"""The draft workspace without Streamlit: create, load, edit, import, accept, restore, draft-all, chat.

Every test runs the real store (SQLite in tmp), the real parser and the offline drafter.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.drafting.workspace import Workspace, draft_empty_sections, may_replace
from assistant.errors import AccessDenied
from assistant.report import parse_file
from assistant.report.model import SECTION_LABELS
from assistant.settings import LLMSettings, Settings
from assistant.store import LOCAL_USER, DraftStore, User
from tests.conftest import FIXTURES, SEED

UNIT = "岳阳市公共资源交易中心"
TYPED = "本单位自己写的基本情况，不能被覆盖。"


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path / "data", llm=LLMSettings(backend="offline"))


@pytest.fixture
def store(tmp_path):
    s = DraftStore(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    yield s
    s.close()


@pytest.fixture
def ws(store, settings):
    return Workspace(store, LOCAL_USER, settings)


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED)


def reopened(ws: Workspace, draft_id: int):
    """The draft as a new session (a reload) sees it: a fresh store on the same database."""
    store = DraftStore(ws.store.url)
    try:
        return Workspace(store, ws.user, ws.settings).load(draft_id)
    finally:
        store.close()


def test_create_then_load_gives_the_same_typed_draft(ws):
    d = ws.create(unit=UNIT, year=2023)
    assert d.label == f"2023年度 {UNIT} #1"
    assert d.sections == {label: "" for label in SECTION_LABELS}
    assert [r.level1 for r in d.figures.indicators][:1] == ["产出指标"]
    assert reopened(ws, d.id) == d


def test_typed_text_and_figures_autosave_and_survive_a_reload(ws):
    d = ws.create(unit=UNIT, year=2023)
    v = ws.edit_section(d, "九", "第一稿。")
    assert v is not None and v.kind == "edit"
    assert ws.edit_section(d, "九", "第一稿。") is None  # unchanged: no new version
    fig = d.figures.model_copy(update={"budget": Decimal("2400.00")})
    assert ws.save_figures(d, fig) is True
    assert ws.save_figures(d, fig) is False
    again = reopened(ws, d.id)
    assert again.sections["九"] == "第一稿。" and again.figures.budget == Decimal("2400.00")
    assert [x.seq for x in ws.history(d, "九")] == [1]


def test_the_user_may_clear_a_section_in_its_own_editor(ws):
    d = ws.create(unit=UNIT, year=2023)
    ws.edit_section(d, "十", "无。")
    assert ws.edit_section(d, "十", "") is not None
    assert reopened(ws, d.id).sections["十"] == ""


@pytest.mark.parametrize(
    ("stored", "text", "cleared", "ok"),
    [
        ("已写", "", False, False),  # the lost-section bug: an empty write over text
        ("已写", "  \n", False, False),
        ("已写", "", True, True),  # the user cleared that editor
        ("", "", False, True),
        ("已写", "新文本", False, True),
    ],
)
def test_invariant_no_empty_write_over_text(stored, text, cleared, ok):
    assert may_replace(stored, text, cleared=cleared) is ok


def test_draft_all_from_a_stale_copy_keeps_text_written_elsewhere(ws):
    """Two sessions on one draft: the stale one (一 looks empty) must not draft over the 一 stored meanwhile."""
    stale = ws.create(unit=UNIT, year=2023)
    other = ws.load(stale.id)
    ws.edit_section(other, "一", TYPED)
    out = ws.draft_empty(stale)
    assert "一" in out.kept and "一" not in out.drafted
    assert stale.sections["一"] == TYPED
    again = reopened(ws, stale.id)
    assert again.sections["一"] == TYPED
    assert all(again.sections[label].strip() for label in SECTION_LABELS)
    assert [v.kind for v in ws.history(stale, "七")] == ["accept"]
    assert out.message().startswith("已起草并保存：第二、三、四、五、六、七、八、九、十部分；保留您已写的：一")


def test_import_this_years_report_fills_figures_and_text_and_never_empties_a_section(ws, seed):
    d = ws.create(unit=UNIT, year=2023)
    ws.edit_section(d, "十", "本单位补充说明。")
    had_ten = bool(seed.section("十") and seed.section("十").text.strip())
    out = ws.import_report(d, seed, name="seed.txt", as_previous=False)
    assert out.message == "已从 seed.txt 导入数据和正文"
    assert d.figures.basic_total == Decimal("804.03") and d.figures.authorized == 51
    assert d.sections["七"].strip() and "七" in out.sections
    if not had_ten:
        assert d.sections["十"] == "本单位补充说明。"
    again = reopened(ws, d.id)
    assert again.sections == d.sections and again.figures == d.figures
    assert ws.history(d, "七")[0].note == "导入自 seed.txt"


def test_import_last_years_report_carries_into_empty_sections_only(ws, seed):
    d = ws.create(unit=UNIT, year=2023)
    ws.edit_section(d, "一", TYPED)
    out = ws.import_report(d, seed, name="2022.txt", as_previous=True)
    assert out.message == "已从 2022.txt 导入上年数据（上年决算数、指标模板）"
    assert d.sections["一"] == TYPED and "一" in out.kept
    assert d.figures.sangong["reception"]["prev_final"] == Decimal("0.69")
    assert d.figures.sangong["reception"]["final"] is None
    assert d.previous is not None and reopened(ws, d.id).previous == seed


def test_accept_and_restore_are_versions(ws):
    d = ws.create(unit=UNIT, year=2023)
    v1 = ws.accept(d, "七", "旧文本")
    ws.edit_section(d, "七", "新文本")
    r = ws.restore(d, v1.id)
    assert (r.seq, r.kind, r.note) == (3, "restore", "恢复自第1版")
    assert d.sections["七"] == "旧文本" == reopened(ws, d.id).sections["七"]
    with pytest.raises(ValueError):
        ws.accept(d, "七", "  ")
    other = ws.create(unit=UNIT, year=2024)
    with pytest.raises(ValueError):
        ws.restore(other, v1.id)


def test_chat_history_is_stored_with_the_draft_and_survives_a_reload(ws):
    d = ws.create(unit=UNIT, year=2023)
    ws.save_figures(d, d.figures.model_copy(update={"budget": Decimal("200"), "basic": {
        **d.figures.basic, "工资福利支出": Decimal("125")}}))
    chunks = list(ws.ask(d, "七", "请起草本节"))
    assert "".join(chunks).strip()
    first = d.last_suggestion("七")
    assert first is not None and "62.50%" in first.text
    list(ws.ask(d, "七", "更简洁一些"))
    turns = reopened(ws, d.id).chat["七"]
    assert [t.role for t in turns] == ["user", "assistant", "user", "assistant"]
    assert turns[0].content == "请起草本节" and turns[1].suggestion == first
    assert len(turns[3].suggestion.text) <= len(first.text)


def test_reviewers_cannot_write(tmp_path, settings):
    store = DraftStore(f"sqlite:///{tmp_path / 'multi.sqlite3'}", multi_user=True)
    alice = Workspace(store, User(name="alice", unit=UNIT, role="drafter"), settings)
    rita = Workspace(store, User(name="rita", unit=UNIT, role="reviewer"), settings)
    d = alice.create(unit="别的单位", year=2023)
    assert d.figures.unit == UNIT  # multi-user: always the user's own unit
    seen = rita.load(d.id)
    with pytest.raises(AccessDenied):
        rita.edit_section(seen, "一", "x")
    store.close()


# ------------------------------------------------------------------ the pure part of 一键起草空白章节


def test_only_empty_sections_are_drafted(settings):
    report = parse_file(FIXTURES / "clean_b.txt")
    current = {label: "" for label in SECTION_LABELS}
    current["一"] = "已写好的第一部分。"
    out = draft_empty_sections(report, current, settings)
    assert out.kept == ["一"] and "一" not in out.drafted
    assert list(out.drafted) == [x for x in SECTION_LABELS if x != "一"]
    assert "农村供水保证率" in out.drafted["七"] and out.error is None


def test_nothing_to_do_when_everything_is_written(settings):
    report = parse_file(FIXTURES / "clean_a.txt")
    out = draft_empty_sections(report, {s.label: s.text for s in report.sections}, settings)
    assert out.drafted == {} and out.kept == list(SECTION_LABELS)
