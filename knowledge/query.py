"""From a typed question to query units: meaningful words, each with the readings it may have.

A word's readings: its stems (both languages); its compound parts ("leverandørdialog" ->
"leverandør" + "dialog"); vocabulary words a typo away ("behovskartleging"); and compounds formed
with its neighbours ("behov kartlegging", "en til en"). Stop words and request filler are dropped;
words the knowledge base has never seen stay as units without readings, so they count against
the confidence instead of vanishing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from knowledge.analysis import Analyzer, exact_term
from knowledge.bm25 import Alternative, FieldedIndex, Unit
from knowledge.compounds import MIN_PART, CompoundSplitter
from knowledge.normalize import query_words
from knowledge.stopwords import FRAMED_AFTER, STOPWORDS
from knowledge.typos import TypoMatcher

# How much a reading is trusted, relative to the word as typed.
PARTS_OF_KNOWN_WORD = 0.8  # "behovskartlegging" also matching "kartlegging av behov"
PARTS_OF_UNKNOWN_WORD = 0.9  # "leverandørdialog" read as "leverandør" + "dialog"
JOINED_WITH_NEIGHBOUR = 1.0  # "behov kartlegging" read as "behovskartlegging"
_LINKERS = ("", "s", "e")


@dataclass(frozen=True)
class ParsedQuery:
    """The meaningful words of a question; `units` without alternatives are unknown words."""

    units: tuple[Unit, ...]

    @property
    def known(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.alternatives)

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(u.word for u in self.units if not u.alternatives)


class QueryParser:
    """Reads questions against one index's vocabulary."""

    def __init__(
        self,
        index: FieldedIndex,
        analyzer: Analyzer,
        vocabulary: Mapping[str, int],
        splitter: CompoundSplitter,
        typos: TypoMatcher,
    ) -> None:
        self._index = index
        self._analyzer = analyzer
        self._vocab = vocabulary
        self._splitter = splitter
        self._typos = typos
        # A word's readings, and its unit when read on its own, depend on the vocabulary only;
        # questions repeat most words.
        self._readings = lru_cache(maxsize=100_000)(self._readings_uncached)
        self._unit = lru_cache(maxsize=100_000)(self._unit_uncached)

    def parse(self, text: str) -> ParsedQuery:
        """Split `text` into units; stop words dropped, at most one unit per distinct word."""
        tokens, hyphenated = self._tokens(text)
        joins = self._joins(tokens)
        extra: dict[int, list[str]] = {}
        units: dict[str, Unit] = {}
        readings = {w: self._readings(w) for w in tokens if w not in STOPWORDS}
        for word in hyphenated:
            # A hyphenated name ("Pilot-E", "e-handel") is matched as written before its stems.
            readings[word] = (Alternative((exact_term(word),), 1.0), *readings[word])
        for start, end, joined in joins:
            content = [i for i in range(start, end) if tokens[i] not in STOPWORDS]
            if not content:
                units.setdefault(joined, Unit(joined, self._readings(joined)))
            elif any(not readings[tokens[i]] for i in content) or len(content) < end - start:
                # Join only what does not stand on its own ("markeds dialog", "start up"): two
                # known words written apart already match their compound through its parts.
                for i in content:
                    extra.setdefault(i, []).append(joined)
        for i, word in enumerate(tokens):
            if word in STOPWORDS or word in units:
                continue
            if i not in extra and word not in hyphenated:
                units[word] = self._unit(word)  # (most words: their own readings only)
                continue
            own = list(readings[word])
            for joined in extra.get(i, ()):
                own.extend(
                    Alternative((t,), JOINED_WITH_NEIGHBOUR, own=False)
                    for t in self._known_terms(joined)
                )
            units[word] = Unit(word, tuple(own))
        return ParsedQuery(tuple(units.values()))

    def _tokens(self, text: str) -> tuple[list[str], set[str]]:
        """The question's words, and which of them were written hyphenated (and are known so)."""
        tokens: list[str] = []
        hyphenated: set[str] = set()
        for parts in query_words(text):
            if len(parts) == 1:  # (most words)
                if len(parts[0]) > 1 and not (tokens and (tokens[-1], parts[0]) in FRAMED_AFTER):
                    tokens.append(parts[0])
                continue
            joined = "".join(parts)
            if joined in self._vocab:
                tokens.append(joined)
                if joined not in STOPWORDS:
                    hyphenated.add(joined)
            else:
                tokens.extend(p for p in parts if len(p) > 1)
        return tokens, hyphenated

    def _joins(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        """Runs of two or three adjacent words that the knowledge base writes as one word."""
        found: list[tuple[int, int, str]] = []
        for i in range(len(tokens) - 1):
            for linker in _LINKERS:
                joined = tokens[i] + linker + tokens[i + 1]
                if joined in self._vocab:
                    found.append((i, i + 2, joined))
                    break
            if i + 2 < len(tokens):
                joined = tokens[i] + tokens[i + 1] + tokens[i + 2]
                if joined in self._vocab:
                    found.append((i, i + 3, joined))
        return found

    def _known_terms(self, word: str) -> list[str]:
        return [t for t in self._analyzer.terms(word) if self._index.knows(t)]

    def _part_terms(self, parts: tuple[str, ...]) -> tuple[str, ...] | None:
        terms: list[str] = []
        for part in parts:
            known = self._known_terms(part)
            if not known:
                return None
            terms.append(known[0])
        return tuple(terms)

    def _unit_uncached(self, word: str) -> Unit:
        """The unit of a word read on its own (not hyphenated, not joined with a neighbour)."""
        return Unit(word, self._readings(word))

    def _readings_uncached(self, word: str) -> tuple[Alternative, ...]:
        """The word's readings: its known terms, its compound parts, and for a word the index does
        not know, known words a typo away."""
        readings = [Alternative((t,), 1.0) for t in self._known_terms(word)]
        parts = self._splitter.split(word, max_parts=3) if len(word) >= 2 * MIN_PART else None
        part_terms = self._part_terms(parts) if parts else None
        known = bool(readings)
        if part_terms:
            weight = PARTS_OF_KNOWN_WORD if known else PARTS_OF_UNKNOWN_WORD
            readings.append(Alternative(part_terms, weight))
        if not known:
            # Also when the word splits: "oppstartverktoyet" is a slip for "oppstartsverktoyet".
            for correction in self._typos.corrections(word):
                readings.extend(
                    Alternative((t,), correction.weight) for t in self._known_terms(correction.word)
                )
        return tuple(readings)
