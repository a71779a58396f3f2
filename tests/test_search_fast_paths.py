"""The search's shortcuts give what the plain computations give.

A small knowledge base is scored term by term from merged postings (with per-word caches), a large
one from its candidates' stored fields; the phrasing match groups phrasings by the question terms
they hold and takes shortcuts for articles sharing none or one. Each is checked here against a
plain computation, on the bundled articles and on questions made of random vocabulary words.
"""

from __future__ import annotations

import random

import pytest

from knowledge.bm25 import Alternative, Unit
from knowledge.loader import BUNDLED_DIR, load_or_raise
from knowledge.search import RERANKED, SearchIndex, _PhrasingMatch, _Phrasings


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_or_raise(BUNDLED_DIR))


def _random_units(terms: list[str], rng: random.Random) -> tuple[Unit, ...]:
    """Units with one to three alternatives each: single terms, compound-like term pairs and
    triples (a term may repeat), trust weights below one, borrowed readings, unknown terms."""
    units = []
    for u in range(rng.randint(1, 4)):
        alternatives = []
        for _ in range(rng.randint(1, 3)):
            picked = tuple(rng.choice([*terms, "not-a-term"]) for _ in range(rng.randint(1, 3)))
            weight = rng.choice([1.0, 1.0, 0.9, 0.8, 0.6])
            alternatives.append(Alternative(picked, weight, own=rng.random() < 0.8))
        units.append(Unit(f"w{u}", tuple(alternatives)))
    return tuple(units)


def test_the_small_base_scores_as_the_candidate_path_scores_every_document(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    fielded = index._index
    assert fielded._scan_all
    every = list(range(fielded.n_docs))
    monkeypatch.setattr(fielded, "_candidates", lambda units: every)
    terms = sorted(fielded._term_words)
    rng = random.Random(5)
    for _ in range(300):
        units = _random_units(terms, rng)
        fast = fielded._scores_all(units)
        plain = fielded._scores_of_candidates(units)
        assert fast.keys() == plain.keys()
        # Summed in another order, so equal up to the last bits.
        assert [fast[d] for d in sorted(fast)] == pytest.approx([plain[d] for d in sorted(fast)])
        # Best first, ties by document id.
        best = sorted(fast, key=lambda d: (-fast[d], d))[:RERANKED]
        assert fielded.top(units, k=RERANKED) == [(d, fast[d]) for d in best]


def _plain_phrasing(
    feeds: dict[str, list[tuple[int, int, float]]], total: float, phrasings: _Phrasings
) -> float:
    """Every phrasing sharing a term, summed alternative by alternative (the original loop)."""
    by_phrasing: dict[int, dict[tuple[int, int], float]] = {}
    for term, fed in feeds.items():
        for p in phrasings.holding.get(term, ()):
            by_alt = by_phrasing.setdefault(p, {})
            for u, a, share in fed:
                by_alt[u, a] = by_alt.get((u, a), 0.0) + share
    best = 0.0
    for p, by_alt in by_phrasing.items():
        per_unit: dict[int, float] = {}
        for (u, _), score in by_alt.items():
            per_unit[u] = max(per_unit.get(u, 0.0), score)
        matched = sum(per_unit.values())
        best = max(best, min(matched / total, matched / phrasings.weights[p]))
    return min(1.0, best)


def test_the_phrasing_match_is_that_of_every_phrasing_taken_in_turn(index: SearchIndex) -> None:
    rng = random.Random(8)
    vocabulary = list(index._index.document_frequency())
    questions = [" ".join(rng.sample(vocabulary, rng.randint(1, 5))) for _ in range(300)]
    questions += ["hva er markedsdialog", "en-til-en møter", "behov kartlegging", "pilot-e"]
    compared = 0
    for question in questions:
        parsed = index._parser.parse(question)
        if not parsed.known:
            continue
        total = sum(index._importance(u) for u in parsed.units)
        feeds = index._feeds(parsed.known)
        match = _PhrasingMatch(feeds, importance_total=total)
        for doc in range(index._index.n_docs):
            # Exactly: the shortcuts divide and compare the same floats.
            assert index._phrasing(match, doc) == _plain_phrasing(
                feeds, total, index._phrasings(doc)
            )
            compared += 1
    assert compared > 5_000
