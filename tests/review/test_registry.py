"""The rule registry: ids well formed and unique, docs complete, every rule tested."""

import re
from pathlib import Path

import pytest

from assistant.review.finding import CATEGORY_PREFIX
from assistant.review.registry import REQUIRED_DOC_SECTIONS, RegistryError, all_rules, rule

RULES = all_rules()


def test_every_category_has_rules():
    assert {r.category for r in RULES} == set(CATEGORY_PREFIX)


@pytest.mark.parametrize("r", RULES, ids=[r.id for r in RULES])
def test_rule_metadata(r):
    assert re.fullmatch(r"[A-Z]{3}\d{3}", r.id)
    assert r.id.startswith(CATEGORY_PREFIX[r.category])
    assert r.title and r.reference, r.id
    for head in REQUIRED_DOC_SECTIONS:
        assert head in r.doc, f"{r.id} docstring lacks {head}"


def test_bad_and_duplicate_ids_fail_at_registration():
    with pytest.raises(RegistryError):
        rule("AR1", "arithmetic", "error", "x")(lambda report, ctx: [])
    with pytest.raises(RegistryError):
        rule("CON999", "arithmetic", "error", "x")(lambda report, ctx: [])
    with pytest.raises(RegistryError):
        rule(RULES[0].id, RULES[0].category, "error", "dup")(lambda report, ctx: [])


def test_every_rule_has_tests_and_every_tested_id_exists():
    """Set equality between registered ids and ids named in tests/review (flake8/datasette style)."""
    texts = "\n".join(p.read_text(encoding="utf-8") for p in Path("tests/review").rglob("*.py")
                      if p.name != "test_registry.py")
    texts += "\n".join(p.name for p in Path("tests/review").rglob("*") if p.is_file())
    named = set(re.findall(r"\b([A-Z]{3}\d{3})\b", texts))
    registered = {r.id for r in RULES}
    known_prefixes = tuple(CATEGORY_PREFIX.values())
    named = {n for n in named if n.startswith(known_prefixes)}
    assert registered - named == set(), f"rules without tests: {sorted(registered - named)}"
    assert named - registered == set(), f"tests name unknown rules: {sorted(named - registered)}"


def test_engine_select_runs_one_rule(seed_report):
    from assistant.review import run_rules

    only = run_rules(seed_report, select=["ARI002"])
    assert only and {f.rule for f in only} == {"ARI002"}


def test_findings_sorted_and_deduplicated(seed_report):
    from assistant.review import review

    res = review(seed_report)
    keys = [f.sort_key() for f in res.findings]
    assert keys == sorted(keys)
    assert len({(f.rule, f.location, f.message) for f in res.findings}) == len(res.findings)
