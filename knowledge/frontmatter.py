"""Article front matter in its common, simple shape, read without a YAML parser.

Building YAML nodes and Python objects for every key costs most of the load time of a large
knowledge folder, while nearly all front matter is `key: value` lines, one-line `[a, b]` lists and
`  - item` lists of plain or simply quoted text. `read_simple` reads exactly that shape and gives
the same values as the YAML loader would; on anything else (comments, blank lines, escapes,
multi-line values, anchors, numbers, booleans, duplicate keys...) it returns None and the caller
parses the header as YAML, with YAML's own checks and error lines.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

# The tags the YAML loader infers for plain words, read from the loader class (not copied).
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Characters YAML does not accept in a stream, line breaks other than "\n" (YAML also breaks
# lines at U+0085, U+2028 and U+2029), tabs, and the byte order mark.
_UNUSUAL = re.compile(
    "[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# A plain (unquoted) value may not start with these in YAML, or starts something else.
_PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
# Left to YAML even where they might be plain: keeps the accepted shape well inside what the
# C and the pure-Python YAML scanners read alike.
_BRACKETS = re.compile(r"[\[\]{}]")
_FLOW_REFUSED = re.compile(r"[\t#:?\[\]{}'\"]")
_DECLINED = object()


def read_simple(header: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The front matter's mapping and each key's 0-based line, or None to leave it to YAML."""
    if not header or _UNUSUAL.search(header):
        return None
    meta: dict[str, Any] = {}
    key_line: dict[str, int] = {}
    items: list[str] | None = None  # the block list after a bare `key:`, while it is read
    items_indent = -1
    name = ""
    # (String methods rather than regular expressions: this runs for every line of every article.)
    for number, line in enumerate(header.split("\n")):
        if line[:1] in (" ", "-"):
            # A list item: only after a bare `key:`, all at one indentation, text values.
            dash = line.lstrip(" ")
            indent = len(line) - len(dash)
            if items is None or dash[:2] != "- " or items_indent not in (-1, indent):
                return None
            items_indent = indent
            value = _scalar(dash[2:].strip(" "))
            if value.__class__ is not str:
                return None
            if not items:
                meta[name] = items
            items.append(value)
            continue
        name, colon, rest = line.partition(":")
        if not (colon and name.isidentifier() and name.isascii()) or rest[:1] not in ("", " "):
            return None
        if name in meta or _tag(name) != _STR:
            return None
        raw = rest.strip(" ")
        if not raw:
            # `key:` alone is null, unless list items follow.
            value, items, items_indent = None, [], -1
        else:
            value = _flow_list(raw) if raw[0] == "[" else _scalar(raw)
            items = None
            if value is _DECLINED:
                return None
        meta[name], key_line[name] = value, number
    return meta, key_line


def _scalar(raw: str) -> Any:
    """A one-line value in block context: quoted text, or a plain word YAML reads as text or date."""
    if not raw:
        return _DECLINED
    first = raw[0]
    if first in "'\"":
        # Quoted without escapes or inner quotes: the text between the quotes, as written.
        inner = raw[1:-1]
        if len(raw) < 2 or raw[-1] != first or first in inner or "\\" in inner:
            return _DECLINED
        return inner
    if (
        first in _PLAIN_FIRST
        or ": " in raw
        or " #" in raw
        or raw[-1] == ":"
        or _BRACKETS.search(raw)
    ):
        return _DECLINED
    return _plain(raw)


def _flow_list(raw: str) -> Any:
    """`[a, b, c]` of plain words on one line."""
    if not raw.endswith("]"):
        return _DECLINED
    inner = raw[1:-1]
    if _FLOW_REFUSED.search(inner):
        return _DECLINED
    if not inner.strip(" "):
        return []
    items = []
    for part in inner.split(","):
        word = part.strip(" ")
        if not word or word[0] in _PLAIN_FIRST:
            return _DECLINED
        value = _plain(word)
        if not isinstance(value, str):
            return _DECLINED
        items.append(value)
    return items


def _plain(word: str) -> Any:
    """A plain word as YAML constructs it: text, a date, or declined (numbers, booleans, null...)."""
    tag = _tag(word)
    if tag == _STR:
        return word
    if tag == _TIMESTAMP:
        day = _DATE.fullmatch(word)
        if day is not None:
            try:
                return date(int(day.group(1)), int(day.group(2)), int(day.group(3)))
            except ValueError:
                return _DECLINED
    return _DECLINED


def _tag(word: str) -> str:
    """The tag YAML's resolver gives a plain scalar (its implicit resolvers, keyed by first letter)."""
    for tag, pattern in _YamlLoader.yaml_implicit_resolvers.get(word[0] if word else "", ()):
        if pattern.match(word):
            return str(tag)
    return _STR
