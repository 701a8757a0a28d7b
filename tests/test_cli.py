"""CLI contracts: review JSON shape, exit codes, batch mode, rules listing."""

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli

FINDING_KEYS = {"rule", "category", "severity", "location", "message", "evidence", "suggestion", "reference"}
CATEGORIES = {"arithmetic", "consistency", "score", "indicator", "completeness", "boilerplate", "problems",
              "measures", "evidence", "privacy", "budget"}
SECTIONS = {*"一二三四五六七八九十", *(f"附件{i}" for i in range(1, 7)), "全文"}


def invoke(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_review_json_contract(seed_path):
    res = invoke(["review", str(seed_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["file"] == seed_path.name
    assert set(data) >= {"file", "findings", "score"}
    assert {"total", "items"} <= set(data["score"])
    for f in data["findings"]:
        assert FINDING_KEYS <= set(f)
        assert f["category"] in CATEGORIES
        assert f["severity"] in {"error", "warning", "info"}
        assert f["location"]["section"] in SECTIONS
        assert f["message"]


def test_review_seed_finds_real_defects(seed_path):
    data = json.loads(invoke(["review", str(seed_path), "--format", "json"]).output)
    by_rule = {}
    for f in data["findings"]:
        by_rule.setdefault(f["rule"], []).append(f)
    assert "基本支出804.03万元 ≠ 各分项之和803.28万元" in by_rule["ARI001"][0]["message"]
    assert by_rule["ARI001"][0]["location"]["section"] == "二"
    cats = {f["category"] for f in data["findings"]}
    assert len(cats) >= 8, cats
    distinct = {f["rule"] for f in data["findings"]}
    assert len(distinct) >= 12, distinct


def test_fail_on_sets_exit_1(seed_path, tmp_path):
    assert invoke(["review", str(seed_path), "--fail-on", "error"]).exit_code == 1
    assert invoke(["review", "tests/fixtures/clean_a.txt", "--fail-on", "error"]).exit_code == 0


def test_clean_fixtures_have_no_errors():
    for f in ("tests/fixtures/clean_a.txt", "tests/fixtures/clean_b.docx", "tests/fixtures/clean_b_tables.xlsx",
              "tests/fixtures/clean_d_linye.txt", "tests/fixtures/clean_a_gbk.txt"):
        data = json.loads(invoke(["review", f, "--format", "json"]).output)
        errors = [x for x in data["findings"] if x["severity"] == "error"]
        assert errors == [], (f, errors)


def test_batch_folder_json_list_and_summary(tmp_path, seed_path):
    import shutil

    for name in ("clean_a.txt", "clean_b.docx"):
        shutil.copy(f"tests/fixtures/{name}", tmp_path / name)
    shutil.copy(seed_path, tmp_path / "seed.txt")
    res = invoke(["review", str(tmp_path), "--format", "json"])
    data = json.loads(res.output)
    assert isinstance(data, list) and [d["file"] for d in data] == ["clean_a.txt", "clean_b.docx", "seed.txt"]
    table = invoke(["review", str(tmp_path)]).output
    assert "seed.txt" in table and "clean_b.docx" in table


def test_batch_with_unusable_file_continues_and_exits_2(tmp_path):
    import shutil

    shutil.copy("tests/fixtures/clean_a.txt", tmp_path / "a.txt")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04xx")
    res = CliRunner().invoke(cli, ["review", str(tmp_path), "--format", "json"])
    assert res.exit_code == 2
    assert "broken.docx" in res.output and "a.txt" in res.output


def test_rules_listing_covers_every_category():
    data = json.loads(invoke(["rules", "--format", "json"]).output)
    assert {r["category"] for r in data} == CATEGORIES
    for r in data:
        assert r["## 检查内容"] and r["## 为什么重要"] and r["## 示例"], r["id"]


def test_docs_rules_md_in_step():
    from pathlib import Path

    from assistant.review.docs import rules_markdown

    committed = Path("docs/rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "docs/rules.md is stale: run `make docs`"


def test_parse_json_round_trip(tmp_path):
    from assistant.report.model import Report

    res = invoke(["parse", "tests/fixtures/clean_b.txt", "--format", "json"])
    r = Report.model_validate_json(res.output)
    assert r.unit == "益阳市赫山区水利局"
    assert Report.model_validate_json(r.model_dump_json()) == r
    assert "properties" in Report.model_json_schema()


@pytest.mark.parametrize("fmt", ["markdown", "table"])
def test_other_formats(fmt, seed_path):
    res = invoke(["review", str(seed_path), "--format", fmt])
    assert res.exit_code == 0 and "ARI001" in res.output


def test_unseen_variant_gets_the_rubric_weaknesses():
    data = json.loads(invoke(["review", "tests/fixtures/variant_zhuzhou_pipe.txt", "--format", "json"]).output)
    rules = {f["rule"] for f in data["findings"]}
    assert {"PRB001", "MEA001", "IND001", "PRV001", "SCO003"} <= rules
    assert all("15873012345" not in f["message"] for f in data["findings"])


def test_profile_option_changes_weights_and_bad_profile_is_one_line(tmp_path):
    from assistant.review.profile import DEFAULT_PROFILE

    text = DEFAULT_PROFILE.read_text(encoding="utf-8").replace('"产出指标" = 50', '"产出指标" = 40')
    prof = tmp_path / "city.toml"
    prof.write_text(text.replace('"效益指标" = 30', '"效益指标" = 40'), encoding="utf-8")
    default = json.loads(invoke(["review", "tests/fixtures/clean_a.txt", "--format", "json"]).output)
    local = json.loads(invoke(["review", "tests/fixtures/clean_a.txt", "--format", "json", "--profile", str(prof)]).output)
    assert "SCO002" not in {f["rule"] for f in default["findings"]}
    assert "SCO002" in {f["rule"] for f in local["findings"]}

    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml", encoding="utf-8")
    res = CliRunner().invoke(cli, ["review", "tests/fixtures/clean_a.txt", "--profile", str(bad)])
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "bad.toml" in lines[0]


def test_review_process_imports_nothing_heavy(seed_path):
    """The review path never loads retrieval, LLM, UI or Word libraries for a .txt report."""
    import subprocess
    import sys

    code = (
        "import sys; from assistant.cli import main\n"
        "try:\n    main(['review', sys.argv[1], '--format', 'json'])\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('chromadb', 'langchain_openai', 'langchain_core', 'streamlit', 'openai', 'docx', "
        "'jieba', 'numpy') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(seed_path)], capture_output=True, text=True)
    assert "HEAVY []" in proc.stderr, proc.stderr[-500:]
    assert json.loads(proc.stdout)["file"] == seed_path.name


def test_batch_markdown_starts_with_an_overview(tmp_path, seed_path):
    import shutil

    shutil.copy(seed_path, tmp_path / "seed.txt")
    shutil.copy("tests/fixtures/clean_b.docx", tmp_path / "b.docx")
    out = invoke(["review", str(tmp_path), "--format", "markdown"]).output
    assert out.startswith("# 批量审阅汇总（2 个文件）")
    assert out.index("合计（2 个文件）") < out.index("# 审阅意见：b.docx") < out.index("# 审阅意见：seed.txt")
