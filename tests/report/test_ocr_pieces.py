"""OCR speed without losing characters: long text lines reach the recogniser in pieces cut at blank columns."""

import numpy as np
import pypdfium2 as pdfium

from assistant.report.parsers import image
from assistant.report.parsers.image import PIECE_RATIO, line_pieces, recognise


def _line(height: int, glyphs: int, glyph_w: int, gap: int) -> np.ndarray:
    """A white strip with black 'glyphs' separated by white gaps."""
    img = np.full((height, glyphs * (glyph_w + gap)), 255, np.uint8)
    for i in range(glyphs):
        x = i * (glyph_w + gap)
        img[4:height - 4, x:x + glyph_w] = 0
    return np.stack([img] * 3, axis=2)


def test_long_line_is_cut_only_between_glyphs_and_nothing_is_lost():
    crop = _line(height=30, glyphs=40, glyph_w=22, gap=4)  # 1040 px ≈ 35 × height
    pieces = line_pieces(crop)
    assert len(pieces) >= 2
    assert np.array_equal(np.concatenate(pieces, axis=1), crop)
    widths = [p.shape[1] for p in pieces]
    assert max(widths[:-1]) <= PIECE_RATIO * 30
    x = 0
    for w in widths[:-1]:
        x += w
        assert (crop[:, x - 1:x + 1] == 255).all()  # the cut column and its left neighbour are blank


def test_short_line_or_line_without_gaps_stays_whole():
    short = _line(height=30, glyphs=10, glyph_w=22, gap=4)
    assert len(line_pieces(short)) == 1
    solid = np.zeros((30, 1200, 3), np.uint8)  # no blank column anywhere: never cut through ink
    assert len(line_pieces(solid)) == 1


def test_a_rendered_page_is_read_line_by_line():
    doc = pdfium.PdfDocument("tests/fixtures/clean_a.pdf")
    try:
        arr = np.array(doc[0].render(scale=2.0).to_pil().convert("RGB"))
    finally:
        doc.close()
    lines = recognise(arr)
    text = "".join(t for _, t, _ in lines)
    assert "衡阳市档案馆" in text and "基本情况" in text
    assert all(len(points) == 4 and score >= 0.5 for points, _, score in lines)


def _page(no: int = 0) -> np.ndarray:
    doc = pdfium.PdfDocument("tests/fixtures/clean_a.pdf")
    try:
        return np.array(doc[no].render(scale=2.0).to_pil().convert("RGB"))
    finally:
        doc.close()


def test_detection_on_the_scaled_page_gives_page_pixels_and_full_size_line_heights(monkeypatch):
    arr = _page()
    eng = image.engine()
    boxes = image.detect(eng, arr)
    assert arr.shape[0] > image.DET_LIMIT_SIDE
    assert boxes[..., 1].max() > image.DET_LIMIT_SIDE  # scaled back to the page, not left in the small image
    assert (boxes[..., 0] <= arr.shape[1] - 1).all() and (boxes[..., 1] <= arr.shape[0] - 1).all()
    monkeypatch.setattr(image, "DET_LIMIT_SIDE", 10_000)  # detection on the page as it is
    full = image.detect(eng, arr)
    heights = [float(np.median(np.linalg.norm(b[:, 0] - b[:, 3], axis=1))) for b in (boxes, full)]
    assert abs(len(boxes) - len(full)) <= 2
    assert abs(heights[0] - heights[1]) <= 0.15 * heights[1]  # crops as tall as full-size detection makes them


def test_pieces_read_side_by_side_come_back_in_their_own_order():
    arr = _page()
    eng = image.engine()
    boxes = eng.sorted_boxes(image.detect(eng, arr))[:8]
    pieces = [p for crop in eng.get_crop_img_list(arr, boxes) for p in line_pieces(crop)]
    one_by_one = [image.read_piece(eng, p) for p in pieces]
    assert image.read_pieces(eng, pieces) == one_by_one
    assert "衡阳市档案馆" in "".join(t for t, _ in one_by_one)


def test_table_rules_are_painted_over_and_the_text_in_the_cells_is_kept():
    page = np.full((400, 600, 3), 235, np.uint8)  # greyish paper, as a scan
    for y in (50, 150, 250):
        page[y:y + 2, 50:550] = 0
    for x in (50, 300, 548):
        page[50:252, x:x + 2] = 0
    page[99:101, 100:140] = 20  # a "十" inside a cell, its strokes as long as the rules' shortest runs
    page[80:120, 119:121] = 20
    (table,) = image.find_tables(page)
    out = image.erase_rules(page, [table])
    assert (out[50:52, 60:540] >= 225).all() and (out[60:240, 300:302] >= 225).all()
    assert (out[99:101, 100:140] == 20).all() and (out[80:120, 119:121] == 20).all()
    assert page[50, 60, 0] == 0  # the page itself is left as it was
