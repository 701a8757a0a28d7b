"""Every office format a reviewer receives reaches the same readers: the same rules fire on the same defects
in .docx, .doc, .odt (LibreOffice → .docx) and a text PDF (pdfplumber tables); .xls/.ods match .xlsx."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import CorruptInput, NotAReport, ParseTimeout, UnsupportedFormat
from assistant.report import parse_bytes, parse_file
from assistant.review import review
from assistant.settings import Limits, Settings
from tests.report.conftest import need
from tests.report.formats_build import DEFECT_RULES

ROOT = Path(__file__).resolve().parents[2]


def _rules(path: Path) -> set[str]:
    return {f.rule for f in review(parse_file(path)).findings}


@pytest.mark.parametrize("suffix", [".doc", ".odt", ".pdf"])
@pytest.mark.parametrize("stem", ["clean_a", "defect_a"])
def test_same_rules_in_every_format(formats, stem, suffix):
    need("soffice")
    want = _rules(formats[f"{stem}.docx"])
    got = _rules(formats[stem + suffix])
    assert got == want
    if stem == "defect_a":
        assert DEFECT_RULES <= got
    else:
        assert not DEFECT_RULES & got


@pytest.mark.parametrize("suffix", [".doc", ".odt", ".pdf"])
def test_tables_match_the_docx(formats, suffix):
    need("soffice")
    docx, other = parse_file(formats["defect_a.docx"]), parse_file(formats["defect_a" + suffix])
    assert [t.rows for t in other.tables] == [t.rows for t in docx.tables]
    assert other.self_eval == docx.self_eval and other.basic_data == docx.basic_data
    if suffix == ".pdf":
        assert [t.page for t in other.tables] == [4, 5]  # 附件2 runs over a page break and is joined
    else:
        assert other.meta.parser.startswith(f"LibreOffice {suffix}→.docx")


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_spreadsheets_match_the_xlsx(formats, suffix):
    need("soffice")
    want = parse_file(formats["clean_b_tables.xlsx"]).model_dump(mode="json", exclude={"meta"})
    got = parse_file(formats["clean_b_tables" + suffix])
    assert got.model_dump(mode="json", exclude={"meta"}) == want
    assert got.meta.format == "xlsx" and "LibreOffice" in got.meta.parser


def test_wps_and_et_names_go_through_libreoffice(formats):
    """WPS Office's own .wps/.et: LibreOffice reads the OLE-based ones; here a .doc/.xls saved under those names."""
    need("soffice")
    doc, xls = formats["defect_a.doc"], formats["clean_b_tables.xls"]
    wps = parse_bytes(doc.read_bytes(), "报告.wps")
    et = parse_bytes(xls.read_bytes(), "附表.et")
    assert wps.meta.format == "docx" and DEFECT_RULES <= {f.rule for f in review(wps).findings}
    assert et.meta.format == "xlsx" and et.self_eval is not None


def test_missing_libreoffice_is_one_clear_line_exit_2(formats, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_SOFFICE", "")  # as if LibreOffice were not installed
    with pytest.raises(UnsupportedFormat, match="apt-get install libreoffice"):
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.doc")
    f = tmp_path / "old.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    env = {**os.environ, "ASSISTANT_SOFFICE": "", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "assistant", "review", str(f)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "LibreOffice" in lines[0] and "apt-get install" in lines[0]


def _no_leftovers(tmp: Path) -> list[str]:
    return [p.name for p in tmp.iterdir() if p.name.startswith("assistant-convert-")]


def test_file_libreoffice_cannot_open_is_corrupt(tmp_path, monkeypatch):
    need("soffice")
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # LibreOffice either refuses the file or imports the noise as text; both end as one line, exit 2
    with pytest.raises((CorruptInput, NotAReport)) as info:
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000), "broken.doc")
    assert info.value.exit_code == 2 and "\n" not in str(info.value)
    assert _no_leftovers(tmp_path) == []


def test_hanging_conversion_stops_at_the_time_limit(tmp_path, monkeypatch):
    import tempfile

    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\nsleep 120\n")
    hang.chmod(0o755)
    monkeypatch.setenv("ASSISTANT_SOFFICE", str(hang))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    settings = Settings(data_dir=tmp_path, limits=Limits(parse_timeout_s=1.5))
    t = time.monotonic()
    with pytest.raises(ParseTimeout, match="超时"):
        parse_bytes(b"{\\rtf1\\ansi hello}", "letter.rtf", settings)
    assert time.monotonic() - t < 10
    assert _no_leftovers(scratch) == []


def test_txt_review_does_not_touch_the_converters():
    """`assistant review x.txt` stays on the fast path: no pdfplumber, OCR or OpenCV imported."""
    code = (
        "import sys\nfrom assistant.report import parse_file\nfrom assistant.review import review\n"
        "review(parse_file('tests/fixtures/clean_a.txt'))\n"
        "print(sorted(m for m in ('pdfplumber', 'rapidocr_onnxruntime', 'cv2', 'pypdfium2') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.strip() == "[]", proc.stderr
