"""The cheap screens in front of costly matchers never drop a match: text the full pattern matches always
passes its screen (examples generated from the patterns themselves)."""

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.report.normalize import to_halfwidth
from assistant.review.proofdata import find_wenhao
from assistant.review.rules import _text, proofreading

FAST = hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.data())
def test_every_writer_note_passes_the_key_screen(data):
    rx, label = data.draw(st.sampled_from(_text._WRITER_NOTES))
    text = data.draw(st.from_regex(rx))
    if rx.search(to_halfwidth(text).strip()):  # as writer_note sees it
        assert _text.writer_note(text) is not None, (label, text)


@FAST
@given(st.from_regex(proofreading._BROKEN_WENHAO), st.text(max_size=10))
def test_broken_wenhao_after_a_title_passes_its_screen(wenhao, tail):
    text = "《关于印发某办法的通知》（" + wenhao + tail
    m = proofreading._BROKEN_WENHAO.search(text)
    opened, closed = bool(m.group("open")), bool(m.group("close"))
    found = list(proofreading._broken_wenhao(text))
    if not (opened and closed) and proofreading._AFTER_TITLE.search(text[: m.start()]):
        assert found and found[0][0] == m.start()


def test_find_wenhao_is_shared_and_immutable():
    text = "根据《某办法》（财预〔2020〕10号）"
    first, again = find_wenhao(text), find_wenhao(text)
    assert first is again and isinstance(first, tuple) and first[0].standard == "财预〔2020〕10号"
