"""Rendered look: the exported .docx converts to PDF with LibreOffice and its title page is not blank.

Skips (with the reason printed) where ``soffice`` or ``pdftoppm`` is not installed:
``apt-get install -y libreoffice-writer-nogui poppler-utils fonts-wqy-zenhei``.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from assistant.export import export_report_docx


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        reason = f"{tool} not installed; skipping the rendered-look check"
        print(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="module")
def seed_pdf(seed_report, tmp_path_factory):
    soffice = _need("soffice")
    out = tmp_path_factory.mktemp("render")
    docx_path = export_report_docx(seed_report, out / "seed.docx")
    profile = out / "lo-profile"  # isolated LibreOffice user profile: no clash with a running instance
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(docx_path)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = out / "seed.pdf"
    assert pdf.exists(), f"soffice failed: {proc.stdout} {proc.stderr}"
    return pdf


def test_pdf_page_count(seed_pdf, seed_report):
    from pypdf import PdfReader

    pages = len(PdfReader(str(seed_pdf)).pages)
    # body text plus three attachments, each starting on its own page
    assert len(seed_report.attachments) + 1 <= pages <= 40


def test_title_page_not_blank(seed_pdf):
    pdftoppm = _need("pdftoppm")
    prefix = seed_pdf.with_name("page")
    subprocess.run([pdftoppm, "-r", "40", "-f", "1", "-l", "1", "-png", str(seed_pdf), str(prefix)],
                   check=True, timeout=120)
    png = next(seed_pdf.parent.glob("page*.png"))
    from PIL import Image

    img = Image.open(png).convert("L")
    dark = sum(img.histogram()[:128])
    assert dark > 500, f"title page looks blank ({dark} dark pixels)"
    # and the top margin (37mm of 297mm) is empty: the title starts below it
    top = img.crop((0, 0, img.width, int(img.height * 30 / 297)))
    assert sum(top.histogram()[:128]) == 0
