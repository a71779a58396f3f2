"""BM25F over fielded documents, with postings per folded word and terms as groups of words.

Each document is a few fields (title, phrasings, tags, body) with a weight and a length
normalisation each. BM25F's pseudo term frequency is linear in the words' frequencies, so it is
computed once per (document, word) at build time; a term (a stem, or a compound part) is the
weighted sum of its words' postings, and saturation (k1) and IDF are applied per term at query
time. Postings are compact arrays, so 20 000 articles fit in memory and build in seconds.

Queries touch the shortest postings first and stop reading whole lists after a budget; the terms
left over (the commonest ones, with the lowest IDF) are then scored only on the best candidates,
by binary search. Small knowledge bases never reach the budget and are scored exactly.
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

K1 = 1.2
POSTINGS_BUDGET = 30_000
CANDIDATES = 64


@dataclass(frozen=True)
class Field:
    """A document field: how much a word in it counts, and how strongly its length discounts."""

    name: str
    weight: float
    b: float


@dataclass(frozen=True)
class Alternative:
    """One reading of a query word: its terms (several for a split compound) and a trust weight.

    `own` is false for readings borrowed from neighbouring words (a compound they form together):
    those may match, but do not make the word itself weigh more in the question.
    """

    terms: tuple[str, ...]
    weight: float
    own: bool = True


@dataclass(frozen=True)
class Unit:
    """One meaningful query word, scored by its best-matching alternative."""

    word: str
    alternatives: tuple[Alternative, ...]


class Postings:
    """Documents containing one word (ascending ids) with their BM25F pseudo term frequencies."""

    __slots__ = ("docs", "tfs")

    def __init__(self) -> None:
        self.docs = array("i")
        self.tfs = array("f")

    def get(self, doc: int) -> float:
        i = bisect_left(self.docs, doc)
        return self.tfs[i] if i < len(self.docs) and self.docs[i] == doc else 0.0


class FieldedIndex:
    """Word postings over documents given as {field name: text}; see the module docstring."""

    def __init__(
        self,
        fields: Sequence[Field],
        documents: Sequence[Mapping[str, str]],
        tokenize: Callable[[str], list[str]],
        skip: frozenset[str] = frozenset(),
    ) -> None:
        self.fields = tuple(fields)
        self.n_docs = len(documents)
        self.postings: dict[str, Postings] = {}
        avg = {
            f.name: max(
                1.0, sum(len(d.get(f.name, "")) for d in documents) / max(1, len(documents))
            )
            for f in self.fields
        }
        for doc_id, doc in enumerate(documents):
            local: dict[str, float] = {}
            for field in self.fields:
                text = doc.get(field.name, "")
                if not text:
                    continue
                norm = (1 - field.b) + field.b * len(text) / avg[field.name]
                factor = field.weight / norm
                for word, count in Counter(tokenize(text)).items():
                    if word not in skip:
                        local[word] = local.get(word, 0.0) + count * factor
            for word, ptf in local.items():
                posting = self.postings.get(word)
                if posting is None:
                    posting = self.postings[word] = Postings()
                posting.docs.append(doc_id)
                posting.tfs.append(ptf)
        self.term_words: dict[str, list[tuple[str, float]]] = {}
        self._df: dict[str, int] = {}

    def document_frequency(self) -> dict[str, int]:
        """How many documents each word occurs in."""
        return {word: len(p.docs) for word, p in self.postings.items()}

    def add_term_words(self, pairs: Iterable[tuple[str, str, float]]) -> None:
        """Declare which words make up each term: (term, word, weight) triples; strongest kept."""
        best: dict[str, dict[str, float]] = {}
        for term, word, weight in pairs:
            words = best.setdefault(term, {})
            if weight > words.get(word, 0.0):
                words[word] = weight
        for term, words in best.items():
            self.term_words[term] = sorted(
                words.items(), key=lambda kv: -len(self.postings[kv[0]].docs)
            )
        self._df = {term: self._term_df(term) for term in self.term_words}

    def _term_df(self, term: str) -> int:
        words = self.term_words.get(term, ())
        if len(words) == 1:
            return len(self.postings[words[0][0]].docs)
        seen: set[int] = set()
        for word, _ in words:
            seen.update(self.postings[word].docs)
        return len(seen)

    def df(self, term: str) -> int:
        return self._df.get(term, 0)

    def idf(self, term: str) -> float:
        """BM25 IDF (never negative); a term no document has gets the highest value."""
        df = self._df.get(term, 0)
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def knows(self, term: str) -> bool:
        return term in self.term_words

    def _cost(self, unit: Unit) -> int:
        return sum(
            len(self.postings[w].docs)
            for alt in unit.alternatives
            for t in alt.terms
            for w, _ in self.term_words.get(t, ())
        )

    def _term_tfs(self, term: str) -> dict[int, float]:
        merged: dict[int, float] = {}
        for word, weight in self.term_words.get(term, ()):
            posting = self.postings[word]
            if weight == 1.0 and not merged:
                merged = dict(zip(posting.docs, posting.tfs, strict=True))
                continue
            for doc, tf in zip(posting.docs, posting.tfs, strict=True):
                merged[doc] = merged.get(doc, 0.0) + weight * tf
        return merged

    def _term_tf(self, term: str, doc: int) -> float:
        return sum(
            weight * self.postings[word].get(doc) for word, weight in self.term_words.get(term, ())
        )

    def unit_scores(self, unit: Unit) -> dict[int, float]:
        """Every document's score for one query word (its best alternative)."""
        best: dict[int, float] = {}
        for alt in unit.alternatives:
            part_scores: dict[int, float] = {}
            for term in alt.terms:
                idf = self.idf(term)
                for doc, tf in self._term_tfs(term).items():
                    part_scores[doc] = part_scores.get(doc, 0.0) + idf * tf / (K1 + tf)
            scale = alt.weight / len(alt.terms)
            for doc, score in part_scores.items():
                score *= scale
                if score > best.get(doc, 0.0):
                    best[doc] = score
        return best

    def unit_score(self, unit: Unit, doc: int) -> float:
        """One document's score for one query word."""
        best = 0.0
        for alt in unit.alternatives:
            total = 0.0
            for term in alt.terms:
                tf = self._term_tf(term, doc)
                total += self.idf(term) * tf / (K1 + tf)
            best = max(best, alt.weight * total / len(alt.terms))
        return best

    def max_unit_score(self, unit: Unit) -> float:
        """The most any document could score for this word (its rarest reading, saturated)."""
        return max(
            (
                alt.weight * sum(self.idf(t) for t in alt.terms) / len(alt.terms)
                for alt in unit.alternatives
            ),
            default=0.0,
        )

    def top(self, units: Sequence[Unit], k: int = CANDIDATES) -> list[tuple[int, float]]:
        """The `k` best documents for `units` as (doc id, BM25F score), best first."""
        order = sorted(units, key=self._cost)
        totals: dict[int, float] = {}
        spent = 0
        deferred: list[Unit] = []
        for unit in order:
            cost = self._cost(unit)
            if totals and spent + cost > POSTINGS_BUDGET:
                deferred.append(unit)
                continue
            spent += cost
            for doc, score in self.unit_scores(unit).items():
                totals[doc] = totals.get(doc, 0.0) + score
        if not deferred:
            return heapq.nlargest(k, totals.items(), key=lambda kv: (kv[1], -kv[0]))
        # Common words left over: score them on a generous shortlist only.
        shortlist = heapq.nlargest(k * 4, totals.items(), key=lambda kv: (kv[1], -kv[0]))
        rescored = {
            doc: score + sum(self.unit_score(u, doc) for u in deferred) for doc, score in shortlist
        }
        return heapq.nlargest(k, rescored.items(), key=lambda kv: (kv[1], -kv[0]))
