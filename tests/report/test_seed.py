"""The real seed report parses into the expected Report."""

from decimal import Decimal as D

from assistant.report.model import SECTION_LABELS


def test_seed_identity(seed_report):
    r = seed_report
    assert r.kind == "report"
    assert r.year == 2022
    assert r.unit == "岳阳市公共资源交易中心"
    assert [s.label for s in r.sections] == list(SECTION_LABELS)
    labels = [a.label for a in r.attachments]
    assert labels == ["附件1", "附件2", "附件5"]
    assert r.rubric is not None and r.rubric.section == "附件5"


def test_seed_budget(seed_report):
    b = seed_report.budget
    assert b.basic.total.value == D("804.03")
    assert {k: v.value for k, v in b.basic.classes.items()} == {
        "工资福利支出": D("658.62"),
        "商品和服务支出": D("124.44"),
        "对个人和家庭的补助": D("20.22"),
    }
    assert b.project.total.value == D("1517.72")
    assert len(b.project.classes) == 4
    assert b.project.classes["资本性支出"].value == D("480.26")
    assert b.basic.total.source.section == "二"


def test_seed_sangong_has_three_columns(seed_report):
    sg = seed_report.basic_data.sangong
    assert sg.columns == ["2021年决算数", "2022年预算数", "2022年决算数"]
    rows = {r.key: r for r in sg.rows}
    assert set(rows) >= {"total", "vehicle", "vehicle_purchase", "vehicle_run", "abroad", "reception"}
    for r in sg.rows:
        assert list(r.values) == sg.columns
    assert rows["reception"].values["2022年预算数"].value == D("30")
    assert rows["reception"].values["2022年决算数"].value == D("0.69")
    assert rows["total"].values["2022年决算数"] is None  # left blank in the seed


def test_seed_staffing(seed_report):
    st = seed_report.basic_data.staffing
    assert (st.authorized.value, st.actual.value, st.control_rate.value) == (D(51), D(51), D(100))
    assert seed_report.staffing_text.authorized.value == D(51)


def test_seed_indicators(seed_report):
    se = seed_report.self_eval
    assert se.name == "岳阳市公共资源交易中心"
    assert len(se.indicators) == 22
    assert all(i.weight is not None and i.score is not None for i in se.indicators)
    blocks = {}
    for i in se.indicators:
        blocks.setdefault(i.level1, D(0))
        blocks[i.level1] += i.weight.value
    assert blocks == {"产出指标": D(45), "效益指标": D(20), "满意度指标": D(10)}
    assert {i.level1_weight for i in se.indicators} == {D(50), D(30), D(10)}
    assert se.indicators[0].actual == "已完成"
    fund = se.funds[0]
    assert (fund.initial_budget.value, fund.budget.value, fund.executed.value) == (D("1244.23"), D("2321.75"), D("2321.75"))
    assert (fund.weight.value, fund.rate.value, fund.score.value) == (D(10), D(100), D(100))
    assert se.by_income["一般公共预算"].value == D("2321.75")
    assert se.by_income["纳入专户管理的非税收入拨款"].value == D("1517.72")
    assert se.by_nature["基本支出"].value == D("804.03")
    assert se.total_weight.value == D(100) and se.total_score.value == D(100)
    assert se.goal_target == "" and se.goal_actual == ""


def test_seed_rubric(seed_report):
    rub = seed_report.rubric
    got = [(i.level2, i.max_score, i.score.value) for i in rub.items]
    assert got == [
        ("自评通知", D(8), D(8)),
        ("工作小组", D(2), D(2)),
        ("单位自查", D(20), D(20)),
        ("提交报告", D(10), D(20)),
        ("自评报告的完整性", D(15), D(20)),
        ("绩效自评表", D(15), D(14)),
        ("绩效评价报告反映问题情况", D(15), D(15)),
        ("针对问题提出可行性建议的情况", D(15), D(14)),
    ]
    assert rub.total_max == D(100) and rub.total.value == D(98)


def test_seed_attachment_notes_keep_contact_line(seed_report):
    notes = [p.text for p in seed_report.attachment("附件1").paragraphs]
    assert any("13975077504" in n for n in notes)


def test_seed_indicator_cells(seed_report):
    se = seed_report.self_eval
    for i in se.indicators:
        row = seed_report.tables[i.source.table].rows[i.source.row]
        assert i.target_cell is not None and i.actual_cell is not None
        assert row[i.target_cell].strip() == i.target and row[i.actual_cell].strip() == i.actual
