"""Text normalisation for search: one folded, ASCII spelling per word, whatever the keyboard.

Users type "møter", "moter" and "moeter", "læring" and "laering", "på" and "paa"; all of them must
meet the same index term, so every text (articles and questions alike) goes through `fold`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Norwegian letters first, then the neighbours' letters people paste in; the rest lose accents.
# (Chained str.replace: str.translate to multi-letter strings is slow on long article bodies.)
_LETTERS = (
    ("æ", "ae"), ("ø", "o"), ("å", "a"), ("ä", "ae"), ("ö", "o"), ("ü", "u"), ("ß", "ss"),
    ("’", "'"), ("‐", "-"), ("‑", "-"),
)  # fmt: skip
_COMBINING = re.compile(r"[\u0300-\u036f]")
_WORD = re.compile(r"[a-z0-9]{2,}")
# Possessive quantifiers and a word-start anchor: no backtracking on long texts.
_HYPHENATED = re.compile(r"(?<![a-z0-9])[a-z0-9]++(?:-[a-z0-9]++)+")
_HYPHENATED_OR_WORD = re.compile(r"[a-z0-9]++(?:-[a-z0-9]++)*")
MAX_QUERY_WORDS = 64


def fold(text: str) -> str:
    """Lower-case `text` and spell æ/ø/å (and their ae/oe/aa stand-ins) one way, in ASCII."""
    text = unicodedata.normalize("NFKC", text).lower()
    if not text.isascii():
        for letter, spelling in _LETTERS:
            if letter in text:
                text = text.replace(letter, spelling)
        if not text.isascii():
            text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    # Keyboards without æøå write them as digraphs; fold those the same way as the letters.
    return text.replace("aa", "a").replace("oe", "o")


def words(text: str) -> list[str]:
    """The folded words of `text` (two characters or more), plus each hyphenated word joined.

    "en-til-en" gives "en", "til", "en", "entilen"; "e-handel" gives "handel", "ehandel".
    """
    folded = fold(text)
    found = _WORD.findall(folded)
    if "-" in folded:
        found.extend(m.replace("-", "") for m in _HYPHENATED.findall(folded))
    return found


def query_words(text: str) -> list[list[str]]:
    """The words of a question in order, each hyphenated word as its list of parts.

    Order matters for a question (adjacent words may form a compound), so parts stay together.
    At most MAX_QUERY_WORDS words are read: a 20 000-character message costs no more than a long
    question.
    """
    out: list[list[str]] = []
    for match in _HYPHENATED_OR_WORD.finditer(fold(text)):
        parts = [p for p in match.group(0).split("-") if p]
        out.append(parts)
        if len(out) >= MAX_QUERY_WORDS:
            break
    return out


_RAW_WORD = re.compile(r"[^\W_]{2,}")
_RAW_HYPHENATED = re.compile(r"(?<![^\W_])[^\W_]++(?:[-‐‑][^\W_]++)+")
_RAW_HYPHEN = re.compile(r"[-‐‑]")
_CLEAN = re.compile(r"[a-z0-9]{2,}")


class _FoldedWords(dict[str, str]):
    """Memo of raw word -> folded word ("" when it does not fold into one clean word)."""

    def __missing__(self, raw: str) -> str:
        folded = fold(raw)
        folded = folded if _CLEAN.fullmatch(folded) else ""
        self[raw] = folded
        return folded


class WordCounter:
    """Counts the folded words of long texts, as `words` finds them, but faster.

    Folding every article body character by character dominates a large index build, so this
    splits the lower-cased text first and folds each distinct word once (memoised per instance;
    looked up through the dict's C-level __getitem__).
    """

    def __init__(self) -> None:
        self._folded = _FoldedWords()

    def __call__(self, text: str) -> dict[str, int]:
        lowered = unicodedata.normalize("NFKC", text).lower()
        raw = Counter(_RAW_WORD.findall(lowered))
        folded = dict(zip(map(self._folded.__getitem__, raw), raw.values(), strict=True))
        if len(folded) != len(raw) or "" in folded:
            folded = {}
            for word, count in raw.items():
                clean = self._folded[word]
                for part in (clean,) if clean else _WORD.findall(fold(word)):
                    folded[part] = folded.get(part, 0) + count
        if "-" in lowered or "‐" in lowered or "‑" in lowered:
            # Joined after folding, as `words` does: "zero-emission" -> "zeroemission".
            for match in _RAW_HYPHENATED.findall(lowered):
                joined = _RAW_HYPHEN.sub("", fold(match))
                if len(joined) > 1:
                    folded[joined] = folded.get(joined, 0) + 1
        return folded
