"""`assistant review --targets/--final-accounts`: flags, bad official files, batches (one workbook, unit folders)."""

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import cli

CLEAN_A = Path("tests/fixtures/clean_a.txt")


def invoke(args):
    # stderr apart from stdout: the JSON on stdout must parse whatever stderr says
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_flags_find_planted_discrepancies_and_say_what_was_compared(official_files):
    res = invoke(["review", str(CLEAN_A), "--format", "json", "--targets", str(official_files["a_targets_extra.xlsx"]),
                  "--final-accounts", str(official_files["a_final_off.xlsx"])])
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["official"] == {"targets": "a_targets_extra.xlsx", "final_accounts": "a_final_off.xlsx", "skipped": []}
    rules = sorted(f["rule"] for f in data["findings"] if f["category"] == "official")
    assert rules == ["OFF004", "OFF006", "OFF006", "OFF006", "OFF006", "OFF006", "OFF007"]
    assert res.stderr == ""


def test_clean_with_own_files_same_findings_as_without(official_files):
    plain = json.loads(invoke(["review", str(CLEAN_A), "--format", "json"]).stdout)
    res = invoke(["review", str(CLEAN_A), "--format", "json", "--targets", str(official_files["a_targets.docx"]),
                  "--final-accounts", str(official_files["a_final.xlsx"])])
    data = json.loads(res.stdout)
    assert data["findings"] == plain["findings"] and "official" not in plain
    assert data["official"]["skipped"] == []


def test_bad_official_files_one_line_each_report_still_reviewed(tmp_path, official_files):
    empty = tmp_path / "目标表.xlsx"
    empty.write_bytes(b"")
    corrupt = tmp_path / "决算.xlsx"
    corrupt.write_bytes(b"PK\x03\x04garbage")
    res = invoke(["review", str(CLEAN_A), "--format", "json", "--targets", str(empty), "--final-accounts", str(corrupt)])
    assert res.exit_code == 0
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2 and "目标表.xlsx" in lines[0] and "决算.xlsx" in lines[1]
    assert all("未做官方数据核对" in ln and "official checks skipped" in ln for ln in lines)
    data = json.loads(res.stdout)
    assert data["findings"] and not any(f["category"] == "official" for f in data["findings"])
    assert [s["file"] for s in data["official"]["skipped"]] == ["目标表.xlsx", "决算.xlsx"]
    assert data["official"]["targets"] is None and data["official"]["final_accounts"] is None


def test_wrong_unit_and_no_header(tmp_path, official_files):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["说明", "内容"])
    wb.active.append(["本表", "无数据"])
    odd = tmp_path / "odd.xlsx"
    wb.save(odd)
    res = invoke(["review", str(CLEAN_A), "--format", "json", "--targets", str(official_files["other_unit_targets.xlsx"]),
                  "--final-accounts", str(odd)])
    assert res.exit_code == 0
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2
    assert any("odd.xlsx" in ln and "表头" in ln for ln in lines)
    assert any("other_unit_targets.xlsx" in ln and "益阳市赫山区水利局" in ln and "衡阳市档案馆" in ln for ln in lines)


def _units(tmp_path, n=20):
    """n reports (clean_a as n units), with planted differences in units 3 (target) and 7 (执行数)."""
    from tests.fixtures.official.make_official import batch_units

    text = CLEAN_A.read_text(encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    units = batch_units(n)
    for i, (code, unit, _, _) in enumerate(units, start=1):
        t = text.replace("衡阳市档案馆", unit)
        if i == 3:
            t = t.replace("≥4场", "≥3场")
        if i == 7:
            t = t.replace("968.68", "978.68")
        (folder / f"{i:02d}_{code}.txt").write_text(t, encoding="utf-8")
    return folder, units


def test_batch_of_20_units_with_one_workbook(tmp_path, official_files):
    folder, units = _units(tmp_path)
    book = str(official_files["batch_20.xlsx"])
    res = invoke(["review", str(folder), "--format", "json", "--jobs", "2", "--targets", book, "--final-accounts", book])
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert len(data) == 20
    off = {d["file"]: [f for f in d["findings"] if f["category"] == "official"] for d in data}
    assert all(d["official"]["targets"] == "batch_20.xlsx" == d["official"]["final_accounts"] for d in data)
    planted = {name: fs for name, fs in off.items() if fs}
    assert set(planted) == {"03_4304003.txt", "07_4304007.txt"}
    assert [f["rule"] for f in planted["03_4304003.txt"]] == ["OFF001"]
    assert "“≥3场”" in planted["03_4304003.txt"][0]["message"]
    assert "batch_20.xlsx「绩效目标」第" in planted["03_4304003.txt"][0]["message"]
    exec_findings = [f for f in planted["07_4304007.txt"] if "全年执行数" in f["message"]]
    assert exec_findings and "决算968.68万元（9686800元）（batch_20.xlsx「部门决算」第10行）" in exec_findings[0]["message"]


def test_folder_per_unit_with_own_official_files(tmp_path, official_files):
    root = tmp_path / "units"
    a, b = root / "衡阳市档案馆", root / "益阳市赫山区水利局"
    a.mkdir(parents=True)
    b.mkdir()
    shutil.copy(CLEAN_A, a / "自评报告.txt")
    shutil.copy(official_files["a_targets.xlsx"], a / "绩效目标表.xlsx")
    shutil.copy(official_files["a_final_off.xlsx"], a / "2023年决算.xlsx")
    shutil.copy("tests/fixtures/clean_b.docx", b / "自评报告.docx")
    shutil.copy(official_files["b_targets.docx"], b / "绩效目标申报表.docx")
    res = invoke(["review", str(root), "--format", "json", "--jobs", "1"])
    assert res.exit_code == 0, res.stderr
    data = sorted(json.loads(res.stdout), key=lambda d: d["file"], reverse=True)  # unit folders in name order
    assert [d["file"] for d in data] == ["自评报告.txt", "自评报告.docx"]
    assert data[0]["official"]["final_accounts"] == "2023年决算.xlsx"
    assert {f["rule"] for f in data[0]["findings"] if f["category"] == "official"} == {"OFF006", "OFF007"}
    assert data[1]["official"] == {"targets": "绩效目标申报表.docx", "final_accounts": None, "skipped": []}
    assert not [f for f in data[1]["findings"] if f["category"] == "official"]


def test_batch_table_overview_has_the_official_column(tmp_path, official_files):
    folder, _ = _units(tmp_path, n=4)
    book = str(official_files["batch_20.xlsx"])
    res = invoke(["review", str(folder), "--jobs", "1", "--targets", book, "--final-accounts", book])
    assert res.exit_code == 0
    summary = res.stdout[res.stdout.rindex("官方数据核对") - 80:]
    lines = [ln for ln in summary.splitlines() if ln.startswith(("0", "合计"))]
    assert [ln.split()[-1] for ln in lines] == ["一致", "一致", "1处不一致", "一致", "1处不一致"]
