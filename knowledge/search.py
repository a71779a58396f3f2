"""Search over the knowledge base: ranked hits with a calibrated confidence, or abstention.

Built once at start-up from a KnowledgeBase (see `knowledge/bm25.py` for the index). A question is
read into units (`knowledge/query.py`); the index ranks candidate articles by BM25F over title,
phrasings, tags and body; the best dozen are re-ranked by BM25F plus phrasing match, and each gets
its signals (`knowledge/calibration.py`):

- `lexical`: its BM25F score over the most the question could score (unknown words included),
- `phrasing`: how closely the question matches the article's closest phrasing, title or tag,
- `coverage`: the share of the question's meaningful words the knowledge base knows at all,
- `margin`: the top hit's lead over the runner-up.

A logistic model turns them into the probability that the article answers the question; below
the threshold the bot abstains. Hits are in ranking order, their confidences never increasing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import overload

from knowledge.analysis import Analyzer, exact_term
from knowledge.bm25 import Field, FieldedIndex, Unit
from knowledge.calibration import DEFAULT_CALIBRATION, Calibration, Signals
from knowledge.compounds import MIN_PART, CompoundSplitter
from knowledge.model import Article, KnowledgeBase
from knowledge.normalize import count_words, words
from knowledge.query import ParsedQuery, QueryParser
from knowledge.stopwords import STOPWORDS
from knowledge.typos import TypoMatcher

DEFAULT_THRESHOLD = 0.5
# Ranking parameters, chosen on the knowledge base's own phrasings held out in turn
# (bench/calibrate.py --tune): moderate values near the best, not the noisy optimum.
PART_WEIGHT = 0.5
PHRASING_WEIGHT = 0.25
FIELDS = (
    Field("title", weight=3.0, b=0.5),
    Field("questions", weight=1.0, b=0.75),
    Field("tags", weight=2.0, b=0.2),
    Field("body", weight=0.5, b=0.3, head=False),
)
RERANKED = 12
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)|https?://\S+")


@dataclass(frozen=True)
class _Phrasings:
    """An article's phrasings, titles and tags: each one's IDF weight, lightest first, and which
    hold each term (so the first of them is the lightest)."""

    weights: tuple[float, ...]
    holding: dict[str, tuple[int, ...]]


class _PhrasingMatch:
    """What a phrasing holding some of the question's terms matches of the question.

    The terms are numbered in the question's order, a set of them is a bit mask (term i is bit i),
    and each set's match is computed once per question, however many phrasings of the re-ranked
    articles hold just that set.
    """

    def __init__(
        self, feeds: dict[str, list[tuple[int, int, float]]], importance_total: float
    ) -> None:
        self.importance_total = importance_total
        self.bits = {term: 1 << i for i, term in enumerate(feeds)}
        self._feeds = list(feeds.values())
        # A phrasing holding one term, which feeds one reading alone, matches that term's share:
        # what `matched` would sum, without its dicts.
        self._matched = {1 << i: fed[0][2] for i, fed in enumerate(self._feeds) if len(fed) == 1}

    def matched(self, terms: int) -> float:
        """The question's IDF weight a phrasing holding `terms` (a mask of `bits`) matches: per
        question word, the share of its best reading whose terms the phrasing holds."""
        matched = self._matched.get(terms)
        if matched is None:
            by_alt: dict[tuple[int, int], float] = {}
            for i, fed in enumerate(self._feeds):
                if terms >> i & 1:
                    for u, a, share in fed:
                        by_alt[u, a] = by_alt.get((u, a), 0.0) + share
            per_unit: dict[int, float] = {}
            for (u, _), score in by_alt.items():
                per_unit[u] = max(per_unit.get(u, 0.0), score)
            matched = self._matched[terms] = sum(per_unit.values())
        return matched


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


def _document(article: Article) -> dict[str, str]:
    body = f"{article.body_nb}\n{article.body_en}"
    if "](" in body or "://" in body:  # (the search is slow on long bodies without either)
        body = _LINK_TARGET.sub("]", body)
    return {
        "title": f"{article.title}\n{article.title_en}",
        "questions": "\n".join(article.questions),
        "tags": "\n".join(article.tags),
        "body": body,
    }


class _Documents(Sequence[Mapping[str, str]]):
    """The articles as index documents, each made when it is read (by whichever worker reads it),
    so that all of them are never in memory at once."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles

    def __len__(self) -> int:
        return len(self._articles)

    @overload
    def __getitem__(self, i: int) -> Mapping[str, str]: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Mapping[str, str]]: ...

    def __getitem__(self, i: int | slice) -> Mapping[str, str] | Sequence[Mapping[str, str]]:
        if isinstance(i, slice):
            return [_document(a) for a in self._articles[i]]
        return _document(self._articles[i])


