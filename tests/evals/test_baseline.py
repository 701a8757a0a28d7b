"""Baseline comparison, the runner's exit code, history/report writing — without running real suites."""

from __future__ import annotations

import json

import pytest

import evals.run as runner


def test_compare_directions_and_tolerance():
    base = {
        "review.recall": {"value": 0.8, "direction": "higher", "tolerance": 0.01},
        "review.clean_false_errors": {"value": 0, "direction": "lower", "tolerance": 0},
        "drafting.judge": {"value": 3.0, "direction": "higher", "tolerance": 0},
        "retrieval.lexical.recall@5": {"value": 0.9, "direction": "higher", "tolerance": 0},
    }
    assert runner.compare({"review.recall": 0.795, "review.clean_false_errors": 0}, base) == []
    bad = runner.compare({"review.recall": 0.7, "review.clean_false_errors": 2, "drafting.judge": None}, base)
    assert [b["metric"] for b in bad] == ["review.clean_false_errors", "review.recall"]
    # a suite that did not run is not a regression
    assert runner.compare({}, base) == []


def test_direction_defaults():
    assert runner.direction("review.recall.problems") == "higher"
    assert runner.direction("drafting.invented_numbers") == "lower"
    assert runner.direction("review.clean_false_errors") == "lower"


def test_make_baseline_sits_below_measured():
    b = runner.make_baseline({"review.recall": 0.9, "drafting.invented_numbers": 0, "drafting.judge": None,
                              "drafting.rubric": 58.0})["metrics"]
    assert b["review.recall"]["value"] < 0.9
    assert b["drafting.invented_numbers"] == {"value": 0, "direction": "lower", "tolerance": 0}
    assert "drafting.judge" not in b
    assert runner.compare({"review.recall": 0.9, "drafting.rubric": 58.0}, b) == []


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "BASELINE", tmp_path / "baseline.json")
    monkeypatch.setattr(runner, "HISTORY", tmp_path / "history.jsonl")
    monkeypatch.setattr(runner, "REPORT", tmp_path / "report.md")
    monkeypatch.setattr(runner, "CHARTS", tmp_path / "charts")
    monkeypatch.setattr(runner, "ROOT", tmp_path)
    (tmp_path / "baseline.json").write_text(json.dumps({"metrics": {
        "review.recall": {"value": 0.8, "direction": "higher", "tolerance": 0},
    }}))
    return tmp_path


def _fake(value):
    def fake_run_suites(suites, retrieval_methods=None):
        return {"review.recall": value, "review.clean_false_errors": 0}, {}
    return fake_run_suites


def test_run_exit_codes_and_history(sandbox, monkeypatch):
    monkeypatch.setattr(runner, "write_charts", lambda hist, out=None: [])
    out: list[str] = []
    monkeypatch.setattr(runner, "run_suites", _fake(0.85))
    assert runner.run(["review"], echo=out.append) == 0
    monkeypatch.setattr(runner, "run_suites", _fake(0.6))
    assert runner.run(["review"], echo=out.append) == 1
    assert any("REGRESSION" in s and "review.recall" in s for s in out)
    lines = [json.loads(x) for x in (sandbox / "history.jsonl").read_text().splitlines()]
    assert [x["metrics"]["review.recall"] for x in lines] == [0.85, 0.6]
    assert {"date", "commit", "mode", "model", "metrics"} <= set(lines[0])
    report = (sandbox / "report.md").read_text()
    assert "review.recall" in report and "0.85" in report  # table against the previous run
    # --no-history writes nothing
    monkeypatch.setattr(runner, "run_suites", _fake(0.9))
    assert runner.run(["review"], history=False, echo=out.append) == 0
    assert len((sandbox / "history.jsonl").read_text().splitlines()) == 2


def test_charts_render(tmp_path):
    hist = [{"commit": "abc", "metrics": {"review.recall": 0.8, "retrieval.lexical.recall@5": 0.9,
                                          "drafting.faithfulness": 1.0, "review.clean_false_errors": 0}},
            {"commit": "def", "metrics": {"review.recall": 0.85, "retrieval.lexical.recall@5": 0.91,
                                          "drafting.faithfulness": 1.0, "review.clean_false_errors": 0}}]
    paths = runner.write_charts(hist, tmp_path)
    assert {p.name for p in paths} == {"review.png", "retrieval.png", "drafting.png", "counts.png"}
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in paths)


def test_committed_baseline_is_well_formed():
    data = json.loads((runner.EVALS / "baseline.json").read_text(encoding="utf-8"))
    for name, spec in data["metrics"].items():
        assert spec["direction"] in ("higher", "lower"), name
        assert spec["direction"] == runner.direction(name), name
        assert isinstance(spec["value"], (int, float)), name


def test_cli_eval_registered():
    from click.testing import CliRunner

    from assistant.cli import cli

    res = CliRunner().invoke(cli, ["eval", "--help"])
    assert res.exit_code == 0 and "--suite" in res.output and "--no-history" in res.output
