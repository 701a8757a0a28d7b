"""Titles and 文号 of the shipped knowledge documents, as data for the review's citation check (PRF002).

The review must not read the knowledge base at run time (rules are pure and fast), so this module extracts each
document's front matter (``title``, ``文号``) once and writes ``assistant/review/reference/known_documents.json``;
a test regenerates it and compares it with the committed copy.

Run: ``python -m assistant.knowledge.doc_numbers`` (rewrites the JSON).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from assistant.knowledge.loaders import parse_front_matter

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "knowledge"
OUTPUT = ROOT / "assistant" / "review" / "reference" / "known_documents.json"

# a title as the knowledge file gives it may carry our own note, e.g. "…意见（摘要）"
_OWN_NOTE = re.compile(r"[（(]摘要[）)]\s*$")
# a 文号 proper: 机关代字〔年份〕序号号 (front matter of laws holds other text, e.g. 国务院令第729号)
_WENHAO = re.compile(r"^[\u4e00-\u9fa5]{1,10}〔(?:19|20)\d{2}〕[1-9]\d*号$")


def known_documents(corpus: Path = CORPUS) -> list[dict[str, str]]:
    """``[{"title", "wenhao", "doc"}]`` for every Markdown document under ``corpus`` whose front matter has a 文号."""
    out: list[dict[str, str]] = []
    for path in sorted(corpus.rglob("*.md")):
        fields, _ = parse_front_matter(path.read_text(encoding="utf-8"))
        wenhao = (fields.get("文号") or "").strip()
        title = _OWN_NOTE.sub("", (fields.get("title") or "").strip())
        if title and _WENHAO.match(wenhao):
            out.append({"title": title, "wenhao": wenhao, "doc": path.relative_to(corpus).as_posix()})
    return out


def render(docs: list[dict[str, str]]) -> str:
    return json.dumps(docs, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    OUTPUT.write_text(render(known_documents()), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
