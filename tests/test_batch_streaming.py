"""Batch output in Markdown and to --out files is streamed: byte for byte what the whole-list writers produce,
while the writer keeps no review result (only a summary row of strings per file)."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.cli.review import _Sink
from assistant.export import findings_format as ff
from assistant.report import parse_file
from assistant.review import ReviewResult, review
from assistant.review.batch import review_files
from assistant.settings import Settings
from tests.conftest import FIXTURES, SEED

MIX = ["clean_a.txt", "clean_b.docx", "clean_d_linye.txt", "variant_zhuzhou_pipe.txt"]


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    shutil.copy(SEED, d / "000_seed.txt")
    for j, name in enumerate(MIX):
        shutil.copy(FIXTURES / name, d / f"{j + 1:02d}_{name}")
    return d


def _expected(folder: Path) -> list[ReviewResult]:
    settings = Settings()
    return [review(parse_file(f, settings), settings) for f in sorted(folder.iterdir())]


def _run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_markdown_to_stdout_and_out_files_equal_the_whole_list_writers(folder, tmp_path):
    expected = _expected(folder)
    md = _run(["review", str(folder), "--format", "markdown", "--jobs", "2", "--out", str(tmp_path / "c.md")])
    assert md.exit_code == 0
    assert md.stdout == ff.render_markdown(expected) + "\n"
    (want_md,) = ff.write_critique(expected, tmp_path / "want.md")
    assert (tmp_path / "c.md").read_text(encoding="utf-8") == want_md.read_text(encoding="utf-8")
    assert md.stdout.startswith(f"# 批量审阅汇总（{len(expected)} 个文件）")

    js = _run(["review", str(folder), "--format", "table", "--jobs", "2", "--out", str(tmp_path / "c.json")])
    assert js.exit_code == 0 and "written" in js.stderr
    (want_js,) = ff.write_critique(expected, tmp_path / "want.json")
    assert (tmp_path / "c.json").read_text(encoding="utf-8") == want_js.read_text(encoding="utf-8")


def test_one_file_out_md_and_json_and_masked_markdown(tmp_path):
    want = review(parse_file(SEED, Settings()), Settings())
    for suffix in (".md", ".json"):
        res = _run(["review", str(SEED), "--out", str(tmp_path / f"one{suffix}")])
        assert res.exit_code == 0
        (ref,) = ff.write_critique(want, tmp_path / f"ref{suffix}")
        assert (tmp_path / f"one{suffix}").read_text(encoding="utf-8") == ref.read_text(encoding="utf-8")
    masked = _run(["review", str(SEED), "--format", "markdown", "--mask-pii"])
    assert masked.stdout == ff.render_markdown(want, mask_pii=True) + "\n"


def test_docx_copies_are_written_per_file_of_a_batch(folder, tmp_path):
    res = _run(["review", str(folder), "--format", "jsonl", "--jobs", "2", "--out", str(tmp_path / "crit.docx")])
    assert res.exit_code == 0
    written = sorted(p.name for p in tmp_path.glob("crit_*.docx"))
    assert written == sorted(f"crit_{p.stem}.docx" for p in folder.iterdir())


def test_unsupported_out_suffix_is_one_line_before_any_review(folder, tmp_path):
    res = CliRunner().invoke(cli, ["review", str(folder), "--out", str(tmp_path / "c.pdf")])
    assert res.exit_code == 2 and "unsupported output format" in res.stderr
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.parametrize("fmt,out", [("markdown", "c.md"), ("table", "c.json"), ("json", "c.md")])
def test_the_writer_keeps_no_result_whatever_the_batch_size(folder, tmp_path, fmt, out):
    """After each item is written and dropped, no ReviewResult stays alive: memory does not grow with the batch."""
    settings = Settings()
    sink = _Sink(fmt, many=True, mask_pii=False, to_stdout=True, out=tmp_path / out)
    runner = CliRunner()
    gc.collect()
    # results other tests left alive (an AppTest session's state) are not this batch's
    before = {id(o) for o in gc.get_objects() if isinstance(o, ReviewResult)}
    with runner.isolation():  # click.echo goes to the runner's buffer
        for item in review_files(sorted(folder.iterdir()), settings, jobs=1):
            sink.add(item)
            del item
            gc.collect()
            assert not [o for o in gc.get_objects() if isinstance(o, ReviewResult) and id(o) not in before]
        sink.close()
    assert sink.n == 5 and all(isinstance(c, str) for row in sink.rows for c in row)
    assert (tmp_path / out).stat().st_size > 0
