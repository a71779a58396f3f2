"""Search over the knowledge base: ranked hits with a calibrated confidence, or abstention.

Interim implementation (token overlap); the full engine replaces the internals, not the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.model import KnowledgeBase

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Hit:
    """One ranked article with its confidence in [0, 1]."""

    slug: str
    title: str
    title_en: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    """The ranked hits for a query, best first, and whether the bot should say "I don't know"."""

    query: str
    hits: tuple[Hit, ...]
    abstained: bool

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


def _tokens(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


class SearchIndex:
    """Built once at start-up from a KnowledgeBase; `search` is then read-only and fast."""

    def __init__(self, kb: KnowledgeBase, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._kb = kb
        self._docs = {
            a.slug: _tokens(" ".join((a.title, a.title_en, *a.questions, *a.tags))) for a in kb.articles.values()
        }

    def search(self, query: str, limit: int = 5) -> SearchResult:
        """Rank articles for `query`; at most `limit` hits."""
        q = _tokens(query)
        scored = []
        for slug, doc in self._docs.items():
            if q and doc:
                overlap = len(q & doc) / len(q)
                if overlap > 0:
                    scored.append((overlap, slug))
        scored.sort(key=lambda x: (-x[0], x[1]))
        hits = tuple(
            Hit(s, self._kb.articles[s].title, self._kb.articles[s].title_en, round(sc, 4)) for sc, s in scored[:limit]
        )
        return SearchResult(query=query, hits=hits, abstained=not hits or hits[0].score < self.threshold)
