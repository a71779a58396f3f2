"""Norwegian compound words, split against the knowledge base's own vocabulary.

"behovskartlegging" is "behov" + linking "s" + "kartlegging"; "tjenesteinnovasjon" is "tjeneste" +
"innovasjon". A word splits only into words the knowledge base itself uses, so the splitter needs
no dictionary and never invents parts; among possible splits it prefers the one whose parts are
most common (Koehn and Knight's frequency rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from math import prod

MIN_PART = 4
# Norwegian joins compound parts directly or with a linking -s- or -e-.
_LINKERS = ("", "s", "e")


class CompoundSplitter:
    """Splits words into parts that occur on their own in `vocabulary` (word -> frequency)."""

    def __init__(
        self, vocabulary: Mapping[str, int], min_part: int = MIN_PART, max_parts: int = 3
    ) -> None:
        self._vocab = vocabulary
        self._min = min_part
        self._max_parts = max_parts

    def split(self, word: str) -> tuple[str, ...] | None:
        """The best split of `word` into two or more known parts, or None."""
        best = self._best(word, self._max_parts)
        return best[1] if best and len(best[1]) > 1 else None

    def _best(self, word: str, parts_left: int) -> tuple[float, tuple[str, ...]] | None:
        candidates: list[tuple[float, tuple[str, ...]]] = []
        if word in self._vocab and parts_left < self._max_parts:
            candidates.append((float(self._vocab[word]), (word,)))
        if parts_left >= 2:
            for cut in range(self._min, len(word) - self._min + 1):
                head = word[:cut]
                if head not in self._vocab:
                    continue
                for linker in _LINKERS:
                    if not word.startswith(linker, cut):
                        continue
                    tail = word[cut + len(linker) :]
                    if len(tail) < self._min:
                        continue
                    rest = self._best(tail, parts_left - 1)
                    if rest is None:
                        continue
                    parts = (head, *rest[1])
                    freqs = [self._vocab.get(p, 1) for p in parts]
                    candidates.append((prod(freqs) ** (1 / len(parts)), parts))
        if not candidates:
            return None
        return max(candidates, key=lambda c: (c[0], -len(c[1])))
