"""Zip-container guards shared by .docx and .xlsx: zip bombs, entity tricks, truncation."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from assistant.errors import CorruptInput, InputTooLarge
from assistant.settings import Limits


def check_zip(data: bytes, name: str, limits: Limits, required: str) -> None:
    """Raise a typed error unless ``data`` is a sane OOXML zip containing ``required``."""
    open_checked_zip(data, name, limits, required).close()


def open_checked_zip(data: bytes, name: str, limits: Limits, required: str) -> zipfile.ZipFile:
    """``data`` opened as a zip after :func:`check_zip`'s checks (the caller closes it; a reader that goes on
    to read its parts need not open the archive again)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise CorruptInput(f"{name}: 文件已损坏或不是有效的 Office 文件 / corrupt or truncated file ({exc})") from None
    try:
        _check_members(zf, name, limits, required)
    except BaseException:
        zf.close()
        raise
    return zf


def _check_members(zf: zipfile.ZipFile, name: str, limits: Limits, required: str) -> None:
    """Member count, total and per-member expansion, the required part, and no DOCTYPE or entity
    declaration in any XML part."""
    infos = zf.infolist()
    if len(infos) > limits.max_zip_members:
        raise InputTooLarge(f"{name}: 压缩包成员过多（{len(infos)}）/ too many archive members")
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_decompressed_bytes:
            raise InputTooLarge(
                f"{name}: 解压后大小超过上限 {limits.max_decompressed_bytes} 字节 / decompressed size over limit"
            )
        if info.compress_size and info.file_size / max(info.compress_size, 1) > limits.max_compression_ratio:
            raise InputTooLarge(f"{name}: 压缩比异常（疑似压缩炸弹）/ suspicious compression ratio (zip bomb)")
    names = {i.filename for i in infos}
    if required not in names:
        raise CorruptInput(f"{name}: 缺少 {required}，不是有效的 Office 文件 / not a valid Office document")
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            head = _prolog(zf, info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError) as exc:
            raise CorruptInput(f"{name}: 文件已损坏 / corrupt archive member {info.filename} ({exc})") from None
        if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
            raise CorruptInput(f"{name}: 文件包含 XML 实体声明，已拒绝 / XML entity declarations are not allowed")


_ROOT_START = re.compile(rb"<[A-Za-z_]")  # an element's start tag: not <? (declaration, PI) nor <! (DOCTYPE, comment)
_CHUNK = 1 << 10  # a root element is almost always in the first KB; the rest is read in growing steps


def _prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes up to its root element: a DOCTYPE, and so any entity declaration, can only stand
    there, so the rest (hundreds of KB of styles in a Word file) need not be decompressed to check it.
    A damaged member the reader needs is caught when the reader reads it."""
    head = b""
    step = _CHUNK
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(step)
            head += chunk
            if not chunk or _ROOT_START.search(head):
                return head
            step = min(step * 4, 1 << 16)
