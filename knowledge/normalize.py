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
    # Common typographic marks: spaces now, so most texts skip the slower accent removal below.
    ("–", " "), ("—", " "), ("«", " "), ("»", " "), ("“", " "), ("”", " "), ("→", " "),
    ("§", " "), ("…", " "),
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


def count_words(text: str) -> dict[str, int]:
    """How often each word of `words(text)` occurs (the index's view of a field; a new dict)."""
    return Counter(words(text))
