"""The real-material set is well-formed and the metric computes the right numbers (no engine target here)."""

from __future__ import annotations

import re
from pathlib import Path

from evals.real.eval import (
    REAL_DIR,
    load_truth,
    matches,
    run_real_eval,
    strip_header,
    validate_truth,
)

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# an 18-digit resident ID: area code, a plausible birth date, sequence, check digit
ID_NUMBER = re.compile(r"(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)")
DUMMY_MOBILE = "13900000000"
DUMMY_ID = "110101199001011234"


def test_truth_file_is_well_formed_and_covers_every_fixture():
    docs = load_truth()
    assert validate_truth(docs) == []
    assert len(docs) >= 35
    kinds = {d["kind"] for d in docs}
    assert {"dept_report", "project_report", "project_table", "not_self_eval"} <= kinds
    assert sum(d["shared"] for d in docs) == 10
    assert sum(len(d["defect"]) for d in docs if d["kind"] != "not_self_eval") > 0


def test_fixtures_have_the_two_header_lines_and_text():
    for path in sorted(REAL_DIR.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("来源: http"), path.name
        assert lines[1] in ("抓取: partial", "抓取: full"), path.name
        body = strip_header(path.read_text(encoding="utf-8"))
        # a stored page can be short (44 is the last rows of a form, ~140 characters) but never near-empty
        assert len(body) > 100 and not body.startswith(("来源:", "抓取:")), path.name


def test_no_real_looking_personal_numbers_left():
    for path in sorted(REAL_DIR.glob("*")):
        if path.suffix not in (".txt", ".md", ".toml"):
            continue
        text = path.read_text(encoding="utf-8")
        assert set(MOBILE.findall(text)) <= {DUMMY_MOBILE}, path.name
        assert set(ID_NUMBER.findall(text)) <= {DUMMY_ID}, path.name


def test_matcher_keys_any_keys_and_normalisation():
    d = {"category": ["arithmetic", "budget"], "keys": ["2263"], "any_keys": ["2253", "10万元"]}
    f = {"category": "arithmetic", "severity": "error", "message": "资金 2,263 万元 ≠ 分项之和 2 253 万元", "evidence": ""}
    assert matches(f, d)
    assert not matches({**f, "category": "consistency"}, d)
    assert not matches({**f, "message": "分项之和2253万元"}, d)  # required key 2263 missing
    assert not matches({**f, "message": "2263万元有误"}, d)  # none of any_keys
    assert matches({**f, "message": "2263", "evidence": {"cell": "２２５３"}}, d)  # evidence dict, full-width digits
    assert matches({"category": "problems", "message": "无问题"}, {"category": ["problems"], "keys": [], "any_keys": []})


def _write_set(folder: Path) -> None:
    header = "来源: https://example.org/x\n抓取: partial\n"
    for name in ("01_a.txt", "02_b.txt", "03_c.txt", "04_d.txt"):
        (folder / name).write_text(header + "正文" * 120, encoding="utf-8")
    (folder / "expected.toml").write_text("""
[[doc]]
file = "01_a.txt"
kind = "dept_report"
cut = true
shared = true
  [[doc.defect]]
  id = "a1"
  desc = "sum"
  category = "arithmetic"
  keys = ["110"]
  covered = true
  [[doc.defect]]
  id = "a2"
  desc = "typo"
  category = "consistency"
  covered = false

[[doc]]
file = "02_b.txt"
kind = "project_table"
cut = false
shared = false
  [[doc.defect]]
  id = "b1"
  desc = "no problems"
  category = "problems"
  covered = true

[[doc]]
file = "03_c.txt"
kind = "project_report"
cut = true
shared = false
  [[doc.defect]]
  id = "c1"
  desc = "mobile"
  category = "privacy"
  covered = true

[[doc]]
file = "04_d.txt"
kind = "not_self_eval"
cut = true
shared = true
""", encoding="utf-8")


def test_metric_numbers_on_a_synthetic_set(tmp_path):
    _write_set(tmp_path)
    seen: list[str] = []

    def fake_runner(text: str, name: str):
        seen.append(text[:2])
        if name == "01_a.txt":  # a1 found; a missing-part error on a cut page; one unrelated false error
            return {"refused": False, "findings": [
                {"category": "arithmetic", "severity": "error", "message": "合计110分 ≠ 100"},
                {"category": "completeness", "severity": "error", "message": "缺少第七部分"},
                {"category": "score", "severity": "error", "message": "得分有误"},
                {"category": "boilerplate", "severity": "warning", "message": "套话"},
            ]}
        if name == "02_b.txt":  # a silent pass
            return {"refused": False, "findings": []}
        if name == "03_c.txt":  # a wrong refusal
            return {"refused": True, "reason": "不是自评报告", "findings": []}
        return {"refused": True, "reason": "决算", "findings": []}  # 04: a correct refusal

    res = run_real_eval(fake_runner, truth=tmp_path / "expected.toml", folder=tmp_path)
    assert seen == ["正文"] * 4  # the header lines were stripped
    assert (res["found"], res["covered"], res["uncovered"], res["found_uncovered"]) == (1, 3, 1, 0)
    assert res["defects_found"] == round(1 / 3, 4)
    assert res["false_errors"] == 2 and res["false_errors_per10"] == 5.0  # 2 errors over 4 docs
    assert res["wrong_refusals"] == 1 and res["wrong_accepts"] == 0
    assert res["silent_passes"] == 1
    assert res["cut_errors"] == 1
    shared = res["shared"]
    assert (shared["docs"], shared["found"], shared["covered"]) == (2, 1, 1)
    assert shared["false_errors_per10"] == 10.0 and shared["wrong_refusals"] == 0 and shared["silent_passes"] == 0
    row = {r["file"]: r for r in res["per_file"]}
    assert row["01_a.txt"]["found"] == ["a1"] and row["01_a.txt"]["missed"] == ["a2"]


def test_a_reviewed_notice_is_a_wrong_accept_and_its_errors_are_false(tmp_path):
    _write_set(tmp_path)

    def runner(text: str, name: str):
        if name == "04_d.txt":
            return {"refused": False, "findings": [{"category": "completeness", "severity": "error",
                                                    "message": "缺少附件1"}]}
        return {"refused": False, "findings": [{"category": "problems", "severity": "warning", "message": "x"}]}

    res = run_real_eval(runner, truth=tmp_path / "expected.toml", folder=tmp_path)
    assert res["wrong_accepts"] == 1 and res["wrong_refusals"] == 0
    assert res["false_errors"] == 1 and res["cut_errors"] == 1
    assert res["silent_passes"] == 0
    assert res["found"] == 1  # b1: a problems finding on 02


def test_validate_truth_reports_problems(tmp_path):
    _write_set(tmp_path)
    docs = load_truth(tmp_path / "expected.toml")
    docs[0]["defect"][0]["category"] = ["spelling"]
    docs[1]["kind"] = "memo"
    docs[2]["defect"][0]["any_keys"] = [""]
    problems = validate_truth(docs[:-1], tmp_path)
    assert any("04_d.txt" in p and "0 entries" in p for p in problems)
    assert any("bad category" in p for p in problems)
    assert any("unknown kind" in p for p in problems)
    assert any("empty or non-string key" in p for p in problems)
