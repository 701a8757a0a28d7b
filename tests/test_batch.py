"""Batch review: process pool, input order, streamed JSON/JSONL, bounded memory, errors and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.export import findings_format as ff
from assistant.report import parse_file
from assistant.review import review
from assistant.review.batch import review_files
from assistant.settings import Settings
from tests.conftest import FIXTURES, SEED

MIX = ["clean_a.txt", "clean_b.docx", "clean_d_linye.txt", "clean_a_gbk.txt", "variant_zhuzhou_pipe.txt",
       "project_only_b.txt"]


@pytest.fixture
def folder(tmp_path):
    """Twelve mixed .txt/.docx reports; a seed copy first so the slowest file is at the head of the queue."""
    d = tmp_path / "batch"
    d.mkdir()
    shutil.copy(SEED, d / "000_seed.txt")
    for i in range(2):
        for j, name in enumerate(MIX):
            shutil.copy(FIXTURES / name, d / f"{i}{j + 1:02d}_{name}")
    return d


def _files(d: Path) -> list[Path]:
    return sorted(d.iterdir())


def _run(args):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_pool_yields_every_file_in_input_order_with_the_single_file_result(folder):
    settings = Settings()
    files = _files(folder)
    items = list(review_files(files, settings, jobs=2, window=3))
    assert [i.path for i in items] == files and [i.index for i in items] == list(range(len(files)))
    assert all(i.error is None for i in items)
    for item in items[:3]:  # the same answer as the one entry, file by file
        assert item.result == review(parse_file(item.path, settings), settings)


def test_pool_reads_ahead_at_most_its_window(folder):
    """Memory stays bounded: the pool never pulls more paths than its window before the caller takes one."""
    files = _files(folder)
    pulled: list[Path] = []

    def lazy():
        for f in files:
            pulled.append(f)
            yield f

    it = review_files(lazy(), Settings(), jobs=2, window=4)
    first = next(it)
    assert first.path == files[0]
    assert len(pulled) <= 4 + 1  # window plus the one just taken
    rest = list(it)
    assert len(rest) == len(files) - 1 and len(pulled) == len(files)


def test_chunked_tasks_keep_order_results_and_the_window(folder):
    """Workers take several files per task; the items still come one per file, in input order, with the
    same results as one job, and the read-ahead bound still holds."""
    files = _files(folder)
    settings = Settings()
    one = list(review_files(files, settings, jobs=1))
    pulled: list[Path] = []

    def lazy():
        for f in files:
            pulled.append(f)
            yield f

    it = review_files(lazy(), settings, jobs=2, chunk=3, window=6)
    first = next(it)
    assert len(pulled) <= 6 + 1  # the window plus the one just taken
    chunked = [first, *it]
    assert [i.path for i in chunked] == files and [i.index for i in chunked] == list(range(len(files)))
    assert [i.result for i in chunked] == [i.result for i in one]


def test_cli_json_list_is_identical_for_one_and_two_jobs_and_to_the_unstreamed_list(folder):
    one = _run(["review", str(folder), "--format", "json", "--jobs", "1"])
    two = _run(["review", str(folder), "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    settings = Settings()
    expected = [review(parse_file(f, settings), settings) for f in _files(folder)]
    assert two.stdout == ff.render_json(expected) + "\n"


def test_cli_jsonl_one_object_per_line(folder):
    res = _run(["review", str(folder), "--format", "jsonl", "--jobs", "2"])
    lines = res.stdout.splitlines()
    assert len(lines) == len(_files(folder))
    objs = [json.loads(line) for line in lines]
    assert [o["file"] for o in objs] == [f.name for f in _files(folder)]
    assert all(set(o) >= {"file", "findings", "score"} for o in objs)


def test_cli_batch_error_keeps_the_others_and_exits_2(folder):
    (folder / "05_broken.docx").write_bytes(b"PK\x03\x04xx")
    res = CliRunner().invoke(cli, ["review", str(folder), "--format", "jsonl", "--jobs", "2"])
    assert res.exit_code == 2
    names = [json.loads(x)["file"] for x in res.stdout.splitlines()]
    assert "05_broken.docx" not in names and len(names) == len(_files(folder)) - 1
    err = [x for x in res.stderr.splitlines() if "05_broken.docx" in x]
    assert len(err) == 1 and err[0].startswith("错误 / Error:")


def test_cli_progress_on_stderr_and_fail_on(folder):
    res = _run(["review", str(folder), "--format", "jsonl", "--jobs", "2", "--progress", "--fail-on", "info"])
    n = len(_files(folder))
    progress = [x for x in res.stderr.splitlines() if x.startswith("[")]
    assert progress[0] == f"[1/{n}] 000_seed.txt" and progress[-1].startswith(f"[{n}/{n}] ")
    assert res.exit_code == 1  # the seed has findings


def test_cli_single_unusable_file_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04xx")
    res = CliRunner().invoke(cli, ["review", str(bad), "--jobs", "2"])
    assert res.exit_code == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1


def test_cli_table_streams_blocks_then_summary(folder):
    res = _run(["review", str(folder), "--jobs", "2"])
    out = res.stdout
    assert out.index("000_seed.txt") < out.index("101_clean_a.txt")
    assert f"合计（{len(_files(folder))} 个文件）" in out
