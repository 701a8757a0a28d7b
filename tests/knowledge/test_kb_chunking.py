from __future__ import annotations

import re
from pathlib import Path

from assistant.knowledge.chunking import chunk_document
from assistant.knowledge.loaders import chinese_heading_level, load_document
from assistant.knowledge.models import CHUNK_ID_PATTERN

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "knowledge" / "past_reports" / "2022_岳阳市公共资源交易中心.txt"


def test_chinese_heading_levels():
    assert chinese_heading_level("一、基本情况") == 1
    assert chinese_heading_level("（二）项目支出情况") == 2
    assert chinese_heading_level("(二)项目支出情况") == 2
    assert chinese_heading_level("2、机构设置") == 3
    assert chinese_heading_level("（1）数量指标") == 4
    assert chinese_heading_level("附件1") == 1
    # long numbered sentences are paragraphs, not headings
    assert chinese_heading_level("1、一是认真组织学习培训。认真开展学习，全面贯彻落实市委、市政府重要会议精神。") == 0
    assert chinese_heading_level("（1）负责市级公共资源交易平台及信息网络系统建设、运行、管理，") == 0
    assert chinese_heading_level("2022年度基本支出为804.03万元") == 0


def test_txt_chunks_keep_heading_path(tmp_path, corpus):
    doc = load_document(corpus / "report.txt", 10**6)
    assert doc.meta.title == "2023年度测试单位整体支出绩效自评报告"
    chunks = chunk_document(doc, 600, 80)
    by_text = {c.text: c for c in chunks}
    org = next(c for t, c in by_text.items() if t.startswith("单位设办公室"))
    assert org.section == "一、基本情况 > （一）部门基本情况 > 2、机构设置"
    basic = next(c for t, c in by_text.items() if t.startswith("基本支出100.00万元"))
    assert basic.section == "二、一般公共预算支出情况 > （一）基本支出情况"
    problems = next(c for t, c in by_text.items() if t.startswith("预算编制不够精准"))
    assert problems.section == "七、存在的问题及原因分析"
    assert all(re.fullmatch(CHUNK_ID_PATTERN, c.id) for c in chunks)
    assert "2023年度测试单位整体支出绩效自评报告" not in by_text  # title line is metadata, not a passage


def test_markdown_front_matter_and_nested_headings(corpus):
    doc = load_document(corpus / "policy.md", 10**6)
    assert doc.meta.title == "测试政策摘要"
    assert doc.meta.wenhao == "财预〔2099〕1号"
    chunks = chunk_document(doc, 600, 80)
    sections = {c.section for c in chunks}
    # the single leading H1 repeats the title and is kept out of the paths
    assert sections == {"", "一、三公经费", "二、预算执行率", "二、预算执行率 > （一）满意度"}
    sat = next(c for c in chunks if "满意度" in c.section)
    assert sat.text == "满意度要写明调查方式、样本数量。"


def test_size_and_overlap_limits(tmp_path):
    sentence = "预算执行率等于全年执行数除以全年预算数。"  # 20 chars
    body = "一、长段落\n" + sentence * 40 + "\n"
    path = tmp_path / "long.txt"
    path.write_text("标题\n" + body, encoding="utf-8")
    chunks = chunk_document(load_document(path, 10**6), 200, 40)
    assert len(chunks) >= 4
    assert all(len(c.text) <= 200 + 40 for c in chunks)
    assert all(c.section == "一、长段落" for c in chunks)
    # consecutive chunks overlap: the next one starts with the tail of the previous one
    assert chunks[1].text.startswith(sentence)
    assert chunks[0].text.endswith(sentence)


def test_seed_table_rows_are_not_headings_and_ids_are_stable():
    doc = load_document(SEED, 10**7)
    assert doc.meta.title == "2022年度岳阳市公共资源交易中心整体支出绩效自评报告"
    assert doc.meta.unit == "岳阳市公共资源交易中心" and doc.meta.kind == "往年报告"
    first = chunk_document(doc, 600, 80)
    again = chunk_document(load_document(SEED, 10**7), 600, 80)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    sections = {c.section for c in first}
    assert "一、基本情况 > （一）部门（单位）基本情况 > 2、机构设置" in sections
    assert not any("公务用车购置和维护经费" in s for s in sections)  # a table cell, not a heading
    table = next(c for c in first if "公务接待" in c.text and c.section == "附件1")
    assert " | " in table.text
