"""Unusable input raises the typed error; the CLI prints one line and exits 2."""

import io
import zipfile

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.errors import (
    CorruptInput,
    EmptyInput,
    EncodingError,
    InputTooLarge,
    InputUnusable,
    NotAReport,
    UnsupportedFormat,
)
from assistant.report import parse_bytes, parse_file
from assistant.settings import Limits, Settings


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data, name, exc",
    [
        (b"", "empty.txt", EmptyInput),
        (b"   \n\t\n", "blank.txt", EmptyInput),
        (b"\x00\x01\x02binary junk\x00" * 20, "junk.txt", NotAReport),
        ("今天天气很好，适合散步。\n".encode(), "chat.txt", NotAReport),
        (b"PK\x03\x04 truncated zip", "cut.docx", CorruptInput),
        (b"not a zip at all", "fake.docx", CorruptInput),
        # LibreOffice missing → UnsupportedFormat; present → it refuses the empty OLE file or reads no report
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", (UnsupportedFormat, CorruptInput, NotAReport)),
        (b"%PDF-1.7\n...", "r.pdf", CorruptInput),
        (bytes(range(0x80, 0x100)) * 8 + b"\xff\xfe\xfd", "latin.txt", (EncodingError, NotAReport)),
    ],
)
def test_typed_errors(data, name, exc):
    with pytest.raises(exc):
        parse_bytes(data, name)


def test_all_typed_errors_are_input_unusable():
    for cls in (EmptyInput, CorruptInput, InputTooLarge, NotAReport, UnsupportedFormat, EncodingError):
        assert issubclass(cls, InputUnusable) and cls.exit_code == 2


def test_oversized_file(tmp_path):
    s = Settings(data_dir=tmp_path, limits=Limits(max_file_bytes=1000))
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 2000)
    with pytest.raises(InputTooLarge):
        parse_file(p, s)


def test_zip_bomb_ratio_rejected():
    bomb = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<a>" + b"0" * 20_000_000 + b"</a>"})
    assert len(bomb) < 100_000
    with pytest.raises(InputTooLarge):
        parse_bytes(bomb, "bomb.docx")


def test_zip_decompressed_total_limit(tmp_path):
    s = Settings(data_dir=tmp_path, limits=Limits(max_decompressed_bytes=10_000, max_compression_ratio=10**6))
    data = _zip({"word/document.xml": b"<a>" + b"1" * 50_000 + b"</a>"}, zipfile.ZIP_STORED)
    with pytest.raises(InputTooLarge):
        parse_bytes(data, "big.docx", s)


def test_xml_entity_expansion_rejected():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": evil})
    with pytest.raises(CorruptInput):
        parse_bytes(data, "evil.docx")


def test_truncated_real_docx():
    data = open("tests/fixtures/clean_a.docx", "rb").read()
    with pytest.raises(InputUnusable):
        parse_bytes(data[: len(data) // 2], "half.docx")


def test_too_many_tables(tmp_path):
    s = Settings(data_dir=tmp_path, limits=Limits(max_tables=1))
    with pytest.raises(InputTooLarge):
        parse_file("tests/fixtures/clean_b.txt", s)


def test_too_many_lines(tmp_path):
    s = Settings(data_dir=tmp_path, limits=Limits(max_paragraphs=50))
    with pytest.raises(InputTooLarge):
        parse_file("tests/fixtures/seed_000.txt", s)


def test_cli_one_line_exit_2(tmp_path):
    from assistant.cli import cli

    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04garbage")
    runner = CliRunner()
    for args in (["parse", str(bad)], ["review", str(bad)], ["parse", str(tmp_path / "missing.txt")]):
        res = runner.invoke(cli, args)
        assert res.exit_code == 2, res.output
        err_lines = [ln for ln in res.output.splitlines() if ln.strip()]
        assert len(err_lines) == 1 and err_lines[0].startswith("错误 / Error:"), res.output
        assert "Traceback" not in res.output


def test_cli_process_no_traceback(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "assistant", "review", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


EXAMPLES = 60


@hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096), st.sampled_from(["a.txt", "a.docx", "a.xlsx", "a"]))
def test_fuzz_bytes_only_typed_errors(data, name):
    try:
        parse_bytes(data, name)
    except InputUnusable:
        pass


_REPORTISH = st.lists(
    st.one_of(
        st.sampled_from(["一、基本情况", "二、一般公共预算支出情况", "七、存在的问题及原因分析", "附件2", "\t一级指标",
                         "\t产出指标(50分)", "\t5", "\t已完成", "", "基本支出为804.03万元，其中：工资福利支出1,234.5万元",
                         "（一）基本支出", "\t年度资金总额", "\t100%", "总分", "附件1", "\t编制数", "\t三公经费"]),
        st.text(max_size=40),
    ),
    max_size=60,
)


@hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_REPORTISH)
def test_fuzz_reportish_text_only_typed_errors(lines):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        parse_bytes(data, "r.txt")
    except InputUnusable:
        pass
    except UnicodeEncodeError:
        pass
