"""`assistant draft` CLI (offline)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from assistant.cli import cli

from .conftest import DRAFT_FIXTURES

SRC = str(DRAFT_FIXTURES / "unit_b_2022.txt")


def test_section_json():
    r = CliRunner().invoke(cli, ["draft", "--from", SRC, "--section", "七", "--format", "json"], catch_exceptions=False)
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["section"] == "七" and data["mode"] == "offline" and "原因分析" in data["text"]


def test_section_text():
    r = CliRunner().invoke(cli, ["draft", "--from", SRC, "--section", "三"], catch_exceptions=False)
    assert r.exit_code == 0
    assert r.stdout.startswith("三、政府性基金预算支出情况（模式：offline）\n本单位无政府性基金预算支出。\n")


def test_whole_report_to_md_and_docx(tmp_path):
    from assistant.report import parse_file

    for name in ("draft.md", "draft.docx", "draft.json"):
        out = tmp_path / name
        r = CliRunner().invoke(cli, ["draft", "--from", SRC, "--out", str(out)], catch_exceptions=False)
        assert r.exit_code == 0 and out.exists() and out.stat().st_size > 1000
    back = parse_file(tmp_path / "draft.json")
    assert back.section("八").text and "[K-" not in back.section("八").text


def test_bad_out_suffix_is_exit_2(tmp_path):
    r = CliRunner().invoke(cli, ["draft", "--from", SRC, "--out", str(tmp_path / "x.pdf")])
    assert r.exit_code == 2
