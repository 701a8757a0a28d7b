"""Search snapshot, shipped pre-index, query tokenizer and query rewriting (tiny data)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.knowledge.preindex import build_preindex
from assistant.knowledge.snapshot import SearchIndex, preindex_path
from assistant.knowledge.tokenize import QueryTokenizer, expand_query, lexicon_for, words
from assistant.settings import Settings

from .conftest import ROOT, make_settings

QUERIES = ["三公经费包括哪些", "预算执行率怎么算", "满意度调查方式", "工资福利支出多少", "内设机构和编制"]


def _counting(kb: KnowledgeBase) -> list[int]:
    """Count the texts the embedder is asked to embed (the real embedder still does the work)."""
    calls: list[int] = []
    real = kb.embedder.embed_documents

    def counted(texts):
        calls.append(len(texts))
        return real(texts)

    kb.embedder.embed_documents = counted  # type: ignore[method-assign]
    return calls


def test_second_process_searches_from_the_snapshot_without_opening_chroma(kb_settings):
    first = KnowledgeBase(kb_settings)
    expected = {q: [(h.id, h.score) for h in first.search(q, k=3)] for q in QUERIES}
    assert first.snapshot_path.is_file()

    again = KnowledgeBase(kb_settings)
    assert again.ensure_corpus() is None
    got = {q: [(h.id, h.score) for h in again.search(q, k=3)] for q in QUERIES}
    assert got == expected
    assert again._client is None  # Chroma was never opened for these searches
    assert [d.doc for d in again.list_docs()] == ["policy.md", "report.txt"]
    assert again._client is None


def test_a_change_made_by_another_instance_is_seen(kb_settings, tmp_path):
    reader = KnowledgeBase(kb_settings)
    assert all(h.doc != "new.md" for h in reader.search("独特词语甲乙丙丁", k=5, method="lexical"))
    extra = tmp_path / "new.md"
    extra.write_text("# 新办法\n\n## 第一条\n\n独特词语甲乙丙丁的测试条文。\n", encoding="utf-8")
    KnowledgeBase(kb_settings).ingest([extra])
    reader._last_check = 0.0  # as if STALE_CHECK_S had passed
    assert reader.search("独特词语甲乙丙丁", k=1, method="lexical")[0].doc == "new.md"


def test_corrupt_snapshot_is_rebuilt_from_chroma(kb_settings):
    kb = KnowledgeBase(kb_settings)
    ids = [h.id for h in kb.search("三公经费", k=3)]
    kb.snapshot_path.write_bytes(b"not a zip file")
    assert SearchIndex.load(kb.snapshot_path) is None
    again = KnowledgeBase(kb_settings)
    assert [h.id for h in again.search("三公经费", k=3)] == ids
    assert SearchIndex.load(again.snapshot_path) is not None


def test_fresh_data_dir_uses_the_preindex_then_ingest_reuses_its_vectors(tmp_path, corpus):
    built = build_preindex(make_settings(tmp_path / "build", corpus))
    assert built == preindex_path(corpus, "hash") and built.is_file()

    s = make_settings(tmp_path, corpus)
    kb = KnowledgeBase(s)
    calls = _counting(kb)
    assert kb.ensure_corpus() is None  # nothing to ingest: the pre-index is the corpus
    hits = kb.search("三公经费包括哪些", k=1)
    assert hits[0].section == "一、三公经费"
    assert kb._client is None and not s.chroma_path.exists() and calls == []

    user = tmp_path / "user.md"
    user.write_text("# 单位制度\n\n## 第一条\n\n独特词语戊己庚辛的测试条文。\n", encoding="utf-8")
    report = kb.ingest([user])
    assert report.added == ["user.md"]
    assert calls == [report.chunks_added]  # only the user's chunks were embedded; the corpus came from the file
    assert [d.doc for d in kb.list_docs()] == ["policy.md", "report.txt", "user.md"]
    assert kb.collection.count() == sum(d.chunks for d in kb.list_docs())
    assert kb.search("独特词语戊己庚辛", k=1)[0].doc == "user.md"


def test_stale_preindex_is_ignored(tmp_path, corpus):
    build_preindex(make_settings(tmp_path / "build", corpus))
    (corpus / "policy.md").write_text((corpus / "policy.md").read_text(encoding="utf-8") + "\n补充一段。\n",
                                      encoding="utf-8")
    kb = KnowledgeBase(make_settings(tmp_path, corpus))
    report = kb.ensure_corpus()
    assert report is not None and sorted(report.added) == ["policy.md", "report.txt"]
    assert any("补充一段" in h.text for h in kb.search("补充一段", k=3, method="lexical"))


def test_shipped_preindex_is_current():
    """Rebuild with `python -m assistant.knowledge.preindex --embedder hash e5` after changing knowledge/,
    userdict.txt, the chunking settings or an embedder."""
    for spec in ("hash", "e5"):
        settings = Settings().model_copy(update={"knowledge": Settings().knowledge.model_copy(update={"embedder": spec})})
        kb = KnowledgeBase(settings)
        shipped = SearchIndex.load(preindex_path(settings.knowledge.corpus_dir, kb.embedder.slug))
        assert shipped is not None, f"missing pre-index for {spec}"
        assert shipped.key == kb._keys(), f"stale pre-index for {spec}: rebuild it"


def test_query_tokenizer_matches_the_full_dictionary_on_index_words(kb_settings):
    index = KnowledgeBase(kb_settings)._ready_index()
    vocab = {t for toks in index.tokens for t in toks}
    small = QueryTokenizer(index.lexicon, index.total)
    for q in [*QUERIES, "三公经费超了预算怎么写原因", "编制和实有人数"]:
        assert set(small.words(q)) & vocab == set(words(q)) & vocab, q
    # Not always identical: the full dictionary may join index words into a word the index lacks
    # ("编制数" -> no "数"); on the 188 eval queries 150 give the same index words, recall@5 is unchanged.
    q = "控制率等于实际在职人数除以编制数"
    assert set(small.words(q)) & vocab >= set(words(q)) & vocab
    assert len(index.lexicon) < 20_000  # a lexicon, not the 500k-word dictionary


def test_lexicon_holds_prefixes_of_every_word():
    lexicon, total = lexicon_for(["三公经费"])
    assert {"三", "三公", "三公经费"} <= set(lexicon) and total > 1_000_000


def test_query_rewriting_adds_official_terms_and_finds_what_the_plain_words_miss(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.md").write_text("## 公务接待\n\n公务接待费应严格控制，决算数不得超出预算。\n", encoding="utf-8")
    (folder / "b.md").write_text("## 培训\n\n培训费按计划执行。\n", encoding="utf-8")
    query = "请客吃饭的钱超了"
    assert "公务接待" in expand_query(query) and expand_query(query).startswith(query)
    kb = KnowledgeBase(make_settings(tmp_path, folder))
    index = kb._ready_index()
    assert index.lexical.search(query, 5) == []  # the plain words share nothing with the documents
    assert kb.search(query, k=1, method="lexical")[0].doc == "a.md"


JIEBA_CACHE = r"""
import sys
from pathlib import Path
from assistant.knowledge import KnowledgeBase
from assistant.settings import Settings
s = Settings(data_dir=sys.argv[1], knowledge={"corpus_dir": sys.argv[2]})
KnowledgeBase(s).search("三公经费", k=1)
print(sorted(p.name for p in (Path(sys.argv[1]) / "cache").iterdir()))
"""


@pytest.mark.timeout(300)
def test_jieba_dictionary_cache_lives_in_the_data_dir(tmp_path, corpus):
    data = tmp_path / "data"
    out = subprocess.run([sys.executable, "-c", JIEBA_CACHE, str(data), str(corpus)], capture_output=True,
                         text=True, cwd=ROOT, timeout=300, env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1",
                                                                "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1].replace("'", '"')) == ["jieba.cache"]
