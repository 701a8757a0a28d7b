"""Older and other office formats through LibreOffice headless: .doc/.wps/.rtf/.odt → .docx, .xls/.et/.ods → .xlsx.

The conversion runs in a fresh temporary directory with its own LibreOffice profile (parallel runs do not
collide), under the parse time limit; the directory is removed whatever happens. The result goes to the
existing .docx/.xlsx readers, so the size and zip limits apply to it as well. Nothing here is imported on the
.txt/.docx path.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from assistant.errors import CorruptInput, ParseTimeout, UnsupportedFormat
from assistant.settings import Settings

# source suffix → target format LibreOffice writes (the filter is chosen by the target extension)
WORD_SUFFIXES: tuple[str, ...] = (".doc", ".wps", ".rtf", ".odt")
SHEET_SUFFIXES: tuple[str, ...] = (".xls", ".et", ".ods")
INSTALL_HINT = (
    "需要 LibreOffice 才能读取 {suffix} 文件，请安装后重试（Debian/Ubuntu：apt-get install "
    "libreoffice-writer-nogui libreoffice-calc-nogui；或另存为 .docx/.xlsx）/ LibreOffice (soffice) not found"
)


def soffice_path() -> str | None:
    """The LibreOffice binary, or None. ``ASSISTANT_SOFFICE`` overrides the search (also: set it empty to disable)."""
    override = os.environ.get("ASSISTANT_SOFFICE")
    if override is not None:
        return override if override and Path(override).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def target_for(suffix: str) -> str:
    return "xlsx" if suffix.lower() in SHEET_SUFFIXES else "docx"


def convert(data: bytes, name: str, target: str, settings: Settings) -> bytes:
    """Convert ``data`` (an office file called ``name``) to ``target`` ("docx" | "xlsx") and return the bytes."""
    suffix = Path(name).suffix.lower() or ".bin"
    binary = soffice_path()
    if binary is None:
        raise UnsupportedFormat(f"{name}: " + INSTALL_HINT.format(suffix=suffix))
    timeout = settings.limits.parse_timeout_s
    with tempfile.TemporaryDirectory(prefix="assistant-convert-") as tmp:
        work = Path(tmp)
        src = work / f"input{suffix}"
        src.write_bytes(data)
        out_dir = work / "out"
        cmd = [
            binary, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", target, "--outdir", str(out_dir), str(src),
        ]
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp, start_new_session=True
        )
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ParseTimeout(
                f"{name}: LibreOffice 转换超时（>{timeout:g} 秒）/ conversion exceeded the time limit"
            ) from None
        finally:
            _kill_group(proc)  # soffice may leave helper processes in its group
        out = out_dir / f"input.{target}"
        if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            raise CorruptInput(
                f"{name}: LibreOffice 无法打开此文件（已损坏或格式不受支持）/ LibreOffice could not convert the file"
            )
        if out.stat().st_size > settings.limits.max_file_bytes * 5:
            raise CorruptInput(f"{name}: 转换结果异常庞大 / converted file unexpectedly large")
        return out.read_bytes()


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
