"""OCR speed without losing characters: long text lines reach the recogniser in pieces cut at blank columns."""

import numpy as np
import pypdfium2 as pdfium

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
