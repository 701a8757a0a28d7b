"""Build the shipped corpus pre-index: ``python -m assistant.knowledge.preindex [--embedder hash e5]``.

Ingests ``settings.knowledge.corpus_dir`` into a temporary data directory (the real chunking, tokenising
and embedding path) and saves its search snapshot as ``<corpus_dir>/.index/<embedder slug>.npz``. A fresh
data directory then copies that file instead of embedding the corpus (see ``snapshot.py``). The file is
keyed by the corpus version, the chunking settings and the embedder and tokenizer versions; when any of
them changes the file is ignored (and ``tests/knowledge/test_kb_snapshot.py`` says to rebuild it).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from assistant.knowledge.base import KnowledgeBase
from assistant.knowledge.snapshot import PREINDEX_DIR, SearchIndex, preindex_path
from assistant.settings import Settings


def build_preindex(settings: Settings, embedder: str | None = None) -> Path:
    """Write the pre-index of the corpus for ``embedder`` (default: the settings' one); returns its path."""
    knowledge = settings.knowledge.model_copy(update={"embedder": embedder or settings.knowledge.embedder})
    corpus_dir = Path(knowledge.corpus_dir)
    with tempfile.TemporaryDirectory(prefix="kb-preindex-") as tmp:
        s = settings.model_copy(update={"data_dir": Path(tmp), "chroma_url": None, "knowledge": knowledge})
        kb = KnowledgeBase(s)
        kb._preindex_cache = None  # never copy an older pre-index: embed and tokenise for real
        kb.ensure_corpus()
        index = SearchIndex.load(kb.snapshot_path)
        if index is None:
            raise RuntimeError("corpus snapshot was not written")
        out = preindex_path(corpus_dir, kb.embedder.slug)
        out.parent.mkdir(parents=True, exist_ok=True)
        index.generation = 0
        index.save(out)
    return out


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", nargs="*", default=None, help="embedder specs (default: the configured one)")
    args = parser.parse_args()
    settings = Settings()
    for spec in args.embedder or [settings.knowledge.embedder]:
        path = build_preindex(settings, spec)
        print(f"{spec}: {path} ({path.stat().st_size // 1024} KiB) in {PREINDEX_DIR}/")


if __name__ == "__main__":
    main()
