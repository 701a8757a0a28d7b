"""`assistant export REPORT --out FILE`."""

from __future__ import annotations

import docx
import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.report import parse_file


def _cmp(report):
    return report.model_dump(mode="json", exclude={"meta"})


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_export_from_report_json(seed_report, tmp_path, suffix):
    src = tmp_path / "seed.json"
    src.write_text(seed_report.model_dump_json(), encoding="utf-8")
    out = tmp_path / f"seed{suffix}"
    result = CliRunner().invoke(cli, ["export", str(src), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"已写入 / written: {out}\n"
    assert _cmp(parse_file(out)) == _cmp(seed_report)


def test_export_from_report_file_md_masked(seed_path, tmp_path):
    out = tmp_path / "seed.md"
    result = CliRunner().invoke(cli, ["export", str(seed_path), "--out", str(out), "--mask-pii"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 2022年度岳阳市公共资源交易中心整体支出绩效自评报告")
    assert "13975077504" not in text and "139****7504" in text


def test_export_docx_input(seed_report, tmp_path):
    from assistant.export import export_report_docx

    src = export_report_docx(seed_report, tmp_path / "in.docx")
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(cli, ["export", str(src), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    assert len(docx.Document(str(out)).tables) == len(seed_report.tables)


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.json", "--out", "x.docx"], "文件不存在"),
        (["bad.json", "--out", "x.docx"], "不是有效的 Report JSON"),
        (["seed.json", "--out", "x.pdf"], "不支持的输出格式"),
    ],
)
def test_export_unusable_input_exit_2(seed_report, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text('{"title": 1, "oops": true}', encoding="utf-8")
    (tmp_path / "seed.json").write_text(seed_report.model_dump_json(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", *args], catch_exceptions=False)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
