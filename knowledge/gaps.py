"""Groups unanswered questions by similarity, so many phrasings of one missing topic show as one.

Questions are compared by their meaningful words as the search reads them: folded (æ/ø/å and
their stand-ins), stop words and request filler dropped, stemmed in both languages, compounds
also as their parts ("foreldrepermisjon" meets "permisjon for foreldre"), and stems a typo apart
counted as the same. Each question joins the group whose members it overlaps most (IDF-weighted
Dice over those words), if the overlap reaches the threshold; rarer words weigh more.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.analysis import Analyzer
from knowledge.compounds import MIN_PART, CompoundSplitter
from knowledge.normalize import words
from knowledge.stopwords import STOPWORDS

DEFAULT_THRESHOLD = 0.5
# Members a new question is compared with, per group (the first ones: a group's core).
_COMPARED_MEMBERS = 20
_TYPO_SIMILARITY = 85.0


@dataclass(frozen=True)
class QuestionGroup:
    """Similar questions: one representative phrasing and how many times it was asked."""

    representative: str
    count: int
    examples: tuple[str, ...]


def _signatures(texts: Sequence[str]) -> list[frozenset[str]]:
    """Each question's meaningful stems (its compound words also as their parts)."""
    analyzer = Analyzer()
    all_words = [words(t) for t in texts]
    tokenized = [[w for w in ws if w not in STOPWORDS] for ws in all_words]
    vocabulary = Counter(w for ws in tokenized for w in set(ws))
    splitter = CompoundSplitter(vocabulary)
    out: list[frozenset[str]] = []
    for ws, every in zip(tokenized, all_words, strict=True):
        if not ws:
            # Nothing but filler ("hei", "takk"): such questions group by their exact words.
            out.append(frozenset("=" + w for w in every))
            continue
        stems: set[str] = set()
        for word in ws:
            stems.add(analyzer.nb_stem(word))
            stems.add(analyzer.en_stem(word))
            if len(word) >= 2 * MIN_PART:
                stems.update(analyzer.nb_stem(p) for p in splitter.split(word) or ())
        out.append(frozenset(stems))
    return out


class _Similarity:
    def __init__(self, signatures: Sequence[frozenset[str]]) -> None:
        df = Counter(s for sig in signatures for s in sig)
        n = max(1, len(signatures))
        self._idf = {s: math.log(1 + n / d) for s, d in df.items()}

    def weight(self, stems: frozenset[str]) -> float:
        return sum(self._idf.get(s, 1.0) for s in stems)

    def __call__(self, a: frozenset[str], b: frozenset[str]) -> float:
        total = self.weight(a) + self.weight(b)
        if not total:
            return 0.0
        shared = self.weight(a & b)
        # Stems a typo apart ("passord", "pasord") count as shared, at most once each.
        for x in a - b:
            if len(x) >= 5 and any(fuzz.ratio(x, y) >= _TYPO_SIMILARITY for y in b - a):
                shared += self._idf.get(x, 1.0)
        return 2 * shared / total


def group_questions(
    texts: Sequence[str], threshold: float = DEFAULT_THRESHOLD
) -> list[QuestionGroup]:
    """Cluster `texts` by shared meaningful words; biggest groups first."""
    kept = [t for t in texts if t.strip()]
    signatures = _signatures(kept)
    similarity = _Similarity(signatures)
    groups: list[list[int]] = []
    for i, sig in enumerate(signatures):
        if not sig:  # no words at all (emoji, punctuation)
            groups.append([i])
            continue
        best, best_score = None, threshold
        for g, members in enumerate(groups):
            score = max(
                (similarity(sig, signatures[m]) for m in members[:_COMPARED_MEMBERS]), default=0.0
            )
            if score >= best_score:
                best, best_score = g, score
        if best is None:
            groups.append([i])
        else:
            groups[best].append(i)
    result = []
    for members in groups:
        phrasings = [kept[m] for m in members]
        representative = Counter(phrasings).most_common(1)[0][0]
        examples = tuple(dict.fromkeys(phrasings))[:3]
        result.append(
            QuestionGroup(representative=representative, count=len(members), examples=examples)
        )
    return sorted(result, key=lambda g: (-g.count, g.representative))
