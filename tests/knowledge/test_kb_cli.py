from __future__ import annotations

import json

from click.testing import CliRunner

from assistant.cli import cli

from .conftest import POLICY_MD


def _env(tmp_path, corpus=None):
    return {
        "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "ASSISTANT_KNOWLEDGE__CORPUS_DIR": str(corpus or tmp_path / "no-corpus"),
    }


def test_cli_ingest_search_list_remove(tmp_path, corpus):
    runner = CliRunner()
    env = _env(tmp_path)
    res = runner.invoke(cli, ["kb", "ingest", str(corpus)], env=env, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "新增 added 2, 更新 replaced 0, 未变 unchanged 0" in res.stdout

    res = runner.invoke(cli, ["kb", "ingest", str(corpus / "policy.md")], env=env, catch_exceptions=False)
    assert "新增 added 0, 更新 replaced 0, 未变 unchanged 1" in res.stdout

    res = runner.invoke(
        cli, ["kb", "search", "三公经费包括哪些", "--k", "2", "--format", "json"], env=env, catch_exceptions=False
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["query"] == "三公经费包括哪些"
    assert len(data["hits"]) == 2
    assert all(set(h) == {"id", "doc", "title", "section", "text", "score", "citation"} for h in data["hits"])
    top = data["hits"][0]
    assert (top["doc"], top["section"], top["title"]) == ("policy.md", "一、三公经费", "测试政策摘要")
    assert top["citation"].startswith("《测试政策摘要》（财预〔2099〕1号）")

    for method in ("lexical", "vector"):
        res = runner.invoke(cli, ["kb", "search", "预算执行率", "--method", method, "--format", "json"], env=env)
        assert res.exit_code == 0 and json.loads(res.stdout)["hits"][0]["section"] == "二、预算执行率"

    res = runner.invoke(cli, ["kb", "search", "预算执行率", "--k", "1"], env=env, catch_exceptions=False)
    assert res.exit_code == 0 and res.stdout.startswith("1. [K-")

    res = runner.invoke(cli, ["kb", "list", "--format", "json"], env=env, catch_exceptions=False)
    docs = json.loads(res.stdout)["docs"]
    assert [d["doc"] for d in docs] == ["policy.md", "report.txt"]
    assert docs[0]["wenhao"] == "财预〔2099〕1号" and docs[0]["chunks"] >= 3

    res = runner.invoke(cli, ["kb", "remove", "report.txt"], env=env, catch_exceptions=False)
    assert res.exit_code == 0 and res.stdout.startswith("已删除 / removed report.txt:")
    res = runner.invoke(cli, ["kb", "list"], env=env, catch_exceptions=False)
    assert res.stdout.split()[1] == "policy.md" and "report.txt" not in res.stdout


def test_cli_changed_file_replaces(tmp_path, corpus):
    runner = CliRunner()
    env = _env(tmp_path)
    runner.invoke(cli, ["kb", "ingest", str(corpus / "policy.md")], env=env, catch_exceptions=False)
    (corpus / "policy.md").write_text(POLICY_MD + "\n## 三、新增章节\n\n新增内容。\n", encoding="utf-8")
    res = runner.invoke(cli, ["kb", "ingest", str(corpus / "policy.md")], env=env, catch_exceptions=False)
    assert "更新 replaced 1" in res.stdout


def test_cli_first_use_ingests_corpus(tmp_path, corpus):
    res = CliRunner().invoke(cli, ["kb", "list", "--format", "json"], env=_env(tmp_path, corpus))
    assert [d["doc"] for d in json.loads(res.stdout)["docs"]] == ["policy.md", "report.txt"]


def test_cli_bad_input_exits_2_with_one_line(tmp_path):
    runner = CliRunner()
    env = _env(tmp_path)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    cases = {
        str(tmp_path / "missing.md"): "文件不存在 / file not found",
        str(tmp_path / "empty.txt"): "文件为空 / empty file: empty.txt",
        str(tmp_path / "bad.pdf"): "无法读取 PDF 文件 / unreadable PDF bad.pdf",
    }
    for path, message in cases.items():
        res = runner.invoke(cli, ["kb", "ingest", path], env=env)
        assert res.exit_code == 2, (path, res.output)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], res.stderr
    res = runner.invoke(cli, ["kb", "remove", "nope.md"], env=env)
    assert res.exit_code == 2 and "no such document: nope.md" in res.stderr
