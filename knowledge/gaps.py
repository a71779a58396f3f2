"""Groups unanswered questions by similarity, so many phrasings of one missing topic show as one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz


@dataclass(frozen=True)
class QuestionGroup:
    """Similar questions: one representative phrasing and how many times it was asked."""

    representative: str
    count: int
    examples: tuple[str, ...]


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def group_questions(texts: Sequence[str], threshold: float = 70.0) -> list[QuestionGroup]:
    """Cluster `texts` greedily by token-set similarity; biggest groups first."""
    groups: list[tuple[str, list[str]]] = []
    for text in texts:
        key = _key(text)
        if not key:
            continue
        for rep_key, members in groups:
            if fuzz.token_set_ratio(key, rep_key) >= threshold:
                members.append(text)
                break
        else:
            groups.append((key, [text]))
    result = [
        QuestionGroup(representative=members[0], count=len(members), examples=tuple(dict.fromkeys(members))[:3])
        for _, members in groups
    ]
    return sorted(result, key=lambda g: (-g.count, g.representative))
