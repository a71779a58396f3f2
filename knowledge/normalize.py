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
# The same spellings for the upper-case letters: applied before lower-casing, they leave most texts
# ASCII, and lower-casing ASCII is several times faster (the result is the same).
_LETTERS_ANY_CASE = _LETTERS + tuple(
    (letter.upper(), spelling) for letter, spelling in _LETTERS if letter.upper() != letter
)
_COMBINING = re.compile(r"[\u0300-\u036f]")
_WORD = re.compile(r"[a-z0-9]{2,}")
# Possessive quantifiers and a word-start anchor: no backtracking on long texts.
_HYPHENATED = re.compile(r"(?<![a-z0-9])[a-z0-9]++(?:-[a-z0-9]++)+")
_HYPHENATED_OR_WORD = re.compile(r"[a-z0-9]++(?:-[a-z0-9]++)*")
MAX_QUERY_WORDS = 64
_WORD_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789"  # as in _WORD
_NOT_WORD_TO_SPACE = str.maketrans(
    {chr(c): " " for c in range(128) if chr(c) not in _WORD_CHARACTERS}
)
_SINGLE_CHARACTERS = frozenset(_WORD_CHARACTERS)


def fold(text: str) -> str:
    """Lower-case `text` and spell æ/ø/å (and their ae/oe/aa stand-ins) one way, in ASCII."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        text = text.lower()
    else:
        for letter, spelling in _LETTERS_ANY_CASE:
            if letter in text:
                text = text.replace(letter, spelling)
        text = text.lower()
        if not text.isascii():
            # Still letters left: as before lower-casing (lower() may have made table letters).
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
    """How often each word of `words(text)` occurs, in order of first occurrence (the index's
    view of a field; a new dict)."""
    folded = fold(text)
    if not folded.isascii():
        return Counter(words(text))
    # Same words as `words`, found faster for a long ASCII text: every character that is not a
    # letter or digit becomes a space, then split; one-letter words are dropped after counting.
    counts = Counter(folded.translate(_NOT_WORD_TO_SPACE).split())
    for single in _SINGLE_CHARACTERS.intersection(counts):
        dict.__delitem__(counts, single)
    if "-" in folded:
        counts.update(m.replace("-", "") for m in _HYPHENATED.findall(folded))
    return counts
