"""Fixtures in every format a reviewer receives, made by the tests themselves.

The clean and defective reports are built as .docx (tests/fixtures/make_fixtures.py), then LibreOffice converts
them to .doc, .odt and .pdf, and pdftoppm renders the PDF pages to PNG for OCR. The defective report changes
three figures — one in the text, two in the 附件 tables — so text rules and table rules both have something
to find in every format.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
from pathlib import Path

from tests.fixtures import make_fixtures as mf

# (where, old, new): each defect is one edited figure
DEFECTS = [
    ("text", "工资福利支出498.30万元", "工资福利支出488.30万元"),  # 基本支出 ≠ 各分项之和 → ARI001
    ("self_eval", "9.67", "9.97"),  # 得分 ≠ 分值×执行率 → ARI004
    ("basic", "7.22", "7.52"),  # 三公经费 total ≠ its parts → ARI006
]
# rule ids the defects above raise (and the clean report does not)
DEFECT_RULES = {"ARI001", "ARI004", "ARI006"}


def defective_a():
    title, sections, atts = mf.fixture_a()
    sections = copy.deepcopy(sections)
    atts = copy.deepcopy(atts)
    for where, old, new in DEFECTS:
        if where == "text":
            sections = [(h, [p.replace(old, new) for p in paras]) for h, paras in sections]
        else:
            rows = atts[0][2][0] if where == "basic" else atts[1][2][0]
            hit = [(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row) if cell == old]
            r, c = hit[0]
            rows[r][c] = new
    return title, sections, atts


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def lo_convert(sources: list[Path], target: str, out_dir: Path, profile: Path) -> None:
    """One LibreOffice run converting every source to ``target`` (e.g. "pdf", "odt", "doc:MS Word 97")."""
    subprocess.run(
        [soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", target, "--outdir", str(out_dir), *map(str, sources)],
        check=True, capture_output=True, timeout=600, env={**os.environ, "HOME": str(profile.parent)},
    )


def build(out: Path) -> dict[str, Path]:
    """{name: path} for clean_a / defect_a in .docx, .doc, .odt, .pdf (and page PNGs when pdftoppm exists)."""
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    sources = []
    for stem, fx in (("clean_a", mf.fixture_a), ("defect_a", defective_a)):
        p = out / f"{stem}.docx"
        mf.build_docx(*fx(), p)
        paths[p.name] = p
        sources.append(p)
    xlsx = out / "clean_b_tables.xlsx"
    mf.build_xlsx(mf.fixture_b()[2], xlsx)
    paths[xlsx.name] = xlsx
    if soffice() is None:
        return paths
    profile = out / "lo-profile"
    for target, suffix in (("pdf", ".pdf"), ("odt", ".odt")):
        lo_convert(sources, target, out, profile)
        for s in sources:
            paths[s.stem + suffix] = out / (s.stem + suffix)
    # .doc from the .odt: LibreOffice 7.4's direct .docx→.doc export drops fixture A's 9-column 自评表 (it
    # re-reads that .doc with the table flattened to paragraphs); the .odt→.doc export keeps it.
    odts = [out / (s.stem + ".odt") for s in sources]
    doc_dir = out / "doc"
    lo_convert(odts, "doc:MS Word 97", doc_dir, profile)
    for s in sources:
        paths[s.stem + ".doc"] = doc_dir / (s.stem + ".doc")
    for target, suffix in (("xls", ".xls"), ("ods", ".ods")):
        lo_convert([xlsx], target, out, profile)
        paths[xlsx.stem + suffix] = out / (xlsx.stem + suffix)
    return paths


def render_pages(pdf: Path, out_dir: Path, dpi: int = 144) -> list[Path]:
    """PDF pages → PNG files with pdftoppm (as a scanner would deliver them)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out_dir / pdf.stem)],
                   check=True, capture_output=True, timeout=300)
    return sorted(out_dir.glob(f"{pdf.stem}*.png"))


def images_to_pdf(images: list[Path], out: Path) -> Path:
    """Page images → an image-only PDF (a scanned document: no text layer)."""
    from PIL import Image

    frames = [Image.open(p).convert("RGB") for p in images]
    frames[0].save(out, save_all=True, append_images=frames[1:], resolution=144)
    return out
