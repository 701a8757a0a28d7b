"""Pure helpers behind the pages (assistant/ui): figures, checks, report building, mode lines, history."""

from __future__ import annotations

import json
from decimal import Decimal

from assistant.report import parse_bytes
from assistant.review import review
from assistant.settings import Settings
from assistant.ui import form_state as fs
from assistant.ui.evals import load_history, metric_names
from assistant.ui.figures import (
    Figures,
    IndicatorInput,
    apply_editor_delta,
    build_report,
    checks,
    compute,
    figures_from_report,
    indicators_from_records,
    sections_from_report,
)
from assistant.ui.mode import mode_lines, users_line
from assistant.ui.review_view import (
    batch_summary,
    critique_docx_bytes,
    facet_values,
    filter_findings,
    finding_rows,
    result_json,
    review_bytes,
)

D = Decimal


def small() -> Figures:
    f = Figures(unit="测试单位", year=2023, budget=D("1000"), initial_budget=D("900"))
    f.basic.update({"工资福利支出": D("500"), "商品和服务支出": D("100")})
    f.project.update({"商品和服务支出": D("300")})
    f.income["一般公共预算"] = D("900")
    f.authorized, f.actual_staff = 20, 19
    f.indicators = [
        IndicatorInput(level1="产出指标", level2="数量指标", level3="培训人次", target="≥200人次",
                       actual="236人次", weight=D(50), score=D(50)),
        IndicatorInput(level1="效益指标", level2="社会效益指标", level3="覆盖率", target="≥90%",
                       actual="95%", weight=D(30), score=D(28)),
        IndicatorInput(level1="满意度指标", level2="服务对象满意度指标", level3="满意度", target="≥90%",
                       actual="问卷调查300份，满意度96%", weight=D(10), score=D(10)),
    ]
    return f


def test_compute_rates_scores_and_totals():
    m = compute(small())
    assert (m.basic, m.project, m.executed) == (D("600"), D("300"), D("900"))
    assert m.exec_rate == D("90") and m.exec_score == D("9")
    assert m.control_rate.quantize(D("0.01")) == D("95.00")
    assert (m.total_weight, m.total_score) == (D("100"), D("97.00"))
    assert checks(small()) == []


def test_exec_score_is_capped_at_weight():
    f = small()
    f.budget = D("800")
    m = compute(f)
    assert m.exec_score == D("10")
    found = checks(f, m)
    assert [(c.rule, c.field, c.message) for c in found] == [
        ("BUD006", "budget", "附件2整体支出绩效自评表全年执行数900万元 > 全年预算数800万元（执行率112.50%）"),
    ]


def test_checks_cover_double_counting_indicators_and_blocks():
    f = small()
    f.income["纳入专户管理的非税收入拨款"] = D("300")
    f.indicators[0].actual = "已完成"
    f.indicators[1].score = D(31)
    f.indicators[2].actual = "满意度95%"
    found = checks(f)
    msgs = [c.message for c in found]
    # 一般公共预算 already the whole 900 plus 非税 300: the double counting (CON005), not its sum again (ARI007)
    assert {c.field for c in found if c.rule == "CON005"} == {"income"}
    assert not [c for c in found if c.rule == "ARI007"]
    assert any("重复计列" in m and "纳入专户管理的非税收入拨款300万元" in m for m in msgs)
    assert ("附件2整体支出绩效自评表“培训人次”的实际完成值“已完成”不是实测值，无法与年度指标值“≥200人次”比较"
            in msgs)
    assert "附件2整体支出绩效自评表“覆盖率”得分31分 > 分值30分" in msgs
    assert {c.field for c in found if c.rule in ("IND001", "SCO001", "EVD001")} == {"indicators"}
    assert any("满意度“满意度95%”没有说明调查方式" in m for m in msgs)
    f.indicators = f.indicators[:2]
    f.indicators[0].weight = D(40)
    assert "附件2整体支出绩效自评表产出指标各三级指标分值之和40分 ≠ 表中写明及规定权重50分" in [
        c.message for c in checks(f)]


