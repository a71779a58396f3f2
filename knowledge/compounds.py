"""Norwegian compound words, split against the knowledge base's own vocabulary.

"behovskartlegging" is "behov" + linking "s" + "kartlegging"; "tjenesteinnovasjon" is "tjeneste" +
"innovasjon". A word splits only into words the knowledge base itself uses, so the splitter needs
no dictionary and never invents parts; among possible splits it prefers the one whose parts are
most common (Koehn and Knight's frequency rule).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

MIN_PART = 4
# Norwegian joins compound parts directly or with a linking -s- or -e-.
_LINKERS = ("", "s", "e")


class CompoundSplitter:
    """Splits words into parts that occur on their own in `vocabulary` (word -> frequency)."""

    def __init__(self, vocabulary: Mapping[str, int], min_part: int = MIN_PART) -> None:
        self._vocab = vocabulary
        self._min = min_part

    def split(self, word: str, max_parts: int = 2) -> tuple[str, ...] | None:
        """The best split of `word` into two (up to `max_parts`) known parts, or None."""
        best = self._best(word, max_parts)
        return best[1] if best else None

    def _best(self, word: str, max_parts: int) -> tuple[float, tuple[str, ...]] | None:
        vocab, low = self._vocab, self._min
        best: tuple[float, tuple[str, ...]] | None = None
        candidate: tuple[float, tuple[str, ...]]
        for cut in range(low, len(word) - low + 1):
            head = word[:cut]
            head_freq = vocab.get(head)
            if head_freq is None:
                continue
            for linker in _LINKERS:
                if not word.startswith(linker, cut):
                    continue
                tail = word[cut + len(linker) :]
                if len(tail) < low:
                    continue
                tail_freq = vocab.get(tail)
                if tail_freq is not None:
                    candidate = (math.sqrt(head_freq * tail_freq), (head, tail))
                elif max_parts > 2:
                    rest = self._best(tail, max_parts - 1)
                    if rest is None:
                        continue
                    freq = head_freq * rest[0] ** len(rest[1])
                    candidate = (freq ** (1 / (1 + len(rest[1]))), (head, *rest[1]))
                else:
                    continue
                if best is None or (candidate[0], -len(candidate[1])) > (best[0], -len(best[1])):
                    best = candidate
        return best
