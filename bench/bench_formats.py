"""Formats: a 30-page text PDF parsed and reviewed; OCR engines on rendered Chinese report pages
(character accuracy against the PDF's own text layer, CPU and wall seconds per page)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests/fixtures/clean_a.pdf"


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_accuracy(truth: str, got: str) -> float:
    """1 − edit distance / len(truth), whitespace ignored (CJK text has none to lose)."""
    t, g = "".join(truth.split()), "".join(got.split())
    return max(0.0, 1 - _edit_distance(t, g) / max(1, len(t)))


def _pdf_times(n: int) -> bytes:
    import pypdf

    w = pypdf.PdfWriter()
    while len(w.pages) < 30:
        w.append(str(PDF))
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def bench_text_pdf() -> dict:
    from assistant.report import parse_bytes
    from assistant.review import review

    data = _pdf_times(30)
    review(parse_bytes(PDF.read_bytes(), PDF.name))  # warm imports
    c, t = time.process_time(), time.perf_counter()
    report = parse_bytes(data, "thirty.pdf")
    review(report)
    return {"pdf30_review_s": round(time.perf_counter() - t, 2), "pdf30_review_cpu_s": round(time.process_time() - c, 2),
            "pdf30_tables": len(report.tables)}


def bench_ocr(pages: int = 2) -> dict:
    """Per page: RapidOCR as the parser runs it (``recognise``: accuracy, CPU and wall seconds), and a whole page
    photo through ``parse_bytes`` (OCR + table grid + layout). CPU seconds matter on a shared machine: wall time
    there depends on what else runs."""
    import numpy as np
    import pdfplumber
    import pypdfium2 as pdfium

    from assistant.report import parse_bytes
    from assistant.report.parsers.image import RENDER_SCALE, recognise

    out: dict = {}
    doc = pdfium.PdfDocument(str(PDF))
    with pdfplumber.open(PDF) as plumber:
        truths = [plumber.pages[i].extract_text() or "" for i in range(pages)]
    images = [doc[i].render(scale=RENDER_SCALE).to_pil().convert("RGB") for i in range(pages)]
    recognise(np.array(images[0].crop((0, 0, 600, 300))))  # load the models outside the timing
    acc, cpu, wall = [], 0.0, 0.0
    for img, truth in zip(images, truths, strict=True):
        c, w = time.process_time(), time.perf_counter()
        result = recognise(np.array(img))
        cpu += time.process_time() - c
        wall += time.perf_counter() - w
        acc.append(char_accuracy(truth, "".join(r[1] for r in result)))
    out.update(rapidocr_char_accuracy=round(sum(acc) / len(acc), 4), rapidocr_page_s=round(wall / pages, 2),
               rapidocr_cpu_page_s=round(cpu / pages, 2), ocr_pages_per_s=round(pages / wall, 3))
    table_page = doc[4].render(scale=RENDER_SCALE).to_pil().convert("RGB")  # 附件2: text and a ruled table
    buf = io.BytesIO()
    table_page.save(buf, format="PNG")
    c, w = time.process_time(), time.perf_counter()
    parse_bytes(buf.getvalue(), "page5.png")
    out.update(ocr_page_parse_s=round(time.perf_counter() - w, 2), ocr_page_parse_cpu_s=round(time.process_time() - c, 2))
    if shutil.which("tesseract"):
        acc, cpu, wall = [], 0.0, 0.0
        with tempfile.TemporaryDirectory() as tmp:
            for i, (img, truth) in enumerate(zip(images, truths, strict=True)):
                p = Path(tmp) / f"p{i}.png"
                img.save(p)
                w = time.perf_counter()
                proc = subprocess.run(["tesseract", str(p), "stdout", "-l", "chi_sim"], capture_output=True,
                                      text=True, timeout=300)
                wall += time.perf_counter() - w
                acc.append(char_accuracy(truth, proc.stdout))
        out.update(tesseract_char_accuracy=round(sum(acc) / len(acc), 4),
                   tesseract_page_s=round(wall / pages, 2))
    return out


def bench_formats() -> dict:
    return {**bench_text_pdf(), **bench_ocr()}


if __name__ == "__main__":
    print(bench_formats())