@dataclass(frozen=True)
class Tuning:
    """The ranking's free parameters (chosen on held-out phrasings by bench/calibrate.py --tune)."""

    fields: tuple[Field, ...] = FIELDS
    # Ranking score: lexical + phrasing_weight * phrasing.
    phrasing_weight: float = PHRASING_WEIGHT
    # Compound parts inside an indexed word count for less than the word written on its own.
    part_weight: float = PART_WEIGHT


class SearchIndex:
    """Built once at start-up from a KnowledgeBase; `search` is then read-only and fast."""

    def __init__(
        self,
        kb: KnowledgeBase,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        stems: str = "both",
        tuning: Tuning = Tuning(),
        calibration: Calibration = DEFAULT_CALIBRATION,
    ) -> None:
        self.threshold = threshold
        self._tuning = tuning
        self._calibration = calibration
        self._articles = sorted(kb.articles.values(), key=lambda a: a.slug)
        self._analyzer = Analyzer(stems)
        documents = _Documents(self._articles)
        self._index = FieldedIndex(tuning.fields, documents, count_words, skip=STOPWORDS)
        vocabulary = self._index.document_frequency()
        self._splitter = CompoundSplitter(vocabulary)
        self._index.add_term_words(self._term_words(vocabulary))
        typos = TypoMatcher(vocabulary)
        self._parser = QueryParser(self._index, self._analyzer, vocabulary, self._splitter, typos)
        self._word_terms = lru_cache(maxsize=100_000)(self._word_terms_uncached)
        # Analysed phrasings of recently ranked articles (all of them, for a small base).
        self._phrasings = lru_cache(maxsize=4_096)(self._phrasings_uncached)

    def _term_words(self, vocabulary: dict[str, int]) -> Iterable[tuple[str, str, float]]:
        # Compound parts are vocabulary words, so one batch of stems serves both.
        terms = self._analyzer.terms_of_all(vocabulary)
        part_weight = self._tuning.part_weight
        split = self._splitter.split
        for word in vocabulary:
            yield exact_term(word), word, 1.0
            for term in terms[word]:
                yield term, word, 1.0
            if len(word) >= 2 * MIN_PART and not word.isdigit():
                for part in split(word) or ():
                    for term in terms[part]:
                        yield term, word, part_weight

    def search(self, query: str, limit: int = 5) -> SearchResult:
        """Rank articles for `query`; at most `limit` hits, best first."""
        ranked = self._ranked(self._parser.parse(query), limit)
        hits: list[Hit] = []
        ceiling = 1.0
        probability = self._calibration.probability
        for doc, signals in ranked:
            # Probabilities follow the ranking: a lower-ranked hit never shows more confidence.
            ceiling = min(ceiling, probability(signals))
            article = self._articles[doc]
            hits.append(Hit(article.slug, article.title, article.title_en, round(ceiling, 4)))
        abstained = not hits or hits[0].score < self.threshold
        return SearchResult(query=query, hits=tuple(hits), abstained=abstained)

    def signals(self, query: str, limit: int = RERANKED) -> list[tuple[str, Signals]]:
        """The ranked candidates for `query` with their signals (for calibration and benchmarks)."""
        ranked = self._ranked(self._parser.parse(query), limit)
        return [(self._articles[doc].slug, signals) for doc, signals in ranked]

    def _ranked(self, parsed: ParsedQuery, limit: int) -> list[tuple[int, Signals]]:
        """The best `limit` of the re-ranked candidates, with their signals."""
        known = parsed.known
        if not known:
            return []
        importance = [self._importance(u) for u in parsed.units]
        total = sum(importance)
        coverage = (
            sum(i for u, i in zip(parsed.units, importance, strict=True) if u.alternatives) / total
        )
        match = _PhrasingMatch(self._feeds(known), importance_total=total)
        # (-rank, doc, ...): sorted best first, ties by slug (doc ids are in slug order).
        scored: list[tuple[float, int, float, float]] = []
        for doc, score in self._index.top(known, k=RERANKED):
            lexical = score / total
            phrasing = self._phrasing(match, doc)
            rank = lexical + self._tuning.phrasing_weight * phrasing
            scored.append((-rank, doc, lexical, phrasing))
        scored.sort()
        out: list[tuple[int, Signals]] = []
        for i, (negated, doc, lexical, phrasing) in enumerate(scored[:limit]):
            # The top hit's lead over the runner-up; for the others, how far behind the top.
            other = -scored[1][0] if i == 0 and len(scored) > 1 else (-scored[0][0] if i else 0.0)
            # Scaled by coverage: a lone weak match to half a question is no clear winner.
            margin = (-negated - other) * coverage
            out.append((doc, Signals(lexical, phrasing, coverage, margin)))
        return out

    def _importance(self, unit: Unit) -> float:
        """How much a word weighs in the question: the IDF of its best reading, or the maximum."""
        idf = self._index.idf
        own = [sum(map(idf, a.terms)) / len(a.terms) for a in unit.alternatives if a.own]
        return max(own) if own else idf("")

    def _word_terms_uncached(self, word: str) -> tuple[frozenset[str], float]:
        terms = set(self._analyzer.terms(word))
        if len(word) >= 2 * MIN_PART:
            for part in self._splitter.split(word) or ():
                terms.update(self._analyzer.terms(part))
        weight = max(self._index.idf(t) for t in self._analyzer.terms(word))
        return frozenset(terms), weight

    def _phrasings_uncached(self, doc: int) -> _Phrasings:
        """The article's title, phrasings and tags (stop words left out) as their IDF weights, and
        per term the phrasings holding it: a question then visits only the phrasings it shares."""
        article = self._articles[doc]
        weighed: list[tuple[float, set[str]]] = []
        for phrasing in (article.title, article.title_en, *article.questions, *article.tags):
            terms: set[str] = set()
            weight = 0.0
            for word in words(phrasing):
                if word not in STOPWORDS:
                    word_terms, word_weight = self._word_terms(word)
                    terms |= word_terms
                    weight += word_weight
            if terms:
                weighed.append((weight, terms))
        weighed.sort(key=itemgetter(0))
        holding: dict[str, list[int]] = {}
        for p, (_, terms) in enumerate(weighed):
            for term in terms:
                holding.setdefault(term, []).append(p)
        return _Phrasings(
            tuple(weight for weight, _ in weighed), {t: tuple(ps) for t, ps in holding.items()}
        )

    def _feeds(self, units: tuple[Unit, ...]) -> dict[str, list[tuple[int, int, float]]]:
        """Where each query term feeds: (unit, alternative, its share of that alternative's score)."""
        feeds: dict[str, list[tuple[int, int, float]]] = {}
        for u, unit in enumerate(units):
            for a, alt in enumerate(unit.alternatives):
                for term in alt.terms:
                    share = alt.weight * self._index.idf(term) / len(alt.terms)
                    feeds.setdefault(term, []).append((u, a, share))
        return feeds

    def _phrasing(self, match: _PhrasingMatch, doc: int) -> float:
        """How closely the question matches the article's closest phrasing, title or tag: the
        smaller of the two IDF-weighted overlaps (each question word by its best reading).

        Both ways round: the phrasing covers the question and the question the phrasing (one
        shared word with a one-word tag is not a matching question). The smaller of matched / total
        and matched / weight is one division by the larger (the same float: rounding keeps the
        order of the exact quotients), so of phrasings holding the same terms the lightest wins.
        """
        phrasings = self._phrasings(doc)
        holding = phrasings.holding
        bits = match.bits
        shared = holding.keys() & bits.keys()
        if not shared:  # (a third to a half of the re-ranked articles, on the dev questions)
            return 0.0
        total = match.importance_total
        if len(shared) == 1:  # (often) every phrasing sharing a term holds just that one
            (term,) = shared
            weight = phrasings.weights[holding[term][0]]
            return min(1.0, match.matched(bits[term]) / (total if total > weight else weight))
        # Per phrasing sharing a term with the question, which of its terms it holds.
        held: dict[int, int] = {}
        for term in shared:
            bit = bits[term]
            for p in holding[term]:
                held[p] = held.get(p, 0) | bit
        best = 0.0
        weights = phrasings.weights
        for p, terms in held.items():
            weight = weights[p]
            share = match.matched(terms) / (total if total > weight else weight)
            if share > best:
                best = share
        return min(1.0, best)
