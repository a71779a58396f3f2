"""Which checklist a user means: slug, title or alias in either language, typos and all."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from knowledge.model import Checklist

# A confident fuzzy match must be this good, and this far ahead of the runner-up.
MATCH_SCORE = 84.0
MATCH_MARGIN = 8.0
MAX_SUGGESTIONS = 3
NEAR_SCORE = 50.0  # below this a name is not "near" anything; offer every checklist instead
_FILLER = frozenset(
    {"the", "a", "an", "for", "om", "til", "to", "sjekkliste", "sjekklista", "sjekklisten", "checklist"}
)
_FOLD = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u", "é": "e", "è": "e"}
)


def fold(text: str) -> str:
    """Lowercase, æøå folded the way people type without them, punctuation gone, fillers dropped."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    text = text.replace("aa", "a").replace("oe", "o")
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _FILLER]
    return " ".join(words)


@dataclass(frozen=True)
class Resolution:
    """The checklist meant, or the candidates to offer (nearest first) when it is unclear."""

    match: Checklist | None
    candidates: tuple[Checklist, ...] = ()
    ambiguous: bool = False
    near: bool = True  # False: nothing came close, `candidates` is simply every checklist


def _names(checklist: Checklist) -> set[str]:
    names = {
        checklist.slug,
        checklist.slug.replace("-", " "),
        checklist.title,
        checklist.title_en,
        *checklist.aliases,
    }
    return {folded for folded in (fold(n) for n in names) if folded}


def _score(query: str, names: Iterable[str]) -> float:
    compact = query.replace(" ", "")
    best = 0.0
    for name in names:
        best = max(best, fuzz.ratio(query, name), fuzz.ratio(compact, name.replace(" ", "")))
    return best


def resolve(checklists: Mapping[str, Checklist], query: str) -> Resolution:
    """Resolve `query` to one checklist; exact names win, then unique prefixes, then close typos."""
    q = fold(query)
    if not q or not checklists:
        return Resolution(None, tuple(checklists.values()), near=False)
    names = {slug: _names(c) for slug, c in checklists.items()}
    exact = [checklists[s] for s, ns in names.items() if q in ns]
    if len(exact) == 1:
        return Resolution(exact[0])
    if len(exact) > 1:
        return Resolution(None, tuple(exact), ambiguous=True)
    if len(q) >= 4:
        prefixed = [checklists[s] for s, ns in names.items() if any(n.startswith(q) for n in ns)]
        if len(prefixed) == 1:
            return Resolution(prefixed[0])
        if len(prefixed) > 1:
            return Resolution(None, tuple(prefixed), ambiguous=True)
    ranked = sorted(((_score(q, ns), s) for s, ns in names.items()), key=lambda x: (-x[0], x[1]))
    best_score, best_slug = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    if best_score >= MATCH_SCORE and best_score - runner_up >= MATCH_MARGIN:
        return Resolution(checklists[best_slug])
    close = [checklists[s] for score, s in ranked if score >= MATCH_SCORE]
    if len(close) > 1:
        return Resolution(None, tuple(close[:MAX_SUGGESTIONS]), ambiguous=True)
    near = [checklists[s] for score, s in ranked if score >= NEAR_SCORE]
    if not near:
        return Resolution(None, tuple(checklists.values()), near=False)
    return Resolution(None, tuple(near[:MAX_SUGGESTIONS]))
