"""Typo tolerance: maps a word the knowledge base does not know to known words a keystroke or two away.

Matching runs against the vocabulary (tens of thousands of words even for a large knowledge base),
never against the documents, and only against words of about the same length.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_LENGTH = 5


@dataclass(frozen=True)
class Correction:
    """A known word close to what was typed, and how much to trust the match (0..1)."""

    word: str
    distance: int
    weight: float


def max_distance(length: int) -> int:
    """Edits allowed for a word of `length`: none below five letters, one up to seven, then two."""
    if length < MIN_LENGTH:
        return 0
    return 1 if length <= 7 else 2


class TypoMatcher:
    """Finds the closest vocabulary words (optimal string alignment: a swap counts as one edit)."""

    def __init__(self, vocabulary: Mapping[str, int]) -> None:
        self._freq = vocabulary
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in vocabulary:
            if len(word) >= MIN_LENGTH - 1 and not word.isdigit():
                by_length[len(word)].append(word)
        self._by_length = dict(by_length)

    def corrections(self, word: str, limit: int = 2) -> list[Correction]:
        """Up to `limit` known words within the allowed edits, closest and most common first."""
        allowed = max_distance(len(word))
        if allowed == 0 or word.isdigit():
            return []
        found: list[tuple[int, int, str]] = []
        for length in range(len(word) - allowed, len(word) + allowed + 1):
            choices = self._by_length.get(length)
            if not choices:
                continue
            for candidate, distance, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=allowed, limit=8
            ):
                found.append((int(distance), -self._freq.get(candidate, 0), candidate))
        found.sort()
        return [
            Correction(candidate, distance, self.weight(len(word), distance))
            for distance, _, candidate in found[:limit]
        ]

    @staticmethod
    def weight(length: int, distance: int) -> float:
        """Trust in a correction: one slip in a long word is nearly certain, in a short word less so."""
        return max(0.0, 1.0 - 1.5 * distance / length)
