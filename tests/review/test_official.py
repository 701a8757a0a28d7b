"""The official rule family (OFF001–OFF007): the report against its approved targets and 决算.

Each planted discrepancy is found and its message quotes both values and names the official file and row;
the clean reports with their own official files give no OFF finding; without a record the rules are silent.
"""

from pathlib import Path

import pytest

from assistant.official import load_books, record_for
from assistant.report import parse_bytes, parse_file
from assistant.review import review
from assistant.review.rules.official import classify
from assistant.settings import Settings

S = Settings()
CLEAN_A = Path("tests/fixtures/clean_a.txt")


@pytest.fixture(scope="module")
def official(tmp_path_factory):
    from tests.fixtures.official.make_official import build_all

    return build_all(tmp_path_factory.mktemp("official_rules"))


def _review(report, official, targets=None, final=None):
    books = load_books(official[targets] if targets else None, official[final] if final else None, S)
    rec = record_for(report, books)
    return review(report, S, official=rec)


def _off(result):
    return [f for f in result.findings if f.category == "official"]


def _variant(*edits: tuple[str, str]):
    text = CLEAN_A.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) >= 1, old
        text = text.replace(old, new)
    return parse_bytes(text.encode("utf-8"), "clean_a_variant.txt", S)


@pytest.mark.parametrize("report_path, targets, final", [
    ("tests/fixtures/clean_a.txt", "a_targets.xlsx", "a_final.xlsx"),
    ("tests/fixtures/clean_a.docx", "a_targets.docx", "a_final.xlsx"),
    ("tests/fixtures/clean_b.docx", "b_targets.docx", "b_final.xlsx"),
    ("tests/fixtures/clean_b.txt", "b_targets.xlsx", "b_final.xlsx"),
])
def test_clean_report_with_its_own_official_files_has_no_official_finding(official, report_path, targets, final):
    report = parse_file(report_path, S)
    with_record = _review(report, official, targets, final)
    assert _off(with_record) == []
    assert with_record.official.targets == targets and with_record.official.final_accounts == final
    assert with_record.official.skipped == []
    # the other rules judge exactly as without the record
    assert with_record.findings == review(report, S).findings


def test_rules_silent_without_a_record():
    res = review(parse_file(CLEAN_A, S))
    assert _off(res) == [] and res.official is None
    assert "official" not in res.model_dump(mode="json")  # the contract's keys are unchanged


def test_OFF001_lowered_target_quotes_both_values_and_the_row(official):
    res = _review(_variant(("≥4场", "≥3场"), ("2023年12月31日前", "2024年1月31日前"), ("≤1.0元/页", "≤1.2元/页")),
                  official, "a_targets.xlsx")
    msgs = {f.message for f in _off(res) if f.rule == "OFF001"}
    assert len(msgs) == 3 and {f.rule for f in _off(res)} == {"OFF001"}
    shows = next(m for m in msgs if "档案宣传展览场次" in m)
    assert "“≥3场”" in shows and "批复目标“≥4场”" in shows and "a_targets.xlsx「绩效目标申报表」第12行" in shows
    assert any("“2024年1月31日前”" in m and "“2023年12月31日前”" in m for m in msgs)  # a later deadline
    assert any("“≤1.2元/页”" in m for m in msgs)  # a higher ceiling
    f = next(f for f in _off(res) if "档案宣传展览场次" in f.message)
    assert f.severity == "error" and f.location.section == "附件2" and f.location.cell == 4


def test_OFF002_raised_or_changed_target(official):
    res = _review(_variant(("≥8000卷", "≥9000卷"), ("≥1.5万人次", "1.5万次")), official, "a_targets.docx")
    off = _off(res)
    assert {f.rule for f in off} == {"OFF002"}
    assert any("“≥9000卷”比批复目标“≥8000卷”更严" in f.message and "a_targets.docx「表1」第2行" in f.message
               for f in off)
    assert any("“1.5万次”与批复目标“≥1.5万人次”不一致" in f.message for f in off)  # unit changed


def test_OFF003_vaguer_target(official):
    res = _review(_variant(("≥98%", "合格率较高")), official, "a_targets.xlsx")
    (f,) = [f for f in _off(res)]
    assert f.rule == "OFF003" and "“合格率较高”" in f.message and "批复目标“≥98%”" in f.message