def test_state_round_trip():
    f = small()
    g = fs.figures_from_state(fs.figures_to_state(f), f.indicators)
    assert g == f


def test_build_report_is_reviewable_and_matches_the_form():
    f = small()
    f.basic_total = D("601")
    rep = build_report(f, {"七": "（一）问题\n预算执行率90.00%。"})
    assert rep.budget.basic.total.value == D("601")
    assert rep.self_eval.funds[0].rate.value == D("90.10")
    assert [s.label for s in rep.sections] == ["七"]
    res = review(rep)
    assert any(x.rule == "ARI001" for x in res.findings)


def test_figures_from_seed_and_previous_year(seed_path):
    rep = parse_bytes(seed_path.read_bytes(), seed_path.name)
    f = figures_from_report(rep)
    assert (f.unit, f.year, f.basic_total, f.authorized) == ("岳阳市公共资源交易中心", 2022, D("804.03"), 51)
    assert f.sangong["reception"] == {"prev_final": D("1.7"), "budget": D("30"), "final": D("0.69")}
    assert len(f.indicators) == 22 and sections_from_report(rep)["七"]
    prev = figures_from_report(rep, as_previous_year=True)
    assert prev.year == 2023
    assert prev.sangong["reception"] == {"prev_final": D("0.69"), "budget": None, "final": None}
    assert all(r.actual == "" and r.score is None for r in prev.indicators)


def test_data_editor_delta():
    base = [{"level1": "产出指标", "level3": "a", "weight": 5.0}, {"level1": "效益指标", "level3": "b"}]
    delta = {"edited_rows": {"0": {"weight": 10.0}}, "deleted_rows": [1],
             "added_rows": [{"level1": "满意度指标", "level3": "c", "weight": float("nan")}]}
    rows = indicators_from_records(apply_editor_delta(base, delta))
    assert [(r.level3, r.weight) for r in rows] == [("a", D("10.00")), ("c", None)]


def test_mode_lines_never_show_the_key():
    s = Settings(openai_base_url="https://u:secret@llm.example/v1?key=zzz", openai_api_key="sk-123",
                 llm_model="m1")
    text = " ".join(mode_lines(s))
    assert "大模型 · m1 @ https://llm.example/v1" in text
    assert "sk-123" not in text and "secret" not in text and "zzz" not in text
    assert "离线起草" in mode_lines(Settings())[0]
    assert "单用户本地模式" in users_line(Settings())


def test_review_helpers(seed_path):
    out = review_bytes(seed_path.read_bytes(), "seed.txt")
    bad = review_bytes(b"", "empty.txt")
    assert out.ok and not bad.ok and bad.error.startswith("empty.txt: ")
    rows = finding_rows(out.result)
    assert rows[0]["序号"] == 1 and {"严重程度", "类别", "位置", "问题"} <= set(rows[0])
    errs = filter_findings(out.result.findings, ["error"])
    assert errs and all(f.severity == "error" for f in errs)
    assert "error" in facet_values(out.result.findings)["severity"]
    summary = batch_summary([out, bad])
    assert summary[1]["状态"] == "无法使用"
    data = json.loads(result_json(out.result))
    assert set(data) >= {"file", "findings", "score"}
    assert critique_docx_bytes(out)[:2] == b"PK"


def test_eval_history(tmp_path):
    assert load_history(tmp_path / "missing.jsonl") == ([], [])
    p = tmp_path / "h.jsonl"
    p.write_text(json.dumps({"date": "d", "commit": "c", "mode": "offline",
                             "metrics": {"review": {"f1": 0.5}, "n": 3, "flag": True}}) + "\n[]\n", encoding="utf-8")
    runs, problems = load_history(p)
    assert runs == [{"date": "d", "commit": "c", "mode": "offline", "review.f1": 0.5, "n": 3.0}]
    assert problems == ["第2行不是 JSON 对象，已跳过"]
    assert metric_names(runs) == ["review.f1", "n"]
