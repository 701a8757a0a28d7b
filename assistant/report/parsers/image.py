"""Scanned PDFs and page images (.png/.jpg/.tif) by offline OCR.

RapidOCR (rapidocr-onnxruntime, Apache-2.0) ships its PP-OCR detection and recognition models inside the
wheel, so nothing is downloaded. Ruled tables are found in the page image with OpenCV (the grid lines'
enclosed cells), and each recognised text box goes into the cell that holds its centre, so tables reach the
same table handling as Word tables. The Report is flagged ``meta.ocr``: the review marks its figures
"OCR 识别，请核对原件" and does not call a sum wrong on OCR'd digits alone.
"""

from __future__ import annotations

import io
import os
import threading

from assistant.errors import CorruptInput, EmptyInput, InputTooLarge, UnsupportedFormat
from assistant.report.blocks import Block, Budget
from assistant.report.parsers.pdf import NoTextLayer, blocks_from_items, parse_pdf, unwrap_cell
from assistant.settings import Settings

IMAGE_SUFFIXES: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
RENDER_SCALE = 2.0  # PDF points → pixels (144 dpi): enough for 10.5-pt CJK text, fast to recognise
MAX_PIXELS = 40_000_000  # per page image; a larger one is refused rather than OCR'd for minutes
_ENGINE = None
_ENGINE_LOCK = threading.Lock()


