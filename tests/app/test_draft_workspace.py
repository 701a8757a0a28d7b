"""Regression tests (AppTest) for lost sections on the 起草 page (issue 12).

The exact sequence: look at section 一 (the default view), switch to another section, then press
一键起草空白章节 or 导入. Streamlit drops the state of an editor that was not shown in the last run; the page
used to read the section texts from those widget keys, so 一 was saved as an empty edit. Now the draft (the
workspace's working copy) holds the texts and the widget keys are only a view of it.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.report import parse_bytes
from assistant.report.model import SECTION_LABELS
from assistant.settings import Settings
from assistant.store import LOCAL_USER, DraftStore
from tests.app.conftest import DRAFT_PAGE

TIMEOUT = 120
TYPED = "本单位自己写的基本情况：职能职责、机构设置和人员编制情况。"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def new_draft() -> AppTest:
    at = run(AppTest.from_file(DRAFT_PAGE, default_timeout=TIMEOUT))
    at.text_input(key="new_unit").set_value("测试单位")
    at.number_input(key="new_year").set_value(2023)
    at.button(key="new_create").click()
    return run(at)


def status(at: AppTest) -> dict[str, str]:
    table = next(d.value for d in at.dataframe if "状态" in getattr(d.value, "columns", []))
    return {row["章节"].split("、")[0]: row["状态"] for _, row in table.iterrows()}


def stored_text(section: str) -> str:
    store = DraftStore.from_settings(Settings())
    try:
        return store.current_sections(1, LOCAL_USER).get(section, "")
    finally:
        store.close()


def stored_versions(section: str) -> list[tuple[str, str]]:
    store = DraftStore.from_settings(Settings())
    try:
        return [(v.kind, v.text) for v in store.history(1, section, LOCAL_USER)]
    finally:
        store.close()


def exported_sections(at: AppTest) -> list[str]:
    at.button(key="export_build").click()
    run(at)
    report = parse_bytes(at.session_state["export_docx_bytes"], "export.docx")
    return [s.label for s in report.sections if s.text.strip()]


def type_in_one_then_switch() -> AppTest:
    at = new_draft()
    assert at.selectbox(key="section_pick").value == "一"  # the default view
    at.text_area(key="sec_text_一").set_value(TYPED)
    run(at)
    at.selectbox(key="section_pick").set_value("二")
    return run(at)


def assert_one_kept(at: AppTest, text: str) -> None:
    run(at)  # "the next rerun" — where the empty edit used to be saved
    assert status(at)["一"] != "空"
    assert stored_text("一") == text
    assert all(kind != "edit" or t.strip() for kind, t in stored_versions("一")), "an empty edit of 一 was saved"
    at.selectbox(key="section_pick").set_value("一")
    run(at)
    assert at.text_area(key="sec_text_一").value == text


def test_view_one_switch_then_draft_all_keeps_one_and_exports_all_ten_sections():
    at = type_in_one_then_switch()
    at.button(key="draft_all").click()
    run(at)
    flash = [s.value for s in at.success]
    assert flash and "保留您已写的：一" in flash[-1], flash
    assert_one_kept(at, TYPED)
    assert stored_versions("一") == [("edit", TYPED)]
    assert exported_sections(at) == list(SECTION_LABELS)


@pytest.mark.parametrize("mode", ["上年报告", "本年报告"])
def test_view_one_switch_then_import_keeps_one_and_exports_all_ten_sections(mode, seed_bytes):
    at = type_in_one_then_switch()
    at.file_uploader(key="import_file").set_value(("seed.txt", seed_bytes, "text/plain"))
    at.radio(key="import_mode").set_value(mode)
    run(at)
    at.button(key="import_apply").click()
    run(at)
    assert any(s.value.startswith("已从 seed.txt 导入") for s in at.success)
    seed_one = parse_bytes(seed_bytes, "seed.txt").section("一").text
    # last year's report fills only empty sections; this year's report replaces the text with its own
    expected = TYPED if mode == "上年报告" else seed_one
    assert_one_kept(at, expected)
    at.button(key="draft_all").click()
    run(at)
    assert stored_text("一") == expected
    assert exported_sections(at) == list(SECTION_LABELS)


def test_text_typed_in_a_section_survives_a_reload():
    at = new_draft()
    at.selectbox(key="section_pick").set_value("六")
    run(at)
    at.text_area(key="sec_text_六").set_value("运行成本、管理效率、履职效能……")
    run(at)
    fresh = run(AppTest.from_file(DRAFT_PAGE, default_timeout=TIMEOUT))  # a reload: new session, same data dir
    fresh.selectbox(key="section_pick").set_value("六")
    run(fresh)
    assert fresh.text_area(key="sec_text_六").value == "运行成本、管理效率、履职效能……"
    assert status(fresh)["六"] != "空"


def test_chat_history_survives_a_reload():
    at = new_draft()
    at.selectbox(key="section_pick").set_value("七")
    run(at)
    at.chat_input(key="chat_input").set_value("请起草本节")
    run(at)
    before = [m for m in at.chat_message if m.name == "assistant"][-1].markdown[0].value
    fresh = run(AppTest.from_file(DRAFT_PAGE, default_timeout=TIMEOUT))
    fresh.selectbox(key="section_pick").set_value("七")
    run(fresh)
    names = [m.name for m in fresh.chat_message]
    assert names == ["user", "assistant"]
    assert fresh.chat_message[0].markdown[0].value == "请起草本节"
    assert fresh.chat_message[1].markdown[0].value == before
    fresh.button(key="accept_七_1").click()  # the reloaded suggestion can still be accepted
    run(fresh)
    assert [s.value for s in fresh.success] == ["已采纳第七部分，保存为第1版"]
