"""The review-eval dataset: size, categories, real edits, reproducibility."""

from __future__ import annotations

import pytest

from evals.review.generate import BASES, CATEGORIES, VERSION, base_text, case_text, dump, generate, load_cases
from evals.review.textedit import NotApplicable, Text, fmt_like, id_number, parse_num, shift


@pytest.fixture(scope="module")
def cases():
    return load_cases()


def test_size_and_every_category(cases):
    assert len(cases) >= 60
    per = {c: sum(1 for x in cases if x["category"] == c) for c in CATEGORIES}
    assert all(n >= 5 for n in per.values()), per
    assert {x["base"] for x in cases} == set(BASES)
    assert all(x["version"] == VERSION for x in cases)
    assert len({x["id"] for x in cases}) == len(cases)


def test_labels_are_well_formed(cases):
    from assistant.review.finding import CATEGORY_PREFIX, SECTION_ORDER

    for c in cases:
        assert c["category"] in CATEGORIES
        assert c["sections"] and set(c["sections"]) <= set(SECTION_ORDER)
        if c["rules"]:
            assert all(r.startswith(CATEGORY_PREFIX[c["category"]]) for r in c["rules"])
        assert c["category"] not in c["collateral"]


def test_each_defect_changes_the_text(cases):
    bases = {k: base_text(k) for k in BASES}
    seen = set()
    for c in cases:
        text = case_text(c, bases)  # also checks the sha256
        assert text != bases[c["base"]], c["id"]
        seen.add(text)
    assert len(seen) == len(cases), "two cases produce the same text"


def test_committed_file_matches_generator(cases):
    from evals.review.generate import dataset_path

    assert dataset_path().read_text(encoding="utf-8") == dump(generate()), (
        "generator output differs from the committed dataset: regenerate and bump VERSION"
    )


def test_many_no_problem_wordings(cases):
    wordings = {c["description"] for c in cases if c["defect"] == "prb_no_problems"}
    assert len(wordings) >= 10


def test_text_helpers():
    t = Text(base_text("b"))
    s, e = t.section_span("七")
    assert t.lines[s].strip().startswith("七.")
    assert any(cells and cells[0] == "合计" for _, _, cells in t.rows("附件5"))
    with pytest.raises(NotApplicable):
        t.sub_in_section("七", "no such text", "x")
    assert shift("1,045.36", "10") == "1,055.36"
    assert shift("96.07％", "1") == "97.07％"
    assert fmt_like("8200.10", parse_num("8,200.1")) == "8200.10"
    assert id_number("43040219850712301") == "43040219850712301X"