def parse_pdf_or_scan(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    """A PDF with a text layer is read as text; a PDF without one (a scan) is OCR'd page by page."""
    try:
        return parse_pdf(data, name, settings)
    except NoTextLayer:
        return ocr_pdf(data, name, settings)


def parse_image(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    from PIL import Image, ImageSequence

    try:
        img = Image.open(io.BytesIO(data))
        if img.width * img.height > MAX_PIXELS:
            raise InputTooLarge(f"{name}: 图片像素过多（{img.width}×{img.height}）/ image too large")
        n = getattr(img, "n_frames", 1)
        if n > settings.limits.max_pdf_pages:
            raise InputTooLarge(f"{name}: 图片页数 {n} 超过上限 {settings.limits.max_pdf_pages} / too many pages")
        pages = [frame.convert("RGB") for frame in ImageSequence.Iterator(img)]
        n_pages = len(pages)
    except InputTooLarge:
        raise
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types on damaged images
        raise CorruptInput(f"{name}: 图片无法打开 / cannot open image ({type(exc).__name__})") from None
    return _ocr_pages(pages, n_pages, name, settings)


def ocr_pdf(data: bytes, name: str, settings: Settings) -> tuple[list[Block], dict]:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - pdfium raises PdfiumError on damaged/encrypted files
        raise UnsupportedFormat(f"{name}: PDF 无法渲染 / cannot render PDF ({type(exc).__name__})") from None
    try:
        pages = (doc[i].render(scale=RENDER_SCALE).to_pil().convert("RGB") for i in range(len(doc)))
        return _ocr_pages(pages, len(doc), name, settings)
    finally:
        doc.close()


# RapidOCR settings, measured on rendered report pages (bench/bench_formats.py and 8 pages of three reports;
# character accuracy unchanged):
# - detection on the page scaled to at most 960 px on its long side (PaddleOCR's own default), not on the full
#   page: a 144-dpi A4 page costs ~3× less to detect, and recognition still reads the crops at full resolution
#   (see :func:`detect`: RapidOCR's own limit does not scale such a page down);
# - the grid lines of ruled tables painted over before detection and recognition (:func:`erase_rules`);
# - recognition one text piece per call at the piece's own width: the recogniser's cost grows about linearly
#   with the input width (~10 ms per 100 px on one core), faster than linearly with the batch, and RapidOCR
#   pads every input to at least 320 px, which made a table cell of a few figures cost as much as 7 characters;
# - a full-width line of body text (~30 × its height) is cut at blank columns into pieces of about 13 × its
#   height, which together cost ~40 % less than the whole line;
# - recognition sessions single-threaded, ``ocr_threads()`` pieces read side by side: one thread a piece costs
#   less CPU than two threads on one piece (up to 1.5× less on a long piece); detection (one run a page) uses
#   ``ocr_threads()`` threads;
# - no angle classifier (report pages are upright); threads = the cores this process may use, at most 2, that
#   sleep rather than spin while waiting (spinning burns the CPU other processes on a shared machine need).
# Tried and not kept: a smaller detection size (800: characters lost in table cells), squeezing the pieces
# horizontally to 0.8 of their width (~20 % less recognition, but "000" read as "00o"), onnxruntime's memory
# arena (no measurable difference).
DET_LIMIT_SIDE = 960
DET_UNCLIP = 1.3  # box expansion on the scaled page (RapidOCR's 1.6 at full size)
OCR_THREADS_MAX = 2
PIECE_RATIO = 13.0  # width ÷ height of a piece of a text line handed to the recogniser
REC_MIN_WIDTH = 48  # pixels at the model's 48-px height
TEXT_SCORE = 0.5  # RapidOCR's own threshold: a line recognised with less confidence is dropped


def engine():
    """The one RapidOCR engine of this process (models load once, ~1 s). Detection (one run a page) uses up to
    ``OCR_THREADS_MAX`` threads; recognition sessions run single-threaded, one text piece per call, and
    :func:`recognise` runs that many pieces side by side instead (see the notes above)."""
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            from rapidocr_onnxruntime import RapidOCR
            from rapidocr_onnxruntime.utils import infer_engine

            threads = ocr_threads()
            make_opts = infer_engine.OrtInferSession._init_sess_opts

            def session_opts(config):
                is_rec = "rec_img_shape" in config
                opts = make_opts({**config, "intra_op_num_threads": 1 if is_rec else threads,
                                  "inter_op_num_threads": 1})
                opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
                return opts

            infer_engine.OrtInferSession._init_sess_opts = staticmethod(session_opts)
            try:
                _ENGINE = RapidOCR(use_cls=False, det_limit_side_len=DET_LIMIT_SIDE, det_limit_type="max")
            finally:
                infer_engine.OrtInferSession._init_sess_opts = staticmethod(make_opts)
        return _ENGINE


def ocr_threads() -> int:
    """The cores this process may use, at most ``OCR_THREADS_MAX``."""
    return max(1, min(OCR_THREADS_MAX, len(os.sched_getaffinity(0))))


def recognise(arr, tables: list[dict] | None = None) -> list[tuple]:
    """(box points, text, score) of each text line on a page image: RapidOCR's detection, then recognition of
    each line cut into pieces at blank columns (see :func:`line_pieces`), the pieces read side by side.
    The ruling lines of the page's tables (``tables``, else found here) are painted over with the paper's
    colour first: a cell's text box that takes in a bit of its border is misread ("人口" as "短")."""
    eng = engine()
    h, w = arr.shape[:2]
    if h <= 30 or w / h > 8:  # a strip of one line: RapidOCR pads it for detection itself
        return [tuple(r) for r in (eng(arr)[0] or [])]
    arr = erase_rules(arr, find_tables(arr) if tables is None else tables)
    boxes = detect(eng, arr)
    if len(boxes) == 0:
        return []
    boxes = eng.sorted_boxes(boxes)
    crops = eng.get_crop_img_list(arr, boxes)
    pieces, owner = [], []
    for i, crop in enumerate(crops):
        for piece in line_pieces(crop):
            pieces.append(piece)
            owner.append(i)
    rec = read_pieces(eng, pieces)
    texts, scores = [""] * len(crops), [1.0] * len(crops)
    for i, (text, score) in zip(owner, rec, strict=True):
        texts[i] += text
        scores[i] = min(scores[i], score)
    return [(box.tolist(), text, score) for box, text, score in zip(boxes, texts, scores, strict=True)
            if text and score >= TEXT_SCORE]


def detect(eng, arr):
    """Text-line boxes (page pixels) found on the page scaled to ``DET_LIMIT_SIDE`` on its long side. RapidOCR's
    own ``limit_type="max"`` does not scale a page this size down (above 960 px it raises the limit to 1500 or
    2000 px), so the page is scaled here and the boxes scaled back. The scaled page's text map is blurrier, so
    its boxes are expanded less (``DET_UNCLIP``) to come out as tall as full-size detection's."""
    import copy

    import cv2
    import numpy as np

    h, w = arr.shape[:2]
    scale = min(1.0, DET_LIMIT_SIDE / max(h, w))
    det = eng.text_det
    if scale == 1.0:
        boxes, _ = det(arr)
    else:
        small = cv2.resize(arr, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
        post = copy.copy(det.postprocess_op)
        post.unclip_ratio = DET_UNCLIP
        preds = det.infer(det.get_preprocess(max(small.shape[:2]))(small))[0]
        boxes, _ = post(preds, small.shape[:2])
        boxes = det.filter_tag_det_res(boxes, small.shape[:2])
    if boxes is None or len(boxes) == 0:
        return np.zeros((0, 4, 2), np.float32)
    boxes = boxes.astype(np.float32) / np.float32(scale)
    boxes[..., 0] = boxes[..., 0].clip(0, w - 1)
    boxes[..., 1] = boxes[..., 1].clip(0, h - 1)
    return boxes


def read_pieces(eng, pieces: list) -> list[tuple[str, float]]:
    """(text, score) of each piece: ``ocr_threads()`` workers, the widest pieces first so the workers finish
    together."""
    from concurrent.futures import ThreadPoolExecutor

    order = sorted(range(len(pieces)), key=lambda i: -pieces[i].shape[1] / pieces[i].shape[0])
    out: list[tuple[str, float]] = [("", 0.0)] * len(pieces)
    with ThreadPoolExecutor(ocr_threads()) as pool:
        for i, result in zip(order, pool.map(lambda i: read_piece(eng, pieces[i]), order), strict=True):
            out[i] = result
    return out


def read_piece(eng, piece) -> tuple[str, float]:
    """One piece through the recogniser at the model's height and the piece's own width (at least
    ``REC_MIN_WIDTH``), not padded to RapidOCR's 320 px: a table cell of two figures costs ~4× less."""
    import math

    import cv2
    import numpy as np

    rec = eng.text_rec
    _, height, _ = rec.rec_image_shape
    h, w = piece.shape[:2]
    width = max(1, math.ceil(height * w / h))
    x = np.zeros((1, 3, height, max(REC_MIN_WIDTH, width)), np.float32)  # 0 = mid grey, as RapidOCR pads
    x[0, :, :, :width] = cv2.resize(piece, (width, height)).transpose(2, 0, 1) / np.float32(127.5) - 1
    return rec.postprocess_op(rec.session(x)[0])[0]


def line_pieces(crop) -> list:
    """A long text-line crop cut into pieces of about ``PIECE_RATIO`` × its height, each cut in the middle of
    the widest blank column run (the space between two characters) near the target; where no column is
    blank the rest stays whole, so no character is ever split."""
    import numpy as np

    h, w = crop.shape[:2]
    step = int(PIECE_RATIO * h)
    if w <= step * 1.25:
        return [crop]
    gray = crop.mean(axis=2) if crop.ndim == 3 else crop
    low, high = float(gray.min()), float(gray.max())
    if high - low < 32:  # no contrast to tell ink from paper
        return [crop]
    ink = (gray < (low + high) / 2).sum(axis=0)
    out, start = [], 0
    while w - start > step * 1.25:
        lo = start + step // 2
        blank = np.flatnonzero(ink[lo:start + step] == 0)
        if len(blank) == 0:
            break
        runs = np.split(blank, np.flatnonzero(np.diff(blank) != 1) + 1)
        run = max(runs, key=len)
        cut = lo + int(run[len(run) // 2])
        out.append(crop[:, start:cut])
        start = cut
    out.append(crop[:, start:])
    return out


def _ocr_pages(pages, n_pages: int, name: str, settings: Settings) -> tuple[list[Block], dict]:
    """OCR page by page; the time limit is ``parse_timeout_s`` per page (OCR takes seconds a page)."""
    import numpy as np

    if n_pages > settings.limits.max_pdf_pages:
        raise InputTooLarge(f"{name}: 页数 {n_pages} 超过上限 {settings.limits.max_pdf_pages} / too many pages")
    limits = settings.limits.model_copy(update={"parse_timeout_s": settings.limits.parse_timeout_s * max(1, n_pages)})
    budget = Budget(limits, name)
    items: list[tuple] = []
    for page_no, img in enumerate(pages, start=1):
        if img.width * img.height > MAX_PIXELS:
            raise InputTooLarge(f"{name}: 第 {page_no} 页图片过大 / page image too large")
        arr = np.array(img)
        tables = find_tables(arr)
        boxes = [_box(points, text, score) for points, text, score in recognise(arr, tables) if text.strip()]
        items.extend(page_items(arr, boxes, page_no, budget, tables))
        budget.check_time()
    blocks = blocks_from_items(items, budget)
    if not any(b.kind == "para" for b in blocks):
        raise EmptyInput(f"{name}: 未识别到文字（空白页或图片不清晰）/ no text recognised by OCR")
    from importlib.metadata import version

    parser = f"image.ocr (rapidocr-onnxruntime {version('rapidocr-onnxruntime')}; {n_pages} 页 OCR)"
    return blocks, {"parser": parser, "ocr": True}


def erase_rules(arr, tables: list[dict]):
    """A copy of the page with each table's grid lines painted in the table's paper colour."""
    import numpy as np

    if not tables:
        return arr
    out = arr.copy()
    for t in tables:
        region = out[t["top"]:t["bottom"], t["x0"]:t["x1"]]
        paper = np.percentile(region[::4, ::4].reshape(-1, region.shape[-1]) if region.ndim == 3
                              else region[::4, ::4].ravel(), 90, axis=0)
        region[t["rules"] > 0] = paper.astype(region.dtype)
    return out


def _box(points, text: str, score: float) -> dict:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return {"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys), "text": text.strip(), "score": score}


def page_items(arr, boxes: list[dict], page_no: int, budget: Budget, tables: list[dict] | None = None) -> list[tuple]:
    """("line", text) and ("table", rows, …) items of one page image, top to bottom."""
    tables = find_tables(arr) if tables is None else tables
    placed: list[tuple[float, tuple]] = []
    free: list[dict] = []
    for b in boxes:
        cx, cy = (b["x0"] + b["x1"]) / 2, (b["top"] + b["bottom"]) / 2
        table = next((t for t in tables if t["x0"] <= cx <= t["x1"] and t["top"] <= cy <= t["bottom"]), None)
        if table is None:
            free.append(b)
        else:
            cell = next((c for c in table["cells"] if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]), None)
            if cell is not None:
                table["texts"].setdefault(cell, []).append(b)
    for line in _lines(free):
        placed.append((line[0], ("line", line[1])))
    height = float(arr.shape[0])
    for t in tables:
        rows = _grid_rows(t)
        if len(rows) < 2:
            continue
        budget.add_table(sum(len(r) for r in rows))
        placed.append((t["top"], ("table", rows, page_no, t["top"], t["bottom"], height)))
    placed.sort(key=lambda p: p[0])
    return [item for _, item in placed]


def _lines(boxes: list[dict]) -> list[tuple[float, str]]:
    """Group text boxes into visual lines (vertical overlap), left to right."""
    lines: list[list[dict]] = []
    for b in sorted(boxes, key=lambda b: b["top"]):
        if lines:
            last = lines[-1]
            top, bottom = min(x["top"] for x in last), max(x["bottom"] for x in last)
            overlap = min(bottom, b["bottom"]) - max(top, b["top"])
            if overlap > 0.5 * min(bottom - top, b["bottom"] - b["top"]):
                last.append(b)
                continue
        lines.append([b])
    out = []
    for ln in lines:
        text = ""
        for x in sorted(ln, key=lambda x: x["x0"]):
            glue = " " if text and text[-1].isascii() and x["text"][0].isascii() else ""
            text += glue + x["text"]
        out.append((min(x["top"] for x in ln), text))
    return out


def find_tables(arr) -> list[dict]:
    """Ruled tables in a page image: the cells enclosed by the grid lines (OpenCV morphology); ``rules`` is the
    mask of the table's grid-line pixels (the grid's own connected part: not a long stroke of text in a cell)."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY) if arr.ndim == 3 else arr
    bw = cv2.adaptiveThreshold(~gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)
    h, w = bw.shape
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, w // 40), 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(10, h // 60))))
    grid = cv2.dilate(horiz | vert, np.ones((3, 3), np.uint8))
    contours, hierarchy = cv2.findContours(grid, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    _, parts = cv2.connectedComponents(grid, connectivity=8)  # a stroke inside a cell is a part of its own
    tables: list[dict] = []
    for i, cnt in enumerate(contours):
        if hierarchy[0][i][3] != -1:
            continue  # a hole; holes are gathered from their outer contour below
        x, y, cw, ch = cv2.boundingRect(cnt)
        if cw < w * 0.2 or ch < 20:
            continue
        cells = []
        child = hierarchy[0][i][2]
        while child != -1:
            cx, cy, ccw, cch = cv2.boundingRect(contours[child])
            if ccw > 8 and cch > 8:
                cells.append((cx, cy, cx + ccw, cy + cch))
            child = hierarchy[0][child][0]
        if len(cells) >= 2:
            tables.append({"x0": x, "top": y, "x1": x + cw, "bottom": y + ch, "cells": cells, "texts": {},
                           "rules": parts[y:y + ch, x:x + cw] == parts[cnt[0][0][1], cnt[0][0][0]]})
    return tables


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _grid_rows(table: dict) -> list[list[str]]:
    """Rows of cell texts, merges written the way parsers/docx.py writes them (see pdf.table_rows)."""
    cells = table["cells"]
    tol = 12.0  # grid line thickness plus jitter, pixels
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells], tol)
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells], tol)

    def idx(edges: list[float], v: float) -> int:
        return min(range(len(edges)), key=lambda i: abs(edges[i] - v))

    grid: dict[tuple[int, int], tuple] = {}
    starts: dict[tuple[int, int], tuple] = {}
    for c in cells:
        c0, c1, r0, r1 = idx(xs, c[0]), idx(xs, c[2]), idx(ys, c[1]), idx(ys, c[3])
        starts[(r0, c0)] = c
        for r in range(r0, max(r1, r0 + 1)):
            for k in range(c0, max(c1, c0 + 1)):
                grid[(r, k)] = c
    rows: list[list[str]] = []
    for r in range(len(ys) - 1):
        row: list[str] = []
        last = None
        for k in range(len(xs) - 1):
            c = grid.get((r, k))
            if c is None or c == last:
                continue
            last = c
            if (r, k) in starts and starts[(r, k)] == c:
                texts = [t for _, t in _lines(table["texts"].get(c, []))]
                row.append(unwrap_cell("\n".join(texts)))
            else:
                row.append("")
        if row:
            rows.append(row)
    return rows
