"""AppTest tests for every page: forms compute live, chat drafts offline, accept persists across
sessions, uploads show findings, knowledge base lists and searches, eval history charts."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, DRAFT_PAGE, EVAL_PAGE, KB_PAGE, REVIEW_PAGE

TIMEOUT = 120


def run(path: str) -> AppTest:
    at = AppTest.from_file(path, default_timeout=TIMEOUT).run()
    assert not at.exception
    return at


def new_draft(unit: str = "测试单位") -> AppTest:
    at = run(DRAFT_PAGE)
    at.text_input(key="new_unit").set_value(unit)
    at.number_input(key="new_year").set_value(2023)
    at.button(key="new_create").click().run()
    assert not at.exception
    return at


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


# ------------------------------------------------------------------ app shell


def test_app_runs_and_sidebar_says_offline_single_user():
    at = run(APP)
    captions = [c.value for c in at.sidebar.caption]
    assert any(c.startswith("起草模式：离线起草") for c in captions)
    assert any("单用户本地模式" in c for c in captions)


def test_sidebar_names_endpoint_and_model_but_never_the_key(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://user:pw@127.0.0.1:9/v1?token=abc")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-123")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "qwen2.5-7b")
    at = run(EVAL_PAGE)
    text = " ".join(c.value for c in at.sidebar.caption)
    assert "起草模式：大模型 · qwen2.5-7b @ http://127.0.0.1:9/v1" in text
    for secret in ("sk-secret-123", "pw", "token=abc"):
        assert secret not in text


# ------------------------------------------------------------------ 起草: forms


def test_empty_state_then_create_draft():
    at = run(DRAFT_PAGE)
    assert any("还没有草稿" in i.value for i in at.info)
    at = new_draft()
    assert [s.value for s in at.success] == ["已新建草稿：2023年度 测试单位 #1"]
    assert at.text_input(key="fig_unit").value == "测试单位"


def test_budget_form_computes_totals_rates_and_flags_inconsistency():
    at = new_draft()
    at.number_input(key="fig_basic_0").set_value(658.62)
    at.number_input(key="fig_basic_1").set_value(124.44)
    at.number_input(key="fig_basic_2").set_value(20.22)
    at.number_input(key="fig_project_1").set_value(1517.72)
    at.number_input(key="fig_budget").set_value(2400.0)
    at.run()
    assert not at.exception
    assert metric(at, "全年执行数") == "2321.00万元"
    assert metric(at, "执行率") == "96.71%"
    assert metric(at, "执行率得分") == "9.67"
    assert not any("≠" in e for e in errors(at))
    at.number_input(key="fig_basic_total").set_value(804.03).run()
    # no 附件1 公用经费 to compare with: the gap alone (ARI001)
    assert "基本支出804.03万元 ≠ 各分项之和803.28万元（差额0.75万元）" in errors(at)
    assert metric(at, "全年执行数") == "2321.75万元"


def test_sangong_staffing_and_public_funds_checks():
    at = new_draft()
    at.number_input(key="fig_sg_reception_budget").set_value(30.0)
    at.number_input(key="fig_sg_reception_final").set_value(35.0)
    at.number_input(key="fig_sg_vehicle_run_budget").set_value(8.0)
    at.number_input(key="fig_sg_vehicle_run_final").set_value(3.66)
    at.number_input(key="fig_authorized").set_value(50)
    at.number_input(key="fig_actual_staff").set_value(51)
    at.number_input(key="fig_basic_1").set_value(124.44)
    at.number_input(key="fig_public_funds").set_value(125.19)
    at.run()
    assert not at.exception
    # the live checks are the review rules' findings (BUD001, BUD002, BUD005, CON002) on the form's report
    assert "公务接待费2023年决算数35.00万元 > 2023年预算数30.00万元，超预算5.00万元" in errors(at)
    warnings = [w.value for w in at.warning]
    # under-spending is no defect: a note (info) by default, set by the profile's [severity]
    assert ("公务用车购置及运行维护费2023年决算数3.66万元仅为2023年预算数8.00万元的45.75%（低于50%），"
            "预算与实际支出差距较大（节支本身不是问题）") in [i.value for i in at.info]
    assert "实际在职51人超过编制50人（控制率102.00%）" in warnings
    assert ("附件1公用经费2023年决算数125.19万元 ≠ 第二部分基本支出中商品和服务支出124.44万元（差额0.75万元）"
            in errors(at))
    assert metric(at, "控制率") == "102.00%"


def test_figures_autosave_survives_a_new_session():
    at = new_draft()
    at.number_input(key="fig_budget").set_value(1000.0)
    at.number_input(key="fig_project_0").set_value(12.5).run()
    assert not at.exception
    again = run(DRAFT_PAGE)
    assert again.number_input(key="fig_budget").value == 1000.0
    assert again.number_input(key="fig_project_0").value == 12.5


def test_import_figures_and_text_from_a_report(seed_bytes):
    at = new_draft()
    at.file_uploader(key="import_file").set_value(("seed.txt", seed_bytes, "text/plain"))
    at.run()
    at.button(key="import_apply").click().run()
    assert not at.exception
    assert any(s.value.startswith("已从 seed.txt 导入") for s in at.success)
    assert at.number_input(key="fig_basic_total").value == 804.03
    assert at.number_input(key="fig_authorized").value == 51
    assert at.session_state["sec_text_七"].strip() != ""
    # the 0.75 gap and the 附件1 公用经费 copy are one typo: one error naming it
    assert any(e.startswith("第二部分基本支出中商品和服务支出124.44万元疑为125.19万元之误") for e in errors(at))


def test_import_of_an_unusable_file_shows_one_error():
    at = new_draft()
    at.number_input(key="fig_budget").set_value(1234.5).run()  # work typed before the bad import
    at.file_uploader(key="import_file").set_value(("x.txt", b"hello", "text/plain"))
    at.run()
    at.button(key="import_apply").click().run()
    assert not at.exception
    assert len(errors(at)) == 1 and errors(at)[0].startswith("x.txt: ")
    # nothing typed is lost: the figure is still in the form and in a fresh session (autosaved)
    assert at.number_input(key="fig_budget").value == 1234.5
    assert run(DRAFT_PAGE).number_input(key="fig_budget").value == 1234.5


# ------------------------------------------------------------------ 起草: chat, accept, versions


def test_chat_turn_drafts_offline_and_accept_persists_to_a_new_session():
    at = new_draft()
    at.number_input(key="fig_budget").set_value(200.0)
    at.number_input(key="fig_basic_0").set_value(125.0).run()
    at.selectbox(key="section_pick").set_value("七").run()
    at.chat_input(key="chat_input").set_value("请起草本节").run()
    assert not at.exception
    assistant = [m for m in at.chat_message if m.name == "assistant"]
    assert assistant, "no suggestion rendered"
    text = assistant[-1].markdown[0].value
    assert "62.50%" in text  # grounded in the typed figures (125 / 200)
    assert any(e.label.startswith("引用（") for e in assistant[-1].expander)

    at.button(key="accept_七_1").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已采纳第七部分，保存为第1版"]
    accepted = at.text_area(key="sec_text_七").value
    assert "62.50%" in accepted

    fresh = run(DRAFT_PAGE)  # a new browser session / a reload
    fresh.selectbox(key="section_pick").set_value("七").run()
    assert fresh.text_area(key="sec_text_七").value == accepted
    assert fresh.button(key="restore_1")  # the version is listed


def test_follow_up_request_revises_the_suggestion():
    at = new_draft()
    at.number_input(key="fig_budget").set_value(200.0)
    at.number_input(key="fig_basic_0").set_value(125.0).run()
    at.selectbox(key="section_pick").set_value("七").run()
    at.button(key="draft_section").click().run()
    first = [m for m in at.chat_message if m.name == "assistant"][-1].markdown[0].value
    at.chat_input(key="chat_input").set_value("更简洁一些").run()
    assert not at.exception
    assistant = [m for m in at.chat_message if m.name == "assistant"]
    assert len(assistant) == 2
    assert len(assistant[-1].markdown[0].value) <= len(first)


def test_edits_autosave_as_versions_and_restore_works():
    at = new_draft()
    at.selectbox(key="section_pick").set_value("九").run()
    at.text_area(key="sec_text_九").set_value("第一稿：自评结果将在门户网站公开。").run()
    at.text_area(key="sec_text_九").set_value("第二稿。").run()
    assert not at.exception
    reloaded = run(DRAFT_PAGE)
    reloaded.selectbox(key="section_pick").set_value("九").run()
    assert reloaded.text_area(key="sec_text_九").value == "第二稿。"
    reloaded.button(key="restore_1").click().run()
    assert not at.exception
    assert reloaded.text_area(key="sec_text_九").value == "第一稿：自评结果将在门户网站公开。"
    assert any("恢复自第1版" in s.value for s in reloaded.success)


def test_section_status_and_export_docx():
    at = new_draft()
    at.selectbox(key="section_pick").set_value("九").run()
    at.text_area(key="sec_text_九").set_value("绩效自评结果将在本单位门户网站公开。").run()
    frames = [d.value for d in at.dataframe]
    table = next(f for f in frames if "状态" in getattr(f, "columns", []))
    row = table[table["章节"] == "九、绩效自评结果拟应用和公开情况"].iloc[0]
    assert row["状态"] in ("已起草", "有问题")
    assert table[table["章节"] == "一、基本情况"].iloc[0]["状态"] == "空"
    at.button(key="export_build").click().run()
    assert not at.exception
    assert at.get("download_button"), "no download button after building the .docx"


# ------------------------------------------------------------------ 审阅


def test_review_upload_shows_findings_and_filters(seed_bytes):
    at = run(REVIEW_PAGE)
    assert any("上传报告后" in i.value for i in at.info)
    at.file_uploader(key="review_files").set_value(("seed.txt", seed_bytes, "text/plain"))
    at.run()
    assert not at.exception
    assert int(metric(at, "错误")) > 0
    cards = [b.label for b in at.button if b.key and b.key.startswith("go_0_") and b.key.count("_") == 2]
    assert any("基本支出804.03万元 ≠ 各分项之和803.28万元" in x for x in cards)  # in ARI030's typo card
    # the 21 rows of “已完成” are one finding, one card listing its places
    assert any("有21个指标的实际完成值都写作“已完成”" in x for x in cards)
    at.multiselect(key="flt_severity").set_value(["info"]).run()
    shown = [b.label for b in at.button if b.key and b.key.startswith("go_0_") and b.key.count("_") == 2]
    assert shown and len(shown) < len(cards)
    assert at.get("download_button")


def test_review_decision_goes_into_json(seed_bytes):
    at = run(REVIEW_PAGE)
    at.file_uploader(key="review_files").set_value(("seed.txt", seed_bytes, "text/plain"))
    at.run()
    key = next(sc.key for sc in at.get("button_group") if sc.key.startswith("dec_0_"))
    at.text_input(key=key.replace("dec_", "note_")).set_value("单位已说明")
    at.button_group(key=key).set_value("驳回").run()  # segmented_control
    assert not at.exception
    import re

    lines = [c.value for c in at.caption if c.value.startswith("已处理")]
    assert lines and re.search(r"采纳 0，驳回 [1-9]", lines[0]), lines


def test_review_batch_keeps_going_after_an_unusable_file(seed_bytes):
    at = run(REVIEW_PAGE)
    at.file_uploader(key="review_files").set_value(
        [("empty.txt", b"", "text/plain"), ("seed.txt", seed_bytes, "text/plain"), ("bad.docx", b"PK\x03\x04junk", "application/octet-stream")]
    )
    at.run()
    assert not at.exception
    errs = errors(at)
    assert len(errs) == 2
    assert errs[0].startswith("empty.txt: ") and errs[1].startswith("bad.docx: ")
    assert all("\n" not in e for e in errs)
    assert int(metric(at, "错误")) > 0  # seed.txt still reviewed


def test_review_sample_button_path():
    at = run(REVIEW_PAGE)
    at.button(key="review_sample").click().run()
    assert not at.exception
    assert int(metric(at, "错误")) > 0


# ------------------------------------------------------------------ 知识库 and 评估


def test_knowledge_page_lists_documents_and_searches_with_citations():
    at = run(KB_PAGE)
    docs = at.dataframe[0].value
    assert len(docs) >= 4 and (docs["段落块数"] > 0).all()
    at.text_input(key="kb_query").set_value("三公经费 决算 预算").run()
    assert not at.exception
    cited = [m.value for m in at.markdown if m.value.startswith("**[1] 《")]
    assert cited, "no cited hit"


def test_knowledge_upload_and_remove(tmp_path):
    at = run(KB_PAGE)
    before = len(at.dataframe[0].value)
    at.file_uploader(key="kb_upload").set_value(
        ("测试办法.md", "# 测试办法\n\n## 第一条\n\n预算绩效管理测试条文，独特词语甲乙丙丁。\n".encode(), "text/markdown"))
    at.run()
    at.button(key="kb_ingest").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == before + 1
    at.selectbox(key="kb_remove_doc").set_value("测试办法.md")
    submit = [b for b in at.button if b.label == "删除"][0]
    submit.click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == before + 1  # nothing removed before the confirmation
    assert any("确定从知识库删除" in w.value for w in at.warning)
    at.button(key="kb_confirm_yes").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == before


def test_knowledge_ingest_goes_on_after_a_bad_file():
    at = run(KB_PAGE)
    before = len(at.dataframe[0].value)
    at.file_uploader(key="kb_upload").set_value([
        ("坏文件.docx", b"PK\x03\x04not really a docx", "application/octet-stream"),
        ("好办法.md", "# 好办法\n\n## 第一条\n\n独特词语戊己庚辛的测试条文。\n".encode(), "text/markdown"),
    ])
    at.run()
    at.button(key="kb_ingest").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == before + 1
    errs = [e.value for e in at.error]
    assert len(errs) == 1 and errs[0].startswith("坏文件.docx：导入失败") and " / " not in errs[0]
    assert any(s.value.startswith("好办法.md：新增") for s in at.success)


def test_knowledge_search_writes_an_extractive_answer_with_citations():
    at = run(KB_PAGE)
    at.text_input(key="kb_query").set_value("三公经费 决算 预算").run()
    answer = [m.value for m in at.markdown if "[1]" in m.value and not m.value.startswith("**")]
    assert answer and "[1]" in answer[0]
    assert not any("相关度" in c.value or "K-" in c.value for c in at.caption)


def test_eval_page_empty_state(monkeypatch, tmp_path):
    import assistant.ui.evals as ev

    monkeypatch.setattr(ev, "DEFAULT_HISTORY", tmp_path / "none.jsonl")
    at = run(EVAL_PAGE)
    assert any("还没有评估记录" in i.value for i in at.info)


def test_eval_page_charts_history(monkeypatch, tmp_path):
    import assistant.ui.evals as ev

    hist = tmp_path / "history.jsonl"
    lines = [
        {"date": "2026-11-01T10:00:00+00:00", "commit": "aaaaaaa", "mode": "offline",
         "metrics": {"review": {"recall": 0.8, "precision": 0.9}, "f1": 0.7}},
        {"date": "2026-11-02T10:00:00+00:00", "commit": "bbbbbbb", "mode": "offline",
         "metrics": {"review": {"recall": 0.85, "precision": 0.9}, "f1": 0.72}},
    ]
    hist.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    monkeypatch.setattr(ev, "DEFAULT_HISTORY", hist)
    at = run(EVAL_PAGE)
    assert [w.value for w in at.warning] == ["第3行不是有效的 JSON，已跳过"]
    assert at.get("arrow_line_chart") or at.get("line_chart") or at.get("vega_lite_chart")
    assert metric(at, "审阅查全率") == "0.85" and metric(at, "审阅查准率") == "0.9"
    assert [m.label for m in at.metric] == ["审阅查全率", "审阅查准率"]  # developer keys only in the expander


# ------------------------------------------------------------------ multi-user mode


@pytest.fixture
def users_file(tmp_path, monkeypatch):
    from assistant.store import hash_password

    f = tmp_path / "users.toml"
    f.write_text(
        f'[users.alice]\npassword = "{hash_password("pw-a")}"\nunit = "甲单位"\nrole = "drafter"\n'
        f'[users.bob]\npassword = "{hash_password("pw-b")}"\nunit = "乙单位"\nrole = "drafter"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("ASSISTANT_USERS_FILE", str(f))
    return f


def login(path: str, name: str, password: str) -> AppTest:
    at = run(path)
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_login_required_and_wrong_password(users_file):
    at = run(DRAFT_PAGE)
    assert at.text_input(key="login_name")
    at = login(DRAFT_PAGE, "alice", "wrong")
    assert errors(at) == ["用户名或密码错误"]


def test_users_see_only_their_own_units_drafts(users_file):
    alice = login(DRAFT_PAGE, "alice", "pw-a")
    assert any("当前用户：alice（甲单位" in c.value for c in alice.sidebar.caption)
    alice.button(key="new_create").click().run()
    assert [s.value for s in alice.success] == ["已新建草稿：2024年度 甲单位 #1"] or alice.success
    alice.selectbox(key="section_pick").set_value("七").run()
    alice.text_area(key="sec_text_七").set_value("甲单位的问题分析").run()
    assert not alice.exception

    bob = login(DRAFT_PAGE, "bob", "pw-b")
    assert any("还没有草稿" in i.value for i in bob.info)
    bob.button(key="new_create").click().run()
    assert not bob.exception
    assert bob.selectbox(key="draft_pick").value == 2
    assert bob.selectbox(key="draft_pick").options == ["2024年度 乙单位 #2"]
    assert all(bob.session_state[f"sec_text_{x}"] == "" for x in "一二三四五六七八九十")


def test_import_last_years_report_carries_standing_text(seed_bytes):
    at = new_draft("岳阳市公共资源交易中心")
    at.file_uploader(key="import_file").set_value(("2022.txt", seed_bytes, "text/plain"))
    at.radio(key="import_mode").set_value("上年报告")
    at.run()
    at.button(key="import_apply").click().run()
    assert not at.exception
    assert any("上年数据" in s.value for s in at.success)
    # last year's 决算 become this year's 上年决算 column; this year's columns stay empty
    assert at.number_input(key="fig_sg_reception_prev_final").value == 0.69
    assert at.number_input(key="fig_sg_reception_final").value is None
    assert at.session_state["sec_text_一"].strip()  # standing text carried forward


def test_draft_all_fills_only_empty_sections_and_saves_versions():
    at = new_draft()
    at.number_input(key="fig_budget").set_value(200.0)
    at.number_input(key="fig_basic_0").set_value(125.0).run()
    at.selectbox(key="section_pick").set_value("一").run()
    at.text_area(key="sec_text_一").set_value("本单位自己写的基本情况，不能被覆盖。").run()
    at.button(key="draft_all").click().run()
    assert not at.exception
    flash = [s.value for s in at.success]
    assert flash and flash[-1].startswith("已起草并保存：第二、三、四、五、六、七、八、九、十部分")
    assert "保留您已写的：一" in flash[-1]
    fresh = run(DRAFT_PAGE)
    assert fresh.session_state["sec_text_一"] == "本单位自己写的基本情况，不能被覆盖。"
    seven = fresh.session_state["sec_text_七"]
    assert "62.50%" in seven and "原因分析" in seven
    fresh.selectbox(key="section_pick").set_value("七").run()
    assert any((b.key or "").startswith("restore_") for b in fresh.button)  # saved as a version


def test_new_draft_shows_no_warnings_until_something_is_entered():
    at = new_draft()
    assert errors(at) == [] and [w.value for w in at.warning] == []
    assert [m.value for m in at.metric if m.label in ("错误", "警告")] == ["0", "0"]
    assert any(e.label.startswith("尚未填写的部分") for e in at.expander)
    at.number_input(key="fig_basic_0").set_value(600.0)
    at.number_input(key="fig_basic_total").set_value(700.0).run()
    assert "基本支出700.00万元 ≠ 各分项之和600.00万元（差额100.00万元）" in errors(at)


def test_import_keeps_projects_goal_and_deviation_notes(tmp_path):
    from pathlib import Path

    data = (Path(__file__).resolve().parents[1] / "fixtures" / "clean_b.txt").read_bytes()
    at = new_draft()
    at.file_uploader(key="import_file").set_value(("clean_b.txt", data, "text/plain"))
    at.run()
    at.button(key="import_apply").click().run()
    assert not at.exception
    assert at.text_input(key="fig_prj_0_name").value == "农村饮水安全巩固提升工程"
    assert at.text_area(key="fig_prj_0_goal_actual").value.startswith("完成维修养护126处")
    assert at.text_area(key="fig_goal_target").value.strip() != ""
    at.text_input(key="fig_prj_0_department").set_value("益阳市赫山区农业农村局").run()
    again = run(DRAFT_PAGE)  # autosaved: a new session reads the project back from the draft
    assert again.text_input(key="fig_prj_0_department").value == "益阳市赫山区农业农村局"
    again.button(key="prj_add").click().run()
    assert not again.exception
    assert again.text_input(key="fig_prj_1_name").value == ""
    again.button(key="prj_remove_1").click().run()
    assert not again.exception
    assert not any(t.key == "fig_prj_1_name" for t in again.text_input)


# ------------------------------------------------------------------ 首页


def test_app_opens_on_home_with_a_way_into_each_page():
    at = run(APP)
    assert at.title[0].value == "绩效自评报告助手"
    text = " ".join(m.value for m in at.markdown)
    for name in ("起草", "审阅", "知识库"):
        assert name in text
    assert at.button(key="home_sample")


def test_review_batch_overview_has_charts_and_filters(seed_bytes):
    """Three files of two units: a chart per unit and per rule family; filters narrow the overview."""
    other = seed_bytes.replace("基本支出为804.03万元".encode(), "基本支出为810.00万元".encode())
    at = run(REVIEW_PAGE)
    at.file_uploader(key="review_files").set_value(
        [("甲.txt", seed_bytes, "text/plain"), ("乙.txt", other, "text/plain"), ("空.txt", b"", "text/plain")])
    at.run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2 and all("问题数" in json.dumps(json.loads(c.proto.spec), ensure_ascii=False) for c in charts)
    table = at.dataframe[0].value
    assert list(table["文件"]) == ["甲.txt", "乙.txt", "空.txt"]
    # severity filter: only 提示 findings count; the unusable file drops out; a 符合筛选 column appears
    at.multiselect(key="batch_flt_severity").set_value(["info"]).run()
    table = at.dataframe[0].value
    assert list(table["文件"]) == ["甲.txt", "乙.txt"]
    assert (table["符合筛选"] > 0).all() and (table["符合筛选"] <= table["提示"]).all()
    assert all(x.startswith("提示：") for x in table["最严重的问题"])
    assert any("按筛选条件显示 2 / 3 个文件" in c.value for c in at.caption)
    # rule-family filter: options are the families that occur, in Chinese; counts only that family
    assert "计算" in at.multiselect(key="batch_flt_category").options
    at.multiselect(key="batch_flt_severity").set_value([]).run()
    at.multiselect(key="batch_flt_category").set_value(["arithmetic"]).run()
    table = at.dataframe[0].value
    assert list(table["文件"]) == ["甲.txt", "乙.txt"] and (table["符合筛选"] > 0).all()
    assert (table["符合筛选"] < table["错误"] + table["警告"] + table["提示"]).all()
    # unit filter: the unit names from the reports
    at.multiselect(key="batch_flt_category").set_value([]).run()
    units = at.multiselect(key="batch_flt_unit").options
    assert "空" in units
    at.multiselect(key="batch_flt_unit").set_value(["空"]).run()
    assert list(at.dataframe[0].value["文件"]) == ["空.txt"]
    assert not at.exception


def test_review_whole_document_tab_and_its_html_download(seed_bytes):
    at = run(REVIEW_PAGE)
    at.file_uploader(key="review_files").set_value(("seed.txt", seed_bytes, "text/plain"))
    at.run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["工作台", "报告全文", "考核评分估计", "下载"]
    full = at.tabs[1]
    htmls = [h.proto.body for h in full.get("html")]
    assert any("问题索引" in h and 'href="#fd-' in h for h in htmls)
    assert any("岳阳市公共资源交易中心" in h and 'class="wb-ref' in h for h in htmls)
    assert any(b.proto.label.startswith("下载标注后的报告全文") for b in full.get("download_button"))