def test_OFF004_approved_indicator_missing(official):
    res = _review(parse_file(CLEAN_A, S), official, "a_targets_extra.xlsx")
    (f,) = _off(res)
    assert f.rule == "OFF004"
    assert "档案编研成果数量" in f.message and "≥2部" in f.message and "a_targets_extra.xlsx「绩效目标申报表」第13行" in f.message


def test_OFF005_unapproved_indicator_added(official):
    res = _review(parse_file(CLEAN_A, S), official, "a_targets_fewer.xlsx")
    (f,) = _off(res)
    assert f.rule == "OFF005" and "查阅利用按时办结率" in f.message and "a_targets_fewer.xlsx" in f.message


def test_fuzzy_name_match_shows_its_score(official):
    res = _review(_variant(("档案宣传展览场次", "档案宣传展览举办场次"), ("≥4场", "≥2场")), official, "a_targets.xlsx")
    (f,) = _off(res)
    assert f.rule == "OFF001" and "相似度0.89" in f.message and "档案宣传展览场次" in f.message


def test_OFF006_money_differs_from_final_accounts(official):
    res = _review(parse_file(CLEAN_A, S), official, final="a_final_off.xlsx")
    money = {f.message.split("（")[0].split("万元")[0]: f for f in _off(res) if f.rule == "OFF006"}
    assert set(money) == {"全年预算数1002.15", "全年执行数968.68", "基本支出612.48", "项目支出356.20", "三公经费7.22"}
    f = money["全年执行数968.68"]
    assert "决算978.68万元（9786800元）" in f.message and "a_final_off.xlsx「决算主要数据」第5行" in f.message
    assert f.severity == "error" and f.location.section == "附件2"
    assert "决算622.48万元（6224800元）" in money["基本支出612.48"].message
    assert money["基本支出612.48"].location.section == "二"


def test_OFF007_staff_differs_from_final_accounts(official):
    res = _review(parse_file(CLEAN_A, S), official, final="a_final_off.xlsx")
    (f,) = [f for f in _off(res) if f.rule == "OFF007"]
    assert "实有人数43人" in f.message and "决算45人" in f.message and "第10行" in f.message
    assert f.severity == "warning"


def test_tolerances_come_from_the_profile(official, tmp_path):
    from assistant.review.profile import load_profile

    text = Path("assistant/review/profiles/national.toml").read_text(encoding="utf-8")
    loose = tmp_path / "loose.toml"
    loose.write_text(text.replace('money = "0.01"          # 万元 difference', 'money = "20"          # 万元 difference')
                     .replace("staff = 0 ", "staff = 5 "), encoding="utf-8")
    report = parse_file(CLEAN_A, S)
    rec = record_for(report, load_books(None, official["a_final_off.xlsx"], S))
    assert _off(review(report, S, official=rec)) != []
    assert _off(review(report, S, official=rec, profile=load_profile(loose))) == []


def test_skipped_file_is_reported_and_other_checks_still_run(official):
    report = parse_file(CLEAN_A, S)
    books = load_books(official["other_unit_targets.xlsx"], official["a_final_off.xlsx"], S)
    res = review(report, S, official=record_for(report, books))
    assert [s.file for s in res.official.skipped] == ["other_unit_targets.xlsx"]
    assert res.official.targets is None and res.official.final_accounts == "a_final_off.xlsx"
    assert {f.rule for f in _off(res)} == {"OFF006", "OFF007"}
    assert res.model_dump(mode="json")["official"]["skipped"][0]["file"] == "other_unit_targets.xlsx"


@pytest.mark.parametrize("approved, reported, kind", [
    ("≥8000卷", "8000卷", None),
    ("≥8000卷", "≥7999卷", "lowered"),
    ("不低于98%", "≥98%", None),
    ("≤1.0元/页", "≤0.9元/页", "raised"),
    ("0起", "≤1起", "lowered"),
    ("2023年12月31日前", "2023年11月30日前", "raised"),
    ("≥120万页", "≥1200000页", None),
    ("≥90%", "较高", "vaguer"),
    ("≥90%", "≤90%", "changed"),
    ("按时完成", "按时完成", None),
    ("按时完成", "基本完成", "changed"),
])
def test_classify(approved, reported, kind):
    from decimal import Decimal

    from assistant.official.model import ApprovedTarget, OfficialSource

    a = ApprovedTarget(name="某指标", target=approved, source=OfficialSource(file="t.xlsx", row=2))
    assert classify(a, reported, 2023, Decimal("0")) == kind
