"""The cheap screens in front of costly matchers never drop a match: text the full pattern matches always
passes its screen (examples generated from the patterns themselves)."""

import re

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.report.normalize import to_halfwidth
from assistant.review.proofdata import find_wenhao, load_proof_data, required_chars
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


# ---------------------------------------------------------------- PRF004: required characters of a pattern

SAMPLES = ["做为", "(?P<a>认真|扎实|切实)的(?=做好)", "x?(?:ab|cd)+e", "[甲乙]{2,3}丙?", "(?:帐(?=户)|(?<=[记报])帐)(?![篷])",
           "拔(?=付|款)|(?<=下)拔", "(?:前)?截止", "a*b|c", "(?:甲|乙?)丙"]


@FAST
@given(st.data())
def test_every_match_holds_a_required_character(data):
    """For any string a pattern matches, the characters said to be required are not all missing."""
    pattern = data.draw(st.sampled_from(SAMPLES))
    keys = required_chars(pattern)
    rx = re.compile(pattern)
    try:
        text = data.draw(st.from_regex(rx))
    except Exception:  # noqa: BLE001 - hypothesis cannot draw from every lookaround: use the fixed cases below
        return
    m = rx.search(text)
    if m and keys is not None:
        assert keys & set(m.group(0)), (pattern, text, keys)


def test_required_characters_of_shapes():
    assert required_chars("做为") == {"做"}
    assert required_chars("(?:前)?截止") == {"截"}  # an optional part is not required
    assert required_chars("x?(?:ab|cd)+e") == {"a", "c"}
    assert required_chars("(?:甲|乙?)丙") == {"丙"}  # a branch that may be empty gives nothing; the next literal does
    assert required_chars("(?<=下)拔(?!河)") == {"拔"}  # lookarounds are not part of the match
    assert required_chars("(?i)ab") is None and required_chars(".+") is None


def test_every_shipped_confusion_is_screened_and_its_examples_pass_the_screen():
    data = load_proof_data()
    for conf in data.confusions:
        keys = required_chars(conf.pattern)
        assert keys, conf.pattern
        for sentence in conf.fires:
            assert keys & set(sentence), (conf.pattern, sentence)
