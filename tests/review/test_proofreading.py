"""公文规范 proofreading (PRF001–PRF006, PRF010–PRF012): each check fires on a planted defect, quoting the text and the fix, and
stays quiet on right text; the data files are valid and current; clean fixtures, the seed and the real
documents raise nothing beyond the defects they really have."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assistant.knowledge.doc_numbers import known_documents, render
from assistant.report import parse_bytes
from assistant.review import run_rules
from assistant.review.proofdata import (
    KNOWN_FILE,
    document_index,
    find_wenhao,
    load_proof_data,
    standard_wenhao,
    title_key,
)
from evals.real.eval import strip_header

PRF = ["PRF001", "PRF002", "PRF003", "PRF004", "PRF005", "PRF006", "PRF010", "PRF011", "PRF012", "PRF030"]
ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "fixtures" / "real"
SEED = Path("/work/shared/seed/000_e7f97d6ee2f5c671.txt")


def project_report(basic: str, measures: str = "针对开工较晚的问题，下一年度提前完成设计审批，按月调度资金支付进度。",
                   year: int = 2023) -> str:
    return (
        f"青禾县农业农村局{year}年度高标准农田建设项目支出绩效自评报告\n"
        "一、项目基本情况\n"
        f"{basic}\n"
        "二、项目资金使用及管理情况\n"
        "项目资金已按进度拨付，执行情况良好。\n"
        "三、项目绩效目标完成情况\n"
        "全年建成高标准农田1.2万亩，验收合格率100%，受益群众满意度96%。\n"
        "四、存在的问题及原因\n"
        "部分项目开工较晚，资金支付进度偏慢，主要原因是设计变更审批时间较长。\n"
        "五、改进措施\n"
        f"{measures}\n"
    )


def findings(text: str, rules=PRF):
    report = parse_bytes(text.encode("utf-8"), "proof_case.txt")
    return run_rules(report, select=list(rules))


# ---------------------------------------------------------------- data


def test_known_documents_json_is_current():
    assert KNOWN_FILE.read_text(encoding="utf-8") == render(known_documents()), "run: python -m assistant.knowledge.doc_numbers"


def test_known_documents_are_standard_and_agree():
    data = load_proof_data()
    assert {d.wenhao for d in data.documents} >= {"财预〔2020〕10号", "中发〔2018〕34号", "财预〔2021〕101号"}
    by_title, _ = document_index(data)
    for d in data.documents:
        assert standard_wenhao(d.wenhao) == d.wenhao, d
        for t in (d.title, *d.aliases):
            from_index = by_title[title_key(t)]
            assert from_index.wenhao == d.wenhao, (t, d.wenhao, from_index.wenhao)  # one title, one number
        if d.superseded_by:
            assert d.superseded_year and standard_wenhao(d.superseded_by) == d.superseded_by


CONFUSIONS = load_proof_data().confusions


@pytest.mark.parametrize("conf", CONFUSIONS, ids=[c.right + ":" + c.pattern[:12] for c in CONFUSIONS])
def test_each_confusion_fires_on_its_examples_and_stays_quiet_on_the_others(conf):
    for sentence in conf.fires:
        got = findings(project_report(sentence), ["PRF004"])
        assert len(got) == 1, (sentence, got)
        m = conf.regex.search(sentence)
        fixed = m.expand(conf.right)
        assert got[0].severity == "warning" and "→" in got[0].message and fixed in got[0].message, got[0].message
        assert sentence[max(m.start() - 1, 0): m.end() + 1] in got[0].evidence
    for sentence in conf.quiet:
        assert findings(project_report(sentence), ["PRF004"]) == [], sentence


def test_find_wenhao_reads_every_bracket_form():
    got = find_wenhao("根据财预[2020]10号、湘财绩【2015】15号、川财农（2020）089号和财预〔20〕第3号文件")
    assert [(w.raw, w.standard) for w in got] == [
        ("财预[2020]10号", "财预〔2020〕10号"), ("湘财绩【2015】15号", "湘财绩〔2015〕15号"),
        ("川财农（2020）089号", "川财农〔2020〕89号"), ("财预〔20〕第3号", "财预〔2020〕3号"),
    ]
    assert all(w.problems for w in got)
    assert find_wenhao("依据财预〔2020〕10号")[0].problems == ()


# ---------------------------------------------------------------- PRF001


@pytest.mark.parametrize("written, fixed, why", [
    ("财预[2020]10号", "财预〔2020〕10号", "六角括号"),
    ("财预【2020】10号", "财预〔2020〕10号", "六角括号"),
    ("财预［2020］10号", "财预〔2020〕10号", "六角括号"),
    ("财预(2020)10号", "财预〔2020〕10号", "六角括号"),
    ("财预〔20〕10号", "财预〔2020〕10号", "全称"),
    ("财预〔2020〕第10号", "财预〔2020〕10号", "第"),
    ("财预〔2020〕010号", "财预〔2020〕10号", "虚位"),
])
def test_prf001_fires_on_a_wrong_form_quoting_the_fix(written, fixed, why):
    got = findings(project_report(f"根据《项目支出绩效评价管理办法》（{written}）开展自评。"), ["PRF001"])
    assert len(got) == 1, got
    f = got[0]
    assert f.severity == "warning" and f"“{written}”→“{fixed}”" in f.message and why in f.message
    assert written in f.evidence and fixed in f.suggestion


def test_prf001_missing_hao_only_inside_a_citation():
    got = findings(project_report("根据《项目支出绩效评价管理办法》（财预〔2020〕10）开展自评。"), ["PRF001"])
    assert len(got) == 1 and "加“号”字" in got[0].message and "“财预〔2020〕10”→“财预〔2020〕10号”" in got[0].message
    assert findings(project_report("项目编号青农（2023）12，已完工。"), ["PRF001"]) == []


def test_prf001_one_finding_for_one_habit_listing_every_place():
    text = project_report("根据湘财绩【2015】15号文件开展自评。", measures="按照南财绩【2019】7号和南政发【2014】7号要求整改。")
    got = findings(text, ["PRF001"])
    assert len(got) == 1 and "共3处" in got[0].message
    assert "第一部分" in got[0].evidence and "第五部分" in got[0].evidence
    assert got[0].location.section == "一"


@pytest.mark.parametrize("sentence", [
    "根据《项目支出绩效评价管理办法》（财预〔2020〕10号）开展自评。",
    "依据川财农〔2019〕183号文件下达资金。",
    "经（2023）湘0603民初123号判决，",  # a court case number is not a 文号
    "2023年（2022年度结转）资金10万元。",
])
def test_prf001_quiet_on_right_forms_and_other_numbers(sentence):
    assert findings(project_report(sentence), ["PRF001"]) == []


# ---------------------------------------------------------------- PRF002 / PRF003


@pytest.mark.parametrize("citation, right", [
    ("《项目支出绩效评价管理办法》（财预〔2021〕10号）", "财预〔2020〕10号"),  # same issuer, wrong year
    ("《项目支出绩效评价管理办法》（财预〔2021〕101号）", "财预〔2020〕10号"),  # another known document's number
    ("《中共中央国务院关于全面实施预算绩效管理的意见》（中发〔2018〕43号）", "中发〔2018〕34号"),
    ("《财政部关于印发〈项目支出绩效评价管理办法〉的通知》(财预〔2020〕11号)", "财预〔2020〕10号"),
    ("《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2020〕10号）", "财预〔2021〕101号"),
])
def test_prf002_fires_when_the_number_is_not_the_documents(citation, right):
    got = findings(project_report(f"依据{citation}开展绩效自评。"), ["PRF002"])
    assert len(got) == 1, got
    f = got[0]
    assert f.severity == "warning" and f"文号是{right}" in f.message and citation.split("》")[0] in f.evidence
    assert right in f.suggestion


def test_prf002_names_the_document_whose_number_was_written():
    got = findings(project_report("依据《项目支出绩效评价管理办法》（财预〔2021〕101号）开展绩效自评。"), ["PRF002"])
    assert "财预〔2021〕101号是《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》的文号" in got[0].message


@pytest.mark.parametrize("citation", [
    "《项目支出绩效评价管理办法》（财预〔2020〕10号）",
    "《项目支出绩效评价管理办法》(财预[2020]10号)",  # the right number in a wrong form is PRF001's
    "《中共中央 国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）",
    "《项目支出绩效评价管理办法》（百财绩〔2021〕4号）",  # a local document of the same name
    "《青禾县项目资金管理办法》（青财农〔2022〕8号）",  # unknown document
    "《项目支出绩效评价管理办法》（以下简称《办法》）",
])
def test_prf002_quiet_on_right_unknown_or_local_documents(citation):
    assert findings(project_report(f"依据{citation}开展绩效自评。"), ["PRF002"]) == []


def test_prf003_superseded_document_is_noted_in_later_years_only():
    s = "根据《财政支出绩效评价管理暂行办法》（财预〔2011〕285号）开展自评。"
    got = findings(project_report(s), ["PRF003"])
    assert len(got) == 1 and got[0].severity == "info"
    assert "财预〔2020〕10号" in got[0].message and "2023年度" in got[0].message
    assert findings(project_report(s, year=2019), ["PRF003"]) == []
    assert findings(project_report("财预〔2011〕285号已于2020年废止，本年按新办法开展自评。"), ["PRF003"]) == []


# ---------------------------------------------------------------- PRF005 / PRF006


def test_prf005_mixed_date_forms():
    text = project_report("项目于2023年3月15日开工，2023.6.30完成主体工程，2023-09-28通过验收。")
    got = findings(text, ["PRF005"])
    assert len(got) == 1 and got[0].severity == "info"
    assert "“2023.6.30”→“2023年6月30日”" in got[0].message and "“2023-09-28”→“2023年9月28日”" in got[0].message


@pytest.mark.parametrize("sentence", [
    "项目于2023年3月15日开工，2023年6月30日完成主体工程。",
    "项目于2023.3.15开工，2023.6.30完成主体工程。",  # one form throughout
    "项目于2023年3月15日开工，版本号2023.6.300。",
])
def test_prf005_quiet_on_one_form(sentence):
    assert findings(project_report(sentence), ["PRF005"]) == []


def test_prf005_ignores_page_stamps_before_the_report():
    text = "来源:财务科 2019-07-09 16:55\n" + project_report("项目于2023年3月15日开工。")
    assert findings(text, ["PRF005"]) == []


def test_prf006_units_mixed_within_one_breakdown():
    s = "全年支出470.20万元，其中：工资福利支出350.20万元，商品和服务支出1,200,000.00元。"
    got = findings(project_report(s), ["PRF006"])
    assert len(got) == 1 and "“1,200,000.00元”→“120.00万元”" in got[0].message


@pytest.mark.parametrize("sentence", [
    "全年支出470.20万元，其中：工资福利支出350.20万元，商品和服务支出120.00万元。",
    "发放补助资金120万元，其中：一类户人均补助2000元，二类户人均补助1500元，共计120万元。",
    "全年支出470.20万元。人均补助2000元。",
])
def test_prf006_quiet_on_one_unit_or_other_kinds(sentence):
    assert findings(project_report(sentence), ["PRF006"]) == []


# ---------------------------------------------------------------- PRF010


def test_prf010_run_in_number_written_twice():
    s = "主要职能：1.完成城市管理监督工作。2.做好平台日常维护。3.收集整理各类信息。4.完成终端单位考核。4.处理投诉举报。5.指导各县市区工作。"
    got = findings(project_report(s), ["PRF010"])
    assert len(got) == 1 and got[0].location.section == "一"
    assert "“1.2.3.4.4.5.”" in got[0].message and "“4.”写了两次" in got[0].message


def test_prf010_paragraph_numbers_with_one_left_out():
    basic = "主要工作如下：\n1、完成城市管理监督工作。\n2、做好平台日常维护。\n4、完成终端单位考核。\n5、指导各县市区工作。"
    got = findings(project_report(basic), ["PRF010"])
    assert len(got) == 1 and "跳号" in got[0].message and "“4、”前缺少一条" in got[0].message
    assert "（1、2、4、5、）" in got[0].message and got[0].location.paragraph == 3


def test_prf010_bracketed_paragraph_numbers():
    basic = "（1）完成监督工作。\n（2）做好维护。\n（2）完成考核。\n（3）指导工作。"
    got = findings(project_report(basic), ["PRF010"])
    assert len(got) == 1 and "“（2）”与上一条重号" in got[0].message


def test_prf010_circled_list_skipping_a_number():
    basic = "1.机构设置\n①局机关内设股室7个\n办公室、财务股。\n③区级办公室2个\n区城管办、区查违办。"
    got = findings(project_report(basic), ["PRF010"])
    assert len(got) == 1 and "①之后是③，缺少②" in got[0].message


def test_prf010_circled_lists_restart_or_follow_in_order():
    from assistant.review.rules.proofreading import circled_gaps

    assert circled_gaps([(0, "①甲②乙③丙"), (1, "①丁②戊")]) == []
    assert circled_gaps([(0, "①甲②乙"), (1, "④丁")]) == [(1, "②之后是④，缺少③")]


@pytest.mark.parametrize("basic", [
    "1.完成监督工作。2.做好维护。3.完成考核。",  # in order
    "1.完成监督工作。2.做好维护。1.完成考核。2.指导工作。",  # two lists
    "1.完成监督工作。2.做好维护。2.完成考核。",  # too short to be sure
    "1.完成监督工作。3.做好维护。6.完成考核。7.指导工作。",  # jumps about: not one list
    "全年1、2月完成设计，3.5万元用于监理；2023.12.31前完成验收，4.5公里管网。",  # dates, decimals, months
    "1、完成监督工作。\n附件2说明\n2、做好维护。\n3、完成考核。",  # continuation paragraphs between items
])
def test_prf010_quiet_on_orderly_or_other_numbers(basic):
    assert findings(project_report(basic), ["PRF010"]) == []


# ---------------------------------------------------------------- PRF011


def test_prf011_closing_bracket_without_opening_one():
    s = "根据《关于下达资金的通知》财农〔2023〕15号)下达资金120万元。全年完成2023年度)目标。"
    got = findings(project_report(s), ["PRF011"])
    assert len(got) == 1 and "“财农〔2023〕15号)”" in got[0].message and "“全年完成2023年度)”" in got[0].message
    assert "共2处" in got[0].evidence


@pytest.mark.parametrize("basic", [
    "根据《通知》（财农〔2023〕15号）下达资金（含结转（上年）资金）120万元。",  # paired, nested
    "主要工作：1）完成监督；2）做好维护；a) 完成考核；①）指导工作。",  # markers with a closing bracket only
    "资金来源包括（上级补助资金\n和本级配套资金）两部分。",  # a parenthesis wrapped onto the next paragraph
    "全年完成（未闭合的括号不判断",
    "?。ㄒ唬╉?xiàng)目概況)",  # mojibake
])
def test_prf011_quiet_on_paired_markers_wrapped_or_garbled(basic):
    assert findings(project_report(basic), ["PRF011"]) == []


def test_prf011_cells_carry_an_opening_from_the_cell_before():
    from assistant.review.rules.proofreading import unopened_closers

    assert unopened_closers("资金(其中:上级") == ([], 1)
    assert unopened_closers("本级0万元)二、自有资金", 1) == ([], 0)
    assert unopened_closers("本级0万元)二、自有资金") == ([5], 0)


# ---------------------------------------------------------------- PRF012


@pytest.mark.parametrize("row", ["20 分)项目决策(10 分)科学决策必要性", "10 ) 绩效目标明确性", "5 5 (可行性)）"])
def test_prf011_quiet_on_a_score_form_flattened_one_row_per_line(row):
    assert findings(project_report(row), ["PRF011"]) == []


def test_prf011_and_prf012_still_read_numbered_prose():
    """“1）” item markers and ordinary prose starting with a figure are not form rows."""
    got = findings(project_report("1）完成项目项目验收，资金到位率100%)。"), ["PRF011", "PRF012"])
    assert sorted(f.rule for f in got) == ["PRF011", "PRF012"]


def test_prf012_word_typed_twice():
    s = "按照《中央食品食品监管补助资金管理实施细则》要求，完成项目项目验收。"
    got = findings(project_report(s), ["PRF012"])
    assert len(got) == 1 and "“食品食品”→“食品”" in got[0].message and "“项目项目”→“项目”" in got[0].message


@pytest.mark.parametrize("basic", [
    "会议要求各科室认真研究研究，常常对照检查。",  # reduplicated words
    "一级指标产出指标二级指标数量指标数量指标分值10得分10",  # a form run into a paragraph
    "完成哈哈哈哈大笑的项目。",  # one character repeated
    "3 分)项目执行执行规范",  # a score form flattened one row per line: two cells run together
    "3 2 ( 特性指标70 分)项目绩效(20 ) 项目完成完成数量",
])
def test_prf012_quiet_on_reduplication_and_flattened_forms(basic):
    assert findings(project_report(basic), ["PRF012"]) == []


# ---------------------------------------------------------------- PRF010 on bare sections (real 36 and 09 shapes)


def _numbered(*paragraphs: str):
    from assistant.report.model import Paragraph, Report, Section

    sec = Section(label="一", heading="基本情况", paragraphs=[Paragraph(index=i, text=t) for i, t in enumerate(paragraphs)])
    return run_rules(Report(kind="report", sections=[sec]), select=["PRF010"])


def test_prf010_section_circled_list_that_skips_a_number():
    (f,) = _numbered("①局机关内设股室7", "内设股室：办公室、法制股。", "局下辖17个大队", "③区级办公室2")
    assert "缺少②" in f.message and f.location.section == "一" and f.location.paragraph == 3


def test_prf010_section_item_number_written_twice_in_one_paragraph():
    (f,) = _numbered("1.完成监督指挥工作。2.做好平台维护。3.收集城市管理信息。4.完成终端单位考核。4.处理投诉举报。5.指导县市区工作。")
    assert "“4.”写了两次" in f.message


@pytest.mark.parametrize("paragraphs", [
    ("①机构设置", "②人员编制", "③职责职能"),
    ("①内设股室7个", "②下属单位3个", "①在职人员40人", "②退休人员8人"),  # a second list starts again at ①
    ("1.完成监督工作。2.做好维护。3.收集信息，全年共1.5万条。4.完成考核。",),
    ("全年支出3.4万元。2.做好维护。2.收集信息。",),  # does not start at 1: not read as one list
])
def test_prf010_section_quiet_on_lists_in_order(paragraphs):
    assert _numbered(*paragraphs) == []


# ---------------------------------------------------------------- clean text and real documents


CLEAN = sorted(
    [*ROOT.glob("tests/fixtures/clean_*.txt"), *ROOT.glob("tests/fixtures/clean_*.docx"),
     ROOT / "evals/datasets/base/clean_c.txt", ROOT / "evals/datasets/base/clean_c.docx",
     ROOT / "tests/fixtures/four_part_report.txt", ROOT / "tests/fixtures/project_report_five.txt"]
)


@pytest.mark.parametrize("path", CLEAN, ids=[p.name for p in CLEAN])
def test_quiet_on_clean_fixtures(path):
    report = parse_bytes(path.read_bytes(), path.name)
    assert run_rules(report, select=PRF) == []


def test_quiet_on_the_seed():
    report = parse_bytes(SEED.read_bytes(), SEED.name)
    assert run_rules(report, select=PRF) == []


def test_real_documents_only_their_own_defects():
    """04 writes “2019年度)” without its opening bracket, 08 writes 权利事项 for 权力事项, 09 numbers two items 4.,
    16 and 24 write 文号 with 【】, 29 (a 2024 report) cites the 2011 暂行办法, 36 and 42 write 文号 with broken year
    brackets (36 also a circled list ①③ without ②; 42 also a 文号 closed by “)” it never opened, and 食品 typed
    twice), 38 and 39 write 截止 before a date,
    64 writes 洪财【2019】4号 and 洪财(2018)26号, 65 writes 湘政办发[2020]12号 and cites 中发〔2018〕34号 as “全面落实”
    (and four titles inside titles in <>, as 97 does once);
    nothing else fires."""
    truth = tomllib.loads((REAL / "expected.toml").read_text(encoding="utf-8"))
    got = {}
    for doc in truth["doc"]:
        if doc["kind"] == "not_self_eval":
            continue
        text = strip_header((REAL / doc["file"]).read_text(encoding="utf-8"))
        for f in run_rules(parse_bytes(text.encode("utf-8"), doc["file"]), select=PRF):
            got.setdefault(doc["file"][:2], []).append(f.rule)
    assert got == {"04": ["PRF011"], "08": ["PRF004"], "09": ["PRF010"], "16": ["PRF001"], "24": ["PRF001"],
                   "29": ["PRF003"], "36": ["PRF001", "PRF001", "PRF010"], "38": ["PRF004"], "39": ["PRF004"], "42": ["PRF001", "PRF011", "PRF012"],
                   "64": ["PRF001", "PRF001"], "65": ["PRF001", "PRF002", "PRF030"],
                   # batch 4: 77 and 82 write 文号 with [], 78 writes 截止 before a date; 85 is a score table
                   # flattened one cell run per line (its “20 分)” opens on the page before, “项目执行执行规范” is two
                   # cells run together): quiet
                   "77": ["PRF001"], "78": ["PRF004"], "82": ["PRF001"],
                   "89": ["PRF011"],  # 89: OCR debris “相)” (its opening bracket lost)
                   # batch 5: 93 writes 记帐 and 专项专项资金; 97 writes three 文号 with []
                   # 94: “2021年度)” under the form's title (the page lost other first characters too)
                   "93": ["PRF004", "PRF012"], "94": ["PRF011"], "97": ["PRF001", "PRF030"]}


def test_prf002_quotes_a_number_written_with_round_brackets():
    got = findings(project_report("依据《项目支出绩效评价管理办法》（财预（2021）10号）开展绩效自评。"), ["PRF002", "PRF001"])
    assert sorted(f.rule for f in got) == ["PRF001", "PRF002"]
    cite = next(f for f in got if f.rule == "PRF002")
    assert "写作“财预（2021）10号”" in cite.message and "文号是财预〔2020〕10号" in cite.message


def test_prf002_fires_when_a_known_number_carries_another_title():
    got = findings(project_report("依据《项目支出绩效管理办法》（财预〔2020〕10号）开展绩效自评。"), ["PRF002"])
    assert len(got) == 1, got
    assert "与文号财预〔2020〕10号不符：财预〔2020〕10号是《项目支出绩效评价管理办法》" in got[0].message
    assert "《项目支出绩效评价管理办法》（财预〔2020〕10号）" in got[0].suggestion


@pytest.mark.parametrize("citation", [
    "《关于全面实施预算绩效管理的意见》（中发〔2018〕34号）",  # the issuer left out
    "《中共中央、国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）",
    "《财政部关于印发〈项目支出绩效评价管理办法〉的通知》（财预〔2020〕10号）",
    "《中央部门项目支出核心绩效目标和指标设置及取值指引》（财预〔2021〕101号）",  # 试行 dropped
])
def test_prf002_accepts_short_or_wrapped_titles_of_a_known_number(citation):
    assert findings(project_report(f"依据{citation}开展绩效自评。"), ["PRF002"]) == []


@pytest.mark.parametrize("sentence", [
    "签订施工合同，合同编号为青农合（2023）5号。",
    "采购项目编号：青财采（2023）12号，已完成验收。",
])
def test_prf001_quiet_on_contract_and_procurement_numbers(sentence):
    assert findings(project_report(sentence), ["PRF001"]) == []


def test_prf001_fires_on_a_number_followed_by_wenjian_or_in_a_citing_clause():
    got = findings(project_report("市财政局青财农【2023】10号文件下达资金60万元。"), ["PRF001"])
    assert len(got) == 1 and "“青财农【2023】10号”→“青财农〔2023〕10号”" in got[0].message
    got = findings(project_report("资金已按青财农[2023]10号下达。"), ["PRF001"])
    assert len(got) == 1


def test_profile_severity_table_sets_a_proofreading_rules_level():
    """Severities live in the profile's [severity] table, like every rule's: PRF004 warning by default, info on request."""
    from assistant.review.profile import load_profile

    text = project_report("截止2023年12月31日，项目已全部完工，资金已拨付。")
    report = parse_bytes(text.encode("utf-8"), "proof_case.txt")
    assert {f.severity for f in run_rules(report, select=["PRF004"])} == {"warning"}
    mild = load_profile().model_copy(deep=True)
    mild.severity["PRF004"] = "info"
    assert {f.severity for f in run_rules(report, select=["PRF004"], profile=mild)} == {"info"}


@pytest.mark.parametrize(("citation", "right"), [
    ("《湖南省预算支出绩效评价管理办法》(湘财绩〔20207号)", "湘财绩〔2020〕7号"),  # no closing bracket
    ("《关于提前下达补助资金预算的通知》(川财行2020〕189号)", "川财行〔2020〕189号"),  # no opening bracket
    ("《关于全面推进预算绩效管理的实施意见》(益赫政发201612号)", "益赫政发〔2016〕12号"),  # no brackets at all
])
def test_prf001_fires_on_broken_year_brackets_after_a_title(citation, right):
    got = findings(project_report(f"根据{citation}要求开展绩效自评。"), ["PRF001"])
    assert len(got) == 1, got
    assert f"→“{right}”" in got[0].message and "年份" in got[0].message


@pytest.mark.parametrize("sentence", [
    "根据《关于全面推进预算绩效管理的实施意见》（益赫政发〔2016〕12号）开展绩效自评。",  # well formed
    "档案编号2016123号已归档，共计2019份。",  # not after a 《标题》: not read as a 文号
    "项目合同（青农合2023015号）已履行完毕。",  # a contract number in a parenthesis without a title
])
def test_prf001_quiet_on_whole_or_uncited_numbers(sentence):
    assert findings(project_report(sentence), ["PRF001"]) == []


def test_prf030_title_inside_a_title_in_angle_brackets():
    text = "根据《财政部关于印发<项目支出绩效评价管理办法>的通知》和《某省关于印发＜某某资金管理办法＞的通知》开展自评。"
    got = findings(project_report(text), ["PRF030"])
    assert len(got) == 1
    assert "“<项目支出绩效评价管理办法>”→“〈项目支出绩效评价管理办法〉”" in got[0].message
    assert "（共2处）" in got[0].message


@pytest.mark.parametrize("text", [
    "根据《财政部关于印发〈项目支出绩效评价管理办法〉的通知》开展自评。",  # written right
    "满意度<90%的指标未得满分，>95%的得满分。",  # comparisons outside any title
])
def test_prf030_quiet(text):
    assert findings(project_report(text), ["PRF030"]) == []
