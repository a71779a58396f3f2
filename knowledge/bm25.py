"""BM25F over fielded documents: a forward index for scoring, an inverted one to find candidates.

Each document is a few fields (title, phrasings, tags, body) with a weight and a length
normalisation each. Each document's fields are stored as compact arrays (word keys, counts) with
the field's weight-over-length factor; BM25F's pseudo term frequency is linear in these, so it is
summed at query time for the few candidates. A term (a stem, or a compound part) is a weighted
group of words; saturation (k1) and IDF are applied per term.

Finding candidates: a small knowledge base is scored whole, from each term's postings (its words'
in every field merged, with the term's score per document; made once per term, when a question
first uses it). A large one is searched through an inverted index of the short fields only (title,
phrasings, tags: what an article is about), reading the shortest postings first within a budget;
only the best candidates are scored in full.

Building (`knowledge/indexing.py`) touches each (document, word) pair only through C-level
operations, and as few lookups in tables of the whole vocabulary as it can (at 20 000 articles those
lookups miss the CPU caches and cost more than reading the text); a large knowledge base is read
on all CPUs.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import itemgetter, sub, truediv

from knowledge.forked import workers_for
from knowledge.indexing import Reader

K1 = 1.2
SCAN_ALL_BELOW = 400  # documents; smaller knowledge bases are scored in full
EXACT_TERM_DF_BELOW = 2_000
POSTINGS_BUDGET = 15_000
CANDIDATES = 150


# A query word key's contribution: (unit, alternative, term position, weight).
_Feed = tuple[int, int, int, float]
# Pseudo term frequency per (unit, alternative, term position) in one document.
_TermTf = dict[tuple[int, int, int], float]


@dataclass(frozen=True)
class _TermPostings:
    """One term over a small knowledge base: per document holding it, its BM25F pseudo term
    frequency (its words' weighted frequencies, every field) and its score IDF * tf / (K1 + tf)."""

    tfs: dict[int, float]
    scores: dict[int, float]


@dataclass(frozen=True)
class Field:
    """A document field: how much a word in it counts, and how strongly its length discounts.

    `head` fields (short, descriptive) also feed the inverted index used to find candidates.
    """

    name: str
    weight: float
    b: float
    head: bool = True


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


class FieldedIndex:
    """See the module docstring. `count_words(text)` gives {folded word: count} for a field, in
    order of first occurrence (a new dict).

    Words are known by `word_key(word)`, by default their hash: Python keeps a string's hash,
    so recording a word costs no lookup in a table of all words. Should two words of the
    vocabulary share a key, the index is built again with the words numbered instead. `workers`:
    processes to read the documents with (default: the CPUs, for a large knowledge base).
    """

    def __init__(
        self,
        fields: Sequence[Field],
        documents: Sequence[Mapping[str, str]],
        count_words: Callable[[str], dict[str, int]],
        skip: frozenset[str] = frozenset(),
        word_key: Callable[[str], int] = hash,
        workers: int | None = None,
    ) -> None:
        self.fields = tuple(fields)
        self.n_docs = len(documents)
        workers = workers_for(self.n_docs) if workers is None else workers
        self._build(documents, count_words, skip, word_key, workers)
        if len(self._key_df) < len(self._word_df):
            numbered = {word: i for i, word in enumerate(self._word_df)}
            self._build(documents, count_words, skip, numbered.__getitem__, workers)
        self._term_words: dict[str, tuple[tuple[int, float], ...]] = {}
        self._term_df: dict[str, int] = {}
        # IDF per known term, kept once a question has used it (a log each time added up).
        self._idf: dict[str, float] = {}
        # A small knowledge base is scored whole, through postings of every field: a question
        # then touches only the (document, field) pairs holding its words.
        self._scan_all = self.n_docs < SCAN_ALL_BELOW
        self._postings = self._all_postings() if self._scan_all else {}
        # Per known term, its postings over every field merged (filled as questions use them).
        self._term_postings: dict[str, _TermPostings] = {}
        # Per word's readings (questions repeat words), their best score per document of a small
        # knowledge base (under SCAN_ALL_BELOW numbers each).
        self._best_alternatives = lru_cache(maxsize=1_024)(self._best_alternatives_uncached)

    def _build(
        self,
        documents: Sequence[Mapping[str, str]],
        count_words: Callable[[str], dict[str, int]],
        skip: frozenset[str],
        word_key: Callable[[str], int],
        workers: int,
    ) -> None:
        head = tuple(field.head for field in self.fields)
        reader = Reader(tuple(f.name for f in self.fields), head, count_words, skip, word_key)
        read = reader.read_all(documents, workers)
        self._key = word_key
        # Per field, all documents' word keys and counts end to end (document d's run is
        # starts[d]:starts[d + 1]), and each document's BM25F factor (weight over length
        # normalisation). Fields are kept apart so no Python loop ever merges them; flat arrays
        # rather than one per document keep the garbage collector's work small.
        self._words, self._counts, self._starts = read.words, read.counts, read.starts
        self._factors = []
        for field, lengths in zip(self.fields, read.text_lengths, strict=True):
            average = max(1.0, sum(lengths) / max(1, self.n_docs))
            self._factors.append(
                array(
                    "f",
                    [field.weight / ((1 - field.b) + field.b * n / average) for n in lengths],
                )
            )
        # Document frequency per word, the words in order of first appearance.
        self._word_df = read.df
        self._key_df = dict(zip(map(word_key, read.df), read.df.values(), strict=True))
        self._head = read.postings

    def _all_postings(self) -> dict[int, tuple[tuple[int, float], ...]]:
        """Per word key, (document, weighted term frequency) for every field it occurs in."""
        postings: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
        for f in range(len(self.fields)):
            words, counts, starts, factors = (
                self._words[f], self._counts[f], self._starts[f], self._factors[f]
            )
            for doc in range(self.n_docs):
                factor = factors[doc]
                for i in range(starts[doc], starts[doc + 1]):
                    postings[words[i]].append((doc, counts[i] * factor))
        return {wid: tuple(entries) for wid, entries in postings.items()}

    def _field_words(self, f: int, doc: int) -> array:  # type: ignore[type-arg]
        """Document `doc`'s word keys in field `f` (a copy)."""
        starts = self._starts[f]
        return self._words[f][starts[doc] : starts[doc + 1]]

    def document_frequency(self) -> dict[str, int]:
        """How many documents each word occurs in (words in order of first appearance)."""
        return dict(self._word_df)

    def add_term_words(self, triples: Iterable[tuple[str, str, float]]) -> None:
        """Declare which words make up each term: (term, word, weight); the strongest weight wins."""
        best: dict[str, dict[int, float]] = {}
        key = self._key
        for term, word, weight in triples:
            words = best.get(term)
            if words is None:
                words = best[term] = {}
            wid = key(word)
            if weight > words.get(wid, 0.0):
                words[wid] = weight
        self._term_words = {term: tuple(words.items()) for term, words in best.items()}
        self._term_df = self._count_term_documents()
        self._idf.clear()
        self._term_postings.clear()
        self._best_alternatives.cache_clear()

    def _count_term_documents(self) -> dict[str, int]:
        """Document frequency per term (a term's words may share documents).

        Exact for a knowledge base of up to EXACT_TERM_DF_BELOW articles (a pass over every
        document's words); above that, estimated from its words' frequencies as if they occurred
        independently, which saves seconds of start-up and moves IDF only slightly.
        """
        key_df = self._key_df
        single = {t: ws[0][0] for t, ws in self._term_words.items() if len(ws) == 1}
        multi = [t for t, ws in self._term_words.items() if len(ws) > 1]
        out = {t: key_df[w] for t, w in single.items()}
        if self.n_docs >= EXACT_TERM_DF_BELOW:
            n = self.n_docs
            for term in multi:
                dfs = [key_df[wid] for wid, _ in self._term_words[term]]
                # The product of (1 - df / n), multiplied in the words' order.
                absent = math.prod(map(sub, repeat(1.0), map(truediv, dfs, repeat(n))))
                out[term] = max(max(dfs), round(n * (1.0 - absent)))
            return out
        term_ids = {t: i for i, t in enumerate(multi)}
        of_word: defaultdict[int, list[int]] = defaultdict(list)
        for term in multi:
            for wid, _ in self._term_words[term]:
                of_word[wid].append(term_ids[term])
        lookup = {w: tuple(of_word.get(w, ())) for w in key_df}
        counted: Counter[int] = Counter()
        fields = range(len(self.fields))
        for doc in range(self.n_docs):
            word_ids = chain.from_iterable(self._field_words(f, doc) for f in fields)
            counted.update(set(chain.from_iterable(map(lookup.__getitem__, word_ids))))
        out.update({t: counted[i] for t, i in term_ids.items()})
        return out

    def df(self, term: str) -> int:
        return self._term_df.get(term, 0)

    def idf(self, term: str) -> float:
        """BM25 IDF (never negative); a term no document has gets the highest value."""
        idf = self._idf.get(term)
        if idf is None:
            df = self._term_df.get(term, 0)
            idf = math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
            if term in self._term_df:  # (kept for known terms only: questions bring any words)
                self._idf[term] = idf
        return idf

    def knows(self, term: str) -> bool:
        return term in self._term_words

    def top(self, units: Sequence[Unit], k: int = 12) -> list[tuple[int, float]]:
        """The `k` best documents for `units` as (doc id, BM25F score), best first."""
        scores = self._scores_all(units) if self._scan_all else self._scores_of_candidates(units)
        # Best first, ties by document id (the sort is stable), with no key function of our own.
        best = sorted(sorted(scores), key=scores.__getitem__, reverse=True)[:k]
        return [(doc, scores[doc]) for doc in best]

    def _scores_all(self, units: Sequence[Unit]) -> dict[int, float]:
        """BM25F score per matching document of the whole (small) knowledge base: per unit, its
        best alternative's score, summed over the units."""
        if not units:
            return {}
        # Starting from the first unit's scores is the same as adding them to zero.
        totals = dict(self._unit_scores(units[0]))
        for unit in units[1:]:
            for doc, score in self._unit_scores(unit).items():
                totals[doc] = totals.get(doc, 0.0) + score
        return totals

    def _unit_scores(self, unit: Unit) -> Mapping[int, float]:
        """Per matching document, the score of the unit's best-matching alternative there."""
        if len(unit.alternatives) == 1:
            return self._alternative_scores(unit.alternatives[0])
        return self._best_alternatives(unit.alternatives)

    def _best_alternatives_uncached(
        self, alternatives: tuple[Alternative, ...]
    ) -> Mapping[int, float]:
        """Per matching document, the best of the alternatives' scores (a new dict)."""
        best: dict[int, float] = {}
        for alt in alternatives:
            for doc, score in self._alternative_scores(alt).items():
                if score > best.get(doc, 0.0):
                    best[doc] = score
        return best

    def _alternative_scores(self, alt: Alternative) -> Mapping[int, float]:
        """Per matching document, an alternative's score: its weight times the average over its
        terms (a compound's parts) of IDF * tf / (K1 + tf)."""
        if alt.weight == 1.0 and len(alt.terms) == 1:
            # The formula below with its factors of one left out: the same floats, precomputed.
            return self._postings_of(alt.terms[0]).scores
        scores: dict[int, float] = {}
        n = len(alt.terms)
        for term in alt.terms:
            idf = self.idf(term)
            for doc, tf in self._postings_of(term).tfs.items():
                scores[doc] = scores.get(doc, 0.0) + alt.weight * idf * tf / (K1 + tf) / n
        return scores

    def _postings_of(self, term: str) -> _TermPostings:
        """The documents holding `term` (a small knowledge base's), with its frequency and score."""
        postings = self._term_postings.get(term)
        if postings is None:
            tfs: dict[int, float] = {}
            for wid, weight in self._term_words.get(term, ()):
                for doc, tf in self._postings.get(wid, ()):
                    tfs[doc] = tfs.get(doc, 0.0) + weight * tf
            idf = self.idf(term)
            scores = {doc: idf * tf / (K1 + tf) for doc, tf in tfs.items()}
            postings = _TermPostings(tfs, scores)
            if term in self._term_words:  # (kept for known terms only)
                self._term_postings[term] = postings
        return postings

    def _scores_of_candidates(self, units: Sequence[Unit]) -> dict[int, float]:
        """BM25F score per candidate document of a large knowledge base (see `_candidates`)."""
        # Where each query word id feeds: (unit, alternative, term position, weight).
        feeds: defaultdict[int, list[_Feed]] = defaultdict(list)
        for u, unit in enumerate(units):
            for a, alt in enumerate(unit.alternatives):
                for t, term in enumerate(alt.terms):
                    for wid, weight in self._term_words.get(term, ()):
                        feeds[wid].append((u, a, t, weight))
        if not feeds:
            return {}
        idfs = [[[self.idf(t) for t in alt.terms] for alt in unit.alternatives] for unit in units]
        scores: dict[int, float] = {}
        for doc, term_tf in self._term_frequencies_of(self._candidates(units), feeds).items():
            by_alt: dict[tuple[int, int], float] = {}
            for (u, a, t), tf in term_tf.items():
                # A compound's parts average: each counts 1/len(terms) of the alternative.
                alt = units[u].alternatives[a]
                part = alt.weight * idfs[u][a][t] * tf / (K1 + tf) / len(alt.terms)
                by_alt[u, a] = by_alt.get((u, a), 0.0) + part
            per_unit: dict[int, float] = {}
            for (u, _), score in by_alt.items():
                if score > per_unit.get(u, 0.0):
                    per_unit[u] = score
            scores[doc] = sum(per_unit.values())
        return scores

    def _term_frequencies_of(
        self, candidates: Iterable[int], feeds: Mapping[int, list[_Feed]]
    ) -> dict[int, _TermTf]:
        """BM25F pseudo term frequencies for the candidates, read from their stored fields."""
        out: dict[int, _TermTf] = {}
        query_words = frozenset(feeds)
        for doc in candidates:
            term_tf: _TermTf = {}
            for f in range(len(self.fields)):
                starts = self._starts[f]
                start = starts[doc]
                word_ids = self._words[f][start : starts[doc + 1]]
                common = query_words.intersection(word_ids)
                if not common:
                    continue
                counts, factor = self._counts[f], self._factors[f][doc]
                for wid in common:
                    tf = counts[start + word_ids.index(wid)] * factor
                    for u, a, t, weight in feeds[wid]:
                        key = (u, a, t)
                        term_tf[key] = term_tf.get(key, 0.0) + weight * tf
            if term_tf:
                out[doc] = term_tf
        return out

    def _candidates(self, units: Sequence[Unit]) -> list[int]:
        """Documents whose short fields match the question best (rarest words read first)."""
        unit_docs: list[tuple[int, float, list[array]]] = []  # type: ignore[type-arg]
        for unit in units:
            lists = [
                self._head[wid]
                for alt in unit.alternatives
                for term in alt.terms
                for wid, _ in self._term_words.get(term, ())
                if wid in self._head
            ]
            cost = sum(len(p) for p in lists)
            if lists:
                unit_docs.append(
                    (cost, max(self.idf(t) for a in unit.alternatives for t in a.terms), lists)
                )
        unit_docs.sort(key=itemgetter(0))
        votes: dict[int, float] = {}
        spent = 0
        for cost, idf, lists in unit_docs:
            if votes and spent + cost > POSTINGS_BUDGET:
                break
            spent += cost
            for doc in set(chain.from_iterable(lists)):
                votes[doc] = votes.get(doc, 0.0) + idf
        return [doc for doc, _ in heapq.nlargest(CANDIDATES, votes.items(), key=itemgetter(1))]
