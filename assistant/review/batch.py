"""Batch review on every core: a process pool whose results come back in input order, as they finish.

    for item in review_files(paths, settings, jobs=4):
        item.index, item.path, item.result (ReviewResult | None), item.error (str | None)

Each worker parses and reviews one file with :func:`assistant.review.review` (the one entry) and sends back
the :class:`ReviewResult`. At most ``window`` files are in flight or waiting for an earlier one, so memory
stays bounded whatever the batch size: the caller writes each item out and drops it. ``jobs=1`` runs in
this process, without a pool.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputUnusable
from assistant.official.match import record_for
from assistant.official.model import OfficialBooks
from assistant.report import parse_file
from assistant.report.model import Report
from assistant.review.engine import ReviewResult, profile_for, review
from assistant.settings import Settings


@dataclass(frozen=True)
class BatchItem:
    """One file of a batch: its review, or the one-line reason it could not be read."""

    index: int
    path: Path
    result: ReviewResult | None = None
    error: str | None = None
    report: Report | None = None  # only with keep_reports=True (the .docx critique needs the document)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# Worker state, set once per process by _init (the settings and last year's report are not re-sent per file).
_WORKER: dict = {}


def _state(settings: Settings, previous: Report | None, select: tuple[str, ...] | None, keep: bool,
           official: OfficialBooks | None = None, official_by_path: dict[Path, OfficialBooks] | None = None) -> dict:
    return dict(settings=settings, previous=previous, select=select, keep=keep, profile=profile_for(settings),
                official=official, official_by_path=official_by_path or {})


def _init(*args) -> None:
    _WORKER.update(_state(*args))


def _review_chunk(chunk: list[tuple[int, Path]]) -> list[BatchItem]:
    return [_review_with(_WORKER, index, path) for index, path in chunk]


def _review_with(w: dict, index: int, path: Path) -> BatchItem:
    try:
        report = parse_file(path, w["settings"])
    except InputUnusable as exc:
        return BatchItem(index, path, error=str(exc))
    books = w["official_by_path"].get(path, w["official"])
    record = record_for(report, books, hint=f"{path.parent.name}/{path.name}")
    result = review(report, w["settings"], profile=w["profile"], previous=w["previous"], select=w["select"],
                    official=record)
    return BatchItem(index, path, result=result, report=report if w["keep"] else None)


def _context():
    # fork starts a worker in milliseconds with the parent's imports; elsewhere use the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def review_files(
    paths: Sequence[Path] | Iterable[Path],
    settings: Settings,
    *,
    previous: Report | None = None,
    select: Iterable[str] | None = None,
    jobs: int | None = None,
    keep_reports: bool = False,
    window: int | None = None,
    chunk: int | None = None,
    official: OfficialBooks | None = None,
    official_by_path: dict[Path, OfficialBooks] | None = None,
) -> Iterator[BatchItem]:
    """Review ``paths`` on ``jobs`` processes (default: every core); yield one item per path, in input order.

    ``official``: the official files (approved targets, 决算) read once for the whole batch — each report is
    checked against its own unit's part; ``official_by_path``: a unit folder's own files, by report path.

    A worker takes ``chunk`` files at a time (default: up to 8, fewer for a small batch so every core gets
    work, and fewer towards the end of a batch of known size so no worker waits long on another): each task
    costs the parent a round trip through the pool's queues and threads, about as much as writing the result
    out. ``window`` bounds the files in flight plus the finished ones waiting for an earlier file (default 4
    chunks per job). Unreadable files come back as items with ``error`` set; other exceptions propagate.
    """
    chosen = tuple(select) if select is not None else None
    jobs = max(1, jobs or default_jobs())
    todo = enumerate(Path(p) for p in paths)
    if jobs == 1:
        state = _state(settings, previous, chosen, keep_reports, official, official_by_path)
        for i, p in todo:
            yield _review_with(state, i, p)
        return
    total = len(paths) if isinstance(paths, Sequence) else None
    if chunk is None:
        chunk = max(1, min(8, total // (16 * jobs))) if total is not None else 1
    submitted = 0
    window = max(jobs * chunk, window or 4 * jobs * chunk)
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_init,
        initargs=(settings, previous, chosen, keep_reports, official, official_by_path),
    ) as pool:
        pending: dict[Future, int] = {}  # a task and how many files it holds
        done: dict[int, BatchItem] = {}
        next_out = 0
        exhausted = False
        try:
            while True:
                in_flight = sum(pending.values())
                while not exhausted and in_flight + len(done) < window:
                    size = min(chunk, window - in_flight - len(done))
                    if total is not None:  # smaller tasks at the end, so no worker waits long on another
                        size = max(1, min(size, (total - submitted) // (2 * jobs)))
                    part = list(itertools.islice(todo, size))
                    if not part:
                        exhausted = True
                        break
                    pending[pool.submit(_review_chunk, part)] = len(part)
                    in_flight += len(part)
                    submitted += len(part)
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                if not pending:
                    if exhausted and not done:
                        return
                    continue
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    del pending[fut]
                    for item in fut.result():
                        done[item.index] = item
        finally:
            for fut in pending:
                fut.cancel()
